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
#include <time.h>

static const char usage_head[] =
	"usage: recur link [--rules FILE | --no-rules] [--min-incidents N] [--window DAYS]\n"
	"                  [--fields LIST | --no-signatures] [--full]\n"
	"\n"
	"Links each incident in the database to at most one problem record, in\n"
	"this order of precedence:\n"
	"  1. the export's own problem reference (problem_ref), kept as it is;\n"
	"  2. the first rule in the rules file whose pattern matches;\n"
	"  3. its signature: the title with numbers, ids, hosts, IPs, paths, times\n"
	"     and quoted words masked, mined into templates per service\n"
	"     (\"DB pool exhausted on <HOST> (<NUM>%)\"; see 'recur signatures'),\n"
	"     when at least N incidents of one service share it; titles that are\n"
	"     codes (\"Symptom 72\") make no signature;\n"
	"  4. similar wording: titles no template grouped, and every title of an\n"
	"     export written by people (few titles share a template), grouped when\n"
	"     their light-stemmed words have a mean TF-IDF cosine of 0.6 or more.\n"
	"Problem ids (PRB-…) are derived from the rule name or the signature, so\n"
	"they stay the same on every run; when new data makes a signature more\n"
	"general, its problem keeps the id of the one that held most of its\n"
	"incidents. Running again recomputes all links, or returns at once when\n"
	"nothing was imported and no option changed since the last run (--full\n"
	"links anyway). The rules file is stored in the database: runs without\n"
	"--rules use the stored rules. A problem no incident links to any more is\n"
	"kept, retired, when a rule, status, root cause or workaround is recorded\n"
	"in it; a mined one is removed. Both are said in the output. Progress\n"
	"shows on stderr, when it is a terminal, once a run takes a second.\n";

static const char usage_foot[] =
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


/* "YYYY-MM-DD HH:MM UTC" of t, into buf. */
static const char *stamp(long long t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(buf, size, "%lld", t);
	return buf;
}

/* One line on the rules used: where from, and what became of the stored ones. */
static void print_rules(const struct recur_link_result *r)
{
	char day[16];
	time_t t = (time_t)r->rules_stored_at;
	struct tm tm;

	if (r->rules_from == RECUR_RULES_FILE)
		printf("rules: %ld from %s, stored in the database for runs without --rules%s\n",
		       r->rules, r->rules_path, r->rules_replaced ? " (they replace the rules stored "
		       "before)" : "");
	else if (r->rules_from == RECUR_RULES_STORED && gmtime_r(&t, &tm) &&
		 strftime(day, sizeof(day), "%Y-%m-%d", &tm))
		printf("rules: %ld stored from %s on %s (--rules FILE replaces them, --no-rules "
		       "drops them)\n", r->rules, r->rules_path, day);
	else if (r->rules_dropped)
		printf("rules: none; the stored rules were dropped (--no-rules)\n");
}

/* Progress (cmd_progress.c): the step, and rows with rows/s while
 * incidents are read; cleared at the end (step NULL). */
static void show_progress(const char *step, long long done, long long total, void *ctx)
{
	struct cmd_progress *p = ctx;

	if (!step)
		cmd_progress_done(p);
	else if (total > 0)
		cmd_progress_show(p, "link: %s: %3lld%%, %lld rows, %.0f rows/s", step,
				  done * 100 / total, done, (double)done / cmd_progress_secs(p));
	else
		cmd_progress_show(p, "link: %s", step);
}

int cmd_link_run(sqlite3 *db, const struct recur_link_opts *o, struct recur_global *g)
{
	struct recur_link_opts opts = *o;
	struct cmd_progress prog;
	struct recur_link_result r;
	struct recur_error err;
	char day[32];

	if (o->rules_path && o->no_rules)
		return cmd_usage_error(g->cmd, "give --rules FILE or --no-rules, not both");
	recur_error_init(&err);
	if (g->progress && !opts.progress) {
		cmd_progress_start(&prog, g);
		opts.progress = show_progress;
		opts.progress_ctx = &prog;
	}
	if (recur_link_run(db, &opts, &r, &err))
		return cmd_fail(&err);
	print_rules(&r);
	if (r.unchanged)
		printf("nothing new since the last link (%s): problems and links are as they were "
		       "(--full links again)\n", stamp(r.last_linked_at, day, sizeof(day)));
	printf("linked %ld of %ld incidents: %ld by rule, %ld by signature, %ld by similar title, "
	       "%ld from the export; %ld problems (%ld recurring)\n", r.linked, r.incidents,
	       r.rule_links, r.signature_links, r.similar_links, r.source_links, r.problems,
	       r.recurring);
	if (r.code_sources)
		printf("no signatures from titles that are codes, not words (%s): the export has no "
		       "free-text title; --fields chooses what signatures read\n", r.code_titles);
	if (r.human_sources)
		printf("titles written by people, grouped by similar wording, not by template: %s\n",
		       r.human_titles);
	if (r.retired)
		printf("kept %ld problem%s no incident links to any more, retired (%s): %s\n", r.retired,
		       r.retired == 1 ? "" : "s", "a rule, status, root cause or workaround is "
		       "recorded in them; see recur problems --all", r.retired_list);
	if (r.removed)
		printf("removed %ld mined problem%s no incident matches any more (nothing was "
		       "recorded in them)\n", r.removed, r.removed == 1 ? "" : "s");
	return 0;
}

int cmd_link(int argc, char **argv, struct recur_global *g)
{
	struct recur_link_opts o = { .min_incidents = 2 };
	const struct cmd_option_group groups[] = { { "options", cmd_link_options, &o } };
	sqlite3 *db = NULL;
	int code = cmd_parse_options("link", argc, argv, groups, 1, usage_head, usage_foot);

	if (code)
		return code < 0 ? 0 : code;
	if (optind < argc)
		return cmd_usage_error("link", "unexpected argument '%s'", argv[optind]);
	o.now = g->now;
	if ((code = cmd_open_db(g, &db)))
		return code;
	code = cmd_link_run(db, &o, g);
	recur_db_close(db);
	return code;
}
