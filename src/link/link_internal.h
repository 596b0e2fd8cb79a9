/*
 * link_internal.h — the pieces of the link layer, shared by the files of src/link/ only.
 *
 *   link_map     a string → index hash map (grouping, problem lookup)
 *   link_rules   the rules file: parsing, compiled patterns, matching
 *   link_map     the string map and hash (link_map.c)
 *   link_miner   template mining: texts → groups with a template (Brain-style)
 *   link_set     problems and links of one run, written to the database
 */
#ifndef RECUR_LINK_INTERNAL_H
#define RECUR_LINK_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "recur/buf.h"
#include "recur/err.h"
#include "recur/link.h"

/* ---- link_map: open addressing, keys copied and owned by the map ---- */

struct link_map {
	char **keys;
	size_t *vals;
	unsigned long long *hashes;  /* link_hash of each key: probes and growth skip rehashing */
	size_t cap, len;
};

void link_map_init(struct link_map *m);
void link_map_release(struct link_map *m);
/* Index stored for key, or (size_t)-1. */
size_t link_map_get(const struct link_map *m, const char *key);
/* Stores val for key unless key is present; returns the value stored for key. */
size_t link_map_put(struct link_map *m, const char *key, size_t val);
/* FNV-1a 64 of s. */
unsigned long long link_hash(const char *s);

/* ---- link_rules ---- */

/* Incident fields a rule can read, as bits. */
enum link_field {
	LINK_FIELD_TITLE,
	LINK_FIELD_DESCRIPTION,
	LINK_FIELD_SERVICE,
	LINK_FIELD_CATEGORY,
	LINK_FIELD_ROOT_CAUSE,
	LINK_FIELD_RESOLUTION,
	LINK_NFIELDS
};

/* The name of field f ("title", …). */
const char *link_field_name(enum link_field f);

struct link_rule {
	char *name;
	char *title, *root_cause, *workaround, *status; /* NULL when not given */
	char *service_text;   /* the service line as written, or NULL */
	char **services;      /* lower-cased service filter, nservices entries */
	size_t nservices;
	unsigned fields;      /* bit (1u << enum link_field) per field read */
	void **codes;         /* pcre2_code_8 *, one per pattern line */
	size_t ncodes;
	long line;            /* line of the [rule] header */
};

struct link_rules {
	struct link_rule *rules;
	size_t n, cap;
	void *mctx;           /* pcre2_match_context_8 * with limits */
	void *mdata;          /* pcre2_match_data_8 *, reused */
	void *jstack;         /* pcre2_jit_stack_8 * */
};

/* Parses a rules file's text; file names it in errors. On error out is released. */
int link_rules_parse(const char *text, size_t len, const char *file, struct link_rules *out,
		     struct recur_error *err);
/* Reads and parses path. */
int link_rules_load(const char *path, struct link_rules *out, struct recur_error *err);
void link_rules_release(struct link_rules *rs);

/* ---- link_ruleset: the rules a run links with, stored in the database ---- */

struct link_ruleset {
	struct link_rules rules;       /* empty when from is RECUR_RULES_NONE */
	enum recur_link_rules_from from;
	char path[512];                /* the rules file, as given to --rules */
	long long stored_at;           /* from RECUR_RULES_STORED: when they were stored */
	char sha[65], stored_sha[65];  /* of the rules used; of the stored ones */
	int replaced;                  /* --rules FILE differs from the stored rules */
	int dropped;                   /* --no-rules deletes stored rules */
	struct recur_buf text;         /* the rules file's text */
};

/* Reads the rules the run uses (o's --rules file, else the stored ones; none
 * with --no-rules) and parses them. rs is released by link_ruleset_release
 * whatever this returns. */
int link_ruleset_load(sqlite3 *db, const struct recur_link_opts *o, struct link_ruleset *rs,
		      struct recur_error *err);
/* Stores a --rules file in place of the stored rules, or deletes them for
 * --no-rules; inside the link's transaction. */
int link_ruleset_store(sqlite3 *db, const struct link_ruleset *rs, long long now,
		       struct recur_error *err);
void link_ruleset_release(struct link_ruleset *rs);

/* One incident's fields as rules see them (NULL = missing). */
struct link_fields {
	const char *v[LINK_NFIELDS];
	size_t len[LINK_NFIELDS];
};

/*
 * Finds the first rule (file order) that matches: returns its index, or
 * (size_t)-1 for none, and writes the reason ("rule NAME matched FIELD:
 * 'TEXT'") into reason. Returns -2 (as size_t) with err set when a pattern
 * hits its match limit; what names the incident in that message.
 */
size_t link_rules_match(struct link_rules *rs, const struct link_fields *f, struct recur_buf *reason,
			const char *what, struct recur_error *err);
#define LINK_NO_MATCH ((size_t)-1)
#define LINK_MATCH_ERROR ((size_t)-2)

/* ---- link_mask ---- */

/* Frees the compiled masking pattern (for leak checkers; optional). */
void link_mask_release(void);

/* ---- link_miner: template mining (one batch) ---- */

struct link_miner;

struct link_miner *link_miner_new(void);
void link_miner_free(struct link_miner *m);
/* Adds one text (service may be NULL; texts of different services never
 * share a template): returns its index, or LINK_NO_MATCH when the text is
 * NULL or has no words. */
size_t link_miner_add(struct link_miner *m, const char *service, const char *text);
/* Mines the templates of all texts added; call once, after the last add. */
void link_miner_finish(struct link_miner *m);
/* After finish: the group of a text, and how much of the text is the
 * template's fixed words (0..1). */
size_t link_miner_group(const struct link_miner *m, size_t text);
double link_miner_score(const struct link_miner *m, size_t text);
/* Number of groups. */
size_t link_miner_groups(const struct link_miner *m);
/* Fixed tokens of a group's template that hold a letter ("Symptom <NUM>": 1). */
size_t link_miner_words(const struct link_miner *m, size_t group);
/* A group's problem key ("sig:service:template", service lower-cased),
 * template and service (its smallest spelling, NULL when none). Borrowed;
 * valid until link_miner_free. */
const char *link_miner_key(const struct link_miner *m, size_t group);
const char *link_miner_template(const struct link_miner *m, size_t group);
const char *link_miner_service(const struct link_miner *m, size_t group);

/* ---- link_titles: exports whose titles are codes (link_titles.c) ---- */

#define LINK_MAX_CODE_SOURCES 64

struct link_code_sources {
	long long source[LINK_MAX_CODE_SOURCES];   /* sources.id */
	char example[LINK_MAX_CODE_SOURCES][64];   /* a title of each, for messages */
	size_t n;
};

/* Whether a title is a code: one to three words and a number ("Symptom 72"). */
int link_title_is_code(const char *s);
/* The sources whose titles are codes or a pick list, by the rule in link_titles.c. */
int link_code_sources(sqlite3 *db, struct link_code_sources *out, struct recur_error *err);

/* ---- link_similar: near-duplicate titles no template grouped ---- */

/* Titles joined at this mean cosine or more make one group (precision first). */
#define LINK_SIMILAR_THRESHOLD 0.6

struct link_similar;
struct link_similar *link_similar_new(void);
void link_similar_free(struct link_similar *ls);
/* Adds a title of a service (NULL: none; titles are compared within one
 * service); returns its index. */
size_t link_similar_add(struct link_similar *ls, const char *service, const char *text);
/* Groups the titles (average link at threshold); the result does not
 * depend on the order they were added in. */
void link_similar_finish(struct link_similar *ls, double threshold);
size_t link_similar_groups(const struct link_similar *ls);
/* A title's group, or LINK_NO_MATCH when it joined none. */
size_t link_similar_group(const struct link_similar *ls, size_t doc);
/* Its mean cosine to the rest of its group. */
double link_similar_score(const struct link_similar *ls, size_t doc);
/* Its text. Borrowed; valid until link_similar_free. */
const char *link_similar_text(const struct link_similar *ls, size_t doc);
/* Appends the words of a's title (as written) that b's shares, ", "-separated. */
void link_similar_shared(const struct link_similar *ls, size_t a, size_t b, struct recur_buf *out);

/* ---- link_set: the problems and links of one run (link_problems.c) ---- */

#define LINK_PENDING ((size_t)-1)  /* a link whose problem is not decided yet */
#define LINK_NO_REASON UINT32_MAX

struct link_problem {
	char *key;
	char id[16];
	const char *method;            /* "source", "rule", "signature" or "similar" (static) */
	char *title, *template, *service;
	char *scope;                   /* signature mined within a category: "category 'x', …" */
	const struct link_rule *rule;  /* for rule problems: title, root cause, … */
	long long first_seen, last_seen;
	int seen;                      /* first_seen/last_seen are set */
	long count;
	long long impact_s;            /* seconds of TTR: summed exactly, so the minutes stored
					  never depend on the order of the incidents */
	int has_impact;
	int recurring;                 /* enough incidents within the window */
	char *pick;                    /* source problems: ext_id the title came from */
	long long pick_opened;
	int pick_has_opened;
};

/* One per incident linked or pending: 48 bytes, a million of them at 1M. */
struct link_entry {
	size_t problem;                /* index in problems, or LINK_PENDING */
	long long incident;
	long long opened, resolved;
	double score;                  /* 1 for source and rule links; signature: link_miner_score */
	uint32_t reason;               /* offset in reasons, or LINK_NO_REASON */
	unsigned char has_opened, has_resolved;
};

struct link_set {
	struct link_problem *problems;
	size_t nproblems, pcap;
	struct link_entry *links;
	size_t nlinks, lcap;
	struct link_map keys;          /* problem key → index */
	struct recur_buf reasons;      /* NUL-separated reason texts */
};

struct link_set *link_set_new(void);
void link_set_free(struct link_set *s);
/* The problem with key, created (with method, copied pointer) if new. */
size_t link_set_problem(struct link_set *s, const char *key, const char *method);
/* Adds a copy of e linked to problem, with reason (NULL: none, for a
 * signature link the reason is made from the template when written). */
void link_set_add(struct link_set *s, size_t problem, const struct link_entry *e, const char *reason);
/* Appends a printf-formatted item to the NUL-terminated list buf of size
 * bytes, after sep when buf is not empty; a list that would overflow ends
 * in "…" and takes nothing more. */
void link_note_add(char *buf, size_t size, const char *sep, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Sets the reason of link i (a copy of reason). */
void link_set_reason(struct link_set *s, size_t i, const char *reason);
/* What makes a problem recurring: min incidents opened within window
 * seconds of each other (window 0: any time). */
struct link_recurring {
	long min;
	long long window;
};

/*
 * Gives each problem its id and rewrites the database: all links, problems
 * upserted (updated_at = now only when something changed), and those no
 * longer produced retired or removed (counted in r). Runs inside the
 * caller's transaction.
 */
int link_set_write(sqlite3 *db, struct link_set *s, const struct link_recurring *rec, long long now,
		   struct recur_link_result *r, struct recur_error *err);

/* ---- link_state: what the last run ran on and with (link_state.c) ---- */

/* The settings a run's result depends on, as one text (into out). */
void link_state_settings(const struct recur_link_opts *o, const struct link_ruleset *rs,
			 struct recur_buf *out);
/* 1 when nothing changed since the last run with these settings (r then
 * holds its figures, r->unchanged set), 0 when something did, -1 on error. */
int link_state_unchanged(sqlite3 *db, const char *settings, struct recur_link_result *r,
			 struct recur_error *err);
/* Records this run (settings, the database it ran on, its figures r). */
int link_state_store(sqlite3 *db, const char *settings, long long now,
		     const struct recur_link_result *r, struct recur_error *err);

/* ---- link_rows: the links written (link_rows.c) ---- */

/* The indexes of the decided links of s ordered by incident: caller frees,
 * *n is set. */
size_t *link_set_by_incident(const struct link_set *s, size_t *n);
/*
 * Brings problem_link_rows and problem_link_reasons to exactly the decided
 * links of s (ids assigned), by difference; inside the caller's transaction.
 */
int link_rows_write(sqlite3 *db, const struct link_set *s, struct recur_error *err);

#endif
