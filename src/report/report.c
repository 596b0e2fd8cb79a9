/*
 * report.c — writes a month's review from the review data (metrics.h):
 * review-<period>.md from the Mustache template with Markdown escaping,
 * review-<period>.html (that same Markdown rendered, report_html.c) and
 * review-<period>.xlsx (report_xlsx.c); and the single-subject reports
 * problem-<id>.md/.html and postmortem-<id>.md/.html. It never sees the
 * database.
 *
 * Templates do not read the review data itself but a "view" of it: the same
 * tree, except that durations (keys ending in _min, _minutes) are text in
 * the unit a reader expects ("42.5 min", "3.2 h", "1,204.5 d"), percentages
 * (_pct) text with one decimal ("31.0"), missing ones "–", and the charts
 * are objects decided once for Mermaid and SVG (report_charts.c).
 */
#include "recur/report.h"
#include "recur/mem.h"
#include "recur/share.h"
#include "report_int.h"
#include "report_pipe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_TEMPLATE "report-templates/monthly-review.md"
#define NO_FIGURE "\xe2\x80\x93" /* en dash */

/* ---- templates ---- */

static int load_partial(const char *name, struct recur_buf *out, void *ctx, struct recur_error *err)
{
	struct recur_buf path = RECUR_BUF_INIT;
	int rc;

	(void)ctx;
	if (!*name || name[0] == '/' || strstr(name, ".."))
		return recur_error_set(err, "bad partial name '%s': name a file in report-templates/",
				       name);
	recur_buf_addf(&path, "report-templates/%s", name);
	rc = recur_share_load(path.buf, out, err);
	recur_buf_release(&path);
	return rc ? -1 : 1;
}

int recur_report_render(const char *name, const struct recur_json *view,
			recur_mustache_escape_fn escape, struct recur_buf *out,
			struct recur_error *err)
{
	struct recur_buf tmpl = RECUR_BUF_INIT;
	struct recur_mustache_opts o = { name, escape, load_partial, NULL };
	int rc = -1;

	if (recur_share_load(name, &tmpl, err))
		goto out;
	rc = recur_mustache_render(tmpl.buf, tmpl.len, view, &o, out, err);
out:
	recur_buf_release(&tmpl);
	return rc;
}

/* ---- the view ---- */

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static int is_duration_key(const char *key)
{
	return ends_with(key, "_min") || ends_with(key, "_minutes");
}

static int is_figure_key(const char *key)
{
	return is_duration_key(key) || ends_with(key, "_pct");
}

/* A figure as text: a duration with its unit ("42.5 min", "3.2 h", "1,204.5 d"), else "31.0". */
static struct recur_json *figure(const struct recur_json *v, int duration)
{
	char text[64];

	if (!v || v->type != RECUR_JSON_NUMBER)
		return v && v->type == RECUR_JSON_STRING ? recur_json_new_stringn(v->str, v->len)
							 : recur_json_new_string(NO_FIGURE);
	if (duration) {
		recur_report_duration(v->num, text, sizeof(text));
		return recur_json_new_string(text);
	}
	snprintf(text, sizeof(text), "%.1f", v->num);
	return recur_json_new_string(strcmp(text, "-0.0") ? text : "0.0");
}

/* A copy of v with figures as text (see the top of this file). */
static struct recur_json *view_copy(const struct recur_json *v)
{
	struct recur_json *c;
	size_t i;

	switch (v->type) {
	case RECUR_JSON_STRING: return recur_json_new_stringn(v->str, v->len);
	case RECUR_JSON_NUMBER:
		c = recur_json_new_number(v->num);
		c->str = v->str ? xstrndup(v->str, v->len) : NULL;
		c->len = v->str ? v->len : 0;
		return c;
	case RECUR_JSON_ARRAY:
		c = recur_json_new(RECUR_JSON_ARRAY);
		for (i = 0; i < v->n; i++)
			recur_json_push(c, view_copy(v->items[i]));
		return c;
	case RECUR_JSON_OBJECT:
		c = recur_json_new(RECUR_JSON_OBJECT);
		for (i = 0; i < v->n; i++)
			recur_json_set(c, v->keys[i], is_figure_key(v->keys[i]) ? figure(v->items[i],
									is_duration_key(v->keys[i]))
									: view_copy(v->items[i]));
		return c;
	default: return recur_json_new(v->type);
	}
}

/* Keeps the first max items of array a. */
static void keep_first(struct recur_json *a, size_t max)
{
	size_t i;

	for (i = max; i < a->n; i++)
		recur_json_free(a->items[i]);
	if (a->n > max)
		a->n = max;
}

/*
 * Adds "month_incidents" ("1 incident", "4 incidents") to each problem, keeps
 * the first RECUR_REPORT_MAX_INCIDENTS of its "incidents" (the review data
 * may hold more, or already fewer than month_count), and sets
 * "incidents_listed" with "incidents_cut" (true when the list is not all of
 * the period's) on every problem, so a template never reads the view's own
 * incidents_* keys from inside a problem.
 */
static void add_month_incidents(struct recur_json *problems)
{
	size_t i;

	for (i = 0; problems && problems->type == RECUR_JSON_ARRAY && i < problems->n; i++) {
		struct recur_json *p = problems->items[i];
		struct recur_json *list = recur_json_get(p, "incidents");
		int is_list = list && list->type == RECUR_JSON_ARRAY;
		const struct recur_json *n = recur_json_get(p, "month_count");
		double k = n && n->type == RECUR_JSON_NUMBER ? n->num : 0;
		size_t listed = 0;
		char text[64];

		snprintf(text, sizeof(text), "%.0f incident%s", k, k == 1 ? "" : "s");
		recur_json_set_string(p, "month_incidents", text);
		if (is_list) {
			keep_first(list, RECUR_REPORT_MAX_INCIDENTS);
			listed = list->n;
		}
		recur_json_set_number(p, "incidents_listed", (double)listed);
		recur_json_set(p, "incidents_cut", recur_json_new_bool(is_list && k > (double)listed));
	}
}

/*
 * Adds "month_incidents" ("1 incident", "4 incidents") to each problem,
 * "problems_shown", and "problems_more" (true when a group lists only the
 * first of its problems: the spreadsheet lists them all).
 */
static void add_problem_words(struct recur_json *view)
{
	struct recur_json *problems = recur_json_get(view, "problems");
	struct recur_json *groups = recur_json_get(view, "problem_groups");
	int more = 0;
	size_t i;

	add_month_incidents(problems);
	for (i = 0; groups && groups->type == RECUR_JSON_ARRAY && i < groups->n; i++) {
		add_month_incidents(recur_json_get(groups->items[i], "problems"));
		more |= recur_json_truthy(recur_json_get(groups->items[i], "more"));
	}
	/* kept for templates of 0.1, which said "the top N below" */
	recur_json_set_number(view, "problems_shown", problems && problems->type ==
			      RECUR_JSON_ARRAY ? (double)problems->n : 0);
	recur_json_set(view, "problems_more", recur_json_new_bool(more));
}

static double num_or_0(const struct recur_json *o, const char *key)
{
	const struct recur_json *v = recur_json_get(o, key);

	return v && v->type == RECUR_JSON_NUMBER ? v->num : 0;
}

static struct recur_json *raw_number(const struct recur_json *o, const char *key)
{
	const struct recur_json *v = recur_json_get(o, key);

	return v && v->type == RECUR_JSON_NUMBER ? recur_json_new_number(v->num)
						 : recur_json_new(RECUR_JSON_NULL);
}

/*
 * What the Mermaid charts need: "last" on each trend row (true on the last
 * row, to end comma-separated lists) and "chart_trend", the trend rows the
 * data reaches (a month outside the data is no data, never a bar or point
 * of 0), each with its own "last", the stacked column heights ("chart_all"
 * = every incident, "chart_sev2345" without SEV1, and so on: xychart-beta
 * draws bars over each other, so taller ones go first), and the medians as
 * plain numbers with 0 for "no figure" ("chart_tta" …), taken from the
 * review data, since the view's figures are text. The table rows of a month
 * outside the data read "no data"; every row gets a "label" (the month,
 * marked when partial).
 */
static void add_chart_series(struct recur_json *view, const struct recur_json *data)
{
	struct recur_json *trend = recur_json_get(view, "trend");
	const struct recur_json *raw = recur_json_get(data, "trend");
	struct recur_json *chart = recur_json_new(RECUR_JSON_ARRAY), *t = NULL;
	size_t i;

	for (i = 0; trend && trend->type == RECUR_JSON_ARRAY && i < trend->n; i++) {
		const struct recur_json *r = raw && i < raw->n ? raw->items[i] : NULL;
		double all = num_or_0(r, "incidents"), s1 = num_or_0(r, "sev1"), s2 = num_or_0(r, "sev2");
		double s3 = num_or_0(r, "sev3");

		recur_json_set(trend->items[i], "last", recur_json_new_bool(i + 1 == trend->n));
		if (!recur_json_get(trend->items[i], "label"))
			recur_json_set(trend->items[i], "label",
				       recur_json_clone(recur_json_get(trend->items[i], "month")));
		if (recur_json_truthy(recur_json_get(r, "no_data"))) {
			recur_json_set_string(trend->items[i], "incidents", "no data");
			continue;
		}
		t = recur_json_push(chart, recur_json_clone(trend->items[i]));
		recur_json_set(t, "last", recur_json_new_bool(0));
		recur_json_set_number(t, "chart_all", all);
		recur_json_set_number(t, "chart_sev2345", all - s1);
		recur_json_set_number(t, "chart_sev345", all - s1 - s2);
		recur_json_set_number(t, "chart_sev45", all - s1 - s2 - s3);
		recur_json_set_number(t, "chart_tta", num_or_0(r, "tta_median_min"));
		recur_json_set_number(t, "chart_ttm", num_or_0(r, "ttm_median_min"));
		recur_json_set_number(t, "chart_ttr", num_or_0(r, "ttr_median_min"));
		/* the figures themselves (report_charts.c), the view's are text */
		recur_json_set(t, "tta_median_min", raw_number(r, "tta_median_min"));
		recur_json_set(t, "ttm_median_min", raw_number(r, "ttm_median_min"));
		recur_json_set(t, "ttr_median_min", raw_number(r, "ttr_median_min"));
	}
	if (t)
		recur_json_set(t, "last", recur_json_new_bool(1));
	recur_json_set(view, "chart_trend", chart);
	recur_report_add_charts(view, data);
}

/* Sets view[key] to the text of view[from] (or text) when key is missing. */
static void fallback(struct recur_json *view, const char *key, const char *from, const char *text)
{
	const struct recur_json *v = from ? recur_json_get(view, from) : NULL;

	if (recur_json_get(view, key))
		return;
	if (v && v->type == RECUR_JSON_STRING)
		recur_json_set(view, key, recur_json_new_stringn(v->str, v->len));
	else
		recur_json_set_string(view, key, text);
}

/*
 * Review data saved by recur 0.1 has no period keys, groups or time zone:
 * fill them from what it has, so it renders with today's templates.
 */
static void add_fallbacks(struct recur_json *view)
{
	const struct recur_json *at = recur_json_get(view, "generated_at");
	struct recur_json *problems = recur_json_get(view, "problems");

	fallback(view, "period", "month", "");
	fallback(view, "period_name", "month_name", "");
	fallback(view, "period_kind", NULL, "month");
	fallback(view, "prev_period", "prev_month", "");
	fallback(view, "prev_period_name", "prev_month_name", "the previous month");
	fallback(view, "ly_period_name", NULL, "a year earlier");
	fallback(view, "tz", NULL, "UTC");
	if (!recur_json_get(view, "generated_on") && at && at->type == RECUR_JSON_STRING)
		recur_json_set(view, "generated_on", recur_json_new_stringn(at->str,
						at->len < 10 ? at->len : 10));
	if (!recur_json_get(view, "problem_groups") && problems &&
	    problems->type == RECUR_JSON_ARRAY && problems->n) {
		struct recur_json *groups = recur_json_new(RECUR_JSON_ARRAY);
		struct recur_json *g = recur_json_push(groups, recur_json_new(RECUR_JSON_OBJECT));
		const struct recur_json *n = recur_json_path(view, "totals.recurring_problems");

		recur_json_set_string(g, "title", "Recurring problems");
		recur_json_set_number(g, "count", n && n->type == RECUR_JSON_NUMBER ? n->num
								       : (double)problems->n);
		recur_json_set(g, "problems", view_copy(problems));
		recur_json_set(view, "problem_groups", groups);
	}
}

/* ---- files ---- */

/* ---- the incident table: all of a short month, the worst of a long one ---- */

struct kept {
	struct recur_json *view;   /* the incident as the templates see it */
	double sev, ttr, opened;   /* sort keys: severity (6 = none), TTR (-1 = none) */
	char *ext_id;
};

static double num_key(const struct recur_json *row, const char *key, double none)
{
	const struct recur_json *v = recur_json_get(row, key);

	return v && v->type == RECUR_JSON_NUMBER ? v->num : none;
}

/* Worst first: severity (1 is worst), then the longer time to resolve, then
 * the earlier, then the id: a total order, so the table is deterministic. */
static int worse(const struct kept *a, const struct kept *b)
{
	if (a->sev != b->sev)
		return a->sev < b->sev ? -1 : 1;
	if (a->ttr != b->ttr)
		return a->ttr > b->ttr ? -1 : 1;
	if (a->opened != b->opened)
		return a->opened < b->opened ? -1 : 1;
	return strcmp(a->ext_id, b->ext_id);
}

static int cmp_kept(const void *a, const void *b)
{
	return worse(a, b);
}

/* The sort keys of row, borrowing its ext_id: no copy yet. */
static void kept_keys(struct kept *k, const struct recur_json *row)
{
	const struct recur_json *id = recur_json_get(row, "ext_id");

	k->view = NULL;
	k->sev = num_key(row, "severity", 6);
	k->ttr = num_key(row, "ttr_min", -1);
	k->opened = num_key(row, "opened_at", 0);
	k->ext_id = (char *)(id && id->type == RECUR_JSON_STRING ? id->str : "");
}

/* Makes k (filled by kept_keys) own a copy of row. */
static void kept_own(struct kept *k, const struct recur_json *row)
{
	k->view = view_copy(row);
	k->ext_id = xstrdup(k->ext_id);
}

static void kept_release(struct kept *k)
{
	recur_json_free(k->view);
	free(k->ext_id);
}

struct worst {
	struct kept k[RECUR_REPORT_MAX_INCIDENTS];
	size_t n, total;
};

/* Keeps row when it is among the worst seen; the first ones in their order. */
static void worst_add(struct worst *w, const struct recur_json *row)
{
	struct kept c;
	size_t i, best = 0;

	w->total++;
	kept_keys(&c, row);
	if (w->n < RECUR_REPORT_MAX_INCIDENTS) {
		kept_own(&c, row);
		w->k[w->n++] = c;
		return;
	}
	for (i = 1; i < w->n; i++) /* the least bad kept one */
		if (worse(&w->k[i], &w->k[best]) > 0)
			best = i;
	if (worse(&c, &w->k[best]) < 0) { /* copied only when kept */
		kept_own(&c, row);
		kept_release(&w->k[best]);
		w->k[best] = c;
	}
}

/*
 * Replaces the view's "incidents" by at most RECUR_REPORT_MAX_INCIDENTS of
 * them, from the data or the stream: all of a short month in their order,
 * else the worst, worst first, with "incidents_total", "incidents_shown" and
 * "incidents_capped" for the line that says where the rest are.
 */
static int cap_incidents(struct recur_json *view, const struct recur_json *data,
			 const struct recur_report_rows *rows, struct recur_error *err)
{
	const struct recur_json *all = recur_json_get(data, "incidents"), *row;
	struct worst *w;
	struct recur_json *list;
	size_t i;
	int r = 0;

	if (all && all->type == RECUR_JSON_ARRAY && all->n <= RECUR_REPORT_MAX_INCIDENTS)
		return 0; /* the view holds them already, in their order */
	if ((!all || all->type != RECUR_JSON_ARRAY) && !rows)
		return 0;
	w = xcalloc(1, sizeof(*w));
	if (all && all->type == RECUR_JSON_ARRAY) {
		for (i = 0; i < all->n; i++)
			worst_add(w, all->items[i]);
	} else if (!(r = rows->rewind(rows->ctx, err))) {
		while ((r = rows->next(rows->ctx, &row, err)) == 1)
			worst_add(w, row);
	}
	if (r >= 0) {
		if (w->total > w->n)
			qsort(w->k, w->n, sizeof(w->k[0]), cmp_kept);
		list = recur_json_new(RECUR_JSON_ARRAY);
		for (i = 0; i < w->n; i++)
			recur_json_push(list, w->k[i].view), w->k[i].view = NULL;
		recur_json_set(view, "incidents", list);
		recur_json_set_number(view, "incidents_total", (double)w->total);
		recur_json_set_number(view, "incidents_shown", (double)w->n);
		recur_json_set(view, "incidents_capped", recur_json_new_bool(w->total > w->n));
	}
	for (i = 0; i < w->n; i++)
		kept_release(&w->k[i]);
	free(w);
	return r < 0 ? -1 : 0;
}

/*
 * Keeps the first RECUR_REPORT_MAX_INCIDENTS items of the list obj[key] and
 * sets KEY_total, KEY_shown and KEY_capped for the line that says so. The
 * total is obj[count] when the review data already cut the list.
 */
static void cap_list(struct recur_json *obj, const char *key, const char *count)
{
	struct recur_json *a = obj ? recur_json_get(obj, key) : NULL;
	const struct recur_json *c = obj ? recur_json_get(obj, count) : NULL;
	char name[64];
	size_t n;

	if (!a || a->type != RECUR_JSON_ARRAY)
		return;
	n = a->n;
	if (c && c->type == RECUR_JSON_NUMBER && c->num > (double)n)
		n = c->num < 1e15 ? (size_t)c->num : (size_t)1e15; /* saved data may say anything */
	if (n <= RECUR_REPORT_MAX_INCIDENTS)
		return;
	keep_first(a, RECUR_REPORT_MAX_INCIDENTS);
	snprintf(name, sizeof(name), "%s_total", key);
	recur_json_set_number(obj, name, (double)n);
	snprintf(name, sizeof(name), "%s_shown", key);
	recur_json_set_number(obj, name, (double)a->n);
	snprintf(name, sizeof(name), "%s_capped", key);
	recur_json_set(obj, name, recur_json_new_bool(1));
}

static int make_dirs(const char *dir, struct recur_error *err)
{
	char *p = xstrdup(dir), *s;
	struct stat st;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			rc = recur_error_set(err, "cannot create folder '%s': %s", p, strerror(errno));
		*s = '/';
		if (rc)
			goto out;
	}
	if (mkdir(p, 0777) && errno != EEXIST)
		rc = recur_error_set(err, "cannot create folder '%s': %s", p, strerror(errno));
	else if (stat(p, &st) || !S_ISDIR(st.st_mode))
		rc = recur_error_set(err, "cannot write into '%s': it is not a folder", p);
out:
	free(p);
	return rc;
}

/* Writes through a temporary file and a rename, so a failed run leaves no half file. */
static int write_file(const char *path, const struct recur_buf *b, struct recur_error *err)
{
	struct recur_buf tmp = RECUR_BUF_INIT;
	FILE *f;
	int rc = -1;

	recur_buf_addf(&tmp, "%s.tmp", path);
	f = fopen(tmp.buf, "wb");
	if (!f) {
		recur_error_set(err, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (fwrite(b->buf, 1, b->len, f) != b->len || fflush(f) || ferror(f)) {
		recur_error_set(err, "cannot write '%s': %s", path, strerror(errno));
		fclose(f);
		remove(tmp.buf);
		goto out;
	}
	if (fclose(f) || rename(tmp.buf, path)) {
		recur_error_set(err, "cannot write '%s': %s", path, strerror(errno));
		remove(tmp.buf);
		goto out;
	}
	rc = 0;
out:
	recur_buf_release(&tmp);
	return rc;
}

static char *file_path(const char *dir, const char *stem, const char *ext)
{
	struct recur_buf p = RECUR_BUF_INIT;
	size_t n = strlen(dir);

	if (n && strcmp(dir, "."))
		recur_buf_addf(&p, "%s%s", dir, dir[n - 1] == '/' ? "" : "/");
	recur_buf_addf(&p, "%s.%s", stem, ext);
	return recur_buf_detach(&p, NULL);
}

/* An id from the data that names a file: letters, digits, - _ . only, and
 * not starting with '.', so it cannot leave the folder. */
static int safe_name(const char *s)
{
	size_t n = strlen(s);

	return n && n <= 120 && s[0] != '.' &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

/*
 * The kind of report and the stem of its file names: review-2026-10 (a
 * month), review-2026-Q3 (a quarter), problem-PRB-…, postmortem-ID.
 */
static const char *data_stem(const struct recur_json *data, char *stem, size_t size,
			     struct recur_error *err)
{
	const struct recur_json *kind = recur_json_get(data, "report");
	const struct recur_json *m = recur_json_get(data, "month");
	const char *k = kind && kind->type == RECUR_JSON_STRING ? kind->str : "review";
	const struct recur_json *id = !strcmp(k, "problem") ? recur_json_path(data, "problem.id")
				    : !strcmp(k, "incident") ? recur_json_path(data, "incident.ext_id")
							    : m;
	size_t i;

	if (!id || id->type != RECUR_JSON_STRING || !safe_name(id->str))
		goto bad;
	if (!strcmp(k, "review")) {
		if (id->len != 7 || id->str[4] != '-')
			goto bad;
		for (i = 0; i < 7; i++)
			if (i != 4 && (id->str[i] < '0' || id->str[i] > '9') && !(i == 5 && id->str[i] == 'Q'))
				goto bad;
	}
	snprintf(stem, size, "%s-%s", !strcmp(k, "incident") ? "postmortem" : k, id->str);
	return k;
bad:
	if (!strcmp(k, "review"))
		recur_error_set(err, "review data has no \"month\" of the form YYYY-MM or YYYY-Qn: "
				"is it review data from 'recur metrics --format json --incidents'?");
	else
		recur_error_set(err, "%s data has no id that can name a file", k);
	return NULL;
}

/* Writes the Markdown of template tmpl to md_path and its HTML page to
 * html_path (either may be NULL): the page is that Markdown, rendered. */
static int write_forms(struct recur_json *view, const char *tmpl, const char *md_path,
		       const char *html_path, struct recur_error *err)
{
	struct recur_buf md = RECUR_BUF_INIT, html = RECUR_BUF_INIT;
	int rc = recur_report_render(tmpl, view, recur_mustache_escape_markdown, &md, err);

	if (!rc && md_path)
		rc = write_file(md_path, &md, err);
	if (!rc && html_path)
		rc = recur_report_html(&md, view, &html, err);
	if (!rc && html_path)
		rc = write_file(html_path, &html, err);
	recur_buf_release(&md);
	recur_buf_release(&html);
	return rc;
}

/* The template of each kind of report: one Markdown template serves Markdown and HTML. */
static const struct {
	const char *kind, *md;
} kinds[] = {
	{ "review", DEFAULT_TEMPLATE },
	{ "problem", "report-templates/problem-review.md" },
	{ "incident", "report-templates/postmortem-summary.md" },
};

int recur_report_write(const struct recur_json *data, const struct recur_report_opts *opts,
		       struct recur_report_files *files, struct recur_error *err)
{
	char stem[160];
	const char *kind = data_stem(data, stem, sizeof(stem), err);
	const char *dir = opts->out_dir && *opts->out_dir ? opts->out_dir : ".";
	const struct recur_json *all = recur_json_get(data, "incidents");
	const struct recur_report_rows *rows = opts->incidents;
	struct recur_json *view = NULL;
	struct report_pipe pipe;
	size_t k = 0;
	int rc = -1, piped = 0;

	memset(files, 0, sizeof(*files));
	if (!kind || make_dirs(dir, err))
		return -1;
	while (k + 1 < sizeof(kinds) / sizeof(kinds[0]) && strcmp(kinds[k].kind, kind))
		k++;
	view = view_copy(data);
	if (!strcmp(kind, "review"))
		add_fallbacks(view);
	add_problem_words(view);
	add_chart_series(view, data);
	/* streamed incidents: one pass feeds the worst-first table and, on a
	 * second thread, the workbook (report_pipe.c) */
	if (k == 0 && (opts->forms & RECUR_REPORT_XLSX) && rows &&
	    !(all && all->type == RECUR_JSON_ARRAY)) {
		files->xlsx = file_path(dir, stem, "xlsx");
		if (report_pipe_start(&pipe, data, rows, opts->problems != NULL, files->xlsx,
				      opts->now, err))
			goto out;
		piped = 1;
		rows = &pipe.tee;
	}
	if (k == 0 && cap_incidents(view, data, rows, err))
		goto out;
	if (piped && opts->problems && report_pipe_more(&pipe, opts->problems, err))
		goto out;
	if (piped)
		report_pipe_end(&pipe);
	if (k == 0)
		cap_list(recur_json_get(view, "postmortems"), "missing", "without_postmortem");
	/* review data saved without --incidents: say so rather than "no incidents" */
	if (!recur_json_get(view, "incidents"))
		recur_json_set(view, "incidents_left_out", recur_json_new_bool(1));
	if (opts->forms & RECUR_REPORT_MD)
		files->md = file_path(dir, stem, "md");
	if (opts->forms & RECUR_REPORT_HTML)
		files->html = file_path(dir, stem, "html");
	if ((files->md || files->html) &&
	    write_forms(view, opts->template ? opts->template : kinds[k].md, files->md, files->html,
			err))
		goto out;
	/* one problem or incident has no spreadsheet: its figures are few */
	if ((opts->forms & RECUR_REPORT_XLSX) && k == 0 && !piped) {
		files->xlsx = file_path(dir, stem, "xlsx");
		if (recur_report_xlsx(data, opts->incidents, opts->problems, files->xlsx, opts->now,
				      err))
			goto out;
	}
	rc = 0;
out:
	if (piped && report_pipe_join(&pipe, rc == 0, err))
		rc = -1;
	recur_json_free(view);
	return rc;
}

void recur_report_files_release(struct recur_report_files *files)
{
	free(files->md);
	free(files->html);
	free(files->xlsx);
	memset(files, 0, sizeof(*files));
}
