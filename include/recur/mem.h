/*
 * mem.h — allocation that never returns NULL.
 *
 * recur is a batch tool: running out of memory is not something it can recover
 * from usefully, so every allocation goes through this family, which prints a
 * message and aborts on failure (tmux, cmark). Callers never check for NULL.
 */
#ifndef RECUR_MEM_H
#define RECUR_MEM_H

#include <stddef.h>

/* malloc/calloc/realloc/strdup that abort on failure. Caller owns the result. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Copies n bytes of s and adds a NUL. Caller owns the result. */
char *xstrndup(const char *s, size_t n);
/* Grows *p (an array of elem-sized items with capacity *cap) to hold at least need items. */
void xgrow(void **p, size_t *cap, size_t need, size_t elem);

#endif
