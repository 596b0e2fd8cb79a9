/*
 * similar.c — "has this happened before?": the similarity index and its
 * ranking (recur similar, and the "seen before" lists of reports).
 *
 * The index is FTS5 (queries/migrate-5.sql) over title and description,
 * cut into words by SQLite's own tokenizers (porter over unicode61), so
 * sqlite3 alone can still read and change the database; query text is cut
 * by the same tokenizer, read from the index's definition. The score is
 * BM25F (Robertson & Zaragoza): each term's frequencies, normalised by
 * field length, weighted per field and summed before the saturation, with
 * Lucene's always-positive IDF; times the service and recency boosts.
 *
 * A query's terms are the distinct words of the incident's title (and,
 * weighted like the field, its description), at most MAX_TERMS of the
 * rarest. Candidates come from the rarest terms whose document frequencies
 * add up to RECUR_SIMILAR_BUDGET; the others still count in the score of
 * every candidate ("common terms", as Elasticsearch does). Ranking runs in
 * two stages: an FTS5 auxiliary function ranks every candidate from the
 * index alone (which fields each matching term is in, lengths taken at
 * their mean); the best STAGE1_MIN (or 20 × top) are read from incidents
 * and scored exactly. On a small history every candidate is scored
 * exactly; on a million incidents a search reads a few hundred rows.
 *
 * It does not print, and it writes nothing but the index.
 */
#include "recur/similar.h"
#include "recur/buf.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/share.h"
#include "recur/timeutil.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFIELDS 2      /* title, description: the columns of incidents_fts */
#define MAX_TERMS 32   /* query terms kept, rarest first (Lucene's MoreLikeThis keeps 25) */
#define MAX_TOKENS 4096 /* query tokens read from a long description */
#define K1 1.2
#define B 0.75
#define WHY_TERMS 5
#define STAGE1_MIN 200  /* candidates scored exactly, at least */
#define EARLY_MIN 50000 /* earlier incidents kept as a set for an early query: this */
#define EARLY_SHARE 10  /* many, or 1/EARLY_SHARE of all if more */
#define DF_EXACT 5000   /* document frequencies counted exactly up to this */

/* BM25F field weights: a word in the title says more than one in a long
 * description (the title is what people write to name the problem). */
static const double field_weight[NFIELDS] = { 1.0, 0.5 };

/* The index's tokenizer, for query text and candidates. */
struct tokenizer {
	fts5_tokenizer fn;
	Fts5Tokenizer *tok;
};

struct term {
	char *text;     /* the token, as the index has it (folded, stemmed) */
	char *word;     /* as the query wrote it first, for "why" */
	int len;
	double qweight; /* 1 from the title or --text, field_weight[1] from the description only */
	long long df;
	double idf;
	int tf[NFIELDS]; /* in the row being scored */
};

struct query {
	struct term *terms;
	size_t n, cap;
	int stats;              /* idf and avgdl computed (at the first row) */
	double avgdl[NFIELDS];
	int dl[NFIELDS];        /* the row being scored */
	int field;              /* the field being tokenized */
	const char *service, *component;
	long long at;           /* the query's time, for the recency boost */
	const struct recur_similar_opts *o;
	struct tokenizer *tk;
	long long *keep;        /* sorted ids stage 1 keeps (the earlier ones), or NULL: all */
	size_t nkeep;
	int keep_used;          /* stage 1 ran with keep */
	long long below;        /* stage 1 prefers ids below this (the query's), or 0 */
};

static void term_release(struct term *t)
{
	free(t->text);
	free(t->word);
}

static void query_release(struct query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		term_release(&q->terms[i]);
	free(q->terms);
	free(q->keep);
}

static struct term *term_find(struct query *q, const char *s, int len)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->terms[i].len == len && !memcmp(q->terms[i].text, s, (size_t)len))
			return &q->terms[i];
	return NULL;
}

/* ---- FTS5: the API, the tokenizer ---- */

static fts5_api *fts5_of(sqlite3 *db, struct recur_error *err)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;

	if (recur_db_prepare(db, "SELECT fts5(?1)", &st, err))
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2)
		recur_error_set(err, "this SQLite has no usable FTS5: install a libsqlite3 built with it");
	return api;
}

/* The next word of an FTS5 option list at *p: a bareword, or a string in
 * ' or " quotes (a doubled quote stands for one). NULL at the end. Caller
 * owns the result. */
static char *next_word(const char **p)
{
	struct recur_buf b = RECUR_BUF_INIT;
	const char *s = *p + strspn(*p, " \t\r\n");
	char q;

	if (!*s || *s == ',' || *s == ')')
		return NULL;
	if (*s == '\'' || *s == '"') {
		for (q = *s++; *s; s++) {
			if (*s == q && s[1] != q) {
				s++;
				break;
			}
			s += *s == q; /* a doubled quote */
			recur_buf_addch(&b, *s);
		}
	} else {
		size_t n = strcspn(s, " \t\r\n,)");

		recur_buf_add(&b, s, n);
		s += n;
	}
	*p = s;
	return recur_buf_detach(&b, NULL);
}

/* The tokenizer incidents_fts was made with (its tokenize= option, as
 * FTS5 reads it; unicode61 without one): query text is cut the same way
 * whatever a --share migrate-5.sql chose. */
#define MAX_TOK_ARGS 16
static int tokenizer_open(sqlite3 *db, fts5_api *api, struct tokenizer *t,
			  struct recur_error *err)
{
	char *args[MAX_TOK_ARGS + 1] = { NULL }, *spec = NULL, *sql = NULL;
	const char *p = NULL;
	sqlite3_stmt *st;
	void *ud;
	int n = 0, rc = -1;

	t->tok = NULL;
	if (recur_db_prepare(db, "SELECT sql FROM sqlite_schema WHERE name = 'incidents_fts'", &st,
			     err))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		sql = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!sql) {
		recur_error_set(err, "no similarity index (incidents_fts) in the database: it "
			"comes with schema version 4");
		goto out;
	}
	for (p = sql; *p && (sqlite3_strnicmp(p, "tokenize", 8) ||
			     p[strspn(p + 8, " \t\r\n") + 8] != '='); p++)
		;
	if (*p) {
		p += 8;
		p += strspn(p, " \t\r\n") + 1;
		spec = next_word(&p);
	}
	p = spec ? spec : "unicode61";
	while (n < MAX_TOK_ARGS && (args[n] = next_word(&p)))
		n++;
	if (!n || api->xFindTokenizer(api, args[0], &ud, &t->fn) != SQLITE_OK ||
	    t->fn.xCreate(ud, (const char **)args + 1, n - 1, &t->tok) != SQLITE_OK) {
		recur_error_set(err, "cannot create the similarity index's tokenizer '%s'",
				spec ? spec : "unicode61");
		goto out;
	}
	rc = 0;
out:
	while (n > 0)
		free(args[--n]);
	free(spec);
	free(sql);
	return rc;
}

static void tokenizer_close(struct tokenizer *t)
{
	if (t->tok)
		t->fn.xDelete(t->tok);
}

/* ---- the query's terms ---- */

struct collect {
	struct query *q;
	const char *text;
	double weight;
	int count;
};

static int collect_token(void *ctx, int flags, const char *s, int len, int start, int end)
{
	struct collect *c = ctx;
	struct term *t;

	(void)flags;
	if (len <= 0 || c->count++ >= MAX_TOKENS)
		return SQLITE_OK;
	if ((t = term_find(c->q, s, len))) {
		if (c->weight > t->qweight)
			t->qweight = c->weight;
		return SQLITE_OK;
	}
	xgrow((void **)&c->q->terms, &c->q->cap, c->q->n + 1, sizeof(*t));
	t = &c->q->terms[c->q->n++];
	memset(t, 0, sizeof(*t));
	t->text = xstrndup(s, (size_t)len);
	t->word = xstrndup(c->text + start, (size_t)(end - start));
	t->len = len;
	t->qweight = c->weight;
	return SQLITE_OK;
}

static void add_text(struct tokenizer *tk, struct query *q, const char *text, double weight)
{
	struct collect c = { q, text, weight, 0 };

	if (text && *text)
		tk->fn.xTokenize(tk->tok, &c, FTS5_TOKENIZE_QUERY, text, (int)strlen(text),
				 collect_token);
}

/* A term as an FTS5 string: the query's own word, quoted (FTS5 cuts it
 * into the same term again; a stem need not stem to itself). */
static void add_quoted(struct recur_buf *b, const struct term *t)
{
	const char *p;

	recur_buf_addch(b, '"');
	for (p = t->word; *p; p++) {
		if (*p == '"')
			recur_buf_addch(b, '"');
		recur_buf_addch(b, *p);
	}
	recur_buf_addch(b, '"');
}

/*
 * Each term's document frequency; terms in no document go. A term in more
 * than DF_EXACT documents is counted over its first DF_EXACT (in id order)
 * and scaled to the whole id range: reading a common word's whole list
 * cost more than the rest of a search, and its IDF, small anyway, moves
 * by about 1/sqrt(DF_EXACT) of itself.
 */
static int read_df(sqlite3 *db, struct query *q, struct recur_error *err)
{
	struct recur_buf word = RECUR_BUF_INIT;
	sqlite3_stmt *st;
	size_t i, k = 0;

	if (recur_db_prepare(db, "SELECT count(*), max(r), (SELECT indexed_max FROM similar_index) "
			     "FROM (SELECT rowid AS r FROM incidents_fts WHERE incidents_fts MATCH ?1 "
			     "ORDER BY rowid LIMIT ?2)", &st, err))
		return -1;
	sqlite3_bind_int(st, 2, DF_EXACT);
	for (i = 0; i < q->n; i++) {
		struct term *t = &q->terms[i];

		recur_buf_reset(&word);
		add_quoted(&word, t);
		sqlite3_bind_text(st, 1, word.buf, (int)word.len, SQLITE_STATIC);
		t->df = 0;
		if (sqlite3_step(st) == SQLITE_ROW) {
			long long n = sqlite3_column_int64(st, 0), last = sqlite3_column_int64(st, 1);
			long long all = sqlite3_column_int64(st, 2);

			t->df = n < DF_EXACT || last <= 0 || all <= last ? n
				: (long long)((double)n * (double)all / (double)last + 0.5);
		}
		sqlite3_reset(st);
		if (t->df > 0)
			q->terms[k++] = *t;
		else
			term_release(t);
	}
	sqlite3_finalize(st);
	recur_buf_release(&word);
	q->n = k;
	return 0;
}

/* Rarer first; a description-only term counts as rarer by its lower weight. */
static int by_rarity(const void *a, const void *b)
{
	const struct term *x = a, *y = b;
	double kx = (double)x->df / x->qweight, ky = (double)y->df / y->qweight;

	if (kx != ky)
		return kx < ky ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* Keeps the MAX_TERMS rarest terms, sorted rarest first, and writes the
 * FTS5 expression of the rarest ones within the budget into match. */
static void choose_terms(struct query *q, struct recur_buf *match)
{
	long long postings = 0;
	size_t i;

	if (q->n)
		qsort(q->terms, q->n, sizeof(*q->terms), by_rarity);
	while (q->n > MAX_TERMS)
		term_release(&q->terms[--q->n]);
	for (i = 0; i < q->n; i++) {
		if (i > 0 && postings + q->terms[i].df > RECUR_SIMILAR_BUDGET)
			break;
		postings += q->terms[i].df;
		if (i)
			recur_buf_adds(match, " OR ");
		add_quoted(match, &q->terms[i]);
	}
}

/* ---- the score ---- */

static int score_token(void *ctx, int flags, const char *s, int len, int start, int end)
{
	struct query *q = ctx;
	struct term *t;

	(void)flags, (void)start, (void)end;
	q->dl[q->field]++;
	if ((t = term_find(q, s, len)))
		t->tf[q->field]++;
	return SQLITE_OK;
}

/* N and the mean field lengths, from the index, and each term's IDF. */
static int read_stats(const Fts5ExtensionApi *api, Fts5Context *fts, struct query *q)
{
	sqlite3_int64 n = 0, total;
	size_t i;
	int f;

	if (api->xRowCount(fts, &n) != SQLITE_OK)
		return -1;
	for (f = 0; f < NFIELDS; f++) {
		if (api->xColumnTotalSize(fts, f, &total) != SQLITE_OK)
			return -1;
		q->avgdl[f] = n > 0 && total > 0 ? (double)total / (double)n : 1.0;
	}
	for (i = 0; i < q->n; i++) {
		double df = (double)q->terms[i].df;

		q->terms[i].idf = log(1.0 + ((double)n - df + 0.5) / (df + 0.5));
	}
	q->stats = 1;
	return 0;
}

/* BM25F of the frequencies and lengths in q->terms[].tf and q->dl. */
static double bm25f(const struct query *q)
{
	double s = 0;
	size_t i;
	int f;

	for (i = 0; i < q->n; i++) {
		const struct term *t = &q->terms[i];
		double tf = 0;

		for (f = 0; f < NFIELDS; f++)
			if (t->tf[f])
				tf += field_weight[f] * t->tf[f] /
				      (1.0 - B + B * q->dl[f] / q->avgdl[f]);
		if (tf > 0)
			s += t->qweight * t->idf * tf / (K1 + tf);
	}
	return s;
}

/* The exact score of one incident: its fields tokenized, BM25F, boosts. */
static double score_of(struct query *q, const char *const text[NFIELDS], const char *service,
		       const char *component, int has_at, long long at)
{
	const struct recur_similar_opts *o = q->o;
	double s;
	size_t i;
	int f;

	for (i = 0; i < q->n; i++)
		memset(q->terms[i].tf, 0, sizeof(q->terms[i].tf));
	for (f = 0; f < NFIELDS; f++) {
		q->dl[f] = 0;
		q->field = f;
		if (text[f] && *text[f])
			q->tk->fn.xTokenize(q->tk->tok, q, FTS5_TOKENIZE_DOCUMENT, text[f],
					    (int)strlen(text[f]), score_token);
	}
	s = bm25f(q);
	if ((service && q->service && !strcmp(service, q->service)) ||
	    (component && q->component && !strcmp(component, q->component)))
		s *= 1.0 + o->service_boost;
	if (o->recency_boost > 0 && o->half_life_days > 0 && has_at) {
		double age = fabs((double)(q->at - at)) / 86400.0;

		s *= 1.0 + o->recency_boost * pow(2.0, -age / o->half_life_days);
	}
	return s;
}

/*
 * recur_similar_rough(incidents_fts, query): the candidates' first score,
 * from the index alone (detail=column says in which fields each of the
 * matching terms occurs): BM25F with every length at its mean. Reading no
 * incident row keeps a million-incident history fast; the candidates it
 * ranks first are scored exactly (score_of).
 */
static void rough_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		     int nval, sqlite3_value **val)
{
	struct query *q = nval == 1 ? sqlite3_value_pointer(val[0], "recur_similar_query") : NULL;
	int i, n, f;

	if (!q) {
		sqlite3_result_error(ctx, "recur_similar_rough: bad arguments", -1);
		return;
	}
	if (!q->stats && read_stats(api, fts, q)) {
		sqlite3_result_error(ctx, "recur_similar_rough: cannot read the index's sizes", -1);
		return;
	}
	for (i = 0; i < (int)q->n; i++)
		memset(q->terms[i].tf, 0, sizeof(q->terms[i].tf));
	n = api->xPhraseCount(fts);
	for (i = 0; i < n && i < (int)q->n; i++) {
		Fts5PhraseIter it;

		for (api->xPhraseFirstColumn(fts, i, &it, &f); f >= 0;
		     api->xPhraseNextColumn(fts, &it, &f))
			if (f < NFIELDS)
				q->terms[i].tf[f] = 1;
	}
	for (f = 0; f < NFIELDS; f++)
		q->dl[f] = (int)(q->avgdl[f] + 0.5);
	sqlite3_result_double(ctx, bm25f(q));
}

static int cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* recur_similar_keep(query, rowid): 1 when stage 1 keeps the row. */
static void keep_fn(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct query *q = sqlite3_value_pointer(val[0], "recur_similar_query");
	long long id = sqlite3_value_int64(val[1]);

	(void)nval;
	sqlite3_result_int(ctx, !q || !q->keep ||
			   bsearch(&id, q->keep, q->nkeep, sizeof(id), cmp_id) != NULL);
}

static int register_functions(sqlite3 *db, fts5_api *api, struct recur_error *err)
{
	if (api->xCreateFunction(api, "recur_similar_rough", NULL, rough_fn, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "recur_similar_keep", 2, SQLITE_UTF8, NULL, keep_fn, NULL,
				    NULL) != SQLITE_OK)
		return recur_error_set(err, "cannot register the similarity functions: %s",
				       sqlite3_errmsg(db));
	return 0;
}

/* ---- the index ---- */

void recur_similar_opts_init(struct recur_similar_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->top = 10;
	o->service_boost = 0.1;
	o->recency_boost = 0.2;
	o->half_life_days = 90;
}

/* Incidents above similar_index.indexed_max (*from): 0 when the index is
 * up to date, else how many, or -1. */
static long long behind(sqlite3 *db, long long *from, struct recur_error *err)
{
	sqlite3_stmt *st;
	long long n = 0;

	if (recur_db_prepare(db, "SELECT indexed_max, (SELECT count(*) FROM incidents "
			     "WHERE id > indexed_max) FROM similar_index", &st, err))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*from = sqlite3_column_int64(st, 0);
		n = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return n;
}

/* Incidents indexed per statement: the progress callback's step. */
#define SYNC_STEP 65536

/* Indexes the incidents with an id above from, SYNC_STEP of them per
 * statement (ids may have gaps: each step ends at its last incident), to
 * the last one; *done is how many. total, what behind() counted before
 * the transaction, is what progress is told to expect. */
static int index_from(sqlite3 *db, long long from, long long total, long long *done,
		      recur_similar_progress_fn *progress, void *ctx, struct recur_error *err)
{
	sqlite3_stmt *end = NULL, *ins = NULL;
	int rc = -1;

	*done = 0;
	if (recur_db_prepare(db, "SELECT coalesce((SELECT id FROM incidents WHERE id > ?1 "
			     "ORDER BY id LIMIT 1 OFFSET ?2), (SELECT max(id) FROM incidents))",
			     &end, err) ||
	    recur_db_prepare(db, "INSERT INTO incidents_fts (rowid, title, description) "
			     "SELECT id, title, description FROM incidents "
			     "WHERE id > ?1 AND id <= ?2 ORDER BY id", &ins, err))
		goto out;
	sqlite3_bind_int64(end, 2, SYNC_STEP - 1);
	for (;;) {
		long long to;

		sqlite3_bind_int64(end, 1, from);
		to = sqlite3_step(end) == SQLITE_ROW ? sqlite3_column_int64(end, 0) : from;
		sqlite3_reset(end);
		if (to <= from)
			break;
		sqlite3_bind_int64(ins, 1, from);
		sqlite3_bind_int64(ins, 2, to);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			recur_error_set(err, "cannot index incidents for similarity: %s",
					sqlite3_errmsg(db));
			goto out;
		}
		*done += sqlite3_changes(db);
		sqlite3_reset(ins);
		from = to;
		if (progress)
			progress(*done, *done > total ? *done : total, ctx);
	}
	rc = 0;
out:
	sqlite3_finalize(end);
	sqlite3_finalize(ins);
	return rc;
}

int recur_similar_sync(sqlite3 *db, recur_similar_progress_fn *progress, void *ctx, long *added,
		       struct recur_error *err)
{
	int own = sqlite3_get_autocommit(db);
	long long from = 0, n, done;
	int rc = -1;

	if (added)
		*added = 0;
	/* up to date: no write transaction (a read-only search stays one) */
	if ((n = behind(db, &from, err)) <= 0)
		return n < 0 ? -1 : 0;
	if (own && recur_db_begin(db, err)) {
		if ((sqlite3_extended_errcode(db) & 0xff) != SQLITE_BUSY)
			return -1;
		/* another process is writing (an import, a link): the index
		 * stays as it is and the search answers from it */
		recur_error_init(err);
		recur_error_set(err, "the similarity index leaves out the %lld newest incident%s: "
				"another process is writing to the database; search again once it "
				"is done", n, n == 1 ? "" : "s");
		return 1;
	}
	if (index_from(db, from, n, &done, progress, ctx, err))
		goto out;
	if (added)
		*added = (long)done;
	if (recur_db_exec(db, "UPDATE similar_index SET indexed_max = "
			  "(SELECT coalesce(max(id), 0) FROM incidents) "
			  "WHERE indexed_max < (SELECT coalesce(max(id), 0) FROM incidents)", err))
		goto out;
	rc = 0;
out:
	if (own) {
		if (!rc && recur_db_commit(db, err))
			rc = -1;
		if (rc)
			recur_db_rollback(db);
	}
	return rc;
}

/* ---- finding ---- */

/* The query incident: its text, service, component and time. */
struct subject {
	long long id;
	long long at;
	int has_at;
	char *title, *description, *service, *component;
};

static void subject_release(struct subject *s)
{
	free(s->title);
	free(s->description);
	free(s->service);
	free(s->component);
}

static char *column_dup(sqlite3_stmt *st, int c)
{
	const char *s = (const char *)sqlite3_column_text(st, c);

	return s ? xstrdup(s) : NULL;
}

/* by ext_id (key) or by id; 1 when there is no such incident */
static int read_subject(sqlite3 *db, const char *key, long long id, struct subject *s,
			struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	/* by ext_id: the unique index leads with source_system, so each system
	 * is visited by a seek (a loose index scan), not the whole table */
	if (recur_db_prepare(db, key ? "WITH RECURSIVE sys(x) AS (SELECT min(source_system) FROM "
			     "incidents UNION ALL SELECT (SELECT min(source_system) FROM incidents "
			     "WHERE source_system > sys.x) FROM sys WHERE sys.x IS NOT NULL) "
			     "SELECT i.id, i.opened_at, i.title, i.description, i.service, "
			     "i.component FROM sys JOIN incidents i ON i.source_system = sys.x "
			     "AND i.ext_id = ?1 ORDER BY i.id LIMIT 1"
			     : "SELECT id, opened_at, title, description, service, component "
			     "FROM incidents WHERE id = ?2", &st, err))
		return -1;
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->id = sqlite3_column_int64(st, 0);
		s->has_at = sqlite3_column_type(st, 1) == SQLITE_INTEGER;
		s->at = sqlite3_column_int64(st, 1);
		s->title = column_dup(st, 2);
		s->description = column_dup(st, 3);
		s->service = column_dup(st, 4);
		s->component = column_dup(st, 5);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 1;
	return rc == SQLITE_ROW ? 0 : recur_error_set(err, "cannot read incident: %s",
						       sqlite3_errmsg(db));
}

static struct recur_table *result_table(void)
{
	static const char *const cols[] = { "rank", "id", "score", "opened_at", "title",
					     "service", "problem", "why" };

	return recur_table_new(8, cols);
}

/* One candidate scored exactly. */
struct hit {
	long long id, at;
	int has_at;
	double score;
	char *ext_id, *title, *description, *service, *problem;
};

struct hits {
	struct hit *v;
	size_t n, cap;
};

static void hits_release(struct hits *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].ext_id);
		free(h->v[i].title);
		free(h->v[i].description);
		free(h->v[i].service);
		free(h->v[i].problem);
	}
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

/* Best first; ties: the most recent, then the highest id. */
static int by_score(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->at != y->at)
		return x->at > y->at ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

struct shared {
	struct query *q;
	char seen[MAX_TERMS];
};

static int shared_token(void *ctx, int flags, const char *s, int len, int start, int end)
{
	struct shared *sh = ctx;
	struct term *t = term_find(sh->q, s, len);

	(void)flags, (void)start, (void)end;
	if (t)
		sh->seen[t - sh->q->terms] = 1;
	return SQLITE_OK;
}

static void add_age(struct recur_buf *b, long long from, long long to)
{
	long long d = to - from, a = d < 0 ? -d : d;

	if (a < 3600)
		recur_buf_addf(b, "%lld min", a / 60);
	else if (a < 2 * 86400)
		recur_buf_addf(b, "%lld h", a / 3600);
	else
		recur_buf_addf(b, "%lld d", a / 86400);
	recur_buf_adds(b, d >= 0 ? " before" : " after");
}

/* "shared: a, b, c; same service; 12 d before" */
static void explain(struct query *q, const struct hit *h, struct recur_buf *b)
{
	struct shared sh = { q, { 0 } };
	const char *text[NFIELDS] = { h->title, h->description };
	size_t i, n = 0;
	int f;

	for (f = 0; f < NFIELDS; f++)
		if (text[f])
			q->tk->fn.xTokenize(q->tk->tok, &sh, FTS5_TOKENIZE_DOCUMENT, text[f],
					    (int)strlen(text[f]), shared_token);
	recur_buf_reset(b);
	for (i = 0; i < q->n; i++) /* terms are sorted rarest first */
		if (sh.seen[i] && n++ < WHY_TERMS)
			recur_buf_addf(b, "%s%s", n > 1 ? ", " : "shared: ", q->terms[i].word);
	if (n > WHY_TERMS)
		recur_buf_addf(b, " (+%zu)", n - WHY_TERMS);
	if (h->service && q->service && !strcmp(h->service, q->service))
		recur_buf_addf(b, "%ssame service", b->len ? "; " : "");
	if (h->has_at && q->at) {
		recur_buf_adds(b, b->len ? "; " : "");
		add_age(b, h->at, q->at);
	}
}

static void add_row(struct recur_table *t, const struct hit *h, const char *why)
{
	size_t r = recur_table_add_row(t);
	char when[32];

	recur_table_set_int(t, r, 0, (long long)r + 1);
	recur_table_set_text(t, r, 1, h->ext_id);
	recur_table_set_real(t, r, 2, round(h->score * 1000.0) / 1000.0);
	if (h->has_at) {
		recur_time_short(h->at, when);
		recur_table_set_text(t, r, 3, when);
	}
	if (h->title)
		recur_table_set_text(t, r, 4, h->title);
	if (h->service)
		recur_table_set_text(t, r, 5, h->service);
	if (h->problem)
		recur_table_set_text(t, r, 6, h->problem);
	recur_table_set_text(t, r, 7, why);
}

/* Stage 1: the ids of the candidates ranked from skip + 1 to skip + m by
 * their rough score, as a JSON array into ids; *n is how many. */
static int candidates(sqlite3 *db, struct query *q, const char *match, int skip, int m,
		      struct recur_buf *ids, int *n, struct recur_error *err)
{
	struct recur_buf sql = RECUR_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	*n = 0;
	recur_buf_reset(ids);
	recur_buf_addch(ids, '[');
	if (recur_share_load("queries/similar-candidates.sql", &sql, err) ||
	    recur_db_prepare(db, sql.buf, &st, err))
		goto out;
	sqlite3_bind_pointer(st, sqlite3_bind_parameter_index(st, ":q"), q, "recur_similar_query",
			     NULL);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":match"), match, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":m"), m);
	sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":skip"), skip);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":below"),
			   q->below ? q->below : LLONG_MAX);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		recur_buf_addf(ids, "%s%lld", (*n)++ ? "," : "", sqlite3_column_int64(st, 0));
	if (step != SQLITE_DONE) {
		recur_error_set(err, "queries/similar-candidates.sql: %s", sqlite3_errmsg(db));
		goto out;
	}
	rc = 0;
out:
	recur_buf_addch(ids, ']');
	sqlite3_finalize(st);
	recur_buf_release(&sql);
	return rc;
}

/* Stage 2: the candidates in ids that pass the time filter, scored exactly. */
static int rescore(sqlite3 *db, struct query *q, const char *ids, const struct subject *subj,
		   struct hits *h, struct recur_error *err)
{
	struct recur_buf sql = RECUR_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (recur_share_load("queries/similar.sql", &sql, err) ||
	    recur_db_prepare(db, sql.buf, &st, err))
		goto out;
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":ids"), ids, -1, SQLITE_STATIC);
	if (subj->id)
		sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":self"), subj->id);
	sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":any"), q->o->any_time);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":before"), q->at);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct hit *x;
		const char *text[NFIELDS];

		xgrow((void **)&h->v, &h->cap, h->n + 1, sizeof(*h->v));
		x = &h->v[h->n++];
		x->id = sqlite3_column_int64(st, 0);
		x->ext_id = column_dup(st, 1);
		x->has_at = sqlite3_column_type(st, 2) == SQLITE_INTEGER;
		x->at = sqlite3_column_int64(st, 2);
		x->title = column_dup(st, 3);
		x->description = column_dup(st, 4);
		x->service = column_dup(st, 5);
		x->problem = column_dup(st, 7);
		text[0] = x->title;
		text[1] = x->description;
		x->score = score_of(q, text, x->service, (const char *)sqlite3_column_text(st, 6),
				    x->has_at, x->at);
	}
	if (step != SQLITE_DONE) {
		recur_error_set(err, "queries/similar.sql: %s", sqlite3_errmsg(db));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	recur_buf_release(&sql);
	return rc;
}

/* The ids of the incidents opened before the query into q->keep, sorted,
 * when they are few (EARLY_MIN, or a tenth of all); 1 when there are more. */
static int keep_earlier(sqlite3 *db, struct query *q, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0, most;
	int step;

	if (recur_db_prepare(db, "SELECT id, (SELECT indexed_max FROM similar_index) / ?2 "
			     "FROM incidents WHERE opened_at < ?1 LIMIT max(?3, "
			     "(SELECT indexed_max FROM similar_index) / ?2) + 1", &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, q->at);
	sqlite3_bind_int(st, 2, EARLY_SHARE);
	sqlite3_bind_int(st, 3, EARLY_MIN);
	most = EARLY_MIN;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((size_t)sqlite3_column_int64(st, 1) > most)
			most = (size_t)sqlite3_column_int64(st, 1);
		xgrow((void **)&q->keep, &cap, q->nkeep + 1, sizeof(*q->keep));
		q->keep[q->nkeep++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return recur_error_set(err, "cannot read incidents: %s", sqlite3_errmsg(db));
	if (q->nkeep > most) {
		free(q->keep);
		q->keep = NULL;
		q->nkeep = 0;
		return 1;
	}
	/* an empty set is a set: nothing passes */
	if (!q->keep)
		q->keep = xmalloc(sizeof(*q->keep));
	qsort(q->keep, q->nkeep, sizeof(*q->keep), cmp_id);
	return 0;
}

/*
 * The top o->top of the candidates. Stage 1 ranks every candidate from the
 * index; stage 2 reads the best m of them, drops those outside the time
 * filter and scores the rest exactly. When fewer than top pass the filter
 * (an incident early in the history: most candidates are later), stage 1
 * starts again keeping only the earlier incidents, when they are few
 * enough to hold as a set; otherwise the next candidates are read, four
 * times as many each round.
 */
static int rank(sqlite3 *db, struct query *q, const char *match, const struct subject *subj,
		struct recur_table *t, struct recur_error *err)
{
	struct recur_buf ids = RECUR_BUF_INIT, why = RECUR_BUF_INIT;
	struct hits h = { NULL, 0, 0 };
	int m = q->o->top * 20 > STAGE1_MIN ? q->o->top * 20 : STAGE1_MIN, skip = 0, n = 0, rc;
	int early = q->o->any_time ? 1 : -1; /* -1: not tried, 0: q->keep set, 1: too many */
	size_t i;

	for (;;) {
		if ((rc = candidates(db, q, match, skip, m, &ids, &n, err)) ||
		    (rc = rescore(db, q, ids.buf, subj, &h, err)))
			goto out;
		if ((int)h.n >= q->o->top || n < m || m >= INT_MAX / 8)
			break;
		if (early < 0 && (early = keep_earlier(db, q, err)) < 0) {
			rc = -1;
			goto out;
		}
		if (early == 0 && skip == 0 && !q->keep_used) {
			hits_release(&h); /* again from the start, earlier ones only */
			q->keep_used = 1;
			continue;
		}
		skip += m;
		m *= 4;
	}
	if (h.n)
		qsort(h.v, h.n, sizeof(*h.v), by_score);
	for (i = 0; i < h.n && (int)i < q->o->top; i++) {
		explain(q, &h.v[i], &why);
		add_row(t, &h.v[i], why.buf);
	}
out:
	hits_release(&h);
	recur_buf_release(&ids);
	recur_buf_release(&why);
	return rc;
}

static int find(sqlite3 *db, struct subject *subj, const char *text,
		const struct recur_similar_opts *o, struct recur_table **out, struct recur_error *err)
{
	struct query q;
	struct tokenizer tk = { { NULL, NULL, NULL }, NULL };
	struct recur_buf match = RECUR_BUF_INIT;
	fts5_api *api;
	int rc = -1;

	memset(&q, 0, sizeof(q));
	q.o = o;
	q.tk = &tk;
	q.service = subj->service;
	q.component = subj->component;
	q.at = subj->has_at ? subj->at : o->now;
	q.below = o->any_time ? 0 : subj->id;
	*out = result_table();
	if (!(api = fts5_of(db, err)) || register_functions(db, api, err) ||
	    tokenizer_open(db, api, &tk, err))
		goto out;
	if (text) {
		add_text(&tk, &q, text, 1.0);
	} else {
		add_text(&tk, &q, subj->title, 1.0);
		add_text(&tk, &q, subj->description, field_weight[1]);
	}
	if (read_df(db, &q, err))
		goto out;
	choose_terms(&q, &match);
	rc = q.n ? rank(db, &q, match.buf, subj, *out, err) : 0;
out:
	if (rc) {
		recur_table_free(*out);
		*out = NULL;
	}
	tokenizer_close(&tk);
	query_release(&q);
	recur_buf_release(&match);
	return rc;
}

int recur_similar_find(sqlite3 *db, const char *ext_id, const char *text,
		       const struct recur_similar_opts *o, struct recur_table **out,
		       struct recur_error *err)
{
	struct subject s;
	int rc;

	memset(&s, 0, sizeof(s));
	*out = NULL;
	if (!text) {
		if ((rc = read_subject(db, ext_id, 0, &s, err)))
			return rc < 0 ? -1 : recur_error_set(err, "no incident '%s': give an id as "
							     "the export has it (the ext_id column)",
							     ext_id);
	} else {
		s.service = o->service ? xstrdup(o->service) : NULL;
	}
	rc = find(db, &s, text, o, out, err);
	subject_release(&s);
	return rc;
}

int recur_similar_find_id(sqlite3 *db, long long id, const struct recur_similar_opts *o,
			  struct recur_table **out, struct recur_error *err)
{
	struct subject s;
	int rc;

	memset(&s, 0, sizeof(s));
	*out = NULL;
	if ((rc = read_subject(db, NULL, id, &s, err)))
		return rc < 0 ? -1 : recur_error_set(err, "no incident with id %lld", id);
	rc = find(db, &s, NULL, o, out, err);
	subject_release(&s);
	return rc;
}
