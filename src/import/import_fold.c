/*
 * import_fold.c — names and values in any spelling: the folding that makes
 * export headers match the aliases, profiles and vocabulary whatever their
 * case, accents and separators (Open_Time = open time = OpenTime, Título =
 * Titulo, ДАТА = дата), and statuses and severity labels match theirs
 * ("1 - Critical" = "1 critical", "Resolvido" = "resolvido"). CJK and other
 * scripts without case are left as they are. Pure functions on (buf, len):
 * no tables, no allocation.
 */
#include "import_int.h"

#include <string.h>

/* Base letters of U+00C0..U+00FF and U+0100..U+017F ('*': two letters, see fold_cp). */
static const char latin1[] = "aaaaaa*ceeeeiiiidnooooo\0ouuuuy**aaaaaa*ceeeeiiiidnooooo\0ouuuuy*y";
static const char latin_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllll"
			      "nnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* Separators: dropped from header names, one space in values. */
static int is_sep(unsigned cp)
{
	switch (cp) {
	case ' ': case '\t': case '\r': case '\n': case '_': case '-': case '.': case '/':
	case ':': case 0xA0: case 0xB7: case 0x3000: case 0x30FB: case 0xFF65:
		return 1;
	}
	return (cp >= 0x2000 && cp <= 0x200B) || (cp >= 0x2010 && cp <= 0x2015);
}

/* Decodes one UTF-8 sequence; a byte that does not start a valid one is
 * returned as itself (raw, 1 byte) so that other encodings pass through. */
static size_t utf8_cp(const unsigned char *s, size_t len, unsigned *cp, int *raw)
{
	size_t n, i;
	unsigned c = s[0];

	*raw = 0;
	if (c < 0x80)
		return *cp = c, 1;
	n = c >= 0xF0 ? (c < 0xF5 ? 4 : 0) : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (!n || n > len)
		return *raw = 1, *cp = c, 1;
	c &= 0xFF >> (n + 1);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return *raw = 1, *cp = s[0], 1;
		c = c << 6 | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

static size_t put_utf8(unsigned cp, char *o)
{
	if (cp < 0x80)
		return o[0] = (char)cp, 1;
	if (cp < 0x800)
		return o[0] = (char)(0xC0 | cp >> 6), o[1] = (char)(0x80 | (cp & 0x3F)), 2;
	if (cp < 0x10000)
		return o[0] = (char)(0xE0 | cp >> 12), o[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
		       o[2] = (char)(0x80 | (cp & 0x3F)), 3;
	o[0] = (char)(0xF0 | cp >> 18), o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F)), o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * One code point folded into o (at most 4 bytes): lower case, Latin letters
 * without their accents (ß → ss, æ → ae, œ → oe, ł → l), Cyrillic lower case
 * with ё as е, full-width forms as ASCII; combining accents vanish. Other
 * scripts (CJK) are left as they are. Returns the bytes written.
 */
static size_t fold_cp(unsigned cp, char *o)
{
	static const char *const two[] = { "ae", "th", "ss", "ij", "oe" };
	char base = 0;

	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp -= 0xFEE0;
	if (cp < 0x80)
		return o[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp), 1;
	if (cp >= 0x300 && cp <= 0x36F)
		return 0;
	if (cp >= 0xC0 && cp <= 0xFF)
		base = latin1[cp - 0xC0];
	else if (cp >= 0x100 && cp <= 0x17F)
		base = latin_a[cp - 0x100];
	else if (cp >= 0x218 && cp <= 0x21B)
		base = cp < 0x21A ? 's' : 't';
	else if (cp >= 0x410 && cp <= 0x42F)
		cp += 0x20;
	else if (cp >= 0x400 && cp <= 0x40F)
		cp += 0x50;
	if (cp == 0x451)
		cp = 0x435;
	if (base == '*') {
		const char *t = two[cp == 0xC6 || cp == 0xE6 ? 0 : cp == 0xDE || cp == 0xFE ? 1 :
				    cp == 0xDF ? 2 : cp == 0x132 || cp == 0x133 ? 3 : 4];

		return o[0] = t[0], o[1] = t[1], 2;
	}
	if (base)
		return o[0] = base, 1;
	return put_utf8(cp, o);
}

/* Folds s into out: header names lose their separators (value 0), values
 * keep one space for each run of them (value 1). */
static void fold(const char *s, size_t len, char *out, size_t size, int value)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n = 0, k;
	int gap = 0, raw;
	char tmp[8];

	while (p < end) {
		unsigned cp;
		size_t used;

		if (*p < 0x80) { /* the common case, inline */
			cp = *p++;
			/* in values, '.', '/' and ':' are part of the value ("1.5"),
			 * and so is a leading '-' ("-1") */
			if (is_sep(cp) && !(value && (cp == '.' || cp == '/' || cp == ':' ||
						     (cp == '-' && !n)))) {
				gap = 1;
				continue;
			}
			if (cp >= 'A' && cp <= 'Z')
				cp += 32;
			if (gap && value && n && n + 1 < size)
				out[n++] = ' ';
			gap = 0;
			if (n + 1 >= size)
				break;
			out[n++] = (char)cp;
			continue;
		}
		used = utf8_cp(p, (size_t)(end - p), &cp, &raw);
		p += used;
		if (raw) {
			tmp[0] = (char)cp, k = 1;
		} else if (is_sep(cp)) {
			gap = 1;
			continue;
		} else {
			k = fold_cp(cp, tmp);
		}
		if (!k)
			continue;
		if (gap && value && n && n + 1 < size)
			out[n++] = ' ';
		gap = 0;
		if (n + k + 1 > size)
			break;
		memcpy(out + n, tmp, k);
		n += k;
	}
	out[n] = '\0';
}

void imp_fold_value(const char *s, size_t len, char *out, size_t size)
{
	fold(s, len, out, size, 1);
}

/* The custom-field wrappers of Jira's exports, in its languages, folded:
 * "Custom field (Severity)" is Severity. */
static const char *const wrappers[] = {
	"customfield(", "campopersonalizado(", "champpersonnalise(", "benutzerdefiniertesfeld(",
	"campopersonalizzato(", "aangepastveld(", "poleniestandardowe(",
	"\xD0\xBF\xD0\xBE\xD0\xBB\xD1\x8C\xD0\xB7\xD0\xBE\xD0\xB2\xD0\xB0\xD1\x82\xD0\xB5\xD0\xBB"
	"\xD1\x8C\xD1\x81\xD0\xBA\xD0\xBE\xD0\xB5\xD0\xBF\xD0\xBE\xD0\xBB\xD0\xB5(", /* пользовательскоеполе( */
	"\xE3\x82\xAB\xE3\x82\xB9\xE3\x82\xBF\xE3\x83\xA0\xE3\x83\x95\xE3\x82\xA3\xE3\x83\xBC"
	"\xE3\x83\xAB\xE3\x83\x89(", /* カスタムフィールド( */
	"\xE8\x87\xAA\xE5\xAE\x9A\xE4\xB9\x89\xE5\xAD\x97\xE6\xAE\xB5(", /* 自定义字段( */
};

void imp_normalise(const char *s, size_t len, char *out, size_t size)
{
	const char *v = imp_value(s, len, &len);
	size_t n, i, w;

	fold(v ? v : "", v ? len : 0, out, size, 0);
	n = strlen(out);
	for (i = 0; n && out[n - 1] == ')' && i < sizeof(wrappers) / sizeof(*wrappers); i++) {
		w = strlen(wrappers[i]);
		if (n > w + 1 && !memcmp(out, wrappers[i], w)) {
			memmove(out, out + w, n - w - 1);
			out[n - w - 1] = '\0';
			break;
		}
	}
}
