/*
 * main.c — global options, the command table, exit codes.
 *
 * Everything a command does lives in cmd_NAME.c; this file only finds the
 * command, sets up what all commands share (database path, the clock, the
 * share folder) and makes sure a failed write to stdout fails the run.
 */
#include "cli/cmd.h"
#include "recur/share.h"
#include "recur/version.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct recur_global *g);
	const char *summary;
};

static const struct command commands[] = {
	{ "review", cmd_review, "import, link, compute and report a month in one step" },
	{ "import", cmd_import, "load incident exports (CSV, JSON) into the database" },
	{ "link", cmd_link, "link recurring incidents into problem records" },
	{ "problems", cmd_problems, "list problem records, or show one" },
	{ "similar", cmd_similar, "list earlier incidents like one incident or a text" },
	{ "signatures", cmd_signatures, "print the template of each line on stdin" },
	{ "metrics", cmd_metrics, "print a month's figures: counts, TTA, TTR, problems" },
	{ "report", cmd_report, "write a month's review as Markdown, HTML and XLSX" },
	{ "render", cmd_render, "render a Mustache template with JSON data" },
	{ "gen", cmd_gen, "write a synthetic incident history (CSV or JSON)" },
	{ "help", NULL, "show help for recur or a command" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"usage: recur [--db FILE] [--share DIR] [--now TIME] COMMAND [options] [args]\n"
		"\n"
		"Postmortem and problem-management analytics: import incident exports,\n"
		"link recurring incidents into problems, and write monthly reviews.\n"
		"\n"
		"commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"global options:\n"
		"  --db FILE      the database (default: recur.db in this folder)\n"
		"  --share DIR    a folder whose queries/ and report-templates/ override\n"
		"                 the built-in ones (default: $RECUR_SHARE)\n"
		"  --now TIME     the current time, as epoch seconds or YYYY-MM-DD, for\n"
		"                 reproducible output (default: $SOURCE_DATE_EPOCH or the clock)\n"
		"  --version      print the version\n"
		"  -h, --help     this help\n"
		"\n"
		"exit codes: 0 ok, 1 data or runtime failure, 2 usage error\n"
		"\n"
		"Start with:  recur review EXPORT.csv --out reviews/\n"
		"Run 'recur COMMAND --help' for a command's options.\n");
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* --now: epoch seconds or YYYY-MM-DD[THH:MM:SS] (UTC). */
static int parse_now(const char *s, long long *out)
{
	int y, m, d, h = 0, mi = 0, sec = 0, n = 0;

	if (!cmd_parse_long(s, 0, 253402300799LL, out))
		return 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && (s[n] == '\0' ||
	    (sscanf(s + n, "%*[T ]%2d:%2d:%2d", &h, &mi, &sec) == 3))) {
		struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
				 .tm_hour = h, .tm_min = mi, .tm_sec = sec };

		*out = (long long)timegm(&tm);
		return 0;
	}
	return -1;
}

static int finish(int code)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "recur: cannot write output: %s\n", strerror(errno));
		return RECUR_EXIT_DATA;
	}
	return code;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "share", required_argument, NULL, 's' },
		{ "now", required_argument, NULL, 'n' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct recur_global g = { "recur.db", 0, 0, NULL };
	const char *now = getenv("SOURCE_DATE_EPOCH");
	const struct command *c;
	int opt;

	recur_share_set_dir(getenv("RECUR_SHARE"));
	/* '+': stop at the command name, so each command parses its own options */
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': g.db_path = optarg; break;
		case 's': recur_share_set_dir(optarg); break;
		case 'n': now = optarg; break;
		case 'V': printf("recur %s\n", RECUR_VERSION); return finish(0);
		case 'h': usage(stdout); return finish(0);
		default: usage(stderr); return RECUR_EXIT_USAGE;
		}
	}
	if (now && *now) {
		if (parse_now(now, &g.now)) {
			fprintf(stderr, "recur: bad time '%s' for --now or SOURCE_DATE_EPOCH: "
				"give epoch seconds or YYYY-MM-DD\n", now);
			return RECUR_EXIT_USAGE;
		}
	} else {
		g.now = (long long)time(NULL);
	}
	g.progress = isatty(STDERR_FILENO);
	if (optind >= argc) {
		usage(stderr);
		return RECUR_EXIT_USAGE;
	}
	if (!strcmp(argv[optind], "help")) {
		if (optind + 1 < argc && (c = find_command(argv[optind + 1])) && c->fn) {
			char *help_argv[] = { argv[optind + 1], "--help", NULL };

			optind = 0; /* full reset of getopt for the command */
			g.cmd = c->name;
			return finish(c->fn(2, help_argv, &g));
		}
		usage(stdout);
		return finish(0);
	}
	c = find_command(argv[optind]);
	if (!c) {
		fprintf(stderr, "recur: '%s' is not a recur command\n\n", argv[optind]);
		usage(stderr);
		return RECUR_EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	optind = 0;
	g.cmd = c->name;
	return finish(c->fn(argc, argv, &g));
}
