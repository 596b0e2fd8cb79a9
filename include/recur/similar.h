/*
 * similar.h — "has this happened before?": incidents ranked by similarity.
 *
 * The index is an FTS5 table over the incidents' title and description
 * (queries/migrate-5.sql). recur_similar_sync adds the incidents imported
 * since the last sync (each search calls it first; link and a review do
 * not: they never search); triggers keep indexed rows right when their
 * text changes. recur_similar_find ranks incidents against one incident or a
 * text: BM25F over title and description (similar.c has the field
 * weights, k1 and b), times a boost for the same service or component and
 * one for recency. On big histories only the rarest query terms select the
 * candidates (at most RECUR_SIMILAR_BUDGET postings read); every query term
 * still scores them (Elasticsearch's "common terms" query), and only the
 * best of them by a first score from the index alone are read and scored
 * exactly. The library never prints.
 */
#ifndef RECUR_SIMILAR_H
#define RECUR_SIMILAR_H

#include <sqlite3.h>

#include "recur/err.h"
#include "recur/table.h"

/* Postings (documents of each term, summed) the candidate search may read:
 * when a query's terms stay below it, every incident sharing a word with
 * it is a candidate; above, the commonest terms only score (similar.c). */
#define RECUR_SIMILAR_BUDGET 20000

struct recur_similar_opts {
	int top;               /* results to return (default 10) */
	int any_time;          /* 1: later incidents too, not only earlier ones */
	double service_boost;  /* same service (or component): score × (1 + this) */
	double recency_boost;  /* score × (1 + this × 2^(−age / half-life)); 0: off */
	double half_life_days; /* of the recency boost */
	long long now;         /* --text: "earlier" means opened before this */
	const char *service;   /* --text: the service to boost, or NULL */
};

/* The defaults: top 10, earlier only, service boost 0.1, recency boost 0.2
 * with a half-life of 90 days. */
void recur_similar_opts_init(struct recur_similar_opts *o);

/* Told how many of the incidents to index are done (done of total). */
typedef void recur_similar_progress_fn(long long done, long long total, void *ctx);

/*
 * Adds the incidents with an id above similar_index.indexed_max to the
 * index, in one transaction (begun here unless one is open); progress (may
 * be NULL) is called with ctx after each 65,536 of them. *added (may be
 * NULL) is how many. Returns 0, or 1 when another connection is writing
 * (the index stays behind; err says by how much), or -1.
 */
int recur_similar_sync(sqlite3 *db, recur_similar_progress_fn *progress, void *ctx, long *added,
		       struct recur_error *err);

/*
 * The incidents most like incident ext_id (when text is NULL) or like
 * text, best first: a table with the columns rank, id (ext_id), score,
 * opened_at (UTC, "YYYY-MM-DD HH:MM"), title, service, problem (the
 * linked problem's id, or NULL) and why (the shared terms, rarest first,
 * "same service", how long before), from the index as it is: sync it
 * first (recur_similar_sync). An unknown
 * ext_id is a data error naming it. Caller owns *out.
 */
int recur_similar_find(sqlite3 *db, const char *ext_id, const char *text,
		       const struct recur_similar_opts *o, struct recur_table **out,
		       struct recur_error *err);

/*
 * The same for an incident given by its database id (incidents.id), for
 * reports: "seen before". Caller owns *out.
 */
int recur_similar_find_id(sqlite3 *db, long long id, const struct recur_similar_opts *o,
			  struct recur_table **out, struct recur_error *err);

#endif
