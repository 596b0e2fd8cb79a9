/*
 * xes.c — an XES event log (IEEE 1849, the XML that ProM, Disco, Celonis and
 * pm4py write, and the form ITSM logs such as BPI Challenge 2013's are
 * published in) as the CSV those tools export: one row per event, a column
 * per attribute, the trace's attributes prefixed "case:" (case:concept:name
 * is the case id). The events-xes profile then reads it like any such CSV.
 *
 * Only what an event log holds is read: <trace> and <event> elements and the
 * typed attributes directly inside them (string, date, int, float, boolean,
 * id). Nested attributes (lists, containers, attributes of attributes),
 * <global> defaults, extensions and classifiers are skipped. The reader is a
 * small tokenizer on (buf, len): comments, processing instructions and
 * CDATA are stepped over, the five XML entities and character references
 * decoded. It makes two passes, one for the columns, one for the rows.
 */
#include "import_int.h"
#include "recur/buf.h"
#include "recur/mem.h"

#include <stdlib.h>
#include <string.h>

/* One attribute read: key and value, decoded (into the pass's scratch). */
struct attr {
	size_t key, value;          /* offsets in scratch */
};

struct xes {
	const char *p, *e;
	const char *path;
	struct recur_buf scratch;   /* decoded keys and values of the open trace and event */
	struct attr *trace, *event;
	size_t ntrace, nevent, trace_cap, event_cap;
	size_t trace_end;           /* scratch bytes the trace's attributes use */
	char **cols;                /* column names, in order of first appearance */
	size_t ncols, cols_cap;
	struct recur_buf row;
	long traces, events;
};

static int is_attr_element(const char *name, size_t n)
{
	static const char *const types[] = { "string", "date", "int", "float", "boolean", "id" };
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(*types); i++)
		if (strlen(types[i]) == n && !memcmp(types[i], name, n))
			return 1;
	return 0;
}

static int name_is(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && !memcmp(name, want, n);
}

/* Appends s[0..n) to b with the XML entities and character references decoded. */
static void add_decoded(struct recur_buf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *semi;
		unsigned long cp;
		char *end;

		if (s[i] != '&' || !(semi = memchr(s + i, ';', n - i < 12 ? n - i : 12))) {
			recur_buf_addch(b, s[i++]);
			continue;
		}
		if (s[i + 1] == '#') {
			cp = s[i + 2] == 'x' ? strtoul(s + i + 3, &end, 16) : strtoul(s + i + 2, &end, 10);
			if (end != semi || !cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
				recur_buf_addch(b, s[i++]);
				continue;
			}
			if (cp < 0x80) {
				recur_buf_addch(b, (char)cp);
			} else if (cp < 0x800) {
				recur_buf_addch(b, (char)(0xC0 | (cp >> 6)));
				recur_buf_addch(b, (char)(0x80 | (cp & 0x3F)));
			} else if (cp < 0x10000) {
				recur_buf_addch(b, (char)(0xE0 | (cp >> 12)));
				recur_buf_addch(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
				recur_buf_addch(b, (char)(0x80 | (cp & 0x3F)));
			} else {
				recur_buf_addch(b, (char)(0xF0 | (cp >> 18)));
				recur_buf_addch(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
				recur_buf_addch(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
				recur_buf_addch(b, (char)(0x80 | (cp & 0x3F)));
			}
		} else if (semi - (s + i) == 4 && !memcmp(s + i, "&amp", 4)) {
			recur_buf_addch(b, '&');
		} else if (semi - (s + i) == 3 && !memcmp(s + i, "&lt", 3)) {
			recur_buf_addch(b, '<');
		} else if (semi - (s + i) == 3 && !memcmp(s + i, "&gt", 3)) {
			recur_buf_addch(b, '>');
		} else if (semi - (s + i) == 5 && !memcmp(s + i, "&quot", 5)) {
			recur_buf_addch(b, '"');
		} else if (semi - (s + i) == 5 && !memcmp(s + i, "&apos", 5)) {
			recur_buf_addch(b, '\'');
		} else {
			recur_buf_addch(b, s[i++]);
			continue;
		}
		i = (size_t)(semi - s) + 1;
	}
}

/* Steps past the first occurrence of end from x->p; 0 when there is none. */
static int skip_past(struct xes *x, const char *end)
{
	size_t n = strlen(end);

	while (x->p + n <= x->e) {
		if (!memcmp(x->p, end, n)) {
			x->p += n;
			return 1;
		}
		x->p++;
	}
	x->p = x->e;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A tag after its '<': name, the key and value attributes, whether it closes
 * itself. Returns 0, or -1 when the tag never ends. */
struct tag {
	const char *name;
	size_t n;
	int closing, self_closing;
	const char *key, *value;
	size_t nkey, nvalue;
};

static int read_tag(struct xes *x, struct tag *t)
{
	memset(t, 0, sizeof(*t));
	if (x->p < x->e && *x->p == '/') {
		t->closing = 1;
		x->p++;
	}
	t->name = x->p;
	while (x->p < x->e && !is_blank(*x->p) && *x->p != '>' && *x->p != '/')
		x->p++;
	t->n = (size_t)(x->p - t->name);
	for (;;) {
		const char *an, *av;
		size_t nan;
		char q;

		while (x->p < x->e && is_blank(*x->p))
			x->p++;
		if (x->p >= x->e)
			return -1;
		if (*x->p == '>') {
			x->p++;
			return 0;
		}
		if (*x->p == '/') {
			t->self_closing = 1;
			x->p++;
			continue;
		}
		an = x->p;
		while (x->p < x->e && *x->p != '=' && *x->p != '>' && !is_blank(*x->p))
			x->p++;
		nan = (size_t)(x->p - an);
		while (x->p < x->e && is_blank(*x->p))
			x->p++;
		if (x->p >= x->e || *x->p != '=')
			continue; /* an attribute without a value: nothing to keep */
		x->p++;
		while (x->p < x->e && is_blank(*x->p))
			x->p++;
		if (x->p >= x->e || (*x->p != '"' && *x->p != '\''))
			return -1;
		q = *x->p++;
		av = x->p;
		while (x->p < x->e && *x->p != q)
			x->p++;
		if (x->p >= x->e)
			return -1;
		if (name_is(an, nan, "key"))
			t->key = av, t->nkey = (size_t)(x->p - av);
		else if (name_is(an, nan, "value"))
			t->value = av, t->nvalue = (size_t)(x->p - av);
		x->p++;
	}
}

static size_t column(struct xes *x, const char *prefix, const char *key)
{
	size_t i, np = strlen(prefix);

	for (i = 0; i < x->ncols; i++)
		if (!strncmp(x->cols[i], prefix, np) && !strcmp(x->cols[i] + np, key))
			return i;
	xgrow((void **)&x->cols, &x->cols_cap, x->ncols + 1, sizeof(*x->cols));
	x->cols[x->ncols] = xmalloc(np + strlen(key) + 1);
	memcpy(x->cols[x->ncols], prefix, np);
	strcpy(x->cols[x->ncols] + np, key);
	return x->ncols++;
}

static void add_attr(struct xes *x, struct attr **list, size_t *n, size_t *cap, const struct tag *t)
{
	struct attr a;

	a.key = x->scratch.len;
	add_decoded(&x->scratch, t->key, t->nkey);
	recur_buf_addch(&x->scratch, '\0');
	a.value = x->scratch.len;
	add_decoded(&x->scratch, t->value ? t->value : "", t->value ? t->nvalue : 0);
	recur_buf_addch(&x->scratch, '\0');
	xgrow((void **)list, cap, *n + 1, sizeof(**list));
	(*list)[(*n)++] = a;
}

static void csv_field(struct recur_buf *b, const char *s)
{
	recur_buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			recur_buf_addch(b, '"');
		recur_buf_addch(b, *s);
	}
	recur_buf_addch(b, '"');
}

/* The event's row: each column's value from the event, else its trace. */
static int emit(struct xes *x, int (*write)(void *, const char *, size_t), void *ctx)
{
	size_t c, i;

	recur_buf_reset(&x->row);
	for (c = 0; c < x->ncols; c++) {
		const char *v = "";
		int trace_col = !strncmp(x->cols[c], "case:", 5);

		if (c)
			recur_buf_addch(&x->row, ',');
		for (i = 0; !trace_col && i < x->nevent; i++)
			if (!strcmp(x->scratch.buf + x->event[i].key, x->cols[c]))
				v = x->scratch.buf + x->event[i].value;
		for (i = 0; trace_col && i < x->ntrace; i++)
			if (!strcmp(x->scratch.buf + x->trace[i].key, x->cols[c] + 5))
				v = x->scratch.buf + x->trace[i].value;
		csv_field(&x->row, v);
	}
	recur_buf_addch(&x->row, '\n');
	return write(ctx, x->row.buf, x->row.len);
}

/* One pass: the columns (write NULL), or the rows. */
static int pass(struct xes *x, const char *buf, size_t len,
		int (*write)(void *, const char *, size_t), void *ctx, struct recur_error *err)
{
	int in_trace = 0, in_event = 0, skip = 0; /* skip: depth inside <global>, lists, nested */
	int ended = 0;                            /* </log> was read */
	struct tag t;

	x->p = buf;
	x->e = buf + len;
	x->traces = x->events = 0;
	while (x->p < x->e) {
		if (*x->p != '<') {
			x->p++;
			continue;
		}
		x->p++;
		if (x->e - x->p >= 3 && !memcmp(x->p, "!--", 3)) {
			skip_past(x, "-->");
			continue;
		}
		if (x->e - x->p >= 8 && !memcmp(x->p, "![CDATA[", 8)) {
			skip_past(x, "]]>");
			continue;
		}
		if (x->p < x->e && (*x->p == '?' || *x->p == '!')) {
			skip_past(x, ">");
			continue;
		}
		if (read_tag(x, &t))
			return recur_error_at(err, x->path, 0, 0, "the XES log ends inside a tag: the "
					      "file is cut short; export it again");
		if (t.closing) {
			if (skip) {
				skip--;
			} else if (in_event && name_is(t.name, t.n, "event")) {
				in_event = 0;
				x->events++;
				if (write && emit(x, write, ctx))
					return -1;
			} else if (in_trace && name_is(t.name, t.n, "trace")) {
				in_trace = 0;
			} else if (name_is(t.name, t.n, "log")) {
				ended = 1;
			}
			continue;
		}
		if (skip) {
			skip += !t.self_closing;
			continue;
		}
		if (name_is(t.name, t.n, "trace") && !in_trace) {
			in_trace = !t.self_closing;
			x->traces++;
			x->ntrace = 0;
			x->trace_end = 0;
			recur_buf_reset(&x->scratch);
		} else if (name_is(t.name, t.n, "event") && in_trace && !in_event) {
			in_event = !t.self_closing;
			x->nevent = 0;
			x->scratch.len = x->trace_end;
		} else if (is_attr_element(t.name, t.n) && t.key && in_trace) {
			char *key;

			if (in_event) {
				add_attr(x, &x->event, &x->nevent, &x->event_cap, &t);
				key = x->scratch.buf + x->event[x->nevent - 1].key;
				if (!write)
					column(x, "", key);
			} else {
				add_attr(x, &x->trace, &x->ntrace, &x->trace_cap, &t);
				x->trace_end = x->scratch.len;
				key = x->scratch.buf + x->trace[x->ntrace - 1].key;
				if (!write)
					column(x, "case:", key);
			}
			skip += !t.self_closing; /* its own nested attributes */
		} else if (!name_is(t.name, t.n, "log") && !t.self_closing) {
			skip = 1; /* <global>, <list>, <container>, anything else: not read */
		}
	}
	if (!ended)
		return recur_error_at(err, x->path, 0, 0, "the XES log ends before its </log>: the "
				      "file is cut short; export it again");
	return 0;
}

int imp_xes_looks(const char *buf, size_t len)
{
	size_t n = len < 4096 ? len : 4096, i = 0;

	if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && is_blank(buf[i]))
		i++;
	if (i >= n || buf[i] != '<')
		return 0;
	for (; i + 4 < n; i++)
		if (!memcmp(buf + i, "<log", 4) && (is_blank(buf[i + 4]) || buf[i + 4] == '>'))
			return 1;
	return 0;
}

int imp_xes_to_csv(const char *buf, size_t len, const char *path,
		   int (*write)(void *ctx, const char *p, size_t n), void *ctx, long *traces,
		   long *events, struct recur_error *err)
{
	struct xes x;
	struct recur_buf head = RECUR_BUF_INIT;
	size_t c;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	recur_buf_init(&x.scratch, 0);
	recur_buf_init(&x.row, 0);
	x.path = path;
	if (pass(&x, buf, len, NULL, NULL, err))
		goto out;
	if (!x.events) {
		recur_error_at(err, path, 0, 0, "the XES log holds no events (%ld trace%s): export "
			       "the log with its events", x.traces, x.traces == 1 ? "" : "s");
		goto out;
	}
	for (c = 0; c < x.ncols; c++) {
		if (c)
			recur_buf_addch(&head, ',');
		csv_field(&head, x.cols[c]);
	}
	recur_buf_addch(&head, '\n');
	if (write(ctx, head.buf, head.len) || pass(&x, buf, len, write, ctx, err))
		goto out;
	*traces = x.traces;
	*events = x.events;
	rc = 0;
out:
	for (c = 0; c < x.ncols; c++)
		free(x.cols[c]);
	free(x.cols);
	free(x.trace);
	free(x.event);
	recur_buf_release(&x.scratch);
	recur_buf_release(&x.row);
	recur_buf_release(&head);
	return rc;
}
