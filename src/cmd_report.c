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

static const char usage_text[] =
	"usage: recur report [--month YYYY-MM | --quarter YYYY-Qn] [--out DIR] [--format LIST]\n"
	"                    [--template NAME] [--tz ZONE] [--top N] [--data FILE.json]\n"
	"       recur report --problem PRB-… [--out DIR] [--format LIST] [--tz ZONE]\n"
	"       recur report --incident ID [--out DIR] [--format LIST] [--tz ZONE]\n"
	"\n"
	"Writes the reliability review of a month (review-YYYY-MM.md, .html and .xlsx)\n"
	"or a quarter (review-YYYY-Qn.*); or one problem's review (problem-PRB-….md,\n"
	".html); or one incident's postmortem summary (postmortem-ID.md, .html).\n"
	"\n"
	"  --month YYYY-MM      the month (default: the last complete month in the data)\n"
	"  --quarter YYYY-Qn    a quarter instead, e.g. 2026-Q3\n"
	"  --problem PRB-…      one problem: its incidents over time, TTR, root cause,\n"
	"                       workaround and why incidents were linked\n"
	"  --incident ID        one incident (its id in the export): fields, durations,\n"
	"                       timeline and action items\n"
	"  --tz ZONE            the time zone that decides which month an incident\n"
	"                       belongs to and in which dates are printed, e.g.\n"
	"                       Europe/Berlin (default: UTC)\n"
	"  --top N              services and problems to list (default 10)\n"
	"  --out DIR            the folder to write into, created if missing (default: .)\n"
	"  --format LIST        which forms: md,html,xlsx or all (default: all)\n"
	"  --template NAME      the Markdown template, a file in report-templates/ (default:\n"
	"                       monthly-review.md); add your own with --share DIR\n"
	"  --data FILE.json     render review data saved by 'recur metrics --format json\n"
	"                       --incidents' instead of reading the database\n"
	"  -h, --help           this help\n"
	"\n"
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

static void print_headline(const struct recur_json *data)
{
	const struct recur_json *rows = recur_json_get(data, "headline");
	int wm = 0, wv = 0, wp = 0;
	size_t i;

	printf("Reliability review for %s (previous month in brackets)\n", str_of(data, "month_name"));
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
		printf("  Recurring problems: none this month\n");
		return;
	}
	top = p->items[0];
	n = recur_json_get(top, "month_count");
	/* "problems" holds the top ones only; the totals count them all */
	printf("  Recurring problems: %.0f (top: %s %s, %.0f incident%s this month)\n",
	       all && all->type == RECUR_JSON_NUMBER ? all->num : (double)p->n, str_of(top, "id"),
	       str_of(top, "title"), n && n->type == RECUR_JSON_NUMBER ? n->num : 0,
	       n && n->type == RECUR_JSON_NUMBER && n->num == 1 ? "" : "s");
}

/* The metrics layer's incident stream as the report's row source: the
 * report reads rows of data, never the database. */
static int stream_rewind(void *ctx, struct recur_error *err)
{
	(void)err;
	return recur_metrics_incidents_rewind(ctx);
}

static int stream_next(void *ctx, const struct recur_json **row, struct recur_error *err)
{
	return recur_metrics_incidents_next(ctx, row, err);
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

/* Writes the files from data and prints the figures and paths; returns an exit code.
 * st->incidents and st->problems, when not NULL, give every incident and
 * problem (data then has no incidents and only the listed problems). */
static int write_and_print(const struct recur_json *data, const struct streams *st,
			   const char *out_dir, unsigned forms, const char *template,
			   struct recur_global *g)
{
	struct recur_report_rows rows = { stream_rewind, stream_next, st->incidents };
	struct recur_report_rows problems = { stream_rewind, stream_next, st->problems };
	struct recur_report_opts o = { out_dir, forms, template, g->now,
				       st->incidents ? &rows : NULL,
				       st->problems ? &problems : NULL };
	struct recur_report_files files;
	struct recur_error err;
	const char *sep = "";

	recur_error_init(&err);
	if (recur_report_write(data, &o, &files, &err)) {
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
static int review_of(sqlite3 *db, const char *month, int top, struct recur_global *g,
		     struct recur_json **data, struct streams *st)
{
	struct recur_metrics_opts mo = { month, g->now, top, g->tz, 1, RECUR_REPORT_MAX_INCIDENTS };
	struct recur_error err;
	char last[8];

	recur_error_init(&err);
	if (!month) {
		if (recur_metrics_last_month(db, g->now, last, &err))
			return cmd_fail(&err);
		mo.month = last;
	}
	if (recur_metrics_review(db, &mo, data, &err) ||
	    recur_metrics_incidents_open(db, &mo, &st->incidents, &err) ||
	    recur_metrics_problems_open(db, &mo, &st->problems, &err))
		return cmd_fail(&err);
	return 0;
}

int cmd_report_run(sqlite3 *db, const char *month, const char *out_dir, unsigned forms,
		   struct recur_global *g)
{
	struct streams st = { NULL, NULL };
	struct recur_json *data = NULL;
	int code = review_of(db, month, 10, g, &data, &st);

	if (!code)
		code = write_and_print(data, &st, out_dir, forms, NULL, g);
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
static int subject(sqlite3 *db, int problem, const char *id, const char *out_dir, unsigned forms,
		   struct recur_global *g)
{
	struct recur_metrics_opts mo = { NULL, g->now, 10, g->tz, 0, 0 };
	struct recur_report_opts o = { out_dir, forms, NULL, g->now, NULL, NULL };
	struct recur_report_files files;
	struct recur_json *data = NULL;
	struct recur_error err;
	int rc;

	recur_error_init(&err);
	memset(&files, 0, sizeof(files));
	rc = problem ? recur_metrics_problem(db, id, &mo, &data, &err)
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

/* "YYYY-Qn" with n 1..4 */
static int is_quarter(const char *s)
{
	return strlen(s) == 7 && strspn(s, "0123456789") == 4 && s[4] == '-' && s[5] == 'Q' &&
	       s[6] >= '1' && s[6] <= '4';
}

struct args {
	const char *month, *out_dir, *data_path, *problem, *incident;
	char template[512];
	unsigned forms;
	int top;
};

/* Parses the options into a; returns 0, -1 after --help, or an exit code. */
static int parse_args(int argc, char **argv, struct args *a, struct recur_global *g)
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "quarter", required_argument, NULL, 'q' },
		{ "problem", required_argument, NULL, 'p' },
		{ "incident", required_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "template", required_argument, NULL, 't' },
		{ "data", required_argument, NULL, 'd' },
		{ "tz", required_argument, NULL, 'z' },
		{ "top", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long long s, e, v;
	int opt, n = 0;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			if (recur_month_bounds(optarg, &s, &e))
				return cmd_usage_error("report", "bad month '%s': use YYYY-MM", optarg);
			a->month = optarg;
			n++;
			break;
		case 'q':
			if (!is_quarter(optarg))
				return cmd_usage_error("report", "bad quarter '%s': use YYYY-Qn, e.g. "
						       "2026-Q3", optarg);
			a->month = optarg;
			n++;
			break;
		case 'p': a->problem = optarg; n++; break;
		case 'i': a->incident = optarg; n++; break;
		case 'o': a->out_dir = optarg; break;
		case 'f':
			if (cmd_parse_forms(optarg, &a->forms))
				return cmd_usage_error("report", "bad --format '%s': use md,html,xlsx or all",
						       optarg);
			break;
		case 't':
			if (!*optarg || strlen(optarg) > 400)
				return cmd_usage_error("report", "bad --template '%s'", optarg);
			snprintf(a->template, sizeof(a->template), "%s%s",
				 strchr(optarg, '/') ? "" : "report-templates/", optarg);
			break;
		case 'd': a->data_path = optarg; break;
		case 'z': g->tz = optarg; break;
		case 'T':
			if (cmd_parse_long(optarg, 1, 100000, &v))
				return cmd_usage_error("report", "bad --top '%s': give a whole number "
						       "from 1 to 100000", optarg);
			a->top = (int)v;
			break;
		case 'h': fputs(usage_text, stdout); return -1;
		default: return cmd_usage_error("report", "unknown option");
		}
	}
	if (optind < argc)
		return cmd_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (n > 1)
		return cmd_usage_error("report", "give one of --month, --quarter, --problem and "
				       "--incident");
	if (a->data_path && (a->problem || a->incident))
		return cmd_usage_error("report", "--data holds review data of a period: leave "
				       "out --problem and --incident");
	return 0;
}

int cmd_report(int argc, char **argv, struct recur_global *g)
{
	struct args a = { NULL, ".", NULL, NULL, NULL, "", RECUR_REPORT_ALL, 10 };
	struct streams st = { NULL, NULL };
	struct recur_json *data = NULL;
	sqlite3 *db = NULL;
	int code = parse_args(argc, argv, &a, g);

	if (code)
		return code < 0 ? 0 : code;
	if (a.data_path)
		code = load_data(a.data_path, a.month, &data);
	else if (!(code = cmd_open_db(g, &db)) && (a.problem || a.incident))
		code = subject(db, a.problem != NULL, a.problem ? a.problem : a.incident, a.out_dir,
			       a.forms, g);
	else if (!code)
		code = review_of(db, a.month, a.top, g, &data, &st);
	if (!code && data)
		code = write_and_print(data, &st, a.out_dir, a.forms, *a.template ? a.template : NULL,
				       g);
	streams_free(&st);
	recur_json_free(data);
	if (db)
		recur_db_close(db);
	return code;
}
