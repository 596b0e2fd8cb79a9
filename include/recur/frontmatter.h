/*
 * frontmatter.h — the YAML front matter of a Markdown document (Jekyll,
 * Hugo, Docusaurus), in a small safe subset, as a tree of keys, texts and
 * lists.
 *
 * The front matter is the block between a line "---" at the very start of
 * the document (after an optional UTF-8 BOM) and the next line "---" or
 * "..." (a "---" followed by no "key:" is a Markdown rule, not front matter). The subset read: block mappings (key: value), nested by
 * indentation; block lists ("- x") and inline lists ("[a, b]") of texts,
 * lists and mappings; plain, 'single' and "double" quoted scalars (with
 * YAML's escapes and line folding); literal and folded block scalars ("|",
 * ">", with chomping and indentation indicators); comments. Every value is
 * kept as text: dates, numbers and booleans as written (see
 * recur_frontmatter_time for dates). Refused, with the line and what to
 * do: tags (!, !!), anchors and aliases (&, *), flow mappings ({…}),
 * complex keys (?), tabs in indentation, nesting deeper than
 * RECUR_FM_MAX_DEPTH, keys longer than RECUR_FM_MAX_KEY bytes, and a block
 * that is opened but never closed. Nothing is evaluated or resolved.
 *
 * Hugo's TOML front matter, between "+++" lines, is read into the same tree:
 * key = value (basic, literal and multi-line strings, arrays, bare numbers,
 * booleans and dates as text), [tables] as mappings and [[tables]] as lists
 * of mappings; inline tables ({…}) are refused.
 */
#ifndef RECUR_FRONTMATTER_H
#define RECUR_FRONTMATTER_H

#include <stddef.h>

#include "recur/err.h"

#define RECUR_FM_MAX_DEPTH 16   /* nested mappings and lists */
#define RECUR_FM_MAX_KEY 256    /* bytes in one key */

enum recur_fm_type {
	RECUR_FM_NULL,    /* no value, "~" or "null" */
	RECUR_FM_TEXT,    /* a scalar: value holds its text */
	RECUR_FM_LIST,    /* items[0..n) in order */
	RECUR_FM_MAP,     /* items[0..n), each with its key, in the order written */
};

struct recur_fm_node {
	enum recur_fm_type type;
	char *key;                    /* in a map: the key; else NULL */
	char *value;                  /* RECUR_FM_TEXT: the text, quotes and escapes resolved */
	struct recur_fm_node *items;  /* RECUR_FM_LIST and RECUR_FM_MAP */
	size_t n;
	long line;                    /* 1-based line of the document where it was written */
};

struct recur_frontmatter {
	struct recur_fm_node root;    /* a RECUR_FM_MAP (empty when there is no front matter) */
	size_t end;                   /* offset of the first byte after the closing line; 0 = none */
	long lines;                   /* lines the block takes, both delimiters included */
};

/*
 * Reads the front matter at the start of buf[0..len). Returns 1 with *fm
 * filled (release it with recur_frontmatter_release), 0 when the document
 * has none (fm->end is 0), or -1 with err (line and column set) when the
 * block is not in the subset. fm is always safe to release.
 */
int recur_frontmatter_parse(const char *buf, size_t len, struct recur_frontmatter *fm,
			    struct recur_error *err);
void recur_frontmatter_release(struct recur_frontmatter *fm);

/*
 * The value of key in map (compared without case; "start-time" and
 * "start_time" are one key); the last one when a key is written twice, as
 * Jekyll reads it. NULL when absent or map is not a mapping. Borrowed.
 */
const struct recur_fm_node *recur_fm_get(const struct recur_fm_node *map, const char *key);

/*
 * A value as one text: a scalar's text; a list's scalar items joined with
 * ", " (nested lists and mappings left out). NULL for nothing to say.
 * Caller owns the result.
 */
char *recur_fm_text(const struct recur_fm_node *node);

/*
 * A date or time as YAML and the site generators write it: 2019-06-02,
 * 2019-06-02 14:30:00 -07:00, 2019-06-02T14:30:00Z, 2019-06-02 14:30 -0700,
 * fractions of seconds; else any spelling timeparse.h reads. A time
 * without a zone is UTC. Returns 0 with *at (UTC epoch seconds), *day (the
 * calendar day as written, 00:00 UTC) and *has_clock set, or -1.
 */
int recur_frontmatter_time(const char *s, long long *at, long long *day, int *has_clock);

#endif
