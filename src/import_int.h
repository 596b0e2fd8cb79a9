/*
 * import_int.h — what import.c (files, rows, the upsert) and import_map.c
 * (aliases, header mapping, value normalisation) share. Internal.
 */
#ifndef RECUR_IMPORT_INT_H
#define RECUR_IMPORT_INT_H

#include <sqlite3.h>

#include "recur/buf.h"
#include "recur/csv.h"
#include "recur/err.h"
#include "recur/import.h"
#include "recur/timeparse.h"

enum imp_field {
	F_EXT_ID, F_TITLE, F_DESCRIPTION, F_SERVICE, F_COMPONENT, F_TEAM, F_CATEGORY, F_KIND,
	F_SEVERITY, F_PRIORITY_LABEL, F_STATUS, F_OPENED_AT, F_STARTED_AT, F_DETECTED_AT,
	F_ACKNOWLEDGED_AT, F_MITIGATED_AT, F_RESOLVED_AT, F_CLOSED_AT, F_UPDATED_AT,
	F_REASSIGNMENTS, F_REOPENS, F_ROOT_CAUSE, F_RESOLUTION, F_URL, F_PROBLEM_REF,
	NFIELDS
};

enum imp_kind { K_TEXT, K_TIME, K_INT, K_SEVERITY };

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

/* The header of one file and what each field reads. */
struct imp_map {
	char **head;          /* original names */
	size_t nhead;
	int col[NFIELDS];     /* column of each field, or -1 */
	unsigned char *used;  /* per column: feeds some field */
	int derived_id;       /* ext_id = sha256(title, opened_at text) */
	struct imp_alias *aliases;
	size_t naliases;
	struct imp_sevmap *sev;
	size_t nsev;
};

/* Loads queries/field-aliases.sql and queries/severity-map.sql through db. */
int imp_map_load(sqlite3 *db, struct imp_map *m, struct recur_error *err);
/* Maps the header (n names) to fields; fails naming what is missing. */
int imp_map_header(struct imp_map *m, const struct recur_csv_field *f, size_t n, const char *path,
		   const char *what, struct recur_error *err);
/* Writes "ext_id=number, title=summary, …" into out. */
void imp_map_describe(const struct imp_map *m, char *out, size_t size);
void imp_map_release(struct imp_map *m);

/* The trimmed value, or NULL (with *len 0) for a null spelling. */
const char *imp_value(const char *p, size_t len, size_t *out_len);
/* The severity map row of a label, or NULL. */
const struct imp_sevmap *imp_severity(const struct imp_map *m, const char *label, size_t len);
/* An integer, allowing thousands separators ("5,510,746"). Returns 0 or -1. */
int imp_parse_int(const char *s, size_t len, long long *out);

#endif
