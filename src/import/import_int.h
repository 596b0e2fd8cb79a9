/*
 * import_int.h — what the import modules share. Internal.
 *
 *   import.c           files: read (gzip too), fingerprint, one transaction, dispatch
 *   import_profile.c   format profiles (queries/formats/NAME.sql) and detection
 *   import_map.c       header → fields (profile sources, --map, aliases); value rules
 *   import_json.c      JSON records as rows (key union + profile paths)
 *   import_rows.c      rows → converted values → upsert, rejects, events
 *   import_pipeline.c  the CSV row pass on two threads: convert ‖ write
 *   import_eventlog.c  event logs: collapse rows per incident, status timeline
 */
#ifndef RECUR_IMPORT_INT_H
#define RECUR_IMPORT_INT_H

#include <sqlite3.h>

#include "recur/buf.h"
#include "recur/csv.h"
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

struct imp_profiles {
	struct imp_profile *p;
	size_t n;
	struct imp_pstatus *status;  /* name '*': every profile */
	size_t nstatus;
	struct imp_alias *aliases;   /* queries/field-aliases.sql */
	size_t naliases;
	struct imp_sevmap *sev;      /* queries/severity-map.sql, sorted */
	size_t nsev;
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
/* The category of status s (profile's table, then the shared one). */
const struct imp_pstatus *imp_status(const struct imp_profiles *ps, const struct imp_profile *p,
				     const char *s, size_t len);
/* 1 when status s (any case, spaces collapsed) is the normalised key. */
int imp_status_is(const char *s, size_t len, const char *key);
/* Header name → matching form: lower case, trimmed, ' ' '-' '.' '/' as '_',
 * "Custom field (X)" as X. */
void imp_normalise(const char *s, size_t len, char *out, size_t size);
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
	struct imp *im;            /* to hand back the pages read */
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

struct rows {
	int json;
	const char *buf;
	size_t len;
	size_t dropped;           /* pages before this offset were handed back */
	struct recur_csv csv;
	struct jrows j;
};

struct imp_tz;
struct hasher;
struct imp_file;

struct imp {
	sqlite3 *db;
	const char *path;
	const struct recur_import_opts *o;
	struct recur_import_result *r;
	struct imp_map map;
	struct rows rows;
	enum recur_date_order order[NFIELDS];
	struct recur_date_scan scan[NFIELDS];
	int sev0;                 /* the severity column uses the SEV0 scale */
	int param[NFIELDS];       /* upsert parameter of each field (0 = not stored) */
	int bound[IMP_NPARAM];    /* per parameter: its index in the statement, 0 = left out */
	int nbound;               /* parameters per row */
	long long max_rowid;      /* incidents' largest rowid: new rows follow it */
	long long source_id;
	sqlite3_stmt *upsert, *many, *reject, *find, *event;  /* many: IMP_MANY rows */
	sqlite3_stmt *events_many;  /* IMP_MANY events */
	struct imp_event {
		long long incident, at;
		const char *kind, *old, *new, *actor;
		size_t oldlen, newlen, actorlen;
	} evq[IMP_MANY];          /* events waiting for imp_flush_events */
	int nevq;
	long rejects[NFIELDS];
	struct imp_span {         /* what the written rows cover (sources' span columns) */
		long long first_opened, last_opened, exported;  /* LLONG_MIN = none */
	} span;
	long long opened;         /* the row's opened_at, for durations (LLONG_MIN = none) */
	long long tval[NFIELDS];  /* the row's parsed times (LLONG_MIN = none) */
	long long ival[NFIELDS];  /* the row's integers (LLONG_MIN = none) */
	struct imp_tz *tz;
	struct hasher *hasher;
	struct imp_file *file;    /* the mapped bytes (import.c) */
	int *first_same;          /* per column: the first column of the same name */
	long ragged;              /* CSV rows whose field count is not the header's */
	long ragged_line[3];      /* the first of them: line and field count */
	size_t ragged_n[3];
	struct recur_buf extra, id, preview, objtext;
	int id_is_scratch;
	struct imp_batch one;     /* the row being converted and written in step */
	struct imp_batch *batch;  /* where conversion writes: one, or a pipeline batch */
	struct imp_row *cur;      /* the row being converted */
	int scanning;             /* the row pass also scans (date orders, SEV0, ragged) */
	int threaded;             /* a parser thread reads the rows: it must not drop pages */
	long sev_early;           /* severities read before the SEV0 scale was known */
	int start_writes;         /* the pass's writer calls imp_start_writes first */
};

/* Appends a warning line (printf style) to the result's warnings. */
void imp_warn(struct imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands back the mapped pages well before offset (they are read again from
 * the page cache if needed): keeps the resident memory a window. */
void imp_drop_behind(struct imp *im, size_t offset);
/* Statements for the upsert, rejects and events. */
int imp_prepare(struct imp *im, struct recur_error *err);
void imp_finalize(struct imp *im);
/* Reads the next row of either kind. */
int imp_rows_next(struct imp *im, const struct recur_csv_field **f, size_t *n, long *line,
		  struct recur_error *err);
void imp_rows_rewind(struct imp *im);
/* The value of field k in the row (first non-null source), or NULL. */
const char *imp_field_value(const struct imp *im, int k, const struct recur_csv_field *f,
			    size_t n, size_t *len, int *src);
/* The row's id (derived when the file has none), or NULL. */
const char *imp_row_id(struct imp *im, const struct recur_csv_field *f, size_t n, size_t *len);
/*
 * Converts and upserts one row; *incident gets the incident's id. over, when
 * not NULL, gives times that replace the row's (LLONG_MIN = keep).
 */
int imp_process_row(struct imp *im, const struct recur_csv_field *f, size_t n, long line,
		    const long long *over, long long *incident, struct recur_error *err);
/* Converts one row into batch b (no database access: a parser thread's part). */
int imp_convert_row(struct imp *im, struct imp_batch *b, const struct recur_csv_field *f,
		    size_t n, long line, const long long *over, struct recur_error *err);
/* Writes row i of b: its rejects, then the upsert (the writer's part). */
int imp_write_row(struct imp *im, struct imp_batch *b, size_t i, long long *incident,
		  struct recur_error *err);
/* Begins the writes of the first row pass (then the savepoint a second
 * pass rolls back to): 0, 1 when the file was imported before, -1. */
int imp_start_writes(struct imp *im, struct recur_error *err);
/* Writes every row of b (rejects, then upserts IMP_MANY rows at a time);
 * ids, when not NULL, gets each row's incident id (0: not written). */
int imp_write_batch(struct imp *im, struct imp_batch *b, long long *ids, struct recur_error *err);
/* Adds a timeline event like imp_add_event, IMP_MANY at a time: the texts
 * must stay valid until imp_flush_events writes the rest. */
int imp_queue_event(struct imp *im, long long incident, long long at, const char *kind,
		    const char *old_value, size_t old_len, const char *new_value, size_t new_len,
		    const char *actor, size_t actor_len, struct recur_error *err);
int imp_flush_events(struct imp *im, struct recur_error *err);
void imp_batch_init(struct imp_batch *b);
void imp_batch_reset(struct imp_batch *b);
void imp_batch_release(struct imp_batch *b);
/*
 * The row pass with a parser thread converting batches of rows while this
 * thread writes them (import_pipeline.c); *rows gets the count. Output is
 * the same as converting and writing each row in turn. 0, 1 when the file
 * was imported before (im->start_writes said so), -1 on an error.
 */
int imp_pipeline_run(struct imp *im, long *rows, struct recur_error *err);
/* Parses a time value of field k with its column's order and --source-tz. */
int imp_parse_time(struct imp *im, int k, const char *v, size_t len, long long *out);
/* Forgets the span of the rows written so far (a new file, or a pass run again). */
void imp_span_reset(struct imp *im);
/* Adds a timeline event (ignored when already there). */
int imp_add_event(struct imp *im, long long incident, long long at, const char *kind,
		  const char *old_value, size_t old_len, const char *new_value, size_t new_len,
		  const char *actor, size_t actor_len, struct recur_error *err);
/* Profile events (format_event) of JSON record idx - 1. */
int imp_json_events(struct imp *im, long long incident, struct recur_error *err);
/* The row pass over a file that is not an event log (twice when the first
 * guessed a date order or severity scale the whole file contradicts). */
int imp_read_rows(struct imp *im, struct recur_error *err);
/* Decides each time column's date order from the scan. */
int imp_decide_orders(struct imp *im, struct recur_error *err);
void imp_scan_row(struct imp *im, const struct recur_csv_field *f, size_t n, long line);
void imp_progress(struct imp *im, long rows);

/*
 * After the read-only passes: waits for the file's sha256, and unless the
 * same bytes were imported before (returns 1), adds the sources row and
 * prepares the statements (0). -1 on error. (import.c)
 */
int imp_begin_writes(struct imp *im, struct recur_error *err);

/* ---- recur's own output (import_own.c) ---- */

/* 1 when recur wrote the bytes (a review or report: Markdown, HTML, XLSX),
 * with what gave it away in why; else 0. */
int imp_written_by_recur(const char *buf, size_t len, char *why, size_t size);

/* ---- event logs (import_eventlog.c) ---- */

int imp_read_eventlog(struct imp *im, struct recur_error *err);

/* ---- naive times in a zone (import.c) ---- */

/* Converts naive wall time (as if UTC) in the zone to UTC. */
long long imp_tz_to_utc(struct imp_tz *tz, long long naive);

#endif
