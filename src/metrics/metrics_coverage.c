/*
 * metrics_coverage.c — how much of a period the data holds (DESIGN.md,
 * "Coverage"): the data's range, whether the reviewed period, the one
 * before it, the one a year earlier and each trend month are covered,
 * partial or outside the data, and the default period (the last covered
 * one). The rule and its constants are data: queries/metrics/coverage.sql.
 *
 * A review of a partial period, or one compared with a partial period, is
 * not a fair comparison (a month of 13 days has fewer incidents than one of
 * 31), so this file also says why a comparison is left out; the headline
 * and the significance tests read that. It never prints.
 */
#include "recur/metrics.h"
#include "recur/mem.h"
#include "metrics_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[] = { "covered", "partial", "no data" };

static long long cell_int(const struct recur_table *t, size_t r, const char *col)
{
	const struct recur_cell *c = recur_metrics_cell(t, r, col);

	return c->type == RECUR_CELL_INT || c->type == RECUR_CELL_REAL ? (long long)c->num
								       : LLONG_MIN;
}

static void add_period(struct recur_buf *b, const struct recur_period *p)
{
	recur_buf_addf(b, "%s{\"key\":\"%s\",\"start\":%lld,\"end\":%lld}", b->len > 1 ? "," : "",
		       p->key, p->start, p->end);
}

/* Row r of coverage.sql as one period's coverage. */
static void read_cover(const struct recur_table *t, size_t r, struct recur_metrics_cover *c)
{
	c->first_in = cell_int(t, r, "first_in");
	c->last_in = cell_int(t, r, "last_in");
	if (cell_int(t, r, "covered") == 1)
		c->state = RECUR_COVER_COVERED;
	else
		c->state = c->first_in == LLONG_MIN ? RECUR_COVER_NO_DATA : RECUR_COVER_PARTIAL;
}

/* Runs coverage.sql over n periods; fills the data's range and each cover. */
static int run(struct recur_metrics_run *q, const struct recur_period *const *p, size_t n,
	       struct recur_metrics_coverage *c, struct recur_metrics_cover *out)
{
	static const char *const need[] = {
		"period", "first_opened_at", "last_opened_at", "exported_at", "threshold_s",
		"first_in", "last_in", "covered", NULL,
	};
	struct recur_buf b = RECUR_BUF_INIT;
	struct recur_table *t;
	size_t i, saved = q->nparams;
	int rc;

	recur_buf_addch(&b, '[');
	for (i = 0; i < n; i++)
		add_period(&b, p[i]);
	recur_buf_addch(&b, ']');
	q->params[q->nparams++] = (struct recur_param){ ":periods", b.buf, 0 };
	rc = recur_metrics_query(q, "coverage", need, 0, &t);
	q->nparams = saved;
	recur_buf_release(&b);
	if (rc)
		return -1;
	c->first_opened = cell_int(t, 0, "first_opened_at");
	c->last_opened = cell_int(t, 0, "last_opened_at");
	c->exported = cell_int(t, 0, "exported_at");
	c->threshold = cell_int(t, 0, "threshold_s");
	for (i = 0; i < n; i++) /* a row a user's query left out: no data, never covered */
		out[i] = (struct recur_metrics_cover){ RECUR_COVER_NO_DATA, LLONG_MIN, LLONG_MIN };
	for (i = 0; i < n && i < t->nrows; i++)
		read_cover(t, i, &out[i]);
	recur_table_free(t);
	return 0;
}

int recur_metrics_coverage_read(struct recur_metrics_run *q, struct recur_metrics_coverage *c)
{
	const struct recur_period *p[15];
	struct recur_metrics_cover out[15];
	size_t i;

	memset(c, 0, sizeof(*c));
	p[0] = &q->per.cur;
	p[1] = &q->per.prev;
	p[2] = &q->per.ly;
	for (i = 0; i < 12; i++)
		p[3 + i] = &q->per.trend[i];
	if (run(q, p, 15, c, out))
		return -1;
	c->cur = out[0];
	c->prev = out[1];
	c->ly = out[2];
	memcpy(c->trend, out + 3, sizeof(c->trend));
	return 0;
}

/* ---- words ---- */

/* "29 February 2016", "1–13 May 2016", "30 March – 2 April 2016", or across years. */
static void day_span(const struct recur_tz *tz, long long a, long long b, char *out, size_t size)
{
	int x[6], y[6];

	recur_metrics_local_split(tz, a, x);
	recur_metrics_local_split(tz, b, y);
	if (x[0] == y[0] && x[1] == y[1] && x[2] == y[2])
		snprintf(out, size, "%d %s %d", x[2], recur_metrics_month_name(x[1]), x[0]);
	else if (x[0] == y[0] && x[1] == y[1])
		snprintf(out, size, "%d\xe2\x80\x93%d %s %d", x[2], y[2], recur_metrics_month_name(x[1]), x[0]);
	else if (x[0] == y[0])
		snprintf(out, size, "%d %s \xe2\x80\x93 %d %s %d", x[2], recur_metrics_month_name(x[1]), y[2],
			 recur_metrics_month_name(y[1]), x[0]);
	else
		snprintf(out, size, "%d %s %d \xe2\x80\x93 %d %s %d", x[2], recur_metrics_month_name(x[1]), x[0],
			 y[2], recur_metrics_month_name(y[1]), y[0]);
}

/* "May 2016 is partial", "May 2015 is outside the data", or "" when covered. */
static void uncovered(const struct recur_period *p, const struct recur_metrics_cover *c, char *out,
		      size_t size)
{
	if (c->state == RECUR_COVER_COVERED)
		*out = '\0';
	else
		snprintf(out, size, "%s is %s", p->name,
			 c->state == RECUR_COVER_PARTIAL ? "partial" : "outside the data");
}

void recur_metrics_coverage_why(const struct recur_metrics_run *q,
				const struct recur_metrics_coverage *c, int ly, char *out, size_t size)
{
	uncovered(&q->per.cur, &c->cur, out, size);
	if (!*out)
		uncovered(ly ? &q->per.ly : &q->per.prev, ly ? &c->ly : &c->prev, out, size);
}

/* The sentence on the reviewed period: covered, or which days the data holds. */
static void period_text(const struct recur_metrics_run *q, const struct recur_metrics_coverage *c,
			char *out, size_t size)
{
	const struct recur_period *p = &q->per.cur;
	char days[96];

	if (c->cur.state == RECUR_COVER_COVERED) {
		snprintf(out, size, "%s is covered: the data holds all of it.", p->name);
	} else if (c->cur.state == RECUR_COVER_NO_DATA) {
		snprintf(out, size, "%s is outside the data: it holds no incident opened in it.", p->name);
	} else {
		day_span(&q->tz, c->cur.first_in, c->cur.last_in, days, sizeof(days));
		snprintf(out, size, "%s is partial: the data covers %s only, so its figures are not "
			 "compared with other periods.", p->name, days);
	}
}

static void set_date(const struct recur_metrics_run *q, struct recur_json *o, const char *key,
		     long long t)
{
	char d[16];

	if (t == LLONG_MIN) {
		recur_json_set(o, key, recur_json_new(RECUR_JSON_NULL));
		return;
	}
	recur_metrics_local_date(&q->tz, t, d);
	recur_json_set_string(o, key, d);
}

static void set_reason(struct recur_json *o, const char *key, const char *why)
{
	char text[160];

	if (!*why) {
		recur_json_set(o, key, recur_json_new(RECUR_JSON_NULL));
		return;
	}
	snprintf(text, sizeof(text), "not compared: %s", why);
	recur_json_set_string(o, key, text);
}

static void set_why(struct recur_json *o, const char *key, const char *why)
{
	if (*why)
		recur_json_set_string(o, key, why);
	else
		recur_json_set(o, key, recur_json_new(RECUR_JSON_NULL));
}

struct recur_json *recur_metrics_coverage_json(const struct recur_metrics_run *q,
					       const struct recur_metrics_coverage *c)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);
	char text[320], a[16], b[16], x[16], why[160];

	set_date(q, o, "first_opened", c->first_opened);
	set_date(q, o, "last_opened", c->last_opened);
	set_date(q, o, "exported", c->exported);
	recur_json_set_number(o, "gap_threshold_days", c->threshold == LLONG_MIN ? 0 :
			      recur_metrics_round1((double)c->threshold / 86400.0));
	if (c->first_opened != LLONG_MIN) {
		recur_metrics_local_date(&q->tz, c->first_opened, a);
		recur_metrics_local_date(&q->tz, c->last_opened, b);
		recur_metrics_local_date(&q->tz, c->exported != LLONG_MIN ? c->exported : c->last_opened, x);
		snprintf(text, sizeof(text), "Data: incidents opened %s to %s, exported %s.", a, b, x);
	} else {
		snprintf(text, sizeof(text), "Data: no incident with an opening time.");
	}
	recur_json_set_string(o, "range_text", text);
	recur_json_set_string(o, "state", state_names[c->cur.state]);
	recur_json_set(o, "covered", recur_json_new_bool(c->cur.state == RECUR_COVER_COVERED));
	recur_json_set(o, "partial", recur_json_new_bool(c->cur.state != RECUR_COVER_COVERED));
	set_date(q, o, "from", c->cur.first_in);
	set_date(q, o, "to", c->cur.last_in);
	period_text(q, c, text, sizeof(text));
	recur_json_set_string(o, "text", text);
	/* the words a review opens with when the period is not covered */
	snprintf(text, sizeof(text), "%s %s", c->cur.state == RECUR_COVER_NO_DATA ? "No data for this"
		 : "Partial", q->per.cur.nmonths == 3 ? "quarter" : "month");
	recur_json_set_string(o, "banner", c->cur.state == RECUR_COVER_COVERED ? "" : text);
	recur_json_set_string(o, "prev_state", state_names[c->prev.state]);
	recur_json_set_string(o, "ly_state", state_names[c->ly.state]);
	recur_metrics_coverage_why(q, c, 0, why, sizeof(why));
	set_reason(o, "prev_not_compared", why);
	set_why(o, "prev_why", why);
	recur_metrics_coverage_why(q, c, 1, why, sizeof(why));
	set_reason(o, "ly_not_compared", why);
	set_why(o, "ly_why", why);
	return o;
}

/* ---- the trend ---- */

/* The index of the first trend month to show: the first covered one, else
 * the first the data reaches, else the last (the reviewed period's). */
static size_t trend_start(const struct recur_metrics_coverage *c)
{
	size_t i;

	for (i = 0; i < 12; i++)
		if (c->trend[i].state == RECUR_COVER_COVERED)
			return i;
	for (i = 0; i < 12; i++)
		if (c->trend[i].state == RECUR_COVER_PARTIAL)
			return i;
	return 11;
}

struct recur_json *recur_metrics_coverage_trend(const struct recur_metrics_coverage *c,
						struct recur_json *trend)
{
	struct recur_json *kept = recur_json_new(RECUR_JSON_ARRAY);
	size_t i, k, from = trend_start(c);

	for (i = 0; i < trend->n && i < 12; i++) {
		struct recur_json *row = trend->items[i];
		const struct recur_json *m = recur_json_get(row, "month");
		char label[48];

		if (i < from)
			continue;
		recur_json_set_string(row, "coverage", state_names[c->trend[i].state]);
		snprintf(label, sizeof(label), "%s%s", m && m->type == RECUR_JSON_STRING ? m->str : "",
			 c->trend[i].state == RECUR_COVER_COVERED ? "" :
			 c->trend[i].state == RECUR_COVER_PARTIAL ? " (partial)" : " (no data)");
		recur_json_set_string(row, "label", label);
		recur_json_set(row, "no_data", recur_json_new_bool(c->trend[i].state ==
								   RECUR_COVER_NO_DATA));
		/* a month outside the data has no figures, not zeros: every number
		 * of the row (the query's figures, whatever it returns) is null */
		for (k = 0; c->trend[i].state == RECUR_COVER_NO_DATA && k < row->n; k++)
			if (row->items[k]->type == RECUR_JSON_NUMBER) {
				recur_json_free(row->items[k]);
				row->items[k] = recur_json_new(RECUR_JSON_NULL);
			}
		recur_json_push(kept, recur_json_clone(row));
	}
	recur_json_free(trend);
	return kept;
}

/* ---- the default period ---- */

/* The period key ("YYYY-MM" or "YYYY-Qn") holding t in the zone, moved by delta periods. */
static void period_key(const struct recur_tz *tz, long long t, int quarter, int delta, char out[24])
{
	int f[6], idx;

	recur_metrics_local_split(tz, t, f);
	idx = f[0] * 12 + f[1] - 1;
	if (quarter)
		idx -= idx % 3;
	idx += delta * (quarter ? 3 : 1);
	if (quarter)
		snprintf(out, 24, "%04d-Q%d", (idx / 12) % 10000, idx % 12 / 3 + 1);
	else
		snprintf(out, 24, "%04d-%02d", (idx / 12) % 10000, idx % 12 + 1);
}

/* The candidate periods, latest first, from the last opening's back to the first's. */
static size_t candidates(const struct recur_tz *tz, long long first, long long last, int quarter,
			 struct recur_period *out, size_t max)
{
	struct recur_periods per;
	char key[24];
	size_t n = 0;

	for (n = 0; n < max; n++) {
		period_key(tz, last, quarter, -(int)n, key);
		if (recur_metrics_periods(key, tz, &per))
			break;
		out[n] = per.cur;
		if (per.cur.start <= first)
			return n + 1;
	}
	return n;
}

#define MAX_CANDIDATES 240

static int pick(struct recur_metrics_run *q, long long first, long long last, int quarter,
		char out[24])
{
	struct recur_period *cand = xcalloc(MAX_CANDIDATES, sizeof(*cand));
	const struct recur_period **p = xcalloc(MAX_CANDIDATES, sizeof(*p));
	struct recur_metrics_cover *cov = xcalloc(MAX_CANDIDATES, sizeof(*cov));
	struct recur_metrics_coverage c;
	size_t n = candidates(&q->tz, first, last, quarter, cand, MAX_CANDIDATES), i;
	int rc = -1;

	for (i = 0; i < n; i++)
		p[i] = &cand[i];
	if (n && !run(q, p, n, &c, cov)) {
		/* none covered (a history shorter than a period): the latest, said partial */
		for (i = 0; i < n && cov[i].state != RECUR_COVER_COVERED; i++)
			;
		snprintf(out, 24, "%s", cand[i < n ? i : 0].key);
		rc = 0;
	}
	free(cand);
	free(p);
	free(cov);
	return rc;
}

int recur_metrics_default_period(sqlite3 *db, const char *tz, int quarter, char out[24],
				 struct recur_error *err)
{
	static const char *const need[] = { "first_opened_at", "last_opened_at", NULL };
	struct recur_metrics_run q;
	struct recur_table *t;
	long long first, last;
	int rc;

	memset(&q, 0, sizeof(q));
	q.db = db;
	q.err = err;
	out[0] = '\0';
	if (recur_tz_check(tz, "--tz", err))
		return -1;
	if (recur_metrics_query(&q, "last-month", need, 1, &t))
		return -1;
	first = cell_int(t, 0, "first_opened_at");
	last = cell_int(t, 0, "last_opened_at");
	recur_table_free(t);
	if (last == LLONG_MIN)
		return recur_error_set(err, "the database holds no incidents: import an export first: "
				       "recur import FILE");
	recur_tz_enter(&q.tz, tz);
	rc = pick(&q, first, last, quarter, out);
	recur_tz_leave(&q.tz);
	return rc;
}
