/*
 * frontmatter.c — YAML front matter (the "---" block of Jekyll, Hugo and
 * Docusaurus pages) in a small safe subset, into a tree of texts, lists and
 * mappings (frontmatter.h says which subset).
 *
 * Why not a YAML library: none is among the project's dependencies, and a
 * postmortem's front matter needs a sliver of YAML; the parts that make
 * YAML dangerous or surprising to read (tags that build objects, anchors
 * and aliases that multiply a document, implicit typing) are refused or
 * left as text. The parser works on (buf, len): the block is split into
 * lines, block structure is read line by line by indentation, and quoted
 * scalars and inline lists, which may run over several lines, are read
 * from the bytes. Recursion is bounded by RECUR_FM_MAX_DEPTH. Hugo's TOML
 * ("+++") shares the scalar and list readers. It does not interpret the
 * keys: postmortem.c does.
 */
#include "recur/buf.h"
#include "recur/frontmatter.h"
#include "recur/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct fline {
	size_t s, e;      /* the line's bytes, buf[s..e), without its line break */
	size_t ind;       /* where its content starts (spaces before it), from s */
	int tab;          /* a tab among the spaces before the content */
	int blank;        /* only white space */
};

struct fp {
	const char *buf;
	size_t end;       /* offset of the closing line: nothing at or past it is read */
	struct fline *l;
	size_t nl, i;     /* lines, the current one */
	long line0;       /* document line of l[0] */
	int depth;
	struct recur_error *err;
};

/* ---- errors and lines ---- */

/* The index of the line holding offset off (binary search: lists may run over many lines). */
static size_t find_line(const struct fp *p, size_t off)
{
	size_t lo = 0, hi = p->nl;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->l[mid].s <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Line (1-based, in the document) and column of offset off. */
static void locate(const struct fp *p, size_t off, long *line, long *col)
{
	size_t k = find_line(p, off);

	*line = p->line0 + (long)k;
	*col = (long)(off >= p->l[k].s ? off - p->l[k].s : 0) + 1;
}

static int fail(struct fp *p, size_t off, const char *what, const char *fix)
{
	long line = 0, col = 0;

	if (p->nl)
		locate(p, off, &line, &col);
	return recur_error_at(p->err, NULL, line, col, "front matter: %s: %s", what, fix);
}

static int is_blank_char(int c)
{
	return c == ' ' || c == '\t';
}

/* The content of line k from its indentation on, without trailing spaces. */
static const char *content(const struct fp *p, size_t k, size_t *n)
{
	const struct fline *l = &p->l[k];
	const char *c = p->buf + l->s + l->ind;

	*n = l->e - l->s - l->ind;
	while (*n && is_blank_char((unsigned char)c[*n - 1]))
		(*n)--;
	return c;
}

static int is_comment_line(const struct fp *p, size_t k)
{
	size_t n;
	const char *c = content(p, k, &n);

	return p->l[k].blank || (n && c[0] == '#');
}

static void skip_empty(struct fp *p)
{
	while (p->i < p->nl && is_comment_line(p, p->i))
		p->i++;
}

/* The line holding offset off (at or after the current one). */
static size_t line_of(const struct fp *p, size_t off)
{
	size_t k = find_line(p, off);

	return k < p->i ? p->i : k;
}

/* After a value that ended at off: only a comment may follow on its line; the next line is next. */
static int end_of_value(struct fp *p, size_t off)
{
	size_t k = line_of(p, off), e = p->l[k].e;

	while (off < e && is_blank_char((unsigned char)p->buf[off]))
		off++;
	if (off < e && p->buf[off] != '#')
		return fail(p, off, "text after the value", "quote the whole value or move the text "
			    "into it");
	p->i = k + 1;
	return 0;
}

static int check_tab(struct fp *p, size_t k)
{
	if (p->l[k].tab && !p->l[k].blank)
		return fail(p, p->l[k].s, "a tab in the indentation",
			    "YAML indents with spaces; replace the tab");
	return 0;
}

/* ---- nodes ---- */

static struct recur_fm_node *push(struct recur_fm_node *parent, size_t *cap, long line)
{
	struct recur_fm_node *c;

	xgrow((void **)&parent->items, cap, parent->n + 1, sizeof(*parent->items));
	c = &parent->items[parent->n++];
	memset(c, 0, sizeof(*c));
	c->line = line;
	return c;
}

static void node_release(struct recur_fm_node *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		node_release(&n->items[i]);
	free(n->items);
	free(n->key);
	free(n->value);
	memset(n, 0, sizeof(*n));
}

static void set_text(struct recur_fm_node *n, struct recur_buf *b)
{
	n->type = RECUR_FM_TEXT;
	n->value = recur_buf_detach(b, NULL);
}

/* A plain scalar's text: "~", "null" and nothing are no value. */
static void set_plain(struct recur_fm_node *n, struct recur_buf *b)
{
	if (!b->len || !strcmp(b->buf, "~") || !strcmp(b->buf, "null") || !strcmp(b->buf, "Null") ||
	    !strcmp(b->buf, "NULL")) {
		n->type = RECUR_FM_NULL;
		recur_buf_release(b);
		return;
	}
	set_text(n, b);
}

/* ---- scalars ---- */

static void add_utf8(struct recur_buf *b, unsigned long c)
{
	if (c < 0x80) {
		recur_buf_addch(b, (int)c);
	} else if (c < 0x800) {
		recur_buf_addch(b, (int)(0xC0 | (c >> 6)));
		recur_buf_addch(b, (int)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		recur_buf_addch(b, (int)(0xE0 | (c >> 12)));
		recur_buf_addch(b, (int)(0x80 | ((c >> 6) & 0x3F)));
		recur_buf_addch(b, (int)(0x80 | (c & 0x3F)));
	} else {
		recur_buf_addch(b, (int)(0xF0 | (c >> 18)));
		recur_buf_addch(b, (int)(0x80 | ((c >> 12) & 0x3F)));
		recur_buf_addch(b, (int)(0x80 | ((c >> 6) & 0x3F)));
		recur_buf_addch(b, (int)(0x80 | (c & 0x3F)));
	}
}

/* A double-quoted escape at buf[*i] (after the backslash); advances *i. */
static int escape(struct fp *p, size_t *i, struct recur_buf *b)
{
	static const char simple[] = "abtnvfre \"/\\\t";
	static const char value[] = "\a\b\t\n\v\f\r\x1b \"/\\\t";
	const char *hit, *s = p->buf;
	int c = (unsigned char)s[*i], digits = 0, k;
	unsigned long u = 0;

	if (c && (hit = strchr(simple, c))) {
		recur_buf_addch(b, value[hit - simple]);
		(*i)++;
		return 0;
	}
	switch (c) {
	case '0':
		return fail(p, *i - 1, "a NUL character (\\0)", "remove it");
	case 'N': add_utf8(b, 0x85); (*i)++; return 0;
	case '_': add_utf8(b, 0xA0); (*i)++; return 0;
	case 'L': add_utf8(b, 0x2028); (*i)++; return 0;
	case 'P': add_utf8(b, 0x2029); (*i)++; return 0;
	case 'x': digits = 2; break;
	case 'u': digits = 4; break;
	case 'U': digits = 8; break;
	default:
		return fail(p, *i - 1, "an unknown escape in a double-quoted value",
			    "write a backslash as \\\\ or use single quotes");
	}
	for (k = 1; k <= digits; k++) {
		if (*i + k >= p->end || !isxdigit((unsigned char)s[*i + k]))
			return fail(p, *i - 1, "a short \\x, \\u or \\U escape", "give all its hex digits");
		c = (unsigned char)s[*i + k];
		u = u * 16 + (unsigned long)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
	}
	if (u == 0 || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
		return fail(p, *i - 1, "an escape that is not a character (NUL, a surrogate or past "
			    "U+10FFFF)", "remove it");
	add_utf8(b, u);
	*i += (size_t)digits + 1;
	return 0;
}

/* A line break inside a quoted value at buf[*i]: folded to a space, or kept for each blank line. */
static void fold_break(struct fp *p, size_t *i, struct recur_buf *b, int escaped)
{
	const char *s = p->buf;
	int breaks = 0;

	while (!escaped && b->len && is_blank_char((unsigned char)b->buf[b->len - 1]))
		b->buf[--b->len] = '\0';
	while (*i < p->end && (s[*i] == '\n' || s[*i] == '\r' || is_blank_char((unsigned char)s[*i]))) {
		if (s[*i] == '\n' || (s[*i] == '\r' && (*i + 1 >= p->end || s[*i + 1] != '\n')))
			breaks++;
		(*i)++;
	}
	if (escaped)
		breaks--;
	if (breaks == 1)
		recur_buf_addch(b, ' ');
	while (breaks-- > 1)
		recur_buf_addch(b, '\n');
}

/* A quoted scalar whose quote is at buf[*i]; *i ends past the closing quote. */
static int quoted(struct fp *p, size_t *i, struct recur_buf *b)
{
	const char *s = p->buf;
	char q = s[*i];
	size_t open = *i;

	for ((*i)++; *i < p->end;) {
		char c = s[*i];

		if (c == q && q == '\'' && *i + 1 < p->end && s[*i + 1] == '\'') {
			recur_buf_addch(b, '\'');
			*i += 2;
		} else if (c == q) {
			(*i)++;
			return 0;
		} else if (c == '\\' && q == '"') {
			(*i)++;
			if (*i < p->end && (s[*i] == '\n' || s[*i] == '\r'))
				fold_break(p, i, b, 1);
			else if (escape(p, i, b))
				return -1;
		} else if (c == '\n' || c == '\r') {
			fold_break(p, i, b, 0);
		} else {
			recur_buf_addch(b, c);
			(*i)++;
		}
	}
	return fail(p, open, q == '"' ? "a double quote that is never closed"
				      : "a single quote that is never closed",
		    "close the quote (a quote inside single quotes is written '')");
}

/* Characters that may not start a value here: tags, anchors, aliases, flow mappings. */
static int refused_start(struct fp *p, size_t off)
{
	switch (p->buf[off]) {
	case '!':
		return fail(p, off, "a tag (!, !!)", "tags are not read; remove it and keep the value");
	case '&':
		return fail(p, off, "an anchor (&)", "anchors and aliases are not read; write the "
			    "value out");
	case '*':
		if (off + 1 < p->end && !is_blank_char((unsigned char)p->buf[off + 1]) &&
		    p->buf[off + 1] != '\n' && p->buf[off + 1] != '\r')
			return fail(p, off, "an alias (*)", "anchors and aliases are not read; write the "
				    "value out (or quote it)");
		return 0;
	case '{':
		return fail(p, off, "a flow mapping ({…})", "write it as indented 'key: value' lines, "
			    "or quote it");
	default: return 0;
	}
}

static int flow_list(struct fp *p, size_t *i, struct recur_fm_node *node);

/* One item of an inline list at buf[*i]: a quoted or plain text, or a nested list. */
static int flow_item(struct fp *p, size_t *i, struct recur_fm_node *list, size_t *cap)
{
	const char *s = p->buf;
	struct recur_buf b = RECUR_BUF_INIT;
	struct recur_fm_node *c;
	long line, col;
	size_t st = *i;

	locate(p, *i, &line, &col);
	if (refused_start(p, *i))
		return -1;
	if (s[*i] == '[') {
		c = push(list, cap, line);
		return flow_list(p, i, c);
	}
	if (s[*i] == '"' || s[*i] == '\'') {
		if (quoted(p, i, &b)) {
			recur_buf_release(&b);
			return -1;
		}
		set_text(push(list, cap, line), &b);
		return 0;
	}
	while (*i < p->end && s[*i] != ',' && s[*i] != ']' && s[*i] != '[' && s[*i] != '{' &&
	       !(s[*i] == '#' && *i > st && isspace((unsigned char)s[*i - 1]))) {
		if (s[*i] == '\n' || s[*i] == '\r' || is_blank_char((unsigned char)s[*i])) {
			while (*i < p->end && isspace((unsigned char)s[*i]))
				(*i)++;
			if (*i < p->end && !strchr(",]#", s[*i]))
				recur_buf_addch(&b, ' ');
			continue;
		}
		recur_buf_addch(&b, s[(*i)++]);
	}
	while (b.len && b.buf[b.len - 1] == ' ')
		b.buf[--b.len] = '\0';
	set_plain(push(list, cap, line), &b);
	return 0;
}

/* An inline list "[a, 'b', [c]]" from the '[' at buf[*i]; *i ends past ']'. */
static int flow_list(struct fp *p, size_t *i, struct recur_fm_node *node)
{
	const char *s = p->buf;
	size_t open = *i, cap = 0;

	if (++p->depth > RECUR_FM_MAX_DEPTH)
		return fail(p, *i, "lists nested too deeply", "nest at most 16 levels");
	node->type = RECUR_FM_LIST;
	for ((*i)++;;) {
		while (*i < p->end && (isspace((unsigned char)s[*i]) || s[*i] == ',' || s[*i] == '#')) {
			if (s[*i] == '#')
				while (*i < p->end && s[*i] != '\n' && s[*i] != '\r')
					(*i)++;
			else
				(*i)++;
		}
		if (*i >= p->end)
			return fail(p, open, "a '[' that is never closed", "close the list with ']'");
		if (s[*i] == ']') {
			(*i)++;
			p->depth--;
			return 0;
		}
		if (flow_item(p, i, node, &cap))
			return -1;
	}
}

/* A plain scalar from buf[off] on line k, with its continuation lines (indented past indent). */
static void plain(struct fp *p, size_t off, size_t indent, struct recur_buf *b)
{
	size_t k = line_of(p, off), e = p->l[k].e, j, n, blanks = 0;
	const char *c;

	for (j = off; j < e && !(p->buf[j] == '#' && j > off && is_blank_char((unsigned char)p->buf[j - 1])); j++)
		;
	while (j > off && is_blank_char((unsigned char)p->buf[j - 1]))
		j--;
	recur_buf_add(b, p->buf + off, j - off);
	for (k++; k < p->nl; k++) {
		if (p->l[k].blank) {
			blanks++;
			continue;
		}
		c = content(p, k, &n);
		if (p->l[k].ind <= indent || c[0] == '#' || p->l[k].tab)
			break;
		for (j = 0; j < n && !(c[j] == '#' && j && is_blank_char((unsigned char)c[j - 1])); j++)
			;
		while (j && is_blank_char((unsigned char)c[j - 1]))
			j--;
		if (blanks)
			while (blanks--)
				recur_buf_addch(b, '\n');
		else
			recur_buf_addch(b, ' ');
		blanks = 0;
		recur_buf_add(b, c, j);
		p->i = k;
	}
}

/* "|" or ">" with its indicators at buf[off]; the lines below indented past indent. */
static int block_scalar(struct fp *p, size_t off, size_t indent, struct recur_fm_node *node)
{
	const char *s = p->buf;
	size_t k = line_of(p, off), e = p->l[k].e, j, cind = 0, blanks = 0, lead;
	int folded = s[off] == '>', chomp = 0, first = 1, prev_more = 0;
	struct recur_buf b = RECUR_BUF_INIT;

	for (j = off + 1; j < e && (s[j] == '+' || s[j] == '-' || (s[j] >= '1' && s[j] <= '9')); j++) {
		if (s[j] == '+' || s[j] == '-')
			chomp = s[j] == '+' ? 1 : -1;
		else
			cind = indent + (size_t)(s[j] - '0');
	}
	p->i = k;
	if (end_of_value(p, j))
		return -1;
	for (k = p->i; k < p->nl; k++) {
		const struct fline *l = &p->l[k];
		const char *t;
		int more;

		if (l->blank) {
			blanks++;
			continue;
		}
		if (!cind)
			cind = l->ind;
		if (l->ind < cind || l->ind <= indent)
			break;
		t = s + l->s + cind;
		more = is_blank_char((unsigned char)t[0]);
		lead = first ? blanks : 0;
		if (first)
			while (lead--)
				recur_buf_addch(&b, '\n');
		else if (!folded || more || prev_more)
			for (lead = 0; lead <= blanks; lead++)
				recur_buf_addch(&b, '\n');
		else if (blanks)
			while (blanks--)
				recur_buf_addch(&b, '\n');
		else
			recur_buf_addch(&b, ' ');
		recur_buf_add(&b, t, l->e - l->s - cind);
		first = 0;
		prev_more = more;
		blanks = 0;
		p->i = k + 1;
	}
	if (b.len && chomp >= 0)
		recur_buf_addch(&b, '\n');
	if (chomp > 0)
		while (blanks--)
			recur_buf_addch(&b, '\n');
	set_text(node, &b);
	return 0;
}

/* ---- block structure ---- */

static int block(struct fp *p, struct recur_fm_node *node, size_t indent);

/*
 * Where a line's key ends: "key: …", "key:" or "'key': …". Returns 1 with
 * *klen (the key's bytes, quotes included) and *vstart (the value, after the
 * colon), or 0 when the text is not a key line.
 */
static int key_line(const char *c, size_t n, size_t *klen, size_t *vstart)
{
	size_t j = 0;

	if (n && (c[0] == '"' || c[0] == '\'')) {
		for (j = 1; j < n && c[j] != c[0]; j++)
			if (c[0] == '"' && c[j] == '\\')
				j++;
		if (j >= n)
			return 0;
		*klen = ++j;
		while (j < n && is_blank_char((unsigned char)c[j]))
			j++;
		if (j >= n || c[j] != ':' || (j + 1 < n && !is_blank_char((unsigned char)c[j + 1])))
			return 0;
		*vstart = j + 1;
		return 1;
	}
	for (j = 0; j < n; j++) {
		if (c[j] == '#' && j && is_blank_char((unsigned char)c[j - 1]))
			return 0;
		if (c[j] == ':' && (j + 1 == n || is_blank_char((unsigned char)c[j + 1]))) {
			*klen = j;
			while (*klen && is_blank_char((unsigned char)c[*klen - 1]))
				(*klen)--;
			*vstart = j + 1;
			return *klen > 0;
		}
	}
	return 0;
}

static int is_item(const char *c, size_t n)
{
	return n && c[0] == '-' && (n == 1 || is_blank_char((unsigned char)c[1]));
}

/*
 * The value after "key:" or "- " at buf[off] on the current line; indent is
 * the key's or dash's column. in_map: a list at the key's own column is its
 * value (YAML allows "tags:\n- a").
 */
static int value(struct fp *p, size_t off, size_t indent, int in_map, struct recur_fm_node *node)
{
	const char *s = p->buf;
	size_t k = p->i, e = p->l[k].e, nn;
	struct recur_buf b = RECUR_BUF_INIT;
	const char *c;

	while (off < e && is_blank_char((unsigned char)s[off]))
		off++;
	if (off >= e || s[off] == '#') {
		size_t klen, vstart;

		p->i = k + 1;
		skip_empty(p);
		if (p->i >= p->nl)
			return 0;
		if (check_tab(p, p->i))
			return -1;
		c = content(p, p->i, &nn);
		if (in_map && p->l[p->i].ind == indent && is_item(c, nn))
			return block(p, node, indent);
		if (p->l[p->i].ind <= indent)
			return 0;
		if (is_item(c, nn) || key_line(c, nn, &klen, &vstart))
			return block(p, node, p->l[p->i].ind);
		/* the value starts on the next line ("summary:\n  text …") */
		off = p->l[p->i].s + p->l[p->i].ind;
	}
	if (refused_start(p, off))
		return -1;
	if (s[off] == '|' || s[off] == '>')
		return block_scalar(p, off, indent, node);
	if (s[off] == '[') {
		if (flow_list(p, &off, node))
			return -1;
		return end_of_value(p, off);
	}
	if (s[off] == '"' || s[off] == '\'') {
		if (quoted(p, &off, &b)) {
			recur_buf_release(&b);
			return -1;
		}
		set_text(node, &b);
		return end_of_value(p, off);
	}
	plain(p, off, indent, &b);
	set_plain(node, &b);
	p->i++;
	return 0;
}

static int list(struct fp *p, struct recur_fm_node *node, size_t indent)
{
	size_t cap = 0, n, klen, vstart;
	const char *c;

	node->type = RECUR_FM_LIST;
	for (;;) {
		struct recur_fm_node *item;
		struct fline *l;
		size_t at;

		skip_empty(p);
		if (p->i >= p->nl || p->l[p->i].ind < indent)
			return 0;
		if (check_tab(p, p->i))
			return -1;
		l = &p->l[p->i];
		c = content(p, p->i, &n);
		if (l->ind > indent)
			return fail(p, l->s + l->ind, "unexpected indentation",
				    "line the item up with the '-' above it");
		if (!is_item(c, n))
			return 0;
		item = push(node, &cap, p->line0 + (long)p->i);
		for (at = 1; at < n && is_blank_char((unsigned char)c[at]); at++)
			;
		if (at < n && c[at] != '#' &&
		    (is_item(c + at, n - at) || key_line(c + at, n - at, &klen, &vstart))) {
			l->ind += at; /* "- key: v" or "- - x": a block starting at the item's text */
			if (block(p, item, l->ind))
				return -1;
			continue;
		}
		if (value(p, l->s + l->ind + 1, indent, 0, item))
			return -1;
	}
}

static int map(struct fp *p, struct recur_fm_node *node, size_t indent)
{
	size_t cap = 0, n, klen, vstart;
	const char *c;

	node->type = RECUR_FM_MAP;
	for (;;) {
		struct recur_buf key = RECUR_BUF_INIT;
		struct recur_fm_node *child;
		struct fline *l;
		size_t at;

		skip_empty(p);
		if (p->i >= p->nl || p->l[p->i].ind < indent)
			return 0;
		if (check_tab(p, p->i))
			return -1;
		l = &p->l[p->i];
		c = content(p, p->i, &n);
		at = l->s + l->ind;
		if (l->ind > indent)
			return fail(p, at, "unexpected indentation", "line the key up with the keys "
				    "above it, or quote a value that runs over several lines");
		if (is_item(c, n))
			return indent == 0 ? fail(p, at, "a list item where a key was expected",
						  "put 'key:' on the line above the list") : 0;
		if (c[0] == '?' || refused_start(p, at))
			return c[0] == '?' ? fail(p, at, "a complex key (?)", "write a plain 'key: value'")
					   : -1;
		if (!key_line(c, n, &klen, &vstart))
			return fail(p, at, "a line that is not 'key: value'", "write 'key: value' (a "
				    "space after the colon), or quote a value that runs over several lines");
		if (klen > RECUR_FM_MAX_KEY)
			return fail(p, at, "a key longer than 256 bytes", "shorten the key");
		if (c[0] == '"' || c[0] == '\'') {
			size_t q = at;

			if (quoted(p, &q, &key)) {
				recur_buf_release(&key);
				return -1;
			}
		} else {
			recur_buf_add(&key, c, klen);
		}
		child = push(node, &cap, p->line0 + (long)p->i);
		child->key = recur_buf_detach(&key, NULL);
		if (value(p, at + vstart, l->ind, 1, child))
			return -1;
	}
}

/* A mapping or a list whose first line (the current one) is at column indent. */
static int block(struct fp *p, struct recur_fm_node *node, size_t indent)
{
	size_t n;
	const char *c = content(p, p->i, &n);
	int rc;

	if (++p->depth > RECUR_FM_MAX_DEPTH)
		return fail(p, p->l[p->i].s + p->l[p->i].ind, "nesting deeper than 16 levels",
			    "flatten the front matter");
	rc = is_item(c, n) ? list(p, node, indent) : map(p, node, indent);
	p->depth--;
	return rc;
}

/* ---- TOML (Hugo's "+++" block) ---- */

/* A TOML key at buf[*i]: bare (A-Za-z0-9_-.) or quoted; *i ends after it. */
static int toml_key(struct fp *p, size_t *i, size_t e, struct recur_buf *key)
{
	const char *s = p->buf;
	size_t st = *i;

	if (*i < e && (s[*i] == '"' || s[*i] == '\'')) {
		if (quoted(p, i, key))
			return -1;
	} else {
		while (*i < e && (isalnum((unsigned char)s[*i]) || strchr("_-.", s[*i])))
			(*i)++;
		recur_buf_add(key, s + st, *i - st);
	}
	if (*i - st > RECUR_FM_MAX_KEY)
		return fail(p, st, "a key longer than 256 bytes", "shorten the key");
	if (!key->len)
		return fail(p, st, "a line that is not 'key = value'", "write 'key = value'");
	return 0;
}

/* A TOML multi-line string (three quotes) from buf[*i]; the first line break is dropped. */
static int toml_long(struct fp *p, size_t *i, struct recur_buf *b)
{
	const char *s = p->buf;
	char q = s[*i];
	size_t open = *i;

	*i += 3;
	if (*i < p->end && s[*i] == '\r')
		(*i)++;
	if (*i < p->end && s[*i] == '\n')
		(*i)++;
	while (*i + 3 <= p->end) {
		if (s[*i] == q && s[*i + 1] == q && s[*i + 2] == q) {
			*i += 3;
			return 0;
		}
		if (q == '"' && s[*i] == '\\') {
			(*i)++;
			if (*i < p->end && isspace((unsigned char)s[*i])) {
				while (*i < p->end && isspace((unsigned char)s[*i]))
					(*i)++;
			} else if (escape(p, i, b)) {
				return -1;
			}
			continue;
		}
		recur_buf_addch(b, s[(*i)++]);
	}
	return fail(p, open, "a multi-line string that is never closed", "close it with three quotes");
}

/* The value after "key =" at buf[off] on the current line into node. */
static int toml_value(struct fp *p, size_t off, struct recur_fm_node *node)
{
	const char *s = p->buf;
	size_t e = p->l[p->i].e, j;
	struct recur_buf b = RECUR_BUF_INIT;

	while (off < e && is_blank_char((unsigned char)s[off]))
		off++;
	if (off >= e || s[off] == '#')
		return fail(p, off, "a key with no value", "give it a value, or remove the line");
	if (s[off] == '{')
		return fail(p, off, "an inline table ({…})", "write it as a [table] of 'key = value' lines");
	if (s[off] == '[') {
		if (flow_list(p, &off, node))
			return -1;
	} else if (off + 3 <= p->end && (s[off] == '"' || s[off] == '\'') && s[off + 1] == s[off] &&
		   s[off + 2] == s[off]) {
		if (toml_long(p, &off, &b))
			return recur_buf_release(&b), -1;
		set_text(node, &b);
	} else if (s[off] == '"') {
		if (quoted(p, &off, &b))
			return recur_buf_release(&b), -1;
		set_text(node, &b);
	} else if (s[off] == '\'') {
		for (j = off + 1; j < e && s[j] != '\''; j++)
			;
		if (j >= e)
			return fail(p, off, "a single quote that is never closed", "close the quote");
		recur_buf_add(&b, s + off + 1, j - off - 1);
		set_text(node, &b);
		off = j + 1;
	} else {
		for (j = off; j < e && !(s[j] == '#' && is_blank_char((unsigned char)s[j - 1])); j++)
			;
		while (j > off && is_blank_char((unsigned char)s[j - 1]))
			j--;
		recur_buf_add(&b, s + off, j - off);
		set_text(node, &b);
		off = j;
	}
	return end_of_value(p, off);
}

/* "[name]" or "[[name]]" at buf[off]: the table later keys go into. */
static int toml_table(struct fp *p, size_t off, struct recur_fm_node *root, size_t *root_cap,
		      struct recur_fm_node **table, size_t *table_cap)
{
	const char *s = p->buf;
	size_t e = p->l[p->i].e, i, k, cap;
	int many = off + 1 < e && s[off + 1] == '[';
	struct recur_buf key = RECUR_BUF_INIT;
	struct recur_fm_node *t = NULL;

	for (i = off + 1 + many; i < e && is_blank_char((unsigned char)s[i]); i++)
		;
	if (toml_key(p, &i, e, &key))
		return recur_buf_release(&key), -1;
	while (i < e && is_blank_char((unsigned char)s[i]))
		i++;
	if (i >= e || s[i] != ']' || (many && (i + 1 >= e || s[i + 1] != ']'))) {
		recur_buf_release(&key);
		return fail(p, i, "a table header that is not closed", "end it with ']' (or ']]')");
	}
	for (k = 0; many && k < root->n; k++)
		if (root->items[k].key && !strcmp(root->items[k].key, key.buf) &&
		    root->items[k].type == RECUR_FM_LIST)
			t = &root->items[k];
	if (!t) {
		t = push(root, root_cap, p->line0 + (long)p->i);
		t->key = recur_buf_detach(&key, NULL);
		t->type = many ? RECUR_FM_LIST : RECUR_FM_MAP;
	}
	recur_buf_release(&key);
	*table = t;
	*table_cap = t->n;
	if (many) {
		cap = t->n;
		*table = push(t, &cap, p->line0 + (long)p->i);
		(*table)->type = RECUR_FM_MAP;
		*table_cap = 0;
	}
	return end_of_value(p, i + 1 + many);
}

/* Hugo's TOML front matter: "key = value" lines and [tables], into the same tree. */
static int toml(struct fp *p, struct recur_fm_node *root)
{
	struct recur_fm_node *table = root;
	size_t root_cap = 0, table_cap = 0, n;
	const char *c;

	while (skip_empty(p), p->i < p->nl) {
		struct recur_buf key = RECUR_BUF_INIT;
		struct recur_fm_node *child;
		size_t at = p->l[p->i].s + p->l[p->i].ind, e = p->l[p->i].e;

		c = content(p, p->i, &n);
		if (c[0] == '[') {
			if (toml_table(p, at, root, &root_cap, &table, &table_cap))
				return -1;
			continue;
		}
		if (toml_key(p, &at, e, &key))
			return recur_buf_release(&key), -1;
		while (at < e && is_blank_char((unsigned char)p->buf[at]))
			at++;
		if (at >= e || p->buf[at] != '=') {
			recur_buf_release(&key);
			return fail(p, at, "a line that is not 'key = value'", "write 'key = value'");
		}
		child = push(table, table == root ? &root_cap : &table_cap, p->line0 + (long)p->i);
		child->key = recur_buf_detach(&key, NULL);
		if (toml_value(p, at + 1, child))
			return -1;
	}
	return 0;
}

/* ---- the block ---- */

/* The line at buf[*i] (its end into *e, the next line's start into *i): is it delim? */
static int next_line(const char *buf, size_t len, size_t *i, size_t *e)
{
	size_t s = *i;

	while (*i < len && buf[*i] != '\n' && buf[*i] != '\r')
		(*i)++;
	*e = *i;
	if (*i < len && buf[*i] == '\r' && *i + 1 < len && buf[*i + 1] == '\n')
		(*i)++;
	if (*i < len)
		(*i)++;
	return *e > s || *i > s;
}

static int is_delim(const char *s, size_t n, const char *d)
{
	while (n && is_blank_char((unsigned char)s[n - 1]))
		n--;
	return n == 3 && !memcmp(s, d, 3);
}

static void index_fm(struct fp *p, size_t from, size_t to)
{
	size_t i = from, e, s, cap = 0;

	while (i < to) {
		struct fline *l;

		s = i;
		next_line(p->buf, to, &i, &e);
		xgrow((void **)&p->l, &cap, p->nl + 1, sizeof(*p->l));
		l = &p->l[p->nl++];
		memset(l, 0, sizeof(*l));
		l->s = s;
		l->e = e;
		while (s + l->ind < e && p->buf[s + l->ind] == ' ')
			l->ind++;
		if (s + l->ind < e && p->buf[s + l->ind] == '\t') {
			l->tab = 1; /* the column is only meaningful up to the tab */
			while (s + l->ind < e && is_blank_char((unsigned char)p->buf[s + l->ind]))
				l->ind++;
		}
		l->blank = 1;
		for (s = l->s; s < e; s++)
			if (!is_blank_char((unsigned char)p->buf[s]))
				l->blank = 0;
	}
}

/* Whether the first line with text in buf[from..to) reads as "key:" (front matter, not a
 * rule); -1 when there is no text at all. */
static int starts_with_key(const char *buf, size_t from, size_t to)
{
	size_t i = from, e, s, klen, v;

	while (i < to) {
		s = i;
		next_line(buf, to, &i, &e);
		while (s < e && is_blank_char((unsigned char)buf[s]))
			s++;
		if (s == e)
			continue;
		if (buf[s] == '#' || key_line(buf + s, e - s, &klen, &v))
			return 1;
		/* "title:Foo": meant as a key, read as one to say what is wrong */
		for (klen = s; klen < e && (isalnum((unsigned char)buf[klen]) || buf[klen] == '_' ||
					    buf[klen] == '-'); klen++)
			;
		return klen > s && klen < e && buf[klen] == ':';
	}
	return -1;
}

int recur_frontmatter_parse(const char *buf, size_t len, struct recur_frontmatter *fm,
			    struct recur_error *err)
{
	struct fp p;
	size_t i = 0, e, start, close = 0, after = 0;
	const char *delim = "---";
	long line = 1;
	int found = 0, rc;

	memset(fm, 0, sizeof(*fm));
	fm->root.type = RECUR_FM_MAP;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	start = i;
	if (!next_line(buf, len, &i, &e))
		return 0;
	if (is_delim(buf + start, e - start, "+++"))
		delim = "+++";
	else if (!is_delim(buf + start, e - start, "---"))
		return 0;
	start = i;
	while (i < len) {
		size_t s = i;

		line++;
		next_line(buf, len, &i, &e);
		if (is_delim(buf + s, e - s, delim) || (delim[0] == '-' && is_delim(buf + s, e - s, "..."))) {
			close = s;
			after = i;
			found = 1;
			break;
		}
	}
	/* "---" may be a thematic break opening the Markdown: front matter starts with a key */
	rc = delim[0] == '+' ? 1 : starts_with_key(buf, start, found ? close : len);
	if (!rc || (rc < 0 && !found))
		return 0;
	if (!found)
		return recur_error_at(err, NULL, 1, 1, "front matter: the '%s' block opened here is "
				      "never closed: end it with a line '%s' after its last key",
				      delim, delim);
	memset(&p, 0, sizeof(p));
	p.buf = buf;
	p.end = close;
	p.line0 = 2;
	p.err = err;
	index_fm(&p, start, close);
	if (delim[0] == '+')
		rc = toml(&p, &fm->root);
	else
		rc = p.nl ? (skip_empty(&p), p.i < p.nl ? map(&p, &fm->root, p.l[p.i].ind) : 0) : 0;
	if (!rc && p.i < p.nl)
		rc = fail(&p, p.l[p.i].s, "unexpected indentation", "line the key up with the first key");
	free(p.l);
	if (rc) {
		recur_frontmatter_release(fm);
		return -1;
	}
	fm->end = after;
	fm->lines = line;
	return 1;
}

void recur_frontmatter_release(struct recur_frontmatter *fm)
{
	if (!fm)
		return;
	node_release(&fm->root);
	fm->root.type = RECUR_FM_MAP;
	fm->end = 0;
	fm->lines = 0;
}
