/*
 * fuzz_import.c — a whole import (recur_import_file) of arbitrary bytes into
 * a fresh in-memory database: detection, the format profiles, the mapping,
 * value parsing, event logs and the upsert, as `recur import` runs them.
 *
 * The import reads a path, so each input is written to a file in a private
 * temporary folder first. Byte 0 picks the file name (.csv, .json, .tsv or
 * .md); byte 1 the options: bits 0-1 date order, bit 2 --strict, bit 3
 * --dry-run, bit 4 --source-tz Europe/Paris. Checks that a failed import
 * leaves the database empty (one transaction: nothing partly imported), that
 * a successful one stored as many incidents as it counted new, and that the
 * result's strings are terminated.
 */
#include "fuzz.h"

#include <unistd.h>

#include "recur/db.h"
#include "recur/import.h"

static char dir[64];

/* The private folder goes when the process ends (each input's file is unlinked after use). */
static void remove_dir(void)
{
	rmdir(dir);
}

static long long count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void check_result(const struct recur_import_result *r)
{
	int i;

	FUZZ_ASSERT(memchr(r->format, '\0', sizeof(r->format)));
	FUZZ_ASSERT(memchr(r->mapping, '\0', sizeof(r->mapping)));
	FUZZ_ASSERT(memchr(r->why, '\0', sizeof(r->why)));
	FUZZ_ASSERT(memchr(r->notes, '\0', sizeof(r->notes)));
	FUZZ_ASSERT(memchr(r->rejected_fields, '\0', sizeof(r->rejected_fields)));
	FUZZ_ASSERT(r->nexamples >= 0 && r->nexamples <= 3);
	FUZZ_ASSERT(r->npreview >= 0 && r->npreview <= 3);
	for (i = 0; i < r->nexamples; i++)
		FUZZ_ASSERT(memchr(r->examples[i].value, '\0', sizeof(r->examples[i].value)));
	for (i = 0; i < r->npreview; i++)
		FUZZ_ASSERT(memchr(r->preview[i], '\0', sizeof(r->preview[i])));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[4] = { "fuzz.csv", "fuzz.json", "fuzz.tsv", "fuzz.md" };
	static const enum recur_date_order orders[4] = { RECUR_DATE_AUTO, RECUR_DATE_DMY,
							 RECUR_DATE_MDY, RECUR_DATE_AUTO };
	struct recur_import_opts o;
	struct recur_import_result r;
	struct recur_error err;
	sqlite3 *db = NULL;
	char path[128];
	FILE *f;
	int rc;

	if (size < 2 || size > (1 << 20))
		return 0;
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "%s/recur-fuzz-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(dir))
			abort();
		atexit(remove_dir);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, names[data[0] & 3]);
	f = fopen(path, "wb");
	if (!f || fwrite(data + 2, 1, size - 2, f) != size - 2 || fclose(f))
		abort();
	memset(&o, 0, sizeof(o));
	o.date_order = orders[data[1] & 3];
	o.strict = (data[1] & 4) != 0;
	o.dry_run = (data[1] & 8) != 0;
	o.source_tz = (data[1] & 16) ? "Europe/Paris" : NULL;
	o.now = 1764115200;
	memset(&r, 0, sizeof(r));
	recur_error_init(&err);
	if (recur_db_open(":memory:", &db, &err))
		abort();
	rc = recur_import_file(db, path, &o, &r, &err);
	check_result(&r);
	if (rc) {
		FUZZ_ASSERT(err.msg[0]);
		FUZZ_ASSERT(count(db, "SELECT count(*) FROM incidents") == 0);
		FUZZ_ASSERT(count(db, "SELECT count(*) FROM sources") == 0);
	} else if (o.dry_run) {
		FUZZ_ASSERT(count(db, "SELECT count(*) FROM incidents") == 0);
	} else {
		/* a fresh database: every incident stored is new (rows of one incident
		 * after the first count as updated) */
		FUZZ_ASSERT(count(db, "SELECT count(*) FROM incidents") == r.incidents_new ||
			    !strcmp(r.format, "postmortem"));
		FUZZ_ASSERT(r.incidents_new + r.incidents_updated + r.incidents_unchanged <= r.rows ||
			    !strcmp(r.format, "postmortem"));
	}
	FUZZ_ASSERT(sqlite3_get_autocommit(db)); /* no transaction left open */
	recur_db_close(db);
	unlink(path);
	return 0;
}
