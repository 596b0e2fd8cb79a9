/*
 * import_rows.c — rows into incidents: the row pass, value conversion,
 * the upsert, rejected values and timeline events.
 *
 * One pass reads, converts and upserts, and scans as it goes: each time
 * column for its day/month order, the severity column for the SEV0 scale.
 * Until the whole file is seen, numeric dates read month-first unless day
 * first is plain (31/01) and severities on the SEV1 scale; when the file's
 * evidence contradicts a guess that was used, the pass is rolled back and
 * run again with what the scan decided (a day-first export with 01/02-style
 * dates, a SEV0 label after SEV1s).
 *
 * A row is converted into an imp_row of plain values (no database access),
 * then written: that split lets import_pipeline.c convert on one thread and
 * write on another. Statements are prepared once per file; "new, updated or
 * unchanged" is told from sqlite3_changes and last_insert_rowid, so no row
 * costs an extra SELECT. Event logs are import_eventlog.c's; files are
 * import.c's.
 */
#include "import_int.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/sha256.h"
#include "recur/timeutil.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const upsert_cols[] = {
	"source_id", "source_system", "ext_id", "title", "description", "service", "component",
	"team", "category", "kind", "severity", "severity_label", "priority_label", "status",
	"opened_at", "started_at", "detected_at", "acknowledged_at", "mitigated_at", "resolved_at",
	"closed_at", "updated_at", "reassignments", "reopens", "root_cause", "resolution", "url",
	"problem_ref", "extra",
};
#define NUPSERT ((int)(sizeof(upsert_cols) / sizeof(upsert_cols[0])))
_Static_assert(sizeof(upsert_cols) / sizeof(upsert_cols[0]) == IMP_NPARAM, "IMP_NPARAM");
#define P_SOURCE_ID 1
#define P_SYSTEM 2
#define P_EXT_ID 3
#define P_SEVERITY_LABEL 12
#define P_OPENED_AT 15
#define P_UPDATED_AT 22
#define P_EXTRA 29

/* ---- rows of either kind ---- */

void imp_rows_rewind(struct imp *im)
{
	struct recur_error ignore;
	char delim = im->rows.csv.delim;

	im->rows.dropped = 0; /* the pages are read again from the start */
	if (im->rows.json) {
		im->rows.j.idx = 0;
		return;
	}
	recur_csv_release(&im->rows.csv);
	recur_csv_init(&im->rows.csv, im->rows.buf, im->rows.len, im->path, delim);
	im->rows.csv.max_field = im->o->max_field;
	im->rows.csv.max_cols = im->o->max_cols;
	recur_csv_next(&im->rows.csv, &ignore); /* the header, read fine before */
}

/* Whether the input ends without a line end (a download or copy cut short). */
static int cut_short(const struct recur_csv *c)
{
	return c->end > c->buf && c->end[-1] != '\n' && c->end[-1] != '\r';
}

int imp_rows_next(struct imp *im, const struct recur_csv_field **f, size_t *n, long *line,
		  struct recur_error *err)
{
	struct rows *s = &im->rows;
	int r;

	if (s->json) {
		r = jrows_next(&s->j, err);
		*f = s->j.vals;
		*n = s->j.n + s->j.npaths;
		*line = (long)s->j.idx;
		return r;
	}
	r = recur_csv_next(&s->csv, err);
	if (!im->threaded) /* else the writer drops what it has written */
		imp_drop_behind(im, recur_csv_offset(&s->csv));
	*f = s->csv.fields;
	*n = s->csv.nfields;
	*line = s->csv.rec_line;
	if (r == 1 && *n < im->map.nhead && s->csv.p == s->csv.end && cut_short(&s->csv))
		return recur_error_at(err, im->path, *line, 1, "the last row has %zu of the "
				      "header's %zu fields and no line end: the file looks "
				      "truncated; copy or download it again", *n, im->map.nhead);
	return r;
}

void imp_progress(struct imp *im, long rows)
{
	size_t done;

	if (!im->o->progress)
		return;
	if (im->rows.json)
		done = im->rows.j.nrecs ? im->rows.len * im->rows.j.idx / im->rows.j.nrecs : 0;
	else
		done = recur_csv_offset(&im->rows.csv);
	im->o->progress(im->path, (long long)done, (long long)im->rows.len, rows,
			im->o->progress_ctx);
}

const char *imp_field_value(const struct imp *im, int k, const struct recur_csv_field *f,
			    size_t n, size_t *len, int *src)
{
	const struct imp_map *m = &im->map;
	const char *v;
	int i;

	for (i = 0; i < m->nsrc[k]; i++) {
		int c = m->src[k][i].col;

		if ((size_t)c < n && (v = imp_value(f[c].ptr, f[c].len, len))) {
			if (src)
				*src = i;
			return v;
		}
	}
	*len = 0;
	return NULL;
}

/* ---- pass 1: date order and severity scale ---- */

void imp_scan_row(struct imp *im, const struct recur_csv_field *f, size_t n, long line)
{
	int k, i;

	if (n != im->map.nhead && !im->rows.json) {
		if (im->ragged < 3) {
			im->ragged_line[im->ragged] = line;
			im->ragged_n[im->ragged] = n;
		}
		im->ragged++;
	}

	for (k = 0; k < NFIELDS; k++) {
		for (i = 0; i < im->map.nsrc[k]; i++) {
			int c = im->map.src[k][i].col;
			const char *v;
			size_t len;

			if ((size_t)c >= n || !(v = imp_value(f[c].ptr, f[c].len, &len)))
				continue;
			if (imp_fields[k].kind == K_TIME && (im->map.src[k][i].x == X_AUTO ||
							     im->map.src[k][i].x == X_TEXT)) {
				recur_date_scan_add(&im->scan[k], v, len, line);
			} else if (k == F_SEVERITY && !im->sev0) {
				const struct imp_sevmap *m = imp_severity(&im->map, v, len);

				im->sev0 = m && !m->severity && m->sev0_scale;
			}
		}
	}
}

static int conflict(struct imp *im, int k, struct recur_error *err)
{
	const struct recur_date_scan *s = &im->scan[k];
	long line = s->dmy_line > s->mdy_line ? s->dmy_line : s->mdy_line;
	const char *unit = im->rows.json ? "record" : "line";

	return recur_error_at(err, im->path, im->rows.json ? 0 : line, 0,
			      "column '%s' mixes day-first dates ('%s', %s %ld) and month-first "
			      "dates ('%s', %s %ld): fix the export, or choose with --date-order "
			      "dmy or mdy (values that do not fit are kept empty and counted)",
			      im->map.head[im->map.col[k]], s->dmy_example, unit, s->dmy_line,
			      s->mdy_example, unit, s->mdy_line);
}

/*
 * Each time column's order: forced by --date-order (or the profile); else its
 * own evidence; else what the file's other columns showed (one export writes
 * one format); else month-first, reported as assumed.
 */
int imp_decide_orders(struct imp *im, struct recur_error *err)
{
	enum recur_date_order file = RECUR_DATE_AUTO, forced = im->o->date_order, o;
	enum recur_date_how how[NFIELDS];
	int k, any = 0, assumed = 0, mixed = 0;

	if (forced == RECUR_DATE_AUTO && im->map.prof)
		forced = im->map.prof->date_order;
	for (k = 0; k < NFIELDS; k++) {
		how[k] = RECUR_DATE_NONE;
		im->order[k] = forced;
		if (imp_fields[k].kind != K_TIME || !im->map.nsrc[k])
			continue;
		if (recur_date_scan_decide(&im->scan[k], forced, &o, &how[k])) {
			if (forced == RECUR_DATE_AUTO)
				return conflict(im, k, err);
			how[k] = RECUR_DATE_DECIDED;
		}
		im->order[k] = forced != RECUR_DATE_AUTO ? forced : o;
		any |= how[k] != RECUR_DATE_NONE;
		if (how[k] == RECUR_DATE_DECIDED && file != o)
			mixed |= file != RECUR_DATE_AUTO, file = o;
	}
	for (k = 0; k < NFIELDS && forced == RECUR_DATE_AUTO; k++) {
		if (how[k] != RECUR_DATE_ASSUMED)
			continue;
		if (file != RECUR_DATE_AUTO && !mixed)
			im->order[k] = file;
		else
			assumed = 1;
	}
	if (!any)
		return 0;
	o = forced != RECUR_DATE_AUTO ? forced : file != RECUR_DATE_AUTO ? file : RECUR_DATE_MDY;
	snprintf(im->r->date_order, sizeof(im->r->date_order), "%s", o == RECUR_DATE_DMY ? "dmy" : "mdy");
	im->r->date_order_assumed = forced == RECUR_DATE_AUTO && (file == RECUR_DATE_AUTO || assumed);
	return 0;
}

/* ---- statements ---- */

/* What conversion needs once per file: each field's upsert parameter (0 =
 * not stored) and, per column, the first column of the same name. */
static void convert_setup(struct imp *im)
{
	size_t c, d;
	int i, k;

	for (k = 0; k < NFIELDS; k++)
		for (i = 0, im->param[k] = 0; i < NUPSERT; i++)
			if (!strcmp(imp_fields[k].name, upsert_cols[i]))
				im->param[k] = i + 1;
	free(im->first_same);
	im->first_same = xcalloc(im->map.nhead ? im->map.nhead : 1, sizeof(*im->first_same));
	for (c = 0; c < im->map.nhead; c++) {
		for (d = 0; d < c && strcmp(im->map.head[d], im->map.head[c]); d++)
			;
		im->first_same[c] = (int)d;
	}
}

/* Whether upsert parameter p can get a value from this file. */
static int can_have_value(const struct imp *im, int p)
{
	const struct imp_map *m = &im->map;
	size_t c;
	int k;

	if (p <= P_EXT_ID)
		return 1;
	if (p == P_SEVERITY_LABEL)
		return m->nsrc[F_SEVERITY] > 0;
	if (p == P_EXTRA) {
		for (c = 0; c < m->nhead; c++)
			if (!m->used[c])
				return 1;
		return im->rows.json;
	}
	for (k = 0; k < NSTORED; k++)
		if (im->param[k] == p)
			return m->nsrc[k] > 0 || (imp_fields[k].kind == K_TIME && m->prof &&
						  m->prof->event_log); /* filled from the log */
	return 1;
}

/*
 * The upsert of this file's columns, for nrows rows at once. Columns the
 * file cannot fill are left out (NULL on insert, set to NULL on update, as
 * a bound NULL would), so no row pays for binding them: a narrow export into
 * the wide incidents table would otherwise bind twice what it carries.
 */
static int build_upsert(struct imp *im, int nrows, sqlite3_stmt **out, struct recur_error *err)
{
	struct recur_buf sql = RECUR_BUF_INIT;
	int i, j, n, r;

	for (i = 0, n = 0; i < NUPSERT; i++)
		im->bound[i] = can_have_value(im, i + 1) ? ++n : 0;
	im->nbound = n;
	recur_buf_adds(&sql, "INSERT INTO incidents (");
	for (i = 0, n = 0; i < NUPSERT; i++)
		if (im->bound[i])
			recur_buf_addf(&sql, "%s%s", n++ ? ", " : "", upsert_cols[i]);
	recur_buf_adds(&sql, ") VALUES ");
	for (j = 0; j < nrows; j++) {
		recur_buf_adds(&sql, j ? ", (" : "(");
		for (i = 0, n = 0; i < NUPSERT; i++)
			if (im->bound[i])
				recur_buf_addf(&sql, "%s?%d", n++ ? ", " : "",
					       j * im->nbound + im->bound[i]);
		recur_buf_addch(&sql, ')');
	}
	recur_buf_adds(&sql, " ON CONFLICT (source_system, ext_id) DO UPDATE SET ");
	for (i = 0, n = 0; i < NUPSERT; i++)
		if (i + 1 != P_SYSTEM && i + 1 != P_EXT_ID)
			recur_buf_addf(&sql, "%s%s = %s%s", n++ ? ", " : "", upsert_cols[i],
				       im->bound[i] ? "excluded." : "NULL",
				       im->bound[i] ? upsert_cols[i] : "");
	recur_buf_adds(&sql, " WHERE ");
	for (i = 3; i < NUPSERT; i++)
		recur_buf_addf(&sql, "%s%s IS NOT %s%s", i > 3 ? " OR " : "", upsert_cols[i],
			       im->bound[i] ? "excluded." : "NULL", im->bound[i] ? upsert_cols[i] : "");
	r = recur_db_prepare(im->db, sql.buf, out, err);
	recur_buf_release(&sql);
	for (j = 0; !r && j < nrows; j++) { /* the same for every row */
		sqlite3_bind_int64(*out, j * im->nbound + im->bound[P_SOURCE_ID - 1], im->source_id);
		sqlite3_bind_text(*out, j * im->nbound + im->bound[P_SYSTEM - 1], im->r->source_system,
				  -1, SQLITE_STATIC);
	}
	return r;
}

/* The largest rowid of incidents: the next insert gets one more. */
static int max_rowid(struct imp *im, struct recur_error *err)
{
	sqlite3_stmt *st;

	if (recur_db_prepare(im->db, "SELECT max(rowid) FROM incidents", &st, err))
		return -1;
	im->max_rowid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

static int prepare_events_many(struct imp *im, struct recur_error *err)
{
	struct recur_buf sql = RECUR_BUF_INIT;
	int i, r;

	recur_buf_adds(&sql, "INSERT OR IGNORE INTO incident_events (incident_id, at, kind, "
		       "old_value, new_value, actor) VALUES ");
	for (i = 0; i < IMP_MANY; i++)
		recur_buf_addf(&sql, "%s(?, ?, ?, ?, ?, ?)", i ? ", " : "");
	r = recur_db_prepare(im->db, sql.buf, &im->events_many, err);
	recur_buf_release(&sql);
	return r;
}

int imp_prepare(struct imp *im, struct recur_error *err)
{
	if (!im->first_same)
		convert_setup(im);
	return build_upsert(im, 1, &im->upsert, err) ||
	       build_upsert(im, IMP_MANY, &im->many, err) || max_rowid(im, err) ||
	       recur_db_prepare(im->db, "SELECT id FROM incidents WHERE source_system = ?1 AND "
					"ext_id = ?2", &im->find, err) ||
	       recur_db_prepare(im->db, "INSERT OR IGNORE INTO incident_events (incident_id, at, "
					"kind, old_value, new_value, actor) VALUES (?1, ?2, ?3, ?4, "
					"?5, ?6)", &im->event, err) ||
	       recur_db_prepare(im->db, "INSERT INTO import_rejects (source_id, line, field, value, "
					"reason) VALUES (?1, ?2, ?3, ?4, ?5)", &im->reject, err) ||
	       prepare_events_many(im, err) ? -1 : 0;
}

void imp_finalize(struct imp *im)
{
	free(im->first_same);
	im->first_same = NULL;
	imp_batch_release(&im->one);
	sqlite3_finalize(im->upsert);
	sqlite3_finalize(im->many);
	sqlite3_finalize(im->events_many);
	sqlite3_finalize(im->find);
	sqlite3_finalize(im->event);
	sqlite3_finalize(im->reject);
	im->upsert = im->many = im->events_many = im->find = im->event = im->reject = NULL;
	im->nevq = 0;
}

static int step_done(struct imp *im, sqlite3_stmt *st, struct recur_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return recur_error_set(err, "cannot write to the database: %s", sqlite3_errmsg(im->db));
	return 0;
}

/* ---- the span a file covers ---- */

void imp_span_reset(struct imp *im)
{
	im->span.first_opened = im->span.last_opened = im->span.exported = LLONG_MIN;
}

/* A timestamp of any kind: the export was made after it. */
static void span_time(struct imp *im, long long t)
{
	if (t > im->span.exported)
		im->span.exported = t;
}

/* A written row: its opening, and every time it carries (opened … updated). */
static void span_row(struct imp *im, const struct imp_row *row)
{
	const struct imp_val *opened = &row->v[P_OPENED_AT - 1];
	int p;

	if (opened->type == V_INT) {
		if (im->span.first_opened == LLONG_MIN || opened->u.i < im->span.first_opened)
			im->span.first_opened = opened->u.i;
		if (opened->u.i > im->span.last_opened)
			im->span.last_opened = opened->u.i;
	}
	for (p = P_OPENED_AT; p <= P_UPDATED_AT; p++)
		if (row->v[p - 1].type == V_INT)
			span_time(im, row->v[p - 1].u.i);
}

int imp_add_event(struct imp *im, long long incident, long long at, const char *kind,
		  const char *old_value, size_t old_len, const char *new_value, size_t new_len,
		  const char *actor, size_t actor_len, struct recur_error *err)
{
	sqlite3_stmt *st = im->event;

	span_time(im, at);
	sqlite3_bind_int64(st, 1, incident);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	if (old_value)
		sqlite3_bind_text(st, 4, old_value, (int)old_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	if (new_value)
		sqlite3_bind_text(st, 5, new_value, (int)new_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	if (actor)
		sqlite3_bind_text(st, 6, actor, (int)actor_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 6);
	if (step_done(im, st, err))
		return -1;
	im->r->events += sqlite3_changes(im->db) > 0;
	return 0;
}

/*
 * Events queued by imp_queue_event go in IMP_MANY at a time (an event log's
 * tens of thousands of status changes); the texts must stay put until
 * imp_flush_events.
 */
int imp_flush_events(struct imp *im, struct recur_error *err)
{
	sqlite3_stmt *st = im->nevq == IMP_MANY ? im->events_many : im->event;
	int i, k, rc;

	if (st == im->event) {
		for (i = 0; i < im->nevq; i++) {
			const struct imp_event *e = &im->evq[i];

			if (imp_add_event(im, e->incident, e->at, e->kind, e->old, e->oldlen, e->new,
					  e->newlen, e->actor, e->actorlen, err))
				return -1;
		}
		im->nevq = 0;
		return 0;
	}
	for (i = 0; i < IMP_MANY; i++) {
		const struct imp_event *e = &im->evq[i];

		k = 6 * i;
		sqlite3_bind_int64(st, k + 1, e->incident);
		sqlite3_bind_int64(st, k + 2, e->at);
		sqlite3_bind_text(st, k + 3, e->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, k + 4, e->old, (int)e->oldlen, SQLITE_STATIC);
		sqlite3_bind_text(st, k + 5, e->new, (int)e->newlen, SQLITE_STATIC);
		sqlite3_bind_text(st, k + 6, e->actor, (int)e->actorlen, SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot write to the database: %s", sqlite3_errmsg(im->db));
	im->r->events += sqlite3_changes(im->db);
	im->nevq = 0;
	return 0;
}

int imp_queue_event(struct imp *im, long long incident, long long at, const char *kind,
		    const char *old_value, size_t old_len, const char *new_value, size_t new_len,
		    const char *actor, size_t actor_len, struct recur_error *err)
{
	struct imp_event *e = &im->evq[im->nevq++];

	span_time(im, at);
	e->incident = incident;
	e->at = at;
	e->kind = kind;
	e->old = old_value, e->oldlen = old_len;
	e->new = new_value, e->newlen = new_len;
	e->actor = actor, e->actorlen = actor_len;
	return im->nevq == IMP_MANY ? imp_flush_events(im, err) : 0;
}

/* ---- batches ---- */

void imp_batch_reset(struct imp_batch *b)
{
	b->n = b->nrej = 0;
	b->full = 0;
	recur_buf_reset(&b->arena);
}

void imp_batch_init(struct imp_batch *b)
{
	memset(b, 0, sizeof(*b));
	recur_buf_init(&b->arena, 0);
}

void imp_batch_release(struct imp_batch *b)
{
	free(b->rows);
	free(b->rej);
	recur_buf_release(&b->arena);
	imp_batch_init(b);
}

/* Copies text into the batch's arena; returns its offset. A copy past the
 * arena's limit (2 GB in one row: batches close at 8 MB) marks the batch
 * full, and imp_convert_row fails the import. */
static size_t arena_add(struct imp_batch *b, const char *v, size_t len)
{
	size_t off = b->arena.len;

	if (recur_buf_add(&b->arena, v, len))
		b->full = 1;
	return off;
}

static void set_int(struct imp *im, int p, long long v)
{
	struct imp_val *x = &im->cur->v[p - 1];

	x->type = V_INT;
	x->u.i = v;
}

/* Text that lives as long as the import (the mapped file, a profile's
 * label: lasting) is pointed to; other text (the CSV reader's scratch for
 * unescaped fields, JSON text, built values) is copied. */
static void set_text(struct imp *im, int p, const char *v, size_t len, int lasting)
{
	struct imp_val *x = &im->cur->v[p - 1];
	uintptr_t a = (uintptr_t)v, from = (uintptr_t)im->rows.buf;

	x->len = (int)len;
	if (lasting || (a >= from && a + len <= from + im->rows.len)) {
		x->type = V_TEXT;
		x->u.s = v;
	} else {
		x->type = V_ARENA;
		x->u.off = arena_add(im->batch, v, len);
	}
}

static const char *val_text(const struct imp_batch *b, const struct imp_val *x)
{
	return x->type == V_ARENA ? b->arena.buf + x->u.off : x->u.s;
}

/* ---- converting a row ---- */

/* A value that cannot be read as what (a noun: "a date and time"). */
static int reject(struct imp *im, int k, int col, long line, const char *v, size_t len,
		  const char *what, struct recur_error *err)
{
	struct recur_import_result *r = im->r;
	const char *colname = col >= 0 ? im->map.head[col] : "";
	struct imp_batch *b = im->batch;
	struct imp_reject *j;

	if (im->o->strict)
		return recur_error_at(err, im->path, im->rows.json ? 0 : line, 0,
				      "%s%.0ld%scannot read '%.*s' in %s '%s' as %s (field %s): fix "
				      "the value, or import without --strict to keep it empty and "
				      "count it", im->rows.json ? "record " : "",
				      im->rows.json ? line : 0L, im->rows.json ? ": " : "",
				      (int)(len > 200 ? 200 : len), v, im->rows.json ? "key" : "column",
				      colname, what, imp_fields[k].name);
	r->values_rejected++;
	im->rejects[k]++;
	if (r->nexamples < 3) {
		struct recur_reject_example *e = &r->examples[r->nexamples++];

		e->line = line;
		snprintf(e->field, sizeof(e->field), "%s", imp_fields[k].name);
		snprintf(e->value, sizeof(e->value), "%.*s", (int)(len < 63 ? len : 63), v);
	}
	xgrow((void **)&b->rej, &b->caprej, b->nrej + 1, sizeof(*b->rej));
	j = &b->rej[b->nrej++];
	j->line = line;
	j->field = k;
	j->what = what;
	j->value = arena_add(b, v, len);
	j->value_len = len;
	im->cur->nrej++;
	return 0;
}

static void preview_add(struct imp *im, int k, const char *v, size_t len)
{
	if (im->r->npreview >= 3)
		return;
	recur_buf_addf(&im->preview, "%s%s=%.*s", im->preview.len ? ", " : "", imp_fields[k].name,
		       (int)(len > 60 ? 60 : len), v);
}

int imp_parse_time(struct imp *im, int k, const char *v, size_t len, long long *out)
{
	enum recur_date_order o = k >= 0 ? im->order[k] : im->o->date_order;
	int zoned;

	if (recur_time_parse_zoned(v, len, o, out, &zoned))
		return -1;
	if (!zoned && im->tz)
		*out = imp_tz_to_utc(im->tz, *out);
	return 0;
}

static void bind_time(struct imp *im, int k, long long t)
{
	char iso[32];

	im->tval[k] = t;
	if (im->param[k])
		set_int(im, im->param[k], t);
	if (im->r->npreview < 3) {
		recur_time_iso(t, iso);
		preview_add(im, k, iso, strlen(iso));
	}
}

/* A time field: a time, or a duration after opened_at. 1 = bound, 0 = rejected. */
static int time_value(struct imp *im, int k, enum imp_xform x, const char *v, size_t len,
		      long long *t)
{
	if (x == X_AUTO || x == X_TEXT)
		return imp_parse_time(im, k, v, len, t) ? 0 : 1;
	if (im->opened == LLONG_MIN || imp_parse_duration(v, len, x, t))
		return 0;
	*t += im->opened;
	return 1;
}

static int bind_severity(struct imp *im, int k, int col, const char *v, size_t len, long line,
			 struct recur_error *err)
{
	const struct imp_sevmap *m;
	long long t;
	char num[24];

	set_text(im, P_SEVERITY_LABEL, v, len, 0);
	m = imp_severity(&im->map, v, len);
	if (m && !im->sev0 && m->sev0_scale && m->sev0_scale != m->severity)
		im->sev_early++; /* read on the SEV1 scale; a later SEV0 would change it */
	t = !m ? 0 : im->sev0 && m->sev0_scale ? m->sev0_scale : m->severity;
	if (t < 1 || t > 5)
		return reject(im, k, col, line, v, len, "a severity label in queries/severity-map.sql",
			      err);
	set_int(im, im->param[k], t);
	if (im->r->npreview < 3) {
		snprintf(num, sizeof(num), "%lld", t);
		preview_add(im, k, num, strlen(num));
	}
	return 0;
}

static void bind_text(struct imp *im, int k, const char *v, size_t len)
{
	int lasting = 0;

	if (k == F_STATUS && im->map.prof && im->map.prof->nstatus) {
		const struct imp_pstatus *s = imp_status(im->map.ps, im->map.prof, v, len);

		if (s && s->label)
			v = s->label, len = strlen(v), lasting = 1;
	}
	if (im->param[k])
		set_text(im, im->param[k], v, len, lasting);
	preview_add(im, k, v, len);
}

/* A JSON object with no text of its own (no display_value, name, …) where a
 * value is expected: rejected, with the object as JSON for the example. */
static int reject_object(struct imp *im, int k, int col, long line, struct recur_error *err)
{
	const struct recur_json *v = jpath_get(jrows_current(&im->rows.j), im->map.head[col]);

	recur_buf_reset(&im->objtext);
	if (v)
		recur_json_write(v, &im->objtext, 0);
	return reject(im, k, col, line, im->objtext.buf ? im->objtext.buf : "", im->objtext.len,
		      "a value: it is a JSON object with no display_value, name, summary, value "
		      "or title key", err);
}

/*
 * Converts field k from the row: its sources in priority order, the first
 * that reads wins; a value that reads as nothing is rejected (kept NULL) and
 * the next source is tried. fill, when not LLONG_MIN, is a time to use when
 * no source gives one (event logs).
 */
static int bind_field(struct imp *im, int k, const struct recur_csv_field *f, size_t n, long line,
		      long long fill, struct recur_error *err)
{
	const struct imp_map *m = &im->map;
	int i;

	for (i = 0; i < m->nsrc[k]; i++) {
		int c = m->src[k][i].col;
		enum imp_xform x = m->src[k][i].x;
		const char *v;
		size_t len;
		long long t;

		if ((size_t)c >= n)
			continue;
		if (im->rows.json && im->rows.j.obj[c]) {
			if (reject_object(im, k, c, line, err))
				return -1;
			continue;
		}
		if (!(v = imp_value(f[c].ptr, f[c].len, &len)))
			continue;
		if (imp_fields[k].kind == K_TIME) {
			if (time_value(im, k, x, v, len, &t)) {
				bind_time(im, k, t);
				return 0;
			}
			if (reject(im, k, c, line, v, len, x == X_AUTO ? "a date and time" :
				   "a duration", err))
				return -1;
			continue;
		}
		if (x == X_TEXT || imp_fields[k].kind == K_TEXT) {
			bind_text(im, k, v, len);
			return 0;
		}
		if (imp_fields[k].kind == K_SEVERITY)
			return bind_severity(im, k, c, v, len, line, err);
		if (imp_parse_int(v, len, &t)) {
			if (reject(im, k, c, line, v, len, "a whole number", err))
				return -1;
			continue;
		}
		im->ival[k] = t;
		if (im->param[k])
			set_int(im, im->param[k], t);
		preview_add(im, k, v, len);
		return 0;
	}
	if (fill != LLONG_MIN && imp_fields[k].kind == K_TIME)
		bind_time(im, k, fill);
	return 0;
}

/* Unmapped columns as a JSON object into im->extra; 0 when there are none.
 * Repeated header names (Jira's Labels, Labels) give one key, values joined. */
static int build_extra(struct imp *im, const struct recur_csv_field *f, size_t n)
{
	const struct imp_map *m = &im->map;
	size_t i, k, len, nhead = im->rows.json ? im->rows.j.n : m->nhead;
	const char *v;

	recur_buf_reset(&im->extra);
	for (i = 0; i < n && i < nhead; i++) {
		size_t start;

		if (m->used[i] || !(v = imp_value(f[i].ptr, f[i].len, &len)))
			continue;
		if (im->first_same[i] != (int)i && !m->used[im->first_same[i]])
			continue; /* joined into the first column of that name */
		recur_buf_addch(&im->extra, im->extra.len ? ',' : '{');
		recur_json_write_string(&im->extra, m->head[i], strlen(m->head[i]));
		recur_buf_addch(&im->extra, ':');
		start = im->extra.len;
		recur_json_write_string(&im->extra, v, len);
		for (k = i + 1; k < n && k < nhead; k++) {
			size_t kl;
			const char *kv;

			if (m->used[k] || im->first_same[k] != (int)i ||
			    !(kv = imp_value(f[k].ptr, f[k].len, &kl)))
				continue;
			/* reopen the string and append "; value" */
			im->extra.buf[--im->extra.len] = '\0';
			recur_buf_adds(&im->extra, "; ");
			start = im->extra.len;
			recur_json_write_string(&im->extra, kv, kl);
			memmove(im->extra.buf + start, im->extra.buf + start + 1, im->extra.len - start - 1);
			im->extra.buf[--im->extra.len] = '\0';
			im->extra.buf[im->extra.len - 1] = '"';
		}
	}
	if (!im->extra.len)
		return 0;
	recur_buf_addch(&im->extra, '}');
	return 1;
}

const char *imp_row_id(struct imp *im, const struct recur_csv_field *f, size_t n, size_t *len)
{
	const char *title, *opened, *id = im->map.derived_id ? NULL :
					  imp_field_value(im, F_EXT_ID, f, n, len, NULL);
	size_t tl, ol;
	char hex[65];
	struct recur_buf key = RECUR_BUF_INIT;

	if (id || !(title = imp_field_value(im, F_TITLE, f, n, &tl, NULL)) ||
	    !(opened = imp_field_value(im, F_OPENED_AT, f, n, &ol, NULL)))
		return id;
	recur_buf_add(&key, title, tl);
	recur_buf_addch(&key, '\x1f');
	recur_buf_add(&key, opened, ol);
	recur_sha256_hex(key.buf, key.len, hex);
	recur_buf_release(&key);
	recur_buf_reset(&im->id);
	recur_buf_add(&im->id, hex, 16);
	*len = 16;
	return im->id.buf;
}

int imp_convert_row(struct imp *im, struct imp_batch *b, const struct recur_csv_field *f,
		    size_t n, long line, const long long *over, struct recur_error *err)
{
	struct imp_row *row;
	const char *id;
	size_t idlen;
	int k;

	xgrow((void **)&b->rows, &b->cap, b->n + 1, sizeof(*b->rows));
	row = im->cur = &b->rows[b->n++];
	im->batch = b;
	row->line = line;
	row->write = 0;
	row->rej = b->nrej;
	row->nrej = 0;
	for (k = 0; k < NUPSERT; k++)
		row->v[k].type = V_NULL;
	if (!(id = imp_row_id(im, f, n, &idlen)))
		return reject(im, F_EXT_ID, im->map.col[F_EXT_ID], line, "", 0,
			      "an id (no id, title or opened time: row skipped)", err);
	row->write = 1;
	set_text(im, P_EXT_ID, id, idlen, 0);
	recur_buf_reset(&im->preview);
	if (im->r->npreview < 3)
		recur_buf_addf(&im->preview, "%s %ld: ext_id=%.*s", im->rows.json ? "record" : "line",
			       line, (int)idlen, id);
	im->opened = LLONG_MIN;
	for (k = 0; k < NFIELDS; k++) {
		im->tval[k] = im->ival[k] = LLONG_MIN;
		if (k == F_EXT_ID || k >= NSTORED)
			continue;
		if (bind_field(im, k, f, n, line, over ? over[k] : LLONG_MIN, err))
			return -1;
		if (k == F_OPENED_AT)
			im->opened = im->tval[k];
	}
	if (build_extra(im, f, n))
		set_text(im, P_EXTRA, im->extra.buf, im->extra.len, 0);
	if (b->full)
		return recur_error_at(err, im->path, im->rows.json ? 0 : line, 0,
				      "%s%.0ld%sthe row's text is larger than recur can hold "
				      "(%zu bytes): split the field or leave it out of the export",
				      im->rows.json ? "record " : "", im->rows.json ? line : 0L,
				      im->rows.json ? ": " : "", (size_t)RECUR_BUF_DEFAULT_MAX);
	if (im->r->npreview < 3)
		snprintf(im->r->preview[im->r->npreview++], sizeof(im->r->preview[0]), "%s",
			 im->preview.buf);
	return 0;
}

/* ---- writing a row ---- */

static int write_reject(struct imp *im, const struct imp_batch *b, const struct imp_reject *j,
			struct recur_error *err)
{
	char reason[96];

	snprintf(reason, sizeof(reason), "not %s", j->what);
	sqlite3_bind_int64(im->reject, 1, im->source_id);
	sqlite3_bind_int64(im->reject, 2, j->line);
	sqlite3_bind_text(im->reject, 3, imp_fields[j->field].name, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->reject, 4, b->arena.buf ? b->arena.buf + j->value : "",
			  (int)j->value_len, SQLITE_STATIC);
	sqlite3_bind_text(im->reject, 5, reason, -1, SQLITE_TRANSIENT);
	return step_done(im, im->reject, err);
}

/*
 * Runs the upsert; counts new/updated/unchanged and gives the incident's id.
 * No RETURNING (it materialises a result per row) and no SELECT first: an
 * insert sets last_insert_rowid (zeroed first), an update does not, and an unchanged row
 * (the DO UPDATE's WHERE false) changes nothing. Only an update whose id is
 * wanted (event logs) looks the id up.
 */
static int upsert_row(struct imp *im, const char *id, size_t idlen, long long *incident,
		      struct recur_error *err)
{
	struct recur_import_result *r = im->r;
	long long got = 0;
	int rc;

	sqlite3_set_last_insert_rowid(im->db, 0);
	rc = sqlite3_step(im->upsert);

	sqlite3_reset(im->upsert);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot write to the database: %s", sqlite3_errmsg(im->db));
	if (sqlite3_changes(im->db) == 0) {
		r->incidents_unchanged++;
	} else if (sqlite3_last_insert_rowid(im->db) != 0) {
		r->incidents_new++;
		got = im->max_rowid = sqlite3_last_insert_rowid(im->db);
	} else {
		r->incidents_updated++;
	}
	if (!incident)
		return 0;
	if (!got) {
		sqlite3_bind_text(im->find, 1, im->r->source_system, -1, SQLITE_STATIC);
		sqlite3_bind_text(im->find, 2, id, (int)idlen, SQLITE_STATIC);
		got = sqlite3_step(im->find) == SQLITE_ROW ? sqlite3_column_int64(im->find, 0) : 0;
		sqlite3_reset(im->find);
	}
	*incident = got;
	return 0;
}

/* Binds row's values to st's parameters from base + 1 on. */
static void bind_row(const struct imp *im, sqlite3_stmt *st, int base, const struct imp_batch *b,
		     const struct imp_row *row)
{
	int p;

	for (p = P_EXT_ID; p <= NUPSERT; p++) {
		const struct imp_val *x = &row->v[p - 1];
		int at = im->bound[p - 1];

		if (!at)
			continue; /* left out of the statement: always NULL */
		at += base;
		if (x->type == V_NULL)
			sqlite3_bind_null(st, at);
		else if (x->type == V_INT)
			sqlite3_bind_int64(st, at, x->u.i);
		else
			sqlite3_bind_text(st, at, val_text(b, x), x->len, SQLITE_STATIC);
	}
}

static int write_rejects(struct imp *im, const struct imp_batch *b, const struct imp_row *row,
			 struct recur_error *err)
{
	size_t j;

	for (j = 0; j < row->nrej; j++)
		if (write_reject(im, b, &b->rej[row->rej + j], err))
			return -1;
	return 0;
}

int imp_write_row(struct imp *im, struct imp_batch *b, size_t i, long long *incident,
		  struct recur_error *err)
{
	const struct imp_row *row = &b->rows[i];

	if (write_rejects(im, b, row, err))
		return -1;
	if (!row->write)
		return 0;
	span_row(im, row);
	bind_row(im, im->upsert, 0, b, row);
	return upsert_row(im, val_text(b, &row->v[P_EXT_ID - 1]), (size_t)row->v[P_EXT_ID - 1].len,
			  incident, err);
}

/*
 * Upserts IMP_MANY rows (indexes at[]) in one statement: its cursors stay
 * open from row to row, so appending to the table and its unique index
 * needs no descent from the root for each row. The counts come from the
 * statement as a whole: rowids of new rows follow the largest one (SQLite
 * gives max(rowid) + 1), so last_insert_rowid says how many were new, and
 * sqlite3_changes how many of the rest changed.
 */
static int write_many(struct imp *im, const struct imp_batch *b, const size_t *at,
		      long long *ids, struct recur_error *err)
{
	struct recur_import_result *r = im->r;
	long long last, fresh, before = im->max_rowid;
	int j, rc, changed;

	for (j = 0; j < IMP_MANY; j++)
		bind_row(im, im->many, j * im->nbound, b, &b->rows[at[j]]);
	sqlite3_set_last_insert_rowid(im->db, 0);
	rc = sqlite3_step(im->many);
	sqlite3_reset(im->many);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot write to the database: %s", sqlite3_errmsg(im->db));
	changed = sqlite3_changes(im->db);
	last = sqlite3_last_insert_rowid(im->db);
	fresh = last ? last - im->max_rowid : 0;
	if (last)
		im->max_rowid = last;
	r->incidents_new += fresh;
	r->incidents_updated += changed - fresh;
	r->incidents_unchanged += IMP_MANY - changed;
	for (j = 0; ids && j < IMP_MANY; j++) {
		const struct imp_val *x = &b->rows[at[j]].v[P_EXT_ID - 1];

		if (fresh == IMP_MANY) { /* all new: their rowids in turn */
			ids[at[j]] = before + 1 + j;
			continue;
		}
		sqlite3_bind_text(im->find, 1, im->r->source_system, -1, SQLITE_STATIC);
		sqlite3_bind_text(im->find, 2, val_text(b, x), x->len, SQLITE_STATIC);
		ids[at[j]] = sqlite3_step(im->find) == SQLITE_ROW ? sqlite3_column_int64(im->find, 0) : 0;
		sqlite3_reset(im->find);
	}
	return 0;
}

int imp_write_batch(struct imp *im, struct imp_batch *b, long long *ids, struct recur_error *err)
{
	size_t at[IMP_MANY], i;
	int n = 0, j;

	for (i = 0; i < b->n; i++) {
		if (ids)
			ids[i] = 0;
		if (write_rejects(im, b, &b->rows[i], err))
			return -1;
		if (!b->rows[i].write)
			continue;
		span_row(im, &b->rows[i]);
		at[n++] = i;
		if (n == IMP_MANY) {
			if (write_many(im, b, at, ids, err))
				return -1;
			n = 0;
		}
	}
	for (j = 0; j < n; j++) { /* the rest one by one (their rejects are written) */
		const struct imp_row *row = &b->rows[at[j]];

		bind_row(im, im->upsert, 0, b, row);
		if (upsert_row(im, val_text(b, &row->v[P_EXT_ID - 1]),
			       (size_t)row->v[P_EXT_ID - 1].len, ids ? &ids[at[j]] : NULL, err))
			return -1;
	}
	return 0;
}

int imp_process_row(struct imp *im, const struct recur_csv_field *f, size_t n, long line,
		    const long long *over, long long *incident, struct recur_error *err)
{
	imp_batch_reset(&im->one);
	if (incident)
		*incident = 0;
	return imp_convert_row(im, &im->one, f, n, line, over, err) ||
	       imp_write_row(im, &im->one, 0, incident, err) ? -1 : 0;
}

/* ---- the row pass ---- */

/* The orders a pass reads numeric dates in before the file is seen: the
 * forced one, or AUTO (31/01 day-first, 01/31 and 01/02 month-first). */
static void guess_orders(struct imp *im)
{
	enum recur_date_order forced = im->o->date_order;
	int k;

	if (forced == RECUR_DATE_AUTO && im->map.prof)
		forced = im->map.prof->date_order;
	for (k = 0; k < NFIELDS; k++)
		im->order[k] = forced;
}

/*
 * Whether a value the pass read differs from how the decided orders and
 * scale read it. AUTO reads like month-first but for day-first evidence, so
 * a column decided month-first is only wrong when it has day-first values
 * (a conflict, already an error), and one decided day-first when it has
 * month-first or ambiguous ones.
 */
static int guessed_wrong(const struct imp *im, const enum recur_date_order *guess)
{
	int k;

	if (im->sev0 && im->sev_early)
		return 1;
	for (k = 0; k < NFIELDS; k++) {
		const struct recur_date_scan *s = &im->scan[k];

		if (guess[k] != RECUR_DATE_AUTO || imp_fields[k].kind != K_TIME)
			continue;
		if (im->order[k] == RECUR_DATE_DMY ? s->mdy || s->ambiguous : s->dmy)
			return 1;
	}
	return 0;
}

/* What a pass adds to the result, undone before a second one. */
static void forget_pass(struct imp *im)
{
	struct recur_import_result *r = im->r;

	r->incidents_new = r->incidents_updated = r->incidents_unchanged = 0;
	r->events = r->values_rejected = 0;
	r->nexamples = r->npreview = 0;
	memset(im->rejects, 0, sizeof(im->rejects));
	imp_span_reset(im);
}

/*
 * The writes begin (import.c's imp_begin_writes: the sources row and the
 * statements, once the file's hash says it is new) when the first pass is
 * under way, so the hash runs beside the parser; then the savepoint a
 * second pass rolls back to. 0, 1 when the file was imported before, -1.
 */
int imp_start_writes(struct imp *im, struct recur_error *err)
{
	int r;

	im->start_writes = 0;
	if ((r = imp_begin_writes(im, err)))
		return r;
	return recur_db_exec(im->db, "SAVEPOINT row_pass", err) ? -1 : 0;
}

/* Reads, converts and writes every row in this thread. */
static int pass_here(struct imp *im, long *rows, struct recur_error *err)
{
	const struct recur_csv_field *f;
	size_t n;
	long line;
	long long incident;
	int r, events = im->map.prof && im->map.prof->nev && im->rows.json;

	*rows = 0;
	if (im->start_writes && (r = imp_start_writes(im, err)))
		return r;
	while ((r = imp_rows_next(im, &f, &n, &line, err)) == 1) {
		if (im->scanning)
			imp_scan_row(im, f, n, line);
		incident = 0;
		if (imp_process_row(im, f, n, line, NULL, events ? &incident : NULL, err))
			return -1;
		if (incident && imp_json_events(im, incident, err))
			return -1;
		if (++*rows % 16384 == 0)
			imp_progress(im, *rows);
	}
	return r;
}

/* RECUR_THREADS=1 keeps the whole pass on one thread (to compare outputs). */
static int one_thread(void)
{
	const char *t = getenv("RECUR_THREADS");

	return t && !strcmp(t, "1");
}

static int pass(struct imp *im, long *rows, struct recur_error *err)
{
	if ((im->rows.json && im->map.prof && im->map.prof->nev) || one_thread())
		return pass_here(im, rows, err);
	return imp_pipeline_run(im, rows, err);
}

/*
 * --strict stops at the first value it cannot read; the file's own faults
 * (CSV syntax, a column with both date orders) are reported before any such
 * value, wherever they are, so a strict import scans the whole file first
 * and its pass reads in the decided orders.
 */
static int scan_first(struct imp *im, struct recur_error *err)
{
	const struct recur_csv_field *f;
	size_t n;
	long line;
	int r;

	while ((r = imp_rows_next(im, &f, &n, &line, err)) == 1)
		imp_scan_row(im, f, n, line);
	if (r < 0 || imp_decide_orders(im, err))
		return -1;
	imp_rows_rewind(im);
	return 0;
}

int imp_read_rows(struct imp *im, struct recur_error *err)
{
	enum recur_date_order guess[NFIELDS];
	long rows = 0;
	int r;

	convert_setup(im);
	guess_orders(im);
	if (im->o->strict && scan_first(im, err))
		return -1;
	memcpy(guess, im->order, sizeof(guess));
	im->scanning = !im->o->strict;
	im->start_writes = 1;
	r = pass(im, &rows, err);
	im->scanning = 0;
	if (r)
		return r;
	if (imp_decide_orders(im, err))
		return -1;
	if (guessed_wrong(im, guess)) {
		if (recur_db_exec(im->db, "ROLLBACK TO row_pass", err) || max_rowid(im, err))
			return -1;
		forget_pass(im);
		imp_rows_rewind(im);
		if (pass(im, &rows, err) < 0)
			return -1;
	}
	if (recur_db_exec(im->db, "RELEASE row_pass", err))
		return -1;
	im->r->rows = rows;
	if (im->o->progress)
		im->o->progress(im->path, (long long)im->rows.len, (long long)im->rows.len, rows,
				im->o->progress_ctx);
	return 0;
}
