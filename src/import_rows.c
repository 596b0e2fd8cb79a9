/*
 * import_rows.c — rows into incidents: the two passes, value conversion,
 * the upsert, rejected values and timeline events.
 *
 * Pass 1 scans every time column for its day/month order and the severity
 * column for the SEV0 scale; pass 2 converts and upserts. Statements are
 * prepared once per file; "new, updated or unchanged" is told from
 * sqlite3_changes and last_insert_rowid, so no row costs an extra SELECT. The per-row path allocates
 * nothing. Event logs are import_eventlog.c's; files are import.c's.
 */
#include "import_int.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/sha256.h"
#include "recur/timeutil.h"

#include <limits.h>
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
#define P_SOURCE_ID 1
#define P_SYSTEM 2
#define P_SEVERITY_LABEL 12
#define P_EXTRA 29

/* ---- rows of either kind ---- */

void imp_rows_rewind(struct imp *im)
{
	struct recur_error ignore;
	char delim = im->rows.csv.delim;

	if (im->rows.json) {
		im->rows.j.idx = 0;
		return;
	}
	recur_csv_release(&im->rows.csv);
	im->rows.dropped = 0;
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
		r = jrows_next(&s->j);
		*f = s->j.vals;
		*n = s->j.n + s->j.npaths;
		*line = (long)s->j.idx;
		return r;
	}
	r = recur_csv_next(&s->csv, err);
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
			if (imp_fields[k].kind == K_TIME && im->map.src[k][i].x == X_AUTO) {
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

static int build_upsert(struct imp *im, struct recur_error *err)
{
	struct recur_buf sql = RECUR_BUF_INIT;
	int i, k, r;

	recur_buf_adds(&sql, "INSERT INTO incidents (");
	for (i = 0; i < NUPSERT; i++)
		recur_buf_addf(&sql, "%s%s", i ? ", " : "", upsert_cols[i]);
	recur_buf_adds(&sql, ") VALUES (");
	for (i = 0; i < NUPSERT; i++)
		recur_buf_addf(&sql, "%s?%d", i ? ", " : "", i + 1);
	recur_buf_adds(&sql, ") ON CONFLICT (source_system, ext_id) DO UPDATE SET ");
	for (i = 0; i < NUPSERT; i++)
		if (i + 1 != P_SYSTEM && i + 1 != 3)
			recur_buf_addf(&sql, "%s%s = excluded.%s", i ? ", " : "", upsert_cols[i],
				       upsert_cols[i]);
	recur_buf_adds(&sql, " WHERE ");
	for (i = 3; i < NUPSERT; i++)
		recur_buf_addf(&sql, "%s%s IS NOT excluded.%s", i > 3 ? " OR " : "", upsert_cols[i],
			       upsert_cols[i]);
	for (k = 0; k < NFIELDS; k++)
		for (i = 0; i < NUPSERT; i++)
			if (!strcmp(imp_fields[k].name, upsert_cols[i]))
				im->param[k] = i + 1;
	r = recur_db_prepare(im->db, sql.buf, &im->upsert, err);
	recur_buf_release(&sql);
	return r;
}

int imp_prepare(struct imp *im, struct recur_error *err)
{
	size_t i, k;

	im->first_same = xcalloc(im->map.nhead ? im->map.nhead : 1, sizeof(*im->first_same));
	for (i = 0; i < im->map.nhead; i++) {
		for (k = 0; k < i && strcmp(im->map.head[k], im->map.head[i]); k++)
			;
		im->first_same[i] = (int)k;
	}

	return build_upsert(im, err) ||
	       recur_db_prepare(im->db, "SELECT id FROM incidents WHERE source_system = ?1 AND "
					"ext_id = ?2", &im->find, err) ||
	       recur_db_prepare(im->db, "INSERT OR IGNORE INTO incident_events (incident_id, at, "
					"kind, old_value, new_value, actor) VALUES (?1, ?2, ?3, ?4, "
					"?5, ?6)", &im->event, err) ||
	       recur_db_prepare(im->db, "INSERT INTO import_rejects (source_id, line, field, value, "
					"reason) VALUES (?1, ?2, ?3, ?4, ?5)", &im->reject, err) ? -1 : 0;
}

void imp_finalize(struct imp *im)
{
	free(im->first_same);
	im->first_same = NULL;
	sqlite3_finalize(im->upsert);
	sqlite3_finalize(im->find);
	sqlite3_finalize(im->event);
	sqlite3_finalize(im->reject);
	im->upsert = im->find = im->event = im->reject = NULL;
}

static int step_done(struct imp *im, sqlite3_stmt *st, struct recur_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return recur_error_set(err, "cannot write to the database: %s", sqlite3_errmsg(im->db));
	return 0;
}

int imp_add_event(struct imp *im, long long incident, long long at, const char *kind,
		  const char *old_value, size_t old_len, const char *new_value, size_t new_len,
		  const char *actor, size_t actor_len, struct recur_error *err)
{
	sqlite3_stmt *st = im->event;

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

/* ---- pass 2: values ---- */

/* A value that cannot be read as what (a noun: "a date and time"). */
static int reject(struct imp *im, int k, int col, long line, const char *v, size_t len,
		  const char *what, struct recur_error *err)
{
	struct recur_import_result *r = im->r;
	const char *colname = col >= 0 ? im->map.head[col] : "";
	char reason[96];

	if (im->o->strict)
		return recur_error_at(err, im->path, im->rows.json ? 0 : line, 0,
				      "%s%.0ld%scannot read '%.*s' in %s '%s' as %s (field %s): fix "
				      "the value, or import without --strict to keep it empty and "
				      "count it", im->rows.json ? "record " : "",
				      im->rows.json ? line : 0L, im->rows.json ? ": " : "",
				      (int)(len > 200 ? 200 : len), v, im->rows.json ? "key" : "column",
				      colname, what, imp_fields[k].name);
	snprintf(reason, sizeof(reason), "not %s", what);
	r->values_rejected++;
	im->rejects[k]++;
	if (r->nexamples < 3) {
		struct recur_reject_example *e = &r->examples[r->nexamples++];

		e->line = line;
		snprintf(e->field, sizeof(e->field), "%s", imp_fields[k].name);
		snprintf(e->value, sizeof(e->value), "%.*s", (int)(len < 63 ? len : 63), v);
	}
	sqlite3_bind_int64(im->reject, 1, im->source_id);
	sqlite3_bind_int64(im->reject, 2, line);
	sqlite3_bind_text(im->reject, 3, imp_fields[k].name, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->reject, 4, v, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(im->reject, 5, reason, -1, SQLITE_TRANSIENT);
	return step_done(im, im->reject, err);
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
		sqlite3_bind_int64(im->upsert, im->param[k], t);
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

	sqlite3_bind_text(im->upsert, P_SEVERITY_LABEL, v, (int)len, SQLITE_STATIC);
	m = imp_severity(&im->map, v, len);
	t = !m ? 0 : im->sev0 && m->sev0_scale ? m->sev0_scale : m->severity;
	if (t < 1 || t > 5)
		return reject(im, k, col, line, v, len, "a severity label in queries/severity-map.sql",
			      err);
	sqlite3_bind_int64(im->upsert, im->param[k], t);
	if (im->r->npreview < 3) {
		snprintf(num, sizeof(num), "%lld", t);
		preview_add(im, k, num, strlen(num));
	}
	return 0;
}

static void bind_text(struct imp *im, int k, const char *v, size_t len)
{
	if (k == F_STATUS && im->map.prof && im->map.prof->nstatus) {
		const struct imp_pstatus *s = imp_status(im->map.ps, im->map.prof, v, len);

		if (s && s->label)
			v = s->label, len = strlen(v);
	}
	if (im->param[k])
		sqlite3_bind_text(im->upsert, im->param[k], v, (int)len, SQLITE_STATIC);
	preview_add(im, k, v, len);
}

/* A JSON object with no text of its own (no display_value, name, …) where a
 * value is expected: rejected, with the object as JSON for the example. */
static int reject_object(struct imp *im, int k, int col, long line, struct recur_error *err)
{
	const struct recur_json *rec = im->rows.j.single ? im->rows.j.single :
				       im->rows.j.recs[im->rows.j.idx - 1];
	const struct recur_json *v = jpath_get(rec, im->map.head[col]);

	recur_buf_reset(&im->objtext);
	if (v)
		recur_json_write(v, &im->objtext, 0);
	return reject(im, k, col, line, im->objtext.buf ? im->objtext.buf : "", im->objtext.len,
		      "a value: it is a JSON object with no display_value, name, summary, value "
		      "or title key", err);
}

/*
 * Binds field k from the row: its sources in priority order, the first that
 * reads wins; a value that reads as nothing is rejected (kept NULL) and the
 * next source is tried. fill, when not LLONG_MIN, is a time to use when no
 * source gives one (event logs).
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
			sqlite3_bind_int64(im->upsert, im->param[k], t);
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
		got = sqlite3_last_insert_rowid(im->db);
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

int imp_process_row(struct imp *im, const struct recur_csv_field *f, size_t n, long line,
		    const long long *over, long long *incident, struct recur_error *err)
{
	sqlite3_stmt *st = im->upsert;
	const char *id;
	size_t idlen;
	int k;

	sqlite3_clear_bindings(st);
	sqlite3_bind_int64(st, P_SOURCE_ID, im->source_id);
	sqlite3_bind_text(st, P_SYSTEM, im->r->source_system, -1, SQLITE_STATIC);
	if (!(id = imp_row_id(im, f, n, &idlen)))
		return reject(im, F_EXT_ID, im->map.col[F_EXT_ID], line, "", 0,
			      "an id (no id, title or opened time: row skipped)", err);
	sqlite3_bind_text(st, im->param[F_EXT_ID], id, (int)idlen, SQLITE_STATIC);
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
		sqlite3_bind_text(st, P_EXTRA, im->extra.buf, (int)im->extra.len, SQLITE_STATIC);
	if (im->r->npreview < 3)
		snprintf(im->r->preview[im->r->npreview++], sizeof(im->r->preview[0]), "%s",
			 im->preview.buf);
	return upsert_row(im, id, idlen, incident, err);
}

/* Both passes over a file that is not an event log. */
int imp_read_rows(struct imp *im, struct recur_error *err)
{
	const struct recur_csv_field *f;
	size_t n;
	long line, rows = 0;
	long long incident;
	int r, events = im->map.prof && im->map.prof->nev && im->rows.json;

	while ((r = imp_rows_next(im, &f, &n, &line, err)) == 1)
		imp_scan_row(im, f, n, line);
	if (r < 0 || imp_decide_orders(im, err))
		return -1;
	if ((r = imp_begin_writes(im, err)))
		return r;
	imp_rows_rewind(im);
	while ((r = imp_rows_next(im, &f, &n, &line, err)) == 1) {
		incident = 0;
		if (imp_process_row(im, f, n, line, NULL, events ? &incident : NULL, err))
			return -1;
		if (incident && imp_json_events(im, incident, err))
			return -1;
		if (++rows % 16384 == 0)
			imp_progress(im, rows);
	}
	im->r->rows = rows;
	if (r == 0 && im->o->progress)
		im->o->progress(im->path, (long long)im->rows.len, (long long)im->rows.len, rows,
				im->o->progress_ctx);
	return r;
}
