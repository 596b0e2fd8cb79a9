/*
 * link_rules.c — the rules file: parsing, compiling and matching PCRE2 rules.
 *
 * Format (sample-data/RULES.md has the user's guide):
 *
 *   # comments start with '#'; blank lines ignored
 *   [rule recommendation-db-load]     # a rule: name = letters, digits, '-', '_', '.'
 *   title = Slow pages from recommendation queries
 *   fields = title, description       # fields the pattern reads (default: title):
 *                                     # title, description, service, category,
 *                                     # root_cause, resolution
 *   pattern = (?i)slow\b.*(page|load) # PCRE2: the rest of the line after '=', trimmed
 *   service = recommendations, search # optional: only these services (any case)
 *   root_cause = Heavy recommendation DB queries saturate the replica
 *   workaround = Fail over reads to the standby replica
 *   status = known error              # investigating | known error | resolved
 *
 * A rule may have several pattern lines and matches when any of them does.
 * Free-text values (title, pattern, root_cause, workaround) take the whole
 * rest of the line, '#' included; on [rule] headers and on fields, service
 * and status lines a '#' after a space starts a comment. Every error names
 * file:line:col. Patterns are compiled once, with UTF/UCP and the JIT, and
 * matched under match and depth limits, so a runaway pattern fails with a
 * message naming its rule instead of hanging. Which incidents are read and
 * what a match does is link.c's business, not this file's.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "link_internal.h"
#include "recur/mem.h"

#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MATCH_LIMIT 5000000
#define DEPTH_LIMIT 10000
#define REASON_TEXT_MAX 60

static const char *const field_names[LINK_NFIELDS] = {
	"title", "description", "service", "category", "root_cause", "resolution",
};

static const char *const statuses[] = { "investigating", "known error", "resolved" };

const char *link_field_name(enum link_field f)
{
	return field_names[f];
}

/* One line being parsed: where it is and what it holds. */
struct line {
	const char *file;
	long no;
	const char *s;     /* start of the line */
	size_t len;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static char *lower_dup(const char *s, size_t n)
{
	char *d = xstrndup(s, n);
	char *p;

	for (p = d; *p; p++)
		*p = (char)lower((unsigned char)*p);
	return d;
}

/* Trims blanks on both sides of s[*b..*e). */
static void trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e && is_blank(s[*b]))
		(*b)++;
	while (*e > *b && is_blank(s[*e - 1]))
		(*e)--;
}

/* Cuts a " # comment" from s[b..*e) (a '#' at b or after a blank). */
static void cut_comment(const char *s, size_t b, size_t *e)
{
	size_t i;

	for (i = b; i < *e; i++)
		if (s[i] == '#' && (i == b || is_blank(s[i - 1]))) {
			*e = i;
			break;
		}
	while (*e > b && is_blank(s[*e - 1]))
		(*e)--;
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

static void rule_release(struct link_rule *r)
{
	size_t i;

	free(r->name);
	free(r->title);
	free(r->root_cause);
	free(r->workaround);
	free(r->status);
	free(r->service_text);
	for (i = 0; i < r->nservices; i++)
		free(r->services[i]);
	free(r->services);
	for (i = 0; i < r->ncodes; i++)
		pcre2_code_free(r->codes[i]);
	free(r->codes);
}

void link_rules_release(struct link_rules *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		rule_release(&rs->rules[i]);
	free(rs->rules);
	pcre2_match_data_free(rs->mdata);
	pcre2_match_context_free(rs->mctx);
	pcre2_jit_stack_free(rs->jstack);
	memset(rs, 0, sizeof(*rs));
}

/* A rule needs a pattern; checked when the next rule starts or the file ends. */
static int finish_rule(struct link_rules *rs, const char *file, struct recur_error *err)
{
	struct link_rule *r;

	if (!rs->n)
		return 0;
	r = &rs->rules[rs->n - 1];
	if (!r->ncodes)
		return recur_error_at(err, file, r->line, 1,
				      "rule '%s' has no pattern: add a line 'pattern = REGEX'", r->name);
	if (!r->fields)
		r->fields = 1u << LINK_FIELD_TITLE;
	return 0;
}

static int parse_header(struct link_rules *rs, const struct line *l, size_t b,
			struct recur_error *err)
{
	const char *s = l->s;
	const char *close = memchr(s + b, ']', l->len - b);
	size_t e, nb, ne, i;
	struct link_rule *r;

	if (!close)
		return recur_error_at(err, l->file, l->no, (long)b + 1,
				      "missing ']' after '[': a rule starts with [rule NAME]");
	e = (size_t)(close - s);
	ne = l->len;
	cut_comment(s, e + 1, &ne);
	for (i = e + 1; i < ne; i++)
		if (!is_blank(s[i]))
			return recur_error_at(err, l->file, l->no, (long)i + 1,
					      "unexpected text after ']'");
	nb = b + 1;
	trim(s, &nb, &e);
	if (e - nb < 4 || memcmp(s + nb, "rule", 4) || (e - nb > 4 && !is_blank(s[nb + 4])))
		return recur_error_at(err, l->file, l->no, (long)nb + 1,
				      "unknown section '[%.*s]': a rule starts with [rule NAME]",
				      (int)(e - nb), s + nb);
	nb += 4;
	trim(s, &nb, &e);
	if (nb == e)
		return recur_error_at(err, l->file, l->no, (long)nb + 1,
				      "missing rule name: write [rule NAME]");
	for (i = nb; i < e; i++)
		if (!name_char(s[i]))
			return recur_error_at(err, l->file, l->no, (long)i + 1,
					      "invalid character '%c' in rule name '%.*s': use letters, "
					      "digits, '-', '_' and '.'", s[i], (int)(e - nb), s + nb);
	for (i = 0; i < rs->n; i++)
		if (strlen(rs->rules[i].name) == e - nb && !memcmp(rs->rules[i].name, s + nb, e - nb))
			return recur_error_at(err, l->file, l->no, (long)nb + 1,
					      "duplicate rule '%s' (first at line %ld): give each rule "
					      "its own name", rs->rules[i].name, rs->rules[i].line);
	if (finish_rule(rs, l->file, err))
		return -1;
	xgrow((void **)&rs->rules, &rs->cap, rs->n + 1, sizeof(*rs->rules));
	r = &rs->rules[rs->n++];
	memset(r, 0, sizeof(*r));
	r->name = xstrndup(s + nb, e - nb);
	r->line = l->no;
	return 0;
}

static int parse_fields(struct link_rule *r, const struct line *l, size_t b, size_t e,
			struct recur_error *err)
{
	const char *s = l->s;

	while (b <= e) {
		size_t wb = b, we = b;
		int f;

		while (we < e && s[we] != ',')
			we++;
		b = we + 1;
		trim(s, &wb, &we);
		for (f = 0; f < LINK_NFIELDS; f++)
			if (strlen(field_names[f]) == we - wb && !memcmp(field_names[f], s + wb, we - wb))
				break;
		if (f == LINK_NFIELDS)
			return recur_error_at(err, l->file, l->no, (long)wb + 1,
					      "unknown field '%.*s' in rule '%s': use title, "
					      "description, service, category, root_cause or resolution",
					      (int)(we - wb), s + wb, r->name);
		r->fields |= 1u << f;
	}
	return 0;
}

static void parse_services(struct link_rule *r, const char *s, size_t b, size_t e)
{
	r->service_text = xstrndup(s + b, e - b);
	while (b <= e) {
		size_t wb = b, we = b;

		while (we < e && s[we] != ',')
			we++;
		b = we + 1;
		trim(s, &wb, &we);
		if (wb == we)
			continue;
		r->services = xrealloc(r->services, (r->nservices + 1) * sizeof(*r->services));
		r->services[r->nservices++] = lower_dup(s + wb, we - wb);
	}
}

static int parse_status(struct link_rule *r, const struct line *l, size_t b, size_t e,
			struct recur_error *err)
{
	char *v = lower_dup(l->s + b, e - b);
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (!strcmp(v, statuses[i])) {
			r->status = v;
			return 0;
		}
	free(v);
	return recur_error_at(err, l->file, l->no, (long)b + 1,
			      "bad status '%.*s' in rule '%s': use investigating, known error or "
			      "resolved", (int)(e - b), l->s + b, r->name);
}

static int compile_pattern(struct link_rule *r, const struct line *l, size_t b, size_t e,
			   struct recur_error *err)
{
	int code;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)(l->s + b), e - b,
				       PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &code, &off,
				       NULL);

	if (!re) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		return recur_error_at(err, l->file, l->no, (long)(b + off) + 1,
				      "invalid pattern in rule '%s': %s", r->name, (char *)msg);
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* "JIT not available" is fine */
	r->codes = xrealloc(r->codes, (r->ncodes + 1) * sizeof(*r->codes));
	r->codes[r->ncodes++] = re;
	return 0;
}

enum key { K_TITLE, K_FIELDS, K_PATTERN, K_SERVICE, K_ROOT_CAUSE, K_WORKAROUND, K_STATUS, NKEYS };
static const char *const key_names[NKEYS] = {
	"title", "fields", "pattern", "service", "root_cause", "workaround", "status",
};

/* Stores one "key = value" line into r; seen tracks keys already given. */
static int parse_setting(struct link_rule *r, unsigned *seen, const struct line *l, size_t b,
			 struct recur_error *err)
{
	const char *s = l->s;
	const char *eq = memchr(s + b, '=', l->len - b);
	size_t kb = b, ke, vb, ve = l->len;
	int k;

	if (!eq)
		return recur_error_at(err, l->file, l->no, (long)b + 1,
				      "expected 'key = value' or [rule NAME]");
	ke = (size_t)(eq - s);
	vb = ke + 1;
	trim(s, &kb, &ke);
	for (k = 0; k < NKEYS; k++)
		if (strlen(key_names[k]) == ke - kb && !memcmp(key_names[k], s + kb, ke - kb))
			break;
	if (!r)
		return recur_error_at(err, l->file, l->no, (long)kb + 1,
				      "'%.*s' outside a rule: start a rule with [rule NAME] first",
				      (int)(ke - kb), s + kb);
	if (k == NKEYS)
		return recur_error_at(err, l->file, l->no, (long)kb + 1,
				      "unknown key '%.*s' in rule '%s': use title, fields, pattern, "
				      "service, root_cause, workaround or status",
				      (int)(ke - kb), s + kb, r->name);
	if (k != K_PATTERN && (*seen & (1u << k)))
		return recur_error_at(err, l->file, l->no, (long)kb + 1,
				      "duplicate key '%s' in rule '%s': give it once", key_names[k],
				      r->name);
	*seen |= 1u << k;
	if (k == K_FIELDS || k == K_SERVICE || k == K_STATUS)
		cut_comment(s, vb, &ve);
	trim(s, &vb, &ve);
	if (vb == ve)
		return recur_error_at(err, l->file, l->no, (long)(eq - s) + 2,
				      "empty value for '%s' in rule '%s'", key_names[k], r->name);
	switch (k) {
	case K_TITLE: r->title = xstrndup(s + vb, ve - vb); return 0;
	case K_ROOT_CAUSE: r->root_cause = xstrndup(s + vb, ve - vb); return 0;
	case K_WORKAROUND: r->workaround = xstrndup(s + vb, ve - vb); return 0;
	case K_FIELDS: return parse_fields(r, l, vb, ve, err);
	case K_SERVICE: parse_services(r, s, vb, ve); return 0;
	case K_STATUS: return parse_status(r, l, vb, ve, err);
	default: return compile_pattern(r, l, vb, ve, err);
	}
}

static void setup_matching(struct link_rules *rs)
{
	rs->mctx = pcre2_match_context_create(NULL);
	rs->mdata = pcre2_match_data_create(1, NULL);
	if (!rs->mctx || !rs->mdata) {
		fprintf(stderr, "recur: out of memory\n");
		abort();
	}
	/* a larger JIT stack than the 32K default, for long descriptions */
	rs->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (rs->jstack)
		pcre2_jit_stack_assign(rs->mctx, NULL, rs->jstack);
	pcre2_set_match_limit(rs->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(rs->mctx, DEPTH_LIMIT);
}

int link_rules_parse(const char *text, size_t len, const char *file, struct link_rules *out,
		     struct recur_error *err)
{
	struct line l = { file, 0, text, 0 };
	size_t at = 0;
	unsigned seen = 0;

	memset(out, 0, sizeof(*out));
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		at = 3; /* a UTF-8 byte order mark */
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t b = 0;
		long nrules = (long)out->n;

		l.no++;
		l.s = text + at;
		l.len = nl ? (size_t)(nl - l.s) : len - at;
		at += l.len + 1;
		if (l.len && l.s[l.len - 1] == '\r')
			l.len--;
		while (b < l.len && is_blank(l.s[b]))
			b++;
		if (b == l.len || l.s[b] == '#')
			continue;
		if (l.s[b] == '[' ? parse_header(out, &l, b, err)
				  : parse_setting(out->n ? &out->rules[out->n - 1] : NULL, &seen, &l,
						  b, err))
			goto fail;
		if ((long)out->n != nrules)
			seen = 0;
	}
	if (finish_rule(out, file, err))
		goto fail;
	setup_matching(out);
	return 0;
fail:
	link_rules_release(out);
	return -1;
}

int link_rules_load(const char *path, struct link_rules *out, struct recur_error *err)
{
	struct recur_buf b = RECUR_BUF_INIT;
	int r;

	memset(out, 0, sizeof(*out));
	recur_buf_init(&b, 64u << 20);
	if (recur_buf_read_file(&b, path)) {
		r = recur_error_at(err, path, 0, 0, "cannot read rules file: %s; check the path "
				   "given with --rules", strerror(errno));
		goto out;
	}
	r = link_rules_parse(b.buf, b.len, path, out, err);
out:
	recur_buf_release(&b);
	return r;
}

static int service_allowed(const struct link_rule *r, const char *service)
{
	size_t i;

	if (!r->nservices)
		return 1;
	if (!service)
		return 0;
	for (i = 0; i < r->nservices; i++) {
		const char *a = r->services[i], *b = service;

		while (*a && lower((unsigned char)*b) == *a)
			a++, b++;
		if (!*a && !*b)
			return 1;
	}
	return 0;
}

/* "rule NAME matched FIELD: 'TEXT'", TEXT cut at a character boundary. */
static void write_reason(struct recur_buf *reason, const struct link_rule *r, enum link_field f,
			 const char *s, size_t b, size_t e)
{
	size_t n = e - b, i;

	if (n > REASON_TEXT_MAX) {
		n = REASON_TEXT_MAX;
		while (n && ((unsigned char)s[b + n] & 0xc0) == 0x80)
			n--;
	}
	recur_buf_reset(reason);
	recur_buf_addf(reason, "rule %s matched %s: '", r->name, field_names[f]);
	for (i = 0; i < n; i++)
		recur_buf_addch(reason, s[b + i] == '\n' || s[b + i] == '\r' ? ' ' : s[b + i]);
	recur_buf_adds(reason, n < e - b ? "...'" : "'");
}

/* Matches one rule; 1 match, 0 none, -1 error. */
static int match_rule(struct link_rules *rs, const struct link_rule *r, const struct link_fields *f,
		      struct recur_buf *reason, const char *what, struct recur_error *err)
{
	PCRE2_UCHAR msg[256];
	size_t c;
	int k, rc;

	if (!service_allowed(r, f->v[LINK_FIELD_SERVICE]))
		return 0;
	for (k = 0; k < LINK_NFIELDS; k++) {
		if (!(r->fields & (1u << k)) || !f->v[k])
			continue;
		for (c = 0; c < r->ncodes; c++) {
			rc = pcre2_match(r->codes[c], (PCRE2_SPTR)f->v[k], f->len[k], 0, 0, rs->mdata,
					 rs->mctx);
			if (rc >= 0) {
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rs->mdata);

				write_reason(reason, r, (enum link_field)k, f->v[k], ov[0], ov[1]);
				return 1;
			}
			if (rc != PCRE2_ERROR_NOMATCH) {
				pcre2_get_error_message(rc, msg, sizeof(msg));
				if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT)
					return recur_error_set(err, "pattern of rule '%s' failed on "
							       "incident '%s' (%s): simplify the pattern, "
							       "e.g. no nested repeats like (a+)+ (limits: "
							       "%d steps, depth %d; MATCH_LIMIT and "
							       "DEPTH_LIMIT in src/link/link_rules.c)", r->name,
							       what, (char *)msg, MATCH_LIMIT, DEPTH_LIMIT);
				return recur_error_set(err, "pattern of rule '%s' failed on incident "
						       "'%s' (%s): simplify the pattern", r->name,
						       what, (char *)msg);
			}
		}
	}
	return 0;
}

size_t link_rules_match(struct link_rules *rs, const struct link_fields *f, struct recur_buf *reason,
			const char *what, struct recur_error *err)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		int m = match_rule(rs, &rs->rules[i], f, reason, what, err);

		if (m < 0)
			return LINK_MATCH_ERROR;
		if (m)
			return i;
	}
	return LINK_NO_MATCH;
}
