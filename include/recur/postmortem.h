/*
 * postmortem.h — reading postmortem documents (Markdown, in the Google SRE
 * and PagerDuty template shapes, or as Jekyll, Hugo and Docusaurus sites keep
 * them: YAML front matter over free headings or none) and storing what they
 * say about an incident.
 *
 * The parser works on bytes (buf, len) and knows nothing of SQLite, so it can
 * be unit tested and fuzzed; the store half links the document to the
 * incident it names (any source system) or creates one, and adds its timeline
 * and action items. Importing the same document twice changes nothing.
 */
#ifndef RECUR_POSTMORTEM_H
#define RECUR_POSTMORTEM_H

/* How an error about a Markdown file that is no postmortem begins (a README,
 * notes): recur_import_result.not_postmortem is set for it. */
#define RECUR_NOT_POSTMORTEM "not a postmortem"

#include <stddef.h>

#include <sqlite3.h>

#include "recur/err.h"
#include "recur/import.h"

/* One timeline entry: when (UTC epoch seconds) and what happened. */
struct recur_pm_event {
	long long at;
	char *text;                /* Markdown as written */
	char *actor;               /* the who/actor column of a timeline table, or NULL */
	long line;                 /* where it was written, for messages */
};

/* One action item. owner and due_at are empty/0 when not written. */
struct recur_pm_action {
	char *text;                /* the item without owner, due date and checkbox */
	char *owner;               /* "maria" (no '@'), or NULL */
	long long due_at;          /* epoch seconds of the due date, 0 = none */
	int done;                  /* [x] or a done-like status column */
	char *kind;                /* the Type column of an SRE action table, or NULL */
	char *bug;                 /* the Bug column of an SRE action table, or NULL */
	long line;
};

/*
 * A parsed document. Text fields are NULL when the document does not have
 * them; section text is the section's Markdown source, trimmed. Front matter
 * (frontmatter.h) wins over the Markdown for the title, the times and the
 * metadata; the Markdown's sections win over its summary.
 */
struct recur_postmortem {
	char *name;                /* the name given to the parser (file name) */
	char *title;               /* front matter title, else the first H1, else the first
				      heading that names no section */
	char *ref;                 /* incident reference: "SF-1278", "INC0012345", or the
				      front matter's id or slug, or the file name */
	char *ref_from;            /* where ref came from: "front matter", "front matter id",
				      "metadata", "title", "slug", "file name" */
	char *refs_other;          /* further references, comma-separated ("EDGE-427"), or NULL */
	long long date;            /* document date (00:00 UTC), 0 = none */
	char *date_text;           /* the Date value as written */
	char *authors;
	char *status;
	char *severity;            /* as written: "SEV1", "P2", "Major" */
	char *services;            /* as written: "checkout, cdn" */
	char *summary;
	char *impact;
	char *root_cause;
	char *trigger;
	char *contributing;        /* contributing factors */
	char *resolution;
	char *detection;
	char *lessons;
	char *body;                /* the Markdown after the front matter and the title when no
				      section the parser knows holds text (free headings or none) */
	long long started_at;      /* front matter start_time, or its date when it has a time
				      of day; 0 = none */
	long long resolved_at;     /* front matter end_time; 0 = none */
	char *company;             /* front matter company (organisation) */
	char *product;             /* front matter product */
	char *categories;          /* front matter categories and tags, joined with ", " */
	char *url;                 /* front matter url (link) */
	int front_matter;          /* the document had front matter */
	char *fm_used;             /* the front matter keys read, as written: "title, date", or NULL */
	struct recur_pm_event *events;
	size_t nevents;
	struct recur_pm_action *actions;
	size_t nactions;
	long values_rejected;      /* timeline/due/date values that could not be read */
	char rejected_example[128];/* the first of them: "line 42: due date '31/31/2026'" */
	long rejected_line;        /* the first of them, as parts: line, */
	char rejected_field[32];   /* what it was ("timeline", "due_at", "date"), */
	char rejected_value[64];   /* and the text */
};

/*
 * Parses a postmortem from buf[0..len). name (the file name, or NULL) is used
 * for messages and as the last resort for the incident reference. Returns 0
 * with *out set (free with recur_postmortem_free), or -1 with err when the
 * front matter is outside the subset frontmatter.h reads (err names the
 * line), or the bytes are not a postmortem: neither a title nor any text, or
 * no title, no front matter and no 'Incident:' line.
 */
int recur_postmortem_parse(const char *buf, size_t len, const char *name,
			   struct recur_postmortem **out, struct recur_error *err);

/*
 * Headings and metadata keys in other languages: english(ctx, key) returns
 * the English heading a key translates ("Causa raíz" → "root cause"), or
 * NULL. key is lower case with single spaces, as the parser compares.
 */
struct recur_pm_words {
	const char *(*english)(void *ctx, const char *key);
	void *ctx;
};
/* recur_postmortem_parse, with words for headings it does not know (NULL: none). */
int recur_postmortem_parse_words(const char *buf, size_t len, const char *name,
				 const struct recur_pm_words *words, struct recur_postmortem **out,
				 struct recur_error *err);
/* Whether heading (English, lower case) names a section or metadata key the
 * parser reads: what a translation must give. */
int recur_postmortem_heading_known(const char *heading);
void recur_postmortem_free(struct recur_postmortem *pm);

/*
 * Writes a parsed postmortem into the open transaction: links or creates the
 * incident, fills its empty fields, adds timeline events and action items.
 * source_id is the sources row (0 = none). Fills r like recur_postmortem_import.
 */
int recur_postmortem_store(sqlite3 *db, long long source_id, const char *path,
			   const struct recur_postmortem *pm, const struct recur_import_opts *opts,
			   struct recur_import_result *r, struct recur_error *err);

/*
 * Imports one postmortem document into the open transaction (the caller,
 * import.c, began it, inserted the sources row with id source_id, and commits
 * or rolls back). Fills r (format "postmortem", rows = 1,
 * incidents_new/updated, values_rejected).
 */
int recur_postmortem_import(sqlite3 *db, long long source_id, const char *path, const char *buf,
			    size_t len, const struct recur_import_opts *opts,
			    struct recur_import_result *r, struct recur_error *err);

#endif
