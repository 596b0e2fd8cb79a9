/*
 * report_charts.c — the charts of a report, decided once for every form.
 *
 * Each chart is an object of the template view ("chart_severity",
 * "chart_durations", "chart_ttr_severity", "chart_ttr_service"): its x
 * labels, its axis (from 0 to a round top, in the unit a reader expects) and
 * its series, each named, with a colour and its values. A series with no
 * data, or equal to the next one, is left out and "left_out" says so. The
 * Markdown templates write the objects as Mermaid (values, palette, legend
 * line); report_html.c draws the same objects as SVG with a legend, so the
 * two forms cannot disagree. This file also formats durations for people.
 */
#include "recur/mem.h"
#include "recur/timeutil.h"
#include "report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- durations ---- */

void recur_report_duration(double minutes, char *out, size_t size)
{
	const char *minus = minutes < 0 && fabs(minutes) >= 0.05 ? "\xe2\x88\x92" : "";
	char text[64];

	recur_duration_text(minutes, text, sizeof(text));
	snprintf(out, size, "%s%s", minus, text);
}

/* The unit of a duration axis whose largest value is max minutes: its name and size in minutes. */
static double duration_unit(double max, const char **name)
{
	if (max < RECUR_MINUTES_BELOW)
		return *name = "minutes", 1;
	if (max < RECUR_HOURS_BELOW)
		return *name = "hours", 60;
	return *name = "days", 24 * 60;
}

/* ---- the chart object ---- */

/* A round top for an axis from 0: 1, 2 or 5 times a power of ten, at least max. */
double recur_report_axis_top(double max)
{
	double step = 1;

	if (max <= 0)
		return 1;
	while (step * 10 < max)
		step *= 10;
	while (step > max && step > 0.1)
		step /= 10;
	if (max <= step)
		return step;
	if (max <= 2 * step)
		return 2 * step;
	if (max <= 5 * step)
		return 5 * step;
	return 10 * step;
}

/* A label that can stand in a Mermaid string: no quotes, no line breaks. */
static struct recur_json *chart_label(const char *s)
{
	char *c = xstrdup(s), *p;
	struct recur_json *j;

	for (p = c; *p; p++)
		if (*p == '"')
			*p = '\'';
		else if ((unsigned char)*p < ' ')
			*p = ' ';
	j = recur_json_new_string(c);
	free(c);
	return j;
}

static struct recur_json *chart_new(const char *chart, const char *mark, const char *title,
				    const char *unit)
{
	struct recur_json *c = recur_json_new(RECUR_JSON_OBJECT);

	recur_json_set_string(c, "chart", chart);
	recur_json_set_string(c, "mark", mark);
	recur_json_set_string(c, "title", title);
	recur_json_set_string(c, "unit", unit);
	recur_json_set(c, "x", recur_json_new(RECUR_JSON_ARRAY));
	recur_json_set(c, "series", recur_json_new(RECUR_JSON_ARRAY));
	return c;
}

static void chart_x(struct recur_json *c, const char *label)
{
	struct recur_json *x = recur_json_push(recur_json_get(c, "x"), recur_json_new(RECUR_JSON_OBJECT));

	recur_json_set(x, "label", chart_label(label));
}

struct series {
	const char *name, *color, *colour; /* colour: its name, for the Markdown legend */
	double *v;                         /* one per x label; NAN = no figure */
	int drawn;
};

/* Marks the last item of each array of c ("last": true), for comma lists in templates. */
static void mark_last(struct recur_json *a)
{
	size_t i;

	for (i = 0; a && i < a->n; i++)
		recur_json_set(a->items[i], "last", recur_json_new_bool(i + 1 == a->n));
}

static void note(struct recur_buf *b, const char *name, const char *why)
{
	recur_buf_addf(b, "%s%s: %s", b->len ? "; " : "", name, why);
}

/* Adds the drawn series of s to c, scaled by 1/scale, and the axis top. */
static void chart_series(struct recur_json *c, struct series *s, size_t ns, size_t nx,
			 double scale, const struct recur_buf *left)
{
	struct recur_json *arr = recur_json_get(c, "series");
	double max = 0;
	size_t i, k;

	for (k = 0; k < ns; k++) {
		struct recur_json *o, *pts;
		struct recur_buf vals = RECUR_BUF_INIT;

		if (!s[k].drawn)
			continue;
		o = recur_json_push(arr, recur_json_new(RECUR_JSON_OBJECT));
		recur_json_set_string(o, "name", s[k].name);
		recur_json_set_string(o, "color", s[k].color);
		recur_json_set_string(o, "colour", s[k].colour);
		pts = recur_json_set(o, "points", recur_json_new(RECUR_JSON_ARRAY));
		for (i = 0; i < nx; i++) {
			double v = isnan(s[k].v[i]) ? 0 : round(s[k].v[i] / scale * 10) / 10;

			recur_json_push(pts, isnan(s[k].v[i]) ? recur_json_new(RECUR_JSON_NULL)
							     : recur_json_new_number(v));
			recur_buf_addf(&vals, "%s%g", i ? ", " : "", v);
			max = v > max ? v : max;
		}
		recur_json_set_string(o, "values", vals.buf);
		recur_buf_release(&vals);
	}
	mark_last(arr);
	mark_last(recur_json_get(c, "x"));
	recur_json_set_number(c, "top", recur_report_axis_top(max));
	if (left->len)
		recur_json_set_string(c, "left_out", left->buf);
	recur_json_set(c, "drawn", recur_json_new_bool(arr->n > 0));
}

static int all_missing(const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]) && v[i] != 0)
			return 0;
	return 1;
}

static int same(const double *a, const double *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isnan(a[i]) != isnan(b[i]) || (!isnan(a[i]) && fabs(a[i] - b[i]) > 1e-9))
			return 0;
	return 1;
}

static double num(const struct recur_json *o, const char *key)
{
	const struct recur_json *v = recur_json_get(o, key);

	return v && v->type == RECUR_JSON_NUMBER ? v->num : NAN;
}

static double count(const struct recur_json *o, const char *key)
{
	double v = num(o, key);

	return isnan(v) ? 0 : v;
}

static const char *str(const struct recur_json *o, const char *key)
{
	const struct recur_json *v = recur_json_get(o, key);

	return v && v->type == RECUR_JSON_STRING ? v->str : "";
}

/*
 * Incidents per month by severity, stacked. Mermaid draws bars over each
 * other, so the series are cumulative (all, SEV2 and milder, …) and the
 * visible part of each bar is one severity: a series whose severity has no
 * incident in any month equals the next one and is left out.
 */
static struct recur_json *severity_chart(const struct recur_json *rows, size_t n)
{
	static const char *const names[] = { "SEV1", "SEV2", "SEV3", "SEV4, SEV5 and unknown" };
	static const char *const colors[] = { "#b91c1c", "#ea580c", "#f59e0b", "#3b82f6" };
	static const char *const colours[] = { "red", "orange", "amber", "blue" };
	struct recur_json *c = chart_new("severity", "bar", "Incidents per month by severity",
					 "incidents");
	struct series s[4];
	struct recur_buf left = RECUR_BUF_INIT;
	size_t i, k;

	for (k = 0; k < 4; k++) {
		s[k] = (struct series){ names[k], colors[k], colours[k], xcalloc(n + 1, sizeof(double)), 1 };
	}
	for (i = 0; i < n; i++) {
		const struct recur_json *r = rows->items[i];
		double all = count(r, "incidents"), s1 = count(r, "sev1"), s2 = count(r, "sev2");

		chart_x(c, str(r, "label"));
		s[0].v[i] = all;
		s[1].v[i] = all - s1;
		s[2].v[i] = all - s1 - s2;
		s[3].v[i] = all - s1 - s2 - count(r, "sev3");
	}
	for (k = 0; k < 4; k++) {
		if (k < 3 ? same(s[k].v, s[k + 1].v, n) : all_missing(s[k].v, n)) {
			s[k].drawn = 0;
			note(&left, names[k], "no incident in these months");
		}
	}
	chart_series(c, s, 4, n, 1, &left);
	recur_json_set(c, "stacked", recur_json_new_bool(1));
	if (recur_json_get(c, "top")->num < 5) /* counts: whole steps */
		recur_json_set_number(c, "top", 5);
	for (k = 0; k < 4; k++)
		free(s[k].v);
	recur_buf_release(&left);
	return c;
}

/* Median TTA, TTM and TTR per month, in the unit of the largest. */
static struct recur_json *durations_chart(const struct recur_json *rows, size_t n)
{
	static const char *const keys[] = { "tta_median_min", "ttm_median_min", "ttr_median_min" };
	static const char *const names[] = { "median TTA", "median TTM", "median TTR" };
	static const char *const colors[] = { "#0969da", "#8250df", "#9a3412" };
	static const char *const colours[] = { "blue", "purple", "brown" };
	struct recur_json *c;
	struct series s[3];
	struct recur_buf left = RECUR_BUF_INIT;
	double max = 0, scale;
	const char *unit;
	size_t i, k;

	for (k = 0; k < 3; k++)
		s[k] = (struct series){ names[k], colors[k], colours[k], xcalloc(n + 1, sizeof(double)), 1 };
	for (i = 0; i < n; i++)
		for (k = 0; k < 3; k++) {
			s[k].v[i] = num(rows->items[i], keys[k]);
			if (!isnan(s[k].v[i]) && s[k].v[i] > max)
				max = s[k].v[i];
		}
	scale = duration_unit(max, &unit);
	c = chart_new("durations", "line", "Median TTA, TTM and TTR per month", unit);
	for (i = 0; i < n; i++)
		chart_x(c, str(rows->items[i], "label"));
	for (k = 0; k < 3; k++) {
		if (all_missing(s[k].v, n)) {
			s[k].drawn = 0;
			note(&left, names[k], "no figure in these months");
		} else if (k == 1 && same(s[1].v, s[2].v, n)) {
			s[k].drawn = 0;
			note(&left, names[k], "the same as median TTR in every month (the data has no "
				  "mitigation times)");
		}
	}
	chart_series(c, s, 3, n, scale, &left);
	for (k = 0; k < 3; k++)
		free(s[k].v);
	recur_buf_release(&left);
	return c;
}

/* One bar per row of rows: the row's label_key, its median TTR. */
static struct recur_json *ttr_chart(const char *chart, const char *title,
				    const struct recur_json *rows, const char *label_key)
{
	struct recur_json *c;
	struct series s = { "median TTR", "#9a3412", "brown", NULL, 1 };
	struct recur_buf left = RECUR_BUF_INIT;
	double max = 0, scale;
	const char *unit;
	size_t i, n = rows && rows->type == RECUR_JSON_ARRAY ? rows->n : 0;

	s.v = xcalloc(n + 1, sizeof(double));
	for (i = 0; i < n; i++) {
		s.v[i] = num(rows->items[i], "ttr_median_min");
		if (!isnan(s.v[i]) && s.v[i] > max)
			max = s.v[i];
	}
	scale = duration_unit(max, &unit);
	c = chart_new(chart, "bar", title, unit);
	for (i = 0; i < n; i++)
		chart_x(c, str(rows->items[i], label_key));
	if (all_missing(s.v, n)) {
		s.drawn = 0;
		note(&left, s.name, "no resolved incident");
	}
	chart_series(c, &s, 1, n, scale, &left);
	free(s.v);
	recur_buf_release(&left);
	return c;
}

/*
 * Adds the chart objects to view from its "chart_trend" rows (the months
 * the data reaches, made by report.c) and the review data's "severity" and
 * "services".
 */
void recur_report_add_charts(struct recur_json *view, const struct recur_json *data)
{
	const struct recur_json *trend = recur_json_get(view, "chart_trend");
	const struct recur_json *sev = recur_json_get(data, "severity");
	struct recur_json *rows = recur_json_new(RECUR_JSON_ARRAY);
	size_t n = trend && trend->type == RECUR_JSON_ARRAY ? trend->n : 0, i;

	if (n) {
		recur_json_set(view, "chart_severity", severity_chart(trend, n));
		recur_json_set(view, "chart_durations", durations_chart(trend, n));
	}
	/* this period's severities that had incidents */
	for (i = 0; sev && sev->type == RECUR_JSON_ARRAY && i < sev->n; i++)
		if (count(sev->items[i], "count") > 0)
			recur_json_push(rows, recur_json_clone(sev->items[i]));
	if (rows->n)
		recur_json_set(view, "chart_ttr_severity",
			       ttr_chart("ttr-by-severity", "Median TTR by severity", rows, "label"));
	recur_json_free(rows);
	if (recur_json_get(data, "services") && recur_json_get(data, "services")->n)
		recur_json_set(view, "chart_ttr_service", ttr_chart("ttr-by-service", "Median TTR by service",
								  recur_json_get(data, "services"),
								  "service"));
}
