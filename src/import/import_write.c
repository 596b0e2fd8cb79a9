/*
 * import_write.c — the writer: converted rows into the store.
 *
 * The file's sources row, then its rows: the upsert of each (IMP_MANY at a
 * time when the rows come in batches), its rejected values, and timeline
 * events. Statements are prepared once per file; "new, updated or
 * unchanged" is told from sqlite3_changes and last_insert_rowid, so no row
 * costs an extra SELECT. The span the rows cover (first and last opening,
 * the latest time of any kind) goes into the sources row at the end.
 */
#include "import_int.h"
#include "recur/db.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

const char *const imp_upsert_cols[IMP_NPARAM] = {
	"source_id", "source_system", "ext_id", "title", "description", "service", "component",
	"team", "category", "kind", "severity", "severity_label", "priority_label", "status",
	"opened_at", "started_at", "detected_at", "acknowledged_at", "mitigated_at", "resolved_at",
	"closed_at", "updated_at", "reassignments", "reopens", "root_cause", "resolution", "url",
	"problem_ref", "extra",
};
#define NUPSERT IMP_NPARAM
#define upsert_cols imp_upsert_cols

/* ---- the sources row ---- */

int imp_write_source(struct imp_writer *w, const char *path, const char *format,
		     const char *sha, long long now, struct recur_error *err)
{
	sqlite3_stmt *st;
	int r;

	if (recur_db_prepare(w->db, "INSERT INTO sources (path, format, sha256, imported_at) "
				     "VALUES (?1, ?2, ?3, ?4)", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, format, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	r = sqlite3_step(st) == SQLITE_DONE ? 0 : recur_error_set(err, "cannot write to the "
								     "database: %s", sqlite3_errmsg(w->db));
	sqlite3_finalize(st);
	w->source_id = sqlite3_last_insert_rowid(w->db);
	imp_span_reset(w);
	return r;
}

int imp_write_source_end(struct imp_writer *w, struct recur_error *err)
{
	const struct imp_span *span = &w->span;
	const long long *at[] = { &span->first_opened, &span->last_opened, &span->exported };
	sqlite3_stmt *st;
	int r, k;

	if (recur_db_prepare(w->db, "UPDATE sources SET rows_read = ?1, rows_rejected = ?2, "
				     "date_order = ?3, first_opened_at = ?5, last_opened_at = ?6, "
				     "exported_at = ?7 WHERE id = ?4", &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, w->r->rows);
	sqlite3_bind_int64(st, 2, w->r->values_rejected);
	if (w->r->date_order[0])
		sqlite3_bind_text(st, 3, w->r->date_order, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, w->source_id);
	/* a postmortem (no rows written here) leaves its span NULL: it is not an
	 * export of the history (queries/migrate-3.sql) */
	for (k = 0; k < 3; k++)
		if (*at[k] != LLONG_MIN)
			sqlite3_bind_int64(st, 5 + k, *at[k]);
	r = sqlite3_step(st) == SQLITE_DONE ? 0 : recur_error_set(err, "cannot write to the "
								     "database: %s", sqlite3_errmsg(w->db));
	sqlite3_finalize(st);
	return r;
}

/* ---- statements ---- */

/*
 * The upsert of this file's columns, for nrows rows at once. Columns the
 * file cannot fill are left out (NULL on insert, set to NULL on update, as
 * a bound NULL would), so no row pays for binding them: a narrow export into
 * the wide incidents table would otherwise bind twice what it carries.
 */
static int build_upsert(struct imp_writer *w, const unsigned char *fills, int nrows,
			sqlite3_stmt **out, struct recur_error *err)
{
	struct recur_buf sql = RECUR_BUF_INIT;
	int i, j, n, r;

	for (i = 0, n = 0; i < NUPSERT; i++)
		w->bound[i] = fills[i] ? ++n : 0;
	w->nbound = n;
	recur_buf_adds(&sql, "INSERT INTO incidents (");
	for (i = 0, n = 0; i < NUPSERT; i++)
		if (w->bound[i])
			recur_buf_addf(&sql, "%s%s", n++ ? ", " : "", upsert_cols[i]);
	recur_buf_adds(&sql, ") VALUES ");
	for (j = 0; j < nrows; j++) {
		recur_buf_adds(&sql, j ? ", (" : "(");
		for (i = 0, n = 0; i < NUPSERT; i++)
			if (w->bound[i])
				recur_buf_addf(&sql, "%s?%d", n++ ? ", " : "",
					       j * w->nbound + w->bound[i]);
		recur_buf_addch(&sql, ')');
	}
	recur_buf_adds(&sql, " ON CONFLICT (source_system, ext_id) DO UPDATE SET ");
	for (i = 0, n = 0; i < NUPSERT; i++)
		if (i + 1 != P_SYSTEM && i + 1 != P_EXT_ID)
			recur_buf_addf(&sql, "%s%s = %s%s", n++ ? ", " : "", upsert_cols[i],
				       w->bound[i] ? "excluded." : "NULL",
				       w->bound[i] ? upsert_cols[i] : "");
	recur_buf_adds(&sql, " WHERE ");
	for (i = 3; i < NUPSERT; i++)
		recur_buf_addf(&sql, "%s%s IS NOT %s%s", i > 3 ? " OR " : "", upsert_cols[i],
			       w->bound[i] ? "excluded." : "NULL", w->bound[i] ? upsert_cols[i] : "");
	r = recur_db_prepare(w->db, sql.buf, out, err);
	recur_buf_release(&sql);
	for (j = 0; !r && j < nrows; j++) { /* the same for every row */
		sqlite3_bind_int64(*out, j * w->nbound + w->bound[P_SOURCE_ID - 1], w->source_id);
		sqlite3_bind_text(*out, j * w->nbound + w->bound[P_SYSTEM - 1], w->r->source_system,
				  -1, SQLITE_STATIC);
	}
	return r;
}

/* The largest rowid of incidents: the next insert gets one more. */
int imp_write_reload(struct imp_writer *w, struct recur_error *err)
{
	sqlite3_stmt *st;

	if (recur_db_prepare(w->db, "SELECT max(rowid) FROM incidents", &st, err))
		return -1;
	w->max_rowid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

static int prepare_events_many(struct imp_writer *w, struct recur_error *err)
{
	struct recur_buf sql = RECUR_BUF_INIT;
	int i, r;

	recur_buf_adds(&sql, "INSERT OR IGNORE INTO incident_events (incident_id, at, kind, "
		       "old_value, new_value, actor) VALUES ");
	for (i = 0; i < IMP_MANY; i++)
		recur_buf_addf(&sql, "%s(?, ?, ?, ?, ?, ?)", i ? ", " : "");
	r = recur_db_prepare(w->db, sql.buf, &w->events_many, err);
	recur_buf_release(&sql);
	return r;
}

int imp_write_prepare(struct imp_writer *w, const unsigned char fills[IMP_NPARAM],
		      struct recur_error *err)
{
	return build_upsert(w, fills, 1, &w->upsert, err) ||
	       build_upsert(w, fills, IMP_MANY, &w->many, err) || imp_write_reload(w, err) ||
	       recur_db_prepare(w->db, "SELECT id FROM incidents WHERE source_system = ?1 AND "
				       "ext_id = ?2", &w->find, err) ||
	       recur_db_prepare(w->db, "INSERT OR IGNORE INTO incident_events (incident_id, at, "
				       "kind, old_value, new_value, actor) VALUES (?1, ?2, ?3, ?4, "
				       "?5, ?6)", &w->event, err) ||
	       recur_db_prepare(w->db, "INSERT INTO import_rejects (source_id, line, field, value, "
				       "reason) VALUES (?1, ?2, ?3, ?4, ?5)", &w->reject, err) ||
	       prepare_events_many(w, err) ? -1 : 0;
}

void imp_write_finalize(struct imp_writer *w)
{
	sqlite3_finalize(w->upsert);
	sqlite3_finalize(w->many);
	sqlite3_finalize(w->events_many);
	sqlite3_finalize(w->find);
	sqlite3_finalize(w->event);
	sqlite3_finalize(w->reject);
	w->upsert = w->many = w->events_many = w->find = w->event = w->reject = NULL;
	w->nevq = 0;
}

static int step_done(struct imp_writer *w, sqlite3_stmt *st, struct recur_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return recur_error_set(err, "cannot write to the database: %s", sqlite3_errmsg(w->db));
	return 0;
}

/* ---- the span a file covers ---- */

void imp_span_reset(struct imp_writer *w)
{
	w->span.first_opened = w->span.last_opened = w->span.exported = LLONG_MIN;
}

/* A timestamp of any kind: the export was made after it. */
static void span_time(struct imp_writer *w, long long t)
{
	if (t > w->span.exported)
		w->span.exported = t;
}

/* A written row: its opening, and every time it carries (opened … updated). */
static void span_row(struct imp_writer *w, const struct imp_row *row)
{
	const struct imp_val *opened = &row->v[P_OPENED_AT - 1];
	int p;

	if (opened->type == V_INT) {
		if (w->span.first_opened == LLONG_MIN || opened->u.i < w->span.first_opened)
			w->span.first_opened = opened->u.i;
		if (opened->u.i > w->span.last_opened)
			w->span.last_opened = opened->u.i;
	}
	for (p = P_OPENED_AT; p <= P_UPDATED_AT; p++)
		if (row->v[p - 1].type == V_INT)
			span_time(w, row->v[p - 1].u.i);
}

int imp_add_event(struct imp_writer *w, long long incident, long long at, const char *kind,
		  const char *old_value, size_t old_len, const char *new_value, size_t new_len,
		  const char *actor, size_t actor_len, struct recur_error *err)
{
	sqlite3_stmt *st = w->event;

	span_time(w, at);
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
	if (step_done(w, st, err))
		return -1;
	w->r->events += sqlite3_changes(w->db) > 0;
	return 0;
}

/*
 * Events queued by imp_queue_event go in IMP_MANY at a time (an event log's
 * tens of thousands of status changes); the texts must stay put until
 * imp_flush_events.
 */
int imp_flush_events(struct imp_writer *w, struct recur_error *err)
{
	sqlite3_stmt *st = w->nevq == IMP_MANY ? w->events_many : w->event;
	int i, k, rc;

	if (st == w->event) {
		for (i = 0; i < w->nevq; i++) {
			const struct imp_event *e = &w->evq[i];

			if (imp_add_event(w, e->incident, e->at, e->kind, e->old, e->oldlen, e->new,
					  e->newlen, e->actor, e->actorlen, err))
				return -1;
		}
		w->nevq = 0;
		return 0;
	}
	for (i = 0; i < IMP_MANY; i++) {
		const struct imp_event *e = &w->evq[i];

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
		return recur_error_set(err, "cannot write to the database: %s", sqlite3_errmsg(w->db));
	w->r->events += sqlite3_changes(w->db);
	w->nevq = 0;
	return 0;
}

int imp_queue_event(struct imp_writer *w, long long incident, long long at, const char *kind,
		    const char *old_value, size_t old_len, const char *new_value, size_t new_len,
		    const char *actor, size_t actor_len, struct recur_error *err)
{
	struct imp_event *e = &w->evq[w->nevq++];

	span_time(w, at);
	e->incident = incident;
	e->at = at;
	e->kind = kind;
	e->old = old_value, e->oldlen = old_len;
	e->new = new_value, e->newlen = new_len;
	e->actor = actor, e->actorlen = actor_len;
	return w->nevq == IMP_MANY ? imp_flush_events(w, err) : 0;
}


/* ---- writing a row ---- */

static int write_reject(struct imp_writer *w, const struct imp_batch *b, const struct imp_reject *j,
			struct recur_error *err)
{
	char reason[96];

	snprintf(reason, sizeof(reason), "not %s", j->what);
	sqlite3_bind_int64(w->reject, 1, w->source_id);
	sqlite3_bind_int64(w->reject, 2, j->line);
	sqlite3_bind_text(w->reject, 3, imp_fields[j->field].name, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->reject, 4, b->arena.buf ? b->arena.buf + j->value : "",
			  (int)j->value_len, SQLITE_STATIC);
	sqlite3_bind_text(w->reject, 5, reason, -1, SQLITE_TRANSIENT);
	return step_done(w, w->reject, err);
}

/*
 * Runs the upsert; counts new/updated/unchanged and gives the incident's id.
 * No RETURNING (it materialises a result per row) and no SELECT first: an
 * insert sets last_insert_rowid (zeroed first), an update does not, and an unchanged row
 * (the DO UPDATE's WHERE false) changes nothing. Only an update whose id is
 * wanted (event logs) looks the id up.
 */
static int upsert_row(struct imp_writer *w, const char *id, size_t idlen, long long *incident,
		      struct recur_error *err)
{
	struct recur_import_result *r = w->r;
	long long got = 0;
	int rc;

	sqlite3_set_last_insert_rowid(w->db, 0);
	rc = sqlite3_step(w->upsert);

	sqlite3_reset(w->upsert);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot write to the database: %s", sqlite3_errmsg(w->db));
	if (sqlite3_changes(w->db) == 0) {
		r->incidents_unchanged++;
	} else if (sqlite3_last_insert_rowid(w->db) != 0) {
		r->incidents_new++;
		got = w->max_rowid = sqlite3_last_insert_rowid(w->db);
	} else {
		r->incidents_updated++;
	}
	if (!incident)
		return 0;
	if (!got) {
		sqlite3_bind_text(w->find, 1, w->r->source_system, -1, SQLITE_STATIC);
		sqlite3_bind_text(w->find, 2, id, (int)idlen, SQLITE_STATIC);
		got = sqlite3_step(w->find) == SQLITE_ROW ? sqlite3_column_int64(w->find, 0) : 0;
		sqlite3_reset(w->find);
	}
	*incident = got;
	return 0;
}

/* Binds row's values to st's parameters from base + 1 on. */
static void bind_row(const struct imp_writer *w, sqlite3_stmt *st, int base, const struct imp_batch *b,
		     const struct imp_row *row)
{
	int p;

	for (p = P_EXT_ID; p <= NUPSERT; p++) {
		const struct imp_val *x = &row->v[p - 1];
		int at = w->bound[p - 1];

		if (!at)
			continue; /* left out of the statement: always NULL */
		at += base;
		if (x->type == V_NULL)
			sqlite3_bind_null(st, at);
		else if (x->type == V_INT)
			sqlite3_bind_int64(st, at, x->u.i);
		else
			sqlite3_bind_text(st, at, imp_val_text(b, x), x->len, SQLITE_STATIC);
	}
}

static int write_rejects(struct imp_writer *w, const struct imp_batch *b, const struct imp_row *row,
			 struct recur_error *err)
{
	size_t j;

	for (j = 0; j < row->nrej; j++)
		if (write_reject(w, b, &b->rej[row->rej + j], err))
			return -1;
	return 0;
}

int imp_write_row(struct imp_writer *w, struct imp_batch *b, size_t i, long long *incident,
		  struct recur_error *err)
{
	const struct imp_row *row = &b->rows[i];

	if (write_rejects(w, b, row, err))
		return -1;
	if (!row->write)
		return 0;
	span_row(w, row);
	bind_row(w, w->upsert, 0, b, row);
	return upsert_row(w, imp_val_text(b, &row->v[P_EXT_ID - 1]), (size_t)row->v[P_EXT_ID - 1].len,
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
static int write_many(struct imp_writer *w, const struct imp_batch *b, const size_t *at,
		      long long *ids, struct recur_error *err)
{
	struct recur_import_result *r = w->r;
	long long last, fresh, before = w->max_rowid;
	int j, rc, changed;

	for (j = 0; j < IMP_MANY; j++)
		bind_row(w, w->many, j * w->nbound, b, &b->rows[at[j]]);
	sqlite3_set_last_insert_rowid(w->db, 0);
	rc = sqlite3_step(w->many);
	sqlite3_reset(w->many);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot write to the database: %s", sqlite3_errmsg(w->db));
	changed = sqlite3_changes(w->db);
	last = sqlite3_last_insert_rowid(w->db);
	fresh = last ? last - w->max_rowid : 0;
	if (last)
		w->max_rowid = last;
	r->incidents_new += fresh;
	r->incidents_updated += changed - fresh;
	r->incidents_unchanged += IMP_MANY - changed;
	for (j = 0; ids && j < IMP_MANY; j++) {
		const struct imp_val *x = &b->rows[at[j]].v[P_EXT_ID - 1];

		if (fresh == IMP_MANY) { /* all new: their rowids in turn */
			ids[at[j]] = before + 1 + j;
			continue;
		}
		sqlite3_bind_text(w->find, 1, w->r->source_system, -1, SQLITE_STATIC);
		sqlite3_bind_text(w->find, 2, imp_val_text(b, x), x->len, SQLITE_STATIC);
		ids[at[j]] = sqlite3_step(w->find) == SQLITE_ROW ? sqlite3_column_int64(w->find, 0) : 0;
		sqlite3_reset(w->find);
	}
	return 0;
}

int imp_write_batch(struct imp_writer *w, struct imp_batch *b, long long *ids, struct recur_error *err)
{
	size_t at[IMP_MANY], i;
	int n = 0, j;

	for (i = 0; i < b->n; i++) {
		if (ids)
			ids[i] = 0;
		if (write_rejects(w, b, &b->rows[i], err))
			return -1;
		if (!b->rows[i].write)
			continue;
		span_row(w, &b->rows[i]);
		at[n++] = i;
		if (n == IMP_MANY) {
			if (write_many(w, b, at, ids, err))
				return -1;
			n = 0;
		}
	}
	for (j = 0; j < n; j++) { /* the rest one by one (their rejects are written) */
		const struct imp_row *row = &b->rows[at[j]];

		bind_row(w, w->upsert, 0, b, row);
		if (upsert_row(w, imp_val_text(b, &row->v[P_EXT_ID - 1]),
			       (size_t)row->v[P_EXT_ID - 1].len, ids ? &ids[at[j]] : NULL, err))
			return -1;
	}
	return 0;
}

