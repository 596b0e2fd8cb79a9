/*
 * report_pipe.c — the review's workbook written on a second thread, from the
 * same single pass over the month's incidents that picks the report's worst
 * ones (report.c).
 *
 * Without it the incidents were read twice (worst-50 table, then the
 * workbook) and the workbook's XML and zip compression ran after the
 * Markdown and HTML on one core. Here the pass that report.c makes hands a
 * copy of each row through a small bounded queue to a thread running
 * recur_report_xlsx, which then compresses while the main thread renders
 * Markdown and HTML. The rows, and so the workbook, are the ones the single
 * thread wrote, in the same order. The workbook goes to PATH.tmp and is
 * renamed by report_pipe_join only when both sides succeeded, so a failed
 * run leaves no half file, as before. It does not touch the database: the
 * reading stays on the calling thread. The month's problems, when they are
 * streamed too, follow the incidents through the same queue after an end
 * marker (a JSON null), for the Problems sheet the workbook fills last.
 */
#include "report_pipe.h"
#include "recur/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Producer side: called with each row report.c reads (NULL: the end of a list). */
static void put(struct report_pipe *p, const struct recur_json *row)
{
	struct recur_json *c = row ? recur_json_clone(row) : recur_json_new(RECUR_JSON_NULL);

	pthread_mutex_lock(&p->mu);
	while (p->n == REPORT_PIPE_CAP && !p->closed)
		pthread_cond_wait(&p->can_put, &p->mu);
	if (!p->closed) {
		p->q[(p->head + p->n) % REPORT_PIPE_CAP] = c;
		p->n++;
		c = NULL;
		pthread_cond_signal(&p->can_get);
	}
	pthread_mutex_unlock(&p->mu);
	recur_json_free(c); /* the workbook side stopped: nothing wants it */
}

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
		put(p, *row);
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
	recur_json_free(p->cur);
	p->cur = NULL;
	pthread_mutex_lock(&p->mu);
	while (!p->n && !p->eof)
		pthread_cond_wait(&p->can_get, &p->mu);
	if (p->n) {
		p->cur = p->q[p->head];
		p->head = (p->head + 1) % REPORT_PIPE_CAP;
		p->n--;
		pthread_cond_signal(&p->can_put);
	}
	pthread_mutex_unlock(&p->mu);
	if (p->cur && p->cur->type == RECUR_JSON_NULL) { /* the end of the incidents */
		recur_json_free(p->cur);
		p->cur = NULL;
	}
	*row = p->cur;
	return p->cur != NULL;
}

static void *run(void *arg)
{
	struct report_pipe *p = arg;

	p->rc = recur_report_xlsx(p->data, &p->out, p->with_problems ? &p->out : NULL, p->tmp, p->now,
				  &p->err);
	pthread_mutex_lock(&p->mu);
	p->closed = 1;
	while (p->n) {
		recur_json_free(p->q[p->head]);
		p->head = (p->head + 1) % REPORT_PIPE_CAP;
		p->n--;
	}
	pthread_cond_broadcast(&p->can_put);
	pthread_mutex_unlock(&p->mu);
	recur_json_free(p->cur);
	p->cur = NULL;
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
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->can_put, NULL);
	pthread_cond_init(&p->can_get, NULL);
	if (pthread_create(&p->thread, NULL, run, p)) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->can_put);
		pthread_cond_destroy(&p->can_get);
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

	put(p, NULL);
	if (problems->rewind(problems->ctx, err))
		return -1;
	while ((r = problems->next(problems->ctx, &row, err)) == 1)
		put(p, row);
	return r;
}

void report_pipe_end(struct report_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->eof = 1;
	pthread_cond_broadcast(&p->can_get);
	pthread_mutex_unlock(&p->mu);
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
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->can_put);
	pthread_cond_destroy(&p->can_get);
	free(p->tmp);
	p->tmp = NULL;
	return ok ? rc : -1;
}
