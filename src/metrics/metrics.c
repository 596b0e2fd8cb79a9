/*
 * metrics.c — the review data of one period (metrics.h): runs the named
 * queries in queries/metrics/ and puts their rows into one JSON tree.
 *
 * What is counted and how, and in which unit, lives in the SQL files (users
 * can override them with --share): a query names its output columns, the
 * unit in the name (ttr_median_min AS minutes(…)), and each row reaches the
 * JSON by the one path a user's own query takes too (metrics_json.c). This
 * file binds parameters, checks that each query returns the columns its C
 * code reads (totals, postmortem counts, ranks, groups), and adds what is
 * computed from them (changes, rates, lists). Before the queries it fills
 * the review scope (queries/exclusions.sql, queries/review-scope.sql): the
 * temporary views every query reads, without maintenance, tests and game
 * days. Half the sections are computed on a second connection, on the
 * second core (metrics_side.c). Headline rows are built in
 * metrics_headline.c, periods and time zones in metrics_period.c,
 * significance tests in metrics_sig.c. It never prints.
 */
#include "recur/metrics.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/share.h"
#include "recur/sqlfunc.h"
#include "recur/timeutil.h"
#include "recur/version.h"
#include "metrics_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QDIR "queries/metrics/"

double recur_metrics_round1(double x)
{
	return round(x * 10.0) / 10.0;
}

double recur_metrics_minutes(double seconds)
{
	/* 0.1 min = 6 s: dividing by 6 keeps ties of whole seconds exact, so
	 * round() rounds them half away from zero as DESIGN.md asks */
	return round(seconds / 6.0) / 10.0;
}

const char *recur_metrics_direction(double change)
{
	return change > 0 ? "up" : change < 0 ? "down" : "flat";
}

static struct recur_json *null_value(void)
{
	return recur_json_new(RECUR_JSON_NULL);
}

#define get recur_metrics_cell

static int is_num(const struct recur_cell *c)
{
	return c->type == RECUR_CELL_INT || c->type == RECUR_CELL_REAL;
}

static long long get_int(const struct recur_table *t, size_t row, const char *col)
{
	const struct recur_cell *c = get(t, row, col);

	return is_num(c) ? (long long)c->num : 0;
}

/* 100 * part / whole rounded to 0.1, or null when whole is 0. */
static struct recur_json *percent(long long part, long long whole)
{
	if (!whole)
		return null_value();
	return recur_json_new_number(round(1000.0 * (double)part / (double)whole) / 10.0);
}

/* ---- sections ---- */

/* The columns of totals.sql the C code reads: it derives changes and rates. */
static const char *const totals_need[] = {
	"incidents", "prev_incidents", "ly_incidents", "sev12", "prev_sev12", "ly_sev12",
	"linked", "prev_linked", "ly_linked", "excluded", "prev_excluded", "all_incidents",
	"_first_opened_at", NULL,
};

/* Adds the keys of row that o lacks, in row's order: the columns a query
 * returns beyond those its C code shapes reach the output too. */
static void add_rest(struct recur_json *o, struct recur_json *row)
{
	size_t i;

	for (i = 0; i < row->n; i++)
		if (!recur_json_get(o, row->keys[i])) {
			recur_json_set(o, row->keys[i], row->items[i]);
			row->items[i] = NULL;
		}
}

/* Sets obj[key] to null: a figure of a period the data does not reach. */
static void no_figure(struct recur_json *obj, const char *key)
{
	recur_json_set(obj, key, null_value());
}

/*
 * A year-earlier period before the oldest incident has no figures, not
 * zeros: "0 incidents a year ago" would be a claim the data cannot make.
 */
static void drop_ly(struct recur_json *o)
{
	static const char *const keys[] = {
		"ly_incidents", "ly_change", "ly_change_pct", "ly_sev12", "ly_linked",
		"ly_repeat_rate_pct",
	};
	size_t i;

	for (i = 0; i < NFIELDS(keys); i++)
		no_figure(o, keys[i]);
	recur_json_set_string(o, "ly_direction", "flat");
	recur_json_set(o, "ly_covered", recur_json_new_bool(0));
}

static struct recur_json *totals(struct recur_metrics_run *q)
{
	struct recur_table *t;
	struct recur_json *o;
	const struct recur_cell *first;
	long long cur, prev, ly;

	struct recur_json *row;

	if (recur_metrics_query(q, "totals", totals_need, 1, &t))
		return NULL;
	cur = get_int(t, 0, "incidents");
	prev = get_int(t, 0, "prev_incidents");
	ly = get_int(t, 0, "ly_incidents");
	o = recur_json_new(RECUR_JSON_OBJECT);
	recur_json_set_number(o, "incidents", (double)cur);
	recur_json_set_number(o, "prev_incidents", (double)prev);
	recur_json_set_number(o, "change", (double)(cur - prev));
	recur_json_set(o, "change_pct", percent(cur - prev, prev));
	recur_json_set_string(o, "direction", recur_metrics_direction((double)(cur - prev)));
	recur_json_set_number(o, "ly_incidents", (double)ly);
	recur_json_set_number(o, "ly_change", (double)(cur - ly));
	recur_json_set(o, "ly_change_pct", percent(cur - ly, ly));
	recur_json_set_string(o, "ly_direction", recur_metrics_direction((double)(cur - ly)));
	recur_json_set_number(o, "sev12", (double)get_int(t, 0, "sev12"));
	recur_json_set_number(o, "prev_sev12", (double)get_int(t, 0, "prev_sev12"));
	recur_json_set_number(o, "ly_sev12", (double)get_int(t, 0, "ly_sev12"));
	recur_json_set_number(o, "linked", (double)get_int(t, 0, "linked"));
	recur_json_set(o, "repeat_rate_pct", percent(get_int(t, 0, "linked"), cur));
	recur_json_set_number(o, "prev_linked", (double)get_int(t, 0, "prev_linked"));
	recur_json_set(o, "prev_repeat_rate_pct", percent(get_int(t, 0, "prev_linked"), prev));
	recur_json_set_number(o, "ly_linked", (double)get_int(t, 0, "ly_linked"));
	recur_json_set(o, "ly_repeat_rate_pct", percent(get_int(t, 0, "ly_linked"), ly));
	recur_json_set_number(o, "excluded", (double)get_int(t, 0, "excluded"));
	recur_json_set_number(o, "prev_excluded", (double)get_int(t, 0, "prev_excluded"));
	recur_json_set_number(o, "all_incidents", (double)get_int(t, 0, "all_incidents"));
	recur_json_set(o, "ly_covered", recur_json_new_bool(1));
	first = get(t, 0, "_first_opened_at");
	if (!is_num(first) || (long long)first->num >= q->per.ly.end)
		drop_ly(o);
	row = recur_metrics_json_row(t, 0);
	add_rest(o, row);
	recur_json_free(row);
	recur_table_free(t);
	return o;
}

/* services (top by count) and services_by_impact from one query. */
static int services(struct recur_metrics_run *q, int top, struct recur_json **by_count,
		    struct recur_json **by_impact)
{
	static const char *const rank[] = { "_rank_count", "_rank_impact", NULL };
	struct recur_metrics_cols *cols;
	struct recur_table *t;
	size_t r, k, n = 0;
	size_t *order;

	if (recur_metrics_query(q, "by-service", rank, 0, &t))
		return -1;
	cols = recur_metrics_cols_new((const char *const *)t->cols, t->ncols);
	*by_count = recur_json_new(RECUR_JSON_ARRAY);
	*by_impact = recur_json_new(RECUR_JSON_ARRAY);
	order = xcalloc(t->nrows + 1, sizeof(*order));
	for (r = 0; r < t->nrows; r++) {
		long long rc = get_int(t, r, "_rank_count"), ri = get_int(t, r, "_rank_impact");

		if (rc <= top)
			recur_json_push(*by_count,
					recur_metrics_cols_object(cols, recur_table_cell(t, r, 0)));
		if (ri >= 1 && ri <= top && (size_t)ri <= t->nrows) {
			order[ri - 1] = r + 1;
			n++;
		}
	}
	for (k = 0; k < t->nrows; k++)
		if (order[k])
			recur_json_push(*by_impact, recur_metrics_cols_object(
						cols, recur_table_cell(t, order[k] - 1, 0)));
	free(order);
	recur_metrics_cols_free(cols);
	recur_table_free(t);
	(void)n;
	return 0;
}

/* Data whose titles are codes: the files, and the top categories that
 * stand in for problems (none read when no file has such titles). */
static int title_codes(struct recur_metrics_run *q, struct recur_json **files,
		       struct recur_json **categories)
{
	*files = recur_metrics_query_rows(q, "title-codes", NULL);
	if (!*files)
		return -1;
	if (!(*files)->n) {
		*categories = recur_json_new(RECUR_JSON_ARRAY);
		return 0;
	}
	*categories = recur_metrics_query_rows(q, "by-category", NULL);
	return *categories ? 0 : -1;
}

static struct recur_json *quality(struct recur_metrics_run *q)
{
	struct recur_json *o = recur_metrics_query_row(q, "data-quality", NULL);
	struct recur_json *r;

	if (!o)
		return NULL;
	if (!(r = recur_metrics_query_rows(q, "rejects", NULL))) {
		recur_json_free(o);
		return NULL;
	}
	recur_json_set(o, "rejects_by_field", r);
	return o;
}

struct recur_json *recur_metrics_count_reasons(const struct recur_json *rows, const char *missing)
{
	struct recur_json *by = recur_json_new(RECUR_JSON_ARRAY);
	size_t i, k;

	/* few distinct reasons (rules, exclusion patterns), so a linear search */
	for (i = 0; i < rows->n; i++) {
		const struct recur_json *r = recur_json_get(rows->items[i], "reason");
		const char *reason = r && r->type == RECUR_JSON_STRING ? r->str : missing;

		for (k = 0; k < by->n; k++)
			if (!strcmp(recur_json_get(by->items[k], "reason")->str, reason))
				break;
		if (k == by->n) {
			struct recur_json *e = recur_json_push(by, recur_json_new(RECUR_JSON_OBJECT));

			recur_json_set_string(e, "reason", reason);
			recur_json_set_number(e, "count", 0);
		}
		recur_json_get(by->items[k], "count")->num += 1;
	}
	return by;
}

/* {count, by_reason: [{reason, count}], incidents: […]} */
static struct recur_json *excluded(struct recur_metrics_run *q)
{
	struct recur_json *list = recur_metrics_query_rows(q, "excluded", NULL);
	struct recur_json *o;

	if (!list)
		return NULL;
	o = recur_json_new(RECUR_JSON_OBJECT);
	recur_json_set_number(o, "count", (double)list->n);
	recur_json_set(o, "by_reason", recur_metrics_count_reasons(list, ""));
	recur_json_set(o, "incidents", list);
	return o;
}

/*
 * {sev12, with_postmortem, coverage_pct, missing: [incidents without one],
 * incidents: [all]}; the lists keep their first q->list_max rows, the counts
 * are of all (a month can have 200,000 SEV1–2 alerts).
 */
static struct recur_json *postmortems(struct recur_metrics_run *q)
{
	static const char *const need[] = { "has_postmortem?", NULL };
	struct recur_json *o, *missing, *list;
	struct recur_metrics_cols *cols;
	struct recur_table *t;
	long long with = 0;
	size_t r;

	if (recur_metrics_query(q, "postmortems", need, 0, &t))
		return NULL;
	cols = recur_metrics_cols_new((const char *const *)t->cols, t->ncols);
	o = recur_json_new(RECUR_JSON_OBJECT);
	missing = recur_json_new(RECUR_JSON_ARRAY);
	list = recur_json_new(RECUR_JSON_ARRAY);
	for (r = 0; r < t->nrows; r++) {
		const struct recur_cell *h = get(t, r, "has_postmortem?");
		int has = is_num(h) && h->num != 0; /* as metrics_json.c reads a yes/no */

		with += has;
		if (!has && missing->n < q->list_max)
			recur_json_push(missing, recur_metrics_cols_object(cols, recur_table_cell(t, r, 0)));
		if (list->n < q->list_max)
			recur_json_push(list, recur_metrics_cols_object(cols, recur_table_cell(t, r, 0)));
	}
	recur_metrics_cols_free(cols);
	recur_json_set_number(o, "sev12", (double)t->nrows);
	recur_json_set_number(o, "with_postmortem", (double)with);
	recur_json_set_number(o, "without_postmortem", (double)((long long)t->nrows - with));
	recur_json_set(o, "coverage_pct", percent(with, (long long)t->nrows));
	recur_json_set(o, "missing", missing);
	recur_json_set(o, "incidents", list);
	recur_table_free(t);
	return o;
}

/* {open, overdue, done, total, open_items: […], items: […]} */
static struct recur_json *action_items(struct recur_metrics_run *q)
{
	static const char *const need[] = { "done?", "overdue?", NULL };
	struct recur_json *list = recur_metrics_query_rows(q, "action-items", need);
	struct recur_json *o, *open;
	long long n_open = 0, n_over = 0, n_done = 0;
	size_t i;

	if (!list)
		return NULL;
	o = recur_json_new(RECUR_JSON_OBJECT);
	open = recur_json_new(RECUR_JSON_ARRAY);
	for (i = 0; i < list->n; i++) {
		const struct recur_json *d = recur_json_get(list->items[i], "done");
		const struct recur_json *v = recur_json_get(list->items[i], "overdue");

		if (d && d->type == RECUR_JSON_TRUE) {
			n_done++;
			continue;
		}
		n_open++;
		n_over += v && v->type == RECUR_JSON_TRUE;
		recur_json_push(open, recur_json_clone(list->items[i]));
	}
	recur_json_set_number(o, "total", (double)list->n);
	recur_json_set_number(o, "open", (double)n_open);
	recur_json_set_number(o, "overdue", (double)n_over);
	recur_json_set_number(o, "done", (double)n_done);
	recur_json_set(o, "open_items", open);
	recur_json_set(o, "items", list);
	return o;
}

/* The input files; "file" is the path's last part, so reports do not carry
 * the folder it happened to be imported from. */
static struct recur_json *sources(struct recur_metrics_run *q)
{
	static const char *const need[] = { "path", NULL };
	struct recur_json *a = recur_metrics_query_rows(q, "sources", need);
	size_t i;

	for (i = 0; a && i < a->n; i++) {
		const struct recur_json *p = recur_json_get(a->items[i], "path");
		const char *path = p && p->type == RECUR_JSON_STRING ? p->str : "";
		const char *slash = strrchr(path, '/');

		recur_json_set_string(a->items[i], "file", slash && slash[1] ? slash + 1 : path);
	}
	return a;
}

/* ---- user queries ---- */

static const char *const builtin_queries[] = {
	"action-items", "by-category", "by-service", "by-severity", "data-quality", "durations",
	"excluded", "export-time",
	"incident-actions", "incident-events", "incident-problems", "incident-review",
	"incidents", "coverage", "last-month", "postmortems", "problem-incidents", "problem-review",
	"problem-review-incidents", "problem-review-trend", "problems", "rejects",
	"samples", "sources", "still-open", "title-codes", "totals", "trend",
};

struct names {
	char **v;
	size_t n, cap;
};

static void collect(const char *name, void *ctx)
{
	struct names *ns = ctx;
	const char *base = name + strlen(QDIR);
	size_t len = strlen(base), i;

	if (len < 5 || strcmp(base + len - 4, ".sql") || strchr(base, '/'))
		return;
	for (i = 0; i < NFIELDS(builtin_queries); i++)
		if (strlen(builtin_queries[i]) == len - 4 && !strncmp(builtin_queries[i], base, len - 4))
			return;
	xgrow((void **)&ns->v, &ns->cap, ns->n + 1, sizeof(*ns->v));
	ns->v[ns->n++] = xstrndup(base, len - 4);
}

/*
 * "queries": the rows of every query a user added to queries/metrics/ in the
 * share folder (e.g. SHARE/queries/metrics/oncall.sql → queries.oncall), as
 * the query returns them, so a user's template can show any figure without
 * a change to recur. The built-in queries are the named sections.
 */
static struct recur_json *user_queries(struct recur_metrics_run *q)
{
	struct names ns = { 0 };
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);
	size_t i;

	recur_share_each(QDIR, collect, &ns);
	for (i = 0; i < ns.n; i++) {
		struct recur_json *rows = o ? recur_metrics_query_rows(q, ns.v[i], NULL) : NULL;

		if (rows) {
			recur_json_set(o, ns.v[i], rows);
		} else if (o) {
			recur_json_free(o);
			o = NULL;
		}
		free(ns.v[i]);
	}
	free(ns.v);
	return o;
}

/* ---- problems ---- */

/* The problem object with this id among the listed ones, or NULL. */
static struct recur_json *find_problem(struct recur_json **listed, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct recur_json *pid = recur_json_get(listed[i], "id");

		if (pid && pid->type == RECUR_JSON_STRING && !strcmp(pid->str, id))
			return listed[i];
	}
	return NULL;
}

/* True when the report lists the problem: among the first top of its group. */
static int is_listed(const struct recur_json *p, int top)
{
	const struct recur_json *k = recur_json_get(p, "group_rank");

	return k && k->type == RECUR_JSON_NUMBER && k->num <= (double)top;
}

static const struct {
	const char *key, *title, *count_col;
} problem_groups[] = {
	{ "new", "New", "_new_in_month" },
	{ "ongoing", "Ongoing", "_ongoing_in_month" },
	{ "resolved", "Resolved but recurring", "_resolved_in_month" },
};

/*
 * "problem_groups": the three groups with their counts, and copies of the
 * first top problems of each in rank order (problems.sql), for templates
 * that cannot filter; "more" counts the group's problems past the list.
 */
static struct recur_json *group_problems(const struct recur_json *problems,
					 const struct recur_table *t, int top)
{
	struct recur_json *a = recur_json_new(RECUR_JSON_ARRAY);
	size_t g, i;

	for (g = 0; g < NFIELDS(problem_groups); g++) {
		struct recur_json *o = recur_json_push(a, recur_json_new(RECUR_JSON_OBJECT));
		struct recur_json *list = recur_json_new(RECUR_JSON_ARRAY);
		long long count = t->nrows ? get_int(t, 0, problem_groups[g].count_col) : 0;

		recur_json_set_string(o, "key", problem_groups[g].key);
		recur_json_set_string(o, "title", problem_groups[g].title);
		recur_json_set_number(o, "count", (double)count);
		for (i = 0; i < problems->n; i++) {
			const struct recur_json *k = recur_json_get(problems->items[i], "group");

			if (k && k->type == RECUR_JSON_STRING && !strcmp(k->str, problem_groups[g].key) &&
			    is_listed(problems->items[i], top))
				recur_json_push(list, recur_json_clone(problems->items[i]));
		}
		recur_json_set_number(o, "shown", (double)list->n);
		recur_json_set_number(o, "more", count > (long long)list->n ?
				      (double)(count - (long long)list->n) : 0);
		recur_json_set(o, "problems", list);
	}
	return a;
}

/* The ids of the listed problems as a JSON array into ids, the listed
 * objects (each given an empty "incidents") and the sum of their links. */
static size_t listed_ids(struct recur_json *a, int top, struct recur_buf *ids,
			 struct recur_json **listed, double *links)
{
	size_t r, n = 0;

	*links = 0;
	recur_buf_addch(ids, '[');
	for (r = 0; r < a->n; r++) {
		const struct recur_json *id = recur_json_get(a->items[r], "id");

		if (!is_listed(a->items[r], top) || !id || id->type != RECUR_JSON_STRING)
			continue;
		if (n)
			recur_buf_addch(ids, ',');
		recur_json_write_string(ids, id->str, id->len);
		recur_json_set(a->items[r], "incidents", recur_json_new(RECUR_JSON_ARRAY));
		*links += recur_json_get(a->items[r], "total_count")->num;
		listed[n++] = a->items[r];
	}
	recur_buf_addch(ids, ']');
	return n;
}

/*
 * The recurring problems of the period in rank order (the listed ones, or
 * all when opts->list_max is 0) and their groups. Only the listed problems
 * (the first top of each group) get their incidents: a month can link a
 * million incidents to problems beyond the lists. *in_month is the number
 * of the period's recurring problems.
 */
static int problems(struct recur_metrics_run *q, int top, long long period_incidents,
		    long long *in_month, struct recur_json **out, struct recur_json **groups)
{
	/* what the C code reads: the listed problems' ids, totals and places,
	 * the group counts; the incidents' problem */
	static const char *const need[] = {
		"id", "group", "total_count", "group_rank", "_recurring_in_month",
		"_new_in_month", "_ongoing_in_month", "_resolved_in_month", NULL,
	};
	static const char *const inc_need[] = { "_problem_id", NULL };
	struct recur_metrics_cols *cols = NULL;
	struct recur_table *t = NULL, *inc = NULL;
	struct recur_buf ids = RECUR_BUF_INIT;
	struct recur_json *a = NULL, **listed = NULL;
	size_t r, nlisted;
	double links;
	int rc = -1, failed;

	if (recur_metrics_query(q, "problems", need, 0, &t))
		goto out;
	a = recur_metrics_json(t);
	listed = xcalloc(a->n + 1, sizeof(*listed));
	nlisted = listed_ids(a, top, &ids, listed, &links);
	q->params[q->nparams++] = (struct recur_param){ ":problem_ids", ids.buf, 0 };
	q->params[q->nparams++] = (struct recur_param){ ":by_period", NULL,
							(double)period_incidents < links };
	failed = recur_metrics_query(q, "problem-incidents", inc_need, 0, &inc);
	q->nparams -= 2;
	if (failed)
		goto out;
	*in_month = t->nrows ? get_int(t, 0, "_recurring_in_month") : 0;
	cols = recur_metrics_cols_new((const char *const *)inc->cols, inc->ncols);
	for (r = 0; r < inc->nrows; r++) {
		const struct recur_cell *id = get(inc, r, "_problem_id");
		struct recur_json *p = id->text ? find_problem(listed, nlisted, id->text) : NULL;

		if (p) /* else not listed */
			recur_json_push(recur_json_get(p, "incidents"),
					recur_metrics_cols_object(cols, recur_table_cell(inc, r, 0)));
	}
	*groups = group_problems(a, t, top);
	*out = a;
	a = NULL;
	rc = 0;
out:
	recur_metrics_cols_free(cols);
	recur_json_free(a);
	free(listed);
	recur_table_free(t);
	recur_table_free(inc);
	recur_buf_release(&ids);
	return rc;
}

/* ---- the header and parameters ---- */

static void set_period(struct recur_json *o, const char *prefix, const struct recur_period *p)
{
	char key[48];

	snprintf(key, sizeof(key), "%speriod", prefix);
	recur_json_set_string(o, key, p->key);
	snprintf(key, sizeof(key), "%speriod_name", prefix);
	recur_json_set_string(o, key, p->name);
	snprintf(key, sizeof(key), "%sdays", prefix);
	recur_json_set_number(o, key, (double)(p->end - p->start) / 86400.0);
}

/* The keys before "totals": version, dates, the periods and the trend window. */
static void add_header(struct recur_json *o, const struct recur_metrics_run *q,
		       const struct recur_metrics_opts *opts)
{
	struct recur_json *months = recur_json_new(RECUR_JSON_ARRAY);
	const struct recur_periods *per = &q->per;
	char iso[32], date[16];
	int i;

	recur_time_iso(opts->now, iso);
	recur_metrics_local_date(&q->tz, opts->now, date);
	recur_json_set_string(o, "recur_version", RECUR_VERSION);
	recur_json_set_string(o, "generated_at", iso);
	recur_json_set_string(o, "generated_on", date);
	recur_json_set_string(o, "tz", opts->tz && *opts->tz ? opts->tz : "UTC");
	recur_json_set_string(o, "period_kind", per->cur.nmonths == 3 ? "quarter" : "month");
	/* "month" and "month_name" name the period (kept from version 0.1) */
	recur_json_set_string(o, "month", per->cur.key);
	recur_json_set_string(o, "month_name", per->cur.name);
	recur_json_set_string(o, "prev_month", per->prev.key);
	recur_json_set_string(o, "prev_month_name", per->prev.name);
	set_period(o, "", &per->cur);
	set_period(o, "prev_", &per->prev);
	set_period(o, "ly_", &per->ly);
	for (i = 0; i < 12; i++)
		recur_json_push(months, recur_json_new_string(per->trend[i].key));
	recur_json_set(o, "months", months);
	/* the time still-open incidents are counted at (export-time.sql) */
	if (q->has_export) {
		recur_metrics_local_stamp(&q->tz, q->export_at, iso);
		recur_json_set_number(o, "export_at", (double)q->export_at);
		recur_json_set_string(o, "export_time", iso);
	} else {
		recur_json_set(o, "export_at", null_value());
		recur_json_set(o, "export_time", null_value());
	}
}

/* Binds the periods and the trend window. */
static int set_params(struct recur_metrics_run *q, const struct recur_metrics_opts *opts)
{
	const struct recur_periods *per = &q->per;
	struct recur_buf m = RECUR_BUF_INIT;
	size_t n = 0;
	int i;

	if (recur_metrics_periods(opts->month, &q->tz, &q->per))
		return recur_error_usage(q->err, "bad period '%s': give a month as YYYY-MM "
					 "(2026-10) or a quarter as YYYY-Qn (2026-Q3)",
					 opts->month ? opts->month : "");
	recur_buf_addch(&m, '[');
	for (i = 0; i < 12; i++)
		recur_buf_addf(&m, "%s{\"month\":\"%s\",\"start\":%lld,\"end\":%lld}", i ? "," : "",
			       per->trend[i].key, per->trend[i].start, per->trend[i].end);
	recur_buf_addch(&m, ']');
	q->months_json = recur_buf_detach(&m, NULL);
	q->params[n++] = (struct recur_param){ ":start", NULL, per->cur.start };
	q->params[n++] = (struct recur_param){ ":end", NULL, per->cur.end };
	q->params[n++] = (struct recur_param){ ":prev_start", NULL, per->prev.start };
	q->params[n++] = (struct recur_param){ ":prev_end", NULL, per->prev.end };
	q->params[n++] = (struct recur_param){ ":ly_start", NULL, per->ly.start };
	q->params[n++] = (struct recur_param){ ":ly_end", NULL, per->ly.end };
	q->params[n++] = (struct recur_param){ ":trend_start", NULL, per->trend[0].start };
	q->params[n++] = (struct recur_param){ ":months", q->months_json, 0 };
	q->params[n++] = (struct recur_param){ ":top", NULL, opts->top > 0 ? opts->top : 10 };
	q->params[n++] = (struct recur_param){ ":now", NULL, opts->now };
	q->params[n++] = (struct recur_param){ ":per_problem", NULL,
					       opts->list_max > 0 ? opts->list_max : -1 };
	/* the problems held: those the report lists, or all when every row is
	 * asked for (a report streams them into its workbook) */
	q->params[n++] = (struct recur_param){ ":listed", NULL,
					       opts->list_max > 0 ? (opts->top > 0 ? opts->top : 10)
								  : -1 };
	/* the review's problems are the recurring ones (the workbook's sheet,
	 * streamed, has every problem: metrics_stream.c) */
	q->params[n++] = (struct recur_param){ ":every", NULL, 0 };
	q->list_max = opts->list_max > 0 ? (size_t)opts->list_max : SIZE_MAX;
	q->nparams = n;
	return 0;
}

/* The fields a rule can test: the arguments of exclusion_reason(), in order. */
static const char *const rule_fields[] = { "kind", "title", "category", "tags" };
#define NRULE_FIELDS 4

/* The exclusion rules, in file order, for exclusion_reason(). */
struct rules {
	size_t n;
	int *field;           /* index into rule_fields */
	char **pattern, **reason;
};

static void rules_free(void *p)
{
	struct rules *r = p;
	size_t i;

	for (i = 0; r && i < r->n; i++) {
		free(r->pattern[i]);
		free(r->reason[i]);
	}
	if (r) {
		free(r->field);
		free(r->pattern);
		free(r->reason);
		free(r);
	}
}

/*
 * exclusion_reason(kind, title, category, tags): the reason of the first
 * rule whose field is LIKE its pattern (sqlite3_strlike: LIKE's own
 * matching, case-blind for ASCII), or NULL. One call per incident instead of
 * a CASE of LIKEs: the rules were a fifth of a 1M-incident review's metrics.
 */
static void exclusion_reason(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct rules *r = sqlite3_user_data(ctx);
	const unsigned char *text[NRULE_FIELDS];
	size_t i;
	int k;

	for (k = 0; k < NRULE_FIELDS && k < argc; k++)
		text[k] = sqlite3_value_text(argv[k]);
	for (i = 0; i < r->n; i++) {
		const unsigned char *t = text[r->field[i]];

		if (t && !sqlite3_strlike(r->pattern[i], (const char *)t, 0)) {
			sqlite3_result_text(ctx, r->reason[i], -1, SQLITE_TRANSIENT);
			return;
		}
	}
	sqlite3_result_null(ctx);
}

/*
 * Fills temp.review_excluded_ids from the rules, over the incidents opened
 * in [from, to) (all of them when from > to). The tags are read from extra
 * only when a rule tests them, and only in rows whose extra has a "tags"
 * key (import writes keys as they are, so instr finds them).
 */
static int match_rules(sqlite3 *db, long long from, long long to, struct recur_error *err)
{
	struct recur_table *rules = NULL, *none = NULL;
	struct recur_buf sql = RECUR_BUF_INIT;
	struct recur_param p[2];
	struct rules *r = NULL;
	size_t i, n = 0;
	int rc = -1, reg, k, tags = 0;

	if (recur_db_query(db, "SELECT field, pattern, reason FROM temp.review_exclusion_rules "
			   "ORDER BY rowid", NULL, 0, &rules, err))
		goto out;
	if (!rules->nrows) {
		rc = 0;
		goto out;
	}
	if (rules->nrows > 1000) {
		recur_error_at(err, "queries/exclusions.sql", 0, 0, "too many exclusion rules (%zu): "
			       "keep at most 1000", rules->nrows);
		goto out;
	}
	r = xcalloc(1, sizeof(*r));
	r->field = xcalloc(rules->nrows, sizeof(*r->field));
	r->pattern = xcalloc(rules->nrows, sizeof(*r->pattern));
	r->reason = xcalloc(rules->nrows, sizeof(*r->reason));
	for (i = 0; i < rules->nrows; i++, r->n++) {
		const struct recur_cell *f = recur_metrics_cell(rules, i, "field");
		const char *pattern = recur_metrics_cell(rules, i, "pattern")->text;
		const char *reason = recur_metrics_cell(rules, i, "reason")->text;

		for (k = 0; k < NRULE_FIELDS && (!f->text || strcmp(f->text, rule_fields[k])); k++)
			;
		if (k == NRULE_FIELDS) {
			recur_error_at(err, "queries/exclusions.sql", 0, 0, "unknown field '%s' in "
				       "row %zu: use kind, title, category or tags",
				       f->text ? f->text : "", i + 1);
			goto out;
		}
		tags |= k == 3;
		r->field[i] = k;
		r->pattern[i] = xstrdup(pattern ? pattern : "");
		r->reason[i] = xstrdup(reason ? reason : "excluded");
	}
	reg = sqlite3_create_function_v2(db, "exclusion_reason", NRULE_FIELDS, SQLITE_UTF8, r,
					 exclusion_reason, NULL, NULL, rules_free);
	r = NULL; /* SQLite owns the rules now: it frees them even when registering fails */
	if (reg != SQLITE_OK) {
		recur_error_set(err, "cannot register the exclusion rules: %s", sqlite3_errmsg(db));
		goto out;
	}
	recur_buf_addf(&sql, "INSERT INTO temp.review_excluded_ids (id, reason)\n"
		       "SELECT id, exclusion_reason(kind, title, category, %s) AS reason\n"
		       "FROM main.incidents WHERE reason IS NOT NULL",
		       tags ? "CASE WHEN instr(extra, '\"tags\"') AND json_valid(extra) THEN "
			      "extra ->> '$.tags' END" : "NULL");
	if (from <= to) {
		p[n++] = (struct recur_param){ ":from", NULL, from };
		p[n++] = (struct recur_param){ ":to", NULL, to };
		recur_buf_adds(&sql, " AND opened_at >= :from AND opened_at < :to");
	}
	rc = recur_db_query(db, sql.buf, p, n, &none, err);
out:
	rules_free(r);
	recur_table_free(rules);
	recur_table_free(none);
	recur_buf_release(&sql);
	return rc;
}

int recur_metrics_scope(sqlite3 *db, long long from, long long to, struct recur_error *err)
{
	struct recur_buf rules = RECUR_BUF_INIT, sql = RECUR_BUF_INIT;
	int rc = -1;

	if (recur_share_load("queries/exclusions.sql", &rules, err))
		goto out;
	/* the rules file is one SELECT: make it the rules table */
	while (rules.len && strchr(" \t\r\n;", rules.buf[rules.len - 1]))
		rules.buf[--rules.len] = '\0';
	recur_buf_adds(&sql, "DROP TABLE IF EXISTS temp.review_exclusion_rules;\n"
		       "CREATE TEMP TABLE review_exclusion_rules AS\n");
	recur_buf_add(&sql, rules.buf, rules.len);
	recur_buf_adds(&sql, "\n;\n");
	if (recur_db_exec(db, sql.buf, err)) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		recur_error_at(err, "queries/exclusions.sql", 0, 0, "%s: fix the rules in the "
			       "share folder", msg);
		goto out;
	}
	rc = recur_db_exec_file(db, "queries/review-scope.sql", err) ||
	     match_rules(db, from, to, err) ? -1 : 0;
out:
	recur_buf_release(&rules);
	recur_buf_release(&sql);
	return rc;
}

/* temp.review_months from :months: the trend's months as a table whose rowid
 * is the month's index, so a join on it groups without a sort. */
static int fill_months(struct recur_metrics_run *q)
{
	struct recur_table *t = NULL;
	int rc = recur_db_query(q->db, "INSERT INTO temp.review_months (i, month, start, end)\n"
				"SELECT key, value ->> '$.month', value ->> '$.start', "
				"value ->> '$.end' FROM json_each(:months)",
				q->params, q->nparams, &t, q->err);

	recur_table_free(t);
	return rc;
}

/* ---- the review ---- */

enum {
	SOURCES, TOTALS, STILL_OPEN, SIGNIFICANCE, SEVERITY, SERVICES, SERVICES_IMPACT, DURATIONS,
	PROBLEMS, PROBLEM_GROUPS, TITLE_CODES, CATEGORIES, TREND, INCIDENTS, EXCLUDED, POSTMORTEMS,
	ACTION_ITEMS, QUALITY, QUERIES, NSECTIONS
};

static const char *const section_keys[NSECTIONS] = {
	"sources", "totals", "still_open", "significance", "severity", "services",
	"services_by_impact", "durations", "problems", "problem_groups", "title_codes",
	"categories", "trend", "incidents", "excluded", "postmortems", "action_items",
	"data_quality", "queries",
};

/*
 * What coverage changes in the sections: no percent change and no test
 * against a period that is partial or outside the data (nor of a partial
 * period), a year earlier outside the data has no figures, and the trend
 * starts at the first covered month.
 */
static void apply_coverage(const struct recur_metrics_run *q, const struct recur_metrics_coverage *c,
			   struct recur_json *s[NSECTIONS])
{
	char why[160];

	recur_metrics_coverage_why(q, c, 0, why, sizeof(why));
	if (*why)
		no_figure(s[TOTALS], "change_pct");
	recur_metrics_coverage_why(q, c, 1, why, sizeof(why));
	if (*why)
		no_figure(s[TOTALS], "ly_change_pct");
	if (c->ly.state == RECUR_COVER_NO_DATA)
		drop_ly(s[TOTALS]);
	s[TREND] = recur_metrics_coverage_trend(c, s[TREND]);
}

/* The significance tests, or none when the periods may not be compared. */
static struct recur_json *significance(struct recur_metrics_run *q,
				       const struct recur_metrics_coverage *c,
				       const struct recur_json *totals)
{
	char why[160];

	recur_metrics_coverage_why(q, c, 0, why, sizeof(why));
	return *why ? recur_json_new(RECUR_JSON_ARRAY) : recur_metrics_significance(q, totals);
}

/* The columns the C code reads: the headline and the still-open rows read
 * durations.sql's medians and p90s, the coverage the trend's months. */
static const char *const durations_need[] = {
	"metric", "median_min", "p90_min", "prev_median_min", "prev_p90_min", "ly_median_min",
	"ly_p90_min", NULL,
};
static const char *const trend_need[] = { "month", NULL };

/* What the second core computes: sections that read no other section,
 * about half the work both on a month of a million incidents (durations
 * and still open, the two longest, on different sides) and on a month
 * over a long history. */
struct side_sections {
	struct recur_json **s;   /* the run's sections: it fills only its own */
	int top;
};

static int side_sections(struct recur_metrics_run *q, void *ctx)
{
	struct side_sections *x = ctx;
	struct recur_json **s = x->s;

	return !(s[STILL_OPEN] = recur_metrics_still_open(q)) ||
	       !(s[SEVERITY] = recur_metrics_query_rows(q, "by-severity", NULL)) ||
	       services(q, x->top, &s[SERVICES], &s[SERVICES_IMPACT]) ||
	       !(s[POSTMORTEMS] = postmortems(q)) || !(s[QUALITY] = quality(q)) ? -1 : 0;
}

static int compute(struct recur_metrics_run *q, const struct recur_metrics_opts *opts,
		   const struct recur_metrics_coverage *cov, long long scope_from,
		   long long scope_to, struct recur_json *s[NSECTIONS])
{
	int top = opts->top > 0 ? opts->top : 10;
	struct side_sections x = { s, top };
	struct recur_metrics_side *side;
	struct recur_error side_err;
	long long recurring = 0;
	int rc;

	if (!(s[SOURCES] = sources(q)) || !(s[TOTALS] = totals(q)) || recur_metrics_export_time(q))
		return -1;
	/* the rest of the queries on two cores (metrics_side.c), or here */
	side = recur_metrics_side_start(q, scope_from, scope_to, side_sections, &x);
	rc = (!side && side_sections(q, &x)) ||
	     !(s[DURATIONS] = recur_metrics_query_rows(q, "durations", durations_need)) ||
	     problems(q, top, (long long)recur_json_get(s[TOTALS], "incidents")->num, &recurring,
		      &s[PROBLEMS], &s[PROBLEM_GROUPS]) ||
	     title_codes(q, &s[TITLE_CODES], &s[CATEGORIES]) ||
	     !(s[TREND] = recur_metrics_query_rows(q, "trend", trend_need)) ||
	     (!opts->stream_incidents &&
	      !(s[INCIDENTS] = recur_metrics_query_rows(q, "incidents", NULL))) ||
	     !(s[EXCLUDED] = excluded(q)) || !(s[ACTION_ITEMS] = action_items(q)) ||
	     !(s[SIGNIFICANCE] = significance(q, cov, s[TOTALS])) ||
	     !(s[QUERIES] = user_queries(q)) ? -1 : 0;
	/* an error on the second connection is the one said, else the first's */
	if (side && recur_metrics_side_join(side, &side_err)) {
		*q->err = side_err;
		rc = -1;
	}
	if (rc)
		return -1;
	recur_json_set_number(s[TOTALS], "recurring_problems", (double)recurring);
	recur_metrics_open_ttr(s[DURATIONS], s[STILL_OPEN]);
	if (!recur_json_truthy(recur_json_get(s[TOTALS], "ly_covered"))) {
		size_t i;

		for (i = 0; i < s[SEVERITY]->n; i++)
			no_figure(s[SEVERITY]->items[i], "ly_count");
		/* the year-earlier row of still_open (the last) has no figures either */
		if (s[STILL_OPEN]->n == 3)
			recur_json_free(s[STILL_OPEN]->items[--s[STILL_OPEN]->n]);
	}
	recur_json_set_number(s[TOTALS], "excluded_month", (double)recur_json_get(s[EXCLUDED],
								"count")->num);
	apply_coverage(q, cov, s);
	return 0;
}

int recur_metrics_review(sqlite3 *db, const struct recur_metrics_opts *opts, struct recur_json **out,
			 struct recur_error *err)
{
	struct recur_metrics_run q;
	struct recur_metrics_coverage cov;
	struct recur_json *s[NSECTIONS] = { 0 };
	struct recur_json *o = NULL;
	char prev_why[160], ly_why[160];
	long long scope_from;
	int i, r = -1;

	memset(&q, 0, sizeof(q));
	q.db = db;
	q.err = err;
	q.progress = opts->progress;
	q.progress_ctx = opts->progress_ctx;
	*out = NULL;
	if (recur_tz_check(opts->tz, "--tz", err))
		return -1;
	recur_tz_enter(&q.tz, opts->tz);
	q.zone_was_utc = recur_sqlfunc_zone(&q.tz);
	if (set_params(&q, opts))
		goto out;
	/* the incidents the figures read: the period, the trend's year and the
	 * same period a year earlier */
	scope_from = q.per.ly.start < q.per.trend[0].start ? q.per.ly.start : q.per.trend[0].start;
	if (recur_metrics_scope(db, scope_from, q.per.cur.end, err) || fill_months(&q) ||
	    recur_metrics_coverage_read(&q, &cov) ||
	    compute(&q, opts, &cov, scope_from, q.per.cur.end, s))
		goto out;
	recur_metrics_coverage_why(&q, &cov, 0, prev_why, sizeof(prev_why));
	recur_metrics_coverage_why(&q, &cov, 1, ly_why, sizeof(ly_why));
	o = recur_json_new(RECUR_JSON_OBJECT);
	add_header(o, &q, opts);
	recur_json_set(o, "coverage", recur_metrics_coverage_json(&q, &cov));
	recur_json_set(o, "sources", s[SOURCES]);
	recur_json_set(o, "totals", s[TOTALS]);
	recur_json_set(o, "still_open", s[STILL_OPEN]);
	recur_json_set(o, "headline", recur_metrics_headline(s[TOTALS], s[DURATIONS], s[STILL_OPEN],
							     s[SIGNIFICANCE], prev_why, ly_why));
	recur_json_set(o, "changes", recur_metrics_changes(s[SIGNIFICANCE], q.per.prev.name));
	for (i = SIGNIFICANCE; i < NSECTIONS; i++)
		if (s[i]) /* no "incidents" when they are streamed */
			recur_json_set(o, section_keys[i], s[i]);
	memset(s, 0, sizeof(s)); /* o owns them now */
	*out = o;
	r = 0;
out:
	for (i = 0; i < NSECTIONS; i++)
		recur_json_free(s[i]);
	recur_sqlfunc_zone_restore(q.zone_was_utc);
	recur_tz_leave(&q.tz);
	free(q.months_json);
	return r;
}
