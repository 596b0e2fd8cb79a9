/*
 * cmd_import.c — `recur import [options] PATH...`: load exports into the
 * database, one summary line per file on stdout; errors and warnings on
 * stderr; progress on stderr only for big files on a terminal.
 */
#include "cmd.h"
#include "recur/db.h"
#include "recur/import.h"
#include "recur/mem.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_head[] =
	"usage: recur import [options] PATH...\n"
	"\n"
	"Loads incident exports (CSV or JSON files, .gz too, postmortems in .md, or\n"
	"folders of them) into the database. Each file is one transaction: it lands\n"
	"whole or not at all. Importing the same file again changes nothing; a newer\n"
	"export of the same incidents updates them. The format (ServiceNow,\n"
	"PagerDuty, Jira, Statuspage, ...: see --list-formats) is detected from the\n"
	"headers or JSON keys; an unknown layout is read by column names (see\n"
	"queries/field-aliases.sql) and needs an id or a title, and the time each\n"
	"incident was opened. Column names match whatever their case, accents and\n"
	"separators (Open_Time = open time = OpenTime, Título = Titulo); headers,\n"
	"statuses and priorities in Spanish, Portuguese, French, German, Italian,\n"
	"Dutch, Polish, Russian, Japanese and Chinese are read through\n"
	"queries/vocabulary/, so a Jira export in Spanish is still jira-csv. Event\n"
	"logs (one row per update) collapse to one incident each, with every\n"
	"status change kept as a timeline event.\n"
	"Text in UTF-16 or a Windows code page is converted to UTF-8 (see --encoding);\n"
	"an Excel workbook, a PDF or an archive is named, with what to do instead.\n"
	"\n"
	"Postmortems (.md) may open with YAML front matter, as Jekyll, Hugo and\n"
	"Docusaurus sites keep them (title, date, start_time, end_time, company,\n"
	"product, service, categories, tags, severity, summary, url, id, slug;\n"
	"YAML tags (!!), anchors and {…} mappings are refused), over any headings\n"
	"or none: the front matter wins over a Date: line, and text under no\n"
	"known heading becomes the description. A postmortem fills the incident\n"
	"it names (Incident: or incident:), else becomes one of its own, its id\n"
	"the front matter's id or slug or the file name, so an edited copy\n"
	"updates it.\n"
	"\n"
	"JSON records are read where they are: a list at the top or under any one\n"
	"key, objects keyed by id (the key is the ext_id unless the record has an\n"
	"id), or JSON Lines (.jsonl, .ndjson, or a .json with one object per\n"
	"line). Times may be epoch seconds or milliseconds, as numbers or strings.\n"
	"Process-mining event logs are detected: XES logs (.xes, the XML ProM and\n"
	"pm4py write, read as the CSV they export), CSV with XES attribute names\n"
	"(case:concept:name, concept:name, time:timestamp, lifecycle:transition)\n"
	"or Disco/ProM/Celonis columns (Case ID, Activity, Complete Timestamp).\n"
	"Each case is an incident, opened at its first event and resolved at its\n"
	"first resolve- or close-like activity; each activity is a timeline event,\n"
	"and of XES lifecycle transitions only 'complete' rows are events (a start\n"
	"and complete pair is one event).\n";

static const char usage_foot[] =
	"Folders are read with their subfolders: in each folder its files\n"
	"first, then its subfolders, both in byte order of their names. It gives\n"
	"the files ending in .csv, .tsv, .txt, .json, .jsonl, .ndjson, .md or\n"
	".markdown (.gz too); a file named on the command line is always read.\n"
	"Left out and listed on stderr with the reason, one line per kind: files\n"
	"of other kinds (an .xlsx: save it as CSV UTF-8; a .zip: extract it\n"
	"first; PDFs, images), what recur wrote itself (a folder holding only its\n"
	"reviews is one line), a folder reached again through a link, and folders\n"
	"more than 32 deep. Hidden names (.git, .obsidian) are not read and only\n"
	"counted. Nothing to import at all is an error (exit 1) that says what\n"
	"was looked for.\n"
	"\n"
	"exit codes: 0 ok, 1 a file could not be imported or nothing was found to\n"
	"import, 2 usage error\n"
	"\n"
	"example:\n"
	"  recur import exports/incidents.csv\n"
	"  recur import exports/          # and its subfolders\n"
	"  recur import --dry-run --date-order dmy servicenow.csv\n"
	"  recur import --format events --map ext_id=case --map updated_at=time \\\n"
	"               --map status=activity log.csv\n";

static void show_progress(const char *path, long long done, long long total, long rows, void *ctx)
{
	struct cmd_progress *p = ctx;
	double s = cmd_progress_secs(p);

	if (total < (8LL << 20))
		return;
	if (done >= total)
		cmd_progress_done(p);
	else
		cmd_progress_show(p, "%s: %3lld%%, %ld rows, %.0f rows/s", path,
				  total ? done * 100 / total : 0, rows, s > 0 ? rows / s : 0.0);
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

/* The encoding is named when it is not UTF-8 (UTF-8 files print as before). */
static int not_utf8(const struct recur_import_result *r)
{
	return r->encoding[0] && strcmp(r->encoding, "UTF-8");
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
	if (r->date_order[0] || r->notes[0] || not_utf8(r)) {
		fputs(" (", stdout);
		if (not_utf8(r))
			printf("read as %s%s", r->encoding, r->date_order[0] || r->notes[0] ? "; " : "");
		print_dates(r, stdout, 1);
		printf("%s%s)", r->date_order[0] && r->notes[0] ? "; " : "", r->notes);
	}
	putchar('\n');
}

static void print_examples(const struct recur_import_result *r, FILE *out, const char *indent)
{
	int i;

	for (i = 0; i < r->nexamples; i++) {
		fputs(indent, out);
		if (r->examples[i].line > 0) /* 0: a postmortem's severity, wherever it was said */
			fprintf(out, "%s %ld: ", r->json ? "record" : "line", r->examples[i].line);
		fprintf(out, "%s '%s'\n", r->examples[i].field, r->examples[i].value);
	}
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
	if (not_utf8(r))
		printf("  encoding: %s (%s)\n", r->encoding, r->encoding_why);
	printf("  mapping: %s\n", r->mapping);
	if (r->headers[0])
		printf("  headers: %s\n", r->headers);
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
	long not_postmortem;        /* Markdown found in a folder that is no postmortem */
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
	if (t->not_postmortem)
		printf(", %ld skipped (not a postmortem)", t->not_postmortem);
	if (t->failed)
		printf(", %ld failed", t->failed);
	putchar('\n');
}

/* Groups of skipped entries shown before "and N more". */
#define SKIP_GROUPS 8

/* One line per group of skipped entries of one kind and reason (hidden
 * ones or not), so a folder of hundreds of PDFs takes one line. */
static void print_groups(const struct recur_import_paths *p, char *done, int hidden, int *shown,
			 int *rest)
{
	const struct recur_import_skip *s, *t;
	int i, j, more;

	for (i = 0; i < p->nskipped; i++) {
		s = &p->skipped[i];
		if (done[i] || (s->kind == RECUR_IMPORT_SKIP_HIDDEN) != hidden)
			continue;
		for (more = 0, j = i + 1; j < p->nskipped; j++) {
			t = &p->skipped[j];
			if (!done[j] && t->kind == s->kind && !strcmp(t->why, s->why))
				done[j] = 1, more++;
		}
		if ((*shown)++ >= SKIP_GROUPS) {
			*rest += more + 1;
			continue;
		}
		if (more)
			fprintf(stderr, "  %s and %d more: %s\n", s->path, more, s->why);
		else
			fprintf(stderr, "  %s: %s\n", s->path, s->why);
	}
}

/* What the folders held that is not imported, and why, on stderr. Hidden
 * names are only counted, and only beside other news or when nothing at
 * all is imported. */
static void print_skipped(const struct recur_import_paths *p, int nothing)
{
	int i, files = 0, folders = 0, hidden = 0, shown = 0, rest = 0;
	char *done;

	for (i = 0; i < p->nskipped; i++) {
		const char *path = p->skipped[i].path;

		if (p->skipped[i].kind == RECUR_IMPORT_SKIP_HIDDEN)
			hidden++;
		else if (path[0] && path[strlen(path) - 1] == '/')
			folders++;
		else
			files++;
	}
	if (!files && !folders && !(nothing && hidden))
		return;
	fputs("recur: skipped", stderr);
	if (files)
		fprintf(stderr, " %d file%s", files, files == 1 ? "" : "s");
	if (folders)
		fprintf(stderr, "%s %d folder%s", !files ? "" : hidden ? "," : " and", folders,
			folders == 1 ? "" : "s");
	if (hidden)
		fprintf(stderr, "%s %d hidden name%s", files || folders ? " and" : "", hidden,
			hidden == 1 ? "" : "s");
	fputs(":\n", stderr);
	done = xcalloc((size_t)p->nskipped + 1, 1);
	print_groups(p, done, 0, &shown, &rest);
	print_groups(p, done, 1, &shown, &rest);
	if (rest)
		fprintf(stderr, "  and %d more\n", rest);
	free(done);
}

/* Whether file was given on the command line (not found in a folder). */
static int named(char *const *paths, int npaths, const char *file)
{
	int i;

	for (i = 0; i < npaths; i++)
		if (!strcmp(paths[i], file))
			return 1;
	return 0;
}

static void print_not_postmortem(const char *file, const struct recur_error *err)
{
	printf("%s: skipped: %s\n", file, err->msg);
}

int cmd_import_run(sqlite3 *db, char *const *paths, int npaths, const struct recur_import_opts *o,
		   struct recur_global *g)
{
	struct totals tot = { 0, 0, 0, 0, 0, 0, 0, 0 };
	struct recur_import_opts opts = *o;
	struct recur_import_result r;
	struct recur_import_paths found;
	struct recur_error err;
	struct cmd_progress prog;
	char **files;
	int nfiles, i, code = 0, known;

	recur_error_init(&err);
	if (o->format && (known = recur_import_format_known(db, o->format, &err)) <= 0)
		return known < 0 ? cmd_fail(&err)
				 : cmd_usage_error(g->cmd, "unknown format '%s': see recur import "
						   "--list-formats", o->format);
	code = recur_import_expand(paths, npaths, &found, &err);
	print_skipped(&found, code != 0);
	if (code) {
		recur_import_paths_release(&found);
		return cmd_fail(&err);
	}
	files = found.files;
	nfiles = found.nfiles;
	if (g->progress && !opts.progress) {
		opts.progress = show_progress;
		opts.progress_ctx = &prog;
	}
	for (i = 0; i < nfiles; i++) {
		recur_error_init(&err);
		cmd_progress_start(&prog, g);
		if (recur_import_file(db, files[i], &opts, &r, &err)) {
			cmd_progress_done(&prog);
			if (r.not_postmortem && !named(paths, npaths, files[i])) {
				/* a README or notes beside the exports: said, not a failure */
				print_not_postmortem(files[i], &err);
				tot.files++, tot.not_postmortem++;
				continue;
			}
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
	recur_import_paths_release(&found);
	return code;
}

/* --list-formats; returns an exit code. */
static int list_formats(sqlite3 *db)
{
	struct recur_error err;
	struct recur_buf out = RECUR_BUF_INIT;
	int rc;

	recur_error_init(&err);
	rc = recur_import_formats(db, &out, &err);
	if (!rc)
		cmd_print(out.buf, out.len);
	recur_buf_release(&out);
	return rc ? cmd_fail(&err) : 0;
}

/* import's own options: what it does instead of importing. */
struct import_only {
	struct recur_import_opts *io;
	int list;
};

static int set_list_formats(void *t, const char *cmd, const char *arg)
{
	(void)cmd, (void)arg;
	((struct import_only *)t)->list = 1;
	return 0;
}

static int set_dry_run(void *t, const char *cmd, const char *arg)
{
	(void)cmd, (void)arg;
	((struct import_only *)t)->io->dry_run = 1;
	return 0;
}

static const struct cmd_option import_only_options[] = {
	{ "list-formats", 0, NULL, "list the formats recur knows and exit", set_list_formats,
	  NULL },
	{ "dry-run", 0, NULL, "show the detected format, the column mapping, the language of "
	  "headers in another language and the words that matched, the first rows as "
	  "parsed and the rejected values; write nothing", set_dry_run, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

int cmd_import(int argc, char **argv, struct recur_global *g)
{
	struct recur_import_opts io = { 0 };
	struct import_only own = { &io, 0 };
	const struct cmd_option_group groups[] = {
		{ "options", cmd_import_options, &io },
		{ NULL, import_only_options, &own },
	};
	sqlite3 *db = NULL;
	struct recur_global mem;
	int code = cmd_parse_options("import", argc, argv, groups, 2, usage_head, usage_foot);

	if (code)
		goto out;
	if (optind >= argc && !own.list) {
		code = cmd_usage_error("import", "give at least one export file or folder");
		goto out;
	}
	io.now = g->now;
	/* --dry-run and --list-formats write nothing, not even a new database
	 * file: with none yet they read against an empty one in memory */
	if ((io.dry_run || own.list) && access(g->db_path, F_OK) && errno == ENOENT) {
		mem = *g;
		mem.db_path = ":memory:";
		g = &mem;
	}
	if ((code = cmd_open_db(g, &db)))
		goto out;
	code = own.list ? list_formats(db) : cmd_import_run(db, argv + optind, argc - optind, &io, g);
	recur_db_close(db);
out:
	free((void *)io.maps);
	return code < 0 ? 0 : code;
}
