/*
 * timeutil.c — civil-date arithmetic (Howard Hinnant's algorithms), UTC only.
 */
#include "recur/timeutil.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

long long recur_days_from_civil(int y, int m, int d)
{
	long long yy = y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void recur_civil_from_days(long long z, int *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

long long recur_time_make(int y, int m, int d, int h, int mi, int s)
{
	return recur_days_from_civil(y, m, d) * 86400LL + h * 3600LL + mi * 60LL + s;
}

void recur_time_split(long long t, int *y, int *m, int *d, int *h, int *mi, int *s)
{
	long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	long long rem = t - days * 86400;

	recur_civil_from_days(days, y, m, d);
	*h = (int)(rem / 3600);
	*mi = (int)(rem % 3600 / 60);
	*s = (int)(rem % 60);
}

void recur_time_iso(long long t, char out[32])
{
	int y, m, d, h, mi, s;

	recur_time_split(t, &y, &m, &d, &h, &mi, &s);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, h, mi, s);
}

void recur_time_short(long long t, char out[32])
{
	int y, m, d, h, mi, s;

	recur_time_split(t, &y, &m, &d, &h, &mi, &s);
	snprintf(out, 32, "%04d-%02d-%02d %02d:%02d", y, m, d, h, mi);
}

void recur_time_date(long long t, char out[16])
{
	int y, m, d, h, mi, s;

	recur_time_split(t, &y, &m, &d, &h, &mi, &s);
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

void recur_time_month(long long t, char out[8])
{
	int y, m, d, h, mi, s;

	char tmp[32];

	recur_time_split(t, &y, &m, &d, &h, &mi, &s);
	snprintf(tmp, sizeof(tmp), "%04d-%02d", y, m);
	memcpy(out, tmp, 7);
	out[7] = '\0';
}

int recur_month_bounds(const char *s, long long *start, long long *end)
{
	int y, m, n = 0;

	for (n = 0; n < 7; n++) /* exactly DDDD-DD: sscanf alone would take signs and spaces */
		if (n == 4 ? s[n] != '-' : !isdigit((unsigned char)s[n]))
			return -1;
	if (s[7] || sscanf(s, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
		return -1;
	*start = recur_time_make(y, m, 1, 0, 0, 0);
	*end = m == 12 ? recur_time_make(y + 1, 1, 1, 0, 0, 0) : recur_time_make(y, m + 1, 1, 0, 0, 0);
	return 0;
}

void recur_month_add(const char *month, int delta, char out[8])
{
	int y = 0, m = 1, idx;

	sscanf(month, "%4d-%2d", &y, &m);
	char tmp[32];

	idx = y * 12 + (m - 1) + delta;
	snprintf(tmp, sizeof(tmp), "%04d-%02d", idx / 12, idx % 12 + 1);
	memcpy(out, tmp, 7);
	out[7] = '\0';
}

/* v with one decimal and its whole part grouped by thousands, then unit. */
static void grouped(char *out, size_t size, double v, const char *unit)
{
	char digits[64], *dot;
	size_t n, i, o = 0, lead;

	snprintf(digits, sizeof(digits), "%.1f", v);
	dot = strchr(digits, '.');
	n = dot ? (size_t)(dot - digits) : strlen(digits);
	lead = n % 3 ? n % 3 : 3;
	for (i = 0; i < n && o + 2 < size; i++) {
		if (i >= lead && (i - lead) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	snprintf(out + o, size - o, "%s %s", dot ? dot : "", unit);
}

void recur_duration_text(double minutes, char *out, size_t size)
{
	double m = fabs(minutes);

	/* tenths of the unit by one division (m / 6 = tenths of an hour), so
	 * ties of whole seconds round half away from zero exactly */
	if (m < RECUR_MINUTES_BELOW)
		grouped(out, size, round(m * 10) / 10, "min");
	else if (m < RECUR_HOURS_BELOW)
		grouped(out, size, round(m / 6) / 10, "h");
	else
		grouped(out, size, round(m / 144) / 10, "d");
}
