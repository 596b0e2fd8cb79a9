/*
 * mustache.h — Mustache templates (the spec's core modules: interpolation,
 * sections, inverted sections, comments, partials, set delimiters; no
 * lambdas, no inheritance, no dynamic names) rendered against a JSON value.
 *
 * Name lookup follows the spec: the first part of a dotted name is looked up
 * through the context stack from the innermost section outwards, the other
 * parts only inside what the first found ("a.b" never falls back to an outer
 * "b"); "." is the current context. As an extension, a numeric part indexes
 * into an array ("months.0"). Numbers are written in their shortest form
 * (recur_json_scalar_text), null and missing names as "".
 *
 * Escaping of {{name}} is a parameter: HTML (the spec's), Markdown (for
 * reports: safe inside table cells and prose) or none. {{{name}}} and
 * {{&name}} are never escaped.
 */
#ifndef RECUR_MUSTACHE_H
#define RECUR_MUSTACHE_H

#include <stddef.h>

#include "recur/buf.h"
#include "recur/err.h"
#include "recur/json.h"

/* Partials may include partials this deep (a recursive partial stops here). */
#define RECUR_MUSTACHE_MAX_PARTIALS 64
/* At most this many partials are rendered in one call (a branching recursive
 * partial would otherwise grow exponentially within the depth limit). */
#define RECUR_MUSTACHE_MAX_EXPANSIONS 100000
/* Sections may nest this deep within one template. */
#define RECUR_MUSTACHE_MAX_SECTIONS 100

/* Appends s[0..len) to out, escaped; returns 0, or -1 when out is full. */
typedef int (*recur_mustache_escape_fn)(struct recur_buf *out, const char *s, size_t len);

/* HTML: & < > " ' become entities (the spec's escaping, plus '). */
int recur_mustache_escape_html(struct recur_buf *out, const char *s, size_t len);
/*
 * Markdown: text that reads literally in a paragraph, heading or GFM table
 * cell. Line breaks become spaces, '|' becomes "\|", and the characters that
 * can start Markdown formatting, links or HTML (\ ` * _ [ ] < > & ~ #) get a
 * backslash, so incident titles cannot inject Markdown or HTML.
 */
int recur_mustache_escape_markdown(struct recur_buf *out, const char *s, size_t len);

/*
 * Loads the partial name into out. Returns 1 when found, 0 when there is no
 * such partial (the spec renders it as ""), -1 on failure with err set.
 */
typedef int (*recur_mustache_load_fn)(const char *name, struct recur_buf *out, void *ctx,
				      struct recur_error *err);

struct recur_mustache_opts {
	const char *name;                /* template name for error messages */
	recur_mustache_escape_fn escape; /* NULL: no escaping */
	recur_mustache_load_fn load;     /* NULL: every partial is missing */
	void *ctx;                       /* passed to load */
};

/*
 * Renders tmpl[0..len) against data, appending to out. Returns 0, or -1 with
 * err naming template:line:col (unclosed section or tag, mismatched closing
 * tag, bad delimiters, nesting too deep, out too large, a loader failure).
 * On failure out may hold part of the output.
 */
int recur_mustache_render(const char *tmpl, size_t len, const struct recur_json *data,
			  const struct recur_mustache_opts *opts, struct recur_buf *out,
			  struct recur_error *err);

#endif
