/*
 * fuzz_time.c — the time parser (timeparse.h) on arbitrary bytes.
 *
 * The first byte chooses the date order (auto, day-first, month-first). A
 * time that parses must parse to the same instant with spaces around it, and
 * (within years 1..9999) its ISO form must read back as the same instant.
 * The date-order scan takes the value too and must decide without a crash.
 * The bytes are also put into English with a few of the vocabulary's month
 * and clock words (time_words.c): the result fits its buffer, and what
 * parses after it parses again.
 */
#include "fuzz.h"

#include "import/import_int.h"

#include "recur/timeparse.h"
#include "recur/timeutil.h"

static struct imp_timeword words[] = {
	{ "ene", 1 }, { "mar", 3 }, { "marca", 3 }, { "okt", 10 }, { "dez", 12 },
	{ "vorm", IMP_AM }, { "nachm", IMP_PM },
	{ "\xD0\xBC\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0", 3 },       /* марта */
	{ "\xE4\xB8\x89\xE6\x9C\x88", 3 },                           /* 三月 */
	{ "\xE4\xB8\x8B\xE5\x8D\x88", IMP_PM },                      /* 下午 */
};

static void english(const char *buf, size_t n, enum recur_date_order order)
{
	static struct imp_profiles ps;
	char out[96];
	long long t, t2;

	if (!ps.ntimewords) {
		ps.timewords = words;
		ps.ntimewords = sizeof(words) / sizeof(*words);
		imp_timewords_sort(&ps);
	}
	if (!imp_time_english(&ps, buf, n, out, sizeof(out)))
		return;
	FUZZ_ASSERT(strlen(out) < sizeof(out));
	if (recur_time_parse(out, strlen(out), order, &t) == 0)
		FUZZ_ASSERT(recur_time_parse(out, strlen(out), order, &t2) == 0 && t2 == t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum recur_date_order orders[3] = { RECUR_DATE_AUTO, RECUR_DATE_DMY,
							 RECUR_DATE_MDY };
	struct recur_date_scan scan;
	enum recur_date_order order, decided;
	enum recur_date_how how;
	long long t, t2;
	int zoned = -1;
	char *buf, *padded;

	if (size < 1 || size > 4096)
		return 0;
	order = orders[data[0] % 3];
	buf = fuzz_copy(data + 1, size - 1);
	if (recur_time_parse_zoned(buf, size - 1, order, &t, &zoned) == 0) {
		FUZZ_ASSERT(zoned == 0 || zoned == 1);
		FUZZ_ASSERT(recur_time_parse(buf, size - 1, order, &t2) == 0 && t2 == t);
		padded = malloc(size + 3);
		if (!padded)
			abort();
		padded[0] = ' ';
		padded[1] = '\t';
		memcpy(padded + 2, buf, size - 1);
		padded[size + 1] = ' ';
		FUZZ_ASSERT(recur_time_parse(padded, size + 2, order, &t2) == 0 && t2 == t);
		free(padded);
		if (t >= recur_time_make(1, 1, 1, 0, 0, 0) && t < recur_time_make(10000, 1, 1, 0, 0, 0)) {
			char iso[32];

			recur_time_iso(t, iso);
			FUZZ_ASSERT(recur_time_parse(iso, strlen(iso), order, &t2) == 0 && t2 == t);
		}
	}
	english(buf, size - 1, order);
	memset(&scan, 0, sizeof(scan));
	recur_date_scan_add(&scan, buf, size - 1, 1);
	recur_date_scan_add(&scan, buf, size - 1, 2);
	if (recur_date_scan_decide(&scan, order, &decided, &how) == 0)
		FUZZ_ASSERT(decided == RECUR_DATE_DMY || decided == RECUR_DATE_MDY);
	FUZZ_ASSERT(memchr(scan.dmy_example, '\0', sizeof(scan.dmy_example)));
	FUZZ_ASSERT(memchr(scan.mdy_example, '\0', sizeof(scan.mdy_example)));
	free(buf);
	return 0;
}
