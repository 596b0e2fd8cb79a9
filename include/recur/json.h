/*
 * json.h — a small JSON document model: parse, build, query, write.
 *
 * Used for JSON exports (import), for the data a report is rendered from
 * (metrics → templates → XLSX), and for `--format json` output. Values are
 * trees of heap nodes; a node owns its children.
 */
#ifndef RECUR_JSON_H
#define RECUR_JSON_H

#include <stddef.h>

#include "recur/buf.h"
#include "recur/err.h"

/* Deepest nesting recur_json_parse accepts. */
#define RECUR_JSON_MAX_DEPTH 256

enum recur_json_type {
	RECUR_JSON_NULL,
	RECUR_JSON_FALSE,
	RECUR_JSON_TRUE,
	RECUR_JSON_NUMBER,
	RECUR_JSON_STRING,
	RECUR_JSON_ARRAY,
	RECUR_JSON_OBJECT,
};

struct recur_json {
	enum recur_json_type type;
	double num;                 /* NUMBER: the value */
	char *str;                  /* STRING: the text (NUL terminated; may hold NULs);
				       NUMBER: its source text when parsed, else NULL */
	size_t len;                 /* length of str */
	size_t n;                   /* ARRAY/OBJECT: number of items */
	size_t cap;
	struct recur_json **items;  /* ARRAY/OBJECT: the values */
	char **keys;                /* OBJECT: the keys, parallel to items */
};

/*
 * Parses buf[0..len) as one JSON text. name is used in error messages (file
 * name). On success *out is the tree (caller owns the result, free with
 * recur_json_free) and 0 is returned; on error, -1 with err holding
 * name:line:col and what was expected. Nesting deeper than
 * RECUR_JSON_MAX_DEPTH is an error.
 */
int recur_json_parse(const char *buf, size_t len, const char *name, struct recur_json **out,
		     struct recur_error *err);
/*
 * A top-level array (the document, or a member of the top object) longer
 * than recur_json_parse_bounded keeps: node holds the first items; item i
 * at or after node->n is buf[span[2k], span[2k + 1]) with k = i - node->n.
 */
struct recur_json_long {
	const struct recur_json *node;
	int depth;                  /* its nesting: 1 the document, 2 a member */
	size_t n;                   /* items in the document */
	size_t *span;
};

/*
 * Parses like recur_json_parse (the same errors, at the same places), but
 * top-level arrays keep only their first keep items in the tree: the others
 * are checked, freed and listed in *longs (caller frees with
 * recur_json_longs_free), to read one at a time with recur_json_parse_part.
 * A big export's tree stays small. passed (may be NULL) is told the offset
 * after each item not kept: bytes before it are not read again.
 */
int recur_json_parse_bounded(const char *buf, size_t len, const char *name, size_t keep,
			     void (*passed)(void *ctx, size_t offset), void *ctx,
			     struct recur_json **out, struct recur_json_long **longs,
			     size_t *nlongs, struct recur_error *err);
void recur_json_longs_free(struct recur_json_long *longs, size_t n);
/* Parses the value at buf[start, end) (an item of a long array, whose
 * depth is given); errors name lines and columns of the whole buf. */
int recur_json_parse_part(const char *buf, size_t len, const char *name, size_t start,
			  size_t end, int depth, struct recur_json **out, struct recur_error *err);
/* Frees v and its children; NULL does nothing. */
void recur_json_free(struct recur_json *v);

/* Constructors: caller owns the result. */
struct recur_json *recur_json_new(enum recur_json_type type);
struct recur_json *recur_json_new_string(const char *s);
struct recur_json *recur_json_new_stringn(const char *s, size_t len);
struct recur_json *recur_json_new_number(double d);
struct recur_json *recur_json_new_bool(int b);
/* A deep copy of v (NULL → null): caller owns the result. */
struct recur_json *recur_json_clone(const struct recur_json *v);

/* Appends v to array a; takes ownership of v. Returns v. */
struct recur_json *recur_json_push(struct recur_json *a, struct recur_json *v);
/* Sets obj[key] = v, replacing an existing value; takes ownership of v. Returns v. */
struct recur_json *recur_json_set(struct recur_json *obj, const char *key, struct recur_json *v);
/* Shorthands for recur_json_set with a new string (NULL → null) or number. */
void recur_json_set_string(struct recur_json *obj, const char *key, const char *s);
void recur_json_set_number(struct recur_json *obj, const char *key, double d);

/* obj[key], or NULL when absent or obj is not an object. Borrowed. */
struct recur_json *recur_json_get(const struct recur_json *obj, const char *key);
/* Follows a dotted path ("a.b.0.c": names, or indexes into arrays). Borrowed. */
struct recur_json *recur_json_path(const struct recur_json *v, const char *path);
/* Truthiness as Mustache sees it: null, false, "", [] and 0 are false. */
int recur_json_truthy(const struct recur_json *v);
/* Appends the text form of a scalar (string as is, numbers shortest, true/false,
 * null as ""); arrays and objects are written as JSON. */
void recur_json_scalar_text(const struct recur_json *v, struct recur_buf *out);

/* Writes v as JSON. indent 0 writes one line; otherwise pretty with that many spaces. */
void recur_json_write(const struct recur_json *v, struct recur_buf *out, int indent);
/* Appends s[0..len) as a JSON string literal with quotes. */
void recur_json_write_string(struct recur_buf *out, const char *s, size_t len);

#endif
