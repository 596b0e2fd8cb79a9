/*
 * cmd_gen.c — `recur gen`: a synthetic incident history as CSV on stdout.
 *
 * Parses options and calls recur_gen_write; the history itself is gen.c's.
 * It never reads the database or the clock (--now does not apply), so the
 * same options always give the same bytes.
 */
#include "cmd.h"
#include "recur/gen.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define GEN_DEFAULT_END "2026-10"

static const char usage_text[] =
	"usage: recur gen --incidents N [--seed S] [--months M] [--end YYYY-MM] [--json]\n"
	"\n"
	"Writes a synthetic incident history as CSV to stdout, for benchmarks and\n"
	"scale tests: realistic arrival times, acknowledgement and resolution times,\n"
	"and recurring problems hidden among one-off incidents. The same options\n"
	"always give the same bytes.\n"
	"\n"
	"options:\n"
	"  -n, --incidents N   number of incidents to write (required)\n"
	"  -s, --seed S        random seed (default 1)\n"
	"  -m, --months M      months of history, 1..1200 (default 12)\n"
	"  -e, --end YYYY-MM   the last month of the history (default " GEN_DEFAULT_END ")\n"
	"  -j, --json          the same incidents as JSON: {\"incidents\": [{...}, ...]}\n"
	"  -h, --help          this help\n"
	"\n"
	"example:\n"
	"  recur gen --incidents 100000 --seed 7 > history.csv\n"
	"  recur import history.csv\n";

static const struct option gen_options[] = {
	{ "incidents", required_argument, NULL, 'n' },
	{ "seed", required_argument, NULL, 's' },
	{ "months", required_argument, NULL, 'm' },
	{ "end", required_argument, NULL, 'e' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_gen(int argc, char **argv, struct recur_global *g)
{
	struct recur_gen_opts o = { -1, 1, 12, GEN_DEFAULT_END, 0 };
	long long v;
	int opt;

	(void)g;
	opterr = 0; /* one message, ours */
	while ((opt = getopt_long(argc, argv, "n:s:m:e:jh", gen_options, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (cmd_parse_long(optarg, 0, 1000000000000LL, &o.incidents))
				return cmd_usage_error("gen", "bad number of incidents '%s': give a "
						       "whole number from 0", optarg);
			break;
		case 's':
			if (cmd_parse_long(optarg, 0, 0x7fffffffffffffffLL, &v))
				return cmd_usage_error("gen", "bad seed '%s': give a whole number "
						       "from 0", optarg);
			o.seed = (unsigned long long)v;
			break;
		case 'm':
			if (cmd_parse_long(optarg, 1, 1200, &v))
				return cmd_usage_error("gen", "bad number of months '%s': give a "
						       "whole number from 1 to 1200", optarg);
			o.months = (int)v;
			break;
		case 'e':
			o.end_month = optarg;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return cmd_usage_error("gen", "unknown option or missing value in '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error("gen", "unexpected argument '%s'", argv[optind]);
	if (o.incidents < 0)
		return cmd_usage_error("gen", "missing --incidents: say how many incidents to write");
	if (!recur_gen_valid(&o))
		return cmd_usage_error("gen", "bad month '%s' for --end: give YYYY-MM", o.end_month);
	if (recur_gen_write(&o, stdout)) {
		perror("recur gen: cannot write output");
		clearerr(stdout); /* reported once, here, with the right errno */
		return RECUR_EXIT_DATA;
	}
	return 0;
}
