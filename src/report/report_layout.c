/*
 * report_layout.c — reads report-templates/workbook.tsv, the workbook's
 * sheets as data (see the comment at the top of that file): per table its
 * columns (review-data key, header, kind, number format, width) and the
 * Summary's key figures. It checks the file and makes the cell formats; it
 * writes no cell (report_xlsx.c does).
 */
#include "recur/mem.h"
#include "recur/share.h"
#include "report_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"text", "number", "hours", "percent", "datetime", "date"};

/* One cell format per number format ("-" is General: NULL). */
static lxw_format *num_format(struct report_layout *l, const char *spec)
{
	size_t i;
	lxw_format *f;

	if (!spec || !strcmp(spec, "-"))
		return NULL;
	for (i = 0; i < l->nfmts; i++)
		if (!strcmp(l->fmts[i].spec, spec))
			return l->fmts[i].f;
	f = workbook_add_format(l->wb);
	format_set_num_format(f, spec);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	xgrow((void **)&l->fmts, &l->capfmts, l->nfmts + 1, sizeof(*l->fmts));
	l->fmts[l->nfmts].spec = xstrdup(spec);
	l->fmts[l->nfmts++].f = f;
	return f;
}

/* "+F;-F;F": a change shows its sign. */
static lxw_format *change_format(struct report_layout *l, const char *spec)
{
	char s[128];

	if (!strcmp(spec, "-"))
		spec = "General";
	snprintf(s, sizeof(s), "+%s;-%s;%s", spec, spec, spec);
	return num_format(l, s);
}

static int kind_of(const char *s, enum report_kind *k)
{
	size_t i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (!strcmp(s, kind_names[i]))
			return *k = (enum report_kind)i, 0;
	return -1;
}

/* Cuts line at tabs into at most max fields; returns their number. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;

	while (n < max) {
		f[n++] = line;
		if (!(line = strchr(line, '\t')))
			break;
		*line++ = '\0';
	}
	return line ? max + 1 : n;
}

static int add_column(struct report_layout *l, char **f, long ln, struct recur_error *err)
{
	struct report_col *c;
	char *end;

	xgrow((void **)&l->cols, &l->capcols, l->ncols + 1, sizeof(*l->cols));
	c = &l->cols[l->ncols];
	c->table = f[1];
	c->key = f[2];
	c->header = f[3];
	if (kind_of(f[4], &c->kind))
		return recur_error_at(err, REPORT_LAYOUT, ln, 0,
				      "unknown kind '%s' (text, number, hours, "
				      "percent, datetime or date)",
				      f[4]);
	c->spec = f[5];
	c->fmt = num_format(l, f[5]);
	c->width = 0;
	c->wrap = !strncmp(f[6], "wrap:", 5);
	if (strcmp(f[6], "auto")) {
		c->width = strtod(f[6] + (c->wrap ? 5 : 0), &end);
		if (*end || end == f[6] || c->width <= 0 || c->width > 255)
			return recur_error_at(err, REPORT_LAYOUT, ln, 0,
					      "width '%s' is not 'auto', a "
					      "number of characters from 1 to 255, nor 'wrap:' "
					      "and one",
					      f[6]);
	}
	if (l->ncols && strcmp(l->cols[l->ncols - 1].table, c->table)) {
		size_t i;

		for (i = 0; i < l->ncols; i++)
			if (!strcmp(l->cols[i].table, c->table))
				return recur_error_at(err, REPORT_LAYOUT, ln, 0,
						      "the columns of table '%s' "
						      "are not together: keep them on "
						      "consecutive lines",
						      c->table);
	}
	l->ncols++;
	return 0;
}

static int add_measure(struct report_layout *l, char **f, long ln, struct recur_error *err)
{
	struct report_measure *m;
	int i;

	xgrow((void **)&l->ms, &l->capms, l->nms + 1, sizeof(*l->ms));
	m = &l->ms[l->nms];
	m->label = f[1];
	if (kind_of(f[2], &m->kind))
		return recur_error_at(err, REPORT_LAYOUT, ln, 0,
				      "unknown kind '%s' (text, number, hours, "
				      "percent, datetime or date)",
				      f[2]);
	m->spec = f[3];
	m->fmt = num_format(l, f[3]);
	m->change = change_format(l, f[3]);
	for (i = 0; i < 3; i++)
		m->path[i] = strcmp(f[4 + i], "-") ? f[4 + i] : NULL;
	m->headline = strcmp(f[7], "-") ? f[7] : NULL;
	l->nms++;
	return 0;
}

int report_layout_load(struct report_layout *l, lxw_workbook *wb, struct recur_error *err)
{
	char *line, *next, *f[9];
	long ln = 0;
	int n;

	l->wb = wb;
	recur_buf_init(&l->text, 0);
	if (recur_share_load(REPORT_LAYOUT, &l->text, err))
		return -1;
	for (line = l->text.buf; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		ln++;
		if (*line && line[strlen(line) - 1] == '\r')
			line[strlen(line) - 1] = '\0';
		if (!*line || *line == '#')
			continue;
		n = split_tabs(line, f, 9);
		if (!strcmp(f[0], "column") && n == 7) {
			if (add_column(l, f, ln, err))
				return -1;
		} else if (!strcmp(f[0], "measure") && n == 8) {
			if (add_measure(l, f, ln, err))
				return -1;
		} else if (!strcmp(f[0], "term") && n == 3) {
			xgrow((void **)&l->terms, &l->capterms, l->nterms + 1, sizeof(*l->terms));
			l->terms[l->nterms].term = f[1];
			l->terms[l->nterms++].text = f[2];
		} else {
			return recur_error_at(err, REPORT_LAYOUT, ln, 0,
					      "expected 'column' and 6 fields or "
					      "'measure' and 7 or 'term' and 2, separated by tabs (see the "
					      "comment at the top of the file)");
		}
	}
	return 0;
}

int report_layout_table(const struct report_layout *l, const char *name, struct report_table *t,
			struct recur_error *err)
{
	size_t i;

	t->c = NULL;
	t->n = 0;
	for (i = 0; i < l->ncols; i++) {
		if (strcmp(l->cols[i].table, name))
			continue;
		if (!t->c)
			t->c = &l->cols[i];
		t->n++;
	}
	if (!t->n)
		return recur_error_set(err,
				       "%s has no columns for table '%s': restore the file "
				       "or add them in the share folder",
				       REPORT_LAYOUT, name);
	if (t->n > REPORT_LAYOUT_MAX_COLS)
		return recur_error_set(err, "%s: table '%s' has %zu columns, more than %d", REPORT_LAYOUT,
				       name, t->n, REPORT_LAYOUT_MAX_COLS);
	return 0;
}

int report_layout_col(struct report_table t, const char *key)
{
	size_t k;

	for (k = 0; k < t.n; k++)
		if (!strcmp(t.c[k].key, key))
			return (int)k;
	return -1;
}

void report_layout_release(struct report_layout *l)
{
	size_t i;

	for (i = 0; i < l->nfmts; i++)
		free(l->fmts[i].spec);
	free(l->fmts);
	free(l->cols);
	free(l->ms);
	free(l->terms);
	recur_buf_release(&l->text);
	memset(l, 0, sizeof(*l));
}
