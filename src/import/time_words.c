/*
 * time_words.c — dates written in the exporting user's language, read by
 * timeparse.c after their words are put into English.
 *
 * Jira writes dates as "15/ene/24 10:05 a. m." for a Spanish user, "15/Mär/24
 * 10:05 vorm." for a German one, "15/3月/24 10:05 午前" for a Japanese one;
 * GLPI and Zammad in Chinese write "2024年3月15日". timeparse.c knows English
 * month names only, so a value it cannot read is tried once more with each
 * word that queries/vocabulary/ names as a month or a half of the day
 * (vocabulary_month, vocabulary_am_pm; matched as header words are, case
 * and accents aside) replaced by the English one, and the CJK date marks
 * replaced by separators. Month words of the vocabulary's languages never
 * disagree ("mar" is March in all of them), so the file's language need not
 * be known; the English words are tried first and always win.
 */
#include "import_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const english[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

#define NBSP "\xC2\xA0"          /* U+00A0, and U+202F (Java's newer clocks) */
#define NNBSP "\xE2\x80\xAF"
#define CJK_YEAR "\xE5\xB9\xB4"  /* 年 */
#define CJK_MONTH "\xE6\x9C\x88" /* 月 */
#define CJK_DAY "\xE6\x97\xA5"   /* 日 */

static int is_mark(const char *p, const char *e, const char *mark)
{
	size_t n = strlen(mark);

	return (size_t)(e - p) >= n && !memcmp(p, mark, n);
}

static int cmp_timeword(const void *a, const void *b)
{
	return strcmp(((const struct imp_timeword *)a)->word, ((const struct imp_timeword *)b)->word);
}

static int lookup(const struct imp_profiles *ps, const char *w, size_t n)
{
	struct imp_timeword key, *hit;
	char norm[64];

	if (n >= sizeof(norm) || !ps->ntimewords)
		return 0;
	imp_normalise(w, n, norm, sizeof(norm));
	key.word = norm;
	hit = bsearch(&key, ps->timewords, ps->ntimewords, sizeof(*ps->timewords), cmp_timeword);
	return hit ? hit->value : 0;
}

void imp_timewords_sort(struct imp_profiles *ps)
{
	if (ps->ntimewords)
		qsort(ps->timewords, ps->ntimewords, sizeof(*ps->timewords), cmp_timeword);
}

/* Appends n bytes of s to out[*len..size) (truncating: a time is short). */
static void put(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + n >= size)
		n = *len + 1 < size ? size - 1 - *len : 0;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

int imp_time_english(const struct imp_profiles *ps, const char *v, size_t len, char *out,
		     size_t size)
{
	const char *p = v, *e = v + len;
	size_t n = 0, digits_at = 0;
	int changed = 0, digits = 0, after_year = 0;

	out[0] = '\0';
	while (p < e) {
		const char *w = p;
		int val;

		if (is_mark(p, e, NBSP) || is_mark(p, e, NNBSP)) {
			put(out, size, &n, " ", 1);
			p += *p == '\xC2' ? 2 : 3;
			changed = 1;
			digits = 0;
			continue;
		}
		if (digits && (is_mark(p, e, CJK_YEAR) || is_mark(p, e, CJK_MONTH) ||
			       is_mark(p, e, CJK_DAY))) {
			/* 2024年3月15日 is 2024-3-15; 15/3月/24 is 15/Mar/24 */
			if (is_mark(p, e, CJK_YEAR)) {
				put(out, size, &n, "-", 1);
				after_year = 1;
			} else if (is_mark(p, e, CJK_DAY)) {
				put(out, size, &n, " ", 1);
			} else if (after_year) {
				put(out, size, &n, "-", 1);
			} else {
				int m = atoi(out + digits_at);

				if (m < 1 || m > 12)
					return 0;
				n = digits_at;
				put(out, size, &n, english[m - 1], 3);
			}
			p += 3;
			changed = 1;
			digits = 0;
			continue;
		}
		if (*p >= '0' && *p <= '9') {
			if (!digits)
				digits_at = n;
			digits = 1;
			put(out, size, &n, p++, 1);
			continue;
		}
		digits = 0;
		/* a word: ASCII letters and any non-ASCII character but the marks */
		while (p < e && (((*p | 32) >= 'a' && (*p | 32) <= 'z') ||
				 ((unsigned char)*p >= 0x80 && !is_mark(p, e, NBSP) &&
				  !is_mark(p, e, NNBSP) && !(p > w && is_mark(p, e, CJK_DAY)))))
			p++;
		if (p == w) {
			put(out, size, &n, p++, 1);
			continue;
		}
		val = lookup(ps, w, (size_t)(p - w));
		if (!val) {
			put(out, size, &n, w, (size_t)(p - w));
			continue;
		}
		put(out, size, &n, val <= 12 ? english[val - 1] : val == IMP_AM ? "AM" : "PM",
		    val <= 12 ? 3 : 2);
		/* the abbreviation's dot ("ene.", "vorm.") goes with it */
		if (p < e && *p == '.')
			p++;
		changed = 1;
	}
	return changed;
}
