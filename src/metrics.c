/*
 * metrics.c — the review data of one month (metrics.h): runs the named
 * queries in queries/metrics/ and turns their result tables into one JSON
 * tree, converting seconds to rounded minutes and epochs to dates on the way.
 *
 * What is counted and how lives in the SQL files (users can override them
 * with --share); this file only binds parameters, checks that each query
 * returns the columns it needs, and shapes the output. The preformatted
 * "headline" rows are built in metrics_headline.c. It never prints.
 */
#include "recur/metrics.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/timeutil.h"
#include "recur/version.h"
#include "metrics_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QDIR "queries/metrics/"

/* How a column becomes a JSON value. */
enum conv {
	AS_IS,   /* number, string or null as stored */
	MINUTES, /* seconds → minutes rounded to 0.1 */
	ROUND1,  /* a number rounded to 0.1 */
	DATE,    /* epoch → "YYYY-MM-DD" */
	STAMP,   /* epoch → "YYYY-MM-DD HH:MM" */
};

/* One key of an output object: its name, the query column and the conversion. */
struct field {
	const char *key;
	const char *col;
	enum conv conv;
};

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

struct run {
	sqlite3 *db;
	struct recur_param params[7];
	struct recur_error *err;
};

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

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

static struct recur_json *null_value(void)
{
	return recur_json_new(RECUR_JSON_NULL);
}

static const struct recur_cell null_cell = { RECUR_CELL_NULL, 0, NULL };

/* Cell (row, column named col); a NULL cell when the column is absent
 * (run_query has checked the columns it was told about). */
static const struct recur_cell *get(const struct recur_table *t, size_t row, const char *col)
{
	int c = recur_table_col(t, col);

	return c < 0 || row >= t->nrows ? &null_cell : recur_table_cell(t, row, (size_t)c);
}

static int is_num(const struct recur_cell *c)
{
	return c->type == RECUR_CELL_INT || c->type == RECUR_CELL_REAL;
}

static long long get_int(const struct recur_table *t, size_t row, const char *col)
{
	const struct recur_cell *c = get(t, row, col);

	return is_num(c) ? (long long)c->num : 0;
}

static struct recur_json *convert(const struct recur_cell *c, enum conv conv)
{
	char tmp[32];

	if (c->type == RECUR_CELL_NULL)
		return null_value();
	if (conv == AS_IS || !is_num(c))
		return c->type == RECUR_CELL_TEXT ? recur_json_new_string(c->text)
						  : recur_json_new_number(c->num);
	switch (conv) {
	case MINUTES:
		return recur_json_new_number(recur_metrics_minutes(c->num));
	case ROUND1:
		return recur_json_new_number(recur_metrics_round1(c->num));
	case DATE:
		recur_time_date((long long)c->num, tmp);
		return recur_json_new_string(tmp);
	case STAMP:
		recur_time_short((long long)c->num, tmp);
		return recur_json_new_string(tmp);
	default:
		return recur_json_new_number(c->num);
	}
}

static struct recur_json *row_object(const struct recur_table *t, size_t row, const struct field *f,
				     size_t n)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);
	size_t i;

	for (i = 0; i < n; i++)
		recur_json_set(o, f[i].key, convert(get(t, row, f[i].col), f[i].conv));
	return o;
}

static struct recur_json *rows_array(const struct recur_table *t, const struct field *f, size_t n)
{
	struct recur_json *a = recur_json_new(RECUR_JSON_ARRAY);
	size_t r;

	for (r = 0; r < t->nrows; r++)
		recur_json_push(a, row_object(t, r, f, n));
	return a;
}

/*
 * Runs queries/metrics/NAME.sql and checks that the result has the columns
 * fields read (a query overridden with --share may not), and at least one
 * row when one_row is set. Caller owns *out.
 */
static int run_query(struct run *q, const char *name, const struct field *f, size_t n,
		     int one_row, struct recur_table **out)
{
	char path[128];
	size_t i;

	snprintf(path, sizeof(path), QDIR "%s.sql", name);
	if (recur_db_query_file(q->db, path, q->params, NFIELDS(q->params), out, q->err))
		return -1;
	for (i = 0; i < n; i++)
		if (recur_table_col(*out, f[i].col) < 0)
			break;
	if (i < n || (one_row && !(*out)->nrows)) {
		if (i < n)
			recur_error_set(q->err, "query '%s' returns no column '%s': restore the file "
				       "or fix it in the share folder", path, f[i].col);
		else
			recur_error_set(q->err, "query '%s' returns no row: restore the file or fix "
				       "it in the share folder", path);
		recur_table_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Runs a query and returns its rows converted by fields as a JSON array, or NULL. */
static struct recur_json *query_rows(struct run *q, const char *name, const struct field *f,
				     size_t n)
{
	struct recur_table *t;
	struct recur_json *a;

	if (run_query(q, name, f, n, 0, &t))
		return NULL;
	a = rows_array(t, f, n);
	recur_table_free(t);
	return a;
}

/* Same for a one-row query: its row as an object, or NULL. */
static struct recur_json *query_row(struct run *q, const char *name, const struct field *f, size_t n)
{
	struct recur_table *t;
	struct recur_json *o;

	if (run_query(q, name, f, n, 1, &t))
		return NULL;
	o = row_object(t, 0, f, n);
	recur_table_free(t);
	return o;
}

/* up / down / flat, from the sign of a change. */
const char *recur_metrics_direction(double change)
{
	return change > 0 ? "up" : change < 0 ? "down" : "flat";
}

/* 100 * part / whole rounded to 0.1, or null when whole is 0. */
static struct recur_json *percent(long long part, long long whole)
{
	if (!whole)
		return null_value();
	return recur_json_new_number(round(1000.0 * (double)part / (double)whole) / 10.0);
}

static const struct field totals_fields[] = {
	{ "incidents", "incidents", AS_IS },   { "prev_incidents", "prev_incidents", AS_IS },
	{ "sev12", "sev12", AS_IS },           { "prev_sev12", "prev_sev12", AS_IS },
	{ "linked", "linked", AS_IS },         { "prev_linked", "prev_linked", AS_IS },
	{ "all_incidents", "all_incidents", AS_IS },
};

static struct recur_json *totals(struct run *q)
{
	struct recur_table *t;
	struct recur_json *o;
	long long cur, prev, linked, prev_linked;

	if (run_query(q, "totals", totals_fields, NFIELDS(totals_fields), 1, &t))
		return NULL;
	cur = get_int(t, 0, "incidents");
	prev = get_int(t, 0, "prev_incidents");
	linked = get_int(t, 0, "linked");
	prev_linked = get_int(t, 0, "prev_linked");
	o = recur_json_new(RECUR_JSON_OBJECT);
	recur_json_set_number(o, "incidents", (double)cur);
	recur_json_set_number(o, "prev_incidents", (double)prev);
	recur_json_set_number(o, "change", (double)(cur - prev));
	recur_json_set(o, "change_pct", percent(cur - prev, prev));
	recur_json_set_string(o, "direction", recur_metrics_direction((double)(cur - prev)));
	recur_json_set_number(o, "sev12", (double)get_int(t, 0, "sev12"));
	recur_json_set_number(o, "prev_sev12", (double)get_int(t, 0, "prev_sev12"));
	recur_json_set_number(o, "linked", (double)linked);
	recur_json_set(o, "repeat_rate_pct", percent(linked, cur));
	recur_json_set_number(o, "all_incidents", (double)get_int(t, 0, "all_incidents"));
	recur_json_set_number(o, "prev_linked", (double)prev_linked);
	recur_json_set(o, "prev_repeat_rate_pct", percent(prev_linked, prev));
	recur_table_free(t);
	return o;
}

static const struct field severity_fields[] = {
	{ "severity", "severity", AS_IS },
	{ "label", "label", AS_IS },
	{ "count", "count", AS_IS },
	{ "prev_count", "prev_count", AS_IS },
};

static const struct field service_fields[] = {
	{ "service", "service", AS_IS },
	{ "count", "count", AS_IS },
	{ "prev_count", "prev_count", AS_IS },
	{ "impact_minutes", "impact_s", MINUTES },
	{ "ttr_median_min", "ttr_median_s", MINUTES },
};

static const struct field duration_fields[] = {
	{ "metric", "metric", AS_IS },
	{ "name", "name", AS_IS },
	{ "n", "n", AS_IS },
	{ "mean_min", "mean_s", MINUTES },
	{ "median_min", "median_s", MINUTES },
	{ "p90_min", "p90_s", MINUTES },
	{ "prev_n", "prev_n", AS_IS },
	{ "prev_mean_min", "prev_mean_s", MINUTES },
	{ "prev_median_min", "prev_median_s", MINUTES },
	{ "prev_p90_min", "prev_p90_s", MINUTES },
};

static const struct field trend_fields[] = {
	{ "month", "month", AS_IS },
	{ "incidents", "incidents", AS_IS },
	{ "sev1", "sev1", AS_IS },
	{ "sev2", "sev2", AS_IS },
	{ "sev3", "sev3", AS_IS },
	{ "sev4", "sev4", AS_IS },
	{ "sev5", "sev5", AS_IS },
	{ "unknown", "unknown", AS_IS },
	{ "tta_median_min", "tta_median_s", MINUTES },
	{ "ttr_median_min", "ttr_median_s", MINUTES },
	{ "ttr_p90_min", "ttr_p90_s", MINUTES },
};

static const struct field problem_fields[] = {
	{ "id", "id", AS_IS },
	{ "title", "title", AS_IS },
	{ "service", "service", AS_IS },
	{ "method", "method", AS_IS },
	{ "status", "status", AS_IS },
	{ "root_cause", "root_cause", AS_IS },
	{ "workaround", "workaround", AS_IS },
	{ "month_count", "month_count", AS_IS },
	{ "total_count", "total_count", AS_IS },
	{ "first_seen", "first_seen", DATE },
	{ "last_seen", "last_seen", DATE },
	{ "impact_minutes", "impact_s", MINUTES },
	{ "total_impact_minutes", "total_impact_minutes", ROUND1 },
};

/* The first field groups rows under their problem; the rest are output. */
static const struct field problem_incident_fields[] = {
	{ "problem_id", "problem_id", AS_IS },
	{ "ext_id", "ext_id", AS_IS },
	{ "title", "title", AS_IS },
	{ "opened", "opened_at", STAMP },
	{ "severity_label", "severity_label", AS_IS },
	{ "ttr_min", "ttr_s", MINUTES },
};

static const struct field incident_fields[] = {
	{ "ext_id", "ext_id", AS_IS },
	{ "title", "title", AS_IS },
	{ "service", "service", AS_IS },
	{ "team", "team", AS_IS },
	{ "severity", "severity", AS_IS },
	{ "severity_label", "severity_label", AS_IS },
	{ "status", "status", AS_IS },
	{ "opened", "opened_at", STAMP },
	{ "opened_at", "opened_at", AS_IS },
	{ "acknowledged_at", "acknowledged_at", AS_IS },
	{ "resolved_at", "resolved_at", AS_IS },
	{ "tta_min", "tta_s", MINUTES },
	{ "ttr_min", "ttr_s", MINUTES },
	{ "problem_id", "problem_id", AS_IS },
};

static const struct field quality_fields[] = {
	{ "no_severity", "no_severity", AS_IS },
	{ "negative_tta", "negative_tta", AS_IS },
	{ "negative_ttr", "negative_ttr", AS_IS },
	{ "missing_ack", "missing_ack", AS_IS },
	{ "missing_resolution", "missing_resolution", AS_IS },
	{ "values_rejected", "values_rejected", AS_IS },
	{ "no_opened_at", "no_opened_at", AS_IS },
};

/* The problem object with this id in the array, or NULL. */
static struct recur_json *find_problem(struct recur_json *problems, const char *id)
{
	size_t i;

	for (i = 0; i < problems->n; i++) {
		struct recur_json *pid = recur_json_get(problems->items[i], "id");

		if (pid && pid->type == RECUR_JSON_STRING && !strcmp(pid->str, id))
			return problems->items[i];
	}
	return NULL;
}

/*
 * The recurring problems of the month, each with its incidents of the month.
 * *in_month is the number of such problems before the top limit.
 */
static struct recur_json *problems(struct run *q, long long *in_month)
{
	const struct field *pif = problem_incident_fields + 1;
	size_t npif = NFIELDS(problem_incident_fields) - 1;
	struct recur_table *t = NULL, *inc = NULL;
	struct recur_json *a = NULL;
	size_t r;

	if (run_query(q, "problems", problem_fields, NFIELDS(problem_fields), 0, &t) ||
	    run_query(q, "problem-incidents", problem_incident_fields,
		      NFIELDS(problem_incident_fields), 0, &inc))
		goto out;
	*in_month = t->nrows ? get_int(t, 0, "recurring_in_month") : 0;
	a = rows_array(t, problem_fields, NFIELDS(problem_fields));
	for (r = 0; r < a->n; r++)
		recur_json_set(a->items[r], "incidents", recur_json_new(RECUR_JSON_ARRAY));
	for (r = 0; r < inc->nrows; r++) {
		const struct recur_cell *id = get(inc, r, "problem_id");
		struct recur_json *p = id->text ? find_problem(a, id->text) : NULL;

		if (p) /* else beyond the top limit */
			recur_json_push(recur_json_get(p, "incidents"),
					row_object(inc, r, pif, npif));
	}
out:
	recur_table_free(t);
	recur_table_free(inc);
	return a;
}

/* "October 2026" for "2026-10". */
static void month_name(const char *month, char *out, size_t size)
{
	int y = 0, m = 1;

	sscanf(month, "%4d-%2d", &y, &m);
	snprintf(out, size, "%s %04d", month_names[(m - 1) % 12], y);
}

/* The keys before "totals": version, dates, the month and its trend window. */
static void add_header(struct recur_json *o, const struct recur_metrics_opts *opts)
{
	struct recur_json *months = recur_json_new(RECUR_JSON_ARRAY);
	char iso[32], name[32], m[8];
	int i;

	recur_time_iso(opts->now, iso);
	month_name(opts->month, name, sizeof(name));
	recur_json_set_string(o, "recur_version", RECUR_VERSION);
	recur_json_set_string(o, "generated_at", iso);
	recur_json_set_string(o, "month", opts->month);
	recur_json_set_string(o, "month_name", name);
	recur_month_add(opts->month, -1, m);
	recur_json_set_string(o, "prev_month", m);
	month_name(m, name, sizeof(name));
	recur_json_set_string(o, "prev_month_name", name);
	for (i = -11; i <= 0; i++) {
		recur_month_add(opts->month, i, m);
		recur_json_push(months, recur_json_new_string(m));
	}
	recur_json_set(o, "months", months);
}

/* Binds the month, the previous month and the trend window. */
static int set_params(struct run *q, const struct recur_metrics_opts *opts)
{
	long long start, end, prev_start, prev_end, trend_start, ignore;
	char m[8];

	if (!opts->month || recur_month_bounds(opts->month, &start, &end))
		return recur_error_usage(q->err, "bad month '%s': give it as YYYY-MM, e.g. 2026-10",
					 opts->month ? opts->month : "");
	recur_month_add(opts->month, -1, m);
	recur_month_bounds(m, &prev_start, &prev_end);
	recur_month_add(opts->month, -11, m);
	recur_month_bounds(m, &trend_start, &ignore);
	q->params[0] = (struct recur_param){ ":start", NULL, start };
	q->params[1] = (struct recur_param){ ":end", NULL, end };
	q->params[2] = (struct recur_param){ ":prev_start", NULL, prev_start };
	q->params[3] = (struct recur_param){ ":prev_end", NULL, prev_end };
	q->params[4] = (struct recur_param){ ":trend_start", NULL, trend_start };
	q->params[5] = (struct recur_param){ ":min_incidents", NULL,
					     opts->min_incidents > 0 ? opts->min_incidents : 2 };
	q->params[6] = (struct recur_param){ ":top", NULL, opts->top > 0 ? opts->top : 10 };
	return 0;
}

/* The sections in the order of metrics.h, each built by one or two queries. */
enum { TOTALS, SEVERITY, SERVICES, DURATIONS, PROBLEMS, TREND, INCIDENTS, QUALITY, NSECTIONS };

static const char *const section_keys[NSECTIONS] = {
	"totals", "severity", "services", "durations", "problems", "trend", "incidents",
	"data_quality",
};

static int compute(struct run *q, struct recur_json *s[NSECTIONS])
{
	long long recurring = 0;

	if (!(s[TOTALS] = totals(q)) ||
	    !(s[SEVERITY] = query_rows(q, "by-severity", severity_fields, NFIELDS(severity_fields))) ||
	    !(s[SERVICES] = query_rows(q, "by-service", service_fields, NFIELDS(service_fields))) ||
	    !(s[DURATIONS] = query_rows(q, "durations", duration_fields, NFIELDS(duration_fields))) ||
	    !(s[PROBLEMS] = problems(q, &recurring)) ||
	    !(s[TREND] = query_rows(q, "trend", trend_fields, NFIELDS(trend_fields))) ||
	    !(s[INCIDENTS] = query_rows(q, "incidents", incident_fields, NFIELDS(incident_fields))) ||
	    !(s[QUALITY] = query_row(q, "data-quality", quality_fields, NFIELDS(quality_fields))))
		return -1;
	recur_json_set_number(s[TOTALS], "recurring_problems", (double)recurring);
	return 0;
}

int recur_metrics_review(sqlite3 *db, const struct recur_metrics_opts *opts, struct recur_json **out,
			 struct recur_error *err)
{
	struct run q = { db, { { 0 } }, err };
	struct recur_json *s[NSECTIONS] = { 0 };
	struct recur_json *o = NULL;
	int i, r = -1;

	*out = NULL;
	if (set_params(&q, opts) || compute(&q, s))
		goto out;
	o = recur_json_new(RECUR_JSON_OBJECT);
	add_header(o, opts);
	recur_json_set(o, "totals", s[TOTALS]);
	recur_json_set(o, "headline", recur_metrics_headline(s[TOTALS], s[DURATIONS]));
	for (i = SEVERITY; i < NSECTIONS; i++)
		recur_json_set(o, section_keys[i], s[i]);
	memset(s, 0, sizeof(s)); /* o owns them now */
	*out = o;
	r = 0;
out:
	for (i = 0; i < NSECTIONS; i++)
		recur_json_free(s[i]);
	return r;
}

int recur_metrics_last_month(sqlite3 *db, long long now, char out[8], struct recur_error *err)
{
	static const struct field f[] = { { "last_opened_at", "last_opened_at", AS_IS } };
	struct run q = { db, { { 0 } }, err };
	struct recur_table *t;
	const struct recur_cell *c;
	char now_month[8];
	int r = 0;

	out[0] = '\0';
	if (run_query(&q, "last-month", f, 1, 1, &t))
		return -1;
	c = get(t, 0, "last_opened_at");
	recur_time_month(now, now_month);
	if (!is_num(c)) {
		r = recur_error_set(err, "the database holds no incidents: import an export first: "
				    "recur import FILE");
	} else {
		recur_time_month((long long)c->num, out);
		/* the month holding the latest incident is complete only when it is over */
		if (strcmp(out, now_month) >= 0)
			recur_month_add(now_month, -1, out);
	}
	recur_table_free(t);
	return r;
}
