/*
 * csv.c — RFC 4180 reading over a memory buffer (see csv.h).
 *
 * The hot path is the unquoted field: a table lookup per byte until the
 * delimiter or a line end, and a (ptr, len) slice into the input. Only fields
 * with doubled quotes or text after the closing quote are copied, into one
 * scratch buffer reused for every record. It checks that the text is UTF-8
 * without NUL bytes (fields of pure ASCII skip the check) but does not
 * convert encodings (decode.h does, before) or interpret values; that is
 * the importer's job.
 */
#include "recur/csv.h"
#include "recur/utf8.h"
#include "recur/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t max_field(const struct recur_csv *c)
{
	return c->max_field ? c->max_field : RECUR_CSV_MAX_FIELD;
}

static size_t max_cols(const struct recur_csv *c)
{
	return c->max_cols ? c->max_cols : RECUR_CSV_MAX_COLS;
}

/* Column (1-based, in characters: UTF-8 continuation bytes do not count) of p. */
static long column_of(const struct recur_csv *c, const char *p)
{
	const char *s;
	long col = 1;

	for (s = c->line_start; s < p; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			col++;
	return col;
}

/* Excel's hint line "sep=;" before the header: the length of the line with
 * its end (*delim set), or 0 when buf[0..len) does not start with one. */
static size_t sep_line(const char *buf, size_t len, char *delim)
{
	size_t n = 5;

	if (len < 5 || memcmp(buf, "sep=", 4) || buf[4] == '\n' || buf[4] == '\r')
		return 0;
	if (n < len && buf[n] == '\r')
		n++;
	if (n < len && buf[n] == '\n')
		n++;
	if (n == 5 && n < len)
		return 0; /* "sep=;x": a header that starts so */
	*delim = buf[4];
	return n;
}

char recur_csv_detect_delim(const char *buf, size_t len)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	size_t count[4] = { 0 }, i, best = 0;
	int quoted = 0;
	const char *p, *end = buf + len;
	char hint;

	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		buf += 3;
	if (sep_line(buf, (size_t)(end - buf), &hint))
		return hint;
	for (p = buf; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == '\n' || *p == '\r'))
			break;
		else if (!quoted)
			for (i = 0; i < 4; i++)
				count[i] += *p == cand[i];
	}
	for (i = 1; i < 4; i++)
		if (count[i] > count[best])
			best = i;
	return cand[best];
}

void recur_csv_init(struct recur_csv *c, const char *buf, size_t len, const char *name, char delim)
{
	size_t skip;
	char hint;

	memset(c, 0, sizeof(*c));
	c->buf = buf;
	c->end = buf + len;
	c->p = buf;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		c->p += 3;
	c->name = name;
	c->delim = delim ? delim : recur_csv_detect_delim(buf, len);
	c->line = 1;
	/* the hint line is not a record; line numbers stay the file's */
	if ((skip = sep_line(c->p, (size_t)(c->end - c->p), &hint)) != 0) {
		c->p += skip;
		c->line = 2;
	}
	c->line_start = c->p;
	/* 1 ends an unquoted field; 2 needs a look (NUL, or a byte of a UTF-8
	 * sequence), so pure-ASCII fields cost nothing more */
	memset(c->stop + 0x80, 2, 0x80);
	c->stop[0] = 2;
	c->stop[(unsigned char)c->delim] = 1;
	c->stop['\n'] = 1;
	c->stop['\r'] = 1;
}

void recur_csv_release(struct recur_csv *c)
{
	free(c->fields);
	free(c->scratch_off);
	free(c->scratch);
	c->fields = NULL;
	c->scratch_off = NULL;
	c->scratch = NULL;
	c->cap = c->scratch_cap = 0;
}

size_t recur_csv_offset(const struct recur_csv *c)
{
	return (size_t)(c->p - c->buf);
}

void recur_csv_seek(struct recur_csv *c, size_t offset, long line)
{
	c->p = c->buf + (offset < (size_t)(c->end - c->buf) ? offset : (size_t)(c->end - c->buf));
	c->line = line;
	c->line_start = c->p;
}

/* Counts the line ends in [s, e) (CRLF, LF or lone CR) into c->line. */
static void count_lines(struct recur_csv *c, const char *s, const char *e)
{
	for (; s < e; s++) {
		if (*s == '\n' || (*s == '\r' && (s + 1 >= c->end || s[1] != '\n'))) {
			c->line++;
			c->line_start = s + 1;
		}
	}
}

/* Line and column of at, which lies on c->line or a later line. */
static void locate(const struct recur_csv *c, const char *at, long *line, long *col)
{
	const char *s, *ls = c->line_start;

	*line = c->line;
	for (s = ls; s < at; s++) {
		if (*s == '\n' || (*s == '\r' && (s + 1 >= c->end || s[1] != '\n'))) {
			++*line;
			ls = s + 1;
		}
	}
	for (*col = 1, s = ls; s < at; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			++*col;
}

static int bad_byte(const struct recur_csv *c, const char *at, struct recur_error *err)
{
	long line, col;

	locate(c, at, &line, &col);
	if (!*at)
		return recur_error_at(err, c->name, line, col, "NUL byte in a field: the file is "
				      "binary, or text in an encoding not detected (UTF-16 without a "
				      "byte order mark?): give it with --encoding NAME, or export the "
				      "file again as UTF-8 CSV");
	return recur_error_at(err, c->name, line, col, "invalid UTF-8 (byte 0x%02x): the file is "
			      "not UTF-8 here; give its encoding with --encoding NAME (e.g. "
			      "--encoding WINDOWS-1252), or fix the byte", (unsigned)(unsigned char)*at);
}

/*
 * Fails on a NUL byte or invalid UTF-8 in [s, e). Eight bytes at a time
 * while they are ASCII without NUL: (v | (v - 0x01…)) has a high bit set
 * only when some byte is >= 0x80 or (through the borrow) 0.
 */
static int check_text(const struct recur_csv *c, const char *s, const char *e,
		      struct recur_error *err)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	const unsigned char *p = (const unsigned char *)s, *end = (const unsigned char *)e;
	uint64_t v;
	size_t n;

	while (p < end) {
		if (end - p >= 8) {
			memcpy(&v, p, 8);
			if (!((v | (v - ones)) & highs)) {
				p += 8;
				continue;
			}
		}
		if (*p && *p < 0x80) {
			p++;
			continue;
		}
		if (!*p || !(n = recur_utf8_len(p, end)))
			return bad_byte(c, (const char *)p, err);
		p += n;
	}
	return 0;
}

static void scratch_add(struct recur_csv *c, const char *s, size_t n)
{
	if (!n)
		return; /* the scratch buffer may not exist yet (memcpy to NULL + 0 is undefined) */
	if (c->scratch_len + n > c->scratch_cap)
		xgrow((void **)&c->scratch, &c->scratch_cap, c->scratch_len + n, 1);
	memcpy(c->scratch + c->scratch_len, s, n);
	c->scratch_len += n;
}

static int too_long(struct recur_csv *c, const char *at, struct recur_error *err)
{
	return recur_error_at(err, c->name, c->line, column_of(c, at),
			      "field longer than %zu bytes (the field size limit): check for a "
			      "stray '\"' that opens a quoted field and never closes it, or raise "
			      "the limit with --max-field-size MIB",
			      max_field(c));
}

/*
 * Reads a quoted field starting at the opening quote. A field is a slice of
 * the input unless it holds a doubled quote or text after the closing quote;
 * then it is copied to the scratch buffer (*in_scratch set, *off its start).
 */
static int read_quoted(struct recur_csv *c, struct recur_csv_field *f, int *in_scratch, size_t *off,
		       struct recur_error *err)
{
	/* the opening quote's place, for the message: its column is counted only
	 * then (counting it here made each quoted field cost its line so far) */
	long qline = c->line;
	const char *qpos = c->p, *qls = c->line_start;
	const char *start = ++c->p, *q;

	*in_scratch = 0;
	for (;;) {
		q = memchr(c->p, '"', (size_t)(c->end - c->p));
		if (!q) {
			c->line_start = qls;
			return recur_error_at(err, c->name, qline, column_of(c, qpos),
					      "unterminated quoted field (opened here): a field that "
					      "starts with '\"' must end with '\"'; double any quote "
					      "inside it (\"\") or remove the stray quote");
		}
		if (check_text(c, c->p, q, err))
			return -1;
		count_lines(c, c->p, q);
		if (q + 1 < c->end && q[1] == '"') {
			if (!*in_scratch) {
				*off = c->scratch_len;
				*in_scratch = 1;
				scratch_add(c, start, (size_t)(q + 1 - start));
			} else {
				scratch_add(c, c->p, (size_t)(q + 1 - c->p));
			}
			c->p = q + 2;
			continue;
		}
		break;
	}
	if (*in_scratch)
		scratch_add(c, c->p, (size_t)(q - c->p));
	else
		f->ptr = start, f->len = (size_t)(q - start);
	c->p = q + 1;
	if (c->p < c->end && c->stop[(unsigned char)*c->p] != 1) {
		/* text after the closing quote ("a"b): kept as is, like most readers */
		const char *s = c->p;

		while (c->p < c->end && c->stop[(unsigned char)*c->p] != 1)
			c->p++;
		if (check_text(c, s, c->p, err))
			return -1;
		if (!*in_scratch) {
			*off = c->scratch_len;
			*in_scratch = 1;
			scratch_add(c, f->ptr, f->len);
		}
		scratch_add(c, s, (size_t)(c->p - s));
	}
	if (*in_scratch)
		f->len = c->scratch_len - *off;
	if (f->len > max_field(c))
		return too_long(c, start, err);
	return 0;
}

static void add_field(struct recur_csv *c)
{
	if (c->nfields + 1 > c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->fields = xrealloc(c->fields, c->cap * sizeof(*c->fields));
		c->scratch_off = xrealloc(c->scratch_off, c->cap * sizeof(*c->scratch_off));
	}
	c->nfields++;
}

/* Skips blank lines; returns 0 at the end of input. */
static int skip_blank(struct recur_csv *c)
{
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
			c->p++;
		c->p++;
		c->line++;
		c->line_start = c->p;
	}
	return c->p < c->end;
}

/* After the last field of a record: consumes its line end. */
static void end_record(struct recur_csv *c)
{
	size_t i;

	if (c->p < c->end) {
		if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
			c->p++;
		c->p++;
		c->line++;
		c->line_start = c->p;
	}
	for (i = 0; i < c->nfields; i++)
		if (!c->fields[i].ptr)
			c->fields[i].ptr = c->scratch + c->scratch_off[i];
}

int recur_csv_next(struct recur_csv *c, struct recur_error *err)
{
	c->nfields = 0;
	c->scratch_len = 0;
	if (!skip_blank(c))
		return 0;
	c->rec_line = c->line;
	for (;;) {
		struct recur_csv_field *f;
		const char *s = c->p;

		if (c->nfields >= max_cols(c))
			return recur_error_at(err, c->name, c->line, column_of(c, c->p),
					      "more than %zu columns in one record (the column limit): "
					      "check the delimiter and the quoting, or raise the limit "
					      "with --max-columns N", max_cols(c));
		add_field(c);
		f = &c->fields[c->nfields - 1];
		if (s < c->end && *s == '"') {
			int in_scratch;
			size_t off = 0;

			if (read_quoted(c, f, &in_scratch, &off, err))
				return -1;
			if (in_scratch)
				f->ptr = NULL, c->scratch_off[c->nfields - 1] = off;
		} else {
			while (c->p < c->end && !c->stop[(unsigned char)*c->p])
				c->p++;
			if (c->p < c->end && c->stop[(unsigned char)*c->p] == 2) {
				/* not plain ASCII: find the end, then check the bytes */
				while (c->p < c->end && c->stop[(unsigned char)*c->p] != 1)
					c->p++;
				if (check_text(c, s, c->p, err))
					return -1;
			}
			f->ptr = s;
			f->len = (size_t)(c->p - s);
			if (f->len > max_field(c))
				return too_long(c, s, err);
		}
		if (c->p < c->end && *c->p == c->delim) {
			c->p++;
			continue;
		}
		end_record(c);
		c->records++;
		return 1;
	}
}

int recur_csv_parse(const char *buf, size_t len, const char *name, char delim,
		    int (*fn)(const struct recur_csv_field *f, size_t n, long line, void *ctx),
		    void *ctx, struct recur_error *err)
{
	struct recur_csv c;
	int r;

	recur_csv_init(&c, buf, len, name, delim);
	while ((r = recur_csv_next(&c, err)) == 1) {
		int stop = fn(c.fields, c.nfields, c.rec_line, ctx);

		if (stop) {
			recur_csv_release(&c);
			return stop;
		}
	}
	recur_csv_release(&c);
	return r;
}
