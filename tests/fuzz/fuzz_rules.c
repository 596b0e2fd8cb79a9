/*
 * fuzz_rules.c — the rules-file parser and matcher (link_rules_parse and
 * link_rules_match in src/link/link_internal.h) on arbitrary bytes.
 *
 * The input before the first NUL is a rules file; what follows it is an
 * incident text that every field of the incident holds (with a few fixed
 * texts when it is empty, one of them a classic backtracking trap). A parse
 * error must name a line; a match either finds a rule, finds none, or fails
 * with the match-limit error, and never hangs (PCRE2 match and depth limits).
 * The text also goes through the title masking (recur_link_mask), which must
 * leave a text with no line ends added and end.
 */
#include "fuzz.h"

#include "link/link_internal.h"
#include "recur/link.h"

static const char *const texts[] = {
	"Payment gateway timeout after 30s on pay-api-7 (checkout)",
	"db-reco-3 slow queries from recommendation refresh",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
	"",
	"\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xff\xfe invalid utf-8",
};

/* Matches every rule against an incident whose fields all hold s[0..len). */
static void match_text(struct link_rules *rs, const char *s, size_t len)
{
	struct link_fields f;
	struct recur_buf reason = RECUR_BUF_INIT, masked = RECUR_BUF_INIT;
	struct recur_error err;
	char *z = malloc(len + 1);
	size_t k, m;

	/* NUL terminated, as link.c hands over SQLite's text (service is compared as a C string) */
	if (!z)
		abort();
	memcpy(z, s, len);
	z[len] = '\0';
	for (k = 0; k < LINK_NFIELDS; k++) {
		f.v[k] = z;
		f.len[k] = len;
	}
	recur_error_init(&err);
	m = link_rules_match(rs, &f, &reason, "FUZZ-1", &err);
	if (m == LINK_MATCH_ERROR)
		FUZZ_ASSERT(err.msg[0]);
	else if (m != LINK_NO_MATCH)
		FUZZ_ASSERT(m < rs->n && reason.len > 0);
	recur_link_mask(z, &masked);
	FUZZ_ASSERT(masked.buf[masked.len] == '\0');
	recur_buf_release(&masked);
	recur_buf_release(&reason);
	free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct link_rules rs;
	struct recur_error err;
	const char *rules, *text;
	size_t rlen, tlen, i;
	char *buf;

	if (size > 65536)
		return 0;
	buf = fuzz_copy(data, size);
	fuzz_split(buf, size, &rules, &rlen, &text, &tlen);
	recur_error_init(&err);
	if (link_rules_parse(rules, rlen, "fuzz.conf", &rs, &err)) {
		FUZZ_ASSERT(err.msg[0] && err.line >= 1);
		free(buf);
		return 0;
	}
	if (tlen) {
		match_text(&rs, text, tlen);
	} else {
		for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
			match_text(&rs, texts[i], strlen(texts[i]));
	}
	link_rules_release(&rs);
	free(buf);
	return 0;
}
