/*
 * test_similar.c — the similarity index and `recur similar`'s ranking:
 * the migration to schema 4, incremental sync and its triggers, the
 * tokenizer's identifiers, earlier-only answers, boosts and the reasons.
 */
#include "harness.h"
#include "recur/buf.h"
#include "recur/db.h"
#include "recur/share.h"
#include "recur/similar.h"
#include "recur/table.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/recur-similar-XXXXXX";

/* The database name in tmpdir; fresh: made anew. */
static sqlite3 *open_db(const char *name, int fresh)
{
	char path[128];
	sqlite3 *db = NULL;
	struct recur_error err;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if (fresh)
		unlink(path);
	recur_error_init(&err);
	if (recur_db_open(path, &db, &err))
		printf("#   cannot open %s: %s\n", path, err.msg);
	return db;
}

static void exec(sqlite3 *db, const char *sql)
{
	struct recur_error err;

	recur_error_init(&err);
	if (recur_db_exec(db, sql, &err))
		printf("#   %s: %s\n", sql, err.msg);
}

static long long count(sqlite3 *db, const char *sql)
{
	struct recur_table *t = NULL;
	struct recur_error err;
	long long n = -1;

	recur_error_init(&err);
	if (!recur_db_query(db, sql, NULL, 0, &t, &err) && t->nrows)
		n = (long long)recur_table_cell(t, 0, 0)->num;
	recur_table_free(t);
	return n;
}

/* An incident as an import would write it (times: days after 2026-01-01). */
static void add(sqlite3 *db, const char *id, const char *title, const char *service, int day)
{
	char *sql = sqlite3_mprintf("INSERT INTO incidents (source_system, ext_id, title, service, "
				    "opened_at) VALUES ('generic', %Q, %Q, %Q, %lld)", id, title,
				    service, 1767225600LL + day * 86400LL);

	exec(db, sql);
	sqlite3_free(sql);
}

static struct recur_table *similar(sqlite3 *db, const char *id, const char *text,
				   struct recur_similar_opts *o)
{
	struct recur_table *t = NULL;
	struct recur_error err;

	recur_error_init(&err);
	if (recur_similar_sync(db, NULL, NULL, NULL, &err) ||
	    recur_similar_find(db, id, text, o, &t, &err))
		printf("#   similar %s: %s\n", id ? id : text, err.msg);
	return t;
}

static const char *cell(const struct recur_table *t, size_t row, const char *col)
{
	int c = t ? recur_table_col(t, col) : -1;

	return c >= 0 && row < t->nrows ? recur_table_cell(t, row, (size_t)c)->text : NULL;
}

/* Query text is cut by the tokenizer the index was made with, read from
 * its definition: here one that splits at '_' (no tokenchars), so the
 * identifier's parts match as words. */
static void tokenizer_from_the_index(void)
{
	sqlite3 *db = open_db("tok.db", 1);
	struct recur_similar_opts o;
	struct recur_table *t;

	exec(db, "DROP TABLE incidents_fts; CREATE VIRTUAL TABLE incidents_fts USING fts5(title, "
		 "description, content = 'incidents', content_rowid = 'id', "
		 "tokenize = \"porter unicode61 'remove_diacritics' 2\", detail = column, "
		 "columnsize = 0)");
	add(db, "T-1", "ERR_CONNECTION_RESET on checkout", "checkout", 1);
	recur_similar_opts_init(&o);
	o.now = 1767225600LL + 10 * 86400LL;
	t = similar(db, NULL, "connection resets", &o);
	CHECK(t && t->nrows == 1); /* split at '_', and porter's stems: resets = reset */
	CHECK(cell(t, 0, "why") && strstr(cell(t, 0, "why"), "shared: connect") != NULL);
	recur_table_free(t);
	recur_db_close(db);
}

/* migrate-6.sql undone: problem_links a table again, with its reasons */
#define LINKS_V5 "DROP TABLE link_state; DROP VIEW problem_links; DROP TABLE problem_link_rows; " \
		 "DROP TABLE problem_link_reasons; CREATE TABLE problem_links (problem_id TEXT " \
		 "NOT NULL REFERENCES problems(id) ON DELETE CASCADE, incident_id INTEGER NOT NULL " \
		 "REFERENCES incidents(id) ON DELETE CASCADE, method TEXT NOT NULL CHECK (method IN " \
		 "('rule', 'signature', 'source', 'similar')), score REAL, reason TEXT, PRIMARY KEY " \
		 "(problem_id, incident_id)); CREATE INDEX problem_links_incident ON " \
		 "problem_links(incident_id, problem_id); "

/* A version-4 database (before the index) gets it, filled, on opening. */
static void migrates_from_version_4(void)
{
	sqlite3 *db = open_db("v4.db", 1);

	add(db, "A-1", "Disk full on db-07", "db", 1);
	add(db, "A-2", "Disk full on db-07 again", "db", 2);
	exec(db, LINKS_V5 "DROP TRIGGER incidents_fts_update; DROP TRIGGER incidents_fts_delete; "
		 "DROP TABLE incidents_fts; DROP TABLE similar_index; PRAGMA user_version = 4");
	recur_db_close(db);
	db = open_db("v4.db", 0);
	CHECK(db != NULL);
	CHECK_INT(count(db, "PRAGMA user_version"), RECUR_SCHEMA_VERSION);
	CHECK_INT(count(db, "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH '\"db-07\"'"), 2);
	CHECK_INT(count(db, "SELECT indexed_max FROM similar_index"), 2);
	recur_db_close(db);
}

/* New incidents are indexed by the sync; changed and deleted ones by the
 * triggers, so the index never answers with text an incident lost. */
static void sync_and_triggers(void)
{
	sqlite3 *db = open_db("sync.db", 1);
	struct recur_error err;
	long added = -1;

	add(db, "S-1", "Checkout 502 errors", "checkout", 1);
	add(db, "S-2", "Search slow", "search", 2);
	recur_error_init(&err);
	CHECK_INT(recur_similar_sync(db, NULL, NULL, &added, &err), 0);
	CHECK_INT(added, 2);
	CHECK_INT(recur_similar_sync(db, NULL, NULL, &added, &err), 0);
	CHECK_INT(added, 0); /* nothing new: nothing done */
	exec(db, "UPDATE incidents SET title = 'Checkout timeouts' WHERE ext_id = 'S-1'");
	CHECK_INT(count(db, "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH '502'"), 0);
	CHECK_INT(count(db, "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH 'timeouts'"), 1);
	exec(db, "DELETE FROM incidents WHERE ext_id = 'S-2'");
	CHECK_INT(count(db, "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH 'slow'"), 0);
	/* the deleted id given again is indexed by the next sync */
	add(db, "S-3", "Search slow again", "search", 3);
	CHECK_INT(recur_similar_sync(db, NULL, NULL, &added, &err), 0);
	CHECK_INT(added, 1);
	CHECK_INT(count(db, "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH 'slow'"), 1);
	exec(db, "INSERT INTO incidents_fts(incidents_fts) VALUES ('integrity-check')");
	recur_db_close(db);
}

/* Earlier only by default, best first, with why; --any-time; --text. */
/* What the progress callback was told, in order. */
struct steps {
	long long done[8], total;
	int n;
};

static void note_step(long long done, long long total, void *ctx)
{
	struct steps *s = ctx;

	if (s->n < 8)
		s->done[s->n++] = done;
	s->total = total;
}

/* A big catch-up goes in steps of 65,536 incidents, told to the callback,
 * over ids with gaps, and indexes every incident once. */
static void sync_in_steps(void)
{
	sqlite3 *db = open_db("steps.db", 1);
	struct steps st = { { 0 }, 0, 0 };
	struct recur_error err;
	long added = -1;

	exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70000) "
		 "INSERT INTO incidents (id, source_system, ext_id, title, opened_at) "
		 "SELECT i * 3, 'generic', 'G-' || i, 'Disk full on db-' || (i % 7), 1767225600 + i "
		 "FROM n");
	exec(db, "DELETE FROM incidents WHERE id BETWEEN 3000 AND 6000");
	recur_error_init(&err);
	CHECK_INT(recur_similar_sync(db, note_step, &st, &added, &err), 0);
	CHECK_INT(added, 68999); /* 1,001 ids deleted */
	CHECK_INT(st.n, 2);
	CHECK_INT(st.done[0], 65536);
	CHECK_INT(st.done[1], 68999);
	CHECK_INT(st.total, 68999);
	CHECK_INT(count(db, "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH 'disk'"),
		  68999);
	CHECK_INT(count(db, "SELECT indexed_max FROM similar_index"), 210000);
	exec(db, "INSERT INTO incidents_fts(incidents_fts) VALUES ('integrity-check')");
	recur_db_close(db);
}

static void ranks_earlier_incidents(void)
{
	sqlite3 *db = open_db("rank.db", 1);
	struct recur_similar_opts o;
	struct recur_table *t;

	recur_similar_opts_init(&o);
	add(db, "R-1", "ERR_CONNECTION_RESET from payments API", "payments", 1);
	add(db, "R-2", "Connection reset on search", "search", 2);
	add(db, "R-3", "Payments API returns ERR_CONNECTION_RESET", "payments", 3);
	add(db, "R-4", "ERR_CONNECTION_RESET from payments API", "payments", 4);
	add(db, "R-5", "Disk full on db-07", "db", 5);
	t = similar(db, "R-3", NULL, &o);
	CHECK(t && t->nrows == 1); /* the identifier is one word: R-2 shares none */
	CHECK_STR(cell(t, 0, "id"), "R-1");
	CHECK(cell(t, 0, "why") && strstr(cell(t, 0, "why"), "ERR_CONNECTION_RESET"));
	CHECK(cell(t, 0, "why") && strstr(cell(t, 0, "why"), "same service; 2 d before"));
	CHECK_STR(cell(t, 0, "opened_at"), "2026-01-02 00:00");
	recur_table_free(t);
	o.any_time = 1;
	t = similar(db, "R-3", NULL, &o);
	CHECK(t && t->nrows == 2);
	CHECK_STR(cell(t, 0, "id"), "R-4"); /* the same words: the nearer in time first */
	CHECK(cell(t, 0, "why") && strstr(cell(t, 0, "why"), "24 h after"));
	recur_table_free(t);
	o.any_time = 0;
	o.now = 1767225600LL + 10 * 86400LL;
	t = similar(db, NULL, "disk full db-07", &o);
	CHECK(t && t->nrows == 1);
	CHECK_STR(cell(t, 0, "id"), "R-5");
	recur_table_free(t);
	recur_db_close(db);
}

/* The service boost breaks a tie between equal titles. */
static void boosts_the_same_service(void)
{
	sqlite3 *db = open_db("boost.db", 1);
	struct recur_similar_opts o;
	struct recur_table *t;

	recur_similar_opts_init(&o);
	o.recency_boost = 0;
	add(db, "B-1", "Queue backlog growing", "billing", 1);
	add(db, "B-2", "Queue backlog growing", "search", 2);
	add(db, "B-3", "Queue backlog growing", "billing", 3);
	t = similar(db, "B-3", NULL, &o);
	CHECK_STR(cell(t, 0, "id"), "B-1");
	recur_table_free(t);
	o.service_boost = 0;
	t = similar(db, "B-3", NULL, &o);
	CHECK_STR(cell(t, 0, "id"), "B-2"); /* without it, the more recent */
	recur_table_free(t);
	recur_db_close(db);
}

/* More candidates than stage 1 reads at once, and the query imported after
 * them though it is older than most (ids do not follow time): the few
 * incidents before it are still found, as a set of the earlier ids. */
static void finds_earlier_among_many(void)
{
	sqlite3 *db = open_db("many.db", 1);
	struct recur_similar_opts o;
	struct recur_table *t;
	char id[16];
	int i;

	recur_similar_opts_init(&o);
	exec(db, "BEGIN");
	for (i = 1; i <= 600; i++) {
		snprintf(id, sizeof(id), "M-%d", i);
		add(db, id, "Queue backlog growing", "billing", i);
	}
	add(db, "Q-1", "Queue backlog growing", "billing", 11); /* after M-1 … M-10 only */
	exec(db, "COMMIT");
	t = similar(db, "Q-1", NULL, &o);
	CHECK(t && t->nrows == 10);
	CHECK_STR(cell(t, 0, "id"), "M-10"); /* opened a day before it: the recency boost */
	CHECK_STR(cell(t, 9, "id"), "M-1");
	recur_table_free(t);
	recur_db_close(db);
}

static void unknown_id_is_an_error(void)
{
	sqlite3 *db = open_db("unknown.db", 1);
	struct recur_similar_opts o;
	struct recur_table *t = NULL;
	struct recur_error err;

	recur_similar_opts_init(&o);
	recur_error_init(&err);
	CHECK_INT(recur_similar_find(db, "NOPE-1", NULL, &o, &t, &err), -1);
	CHECK(t == NULL);
	CHECK_INT(err.code, RECUR_EXIT_DATA);
	CHECK(strstr(err.msg, "no incident 'NOPE-1'") != NULL);
	recur_db_close(db);
}

int main(void)
{
	char cmd[160];

	if (!mkdtemp(tmpdir))
		return 1;
	RUN(tokenizer_from_the_index);
	RUN(migrates_from_version_4);
	RUN(sync_and_triggers);
	RUN(sync_in_steps);
	RUN(ranks_earlier_incidents);
	RUN(boosts_the_same_service);
	RUN(finds_earlier_among_many);
	RUN(unknown_id_is_an_error);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd))
		return 1;
	return HARNESS_END();
}
