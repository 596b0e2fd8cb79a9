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
 * through zlib; text that is not UTF-8 (UTF-16, Windows-1252 or -1251, or
 * as --encoding says) is converted first (decode.h); workbooks, PDFs and
 * archives are refused, saying what to do; .md/.markdown files are
 * postmortems (postmortem.h). Files recur wrote (its reviews and reports:
 * Markdown, HTML, XLSX) are recognised by content and skipped
 * (recur_import_result.own_output).
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
	const char *encoding;             /* the bytes' encoding (an iconv name), or NULL to
					     detect it (decode.h) */
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
	int not_postmortem;         /* the import failed because a Markdown file is no postmortem
				       (a README, notes; err says why): a folder's file is skipped */
	int already_imported;       /* the same bytes (sha256) were imported before: nothing done
				       (unless --date-order, --format, --map or --source-tz say
				       to read them differently) */
	char encoding[24];          /* what the bytes were read as ("UTF-8", "WINDOWS-1252", …) */
	char encoding_why[96];      /* why: "--encoding", "the byte order mark FF FE", … */
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

/* Why recur_import_expand left a file or folder out. */
enum recur_import_skip_kind {
	RECUR_IMPORT_SKIP_OTHER,      /* not a kind of file recur reads (rules, notes, scripts) */
	RECUR_IMPORT_SKIP_WRONG,      /* a kind exports come in that recur does not read: a
					 workbook, a PDF, an archive, an image, ...; why says what to do */
	RECUR_IMPORT_SKIP_OWN,        /* a file recur wrote (a review's workbook or HTML) */
	RECUR_IMPORT_SKIP_OWN_FOLDER, /* a folder of recur's output: files recur wrote and no
					 other file recur would read; its subfolders are still read */
	RECUR_IMPORT_SKIP_HIDDEN,     /* a name starting with '.' (.git/, .obsidian/, .DS_Store) */
	RECUR_IMPORT_SKIP_LINK,       /* a folder reached a second time (a link loop, or a second
					 link to one folder) */
	RECUR_IMPORT_SKIP_DEEP,       /* deeper than RECUR_IMPORT_MAX_DEPTH below a folder given */
	RECUR_IMPORT_SKIP_UNREADABLE, /* a broken link, a folder that cannot be opened */
	RECUR_IMPORT_SKIP_EMPTY,      /* a folder given that held nothing to import (only when
					 another path did) */
};

#define RECUR_IMPORT_MAX_DEPTH 32

/* What recur reads in a folder, for messages. */
#define RECUR_IMPORT_READS ".csv, .tsv, .txt, .json, .jsonl, .ndjson, .xes, .md or .markdown"

struct recur_import_skip {
	char *path;                       /* as found; a folder's ends in '/' */
	enum recur_import_skip_kind kind;
	char *why;                        /* what it is and what to do; the same text for
					     every file of one kind, so callers can group */
};

/* The files to import and what was left out; recur_import_paths_release frees. */
struct recur_import_paths {
	char **files;                     /* in import order */
	int nfiles;
	struct recur_import_skip *skipped;
	int nskipped;
	int folders;                      /* folders read, the ones given included */
	size_t cap_files, cap_skipped;    /* private */
};

/*
 * Expands paths (files and folders) into out->files (a file named directly is
 * always taken). A folder gives its regular files whose names end in .csv,
 * .tsv, .txt, .json, .jsonl, .ndjson, .md or .markdown, any case, each
 * optionally followed by .gz; files first, in byte order of their names, then
 * each subfolder the same way, in byte order, down to RECUR_IMPORT_MAX_DEPTH.
 * Left out, each with a reason in out->skipped: names starting with '.' (not
 * descended), files of other kinds, files recur wrote that it would not read
 * anyway (.html, .xlsx; its Markdown goes on to recur_import_file, which skips
 * it), folders of recur's output (recognised by content: they hold files recur
 * wrote and no other file recur would read), a folder reached again through a
 * link (each folder is read once), broken links. Returns -1 with err when a
 * path does not exist or a folder given cannot be read (out->files empty), and
 * when nothing at all is left to import (out->skipped says why). out is
 * filled in either case; the caller releases it.
 */
int recur_import_expand(char *const *paths, int npaths, struct recur_import_paths *out,
			struct recur_error *err);
/* Frees what recur_import_expand filled in; out may be zeroed or released already. */
void recur_import_paths_release(struct recur_import_paths *out);

/* Whether name is a format recur knows (a profile, csv, json, events, postmortem). */
int recur_import_format_known(sqlite3 *db, const char *name, struct recur_error *err);
/* Appends "name  title" lines of every known format to out. */
int recur_import_formats(sqlite3 *db, struct recur_buf *out, struct recur_error *err);

#endif
