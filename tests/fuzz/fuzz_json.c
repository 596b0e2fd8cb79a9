/*
 * fuzz_json.c — the JSON parser and writer (json.h), and the import's JSON
 * record reader (jrows in src/import/import_int.h) on arbitrary bytes.
 *
 * The whole input is one JSON text. Checks that a failure names a line and
 * column and returns no tree, and that a parsed tree written out (one line and
 * pretty) parses back and writes the same text again. Then the text goes
 * through jrows as the importer reads it (records found by shape, or by a
 * records path chosen from the input's length), every row is read, and every
 * column's text is a slice of the row buffer. The bounded parse (long
 * top-level arrays keep a head of one to three items, the rest read one at
 * a time) must succeed and fail exactly as the whole parse does, and jrows
 * reads its records.
 */
#include "fuzz.h"

#include "import/import_int.h"
#include "recur/json.h"

static void check_roundtrip(const struct recur_json *v, int indent)
{
	struct recur_buf a = RECUR_BUF_INIT, b = RECUR_BUF_INIT;
	struct recur_json *w = NULL;
	struct recur_error err;

	recur_error_init(&err);
	recur_json_write(v, &a, indent);
	if (recur_json_parse(a.buf, a.len, "written", &w, &err)) {
		fprintf(stderr, "written JSON does not parse: %s at %ld:%ld\n", err.msg, err.line,
			err.column);
		abort();
	}
	recur_json_write(w, &b, indent);
	FUZZ_ASSERT(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	recur_json_free(w);
	recur_buf_release(&a);
	recur_buf_release(&b);
}

static const char *const record_paths[] = { NULL, "", "incidents", "data.items", "result" };

static void check_rows(const char *buf, size_t len)
{
	struct jrows j;
	struct recur_error err;
	static char *paths[] = { "id", "fields.status", "tags", "a.b.c" };
	size_t all;

	memset(&j, 0, sizeof(j));
	recur_buf_init(&j.text, 0);
	recur_buf_init(&j.name, 0);
	recur_error_init(&err);
	FUZZ_ASSERT(recur_json_parse_bounded(buf, len, "fuzz.json", 1 + len % 3, NULL, NULL, &j.root,
					     &j.longs, &j.nlongs, &err) == 0);
	j.doc = buf;
	j.doclen = len;
	if (jrows_open(&j, "fuzz.json", record_paths[len % 5], &err) == 0) {
		jrows_set_paths(&j, paths, 4);
		all = j.n + j.npaths;
		while (jrows_next(&j, &err) == 1) {
			size_t i;

			for (i = 0; i < all; i++) {
				const char *p = j.vals[i].ptr;

				FUZZ_ASSERT(p != NULL);
				FUZZ_ASSERT(j.vals[i].len == 0 ||
					    (p >= j.text.buf && p + j.vals[i].len <= j.text.buf + j.text.len));
			}
		}
	} else {
		FUZZ_ASSERT(err.msg[0]);
	}
	jrows_release(&j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);
	struct recur_json *v = (struct recur_json *)1;
	struct recur_error err;

	recur_error_init(&err);
	if (recur_json_parse(buf, size, "fuzz.json", &v, &err) == 0) {
		FUZZ_ASSERT(v != NULL);
		check_roundtrip(v, 0);
		check_roundtrip(v, 2);
		recur_json_free(v);
		check_rows(buf, size);
	} else {
		struct recur_error bounded;
		struct recur_json_long *longs = (struct recur_json_long *)1;
		size_t nlongs = 1;

		FUZZ_ASSERT(v == NULL);
		FUZZ_ASSERT(err.msg[0] && err.line >= 1 && err.column >= 1);
		recur_error_init(&bounded);
		FUZZ_ASSERT(recur_json_parse_bounded(buf, size, "fuzz.json", 1 + size % 3, NULL, NULL,
						     &v, &longs, &nlongs, &bounded) == -1);
		FUZZ_ASSERT(v == NULL && longs == NULL && nlongs == 0);
		FUZZ_ASSERT(!strcmp(err.msg, bounded.msg) && err.line == bounded.line &&
			    err.column == bounded.column);
	}
	free(buf);
	return 0;
}
