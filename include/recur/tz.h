/*
 * tz.h — a named time zone for the length of one job.
 *
 * Zone rules come from the system's zoneinfo through the C library: TZ is
 * set while a file is imported (--source-tz) or a review is computed (--tz)
 * and restored after, so nothing else in the process sees it. Calendar
 * arithmetic in UTC lives in timeutil.h and never depends on TZ.
 */
#ifndef RECUR_TZ_H
#define RECUR_TZ_H

#include "recur/err.h"

struct recur_tz {
	int utc;      /* 1: UTC, no conversion and TZ untouched */
	int had_old;  /* TZ was set before */
	char *old;    /* its value */
};

/*
 * 0 when zone is NULL, "UTC" or a name in the tz database; otherwise -1 with
 * a usage error naming option (e.g. "--tz") and what to give instead.
 */
int recur_tz_check(const char *zone, const char *option, struct recur_error *err);
/* Sets TZ to zone (NULL or "UTC": nothing to do) until recur_tz_leave. */
void recur_tz_enter(struct recur_tz *tz, const char *zone);
/* Restores TZ as it was before recur_tz_enter. */
void recur_tz_leave(struct recur_tz *tz);

#endif
