/*
 * import.h — bringing exports into the store.
 *
 * One file is one transaction: it lands whole or not at all. Detection scores
 * the format profiles (queries/formats/NAME.sql: a tool's headers or JSON keys,
 * its field mapping and vocabularies, as data) against the file and picks the
 * best; with none matching, header names are matched to incident fields
 * through the alias table in queries/field-aliases.sql (formats "csv" and
 * "json"). Times, severities and null spellings are normalised; rows are
 * upserted on (source_system, ext_id), so importing the same file twice
 * changes nothing. Event logs (one row per update) collapse per incident and
 * their status changes become incident_events. Files ending in .gz are read
 * through zlib; .md/.markdown files are postmortems (postmortem.h). Files
 * recur wrote (its reviews and reports: Markdown, HTML, XLSX) are
 * recognised by content and skipped (recur_import_result.own_output).
 */
#ifndef RECUR_IMPORT_H
#define RECUR_IMPORT_H

#include <sqlite3.h>

#include "recur/buf.h"
#include "recur/err.h"
#include "recur/timeparse.h"

/* enum recur_date_order (AUTO, DMY, MDY) comes from timeparse.h. */

struct recur_import_opts {
	const char *format;               /* forced format (profile) name, or NULL to detect */
	const char *const *maps;          /* "FIELD=COLUMN" (a JSON path for JSON), or NULL */
	int nmaps;
	const char *source_tz;            /* zone of naive times ("Europe/Paris"); NULL = UTC */
	enum recur_date_order date_order;
	int strict;                       /* an unparseable value fails the file */
	size_t max_field;                 /* CSV field size limit; 0 = RECUR_CSV_MAX_FIELD */
	size_t max_cols;                  /* CSV column limit; 0 = RECUR_CSV_MAX_COLS */
	int dry_run;                      /* parse and report; write nothing */
	long long now;                    /* import time to record (epoch seconds) */
	/* Called now and then during a long file with bytes done and total; may be NULL. */
	void (*progress)(const char *path, long long done, long long total, long rows, void *ctx);
	void *progress_ctx;
};

/* An example of a rejected value, for messages. */
struct recur_reject_example {
	long line;
	char field[32];
	char value[64];
};

struct recur_import_result {
	char format[32];            /* format used (profile name, or csv/json) */
	char source_system[32];     /* incidents.source_system written */
	int json;                   /* the rows were JSON records (examples name records) */
	long events;                /* timeline events added */
	char date_order[8];         /* "dmy", "mdy", or "" when no ambiguous dates */
	char own_output[96];        /* not empty: recur wrote the file (a review or report), so
				       it was skipped; what gave it away */
	int already_imported;       /* the same bytes (sha256) were imported before: nothing done
				       (unless --date-order, --format, --map or --source-tz say
				       to read them differently) */
	long rows;                  /* records read */
	long incidents_new;
	long incidents_updated;
	long incidents_unchanged;
	long values_rejected;       /* fields kept NULL because they could not be parsed */
	struct recur_reject_example examples[3];
	int nexamples;
	char mapping[1024];          /* "id=number, title=short_description, …" */
	/* added for `recur import --dry-run` and the summary line: */
	char why[256];              /* why this format was chosen, and the runner-up */
	char headers[512];          /* headers in another language: "Spanish (Resumen → title,
				       …)", or "" */
	int date_order_assumed;     /* date_order came from the fallback, not the data */
	char notes[256];            /* other choices made: SEV0 scale, derived ids; "; "-separated */
	char rejected_fields[256];  /* "opened_at 3, severity 1": rejected values per field */
	char preview[3][512];       /* the first rows as parsed, for --dry-run */
	int npreview;
	/* things the file got wrong that did not stop it (repeated headers, rows
	 * with too few or too many fields, no records): whole messages, one a line */
	char warnings[1024];
};

/*
 * Imports one file. On error returns -1 with err naming file:line:col and
 * what to do, and the database is as it was. r is filled in either case.
 */
int recur_import_file(sqlite3 *db, const char *path, const struct recur_import_opts *opts,
		      struct recur_import_result *r, struct recur_error *err);

/*
 * Expands paths (files and folders; a folder gives its regular files whose
 * names do not start with '.' and end in .csv, .tsv, .txt, .json, .md or
 * .markdown, any case, each optionally followed by .gz,
 * sorted, not recursing, so rules files and notes beside the exports are
 * left alone; a file named directly is always taken) into *out (caller owns
 * the array and its strings). Returns -1 with err when a path does not exist.
 */
int recur_import_expand(char *const *paths, int npaths, char ***out, int *nout,
			struct recur_error *err);

/* Whether name is a format recur knows (a profile, csv, json, events, postmortem). */
int recur_import_format_known(sqlite3 *db, const char *name, struct recur_error *err);
/* Appends "name  title" lines of every known format to out. */
int recur_import_formats(sqlite3 *db, struct recur_buf *out, struct recur_error *err);

#endif
