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
#include <stdio.h>
#include <time.h>

#include "recur/err.h"
#include "recur/similar.h"
#include "recur/table.h"

struct recur_import_opts;
struct recur_link_opts;

struct recur_global {
	const char *db_path;  /* --db, default "recur.db" */
	long long now;        /* --now, SOURCE_DATE_EPOCH, or the clock */
	int progress;         /* stderr is a terminal: show progress */
	const char *cmd;      /* the command running ("review"), for messages */
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
int cmd_similar(int argc, char **argv, struct recur_global *g);

/* Imports paths (files or folders), printing one summary line per file to stdout.
 * Returns an exit code. */
int cmd_import_run(sqlite3 *db, char *const *paths, int npaths, const struct recur_import_opts *o,
		   struct recur_global *g);
/* Links and prints a one-line summary. Returns an exit code. */
int cmd_link_run(sqlite3 *db, const struct recur_link_opts *o, struct recur_global *g);
/* Writes the review of p's period (NULL: the default month) as o says and
 * prints the headline figures and the paths. Returns an exit code. */
struct cmd_period;
struct cmd_output;
/* Brings the similarity index up to date before a search, with progress
 * (the first search of a big history indexes it all); 0 or an exit code. */
int cmd_similar_index(sqlite3 *db, const struct recur_global *g);
int cmd_report_run(sqlite3 *db, const struct cmd_period *p, const struct cmd_output *o,
		   struct recur_global *g);

/*
 * Options (cmd_options.c): each is declared once, in a group whose options
 * all set one struct, and the commands that take it share the declaration.
 */
struct cmd_option {
	const char *name;  /* the long name, without "--" */
	int key;           /* its one-letter form ('r' for -r), or 0 */
	const char *arg;   /* the argument's name in --help ("FILE"); NULL: a flag */
	const char *help;  /* what it does, one line of words (--help wraps it) */
	/* Stores arg into the group's target; returns 0 or an exit code (a
	 * usage error already printed, naming cmd). */
	int (*set)(void *target, const char *cmd, const char *arg);
	const char *alias; /* its long name where an earlier group has the name, or NULL */
};

struct cmd_option_group {
	const char *title;                /* its heading in --help ("import options"), or
					     NULL to go on under the one before */
	const struct cmd_option *options; /* ends with an entry whose name is NULL */
	void *target;                     /* what its options set */
};

/* The period options' target: --month or --quarter, --tz, --top. */
struct cmd_period {
	const char *period; /* "YYYY-MM" or "YYYY-Qn"; NULL: the default month */
	const char *option; /* the option that gave it, for messages */
	const char *tz;     /* NULL: UTC */
	int top;            /* services and problems to list */
};

/* The output options' target: --out, --format (forms), --template. */
struct cmd_output {
	const char *dir;
	unsigned forms;     /* enum recur_report_form bits */
	char template[512]; /* "" for the default */
};

/* The similar options' target: the ranking's options, --text, --format. */
struct cmd_similar {
	struct recur_similar_opts o;
	const char *text;                /* --text, or NULL */
	enum recur_table_format format;
};

/* import: struct recur_import_opts (--map grows its maps: the caller frees
 * them with free()); link: struct recur_link_opts. */
extern const struct cmd_option cmd_import_options[];
extern const struct cmd_option cmd_link_options[];
extern const struct cmd_option cmd_period_options[];
extern const struct cmd_option cmd_output_options[];
/* similar: struct cmd_similar */
extern const struct cmd_option cmd_similar_options[];

/*
 * Parses argv's options into the groups' targets (options may follow the
 * arguments; optind is then the first argument). -h/--help prints head, the
 * groups' options and foot to stdout and returns -1. Returns 0, -1 after
 * help, or an exit code after a usage error (printed).
 */
int cmd_parse_options(const char *cmd, int argc, char **argv,
		      const struct cmd_option_group *groups, size_t ngroups, const char *head,
		      const char *foot);
/* Prints the groups' options as --help lists them. */
void cmd_print_options(FILE *out, const struct cmd_option_group *groups, size_t ngroups);

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
/* The id of the problem name names (its id, or the key a problem the export
 * carries has, spacing-insensitive) into id; returns 0 or an exit code after
 * saying there is none. */
int cmd_find_problem(sqlite3 *db, const char *name, char id[32]);
/* Writes the buffer to stdout. */
void cmd_print(const char *s, size_t len);

/* A progress line on stderr (cmd_progress.c), when g->progress says it is a
 * terminal and the step has run past a second (RECUR_PROGRESS_AFTER, in
 * milliseconds, for the tests). */
struct cmd_progress {
	struct timespec start;
	double after;  /* seconds before the first line */
	int on, shown;
};

/* Starts the clock of a step. */
void cmd_progress_start(struct cmd_progress *p, const struct recur_global *g);
/* Seconds since cmd_progress_start. */
double cmd_progress_secs(const struct cmd_progress *p);
/* Rewrites the line with the printf-style text (no newline), once it is due. */
void cmd_progress_show(struct cmd_progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Clears the line when one was shown. */
void cmd_progress_done(struct cmd_progress *p);

/* The review's figures as a progress step (recur_metrics_opts.progress, with
 * this as its ctx): "report 2026-10: computing the figures: durations". */
struct cmd_figures_progress {
	struct cmd_progress *prog;
	const char *command, *period;  /* "report", "2026-10" */
};
void cmd_figures_progress(const char *query, void *ctx);

#endif
