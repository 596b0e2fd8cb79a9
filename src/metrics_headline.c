/*
 * metrics_headline.c — the preformatted headline rows of the review data:
 * each figure of the month beside the previous month's, with the change as
 * text ("+4 (+10.5%)", "−3.2 min", "+1.5 pp") and a direction. Tables and
 * reports print these strings as they are; the numbers stay in "totals" and
 * "durations" for anything that computes. It reads JSON only, never SQL.
 */
#include "metrics_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* U+2212: a real minus sign reads better than a hyphen in tables and
 * reports, and a CSV cell that starts with it is never taken for a formula. */
#define MINUS "\xe2\x88\x92"

void recur_metrics_human(double minutes, char *out, size_t size)
{
	double m = fabs(minutes);

	if (m < 120)
		snprintf(out, size, "%.1f min", recur_metrics_round1(m));
	else if (m < 48 * 60)
		snprintf(out, size, "%.1f h", recur_metrics_round1(m / 60));
	else
		snprintf(out, size, "%.1f d", recur_metrics_round1(m / (24 * 60)));
}

static const char *sign(double d)
{
	return d > 0 ? "+" : d < 0 ? MINUS : "";
}

/* A number of v, or -1 (with *ok = 0) when v is null or missing. */
static double num(const struct recur_json *v, int *ok)
{
	if (v && v->type == RECUR_JSON_NUMBER)
		return v->num;
	*ok = 0;
	return -1;
}

static struct recur_json *row(const char *metric, const char *value, const char *prev,
			      const char *change, const char *direction)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);

	recur_json_set_string(o, "metric", metric);
	recur_json_set_string(o, "value", value);
	recur_json_set_string(o, "prev", prev);
	recur_json_set_string(o, "change", change);
	recur_json_set_string(o, "direction", direction);
	return o;
}

/* Counts: "+4 (+10.5%)"; without the percentage when the previous count is 0. */
static struct recur_json *count_row(const char *metric, const struct recur_json *cur,
				    const struct recur_json *prev)
{
	char v[32], p[32], change[64];
	int ok = 1;
	double c = num(cur, &ok), b = num(prev, &ok), d = c - b;

	if (!ok)
		return row(metric, "n/a", "n/a", "n/a", "flat");
	snprintf(v, sizeof(v), "%.0f", c);
	snprintf(p, sizeof(p), "%.0f", b);
	if (b > 0) {
		double pct = recur_metrics_round1(100.0 * fabs(d) / b);

		snprintf(change, sizeof(change), "%s%.0f (%s%.1f%%)", sign(d), fabs(d),
			 pct > 0 ? sign(d) : "", pct);
	} else {
		snprintf(change, sizeof(change), "%s%.0f", sign(d), fabs(d));
	}
	return row(metric, v, p, change, recur_metrics_direction(d));
}

/* Durations in minutes: "42.5 min" / "3.2 h", change "−3.2 min". */
static struct recur_json *duration_row(const char *metric, const struct recur_json *cur,
				       const struct recur_json *prev)
{
	char v[32] = "n/a", p[32] = "n/a", change[64] = "n/a";
	int has_cur = 1, has_prev = 1;
	double c = num(cur, &has_cur), b = num(prev, &has_prev), d;

	if (has_cur)
		recur_metrics_human(c, v, sizeof(v));
	if (has_prev)
		recur_metrics_human(b, p, sizeof(p));
	if (!has_cur || !has_prev)
		return row(metric, v, p, change, "flat");
	d = recur_metrics_round1(c - b);
	snprintf(change, sizeof(change), "%s", sign(d));
	recur_metrics_human(d, change + strlen(change), sizeof(change) - strlen(change));
	return row(metric, v, p, change, recur_metrics_direction(d));
}

/* Percentages: "28.6%", change in percentage points "+3.6 pp". */
static struct recur_json *rate_row(const char *metric, const struct recur_json *cur,
				   const struct recur_json *prev)
{
	char v[32] = "n/a", p[32] = "n/a", change[64] = "n/a";
	int has_cur = 1, has_prev = 1;
	double c = num(cur, &has_cur), b = num(prev, &has_prev), d;

	if (has_cur)
		snprintf(v, sizeof(v), "%.1f%%", c);
	if (has_prev)
		snprintf(p, sizeof(p), "%.1f%%", b);
	if (!has_cur || !has_prev)
		return row(metric, v, p, change, "flat");
	d = recur_metrics_round1(c - b);
	snprintf(change, sizeof(change), "%s%.1f pp", sign(d), fabs(d));
	return row(metric, v, p, change, recur_metrics_direction(d));
}

/* The durations entry whose "metric" is name, or NULL. */
static const struct recur_json *duration(const struct recur_json *durations, const char *name)
{
	size_t i;

	for (i = 0; durations && i < durations->n; i++) {
		const struct recur_json *m = recur_json_get(durations->items[i], "metric");

		if (m && m->type == RECUR_JSON_STRING && !strcmp(m->str, name))
			return durations->items[i];
	}
	return NULL;
}

struct recur_json *recur_metrics_headline(const struct recur_json *totals,
					  const struct recur_json *durations)
{
	struct recur_json *a = recur_json_new(RECUR_JSON_ARRAY);
	const struct recur_json *tta = duration(durations, "TTA");
	const struct recur_json *ttr = duration(durations, "TTR");

	recur_json_push(a, count_row("Incidents", recur_json_get(totals, "incidents"),
				     recur_json_get(totals, "prev_incidents")));
	recur_json_push(a, count_row("SEV1\xe2\x80\x93" "2 incidents", recur_json_get(totals, "sev12"),
				     recur_json_get(totals, "prev_sev12")));
	recur_json_push(a, duration_row("Median TTA", recur_json_get(tta, "median_min"),
					recur_json_get(tta, "prev_median_min")));
	recur_json_push(a, duration_row("Median TTR", recur_json_get(ttr, "median_min"),
					recur_json_get(ttr, "prev_median_min")));
	recur_json_push(a, duration_row("P90 TTR", recur_json_get(ttr, "p90_min"),
					recur_json_get(ttr, "prev_p90_min")));
	recur_json_push(a, rate_row("Repeat-incident rate", recur_json_get(totals, "repeat_rate_pct"),
				    recur_json_get(totals, "prev_repeat_rate_pct")));
	return a;
}
