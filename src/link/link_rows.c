/*
 * link_rows.c — writing one run's links: problem_link_rows and the reasons
 * they point to (problem_link_reasons; queries/migrate-6.sql).
 *
 * A link's why (problem, method, score, reason text) is stored once in
 * problem_link_reasons; each link is a row (incident_id, reason_id). The
 * stored reasons are read into a map by what they say, each computed link
 * finds its reason there (or adds one), and the stored rows are brought to
 * the computed ones by difference, walking both in incident order: a re-run
 * on mostly the same incidents writes only what changed and reads two
 * integers per stored link, not their text. Reasons no link uses any more
 * are deleted. Runs inside link_set_write's transaction, foreign keys off.
 */
#include "link_internal.h"
#include "recur/db.h"
#include "recur/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct link_entry *sort_links;

static int by_incident(const void *a, const void *b)
{
	long long x = sort_links[*(const size_t *)a].incident;
	long long y = sort_links[*(const size_t *)b].incident;

	return (x > y) - (x < y);
}

size_t *link_set_by_incident(const struct link_set *s, size_t *n)
{
	size_t *order = xmalloc((s->nlinks ? s->nlinks : 1) * sizeof(*order));
	size_t i;

	for (i = 0, *n = 0; i < s->nlinks; i++)
		if (s->links[i].problem != LINK_PENDING)
			order[(*n)++] = i;
	/* the scan adds links in incident order: usually nothing to sort */
	for (i = 1; i < *n; i++)
		if (s->links[order[i - 1]].incident > s->links[order[i]].incident)
			break;
	sort_links = s->links;
	if (i < *n)
		qsort(order, *n, sizeof(*order), by_incident);
	return order;
}

/* The similarities printed ("%.2f" of a score), cached by value: scores
 * are ratios of small counts, so a million links have a few dozen, and
 * printf of a double was a tenth of writing the links. */
#define SCORE_SLOTS 256

struct score_text {
	double score[SCORE_SLOTS];
	char text[SCORE_SLOTS][32];
	unsigned char set[SCORE_SLOTS];
};

static const char *score_text(struct score_text *c, double x)
{
	unsigned long long bits;
	size_t k;

	memcpy(&bits, &x, sizeof(bits));
	k = (size_t)((bits * 0x9e3779b97f4a7c15ull) >> 56) % SCORE_SLOTS;
	if (!c->set[k] || memcmp(&c->score[k], &x, sizeof(x))) {
		snprintf(c->text[k], sizeof(c->text[k]), "%.2f", x);
		c->score[k] = x;
		c->set[k] = 1;
	}
	return c->text[k];
}

/* The reason text of e: the stored one, or for a signature link "signature
 * 'TEMPLATE'[ in SCOPE] (similarity S)". */
static void make_reason(const struct link_set *s, const struct link_entry *e, struct score_text *c,
			struct recur_buf *out)
{
	const struct link_problem *p = &s->problems[e->problem];

	if (e->reason != LINK_NO_REASON) {
		recur_buf_adds(out, s->reasons.buf + e->reason);
		return;
	}
	recur_buf_adds(out, "signature '");
	recur_buf_adds(out, p->template ? p->template : "");
	recur_buf_addch(out, '\'');
	if (p->scope) {
		recur_buf_adds(out, " in ");
		recur_buf_adds(out, p->scope);
	}
	recur_buf_adds(out, " (similarity ");
	recur_buf_adds(out, score_text(c, e->score));
	recur_buf_addch(out, ')');
}

/* Scores are stored with 3 decimals, so a re-run compares equal. */
static double round_score(double x)
{
	return (double)(long long)(x * 1000.0 + 0.5) / 1000.0;
}

/* The reasons of problem_link_reasons, by what they say. */
struct reasons {
	struct link_map map;           /* reason key → index */
	long long *ids;
	unsigned char *used;           /* a link of this run points to it */
	size_t n, cap;
	size_t nstored;                /* the first nstored came from the table */
	long long next;                /* the id of the next new reason */
	struct recur_buf key;
	struct score_text *scores;
	/* signature links (the reason is made from problem and score): the
	 * reason of (problem, score) found before, without making its text */
	struct { size_t problem, reason; unsigned long long bits; } *seen;
	size_t seen_cap, seen_len;
};

/* The slot of (problem, bits) in rs->seen: its entry, or the empty slot. */
static size_t seen_slot(const struct reasons *rs, size_t problem, unsigned long long bits)
{
	size_t mask = rs->seen_cap - 1;
	size_t h = (size_t)(((unsigned long long)problem * 0x9e3779b97f4a7c15ull) ^
			    (bits * 0xff51afd7ed558ccdull)) & mask;

	while (rs->seen[h].reason != (size_t)-1 &&
	       (rs->seen[h].problem != problem || rs->seen[h].bits != bits))
		h = (h + 1) & mask;
	return h;
}

static void seen_put(struct reasons *rs, size_t problem, unsigned long long bits, size_t reason)
{
	size_t i, h;

	if (2 * (rs->seen_len + 1) > rs->seen_cap) {
		struct reasons old = *rs;

		rs->seen_cap = rs->seen_cap ? 2 * rs->seen_cap : 1024;
		rs->seen = xmalloc(rs->seen_cap * sizeof(*rs->seen));
		for (i = 0; i < rs->seen_cap; i++)
			rs->seen[i].reason = (size_t)-1;
		for (i = 0; i < old.seen_cap; i++)
			if (old.seen[i].reason != (size_t)-1)
				rs->seen[seen_slot(rs, old.seen[i].problem, old.seen[i].bits)] = old.seen[i];
		free(old.seen);
	}
	h = seen_slot(rs, problem, bits);
	rs->seen[h].problem = problem;
	rs->seen[h].bits = bits;
	rs->seen[h].reason = reason;
	rs->seen_len++;
}

/* The map's key of a reason: problem id, method, the score's bits (no
 * printf: a million links) and the text, \x1f-separated; NULL score or
 * text spelled \x1e. */
static void reason_key(struct recur_buf *k, const char *id, const char *method, int has_score,
		       double score, const char *text)
{
	static const char hex[] = "0123456789abcdef";
	unsigned long long bits;
	int i;

	recur_buf_reset(k);
	recur_buf_adds(k, id);
	recur_buf_addch(k, '\x1f');
	recur_buf_adds(k, method ? method : "\x1e");
	recur_buf_addch(k, '\x1f');
	if (has_score) {
		memcpy(&bits, &score, sizeof(bits));
		for (i = 60; i >= 0; i -= 4)
			recur_buf_addch(k, hex[(bits >> i) & 15]);
	} else {
		recur_buf_addch(k, '\x1e');
	}
	recur_buf_addch(k, '\x1f');
	if (!text)
		recur_buf_addch(k, '\x1e');
}

static size_t add_reason(struct reasons *rs, long long id)
{
	size_t c = rs->cap;

	xgrow((void **)&rs->ids, &rs->cap, rs->n + 1, sizeof(*rs->ids));
	if (c != rs->cap)
		rs->used = xrealloc(rs->used, rs->cap);
	rs->ids[rs->n] = id;
	rs->used[rs->n] = 0;
	link_map_put(&rs->map, rs->key.buf, rs->n);
	if (id >= rs->next)
		rs->next = id + 1;
	return rs->n++;
}

static int load_reasons(sqlite3 *db, struct reasons *rs, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, "SELECT id, problem_id, method, score, reason FROM "
			     "problem_link_reasons ORDER BY id", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 4);

		reason_key(&rs->key, (const char *)sqlite3_column_text(st, 1),
			   (const char *)sqlite3_column_text(st, 2),
			   sqlite3_column_type(st, 3) != SQLITE_NULL, sqlite3_column_double(st, 3), text);
		if (text)
			recur_buf_adds(&rs->key, text);
		/* two rows that say the same (written by hand): the first is used */
		if (link_map_get(&rs->map, rs->key.buf) == (size_t)-1)
			add_reason(rs, sqlite3_column_int64(st, 0));
		else if (sqlite3_column_int64(st, 0) >= rs->next)
			rs->next = sqlite3_column_int64(st, 0) + 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read problem link reasons: %s", sqlite3_errmsg(db));
	rs->nstored = rs->n;
	return 0;
}

/* The reason id of each link of order (into rid), adding the new reasons
 * to the table. */
static int find_reasons(sqlite3 *db, const struct link_set *s, const size_t *order, size_t n,
			struct reasons *rs, long long *rid, struct recur_error *err)
{
	sqlite3_stmt *ins;
	size_t j, k;
	int rc = 0;

	if (recur_db_prepare(db, "INSERT INTO problem_link_reasons (id, problem_id, method, score, "
			     "reason) VALUES (?1, ?2, ?3, ?4, ?5)", &ins, err))
		return -1;
	for (j = 0; j < n && !rc; j++) {
		const struct link_entry *e = &s->links[order[j]];
		const struct link_problem *p = &s->problems[e->problem];
		double score = round_score(e->score);
		unsigned long long bits;
		size_t head, h = (size_t)-1;

		memcpy(&bits, &e->score, sizeof(bits));
		if (e->reason == LINK_NO_REASON && rs->seen_cap) {
			h = seen_slot(rs, e->problem, bits);
			if (rs->seen[h].reason != (size_t)-1) {
				rid[j] = rs->ids[rs->seen[h].reason];
				continue;
			}
		}
		reason_key(&rs->key, p->id, p->method, 1, score, "");
		head = rs->key.len;
		make_reason(s, e, rs->scores, &rs->key);
		k = link_map_get(&rs->map, rs->key.buf);
		if (k == (size_t)-1) {
			k = add_reason(rs, rs->next);
			sqlite3_bind_int64(ins, 1, rs->ids[k]);
			sqlite3_bind_text(ins, 2, p->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, p->method, -1, SQLITE_STATIC);
			sqlite3_bind_double(ins, 4, score);
			sqlite3_bind_text(ins, 5, rs->key.buf + head, (int)(rs->key.len - head),
					  SQLITE_STATIC);
			if (sqlite3_step(ins) != SQLITE_DONE)
				rc = recur_error_set(err, "cannot write problem link reasons: %s",
						     sqlite3_errmsg(db));
			sqlite3_reset(ins);
		}
		rs->used[k] = 1;
		rid[j] = rs->ids[k];
		if (e->reason == LINK_NO_REASON)
			seen_put(rs, e->problem, bits, k);
	}
	sqlite3_finalize(ins);
	return rc;
}

/* Deletes the stored reasons no link of this run uses. */
static int drop_unused(sqlite3 *db, const struct reasons *rs, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t k;
	int rc = 0;

	if (recur_db_prepare(db, "DELETE FROM problem_link_reasons WHERE id = ?1", &st, err))
		return -1;
	for (k = 0; k < rs->nstored && !rc; k++) {
		if (rs->used[k])
			continue;
		sqlite3_bind_int64(st, 1, rs->ids[k]);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = recur_error_set(err, "cannot delete problem link reasons: %s",
					     sqlite3_errmsg(db));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, struct recur_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot write problem links: %s", sqlite3_errmsg(db));
	return 0;
}

/* Stored rows this run does not produce: (incident, reason) pairs into
 * stale; kept[j] marks the computed links already stored. Reads the whole
 * table before any write to it. */
static int find_stale(sqlite3 *db, const struct link_set *s, const size_t *order, size_t n,
		      const long long *rid, char *kept, long long **stale, size_t *nstale,
		      struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t j = 0, cap = 0;
	int rc;

	*nstale = 0;
	if (recur_db_prepare(db, "SELECT incident_id, reason_id FROM problem_link_rows "
			     "ORDER BY incident_id, reason_id", &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long inc = sqlite3_column_int64(st, 0), reason = sqlite3_column_int64(st, 1);

		while (j < n && s->links[order[j]].incident < inc)
			j++;
		if (j < n && s->links[order[j]].incident == inc && !kept[j] && rid[j] == reason) {
			kept[j] = 1;
			continue;
		}
		xgrow((void **)stale, &cap, *nstale + 2, sizeof(**stale));
		(*stale)[(*nstale)++] = inc;
		(*stale)[(*nstale)++] = reason;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return recur_error_set(err, "cannot read problem links: %s", sqlite3_errmsg(db));
	return 0;
}

static int delete_stale(sqlite3 *db, const long long *stale, size_t n, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (recur_db_prepare(db, "DELETE FROM problem_link_rows WHERE incident_id = ?1 AND "
			     "reason_id = ?2", &st, err))
		return -1;
	for (i = 0; i + 1 < n && !rc; i += 2) {
		sqlite3_bind_int64(st, 1, stale[i]);
		sqlite3_bind_int64(st, 2, stale[i + 1]);
		rc = step_done(db, st, err);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Links are inserted LINK_BATCH rows per statement: each execution of an
 * INSERT opens its cursors, starts a statement and halts, which cost as much
 * as the row itself at a million rows. The rows go in in incident order.
 */
#define LINK_BATCH 128

static int insert_new(sqlite3 *db, const struct link_set *s, const size_t *order, size_t n,
		      const long long *rid, const char *kept, struct recur_error *err)
{
	struct recur_buf sql = RECUR_BUF_INIT;
	sqlite3_stmt *one = NULL, *many = NULL;
	size_t left = 0, k = 0, j;
	int rc = -1;

	for (j = 0; j < n; j++)
		left += !kept[j];
	recur_buf_adds(&sql, "INSERT INTO problem_link_rows (incident_id, reason_id) VALUES (?, ?)");
	if (recur_db_prepare(db, sql.buf, &one, err))
		goto out;
	for (k = 1; k < LINK_BATCH; k++)
		recur_buf_adds(&sql, ", (?, ?)");
	if (left >= LINK_BATCH && recur_db_prepare(db, sql.buf, &many, err))
		goto out;
	k = 0;
	for (j = 0; j < n; j++) {
		if (kept[j])
			continue;
		/* whole batches while at least LINK_BATCH rows are left, then single rows */
		if (k || left >= LINK_BATCH) {
			sqlite3_bind_int64(many, (int)(2 * k + 1), s->links[order[j]].incident);
			sqlite3_bind_int64(many, (int)(2 * k + 2), rid[j]);
			if (++k < LINK_BATCH)
				continue;
			if (step_done(db, many, err))
				goto out;
			k = 0;
			left -= LINK_BATCH;
			continue;
		}
		sqlite3_bind_int64(one, 1, s->links[order[j]].incident);
		sqlite3_bind_int64(one, 2, rid[j]);
		if (step_done(db, one, err))
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(one);
	sqlite3_finalize(many);
	recur_buf_release(&sql);
	return rc;
}

#define BULK_LINKS 100000
#define REASON_INDEX "problem_link_rows_reason"

/*
 * A first run over a big database: the table is empty, so the rows go in
 * in key order (appends), and the index on reason_id is built once
 * afterwards, by a sort, instead of a million random inserts into it. It is
 * made again from its own SQL, as the schema's migrations last defined it.
 */
static int insert_bulk(sqlite3 *db, const struct link_set *s, const size_t *order, size_t n,
		       const long long *rid, const char *kept, struct recur_error *err)
{
	struct recur_table *t = NULL;
	char *index;
	int rc = -1;

	if (recur_db_query(db, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND "
			   "name = '" REASON_INDEX "'", NULL, 0, &t, err))
		return -1;
	/* missing (dropped by hand): made as queries/migrate-6.sql makes it */
	index = xstrdup(t->nrows && recur_table_cell(t, 0, 0)->text ? recur_table_cell(t, 0, 0)->text :
			"CREATE INDEX " REASON_INDEX " ON problem_link_rows(reason_id)");
	recur_table_free(t);
	if (recur_db_exec(db, "DROP INDEX IF EXISTS " REASON_INDEX, err) ||
	    insert_new(db, s, order, n, rid, kept, err))
		goto out;
	rc = recur_db_exec(db, index, err);
out:
	free(index);
	return rc;
}

int link_rows_write(sqlite3 *db, const struct link_set *s, struct recur_error *err)
{
	struct reasons rs;
	size_t n, nstale = 0, *order = link_set_by_incident(s, &n);
	long long *rid = xmalloc((n ? n : 1) * sizeof(*rid)), *stale = NULL;
	char *kept = xcalloc(n ? n : 1, 1);
	int rc = -1;

	memset(&rs, 0, sizeof(rs));
	link_map_init(&rs.map);
	recur_buf_init(&rs.key, 0);
	rs.scores = xcalloc(1, sizeof(*rs.scores));
	rs.next = 1;
	if (load_reasons(db, &rs, err) || find_reasons(db, s, order, n, &rs, rid, err) ||
	    find_stale(db, s, order, n, rid, kept, &stale, &nstale, err) ||
	    delete_stale(db, stale, nstale, err) || drop_unused(db, &rs, err))
		goto out;
	if (n >= BULK_LINKS && !nstale && !memchr(kept, 1, n))
		rc = insert_bulk(db, s, order, n, rid, kept, err);
	else
		rc = insert_new(db, s, order, n, rid, kept, err);
out:
	link_map_release(&rs.map);
	recur_buf_release(&rs.key);
	free(rs.scores);
	free(rs.ids);
	free(rs.used);
	free(rs.seen);
	free(stale);
	free(kept);
	free(rid);
	free(order);
	return rc;
}
