/*
 * mustache.c — Mustache templates rendered against JSON (see mustache.h).
 *
 * A template is first compiled into a flat token list (text, variables,
 * sections that know where their body ends, partials), applying the spec's
 * standalone-line rules while the delimiters are known; then the list is
 * rendered against a context stack. Partials are loaded, indented and
 * compiled when reached, so a recursive partial stops only where its data
 * does (or at RECUR_MUSTACHE_MAX_PARTIALS). No lambdas, no inheritance.
 */
#include "recur/mustache.h"
#include "recur/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_PARTIAL };

struct token {
	enum kind kind;
	const char *text;   /* T_TEXT: points into the source */
	size_t len;
	char *name;         /* the tag's name (owned) */
	size_t end;         /* sections: index of the first token after the body */
	size_t off;         /* offset of the tag in the source, for messages */
	const char *indent; /* standalone partials: the line's indentation */
	size_t indent_len;
};

struct tmpl {
	const char *name;
	const char *src;
	size_t len;
	struct token *tok;
	size_t n, cap;
};

struct parser {
	struct tmpl *t;
	size_t pos;
	char otag[32], ctag[32];
	size_t olen, clen;
	size_t open[RECUR_MUSTACHE_MAX_SECTIONS]; /* token indexes of open sections */
	int depth;
	struct recur_error *err;
};

/* ---- escaping ---- */

int recur_mustache_escape_html(struct recur_buf *out, const char *s, size_t len)
{
	size_t i, from = 0;
	const char *rep;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (recur_buf_add(out, s + from, i - from) || recur_buf_adds(out, rep))
			return -1;
		from = i + 1;
	}
	return recur_buf_add(out, s + from, len - from);
}

int recur_mustache_escape_markdown(struct recur_buf *out, const char *s, size_t len)
{
	size_t i;
	int r = 0;

	for (i = 0; i < len && !r; i++) {
		char c = s[i];

		if (c == '\r' || c == '\n') {
			/* a line break inside a cell would end the table row */
			if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
				i++;
			r = recur_buf_addch(out, ' ');
		} else if (c && strchr("\\`*_[]<>&~#|", c)) {
			r = recur_buf_addch(out, '\\') || recur_buf_addch(out, c);
		} else {
			r = recur_buf_addch(out, c);
		}
	}
	return r ? -1 : 0;
}

/* ---- compiling ---- */

static void tmpl_release(struct tmpl *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->tok[i].name);
	free(t->tok);
	t->tok = NULL;
	t->n = t->cap = 0;
}

static void where(const struct tmpl *t, size_t off, long *line, long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < t->len; i++) {
		if (t->src[i] == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

static int fail_at(struct parser *ps, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(struct parser *ps, size_t off, const char *fmt, ...)
{
	char msg[768];
	long line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	where(ps->t, off, &line, &col);
	return recur_error_at(ps->err, ps->t->name, line, col, "%s", msg);
}

static struct token *add_token(struct tmpl *t, enum kind kind, size_t off)
{
	struct token *tk;

	xgrow((void **)&t->tok, &t->cap, t->n + 1, sizeof(*t->tok));
	tk = &t->tok[t->n++];
	memset(tk, 0, sizeof(*tk));
	tk->kind = kind;
	tk->off = off;
	return tk;
}

static void add_text(struct tmpl *t, size_t from, size_t to)
{
	struct token *tk;

	if (to <= from)
		return;
	tk = add_token(t, T_TEXT, from);
	tk->text = t->src + from;
	tk->len = to - from;
}

static const char *find(const char *s, size_t len, size_t from, const char *pat, size_t plen)
{
	size_t i;

	for (i = from; i + plen <= len; i++)
		if (s[i] == pat[0] && !memcmp(s + i, pat, plen))
			return s + i;
	return NULL;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims blanks from both ends of s[*from..*to). */
static void trim(const char *s, size_t *from, size_t *to)
{
	while (*from < *to && (is_blank(s[*from]) || s[*from] == '\n' || s[*from] == '\r'))
		++*from;
	while (*to > *from && (is_blank(s[*to - 1]) || s[*to - 1] == '\n' || s[*to - 1] == '\r'))
		--*to;
}

/* "{{=<% %>=}}": the body between the '=' signs holds the two new delimiters. */
static int set_delims(struct parser *ps, size_t from, size_t to, size_t off)
{
	const char *s = ps->t->src;
	size_t a, b, c;

	trim(s, &from, &to);
	for (a = from; a < to && !is_blank(s[a]); a++)
		;
	for (b = a; b < to && is_blank(s[b]); b++)
		;
	for (c = b; c < to && !is_blank(s[c]); c++)
		;
	if (a == from || b == a || c != to || c == b || a - from >= sizeof(ps->otag) ||
	    c - b >= sizeof(ps->ctag) || memchr(s + from, '=', a - from) || memchr(s + b, '=', c - b))
		return fail_at(ps, off, "bad delimiters in set-delimiter tag: write two "
			       "delimiters without spaces or '=' in them, e.g. {{=<%% %%>=}}");
	memcpy(ps->otag, s + from, a - from);
	ps->olen = a - from;
	memcpy(ps->ctag, s + b, c - b);
	ps->clen = c - b;
	return 0;
}

/*
 * Reads the tag at off (its opening delimiter); sets *sigil, the name range
 * and *tag_end (after the closing delimiter).
 */
static int read_tag(struct parser *ps, size_t off, char *sigil, size_t *nfrom, size_t *nto,
		    size_t *tag_end)
{
	const struct tmpl *t = ps->t;
	size_t p = off + ps->olen;
	char close[40];
	size_t clen = 0;
	const char *e;

	while (p < t->len && is_blank(t->src[p]))
		p++;
	*sigil = p < t->len && strchr("#^/>!=&{", t->src[p]) ? t->src[p] : 0;
	if (*sigil)
		p++;
	if (*sigil == '{' || *sigil == '=')
		close[clen++] = *sigil == '{' ? '}' : '=';
	memcpy(close + clen, ps->ctag, ps->clen);
	clen += ps->clen;
	e = find(t->src, t->len, p, close, clen);
	if (!e)
		return fail_at(ps, off, "unclosed tag: add the closing delimiter '%s'", ps->ctag);
	*nfrom = p;
	*nto = (size_t)(e - t->src);
	*tag_end = *nto + clen;
	if (*sigil != '!' && *sigil != '=')
		trim(t->src, nfrom, nto);
	return 0;
}

static int check_name(struct parser *ps, size_t off, size_t from, size_t to)
{
	size_t i;

	if (from == to)
		return fail_at(ps, off, "empty tag: put a name between the delimiters");
	for (i = from; i < to; i++)
		if (is_blank(ps->t->src[i]) || ps->t->src[i] == '\n')
			return fail_at(ps, off, "space inside tag name '%.*s': a name is one "
				       "word (use dots for nested names)", (int)(to - from), ps->t->src + from);
	return 0;
}

/* Standalone: only blanks around the tag on its line. Sets the line's range. */
static int standalone(const struct tmpl *t, size_t off, size_t tag_end, size_t *ls, size_t *le)
{
	size_t a = off, b = tag_end;

	while (a > 0 && is_blank(t->src[a - 1]))
		a--;
	if (a > 0 && t->src[a - 1] != '\n')
		return 0;
	while (b < t->len && is_blank(t->src[b]))
		b++;
	if (b < t->len && t->src[b] == '\r' && b + 1 < t->len && t->src[b + 1] == '\n')
		b += 2;
	else if (b < t->len && t->src[b] == '\n')
		b++;
	else if (b < t->len)
		return 0;
	*ls = a;
	*le = b;
	return 1;
}

static int close_section(struct parser *ps, size_t off, const char *name)
{
	struct token *open;

	if (ps->depth == 0)
		return fail_at(ps, off, "closing tag '/%s' without an open section: "
			       "remove it or add the opening tag", name);
	open = &ps->t->tok[ps->open[ps->depth - 1]];
	if (strcmp(open->name, name)) {
		long line, col;

		where(ps->t, open->off, &line, &col);
		return fail_at(ps, off, "section '%.200s' (opened at line %ld) closed by '/%.200s': "
			       "close the inner section first", open->name, line, name);
	}
	open->end = ps->t->n;
	ps->depth--;
	return 0;
}

static int apply_tag(struct parser *ps, char sigil, size_t off, size_t nfrom, size_t nto,
		     size_t ls)
{
	struct tmpl *t = ps->t;
	struct token *tk;
	char *name;
	int r = 0;

	if (sigil == '!')
		return 0;
	if (sigil == '=')
		return set_delims(ps, nfrom, nto, off);
	if (check_name(ps, off, nfrom, nto))
		return -1;
	name = xstrndup(t->src + nfrom, nto - nfrom);
	if (sigil == '/') {
		r = close_section(ps, off, name);
		free(name);
		return r;
	}
	if ((sigil == '#' || sigil == '^') && ps->depth >= RECUR_MUSTACHE_MAX_SECTIONS) {
		free(name);
		return fail_at(ps, off, "sections nested deeper than %d: flatten the template "
			       "(or raise RECUR_MUSTACHE_MAX_SECTIONS in include/recur/mustache.h "
			       "and rebuild)", RECUR_MUSTACHE_MAX_SECTIONS);
	}
	tk = add_token(t, sigil == '#' ? T_SECTION : sigil == '^' ? T_INVERTED
			  : sigil == '>' ? T_PARTIAL : (sigil == '&' || sigil == '{') ? T_RAW
			  : T_VAR, off);
	tk->name = name;
	if (sigil == '#' || sigil == '^')
		ps->open[ps->depth++] = t->n - 1;
	if (sigil == '>' && ls != (size_t)-1) {
		tk->indent = t->src + ls;
		tk->indent_len = off - ls;
	}
	return 0;
}

static int compile(struct tmpl *t, struct recur_error *err)
{
	struct parser ps;

	memset(&ps, 0, sizeof(ps));
	ps.t = t;
	ps.err = err;
	memcpy(ps.otag, "{{", 3);
	memcpy(ps.ctag, "}}", 3);
	ps.olen = ps.clen = 2;
	while (ps.pos < t->len) {
		const char *o = find(t->src, t->len, ps.pos, ps.otag, ps.olen);
		size_t off, nfrom = 0, nto = 0, tag_end = 0, ls = (size_t)-1, le = 0;
		char sigil = 0;

		if (!o) {
			add_text(t, ps.pos, t->len);
			break;
		}
		off = (size_t)(o - t->src);
		if (read_tag(&ps, off, &sigil, &nfrom, &nto, &tag_end))
			return -1;
		if (sigil && strchr("#^/>!=", sigil) && standalone(t, off, tag_end, &ls, &le)) {
			add_text(t, ps.pos, ls);
			ps.pos = le;
		} else {
			ls = (size_t)-1;
			add_text(t, ps.pos, off);
			ps.pos = tag_end;
		}
		if (apply_tag(&ps, sigil, off, nfrom, nto, ls))
			return -1;
	}
	if (ps.depth > 0)
		return fail_at(&ps, t->tok[ps.open[ps.depth - 1]].off,
			       "unclosed section '%s': add its closing tag",
			       t->tok[ps.open[ps.depth - 1]].name);
	return 0;
}

/* ---- rendering ---- */

struct render {
	const struct recur_mustache_opts *o;
	struct recur_buf *out;
	const struct recur_json **stack;
	size_t n, cap;
	int partials;       /* nesting now */
	long expansions;    /* partials rendered so far */
	struct recur_error *err;
};

static int emit(struct render *r, const struct tmpl *t, const char *s, size_t len, int escape)
{
	int bad = escape && r->o->escape ? r->o->escape(r->out, s, len) : recur_buf_add(r->out, s, len);

	if (bad)
		return recur_error_at(r->err, t->name, 0, 0, "output of the template is larger "
				      "than %zu bytes", r->out->max ? r->out->max : RECUR_BUF_DEFAULT_MAX);
	return 0;
}

static const struct recur_json *get_part(const struct recur_json *v, const char *s, size_t len)
{
	size_t i;

	if (v->type == RECUR_JSON_OBJECT) {
		for (i = v->n; i-- > 0;) /* last duplicate wins, as recur_json_get */
			if (strlen(v->keys[i]) == len && !memcmp(v->keys[i], s, len))
				return v->items[i];
	} else if (v->type == RECUR_JSON_ARRAY && len > 0 && len < 10) {
		size_t idx = 0;

		for (i = 0; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return NULL;
			idx = idx * 10 + (size_t)(s[i] - '0');
		}
		return idx < v->n ? v->items[idx] : NULL;
	}
	return NULL;
}

static const struct recur_json *lookup(const struct render *r, const char *name)
{
	const struct recur_json *v = NULL;
	const char *dot = strchr(name, '.');
	size_t len = dot ? (size_t)(dot - name) : strlen(name), i;

	if (!strcmp(name, "."))
		return r->n ? r->stack[r->n - 1] : NULL;
	for (i = r->n; i-- > 0 && !v;)
		v = get_part(r->stack[i], name, len);
	while (v && dot) {
		name = dot + 1;
		dot = strchr(name, '.');
		len = dot ? (size_t)(dot - name) : strlen(name);
		v = get_part(v, name, len);
	}
	return v;
}

static void push(struct render *r, const struct recur_json *v)
{
	xgrow((void **)&r->stack, &r->cap, r->n + 1, sizeof(*r->stack));
	r->stack[r->n++] = v;
}

static int render_range(struct render *r, const struct tmpl *t, size_t from, size_t to);
static int render_tmpl(struct render *r, const char *name, const char *src, size_t len);

static int render_section(struct render *r, const struct tmpl *t, size_t i)
{
	const struct token *tk = &t->tok[i];
	const struct recur_json *v = lookup(r, tk->name);
	size_t k;
	int rc = 0;

	if (tk->kind == T_INVERTED)
		return recur_json_truthy(v) ? 0 : render_range(r, t, i + 1, tk->end);
	if (!recur_json_truthy(v))
		return 0;
	if (v->type != RECUR_JSON_ARRAY) {
		push(r, v);
		rc = render_range(r, t, i + 1, tk->end);
		r->n--;
		return rc;
	}
	for (k = 0; k < v->n && !rc; k++) {
		push(r, v->items[k]);
		rc = render_range(r, t, i + 1, tk->end);
		r->n--;
	}
	return rc;
}

/* Each line of a standalone partial gets the tag's indentation (the spec). */
static void indent_lines(struct recur_buf *dst, const char *s, size_t len, const char *ind,
			 size_t ind_len)
{
	size_t i, from = 0;

	for (i = 0; i < len; i++) {
		if (i == from)
			recur_buf_add(dst, ind, ind_len);
		if (s[i] == '\n') {
			recur_buf_add(dst, s + from, i + 1 - from);
			from = i + 1;
		}
	}
	recur_buf_add(dst, s + from, len - from);
}

static int render_partial(struct render *r, const struct tmpl *t, const struct token *tk)
{
	struct recur_buf src = RECUR_BUF_INIT, ind = RECUR_BUF_INIT;
	int found, rc = -1;

	if (r->partials >= RECUR_MUSTACHE_MAX_PARTIALS) {
		long line, col;

		where(t, tk->off, &line, &col);
		return recur_error_at(r->err, t->name, line, col, "partials nested deeper than %d "
				      "at partial '%s': is it recursive without an end? (the limit "
				      "is RECUR_MUSTACHE_MAX_PARTIALS in include/recur/mustache.h)",
				      RECUR_MUSTACHE_MAX_PARTIALS, tk->name);
	}
	/* a recursive partial that branches can grow exponentially within the depth limit */
	if (++r->expansions > RECUR_MUSTACHE_MAX_EXPANSIONS) {
		long line, col;

		where(t, tk->off, &line, &col);
		return recur_error_at(r->err, t->name, line, col, "more than %d partials rendered "
				      "at partial '%s': is it recursive without an end? (the limit "
				      "is RECUR_MUSTACHE_MAX_EXPANSIONS in include/recur/mustache.h)",
				      RECUR_MUSTACHE_MAX_EXPANSIONS, tk->name);
	}
	found = r->o->load ? r->o->load(tk->name, &src, r->o->ctx, r->err) : 0;
	if (found <= 0) {
		rc = found;
		goto out;
	}
	if (tk->indent_len) {
		indent_lines(&ind, src.buf, src.len, tk->indent, tk->indent_len);
		recur_buf_release(&src);
		src = ind;
		recur_buf_init(&ind, 0);
	}
	r->partials++;
	rc = render_tmpl(r, tk->name, src.buf, src.len);
	r->partials--;
out:
	recur_buf_release(&src);
	recur_buf_release(&ind);
	return rc;
}

static int render_var(struct render *r, const struct tmpl *t, const struct token *tk)
{
	const struct recur_json *v = lookup(r, tk->name);
	struct recur_buf text = RECUR_BUF_INIT;
	int rc;

	if (!v || v->type == RECUR_JSON_NULL)
		return 0;
	recur_json_scalar_text(v, &text);
	rc = emit(r, t, text.buf, text.len, tk->kind == T_VAR);
	recur_buf_release(&text);
	return rc;
}

static int render_range(struct render *r, const struct tmpl *t, size_t from, size_t to)
{
	size_t i;
	int rc = 0;

	for (i = from; i < to && !rc; i++) {
		const struct token *tk = &t->tok[i];

		switch (tk->kind) {
		case T_TEXT: rc = emit(r, t, tk->text, tk->len, 0); break;
		case T_VAR:
		case T_RAW: rc = render_var(r, t, tk); break;
		case T_PARTIAL: rc = render_partial(r, t, tk); break;
		case T_SECTION:
		case T_INVERTED:
			rc = render_section(r, t, i);
			i = tk->end - 1;
			break;
		}
	}
	return rc;
}

static int render_tmpl(struct render *r, const char *name, const char *src, size_t len)
{
	struct tmpl t;
	int rc;

	memset(&t, 0, sizeof(t));
	t.name = name;
	t.src = src;
	t.len = len;
	rc = compile(&t, r->err);
	if (!rc)
		rc = render_range(r, &t, 0, t.n);
	tmpl_release(&t);
	return rc;
}

int recur_mustache_render(const char *tmpl, size_t len, const struct recur_json *data,
			  const struct recur_mustache_opts *opts, struct recur_buf *out,
			  struct recur_error *err)
{
	struct render r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.o = opts;
	r.out = out;
	r.err = err;
	if (data)
		push(&r, data);
	rc = render_tmpl(&r, opts->name ? opts->name : "template", tmpl, len);
	free(r.stack);
	return rc;
}
