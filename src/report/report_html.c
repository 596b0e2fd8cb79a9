/*
 * report_html.c — the review as one self-contained HTML page.
 *
 * cmark has no GFM tables, so the page is not the Markdown report run
 * through cmark: it is its own Mustache template (review.html.mustache)
 * rendered with HTML escaping from the same view, so it shows the same
 * figures. Prose written in Markdown (review-notes.md, the definitions) goes
 * through cmark in its default safe mode, which drops raw HTML and unsafe
 * links. The stylesheet is inlined and the trend chart is inline SVG drawn
 * here: the page fetches nothing and runs no script.
 */
#include "recur/mem.h"
#include "recur/share.h"
#include "report_int.h"

#include <cmark.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HTML_TEMPLATE "report-templates/review.html.mustache"
#define CSS_FILE "report-templates/review.css"
#define NOTES_FILE "report-templates/review-notes.md"

/* ---- the trend chart ---- */

#define CHART_W 720
#define CHART_H 260
#define PLOT_L 40
#define PLOT_R 12
#define PLOT_T 28
#define PLOT_B 32

static const struct {
	const char *key, *label, *color;
} series[] = {
	{ "sev1", "SEV1", "#b91c1c" }, { "sev2", "SEV2", "#ea580c" }, { "sev3", "SEV3", "#f59e0b" },
	{ "sev4", "SEV4", "#3b82f6" }, { "sev5", "SEV5", "#93c5fd" }, { "unknown", "unknown", "#9ca3af" },
};

#define NSERIES (sizeof(series) / sizeof(series[0]))

static double count_of(const struct recur_json *row, const char *key)
{
	const struct recur_json *v = recur_json_get(row, key);

	return v && v->type == RECUR_JSON_NUMBER && v->num > 0 ? v->num : 0;
}

/* A round top for the axis: 1, 2 or 5 times a power of ten, at least max. */
static double axis_top(double max)
{
	double step = 1;

	while (step * 10 < max)
		step *= 10;
	if (max <= step)
		return step;
	if (max <= 2 * step)
		return 2 * step;
	if (max <= 5 * step)
		return 5 * step;
	return 10 * step;
}

static void svg_text(struct recur_buf *out, const char *s)
{
	recur_mustache_escape_html(out, s, strlen(s));
}

static void svg_axis(struct recur_buf *out, double top)
{
	double plot_h = CHART_H - PLOT_T - PLOT_B;
	int i;

	for (i = 0; i <= 2; i++) {
		double y = PLOT_T + plot_h - plot_h * i / 2;

		recur_buf_addf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d1d9e0\"/>"
			       "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
			       PLOT_L, y, CHART_W - PLOT_R, y, PLOT_L - 6, y + 4, top * i / 2);
	}
	for (i = 0; i < (int)NSERIES; i++) {
		int x = PLOT_L + 8 + i * 72;

		recur_buf_addf(out, "<rect x=\"%d\" y=\"8\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			       "<text x=\"%d\" y=\"17\">%s</text>\n", x, series[i].color, x + 14,
			       series[i].label);
	}
}

static void svg_bar(struct recur_buf *out, const struct recur_json *row, int i, int n, double top)
{
	double plot_w = CHART_W - PLOT_L - PLOT_R, plot_h = CHART_H - PLOT_T - PLOT_B;
	double slot = plot_w / n, x = PLOT_L + slot * i + slot * 0.2, w = slot * 0.6;
	double y = PLOT_T + plot_h;
	const struct recur_json *m = recur_json_get(row, "month");
	const char *month = m && m->type == RECUR_JSON_STRING ? m->str : "";
	const struct recur_json *cov = recur_json_get(row, "coverage");
	const char *state = cov && cov->type == RECUR_JSON_STRING ? cov->str : NULL;
	size_t k;

	recur_buf_adds(out, "<g>");
	for (k = 0; k < NSERIES; k++) {
		double c = count_of(row, series[k].key), h = plot_h * c / top;

		if (c <= 0)
			continue;
		y -= h;
		recur_buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			       "fill=\"%s\"><title>", x, y, w, h, series[k].color);
		svg_text(out, month);
		recur_buf_addf(out, ": %s %g</title></rect>", series[k].label, c);
	}
	/* a month outside the data is no data, not a bar of 0; a partial one says so */
	if (state && !strcmp(state, "no data"))
		recur_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">no data</text>",
			       x + w / 2, y - 4);
	else
		recur_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g%s</text>",
			       x + w / 2, y - 4, count_of(row, "incidents"),
			       state && !strcmp(state, "partial") ? " (partial)" : "");
	recur_buf_addf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x + w / 2,
		       CHART_H - PLOT_B + 16);
	svg_text(out, month);
	recur_buf_adds(out, "</text></g>\n");
}

void recur_report_trend_svg(const struct recur_json *data, struct recur_buf *out)
{
	const struct recur_json *trend = recur_json_get(data, "trend");
	double max = 1;
	size_t i;

	if (!trend || trend->type != RECUR_JSON_ARRAY || trend->n == 0)
		return;
	for (i = 0; i < trend->n; i++) {
		double total = count_of(trend->items[i], "incidents"), sum = 0;
		size_t k;

		for (k = 0; k < NSERIES; k++)
			sum += count_of(trend->items[i], series[k].key);
		max = total > max ? total : max;
		max = sum > max ? sum : max;
	}
	recur_buf_addf(out, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		       "aria-label=\"Incidents per month by severity\">\n", CHART_W, CHART_H, CHART_W,
		       CHART_H);
	svg_axis(out, axis_top(max));
	for (i = 0; i < trend->n; i++)
		svg_bar(out, trend->items[i], (int)i, (int)trend->n, axis_top(max));
	recur_buf_adds(out, "</svg>");
}

/* ---- the durations chart: median TTA, TTM and TTR per month ---- */

static const struct {
	const char *key, *label, *color;
} lines[] = {
	{ "tta_median_min", "median TTA", "#0969da" },
	{ "ttm_median_min", "median TTM", "#8250df" },
	{ "ttr_median_min", "median TTR", "#9a3412" },
};

#define NLINES (sizeof(lines) / sizeof(lines[0]))

/* y of minutes v on a log10 axis from 10^lo to 10^hi */
static double log_y(double v, int lo, int hi)
{
	double plot_h = CHART_H - PLOT_T - PLOT_B;

	return PLOT_T + plot_h - plot_h * (log10(v) - lo) / (hi - lo);
}

static void line_axis(struct recur_buf *out, int lo, int hi, const struct recur_json *trend)
{
	double plot_w = CHART_W - PLOT_L - PLOT_R;
	size_t i;
	int e;

	for (e = lo; e <= hi; e++) {
		double y = log_y(pow(10, e), lo, hi);

		recur_buf_addf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
			       "stroke=\"#d1d9e0\"/><text x=\"%d\" y=\"%.1f\" "
			       "text-anchor=\"end\">%g</text>\n", PLOT_L, y, CHART_W - PLOT_R, y,
			       PLOT_L - 6, y + 4, pow(10, e));
	}
	for (i = 0; i < trend->n; i++) {
		const struct recur_json *m = recur_json_get(trend->items[i], "month");
		double x = PLOT_L + plot_w * ((double)i + 0.5) / (double)trend->n;

		recur_buf_addf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x,
			       CHART_H - PLOT_B + 16);
		svg_text(out, m && m->type == RECUR_JSON_STRING ? m->str : "");
		recur_buf_adds(out, "</text>");
	}
	for (i = 0; i < NLINES; i++) {
		int x = PLOT_L + 8 + (int)i * 110;

		recur_buf_addf(out, "<rect x=\"%d\" y=\"10\" width=\"14\" height=\"3\" fill=\"%s\"/>"
			       "<text x=\"%d\" y=\"17\">%s</text>\n", x, lines[i].color, x + 18,
			       lines[i].label);
	}
}

/* One series as polylines, broken where a month has no figure. */
static void line_series(struct recur_buf *out, const struct recur_json *trend, size_t k, int lo,
			int hi)
{
	double plot_w = CHART_W - PLOT_L - PLOT_R;
	int open = 0;
	size_t i;

	for (i = 0; i < trend->n; i++) {
		const struct recur_json *v = recur_json_get(trend->items[i], lines[k].key);
		double x = PLOT_L + plot_w * ((double)i + 0.5) / (double)trend->n;

		if (!v || v->type != RECUR_JSON_NUMBER || v->num <= 0) {
			if (open)
				recur_buf_adds(out, "\"/>\n");
			open = 0;
			continue;
		}
		if (!open)
			recur_buf_addf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
				       "points=\"", lines[k].color);
		recur_buf_addf(out, "%s%.1f,%.1f", open ? " " : "", x, log_y(v->num, lo, hi));
		open = 1;
	}
	if (open)
		recur_buf_adds(out, "\"/>\n");
	for (i = 0; i < trend->n; i++) {
		const struct recur_json *v = recur_json_get(trend->items[i], lines[k].key);
		const struct recur_json *m = recur_json_get(trend->items[i], "month");
		double x = PLOT_L + plot_w * ((double)i + 0.5) / (double)trend->n;

		if (!v || v->type != RECUR_JSON_NUMBER || v->num <= 0)
			continue;
		recur_buf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>",
			       x, log_y(v->num, lo, hi), lines[k].color);
		svg_text(out, m && m->type == RECUR_JSON_STRING ? m->str : "");
		recur_buf_addf(out, ": %s %.1f min</title></circle>", lines[k].label, v->num);
	}
}

void recur_report_durations_svg(const struct recur_json *data, struct recur_buf *out)
{
	const struct recur_json *trend = recur_json_get(data, "trend");
	double min = 0, max = 0;
	size_t i, k;
	int lo, hi;

	if (!trend || trend->type != RECUR_JSON_ARRAY || trend->n == 0)
		return;
	for (i = 0; i < trend->n; i++)
		for (k = 0; k < NLINES; k++) {
			const struct recur_json *v = recur_json_get(trend->items[i], lines[k].key);

			if (!v || v->type != RECUR_JSON_NUMBER || v->num <= 0)
				continue;
			min = min == 0 || v->num < min ? v->num : min;
			max = v->num > max ? v->num : max;
		}
	if (max <= 0)
		return;
	/* a log scale: TTA in minutes and TTR in hours or days share one chart */
	lo = (int)floor(log10(min));
	hi = (int)ceil(log10(max));
	if (hi <= lo)
		hi = lo + 1;
	recur_buf_addf(out, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		       "aria-label=\"Median TTA, TTM and TTR per month, minutes, log scale\">\n",
		       CHART_W, CHART_H, CHART_W, CHART_H);
	line_axis(out, lo, hi, trend);
	for (k = 0; k < NLINES; k++)
		line_series(out, trend, k, lo, hi);
	recur_buf_adds(out, "</svg>");
}

/* ---- the page ---- */

static int add_notes(struct recur_json *view, struct recur_error *err)
{
	struct recur_buf md = RECUR_BUF_INIT;
	char *html;

	if (recur_report_render(NOTES_FILE, view, recur_mustache_escape_markdown, &md, err)) {
		recur_buf_release(&md);
		return -1;
	}
	html = cmark_markdown_to_html(md.buf, md.len, CMARK_OPT_DEFAULT);
	recur_json_set_string(view, "notes_html", html);
	free(html);
	recur_buf_release(&md);
	return 0;
}

static int add_css(struct recur_json *view, struct recur_error *err)
{
	struct recur_buf css = RECUR_BUF_INIT;
	int rc = recur_share_load(CSS_FILE, &css, err);

	/* the stylesheet is inlined: "</" could close the <style> element */
	if (!rc && strstr(css.buf, "</"))
		rc = recur_error_at(err, CSS_FILE, 0, 0, "stylesheet contains '</': remove it, it "
				    "would end the inline <style> element");
	if (!rc)
		recur_json_set(view, "css", recur_json_new_stringn(css.buf, css.len));
	recur_buf_release(&css);
	return rc;
}

int recur_report_html(struct recur_json *view, const struct recur_json *data, const char *tmpl,
		      struct recur_buf *out, struct recur_error *err)
{
	struct recur_buf svg = RECUR_BUF_INIT;
	const struct recur_json *kind = recur_json_get(data, "report");

	if (add_css(view, err) || (!kind && add_notes(view, err)))
		return -1;
	recur_report_trend_svg(data, &svg);
	recur_json_set(view, "trend_svg", recur_json_new_stringn(svg.buf, svg.len));
	recur_buf_reset(&svg);
	recur_report_durations_svg(data, &svg);
	recur_json_set(view, "durations_svg", recur_json_new_stringn(svg.buf, svg.len));
	recur_buf_release(&svg);
	return recur_report_render(tmpl ? tmpl : HTML_TEMPLATE, view, recur_mustache_escape_html,
				   out, err);
}
