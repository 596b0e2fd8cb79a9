/*
 * db.h — the store: opening recur.db, the schema, and running SQL into tables.
 *
 * The database is recur's public interface (queries/schema.sql documents
 * it). recur_db_open applies the schema migrations in order, guarded by
 * PRAGMA user_version, and registers recur's SQL functions (sqlfunc.h).
 */
#ifndef RECUR_DB_H
#define RECUR_DB_H

#include <sqlite3.h>

#include "recur/err.h"
#include "recur/table.h"

/* The schema version this build writes (PRAGMA user_version). */
#define RECUR_SCHEMA_VERSION 7

/*
 * Opens (creating if needed) the database at path and brings its schema up
 * to RECUR_SCHEMA_VERSION. A database from a newer recur is refused. Caller
 * owns *out (close with recur_db_close).
 */
int recur_db_open(const char *path, sqlite3 **out, struct recur_error *err);
/*
 * Same for a database that must exist already (commands that only read):
 * never creates a file; a missing one is an error that says to import.
 */
int recur_db_open_existing(const char *path, sqlite3 **out, struct recur_error *err);
/* Closes db; NULL does nothing. */
void recur_db_close(sqlite3 *db);

/* Runs one or more statements without results. */
int recur_db_exec(sqlite3 *db, const char *sql, struct recur_error *err);
/* Prepares one statement; caller owns *out (sqlite3_finalize). */
int recur_db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out, struct recur_error *err);
/* Loads queries/NAME (through share.h) and runs it with recur_db_exec. */
int recur_db_exec_file(sqlite3 *db, const char *name, struct recur_error *err);

/* A named parameter for recur_db_query: ":name" bound to text or an integer. */
struct recur_param {
	const char *name;
	const char *text;   /* used when not NULL */
	long long num;      /* used when text is NULL */
};

/*
 * Runs one SELECT with the given parameters (parameters the statement does
 * not use are ignored; ones it uses but are not given are NULL) and returns
 * all rows as a table: caller owns *out.
 */
int recur_db_query(sqlite3 *db, const char *sql, const struct recur_param *params, size_t nparams,
		   struct recur_table **out, struct recur_error *err);
/* Same, with the SQL read from data file name (e.g. "queries/metrics/by-severity.sql"). */
int recur_db_query_file(sqlite3 *db, const char *name, const struct recur_param *params,
			size_t nparams, struct recur_table **out, struct recur_error *err);

/*
 * The same query row by row, holding no table: row(ctx, st, err) is called once
 * before the first step (sqlite3_stmt_busy(st) is false; the column names
 * are known) and then at each row; it returns 0, or -1 with err set to stop.
 */
typedef int recur_db_row_fn(void *ctx, sqlite3_stmt *st, struct recur_error *err);
int recur_db_each(sqlite3 *db, const char *sql, const struct recur_param *params, size_t nparams,
		  recur_db_row_fn *row, void *ctx, struct recur_error *err);
int recur_db_each_file(sqlite3 *db, const char *name, const struct recur_param *params,
		       size_t nparams, recur_db_row_fn *row, void *ctx, struct recur_error *err);

/* Transactions; each returns 0 or -1 with err set. rollback never fails. */
int recur_db_begin(sqlite3 *db, struct recur_error *err);
int recur_db_commit(sqlite3 *db, struct recur_error *err);
void recur_db_rollback(sqlite3 *db);

/*
 * A bulk load (src/store/bulk.c): one file's import is one transaction, and
 * a big one loads faster with settings for its length (a bigger cache, a
 * rollback journal instead of WAL, foreign keys off when the loader only
 * writes references it just made) and, into an empty table, without the
 * table's secondary indexes, made again at the end of the same transaction
 * (a failed load rolls the drop back with the rest).
 */
#define RECUR_DB_BULK_BYTES ((size_t)4 << 20)  /* a load this big is a bulk load */

struct recur_db_bulk {
	int fk_off, wal_off;    /* settings to put back */
	size_t n;
	char *sql[16];          /* the dropped indexes' CREATE statements */
};

/* Before the transaction, for a load of bytes; keep_fk leaves foreign keys
 * on (a load that relies on cascades). */
void recur_db_bulk_enter(sqlite3 *db, size_t bytes, int keep_fk, struct recur_db_bulk *b);
/* In the transaction: drops table's secondary indexes when it is empty and
 * the load big (the unique indexes an upsert needs are constraints: kept). */
int recur_db_bulk_drop_indexes(sqlite3 *db, const char *table, size_t bytes,
			       struct recur_db_bulk *b, struct recur_error *err);
/* In the transaction: makes the dropped indexes again (build = 0: only
 * forgets them, as the rollback brings them back). */
int recur_db_bulk_rebuild(sqlite3 *db, struct recur_db_bulk *b, int build,
			  struct recur_error *err);
/* After the transaction: puts the settings back. */
void recur_db_bulk_leave(sqlite3 *db, struct recur_db_bulk *b);

#endif
