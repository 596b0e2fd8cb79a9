/*
 * csv.h — an RFC 4180 CSV reader over a memory buffer.
 *
 * Reads quoted fields (with doubled quotes and embedded line ends), CRLF, LF
 * and lone CR line ends, strips a UTF-8 byte order mark, and detects the
 * delimiter (, ; TAB |) from the header line. Fields are (ptr, len) slices:
 * into the caller's buffer when a field needs no unescaping, else into a
 * scratch buffer the reader reuses, so reading allocates nothing per field.
 * Completely empty lines are skipped (they carry no record). Text must be
 * UTF-8 without NUL bytes. File I/O is the caller's business.
 */
#ifndef RECUR_CSV_H
#define RECUR_CSV_H

#include <stddef.h>

#include "recur/err.h"

#define RECUR_CSV_MAX_FIELD ((size_t)16 << 20) /* 16 MiB */
#define RECUR_CSV_MAX_COLS 10000

struct recur_csv_field {
	const char *ptr;  /* not NUL terminated */
	size_t len;
};

struct recur_csv {
	const char *buf, *end, *p;  /* the input and the read position */
	const char *name;           /* file name for messages (borrowed) */
	char delim;
	size_t max_field;           /* 0 = RECUR_CSV_MAX_FIELD */
	size_t max_cols;            /* 0 = RECUR_CSV_MAX_COLS */
	long line;                  /* line of p, 1-based */
	const char *line_start;     /* start of that line, for columns */
	long rec_line;              /* line where the current record began */
	long records;               /* records returned so far (the header is one) */
	/* the current record (borrowed; valid until the next call to recur_csv_next) */
	struct recur_csv_field *fields;
	size_t nfields, cap;
	/* internal: per-field scratch offsets and the scratch buffer */
	size_t *scratch_off;
	char *scratch;
	unsigned char stop[256];    /* 1: ends an unquoted field; 2: NUL or non-ASCII, checked */
	size_t scratch_len, scratch_cap;
};

/*
 * Starts reading buf[0..len) (borrowed; must outlive the reader). name is used
 * in messages. delim 0 detects the delimiter from the first line.
 */
void recur_csv_init(struct recur_csv *c, const char *buf, size_t len, const char *name, char delim);
/* Frees the reader's memory. */
void recur_csv_release(struct recur_csv *c);
/*
 * Reads the next record into c->fields / c->nfields. Returns 1 for a record,
 * 0 at the end of input, -1 on error with err naming file:line:col and what
 * to do (unterminated quoted field, field or column limit passed, a NUL byte
 * or invalid UTF-8: fields of pure ASCII skip that check).
 */
int recur_csv_next(struct recur_csv *c, struct recur_error *err);
/* Byte offset of the read position (for progress, and to come back with seek). */
size_t recur_csv_offset(const struct recur_csv *c);
/* Moves the read position to offset (a record start from recur_csv_offset), on line. */
void recur_csv_seek(struct recur_csv *c, size_t offset, long line);

/*
 * Calls fn for every record (the header included); stops early when fn
 * returns nonzero and returns that value. Returns 0 at the end, -1 on a
 * parse error.
 */
int recur_csv_parse(const char *buf, size_t len, const char *name, char delim,
		    int (*fn)(const struct recur_csv_field *f, size_t n, long line, void *ctx),
		    void *ctx, struct recur_error *err);

/* The delimiter of a header line: the most frequent of , ; TAB | outside quotes (ties and none: ','). */
char recur_csv_detect_delim(const char *buf, size_t len);

#endif
