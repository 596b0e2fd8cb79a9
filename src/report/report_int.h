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
 * Renders the HTML page of template tmpl into out: view is the template view
 * (report.c), which this adds "css", "trend_svg", "durations_svg" and
 * "notes_html" to; data is the review data the charts are drawn from.
 */
int recur_report_html(struct recur_json *view, const struct recur_json *data, const char *tmpl,
		      struct recur_buf *out, struct recur_error *err);

/* Appends the inline SVG bar chart of data's "trend" (incidents per month by severity). */
void recur_report_trend_svg(const struct recur_json *data, struct recur_buf *out);
/* Appends the inline SVG line chart of data's "trend" (median TTA, TTM, TTR; log scale). */
void recur_report_durations_svg(const struct recur_json *data, struct recur_buf *out);

/* Writes the workbook of data to path; now fixes the document dates. The
 * Incidents sheet comes from rows when given (else from data's "incidents"),
 * the Problems sheet from problems when given (read after rows; else from
 * data's "problems"). */
int recur_report_xlsx(const struct recur_json *data, const struct recur_report_rows *rows,
		      const struct recur_report_rows *problems, const char *path, long long now,
		      struct recur_error *err);

#endif
