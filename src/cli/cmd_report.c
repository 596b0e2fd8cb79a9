/*
 * cmd_report.c — `recur report`: writes a month's review (Markdown, HTML,
 * XLSX) from the database, or from review data saved as JSON (--data, e.g.
 * from `recur metrics --format json`), and prints the headline figures and
 * the paths written. The figures come from metrics.h, the files from
 * report.h; this file only parses options and prints.
 */
#include "cmd.h"
#include "recur/db.h"
#include "recur/json.h"
#include "recur/metrics.h"
#include "recur/report.h"
#include "recur/timeutil.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_head[] =
	"usage: recur report [--month YYYY-MM | --quarter YYYY-Qn] [--out DIR] [--format LIST]\n"
	"                    [--template NAME] [--tz ZONE] [--top N] [--data FILE.json]\n"
	"       recur report --problem PRB-… [--out DIR] [--format LIST] [--tz ZONE]\n"
	"       recur report --incident ID [--out DIR] [--format LIST] [--tz ZONE]\n"
	"\n"
	"Writes the reliability review of a month (review-YYYY-MM.md, .html and .xlsx)\n"
	"or a quarter (review-YYYY-Qn.*); or one problem's review (problem-PRB-….md,\n"
	".html); or one incident's postmortem summary (postmortem-ID.md, .html).\n"
	"The workbook opens on a one-page Summary, four chart sheets, then the data\n"
	"sheets; durations are in hours, shares are percentages. Its columns (headers,\n"
	"number formats, widths) and key figures are report-templates/workbook.tsv:\n"
	"copy it to DIR/report-templates/ and change it there, with --share DIR.\n"
	"Progress shows on stderr, when it is a terminal, once a run takes a second:\n"
	"the figure being computed, then the rows read into the files.\n";

static const char usage_foot[] =
	"exit codes: 0 ok, 1 data or runtime failure, 2 usage error\n";

/* Columns a UTF-8 string takes (one per code point; fine for the labels here). */
static int width_of(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static const char *str_of(const struct recur_json *obj, const char *key)
{
	const struct recur_json *v = recur_json_get(obj, key);

	return v && v->type == RECUR_JSON_STRING ? v->str : "";
}

static void print_padded(const char *s, int width, int right)
{
	int pad = width - width_of(s);

	if (right)
		printf("%*s%s", pad > 0 ? pad : 0, "", s);
	else
		printf("%s%*s", s, pad > 0 ? pad : 0, "");
}

/* "month" or "quarter": the words a review of this period uses. */
static const char *kind_of(const struct recur_json *data)
{
	return *str_of(data, "period_kind") ? str_of(data, "period_kind") : "month";
}

static void print_headline(const struct recur_json *data)
{
	const struct recur_json *rows = recur_json_get(data, "headline");
	const struct recur_json *cov = recur_json_get(data, "coverage");
	int wm = 0, wv = 0, wp = 0;
	size_t i;

	printf("Reliability review for %s (previous %s in brackets)\n", str_of(data, "month_name"),
	       kind_of(data));
	if (cov) /* the data's range, and whether the period is whole */
		printf("  %s\n  %s\n", str_of(cov, "range_text"), str_of(cov, "text"));
	for (i = 0; rows && rows->type == RECUR_JSON_ARRAY && i < rows->n; i++) {
		const struct recur_json *r = rows->items[i];
		int m = width_of(str_of(r, "metric")), v = width_of(str_of(r, "value"));
		int p = width_of(str_of(r, "prev")) + 2;

		wm = m > wm ? m : wm;
		wv = v > wv ? v : wv;
		wp = p > wp ? p : wp;
	}
	for (i = 0; rows && rows->type == RECUR_JSON_ARRAY && i < rows->n; i++) {
		const struct recur_json *r = rows->items[i];
		char prev[128];

		snprintf(prev, sizeof(prev), "(%s)", str_of(r, "prev"));
		printf("  ");
		print_padded(str_of(r, "metric"), wm + 2, 0);
		print_padded(str_of(r, "value"), wv, 1);
		printf("  ");
		print_padded(prev, wp, 1);
		printf("   %s\n", str_of(r, "change"));
	}
}

static void print_problems(const struct recur_json *data)
{
	const struct recur_json *p = recur_json_get(data, "problems");
	const struct recur_json *all = recur_json_path(data, "totals.recurring_problems");
	const struct recur_json *top, *n;

	if (!p || p->type != RECUR_JSON_ARRAY || p->n == 0) {
		printf("  Recurring problems: none this %s\n", kind_of(data));
		return;
	}
	top = p->items[0];
	n = recur_json_get(top, "month_count");
	/* "problems" holds the top ones only; the totals count them all */
	printf("  Recurring problems: %.0f (top: %s %s, %.0f incident%s this %s)\n",
	       all && all->type == RECUR_JSON_NUMBER ? all->num : (double)p->n, str_of(top, "id"),
	       str_of(top, "title"), n && n->type == RECUR_JSON_NUMBER ? n->num : 0,
	       n && n->type == RECUR_JSON_NUMBER && n->num == 1 ? "" : "s", kind_of(data));
}

/* The metrics layer's incident (or problem) stream as the report's row
 * source, its rows counted for the progress line: the report reads rows
 * of data, never the database. */
struct stream {
	struct recur_metrics_incidents *it;
	struct cmd_progress *prog;
	const char *what;    /* "incidents", "problems" */
	const char *period;
	long long n, total;  /* rows read; the period's count (0: unknown) */
	double t0;           /* when the pass began, for the rate */
};

static int stream_rewind(void *ctx, struct recur_error *err)
{
	struct stream *s = ctx;

	(void)err;
	s->n = 0;
	s->t0 = cmd_progress_secs(s->prog);
	/* the query's first row can take seconds (a million to sort) */
	cmd_progress_show(s->prog, "report %s: reading the %s", s->period, s->what);
	return recur_metrics_incidents_rewind(s->it);
}

static void stream_show(struct stream *s)
{
	double secs = cmd_progress_secs(s->prog) - s->t0;
	int pct = s->total > 0 ? (int)(s->n * 100 / s->total) : 0;

	cmd_progress_show(s->prog, "report %s: %lld of %lld %s (%d%%), %.0f rows/s", s->period,
			  s->n, s->total, s->what, pct > 100 ? 100 : pct,
			  secs > 0 ? (double)s->n / secs : 0.0);
}

static int stream_next(void *ctx, const struct recur_json **row, struct recur_error *err)
{
	struct stream *s = ctx;
	int r = recur_metrics_incidents_next(s->it, row, err);

	if (r == 1 && !(++s->n & 4095))
		stream_show(s);
	else if (r == 0) /* what is left: the Markdown, HTML and the workbook's zip */
		cmd_progress_show(s->prog, "report %s: %lld %s, writing the files", s->period, s->n,
				  s->what);
	return r;
}

/* The period's incidents and problems as streams (metrics.h), or NULLs. */
struct streams {
	struct recur_metrics_incidents *incidents, *problems;
};

static void streams_free(struct streams *st)
{
	recur_metrics_incidents_free(st->incidents);
	recur_metrics_incidents_free(st->problems);
}

static long long count_at(const struct recur_json *data, const char *path)
{
	const struct recur_json *v = recur_json_path(data, path);

	return v && v->type == RECUR_JSON_NUMBER && v->num > 0 ? (long long)v->num : 0;
}

/* Writes the files from data and prints the figures and paths; returns an exit code.
 * st->incidents and st->problems, when not NULL, give every incident and
 * problem (data then has no incidents and only the listed problems). */
static int write_and_print(const struct recur_json *data, const struct streams *st,
			   const char *out_dir, unsigned forms, const char *template,
			   struct recur_global *g, struct cmd_progress *prog)
{
	const struct recur_json *period = recur_json_get(data, "month");
	const char *name = period && period->type == RECUR_JSON_STRING ? period->str : "";
	struct stream si = { st->incidents, prog, "incidents", name,
			     0, count_at(data, "totals.incidents"), 0 };
	struct stream sp = { st->problems, prog, "problems", name,
			     0, count_at(data, "totals.recurring_problems"), 0 };
	struct recur_report_rows rows = { stream_rewind, stream_next, &si };
	struct recur_report_rows problems = { stream_rewind, stream_next, &sp };
	struct recur_report_opts o = { out_dir, forms, template, g->now,
				       st->incidents ? &rows : NULL,
				       st->problems ? &problems : NULL };
	struct recur_report_files files;
	struct recur_error err;
	const char *sep = "";
	int rc;

	recur_error_init(&err);
	rc = recur_report_write(data, &o, &files, &err);
	cmd_progress_done(prog);
	if (rc) {
		recur_report_files_release(&files);
		return cmd_fail(&err);
	}
	print_headline(data);
	print_problems(data);
	printf("wrote");
	if (files.md)
		printf("%s %s", sep, files.md), sep = ",";
	if (files.html)
		printf("%s %s", sep, files.html), sep = ",";
	if (files.xlsx)
		printf("%s %s", sep, files.xlsx);
	printf("\n");
	recur_report_files_release(&files);
	return 0;
}

/* The review data of the period, with its incidents and problems as streams in *st. */
static int review_of(sqlite3 *db, const struct cmd_period *p, struct recur_global *g,
		     struct cmd_progress *prog, struct recur_json **data, struct streams *st)
{
	struct cmd_figures_progress fp = { prog, "report", NULL };
	struct recur_metrics_opts mo = { p->period, g->now, p->top, p->tz, 1,
					 RECUR_REPORT_MAX_INCIDENTS, cmd_figures_progress, &fp };
	struct recur_error err;
	char last[24];

	recur_error_init(&err);
	/* no review of an empty database or of a period the data does not
	 * reach: all zeros would look like an answer */
	if (recur_metrics_check_period(db, mo.month, p->tz, &err))
		return cmd_fail(&err);
	if (!mo.month) {
		if (recur_metrics_default_period(db, p->tz, 0, last, &err))
			return cmd_fail(&err);
		mo.month = last;
	}
	fp.period = mo.month;
	if (recur_metrics_review(db, &mo, data, &err) ||
	    recur_metrics_incidents_open(db, &mo, &st->incidents, &err) ||
	    recur_metrics_problems_open(db, &mo, &st->problems, &err))
		return cmd_fail(&err);
	return 0;
}

int cmd_report_run(sqlite3 *db, const struct cmd_period *p, const struct cmd_output *o,
		   struct recur_global *g)
{
	struct streams st = { NULL, NULL };
	struct recur_json *data = NULL;
	struct cmd_progress prog;
	int code;

	cmd_progress_start(&prog, g);
	if (!(code = review_of(db, p, g, &prog, &data, &st)))
		code = write_and_print(data, &st, o->dir, o->forms, *o->template ? o->template : NULL,
				       g, &prog);
	streams_free(&st);
	recur_json_free(data);
	return code;
}

/* Reads review data saved as JSON; checks it is for month when one is given. */
static int load_data(const char *path, const char *month, struct recur_json **data)
{
	struct recur_buf text = RECUR_BUF_INIT;
	struct recur_error err;
	const struct recur_json *m;
	int code = 0;

	recur_error_init(&err);
	if (recur_buf_read_file(&text, path)) {
		fprintf(stderr, "recur: cannot read review data '%s': %s\n", path, strerror(errno));
		code = RECUR_EXIT_DATA;
	} else if (recur_json_parse(text.buf, text.len, path, data, &err)) {
		code = cmd_fail(&err);
	} else if (month && (!(m = recur_json_get(*data, "month")) || m->type != RECUR_JSON_STRING ||
			     strcmp(m->str, month))) {
		code = cmd_usage_error("report", "the review data in '%s' is not for --month %s: "
				       "leave --month out with --data", path, month);
	}
	recur_buf_release(&text);
	return code;
}

/* --problem and --incident: one subject's data, written and named. */
static int subject(sqlite3 *db, int problem, const char *id, const struct cmd_period *p,
		   const struct cmd_output *out, struct recur_global *g)
{
	struct recur_metrics_opts mo = { NULL, g->now, p->top, p->tz, 0, 0, NULL, NULL };
	struct recur_report_opts o = { out->dir, out->forms, NULL, g->now, NULL, NULL };
	struct recur_report_files files;
	struct recur_json *data = NULL;
	struct recur_error err;
	char pid[32];
	int rc;

	if (problem && (rc = cmd_find_problem(db, id, pid)))
		return rc;
	recur_error_init(&err);
	memset(&files, 0, sizeof(files));
	rc = problem ? recur_metrics_problem(db, pid, &mo, &data, &err)
		     : recur_metrics_incident(db, id, &mo, &data, &err);
	if (!rc)
		rc = recur_report_write(data, &o, &files, &err);
	recur_json_free(data);
	if (rc) {
		recur_report_files_release(&files);
		return cmd_fail(&err);
	}
	printf("wrote");
	if (files.md)
		printf(" %s%s", files.md, files.html || files.xlsx ? "," : "");
	if (files.html)
		printf(" %s%s", files.html, files.xlsx ? "," : "");
	if (files.xlsx)
		printf(" %s", files.xlsx);
	printf("\n");
	recur_report_files_release(&files);
	return 0;
}

/* report's own options: a subject other than a period, or saved data. */
struct args {
	const char *problem, *incident, *data_path;
};

static int set_problem(void *t, const char *cmd, const char *arg)
{
	(void)cmd;
	((struct args *)t)->problem = arg;
	return 0;
}

static int set_incident(void *t, const char *cmd, const char *arg)
{
	(void)cmd;
	((struct args *)t)->incident = arg;
	return 0;
}

static int set_data(void *t, const char *cmd, const char *arg)
{
	(void)cmd;
	((struct args *)t)->data_path = arg;
	return 0;
}

static const struct cmd_option report_options[] = {
	{ "problem", 0, "PRB-…", "one problem: its incidents over time, TTR, root cause, "
	  "workaround and why incidents were linked", set_problem, NULL },
	{ "incident", 0, "ID", "one incident (its id in the export): fields, durations, timeline "
	  "and action items", set_incident, NULL },
	{ "data", 0, "FILE.json", "render review data saved by 'recur metrics --format json "
	  "--incidents' instead of reading the database", set_data, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

/* One subject at most: a period, a problem, an incident; --data only with a period. */
static int check_subject(const struct args *a, const struct cmd_period *p)
{
	if ((a->problem != NULL) + (a->incident != NULL) + (p->period != NULL) > 1)
		return cmd_usage_error("report", "give one of --month, --quarter, --problem and "
				       "--incident");
	if (a->data_path && (a->problem || a->incident))
		return cmd_usage_error("report", "--data holds review data of a period: leave "
				       "out --problem and --incident");
	return 0;
}

int cmd_report(int argc, char **argv, struct recur_global *g)
{
	struct args a = { NULL, NULL, NULL };
	struct cmd_period p = { NULL, NULL, NULL, 10 };
	struct cmd_output o = { ".", RECUR_REPORT_ALL, "" };
	const struct cmd_option_group groups[] = {
		{ "options", cmd_period_options, &p },
		{ NULL, report_options, &a },
		{ NULL, cmd_output_options, &o },
	};
	struct streams st = { NULL, NULL };
	struct recur_json *data = NULL;
	struct cmd_progress prog;
	sqlite3 *db = NULL;
	int code = cmd_parse_options("report", argc, argv, groups, 3, usage_head, usage_foot);

	if (code)
		return code < 0 ? 0 : code;
	if (optind < argc)
		return cmd_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if ((code = check_subject(&a, &p)))
		return code;
	cmd_progress_start(&prog, g);
	if (a.data_path)
		code = load_data(a.data_path, p.period, &data);
	else if (!(code = cmd_open_db_existing(g, &db))) {
		/* an incident's "seen before" searches the similarity index */
		if (a.incident)
			code = cmd_similar_index(db, g);
		if (!code && (a.problem || a.incident))
			code = subject(db, a.problem != NULL, a.problem ? a.problem : a.incident,
				       &p, &o, g);
		else if (!code)
			code = review_of(db, &p, g, &prog, &data, &st);
	}
	if (!code && data)
		code = write_and_print(data, &st, o.dir, o.forms, *o.template ? o.template : NULL, g,
				       &prog);
	streams_free(&st);
	recur_json_free(data);
	if (db)
		recur_db_close(db);
	return code;
}
