/*
 * link_mask.c — masking the variable parts of a title into typed placeholders.
 *
 * "DB pool exhausted on db-07.prod (98%) after 30s" becomes
 * "DB pool exhausted on <HOST> (<NUM>%) after <DUR>", so titles that differ
 * only in ids, hosts, numbers and times share one signature. One PCRE2
 * pattern with one capturing group per placeholder is compiled once (with the
 * JIT) and scanned left to right; at each position the first alternative in
 * the order below wins. Case is kept and whitespace runs collapse to one
 * space. This file does not group or cluster (link_miner.c does).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "link_internal.h"
#include "recur/link.h"
#include "recur/mem.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Group n (1-based) of the pattern below is replaced by placeholders[n - 1]. */
static const char *const placeholders[] = {
	"<UUID>", "<URL>", "<DATE>", "<IP>", "<PATH>", "<TIME>", "<SIZE>", "<DUR>", "<HEX>",
	"<HOST>", "<NUM>", "<STR>",
};

#define GROUP_STR 12

/*
 * Order matters: a URL before a path or host, a date before a time or
 * number, an IP before a number, a size or duration before a number ("250ms"
 * and "2034 bytes (1.98 KB)" are one value), a hex id before a host. Hosts: a
 * name with a digit and '-' or '.' parts (db-07.prod, ip-10-0-0-1), letters
 * followed by digits (web12) except common technical words (http2, sha256,
 * utf8, …) and versions (v2.1), or a dotted domain name ending in a common
 * top-level domain (proxy.example.com). Paths have at least two segments
 * and start after a space, quote or '='. Quoted values are masked when they
 * are one word (an id, a name, a key); a quoted sentence is kept, because it
 * is usually the message itself.
 */
static const char mask_pattern[] =
	/* 1 UUID */
	"(\\b[[:xdigit:]]{8}-[[:xdigit:]]{4}-[[:xdigit:]]{4}-[[:xdigit:]]{4}-[[:xdigit:]]{12}\\b)"
	/* 2 URL */
	"|(\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]+)"
	/* 3 dates: ISO with optional time and zone, Y/M/D, D/M/Y or M/D/Y, syslog */
	"|(\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?"
	"(?:Z|[+-]\\d{2}:?\\d{2})?)?\\b|\\b\\d{4}/\\d{1,2}/\\d{1,2}\\b|\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b"
	"|\\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +)?"
	"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\\d{1,2},? +\\d{1,2}:\\d{2}:\\d{2}"
	"(?: +\\d{4})?\\b)"
	/* 4 IPv4 with optional port */
	"|(\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?\\b(?!\\.\\d))"
	/* 5 paths: /a/b… (two segments or more), C:\\a\\b */
	"|((?<![^\\s\"'=(\\[,:])(?:/[\\w.@~+%-]+){2,}/?(?:\\?[^\\s\"'<>]*)?|\\b[A-Za-z]:\\\\(?:[\\w.@~+%-]+\\\\?)+)"
	/* 6 times of day */
	"|(\\b\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?\\b)"
	/* 7 sizes: 512 bytes, 1.5 GB, 2034 bytes (1.98 KB) */
	"|(\\b\\d+(?:\\.\\d+)? ?(?:[KMGT]i?B|bytes?|B)\\b"
	"(?: ?\\(\\d+(?:\\.\\d+)? ?(?:[KMGT]i?B|bytes?|B)\\))?)"
	/* 8 durations: 250ms, 30s, 5m, 15 minutes, <1 sec */
	"|((?:<|\\b)\\d+(?:\\.\\d+)?(?:ms|us|\xc2\xb5s|ns|s|sec|secs|m|min|mins|h|hr|hrs|d"
	"| ?(?:milliseconds?|seconds?|secs?|minutes?|mins?|hours?|days?))\\b)"
	/* 9 hex ids: 0x… or 8+ hex digits with a digit and a letter */
	"|(\\b0[xX][[:xdigit:]]+\\b"
	"|\\b(?=[[:xdigit:]]{8})(?=[[:xdigit:]]*\\d)(?=[[:xdigit:]]*[a-fA-F])[[:xdigit:]]{8,}\\b)"
	/* 10 host names: with digits, or dotted with a common top-level domain */
	"|(\\b(?=[A-Za-z]{2,}\\d)"
	"(?!(?i:https?|ipv|utf|sha|md|base|oauth|tlsv?|sslv?|ucs|iso|win|u?int|float|log|ec|gp)\\d+\\b)"
	"[A-Za-z]{2,}\\d+\\b"
	"|\\b(?=[A-Za-z][A-Za-z0-9]*[-.][A-Za-z0-9])(?![vV]\\d)(?=[\\w.-]*\\d)"
	"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)+\\b(?::\\d{1,5}\\b)?"
	"|\\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
	"\\.(?:com|net|org|edu|gov|mil|io|info|biz|local|internal|lan|asia|xyz|top|site|online|tech|club|app|dev|cloud|mobi|name|pro|[a-z]{2})\\b(?![.\\w-])"
	"(?::\\d{1,5}\\b)?)"
	/* 11 numbers: -12, 12,000, 1.5 and versions v2.3.1 (a following % stays as text) */
	"|((?:(?<![\\w.-])-)?\\b(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|[vV]\\d+(?:\\.\\d+)+|\\d+(?:\\.\\d+)*)\\b)"
	/* 12 quoted values of one word */
	"|(\"[^\"\\s]*\"|(?<!\\w)'[^'\\s]*'(?!\\w)|`[^`\\s]*`)";

static pcre2_code *mask_code;
static pcre2_match_data *mask_data;
static pcre2_match_context *mask_mctx;

static void mask_compile(void)
{
	int errcode;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];

	/* anchored: link_mask tries it only where a value can start (see may_start) */
	mask_code = pcre2_compile((PCRE2_SPTR)mask_pattern, PCRE2_ZERO_TERMINATED,
				  PCRE2_ANCHORED, &errcode, &off, NULL);
	if (!mask_code) {
		/* the pattern is a constant: failing here is a bug, not bad input */
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		fprintf(stderr, "recur: bug: mask pattern at %zu: %s\n", (size_t)off, (char *)msg);
		abort();
	}
	pcre2_jit_compile(mask_code, PCRE2_JIT_COMPLETE); /* no JIT: the interpreter works */
	mask_data = pcre2_match_data_create_from_pattern(mask_code, NULL);
	mask_mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mask_mctx, 1000000);
	pcre2_set_depth_limit(mask_mctx, 10000);
	if (!mask_data || !mask_mctx) {
		fprintf(stderr, "recur: out of memory\n");
		abort();
	}
}

void link_mask_release(void)
{
	pcre2_match_data_free(mask_data);
	pcre2_match_context_free(mask_mctx);
	pcre2_code_free(mask_code);
	mask_data = NULL;
	mask_mctx = NULL;
	mask_code = NULL;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Appends s[0..n) with whitespace runs collapsed; *gap carries a pending space. */
static void add_text(struct recur_buf *out, const char *s, size_t n, int *gap, int *any)
{
	size_t i = 0, run;

	while (i < n) {
		if (is_space((unsigned char)s[i])) {
			*gap = 1;
			i++;
			continue;
		}
		for (run = i; run < n && !is_space((unsigned char)s[run]); run++)
			;
		if (*gap && *any)
			recur_buf_addch(out, ' ');
		*gap = 0;
		*any = 1;
		recur_buf_add(out, s + i, run - i);
		i = run;
	}
}

/* The placeholder for a match: quotes keep their quote character. */
static void add_placeholder(struct recur_buf *out, int group, char first, int *gap, int *any)
{
	if (*gap && *any)
		recur_buf_addch(out, ' ');
	*gap = 0;
	*any = 1;
	if (group == GROUP_STR) {
		recur_buf_addch(out, first);
		recur_buf_adds(out, placeholders[GROUP_STR - 1]);
		recur_buf_addch(out, first);
		return;
	}
	recur_buf_adds(out, placeholders[group - 1]);
}

/* Character classes: C_WORD is PCRE2's \\w without UCP, C_RUN the
 * characters a masked value can be made of (hosts, paths, URLs, times, …). */
enum { C_WORD = 1, C_RUN = 2 };
static unsigned char cls[256];

static void init_classes(void)
{
	const char *run = ".:/-@%+~\\";
	int c;

	for (c = 0; c < 256; c++)
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_')
			cls[c] = C_WORD | C_RUN;
	for (; *run; run++)
		cls[(unsigned char)*run] = C_RUN;
}

static int is_word(unsigned char c)
{
	return cls[c] & C_WORD;
}

static int in_run(unsigned char c)
{
	return cls[c] & C_RUN;
}

/* Whether the run s[0..n) could hold a value that starts with a letter or a
 * digit: it has a digit, a dot (domain names), "://" (URLs), ":\\" (Windows
 * paths) or is long enough for a UUID. */
static int run_may_mask(const char *s, size_t n)
{
	size_t i;

	if (n >= 36)
		return 1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= '0' && c <= '9') || c == '.')
			return 1;
		if (c == ':' && i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '\\'))
			return 1;
	}
	return 0;
}

/* A syslog date starts with a weekday or month name and a blank or comma. */
static int date_word(const char *s, size_t n)
{
	static const char names[] = "Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr May Jun Jul Aug "
				    "Sep Oct Nov Dec ";
	const char *p;

	if (n < 4 || (s[3] != ' ' && s[3] != ','))
		return 0;
	for (p = names; *p; p += 4)
		if (!memcmp(p, s, 3))
			return 1;
	return 0;
}

/*
 * Whether a match of the pattern can start at text[i]. It is a superset of
 * the places the pattern can match, found without PCRE2: most words of a
 * title or a log line are plain words, and skipping them is what makes
 * masking fast (the anchored pattern is tried only here). run_ok says whether
 * the run of value characters around i passed run_may_mask.
 */
static int may_start(const char *text, size_t len, size_t i, int run_ok)
{
	unsigned char c = (unsigned char)text[i];

	if (c == '"' || c == '\'' || c == '`' || c == '/' || c == '<')
		return 1;
	if (c == '-')
		return i + 1 < len && text[i + 1] >= '0' && text[i + 1] <= '9';
	if (!is_word(c) || c == '_' || (i > 0 && is_word((unsigned char)text[i - 1])))
		return 0;
	return run_ok || date_word(text + i, len - i);
}

void recur_link_mask(const char *text, struct recur_buf *out)
{
	size_t len = strlen(text), at = 0, i = 0, run_end = 0;
	int gap = 0, any = 0, run_ok = 0;

	if (!mask_code) {
		mask_compile();
		init_classes();
	}
	while (i < len) {
		PCRE2_SIZE *ov;
		int rc, g;

		if (i >= run_end && in_run((unsigned char)text[i])) {
			for (run_end = i; run_end < len && in_run((unsigned char)text[run_end]); run_end++)
				;
			run_ok = run_may_mask(text + i, run_end - i);
		}
		if (!may_start(text, len, i, i < run_end && run_ok)) {
			i++;
			continue;
		}
		rc = pcre2_match(mask_code, (PCRE2_SPTR)text, len, i, 0, mask_data, mask_mctx);
		if (rc <= 0) {
			i++; /* no match here, or a limit: the text stays as it is */
			continue;
		}
		ov = pcre2_get_ovector_pointer(mask_data);
		for (g = 1; g < rc && ov[2 * g] == PCRE2_UNSET; g++)
			;
		add_text(out, text + at, ov[0] - at, &gap, &any);
		add_placeholder(out, g, text[ov[0]], &gap, &any);
		at = i = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		run_end = 0;
	}
	if (at < len)
		add_text(out, text + at, len - at, &gap, &any);
}
