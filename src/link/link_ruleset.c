/*
 * link_ruleset.c — which rules a link runs with, and keeping them.
 *
 * The rules a database was linked with are stored in it (table link_rules:
 * text, path, SHA-256, time), because the problems they make carry what a
 * person wrote (title, root cause, workaround, status): a later `recur link`
 * or `recur review` without --rules must not drop them. So: --rules FILE
 * links with FILE and stores it in place of the stored rules; no option
 * links with the stored rules; --no-rules links without rules and deletes
 * the stored ones. Storing and deleting run in the link's transaction, so
 * a link that fails changes neither. Nothing is printed here.
 */
#include "link_internal.h"
#include "recur/db.h"
#include "recur/sha256.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The rules files recur reads are small; this keeps a stray huge file out. */
#define RULES_MAX_BYTES (64u << 20)

static int read_file(struct link_ruleset *rs, const char *path, struct recur_error *err)
{
	if (recur_buf_read_file(&rs->text, path))
		return recur_error_at(err, path, 0, 0, "cannot read rules file: %s; check the path "
				      "given with --rules", strerror(errno));
	rs->from = RECUR_RULES_FILE;
	snprintf(rs->path, sizeof(rs->path), "%s", path);
	return 0;
}

/* Reads the stored rules, if any, into rs (from stays NONE when there are none). */
static int read_stored(sqlite3 *db, struct link_ruleset *rs, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, "SELECT path, content, stored_at, sha256 FROM link_rules", &st, err))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rs->from = RECUR_RULES_STORED;
		snprintf(rs->path, sizeof(rs->path), "%s", (const char *)sqlite3_column_text(st, 0));
		recur_buf_add(&rs->text, (const char *)sqlite3_column_text(st, 1),
			      (size_t)sqlite3_column_bytes(st, 1));
		rs->stored_at = sqlite3_column_int64(st, 2);
		snprintf(rs->stored_sha, sizeof(rs->stored_sha), "%s",
			 (const char *)sqlite3_column_text(st, 3));
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_ROW;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return recur_error_set(err, "cannot read the stored rules: %s", sqlite3_errmsg(db));
	return 0;
}

int link_ruleset_load(sqlite3 *db, const struct recur_link_opts *o, struct link_ruleset *rs,
		      struct recur_error *err)
{
	char name[sizeof(rs->path) + 32];

	memset(rs, 0, sizeof(*rs));
	recur_buf_init(&rs->text, RULES_MAX_BYTES);
	if (o->no_rules) {
		if (read_stored(db, rs, err))
			return -1;
		rs->dropped = rs->from == RECUR_RULES_STORED;
		rs->from = RECUR_RULES_NONE;
		return 0;
	}
	if (o->rules_path) {
		struct link_ruleset old;

		if (read_file(rs, o->rules_path, err))
			return -1;
		memset(&old, 0, sizeof(old));
		recur_buf_init(&old.text, RULES_MAX_BYTES);
		if (read_stored(db, &old, err)) {
			recur_buf_release(&old.text);
			return -1;
		}
		recur_sha256_hex(rs->text.buf, rs->text.len, rs->sha);
		rs->replaced = old.from == RECUR_RULES_STORED && strcmp(old.stored_sha, rs->sha);
		recur_buf_release(&old.text);
		snprintf(name, sizeof(name), "%s", rs->path);
	} else {
		if (read_stored(db, rs, err))
			return -1;
		if (rs->from == RECUR_RULES_NONE)
			return 0;
		snprintf(rs->sha, sizeof(rs->sha), "%s", rs->stored_sha);
		/* errors name the file as it was given, and that it was stored */
		snprintf(name, sizeof(name), "%s (stored)", rs->path);
	}
	return link_rules_parse(rs->text.buf, rs->text.len, name, &rs->rules, err);
}

int link_ruleset_store(sqlite3 *db, const struct link_ruleset *rs, long long now,
		       struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (rs->from == RECUR_RULES_NONE)
		return rs->dropped ? recur_db_exec(db, "DELETE FROM link_rules", err) : 0;
	if (rs->from != RECUR_RULES_FILE)
		return 0;
	/* the same text again keeps its first stored time */
	if (recur_db_prepare(db, "INSERT INTO link_rules (id, path, sha256, content, stored_at) "
			     "VALUES (1, ?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET "
			     "path = excluded.path, sha256 = excluded.sha256, "
			     "content = excluded.content, stored_at = excluded.stored_at "
			     "WHERE sha256 IS NOT excluded.sha256 OR path IS NOT excluded.path",
			     &st, err))
		return -1;
	sqlite3_bind_text(st, 1, rs->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rs->sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rs->text.buf, (int)rs->text.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot store the rules: %s", sqlite3_errmsg(db));
	return 0;
}

void link_ruleset_release(struct link_ruleset *rs)
{
	link_rules_release(&rs->rules); /* a zeroed set too */
	recur_buf_release(&rs->text);
}
