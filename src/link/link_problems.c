/*
 * link_problems.c — problem ids, and writing one run's problems and links.
 *
 * A problem's id is "PRB-" + the first 8 hex digits of the FNV-1a 64 hash of
 * its key, so the same key has the same id on every run and every machine.
 * A key that is already in the database keeps the id it has; a new mined
 * problem whose key is new (more data made its template more general)
 * takes the id of the old mined problem that held most of its incidents,
 * read from the stored links of the old problems that went (inherit_ids:
 * a few hundred problems in a month, not every link); should two keys ever
 * share 8 digits, the one sorting later by key gets 11 digits instead.
 * Recurring (min incidents within a window) is decided here and stored.
 * Writing brings problem_links to exactly the computed links, by
 * difference (link_rows.c; source links come back unchanged from the
 * incidents' problem_ref), and deletes problems no key produces any more, so the result
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
#include <stdarg.h>
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
		free(s->problems[i].scope);
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
	if (reason)
		link_set_reason(s, s->nlinks - 1, reason);
}

void link_set_reason(struct link_set *s, size_t i, const char *reason)
{
	/* offsets are 32 bits: 4 GB of reason text is far beyond any history */
	if (s->reasons.len >= LINK_NO_REASON) {
		fputs("recur: link: over 4 GB of link reasons\n", stderr);
		abort();
	}
	s->links[i].reason = (uint32_t)s->reasons.len;
	recur_buf_add(&s->reasons, reason, strlen(reason) + 1);
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
			p->impact_s += e->resolved - e->opened;
			p->has_impact = 1;
		}
	}
}

static const struct link_entry *sort_links;

static int by_problem_opened(const void *a, const void *b)
{
	const struct link_entry *x = &sort_links[*(const size_t *)a];
	const struct link_entry *y = &sort_links[*(const size_t *)b];

	if (x->problem != y->problem)
		return x->problem < y->problem ? -1 : 1;
	return (x->opened > y->opened) - (x->opened < y->opened);
}

/* Marks the problems with rec->min incidents opened within rec->window
 * seconds (a sliding window over each problem's open times; incidents
 * without one do not count). Without a window the count decides. */
static void mark_recurring(struct link_set *s, const struct link_recurring *rec)
{
	size_t *order, n = 0, i, j;

	for (i = 0; i < s->nproblems; i++)
		s->problems[i].recurring = !rec->window && s->problems[i].count >= rec->min;
	if (!rec->window)
		return;
	order = xmalloc((s->nlinks ? s->nlinks : 1) * sizeof(*order));
	for (i = 0; i < s->nlinks; i++)
		if (s->links[i].problem != LINK_PENDING && s->links[i].has_opened)
			order[n++] = i;
	sort_links = s->links;
	qsort(order, n, sizeof(*order), by_problem_opened);
	for (i = 0, j = 0; i < n; i++) {
		const struct link_entry *e = &s->links[order[i]];

		/* j: the first link of e's problem opened within the window before e */
		while (s->links[order[j]].problem != e->problem ||
		       e->opened - s->links[order[j]].opened > rec->window)
			j++;
		if ((long)(i - j + 1) >= rec->min)
			s->problems[e->problem].recurring = 1;
	}
	free(order);
}

/* The problems of the last run: id, key and whether mined (caller
 * releases with release_old). */
struct old {
	char **ids;
	unsigned char *sig;        /* mined: 1 'signature', 2 'similar'; 0 otherwise */
	unsigned char *kept;       /* this run produces its key again */
	unsigned char *keep;       /* written by a person: a rule's, or a status, root cause or
				      workaround; retired, never removed, when no incident is left */
	unsigned char *retired;    /* retired by an earlier run */
	size_t n;
	struct link_map keys;      /* key → index */
	struct link_map by_id;     /* id → index */
};

static void release_old(struct old *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		free(o->ids[i]);
	free(o->ids);
	free(o->sig);
	free(o->kept);
	free(o->keep);
	free(o->retired);
	link_map_release(&o->keys);
	link_map_release(&o->by_id);
}

/* Reads the existing problems into o. */
static int load_existing(sqlite3 *db, struct old *o, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	memset(o, 0, sizeof(*o));
	link_map_init(&o->keys);
	link_map_init(&o->by_id);
	if (recur_db_prepare(db, "SELECT id, key, CASE method WHEN 'signature' THEN 1 WHEN 'similar' "
			     "THEN 2 ELSE 0 END, method = 'rule' OR "
			     "status IS NOT NULL OR root_cause IS NOT NULL OR workaround IS NOT NULL, "
			     "retired_at IS NOT NULL FROM problems ORDER BY key", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t c = cap;

		xgrow((void **)&o->ids, &cap, o->n + 1, sizeof(*o->ids));
		if (cap != c) {
			o->sig = xrealloc(o->sig, cap);
			o->kept = xrealloc(o->kept, cap);
			o->keep = xrealloc(o->keep, cap);
			o->retired = xrealloc(o->retired, cap);
		}
		o->ids[o->n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		o->sig[o->n] = (unsigned char)sqlite3_column_int(st, 2);
		o->keep[o->n] = (unsigned char)sqlite3_column_int(st, 3);
		o->retired[o->n] = (unsigned char)sqlite3_column_int(st, 4);
		o->kept[o->n] = 0;
		link_map_put(&o->keys, (const char *)sqlite3_column_text(st, 1), o->n);
		link_map_put(&o->by_id, o->ids[o->n], o->n);
		o->n++;
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

/* One (new problem, old problem) pair sharing an incident. */
struct pair {
	size_t p, o;
	long n;
};

static int by_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return (x->o > y->o) - (x->o < y->o);
}

static struct old *sort_old;

/* Most shared incidents first, then by new key and old id: never row order. */
static int by_share(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	if ((c = strcmp(sort_set->problems[x->p].key, sort_set->problems[y->p].key)))
		return c;
	return strcmp(sort_old->ids[x->o], sort_old->ids[y->o]);
}


/*
 * The (new, old) pairs of signature problems, one per incident that was
 * linked to a mined problem whose key this run does not produce and is now
 * linked to a mined problem that has no id yet, counted (*n pairs).
 */
/* A mined method's kind as struct old keeps it: 1 signature, 2 similar, else 0. */
static int mined_kind(const char *method)
{
	return !strcmp(method, "signature") ? 1 : !strcmp(method, "similar") ? 2 : 0;
}

/* The decided link of incident inc, by bisection of order (links by
 * incident), or NULL. */
static const struct link_entry *link_of(const struct link_set *s, const size_t *order, size_t n,
					long long inc)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->links[order[mid]].incident < inc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && s->links[order[lo]].incident == inc ? &s->links[order[lo]] : NULL;
}

/* Reads only the links of the old mined problems this run does not
 * produce again (through problem_link_reasons' index by problem), not the
 * whole table: a month's run has a few hundred such problems. */
static int shared_incidents(sqlite3 *db, const struct link_set *s, struct old *o,
			    struct pair **out, size_t *n, struct recur_error *err)
{
	static const char sql[] = "SELECT l.incident_id FROM problem_link_reasons r "
				  "JOIN problem_link_rows l ON l.reason_id = r.id WHERE r.problem_id = ?1";
	size_t nl, *order = link_set_by_incident(s, &nl), cap = 0, i, k;
	struct pair *pairs = NULL;
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	*n = 0;
	*out = NULL;
	if (recur_db_prepare(db, sql, &st, err)) {
		free(order);
		return -1;
	}
	for (k = 0; k < o->n && rc == SQLITE_DONE; k++) {
		if (!o->sig[k] || o->kept[k])
			continue;
		sqlite3_bind_text(st, 1, o->ids[k], -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const struct link_entry *e = link_of(s, order, nl, sqlite3_column_int64(st, 0));

			if (!e || s->problems[e->problem].id[0] ||
			    mined_kind(s->problems[e->problem].method) != o->sig[k])
				continue;
			xgrow((void **)&pairs, &cap, *n + 1, sizeof(*pairs));
			pairs[(*n)++] = (struct pair){ e->problem, k, 1 };
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(order);
	if (rc != SQLITE_DONE) {
		free(pairs);
		return recur_error_set(err, "cannot read problem links: %s", sqlite3_errmsg(db));
	}
	if (*n)
		qsort(pairs, *n, sizeof(*pairs), by_pair);
	for (i = 0, k = 0; i < *n; i++) {
		if (k && pairs[k - 1].p == pairs[i].p && pairs[k - 1].o == pairs[i].o)
			pairs[k - 1].n++;
		else
			pairs[k++] = pairs[i];
	}
	*n = k;
	*out = pairs;
	return 0;
}

/*
 * When more data makes a template more general (a word becomes <*>), its
 * key changes. Such a new mined problem takes the id of the old mined
 * problem that held most of its incidents, if that id is free: pairs are
 * taken greedily, most shared incidents first, so an old problem that
 * split goes on in the part that kept most of it.
 */
static int inherit_ids(sqlite3 *db, struct link_set *s, struct old *o, struct link_map *used,
		       struct recur_error *err)
{
	size_t n, i, *taken;
	struct pair *pairs;

	if (shared_incidents(db, s, o, &pairs, &n, err))
		return -1;
	sort_set = s;
	sort_old = o;
	if (n)
		qsort(pairs, n, sizeof(*pairs), by_share);
	taken = xcalloc(o->n ? o->n : 1, sizeof(*taken));
	for (i = 0; i < n; i++) {
		struct link_problem *p = &s->problems[pairs[i].p];

		if (p->id[0] || taken[pairs[i].o] || strlen(o->ids[pairs[i].o]) >= sizeof(p->id))
			continue;
		taken[pairs[i].o] = 1;
		snprintf(p->id, sizeof(p->id), "%s", o->ids[pairs[i].o]);
		link_map_put(used, p->id, pairs[i].p);
	}
	free(taken);
	free(pairs);
	return 0;
}

/*
 * Ids: kept from the database by key; else, for a mined problem, inherited
 * from the old mined problem that held most of its incidents; else derived
 * from the key. used gets every id of this run.
 */
static int assign_ids(sqlite3 *db, struct link_set *s, struct old *o, struct link_map *used,
		      struct recur_error *err)
{
	size_t *order = xmalloc((s->nproblems ? s->nproblems : 1) * sizeof(*order));
	size_t i, k, orphans = 0, missing = 0;
	int rc = -1;

	for (i = 0; i < s->nproblems; i++)
		order[i] = i;
	sort_set = s;
	qsort(order, s->nproblems, sizeof(*order), by_key);
	for (i = 0; i < s->nproblems; i++) {
		struct link_problem *p = &s->problems[order[i]];

		k = link_map_get(&o->keys, p->key);
		if (k != (size_t)-1 && strlen(o->ids[k]) < sizeof(p->id)) {
			snprintf(p->id, sizeof(p->id), "%s", o->ids[k]);
			link_map_put(used, p->id, order[i]);
			o->kept[k] = 1;
		} else if (mined_kind(p->method)) {
			missing++;
		}
	}
	for (k = 0; k < o->n; k++)
		orphans += o->sig[k] && !o->kept[k];
	/* only when a mined problem is new and an old one went: no read otherwise */
	if (missing && orphans && inherit_ids(db, s, o, used, err))
		goto out;
	for (i = 0; i < s->nproblems; i++) {
		struct link_problem *p = &s->problems[order[i]];

		if (p->id[0])
			continue;
		recur_link_problem_id(p->key, p->id);
		if (link_map_put(used, p->id, order[i]) != order[i]) {
			make_id(p->key, 11, p->id);
			link_map_put(used, p->id, order[i]);
		}
	}
	rc = 0;
out:
	free(order);
	return rc;
}

static const char *const old_sql[2] = {
	"DELETE FROM problems WHERE id = ?1",
	"UPDATE problems SET retired_at = ?2, updated_at = ?2, incident_count = 0, recurring = 0, "
	"impact_minutes = NULL WHERE id = ?1 RETURNING title",
};

void link_note_add(char *buf, size_t size, const char *sep, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;
	int n;

	if (size - len <= 4)
		return; /* full, and already cut */
	if (len) {
		snprintf(buf + len, size - len, "%s", sep);
		len = strlen(buf);
	}
	va_start(ap, fmt);
	n = vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - len)
		snprintf(buf + size - 4, 4, "…");
}

/*
 * The problems whose id this run does not use: one that carries what a
 * person wrote is retired (kept, with no incidents; named in r), a mined
 * one is removed (counted). Their links go in merge_links.
 */
static int settle_old(sqlite3 *db, const struct old *o, const struct link_map *used,
		      long long now, struct recur_link_result *r, struct recur_error *err)
{
	sqlite3_stmt *st[2] = { NULL, NULL };
	size_t i;
	int rc = 0, k, step;

	if (recur_db_prepare(db, old_sql[0], &st[0], err) ||
	    recur_db_prepare(db, old_sql[1], &st[1], err)) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < o->n && !rc; i++) {
		if (link_map_get(used, o->ids[i]) != (size_t)-1 || o->retired[i])
			continue;
		k = o->keep[i];
		sqlite3_bind_text(st[k], 1, o->ids[i], -1, SQLITE_STATIC);
		if (k)
			sqlite3_bind_int64(st[k], 2, now);
		step = sqlite3_step(st[k]);
		if (k && step == SQLITE_ROW) {
			link_note_add(r->retired_list, sizeof(r->retired_list), "; ", "%s %s",
				      o->ids[i], sqlite3_column_text(st[k], 0)
				      ? (const char *)sqlite3_column_text(st[k], 0) : "");
			r->retired++;
			step = sqlite3_step(st[k]);
		} else if (!k && step == SQLITE_DONE) {
			r->removed++;
		}
		if (step != SQLITE_DONE)
			rc = recur_error_set(err, "cannot %s problem '%s': %s", k ? "retire" : "remove",
					     o->ids[i], sqlite3_errmsg(db));
		sqlite3_reset(st[k]);
	}
out:
	sqlite3_finalize(st[0]);
	sqlite3_finalize(st[1]);
	return rc;
}

/* Rule problems take title, status, root cause and workaround from the rule
 * (NULL when the rule leaves them out); other problems keep what they have. */
static const char upsert_sql[] =
	"INSERT INTO problems (id, key, title, template, service, method, status, root_cause, "
	"workaround, first_seen, last_seen, incident_count, impact_minutes, updated_at, recurring) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
	"ON CONFLICT (id) DO UPDATE SET key = excluded.key, title = excluded.title, "
	"template = excluded.template, recurring = excluded.recurring, "
	"service = excluded.service, method = excluded.method, "
	"status = iif(excluded.method = 'rule', excluded.status, status), "
	"root_cause = iif(excluded.method = 'rule', excluded.root_cause, root_cause), "
	"workaround = iif(excluded.method = 'rule', excluded.workaround, workaround), "
	"first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
	"incident_count = excluded.incident_count, impact_minutes = excluded.impact_minutes, "
	"updated_at = excluded.updated_at, retired_at = NULL "
	"WHERE retired_at IS NOT NULL OR key IS NOT excluded.key OR title IS NOT excluded.title "
	"OR template IS NOT excluded.template OR recurring IS NOT excluded.recurring "
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
		sqlite3_bind_double(st, 13, (double)p->impact_s / 60.0);
	sqlite3_bind_int64(st, 14, now);
	sqlite3_bind_int(st, 15, p->recurring);
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

int link_set_write(sqlite3 *db, struct link_set *s, const struct link_recurring *rec, long long now,
		   struct recur_link_result *r, struct recur_error *err)
{
	struct old o;
	struct link_map used;
	int rc = -1;

	link_map_init(&used);
	add_up(s);
	mark_recurring(s, rec);
	if (load_existing(db, &o, err))
		goto out;
	if (assign_ids(db, s, &o, &used, err) || settle_old(db, &o, &used, now, r, err) ||
	    upsert_problems(db, s, now, err) || link_rows_write(db, s, err))
		goto out;
	rc = 0;
out:
	release_old(&o);
	link_map_release(&used);
	return rc;
}
