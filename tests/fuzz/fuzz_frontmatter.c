/*
 * fuzz_frontmatter.c — the YAML front matter subset (recur_frontmatter_parse,
 * recur_fm_text, recur_frontmatter_time) on arbitrary bytes.
 *
 * Byte 0, bit 0: wrap the rest in "---\n" … "\n---\n", so mutations reach the
 * block's grammar instead of its delimiters. A block parses (1), is absent
 * (0: nothing read) or is refused (-1: a message, a line, an empty tree).
 * A parsed tree: every text has a value, every mapping entry a key of at
 * most RECUR_FM_MAX_KEY bytes, nesting within RECUR_FM_MAX_DEPTH, lines
 * inside the block, the body offset inside the input; every value reads as
 * text and as a time without harm.
 */
#include "fuzz.h"

#include "recur/frontmatter.h"

static void check_node(const struct recur_fm_node *n, int depth, long lines)
{
	long long at, day;
	int clock;
	size_t i;
	char *t;

	FUZZ_ASSERT(depth <= RECUR_FM_MAX_DEPTH + 2);
	FUZZ_ASSERT(n->n == 0 || n->items);
	FUZZ_ASSERT(depth == 0 || (n->line >= 2 && n->line < lines));
	if (n->type == RECUR_FM_TEXT) {
		FUZZ_ASSERT(n->value != NULL);
		if (!recur_frontmatter_time(n->value, &at, &day, &clock))
			FUZZ_ASSERT(clock || at == day);
	} else {
		FUZZ_ASSERT(n->value == NULL);
	}
	FUZZ_ASSERT(n->type == RECUR_FM_LIST || n->type == RECUR_FM_MAP || n->n == 0);
	t = recur_fm_text(n);
	FUZZ_ASSERT(!t || t[0]);
	free(t);
	for (i = 0; i < n->n; i++) {
		const struct recur_fm_node *c = &n->items[i];

		if (n->type == RECUR_FM_MAP) {
			FUZZ_ASSERT(c->key != NULL);
			FUZZ_ASSERT(strlen(c->key) <= RECUR_FM_MAX_KEY);
			FUZZ_ASSERT(recur_fm_get(n, c->key) != NULL);
		} else {
			FUZZ_ASSERT(c->key == NULL);
		}
		check_node(c, depth + 1, lines);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recur_frontmatter fm;
	struct recur_error err;
	size_t len;
	char *buf;
	int rc;

	if (size < 1 || size > 200000)
		return 0;
	len = size - 1;
	if (data[0] & 1) {
		len += 9;
		buf = malloc(len);
		if (!buf)
			abort();
		memcpy(buf, "---\n", 4);
		memcpy(buf + 4, data + 1, size - 1);
		memcpy(buf + 4 + size - 1, "\n---\n", 5);
	} else {
		buf = fuzz_copy(data + 1, len);
	}
	recur_error_init(&err);
	rc = recur_frontmatter_parse(buf, len, &fm, &err);
	if (rc < 0) {
		FUZZ_ASSERT(err.msg[0]);
		FUZZ_ASSERT(err.line >= 1);
		FUZZ_ASSERT(fm.root.n == 0 && fm.end == 0);
	} else if (rc == 0) {
		FUZZ_ASSERT(fm.root.n == 0 && fm.end == 0);
	} else {
		FUZZ_ASSERT(rc == 1);
		FUZZ_ASSERT(fm.end >= 7 && fm.end <= len);
		FUZZ_ASSERT(fm.lines >= 2);
		FUZZ_ASSERT(fm.root.type == RECUR_FM_MAP);
		check_node(&fm.root, 0, fm.lines);
	}
	recur_frontmatter_release(&fm);
	free(buf);
	return 0;
}
