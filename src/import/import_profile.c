/*
 * import_profile.c — format profiles as data, and detection.
 *
 * A profile is queries/formats/NAME.sql: INSERTs into the TEMP tables made
 * here (format_profile, format_signature, format_field, format_status,
 * format_severity, format_event, format_milestone; see queries/formats/README.md). They are run
 * through share.h, so a --share folder adds or replaces a format, and read
 * into C structures once per process (and share folder): a folder of a
 * thousand files does not re-run them. Detection scores each profile's
 * signatures against a file's headers or JSON keys. This file does not read
 * export files nor touch the incidents.
 */
#include "import_int.h"
#include "recur/db.h"
#include "recur/mem.h"
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
	"  enters TEXT);";

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

void imp_normalise(const char *s, size_t len, char *out, size_t size)
{
	size_t n = 0;
	const char *v = imp_value(s, len, &len);

	if (!v)
		v = "";
	if (len > 14 && !strncasecmp(v, "custom field (", 14) && v[len - 1] == ')') {
		v += 14;
		len -= 15;
	}
	for (; len && n + 1 < size; v++, len--) {
		char c = (char)tolower((unsigned char)*v);

		out[n++] = (c == ' ' || c == '-' || c == '.' || c == '/') ? '_' : c;
	}
	out[n] = '\0';
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

/* Severity labels as imp_severity looks them up: lower case, spaces collapsed. */
static char *sev_key(const char *s)
{
	char *k = xstrdup(s ? s : ""), *o = k;
	const char *p;
	int space = 0;

	for (p = s ? s : ""; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = o > k;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = (char)tolower((unsigned char)*p);
	}
	*o = '\0';
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
		} else {
			s->key = xstrdup(key);
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
	return rc == SQLITE_DONE ? 0 : -1;
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
		if (cache.p[i].nsev)
			qsort(cache.p[i].sev, cache.p[i].nsev, sizeof(*cache.p[i].sev), cmp_sev);
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
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (recur_db_exec_file(db, "queries/field-aliases.sql", err) ||
	    recur_db_prepare(db, "SELECT field, alias FROM temp.field_aliases ORDER BY rowid", &st, err))
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
		cache.aliases[cache.naliases].field = k;
		cache.aliases[cache.naliases++].alias = xstrdup(a);
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
		cache.sev[cache.nsev].label = xstrdup((const char *)sqlite3_column_text(st, 0));
		cache.sev[cache.nsev].severity = sqlite3_column_int(st, 1);
		cache.sev[cache.nsev++].sev0_scale = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read severity map: %s", sqlite3_errmsg(db));
	qsort(cache.sev, cache.nsev, sizeof(*cache.sev), cmp_sev);
	return 0;
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
			free(p->sig[k].key);
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
	free(cache.p), free(cache.status), free(cache.aliases), free(cache.sev);
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
	if (c.failed || read_profiles(db, err) || read_fields(db, err) || read_signatures(db, err) ||
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

static const struct imp_pstatus *status_in(const struct imp_pstatus *s, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s[i].status, key))
			return &s[i];
	return NULL;
}

const struct imp_pstatus *imp_status(const struct imp_profiles *ps, const struct imp_profile *p,
				     const char *s, size_t len)
{
	char buf[96];
	const struct imp_pstatus *r = NULL;
	char *key;

	if (len >= sizeof(buf))
		return NULL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	key = sev_key(buf);
	if (p)
		r = status_in(p->status, p->nstatus, key);
	if (!r)
		r = status_in(ps->status, ps->nstatus, key);
	free(key);
	return r;
}

int imp_status_is(const char *s, size_t len, const char *key)
{
	const char *end = s + len;
	int space = 0;

	while (s < end && isspace((unsigned char)*s))
		s++;
	for (; s < end; s++) {
		if (isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space && *key++ != ' ')
			return 0;
		space = 0;
		if (tolower((unsigned char)*s) != *key++)
			return 0;
	}
	return *key == '\0';
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

/*
 * Score of p: the weights of the keys present (×16, plus the number of keys,
 * so more specific matches win ties); -1 when a required key is missing or
 * when only one weak key matched. Names the matched keys into why.
 */
static int score(const struct imp_profile *p, const struct imp_seen *seen, struct recur_buf *why)
{
	size_t i;
	int sc = 0, matched = 0;

	for (i = 0; i < p->nsig; i++) {
		if (!sig_matches(p, &p->sig[i], seen)) {
			if (p->sig[i].required)
				return -1;
			continue;
		}
		sc += p->sig[i].weight;
		if (why)
			recur_buf_addf(why, "%s'%s'", matched ? ", " : "", p->sig[i].key);
		matched++;
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

void imp_detect(const struct imp_profiles *ps, int json, const struct imp_seen *seen,
		struct imp_detect *d)
{
	struct recur_buf why = RECUR_BUF_INIT;
	size_t i;

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
		return;
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
