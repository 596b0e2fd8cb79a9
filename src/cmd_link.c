/*
 * cmd_link.c — `recur link`: link recurring incidents into problem records.
 *
 * Parses options and calls recur_link_run; the linking itself is link.c's.
 * cmd_link_run is shared with `recur review`, so both print the same line.
 */
#include "cmd.h"
#include "recur/db.h"
#include "recur/link.h"

#include <getopt.h>
#include <stdio.h>

static const char usage_text[] =
	"usage: recur link [--rules FILE] [--min-incidents N] [--window DAYS]\n"
	"\n"
	"Links each incident in the database to at most one problem record, in\n"
	"this order of precedence:\n"
	"  1. the export's own problem reference (problem_ref), kept as it is;\n"
	"  2. the first rule in the rules file whose pattern matches;\n"
	"  3. its signature: the title with numbers, ids, hosts, IPs, paths, times\n"
	"     and quoted words masked, mined into templates per service\n"
	"     (\"DB pool exhausted on <HOST> (<NUM>%)\"; see 'recur signatures'),\n"
	"     when at least N incidents of one service share it.\n"
	"Problem ids (PRB-…) are derived from the rule name or the signature, so\n"
	"they stay the same on every run; when new data makes a signature more\n"
	"general, its problem keeps the id of the one that held most of its\n"
	"incidents. Running again recomputes all links.\n"
	"\n"
	"options:\n"
	"  -r, --rules FILE         rules file (format below)\n"
	"  -n, --min-incidents N    incidents a signature needs to become a problem,\n"
	"                           and a problem to count as recurring (default 2)\n"
	"  -w, --window DAYS        recurring means N incidents opened within DAYS days\n"
	"                           of each other (default: any time in the history)\n"
	"  -h, --help               this help\n"
	"\n"
	"rules file (full guide: sample-data/RULES.md):\n"
	"  # comments start with '#'\n"
	"  [rule checkout-db-pool]\n"
	"  title = Checkout DB connection pool exhausted\n"
	"  fields = title, description     # default: title\n"
	"  pattern = (?i)connection pool (exhausted|timeout)\n"
	"  service = checkout              # optional: only these services\n"
	"  root_cause = Pool too small for the Black Friday load\n"
	"  workaround = Restart the checkout pods\n"
	"  status = known error            # investigating | known error | resolved\n"
	"Patterns are PCRE2 (Perl syntax; (?i) ignores case). A rule may have several\n"
	"pattern lines and matches when any does.\n"
	"\n"
	"example:\n"
	"  recur link --rules rules.conf\n"
	"  recur problems\n";

static const struct option link_options[] = {
	{ "rules", required_argument, NULL, 'r' },
	{ "min-incidents", required_argument, NULL, 'n' },
	{ "window", required_argument, NULL, 'w' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_link_run(sqlite3 *db, const struct recur_link_opts *o, struct recur_global *g)
{
	struct recur_link_result r;
	struct recur_error err;

	(void)g;
	recur_error_init(&err);
	if (recur_link_run(db, o, &r, &err))
		return cmd_fail(&err);
	printf("linked %ld of %ld incidents: %ld by rule, %ld by signature, %ld from the export; "
	       "%ld problems (%ld recurring)\n", r.linked, r.incidents, r.rule_links, r.signature_links,
	       r.source_links, r.problems, r.recurring);
	return 0;
}

int cmd_link(int argc, char **argv, struct recur_global *g)
{
	struct recur_link_opts o = { NULL, 2, 0, 0 };
	sqlite3 *db = NULL;
	long long n;
	int opt, code;

	opterr = 0; /* one message, ours */
	while ((opt = getopt_long(argc, argv, "r:n:w:h", link_options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			o.rules_path = optarg;
			break;
		case 'n':
			if (cmd_parse_long(optarg, 1, 1000000, &n))
				return cmd_usage_error("link", "bad --min-incidents '%s': give a whole "
						       "number from 1", optarg);
			o.min_incidents = (int)n;
			break;
		case 'w':
			if (cmd_parse_long(optarg, 1, 36500, &n))
				return cmd_usage_error("link", "bad --window '%s': give a number of days "
						       "from 1 to 36500", optarg);
			o.window_days = (int)n;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return cmd_usage_error("link", "unknown option or missing value in '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error("link", "unexpected argument '%s'", argv[optind]);
	o.now = g->now;
	if ((code = cmd_open_db(g, &db)))
		return code;
	code = cmd_link_run(db, &o, g);
	recur_db_close(db);
	return code;
}
