/*
 * cmd_review.c — `recur review`: the monthly job in one command.
 *
 * Runs import → link → metrics → report with the same messages the single
 * commands print, stopping at the first step that fails. Its options are the
 * steps' own groups (cmd_options.c), so it has each of them, checked alike;
 * the period defaults, as in `recur report`, to the last month the data
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
#include <stdlib.h>

static const char usage_head[] =
	"usage: recur review [options] PATH...\n"
	"\n"
	"Imports the exports at PATH (files, or folders read with their subfolders\n"
	"as 'recur import --help' describes), links recurring incidents into\n"
	"problems, and writes the review of a month (or --quarter) as Markdown,\n"
	"HTML and XLSX. It takes the options of each step: import's, link's and\n"
	"report's, as 'recur import --help', 'recur link --help' and 'recur report\n"
	"--help' describe them; import's --format is --input-format here.\n";

static const char usage_foot[] =
	"exit codes: 0 ok, 1 data or runtime failure, 2 usage error\n"
	"\n"
	"example:\n"
	"  recur review exports/ --rules rules.conf --out reviews/\n"
	"  recur review exports/ --quarter 2026-Q3 --tz Europe/Berlin --out reviews/\n";

int cmd_review(int argc, char **argv, struct recur_global *g)
{
	struct cmd_period p = { NULL, NULL, NULL, 10 };
	struct cmd_output o = { ".", RECUR_REPORT_ALL, "" };
	struct recur_link_opts lo = { .min_incidents = 2 };
	struct recur_import_opts io = { 0 };
	const struct cmd_option_group groups[] = {
		{ "report options", cmd_period_options, &p },
		{ NULL, cmd_output_options, &o },
		{ "link options", cmd_link_options, &lo },
		{ "import options", cmd_import_options, &io },
	};
	struct recur_error err;
	sqlite3 *db = NULL;
	int code = cmd_parse_options("review", argc, argv, groups, 4, usage_head, usage_foot);

	if (code)
		goto out;
	if (optind >= argc) {
		code = cmd_usage_error("review", "give at least one export file or folder");
		goto out;
	}
	recur_error_init(&err);
	if (recur_tz_check(p.tz, "--tz", &err)) { /* before any work, not after the import */
		code = cmd_fail(&err);
		goto out;
	}
	io.now = lo.now = g->now;
	if ((code = cmd_open_db(g, &db)))
		goto out;
	code = cmd_import_run(db, argv + optind, argc - optind, &io, g);
	if (!code)
		code = cmd_link_run(db, &lo, g);
	if (!code)
		code = cmd_report_run(db, &p, &o, g);
	recur_db_close(db);
out:
	free((void *)io.maps);
	return code < 0 ? 0 : code;
}
