/*
 * decode.h — what the bytes of an export are: text in which encoding, or a
 * document that is not text at all, and the conversion of text to UTF-8.
 *
 * Exports saved by Excel or older Windows tools come as Windows-1252
 * (Western), Windows-1251 (Cyrillic) or UTF-16 ("Unicode text"). The
 * detector reads byte order marks, the zero bytes of UTF-16 without one,
 * UTF-8 validity, and for single-byte pages the neighbours of high bytes:
 * Cyrillic text puts its letters (0xC0-0xFF in Windows-1251) next to each
 * other, Western text puts its accented letters next to ASCII letters.
 * Conversion goes through iconv(3) of the C library, so --encoding takes
 * any name iconv knows. Workbooks, PDFs and archives given by mistake are
 * recognised by their magic bytes. Everything works on (buf, len); file
 * I/O is the caller's.
 */
#ifndef RECUR_DECODE_H
#define RECUR_DECODE_H

#include <stddef.h>

#include "recur/err.h"

/* What the detector saw in the bytes. */
struct recur_decode_guess {
	char name[24];     /* an iconv name: "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE",
			      "UTF-32BE", "WINDOWS-1252", "WINDOWS-1251" */
	size_t bom;        /* bytes of byte order mark at the start (skipped by conversion) */
	const char *why;   /* static text: what gave it away, for --dry-run */
	int utf8;          /* 1: the bytes are UTF-8 as they are (nothing to convert) */
	/* single-byte statistics (0 unless they decided) */
	long cyrillic;     /* pairs of neighbouring high letters (Cyrillic words) */
	long latin;        /* high letters next to an ASCII letter (accented Western words) */
};

/*
 * Length of the longest prefix of buf that is well-formed UTF-8 (RFC 3629:
 * no overlong forms, surrogates or values past U+10FFFF; NUL is allowed).
 * ASCII runs are checked 32 bytes at a time. A sequence cut by the end of
 * buf ends the prefix before it.
 */
size_t recur_utf8_valid(const char *buf, size_t len);

/*
 * 1 when a byte order mark, or the zero bytes of UTF-16 without one, decide
 * the encoding (g filled); reads at most the first 64 KiB. Else 0: the
 * bytes are UTF-8 when recur_utf8_valid says so, and recur_decode_detect
 * tells the rest.
 */
int recur_decode_mark(const char *buf, size_t len, struct recur_decode_guess *g);

/*
 * Detects the encoding of buf: a byte order mark (UTF-8, UTF-16, UTF-32),
 * UTF-16 without one (a zero byte beside most letters), valid UTF-8 (also a
 * file mostly UTF-8 with a few damaged bytes: the reader reports them),
 * otherwise a single-byte page chosen by recur_decode_single_byte.
 */
void recur_decode_detect(const char *buf, size_t len, struct recur_decode_guess *g);

/*
 * recur_decode_detect without the byte order marks and zero bytes: for a
 * piece of text from inside a file (a big file's statistics are taken from
 * a window around its first byte that is not UTF-8).
 */
void recur_decode_detect_text(const char *buf, size_t len, struct recur_decode_guess *g);

/*
 * The single-byte page of text that is not UTF-8: "WINDOWS-1251" when its
 * high letters mostly neighbour each other (Cyrillic words), else
 * "WINDOWS-1252". g, when not NULL, gets the counts (name and why too).
 */
const char *recur_decode_single_byte(const char *buf, size_t len, struct recur_decode_guess *g);

/* 1 when name is an encoding iconv converts to UTF-8 ("UTF-16", "CP1252",
 * "ISO-8859-1", ...), else 0. */
int recur_decode_known(const char *name);

/* 1 when name means UTF-8 (UTF-8, UTF8, any case): nothing to convert. */
int recur_decode_is_utf8(const char *name);

/*
 * Converts buf (skipping skip bytes of byte order mark) from encoding from
 * to UTF-8, handing the output to sink in pieces of up to 64 KiB with the
 * input bytes consumed so far (so the caller can let go of what is behind).
 * "UTF-8" is checked, not converted. sink returns 0, or -1 having set err.
 * Bytes that are not valid in from, or input that ends inside a character,
 * fail with err naming name:line:col (of the text as decoded up to there)
 * and what to do. Returns 0 or -1. The output is always valid UTF-8.
 */
int recur_decode_convert(const char *buf, size_t len, size_t skip, const char *from,
			 const char *name, int (*sink)(void *ctx, const char *p, size_t n,
						       size_t consumed),
			 void *ctx, struct recur_error *err);

/*
 * A document that is not text, by its magic bytes: an Excel workbook
 * (.xlsx, .xls), an OpenDocument spreadsheet, another Office document, a
 * PDF, a zip, 7z, rar or tar archive, xz, bzip2 or zstd data. Writes "an
 * Excel workbook (.xlsx), not CSV or JSON: in Excel use …" (what it is and
 * what to do) into what and returns 1; returns 0 for anything else (gzip
 * is not named: the importer reads it).
 */
int recur_decode_binary(const char *buf, size_t len, char *what, size_t size);

#endif
