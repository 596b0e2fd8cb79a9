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
	"<UUID>", "<DATE>", "<IP>", "<TIME>", "<DUR>", "<HEX>", "<HOST>", "<NUM>", "<STR>",
};

/*
 * Order matters: a date before a time or number, an IP before a number, a
 * duration before a number ("250ms" is one token), a hex id before a host.
 * Hosts: a name with a digit and '-' or '.' parts (db-07.prod, ip-10-0-0-1),
 * or letters followed by digits (web12), except common technical words
 * (http2, sha256, utf8, …) and versions (v2.1). Pure digit runs are numbers.
 */
static const char mask_pattern[] =
	/* 1 UUID */
	"(\\b[[:xdigit:]]{8}-[[:xdigit:]]{4}-[[:xdigit:]]{4}-[[:xdigit:]]{4}-[[:xdigit:]]{12}\\b)"
	/* 2 dates: ISO with optional time and zone, Y/M/D, D/M/Y or M/D/Y */
	"|(\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?"
	"(?:Z|[+-]\\d{2}:?\\d{2})?)?\\b|\\b\\d{4}/\\d{1,2}/\\d{1,2}\\b|\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b)"
	/* 3 IPv4 with optional port */
	"|(\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?\\b(?!\\.\\d))"
	/* 4 times of day */
	"|(\\b\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?\\b)"
	/* 5 durations: 250ms, 30s, 5m, 15 minutes */
	"|(\\b\\d+(?:\\.\\d+)?(?:ms|us|\xc2\xb5s|ns|s|sec|secs|m|min|mins|h|hr|hrs|d"
	"| ?(?:milliseconds?|seconds?|minutes?|hours?|days?))\\b)"
	/* 6 hex ids: 0x… or 8+ hex digits with a digit and a letter */
	"|(\\b0[xX][[:xdigit:]]+\\b"
	"|\\b(?=[[:xdigit:]]{8})(?=[[:xdigit:]]*\\d)(?=[[:xdigit:]]*[a-fA-F])[[:xdigit:]]{8,}\\b)"
	/* 7 host names with digits */
	"|(\\b(?=[A-Za-z]{2,}\\d)"
	"(?!(?i:https?|ipv|utf|sha|md|base|oauth|tlsv?|sslv?|ucs|iso|win|u?int|float|log|ec|gp)\\d+\\b)"
	"[A-Za-z]{2,}\\d+\\b"
	"|\\b(?=[A-Za-z][A-Za-z0-9]*[-.][A-Za-z0-9])(?![vV]\\d)(?=[\\w.-]*\\d)"
	"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)+\\b)"
	/* 8 numbers: 12,000 and 1.5 and versions v2.3.1 (a following % stays as text) */
	"|(\\b(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|[vV]\\d+(?:\\.\\d+)+|\\d+(?:\\.\\d+)*)\\b)"
	/* 9 quoted values */
	"|(\"[^\"\\n]*\"|(?<!\\w)'[^'\\n]*'(?!\\w)|`[^`\\n]*`)";

static pcre2_code *mask_code;
static pcre2_match_data *mask_data;
static pcre2_match_context *mask_mctx;

static void mask_compile(void)
{
	int errcode;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];

	mask_code = pcre2_compile((PCRE2_SPTR)mask_pattern, PCRE2_ZERO_TERMINATED,
				  0, &errcode, &off,
				  NULL);
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
	if (group == 9) {
		recur_buf_addch(out, first);
		recur_buf_adds(out, placeholders[8]);
		recur_buf_addch(out, first);
		return;
	}
	recur_buf_adds(out, placeholders[group - 1]);
}

void recur_link_mask(const char *text, struct recur_buf *out)
{
	size_t len = strlen(text), at = 0;
	int gap = 0, any = 0;

	if (!mask_code)
		mask_compile();
	while (at < len) {
		PCRE2_SIZE *ov;
		int rc = pcre2_match(mask_code, (PCRE2_SPTR)text, len, at, 0, mask_data, mask_mctx);
		int g;

		if (rc <= 0)
			break; /* no match, or a limit: the rest stays as it is */
		ov = pcre2_get_ovector_pointer(mask_data);
		for (g = 1; g < rc && ov[2 * g] == PCRE2_UNSET; g++)
			;
		add_text(out, text + at, ov[0] - at, &gap, &any);
		add_placeholder(out, g, text[ov[0]], &gap, &any);
		at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	if (at < len)
		add_text(out, text + at, len - at, &gap, &any);
}
