/*
 * report_xlsx.c — the review as an Excel workbook (libxlsxwriter) for the
 * people who read it and for the analyst who checks it: sheet Summary (the
 * key figures in words, one page), one chart sheet each for incidents by
 * severity, the MTTR trend, MTTR by severity and the top problems, then the
 * data sheets Trends, Problems, Incidents, Services, Action items, Details
 * (significance tests, every duration figure, still open, sources), Data
 * quality and Definitions.
 *
 * What each table holds is data, report-templates/workbook.tsv (overridable
 * with --share): per column the review-data key, the header in words, the
 * kind of value, the Excel number format and the width. This file reads it
 * once per workbook and writes what it says; it knows the sheets and their
 * order, the Summary's layout and the charts, not the columns.
 *
 * The workbook is written in libxlsxwriter's constant-memory mode, so a
 * month of a million-incident history does not sit in memory twice: every
 * sheet is written row by row, top to bottom (column widths measured on the
 * way are set at the end). The Incidents sheet holds exactly the incidents
 * the figures count, durations in hours, so PERCENTILE.INC over a column
 * gives the report's p90; past Excel's row limit it continues on
 * "Incidents 2", … (the Summary says so).
 *
 * Cells hold real values: counts and hours are numbers, times are Excel
 * date-times (UTC), shares are fractions shown as percentages. Text from the
 * data is always written with worksheet_write_string, so a title such as
 * "=cmd()" stays text and is never a formula. Every sheet prints landscape,
 * one page wide, with its header row repeated and the review's title and
 * page numbers in the margins; each chart is a chart sheet, one page. The
 * document's dates come from opts->now, so two runs write the same XML
 * parts. It reads the review data only (never the view the templates see).
 */
#include "recur/mem.h"
#include "recur/timeutil.h"
#include "recur/version.h"
#include "report_int.h"
#include "report_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define EXCEL_EPOCH_DAYS 25569.0 /* 1970-01-01 as an Excel serial day */
#define EXCEL_MAX_ROWS	 1048576 /* rows in a sheet, the header included */
#define EXCEL_MAX_STRING 32767
#define MAX_COLS	 REPORT_LAYOUT_MAX_COLS
#define WIDTH_MAX	 50.0 /* an auto width stops here: long titles are cut on screen */
#define PAPER_A4	 9
#define TOP_PROBLEMS	 10 /* bars in the top problems chart */
#define HEADER_WIDTH	 16 /* an auto column fits this much of its header on a line */

struct xl {
	lxw_workbook *wb;
	const struct recur_json *data;
	struct report_layout lay; /* workbook.tsv */
	lxw_format *title, *bold, *header, *wrap, *top;
	char head[256], foot[256]; /* the printed page's header and footer */
	lxw_row_t sev_row;	   /* the Summary's severity rows, for a chart */
	size_t sev_n;
};

/* A worksheet being written, with the widths its cells ask for. */
struct sheet {
	lxw_worksheet *ws;
	double fixed[MAX_COLS], seen[MAX_COLS];
};

/* Rows in an incident sheet, the header included: Excel's limit, or fewer
 * when RECUR_XLSX_SHEET_ROWS says so, so the tests can see a list go on to
 * "Incidents 2" without writing a million rows. */
static size_t sheet_rows(void)
{
	const char *v = getenv("RECUR_XLSX_SHEET_ROWS");
	long n = v ? strtol(v, NULL, 10) : 0;

	return n >= 2 && n < EXCEL_MAX_ROWS ? (size_t)n : EXCEL_MAX_ROWS;
}

/* ---- values and cells ---- */

/*
 * Follows a dotted path through the review data: names, array indexes, and
 * name[key=value] for the element of array name whose key is that string.
 */
static const struct recur_json *path_get(const struct recur_json *v, const char *path)
{
	char seg[128], *eq, *br;
	const char *dot;
	size_t len, i;

	while (path && v) {
		dot = strchr(path, '.');
		len = dot ? (size_t)(dot - path) : strlen(path);
		if (len >= sizeof(seg))
			return NULL;
		memcpy(seg, path, len);
		seg[len] = '\0';
		path = dot ? dot + 1 : NULL;
		if (!(br = strchr(seg, '[')) || !(eq = strchr(br, '=')) || seg[len - 1] != ']') {
			v = recur_json_path(v, seg);
			continue;
		}
		*br = *eq = seg[len - 1] = '\0';
		v = recur_json_get(v, seg);
		for (i = 0; v && v->type == RECUR_JSON_ARRAY && i < v->n; i++) {
			const struct recur_json *k = recur_json_get(v->items[i], br + 1);

			if (k && k->type == RECUR_JSON_STRING && !strcmp(k->str, eq + 1))
				break;
		}
		v = v && v->type == RECUR_JSON_ARRAY && i < v->n ? v->items[i] : NULL;
	}
	return v;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static void seen(struct sheet *s, lxw_col_t c, double w)
{
	if (c < MAX_COLS && w > s->seen[c])
		s->seen[c] = w;
}

/* The characters a number takes when shown in format spec (near enough,
 * and cheap: it runs for every number of a million-row sheet). */
static double number_width(double v, const char *spec)
{
	const char *dot;
	double w = v < 0 ? 2 : 1;
	int dec = 0;

	if (!strcmp(spec, "-") && !(v > -1e11 && v < 1e11 && v == (double)(long long)v))
		return 11; /* General shows at most 11 characters */
	if (strchr(spec, 'y') || strchr(spec, 'h') || strchr(spec, 'd'))
		return (double)strlen(spec); /* dates: yyyy-mm-dd hh:mm */
	if ((dot = strchr(spec, '.')))
		while (dot[1 + dec] == '0' || dot[1 + dec] == '#')
			dec++;
	if (strchr(spec, '%'))
		v *= 100, w++;
	for (v = v < 0 ? -v : v; v >= 10 && w < 20; v /= 10)
		w++;
	return w + (dec ? dec + 1 : 0);
}

/* Text cells: cut at Excel's limit on a UTF-8 boundary rather than failing. */
static void put_string(struct sheet *s, lxw_row_t r, lxw_col_t c, const char *str, size_t len, lxw_format *f)
{
	char *copy;

	if (len <= EXCEL_MAX_STRING && strlen(str) == len) {
		worksheet_write_string(s->ws, r, c, str, f);
	} else {
		len = strnlen(str, len < EXCEL_MAX_STRING ? len : EXCEL_MAX_STRING);
		while (len > 0 && len < strlen(str) && ((unsigned char)str[len] & 0xC0) == 0x80)
			len--;
		copy = xstrndup(str, len);
		worksheet_write_string(s->ws, r, c, copy, f);
		free(copy);
	}
	seen(s, c, (double)utf8_chars(str, len));
}

static int date_serial(const char *s, double *out)
{
	int y, m, d, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	*out = (double)recur_days_from_civil(y, m, d) + EXCEL_EPOCH_DAYS;
	return 1;
}

/* A number of the data as the cell holds it. */
static double cell_number(double v, enum report_kind kind)
{
	switch (kind) {
	case K_HOURS: return v / 60.0;
	case K_PERCENT: return v / 100.0;
	case K_DATETIME: return v / 86400.0 + EXCEL_EPOCH_DAYS;
	default: return v;
	}
}

static void put(struct sheet *s, lxw_row_t r, lxw_col_t c, const struct recur_json *v, enum report_kind kind,
		lxw_format *f, const char *spec, lxw_format *text)
{
	double d;

	if (!v || v->type == RECUR_JSON_NULL)
		return;
	if (v->type == RECUR_JSON_TRUE || v->type == RECUR_JSON_FALSE) {
		/* words, not a boolean cell: LibreOffice shows one as 1 or 0 */
		put_string(s, r, c, v->type == RECUR_JSON_TRUE ? "Yes" : "No",
			   v->type == RECUR_JSON_TRUE ? 3 : 2, text);
	} else if (v->type == RECUR_JSON_NUMBER) {
		d = cell_number(v->num, kind);
		worksheet_write_number(s->ws, r, c, d, f);
		seen(s, c, number_width(d, spec));
	} else if (v->type == RECUR_JSON_STRING) {
		if (kind == K_DATE && date_serial(v->str, &d)) {
			worksheet_write_number(s->ws, r, c, d, f);
			seen(s, c, 10);
		} else {
			put_string(s, r, c, v->str, v->len, text);
		}
	}
}

static void put_col(const struct xl *x, struct sheet *s, lxw_row_t r, lxw_col_t c,
		    const struct recur_json *row, const struct report_col *col)
{
	put(s, r, c, recur_json_get(row, col->key), col->kind, col->fmt, col->spec,
	    col->wrap ? x->wrap : x->top);
}

/* A header's text: {name} becomes the review data's string name, or the
 * text after '|' in {name|text} when the data has none. */
static void header_text(const struct xl *x, const char *h, struct recur_buf *out)
{
	const char *open, *close, *bar;
	const struct recur_json *v;
	char key[64];

	recur_buf_reset(out);
	while ((open = strchr(h, '{')) && (close = strchr(open, '}'))) {
		recur_buf_add(out, h, (size_t)(open - h));
		bar = memchr(open, '|', (size_t)(close - open));
		snprintf(key, sizeof(key), "%.*s", (int)((bar ? bar : close) - open - 1), open + 1);
		v = recur_json_get(x->data, key);
		if (v && v->type == RECUR_JSON_STRING && *v->str)
			recur_buf_adds(out, v->str);
		else if (bar)
			recur_buf_add(out, bar + 1, (size_t)(close - bar - 1));
		h = close + 1;
	}
	recur_buf_adds(out, h);
}

/* Lines text takes wrapped in width characters (near enough: a width counts
 * digits, and text's letters are narrower on average, but words are not cut). */
static size_t wrapped_lines(const char *text, double width)
{
	double n = (double)utf8_chars(text, strlen(text)) * 0.95 / (width > 1 ? width : 1);

	return n > 1 ? (size_t)n + 1 : 1;
}

/* The height of a row whose text wraps: Excel and LibreOffice keep the
 * height a file gives, so a row of wrapped text is made high enough here. */
static void row_height(lxw_worksheet *ws, lxw_row_t row, size_t lines)
{
	if (lines > 1)
		worksheet_set_row(ws, row, 15.0 * (double)(lines < 15 ? lines : 15), NULL);
}

/* One row of table t from the object row. */
static void put_row(const struct xl *x, struct sheet *s, lxw_row_t r, struct report_table t,
		    const struct recur_json *row)
{
	const struct recur_json *v;
	size_t k, lines = 1, n;

	for (k = 0; k < t.n; k++) {
		if (t.c[k].wrap && (v = recur_json_get(row, t.c[k].key)) && v->type == RECUR_JSON_STRING &&
		    (n = wrapped_lines(v->str, t.c[k].width)) > lines)
			lines = n;
	}
	row_height(s->ws, r, lines);
	for (k = 0; k < t.n; k++)
		put_col(x, s, r, (lxw_col_t)k, row, &t.c[k]);
}

/* A header's characters and its longest word's. */
static void header_size(const char *text, size_t len, size_t *chars, size_t *longest)
{
	size_t i, word = 0;

	*chars = utf8_chars(text, len);
	*longest = 0;
	for (i = 0; i <= len; i++) {
		if (i == len || text[i] == ' ')
			*longest = word > *longest ? word : *longest, word = 0;
		else
			word += ((unsigned char)text[i] & 0xC0) != 0x80;
	}
}

/*
 * A header row: the headers wrap, so an auto column asks for at least its
 * header's longest word, or its first HEADER_WIDTH characters; the row is as
 * high as the longest header needs at the narrowest its column can be.
 */
static void put_header_row(const struct xl *x, struct sheet *s, lxw_row_t row, struct report_table t)
{
	struct recur_buf text = RECUR_BUF_INIT;
	size_t k, chars, longest, lines = 1, n;
	double w;

	for (k = 0; k < t.n; k++) {
		header_text(x, t.c[k].header, &text);
		header_size(text.buf, text.len, &chars, &longest);
		w = t.c[k].width > 0 ? t.c[k].width - 1
				     : (double)(chars < HEADER_WIDTH	 ? chars
						: longest > HEADER_WIDTH ? longest
									 : HEADER_WIDTH);
		n = w > 0 ? (size_t)((double)chars / w + 0.999) : 1;
		lines = n > lines ? n : lines;
	}
	row_height(s->ws, row, lines < 4 ? lines : 4);
	for (k = 0; k < t.n; k++) {
		header_text(x, t.c[k].header, &text);
		header_size(text.buf, text.len, &chars, &longest);
		worksheet_write_string(s->ws, row, (lxw_col_t)k, text.buf, x->header);
		if (t.c[k].width > s->fixed[k])
			s->fixed[k] = t.c[k].width;
		if (t.c[k].width <= 0)
			seen(s, (lxw_col_t)k,
			     (double)(chars < HEADER_WIDTH     ? chars
				      : longest > HEADER_WIDTH ? longest
							       : HEADER_WIDTH) -
				 1);
	}
	recur_buf_release(&text);
}

/*
 * Writes t's header row at row and one row per object of rows[from, to);
 * returns the row after the table.
 */
static lxw_row_t put_rows(const struct xl *x, struct sheet *s, lxw_row_t row, struct report_table t,
			  const struct recur_json *rows, size_t from, size_t to)
{
	size_t i;

	put_header_row(x, s, row, t);
	row++;
	for (i = from; rows && rows->type == RECUR_JSON_ARRAY && i < rows->n && i < to; i++, row++)
		put_row(x, s, row, t, rows->items[i]);
	return row;
}

/* Sets each column's width: the data file's, else the longest value's, capped
 * (on a sheet of several tables, the widest of the tables that give one). */
static void set_widths(struct sheet *s)
{
	lxw_col_t c;
	double w;

	for (c = 0; c < MAX_COLS; c++) {
		w = s->seen[c] > 0 ? s->seen[c] + 2 : 0;
		if (w > WIDTH_MAX)
			w = WIDTH_MAX;
		if (s->fixed[c] > 0) /* a width the data file gives wins */
			w = s->fixed[c];
		if (w > 0)
			worksheet_set_column(s->ws, c, c, w < 6 ? 6 : w, NULL);
	}
}

/* Landscape on A4, one page wide, header rows repeated, title and page numbers. */
static void print_setup(const struct xl *x, lxw_worksheet *ws, int header_rows)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, PAPER_A4);
	worksheet_set_margins(ws, 0.5, 0.5, 0.75, 0.75);
	worksheet_fit_to_pages(ws, 1, 0);
	if (header_rows)
		worksheet_repeat_rows(ws, 0, (lxw_row_t)(header_rows - 1));
	worksheet_set_header(ws, x->head);
	worksheet_set_footer(ws, x->foot);
}

static void end_sheet(struct sheet *s, lxw_row_t end, size_t ncols)
{
	set_widths(s);
	worksheet_freeze_panes(s->ws, 1, 0);
	worksheet_autofilter(s->ws, 0, 0, end > 1 ? end - 1 : 1, (lxw_col_t)(ncols - 1));
}

static void sheet_new(const struct xl *x, struct sheet *s, const char *name, int header_rows)
{
	memset(s, 0, sizeof(*s));
	s->ws = workbook_add_worksheet(x->wb, name);
	print_setup(x, s->ws, header_rows);
}

static size_t rows_of(const struct recur_json *data, const char *key)
{
	const struct recur_json *a = recur_json_get(data, key);

	return a && a->type == RECUR_JSON_ARRAY ? a->n : 0;
}

/* A data sheet: one table from row 0, header frozen, with an autofilter. */
static void data_sheet_part(const struct xl *x, const char *name, struct report_table t,
			    const struct recur_json *rows, size_t from, size_t to)
{
	struct sheet s;

	sheet_new(x, &s, name, 1);
	end_sheet(&s, put_rows(x, &s, 0, t, rows, from, to), t.n);
}

static int data_sheet(const struct xl *x, const char *name, const char *table, const struct recur_json *rows,
		      struct recur_error *err)
{
	struct report_table t;

	if (report_layout_table(&x->lay, table, &t, err))
		return -1;
	data_sheet_part(x, name, t, rows, 0, (size_t)-1);
	return 0;
}

/* ---- Summary and Details ---- */

static void text_of(const struct recur_json *data, const char *key, char *out, size_t size)
{
	const struct recur_json *v = recur_json_get(data, key);

	snprintf(out, size, "%s", v && v->type == RECUR_JSON_STRING ? v->str : "");
}

static lxw_row_t put_line(struct sheet *s, lxw_row_t row, const char *text, lxw_format *f)
{
	worksheet_write_string(s->ws, row, 0, text, f);
	return row + 1;
}

/* The data's range and the period's coverage (bold when partial); returns the next row. */
static lxw_row_t coverage_lines(const struct xl *x, struct sheet *s, lxw_row_t row)
{
	const struct recur_json *range = recur_json_path(x->data, "coverage.range_text");
	const struct recur_json *text = recur_json_path(x->data, "coverage.text");
	const struct recur_json *partial = recur_json_path(x->data, "coverage.partial");

	if (range && range->type == RECUR_JSON_STRING)
		row = put_line(s, row, range->str, NULL);
	if (text && text->type == RECUR_JSON_STRING)
		row =
		    put_line(s, row, text->str, partial && partial->type == RECUR_JSON_TRUE ? x->bold : NULL);
	return row;
}

/* One key figure: this period, the previous one, the change, a year earlier, the test. */
static void measure_row(const struct xl *x, struct sheet *s, lxw_row_t row, struct report_table t,
			const struct report_measure *m)
{
	const struct recur_json *v[3], *h = NULL, *cell;
	const struct recur_json *why = recur_json_path(x->data, "coverage.prev_not_compared");
	char sel[256];
	size_t k;
	int i;

	for (i = 0; i < 3; i++)
		v[i] = m->path[i] ? path_get(x->data, m->path[i]) : NULL;
	if (m->headline) {
		snprintf(sel, sizeof(sel), "headline[metric=%s]", m->headline);
		h = path_get(x->data, sel);
	}
	for (k = 0; k < t.n; k++) {
		const char *key = t.c[k].key;
		lxw_col_t c = (lxw_col_t)k;

		cell = !strcmp(key, "value")  ? v[0]
		       : !strcmp(key, "prev") ? v[1]
		       : !strcmp(key, "ly")   ? v[2]
					      : NULL;
		if (!strcmp(key, "label"))
			put_string(s, row, c, m->label, strlen(m->label), NULL);
		else if (cell)
			put(s, row, c, cell, m->kind, m->fmt, m->spec, NULL);
		else if (!strcmp(key, "change") && why && why->type == RECUR_JSON_STRING)
			put_string(s, row, c, why->str, why->len, NULL); /* a partial period */
		else if (!strcmp(key, "change") && v[0] && v[1] && v[0]->type == RECUR_JSON_NUMBER &&
			 v[1]->type == RECUR_JSON_NUMBER)
			worksheet_write_number(
			    s->ws, row, c, cell_number(v[0]->num, m->kind) - cell_number(v[1]->num, m->kind),
			    m->change);
		else if (h && (!strcmp(key, "p_value") || !strcmp(key, "significance")))
			put_col(x, s, row, c, h, &t.c[k]);
	}
}

static int key_figures(struct xl *x, struct sheet *s, lxw_row_t *row, struct recur_error *err)
{
	const struct recur_json *why;
	struct report_table t;
	char name[128], line[512];
	size_t i;

	if (report_layout_table(&x->lay, "summary", &t, err))
		return -1;
	*row = put_rows(x, s, *row, t, NULL, 0, 0);
	for (i = 0; i < x->lay.nms; i++)
		measure_row(x, s, (*row)++, t, &x->lay.ms[i]);
	why = recur_json_path(x->data, "coverage.ly_why");
	if (why && why->type == RECUR_JSON_STRING) {
		text_of(x->data, "ly_period_name", name, sizeof(name));
		snprintf(line, sizeof(line), "Not compared with %s: %s.", name, why->str);
		*row = put_line(s, *row, line, NULL);
	}
	return 0;
}

static int summary_sheet(struct xl *x, size_t nparts, struct recur_error *err)
{
	char name[128], at[64], tz[64], line[512];
	struct sheet s;
	struct report_table sev;
	lxw_row_t row;

	sheet_new(x, &s, "Summary", 0);
	worksheet_fit_to_pages(s.ws, 1, 1);
	text_of(x->data, "period_name", name, sizeof(name));
	if (!*name)
		text_of(x->data, "month_name", name, sizeof(name));
	text_of(x->data, "generated_at", at, sizeof(at));
	text_of(x->data, "tz", tz, sizeof(tz));
	worksheet_set_row(s.ws, 0, 22, NULL);
	snprintf(line, sizeof(line), "Reliability review \xe2\x80\x94 %s", name);
	worksheet_write_string(s.ws, 0, 0, line, x->title);
	snprintf(line, sizeof(line),
		 "Generated %s by recur %s; times in %s; durations in hours; "
		 "percentiles as PERCENTILE.INC over sheet Incidents",
		 at, RECUR_VERSION, *tz ? tz : "UTC");
	row = put_line(&s, 1, line, NULL);
	row = coverage_lines(x, &s, row);
	if (nparts > 1) {
		snprintf(line, sizeof(line),
			 "The incidents fill %zu sheets (Excel's limit is %d rows "
			 "a sheet): compute percentiles over all of them",
			 nparts, EXCEL_MAX_ROWS);
		row = put_line(&s, row, line, x->bold);
	}
	row++;
	if (key_figures(x, &s, &row, err) || report_layout_table(&x->lay, "severity", &sev, err))
		return -1;
	row = put_line(&s, row + 1, "Incidents by severity", x->bold);
	x->sev_row = row + 1;
	x->sev_n = rows_of(x->data, "severity");
	row = put_rows(x, &s, row, sev, recur_json_get(x->data, "severity"), 0, (size_t)-1);
	put_line(&s, row + 1,
		 "Charts on the next sheets; every problem and incident, the tests "
		 "and the other figures on the sheets after them; the terms on sheet Definitions.",
		 NULL);
	set_widths(&s);
	return 0;
}

/* A titled table on a sheet of several; returns the row after it. */
static int titled_table(const struct xl *x, struct sheet *s, lxw_row_t *row, const char *title,
			const char *table, const struct recur_json *rows, struct recur_error *err)
{
	struct report_table t;

	if (report_layout_table(&x->lay, table, &t, err))
		return -1;
	*row = put_line(s, *row, title, x->bold);
	*row = put_rows(x, s, *row, t, rows, 0, (size_t)-1) + 1;
	return 0;
}

static int details_sheet(const struct xl *x, struct recur_error *err)
{
	const struct recur_json *d = x->data;
	struct sheet s;
	lxw_row_t row = 0;
	char at[64], line[256];

	sheet_new(x, &s, "Details", 0);
	if (titled_table(x, &s, &row, "Significance of the change from the previous period", "significance",
			 recur_json_get(d, "significance"), err) ||
	    titled_table(x, &s, &row, "Durations", "durations", recur_json_get(d, "durations"), err))
		return -1;
	if (recur_json_get(d, "still_open")) { /* saved data from before 0.2 has none */
		text_of(d, "export_time", at, sizeof(at));
		snprintf(line, sizeof(line),
			 "Still open at the data's export time (%s), and time to "
			 "resolve with them censored there (Kaplan\xe2\x80\x93Meier; sheet "
			 "Definitions)",
			 at);
		if (titled_table(x, &s, &row, line, "still_open", recur_json_get(d, "still_open"), err))
			return -1;
	}
	if (titled_table(x, &s, &row, "Sources", "sources", recur_json_get(d, "sources"), err))
		return -1;
	set_widths(&s);
	return 0;
}

/* ---- charts, one chart sheet each ---- */

static void chart_page(const struct xl *x, const char *name, lxw_chart *ch, const char *title,
		       const char *xname, const char *yname)
{
	lxw_chartsheet *cs = workbook_add_chartsheet(x->wb, name);

	chart_title_set_name(ch, title);
	chart_axis_set_name(ch->x_axis, xname);
	chart_axis_set_name(ch->y_axis, yname);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
	chartsheet_set_chart(cs, ch);
	chartsheet_set_landscape(cs);
	chartsheet_set_paper(cs, PAPER_A4);
	chartsheet_set_header(cs, x->head);
	chartsheet_set_footer(cs, x->foot);
}

/* A series of column val over rows [r0, r1] of sheet, named by its header. */
static lxw_chart_series *series(const struct xl *x, lxw_chart *ch, const char *sheet, lxw_row_t r0,
				lxw_row_t r1, lxw_col_t cat, const struct report_col *val, lxw_col_t vc)
{
	lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
	struct recur_buf name = RECUR_BUF_INIT;

	header_text(x, val->header, &name);
	chart_series_set_categories(s, sheet, r0, cat, r1, cat);
	chart_series_set_values(s, sheet, r0, vc, r1, vc);
	chart_series_set_name(s, name.buf);
	recur_buf_release(&name);
	return s;
}

static void fill(lxw_chart_series *s, lxw_color_t color)
{
	lxw_chart_fill f = {color, 0, 0};

	chart_series_set_fill(s, &f);
}

static void trend_charts(const struct xl *x, struct report_table t)
{
	static const char *const sev[] = {"sev1", "sev2", "sev3", "sev4", "sev5", "unknown"};
	static const lxw_color_t colors[] = {0xB91C1C, 0xEA580C, 0xF59E0B, 0x3B82F6, 0x93C5FD, 0x9CA3AF};
	lxw_row_t n = (lxw_row_t)rows_of(x->data, "trend");
	int month = report_layout_col(t, "month"), k, i;
	lxw_chart *ch;
	lxw_chart_line line = {0x9A3412, 0, 2.25, 0, 0};

	if (!n || month < 0)
		return;
	ch = workbook_add_chart(x->wb, LXW_CHART_COLUMN_STACKED);
	for (i = 0; i < 6; i++)
		if ((k = report_layout_col(t, sev[i])) >= 0)
			fill(series(x, ch, "Trends", 1, n, (lxw_col_t)month, &t.c[k], (lxw_col_t)k),
			     colors[i]);
	chart_page(x, "Incidents by severity", ch, "Incidents per month by severity", "Month", "Incidents");
	ch = workbook_add_chart(x->wb, LXW_CHART_LINE);
	if ((k = report_layout_col(t, "ttr_median_min")) >= 0)
		chart_series_set_line(series(x, ch, "Trends", 1, n, (lxw_col_t)month, &t.c[k], (lxw_col_t)k),
				      &line);
	chart_axis_set_num_format(ch->y_axis, "0");
	chart_page(x, "MTTR trend", ch, "Median time to resolve per month", "Month", "Hours");
}

/* A bar chart's x axis is its value axis, the y axis its categories, listed
 * bottom up: reversed, the first is on top. */
static lxw_chart *bars(const struct xl *x)
{
	lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_BAR);

	chart_axis_set_reverse(ch->y_axis);
	return ch;
}

static void severity_chart(const struct xl *x, struct report_table t)
{
	int label = report_layout_col(t, "label"), k = report_layout_col(t, "ttr_median_min");
	lxw_chart *ch;

	if (!x->sev_n || label < 0 || k < 0)
		return;
	ch = bars(x);
	fill(series(x, ch, "Summary", x->sev_row, x->sev_row + (lxw_row_t)x->sev_n - 1, (lxw_col_t)label,
		    &t.c[k], (lxw_col_t)k),
	     0x9A3412);
	chart_page(x, "MTTR by severity", ch, "Median time to resolve by severity", "Hours", "Severity");
}

static void problem_chart(const struct xl *x, struct report_table t, size_t nproblems)
{
	int title = report_layout_col(t, "title"), k = report_layout_col(t, "month_count");
	lxw_row_t n = (lxw_row_t)(nproblems < TOP_PROBLEMS ? nproblems : TOP_PROBLEMS);
	lxw_chart *ch;

	if (!n || title < 0 || k < 0)
		return;
	ch = bars(x);
	fill(series(x, ch, "Problems", 1, n, (lxw_col_t)title, &t.c[k], (lxw_col_t)k), 0x0969DA);
	chart_page(x, "Top problems", ch, "Recurring problems with the most incidents this period",
		   "Incidents", "Problem");
}

static int chart_sheets(const struct xl *x, size_t nproblems, struct recur_error *err)
{
	struct report_table trend, sev, prob;

	if (report_layout_table(&x->lay, "trend", &trend, err) ||
	    report_layout_table(&x->lay, "severity", &sev, err) ||
	    report_layout_table(&x->lay, "problems", &prob, err))
		return -1;
	trend_charts(x, trend);
	severity_chart(x, sev);
	problem_chart(x, prob, nproblems);
	return 0;
}

/* ---- incidents and problems ---- */

/* Incidents, continued on "Incidents 2", … past Excel's row limit; returns the sheets. */
static void incident_sheets(const struct xl *x, struct report_table t)
{
	const struct recur_json *rows = recur_json_get(x->data, "incidents");
	size_t n = rows_of(x->data, "incidents"), per = sheet_rows() - 1, i, parts;
	char name[32];

	parts = n ? (n + per - 1) / per : 1;
	for (i = 0; i < parts; i++) {
		snprintf(name, sizeof(name), i ? "Incidents %zu" : "Incidents", i + 1);
		data_sheet_part(x, name, t, rows, i * per, (i + 1) * per);
	}
}

/*
 * The same sheets from a stream: each row is written as it comes (the
 * workbook is in constant-memory mode, so nothing of the list is held),
 * starting "Incidents 2", … when a sheet is full.
 */
static int incident_stream(const struct xl *x, struct report_table t, const struct recur_report_rows *rows,
			   struct recur_error *err)
{
	const struct recur_json *row;
	struct sheet s;
	const lxw_row_t max = (lxw_row_t)sheet_rows();
	lxw_row_t r = 0;
	size_t part = 0;
	char name[32];
	int rc;

	s.ws = NULL;
	if (rows->rewind(rows->ctx, err))
		return -1;
	do {
		if ((rc = rows->next(rows->ctx, &row, err)) < 0)
			return -1;
		if (!s.ws || (rc == 1 && r == max)) {
			if (s.ws)
				end_sheet(&s, r, t.n);
			snprintf(name, sizeof(name), part ? "Incidents %zu" : "Incidents", part + 1);
			part++;
			sheet_new(x, &s, name, 1);
			r = put_rows(x, &s, 0, t, NULL, 0, 0);
		}
		if (rc == 1)
			put_row(x, &s, r++, t, row);
	} while (rc == 1);
	end_sheet(&s, r, t.n);
	return 0;
}

/* The Problems sheet's rows from a stream, under the header already on s:
 * every problem of the period, held one at a time. */
static int problem_stream(const struct xl *x, struct sheet *s, struct report_table t,
			  const struct recur_report_rows *rows, struct recur_error *err)
{
	const struct recur_json *row;
	lxw_row_t r = 1;
	int rc;

	if (rows->rewind(rows->ctx, err))
		return -1;
	while ((rc = rows->next(rows->ctx, &row, err)) == 1 && r < (lxw_row_t)EXCEL_MAX_ROWS)
		put_row(x, s, r++, t, row);
	if (rc < 0)
		return -1;
	end_sheet(s, r, t.n);
	return 0;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Data quality and Definitions ---- */

/* "queries" keys that are whole numbers become a finding row */
static void quality_row(struct recur_json *a, const char *finding, const struct recur_json *v,
			const char *example)
{
	struct recur_json *o = recur_json_push(a, recur_json_new(RECUR_JSON_OBJECT));

	recur_json_set_string(o, "finding", finding);
	recur_json_set_number(o, "count", v && v->type == RECUR_JSON_NUMBER ? v->num : 0);
	if (example)
		recur_json_set_string(o, "example", example);
}

static int quality_sheet(const struct xl *x, struct recur_error *err)
{
	const struct recur_json *data = x->data;
	static const struct {
		const char *key, *finding;
	} f[] = {
	    {"no_severity", "Incidents without a severity"},
	    {"missing_ack", "Not acknowledged (left out of TTA)"},
	    {"missing_mitigation", "No mitigation time (TTM falls back to resolved)"},
	    {"missing_resolution", "Not resolved (left out of TTR)"},
	    {"negative_tta", "Acknowledged before opened (negative TTA, left out)"},
	    {"negative_ttm", "Mitigated before opened (negative TTM, left out)"},
	    {"negative_ttr", "Resolved before opened (negative TTR, left out)"},
	    {"values_rejected", "Values rejected at import, kept empty (whole database)"},
	    {"no_opened_at", "Incidents without an opening time (whole database)"},
	};
	const struct recur_json *q = recur_json_get(data, "data_quality");
	const struct recur_json *rej = recur_json_get(q, "rejects_by_field");
	const struct recur_json *ex = recur_json_get(data, "excluded");
	const struct recur_json *by = recur_json_get(ex, "by_reason");
	struct recur_json *a = recur_json_new(RECUR_JSON_ARRAY);
	char text[160];
	size_t i;
	int rc;

	for (i = 0; i < N(f); i++)
		quality_row(a, f[i].finding, recur_json_get(q, f[i].key), NULL);
	for (i = 0; rej && rej->type == RECUR_JSON_ARRAY && i < rej->n; i++) {
		const struct recur_json *fld = recur_json_get(rej->items[i], "field");
		const struct recur_json *e = recur_json_get(rej->items[i], "example");

		snprintf(text, sizeof(text), "Rejected values of %s",
			 fld && fld->type == RECUR_JSON_STRING ? fld->str : "?");
		quality_row(a, text, recur_json_get(rej->items[i], "count"),
			    e && e->type == RECUR_JSON_STRING ? e->str : NULL);
	}
	quality_row(a, "Left out as maintenance, test or game day", recur_json_get(ex, "count"), NULL);
	for (i = 0; by && by->type == RECUR_JSON_ARRAY && i < by->n; i++) {
		const struct recur_json *r = recur_json_get(by->items[i], "reason");

		snprintf(text, sizeof(text), "Left out: %s",
			 r && r->type == RECUR_JSON_STRING ? r->str : "?");
		quality_row(a, text, recur_json_get(by->items[i], "count"), NULL);
	}
	rc = data_sheet(x, "Data quality", "data_quality", a, err);
	recur_json_free(a);
	return rc;
}


/* The terms of workbook.tsv, one a row. */
static void definitions_sheet(const struct xl *x)
{
	const struct report_term *t;
	struct sheet s;
	lxw_row_t r = 1;

	sheet_new(x, &s, "Definitions", 1);
	worksheet_set_column(s.ws, 0, 0, 28, NULL);
	worksheet_set_column(s.ws, 1, 1, 100, x->wrap);
	worksheet_write_string(s.ws, 0, 0, "Term", x->header);
	worksheet_write_string(s.ws, 0, 1, "Definition", x->header);
	for (t = x->lay.terms; t < x->lay.terms + x->lay.nterms; t++, r++) {
		row_height(s.ws, r, wrapped_lines(t->text, 100));
		worksheet_write_string(s.ws, r, 0, t->term, x->bold);
		worksheet_write_string(s.ws, r, 1, t->text, x->wrap);
	}
	worksheet_freeze_panes(s.ws, 1, 0);
}

static void add_formats(struct xl *x)
{
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	format_set_align(x->bold, LXW_ALIGN_VERTICAL_TOP);
	x->top = workbook_add_format(x->wb);
	format_set_align(x->top, LXW_ALIGN_VERTICAL_TOP);
	x->header = workbook_add_format(x->wb);
	format_set_bold(x->header);
	format_set_text_wrap(x->header);
	format_set_align(x->header, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(x->header, 0xF6F8FA);
	format_set_bottom(x->header, LXW_BORDER_THIN);
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
}

/* Appends s with each '&' doubled: a header or footer reads '&' as a code. */
static void add_literal(char *out, size_t size, const char *s)
{
	size_t n = strlen(out);

	for (; *s && n + 2 < size; s++) {
		out[n++] = *s;
		if (*s == '&')
			out[n++] = '&';
	}
	out[n] = '\0';
}

/* The printed header (title, period; the sheet) and footer (source; page of pages). */
static void page_margins(struct xl *x, const char *title)
{
	char at[64];

	text_of(x->data, "generated_at", at, sizeof(at));
	snprintf(x->head, sizeof(x->head), "&L&\"-,Bold\"");
	add_literal(x->head, sizeof(x->head) - 8, title);
	strcat(x->head, "&R&A");
	snprintf(x->foot, sizeof(x->foot), "&LGenerated ");
	add_literal(x->foot, sizeof(x->foot) - 40, at);
	strcat(x->foot, " by recur " RECUR_VERSION "&RPage &P of &N");
}

static void set_properties(struct xl *x, char *title, long long now)
{
	lxw_doc_properties props;

	memset(&props, 0, sizeof(props));
	props.title = title;
	props.subject = "Reliability review";
	props.author = "recur";
	props.comments = "Generated by recur " RECUR_VERSION " from the review data";
	props.created = (time_t)now;
	workbook_set_properties(x->wb, &props);
}

static size_t count_at(const struct recur_json *data, const char *path)
{
	const struct recur_json *v = recur_json_path(data, path);

	return v && v->type == RECUR_JSON_NUMBER && v->num > 0 ? (size_t)v->num : 0;
}

/* The sheets in order; the Problems sheet's rows come after the incidents' stream. */
static int write_sheets(struct xl *x, const struct recur_report_rows *rows,
			const struct recur_report_rows *problems, struct recur_error *err)
{
	const struct recur_json *inc = recur_json_get(x->data, "incidents");
	struct report_table tinc, tprob;
	struct sheet ps;
	size_t parts, count, nprob;
	/* streamed, the lists' lengths are the period's counts */
	int stream = rows && !(inc && inc->type == RECUR_JSON_ARRAY);

	count = stream ? count_at(x->data, "totals.incidents") : rows_of(x->data, "incidents");
	parts = count ? (count + sheet_rows() - 2) / (sheet_rows() - 1) : 1;
	nprob = problems ? count_at(x->data, "totals.recurring_problems") : rows_of(x->data, "problems");
	if (report_layout_table(&x->lay, "incidents", &tinc, err) ||
	    report_layout_table(&x->lay, "problems", &tprob, err) || summary_sheet(x, parts, err) ||
	    chart_sheets(x, nprob, err) ||
	    data_sheet(x, "Trends", "trend", recur_json_get(x->data, "trend"), err))
		return -1;
	sheet_new(x, &ps, "Problems", 1);
	if (problems) /* filled after the incidents, which come first in the stream */
		put_rows(x, &ps, 0, tprob, NULL, 0, 0);
	else
		end_sheet(&ps, put_rows(x, &ps, 0, tprob, recur_json_get(x->data, "problems"), 0, (size_t)-1),
			  tprob.n);
	if (!stream)
		incident_sheets(x, tinc);
	if ((stream && incident_stream(x, tinc, rows, err)) ||
	    (problems && problem_stream(x, &ps, tprob, problems, err)))
		return -1;
	if (data_sheet(x, "Services", "services", recur_json_get(x->data, "services"), err) ||
	    data_sheet(x, "Action items", "action_items", recur_json_path(x->data, "action_items.items"),
		       err) ||
	    details_sheet(x, err) || quality_sheet(x, err))
		return -1;
	definitions_sheet(x);
	return 0;
}

int recur_report_xlsx(const struct recur_json *data, const struct recur_report_rows *rows,
		      const struct recur_report_rows *problems, const char *path, long long now,
		      struct recur_error *err)
{
	char title[160], name[128];
	/* constant memory: rows go to a temporary file as they are written */
	lxw_workbook_options wo = {LXW_TRUE, NULL, 0};
	struct xl x;
	lxw_error e;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	x.data = data;
	x.wb = workbook_new_opt(path, &wo);
	if (!x.wb)
		return recur_error_set(err, "cannot create workbook '%s'", path);
	text_of(data, "period_name", name, sizeof(name));
	if (!*name)
		text_of(data, "month_name", name, sizeof(name));
	snprintf(title, sizeof(title), "Reliability review \xe2\x80\x94 %s", name);
	set_properties(&x, title, now);
	page_margins(&x, title);
	add_formats(&x);
	if (report_layout_load(&x.lay, x.wb, err) || write_sheets(&x, rows, problems, err)) {
		workbook_close(x.wb);
		goto out;
	}
	e = workbook_close(x.wb);
	if (e != LXW_NO_ERROR) {
		recur_error_set(err, "cannot write workbook '%s': %s", path, lxw_strerror(e));
		goto out;
	}
	rc = 0;
out:
	report_layout_release(&x.lay);
	return rc;
}
