/*
 * link_state.c — what the last link ran on and with (table link_state,
 * queries/migrate-6.sql), so a run with nothing new returns at once.
 *
 * "Nothing new": no sources row since the last run (every import that
 * writes adds one), the same count and largest id of incidents (a deleted
 * or added row), and the same settings (recur's version, the rules' hash
 * and path, --fields, --min-incidents, --window, --no-signatures). The
 * run's figures are stored with it, so the answer reads like a run's.
 * Edits made outside recur (sqlite3) are not seen: --full is for them.
 */
#include "link_internal.h"
#include "recur/db.h"
#include "recur/version.h"

#include <stdio.h>
#include <string.h>

void link_state_settings(const struct recur_link_opts *o, const struct link_ruleset *rs,
			 struct recur_buf *out)
{
	recur_buf_reset(out);
	recur_buf_addf(out, "recur %s schema %d; rules %s %s; fields %s; min %d; window %d; "
		       "signatures %s", RECUR_VERSION, RECUR_SCHEMA_VERSION,
		       rs->from == RECUR_RULES_NONE ? "none" : rs->sha,
		       rs->from == RECUR_RULES_NONE ? "" : rs->path, o->fields ? o->fields : "-",
		       o->min_incidents > 0 ? o->min_incidents : 2,
		       o->window_days > 0 ? o->window_days : 0, o->no_signatures ? "no" : "yes");
}

/* The database's sources max id, incidents count and max id. */
static int fingerprint(sqlite3 *db, long long v[3], struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, "SELECT (SELECT coalesce(max(id), 0) FROM sources), "
			     "(SELECT count(*) FROM incidents), "
			     "(SELECT coalesce(max(id), 0) FROM incidents)", &st, err))
		return -1;
	rc = sqlite3_step(st);
	v[0] = sqlite3_column_int64(st, 0);
	v[1] = sqlite3_column_int64(st, 1);
	v[2] = sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return recur_error_set(err, "cannot read the incidents: %s", sqlite3_errmsg(db));
	return 0;
}

static const char state_cols[] =
	"sources_max, incidents, incidents_max, settings, linked_at, linked, rule_links, "
	"signature_links, similar_links, source_links, problems, recurring, code_sources, "
	"code_titles, human_sources, human_titles";

static void copy_text(sqlite3_stmt *st, int c, char *out, size_t size)
{
	const char *s = (const char *)sqlite3_column_text(st, c);

	snprintf(out, size, "%s", s ? s : "");
}

int link_state_unchanged(sqlite3 *db, const char *settings, struct recur_link_result *r,
			 struct recur_error *err)
{
	char sql[512];
	long long v[3];
	sqlite3_stmt *st;
	int rc, same = 0;

	if (fingerprint(db, v, err))
		return -1;
	snprintf(sql, sizeof(sql), "SELECT %s FROM link_state WHERE id = 1", state_cols);
	if (recur_db_prepare(db, sql, &st, err))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == v[0] &&
	    sqlite3_column_int64(st, 1) == v[1] && sqlite3_column_int64(st, 2) == v[2] &&
	    sqlite3_column_text(st, 3) && !strcmp((const char *)sqlite3_column_text(st, 3), settings)) {
		same = 1;
		r->incidents = (long)v[1];
		r->last_linked_at = sqlite3_column_int64(st, 4);
		r->linked = (long)sqlite3_column_int64(st, 5);
		r->rule_links = (long)sqlite3_column_int64(st, 6);
		r->signature_links = (long)sqlite3_column_int64(st, 7);
		r->similar_links = (long)sqlite3_column_int64(st, 8);
		r->source_links = (long)sqlite3_column_int64(st, 9);
		r->problems = (long)sqlite3_column_int64(st, 10);
		r->recurring = (long)sqlite3_column_int64(st, 11);
		r->code_sources = (long)sqlite3_column_int64(st, 12);
		copy_text(st, 13, r->code_titles, sizeof(r->code_titles));
		r->human_sources = (long)sqlite3_column_int64(st, 14);
		copy_text(st, 15, r->human_titles, sizeof(r->human_titles));
		r->unchanged = 1;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		recur_error_set(err, "cannot read link_state: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? same : -1;
}

int link_state_store(sqlite3 *db, const char *settings, long long now,
		     const struct recur_link_result *r, struct recur_error *err)
{
	char sql[768];
	long long v[3];
	sqlite3_stmt *st;
	int rc;

	if (fingerprint(db, v, err))
		return -1;
	snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO link_state (id, %s) VALUES (1, ?1, ?2, "
		 "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", state_cols);
	if (recur_db_prepare(db, sql, &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, v[0]);
	sqlite3_bind_int64(st, 2, v[1]);
	sqlite3_bind_int64(st, 3, v[2]);
	sqlite3_bind_text(st, 4, settings, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	sqlite3_bind_int64(st, 6, r->linked);
	sqlite3_bind_int64(st, 7, r->rule_links);
	sqlite3_bind_int64(st, 8, r->signature_links);
	sqlite3_bind_int64(st, 9, r->similar_links);
	sqlite3_bind_int64(st, 10, r->source_links);
	sqlite3_bind_int64(st, 11, r->problems);
	sqlite3_bind_int64(st, 12, r->recurring);
	sqlite3_bind_int64(st, 13, r->code_sources);
	sqlite3_bind_text(st, 14, r->code_titles, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, r->human_sources);
	sqlite3_bind_text(st, 16, r->human_titles, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot write link_state: %s", sqlite3_errmsg(db));
	return 0;
}
