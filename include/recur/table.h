/*
 * table.h — a result table: named columns, rows of typed cells.
 *
 * The currency between the store and everything that prints: queries produce
 * tables (db.h), commands print them as an aligned table, CSV or JSON, and
 * reports can be tested from a table built by hand.
 */
#ifndef RECUR_TABLE_H
#define RECUR_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "recur/buf.h"
#include "recur/json.h"

enum recur_cell_type {
	RECUR_CELL_NULL,
	RECUR_CELL_INT,
	RECUR_CELL_REAL,
	RECUR_CELL_TEXT,
};

struct recur_cell {
	enum recur_cell_type type;
	double num;  /* INT and REAL: the value */
	char *text;  /* the text form for every type but NULL (owned by the table) */
};

struct recur_table {
	size_t ncols, nrows, cap;
	char **cols;             /* column names */
	struct recur_cell *cells; /* row-major, nrows * ncols */
};

enum recur_table_format {
	RECUR_FORMAT_TABLE,
	RECUR_FORMAT_CSV,
	RECUR_FORMAT_JSON,
};

/* A table with the given column names and no rows: caller owns the result. */
struct recur_table *recur_table_new(size_t ncols, const char *const *names);
/* Frees t; NULL does nothing. */
void recur_table_free(struct recur_table *t);
/* Adds a row of NULL cells and returns its index. */
size_t recur_table_add_row(struct recur_table *t);
/* Cell (row, col). Borrowed; valid until the next add_row. */
struct recur_cell *recur_table_cell(const struct recur_table *t, size_t row, size_t col);
/* Setters for cell (row, col); text is copied. */
void recur_table_set_text(struct recur_table *t, size_t row, size_t col, const char *text);
void recur_table_set_int(struct recur_table *t, size_t row, size_t col, long long v);
void recur_table_set_real(struct recur_table *t, size_t row, size_t col, double v);
/* Index of the column named name, or -1. */
int recur_table_col(const struct recur_table *t, const char *name);

/* Parses "table", "csv" or "json"; returns -1 for anything else. */
int recur_table_parse_format(const char *s, enum recur_table_format *out);
/* Writes t to out in the given format. CSV cells that begin with = + - @ are
 * prefixed with ' so spreadsheets never evaluate them. */
void recur_table_write(const struct recur_table *t, enum recur_table_format fmt, struct recur_buf *out);
/* The table as a JSON array of objects, one per row: caller owns the result. */
struct recur_json *recur_table_to_json(const struct recur_table *t);

#endif
