/*
 * metrics_json.c — the one path from a metric query's result to the review
 * data's JSON, taken by the built-in queries and by a user's query in the
 * --share folder alike: each column is a key of its row's object, with its
 * value as the query returns it. Units are the query's business (minutes(),
 * round1(), local_date(), local_stamp(): sqlfunc.h), and named in the
 * column (ttr_median_min), so a figure is defined once, in SQL; the
 * templates and the workbook's sheets read it by that name.
 *
 * Two rules in a column's name, the only ones:
 *   name?   a yes/no: 0 is false, any other number true (NULL stays null);
 *           the key is the name without the "?"
 *   _name   a value recur's C code reads (a rank, a group count, an id to
 *           group by), left out of the output
 *
 * It also runs a named query and checks that the columns the C code reads
 * are there. It never prints.
 */
#include "recur/db.h"
#include "recur/mem.h"
#include "metrics_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QDIR "queries/metrics/"

enum col_kind { COL_VALUE, COL_BOOL, COL_HIDDEN };

struct recur_metrics_cols {
	size_t n;
	char **key;           /* the output key of each column */
	enum col_kind *kind;
};

struct recur_metrics_cols *recur_metrics_cols_new(const char *const *names, size_t n)
{
	struct recur_metrics_cols *c = xcalloc(1, sizeof(*c));
	size_t i, len;

	c->n = n;
	c->key = xcalloc(n + 1, sizeof(*c->key));
	c->kind = xcalloc(n + 1, sizeof(*c->kind));
	for (i = 0; i < n; i++) {
		const char *name = names[i] ? names[i] : "";

		len = strlen(name);
		if (name[0] == '_')
			c->kind[i] = COL_HIDDEN;
		else if (len > 1 && name[len - 1] == '?')
			c->kind[i] = COL_BOOL, len--;
		c->key[i] = xstrndup(name, len);
	}
	return c;
}

void recur_metrics_cols_free(struct recur_metrics_cols *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		free(c->key[i]);
	free(c->key);
	free(c->kind);
	free(c);
}

static struct recur_json *value(const struct recur_cell *cell, enum col_kind kind)
{
	switch (cell->type) {
	case RECUR_CELL_NULL:
		return recur_json_new(RECUR_JSON_NULL);
	case RECUR_CELL_TEXT:
		return recur_json_new_string(cell->text);
	default:
		return kind == COL_BOOL ? recur_json_new_bool(cell->num != 0)
					: recur_json_new_number(cell->num);
	}
}

struct recur_json *recur_metrics_cols_object(const struct recur_metrics_cols *c,
					     const struct recur_cell *cells)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->kind[i] != COL_HIDDEN)
			recur_json_set(o, c->key[i], value(&cells[i], c->kind[i]));
	return o;
}

void recur_metrics_cols_refill(const struct recur_metrics_cols *c, const struct recur_cell *cells,
			       struct recur_json *o)
{
	size_t i, j = 0;

	for (i = 0; i < c->n; i++)
		if (c->kind[i] != COL_HIDDEN) {
			recur_json_free(o->items[j]);
			o->items[j++] = value(&cells[i], c->kind[i]);
		}
}

static struct recur_metrics_cols *table_cols(const struct recur_table *t)
{
	return recur_metrics_cols_new((const char *const *)t->cols, t->ncols);
}

struct recur_json *recur_metrics_json(const struct recur_table *t)
{
	struct recur_metrics_cols *c = table_cols(t);
	struct recur_json *a = recur_json_new(RECUR_JSON_ARRAY);
	size_t r;

	for (r = 0; r < t->nrows; r++)
		recur_json_push(a, recur_metrics_cols_object(c, recur_table_cell(t, r, 0)));
	recur_metrics_cols_free(c);
	return a;
}

struct recur_json *recur_metrics_json_row(const struct recur_table *t, size_t row)
{
	struct recur_metrics_cols *c = table_cols(t);
	struct recur_json *o = recur_metrics_cols_object(c, recur_table_cell(t, row, 0));

	recur_metrics_cols_free(c);
	return o;
}

static const struct recur_cell null_cell = { RECUR_CELL_NULL, 0, NULL };

const struct recur_cell *recur_metrics_cell(const struct recur_table *t, size_t row, const char *col)
{
	int c = recur_table_col(t, col);

	return c < 0 || row >= t->nrows ? &null_cell : recur_table_cell(t, row, (size_t)c);
}

int recur_metrics_query(struct recur_metrics_run *q, const char *name, const char *const *need,
			int one_row, struct recur_table **out)
{
	char path[160];
	size_t i;

	if (q->progress)
		q->progress(name, q->progress_ctx);
	snprintf(path, sizeof(path), QDIR "%s.sql", name);
	/* the trend's closed months are read back, not recomputed */
	if (!strcmp(name, "trend") ? recur_metrics_month_query(q, path, out)
				   : recur_db_query_file(q->db, path, q->params, q->nparams, out, q->err))
		return -1;
	for (i = 0; need && need[i]; i++)
		if (recur_table_col(*out, need[i]) < 0)
			break;
	if ((need && need[i]) || (one_row && !(*out)->nrows)) {
		if (need && need[i])
			recur_error_set(q->err, "query '%s' returns no column '%s': restore the file "
				       "or fix it in the share folder", path, need[i]);
		else
			recur_error_set(q->err, "query '%s' returns no row: restore the file or fix "
				       "it in the share folder", path);
		recur_table_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

struct recur_json *recur_metrics_query_rows(struct recur_metrics_run *q, const char *name,
					    const char *const *need)
{
	struct recur_table *t;
	struct recur_json *a;

	if (recur_metrics_query(q, name, need, 0, &t))
		return NULL;
	a = recur_metrics_json(t);
	recur_table_free(t);
	return a;
}

struct recur_json *recur_metrics_query_row(struct recur_metrics_run *q, const char *name,
					   const char *const *need)
{
	struct recur_table *t;
	struct recur_json *o;

	if (recur_metrics_query(q, name, need, 1, &t))
		return NULL;
	o = recur_metrics_json_row(t, 0);
	recur_table_free(t);
	return o;
}
