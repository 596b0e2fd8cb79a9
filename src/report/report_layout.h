/*
 * report_layout.h — the workbook's sheets as data: report-templates/workbook.tsv
 * (or the --share folder's copy) read into tables of columns and the
 * Summary's key figures. Internal to the report layer: report_layout.c reads
 * the file, report_xlsx.c writes what it says.
 */
#ifndef RECUR_REPORT_LAYOUT_H
#define RECUR_REPORT_LAYOUT_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "recur/buf.h"
#include "recur/err.h"

#define REPORT_LAYOUT	       "report-templates/workbook.tsv"
#define REPORT_LAYOUT_MAX_COLS 64 /* columns of a table */

/* What a column's data holds and what its cells get (workbook.tsv's KIND). */
enum report_kind {
	K_TEXT,	    /* as it is: a string always as text, a number as a number */
	K_NUMBER,   /* a number */
	K_HOURS,    /* minutes in the data, hours in the cell */
	K_PERCENT,  /* percentage points in the data, a fraction in the cell */
	K_DATETIME, /* epoch seconds → an Excel date-time */
	K_DATE,	    /* "YYYY-MM-DD" → an Excel date */
};

/* A column of a table; the strings are borrowed from the layout's text. */
struct report_col {
	const char *table, *key, *header;
	enum report_kind kind;
	double width;	  /* characters, 0 for auto */
	int wrap;	  /* text wraps in the column's width */
	const char *spec; /* the number format, "-" for General */
	lxw_format *fmt;  /* the cell format of spec, NULL for General */
};

/* A row of the Summary's key figures. */
struct report_measure {
	const char *label, *path[3], *headline, *spec; /* path: this, previous, a year earlier */
	enum report_kind kind;
	lxw_format *fmt, *change; /* the change's format shows its sign */
};

/* A term of sheet Definitions and what it means. */
struct report_term {
	const char *term, *text;
};

/* One table's columns, in order: borrowed from the layout. */
struct report_table {
	const struct report_col *c;
	size_t n;
};

struct report_layout {
	struct recur_buf text; /* the file, cut into fields in place */
	struct report_col *cols;
	size_t ncols, capcols;
	struct report_measure *ms;
	size_t nms, capms;
	struct report_term *terms;
	size_t nterms, capterms;
	struct {
		char *spec;
		lxw_format *f;
	} * fmts; /* one cell format per number format */
	size_t nfmts, capfmts;
	lxw_workbook *wb;
};

/*
 * Reads workbook.tsv (columns, key figures, terms) into l (zeroed by the caller) and adds its number
 * formats to wb, each cell format aligned to the top. Returns -1 with err
 * naming the file and line of a bad line; l is released with
 * report_layout_release either way.
 */
int report_layout_load(struct report_layout *l, lxw_workbook *wb, struct recur_error *err);
/* Sets t to table name's columns; -1 with err when the file has none or too many. */
int report_layout_table(const struct report_layout *l, const char *name, struct report_table *t,
			struct recur_error *err);
/* The index of t's column key, or -1. */
int report_layout_col(struct report_table t, const char *key);
/* Frees what l holds (the workbook owns the formats). */
void report_layout_release(struct report_layout *l);

#endif
