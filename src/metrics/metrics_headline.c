/*
 * metrics_headline.c — the preformatted headline rows of the review data:
 * each figure of the month beside the previous month's, with the change as
 * text ("+4 (+10.5%)", "−3.2 min", "+1.5 pp") and a direction. Tables and
 * reports print these strings as they are; the numbers stay in "totals" and
 * "durations" for anything that computes. It reads JSON only, never SQL.
 */
#include "metrics_int.h"
#include "recur/timeutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* U+2212: a real minus sign reads better than a hyphen in tables and
 * reports, and a CSV cell that starts with it is never taken for a formula. */
#define MINUS "\xe2\x88\x92"

void recur_metrics_human(double minutes, char *out, size_t size)
{
	recur_duration_text(minutes, out, size);
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

enum kind { COUNT, DURATION, RATE };

/* value and change of cur against base, as text, and the direction. */
struct compared {
	char value[32], base[32], change[64];
	const char *direction;
};

static void compare_count(const struct recur_json *cur, const struct recur_json *base,
			  struct compared *o)
{
	int ok = 1;
	double c = num(cur, &ok), b = num(base, &ok), d = c - b;

	if (!ok)
		return;
	snprintf(o->value, sizeof(o->value), "%.0f", c);
	snprintf(o->base, sizeof(o->base), "%.0f", b);
	if (b > 0) {
		double pct = recur_metrics_round1(100.0 * fabs(d) / b);

		snprintf(o->change, sizeof(o->change), "%s%.0f (%s%.1f%%)", sign(d), fabs(d),
			 pct > 0 ? sign(d) : "", pct);
	} else {
		snprintf(o->change, sizeof(o->change), "%s%.0f", sign(d), fabs(d));
	}
	o->direction = recur_metrics_direction(d);
}

/* Durations in minutes: "42.5 min" / "3.2 h", change "−3.2 min". */
static void compare_duration(const struct recur_json *cur, const struct recur_json *base,
			     struct compared *o)
{
	int has_cur = 1, has_base = 1;
	double c = num(cur, &has_cur), b = num(base, &has_base), d;

	if (has_cur)
		recur_metrics_human(c, o->value, sizeof(o->value));
	if (has_base)
		recur_metrics_human(b, o->base, sizeof(o->base));
	if (!has_cur || !has_base)
		return;
	d = recur_metrics_round1(c - b);
	snprintf(o->change, sizeof(o->change), "%s", sign(d));
	recur_metrics_human(d, o->change + strlen(o->change), sizeof(o->change) - strlen(o->change));
	o->direction = recur_metrics_direction(d);
}

/* Percentages: "28.6%", change in percentage points "+3.6 pp". */
static void compare_rate(const struct recur_json *cur, const struct recur_json *base,
			 struct compared *o)
{
	int has_cur = 1, has_base = 1;
	double c = num(cur, &has_cur), b = num(base, &has_base), d;

	if (has_cur)
		snprintf(o->value, sizeof(o->value), "%.1f%%", c);
	if (has_base)
		snprintf(o->base, sizeof(o->base), "%.1f%%", b);
	if (!has_cur || !has_base)
		return;
	d = recur_metrics_round1(c - b);
	snprintf(o->change, sizeof(o->change), "%s%.1f pp", sign(d), fabs(d));
	o->direction = recur_metrics_direction(d);
}

static void compare(enum kind k, const struct recur_json *cur, const struct recur_json *base,
		    struct compared *o)
{
	snprintf(o->value, sizeof(o->value), "n/a");
	snprintf(o->base, sizeof(o->base), "n/a");
	snprintf(o->change, sizeof(o->change), "n/a");
	o->direction = "flat"; /* when either side is missing */
	if (k == COUNT)
		compare_count(cur, base, o);
	else if (k == DURATION)
		compare_duration(cur, base, o);
	else
		compare_rate(cur, base, o);
}

/* The significance entry for metric, or NULL. */
static const struct recur_json *test_of(const struct recur_json *sig, const char *metric)
{
	size_t i;

	for (i = 0; sig && sig->type == RECUR_JSON_ARRAY && i < sig->n; i++) {
		const struct recur_json *m = recur_json_get(sig->items[i], "metric");

		if (m && m->type == RECUR_JSON_STRING && !strcmp(m->str, metric))
			return sig->items[i];
	}
	return NULL;
}

/* "p = 0.039", "p < 0.001" */
static void p_text(double p, char *out, size_t size)
{
	if (p < 0.001)
		snprintf(out, size, "p < 0.001");
	else
		snprintf(out, size, "p = %.3f", p);
}

/* Why a comparison is left out (the periods' coverage), for headline rows. */
struct why {
	const char *prev, *ly;   /* "" when compared */
};

/* The change cell of a comparison left out: the reason in place of a change. */
static void not_compared(const char *why, struct compared *o)
{
	if (!why || !*why)
		return;
	snprintf(o->change, sizeof(o->change), "not compared: %s", why);
	o->direction = "flat";
}

static struct recur_json *row(enum kind k, const char *metric, const char *test,
			      const struct recur_json *cur, const struct recur_json *prev,
			      const struct recur_json *ly, const struct recur_json *sig,
			      const struct why *why)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);
	const struct recur_json *t = test_of(sig, test);
	const struct recur_json *p = recur_json_get(t, "p_value");
	const struct recur_json *s = recur_json_get(t, "significant");
	struct compared vp, vl;
	char verdict[64] = "", untested[96] = "not tested";

	compare(k, cur, prev, &vp);
	compare(k, cur, ly, &vl);
	not_compared(why->prev, &vp);
	not_compared(why->ly, &vl);
	if (why->prev && *why->prev)
		snprintf(untested, sizeof(untested), "not tested: %s", why->prev);
	recur_json_set_string(o, "metric", metric);
	recur_json_set_string(o, "value", vp.value);
	recur_json_set_string(o, "prev", vp.base);
	recur_json_set_string(o, "change", vp.change);
	recur_json_set_string(o, "direction", vp.direction);
	recur_json_set_string(o, "ly", vl.base);
	recur_json_set_string(o, "ly_change", vl.change);
	recur_json_set_string(o, "ly_direction", vl.direction);
	if (p && p->type == RECUR_JSON_NUMBER) {
		int yes = s && s->type == RECUR_JSON_TRUE;

		p_text(p->num, verdict, sizeof(verdict));
		recur_json_set_number(o, "p_value", p->num);
		recur_json_set(o, "significant", recur_json_new_bool(yes));
		recur_json_set_string(o, "significance", yes ? "significant" : "not significant");
		recur_json_set_string(o, "p_text", verdict);
	} else {
		recur_json_set(o, "p_value", recur_json_new(RECUR_JSON_NULL));
		recur_json_set(o, "significant", recur_json_new_bool(0));
		recur_json_set_string(o, "significance", untested);
		recur_json_set_string(o, "p_text", "");
	}
	return o;
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

static struct recur_json *duration_row(const char *metric, const struct recur_json *d,
				       const char *stat, const char *test,
				       const struct recur_json *sig, const struct why *why)
{
	char cur[32], prev[32], ly[32];

	snprintf(cur, sizeof(cur), "%s_min", stat);
	snprintf(prev, sizeof(prev), "prev_%s_min", stat);
	snprintf(ly, sizeof(ly), "ly_%s_min", stat);
	return row(DURATION, metric, test, recur_json_get(d, cur), recur_json_get(d, prev),
		   recur_json_get(d, ly), sig, why);
}

/* The still_open row of period k (0 this one, 1 the previous, 2 a year
 * earlier), or NULL: none when the data does not reach a year back. */
static const struct recur_json *open_row(const struct recur_json *open,
					 const struct recur_json *totals, size_t k)
{
	const struct recur_json *ly_covered = recur_json_get(totals, "ly_covered");

	if (k == 2 && ly_covered && ly_covered->type == RECUR_JSON_FALSE)
		return NULL;
	return open && open->type == RECUR_JSON_ARRAY && k < open->n ? open->items[k] : NULL;
}

static const char *const sides[3] = { "value", "prev", "ly" };

/* Appends " (provisional)" to each side of row whose period has more than
 * 5% of its incidents still open: its resolved-only figure will move. */
static void mark_provisional(struct recur_json *row, const struct recur_json *open,
			     const struct recur_json *totals)
{
	size_t k;

	for (k = 0; k < 3; k++) {
		const struct recur_json *p = recur_json_get(open_row(open, totals, k), "provisional");
		const struct recur_json *v = recur_json_get(row, sides[k]);
		char text[64];

		if (!p || p->type != RECUR_JSON_TRUE || !v || !strcmp(v->str, "n/a"))
			continue;
		snprintf(text, sizeof(text), "%s (provisional)", v->str);
		recur_json_set_string(row, sides[k], text);
	}
}

/* "Still open": the count of each period out of its incidents, "3 of 41". */
static struct recur_json *open_count_row(const struct recur_json *open,
					 const struct recur_json *totals, const struct why *why)
{
	const struct recur_json *r[3];
	struct recur_json *o;
	size_t k;

	for (k = 0; k < 3; k++)
		r[k] = open_row(open, totals, k);
	o = row(COUNT, "Still open", "", recur_json_get(r[0], "still_open"),
		recur_json_get(r[1], "still_open"), recur_json_get(r[2], "still_open"), NULL, why);
	for (k = 0; k < 3; k++) {
		const struct recur_json *n = recur_json_get(r[k], "incidents");
		const struct recur_json *v = recur_json_get(o, sides[k]);
		char text[64];

		if (!n || n->type != RECUR_JSON_NUMBER || !v || !strcmp(v->str, "n/a"))
			continue;
		snprintf(text, sizeof(text), "%s of %.0f", v->str, n->num);
		recur_json_set_string(o, sides[k], text);
	}
	return o;
}

/* A Kaplan–Meier quantile row; "not reached" where the curve stays above it. */
static struct recur_json *km_row(const char *metric, const char *key,
				 const struct recur_json *open, const struct recur_json *totals,
				 const struct why *why)
{
	const struct recur_json *r[3];
	struct recur_json *o;
	char min[32], reached[32];
	size_t k;

	snprintf(min, sizeof(min), "%s_min", key);
	snprintf(reached, sizeof(reached), "%s_reached", key);
	for (k = 0; k < 3; k++)
		r[k] = open_row(open, totals, k);
	o = row(DURATION, metric, "", recur_json_get(r[0], min), recur_json_get(r[1], min),
		recur_json_get(r[2], min), NULL, why);
	for (k = 0; k < 3; k++) {
		const struct recur_json *n = recur_json_get(r[k], "km_n");
		const struct recur_json *yes = recur_json_get(r[k], reached);

		if (n && n->type == RECUR_JSON_NUMBER && n->num > 0 && yes &&
		    yes->type == RECUR_JSON_FALSE)
			recur_json_set_string(o, sides[k], "not reached");
	}
	return o;
}

struct recur_json *recur_metrics_headline(const struct recur_json *totals,
					  const struct recur_json *durations,
					  const struct recur_json *still_open,
					  const struct recur_json *sig, const char *prev_why,
					  const char *ly_why)
{
	const struct why w = { prev_why, ly_why }, *why = &w;
	struct recur_json *a = recur_json_new(RECUR_JSON_ARRAY);
	const struct recur_json *tta = duration(durations, "TTA");
	const struct recur_json *ttm = duration(durations, "TTM");
	const struct recur_json *ttr = duration(durations, "TTR");

	recur_json_push(a, row(COUNT, "Incidents", "Incidents", recur_json_get(totals, "incidents"),
			       recur_json_get(totals, "prev_incidents"),
			       recur_json_get(totals, "ly_incidents"), sig, why));
	recur_json_push(a, row(COUNT, "SEV1\xe2\x80\x93" "2 incidents", "SEV1\xe2\x80\x93" "2 incidents",
			       recur_json_get(totals, "sev12"), recur_json_get(totals, "prev_sev12"),
			       recur_json_get(totals, "ly_sev12"), sig, why));
	recur_json_push(a, duration_row("Median TTA", tta, "median", "TTA", sig, why));
	recur_json_push(a, duration_row("Median TTM", ttm, "median", "TTM", sig, why));
	mark_provisional(recur_json_push(a, duration_row("Median TTR", ttr, "median", "TTR", sig,
							 why)), still_open, totals);
	mark_provisional(recur_json_push(a, duration_row("P90 TTR", ttr, "p90", "", sig, why)),
			 still_open, totals);
	recur_json_push(a, row(RATE, "Repeat-incident rate", "", recur_json_get(totals, "repeat_rate_pct"),
			       recur_json_get(totals, "prev_repeat_rate_pct"),
			       recur_json_get(totals, "ly_repeat_rate_pct"), sig, why));
	/* last, so the rows before keep their places for saved data and templates */
	if (still_open) {
		recur_json_push(a, open_count_row(still_open, totals, why));
		recur_json_push(a, km_row("Median TTR (Kaplan\xe2\x80\x93Meier)", "km_median",
					  still_open, totals, why));
		recur_json_push(a, km_row("P90 TTR (Kaplan\xe2\x80\x93Meier)", "km_p90", still_open,
					  totals, why));
	}
	return a;
}

struct recur_json *recur_metrics_changes(const struct recur_json *sig, const char *prev_name)
{
	struct recur_json *a = recur_json_new(RECUR_JSON_ARRAY);
	size_t i;

	for (i = 0; sig && sig->type == RECUR_JSON_ARRAY && i < sig->n; i++) {
		const struct recur_json *t = sig->items[i];
		const struct recur_json *s = recur_json_get(t, "significant");
		const struct recur_json *what = recur_json_get(t, "what");
		const struct recur_json *p = recur_json_get(t, "p_value");
		const struct recur_json *dir = recur_json_get(t, "direction");
		char pt[32], text[512];

		if (!s || s->type != RECUR_JSON_TRUE || !what || !p || !dir)
			continue;
		p_text(p->num, pt, sizeof(pt));
		snprintf(text, sizeof(text), "%s %s compared with %s (%s, %s).", what->str,
			 !strcmp(dir->str, "up") ? "went up" : "went down", prev_name, pt,
			 recur_json_get(t, "test") ? recur_json_get(t, "test")->str : "");
		recur_json_push(a, recur_json_new_string(text));
	}
	return a;
}
