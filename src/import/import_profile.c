/*
 * import_profile.c — format profiles as data, and detection.
 *
 * A profile is queries/formats/NAME.sql: INSERTs into the TEMP tables made
 * here (format_profile, format_signature, format_field, format_status,
 * format_severity, format_event, format_milestone; see queries/formats/README.md). They are run
 * through share.h, so a --share folder adds or replaces a format, and read
 * into C structures once per process (and share folder): a folder of a
 * thousand files does not re-run them. Detection scores each profile's
 * signatures against a file's headers or JSON keys. The vocabulary
 * (queries/vocabulary/LANG.sql: header words, statuses and severities in
 * other languages) is loaded with them, and the folding that makes names and
 * values match whatever their case, accents and separators lives here. This
 * file does not read export files nor touch the incidents.
 */
#include "import_int.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/postmortem.h"
#include "recur/share.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char tables_sql[] =
	"DROP TABLE IF EXISTS temp.format_profile; DROP TABLE IF EXISTS temp.format_signature;"
	"DROP TABLE IF EXISTS temp.format_field; DROP TABLE IF EXISTS temp.format_status;"
	"DROP TABLE IF EXISTS temp.format_severity; DROP TABLE IF EXISTS temp.format_event;"
	"DROP TABLE IF EXISTS temp.format_milestone;"
	"CREATE TEMP TABLE format_profile (name TEXT PRIMARY KEY, title TEXT, kind TEXT NOT NULL "
	"  DEFAULT 'csv', records TEXT DEFAULT '', source_system TEXT, event_log INTEGER DEFAULT 0,"
	"  aliases INTEGER DEFAULT 1, date_order TEXT);"
	"CREATE TEMP TABLE format_signature (name TEXT NOT NULL, kind TEXT NOT NULL DEFAULT "
	"  'header', key TEXT NOT NULL, weight INTEGER DEFAULT 1, required INTEGER DEFAULT 0);"
	"CREATE TEMP TABLE format_field (name TEXT NOT NULL, field TEXT NOT NULL, source TEXT NOT "
	"  NULL, transform TEXT, priority INTEGER DEFAULT 1);"
	"CREATE TEMP TABLE format_status (name TEXT NOT NULL, status TEXT NOT NULL, category TEXT "
	"  NOT NULL, label TEXT);"
	"CREATE TEMP TABLE format_severity (name TEXT NOT NULL, label TEXT NOT NULL, severity "
	"  INTEGER);"
	"CREATE TEMP TABLE format_event (name TEXT NOT NULL, list TEXT NOT NULL, at TEXT NOT NULL,"
	"  kind TEXT NOT NULL, value TEXT, actor TEXT);"
	"CREATE TEMP TABLE format_milestone (name TEXT NOT NULL, field TEXT NOT NULL, leaves TEXT,"
	"  enters TEXT);"
	"DROP TABLE IF EXISTS temp.vocabulary_language; DROP TABLE IF EXISTS temp.vocabulary;"
	"DROP TABLE IF EXISTS temp.vocabulary_status; DROP TABLE IF EXISTS temp.vocabulary_severity;"
	"DROP TABLE IF EXISTS temp.vocabulary_month; DROP TABLE IF EXISTS temp.vocabulary_am_pm;"
	"DROP TABLE IF EXISTS temp.vocabulary_section;"
	"CREATE TEMP TABLE vocabulary_language (lang TEXT PRIMARY KEY, name TEXT NOT NULL, "
	"  date_order TEXT);"
	"CREATE TEMP TABLE vocabulary (lang TEXT NOT NULL, word TEXT NOT NULL, term TEXT NOT NULL);"
	"CREATE TEMP TABLE vocabulary_status (lang TEXT NOT NULL, word TEXT NOT NULL, category TEXT "
	"  NOT NULL);"
	"CREATE TEMP TABLE vocabulary_severity (lang TEXT NOT NULL, word TEXT NOT NULL, severity "
	"  INTEGER NOT NULL);"
	"CREATE TEMP TABLE vocabulary_month (lang TEXT NOT NULL, word TEXT NOT NULL, month INTEGER "
	"  NOT NULL CHECK (month BETWEEN 1 AND 12));"
	"CREATE TEMP TABLE vocabulary_am_pm (lang TEXT NOT NULL, word TEXT NOT NULL, half TEXT "
	"  NOT NULL CHECK (half IN ('am', 'pm')));"
	"CREATE TEMP TABLE vocabulary_section (lang TEXT NOT NULL, word TEXT NOT NULL, heading TEXT "
	"  NOT NULL);";

static struct imp_profiles cache;
static char *cache_dir;
static int cache_ok;

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

static int field_named(const char *name)
{
	int i;

	for (i = 0; i < NFIELDS; i++)
		if (!strcmp(imp_fields[i].name, name))
			return i;
	return -1;
}

static struct imp_profile *profile_named(const char *name)
{
	size_t i;

	for (i = 0; i < cache.n; i++)
		if (!strcmp(cache.p[i].name, name))
			return &cache.p[i];
	return NULL;
}

static int cmp_sev(const void *a, const void *b)
{
	return strcmp(((const struct imp_sevmap *)a)->label, ((const struct imp_sevmap *)b)->label);
}

/* Statuses and severity labels as imp_status and imp_severity look them up
 * (imp_fold_value); caller owns the result. */
static char *sev_key(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	char *k = xmalloc(len + 8);

	imp_fold_value(s ? s : "", len, k, len + 8);
	return k;
}

static int read_profiles(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (recur_db_prepare(db, "SELECT name, title, kind, ifnull(records, ''), source_system, "
				 "event_log, aliases, date_order FROM temp.format_profile ORDER BY "
				 "name", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct imp_profile *p;
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		const char *order = (const char *)sqlite3_column_text(st, 7);

		xgrow((void **)&cache.p, &cap, cache.n + 1, sizeof(*cache.p));
		p = &cache.p[cache.n++];
		memset(p, 0, sizeof(*p));
		p->name = col_dup(st, 0);
		p->title = col_dup(st, 1);
		p->json = kind && !strcmp(kind, "json");
		p->records = col_dup(st, 3);
		p->source_system = col_dup(st, 4);
		if (!p->source_system)
			p->source_system = xstrdup(p->name);
		p->event_log = sqlite3_column_int(st, 5);
		p->aliases = sqlite3_column_int(st, 6);
		p->date_order = !order ? RECUR_DATE_AUTO : !strcmp(order, "dmy") ? RECUR_DATE_DMY :
				!strcmp(order, "mdy") ? RECUR_DATE_MDY : RECUR_DATE_AUTO;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : recur_error_set(err, "cannot read format profiles: %s",
						       sqlite3_errmsg(db));
}

static enum imp_xform xform_named(const char *t)
{
	static const struct { const char *name; enum imp_xform x; } names[] = {
		{ "text", X_TEXT }, { "seconds", X_SECONDS }, { "duration_s", X_SECONDS },
		{ "millis", X_MILLIS }, { "duration_ms", X_MILLIS }, { "minutes", X_MINUTES },
		{ "duration_min", X_MINUTES }, { "hours", X_HOURS }, { "duration_h", X_HOURS },
	};
	size_t i;

	for (i = 0; t && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i].name, t))
			return names[i].x;
	return X_AUTO;
}

static int read_fields(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, "SELECT name, field, source, transform, priority FROM "
				 "temp.format_field ORDER BY name, priority, rowid", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct imp_profile *p = profile_named((const char *)sqlite3_column_text(st, 0));
		const char *f = (const char *)sqlite3_column_text(st, 1);
		int k = f ? field_named(f) : -1;
		size_t cap = p ? p->nsrc : 0;

		if (!p)
			continue;
		if (k < 0) {
			recur_error_set(err, "format '%s': unknown field '%s' in format_field: use an "
					"incidents column name (see queries/formats/README.md)", p->name,
					f ? f : "");
			sqlite3_finalize(st);
			return -1;
		}
		xgrow((void **)&p->src, &cap, p->nsrc + 1, sizeof(*p->src));
		p->src[p->nsrc].field = k;
		p->src[p->nsrc].source = col_dup(st, 2);
		p->src[p->nsrc].x = xform_named((const char *)sqlite3_column_text(st, 3));
		p->src[p->nsrc++].priority = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A header signature as --dry-run names it: lower case, one '_' for each
 * run of ' ', '-', '.', '/'. */
static char *shown_key(const char *key)
{
	char *k = xstrdup(key), *o = k;
	const char *p;

	for (p = key; *p; p++) {
		int sep = *p == ' ' || *p == '-' || *p == '.' || *p == '/';

		if (sep && o > k && o[-1] == '_' && p > key && (p[-1] == ' ' || p[-1] == '-' ||
								p[-1] == '.' || p[-1] == '/'))
			continue;
		*o++ = sep ? '_' : (char)tolower((unsigned char)*p);
	}
	*o = '\0';
	return k;
}

static int read_signatures(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, "SELECT name, kind, key, weight, required FROM "
				 "temp.format_signature ORDER BY name, rowid", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct imp_profile *p = profile_named((const char *)sqlite3_column_text(st, 0));
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		const char *key = (const char *)sqlite3_column_text(st, 2);
		size_t cap = p ? p->nsig : 0;
		struct imp_psig *s;
		char norm[128];

		if (!p || !key)
			continue;
		xgrow((void **)&p->sig, &cap, p->nsig + 1, sizeof(*p->sig));
		s = &p->sig[p->nsig++];
		s->kind = kind && !strcmp(kind, "top") ? SIG_TOP : kind && !strcmp(kind, "record") ?
			  SIG_RECORD : SIG_HEADER;
		if (s->kind == SIG_HEADER) {
			imp_normalise(key, strlen(key), norm, sizeof(norm));
			s->key = xstrdup(norm);
			s->shown = shown_key(key);
		} else {
			s->key = xstrdup(key);
			s->shown = xstrdup(key);
		}
		s->weight = sqlite3_column_int(st, 3);
		s->required = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static enum imp_category category_named(const char *c)
{
	if (!c)
		return C_OTHER;
	if (!strcmp(c, "open"))
		return C_OPEN;
	if (!strcmp(c, "resolved"))
		return C_RESOLVED;
	if (!strcmp(c, "closed"))
		return C_CLOSED;
	return C_OTHER;
}

static int cmp_status(const void *a, const void *b)
{
	return strcmp(((const struct imp_pstatus *)a)->status, ((const struct imp_pstatus *)b)->status);
}

/* Keeps the first row of each folded status (a profile's own, or English,
 * before a later one) and sorts them for imp_status's bsearch. */
static size_t uniq_status(struct imp_pstatus *a, size_t n)
{
	size_t i, j, m = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < m && strcmp(a[j].status, a[i].status); j++)
			;
		if (j < m) {
			free(a[i].status), free(a[i].label);
			continue;
		}
		a[m++] = a[i];
	}
	if (m)
		qsort(a, m, sizeof(*a), cmp_status);
	return m;
}

/* The same for severity labels. */
static size_t uniq_sev(struct imp_sevmap *a, size_t n)
{
	size_t i, j, m = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < m && strcmp(a[j].label, a[i].label); j++)
			;
		if (j < m) {
			free(a[i].label);
			continue;
		}
		a[m++] = a[i];
	}
	if (m)
		qsort(a, m, sizeof(*a), cmp_sev);
	return m;
}

/* The vocabulary's statuses after the shared ones ('*'), then each table
 * made ready for lookups. */
static int read_vocab_statuses(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = cache.nstatus, i;
	int rc;

	if (recur_db_prepare(db, "SELECT word, category, lang FROM temp.vocabulary_status ORDER BY "
				 "rowid", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(st, 0);
		const char *c = (const char *)sqlite3_column_text(st, 1);

		if (category_named(c) == C_OTHER) {
			recur_error_set(err, "queries/vocabulary/%s.sql: status '%s' has category '%s': "
					"use open, resolved or closed",
					(const char *)sqlite3_column_text(st, 2), w, c ? c : "");
			sqlite3_finalize(st);
			return -1;
		}
		xgrow((void **)&cache.status, &cap, cache.nstatus + 1, sizeof(*cache.status));
		cache.status[cache.nstatus].status = sev_key(w);
		cache.status[cache.nstatus].cat = category_named(c);
		cache.status[cache.nstatus++].label = NULL;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read the vocabulary's statuses: %s",
				       sqlite3_errmsg(db));
	cache.nstatus = uniq_status(cache.status, cache.nstatus);
	for (i = 0; i < cache.n; i++)
		cache.p[i].nstatus = uniq_status(cache.p[i].status, cache.p[i].nstatus);
	return 0;
}

static int read_statuses(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, "SELECT name, status, category, label FROM temp.format_status "
				 "ORDER BY name, rowid", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		struct imp_profile *p = name && strcmp(name, "*") ? profile_named(name) : NULL;
		struct imp_pstatus **arr = p ? &p->status : &cache.status;
		size_t *n = p ? &p->nstatus : &cache.nstatus, cap = *n;

		if (!p && (!name || strcmp(name, "*")))
			continue;
		xgrow((void **)arr, &cap, *n + 1, sizeof(**arr));
		(*arr)[*n].status = sev_key((const char *)sqlite3_column_text(st, 1));
		(*arr)[*n].cat = category_named((const char *)sqlite3_column_text(st, 2));
		(*arr)[(*n)++].label = col_dup(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	return read_vocab_statuses(db, err);
}

static int read_sev_events(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (recur_db_prepare(db, "SELECT name, label, severity FROM temp.format_severity", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct imp_profile *p = profile_named((const char *)sqlite3_column_text(st, 0));
		size_t cap = p ? p->nsev : 0;

		if (!p)
			continue;
		xgrow((void **)&p->sev, &cap, p->nsev + 1, sizeof(*p->sev));
		p->sev[p->nsev].label = sev_key((const char *)sqlite3_column_text(st, 1));
		p->sev[p->nsev].severity = sqlite3_column_int(st, 2);
		p->sev[p->nsev++].sev0_scale = 0;
	}
	sqlite3_finalize(st);
	for (i = 0; i < cache.n; i++)
		cache.p[i].nsev = uniq_sev(cache.p[i].sev, cache.p[i].nsev);
	if (rc != SQLITE_DONE ||
	    recur_db_prepare(db, "SELECT name, list, at, kind, value, actor FROM temp.format_event "
				 "ORDER BY name, rowid", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct imp_profile *p = profile_named((const char *)sqlite3_column_text(st, 0));
		size_t cap = p ? p->nev : 0;
		struct imp_pevent *e;

		if (!p)
			continue;
		xgrow((void **)&p->ev, &cap, p->nev + 1, sizeof(*p->ev));
		e = &p->ev[p->nev++];
		e->list = col_dup(st, 1);
		e->at = col_dup(st, 2);
		e->kind = col_dup(st, 3);
		e->value = col_dup(st, 4);
		e->actor = col_dup(st, 5);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Event logs' timeline milestones: acknowledged_at or mitigated_at from a
 * status change. Only those two fields: the others have their own rules. */
static int read_milestones(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, "SELECT name, field, leaves, enters FROM temp.format_milestone "
				 "ORDER BY name, rowid", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct imp_profile *p = profile_named((const char *)sqlite3_column_text(st, 0));
		const char *f = (const char *)sqlite3_column_text(st, 1);
		const char *leaves = (const char *)sqlite3_column_text(st, 2);
		const char *enters = (const char *)sqlite3_column_text(st, 3);
		int k = f ? field_named(f) : -1;
		size_t cap = p ? p->nmile : 0;
		struct imp_pmilestone *m;

		if (k != F_ACKNOWLEDGED_AT && k != F_MITIGATED_AT) {
			sqlite3_finalize(st);
			return recur_error_set(err, "format_milestone: unknown field '%s': use "
					       "acknowledged_at or mitigated_at", f ? f : "");
		}
		if (!p)
			continue;
		xgrow((void **)&p->mile, &cap, p->nmile + 1, sizeof(*p->mile));
		m = &p->mile[p->nmile++];
		m->field = k;
		m->leaves = leaves ? sev_key(leaves) : NULL;
		m->enters = enters ? sev_key(enters) : NULL;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int load_aliases(sqlite3 *db, struct recur_error *err)
{
	char norm[128];
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (recur_db_exec_file(db, "queries/field-aliases.sql", err) ||
	    recur_db_prepare(db, "SELECT field, alias, nested FROM temp.field_aliases ORDER BY rowid",
			     &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 0);
		const char *a = (const char *)sqlite3_column_text(st, 1);
		int k = f ? field_named(f) : -1;

		if (k < 0 || !a) {
			sqlite3_finalize(st);
			return recur_error_set(err, "queries/field-aliases.sql: unknown field '%s': use "
					       "an incidents column name", f ? f : "");
		}
		xgrow((void **)&cache.aliases, &cap, cache.naliases + 1, sizeof(*cache.aliases));
		imp_normalise(a, strlen(a), norm, sizeof(norm));
		cache.aliases[cache.naliases].field = k;
		cache.aliases[cache.naliases].nested = sqlite3_column_int(st, 2);
		cache.aliases[cache.naliases++].alias = xstrdup(norm);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : recur_error_set(err, "cannot read field aliases: %s",
							  sqlite3_errmsg(db));
}

static int load_severities(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (recur_db_exec_file(db, "queries/severity-map.sql", err) ||
	    recur_db_prepare(db, "SELECT label, severity, sev0_scale FROM temp.severity_map "
				 "WHERE label IS NOT NULL", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&cache.sev, &cap, cache.nsev + 1, sizeof(*cache.sev));
		cache.sev[cache.nsev].label = sev_key((const char *)sqlite3_column_text(st, 0));
		cache.sev[cache.nsev].severity = sqlite3_column_int(st, 1);
		cache.sev[cache.nsev++].sev0_scale = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read severity map: %s", sqlite3_errmsg(db));
	/* then the vocabulary's words: after the English labels, which win */
	if (recur_db_prepare(db, "SELECT word, severity FROM temp.vocabulary_severity ORDER BY "
				 "rowid", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int sev = sqlite3_column_int(st, 1);

		if (sev < 1 || sev > 5) {
			recur_error_set(err, "queries/vocabulary/: severity %d of '%s' is not 1 to 5",
					sev, (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
			return -1;
		}
		xgrow((void **)&cache.sev, &cap, cache.nsev + 1, sizeof(*cache.sev));
		cache.sev[cache.nsev].label = sev_key((const char *)sqlite3_column_text(st, 0));
		cache.sev[cache.nsev].severity = sev;
		cache.sev[cache.nsev++].sev0_scale = 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read the vocabulary's severities: %s",
				       sqlite3_errmsg(db));
	cache.nsev = uniq_sev(cache.sev, cache.nsev);
	return 0;
}

/* ---- the vocabulary: header words in other languages ---- */

static int cmp_word(const void *a, const void *b)
{
	const struct imp_word *x = a, *y = b;
	int c = strcmp(x->word, y->word);

	return c ? c : x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int lang_named(const char *code)
{
	size_t i;

	for (i = 0; code && i < cache.nlangs; i++)
		if (!strcmp(cache.langs[i].code, code))
			return (int)i;
	return -1;
}

/* The month and half-day words dates are written with (time_words.c). */
static int read_timewords(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	char norm[64];
	int rc;

	if (recur_db_prepare(db, "SELECT word, month FROM temp.vocabulary_month UNION ALL "
			     "SELECT word, CASE half WHEN 'am' THEN 13 ELSE 14 END "
			     "FROM temp.vocabulary_am_pm", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(st, 0);

		imp_normalise(w ? w : "", w ? strlen(w) : 0, norm, sizeof(norm));
		if (!norm[0])
			continue;
		xgrow((void **)&cache.timewords, &cap, cache.ntimewords + 1, sizeof(*cache.timewords));
		cache.timewords[cache.ntimewords].word = xstrdup(norm);
		cache.timewords[cache.ntimewords++].value = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read the vocabulary's months: %s",
				       sqlite3_errmsg(db));
	imp_timewords_sort(&cache);
	return 0;
}

static int cmp_heading(const void *a, const void *b)
{
	return strcmp(((const struct imp_heading *)a)->word, ((const struct imp_heading *)b)->word);
}

const char *imp_heading_english(void *ps, const char *key)
{
	const struct imp_profiles *p = ps;
	struct imp_heading probe, *hit;
	char norm[128];

	if (!p->nheadings)
		return NULL;
	imp_normalise(key, strlen(key), norm, sizeof(norm));
	probe.word = norm;
	hit = bsearch(&probe, p->headings, p->nheadings, sizeof(*p->headings), cmp_heading);
	return hit ? hit->heading : NULL;
}

/* Postmortem headings and metadata keys in other languages; each must give a
 * heading the parser reads. */
static int read_headings(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	char norm[128];
	int rc;

	if (recur_db_prepare(db, "SELECT lang, word, lower(heading) FROM temp.vocabulary_section "
			     "ORDER BY rowid", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *lang = (const char *)sqlite3_column_text(st, 0);
		const char *w = (const char *)sqlite3_column_text(st, 1);
		const char *h = (const char *)sqlite3_column_text(st, 2);

		if (!recur_postmortem_heading_known(h)) {
			recur_error_set(err, "queries/vocabulary/: section '%s' (%s) is '%s', a heading "
					"postmortems do not have: use one of src/import/postmortem.c's",
					w, lang, h);
			sqlite3_finalize(st);
			return -1;
		}
		imp_normalise(w, strlen(w), norm, sizeof(norm));
		if (!norm[0])
			continue;
		xgrow((void **)&cache.headings, &cap, cache.nheadings + 1, sizeof(*cache.headings));
		cache.headings[cache.nheadings].word = xstrdup(norm);
		cache.headings[cache.nheadings++].heading = xstrdup(h);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read the vocabulary's sections: %s",
				       sqlite3_errmsg(db));
	if (cache.nheadings)
		qsort(cache.headings, cache.nheadings, sizeof(*cache.headings), cmp_heading);
	return 0;
}

/* queries/vocabulary/NAME.sql: languages, then header words (the statuses and
 * severities are read with the shared tables). */
static int read_vocabulary(sqlite3 *db, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	char norm[128];
	int rc;

	if (recur_db_prepare(db, "SELECT lang, name, date_order FROM temp.vocabulary_language "
			     "ORDER BY rowid", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&cache.langs, &cap, cache.nlangs + 1, sizeof(*cache.langs));
		cache.langs[cache.nlangs].code = col_dup(st, 0);
		cache.langs[cache.nlangs].name = col_dup(st, 1);
		cache.langs[cache.nlangs++].date_order =
			sqlite3_column_text(st, 2) && !strcmp((const char *)sqlite3_column_text(st, 2), "dmy")
				? RECUR_DATE_DMY : RECUR_DATE_AUTO;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE ||
	    recur_db_prepare(db, "SELECT lang, word, term FROM temp.vocabulary ORDER BY rowid", &st,
			     err))
		return -1;
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *lang = (const char *)sqlite3_column_text(st, 0);
		const char *w = (const char *)sqlite3_column_text(st, 1);
		const char *t = (const char *)sqlite3_column_text(st, 2);
		struct imp_word *e;
		int l = lang_named(lang);

		if (l < 0) {
			recur_error_set(err, "queries/vocabulary/: word '%s' is in language '%s', which "
					"has no vocabulary_language row: add one", w, lang ? lang : "");
			sqlite3_finalize(st);
			return -1;
		}
		xgrow((void **)&cache.words, &cap, cache.nwords + 1, sizeof(*cache.words));
		e = &cache.words[cache.nwords];
		imp_normalise(w, strlen(w), norm, sizeof(norm));
		e->word = xstrdup(norm);
		imp_normalise(t, strlen(t), norm, sizeof(norm));
		e->term = xstrdup(norm);
		e->lang = l;
		e->idx = cache.nwords++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read the vocabulary: %s", sqlite3_errmsg(db));
	if (cache.nwords)
		qsort(cache.words, cache.nwords, sizeof(*cache.words), cmp_word);
	return read_timewords(db, err) || read_headings(db, err) ? -1 : 0;
}

/* The first vocabulary row of a normalised word (rows of one word are
 * adjacent), and how many there are. */
static size_t words_of(const struct imp_profiles *ps, const char *key, size_t *first)
{
	size_t lo = 0, hi = ps->nwords, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ps->words[mid].word, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + n < ps->nwords && !strcmp(ps->words[lo + n].word, key))
		n++;
	return n;
}

int imp_translate(const struct imp_profiles *ps, char *const *keys, size_t n, int *tr)
{
	int *votes = xcalloc(ps->nlangs + 1, sizeof(*votes)), lang = -1;
	size_t i, k, first, nw;

	for (i = 0; i < n; i++) {
		tr[i] = -1;
		nw = words_of(ps, keys[i], &first);
		for (k = 0; k < nw; k++) {
			const struct imp_word *w = &ps->words[first + k];

			/* a word spelled like its term (Status) says nothing of the language */
			if (strcmp(w->word, w->term) && (k == 0 || w->lang != w[-1].lang))
				votes[w->lang]++;
		}
	}
	for (k = 0; k < ps->nlangs; k++)
		if (votes[k] && (lang < 0 || votes[k] > votes[lang]))
			lang = (int)k;
	for (i = 0; i < n; i++) {
		nw = words_of(ps, keys[i], &first);
		for (k = 0; k < nw; k++) {
			const struct imp_word *w = &ps->words[first + k];

			if (!strcmp(w->word, w->term))
				continue;
			if (tr[i] < 0 || w->lang == lang)
				tr[i] = (int)(first + k);
			if (w->lang == lang)
				break;
		}
	}
	free(votes);
	return lang;
}

struct run_ctx {
	sqlite3 *db;
	struct recur_error *err;
	int failed;
};

static void run_profile(const char *name, void *ctx)
{
	struct run_ctx *c = ctx;
	size_t n = strlen(name);

	if (c->failed || n < 5 || strcmp(name + n - 4, ".sql"))
		return;
	if (recur_db_exec_file(c->db, name, c->err))
		c->failed = 1;
}

static void drop_cache(void)
{
	size_t i, k;

	for (i = 0; i < cache.n; i++) {
		struct imp_profile *p = &cache.p[i];

		free(p->name), free(p->title), free(p->source_system), free(p->records);
		for (k = 0; k < p->nsrc; k++)
			free(p->src[k].source);
		for (k = 0; k < p->nsig; k++)
			free(p->sig[k].key), free(p->sig[k].shown);
		for (k = 0; k < p->nstatus; k++)
			free(p->status[k].status), free(p->status[k].label);
		for (k = 0; k < p->nev; k++)
			free(p->ev[k].list), free(p->ev[k].at), free(p->ev[k].kind),
				free(p->ev[k].value), free(p->ev[k].actor);
		for (k = 0; k < p->nsev; k++)
			free(p->sev[k].label);
		for (k = 0; k < p->nmile; k++)
			free(p->mile[k].leaves), free(p->mile[k].enters);
		free(p->src), free(p->sig), free(p->status), free(p->ev), free(p->sev), free(p->mile);
	}
	for (k = 0; k < cache.nstatus; k++)
		free(cache.status[k].status), free(cache.status[k].label);
	for (k = 0; k < cache.naliases; k++)
		free(cache.aliases[k].alias);
	for (k = 0; k < cache.nsev; k++)
		free(cache.sev[k].label);
	for (k = 0; k < cache.nwords; k++)
		free(cache.words[k].word), free(cache.words[k].term);
	for (k = 0; k < cache.nlangs; k++)
		free(cache.langs[k].code), free(cache.langs[k].name);
	for (k = 0; k < cache.ntimewords; k++)
		free(cache.timewords[k].word);
	free(cache.timewords);
	for (k = 0; k < cache.nheadings; k++)
		free(cache.headings[k].word), free(cache.headings[k].heading);
	free(cache.headings);
	free(cache.p), free(cache.status), free(cache.aliases), free(cache.sev);
	free(cache.words), free(cache.langs);
	memset(&cache, 0, sizeof(cache));
	free(cache_dir);
	cache_dir = NULL;
	cache_ok = 0;
}

int imp_profiles_get(sqlite3 *db, const struct imp_profiles **out, struct recur_error *err)
{
	const char *dir = recur_share_dir();
	struct run_ctx c = { db, err, 0 };

	if (cache_ok && ((!dir && !cache_dir) || (dir && cache_dir && !strcmp(dir, cache_dir)))) {
		*out = &cache;
		return 0;
	}
	drop_cache();
	if (recur_db_exec(db, tables_sql, err))
		return -1;
	recur_share_each("queries/formats/", run_profile, &c);
	recur_share_each("queries/vocabulary/", run_profile, &c);
	if (c.failed || read_vocabulary(db, err) || read_profiles(db, err) || read_fields(db, err) || read_signatures(db, err) ||
	    read_statuses(db, err) || read_sev_events(db, err) || read_milestones(db, err) ||
	    load_aliases(db, err) ||
	    load_severities(db, err)) {
		drop_cache();
		return -1;
	}
	cache_dir = dir ? xstrdup(dir) : NULL;
	cache_ok = 1;
	*out = &cache;
	return 0;
}

const struct imp_profile *imp_profile_find(const struct imp_profiles *ps, const char *name)
{
	size_t i;

	for (i = 0; name && i < ps->n; i++)
		if (!strcmp(ps->p[i].name, name))
			return &ps->p[i];
	return NULL;
}

const struct imp_pstatus *imp_status(const struct imp_profiles *ps, const struct imp_profile *p,
				     const char *s, size_t len)
{
	char key[128];
	struct imp_pstatus probe = { key, NULL, C_OTHER };
	const struct imp_pstatus *r = NULL;

	if (len >= 100)
		return NULL;
	imp_fold_value(s, len, key, sizeof(key));
	if (p && p->nstatus)
		r = bsearch(&probe, p->status, p->nstatus, sizeof(*p->status), cmp_status);
	return r ? r : bsearch(&probe, ps->status, ps->nstatus, sizeof(*ps->status), cmp_status);
}

int imp_status_is(const char *s, size_t len, const char *key)
{
	char buf[128];

	if (len >= 100)
		return 0;
	imp_fold_value(s, len, buf, sizeof(buf));
	return !strcmp(buf, key);
}

/* ---- detection ---- */

static int seen_has(const struct imp_seen *seen, const char *key)
{
	size_t i;

	for (i = 0; i < seen->n; i++)
		if (!strcmp(seen->keys[i], key))
			return 1;
	return 0;
}

/* A record signature: "path" present, or "path=value" equal (any case). */
static int record_has(const struct recur_json *rec, const char *key)
{
	const char *eq = strchr(key, '=');
	char path[160];
	const struct recur_json *v;
	struct recur_buf t = RECUR_BUF_INIT;
	int r;

	snprintf(path, sizeof(path), "%.*s", (int)(eq ? (size_t)(eq - key) : strlen(key)), key);
	if (!(v = jpath_get(rec, path)))
		return 0;
	if (!eq)
		return 1;
	recur_json_scalar_text(v, &t);
	r = !strcasecmp(t.buf, eq + 1);
	recur_buf_release(&t);
	return r;
}

static int sig_matches(const struct imp_profile *p, const struct imp_psig *s,
		       const struct imp_seen *seen)
{
	struct recur_json *const *items;
	struct recur_json *single;

	switch (s->kind) {
	case SIG_HEADER:
		return !seen->root && seen_has(seen, s->key);
	case SIG_TOP:
		return seen->root && recur_json_get(seen->root, s->key) != NULL;
	case SIG_RECORD:
		if (!seen->root || !imp_json_records(seen->root, p->records, &items, &single))
			return 0;
		return record_has(single ? single : items[0], s->key);
	}
	return 0;
}

/* Whether why, from start on, names key already (a profile may list two
 * spellings of one header: short_description, short description). */
static int listed(const struct recur_buf *why, size_t start, const char *key)
{
	const char *p = why->len > start ? why->buf + start : NULL;
	size_t n = strlen(key);

	for (; p && (p = strchr(p, '\'')) != NULL; p++)
		if (!strncmp(p + 1, key, n) && p[n + 1] == '\'')
			return 1;
	return 0;
}

/*
 * Score of p: the weights of the keys present (×16, plus the number of keys,
 * so more specific matches win ties); -1 when a required key is missing or
 * when only one weak key matched. Names the matched keys into why.
 */
static int score(const struct imp_profile *p, const struct imp_seen *seen, struct recur_buf *why)
{
	size_t i, start = why ? why->len : 0;
	int sc = 0, matched = 0;

	for (i = 0; i < p->nsig; i++) {
		if (!sig_matches(p, &p->sig[i], seen)) {
			if (p->sig[i].required)
				return -1;
			continue;
		}
		sc += p->sig[i].weight;
		matched++;
		if (why && !listed(why, start, p->sig[i].shown))
			recur_buf_addf(why, "%s'%s'", why->len > start ? ", " : "", p->sig[i].shown);
	}
	/* one weak key (an "id" column) says nothing about the tool */
	if (matched < 2 && sc < 3)
		return -1;
	return sc * 16 + matched;
}

/* With no profile in: the two with most keys present, for the unknown-layout message. */
static void closest(const struct imp_profiles *ps, int json, const struct imp_seen *seen,
		    struct imp_detect *d)
{
	struct recur_buf b = RECUR_BUF_INIT;
	size_t i, k, best[2] = { 0, 0 };
	int n[2] = { 0, 0 };

	for (i = 0; i < ps->n; i++) {
		int m = 0;

		if (ps->p[i].json != json)
			continue;
		for (k = 0; k < ps->p[i].nsig; k++)
			m += sig_matches(&ps->p[i], &ps->p[i].sig[k], seen);
		if (m > n[0])
			n[1] = n[0], best[1] = best[0], n[0] = m, best[0] = i;
		else if (m > n[1])
			n[1] = m, best[1] = i;
	}
	for (i = 0; i < 2; i++)
		if (n[i])
			recur_buf_addf(&b, "%s%s (%d of %zu keys)", i ? ", " : "", ps->p[best[i]].name,
				       n[i], ps->p[best[i]].nsig);
	snprintf(d->why, sizeof(d->why), "%s", b.len ? b.buf : "none");
	recur_buf_release(&b);
}

void imp_detect(const struct imp_profiles *ps, int json, const struct imp_seen *given,
		struct imp_detect *d)
{
	struct recur_buf why = RECUR_BUF_INIT;
	struct imp_seen tr = *given;
	const struct imp_seen *seen = &tr;
	int *word = NULL;
	size_t i;

	/* headers in another language are read as the English words they translate */
	if (!given->root && given->n && ps->nwords) {
		word = xcalloc(given->n, sizeof(*word));
		tr.keys = xcalloc(given->n, sizeof(*tr.keys));
		imp_translate(ps, given->keys, given->n, word);
		for (i = 0; i < given->n; i++)
			tr.keys[i] = word[i] >= 0 ? ps->words[word[i]].term : given->keys[i];
	}

	d->best = d->second = -1;
	d->best_score = d->second_score = -1;
	d->why[0] = '\0';
	for (i = 0; i < ps->n; i++) {
		int sc;

		if (ps->p[i].json != json || !ps->p[i].nsig)
			continue;
		sc = score(&ps->p[i], seen, NULL);
		if (sc > d->best_score) {
			d->second = d->best, d->second_score = d->best_score;
			d->best = (int)i, d->best_score = sc;
		} else if (sc > d->second_score) {
			d->second = (int)i, d->second_score = sc;
		}
	}
	if (d->best < 0 || d->best_score < 0) {
		d->best = -1;
		closest(ps, json, seen, d);
		goto out;
	}
	score(&ps->p[d->best], seen, &why);
	recur_buf_addf(&why, " matched");
	if (d->second >= 0 && d->second_score >= 0) {
		recur_buf_addf(&why, "; runner-up %s (", ps->p[d->second].name);
		score(&ps->p[d->second], seen, &why);
		recur_buf_adds(&why, ")");
	}
	snprintf(d->why, sizeof(d->why), "%s", why.buf);
	recur_buf_release(&why);
out:
	if (word)
		free(tr.keys);
	free(word);
}

size_t imp_json_records(const struct recur_json *root, const char *records,
			struct recur_json *const **items, struct recur_json **single)
{
	const struct recur_json *v;

	*items = NULL;
	*single = NULL;
	if (!records || !*records) /* found by shape: a list, or objects keyed by id */
		v = jrows_find((struct recur_json *)root);
	else if ((v = jpath_get(root, records)) && v->type == RECUR_JSON_OBJECT) {
		*single = (struct recur_json *)v;
		return 1;
	}
	if (!v || !v->n || v->items[0]->type != RECUR_JSON_OBJECT)
		return 0;
	*items = v->items;
	return v->n;
}

/* ---- the public list ---- */

int recur_import_format_known(sqlite3 *db, const char *name, struct recur_error *err)
{
	const struct imp_profiles *ps;

	if (!strcmp(name, "csv") || !strcmp(name, "json") || !strcmp(name, "postmortem"))
		return 1;
	if (imp_profiles_get(db, &ps, err))
		return -1;
	return imp_profile_find(ps, name) != NULL;
}

int recur_import_formats(sqlite3 *db, struct recur_buf *out, struct recur_error *err)
{
	const struct imp_profiles *ps;
	size_t i;

	if (imp_profiles_get(db, &ps, err))
		return -1;
	recur_buf_addf(out, "%-22s %s\n%-22s %s\n", "csv", "any CSV: headers matched by alias",
		       "json", "any JSON list of objects: keys matched by alias");
	for (i = 0; i < ps->n; i++)
		recur_buf_addf(out, "%-22s %s (%s)\n", ps->p[i].name, ps->p[i].title ? ps->p[i].title : "",
			       ps->p[i].json ? "json" : "csv");
	recur_buf_addf(out, "%-22s %s\n", "postmortem", "postmortem documents in Markdown (.md)");
	return 0;
}
