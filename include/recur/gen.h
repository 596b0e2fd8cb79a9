/*
 * gen.h — a synthetic incident history, for benchmarks and scale tests.
 *
 * Deterministic for a seed: the same options give the same bytes. The
 * history has realistic skew (lognormal acknowledgement and resolution
 * times, bursts, business-hours bias) and recurring problems hidden in it:
 * families of titles that differ only in numbers, hosts and ids.
 */
#ifndef RECUR_GEN_H
#define RECUR_GEN_H

#include <stdio.h>

struct recur_gen_opts {
	long long incidents;     /* rows to write */
	unsigned long long seed;
	int months;              /* span of the history, ending at end_month */
	const char *end_month;   /* "YYYY-MM", the last month of the history */
	int json;                /* {"incidents": [{...}, ...]} instead of CSV */
};

/*
 * Writes the history to out as CSV (or, with opts->json, the same incidents
 * as JSON objects with the same keys, missing times null): the header
 *   id,title,service,team,severity,status,opened_at,acknowledged_at,mitigated_at,resolved_at
 * then opts->incidents rows in order of opened_at, times as ISO 8601 UTC.
 * Incidents still running at the end of end_month (the export time) have no
 * resolved_at. Returns 0, or -1 on a write error or when opts are not valid.
 */
int recur_gen_write(const struct recur_gen_opts *opts, FILE *out);

/* Whether opts are usable: incidents >= 0, months 1..1200, end_month "YYYY-MM",
 * and the history starts in 1970 or later. */
int recur_gen_valid(const struct recur_gen_opts *opts);

#endif
