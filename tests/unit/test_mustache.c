/*
 * test_mustache.c — the Mustache spec's core modules (every test of
 * comments, delimiters, interpolation, inverted, partials and sections from
 * tests/data/mustache-spec), then recur's own cases: escaping,
 * error locations, nesting limits.
 */
#include "harness.h"
#include "recur/mustache.h"

#include <stdlib.h>

static int load_from_json(const char *name, struct recur_buf *out, void *ctx, struct recur_error *err)
{
	const struct recur_json *p = recur_json_get(ctx, name);

	(void)err;
	if (!p || p->type != RECUR_JSON_STRING)
		return 0;
	recur_buf_add(out, p->str, p->len);
	return 1;
}

/* Runs one spec file; returns the number of failed tests. */
static int run_spec_file(const char *module, int *total)
{
	const char *data = getenv("TESTDATA");
	struct recur_buf path = RECUR_BUF_INIT, text = RECUR_BUF_INIT;
	struct recur_json *doc = NULL, *tests;
	struct recur_error err;
	int failed = 0;
	size_t i;

	recur_error_init(&err);
	recur_buf_addf(&path, "%s/mustache-spec/%s.json", data ? data : "tests/data", module);
	if (recur_buf_read_file(&text, path.buf) ||
	    recur_json_parse(text.buf, text.len, path.buf, &doc, &err)) {
		printf("#   cannot read %s\n", path.buf);
		failed = 1000;
		goto out;
	}
	tests = recur_json_get(doc, "tests");
	for (i = 0; tests && i < tests->n; i++) {
		const struct recur_json *t = tests->items[i];
		const struct recur_json *tmpl = recur_json_get(t, "template");
		const struct recur_json *want = recur_json_get(t, "expected");
		struct recur_mustache_opts o = { module, recur_mustache_escape_html, load_from_json,
						 recur_json_get(t, "partials") };
		struct recur_buf got = RECUR_BUF_INIT;

		recur_error_init(&err);
		if (recur_mustache_render(tmpl->str, tmpl->len, recur_json_get(t, "data"), &o, &got,
					  &err) ||
		    got.len != want->len || memcmp(got.buf, want->str, got.len)) {
			printf("#   %s: \"%s\": got \"%s\" want \"%s\" %s\n", module,
			       recur_json_get(t, "name")->str, got.buf, want->str, err.msg);
			failed++;
		}
		(*total)++;
		recur_buf_release(&got);
	}
	printf("#   %s.json: %zu tests, %d failed\n", module, tests ? tests->n : 0, failed);
out:
	recur_json_free(doc);
	recur_buf_release(&path);
	recur_buf_release(&text);
	return failed;
}

#define SPEC_TEST(module)                                   \
	static void spec_##module(void)                     \
	{                                                   \
		int total = 0;                              \
		CHECK_INT(run_spec_file(#module, &total), 0); \
		CHECK(total > 0);                           \
	}

SPEC_TEST(comments)
SPEC_TEST(delimiters)
SPEC_TEST(interpolation)
SPEC_TEST(inverted)
SPEC_TEST(partials)
SPEC_TEST(sections)

/* Renders tmpl against the JSON text data with escape; returns the output or the error. */
static char *render(const char *tmpl, const char *data, recur_mustache_escape_fn escape,
		    struct recur_error *err)
{
	struct recur_json *ctx = NULL;
	struct recur_buf out = RECUR_BUF_INIT;
	struct recur_mustache_opts o = { "t.md", escape, NULL, NULL };

	recur_error_init(err);
	if (recur_json_parse(data, strlen(data), "data", &ctx, err) ||
	    recur_mustache_render(tmpl, strlen(tmpl), ctx, &o, &out, err)) {
		recur_buf_reset(&out);
		recur_buf_addf(&out, "ERROR %ld:%ld %s", err->line, err->column, err->msg);
	}
	recur_json_free(ctx);
	return recur_buf_detach(&out, NULL);
}

#define CHECK_RENDER(tmpl, data, escape, want)                                \
	do {                                                                  \
		struct recur_error e_;                                        \
		char *got_ = render(tmpl, data, escape, &e_);                 \
		CHECK_STR(got_, want);                                        \
		free(got_);                                                   \
	} while (0)

static void markdown_escape(void)
{
	CHECK_RENDER("| {{t}} |", "{\"t\":\"a|b\\nc *x* _y_ [l](u) <b> `c` & ~s~ #h \\\\\"}",
		     recur_mustache_escape_markdown,
		     "| a\\|b c \\*x\\* \\_y\\_ \\[l\\](u) \\<b\\> \\`c\\` \\& \\~s\\~ \\#h \\\\ |");
	CHECK_RENDER("{{t}}", "{\"t\":\"a\\r\\nb\"}", recur_mustache_escape_markdown, "a b");
	CHECK_RENDER("{{{t}}}", "{\"t\":\"*raw*\"}", recur_mustache_escape_markdown, "*raw*");
}

static void html_escape_and_none(void)
{
	CHECK_RENDER("{{t}}", "{\"t\":\"<script>'&\\\"\"}", recur_mustache_escape_html,
		     "&lt;script&gt;&#39;&amp;&quot;");
	CHECK_RENDER("{{t}}", "{\"t\":\"<b>\"}", NULL, "<b>");
}

static void numbers_and_indexes(void)
{
	CHECK_RENDER("{{a}} {{b}} {{c}} {{m.1}}", "{\"a\":12.5,\"b\":3,\"c\":null,\"m\":[\"x\",\"y\"]}",
		     NULL, "12.5 3  y");
	CHECK_RENDER("{{#l}}{{n}}:{{#x}}{{x}}{{/x}}{{^x}}-{{/x}};{{/l}}",
		     "{\"l\":[{\"n\":1,\"x\":\"a\"},{\"n\":2,\"x\":null}]}", NULL, "1:a;2:-;");
}

static void errors_have_locations(void)
{
	CHECK_RENDER("line\n  {{#a}}\nx\n", "{}", NULL,
		     "ERROR 2:3 unclosed section 'a': add its closing tag");
	CHECK_RENDER("{{#a}}\n{{#b}}\n{{/a}}", "{}", NULL,
		     "ERROR 3:1 section 'b' (opened at line 2) closed by '/a': close the inner "
		     "section first");
	CHECK_RENDER("ab {{/a}}", "{}", NULL,
		     "ERROR 1:4 closing tag '/a' without an open section: remove it or add the "
		     "opening tag");
	CHECK_RENDER("x\n{{=<%>=}}", "{}", NULL,
		     "ERROR 2:1 bad delimiters in set-delimiter tag: write two delimiters without "
		     "spaces or '=' in them, e.g. {{=<% %>=}}");
	CHECK_RENDER("a {{b", "{}", NULL, "ERROR 1:3 unclosed tag: add the closing delimiter '}}'");
	CHECK_RENDER("{{ }}", "{}", NULL, "ERROR 1:1 empty tag: put a name between the delimiters");
}

static void section_depth_limit(void)
{
	struct recur_buf t = RECUR_BUF_INIT;
	struct recur_error err;
	char *got;
	int i;

	for (i = 0; i < RECUR_MUSTACHE_MAX_SECTIONS + 1; i++)
		recur_buf_adds(&t, "{{#a}}");
	got = render(t.buf, "{}", NULL, &err);
	CHECK(strstr(got, "sections nested deeper than 100") != NULL);
	CHECK(strstr(got, "RECUR_MUSTACHE_MAX_SECTIONS") != NULL); /* says how to raise it */
	free(got);
	recur_buf_release(&t);
}

static int load_self(const char *name, struct recur_buf *out, void *ctx, struct recur_error *err)
{
	(void)ctx;
	(void)err;
	recur_buf_adds(out, "x{{>");
	recur_buf_adds(out, name);
	recur_buf_adds(out, "}}");
	return 1;
}

static int load_fail(const char *name, struct recur_buf *out, void *ctx, struct recur_error *err)
{
	(void)out;
	(void)ctx;
	return recur_error_set(err, "no partial '%s'", name);
}

static void partial_limits(void)
{
	struct recur_mustache_opts o = { "main", NULL, load_self, NULL };
	struct recur_buf out = RECUR_BUF_INIT;
	struct recur_error err;

	recur_error_init(&err);
	CHECK_INT(recur_mustache_render("{{>p}}", 6, NULL, &o, &out, &err), -1);
	CHECK(strstr(err.msg, "partials nested deeper than 64 at partial 'p'") != NULL);
	CHECK(strstr(err.msg, "RECUR_MUSTACHE_MAX_PARTIALS") != NULL);
	CHECK_STR(err.file, "p");
	CHECK_INT(out.len, 64);
	o.load = load_fail;
	recur_error_init(&err);
	CHECK_INT(recur_mustache_render("{{>q}}", 6, NULL, &o, &out, &err), -1);
	CHECK_STR(err.msg, "no partial 'q'");
	recur_buf_release(&out);
}

static int load_branching(const char *name, struct recur_buf *out, void *ctx,
			  struct recur_error *err)
{
	(void)name;
	(void)ctx;
	(void)err;
	recur_buf_adds(out, "{{#d}}{{>p}}{{>p}}{{/d}}");
	return 1;
}

/* 20 levels of data, two partials per level: 2^20 renders, within the depth limit. */
static void branching_partials_stop(void)
{
	struct recur_mustache_opts o = { "main", NULL, load_branching, NULL };
	struct recur_buf out = RECUR_BUF_INIT, data = RECUR_BUF_INIT;
	struct recur_json *ctx = NULL;
	struct recur_error err;
	int i;

	for (i = 0; i < 20; i++)
		recur_buf_adds(&data, "{\"d\":");
	recur_buf_adds(&data, "false");
	for (i = 0; i < 20; i++)
		recur_buf_addch(&data, '}');
	recur_error_init(&err);
	CHECK_INT(recur_json_parse(data.buf, data.len, "data", &ctx, &err), 0);
	CHECK_INT(recur_mustache_render("{{>p}}", 6, ctx, &o, &out, &err), -1);
	CHECK(strstr(err.msg, "more than 100000 partials rendered at partial 'p'") != NULL);
	recur_json_free(ctx);
	recur_buf_release(&data);
	recur_buf_release(&out);
}

static void output_limit(void)
{
	struct recur_mustache_opts o = { "big", NULL, NULL, NULL };
	struct recur_buf out;
	struct recur_error err;

	recur_buf_init(&out, 8);
	recur_error_init(&err);
	CHECK_INT(recur_mustache_render("0123456789", 10, NULL, &o, &out, &err), -1);
	CHECK(strstr(err.msg, "larger than 8 bytes") != NULL);
	recur_buf_release(&out);
}

int main(void)
{
	RUN(spec_comments);
	RUN(spec_delimiters);
	RUN(spec_interpolation);
	RUN(spec_inverted);
	RUN(spec_partials);
	RUN(spec_sections);
	RUN(markdown_escape);
	RUN(html_escape_and_none);
	RUN(numbers_and_indexes);
	RUN(errors_have_locations);
	RUN(section_depth_limit);
	RUN(partial_limits);
	RUN(branching_partials_stop);
	RUN(output_limit);
	return HARNESS_END();
}
