/*
 * import.c — one export file into the store, in one transaction.
 *
 * Reads the file whole, fingerprints it (sha256: the same bytes are never
 * imported twice), detects CSV or JSON, maps the header (import_map.c), scans
 * the rows once to decide each time column's date order and the severity
 * scale, then reads them again and upserts each on (source_system, ext_id)
 * with statements prepared once. Rows are (ptr, len) slices; the per-row path
 * allocates nothing. It does not collapse event logs nor read tool-specific
 * layouts (later formats), and never prints: the caller reports.
 */
#include "import_int.h"
#include "recur/db.h"
#include "recur/json.h"
#include "recur/mem.h"
#include "recur/sha256.h"
#include "recur/timeutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define SOURCE_SYSTEM "generic"

/* JSON records as rows: the union of (one level flattened) keys is the header. */
struct jrows {
	struct recur_json *root, *arr;
	size_t idx;
	char **names;
	size_t n, cap, hint;
	struct recur_csv_field *vals;
	size_t *off;
	struct recur_buf text, name;
};

struct rows {
	int json;
	const char *buf;
	size_t len;
	struct recur_csv csv;
	struct jrows j;
};

struct imp {
	sqlite3 *db;
	const char *path;
	const struct recur_import_opts *o;
	struct recur_import_result *r;
	struct imp_map map;
	struct rows rows;
	enum recur_date_order order[NFIELDS];
	struct recur_date_scan scan[NFIELDS];
	int sev0;                 /* the severity column uses the SEV0 scale */
	int param[NFIELDS];       /* upsert parameter of each field */
	long long source_id;
	sqlite3_stmt *exists, *upsert, *reject;
	long rejects[NFIELDS];
	struct recur_buf extra, id, preview;
};

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

/* ---- JSON rows ---- */

static struct recur_json *find_records(struct recur_json *root)
{
	struct recur_json *found = NULL;
	size_t i;

	if (root->type == RECUR_JSON_ARRAY)
		return root;
	if (root->type != RECUR_JSON_OBJECT)
		return NULL;
	for (i = 0; i < root->n; i++) {
		struct recur_json *v = root->items[i];

		if (v->type == RECUR_JSON_ARRAY && (v->n == 0 || v->items[0]->type == RECUR_JSON_OBJECT)) {
			if (found)
				return NULL; /* two arrays: which one holds the incidents? */
			found = v;
		}
	}
	return found;
}

/* Column of name, added when new; keys usually repeat in order, so try the hint first. */
static size_t jcol(struct jrows *j, const char *name, int add)
{
	size_t i;

	if (j->hint < j->n && !strcmp(j->names[j->hint], name))
		return j->hint++;
	for (i = 0; i < j->n; i++)
		if (!strcmp(j->names[i], name))
			return (j->hint = i + 1) - 1;
	if (!add)
		return (size_t)-1;
	xgrow((void **)&j->names, &j->cap, j->n + 1, sizeof(*j->names));
	j->names[j->n] = xstrdup(name);
	j->hint = j->n + 1;
	return j->n++;
}

/* Calls fn for each (flattened name, value) of object o. */
static void jeach(struct jrows *j, const struct recur_json *o,
		  void (*fn)(struct jrows *j, const struct recur_json *v))
{
	size_t i, k;

	j->hint = 0;
	for (i = 0; i < o->n; i++) {
		const struct recur_json *v = o->items[i];

		if (v->type == RECUR_JSON_OBJECT) {
			for (k = 0; k < v->n; k++) {
				recur_buf_reset(&j->name);
				recur_buf_addf(&j->name, "%s.%s", o->keys[i], v->keys[k]);
				fn(j, v->items[k]);
			}
		} else {
			recur_buf_reset(&j->name);
			recur_buf_adds(&j->name, o->keys[i]);
			fn(j, v);
		}
	}
}

static void jadd_name(struct jrows *j, const struct recur_json *v)
{
	(void)v;
	jcol(j, j->name.buf, 1);
}

static void jadd_value(struct jrows *j, const struct recur_json *v)
{
	size_t c = jcol(j, j->name.buf, 0);

	if (c == (size_t)-1 || v->type == RECUR_JSON_NULL)
		return;
	j->off[c] = j->text.len;
	recur_json_scalar_text(v, &j->text);
	j->vals[c].len = j->text.len - j->off[c];
	j->vals[c].ptr = NULL;
}

static int jrows_open(struct jrows *j, const char *buf, size_t len, const char *path,
		      struct recur_error *err)
{
	size_t i;

	if (recur_json_parse(buf, len, path, &j->root, err))
		return -1;
	j->arr = find_records(j->root);
	if (!j->arr)
		return recur_error_at(err, path, 0, 0, "no list of incident records: give a JSON "
				      "array of objects, or an object holding one such array "
				      "(like {\"incidents\": [...]})");
	for (i = 0; i < j->arr->n; i++) {
		if (j->arr->items[i]->type != RECUR_JSON_OBJECT)
			return recur_error_at(err, path, 0, 0, "record %zu is not an object: each "
					      "incident must be a JSON object", i + 1);
		jeach(j, j->arr->items[i], jadd_name);
	}
	j->vals = xcalloc(j->n ? j->n : 1, sizeof(*j->vals));
	j->off = xcalloc(j->n ? j->n : 1, sizeof(*j->off));
	return 0;
}

static int jrows_next(struct jrows *j)
{
	size_t i;

	if (j->idx >= j->arr->n)
		return 0;
	recur_buf_reset(&j->text);
	for (i = 0; i < j->n; i++) {
		j->vals[i].ptr = "";
		j->vals[i].len = 0;
	}
	jeach(j, j->arr->items[j->idx++], jadd_value);
	for (i = 0; i < j->n; i++)
		if (!j->vals[i].ptr)
			j->vals[i].ptr = j->text.buf + j->off[i];
	return 1;
}

static void jrows_release(struct jrows *j)
{
	size_t i;

	recur_json_free(j->root);
	for (i = 0; i < j->n; i++)
		free(j->names[i]);
	free(j->names);
	free(j->vals);
	free(j->off);
	recur_buf_release(&j->text);
	recur_buf_release(&j->name);
}

/* ---- rows of either format ---- */

/* The header: CSV's first record, or JSON's key union. */
static int rows_header(struct imp *im, struct recur_error *err)
{
	struct rows *s = &im->rows;
	int r;

	if (s->json) {
		struct recur_csv_field *h = xcalloc(s->j.n ? s->j.n : 1, sizeof(*h));
		size_t i;

		for (i = 0; i < s->j.n; i++)
			h[i].ptr = s->j.names[i], h[i].len = strlen(s->j.names[i]);
		r = imp_map_header(&im->map, h, s->j.n, im->path, "keys", err);
		free(h);
		return r;
	}
	r = recur_csv_next(&s->csv, err);
	if (r == 0)
		return recur_error_at(err, im->path, 0, 0, "the file is empty: export the incidents "
				      "with a header line");
	if (r < 0)
		return -1;
	return imp_map_header(&im->map, s->csv.fields, s->csv.nfields, im->path, "headers", err);
}

static void rows_rewind(struct imp *im)
{
	struct recur_error ignore;

	if (im->rows.json) {
		im->rows.j.idx = 0;
		return;
	}
	recur_csv_release(&im->rows.csv);
	recur_csv_init(&im->rows.csv, im->rows.buf, im->rows.len, im->path, 0);
	recur_csv_next(&im->rows.csv, &ignore); /* the header, read fine before */
}

static int rows_next(struct imp *im, const struct recur_csv_field **f, size_t *n, long *line,
		     struct recur_error *err)
{
	struct rows *s = &im->rows;
	int r;

	if (s->json) {
		r = jrows_next(&s->j);
		*f = s->j.vals;
		*n = s->j.n;
		*line = (long)s->j.idx;
		return r;
	}
	r = recur_csv_next(&s->csv, err);
	*f = s->csv.fields;
	*n = s->csv.nfields;
	*line = s->csv.rec_line;
	return r;
}

/* "file:12" for CSV, "file: record 12" for JSON, into out. */
static void where(const struct imp *im, long line, char *out, size_t size)
{
	snprintf(out, size, im->rows.json ? "record %ld" : "line %ld", line);
}

/* ---- pass 1: date order and severity scale ---- */

static void scan_row(struct imp *im, const struct recur_csv_field *f, size_t n, long line)
{
	int k;

	for (k = 0; k < NFIELDS; k++) {
		int c = im->map.col[k];
		const char *v;
		size_t len;

		if (c < 0 || (size_t)c >= n || !(v = imp_value(f[c].ptr, f[c].len, &len)))
			continue;
		if (imp_fields[k].kind == K_TIME) {
			recur_date_scan_add(&im->scan[k], v, len, line);
		} else if (k == F_SEVERITY && !im->sev0) {
			const struct imp_sevmap *m = imp_severity(&im->map, v, len);

			im->sev0 = m && !m->severity && m->sev0_scale;
		}
	}
}

static int conflict(struct imp *im, int k, struct recur_error *err)
{
	const struct recur_date_scan *s = &im->scan[k];
	long line = s->dmy_line > s->mdy_line ? s->dmy_line : s->mdy_line;

	return recur_error_at(err, im->path, im->rows.json ? 0 : line, 0,
			      "column '%s' mixes day-first dates ('%s', %s %ld) and month-first "
			      "dates ('%s', %s %ld): fix the export, or choose with --date-order "
			      "dmy or mdy (values that do not fit are kept empty and counted)",
			      im->map.head[im->map.col[k]], s->dmy_example,
			      im->rows.json ? "record" : "line", s->dmy_line, s->mdy_example,
			      im->rows.json ? "record" : "line", s->mdy_line);
}

/*
 * Each time column's order: forced by --date-order; else its own evidence;
 * else what the file's other columns showed (one export writes one format);
 * else month-first, reported as assumed.
 */
static int decide_orders(struct imp *im, struct recur_error *err)
{
	enum recur_date_order file = RECUR_DATE_AUTO, forced = im->o->date_order, o;
	enum recur_date_how how[NFIELDS];
	int k, any = 0, assumed = 0, mixed = 0;

	for (k = 0; k < NFIELDS; k++) {
		how[k] = RECUR_DATE_NONE;
		if (imp_fields[k].kind != K_TIME || im->map.col[k] < 0)
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

static int prepare(struct imp *im, struct recur_error *err)
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
	r = recur_db_prepare(im->db, sql.buf, &im->upsert, err) ||
	    recur_db_prepare(im->db, "SELECT 1 FROM incidents WHERE source_system = ?1 AND ext_id = ?2",
			     &im->exists, err) ||
	    recur_db_prepare(im->db, "INSERT INTO import_rejects (source_id, line, field, value, reason) "
				     "VALUES (?1, ?2, ?3, ?4, ?5)", &im->reject, err);
	recur_buf_release(&sql);
	return r ? -1 : 0;
}

static int step_done(struct imp *im, sqlite3_stmt *st, struct recur_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return recur_error_set(err, "cannot write to the database: %s", sqlite3_errmsg(im->db));
	return 0;
}

/* ---- pass 2: rows ---- */

/* A value that cannot be read as what (a noun: "a date and time"). */
static int reject(struct imp *im, int k, long line, const char *v, size_t len, const char *what,
		  struct recur_error *err)
{
	struct recur_import_result *r = im->r;
	const char *col = im->map.col[k] >= 0 ? im->map.head[im->map.col[k]] : "";
	char at[64], reason[64];

	if (im->o->strict) {
		where(im, line, at, sizeof(at));
		return recur_error_at(err, im->path, im->rows.json ? 0 : line, 0,
				      "%s%scannot read '%.*s' in column '%s' as %s (field %s): fix "
				      "the value, or import without --strict to keep it empty and "
				      "count it", im->rows.json ? at : "", im->rows.json ? ": " : "",
				      (int)(len > 200 ? 200 : len), v, col, what, imp_fields[k].name);
	}
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

/* Binds one field's value; a value that does not parse is rejected (NULL). */
static int bind_field(struct imp *im, int k, const char *v, size_t len, long line,
		      struct recur_error *err)
{
	sqlite3_stmt *st = im->upsert;
	const struct imp_sevmap *m;
	long long t;
	char iso[32];

	switch (imp_fields[k].kind) {
	case K_TEXT:
		sqlite3_bind_text(st, im->param[k], v, (int)len, SQLITE_STATIC);
		preview_add(im, k, v, len);
		return 0;
	case K_TIME:
		if (recur_time_parse(v, len, im->order[k], &t))
			return reject(im, k, line, v, len, "a date and time", err);
		sqlite3_bind_int64(st, im->param[k], t);
		if (im->r->npreview < 3) {
			recur_time_iso(t, iso);
			preview_add(im, k, iso, strlen(iso));
		}
		return 0;
	case K_INT:
		if (imp_parse_int(v, len, &t))
			return reject(im, k, line, v, len, "a whole number", err);
		sqlite3_bind_int64(st, im->param[k], t);
		preview_add(im, k, v, len);
		return 0;
	case K_SEVERITY:
		sqlite3_bind_text(st, P_SEVERITY_LABEL, v, (int)len, SQLITE_STATIC);
		m = imp_severity(&im->map, v, len);
		t = !m ? 0 : im->sev0 && m->sev0_scale ? m->sev0_scale : m->severity;
		if (t < 1 || t > 5)
			return reject(im, k, line, v, len, "a severity label in queries/severity-map.sql", err);
		sqlite3_bind_int64(st, im->param[k], t);
		if (im->r->npreview < 3) {
			snprintf(iso, sizeof(iso), "%lld", t);
			preview_add(im, k, iso, strlen(iso));
		}
		return 0;
	}
	return 0;
}

/* Unmapped columns as a JSON object into im->extra; 0 when there are none. */
static int build_extra(struct imp *im, const struct recur_csv_field *f, size_t n)
{
	size_t i, len;
	const char *v;

	recur_buf_reset(&im->extra);
	for (i = 0; i < n && i < im->map.nhead; i++) {
		if (im->map.used[i] || !(v = imp_value(f[i].ptr, f[i].len, &len)))
			continue;
		recur_buf_addch(&im->extra, im->extra.len ? ',' : '{');
		recur_json_write_string(&im->extra, im->map.head[i], strlen(im->map.head[i]));
		recur_buf_addch(&im->extra, ':');
		recur_json_write_string(&im->extra, v, len);
	}
	if (!im->extra.len)
		return 0;
	recur_buf_addch(&im->extra, '}');
	return 1;
}

static const char *field_value(const struct imp *im, int k, const struct recur_csv_field *f,
			       size_t n, size_t *len)
{
	int c = im->map.col[k];

	*len = 0;
	return c < 0 || (size_t)c >= n ? NULL : imp_value(f[c].ptr, f[c].len, len);
}

/* The id: the id column's value, or sha256(title, opened text) when derived. */
static const char *row_id(struct imp *im, const struct recur_csv_field *f, size_t n, size_t *len)
{
	const char *title, *opened, *id = im->map.derived_id ? NULL : field_value(im, F_EXT_ID, f, n, len);
	size_t tl, ol;
	char hex[65];
	struct recur_buf key = RECUR_BUF_INIT;

	if (id || !(title = field_value(im, F_TITLE, f, n, &tl)) ||
	    !(opened = field_value(im, F_OPENED_AT, f, n, &ol)))
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

static int upsert_row(struct imp *im, const char *id, size_t idlen, struct recur_error *err)
{
	struct recur_import_result *r = im->r;
	int existed;

	sqlite3_bind_text(im->exists, 1, SOURCE_SYSTEM, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->exists, 2, id, (int)idlen, SQLITE_STATIC);
	existed = sqlite3_step(im->exists) == SQLITE_ROW;
	sqlite3_reset(im->exists);
	if (step_done(im, im->upsert, err))
		return -1;
	if (!existed)
		r->incidents_new++;
	else if (sqlite3_changes(im->db) > 0)
		r->incidents_updated++;
	else
		r->incidents_unchanged++;
	return 0;
}

static int process_row(struct imp *im, const struct recur_csv_field *f, size_t n, long line,
		       struct recur_error *err)
{
	sqlite3_stmt *st = im->upsert;
	const char *v, *id;
	size_t len, idlen;
	int k;

	sqlite3_clear_bindings(st);
	sqlite3_bind_int64(st, P_SOURCE_ID, im->source_id);
	sqlite3_bind_text(st, P_SYSTEM, SOURCE_SYSTEM, -1, SQLITE_STATIC);
	if (!(id = row_id(im, f, n, &idlen)))
		return reject(im, F_EXT_ID, line, "", 0, "an id (no id, title or opened time: row skipped)", err);
	sqlite3_bind_text(st, im->param[F_EXT_ID], id, (int)idlen, SQLITE_STATIC);
	recur_buf_reset(&im->preview);
	if (im->r->npreview < 3)
		recur_buf_addf(&im->preview, "%s %ld: ext_id=%.*s", im->rows.json ? "record" : "line",
			       line, (int)idlen, id);
	for (k = 0; k < NFIELDS; k++) {
		if (k == F_EXT_ID || !(v = field_value(im, k, f, n, &len)))
			continue;
		if (bind_field(im, k, v, len, line, err))
			return -1;
	}
	if (build_extra(im, f, n))
		sqlite3_bind_text(st, P_EXTRA, im->extra.buf, (int)im->extra.len, SQLITE_STATIC);
	if (im->r->npreview < 3)
		snprintf(im->r->preview[im->r->npreview++], sizeof(im->r->preview[0]), "%s",
			 im->preview.buf);
	return upsert_row(im, id, idlen, err);
}

static void progress(struct imp *im, long rows, size_t done)
{
	if (im->o->progress)
		im->o->progress(im->path, (long long)done, (long long)im->rows.len, rows,
				im->o->progress_ctx);
}

static size_t rows_offset(const struct imp *im)
{
	if (im->rows.json)
		return im->rows.j.arr->n ? im->rows.len * im->rows.j.idx / im->rows.j.arr->n : 0;
	return recur_csv_offset(&im->rows.csv);
}

/* Both passes over the rows. */
static int read_rows(struct imp *im, struct recur_error *err)
{
	const struct recur_csv_field *f;
	size_t n;
	long line, rows = 0;
	int r;

	while ((r = rows_next(im, &f, &n, &line, err)) == 1)
		scan_row(im, f, n, line);
	if (r < 0 || decide_orders(im, err))
		return -1;
	rows_rewind(im);
	while ((r = rows_next(im, &f, &n, &line, err)) == 1) {
		if (process_row(im, f, n, line, err))
			return -1;
		if (++rows % 16384 == 0)
			progress(im, rows, rows_offset(im));
	}
	im->r->rows = rows;
	if (r == 0)
		progress(im, rows, im->rows.len);
	return r;
}

/* ---- the file ---- */

static int detect(struct imp *im, struct recur_error *err)
{
	const char *p = im->rows.buf, *e = p + im->rows.len;
	const char *fmt = im->o->format;
	struct recur_import_result *r = im->r;

	if (e - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "json"))
		return recur_error_usage(err, "unknown format '%s': use csv or json", fmt);
	if (fmt) {
		im->rows.json = !strcmp(fmt, "json");
		snprintf(r->why, sizeof(r->why), "--format %s", fmt);
	} else if (p < e && (*p == '[' || *p == '{')) {
		im->rows.json = 1;
		snprintf(r->why, sizeof(r->why), "the first character is '%c'", *p);
	}
	snprintf(r->format, sizeof(r->format), "%s", im->rows.json ? "json" : "csv");
	if (im->rows.json)
		return jrows_open(&im->rows.j, im->rows.buf, im->rows.len, im->path, err);
	recur_csv_init(&im->rows.csv, im->rows.buf, im->rows.len, im->path, 0);
	if (!fmt)
		snprintf(r->why, sizeof(r->why), "not JSON; the header line splits on '%s'",
			 im->rows.csv.delim == '\t' ? "TAB" : (char[]){ im->rows.csv.delim, 0 });
	return 0;
}

static int add_source(struct imp *im, const char *sha, struct recur_error *err)
{
	sqlite3_stmt *st;
	int r;

	if (recur_db_prepare(im->db, "INSERT INTO sources (path, format, sha256, imported_at) "
				     "VALUES (?1, ?2, ?3, ?4)", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, im->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->r->format, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, im->o->now);
	r = step_done(im, st, err);
	sqlite3_finalize(st);
	im->source_id = sqlite3_last_insert_rowid(im->db);
	return r;
}

static int finish_source(struct imp *im, struct recur_error *err)
{
	sqlite3_stmt *st;
	int r;

	if (recur_db_prepare(im->db, "UPDATE sources SET rows_read = ?1, rows_rejected = ?2, "
				     "date_order = ?3 WHERE id = ?4", &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, im->r->rows);
	sqlite3_bind_int64(st, 2, im->r->values_rejected);
	if (im->r->date_order[0])
		sqlite3_bind_text(st, 3, im->r->date_order, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, im->source_id);
	r = step_done(im, st, err);
	sqlite3_finalize(st);
	return r;
}

static void summarise(struct imp *im)
{
	struct recur_import_result *r = im->r;
	struct recur_buf b = RECUR_BUF_INIT;
	int k;

	imp_map_describe(&im->map, r->mapping, sizeof(r->mapping));
	if (im->sev0)
		recur_buf_adds(&b, "severity on the SEV0 scale (SEV0 = 1 … SEV4 = 5)");
	if (im->map.derived_id)
		recur_buf_addf(&b, "%sids derived from title and opened time", b.len ? "; " : "");
	snprintf(r->notes, sizeof(r->notes), "%s", b.buf);
	recur_buf_reset(&b);
	for (k = 0; k < NFIELDS; k++)
		if (im->rejects[k])
			recur_buf_addf(&b, "%s%s %ld", b.len ? ", " : "", imp_fields[k].name, im->rejects[k]);
	snprintf(r->rejected_fields, sizeof(r->rejected_fields), "%s", b.buf);
	recur_buf_release(&b);
}

static int import_body(struct imp *im, const char *sha, struct recur_error *err)
{
	if (imp_map_load(im->db, &im->map, err) || detect(im, err) || rows_header(im, err))
		return -1;
	imp_map_describe(&im->map, im->r->mapping, sizeof(im->r->mapping));
	if (add_source(im, sha, err) || prepare(im, err) || read_rows(im, err) ||
	    finish_source(im, err))
		return -1;
	summarise(im);
	return 0;
}

static int seen_before(sqlite3 *db, const char *sha, int *seen, struct recur_error *err)
{
	sqlite3_stmt *st;

	if (recur_db_prepare(db, "SELECT 1 FROM sources WHERE sha256 = ?1", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	*seen = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return 0;
}

static void release(struct imp *im)
{
	sqlite3_finalize(im->upsert);
	sqlite3_finalize(im->exists);
	sqlite3_finalize(im->reject);
	if (im->rows.json)
		jrows_release(&im->rows.j);
	else
		recur_csv_release(&im->rows.csv);
	imp_map_release(&im->map);
	recur_buf_release(&im->extra);
	recur_buf_release(&im->id);
	recur_buf_release(&im->preview);
}

int recur_import_file(sqlite3 *db, const char *path, const struct recur_import_opts *opts,
		      struct recur_import_result *r, struct recur_error *err)
{
	struct recur_buf data = RECUR_BUF_INIT;
	struct imp im;
	char sha[65];
	int rc = -1, seen;

	memset(r, 0, sizeof(*r));
	memset(&im, 0, sizeof(im));
	recur_buf_init(&im.extra, 0);
	recur_buf_init(&im.id, 0);
	recur_buf_init(&im.preview, 0);
	recur_buf_init(&im.rows.j.text, 0);
	recur_buf_init(&im.rows.j.name, 0);
	if (recur_buf_read_file(&data, path)) {
		recur_error_at(err, path, 0, 0, "cannot read the file: %s; check the path",
			       strerror(errno));
		goto out;
	}
	recur_sha256_hex(data.buf, data.len, sha);
	if (seen_before(db, sha, &seen, err))
		goto out;
	if (seen) {
		r->already_imported = 1;
		rc = 0;
		goto out;
	}
	im.db = db;
	im.path = path;
	im.o = opts;
	im.r = r;
	im.rows.buf = data.buf;
	im.rows.len = data.len;
	/* a bigger page cache keeps a large file's index updates off the disk until commit */
	if (data.len > (4u << 20) && recur_db_exec(db, "PRAGMA cache_size = -262144", err))
		goto out;
	if (recur_db_begin(db, err))
		goto out;
	rc = import_body(&im, sha, err);
	if (rc || opts->dry_run)
		recur_db_rollback(db);
	else if ((rc = recur_db_commit(db, err)))
		recur_db_rollback(db);
	release(&im);
out:
	recur_buf_release(&data);
	return rc;
}

/* ---- paths ---- */

static int wanted(const char *name)
{
	static const char *exts[] = { ".csv", ".tsv", ".txt", ".json" };
	size_t i, n = strlen(name);

	if (name[0] == '.')
		return 0;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t e = strlen(exts[i]);

		if (n > e && !strcasecmp(name + n - e, exts[i]))
			return 1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int expand_dir(const char *dir, char ***out, int *nout, size_t *cap, struct recur_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int first = *nout;
	struct stat st;

	if (!d)
		return recur_error_at(err, dir, 0, 0, "cannot read the folder: %s", strerror(errno));
	while ((e = readdir(d))) {
		struct recur_buf p = RECUR_BUF_INIT;

		if (!wanted(e->d_name))
			continue;
		recur_buf_addf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (stat(p.buf, &st) || !S_ISREG(st.st_mode)) {
			recur_buf_release(&p);
			continue;
		}
		xgrow((void **)out, cap, (size_t)*nout + 1, sizeof(**out));
		(*out)[(*nout)++] = recur_buf_detach(&p, NULL);
	}
	closedir(d);
	qsort(*out + first, (size_t)(*nout - first), sizeof(**out), cmp_str);
	return 0;
}

int recur_import_expand(char *const *paths, int npaths, char ***out, int *nout,
			struct recur_error *err)
{
	size_t cap = 0;
	struct stat st;
	int i;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < npaths; i++) {
		if (stat(paths[i], &st)) {
			recur_error_at(err, paths[i], 0, 0, "cannot read: %s; check the path",
				       strerror(errno));
			goto fail;
		}
		if (S_ISDIR(st.st_mode)) {
			if (expand_dir(paths[i], out, nout, &cap, err))
				goto fail;
			continue;
		}
		xgrow((void **)out, &cap, (size_t)*nout + 1, sizeof(**out));
		(*out)[(*nout)++] = xstrdup(paths[i]);
	}
	return 0;
fail:
	while (*nout > 0)
		free((*out)[--*nout]);
	free(*out);
	*out = NULL;
	return -1;
}
