/*
 * cmd_review.c — `recur review`: the monthly job in one command.
 *
 * Runs import → link → metrics → report with the same messages the single
 * commands print, stopping at the first step that fails. It adds nothing of
 * its own but the choice of month: by default the last month the data
 * covers (metrics.h, recur_metrics_default_period).
 */
#include "cmd.h"
#include "recur/db.h"
#include "recur/import.h"
#include "recur/link.h"
#include "recur/metrics.h"
#include "recur/report.h"
#include "recur/timeutil.h"
#include "recur/tz.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"usage: recur review [options] PATH...\n"
	"\n"
	"Imports the exports at PATH (files or folders), links recurring incidents\n"
	"into problems, and writes the month's review as Markdown, HTML and XLSX.\n"
	"\n"
	"options:\n"
	"  --month YYYY-MM      the month to review (default: the last month the\n"
	"                       data covers, whatever today's date)\n"
	"  --tz ZONE            the time zone that decides which month an incident\n"
	"                       belongs to and in which dates are printed (default: UTC)\n"
	"  --out DIR            where to write review-YYYY-MM.{md,html,xlsx} (default: .)\n"
	"  --format LIST        which forms: md,html,xlsx or all (default: all)\n"
	"  --rules FILE         a rules file for linking (see 'recur link --help')\n"
	"  --min-incidents N    incidents that make a problem recurring (default: 2)\n"
	"  --window DAYS        ... when opened within DAYS days (default: any time)\n"
	"  --date-order ORDER   dmy or mdy, for numeric dates the data leaves ambiguous\n"
	"  --strict             fail on any value that cannot be parsed\n"
	"  -h, --help           this help\n"
	"\n"
	"example:\n"
	"  recur review exports/ --rules rules.conf --out reviews/\n";

int cmd_review(int argc, char **argv, struct recur_global *g)
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "out", required_argument, NULL, 'o' },
		{ "tz", required_argument, NULL, 'z' },
		{ "format", required_argument, NULL, 'f' },
		{ "rules", required_argument, NULL, 'r' },
		{ "min-incidents", required_argument, NULL, 'n' },
		{ "window", required_argument, NULL, 'w' },
		{ "date-order", required_argument, NULL, 'D' },
		{ "strict", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct recur_import_opts io = { 0 };
	struct recur_link_opts lo = { 0 };
	struct recur_error err;
	const char *month = NULL, *out_dir = ".";
	unsigned forms = RECUR_REPORT_ALL;
	char last[24];
	long long n, a, b;
	sqlite3 *db = NULL;
	int opt, code;

	lo.min_incidents = 2;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			if (recur_month_bounds(optarg, &a, &b))
				return cmd_usage_error("review", "bad month '%s': use YYYY-MM", optarg);
			month = optarg;
			break;
		case 'o': out_dir = optarg; break;
		case 'z': g->tz = optarg; break;
		case 'f':
			if (cmd_parse_forms(optarg, &forms))
				return cmd_usage_error("review", "bad --format '%s': use md,html,xlsx or all",
						       optarg);
			break;
		case 'r': lo.rules_path = optarg; break;
		case 'n':
			if (cmd_parse_long(optarg, 1, 1000000, &n))
				return cmd_usage_error("review", "bad --min-incidents '%s': give a number ≥ 1",
						       optarg);
			lo.min_incidents = (int)n;
			break;
		case 'w':
			if (cmd_parse_long(optarg, 1, 36500, &n))
				return cmd_usage_error("review", "bad --window '%s': give a number of days "
						       "from 1 to 36500", optarg);
			lo.window_days = (int)n;
			break;
		case 'D':
			if (!strcmp(optarg, "dmy"))
				io.date_order = RECUR_DATE_DMY;
			else if (!strcmp(optarg, "mdy"))
				io.date_order = RECUR_DATE_MDY;
			else
				return cmd_usage_error("review", "bad --date-order '%s': use dmy or mdy", optarg);
			break;
		case 'S': io.strict = 1; break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: return cmd_usage_error("review", "unknown option");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("review", "give at least one export file or folder");
	recur_error_init(&err);
	if (recur_tz_check(g->tz, "--tz", &err)) /* before any work, not after the import */
		return cmd_fail(&err);
	io.now = lo.now = g->now;

	if ((code = cmd_open_db(g, &db)))
		return code;
	code = cmd_import_run(db, argv + optind, argc - optind, &io, g);
	if (!code)
		code = cmd_link_run(db, &lo, g);
	if (!code && !month) {
		recur_error_init(&err);
		if (recur_metrics_default_period(db, g->tz, 0, last, &err))
			code = cmd_fail(&err);
		month = last;
	}
	if (!code)
		code = cmd_report_run(db, month, out_dir, forms, g);
	recur_db_close(db);
	return code;
}
