/*
 * import_pipeline.c — the row pass on two threads (CSV, and JSON without
 * profile events, which need each row's incident id as it is written).
 *
 * Reading and converting a row (CSV fields, times, severities, the extra
 * JSON) costs about as much as SQLite's insert of it, so a parser thread
 * converts rows into batches (import_convert.c: no database access) while
 * the calling thread writes them in file order (import_write.c).
 * The output is the same as the one-thread pass (RECUR_THREADS=1): the same
 * rows are converted by the same code and written in the same order; only
 * when the conversion happens changes.
 *
 * The threads share a ring of NBATCH batches: the parser fills one while
 * the writer empties another. The reader and the converter (scans, previews,
 * reject counts) are the parser's until it is joined; the writer (the
 * database, the write counts) and the mapped file's page release are the
 * calling thread's.
 * A parse error ends the batch it happens in (the rows before it are
 * written, then the error is reported); a write error stops the parser.
 */
#include "import_int.h"

#include <pthread.h>
#include <string.h>

#define NBATCH 4
#define BATCH_ROWS 512
#define BATCH_BYTES ((size_t)8 << 20)  /* copied text per batch, beyond which it is handed over */

struct pipeline {
	struct imp *im;
	struct imp_batch ring[NBATCH];
	unsigned long filled, written;  /* batches handed over / given back */
	int parsed;                     /* the parser is done: prc says how */
	int prc;                        /* 0 end of input, -1 error (perr) */
	struct recur_error perr;
	int stop;                       /* the writer failed: stop parsing */
	pthread_mutex_t mu;
	pthread_cond_t can_fill, can_write;
};

/* Converts up to BATCH_ROWS rows into b: 1 more may follow, 0 end, -1 error. */
static int fill(struct pipeline *p, struct imp_batch *b)
{
	struct imp *im = p->im;
	const struct recur_csv_field *f;
	size_t n;
	long line;
	int r = 1;

	imp_batch_reset(b);
	while (b->n < BATCH_ROWS && b->arena.len < BATCH_BYTES &&
	       (r = imp_rows_next(&im->rd, &f, &n, &line, &p->perr)) == 1) {
		if (im->scanning)
			imp_scan(im, f, n, line);
		if (imp_convert_row(&im->cv, b, f, n, line, NULL, &p->perr)) {
			b->n--; /* the failed row is not written */
			r = -1;
			break;
		}
	}
	b->end = im->rd.json ? jrows_offset(&im->rd.j, im->rd.j.idx - (im->rd.j.idx > 0)) :
			       recur_csv_offset(&im->rd.csv);
	return r;
}

static void *parse_main(void *arg)
{
	struct pipeline *p = arg;
	int r = 1;

	while (r == 1) {
		struct imp_batch *b;

		pthread_mutex_lock(&p->mu);
		while (p->filled - p->written == NBATCH && !p->stop)
			pthread_cond_wait(&p->can_fill, &p->mu);
		if (p->stop) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		b = &p->ring[p->filled % NBATCH];
		pthread_mutex_unlock(&p->mu);

		r = fill(p, b);

		pthread_mutex_lock(&p->mu);
		p->filled++;
		if (r != 1) {
			p->parsed = 1;
			p->prc = r;
		}
		pthread_cond_signal(&p->can_write);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

static int write_batch(struct pipeline *p, struct imp_batch *b, long *rows,
		       struct recur_error *err)
{
	struct imp *im = p->im;
	long before = *rows;

	if (imp_write_batch(&im->wr, b, NULL, err))
		return -1;
	*rows += (long)b->n;
	if (*rows / 16384 != before / 16384 && im->o->progress)
		im->o->progress(im->path, (long long)b->end, (long long)im->rd.len, *rows,
				im->o->progress_ctx);
	imp_drop_behind(&im->rd, b->end);
	return 0;
}

/* Writes batches as they come; 0 when all are written, 1 when the file was
 * imported before (nothing written), -1 on a write error. */
static int write_all(struct pipeline *p, long *rows, struct recur_error *err)
{
	int r;

	if (p->im->start_writes && (r = imp_start_writes(p->im, err)))
		return r;
	for (;;) {
		struct imp_batch *b;

		pthread_mutex_lock(&p->mu);
		while (p->written == p->filled && !p->parsed)
			pthread_cond_wait(&p->can_write, &p->mu);
		if (p->written == p->filled) {
			pthread_mutex_unlock(&p->mu);
			return 0;
		}
		b = &p->ring[p->written % NBATCH];
		pthread_mutex_unlock(&p->mu);

		if (write_batch(p, b, rows, err))
			return -1;

		pthread_mutex_lock(&p->mu);
		p->written++;
		pthread_cond_signal(&p->can_fill);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Without a second thread: fill and write one batch at a time. */
static int alternate(struct pipeline *p, long *rows, struct recur_error *err)
{
	int r = 1;

	if (p->im->start_writes && (r = imp_start_writes(p->im, err)))
		return r;
	r = 1;
	while (r == 1) {
		r = fill(p, &p->ring[0]);
		if (write_batch(p, &p->ring[0], rows, err))
			return -1;
	}
	p->prc = r;
	return 0;
}

int imp_pipeline_run(struct imp *im, long *rows, struct recur_error *err)
{
	struct pipeline p;
	pthread_t parser;
	int rc, i;

	memset(&p, 0, sizeof(p));
	p.im = im;
	for (i = 0; i < NBATCH; i++)
		imp_batch_init(&p.ring[i]);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.can_fill, NULL);
	pthread_cond_init(&p.can_write, NULL);
	*rows = 0;
	im->rd.threaded = 1;
	if (pthread_create(&parser, NULL, parse_main, &p)) {
		rc = alternate(&p, rows, err);
	} else {
		rc = write_all(&p, rows, err);
		pthread_mutex_lock(&p.mu);
		p.stop = 1;
		pthread_cond_signal(&p.can_fill);
		pthread_mutex_unlock(&p.mu);
		pthread_join(parser, NULL);
	}
	im->rd.threaded = 0;
	if (rc == 0 && p.prc < 0) {
		*err = p.perr;
		rc = -1;
	}
	for (i = 0; i < NBATCH; i++)
		imp_batch_release(&p.ring[i]);
	pthread_cond_destroy(&p.can_write);
	pthread_cond_destroy(&p.can_fill);
	pthread_mutex_destroy(&p.mu);
	return rc;
}
