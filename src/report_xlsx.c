/*
 * report_xlsx.c — the review as an Excel workbook (libxlsxwriter): sheets
 * Summary, Incidents, Problems and Trends (with native charts).
 *
 * Cells hold real values: counts and minutes are numbers, times are Excel
 * date-times (UTC), so a reader can recompute any figure. Text from the data
 * is always written with worksheet_write_string, so a title such as
 * "=cmd()" stays text and is never a formula. The document's dates come from
 * opts->now, so two runs write the same XML parts. It reads the review data
 * only (never the view the templates see: it wants the numbers).
 */
#include "recur/mem.h"
#include "recur/timeutil.h"
#include "recur/version.h"
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define EXCEL_EPOCH_DAYS 25569.0 /* 1970-01-01 as an Excel serial day */
#define EXCEL_MAX_STRING 32767

enum col_type {
	C_TEXT,    /* strings as text, numbers as numbers */
	C_AUTO,    /* like C_TEXT, but a string that is a plain number becomes one */
	C_MIN,     /* a number of minutes, "0.0" */
	C_TIME,    /* epoch seconds → date-time */
	C_DATE,    /* "YYYY-MM-DD" → date */
};

struct column {
	const char *key, *header;
	enum col_type type;
	double width;
};

struct xl {
	lxw_workbook *wb;
	lxw_format *title, *bold, *header, *minutes, *datetime, *date;
};

/* ---- cells ---- */

/* Text cells: cut at Excel's limit on a UTF-8 boundary rather than failing. */
static void put_string(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, size_t len)
{
	char *copy;

	if (len <= EXCEL_MAX_STRING && strlen(s) == len) {
		worksheet_write_string(ws, r, c, s, NULL);
		return;
	}
	len = strnlen(s, len < EXCEL_MAX_STRING ? len : EXCEL_MAX_STRING);
	while (len > 0 && len < strlen(s) && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	copy = xstrndup(s, len);
	worksheet_write_string(ws, r, c, copy, NULL);
	free(copy);
}

static int plain_number(const char *s, double *out)
{
	char *end;

	if (!*s || strchr(" \t+", *s))
		return 0;
	*out = strtod(s, &end);
	return *end == '\0';
}

static int date_serial(const char *s, double *out)
{
	int y, m, d, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] || m < 1 || m > 12 || d < 1 ||
	    d > 31)
		return 0;
	*out = (double)recur_days_from_civil(y, m, d) + EXCEL_EPOCH_DAYS;
	return 1;
}

static void put(const struct xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		const struct recur_json *v, enum col_type type)
{
	double d;

	if (!v || v->type == RECUR_JSON_NULL)
		return;
	if (v->type == RECUR_JSON_TRUE || v->type == RECUR_JSON_FALSE) {
		worksheet_write_boolean(ws, r, c, v->type == RECUR_JSON_TRUE, NULL);
	} else if (v->type == RECUR_JSON_NUMBER) {
		if (type == C_TIME)
			worksheet_write_number(ws, r, c, v->num / 86400.0 + EXCEL_EPOCH_DAYS, x->datetime);
		else
			worksheet_write_number(ws, r, c, v->num, type == C_MIN ? x->minutes : NULL);
	} else if (v->type == RECUR_JSON_STRING) {
		if (type == C_DATE && date_serial(v->str, &d))
			worksheet_write_number(ws, r, c, d, x->date);
		else if (type == C_AUTO && plain_number(v->str, &d))
			worksheet_write_number(ws, r, c, d, NULL);
		else
			put_string(ws, r, c, v->str, v->len);
	}
}

/*
 * Writes a header row at row and one row per object of rows; returns the
 * row after the table.
 */
static lxw_row_t put_table(const struct xl *x, lxw_worksheet *ws, lxw_row_t row,
			   const struct column *cols, size_t ncols, const struct recur_json *rows)
{
	size_t i, k;

	for (k = 0; k < ncols; k++)
		worksheet_write_string(ws, row, (lxw_col_t)k, cols[k].header, x->header);
	row++;
	for (i = 0; rows && rows->type == RECUR_JSON_ARRAY && i < rows->n; i++, row++)
		for (k = 0; k < ncols; k++)
			put(x, ws, row, (lxw_col_t)k, recur_json_get(rows->items[i], cols[k].key),
			    cols[k].type);
	return row;
}

static void set_widths(lxw_worksheet *ws, const struct column *cols, size_t ncols)
{
	size_t k;

	for (k = 0; k < ncols; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, cols[k].width, NULL);
}

static size_t rows_of(const struct recur_json *data, const char *key)
{
	const struct recur_json *a = recur_json_get(data, key);

	return a && a->type == RECUR_JSON_ARRAY ? a->n : 0;
}

/* A data sheet: one table from row 0, header frozen, with an autofilter. */
static lxw_worksheet *data_sheet(const struct xl *x, const char *name, const struct column *cols,
				 size_t ncols, const struct recur_json *rows)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	lxw_row_t end = put_table(x, ws, 0, cols, ncols, rows);

	set_widths(ws, cols, ncols);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, end > 1 ? end - 1 : 1, (lxw_col_t)(ncols - 1));
	return ws;
}

/* ---- sheets ---- */

static const struct column headline_cols[] = {
	{ "metric", "Metric", C_TEXT, 26 },  { "value", "This month", C_AUTO, 14 },
	{ "prev", "Previous", C_AUTO, 14 },  { "change", "Change", C_TEXT, 14 },
};
static const struct column severity_cols[] = {
	{ "label", "Severity", C_TEXT, 0 },
	{ "count", "This month", C_TEXT, 0 },
	{ "prev_count", "Previous", C_TEXT, 0 },
};
static const struct column duration_cols[] = {
	{ "metric", "Measure", C_TEXT, 0 },         { "n", "n", C_TEXT, 0 },
	{ "median_min", "Median (min)", C_MIN, 0 }, { "p90_min", "p90 (min)", C_MIN, 0 },
	{ "mean_min", "Mean (min)", C_MIN, 0 },     { "prev_n", "Previous n", C_TEXT, 0 },
	{ "prev_median_min", "Previous median (min)", C_MIN, 0 },
	{ "prev_p90_min", "Previous p90 (min)", C_MIN, 0 },
	{ "prev_mean_min", "Previous mean (min)", C_MIN, 0 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void text_of(const struct recur_json *data, const char *key, char *out, size_t size)
{
	const struct recur_json *v = recur_json_get(data, key);

	snprintf(out, size, "%s", v && v->type == RECUR_JSON_STRING ? v->str : "");
}

static void summary_sheet(const struct xl *x, const struct recur_json *data)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Summary");
	char month[128], at[64], line[256];
	lxw_row_t row;

	text_of(data, "month_name", month, sizeof(month));
	text_of(data, "generated_at", at, sizeof(at));
	snprintf(line, sizeof(line), "Reliability review \xe2\x80\x94 %s", month);
	put_string(ws, 0, 0, line, strlen(line));
	worksheet_set_row(ws, 0, 22, x->title);
	snprintf(line, sizeof(line), "Generated %s by recur %s; durations in minutes; "
		 "percentiles as PERCENTILE.INC", at, RECUR_VERSION);
	put_string(ws, 1, 0, line, strlen(line));
	worksheet_write_string(ws, 3, 0, "Headline", x->bold);
	row = put_table(x, ws, 4, headline_cols, N(headline_cols), recur_json_get(data, "headline"));
	worksheet_write_string(ws, row + 1, 0, "Incidents by severity", x->bold);
	row = put_table(x, ws, row + 2, severity_cols, N(severity_cols),
			recur_json_get(data, "severity"));
	worksheet_write_string(ws, row + 1, 0, "Durations", x->bold);
	put_table(x, ws, row + 2, duration_cols, N(duration_cols), recur_json_get(data, "durations"));
	worksheet_set_column(ws, 0, 0, 26, NULL);
	worksheet_set_column(ws, 1, 8, 14, NULL);
}

static const struct column incident_cols[] = {
	{ "ext_id", "ext_id", C_TEXT, 12 },
	{ "title", "title", C_TEXT, 48 },
	{ "service", "service", C_TEXT, 16 },
	{ "team", "team", C_TEXT, 14 },
	{ "severity", "severity", C_TEXT, 9 },
	{ "severity_label", "severity_label", C_TEXT, 14 },
	{ "status", "status", C_TEXT, 11 },
	{ "opened_at", "opened", C_TIME, 17 },
	{ "acknowledged_at", "acknowledged", C_TIME, 17 },
	{ "resolved_at", "resolved", C_TIME, 17 },
	{ "tta_min", "tta_min", C_MIN, 9 },
	{ "ttr_min", "ttr_min", C_MIN, 9 },
	{ "problem_id", "problem_id", C_TEXT, 14 },
};

static const struct column problem_cols[] = {
	{ "id", "id", C_TEXT, 14 },
	{ "title", "title", C_TEXT, 44 },
	{ "service", "service", C_TEXT, 16 },
	{ "method", "method", C_TEXT, 10 },
	{ "status", "status", C_TEXT, 12 },
	{ "month_count", "month_count", C_TEXT, 12 },
	{ "total_count", "total_count", C_TEXT, 11 },
	{ "first_seen", "first_seen", C_DATE, 11 },
	{ "last_seen", "last_seen", C_DATE, 11 },
	{ "impact_minutes", "impact_minutes", C_MIN, 14 },
	{ "root_cause", "root_cause", C_TEXT, 48 },
	{ "workaround", "workaround", C_TEXT, 48 },
};

static const struct column trend_cols[] = {
	{ "month", "month", C_TEXT, 9 },
	{ "incidents", "incidents", C_TEXT, 9 },
	{ "sev1", "sev1", C_TEXT, 6 },
	{ "sev2", "sev2", C_TEXT, 6 },
	{ "sev3", "sev3", C_TEXT, 6 },
	{ "sev4", "sev4", C_TEXT, 6 },
	{ "sev5", "sev5", C_TEXT, 6 },
	{ "unknown", "unknown", C_TEXT, 9 },
	{ "tta_median_min", "tta_median_min", C_MIN, 15 },
	{ "ttr_median_min", "ttr_median_min", C_MIN, 15 },
	{ "ttr_p90_min", "ttr_p90_min", C_MIN, 12 },
};

static void add_series(lxw_chart *ch, lxw_row_t n, lxw_col_t col, lxw_color_t color, int line)
{
	lxw_chart_series *s = chart_add_series(ch, NULL, NULL);

	chart_series_set_categories(s, "Trends", 1, 0, n, 0);
	chart_series_set_values(s, "Trends", 1, col, n, col);
	chart_series_set_name_range(s, "Trends", 0, col);
	if (line) {
		lxw_chart_line l = { color, 0, 2.25, 0, 0 };

		chart_series_set_line(s, &l);
	} else {
		lxw_chart_fill f = { color, 0, 0 };

		chart_series_set_fill(s, &f);
	}
}

static void trends_sheet(const struct xl *x, const struct recur_json *data)
{
	static const lxw_color_t sev_colors[] = { 0xB91C1C, 0xEA580C, 0xF59E0B,
						  0x3B82F6, 0x93C5FD, 0x9CA3AF };
	lxw_worksheet *ws = data_sheet(x, "Trends", trend_cols, N(trend_cols),
				       recur_json_get(data, "trend"));
	lxw_row_t n = (lxw_row_t)rows_of(data, "trend");
	lxw_chart *bars, *lines;
	lxw_col_t c;

	if (n == 0)
		return;
	bars = workbook_add_chart(x->wb, LXW_CHART_COLUMN_STACKED);
	for (c = 2; c <= 7; c++)
		add_series(bars, n, c, sev_colors[c - 2], 0);
	chart_title_set_name(bars, "Incidents per month by severity");
	chart_axis_set_name(bars->y_axis, "incidents");
	chart_legend_set_position(bars, LXW_CHART_LEGEND_BOTTOM);
	worksheet_insert_chart(ws, n + 2, 0, bars);
	lines = workbook_add_chart(x->wb, LXW_CHART_LINE);
	add_series(lines, n, 8, 0x0969DA, 1);
	add_series(lines, n, 9, 0x9A3412, 1);
	add_series(lines, n, 10, 0x59636E, 1);
	chart_title_set_name(lines, "Median TTA, median and p90 TTR");
	chart_axis_set_name(lines->y_axis, "minutes");
	chart_legend_set_position(lines, LXW_CHART_LEGEND_BOTTOM);
	worksheet_insert_chart(ws, n + 2, 8, lines);
}

static void add_formats(struct xl *x)
{
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->header = workbook_add_format(x->wb);
	format_set_bold(x->header);
	format_set_bg_color(x->header, 0xF6F8FA);
	format_set_bottom(x->header, LXW_BORDER_THIN);
	x->minutes = workbook_add_format(x->wb);
	format_set_num_format(x->minutes, "0.0");
	x->datetime = workbook_add_format(x->wb);
	format_set_num_format(x->datetime, "yyyy-mm-dd hh:mm");
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
}

int recur_report_xlsx(const struct recur_json *data, const char *path, long long now,
		      struct recur_error *err)
{
	char title[160], month[128];
	lxw_doc_properties props;
	lxw_workbook_options wo = { 0, NULL, 0 };
	struct xl x;
	lxw_error e;

	memset(&x, 0, sizeof(x));
	x.wb = workbook_new_opt(path, &wo);
	if (!x.wb)
		return recur_error_set(err, "cannot create workbook '%s'", path);
	text_of(data, "month_name", month, sizeof(month));
	snprintf(title, sizeof(title), "Reliability review \xe2\x80\x94 %s", month);
	memset(&props, 0, sizeof(props));
	props.title = title;
	props.subject = "Monthly reliability review";
	props.author = "recur";
	props.comments = "Generated by recur " RECUR_VERSION " from the review data";
	props.created = (time_t)now;
	workbook_set_properties(x.wb, &props);
	add_formats(&x);
	summary_sheet(&x, data);
	data_sheet(&x, "Incidents", incident_cols, N(incident_cols), recur_json_get(data, "incidents"));
	data_sheet(&x, "Problems", problem_cols, N(problem_cols), recur_json_get(data, "problems"));
	trends_sheet(&x, data);
	e = workbook_close(x.wb);
	if (e != LXW_NO_ERROR)
		return recur_error_set(err, "cannot write workbook '%s': %s", path, lxw_strerror(e));
	return 0;
}
