/*
 * table.c — result tables and their three printed forms.
 * Holds values only; it knows nothing of SQLite (db.c fills tables).
 */
#include "recur/table.h"
#include "recur/mem.h"

#include <stdlib.h>
#include <string.h>

struct recur_table *recur_table_new(size_t ncols, const char *const *names)
{
	struct recur_table *t = xcalloc(1, sizeof(*t));
	size_t i;

	t->ncols = ncols;
	t->cols = xcalloc(ncols ? ncols : 1, sizeof(*t->cols));
	for (i = 0; i < ncols; i++)
		t->cols[i] = xstrdup(names[i]);
	return t;
}

void recur_table_free(struct recur_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	free(t->cells);
	free(t);
}

size_t recur_table_add_row(struct recur_table *t)
{
	size_t n = (t->nrows + 1) * t->ncols, cap = t->cap * t->ncols;

	if (t->ncols) {
		xgrow((void **)&t->cells, &cap, n, sizeof(*t->cells));
		t->cap = cap / t->ncols;
		memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof(*t->cells));
	}
	return t->nrows++;
}

struct recur_cell *recur_table_cell(const struct recur_table *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

static void set(struct recur_table *t, size_t row, size_t col, enum recur_cell_type type, double num,
		char *text)
{
	struct recur_cell *c = recur_table_cell(t, row, col);

	free(c->text);
	c->type = type;
	c->num = num;
	c->text = text;
}

void recur_table_set_text(struct recur_table *t, size_t row, size_t col, const char *text)
{
	if (text)
		set(t, row, col, RECUR_CELL_TEXT, 0, xstrdup(text));
	else
		set(t, row, col, RECUR_CELL_NULL, 0, NULL);
}

void recur_table_set_int(struct recur_table *t, size_t row, size_t col, long long v)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%lld", v);
	set(t, row, col, RECUR_CELL_INT, (double)v, xstrdup(tmp));
}

void recur_table_set_real(struct recur_table *t, size_t row, size_t col, double v)
{
	struct recur_json j = { .type = RECUR_JSON_NUMBER, .num = v };
	struct recur_buf b = RECUR_BUF_INIT;

	recur_json_scalar_text(&j, &b);
	set(t, row, col, RECUR_CELL_REAL, v, recur_buf_detach(&b, NULL));
}

int recur_table_col(const struct recur_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i], name))
			return (int)i;
	return -1;
}

int recur_table_parse_format(const char *s, enum recur_table_format *out)
{
	if (!strcmp(s, "table"))
		*out = RECUR_FORMAT_TABLE;
	else if (!strcmp(s, "csv"))
		*out = RECUR_FORMAT_CSV;
	else if (!strcmp(s, "json"))
		*out = RECUR_FORMAT_JSON;
	else
		return -1;
	return 0;
}

/* Display width of UTF-8 text: code points, which is right for the text we print. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static void pad(struct recur_buf *out, size_t n)
{
	while (n--)
		recur_buf_addch(out, ' ');
}

static void write_aligned(const struct recur_table *t, struct recur_buf *out)
{
	size_t *w = xcalloc(t->ncols ? t->ncols : 1, sizeof(*w));
	size_t r, c;

	for (c = 0; c < t->ncols; c++)
		w[c] = width(t->cols[c]);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			const struct recur_cell *cell = recur_table_cell(t, r, c);
			size_t cw = cell->text ? width(cell->text) : 0;

			if (cw > w[c])
				w[c] = cw;
		}
	for (c = 0; c < t->ncols; c++) {
		recur_buf_adds(out, t->cols[c]);
		if (c + 1 < t->ncols)
			pad(out, w[c] - width(t->cols[c]) + 2);
	}
	recur_buf_addch(out, '\n');
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const struct recur_cell *cell = recur_table_cell(t, r, c);
			const char *s = cell->text ? cell->text : "";
			size_t gap = w[c] - width(s);
			int numeric = cell->type == RECUR_CELL_INT || cell->type == RECUR_CELL_REAL;

			if (numeric)
				pad(out, gap);
			recur_buf_adds(out, s);
			if (c + 1 < t->ncols)
				pad(out, (numeric ? 0 : gap) + 2);
		}
		/* no trailing spaces: output diffs cleanly */
		while (out->len && out->buf[out->len - 1] == ' ')
			out->buf[--out->len] = '\0';
		recur_buf_addch(out, '\n');
	}
	free(w);
}

static void csv_field(struct recur_buf *out, const char *s)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	/* text a spreadsheet would read as a formula (OWASP CSV injection: = + - @,
	 * and a leading tab or carriage return) gets a ' in front */
	int neutralise = strchr("=+-@\t\r", s[0]) && s[0];

	if (!quote && !neutralise) {
		recur_buf_adds(out, s);
		return;
	}
	recur_buf_addch(out, '"');
	if (neutralise)
		recur_buf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			recur_buf_addch(out, '"');
		recur_buf_addch(out, *s);
	}
	recur_buf_addch(out, '"');
}

static void write_csv(const struct recur_table *t, struct recur_buf *out)
{
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		if (c)
			recur_buf_addch(out, ',');
		csv_field(out, t->cols[c]);
	}
	recur_buf_adds(out, "\r\n");
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const struct recur_cell *cell = recur_table_cell(t, r, c);

			if (c)
				recur_buf_addch(out, ',');
			if (cell->type == RECUR_CELL_TEXT)
				csv_field(out, cell->text);
			else if (cell->text)
				recur_buf_adds(out, cell->text); /* numbers: a leading '-' is a sign */
		}
		recur_buf_adds(out, "\r\n");
	}
}

struct recur_json *recur_table_to_json(const struct recur_table *t)
{
	struct recur_json *a = recur_json_new(RECUR_JSON_ARRAY);
	size_t r, c;

	for (r = 0; r < t->nrows; r++) {
		struct recur_json *o = recur_json_push(a, recur_json_new(RECUR_JSON_OBJECT));

		for (c = 0; c < t->ncols; c++) {
			const struct recur_cell *cell = recur_table_cell(t, r, c);
			struct recur_json *v;

			if (cell->type == RECUR_CELL_TEXT)
				v = recur_json_new_string(cell->text);
			else if (cell->type == RECUR_CELL_NULL)
				v = recur_json_new(RECUR_JSON_NULL);
			else
				v = recur_json_new_number(cell->num);
			recur_json_set(o, t->cols[c], v);
		}
	}
	return a;
}

void recur_table_write(const struct recur_table *t, enum recur_table_format fmt, struct recur_buf *out)
{
	struct recur_json *j;

	switch (fmt) {
	case RECUR_FORMAT_TABLE:
		write_aligned(t, out);
		break;
	case RECUR_FORMAT_CSV:
		write_csv(t, out);
		break;
	case RECUR_FORMAT_JSON:
		j = recur_table_to_json(t);
		recur_json_write(j, out, 2);
		recur_buf_addch(out, '\n');
		recur_json_free(j);
		break;
	}
}
