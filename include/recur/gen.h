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
};

/* Writes the CSV (header + rows) to out. Returns 0, or -1 on a write error. */
int recur_gen_write(const struct recur_gen_opts *opts, FILE *out);

#endif
