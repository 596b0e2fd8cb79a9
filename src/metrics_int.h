/*
 * metrics_int.h — what metrics.c and metrics_headline.c share (internal to
 * the metrics layer; the public API is include/recur/metrics.h).
 */
#ifndef RECUR_METRICS_INT_H
#define RECUR_METRICS_INT_H

#include <stddef.h>

#include "recur/json.h"

/* x rounded to 0.1, half away from zero. */
double recur_metrics_round1(double x);
/* Seconds as minutes rounded to 0.1, half away from zero (exact for whole seconds). */
double recur_metrics_minutes(double seconds);
/* "up", "down" or "flat" from the sign of change. */
const char *recur_metrics_direction(double change);
/*
 * A duration in minutes in a human unit: "42.5 min" below 120 min, "3.2 h"
 * below 48 h, else "1.5 d"; each rounded to 0.1 of its unit. The sign is
 * left out (callers print changes with their own sign).
 */
void recur_metrics_human(double minutes, char *out, size_t size);
/*
 * The "headline" rows of the review data from its "totals" and "durations"
 * sections (borrowed): caller owns the result.
 */
struct recur_json *recur_metrics_headline(const struct recur_json *totals,
					  const struct recur_json *durations);

#endif
