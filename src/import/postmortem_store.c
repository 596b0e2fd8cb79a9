/*
 * postmortem_store.c — a parsed postmortem into the store, inside the
 * caller's transaction.
 *
 * The document's reference links it to an incident of any source system (an
 * export's row wins over one a postmortem created); when none exists, an
 * incident with source_system 'postmortem' is created. The export's data wins:
 * the postmortem only fills fields that are empty (title, description from
 * the summary and a body with no known sections, root cause with trigger
 * and contributing factors, resolution, severity, service (else the front
 * matter's product), category from categories and tags, url, opened_at,
 * started_at and resolved_at from the front matter's times, and extra with
 * its company and product). An incident a postmortem created has no other
 * source, so an edited document rewrites it. A created incident's ext_id is the document's
 * reference, its front matter id or slug, or its file name: the same
 * document imported again finds the same incident. The whole document lands in `postmortems`;
 * timeline entries become incident_events of kind 'timeline' (plus one
 * 'postmortem' event marking the document), action items rows of
 * action_items. Rows carry the import's source_id, so importing an edited
 * document replaces the events and items the previous version wrote, and
 * importing the same document again changes nothing. It does not read files
 * or begin transactions: import.c does.
 */
#include "import_int.h"
#include "recur/buf.h"
#include "recur/db.h"
#include "recur/json.h"
#include "recur/mem.h"
#include "recur/postmortem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SYSTEM "postmortem"

struct store {
	sqlite3 *db;
	long long source_id;
	const char *path;
	const struct recur_postmortem *pm;
	struct recur_import_result *r;
	int severity;                 /* 1..5 from the severity map, 0 = none */
	struct recur_buf root;        /* root cause + trigger + contributing factors */
	struct recur_buf desc;        /* summary + a body with no known sections */
	struct recur_buf extra;       /* {"company": …, "product": …}, or empty */
	sqlite3_stmt *ev_exists, *ev_put, *act_put, *act_id;
};

static int step(struct store *s, sqlite3_stmt *st, struct recur_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return recur_error_set(err, "cannot write the postmortem to the database: %s",
				       sqlite3_errmsg(s->db));
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_time(sqlite3_stmt *st, int i, long long t)
{
	if (t)
		sqlite3_bind_int64(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

/*
 * The severity of the label (whole, then its first word: "SEV1 (critical)"),
 * as an export's column reads it: queries/severity-map.sql, then the
 * vocabulary's words in other languages ("Hoch"), then the numbered forms
 * ("2 - Hoch"). A label none of them knows is a rejected value, named.
 */
static int map_severity(struct store *s, struct recur_error *err)
{
	const char *label = s->pm->severity;
	const struct imp_sevmap *m = NULL;
	struct imp_map map;
	struct recur_import_result *r = s->r;
	size_t n;

	if (!label)
		return 0;
	memset(&map, 0, sizeof(map));
	if (imp_profiles_get(s->db, &map.ps, err))
		return -1;
	n = strlen(label);
	if (!(m = imp_severity(&map, label, n)))
		m = imp_severity(&map, label, strcspn(label, " (,;"));
	s->severity = m ? (m->sev0_scale && !m->severity ? m->sev0_scale : m->severity) : 0;
	if (s->severity >= 1 && s->severity <= 5)
		return 0;
	s->severity = 0;
	r->values_rejected++;
	snprintf(r->rejected_fields, sizeof(r->rejected_fields), "severity");
	if (r->nexamples < 3) {
		struct recur_reject_example *e = &r->examples[r->nexamples++];

		e->line = 0;
		snprintf(e->field, sizeof(e->field), "severity");
		snprintf(e->value, sizeof(e->value), "%s", label);
	}
	return 0;
}

/* Root cause, trigger and contributing factors as one text for incidents.root_cause. */
static void compose_root(struct store *s)
{
	const struct recur_postmortem *pm = s->pm;

	if (pm->root_cause)
		recur_buf_adds(&s->root, pm->root_cause);
	if (pm->trigger)
		recur_buf_addf(&s->root, "%sTrigger: %s", s->root.len ? "\n\n" : "", pm->trigger);
	if (pm->contributing)
		recur_buf_addf(&s->root, "%sContributing factors:\n%s", s->root.len ? "\n\n" : "",
			       pm->contributing);
}

/*
 * The incident of ref (any source system; an export's row before a
 * postmortem's); 0 if none. *own: it is one a postmortem created.
 */
static int find_incident(struct store *s, const char *ref, long long *id, int *own,
			 struct recur_error *err)
{
	sqlite3_stmt *st;

	*id = 0;
	*own = 0;
	if (recur_db_prepare(s->db, "SELECT id, source_system = '" SYSTEM "' FROM incidents "
				    "WHERE ext_id = ?1 ORDER BY source_system = '" SYSTEM "', id LIMIT 1",
			     &st, err))
		return -1;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*own = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The title without a "Postmortem:" prefix, into out. */
static void clean_title(const char *t, struct recur_buf *out)
{
	static const char *const prefixes[] = {
		"postmortem", "post-mortem", "post mortem", "incident postmortem", "incident review",
		"incident report", "rca", "pir",
	};
	size_t i, n;

	recur_buf_reset(out);
	if (!t)
		return;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		n = strlen(prefixes[i]);
		if (!strncasecmp(t, prefixes[i], n) && (t[n] == ':' || !strncmp(t + n, " -", 2) ||
							!strncmp(t + n, " \xE2\x80\x94", 4))) {
			t += n + (t[n] == ':' ? 1 : t[n + 1] == '-' ? 2 : 4);
			while (*t == ' ')
				t++;
			break;
		}
	}
	recur_buf_adds(out, t);
}

/* Summary and body as one text for incidents.description. */
static void compose_desc(struct store *s)
{
	const struct recur_postmortem *pm = s->pm;

	if (pm->summary)
		recur_buf_adds(&s->desc, pm->summary);
	if (pm->body)
		recur_buf_addf(&s->desc, "%s%s", s->desc.len ? "\n\n" : "", pm->body);
}

/* The front matter's company and product, which have no column, as a JSON object. */
static void compose_extra(struct store *s)
{
	const char *keys[2] = { "company", "product" };
	const char *vals[2] = { s->pm->company, s->pm->product };
	int i;

	for (i = 0; i < 2; i++) {
		if (!vals[i])
			continue;
		recur_buf_adds(&s->extra, s->extra.len ? ", " : "{");
		recur_json_write_string(&s->extra, keys[i], strlen(keys[i]));
		recur_buf_adds(&s->extra, ": ");
		recur_json_write_string(&s->extra, vals[i], strlen(vals[i]));
	}
	if (s->extra.len)
		recur_buf_addch(&s->extra, '}');
}

/* When it began: the front matter's start or the timeline's "OUTAGE BEGINS", else the
 * first timeline entry, else the date. */
static long long first_time(const struct recur_postmortem *pm)
{
	long long t = 0;
	size_t i;

	if (pm->started_at)
		return pm->started_at;
	for (i = 0; i < pm->nevents; i++)
		if (!t || pm->events[i].at < t)
			t = pm->events[i].at;
	return t ? t : pm->date;
}

/* The first service of "checkout, cdn" (else the product), into out. */
static void first_service(const struct recur_postmortem *pm, struct recur_buf *out)
{
	const char *v = pm->services ? pm->services : pm->product;

	recur_buf_reset(out);
	if (v)
		recur_buf_add(out, v, strcspn(v, ",;/("));
	while (out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
}

/*
 * Creates the incident (*id = 0), or rewrites one this document created
 * before (*id set: an edited document is the incident's only source, so its
 * values replace the old ones; *changed says whether any did).
 */
static int write_incident(struct store *s, long long *id, int *changed, struct recur_error *err)
{
	static const char *const cols = "source_id, source_system, ext_id, title, description, "
					"service, severity, severity_label, opened_at, root_cause, "
					"resolution, started_at, resolved_at, category, url, extra";
	static const char *const vals = "?1, '" SYSTEM "', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
					"?12, ?13, ?14, ?15";
	const struct recur_postmortem *pm = s->pm;
	struct recur_buf title = RECUR_BUF_INIT, service = RECUR_BUF_INIT, sql = RECUR_BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if (*id)
		recur_buf_addf(&sql, "UPDATE incidents SET (%s) = (%s) WHERE id = ?16 AND "
				     "(%s) IS NOT (%s)", cols, vals, cols + 11, vals + 4);
	else
		recur_buf_addf(&sql, "INSERT INTO incidents (%s) VALUES (%s)", cols, vals);
	rc = recur_db_prepare(s->db, sql.buf, &st, err);
	recur_buf_release(&sql);
	if (rc)
		return -1;
	clean_title(pm->title, &title);
	first_service(pm, &service);
	if (s->source_id)
		sqlite3_bind_int64(st, 1, s->source_id);
	bind_text(st, 2, pm->ref);
	bind_text(st, 3, title.len ? title.buf : NULL);
	bind_text(st, 4, s->desc.len ? s->desc.buf : NULL);
	bind_text(st, 5, service.len ? service.buf : NULL);
	if (s->severity)
		sqlite3_bind_int(st, 6, s->severity);
	bind_text(st, 7, pm->severity);
	bind_time(st, 8, first_time(pm));
	bind_text(st, 9, s->root.len ? s->root.buf : NULL);
	bind_text(st, 10, pm->resolution);
	bind_time(st, 11, pm->started_at);
	bind_time(st, 12, pm->resolved_at);
	bind_text(st, 13, pm->categories);
	bind_text(st, 14, pm->url);
	bind_text(st, 15, s->extra.len ? s->extra.buf : NULL);
	if (*id)
		sqlite3_bind_int64(st, 16, *id);
	rc = step(s, st, err);
	sqlite3_finalize(st);
	if (*id)
		*changed |= sqlite3_changes(s->db) > 0;
	else
		*id = sqlite3_last_insert_rowid(s->db);
	recur_buf_release(&title);
	recur_buf_release(&service);
	return rc;
}

/* Fills the incident's empty fields; *changed when one was filled. main: the document is about it. */
static int fill_incident(struct store *s, long long id, int main, int *changed,
			 struct recur_error *err)
{
	const struct recur_postmortem *pm = s->pm;
	struct recur_buf title = RECUR_BUF_INIT, service = RECUR_BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(s->db,
			     "UPDATE incidents SET title = coalesce(title, ?2), "
			     "description = coalesce(description, ?3), service = coalesce(service, ?4), "
			     "severity = coalesce(severity, ?5), "
			     "severity_label = coalesce(severity_label, ?6), "
			     "opened_at = coalesce(opened_at, ?7), root_cause = coalesce(root_cause, ?8), "
			     "resolution = coalesce(resolution, ?9), started_at = coalesce(started_at, ?10), "
			     "resolved_at = coalesce(resolved_at, ?11), category = coalesce(category, ?12), "
			     "url = coalesce(url, ?13), extra = coalesce(extra, ?14) WHERE id = ?1 AND ("
			     "(title IS NULL AND ?2 IS NOT NULL) OR (description IS NULL AND ?3 IS NOT NULL) "
			     "OR (service IS NULL AND ?4 IS NOT NULL) OR (severity IS NULL AND ?5 IS NOT NULL) "
			     "OR (severity_label IS NULL AND ?6 IS NOT NULL) "
			     "OR (opened_at IS NULL AND ?7 IS NOT NULL) "
			     "OR (root_cause IS NULL AND ?8 IS NOT NULL) "
			     "OR (resolution IS NULL AND ?9 IS NOT NULL) "
			     "OR (started_at IS NULL AND ?10 IS NOT NULL) "
			     "OR (resolved_at IS NULL AND ?11 IS NOT NULL) "
			     "OR (category IS NULL AND ?12 IS NOT NULL) OR (url IS NULL AND ?13 IS NOT NULL) "
			     "OR (extra IS NULL AND ?14 IS NOT NULL))", &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (main) { /* a related incident (the edge side) keeps its own title and times */
		clean_title(pm->title, &title);
		first_service(pm, &service);
		bind_text(st, 2, title.len ? title.buf : NULL);
		bind_text(st, 3, s->desc.len ? s->desc.buf : NULL);
		bind_text(st, 4, service.len ? service.buf : NULL);
		if (s->severity)
			sqlite3_bind_int(st, 5, s->severity);
		bind_text(st, 6, pm->severity);
		bind_time(st, 7, first_time(pm));
		bind_time(st, 10, pm->started_at);
		bind_time(st, 11, pm->resolved_at);
		bind_text(st, 12, pm->categories);
		bind_text(st, 13, pm->url);
		bind_text(st, 14, s->extra.len ? s->extra.buf : NULL);
	}
	bind_text(st, 8, s->root.len ? s->root.buf : NULL);
	bind_text(st, 9, pm->resolution);
	rc = step(s, st, err);
	*changed |= sqlite3_changes(s->db) > 0;
	sqlite3_finalize(st);
	recur_buf_release(&title);
	recur_buf_release(&service);
	return rc;
}

/* The postmortems row; *old_src is the source of the version imported before (0 = none). */
static int put_document(struct store *s, long long id, int main, long long *old_src, int *changed,
			struct recur_error *err)
{
	static const char *const cols =
		"main, ref, title, date, authors, status, severity, summary, impact, root_cause, "
		"trigger, contributing_factors, resolution, detection, lessons";
	static const char *const excols =
		"excluded.main, excluded.ref, excluded.title, excluded.date, excluded.authors, "
		"excluded.status, excluded.severity, excluded.summary, excluded.impact, "
		"excluded.root_cause, excluded.trigger, excluded.contributing_factors, "
		"excluded.resolution, excluded.detection, excluded.lessons";
	const struct recur_postmortem *pm = s->pm;
	const char *texts[] = { pm->authors, pm->status, pm->severity, pm->summary, pm->impact,
				pm->root_cause, pm->trigger, pm->contributing, pm->resolution,
				pm->detection, pm->lessons };
	struct recur_buf sql = RECUR_BUF_INIT;
	sqlite3_stmt *st;
	int rc, i;

	*old_src = 0;
	if (recur_db_prepare(s->db, "SELECT source_id FROM postmortems WHERE incident_id = ?1", &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*old_src = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	recur_buf_addf(&sql, "INSERT INTO postmortems (incident_id, source_id, path, %s) VALUES (?1, "
			     "?2, ?3", cols);
	for (i = 4; i <= 18; i++)
		recur_buf_addf(&sql, ", ?%d", i);
	recur_buf_addf(&sql, ") ON CONFLICT (incident_id) DO UPDATE SET path = excluded.path, "
			     "(%s) = (%s) WHERE (%s) IS NOT (%s)", cols, excols, cols, excols);
	rc = recur_db_prepare(s->db, sql.buf, &st, err);
	recur_buf_release(&sql);
	if (rc)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (s->source_id)
		sqlite3_bind_int64(st, 2, s->source_id);
	sqlite3_bind_text(st, 3, s->path ? s->path : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, main);
	bind_text(st, 5, pm->ref);
	bind_text(st, 6, pm->title);
	bind_time(st, 7, pm->date);
	for (i = 0; i < (int)(sizeof(texts) / sizeof(texts[0])); i++)
		bind_text(st, 8 + i, texts[i]);
	rc = step(s, st, err);
	*changed |= sqlite3_changes(s->db) > 0;
	sqlite3_finalize(st);
	if (rc || recur_db_prepare(s->db, "UPDATE postmortems SET source_id = ?2 WHERE incident_id = ?1",
				   &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (s->source_id)
		sqlite3_bind_int64(st, 2, s->source_id);
	rc = step(s, st, err);
	sqlite3_finalize(st);
	return rc;
}

static int prepare(struct store *s, struct recur_error *err)
{
	return recur_db_prepare(s->db, "SELECT 1 FROM incident_events WHERE incident_id = ?1 AND "
					"at IS ?2 AND kind = ?3 AND new_value IS ?4", &s->ev_exists, err) ||
	       recur_db_prepare(s->db, "INSERT INTO incident_events (incident_id, at, kind, new_value, "
					"actor, source_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT "
					"(incident_id, at, kind, new_value) DO UPDATE SET actor = "
					"excluded.actor, source_id = excluded.source_id", &s->ev_put, err) ||
	       recur_db_prepare(s->db, "INSERT INTO action_items (incident_id, text, owner, due_at, "
					"status, kind, ticket, source_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
					"?7, ?8) ON CONFLICT (incident_id, text) DO UPDATE SET owner = "
					"excluded.owner, due_at = excluded.due_at, status = "
					"excluded.status, kind = excluded.kind, ticket = excluded.ticket, "
					"source_id = excluded.source_id", &s->act_put, err) ||
	       recur_db_prepare(s->db, "SELECT 1 FROM action_items WHERE incident_id = ?1 AND text = ?2 "
					"AND owner IS ?3 AND due_at IS ?4 AND status = ?5 AND kind IS ?6 "
					"AND ticket IS ?7", &s->act_id, err)
		       ? -1 : 0;
}

static int put_event(struct store *s, long long id, long long at, const char *kind,
		     const char *text, const char *actor, int *changed, struct recur_error *err)
{
	sqlite3_stmt *st = s->ev_exists;

	sqlite3_bind_int64(st, 1, id);
	bind_time(st, 2, at);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	bind_text(st, 4, text);
	if (sqlite3_step(st) != SQLITE_ROW) {
		*changed = 1;
		s->r->events += !strcmp(kind, "timeline");
	}
	sqlite3_reset(st);
	st = s->ev_put;
	sqlite3_bind_int64(st, 1, id);
	bind_time(st, 2, at);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	bind_text(st, 4, text);
	bind_text(st, 5, actor);
	if (s->source_id)
		sqlite3_bind_int64(st, 6, s->source_id);
	else
		sqlite3_bind_null(st, 6);
	return step(s, st, err);
}

static int put_action(struct store *s, long long id, const struct recur_pm_action *a, int *changed,
		      struct recur_error *err)
{
	const char *status = a->done ? "done" : "open";
	sqlite3_stmt *sts[2] = { s->act_id, s->act_put };
	int k;

	for (k = 0; k < 2; k++) {
		sqlite3_stmt *st = sts[k];

		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, a->text);
		bind_text(st, 3, a->owner);
		bind_time(st, 4, a->due_at);
		sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
		bind_text(st, 6, a->kind);
		bind_text(st, 7, a->bug);
		if (k == 0) {
			*changed |= sqlite3_step(st) != SQLITE_ROW;
			sqlite3_reset(st);
		} else if (s->source_id) {
			sqlite3_bind_int64(st, 8, s->source_id);
		}
	}
	return step(s, s->act_put, err);
}

/* Removes the events and items the previous version of the document wrote and this one does not. */
static int drop_stale(struct store *s, long long id, long long old_src, int *changed,
		      struct recur_error *err)
{
	static const char *const sql[] = {
		"DELETE FROM incident_events WHERE incident_id = ?1 AND source_id = ?2 "
		"AND kind IN ('timeline', 'postmortem')",
		"DELETE FROM action_items WHERE incident_id = ?1 AND source_id = ?2",
	};
	sqlite3_stmt *st;
	int k;

	if (!old_src || old_src == s->source_id)
		return 0;
	for (k = 0; k < 2; k++) {
		if (recur_db_prepare(s->db, sql[k], &st, err))
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, old_src);
		if (step(s, st, err)) {
			sqlite3_finalize(st);
			return -1;
		}
		*changed |= sqlite3_changes(s->db) > 0;
		sqlite3_finalize(st);
	}
	return 0;
}

/*
 * One incident the document is about (main) or names: fields, document,
 * events, items. own: the main incident is one this document created.
 */
static int attach(struct store *s, long long id, int main, int created, int own,
		  struct recur_error *err)
{
	const struct recur_postmortem *pm = s->pm;
	long long old_src;
	int changed = created;
	size_t i;

	if ((!created && own && write_incident(s, &id, &changed, err)) ||
	    (!created && !own && fill_incident(s, id, main, &changed, err)) ||
	    put_document(s, id, main, &old_src, &changed, err) ||
	    put_event(s, id, pm->date ? pm->date : first_time(pm), "postmortem",
		      pm->title ? pm->title : pm->ref, pm->authors, &changed, err))
		return -1;
	for (i = 0; main && i < pm->nevents; i++)
		if (put_event(s, id, pm->events[i].at, "timeline", pm->events[i].text,
			      pm->events[i].actor, &changed, err))
			return -1;
	for (i = 0; main && i < pm->nactions; i++)
		if (put_action(s, id, &pm->actions[i], &changed, err))
			return -1;
	if (drop_stale(s, id, old_src, &changed, err))
		return -1;
	if (created)
		s->r->incidents_new++;
	else if (changed)
		s->r->incidents_updated++;
	else
		s->r->incidents_unchanged++;
	return 0;
}

/* The other incidents the reference names ("SF-1175 (edge side: EDGE-427)"), when they exist. */
static int attach_others(struct store *s, long long main_id, struct recur_error *err)
{
	const char *p = s->pm->refs_other;
	char ref[128];
	long long id;
	int own;

	while (p && *p) {
		size_t n = strcspn(p, ",");

		snprintf(ref, sizeof(ref), "%.*s", (int)(n < sizeof(ref) - 1 ? n : sizeof(ref) - 1), p);
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
		if (find_incident(s, ref, &id, &own, err))
			return -1;
		if (id && id != main_id && attach(s, id, 0, 0, 0, err))
			return -1;
	}
	return 0;
}

static void summarise(struct store *s, long long id, int created)
{
	const struct recur_postmortem *pm = s->pm;
	struct recur_import_result *r = s->r;

	snprintf(r->format, sizeof(r->format), "postmortem");
	r->rows = 1;
	r->values_rejected += pm->values_rejected;
	if (pm->values_rejected && r->nexamples < 3) {
		struct recur_reject_example *e = &r->examples[r->nexamples++];

		e->line = pm->rejected_line;
		snprintf(e->field, sizeof(e->field), "%s", pm->rejected_field);
		snprintf(e->value, sizeof(e->value), "%s", pm->rejected_value);
	}
	if (pm->values_rejected) { /* the parser counts them all but keeps only the first's field */
		int severity = r->rejected_fields[0] != '\0'; /* map_severity's */

		snprintf(r->rejected_fields, sizeof(r->rejected_fields), "%s%s%s",
			 severity ? "severity, " : "", pm->rejected_field,
			 pm->values_rejected > 1 ? " and others" : "");
	}
	snprintf(r->mapping, sizeof(r->mapping), "ref=%s (%s), %zu timeline entries, %zu action items%s%s%s",
		 pm->ref, pm->ref_from ? pm->ref_from : "?", pm->nevents, pm->nactions,
		 pm->fm_used ? ", front matter: " : "", pm->fm_used ? pm->fm_used : "",
		 pm->body ? ", the body as the description (no section the parser knows)" : "");
	snprintf(r->notes, sizeof(r->notes), "%s incident %s%s%s", created ? "created" : "linked to",
		 pm->ref, pm->refs_other ? "; also names " : "", pm->refs_other ? pm->refs_other : "");
	if (r->npreview < 3)
		snprintf(r->preview[r->npreview++], sizeof(r->preview[0]),
			 "incident %lld: ext_id=%s, title=%.80s, severity=%s", id, pm->ref,
			 pm->title ? pm->title : "", pm->severity ? pm->severity : "");
}

/* The rejected values into import_rejects: a severity no map knows, and the
 * first value the parser could not read (it keeps only that one's text). */
static int put_reject(struct store *s, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc = 0, bad_severity = s->pm->severity && !s->severity;

	if ((!s->pm->values_rejected && !bad_severity) || !s->source_id)
		return 0;
	if (recur_db_prepare(s->db, "INSERT INTO import_rejects (source_id, line, field, value, reason) "
				    "VALUES (?1, ?2, ?3, ?4, ?5)", &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, s->source_id);
	if (bad_severity) {
		sqlite3_bind_null(st, 2);
		sqlite3_bind_text(st, 3, "severity", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, s->pm->severity, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, "not a severity label of queries/severity-map.sql or "
				  "queries/vocabulary/", -1, SQLITE_STATIC);
		rc = step(s, st, err);
		sqlite3_reset(st);
	}
	if (!rc && s->pm->values_rejected) {
		sqlite3_bind_int64(st, 2, s->pm->rejected_line);
		sqlite3_bind_text(st, 3, s->pm->rejected_field, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, s->pm->rejected_value, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, s->pm->rejected_example, -1, SQLITE_STATIC);
		rc = step(s, st, err);
	}
	sqlite3_finalize(st);
	return rc;
}

int recur_postmortem_store(sqlite3 *db, long long source_id, const char *path,
			   const struct recur_postmortem *pm, const struct recur_import_opts *opts,
			   struct recur_import_result *r, struct recur_error *err)
{
	struct store s;
	long long id = 0;
	int rc = -1, created = 0, own = 0;

	(void)opts;
	memset(&s, 0, sizeof(s));
	s.db = db;
	s.source_id = source_id;
	s.path = path;
	s.pm = pm;
	s.r = r;
	recur_buf_init(&s.root, 0);
	recur_buf_init(&s.desc, 0);
	recur_buf_init(&s.extra, 0);
	if (!pm->ref) {
		recur_error_at(err, path, 0, 0, "no incident reference: add a line like "
			       "'Incident: INC0012345' under the title");
		goto out;
	}
	compose_root(&s);
	compose_desc(&s);
	compose_extra(&s);
	if (map_severity(&s, err) || prepare(&s, err) || find_incident(&s, pm->ref, &id, &own, err))
		goto out;
	if (!id && !first_time(pm)) {
		/* an incident with no time would be counted in no period and
		 * mislead every list it is in: a README or notes, not a postmortem */
		recur_error_at(err, path, 0, 0, RECUR_NOT_POSTMORTEM ": it names no incident recur has "
			       "and gives no time (looked for front matter date or start_time, a "
			       "'Date:' line, a timeline); add one of these, or an 'Incident:' line "
			       "naming the incident it is about");
		r->not_postmortem = 1;
		goto out;
	}
	if (!id) {
		if (write_incident(&s, &id, &created, err))
			goto out;
		created = 1;
	}
	if (attach(&s, id, 1, created, own, err) || attach_others(&s, id, err) || put_reject(&s, err))
		goto out;
	summarise(&s, id, created);
	rc = 0;
out:
	sqlite3_finalize(s.ev_exists);
	sqlite3_finalize(s.ev_put);
	sqlite3_finalize(s.act_put);
	sqlite3_finalize(s.act_id);
	recur_buf_release(&s.root);
	recur_buf_release(&s.desc);
	recur_buf_release(&s.extra);
	return rc;
}

int recur_postmortem_import(sqlite3 *db, long long source_id, const char *path, const char *buf,
			    size_t len, const struct recur_import_opts *opts,
			    struct recur_import_result *r, struct recur_error *err)
{
	struct recur_postmortem *pm;
	int rc;

	const struct imp_profiles *ps;
	struct recur_pm_words words;

	snprintf(r->format, sizeof(r->format), "postmortem");
	/* headings in other languages ("Causa raíz"): the import vocabulary's */
	if (imp_profiles_get(db, &ps, err))
		return -1;
	words.english = imp_heading_english;
	words.ctx = (void *)ps;
	if (recur_postmortem_parse_words(buf, len, path, &words, &pm, err)) {
		r->not_postmortem = !strncmp(err->msg, RECUR_NOT_POSTMORTEM,
					     strlen(RECUR_NOT_POSTMORTEM));
		return -1;
	}
	rc = recur_postmortem_store(db, source_id, path, pm, opts, r, err);
	recur_postmortem_free(pm);
	return rc;
}
