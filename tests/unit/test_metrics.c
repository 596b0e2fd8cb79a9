/*
 * test_metrics.c — the review data (metrics.h) from a fixture database built
 * with plain INSERTs. Every expected figure is worked out by hand in the
 * comments, from the fixture below, so a reader can check it.
 *
 * The month is October 2026 (previous: September 2026):
 *
 *   id  service  sev  opened            TTA (min)   TTR (min)   problems
 *   O1  api      1    10-01 00:00:00    5           60          P1, P2
 *   O2  api      2    10-03 12:00       10          120         P1
 *   O3  api      3    10-05 08:00       — (no ack)  30
 *   O4  db       2    10-10 09:00       2           45          P2
 *   O5  db       4    10-12 14:00       −5 (neg.)   — (open)
 *   O6  web      3    10-15 16:00       7           −10 (neg.)  P3
 *   O7  web      —    10-20 11:00       3           15
 *   O8  (NULL)   5    10-31 23:59       1           240
 *   S1  api      1    09-02 10:00       4           100         P1
 *   S2  api      3    09-10 10:00       6           50          P4
 *   S3  db       2    09-20 10:00       —           20          P2
 *   S4  web      3    09-30 23:59:59    12          —
 *   N1  api      2    11-01 00:00:00    (next month: outside)
 *   M1  api      2    2026-03-15        30          90          P1
 *   L1  api      3    2025-10-31 23:00  (before the 12-month trend window)
 *   X1  api      3    no opened_at
 *
 * Links: P1 = O1, O2, S1, M1 (4); P2 = O1, O4, S3 (3); P3 = O6 (1); P4 = S2 (1).
 */
#include "harness.h"
#include "metrics/metrics_int.h"
#include "recur/db.h"
#include "recur/metrics.h"
#include "recur/share.h"
#include "recur/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T(s) "CAST(strftime('%s', '" s "') AS INTEGER)"
#define MIN(a) "+ 60 * (" a ")"

/* ext_id, service, severity, opened, ack offset (min), resolve offset (min) */
#define INC(id, svc, sev, opened, ack, res)                                                  \
	"INSERT INTO incidents (id, source_system, ext_id, title, service, severity, "      \
	"severity_label, opened_at, acknowledged_at, resolved_at) VALUES ("                  \
	"(SELECT coalesce(max(id), 0) + 1 FROM incidents), 'generic', '" id "', 'title " id \
	"', " svc ", " sev ", CASE WHEN " sev " IS NULL THEN NULL ELSE 'SEV' || " sev       \
	" END, " T(opened) ", " T(opened) " + 60 * (" ack "), " T(opened) " + 60 * (" res "));",

static const char *const fixture[] = {
	INC("O1", "'api'", "1", "2026-10-01 00:00:00", "5", "60")
	INC("O2", "'api'", "2", "2026-10-03 12:00:00", "10", "120")
	INC("O3", "'api'", "3", "2026-10-05 08:00:00", "NULL", "30")
	INC("O4", "'db'", "2", "2026-10-10 09:00:00", "2", "45")
	INC("O5", "'db'", "4", "2026-10-12 14:00:00", "-5", "NULL")
	INC("O6", "'web'", "3", "2026-10-15 16:00:00", "7", "-10")
	INC("O7", "'web'", "NULL", "2026-10-20 11:00:00", "3", "15")
	INC("O8", "NULL", "5", "2026-10-31 23:59:00", "1", "240")
	INC("S1", "'api'", "1", "2026-09-02 10:00:00", "4", "100")
	INC("S2", "'api'", "3", "2026-09-10 10:00:00", "6", "50")
	INC("S3", "'db'", "2", "2026-09-20 10:00:00", "NULL", "20")
	INC("S4", "'web'", "3", "2026-09-30 23:59:59", "12", "NULL")
	INC("N1", "'api'", "2", "2026-11-01 00:00:00", "1", "1")
	INC("M1", "'api'", "2", "2026-03-15 10:00:00", "30", "90")
	INC("L1", "'api'", "3", "2025-10-31 23:00:00", "1", "1")
	"INSERT INTO incidents (source_system, ext_id, title, service, severity) "
	"VALUES ('generic', 'X1', 'no time', 'api', 3);",
	/* recurring as recur link marks it: P1 (4 links) and P2 (3 links) */
	"INSERT INTO problems (id, key, title, service, method, status, first_seen, last_seen, "
	"impact_minutes, recurring) VALUES "
	"('PRB-aaaa0001', 'rule:p1', 'API pool exhausted', 'api', 'rule', 'known error', "
	T("2026-03-15 10:00:00") ", " T("2026-10-03 12:00:00") ", 370.04, 1),"
	"('PRB-bbbb0002', 'rule:p2', 'DB failover', 'db', 'rule', NULL, NULL, NULL, NULL, 1),"
	"('PRB-cccc0003', 'rule:p3', 'web once', 'web', 'rule', NULL, NULL, NULL, NULL, 0),"
	"('PRB-dddd0004', 'rule:p4', 'api once', 'api', 'rule', NULL, NULL, NULL, NULL, 0);",
	"INSERT INTO problem_links (problem_id, incident_id, method, score) "
	"SELECT column1, (SELECT id FROM incidents WHERE ext_id = column2), 'rule', 1.0 FROM (VALUES "
	"('PRB-aaaa0001', 'O1'), ('PRB-aaaa0001', 'O2'), ('PRB-aaaa0001', 'S1'), "
	"('PRB-aaaa0001', 'M1'), ('PRB-bbbb0002', 'O1'), ('PRB-bbbb0002', 'O4'), "
	"('PRB-bbbb0002', 'S3'), ('PRB-cccc0003', 'O6'), ('PRB-dddd0004', 'S2'));",
};

static sqlite3 *fixture_db(void)
{
	struct recur_error err;
	sqlite3 *db = NULL;

	size_t i;

	recur_error_init(&err);
	if (recur_db_open(":memory:", &db, &err)) {
		printf("#   fixture: %s\n", err.msg);
		return NULL;
	}
	for (i = 0; i < sizeof(fixture) / sizeof(fixture[0]); i++)
		if (recur_db_exec(db, fixture[i], &err))
			printf("#   fixture %zu: %s\n", i, err.msg);
	return db;
}

/* 2026-11-26T00:00:00Z, the e2e clock a year on */
#define NOW 1795651200LL

static struct recur_json *review(sqlite3 *db, const char *month, int top)
{
	struct recur_metrics_opts o = { month, NOW, top, NULL, 0, 0, NULL, NULL };
	struct recur_error err;
	struct recur_json *j = NULL;

	recur_error_init(&err);
	if (recur_metrics_review(db, &o, &j, &err))
		printf("#   review: %s\n", err.msg);
	return j;
}

/* The number at path, or NAN when it is absent or not a number (null). */
static double num(const struct recur_json *j, const char *path)
{
	const struct recur_json *v = recur_json_path(j, path);

	return v && v->type == RECUR_JSON_NUMBER ? v->num : NAN;
}

static const char *str(const struct recur_json *j, const char *path)
{
	const struct recur_json *v = recur_json_path(j, path);

	return v && v->type == RECUR_JSON_STRING ? v->str : NULL;
}

static int is_null(const struct recur_json *j, const char *path)
{
	const struct recur_json *v = recur_json_path(j, path);

	return v && v->type == RECUR_JSON_NULL;
}

static size_t len(const struct recur_json *j, const char *path)
{
	const struct recur_json *v = recur_json_path(j, path);

	return v && v->type == RECUR_JSON_ARRAY ? v->n : (size_t)-1;
}

static void header_and_window(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	CHECK(j != NULL);
	CHECK_STR(str(j, "month"), "2026-10");
	CHECK_STR(str(j, "month_name"), "October 2026");
	CHECK_STR(str(j, "prev_month"), "2026-09");
	CHECK_STR(str(j, "generated_at"), "2026-11-26T00:00:00Z");
	CHECK_INT(len(j, "months"), 12);
	CHECK_STR(str(j, "months.0"), "2025-11");
	CHECK_STR(str(j, "months.11"), "2026-10");
	recur_json_free(j);
	recur_db_close(db);
}

static void totals_and_repeat_rate(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	/* O1..O8 (O1 at the first second is in, N1 at November's first is out) */
	CHECK_INT(num(j, "totals.incidents"), 8);
	/* S1..S4 (S4 at September's last second) */
	CHECK_INT(num(j, "totals.prev_incidents"), 4);
	CHECK_INT(num(j, "totals.change"), 4);
	CHECK_NEAR(num(j, "totals.change_pct"), 100.0, 1e-9);
	CHECK_STR(str(j, "totals.direction"), "up");
	/* severity ≤ 2: O1, O2, O4; S1, S3 */
	CHECK_INT(num(j, "totals.sev12"), 3);
	CHECK_INT(num(j, "totals.prev_sev12"), 2);
	/* recurring (≥ 2 links): P1 (4), P2 (3). October incidents linked to them:
	 * O1 (twice, counted once), O2, O4 = 3; O6's P3 has 1 link only.
	 * 3 / 8 = 37.5 %. September: S1, S3 = 2 of 4 = 50.0 % (P4 has 1 link). */
	CHECK_INT(num(j, "totals.linked"), 3);
	CHECK_NEAR(num(j, "totals.repeat_rate_pct"), 37.5, 1e-9);
	CHECK_INT(num(j, "totals.prev_linked"), 2);
	CHECK_NEAR(num(j, "totals.prev_repeat_rate_pct"), 50.0, 1e-9);
	CHECK_INT(num(j, "totals.recurring_problems"), 2);
	/* 15 with opened_at + X1 */
	CHECK_INT(num(j, "totals.all_incidents"), 16);
	recur_json_free(j);
	/* when link marks only P1 recurring (e.g. --min-incidents 4): O1, O2 = 2 / 8 = 25.0 % */
	CHECK_INT(sqlite3_exec(db, "UPDATE problems SET recurring = 0 WHERE id = 'PRB-bbbb0002'",
			       NULL, NULL, NULL), SQLITE_OK);
	j = review(db, "2026-10", 10);
	CHECK_INT(num(j, "totals.linked"), 2);
	CHECK_NEAR(num(j, "totals.repeat_rate_pct"), 25.0, 1e-9);
	CHECK_INT(len(j, "problems"), 1);
	recur_json_free(j);
	recur_db_close(db);
}

static void durations_by_hand(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	CHECK_STR(str(j, "durations.0.metric"), "TTA");
	CHECK_STR(str(j, "durations.1.metric"), "TTM");
	CHECK_STR(str(j, "durations.2.metric"), "TTR");
	/* no incident has a mitigation time: TTM falls back to TTR, figure for figure */
	CHECK_INT(num(j, "durations.1.n"), num(j, "durations.2.n"));
	CHECK_NEAR(num(j, "durations.1.median_min"), num(j, "durations.2.median_min"), 0);
	CHECK_NEAR(num(j, "durations.1.p90_min"), num(j, "durations.2.p90_min"), 0);
	/* TTA October: O3 has no ack, O5 is negative → 5, 10, 2, 7, 3, 1.
	 * sorted 1 2 3 5 7 10: n 6, mean 28/6 = 4.667 → 4.7, median (3+5)/2 = 4.0,
	 * p90 rank 0.9·5 = 4.5 → 7 + 0.5·(10−7) = 8.5 */
	CHECK_INT(num(j, "durations.0.n"), 6);
	CHECK_NEAR(num(j, "durations.0.mean_min"), 4.7, 1e-9);
	CHECK_NEAR(num(j, "durations.0.median_min"), 4.0, 1e-9);
	CHECK_NEAR(num(j, "durations.0.p90_min"), 8.5, 1e-9);
	/* TTA September: S3 has no ack → 4, 6, 12: n 3, mean 22/3 = 7.33 → 7.3,
	 * median 6, p90 rank 1.8 → 6 + 0.8·6 = 10.8 */
	CHECK_INT(num(j, "durations.0.prev_n"), 3);
	CHECK_NEAR(num(j, "durations.0.prev_mean_min"), 7.3, 1e-9);
	CHECK_NEAR(num(j, "durations.0.prev_median_min"), 6.0, 1e-9);
	CHECK_NEAR(num(j, "durations.0.prev_p90_min"), 10.8, 1e-9);
	/* TTR October: O5 open, O6 negative → 60, 120, 30, 45, 15, 240.
	 * sorted 15 30 45 60 120 240: n 6, mean 510/6 = 85.0, median (45+60)/2 =
	 * 52.5, p90 rank 4.5 → 120 + 0.5·120 = 180.0 */
	CHECK_INT(num(j, "durations.1.n"), 6);
	CHECK_NEAR(num(j, "durations.1.mean_min"), 85.0, 1e-9);
	CHECK_NEAR(num(j, "durations.1.median_min"), 52.5, 1e-9);
	CHECK_NEAR(num(j, "durations.1.p90_min"), 180.0, 1e-9);
	/* TTR September: S4 open → 100, 50, 20: mean 170/3 = 56.67 → 56.7,
	 * median 50, p90 rank 1.8 → 50 + 0.8·50 = 90.0 */
	CHECK_INT(num(j, "durations.1.prev_n"), 3);
	CHECK_NEAR(num(j, "durations.1.prev_mean_min"), 56.7, 1e-9);
	CHECK_NEAR(num(j, "durations.1.prev_median_min"), 50.0, 1e-9);
	CHECK_NEAR(num(j, "durations.1.prev_p90_min"), 90.0, 1e-9);
	recur_json_free(j);
	recur_db_close(db);
}

static void empty_month_gives_nulls(void)
{
	sqlite3 *db = fixture_db();
	/* 2026-05 is empty, and so is April */
	struct recur_json *j = review(db, "2026-05", 10);

	CHECK_INT(num(j, "totals.incidents"), 0);
	CHECK(is_null(j, "totals.change_pct"));
	CHECK(is_null(j, "totals.repeat_rate_pct"));
	CHECK_STR(str(j, "totals.direction"), "flat");
	CHECK_INT(num(j, "durations.0.n"), 0);
	CHECK(is_null(j, "durations.0.mean_min"));
	CHECK(is_null(j, "durations.1.p90_min"));
	CHECK_INT(len(j, "services"), 0);
	CHECK_INT(len(j, "problems"), 0);
	CHECK_INT(len(j, "incidents"), 0);
	CHECK_INT(len(j, "severity"), 5); /* 1..5 with zeros, no "unknown" */
	CHECK_STR(str(j, "headline.2.value"), "n/a");
	CHECK_STR(str(j, "headline.2.change"), "n/a");
	recur_json_free(j);
	recur_db_close(db);
}

static void severity_rows(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	/* October: SEV1 O1; SEV2 O2 O4; SEV3 O3 O6; SEV4 O5; SEV5 O8; unknown O7.
	 * September: SEV1 S1; SEV2 S3; SEV3 S2 S4. */
	CHECK_INT(len(j, "severity"), 6);
	CHECK_STR(str(j, "severity.0.label"), "SEV1");
	CHECK_INT(num(j, "severity.0.severity"), 1);
	CHECK_INT(num(j, "severity.0.count"), 1);
	CHECK_INT(num(j, "severity.0.prev_count"), 1);
	CHECK_INT(num(j, "severity.1.count"), 2);
	CHECK_INT(num(j, "severity.2.count"), 2);
	CHECK_INT(num(j, "severity.2.prev_count"), 2);
	CHECK_INT(num(j, "severity.3.count"), 1);
	CHECK_INT(num(j, "severity.3.prev_count"), 0);
	CHECK_STR(str(j, "severity.4.label"), "SEV5");
	CHECK_INT(num(j, "severity.4.count"), 1);
	CHECK_STR(str(j, "severity.5.label"), "unknown");
	CHECK(is_null(j, "severity.5.severity"));
	CHECK_INT(num(j, "severity.5.count"), 1);
	CHECK_INT(num(j, "severity.5.prev_count"), 0);
	recur_json_free(j);
	recur_db_close(db);
}

static void services_top(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	/* api 3, then db and web with 2 each by name, then (none) 1 */
	CHECK_INT(len(j, "services"), 4);
	CHECK_STR(str(j, "services.0.service"), "api");
	CHECK_INT(num(j, "services.0.count"), 3);
	CHECK_INT(num(j, "services.0.prev_count"), 2);
	/* api TTR 60 + 120 + 30 = 210; median of 30 60 120 = 60 */
	CHECK_NEAR(num(j, "services.0.impact_minutes"), 210.0, 1e-9);
	CHECK_NEAR(num(j, "services.0.ttr_median_min"), 60.0, 1e-9);
	CHECK_STR(str(j, "services.1.service"), "db");
	CHECK_STR(str(j, "services.2.service"), "web");
	/* web: O6 is negative, so only O7's 15 */
	CHECK_NEAR(num(j, "services.2.impact_minutes"), 15.0, 1e-9);
	CHECK_STR(str(j, "services.3.service"), "(none)");
	CHECK_INT(num(j, "services.3.prev_count"), 0);
	recur_json_free(j);
	j = review(db, "2026-10", 2);
	CHECK_INT(len(j, "services"), 2);
	CHECK_STR(str(j, "services.1.service"), "db");
	recur_json_free(j);
	recur_db_close(db);
}

static void problems_listed(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	/* P1 and P2 both have 2 October incidents; P1 has more impact (O1 60 +
	 * O2 120 min against O1 60 + O4's) */
	CHECK_INT(len(j, "problems"), 2);
	CHECK_STR(str(j, "problems.0.id"), "PRB-aaaa0001");
	CHECK_INT(num(j, "problems.0.rank"), 1);
	CHECK_INT(num(j, "problems.1.rank"), 2);
	CHECK_INT(num(j, "problems.0.month_count"), 2);
	CHECK_INT(num(j, "problems.0.total_count"), 4);
	CHECK_STR(str(j, "problems.0.first_seen"), "2026-03-15");
	CHECK_STR(str(j, "problems.0.last_seen"), "2026-10-03");
	CHECK_STR(str(j, "problems.0.status"), "known error");
	/* O1 60 + O2 120 */
	CHECK_NEAR(num(j, "problems.0.impact_minutes"), 180.0, 1e-9);
	CHECK_NEAR(num(j, "problems.0.total_impact_minutes"), 370.0, 1e-9);
	CHECK_INT(len(j, "problems.0.incidents"), 2);
	CHECK_STR(str(j, "problems.0.incidents.0.ext_id"), "O1");
	CHECK_STR(str(j, "problems.0.incidents.0.opened"), "2026-10-01 00:00");
	CHECK_STR(str(j, "problems.0.incidents.1.ext_id"), "O2");
	CHECK_NEAR(num(j, "problems.0.incidents.1.ttr_min"), 120.0, 1e-9);
	CHECK_STR(str(j, "problems.0.incidents.1.severity_label"), "SEV2");
	CHECK_STR(str(j, "problems.1.id"), "PRB-bbbb0002");
	CHECK_INT(num(j, "problems.1.total_count"), 3);
	CHECK(is_null(j, "problems.1.first_seen"));
	CHECK_STR(str(j, "problems.1.incidents.0.ext_id"), "O1");
	CHECK_STR(str(j, "problems.1.incidents.1.ext_id"), "O4");
	recur_json_free(j);
	/* top 1: every problem is in "problems" (the workbook lists them all),
	 * its group lists P1 and says one more; only P1 has its incidents */
	j = review(db, "2026-10", 1);
	CHECK_INT(len(j, "problems"), 2);
	CHECK_INT(num(j, "totals.recurring_problems"), 2);
	CHECK_STR(str(j, "problem_groups.1.key"), "ongoing");
	CHECK_INT(num(j, "problem_groups.1.count"), 2);
	CHECK_INT(len(j, "problem_groups.1.problems"), 1);
	CHECK_STR(str(j, "problem_groups.1.problems.0.id"), "PRB-aaaa0001");
	CHECK_INT(num(j, "problem_groups.1.more"), 1);
	CHECK_INT(len(j, "problems.0.incidents"), 2);
	CHECK(!recur_json_path(j, "problems.1.incidents"));
	recur_json_free(j);
	recur_db_close(db);
}

/*
 * Still open at the export time, 2026-11-01 03:59 (O8's resolution, the
 * latest time in the fixture): O5 in October (1 of 8), S4 in September
 * (1 of 4), both over 5%, so provisional. O6 (negative TTR) is in neither
 * estimate. Kaplan–Meier in October, minutes: resolved at 15 30 45 60 120
 * 240, O5 censored at 28199 (19 d 13 h 59 min): S = 6/7, 5/7, 4/7, 3/7 at
 * 60 (≤ 0.5: the median), 2/7, 1/7 at 240 (> 0.1: p90 not reached).
 * September: resolved at 20 50 100, S4 censored at 44879 min 1 s; S = 3/4,
 * then exactly 1/2 at 50 (the median), 1/4: p90 not reached.
 */
static void still_open_by_hand(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	CHECK_STR(str(j, "export_time"), "2026-11-01 03:59");
	CHECK_INT(len(j, "still_open"), 3);
	CHECK_STR(str(j, "still_open.0.period"), "cur");
	CHECK_INT(num(j, "still_open.0.incidents"), 8);
	CHECK_INT(num(j, "still_open.0.still_open"), 1);
	CHECK_NEAR(num(j, "still_open.0.still_open_pct"), 12.5, 1e-9);
	CHECK_INT(num(j, "still_open.0.left_out"), 1);
	CHECK(recur_json_truthy(recur_json_path(j, "still_open.0.provisional")));
	CHECK_INT(num(j, "still_open.0.ttr_n"), 6);
	CHECK_NEAR(num(j, "still_open.0.ttr_median_min"), 52.5, 1e-9);
	CHECK_INT(num(j, "still_open.0.km_n"), 7);
	CHECK_NEAR(num(j, "still_open.0.km_median_min"), 60, 1e-9);
	CHECK(is_null(j, "still_open.0.km_p90_min"));
	CHECK_STR(str(j, "still_open.0.km_p90_text"), "not reached");
	CHECK_NEAR(num(j, "still_open.1.km_median_min"), 50, 1e-9);
	CHECK_STR(str(j, "still_open.1.km_median_text"), "50.0");
	CHECK(is_null(j, "still_open.1.km_p90_min"));
	CHECK(recur_json_truthy(recur_json_path(j, "durations.2.provisional")));
	CHECK(recur_json_truthy(recur_json_path(j, "durations.2.prev_provisional")));
	/* the year earlier, October 2025, holds L1 (resolved after 1 min) */
	CHECK_INT(num(j, "still_open.2.still_open"), 0);
	CHECK_NEAR(num(j, "still_open.2.km_median_min"), 1, 1e-9);
	CHECK(!recur_json_truthy(recur_json_path(j, "still_open.2.provisional")));
	recur_json_free(j);
	/* an empty month: nothing to estimate from, not "not reached" */
	j = review(db, "2026-08", 10);
	CHECK_INT(num(j, "still_open.0.incidents"), 0);
	CHECK_STR(str(j, "still_open.0.km_median_text"), "\xe2\x80\x93");
	CHECK_STR(str(j, "headline.7.value"), "0 of 0");
	recur_json_free(j);
	recur_db_close(db);
}

/* A report keeps the first incidents of each list by opened time (each
 * problem's, the postmortem lists); the counts beside them stay whole. */
static void lists_capped(void)
{
	sqlite3 *db = fixture_db();
	struct recur_metrics_opts o = { "2026-10", NOW, 10, NULL, 0, 1, NULL, NULL };
	struct recur_error err;
	struct recur_json *j = NULL;

	recur_error_init(&err);
	CHECK_INT(recur_metrics_review(db, &o, &j, &err), 0);
	CHECK_INT(len(j, "problems"), 2);
	CHECK_INT(len(j, "problems.0.incidents"), 1);
	CHECK_STR(str(j, "problems.0.incidents.0.ext_id"), "O1");
	CHECK_INT(num(j, "problems.0.month_count"), 2);
	CHECK_INT(len(j, "problems.1.incidents"), 1);
	CHECK_STR(str(j, "problems.1.incidents.0.ext_id"), "O1");
	CHECK_INT(len(j, "problem_groups.1.problems.0.incidents"), 1);
	/* SEV1–2 in October: O1, O2, O4, none with a postmortem */
	CHECK_INT(num(j, "postmortems.sev12"), 3);
	CHECK_INT(num(j, "postmortems.without_postmortem"), 3);
	CHECK_INT(len(j, "postmortems.missing"), 1);
	CHECK_STR(str(j, "postmortems.missing.0.ext_id"), "O1");
	CHECK_INT(len(j, "postmortems.incidents"), 1);
	recur_json_free(j);
	recur_db_close(db);
}

static void trend_has_twelve_months(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	CHECK_INT(len(j, "trend"), 12);
	/* 2025-11: empty (L1 is in 2025-10, outside the window) */
	CHECK_STR(str(j, "trend.0.month"), "2025-11");
	CHECK_INT(num(j, "trend.0.incidents"), 0);
	CHECK_INT(num(j, "trend.0.sev3"), 0);
	CHECK(is_null(j, "trend.0.ttr_median_min"));
	/* 2026-03: M1 alone, TTA 30, TTR 90 */
	CHECK_STR(str(j, "trend.4.month"), "2026-03");
	CHECK_INT(num(j, "trend.4.incidents"), 1);
	CHECK_INT(num(j, "trend.4.sev2"), 1);
	CHECK_NEAR(num(j, "trend.4.tta_median_min"), 30.0, 1e-9);
	CHECK_NEAR(num(j, "trend.4.ttr_p90_min"), 90.0, 1e-9);
	CHECK_INT(num(j, "trend.5.incidents"), 0);
	CHECK_INT(num(j, "trend.10.incidents"), 4);
	/* the month itself agrees with durations */
	CHECK_STR(str(j, "trend.11.month"), "2026-10");
	CHECK_INT(num(j, "trend.11.incidents"), 8);
	CHECK_INT(num(j, "trend.11.unknown"), 1);
	CHECK_NEAR(num(j, "trend.11.tta_median_min"), 4.0, 1e-9);
	CHECK_NEAR(num(j, "trend.11.ttr_median_min"), 52.5, 1e-9);
	CHECK_NEAR(num(j, "trend.11.ttr_p90_min"), 180.0, 1e-9);
	recur_json_free(j);
	recur_db_close(db);
}

static void data_quality_counts(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	CHECK_INT(num(j, "data_quality.no_severity"), 1);        /* O7 */
	CHECK_INT(num(j, "data_quality.negative_tta"), 1);       /* O5 */
	CHECK_INT(num(j, "data_quality.negative_ttr"), 1);       /* O6 */
	CHECK_INT(num(j, "data_quality.missing_ack"), 1);        /* O3 */
	CHECK_INT(num(j, "data_quality.missing_resolution"), 1); /* O5 */
	CHECK_INT(num(j, "data_quality.values_rejected"), 0);
	CHECK_INT(num(j, "data_quality.no_opened_at"), 1);       /* X1 */
	recur_json_free(j);
	recur_db_close(db);
}

static void incidents_of_the_month(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	CHECK_INT(len(j, "incidents"), 8);
	CHECK_STR(str(j, "incidents.0.ext_id"), "O1");
	/* O1 links to P1 and P2 with equal scores: the lower id */
	CHECK_STR(str(j, "incidents.0.problem_id"), "PRB-aaaa0001");
	CHECK_STR(str(j, "incidents.7.ext_id"), "O8");
	CHECK_STR(str(j, "incidents.7.opened"), "2026-10-31 23:59");
	CHECK(is_null(j, "incidents.7.service"));
	/* O5: negative TTA and no resolution are both null; O6 negative TTR null */
	CHECK(is_null(j, "incidents.4.tta_min"));
	CHECK(is_null(j, "incidents.4.ttr_min"));
	CHECK(is_null(j, "incidents.4.resolved_at"));
	CHECK(is_null(j, "incidents.5.ttr_min"));
	CHECK_NEAR(num(j, "incidents.5.tta_min"), 7.0, 1e-9);
	CHECK(is_null(j, "incidents.6.problem_id"));
	recur_json_free(j);
	recur_db_close(db);
}

static void headline_rows(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	CHECK_INT(len(j, "headline"), 10);
	CHECK_STR(str(j, "headline.3.metric"), "Median TTM");
	CHECK_STR(str(j, "headline.0.metric"), "Incidents");
	CHECK_STR(str(j, "headline.0.value"), "8");
	CHECK_STR(str(j, "headline.0.prev"), "4");
	CHECK_STR(str(j, "headline.0.change"), "+4 (+100.0%)");
	CHECK_STR(str(j, "headline.0.direction"), "up");
	CHECK_STR(str(j, "headline.1.metric"), "SEV1\xe2\x80\x93" "2 incidents");
	CHECK_STR(str(j, "headline.1.change"), "+1 (+50.0%)");
	/* median TTA 4.0 vs 6.0 */
	CHECK_STR(str(j, "headline.2.value"), "4.0 min");
	CHECK_STR(str(j, "headline.2.change"), "\xe2\x88\x92" "2.0 min");
	CHECK_STR(str(j, "headline.2.direction"), "down");
	CHECK_STR(str(j, "headline.4.change"), "+2.5 min");
	/* P90 TTR 180 min ≥ 120 → hours; the change of 90 min stays in minutes;
	 * both months have more than 5% still open (O5 of 8, S4 of 4) */
	CHECK_STR(str(j, "headline.5.value"), "3.0 h (provisional)");
	CHECK_STR(str(j, "headline.5.prev"), "90.0 min (provisional)");
	CHECK_STR(str(j, "headline.5.change"), "+90.0 min");
	CHECK_STR(str(j, "headline.6.value"), "37.5%");
	CHECK_STR(str(j, "headline.6.prev"), "50.0%");
	CHECK_STR(str(j, "headline.6.change"), "\xe2\x88\x92" "12.5 pp");
	CHECK_STR(str(j, "headline.6.direction"), "down");
	/* still open and Kaplan–Meier (still_open_by_hand works them out) */
	CHECK_STR(str(j, "headline.7.metric"), "Still open");
	CHECK_STR(str(j, "headline.7.value"), "1 of 8");
	CHECK_STR(str(j, "headline.7.prev"), "1 of 4");
	CHECK_STR(str(j, "headline.8.value"), "60.0 min");
	CHECK_STR(str(j, "headline.8.prev"), "50.0 min");
	CHECK_STR(str(j, "headline.9.value"), "not reached");
	CHECK_STR(str(j, "headline.9.change"), "n/a");
	/* October 2025 (a year earlier) holds L1 only */
	CHECK_STR(str(j, "headline.0.ly"), "1");
	CHECK_STR(str(j, "headline.0.ly_change"), "+7 (+700.0%)");
	recur_json_free(j);
	/* September against an empty August: no percentage, prev durations n/a */
	j = review(db, "2026-09", 10);
	CHECK_STR(str(j, "headline.0.change"), "+4");
	CHECK_STR(str(j, "headline.4.prev"), "n/a");
	CHECK_STR(str(j, "headline.4.change"), "n/a");
	CHECK_STR(str(j, "headline.4.direction"), "flat");
	CHECK_STR(str(j, "headline.6.prev"), "n/a");
	recur_json_free(j);
	recur_db_close(db);
}

static void significance_by_hand(void)
{
	sqlite3 *db = fixture_db();
	struct recur_json *j = review(db, "2026-10", 10);

	/* Incidents: 8 in October (31 days) against 4 in September (30 days).
	 * Given 12, October's share ~ Binomial(12, 31/61); P(8) = 0.12883; the
	 * outcomes no more likely are 0–4 and 8–12: 0.0002 + 0.00248 + 0.01411 +
	 * 0.0486 + 0.113 + 0.12883 + 0.05917 + 0.01834 + 0.00345 + 0.0003 =
	 * 0.38848 → 0.3885 (4 digits): not significant */
	CHECK_STR(str(j, "significance.0.metric"), "Incidents");
	CHECK_NEAR(num(j, "significance.0.p_value"), 0.3885, 1e-12);
	CHECK(recur_json_path(j, "significance.0.significant")->type == RECUR_JSON_FALSE);
	/* TTA: October 1 2 3 5 7 10 min against September 4 6 12: U = pairs with
	 * October longer = 0+0+0+1+2+2 = 5; no ties, so exact: of C(9,3) = 84
	 * orderings 16 have U ≤ 5 → p = 2·16/84 = 0.380952… → 0.381 */
	CHECK_STR(str(j, "significance.2.metric"), "TTA");
	CHECK_NEAR(num(j, "significance.2.statistic"), 5, 0);
	CHECK_NEAR(num(j, "significance.2.p_value"), 0.381, 1e-12);
	CHECK_STR(str(j, "headline.2.p_text"), "p = 0.381");
	CHECK_STR(str(j, "headline.2.significance"), "not significant");
	CHECK_INT(len(j, "changes"), 0);
	recur_json_free(j);
	recur_db_close(db);
}

static void maintenance_is_left_out(void)
{
	/* a planned maintenance by type, a game day by title, a test by its
	 * tags (a list in extra): counted apart; a "maintenance" that is not
	 * under tags is no tag */
	static const char *const extra[] = {
		INC("G1", "'api'", "1", "2026-10-07 10:00:00", "1", "600")
		"UPDATE incidents SET kind = 'Maintenance' WHERE ext_id = 'G1';",
		INC("G2", "'db'", "2", "2026-10-08 10:00:00", "1", "60")
		"UPDATE incidents SET title = 'Game day: failover drill' WHERE ext_id = 'G2';",
		INC("G3", "'db'", "3", "2026-10-09 10:00:00", "1", "60")
		"UPDATE incidents SET extra = '{\"tags\":[\"db\",\"Test\"]}' WHERE ext_id = 'G3';",
		INC("G4", "'db'", "3", "2026-10-10 10:00:00", "1", "60")
		"UPDATE incidents SET extra = '{\"labels\":\"maintenance\"}' WHERE ext_id = 'G4';",
	};
	sqlite3 *db = fixture_db();
	struct recur_error err;
	struct recur_json *j;
	size_t i;

	recur_error_init(&err);
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		CHECK_INT(recur_db_exec(db, extra[i], &err), 0);
	j = review(db, "2026-10", 10);
	CHECK_INT(num(j, "totals.incidents"), 9);
	CHECK_INT(num(j, "totals.sev12"), 3);
	CHECK_INT(num(j, "totals.excluded"), 3);
	CHECK_INT(num(j, "excluded.count"), 3);
	CHECK_STR(str(j, "excluded.incidents.0.ext_id"), "G1");
	CHECK_STR(str(j, "excluded.incidents.0.reason"), "maintenance");
	CHECK_STR(str(j, "excluded.incidents.1.reason"), "game day");
	CHECK_STR(str(j, "excluded.incidents.2.ext_id"), "G3");
	CHECK_STR(str(j, "excluded.incidents.2.reason"), "test");
	CHECK_INT(len(j, "incidents"), 9);
	CHECK_INT(num(j, "trend.11.excluded"), 3);
	CHECK_INT(num(j, "trend.11.incidents"), 9);
	recur_json_free(j);
	recur_db_close(db);
}

static void quarter_and_time_zone(void)
{
	sqlite3 *db = fixture_db();
	struct recur_metrics_opts o = { "2026-Q4", NOW, 10, NULL, 0, 0, NULL, NULL };
	struct recur_error err;
	struct recur_json *j = NULL;

	recur_error_init(&err);
	/* Q4 so far: O1–O8 and N1; Q3: S1–S4 */
	CHECK_INT(recur_metrics_review(db, &o, &j, &err), 0);
	CHECK_STR(str(j, "period"), "2026-Q4");
	CHECK_STR(str(j, "period_name"), "Q4 2026");
	CHECK_STR(str(j, "prev_period"), "2026-Q3");
	CHECK_INT(num(j, "totals.incidents"), 9);
	CHECK_INT(num(j, "totals.prev_incidents"), 4);
	CHECK_STR(str(j, "months.11"), "2026-12");
	recur_json_free(j);
	/* New York (UTC−4 in October): O1 (10-01 00:00 UTC) falls in September,
	 * N1 (11-01 00:00 UTC) in October, printed in local time */
	o = (struct recur_metrics_opts){ "2026-10", NOW, 10, "America/New_York", 0, 0, NULL, NULL };
	CHECK_INT(recur_metrics_review(db, &o, &j, &err), 0);
	CHECK_INT(num(j, "totals.incidents"), 8);
	CHECK_STR(str(j, "incidents.0.ext_id"), "O2");
	CHECK_STR(str(j, "incidents.7.ext_id"), "N1");
	CHECK_STR(str(j, "incidents.7.opened"), "2026-10-31 20:00");
	CHECK_STR(str(j, "tz"), "America/New_York");
	recur_json_free(j);
	o.tz = "Mars/Olympus";
	CHECK_INT(recur_metrics_review(db, &o, &j, &err), -1);
	CHECK_INT(err.code, RECUR_EXIT_USAGE);
	recur_db_close(db);
}

static void rounding_and_human_units(void)
{
	char s[32];

	/* 9 s = 0.15 min: a tie, rounded away from zero (binary 0.15 would not be) */
	CHECK_NEAR(recur_metrics_minutes(9), 0.2, 1e-12);
	CHECK_NEAR(recur_metrics_minutes(3), 0.1, 1e-12);
	CHECK_NEAR(recur_metrics_minutes(-9), -0.2, 1e-12);
	CHECK_NEAR(recur_metrics_minutes(2), 0.0, 1e-12);
	recur_metrics_human(42.5, s, sizeof(s));
	CHECK_STR(s, "42.5 min");
	recur_metrics_human(119.9, s, sizeof(s));
	CHECK_STR(s, "119.9 min");
	recur_metrics_human(192, s, sizeof(s));
	CHECK_STR(s, "3.2 h");
	recur_metrics_human(2879, s, sizeof(s));
	CHECK_STR(s, "48.0 h");
	recur_metrics_human(5040, s, sizeof(s));
	CHECK_STR(s, "3.5 d");
}

/* The queries a review ran, as the progress callback was told them. */
struct told {
	struct recur_buf names;
	int calls;
};

static void tell(const char *query, void *ctx)
{
	struct told *t = ctx;

	recur_buf_addf(&t->names, "%s ", query);
	t->calls++;
}

static void progress_names_each_query(void)
{
	sqlite3 *db = fixture_db();
	struct told t = { RECUR_BUF_INIT, 0 };
	struct recur_metrics_opts o = { "2026-10", NOW, 10, NULL, 0, 0, tell, &t };
	struct recur_error err;
	struct recur_json *j = NULL, *plain;

	recur_error_init(&err);
	CHECK_INT(recur_metrics_review(db, &o, &j, &err), 0);
	/* before each query, by its file's name; the figures stay the same */
	CHECK(t.calls >= 15);
	CHECK(t.names.buf && !strncmp(t.names.buf, "coverage ", 9));
	CHECK(t.names.buf && strstr(t.names.buf, " durations ") != NULL);
	CHECK(t.names.buf && strstr(t.names.buf, " trend ") != NULL);
	CHECK(t.names.buf && strstr(t.names.buf, " problems ") != NULL);
	plain = review(db, "2026-10", 10);
	CHECK(plain && j);
	if (plain && j) {
		struct recur_buf a = RECUR_BUF_INIT, b = RECUR_BUF_INIT;

		recur_json_write(j, &a, 0);
		recur_json_write(plain, &b, 0);
		CHECK_STR(a.buf, b.buf);
		recur_buf_release(&a);
		recur_buf_release(&b);
	}
	recur_json_free(plain);
	recur_json_free(j);
	recur_buf_release(&t.names);
	recur_db_close(db);
}

static void bad_month_is_a_usage_error(void)
{
	sqlite3 *db = fixture_db();
	struct recur_metrics_opts o = { "2026-13", NOW, 10, NULL, 0, 0, NULL, NULL };
	struct recur_error err;
	struct recur_json *j = NULL;

	recur_error_init(&err);
	CHECK_INT(recur_metrics_review(db, &o, &j, &err), -1);
	CHECK(j == NULL);
	CHECK_INT(err.code, 2);
	CHECK(strstr(err.msg, "YYYY-MM") != NULL);
	recur_db_close(db);
}

static void overridden_query_is_checked(void)
{
	char dir[] = "/tmp/recur-test-metrics-XXXXXX", path[256];
	sqlite3 *db = fixture_db();
	struct recur_metrics_opts o = { "2026-10", NOW, 10, NULL, 0, 0, NULL, NULL };
	struct recur_error err;
	struct recur_json *j = NULL;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/queries", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/queries/metrics", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/queries/metrics/totals.sql", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	fputs("SELECT 1 AS incidents ORDER BY 1;\n", f);
	fclose(f);
	recur_share_set_dir(dir);
	recur_error_init(&err);
	CHECK_INT(recur_metrics_review(db, &o, &j, &err), -1);
	CHECK(j == NULL);
	CHECK(strstr(err.msg, "returns no column 'prev_incidents'") != NULL);
	unlink(path);
	/* the samples, read row by row, are checked too */
	snprintf(path, sizeof(path), "%s/queries/metrics/samples.sql", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	fputs("SELECT 1 AS cur, 60 AS tta_s, 120 AS ttr_s;\n", f);
	fclose(f);
	recur_error_init(&err);
	CHECK_INT(recur_metrics_review(db, &o, &j, &err), -1);
	CHECK(j == NULL);
	CHECK(strstr(err.msg, "samples.sql: the query returns no column 'ttm_s'") != NULL);
	recur_share_set_dir(NULL);
	unlink(path);
	snprintf(path, sizeof(path), "%s/queries/metrics", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/queries", dir);
	rmdir(path);
	rmdir(dir);
	recur_db_close(db);
}

/* Writes SHARE/queries/metrics/NAME.sql. */
static void share_query(const char *dir, const char *name, const char *sql)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/queries", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/queries/metrics", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/queries/metrics/%s.sql", dir, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(sql, f);
		fclose(f);
	}
}

static void remove_share(const char *dir, const char *const *names)
{
	char path[256];

	for (; *names; names++) {
		snprintf(path, sizeof(path), "%s/queries/metrics/%s.sql", dir, *names);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/queries/metrics", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/queries", dir);
	rmdir(path);
	rmdir(dir);
}

/*
 * A user's query and a built-in one take the same path to the review data:
 * each column a key, units from the SQL functions, "name?" a yes/no,
 * "_name" left out; a column added to a built-in query (totals.sql) is in
 * its section too.
 */
static void user_columns_take_the_generic_path(void)
{
	static const char *const names[] = { "oncall", "totals", NULL };
	char dir[] = "/tmp/recur-test-metrics-XXXXXX";
	struct recur_buf totals = RECUR_BUF_INIT;
	struct recur_error err;
	sqlite3 *db = fixture_db();
	struct recur_json *j;

	CHECK(mkdtemp(dir) != NULL);
	share_query(dir, "oncall", "SELECT 'db' AS team, minutes(5700.5) AS wait_min, "
		    "1 AS \"paged?\", 0 AS \"quiet?\", NULL AS \"maybe?\", 7 AS _secret, "
		    "local_date(1790812800) AS day;\n");
	recur_error_init(&err);
	CHECK_INT(recur_share_load("queries/metrics/totals.sql", &totals, &err), 0);
	/* the shipped totals.sql, one column more */
	CHECK(strstr(totals.buf, "AS _first_opened_at") != NULL);
	if (strstr(totals.buf, "AS _first_opened_at")) {
		struct recur_buf b = RECUR_BUF_INIT;
		const char *at = strstr(totals.buf, "AS _first_opened_at");

		recur_buf_add(&b, totals.buf, (size_t)(at - totals.buf));
		recur_buf_adds(&b, "AS _first_opened_at, 42 AS answer");
		recur_buf_adds(&b, at + strlen("AS _first_opened_at"));
		share_query(dir, "totals", b.buf);
		recur_buf_release(&b);
	}
	recur_share_set_dir(dir);
	j = review(db, "2026-10", 10);
	CHECK(j != NULL);
	CHECK_STR(str(j, "queries.oncall.0.team"), "db");
	CHECK_NEAR(num(j, "queries.oncall.0.wait_min"), 95.0, 1e-12);
	CHECK(recur_json_path(j, "queries.oncall.0.paged")->type == RECUR_JSON_TRUE);
	CHECK(recur_json_path(j, "queries.oncall.0.quiet")->type == RECUR_JSON_FALSE);
	CHECK(is_null(j, "queries.oncall.0.maybe"));
	CHECK(!recur_json_path(j, "queries.oncall.0.paged?"));
	CHECK(!recur_json_path(j, "queries.oncall.0._secret"));
	CHECK_STR(str(j, "queries.oncall.0.day"), "2026-10-01");
	CHECK_INT(num(j, "totals.answer"), 42);
	CHECK_INT(num(j, "totals.incidents"), 8);
	CHECK(!recur_json_path(j, "totals._first_opened_at"));
	recur_json_free(j);
	/* a column the C code reads, left out of an overridden query, is named */
	share_query(dir, "totals", "SELECT 1 AS incidents, 0 AS prev_incidents, 0 AS ly_incidents, "
		    "0 AS sev12, 0 AS prev_sev12, 0 AS ly_sev12, 0 AS linked, 0 AS prev_linked, "
		    "0 AS ly_linked, 0 AS excluded, 0 AS prev_excluded, 1 AS all_incidents;\n");
	recur_error_init(&err);
	j = NULL;
	CHECK_INT(recur_metrics_review(db, &(struct recur_metrics_opts){ "2026-10", NOW, 10, NULL,
								   0, 0, NULL, NULL }, &j, &err), -1);
	CHECK(j == NULL);
	CHECK(strstr(err.msg, "query 'queries/metrics/totals.sql' returns no column "
		     "'_first_opened_at': restore the file or fix it in the share folder") != NULL);
	recur_share_set_dir(NULL);
	recur_buf_release(&totals);
	remove_share(dir, names);
	recur_db_close(db);
}

/*
 * A database in a file computes half its figures on a second connection
 * (metrics_side.c): the same review data as one connection in memory; the
 * second connection's queries tell no progress (the caller's line is the
 * caller's); and a broken query there fails the review with its own
 * message, as on one connection.
 */
static void second_connection_same_figures(void)
{
	char dir[] = "/tmp/recur-test-side-XXXXXX", path[256], sql[320];
	static const char *const names[] = { "by-severity", NULL };
	sqlite3 *mem = fixture_db(), *file = NULL;
	struct told t = { RECUR_BUF_INIT, 0 };
	struct recur_metrics_opts o = { "2026-10", NOW, 10, NULL, 0, 0, tell, &t };
	struct recur_json *one = review(mem, "2026-10", 10), *two = NULL;
	struct recur_buf a = RECUR_BUF_INIT, b = RECUR_BUF_INIT;
	struct recur_error err;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/r.db", dir);
	snprintf(sql, sizeof(sql), "VACUUM INTO '%s'", path);
	recur_error_init(&err);
	CHECK_INT(recur_db_exec(mem, sql, &err), 0);
	CHECK_INT(recur_db_open_existing(path, &file, &err), 0);
	CHECK_INT(recur_metrics_review(file, &o, &two, &err), 0);
	CHECK(one && two);
	if (one && two) {
		recur_json_write(one, &a, 0);
		recur_json_write(two, &b, 0);
		CHECK_STR(b.buf, a.buf);
	}
	/* the caller's queries are told, the second connection's are not */
	CHECK(t.names.buf && strstr(t.names.buf, " problems ") != NULL);
	CHECK(t.names.buf && strstr(t.names.buf, "by-severity") == NULL);
	recur_json_free(two);
	two = NULL;
	share_query(dir, "by-severity", "SELECT severity FROM nowhere;\n");
	recur_share_set_dir(dir);
	recur_error_init(&err);
	CHECK_INT(recur_metrics_review(file, &o, &two, &err), -1);
	CHECK(two == NULL);
	CHECK(strstr(err.msg, "queries/metrics/by-severity.sql: cannot prepare query: no such "
		     "table: nowhere") != NULL);
	recur_share_set_dir(NULL);
	recur_db_close(file); /* the last connection: SQLite removes -wal and -shm */
	unlink(path);
	remove_share(dir, names);
	recur_buf_release(&a);
	recur_buf_release(&b);
	recur_buf_release(&t.names);
	recur_json_free(one);
	recur_db_close(mem);
}

int main(void)
{
	RUN(header_and_window);
	RUN(totals_and_repeat_rate);
	RUN(durations_by_hand);
	RUN(empty_month_gives_nulls);
	RUN(severity_rows);
	RUN(services_top);
	RUN(problems_listed);
	RUN(lists_capped);
	RUN(trend_has_twelve_months);
	RUN(data_quality_counts);
	RUN(incidents_of_the_month);
	RUN(headline_rows);
	RUN(still_open_by_hand);
	RUN(significance_by_hand);
	RUN(maintenance_is_left_out);
	RUN(quarter_and_time_zone);
	RUN(rounding_and_human_units);
	RUN(progress_names_each_query);
	RUN(second_connection_same_figures);
	RUN(bad_month_is_a_usage_error);
	RUN(overridden_query_is_checked);
	RUN(user_columns_take_the_generic_path);
	return HARNESS_END();
}
