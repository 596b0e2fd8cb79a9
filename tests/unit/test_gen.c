/*
 * test_gen.c — the synthetic history: determinism, shape, and sane times.
 */
#include "harness.h"
#include "recur/gen.h"
#include "recur/json.h"
#include "recur/timeutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFIELDS 10
static const char header[] = "id,title,service,team,severity,status,opened_at,acknowledged_at,"
			     "mitigated_at,resolved_at\n";

/* Runs the generator into memory; caller owns *out. Returns recur_gen_write's result. */
static int gen_as(long long n, unsigned long long seed, const char *end, int json, char **out,
		  size_t *len)
{
	struct recur_gen_opts o = { n, seed, 12, end, json };
	FILE *f = open_memstream(out, len);
	int rc = recur_gen_write(&o, f);

	fclose(f);
	return rc;
}

static int gen(long long n, unsigned long long seed, const char *end, char **out, size_t *len)
{
	return gen_as(n, seed, end, 0, out, len);
}

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

/*
 * Splits one CSV record at *p into fields (unquoting in place); advances *p
 * past the record. Returns the number of fields, or -1 on a malformed quote.
 */
static int csv_record(char **p, char *fields[], int max)
{
	char *s = *p, *w;
	int n = 0;

	for (;;) {
		if (n == max)
			return -1;
		fields[n++] = w = s;
		if (*s == '"') {
			for (s++;; s++) {
				if (!*s)
					return -1;
				if (*s == '"' && s[1] == '"')
					*w++ = *s++;
				else if (*s == '"')
					break;
				else
					*w++ = *s;
			}
			s++;
		} else {
			while (*s && *s != ',' && *s != '\n')
				*w++ = *s++;
		}
		if (*s == ',') {
			*w = '\0';
			s++;
			continue;
		}
		if (*s != '\n')
			return -1;
		*w = '\0';
		*p = s + 1;
		return n;
	}
}

/* Parses "YYYY-MM-DDTHH:MM:SSZ" strictly (it must print back the same); -1 if not. */
static long long parse_iso(const char *s)
{
	int y, m, d, h, mi, sec, n = 0;
	char back[32];
	long long t;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &m, &d, &h, &mi, &sec, &n) != 6 ||
	    s[n] != '\0')
		return -1;
	t = recur_time_make(y, m, d, h, mi, sec);
	recur_time_iso(t, back);
	return strcmp(back, s) ? -1 : t;
}

static void gen_same_seed_same_bytes(void)
{
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;

	CHECK_INT(gen(3000, 42, "2026-10", &a, &alen), 0);
	CHECK_INT(gen(3000, 42, "2026-10", &b, &blen), 0);
	CHECK_INT(alen, blen);
	CHECK(fnv1a(a, alen) == fnv1a(b, blen));
	CHECK(alen == blen && !memcmp(a, b, alen));
	free(a);
	free(b);
}

static void gen_other_seed_differs(void)
{
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;

	gen(3000, 1, "2026-10", &a, &alen);
	gen(3000, 2, "2026-10", &b, &blen);
	CHECK(fnv1a(a, alen) != fnv1a(b, blen));
	free(a);
	free(b);
}

static void gen_header_only_for_zero(void)
{
	char *a = NULL;
	size_t alen = 0;

	CHECK_INT(gen(0, 1, "2026-10", &a, &alen), 0);
	CHECK_STR(a, header);
	free(a);
}

/* Every row: 10 fields, sequential id, known severity, ordered times inside the span. */
static void gen_rows_well_formed(void)
{
	char *a = NULL, *p, *f[NFIELDS + 1];
	size_t alen = 0;
	long long start, end, t[4], prev;
	char want_id[16];
	int rows = 0, bad_fields = 0, bad_id = 0, bad_time = 0, bad_order = 0, bad_status = 0;
	int sev[5] = { 0 }, open = 0, noack = 0, i, n;

	CHECK_INT(gen(5000, 7, "2026-10", &a, &alen), 0);
	CHECK(!strncmp(a, header, strlen(header)));
	recur_month_bounds("2025-11", &start, &end);
	recur_month_bounds("2026-10", &prev, &end);
	p = a + strlen(header);
	prev = start;
	while (*p) {
		n = csv_record(&p, f, NFIELDS + 1);
		if (n != NFIELDS) {
			bad_fields++;
			break;
		}
		rows++;
		snprintf(want_id, sizeof(want_id), "INC%07d", rows);
		bad_id += strcmp(f[0], want_id) != 0;
		if (!strncmp(f[4], "SEV", 3) && f[4][3] >= '1' && f[4][3] <= '4' && !f[4][4])
			sev[f[4][3] - '0']++;
		for (i = 0; i < 4; i++) {
			t[i] = *f[6 + i] ? parse_iso(f[6 + i]) : -2;
			bad_time += t[i] == -1;
		}
		bad_order += t[0] < prev || t[0] < start || t[0] >= end;
		prev = t[0];
		for (i = 1; i < 4; i++) /* each present time after the ones before it */
			bad_order += t[i] >= 0 && (t[i] < t[0] || (i > 1 && t[1] >= 0 && t[i] < t[1]) ||
						   (i == 3 && t[2] >= 0 && t[3] <= t[2]) || t[i] >= end);
		bad_status += (t[3] >= 0) != !strcmp(f[5], "resolved");
		open += t[3] < 0;
		noack += t[1] < 0;
	}
	CHECK_INT(rows, 5000);
	CHECK_INT(bad_fields, 0);
	CHECK_INT(bad_id, 0);
	CHECK_INT(bad_time, 0);
	CHECK_INT(bad_order, 0);
	CHECK_INT(bad_status, 0);
	CHECK_INT(sev[1] + sev[2] + sev[3] + sev[4], 5000);
	CHECK(sev[1] > 0 && sev[1] * 5 < sev[3]); /* few SEV1 */
	CHECK(noack > 50 && noack < 300);         /* a few % unacknowledged */
	CHECK(open < 50);                         /* only near the end */
	free(a);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Titles with digit runs masked: some templates recur a lot, many are one-offs. */
static void gen_titles_recur(void)
{
	char *a = NULL, *p, *f[NFIELDS + 1], *w, *s;
	size_t alen = 0;
	char **masked = NULL;
	int rows = 0, i, top = 0, run = 1, distinct = 1, quoted = 0;

	gen(4000, 3, "2026-10", &a, &alen);
	masked = calloc(4000, sizeof(*masked));
	quoted = strstr(a, "\"Config \"\"feature_flags.yaml\"\" reload failed") != NULL;
	p = a + strlen(header);
	while (*p && rows < 4000 && csv_record(&p, f, NFIELDS + 1) == NFIELDS) {
		for (s = w = f[1]; *s; s++) /* digits, and hex ids made of them, collapse */
			if (!(*s >= '0' && *s <= '9') || w == f[1] || w[-1] != '#')
				*w++ = (*s >= '0' && *s <= '9') ? '#' : *s;
		*w = '\0';
		masked[rows++] = f[1];
	}
	qsort(masked, (size_t)rows, sizeof(*masked), cmp_str);
	for (i = 1; i < rows; i++) {
		if (strcmp(masked[i], masked[i - 1])) {
			distinct++;
			run = 1;
		} else if (++run > top) {
			top = run;
		}
	}
	CHECK_INT(rows, 4000);
	CHECK(quoted);
	CHECK(top > 100);                        /* a family recurs often */
	CHECK(distinct > 60 && distinct < 2000); /* but not everything recurs */
	free(masked);
	free(a);
}

static void gen_write_error(void)
{
	struct recur_gen_opts o = { 100000, 1, 12, "2026-10", 0 };
	FILE *f = fopen("/dev/full", "w");

	if (!f)
		return; /* no /dev/full here: nothing to test */
	CHECK_INT(recur_gen_write(&o, f), -1);
	fclose(f);
}

static void gen_rejects_bad_options(void)
{
	struct recur_gen_opts o = { 10, 1, 12, "2026-13", 0 };

	CHECK(!recur_gen_valid(&o));
	o.end_month = "2026-10";
	CHECK(recur_gen_valid(&o));
	o.months = 0;
	CHECK(!recur_gen_valid(&o));
	o.end_month = "1970-12";
	o.months = 13;
	CHECK(!recur_gen_valid(&o)); /* would start in 1969-12... */
	o.months = 12;
	CHECK(recur_gen_valid(&o)); /* ...but 12 months start in 1970-01 */
	o.months = 1;
	o.incidents = -1;
	CHECK(!recur_gen_valid(&o));
}

/* --json writes the same incidents as the CSV: each row's fields are its
 * object's values in header order (an empty time is null). */
static void gen_json_same_incidents(void)
{
	static const char *const keys[NFIELDS] = {
		"id", "title", "service", "team", "severity", "status", "opened_at",
		"acknowledged_at", "mitigated_at", "resolved_at",
	};
	char *csv = NULL, *json = NULL, *p, *f[NFIELDS];
	size_t clen, jlen, i, bad = 0;
	struct recur_json *root = NULL, *list;
	struct recur_error err;
	int k;

	CHECK_INT(gen_as(3000, 5, "2026-10", 0, &csv, &clen), 0);
	CHECK_INT(gen_as(3000, 5, "2026-10", 1, &json, &jlen), 0);
	recur_error_init(&err);
	CHECK_INT(recur_json_parse(json, jlen, "gen.json", &root, &err), 0);
	list = recur_json_get(root, "incidents");
	CHECK(list && list->n == 3000);
	p = csv + strlen(header);
	for (i = 0; list && i < list->n; i++) {
		if (csv_record(&p, f, NFIELDS) != NFIELDS) {
			bad++;
			break;
		}
		for (k = 0; k < NFIELDS; k++) {
			const struct recur_json *v = recur_json_get(list->items[i], keys[k]);

			if (!v || (v->type == RECUR_JSON_NULL ? f[k][0] != '\0' :
				   v->type != RECUR_JSON_STRING || strcmp(v->str, f[k])))
				bad++;
		}
	}
	CHECK_INT((long long)bad, 0);
	recur_json_free(root);
	free(csv);
	free(json);
}

int main(void)
{
	RUN(gen_same_seed_same_bytes);
	RUN(gen_other_seed_differs);
	RUN(gen_header_only_for_zero);
	RUN(gen_rows_well_formed);
	RUN(gen_titles_recur);
	RUN(gen_write_error);
	RUN(gen_rejects_bad_options);
	RUN(gen_json_same_incidents);
	return HARNESS_END();
}
