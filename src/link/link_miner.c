/*
 * link_miner.c — template mining: texts → groups with a template each.
 *
 * One batch pass over masked, tokenised texts, after Brain (Yu et al., IEEE
 * TSC 2023), with one setting for every kind of text:
 *
 *   1. Each text is masked (link_mask.c) and split into tokens: at blanks,
 *      and around = , : ( ) [ ] { } ; | and leading or trailing quotes, which
 *      become tokens of their own. A token that mixes a placeholder with
 *      other text (blk_<NUM>) becomes <*>; runs of one placeholder
 *      ("<IP> <IP>", "<IP>, <IP>") become one.
 *   2. Every (service, token count, position, token) is counted over the
 *      whole batch. The words of one template share one count, so for each
 *      text the count shared by most of its plain words (no digits, not a
 *      placeholder; ties: the smaller count) marks its root words: those
 *      with at least that count. Texts with the same service, token count
 *      and root words form a group.
 *   3. In each group a position outside the root is a variable when its
 *      values differ and there are many of them (6 or more), or one holds a
 *      digit or a placeholder, or it is the value of "key=value" or
 *      "key: value"; otherwise its few values are constants that tell
 *      templates apart, and the group splits on them.
 *   4. Texts whose fixed words (no placeholder, no variable) are the same
 *      sequence share a template, whatever the number of variables between
 *      them: "connection from <IP> () at <DATE>" and "connection from <IP>
 *      (host.example.org) at <DATE>" are one. Each gap between fixed words
 *      shows its placeholders when all texts agree there, else <*>.
 *
 * The result depends only on the set of texts, never on their order. Texts
 * of different services never share a group. This file knows nothing of
 * the database or of thresholds (link.c decides which groups become
 * problems); `recur signatures` prints its groups directly.
 */
#include "link_internal.h"
#include "recur/link.h"
#include "recur/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 65535u   /* tokens kept per text; the rest is dropped */
#define MANY_VALUES 6       /* distinct values that make a position variable */

enum { F_PH = 1, F_DIG = 2, F_KV = 4, F_TYPED = 8, F_ALPHA = 16 };

/* ---- a map from byte strings to indices ---- */

struct bslot {
	uint64_t hash;
	size_t off;     /* key bytes in keys */
	uint32_t len;
	uint32_t val;   /* UINT32_MAX: empty */
};

struct bmap {
	struct bslot *slots;
	size_t cap, n;
	struct recur_buf keys;
};

/* A fast 64-bit hash of n bytes, 8 at a time (keys are tokens and short
 * arrays of numbers; it is never stored, so it may change). */
static uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xC2B2AE3D27D4EB4FULL), w;

	for (; n >= 8; n -= 8, s += 8) {
		memcpy(&w, s, 8);
		h = (h ^ (w * 0xC2B2AE3D27D4EB4FULL)) * 0x9E3779B97F4A7C15ULL;
		h ^= h >> 29;
	}
	if (n) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ (w * 0xC2B2AE3D27D4EB4FULL)) * 0x9E3779B97F4A7C15ULL;
	}
	h ^= h >> 32;
	h *= 0xD6E8FEB86659FD93ULL;
	return h ^ (h >> 32);
}

static void bmap_init(struct bmap *m)
{
	m->cap = 1024;
	m->n = 0;
	m->slots = xmalloc(m->cap * sizeof(*m->slots));
	memset(m->slots, 0xff, m->cap * sizeof(*m->slots));
	recur_buf_init(&m->keys, 0);
}

static void bmap_release(struct bmap *m)
{
	free(m->slots);
	recur_buf_release(&m->keys);
}

static void bmap_grow(struct bmap *m)
{
	struct bslot *old = m->slots;
	size_t i, oldcap = m->cap;

	m->cap *= 2;
	m->slots = xmalloc(m->cap * sizeof(*m->slots));
	memset(m->slots, 0xff, m->cap * sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		size_t j;

		if (old[i].val == UINT32_MAX)
			continue;
		for (j = old[i].hash & (m->cap - 1); m->slots[j].val != UINT32_MAX;
		     j = (j + 1) & (m->cap - 1))
			;
		m->slots[j] = old[i];
	}
	free(old);
}

/* The value of key, stored as val when new (*added set); *off gets where the
 * key's bytes are kept (m->keys.buf + off, valid until the next put). */
static uint32_t bmap_put(struct bmap *m, const void *key, size_t len, uint32_t val, int *added,
			 size_t *off)
{
	uint64_t h = hash_bytes(key, len);
	size_t j;

	if ((m->n + 1) * 2 > m->cap)
		bmap_grow(m);
	for (j = h & (m->cap - 1); m->slots[j].val != UINT32_MAX; j = (j + 1) & (m->cap - 1)) {
		struct bslot *s = &m->slots[j];

		if (s->hash == h && s->len == len && !memcmp(m->keys.buf + s->off, key, len)) {
			*added = 0;
			*off = s->off;
			return s->val;
		}
	}
	m->slots[j].hash = h;
	m->slots[j].off = m->keys.len;
	m->slots[j].len = (uint32_t)len;
	m->slots[j].val = val;
	recur_buf_add(&m->keys, key, len);
	recur_buf_addch(&m->keys, '\0');
	m->n++;
	*added = 1;
	*off = m->slots[j].off;
	return val;
}

/* The slot holding key (which must be in the map). */
static size_t find_slot(const struct bmap *m, const void *key, size_t len)
{
	uint64_t h = hash_bytes(key, len);
	size_t j;

	for (j = h & (m->cap - 1); m->slots[j].val != UINT32_MAX; j = (j + 1) & (m->cap - 1))
		if (m->slots[j].hash == h && m->slots[j].len == len &&
		    !memcmp(m->keys.buf + m->slots[j].off, key, len))
			break;
	return j;
}

/* ---- the miner ---- */

struct part {
	size_t name;       /* lower-cased service in parts.keys */
	char *spelling;    /* the smallest spelling seen (strcmp), or NULL */
};

struct group {
	size_t tmpl;       /* template text in m->text */
	size_t key;        /* "sig:service:template" in m->text */
	uint32_t part;
	uint32_t fixed;    /* fixed tokens of the template */
	uint32_t words;    /* fixed tokens with a letter */
};

struct link_miner {
	struct bmap tokens;          /* glue byte + text → token id */
	size_t *tok_off;             /* token id → its key in tokens.keys */
	unsigned char *tok_flags;
	size_t ntok, tokcap;
	struct bmap parts;           /* lower-cased service → part */
	struct bmap seen;            /* part + masked text → first text with it */
	struct part *part;
	size_t npart, partcap;
	uint32_t *tok;               /* the tokens of all texts, back to back */
	size_t ntoks, tokscap;
	/* Texts whose masked form (and service) is the same are one row: they
	 * always end in one group, so the mining works on distinct rows, each
	 * counted weight times. */
	size_t *start;               /* row → first token in tok */
	uint32_t *len, *tpart;       /* row → token count, part */
	uint32_t *weight;            /* row → texts */
	uint32_t *group;             /* row → group (after finish) */
	size_t ntext, textcap;       /* rows */
	uint32_t *row;               /* text (as link_miner_add numbers them) → row */
	size_t nin, incap;
	struct group *groups;
	size_t ngroups;
	struct recur_buf text;       /* templates and keys, NUL-terminated */
	struct recur_buf masked;
	uint32_t *line;              /* scratch: one text's tokens */
	size_t linecap;
	uint32_t star, star_glued;   /* the <*> tokens */
};

/* How a word holds placeholders (<NUM>, …): none, exactly one, with
 * symbols only ("<NUM>%"), or with other letters or digits ("blk_<NUM>"). */
enum { PK_NONE, PK_ONE, PK_SYMBOLS, PK_MIXED };

static int placeholder_kind(const char *s, size_t n)
{
	size_t i = 0, j, found = 0;
	int alnum = 0;

	while (i < n) {
		if (s[i] == '<') {
			for (j = i + 1; j < n && s[j] >= 'A' && s[j] <= 'Z'; j++)
				;
			if (j < n && s[j] == '>' && j > i + 1) {
				found++;
				i = j + 1;
				continue;
			}
		}
		if ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z'))
			alnum = 1;
		i++;
	}
	if (!found)
		return PK_NONE;
	if (alnum)
		return PK_MIXED;
	if (found == 1 && s[0] == '<' && s[n - 1] == '>')
		return PK_ONE;
	return PK_SYMBOLS;
}

static uint32_t intern(struct link_miner *m, const char *s, size_t n, int glued)
{
	char key[256];
	char *k = n + 1 <= sizeof(key) ? key : xmalloc(n + 1);
	size_t off, i;
	int added;
	uint32_t id;
	unsigned char f = 0;

	k[0] = glued ? '+' : ' ';
	memcpy(k + 1, s, n);
	id = bmap_put(&m->tokens, k, n + 1, (uint32_t)m->ntok, &added, &off);
	if (k != key)
		free(k);
	if (!added)
		return id;
	xgrow((void **)&m->tok_off, &m->tokcap, m->ntok + 1, sizeof(*m->tok_off));
	m->tok_flags = xrealloc(m->tok_flags, m->tokcap);
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			f |= F_DIG;
		else if ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z')
			f |= F_ALPHA;
	}
	switch (placeholder_kind(s, n)) {
	case PK_ONE: f |= F_PH | F_TYPED; break;
	case PK_SYMBOLS: f |= F_PH; break;
	default: break;
	}
	if (n == 3 && !memcmp(s, "<*>", 3))
		f |= F_PH;
	if (n == 1 && (s[0] == '=' || s[0] == ':'))
		f |= F_KV;
	m->tok_off[m->ntok] = off;
	m->tok_flags[m->ntok] = f;
	return (uint32_t)m->ntok++;
}

static const char *tok_text(const struct link_miner *m, uint32_t t)
{
	return m->tokens.keys.buf + m->tok_off[t] + 1;
}

static int tok_glued(const struct link_miner *m, uint32_t t)
{
	return m->tokens.keys.buf[m->tok_off[t]] == '+';
}

struct link_miner *link_miner_new(void)
{
	struct link_miner *m = xcalloc(1, sizeof(*m));

	bmap_init(&m->tokens);
	bmap_init(&m->parts);
	bmap_init(&m->seen);
	recur_buf_init(&m->text, 0);
	recur_buf_init(&m->masked, 0);
	m->star = intern(m, "<*>", 3, 0);
	m->star_glued = intern(m, "<*>", 3, 1);
	return m;
}

void link_miner_free(struct link_miner *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->npart; i++)
		free(m->part[i].spelling);
	free(m->part);
	bmap_release(&m->tokens);
	bmap_release(&m->parts);
	bmap_release(&m->seen);
	free(m->tok_off);
	free(m->tok_flags);
	free(m->tok);
	free(m->start);
	free(m->len);
	free(m->tpart);
	free(m->weight);
	free(m->row);
	free(m->group);
	free(m->groups);
	free(m->line);
	recur_buf_release(&m->text);
	recur_buf_release(&m->masked);
	free(m);
}

static int is_delim(char c)
{
	return c == '=' || c == ',' || c == ':' || c == '(' || c == ')' || c == '[' || c == ']' ||
	       c == '{' || c == '}' || c == ';' || c == '|';
}

static int is_quote(char c)
{
	return c == '"' || c == '\'' || c == '`';
}

/* Appends token t to the scratch line, folding runs of one placeholder. */
static void push(struct link_miner *m, size_t *n, uint32_t t)
{
	const uint32_t *l = m->line;

	if (m->tok_flags[t] & F_TYPED) {
		const char *s = tok_text(m, t);

		if (*n && !strcmp(tok_text(m, l[*n - 1]), s))
			return;
		if (*n >= 2 && !strcmp(tok_text(m, l[*n - 1]), ",") &&
		    !strcmp(tok_text(m, l[*n - 2]), s)) {
			(*n)--;
			return;
		}
	}
	if (*n >= MAX_TOKENS)
		return;
	xgrow((void **)&m->line, &m->linecap, *n + 1, sizeof(*m->line));
	m->line[(*n)++] = t;
}

/* A word without blanks or delimiters: quotes around it split off, and a
 * placeholder inside other text makes the whole word <*>. */
static void push_word(struct link_miner *m, size_t *n, const char *s, size_t len, int glued)
{
	size_t a = 0, e = len, i;

	while (e - a > 1 && is_quote(s[a])) {
		push(m, n, intern(m, s + a, 1, glued));
		glued = 1;
		a++;
	}
	while (e - a > 1 && is_quote(s[e - 1]))
		e--;
	if (placeholder_kind(s + a, e - a) == PK_MIXED)
		push(m, n, glued ? m->star_glued : m->star);
	else
		push(m, n, intern(m, s + a, e - a, glued));
	for (i = e; i < len; i++)
		push(m, n, intern(m, s + i, 1, 1));
}

static size_t tokenize(struct link_miner *m, const char *s, size_t len)
{
	size_t i = 0, n = 0;
	int glued = 1;

	while (i < len) {
		size_t j;

		if (s[i] == ' ') {
			glued = 0;
			i++;
			continue;
		}
		if (is_delim(s[i])) {
			push(m, &n, intern(m, s + i, 1, glued));
			glued = 1;
			i++;
			continue;
		}
		for (j = i; j < len && s[j] != ' ' && !is_delim(s[j]); j++)
			;
		push_word(m, &n, s + i, j - i, glued);
		glued = 1;
		i = j;
	}
	return n;
}

static uint32_t find_part(struct link_miner *m, const char *service)
{
	char buf[256] = "";
	size_t n = strlen(service), i, off;
	char *k = n <= sizeof(buf) ? buf : xmalloc(n);
	uint32_t p;
	int added;

	for (i = 0; i < n; i++)
		k[i] = (char)(service[i] >= 'A' && service[i] <= 'Z' ? service[i] + 32 : service[i]);
	p = bmap_put(&m->parts, k, n, (uint32_t)m->npart, &added, &off);
	if (k != buf)
		free(k);
	if (added) {
		xgrow((void **)&m->part, &m->partcap, m->npart + 1, sizeof(*m->part));
		m->part[p].name = off;
		m->part[p].spelling = NULL;
		m->npart++;
	}
	/* spellings of a service differ in case only; keep the first by value */
	if (*service && (!m->part[p].spelling || strcmp(service, m->part[p].spelling) < 0)) {
		free(m->part[p].spelling);
		m->part[p].spelling = xstrdup(service);
	}
	return p;
}

/* Numbers a text of row r. */
static size_t add_text(struct link_miner *m, uint32_t r)
{
	xgrow((void **)&m->row, &m->incap, m->nin + 1, sizeof(*m->row));
	m->row[m->nin] = r;
	return m->nin++;
}

size_t link_miner_add(struct link_miner *m, const char *service, const char *text)
{
	size_t n, i;

	uint32_t part, same;
	size_t off;
	int added;

	if (!text)
		return LINK_NO_MATCH;
	part = find_part(m, service ? service : "");
	recur_buf_reset(&m->masked);
	recur_buf_add(&m->masked, &part, sizeof(part));
	recur_link_mask(text, &m->masked);
	/* masked texts repeat a lot: each distinct one is one row */
	same = bmap_put(&m->seen, m->masked.buf, m->masked.len, (uint32_t)m->ntext, &added, &off);
	if (!added) {
		if (same == UINT32_MAX - 1)
			return LINK_NO_MATCH;
		m->weight[same]++;
		return add_text(m, same);
	}
	n = tokenize(m, m->masked.buf + sizeof(part), m->masked.len - sizeof(part));
	if (!n) {
		m->seen.slots[find_slot(&m->seen, m->masked.buf, m->masked.len)].val = UINT32_MAX - 1;
		return LINK_NO_MATCH;
	}
	xgrow((void **)&m->tok, &m->tokscap, m->ntoks + n, sizeof(*m->tok));
	if (m->ntext + 1 > m->textcap) {
		size_t cap = m->textcap;

		xgrow((void **)&m->start, &cap, m->ntext + 1, sizeof(*m->start));
		m->len = xrealloc(m->len, cap * sizeof(*m->len));
		m->tpart = xrealloc(m->tpart, cap * sizeof(*m->tpart));
		m->weight = xrealloc(m->weight, cap * sizeof(*m->weight));
		m->textcap = cap;
	}
	for (i = 0; i < n; i++)
		m->tok[m->ntoks + i] = m->line[i];
	m->start[m->ntext] = m->ntoks;
	m->len[m->ntext] = (uint32_t)n;
	m->tpart[m->ntext] = part;
	m->weight[m->ntext] = 1;
	m->ntoks += n;
	return add_text(m, (uint32_t)m->ntext++);
}


/* ---- step 2: counts of (part, token count, position, token) ---- */

struct cell {
	uint32_t part, npos, tok, id; /* id UINT32_MAX: empty */
};

static uint64_t cell_hash(uint32_t part, uint32_t npos, uint32_t tok)
{
	uint64_t h = (uint64_t)part * 0x9E3779B97F4A7C15ULL ^ (uint64_t)npos * 0xC2B2AE3D27D4EB4FULL ^
		     (uint64_t)tok * 0x165667B19E3779F9ULL;

	return h ^ (h >> 31);
}

/* Gives every token of every text its cell; returns the counts by cell. */
static uint32_t *count_cells(const struct link_miner *m, uint32_t *cell_of)
{
	size_t cap = 1024, n = 0, t, i, j;
	struct cell *tab = xmalloc(cap * sizeof(*tab));
	uint32_t *count = NULL;
	size_t ccap = 0;

	memset(tab, 0xff, cap * sizeof(*tab));
	for (t = 0; t < m->ntext; t++) {
		for (i = 0; i < m->len[t]; i++) {
			uint32_t npos = m->len[t] << 16 | (uint32_t)i, tok = m->tok[m->start[t] + i];
			uint32_t part = m->tpart[t];

			if ((n + 1) * 2 > cap) {
				struct cell *old = tab;
				size_t k, oldcap = cap;

				cap *= 2;
				tab = xmalloc(cap * sizeof(*tab));
				memset(tab, 0xff, cap * sizeof(*tab));
				for (k = 0; k < oldcap; k++) {
					if (old[k].id == UINT32_MAX)
						continue;
					for (j = cell_hash(old[k].part, old[k].npos, old[k].tok) & (cap - 1);
					     tab[j].id != UINT32_MAX; j = (j + 1) & (cap - 1))
						;
					tab[j] = old[k];
				}
				free(old);
			}
			for (j = cell_hash(part, npos, tok) & (cap - 1); tab[j].id != UINT32_MAX;
			     j = (j + 1) & (cap - 1))
				if (tab[j].part == part && tab[j].npos == npos && tab[j].tok == tok)
					break;
			if (tab[j].id == UINT32_MAX) {
				tab[j].part = part;
				tab[j].npos = npos;
				tab[j].tok = tok;
				tab[j].id = (uint32_t)n++;
				xgrow((void **)&count, &ccap, n, sizeof(*count));
				count[n - 1] = 0;
			}
			count[tab[j].id] += m->weight[t];
			cell_of[m->start[t] + i] = tab[j].id;
		}
	}
	free(tab);
	return count;
}

/* ---- step 3: root words and first groups ---- */

static int by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The count shared by most plain words of text t (ties: the smaller). */
static uint32_t root_count(const struct link_miner *m, size_t t, const uint32_t *fs,
			   uint32_t *scratch)
{
	size_t n = m->len[t], k = 0, i, run, best = 0;
	uint32_t K = 0;

	for (i = 0; i < n; i++)
		if (!(m->tok_flags[m->tok[m->start[t] + i]] & (F_PH | F_DIG)))
			scratch[k++] = fs[i];
	if (!k)
		for (i = 0; i < n; i++)
			scratch[k++] = fs[i];
	if (k > 32) {
		qsort(scratch, k, sizeof(*scratch), by_value);
	} else {
		for (i = 1; i < k; i++) { /* short lines: insertion sort */
			uint32_t v = scratch[i];

			for (run = i; run > 0 && scratch[run - 1] > v; run--)
				scratch[run] = scratch[run - 1];
			scratch[run] = v;
		}
	}
	for (i = 0; i < k; i += run) {
		for (run = 1; i + run < k && scratch[i + run] == scratch[i]; run++)
			;
		if (run > best) { /* ascending order: a tie keeps the smaller count */
			best = run;
			K = scratch[i];
		}
	}
	return K;
}

/* First groups: service, token count, root count and root words (the key:
 * part, n, K, number of roots, then position and token of each). */
static uint32_t *first_groups(struct link_miner *m, const uint32_t *cell_of, const uint32_t *count,
			      struct bmap *g1, size_t **g1key)
{
	uint32_t *gid = xmalloc((m->ntext ? m->ntext : 1) * sizeof(*gid));
	uint32_t *key = NULL, *fs = NULL, *scratch = NULL;
	size_t keycap = 0, fscap = 0, cap1 = 0, t, i;

	for (t = 0; t < m->ntext; t++) {
		size_t n = m->len[t], k = 4, off;
		uint32_t K;
		int added;

		xgrow((void **)&fs, &fscap, n, sizeof(*fs));
		scratch = xrealloc(scratch, fscap * sizeof(*scratch));
		for (i = 0; i < n; i++)
			fs[i] = count[cell_of[m->start[t] + i]];
		K = root_count(m, t, fs, scratch);
		xgrow((void **)&key, &keycap, 4 + 2 * n, sizeof(*key));
		key[0] = m->tpart[t];
		key[1] = (uint32_t)n;
		key[2] = K;
		for (i = 0; i < n; i++)
			if (fs[i] >= K) {
				key[k++] = (uint32_t)i;
				key[k++] = m->tok[m->start[t] + i];
			}
		key[3] = (uint32_t)(k - 4) / 2;
		gid[t] = bmap_put(g1, key, k * sizeof(*key), (uint32_t)g1->n, &added, &off);
		if (added) {
			xgrow((void **)g1key, &cap1, g1->n, sizeof(**g1key));
			(*g1key)[g1->n - 1] = off;
		}
	}
	free(key);
	free(fs);
	free(scratch);
	return gid;
}

/* Texts in order of their group (a counting sort): members of group g are
 * order[first[g] .. first[g + 1]). Caller frees both. */
static size_t *order_by(const uint32_t *gid, size_t n, size_t ngroups, size_t **first)
{
	size_t *order = xmalloc((n ? n : 1) * sizeof(*order)), g, t;
	size_t *at = xcalloc(ngroups + 1, sizeof(*at));

	for (t = 0; t < n; t++)
		at[gid[t] + 1]++;
	for (g = 0; g < ngroups; g++)
		at[g + 1] += at[g];
	*first = xmalloc((ngroups + 1) * sizeof(**first));
	memcpy(*first, at, (ngroups + 1) * sizeof(**first));
	for (t = 0; t < n; t++)
		order[at[gid[t]]++] = t;
	free(at);
	return order;
}

/* ---- step 4: variable positions ---- */

/* Whether position p varies among the members of a group (see the top). */
static int is_variable(const struct link_miner *m, const size_t *mem, size_t nmem, size_t p)
{
	uint32_t vals[MANY_VALUES];
	size_t nv = 0, i, j;
	int kv = p > 0;

	for (i = 0; i < nmem; i++) {
		const uint32_t *l = m->tok + m->start[mem[i]];

		for (j = 0; j < nv && vals[j] != l[p]; j++)
			;
		if (j == nv) {
			if (nv == MANY_VALUES)
				return 1;
			vals[nv++] = l[p];
		}
		if (kv && !(m->tok_flags[l[p - 1]] & F_KV))
			kv = 0;
	}
	if (nv < 2)
		return 0;
	if (nv == MANY_VALUES)
		return 1;
	for (j = 0; j < nv; j++)
		if (m->tok_flags[vals[j]] & (F_PH | F_DIG))
			return 1;
	return kv;
}

/* Replaces the variable tokens of the group's members by <*>, in place. */
static void mark_variables(struct link_miner *m, const size_t *mem, size_t nmem, const char *key,
			   unsigned char *root)
{
	uint32_t hdr[4], pos;
	size_t n, p, i, k;

	/* the key: part, token count, root count, roots, then (position, token) */
	memcpy(hdr, key, sizeof(hdr));
	n = hdr[1];
	memset(root, 0, n);
	for (k = 0; k < hdr[3]; k++) {
		memcpy(&pos, key + sizeof(hdr) + k * 2 * sizeof(pos), sizeof(pos));
		root[pos] = 1;
	}
	for (p = 0; p < n; p++) {
		if (root[p] || !is_variable(m, mem, nmem, p))
			continue;
		for (i = 0; i < nmem; i++) {
			uint32_t *t = &m->tok[m->start[mem[i]] + p];

			*t = tok_glued(m, *t) ? m->star_glued : m->star;
		}
	}
}

/* ---- step 5: templates from the fixed words ---- */

/* Final groups: service and the sequence of fixed words; *fixed gets the
 * number of fixed words of each group. */
static uint32_t *fixed_groups(struct link_miner *m, struct bmap *b, uint32_t **fixed,
			      uint32_t **words)
{
	uint32_t *gid = xmalloc((m->ntext ? m->ntext : 1) * sizeof(*gid)), *key = NULL;
	size_t keycap = 0, fcap = 0, t, i, off;
	int added;

	*fixed = NULL;
	*words = NULL;
	for (t = 0; t < m->ntext; t++) {
		const uint32_t *l = m->tok + m->start[t];
		size_t k = 1, w = 0;

		xgrow((void **)&key, &keycap, 1 + m->len[t], sizeof(*key));
		key[0] = m->tpart[t];
		for (i = 0; i < m->len[t]; i++)
			if (!(m->tok_flags[l[i]] & F_PH)) {
				key[k++] = l[i];
				w += (m->tok_flags[l[i]] & F_ALPHA) != 0;
			}
		gid[t] = bmap_put(b, key, k * sizeof(*key), (uint32_t)b->n, &added, &off);
		if (added) {
			size_t c = fcap;

			xgrow((void **)fixed, &fcap, b->n, sizeof(**fixed));
			if (c != fcap)
				*words = xrealloc(*words, fcap * sizeof(**words));
			(*fixed)[b->n - 1] = (uint32_t)(k - 1);
			(*words)[b->n - 1] = (uint32_t)w;
		}
	}
	free(key);
	return gid;
}

/* The run of placeholders from *i up to the next fixed word: [*b, *e);
 * *i moves past that fixed word. */
static void next_gap(const struct link_miner *m, const uint32_t *l, size_t n, size_t *i, size_t *b,
		     size_t *e)
{
	*b = *i;
	while (*i < n && (m->tok_flags[l[*i]] & F_PH))
		(*i)++;
	*e = *i;
	if (*i < n)
		(*i)++;
}

static void add_token(const struct link_miner *m, struct recur_buf *out, uint32_t t)
{
	if (out->len && !tok_glued(m, t))
		recur_buf_addch(out, ' ');
	recur_buf_adds(out, tok_text(m, t));
}

/* Renders the template of a final group into out: fixed words, and between
 * them the members' placeholders when all agree, else <*>. */
static void render(const struct link_miner *m, const size_t *mem, size_t nmem, size_t nfixed,
		   struct recur_buf *out)
{
	const uint32_t *ref = m->tok + m->start[mem[0]];
	size_t nref = m->len[mem[0]], k, j, x;
	unsigned char *differs = xcalloc(nfixed + 1, 1);

	for (x = 1; x < nmem; x++) {
		const uint32_t *l = m->tok + m->start[mem[x]];
		size_t i = 0, r = 0, b, e, rb, re;

		for (k = 0; k <= nfixed; k++) {
			next_gap(m, l, m->len[mem[x]], &i, &b, &e);
			next_gap(m, ref, nref, &r, &rb, &re);
			if (e - b != re - rb || memcmp(l + b, ref + rb, (e - b) * sizeof(*l)))
				differs[k] = 1;
		}
	}
	for (k = 0, j = 0; k <= nfixed; k++) {
		size_t b, e;

		next_gap(m, ref, nref, &j, &b, &e);
		if (differs[k]) {
			char last = out->len ? out->buf[out->len - 1] : 0;

			if (last && !strchr("([{=/\"'`", last))
				recur_buf_addch(out, ' ');
			recur_buf_adds(out, "<*>");
		} else {
			for (; b < e; b++)
				add_token(m, out, ref[b]);
		}
		if (k < nfixed)
			add_token(m, out, ref[j - 1]);
	}
	free(differs);
}

static void make_groups(struct link_miner *m, size_t ngroups, const uint32_t *fixed,
			const uint32_t *words)
{
	size_t *first, *order = order_by(m->group, m->ntext, ngroups, &first), g;
	struct recur_buf tmpl = RECUR_BUF_INIT;

	m->groups = xcalloc(ngroups ? ngroups : 1, sizeof(*m->groups));
	m->ngroups = ngroups;
	for (g = 0; g < ngroups; g++) {
		struct group *gr = &m->groups[g];

		recur_buf_reset(&tmpl);
		render(m, order + first[g], first[g + 1] - first[g], fixed[g], &tmpl);
		gr->part = m->tpart[order[first[g]]];
		gr->fixed = fixed[g];
		gr->words = words[g];
		gr->tmpl = m->text.len;
		recur_buf_add(&m->text, tmpl.buf, tmpl.len + 1);
		gr->key = m->text.len;
		recur_buf_addf(&m->text, "sig:%s:%s", m->parts.keys.buf + m->part[gr->part].name,
			       tmpl.buf);
		recur_buf_addch(&m->text, '\0');
	}
	recur_buf_release(&tmpl);
	free(first);
	free(order);
}

void link_miner_finish(struct link_miner *m)
{
	uint32_t *cell_of = xmalloc((m->ntoks ? m->ntoks : 1) * sizeof(*cell_of));
	uint32_t *count, *g1, *fixed, *words;
	struct bmap b1, b2;
	size_t *g1key = NULL, *first, *order, g, maxlen = 1, t;
	unsigned char *root;

	/* no text is added after this: which masked texts were seen is the
	 * biggest thing the mining holds, and nothing reads it again */
	bmap_release(&m->seen);
	bmap_init(&m->seen);
	for (t = 0; t < m->ntext; t++)
		if (m->len[t] > maxlen)
			maxlen = m->len[t];
	count = count_cells(m, cell_of);
	bmap_init(&b1);
	g1 = first_groups(m, cell_of, count, &b1, &g1key);
	free(cell_of);
	free(count);
	order = order_by(g1, m->ntext, b1.n, &first);
	root = xmalloc(maxlen);
	for (g = 0; g < b1.n; g++)
		mark_variables(m, order + first[g], first[g + 1] - first[g], b1.keys.buf + g1key[g],
			       root);
	free(root);
	free(order);
	free(first);
	free(g1);
	free(g1key);
	bmap_release(&b1);
	bmap_init(&b2);
	free(m->group);
	m->group = fixed_groups(m, &b2, &fixed, &words);
	make_groups(m, b2.n, fixed, words);
	free(fixed);
	free(words);
	bmap_release(&b2);
}

size_t link_miner_group(const struct link_miner *m, size_t text)
{
	return m->group[m->row[text]];
}

double link_miner_score(const struct link_miner *m, size_t text)
{
	uint32_t r = m->row[text];

	return (double)m->groups[m->group[r]].fixed / (double)m->len[r];
}

size_t link_miner_words(const struct link_miner *m, size_t group)
{
	return m->groups[group].words;
}

size_t link_miner_groups(const struct link_miner *m)
{
	return m->ngroups;
}

const char *link_miner_key(const struct link_miner *m, size_t group)
{
	return m->text.buf + m->groups[group].key;
}

const char *link_miner_template(const struct link_miner *m, size_t group)
{
	return m->text.buf + m->groups[group].tmpl;
}

const char *link_miner_service(const struct link_miner *m, size_t group)
{
	return m->part[m->groups[group].part].spelling;
}
