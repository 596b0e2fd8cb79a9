/*
 * report_int.h — what report.c, report_html.c and report_xlsx.c share
 * (internal to the report layer; the public API is include/recur/report.h).
 */
#ifndef RECUR_REPORT_INT_H
#define RECUR_REPORT_INT_H

#include "recur/buf.h"
#include "recur/err.h"
#include "recur/json.h"
#include "recur/mustache.h"
#include "recur/report.h"

/*
 * Renders the data file name (e.g. "report-templates/monthly-review.md",
 * --share overrides it) against view with escape, appending to out.
 * Partials {{> NAME}} load "report-templates/NAME"; a missing one is an error.
 */
int recur_report_render(const char *name, const struct recur_json *view,
			recur_mustache_escape_fn escape, struct recur_buf *out,
			struct recur_error *err);

/*
 * Renders the HTML page of the Markdown report md into out: md through
 * cmark-gfm (safe mode), each Mermaid block that names a chart replaced by
 * that chart of view as SVG, inside report-templates/page.html.mustache.
 */
int recur_report_html(const struct recur_buf *md, const struct recur_json *view,
		      struct recur_buf *out, struct recur_error *err);

/*
 * Writes a duration of minutes the way a reader expects it: minutes under
 * 2 h ("42.5 min"), hours under 48 h ("3.2 h"), then days ("1,204.5 d"),
 * with thousands separators and one decimal.
 */
void recur_report_duration(double minutes, char *out, size_t size);

/* A round top for an axis from 0 (1, 2 or 5 times a power of ten), at least max. */
double recur_report_axis_top(double max);

/*
 * Adds the chart objects (report_charts.c) to view, from its "chart_trend"
 * and data's "severity" and "services": "chart_severity",
 * "chart_durations", "chart_ttr_severity", "chart_ttr_service", each
 * { title, unit, top, x: [{label}], series: [{name, color, colour,
 * values, points}], left_out, drawn }.
 */
void recur_report_add_charts(struct recur_json *view, const struct recur_json *data);

/* Writes the workbook of data to path; now fixes the document dates. The
 * Incidents sheet comes from rows when given (else from data's "incidents"),
 * the Problems sheet from problems when given (read after rows; else from
 * data's "problems"). */
int recur_report_xlsx(const struct recur_json *data, const struct recur_report_rows *rows,
		      const struct recur_report_rows *problems, const char *path, long long now,
		      struct recur_error *err);

#endif
