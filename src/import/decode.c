/*
 * decode.c — the encoding of an export's bytes, their conversion to UTF-8
 * through iconv(3), and documents that are not text (see decode.h).
 *
 * Valid UTF-8 is the common case and costs one pass that skips ASCII 32
 * bytes at a time. Only a file that is not UTF-8 is looked at closer: a
 * single-byte page is chosen from which bytes its high letters neighbour
 * (Cyrillic words are runs of high bytes in Windows-1251; accented Western
 * letters sit between ASCII letters in Windows-1252), since the two pages
 * share their punctuation (0x85 …, 0x91-0x97 quotes and dashes). This file
 * neither opens files nor knows about CSV or JSON.
 */
#include "recur/decode.h"
#include "recur/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HEAD_BYTES ((size_t)64 << 10)   /* how far the zero-byte pattern is counted */
#define OUT_BYTES ((size_t)64 << 10)    /* a piece of output handed to the sink */

/* ---- UTF-8 ---- */

/* 1 when the sequence at p is whole but for bytes past e (the text is cut). */
static int utf8_cut(const unsigned char *p, const unsigned char *e)
{
	size_t n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2, i;

	if (*p < 0xC2 || *p > 0xF4 || (size_t)(e - p) >= n)
		return 0;
	for (i = 1; p + i < e; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return 1;
}

size_t recur_utf8_valid(const char *buf, size_t len)
{
	const uint64_t highs = 0x8080808080808080u;
	const unsigned char *p = (const unsigned char *)buf, *e = p + len;
	uint64_t v[4];
	size_t n;

	while (p < e) {
		/* ASCII: 32 bytes at a time while no byte has its high bit */
		while (e - p >= 32) {
			memcpy(v, p, 32);
			if ((v[0] | v[1] | v[2] | v[3]) & highs)
				break;
			p += 32;
		}
		while (p < e && *p < 0x80)
			p++;
		if (p == e)
			break;
		if (!(n = recur_utf8_len(p, e)))
			break;
		p += n;
	}
	return (size_t)(p - (const unsigned char *)buf);
}

int recur_decode_is_utf8(const char *name)
{
	return !strcasecmp(name, "UTF-8") || !strcasecmp(name, "UTF8");
}

/* ---- detection ---- */

static void set(struct recur_decode_guess *g, const char *name, size_t bom, const char *why)
{
	snprintf(g->name, sizeof(g->name), "%s", name);
	g->bom = bom;
	g->why = why;
	g->utf8 = recur_decode_is_utf8(name);
}

int recur_decode_mark(const char *buf, size_t len, struct recur_decode_guess *g)
{
	const unsigned char *b = (const unsigned char *)buf;
	size_t i, n = (len < HEAD_BYTES ? len : HEAD_BYTES) & ~(size_t)1, even = 0, odd = 0;

	memset(g, 0, sizeof(*g));
	if (len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3))
		return set(g, "UTF-8", 3, "a UTF-8 byte order mark"), 1;
	if (len >= 4 && !memcmp(b, "\xFF\xFE\0\0", 4))
		return set(g, "UTF-32LE", 4, "the byte order mark FF FE 00 00"), 1;
	if (len >= 4 && !memcmp(b, "\0\0\xFE\xFF", 4))
		return set(g, "UTF-32BE", 4, "the byte order mark 00 00 FE FF"), 1;
	if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE)
		return set(g, "UTF-16LE", 2, "the byte order mark FF FE"), 1;
	if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF)
		return set(g, "UTF-16BE", 2, "the byte order mark FE FF"), 1;
	/* without a mark, text in UTF-16 has a zero byte beside most letters,
	 * always on the same side; UTF-8 text has none (a stray NUL is the
	 * CSV reader's to report) */
	for (i = 0; i < n; i += 2) {
		even += !b[i];
		odd += !b[i + 1];
	}
	if (n >= 4 && odd * 8 >= n / 2 && even * 8 <= odd)
		return set(g, "UTF-16LE", 0, "a zero byte after most letters (no byte order mark)"), 1;
	if (n >= 4 && even * 8 >= n / 2 && odd * 8 <= even)
		return set(g, "UTF-16BE", 0, "a zero byte before most letters (no byte order mark)"), 1;
	return 0;
}

static int ascii_letter(unsigned c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Windows-1251 letters outside 0xC0-0xFF: Ё ё, Ukrainian and Belarusian
 * Є є Ї ї І і Ґ ґ Ў ў (in Windows-1252 rare signs: ¨ ¸ ª º ¯ ¿ ² ³ ¥ ´ ¡ ¢). */
static int cyrillic_extra(unsigned c)
{
	switch (c) {
	case 0xA8: case 0xB8: case 0xAA: case 0xBA: case 0xAF: case 0xBF:
	case 0xB2: case 0xB3: case 0xA5: case 0xB4: case 0xA1: case 0xA2:
		return 1;
	}
	return 0;
}

const char *recur_decode_single_byte(const char *buf, size_t len, struct recur_decode_guess *g)
{
	const unsigned char *b = (const unsigned char *)buf;
	long cyr = 0, lat = 0;
	unsigned a, c;
	size_t i;
	int cyrillic;

	for (i = 1; i < len; i++) {
		a = b[i - 1], c = b[i];
		if (a < 0x80 && c < 0x80)
			continue;
		if ((a >= 0xC0 || c >= 0xC0) && (a >= 0xC0 || cyrillic_extra(a)) &&
		    (c >= 0xC0 || cyrillic_extra(c)))
			cyr++;
		else if ((a >= 0xC0 && ascii_letter(c)) || (c >= 0xC0 && ascii_letter(a)))
			lat++;
	}
	cyrillic = cyr > lat;
	if (g) {
		set(g, cyrillic ? "WINDOWS-1251" : "WINDOWS-1252", 0,
		    cyrillic ? "not UTF-8; its high bytes are letters side by side, as in Cyrillic words"
		    : lat ? "not UTF-8; its high bytes are accented letters inside Latin words"
			  : "not UTF-8; no letters tell the page, so the Western one");
		g->cyrillic = cyr;
		g->latin = lat;
	}
	return cyrillic ? "WINDOWS-1251" : "WINDOWS-1252";
}

void recur_decode_detect(const char *buf, size_t len, struct recur_decode_guess *g)
{
	if (!recur_decode_mark(buf, len, g))
		recur_decode_detect_text(buf, len, g);
}

void recur_decode_detect_text(const char *buf, size_t len, struct recur_decode_guess *g)
{
	const unsigned char *b = (const unsigned char *)buf, *p, *e = b + len;
	size_t n;
	long good = 0, bad = 0;

	memset(g, 0, sizeof(*g));
	if (recur_utf8_valid(buf, len) == len) {
		set(g, "UTF-8", 0, "valid UTF-8");
		return;
	}
	/* a UTF-8 file with a few damaged bytes stays UTF-8 (read as a single
	 * byte page, its real characters would turn into pairs like Ã©): the
	 * reader then names the first bad byte */
	for (p = b; p < e; p += n) {
		if (*p < 0x80) {
			n = 1;
		} else if ((n = recur_utf8_len(p, e))) {
			good++;
		} else {
			bad++;
			n = 1;
		}
	}
	if (good > bad)
		set(g, "UTF-8", 0, "mostly valid UTF-8");
	else
		recur_decode_single_byte(buf, len, g);
}

/* ---- conversion ---- */

int recur_decode_known(const char *name)
{
	iconv_t cd;

	if (!*name)
		return 0;
	if (recur_decode_is_utf8(name))
		return 1;
	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

struct place {
	long line, col;
};

static int count_place(void *ctx, const char *p, size_t n, size_t consumed)
{
	struct place *pl = ctx;
	size_t i;

	(void)consumed;
	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			pl->line++, pl->col = 1;
		else if (((unsigned char)p[i] & 0xC0) != 0x80)
			pl->col++;
	}
	return 0;
}

/* Line and column of input offset at (a character boundary), counted in
 * the text decoded before it. */
static void locate(const char *buf, size_t at, size_t skip, const char *from, struct place *pl)
{
	struct recur_error ignored;

	pl->line = 1, pl->col = 1;
	if (at > skip)
		recur_decode_convert(buf, at, skip, from, "", count_place, pl, &ignored);
}

static int bad_input(const char *buf, size_t len, size_t at, size_t skip, const char *from,
		     const char *name, int cut, struct recur_error *err)
{
	const unsigned char *b = (const unsigned char *)buf + at;
	size_t unit = strstr(from, "32") ? 4 : strstr(from, "16") ? 2 : 1, i;
	char bytes[32] = "";
	struct place pl;

	if (unit > len - at)
		unit = len - at;
	for (i = 0; i < unit; i++)
		snprintf(bytes + strlen(bytes), sizeof(bytes) - strlen(bytes), "%s0x%02x", i ? " " : "",
			 b[i]);
	locate(buf, at, skip, from, &pl);
	if (cut)
		return recur_error_at(err, name, pl.line, pl.col, "the file ends inside a %s "
				      "character (%zu byte%s left over): it looks truncated; copy or "
				      "export it again", from, len - at, len - at == 1 ? "" : "s");
	return recur_error_at(err, name, pl.line, pl.col, "byte%s %s %s not valid %s: give the file's "
			      "encoding with --encoding NAME (UTF-8, UTF-16, WINDOWS-1252, "
			      "WINDOWS-1251, ISO-8859-1, ...)", unit > 1 ? "s" : "", bytes,
			      unit > 1 ? "are" : "is", from);
}

/* UTF-8 in: checked, handed on as it is. */
static int pass_utf8(const char *buf, size_t len, size_t skip, const char *name,
		     int (*sink)(void *, const char *, size_t, size_t), void *ctx,
		     struct recur_error *err)
{
	size_t v = skip + recur_utf8_valid(buf + skip, len - skip), at, n;

	if (v < len)
		return bad_input(buf, len, v, skip, "UTF-8", name, utf8_cut((const unsigned char *)buf + v,
						    (const unsigned char *)buf + len), err);
	for (at = skip; at < len; at += n) {
		n = len - at < OUT_BYTES ? len - at : OUT_BYTES;
		while (at + n < len && ((unsigned char)buf[at + n] & 0xC0) == 0x80)
			n--; /* whole characters in each piece */
		if (sink(ctx, buf + at, n, at + n))
			return -1;
	}
	return 0;
}

int recur_decode_convert(const char *buf, size_t len, size_t skip, const char *from,
			 const char *name, int (*sink)(void *ctx, const char *p, size_t n,
						       size_t consumed),
			 void *ctx, struct recur_error *err)
{
	char piece[OUT_BYTES], *in, *op;
	size_t left, ol, r;
	iconv_t cd;
	int rc = 0, e;

	if (skip > len)
		skip = len;
	if (recur_decode_is_utf8(from))
		return pass_utf8(buf, len, skip, name, sink, ctx, err);
	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		return recur_error_usage(err, "unknown encoding '%s': give a name like UTF-8, UTF-16, "
					 "WINDOWS-1252, WINDOWS-1251 or ISO-8859-1 (iconv -l lists "
					 "them)", from);
	in = (char *)(uintptr_t)(buf + skip); /* iconv's input is not const, but only read */
	left = len - skip;
	while (left && !rc) {
		op = piece, ol = sizeof(piece);
		r = iconv(cd, &in, &left, &op, &ol);
		e = errno;
		if (op > piece && sink(ctx, piece, (size_t)(op - piece), (size_t)(in - buf)))
			rc = -1;
		else if (r == (size_t)-1 && e != E2BIG)
			rc = bad_input(buf, len, (size_t)(in - buf), skip, from, name, e == EINVAL, err);
	}
	op = piece, ol = sizeof(piece);
	if (!rc && iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1 && op > piece)
		rc = sink(ctx, piece, (size_t)(op - piece), len);
	iconv_close(cd);
	return rc;
}

/* ---- documents that are not text ---- */

static unsigned u16le(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static unsigned long u32le(const unsigned char *p)
{
	return p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
	       (unsigned long)p[3] << 24;
}

static int has_prefix(const unsigned char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && !memcmp(s, prefix, k);
}

/* What a zip holds, from its member names: the central directory when it
 * is there, else the local headers from the start (a cut download). */
enum zip_kind { ZIP_PLAIN, ZIP_XLSX, ZIP_DOCX, ZIP_PPTX, ZIP_ODS, ZIP_ODF };

static enum zip_kind name_kind(const unsigned char *name, size_t n, const unsigned char *z,
			       size_t len, size_t data)
{
	static const char ods[] = "application/vnd.oasis.opendocument.spreadsheet";

	if (has_prefix(name, n, "xl/"))
		return ZIP_XLSX;
	if (has_prefix(name, n, "word/"))
		return ZIP_DOCX;
	if (has_prefix(name, n, "ppt/"))
		return ZIP_PPTX;
	if (n == 8 && !memcmp(name, "mimetype", 8) && data && data < len) {
		if (has_prefix(z + data, len - data, ods))
			return ZIP_ODS;
		if (has_prefix(z + data, len - data, "application/vnd.oasis.opendocument."))
			return ZIP_ODF;
	}
	return ZIP_PLAIN;
}

static enum zip_kind zip_kind(const unsigned char *z, size_t len)
{
	size_t i, at, e, nent, nl, off;
	enum zip_kind k;

	/* the end-of-central-directory record: in the last 22 + 65535 bytes */
	for (i = len >= 22 ? len - 22 + 1 : 0; i > 0 && len - (i - 1) <= 22 + 65535; i--)
		if (u32le(z + i - 1) == 0x06054b50UL)
			break;
	if (i > 0 && u32le(z + --i) == 0x06054b50UL) {
		nent = u16le(z + i + 10);
		at = u32le(z + i + 16);
		for (e = 0; e < nent && at <= len - 46 && len >= 46 && u32le(z + at) == 0x02014b50UL;
		     e++) {
			nl = u16le(z + at + 28);
			if (nl > len - at - 46)
				break;
			off = u32le(z + at + 42);
			off = off <= len - 30 && len >= 30 ? off + 30 + u16le(z + off + 26) +
							      u16le(z + off + 28) : 0;
			if ((k = name_kind(z + at + 46, nl, z, len, off)) != ZIP_PLAIN)
				return k;
			at += 46 + nl + u16le(z + at + 30) + u16le(z + at + 32);
		}
	}
	for (at = 0; len >= 30 && at <= len - 30 && u32le(z + at) == 0x04034b50UL;) {
		unsigned long csize = u32le(z + at + 18);

		nl = u16le(z + at + 26);
		off = at + 30 + nl + u16le(z + at + 28);
		if (nl > len - at - 30)
			break;
		if ((k = name_kind(z + at + 30, nl, z, len, off)) != ZIP_PLAIN)
			return k;
		if (u16le(z + at + 6) & 8 || off > len || csize > len - off)
			break; /* sizes after the data: cannot walk on */
		at = off + csize;
	}
	return ZIP_PLAIN;
}

static const char save_csv[] = "not CSV or JSON: in Excel use File → Save As → CSV UTF-8 "
			       "(Comma delimited), then import the .csv";
static const char extract[] = "extract it first and import the .csv or .json files inside (or "
			      "their folder)";

/* OLE2 compound file: an Excel 97-2003 workbook holds a stream named
 * "Workbook" (or "Book"), its name in UTF-16LE in the directory. */
static int ole_workbook(const unsigned char *b, size_t len)
{
	static const char w[] = "W\0o\0r\0k\0b\0o\0o\0k\0", bk[] = "B\0o\0o\0k\0\0\0";
	size_t i;

	for (i = 0; i + sizeof(w) - 1 <= len; i++)
		if ((b[i] == 'W' && !memcmp(b + i, w, sizeof(w) - 1)) ||
		    (b[i] == 'B' && i + sizeof(bk) - 1 <= len && !memcmp(b + i, bk, sizeof(bk) - 1)))
			return 1;
	return 0;
}

int recur_decode_binary(const char *buf, size_t len, char *what, size_t size)
{
	const unsigned char *b = (const unsigned char *)buf;

	if (has_prefix(b, len, "PK\x03\x04") || has_prefix(b, len, "PK\x05\x06") ||
	    has_prefix(b, len, "PK\x07\x08")) {
		switch (zip_kind(b, len)) {
		case ZIP_XLSX:
			return snprintf(what, size, "an Excel workbook (.xlsx), %s", save_csv), 1;
		case ZIP_ODS:
			return snprintf(what, size, "an OpenDocument spreadsheet (.ods), not CSV or JSON: "
					"in LibreOffice Calc use File → Save As → Text CSV (.csv), "
					"character set Unicode (UTF-8), then import the .csv"), 1;
		case ZIP_DOCX:
		case ZIP_PPTX:
		case ZIP_ODF:
			return snprintf(what, size, "an office document (Word, PowerPoint or "
					"OpenDocument), not an export: export the incidents as CSV or "
					"JSON, or save a postmortem as Markdown (.md)"), 1;
		case ZIP_PLAIN:
			return snprintf(what, size, "a zip archive: %s", extract), 1;
		}
	}
	if (has_prefix(b, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
		if (ole_workbook(b, len))
			return snprintf(what, size, "an Excel 97-2003 workbook (.xls), %s", save_csv), 1;
		return snprintf(what, size, "an office document in the old binary format (.doc, "
				".xls, .ppt or .msg), not an export: export the incidents as CSV "
				"or JSON"), 1;
	}
	if (has_prefix(b, len, "%PDF-"))
		return snprintf(what, size, "a PDF document, not an export: a PDF cannot be read "
				"back; export the incidents from the tool as CSV or JSON"), 1;
	if (has_prefix(b, len, "7z\xBC\xAF\x27\x1C"))
		return snprintf(what, size, "a 7-Zip archive: %s", extract), 1;
	if (has_prefix(b, len, "Rar!\x1A\x07"))
		return snprintf(what, size, "a RAR archive: %s", extract), 1;
	if (len >= 262 && !memcmp(b + 257, "ustar", 5))
		return snprintf(what, size, "a tar archive: %s", extract), 1;
	if (has_prefix(b, len, "\xFD" "7zXZ\0"))
		return snprintf(what, size, "xz-compressed data: decompress it first (xz -d), or "
				"compress with gzip, which recur reads"), 1;
	if (len >= 10 && has_prefix(b, len, "BZh") && b[3] >= '1' && b[3] <= '9' &&
	    !memcmp(b + 4, "\x31\x41\x59\x26\x53\x59", 6))
		return snprintf(what, size, "bzip2-compressed data: decompress it first (bunzip2), "
				"or compress with gzip, which recur reads"), 1;
	if (has_prefix(b, len, "\x28\xB5\x2F\xFD"))
		return snprintf(what, size, "zstd-compressed data: decompress it first (zstd -d), or "
				"compress with gzip, which recur reads"), 1;
	return 0;
}
