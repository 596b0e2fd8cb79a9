/*
 * import_int.h — what the import modules share. Internal.
 *
 * An import is three parts with a struct each, run by the files that wire them:
 *
 *   import_read.c      the reader: the file mapped (gzip too), its sha256, its
 *                      records one at a time (csv.c, import_json.c)
 *   import_convert.c   the converter: a record → one plain row (mapping, times,
 *                      severities, statuses); no database access
 *   import_write.c     the writer: the sources row, upserts, rejects, events
 *
 *   import.c           one file = one transaction: detect, map, route
 *   import_rows.c      the row pass (twice when a guess was wrong)
 *   import_pipeline.c  the CSV row pass on two threads: convert ‖ write
 *   import_eventlog.c  event logs: collapse rows per incident, status timeline
 *   import_profile.c   format profiles (queries/formats/NAME.sql) and detection
 *   import_map.c       header → fields (profile sources, --map, aliases); value rules
 *   import_fold.c      names and values folded for matching; the vocabulary
 *   import_expand.c    paths → files (folders), what was skipped
 *   decode.c           encodings (decode.h); csv.c, timeparse.c: parsers on (buf, len)
 *   time_words.c       dates in other languages: month and clock words into English
 *   xes.c              XES event logs (XML) as the CSV process-mining tools export
 *   import_fold.c      names and values folded: case, accents, separators
 *   import_json.c      JSON records as rows (key union + profile paths)
 *
 * The bulk-load policy (settings, indexes) is the store's: src/store/bulk.c.
 */
#ifndef RECUR_IMPORT_INT_H
#define RECUR_IMPORT_INT_H

#include <sqlite3.h>

#include "recur/buf.h"
#include "recur/csv.h"
#include "recur/db.h"
#include "recur/err.h"
#include "recur/import.h"
#include "recur/json.h"
#include "recur/timeparse.h"

/* Incident fields, then pseudo fields that feed event logs and are not stored. */
enum imp_field {
	F_EXT_ID, F_TITLE, F_DESCRIPTION, F_SERVICE, F_COMPONENT, F_TEAM, F_CATEGORY, F_KIND,
	F_SEVERITY, F_PRIORITY_LABEL, F_STATUS, F_OPENED_AT, F_STARTED_AT, F_DETECTED_AT,
	F_ACKNOWLEDGED_AT, F_MITIGATED_AT, F_RESOLVED_AT, F_CLOSED_AT, F_UPDATED_AT,
	F_REASSIGNMENTS, F_REOPENS, F_ROOT_CAUSE, F_RESOLUTION, F_URL, F_PROBLEM_REF,
	F_MOD_COUNT, F_ACTOR,
	F_LIFECYCLE,  /* event logs: XES lifecycle:transition (start, complete, …) */
	NFIELDS
};
#define NSTORED F_MOD_COUNT

enum imp_kind { K_TEXT, K_TIME, K_INT, K_SEVERITY };

/* How a source value becomes a field value (format_field.transform). */
enum imp_xform {
	X_AUTO,      /* the field's own kind */
	X_TEXT,
	X_SECONDS,   /* a duration in seconds after opened_at */
	X_MILLIS,    /* … in milliseconds */
	X_MINUTES,   /* … in minutes */
	X_HOURS,     /* … in hours: decimal or h:mm(:ss) */
};

struct imp_field_info {
	const char *name;
	enum imp_kind kind;
};

extern const struct imp_field_info imp_fields[NFIELDS];

struct imp_alias {
	int field;
	char *alias;
	int nested;             /* may match the last part of a nested JSON key */
};

struct imp_sevmap {
	char *label;
	int severity;    /* 0 = none */
	int sev0_scale;  /* 0 = same as severity */
};

enum imp_category { C_OTHER, C_OPEN, C_RESOLVED, C_CLOSED };

/* ---- profiles (import_profile.c) ---- */

struct imp_psource {
	int field;
	char *source;           /* header name (CSV) or JSON path */
	enum imp_xform x;
	int priority;
};

enum imp_sig_kind { SIG_HEADER, SIG_TOP, SIG_RECORD };

struct imp_psig {
	enum imp_sig_kind kind;
	char *key;              /* header (normalised), top key, or record path [= value] */
	char *shown;            /* the key as --dry-run names it */
	int weight;
	int required;
};

struct imp_pstatus {
	char *status;           /* normalised status as exported */
	char *label;            /* what to store instead (coded statuses), or NULL */
	enum imp_category cat;
};

/* A timeline milestone (format_milestone): field gets the time of the first
 * status change that leaves status leaves ("*": any status, so not the
 * first one; NULL: no condition) and enters status enters (NULL: any). */
struct imp_pmilestone {
	int field;              /* F_ACKNOWLEDGED_AT or F_MITIGATED_AT */
	char *leaves, *enters;  /* normalised like statuses */
};

struct imp_pevent {
	char *list, *at, *kind, *value, *actor;  /* list path and item paths */
};

struct imp_profile {
	char *name, *title, *source_system, *records;
	int json;               /* kind 'json' (else 'csv') */
	int event_log;          /* rows collapse per incident */
	int aliases;            /* unmapped fields fall back to the alias table */
	enum recur_date_order date_order;
	struct imp_psource *src;
	size_t nsrc;
	struct imp_psig *sig;
	size_t nsig;
	struct imp_pstatus *status;
	size_t nstatus;
	struct imp_pevent *ev;
	size_t nev;
	struct imp_sevmap *sev;  /* sorted by label */
	size_t nsev;
	struct imp_pmilestone *mile;
	size_t nmile;
};

/* A header word of queries/vocabulary/: the English header it translates. */
struct imp_word {
	char *word, *term;      /* normalised (imp_normalise) */
	int lang;               /* index in imp_profiles.langs */
	size_t idx;             /* load order: ties between languages */
};

struct imp_lang {
	char *code, *name;      /* 'es', 'Spanish' */
	enum recur_date_order date_order;  /* how its exports write numeric dates when no
					      value decides it (DMY), or AUTO */
};

/* A month or half-day word of queries/vocabulary/ (time_words.c). */
struct imp_timeword {
	char *word;             /* normalised (imp_normalise) */
	int value;              /* 1..12: the month; IMP_AM or IMP_PM */
};
enum { IMP_AM = 13, IMP_PM = 14 };

/* A postmortem heading or metadata key in another language (vocabulary_section). */
struct imp_heading {
	char *word;             /* normalised (imp_normalise) */
	char *heading;          /* the English heading, as the parser knows it: "root cause" */
};

struct imp_profiles {
	struct imp_profile *p;
	size_t n;
	struct imp_pstatus *status;  /* name '*': every profile */
	size_t nstatus;
	struct imp_alias *aliases;   /* queries/field-aliases.sql */
	size_t naliases;
	struct imp_sevmap *sev;      /* queries/severity-map.sql, then the vocabulary's; sorted */
	size_t nsev;
	struct imp_word *words;      /* queries/vocabulary/: sorted by word */
	size_t nwords;
	struct imp_lang *langs;
	size_t nlangs;
	struct imp_timeword *timewords;  /* sorted by word */
	size_t ntimewords;
	struct imp_heading *headings;    /* postmortem headings; sorted by word */
	size_t nheadings;
};

/* What the detector saw in a file: normalised headers, or JSON keys. */
struct imp_seen {
	char **keys;
	size_t n;
	const struct recur_json *root;  /* JSON, or NULL for CSV */
};

struct imp_detect {
	int best, second;          /* profile indexes, -1 = none */
	int best_score, second_score;
	char why[256];
};

/* Loads the tables once per process and share folder; borrowed. */
int imp_profiles_get(sqlite3 *db, const struct imp_profiles **out, struct recur_error *err);
/* The profile named name, or NULL. */
const struct imp_profile *imp_profile_find(const struct imp_profiles *ps, const char *name);
/* Scores every profile of the given kind against seen. */
void imp_detect(const struct imp_profiles *ps, int json, const struct imp_seen *seen,
		struct imp_detect *d);
/* The category of status s (profile's table, then the shared one, which
 * holds the vocabulary's statuses too), matched like imp_fold_value. */
const struct imp_pstatus *imp_status(const struct imp_profiles *ps, const struct imp_profile *p,
				     const char *s, size_t len);
/* 1 when status s, folded (imp_fold_value), is key. */
int imp_status_is(const char *s, size_t len, const char *key);
/* Header name → matching form: lower case, accents off (Título = titulo),
 * separators (' ' '_' '-' '.' '/' ':') dropped, so Open_Time = open time =
 * OpenTime; "Custom field (X)" (in Jira's languages) as X; CJK as it is. */
void imp_normalise(const char *s, size_t len, char *out, size_t size);
/* A status or severity label → lookup form: lower case, accents off, each
 * run of separators one space, trimmed ("1 - Critical" = "1 critical"). */
void imp_fold_value(const char *s, size_t len, char *out, size_t size);
/* The English heading of a postmortem heading or key in another language
 * (ps is the struct imp_profiles; recur_pm_words' english), or NULL. */
const char *imp_heading_english(void *ps, const char *key);
/* xes.c: whether buf starts like an XES log (XML whose root is <log>). */
int imp_xes_looks(const char *buf, size_t len);
/* The XES log buf[0..len) as CSV, a row per event (trace attributes as
 * case:KEY columns), through write; counts into *traces, *events. */
int imp_xes_to_csv(const char *buf, size_t len, const char *path,
		   int (*write)(void *ctx, const char *p, size_t n), void *ctx, long *traces,
		   long *events, struct recur_error *err);
/* time_words.c: sorts ps->timewords for imp_time_english. */
void imp_timewords_sort(struct imp_profiles *ps);
/* The time text v[0..len) with the vocabulary's month and half-day words in
 * English and CJK date marks as separators, into out (NUL-terminated);
 * returns 1 when anything was replaced, 0 when out would say the same. */
int imp_time_english(const struct imp_profiles *ps, const char *v, size_t len, char *out,
		     size_t size);
/*
 * Reads normalised header keys through the vocabulary: returns the
 * language most of the translated words belong to (index in ps->langs) or
 * -1; tr[i] gets the vocabulary row key i translates through (in that
 * language when it has the word), or -1.
 */
int imp_translate(const struct imp_profiles *ps, char *const *keys, size_t n, int *tr);
/* The JSON records of root for profile records path ("" = found by shape,
 * jrows_find; "incident" = one object). Returns count; *items borrowed. */
size_t imp_json_records(const struct recur_json *root, const char *records,
			struct recur_json *const **items, struct recur_json **single);

/* ---- the mapping (import_map.c) ---- */

#define IMP_MAX_SRC 8

struct imp_src {
	int col;
	enum imp_xform x;
};

/* The header of one file and what each field reads. */
struct imp_map {
	char **head;          /* column names (CSV headers; JSON keys then paths) */
	size_t nhead;
	struct imp_src src[NFIELDS][IMP_MAX_SRC];  /* in priority order */
	int nsrc[NFIELDS];
	int col[NFIELDS];     /* first source column of each field, or -1 */
	unsigned char *used;  /* per column: feeds some field */
	int derived_id;       /* ext_id = sha256(title, opened_at text) */
	int *word;            /* per header column (nword of them, JSON paths come after):
			         the vocabulary row its name translates through, or -1 */
	size_t nword;
	int lang;             /* the headers' language (ps->langs), or -1 */
	const struct imp_profiles *ps;
	const struct imp_profile *prof;  /* NULL: generic */
};

/*
 * Maps the header: --map entries first, then the profile's sources, then
 * aliases for fields still unmapped. For JSON, paths that are not in the
 * header are appended to it (*npaths of them, from index n). Fails naming
 * what is missing, the closest formats and the --map line to write.
 */
int imp_map_header(struct imp_map *m, const struct recur_csv_field *f, size_t n,
		   const struct recur_import_opts *o, int json, const char *path,
		   const struct imp_detect *d, struct recur_error *err);
/* Writes "ext_id=number, title=summary, …" into out. */
void imp_map_describe(const struct imp_map *m, char *out, size_t size);
/* Writes "Spanish (Resumen → title, …)" into out: the headers' language and
 * the translated columns the fields read; "" when none was translated. */
void imp_map_language(const struct imp_map *m, char *out, size_t size);
void imp_map_release(struct imp_map *m);

/* The trimmed value, or NULL (with *len 0) for a null spelling. */
const char *imp_value(const char *p, size_t len, size_t *out_len);
/* The severity map row of a label (profile's table first), or NULL. */
const struct imp_sevmap *imp_severity(const struct imp_map *m, const char *label, size_t len);
/* An integer, allowing thousands separators ("5,510,746"). Returns 0 or -1. */
int imp_parse_int(const char *s, size_t len, long long *out);
/* A duration in seconds from a transform's unit. Returns 0 or -1. */
int imp_parse_duration(const char *s, size_t len, enum imp_xform x, long long *out);

/* ---- JSON rows (import_json.c) ---- */

struct jrows {
	struct recur_json *root;   /* the document; long arrays keep only their head */
	struct recur_json_long *longs;  /* and where the rest of their items are */
	size_t nlongs;
	const struct recur_json_long *lazy;  /* the records, when a long array */
	struct recur_json *part;   /* the record parsed from lazy (index part_idx) */
	size_t part_idx;
	const char *doc;           /* the file's bytes, for lazy records */
	size_t doclen;
	const char *path;
	struct imp_reader *rd;     /* to hand back the pages read */
	struct recur_json *const *recs;
	struct recur_json *single;
	int keyed;                 /* the records are the values of an object keyed by id */
	unsigned char *key_added;  /* per member of a keyed root: "_key" was added */
	const struct recur_json *cur;  /* the record jrows_next read */
	size_t nrecs, idx;
	char **names;          /* key union (one level flattened) */
	size_t n, cap, hint;
	char **paths;          /* profile paths appended to the header */
	size_t npaths;
	struct recur_csv_field *vals;
	size_t *off;
	unsigned char *obj;    /* per column: the record's value is an object with no text */
	struct recur_buf text, name;
};

/*
 * Parses buf (JSON, or JSON Lines: a .jsonl/.ndjson name, or one object per
 * line) into j->root, keeping the head (keep records) of a long record list
 * as a tree and the others' places; records of a collection keyed by id get
 * their key as "_key". Errors name the line.
 */
int jrows_parse(struct jrows *j, const char *buf, size_t len, const char *path, size_t keep,
		void (*passed)(void *ctx, size_t offset), void *ctx, struct recur_error *err);
/* Where the records are with no records path: the root array, the one list
 * of records under any key, or the root itself when its members are all
 * objects (keyed by id: use ->items and ->n). NULL when none. Borrowed. */
struct recur_json *jrows_find(struct recur_json *root);
/* Finds the records in j->root (parsed by jrows_parse) and their key union. */
int jrows_open(struct jrows *j, const char *path, const char *records, struct recur_error *err);
/* Records keyed by id: a record without the id column the mapping chose
 * takes its key ("_key" becomes ext_id's last source). */
void jrows_key_fallback(const struct jrows *j, struct imp_map *m);
/* Sets the extra path columns (after the key union): borrowed strings. */
void jrows_set_paths(struct jrows *j, char **paths, size_t n);
/* The next record's values: 1, 0 at the end, -1 on an error. */
int jrows_next(struct jrows *j, struct recur_error *err);
/* Record i (borrowed: valid until another record is read), NULL on an error. */
const struct recur_json *jrows_record(struct jrows *j, size_t i, struct recur_error *err);
/* The record jrows_next read. */
const struct recur_json *jrows_current(const struct jrows *j);
/* Byte offset after record i when known, else 0. */
size_t jrows_offset(const struct jrows *j, size_t i);
/* Appends the text of path evaluated on record rec to out; 0 when absent. */
int jpath_text(const struct recur_json *rec, const char *path, struct recur_buf *out);
/* Evaluates path to a JSON value (first match), or NULL. */
const struct recur_json *jpath_get(const struct recur_json *rec, const char *path);
void jrows_release(struct jrows *j);

/* ---- rows and the upsert (import_rows.c) ---- */

#define IMP_NPARAM 29     /* the upsert's parameters: incidents' columns but id */
#define IMP_MANY 64       /* rows per multi-row upsert */

/* A converted value, ready to bind: text is either a slice of something that
 * outlives the batch (the mapped file, a profile's label) or in its arena. */
enum imp_vtype { V_NULL, V_INT, V_TEXT, V_ARENA };

struct imp_val {
	union {
		long long i;
		const char *s;
		size_t off;       /* V_ARENA: offset in the batch's arena */
	} u;
	int len;
	unsigned char type;
};

/* A value that could not be read: a row of import_rejects to write. */
struct imp_reject {
	long line;
	int field;
	const char *what;         /* a noun, static: "a date and time" */
	size_t value, value_len;  /* in the batch's arena */
};

/* One converted row: its rejects (written first), then its upsert. */
struct imp_row {
	long line;
	int write;                /* 0: no id; only the reject is written */
	size_t rej, nrej;         /* its rejects in the batch */
	struct imp_val v[IMP_NPARAM];
};

/* Converted rows on their way to the database. */
struct imp_batch {
	struct imp_row *rows;
	size_t n, cap;
	struct imp_reject *rej;
	size_t nrej, caprej;
	struct recur_buf arena;
	int full;                 /* a copy did not fit in the arena */
	size_t end;               /* file offset after its last row (CSV) */
};

/* Where the upsert's parameters are (upsert order: import_write.c's columns). */
#define P_SOURCE_ID 1
#define P_SYSTEM 2
#define P_EXT_ID 3
#define P_SEVERITY_LABEL 12
#define P_OPENED_AT 15
#define P_UPDATED_AT 22
#define P_EXTRA 29

extern const char *const imp_upsert_cols[IMP_NPARAM];

struct imp_tz;
struct imp_file;

/*
 * The reader (import_read.c): the file's bytes (mapped; gzip inflated) and
 * their records, CSV or JSON, one at a time. On the threaded row pass it
 * belongs to the parser thread, but for imp_drop_behind.
 */
struct imp_reader {
	const char *path;
	struct imp_file *file;
	const char *buf;          /* the records' bytes */
	size_t len;
	size_t dropped;           /* pages before this offset were handed back */
	size_t max_field, max_cols;  /* CSV limits (0: the reader's defaults) */
	int json;
	struct recur_csv csv;
	struct jrows j;
	size_t nhead;             /* CSV: the header's field count */
	long preamble;            /* CSV: records before the header (a report's title lines) */
	long xes_traces, xes_events;  /* an XES log read as CSV (xes.c): what it held */
	int threaded;             /* a parser thread reads: only the writer drops pages */
	long ragged;              /* CSV rows whose field count is not the header's */
	long ragged_line[3];      /* the first of them: line and field count */
	size_t ragged_n[3];
};

/*
 * The converter (import_convert.c): one record's fields → one plain row of
 * upsert values (imp_row), by the header's mapping, the time orders and the
 * vocabularies. No database access: on the threaded pass it runs on the
 * parser thread.
 */
struct imp_converter {
	const char *path;
	const struct recur_import_opts *o;
	struct recur_import_result *r;    /* rejected-value examples, previews, date order */
	const struct imp_reader *rd;      /* JSON or CSV; what text outlives a batch */
	struct imp_map map;
	enum recur_date_order order[NFIELDS];
	struct recur_date_scan scan[NFIELDS];
	int sev0;                 /* the severity column uses the SEV0 scale */
	int date_from_lang;       /* no value decided a date order: the headers' language did */
	long sev_early;           /* severities read before the SEV0 scale was known */
	int param[NFIELDS];       /* upsert parameter of each field (0 = not stored) */
	long rejects[NFIELDS];
	long long opened;         /* the row's opened_at, for durations (LLONG_MIN = none) */
	long long tval[NFIELDS];  /* the row's parsed times (LLONG_MIN = none) */
	long long ival[NFIELDS];  /* the row's integers (LLONG_MIN = none) */
	struct imp_tz *tz;
	int *first_same;          /* per column: the first column of the same name */
	struct recur_buf extra, id, preview, objtext;
	struct imp_batch *batch;  /* where the row being converted goes */
	struct imp_row *cur;      /* the row being converted */
};

/*
 * The writer (import_write.c): the file's sources row, the upsert of
 * converted rows, rejected values, timeline events, and the span the rows
 * cover. The only part that touches the database during the row pass.
 */
struct imp_writer {
	sqlite3 *db;
	struct recur_import_result *r;    /* counts: new, updated, unchanged, events */
	long long source_id;
	long long max_rowid;      /* incidents' largest rowid: new rows follow it */
	int bound[IMP_NPARAM];    /* per parameter: its index in the statement, 0 = left out */
	int nbound;               /* parameters per row */
	sqlite3_stmt *upsert, *many, *reject, *find, *event;  /* many: IMP_MANY rows */
	sqlite3_stmt *events_many;  /* IMP_MANY events */
	struct imp_event {
		long long incident, at;
		const char *kind, *old, *new, *actor;
		size_t oldlen, newlen, actorlen;
	} evq[IMP_MANY];          /* events waiting for imp_flush_events */
	int nevq;
	struct imp_span {         /* what the written rows cover (sources' span columns) */
		long long first_opened, last_opened, exported;  /* LLONG_MIN = none */
	} span;
};

/* One file's import: the three parts and what runs them (import.c,
 * import_rows.c, import_pipeline.c, import_eventlog.c). */
struct imp {
	sqlite3 *db;
	const char *path;
	const struct recur_import_opts *o;
	struct recur_import_result *r;
	struct imp_reader rd;
	struct imp_converter cv;
	struct imp_writer wr;
	struct imp_batch one;     /* the row being converted and written in step */
	struct recur_db_bulk bulk;  /* the bulk-load settings of the file's transaction */
	int scanning;             /* the row pass also scans (date orders, SEV0, ragged) */
	int start_writes;         /* the pass's writer calls imp_start_writes first */
};

/* ---- the reader (import_read.c) ---- */

/* Maps path (inflating gzip into an unlinked temporary file); caller closes. */
int imp_file_open(struct imp_file **out, const char *path, struct recur_error *err);
void imp_file_close(struct imp_file *f);
const char *imp_file_bytes(const struct imp_file *f, size_t *len);
/* Fails naming a workbook, PDF or archive given by mistake, with what to do. */
int imp_file_check_binary(const struct imp_file *f, const char *path, struct recur_error *err);
/* Decides the file's encoding (--encoding, a byte order mark, valid UTF-8,
 * else byte statistics: decode.h) and converts what is not UTF-8, so the
 * readers see only UTF-8; the result names the encoding. */
int imp_file_decode(struct imp_file *f, const char *path, const struct recur_import_opts *o,
		    struct recur_import_result *r, struct recur_error *err);
/* An XES log (xes.c) replaced by its CSV form, in a temporary file mapped
 * like the export; nothing done when f is not XES. Counts into *traces,
 * *events (0 when not XES). */
int imp_file_xes(struct imp_file *f, const char *path, long *traces, long *events,
		 struct recur_error *err);
/* Starts the file's sha256 (on a second thread when big: it costs as much as
 * parsing); imp_file_sha256 waits for it (hex, borrowed). */
void imp_file_hash(struct imp_file *f);
const char *imp_file_sha256(struct imp_file *f);
/* Hands back the mapped pages well before offset (they are read again from
 * the page cache if needed): keeps the resident memory a window. */
void imp_drop_behind(struct imp_reader *rd, size_t offset);
/* After a read through the whole file: its pages go back. */
void imp_read_through(struct imp_reader *rd);
/* Reads the next record of either kind: 1, 0 at the end, -1 on an error. */
int imp_rows_next(struct imp_reader *rd, const struct recur_csv_field **f, size_t *n,
		  long *line, struct recur_error *err);
/* Back to the first record (a second pass). */
void imp_rows_rewind(struct imp_reader *rd);
/* Notes a CSV row whose field count is not the header's (said after the file);
 * called by the one pass that scans, so a second pass does not count again. */
void imp_read_check_width(struct imp_reader *rd, size_t n, long line);
/* Bytes read so far (for progress). */
size_t imp_read_offset(const struct imp_reader *rd);

/* ---- the converter (import_convert.c) ---- */

/* What conversion needs once the header is mapped. */
void imp_convert_setup(struct imp_converter *cv);
/* Per upsert parameter: 1 when this file can give it a value. */
void imp_convert_fills(const struct imp_converter *cv, unsigned char fills[IMP_NPARAM]);
/* The value of field k in the row (first non-null source), or NULL. */
const char *imp_field_value(const struct imp_converter *cv, int k, const struct recur_csv_field *f,
			    size_t n, size_t *len, int *src);
/* The row's id (derived when the file has none), or NULL. */
const char *imp_row_id(struct imp_converter *cv, const struct recur_csv_field *f, size_t n,
		       size_t *len);
/* Scans a row's values: each time column's day/month order, the SEV0 scale. */
void imp_scan_row(struct imp_converter *cv, const struct recur_csv_field *f, size_t n, long line);
/* The orders a pass reads numeric dates in before the file is seen. */
void imp_guess_orders(struct imp_converter *cv);
/* Decides each time column's date order from the scan. */
int imp_decide_orders(struct imp_converter *cv, struct recur_error *err);
/* Whether the decided orders or scale read a value differently from guess. */
int imp_guessed_wrong(const struct imp_converter *cv, const enum recur_date_order *guess);
/* Parses a time value of field k (-1: no column) with its order and --source-tz. */
int imp_parse_time(const struct imp_converter *cv, int k, const char *v, size_t len,
		   long long *out);
/* Converts one row into batch b. over, when not NULL, gives times for fields
 * the row lacks (LLONG_MIN = none). */
int imp_convert_row(struct imp_converter *cv, struct imp_batch *b, const struct recur_csv_field *f,
		    size_t n, long line, const long long *over, struct recur_error *err);
/* The text of a converted value. */
const char *imp_val_text(const struct imp_batch *b, const struct imp_val *x);
void imp_batch_init(struct imp_batch *b);
void imp_batch_reset(struct imp_batch *b);
void imp_batch_release(struct imp_batch *b);
/* Naive times read in zone (--source-tz) until imp_tz_close; 0 or -1. */
int imp_tz_open(struct imp_tz **out, const char *zone, struct recur_error *err);
void imp_tz_close(struct imp_tz *tz);

/* ---- the writer (import_write.c) ---- */

/* Adds the file's sources row; its span starts empty. */
int imp_write_source(struct imp_writer *w, const char *path, const char *format,
		     const char *sha, long long now, struct recur_error *err);
/* Records what the file gave: rows read, values rejected, date order, span. */
int imp_write_source_end(struct imp_writer *w, struct recur_error *err);
/* Statements for the upsert (of the parameters fills says can have a
 * value), rejects and events. */
int imp_write_prepare(struct imp_writer *w, const unsigned char fills[IMP_NPARAM],
		      struct recur_error *err);
void imp_write_finalize(struct imp_writer *w);
/* Reads incidents' largest rowid again (after a rollback). */
int imp_write_reload(struct imp_writer *w, struct recur_error *err);
/* Writes row i of b: its rejects, then the upsert. */
int imp_write_row(struct imp_writer *w, struct imp_batch *b, size_t i, long long *incident,
		  struct recur_error *err);
/* Writes every row of b (rejects, then upserts IMP_MANY rows at a time);
 * ids, when not NULL, gets each row's incident id (0: not written). */
int imp_write_batch(struct imp_writer *w, struct imp_batch *b, long long *ids,
		    struct recur_error *err);
/* Adds a timeline event (ignored when already there). */
int imp_add_event(struct imp_writer *w, long long incident, long long at, const char *kind,
		  const char *old_value, size_t old_len, const char *new_value, size_t new_len,
		  const char *actor, size_t actor_len, struct recur_error *err);
/* Adds a timeline event like imp_add_event, IMP_MANY at a time: the texts
 * must stay valid until imp_flush_events writes the rest. */
int imp_queue_event(struct imp_writer *w, long long incident, long long at, const char *kind,
		    const char *old_value, size_t old_len, const char *new_value, size_t new_len,
		    const char *actor, size_t actor_len, struct recur_error *err);
int imp_flush_events(struct imp_writer *w, struct recur_error *err);
/* Forgets the span of the rows written so far (a pass run again). */
void imp_span_reset(struct imp_writer *w);

/* ---- running them (import.c, import_rows.c, import_pipeline.c) ---- */

/* Appends a warning line (printf style) to the result's warnings. */
void imp_warn(struct recur_import_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Reports progress (rows read so far) when the caller asked for it. */
void imp_progress(struct imp *im, long rows);
/* The pass's scan of a row: its width (reader), its dates and scale (converter). */
void imp_scan(struct imp *im, const struct recur_csv_field *f, size_t n, long line);
/*
 * Converts and upserts one row; *incident gets the incident's id. over, when
 * not NULL, gives times that replace the row's (LLONG_MIN = keep).
 */
int imp_process_row(struct imp *im, const struct recur_csv_field *f, size_t n, long line,
		    const long long *over, long long *incident, struct recur_error *err);
/*
 * After the read-only passes: waits for the file's sha256, and unless the
 * same bytes were imported before (returns 1), adds the sources row and
 * prepares the statements (0). -1 on error. (import.c)
 */
int imp_begin_writes(struct imp *im, struct recur_error *err);
/* Begins the writes of the first row pass (then the savepoint a second
 * pass rolls back to): 0, 1 when the file was imported before, -1. */
int imp_start_writes(struct imp *im, struct recur_error *err);
/*
 * The row pass with a parser thread converting batches of rows while this
 * thread writes them (import_pipeline.c); *rows gets the count. Output is
 * the same as converting and writing each row in turn. 0, 1 when the file
 * was imported before (im->start_writes said so), -1 on an error.
 */
int imp_pipeline_run(struct imp *im, long *rows, struct recur_error *err);
/* Profile events (format_event) of the JSON record last read. */
int imp_json_events(struct imp *im, long long incident, struct recur_error *err);
/* The row pass over a file that is not an event log (twice when the first
 * guessed a date order or severity scale the whole file contradicts). */
int imp_read_rows(struct imp *im, struct recur_error *err);

/* ---- recur's own output (import_own.c) ---- */

/* 1 when recur wrote the bytes (a review or report: Markdown, HTML, XLSX),
 * with what gave it away in why; else 0. */
int imp_written_by_recur(const char *buf, size_t len, char *why, size_t size);

/* ---- event logs (import_eventlog.c) ---- */

int imp_read_eventlog(struct imp *im, struct recur_error *err);

#endif
