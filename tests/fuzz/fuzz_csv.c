/*
 * fuzz_csv.c — the CSV reader (csv.h) on arbitrary bytes.
 *
 * The first byte chooses the options (cmark style): bits 0-2 the delimiter
 * (0 detect, then , ; TAB |), bit 3 small field and column limits taken from
 * the second byte, so the limit errors are reached too. Checks that every
 * field lies in the input or the scratch buffer, that limits hold, that each
 * record moves the read position forward (no endless loop), that a seek back
 * to a record start reads the same record again, and that recur_csv_parse
 * sees the same records as recur_csv_next.
 */
#include "fuzz.h"

#include "recur/csv.h"
#include "recur/err.h"

#define KEEP 8  /* records remembered for the seek check */

struct rec_sum {
	size_t offset, nfields;
	long line;
	unsigned long long hash;
};

static unsigned long long hash_record(const struct recur_csv *c)
{
	unsigned long long h = 1469598103934665603ull;
	size_t i, k;

	for (i = 0; i < c->nfields; i++) {
		for (k = 0; k < c->fields[i].len; k++)
			h = (h ^ (unsigned char)c->fields[i].ptr[k]) * 1099511628211ull;
		h = (h ^ 0x100) * 1099511628211ull;
	}
	return h;
}

static void check_record(const struct recur_csv *c, const char *buf, size_t len)
{
	size_t i;

	FUZZ_ASSERT(c->nfields >= 1);
	FUZZ_ASSERT(c->nfields <= (c->max_cols ? c->max_cols : RECUR_CSV_MAX_COLS));
	for (i = 0; i < c->nfields; i++) {
		const struct recur_csv_field *f = &c->fields[i];
		int in_buf = f->ptr >= buf && f->ptr + f->len <= buf + len;
		int in_scratch = c->scratch && f->ptr >= c->scratch &&
				 f->ptr + f->len <= c->scratch + c->scratch_len;

		FUZZ_ASSERT(f->len == 0 || in_buf || in_scratch);
		FUZZ_ASSERT(f->len <= (c->max_field ? c->max_field : RECUR_CSV_MAX_FIELD));
	}
}

static int count_fn(const struct recur_csv_field *f, size_t n, long line, void *ctx)
{
	(void)f;
	(void)n;
	(void)line;
	(*(long *)ctx)++;
	return 0;
}

static const char delims[8] = { 0, ',', ';', '\t', '|', 0, 0, 0 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recur_csv c;
	struct recur_error err;
	struct rec_sum keep[KEEP];
	size_t nkeep = 0, last = 0, len, i;
	unsigned opt, lim;
	char *buf;
	long records = 0, parsed = 0;
	int rc, small;

	if (size < 2)
		return 0;
	opt = data[0];
	lim = data[1];
	small = (opt & 8) != 0;
	len = size - 2;
	buf = fuzz_copy(data + 2, len);
	recur_error_init(&err);
	recur_csv_init(&c, buf, len, "fuzz.csv", delims[opt & 7]);
	if (small) {
		c.max_field = 1 + lim;
		c.max_cols = 1 + lim % 32;
	}
	last = recur_csv_offset(&c); /* after a byte order mark */
	while ((rc = recur_csv_next(&c, &err)) == 1) {
		size_t off = recur_csv_offset(&c);

		check_record(&c, buf, len);
		FUZZ_ASSERT(off > last || (records == 0 && off >= last));
		FUZZ_ASSERT(off <= len);
		if (nkeep < KEEP) {
			keep[nkeep].hash = hash_record(&c);
			keep[nkeep].nfields = c.nfields;
			keep[nkeep].line = c.rec_line;
			keep[nkeep].offset = last;
			nkeep++;
		}
		last = off;
		records++;
	}
	FUZZ_ASSERT(rc == 0 || (rc == -1 && err.msg[0] && err.line >= 1));
	/* A seek back to a remembered record start reads the same record. */
	for (i = 0; rc == 0 && i < nkeep; i++) {
		struct recur_error e2;

		recur_error_init(&e2);
		recur_csv_seek(&c, keep[i].offset, keep[i].line);
		FUZZ_ASSERT(recur_csv_next(&c, &e2) == 1);
		FUZZ_ASSERT(c.nfields == keep[i].nfields);
		FUZZ_ASSERT(hash_record(&c) == keep[i].hash);
	}
	recur_csv_release(&c);
	if (!small) {
		struct recur_error e3;
		int prc;

		recur_error_init(&e3);
		prc = recur_csv_parse(buf, len, "fuzz.csv", delims[opt & 7], count_fn, &parsed, &e3);
		FUZZ_ASSERT(prc == (rc == 0 ? 0 : -1));
		FUZZ_ASSERT(parsed == records);
	}
	free(buf);
	return 0;
}
