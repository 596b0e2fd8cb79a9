/*
 * link_map.c — the string map and the hash the link layer shares.
 *
 * Open addressing with linear probing; keys are copied and owned by the map.
 * link_hash is FNV-1a 64: problem ids are derived from it, so it must never
 * change (test_link checks fixed values).
 */
#include "link_internal.h"
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
	free(m->hashes);
	memset(m, 0, sizeof(*m));
}

static size_t slot(const struct link_map *m, const char *key, unsigned long long h)
{
	size_t i = (size_t)h & (m->cap - 1);

	while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key)))
		i = (i + 1) & (m->cap - 1);
	return i;
}

size_t link_map_get(const struct link_map *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return (size_t)-1;
	i = slot(m, key, link_hash(key));
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
	bigger.hashes = xcalloc(bigger.cap, sizeof(*bigger.hashes));
	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		for (j = (size_t)m->hashes[i] & (bigger.cap - 1); bigger.keys[j];
		     j = (j + 1) & (bigger.cap - 1))
			;
		bigger.keys[j] = m->keys[i];
		bigger.vals[j] = m->vals[i];
		bigger.hashes[j] = m->hashes[i];
	}
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	*m = bigger;
}

size_t link_map_put(struct link_map *m, const char *key, size_t val)
{
	unsigned long long h = link_hash(key);
	size_t i;

	if ((m->len + 1) * 2 > m->cap)
		rehash(m);
	i = slot(m, key, h);
	if (m->keys[i])
		return m->vals[i];
	m->keys[i] = xstrdup(key);
	m->vals[i] = val;
	m->hashes[i] = h;
	m->len++;
	return val;
}
