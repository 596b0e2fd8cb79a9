/*
 * share.h — the data files recur ships: queries, formats, templates.
 *
 * Every file under queries/ and report-templates/ is embedded into the binary
 * at build time, so recur works alone; a share folder (--share DIR or
 * RECUR_SHARE) overrides any of them by relative path, so users can change a
 * query, a format or a template without recompiling.
 */
#ifndef RECUR_SHARE_H
#define RECUR_SHARE_H

#include <stddef.h>

#include "recur/buf.h"
#include "recur/err.h"

struct recur_embedded {
	const char *name;           /* relative path, e.g. "queries/schema.sql" */
	const unsigned char *data;  /* the file's bytes, NUL terminated */
	size_t len;
};

/* The build-time table (generated into build/embedded.c). */
extern const struct recur_embedded recur_embedded_files[];
extern const size_t recur_embedded_count;

/* Sets the override folder (borrowed; NULL for none). */
void recur_share_set_dir(const char *dir);
/* The override folder, or NULL. */
const char *recur_share_dir(void);
/*
 * Appends the data file name (e.g. "queries/schema.sql") to out: the share
 * folder's copy if it has one, else the embedded one. Returns -1 with err set
 * when neither exists.
 */
int recur_share_load(const char *name, struct recur_buf *out, struct recur_error *err);
/*
 * Calls fn(name, ctx) for each data file whose path starts with prefix, in
 * the embedded table and the share folder (each name once, sorted).
 */
void recur_share_each(const char *prefix, void (*fn)(const char *name, void *ctx), void *ctx);

#endif
