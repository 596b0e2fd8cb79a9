/* test_import.c — exports into a temporary database: what lands, idempotence,
 * updates, and files that fail leaving the database as it was. */
#include "harness.h"
#include "recur/buf.h"
#include "recur/db.h"
#include "recur/import.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[64];
static sqlite3 *db;

static const char *write_file(const char *name, const char *text)
{
	static char path[8][256];
	static int n;
	char *p = path[n++ % 8];
	FILE *f;

	snprintf(p, 256, "%s/%s", dir, name);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	return p;
}

static long long qint(const char *sql)
{
	sqlite3_stmt *st;
	long long v = -999;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		printf("#   bad sql %s: %s\n", sql, sqlite3_errmsg(db));
		return v;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static const char *qtext(const char *sql)
{
	static char out[4][512];
	static int n;
	char *o = out[n++ % 4];
	sqlite3_stmt *st;

	strcpy(o, "(none)");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return o;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(o, 512, "%s", sqlite3_column_type(st, 0) == SQLITE_NULL ? "(null)"
				       : (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return o;
}

/* The stored data, as one string: a failed or dry import must leave it equal. */
static const char *state(void)
{
	return qtext("SELECT (SELECT count(*) FROM incidents) || '/' || (SELECT count(*) FROM sources)"
		     " || '/' || (SELECT count(*) FROM import_rejects) || '/' || (SELECT "
		     "group_concat(ext_id || ':' || ifnull(resolved_at, '') || ':' || source_id) "
		     "FROM incidents)");
}

static int import(const char *path, int strict, struct recur_import_result *r, struct recur_error *err)
{
	struct recur_import_opts o = { 0 };

	o.strict = strict;
	o.now = 1764115200;
	recur_error_init(err);
	return recur_import_file(db, path, &o, r, err);
}

static const char csv1[] =
	"incident_number,summary,service,assignment_group,priority,state,created_at,"
	"acknowledged_at,resolved_at,category,root_cause,reopen_count,ticket_color\n"
	"INC1,DB pool exhausted,checkout,DBA,P1,Resolved,2026-03-04 10:15:00,2026-03-04 10:20:00,"
	"2026-03-04 11:00:00,db,pool,\"1,024\",red\n"
	"INC2,Slow search,search,?,P3,Closed,2026-03-05 09:00:00,N/A,-,null,None,,\n"
	"INC3,\"Cart \"\"error\"\"\",cart,Web,P4,New,2026-03-06 08:00:00,n/a,NULL,none,,0,\n";

static void import_csv_lands(void)
{
	struct recur_import_result r;
	struct recur_error err;

	CHECK_INT(import(write_file("a.csv", csv1), 0, &r, &err), 0);
	CHECK_STR(r.format, "csv");
	CHECK_INT(r.rows, 3);
	CHECK_INT(r.incidents_new, 3);
	CHECK_INT(r.values_rejected, 0);
	CHECK_STR(r.date_order, "");
	CHECK_STR(qtext("SELECT title FROM incidents WHERE ext_id = 'INC3'"), "Cart \"error\"");
	CHECK_STR(qtext("SELECT source_system FROM incidents WHERE ext_id = 'INC1'"), "generic");
	CHECK_INT(qint("SELECT severity FROM incidents WHERE ext_id = 'INC1'"), 1);
	CHECK_STR(qtext("SELECT severity_label FROM incidents WHERE ext_id = 'INC1'"), "P1");
	CHECK_STR(qtext("SELECT priority_label FROM incidents WHERE ext_id = 'INC1'"), "P1");
	CHECK_INT(qint("SELECT severity FROM incidents WHERE ext_id = 'INC3'"), 4);
	CHECK_INT(qint("SELECT opened_at FROM incidents WHERE ext_id = 'INC1'"), 1772619300);
	CHECK_INT(qint("SELECT acknowledged_at FROM incidents WHERE ext_id = 'INC1'"), 1772619600);
	CHECK_INT(qint("SELECT reopens FROM incidents WHERE ext_id = 'INC1'"), 1024);
	CHECK_STR(qtext("SELECT team FROM incidents WHERE ext_id = 'INC1'"), "DBA");
	CHECK_STR(qtext("SELECT extra FROM incidents WHERE ext_id = 'INC1'"), "{\"ticket_color\":\"red\"}");
	/* every null spelling is NULL, never the text */
	CHECK_INT(qint("SELECT count(*) FROM incidents WHERE ext_id IN ('INC2', 'INC3') AND "
		       "acknowledged_at IS NULL AND resolved_at IS NULL AND category IS NULL AND "
		       "root_cause IS NULL AND extra IS NULL"), 2);
	CHECK_INT(qint("SELECT count(*) FROM incidents WHERE ext_id = 'INC2' AND team IS NULL "
		       "AND reopens IS NULL"), 1);
	CHECK_INT(qint("SELECT rows_read FROM sources"), 3);
	CHECK(strstr(r.mapping, "ext_id=incident_number") != NULL);
	CHECK(strstr(r.mapping, "title=summary") != NULL);
}

static void import_same_bytes_changes_nothing(void)
{
	struct recur_import_result r;
	struct recur_error err;
	long long changes = sqlite3_total_changes(db);

	CHECK_INT(import(write_file("a-copy.csv", csv1), 0, &r, &err), 0);
	CHECK_INT(r.already_imported, 1);
	CHECK_INT(sqlite3_total_changes(db), changes);
	CHECK_INT(qint("SELECT count(*) FROM sources"), 1);
}

static void import_newer_export_updates(void)
{
	struct recur_import_result r;
	struct recur_error err;
	struct recur_buf b = RECUR_BUF_INIT;

	/* INC1 identical, INC2 now resolved, INC4 new; INC3 absent (kept) */
	recur_buf_adds(&b, "incident_number,summary,service,assignment_group,priority,state,"
			   "created_at,acknowledged_at,resolved_at,category,root_cause,reopen_count,"
			   "ticket_color\n");
	recur_buf_adds(&b, strchr(csv1, '\n') + 1);
	*strstr(b.buf, "INC3") = '\0';
	b.len = strlen(b.buf);
	b.buf[strstr(b.buf, "N/A,-") - b.buf + 4] = 'X';
	{
		char *p = strstr(b.buf, "N/A,X");
		struct recur_buf c = RECUR_BUF_INIT;

		recur_buf_add(&c, b.buf, (size_t)(p - b.buf));
		recur_buf_adds(&c, "N/A,2026-03-05 12:00:00");
		recur_buf_adds(&c, p + 5);
		recur_buf_adds(&c, "INC4,New one,api,API,P2,New,2026-03-07 08:00:00,,,,,,\n");
		CHECK_INT(import(write_file("b.csv", c.buf), 0, &r, &err), 0);
		recur_buf_release(&c);
	}
	CHECK_INT(r.rows, 3);
	CHECK_INT(r.incidents_new, 1);
	CHECK_INT(r.incidents_updated, 1);
	CHECK_INT(r.incidents_unchanged, 1);
	CHECK_INT(qint("SELECT resolved_at FROM incidents WHERE ext_id = 'INC2'"), 1772712000);
	CHECK_INT(qint("SELECT count(*) FROM incidents"), 4);
	/* the unchanged row keeps the import that last changed it */
	CHECK_INT(qint("SELECT source_id FROM incidents WHERE ext_id = 'INC1'"), 1);
	CHECK_INT(qint("SELECT source_id FROM incidents WHERE ext_id = 'INC2'"), 2);
	recur_buf_release(&b);
}

static void import_failing_file_leaves_db(void)
{
	struct recur_import_result r;
	struct recur_error err;
	char before[512];
	const char *p = write_file("bad.csv", "number,title,opened_at\nX1,ok,2026-01-01\nX2,\"broken,2026-01-02\n");

	snprintf(before, sizeof(before), "%s", state());
	CHECK_INT(import(p, 0, &r, &err), -1);
	CHECK(strstr(err.msg, "unterminated quoted field (opened here)") != NULL);
	CHECK_INT(err.line, 3);
	CHECK_INT(err.column, 4);
	CHECK_STR(state(), before);
	CHECK_INT(qint("SELECT count(*) FROM incidents WHERE ext_id = 'X1'"), 0);
	CHECK_INT(qint("SELECT count(*) FROM sources"), 2);
}

static void import_rejects_and_strict(void)
{
	struct recur_import_result r;
	struct recur_error err;
	const char *p = write_file("rej.csv", "number,title,opened_at,severity\n"
					      "R1,a,2026-01-01,sev1\nR2,b,yesterday,ultra\n");
	char before[512];

	snprintf(before, sizeof(before), "%s", state());
	CHECK_INT(import(p, 1, &r, &err), -1);
	CHECK_INT(err.line, 3);
	/* the first value of the row that cannot be read, in field order */
	CHECK(strstr(err.msg, "cannot read 'ultra' in column 'severity' as a severity label") != NULL);
	CHECK_STR(state(), before);

	/* the file's own faults come first, wherever they are: a column mixing
	 * day-first and month-first dates, a CSV syntax error */
	CHECK_INT(import(write_file("rej2.csv", "number,title,opened_at,severity\n"
						"R1,a,2026-01-01,ultra\nR2,b,13/01/2026,sev1\n"
						"R3,c,01/13/2026,sev1\n"), 1, &r, &err), -1);
	CHECK(strstr(err.msg, "mixes day-first dates") != NULL);
	CHECK_INT(import(write_file("rej3.csv", "number,title,opened_at,severity\n"
						"R1,a,2026-01-01,ultra\nR2,\"b,2026-01-01,sev1\n"),
			 1, &r, &err), -1);
	CHECK_INT(err.line, 3);
	CHECK(strstr(err.msg, "ultra") == NULL);
	CHECK_STR(state(), before);

	CHECK_INT(import(p, 0, &r, &err), 0);
	CHECK_INT(r.values_rejected, 2);
	CHECK_STR(r.rejected_fields, "severity 1, opened_at 1");
	CHECK_INT(qint("SELECT count(*) FROM incidents WHERE ext_id = 'R2' AND opened_at IS NULL "
		       "AND severity IS NULL AND severity_label = 'ultra'"), 1);
	CHECK_INT(qint("SELECT count(*) FROM import_rejects WHERE line = 3"), 2);
	CHECK_INT(qint("SELECT rows_rejected FROM sources ORDER BY id DESC LIMIT 1"), 2);
}

static void import_json(void)
{
	struct recur_import_result r;
	struct recur_error err;
	const char *p = write_file("inc.json",
		"{\"incidents\": [\n"
		"{\"id\": \"J1\", \"name\": \"Gateway down\", \"severity\": \"SEV0\",\n"
		" \"service\": {\"name\": \"payments\"}, \"created_at\": \"2026-03-04T10:15:00+02:00\",\n"
		" \"resolved_at\": \"2026-03-04T11:15:00.250+0200\", \"reopens\": 2, \"flag\": true},\n"
		"{\"id\": \"J2\", \"name\": \"Slow\", \"severity\": \"SEV2\", \"created_at\": 1772619300,\n"
		" \"resolved_at\": null}\n"
		"], \"page\": {\"id\": \"x\"}}\n");

	CHECK_INT(import(p, 0, &r, &err), 0);
	CHECK_STR(r.format, "json");
	CHECK_INT(r.rows, 2);
	CHECK(strstr(r.notes, "SEV0") != NULL);
	CHECK_INT(qint("SELECT severity FROM incidents WHERE ext_id = 'J1'"), 1);
	CHECK_INT(qint("SELECT severity FROM incidents WHERE ext_id = 'J2'"), 3);
	CHECK_STR(qtext("SELECT service FROM incidents WHERE ext_id = 'J1'"), "payments");
	CHECK_STR(qtext("SELECT title FROM incidents WHERE ext_id = 'J1'"), "Gateway down");
	CHECK_INT(qint("SELECT opened_at FROM incidents WHERE ext_id = 'J1'"), 1772612100);
	CHECK_INT(qint("SELECT resolved_at FROM incidents WHERE ext_id = 'J1'"), 1772615700);
	CHECK_INT(qint("SELECT reopens FROM incidents WHERE ext_id = 'J1'"), 2);
	CHECK_INT(qint("SELECT opened_at FROM incidents WHERE ext_id = 'J2'"), 1772619300);
	CHECK_INT(qint("SELECT resolved_at FROM incidents WHERE ext_id = 'J2'"), -1);
	CHECK_STR(qtext("SELECT extra FROM incidents WHERE ext_id = 'J1'"), "{\"flag\":\"true\"}");
}

static void import_sev1_scale_and_dates(void)
{
	struct recur_import_result r;
	struct recur_error err;
	const char *p = write_file("dmy.csv", "Number,Opened,Short Description,Severity,Resolved\n"
					      "D1,1/2/2016 10:00,a,SEV1,3/2/2016 10:00\n"
					      "D2,29/2/2016 01:16,b,Sev 4,\n");

	CHECK_INT(import(p, 0, &r, &err), 0);
	CHECK_STR(r.date_order, "dmy");
	CHECK_INT(r.date_order_assumed, 0);
	CHECK_INT(qint("SELECT opened_at FROM incidents WHERE ext_id = 'D1'"), 1454320800);
	/* the resolved column alone is ambiguous: it follows the file's day-first */
	CHECK_INT(qint("SELECT resolved_at FROM incidents WHERE ext_id = 'D1'"), 1454493600);
	CHECK_INT(qint("SELECT severity FROM incidents WHERE ext_id = 'D1'"), 1);
	CHECK_INT(qint("SELECT severity FROM incidents WHERE ext_id = 'D2'"), 4);
	CHECK_STR(qtext("SELECT date_order FROM sources ORDER BY id DESC LIMIT 1"), "dmy");
}

/* The row pass guesses month-first until a value proves otherwise; a value
 * with a weekday ("Thu, 01/02/2024") converted under the guess must be
 * counted as ambiguous, so the file's day-first order redoes it. */
static void import_weekday_dates_follow_order(void)
{
	struct recur_import_result r;
	struct recur_error err;
	const char *p = write_file("wday.csv", "id,title,opened_at\n"
					       "W1,a,13/02/2024 10:00\n"
					       "W2,b,\"Thu, 01/02/2024 10:00\"\n");

	CHECK_INT(import(p, 0, &r, &err), 0);
	CHECK_STR(r.date_order, "dmy");
	CHECK_INT(qint("SELECT opened_at FROM incidents WHERE ext_id = 'W2'"), 1706781600);
}

static void import_derived_ids_and_dry_run(void)
{
	struct recur_import_result r;
	struct recur_import_opts o = { 0 };
	struct recur_error err;
	const char *p = write_file("noid.csv", "title,created\nDisk full,3/4/2026 10:00\n");
	char before[512];

	snprintf(before, sizeof(before), "%s", state());

	o.dry_run = 1;
	recur_error_init(&err);
	CHECK_INT(recur_import_file(db, p, &o, &r, &err), 0);
	CHECK_INT(r.incidents_new, 1);
	CHECK_INT(r.npreview, 1);
	CHECK_STR(r.date_order, "mdy");
	CHECK_INT(r.date_order_assumed, 1);
	CHECK(strstr(r.mapping, "ext_id=sha256(title, opened_at)") != NULL);
	CHECK_STR(state(), before);
	CHECK_INT(qint("SELECT count(*) FROM incidents WHERE title = 'Disk full'"), 0);

	CHECK_INT(import(p, 0, &r, &err), 0);
	CHECK_INT(qint("SELECT length(ext_id) FROM incidents WHERE title = 'Disk full'"), 16);
}

static void import_unusable_layout(void)
{
	struct recur_import_result r;
	struct recur_error err;
	const char *p = write_file("odd.csv", "foo,bar,when\n1,2,3\n");

	CHECK_INT(import(p, 0, &r, &err), -1);
	CHECK(strstr(err.msg, "unknown layout") != NULL);
	CHECK(strstr(err.msg, "'foo', 'bar', 'when'") != NULL);
	/* the --map line to write, with the column whose name suggests a time */
	CHECK(strstr(err.msg, "--map opened_at=\"when\"") != NULL);
}

/* Broken input that still imports says so in r.warnings; a cut-short file fails whole. */
static void import_broken_input(void)
{
	struct recur_import_result r;
	struct recur_error err;
	const char *before;

	CHECK_INT(import(write_file("rag.csv", "id,title,opened_at\nR-1,x\n"
				    "R-2,y,2026-01-03 10:00,extra\n"), 0, &r, &err), 0);
	CHECK_INT(r.incidents_new, 2);
	CHECK(strstr(r.warnings, "2 rows do not have the header's 3 fields (line 2: 2 fields, "
		     "line 3: 4 fields)") != NULL);
	/* a repeated name only matters when a field reads one column of it */
	CHECK_INT(import(write_file("dup.csv", "id,title,Title,opened_at,note,note\n"
				    "D-1,a,b,2026-01-03 10:00,n1,n2\n"), 0, &r, &err), 0);
	CHECK(strstr(r.warnings, "dup.csv:1:10: column 'title' appears twice (columns 2 and 3): "
		     "column 2 is read") != NULL);
	CHECK(strchr(r.warnings, '\n') == NULL);
	CHECK_STR(qtext("SELECT title FROM incidents WHERE ext_id = 'D-1'"), "a");
	before = state();
	CHECK_INT(import(write_file("cut.csv", "id,title,opened_at\nC-1,a,2026-01-03 10:00\n"
				    "C-2,Pool exh"), 0, &r, &err), -1);
	CHECK_INT(err.line, 3);
	CHECK(strstr(err.msg, "the last row has 2 of the header's 3 fields and no line end") ==
	      err.msg);
	CHECK_STR(state(), before);
	/* a last row with every field needs no line end */
	CHECK_INT(import(write_file("noeol.csv", "id,title,opened_at\nE-1,a,2026-01-03 10:00"), 0,
			 &r, &err), 0);
	CHECK_STR(r.warnings, "");
	/* an object with no text where the title is: rejected, not silently empty */
	CHECK_INT(import(write_file("obj.json", "[{\"id\":\"O-1\",\"title\":{\"en\":\"x\"},"
				    "\"opened_at\":\"2026-01-02T10:00:00Z\"}]"), 0, &r, &err), 0);
	CHECK_INT(r.values_rejected, 1);
	CHECK_STR(r.examples[0].value, "{\"en\":\"x\"}");
	CHECK_STR(qtext("SELECT title FROM incidents WHERE ext_id = 'O-1'"), "(null)");
	CHECK_INT(import(write_file("none.json", "{\"incidents\": []}"), 0, &r, &err), 0);
	CHECK_INT(r.rows, 0);
	CHECK(strstr(r.warnings, "the list holds no records") != NULL);
}

static void import_expand(void)
{
	char *paths[1] = { dir };
	struct recur_import_paths out;
	int i;
	struct recur_error err;

	write_file("rules.conf", "x");
	write_file(".hidden.csv", "x");
	recur_error_init(&err);
	CHECK_INT(recur_import_expand(paths, 1, &out, &err), 0);
	CHECK(out.nfiles >= 2);
	for (i = 0; i < out.nfiles; i++) {
		CHECK(strstr(out.files[i], "rules.conf") == NULL);
		CHECK(strstr(out.files[i], ".hidden") == NULL);
		if (i)
			CHECK(strcmp(out.files[i - 1], out.files[i]) < 0);
	}
	recur_import_paths_release(&out);
	paths[0] = "/nonexistent/x.csv";
	CHECK_INT(recur_import_expand(paths, 1, &out, &err), -1);
	CHECK_STR(err.file, "/nonexistent/x.csv");
	recur_import_paths_release(&out);
}

/* More than 4 MB into an empty table: a bulk load, which drops the secondary
 * indexes of incidents for the load. They are back after it, and after a
 * load that fails, and the data is the same as a row-by-row load's. */
static void import_bulk_keeps_indexes(void)
{
	static const char idx[] = "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema "
				  "WHERE type = 'index' AND tbl_name = 'incidents' AND sql IS NOT NULL "
				  "ORDER BY name)";
	struct recur_import_result r;
	struct recur_error err;
	struct recur_buf b = RECUR_BUF_INIT;
	sqlite3 *main_db = db;
	char path[128];
	const char *good, *bad;
	int i;

	snprintf(path, sizeof(path), "%s/bulk.db", dir);
	recur_error_init(&err);
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	recur_buf_adds(&b, "number,title,service,opened_at\n");
	for (i = 0; i < 70000; i++)
		recur_buf_addf(&b, "B%06d,A rather long title for row %d of a bulk load,svc-%d,"
			       "2026-01-%02d 10:00:00\n", i, i, i % 7, 1 + i % 28);
	good = write_file("bulk.csv", b.buf);
	recur_buf_adds(&b, "B9,\"broken,2026-01-02\n");
	bad = write_file("bulk-bad.csv", b.buf);
	CHECK(b.len > (4u << 20));
	CHECK_INT(import(bad, 0, &r, &err), -1);
	CHECK_STR(qtext(idx), "incidents_opened");
	CHECK_INT(qint("SELECT count(*) FROM incidents"), 0);
	CHECK_INT(import(good, 0, &r, &err), 0);
	CHECK_INT(r.incidents_new, 70000);
	CHECK_STR(qtext(idx), "incidents_opened");
	CHECK_STR(qtext("PRAGMA integrity_check"), "ok");
	CHECK_INT(qint("SELECT count(*) FROM incidents WHERE service = 'svc-3'"), 10000);
	CHECK_INT(qint("SELECT count(*) FROM incidents INDEXED BY incidents_opened "
		       "WHERE opened_at <= 1767261600"), 2500);
	recur_buf_release(&b);
	recur_db_close(db);
	db = main_db;
}

/* Every row of incidents and import_rejects of db d, as text. */
static char *dump(sqlite3 *d)
{
	static const char *const q[] = {
		"SELECT * FROM incidents ORDER BY id",
		"SELECT * FROM import_rejects ORDER BY rowid",
		"SELECT id, path, format, rows_read, rows_rejected, date_order FROM sources",
	};
	struct recur_buf b = RECUR_BUF_INIT;
	sqlite3_stmt *st;
	size_t i;
	int c;

	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		if (sqlite3_prepare_v2(d, q[i], -1, &st, NULL) != SQLITE_OK)
			return recur_buf_detach(&b, NULL);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (c = 0; c < sqlite3_column_count(st); c++)
				recur_buf_addf(&b, "%s|", sqlite3_column_type(st, c) == SQLITE_NULL ?
					       "∅" : (const char *)sqlite3_column_text(st, c));
			recur_buf_addch(&b, '\n');
		}
		sqlite3_finalize(st);
	}
	return recur_buf_detach(&b, NULL);
}

/* Imports before (when not NULL) then path into a fresh database, on one
 * thread or two; returns its dump, with r and rc of path's import. */
static char *import_fresh(const char *before, const char *path, const char *name, int one_thread,
			  struct recur_import_result *r, struct recur_error *err, int *rc)
{
	sqlite3 *main_db = db;
	char dbpath[128], *out;

	snprintf(dbpath, sizeof(dbpath), "%s/%s", dir, name);
	recur_error_init(err);
	if (recur_db_open(dbpath, &db, err)) {
		db = main_db;
		return NULL;
	}
	if (one_thread)
		setenv("RECUR_THREADS", "1", 1);
	if (before && import(before, 0, r, err))
		*rc = -2;
	else
		*rc = import(path, 0, r, err);
	unsetenv("RECUR_THREADS");
	out = dump(db);
	recur_db_close(db);
	db = main_db;
	return out;
}

/*
 * The two-thread pass (a parser converting batches while rows are written)
 * writes exactly what the one-thread pass writes: many batches, fields the
 * CSV reader unescapes into its scratch, rejects, an id given twice, rows
 * with no id, unmapped columns, and day-first dates and a SEV0 label that
 * only show late (the pass runs twice).
 */
static void import_threads_same_output(void)
{
	struct recur_import_result r1, r2;
	struct recur_error err;
	struct recur_buf b = RECUR_BUF_INIT;
	char *one, *two;
	const char *p;
	int i, rc1 = -9, rc2 = -9;

	recur_buf_adds(&b, "number,title,service,severity,opened_at,resolved_at,notes\n");
	for (i = 0; i < 5000; i++) {
		if (i == 1234)
			recur_buf_adds(&b, ",,svc,SEV2,,,no id at all\n");
		recur_buf_addf(&b, "T%d,\"Title \"\"%d\"\", with a comma\",svc-%d,SEV%d,"
			       "%d/%d/2026 %02d:00,%s,\"note\nline %d\"\n", i % 4900, i, i % 13,
			       1 + i % 4, 1 + i % 12, 1 + i / 12 % 12, i % 24,
			       i % 97 == 0 ? "not a time" : "2026-02-01T00:00:00Z", i);
	}
	recur_buf_adds(&b, "LATE,late,svc,SEV0,25/12/2026 10:00,,\n");
	p = write_file("threads.csv", b.buf);
	one = import_fresh(NULL, p, "one.db", 1, &r1, &err, &rc1);
	two = import_fresh(NULL, p, "two.db", 0, &r2, &err, &rc2);
	CHECK(one && two);
	CHECK_INT(rc1, 0);
	CHECK_INT(rc2, 0);
	CHECK(one && two && !strcmp(one, two));
	CHECK(strlen(one ? one : "") > 100000);
	CHECK_INT(r2.rows, 5002);
	CHECK_INT(r2.incidents_new, 4901);
	CHECK_INT(r2.incidents_updated + r2.incidents_unchanged, 100);
	CHECK_INT(r2.incidents_updated, r1.incidents_updated);
	CHECK_INT(r2.incidents_unchanged, r1.incidents_unchanged);
	CHECK_INT(r2.values_rejected, r1.values_rejected);
	CHECK_INT(r2.values_rejected, 1 + 52);
	CHECK_STR(r2.date_order, "dmy");
	/* 4/1/2026 03:00 day-first, SEV4 on the SEV0 scale: read again after LATE */
	CHECK(strstr(two ? two : "", "|T4899|Title \"4899\", with a comma|∅|svc-11|∅|∅|∅|∅|"
		      "5|SEV4|∅|∅|1767495600|") != NULL);
	CHECK_STR(r2.preview[0], r1.preview[0]);
	CHECK_STR(r2.examples[2].value, r1.examples[2].value);
	free(one);
	free(two);
	recur_buf_release(&b);
}

/* A newer export over an older one, written many rows per statement: the
 * same counts of new, updated and unchanged as row by row. */
static void import_threads_counts_updates(void)
{
	struct recur_import_result r1, r2;
	struct recur_error err;
	struct recur_buf old = RECUR_BUF_INIT, new = RECUR_BUF_INIT;
	const char *po, *pn;
	char *one, *two;
	int i, rc1 = -9, rc2 = -9;

	recur_buf_adds(&old, "number,title,opened_at\n");
	recur_buf_adds(&new, "number,title,opened_at\n");
	for (i = 0; i < 3000; i++) {
		recur_buf_addf(&old, "U%d,title %d,2026-03-01T10:00:00Z\n", i, i);
		if (i % 5 != 4) /* every fifth row gone; a third changed; 700 new */
			recur_buf_addf(&new, "U%d,title %d%s,2026-03-01T10:00:00Z\n", i, i,
				       i % 3 ? "" : " (edited)");
	}
	for (i = 5000; i < 5700; i++)
		recur_buf_addf(&new, "U%d,title %d,2026-03-02T10:00:00Z\n", i, i);
	po = write_file("counts-old.csv", old.buf);
	pn = write_file("counts-new.csv", new.buf);
	one = import_fresh(po, pn, "counts1.db", 1, &r1, &err, &rc1);
	two = import_fresh(po, pn, "counts2.db", 0, &r2, &err, &rc2);
	CHECK_INT(rc1, 0);
	CHECK_INT(rc2, 0);
	CHECK(one && two && !strcmp(one, two));
	CHECK_INT(r1.incidents_new, 700);
	CHECK_INT(r1.incidents_updated, 800);
	CHECK_INT(r1.incidents_unchanged, 1600);
	CHECK_INT(r2.incidents_new, r1.incidents_new);
	CHECK_INT(r2.incidents_updated, r1.incidents_updated);
	CHECK_INT(r2.incidents_unchanged, r1.incidents_unchanged);
	free(one);
	free(two);
	recur_buf_release(&old);
	recur_buf_release(&new);
}

/* A parse error late in a big file: the same message from both passes, and
 * nothing stays written. */
static void import_threads_late_error(void)
{
	struct recur_import_result r;
	struct recur_error e1, e2;
	struct recur_buf b = RECUR_BUF_INIT;
	char *one, *two;
	const char *p;
	int i, rc1 = -9, rc2 = -9;

	recur_buf_adds(&b, "number,title,opened_at\n");
	for (i = 0; i < 20000; i++)
		recur_buf_addf(&b, "E%d,title %d,2026-03-01T10:00:00Z\n", i, i);
	recur_buf_adds(&b, "E-bad,\"never closed,2026-03-01T10:00:00Z\n");
	p = write_file("late-error.csv", b.buf);
	one = import_fresh(NULL, p, "late1.db", 1, &r, &e1, &rc1);
	two = import_fresh(NULL, p, "late2.db", 0, &r, &e2, &rc2);
	CHECK_INT(rc1, -1);
	CHECK_INT(rc2, -1);
	CHECK_STR(e2.msg, e1.msg);
	CHECK_INT(e2.line, 20002);
	CHECK_STR(two ? two : "(null)", "");
	free(one);
	free(two);
	recur_buf_release(&b);
}

/*
 * A long JSON record list: past its head (64 records) records are read from
 * the file one at a time, for the key union and again for the rows. A key
 * only the last record has still becomes a column; an object with no text
 * is rejected; a broken record is reported at its place in the file. Two
 * threads write what one does.
 */
static void import_json_long_list(void)
{
	struct recur_import_result r;
	struct recur_error err;
	struct recur_buf b = RECUR_BUF_INIT;
	const char *p;
	char *dumped, *one;
	int i, rc = -9;

	recur_buf_adds(&b, "{\"incidents\": [\n");
	for (i = 0; i < 300; i++)
		recur_buf_addf(&b, "%s{\"id\": \"L%d\", \"name\": \"Title %d\", \"severity\": \"SEV2\", "
			       "\"service\": %s, \"created_at\": \"2026-03-04T10:%02d:00Z\"%s}\n",
			       i ? "," : "", i, i, i == 200 ? "{\"odd\": 1}" : "{\"name\": \"svc\"}",
			       i % 60, i == 299 ? ", \"late_key\": \"only here\"" : "");
	recur_buf_adds(&b, "], \"more\": false}\n");
	p = write_file("long.json", b.buf);
	dumped = import_fresh(NULL, p, "long.db", 0, &r, &err, &rc);
	CHECK_INT(rc, 0);
	CHECK_INT(r.rows, 300);
	CHECK_INT(r.incidents_new, 300);
	CHECK_INT(r.values_rejected, 1);
	CHECK(dumped && strstr(dumped, "|L250|Title 250|∅|svc|") != NULL);
	CHECK(dumped && strstr(dumped, "|L299|Title 299|") != NULL);
	CHECK(dumped && strstr(dumped, "{\"late_key\":\"only here\"}") != NULL);
	CHECK(dumped && strstr(dumped, "|L200|Title 200|∅|∅|") != NULL);
	one = import_fresh(NULL, p, "long1.db", 1, &r, &err, &rc);
	CHECK(one && dumped && !strcmp(one, dumped)); /* the same on one thread */
	free(one);
	free(dumped);

	recur_buf_reset(&b);
	recur_buf_adds(&b, "[\n");
	for (i = 0; i < 100; i++)
		recur_buf_addf(&b, "%s{\"id\": \"B%d\", \"name\": \"t\", \"created_at\": 1772619300%s}\n",
			       i ? "," : "", i, i == 90 ? ", \"x\": tru" : "");
	recur_buf_adds(&b, "]\n");
	p = write_file("long-bad.json", b.buf);
	dumped = import_fresh(NULL, p, "long-bad.db", 0, &r, &err, &rc);
	CHECK_INT(rc, -1);
	CHECK_INT(err.line, 92);
	CHECK(strstr(err.msg, "invalid JSON") != NULL);
	CHECK_STR(dumped ? dumped : "(null)", "");
	free(dumped);
	recur_buf_release(&b);
}

/* Imports path as --format fmt. */
static int import_as(const char *path, const char *fmt, struct recur_import_result *r,
		     struct recur_error *err)
{
	struct recur_import_opts o = { 0 };

	o.format = fmt;
	o.now = 1764115200;
	recur_error_init(err);
	return recur_import_file(db, path, &o, r, err);
}

/*
 * An event log written many incidents per statement: each incident's status
 * events land on it, whether the incidents are all new (their ids follow
 * the largest) or new ones mixed with updated ones (their ids looked up).
 */
static void import_eventlog_batches(void)
{
	struct recur_import_result r;
	struct recur_error err;
	struct recur_buf a = RECUR_BUF_INIT, b = RECUR_BUF_INIT;
	sqlite3 *main_db = db;
	const char *pa, *pb;
	char path[128];
	int i;

	recur_buf_adds(&a, "case_id,time,status\n");
	recur_buf_adds(&b, "case_id,time,status\n");
	for (i = 0; i < 250; i++) {
		if (i < 150)
			recur_buf_addf(&a, "C%d,2026-01-01T10:00:00Z,New\nC%d,2026-01-01T11:00:00Z,"
				       "In Progress\n", i, i);
		if (i >= 50)
			recur_buf_addf(&b, "C%d,2026-01-01T10:00:00Z,New\nC%d,2026-01-01T11:00:00Z,"
				       "In Progress\nC%d,2026-01-02T09:%02d:00Z,Resolved\n", i, i, i,
				       i % 60);
	}
	pa = write_file("events-a.csv", a.buf);
	pb = write_file("events-b.csv", b.buf);
	snprintf(path, sizeof(path), "%s/events.db", dir);
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	CHECK_INT(import_as(pa, "events", &r, &err), 0);
	CHECK_INT(r.incidents_new, 150);
	CHECK_INT(r.events, 300);
	CHECK_INT(qint("SELECT count(*) FROM incidents i WHERE (SELECT count(*) FROM "
		       "incident_events e WHERE e.incident_id = i.id) != 2"), 0);
	CHECK_INT(import_as(pb, "events", &r, &err), 0);
	CHECK_INT(r.incidents_new, 100);
	CHECK_INT(r.incidents_updated, 100);
	CHECK_INT(r.events, 400);
	CHECK_INT(qint("SELECT count(*) FROM incident_events"), 700);
	CHECK_INT(qint("SELECT count(*) FROM incidents i WHERE (SELECT count(*) FROM "
		       "incident_events e WHERE e.incident_id = i.id) != "
		       "CASE WHEN CAST(substr(ext_id, 2) AS INTEGER) < 50 THEN 2 ELSE 3 END"), 0);
	CHECK_STR(qtext("SELECT group_concat(ifnull(old_value, '-') || '>' || new_value, ' ') FROM "
			"(SELECT e.* FROM incident_events e JOIN incidents i ON i.id = e.incident_id "
			"WHERE i.ext_id = 'C99' ORDER BY e.at)"),
		  "->New New>In Progress In Progress>Resolved");
	CHECK_INT(qint("SELECT resolved_at FROM incidents WHERE ext_id = 'C201'"), 1767345660);
	recur_db_close(db);
	db = main_db;
	recur_buf_release(&a);
	recur_buf_release(&b);
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned long v)
{
	put16(p, (unsigned)(v & 0xffff)), put16(p + 2, (unsigned)(v >> 16));
}

/* A zip of one stored member name holding text, cut to keep bytes (0: whole). */
static const char *write_zip(const char *file, const char *name, const char *text, size_t keep)
{
	static char path[256];
	unsigned char z[2048];
	size_t n = strlen(name), t = strlen(text), at = 0, cd;
	FILE *f;

	memset(z, 0, sizeof(z));
	put32(z, 0x04034b50UL);
	put32(z + 18, t), put32(z + 22, t), put16(z + 26, (unsigned)n);
	memcpy(z + 30, name, n);
	memcpy(z + 30 + n, text, t);
	cd = at = 30 + n + t;
	put32(z + at, 0x02014b50UL);
	put32(z + at + 20, t), put32(z + at + 24, t), put16(z + at + 28, (unsigned)n);
	memcpy(z + at + 46, name, n);
	at += 46 + n;
	put32(z + at, 0x06054b50UL);
	put16(z + at + 8, 1), put16(z + at + 10, 1);
	put32(z + at + 12, at - cd), put32(z + at + 16, cd);
	at += 22;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "wb");
	fwrite(z, 1, keep ? keep : at, f);
	fclose(f);
	return path;
}

/* recur's own reviews and reports are skipped, by content, whatever the name */
static void import_skips_own_output(void)
{
	struct recur_import_result r;
	struct recur_error err;
	const char *before = state();

	CHECK_INT(import(write_file("notes.txt", "# Reliability review \xe2\x80\x94 October 2026\n\n"
				    "Generated 2026-11-26 by recur 0.1.0. Figures for October\n"), 0,
			 &r, &err), 0);
	CHECK(strstr(r.own_output, "Generated") != NULL);
	CHECK_INT(r.rows, 0);
	CHECK_INT(import(write_file("p.md", "# Problem PRB-1\n\n**Generated 2026-11-26 by recur "
				    "0.1.0; times in UTC.**\n"), 0, &r, &err), 0);
	CHECK(r.own_output[0] != '\0');
	CHECK_INT(import(write_file("x.csv", "<!DOCTYPE html>\n<html><head><meta name=\"generator\" "
				    "content=\"recur 0.1.0\">"), 0, &r, &err), 0);
	CHECK(strstr(r.own_output, "generator") != NULL);
	CHECK_INT(import(write_file("m.html", "<p class=\"meta\">Generated 2026-11-26 by recur 0.1.0"),
			 0, &r, &err), 0);
	CHECK(r.own_output[0] != '\0');
	CHECK_INT(import(write_zip("w.csv", "docProps/core.xml", "<dc:description>Generated by recur "
				   "0.1.0 from the review data</dc:description>", 0), 0, &r, &err), 0);
	CHECK(strstr(r.own_output, "document properties") != NULL);
	CHECK_STR(state(), before);
	/* not recur's: another workbook, a cut zip, a line that is not the marker */
	CHECK_INT(import(write_zip("o.csv", "docProps/core.xml", "<dc:creator>someone</dc:creator>", 0),
			 0, &r, &err), -1);
	CHECK_STR(r.own_output, "");
	CHECK_INT(import(write_zip("cut.csv", "docProps/core.xml", "Generated by recur", 60), 0, &r,
			 &err), -1);
	CHECK_STR(r.own_output, "");
	CHECK_INT(import(write_file("g.csv", "id,title,opened_at\nG-1,Generated by recur,2026-01-03 "
				    "10:00\n"), 0, &r, &err), 0);
	CHECK_STR(r.own_output, "");
	CHECK_INT(r.incidents_new, 1);
	CHECK_INT(import(write_file("lt.csv", "<"), 0, &r, &err), -1);
	CHECK_STR(r.own_output, "");
}

int main(void)
{
	struct recur_error err;
	char path[128];
	int rc;

	snprintf(dir, sizeof(dir), "/tmp/recur-test-import-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/t.db", dir);
	recur_error_init(&err);
	if (recur_db_open(path, &db, &err)) {
		printf("not ok 1 - open db: %s\n", err.msg);
		return 1;
	}
	RUN(import_csv_lands);
	RUN(import_same_bytes_changes_nothing);
	RUN(import_newer_export_updates);
	RUN(import_failing_file_leaves_db);
	RUN(import_rejects_and_strict);
	RUN(import_json);
	RUN(import_sev1_scale_and_dates);
	RUN(import_weekday_dates_follow_order);
	RUN(import_derived_ids_and_dry_run);
	RUN(import_unusable_layout);
	RUN(import_broken_input);
	RUN(import_skips_own_output);
	RUN(import_expand);
	RUN(import_bulk_keeps_indexes);
	RUN(import_threads_same_output);
	RUN(import_threads_counts_updates);
	RUN(import_threads_late_error);
	RUN(import_json_long_list);
	RUN(import_eventlog_batches);
	recur_db_close(db);
	rc = HARNESS_END();
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path))
		rc = 1;
	return rc;
}
