/*
 * test_coverage.c — which periods the data covers (queries/metrics/coverage.sql,
 * metrics_coverage.c): the default period, partial periods and their words,
 * comparisons left out, and the trend from the first covered month. The
 * histories are made with a recursive INSERT: one opening every 6 hours
 * between two times, and a source whose export time is given.
 */
#include "harness.h"
#include "recur/db.h"
#include "recur/json.h"
#include "recur/metrics.h"

#include <stdio.h>
#include <string.h>

#define T(s) "CAST(strftime('%s', '" s "') AS INTEGER)"

/* Openings every 6 hours in [from, to], exported at export. */
static sqlite3 *history(const char *from, const char *to, const char *export)
{
	struct recur_error err;
	sqlite3 *db = NULL;
	char sql[1024];

	recur_error_init(&err);
	if (recur_db_open(":memory:", &db, &err))
		return NULL;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO sources (id, path, format, sha256, imported_at, first_opened_at, "
		 "last_opened_at, exported_at) VALUES (1, 'x.csv', 'csv', 'h', 0, "
		 "CAST(strftime('%%s', '%s') AS INTEGER), CAST(strftime('%%s', '%s') AS INTEGER), "
		 "CAST(strftime('%%s', '%s') AS INTEGER));"
		 "WITH RECURSIVE t(at) AS (SELECT CAST(strftime('%%s', '%s') AS INTEGER) UNION ALL "
		 "SELECT at + 21600 FROM t WHERE at + 21600 <= CAST(strftime('%%s', '%s') AS INTEGER)) "
		 "INSERT INTO incidents (source_id, source_system, ext_id, title, severity, opened_at, "
		 "resolved_at) SELECT 1, 'generic', 'I' || at, 'title', 3, at, at + 600 FROM t;",
		 from, to, export, from, to);
	if (recur_db_exec(db, sql, &err))
		printf("#   history: %s\n", err.msg);
	return db;
}

static void default_is(sqlite3 *db, int quarter, const char *want)
{
	struct recur_error err;
	char got[24];

	recur_error_init(&err);
	CHECK_INT(recur_metrics_default_period(db, NULL, quarter, got, &err), 0);
	CHECK_STR(got, want);
}

/* The last covered period, whatever the day: no "now" is given at all. */
static void default_is_last_covered(void)
{
	sqlite3 *db = history("2026-01-10 00:00:00", "2026-11-03 12:00:00", "2026-11-04 00:00:00");

	default_is(db, 0, "2026-10");
	default_is(db, 1, "2026-Q3");
	recur_db_close(db);
	/* updates go on for months after the openings stopped (ServiceNow's
	 * event log): the month the openings stop in is still partial */
	db = history("2026-01-10 00:00:00", "2026-10-20 12:00:00", "2027-02-15 00:00:00");
	default_is(db, 0, "2026-09");
	recur_db_close(db);
	/* openings to the end of the month, the last event seconds before it
	 * (the export time is a lower bound): October */
	db = history("2026-01-10 00:00:00", "2026-10-31 18:00:00", "2026-10-31 23:59:54");
	default_is(db, 0, "2026-10");
	recur_db_close(db);
	/* exported two days before the end: October is not over in the data */
	db = history("2026-01-10 00:00:00", "2026-10-29 18:00:00", "2026-10-29 20:00:00");
	default_is(db, 0, "2026-09");
	recur_db_close(db);
	/* a history shorter than a month: its month, which the review calls partial */
	db = history("2026-10-05 00:00:00", "2026-10-12 00:00:00", "2026-10-12 00:00:00");
	default_is(db, 0, "2026-10");
	recur_db_close(db);
}

static void empty_database_is_an_error(void)
{
	struct recur_error err;
	sqlite3 *db = NULL;
	char got[24];

	recur_error_init(&err);
	CHECK_INT(recur_db_open(":memory:", &db, &err), 0);
	CHECK_INT(recur_metrics_default_period(db, NULL, 0, got, &err), -1);
	CHECK(strstr(err.msg, "recur import FILE") != NULL);
	CHECK_INT(err.code, 1);
	recur_db_close(db);
}

static struct recur_json *review(sqlite3 *db, const char *month)
{
	struct recur_metrics_opts o = { month, 1795651200LL, 10, NULL, 0, 0, NULL, NULL };
	struct recur_error err;
	struct recur_json *j = NULL;

	recur_error_init(&err);
	if (recur_metrics_review(db, &o, &j, &err))
		printf("#   review %s: %s\n", month, err.msg);
	return j;
}

static const char *str(const struct recur_json *o, const char *key)
{
	const struct recur_json *v = recur_json_get(o, key);

	return v && v->type == RECUR_JSON_STRING ? v->str : "(not a string)";
}

static const struct recur_json *headline(const struct recur_json *j, size_t i)
{
	return recur_json_get(j, "headline")->items[i];
}

/* A partial month says so and which days it holds; nothing is compared. */
static void partial_month_is_not_compared(void)
{
	sqlite3 *db = history("2026-01-10 00:00:00", "2026-10-20 12:00:00", "2027-02-15 00:00:00");
	struct recur_json *j = review(db, "2026-10");
	const struct recur_json *cov = recur_json_get(j, "coverage");

	CHECK_STR(str(cov, "state"), "partial");
	CHECK_STR(str(cov, "text"), "October 2026 is partial: the data covers 1\xe2\x80\x93" "20 "
		  "October 2026 only, so its figures are not compared with other periods.");
	CHECK_STR(str(cov, "range_text"), "Data: incidents opened 2026-01-10 to 2026-10-20, "
		  "exported 2027-02-15.");
	CHECK_STR(str(headline(j, 0), "change"), "not compared: October 2026 is partial");
	CHECK_STR(str(headline(j, 0), "significance"), "not tested: October 2026 is partial");
	CHECK_INT(recur_json_get(headline(j, 0), "p_value")->type, RECUR_JSON_NULL);
	CHECK_INT(recur_json_get(recur_json_get(j, "totals"), "change_pct")->type, RECUR_JSON_NULL);
	CHECK_INT((long long)recur_json_get(j, "significance")->n, 0);
	recur_json_free(j);
	recur_db_close(db);
}

/* A partial quarter names the days it holds across months. */
static void partial_quarter_names_its_days(void)
{
	sqlite3 *db = history("2026-01-10 00:00:00", "2026-05-13 12:00:00", "2027-02-15 00:00:00");
	struct recur_json *j = review(db, "2026-Q2");

	CHECK_STR(str(recur_json_get(j, "coverage"), "text"), "Q2 2026 is partial: the data covers "
		  "1 April \xe2\x80\x93 13 May 2026 only, so its figures are not compared with other "
		  "periods.");
	CHECK_STR(str(recur_json_get(j, "coverage"), "banner"), "Partial quarter");
	recur_json_free(j);
	recur_db_close(db);
}

/* A covered month against a partial one: not compared, and the cell says why. */
static void partial_previous_month_is_not_compared(void)
{
	sqlite3 *db = history("2026-01-10 00:00:00", "2026-11-03 12:00:00", "2026-11-04 00:00:00");
	struct recur_json *j = review(db, "2026-02");
	const struct recur_json *cov = recur_json_get(j, "coverage");

	CHECK_STR(str(cov, "state"), "covered");
	CHECK_STR(str(cov, "prev_state"), "partial");
	CHECK_STR(str(headline(j, 0), "change"), "not compared: January 2026 is partial");
	CHECK_STR(str(headline(j, 0), "ly_change"), "not compared: February 2025 is outside the data");
	CHECK_INT(recur_json_get(headline(j, 0), "p_value")->type, RECUR_JSON_NULL);
	recur_json_free(j);
	/* March against a covered February: tested, with a percent */
	j = review(db, "2026-03");
	CHECK(strchr(str(headline(j, 0), "change"), '%') != NULL);
	CHECK_INT(recur_json_get(headline(j, 0), "p_value")->type, RECUR_JSON_NUMBER);
	recur_json_free(j);
	recur_db_close(db);
}

/* The trend starts at the first covered month; a month outside the data has no figures. */
static void trend_starts_at_first_covered_month(void)
{
	sqlite3 *db = history("2026-01-10 00:00:00", "2026-10-20 12:00:00", "2027-02-15 00:00:00");
	struct recur_json *j = review(db, "2026-12");
	const struct recur_json *trend = recur_json_get(j, "trend");

	/* January is partial (9 silent days, threshold 4): February to December */
	CHECK_INT((long long)trend->n, 11);
	CHECK_STR(str(trend->items[0], "month"), "2026-02");
	CHECK_STR(str(trend->items[0], "coverage"), "covered");
	CHECK_STR(str(trend->items[8], "label"), "2026-10 (partial)");
	CHECK_STR(str(trend->items[9], "coverage"), "no data");
	CHECK_INT(recur_json_get(trend->items[9], "incidents")->type, RECUR_JSON_NULL);
	CHECK_STR(str(recur_json_get(j, "coverage"), "state"), "no data");
	recur_json_free(j);
	recur_db_close(db);
}

int main(void)
{
	RUN(default_is_last_covered);
	RUN(empty_database_is_an_error);
	RUN(partial_month_is_not_compared);
	RUN(partial_quarter_names_its_days);
	RUN(partial_previous_month_is_not_compared);
	RUN(trend_starts_at_first_covered_month);
	return HARNESS_END();
}
