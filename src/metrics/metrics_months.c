/*
 * metrics_months.c — a query with one row per month of temp.review_months
 * (the trend), computed only for the months whose incidents changed since
 * the last review; the other months' rows are read back from the database
 * (month_figures, month_figure_cells: queries/migrate-7.sql says when a
 * month counts as unchanged).
 *
 * A monthly review on years of history then reads the new month, not the
 * eleven closed ones before it. The result is the table the query gives on
 * all twelve months, cell for cell: the cache keeps SQLite's own values.
 * Keeping it is best effort: a database that cannot be written (read-only,
 * locked) is still reviewed, only not faster. A query that reads problems
 * (a user's, through --share) is never kept: links change without imports.
 */
#include "metrics_int.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/sha256.h"
#include "recur/share.h"
#include "recur/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEPT_KEYS "8"

struct month {
	long long start, end, incidents, last_source;
	int fresh;        /* its cached row is valid */
	size_t row;       /* its row in the computed table, when not fresh */
};

/* What decides the figures, as the key of their cached rows; *links when
 * the query reads problems (their links change without an import). */
static int query_key(const struct recur_metrics_run *q, const char *path, char key[65],
		     int *links, struct recur_error *err)
{
	static const char *const deciding[] = { "queries/review-scope.sql",
						"queries/exclusions.sql" };
	const char *zone = q->tz.utc ? NULL : getenv("TZ"); /* recur_tz_enter set it */
	struct recur_buf all = RECUR_BUF_INIT, one = RECUR_BUF_INIT;
	size_t i;
	int rc = 0;

	/* the zone too: a query may print local times, not only count in its months */
	recur_buf_addf(&all, "recur " RECUR_VERSION "\n%s\n", zone ? zone : "UTC");
	for (i = 0; i <= NFIELDS(deciding) && !rc; i++) {
		rc = recur_share_load(i ? deciding[i - 1] : path, &one, err);
		if (!rc && !i)
			*links = strstr(one.buf, "problem") != NULL;
		recur_buf_add(&all, one.buf, one.len + 1); /* with its NUL: a separator */
		recur_buf_release(&one);
	}
	if (!rc)
		recur_sha256_hex(all.buf, all.len, key);
	recur_buf_release(&all);
	return rc;
}

static long long cell_int(const struct recur_table *t, size_t row, size_t col)
{
	const struct recur_cell *c = recur_table_cell(t, row, col);

	return c->type == RECUR_CELL_INT || c->type == RECUR_CELL_REAL ? (long long)c->num : -1;
}

/* Each month's bounds and what it holds now; marks the ones whose cache is valid. */
static int read_months(struct recur_metrics_run *q, const char *key, struct month **out,
		       size_t *n, long long *sources_seen)
{
	struct recur_table *now = NULL, *cached = NULL, *seen = NULL;
	struct recur_param p = { ":key", key, 0 };
	struct month *m;
	size_t i, k;
	int rc = -1;

	*out = NULL;
	if (recur_db_query(q->db, "SELECT m.start, m.end, count(i.id), max(i.source_id)\n"
			   "FROM temp.review_months m LEFT JOIN main.incidents i\n"
			   "  ON i.opened_at >= m.start AND i.opened_at < m.end\n"
			   "GROUP BY m.i ORDER BY m.i", NULL, 0, &now, q->err) ||
	    recur_db_query(q->db, "SELECT coalesce(max(id), 0),\n"
			   "  coalesce(max(CASE WHEN first_opened_at IS NULL THEN id END), 0)\n"
			   "FROM main.sources", NULL, 0, &seen, q->err) ||
	    recur_db_query(q->db, "SELECT start, end, incidents, last_source, sources_seen\n"
			   "FROM main.month_figures WHERE query = :key", &p, 1, &cached, q->err))
		goto out;
	*sources_seen = cell_int(seen, 0, 0);
	m = *out = xcalloc(now->nrows + 1, sizeof(*m));
	for (i = 0; i < now->nrows; i++) {
		m[i].start = cell_int(now, i, 0);
		m[i].end = cell_int(now, i, 1);
		m[i].incidents = cell_int(now, i, 2);
		m[i].last_source = cell_int(now, i, 3);
		for (k = 0; k < cached->nrows; k++)
			if (cell_int(cached, k, 0) == m[i].start && cell_int(cached, k, 1) == m[i].end)
				break;
		m[i].fresh = k < cached->nrows && cell_int(cached, k, 2) == m[i].incidents &&
			     cell_int(cached, k, 3) == m[i].last_source &&
			     cell_int(cached, k, 4) >= cell_int(seen, 0, 1);
	}
	*n = now->nrows;
	rc = 0;
out:
	recur_table_free(now);
	recur_table_free(cached);
	recur_table_free(seen);
	return rc;
}

static void copy_cell(struct recur_table *to, size_t row, size_t col, const struct recur_cell *c)
{
	switch (c->type) {
	case RECUR_CELL_INT:
		recur_table_set_int(to, row, col, (long long)c->num);
		break;
	case RECUR_CELL_REAL:
		recur_table_set_real(to, row, col, c->num);
		break;
	case RECUR_CELL_TEXT:
		recur_table_set_text(to, row, col, c->text);
		break;
	default:
		break;
	}
}

static void bind_cell(sqlite3_stmt *st, int i, const struct recur_cell *c)
{
	switch (c->type) {
	case RECUR_CELL_INT:
		sqlite3_bind_int64(st, i, (long long)c->num);
		break;
	case RECUR_CELL_REAL:
		sqlite3_bind_double(st, i, c->num);
		break;
	case RECUR_CELL_TEXT:
		sqlite3_bind_text(st, i, c->text, -1, SQLITE_STATIC);
		break;
	default:
		sqlite3_bind_null(st, i);
		break;
	}
}

/* Runs the query on the months that are not fresh only (temp.review_months
 * is put back after): 0, -1 with q->err, or 1 when it does not give one row
 * per month. */
static int compute_stale(struct recur_metrics_run *q, const char *path, const struct month *m,
			 size_t n, size_t stale, struct recur_table **out)
{
	struct recur_error later;
	size_t i;
	int rc;

	*out = NULL;
	if (stale < n && recur_db_exec(q->db, "DROP TABLE IF EXISTS temp.review_months_all;\n"
				       "CREATE TEMP TABLE review_months_all AS\n"
				       "SELECT * FROM temp.review_months", q->err))
		return -1;
	for (i = 0; i < n && stale < n; i++) {
		char sql[96];

		if (!m[i].fresh)
			continue;
		snprintf(sql, sizeof(sql), "DELETE FROM temp.review_months WHERE start = %lld",
			 m[i].start);
		if (recur_db_exec(q->db, sql, q->err))
			return -1;
	}
	rc = recur_db_query_file(q->db, path, q->params, q->nparams, out, q->err);
	recur_error_init(&later);
	if (stale < n &&
	    recur_db_exec(q->db, "DELETE FROM temp.review_months;\n"
			  "INSERT INTO temp.review_months SELECT * FROM temp.review_months_all;\n"
			  "DROP TABLE temp.review_months_all", rc ? &later : q->err))
		rc = -1;
	if (!rc && (*out)->nrows != stale)
		rc = 1; /* not one row per month: the caller computes it all */
	if (rc) {
		recur_table_free(*out);
		*out = NULL;
	}
	return rc;
}

/* The stale months' rows into the cache, replacing what was there. Best effort. */
static void store(struct recur_metrics_run *q, const char *key, const struct month *m, size_t n,
		  const struct recur_table *t, long long sources_seen)
{
	struct recur_error ignored;
	sqlite3_stmt *head = NULL, *cell = NULL;
	long long now = (long long)time(NULL);
	size_t i, c;
	int ok;

	recur_error_init(&ignored);
	if (recur_db_exec(q->db, "SAVEPOINT month_figures", &ignored))
		return;
	ok = !recur_db_prepare(q->db, "INSERT OR REPLACE INTO main.month_figures (query, start, "
			       "end, incidents, last_source, sources_seen, computed_at) VALUES "
			       "(?1, ?2, ?3, ?4, ?5, ?6, ?7)", &head, &ignored) &&
	     !recur_db_prepare(q->db, "INSERT OR REPLACE INTO main.month_figure_cells (query, "
			       "start, end, col, name, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			       &cell, &ignored);
	for (i = 0; ok && i < n; i++) {
		if (m[i].fresh)
			continue;
		sqlite3_reset(head);
		sqlite3_bind_text(head, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(head, 2, m[i].start);
		sqlite3_bind_int64(head, 3, m[i].end);
		sqlite3_bind_int64(head, 4, m[i].incidents);
		if (m[i].last_source >= 0)
			sqlite3_bind_int64(head, 5, m[i].last_source);
		else
			sqlite3_bind_null(head, 5);
		sqlite3_bind_int64(head, 6, sources_seen);
		sqlite3_bind_int64(head, 7, now);
		ok = sqlite3_step(head) == SQLITE_DONE;
		for (c = 0; ok && c < t->ncols; c++) {
			sqlite3_reset(cell);
			sqlite3_bind_text(cell, 1, key, -1, SQLITE_STATIC);
			sqlite3_bind_int64(cell, 2, m[i].start);
			sqlite3_bind_int64(cell, 3, m[i].end);
			sqlite3_bind_int64(cell, 4, (long long)c);
			sqlite3_bind_text(cell, 5, t->cols[c], -1, SQLITE_STATIC);
			bind_cell(cell, 6, recur_table_cell(t, m[i].row, c));
			ok = sqlite3_step(cell) == SQLITE_DONE;
		}
	}
	sqlite3_finalize(head);
	sqlite3_finalize(cell);
	/* the rows of the last KEPT_KEYS keys stay (a few time zones, a query
	 * being edited); older ones go: figures of an older recur or query */
	if (ok) {
		struct recur_param p = { ":key", key, 0 };
		struct recur_table *none = NULL;

		ok = !recur_db_query(q->db, "DELETE FROM main.month_figures WHERE query NOT IN ("
				     "SELECT query FROM main.month_figures GROUP BY query ORDER BY "
				     "query = :key DESC, max(computed_at) DESC LIMIT " KEPT_KEYS ")",
				     &p, 1, &none, &ignored) &&
		     !recur_db_exec(q->db, "DELETE FROM main.month_figure_cells WHERE query NOT IN ("
				    "SELECT query FROM main.month_figures)", &ignored);
		recur_table_free(none);
	}
	if (!ok)
		recur_db_exec(q->db, "ROLLBACK TO month_figures", &ignored);
	recur_db_exec(q->db, "RELEASE month_figures", &ignored);
}

/*
 * The whole table: the computed rows of stale months and the cached rows of
 * fresh ones, in month order. A cached month whose columns are not the
 * computed ones (cannot happen with the same key) makes it give up: -1
 * without an error, and the caller computes everything.
 */
static int assemble(struct recur_metrics_run *q, const char *key, const struct month *m, size_t n,
		    const struct recur_table *computed, struct recur_table **out)
{
	struct recur_param p = { ":key", key, 0 };
	struct recur_table *cells = NULL, *t;
	size_t i, r = 0, c;
	int rc = -1;

	*out = NULL;
	if (recur_db_query(q->db, "SELECT start, col, name, value FROM main.month_figure_cells\n"
			   "WHERE query = :key ORDER BY start, col", &p, 1, &cells, q->err))
		return -1;
	t = recur_table_new(computed->ncols, (const char *const *)computed->cols);
	for (i = 0; i < n; i++) {
		size_t row = recur_table_add_row(t);

		if (!m[i].fresh) {
			for (c = 0; c < computed->ncols; c++)
				copy_cell(t, row, c, recur_table_cell(computed, m[i].row, c));
			continue;
		}
		while (r < cells->nrows && cell_int(cells, r, 0) < m[i].start)
			r++;
		for (c = 0; c < computed->ncols; c++, r++)
			if (r >= cells->nrows || cell_int(cells, r, 0) != m[i].start ||
			    cell_int(cells, r, 1) != (long long)c ||
			    strcmp(recur_table_cell(cells, r, 2)->text, computed->cols[c]))
				goto out;
			else
				copy_cell(t, row, c, recur_table_cell(cells, r, 3));
	}
	*out = t;
	t = NULL;
	rc = 0;
out:
	recur_table_free(t);
	recur_table_free(cells);
	return rc;
}

int recur_metrics_month_query(struct recur_metrics_run *q, const char *path,
			      struct recur_table **out)
{
	struct recur_table *computed = NULL;
	struct month *m = NULL;
	size_t n = 0, stale = 0, i;
	long long sources_seen = 0;
	char key[65];
	int links = 0, rc = -1;

	*out = NULL;
	if (query_key(q, path, key, &links, q->err))
		return -1;
	/* kept only while nothing but an import can change it */
	if (links)
		return recur_db_query_file(q->db, path, q->params, q->nparams, out, q->err);
	if (read_months(q, key, &m, &n, &sources_seen))
		goto out;
	for (i = 0; i < n; i++)
		if (!m[i].fresh)
			m[i].row = stale++;
	/* every month to compute (a first review): the query as it is */
	if (stale == n) {
		if (recur_db_query_file(q->db, path, q->params, q->nparams, &computed, q->err))
			goto out;
		if (computed->nrows == n)
			store(q, key, m, n, computed, sources_seen);
		*out = computed;
		computed = NULL;
		rc = 0;
		goto out;
	}
	rc = compute_stale(q, path, m, n, stale, &computed);
	if (rc < 0)
		goto out;
	if (!rc) {
		if (stale)
			store(q, key, m, n, computed, sources_seen);
		rc = assemble(q, key, m, n, computed, out);
	}
	if (rc && !q->err->msg[0]) {
		/* a query without one row per month, or a cache that disagrees
		 * with it: compute it all */
		for (i = 0; i < n; i++)
			m[i].fresh = 0, m[i].row = i;
		recur_table_free(computed);
		computed = NULL;
		if (recur_db_query_file(q->db, path, q->params, q->nparams, out, q->err))
			goto out;
		store(q, key, m, n, *out, sources_seen);
		rc = 0;
	}
out:
	recur_table_free(computed);
	free(m);
	return rc;
}
