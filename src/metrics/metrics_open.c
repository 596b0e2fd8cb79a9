/*
 * metrics_open.c — still-open incidents and the Kaplan–Meier estimate of
 * TTR (DESIGN.md "Still open"). The export time comes from one query
 * (queries/metrics/export-time.sql) and is bound as :export_at; the counts
 * and the estimate come from queries/metrics/still-open.sql. This file only
 * shapes their rows: minutes, percentages, "not reached", the resolved-only
 * TTR figures beside the estimate and their provisional mark. It never
 * prints.
 */
#include "metrics_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int recur_metrics_export_time(struct recur_metrics_run *q)
{
	static const char *const need[] = { "export_at", NULL };
	struct recur_table *t;
	const struct recur_cell *c;

	if (recur_metrics_query(q, "export-time", need, 1, &t))
		return -1;
	c = recur_metrics_cell(t, 0, "export_at");
	q->has_export = c->type == RECUR_CELL_INT || c->type == RECUR_CELL_REAL;
	q->export_at = q->has_export ? (long long)c->num : 0;
	recur_table_free(t);
	/* without any time in the data no incident is in a period: 0 is as good */
	q->params[q->nparams++] = (struct recur_param){ ":export_at", NULL, q->export_at };
	return 0;
}

/* The columns the C code reads (the percentages, the Kaplan–Meier texts, the headline). */
static const char *const open_need[] = {
	"incidents", "still_open", "provisional?", "km_n", "km_median_min", "km_p90_min", NULL,
};

/*
 * Adds key_reached and key_text ("273.8" minutes, "not reached", or "–"
 * with nothing to estimate from) beside row[key_min].
 */
static void add_quantile_text(struct recur_json *row, const char *key)
{
	char k[32], text[32];
	const struct recur_json *v;
	const struct recur_json *n = recur_json_get(row, "km_n");
	int reached;

	snprintf(k, sizeof(k), "%s_min", key);
	v = recur_json_get(row, k);
	reached = v && v->type == RECUR_JSON_NUMBER;
	if (reached)
		snprintf(text, sizeof(text), "%.1f", v->num);
	else
		snprintf(text, sizeof(text), "%s", n && n->num > 0 ? "not reached" : "\xe2\x80\x93");
	snprintf(k, sizeof(k), "%s_reached", key);
	recur_json_set(row, k, recur_json_new_bool(reached));
	snprintf(k, sizeof(k), "%s_text", key);
	recur_json_set_string(row, k, text);
}

struct recur_json *recur_metrics_still_open(struct recur_metrics_run *q)
{
	const struct recur_period *per[3] = { &q->per.cur, &q->per.prev, &q->per.ly };
	struct recur_json *a = recur_metrics_query_rows(q, "still-open", open_need);
	size_t i;

	for (i = 0; a && i < a->n; i++) {
		struct recur_json *r = a->items[i];
		double n = recur_json_get(r, "incidents")->num;
		double open = recur_json_get(r, "still_open")->num;

		/* rows come as cur, prev, ly (still-open.sql) */
		recur_json_set_string(r, "period_name", i < 3 ? per[i]->name : "");
		if (n > 0)
			recur_json_set_number(r, "still_open_pct", round(1000.0 * open / n) / 10.0);
		else
			recur_json_set(r, "still_open_pct", recur_json_new(RECUR_JSON_NULL));
		add_quantile_text(r, "km_median");
		add_quantile_text(r, "km_p90");
	}
	return a;
}

void recur_metrics_open_ttr(struct recur_json *durations, struct recur_json *open)
{
	static const char *const prefix[3] = { "", "prev_", "ly_" };
	struct recur_json *ttr = NULL;
	char key[32];
	size_t i, k;

	for (i = 0; durations && i < durations->n; i++) {
		const struct recur_json *m = recur_json_get(durations->items[i], "metric");

		if (m && m->type == RECUR_JSON_STRING && !strcmp(m->str, "TTR"))
			ttr = durations->items[i];
	}
	for (k = 0; ttr && k < 3; k++) {
		struct recur_json *row = open && k < open->n ? open->items[k] : NULL;
		const struct recur_json *p = recur_json_get(row, "provisional");

		snprintf(key, sizeof(key), "%sprovisional", prefix[k]);
		recur_json_set(ttr, key, recur_json_new_bool(p && p->type == RECUR_JSON_TRUE));
		if (!row)
			continue;
		snprintf(key, sizeof(key), "%smedian_min", prefix[k]);
		recur_json_set(row, "ttr_median_min", recur_json_clone(recur_json_get(ttr, key)));
		snprintf(key, sizeof(key), "%sp90_min", prefix[k]);
		recur_json_set(row, "ttr_p90_min", recur_json_clone(recur_json_get(ttr, key)));
	}
}
