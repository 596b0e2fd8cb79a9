/*
 * metrics_period.c — the periods a review compares (a month or a quarter,
 * the one before it, the same one a year earlier, the 12-month trend) as
 * epoch bounds in the report's time zone, and times printed in that zone.
 *
 * Time zones come from tz.h: TZ is set for the length of one review and
 * restored after. DST is handled by mktime:
 * a month starts at local midnight of its first day, whatever the offset.
 * It never prints and never reads the database.
 */
#include "metrics_int.h"
#include "recur/mem.h"
#include "recur/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

const char *recur_metrics_month_name(int m)
{
	return m >= 1 && m <= 12 ? month_names[m - 1] : "";
}

/* Epoch seconds of local midnight y-m-1 (m may run past 12). */
static long long local_month_start(const struct recur_tz *tz, int y, int m)
{
	struct tm tm;

	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	if (tz->utc)
		return recur_time_make(y, m, 1, 0, 0, 0);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = 1;
	tm.tm_isdst = -1;
	return (long long)mktime(&tm);
}

void recur_metrics_local_split(const struct recur_tz *tz, long long t, int f[6])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (tz->utc) {
		recur_time_split(t, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5]);
		return;
	}
	localtime_r(&tt, &tm);
	f[0] = tm.tm_year + 1900;
	f[1] = tm.tm_mon + 1;
	f[2] = tm.tm_mday;
	f[3] = tm.tm_hour;
	f[4] = tm.tm_min;
	f[5] = tm.tm_sec;
}

void recur_metrics_local_stamp(const struct recur_tz *tz, long long t, char out[32])
{
	int f[6];

	recur_metrics_local_split(tz, t, f);
	snprintf(out, 32, "%04d-%02d-%02d %02d:%02d", f[0] % 10000, f[1], f[2], f[3], f[4]);
}

void recur_metrics_local_date(const struct recur_tz *tz, long long t, char out[16])
{
	int f[6];

	recur_metrics_local_split(tz, t, f);
	snprintf(out, 16, "%04d-%02d-%02d", f[0] % 10000, f[1], f[2]);
}

/* Fills p for the span of n months from year y, month m (1..12). */
static void fill(struct recur_period *p, const struct recur_tz *tz, int y, int m, int n)
{
	while (m < 1) {
		m += 12;
		y--;
	}
	p->year = y;
	p->first = m;
	p->nmonths = n;
	p->start = local_month_start(tz, y, m);
	p->end = local_month_start(tz, y, m + n);
	if (n == 3) {
		snprintf(p->key, sizeof(p->key), "%04d-Q%d", y % 10000, (m - 1) / 3 + 1);
		snprintf(p->name, sizeof(p->name), "Q%d %04d", (m - 1) / 3 + 1, y % 10000);
	} else {
		snprintf(p->key, sizeof(p->key), "%04d-%02d", y % 10000, m);
		snprintf(p->name, sizeof(p->name), "%s %04d", month_names[m - 1], y % 10000);
	}
}

int recur_metrics_periods(const char *key, const struct recur_tz *tz, struct recur_periods *out)
{
	int y, m, q, n = 0, i;

	memset(out, 0, sizeof(*out));
	if (key && sscanf(key, "%4d-Q%1d%n", &y, &q, &n) == 2 && n == 7 && !key[n] && q >= 1 &&
	    q <= 4 && y >= 1) {
		m = 3 * (q - 1) + 1;
		fill(&out->cur, tz, y, m, 3);
		fill(&out->prev, tz, y, m - 3, 3);
		fill(&out->ly, tz, y - 1, m, 3);
	} else if (key && sscanf(key, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && !key[n] &&
		   key[4] == '-' && m >= 1 && m <= 12 && y >= 1) {
		fill(&out->cur, tz, y, m, 1);
		fill(&out->prev, tz, y, m - 1, 1);
		fill(&out->ly, tz, y - 1, m, 1);
	} else {
		return -1;
	}
	/* the trend: the 12 months ending with the period's last month */
	for (i = 0; i < 12; i++)
		fill(&out->trend[i], tz, out->cur.year, out->cur.first + out->cur.nmonths - 12 + i, 1);
	return 0;
}
