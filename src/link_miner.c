/*
 * link_miner.c — signature mining, and the string map the link layer uses.
 *
 * The miner groups incidents by signature: the masked title (link_mask.c)
 * within a service. Today a group is an exact masked template; Drain-style
 * clustering (templates with <*> that merge near-identical titles) will
 * replace the inside of link_miner_add without changing its callers, which
 * is why templates and keys are read only after all titles are added. The
 * miner knows nothing of the database or of thresholds (link.c decides which
 * groups become problems). Nothing depends on the order titles come in.
 */
#include "link_internal.h"
#include "recur/link.h"
#include "recur/mem.h"

#include <stdlib.h>
#include <string.h>

unsigned long long link_hash(const char *s)
{
	unsigned long long h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void link_map_init(struct link_map *m)
{
	memset(m, 0, sizeof(*m));
}

void link_map_release(struct link_map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static size_t slot(const struct link_map *m, const char *key)
{
	size_t i = (size_t)link_hash(key) & (m->cap - 1);

	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

size_t link_map_get(const struct link_map *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return (size_t)-1;
	i = slot(m, key);
	return m->keys[i] ? m->vals[i] : (size_t)-1;
}

static void rehash(struct link_map *m)
{
	struct link_map bigger;
	size_t i, j;

	bigger.cap = m->cap ? m->cap * 2 : 64;
	bigger.len = m->len;
	bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
	bigger.vals = xcalloc(bigger.cap, sizeof(*bigger.vals));
	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		j = slot(&bigger, m->keys[i]);
		bigger.keys[j] = m->keys[i];
		bigger.vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	*m = bigger;
}

size_t link_map_put(struct link_map *m, const char *key, size_t val)
{
	size_t i;

	if ((m->len + 1) * 2 > m->cap)
		rehash(m);
	i = slot(m, key);
	if (m->keys[i])
		return m->vals[i];
	m->keys[i] = xstrdup(key);
	m->vals[i] = val;
	m->len++;
	return val;
}

struct group {
	char *key;           /* "sig:service:template" */
	size_t tmpl_at;      /* where the template starts in key */
	char *service;       /* the smallest spelling seen (strcmp), or NULL */
};

struct link_miner {
	struct link_map map; /* key → group */
	struct group *groups;
	size_t n, cap;
	struct recur_buf masked, key;
};

struct link_miner *link_miner_new(void)
{
	struct link_miner *m = xcalloc(1, sizeof(*m));

	link_map_init(&m->map);
	recur_buf_init(&m->masked, 0);
	recur_buf_init(&m->key, 0);
	return m;
}

void link_miner_free(struct link_miner *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->groups[i].key);
		free(m->groups[i].service);
	}
	free(m->groups);
	link_map_release(&m->map);
	recur_buf_release(&m->masked);
	recur_buf_release(&m->key);
	free(m);
}

size_t link_miner_add(struct link_miner *m, const char *service, const char *title)
{
	size_t g, at;
	const char *p;

	if (!title)
		return LINK_NO_MATCH;
	recur_buf_reset(&m->masked);
	recur_link_mask(title, &m->masked);
	if (!m->masked.len)
		return LINK_NO_MATCH;
	recur_buf_reset(&m->key);
	recur_buf_adds(&m->key, "sig:");
	for (p = service ? service : ""; *p; p++)
		recur_buf_addch(&m->key, *p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	recur_buf_addch(&m->key, ':');
	at = m->key.len;
	recur_buf_add(&m->key, m->masked.buf, m->masked.len);
	g = link_map_put(&m->map, m->key.buf, m->n);
	if (g < m->n) {
		/* spellings of a service differ in case only; keep the first by value */
		struct group *gr = &m->groups[g];

		if (service && *service && (!gr->service || strcmp(service, gr->service) < 0)) {
			free(gr->service);
			gr->service = xstrdup(service);
		}
		return g;
	}
	xgrow((void **)&m->groups, &m->cap, m->n + 1, sizeof(*m->groups));
	m->groups[g].key = xstrndup(m->key.buf, m->key.len);
	m->groups[g].tmpl_at = at;
	m->groups[g].service = service && *service ? xstrdup(service) : NULL;
	return m->n++;
}

size_t link_miner_groups(const struct link_miner *m)
{
	return m->n;
}

const char *link_miner_key(const struct link_miner *m, size_t group)
{
	return m->groups[group].key;
}

const char *link_miner_template(const struct link_miner *m, size_t group)
{
	return m->groups[group].key + m->groups[group].tmpl_at;
}

const char *link_miner_service(const struct link_miner *m, size_t group)
{
	return m->groups[group].service;
}
