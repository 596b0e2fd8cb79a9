/*
 * link_titles.c — which exports have titles that are codes, not words.
 *
 * Some exports have no free-text title: what fills it is a pick-list value
 * such as ServiceNow's u_symptom ("Symptom 72"). Masking the number would
 * merge different symptoms into one "problem", so link mines no signatures
 * from such titles. The rule, per source (one imported file), over its
 * non-empty titles, when it has at least CODES_MIN_TITLES of them:
 *
 *   codes      at least 90% are one to three words and a number, nothing
 *              else ("Symptom 72", "Category 42", "Problem ID 2"), or
 *   pick list  at least 200 titles, at most 5% of them distinct, and 90%
 *              short labels (one to three words, no digit: "Password reset").
 *              Free text keeps most titles distinct; a pick list repeats a
 *              few labels. Alert titles repeat too, but name hosts and
 *              figures ("Disk full on db-7 (91%)"): their signatures stay.
 *
 * One pass over (source_id, title), its first TITLES_SAMPLE titles per
 * source counted in C: the SQL spelling of the
 * same (count(DISTINCT title) per source) sorts every title, 25 times slower
 * at a million incidents. Distinct titles are counted by 64-bit hash.
 */
#include "link_internal.h"
#include "recur/db.h"
#include "recur/mem.h"

#include <stdlib.h>
#include <string.h>

#define CODES_MIN_TITLES 20
#define CODES_SHARE 0.9
#define PICK_MIN_TITLES 200
#define PICK_DISTINCT 0.05
/* A source's first titles decide for it: this many is a close estimate of
 * any share above, and bounds the work on a big export. */
#define TITLES_SAMPLE 50000

/* Counts for one source; a set of title hashes for its distinct titles. */
struct title_stats {
	long long source;
	long titles, codes, labels, distinct;
	unsigned long long *set;     /* open addressing; 0 = empty (a hash of 0 is taken as 1) */
	size_t cap;
	char example[64];            /* its first code-like title, else its first title */
};

static int is_letter(char c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

int link_title_is_code(const char *s)
{
	int words = 0, digits = 0;

	while (*s == ' ')
		s++;
	/* one to three words of letters ("Symptom", "Problem ID") ... */
	while (is_letter(*s) && words < 4) {
		while (is_letter(*s))
			s++;
		words++;
		while (*s == ' ' || *s == '_' || *s == '#' || *s == ':' || *s == '-')
			s++;
	}
	/* ... then a number, and nothing else */
	while (*s >= '0' && *s <= '9')
		s++, digits++;
	while (*s == ' ')
		s++;
	return words >= 1 && words <= 3 && digits > 0 && !*s;
}

/* One to three words and no digit: "Password reset". */
static int is_label(const char *s)
{
	int spaces = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			return 0;
		spaces += *s == ' ' && s[1] && s[1] != ' ';
	}
	return spaces <= 2;
}

static void add_distinct(struct title_stats *t, const char *title)
{
	unsigned long long h = link_hash(title);
	size_t i;

	h = h ? h : 1;
	if (2 * (size_t)(t->distinct + 1) > t->cap) {
		unsigned long long *old = t->set;
		size_t oldcap = t->cap, k;

		t->cap = t->cap ? 2 * t->cap : 1024;
		t->set = xcalloc(t->cap, sizeof(*t->set));
		for (k = 0; k < oldcap; k++)
			if (old[k])
				for (i = old[k] & (t->cap - 1); ; i = (i + 1) & (t->cap - 1))
					if (!t->set[i]) {
						t->set[i] = old[k];
						break;
					}
		free(old);
	}
	for (i = h & (t->cap - 1); t->set[i]; i = (i + 1) & (t->cap - 1))
		if (t->set[i] == h)
			return;
	t->set[i] = h;
	t->distinct++;
}

static int codes_rule(const struct title_stats *t)
{
	if (t->titles < CODES_MIN_TITLES)
		return 0;
	if ((double)t->codes >= CODES_SHARE * (double)t->titles)
		return 1;
	return t->titles >= PICK_MIN_TITLES &&
	       (double)t->distinct <= PICK_DISTINCT * (double)t->titles &&
	       (double)t->labels >= CODES_SHARE * (double)t->titles;
}

static struct title_stats *stats_of(struct title_stats **all, size_t *n, size_t *cap,
				    long long source)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*all)[i].source == source)
			return &(*all)[i];
	xgrow((void **)all, cap, *n + 1, sizeof(**all));
	memset(&(*all)[*n], 0, sizeof(**all));
	(*all)[*n].source = source;
	return &(*all)[(*n)++];
}

int link_code_sources(sqlite3 *db, struct link_code_sources *out, struct recur_error *err)
{
	struct title_stats *all = NULL;
	size_t n = 0, cap = 0, i;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (recur_db_prepare(db, "SELECT source_id, title FROM incidents WHERE title <> ''", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct title_stats *t = stats_of(&all, &n, &cap, sqlite3_column_int64(st, 0));
		const char *title = (const char *)sqlite3_column_text(st, 1);

		if (!title || t->titles >= TITLES_SAMPLE)
			continue;
		if (!t->titles++)
			snprintf(t->example, sizeof(t->example), "%s", title);
		if (link_title_is_code(title) && !t->codes++)
			snprintf(t->example, sizeof(t->example), "%s", title);
		t->labels += is_label(title);
		add_distinct(t, title);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		rc = recur_error_set(err, "cannot read titles: %s", sqlite3_errmsg(db));
	else
		rc = 0;
	for (i = 0; i < n; i++) {
		if (!rc && codes_rule(&all[i]) && out->n < LINK_MAX_CODE_SOURCES) {
			out->source[out->n] = all[i].source;
			snprintf(out->example[out->n++], sizeof(out->example[0]), "%s",
				 all[i].example);
		}
		free(all[i].set);
	}
	free(all);
	return rc;
}
