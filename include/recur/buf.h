/*
 * buf.h — the one growable byte buffer (git strbuf with curl dynbuf's limit).
 *
 * Invariants: buf is never NULL and always NUL terminated, so b->buf can be
 * handed to any C string function; len excludes the NUL. A buffer has a
 * maximum size (0 = RECUR_BUF_DEFAULT_MAX); an append that would pass it fails
 * instead of growing, so hostile input becomes an error, not exhaustion.
 */
#ifndef RECUR_BUF_H
#define RECUR_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define RECUR_BUF_DEFAULT_MAX ((size_t)1 << 31)

struct recur_buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;
};

#define RECUR_BUF_INIT { recur_buf_empty, 0, 0, 0 }
extern char recur_buf_empty[];

/* Initialises b as empty with the given maximum size (0 = default). */
void recur_buf_init(struct recur_buf *b, size_t max);
/* Frees b's memory; b is left empty and reusable. */
void recur_buf_release(struct recur_buf *b);
/* Sets len to 0, keeping the memory. */
void recur_buf_reset(struct recur_buf *b);
/* Appends; each returns 0, or -1 when the maximum size would be passed (b unchanged). */
int recur_buf_add(struct recur_buf *b, const void *data, size_t len);
int recur_buf_adds(struct recur_buf *b, const char *s);
int recur_buf_addch(struct recur_buf *b, int c);
int recur_buf_addf(struct recur_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int recur_buf_vaddf(struct recur_buf *b, const char *fmt, va_list ap);
/* Hands b's memory to the caller (caller owns the result) and leaves b empty. */
char *recur_buf_detach(struct recur_buf *b, size_t *len);
/* Reads a whole file into b. Returns 0, or -1 with errno set. */
int recur_buf_read_file(struct recur_buf *b, const char *path);

#endif
