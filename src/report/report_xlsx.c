/*
 * report_xlsx.c — the review as an Excel workbook (libxlsxwriter): sheets
 * Summary (the KPI block and the significance tests), Trends (with native
 * line and stacked-column charts), Problems, Incidents, Services, Action
 * items, Data quality and Definitions.
 *
 * The workbook is written in libxlsxwriter's constant-memory mode, so a
 * month of a million-incident history does not sit in memory twice: every
 * sheet is written row by row, top to bottom. The Incidents sheet holds
 * exactly the incidents the figures count, with durations in minutes, so
 * PERCENTILE.INC over a column gives the report's p90; past Excel's row
 * limit it continues on "Incidents 2", … (the Summary says so).
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
#define EXCEL_MAX_ROWS 1048576  /* rows in a sheet, the header included */
#define EXCEL_MAX_STRING 32767

enum col_type {
	C_TEXT,    /* strings as text, numbers as numbers */
	C_AUTO,    /* like C_TEXT, but a string that is a plain number becomes one */
	C_MIN,     /* a number of minutes, "0.0" */
	C_TIME,    /* epoch seconds → date-time */
	C_DATE,    /* "YYYY-MM-DD" → date */
	C_P,       /* a p-value, "0.0000" */
};

struct column {
	const char *key, *header;
	enum col_type type;
	double width;
};

struct xl {
	lxw_workbook *wb;
	lxw_format *title, *bold, *header, *minutes, *datetime, *date, *pvalue, *wrap, *percent;
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

/* ---- cells ---- */

/* Text cells: cut at Excel's limit on a UTF-8 boundary rather than failing. */
static void put_string(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, size_t len,
		       lxw_format *f)
{
	char *copy;

	if (len <= EXCEL_MAX_STRING && strlen(s) == len) {
		worksheet_write_string(ws, r, c, s, f);
		return;
	}
	len = strnlen(s, len < EXCEL_MAX_STRING ? len : EXCEL_MAX_STRING);
	while (len > 0 && len < strlen(s) && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	copy = xstrndup(s, len);
	worksheet_write_string(ws, r, c, copy, f);
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
			worksheet_write_number(ws, r, c, v->num, type == C_MIN ? x->minutes
						: type == C_P ? x->pvalue : NULL);
	} else if (v->type == RECUR_JSON_STRING) {
		if (type == C_DATE && date_serial(v->str, &d))
			worksheet_write_number(ws, r, c, d, x->date);
		else if (type == C_AUTO && plain_number(v->str, &d))
			worksheet_write_number(ws, r, c, d, NULL);
		else
			put_string(ws, r, c, v->str, v->len, NULL);
	}
}

/*
 * Writes a header row at row and one row per object of rows; returns the
 * row after the table.
 */
static lxw_row_t put_rows(const struct xl *x, lxw_worksheet *ws, lxw_row_t row,
			  const struct column *cols, size_t ncols, const struct recur_json *rows,
			  size_t from, size_t to)
{
	size_t i, k;

	for (k = 0; k < ncols; k++)
		worksheet_write_string(ws, row, (lxw_col_t)k, cols[k].header, x->header);
	row++;
	for (i = from; rows && rows->type == RECUR_JSON_ARRAY && i < rows->n && i < to; i++, row++)
		for (k = 0; k < ncols; k++)
			put(x, ws, row, (lxw_col_t)k, recur_json_get(rows->items[i], cols[k].key),
			    cols[k].type);
	return row;
}

static lxw_row_t put_table(const struct xl *x, lxw_worksheet *ws, lxw_row_t row,
			   const struct column *cols, size_t ncols, const struct recur_json *rows)
{
	return put_rows(x, ws, row, cols, ncols, rows, 0, (size_t)-1);
}

static void set_widths(lxw_worksheet *ws, const struct column *cols, size_t ncols)
{
	size_t k;

	for (k = 0; k < ncols; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, cols[k].width, NULL);
}

static double num_at(const struct recur_json *data, const char *path)
{
	const struct recur_json *v = recur_json_path(data, path);

	return v && v->type == RECUR_JSON_NUMBER && v->num > 0 ? v->num : 0;
}

static size_t rows_of(const struct recur_json *data, const char *key)
{
	const struct recur_json *a = recur_json_get(data, key);

	return a && a->type == RECUR_JSON_ARRAY ? a->n : 0;
}

/* A data sheet: one table from row 0, header frozen, with an autofilter. */
static lxw_worksheet *data_sheet_part(const struct xl *x, const char *name,
				      const struct column *cols, size_t ncols,
				      const struct recur_json *rows, size_t from, size_t to)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	lxw_row_t end;

	set_widths(ws, cols, ncols);
	end = put_rows(x, ws, 0, cols, ncols, rows, from, to);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, end > 1 ? end - 1 : 1, (lxw_col_t)(ncols - 1));
	return ws;
}

static lxw_worksheet *data_sheet(const struct xl *x, const char *name, const struct column *cols,
				 size_t ncols, const struct recur_json *rows)
{
	return data_sheet_part(x, name, cols, ncols, rows, 0, (size_t)-1);
}

/* ---- sheets ---- */

static const struct column headline_cols[] = {
	{ "metric", "Metric", C_TEXT, 26 },        { "value", "This period", C_AUTO, 14 },
	{ "prev", "Previous", C_AUTO, 14 },        { "change", "Change", C_TEXT, 14 },
	{ "ly", "A year earlier", C_AUTO, 14 },    { "ly_change", "Change", C_TEXT, 14 },
	{ "p_value", "p-value", C_P, 10 },         { "significance", "Significant?", C_TEXT, 16 },
};
static const struct column sig_cols[] = {
	{ "metric", "Metric", C_TEXT, 0 },       { "test", "Test", C_TEXT, 0 },
	{ "value", "This period", C_TEXT, 0 },   { "prev", "Previous", C_TEXT, 0 },
	{ "statistic_name", "Statistic", C_TEXT, 0 }, { "statistic", "Value", C_TEXT, 0 },
	{ "p_value", "p-value", C_P, 0 },        { "significant", "p < 0.05", C_TEXT, 0 },
};
static const struct column severity_cols[] = {
	{ "label", "Severity", C_TEXT, 0 },
	{ "count", "This period", C_TEXT, 0 },
	{ "prev_count", "Previous", C_TEXT, 0 },
	{ "ly_count", "A year earlier", C_TEXT, 0 },
};
static const struct column duration_cols[] = {
	{ "metric", "Measure", C_TEXT, 0 },         { "n", "n", C_TEXT, 0 },
	{ "median_min", "Median (min)", C_MIN, 0 }, { "p90_min", "p90 (min)", C_MIN, 0 },
	{ "mean_min", "Mean (min)", C_MIN, 0 },     { "prev_n", "Previous n", C_TEXT, 0 },
	{ "prev_median_min", "Previous median (min)", C_MIN, 0 },
	{ "prev_p90_min", "Previous p90 (min)", C_MIN, 0 },
	{ "prev_mean_min", "Previous mean (min)", C_MIN, 0 },
	{ "ly_median_min", "Year-earlier median (min)", C_MIN, 0 },
};
static const struct column open_cols[] = {
	{ "period_name", "Period", C_TEXT, 0 },    { "incidents", "Incidents", C_TEXT, 0 },
	{ "still_open", "Still open", C_TEXT, 0 }, { "still_open_pct", "Still open %", C_TEXT, 0 },
	{ "left_out", "No valid TTR", C_TEXT, 0 }, { "ttr_n", "TTR n", C_TEXT, 0 },
	{ "ttr_median_min", "Median TTR, resolved only (min)", C_MIN, 0 },
	{ "ttr_p90_min", "P90 TTR, resolved only (min)", C_MIN, 0 },
	{ "provisional", "Resolved-only provisional", C_TEXT, 0 },
	{ "km_median_text", "Median TTR, Kaplan\xe2\x80\x93Meier (min)", C_AUTO, 0 },
	{ "km_p90_text", "P90 TTR, Kaplan\xe2\x80\x93Meier (min)", C_AUTO, 0 },
};
static const struct column source_cols[] = {
	{ "file", "Input file", C_TEXT, 0 }, { "format", "Format", C_TEXT, 0 },
	{ "rows_read", "Rows", C_TEXT, 0 },  { "imported", "Imported", C_DATE, 0 },
	{ "sha256", "SHA-256", C_TEXT, 0 },  { "first_opened", "First opened", C_DATE, 0 },
	{ "last_opened", "Last opened", C_DATE, 0 }, { "exported", "Exported", C_DATE, 0 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void text_of(const struct recur_json *data, const char *key, char *out, size_t size)
{
	const struct recur_json *v = recur_json_get(data, key);

	snprintf(out, size, "%s", v && v->type == RECUR_JSON_STRING ? v->str : "");
}

static lxw_row_t put_line(lxw_worksheet *ws, lxw_row_t row, const char *text, lxw_format *f)
{
	worksheet_write_string(ws, row, 0, text, f);
	return row + 1;
}

/* The data's range and the period's coverage (bold when partial); returns the next row. */
static lxw_row_t coverage_lines(const struct xl *x, lxw_worksheet *ws, lxw_row_t row,
				const struct recur_json *data)
{
	const struct recur_json *range = recur_json_path(data, "coverage.range_text");
	const struct recur_json *text = recur_json_path(data, "coverage.text");
	const struct recur_json *partial = recur_json_path(data, "coverage.partial");

	if (range && range->type == RECUR_JSON_STRING)
		row = put_line(ws, row, range->str, NULL);
	if (text && text->type == RECUR_JSON_STRING)
		row = put_line(ws, row, text->str, partial && partial->type == RECUR_JSON_TRUE ?
			       x->bold : NULL);
	return row;
}

static void summary_sheet(const struct xl *x, const struct recur_json *data, size_t nparts)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Summary");
	char name[128], at[64], tz[64], line[512];
	lxw_row_t row;

	worksheet_set_column(ws, 0, 0, 26, NULL);
	worksheet_set_column(ws, 1, 9, 15, NULL);
	text_of(data, "period_name", name, sizeof(name));
	if (!*name)
		text_of(data, "month_name", name, sizeof(name));
	text_of(data, "generated_at", at, sizeof(at));
	text_of(data, "tz", tz, sizeof(tz));
	worksheet_set_row(ws, 0, 22, NULL);
	snprintf(line, sizeof(line), "Reliability review \xe2\x80\x94 %s", name);
	put_string(ws, 0, 0, line, strlen(line), x->title);
	snprintf(line, sizeof(line), "Generated %s by recur %s; times in %s; durations in minutes; "
		 "percentiles as PERCENTILE.INC over sheet Incidents", at, RECUR_VERSION,
		 *tz ? tz : "UTC");
	row = put_line(ws, 1, line, NULL);
	row = coverage_lines(x, ws, row, data);
	if (nparts > 1) {
		snprintf(line, sizeof(line), "The incidents fill %zu sheets (Excel's limit is %d rows "
			 "a sheet): compute percentiles over all of them", nparts, EXCEL_MAX_ROWS);
		row = put_line(ws, row, line, x->bold);
	}
	row = put_line(ws, row + 1, "Headline", x->bold);
	row = put_table(x, ws, row, headline_cols, N(headline_cols), recur_json_get(data, "headline"));
	row = put_line(ws, row + 1, "Significance of the change from the previous period", x->bold);
	row = put_table(x, ws, row, sig_cols, N(sig_cols), recur_json_get(data, "significance"));
	row = put_line(ws, row + 1, "Incidents by severity", x->bold);
	row = put_table(x, ws, row, severity_cols, N(severity_cols), recur_json_get(data, "severity"));
	row = put_line(ws, row + 1, "Durations", x->bold);
	row = put_table(x, ws, row, duration_cols, N(duration_cols), recur_json_get(data, "durations"));
	if (recur_json_get(data, "still_open")) { /* saved data from before 0.2 has none */
		text_of(data, "export_time", at, sizeof(at));
		snprintf(line, sizeof(line), "Still open at the data's export time (%s), and TTR with "
			 "them censored there (Kaplan\xe2\x80\x93Meier; sheet Definitions)", at);
		row = put_line(ws, row + 1, line, x->bold);
		row = put_table(x, ws, row, open_cols, N(open_cols), recur_json_get(data, "still_open"));
	}
	row = put_line(ws, row + 1, "Sources", x->bold);
	put_table(x, ws, row, source_cols, N(source_cols), recur_json_get(data, "sources"));
}

static const struct column incident_cols[] = {
	{ "ext_id", "ext_id", C_TEXT, 12 },
	{ "title", "title", C_TEXT, 48 },
	{ "service", "service", C_TEXT, 16 },
	{ "team", "team", C_TEXT, 14 },
	{ "severity", "severity", C_TEXT, 9 },
	{ "severity_label", "severity_label", C_TEXT, 14 },
	{ "status", "status", C_TEXT, 11 },
	{ "opened_at", "opened (UTC)", C_TIME, 17 },
	{ "acknowledged_at", "acknowledged (UTC)", C_TIME, 17 },
	{ "mitigated_at", "mitigated (UTC)", C_TIME, 17 },
	{ "resolved_at", "resolved (UTC)", C_TIME, 17 },
	{ "tta_min", "tta_min", C_MIN, 9 },
	{ "ttm_min", "ttm_min", C_MIN, 9 },
	{ "ttr_min", "ttr_min", C_MIN, 9 },
	{ "problem_id", "problem_id", C_TEXT, 14 },
};

static const struct column problem_cols[] = {
	{ "rank", "rank", C_TEXT, 6 },
	{ "id", "id", C_TEXT, 14 },
	{ "title", "title", C_TEXT, 44 },
	{ "group", "group", C_TEXT, 10 },
	{ "service", "service", C_TEXT, 16 },
	{ "method", "method", C_TEXT, 10 },
	{ "status", "status", C_TEXT, 12 },
	{ "month_count", "period_count", C_TEXT, 12 },
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
	{ "ttm_median_min", "ttm_median_min", C_MIN, 15 },
	{ "ttr_median_min", "ttr_median_min", C_MIN, 15 },
	{ "ttr_p90_min", "ttr_p90_min", C_MIN, 12 },
	{ "excluded", "left_out", C_TEXT, 9 },
	{ "tta_n", "tta_n", C_TEXT, 7 },
	{ "tta_p90_min", "tta_p90_min", C_MIN, 12 },
	{ "tta_mean_min", "tta_mean_min", C_MIN, 13 },
	{ "ttm_n", "ttm_n", C_TEXT, 7 },
	{ "ttm_p90_min", "ttm_p90_min", C_MIN, 12 },
	{ "ttm_mean_min", "ttm_mean_min", C_MIN, 13 },
	{ "ttr_n", "ttr_n", C_TEXT, 7 },
	{ "ttr_mean_min", "ttr_mean_min", C_MIN, 13 },
	{ "coverage", "coverage", C_TEXT, 10 },   /* covered, partial or no data (blank figures) */
};

static const struct column service_cols[] = {
	{ "service", "service", C_TEXT, 20 },
	{ "count", "incidents", C_TEXT, 10 },
	{ "prev_count", "previous", C_TEXT, 10 },
	{ "sev12", "sev1_2", C_TEXT, 8 },
	{ "impact_minutes", "impact_minutes", C_MIN, 15 },
	{ "ttr_median_min", "ttr_median_min", C_MIN, 15 },
};

static const struct column action_cols[] = {
	{ "ext_id", "incident", C_TEXT, 12 },
	{ "incident_title", "incident_title", C_TEXT, 40 },
	{ "text", "action_item", C_TEXT, 60 },
	{ "owner", "owner", C_TEXT, 14 },
	{ "due", "due", C_DATE, 11 },
	{ "status", "status", C_TEXT, 10 },
	{ "overdue", "overdue", C_TEXT, 9 },
};

static const struct column quality_cols[] = {
	{ "finding", "finding", C_TEXT, 60 },
	{ "count", "count", C_TEXT, 10 },
	{ "example", "example", C_TEXT, 40 },
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
	add_series(lines, n, 9, 0x8250DF, 1);
	add_series(lines, n, 10, 0x9A3412, 1);
	add_series(lines, n, 11, 0x59636E, 1);
	chart_title_set_name(lines, "Median TTA, TTM, TTR and p90 TTR (minutes)");
	chart_axis_set_name(lines->y_axis, "minutes");
	chart_legend_set_position(lines, LXW_CHART_LEGEND_BOTTOM);
	worksheet_insert_chart(ws, n + 2, 8, lines);
}

/* Incidents, continued on "Incidents 2", … past Excel's row limit; returns the sheets. */
static size_t incident_sheets(const struct xl *x, const struct recur_json *data)
{
	const struct recur_json *rows = recur_json_get(data, "incidents");
	size_t n = rows_of(data, "incidents"), per = sheet_rows() - 1, i, parts;
	char name[32];

	parts = n ? (n + per - 1) / per : 1;
	for (i = 0; i < parts; i++) {
		snprintf(name, sizeof(name), i ? "Incidents %zu" : "Incidents", i + 1);
		data_sheet_part(x, name, incident_cols, N(incident_cols), rows, i * per, (i + 1) * per);
	}
	return parts;
}

static void end_sheet(lxw_worksheet *ws, lxw_row_t end, size_t ncols)
{
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, end > 1 ? end - 1 : 1, (lxw_col_t)(ncols - 1));
}

/*
 * The same sheets from a stream: each row is written as it comes (the
 * workbook is in constant-memory mode, so nothing of the list is held),
 * starting "Incidents 2", … when a sheet is full.
 */
static int incident_stream(const struct xl *x, const struct recur_report_rows *rows,
			   struct recur_error *err)
{
	const size_t ncols = N(incident_cols);
	const struct recur_json *row;
	lxw_worksheet *ws = NULL;
	const lxw_row_t max = (lxw_row_t)sheet_rows();
	lxw_row_t r = 0;
	size_t part = 0, k;
	char name[32];
	int rc;

	if (rows->rewind(rows->ctx, err))
		return -1;
	do {
		if ((rc = rows->next(rows->ctx, &row, err)) < 0)
			return -1;
		if (!ws || (rc == 1 && r == max)) {
			if (ws)
				end_sheet(ws, r, ncols);
			snprintf(name, sizeof(name), part ? "Incidents %zu" : "Incidents", part + 1);
			part++;
			ws = workbook_add_worksheet(x->wb, name);
			set_widths(ws, incident_cols, ncols);
			r = put_rows(x, ws, 0, incident_cols, ncols, NULL, 0, 0);
		}
		for (k = 0; rc == 1 && k < ncols; k++)
			put(x, ws, r, (lxw_col_t)k, recur_json_get(row, incident_cols[k].key),
			    incident_cols[k].type);
		r += rc == 1;
	} while (rc == 1);
	end_sheet(ws, r, ncols);
	return 0;
}

/* The Problems sheet's rows from a stream, under the header already on ws:
 * every problem of the period, held one at a time. */
static int problem_stream(const struct xl *x, lxw_worksheet *ws,
			  const struct recur_report_rows *rows, struct recur_error *err)
{
	const size_t ncols = N(problem_cols);
	const struct recur_json *row;
	lxw_row_t r = 1;
	size_t k;
	int rc;

	if (rows->rewind(rows->ctx, err))
		return -1;
	while ((rc = rows->next(rows->ctx, &row, err)) == 1 && r < (lxw_row_t)EXCEL_MAX_ROWS) {
		for (k = 0; k < ncols; k++)
			put(x, ws, r, (lxw_col_t)k, recur_json_get(row, problem_cols[k].key),
			    problem_cols[k].type);
		r++;
	}
	if (rc < 0)
		return -1;
	end_sheet(ws, r, ncols);
	return 0;
}

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

static void quality_sheet(const struct xl *x, const struct recur_json *data)
{
	static const struct {
		const char *key, *finding;
	} f[] = {
		{ "no_severity", "Incidents without a severity" },
		{ "missing_ack", "Not acknowledged (left out of TTA)" },
		{ "missing_mitigation", "No mitigation time (TTM falls back to resolved)" },
		{ "missing_resolution", "Not resolved (left out of TTR)" },
		{ "negative_tta", "Acknowledged before opened (negative TTA, left out)" },
		{ "negative_ttm", "Mitigated before opened (negative TTM, left out)" },
		{ "negative_ttr", "Resolved before opened (negative TTR, left out)" },
		{ "values_rejected", "Values rejected at import, kept empty (whole database)" },
		{ "no_opened_at", "Incidents without an opening time (whole database)" },
	};
	const struct recur_json *q = recur_json_get(data, "data_quality");
	const struct recur_json *rej = recur_json_get(q, "rejects_by_field");
	const struct recur_json *ex = recur_json_get(data, "excluded");
	const struct recur_json *by = recur_json_get(ex, "by_reason");
	struct recur_json *a = recur_json_new(RECUR_JSON_ARRAY);
	char text[160];
	size_t i;

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
	data_sheet(x, "Data quality", quality_cols, N(quality_cols), a);
	recur_json_free(a);
}

static const char *const definitions[][2] = {
	{ "TTA", "Time to acknowledge: acknowledged \xe2\x88\x92 opened, in minutes." },
	{ "TTM", "Time to mitigate: mitigated \xe2\x88\x92 opened; resolved \xe2\x88\x92 opened "
		 "when there is no mitigation time." },
	{ "TTR", "Time to resolve: resolved \xe2\x88\x92 opened." },
	{ "Missing and negative durations", "An incident without the end time is left out of "
	  "that figure (n counts the incidents that have it); a negative duration is left out "
	  "and counted on sheet Data quality." },
	{ "Median, p90", "PERCENTILE.INC of the duration column of sheet Incidents (linear "
	  "interpolation between closest ranks), e.g. =PERCENTILE.INC(Incidents!N:N,0.9)." },
	{ "Period", "An incident belongs to the period in which it was opened, in the report's "
	  "time zone (Summary, second line)." },
	{ "Covered", "The data holds all of the period: the export was made after it ended, and "
	  "neither its start nor its end falls in a silence (no incident opened) longer than "
	  "max(4 days, 2 \xc3\x97 the 99th percentile of the gaps between openings). A partial "
	  "period, or one outside the data, is not tested nor compared in percent; sheet Trends "
	  "starts at the first covered month (Summary, third and fourth lines)." },
	{ "Left out", "Incidents marked as maintenance, test or game day by the rules of "
	  "queries/exclusions.sql (type, tags or title) are not in any figure." },
	{ "Recurring problem", "A problem with at least two linked incidents. New: its first "
	  "incident is in this period; resolved but recurring: its record says resolved; "
	  "ongoing: the rest." },
	{ "Rank", "Problems are ranked by their incidents in this period, then by their impact "
	  "in this period, then by id; sheet Problems lists every recurring problem with an "
	  "incident in the period in that order, and the report lists each group's first ones." },
	{ "Repeat-incident rate", "Incidents of the period linked to a recurring problem "
	  "\xc3\xb7 incidents of the period." },
	{ "Impact", "The sum of the incidents' times to resolve, in minutes." },
	{ "Still open", "An incident with no resolution (neither resolved nor closed) at the data's "
	  "export time: the latest time of any kind in the data (an opening, acknowledgement, "
	  "mitigation, resolution, closure, update or timeline event). When more than 5% of a "
	  "period's incidents are still open, its resolved-only TTR figures are provisional. An "
	  "incident closed without a resolution time has no valid TTR and is in neither "
	  "estimate." },
	{ "Kaplan\xe2\x80\x93Meier", "TTR with still-open incidents censored at export time "
	  "\xe2\x88\x92 opened. At each distinct resolution time t(i), d(i) incidents were "
	  "resolved and n(i) were at risk (resolved or censored at t(i) or later); S(t) = product "
	  "over t(i) \xe2\x89\xa4 t of (1 \xe2\x88\x92 d(i)/n(i)). Median: the smallest t(i) "
	  "with S \xe2\x89\xa4 0.5; p90: the smallest with S \xe2\x89\xa4 0.1 (within 1e-9); "
	  "\"not reached\" when S stays above. Observed times, not interpolated." },
	{ "Significant", "p < 0.05. Counts: exact Poisson test of the two periods (conditional "
	  "binomial, weighted by their days). Durations: Mann\xe2\x80\x93Whitney U test of the "
	  "two periods' incidents (exact for small samples without ties, else the normal "
	  "approximation with tie and continuity corrections)." },
	{ "Postmortem coverage", "SEV1\xe2\x80\x93" "2 incidents of the period with an imported "
	  "postmortem (its timeline or action items)." },
	{ "Overdue", "An action item not done whose due date is before the report's date." },
};

static void definitions_sheet(const struct xl *x)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Definitions");
	size_t i;

	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, 1, 100, x->wrap);
	worksheet_write_string(ws, 0, 0, "Term", x->header);
	worksheet_write_string(ws, 0, 1, "Definition", x->header);
	for (i = 0; i < N(definitions); i++) {
		worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, definitions[i][0], x->bold);
		worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, definitions[i][1], x->wrap);
	}
	worksheet_freeze_panes(ws, 1, 0);
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
	x->pvalue = workbook_add_format(x->wb);
	format_set_num_format(x->pvalue, "0.0000");
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	x->percent = workbook_add_format(x->wb);
	format_set_num_format(x->percent, "0.0");
}

int recur_report_xlsx(const struct recur_json *data, const struct recur_report_rows *rows,
		      const struct recur_report_rows *problems, const char *path, long long now,
		      struct recur_error *err)
{
	lxw_worksheet *pws = NULL;
	char title[160], name[128];
	lxw_doc_properties props;
	/* constant memory: rows go to a temporary file as they are written */
	lxw_workbook_options wo = { LXW_TRUE, NULL, 0 };
	struct recur_json *items;
	struct xl x;
	size_t parts, count;
	int stream;
	lxw_error e;

	memset(&x, 0, sizeof(x));
	x.wb = workbook_new_opt(path, &wo);
	if (!x.wb)
		return recur_error_set(err, "cannot create workbook '%s'", path);
	text_of(data, "period_name", name, sizeof(name));
	if (!*name)
		text_of(data, "month_name", name, sizeof(name));
	snprintf(title, sizeof(title), "Reliability review \xe2\x80\x94 %s", name);
	memset(&props, 0, sizeof(props));
	props.title = title;
	props.subject = "Reliability review";
	props.author = "recur";
	props.comments = "Generated by recur " RECUR_VERSION " from the review data";
	props.created = (time_t)now;
	workbook_set_properties(x.wb, &props);
	add_formats(&x);
	/* streamed, the list's length is the period's count of incidents */
	stream = rows && rows_of(data, "incidents") == 0 && !(recur_json_get(data, "incidents") &&
				recur_json_get(data, "incidents")->type == RECUR_JSON_ARRAY);
	count = stream ?
		(size_t)num_at(data, "totals.incidents") : rows_of(data, "incidents");
	parts = count ? (count + sheet_rows() - 2) / (sheet_rows() - 1) : 1;
	summary_sheet(&x, data, parts);
	trends_sheet(&x, data);
	if (problems) { /* filled after the incidents, which come first in the stream */
		pws = workbook_add_worksheet(x.wb, "Problems");
		set_widths(pws, problem_cols, N(problem_cols));
		put_rows(&x, pws, 0, problem_cols, N(problem_cols), NULL, 0, 0);
	} else {
		data_sheet(&x, "Problems", problem_cols, N(problem_cols),
			   recur_json_get(data, "problems"));
	}
	if (!stream)
		incident_sheets(&x, data);
	if ((stream && incident_stream(&x, rows, err)) ||
	    (pws && problem_stream(&x, pws, problems, err))) {
		workbook_close(x.wb);
		return -1;
	}
	data_sheet(&x, "Services", service_cols, N(service_cols), recur_json_get(data, "services"));
	items = (struct recur_json *)recur_json_path(data, "action_items.items");
	data_sheet(&x, "Action items", action_cols, N(action_cols), items);
	quality_sheet(&x, data);
	definitions_sheet(&x);
	e = workbook_close(x.wb);
	if (e != LXW_NO_ERROR)
		return recur_error_set(err, "cannot write workbook '%s': %s", path, lxw_strerror(e));
	return 0;
}
