/*
 * cmd_import.c — `recur import [options] PATH...`: load exports into the
 * database, one summary line per file on stdout; errors and warnings on
 * stderr; progress on stderr only for big files on a terminal.
 */
#include "cmd.h"
#include "recur/db.h"
#include "recur/import.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: recur import [options] PATH...\n"
	"\n"
	"Loads incident exports (CSV or JSON files, .gz too, postmortems in .md, or\n"
	"folders of them) into the database. Each file is one transaction: it lands\n"
	"whole or not at all. Importing the same file again changes nothing; a newer\n"
	"export of the same incidents updates them. The format (ServiceNow,\n"
	"PagerDuty, Jira, Statuspage, ...: see --list-formats) is detected from the\n"
	"headers or JSON keys; an unknown layout is read by column names (see\n"
	"queries/field-aliases.sql) and needs an id or a title, and the time each\n"
	"incident was opened. Event logs (one row per update) collapse to one\n"
	"incident each, with every status change kept as a timeline event.\n"
	"\n"
	"options:\n"
	"  --format NAME        read as this format: a name from --list-formats, csv,\n"
	"                       json, events (an (id, time, status) event log) or\n"
	"                       postmortem (default: detected)\n"
	"  --map FIELD=COLUMN   read incidents field FIELD from COLUMN (a header, or a\n"
	"                       JSON path like fields.priority.name); repeatable\n"
	"  --source-tz ZONE     read times without an offset in ZONE, e.g.\n"
	"                       Europe/Paris (default UTC; offsets in the data win)\n"
	"  --list-formats       list the formats recur knows and exit\n"
	"  --date-order ORDER   dmy or mdy, for numeric dates like 3/4/2026 that the\n"
	"                       data leaves ambiguous (default: decided per column from\n"
	"                       the values, else month-first, and reported)\n"
	"  --max-field-size MIB the largest CSV field accepted (default 16)\n"
	"  --max-columns N      the most CSV columns accepted (default 10000)\n"
	"  --strict             fail the file on any value that cannot be read\n"
	"                       (default: keep it empty, count it, list it in\n"
	"                       the import_rejects table)\n"
	"  --dry-run            show the detected format, the column mapping, the\n"
	"                       first rows as parsed and the rejected values; write nothing\n"
	"  -h, --help           this help\n"
	"\n"
	"exit codes: 0 ok, 1 a file could not be imported, 2 usage error\n"
	"\n"
	"example:\n"
	"  recur import exports/incidents.csv\n"
	"  recur import --dry-run --date-order dmy servicenow.csv\n"
	"  recur import --format events --map ext_id=case --map updated_at=time \\\n"
	"               --map status=activity log.csv\n";

struct progress {
	struct timespec start;
	int shown;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_progress(const char *path, long long done, long long total, long rows, void *ctx)
{
	struct progress *p = ctx;
	double s = since(&p->start);

	if (total < (8LL << 20))
		return;
	if (done >= total) {
		if (p->shown)
			fputs("\r\033[K", stderr);
		return;
	}
	fprintf(stderr, "\r%s: %3lld%%, %ld rows, %.0f rows/s", path, total ? done * 100 / total : 0,
		rows, s > 0 ? rows / s : 0.0);
	p->shown = 1;
}

static void print_dates(const struct recur_import_result *r, FILE *out, int brief)
{
	const char *order = !strcmp(r->date_order, "dmy") ? "day-first" : "month-first";

	if (!r->date_order[0])
		return;
	if (!r->date_order_assumed)
		fprintf(out, brief ? "dates %s" : "%s (decided from the values)", order);
	else if (brief)
		fprintf(out, "dates %s, assumed: use --date-order %s if wrong", order,
			!strcmp(r->date_order, "dmy") ? "mdy" : "dmy");
	else
		fprintf(out, "%s (assumed: no value decides it; use --date-order to choose)", order);
}

static void print_summary(const char *path, const struct recur_import_result *r)
{
	if (r->own_output[0]) {
		printf("%s: skipped: recur wrote it (%s), not an export\n", path, r->own_output);
		return;
	}
	if (r->already_imported) {
		printf("%s: already imported (same sha256), nothing changed\n", path);
		return;
	}
	printf("%s: %s, %ld row%s, %ld new, %ld updated, %ld unchanged, %ld events, %ld values "
	       "rejected", path, r->format, r->rows, r->rows == 1 ? "" : "s", r->incidents_new,
	       r->incidents_updated, r->incidents_unchanged, r->events, r->values_rejected);
	if (r->date_order[0] || r->notes[0]) {
		fputs(" (", stdout);
		print_dates(r, stdout, 1);
		printf("%s%s)", r->date_order[0] && r->notes[0] ? "; " : "", r->notes);
	}
	putchar('\n');
}

static void print_examples(const struct recur_import_result *r, FILE *out, const char *indent)
{
	int i;

	for (i = 0; i < r->nexamples; i++)
		fprintf(out, "%s%s %ld: %s '%s'\n", indent, r->json ? "record" : "line",
			r->examples[i].line, r->examples[i].field, r->examples[i].value);
}

static void print_dry_run(const char *path, const struct recur_import_result *r)
{
	int i;

	if (r->own_output[0]) {
		printf("%s: skipped: recur wrote it (%s), not an export\n", path, r->own_output);
		return;
	}
	if (r->already_imported) {
		printf("%s: already imported (same sha256); a real import would change nothing\n", path);
		return;
	}
	printf("%s: %s (%s)\n", path, r->format, r->why);
	printf("  mapping: %s\n", r->mapping);
	printf("  rows: %ld (would be %ld new, %ld updated, %ld unchanged; %ld events)\n", r->rows,
	       r->incidents_new, r->incidents_updated, r->incidents_unchanged, r->events);
	if (r->date_order[0]) {
		fputs("  dates: ", stdout);
		print_dates(r, stdout, 0);
		putchar('\n');
	}
	if (r->notes[0])
		printf("  notes: %s\n", r->notes);
	printf("  rejected values: %ld%s%s%s\n", r->values_rejected, r->rejected_fields[0] ? " (" : "",
	       r->rejected_fields, r->rejected_fields[0] ? ")" : "");
	print_examples(r, stdout, "    ");
	if (r->npreview)
		puts("  first rows:");
	for (i = 0; i < r->npreview; i++)
		printf("    %s\n", r->preview[i]);
	puts("  dry run: nothing written");
}

static void warn_file(const struct recur_import_result *r)
{
	const char *s = r->warnings, *nl;

	if (r->already_imported)
		return;
	while (*s) {
		nl = strchr(s, '\n');
		fprintf(stderr, "recur: warning: %.*s\n", nl ? (int)(nl - s) : (int)strlen(s), s);
		s = nl ? nl + 1 : s + strlen(s);
	}
}

static void warn_rejects(const char *path, const struct recur_import_result *r)
{
	if (!r->values_rejected || r->already_imported)
		return;
	fprintf(stderr, "recur: warning: %s: %ld values could not be read and were kept empty "
		"(%s); they are listed in the import_rejects table, e.g.:\n", path,
		r->values_rejected, r->rejected_fields);
	print_examples(r, stderr, "  ");
}

/* Per-file results added up for the closing line of a many-file import. */
struct totals {
	long files, incidents_new, incidents_updated, incidents_unchanged, already, own, failed;
};

static void add_up(struct totals *t, const struct recur_import_result *r)
{
	t->files++;
	t->incidents_new += r->incidents_new;
	t->incidents_updated += r->incidents_updated;
	t->incidents_unchanged += r->incidents_unchanged;
	t->already += r->already_imported;
	t->own += r->own_output[0] != '\0';
}

static void print_totals(const struct totals *t)
{
	printf("%ld files: %ld new, %ld updated, %ld unchanged; %ld already imported", t->files,
	       t->incidents_new, t->incidents_updated, t->incidents_unchanged, t->already);
	if (t->own)
		printf(", %ld skipped (written by recur)", t->own);
	if (t->failed)
		printf(", %ld failed", t->failed);
	putchar('\n');
}

int cmd_import_run(sqlite3 *db, char *const *paths, int npaths, const struct recur_import_opts *o,
		   struct recur_global *g)
{
	struct totals tot = { 0, 0, 0, 0, 0, 0, 0 };
	struct recur_import_opts opts = *o;
	struct recur_import_result r;
	struct recur_error err;
	struct progress prog = { { 0, 0 }, 0 };
	char **files = NULL;
	int nfiles = 0, i, code = 0;

	recur_error_init(&err);
	if (recur_import_expand(paths, npaths, &files, &nfiles, &err))
		return cmd_fail(&err);
	if (g->progress && !opts.progress) {
		opts.progress = show_progress;
		opts.progress_ctx = &prog;
	}
	for (i = 0; i < nfiles; i++) {
		recur_error_init(&err);
		prog.shown = 0;
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		if (recur_import_file(db, files[i], &opts, &r, &err)) {
			if (prog.shown)
				fputs("\r\033[K", stderr);
			code = cmd_fail(&err);
			tot.files++, tot.failed++;
			continue;
		}
		warn_file(&r);
		if (opts.dry_run) {
			print_dry_run(files[i], &r);
			continue;
		}
		print_summary(files[i], &r);
		warn_rejects(files[i], &r);
		add_up(&tot, &r);
	}
	if (nfiles > 1 && !opts.dry_run)
		print_totals(&tot);
	if (nfiles == 0)
		fprintf(stderr, "recur: warning: no .csv, .tsv, .txt, .json or .md files (or .gz of them) found in the "
			"folders given\n");
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	return code;
}

/* --list-formats, and an unknown --format; -1 to go on, else an exit code. */
static int check_format(sqlite3 *db, const struct recur_import_opts *io, int list)
{
	struct recur_error err;
	struct recur_buf out = RECUR_BUF_INIT;
	int known;

	recur_error_init(&err);
	if (list) {
		known = recur_import_formats(db, &out, &err);
		if (!known)
			cmd_print(out.buf, out.len);
		recur_buf_release(&out);
		return known ? cmd_fail(&err) : 0;
	}
	if (!io->format)
		return -1;
	if ((known = recur_import_format_known(db, io->format, &err)) < 0)
		return cmd_fail(&err);
	if (!known)
		return cmd_usage_error("import", "unknown format '%s': see recur import --list-formats",
				       io->format);
	return -1;
}

int cmd_import(int argc, char **argv, struct recur_global *g)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "map", required_argument, NULL, 'm' },
		{ "source-tz", required_argument, NULL, 'z' },
		{ "list-formats", no_argument, NULL, 'L' },
		{ "date-order", required_argument, NULL, 'D' },
		{ "strict", no_argument, NULL, 'S' },
		{ "max-field-size", required_argument, NULL, 'F' },
		{ "max-columns", required_argument, NULL, 'C' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct recur_import_opts io = { 0 };
	const char **maps = NULL;
	sqlite3 *db = NULL;
	struct recur_global mem;
	long long n;
	int opt, code, list = 0;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': io.format = optarg; break;
		case 'm':
			if (!strchr(optarg, '=') || *optarg == '=') {
				free(maps);
				return cmd_usage_error("import", "bad --map '%s': write FIELD=COLUMN",
						       optarg);
			}
			maps = realloc(maps, (size_t)(io.nmaps + 1) * sizeof(*maps));
			if (!maps)
				abort();
			maps[io.nmaps++] = optarg;
			break;
		case 'z': io.source_tz = optarg; break;
		case 'L': list = 1; break;
		case 'D':
			if (!strcmp(optarg, "dmy"))
				io.date_order = RECUR_DATE_DMY;
			else if (!strcmp(optarg, "mdy"))
				io.date_order = RECUR_DATE_MDY;
			else
				return cmd_usage_error("import", "bad --date-order '%s': use dmy or mdy",
						       optarg);
			break;
		case 'S': io.strict = 1; break;
		case 'F':
			if (cmd_parse_long(optarg, 1, 2047, &n))
				return cmd_usage_error("import", "bad --max-field-size '%s': give MiB "
						       "from 1 to 2047", optarg);
			io.max_field = (size_t)n << 20;
			break;
		case 'C':
			if (cmd_parse_long(optarg, 1, 10000000, &n))
				return cmd_usage_error("import", "bad --max-columns '%s': give a number "
						       "from 1 to 10000000", optarg);
			io.max_cols = (size_t)n;
			break;
		case 'n': io.dry_run = 1; break;
		case 'h': free(maps); fputs(usage_text, stdout); return 0;
		default: free(maps); return cmd_usage_error("import", "unknown option");
		}
	}
	io.maps = maps;
	if (optind >= argc && !list) {
		free(maps);
		return cmd_usage_error("import", "give at least one export file or folder");
	}
	io.now = g->now;
	/* --dry-run and --list-formats write nothing, not even a new database
	 * file: with none yet they read against an empty one in memory */
	if ((io.dry_run || list) && access(g->db_path, F_OK) && errno == ENOENT) {
		mem = *g;
		mem.db_path = ":memory:";
		g = &mem;
	}
	if ((code = cmd_open_db(g, &db))) {
		free(maps);
		return code;
	}
	code = check_format(db, &io, list);
	if (code < 0)
		code = cmd_import_run(db, argv + optind, argc - optind, &io, g);
	recur_db_close(db);
	free(maps);
	return code;
}
