/*
 * timeutil.h — calendar arithmetic on UTC epoch seconds, without the C
 * library's time zone state (so results never depend on TZ).
 * Parsing of the many export spellings lives in timeparse.h.
 */
#ifndef RECUR_TIMEUTIL_H
#define RECUR_TIMEUTIL_H

#include <stddef.h>

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12). */
long long recur_days_from_civil(int y, int m, int d);
/* The date of a day number (inverse of recur_days_from_civil). */
void recur_civil_from_days(long long days, int *y, int *m, int *d);
/* Epoch seconds of y-m-d h:mi:s UTC. */
long long recur_time_make(int y, int m, int d, int h, int mi, int s);
/* Splits epoch seconds t into UTC fields. */
void recur_time_split(long long t, int *y, int *m, int *d, int *h, int *mi, int *s);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL). */
void recur_time_iso(long long t, char out[32]);
/* Writes "YYYY-MM-DD HH:MM" (UTC). */
void recur_time_short(long long t, char out[32]);
/* Writes "YYYY-MM-DD" (UTC). */
void recur_time_date(long long t, char out[16]);
/* Writes the month "YYYY-MM" of t (UTC). */
void recur_time_month(long long t, char out[8]);
/*
 * Parses "YYYY-MM" into the epoch seconds of its first instant and of the
 * next month's first instant (UTC). Returns 0, or -1 when s is not a month.
 */
int recur_month_bounds(const char *s, long long *start, long long *end);
/* Adds delta months to "YYYY-MM" month, writing the result to out. */
void recur_month_add(const char *month, int delta, char out[8]);

/* The unit a reader expects for a duration: minutes under 2 hours, hours
 * under 2 days, then days (tables, the terminal and chart axes alike). */
#define RECUR_MINUTES_BELOW 120.0        /* minutes */
#define RECUR_HOURS_BELOW (48.0 * 60.0)  /* minutes */
/* Writes |minutes| in that unit, one decimal, thousands grouped:
 * "42.5 min", "3.2 h", "45,509.2 d" (the caller adds any sign). */
void recur_duration_text(double minutes, char *out, size_t size);

#endif
