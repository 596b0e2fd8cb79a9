/*
 * test_foundation.c — buffers, errors, JSON, tables, calendar arithmetic,
 * the store's migrations and query helper.
 */
#include "harness.h"
#include "recur/buf.h"
#include "recur/db.h"
#include "recur/err.h"
#include "recur/json.h"
#include "recur/share.h"
#include "recur/table.h"
#include "recur/timeutil.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void buf_grows_and_stays_terminated(void)
{
	struct recur_buf b = RECUR_BUF_INIT;

	CHECK_STR(b.buf, "");
	for (int i = 0; i < 1000; i++)
		recur_buf_addf(&b, "%d,", i % 10);
	CHECK_INT(b.len, 2000);
	CHECK_INT(b.buf[b.len], 0);
	recur_buf_reset(&b);
	CHECK_STR(b.buf, "");
	recur_buf_release(&b);
}

static void buf_refuses_past_its_maximum(void)
{
	struct recur_buf b;

	recur_buf_init(&b, 10);
	CHECK_INT(recur_buf_adds(&b, "0123456789"), 0);
	CHECK_INT(recur_buf_addch(&b, 'x'), -1);
	CHECK_INT(b.len, 10);
	CHECK_STR(b.buf, "0123456789");
	recur_buf_release(&b);
}

static void error_formats_location(void)
{
	struct recur_error err;
	char out[256];

	recur_error_init(&err);
	CHECK_INT(recur_error_at(&err, "incidents.csv", 42, 7, "unterminated quoted field"), -1);
	recur_error_format(&err, out, sizeof(out));
	CHECK_STR(out, "incidents.csv:42:7: unterminated quoted field");
	CHECK_INT(err.code, RECUR_EXIT_DATA);
	recur_error_usage(&err, "bad option");
	CHECK_INT(err.code, RECUR_EXIT_USAGE);
}

static void json_round_trip(void)
{
	const char *text = "{\"a\":[1,2.5,-3e2,true,false,null],\"b\":\"x\\\"\\u00e9\\ud83d\\ude00\\n\","
			   "\"c\":{\"d\":12345678901234}}";
	struct recur_json *v;
	struct recur_error err;
	struct recur_buf out = RECUR_BUF_INIT;

	recur_error_init(&err);
	CHECK_INT(recur_json_parse(text, strlen(text), "t.json", &v, &err), 0);
	CHECK_INT(v->type, RECUR_JSON_OBJECT);
	CHECK_NEAR(recur_json_path(v, "a.1")->num, 2.5, 0);
	CHECK_STR(recur_json_path(v, "b")->str, "x\"\xc3\xa9\xf0\x9f\x98\x80\n");
	CHECK_STR(recur_json_path(v, "c.d")->str, "12345678901234"); /* source text kept */
	recur_json_write(v, &out, 0);
	CHECK_STR(out.buf, "{\"a\":[1,2.5,-3e2,true,false,null],\"b\":\"x\\\"\xc3\xa9\xf0\x9f\x98\x80\\n\","
			   "\"c\":{\"d\":12345678901234}}");
	recur_json_free(v);
	recur_buf_release(&out);
}

static void json_errors_have_positions(void)
{
	struct recur_json *v;
	struct recur_error err;
	char msg[512];
	struct recur_buf deep = RECUR_BUF_INIT;

	recur_error_init(&err);
	CHECK_INT(recur_json_parse("[1,\n 2,,3]", 10, "x.json", &v, &err), -1);
	CHECK(v == NULL);
	recur_error_format(&err, msg, sizeof(msg));
	CHECK_STR(msg, "x.json:2:4: invalid JSON: unexpected character");
	CHECK_INT(recur_json_parse("{\"a\":1", 6, "y.json", &v, &err), -1);
	CHECK_INT(recur_json_parse("[1] x", 5, "z.json", &v, &err), -1);
	for (int i = 0; i < 1000; i++)
		recur_buf_addch(&deep, '[');
	CHECK_INT(recur_json_parse(deep.buf, deep.len, "deep.json", &v, &err), -1);
	CHECK(strstr(err.msg, "nesting deeper") != NULL);
	CHECK(strstr(err.msg, "RECUR_JSON_MAX_DEPTH") != NULL);
	recur_buf_release(&deep);
}

static void json_rejects_invalid_utf8(void)
{
	static const char *const bad[] = {
		"[\"Caf\xe9\"]",          /* Latin-1 */
		"[\"\xc0\xaf\"]",         /* overlong '/' */
		"[\"\xed\xa0\x80\"]",     /* a surrogate */
		"[\"\xf4\x90\x80\x80\"]", /* past U+10FFFF */
		"{\"\xff\":1}",           /* in a key */
		"[\"\xe2\x82\"]",         /* cut short */
	};
	struct recur_json *v;
	struct recur_error err;
	char msg[512];
	size_t i;

	recur_error_init(&err);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(recur_json_parse(bad[i], strlen(bad[i]), "u.json", &v, &err), -1);
		CHECK(v == NULL);
	}
	CHECK_INT(recur_json_parse(bad[0], strlen(bad[0]), "u.json", &v, &err), -1);
	recur_error_format(&err, msg, sizeof(msg));
	CHECK_STR(msg, "u.json:1:6: invalid JSON: invalid UTF-8 (byte 0xe9) in string: give the "
		       "file's encoding with --encoding NAME, or fix the byte");
	CHECK_INT(recur_json_parse("[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"]", 13, "ok.json", &v,
				   &err), 0);
	CHECK(v && v->n == 1 && v->items[0]->len == 9);
	recur_json_free(v);
}

static void json_builds_and_prints_numbers_shortest(void)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);
	struct recur_buf out = RECUR_BUF_INIT;

	recur_json_set_number(o, "a", 12.5);
	recur_json_set_number(o, "b", 3);
	recur_json_set_number(o, "c", 0.1 + 0.2);
	recur_json_set_string(o, "d", NULL);
	recur_json_set_number(o, "a", 1); /* replaces */
	recur_json_write(o, &out, 0);
	CHECK_STR(out.buf, "{\"a\":1,\"b\":3,\"c\":0.30000000000000004,\"d\":null}");
	CHECK(!recur_json_truthy(recur_json_get(o, "d")));
	CHECK(recur_json_truthy(recur_json_get(o, "b")));
	recur_json_free(o);
	recur_buf_release(&out);
}

static void table_prints_three_forms(void)
{
	const char *cols[] = { "name", "count" };
	struct recur_table *t = recur_table_new(2, cols);
	struct recur_buf out = RECUR_BUF_INIT;
	size_t r;

	r = recur_table_add_row(t);
	recur_table_set_text(t, r, 0, "=cmd()");
	recur_table_set_int(t, r, 1, 7);
	r = recur_table_add_row(t);
	recur_table_set_text(t, r, 0, "a, \"b\"");
	recur_table_set_int(t, r, 1, -12);
	recur_table_write(t, RECUR_FORMAT_TABLE, &out);
	CHECK_STR(out.buf, "name    count\n=cmd()      7\na, \"b\"    -12\n");
	recur_buf_reset(&out);
	recur_table_write(t, RECUR_FORMAT_CSV, &out);
	CHECK_STR(out.buf, "name,count\r\n\"'=cmd()\",7\r\n\"a, \"\"b\"\"\",-12\r\n");
	recur_buf_reset(&out);
	recur_table_write(t, RECUR_FORMAT_JSON, &out);
	CHECK(strstr(out.buf, "\"count\": -12") != NULL);
	/* every formula start is neutralised; text that merely contains one is not */
	r = recur_table_add_row(t);
	recur_table_set_text(t, r, 0, "\t=1+1");
	r = recur_table_add_row(t);
	recur_table_set_text(t, r, 0, "@SUM(A1)");
	r = recur_table_add_row(t);
	recur_table_set_text(t, r, 0, "a=b");
	recur_buf_reset(&out);
	recur_table_write(t, RECUR_FORMAT_CSV, &out);
	CHECK(strstr(out.buf, "\r\n\"'\t=1+1\",\r\n\"'@SUM(A1)\",\r\na=b,\r\n") != NULL);
	recur_table_free(t);
	recur_buf_release(&out);
}

static void calendar_arithmetic(void)
{
	char s[32];
	long long a, b;
	int y, m, d, h, mi, sec;

	CHECK_INT(recur_time_make(1970, 1, 1, 0, 0, 0), 0);
	CHECK_INT(recur_time_make(2016, 2, 29, 1, 16, 0), 1456708560);
	recur_time_iso(1456708560, s);
	CHECK_STR(s, "2016-02-29T01:16:00Z");
	recur_time_split(-1, &y, &m, &d, &h, &mi, &sec);
	CHECK_INT(y * 10000 + m * 100 + d, 19691231);
	CHECK_INT(h * 3600 + mi * 60 + sec, 86399);
	CHECK_INT(recur_month_bounds("2024-02", &a, &b), 0);
	CHECK_INT(b - a, 29 * 86400);
	CHECK_INT(recur_month_bounds("2024-13", &a, &b), -1);
	CHECK_INT(recur_month_bounds("2024-1", &a, &b), -1);
	CHECK_INT(recur_month_bounds("-026-10", &a, &b), -1);
	CHECK_INT(recur_month_bounds(" 026-10", &a, &b), -1);
	CHECK_INT(recur_month_bounds("2026-10x", &a, &b), -1);
	recur_month_add("2026-01", -1, s);
	CHECK_STR(s, "2025-12");
	recur_month_add("2025-11", 11, s);
	CHECK_STR(s, "2026-10");
}

/* migrate-6.sql undone: problem_links a table again, with its reasons */
#define LINKS_V5 "DROP TABLE link_state; DROP VIEW problem_links; DROP TABLE problem_link_rows; " \
		 "DROP TABLE problem_link_reasons; CREATE TABLE problem_links (problem_id TEXT " \
		 "NOT NULL REFERENCES problems(id) ON DELETE CASCADE, incident_id INTEGER NOT NULL " \
		 "REFERENCES incidents(id) ON DELETE CASCADE, method TEXT NOT NULL CHECK (method IN " \
		 "('rule', 'signature', 'source', 'similar')), score REAL, reason TEXT, PRIMARY KEY " \
		 "(problem_id, incident_id)); CREATE INDEX problem_links_incident ON " \
		 "problem_links(incident_id, problem_id); "
/* migrate-4.sql undone: no stored rules, no retired problems */
#define RULELESS "DROP TABLE link_rules; ALTER TABLE problems DROP COLUMN retired_at; " \
		 "ALTER TABLE sources DROP COLUMN title_kind; "
#define SPANLESS "ALTER TABLE sources DROP COLUMN first_opened_at; " \
		 "ALTER TABLE sources DROP COLUMN last_opened_at; " \
		 "ALTER TABLE sources DROP COLUMN exported_at; "

/*
 * A version-2 database (sources without a span) reopened: migrate-3.sql adds
 * the span columns (and migrate-4.sql the stored rules) and fills them from what each source wrote, its events
 * included; a postmortem's stay NULL.
 */
static void migrates_to_3(const char *path)
{
	sqlite3 *db;
	struct recur_error err;
	struct recur_table *t;

	recur_error_init(&err);
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	CHECK_INT(recur_db_exec(db, LINKS_V5 RULELESS SPANLESS "INSERT INTO sources (id, path, format, sha256, "
				"imported_at) VALUES "
				"(1, 'a.csv', 'csv', 'x', 0), (2, 'p.md', 'postmortem', 'y', 0); "
				"INSERT INTO incidents (id, source_id, source_system, ext_id, opened_at, "
				"resolved_at) VALUES (1, 1, 'g', 'A', 100, 900), (2, 1, 'g', 'B', 50, NULL), "
				"(3, 2, 'g', 'C', 70, 80); "
				"INSERT INTO incident_events (incident_id, at, kind, source_id) VALUES "
				"(1, 1000, 'status', 1); "
				"PRAGMA user_version = 2", &err), 0);
	recur_db_close(db);
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	CHECK_INT(recur_db_query(db, "SELECT first_opened_at, last_opened_at, exported_at FROM "
				 "sources ORDER BY id", NULL, 0, &t, &err), 0);
	CHECK_INT(t->nrows, 2);
	CHECK_NEAR(recur_table_cell(t, 0, 0)->num, 50, 0);
	CHECK_NEAR(recur_table_cell(t, 0, 1)->num, 100, 0);
	CHECK_NEAR(recur_table_cell(t, 0, 2)->num, 1000, 0);
	CHECK_INT(recur_table_cell(t, 1, 0)->type, RECUR_CELL_NULL);
	CHECK_INT(recur_table_cell(t, 1, 2)->type, RECUR_CELL_NULL);
	recur_table_free(t);
	CHECK_INT(recur_db_query(db, "PRAGMA user_version", NULL, 0, &t, &err), 0);
	CHECK_INT(recur_table_cell(t, 0, 0)->num, RECUR_SCHEMA_VERSION);
	recur_table_free(t);
	recur_db_close(db);
}

/* Version 7 adds the kept figures of months (migrate-7.sql) to a version-6 database. */
static void store_migrates_month_figures(void)
{
	char path[] = "/tmp/recur-test-XXXXXX";
	int fd = mkstemp(path);
	sqlite3 *db;
	struct recur_error err;
	struct recur_table *t;

	close(fd);
	recur_error_init(&err);
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	CHECK_INT(recur_db_exec(db, "DROP TABLE month_figures; DROP TABLE month_figure_cells; "
				"PRAGMA user_version = 6", &err), 0);
	recur_db_close(db);
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	CHECK_INT(recur_db_exec(db, "INSERT INTO month_figures VALUES ('k', 0, 10, 3, 1, 1, 0); "
				"INSERT INTO month_figure_cells VALUES ('k', 0, 10, 0, 'median', 2.5)",
				&err), 0);
	CHECK_INT(recur_db_query(db, "SELECT typeof(value), value FROM month_figure_cells", NULL, 0,
				 &t, &err), 0);
	CHECK_STR(recur_table_cell(t, 0, 0)->text, "real");
	CHECK_NEAR(recur_table_cell(t, 0, 1)->num, 2.5, 0);
	recur_table_free(t);
	CHECK_INT(recur_db_query(db, "PRAGMA user_version", NULL, 0, &t, &err), 0);
	CHECK_INT(recur_table_cell(t, 0, 0)->num, RECUR_SCHEMA_VERSION);
	recur_table_free(t);
	recur_db_close(db);
	unlink(path);
}

static void store_migrates_and_queries(void)
{
	char path[] = "/tmp/recur-test-XXXXXX";
	int fd = mkstemp(path);
	sqlite3 *db;
	struct recur_error err;
	struct recur_table *t;
	struct recur_param p[] = { { ":p", NULL, 90 } };

	close(fd);
	recur_error_init(&err);
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	CHECK_INT(recur_db_query(db, "PRAGMA user_version", NULL, 0, &t, &err), 0);
	CHECK_INT(recur_table_cell(t, 0, 0)->num, RECUR_SCHEMA_VERSION);
	recur_table_free(t);
	CHECK_INT(recur_db_exec(db, "CREATE TEMP TABLE v(x); INSERT INTO v VALUES (1),(2),(3),(4),(NULL)",
				&err), 0);
	CHECK_INT(recur_db_query(db, "SELECT percentile_inc(x, :p / 100.0), median(x) FROM v", p, 1, &t,
				 &err), 0);
	CHECK_NEAR(recur_table_cell(t, 0, 0)->num, 3.7, 1e-12);
	CHECK_NEAR(recur_table_cell(t, 0, 1)->num, 2.5, 1e-12);
	recur_table_free(t);
	/* gaps between distinct values, whatever their order: 10-3 and 3-1 (the
	 * repeated 3 and the NULL make none) */
	CHECK_INT(recur_db_exec(db, "CREATE TEMP TABLE g(x); INSERT INTO g VALUES (10),(3),(1),(3),(NULL)",
				&err), 0);
	CHECK_INT(recur_db_query(db, "SELECT gap_percentile(x, 0.5), gap_percentile(x, 1), "
				 "gap_percentile(x, 0.5) FILTER (WHERE x < 3) FROM g", NULL, 0, &t, &err), 0);
	CHECK_NEAR(recur_table_cell(t, 0, 0)->num, 4.5, 1e-12);
	CHECK_NEAR(recur_table_cell(t, 0, 1)->num, 7, 1e-12);
	CHECK_INT(recur_table_cell(t, 0, 2)->type, RECUR_CELL_NULL);
	recur_table_free(t);
	recur_db_close(db);
	/* reopening applies nothing twice */
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	recur_db_close(db);
	/* a version-1 database gets migrate-2.sql's index, migrate-3.sql's spans
	 * and migrate-4.sql's stored rules and retired problems on reopening */
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	CHECK_INT(recur_db_exec(db, LINKS_V5 "DROP INDEX problem_links_incident; CREATE INDEX "
				"problem_links_incident ON problem_links(incident_id); "
				RULELESS SPANLESS "PRAGMA user_version = 1", &err), 0);
	recur_db_close(db);
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	CHECK_INT(recur_db_query(db, "SELECT group_concat(type || ' ' || name, ', ') FROM "
				 "(SELECT type, name FROM sqlite_schema WHERE name LIKE 'problem_link%' "
				 "AND type <> 'trigger' ORDER BY name)", NULL, 0, &t, &err), 0);
	CHECK_STR(recur_table_cell(t, 0, 0)->text,
		  "table problem_link_reasons, index problem_link_reasons_problem, "
		  "table problem_link_rows, index problem_link_rows_reason, view problem_links");
	recur_table_free(t);
	CHECK_INT(recur_db_query(db, "SELECT (SELECT count(*) FROM pragma_table_info('link_rules')) "
				 "|| '|' || (SELECT count(*) FROM pragma_table_info('problems') "
				 "WHERE name = 'retired_at')", NULL, 0, &t, &err), 0);
	CHECK_STR(recur_table_cell(t, 0, 0)->text, "5|1");
	recur_table_free(t);
	CHECK_INT(recur_db_query(db, "PRAGMA user_version", NULL, 0, &t, &err), 0);
	CHECK_INT(recur_table_cell(t, 0, 0)->num, RECUR_SCHEMA_VERSION);
	recur_table_free(t);
	recur_db_close(db);
	migrates_to_3(path);
	CHECK_INT(recur_db_open("/nonexistent/dir/x.db", &db, &err), -1);
	CHECK_STR(err.file, "/nonexistent/dir/x.db");
	unlink(path);
}

/*
 * A version-5 database with links reopened: migrate-6.sql stores each
 * distinct why once and the view problem_links reads as the table did;
 * writing through the view works, and an incident links once to a problem.
 */
static void migrates_links_to_6(void)
{
	static const char rows[] = "SELECT group_concat(problem_id || ' ' || incident_id || ' ' || "
				   "method || ' ' || coalesce(score, '-') || ' ' || coalesce(reason, '-'), "
				   "'|') FROM (SELECT * FROM problem_links ORDER BY problem_id, incident_id)";
	char path[] = "/tmp/recur-test-XXXXXX";
	int fd = mkstemp(path);
	sqlite3 *db;
	struct recur_error err;
	struct recur_table *t;

	close(fd);
	recur_error_init(&err);
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	CHECK_INT(recur_db_exec(db, LINKS_V5 "INSERT INTO incidents (id, source_system, ext_id) "
				"VALUES (1, 'g', 'A'), (2, 'g', 'B'), (3, 'g', 'C'); "
				"INSERT INTO problems (id, key, method) VALUES ('PRB-1', 'sig:x', "
				"'signature'), ('PRB-2', 'rule:r', 'rule'); "
				"INSERT INTO problem_links VALUES ('PRB-1', 1, 'signature', 0.75, 'sig t'), "
				"('PRB-1', 2, 'signature', 0.75, 'sig t'), ('PRB-2', 3, 'rule', NULL, NULL), "
				"('PRB-2', 1, 'rule', 1.0, 'rule r'); PRAGMA user_version = 5", &err), 0);
	recur_db_close(db);
	CHECK_INT(recur_db_open(path, &db, &err), 0);
	CHECK_INT(recur_db_query(db, rows, NULL, 0, &t, &err), 0);
	CHECK_STR(recur_table_cell(t, 0, 0)->text, "PRB-1 1 signature 0.75 sig t|"
		  "PRB-1 2 signature 0.75 sig t|PRB-2 1 rule 1.0 rule r|PRB-2 3 rule - -");
	recur_table_free(t);
	CHECK_INT(recur_db_query(db, "SELECT (SELECT count(*) FROM problem_link_reasons) || '/' || "
				 "(SELECT count(*) FROM problem_link_rows)", NULL, 0, &t, &err), 0);
	CHECK_STR(recur_table_cell(t, 0, 0)->text, "3/4");
	recur_table_free(t);
	/* through the view: a new link shares its reason, a second link of one
	 * incident to one problem is refused, a deleted one goes */
	CHECK_INT(recur_db_exec(db, "INSERT INTO problem_links VALUES ('PRB-1', 3, 'signature', "
				"0.75, 'sig t'); DELETE FROM problem_links WHERE problem_id = 'PRB-2' "
				"AND incident_id = 1", &err), 0);
	CHECK(recur_db_exec(db, "INSERT INTO problem_links VALUES ('PRB-1', 3, 'signature', 0.5, "
			    "'other')", &err) != 0);
	CHECK(strstr(err.msg, "UNIQUE constraint failed") != NULL);
	CHECK(recur_db_exec(db, "INSERT INTO problem_links VALUES ('PRB-1', 2, 'bogus', 1, 'x')",
			    &err) != 0);
	CHECK_INT(recur_db_query(db, rows, NULL, 0, &t, &err), 0);
	CHECK_STR(recur_table_cell(t, 0, 0)->text, "PRB-1 1 signature 0.75 sig t|"
		  "PRB-1 2 signature 0.75 sig t|PRB-1 3 signature 0.75 sig t|PRB-2 3 rule - -");
	recur_table_free(t);
	CHECK_INT(recur_db_query(db, "SELECT count(*) FROM problem_link_reasons", NULL, 0, &t, &err), 0);
	CHECK_INT(recur_table_cell(t, 0, 0)->num, 3);
	recur_table_free(t);
	recur_db_close(db);
	unlink(path);
}

static void share_overrides_embedded(void)
{
	struct recur_buf b = RECUR_BUF_INIT;
	struct recur_error err;
	char dir[] = "/tmp/recur-share-XXXXXX";
	char path[256];
	FILE *f;

	recur_error_init(&err);
	CHECK_INT(recur_share_load("queries/schema.sql", &b, &err), 0);
	CHECK(strstr(b.buf, "CREATE TABLE incidents") != NULL);
	CHECK_INT(recur_share_load("queries/nope.sql", &b, &err), -1);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/queries", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/queries/schema.sql", dir);
	f = fopen(path, "w");
	fputs("-- mine", f);
	fclose(f);
	recur_share_set_dir(dir);
	recur_buf_reset(&b);
	CHECK_INT(recur_share_load("queries/schema.sql", &b, &err), 0);
	CHECK_STR(b.buf, "-- mine");
	recur_share_set_dir(NULL);
	unlink(path);
	snprintf(path, sizeof(path), "%s/queries", dir);
	rmdir(path);
	rmdir(dir);
	recur_buf_release(&b);
}

int main(void)
{
	RUN(buf_grows_and_stays_terminated);
	RUN(buf_refuses_past_its_maximum);
	RUN(error_formats_location);
	RUN(json_round_trip);
	RUN(json_errors_have_positions);
	RUN(json_rejects_invalid_utf8);
	RUN(json_builds_and_prints_numbers_shortest);
	RUN(table_prints_three_forms);
	RUN(calendar_arithmetic);
	RUN(store_migrates_and_queries);
	RUN(migrates_links_to_6);
	RUN(store_migrates_month_figures);
	RUN(share_overrides_embedded);
	return HARNESS_END();
}
