/*
 * report_pipe.h — the review's workbook on a second thread, fed by the
 * single pass over the streamed incidents (report_pipe.c; internal to the
 * report layer).
 */
#ifndef RECUR_REPORT_PIPE_H
#define RECUR_REPORT_PIPE_H

#include "report_int.h"

#include <pthread.h>

#define REPORT_PIPE_CAP 256 /* rows in flight: bounds the memory */

struct report_pipe {
	struct recur_report_rows tee;  /* read this instead of in: each row also goes to the workbook */
	const struct recur_report_rows *in;
	struct recur_report_rows out;  /* the workbook thread's rows */
	const struct recur_json *data; /* read by both threads, changed by neither */
	int with_problems;             /* the problems follow the incidents (report_pipe_more) */
	const char *path;
	char *tmp;
	long long now;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_get;
	struct recur_json *q[REPORT_PIPE_CAP];
	size_t head, n;
	int eof, closed, running;
	struct recur_json *cur;        /* the workbook thread's current row */
	int rc;
	struct recur_error err;
};

/* Starts writing data's workbook to path (through path.tmp); the Incidents
 * sheet takes the rows read through p->tee, and the Problems sheet, when
 * with_problems is set, the rows report_pipe_more sends after them. */
int report_pipe_start(struct report_pipe *p, const struct recur_json *data,
		      const struct recur_report_rows *in, int with_problems, const char *path,
		      long long now, struct recur_error *err);
/* After the incidents (the tee read to its end): sends every row of problems
 * to the workbook's Problems sheet. 0, or -1 with err. */
int report_pipe_more(struct report_pipe *p, const struct recur_report_rows *problems,
		     struct recur_error *err);
/* No more rows: the workbook thread finishes its sheets. */
void report_pipe_end(struct report_pipe *p);
/* Waits for the workbook. ok: the rest of the report succeeded, so the
 * workbook takes its name (else it is removed). 0, or -1 with err (the
 * workbook's error when ok). */
int report_pipe_join(struct report_pipe *p, int ok, struct recur_error *err);

#endif
