/*
 * link.h — linking recurring incidents into problem records.
 *
 * Three sources of links, in order of precedence: links the export carried
 * (problem_ref, method 'source'), rules from a rules file (PCRE2, method
 * 'rule'), and automatic signatures mined from masked titles (method
 * 'signature'). Problem ids are derived from the problem's key, so they are
 * the same on every run; a signature problem whose template more data made
 * more general keeps the id of the problem that held most of its incidents.
 */
#ifndef RECUR_LINK_H
#define RECUR_LINK_H

#include <sqlite3.h>

#include "recur/buf.h"
#include "recur/err.h"
#include "recur/json.h"

/* Where a run's rules came from. */
enum recur_link_rules_from {
	RECUR_RULES_NONE,        /* no rules (none stored, or --no-rules) */
	RECUR_RULES_FILE,        /* rules_path, now stored in the database */
	RECUR_RULES_STORED       /* the rules stored by an earlier run */
};

struct recur_link_opts {
	const char *rules_path;  /* rules file, stored in place of the stored rules; NULL:
				    link with the stored rules, if any */
	int min_incidents;       /* a signature needs this many incidents (default 2), and a
				    problem this many within window_days to be recurring */
	long long now;
	int window_days;         /* recurring: min_incidents opened within this many days;
				    0 = all history */
	int no_rules;            /* link without rules and delete the stored ones */
	const char *fields;      /* what signatures read: a comma list of
				    recur_link_signature_fields; NULL: the title, unless the
				    export's titles are codes (src/link/link_titles.c) */
	int no_signatures;       /* mine no signatures at all */
	int full;                /* relink even when nothing changed since the last run */
	/* Called now and then during a run when set (never prints itself):
	 * step names what is being done; done of total rows (total 0: not
	 * known); step NULL once at the end. */
	void (*progress)(const char *step, long long done, long long total, void *ctx);
	void *progress_ctx;
};

/* The names --fields takes, NULL-terminated. */
extern const char *const recur_link_signature_fields[];

struct recur_link_result {
	long incidents;          /* incidents considered */
	long linked;             /* incidents linked to a problem after the run */
	long rule_links;
	long signature_links;
	long similar_links;      /* near-duplicate titles no template grouped */
	long source_links;
	long problems;           /* problem records after the run */
	long rules;              /* rules read */
	long recurring;          /* problems with min_incidents incidents within the window */
	enum recur_link_rules_from rules_from;
	char rules_path[512];    /* the rules file used, as given to --rules */
	long long rules_stored_at; /* RECUR_RULES_STORED: when they were stored */
	int rules_replaced;      /* --rules FILE replaced different stored rules */
	int rules_dropped;       /* --no-rules deleted stored rules */
	/* Problems no incident links to any more. Those that carry what a
	 * person wrote (a rule's, or a status, root cause or workaround) are
	 * kept and marked retired; the others, mined, are removed. */
	long retired;
	long removed;
	char retired_list[1024]; /* "PRB-… title; …" of those retired by this run, cut with "…" */
	long code_sources;       /* imported files whose titles are codes: no signatures */
	char code_titles[512];   /* "PATH ('Symptom 491'), …" */
	long human_sources;      /* imported files whose titles people wrote: grouped by
				    similar wording, not by template */
	char human_titles[512];  /* "PATH (7% share a template), …" */
	int unchanged;           /* nothing new since the last run with the same settings:
				    nothing was done, the figures are the last run's */
	long long last_linked_at; /* unchanged: when the last run was */
};

/* Recomputes rule and signature links (source links are kept) in one
 * transaction, and stores or drops the rules as opts say; returns at once,
 * with r->unchanged, when no incident, source nor setting changed since
 * the last run (table link_state), unless opts->full. */
int recur_link_run(sqlite3 *db, const struct recur_link_opts *opts, struct recur_link_result *r,
		   struct recur_error *err);

/*
 * Near-duplicate signatures for a human to confirm with a rule: templates of
 * one service that differ in one word, or whose word sets are >= 0.6 alike,
 * among the titles no rule or export linked (link_candidates.c). *out is an
 * array of candidates, most incidents first, at most limit (0: all), each
 * {candidate, kind, similarity, service, incidents, templates: [{problem,
 * incidents, template, example}], rule}; caller owns the result.
 */
int recur_link_candidates(sqlite3 *db, size_t limit, struct recur_json **out,
			  struct recur_error *err);

/* Masks variable parts of text (numbers, hex ids, UUIDs, IPs, hosts with digits)
 * into typed placeholders, appending the result to out. */
void recur_link_mask(const char *text, struct recur_buf *out);

/* Templates mined from a batch of texts (recur_link_signatures). */
struct recur_signatures {
	size_t n;           /* texts */
	size_t *group;      /* group of each text; RECUR_NO_GROUP for a text with no words */
	size_t ngroups;
	char **templates;   /* template of each group, e.g. "Disk full on <HOST> (<NUM>%)" */
	double *scores;     /* per text: share of its tokens that are the template's fixed words */
};
#define RECUR_NO_GROUP ((size_t)-1)

/* Masks, tokenises and mines the n texts in one batch pass (link_miner.c):
 * texts with the same template share a group. The result depends only on
 * the set of texts, not their order. Caller releases out. */
void recur_link_signatures(const char *const *texts, size_t n, struct recur_signatures *out);
void recur_link_signatures_release(struct recur_signatures *s);

/* Writes the stable id of a template (16 hex digits of its FNV-1a hash). */
void recur_link_template_id(const char *template, char out[17]);

/* Writes the stable problem id for key ("PRB-" + 8 hex digits) into out. */
void recur_link_problem_id(const char *key, char out[16]);

#endif
