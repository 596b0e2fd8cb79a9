/* test_frontmatter.c — the YAML front matter subset (frontmatter.h): every
 * construct it reads, the dates, and each refusal with its line. */
#include "harness.h"
#include "recur/buf.h"
#include "recur/frontmatter.h"
#include "recur/mem.h"
#include "recur/timeutil.h"

#include <stdlib.h>

static struct recur_frontmatter fm;
static struct recur_error err;

/* Parses text; returns what recur_frontmatter_parse returned. */
static int parse(const char *text)
{
	recur_frontmatter_release(&fm);
	recur_error_init(&err);
	return recur_frontmatter_parse(text, strlen(text), &fm, &err);
}

static const char *text_of(const char *key)
{
	const struct recur_fm_node *n = recur_fm_get(&fm.root, key);

	return n && n->type == RECUR_FM_TEXT ? n->value : NULL;
}

/* recur_fm_text of a key, kept until the next call. */
static const char *joined(const char *key)
{
	static char *last;

	free(last);
	last = recur_fm_text(recur_fm_get(&fm.root, key));
	return last;
}

static void fm_none(void)
{
	CHECK_INT(parse("# Title\n\nText\n"), 0);
	CHECK_INT(fm.end, 0);
	/* a thematic break opening the Markdown is not front matter */
	CHECK_INT(parse("---\nJust a paragraph under a rule.\n---\n"), 0);
	CHECK_INT(parse("---\n\nSome text\n"), 0);
	CHECK_INT(parse(""), 0);
	CHECK_INT(parse("--"), 0);
	/* empty front matter */
	CHECK_INT(parse("---\n---\n# T\n"), 1);
	CHECK_INT(fm.root.n, 0);
	CHECK_INT(fm.end, 8);
}

static void fm_scalars(void)
{
	const char *doc =
		"\xEF\xBB\xBF---\r\n"
		"title: Outage: the database   # a comment\r\n"
		"plain: a#b # a comment\r\n"
		"single: 'it''s # not a comment'\r\n"
		"double: \"tab\\there \\\"q\\\" \\u00e9\\x41 \\U0001F600 \\\\\"\r\n"
		"\"quoted key\": v\r\n"
		"empty:\r\n"
		"tilde: ~\r\n"
		"nul: null\r\n"
		"qempty: ''\r\n"
		"number: 42\r\n"
		"Start-Time: 2019-06-02 14:30:00 -07:00\r\n"
		"url: https://example.com/a:b\r\n"
		"...\r\n"
		"# Body\r\n";

	CHECK_INT(parse(doc), 1);
	CHECK_INT(fm.lines, 14);
	CHECK(!strcmp(doc + fm.end, "# Body\r\n"));
	CHECK_STR(text_of("title"), "Outage: the database");
	CHECK_STR(text_of("plain"), "a#b");
	CHECK_STR(text_of("single"), "it's # not a comment");
	CHECK_STR(text_of("double"), "tab\there \"q\" \xC3\xA9" "A \xF0\x9F\x98\x80 \\");
	CHECK_STR(text_of("quoted key"), "v");
	CHECK(recur_fm_get(&fm.root, "empty") && recur_fm_get(&fm.root, "empty")->type == RECUR_FM_NULL);
	CHECK(recur_fm_get(&fm.root, "tilde")->type == RECUR_FM_NULL);
	CHECK(recur_fm_get(&fm.root, "nul")->type == RECUR_FM_NULL);
	CHECK_STR(text_of("qempty"), "");
	CHECK_STR(text_of("number"), "42");
	CHECK_STR(text_of("start_time"), "2019-06-02 14:30:00 -07:00");
	CHECK_STR(text_of("url"), "https://example.com/a:b");
	CHECK_INT(recur_fm_get(&fm.root, "url")->line, 13);
	CHECK(recur_fm_get(&fm.root, "missing") == NULL);
}

static void fm_multiline(void)
{
	CHECK_INT(parse("---\n"
			"summary: A plain value\n"
			"  that runs on\n"
			"\n"
			"  with a blank line\n"
			"next: \"folded\n"
			"   quoted \\\n"
			"   joined\"\n"
			"below:\n"
			"  starts on the next line\n"
			"  and goes on\n"
			"lit: |\n"
			"  line one\n"
			"    indented\n"
			"\n"
			"  # not a comment\n"
			"strip: |-\n"
			"  x\n"
			"\n"
			"keep: |+\n"
			"  y\n"
			"\n"
			"fold: >\n"
			"  folded\n"
			"  text\n"
			"\n"
			"  para\n"
			"ind: |2\n"
			"    two more\n"
			"last: 1\n"
			"---\n"), 1);
	CHECK_STR(text_of("summary"), "A plain value that runs on\nwith a blank line");
	CHECK_STR(text_of("next"), "folded quoted joined");
	CHECK_STR(text_of("below"), "starts on the next line and goes on");
	CHECK_STR(text_of("lit"), "line one\n  indented\n\n# not a comment\n");
	CHECK_STR(text_of("strip"), "x");
	CHECK_STR(text_of("keep"), "y\n\n");
	CHECK_STR(text_of("fold"), "folded text\npara\n");
	CHECK_STR(text_of("ind"), "  two more\n");
	CHECK_STR(text_of("last"), "1");
}

static void fm_lists_and_maps(void)
{
	const struct recur_fm_node *n;

	CHECK_INT(parse("---\n"
			"tags: [network, 'a, b', \"c\" , [nested, x], ]\n"
			"multi: [one,\n"
			"   two # comment\n"
			"   ]\n"
			"categories:\n"
			"- cloud\n"
			"- dns\n"
			"authors:\n"
			"  - name: Ana\n"
			"    title: SRE\n"
			"  - name: Bo\n"
			"  - plain\n"
			"  - - deep\n"
			"    - deeper\n"
			"author:\n"
			"  name: Cy\n"
			"  links:\n"
			"    - https://c.example\n"
			"tags: [override]\n"
			"---\n"), 1);
	/* the last of a key written twice */
	CHECK_STR(joined("tags"), "override");
	n = &fm.root.items[0];
	CHECK_INT(n->type, RECUR_FM_LIST);
	CHECK_INT(n->n, 4);
	if (n->n == 4) {
		CHECK_STR(n->items[0].value, "network");
		CHECK_STR(n->items[1].value, "a, b");
		CHECK_STR(n->items[2].value, "c");
		CHECK_INT(n->items[3].type, RECUR_FM_LIST);
		CHECK_INT(n->items[3].n, 2);
	}
	CHECK_STR(joined("multi"), "one, two");
	CHECK_STR(joined("categories"), "cloud, dns");
	n = recur_fm_get(&fm.root, "authors");
	CHECK(n && n->type == RECUR_FM_LIST && n->n == 4);
	if (n && n->n == 4) {
		CHECK_STR(recur_fm_get(&n->items[0], "name")->value, "Ana");
		CHECK_STR(recur_fm_get(&n->items[0], "title")->value, "SRE");
		CHECK_STR(recur_fm_get(&n->items[1], "name")->value, "Bo");
		CHECK_STR(n->items[2].value, "plain");
		CHECK_INT(n->items[3].type, RECUR_FM_LIST);
		CHECK_INT(n->items[3].n, 2);
		CHECK_INT(n->items[0].line, 10);
	}
	CHECK_STR(joined("authors"), "plain");
	n = recur_fm_get(&fm.root, "author");
	CHECK(n && n->type == RECUR_FM_MAP);
	CHECK_STR(recur_fm_get(n, "name")->value, "Cy");
	CHECK_STR(recur_fm_text(NULL), NULL);
}

static void fm_times(void)
{
	long long at, day;
	int clock;

	CHECK_INT(recur_frontmatter_time("2019-06-02", &at, &day, &clock), 0);
	CHECK_INT(at, recur_time_make(2019, 6, 2, 0, 0, 0));
	CHECK_INT(clock, 0);
	CHECK_INT(recur_frontmatter_time("2019-06-02 14:30:00 -07:00", &at, &day, &clock), 0);
	CHECK_INT(at, recur_time_make(2019, 6, 2, 21, 30, 0));
	CHECK_INT(day, recur_time_make(2019, 6, 2, 0, 0, 0));
	CHECK_INT(clock, 1);
	CHECK_INT(recur_frontmatter_time("2019-06-02 23:30:00 -0700", &at, &day, &clock), 0);
	CHECK_INT(at, recur_time_make(2019, 6, 3, 6, 30, 0));
	CHECK_INT(day, recur_time_make(2019, 6, 2, 0, 0, 0)); /* the day as written */
	CHECK_INT(recur_frontmatter_time("2001-12-14t21:59:43.10-05:00", &at, &day, &clock), 0);
	CHECK_INT(at, recur_time_make(2001, 12, 15, 2, 59, 43));
	CHECK_INT(recur_frontmatter_time("2001-12-14 21:59:43.10 -5", &at, &day, &clock), 0);
	CHECK_INT(at, recur_time_make(2001, 12, 15, 2, 59, 43));
	CHECK_INT(recur_frontmatter_time("2021-09-13T10:00", &at, &day, &clock), 0);
	CHECK_INT(at, recur_time_make(2021, 9, 13, 10, 0, 0));
	CHECK_INT(recur_frontmatter_time("2021-09-13T10:00:00Z", &at, &day, &clock), 0);
	CHECK_INT(at, recur_time_make(2021, 9, 13, 10, 0, 0));
	CHECK_INT(recur_frontmatter_time("2002-1-5", &at, &day, &clock), 0);
	CHECK_INT(at, recur_time_make(2002, 1, 5, 0, 0, 0));
	/* other spellings through timeparse.h */
	CHECK_INT(recur_frontmatter_time("June 2, 2019", &at, &day, &clock), 0);
	CHECK_INT(at, recur_time_make(2019, 6, 2, 0, 0, 0));
	CHECK_INT(recur_frontmatter_time("2019-02-30", &at, &day, &clock), -1);
	CHECK_INT(recur_frontmatter_time("2019-06-02 25:00", &at, &day, &clock), -1);
	CHECK_INT(recur_frontmatter_time("soon", &at, &day, &clock), -1);
	CHECK_INT(recur_frontmatter_time(NULL, &at, &day, &clock), -1);
}

/* A refusal: -1, the line and a message containing what. */
static void refused(const char *doc, long line, const char *what)
{
	int rc = parse(doc);

	CHECK_INT(rc, -1);
	CHECK_INT(err.line, line);
	if (!strstr(err.msg, what)) {
		printf("#   message \"%s\" lacks \"%s\"\n", err.msg, what);
		harness_failed_now = 1;
	}
	CHECK_INT(fm.root.n, 0);
}

static void fm_refusals(void)
{
	struct recur_buf deep = RECUR_BUF_INIT;
	char *key;
	int i;

	refused("---\ntitle: x\n", 1, "never closed");
	refused("---\ntitle: x\n\tdate: 2019-01-01\n---\n", 3, "tab in the indentation");
	refused("---\nbase: &b x\n---\n", 2, "anchor");
	refused("---\nother: *b\n---\n", 2, "alias");
	refused("---\nt: !!str 5\n---\n", 2, "tag");
	refused("---\nlist:\n  - !custom x\n---\n", 3, "tag");
	refused("---\nm: {a: 1}\n---\n", 2, "flow mapping");
	refused("---\nl: [a, {b: 1}]\n---\n", 2, "flow mapping");
	refused("---\ntitle: x\n? complex\n: v\n---\n", 3, "complex key");
	refused("---\ntitle: x\njust words\n---\n", 3, "not 'key: value'");
	refused("---\ntitle:Foo\n---\nBody\n", 2, "a space after the colon");
	refused("---\ntitle:\n  a: 1\n b: 2\n---\n", 4, "unexpected indentation");
	refused("---\ntitle: \"open\n---\n", 2, "never closed");
	refused("---\ntitle: [a, b\n---\n", 2, "never closed");
	refused("---\ntitle: \"bad \\q\"\n---\n", 2, "unknown escape");
	refused("---\ntitle: \"nul \\0\"\n---\n", 2, "NUL");
	refused("---\ntitle: \"\\ud800\"\n---\n", 2, "surrogate");
	refused("---\ntitle: 'x' trailing\n---\n", 2, "text after the value");
	/* a list: not front matter at all */
	CHECK_INT(parse("---\n- a\n---\n"), 0);
	/* deep nesting stops at the limit, in both styles */
	recur_buf_adds(&deep, "---\n");
	for (i = 0; i < 40; i++)
		recur_buf_addf(&deep, "%*sk%d:\n", i, "", i);
	recur_buf_adds(&deep, "---\n");
	refused(deep.buf, 19, "nesting deeper");
	recur_buf_reset(&deep);
	recur_buf_adds(&deep, "---\nk: ");
	for (i = 0; i < 40; i++)
		recur_buf_adds(&deep, "[");
	recur_buf_adds(&deep, "\n---\n");
	refused(deep.buf, 2, "nested too deeply");
	recur_buf_reset(&deep);
	recur_buf_adds(&deep, "---\nk:\n");
	for (i = 0; i < 40; i++)
		recur_buf_adds(&deep, "- ");
	recur_buf_adds(&deep, "x\n---\n");
	refused(deep.buf, 3, "nesting deeper");
	/* a huge key */
	key = xmalloc(300);
	memset(key, 'k', 299);
	key[299] = '\0';
	recur_buf_reset(&deep);
	recur_buf_addf(&deep, "---\n%s: v\n---\n", key);
	refused(deep.buf, 2, "longer than 256");
	free(key);
	recur_buf_release(&deep);
	/* a tab inside a value is text */
	CHECK_INT(parse("---\ntitle: a\tb\n---\n"), 1);
	CHECK_STR(text_of("title"), "a\tb");
}

/* Hugo's TOML front matter between "+++" lines, into the same tree. */
static void fm_toml(void)
{
	const struct recur_fm_node *n;

	CHECK_INT(parse("+++\n"
			"title = \"Card declines: \\\"acquirer\\\" \\u00e9\"  # comment\n"
			"date = 2024-05-14T16:20:00Z\n"
			"draft = false\n"
			"'quoted key' = 'C:\\path'\n"
			"tags = [\"payments\", 'third-party',\n  \"x\"]\n"
			"summary = \"\"\"\nLine one\nline two\"\"\"\n"
			"raw = '''\nno \\escapes'''\n"
			"[params]\n"
			"team = \"Payments\"\n"
			"[[resources]]\n"
			"src = \"a.png\"\n"
			"[[resources]]\n"
			"src = \"b.png\"\n"
			"+++\n"
			"# Body\n"), 1);
	CHECK_STR(text_of("title"), "Card declines: \"acquirer\" \xC3\xA9");
	CHECK_STR(text_of("date"), "2024-05-14T16:20:00Z");
	CHECK_STR(text_of("draft"), "false");
	CHECK_STR(text_of("quoted key"), "C:\\path");
	CHECK_STR(joined("tags"), "payments, third-party, x");
	CHECK_STR(text_of("summary"), "Line one\nline two");
	CHECK_STR(text_of("raw"), "no \\escapes");
	n = recur_fm_get(&fm.root, "params");
	CHECK(n && n->type == RECUR_FM_MAP && recur_fm_get(n, "team"));
	n = recur_fm_get(&fm.root, "resources");
	CHECK(n && n->type == RECUR_FM_LIST && n->n == 2);
	if (n && n->n == 2)
		CHECK_STR(recur_fm_get(&n->items[1], "src")->value, "b.png");
	CHECK_INT(fm.lines, 19);
	refused("+++\ntitle = \"x\"\n", 1, "'+++' block opened here is never closed");
	refused("+++\ntitle \"x\"\n+++\n", 2, "not 'key = value'");
	refused("+++\nowner = {name = \"dana\"}\n+++\n", 2, "inline table");
	refused("+++\n[params\n+++\n", 2, "not closed");
	refused("+++\ns = \"\"\"never\n+++\n", 2, "never closed");
	refused("+++\nk =\n+++\n", 2, "no value");
}

int main(void)
{
	RUN(fm_none);
	RUN(fm_scalars);
	RUN(fm_multiline);
	RUN(fm_lists_and_maps);
	RUN(fm_times);
	RUN(fm_refusals);
	RUN(fm_toml);
	recur_frontmatter_release(&fm);
	return HARNESS_END();
}
