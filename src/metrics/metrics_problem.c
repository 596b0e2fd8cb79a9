/*
 * metrics_problem.c — the data of the two single-subject reports: one
 * problem's review (`recur report --problem`) and one incident's postmortem
 * summary (`recur report --incident`). Like metrics.c it runs named queries
 * (queries/metrics/problem-review*.sql, incident-*.sql) over the review
 * scope and shapes JSON; it never prints.
 */
#include "recur/metrics.h"
#include "recur/mem.h"
#include "recur/similar.h"
#include "recur/sqlfunc.h"
#include "recur/timeutil.h"
#include "recur/version.h"
#include "metrics_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The month the trend ends with: now's, or the month of the data's last
 * opening when the data ends before (a year of months after an old export
 * would all be "no data").
 */
static int trend_end(struct recur_metrics_run *q, long long now, char month[16])
{
	static const char *const need[] = { "last_opened_at", NULL };
	struct recur_table *t;
	const struct recur_cell *c;
	int d[6];

	if (recur_metrics_query(q, "last-month", need, 1, &t))
		return -1;
	c = recur_metrics_cell(t, 0, "last_opened_at");
	if (c->type == RECUR_CELL_INT && (long long)c->num < now)
		now = (long long)c->num;
	recur_table_free(t);
	recur_metrics_local_split(&q->tz, now, d);
	snprintf(month, 16, "%04d-%02d", d[0] % 10000, d[1]);
	return 0;
}
#define SEEN_BEFORE 5 /* incidents in the "seen before" list */

/* Starts a run for a single subject: zone, scope, the trend months ending at
 * now's month (or the data's last), and the parameters :id, :months, :now. */
static int start(struct recur_metrics_run *q, sqlite3 *db, const char *id,
		 const struct recur_metrics_opts *opts, struct recur_error *err)
{
	struct recur_buf m = RECUR_BUF_INIT;
	char month[16];
	int i;

	memset(q, 0, sizeof(*q));
	q->zone_was_utc = -1; /* no zone entered yet */
	q->db = db;
	q->err = err;
	if (recur_tz_check(opts->tz, "--tz", err))
		return -1;
	recur_tz_enter(&q->tz, opts->tz);
	q->zone_was_utc = recur_sqlfunc_zone(&q->tz);
	if (trend_end(q, opts->now, month))
		return -1;
	recur_metrics_periods(month, &q->tz, &q->per);
	recur_buf_addch(&m, '[');
	for (i = 0; i < 12; i++)
		recur_buf_addf(&m, "%s{\"month\":\"%s\",\"start\":%lld,\"end\":%lld}", i ? "," : "",
			       q->per.trend[i].key, q->per.trend[i].start, q->per.trend[i].end);
	recur_buf_addch(&m, ']');
	q->months_json = recur_buf_detach(&m, NULL);
	q->params[0] = (struct recur_param){ ":id", id, 0 };
	q->params[1] = (struct recur_param){ ":months", q->months_json, 0 };
	q->params[2] = (struct recur_param){ ":now", NULL, opts->now };
	q->params[3] = (struct recur_param){ ":incident", NULL, 0 };
	q->nparams = 4;
	return recur_metrics_scope(db, 1, 0, err);
}

static void finish(struct recur_metrics_run *q)
{
	recur_sqlfunc_zone_restore(q->zone_was_utc);
	recur_tz_leave(&q->tz);
	free(q->months_json);
}

static void header(struct recur_json *o, const struct recur_metrics_run *q,
		   const struct recur_metrics_opts *opts, const char *kind)
{
	char iso[32], date[16];

	recur_time_iso(opts->now, iso);
	recur_metrics_local_date(&q->tz, opts->now, date);
	recur_json_set_string(o, "report", kind);
	recur_json_set_string(o, "recur_version", RECUR_VERSION);
	recur_json_set_string(o, "generated_at", iso);
	recur_json_set_string(o, "generated_on", date);
	recur_json_set_string(o, "tz", opts->tz && *opts->tz ? opts->tz : "UTC");
}

/* ---- a problem ---- */

/* "reasons": why incidents were linked, with counts, most frequent first. */
static struct recur_json *reasons(const struct recur_json *incidents)
{
	struct recur_json *a = recur_metrics_count_reasons(incidents, "(no reason recorded)");
	size_t i, k;

	/* stable insertion sort by count desc: few reasons */
	for (i = 1; i < a->n; i++)
		for (k = i; k > 0 && recur_json_get(a->items[k], "count")->num >
				     recur_json_get(a->items[k - 1], "count")->num; k--) {
			struct recur_json *t = a->items[k];

			a->items[k] = a->items[k - 1];
			a->items[k - 1] = t;
		}
	return a;
}

int recur_metrics_problem(sqlite3 *db, const char *id, const struct recur_metrics_opts *opts,
			  struct recur_json **out, struct recur_error *err)
{
	static const char *const trend_need[] = { "month", NULL };
	struct recur_metrics_run q;
	struct recur_metrics_coverage cov;
	struct recur_table *t = NULL;
	struct recur_json *o = NULL, *inc = NULL, *trend = NULL;
	int rc = -1;

	*out = NULL;
	if (start(&q, db, id, opts, err) ||
	    recur_metrics_query(&q, "problem-review", NULL, 0, &t))
		goto out;
	if (!t->nrows) {
		recur_error_set(err, "no problem '%s': list them with 'recur problems'", id);
		goto out;
	}
	if (!(inc = recur_metrics_query_rows(&q, "problem-review-incidents", NULL)) ||
	    !(trend = recur_metrics_query_rows(&q, "problem-review-trend", trend_need)) ||
	    recur_metrics_coverage_read(&q, &cov))
		goto out;
	/* from the first covered month; a month outside the data is no data, not 0 */
	trend = recur_metrics_coverage_trend(&cov, trend);
	o = recur_json_new(RECUR_JSON_OBJECT);
	header(o, &q, opts, "problem");
	recur_json_set(o, "problem", recur_metrics_json_row(t, 0));
	recur_json_set(o, "reasons", reasons(inc));
	recur_json_set(o, "incidents", inc);
	recur_json_set(o, "trend", trend);
	inc = trend = NULL;
	*out = o;
	rc = 0;
out:
	recur_json_free(inc);
	recur_json_free(trend);
	recur_table_free(t);
	finish(&q);
	return rc;
}

/* ---- an incident ---- */

/* "seen before": the incidents most like this one, opened before it (similar.h). */
static int seen_before(struct recur_metrics_run *q, struct recur_json *o)
{
	struct recur_similar_opts so;
	struct recur_table *t = NULL;
	int rc;

	recur_similar_opts_init(&so);
	so.top = SEEN_BEFORE;
	so.now = q->params[2].num;
	/* 1: another process is writing; the index as it is answers */
	rc = recur_similar_sync(q->db, NULL, NULL, NULL, q->err);
	if (rc > 0)
		recur_error_init(q->err);
	if (rc < 0 || recur_similar_find_id(q->db, q->params[3].num, &so, &t, q->err))
		return -1;
	recur_json_set(o, "seen_before", recur_table_to_json(t));
	recur_table_free(t);
	return 0;
}

static int incident_parts(struct recur_metrics_run *q, struct recur_json *o)
{
	struct recur_json *ev, *ac, *pr;

	if (!(ev = recur_metrics_query_rows(q, "incident-events", NULL)))
		return -1;
	recur_json_set(o, "timeline", ev);
	if (!(ac = recur_metrics_query_rows(q, "incident-actions", NULL)))
		return -1;
	recur_json_set(o, "action_items", ac);
	if (!(pr = recur_metrics_query_rows(q, "incident-problems", NULL)))
		return -1;
	recur_json_set(o, "problems", pr);
	return seen_before(q, o);
}

int recur_metrics_incident(sqlite3 *db, const char *id, const struct recur_metrics_opts *opts,
			   struct recur_json **out, struct recur_error *err)
{
	static const char *const need[] = { "_id", NULL };
	struct recur_metrics_run q;
	struct recur_table *t = NULL;
	struct recur_json *o = NULL;
	int rc = -1;

	*out = NULL;
	if (start(&q, db, id, opts, err) ||
	    recur_metrics_query(&q, "incident-review", need, 0, &t))
		goto out;
	if (!t->nrows) {
		recur_error_set(err, "no incident '%s': give its id as in the export (ext_id)", id);
		goto out;
	}
	q.params[3].num = (long long)recur_metrics_cell(t, 0, "_id")->num;
	o = recur_json_new(RECUR_JSON_OBJECT);
	header(o, &q, opts, "incident");
	recur_json_set(o, "incident", recur_metrics_json_row(t, 0));
	recur_json_set_number(o, "same_id_elsewhere", (double)(t->nrows - 1));
	if (incident_parts(&q, o))
		goto out;
	*out = o;
	o = NULL;
	rc = 0;
out:
	recur_json_free(o);
	recur_table_free(t);
	finish(&q);
	return rc;
}
