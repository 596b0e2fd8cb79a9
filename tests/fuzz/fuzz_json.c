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
 * reads its records. The same text is read as JSON Lines too (a .jsonl
 * name, and a .json that looks like one object per line), and records
 * keyed by id carry their key.
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

/*
 * The text as the importer reads it (jrows_parse: a document, or JSON Lines
 * by name or by look): a document that parses whole must parse so too;
 * lines that fail name a line and column. Then the records (found by shape:
 * a list under any key, objects keyed by id) and every row value is a
 * slice of the row text; a keyed record carries its key.
 */
static void check_rows(const char *buf, size_t len, const char *name, int must_parse)
{
	struct jrows j;
	struct recur_error err;
	static char *paths[] = { "id", "fields.status", "tags", "a.b.c", "title#prefix",
				 "title#rest" };
	size_t all;

	memset(&j, 0, sizeof(j));
	recur_buf_init(&j.text, 0);
	recur_buf_init(&j.name, 0);
	recur_error_init(&err);
	if (jrows_parse(&j, buf, len, name, 1 + len % 3, NULL, NULL, &err)) {
		FUZZ_ASSERT(!must_parse);
		FUZZ_ASSERT(err.msg[0] && err.line >= 1 && err.column >= 1);
		jrows_release(&j);
		return;
	}
	if (jrows_open(&j, name, record_paths[len % 5], &err) == 0) {
		jrows_set_paths(&j, paths, 6);
		all = j.n + j.npaths;
		while (jrows_next(&j, &err) == 1) {
			size_t i;

			for (i = 0; i < all; i++) {
				const char *p = j.vals[i].ptr;

				FUZZ_ASSERT(p != NULL);
				FUZZ_ASSERT(j.vals[i].len == 0 ||
					    (p >= j.text.buf && p + j.vals[i].len <= j.text.buf + j.text.len));
			}
			FUZZ_ASSERT(!j.keyed || recur_json_get(jrows_current(&j), "_key"));
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
		check_rows(buf, size, "fuzz.json", 1);
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
		check_rows(buf, size, "fuzz.json", 0); /* one object per line reads */
	}
	check_rows(buf, size, "fuzz.jsonl", 0);
	free(buf);
	return 0;
}
