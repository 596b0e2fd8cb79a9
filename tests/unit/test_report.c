/*
 * test_report.c — the review written from tests/fixtures/review-data.json:
 * what the Markdown and HTML hold, escaping of hostile incident text,
 * template errors with locations, form selection and folders.
 * (The XLSX is read back by tests/check/xlsx.sh with openpyxl.)
 */
#include "harness.h"
#include "recur/report.h"
#include "recur/share.h"
#include "report/report_int.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXTURE "tests/fixtures/review-data.json"

static char tmpdir[64];

static struct recur_json *fixture(void)
{
	struct recur_buf text = RECUR_BUF_INIT;
	struct recur_json *data = NULL;
	struct recur_error err;

	recur_error_init(&err);
	if (recur_buf_read_file(&text, FIXTURE) ||
	    recur_json_parse(text.buf, text.len, FIXTURE, &data, &err))
		printf("#   cannot read %s: %s\n", FIXTURE, err.msg);
	recur_buf_release(&text);
	return data;
}

static char *slurp(const char *path)
{
	struct recur_buf b = RECUR_BUF_INIT;

	if (recur_buf_read_file(&b, path))
		return NULL;
	return recur_buf_detach(&b, NULL);
}

/* Writes the fixture's review in forms into dir; returns the files (caller releases). */
static int write_review(const char *dir, unsigned forms, struct recur_report_files *files,
			struct recur_error *err)
{
	struct recur_json *data = fixture();
	struct recur_report_opts o = { dir, forms, NULL, 1795651200, NULL, NULL };
	int rc;

	recur_error_init(err);
	rc = recur_report_write(data, &o, files, err);
	recur_json_free(data);
	return rc;
}

static int has(const char *hay, const char *needle)
{
	int ok = hay && strstr(hay, needle) != NULL;

	if (!ok)
		printf("#   missing: %s\n", needle);
	return ok;
}

/* Unescaped '|' in a line: the cells of a table row plus one. */
static int pipes(const char *line, size_t len)
{
	size_t i;
	int n = 0;

	for (i = 0; i < len; i++)
		n += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
	return n;
}

static const char *line_with(const char *text, const char *needle, size_t *len)
{
	const char *p = strstr(text, needle), *start;

	if (!p)
		return NULL;
	start = p;
	while (start > text && start[-1] != '\n')
		start--;
	*len = strcspn(start, "\n");
	return start;
}

static void markdown_report(void)
{
	struct recur_report_files files;
	struct recur_error err;
	char *md, *p;
	const char *line;
	size_t len;

	CHECK_INT(write_review(tmpdir, RECUR_REPORT_MD, &files, &err), 0);
	md = slurp(files.md);
	CHECK(md != NULL);
	if (!md)
		goto out;
	CHECK(has(md, "# Reliability review \xe2\x80\x94 October 2026\n"));
	CHECK(has(md, "Generated 2026-11-26 by recur 0.1.0"));
	CHECK(has(md, "| Incidents | 10 | 8 | +2 (+25.0%) |"));
	CHECK(has(md, "#### PRB-1a2b3c4d \xe2\x80\x94 Slow pages from recommendation queries\n"));
	CHECK(has(md, "#### PRB-5e6f7a8b \xe2\x80\x94 DB connection pool exhausted on \\<\\*\\> (\\<\\*\\>%)"));
	CHECK(has(md, "4 incidents this month, 11 in total; first seen 2026-01-04, last seen 2026-10-28"));
	CHECK(has(md, "- Root cause: Unbounded recommendation query"));
	CHECK(has(md, "- Root cause: not yet known\n"));
	CHECK(has(md, "| TTR (time to resolve) | 9 | 48.0 min | 112.0 min | 66.2 min | 58.0 min |"));
	CHECK(has(md, "| 2026-02 | 8 | 1 | 1 | 3 | 2 | 1 | 0 | 0 |"));
	/* the hostile title: escaped, and its row keeps its 8 cells */
	CHECK(has(md, "=cmd()\\|calc \\<script\\>alert(1)\\</script\\> \\*pwn\\* \\[x\\](javascript:alert(1))"));
	CHECK(!strstr(md, "<script>"));
	line = line_with(md, "| INC-1006 |", &len);
	CHECK(line && pipes(line, len) == 10);
	/* the footnotes follow DESIGN.md's definitions */
	CHECK(has(md, "## What the figures mean"));
	CHECK(has(md, "PERCENTILE.INC"));
	CHECK(has(md, "month in which it was opened"));
	CHECK(has(md, "repeat-incident rate is the month's incidents linked to a recurring problem "
		      "divided by all its incidents (6 of 10)"));
	CHECK(has(md, "negative duration"));
	/* renders well on GitHub: no trailing spaces, a blank line before each table */
	CHECK(!strstr(md, " \n") && !strstr(md, "\t\n"));
	for (p = md; (p = strstr(p, "\n|---")); p++) {
		const char *hdr = p - 1;

		while (hdr > md && hdr[-1] != '\n')
			hdr--;
		CHECK(hdr >= md + 2 && hdr[-1] == '\n' && hdr[-2] == '\n');
	}
	CHECK(!strstr(md, "{{") && !strstr(md, "\n\n\n"));
	CHECK(files.html == NULL && files.xlsx == NULL);
out:
	free(md);
	recur_report_files_release(&files);
}

static void html_report(void)
{
	struct recur_report_files files;
	struct recur_error err;
	char *html = NULL, *md = NULL;

	CHECK_INT(write_review(tmpdir, RECUR_REPORT_MD | RECUR_REPORT_HTML, &files, &err), 0);
	html = slurp(files.html);
	md = slurp(files.md);
	CHECK(html && md);
	if (!html || !md)
		goto out;
	CHECK(!strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", 60));
	CHECK(has(html, "<title>Reliability review \xe2\x80\x94 October 2026</title>"));
	CHECK(has(html, "<style>\n/* The review's HTML page"));
	CHECK(has(html, "</html>\n"));
	/* nothing runs, nothing is fetched, no link leaves the page */
	CHECK(!strstr(html, "<script") && !strstr(html, "<link") && !strstr(html, "src=") &&
	      !strstr(html, "href=\"javascript") && !strstr(html, "href=\"http"));
	/* the hostile title is text: Markdown escaping, then cmark-gfm's safe mode */
	CHECK(has(html, "=cmd()|calc &lt;script&gt;alert(1)&lt;/script&gt; *pwn* [x](javascript:alert(1))"));
	CHECK(has(html, "DB connection pool exhausted on &lt;*&gt; (&lt;*&gt;%)"));
	/* the Markdown itself, through cmark-gfm: its tables, lists and footnote */
	CHECK(has(html, "<td>Median TTR</td>\n<td align=\"right\">48.0 min</td>\n"
		  "<td align=\"right\">58.0 min</td>"));
	CHECK(has(md, "| Median TTR | 48.0 min | 58.0 min |"));
	CHECK(has(html, "<td align=\"right\">112.0 min</td>\n<td align=\"right\">66.2 min</td>"));
	CHECK(has(html, "<li>Root cause: not yet known</li>"));
	CHECK(has(html, "<h2>What the figures mean</h2>\n<ul>\n<li><strong>TTD</strong>"));
	CHECK(has(html, "<section class=\"footnotes\""));
	/* each Mermaid chart is SVG in its place, with its legend; none is left as code */
	CHECK(has(md, "```mermaid severity\n") && has(md, "```mermaid durations\n"));
	CHECK(has(html, "<svg class=\"chart\""));
	CHECK(!strstr(html, "xychart-beta") && !strstr(html, "language-mermaid"));
	CHECK(has(html, "<title>2026-10: SEV1 1</title>"));
	CHECK(has(html, "<text x=\"62\" y=\"31\">SEV1</text>"));
	CHECK(has(html, ">median TTA</text>"));
	CHECK(!strstr(html, "{{"));
out:
	free(html);
	free(md);
	recur_report_files_release(&files);
}

static struct recur_json *month(struct recur_json *trend, const char *label, double all,
				double sev2, double tta, double ttr)
{
	struct recur_json *row = recur_json_push(trend, recur_json_new(RECUR_JSON_OBJECT));

	recur_json_set_string(row, "label", label);
	recur_json_set_number(row, "incidents", all);
	recur_json_set_number(row, "sev2", sev2);
	recur_json_set_number(row, "tta_median_min", tta);
	recur_json_set_number(row, "ttm_median_min", ttr); /* no mitigation times: TTM = TTR */
	recur_json_set_number(row, "ttr_median_min", ttr);
	return row;
}

/*
 * The charts: a severity without incidents and TTM equal to TTR are not
 * drawn and a line says so; axes start at 0 with a round top; durations are
 * in hours once the largest is over 2 h; Markdown names each series in a
 * legend line and the SVG draws a legend.
 */
static void charts(void)
{
	struct recur_json *view = recur_json_new(RECUR_JSON_OBJECT), *data, *sev;
	struct recur_json *trend = recur_json_set(view, "chart_trend", recur_json_new(RECUR_JSON_ARRAY));
	struct recur_buf md = RECUR_BUF_INIT, html = RECUR_BUF_INIT;
	struct recur_error err;
	const struct recur_json *c;
	char text[64];

	month(trend, "2026-09", 3, 3, 5, 180);
	month(trend, "2026-10", 7, 2, 10, 600);
	data = recur_json_new(RECUR_JSON_OBJECT);
	sev = recur_json_set(data, "severity", recur_json_new(RECUR_JSON_ARRAY));
	recur_json_set_number(month(sev, "SEV2", 2, 2, 0, 30), "count", 2);
	recur_report_add_charts(view, data);
	c = recur_json_get(view, "chart_severity");
	CHECK(c && recur_json_get(c, "series")->n == 2); /* all (SEV1 on top = none) left out */
	CHECK_STR(recur_json_get(c, "left_out")->str, "SEV1: no incident in these months; "
		  "SEV3: no incident in these months");
	CHECK_INT(recur_json_get(c, "top")->num, 10);
	c = recur_json_get(view, "chart_durations");
	CHECK_STR(recur_json_get(c, "unit")->str, "hours");
	CHECK_INT(recur_json_get(c, "series")->n, 2);
	CHECK(has(recur_json_get(c, "left_out")->str, "median TTM: the same as median TTR"));
	CHECK_STR(recur_json_get(recur_json_get(c, "series")->items[1], "values")->str, "3, 10");
	CHECK_INT(recur_json_get(c, "top")->num, 10);
	c = recur_json_get(view, "chart_ttr_severity");
	CHECK(c && recur_json_get(recur_json_get(c, "x")->items[0], "label"));
	recur_error_init(&err);
	CHECK_INT(recur_report_render("report-templates/chart.md", recur_json_get(view, "chart_durations"),
				      recur_mustache_escape_markdown, &md, &err), 0);
	CHECK(has(md.buf, "```mermaid durations\n%%{init: {\"themeVariables\": {\"xyChart\": "
		  "{\"plotColorPalette\": \"#0969da, #9a3412\"}}}}%%\n"));
	CHECK(has(md.buf, "    y-axis \"hours\" 0 --> 10\n    line [0.1, 0.2]\n    line [3, 10]\n```"));
	CHECK_INT(recur_report_html(&md, view, &html, &err), 0);
	CHECK(has(html.buf, ">median TTA</text>") && has(html.buf, ">median TTR</text>"));
	CHECK(!strstr(html.buf, ">median TTM</text>"));
	/* durations for people */
	recur_report_duration(65533254.0, text, sizeof(text));
	CHECK_STR(text, "45,509.2 d");
	recur_report_duration(119.94, text, sizeof(text));
	CHECK_STR(text, "119.9 min");
	recur_report_duration(120, text, sizeof(text));
	CHECK_STR(text, "2.0 h");
	recur_report_duration(1234567.0 * 60 * 24, text, sizeof(text));
	CHECK_STR(text, "1,234,567.0 d");
	recur_buf_release(&md);
	recur_buf_release(&html);
	recur_json_free(view);
	recur_json_free(data);
}

static void errors(void)
{
	struct recur_json *data = fixture();
	struct recur_report_opts o = { tmpdir, RECUR_REPORT_MD, NULL, 0, NULL, NULL };
	struct recur_report_files files;
	struct recur_error err;
	char share[128], path[256];
	FILE *f;

	/* a month that is not YYYY-MM never names a file */
	recur_json_set_string(data, "month", "../x");
	recur_error_init(&err);
	CHECK_INT(recur_report_write(data, &o, &files, &err), -1);
	CHECK(has(err.msg, "review data has no \"month\" of the form YYYY-MM"));
	recur_report_files_release(&files);
	recur_json_set_string(data, "month", "2026-10");

	/* a broken template in --share: the error names it with line and column */
	snprintf(share, sizeof(share), "%s/share", tmpdir);
	snprintf(path, sizeof(path), "%s/report-templates", share);
	mkdir(share, 0777);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/report-templates/broken.md", share);
	f = fopen(path, "w");
	if (f) {
		fputs("# {{month}}\n\n{{#problems}}\n{{id}}\n", f);
		fclose(f);
	}
	recur_share_set_dir(share);
	o.template = "report-templates/broken.md";
	recur_error_init(&err);
	CHECK_INT(recur_report_write(data, &o, &files, &err), -1);
	CHECK_STR(err.file, "report-templates/broken.md");
	CHECK_INT(err.line, 3);
	CHECK_INT(err.column, 1);
	CHECK(has(err.msg, "unclosed section 'problems'"));
	recur_report_files_release(&files);
	o.template = "report-templates/none.md";
	recur_error_init(&err);
	CHECK_INT(recur_report_write(data, &o, &files, &err), -1);
	CHECK(has(err.msg, "no data file 'report-templates/none.md'"));
	recur_report_files_release(&files);
	recur_share_set_dir(NULL);
	remove(path);
	snprintf(path, sizeof(path), "%s/report-templates", share);
	rmdir(path);
	rmdir(share);
	recur_json_free(data);
}

static void creates_folders(void)
{
	struct recur_report_files files;
	struct recur_error err;
	char dir[128], sub[128];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/a/b/", tmpdir);
	CHECK_INT(write_review(dir, RECUR_REPORT_MD, &files, &err), 0);
	snprintf(sub, sizeof(sub), "%s/a/b/review-2026-10.md", tmpdir);
	CHECK_STR(files.md, sub);
	CHECK(stat(sub, &st) == 0 && st.st_size > 1000);
	remove(sub);
	snprintf(sub, sizeof(sub), "%s/a/b", tmpdir);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/a", tmpdir);
	rmdir(sub);
	recur_report_files_release(&files);
}

/* A stream of n incidents: INC-i has severity 1 + i % 4 and TTR i minutes. */
struct stream {
	size_t i, n, passes;
	struct recur_json *row;
};

static int stream_rewind(void *ctx, struct recur_error *err)
{
	struct stream *s = ctx;

	(void)err;
	s->i = 0;
	s->passes++;
	return 0;
}

static int stream_next(void *ctx, const struct recur_json **row, struct recur_error *err)
{
	struct stream *s = ctx;
	char id[32];

	(void)err;
	recur_json_free(s->row);
	s->row = NULL;
	if (s->i >= s->n)
		return 0;
	snprintf(id, sizeof(id), "INC-%zu", s->i);
	s->row = recur_json_new(RECUR_JSON_OBJECT);
	recur_json_set_string(s->row, "ext_id", id);
	recur_json_set_string(s->row, "title", "Disk full");
	recur_json_set_number(s->row, "severity", (double)(1 + s->i % 4));
	recur_json_set_number(s->row, "opened_at", 1790000000.0 + (double)s->i);
	recur_json_set_number(s->row, "ttr_min", (double)s->i);
	s->i++;
	*row = s->row;
	return 1;
}

/* A long month: its incidents streamed, the Markdown lists the 50 worst. */
static void long_month_streamed(void)
{
	struct recur_json *data = fixture();
	struct stream s = { 0, 120, 0, NULL };
	struct recur_report_rows rows = { stream_rewind, stream_next, &s };
	struct recur_report_opts o = { tmpdir, RECUR_REPORT_MD | RECUR_REPORT_XLSX, NULL,
				       1795651200, &rows, NULL };
	struct recur_report_files files;
	struct recur_error err;
	char *md, *table, tmp[512];
	int n = 0;

	recur_error_init(&err);
	recur_json_set(data, "incidents", recur_json_new(RECUR_JSON_NULL));
	CHECK_INT(recur_report_write(data, &o, &files, &err), 0);
	md = slurp(files.md);
	CHECK(has(md, "The 50 worst of the 120 incidents"));
	table = md ? strstr(md, "## Incidents this") : NULL;
	/* worst first: severity 1 (i = 0, 4, …, 116), the longest TTR first */
	CHECK(has(table, "| INC-116 |"));
	CHECK(table && strstr(table, "| INC-116 |") < strstr(table, "| INC-112 |"));
	CHECK(table && !strstr(table, "| INC-119 |")); /* severity 4 */
	for (; table && (table = strstr(table, "\n| INC-")); table++)
		n++;
	CHECK_INT(n, 50);
	/* one pass feeds the table and, on its thread, the XLSX sheet */
	CHECK_INT((int)s.passes, 1);
	CHECK(access(files.xlsx, R_OK) == 0);
	snprintf(tmp, sizeof(tmp), "%s.tmp", files.xlsx);
	CHECK(access(tmp, F_OK) != 0);
	remove(files.md);
	remove(files.xlsx);
	free(md);
	recur_json_free(s.row);
	recur_report_files_release(&files);
	recur_json_free(data);
}

/* A problem's incidents past the first 50 are left out, and the line says so;
 * so is a list the review data already cut (fewer than month_count). */
static void problem_incidents_cut(void)
{
	struct recur_json *data = fixture();
	struct recur_json *p = recur_json_path(data, "problems.0");
	static const char pm_text[] = "{\"sev12\": 200, \"with_postmortem\": 0, \"without_postmortem\": "
				      "200, \"missing\": [{\"ext_id\": \"INC-9\"}]}";
	struct recur_json *list = recur_json_get(p, "incidents"), *pm = NULL;
	struct recur_report_opts o = { tmpdir, RECUR_REPORT_MD, NULL, 1795651200, NULL, NULL };
	struct recur_report_files files;
	struct recur_error err;
	char *md, *sec, *end;
	int n = 0;

	recur_error_init(&err);
	while (list->n < 55)
		recur_json_push(list, recur_json_clone(list->items[0]));
	recur_json_set_number(p, "month_count", 60);
	/* saved data without a list: no line about one */
	recur_json_set(recur_json_path(data, "problems.1"), "incidents", recur_json_new(RECUR_JSON_NULL));
	/* a postmortem list the review data cut: the count says how many */
	CHECK_INT(recur_json_parse(pm_text, strlen(pm_text), "pm", &pm, &err), 0);
	recur_json_set(data, "postmortems", pm);
	CHECK_INT(recur_report_write(data, &o, &files, &err), 0);
	md = slurp(files.md);
	CHECK(has(md, "Without a postmortem (the first 1 of 200, by opened time"));
	sec = md ? strstr(md, "#### PRB-1a2b3c4d") : NULL;
	end = sec ? strstr(sec + 1, "\n#### ") : NULL;
	CHECK(sec && end);
	if (sec && end) {
		*end = '\0';
		CHECK(has(sec, "60 incidents this month"));
		CHECK(has(sec, "The first 50 of 60 by opened time; the spreadsheet lists them all"));
		CHECK(!strstr(end + 1, "The first 0 of"));
		for (; (sec = strstr(sec, "\n| INC-")); sec++)
			n++;
		CHECK_INT(n, 50);
		/* the next problem lists all it has: no such line */
		CHECK(!strstr(end + 1, "The first 50 of") ||
		      strstr(end + 1, "The first 50 of") > strstr(end + 1, "## Postmortems"));
	}
	remove(files.md);
	free(md);
	recur_report_files_release(&files);
	recur_json_free(data);
}

static int failing_next(void *ctx, const struct recur_json **row, struct recur_error *err)
{
	struct stream *s = ctx;

	if (s->i == 70)
		return recur_error_set(err, "query failed");
	return stream_next(ctx, row, err);
}

/* A stream that fails half way: an error, and no workbook (nor its .tmp). */
static void streamed_failure_leaves_no_workbook(void)
{
	struct recur_json *data = fixture();
	struct stream s = { 0, 120, 0, NULL };
	struct recur_report_rows rows = { stream_rewind, failing_next, &s };
	struct recur_report_opts o = { tmpdir, RECUR_REPORT_XLSX, NULL, 1795651200, &rows, NULL };
	struct recur_report_files files;
	struct recur_error err;
	char path[512];

	recur_error_init(&err);
	recur_json_set(data, "incidents", recur_json_new(RECUR_JSON_NULL));
	CHECK_INT(recur_report_write(data, &o, &files, &err), -1);
	CHECK_STR(err.msg, "query failed");
	CHECK(files.xlsx != NULL);
	CHECK(files.xlsx && access(files.xlsx, F_OK) != 0);
	snprintf(path, sizeof(path), "%s.tmp", files.xlsx ? files.xlsx : "");
	CHECK(access(path, F_OK) != 0);
	recur_json_free(s.row);
	recur_report_files_release(&files);
	recur_json_free(data);
}

int main(void)
{
	char path[128];
	const char *ext[] = { "md", "html" };
	size_t i;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/recur-test-report-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		printf("not ok 1 - cannot make a temporary folder\n");
		return 1;
	}
	RUN(markdown_report);
	RUN(html_report);
	RUN(charts);
	RUN(errors);
	RUN(creates_folders);
	RUN(long_month_streamed);
	RUN(problem_incidents_cut);
	RUN(streamed_failure_leaves_no_workbook);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/review-2026-10.%s", tmpdir, ext[i]);
		remove(path);
	}
	rmdir(tmpdir);
	return HARNESS_END();
}
