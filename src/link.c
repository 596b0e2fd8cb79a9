/*
 * link.c — recur_link_run: links every incident to at most one problem.
 *
 * One pass over the incidents (in rowid order, the cheapest; every choice
 * that could depend on order is made by value, so the result never depends
 * on import order) decides each incident's link, in order of precedence: the export's problem_ref (method 'source'), the
 * first matching rule in file order ('rule'), or its signature ('signature',
 * kept only when the signature group reaches min_incidents). The links are
 * collected in memory; link_problems.c then rewrites problems and
 * problem_links in the same transaction. Nothing is printed here.
 */
#include "link_internal.h"
#include "recur/db.h"
#include "recur/link.h"
#include "recur/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char scan_sql[] =
	"SELECT id, ext_id, title, description, service, category, root_cause, resolution, "
	"problem_ref, opened_at, resolved_at FROM incidents ORDER BY id";

enum { C_ID, C_EXT, C_TITLE, C_DESC, C_SERVICE, C_CATEGORY, C_ROOT, C_RESOLUTION, C_REF,
       C_OPENED, C_RESOLVED };

/* What a scan needs beside the statement. */
struct scan {
	struct link_set *set;
	struct link_rules *rules;   /* NULL when no rules file */
	struct link_miner *miner;
	size_t *group_of;           /* the miner's text index of each pending link */
	double *score;              /* similarity of each pending link to its template */
	size_t npending, cap;
	struct recur_buf key, reason;
	struct recur_link_result *r;
};

static const char *col_text(sqlite3_stmt *st, int c)
{
	return (const char *)sqlite3_column_text(st, c);
}

static void read_times(sqlite3_stmt *st, struct link_entry *e)
{
	e->incident = sqlite3_column_int64(st, C_ID);
	e->score = 1.0;
	e->has_opened = sqlite3_column_type(st, C_OPENED) != SQLITE_NULL;
	e->opened = sqlite3_column_int64(st, C_OPENED);
	e->has_resolved = sqlite3_column_type(st, C_RESOLVED) != SQLITE_NULL;
	e->resolved = sqlite3_column_int64(st, C_RESOLVED);
}

/* Whether incident (opened, ext) comes before the one p took its title from:
 * earliest opened first, incidents without an open time last, then ext_id. */
static int earlier(const struct link_problem *p, const struct link_entry *e, const char *ext)
{
	if (!p->pick)
		return 1;
	if (e->has_opened != p->pick_has_opened)
		return e->has_opened;
	if (e->has_opened && e->opened != p->pick_opened)
		return e->opened < p->pick_opened;
	return strcmp(ext, p->pick) < 0;
}

static void link_source(struct scan *s, sqlite3_stmt *st, const char *ref)
{
	struct link_entry e;
	struct link_problem *p;
	const char *ext = col_text(st, C_EXT), *title = col_text(st, C_TITLE);
	const char *service = col_text(st, C_SERVICE);
	size_t i;

	read_times(st, &e);
	recur_buf_reset(&s->key);
	recur_buf_addf(&s->key, "source:%s", ref);
	i = link_set_problem(s->set, s->key.buf, "source");
	p = &s->set->problems[i];
	/* title and service come from the problem's earliest incident */
	if (earlier(p, &e, ext ? ext : "")) {
		free(p->pick);
		free(p->title);
		free(p->service);
		p->pick = xstrdup(ext ? ext : "");
		p->pick_has_opened = e.has_opened;
		p->pick_opened = e.opened;
		p->title = xstrdup(title ? title : ref);
		p->service = service ? xstrdup(service) : NULL;
	}
	recur_buf_reset(&s->reason);
	recur_buf_addf(&s->reason, "the export's problem_ref '%s'", ref);
	link_set_add(s->set, i, &e, s->reason.buf);
	s->r->source_links++;
}

/* Tries the rules; 1 linked, 0 no rule matched, -1 error. */
static int link_rule(struct scan *s, sqlite3_stmt *st, struct recur_error *err)
{
	static const int cols[LINK_NFIELDS] = { C_TITLE, C_DESC, C_SERVICE, C_CATEGORY, C_ROOT,
						C_RESOLUTION };
	struct link_fields f;
	struct link_entry e;
	const struct link_rule *rule;
	size_t i, p;
	int k;

	for (k = 0; k < LINK_NFIELDS; k++) {
		f.v[k] = col_text(st, cols[k]);
		f.len[k] = (size_t)sqlite3_column_bytes(st, cols[k]);
	}
	i = link_rules_match(s->rules, &f, &s->reason, col_text(st, C_EXT), err);
	if (i == LINK_MATCH_ERROR)
		return -1;
	if (i == LINK_NO_MATCH)
		return 0;
	rule = &s->rules->rules[i];
	recur_buf_reset(&s->key);
	recur_buf_addf(&s->key, "rule:%s", rule->name);
	p = link_set_problem(s->set, s->key.buf, "rule");
	s->set->problems[p].rule = rule;
	read_times(st, &e);
	link_set_add(s->set, p, &e, s->reason.buf);
	s->r->rule_links++;
	return 1;
}

/* Hands the incident's title to the miner; groups and problems come after
 * the scan (mining is one batch pass over all titles). */
static void link_signature(struct scan *s, sqlite3_stmt *st)
{
	struct link_entry e;
	size_t g = link_miner_add(s->miner, col_text(st, C_SERVICE), col_text(st, C_TITLE));

	if (g == LINK_NO_MATCH)
		return;
	read_times(st, &e);
	link_set_add(s->set, LINK_PENDING, &e, NULL);
	if (s->npending + 1 > s->cap) {
		xgrow((void **)&s->group_of, &s->cap, s->npending + 1, sizeof(*s->group_of));
		s->score = xrealloc(s->score, s->cap * sizeof(*s->score));
	}
	s->group_of[s->npending++] = g;
}

static int scan_incidents(sqlite3 *db, struct scan *s, struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, scan_sql, &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ref = col_text(st, C_REF);

		s->r->incidents++;
		if (ref && *ref) {
			link_source(s, st, ref);
			continue;
		}
		if (s->rules) {
			int m = link_rule(s, st, err);

			if (m < 0)
				goto fail;
			if (m)
				continue;
		}
		link_signature(s, st);
	}
	if (rc != SQLITE_DONE) {
		recur_error_set(err, "cannot read incidents: %s", sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_finalize(st);
	return 0;
fail:
	sqlite3_finalize(st);
	return -1;
}

/* Turns signature groups with at least min incidents into problems and
 * resolves the pending links; the rest are dropped. */
static void settle_signatures(struct scan *s, long min)
{
	size_t ng, i, j;
	long *count;
	size_t *problem;

	link_miner_finish(s->miner);
	ng = link_miner_groups(s->miner);
	count = xcalloc(ng ? ng : 1, sizeof(*count));
	problem = xmalloc((ng ? ng : 1) * sizeof(*problem));
	for (i = 0; i < s->npending; i++) {
		size_t text = s->group_of[i];

		s->group_of[i] = link_miner_group(s->miner, text);
		s->score[i] = link_miner_score(s->miner, text);
		count[s->group_of[i]]++;
	}
	for (i = 0; i < ng; i++) {
		struct link_problem *p;

		problem[i] = LINK_PENDING;
		if (count[i] < min)
			continue;
		problem[i] = link_set_problem(s->set, link_miner_key(s->miner, i), "signature");
		p = &s->set->problems[problem[i]];
		p->title = xstrdup(link_miner_template(s->miner, i));
		p->template = xstrdup(link_miner_template(s->miner, i));
		if (link_miner_service(s->miner, i))
			p->service = xstrdup(link_miner_service(s->miner, i));
	}
	for (i = 0, j = 0; i < s->set->nlinks; i++) {
		struct link_entry *e = &s->set->links[i];

		if (e->problem != LINK_PENDING)
			continue;
		e->score = s->score[j];
		e->problem = problem[s->group_of[j++]];
		if (e->problem == LINK_PENDING)
			continue;
		s->r->signature_links++;
	}
	free(count);
	free(problem);
}

static int count_problems(sqlite3 *db, long min, struct recur_link_result *r,
			  struct recur_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (recur_db_prepare(db, "SELECT count(*), coalesce(sum(incident_count >= ?1), 0) "
			     "FROM problems", &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, min);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->problems = (long)sqlite3_column_int64(st, 0);
		r->recurring = (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return recur_error_set(err, "cannot count problems: %s", sqlite3_errmsg(db));
	return 0;
}

static int link_all(sqlite3 *db, const struct recur_link_opts *opts, struct link_rules *rules,
		    struct recur_link_result *r, struct recur_error *err)
{
	struct scan s;
	long min = opts->min_incidents > 0 ? opts->min_incidents : 2;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.set = link_set_new();
	s.rules = rules;
	s.miner = link_miner_new();
	s.r = r;
	recur_buf_init(&s.key, 0);
	recur_buf_init(&s.reason, 0);
	if (scan_incidents(db, &s, err))
		goto out;
	settle_signatures(&s, min);
	if (link_set_write(db, s.set, opts->now, err))
		goto out;
	rc = count_problems(db, min, r, err);
out:
	recur_buf_release(&s.key);
	recur_buf_release(&s.reason);
	free(s.group_of);
	free(s.score);
	link_miner_free(s.miner);
	link_set_free(s.set);
	return rc;
}

/* Runs the linking in one transaction. Foreign keys are off meanwhile: every
 * link written names a problem upserted and an incident read in this same
 * transaction, and the checks would double the time of a million inserts. */
int recur_link_run(sqlite3 *db, const struct recur_link_opts *opts, struct recur_link_result *r,
		   struct recur_error *err)
{
	struct link_rules rules;
	int have_rules = opts->rules_path != NULL, rc = -1;

	memset(r, 0, sizeof(*r));
	memset(&rules, 0, sizeof(rules));
	/* a bad rules file fails before the database is touched */
	if (have_rules && link_rules_load(opts->rules_path, &rules, err))
		return -1;
	r->rules = (long)rules.n;
	if (recur_db_exec(db, "PRAGMA foreign_keys = OFF", err))
		goto out;
	if (recur_db_begin(db, err))
		goto fk;
	if (link_all(db, opts, have_rules ? &rules : NULL, r, err) || recur_db_commit(db, err)) {
		recur_db_rollback(db);
		goto fk;
	}
	rc = 0;
fk:
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
out:
	if (have_rules)
		link_rules_release(&rules);
	return rc;
}

void recur_link_signatures(const char *const *texts, size_t n, struct recur_signatures *out)
{
	struct link_miner *m = link_miner_new();
	size_t *index = xmalloc((n ? n : 1) * sizeof(*index)), i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
		index[i] = link_miner_add(m, NULL, texts[i]);
	link_miner_finish(m);
	out->n = n;
	out->group = xmalloc((n ? n : 1) * sizeof(*out->group));
	out->scores = xmalloc((n ? n : 1) * sizeof(*out->scores));
	for (i = 0; i < n; i++) {
		out->group[i] = index[i] == LINK_NO_MATCH ? RECUR_NO_GROUP : link_miner_group(m, index[i]);
		out->scores[i] = index[i] == LINK_NO_MATCH ? 0 : link_miner_score(m, index[i]);
	}
	out->ngroups = link_miner_groups(m);
	out->templates = xmalloc((out->ngroups ? out->ngroups : 1) * sizeof(*out->templates));
	for (i = 0; i < out->ngroups; i++)
		out->templates[i] = xstrdup(link_miner_template(m, i));
	free(index);
	link_miner_free(m);
}

void recur_link_signatures_release(struct recur_signatures *s)
{
	size_t i;

	for (i = 0; i < s->ngroups; i++)
		free(s->templates[i]);
	free(s->templates);
	free(s->group);
	free(s->scores);
	memset(s, 0, sizeof(*s));
}

void recur_link_template_id(const char *template, char out[17])
{
	snprintf(out, 17, "%016llx", link_hash(template));
}
