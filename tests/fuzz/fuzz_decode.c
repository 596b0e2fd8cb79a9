/*
 * fuzz_decode.c — the encoding detector, the conversion to UTF-8 and the
 * magic-byte sniffer (decode.h) on arbitrary bytes.
 *
 * Byte 0 picks the encoding: 0 detected (as the importer does), else one
 * of the names below, as --encoding would force it; then the file. The
 * guess names an encoding and a mark inside the input; a conversion that
 * succeeds hands out valid UTF-8 (checked here by a validator of its own,
 * not decode.c's) with the input consumed growing to the end, and UTF-8
 * passes exactly when it is valid; one that fails has a message and a
 * line:col; the sniffer's text is terminated.
 */
#include "fuzz.h"

#include "recur/decode.h"

static const char *const forced[] = { NULL, "UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE",
				      "WINDOWS-1252", "WINDOWS-1251", "UTF-32", "ISO-8859-1",
				      "KOI8-R" };

/* RFC 3629, byte by byte, the plain way. */
static int valid_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0, k, need;
	unsigned long cp;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xE0) == 0xC0)
			need = 1, cp = p[i] & 0x1F;
		else if ((p[i] & 0xF0) == 0xE0)
			need = 2, cp = p[i] & 0x0F;
		else if ((p[i] & 0xF8) == 0xF0)
			need = 3, cp = p[i] & 0x07;
		else
			return 0;
		if (n - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3F);
		}
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += need + 1;
	}
	return 1;
}

struct out {
	unsigned char *buf;
	size_t len, cap, consumed, in_len;
};

static int sink(void *ctx, const char *p, size_t n, size_t consumed)
{
	struct out *o = ctx;

	FUZZ_ASSERT(n > 0 && n <= ((size_t)64 << 10));
	FUZZ_ASSERT(consumed >= o->consumed && consumed <= o->in_len);
	o->consumed = consumed;
	if (o->len + n > o->cap) {
		o->cap = (o->len + n) * 2;
		o->buf = realloc(o->buf, o->cap);
		FUZZ_ASSERT(o->buf);
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recur_decode_guess g, m;
	struct recur_error err;
	struct out o = { NULL, 0, 0, 0, 0 };
	const char *from;
	char what[512], *buf;
	size_t len, skip = 0;
	int rc;

	if (size < 1)
		return 0;
	from = forced[data[0] % (sizeof(forced) / sizeof(forced[0]))];
	len = size - 1;
	buf = fuzz_copy(data + 1, len);

	memset(what, 'x', sizeof(what));
	if (recur_decode_binary(buf, len, what, sizeof(what)))
		FUZZ_ASSERT(memchr(what, '\0', sizeof(what)) && what[0]);
	recur_decode_detect(buf, len, &g);
	FUZZ_ASSERT(g.name[0] && g.why && g.bom <= len && g.bom <= 4);
	FUZZ_ASSERT(g.utf8 == recur_decode_is_utf8(g.name));
	FUZZ_ASSERT(recur_decode_known(g.name));
	if (!recur_decode_mark(buf, len, &m) && recur_utf8_valid(buf, len) == len)
		FUZZ_ASSERT(g.utf8 && !g.bom); /* valid UTF-8 without a mark is UTF-8 */
	if (!from) {
		from = g.name;
		skip = g.bom;
	}

	o.in_len = len;
	o.consumed = skip;
	recur_error_init(&err);
	rc = recur_decode_convert(buf, len, skip, from, "fuzz.csv", sink, &o, &err);
	if (rc == 0) {
		FUZZ_ASSERT(valid_utf8(o.buf, o.len));
		FUZZ_ASSERT(o.len == 0 || o.consumed == len);
	} else {
		FUZZ_ASSERT(err.msg[0] && err.code == 1);
		FUZZ_ASSERT(err.line >= 1 && err.column >= 1);
		FUZZ_ASSERT(memchr(err.msg, '\0', sizeof(err.msg)));
	}
	if (recur_decode_is_utf8(from))
		FUZZ_ASSERT((rc == 0) == (recur_utf8_valid(buf + skip, len - skip) == len - skip));
	free(o.buf);
	free(buf);
	return 0;
}
