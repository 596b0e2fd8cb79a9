/*
 * bulk.c — the bulk-load policy: settings and secondary indexes for the
 * length of one big transaction (db.h).
 *
 * WAL would write every page twice (log, then checkpoint) and SQLite's own
 * notes find a rollback journal faster past ~100 MB per transaction, so a
 * big load runs in rollback-journal mode (best effort: if another
 * connection holds the WAL, it stays). With foreign keys on, each upsert
 * needs a statement journal (a copy of each page it touches), which cost
 * more than half of an import's time. Secondary indexes of an empty table
 * cost a b-tree insert per row and index, in their own order, against one
 * sort each when built after.
 */
#include "recur/db.h"
#include "recur/buf.h"
#include "recur/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first column of the first row of a PRAGMA, as text into out. */
static void pragma_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

void recur_db_bulk_enter(sqlite3 *db, size_t bytes, int keep_fk, struct recur_db_bulk *b)
{
	char v[16];

	memset(b, 0, sizeof(*b));
	if (bytes > RECUR_DB_BULK_BYTES) {
		sqlite3_exec(db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
		pragma_text(db, "PRAGMA journal_mode", v, sizeof(v));
		if (!strcmp(v, "wal")) {
			pragma_text(db, "PRAGMA journal_mode = DELETE", v, sizeof(v));
			b->wal_off = !strcmp(v, "delete");
		}
	}
	if (!keep_fk) {
		pragma_text(db, "PRAGMA foreign_keys", v, sizeof(v));
		if (!strcmp(v, "1") && sqlite3_exec(db, "PRAGMA foreign_keys = OFF", NULL, NULL,
						    NULL) == SQLITE_OK)
			b->fk_off = 1;
	}
}

int recur_db_bulk_drop_indexes(sqlite3 *db, const char *table, size_t bytes,
			       struct recur_db_bulk *b, struct recur_error *err)
{
	sqlite3_stmt *st;
	struct recur_buf drop = RECUR_BUF_INIT;
	char *q;
	int rc;

	b->n = 0;
	if (bytes <= RECUR_DB_BULK_BYTES)
		return 0;
	q = sqlite3_mprintf("SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
			    "AND tbl_name = %Q AND sql IS NOT NULL "
			    "AND NOT EXISTS (SELECT 1 FROM \"%w\") ORDER BY name", table, table);
	rc = recur_db_prepare(db, q, &st, err);
	sqlite3_free(q);
	if (rc)
		return -1;
	while (b->n < sizeof(b->sql) / sizeof(b->sql[0]) && sqlite3_step(st) == SQLITE_ROW) {
		b->sql[b->n++] = xstrdup((const char *)sqlite3_column_text(st, 1));
		q = sqlite3_mprintf("DROP INDEX \"%w\";", (const char *)sqlite3_column_text(st, 0));
		recur_buf_adds(&drop, q);
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	rc = drop.len ? recur_db_exec(db, drop.buf, err) : 0;
	recur_buf_release(&drop);
	return rc;
}

int recur_db_bulk_rebuild(sqlite3 *db, struct recur_db_bulk *b, int build,
			  struct recur_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < b->n; i++) {
		if (build && !rc)
			rc = recur_db_exec(db, b->sql[i], err);
		free(b->sql[i]);
	}
	b->n = 0;
	return rc;
}

void recur_db_bulk_leave(sqlite3 *db, struct recur_db_bulk *b)
{
	if (b->fk_off)
		sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (b->wal_off)
		sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	b->fk_off = b->wal_off = 0;
}
