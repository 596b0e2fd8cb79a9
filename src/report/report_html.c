/*
 * report_html.c — a report as one self-contained HTML page: the Markdown
 * report itself, rendered by cmark-gfm (tables, task lists, autolinks,
 * strikethrough, footnotes) in its default safe mode, which drops raw HTML
 * and unsafe links, so nothing from the data becomes markup. Each Mermaid
 * block whose info string names a chart ("mermaid severity") becomes that
 * chart as inline SVG, drawn here from the same chart object of the view
 * (report_charts.c). One wrapper template (page.html.mustache) adds the
 * stylesheet. The page fetches nothing and runs no script.
 */
#include "recur/mem.h"
#include "recur/share.h"
#include "report_int.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_TEMPLATE "report-templates/page.html.mustache"
#define CSS_FILE "report-templates/review.css"
#define CMARK_OPTS (CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES)

/* ---- SVG ---- */

#define CHART_W 720
#define CHART_H 280
#define PLOT_L 48
#define PLOT_R 12
#define PLOT_T 50
#define PLOT_B 34

static void svg_text(struct recur_buf *out, const char *s)
{
	recur_mustache_escape_html(out, s, strlen(s));
}

static const char *jstr(const struct recur_json *o, const char *key)
{
	const struct recur_json *v = recur_json_get(o, key);

	return v && v->type == RECUR_JSON_STRING ? v->str : "";
}

static double jnum(const struct recur_json *o, const char *key)
{
	const struct recur_json *v = recur_json_get(o, key);

	return v && v->type == RECUR_JSON_NUMBER ? v->num : 0;
}

static void svg_open(struct recur_buf *out, const struct recur_json *c, int h)
{
	recur_buf_addf(out, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
		       CHART_W, h, CHART_W, h);
	svg_text(out, jstr(c, "title"));
	recur_buf_addf(out, " (%s)\">\n<text class=\"title\" x=\"%d\" y=\"14\">", jstr(c, "unit"),
		       PLOT_L);
	svg_text(out, jstr(c, "title"));
	recur_buf_adds(out, "</text>\n");
}

/* The legend: a swatch and the name of each drawn series, one line under the title. */
static void svg_legend(struct recur_buf *out, const struct recur_json *series)
{
	size_t i;
	int x = PLOT_L;

	for (i = 0; i < series->n; i++) {
		const char *name = jstr(series->items[i], "name");

		recur_buf_addf(out, "<g class=\"legend\"><rect x=\"%d\" y=\"22\" width=\"10\" "
			       "height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"31\">", x,
			       jstr(series->items[i], "color"), x + 14);
		svg_text(out, name);
		recur_buf_adds(out, "</text></g>\n");
		x += 24 + 7 * (int)strlen(name);
	}
}

/* Horizontal grid lines and their values, from 0 to top, on the left; the unit above. */
static void svg_y_axis(struct recur_buf *out, const struct recur_json *c, int h)
{
	double plot_h = h - PLOT_T - PLOT_B, top = jnum(c, "top"), lead = top;
	int i, steps;

	while (lead >= 10)
		lead /= 10;
	while (lead > 0 && lead < 1)
		lead *= 10;
	steps = lead > 1.5 && lead < 2.5 ? 4 : 5; /* round steps: 20 by 5, 50 by 10 */
	for (i = 0; i <= steps; i++) {
		double y = PLOT_T + plot_h - plot_h * i / steps;

		recur_buf_addf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d1d9e0\"/>"
			       "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", PLOT_L, y,
			       CHART_W - PLOT_R, y, PLOT_L - 6, y + 4, top * i / steps);
	}
	recur_buf_addf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", CHART_W - PLOT_R, 14);
	svg_text(out, jstr(c, "unit"));
	recur_buf_adds(out, "</text>\n");
}

static void svg_x_labels(struct recur_buf *out, const struct recur_json *x, int h)
{
	double plot_w = CHART_W - PLOT_L - PLOT_R;
	size_t i;

	for (i = 0; i < x->n; i++) {
		recur_buf_addf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
			       PLOT_L + plot_w * ((double)i + 0.5) / (double)x->n, h - PLOT_B + 16);
		svg_text(out, jstr(x->items[i], "label"));
		recur_buf_adds(out, "</text>\n");
	}
}

static double point(const struct recur_json *s, size_t i, int *ok)
{
	const struct recur_json *p = recur_json_get(s, "points");
	const struct recur_json *v = p && i < p->n ? p->items[i] : NULL;

	*ok = v && v->type == RECUR_JSON_NUMBER;
	return *ok ? v->num : 0;
}

/* Bars: the series drawn over each other in order (cumulative series read as a stack). */
static void svg_bars(struct recur_buf *out, const struct recur_json *c, int h)
{
	const struct recur_json *x = recur_json_get(c, "x"), *series = recur_json_get(c, "series");
	double plot_w = CHART_W - PLOT_L - PLOT_R, plot_h = h - PLOT_T - PLOT_B, top = jnum(c, "top");
	double slot = plot_w / (double)x->n;
	size_t i, k;
	int ok;
	int stacked = recur_json_truthy(recur_json_get(c, "stacked")), below;

	for (k = 0; k < series->n; k++)
		for (i = 0; i < x->n; i++) {
			double v = point(series->items[k], i, &ok), bh = plot_h * v / top, seg = v;

			if (!ok || v <= 0)
				continue;
			/* a stacked series is cumulative: its own part is above the next one */
			if (stacked && k + 1 < series->n)
				seg = v - point(series->items[k + 1], i, &below);
			recur_buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				       "fill=\"%s\"><title>", PLOT_L + slot * (double)i + slot * 0.2,
				       PLOT_T + plot_h - bh, slot * 0.6, bh,
				       jstr(series->items[k], "color"));
			svg_text(out, jstr(x->items[i], "label"));
			recur_buf_adds(out, ": ");
			svg_text(out, jstr(series->items[k], "name"));
			recur_buf_addf(out, " %g</title></rect>\n", seg);
		}
	/* the first series is the tallest: its value above each bar */
	for (i = 0; series->n && i < x->n; i++) {
		double v = point(series->items[0], i, &ok);

		if (ok)
			recur_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
				       PLOT_L + slot * ((double)i + 0.5), PLOT_T + plot_h - plot_h * v / top - 4,
				       v);
	}
}

/* Lines, broken where a month has no figure, with a dot on each point. */
static void svg_lines(struct recur_buf *out, const struct recur_json *c, int h)
{
	const struct recur_json *x = recur_json_get(c, "x"), *series = recur_json_get(c, "series");
	double plot_w = CHART_W - PLOT_L - PLOT_R, plot_h = h - PLOT_T - PLOT_B, top = jnum(c, "top");
	size_t i, k;
	int ok, open;

	for (k = 0; k < series->n; k++) {
		const char *color = jstr(series->items[k], "color");

		for (i = 0, open = 0; i < x->n; i++) {
			double v = point(series->items[k], i, &ok);

			if (!ok) {
				if (open)
					recur_buf_adds(out, "\"/>\n");
				open = 0;
				continue;
			}
			if (!open)
				recur_buf_addf(out, "<polyline fill=\"none\" stroke=\"%s\" "
					       "stroke-width=\"2\" points=\"", color);
			recur_buf_addf(out, "%s%.1f,%.1f", open ? " " : "",
				       PLOT_L + plot_w * ((double)i + 0.5) / (double)x->n,
				       PLOT_T + plot_h - plot_h * v / top);
			open = 1;
		}
		if (open)
			recur_buf_adds(out, "\"/>\n");
		for (i = 0; i < x->n; i++) {
			double v = point(series->items[k], i, &ok);

			if (!ok)
				continue;
			recur_buf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>",
				       PLOT_L + plot_w * ((double)i + 0.5) / (double)x->n,
				       PLOT_T + plot_h - plot_h * v / top, color);
			svg_text(out, jstr(x->items[i], "label"));
			recur_buf_adds(out, ": ");
			svg_text(out, jstr(series->items[k], "name"));
			recur_buf_addf(out, " %g ", v);
			svg_text(out, jstr(c, "unit"));
			recur_buf_adds(out, "</title></circle>\n");
		}
	}
}

/* A chart object of the view as SVG; "lines" draws lines, else bars. */
static void chart_svg(const struct recur_json *c, int lines, struct recur_buf *out)
{
	const struct recur_json *x = recur_json_get(c, "x"), *series = recur_json_get(c, "series");

	/* what is not drawn is said by the template's legend line, in both forms */
	if (!x || x->type != RECUR_JSON_ARRAY || !x->n || !series || series->type != RECUR_JSON_ARRAY)
		return;
	svg_open(out, c, CHART_H);
	svg_legend(out, series);
	svg_y_axis(out, c, CHART_H);
	svg_x_labels(out, x, CHART_H);
	if (lines)
		svg_lines(out, c, CHART_H);
	else
		svg_bars(out, c, CHART_H);
	recur_buf_adds(out, "</svg>");
}

/* The charts a Mermaid block can name, and the view key of each. */
static const struct {
	const char *name, *key;
	int lines;
} charts[] = {
	{ "severity", "chart_severity", 0 },
	{ "durations", "chart_durations", 1 },
	{ "ttr-by-severity", "chart_ttr_severity", 0 },
	{ "ttr-by-service", "chart_ttr_service", 0 },
};

/* The chart a code block names ("mermaid severity"), or -1. */
static int chart_of(cmark_node *n)
{
	const char *info = cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK
				   ? cmark_node_get_fence_info(n) : NULL;
	size_t i, len;

	if (!info || strncmp(info, "mermaid", 7) || (info[7] != ' ' && info[7] != '\t'))
		return -1;
	for (info += 8; *info == ' ' || *info == '\t'; info++)
		;
	len = strcspn(info, " \t");
	for (i = 0; i < sizeof(charts) / sizeof(charts[0]); i++)
		if (strlen(charts[i].name) == len && !strncmp(info, charts[i].name, len))
			return (int)i;
	return -1;
}

/* ---- the page ---- */

static cmark_parser *gfm_parser(void)
{
	static const char *const ext[] = { "table", "tasklist", "autolink", "strikethrough" };
	cmark_parser *p;
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(CMARK_OPTS);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(ext[i]));
	return p;
}

/* The text of the first heading: the page's title. */
static void first_heading(cmark_node *doc, struct recur_buf *out)
{
	cmark_node *n = cmark_node_first_child(doc);
	cmark_iter *it;
	cmark_event_type ev;

	while (n && cmark_node_get_type(n) != CMARK_NODE_HEADING)
		n = cmark_node_next(n);
	if (!n)
		return;
	it = cmark_iter_new(n);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *t = cmark_iter_get_node(it);
		const char *lit;

		if (ev == CMARK_EVENT_ENTER && (cmark_node_get_type(t) == CMARK_NODE_TEXT ||
						cmark_node_get_type(t) == CMARK_NODE_CODE) &&
		    (lit = cmark_node_get_literal(t)))
			recur_buf_adds(out, lit);
	}
	cmark_iter_free(it);
}

/* The body: each top-level block rendered by cmark-gfm, a named chart's block as its SVG. */
static void body_html(cmark_parser *parser, cmark_node *doc, const struct recur_json *view,
		      struct recur_buf *out)
{
	cmark_llist *ext = cmark_parser_get_syntax_extensions(parser);
	cmark_node *n;

	for (n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		int k = chart_of(n);
		const struct recur_json *c = k >= 0 ? recur_json_get(view, charts[k].key) : NULL;
		char *html;

		if (c) {
			recur_buf_adds(out, "<figure>\n");
			chart_svg(c, charts[k].lines, out);
			recur_buf_adds(out, "\n</figure>\n");
			continue;
		}
		html = cmark_render_html(n, CMARK_OPTS, ext);
		recur_buf_adds(out, html);
		free(html);
	}
}

static int load_css(struct recur_buf *css, struct recur_error *err)
{
	int rc = recur_share_load(CSS_FILE, css, err);

	/* the stylesheet is inlined: "</" could close the <style> element */
	if (!rc && strstr(css->buf, "</"))
		rc = recur_error_at(err, CSS_FILE, 0, 0, "stylesheet contains '</': remove it, it "
				    "would end the inline <style> element");
	return rc;
}

int recur_report_html(const struct recur_buf *md, const struct recur_json *view,
		      struct recur_buf *out, struct recur_error *err)
{
	struct recur_buf css = RECUR_BUF_INIT, body = RECUR_BUF_INIT, title = RECUR_BUF_INIT;
	struct recur_json *page = NULL;
	const struct recur_json *version = recur_json_get(view, "recur_version");
	cmark_parser *parser;
	cmark_node *doc;
	int rc = -1;

	if (load_css(&css, err))
		goto out;
	parser = gfm_parser();
	cmark_parser_feed(parser, md->buf, md->len);
	doc = cmark_parser_finish(parser);
	first_heading(doc, &title);
	body_html(parser, doc, view, &body);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	page = recur_json_new(RECUR_JSON_OBJECT);
	recur_json_set_string(page, "title", title.buf);
	recur_json_set_string(page, "css", css.buf);
	recur_json_set_string(page, "body", body.buf);
	recur_json_set(page, "recur_version", version ? recur_json_clone(version)
						       : recur_json_new_string(""));
	rc = recur_report_render(PAGE_TEMPLATE, page, recur_mustache_escape_html, out, err);
out:
	recur_json_free(page);
	recur_buf_release(&css);
	recur_buf_release(&body);
	recur_buf_release(&title);
	return rc;
}
