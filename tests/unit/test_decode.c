/* test_decode.c — encodings: detection statistics (1252 vs 1251, short and
 * long, ASCII, mixed), byte order marks, UTF-8 validity, conversion and its
 * errors, and documents that are not text. */
#include "harness.h"
#include "recur/buf.h"
#include "recur/decode.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* utf8 in encoding to (through iconv directly, not decode.c) into out. */
static void encode(const char *utf8, const char *to, struct recur_buf *out)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	char piece[4096], *in = (char *)utf8, *op;
	size_t left = strlen(utf8), ol;

	recur_buf_reset(out);
	while (left) {
		op = piece, ol = sizeof(piece);
		if (iconv(cd, &in, &left, &op, &ol) == (size_t)-1 && op == piece)
			break;
		recur_buf_add(out, piece, (size_t)(op - piece));
	}
	iconv_close(cd);
}

/* The page the statistics choose for utf8 text saved in page from. */
static const char *page_of(const char *utf8, const char *from)
{
	struct recur_buf b = RECUR_BUF_INIT;
	struct recur_decode_guess g;
	static char name[24];

	encode(utf8, from, &b);
	recur_decode_detect(b.buf, b.len, &g);
	snprintf(name, sizeof(name), "%s", g.name);
	recur_buf_release(&b);
	return name;
}

static void decode_western_stays_1252(void)
{
	/* short */
	CHECK_STR(page_of("Café", "WINDOWS-1252"), "WINDOWS-1252");
	CHECK_STR(page_of("É", "WINDOWS-1252"), "WINDOWS-1252");
	CHECK_STR(page_of("Größe", "WINDOWS-1252"), "WINDOWS-1252");
	/* Portuguese puts two accented letters side by side (ç then õ, ã) */
	CHECK_STR(page_of("ações", "WINDOWS-1252"), "WINDOWS-1252");
	CHECK_STR(page_of("AÇÃO", "WINDOWS-1252"), "WINDOWS-1252");
	/* long, and full of accents */
	CHECK_STR(page_of("INC1,Échec de la réplication à Lyon – « base clients » en lecture seule\r\n"
			  "INC2,Señal débil en la red de Málaga; ¿el “checkout” falla?\r\n"
			  "INC3,Falha na sincronização do serviço de cobrança — São João, "
			  "informações não disponíveis\r\n"
			  "INC4,Zahlungsseite lädt nicht … Größe überschritten, Übergrößenmaß\r\n"
			  "INC5,Élève été déjà à l'hôpital, où ça?\r\n",
			  "WINDOWS-1252"),
		  "WINDOWS-1252");
	/* punctuation only (quotes, ellipsis, dashes: the same in both pages) */
	CHECK_STR(page_of("“quoted” … – —", "WINDOWS-1252"), "WINDOWS-1252");
}

static void decode_cyrillic_is_1251(void)
{
	CHECK_STR(page_of("Сбой", "WINDOWS-1251"), "WINDOWS-1251");
	CHECK_STR(page_of("всё", "WINDOWS-1251"), "WINDOWS-1251");
	CHECK_STR(page_of("Київ", "WINDOWS-1251"), "WINDOWS-1251");
	CHECK_STR(page_of("Id,Summary\r\n0004101,Ошибка оплаты на странице заказа: «Сбой шлюза»\r\n"
			  "0004102,Сервер базы данных недоступен — время ожидания истекло\r\n",
			  "WINDOWS-1251"),
		  "WINDOWS-1251");
	/* mixed: mostly English and ids, a few Russian words */
	CHECK_STR(page_of("id,title,opened_at\nA-1,API gateway 502 on db01 (сбой),2026-01-02\n"
			  "A-2,Disk full on /var/log,2026-01-03\nA-3,Checkout slow,2026-01-04\n",
			  "WINDOWS-1251"),
		  "WINDOWS-1251");
	/* Cyrillic letters next to Latin ones (a code in a word) still win */
	CHECK_STR(page_of("сервер-DB01 недоступен, порт 5432", "WINDOWS-1251"), "WINDOWS-1251");
}

static void decode_statistics(void)
{
	struct recur_buf b = RECUR_BUF_INIT;
	struct recur_decode_guess g;

	encode("Café Müller", "WINDOWS-1252", &b);
	CHECK_STR(recur_decode_single_byte(b.buf, b.len, &g), "WINDOWS-1252");
	CHECK_INT(g.cyrillic, 0);
	CHECK_INT(g.latin, 3); /* f-é, M-ü, ü-l */
	encode("Сбой шлюза", "WINDOWS-1251", &b);
	CHECK_STR(recur_decode_single_byte(b.buf, b.len, &g), "WINDOWS-1251");
	CHECK_INT(g.cyrillic, 7);
	CHECK_INT(g.latin, 0);
	/* ASCII only: nothing to count, the Western page */
	CHECK_STR(recur_decode_single_byte("id,title\n1,x\n", 13, &g), "WINDOWS-1252");
	CHECK_INT(g.cyrillic + g.latin, 0);
	CHECK_STR(recur_decode_single_byte("", 0, NULL), "WINDOWS-1252");
	recur_buf_release(&b);
}

static void decode_marks(void)
{
	struct recur_decode_guess g;

	recur_decode_detect("\xEF\xBB\xBFid", 5, &g);
	CHECK_STR(g.name, "UTF-8");
	CHECK_INT(g.utf8, 1);
	recur_decode_detect("\xFF\xFEi\0d\0", 6, &g);
	CHECK_STR(g.name, "UTF-16LE");
	CHECK_INT(g.bom, 2);
	CHECK_INT(g.utf8, 0);
	recur_decode_detect("\xFE\xFF\0i\0d", 6, &g);
	CHECK_STR(g.name, "UTF-16BE");
	recur_decode_detect("\xFF\xFE\0\0i\0\0\0", 8, &g);
	CHECK_STR(g.name, "UTF-32LE");
	CHECK_INT(g.bom, 4);
	recur_decode_detect("\0\0\xFE\xFF\0\0\0i", 8, &g);
	CHECK_STR(g.name, "UTF-32BE");
	/* no mark: the zero bytes tell the byte order */
	recur_decode_detect("i\0d\0,\0t\0\xE9\0", 10, &g);
	CHECK_STR(g.name, "UTF-16LE");
	CHECK_INT(g.bom, 0);
	recur_decode_detect("\0i\0d\0,\0t", 8, &g);
	CHECK_STR(g.name, "UTF-16BE");
	/* one stray NUL in UTF-8 text is not UTF-16 */
	recur_decode_detect("id,title\nA-1,Disk\0full\n", 23, &g);
	CHECK_STR(g.name, "UTF-8");
	recur_decode_detect("", 0, &g);
	CHECK_STR(g.name, "UTF-8");
	CHECK_INT(g.utf8, 1);
}

static void decode_utf8_validity(void)
{
	const char *ascii40 = "0123456789012345678901234567890123456789";
	struct recur_buf b = RECUR_BUF_INIT;
	struct recur_decode_guess g;

	CHECK_INT(recur_utf8_valid("Caf\xC3\xA9", 5), 5);
	CHECK_INT(recur_utf8_valid("\xC0\x80", 2), 0);           /* overlong */
	CHECK_INT(recur_utf8_valid("a\xED\xA0\x80", 4), 1);      /* a surrogate */
	CHECK_INT(recur_utf8_valid("\xF4\x90\x80\x80", 4), 0);   /* past U+10FFFF */
	CHECK_INT(recur_utf8_valid("ab\xE2\x80", 4), 2);         /* cut at the end */
	CHECK_INT(recur_utf8_valid("\xF0\x9F\x94\xA5", 4), 4);   /* 🔥 */
	/* past the 32-byte ASCII steps */
	recur_buf_addf(&b, "%s%s\xE9%s", ascii40, ascii40, ascii40);
	CHECK_INT(recur_utf8_valid(b.buf, b.len), 80);
	/* mostly UTF-8 with one damaged byte stays UTF-8 (the reader says where) */
	recur_buf_reset(&b);
	recur_buf_adds(&b, "A-1,Caf\xC3\xA9 down\nA-2,R\xC3\xA9seau \xE2\x80\x93 lent\nA-3,Caf\xE9\n");
	recur_decode_detect(b.buf, b.len, &g);
	CHECK_STR(g.name, "UTF-8");
	CHECK_INT(g.utf8, 1);
	recur_buf_release(&b);
}

static int to_buf(void *ctx, const char *p, size_t n, size_t consumed)
{
	struct recur_buf *b = ctx;

	(void)consumed;
	recur_buf_add(b, p, n);
	return 0;
}

/* Converts (buf, len) from from; the output, or NULL with err set. */
static const char *convert(const char *buf, size_t len, size_t skip, const char *from,
			   struct recur_buf *out, struct recur_error *err)
{
	recur_buf_reset(out);
	recur_error_init(err);
	return recur_decode_convert(buf, len, skip, from, "t.csv", to_buf, out, err) ? NULL
										      : out->buf;
}

static void decode_convert(void)
{
	struct recur_buf out = RECUR_BUF_INIT;
	struct recur_error err;

	CHECK_STR(convert("Caf\xE9 \x85 \x93x\x94 \x80", 12, 0, "WINDOWS-1252", &out, &err),
		  "Café … “x” €");
	CHECK_STR(convert("\xD1\xE1\xEE\xE9 \xA8", 6, 0, "WINDOWS-1251", &out, &err), "Сбой Ё");
	CHECK_STR(convert("\xFF\xFEx\0=\0\x3D\xD8\x25\xDD", 10, 2, "UTF-16LE", &out, &err), "x=🔥");
	CHECK_STR(convert("\xFE\xFF\0x", 4, 0, "UTF-16", &out, &err), "x");
	CHECK_STR(convert("", 0, 0, "UTF-16LE", &out, &err), "");
	CHECK_STR(convert("Caf\xC3\xA9", 5, 0, "UTF-8", &out, &err), "Café");
	recur_buf_release(&out);
}

static void decode_errors(void)
{
	struct recur_buf out = RECUR_BUF_INIT;
	struct recur_error err;

	/* UTF-16 cut after an odd byte: where the text ends, and why */
	CHECK(!convert("a\0\n\0b\0c", 7, 0, "UTF-16LE", &out, &err));
	CHECK_INT(err.line, 2);
	CHECK_INT(err.column, 2);
	CHECK(strstr(err.msg, "ends inside a UTF-16LE character (1 byte left over)") != NULL);
	/* a lone low surrogate */
	CHECK(!convert("a\0\0\xDC", 4, 0, "UTF-16LE", &out, &err));
	CHECK_INT(err.column, 2);
	CHECK(strstr(err.msg, "bytes 0x00 0xdc are not valid UTF-16LE") != NULL);
	CHECK(strstr(err.msg, "--encoding") != NULL);
	/* undefined in Windows-1252 */
	CHECK(!convert("ab\n\xE9\x81", 5, 0, "WINDOWS-1252", &out, &err));
	CHECK_INT(err.line, 2);
	CHECK_INT(err.column, 2);
	CHECK(strstr(err.msg, "byte 0x81 is not valid WINDOWS-1252") != NULL);
	/* UTF-8 forced on bytes that are not */
	CHECK(!convert("ab\xE9z", 4, 0, "UTF-8", &out, &err));
	CHECK_INT(err.column, 3);
	CHECK(!convert("ab\xE2\x80", 4, 0, "UTF-8", &out, &err));
	CHECK(strstr(err.msg, "ends inside a UTF-8 character") != NULL);
	/* an unknown name is a usage error */
	CHECK(!convert("x", 1, 0, "NO-SUCH-PAGE", &out, &err));
	CHECK_INT(err.code, 2);
	recur_buf_release(&out);
}

struct pieces {
	struct recur_buf text;
	size_t last, calls;
	int backwards;
};

static int collect(void *ctx, const char *p, size_t n, size_t consumed)
{
	struct pieces *ps = ctx;

	ps->backwards |= consumed < ps->last;
	ps->last = consumed;
	ps->calls++;
	recur_buf_add(&ps->text, p, n);
	return 0;
}

/* Output past one 64 KiB piece arrives whole, in order, with the input
 * consumed growing to the end. */
static void decode_big(void)
{
	struct pieces ps = { RECUR_BUF_INIT, 0, 0, 0 };
	struct recur_buf in = RECUR_BUF_INIT, want = RECUR_BUF_INIT;
	struct recur_error err;
	int i;

	for (i = 0; i < 20000; i++) {
		recur_buf_adds(&in, "Caf\xE9 \x85 ");
		recur_buf_adds(&want, "Café … ");
	}
	recur_error_init(&err);
	CHECK_INT(recur_decode_convert(in.buf, in.len, 0, "WINDOWS-1252", "t.csv", collect, &ps,
				       &err), 0);
	CHECK(ps.calls > 2);
	CHECK(!ps.backwards);
	CHECK_INT(ps.last, in.len);
	CHECK_INT(ps.text.len, want.len);
	CHECK(!strcmp(ps.text.buf, want.buf));
	recur_buf_release(&ps.text);
	recur_buf_release(&in);
	recur_buf_release(&want);
}

static void decode_known(void)
{
	CHECK_INT(recur_decode_known("WINDOWS-1252"), 1);
	CHECK_INT(recur_decode_known("cp1251"), 1);
	CHECK_INT(recur_decode_known("utf8"), 1);
	CHECK_INT(recur_decode_known("UTF-16"), 1);
	CHECK_INT(recur_decode_known("LATIN-9000"), 0);
	CHECK_INT(recur_decode_known(""), 0);
	CHECK_INT(recur_decode_is_utf8("Utf-8"), 1);
	CHECK_INT(recur_decode_is_utf8("UTF-16"), 0);
}

/* What recur_decode_binary says of (b, n), or "" for text. */
static const char *binary(const void *b, size_t n)
{
	static char what[512];

	if (!recur_decode_binary(b, n, what, sizeof(what)))
		what[0] = '\0';
	return what;
}

static void decode_binary(void)
{
	unsigned char tar[1024], ole[600], zip[128];
	size_t n;

	CHECK_STR(binary("id,title\n", 9), "");
	CHECK_STR(binary("\x1f\x8b\x08\0", 4), ""); /* gzip is read, not refused */
	CHECK(!strncmp(binary("%PDF-1.7\n", 9), "a PDF document", 14));
	CHECK(!strncmp(binary("7z\xBC\xAF\x27\x1C\0\x04", 8), "a 7-Zip archive: extract it first", 33));
	CHECK(!strncmp(binary("Rar!\x1A\x07\x01\0", 8), "a RAR archive: extract it first", 31));
	CHECK(!strncmp(binary("\xFD" "7zXZ\0\0", 7), "xz-compressed data", 18));
	CHECK(!strncmp(binary("BZh91AY&SY", 10), "bzip2-compressed data", 21));
	CHECK_STR(binary("BZh9 is a header", 16), "");
	CHECK(!strncmp(binary("\x28\xB5\x2F\xFD\0", 5), "zstd-compressed data", 20));
	memset(tar, 0, sizeof(tar));
	memcpy(tar, "incident.csv", 12);
	memcpy(tar + 257, "ustar\0" "00", 8);
	CHECK(!strncmp(binary(tar, sizeof(tar)), "a tar archive: extract it first", 31));
	/* OLE2: a "Workbook" stream makes it an .xls */
	memset(ole, 0, sizeof(ole));
	memcpy(ole, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	CHECK(!strncmp(binary(ole, sizeof(ole)), "an office document in the old binary", 36));
	memcpy(ole + 512, "W\0o\0r\0k\0b\0o\0o\0k\0", 16);
	CHECK(!strncmp(binary(ole, sizeof(ole)), "an Excel 97-2003 workbook (.xls), not CSV", 41));
	CHECK(strstr(binary(ole, sizeof(ole)), "Save As → CSV UTF-8") != NULL);
	/* a zip cut before its central directory: the local headers tell */
	memset(zip, 0, sizeof(zip));
	memcpy(zip, "PK\x03\x04", 4);
	n = strlen("xl/workbook.xml");
	zip[26] = (unsigned char)n;
	memcpy(zip + 30, "xl/workbook.xml", n);
	CHECK(!strncmp(binary(zip, sizeof(zip)), "an Excel workbook (.xlsx)", 25));
	memcpy(zip + 30, "incident.csv\0\0\0", n);
	zip[26] = 12;
	CHECK(!strncmp(binary(zip, sizeof(zip)), "a zip archive: extract it first", 31));
	CHECK(!strncmp(binary("PK\x05\x06", 4), "a zip archive", 13));
}

int main(void)
{
	RUN(decode_western_stays_1252);
	RUN(decode_cyrillic_is_1251);
	RUN(decode_statistics);
	RUN(decode_marks);
	RUN(decode_utf8_validity);
	RUN(decode_convert);
	RUN(decode_errors);
	RUN(decode_big);
	RUN(decode_known);
	RUN(decode_binary);
	return HARNESS_END();
}
