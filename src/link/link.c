/*
 * link.c — recur_link_run: links every incident to at most one problem.
 *
 * One pass over the incidents (in rowid order, the cheapest; every choice
 * that could depend on order is made by value, so the result never depends
 * on import order) decides each incident's link, in order of precedence:
 * the export's problem_ref (method 'source'), the first matching rule in
 * file order ('rule'), or its signature ('signature', kept only when the
 * signature group reaches min_incidents; titles too generic to mine are
 * mined again within their category and component). The links are
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

#define SCAN_COLUMNS                                                                         \
	"SELECT id, ext_id, title, description, service, category, root_cause, resolution, "    \
	"problem_ref, opened_at, resolved_at, component, source_id FROM incidents "

static const char scan_sql[] = SCAN_COLUMNS "ORDER BY id";
static const char incident_sql[] = SCAN_COLUMNS "WHERE id = ?1";

enum { C_ID, C_EXT, C_TITLE, C_DESC, C_SERVICE, C_CATEGORY, C_ROOT, C_RESOLUTION, C_REF,
       C_OPENED, C_RESOLVED, C_COMPONENT, C_SOURCE };

/* The fields --fields may name, and their columns in scan_sql. */
const char *const recur_link_signature_fields[] = {
	"title", "description", "service", "category", "component", "root_cause", "resolution", NULL,
};
static const int field_cols[] = { C_TITLE, C_DESC, C_SERVICE, C_CATEGORY, C_COMPONENT, C_ROOT,
				   C_RESOLUTION };

#define MAX_CODE_SOURCES LINK_MAX_CODE_SOURCES
#define NO_TEXT UINT32_MAX          /* group_of: the miner took no text */

/* What a scan needs beside the statement. */
struct scan {
	struct link_set *set;
	struct link_rules *rules;   /* NULL when no rules file */
	struct link_miner *miner;
	/* per pending link, 4 bytes each (a million of them at 1M) */
	uint32_t *group_of;         /* the miner's text index (NO_TEXT: none), then its group */
	uint32_t *source_of;        /* its incident's source, as an index in sources */
	long long *sources;         /* the sources of pending links, in order of appearance */
	size_t nsources, sources_cap, last_source;
	unsigned char *human;       /* its title is from an export written by people */
	size_t npending, cap;
	struct recur_buf key, reason, text;
	struct recur_link_result *r;
	const struct recur_link_opts *opts;
	int fields[8], nfields;     /* --fields: columns a signature reads; 0: the title */
	long long code_sources[MAX_CODE_SOURCES]; /* sources whose titles are codes */
	size_t ncode;
	long long human_sources[MAX_CODE_SOURCES]; /* sources whose titles people wrote */
	double human_share[MAX_CODE_SOURCES];      /* % of their titles sharing a template */
	size_t nhuman;
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

/* ref with each run of white space as one space, trimmed: "Problem ID  2"
 * is titled "Problem ID 2" (caller owns the result). */
static char *squeeze_spaces(const char *ref)
{
	char *t = xstrdup(ref), *w = t;
	const char *r;

	for (r = ref; *r; r++) {
		if (*r == ' ' || *r == '\t') {
			if (w > t && w[-1] != ' ')
				*w++ = ' ';
		} else {
			*w++ = *r;
		}
	}
	while (w > t && w[-1] == ' ')
		w--;
	*w = '\0';
	return t;
}

/* A problem the export carries is titled by its key, the name the service
 * desk knows it by; its service comes from its earliest incident. */
static void link_source(struct scan *s, sqlite3_stmt *st, const char *ref)
{
	struct link_entry e;
	struct link_problem *p;
	const char *ext = col_text(st, C_EXT), *service = col_text(st, C_SERVICE);
	size_t i;

	read_times(st, &e);
	recur_buf_reset(&s->key);
	recur_buf_addf(&s->key, "source:%s", ref);
	i = link_set_problem(s->set, s->key.buf, "source");
	p = &s->set->problems[i];
	if (!p->title)
		p->title = squeeze_spaces(ref);
	if (earlier(p, &e, ext ? ext : "")) {
		free(p->pick);
		free(p->service);
		p->pick = xstrdup(ext ? ext : "");
		p->pick_has_opened = e.has_opened;
		p->pick_opened = e.opened;
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

/* What a signature reads: the title, or the --fields joined by " | ". */
static const char *signature_text(struct scan *s, sqlite3_stmt *st)
{
	int k;

	if (!s->nfields)
		return col_text(st, C_TITLE);
	recur_buf_reset(&s->text);
	for (k = 0; k < s->nfields; k++) {
		const char *v = col_text(st, s->fields[k]);

		if (v && *v)
			recur_buf_addf(&s->text, "%s%s", s->text.len ? " | " : "", v);
	}
	return s->text.len ? s->text.buf : NULL;
}

/* Whether the incident's title is a code its export fills every title with. */
static int code_titled(const struct scan *s, sqlite3_stmt *st)
{
	long long src = sqlite3_column_int64(st, C_SOURCE);
	size_t i;

	for (i = 0; i < s->ncode; i++)
		if (s->code_sources[i] == src)
			return 1;
	return 0;
}

/* The index of source id in s->sources, added if new (incidents come in id
 * order, so runs of one source: the last one found is tried first). */
static uint32_t source_index(struct scan *s, long long id)
{
	size_t k;

	if (s->nsources && s->sources[s->last_source] == id)
		return (uint32_t)s->last_source;
	for (k = 0; k < s->nsources && s->sources[k] != id; k++)
		;
	if (k == s->nsources) {
		xgrow((void **)&s->sources, &s->sources_cap, k + 1, sizeof(*s->sources));
		s->sources[s->nsources++] = id;
	}
	s->last_source = k;
	return (uint32_t)k;
}

/* Hands the incident's text to the miner; groups and problems come after
 * the scan (mining is one batch pass over all texts). */
static void link_signature(struct scan *s, sqlite3_stmt *st)
{
	struct link_entry e;
	size_t g;

	if (s->opts->no_signatures || (!s->nfields && code_titled(s, st)))
		return;
	g = link_miner_add(s->miner, col_text(st, C_SERVICE), signature_text(s, st));

	/* a title with no words may still be mined within its category */
	if (g == LINK_NO_MATCH && (s->nfields || (sqlite3_column_type(st, C_CATEGORY) == SQLITE_NULL &&
						  sqlite3_column_type(st, C_COMPONENT) == SQLITE_NULL)))
		return;
	read_times(st, &e);
	link_set_add(s->set, LINK_PENDING, &e, NULL);
	if (s->npending + 1 > s->cap) {
		xgrow((void **)&s->group_of, &s->cap, s->npending + 1, sizeof(*s->group_of));
		s->source_of = xrealloc(s->source_of, s->cap * sizeof(*s->source_of));
		s->human = xrealloc(s->human, s->cap);
	}
	s->source_of[s->npending] = source_index(s, sqlite3_column_int64(st, C_SOURCE));
	s->human[s->npending] = 0;
	s->group_of[s->npending++] = g == LINK_NO_MATCH ? NO_TEXT : (uint32_t)g;
}

/* Tells the caller's progress callback, if any, what the run is at. */
static void progress(const struct recur_link_opts *o, const char *step, long long done,
		     long long total)
{
	if (o->progress)
		o->progress(step, done, total, o->progress_ctx);
}

static int scan_incidents(sqlite3 *db, struct scan *s, struct recur_error *err)
{
	sqlite3_stmt *st;
	long long total = 0;
	int rc;

	if (s->opts->progress && recur_db_prepare(db, "SELECT count(*) FROM incidents", &st, err))
		return -1;
	if (s->opts->progress) {
		if (sqlite3_step(st) == SQLITE_ROW)
			total = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (recur_db_prepare(db, scan_sql, &st, err))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ref = col_text(st, C_REF);

		if (++s->r->incidents % 16384 == 0)
			progress(s->opts, "reading incidents", s->r->incidents, total);
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

/*
 * A title whose template has fewer than GENERIC_WORDS words with a letter
 * ("Symptom <NUM>", "<HOST> down") says too little to make a problem on its
 * own: ServiceNow's u_symptom, for one, is a pick list whose number is
 * masked away. Such titles are mined again within the incident's category
 * and component as well as its service, the classification the reporter
 * chose; incidents without either stay in the first grouping.
 */
#define GENERIC_WORDS 2

/* The second mining pass: the part's spelling is service, category and
 * component joined by \x1f. */
struct refine {
	struct link_miner *m;
	size_t *text;               /* per pending link: its text in m, or LINK_NO_MATCH */
};

/* The next link still pending from *i on (the j-th pending link is the
 * j-th text mined: the per-title arrays are numbered that way); *i moves
 * past it. */
static struct link_entry *next_pending(struct link_set *set, size_t *i)
{
	while (set->links[*i].problem != LINK_PENDING)
		++*i;
	return &set->links[(*i)++];
}

static int refine_generic(sqlite3 *db, struct scan *s, size_t ng1, struct refine *rf,
			  struct recur_error *err)
{
	static const char sql[] = "SELECT service, category, component, title FROM incidents "
				  "WHERE id = ?1";
	unsigned char *generic = xcalloc(ng1 + 1, 1);
	struct recur_buf part = RECUR_BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t g, i, j, any = 0;
	int rc = -1;

	/* --fields chose what signatures read: no second reading of titles */
	for (g = 0; g < ng1 && !s->nfields; g++)
		any += generic[g] = link_miner_words(s->miner, g) < GENERIC_WORDS;
	generic[ng1] = 1; /* titles without words */
	for (j = 0; j < s->npending && !any && !s->nfields; j++)
		any = s->group_of[j] == ng1 && !s->human[j];
	if (!any) {
		rc = 0;
		goto out;
	}
	if (recur_db_prepare(db, sql, &st, err))
		goto out;
	rf->m = link_miner_new();
	rf->text = xmalloc((s->npending ? s->npending : 1) * sizeof(*rf->text));
	for (i = 0, j = 0; i < s->set->nlinks; i++) {
		if (s->set->links[i].problem != LINK_PENDING)
			continue;
		rf->text[j] = LINK_NO_MATCH;
		if (generic[s->group_of[j]] && !s->human[j]) {
			const char *cat, *comp, *svc;

			sqlite3_bind_int64(st, 1, s->set->links[i].incident);
			if (sqlite3_step(st) != SQLITE_ROW) {
				recur_error_set(err, "cannot read incident: %s", sqlite3_errmsg(db));
				goto out;
			}
			svc = col_text(st, 0);
			cat = col_text(st, 1);
			comp = col_text(st, 2);
			if ((cat && *cat) || (comp && *comp)) {
				recur_buf_reset(&part);
				recur_buf_addf(&part, "%s\x1f%s\x1f%s", svc ? svc : "", cat ? cat : "",
					       comp ? comp : "");
				rf->text[j] = link_miner_add(rf->m, part.buf, col_text(st, 3));
				if (rf->text[j] == LINK_NO_MATCH)
					rf->text[j] = link_miner_add(rf->m, part.buf, "(no title)");
			}
			sqlite3_reset(st);
		}
		j++;
	}
	link_miner_finish(rf->m);
	for (i = 0, j = 0; j < s->npending; j++) {
		struct link_entry *e = next_pending(s->set, &i);

		if (rf->text[j] == LINK_NO_MATCH)
			continue;
		s->group_of[j] = (uint32_t)(ng1 + 1 + link_miner_group(rf->m, rf->text[j]));
		e->score = link_miner_score(rf->m, rf->text[j]);
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	recur_buf_release(&part);
	free(generic);
	return rc;
}

static void add_lower(struct recur_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		recur_buf_addch(b, (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]));
}

/* The problem of a group of the second pass: its key is
 * "sig:service:template | category / component" (case-blind but for the
 * template), its title names the category and component. */
static size_t refined_problem(struct scan *s, const struct refine *rf, size_t g)
{
	const char *spell = link_miner_service(rf->m, g), *tmpl = link_miner_template(rf->m, g);
	const char *c1 = strchr(spell, '\x1f'), *c2 = strchr(c1 + 1, '\x1f');
	size_t nsvc = (size_t)(c1 - spell), ncat = (size_t)(c2 - c1 - 1), ncomp = strlen(c2 + 1);
	struct link_problem *p;
	size_t i;

	recur_buf_reset(&s->key);
	recur_buf_adds(&s->key, "sig:");
	add_lower(&s->key, spell, nsvc);
	recur_buf_addf(&s->key, ":%s | ", tmpl);
	add_lower(&s->key, c1 + 1, ncat);
	recur_buf_adds(&s->key, " / ");
	add_lower(&s->key, c2 + 1, ncomp);
	i = link_set_problem(s->set, s->key.buf, "signature");
	p = &s->set->problems[i];
	if (p->template)
		return i; /* a key seen before (cannot happen with sane labels) */
	p->template = xstrdup(tmpl);
	recur_buf_reset(&s->key);
	recur_buf_addf(&s->key, "%s (%.*s%s%s)", tmpl, (int)ncat, c1 + 1,
		       ncat && ncomp ? " / " : "", c2 + 1);
	p->title = xstrdup(s->key.buf);
	recur_buf_reset(&s->key);
	if (ncat)
		recur_buf_addf(&s->key, "category '%.*s'", (int)ncat, c1 + 1);
	if (ncomp)
		recur_buf_addf(&s->key, "%scomponent '%s'", ncat ? ", " : "", c2 + 1);
	p->scope = xstrdup(s->key.buf);
	if (nsvc)
		p->service = xstrndup(spell, nsvc);
	return i;
}

/*
 * Titles written by people rarely repeat, even masked: in an export where
 * fewer than HUMAN_SHARE of the titles share a template with another one,
 * the templates found are coincidences ("<HOST> - Blank page" over reports
 * of different web sites), so its titles are grouped by similar wording
 * instead (settle_similar). Alert titles come from a finite set of rules and
 * mostly share a template. An export needs HUMAN_MIN_TITLES titles to judge.
 */
#define HUMAN_SHARE 0.25
#define HUMAN_MIN_TITLES 20

static void note_human(struct scan *s, long long source, double pct)
{
	if (s->nhuman == MAX_CODE_SOURCES)
		return;
	s->human_sources[s->nhuman] = source;
	s->human_share[s->nhuman++] = pct;
}

/* The path of source id through st ("SELECT path FROM sources WHERE id =
 * ?1"), or "?". Borrowed; valid until st is reset. */
static const char *source_path(sqlite3_stmt *st, long long id)
{
	const char *path = NULL;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		path = (const char *)sqlite3_column_text(st, 0);
	return path ? path : "?";
}

/* "PATH (7% share a template), …" into the result. */
static int name_human_sources(sqlite3 *db, struct scan *s, struct recur_error *err)
{
	char *out = s->r->human_titles;
	size_t i, size = sizeof(s->r->human_titles);
	sqlite3_stmt *st;

	s->r->human_sources = (long)s->nhuman;
	if (!s->nhuman)
		return 0;
	if (recur_db_prepare(db, "SELECT path FROM sources WHERE id = ?1", &st, err))
		return -1;
	for (i = 0; i < s->nhuman; i++) {
		link_note_add(out, size, ", ", "%s (%.0f%% share a template)",
			      source_path(st, s->human_sources[i]), s->human_share[i]);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

struct source_share {
	long long source;
	long titles, shared;
};

/* Marks the pending titles of exports written by people (s->human), takes
 * them out of their template groups and names the exports in the result. */
static void find_human_sources(struct scan *s, size_t ng1, long min)
{
	long *count = xcalloc(ng1 + 1, sizeof(*count));
	size_t nsrc = s->nsources, j, k;
	struct source_share *src = xcalloc(nsrc ? nsrc : 1, sizeof(*src));

	for (k = 0; k < nsrc; k++)
		src[k].source = s->sources[k];
	for (j = 0; j < s->npending; j++)
		count[s->group_of[j]]++;
	for (j = 0; j < s->npending; j++) {
		k = s->source_of[j];
		src[k].titles++;
		src[k].shared += s->group_of[j] != ng1 && count[s->group_of[j]] >= min;
	}
	for (j = 0; j < s->npending; j++) {
		k = s->source_of[j];
		if (src[k].titles < HUMAN_MIN_TITLES ||
		    (double)src[k].shared >= HUMAN_SHARE * (double)src[k].titles)
			continue;
		s->human[j] = 1;
		s->group_of[j] = ng1; /* no template group */
	}
	for (k = 0; k < nsrc; k++)
		if (src[k].titles >= HUMAN_MIN_TITLES &&
		    (double)src[k].shared < HUMAN_SHARE * (double)src[k].titles)
			note_human(s, src[k].source, 100.0 * (double)src[k].shared / (double)src[k].titles);
	free(src);
	free(count);
}

/* Turns signature groups with at least min incidents into problems and
 * resolves the pending links; the rest are dropped. */
static int settle_signatures(sqlite3 *db, struct scan *s, long min, struct recur_error *err)
{
	struct refine rf = { NULL, NULL };
	size_t ng, ng1, i, j;
	long *count = NULL;
	size_t *problem = NULL;
	int rc = -1;

	link_miner_finish(s->miner);
	ng1 = link_miner_groups(s->miner);
	for (i = 0, j = 0; j < s->npending; j++) {
		struct link_entry *e = next_pending(s->set, &i);
		uint32_t text = s->group_of[j];

		/* group ng1: titles without words, never a problem of their own */
		s->group_of[j] = (uint32_t)(text == NO_TEXT ? ng1 : link_miner_group(s->miner, text));
		e->score = text == NO_TEXT ? 0 : link_miner_score(s->miner, text);
	}
	find_human_sources(s, ng1, min);
	if (refine_generic(db, s, ng1, &rf, err))
		goto out;
	ng = ng1 + 1 + (rf.m ? link_miner_groups(rf.m) : 0);
	count = xcalloc(ng ? ng : 1, sizeof(*count));
	problem = xmalloc((ng ? ng : 1) * sizeof(*problem));
	for (j = 0; j < s->npending; j++)
		count[s->group_of[j]]++;
	for (i = 0; i < ng; i++) {
		struct link_problem *p;

		problem[i] = LINK_PENDING;
		if (count[i] < min || i == ng1)
			continue;
		if (i > ng1) {
			problem[i] = refined_problem(s, &rf, i - ng1 - 1);
			continue;
		}
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
		e->problem = problem[s->group_of[j++]];
		if (e->problem == LINK_PENDING)
			continue;
		s->r->signature_links++;
	}
	rc = 0;
out:
	free(count);
	free(problem);
	free(rf.text);
	link_miner_free(rf.m);
	return rc;
}

/* Whether title d is more central to its group than title best: a higher
 * score, ties to the smaller text; best (size_t)-1 is none yet. */
static int more_central(const struct link_similar *ls, size_t d, size_t best)
{
	double a, b;

	if (best == (size_t)-1)
		return 1;
	a = link_similar_score(ls, d);
	b = link_similar_score(ls, best);
	return a > b || (a == b && strcmp(link_similar_text(ls, d), link_similar_text(ls, best)) < 0);
}

/* Per group, its most central title (rep) and the next one (rep2, for the
 * words the central one shares), in one pass over the n titles. */
static void find_central(const struct link_similar *ls, size_t n, size_t *rep, size_t *rep2)
{
	size_t d, g;

	for (g = 0; g < link_similar_groups(ls); g++)
		rep[g] = rep2[g] = (size_t)-1;
	for (d = 0; d < n; d++) {
		if ((g = link_similar_group(ls, d)) == LINK_NO_MATCH)
			continue;
		if (more_central(ls, d, rep[g])) {
			rep2[g] = rep[g];
			rep[g] = d;
		} else if (more_central(ls, d, rep2[g])) {
			rep2[g] = d;
		}
	}
}

/* A similarity group's problem: keyed and titled by its most central title. */
static size_t similar_problem(struct scan *s, const struct link_similar *ls, size_t rep,
			      const char *service)
{
	struct link_problem *p;
	size_t i;

	recur_buf_reset(&s->key);
	recur_buf_adds(&s->key, "sim:");
	add_lower(&s->key, service ? service : "", service ? strlen(service) : 0);
	recur_buf_addf(&s->key, ":%s", link_similar_text(ls, rep));
	i = link_set_problem(s->set, s->key.buf, "similar");
	p = &s->set->problems[i];
	if (!p->title) {
		p->title = xstrdup(link_similar_text(ls, rep));
		p->service = service ? xstrdup(service) : NULL;
	}
	return i;
}

/* Reads the texts of the links no template grouped (their incidents by id),
 * into ls; link[k] is the link of text k. Returns the count, or -1. */
static long read_leftovers(sqlite3 *db, struct scan *s, struct link_similar *ls, size_t *link,
			   char **service, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	long n = 0;

	if (recur_db_prepare(db, incident_sql, &st, err))
		return -1;
	for (i = 0; i < s->set->nlinks; i++) {
		const char *text, *svc;

		if (s->set->links[i].problem != LINK_PENDING)
			continue;
		sqlite3_bind_int64(st, 1, s->set->links[i].incident);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_finalize(st);
			return recur_error_set(err, "cannot read incident: %s", sqlite3_errmsg(db));
		}
		text = signature_text(s, st);
		svc = col_text(st, C_SERVICE);
		if (text && *text) {
			link[n] = i;
			service[n] = svc ? xstrdup(svc) : NULL;
			link_similar_add(ls, svc, text);
			n++;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return n;
}

/*
 * Titles no rule, export or template grouped: near-duplicates (written by
 * people in other words) become 'similar' problems when a group reaches
 * min incidents; each link says which title it resembles and the words
 * they share.
 */
static int settle_similar(sqlite3 *db, struct scan *s, long min, struct recur_error *err)
{
	struct link_similar *ls = link_similar_new();
	size_t *link = xmalloc((s->set->nlinks ? s->set->nlinks : 1) * sizeof(*link));
	char **service = xcalloc(s->set->nlinks ? s->set->nlinks : 1, sizeof(*service));
	size_t *problem = NULL, *count = NULL, *rep = NULL, *rep2 = NULL;
	long n = s->opts->no_signatures ? 0 : read_leftovers(db, s, ls, link, service, err);
	size_t g, k, ng, other;
	int rc = n < 0 ? -1 : 0;

	if (n < min)
		goto out;
	link_similar_finish(ls, LINK_SIMILAR_THRESHOLD);
	ng = link_similar_groups(ls);
	problem = xmalloc((ng ? ng : 1) * sizeof(*problem));
	count = xcalloc(ng ? ng : 1, sizeof(*count));
	rep = xmalloc((ng ? ng : 1) * sizeof(*rep));
	rep2 = xmalloc((ng ? ng : 1) * sizeof(*rep2));
	find_central(ls, (size_t)n, rep, rep2);
	for (k = 0; k < (size_t)n; k++)
		if ((g = link_similar_group(ls, k)) != LINK_NO_MATCH)
			count[g]++;
	for (g = 0; g < ng; g++) {
		problem[g] = LINK_PENDING;
		if ((long)count[g] < min)
			continue;
		problem[g] = similar_problem(s, ls, rep[g], service[rep[g]]);
	}
	for (k = 0; k < (size_t)n; k++) {
		struct link_entry *e = &s->set->links[link[k]];

		g = link_similar_group(ls, k);
		if (g == LINK_NO_MATCH || problem[g] == LINK_PENDING)
			continue;
		e->problem = problem[g];
		e->score = link_similar_score(ls, k);
		/* the central title itself is likened to the next most central one */
		other = k == rep[g] ? rep2[g] : rep[g];
		recur_buf_reset(&s->reason);
		recur_buf_addf(&s->reason, "similar to '%s' (score %.2f; shared words: ",
			       link_similar_text(ls, other), e->score);
		link_similar_shared(ls, k, other, &s->reason);
		recur_buf_addch(&s->reason, ')');
		link_set_reason(s->set, link[k], s->reason.buf);
		s->r->similar_links++;
	}
out:
	for (k = 0; n > 0 && k < (size_t)n; k++)
		free(service[k]);
	free(service);
	free(link);
	free(problem);
	free(count);
	free(rep);
	free(rep2);
	link_similar_free(ls);
	return rc;
}

/* The figures of the problems written: count and recurring from the
 * problems table (tens of thousands of rows); linked, the incidents with a
 * link, from the run's own links, which link_set_write made the stored
 * ones exactly (counting them through the problem_links view sorted a
 * million rows into a temporary b-tree: a quarter of a month's run). */
static int count_problems(sqlite3 *db, const struct link_set *s, struct recur_link_result *r,
			  struct recur_error *err)
{
	size_t n, i, *order = link_set_by_incident(s, &n);
	sqlite3_stmt *st;
	int rc;

	r->linked = 0;
	for (i = 0; i < n; i++)
		r->linked += !i || s->links[order[i]].incident != s->links[order[i - 1]].incident;
	free(order);
	if (recur_db_prepare(db, "SELECT count(*), coalesce(sum(recurring), 0) FROM problems "
				 "WHERE retired_at IS NULL", &st, err))
		return -1;
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

/* --fields into scan columns (the names were checked by the caller). */
static int set_fields(struct scan *s, const char *list, struct recur_error *err)
{
	while (list && *list) {
		size_t n = strcspn(list, ","), f;

		for (f = 0; recur_link_signature_fields[f]; f++)
			if (strlen(recur_link_signature_fields[f]) == n &&
			    !strncmp(recur_link_signature_fields[f], list, n))
				break;
		if (!recur_link_signature_fields[f] || s->nfields == 8)
			return recur_error_set(err, "bad --fields '%s': give a list of %s", list,
					       "title, description, service, category, component, "
					       "root_cause, resolution");
		s->fields[s->nfields++] = field_cols[f];
		list += n + (list[n] == ',');
	}
	return 0;
}

/*
 * The sources whose titles are codes (link_titles.c): no signature is mined
 * from them, and the result names them. --fields and --no-signatures decide
 * for themselves.
 */
static int find_code_sources(sqlite3 *db, struct scan *s, struct recur_error *err)
{
	struct link_code_sources cs;
	sqlite3_stmt *st;
	size_t i;

	if (s->nfields || s->opts->no_signatures)
		return 0;
	if (link_code_sources(db, &cs, err) ||
	    recur_db_prepare(db, "SELECT path FROM sources WHERE id = ?1", &st, err))
		return -1;
	for (i = 0; i < cs.n && s->ncode < MAX_CODE_SOURCES; i++) {
		s->code_sources[s->ncode++] = cs.source[i];
		link_note_add(s->r->code_titles, sizeof(s->r->code_titles), ", ", "%s ('%s')",
			      source_path(st, cs.source[i]), cs.example[i]);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	s->r->code_sources = (long)cs.n;
	return 0;
}

/* Records in sources.title_kind what the titles of each file were found to
 * be ('codes', 'people', else NULL), for the review; only when this run
 * classified them (no --fields, signatures on). */
static int store_title_kinds(sqlite3 *db, const struct scan *s, struct recur_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (s->nfields || s->opts->no_signatures)
		return 0;
	if (recur_db_exec(db, "UPDATE sources SET title_kind = NULL WHERE title_kind IS NOT NULL",
			  err) ||
	    recur_db_prepare(db, "UPDATE sources SET title_kind = ?2 WHERE id = ?1", &st, err))
		return -1;
	for (i = 0; i < s->ncode + s->nhuman && !rc; i++) {
		int code = i < s->ncode;

		sqlite3_bind_int64(st, 1, code ? s->code_sources[i] : s->human_sources[i - s->ncode]);
		sqlite3_bind_text(st, 2, code ? "codes" : "people", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = recur_error_set(err, "cannot record title kinds: %s", sqlite3_errmsg(db));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static void release_mining(struct scan *s)
{
	free(s->group_of);
	free(s->source_of);
	free(s->sources);
	free(s->human);
	link_miner_free(s->miner);
	s->group_of = NULL;
	s->source_of = NULL;
	s->sources = NULL;
	s->nsources = s->sources_cap = s->last_source = 0;
	s->human = NULL;
	s->miner = NULL;
	s->npending = s->cap = 0;
}

static int link_all(sqlite3 *db, const struct recur_link_opts *opts, struct link_rules *rules,
		    struct recur_link_result *r, struct recur_error *err)
{
	struct scan s;
	struct link_recurring rec;
	long min = opts->min_incidents > 0 ? opts->min_incidents : 2;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.set = link_set_new();
	s.rules = rules;
	s.miner = link_miner_new();
	s.r = r;
	s.opts = opts;
	recur_buf_init(&s.key, 0);
	recur_buf_init(&s.reason, 0);
	recur_buf_init(&s.text, 0);
	if (set_fields(&s, opts->fields, err) || find_code_sources(db, &s, err) ||
	    scan_incidents(db, &s, err))
		goto out;
	progress(opts, "mining signatures", 0, 0);
	if (settle_signatures(db, &s, min, err))
		goto out;
	/* what mining needed is not needed again: freed before the similar
	 * titles and the writing take their memory (a third of the peak) */
	release_mining(&s);
	progress(opts, "grouping similar titles", 0, 0);
	if (settle_similar(db, &s, min, err) || name_human_sources(db, &s, err) ||
	    store_title_kinds(db, &s, err))
		goto out;
	rec.min = min;
	rec.window = opts->window_days > 0 ? (long long)opts->window_days * 86400 : 0;
	progress(opts, "writing problems and links", 0, 0);
	/* a million links to check or write: with a 2 MB cache most index
	 * pages are read and written again and again; 8 MB serves as well as
	 * 16 (the index sorts take as much again) */
	if (recur_db_exec(db, "PRAGMA cache_size = -8192", err) ||
	    link_set_write(db, s.set, &rec, opts->now, r, err))
		goto out;
	rc = count_problems(db, s.set, r, err);
out:
	recur_buf_release(&s.key);
	recur_buf_release(&s.reason);
	recur_buf_release(&s.text);
	release_mining(&s);
	link_set_free(s.set);
	return rc;
}

/* The first column of a one-row query as an integer (0 on any failure). */
static long long query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Whether the pragma returns mode. */
static int is_mode(sqlite3 *db, const char *pragma, const char *mode)
{
	sqlite3_stmt *st;
	int yes = 0;

	if (sqlite3_prepare_v2(db, pragma, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		yes = !strcmp((const char *)sqlite3_column_text(st, 0), mode);
	sqlite3_finalize(st);
	return yes;
}

/*
 * Linking a big database for the first time writes a million links: in WAL
 * mode every page is written twice (log, then checkpoint), so, as import
 * does for a big file, the run uses a rollback journal (best effort: if
 * another connection holds the WAL, it stays). Returns whether WAL must be
 * put back.
 */
static int bulk_enter(sqlite3 *db)
{
	if (query_int(db, "SELECT max(id) FROM incidents") < 100000 ||
	    query_int(db, "SELECT EXISTS (SELECT 1 FROM problem_links)") ||
	    !is_mode(db, "PRAGMA journal_mode", "wal"))
		return 0;
	return is_mode(db, "PRAGMA journal_mode = DELETE", "delete");
}

/* Runs the linking in one transaction. Foreign keys and CHECKs are off meanwhile: every
 * link written names a problem upserted and an incident read in this same
 * transaction, and the checks would double the time of a million inserts. */
/* What the result says of the rules used. */
static void note_rules(const struct link_ruleset *rs, struct recur_link_result *r)
{
	r->rules = (long)rs->rules.n;
	r->rules_from = rs->from;
	snprintf(r->rules_path, sizeof(r->rules_path), "%s", rs->path);
	r->rules_stored_at = rs->stored_at;
	r->rules_replaced = rs->replaced;
	r->rules_dropped = rs->dropped;
}

int recur_link_run(sqlite3 *db, const struct recur_link_opts *opts, struct recur_link_result *r,
		   struct recur_error *err)
{
	struct link_ruleset rules;
	struct recur_buf settings = RECUR_BUF_INIT;
	int rc = -1, wal = 0;

	memset(r, 0, sizeof(*r));
	/* a bad rules file fails before the database is touched */
	if (link_ruleset_load(db, opts, &rules, err))
		goto out;
	note_rules(&rules, r);
	link_state_settings(opts, &rules, &settings);
	if (!opts->full) {
		int same = link_state_unchanged(db, settings.buf, r, err);

		if (same) {
			rc = same < 0 ? -1 : 0;
			goto out;
		}
	}
	/* CHECK constraints are off: the only one the run could break is
	 * method IN (...), and every method written is one of three static
	 * strings; SQLite checks that IN list with a temporary b-tree opened
	 * and closed per row, a fifth of the time of a million inserts. The
	 * scan reads the incidents once, in order: a small page cache serves
	 * it while the mining holds its memory (link_all raises it to write). */
	if (recur_db_exec(db, "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; "
			  "PRAGMA cache_size = -2048", err))
		goto fk; /* puts back what the failed line may have turned off */
	wal = bulk_enter(db);
	if (recur_db_begin(db, err))
		goto fk;
	/* the similarity index is left to the first search (similar.h): a
	 * million incidents cost FTS5 about 3 s and 28 MB that a review never
	 * reads */
	if (link_ruleset_store(db, &rules, opts->now, err) ||
	    link_all(db, opts, rules.from != RECUR_RULES_NONE ? &rules.rules : NULL, r, err) ||
	    link_state_store(db, settings.buf, opts->now, r, err) || recur_db_commit(db, err)) {
		recur_db_rollback(db);
		goto fk;
	}
	rc = 0;
fk:
	sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA ignore_check_constraints = OFF", NULL, NULL,
		     NULL);
	if (wal)
		sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
out:
	progress(opts, NULL, 0, 0);
	recur_buf_release(&settings);
	link_ruleset_release(&rules);
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
