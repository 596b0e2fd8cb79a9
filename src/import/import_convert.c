/*
 * import_convert.c — the converter: one record's fields into one plain row.
 *
 * Each field reads its sources in priority order (import_map.c's mapping);
 * times parse in their column's day/month order (scanned over the file,
 * decided after it), severities through the vocabulary, unmapped columns
 * become the extra JSON. A value that cannot be read is kept NULL and
 * recorded as a reject. The result is an imp_row of values ready to bind,
 * in the batch: no database access, so it can run on the parser thread.
 */
#include "import_int.h"
#include "recur/mem.h"
#include "recur/sha256.h"
#include "recur/timeutil.h"
#include "recur/tz.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- naive times in a zone ---- */

struct imp_tz {
	struct recur_tz zone;   /* TZ set for the file, restored after */
	long long hour;         /* cache: naive hour and its offset */
	long long offset;
};

int imp_tz_open(struct imp_tz **out, const char *zone, struct recur_error *err)
{
	struct imp_tz *tz;

	*out = NULL;
	if (recur_tz_check(zone, "--source-tz", err))
		return -1;
	tz = xcalloc(1, sizeof(*tz));
	recur_tz_enter(&tz->zone, zone);
	tz->hour = LLONG_MIN;
	*out = tz;
	return 0;
}

void imp_tz_close(struct imp_tz *tz)
{
	if (!tz)
		return;
	recur_tz_leave(&tz->zone);
	free(tz);
}

/* Offsets change on the hour in every zone in use, so one mktime per naive hour. */
static long long tz_to_utc(struct imp_tz *tz, long long naive)
{
	long long hour = naive >= 0 ? naive / 3600 : (naive - 3599) / 3600;
	time_t t = (time_t)(hour * 3600);
	struct tm tm;

	if (hour != tz->hour) {
		gmtime_r(&t, &tm);
		tm.tm_isdst = -1;
		tz->offset = (long long)t - (long long)mktime(&tm);
		tz->hour = hour;
	}
	return naive - tz->offset;
}

/* ---- scanning ---- */

const char *imp_field_value(const struct imp_converter *cv, int k, const struct recur_csv_field *f,
			    size_t n, size_t *len, int *src)
{
	const struct imp_map *m = &cv->map;
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

void imp_scan_row(struct imp_converter *cv, const struct recur_csv_field *f, size_t n, long line)
{
	int k, i;

	for (k = 0; k < NFIELDS; k++) {
		for (i = 0; i < cv->map.nsrc[k]; i++) {
			int c = cv->map.src[k][i].col;
			const char *v;
			size_t len;

			if ((size_t)c >= n || !(v = imp_value(f[c].ptr, f[c].len, &len)))
				continue;
			if (imp_fields[k].kind == K_TIME && (cv->map.src[k][i].x == X_AUTO ||
							     cv->map.src[k][i].x == X_TEXT)) {
				recur_date_scan_add(&cv->scan[k], v, len, line);
			} else if (k == F_SEVERITY && !cv->sev0) {
				const struct imp_sevmap *m = imp_severity(&cv->map, v, len);

				cv->sev0 = m && !m->severity && m->sev0_scale;
			}
		}
	}
}

static int conflict(struct imp_converter *cv, int k, struct recur_error *err)
{
	const struct recur_date_scan *s = &cv->scan[k];
	long line = s->dmy_line > s->mdy_line ? s->dmy_line : s->mdy_line;
	const char *unit = cv->rd->json ? "record" : "line";

	return recur_error_at(err, cv->path, cv->rd->json ? 0 : line, 0,
			      "column '%s' mixes day-first dates ('%s', %s %ld) and month-first "
			      "dates ('%s', %s %ld): fix the export, or choose with --date-order "
			      "dmy or mdy (values that do not fit are kept empty and counted)",
			      cv->map.head[cv->map.col[k]], s->dmy_example, unit, s->dmy_line,
			      s->mdy_example, unit, s->mdy_line);
}

/*
 * Each time column's order: forced by --date-order (or the profile); else its
 * own evidence; else what the file's other columns showed (one export writes
 * one format); else month-first, reported as assumed.
 */
int imp_decide_orders(struct imp_converter *cv, struct recur_error *err)
{
	enum recur_date_order file = RECUR_DATE_AUTO, forced = cv->o->date_order, o, lang;
	enum recur_date_how how[NFIELDS];
	int k, any = 0, assumed = 0, mixed = 0;

	if (forced == RECUR_DATE_AUTO && cv->map.prof)
		forced = cv->map.prof->date_order;
	/* the headers' language, when its exports write the day first */
	lang = cv->map.lang >= 0 ? cv->map.ps->langs[cv->map.lang].date_order : RECUR_DATE_AUTO;
	cv->date_from_lang = 0;
	for (k = 0; k < NFIELDS; k++) {
		how[k] = RECUR_DATE_NONE;
		cv->order[k] = forced;
		if (imp_fields[k].kind != K_TIME || !cv->map.nsrc[k])
			continue;
		if (recur_date_scan_decide(&cv->scan[k], forced, &o, &how[k])) {
			if (forced == RECUR_DATE_AUTO)
				return conflict(cv, k, err);
			how[k] = RECUR_DATE_DECIDED;
		}
		cv->order[k] = forced != RECUR_DATE_AUTO ? forced : o;
		any |= how[k] != RECUR_DATE_NONE;
		if (how[k] == RECUR_DATE_DECIDED && file != o)
			mixed |= file != RECUR_DATE_AUTO, file = o;
	}
	for (k = 0; k < NFIELDS && forced == RECUR_DATE_AUTO; k++) {
		if (how[k] != RECUR_DATE_ASSUMED)
			continue;
		if (file != RECUR_DATE_AUTO && !mixed) {
			cv->order[k] = file;
		} else {
			assumed = 1;
			if (lang != RECUR_DATE_AUTO) /* 02/10/2024 in a French export: 2 October */
				cv->order[k] = lang, cv->date_from_lang = 1;
		}
	}
	if (!any)
		return 0;
	o = forced != RECUR_DATE_AUTO ? forced : file != RECUR_DATE_AUTO ? file :
	    lang != RECUR_DATE_AUTO ? lang : RECUR_DATE_MDY;
	snprintf(cv->r->date_order, sizeof(cv->r->date_order), "%s", o == RECUR_DATE_DMY ? "dmy" : "mdy");
	cv->r->date_order_assumed = forced == RECUR_DATE_AUTO && (file == RECUR_DATE_AUTO || assumed);
	return 0;
}


/* What conversion needs once per file: each field's upsert parameter (0 =
 * not stored) and, per column, the first column of the same name. */
void imp_convert_setup(struct imp_converter *cv)
{
	size_t c, d;
	int i, k;

	for (k = 0; k < NFIELDS; k++)
		for (i = 0, cv->param[k] = 0; i < IMP_NPARAM; i++)
			if (!strcmp(imp_fields[k].name, imp_upsert_cols[i]))
				cv->param[k] = i + 1;
	free(cv->first_same);
	cv->first_same = xcalloc(cv->map.nhead ? cv->map.nhead : 1, sizeof(*cv->first_same));
	for (c = 0; c < cv->map.nhead; c++) {
		for (d = 0; d < c && strcmp(cv->map.head[d], cv->map.head[c]); d++)
			;
		cv->first_same[c] = (int)d;
	}
}



/* Whether upsert parameter p can get a value from this file. */
static int can_have_value(const struct imp_converter *cv, int p)
{
	const struct imp_map *m = &cv->map;
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
		return cv->rd->json;
	}
	for (k = 0; k < NSTORED; k++)
		if (cv->param[k] == p)
			return m->nsrc[k] > 0 || (imp_fields[k].kind == K_TIME && m->prof &&
						  m->prof->event_log); /* filled from the log */
	return 1;
}

void imp_convert_fills(const struct imp_converter *cv, unsigned char fills[IMP_NPARAM])
{
	int p;

	for (p = 1; p <= IMP_NPARAM; p++)
		fills[p - 1] = (unsigned char)can_have_value(cv, p);
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

static void set_int(struct imp_converter *cv, int p, long long v)
{
	struct imp_val *x = &cv->cur->v[p - 1];

	x->type = V_INT;
	x->u.i = v;
}

/* Text that lives as long as the import (the mapped file, a profile's
 * label: lasting) is pointed to; other text (the CSV reader's scratch for
 * unescaped fields, JSON text, built values) is copied. */
static void set_text(struct imp_converter *cv, int p, const char *v, size_t len, int lasting)
{
	struct imp_val *x = &cv->cur->v[p - 1];
	uintptr_t a = (uintptr_t)v, from = (uintptr_t)cv->rd->buf;

	x->len = (int)len;
	if (lasting || (a >= from && a + len <= from + cv->rd->len)) {
		x->type = V_TEXT;
		x->u.s = v;
	} else {
		x->type = V_ARENA;
		x->u.off = arena_add(cv->batch, v, len);
	}
}

const char *imp_val_text(const struct imp_batch *b, const struct imp_val *x)
{
	return x->type == V_ARENA ? b->arena.buf + x->u.off : x->u.s;
}

/* ---- converting a row ---- */

/* A value that cannot be read as what (a noun: "a date and time"). */
static int reject(struct imp_converter *cv, int k, int col, long line, const char *v, size_t len,
		  const char *what, struct recur_error *err)
{
	struct recur_import_result *r = cv->r;
	const char *colname = col >= 0 ? cv->map.head[col] : "";
	struct imp_batch *b = cv->batch;
	struct imp_reject *j;

	if (cv->o->strict)
		return recur_error_at(err, cv->path, cv->rd->json ? 0 : line, 0,
				      "%s%.0ld%scannot read '%.*s' in %s '%s' as %s (field %s): fix "
				      "the value, or import without --strict to keep it empty and "
				      "count it", cv->rd->json ? "record " : "",
				      cv->rd->json ? line : 0L, cv->rd->json ? ": " : "",
				      (int)(len > 200 ? 200 : len), v, cv->rd->json ? "key" : "column",
				      colname, what, imp_fields[k].name);
	r->values_rejected++;
	cv->rejects[k]++;
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
	cv->cur->nrej++;
	return 0;
}

static void preview_add(struct imp_converter *cv, int k, const char *v, size_t len)
{
	if (cv->r->npreview >= 3)
		return;
	recur_buf_addf(&cv->preview, "%s%s=%.*s", cv->preview.len ? ", " : "", imp_fields[k].name,
		       (int)(len > 60 ? 60 : len), v);
}

int imp_parse_time(const struct imp_converter *cv, int k, const char *v, size_t len, long long *out)
{
	enum recur_date_order o = k >= 0 ? cv->order[k] : cv->o->date_order;
	char english[96];
	int zoned;

	/* "15/ene/24 10:05": once more with the month in English (time_words.c) */
	if (recur_time_parse_zoned(v, len, o, out, &zoned) &&
	    (len >= sizeof(english) || !cv->map.ps ||
	     !imp_time_english(cv->map.ps, v, len, english, sizeof(english)) ||
	     recur_time_parse_zoned(english, strlen(english), o, out, &zoned)))
		return -1;
	if (!zoned && cv->tz)
		*out = tz_to_utc(cv->tz, *out);
	return 0;
}

static void bind_time(struct imp_converter *cv, int k, long long t)
{
	char iso[32];

	cv->tval[k] = t;
	if (cv->param[k])
		set_int(cv, cv->param[k], t);
	if (cv->r->npreview < 3) {
		recur_time_iso(t, iso);
		preview_add(cv, k, iso, strlen(iso));
	}
}

/* A time field: a time, or a duration after opened_at. 1 = bound, 0 = rejected. */
static int time_value(struct imp_converter *cv, int k, enum imp_xform x, const char *v, size_t len,
		      long long *t)
{
	if (x == X_AUTO || x == X_TEXT)
		return imp_parse_time(cv, k, v, len, t) ? 0 : 1;
	if (cv->opened == LLONG_MIN || imp_parse_duration(v, len, x, t))
		return 0;
	*t += cv->opened;
	return 1;
}

static int bind_severity(struct imp_converter *cv, int k, int col, const char *v, size_t len, long line,
			 struct recur_error *err)
{
	const struct imp_sevmap *m;
	long long t;
	char num[24];

	set_text(cv, P_SEVERITY_LABEL, v, len, 0);
	m = imp_severity(&cv->map, v, len);
	if (m && !cv->sev0 && m->sev0_scale && m->sev0_scale != m->severity)
		cv->sev_early++; /* read on the SEV1 scale; a later SEV0 would change it */
	t = !m ? 0 : cv->sev0 && m->sev0_scale ? m->sev0_scale : m->severity;
	if (t < 1 || t > 5)
		return reject(cv, k, col, line, v, len, "a severity label in queries/severity-map.sql",
			      err);
	set_int(cv, cv->param[k], t);
	if (cv->r->npreview < 3) {
		snprintf(num, sizeof(num), "%lld", t);
		preview_add(cv, k, num, strlen(num));
	}
	return 0;
}

static void bind_text(struct imp_converter *cv, int k, const char *v, size_t len)
{
	int lasting = 0;

	if (k == F_STATUS && cv->map.prof && cv->map.prof->nstatus) {
		const struct imp_pstatus *s = imp_status(cv->map.ps, cv->map.prof, v, len);

		if (s && s->label)
			v = s->label, len = strlen(v), lasting = 1;
	}
	if (cv->param[k])
		set_text(cv, cv->param[k], v, len, lasting);
	preview_add(cv, k, v, len);
}

/* A JSON object with no text of its own (no display_value, name, …) where a
 * value is expected: rejected, with the object as JSON for the example. */
static int reject_object(struct imp_converter *cv, int k, int col, long line, struct recur_error *err)
{
	const struct recur_json *v = jpath_get(jrows_current(&cv->rd->j), cv->map.head[col]);

	recur_buf_reset(&cv->objtext);
	if (v)
		recur_json_write(v, &cv->objtext, 0);
	return reject(cv, k, col, line, cv->objtext.buf ? cv->objtext.buf : "", cv->objtext.len,
		      "a value: it is a JSON object with no display_value, name, summary, value "
		      "or title key", err);
}

/*
 * Converts field k from the row: its sources in priority order, the first
 * that reads wins; a value that reads as nothing is rejected (kept NULL) and
 * the next source is tried. fill, when not LLONG_MIN, is a time to use when
 * no source gives one (event logs).
 */
static int bind_field(struct imp_converter *cv, int k, const struct recur_csv_field *f, size_t n, long line,
		      long long fill, struct recur_error *err)
{
	const struct imp_map *m = &cv->map;
	int i;

	for (i = 0; i < m->nsrc[k]; i++) {
		int c = m->src[k][i].col;
		enum imp_xform x = m->src[k][i].x;
		const char *v;
		size_t len;
		long long t;

		if ((size_t)c >= n)
			continue;
		if (cv->rd->json && cv->rd->j.obj[c]) {
			if (reject_object(cv, k, c, line, err))
				return -1;
			continue;
		}
		if (!(v = imp_value(f[c].ptr, f[c].len, &len)))
			continue;
		if (imp_fields[k].kind == K_TIME) {
			if (time_value(cv, k, x, v, len, &t)) {
				bind_time(cv, k, t);
				return 0;
			}
			if (reject(cv, k, c, line, v, len, x == X_AUTO ? "a date and time" :
				   "a duration", err))
				return -1;
			continue;
		}
		if (x == X_TEXT || imp_fields[k].kind == K_TEXT) {
			bind_text(cv, k, v, len);
			return 0;
		}
		if (imp_fields[k].kind == K_SEVERITY)
			return bind_severity(cv, k, c, v, len, line, err);
		if (imp_parse_int(v, len, &t)) {
			if (reject(cv, k, c, line, v, len, "a whole number", err))
				return -1;
			continue;
		}
		cv->ival[k] = t;
		if (cv->param[k])
			set_int(cv, cv->param[k], t);
		preview_add(cv, k, v, len);
		return 0;
	}
	if (fill != LLONG_MIN && imp_fields[k].kind == K_TIME)
		bind_time(cv, k, fill);
	return 0;
}

/* Unmapped columns as a JSON object into cv->extra; 0 when there are none.
 * Repeated header names (Jira's Labels, Labels) give one key, values joined. */
static int build_extra(struct imp_converter *cv, const struct recur_csv_field *f, size_t n)
{
	const struct imp_map *m = &cv->map;
	size_t i, k, len, nhead = cv->rd->json ? cv->rd->j.n : m->nhead;
	const char *v;

	recur_buf_reset(&cv->extra);
	for (i = 0; i < n && i < nhead; i++) {
		size_t start;

		if (m->used[i] || !(v = imp_value(f[i].ptr, f[i].len, &len)))
			continue;
		if (cv->first_same[i] != (int)i && !m->used[cv->first_same[i]])
			continue; /* joined into the first column of that name */
		recur_buf_addch(&cv->extra, cv->extra.len ? ',' : '{');
		recur_json_write_string(&cv->extra, m->head[i], strlen(m->head[i]));
		recur_buf_addch(&cv->extra, ':');
		start = cv->extra.len;
		recur_json_write_string(&cv->extra, v, len);
		for (k = i + 1; k < n && k < nhead; k++) {
			size_t kl;
			const char *kv;

			if (m->used[k] || cv->first_same[k] != (int)i ||
			    !(kv = imp_value(f[k].ptr, f[k].len, &kl)))
				continue;
			/* reopen the string and append "; value" */
			cv->extra.buf[--cv->extra.len] = '\0';
			recur_buf_adds(&cv->extra, "; ");
			start = cv->extra.len;
			recur_json_write_string(&cv->extra, kv, kl);
			memmove(cv->extra.buf + start, cv->extra.buf + start + 1, cv->extra.len - start - 1);
			cv->extra.buf[--cv->extra.len] = '\0';
			cv->extra.buf[cv->extra.len - 1] = '"';
		}
	}
	if (!cv->extra.len)
		return 0;
	recur_buf_addch(&cv->extra, '}');
	return 1;
}

const char *imp_row_id(struct imp_converter *cv, const struct recur_csv_field *f, size_t n, size_t *len)
{
	const char *title, *opened, *id = cv->map.derived_id ? NULL :
					  imp_field_value(cv, F_EXT_ID, f, n, len, NULL);
	size_t tl, ol;
	char hex[65];
	struct recur_buf key = RECUR_BUF_INIT;

	if (id || !(title = imp_field_value(cv, F_TITLE, f, n, &tl, NULL)) ||
	    !(opened = imp_field_value(cv, F_OPENED_AT, f, n, &ol, NULL)))
		return id;
	recur_buf_add(&key, title, tl);
	recur_buf_addch(&key, '\x1f');
	recur_buf_add(&key, opened, ol);
	recur_sha256_hex(key.buf, key.len, hex);
	recur_buf_release(&key);
	recur_buf_reset(&cv->id);
	recur_buf_add(&cv->id, hex, 16);
	*len = 16;
	return cv->id.buf;
}

int imp_convert_row(struct imp_converter *cv, struct imp_batch *b, const struct recur_csv_field *f,
		    size_t n, long line, const long long *over, struct recur_error *err)
{
	struct imp_row *row;
	const char *id;
	size_t idlen;
	int k;

	xgrow((void **)&b->rows, &b->cap, b->n + 1, sizeof(*b->rows));
	row = cv->cur = &b->rows[b->n++];
	cv->batch = b;
	row->line = line;
	row->write = 0;
	row->rej = b->nrej;
	row->nrej = 0;
	for (k = 0; k < IMP_NPARAM; k++)
		row->v[k].type = V_NULL;
	if (!(id = imp_row_id(cv, f, n, &idlen)))
		return reject(cv, F_EXT_ID, cv->map.col[F_EXT_ID], line, "", 0,
			      "an id (no id, title or opened time: row skipped)", err);
	row->write = 1;
	set_text(cv, P_EXT_ID, id, idlen, 0);
	recur_buf_reset(&cv->preview);
	if (cv->r->npreview < 3)
		recur_buf_addf(&cv->preview, "%s %ld: ext_id=%.*s", cv->rd->json ? "record" : "line",
			       line, (int)idlen, id);
	cv->opened = LLONG_MIN;
	for (k = 0; k < NFIELDS; k++) {
		cv->tval[k] = cv->ival[k] = LLONG_MIN;
		if (k == F_EXT_ID || k >= NSTORED)
			continue;
		if (bind_field(cv, k, f, n, line, over ? over[k] : LLONG_MIN, err))
			return -1;
		if (k == F_OPENED_AT)
			cv->opened = cv->tval[k];
	}
	if (build_extra(cv, f, n))
		set_text(cv, P_EXTRA, cv->extra.buf, cv->extra.len, 0);
	if (b->full)
		return recur_error_at(err, cv->path, cv->rd->json ? 0 : line, 0,
				      "%s%.0ld%sthe row's text is larger than recur can hold "
				      "(%zu bytes): split the field or leave it out of the export",
				      cv->rd->json ? "record " : "", cv->rd->json ? line : 0L,
				      cv->rd->json ? ": " : "", (size_t)RECUR_BUF_DEFAULT_MAX);
	if (cv->r->npreview < 3)
		snprintf(cv->r->preview[cv->r->npreview++], sizeof(cv->r->preview[0]), "%s",
			 cv->preview.buf);
	return 0;
}


/* The orders a pass reads numeric dates in before the file is seen: the
 * forced one, or AUTO (31/01 day-first, 01/31 and 01/02 month-first). */
void imp_guess_orders(struct imp_converter *cv)
{
	enum recur_date_order forced = cv->o->date_order;
	int k;

	if (forced == RECUR_DATE_AUTO && cv->map.prof)
		forced = cv->map.prof->date_order;
	for (k = 0; k < NFIELDS; k++)
		cv->order[k] = forced;
}

/*
 * Whether a value the pass read differs from how the decided orders and
 * scale read it. AUTO reads like month-first but for day-first evidence, so
 * a column decided month-first is only wrong when it has day-first values
 * (a conflict, already an error), and one decided day-first when it has
 * month-first or ambiguous ones.
 */
int imp_guessed_wrong(const struct imp_converter *cv, const enum recur_date_order *guess)
{
	int k;

	if (cv->sev0 && cv->sev_early)
		return 1;
	for (k = 0; k < NFIELDS; k++) {
		const struct recur_date_scan *s = &cv->scan[k];

		if (guess[k] != RECUR_DATE_AUTO || imp_fields[k].kind != K_TIME)
			continue;
		if (cv->order[k] == RECUR_DATE_DMY ? s->mdy || s->ambiguous : s->dmy)
			return 1;
	}
	return 0;
}

