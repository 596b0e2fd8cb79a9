/*
 * json.c — JSON parser (RFC 8259) and writer over memory buffers.
 *
 * The parser is recursive descent with an explicit depth limit; it reports
 * the first error with line and column and never returns a partial tree.
 * For big exports, recur_json_parse_bounded keeps only the head of the
 * top-level arrays in the tree and the byte range of every item, which
 * recur_json_parse_part reads one at a time: memory stays one record.
 */
#include "recur/json.h"
#include "recur/utf8.h"
#include "recur/mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STR_(x) #x
#define STR(x) STR_(x)

struct parser {
	const char *s, *p, *end;
	const char *name;
	struct recur_error *err;
	int depth;
	size_t keep;                    /* bounded: items kept of a top-level array */
	int root_obj;                   /* the document is an object */
	struct recur_json_long *longs;  /* bounded: the arrays that had more */
	size_t nlongs, caplongs;
	void (*passed)(void *ctx, size_t offset);  /* bounded: after each item not kept */
	void *ctx;
};

struct recur_json *recur_json_new(enum recur_json_type type)
{
	struct recur_json *v = xcalloc(1, sizeof(*v));

	v->type = type;
	return v;
}

struct recur_json *recur_json_new_stringn(const char *s, size_t len)
{
	struct recur_json *v = recur_json_new(RECUR_JSON_STRING);

	v->str = xstrndup(s, len);
	v->len = len;
	return v;
}

struct recur_json *recur_json_new_string(const char *s)
{
	return recur_json_new_stringn(s, strlen(s));
}

struct recur_json *recur_json_new_number(double d)
{
	struct recur_json *v = recur_json_new(RECUR_JSON_NUMBER);

	v->num = d;
	return v;
}

struct recur_json *recur_json_new_bool(int b)
{
	return recur_json_new(b ? RECUR_JSON_TRUE : RECUR_JSON_FALSE);
}

struct recur_json *recur_json_clone(const struct recur_json *v)
{
	struct recur_json *c;
	size_t i;

	if (!v)
		return recur_json_new(RECUR_JSON_NULL);
	switch (v->type) {
	case RECUR_JSON_STRING: return recur_json_new_stringn(v->str, v->len);
	case RECUR_JSON_NUMBER: return recur_json_new_number(v->num);
	case RECUR_JSON_ARRAY:
		c = recur_json_new(RECUR_JSON_ARRAY);
		for (i = 0; i < v->n; i++)
			recur_json_push(c, recur_json_clone(v->items[i]));
		return c;
	case RECUR_JSON_OBJECT:
		c = recur_json_new(RECUR_JSON_OBJECT);
		for (i = 0; i < v->n; i++)
			recur_json_set(c, v->keys[i], recur_json_clone(v->items[i]));
		return c;
	default: return recur_json_new(v->type);
	}
}

void recur_json_free(struct recur_json *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		recur_json_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static void add_item(struct recur_json *c, char *key, struct recur_json *v)
{
	size_t cap = c->cap;

	xgrow((void **)&c->items, &c->cap, c->n + 1, sizeof(*c->items));
	if (c->type == RECUR_JSON_OBJECT)
		xgrow((void **)&c->keys, &cap, c->n + 1, sizeof(*c->keys));
	c->items[c->n] = v;
	if (c->type == RECUR_JSON_OBJECT)
		c->keys[c->n] = key;
	c->n++;
}

struct recur_json *recur_json_push(struct recur_json *a, struct recur_json *v)
{
	add_item(a, NULL, v);
	return v;
}

struct recur_json *recur_json_set(struct recur_json *obj, const char *key, struct recur_json *v)
{
	size_t i;

	for (i = 0; i < obj->n; i++) {
		if (!strcmp(obj->keys[i], key)) {
			recur_json_free(obj->items[i]);
			obj->items[i] = v;
			return v;
		}
	}
	add_item(obj, xstrdup(key), v);
	return v;
}

void recur_json_set_string(struct recur_json *obj, const char *key, const char *s)
{
	recur_json_set(obj, key, s ? recur_json_new_string(s) : recur_json_new(RECUR_JSON_NULL));
}

void recur_json_set_number(struct recur_json *obj, const char *key, double d)
{
	recur_json_set(obj, key, recur_json_new_number(d));
}

struct recur_json *recur_json_get(const struct recur_json *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != RECUR_JSON_OBJECT)
		return NULL;
	for (i = obj->n; i-- > 0;) /* last duplicate key wins, as in most readers */
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

struct recur_json *recur_json_path(const struct recur_json *v, const char *path)
{
	char part[256];
	const char *dot;
	size_t n;

	while (v && *path) {
		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		if (v->type == RECUR_JSON_ARRAY) {
			char *endp;
			unsigned long idx = strtoul(part, &endp, 10);

			v = (*part && !*endp && idx < v->n) ? v->items[idx] : NULL;
		} else {
			v = recur_json_get(v, part);
		}
		path += n + (dot ? 1 : 0);
	}
	return (struct recur_json *)v;
}

int recur_json_truthy(const struct recur_json *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case RECUR_JSON_NULL:
	case RECUR_JSON_FALSE:
		return 0;
	case RECUR_JSON_NUMBER:
		return v->num != 0;
	case RECUR_JSON_STRING:
		return v->len > 0;
	case RECUR_JSON_ARRAY:
		return v->n > 0;
	default:
		return 1;
	}
}

/* ---- parser ---- */

static int fail(struct parser *ps, const char *what)
{
	long line = 1, col = 1;
	const char *q;

	for (q = ps->s; q < ps->p; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			col++;
		}
	}
	if (ps->p >= ps->end)
		return recur_error_at(ps->err, ps->name, line, col, "invalid JSON: %s, found end of input", what);
	return recur_error_at(ps->err, ps->name, line, col, "invalid JSON: %s", what);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int parse_value(struct parser *ps, struct recur_json **out);
static int parse_rest(struct parser *ps, struct recur_json *c);

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void put_utf8(struct recur_buf *b, unsigned cp)
{
	if (cp < 0x80) {
		recur_buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		recur_buf_addch(b, (int)(0xC0 | (cp >> 6)));
		recur_buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		recur_buf_addch(b, (int)(0xE0 | (cp >> 12)));
		recur_buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3F)));
		recur_buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	} else {
		recur_buf_addch(b, (int)(0xF0 | (cp >> 18)));
		recur_buf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3F)));
		recur_buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3F)));
		recur_buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	}
}

static void add1(struct recur_buf *b, char c)
{
	if (b)
		recur_buf_addch(b, c);
}

/* Parses a string literal at ps->p (on the quote) into b (NULL: only checks it). */
static int parse_string(struct parser *ps, struct recur_buf *b)
{
	const char *run;

	ps->p++;
	for (;;) {
		run = ps->p;
		while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (unsigned char)*ps->p >= 0x20) {
			size_t n = 1;

			if ((unsigned char)*ps->p >= 0x80 &&
			    !(n = recur_utf8_len((const unsigned char *)ps->p, (const unsigned char *)ps->end))) {
				char what[160];

				snprintf(what, sizeof(what), "invalid UTF-8 (byte 0x%02x) in string: "
					 "give the file's encoding with --encoding NAME, or fix the "
					 "byte", (unsigned char)*ps->p);
				return fail(ps, what);
			}
			ps->p += n;
		}
		if (b)
			recur_buf_add(b, run, (size_t)(ps->p - run));
		if (ps->p >= ps->end)
			return fail(ps, "unterminated string");
		if (*ps->p == '"') {
			ps->p++;
			return 0;
		}
		if ((unsigned char)*ps->p < 0x20)
			return fail(ps, "control character in string");
		ps->p++; /* backslash */
		if (ps->p >= ps->end)
			return fail(ps, "unterminated string");
		switch (*ps->p) {
		case '"': add1(b, '"'); break;
		case '\\': add1(b, '\\'); break;
		case '/': add1(b, '/'); break;
		case 'b': add1(b, '\b'); break;
		case 'f': add1(b, '\f'); break;
		case 'n': add1(b, '\n'); break;
		case 'r': add1(b, '\r'); break;
		case 't': add1(b, '\t'); break;
		case 'u': {
			unsigned cp, lo;

			if (ps->end - ps->p < 5 || hex4(ps->p + 1, &cp))
				return fail(ps, "bad \\u escape");
			ps->p += 4;
			if (cp >= 0xD800 && cp < 0xDC00 && ps->end - ps->p >= 7 && ps->p[1] == '\\' &&
			    ps->p[2] == 'u' && !hex4(ps->p + 3, &lo) && lo >= 0xDC00 && lo < 0xE000) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				ps->p += 6;
			} else if (cp >= 0xD800 && cp < 0xE000) {
				cp = 0xFFFD; /* lone surrogate */
			}
			if (b)
				put_utf8(b, cp);
			break;
		}
		default:
			return fail(ps, "bad escape in string");
		}
		ps->p++;
	}
}

static int parse_number(struct parser *ps, struct recur_json **out)
{
	const char *start = ps->p;
	struct recur_json *v;

	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
		return fail(ps, "expected a digit");
	if (*ps->p == '0')
		ps->p++;
	else
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, "expected a digit after '.'");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, "expected a digit in exponent");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	if (!out)
		return 0;
	v = recur_json_new(RECUR_JSON_NUMBER);
	v->str = xstrndup(start, (size_t)(ps->p - start));
	v->len = (size_t)(ps->p - start);
	v->num = strtod(v->str, NULL);
	*out = v;
	return 0;
}

static int literal(struct parser *ps, const char *word, enum recur_json_type t, struct recur_json **out)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return fail(ps, "unexpected character");
	ps->p += n;
	if (out)
		*out = recur_json_new(t);
	return 0;
}

/*
 * The items of top-level array c after its first ps->keep: each is checked
 * by the same code that parses (so errors are the same as a whole parse)
 * without building it, and its byte range kept. Reads the closing ']'.
 */
static int parse_rest(struct parser *ps, struct recur_json *c)
{
	struct recur_json_long *l;
	size_t cap = 0, k;

	xgrow((void **)&ps->longs, &ps->caplongs, ps->nlongs + 1, sizeof(*ps->longs));
	l = &ps->longs[ps->nlongs++];
	l->node = c;
	l->depth = ps->depth;
	l->n = c->n;
	l->span = NULL;
	for (;;) {
		skip_ws(ps);
		k = 2 * (l->n - c->n);
		xgrow((void **)&l->span, &cap, k + 2, sizeof(*l->span));
		l->span[k] = (size_t)(ps->p - ps->s);
		if (parse_value(ps, NULL))
			return -1;
		l->span[k + 1] = (size_t)(ps->p - ps->s);
		l->n++;
		if (ps->passed)
			ps->passed(ps->ctx, l->span[k + 1]);
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return 0;
		}
		return fail(ps, "expected ',' or ']'");
	}
}

/* A container; with out NULL it is only checked. */
static int parse_container(struct parser *ps, struct recur_json **out)
{
	int is_obj = *ps->p == '{';
	char close = is_obj ? '}' : ']';
	struct recur_json *c = out ? recur_json_new(is_obj ? RECUR_JSON_OBJECT : RECUR_JSON_ARRAY) :
				     NULL;
	struct recur_buf key = RECUR_BUF_INIT;
	struct recur_json *v;

	if (++ps->depth > RECUR_JSON_MAX_DEPTH) {
		recur_json_free(c);
		return fail(ps, "nesting deeper than " STR(RECUR_JSON_MAX_DEPTH) " levels (the JSON "
			    "depth limit): incident exports nest a few levels; for a deeper "
			    "document raise RECUR_JSON_MAX_DEPTH in include/recur/json.h and rebuild");
	}
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		goto done;
	}
	for (;;) {
		skip_ws(ps);
		if (is_obj) {
			if (ps->p >= ps->end || *ps->p != '"')
				goto bad_key;
			recur_buf_reset(&key);
			if (parse_string(ps, c ? &key : NULL))
				goto err;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				fail(ps, "expected ':' after object key");
				goto err;
			}
			ps->p++;
		}
		if (c && !is_obj && ps->keep && c->n == ps->keep &&
		    (ps->depth == 1 || (ps->depth == 2 && ps->root_obj))) {
			if (parse_rest(ps, c))
				goto err;
			goto done;
		}
		if (parse_value(ps, c ? &v : NULL))
			goto err;
		if (c)
			add_item(c, is_obj ? xstrndup(key.buf, key.len) : NULL, v);
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			break;
		}
		fail(ps, is_obj ? "expected ',' or '}'" : "expected ',' or ']'");
		goto err;
	}
done:
	ps->depth--;
	recur_buf_release(&key);
	if (out)
		*out = c;
	return 0;
bad_key:
	fail(ps, "expected a string key");
err:
	recur_buf_release(&key);
	recur_json_free(c);
	return -1;
}

static int parse_value(struct parser *ps, struct recur_json **out)
{
	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "expected a value");
	switch (*ps->p) {
	case '{':
	case '[':
		return parse_container(ps, out);
	case '"': {
		struct recur_buf b = RECUR_BUF_INIT;
		struct recur_json *v;

		if (!out)
			return parse_string(ps, NULL);
		if (parse_string(ps, &b)) {
			recur_buf_release(&b);
			return -1;
		}
		v = recur_json_new(RECUR_JSON_STRING);
		v->len = b.len;
		v->str = recur_buf_detach(&b, NULL);
		*out = v;
		return 0;
	}
	case 't':
		return literal(ps, "true", RECUR_JSON_TRUE, out);
	case 'f':
		return literal(ps, "false", RECUR_JSON_FALSE, out);
	case 'n':
		return literal(ps, "null", RECUR_JSON_NULL, out);
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps, out);
		return fail(ps, "unexpected character");
	}
}

static int parse_document(struct parser *ps, struct recur_json **out)
{
	struct recur_json *v = NULL;

	*out = NULL;
	if (ps->end - ps->s >= 3 && !memcmp(ps->s, "\xEF\xBB\xBF", 3))
		ps->p += 3; /* a UTF-8 BOM, as some exporters write */
	skip_ws(ps);
	ps->root_obj = ps->p < ps->end && *ps->p == '{';
	if (parse_value(ps, &v))
		return -1;
	skip_ws(ps);
	if (ps->p < ps->end) {
		recur_json_free(v);
		return fail(ps, "unexpected text after the JSON value");
	}
	*out = v;
	return 0;
}

int recur_json_parse(const char *buf, size_t len, const char *name, struct recur_json **out,
		     struct recur_error *err)
{
	struct parser ps = { buf, buf, buf + len, name, err, 0, 0, 0, NULL, 0, 0, NULL, NULL };

	return parse_document(&ps, out);
}

int recur_json_parse_bounded(const char *buf, size_t len, const char *name, size_t keep,
			     void (*passed)(void *ctx, size_t offset), void *ctx,
			     struct recur_json **out, struct recur_json_long **longs,
			     size_t *nlongs, struct recur_error *err)
{
	struct parser ps = { buf, buf, buf + len, name, err, 0, keep ? keep : 1, 0, NULL, 0, 0,
			     passed, ctx };
	int r = parse_document(&ps, out);

	if (r) {
		recur_json_longs_free(ps.longs, ps.nlongs);
		ps.longs = NULL;
		ps.nlongs = 0;
	}
	*longs = ps.longs;
	*nlongs = ps.nlongs;
	return r;
}

void recur_json_longs_free(struct recur_json_long *longs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(longs[i].span);
	free(longs);
}

int recur_json_parse_part(const char *buf, size_t len, const char *name, size_t start,
			  size_t end, int depth, struct recur_json **out, struct recur_error *err)
{
	struct parser ps = { buf, buf + start, buf + (end < len ? end : len), name, err, depth,
			     0, 0, NULL, 0, 0, NULL, NULL };

	*out = NULL;
	return parse_value(&ps, out);
}

/* ---- writer ---- */

void recur_json_write_string(struct recur_buf *out, const char *s, size_t len)
{
	size_t i, run;

	recur_buf_addch(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		/* a run of characters that need no escape goes in at once */
		for (run = i; run < len && (unsigned char)s[run] >= 0x20 && s[run] != '"' &&
			      s[run] != '\\'; run++)
			;
		if (run > i) {
			recur_buf_add(out, s + i, run - i);
			i = run - 1;
			continue;
		}
		switch (c) {
		case '"': recur_buf_adds(out, "\\\""); break;
		case '\\': recur_buf_adds(out, "\\\\"); break;
		case '\n': recur_buf_adds(out, "\\n"); break;
		case '\r': recur_buf_adds(out, "\\r"); break;
		case '\t': recur_buf_adds(out, "\\t"); break;
		default:
			if (c < 0x20)
				recur_buf_addf(out, "\\u%04x", c);
			else
				recur_buf_addch(out, c);
		}
	}
	recur_buf_addch(out, '"');
}

static void write_number(struct recur_buf *out, const struct recur_json *v)
{
	if (v->str) {
		recur_buf_add(out, v->str, v->len);
	} else if (!isfinite(v->num)) {
		recur_buf_adds(out, "null");
	} else if (v->num == (double)(long long)v->num && fabs(v->num) < 1e15) {
		recur_buf_addf(out, "%lld", (long long)v->num);
	} else {
		char tmp[64];
		int prec;

		for (prec = 15; prec <= 17; prec++) { /* shortest text that reads back the same */
			snprintf(tmp, sizeof(tmp), "%.*g", prec, v->num);
			if (strtod(tmp, NULL) == v->num)
				break;
		}
		recur_buf_adds(out, tmp);
	}
}

static void newline(struct recur_buf *out, int indent, int level)
{
	if (!indent)
		return;
	recur_buf_addch(out, '\n');
	for (int i = 0; i < indent * level; i++)
		recur_buf_addch(out, ' ');
}

static void write_value(const struct recur_json *v, struct recur_buf *out, int indent, int level)
{
	size_t i;

	switch (v->type) {
	case RECUR_JSON_NULL: recur_buf_adds(out, "null"); return;
	case RECUR_JSON_TRUE: recur_buf_adds(out, "true"); return;
	case RECUR_JSON_FALSE: recur_buf_adds(out, "false"); return;
	case RECUR_JSON_NUMBER: write_number(out, v); return;
	case RECUR_JSON_STRING: recur_json_write_string(out, v->str, v->len); return;
	case RECUR_JSON_ARRAY:
	case RECUR_JSON_OBJECT:
		recur_buf_addch(out, v->type == RECUR_JSON_ARRAY ? '[' : '{');
		for (i = 0; i < v->n; i++) {
			if (i)
				recur_buf_addch(out, ',');
			newline(out, indent, level + 1);
			if (v->type == RECUR_JSON_OBJECT) {
				recur_json_write_string(out, v->keys[i], strlen(v->keys[i]));
				recur_buf_adds(out, indent ? ": " : ":");
			}
			write_value(v->items[i], out, indent, level + 1);
		}
		if (v->n)
			newline(out, indent, level);
		recur_buf_addch(out, v->type == RECUR_JSON_ARRAY ? ']' : '}');
		return;
	}
}

void recur_json_write(const struct recur_json *v, struct recur_buf *out, int indent)
{
	write_value(v, out, indent, 0);
}

void recur_json_scalar_text(const struct recur_json *v, struct recur_buf *out)
{
	if (!v)
		return;
	switch (v->type) {
	case RECUR_JSON_NULL: return;
	case RECUR_JSON_TRUE: recur_buf_adds(out, "true"); return;
	case RECUR_JSON_FALSE: recur_buf_adds(out, "false"); return;
	case RECUR_JSON_STRING: recur_buf_add(out, v->str, v->len); return;
	case RECUR_JSON_NUMBER: write_number(out, v); return;
	default: recur_json_write(v, out, 0); return;
	}
}
