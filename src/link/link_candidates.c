/*
 * link_candidates.c — near-duplicate signatures, for a human to confirm.
 *
 * The miner keeps apart templates whose fixed words differ ("Disk full on
 * <HOST>" and "Disk nearly full on <HOST>"), and a group below
 * --min-incidents makes no problem at all. This file finds the pairs and
 * groups of templates of one service that are close, so a problem manager
 * can merge them with a rule:
 *
 *   one word   templates of the same length (3 tokens or more) that differ
 *              in exactly one position, where both hold a fixed word: every
 *              template of such a family is one candidate group;
 *   similar    templates whose sets of fixed words (case-blind, two or
 *              more) have a Jaccard similarity of at least 0.6 (1 when only
 *              the order or the case differs), found with prefix filtering
 *              (AllPairs): each template is paired with its closest such
 *              template only (a human reads this; on titles made of
 *              interchangeable phrases all pairs would be millions), unless
 *              a one-word family already holds both.
 *
 * The texts are the titles of the incidents that no rule, no export and
 * no similarity group (link_similar.c, which already joins near-duplicate
 * wording) linked, mined again exactly as `recur link` mines them (titles too
 * generic to mine, with fewer than two words, are left out). Each
 * candidate comes with counts, an example title per template (the
 * incident with the smallest id), the problem ids where a template is a
 * problem, and a rule block in the rules-file format whose patterns match
 * the templates' titles. Nothing is written to the database.
 *
 * Titles of exports written by people (sources.title_kind = 'people', as
 * link found) are not mined here: their templates are coincidences
 * ("<HOST> - Blank page" over different web sites). Their unlinked titles
 * are grouped by wording as link groups them (link_similar.c), at a lower
 * threshold: each group is a candidate of kind "similar wording".
 */
#include "link_internal.h"
#include "recur/db.h"
#include "recur/link.h"
#include "recur/mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_JACCARD 0.6
/* Below link's own LINK_SIMILAR_THRESHOLD: the near misses a person confirms. */
#define CANDIDATE_SIMILAR 0.4
#define MIN_TOKENS 3      /* one-word families: templates of at least this many tokens */

/* A template of the batch, as candidates see it. */
struct tmpl {
	size_t group;         /* the miner's group */
	const char *text;     /* borrowed from the miner */
	char *part;           /* lower-cased service ("" for none) */
	long count;
	long long example;    /* incident id of the example */
	char **tok;           /* template split at blanks, lower-cased */
	size_t ntok;
	size_t *set;          /* ids of the distinct fixed words, rarest first */
	size_t nset;
	size_t *fam;          /* the one-word families it belongs to */
	size_t nfam;
	size_t best;          /* its most similar template (similar words), or NONE */
	double best_sim;
};

#define NONE ((size_t)-1)

struct cands {
	struct tmpl *t;
	size_t n;
	struct link_map words;    /* fixed word → id */
	size_t *df;               /* id → templates holding it */
	struct recur_json *out;
};

static int is_placeholder_token(const char *s)
{
	return strchr(s, '<') && strchr(s, '>');
}

static char **split_lower(const char *s, size_t *n)
{
	char **tok = NULL;
	size_t cap = 0;

	*n = 0;
	while (*s) {
		size_t len = strcspn(s, " "), i;

		if (len) {
			xgrow((void **)&tok, &cap, *n + 1, sizeof(*tok));
			tok[*n] = xstrndup(s, len);
			for (i = 0; i < len; i++)
				if (tok[*n][i] >= 'A' && tok[*n][i] <= 'Z')
					tok[*n][i] = (char)(tok[*n][i] + 32);
			(*n)++;
		}
		s += len;
		s += *s == ' ';
	}
	return tok;
}

/* ---- reading and mining ---- */

static const char scan_sql[] =
	"SELECT i.id, i.title, i.service FROM incidents i WHERE NOT EXISTS ("
	"SELECT 1 FROM problem_links l WHERE l.incident_id = i.id "
	"AND l.method IN ('rule', 'source', 'similar')) "
	"AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = i.source_id "
	"AND s.title_kind = 'people') "
	"ORDER BY i.id";

static int mine(sqlite3 *db, struct link_miner *m, long long **ids, size_t **text_of, size_t *n,
		struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*text_of = NULL;
	*n = 0;
	if (recur_db_prepare(db, scan_sql, &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t t = link_miner_add(m, (const char *)sqlite3_column_text(st, 2),
					  (const char *)sqlite3_column_text(st, 1));

		if (t == LINK_NO_MATCH)
			continue;
		if (*n + 1 > cap) {
			size_t c = cap;

			xgrow((void **)ids, &c, *n + 1, sizeof(**ids));
			*text_of = xrealloc(*text_of, c * sizeof(**text_of));
			cap = c;
		}
		(*ids)[*n] = sqlite3_column_int64(st, 0);
		(*text_of)[(*n)++] = t;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read incidents: %s", sqlite3_errmsg(db));
	link_miner_finish(m);
	return 0;
}

static size_t *sort_df;

static int by_rarity(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (sort_df[x] != sort_df[y])
		return sort_df[x] < sort_df[y] ? -1 : 1;
	return (x > y) - (x < y);
}

/* The distinct fixed words of each template, rarest first. */
static void make_sets(struct cands *c)
{
	size_t i, j, k, nw = 0, cap = 0;

	for (i = 0; i < c->n; i++) {
		struct tmpl *t = &c->t[i];

		t->set = xmalloc((t->ntok ? t->ntok : 1) * sizeof(*t->set));
		for (j = 0; j < t->ntok; j++) {
			size_t w;

			if (is_placeholder_token(t->tok[j]))
				continue;
			w = link_map_put(&c->words, t->tok[j], nw);
			if (w == nw) {
				xgrow((void **)&c->df, &cap, ++nw, sizeof(*c->df));
				c->df[w] = 0;
			}
			for (k = 0; k < t->nset && t->set[k] != w; k++)
				;
			if (k == t->nset) {
				t->set[t->nset++] = w;
				c->df[w]++;
			}
		}
	}
	sort_df = c->df;
	for (i = 0; i < c->n; i++)
		qsort(c->t[i].set, c->t[i].nset, sizeof(size_t), by_rarity);
}

static int by_part_text(const void *a, const void *b)
{
	const struct tmpl *x = a, *y = b;
	int r = strcmp(x->part, y->part);

	return r ? r : strcmp(x->text, y->text);
}

static void collect(struct cands *c, const struct link_miner *m, const long long *ids,
		    const size_t *text_of, size_t n)
{
	size_t ng = link_miner_groups(m), g, i, k;
	long *count = xcalloc(ng ? ng : 1, sizeof(*count));
	long long *example = xmalloc((ng ? ng : 1) * sizeof(*example));

	for (i = 0; i < n; i++) {
		g = link_miner_group(m, text_of[i]);
		if (!count[g]++)
			example[g] = ids[i]; /* ids ascend: the smallest */
	}
	c->t = xcalloc(ng ? ng : 1, sizeof(*c->t));
	for (g = 0, c->n = 0; g < ng; g++) {
		struct tmpl *t = &c->t[c->n];
		const char *svc = link_miner_service(m, g);

		if (!count[g] || link_miner_words(m, g) < 2)
			continue;
		t->group = g;
		t->text = link_miner_template(m, g);
		t->part = xstrdup(svc ? svc : "");
		for (k = 0; t->part[k]; k++)
			if (t->part[k] >= 'A' && t->part[k] <= 'Z')
				t->part[k] = (char)(t->part[k] + 32);
		t->count = count[g];
		t->example = example[g];
		t->tok = split_lower(t->text, &t->ntok);
		c->n++;
	}
	/* by value, so the output never depends on the order of the rows */
	qsort(c->t, c->n, sizeof(*c->t), by_part_text);
	free(count);
	free(example);
}

/* ---- finding candidates ---- */

enum { K_ONE_WORD, K_SIMILAR };

struct cand {
	size_t *mem;          /* template indices, ascending */
	size_t nmem;
	int kind;
	double sim;
	long total;
	int dropped;          /* a larger family holds all its members */
};

struct found {
	struct cand *c;
	size_t n, cap;
	struct link_map sets; /* member lists seen, so each is reported once */
};

/* Adds a candidate (taking mem) unless one with the same members is known;
 * returns the index of the one with those members. */
static size_t add_cand(struct cands *c, struct found *f, size_t *mem, size_t nmem, int kind,
		       double sim)
{
	struct recur_buf key = RECUR_BUF_INIT;
	struct cand *x;
	size_t i, k;

	for (i = 0; i < nmem; i++)
		recur_buf_addf(&key, "%zu ", mem[i]);
	if ((k = link_map_put(&f->sets, key.buf, f->n)) != f->n) {
		recur_buf_release(&key);
		free(mem);
		return k;
	}
	recur_buf_release(&key);
	xgrow((void **)&f->c, &f->cap, f->n + 1, sizeof(*f->c));
	x = &f->c[f->n++];
	x->mem = mem;
	x->nmem = nmem;
	x->kind = kind;
	x->dropped = 0;
	x->sim = sim;
	x->total = 0;
	for (i = 0; i < nmem; i++)
		x->total += c->t[mem[i]].count;
	return f->n - 1;
}

static int by_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/* The buckets of one_word: key → member list. */
struct buckets {
	struct link_map keys;
	size_t **mem, *nmem, n, cap;
};

static void bucket_add(struct buckets *b, const char *key, size_t t)
{
	size_t k = link_map_put(&b->keys, key, b->n);

	if (k == b->n) {
		size_t c0 = b->cap;

		xgrow((void **)&b->mem, &b->cap, ++b->n, sizeof(*b->mem));
		if (b->cap != c0)
			b->nmem = xrealloc(b->nmem, b->cap * sizeof(*b->nmem));
		b->mem[k] = NULL;
		b->nmem[k] = 0;
	}
	if (b->nmem[k] && b->mem[k][b->nmem[k] - 1] == t)
		return; /* "a a b": both deletions give one key */
	b->mem[k] = xrealloc(b->mem[k], (b->nmem[k] + 1) * sizeof(**b->mem));
	b->mem[k][b->nmem[k]++] = t;
}

/* The key of template t with position p replaced (subst) or dropped (p ==
 * NONE: the whole template, to meet the ones with one word more). */
static void word_key(const struct tmpl *t, size_t p, int subst, struct recur_buf *key)
{
	size_t q;

	recur_buf_reset(key);
	if (subst)
		recur_buf_addf(key, "s\x02%s\x02%zu", t->part, p);
	else
		recur_buf_addf(key, "i\x02%s", t->part);
	for (q = 0; q < t->ntok; q++)
		if (q != p || subst)
			recur_buf_addf(key, "\x03%s", q == p ? "\x01" : t->tok[q]);
}

/*
 * Families of templates one fixed word apart (see the top): the same
 * tokens but one, as "s" buckets keyed by the position replaced; or one
 * word more, as "i" buckets: a template with a word dropped meets the
 * template without it.
 */
static void one_word(struct cands *c, struct found *f)
{
	struct buckets bk;
	struct recur_buf key = RECUR_BUF_INIT;
	size_t **mem, *nmem, nb, i, p;

	memset(&bk, 0, sizeof(bk));
	link_map_init(&bk.keys);
	for (i = 0; i < c->n; i++) {
		const struct tmpl *t = &c->t[i];

		if (t->ntok + 1 < MIN_TOKENS)
			continue;
		word_key(t, NONE, 0, &key);
		bucket_add(&bk, key.buf, i);
		if (t->ntok < MIN_TOKENS)
			continue;
		for (p = 0; p < t->ntok; p++) {
			if (is_placeholder_token(t->tok[p]))
				continue;
			word_key(t, p, 1, &key);
			bucket_add(&bk, key.buf, i);
			word_key(t, p, 0, &key);
			bucket_add(&bk, key.buf, i);
		}
	}
	mem = bk.mem;
	nmem = bk.nmem;
	nb = bk.n;
	for (i = 0; i < nb; i++) {
		size_t k, a, longest;

		if (nmem[i] < 2) {
			free(mem[i]);
			continue;
		}
		for (a = 0, longest = 0; a < nmem[i]; a++)
			if (c->t[mem[i][a]].ntok > longest)
				longest = c->t[mem[i][a]].ntok;
		qsort(mem[i], nmem[i], sizeof(**mem), by_index);
		k = add_cand(c, f, mem[i], nmem[i], K_ONE_WORD, 1.0 - 1.0 / (double)longest);
		for (a = 0; a < f->c[k].nmem; a++) {
			struct tmpl *t = &c->t[f->c[k].mem[a]];

			if (t->nfam && t->fam[t->nfam - 1] == k)
				continue;
			t->fam = xrealloc(t->fam, (t->nfam + 1) * sizeof(*t->fam));
			t->fam[t->nfam++] = k;
		}
	}
	free(mem);
	free(nmem);
	recur_buf_release(&key);
	link_map_release(&bk.keys);
}

/* Whether sorted a[0..na) is within sorted b[0..nb). */
static int subset(const size_t *a, size_t na, const size_t *b, size_t nb)
{
	size_t i = 0, j = 0;

	while (i < na && j < nb) {
		if (a[i] == b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			return 0;
	}
	return i == na;
}

/* Drops the families inside a larger one ("almost"/"nearly" within
 * "almost"/""/"nearly" full). */
static void drop_subsets(struct cands *c, struct found *f)
{
	size_t k, j;

	for (k = 0; k < f->n; k++) {
		const struct cand *x = &f->c[k];
		const struct tmpl *t = &c->t[x->mem[0]];

		for (j = 0; j < t->nfam; j++) {
			const struct cand *y = &f->c[t->fam[j]];

			if (y->nmem > x->nmem && subset(x->mem, x->nmem, y->mem, y->nmem)) {
				f->c[k].dropped = 1;
				break;
			}
		}
	}
}

/* Whether x and y are in one one-word family already. */
static int same_family(const struct tmpl *x, const struct tmpl *y)
{
	size_t i, j;

	for (i = 0; i < x->nfam; i++)
		for (j = 0; j < y->nfam; j++)
			if (x->fam[i] == y->fam[j])
				return 1;
	return 0;
}

/* Keeps y as x's closest template if it is (ties: the first by value). */
static void offer(struct tmpl *tx, size_t y, double sim)
{
	if (tx->best == NONE || sim > tx->best_sim || (sim == tx->best_sim && y < tx->best)) {
		tx->best = y;
		tx->best_sim = sim;
	}
}

/* Whether word a comes before word b in the rarity order. */
static int rarer(const struct cands *c, size_t a, size_t b)
{
	return c->df[a] != c->df[b] ? c->df[a] < c->df[b] : a < b;
}

static double jaccard(const struct cands *c, const struct tmpl *x, const struct tmpl *y)
{
	size_t i = 0, j = 0, both = 0;

	while (i < x->nset && j < y->nset) {
		if (x->set[i] == y->set[j]) {
			both++;
			i++;
			j++;
		} else if (rarer(c, x->set[i], y->set[j])) {
			i++;
		} else {
			j++;
		}
	}
	return (double)both / (double)(x->nset + y->nset - both);
}

/* Closest templates of one part [lo, hi), Jaccard >= MIN_JACCARD (AllPairs:
 * two such sets share a word within the first |s| - ceil(t|s|) + 1 words of
 * each). Every template keeps only its closest: a human reads the output. */
static void similar_part(struct cands *c, size_t lo, size_t hi, size_t **index, size_t *nindex,
			 size_t *mark)
{
	size_t x, k, j, *touched = NULL, ntouched = 0, tcap = 0;

	for (x = lo; x < hi; x++) {
		struct tmpl *tx = &c->t[x];
		size_t prefix;

		if (tx->nset < 2)
			continue;
		prefix = tx->nset - (size_t)ceil(MIN_JACCARD * (double)tx->nset - 1e-9) + 1;
		for (k = 0; k < prefix; k++) {
			size_t w = tx->set[k];

			for (j = 0; j < nindex[w]; j++) {
				size_t y = index[w][j];
				struct tmpl *ty = &c->t[y];
				double sim;

				if (mark[y] == x + 1)
					continue;
				mark[y] = x + 1;
				if ((double)ty->nset < MIN_JACCARD * (double)tx->nset - 1e-9 ||
				    (double)tx->nset < MIN_JACCARD * (double)ty->nset - 1e-9)
					continue;
				if ((sim = jaccard(c, tx, ty)) < MIN_JACCARD - 1e-9 || same_family(tx, ty))
					continue;
				offer(tx, y, sim);
				offer(ty, x, sim);
			}
		}
		for (k = 0; k < prefix; k++) {
			size_t w = tx->set[k];

			if (!nindex[w]) {
				xgrow((void **)&touched, &tcap, ntouched + 1, sizeof(*touched));
				touched[ntouched++] = w;
			}
			index[w] = xrealloc(index[w], (nindex[w] + 1) * sizeof(**index));
			index[w][nindex[w]++] = x;
		}
	}
	for (k = 0; k < ntouched; k++) {
		free(index[touched[k]]);
		index[touched[k]] = NULL;
		nindex[touched[k]] = 0;
	}
	free(touched);
}

static void similar(struct cands *c, struct found *f)
{
	size_t nw = c->words.len, lo, hi, x;
	size_t **index = xcalloc(nw ? nw : 1, sizeof(*index));
	size_t *nindex = xcalloc(nw ? nw : 1, sizeof(*nindex));
	size_t *mark = xcalloc(c->n ? c->n : 1, sizeof(*mark));

	for (x = 0; x < c->n; x++)
		c->t[x].best = NONE;
	for (lo = 0; lo < c->n; lo = hi) {
		for (hi = lo + 1; hi < c->n && !strcmp(c->t[hi].part, c->t[lo].part); hi++)
			;
		similar_part(c, lo, hi, index, nindex, mark);
	}
	for (x = 0; x < c->n; x++) {
		size_t y = c->t[x].best, *mem;

		if (y == NONE)
			continue;
		mem = xmalloc(2 * sizeof(*mem));
		mem[0] = x < y ? x : y;
		mem[1] = x < y ? y : x;
		add_cand(c, f, mem, 2, K_SIMILAR, c->t[x].best_sim);
	}
	free(index);
	free(nindex);
	free(mark);
}

static const struct cands *sort_c;

/* Most incidents first, then closest, then by the first template. */
static int by_weight(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	if (x->mem[0] != y->mem[0])
		return x->mem[0] < y->mem[0] ? -1 : 1;
	return (x->mem[1] > y->mem[1]) - (x->mem[1] < y->mem[1]);
}

/* ---- output ---- */

/* A PCRE2 pattern for the titles of a template: literal text escaped,
 * blanks as \s+, placeholders as .*? (they may be empty: "()" for <*>). */
static void template_pattern(const char *t, struct recur_buf *out)
{
	recur_buf_adds(out, "^\\s*");
	while (*t) {
		if (*t == '<') {
			const char *e = t + 1;

			while (*e >= 'A' && *e <= 'Z')
				e++;
			if ((*e == '>' && e > t + 1) || !strncmp(t, "<*>", 3)) {
				recur_buf_adds(out, ".*?");
				t = *e == '>' ? e + 1 : t + 3;
				continue;
			}
		}
		if (*t == ' ') {
			recur_buf_adds(out, "\\s+");
			while (*t == ' ')
				t++;
			continue;
		}
		if (strchr("\\^$.|?*+()[]{}", *t))
			recur_buf_addch(out, '\\');
		recur_buf_addch(out, *t++);
	}
	recur_buf_adds(out, "\\s*$");
}

/* The suggested rule: named after its templates, so the same candidate has
 * the same name on every run. */
static void make_rule(const struct cands *c, const struct cand *x, const char *service,
		      struct recur_buf *out)
{
	struct recur_buf keys = RECUR_BUF_INIT;
	size_t i, big = x->mem[0];
	char id[16];

	for (i = 0; i < x->nmem; i++) {
		recur_buf_addf(&keys, "%s\n", c->t[x->mem[i]].text);
		if (c->t[x->mem[i]].count > c->t[big].count)
			big = x->mem[i];
	}
	recur_link_problem_id(keys.buf, id);
	recur_buf_addf(out, "[rule candidate-%s]\n", id + 4);
	recur_buf_addf(out, "title = %s\n", c->t[big].text);
	if (service)
		recur_buf_addf(out, "service = %s\n", service);
	for (i = 0; i < x->nmem; i++) {
		recur_buf_adds(out, "pattern = ");
		template_pattern(c->t[x->mem[i]].text, out);
		recur_buf_addch(out, '\n');
	}
	recur_buf_release(&keys);
}

/* The statements output needs: a problem id by key, a title by incident. */
struct lookup {
	sqlite3_stmt *problem, *title, *service;
};

static struct recur_json *text_or_null(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return s ? recur_json_new_string(s) : recur_json_new(RECUR_JSON_NULL);
}

static struct recur_json *member_json(const struct cands *c, size_t i, struct lookup *l,
				      struct recur_buf *key)
{
	const struct tmpl *t = &c->t[i];
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);

	recur_buf_reset(key);
	recur_buf_addf(key, "sig:%s:%s", t->part, t->text);
	sqlite3_bind_text(l->problem, 1, key->buf, -1, SQLITE_STATIC);
	recur_json_set(o, "problem", sqlite3_step(l->problem) == SQLITE_ROW
				     ? text_or_null(l->problem, 0) : recur_json_new(RECUR_JSON_NULL));
	sqlite3_reset(l->problem);
	recur_json_set_number(o, "incidents", (double)t->count);
	recur_json_set_string(o, "template", t->text);
	sqlite3_bind_int64(l->title, 1, t->example);
	recur_json_set(o, "example", sqlite3_step(l->title) == SQLITE_ROW
				     ? text_or_null(l->title, 0) : recur_json_new(RECUR_JSON_NULL));
	sqlite3_reset(l->title);
	return o;
}

static struct recur_json *cand_json(const struct cands *c, const struct cand *x, size_t no,
				    struct lookup *l)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT), *mem;
	struct recur_buf b = RECUR_BUF_INIT;
	const char *service = NULL;
	size_t i;

	/* the service as spelled in the data: the example's */
	sqlite3_bind_int64(l->service, 1, c->t[x->mem[0]].example);
	if (sqlite3_step(l->service) == SQLITE_ROW && sqlite3_column_text(l->service, 0))
		service = (const char *)sqlite3_column_text(l->service, 0);
	recur_json_set_number(o, "candidate", (double)no);
	recur_json_set_string(o, "kind", x->kind == K_ONE_WORD ? "one word differs" : "similar words");
	recur_json_set_number(o, "similarity", floor(x->sim * 100 + 0.5) / 100);
	recur_json_set(o, "service", service ? recur_json_new_string(service)
					     : recur_json_new(RECUR_JSON_NULL));
	recur_json_set_number(o, "incidents", (double)x->total);
	make_rule(c, x, service, &b);
	sqlite3_reset(l->service);
	mem = recur_json_new(RECUR_JSON_ARRAY);
	for (i = 0; i < x->nmem; i++) {
		struct recur_buf key = RECUR_BUF_INIT;

		recur_json_push(mem, member_json(c, x->mem[i], l, &key));
		recur_buf_release(&key);
	}
	recur_json_set(o, "templates", mem);
	recur_json_set_string(o, "rule", b.buf);
	recur_buf_release(&b);
	return o;
}

static int emit(sqlite3 *db, struct cands *c, struct found *f, size_t limit,
		struct recur_error *err)
{
	struct lookup l = { NULL, NULL, NULL };
	size_t i, n;
	int rc = -1;

	if (recur_db_prepare(db, "SELECT id FROM problems WHERE key = ?1", &l.problem, err) ||
	    recur_db_prepare(db, "SELECT title FROM incidents WHERE id = ?1", &l.title, err) ||
	    recur_db_prepare(db, "SELECT service FROM incidents WHERE id = ?1", &l.service, err))
		goto out;
	sort_c = c;
	if (f->n)
		qsort(f->c, f->n, sizeof(*f->c), by_weight);
	for (i = 0, n = 0; i < f->n && (!limit || n < limit); i++)
		if (!f->c[i].dropped)
			recur_json_push(c->out, cand_json(c, &f->c[i], ++n, &l));
	rc = 0;
out:
	sqlite3_finalize(l.problem);
	sqlite3_finalize(l.title);
	sqlite3_finalize(l.service);
	return rc;
}

static void release(struct cands *c, struct found *f)
{
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		for (j = 0; j < c->t[i].ntok; j++)
			free(c->t[i].tok[j]);
		free(c->t[i].tok);
		free(c->t[i].set);
		free(c->t[i].fam);
		free(c->t[i].part);
	}
	free(c->t);
	free(c->df);
	link_map_release(&c->words);
	for (i = 0; i < f->n; i++)
		free(f->c[i].mem);
	free(f->c);
	link_map_release(&f->sets);
}

/* ---- titles written by people: near-miss wording groups ---- */

static const char people_sql[] =
	"SELECT i.title, i.service FROM incidents i JOIN sources s ON s.id = i.source_id "
	"WHERE s.title_kind = 'people' AND i.title <> '' AND NOT EXISTS ("
	"SELECT 1 FROM problem_links l WHERE l.incident_id = i.id) ORDER BY i.id";

/* One wording group as a candidate: each distinct title a "template" with its
 * count, and a rule whose patterns match those titles. */
static struct recur_json *wording_json(const struct link_similar *ls, const size_t *docs, size_t n,
				       const char *service)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);
	struct recur_json *mem = recur_json_new(RECUR_JSON_ARRAY);
	struct recur_buf rule = RECUR_BUF_INIT, keys = RECUR_BUF_INIT;
	double sum = 0;
	size_t i, j, big = 0, *count = xcalloc(n, sizeof(*count));
	char id[16];

	for (i = 0; i < n; i++) {
		sum += link_similar_score(ls, docs[i]);
		for (j = 0; j < i && strcmp(link_similar_text(ls, docs[j]),
					     link_similar_text(ls, docs[i])); j++)
			;
		count[j]++; /* counted on its first occurrence */
	}
	for (i = 0; i < n; i++) {
		struct recur_json *t;

		if (!count[i])
			continue;
		if (count[i] > count[big])
			big = i;
		recur_buf_addf(&keys, "%s\n", link_similar_text(ls, docs[i]));
		t = recur_json_new(RECUR_JSON_OBJECT);
		recur_json_set(t, "problem", recur_json_new(RECUR_JSON_NULL));
		recur_json_set_number(t, "incidents", (double)count[i]);
		recur_json_set_string(t, "template", link_similar_text(ls, docs[i]));
		recur_json_set_string(t, "example", link_similar_text(ls, docs[i]));
		recur_json_push(mem, t);
	}
	recur_link_problem_id(keys.buf, id);
	recur_buf_addf(&rule, "[rule candidate-%s]\ntitle = %s\n", id + 4,
		       link_similar_text(ls, docs[big]));
	if (service)
		recur_buf_addf(&rule, "service = %s\n", service);
	for (i = 0; i < n; i++) {
		if (!count[i])
			continue;
		recur_buf_adds(&rule, "pattern = ");
		template_pattern(link_similar_text(ls, docs[i]), &rule);
		recur_buf_addch(&rule, '\n');
	}
	recur_json_set_number(o, "candidate", 0); /* numbered in merge_lists */
	recur_json_set_string(o, "kind", "similar wording");
	recur_json_set_number(o, "similarity", floor(sum / (double)n * 100 + 0.5) / 100);
	recur_json_set(o, "service", service ? recur_json_new_string(service)
					     : recur_json_new(RECUR_JSON_NULL));
	recur_json_set_number(o, "incidents", (double)n);
	recur_json_set(o, "templates", mem);
	recur_json_set_string(o, "rule", rule.buf);
	recur_buf_release(&rule);
	recur_buf_release(&keys);
	free(count);
	return o;
}

/* Appends to out the wording groups of the unlinked titles written by people. */
static int wording_candidates(sqlite3 *db, struct recur_json *out, struct recur_error *err)
{
	struct link_similar *ls = link_similar_new();
	char **service = NULL;
	size_t n = 0, cap = 0, g, i, k, *docs = NULL;
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, people_sql, &st, err)) {
		link_similar_free(ls);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *svc = (const char *)sqlite3_column_text(st, 1);

		xgrow((void **)&service, &cap, n + 1, sizeof(*service));
		service[n++] = svc ? xstrdup(svc) : NULL;
		link_similar_add(ls, svc, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		link_similar_finish(ls, CANDIDATE_SIMILAR);
		docs = xmalloc((n ? n : 1) * sizeof(*docs));
		for (g = 0; g < link_similar_groups(ls); g++) {
			for (i = 0, k = 0; i < n; i++)
				if (link_similar_group(ls, i) == g)
					docs[k++] = i;
			recur_json_push(out, wording_json(ls, docs, k, service[docs[0]]));
		}
	}
	for (i = 0; i < n; i++)
		free(service[i]);
	free(service);
	free(docs);
	link_similar_free(ls);
	return rc == SQLITE_DONE ? 0 : recur_error_set(err, "cannot read titles: %s",
							 sqlite3_errmsg(db));
}

static const struct recur_json *sort_items;

/* Most incidents first; ties keep their order (templates first). */
static int by_incidents(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	double nx = recur_json_get(sort_items->items[x], "incidents")->num;
	double ny = recur_json_get(sort_items->items[y], "incidents")->num;

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Both kinds in one list, most incidents first, numbered, at most limit. */
static struct recur_json *merge_lists(struct recur_json *all, size_t limit)
{
	struct recur_json *out = recur_json_new(RECUR_JSON_ARRAY);
	size_t *order = xmalloc((all->n ? all->n : 1) * sizeof(*order)), i;

	for (i = 0; i < all->n; i++)
		order[i] = i;
	sort_items = all;
	if (all->n)
		qsort(order, all->n, sizeof(*order), by_incidents);
	for (i = 0; i < all->n && (!limit || i < limit); i++) {
		struct recur_json *c = recur_json_clone(all->items[order[i]]);

		recur_json_set_number(c, "candidate", (double)(i + 1));
		recur_json_push(out, c);
	}
	free(order);
	recur_json_free(all);
	return out;
}

int recur_link_candidates(sqlite3 *db, size_t limit, struct recur_json **out,
			  struct recur_error *err)
{
	struct link_miner *m = link_miner_new();
	struct cands c;
	struct found f;
	long long *ids = NULL;
	size_t *text_of = NULL, n;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	memset(&f, 0, sizeof(f));
	link_map_init(&c.words);
	link_map_init(&f.sets);
	c.out = recur_json_new(RECUR_JSON_ARRAY);
	if (mine(db, m, &ids, &text_of, &n, err))
		goto out;
	collect(&c, m, ids, text_of, n);
	make_sets(&c);
	one_word(&c, &f);
	drop_subsets(&c, &f);
	similar(&c, &f);
	if (emit(db, &c, &f, limit, err) || wording_candidates(db, c.out, err))
		goto out;
	*out = merge_lists(c.out, limit);
	c.out = NULL;
	rc = 0;
out:
	recur_json_free(c.out);
	release(&c, &f);
	free(ids);
	free(text_of);
	link_miner_free(m);
	return rc;
}
