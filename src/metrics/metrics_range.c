/*
 * metrics_range.c — whether the data reaches a period at all: a review of
 * an empty database, or of a month before the first opening or after the
 * last, would be all zeros that look like an answer. It reads the span of
 * openings and compares; it does not choose a default period (that is
 * recur_metrics_default_period) and never prints.
 */
#include "metrics_int.h"
#include "recur/tz.h"

#include <stdio.h>
#include <string.h>

/* The first and last opened_at: 0, or 1 when no incident has one. */
static int openings(sqlite3 *db, long long *first, long long *last, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc, none = 1;

	/* two subqueries, so each min/max reads one end of incidents_opened */
	if (recur_db_prepare(db, "SELECT (SELECT min(opened_at) FROM incidents), "
				 "(SELECT max(opened_at) FROM incidents)", &st, err))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*first = sqlite3_column_int64(st, 0);
		*last = sqlite3_column_int64(st, 1);
		none = 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return recur_error_set(err, "cannot read the incidents' openings: %s",
				       sqlite3_errmsg(db));
	return none;
}

/* "YYYY-MM" or "YYYY-Qn" of t in the zone, as key is a month or a quarter. */
static void key_of(const struct recur_tz *tz, long long t, int quarter, char out[24])
{
	int f[6];

	recur_metrics_local_split(tz, t, f);
	if (quarter)
		snprintf(out, 24, "%04d-Q%d", f[0] % 10000, (f[1] - 1) / 3 + 1);
	else
		snprintf(out, 24, "%04d-%02d", f[0] % 10000, f[1]);
}

int recur_metrics_check_period(sqlite3 *db, const char *period, const char *zone,
			       struct recur_error *err)
{
	struct recur_periods per;
	struct recur_tz tz;
	char d1[16], d2[16], k1[24], k2[24];
	long long first = 0, last = 0;
	int quarter, r;

	if ((r = openings(db, &first, &last, err)) < 0)
		return -1;
	if (r)
		return recur_error_set(err, "no incidents in the database: import an export that "
				       "holds incidents first ('recur import FILE')");
	if (!period)
		return 0;
	if (recur_tz_check(zone, "--tz", err))
		return -1;
	recur_tz_enter(&tz, zone);
	quarter = strchr(period, 'Q') != NULL;
	r = recur_metrics_periods(period, &tz, &per);
	recur_metrics_local_date(&tz, first, d1);
	recur_metrics_local_date(&tz, last, d2);
	key_of(&tz, first, quarter, k1);
	key_of(&tz, last, quarter, k2);
	recur_tz_leave(&tz);
	if (r)
		return recur_error_set(err, "bad period '%s': use YYYY-MM or YYYY-Qn", period);
	if (per.cur.end <= first || per.cur.start > last)
		return recur_error_set(err, "no data for '%s': the incidents were opened from %s to "
				       "%s; give a %s from %s to %s", period, d1, d2,
				       quarter ? "--quarter" : "--month", k1, k2);
	return 0;
}
