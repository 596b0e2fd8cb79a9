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
	CHECK(has(md, "| TTR (time to resolve) | 9 | 48.0 | 112.0 | 66.2 | 58.0 |"));
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
	/* nothing runs, nothing is fetched */
	CHECK(!strstr(html, "<script") && !strstr(html, "<link") && !strstr(html, "src=") &&
	      !strstr(html, "href="));
	CHECK(has(html, "=cmd()|calc &lt;script&gt;alert(1)&lt;/script&gt; *pwn* [x](javascript:alert(1))"));
	CHECK(has(html, "DB connection pool exhausted on &lt;*&gt; (&lt;*&gt;%)"));
	/* the same figures as the Markdown */
	CHECK(has(html, "<td>Median TTR</td><td class=\"num\">48.0 min</td><td class=\"num\">58.0 min</td>"));
	CHECK(has(md, "| Median TTR | 48.0 min | 58.0 min |"));
	CHECK(has(html, "<td class=\"num\">112.0</td><td class=\"num\">66.2</td>"));
	CHECK(has(html, "<li>Root cause: not yet known</li>"));
	/* the notes went through cmark */
	CHECK(has(html, "<h2>What the figures mean</h2>\n<ul>\n<li><strong>TTA</strong>"));
	CHECK(has(html, "PERCENTILE.INC"));
	/* the chart: inline SVG, one bar group per month */
	CHECK(has(html, "<svg class=\"chart\""));
	CHECK(has(html, "<title>2026-10: SEV1 1</title>"));
	CHECK(!strstr(html, "{{"));
out:
	free(html);
	free(md);
	recur_report_files_release(&files);
}

static void figures_in_the_view(void)
{
	struct recur_json *data = recur_json_new(RECUR_JSON_OBJECT), *row;
	struct recur_buf svg = RECUR_BUF_INIT;

	/* no trend: no chart; a trend: one <g> per month */
	recur_report_trend_svg(data, &svg);
	CHECK_INT(svg.len, 0);
	row = recur_json_new(RECUR_JSON_OBJECT);
	recur_json_set_string(row, "month", "2026-01");
	recur_json_set_number(row, "incidents", 3);
	recur_json_set_number(row, "sev2", 3);
	recur_json_push(recur_json_set(data, "trend", recur_json_new(RECUR_JSON_ARRAY)), row);
	recur_report_trend_svg(data, &svg);
	CHECK(has(svg.buf, "<title>2026-01: SEV2 3</title>"));
	CHECK(strstr(svg.buf, "<g>") && !strstr(strstr(svg.buf, "<g>") + 1, "<g>"));
	recur_buf_release(&svg);
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
	RUN(figures_in_the_view);
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
