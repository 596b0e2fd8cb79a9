/*
 * timeparse.h — reading the many time spellings of incident exports into UTC
 * epoch seconds: ISO 8601 (offsets, fractions, 'T' or space, date only),
 * numeric dates with '/', '-' or '.' in day-first or month-first order (no
 * zero padding needed, two-digit years), 12-hour clocks with AM/PM, month
 * names (25/Feb/26 10:17 PM, Feb 25, 2026, 25 February 2026), and epoch
 * seconds (10 digits) or milliseconds (13 digits). Times without an offset
 * are read as UTC. Calendar math comes from timeutil.h, never mktime/TZ.
 */
#ifndef RECUR_TIMEPARSE_H
#define RECUR_TIMEPARSE_H

#include <stddef.h>

enum recur_date_order {
	RECUR_DATE_AUTO = 0, /* decided per column from the values */
	RECUR_DATE_DMY,
	RECUR_DATE_MDY,
};

/*
 * Parses s[0..len) (surrounding spaces ignored). order says how to read a
 * numeric date a/b/y; RECUR_DATE_AUTO reads it day-first when a > 12 and
 * month-first otherwise. Returns 0 with *out set, or -1 when s is not a time
 * or names an impossible date (31/4/2026, 25:00).
 */
int recur_time_parse(const char *s, size_t len, enum recur_date_order order, long long *out);
/*
 * The same, and *zoned (when not NULL) says whether the text carried its own
 * zone (Z, UTC, an offset, or an epoch number): a naive time can then be
 * re-read in the export's zone by the caller.
 */
int recur_time_parse_zoned(const char *s, size_t len, enum recur_date_order order,
			   long long *out, int *zoned);

/* What a column's numeric a/b/y dates say about their order. */
struct recur_date_scan {
	long dmy;              /* values whose first number is > 12: day-first */
	long mdy;              /* values whose second number is > 12: month-first */
	long ambiguous;        /* numeric dates with both numbers ≤ 12 */
	long dmy_line, mdy_line;  /* where the first evidence of each was seen */
	char dmy_example[40], mdy_example[40];
};

enum recur_date_how {
	RECUR_DATE_NONE,      /* no numeric a/b/y dates at all: the order does not matter */
	RECUR_DATE_DECIDED,   /* the values decide it */
	RECUR_DATE_ASSUMED,   /* only ambiguous values: the fallback was used */
};

/* Adds one value (seen on line) to the scan. */
void recur_date_scan_add(struct recur_date_scan *s, const char *v, size_t len, long line);
/*
 * Decides the order of a scanned column: day-first when some first number is
 * > 12, month-first when some second number is; with only ambiguous values,
 * fallback (RECUR_DATE_AUTO there means month-first, as US tools write).
 * Returns 0 with *out and *how set, or -1 when the column holds both kinds
 * (the examples in s say where).
 */
int recur_date_scan_decide(const struct recur_date_scan *s, enum recur_date_order fallback,
			   enum recur_date_order *out, enum recur_date_how *how);

#endif
