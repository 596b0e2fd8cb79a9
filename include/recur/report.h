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

struct recur_report_opts {
	const char *out_dir;     /* created if missing */
	unsigned forms;          /* enum recur_report_form bits */
	const char *template;    /* data file name of the Markdown template;
				    NULL = "report-templates/monthly-review.md" */
	long long now;           /* fixes every date the files hold (XLSX document properties too) */
};

/* The paths written, for messages: owned by the struct (recur_report_files_release). */
struct recur_report_files {
	char *md, *html, *xlsx;
};

/*
 * Writes review-<month>.md/.html/.xlsx into out_dir from data. Returns -1
 * with err set (naming the file) on failure.
 */
int recur_report_write(const struct recur_json *data, const struct recur_report_opts *opts,
		       struct recur_report_files *files, struct recur_error *err);
void recur_report_files_release(struct recur_report_files *files);

#endif
