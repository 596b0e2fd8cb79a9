/*
 * import_expand.c — the paths given to `recur import` and `recur review`
 * into the list of files to import, and what was left out and why.
 *
 * Folders are read recursively: a folder's files first, in byte order of
 * their names, then its subfolders, each the same way, in byte order. Files
 * first so that the export at the top of a folder lands before the older
 * ones kept below it; byte order so the order is the same on every machine
 * and in every locale (year folders 2025/ 2026/ come in time order). Left
 * out: hidden names (.git/, .obsidian/: not descended), files of kinds
 * recur does not read (each kind with what to do about it), what recur wrote
 * itself (recognised by content, import_own.c, not by a folder's name), a
 * folder reached a second time through a link (each folder is read once, so
 * a link loop ends), anything deeper than RECUR_IMPORT_MAX_DEPTH.
 *
 * The kinds and their advice are messages, so they live here beside the
 * code that gives them, like every other error text; the extensions read
 * must agree with how import.c routes a file (.md postmortems, JSON by
 * content, CSV otherwise). It never prints; the command does.
 */
#include "import_int.h"
#include "recur/mem.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const reads[] = { ".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson",
				     ".xes", ".md", ".markdown" };

static const char workbook[] = "an Excel workbook: save it as CSV UTF-8 to import it";
static const char archive[] = "an archive: extract it first, then import the folder";
static const char image[] = "an image: recur reads exports and postmortems, not pictures";
static const char document[] = "a document: save a postmortem as Markdown (.md) to import it";
static const char web[] = "a web page: export the incidents as CSV or JSON instead";
static const char database[] = "a database file: recur reads exports; a recur database is "
			       "opened with --db";

/* Kinds exports and their neighbours come in, that recur does not read. */
static const struct {
	const char *ext, *why;
} kinds[] = {
	{ ".xlsx", workbook }, { ".xlsm", workbook }, { ".xlsb", workbook }, { ".xls", workbook },
	{ ".ods", "an OpenDocument spreadsheet: save it as CSV (UTF-8) to import it" },
	{ ".numbers", "a Numbers spreadsheet: export it as CSV to import it" },
	{ ".pdf", "a PDF: recur reads the data, not documents; export the incidents as CSV or "
		  "JSON" },
	{ ".doc", document }, { ".docx", document }, { ".odt", document }, { ".rtf", document },
	{ ".pages", document },
	{ ".zip", archive }, { ".7z", archive }, { ".rar", archive }, { ".tar", archive },
	{ ".tgz", archive }, { ".bz2", archive }, { ".xz", archive }, { ".zst", archive },
	{ ".png", image }, { ".jpg", image }, { ".jpeg", image }, { ".gif", image },
	{ ".svg", image }, { ".webp", image }, { ".bmp", image }, { ".tif", image },
	{ ".tiff", image }, { ".heic", image },
	{ ".html", web }, { ".htm", web },
	{ ".xml", "XML that is not an XES event log: recur reads CSV, JSON and XES; export it as "
		  "one of those" },
	{ ".db", database }, { ".sqlite", database }, { ".sqlite3", database },
	{ ".mdx", "MDX (Markdown with JSX) is not read: a postmortem in plain Markdown imports "
		  "once named .md" },
	{ ".log", "a log file: recur imports incidents, not log lines ('recur signatures' reads "
		  "those)" },
};

static const char other[] = "not an export: recur reads " RECUR_IMPORT_READS
			    " files (and .gz of them)";

/* Kinds recur writes (import_own.c tells them by content). */
static const char *const writes[] = { ".md", ".markdown", ".html", ".htm", ".xlsx" };

static int ends_in(const char *name, size_t n, const char *ext)
{
	size_t e = strlen(ext);

	return n > e && !strncasecmp(name + n - e, ext, e);
}

static int any_end(const char *name, size_t n, const char *const *exts, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (ends_in(name, n, exts[i]))
			return 1;
	return 0;
}

/* NULL: recur reads it; else why not. */
static const char *why_not(const char *name)
{
	size_t n = strlen(name), i;

	if (ends_in(name, n, ".gz"))
		n -= 3;
	if (any_end(name, n, reads, sizeof(reads) / sizeof(reads[0])))
		return NULL;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (ends_in(name, n, kinds[i].ext))
			return kinds[i].why;
	return other;
}

/* Whether recur wrote the file at path (a Markdown, HTML or XLSX it can tell
 * by content), with what gave it away in why. */
static int written_by_recur(const char *path, char *why, size_t size)
{
	struct stat st;
	void *m;
	int fd = open(path, O_RDONLY), own = 0;

	if (fd < 0)
		return 0;
	if (!fstat(fd, &st) && st.st_size > 0 &&
	    (m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) != MAP_FAILED) {
		own = imp_written_by_recur(m, (size_t)st.st_size, why, size);
		munmap(m, (size_t)st.st_size);
	}
	close(fd);
	return own;
}

struct seen {
	dev_t dev;
	ino_t ino;
	char *path;
};

struct walk {
	struct recur_import_paths *out;
	struct seen *seen;
	int nseen;
	size_t cap;
};

static void add_file(struct recur_import_paths *out, char *path)
{
	xgrow((void **)&out->files, &out->cap_files, (size_t)out->nfiles + 1, sizeof(*out->files));
	out->files[out->nfiles++] = path;
}

/* Takes ownership of path. */
static void add_skip(struct recur_import_paths *out, char *path,
		     enum recur_import_skip_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_skip(struct recur_import_paths *out, char *path,
		     enum recur_import_skip_kind kind, const char *fmt, ...)
{
	struct recur_buf why = RECUR_BUF_INIT;
	struct recur_import_skip *s;
	va_list ap;

	va_start(ap, fmt);
	recur_buf_vaddf(&why, fmt, ap);
	va_end(ap);
	xgrow((void **)&out->skipped, &out->cap_skipped, (size_t)out->nskipped + 1,
	      sizeof(*out->skipped));
	s = &out->skipped[out->nskipped++];
	s->path = path;
	s->kind = kind;
	s->why = recur_buf_detach(&why, NULL);
}

static char *join(const char *dir, const char *name, int folder)
{
	struct recur_buf p = RECUR_BUF_INIT;
	size_t n = strlen(dir);

	recur_buf_addf(&p, "%s%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name,
		       folder ? "/" : "");
	return recur_buf_detach(&p, NULL);
}

static char *folder_path(const char *dir)
{
	size_t n = strlen(dir);

	return n && dir[n - 1] == '/' ? xstrdup(dir) : join(dir, "", 0);
}

/* The folder at st already read: its path; else records it and NULL. */
static const char *visit(struct walk *w, const struct stat *st, const char *path)
{
	int i;

	for (i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return w->seen[i].path;
	xgrow((void **)&w->seen, &w->cap, (size_t)w->nseen + 1, sizeof(*w->seen));
	w->seen[w->nseen].dev = st->st_dev;
	w->seen[w->nseen].ino = st->st_ino;
	w->seen[w->nseen++].path = folder_path(path);
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir but . and .., sorted; -1 with errno when it cannot be read. */
static int list_dir(const char *dir, char ***names, int *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		xgrow((void **)names, &cap, (size_t)*n + 1, sizeof(**names));
		(*names)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(*names, (size_t)*n, sizeof(**names), cmp_str);
	return 0;
}

/* One folder's entries sorted out: files to read, skipped, subfolders. */
struct entries {
	char **files;      /* to read */
	int nfiles;
	size_t cap_files;
	char **dirs;       /* subfolders, to walk after the files */
	int ndirs;
	size_t cap_dirs;
	struct recur_import_paths skips;  /* this folder's own skips, until it is decided */
	char own[384];     /* the first file recur wrote, and what gave it away */
	int nown, own_read; /* files recur wrote; of them, ones recur would read */
};

static void push(char ***a, int *n, size_t *cap, char *s)
{
	xgrow((void **)a, cap, (size_t)*n + 1, sizeof(**a));
	(*a)[(*n)++] = s;
}

/* Whether the XML file at path is an XES event log (some tools save them
 * as .xml): its first bytes say so. */
static int xml_is_xes(const char *path)
{
	char head[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	n = read(fd, head, sizeof(head));
	close(fd);
	return n > 0 && imp_xes_looks(head, (size_t)n);
}

static void sort_file(struct entries *en, char *path, const char *name)
{
	const char *why = why_not(name);
	char how[96];

	if (any_end(name, strlen(name), writes, sizeof(writes) / sizeof(writes[0])) &&
	    written_by_recur(path, how, sizeof(how))) {
		if (!en->nown++)
			snprintf(en->own, sizeof(en->own), "%s, %s", name, how);
		if (!why) {
			en->own_read++;
			push(&en->files, &en->nfiles, &en->cap_files, path);
		} else {
			add_skip(&en->skips, path, RECUR_IMPORT_SKIP_OWN, "written by recur (%s)",
				 how);
		}
		return;
	}
	if (!why || (ends_in(name, strlen(name), ".xml") && xml_is_xes(path)))
		push(&en->files, &en->nfiles, &en->cap_files, path);
	else
		add_skip(&en->skips, path, why == other ? RECUR_IMPORT_SKIP_OTHER
							: RECUR_IMPORT_SKIP_WRONG, "%s", why);
}

static void sort_entry(struct entries *en, const char *dir, const char *name)
{
	struct stat st, lst;
	char *path;

	if (name[0] == '.') { /* not read, not even looked into */
		path = join(dir, name, 0);
		if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
			free(path);
			path = join(dir, name, 1);
		}
		add_skip(&en->skips, path, RECUR_IMPORT_SKIP_HIDDEN,
			 "hidden: names starting with '.' are not read");
		return;
	}
	path = join(dir, name, 0);
	if (stat(path, &st)) {
		int e = errno;

		add_skip(&en->skips, path, RECUR_IMPORT_SKIP_UNREADABLE, "%s",
			 !lstat(path, &lst) && S_ISLNK(lst.st_mode) ? "a broken link"
								     : strerror(e));
		return;
	}
	if (S_ISDIR(st.st_mode))
		push(&en->dirs, &en->ndirs, &en->cap_dirs, path);
	else if (S_ISREG(st.st_mode))
		sort_file(en, path, name);
	else
		add_skip(&en->skips, path, RECUR_IMPORT_SKIP_OTHER, "not a regular file");
}

static void walk_dir(struct walk *w, const char *dir, int depth);

/* The subfolder at path, unless read already or too deep; takes ownership of path. */
static void walk_sub(struct walk *w, char *path, int depth)
{
	struct stat st, lst;
	const char *was;

	if (depth > RECUR_IMPORT_MAX_DEPTH) {
		add_skip(w->out, folder_path(path), RECUR_IMPORT_SKIP_DEEP,
			 "more than %d folders down", RECUR_IMPORT_MAX_DEPTH);
	} else if (stat(path, &st)) {
		add_skip(w->out, folder_path(path), RECUR_IMPORT_SKIP_UNREADABLE, "%s",
			 strerror(errno));
	} else if ((was = visit(w, &st, path))) {
		add_skip(w->out, folder_path(path), RECUR_IMPORT_SKIP_LINK, "%s to %s, read already",
			 !lstat(path, &lst) && S_ISLNK(lst.st_mode) ? "a link" : "another way", was);
	} else {
		walk_dir(w, path, depth);
	}
	free(path);
}

static void move_skips(struct recur_import_paths *to, struct recur_import_paths *from)
{
	int i;

	for (i = 0; i < from->nskipped; i++) {
		xgrow((void **)&to->skipped, &to->cap_skipped, (size_t)to->nskipped + 1,
		      sizeof(*to->skipped));
		to->skipped[to->nskipped++] = from->skipped[i];
	}
	from->nskipped = 0;
}

/* dir, already visited, at depth (0: a folder given). */
static void walk_dir(struct walk *w, const char *dir, int depth)
{
	struct entries en;
	char **names;
	int n, i;

	memset(&en, 0, sizeof(en));
	if (list_dir(dir, &names, &n)) {
		add_skip(w->out, folder_path(dir), RECUR_IMPORT_SKIP_UNREADABLE,
			 "cannot read the folder: %s", strerror(errno));
		return;
	}
	w->out->folders++;
	for (i = 0; i < n; i++) {
		sort_entry(&en, dir, names[i]);
		free(names[i]);
	}
	free(names);
	if (en.nown && en.nfiles == en.own_read) {
		/* recur's output: nothing here recur would read but what it wrote,
		 * so one entry says so instead of one per file (hidden ones are
		 * still counted as such) */
		for (i = 0; i < en.nfiles; i++)
			free(en.files[i]);
		for (i = 0; i < en.skips.nskipped; i++) {
			struct recur_import_skip *s = &en.skips.skipped[i];

			if (s->kind == RECUR_IMPORT_SKIP_HIDDEN) {
				add_skip(w->out, s->path, s->kind, "%s", s->why);
			} else {
				free(s->path);
			}
			free(s->why);
		}
		if (en.nown > 1)
			add_skip(w->out, folder_path(dir), RECUR_IMPORT_SKIP_OWN_FOLDER,
				 "recur's output, not exports: it holds %d files recur wrote "
				 "(%s)", en.nown, en.own);
		else
			add_skip(w->out, folder_path(dir), RECUR_IMPORT_SKIP_OWN_FOLDER,
				 "recur's output, not exports: it holds a file recur wrote (%s)",
				 en.own);
	} else {
		for (i = 0; i < en.nfiles; i++)
			add_file(w->out, en.files[i]);
		move_skips(w->out, &en.skips);
	}
	free(en.files);
	free(en.skips.skipped);
	for (i = 0; i < en.ndirs; i++)
		walk_sub(w, en.dirs[i], depth + 1);
	free(en.dirs);
}

void recur_import_paths_release(struct recur_import_paths *out)
{
	int i;

	for (i = 0; i < out->nfiles; i++)
		free(out->files[i]);
	for (i = 0; i < out->nskipped; i++) {
		free(out->skipped[i].path);
		free(out->skipped[i].why);
	}
	free(out->files);
	free(out->skipped);
	memset(out, 0, sizeof(*out));
}

/* The message for nothing to import at all. */
static int nothing(struct recur_error *err, char *const *paths, int npaths, int folders)
{
	char below[64] = "";

	if (folders > npaths)
		snprintf(below, sizeof(below), " or the %d folder%s below", folders - npaths,
			 folders - npaths == 1 ? "" : "s");
	return recur_error_at(err, npaths == 1 ? paths[0] : NULL, 0, 0,
			      "nothing to import: no %s file (nor .gz of one) in %s%s; give the "
			      "export files, or the folder that holds them", RECUR_IMPORT_READS,
			      npaths == 1 ? "the folder" : "the folders given", below);
}

int recur_import_expand(char *const *paths, int npaths, struct recur_import_paths *out,
			struct recur_error *err)
{
	struct walk w = { out, NULL, 0, 0 };
	int i, rc = 0, before, *empty = xcalloc((size_t)npaths + 1, sizeof(int));
	struct stat st;
	const char *was;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < npaths && !rc; i++) {
		if (stat(paths[i], &st)) {
			rc = recur_error_at(err, paths[i], 0, 0, "cannot read: %s; check the path",
					    strerror(errno));
		} else if (!S_ISDIR(st.st_mode)) {
			add_file(out, xstrdup(paths[i]));
		} else if ((was = visit(&w, &st, paths[i]))) {
			add_skip(out, folder_path(paths[i]), RECUR_IMPORT_SKIP_LINK,
				 "the folder %s, read already", was);
		} else if (access(paths[i], R_OK | X_OK)) {
			rc = recur_error_at(err, paths[i], 0, 0, "cannot read the folder: %s",
					    strerror(errno));
		} else {
			before = out->nfiles;
			walk_dir(&w, paths[i], 0);
			empty[i] = out->nfiles == before;
		}
	}
	for (i = 0; i < w.nseen; i++)
		free(w.seen[i].path);
	free(w.seen);
	if (rc) {
		for (i = 0; i < out->nfiles; i++)
			free(out->files[i]);
		out->nfiles = 0;
	} else if (!out->nfiles) {
		rc = nothing(err, paths, npaths, out->folders);
	} else {
		for (i = 0; i < npaths; i++)
			if (empty[i])
				add_skip(out, folder_path(paths[i]), RECUR_IMPORT_SKIP_EMPTY,
					 "nothing to import in it");
	}
	free(empty);
	return rc;
}
