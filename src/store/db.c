/*
 * db.c — opening the store, schema migrations, SQL into result tables.
 * Other modules prepare their own statements; this file holds what they share.
 */
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/share.h"
#include "recur/sqlfunc.h"

#include <errno.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int db_fail(sqlite3 *db, struct recur_error *err, const char *what)
{
	return recur_error_set(err, "%s: %s", what, sqlite3_errmsg(db));
}

int recur_db_exec(sqlite3 *db, const char *sql, struct recur_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		recur_error_set(err, "database error: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int recur_db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out, struct recur_error *err)
{
	if (sqlite3_prepare_v2(db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return db_fail(db, err, "cannot prepare query");
	}
	return 0;
}

int recur_db_exec_file(sqlite3 *db, const char *name, struct recur_error *err)
{
	struct recur_buf sql = RECUR_BUF_INIT;
	int r = recur_share_load(name, &sql, err);

	if (!r && recur_db_exec(db, sql.buf, err)) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		recur_error_set(err, "%s: %s", name, msg);
		r = -1;
	}
	recur_buf_release(&sql);
	return r;
}

int recur_db_begin(sqlite3 *db, struct recur_error *err)
{
	return recur_db_exec(db, "BEGIN IMMEDIATE", err);
}

int recur_db_commit(sqlite3 *db, struct recur_error *err)
{
	return recur_db_exec(db, "COMMIT", err);
}

void recur_db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

static int user_version(sqlite3 *db, int *out, struct recur_error *err)
{
	sqlite3_stmt *st;

	if (recur_db_prepare(db, "PRAGMA user_version", &st, err))
		return -1;
	*out = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

/* Whether foreign keys hold after a migration copied tables (SQLite's
 * procedure for changing a table's constraints); -1 with err when not. */
static int check_keys(sqlite3 *db, const char *name, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, "PRAGMA foreign_key_check", &st, err))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		recur_error_set(err, "%s leaves a row of '%s' pointing nowhere", name,
				(const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_DONE)
		recur_error_set(err, "cannot check foreign keys: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int migrate_steps(sqlite3 *db, struct recur_error *err);

/* Migrations: queries/schema.sql creates version 1; later versions add
 * queries/migrate-N.sql files, each run once in its own transaction, with
 * foreign keys off (so a migration may copy a table to change its
 * constraints, as SQLite documents) and checked before its commit. */
static int migrate(sqlite3 *db, struct recur_error *err)
{
	struct recur_error later;
	int rc, v;

	if (user_version(db, &v, err))
		return -1;
	if (v == RECUR_SCHEMA_VERSION)
		return 0;
	/* a migration may copy a million links: with SQLite's 2 MB page cache
	 * the join that rebuilt them (migrate-6) took 11 s instead of 2 */
	if (recur_db_exec(db, "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536", err))
		return -1;
	rc = migrate_steps(db, err);
	recur_error_init(&later);
	if (recur_db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000",
			  rc ? &later : err))
		rc = -1;
	return rc;
}

static int migrate_steps(sqlite3 *db, struct recur_error *err)
{
	int v, next;
	char name[64];

	if (user_version(db, &v, err))
		return -1;
	if (v > RECUR_SCHEMA_VERSION)
		return recur_error_set(err, "database schema version %d is newer than this recur "
				       "understands (%d): upgrade recur", v, RECUR_SCHEMA_VERSION);
	for (next = v + 1; next <= RECUR_SCHEMA_VERSION; next++) {
		if (next == 1)
			snprintf(name, sizeof(name), "queries/schema.sql");
		else
			snprintf(name, sizeof(name), "queries/migrate-%d.sql", next);
		if (recur_db_begin(db, err))
			return -1;
		/* another process may have migrated while this one waited for the lock */
		if (user_version(db, &v, err)) {
			recur_db_rollback(db);
			return -1;
		}
		if (v >= next) {
			if (recur_db_commit(db, err))
				return -1;
			continue;
		}
		if (recur_db_exec_file(db, name, err) || check_keys(db, name, err)) {
			recur_db_rollback(db);
			return -1;
		}
		snprintf(name, sizeof(name), "PRAGMA user_version = %d", next);
		if (recur_db_exec(db, name, err) || recur_db_commit(db, err)) {
			recur_db_rollback(db);
			return -1;
		}
	}
	return 0;
}

static int open_flags(const char *path, int flags, sqlite3 **out, struct recur_error *err)
{
	sqlite3 *db = NULL;

	*out = NULL;
	/* recur never shares a connection between threads (the report's
	 * workbook thread does not touch the database), so neither a mutex per
	 * connection nor the allocator's global counters are needed: both were
	 * locked per row. The config only takes before SQLite's first use. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		recur_error_at(err, path, 0, 0, "cannot open database: %s",
			       db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 5000);
	/* 16 KB pages (a new database only; SQLite's default is 4 KB): a third
	 * fewer writes and b-tree levels on a bulk import, and faster scans for
	 * the whole-table queries link and metrics run. Before WAL, which fixes it. */
	if (recur_db_exec(db, "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON; "
			      "PRAGMA journal_mode = WAL; "
			      "PRAGMA synchronous = NORMAL", err) ||
	    recur_sqlfunc_register(db) != SQLITE_OK || migrate(db, err)) {
		if (!err->msg[0])
			db_fail(db, err, "cannot set up database");
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		recur_error_at(err, path, 0, 0, "%s", msg);
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

int recur_db_open(const char *path, sqlite3 **out, struct recur_error *err)
{
	return open_flags(path, SQLITE_OPEN_CREATE, out, err);
}

int recur_db_open_existing(const char *path, sqlite3 **out, struct recur_error *err)
{
	struct stat sb;

	*out = NULL;
	/* SQLite without SQLITE_OPEN_CREATE would say "unable to open database
	 * file" for a missing file as for any other failure */
	if (stat(path, &sb) && errno == ENOENT)
		return recur_error_set(err, "no database at '%s': run 'recur import FILE' first",
				       path);
	return open_flags(path, 0, out, err);
}

void recur_db_close(sqlite3 *db)
{
	if (db)
		sqlite3_close(db);
}

static void bind_params(sqlite3_stmt *st, const struct recur_param *params, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int idx = sqlite3_bind_parameter_index(st, params[i].name);

		if (!idx)
			continue;
		if (params[i].text)
			sqlite3_bind_text(st, idx, params[i].text, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(st, idx, params[i].num);
	}
}

/* A table being filled, one row per call (recur_db_query). */
static int table_row(void *ctx, sqlite3_stmt *st, struct recur_error *err)
{
	struct recur_table **t = ctx;
	int ncols = sqlite3_column_count(st), c;
	size_t r;

	(void)err;
	if (!*t) {
		const char **names = xcalloc((size_t)ncols + 1, sizeof(*names));

		for (c = 0; c < ncols; c++)
			names[c] = sqlite3_column_name(st, c);
		*t = recur_table_new((size_t)ncols, names);
		free(names);
	}
	if (!sqlite3_stmt_busy(st))
		return 0; /* the call before the first row */
	r = recur_table_add_row(*t);
	for (c = 0; c < ncols; c++) {
		switch (sqlite3_column_type(st, c)) {
		case SQLITE_INTEGER:
			recur_table_set_int(*t, r, (size_t)c, sqlite3_column_int64(st, c));
			break;
		case SQLITE_FLOAT:
			recur_table_set_real(*t, r, (size_t)c, sqlite3_column_double(st, c));
			break;
		case SQLITE_NULL:
			break;
		default:
			recur_table_set_text(*t, r, (size_t)c, (const char *)sqlite3_column_text(st, c));
		}
	}
	return 0;
}

int recur_db_each(sqlite3 *db, const char *sql, const struct recur_param *params, size_t nparams,
		  recur_db_row_fn *row, void *ctx, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, sql, &st, err))
		return -1;
	bind_params(st, params, nparams);
	if (row(ctx, st, err)) {
		sqlite3_finalize(st);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (row(ctx, st, err)) {
			sqlite3_finalize(st);
			return -1;
		}
	if (rc != SQLITE_DONE) {
		db_fail(db, err, "query failed");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int recur_db_each_file(sqlite3 *db, const char *name, const struct recur_param *params,
		       size_t nparams, recur_db_row_fn *row, void *ctx, struct recur_error *err)
{
	struct recur_buf sql = RECUR_BUF_INIT;
	int r = recur_share_load(name, &sql, err);

	if (!r && recur_db_each(db, sql.buf, params, nparams, row, ctx, err)) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		recur_error_set(err, "%s: %s", name, msg);
		r = -1;
	}
	recur_buf_release(&sql);
	return r;
}

/* The table a query filled, or none when it failed. */
static int table_result(int failed, struct recur_table **out)
{
	if (!failed)
		return 0;
	recur_table_free(*out);
	*out = NULL;
	return -1;
}

int recur_db_query(sqlite3 *db, const char *sql, const struct recur_param *params, size_t nparams,
		   struct recur_table **out, struct recur_error *err)
{
	*out = NULL;
	return table_result(recur_db_each(db, sql, params, nparams, table_row, out, err), out);
}

int recur_db_query_file(sqlite3 *db, const char *name, const struct recur_param *params,
			size_t nparams, struct recur_table **out, struct recur_error *err)
{
	*out = NULL;
	return table_result(recur_db_each_file(db, name, params, nparams, table_row, out, err), out);
}
