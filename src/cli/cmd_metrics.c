/*
 * cmd_metrics.c — `recur metrics`: a month's figures on stdout.
 *
 * Computes the review data (metrics.h) and prints it: as sections of aligned
 * tables, as one long-form CSV table (section,name,metric,value,previous)
 * that loads into a spreadsheet as is, or as the review data JSON itself.
 * It only reads the review data; every figure comes from metrics.c.
 */
#include "cmd.h"
#include "recur/buf.h"
#include "recur/db.h"
#include "recur/json.h"
#include "recur/mem.h"
#include "recur/metrics.h"
#include "recur/table.h"
#include "recur/timeutil.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_head[] =
	"usage: recur metrics [--month YYYY-MM | --quarter YYYY-Qn] [--format table|csv|json]\n"
	"                     [--top N] [--incidents] [--tz ZONE]\n"
	"\n"
	"Prints a month's figures: incidents by severity and service, time to\n"
	"acknowledge and to resolve (n, mean, median, p90, in minutes), recurring\n"
	"problems and the repeat-incident rate, each beside the previous month's,\n"
	"and a 12-month trend. An incident belongs to the month it was opened in\n"
	"(in --tz, default UTC); percentiles are Excel's PERCENTILE.INC. Maintenance,\n"
	"tests and game days (queries/exclusions.sql) are left out and counted apart.\n"
	"Progress shows on stderr, when it is a terminal, once a run takes a second.\n";

static const char usage_foot[] =
	"example:\n"
	"  recur metrics --month 2026-10 --format csv > 2026-10.csv\n";

static const struct recur_json *get(const struct recur_json *o, const char *key)
{
	return recur_json_get(o, key);
}

static const char *text(const struct recur_json *o, const char *key)
{
	const struct recur_json *v = get(o, key);

	return v && v->type == RECUR_JSON_STRING ? v->str : "";
}

/* ---- table form: one aligned table per section ---- */

enum kind { TEXT, NUM, FIXED };

/* A column of a printed section: its header, the key it shows, how. */
struct column {
	const char *header;
	const char *key;
	enum kind kind;
};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static void put(struct recur_table *t, size_t r, size_t c, const struct recur_json *v, enum kind k)
{
	char tmp[64];

	if (!v || v->type == RECUR_JSON_NULL)
		return;
	if (v->type == RECUR_JSON_TRUE || v->type == RECUR_JSON_FALSE) {
		recur_table_set_text(t, r, c, v->type == RECUR_JSON_TRUE ? "true" : "false");
	} else if (v->type == RECUR_JSON_STRING) {
		recur_table_set_text(t, r, c, v->str);
	} else if (v->type == RECUR_JSON_NUMBER) {
		recur_table_set_real(t, r, c, v->num);
		if (k == FIXED) { /* minutes with one decimal: "31.0", not "31" */
			struct recur_cell *cell = recur_table_cell(t, r, c);

			snprintf(tmp, sizeof(tmp), "%.1f", v->num);
			free(cell->text);
			cell->text = xstrdup(tmp);
		}
	}
}

/* The rows of array (objects) as a table with the given columns: caller owns the result. */
static struct recur_table *section_table(const struct recur_json *array, const struct column *cols,
					 size_t ncols)
{
	const char *names[16];
	struct recur_table *t;
	size_t r, c;

	for (c = 0; c < ncols; c++)
		names[c] = cols[c].header;
	t = recur_table_new(ncols, names);
	for (r = 0; array && r < array->n; r++) {
		size_t row = recur_table_add_row(t);

		for (c = 0; c < ncols; c++)
			put(t, row, c, recur_json_get(array->items[r], cols[c].key), cols[c].kind);
	}
	return t;
}

static void print_section(struct recur_buf *out, const char *heading, const struct recur_json *array,
			  const struct column *cols, size_t ncols, const char *if_empty)
{
	struct recur_table *t;

	recur_buf_addf(out, "%s%s\n", out->len ? "\n" : "", heading);
	if ((!array || !array->n) && if_empty) {
		recur_buf_addf(out, "%s\n", if_empty);
		return;
	}
	t = section_table(array, cols, ncols);
	recur_table_write(t, RECUR_FORMAT_TABLE, out);
	recur_table_free(t);
}

static const struct column headline_cols[] = {
	{ "metric", "metric", TEXT }, { "value", "value", TEXT },
	{ "previous", "prev", TEXT }, { "change", "change", TEXT },
};
static const struct column severity_cols[] = {
	{ "severity", "label", TEXT }, { "count", "count", NUM }, { "previous", "prev_count", NUM },
};
static const struct column service_cols[] = {
	{ "service", "service", TEXT },        { "count", "count", NUM },
	{ "previous", "prev_count", NUM },     { "impact_min", "impact_minutes", FIXED },
	{ "ttr_median_min", "ttr_median_min", FIXED },
};
static const struct column duration_cols[] = {
	{ "metric", "metric", TEXT },           { "n", "n", NUM },
	{ "mean", "mean_min", FIXED },          { "median", "median_min", FIXED },
	{ "p90", "p90_min", FIXED },            { "prev_n", "prev_n", NUM },
	{ "prev_mean", "prev_mean_min", FIXED }, { "prev_median", "prev_median_min", FIXED },
	{ "prev_p90", "prev_p90_min", FIXED },
};
static const struct column open_cols[] = {
	{ "period", "period_name", TEXT },       { "incidents", "incidents", NUM },
	{ "still_open", "still_open", NUM },     { "pct", "still_open_pct", FIXED },
	{ "no_ttr", "left_out", NUM },           { "ttr_n", "ttr_n", NUM },
	{ "median", "ttr_median_min", FIXED },   { "p90", "ttr_p90_min", FIXED },
	{ "km_median", "km_median_text", TEXT }, { "km_p90", "km_p90_text", TEXT },
	{ "provisional", "provisional", TEXT },
};
static const struct column problem_cols[] = {
	{ "rank", "rank", NUM },      { "id", "id", TEXT },
	{ "group", "group", TEXT },   { "month", "month_count", NUM },
	{ "total", "total_count", NUM }, { "impact_min", "impact_minutes", FIXED },
	{ "service", "service", TEXT }, { "title", "title", TEXT },
};
static const struct column trend_cols[] = {
	{ "month", "month", TEXT },   { "incidents", "incidents", NUM }, { "sev1", "sev1", NUM },
	{ "sev2", "sev2", NUM },      { "tta_median", "tta_median_min", FIXED },
	{ "ttr_median", "ttr_median_min", FIXED }, { "ttr_p90", "ttr_p90_min", FIXED },
	{ "coverage", "coverage", TEXT },
};

/* data_quality is one object: print it as finding/count rows. */
static void print_quality(struct recur_buf *out, const struct recur_json *q)
{
	static const char *const names[] = { "finding", "count" };
	struct recur_table *t = recur_table_new(2, names);
	size_t i;

	for (i = 0; q && i < q->n; i++) {
		size_t r;

		if (q->items[i]->type == RECUR_JSON_ARRAY || q->items[i]->type == RECUR_JSON_OBJECT)
			continue; /* rejects_by_field: the JSON form has it */
		r = recur_table_add_row(t);
		recur_table_set_text(t, r, 0, q->keys[i]);
		put(t, r, 1, q->items[i], NUM);
	}
	recur_buf_adds(out, "\nData quality (negative durations are left out of the figures)\n");
	recur_table_write(t, RECUR_FORMAT_TABLE, out);
	recur_table_free(t);
}

/*
 * The first top problems, in rank order (problems.sql), as a borrowed view
 * of the data's array (the listed ones, which hold the first top of all):
 * the JSON form keeps every problem, the table and CSV forms list as many
 * as --top, as they do services.
 */
static struct recur_json top_problems(const struct recur_json *d, int top)
{
	const struct recur_json *p = get(d, "problems");
	struct recur_json v = { .type = RECUR_JSON_ARRAY };

	if (p && p->type == RECUR_JSON_ARRAY) {
		v.items = p->items;
		v.n = p->n < (size_t)top ? p->n : (size_t)top;
	}
	return v;
}

static void print_problems(const struct recur_json *d, int top, struct recur_buf *out)
{
	struct recur_json v = top_problems(d, top);
	const struct recur_json *all = recur_json_path(d, "totals.recurring_problems");
	double more = all && all->type == RECUR_JSON_NUMBER ? all->num - (double)v.n : 0;

	print_section(out, "Recurring problems (most incidents this period, then most time to resolve)",
		      &v, problem_cols, NCOLS(problem_cols),
		      "no recurring problem had an incident this month");
	/* the data holds the listed ones only: the count is the totals' */
	if (more > 0)
		recur_buf_addf(out, "\xe2\x80\xa6 and %.0f more: --top N, or --format json, lists "
			       "them all\n", more);
}

/* Still-open incidents and TTR with them censored (Kaplan–Meier), per period. */
static void print_still_open(const struct recur_json *d, struct recur_buf *out)
{
	char heading[160];

	snprintf(heading, sizeof(heading), "Still open at the export time (%s) and TTR in minutes: "
		 "resolved only, and Kaplan\xe2\x80\x93Meier with the open ones censored",
		 *text(d, "export_time") ? text(d, "export_time") : "none");
	print_section(out, heading, get(d, "still_open"), open_cols, NCOLS(open_cols), NULL);
}

static void print_tables(const struct recur_json *d, int top, struct recur_buf *out)
{
	char heading[128];

	snprintf(heading, sizeof(heading), "Incidents in %s (previous: %s)", text(d, "month_name"),
		 text(d, "prev_month_name"));
	print_section(out, heading, get(d, "headline"), headline_cols, NCOLS(headline_cols), NULL);
	/* the data's range and the period's coverage, under the figures they qualify */
	if (get(d, "coverage"))
		recur_buf_addf(out, "%s\n%s\n", text(get(d, "coverage"), "range_text"),
			       text(get(d, "coverage"), "text"));
	print_section(out, "By severity", get(d, "severity"), severity_cols, NCOLS(severity_cols),
		      NULL);
	print_section(out, "By service", get(d, "services"), service_cols, NCOLS(service_cols),
		      "no incidents this month");
	print_section(out, "Durations (minutes)", get(d, "durations"), duration_cols,
		      NCOLS(duration_cols), NULL);
	print_still_open(d, out);
	print_problems(d, top, out);
	print_section(out, "Trend (12 months)", get(d, "trend"), trend_cols, NCOLS(trend_cols),
		      NULL);
	print_quality(out, get(d, "data_quality"));
}

/* ---- CSV form: one long table ---- */

/* A metric of a CSV section: its name, the key of its value and of the previous value. */
struct measure {
	const char *metric;
	const char *key;
	const char *prev_key; /* NULL: no previous value */
};

#define NMEASURES(a) (sizeof(a) / sizeof((a)[0]))

static void long_rows(struct recur_table *t, const char *section, const struct recur_json *array,
		      const char *name_key, const struct measure *m, size_t n)
{
	size_t i, k;

	for (i = 0; array && i < array->n; i++) {
		const struct recur_json *o = array->items[i];

		for (k = 0; k < n; k++) {
			size_t r = recur_table_add_row(t);

			recur_table_set_text(t, r, 0, section);
			put(t, r, 1, name_key ? get(o, name_key) : NULL, TEXT);
			if (!name_key)
				recur_table_set_text(t, r, 1, "all");
			recur_table_set_text(t, r, 2, m[k].metric);
			put(t, r, 3, get(o, m[k].key), NUM);
			if (m[k].prev_key)
				put(t, r, 4, get(o, m[k].prev_key), NUM);
		}
	}
}

static const struct measure totals_m[] = {
	{ "incidents", "incidents", "prev_incidents" },
	{ "sev12", "sev12", "prev_sev12" },
	{ "linked", "linked", "prev_linked" },
	{ "repeat_rate_pct", "repeat_rate_pct", "prev_repeat_rate_pct" },
	{ "recurring_problems", "recurring_problems", NULL },
	{ "all_incidents", "all_incidents", NULL },
};
static const struct measure severity_m[] = { { "count", "count", "prev_count" } };
static const struct measure service_m[] = {
	{ "count", "count", "prev_count" },
	{ "impact_minutes", "impact_minutes", NULL },
	{ "ttr_median_min", "ttr_median_min", NULL },
};
static const struct measure duration_m[] = {
	{ "n", "n", "prev_n" },
	{ "mean_min", "mean_min", "prev_mean_min" },
	{ "median_min", "median_min", "prev_median_min" },
	{ "p90_min", "p90_min", "prev_p90_min" },
};
static const struct measure problem_m[] = {
	{ "rank", "rank", NULL },
	{ "group", "group", NULL },
	{ "title", "title", NULL },
	{ "month_count", "month_count", NULL },
	{ "total_count", "total_count", NULL },
	{ "impact_minutes", "impact_minutes", NULL },
};
static const struct measure open_m[] = {
	{ "incidents", "incidents", NULL },
	{ "still_open", "still_open", NULL },
	{ "still_open_pct", "still_open_pct", NULL },
	{ "left_out", "left_out", NULL },
	{ "provisional", "provisional", NULL },
	{ "ttr_n", "ttr_n", NULL },
	{ "ttr_median_min", "ttr_median_min", NULL },
	{ "ttr_p90_min", "ttr_p90_min", NULL },
	{ "km_n", "km_n", NULL },
	{ "km_median_min", "km_median_min", NULL },
	{ "km_median_reached", "km_median_reached", NULL },
	{ "km_p90_min", "km_p90_min", NULL },
	{ "km_p90_reached", "km_p90_reached", NULL },
};
static const struct measure export_m[] = { { "export_time", "export_time", NULL } };
static const struct measure trend_m[] = {
	{ "incidents", "incidents", NULL },       { "sev1", "sev1", NULL },
	{ "sev2", "sev2", NULL },                 { "sev3", "sev3", NULL },
	{ "sev4", "sev4", NULL },                 { "sev5", "sev5", NULL },
	{ "unknown", "unknown", NULL },           { "tta_median_min", "tta_median_min", NULL },
	{ "ttr_median_min", "ttr_median_min", NULL }, { "ttr_p90_min", "ttr_p90_min", NULL },
	{ "coverage", "coverage", NULL },
};
static const struct measure coverage_m[] = {
	{ "state", "state", "prev_state" },       { "first_opened", "first_opened", NULL },
	{ "last_opened", "last_opened", NULL },   { "exported", "exported", NULL },
	{ "from", "from", NULL },                 { "to", "to", NULL },
	{ "gap_threshold_days", "gap_threshold_days", NULL },
};

/* A one-object section (totals, data_quality) as an array of it, for long_rows. */
static void object_rows(struct recur_table *t, const char *section, const struct recur_json *o,
			const struct measure *m, size_t n)
{
	struct recur_json *items[1];
	struct recur_json one = { .type = RECUR_JSON_ARRAY, .n = 1, .items = items };

	if (!o)
		return;
	items[0] = (struct recur_json *)o;
	long_rows(t, section, &one, NULL, m, n);
}

static void print_csv(const struct recur_json *d, int top, struct recur_buf *out)
{
	static const char *const names[] = { "section", "name", "metric", "value", "previous" };
	struct recur_table *t = recur_table_new(5, names);
	const struct recur_json *q = get(d, "data_quality");
	struct recur_json problems = top_problems(d, top);
	struct measure quality[16];
	size_t i, nq = 0;

	object_rows(t, "coverage", get(d, "coverage"), coverage_m, NMEASURES(coverage_m));
	object_rows(t, "totals", get(d, "totals"), totals_m, NMEASURES(totals_m));
	long_rows(t, "severity", get(d, "severity"), "label", severity_m, NMEASURES(severity_m));
	long_rows(t, "services", get(d, "services"), "service", service_m, NMEASURES(service_m));
	long_rows(t, "durations", get(d, "durations"), "metric", duration_m, NMEASURES(duration_m));
	object_rows(t, "still_open", d, export_m, NMEASURES(export_m));
	long_rows(t, "still_open", get(d, "still_open"), "period", open_m, NMEASURES(open_m));
	long_rows(t, "problems", &problems, "id", problem_m, NMEASURES(problem_m));
	long_rows(t, "trend", get(d, "trend"), "month", trend_m, NMEASURES(trend_m));
	for (i = 0; q && i < q->n && nq < NMEASURES(quality); i++)
		if (q->items[i]->type != RECUR_JSON_ARRAY && q->items[i]->type != RECUR_JSON_OBJECT)
			quality[nq++] = (struct measure){ q->keys[i], q->keys[i], NULL };
	object_rows(t, "data_quality", q, quality, nq);
	recur_table_write(t, RECUR_FORMAT_CSV, out);
	recur_table_free(t);
}

/* ---- the command ---- */

/* Removes obj[key] (the JSON model has no delete: a small one here). */
static void drop_key(struct recur_json *obj, const char *key)
{
	size_t i;

	for (i = 0; obj && i < obj->n; i++) {
		if (strcmp(obj->keys[i], key))
			continue;
		recur_json_free(obj->items[i]);
		free(obj->keys[i]);
		memmove(obj->items + i, obj->items + i + 1, (obj->n - i - 1) * sizeof(*obj->items));
		memmove(obj->keys + i, obj->keys + i + 1, (obj->n - i - 1) * sizeof(*obj->keys));
		obj->n--;
		return;
	}
}

/* metrics' own options: the form of the output. */
struct args {
	enum recur_table_format format;
	int incidents;
};

static int set_format(void *t, const char *cmd, const char *arg)
{
	if (recur_table_parse_format(arg, &((struct args *)t)->format))
		return cmd_usage_error(cmd, "bad format '%s': give table, csv or json", arg);
	return 0;
}

static int set_incidents(void *t, const char *cmd, const char *arg)
{
	(void)cmd, (void)arg;
	((struct args *)t)->incidents = 1;
	return 0;
}

static const struct cmd_option metrics_options[] = {
	{ "format", 'f', "FORMAT", "table (default), csv (one long table: section,name,metric,"
	  "value,previous) or json (the review data)", set_format, NULL },
	{ "incidents", 'i', NULL, "json: include the period's incidents", set_incidents, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

int cmd_metrics(int argc, char **argv, struct recur_global *g)
{
	struct args a = { RECUR_FORMAT_TABLE, 0 };
	struct cmd_period p = { NULL, NULL, NULL, 10 };
	const struct cmd_option_group groups[] = {
		{ "options", metrics_options, &a },
		{ NULL, cmd_period_options, &p },
	};
	struct recur_metrics_opts o;
	struct cmd_progress prog;
	struct cmd_figures_progress fp;
	struct recur_buf out = RECUR_BUF_INIT;
	struct recur_json *data = NULL;
	struct recur_error err;
	sqlite3 *db = NULL;
	char month[24];
	int rc = cmd_parse_options("metrics", argc, argv, groups, 2, usage_head, usage_foot);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (optind < argc)
		return cmd_usage_error("metrics", "unexpected argument '%s'", argv[optind]);
	recur_error_init(&err);
	if ((rc = cmd_open_db_existing(g, &db)))
		return rc;
	if (recur_metrics_check_period(db, p.period, p.tz, &err))
		goto out;
	if (!p.period) {
		if (recur_metrics_default_period(db, p.tz, 0, month, &err))
			goto out;
		p.period = month;
	}
	/* without --incidents the list is not even read; the text and CSV
	 * forms print none of the data's incident lists, so one of each is kept */
	cmd_progress_start(&prog, g);
	fp = (struct cmd_figures_progress){ &prog, "metrics", p.period };
	o = (struct recur_metrics_opts){ p.period, g->now, p.top, p.tz, !a.incidents,
					 a.format == RECUR_FORMAT_JSON ? 0 : 1, cmd_figures_progress,
					 &fp };
	rc = recur_metrics_review(db, &o, &data, &err);
	cmd_progress_done(&prog);
	if (rc)
		goto out;
	if (a.format == RECUR_FORMAT_JSON) {
		if (!a.incidents)
			drop_key(data, "incidents");
		recur_json_write(data, &out, 2);
		recur_buf_addch(&out, '\n');
	} else if (a.format == RECUR_FORMAT_CSV) {
		print_csv(data, p.top, &out);
	} else {
		print_tables(data, p.top, &out);
	}
	cmd_print(out.buf, out.len);
out:
	rc = err.code ? cmd_fail(&err) : 0;
	recur_json_free(data);
	recur_buf_release(&out);
	recur_db_close(db);
	return rc;
}
