/*
 * import_json.c — JSON records as rows for the importer.
 *
 * A row's columns are the union of the records' keys (one level of nesting
 * flattened as "a.b"), then the paths a profile or --map names. Paths are
 * dotted names with list steps: "a.b", "list.0.x" (an index), "list[].x"
 * (every item, texts joined with ", "), "list[k.path=Value].x" (the first
 * item whose k.path is Value, any case). A path that ends on an object reads
 * its display_value, name, summary, value or title, in that order, so
 * ServiceNow's {display_value, value}, PagerDuty's {id, summary} and
 * ManageEngine's {name} read as text; "summary#prefix" and "summary#rest"
 * split a status feed's "[RESOLVED] title". This file does not map fields.
 */
#include "import_int.h"
#include "recur/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- paths ---- */

typedef void (*leaf_fn)(const struct recur_json *v, void *ctx);

/* Reads the next step of path: name into out, the bracket into sel (NULL: none). */
static const char *step(const char *path, char *name, size_t nsize, char *sel, size_t ssize,
			int *has_sel)
{
	size_t n = 0;

	*has_sel = 0;
	while (*path && *path != '.' && *path != '[') {
		if (n + 1 < nsize)
			name[n++] = *path;
		path++;
	}
	name[n] = '\0';
	if (*path == '[') {
		const char *close = strchr(path, ']');
		size_t len;

		if (!close)
			close = path + strlen(path);
		len = (size_t)(close - path - 1);
		snprintf(sel, ssize, "%.*s", (int)len, path + 1);
		*has_sel = 1;
		path = *close ? close + 1 : close;
	}
	if (*path == '.')
		path++;
	return path;
}

static int item_matches(const struct recur_json *item, const char *sel)
{
	const char *eq = strchr(sel, '=');
	char key[128];
	const struct recur_json *v;
	struct recur_buf t = RECUR_BUF_INIT;
	int r;

	if (!eq)
		return 0;
	snprintf(key, sizeof(key), "%.*s", (int)(eq - sel), sel);
	if (!(v = jpath_get(item, key)))
		return 0;
	recur_json_scalar_text(v, &t);
	r = !strcasecmp(t.buf, eq + 1);
	recur_buf_release(&t);
	return r;
}

static int is_index(const char *s, size_t *idx)
{
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return 0;
	*idx = strtoul(s, &end, 10);
	return !*end;
}

/* Calls fn for each value path reaches from v; stops after the first when first. */
static int walk(const struct recur_json *v, const char *path, int first, leaf_fn fn, void *ctx)
{
	char name[128], sel[128];
	int has_sel, found = 0;
	size_t i, idx;

	if (!v || v->type == RECUR_JSON_NULL)
		return 0;
	if (!*path) {
		fn(v, ctx);
		return 1;
	}
	path = step(path, name, sizeof(name), sel, sizeof(sel), &has_sel);
	if (name[0]) {
		if (v->type == RECUR_JSON_ARRAY && is_index(name, &idx))
			v = idx < v->n ? v->items[idx] : NULL;
		else
			v = recur_json_get(v, name);
	}
	if (!has_sel)
		return walk(v, path, first, fn, ctx);
	if (!v || v->type != RECUR_JSON_ARRAY)
		return 0;
	if (is_index(sel, &idx))
		return idx < v->n && walk(v->items[idx], path, first, fn, ctx);
	for (i = 0; i < v->n; i++) {
		if (sel[0] && !item_matches(v->items[i], sel))
			continue;
		found |= walk(v->items[i], path, first, fn, ctx);
		if (found && (first || sel[0]))
			break;
	}
	return found;
}

static void keep_first(const struct recur_json *v, void *ctx)
{
	*(const struct recur_json **)ctx = v;
}

const struct recur_json *jpath_get(const struct recur_json *rec, const char *path)
{
	const struct recur_json *out = NULL;

	walk(rec, path, 1, keep_first, &out);
	return out;
}

/* An object's text: the first of its display-like keys that is a scalar. */
static const struct recur_json *display(const struct recur_json *v)
{
	static const char *const keys[] = { "display_value", "name", "summary", "value", "title" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct recur_json *k = recur_json_get(v, keys[i]);

		if (k && k->type != RECUR_JSON_OBJECT && k->type != RECUR_JSON_ARRAY)
			return k;
		if (k && k->type == RECUR_JSON_OBJECT)
			return display(k);
	}
	return NULL;
}

struct text_ctx {
	struct recur_buf *out;
	size_t start;
};

static void add_text(const struct recur_json *v, void *ctx)
{
	struct text_ctx *c = ctx;
	size_t i;

	if (v->type == RECUR_JSON_OBJECT && !(v = display(v)))
		return;
	if (v->type == RECUR_JSON_NULL)
		return;
	if (v->type == RECUR_JSON_ARRAY) {
		for (i = 0; i < v->n; i++)
			add_text(v->items[i], ctx);
		return;
	}
	if (c->out->len > c->start)
		recur_buf_adds(c->out, ", ");
	recur_json_scalar_text(v, c->out);
}

/*
 * Status feeds put the status before the title: "[RESOLVED] Elevated error
 * rates". A path ending "#prefix" reads the bracketed word (RESOLVED),
 * "#rest" the title after it (the whole text when there is no prefix).
 */
static int prefix_text(const struct recur_json *rec, const char *path, size_t plen, int rest,
		       struct recur_buf *out)
{
	struct recur_buf t = RECUR_BUF_INIT;
	const char *p, *close = NULL;
	char base[160];
	size_t start = out->len;

	snprintf(base, sizeof(base), "%.*s", (int)plen, path);
	jpath_text(rec, base, &t);
	for (p = t.buf; *p == ' '; p++)
		;
	if (*p == '[' && (close = memchr(p, ']', t.len - (size_t)(p - t.buf))) &&
	    (close - p < 2 || close - p > 32))
		close = NULL; /* "[]" or a long bracket is part of the title */
	if (!close)
		p = rest ? p : NULL;
	else if (rest)
		for (p = close + 1; *p == ' '; p++)
			;
	else
		p++;
	if (p)
		recur_buf_add(out, p, rest ? t.len - (size_t)(p - t.buf) : (size_t)(close - p));
	recur_buf_release(&t);
	return out->len > start;
}

int jpath_text(const struct recur_json *rec, const char *path, struct recur_buf *out)
{
	struct text_ctx c = { out, out->len };
	const char *hash = strrchr(path, '#');

	if (hash && (!strcmp(hash, "#prefix") || !strcmp(hash, "#rest")))
		return prefix_text(rec, path, (size_t)(hash - path), hash[1] == 'r', out);

	walk(rec, path, 0, add_text, &c);
	return out->len > c.start;
}

/* ---- rows ---- */

/* Column of name, added when new; keys usually repeat in order, so try the hint first. */
static size_t jcol(struct jrows *j, const char *name, int add)
{
	size_t i;

	if (j->hint < j->n && !strcmp(j->names[j->hint], name))
		return j->hint++;
	for (i = 0; i < j->n; i++)
		if (!strcmp(j->names[i], name))
			return (j->hint = i + 1) - 1;
	if (!add)
		return (size_t)-1;
	xgrow((void **)&j->names, &j->cap, j->n + 1, sizeof(*j->names));
	j->names[j->n] = xstrdup(name);
	j->hint = j->n + 1;
	return j->n++;
}

/* Calls fn for each (flattened name, value) of object o. */
static void jeach(struct jrows *j, const struct recur_json *o,
		  void (*fn)(struct jrows *j, const struct recur_json *v))
{
	size_t i, k;

	j->hint = 0;
	for (i = 0; i < o->n; i++) {
		const struct recur_json *v = o->items[i];

		if (v->type == RECUR_JSON_OBJECT) {
			/* the object itself too, for a column of that name (scalar in
			 * other records, like ServiceNow's display_value objects) */
			recur_buf_reset(&j->name);
			recur_buf_adds(&j->name, o->keys[i]);
			fn(j, v);
			for (k = 0; k < v->n; k++) {
				recur_buf_reset(&j->name);
				recur_buf_addf(&j->name, "%s.%s", o->keys[i], v->keys[k]);
				fn(j, v->items[k]);
			}
		} else {
			recur_buf_reset(&j->name);
			recur_buf_adds(&j->name, o->keys[i]);
			fn(j, v);
		}
	}
}

/* An object is a column of its own only when it has no text (no display
 * key): so a field mapped to it rejects it instead of silently reading
 * nothing; objects with text get their column from scalar records. */
static void jadd_name(struct jrows *j, const struct recur_json *v)
{
	if (v->type != RECUR_JSON_OBJECT || !display(v))
		jcol(j, j->name.buf, 1);
}

static void jadd_value(struct jrows *j, const struct recur_json *v)
{
	size_t c = jcol(j, j->name.buf, 0);

	if (c == (size_t)-1 || v->type == RECUR_JSON_NULL)
		return;
	j->off[c] = j->text.len;
	if (v->type == RECUR_JSON_OBJECT && (v = display(v)) == NULL) {
		j->obj[c] = 1; /* kept empty; a field that reads it rejects it */
		return;
	}
	recur_json_scalar_text(v, &j->text);
	j->vals[c].len = j->text.len - j->off[c];
	j->vals[c].ptr = NULL;
}

/* ---- where the records are ---- */

/* An array of records (objects), or an empty array. */
static int is_record_list(const struct recur_json *v)
{
	return v->type == RECUR_JSON_ARRAY && (v->n == 0 || v->items[0]->type == RECUR_JSON_OBJECT);
}

/* A collection keyed by id ({"azure-20180904-1": {...}, ...}): an object
 * whose every member is an object. */
static int is_keyed(const struct recur_json *root)
{
	size_t i;

	if (root->type != RECUR_JSON_OBJECT || !root->n)
		return 0;
	for (i = 0; i < root->n; i++)
		if (root->items[i]->type != RECUR_JSON_OBJECT)
			return 0;
	return 1;
}

/* The keys APIs wrap their answer in. */
static int is_envelope(const char *key)
{
	static const char *const names[] = { "data", "result", "results", "response", "payload",
					     "body", "content", "value", "values" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcasecmp(key, names[i]))
			return 1;
	return 0;
}

static struct recur_json *find_records(struct recur_json *root, int depth)
{
	struct recur_json *found = NULL, *empty = NULL;
	size_t i, nempty = 0;
	int envelope = 0;

	if (root->type == RECUR_JSON_ARRAY)
		return root;
	if (root->type != RECUR_JSON_OBJECT)
		return NULL;
	/* the one list of records under any key, beside scalars, objects and
	 * empty lists ({"current": [], "archive": [...]}) */
	for (i = 0; i < root->n; i++) {
		struct recur_json *v = root->items[i];

		if (!is_record_list(v))
			continue;
		if (!v->n) {
			empty = v, nempty++;
			continue;
		}
		if (found)
			return NULL; /* two lists: which one holds the incidents? */
		found = v;
	}
	if (found)
		return found;
	if (nempty)
		return nempty == 1 ? empty : NULL;
	/* an API's envelope ({"data": {"items": [...], "total": 1}}): the list
	 * inside its one object when that object's key says envelope (a record
	 * keyed by id may hold a list too: {"azure-1": {"updates": [...]}}) */
	for (i = 0; i < root->n; i++) {
		if (root->items[i]->type != RECUR_JSON_OBJECT)
			continue;
		if (found) {
			found = NULL;
			break;
		}
		found = root->items[i];
		envelope = is_envelope(root->keys[i]);
	}
	if (found && envelope && depth < 3) {
		struct recur_json *inner = find_records(found, depth + 1);

		if (inner && inner->type == RECUR_JSON_ARRAY)
			return inner;
	}
	return is_keyed(root) ? root : NULL;
}

struct recur_json *jrows_find(struct recur_json *root)
{
	return find_records(root, 0);
}

static const char *type_name(const struct recur_json *v)
{
	static const char *const names[] = { "null value", "boolean", "boolean", "number",
					     "string", "list", "object" };

	return names[v->type];
}

/* Why a root that is mostly objects keyed by id is not a collection: its
 * first member that is not an object, named into out; 0 when not so. */
static int keyed_problem(const struct recur_json *root, char *out, size_t size)
{
	size_t i, objects = 0, bad = 0;

	if (root->type != RECUR_JSON_OBJECT)
		return 0;
	for (i = 0; i < root->n; i++) {
		if (root->items[i]->type == RECUR_JSON_OBJECT)
			objects++;
		else if (!bad)
			bad = i + 1;
	}
	if (objects < 2 || objects * 2 < root->n || !bad)
		return 0;
	snprintf(out, size, "\"%.100s\" is a %s, not an object", root->keys[bad - 1],
		 type_name(root->items[bad - 1]));
	return 1;
}

/* In a collection keyed by id each record gets its key as "_key" (unless
 * it has one): an ext_id alias after every other, so a record's own id
 * wins. j->key_added says to which, so that jrows_open can take them back
 * when the records turn out to be elsewhere (a profile's records path). */
static void key_records(struct jrows *j)
{
	struct recur_json *root = j->root;
	size_t i;

	if (root->type != RECUR_JSON_OBJECT || jrows_find(root) != root)
		return;
	j->key_added = xcalloc(root->n, 1);
	for (i = 0; i < root->n; i++) {
		if (recur_json_get(root->items[i], "_key"))
			continue;
		recur_json_set(root->items[i], "_key", recur_json_new_string(root->keys[i]));
		j->key_added[i] = 1;
	}
}

/* Takes back the keys key_records added (recur_json_set appended them). */
static void unkey_records(struct jrows *j)
{
	size_t i;

	for (i = 0; j->key_added && i < j->root->n; i++) {
		struct recur_json *o = j->root->items[i];

		if (!j->key_added[i])
			continue;
		o->n--;
		recur_json_free(o->items[o->n]);
		free(o->keys[o->n]);
	}
	free(j->key_added);
	j->key_added = NULL;
}

/* The long array (recur_json_parse_bounded) whose items are recs, or NULL. */
static const struct recur_json_long *long_of(const struct jrows *j,
					     struct recur_json *const *recs)
{
	size_t i;

	for (i = 0; i < j->nlongs; i++)
		if (j->longs[i].node->items == recs)
			return &j->longs[i];
	return NULL;
}

/*
 * Record i: from the tree, or for the items of a long array past its kept
 * head, parsed from the file into j->part (the previous one freed), so one
 * record at a time is in memory. NULL on an error (the bytes were checked
 * when the document was parsed, so only memory could fail).
 */
const struct recur_json *jrows_record(struct jrows *j, size_t i, struct recur_error *err)
{
	const struct recur_json_long *l = j->lazy;
	size_t k;

	if (j->single)
		return j->single;
	if (!l || i < l->node->n)
		return j->recs[i];
	if (j->part && j->part_idx == i)
		return j->part;
	recur_json_free(j->part);
	j->part = NULL;
	k = 2 * (i - l->node->n);
	if (recur_json_parse_part(j->doc, j->doclen, j->path, l->span[k], l->span[k + 1], l->depth,
				  &j->part, err))
		return NULL;
	j->part_idx = i;
	if (j->rd && !j->rd->threaded) /* else the writer hands pages back */
		imp_drop_behind(j->rd, l->span[k + 1]);
	return j->part;
}

/* The byte offset after record i, for progress (0 when not known). */
size_t jrows_offset(const struct jrows *j, size_t i)
{
	const struct recur_json_long *l = j->lazy;

	return l && i >= l->node->n ? l->span[2 * (i - l->node->n) + 1] : 0;
}

/* ---- reading the document ---- */

static int named_lines(const char *path)
{
	static const char *const exts[] = { ".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz" };
	size_t i, n = strlen(path);

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (n > strlen(exts[i]) && !strcasecmp(path + n - strlen(exts[i]), exts[i]))
			return 1;
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Where the text begins: after a UTF-8 byte order mark. */
static size_t text_start(const char *buf, size_t len)
{
	return len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
}

/*
 * JSON Lines in a .json file: the first line is an object closed on that
 * line and the next line opens another. No single JSON document looks so
 * (after a '}' that ends a line, a document goes on with ',', '}' or ']').
 */
static int looks_like_lines(const char *buf, size_t len)
{
	const char *p = buf + text_start(buf, len), *e = buf + len, *nl, *t;

	while (p < e && is_space(*p))
		p++;
	if (p == e || *p != '{' || !(nl = memchr(p, '\n', (size_t)(e - p))))
		return 0;
	for (t = nl; t > p && is_space(t[-1]); t--)
		;
	if (t[-1] != '}')
		return 0;
	for (p = nl + 1; p < e && is_space(*p); p++)
		;
	return p < e && *p == '{';
}

/* Records one record past the head of a JSON Lines file: its bytes [s, e). */
static void add_span(struct jrows *j, struct recur_json *root, size_t *cap, size_t s, size_t e)
{
	struct recur_json_long *l;
	size_t k;

	if (!j->nlongs) {
		j->longs = xcalloc(1, sizeof(*j->longs));
		j->nlongs = 1;
		j->longs->node = root;
		j->longs->n = root->n;
		j->longs->depth = 0;
	}
	l = j->longs;
	k = 2 * (l->n - root->n);
	xgrow((void **)&l->span, cap, k + 2, sizeof(*l->span));
	l->span[k] = s;
	l->span[k + 1] = e;
	l->n++;
}

/*
 * JSON Lines: one record per line (blank lines skipped), each checked
 * whole; the first keep are kept in an array that stands for the document,
 * the others are read again one at a time (like a long list's items). An
 * error names the line.
 */
static int parse_lines(struct jrows *j, size_t keep, void (*passed)(void *ctx, size_t offset),
		       void *ctx, struct recur_error *err)
{
	const char *buf = j->doc;
	size_t len = j->doclen, pos = text_start(buf, len), cap = 0, s, e, from;
	struct recur_json *root = recur_json_new(RECUR_JSON_ARRAY), *v;
	const char *nl;
	long line = 0;

	j->root = root;
	while (pos < len) {
		nl = memchr(buf + pos, '\n', len - pos);
		from = s = pos;
		e = nl ? (size_t)(nl - buf) : len;
		pos = nl ? e + 1 : len;
		line++;
		while (s < e && is_space(buf[s]))
			s++;
		while (e > s && is_space(buf[e - 1]))
			e--;
		if (s == e)
			continue;
		if (recur_json_parse(buf + s, e - s, j->path, &v, err)) {
			char *end = strstr(err->msg, "end of input"), msg[sizeof(err->msg)];

			err->line = line;
			err->column += (long)(s - from);
			if (end) { /* the line ended, not the file */
				snprintf(msg, sizeof(msg), "%.*sthe end of the line%s",
					 (int)(end - err->msg), err->msg, end + 12);
				snprintf(err->msg, sizeof(err->msg), "%s", msg);
			}
			return -1;
		}
		if (v->type != RECUR_JSON_OBJECT) {
			const char *what = type_name(v);

			recur_json_free(v);
			return recur_error_at(err, j->path, line, (long)(s - from) + 1,
					      "the line holds a JSON %s, not an object: in JSON "
					      "Lines each line is one incident record", what);
		}
		if (root->n < keep) {
			recur_json_push(root, v);
		} else {
			recur_json_free(v);
			add_span(j, root, &cap, s, e);
		}
		if (passed)
			passed(ctx, pos);
	}
	return 0;
}

int jrows_parse(struct jrows *j, const char *buf, size_t len, const char *path, size_t keep,
		void (*passed)(void *ctx, size_t offset), void *ctx, struct recur_error *err)
{
	size_t p = text_start(buf, len);

	j->doc = buf;
	j->doclen = len;
	j->path = path;
	while (p < len && is_space(buf[p]))
		p++;
	if (p < len && buf[p] == '{' && (named_lines(path) || looks_like_lines(buf, len))) {
		if (parse_lines(j, keep ? keep : 1, passed, ctx, err))
			return -1;
	} else if (recur_json_parse_bounded(buf, len, path, keep, passed, ctx, &j->root, &j->longs,
					    &j->nlongs, err)) {
		return -1;
	}
	key_records(j);
	return 0;
}

int jrows_open(struct jrows *j, const char *path, const char *records, struct recur_error *err)
{
	const struct recur_json *rec;
	size_t i;

	j->path = path;
	if (records) {
		j->nrecs = imp_json_records(j->root, records, &j->recs, &j->single);
	} else {
		struct recur_json *arr = jrows_find(j->root);
		char why[160];

		if (!arr && keyed_problem(j->root, why, sizeof(why)))
			return recur_error_at(err, path, 0, 0, "%s: in a collection keyed by id "
					      "every value must be an incident object; remove the "
					      "member or export the collection again", why);
		if (!arr)
			return recur_error_at(err, path, 0, 0, "no list of incident records: give "
					      "a JSON array of objects, an object holding one "
					      "such array (like {\"incidents\": [...]}), objects "
					      "keyed by id, or JSON Lines (one object per line)");
		j->recs = arr->items;
		j->nrecs = arr->n;
	}
	j->keyed = j->recs && j->recs == j->root->items && j->root->type == RECUR_JSON_OBJECT;
	if (!j->keyed)
		unkey_records(j);
	if (j->recs && !j->single && (j->lazy = long_of(j, j->recs)))
		j->nrecs = j->lazy->n;
	for (i = 0; i < j->nrecs; i++) {
		if (!(rec = jrows_record(j, i, err)))
			return -1;
		if (rec->type != RECUR_JSON_OBJECT)
			return recur_error_at(err, path, 0, 0, "record %zu is not an object: each "
					      "incident must be a JSON object", i + 1);
		jeach(j, rec, jadd_name);
	}
	return 0;
}

void jrows_key_fallback(const struct jrows *j, struct imp_map *m)
{
	size_t c;
	int s;

	if (!j->keyed || !m->nsrc[F_EXT_ID] || m->nsrc[F_EXT_ID] >= IMP_MAX_SRC)
		return;
	for (c = 0; c < j->n && strcmp(j->names[c], "_key"); c++)
		;
	if (c == j->n)
		return;
	for (s = 0; s < m->nsrc[F_EXT_ID]; s++)
		if (m->src[F_EXT_ID][s].col == (int)c)
			return;
	m->src[F_EXT_ID][s].col = (int)c;
	m->src[F_EXT_ID][s].x = X_AUTO;
	m->nsrc[F_EXT_ID]++;
	m->used[c] = 1;
}

void jrows_set_paths(struct jrows *j, char **paths, size_t n)
{
	size_t all = j->n + n;

	j->paths = paths;
	j->npaths = n;
	free(j->vals);
	free(j->off);
	free(j->obj);
	j->vals = xcalloc(all ? all : 1, sizeof(*j->vals));
	j->off = xcalloc(all ? all : 1, sizeof(*j->off));
	j->obj = xcalloc(all ? all : 1, 1);
}

/* The current record (after jrows_next). */
static const struct recur_json *current(const struct jrows *j)
{
	return j->single ? j->single : j->cur;
}

const struct recur_json *jrows_current(const struct jrows *j)
{
	return current(j);
}

int jrows_next(struct jrows *j, struct recur_error *err)
{
	size_t i, all = j->n + j->npaths;

	if (j->idx >= j->nrecs)
		return 0;
	if (!(j->cur = jrows_record(j, j->idx, err)))
		return -1;
	j->idx++;
	recur_buf_reset(&j->text);
	memset(j->obj, 0, all);
	for (i = 0; i < all; i++) {
		j->vals[i].ptr = "";
		j->vals[i].len = 0;
	}
	jeach(j, current(j), jadd_value);
	for (i = 0; i < j->npaths; i++) {
		size_t c = j->n + i, start = j->text.len;

		if (!jpath_text(current(j), j->paths[i], &j->text))
			continue;
		j->off[c] = start;
		j->vals[c].len = j->text.len - start;
		j->vals[c].ptr = NULL;
	}
	for (i = 0; i < all; i++)
		if (!j->vals[i].ptr)
			j->vals[i].ptr = j->text.buf + j->off[i];
	return 1;
}

void jrows_release(struct jrows *j)
{
	size_t i;

	recur_json_free(j->root);
	recur_json_free(j->part);
	free(j->key_added);
	recur_json_longs_free(j->longs, j->nlongs);
	for (i = 0; i < j->n; i++)
		free(j->names[i]);
	free(j->names);
	free(j->vals);
	free(j->off);
	free(j->obj);
	recur_buf_release(&j->text);
	recur_buf_release(&j->name);
}

/* ---- profile events of the current record ---- */

struct ev_ctx {
	struct imp *im;
	const struct imp_pevent *e;
	long long incident;
	struct recur_buf at, val, actor;
	int failed;
	struct recur_error *err;
};

static void one_event(const struct recur_json *item, void *ctx)
{
	struct ev_ctx *c = ctx;
	long long t;

	if (c->failed)
		return;
	recur_buf_reset(&c->at);
	recur_buf_reset(&c->val);
	recur_buf_reset(&c->actor);
	if (!jpath_text(item, c->e->at, &c->at) || imp_parse_time(&c->im->cv, -1, c->at.buf, c->at.len, &t))
		return;
	if (c->e->value)
		jpath_text(item, c->e->value, &c->val);
	if (c->e->actor)
		jpath_text(item, c->e->actor, &c->actor);
	if (imp_add_event(&c->im->wr, c->incident, t, c->e->kind, NULL, 0, c->val.len ? c->val.buf : NULL,
			  c->val.len, c->actor.len ? c->actor.buf : NULL, c->actor.len, c->err))
		c->failed = 1;
}

int imp_json_events(struct imp *im, long long incident, struct recur_error *err)
{
	const struct imp_profile *p = im->cv.map.prof;
	struct ev_ctx c;
	size_t i;

	if (!p || !im->rd.json || !p->nev)
		return 0;
	memset(&c, 0, sizeof(c));
	c.im = im;
	c.incident = incident;
	c.err = err;
	recur_buf_init(&c.at, 0);
	recur_buf_init(&c.val, 0);
	recur_buf_init(&c.actor, 0);
	for (i = 0; i < p->nev && !c.failed; i++) {
		char path[160];

		c.e = &p->ev[i];
		/* every item of the list: "list" reads as "list[]" */
		snprintf(path, sizeof(path), "%s%s", p->ev[i].list, strchr(p->ev[i].list, '[') ? "" : "[]");
		walk(current(&im->rd.j), path, 0, one_event, &c);
	}
	recur_buf_release(&c.at);
	recur_buf_release(&c.val);
	recur_buf_release(&c.actor);
	return c.failed ? -1 : 0;
}
