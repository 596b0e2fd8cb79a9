/*
 * report.c — writes a month's review from the review data (metrics.h):
 * review-<month>.md from the Mustache template with Markdown escaping,
 * review-<month>.html (report_html.c) and review-<month>.xlsx
 * (report_xlsx.c). It never sees the database.
 *
 * Templates do not read the review data itself but a "view" of it: the same
 * tree, except that figures in minutes and percentages (keys ending in _min,
 * _minutes, _pct) are text with one decimal ("31.0") and missing ones read
 * "–", so Markdown and HTML show the same figures whatever made the data.
 */
#include "recur/report.h"
#include "recur/mem.h"
#include "recur/share.h"
#include "report_int.h"

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

static int is_figure_key(const char *key)
{
	return ends_with(key, "_min") || ends_with(key, "_minutes") || ends_with(key, "_pct");
}

static struct recur_json *figure(const struct recur_json *v)
{
	char text[64];

	if (!v || v->type != RECUR_JSON_NUMBER)
		return v && v->type == RECUR_JSON_STRING ? recur_json_new_stringn(v->str, v->len)
							 : recur_json_new_string(NO_FIGURE);
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
			recur_json_set(c, v->keys[i], is_figure_key(v->keys[i]) ? figure(v->items[i])
									: view_copy(v->items[i]));
		return c;
	default: return recur_json_new(v->type);
	}
}

/*
 * Adds "month_incidents" ("1 incident", "4 incidents") to each problem, and
 * "problems_shown" with "problems_more" (true when the list is only the top
 * of totals.recurring_problems).
 */
static void add_problem_words(struct recur_json *view)
{
	struct recur_json *problems = recur_json_get(view, "problems");
	const struct recur_json *all = recur_json_path(view, "totals.recurring_problems");
	size_t i, shown = problems && problems->type == RECUR_JSON_ARRAY ? problems->n : 0;

	recur_json_set_number(view, "problems_shown", (double)shown);
	recur_json_set(view, "problems_more",
		       recur_json_new_bool(all && all->type == RECUR_JSON_NUMBER && all->num > (double)shown));

	for (i = 0; problems && problems->type == RECUR_JSON_ARRAY && i < problems->n; i++) {
		const struct recur_json *n = recur_json_get(problems->items[i], "month_count");
		double k = n && n->type == RECUR_JSON_NUMBER ? n->num : 0;
		char text[64];

		snprintf(text, sizeof(text), "%.0f incident%s", k, k == 1 ? "" : "s");
		recur_json_set_string(problems->items[i], "month_incidents", text);
	}
}

/* ---- files ---- */

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

static char *file_path(const char *dir, const char *month, const char *ext)
{
	struct recur_buf p = RECUR_BUF_INIT;
	size_t n = strlen(dir);

	if (n && strcmp(dir, "."))
		recur_buf_addf(&p, "%s%s", dir, dir[n - 1] == '/' ? "" : "/");
	recur_buf_addf(&p, "review-%s.%s", month, ext);
	return recur_buf_detach(&p, NULL);
}

/* The month names the files, so it must be exactly YYYY-MM. */
static const char *data_month(const struct recur_json *data, struct recur_error *err)
{
	const struct recur_json *m = recur_json_get(data, "month");
	size_t i;

	if (!m || m->type != RECUR_JSON_STRING || m->len != 7 || m->str[4] != '-')
		goto bad;
	for (i = 0; i < 7; i++)
		if (i != 4 && (m->str[i] < '0' || m->str[i] > '9'))
			goto bad;
	return m->str;
bad:
	recur_error_set(err, "review data has no \"month\" of the form YYYY-MM: is it review "
			"data from 'recur metrics --format json --incidents'?");
	return NULL;
}

static int write_md(struct recur_json *view, const char *tmpl, const char *path,
		    struct recur_error *err)
{
	struct recur_buf out = RECUR_BUF_INIT;
	int rc = recur_report_render(tmpl, view, recur_mustache_escape_markdown, &out, err);

	if (!rc)
		rc = write_file(path, &out, err);
	recur_buf_release(&out);
	return rc;
}

static int write_html(struct recur_json *view, const struct recur_json *data, const char *path,
		      struct recur_error *err)
{
	struct recur_buf out = RECUR_BUF_INIT;
	int rc = recur_report_html(view, data, &out, err);

	if (!rc)
		rc = write_file(path, &out, err);
	recur_buf_release(&out);
	return rc;
}

int recur_report_write(const struct recur_json *data, const struct recur_report_opts *opts,
		       struct recur_report_files *files, struct recur_error *err)
{
	const char *month = data_month(data, err);
	const char *dir = opts->out_dir && *opts->out_dir ? opts->out_dir : ".";
	struct recur_json *view = NULL;
	int rc = -1;

	memset(files, 0, sizeof(*files));
	if (!month || make_dirs(dir, err))
		return -1;
	view = view_copy(data);
	add_problem_words(view);
	/* review data saved without --incidents: say so rather than "no incidents" */
	if (!recur_json_get(view, "incidents"))
		recur_json_set(view, "incidents_left_out", recur_json_new_bool(1));
	if (opts->forms & RECUR_REPORT_MD) {
		files->md = file_path(dir, month, "md");
		if (write_md(view, opts->template ? opts->template : DEFAULT_TEMPLATE, files->md, err))
			goto out;
	}
	if (opts->forms & RECUR_REPORT_HTML) {
		files->html = file_path(dir, month, "html");
		if (write_html(view, data, files->html, err))
			goto out;
	}
	if (opts->forms & RECUR_REPORT_XLSX) {
		files->xlsx = file_path(dir, month, "xlsx");
		if (recur_report_xlsx(data, files->xlsx, opts->now, err))
			goto out;
	}
	rc = 0;
out:
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
