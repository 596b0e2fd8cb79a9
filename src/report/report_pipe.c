/*
 * report_pipe.c — the review's workbook written on a second thread, from the
 * same single pass over the month's incidents that picks the report's worst
 * ones (report.c).
 *
 * Without it the incidents were read twice (worst-50 table, then the
 * workbook) and the workbook's XML and zip compression ran after the
 * Markdown and HTML on one core. Here the pass that report.c makes hands
 * each row to a thread running recur_report_xlsx, which then compresses
 * while the main thread renders Markdown and HTML. The rows, and so the
 * workbook, are the ones the single thread wrote, in the same order. The
 * workbook goes to PATH.tmp and is renamed by report_pipe_join only when
 * both sides succeeded, so a failed run leaves no half file, as before. It
 * does not touch the database: the reading stays on the calling thread. The
 * month's problems, when they are streamed too, follow the incidents
 * through the same queue after a mark, for the Problems sheet the workbook
 * fills last.
 *
 * The rows travel in batches of flat records (report_queue): a row's
 * scalars are copied into the batch, its text into the batch's one arena,
 * and the reader sees each row through one reused object whose values
 * point into the batch. A JSON tree per row, allocated on one thread and
 * freed on the other, cost about half the report's CPU on a month of a
 * million incidents, much of it in the allocator's lock.
 */
#include "report_pipe.h"
#include "recur/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_TEXT ((size_t)-1)

/* One value of a row: a scalar with its text in the batch's arena, or an
 * array or object (no query gives one today) as a tree the batch owns. */
struct report_cell {
	enum recur_json_type type;
	double num;
	size_t off;  /* text in the arena, the index in own, or NO_TEXT */
	size_t len;
};

struct report_batch {
	struct report_batch *next;  /* in the queue or among the spares */
	size_t nrows, nkeys;        /* every row has the batch's keys */
	int end;                    /* a list ends after these rows */
	size_t *keys, keycap;       /* the keys' offsets in the arena */
	struct report_cell *cells;  /* nrows * nkeys */
	size_t cellcap;
	char *text;                 /* the arena */
	size_t len, cap;
	struct recur_json **own;
	size_t nown, owncap;
};

static void batch_reset(struct report_batch *b)
{
	size_t i;

	for (i = 0; i < b->nown; i++)
		recur_json_free(b->own[i]);
	b->nown = b->nrows = b->nkeys = b->len = 0;
	b->end = 0;
	b->next = NULL;
}

static void batch_free(struct report_batch *b)
{
	if (!b)
		return;
	batch_reset(b);
	free(b->keys);
	free(b->cells);
	free(b->text);
	free(b->own);
	free(b);
}

/* Copies s[0, len) and a NUL into the arena: its offset. */
static size_t batch_text(struct report_batch *b, const char *s, size_t len)
{
	size_t off = b->len;

	xgrow((void **)&b->text, &b->cap, b->len + len + 1, 1);
	memcpy(b->text + off, s, len);
	b->text[off + len] = '\0';
	b->len += len + 1;
	return off;
}

/* Whether row has the batch's keys, in its order (a row's keys are the
 * query's columns, so every row of a list has the same). */
static int same_keys(const struct report_batch *b, const struct recur_json *row, size_t n)
{
	size_t k;

	if (n != b->nkeys)
		return 0;
	for (k = 0; k < n; k++)
		if (strcmp(row->keys[k], b->text + b->keys[k]))
			return 0;
	return 1;
}

static void batch_add(struct report_batch *b, const struct recur_json *row)
{
	size_t n = row && row->type == RECUR_JSON_OBJECT ? row->n : 0, k;
	struct report_cell *c;
	const struct recur_json *v;

	if (!b->nrows) {
		xgrow((void **)&b->keys, &b->keycap, n, sizeof(b->keys[0]));
		for (k = 0; k < n; k++)
			b->keys[k] = batch_text(b, row->keys[k], strlen(row->keys[k]));
		b->nkeys = n;
	}
	xgrow((void **)&b->cells, &b->cellcap, (b->nrows + 1) * n, sizeof(b->cells[0]));
	c = b->cells + b->nrows * n;
	for (k = 0; k < n; k++, c++) {
		v = row->items[k];
		c->type = v->type;
		c->num = v->num;
		c->len = v->len;
		c->off = NO_TEXT;
		if (v->type == RECUR_JSON_ARRAY || v->type == RECUR_JSON_OBJECT) {
			xgrow((void **)&b->own, &b->owncap, b->nown + 1, sizeof(b->own[0]));
			c->off = b->nown;
			b->own[b->nown++] = recur_json_clone(v);
		} else if (v->str) {
			c->off = batch_text(b, v->str, v->len);
		}
	}
	b->nrows++;
}

void report_queue_init(struct report_queue *q)
{
	memset(q, 0, sizeof(*q));
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->can_put, NULL);
	pthread_cond_init(&q->can_get, NULL);
	q->view.type = RECUR_JSON_OBJECT;
}

/* Writer: sends the batch being filled (when it holds something to say). */
static void send(struct report_queue *q)
{
	struct report_batch *b = q->fill;

	if (!b || (!b->nrows && !b->end))
		return;
	q->fill = NULL;
	pthread_mutex_lock(&q->mu);
	while (q->n == REPORT_PIPE_DEPTH && !q->closed)
		pthread_cond_wait(&q->can_put, &q->mu);
	if (q->closed) { /* the reader stopped: nothing wants it */
		batch_reset(b);
		b->next = q->spare;
		q->spare = b;
	} else {
		if (q->tail)
			q->tail->next = b;
		else
			q->head = b;
		q->tail = b;
		q->n++;
		pthread_cond_signal(&q->can_get);
	}
	pthread_mutex_unlock(&q->mu);
}

/* Writer: the batch to fill, a spare one when there is one. */
static struct report_batch *filling(struct report_queue *q)
{
	if (q->fill)
		return q->fill;
	pthread_mutex_lock(&q->mu);
	if ((q->fill = q->spare))
		q->spare = q->fill->next;
	pthread_mutex_unlock(&q->mu);
	if (!q->fill)
		q->fill = xcalloc(1, sizeof(*q->fill));
	q->fill->next = NULL;
	return q->fill;
}

void report_queue_put(struct report_queue *q, const struct recur_json *row)
{
	struct report_batch *b = filling(q);
	size_t n = row && row->type == RECUR_JSON_OBJECT ? row->n : 0;

	if (b->nrows && !same_keys(b, row, n)) {
		send(q);
		b = filling(q);
	}
	batch_add(b, row);
	if (b->nrows >= REPORT_PIPE_ROWS || b->len >= REPORT_PIPE_BYTES)
		send(q);
}

void report_queue_mark(struct report_queue *q)
{
	filling(q)->end = 1;
	send(q);
}

void report_queue_end(struct report_queue *q)
{
	send(q);
	pthread_mutex_lock(&q->mu);
	q->eof = 1;
	pthread_cond_broadcast(&q->can_get);
	pthread_mutex_unlock(&q->mu);
}

/* Reader: hands the batch read back for reuse. */
static void give_back(struct report_queue *q, struct report_batch *b)
{
	batch_reset(b);
	pthread_mutex_lock(&q->mu);
	b->next = q->spare;
	q->spare = b;
	pthread_mutex_unlock(&q->mu);
}

static struct report_batch *take(struct report_queue *q)
{
	struct report_batch *b;

	pthread_mutex_lock(&q->mu);
	while (!q->n && !q->eof)
		pthread_cond_wait(&q->can_get, &q->mu);
	if ((b = q->head)) {
		if (!(q->head = b->next))
			q->tail = NULL;
		b->next = NULL;
		q->n--;
		pthread_cond_signal(&q->can_put);
	}
	pthread_mutex_unlock(&q->mu);
	return b;
}

/* Reader: row i of b as the view object, its values pointing into b. */
static const struct recur_json *view_row(struct report_queue *q, const struct report_batch *b,
					 size_t i)
{
	const struct report_cell *c = b->cells + i * b->nkeys;
	struct recur_json *v;
	size_t k, n = b->nkeys;

	if (n > q->viewcap) {
		q->vals = xrealloc(q->vals, n * sizeof(q->vals[0]));
		q->items = xrealloc(q->items, n * sizeof(q->items[0]));
		q->keys = xrealloc(q->keys, n * sizeof(q->keys[0]));
		q->viewcap = n;
	}
	for (k = 0; k < n; k++, c++) {
		q->keys[k] = b->text + b->keys[k];
		if (c->type == RECUR_JSON_ARRAY || c->type == RECUR_JSON_OBJECT) {
			q->items[k] = b->own[c->off];
			continue;
		}
		v = q->items[k] = &q->vals[k];
		memset(v, 0, sizeof(*v));
		v->type = c->type;
		v->num = c->num;
		v->len = c->len;
		v->str = c->off == NO_TEXT ? NULL : b->text + c->off;
	}
	q->view.n = q->view.cap = n;
	q->view.items = q->items;
	q->view.keys = q->keys;
	return &q->view;
}

int report_queue_next(struct report_queue *q, const struct recur_json **row)
{
	struct report_batch *b;
	int end;

	*row = NULL;
	for (;;) {
		if ((b = q->cur) && q->at < b->nrows) {
			*row = view_row(q, b, q->at++);
			return 1;
		}
		if (b) {
			end = b->end;
			q->cur = NULL;
			give_back(q, b);
			if (end)
				return 0;
		}
		if (!(q->cur = take(q)))
			return 0;
		q->at = 0;
	}
}

void report_queue_close(struct report_queue *q)
{
	struct report_batch *b;

	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	while ((b = q->head)) {
		q->head = b->next;
		batch_reset(b);
		b->next = q->spare;
		q->spare = b;
	}
	q->tail = NULL;
	q->n = 0;
	pthread_cond_broadcast(&q->can_put);
	pthread_mutex_unlock(&q->mu);
	if (q->cur)
		give_back(q, q->cur);
	q->cur = NULL;
}

void report_queue_release(struct report_queue *q)
{
	struct report_batch *b;

	batch_free(q->fill);
	batch_free(q->cur);
	while ((b = q->head)) {
		q->head = b->next;
		batch_free(b);
	}
	while ((b = q->spare)) {
		q->spare = b->next;
		batch_free(b);
	}
	free(q->vals);
	free(q->items);
	free(q->keys);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->can_put);
	pthread_cond_destroy(&q->can_get);
	memset(q, 0, sizeof(*q));
}

/* ---- the workbook's thread ---- */

static int tee_rewind(void *ctx, struct recur_error *err)
{
	struct report_pipe *p = ctx;

	return p->in->rewind(p->in->ctx, err);
}

static int tee_next(void *ctx, const struct recur_json **row, struct recur_error *err)
{
	struct report_pipe *p = ctx;
	int r = p->in->next(p->in->ctx, row, err);

	if (r == 1)
		report_queue_put(&p->q, *row);
	return r;
}

/* Consumer side: the workbook's rows, one pass (the queue cannot rewind). */
static int out_rewind(void *ctx, struct recur_error *err)
{
	(void)ctx;
	(void)err;
	return 0;
}

static int out_next(void *ctx, const struct recur_json **row, struct recur_error *err)
{
	struct report_pipe *p = ctx;

	(void)err;
	return report_queue_next(&p->q, row);
}

static void *run(void *arg)
{
	struct report_pipe *p = arg;

	p->rc = recur_report_xlsx(p->data, &p->out, p->with_problems ? &p->out : NULL, p->tmp, p->now,
				  &p->err);
	report_queue_close(&p->q);
	return NULL;
}

int report_pipe_start(struct report_pipe *p, const struct recur_json *data,
		      const struct recur_report_rows *in, int with_problems, const char *path,
		      long long now, struct recur_error *err)
{
	memset(p, 0, sizeof(*p));
	p->data = data;
	p->with_problems = with_problems;
	p->in = in;
	p->path = path;
	p->now = now;
	p->tmp = xmalloc(strlen(path) + 5);
	sprintf(p->tmp, "%s.tmp", path);
	p->tee = (struct recur_report_rows){ tee_rewind, tee_next, p };
	p->out = (struct recur_report_rows){ out_rewind, out_next, p };
	recur_error_init(&p->err);
	report_queue_init(&p->q);
	if (pthread_create(&p->thread, NULL, run, p)) {
		report_queue_release(&p->q);
		free(p->tmp);
		p->tmp = NULL;
		return recur_error_set(err, "cannot start a thread for the workbook: %s",
				       strerror(errno));
	}
	p->running = 1;
	return 0;
}

int report_pipe_more(struct report_pipe *p, const struct recur_report_rows *problems,
		     struct recur_error *err)
{
	const struct recur_json *row;
	int r;

	report_queue_mark(&p->q);
	if (problems->rewind(problems->ctx, err))
		return -1;
	while ((r = problems->next(problems->ctx, &row, err)) == 1)
		report_queue_put(&p->q, row);
	return r;
}

void report_pipe_end(struct report_pipe *p)
{
	report_queue_end(&p->q);
}

int report_pipe_join(struct report_pipe *p, int ok, struct recur_error *err)
{
	int rc = 0;

	if (!p->running)
		return ok ? 0 : -1;
	report_pipe_end(p);
	pthread_join(p->thread, NULL);
	p->running = 0;
	if (ok && p->rc) {
		*err = p->err;
		rc = -1;
	} else if (ok && rename(p->tmp, p->path)) {
		rc = recur_error_set(err, "cannot write '%s': %s", p->path, strerror(errno));
	}
	if (!ok || rc)
		remove(p->tmp);
	report_queue_release(&p->q);
	free(p->tmp);
	p->tmp = NULL;
	return ok ? rc : -1;
}
