/*
 * link_similar.c — groups near-duplicate titles that no template grouped.
 *
 * Templates suit alert titles ("Disk usage 91% on db-07"); people write the
 * same problem in different words ("Archive message action does not work",
 * "message archiving does not work"). Such titles are compared as TF-IDF
 * vectors of light-stemmed words (IDF from the titles compared), and grouped
 * by average link: two groups join when the mean cosine over all their
 * pairs (a pair with no shared word counting 0) reaches the threshold, so a
 * chain of loosely similar titles does not become one problem. The threshold
 * is set for precision: a wrong group is worse than a missed one, and
 * `recur problems candidates` offers the near misses.
 *
 * Everything is decided by value, not by the order titles come in: words
 * are numbered in sorted order and ties are broken by text, so the groups
 * are the same for any import order. Candidate pairs come from the words
 * they share, rarest first, skipping words so common they join nothing (a
 * word in more than SIMILAR_MAX_POSTINGS titles) and stopping at
 * SIMILAR_MAX_CANDIDATES candidates a title: the cost stays linear.
 */
#include "link_internal.h"
#include "recur/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Words in more titles than this make no candidate pairs on their own. */
#define SIMILAR_MAX_POSTINGS 2000
/* Each title is compared with at most this many earlier titles, found
 * through its rarest words first (and looks at most SIMILAR_MAX_VISITS
 * postings, other services' included): near-duplicates share rare words,
 * and the work stays linear when many titles share middling ones. */
#define SIMILAR_MAX_CANDIDATES 200
#define SIMILAR_MAX_VISITS 1000

struct term_weight {
	size_t term;
	double w;
};

struct doc {
	char *text;
	size_t part;                 /* service bucket: titles of one service are compared */
	struct term_weight *v;       /* sorted by term */
	size_t n, vcap;
	size_t group;                /* LINK_NO_MATCH, or a group index after finish */
	double score;                /* mean cosine to the rest of its group */
};

struct pair {
	size_t a, b;                 /* a < b, doc indexes */
	double cos;
};

struct link_similar {
	struct doc *docs;
	size_t ndocs, cap;
	struct link_map terms;       /* word → provisional id */
	struct link_map parts;       /* service (lower-cased) → bucket */
	char **words;                /* provisional id → word */
	size_t nwords, wcap;
	size_t ngroups;
	struct pair *pairs;          /* candidate pairs at or above the threshold */
	size_t npairs, pcap;
};

/* English function words, and words every incident title may hold. */
static const char *const stopwords[] = {
	"a", "about", "after", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but",
	"by", "can", "cannot", "could", "did", "do", "does", "doesn", "don", "for", "from", "had",
	"has", "have", "i", "if", "in", "into", "is", "isn", "it", "its", "me", "my", "no", "not",
	"of", "on", "or", "our", "s", "should", "so", "some", "t", "than", "that", "the", "their",
	"then", "there", "these", "this", "to", "too", "up", "was", "we", "were", "when", "which",
	"while", "will", "with", "won", "would", "you", "your",
};

static int is_stopword(const char *w)
{
	size_t lo = 0, hi = sizeof(stopwords) / sizeof(stopwords[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w, stopwords[mid]);

		if (!c)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* Light stemming: one common English suffix off a word of letters, so that
 * "archiving", "archived" and "archive" meet; a stem keeps 3 letters. */
static void stem(char *w, size_t *len)
{
	static const char *const suffixes[] = { "ations", "ation", "ings", "ing", "ers", "er",
						"ed", "es", "ly", "s", "e" };
	size_t i, n;

	for (i = 0; i < *len; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return; /* versions, ids and codes stay as written */
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		n = strlen(suffixes[i]);
		if (*len >= n + 3 && !memcmp(w + *len - n, suffixes[i], n)) {
			*len -= n;
			w[*len] = '\0';
			return;
		}
	}
}

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* The next word of text at *p into w (lower case, stemmed); 0 at the end.
 * A version number ("2.53.1") is one word. as_written, when not NULL,
 * gets the word before stemming. */
static int next_word(const char **p, char *w, size_t size, char *as_written)
{
	const unsigned char *s = (const unsigned char *)*p;
	size_t n = 0;

	for (;;) {
		while (*s && !word_byte((unsigned char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s)))
			s++;
		if (!*s)
			return 0;
		n = 0;
		while (*s) {
			unsigned char c = (unsigned char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);

			if (!word_byte(c) && !(c == '.' && n && w[n - 1] >= '0' && w[n - 1] <= '9' &&
					       s[1] >= '0' && s[1] <= '9'))
				break;
			if (n + 1 < size)
				w[n++] = (char)c;
			s++;
		}
		w[n] = '\0';
		*p = (const char *)s;
		if (is_stopword(w))
			continue;
		if (as_written)
			memcpy(as_written, w, n + 1);
		stem(w, &n);
		return 1;
	}
}

struct link_similar *link_similar_new(void)
{
	struct link_similar *ls = xcalloc(1, sizeof(*ls));

	link_map_init(&ls->terms);
	link_map_init(&ls->parts);
	return ls;
}

void link_similar_free(struct link_similar *ls)
{
	size_t i;

	if (!ls)
		return;
	for (i = 0; i < ls->ndocs; i++) {
		free(ls->docs[i].text);
		free(ls->docs[i].v);
	}
	for (i = 0; i < ls->nwords; i++)
		free(ls->words[i]);
	free(ls->docs);
	free(ls->words);
	free(ls->pairs);
	link_map_release(&ls->terms);
	link_map_release(&ls->parts);
	free(ls);
}

static int by_term(const void *a, const void *b)
{
	const struct term_weight *x = a, *y = b;

	return x->term < y->term ? -1 : x->term > y->term;
}

size_t link_similar_add(struct link_similar *ls, const char *service, const char *text)
{
	struct doc *d;
	char w[128], part[256];
	const char *p = text ? text : "";
	size_t i, k;

	xgrow((void **)&ls->docs, &ls->cap, ls->ndocs + 1, sizeof(*ls->docs));
	d = &ls->docs[ls->ndocs];
	memset(d, 0, sizeof(*d));
	d->text = xstrdup(p);
	d->group = LINK_NO_MATCH;
	for (i = 0; service && service[i] && i + 1 < sizeof(part); i++)
		part[i] = (char)(service[i] >= 'A' && service[i] <= 'Z' ? service[i] + 32 : service[i]);
	part[i] = '\0';
	d->part = link_map_put(&ls->parts, part, ls->parts.len);
	while (next_word(&p, w, sizeof(w), NULL)) {
		size_t t = link_map_put(&ls->terms, w, ls->nwords);

		if (t == ls->nwords) {
			xgrow((void **)&ls->words, &ls->wcap, ls->nwords + 1, sizeof(*ls->words));
			ls->words[ls->nwords++] = xstrdup(w);
		}
		for (k = 0; k < d->n && d->v[k].term != t; k++)
			;
		if (k < d->n) {
			d->v[k].w += 1; /* counts for now; weights in finish */
			continue;
		}
		xgrow((void **)&d->v, &d->vcap, d->n + 1, sizeof(*d->v));
		d->v[d->n++] = (struct term_weight){ t, 1 };
	}
	return ls->ndocs++;
}

static char **sort_words;

static int by_word(const void *a, const void *b)
{
	return strcmp(sort_words[*(const size_t *)a], sort_words[*(const size_t *)b]);
}

/* Renumbers words in sorted order (so sums run in an order the input does
 * not decide) and turns counts into unit TF-IDF vectors, (1 + ln tf) times
 * the smoothed IDF 1 + ln((1 + N) / (1 + df)), which stays positive for a word
 * every title has (a small export of two titles still compares). */
static void weigh(struct link_similar *ls, size_t *df)
{
	size_t *order = xmalloc((ls->nwords ? ls->nwords : 1) * sizeof(*order));
	size_t *rank = xmalloc((ls->nwords ? ls->nwords : 1) * sizeof(*rank));
	size_t i, k;

	for (i = 0; i < ls->nwords; i++)
		order[i] = i;
	sort_words = ls->words;
	qsort(order, ls->nwords, sizeof(*order), by_word);
	for (i = 0; i < ls->nwords; i++)
		rank[order[i]] = i;
	for (i = 0; i < ls->ndocs; i++) {
		struct doc *d = &ls->docs[i];

		for (k = 0; k < d->n; k++) {
			d->v[k].term = rank[d->v[k].term];
			df[d->v[k].term]++;
		}
		if (d->n) /* a title of stopwords only has no vector */
			qsort(d->v, d->n, sizeof(*d->v), by_term);
	}
	for (i = 0; i < ls->ndocs; i++) {
		struct doc *d = &ls->docs[i];
		double norm = 0;

		for (k = 0; k < d->n; k++) {
			d->v[k].w = (1 + log(d->v[k].w)) *
				    (1 + log((1.0 + (double)ls->ndocs) / (1.0 + (double)df[d->v[k].term])));
			norm += d->v[k].w * d->v[k].w;
		}
		norm = sqrt(norm);
		for (k = 0; k < d->n; k++)
			d->v[k].w = norm > 0 ? d->v[k].w / norm : 0;
	}
	/* words by rank, for the reasons */
	for (i = 0; i < ls->nwords; i++)
		rank[i] = order[i];
	{
		char **sorted = xmalloc((ls->nwords ? ls->nwords : 1) * sizeof(*sorted));

		for (i = 0; i < ls->nwords; i++)
			sorted[i] = ls->words[rank[i]];
		free(ls->words);
		ls->words = sorted;
		ls->wcap = ls->nwords;
	}
	free(order);
	free(rank);
}

static double cosine(const struct doc *a, const struct doc *b)
{
	size_t i = 0, j = 0;
	double s = 0;

	while (i < a->n && j < b->n) {
		if (a->v[i].term < b->v[j].term)
			i++;
		else if (a->v[i].term > b->v[j].term)
			j++;
		else
			s += a->v[i++].w * b->v[j++].w;
	}
	return s;
}

static const size_t *sort_df;

/* Rarer words first; ties by word rank, so the order is the data's. */
static int by_df(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (sort_df[x] != sort_df[y])
		return sort_df[x] < sort_df[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Candidate pairs: titles of one service sharing a word that is not too
 * common, rarest words first and at most SIMILAR_MAX_CANDIDATES a title;
 * each pair at or above threshold is kept once. */
static void find_pairs(struct link_similar *ls, const size_t *df, double threshold)
{
	size_t *start = xcalloc(ls->nwords + 1, sizeof(*start)), *post, *fill, *seen;
	size_t i, k, t, n = 0;

	for (t = 0; t < ls->nwords; t++) {
		start[t] = n;
		n += df[t] <= SIMILAR_MAX_POSTINGS ? df[t] : 0;
	}
	start[ls->nwords] = n;
	post = xmalloc((n ? n : 1) * sizeof(*post));
	fill = xcalloc(ls->nwords + 1, sizeof(*fill));
	for (i = 0; i < ls->ndocs; i++)
		for (k = 0; k < ls->docs[i].n; k++) {
			t = ls->docs[i].v[k].term;
			if (df[t] <= SIMILAR_MAX_POSTINGS)
				post[start[t] + fill[t]++] = i;
		}
	seen = xmalloc((ls->ndocs ? ls->ndocs : 1) * sizeof(*seen));
	for (i = 0; i < ls->ndocs; i++)
		seen[i] = (size_t)-1;
	sort_df = df;
	for (i = 0; i < ls->ndocs; i++) {
		const struct doc *d = &ls->docs[i];
		/* a title's first 64 words choose its candidates (cosine reads all) */
		size_t terms[64], nt = d->n < 64 ? d->n : 64, examined = 0, visits = 0;

		for (k = 0; k < nt; k++)
			terms[k] = d->v[k].term;
		qsort(terms, nt, sizeof(*terms), by_df);
		for (k = 0; k < nt && examined < SIMILAR_MAX_CANDIDATES &&
			    visits < SIMILAR_MAX_VISITS; k++) {
			size_t p;

			t = terms[k];
			if (df[t] > SIMILAR_MAX_POSTINGS)
				break; /* the rest are as common or more */
			/* postings are in doc order: the ones before i */
			for (p = start[t]; p < start[t + 1] && post[p] < i &&
			     examined < SIMILAR_MAX_CANDIDATES && visits < SIMILAR_MAX_VISITS; p++) {
				size_t j = post[p];
				double c;

				visits++;
				if (seen[j] == i || ls->docs[j].part != d->part)
					continue;
				seen[j] = i;
				examined++;
				c = cosine(&ls->docs[j], d);
				if (c + 1e-12 < threshold)
					continue;
				xgrow((void **)&ls->pairs, &ls->pcap, ls->npairs + 1, sizeof(*ls->pairs));
				ls->pairs[ls->npairs++] = (struct pair){ j, i, c };
			}
		}
	}
	free(seen);
	free(fill);
	free(post);
	free(start);
}

static const struct link_similar *sort_ls;

/* Most similar first; ties by the texts, never by input order. */
static int by_cos(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	const struct doc *d = sort_ls->docs;
	int c;

	if (x->cos != y->cos)
		return x->cos > y->cos ? -1 : 1;
	if ((c = strcmp(d[x->a].text, d[y->a].text)))
		return c;
	return strcmp(d[x->b].text, d[y->b].text);
}

/* Cluster bookkeeping for average link: members as linked lists. */
struct clusters {
	size_t *owner, *next, *size, *head;
};

/* Mean cosine over all pairs across clusters a and b (pairs not in the
 * candidate list count 0), from each member's candidate pairs. */
static double mean_across(const struct link_similar *ls, const struct clusters *c,
			  const size_t *adj_start, const size_t *adj, size_t a, size_t b)
{
	double s = 0;
	size_t m, k;

	for (m = c->head[a]; m != (size_t)-1; m = c->next[m])
		for (k = adj_start[m]; k < adj_start[m + 1]; k++) {
			const struct pair *p = &ls->pairs[adj[k]];
			size_t other = p->a == m ? p->b : p->a;

			if (c->owner[other] == b)
				s += p->cos;
		}
	return s / ((double)c->size[a] * (double)c->size[b]);
}

static void merge(struct clusters *c, size_t a, size_t b)
{
	size_t m, last = (size_t)-1;

	for (m = c->head[b]; m != (size_t)-1; m = c->next[m]) {
		c->owner[m] = a;
		last = m;
	}
	c->next[last] = c->head[a];
	c->head[a] = c->head[b];
	c->head[b] = (size_t)-1;
	c->size[a] += c->size[b];
	c->size[b] = 0;
}

void link_similar_finish(struct link_similar *ls, double threshold)
{
	size_t *df = xcalloc(ls->nwords + 1, sizeof(*df));
	size_t *adj_start, *adj, *fill, *group_of;
	struct clusters c;
	size_t i, n = ls->ndocs ? ls->ndocs : 1;

	weigh(ls, df);
	find_pairs(ls, df, threshold);
	sort_ls = ls;
	if (ls->npairs)
		qsort(ls->pairs, ls->npairs, sizeof(*ls->pairs), by_cos);
	/* each doc's pairs, for mean_across */
	adj_start = xcalloc(n + 1, sizeof(*adj_start));
	for (i = 0; i < ls->npairs; i++) {
		adj_start[ls->pairs[i].a + 1]++;
		adj_start[ls->pairs[i].b + 1]++;
	}
	for (i = 0; i < ls->ndocs; i++)
		adj_start[i + 1] += adj_start[i];
	adj = xmalloc((2 * ls->npairs + 1) * sizeof(*adj));
	fill = xcalloc(n, sizeof(*fill));
	for (i = 0; i < ls->npairs; i++) {
		adj[adj_start[ls->pairs[i].a] + fill[ls->pairs[i].a]++] = i;
		adj[adj_start[ls->pairs[i].b] + fill[ls->pairs[i].b]++] = i;
	}
	c.owner = xmalloc(n * sizeof(size_t));
	c.next = xmalloc(n * sizeof(size_t));
	c.size = xmalloc(n * sizeof(size_t));
	c.head = xmalloc(n * sizeof(size_t));
	for (i = 0; i < ls->ndocs; i++) {
		c.owner[i] = c.head[i] = i;
		c.next[i] = (size_t)-1;
		c.size[i] = 1;
	}
	for (i = 0; i < ls->npairs; i++) {
		size_t a = c.owner[ls->pairs[i].a], b = c.owner[ls->pairs[i].b];

		if (a == b)
			continue;
		if (c.size[a] < c.size[b]) {
			size_t t = a;

			a = b;
			b = t;
		}
		if (mean_across(ls, &c, adj_start, adj, b, a) + 1e-12 >= threshold)
			merge(&c, a, b);
	}
	/* groups numbered by their first doc; a member's score is its mean
	 * cosine to the rest of its group */
	group_of = xmalloc(n * sizeof(*group_of));
	for (i = 0; i < ls->ndocs; i++)
		group_of[i] = (size_t)-1;
	for (i = 0; i < ls->ndocs; i++) {
		size_t o = c.owner[i], k;
		double s = 0;

		if (c.size[o] < 2)
			continue;
		if (group_of[o] == (size_t)-1)
			group_of[o] = ls->ngroups++;
		ls->docs[i].group = group_of[o];
		for (k = adj_start[i]; k < adj_start[i + 1]; k++) {
			const struct pair *p = &ls->pairs[adj[k]];

			if (c.owner[p->a == i ? p->b : p->a] == o)
				s += p->cos;
		}
		ls->docs[i].score = s / (double)(c.size[o] - 1);
	}
	free(group_of);
	free(c.owner);
	free(c.next);
	free(c.size);
	free(c.head);
	free(fill);
	free(adj);
	free(adj_start);
	free(df);
}

size_t link_similar_groups(const struct link_similar *ls)
{
	return ls->ngroups;
}

size_t link_similar_group(const struct link_similar *ls, size_t doc)
{
	return ls->docs[doc].group;
}

double link_similar_score(const struct link_similar *ls, size_t doc)
{
	return ls->docs[doc].score;
}

const char *link_similar_text(const struct link_similar *ls, size_t doc)
{
	return ls->docs[doc].text;
}

/* Whether doc d has the word (a stem) w: a binary search of its terms. */
static int has_word(const struct link_similar *ls, const struct doc *d, const char *w)
{
	size_t lo = 0, hi = d->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w, ls->words[d->v[mid].term]);

		if (!c)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

void link_similar_shared(const struct link_similar *ls, size_t a, size_t b, struct recur_buf *out)
{
	const char *p = ls->docs[a].text;
	char w[128], written[128];
	size_t start = out->len;

	/* the words of a's title, as written, whose stems b has; each once */
	while (next_word(&p, w, sizeof(w), written)) {
		const char *q = out->buf + start;
		size_t n = strlen(written);
		int dup = 0;

		while (!dup && (q = strstr(q, written)) != NULL) {
			dup = (q == out->buf + start || q[-1] == ' ') && (q[n] == ',' || !q[n]);
			q += n;
		}
		if (!dup && has_word(ls, &ls->docs[b], w))
			recur_buf_addf(out, "%s%s", out->len > start ? ", " : "", written);
	}
}
