/*
 * metrics_side.c — some of a review's figure queries on the second core: a
 * thread with its own connection to the same database file computes
 * them while the caller's connection computes the rest (metrics.c decides
 * which: sections that read nothing the others compute).
 *
 * Each query scans the period's incidents; on a month of a million of them
 * the figures took 13.5 s on one core, so about half moves here. The second
 * connection gets the same review scope (recur_metrics_scope: its temporary
 * views are per connection) and a copy of the run's parameters; it writes
 * nothing but its own temporary tables. Every query reads the database as
 * it is when the query starts, on either connection, as the one connection
 * did before, so the figures are the ones one connection computes. A
 * database held only in memory has no second connection: the caller then
 * runs the sections itself.
 */
#include "metrics_int.h"
#include "recur/mem.h"

#include <pthread.h>
#include <stdlib.h>

struct recur_metrics_side {
	struct recur_metrics_run q;   /* the caller's run on the second connection */
	struct recur_error err;
	long long scope_from, scope_to;
	int (*fn)(struct recur_metrics_run *q, void *ctx);
	void *ctx;
	int rc;
	pthread_t thread;
};

static void *side_main(void *arg)
{
	struct recur_metrics_side *s = arg;

	s->rc = recur_metrics_scope(s->q.db, s->scope_from, s->scope_to, &s->err) ||
			s->fn(&s->q, s->ctx) ? -1 : 0;
	return NULL;
}

struct recur_metrics_side *recur_metrics_side_start(const struct recur_metrics_run *q,
						    long long scope_from, long long scope_to,
						    int (*fn)(struct recur_metrics_run *q, void *ctx),
						    void *ctx)
{
	const char *path = sqlite3_db_filename(q->db, "main");
	struct recur_metrics_side *s;
	sqlite3 *db = NULL;

	if (!path || !*path)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	recur_error_init(&s->err);
	if (recur_db_open_existing(path, &db, &s->err)) {
		free(s);
		return NULL; /* the caller computes these sections too */
	}
	s->q = *q;
	s->q.db = db;
	s->q.err = &s->err;
	s->q.progress = NULL; /* the caller's line is the caller's to write */
	s->scope_from = scope_from;
	s->scope_to = scope_to;
	s->fn = fn;
	s->ctx = ctx;
	if (pthread_create(&s->thread, NULL, side_main, s)) {
		recur_db_close(db);
		free(s);
		return NULL;
	}
	return s;
}

int recur_metrics_side_join(struct recur_metrics_side *s, struct recur_error *err)
{
	int rc;

	pthread_join(s->thread, NULL);
	rc = s->rc;
	if (rc)
		*err = s->err;
	recur_db_close(s->q.db);
	free(s);
	return rc;
}
