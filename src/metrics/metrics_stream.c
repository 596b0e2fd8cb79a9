/*
 * metrics_stream.c — the period's incidents, or its ranked problems, as a
 * stream of JSON objects, one row at a time, for lists too long to hold (a
 * month of a million-incident history): the XLSX Incidents and Problems
 * sheets and the report's worst-incidents table read them this way instead
 * of from the review data.
 *
 * It runs queries/metrics/incidents.sql (or problems.sql), the same query
 * as the review data's "incidents" ("problems"), over the review scope that
 * recur_metrics_review left on the connection, and turns each row into an
 * object the one way every query's rows are (metrics_json.c). It never
 * prints.
 */
#include "recur/metrics.h"
#include "recur/mem.h"
#include "recur/share.h"
#include "recur/sqlfunc.h"
#include "metrics_int.h"

#include <stdlib.h>
#include <string.h>

struct recur_metrics_incidents {
	sqlite3 *db;
	sqlite3_stmt *st;
	const char *name;            /* the query's file */
	struct recur_metrics_cols *cols; /* the keys of the statement's columns */
	struct recur_cell *cells;    /* the current row's cells, one per column */
	struct recur_tz tz;          /* the zone of local_date() and local_stamp() */
	int zone_was_utc;            /* recur_sqlfunc_zone's setting before */
	struct recur_json *row;      /* the current row */
};

/* Binds the period, and for problems.sql every row (:listed) of every
 * problem with an incident in the period, not only the recurring ones
 * (:every), and the report's lists (:top, which problems carry their reasons). */
static int bind_period(struct recur_metrics_incidents *it, const struct recur_metrics_opts *opts,
		       struct recur_error *err)
{
	const char *month = opts->month;
	struct recur_periods per;
	int i;

	if (recur_metrics_periods(month, &it->tz, &per))
		return recur_error_usage(err, "bad period '%s': give a month as YYYY-MM (2026-10) "
					 "or a quarter as YYYY-Qn (2026-Q3)", month ? month : "");
	if ((i = sqlite3_bind_parameter_index(it->st, ":start")))
		sqlite3_bind_int64(it->st, i, per.cur.start);
	if ((i = sqlite3_bind_parameter_index(it->st, ":end")))
		sqlite3_bind_int64(it->st, i, per.cur.end);
	if ((i = sqlite3_bind_parameter_index(it->st, ":listed")))
		sqlite3_bind_int64(it->st, i, -1);
	if ((i = sqlite3_bind_parameter_index(it->st, ":every")))
		sqlite3_bind_int64(it->st, i, 1);
	if ((i = sqlite3_bind_parameter_index(it->st, ":top")))
		sqlite3_bind_int64(it->st, i, opts->top > 0 ? opts->top : 10);
	return 0;
}

/* A stream of the rows of queries/metrics/NAME.sql as objects. */
static int stream_open(sqlite3 *db, const struct recur_metrics_opts *opts, const char *name,
		       struct recur_metrics_incidents **out, struct recur_error *err)
{
	struct recur_metrics_incidents *it;
	struct recur_buf sql = RECUR_BUF_INIT;
	const char **names = NULL;
	int k, n;
	int rc = -1;

	*out = NULL;
	if (recur_tz_check(opts->tz, "--tz", err) || recur_share_load(name, &sql, err)) {
		recur_buf_release(&sql);
		return -1;
	}
	it = xcalloc(1, sizeof(*it));
	it->db = db;
	it->name = name;
	recur_tz_enter(&it->tz, opts->tz);
	it->zone_was_utc = recur_sqlfunc_zone(&it->tz);
	if (recur_db_prepare(db, sql.buf, &it->st, err) || bind_period(it, opts, err))
		goto out;
	n = sqlite3_column_count(it->st);
	names = xcalloc((size_t)n + 1, sizeof(*names));
	for (k = 0; k < n; k++)
		names[k] = sqlite3_column_name(it->st, k);
	it->cols = recur_metrics_cols_new(names, (size_t)n);
	it->cells = xcalloc((size_t)n + 1, sizeof(*it->cells));
	*out = it;
	rc = 0;
out:
	free(names);
	recur_buf_release(&sql);
	if (rc)
		recur_metrics_incidents_free(it);
	return rc;
}

int recur_metrics_incidents_open(sqlite3 *db, const struct recur_metrics_opts *opts,
				 struct recur_metrics_incidents **out, struct recur_error *err)
{
	return stream_open(db, opts, "queries/metrics/incidents.sql", out, err);
}

int recur_metrics_problems_open(sqlite3 *db, const struct recur_metrics_opts *opts,
				struct recur_metrics_incidents **out, struct recur_error *err)
{
	return stream_open(db, opts, "queries/metrics/problems.sql", out, err);
}

int recur_metrics_incidents_rewind(struct recur_metrics_incidents *it)
{
	sqlite3_reset(it->st);
	recur_json_free(it->row);
	it->row = NULL;
	return 0;
}

static void cell_of(sqlite3_stmt *st, int c, struct recur_cell *cell)
{
	cell->text = NULL;
	cell->num = 0;
	switch (sqlite3_column_type(st, c)) {
	case SQLITE_NULL: cell->type = RECUR_CELL_NULL; break;
	case SQLITE_INTEGER:
		cell->type = RECUR_CELL_INT;
		cell->num = (double)sqlite3_column_int64(st, c);
		break;
	case SQLITE_FLOAT:
		cell->type = RECUR_CELL_REAL;
		cell->num = sqlite3_column_double(st, c);
		break;
	default:
		cell->type = RECUR_CELL_TEXT;
		cell->text = (char *)sqlite3_column_text(st, c);
	}
}

int recur_metrics_incidents_next(struct recur_metrics_incidents *it, const struct recur_json **row,
				 struct recur_error *err)
{
	int k, n, rc = sqlite3_step(it->st);

	*row = NULL;
	if (rc != SQLITE_ROW) {
		recur_json_free(it->row);
		it->row = NULL;
		if (rc == SQLITE_DONE)
			return 0;
		return recur_error_set(err, "query '%s' failed: %s", it->name, sqlite3_errmsg(it->db));
	}
	n = sqlite3_column_count(it->st);
	for (k = 0; k < n; k++)
		cell_of(it->st, k, &it->cells[k]);
	/* the object of the row before, its values replaced: a million rows
	 * need not allocate and free a million objects and their keys */
	if (it->row)
		recur_metrics_cols_refill(it->cols, it->cells, it->row);
	else
		it->row = recur_metrics_cols_object(it->cols, it->cells);
	*row = it->row;
	return 1;
}

void recur_metrics_incidents_free(struct recur_metrics_incidents *it)
{
	if (!it)
		return;
	sqlite3_finalize(it->st);
	recur_json_free(it->row);
	recur_metrics_cols_free(it->cols);
	free(it->cells);
	recur_sqlfunc_zone_restore(it->zone_was_utc);
	recur_tz_leave(&it->tz);
	free(it);
}
