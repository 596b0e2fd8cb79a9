/*
 * report.h — writing a review from the review data (metrics.h) as Markdown,
 * HTML and XLSX. Report code never sees the database: it reads the JSON
 * review data only, so it can be tested from a fixture.
 */
#ifndef RECUR_REPORT_H
#define RECUR_REPORT_H

#include "recur/err.h"
#include "recur/json.h"

enum recur_report_form {
	RECUR_REPORT_MD = 1,
	RECUR_REPORT_HTML = 2,
	RECUR_REPORT_XLSX = 4,
	RECUR_REPORT_ALL = 7,
};

/*
 * The period's incidents as a stream, for a month too long to hold: the
 * review data then has no "incidents" and the report reads them here, in
 * order (rewind, then next until 0), in one pass that feeds both the
 * Markdown/HTML table of the worst and the XLSX Incidents sheet (written on
 * a second thread, report_pipe.c; next is only called from the caller's). next sets *row to an
 * incident object like those of the data's "incidents" (borrowed; valid
 * until the next call) and returns 1, 0 at the end, -1 with err.
 */
struct recur_report_rows {
	int (*rewind)(void *ctx, struct recur_error *err);
	int (*next)(void *ctx, const struct recur_json **row, struct recur_error *err);
	void *ctx;
};

/* Incidents the Markdown and HTML list at most: past it, the worst ones. */
#define RECUR_REPORT_MAX_INCIDENTS 50

struct recur_report_opts {
	const char *out_dir;     /* created if missing */
	unsigned forms;          /* enum recur_report_form bits */
	const char *template;    /* data file name of the Markdown template;
				    NULL = "report-templates/monthly-review.md" */
	long long now;           /* fixes every date the files hold (XLSX document properties too) */
	const struct recur_report_rows *incidents;  /* or NULL: the data's "incidents" */
	const struct recur_report_rows *problems;   /* every problem for the XLSX Problems
						       sheet, in rank order; or NULL: the
						       data's "problems" */
};

/* The paths written, for messages: owned by the struct (recur_report_files_release). */
struct recur_report_files {
	char *md, *html, *xlsx;
};

/*
 * Writes review-<month>.md/.html/.xlsx into out_dir from data. The Markdown
 * and HTML list a month's incidents when there are at most
 * RECUR_REPORT_MAX_INCIDENTS of them, else the worst that many (by
 * severity, then time to resolve) with a line pointing to the XLSX, which
 * lists them all. Returns -1
 * with err set (naming the file) on failure.
 */
int recur_report_write(const struct recur_json *data, const struct recur_report_opts *opts,
		       struct recur_report_files *files, struct recur_error *err);
void recur_report_files_release(struct recur_report_files *files);

#endif
