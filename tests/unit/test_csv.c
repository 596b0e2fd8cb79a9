/* test_csv.c — the CSV reader: RFC 4180 cases, line ends, limits, errors, csv-spectrum. */
#include "harness.h"
#include "recur/buf.h"
#include "recur/csv.h"
#include "recur/json.h"

#include <stdlib.h>

/* Reads all records of s into "a|b|c\n" lines (fields joined with '|'). */
static int read_all(const char *s, char delim, struct recur_buf *out, struct recur_error *err)
{
	struct recur_csv c;
	int r;
	size_t i;

	recur_csv_init(&c, s, strlen(s), "t.csv", delim);
	while ((r = recur_csv_next(&c, err)) == 1) {
		for (i = 0; i < c.nfields; i++) {
			if (i)
				recur_buf_addch(out, '|');
			recur_buf_add(out, c.fields[i].ptr, c.fields[i].len);
		}
		recur_buf_addch(out, '\n');
	}
	recur_csv_release(&c);
	return r;
}

static void expect(const char *in, const char *want)
{
	struct recur_buf out = RECUR_BUF_INIT;
	struct recur_error err;

	recur_error_init(&err);
	CHECK_INT(read_all(in, 0, &out, &err), 0);
	CHECK_STR(out.buf, want);
	recur_buf_release(&out);
}

static void csv_simple(void)
{
	expect("a,b,c\n1,2,3\n", "a|b|c\n1|2|3\n");
	expect("a,b,c\n1,2,3", "a|b|c\n1|2|3\n");
	expect("a,b\n,\n", "a|b\n|\n");
	expect("a,b\n1,\n", "a|b\n1|\n");
}

static void csv_quoted(void)
{
	expect("\"a,1\",\"b\"\"q\"\"\",\"\"\n", "a,1|b\"q\"|\n");
	expect("x,\"\"\"\"\n", "x|\"\n");
	/* quote in the middle of an unquoted field is literal */
	expect("ab\"c,d\n", "ab\"c|d\n");
	/* text after the closing quote is kept */
	expect("\"ab\"cd,e\n", "abcd|e\n");
}

static void csv_line_ends(void)
{
	expect("a,b\r\n1,2\r\n", "a|b\n1|2\n");
	expect("a,b\r1,2\r", "a|b\n1|2\n");
	expect("a,\"x\ny\"\n1,2\n", "a|x\ny\n1|2\n");
	expect("a,\"x\r\ny\"\r\n", "a|x\r\ny\n");
	/* blank lines carry no record */
	expect("a\n\n\r\nb\n", "a\nb\n");
}

static void csv_bom_and_delims(void)
{
	expect("\xEF\xBB\xBF" "a,b\n1,2\n", "a|b\n1|2\n");
	expect("a;b;c\n1;2,5;3\n", "a|b|c\n1|2,5|3\n");
	expect("a\tb\n1\t2\n", "a|b\n1|2\n");
	expect("a|b\n1|2\n", "a|b\n1|2\n");
	/* delimiters inside quoted header names do not count */
	CHECK_INT(recur_csv_detect_delim("\"a;b;c\",d,e\n", 12), ',');
	CHECK_INT(recur_csv_detect_delim("abc\n", 4), ',');
	CHECK_INT(recur_csv_detect_delim("\xEF\xBB\xBF" "x;y\n", 7), ';');
}

/* Excel's "sep=;" line names the delimiter and is no record; a header that
 * only starts with "sep=" is a header. */
static void csv_sep_hint(void)
{
	const char *s = "sep=;\r\na,b;c\r\n1,5;2\r\n";
	struct recur_csv c;
	struct recur_error err;

	expect("sep=;\na,b;c\n1,5;2\n", "a,b|c\n1,5|2\n");
	expect("\xEF\xBB\xBF" "sep=|\r\nx|y\n1|2\n", "x|y\n1|2\n");
	expect("sep=;x,y\n1,2\n", "sep=;x|y\n1|2\n");
	CHECK_INT(recur_csv_detect_delim("sep=\t\nx,y,z\n", 13), '\t');
	recur_error_init(&err);
	recur_csv_init(&c, s, strlen(s), "t.csv", 0);
	CHECK_INT(recur_csv_next(&c, &err), 1);
	CHECK_INT(c.rec_line, 2);
	CHECK_INT(recur_csv_next(&c, &err), 1);
	CHECK_INT(c.rec_line, 3);
	recur_csv_release(&c);
}

static void csv_line_numbers(void)
{
	const char *s = "h1,h2\n1,\"multi\nline\"\n3,4\n";
	struct recur_csv c;
	struct recur_error err;

	recur_error_init(&err);
	recur_csv_init(&c, s, strlen(s), "t.csv", 0);
	CHECK_INT(recur_csv_next(&c, &err), 1);
	CHECK_INT(c.rec_line, 1);
	CHECK_INT(recur_csv_next(&c, &err), 1);
	CHECK_INT(c.rec_line, 2);
	CHECK_INT(recur_csv_next(&c, &err), 1);
	CHECK_INT(c.rec_line, 4);
	CHECK_INT(recur_csv_next(&c, &err), 0);
	recur_csv_release(&c);
}

static void csv_unterminated(void)
{
	struct recur_buf out = RECUR_BUF_INIT;
	struct recur_error err;
	char msg[2048];

	recur_error_init(&err);
	CHECK_INT(read_all("a,b\n1,2\n3,\"oops\n4,5\n", 0, &out, &err), -1);
	CHECK_STR(err.file, "t.csv");
	CHECK_INT(err.line, 3);
	CHECK_INT(err.column, 3);
	recur_error_format(&err, msg, sizeof(msg));
	CHECK(strstr(msg, "t.csv:3:3: unterminated quoted field (opened here)") == msg);
	recur_buf_release(&out);
}

/* Reads buf[0..len) to the end; the result of the last recur_csv_next. */
static int read_bytes(const char *buf, size_t len, struct recur_error *err)
{
	struct recur_csv c;
	int r;

	recur_error_init(err);
	recur_csv_init(&c, buf, len, "t.csv", ',');
	while ((r = recur_csv_next(&c, err)) == 1)
		;
	recur_csv_release(&c);
	return r;
}

/* NUL bytes and invalid UTF-8 fail at their line:col; valid UTF-8 reads. */
static void csv_text_checks(void)
{
	static const char nul[] = "a,b\n1,x\0y\n";
	struct recur_error err;
	char msg[2048];

	CHECK_INT(read_bytes(nul, sizeof(nul) - 1, &err), -1);
	CHECK_INT(err.line, 2);
	CHECK_INT(err.column, 4);
	CHECK(strstr(err.msg, "NUL byte in a field") == err.msg);
	/* a Windows-1252 e-acute, unquoted, after a UTF-8 one (one column) */
	CHECK_INT(read_bytes("a,b\n1,\xc3\xa9t\xe9\n", 12, &err), -1);
	CHECK_INT(err.line, 2);
	CHECK_INT(err.column, 5);
	recur_error_format(&err, msg, sizeof(msg));
	CHECK(strstr(msg, "t.csv:2:5: invalid UTF-8 (byte 0xe9)") == msg);
	/* on the second line of a quoted field, past 8 ASCII bytes */
	CHECK_INT(read_bytes("a,b\n1,\"one\nabcdefghij\xff\"\n", 23, &err), -1);
	CHECK_INT(err.line, 3);
	CHECK_INT(err.column, 11);
	/* after the closing quote */
	CHECK_INT(read_bytes("a,b\n1,\"x\"\xe9\n", 10, &err), -1);
	CHECK_INT(err.column, 6);
	/* overlong, surrogate, cut short, past U+10FFFF */
	CHECK_INT(read_bytes("a\n\xc0\xaf\n", 5, &err), -1);
	CHECK_INT(read_bytes("a\n\xed\xa0\x80\n", 6, &err), -1);
	CHECK_INT(read_bytes("a\n\xe2\x82\n", 5, &err), -1);
	CHECK_INT(read_bytes("a\n\xf4\x90\x80\x80\n", 7, &err), -1);
	/* 2, 3 and 4 byte forms, quoted and not, read */
	expect("a,b\n\xc3\xa9,\"\xe2\x82\xac \xf0\x9f\x98\x80 and more text\"\n",
	       "a|b\n\xc3\xa9|\xe2\x82\xac \xf0\x9f\x98\x80 and more text\n");
}

static void csv_limits(void)
{
	struct recur_csv c;
	struct recur_error err;
	struct recur_buf big = RECUR_BUF_INIT;
	size_t i;

	recur_error_init(&err);
	recur_buf_adds(&big, "a,b\n");
	for (i = 0; i < 100; i++)
		recur_buf_adds(&big, "xxxxxxxxxx");
	recur_csv_init(&c, big.buf, big.len, "big.csv", 0);
	c.max_field = 64;
	CHECK_INT(recur_csv_next(&c, &err), 1);
	CHECK_INT(recur_csv_next(&c, &err), -1);
	CHECK(strstr(err.msg, "field size limit") != NULL);
	CHECK_INT(err.line, 2);
	recur_csv_release(&c);

	recur_error_init(&err);
	recur_buf_reset(&big);
	for (i = 0; i < 20; i++)
		recur_buf_adds(&big, "x,");
	recur_csv_init(&c, big.buf, big.len, "wide.csv", 0);
	c.max_cols = 10;
	CHECK_INT(recur_csv_next(&c, &err), -1);
	CHECK(strstr(err.msg, "column limit") != NULL);
	recur_csv_release(&c);

	/* the default field limit: a 17 MiB quoted field fails cleanly */
	recur_error_init(&err);
	recur_buf_reset(&big);
	recur_buf_adds(&big, "a\n\"");
	for (i = 0; i < (17u << 20) / 16; i++)
		recur_buf_adds(&big, "yyyyyyyyyyyyyyyy");
	recur_buf_adds(&big, "\"\n");
	recur_csv_init(&c, big.buf, big.len, "huge.csv", 0);
	CHECK_INT(recur_csv_next(&c, &err), 1);
	CHECK_INT(recur_csv_next(&c, &err), -1);
	CHECK(strstr(err.msg, "16777216 bytes") != NULL);
	recur_csv_release(&c);
	recur_buf_release(&big);
}

struct collect {
	struct recur_json *rows;
	char **head;
	size_t nhead;
};

static int collect_row(const struct recur_csv_field *f, size_t n, long line, void *ctx)
{
	struct collect *k = ctx;
	struct recur_json *o;
	size_t i;

	(void)line;
	if (!k->head) {
		k->head = calloc(n, sizeof(char *));
		for (i = 0; i < n; i++) {
			k->head[i] = malloc(f[i].len + 1);
			memcpy(k->head[i], f[i].ptr, f[i].len);
			k->head[i][f[i].len] = '\0';
		}
		k->nhead = n;
		return 0;
	}
	o = recur_json_push(k->rows, recur_json_new(RECUR_JSON_OBJECT));
	for (i = 0; i < n && i < k->nhead; i++)
		recur_json_set(o, k->head[i], recur_json_new_stringn(f[i].ptr, f[i].len));
	return 0;
}

/* Parses csvs/NAME.csv into JSON text (array of objects) in out. */
static int spectrum_parse(const char *dir, const char *name, struct recur_buf *out)
{
	struct recur_buf path = RECUR_BUF_INIT, data = RECUR_BUF_INIT;
	struct collect k = { recur_json_new(RECUR_JSON_ARRAY), NULL, 0 };
	struct recur_error err;
	size_t i;
	int r;

	recur_error_init(&err);
	recur_buf_addf(&path, "%s/csvs/%s.csv", dir, name);
	r = recur_buf_read_file(&data, path.buf);
	if (!r)
		r = recur_csv_parse(data.buf, data.len, path.buf, 0, collect_row, &k, &err);
	if (r)
		printf("#   %s: %s\n", path.buf, err.msg);
	recur_json_write(k.rows, out, 0);
	for (i = 0; i < k.nhead; i++)
		free(k.head[i]);
	free(k.head);
	recur_json_free(k.rows);
	recur_buf_release(&path);
	recur_buf_release(&data);
	return r;
}

/* Reads json/NAME.json and writes it in the same canonical form; a bare
 * object counts as a one-record array. Returns the tree in *tree. */
static int spectrum_expected(const char *dir, const char *name, struct recur_buf *out,
			     struct recur_json **tree)
{
	struct recur_buf path = RECUR_BUF_INIT, data = RECUR_BUF_INIT;
	struct recur_error err;
	int r;

	recur_error_init(&err);
	recur_buf_addf(&path, "%s/json/%s.json", dir, name);
	r = recur_buf_read_file(&data, path.buf);
	if (!r)
		r = recur_json_parse(data.buf, data.len, path.buf, tree, &err);
	if (!r && (*tree)->type == RECUR_JSON_OBJECT) {
		struct recur_json *a = recur_json_new(RECUR_JSON_ARRAY);

		recur_json_push(a, *tree);
		*tree = a;
	}
	if (!r)
		recur_json_write(*tree, out, 0);
	recur_buf_release(&path);
	recur_buf_release(&data);
	return r;
}

static const char *spectrum_dir(void)
{
	static char dir[1024];
	const char *data = getenv("TESTDATA");

	snprintf(dir, sizeof(dir), "%s/csv-spectrum", data ? data : "tests/data");
	return dir;
}

static void csv_spectrum(void)
{
	static const char *cases[] = {
		"comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines",
		"newlines_crlf", "quotes_and_newlines", "simple", "simple_crlf", "utf8",
	};
	const char *dir = spectrum_dir();
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct recur_buf got = RECUR_BUF_INIT, want = RECUR_BUF_INIT;
		struct recur_json *tree = NULL;

		CHECK_INT(spectrum_parse(dir, cases[i], &got), 0);
		CHECK_INT(spectrum_expected(dir, cases[i], &want, &tree), 0);
		if (strcmp(got.buf, want.buf))
			printf("#   case %s\n", cases[i]);
		CHECK_STR(got.buf, want.buf);
		recur_json_free(tree);
		recur_buf_release(&got);
		recur_buf_release(&want);
	}
}

/*
 * location_coordinates: upstream's expected file is a bare object whose phone
 * number (1234567890) was redacted while the CSV's (2095257564) was not. Every
 * other field must match exactly; the phone number must be the CSV's bytes.
 */
static void csv_spectrum_location_coordinates(void)
{
	const char *dir = spectrum_dir();
	struct recur_buf got = RECUR_BUF_INIT, want = RECUR_BUF_INIT;
	struct recur_json *tree = NULL, *parsed = NULL, *a, *b;
	struct recur_error err;
	size_t i;

	recur_error_init(&err);
	CHECK_INT(spectrum_parse(dir, "location_coordinates", &got), 0);
	CHECK_INT(spectrum_expected(dir, "location_coordinates", &want, &tree), 0);
	CHECK_INT(recur_json_parse(got.buf, got.len, "got", &parsed, &err), 0);
	if (!parsed || !tree)
		goto out;
	CHECK_INT(parsed->n, 1);
	CHECK_INT(tree->n, 1);
	if (parsed->n != 1 || tree->n != 1)
		goto out;
	a = parsed->items[0];
	b = tree->items[0];
	CHECK_INT(a->n, b->n);
	for (i = 0; i < a->n && i < b->n; i++) {
		CHECK_STR(a->keys[i], b->keys[i]);
		if (!strcmp(a->keys[i], "Contact Phone Number"))
			CHECK_STR(a->items[i]->str, "2095257564");
		else
			CHECK_STR(a->items[i]->str, b->items[i]->str);
	}
out:
	recur_json_free(parsed);
	recur_json_free(tree);
	recur_buf_release(&got);
	recur_buf_release(&want);
}

int main(void)
{
	RUN(csv_simple);
	RUN(csv_quoted);
	RUN(csv_line_ends);
	RUN(csv_bom_and_delims);
	RUN(csv_sep_hint);
	RUN(csv_line_numbers);
	RUN(csv_unterminated);
	RUN(csv_text_checks);
	RUN(csv_limits);
	RUN(csv_spectrum);
	RUN(csv_spectrum_location_coordinates);
	return HARNESS_END();
}
