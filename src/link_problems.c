/*
 * link_problems.c — problem ids, and writing one run's problems and links.
 *
 * A problem's id is "PRB-" + the first 8 hex digits of the FNV-1a 64 hash of
 * its key, so the same key has the same id on every run and every machine.
 * A key that is already in the database keeps the id it has; should two keys
 * ever share 8 digits, the one sorting later by key gets 11 digits instead.
 * Writing brings problem_links to exactly the computed links, by
 * difference (source links come back unchanged from the incidents'
 * problem_ref), and deletes problems no key produces any more, so the result
 * depends only on the data and the rules. Problem rows are
 * upserted, not replaced: a signature or source problem keeps the status,
 * root cause and workaround a problem manager wrote into it; a rule problem
 * takes them from its rule. Statements are prepared once per run.
 */
#include "link_internal.h"
#include "recur/db.h"
#include "recur/link.h"
#include "recur/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void make_id(const char *key, int digits, char out[16])
{
	char hex[17];

	snprintf(hex, sizeof(hex), "%016llx", link_hash(key));
	snprintf(out, 16, "PRB-%.*s", digits, hex);
}

void recur_link_problem_id(const char *key, char out[16])
{
	make_id(key, 8, out);
}

struct link_set *link_set_new(void)
{
	struct link_set *s = xcalloc(1, sizeof(*s));

	link_map_init(&s->keys);
	recur_buf_init(&s->reasons, 0);
	return s;
}

void link_set_free(struct link_set *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nproblems; i++) {
		free(s->problems[i].key);
		free(s->problems[i].title);
		free(s->problems[i].template);
		free(s->problems[i].service);
		free(s->problems[i].pick);
	}
	free(s->problems);
	free(s->links);
	link_map_release(&s->keys);
	recur_buf_release(&s->reasons);
	free(s);
}

size_t link_set_problem(struct link_set *s, const char *key, const char *method)
{
	size_t p = link_map_put(&s->keys, key, s->nproblems);

	if (p < s->nproblems)
		return p;
	xgrow((void **)&s->problems, &s->pcap, s->nproblems + 1, sizeof(*s->problems));
	memset(&s->problems[p], 0, sizeof(s->problems[p]));
	s->problems[p].key = xstrdup(key);
	s->problems[p].method = method;
	return s->nproblems++;
}

void link_set_add(struct link_set *s, size_t problem, const struct link_entry *e, const char *reason)
{
	struct link_entry *l;

	xgrow((void **)&s->links, &s->lcap, s->nlinks + 1, sizeof(*s->links));
	l = &s->links[s->nlinks++];
	*l = *e;
	l->problem = problem;
	l->reason = LINK_NO_REASON;
	if (reason) {
		l->reason = s->reasons.len;
		recur_buf_add(&s->reasons, reason, strlen(reason) + 1);
	}
}

/* first/last seen, count and impact of each problem, from its links. */
static void add_up(struct link_set *s)
{
	size_t i;

	for (i = 0; i < s->nlinks; i++) {
		const struct link_entry *e = &s->links[i];
		struct link_problem *p;

		if (e->problem == LINK_PENDING)
			continue;
		p = &s->problems[e->problem];
		p->count++;
		if (e->has_opened) {
			if (!p->seen || e->opened < p->first_seen)
				p->first_seen = e->opened;
			if (!p->seen || e->opened > p->last_seen)
				p->last_seen = e->opened;
			p->seen = 1;
		}
		if (e->has_opened && e->has_resolved && e->resolved >= e->opened) {
			p->impact += (double)(e->resolved - e->opened) / 60.0;
			p->has_impact = 1;
		}
	}
}

/* Existing problems: key → index in *ids (caller frees both). */
static int load_existing(sqlite3 *db, struct link_map *keys, char ***ids, size_t *n,
			 struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (recur_db_prepare(db, "SELECT id, key FROM problems ORDER BY key", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)ids, &cap, *n + 1, sizeof(**ids));
		(*ids)[*n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		link_map_put(keys, (const char *)sqlite3_column_text(st, 1), *n);
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read problems: %s", sqlite3_errmsg(db));
	return 0;
}

static const struct link_set *sort_set;

static int by_key(const void *a, const void *b)
{
	return strcmp(sort_set->problems[*(const size_t *)a].key,
		      sort_set->problems[*(const size_t *)b].key);
}

/* Ids: kept from the database by key, else derived from the key. */
static void assign_ids(struct link_set *s, const struct link_map *old_keys, char **old_ids)
{
	struct link_map used;
	size_t *order = xmalloc((s->nproblems ? s->nproblems : 1) * sizeof(*order));
	size_t i, o;

	link_map_init(&used);
	for (i = 0; i < s->nproblems; i++)
		order[i] = i;
	sort_set = s;
	qsort(order, s->nproblems, sizeof(*order), by_key);
	for (i = 0; i < s->nproblems; i++) {
		struct link_problem *p = &s->problems[order[i]];

		o = link_map_get(old_keys, p->key);
		if (o != (size_t)-1 && strlen(old_ids[o]) < sizeof(p->id)) {
			snprintf(p->id, sizeof(p->id), "%s", old_ids[o]);
			link_map_put(&used, p->id, order[i]);
		}
	}
	for (i = 0; i < s->nproblems; i++) {
		struct link_problem *p = &s->problems[order[i]];

		if (p->id[0])
			continue;
		recur_link_problem_id(p->key, p->id);
		if (link_map_put(&used, p->id, order[i]) != order[i]) {
			make_id(p->key, 11, p->id);
			link_map_put(&used, p->id, order[i]);
		}
	}
	link_map_release(&used);
	free(order);
}

/* Deletes the problems no key of this run produces (their links go in
 * merge_links). */
static int delete_old(sqlite3 *db, const struct link_set *s, const struct link_map *old_keys,
		      char **old_ids, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (recur_db_prepare(db, "DELETE FROM problems WHERE id = ?1", &st, err))
		return -1;
	for (i = 0; i < old_keys->cap && !rc; i++) {
		const char *key = old_keys->keys[i];

		if (!key || link_map_get(&s->keys, key) != (size_t)-1)
			continue;
		sqlite3_bind_text(st, 1, old_ids[old_keys->vals[i]], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = recur_error_set(err, "cannot delete problem: %s", sqlite3_errmsg(db));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Rule problems take title, status, root cause and workaround from the rule
 * (NULL when the rule leaves them out); other problems keep what they have. */
static const char upsert_sql[] =
	"INSERT INTO problems (id, key, title, template, service, method, status, root_cause, "
	"workaround, first_seen, last_seen, incident_count, impact_minutes, updated_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
	"ON CONFLICT (id) DO UPDATE SET title = excluded.title, template = excluded.template, "
	"service = excluded.service, method = excluded.method, "
	"status = iif(excluded.method = 'rule', excluded.status, status), "
	"root_cause = iif(excluded.method = 'rule', excluded.root_cause, root_cause), "
	"workaround = iif(excluded.method = 'rule', excluded.workaround, workaround), "
	"first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
	"incident_count = excluded.incident_count, impact_minutes = excluded.impact_minutes, "
	"updated_at = excluded.updated_at "
	"WHERE title IS NOT excluded.title OR template IS NOT excluded.template "
	"OR service IS NOT excluded.service OR method IS NOT excluded.method "
	"OR first_seen IS NOT excluded.first_seen OR last_seen IS NOT excluded.last_seen "
	"OR incident_count IS NOT excluded.incident_count "
	"OR impact_minutes IS NOT excluded.impact_minutes "
	"OR (excluded.method = 'rule' AND (status IS NOT excluded.status "
	"OR root_cause IS NOT excluded.root_cause OR workaround IS NOT excluded.workaround))";

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_problem(sqlite3_stmt *st, const struct link_problem *p, long long now)
{
	const struct link_rule *r = p->rule;

	sqlite3_clear_bindings(st);
	bind_text(st, 1, p->id);
	bind_text(st, 2, p->key);
	bind_text(st, 3, r ? (r->title ? r->title : r->name) : p->title);
	bind_text(st, 4, p->template);
	bind_text(st, 5, r ? r->service_text : p->service);
	bind_text(st, 6, p->method);
	if (r) {
		bind_text(st, 7, r->status);
		bind_text(st, 8, r->root_cause);
		bind_text(st, 9, r->workaround);
	}
	if (p->seen) {
		sqlite3_bind_int64(st, 10, p->first_seen);
		sqlite3_bind_int64(st, 11, p->last_seen);
	}
	sqlite3_bind_int64(st, 12, p->count);
	if (p->has_impact)
		sqlite3_bind_double(st, 13, p->impact);
	sqlite3_bind_int64(st, 14, now);
}

static int upsert_problems(sqlite3 *db, const struct link_set *s, long long now,
			   struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (recur_db_prepare(db, upsert_sql, &st, err))
		return -1;
	for (i = 0; i < s->nproblems && !rc; i++) {
		bind_problem(st, &s->problems[i], now);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = recur_error_set(err, "cannot write problem '%s': %s", s->problems[i].key,
					     sqlite3_errmsg(db));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static const struct link_entry *sort_links;

static int by_incident(const void *a, const void *b)
{
	long long x = sort_links[*(const size_t *)a].incident;
	long long y = sort_links[*(const size_t *)b].incident;

	return (x > y) - (x < y);
}

/* The decided links ordered by incident: caller frees, *n is set. */
static size_t *links_by_incident(const struct link_set *s, size_t *n)
{
	size_t *order = xmalloc((s->nlinks ? s->nlinks : 1) * sizeof(*order));
	size_t i;

	for (i = 0, *n = 0; i < s->nlinks; i++)
		if (s->links[i].problem != LINK_PENDING)
			order[(*n)++] = i;
	sort_links = s->links;
	qsort(order, *n, sizeof(*order), by_incident);
	return order;
}

static void make_reason(const struct link_set *s, const struct link_entry *e, struct recur_buf *out)
{
	const struct link_problem *p = &s->problems[e->problem];

	recur_buf_reset(out);
	if (e->reason != LINK_NO_REASON)
		recur_buf_adds(out, s->reasons.buf + e->reason);
	else
		recur_buf_addf(out, "signature '%s' (similarity %.2f)", p->template ? p->template : "",
			       e->score);
}

/* The statements of a link merge, prepared once. */
struct merge {
	sqlite3_stmt *old, *del, *ins;
	struct recur_buf reason;
};

static const char *const merge_sql[3] = {
	"SELECT incident_id, problem_id, method, score, reason FROM problem_links "
	"ORDER BY incident_id, problem_id",
	"DELETE FROM problem_links WHERE problem_id = ?1 AND incident_id = ?2",
	"INSERT INTO problem_links (problem_id, incident_id, method, score, reason) "
	"VALUES (?1, ?2, ?3, ?5, ?4)",
};

/* Scores are stored with 3 decimals, so a re-run compares equal. */
static double round_score(double x)
{
	return (double)(long long)(x * 1000.0 + 0.5) / 1000.0;
}

/* Whether the stored link at m->old is exactly link e. */
static int same_link(const struct link_set *s, const struct link_entry *e, struct merge *m)
{
	const struct link_problem *p = &s->problems[e->problem];
	const char *reason = (const char *)sqlite3_column_text(m->old, 4);

	if (strcmp((const char *)sqlite3_column_text(m->old, 1), p->id) ||
	    strcmp((const char *)sqlite3_column_text(m->old, 2), p->method) ||
	    sqlite3_column_type(m->old, 3) == SQLITE_NULL ||
	    sqlite3_column_double(m->old, 3) != round_score(e->score) ||
	    !reason)
		return 0;
	make_reason(s, e, &m->reason);
	return !strcmp(reason, m->reason.buf);
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, struct recur_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot write problem links: %s", sqlite3_errmsg(db));
	return 0;
}

/* Finds the stored links this run does not produce (into stale: pairs of
 * incident id and problem id, NUL-separated) and marks the kept ones. */
static int find_stale(sqlite3 *db, const struct link_set *s, const size_t *order, size_t n,
		      char *kept, struct merge *m, struct recur_buf *stale, struct recur_error *err)
{
	size_t j = 0;
	int rc;

	while ((rc = sqlite3_step(m->old)) == SQLITE_ROW) {
		long long inc = sqlite3_column_int64(m->old, 0);

		while (j < n && s->links[order[j]].incident < inc)
			j++;
		if (j < n && s->links[order[j]].incident == inc && !kept[j] &&
		    same_link(s, &s->links[order[j]], m)) {
			kept[j] = 1;
			continue;
		}
		recur_buf_addf(stale, "%lld", inc);
		recur_buf_addch(stale, '\0');
		recur_buf_adds(stale, (const char *)sqlite3_column_text(m->old, 1));
		recur_buf_addch(stale, '\0');
	}
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read problem links: %s", sqlite3_errmsg(db));
	return 0;
}

static int delete_stale(sqlite3 *db, const struct recur_buf *stale, struct merge *m,
			struct recur_error *err)
{
	const char *p = stale->buf, *end = stale->buf + stale->len;

	while (p < end) {
		const char *id = p + strlen(p) + 1;

		sqlite3_bind_text(m->del, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(m->del, 2, strtoll(p, NULL, 10));
		if (step_done(db, m->del, err))
			return -1;
		p = id + strlen(id) + 1;
	}
	return 0;
}

static int insert_new(sqlite3 *db, const struct link_set *s, const size_t *order, size_t n,
		      const char *kept, struct merge *m, struct recur_error *err)
{
	size_t j;

	for (j = 0; j < n; j++) {
		const struct link_entry *e = &s->links[order[j]];
		const struct link_problem *p = &s->problems[e->problem];

		if (kept[j])
			continue;
		make_reason(s, e, &m->reason);
		sqlite3_bind_text(m->ins, 1, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(m->ins, 2, e->incident);
		sqlite3_bind_text(m->ins, 3, p->method, -1, SQLITE_STATIC);
		sqlite3_bind_text(m->ins, 4, m->reason.buf, (int)m->reason.len, SQLITE_STATIC);
		sqlite3_bind_double(m->ins, 5, round_score(e->score));
		if (step_done(db, m->ins, err))
			return -1;
	}
	return 0;
}

/*
 * Brings problem_links to the computed links by difference: a re-run on
 * mostly the same incidents writes only what changed, which matters at a
 * million links. Stored and computed links are walked in incident order.
 */
static int merge_links(sqlite3 *db, const struct link_set *s, struct recur_error *err)
{
	struct merge m = { NULL, NULL, NULL, RECUR_BUF_INIT };
	struct recur_buf stale = RECUR_BUF_INIT;
	size_t n, *order = links_by_incident(s, &n);
	char *kept = xcalloc(n ? n : 1, 1);
	int rc = -1;

	if (recur_db_prepare(db, merge_sql[0], &m.old, err) ||
	    recur_db_prepare(db, merge_sql[1], &m.del, err) ||
	    recur_db_prepare(db, merge_sql[2], &m.ins, err))
		goto out;
	/* the read finishes before any write to the table it reads */
	if (find_stale(db, s, order, n, kept, &m, &stale, err))
		goto out;
	sqlite3_finalize(m.old);
	m.old = NULL;
	if (delete_stale(db, &stale, &m, err))
		goto out;
	rc = insert_new(db, s, order, n, kept, &m, err);
out:
	sqlite3_finalize(m.old);
	sqlite3_finalize(m.del);
	sqlite3_finalize(m.ins);
	recur_buf_release(&m.reason);
	recur_buf_release(&stale);
	free(kept);
	free(order);
	return rc;
}

int link_set_write(sqlite3 *db, struct link_set *s, long long now, struct recur_error *err)
{
	struct link_map old_keys;
	char **old_ids = NULL;
	size_t nold = 0, i;
	int rc = -1;

	link_map_init(&old_keys);
	add_up(s);
	if (load_existing(db, &old_keys, &old_ids, &nold, err))
		goto out;
	assign_ids(s, &old_keys, old_ids);
	if (delete_old(db, s, &old_keys, old_ids, err) || upsert_problems(db, s, now, err) ||
	    merge_links(db, s, err))
		goto out;
	rc = 0;
out:
	for (i = 0; i < nold; i++)
		free(old_ids[i]);
	free(old_ids);
	link_map_release(&old_keys);
	return rc;
}
