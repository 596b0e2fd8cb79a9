/*
 * cmd.h — what main.c and the cmd_*.c files share (internal to the CLI layer).
 *
 * Each cmd_NAME(argc, argv, g) parses its own options (argv[0] is the
 * command name), does one call into the library, prints the outcome and
 * returns an exit code (enum recur_exit). The *_run functions let `review`
 * run the chain with the same messages as the single commands.
 */
#ifndef RECUR_CMD_H
#define RECUR_CMD_H

#include <sqlite3.h>

#include "recur/err.h"

struct recur_import_opts;
struct recur_link_opts;

struct recur_global {
	const char *db_path;  /* --db, default "recur.db" */
	long long now;        /* --now, SOURCE_DATE_EPOCH, or the clock */
	int progress;         /* stderr is a terminal: show progress */
	const char *tz;       /* --tz of review/report/metrics: the report's zone (NULL: UTC) */
};

int cmd_import(int argc, char **argv, struct recur_global *g);
int cmd_link(int argc, char **argv, struct recur_global *g);
int cmd_metrics(int argc, char **argv, struct recur_global *g);
int cmd_report(int argc, char **argv, struct recur_global *g);
int cmd_render(int argc, char **argv, struct recur_global *g);
int cmd_review(int argc, char **argv, struct recur_global *g);
int cmd_problems(int argc, char **argv, struct recur_global *g);
int cmd_signatures(int argc, char **argv, struct recur_global *g);
int cmd_gen(int argc, char **argv, struct recur_global *g);

/* Imports paths (files or folders), printing one summary line per file to stdout.
 * Returns an exit code. */
int cmd_import_run(sqlite3 *db, char *const *paths, int npaths, const struct recur_import_opts *o,
		   struct recur_global *g);
/* Links and prints a one-line summary. Returns an exit code. */
int cmd_link_run(sqlite3 *db, const struct recur_link_opts *o, struct recur_global *g);
/* Writes the review of month into out_dir in the given forms and prints the
 * headline figures and the paths. Returns an exit code. */
int cmd_report_run(sqlite3 *db, const char *month, const char *out_dir, unsigned forms,
		   struct recur_global *g);

/* Opens g->db_path, printing any error; returns 0 or an exit code. */
int cmd_open_db(const struct recur_global *g, sqlite3 **db);
/* Opens g->db_path when it exists (commands that only read never create
 * one), printing any error; returns 0 or an exit code. */
int cmd_open_db_existing(const struct recur_global *g, sqlite3 **db);
/* Prints "recur: file:line:col: message" to stderr; returns err->code (or 1). */
int cmd_fail(const struct recur_error *err);
/* Prints "recur CMD: message" and "see 'recur CMD --help'" to stderr; returns 2. */
int cmd_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses a whole decimal number in [min, max] (no atoi); returns 0 or -1. */
int cmd_parse_long(const char *s, long long min, long long max, long long *out);
/* Parses a report form list "md,html,xlsx" (or "all") into enum recur_report_form
 * bits; returns 0 or -1. */
int cmd_parse_forms(const char *s, unsigned *out);
/* Writes the buffer to stdout. */
void cmd_print(const char *s, size_t len);

#endif
