/*
 * import_eventlog.c — event-log exports: one row per update of an incident
 * (ServiceNow audit logs, process-mining (id, time, status) logs).
 *
 * One pass scans the time columns for their day/month order and keeps per
 * row only its id, update time (as text until the order is known),
 * modification count, status, actor and where the row starts; the rows are
 * sorted by (id, update time, modification count, file order). In each group
 * the last row wins: it is re-read from where it starts and upserted like any
 * row, with opened_at (first event), resolved_at (first event in a
 * resolved-like status) and closed_at (first closed-like) filled when the
 * export has no such column, and acknowledged_at and mitigated_at from the
 * status change the profile names (format_milestone: ServiceNow's first
 * change away from New); every change of status becomes an incident_events
 * row (kind 'status', old and new value, actor). The status vocabulary and
 * the milestones are data (format_status, format_milestone). This file
 * does not read files.
 *
 * Process-mining logs (XES attribute names, Disco/ProM/Celonis columns) are
 * the same with the activity as the status, plus lifecycle:transition: an
 * activity recorded as start and complete rows is one event, at its
 * complete row (see aside()).
 */
#include "import_int.h"
#include "recur/mem.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct evrow {
	size_t id, status, actor;   /* offsets into the arena */
	size_t upd, opened;         /* time texts, parsed once the date order is known */
	size_t sub;                 /* a lifecycle value outside XES's model: a sub-status */
	unsigned idlen, statuslen, actorlen, updlen, openedlen, sublen;
	int aside;                  /* an XES transition before complete: not an event */
	long long at, mod;
	size_t where;               /* CSV byte offset, or JSON record index */
	long line, order;
};

struct evlog {
	struct evrow *rows;
	size_t n, cap;
	struct recur_buf arena;
};

static const char *arena_base;

static size_t keep(struct evlog *e, const char *s, size_t len, unsigned *out_len)
{
	size_t off = e->arena.len;

	if (len > 4096)
		len = 4096;
	recur_buf_add(&e->arena, s ? s : "", s ? len : 0);
	*out_len = s ? (unsigned)len : 0;
	return off;
}

static int cmp_rows_id(const struct evrow *a, const struct evrow *b)
{
	unsigned n = a->idlen < b->idlen ? a->idlen : b->idlen;
	int c = memcmp(arena_base + a->id, arena_base + b->id, n);

	if (c)
		return c;
	return a->idlen == b->idlen ? 0 : a->idlen < b->idlen ? -1 : 1;
}

static int cmp_rows(const void *pa, const void *pb)
{
	const struct evrow *a = pa, *b = pb;
	int c = cmp_rows_id(a, b);

	if (c)
		return c;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	if (a->mod != b->mod)
		return a->mod < b->mod ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static long long row_time(const struct imp_converter *cv, int k, const char *base, size_t off,
			  unsigned len)
{
	long long t;

	if (!len || imp_parse_time(cv, k, base + off, len, &t))
		return LLONG_MIN;
	return t;
}

/* Each row's update time (else opened time), now that the orders are decided. */
static void parse_times(struct imp *im, struct evlog *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		struct evrow *r = &e->rows[i];

		r->at = row_time(&im->cv, F_UPDATED_AT, e->arena.buf, r->upd, r->updlen);
		if (r->at == LLONG_MIN)
			r->at = row_time(&im->cv, F_OPENED_AT, e->arena.buf, r->opened, r->openedlen);
	}
}

/*
 * XES lifecycle transitions (IEEE 1849-2016, the standard model) that come
 * before an activity's completion or stand for none: a log that records
 * start and complete rows of one activity gets one event, at complete, and
 * these rows only count for the opening (the first event of any kind).
 * 'complete' and 'unknown' rows are events; a value outside the model
 * (BPI Challenge 2013 keeps sub-statuses there: "In Progress", "Resolved")
 * is a sub-status, whose status category counts beside the activity's.
 */
static const char *const before_complete[] = {
	"schedule", "assign", "reassign", "start", "suspend", "resume", "autoskip",
	"manualskip", "withdraw", "ate abort", "pi abort",  /* folded: ate_abort, pi_abort */
};

/* 1: an aside row; 0 an event, with *sub set when v is a sub-status. */
static int aside(const char *v, size_t len, int *sub)
{
	char key[128];
	size_t i;

	*sub = 0;
	if (!v || !len)
		return 0;
	if (len >= 100) { /* no transition is that long: a sub-status */
		*sub = 1;
		return 0;
	}
	imp_fold_value(v, len, key, sizeof(key)); /* once per row, then compared */
	if (!strcmp(key, "complete") || !strcmp(key, "completed") || !strcmp(key, "unknown"))
		return 0;
	for (i = 0; i < sizeof(before_complete) / sizeof(before_complete[0]); i++)
		if (!strcmp(key, before_complete[i]))
			return 1;
	*sub = 1;
	return 0;
}

/* One row's sort key and event values into e. */
static void collect_row(struct imp_converter *cv, struct evlog *e, const struct recur_csv_field *f,
			size_t n, size_t where, long line)
{
	struct evrow *r;
	const char *v;
	size_t len;
	long long mod;
	int sub;

	xgrow((void **)&e->rows, &e->cap, e->n + 1, sizeof(*e->rows));
	r = &e->rows[e->n];
	if (!(v = imp_row_id(cv, f, n, &len)))
		return; /* no id: the row is rejected when it would win, so skip it */
	r->id = keep(e, v, len, &r->idlen);
	v = imp_field_value(cv, F_UPDATED_AT, f, n, &len, NULL);
	r->upd = keep(e, v, len, &r->updlen);
	v = imp_field_value(cv, F_OPENED_AT, f, n, &len, NULL);
	r->opened = keep(e, v, len, &r->openedlen);
	v = imp_field_value(cv, F_MOD_COUNT, f, n, &len, NULL);
	r->mod = v && !imp_parse_int(v, len, &mod) ? mod : -1;
	v = imp_field_value(cv, F_STATUS, f, n, &len, NULL);
	r->status = keep(e, v, len, &r->statuslen);
	v = imp_field_value(cv, F_ACTOR, f, n, &len, NULL);
	r->actor = keep(e, v, len, &r->actorlen);
	v = imp_field_value(cv, F_LIFECYCLE, f, n, &len, NULL);
	r->aside = aside(v, len, &sub);
	r->sub = keep(e, sub ? v : NULL, len, &r->sublen);
	r->where = where;
	r->line = line;
	r->order = (long)e->n++;
}

static int collect(struct imp *im, struct evlog *e, struct recur_error *err)
{
	const struct recur_csv_field *f;
	size_t n, where;
	long line;
	int r;

	for (;;) {
		where = im->rd.json ? im->rd.j.idx : recur_csv_offset(&im->rd.csv);
		if ((r = imp_rows_next(&im->rd, &f, &n, &line, err)) != 1)
			break;
		imp_scan(im, f, n, line);
		collect_row(&im->cv, e, f, n, where, line);
		if (++im->r->rows % 16384 == 0)
			imp_progress(im, im->r->rows);
	}
	return r;
}

/* Re-reads the row that starts at where. */
static int reread(struct imp *im, const struct evrow *w, const struct recur_csv_field **f,
		  size_t *n, struct recur_error *err)
{
	long line;

	if (im->rd.json)
		im->rd.j.idx = w->where;
	else
		recur_csv_seek(&im->rd.csv, w->where, w->line);
	return imp_rows_next(&im->rd, f, n, &line, err) == 1 ? 0 : -1;
}

static enum imp_category category_of(const struct imp_map *m, size_t off, unsigned len)
{
	const struct imp_pstatus *s;

	if (!len)
		return C_OTHER;
	s = imp_status(m->ps, m->prof, arena_base + off, len);
	return s ? s->cat : C_OTHER;
}

/* The row's status category, or its sub-status's when that says more
 * (open < resolved < closed). */
static enum imp_category category(const struct imp_map *m, const struct evrow *r)
{
	enum imp_category a = category_of(m, r->status, r->statuslen);
	enum imp_category b = category_of(m, r->sub, r->sublen);

	return a > b ? a : b;
}

static int milestone_hit(const struct imp_pmilestone *m, const struct evrow *prev,
			 const struct evrow *r)
{
	if (m->leaves && (!prev || (strcmp(m->leaves, "*") &&
				    !imp_status_is(arena_base + prev->status, prev->statuslen,
						   m->leaves))))
		return 0;
	return !m->enters || imp_status_is(arena_base + r->status, r->statuslen, m->enters);
}

/*
 * acknowledged_at and mitigated_at from the status changes (the profile's
 * format_milestone rows): the first change that matches. The changes are
 * the ones status_events writes.
 */
static void milestones(const struct imp_profile *p, const struct evrow *g, size_t n,
		       long long *over)
{
	const struct evrow *prev = NULL;
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct evrow *r = &g[i];

		if (!r->statuslen || r->at == LLONG_MIN || r->aside)
			continue;
		if (prev && prev->statuslen == r->statuslen &&
		    !memcmp(arena_base + prev->status, arena_base + r->status, r->statuslen))
			continue;
		for (k = 0; k < p->nmile; k++)
			if (over[p->mile[k].field] == LLONG_MIN && milestone_hit(&p->mile[k], prev, r))
				over[p->mile[k].field] = r->at;
		prev = r;
	}
}

/* The times a group gives to fields its winning row may lack. */
static void group_fill(const struct imp_map *m, const struct evrow *g, size_t n, long long *over)
{
	size_t i;
	int k;

	for (k = 0; k < NFIELDS; k++)
		over[k] = LLONG_MIN;
	over[F_OPENED_AT] = g[0].at;
	for (i = 0; i < n; i++) {
		enum imp_category c = g[i].aside ? C_OTHER : category(m, &g[i]);

		if ((c == C_RESOLVED || c == C_CLOSED) && over[F_RESOLVED_AT] == LLONG_MIN)
			over[F_RESOLVED_AT] = g[i].at;
		if (c == C_CLOSED && over[F_CLOSED_AT] == LLONG_MIN)
			over[F_CLOSED_AT] = g[i].at;
	}
	if (over[F_OPENED_AT] == LLONG_MIN)
		for (i = 0; i < n && over[F_OPENED_AT] == LLONG_MIN; i++)
			over[F_OPENED_AT] = g[i].at;
	if (m->prof && m->prof->nmile)
		milestones(m->prof, g, n, over);
	/* only for fields the export does not carry: an empty resolved_at in
	 * the winning row of a reopened incident stays empty */
	for (k = 0; k < NFIELDS; k++)
		if (m->nsrc[k])
			over[k] = LLONG_MIN;
}

static int status_events(struct imp_writer *w, const struct evrow *g, size_t n, long long incident,
			 struct recur_error *err)
{
	const struct evrow *prev = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct evrow *r = &g[i];

		if (!r->statuslen || r->at == LLONG_MIN || r->aside)
			continue;
		if (prev && prev->statuslen == r->statuslen &&
		    !memcmp(arena_base + prev->status, arena_base + r->status, r->statuslen))
			continue;
		if (imp_queue_event(w, incident, r->at, "status",
				    prev ? arena_base + prev->status : NULL, prev ? prev->statuslen : 0,
				    arena_base + r->status, r->statuslen,
				    r->actorlen ? arena_base + r->actor : NULL, r->actorlen, err))
			return -1;
		prev = r;
	}
	return 0;
}

/*
 * The groups' winning rows, converted in batches of IMP_MANY and written
 * many rows per statement (imp_write_batch gives their incident ids), then
 * their status events (queued, written as many per statement).
 */
struct groups {
	struct imp_batch rows;       /* one converted row per group */
	size_t first[IMP_MANY], end[IMP_MANY];  /* each group's rows in the log */
	long long ids[IMP_MANY];
};

static int write_groups(struct imp *im, struct evlog *e, struct groups *g,
			struct recur_error *err)
{
	size_t i;

	if (imp_write_batch(&im->wr, &g->rows, g->ids, err))
		return -1;
	for (i = 0; i < g->rows.n; i++)
		if (g->ids[i] && status_events(&im->wr, e->rows + g->first[i], g->end[i] - g->first[i],
					      g->ids[i], err))
			return -1;
	imp_batch_reset(&g->rows);
	return 0;
}

static int emit_groups(struct imp *im, struct evlog *e, struct recur_error *err)
{
	size_t a = 0, b, n, w;
	long long over[NFIELDS];
	const struct recur_csv_field *f;
	struct groups g;
	int rc = -1;

	imp_batch_init(&g.rows);
	while (a < e->n) {
		for (b = a + 1; b < e->n && !cmp_rows_id(&e->rows[a], &e->rows[b]); b++)
			;
		group_fill(&im->cv.map, e->rows + a, b - a, over);
		g.first[g.rows.n] = a;
		g.end[g.rows.n] = b;
		/* the latest event wins (a row only started is not one) */
		for (w = b - 1; w > a && e->rows[w].aside; w--)
			;
		if (e->rows[w].aside) /* all aside: the last row */
			w = b - 1;
		if (reread(im, &e->rows[w], &f, &n, err) ||
		    imp_convert_row(&im->cv, &g.rows, f, n, e->rows[w].line, over, err))
			goto out;
		if (g.rows.n == IMP_MANY && write_groups(im, e, &g, err))
			goto out;
		a = b;
	}
	rc = write_groups(im, e, &g, err) || imp_flush_events(&im->wr, err) ? -1 : 0;
out:
	imp_batch_release(&g.rows);
	return rc;
}

int imp_read_eventlog(struct imp *im, struct recur_error *err)
{
	struct evlog e;
	int r = -1;

	memset(&e, 0, sizeof(e));
	recur_buf_init(&e.arena, 0);
	/* one pass: the date-order scan and the rows' keys, times kept as text */
	if (collect(im, &e, err) < 0 || imp_decide_orders(&im->cv, err))
		goto fail;
	parse_times(im, &e);
	arena_base = e.arena.buf;
	if (e.n) /* a header-only log has no rows array; qsort(NULL, 0) is undefined */
		qsort(e.rows, e.n, sizeof(*e.rows), cmp_rows);
	if ((r = imp_begin_writes(im, err)) || emit_groups(im, &e, err))
		goto fail;
	if (im->o->progress)
		im->o->progress(im->path, (long long)im->rd.len, (long long)im->rd.len,
				im->r->rows, im->o->progress_ctx);
	free(e.rows);
	recur_buf_release(&e.arena);
	return 0;
fail:
	free(e.rows);
	recur_buf_release(&e.arena);
	return r == 1 ? 1 : -1;
}
