/*
 * test_sqlfunc.c — recur's SQL functions, run through SQL on an in-memory
 * database: percentile_inc against values worked out by hand with Excel's
 * PERCENTILE.INC rule (rank = p·(n−1), linear between the closest ranks),
 * median, month_of, product (aggregate and running window, zeros), and the
 * units a metric query converts its columns to (minutes, round1,
 * local_date, local_stamp in the job's zone).
 */
#include "harness.h"
#include "recur/db.h"
#include "recur/sqlfunc.h"
#include "recur/tz.h"

#include <stdio.h>
#include <stdlib.h>

static sqlite3 *open_memory(void)
{
	struct recur_error err;
	sqlite3 *db = NULL;

	recur_error_init(&err);
	if (recur_db_open(":memory:", &db, &err))
		printf("#   cannot open: %s\n", err.msg);
	return db;
}

/* The one value of a one-row, one-column query; *is_null set when NULL. rc holds
 * the step result so errors can be checked. */
static double scalar(sqlite3 *db, const char *sql, int *is_null, int *rc)
{
	sqlite3_stmt *st = NULL;
	double v = 0;

	*is_null = 0;
	*rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (*rc != SQLITE_OK) {
		printf("#   prepare: %s\n", sqlite3_errmsg(db));
		return 0;
	}
	*rc = sqlite3_step(st);
	if (*rc == SQLITE_ROW) {
		*is_null = sqlite3_column_type(st, 0) == SQLITE_NULL;
		v = sqlite3_column_double(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

static double q(sqlite3 *db, const char *sql)
{
	int is_null, rc;
	double v = scalar(db, sql, &is_null, &rc);

	CHECK_INT(rc, SQLITE_ROW);
	CHECK(!is_null);
	return v;
}

#define VALUES4 "(VALUES (4), (1), (3), (2))"  /* unsorted on purpose */

static void percentile_of_four(void)
{
	sqlite3 *db = open_memory();

	/* sorted 1,2,3,4: p90 rank 0.9·3 = 2.7 → 3 + 0.7·(4−3) = 3.7 */
	CHECK_NEAR(q(db, "SELECT percentile_inc(column1, 0.9) FROM " VALUES4), 3.7, 1e-9);
	/* p25 rank 0.75 → 1 + 0.75 = 1.75 (Excel PERCENTILE.INC({1,2,3,4},0.25)) */
	CHECK_NEAR(q(db, "SELECT percentile_inc(column1, 0.25) FROM " VALUES4), 1.75, 1e-9);
	/* the ends are the minimum and maximum */
	CHECK_NEAR(q(db, "SELECT percentile_inc(column1, 0) FROM " VALUES4), 1, 1e-9);
	CHECK_NEAR(q(db, "SELECT percentile_inc(column1, 1) FROM " VALUES4), 4, 1e-9);
	recur_db_close(db);
}

static void percentile_of_one_value(void)
{
	sqlite3 *db = open_memory();

	CHECK_NEAR(q(db, "SELECT percentile_inc(column1, 0.9) FROM (VALUES (42))"), 42, 1e-9);
	CHECK_NEAR(q(db, "SELECT median(column1) FROM (VALUES (42))"), 42, 1e-9);
	recur_db_close(db);
}

static void median_even_and_odd(void)
{
	sqlite3 *db = open_memory();

	/* even: (2 + 3) / 2 */
	CHECK_NEAR(q(db, "SELECT median(column1) FROM " VALUES4), 2.5, 1e-9);
	/* odd: the middle value of 10, 20, 90 */
	CHECK_NEAR(q(db, "SELECT median(column1) FROM (VALUES (90), (10), (20))"), 20, 1e-9);
	/* 1, 2, 3, 5, 7, 10: (3 + 5) / 2 = 4 */
	CHECK_NEAR(q(db, "SELECT median(column1) FROM (VALUES (10),(1),(7),(3),(5),(2))"), 4, 1e-9);
	recur_db_close(db);
}

static void nulls_are_ignored(void)
{
	sqlite3 *db = open_memory();
	int is_null, rc;

	/* NULLs left out: the values are 1, 2, 3, 4 again */
	CHECK_NEAR(q(db, "SELECT percentile_inc(column1, 0.9) FROM "
			 "(VALUES (4), (NULL), (1), (3), (NULL), (2))"), 3.7, 1e-9);
	/* only NULLs, or no rows: NULL, like avg() */
	scalar(db, "SELECT median(column1) FROM (VALUES (NULL), (NULL))", &is_null, &rc);
	CHECK_INT(rc, SQLITE_ROW);
	CHECK(is_null);
	scalar(db, "SELECT percentile_inc(column1, 0.5) FROM (VALUES (1)) WHERE 0", &is_null, &rc);
	CHECK_INT(rc, SQLITE_ROW);
	CHECK(is_null);
	recur_db_close(db);
}

static void percentile_per_group(void)
{
	sqlite3 *db = open_memory();

	/* each group gets its own state: a = (1, 3) → 2, b = (10) → 10 */
	CHECK_NEAR(q(db, "SELECT median(column2) FROM (VALUES ('a', 1), ('b', 10), ('a', 3)) "
			 "WHERE column1 = 'a'"), 2, 1e-9);
	CHECK_NEAR(q(db, "SELECT sum(m) FROM (SELECT median(column2) AS m FROM "
			 "(VALUES ('a', 1), ('b', 10), ('a', 3)) GROUP BY column1)"), 12, 1e-9);
	recur_db_close(db);
}

static void p_out_of_range_is_an_error(void)
{
	sqlite3 *db = open_memory();
	int is_null, rc;

	scalar(db, "SELECT percentile_inc(column1, 1.5) FROM " VALUES4, &is_null, &rc);
	CHECK_INT(rc, SQLITE_ERROR);
	CHECK(strstr(sqlite3_errmsg(db), "between 0 and 1") != NULL);
	scalar(db, "SELECT percentile_inc(column1, -0.1) FROM " VALUES4, &is_null, &rc);
	CHECK_INT(rc, SQLITE_ERROR);
	scalar(db, "SELECT percentile_inc(column1, NULL) FROM " VALUES4, &is_null, &rc);
	CHECK_INT(rc, SQLITE_ERROR);
	recur_db_close(db);
}

static void percentile_sorted_directly(void)
{
	const double v[] = { 15, 30, 45, 60, 120, 240 };

	/* rank 0.9·5 = 4.5 → 120 + 0.5·120 = 180 */
	CHECK_NEAR(recur_percentile_sorted(v, 6, 0.9), 180, 1e-9);
	CHECK_NEAR(recur_percentile_sorted(v, 6, 0.5), 52.5, 1e-9);
	CHECK_NEAR(recur_percentile_sorted(v, 1, 0.9), 15, 1e-9);
}

static void month_of_utc(void)
{
	sqlite3 *db = open_memory();
	sqlite3_stmt *st;
	const char *sql = "SELECT month_of(1790812799), month_of(1790812800), month_of(NULL), "
			  "month_of(-1)";

	/* 1790812800 = 2026-10-01T00:00:00Z; one second earlier is September */
	CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "2026-09");
	CHECK_STR((const char *)sqlite3_column_text(st, 1), "2026-10");
	CHECK_INT(sqlite3_column_type(st, 2), SQLITE_NULL);
	CHECK_STR((const char *)sqlite3_column_text(st, 3), "1969-12");
	sqlite3_finalize(st);
	recur_db_close(db);
}

static void product_aggregate_and_window(void)
{
	sqlite3 *db = open_memory();
	int is_null, rc;

	CHECK_NEAR(q(db, "SELECT product(column1) FROM (VALUES (0.75), (NULL), (2), (4))"), 6, 1e-12);
	scalar(db, "SELECT product(column1) FROM (VALUES (NULL))", &is_null, &rc);
	CHECK_INT(rc, SQLITE_ROW);
	CHECK(is_null);
	/* a running product (a survival curve): 0.75, 0.5, 0, 0 */
	CHECK_NEAR(q(db, "SELECT group_concat(s, ' ') = '0.75 0.5 0.0 0.0' FROM (SELECT "
			 "product(column2) OVER (ORDER BY column1) AS s FROM (VALUES (1, 0.75), "
			 "(2, 0.666666666666666667), (3, 0), (4, 0.5)))"), 1, 0);
	/* a sliding frame divides values back out, zeros included: 0.75·(2/3),
	 * (2/3)·0, 0·0.5 */
	CHECK_NEAR(q(db, "SELECT sum(s) FROM (SELECT product(column2) OVER (ORDER BY column1 "
			 "ROWS 1 PRECEDING) AS s FROM (VALUES (1, 0.75), (2, 0.666666666666666667), "
			 "(3, 0), (4, 0.5)))"), 0.75 + 0.5, 1e-12);
	recur_db_close(db);
}

/* The text of the one value of sql, or "NULL"; copied into out. */
static const char *text_of(sqlite3 *db, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;

	snprintf(out, size, "(error)");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, size, "%s", sqlite3_column_type(st, 0) == SQLITE_NULL ? "NULL" :
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static void minutes_and_round1(void)
{
	sqlite3 *db = open_memory();
	char b[64];

	/* 0.1 min = 6 s: 9 s is a tie, rounded away from zero; 2 s is 0.0 */
	CHECK_NEAR(q(db, "SELECT minutes(9)"), 0.2, 1e-12);
	CHECK_NEAR(q(db, "SELECT minutes(-9)"), -0.2, 1e-12);
	CHECK_NEAR(q(db, "SELECT minutes(3)"), 0.1, 1e-12);
	CHECK_NEAR(q(db, "SELECT minutes(2)"), 0.0, 1e-12);
	CHECK_NEAR(q(db, "SELECT minutes(5700.5)"), 95.0, 1e-12);
	CHECK_NEAR(q(db, "SELECT round1(0.25)"), 0.3, 1e-12);
	CHECK_NEAR(q(db, "SELECT round1(-0.25)"), -0.3, 1e-12);
	/* NULL and text are passed on as they are */
	CHECK_STR(text_of(db, "SELECT minutes(NULL)", b, sizeof(b)), "NULL");
	CHECK_STR(text_of(db, "SELECT minutes('n/a')", b, sizeof(b)), "n/a");
	CHECK_STR(text_of(db, "SELECT round1('12.345')", b, sizeof(b)), "12.345");
	recur_db_close(db);
}

static void local_times_in_the_zone(void)
{
	sqlite3 *db = open_memory();
	struct recur_tz tz;
	char b[64];
	int was;

	/* 1790812800 = 2026-10-01T00:00:00Z */
	CHECK_STR(text_of(db, "SELECT local_stamp(1790812800)", b, sizeof(b)), "2026-10-01 00:00");
	CHECK_STR(text_of(db, "SELECT local_date(1790812799)", b, sizeof(b)), "2026-09-30");
	CHECK_STR(text_of(db, "SELECT local_date(NULL)", b, sizeof(b)), "NULL");
	CHECK_STR(text_of(db, "SELECT local_stamp('soon')", b, sizeof(b)), "soon");
	/* in the job's zone: two hours ahead in October (CEST) */
	recur_tz_enter(&tz, "Europe/Berlin");
	was = recur_sqlfunc_zone(&tz);
	CHECK_INT(was, 1);
	CHECK_STR(text_of(db, "SELECT local_stamp(1790812800)", b, sizeof(b)), "2026-10-01 02:00");
	CHECK_STR(text_of(db, "SELECT local_date(1790809200)", b, sizeof(b)), "2026-10-01");
	recur_sqlfunc_zone_restore(was);
	recur_tz_leave(&tz);
	CHECK_STR(text_of(db, "SELECT local_date(1790809200)", b, sizeof(b)), "2026-09-30");
	recur_db_close(db);
}

int main(void)
{
	RUN(percentile_of_four);
	RUN(percentile_of_one_value);
	RUN(median_even_and_odd);
	RUN(nulls_are_ignored);
	RUN(percentile_per_group);
	RUN(p_out_of_range_is_an_error);
	RUN(percentile_sorted_directly);
	RUN(month_of_utc);
	RUN(product_aggregate_and_window);
	RUN(minutes_and_round1);
	RUN(local_times_in_the_zone);
	return HARNESS_END();
}
