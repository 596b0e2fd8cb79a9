/*
 * import_map.c — from an export's header to incident fields, and the value
 * rules every format shares (null spellings, severities, integers).
 *
 * The alias and severity tables are data (queries/field-aliases.sql,
 * queries/severity-map.sql), read once per file through the database so a
 * --share folder can override them. This file does not read files or rows.
 */
#include "import_int.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/share.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct imp_field_info imp_fields[NFIELDS] = {
	[F_EXT_ID] = { "ext_id", K_TEXT },
	[F_TITLE] = { "title", K_TEXT },
	[F_DESCRIPTION] = { "description", K_TEXT },
	[F_SERVICE] = { "service", K_TEXT },
	[F_COMPONENT] = { "component", K_TEXT },
	[F_TEAM] = { "team", K_TEXT },
	[F_CATEGORY] = { "category", K_TEXT },
	[F_KIND] = { "kind", K_TEXT },
	[F_SEVERITY] = { "severity", K_SEVERITY },
	[F_PRIORITY_LABEL] = { "priority_label", K_TEXT },
	[F_STATUS] = { "status", K_TEXT },
	[F_OPENED_AT] = { "opened_at", K_TIME },
	[F_STARTED_AT] = { "started_at", K_TIME },
	[F_DETECTED_AT] = { "detected_at", K_TIME },
	[F_ACKNOWLEDGED_AT] = { "acknowledged_at", K_TIME },
	[F_MITIGATED_AT] = { "mitigated_at", K_TIME },
	[F_RESOLVED_AT] = { "resolved_at", K_TIME },
	[F_CLOSED_AT] = { "closed_at", K_TIME },
	[F_UPDATED_AT] = { "updated_at", K_TIME },
	[F_REASSIGNMENTS] = { "reassignments", K_INT },
	[F_REOPENS] = { "reopens", K_INT },
	[F_ROOT_CAUSE] = { "root_cause", K_TEXT },
	[F_RESOLUTION] = { "resolution", K_TEXT },
	[F_URL] = { "url", K_TEXT },
	[F_PROBLEM_REF] = { "problem_ref", K_TEXT },
};

static int field_named(const char *name)
{
	int i;

	for (i = 0; i < NFIELDS; i++)
		if (!strcmp(imp_fields[i].name, name))
			return i;
	return -1;
}

static int load_aliases(sqlite3 *db, struct imp_map *m, struct recur_error *err)
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
		xgrow((void **)&m->aliases, &cap, m->naliases + 1, sizeof(*m->aliases));
		m->aliases[m->naliases].field = k;
		m->aliases[m->naliases++].alias = xstrdup(a);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : recur_error_set(err, "cannot read field aliases: %s",
							  sqlite3_errmsg(db));
}

static int cmp_sev(const void *a, const void *b)
{
	return strcmp(((const struct imp_sevmap *)a)->label, ((const struct imp_sevmap *)b)->label);
}

static int load_severities(sqlite3 *db, struct imp_map *m, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (recur_db_exec_file(db, "queries/severity-map.sql", err) ||
	    recur_db_prepare(db, "SELECT label, severity, sev0_scale FROM temp.severity_map "
				 "WHERE label IS NOT NULL", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)&m->sev, &cap, m->nsev + 1, sizeof(*m->sev));
		m->sev[m->nsev].label = xstrdup((const char *)sqlite3_column_text(st, 0));
		m->sev[m->nsev].severity = sqlite3_column_int(st, 1);
		m->sev[m->nsev++].sev0_scale = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read severity map: %s", sqlite3_errmsg(db));
	qsort(m->sev, m->nsev, sizeof(*m->sev), cmp_sev);
	return 0;
}

int imp_map_load(sqlite3 *db, struct imp_map *m, struct recur_error *err)
{
	int i;

	for (i = 0; i < NFIELDS; i++)
		m->col[i] = -1;
	return load_aliases(db, m, err) || load_severities(db, m, err) ? -1 : 0;
}

void imp_map_release(struct imp_map *m)
{
	size_t i;

	for (i = 0; i < m->nhead; i++)
		free(m->head[i]);
	free(m->head);
	free(m->used);
	for (i = 0; i < m->naliases; i++)
		free(m->aliases[i].alias);
	free(m->aliases);
	for (i = 0; i < m->nsev; i++)
		free(m->sev[i].label);
	free(m->sev);
	memset(m, 0, sizeof(*m));
}

/* Header name → alias form: trimmed, lower case, ' ' '-' '.' as '_', and
 * "Custom field (X)" (Jira) read as X. */
static void normalise(const char *s, size_t len, char *out, size_t size)
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

		out[n++] = (c == ' ' || c == '-' || c == '.') ? '_' : c;
	}
	out[n] = '\0';
}

/* The part after the last '.', normalised; "" when there is no '.'. */
static void last_part(const char *s, size_t len, char *out, size_t size)
{
	const char *dot = NULL, *p;

	for (p = s; p < s + len; p++)
		if (*p == '.')
			dot = p;
	if (!dot) {
		out[0] = '\0';
		return;
	}
	normalise(dot + 1, (size_t)(s + len - dot - 1), out, size);
}

/*
 * For each field, the best column: an exact alias match beats a match on a
 * nested key's last part; then the alias listed first; then the first column.
 * Nested last parts never give the id or the title (service.id is not the
 * incident's id).
 */
static void choose_columns(struct imp_map *m, char (*norm)[128], char (*last)[128])
{
	size_t a, i;
	long best[NFIELDS];
	int k;

	for (k = 0; k < NFIELDS; k++)
		best[k] = -1;
	for (a = 0; a < m->naliases; a++) {
		k = m->aliases[a].field;
		for (i = 0; i < m->nhead; i++) {
			long score;

			if (!strcmp(norm[i], m->aliases[a].alias))
				score = (long)a;
			else if (k != F_EXT_ID && k != F_TITLE && last[i][0] &&
				 !strcmp(last[i], m->aliases[a].alias))
				score = 1000000L + (long)a;
			else
				continue;
			if (best[k] < 0 || score < best[k]) {
				best[k] = score;
				m->col[k] = (int)i;
			}
		}
	}
	for (k = 0; k < NFIELDS; k++)
		if (m->col[k] >= 0)
			m->used[m->col[k]] = 1;
}

static int missing(struct imp_map *m, const char *path, const char *what, struct recur_error *err)
{
	struct recur_buf seen = RECUR_BUF_INIT;
	const char *need;
	size_t i;
	int r;

	for (i = 0; i < m->nhead && seen.len < 300; i++)
		recur_buf_addf(&seen, "%s'%s'", i ? ", " : "", m->head[i]);
	if (i < m->nhead)
		recur_buf_addf(&seen, ", … (%zu in all)", m->nhead);
	if (m->col[F_OPENED_AT] < 0)
		need = "no column with the time an incident was opened";
	else
		need = "no column with an incident id or title";
	r = recur_error_at(err, path, 0, 0,
			   "%s; %s seen: %s. recur needs an id (id, number, key, incident_number), "
			   "a title (title, summary, short_description, name) and an opened time "
			   "(opened_at, created, created_at, start_time): rename the matching %s in "
			   "the export to one of these names, or edit queries/field-aliases.sql "
			   "(--share DIR)", need, what, seen.buf, strcmp(what, "keys") ? "column" : "key");
	recur_buf_release(&seen);
	return r;
}

int imp_map_header(struct imp_map *m, const struct recur_csv_field *f, size_t n, const char *path,
		   const char *what, struct recur_error *err)
{
	char (*norm)[128] = xcalloc(n ? n : 1, sizeof(*norm));
	char (*last)[128] = xcalloc(n ? n : 1, sizeof(*last));
	size_t i;
	int r = 0;

	m->head = xcalloc(n ? n : 1, sizeof(*m->head));
	m->used = xcalloc(n ? n : 1, 1);
	m->nhead = n;
	for (i = 0; i < n; i++) {
		m->head[i] = xstrndup(f[i].ptr, f[i].len);
		normalise(f[i].ptr, f[i].len, norm[i], sizeof(norm[i]));
		last_part(f[i].ptr, f[i].len, last[i], sizeof(last[i]));
	}
	choose_columns(m, norm, last);
	if (m->col[F_OPENED_AT] < 0 || (m->col[F_EXT_ID] < 0 && m->col[F_TITLE] < 0))
		r = missing(m, path, what, err);
	else if (m->col[F_EXT_ID] < 0)
		m->derived_id = 1;
	free(norm);
	free(last);
	return r;
}

void imp_map_describe(const struct imp_map *m, char *out, size_t size)
{
	struct recur_buf b = RECUR_BUF_INIT;
	int k;

	if (m->derived_id)
		recur_buf_adds(&b, "ext_id=sha256(title, opened_at)");
	for (k = 0; k < NFIELDS; k++) {
		if (m->col[k] < 0)
			continue;
		recur_buf_addf(&b, "%s%s=%s", b.len ? ", " : "", imp_fields[k].name, m->head[m->col[k]]);
	}
	if (b.len >= size && size > 4)
		snprintf(out, size, "%.*s…", (int)(size - 4), b.buf);
	else
		snprintf(out, size, "%s", b.buf);
	recur_buf_release(&b);
}

const char *imp_value(const char *p, size_t len, size_t *out_len)
{
	while (len && isspace((unsigned char)*p))
		p++, len--;
	while (len && isspace((unsigned char)p[len - 1]))
		len--;
	*out_len = len;
	switch (len) {
	case 0: return NULL;
	case 1:
		if (*p == '?' || *p == '-')
			return NULL;
		break;
	case 3:
		if (!strncasecmp(p, "n/a", 3))
			return NULL;
		break;
	case 4:
		if (!strncasecmp(p, "null", 4) || !strncasecmp(p, "none", 4))
			return NULL;
		break;
	default: break;
	}
	return p;
}

const struct imp_sevmap *imp_severity(const struct imp_map *m, const char *label, size_t len)
{
	char key[64];
	struct imp_sevmap probe = { key, 0, 0 };
	size_t n = 0, i;
	int space = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)label[i];

		if (isspace(c)) {
			space = n > 0;
			continue;
		}
		if (n + 2 >= sizeof(key))
			return NULL;
		if (space)
			key[n++] = ' ';
		space = 0;
		key[n++] = (char)tolower(c);
	}
	key[n] = '\0';
	return bsearch(&probe, m->sev, m->nsev, sizeof(*m->sev), cmp_sev);
}

int imp_parse_int(const char *s, size_t len, long long *out)
{
	long long v = 0;
	size_t i, group = 0;
	int commas = 0;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == ',') {
			/* thousands separators: groups of exactly three digits */
			if (i == 0 || (commas && group != 3) || (!commas && group > 3))
				return -1;
			commas = 1;
			group = 0;
			continue;
		}
		if (!isdigit((unsigned char)s[i]) || v > (9223372036854775807LL - 9) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
		group++;
	}
	if (commas && group != 3)
		return -1;
	*out = v;
	return 0;
}
