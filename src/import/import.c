/*
 * import.c — one export file into the store, in one transaction.
 *
 * Wires the three parts of an import (import_int.h): opens the reader
 * (import_read.c: the mapped bytes and their sha256 — the same bytes are
 * never imported twice), routes postmortems (.md) to postmortem.h, and
 * otherwise picks the format: --format, else the best scoring profile
 * (import_profile.c), else the generic csv/json alias mapping. Then maps
 * the header (import_map.c) into the converter and hands the rows to
 * import_rows.c or, for event logs, import_eventlog.c, which feed the
 * writer (import_write.c). Folders are expanded in import_expand.c. It
 * never prints.
 */
#include "import_int.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/postmortem.h"
#include "recur/similar.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), e = strlen(suffix);

	return n > e && !strcasecmp(s + n - e, suffix);
}

static int is_postmortem(const char *path, const struct recur_import_opts *o)
{
	if (o->format)
		return !strcmp(o->format, "postmortem");
	return ends_with(path, ".md") || ends_with(path, ".markdown") || ends_with(path, ".md.gz") ||
	       ends_with(path, ".markdown.gz");
}

/* ---- what the file got wrong ---- */

void imp_warn(struct recur_import_result *r, const char *fmt, ...)
{
	char *w = r->warnings;
	size_t used = strlen(w);
	va_list ap;

	if (used + 2 >= sizeof(r->warnings))
		return;
	if (used)
		w[used++] = '\n';
	va_start(ap, fmt);
	vsnprintf(w + used, sizeof(r->warnings) - used, fmt, ap);
	va_end(ap);
}

/* ---- choosing the format ---- */

static const char *skip_space(const char *p, const char *e)
{
	if (e - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

static int forced_profile(struct imp *im, int json, struct recur_error *err)
{
	const char *fmt = im->o->format;
	const struct imp_profile *p;

	if (!strcmp(fmt, "csv") || !strcmp(fmt, "json"))
		return 0;
	if (!(p = imp_profile_find(im->cv.map.ps, fmt)))
		return recur_error_usage(err, "unknown format '%s': see `recur import --list-formats`",
					 fmt);
	if (p->json != json && strcmp(fmt, "events"))
		return recur_error_at(err, im->path, 0, 0, "format '%s' reads %s, but the file is "
				      "%s: check the file or the --format", fmt, p->json ? "JSON" : "CSV",
				      json ? "JSON" : "CSV");
	im->cv.map.prof = p;
	return 0;
}

static void choose(struct imp *im, int json, const struct imp_detect *d)
{
	struct recur_import_result *r = im->r;

	if (im->o->format) {
		snprintf(r->why, sizeof(r->why), "--format %s", im->o->format);
		return;
	}
	if (d->best >= 0) {
		im->cv.map.prof = &im->cv.map.ps->p[d->best];
		snprintf(r->why, sizeof(r->why), "%s", d->why);
	} else if (json) {
		snprintf(r->why, sizeof(r->why), "JSON; no format's signature matched: keys "
			 "matched by alias");
	} else {
		snprintf(r->why, sizeof(r->why), "not JSON; the header line splits on '%s'; no "
			 "format's signature matched: headers matched by alias",
			 im->rd.csv.delim == '\t' ? "TAB" : (char[]){ im->rd.csv.delim, 0 });
	}
}

static void seen_release(struct imp_seen *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->keys[i]);
	free(s->keys);
}

/* Column (in characters) of header field f, or 0 when it is not a slice of the line. */
static long header_col(const struct recur_csv *c, const struct recur_csv_field *f)
{
	const char *s = c->buf, *p = f->ptr;
	long col = 1;

	if (c->end - s >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	if (p < s || p > c->end)
		return 0;
	if (p > s && p[-1] == '"')
		p--;
	for (; s < p; s++) {
		if (*s == '\n' || *s == '\r')
			return 0;
		col += ((unsigned char)*s & 0xC0) != 0x80;
	}
	return col;
}

/*
 * A header name given twice is only a problem when a field reads one of the
 * columns and not the other (an alias picks one): profiles that read every
 * column of a name (Jira's Labels, Comment) and unread columns are fine.
 */
static void warn_duplicates(struct imp *im, const struct recur_csv_field *f, size_t n)
{
	const struct imp_map *m = &im->cv.map;
	char (*norm)[128] = xcalloc(n ? n : 1, sizeof(*norm));
	struct recur_buf cols = RECUR_BUF_INIT;
	size_t i, j, times, other, c;
	char where[32];
	long col;
	int k, s, t;

	for (i = 0; i < n; i++)
		imp_normalise(f[i].ptr, f[i].len, norm[i], sizeof(norm[i]));
	for (k = 0; k < NFIELDS; k++) {
		for (s = 0; s < m->nsrc[k]; s++) {
			c = (size_t)m->src[k][s].col;
			for (j = 0, times = 0, other = n; j < n; j++) {
				if (strcmp(norm[j], norm[c]))
					continue;
				times++;
				for (t = 0; t < m->nsrc[k] && (size_t)m->src[k][t].col != j; t++)
					;
				if (t == m->nsrc[k] && other == n)
					other = j; /* a column of that name the field does not read */
			}
			if (other == n)
				continue;
			recur_buf_reset(&cols);
			for (j = 0, i = 0; j < n; j++)
				if (!strcmp(norm[j], norm[c]))
					recur_buf_addf(&cols, "%s%zu", !i++ ? "" : i == times ? " and " : ", ",
						       j + 1);
			col = header_col(&im->rd.csv, &f[other]);
			snprintf(where, sizeof(where), ":1:%ld", col);
			imp_warn(im->r, "%s%s: column '%s' appears %s%s (columns %s): column %zu is read; "
				 "rename %s in the header line to read %s instead", im->path,
				 col ? where : ":1", m->head[c], times == 2 ? "twice" : "",
				 times == 2 ? "" : "more than twice", cols.buf, c + 1,
				 times == 2 ? "the other" : "the others", times == 2 ? "it" : "one");
			break;
		}
	}
	recur_buf_release(&cols);
	free(norm);
}

/* Lines a report puts above its header ("Incident report - generated …",
 * a blank line, "Incidents;;;"): records with at most one field filled.
 * The header is the first record with two, among the first PREAMBLE_MAX. */
#define PREAMBLE_MAX 10

static size_t filled(const struct recur_csv *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->nfields; i++)
		n += c->fields[i].len > 0;
	return n;
}

/* Opens c at the header: past a preamble, with the delimiter the header
 * line uses (a title line above it may have none, or another). */
static void csv_at_header(struct imp *im, struct recur_csv *c)
{
	struct recur_error ignore;
	const char *header = NULL;
	long k, skip = 0;
	char delim = 0;

	recur_csv_init(c, im->rd.buf, im->rd.len, im->path, 0);
	c->max_field = im->rd.max_field;
	c->max_cols = im->rd.max_cols;
	for (k = 0; k < PREAMBLE_MAX; k++) {
		const char *at = c->p;

		if (recur_csv_next(c, &ignore) != 1)
			break;
		if (filled(c) >= 2) {
			skip = k;
			header = at;
			break;
		}
	}
	if (header && skip)
		delim = recur_csv_detect_delim(header, (size_t)(im->rd.buf + im->rd.len - header));
	recur_csv_release(c);
	recur_csv_init(c, im->rd.buf, im->rd.len, im->path, delim);
	c->max_field = im->rd.max_field;
	c->max_cols = im->rd.max_cols;
	for (k = 0; k < skip; k++)
		recur_csv_next(c, &ignore);
	im->rd.preamble = skip;
}

/* CSV: reads the header, detects, maps. */
static int open_csv(struct imp *im, struct imp_detect *d, struct recur_error *err)
{
	struct recur_csv *c = &im->rd.csv;
	struct imp_seen seen = { NULL, 0, NULL };
	char norm[128];
	size_t i;
	int r;

	csv_at_header(im, c);
	if ((r = recur_csv_next(c, err)) == 0)
		return recur_error_at(err, im->path, 0, 0, "the file is empty: export the incidents "
				      "with a header line");
	if (r < 0)
		return -1;
	seen.keys = xcalloc(c->nfields ? c->nfields : 1, sizeof(*seen.keys));
	for (i = 0; i < c->nfields; i++) {
		imp_normalise(c->fields[i].ptr, c->fields[i].len, norm, sizeof(norm));
		seen.keys[seen.n++] = xstrdup(norm);
	}
	im->rd.nhead = c->nfields;
	imp_detect(im->cv.map.ps, 0, &seen, d);
	seen_release(&seen);
	if (im->o->format && forced_profile(im, 0, err))
		return -1;
	choose(im, 0, d);
	if (imp_map_header(&im->cv.map, c->fields, c->nfields, im->o, 0, im->path, d, err))
		return -1;
	warn_duplicates(im, c->fields, c->nfields);
	return 0;
}

/* Records a JSON tree holds whole at the head of a long list (detection
 * looks at the first; the rest are parsed one at a time when read). */
#define JSON_HEAD 64

static void parsed_to(void *ctx, size_t offset)
{
	imp_drop_behind(ctx, offset);
}

/* JSON: parses, detects, opens the records, maps the key union and paths. */
static int open_json(struct imp *im, struct imp_detect *d, struct recur_error *err)
{
	struct jrows *j = &im->rd.j;
	struct imp_seen seen = { NULL, 0, NULL };
	struct recur_csv_field *h;
	size_t i;
	int r;

	/* the tree keeps the head of long record lists; their other records are
	 * read from the file one at a time (each read of it hands pages back) */
	if (jrows_parse(j, im->rd.buf, im->rd.len, im->path, JSON_HEAD, parsed_to, &im->rd, err))
		return -1;
	imp_read_through(&im->rd);
	j->rd = &im->rd;
	seen.root = j->root;
	imp_detect(im->cv.map.ps, 1, &seen, d);
	if (im->o->format && forced_profile(im, 1, err))
		return -1;
	choose(im, 1, d);
	if (jrows_open(j, im->path, im->cv.map.prof ? im->cv.map.prof->records : NULL, err))
		return -1;
	imp_read_through(&im->rd);
	if (!j->nrecs) { /* nothing to map: no keys to read a layout from */
		jrows_set_paths(j, NULL, 0);
		imp_warn(im->r, "%s: the list holds no records: nothing imported; check the export's "
			 "filters and date range", im->path);
		return 0;
	}
	h = xcalloc(j->n ? j->n : 1, sizeof(*h));
	for (i = 0; i < j->n; i++)
		h[i].ptr = j->names[i], h[i].len = strlen(j->names[i]);
	r = imp_map_header(&im->cv.map, h, j->n, im->o, 1, im->path, d, err);
	free(h);
	if (!r)
		jrows_key_fallback(j, &im->cv.map);
	if (!r)
		jrows_set_paths(j, im->cv.map.head + j->n, im->cv.map.nhead - j->n);
	return r;
}

static int open_rows(struct imp *im, struct imp_detect *d, struct recur_error *err)
{
	const char *p = skip_space(im->rd.buf, im->rd.buf + im->rd.len);
	const char *fmt = im->o->format;
	int json;

	if (fmt && !strcmp(fmt, "json"))
		json = 1;
	else if (fmt && !strcmp(fmt, "csv"))
		json = 0;
	else if (fmt && imp_profile_find(im->cv.map.ps, fmt) && strcmp(fmt, "events"))
		json = imp_profile_find(im->cv.map.ps, fmt)->json;
	else
		json = p < im->rd.buf + im->rd.len && (*p == '[' || *p == '{');
	if (p == im->rd.buf + im->rd.len && (json || ends_with(im->path, ".json") ||
						  ends_with(im->path, ".json.gz")))
		return recur_error_at(err, im->path, 0, 0, "the file is empty: export the incidents "
				      "again");
	im->rd.json = json;
	im->r->json = json;
	if (json ? open_json(im, d, err) : open_csv(im, d, err))
		return -1;
	snprintf(im->r->format, sizeof(im->r->format), "%s",
		 im->cv.map.prof ? im->cv.map.prof->name : json ? "json" : "csv");
	snprintf(im->r->source_system, sizeof(im->r->source_system), "%s",
		 im->cv.map.prof ? im->cv.map.prof->source_system : "generic");
	return 0;
}

/* ---- the fingerprint ---- */

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

/* Rows with more or fewer fields than the header: read, but said. */
static void warn_ragged(struct imp *im)
{
	const struct imp_reader *rd = &im->rd;
	struct recur_buf b = RECUR_BUF_INIT;
	long i;

	if (!rd->ragged)
		return;
	for (i = 0; i < rd->ragged && i < 3; i++)
		recur_buf_addf(&b, "%sline %ld: %zu field%s", i ? ", " : "", rd->ragged_line[i],
			       rd->ragged_n[i], rd->ragged_n[i] == 1 ? "" : "s");
	if (rd->ragged > 3)
		recur_buf_adds(&b, ", …");
	imp_warn(im->r, "%s: %ld row%s %s not have the header's %zu fields (%s): missing fields "
		 "are empty, extra fields are ignored", im->path, rd->ragged,
		 rd->ragged == 1 ? "" : "s", rd->ragged == 1 ? "does" : "do", rd->nhead, b.buf);
	recur_buf_release(&b);
}

static void summarise(struct imp *im)
{
	const struct imp_converter *cv = &im->cv;
	struct recur_import_result *r = im->r;
	struct recur_buf b = RECUR_BUF_INIT;
	int k;

	imp_map_describe(&cv->map, r->mapping, sizeof(r->mapping));
	if (cv->map.prof && cv->map.prof->event_log)
		recur_buf_addf(&b, "event log: %ld rows collapsed to %ld incidents, %ld status "
			       "events", r->rows, r->incidents_new + r->incidents_updated +
			       r->incidents_unchanged, r->events);
	else if (r->events)
		recur_buf_addf(&b, "%ld timeline events", r->events);
	if (cv->sev0)
		recur_buf_addf(&b, "%sseverity on the SEV0 scale (SEV0 = 1 … SEV4 = 5)",
			       b.len ? "; " : "");
	if (cv->map.derived_id)
		recur_buf_addf(&b, "%sids derived from title and opened time", b.len ? "; " : "");
	if (im->rd.xes_events)
		recur_buf_addf(&b, "%sXES log: %ld trace%s, %ld event%s", b.len ? "; " : "",
			       im->rd.xes_traces, im->rd.xes_traces == 1 ? "" : "s",
			       im->rd.xes_events, im->rd.xes_events == 1 ? "" : "s");
	if (im->rd.preamble)
		recur_buf_addf(&b, "%s%ld title line%s above the header skipped", b.len ? "; " : "",
			       im->rd.preamble, im->rd.preamble > 1 ? "s" : "");
	if (cv->date_from_lang)
		recur_buf_addf(&b, "%sambiguous dates read day-first, as %s exports write them",
			       b.len ? "; " : "", cv->map.ps->langs[cv->map.lang].name);
	if (im->o->source_tz)
		recur_buf_addf(&b, "%snaive times read in %s", b.len ? "; " : "", im->o->source_tz);
	snprintf(r->notes, sizeof(r->notes), "%s", b.buf);
	recur_buf_reset(&b);
	for (k = 0; k < NFIELDS; k++)
		if (cv->rejects[k])
			recur_buf_addf(&b, "%s%s %ld", b.len ? ", " : "", imp_fields[k].name,
				       cv->rejects[k]);
	snprintf(r->rejected_fields, sizeof(r->rejected_fields), "%s", b.buf);
	recur_buf_release(&b);
	if (!im->rd.json)
		warn_ragged(im);
}

int imp_begin_writes(struct imp *im, struct recur_error *err)
{
	const char *sha = imp_file_sha256(im->rd.file);
	unsigned char fills[IMP_NPARAM];
	int seen;

	if (seen_before(im->db, sha, &seen, err))
		return -1;
	/* options that change how the bytes read (a wrong day/month guess
	 * corrected) re-import them; otherwise the same bytes change nothing */
	if (seen && !im->o->date_order && !im->o->format && !im->o->nmaps && !im->o->source_tz) {
		im->r->already_imported = 1;
		return 1;
	}
	if (imp_write_source(&im->wr, im->path, im->r->format, sha, im->o->now, err))
		return -1;
	if (is_postmortem(im->path, im->o))
		return 0; /* postmortem_store.c writes its own rows */
	if (!im->cv.first_same)
		imp_convert_setup(&im->cv);
	imp_convert_fills(&im->cv, fills);
	return imp_write_prepare(&im->wr, fills, err);
}

/* 0 done, 1 already imported, -1 error. */
static int import_rows(struct imp *im, struct recur_error *err)
{
	struct imp_detect d;
	struct recur_db_bulk *b = &im->bulk;
	size_t bytes = im->o->dry_run ? 0 : im->rd.len;
	int r;

	if (imp_profiles_get(im->db, &im->cv.map.ps, err) || open_rows(im, &d, err) ||
	    recur_db_bulk_drop_indexes(im->db, "incidents", bytes, b, err))
		return recur_db_bulk_rebuild(im->db, b, 0, err), -1;
	imp_map_describe(&im->cv.map, im->r->mapping, sizeof(im->r->mapping));
	imp_map_language(&im->cv.map, im->r->headers, sizeof(im->r->headers));
	r = im->cv.map.prof && im->cv.map.prof->event_log ? imp_read_eventlog(im, err) :
	    imp_read_rows(im, err);
	if (recur_db_bulk_rebuild(im->db, b, !r, err))
		return -1;
	if (r)
		return r;
	if (imp_write_source_end(&im->wr, err))
		return -1;
	summarise(im);
	return 0;
}

static int import_postmortem(struct imp *im, struct recur_error *err)
{
	int r;

	snprintf(im->r->format, sizeof(im->r->format), "postmortem");
	snprintf(im->r->why, sizeof(im->r->why), "%s", im->o->format ? "--format postmortem" :
		 "the file name ends in .md");
	if ((r = imp_begin_writes(im, err)))
		return r;
	if (recur_postmortem_import(im->db, im->wr.source_id, im->path, im->rd.buf, im->rd.len,
				    im->o, im->r, err))
		return -1;
	return imp_write_source_end(&im->wr, err);
}

static void release(struct imp *im)
{
	imp_write_finalize(&im->wr);
	if (im->rd.json)
		jrows_release(&im->rd.j);
	else
		recur_csv_release(&im->rd.csv);
	imp_map_release(&im->cv.map);
	free(im->cv.first_same);
	recur_buf_release(&im->cv.extra);
	recur_buf_release(&im->cv.id);
	recur_buf_release(&im->cv.preview);
	recur_buf_release(&im->cv.objtext);
	imp_batch_release(&im->one);
	imp_tz_close(im->cv.tz);
	imp_file_close(im->rd.file);
}

/* RECUR_SIMILAR_SYNC=1: the import indexes its new incidents for `recur
 * similar` itself. By default `recur link` (or the first search) does: the
 * index costs about half of a big import, which otherwise beats sqlite3's
 * own .import. */
static int similar_sync(void)
{
	const char *v = getenv("RECUR_SIMILAR_SYNC");

	return v && !strcmp(v, "1");
}

/* The transaction around one file, with the bulk-load settings for its
 * length (store/bulk.c). Postmortem imports keep foreign keys on: their
 * replacement relies on cascades. */
static int run(struct imp *im, struct recur_error *err)
{
	int pm = is_postmortem(im->path, im->o), rc;

	recur_db_bulk_enter(im->db, im->rd.len, pm, &im->bulk);
	if (recur_db_begin(im->db, err)) {
		recur_db_bulk_leave(im->db, &im->bulk);
		return -1;
	}
	rc = pm ? import_postmortem(im, err) : import_rows(im, err);
	/* asked for: the similarity index takes the file's new incidents in
	 * the same transaction, in one pass (similar.h) */
	if (!rc && !im->o->dry_run && similar_sync())
		rc = recur_similar_sync(im->db, NULL, NULL, NULL, err);
	if (rc == 1) { /* the same bytes were imported before: nothing to do */
		memset(im->r, 0, sizeof(*im->r));
		im->r->already_imported = 1;
		rc = 0;
		recur_db_rollback(im->db);
	} else if (rc || im->o->dry_run) {
		recur_db_rollback(im->db);
	} else if ((rc = recur_db_commit(im->db, err))) {
		recur_db_rollback(im->db);
	}
	recur_db_bulk_leave(im->db, &im->bulk);
	return rc;
}

/* The three parts of one file's import, wired to each other. */
static void init(struct imp *im, sqlite3 *db, const char *path,
		 const struct recur_import_opts *o, struct recur_import_result *r)
{
	memset(im, 0, sizeof(*im));
	im->db = db;
	im->path = path;
	im->o = o;
	im->r = r;
	im->rd.path = path;
	im->rd.max_field = o->max_field;
	im->rd.max_cols = o->max_cols;
	recur_buf_init(&im->rd.j.text, 0);
	recur_buf_init(&im->rd.j.name, 0);
	im->cv.path = path;
	im->cv.o = o;
	im->cv.r = r;
	im->cv.rd = &im->rd;
	recur_buf_init(&im->cv.extra, 0);
	recur_buf_init(&im->cv.id, 0);
	recur_buf_init(&im->cv.preview, 0);
	recur_buf_init(&im->cv.objtext, 0);
	im->wr.db = db;
	im->wr.r = r;
	imp_batch_init(&im->one);
}

int recur_import_file(sqlite3 *db, const char *path, const struct recur_import_opts *opts,
		      struct recur_import_result *r, struct recur_error *err)
{
	struct imp im;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	init(&im, db, path, opts, r);
	if (imp_file_open(&im.rd.file, path, err))
		goto out;
	im.rd.buf = imp_file_bytes(im.rd.file, &im.rd.len);
	/* recur's own reviews and reports are never read back as data */
	if (imp_written_by_recur(im.rd.buf, im.rd.len, r->own_output, sizeof(r->own_output))) {
		rc = 0;
		goto out;
	}
	if (imp_file_check_binary(im.rd.file, path, err) ||
	    imp_file_decode(im.rd.file, path, opts, r, err) ||
	    imp_file_xes(im.rd.file, path, &im.rd.xes_traces, &im.rd.xes_events, err))
		goto out;
	im.rd.buf = imp_file_bytes(im.rd.file, &im.rd.len);
	imp_file_hash(im.rd.file);
	if (opts->source_tz && strcmp(opts->source_tz, "UTC") &&
	    imp_tz_open(&im.cv.tz, opts->source_tz, err))
		goto out;
	rc = run(&im, err);
out:
	release(&im);
	return rc;
}
