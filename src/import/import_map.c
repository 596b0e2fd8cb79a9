/*
 * import_map.c — from an export's header to incident fields, and the value
 * rules every format shares (null spellings, severities, integers, durations).
 *
 * A field reads up to IMP_MAX_SRC columns in priority order (the first
 * non-empty value wins per row): --map entries, then the profile's sources
 * (every column of a repeated header name), then the alias table for fields
 * still unmapped. Headers in another language are first read as the English
 * headers they translate (the vocabulary), and the dry run names them. The
 * tables are data, loaded by import_profile.c. This file does not read files
 * or rows.
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
	[F_MOD_COUNT] = { "mod_count", K_INT },
	[F_ACTOR] = { "actor", K_TEXT },
	[F_LIFECYCLE] = { "lifecycle", K_TEXT },
};


static int field_named(const char *name)
{
	int i;

	for (i = 0; i < NFIELDS; i++)
		if (!strcmp(imp_fields[i].name, name))
			return i;
	return -1;
}

void imp_map_release(struct imp_map *m)
{
	size_t i;

	for (i = 0; i < m->nhead; i++)
		free(m->head[i]);
	free(m->head);
	free(m->used);
	free(m->word);
	memset(m, 0, sizeof(*m));
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
	imp_normalise(dot + 1, (size_t)(s + len - dot - 1), out, size);
}

static int has_src(const struct imp_map *m, int k, int col)
{
	int i;

	for (i = 0; i < m->nsrc[k]; i++)
		if (m->src[k][i].col == col)
			return 1;
	return 0;
}

static void add_src(struct imp_map *m, int k, int col, enum imp_xform x)
{
	if (m->nsrc[k] >= IMP_MAX_SRC || has_src(m, k, col))
		return;
	m->src[k][m->nsrc[k]].col = col;
	m->src[k][m->nsrc[k]++].x = x;
	if (m->col[k] < 0)
		m->col[k] = col;
	m->used[col] = 1;
}

/* Column of a JSON path: an existing header of that name, else a new path column. */
static int path_col(struct imp_map *m, const char *source)
{
	size_t i;

	for (i = 0; i < m->nhead; i++)
		if (!strcmp(m->head[i], source))
			return (int)i;
	m->head = xrealloc(m->head, (m->nhead + 1) * sizeof(*m->head));
	m->used = xrealloc(m->used, m->nhead + 1);
	m->head[m->nhead] = xstrdup(source);
	m->used[m->nhead] = 0;
	return (int)m->nhead++;
}

/* Adds source (a header name for CSV: every column of that name; a path for JSON). */
static int map_source(struct imp_map *m, int k, const char *source, enum imp_xform x, int json,
		      char (*norm)[128])
{
	char want[128];
	size_t i;
	int found = 0;

	if (json) {
		add_src(m, k, path_col(m, source), x);
		return 1;
	}
	imp_normalise(source, strlen(source), want, sizeof(want));
	for (i = 0; i < m->nhead; i++) {
		if (!strcmp(norm[i], want)) {
			add_src(m, k, (int)i, x);
			found = 1;
		}
	}
	return found;
}

/*
 * For each unmapped field, the best column by alias: an exact match beats a
 * match on a nested key's last part; then the alias listed first; then the
 * first column. Nested last parts never give the id, title, description,
 * url, kind or status (service.id is not the incident's id, integration.type
 * not its kind).
 */
static void choose_aliases(struct imp_map *m, char (*norm)[128], char (*last)[128], size_t nhead)
{
	const struct imp_profiles *ps = m->ps;
	long best[NFIELDS];
	int bcol[NFIELDS];
	size_t a, i;
	int k;

	for (k = 0; k < NFIELDS; k++)
		best[k] = -1, bcol[k] = -1;
	for (a = 0; a < ps->naliases; a++) {
		k = ps->aliases[a].field;
		if (m->nsrc[k])
			continue;
		for (i = 0; i < nhead; i++) {
			long sc;

			if (!strcmp(norm[i], ps->aliases[a].alias))
				sc = (long)a;
			else if (k != F_EXT_ID && k != F_TITLE && k != F_DESCRIPTION && k != F_URL &&
				 k != F_KIND && k != F_STATUS && ps->aliases[a].nested && last[i][0] &&
				 !strcmp(last[i], ps->aliases[a].alias))
				sc = 1000000L + (long)a;
			else
				continue;
			if (best[k] < 0 || sc < best[k])
				best[k] = sc, bcol[k] = (int)i;
		}
	}
	for (k = 0; k < NFIELDS; k++)
		if (bcol[k] >= 0)
			add_src(m, k, bcol[k], X_AUTO);
}

static int map_opts(struct imp_map *m, const struct recur_import_opts *o, int json,
		    char (*norm)[128], const char *path, struct recur_error *err)
{
	int i, k;

	for (i = 0; i < o->nmaps; i++) {
		const char *eq = strchr(o->maps[i], '=');
		char field[32];

		if (!eq || eq == o->maps[i] || !eq[1] || (size_t)(eq - o->maps[i]) >= sizeof(field))
			return recur_error_usage(err, "bad --map '%s': write FIELD=COLUMN, e.g. "
						 "--map opened_at=\"Created Date\"", o->maps[i]);
		snprintf(field, sizeof(field), "%.*s", (int)(eq - o->maps[i]), o->maps[i]);
		if ((k = field_named(field)) < 0)
			return recur_error_usage(err, "bad --map '%s': unknown field '%s'; fields are "
						 "incidents columns (ext_id, title, opened_at, "
						 "resolved_at, severity, status, …) or mod_count, actor",
						 o->maps[i], field);
		if (!map_source(m, k, eq + 1, X_AUTO, json, norm))
			return recur_error_at(err, path, 0, 0, "--map '%s': no column '%s' in the "
					      "file: use one of the headers it has", o->maps[i], eq + 1);
	}
	return 0;
}

/* Up to three columns whose names suggest field k, for the --map hint. */
static const char *guess_column(const struct imp_map *m, int k, char (*norm)[128], size_t nhead)
{
	static const char *const hints[][6] = {
		[F_EXT_ID] = { "id", "key", "number", "ref", "no", "#" },
		[F_TITLE] = { "title", "summary", "subject", "name", "desc", "text" },
		[F_OPENED_AT] = { "creat", "open", "start", "time", "date", "when" },
	};
	size_t i, h;

	for (h = 0; h < 6; h++)
		for (i = 0; i < nhead; i++)
			if (strstr(norm[i], hints[k][h]))
				return m->head[i];
	return NULL;
}

static int missing(struct imp_map *m, const char *path, int json, const struct imp_detect *d,
		   char (*norm)[128], size_t nhead, struct recur_error *err)
{
	struct recur_buf seen = RECUR_BUF_INIT, hint = RECUR_BUF_INIT;
	static const int need[] = { F_EXT_ID, F_TITLE, F_OPENED_AT };
	const char *what = json ? "keys" : "headers";
	size_t i;
	int r;

	for (i = 0; i < nhead && seen.len < 300; i++)
		recur_buf_addf(&seen, "%s'%s'", i ? ", " : "", m->head[i]);
	if (i < nhead)
		recur_buf_addf(&seen, ", … (%zu in all)", nhead);
	for (i = 0; i < 3; i++) {
		const char *g;

		if (m->nsrc[need[i]] || (need[i] == F_TITLE && (m->nsrc[F_EXT_ID] ||
								 guess_column(m, F_EXT_ID, norm, nhead))))
			continue; /* an id or a title is enough */
		g = guess_column(m, need[i], norm, nhead);
		recur_buf_addf(&hint, " --map %s=\"%s\"", imp_fields[need[i]].name,
			       g ? g : (json ? "PATH" : "COLUMN"));
	}
	r = recur_error_at(err, path, 0, 0,
			   "unknown layout: no format matches and recur cannot tell which %s hold "
			   "the id or title and the opened time; %s seen: %s; closest formats: %s. "
			   "Name the columns with:%s (or add a format in queries/formats/, --share DIR)",
			   json ? "keys" : "columns", what, seen.buf, d && d->why[0] ? d->why : "none",
			   hint.buf);
	recur_buf_release(&seen);
	recur_buf_release(&hint);
	return r;
}

/* JSON: the keys inside a used object ("opened_at.value" of "opened_at") are used too. */
static void mark_parts_used(struct imp_map *m, size_t nkeys)
{
	size_t i, k;

	for (i = 0; i < nkeys; i++) {
		size_t len = strlen(m->head[i]);

		if (!m->used[i])
			continue;
		for (k = 0; k < nkeys; k++)
			if (!strncmp(m->head[k], m->head[i], len) && m->head[k][len] == '.')
				m->used[k] = 1;
	}
}

/*
 * Headers in another language read as the English words they translate
 * (queries/vocabulary/), after --map (which names the file's own headers)
 * and before the profile's sources and the aliases.
 */
static void translate(struct imp_map *m, char (*norm)[128], size_t n)
{
	char **keys;
	size_t i;

	m->word = xcalloc(n ? n : 1, sizeof(*m->word));
	m->nword = n;
	m->lang = -1;
	for (i = 0; i < n; i++)
		m->word[i] = -1;
	if (!n || !m->ps->nwords)
		return;
	keys = xcalloc(n, sizeof(*keys));
	for (i = 0; i < n; i++)
		keys[i] = norm[i];
	m->lang = imp_translate(m->ps, keys, n, m->word);
	for (i = 0; i < n; i++)
		if (m->word[i] >= 0)
			snprintf(norm[i], sizeof(norm[i]), "%s", m->ps->words[m->word[i]].term);
	free(keys);
}

int imp_map_header(struct imp_map *m, const struct recur_csv_field *f, size_t n,
		   const struct recur_import_opts *o, int json, const char *path,
		   const struct imp_detect *d, struct recur_error *err)
{
	char (*norm)[128] = xcalloc(n ? n : 1, sizeof(*norm));
	char (*last)[128] = xcalloc(n ? n : 1, sizeof(*last));
	size_t i;
	int k, r = 0;

	for (k = 0; k < NFIELDS; k++)
		m->col[k] = -1, m->nsrc[k] = 0;
	m->head = xcalloc(n ? n : 1, sizeof(*m->head));
	m->used = xcalloc(n ? n : 1, 1);
	m->nhead = n;
	for (i = 0; i < n; i++) {
		m->head[i] = xstrndup(f[i].ptr, f[i].len);
		imp_normalise(f[i].ptr, f[i].len, norm[i], sizeof(norm[i]));
		last_part(f[i].ptr, f[i].len, last[i], sizeof(last[i]));
	}
	if (map_opts(m, o, json, norm, path, err)) {
		r = -1;
		goto out;
	}
	translate(m, norm, n);
	for (i = 0; m->prof && i < m->prof->nsrc; i++)
		map_source(m, m->prof->src[i].field, m->prof->src[i].source, m->prof->src[i].x, json,
			   norm);
	if (!m->prof || m->prof->aliases)
		choose_aliases(m, norm, last, n);
	if (json)
		mark_parts_used(m, n);
	if (!m->nsrc[F_OPENED_AT] && !(m->prof && m->prof->event_log && m->nsrc[F_UPDATED_AT]))
		r = missing(m, path, json, d, norm, n, err);
	else if (!m->nsrc[F_EXT_ID] && !m->nsrc[F_TITLE])
		r = missing(m, path, json, d, norm, n, err);
	else if (!m->nsrc[F_EXT_ID])
		m->derived_id = 1;
out:
	free(norm);
	free(last);
	return r;
}

void imp_map_describe(const struct imp_map *m, char *out, size_t size)
{
	struct recur_buf b = RECUR_BUF_INIT;
	int k, i;

	if (m->derived_id)
		recur_buf_adds(&b, "ext_id=sha256(title, opened_at)");
	for (k = 0; k < NFIELDS; k++) {
		for (i = 0; i < m->nsrc[k]; i++)
			recur_buf_addf(&b, "%s%s%s", i ? "|" : b.len ? ", " : "",
				       i ? "" : imp_fields[k].name, i ? "" : "="),
			recur_buf_adds(&b, m->head[m->src[k][i].col]);
	}
	if (b.len >= size && size > 4)
		snprintf(out, size, "%.*s…", (int)(size - 4), b.buf);
	else
		snprintf(out, size, "%s", b.buf);
	recur_buf_release(&b);
}

void imp_map_language(const struct imp_map *m, char *out, size_t size)
{
	struct recur_buf b = RECUR_BUF_INIT;
	size_t i;
	int k, s, nf, lang = m->lang;

	for (i = 0; m->word && i < m->nword; i++) {
		if (m->word[i] < 0)
			continue;
		for (k = 0, nf = 0; k < NFIELDS; k++)
			for (s = 0; s < m->nsrc[k]; s++)
				if ((size_t)m->src[k][s].col == i) {
					if (!nf++)
						recur_buf_addf(&b, "%s%s → ", b.len ? ", " : "", m->head[i]);
					recur_buf_addf(&b, "%s%s", nf > 1 ? "/" : "", imp_fields[k].name);
				}
		if (lang < 0)
			lang = m->ps->words[m->word[i]].lang;
	}
	if (b.len && lang >= 0)
		snprintf(out, size, "%s (%s)", m->ps->langs[lang].name, b.buf);
	else
		out[0] = '\0';
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

static int cmp_sev(const void *a, const void *b)
{
	return strcmp(((const struct imp_sevmap *)a)->label, ((const struct imp_sevmap *)b)->label);
}

const struct imp_sevmap *imp_severity(const struct imp_map *m, const char *label, size_t len)
{
	const struct imp_sevmap *r = NULL;
	char key[128];
	struct imp_sevmap probe = { key, 0, 0 };

	if (len >= 100)
		return NULL;
	imp_fold_value(label, len, key, sizeof(key));
	if (m->prof && m->prof->nsev)
		r = bsearch(&probe, m->prof->sev, m->prof->nsev, sizeof(*m->prof->sev), cmp_sev);
	if (!r)
		r = bsearch(&probe, m->ps->sev, m->ps->nsev, sizeof(*m->ps->sev), cmp_sev);
	/* ServiceNow's numbered forms keep their number in every language, as
	 * severity-map.sql says of English ones: '2 - Hoch' is 2 when 'Hoch'
	 * is a severity word */
	if (!r && key[0] >= '1' && key[0] <= '5' && key[1] == ' ') {
		static const struct imp_sevmap numbered[5] = {
			{ "1", 1, 0 }, { "2", 2, 0 }, { "3", 3, 0 }, { "4", 4, 0 }, { "5", 5, 0 },
		};

		probe.label = key + 2;
		if (bsearch(&probe, m->ps->sev, m->ps->nsev, sizeof(*m->ps->sev), cmp_sev))
			r = &numbered[key[0] - '1'];
	}
	return r;
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

/* "12", "1.5", "2:30", "412:10:05" in the transform's unit → seconds. */
int imp_parse_duration(const char *s, size_t len, enum imp_xform x, long long *out)
{
	static const double unit[] = { [X_SECONDS] = 1, [X_MILLIS] = 0.001, [X_MINUTES] = 60,
					[X_HOURS] = 3600 };
	double v = 0, frac = 0, scale = 1;
	long long parts[3] = { 0, 0, 0 };
	size_t i, np = 0;
	int dot = 0, colon = 0, neg = 0;

	if (len && *s == '-')
		neg = 1, s++, len--;
	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9') {
			if (dot)
				frac += (c - '0') * (scale /= 10);
			else
				parts[np] = parts[np] * 10 + (c - '0');
			if (parts[np] > 1000000000000LL)
				return -1;
		} else if (c == '.' && !dot && !colon) {
			dot = 1;
		} else if (c == ':' && !dot && np < 2) {
			colon = 1;
			np++;
		} else if (c != ',' || dot || colon) {
			return -1;
		}
	}
	if (colon) /* h:mm(:ss), hours whatever the unit */
		v = parts[0] * 3600.0 + parts[1] * 60.0 + (np == 2 ? parts[2] : 0);
	else
		v = ((double)parts[0] + frac) * unit[x];
	*out = (long long)(v + 0.5) * (neg ? -1 : 1);
	return 0;
}
