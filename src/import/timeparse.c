/*
 * timeparse.c — time text → UTC epoch seconds (see timeparse.h).
 *
 * A small cursor parser: optional weekday, a date in one of four shapes,
 * an optional time with fraction and AM/PM, an optional zone. It knows no
 * locale but English month names, and no time zone names but Z/UTC/GMT;
 * naive times are UTC (a --source-tz would be applied by the caller).
 */
#include "recur/timeparse.h"
#include "recur/timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct cur {
	const char *p, *e;
};

struct fields {
	int y, m, d, h, mi, s;
	long offset;   /* seconds east of UTC */
	int zoned;     /* the text named a zone or offset */
};

static int at(const struct cur *c, char ch)
{
	return c->p < c->e && *c->p == ch;
}

static void skip_spaces(struct cur *c)
{
	while (c->p < c->e && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* Reads 1..max digits; returns how many were read (0: none), value in *v. */
static int digits(struct cur *c, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (c->p < c->e && n < max && isdigit((unsigned char)*c->p)) {
		*v = *v * 10 + (*c->p++ - '0');
		n++;
	}
	return n;
}

/* Reads a run of letters into w (lower case); returns its length. */
static size_t word(struct cur *c, char *w, size_t size)
{
	size_t n = 0;

	while (c->p < c->e && isalpha((unsigned char)*c->p)) {
		if (n + 1 < size)
			w[n] = (char)tolower((unsigned char)*c->p);
		n++;
		c->p++;
	}
	w[n < size ? n : size - 1] = '\0';
	return n;
}

static int month_of(const char *w)
{
	static const char *names[] = { "january", "february", "march", "april", "may", "june",
				       "july", "august", "september", "october", "november",
				       "december" };
	size_t n = strlen(w);
	int i;

	if (n < 3)
		return 0;
	if (!strcmp(w, "sept"))
		return 9;
	for (i = 0; i < 12; i++)
		if (!strncmp(names[i], w, n))
			return i + 1;
	return 0;
}

static int is_weekday(const char *w)
{
	static const char *names[] = { "monday", "tuesday", "wednesday", "thursday",
				       "friday", "saturday", "sunday" };
	size_t n = strlen(w);
	int i;

	for (i = 0; n >= 3 && i < 7; i++)
		if (!strncmp(names[i], w, n))
			return 1;
	return 0;
}

static int full_year(int y, int ndigits)
{
	if (ndigits == 4)
		return y;
	return y < 70 ? 2000 + y : 1900 + y; /* POSIX strptime %y pivot */
}

/* "Feb 25, 2026" — the month word is already read. */
static int date_month_first(struct cur *c, int month, struct fields *f)
{
	int n;

	skip_spaces(c);
	if (at(c, '-') || at(c, '/') || at(c, '.'))
		c->p++;
	if (!digits(c, 2, &f->d))
		return -1;
	if (at(c, ','))
		c->p++;
	skip_spaces(c);
	if (at(c, '-') || at(c, '/'))
		c->p++;
	n = digits(c, 4, &f->y);
	if (n != 4 && n != 2)
		return -1;
	f->y = full_year(f->y, n);
	f->m = month;
	return 0;
}

/* "25/Feb/26", "25-Feb-2026", "25 Feb 2026": the day is already read. */
static int date_day_month_word(struct cur *c, int day, struct fields *f)
{
	char w[16];
	int n;

	if (!word(c, w, sizeof(w)) || !(f->m = month_of(w)))
		return -1;
	if (at(c, '/') || at(c, '-') || at(c, '.') || at(c, ','))
		c->p++;
	skip_spaces(c);
	n = digits(c, 4, &f->y);
	if (n != 4 && n != 2)
		return -1;
	f->y = full_year(f->y, n);
	f->d = day;
	return 0;
}

/* A date starting with a number of na digits (value a). */
static int date_numeric(struct cur *c, int a, int na, enum recur_date_order order, struct fields *f)
{
	char sep;
	int b, y, nb, ny;

	if (c->p >= c->e)
		return -1;
	sep = *c->p;
	if (sep == ' ' && na <= 2) {
		skip_spaces(c);
		return date_day_month_word(c, a, f);
	}
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	c->p++;
	if (sep == '.' && na <= 2) { /* "15. März 2024", German's long dates */
		struct cur t = *c;

		skip_spaces(&t);
		if (t.p > c->p && t.p < t.e && isalpha((unsigned char)*t.p))
			*c = t;
	}
	if (na <= 2 && c->p < c->e && isalpha((unsigned char)*c->p))
		return date_day_month_word(c, a, f);
	nb = digits(c, 2, &b);
	if (!nb || !at(c, sep))
		return -1;
	c->p++;
	if (na == 4) {  /* Y-M-D */
		if (digits(c, 2, &f->d) == 0)
			return -1;
		f->y = a;
		f->m = b;
		return 0;
	}
	if (na > 2)
		return -1;
	ny = digits(c, 4, &y);
	if (ny != 4 && ny != 2)
		return -1;
	f->y = full_year(y, ny);
	if (order == RECUR_DATE_AUTO)
		order = a > 12 ? RECUR_DATE_DMY : RECUR_DATE_MDY;
	f->d = order == RECUR_DATE_DMY ? a : b;
	f->m = order == RECUR_DATE_DMY ? b : a;
	return 0;
}

/* A leading weekday ("Thu", "Thursday,") adds nothing to the date after it;
 * both the parser and the date-order scan step over it. */
static void skip_weekday(struct cur *c)
{
	struct cur t = *c;
	char w[16];

	if (t.p >= t.e || !isalpha((unsigned char)*t.p))
		return;
	word(&t, w, sizeof(w));
	if (!is_weekday(w))
		return;
	if (at(&t, ','))
		t.p++;
	skip_spaces(&t);
	*c = t;
}

static int parse_date(struct cur *c, enum recur_date_order order, struct fields *f)
{
	char w[16];
	int a, na, m;

	skip_weekday(c);
	if (c->p < c->e && isalpha((unsigned char)*c->p)) {
		word(c, w, sizeof(w));
		if (!(m = month_of(w)))
			return -1;
		return date_month_first(c, m, f);
	}
	na = digits(c, 4, &a);
	if (!na)
		return -1;
	return date_numeric(c, a, na, order, f);
}

/* "Z", "UTC", "GMT", "+02:00", "+0200", "+02", "UTC+1". */
static int parse_zone(struct cur *c, struct fields *f)
{
	int hh, mm = 0, sign, n;

	skip_spaces(c);
	if (at(c, 'Z') || at(c, 'z')) {
		c->p++;
		f->zoned = 1;
		return 0;
	}
	if (c->e - c->p >= 3 && (!strncmp(c->p, "UTC", 3) || !strncmp(c->p, "GMT", 3))) {
		c->p += 3;
		f->zoned = 1;
	}
	if (!at(c, '+') && !at(c, '-'))
		return 0;
	f->zoned = 1;
	sign = *c->p++ == '-' ? -1 : 1;
	n = digits(c, 2, &hh);
	if (!n)
		return -1;
	if (at(c, ':'))
		c->p++;
	if (c->p < c->e && isdigit((unsigned char)*c->p) && digits(c, 2, &mm) != 2)
		return -1;
	if (hh > 23 || mm > 59)
		return -1;
	f->offset = sign * (hh * 3600L + mm * 60L);
	return 0;
}

/* "AM", "pm", "a.m.", "a. m." (Spanish clocks) after the time. Returns 1
 * am, 2 pm, 0 none. */
static int parse_ampm(struct cur *c)
{
	const char *s = c->p;
	int r;

	skip_spaces(c);
	if (c->p >= c->e)
		return 0;
	r = tolower((unsigned char)*c->p) == 'a' ? 1 : tolower((unsigned char)*c->p) == 'p' ? 2 : 0;
	if (!r)
		goto none;
	c->p++;
	if (at(c, '.')) {
		c->p++;
		skip_spaces(c);
	}
	if (c->p >= c->e || tolower((unsigned char)*c->p) != 'm')
		goto none;
	c->p++;
	if (at(c, '.'))
		c->p++;
	return r;
none:
	c->p = s;
	return 0;
}

static int parse_time(struct cur *c, struct fields *f)
{
	int ampm, frac;

	if (!digits(c, 2, &f->h) || !at(c, ':'))
		return -1;
	c->p++;
	if (digits(c, 2, &f->mi) != 2)
		return -1;
	if (at(c, ':')) {
		c->p++;
		if (digits(c, 2, &f->s) != 2)
			return -1;
		if (at(c, '.') || at(c, ',')) {
			c->p++;
			if (!digits(c, 9, &frac))
				return -1;
			while (c->p < c->e && isdigit((unsigned char)*c->p))
				c->p++;
		}
	}
	ampm = parse_ampm(c);
	if (ampm) {
		if (f->h < 1 || f->h > 12)
			return -1;
		f->h = f->h % 12 + (ampm == 2 ? 12 : 0);
	}
	return parse_zone(c, f);
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* All digits: epoch seconds (10), milliseconds (13), or YYYYMMDD (8); the
 * epochs may have a fraction ("1624564393.25", as Python's time() writes),
 * dropped. Returns 1 when s is not a number at all. */
static int parse_number(const char *s, size_t n, long long *out)
{
	long long v = 0;
	size_t i, dot = n;

	for (i = 0; i < n; i++)
		if (s[i] == '.' && dot == n && i + 1 < n)
			dot = i;
		else if (!isdigit((unsigned char)s[i]))
			return 1;
	if (dot < n && dot != 10 && dot != 13)
		return 1; /* "12.05.2026" and other dates with dots */
	n = dot;
	if (n != 8 && n != 10 && n != 13)
		return -1; /* before the sum: 19 digits and more overflow a long long */
	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	if (n == 10) {
		*out = v;
	} else if (n == 13) {
		*out = v / 1000;
	} else if (n == 8) {
		int y = (int)(v / 10000), m = (int)(v / 100 % 100), d = (int)(v % 100);

		if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
			return -1;
		*out = recur_time_make(y, m, d, 0, 0, 0);
	} else {
		return -1;
	}
	return 0;
}

int recur_time_parse(const char *s, size_t len, enum recur_date_order order, long long *out)
{
	return recur_time_parse_zoned(s, len, order, out, NULL);
}

int recur_time_parse_zoned(const char *s, size_t len, enum recur_date_order order,
			   long long *out, int *zoned)
{
	struct cur c = { s, s + len };
	struct fields f = { 0, 0, 0, 0, 0, 0, 0, 0 };
	int r;

	if (zoned)
		*zoned = 1;

	skip_spaces(&c);
	while (c.e > c.p && (c.e[-1] == ' ' || c.e[-1] == '\t' || c.e[-1] == '\r' || c.e[-1] == '\n'))
		c.e--;
	if (c.p == c.e)
		return -1;
	if ((r = parse_number(c.p, (size_t)(c.e - c.p), out)) <= 0)
		return r;
	if (parse_date(&c, order, &f))
		return -1;
	if (at(&c, ','))
		c.p++;
	if (at(&c, 'T') || at(&c, 't'))
		c.p++;
	else
		skip_spaces(&c);
	if (c.p < c.e && parse_time(&c, &f))
		return -1;
	skip_spaces(&c);
	if (c.p != c.e)
		return -1;
	if (f.m < 1 || f.m > 12 || f.d < 1 || f.d > days_in_month(f.y, f.m) || f.h > 23 ||
	    f.mi > 59 || f.s > 60)
		return -1;
	*out = recur_time_make(f.y, f.m, f.d, f.h, f.mi, f.s) - f.offset;
	if (zoned)
		*zoned = f.zoned;
	return 0;
}

/* The leading a/b of a numeric date "a sep b sep y" (a, b of 1–2 digits). */
static int numeric_ab(const char *s, size_t len, int *a, int *b)
{
	struct cur c = { s, s + len };
	char sep;
	int y;

	skip_spaces(&c);
	skip_weekday(&c);
	if (!digits(&c, 3, a) || *a > 99 || c.p >= c.e)
		return 0;
	sep = *c.p;
	if (sep != '/' && sep != '-' && sep != '.')
		return 0;
	c.p++;
	if (!digits(&c, 3, b) || *b > 99 || !at(&c, sep))
		return 0;
	c.p++;
	return digits(&c, 4, &y) >= 2;
}

static void example(char *dst, size_t size, const char *v, size_t len)
{
	snprintf(dst, size, "%.*s", (int)(len < size - 1 ? len : size - 1), v);
}

void recur_date_scan_add(struct recur_date_scan *s, const char *v, size_t len, long line)
{
	int a, b;

	if (!numeric_ab(v, len, &a, &b) || a < 1 || b < 1)
		return;
	if (a > 12 && b <= 12) {
		if (!s->dmy++) {
			s->dmy_line = line;
			example(s->dmy_example, sizeof(s->dmy_example), v, len);
		}
	} else if (b > 12 && a <= 12) {
		if (!s->mdy++) {
			s->mdy_line = line;
			example(s->mdy_example, sizeof(s->mdy_example), v, len);
		}
	} else if (a <= 12 && b <= 12) {
		s->ambiguous++;
	}
}

int recur_date_scan_decide(const struct recur_date_scan *s, enum recur_date_order fallback,
			   enum recur_date_order *out, enum recur_date_how *how)
{
	if (s->dmy && s->mdy)
		return -1;
	if (s->dmy || s->mdy) {
		*out = s->dmy ? RECUR_DATE_DMY : RECUR_DATE_MDY;
		*how = RECUR_DATE_DECIDED;
		return 0;
	}
	*out = fallback == RECUR_DATE_AUTO ? RECUR_DATE_MDY : fallback;
	*how = s->ambiguous ? RECUR_DATE_ASSUMED : RECUR_DATE_NONE;
	return 0;
}
