/*
 * buf.c — the growable buffer with a maximum size (see buf.h for invariants).
 */
#include "recur/buf.h"
#include "recur/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char recur_buf_empty[1];

void recur_buf_init(struct recur_buf *b, size_t max)
{
	b->buf = recur_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

void recur_buf_release(struct recur_buf *b)
{
	size_t max = b->max;

	if (b->alloc)
		free(b->buf);
	recur_buf_init(b, max);
}

void recur_buf_reset(struct recur_buf *b)
{
	b->len = 0;
	b->buf[0] = '\0';
}

static int grow(struct recur_buf *b, size_t extra)
{
	size_t max = b->max ? b->max : RECUR_BUF_DEFAULT_MAX;
	size_t need, n;

	if (extra > max || b->len > max - extra)
		return -1;
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n * 2;
	if (b->alloc) {
		b->buf = xrealloc(b->buf, n);
	} else {
		b->buf = xmalloc(n);
		b->buf[0] = '\0';
	}
	b->alloc = n;
	return 0;
}

int recur_buf_add(struct recur_buf *b, const void *data, size_t len)
{
	if (grow(b, len))
		return -1;
	if (len)
		memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return 0;
}

int recur_buf_adds(struct recur_buf *b, const char *s)
{
	return recur_buf_add(b, s, strlen(s));
}

int recur_buf_addch(struct recur_buf *b, int c)
{
	char ch = (char)c;

	return recur_buf_add(b, &ch, 1);
}

int recur_buf_vaddf(struct recur_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || grow(b, (size_t)n))
		return -1;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int recur_buf_addf(struct recur_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = recur_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

char *recur_buf_detach(struct recur_buf *b, size_t *len)
{
	char *p = b->alloc ? b->buf : xstrdup("");

	if (len)
		*len = b->len;
	recur_buf_init(b, b->max);
	return p;
}

int recur_buf_read_file(struct recur_buf *b, const char *path)
{
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	int saved;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (recur_buf_add(b, chunk, n)) {
			fclose(f);
			errno = EFBIG;
			return -1;
		}
	}
	saved = ferror(f) ? EIO : 0;
	fclose(f);
	if (saved) {
		errno = saved;
		return -1;
	}
	return 0;
}
