/*
 * report_pipe.h — the review's workbook on a second thread, fed by the
 * single pass over the streamed incidents (report_pipe.c; internal to the
 * report layer).
 */
#ifndef RECUR_REPORT_PIPE_H
#define RECUR_REPORT_PIPE_H

#include "report_int.h"

#include <pthread.h>

#define REPORT_PIPE_ROWS 2048         /* rows per batch at most */
#define REPORT_PIPE_BYTES (1u << 20)  /* text per batch before it is sent */
#define REPORT_PIPE_DEPTH 4           /* batches in the queue: bounds the memory */

struct report_batch;

/*
 * Rows from one thread to another in batches of flat records: each row's
 * scalars are copied into the batch (text into one arena), so a row costs
 * no allocation on either side and a batch, a few thousand rows, is handed
 * over under the lock once; the reader recycles it for the writer.
 */
struct report_queue {
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_get;
	struct report_batch *head, *tail; /* sent, not yet taken */
	struct report_batch *spare;       /* taken and read: for reuse */
	size_t n;                         /* batches sent, not yet taken */
	int eof, closed;
	struct report_batch *fill;        /* the writer's batch being filled */
	struct report_batch *cur;         /* the reader's batch */
	size_t at;                        /* the reader's next row in cur */
	struct recur_json view, *vals, **items; /* the reader's current row */
	char **keys;
	size_t viewcap;
};

void report_queue_init(struct report_queue *q);
/* Writer: appends a copy of row (an object; anything else reads back as an
 * empty object). row stays the caller's. Dropped when the reader closed. */
void report_queue_put(struct report_queue *q, const struct recur_json *row);
/* Writer: ends a list; the reader's report_queue_next returns 0 there once,
 * then reads on. */
void report_queue_mark(struct report_queue *q);
/* Writer: no more rows (report_queue_next returns 0 from now on). */
void report_queue_end(struct report_queue *q);
/* Reader: the next row (borrowed; valid until the next call), 1; or 0 at a
 * mark or the end. */
int report_queue_next(struct report_queue *q, const struct recur_json **row);
/* Reader: wants no more rows; what is queued and put from now on is dropped. */
void report_queue_close(struct report_queue *q);
/* Frees every batch; both sides are done. */
void report_queue_release(struct report_queue *q);

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
	struct report_queue q;
	int running;
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
