/* test_timeparse.c — time spellings → epoch seconds, and date-order detection. */
#include "harness.h"
#include "recur/timeparse.h"

struct tcase {
	const char *in;
	enum recur_date_order order;
	long long want;  /* -1: must fail */
};

/* Expected values computed independently with GNU date -u -d. */
static const struct tcase cases[] = {
	{ "2026-03-04T10:15:00Z", RECUR_DATE_AUTO, 1772619300 },
	{ "2026-03-04T10:15:00+02:00", RECUR_DATE_AUTO, 1772612100 },
	{ "2026-03-04T10:15:00+0200", RECUR_DATE_AUTO, 1772612100 },
	{ "2026-03-04T10:15:00-08:00", RECUR_DATE_AUTO, 1772648100 },
	{ "2026-03-04T10:15:00.123456Z", RECUR_DATE_AUTO, 1772619300 },
	{ "2022-02-15T13:14:17.744-08:00", RECUR_DATE_AUTO, 1644959657 },
	{ "2015-10-08T14:42:00.000+0700", RECUR_DATE_AUTO, 1444290120 },
	{ "2026-03-04 10:15:00", RECUR_DATE_AUTO, 1772619300 },
	{ "2026-03-04 10:15", RECUR_DATE_AUTO, 1772619300 },
	{ "2026-03-04", RECUR_DATE_AUTO, 1772582400 },
	{ "  2026-03-04T10:15:00Z ", RECUR_DATE_AUTO, 1772619300 },
	{ "2026/03/04 10:15", RECUR_DATE_AUTO, 1772619300 },
	{ "2019-07-29 11:48:43", RECUR_DATE_AUTO, 1564400923 },
	{ "2026-02-25 16:38:58.679", RECUR_DATE_AUTO, 1772037538 },
	{ "29/2/2016 01:16", RECUR_DATE_AUTO, 1456708560 },
	{ "29/2/2016 01:16", RECUR_DATE_DMY, 1456708560 },
	{ "29/2/2016 01:16", RECUR_DATE_MDY, -1 },
	{ "29-02-2016 01:16", RECUR_DATE_AUTO, 1456708560 },
	{ "5/3/2016 12:00", RECUR_DATE_DMY, 1457179200 },
	{ "5/3/2016 12:00", RECUR_DATE_MDY, 1462276800 },
	{ "3/17/2025 6:04", RECUR_DATE_AUTO, 1742191440 },
	{ "3/17/2025 6:04", RECUR_DATE_MDY, 1742191440 },
	{ "02-13-2025 15:46:06", RECUR_DATE_AUTO, 1739461566 },
	{ "04.03.2026 10:15", RECUR_DATE_DMY, 1772619300 },
	{ "4/3/26 10:15", RECUR_DATE_DMY, 1772619300 },
	{ "4/3/99", RECUR_DATE_DMY, 920505600 },
	{ "3/4/2026 10:15 PM", RECUR_DATE_MDY, 1772662500 },
	{ "3/4/2026 12:05 AM", RECUR_DATE_MDY, 1772582700 },
	{ "3/4/2026 12:05 pm", RECUR_DATE_MDY, 1772625900 },
	{ "3/4/2026 12:05:30 p.m.", RECUR_DATE_MDY, 1772625930 },
	{ "3/4/2026 12:05 p. m.", RECUR_DATE_MDY, 1772625900 },  /* Spanish clocks */
	{ "25. Feb 2026", RECUR_DATE_AUTO, 1771977600 },        /* German long dates */
	{ "25/Feb/26 10:17 PM", RECUR_DATE_AUTO, 1772057820 },
	{ "30/Jul/18 23:33", RECUR_DATE_AUTO, 1532993580 },
	{ "25-Feb-2026", RECUR_DATE_AUTO, 1771977600 },
	{ "25 February 2026 08:00", RECUR_DATE_AUTO, 1772006400 },
	{ "Feb 25, 2026", RECUR_DATE_AUTO, 1771977600 },
	{ "February 25, 2026 10:17 PM", RECUR_DATE_AUTO, 1772057820 },
	{ "Wed, 25 Feb 2026 10:17:00 +0000", RECUR_DATE_AUTO, 1772014620 },
	{ "2026-03-04T10:15:00 UTC", RECUR_DATE_AUTO, 1772619300 },
	{ "1772619300", RECUR_DATE_AUTO, 1772619300 },
	{ "1772619300123", RECUR_DATE_AUTO, 1772619300 },
	{ "20260304", RECUR_DATE_AUTO, 1772582400 },
	/* not times */
	{ "", RECUR_DATE_AUTO, -1 },
	{ "soon", RECUR_DATE_AUTO, -1 },
	{ "12345", RECUR_DATE_AUTO, -1 },
	{ "2026-02-30", RECUR_DATE_AUTO, -1 },
	{ "2025-02-29", RECUR_DATE_AUTO, -1 },
	{ "31/4/2026", RECUR_DATE_DMY, -1 },
	{ "2026-03-04 25:00", RECUR_DATE_AUTO, -1 },
	{ "2026-03-04 10:61", RECUR_DATE_AUTO, -1 },
	{ "13/13/2026", RECUR_DATE_AUTO, -1 },
	{ "3/4/2026 13:00 PM", RECUR_DATE_MDY, -1 },
	{ "2026-03-04T10:15:00Zjunk", RECUR_DATE_AUTO, -1 },
	{ "Foo 25, 2026", RECUR_DATE_AUTO, -1 },
	{ "2026-03-04T10:15:00+25:00", RECUR_DATE_AUTO, -1 },
};

static void timeparse_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long long got = -1;
		int r = recur_time_parse(cases[i].in, strlen(cases[i].in), cases[i].order, &got);

		if (r)
			got = -1;
		if (got != cases[i].want)
			printf("#   input '%s'\n", cases[i].in);
		CHECK_INT(got, cases[i].want);
	}
}

static void timeparse_not_nul_terminated(void)
{
	long long t;

	/* only len bytes are read: the trailing "junk" is outside the slice */
	CHECK_INT(recur_time_parse("2026-03-04junk", 10, RECUR_DATE_AUTO, &t), 0);
	CHECK_INT(t, 1772582400);
}

/* Epoch times as status feeds write them: strings of seconds or
 * milliseconds, with a fraction or spaces; the numbers that are not epochs
 * (ids, counts, dotted dates) are not read as ones. */
static void timeparse_epoch_strings(void)
{
	static const struct { const char *in; long long want; } epochs[] = {
		{ "1624564393", 1624564393 },
		{ "1624564393000", 1624564393 },
		{ "1624564393999", 1624564393 },
		{ " 1624564393 ", 1624564393 },
		{ "1624564393.75", 1624564393 },
		{ "1624564393123.5", 1624564393 },
		{ "0000000000", 0 },
		{ "12.05.2026", 1796428800 },     /* a dotted date: 5 Dec, month-first by default */
		{ "162456439", -1 },              /* 9 digits: an id, not a time */
		{ "16245643930", -1 },            /* 11 digits */
		{ "1624564393.", -1 },
		{ ".1624564393", -1 },
		{ "1624564393.5.5", -1 },
		{ "20260304.5", -1 },
		{ "1624564393e3", -1 },
		{ "-1624564393", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(epochs) / sizeof(epochs[0]); i++) {
		long long got = -1;

		if (recur_time_parse(epochs[i].in, strlen(epochs[i].in), RECUR_DATE_AUTO, &got))
			got = -1;
		if (got != epochs[i].want)
			printf("#   input '%s'\n", epochs[i].in);
		CHECK_INT(got, epochs[i].want);
	}
}

static void scan(struct recur_date_scan *s, const char *const *v)
{
	long line = 2;

	memset(s, 0, sizeof(*s));
	for (; *v; v++)
		recur_date_scan_add(s, *v, strlen(*v), line++);
}

static void date_order_detection(void)
{
	static const char *dmy[] = { "1/2/2016 10:00", "29/2/2016 01:16", "3/3/2016", NULL };
	static const char *mdy[] = { "3/17/2025 6:04", "1/2/2025", NULL };
	static const char *amb[] = { "1/2/2025", "3/4/2025 10:00", NULL };
	static const char *iso[] = { "2025-01-02", "2025-03-17T10:00:00Z", NULL };
	static const char *both[] = { "13/1/2025", "1/13/2025", NULL };
	/* a leading weekday is stepped over, as the parser does */
	static const char *wday[] = { "Thu, 13/02/2025 10:00", NULL };
	struct recur_date_scan s;
	enum recur_date_order o;
	enum recur_date_how how;

	scan(&s, dmy);
	CHECK_INT(recur_date_scan_decide(&s, RECUR_DATE_AUTO, &o, &how), 0);
	CHECK_INT(o, RECUR_DATE_DMY);
	CHECK_INT(how, RECUR_DATE_DECIDED);
	CHECK_INT(s.dmy_line, 3);
	CHECK_STR(s.dmy_example, "29/2/2016 01:16");

	scan(&s, mdy);
	CHECK_INT(recur_date_scan_decide(&s, RECUR_DATE_DMY, &o, &how), 0);
	CHECK_INT(o, RECUR_DATE_MDY);
	CHECK_INT(how, RECUR_DATE_DECIDED);

	scan(&s, amb);
	CHECK_INT(recur_date_scan_decide(&s, RECUR_DATE_AUTO, &o, &how), 0);
	CHECK_INT(o, RECUR_DATE_MDY);
	CHECK_INT(how, RECUR_DATE_ASSUMED);
	CHECK_INT(recur_date_scan_decide(&s, RECUR_DATE_DMY, &o, &how), 0);
	CHECK_INT(o, RECUR_DATE_DMY);

	scan(&s, wday);
	CHECK_INT(recur_date_scan_decide(&s, RECUR_DATE_AUTO, &o, &how), 0);
	CHECK_INT(o, RECUR_DATE_DMY);
	CHECK_INT(how, RECUR_DATE_DECIDED);

	scan(&s, iso);
	CHECK_INT(recur_date_scan_decide(&s, RECUR_DATE_AUTO, &o, &how), 0);
	CHECK_INT(how, RECUR_DATE_NONE);

	scan(&s, both);
	CHECK_INT(recur_date_scan_decide(&s, RECUR_DATE_AUTO, &o, &how), -1);
	CHECK_INT(s.dmy_line, 2);
	CHECK_INT(s.mdy_line, 3);
}

int main(void)
{
	RUN(timeparse_table);
	RUN(timeparse_not_nul_terminated);
	RUN(timeparse_epoch_strings);
	RUN(date_order_detection);
	return HARNESS_END();
}
