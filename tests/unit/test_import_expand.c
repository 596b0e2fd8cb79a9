/*
 * test_import_expand.c — recur_import_expand: the order files come in, and
 * what is left out and why (hidden names, other kinds, recur's own output,
 * link loops, depth), on trees built in a temporary folder.
 */
#include "harness.h"
#include "recur/import.h"
#include "recur/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

/* root/rel, with the folders on the way made; text written when not NULL. */
static const char *at(const char *rel, const char *text)
{
	static char path[4][512];
	static int n;
	char *p = path[n++ % 4], *s;
	FILE *f;

	snprintf(p, 512, "%s/%s", root, rel);
	for (s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	if (text && (f = fopen(p, "w"))) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

static int expand1(const char *rel, struct recur_import_paths *out, struct recur_error *err)
{
	char *paths[1];

	paths[0] = (char *)at(rel, NULL);
	recur_error_init(err);
	return recur_import_expand(paths, 1, out, err);
}

/* The files found, relative to root, one a line. */
static const char *files(const struct recur_import_paths *out)
{
	static char s[4096];
	size_t n = strlen(root) + 1;
	int i;

	s[0] = '\0';
	for (i = 0; i < out->nfiles; i++) {
		strncat(s, out->files[i] + n, sizeof(s) - strlen(s) - 2);
		strcat(s, "\n");
	}
	return s;
}

/* The skipped entry whose path ends in tail, or NULL. */
static const struct recur_import_skip *skipped(const struct recur_import_paths *out,
					       const char *tail)
{
	size_t t = strlen(tail), n;
	int i;

	for (i = 0; i < out->nskipped; i++) {
		n = strlen(out->skipped[i].path);
		if (n >= t && !strcmp(out->skipped[i].path + n - t, tail))
			return &out->skipped[i];
	}
	return NULL;
}

#define CHECK_SKIP(out, tail, k, text)                                              \
	do {                                                                          \
		const struct recur_import_skip *s_ = skipped(out, tail);               \
		CHECK(s_ != NULL);                                                    \
		if (s_) {                                                             \
			CHECK_INT(s_->kind, k);                                       \
			CHECK(strstr(s_->why, text) != NULL);                         \
		}                                                                     \
	} while (0)

static const char csv[] = "id,title,opened_at\nA1,x,2026-01-02T03:04:05Z\n";
static const char review[] = "# Reliability review\n\nGenerated 2026-11-04 by recur 0.1.0\n";

/* A folder's files first, in byte order, then its subfolders in byte order. */
static void expand_order(void)
{
	struct recur_import_paths out;
	struct recur_error err;

	at("order/b.csv", csv);
	at("order/B.json", "[]");
	at("order/2026/x.csv", csv);
	at("order/2025/team/y.csv.gz", "");
	at("order/2025/z.md", "# z\n");
	at("order/2025/w.jsonl", "{}\n");
	at("order/a.tsv", "");
	CHECK_INT(expand1("order", &out, &err), 0);
	CHECK_STR(files(&out), "order/B.json\norder/a.tsv\norder/b.csv\norder/2025/w.jsonl\n"
			       "order/2025/z.md\norder/2025/team/y.csv.gz\norder/2026/x.csv\n");
	CHECK_INT(out.folders, 4);
	CHECK_INT(out.nskipped, 0);
	recur_import_paths_release(&out);
}

/* Hidden names are not read, nor looked into; other kinds say why. */
static void expand_kinds(void)
{
	struct recur_import_paths out;
	struct recur_error err;

	at("kinds/in.csv", csv);
	at("kinds/.git/objects/x.csv", csv);
	at("kinds/.DS_Store", "");
	at("kinds/q3.xlsx", "PK");
	at("kinds/scan.pdf", "%PDF");
	at("kinds/old.tar.gz", "");
	at("kinds/pm.mdx", "");
	at("kinds/rules.conf", "");
	at("kinds/chart.PNG", "");
	CHECK_INT(expand1("kinds", &out, &err), 0);
	CHECK_STR(files(&out), "kinds/in.csv\n");
	CHECK_SKIP(&out, "kinds/.git/", RECUR_IMPORT_SKIP_HIDDEN, "names starting with '.'");
	CHECK_SKIP(&out, "kinds/.DS_Store", RECUR_IMPORT_SKIP_HIDDEN, "not read");
	CHECK_SKIP(&out, "q3.xlsx", RECUR_IMPORT_SKIP_WRONG, "save it as CSV UTF-8");
	CHECK_SKIP(&out, "scan.pdf", RECUR_IMPORT_SKIP_WRONG, "a PDF");
	CHECK_SKIP(&out, "old.tar.gz", RECUR_IMPORT_SKIP_WRONG, "extract it first");
	CHECK_SKIP(&out, "pm.mdx", RECUR_IMPORT_SKIP_WRONG, "named .md");
	CHECK_SKIP(&out, "chart.PNG", RECUR_IMPORT_SKIP_WRONG, "an image");
	CHECK_SKIP(&out, "rules.conf", RECUR_IMPORT_SKIP_OTHER, ".csv, .tsv");
	CHECK_INT(out.nskipped, 8);
	recur_import_paths_release(&out);
}

/* A folder of what recur wrote is one entry; beside exports, recur's
 * Markdown still goes to the import (which skips it), its HTML does not. */
static void expand_own_output(void)
{
	struct recur_import_paths out;
	struct recur_error err;

	at("own/in.csv", csv);
	at("own/monthly/review-2026-10.md", review);
	at("own/monthly/review-2026-10.html",
	   "<html><head><meta name=\"generator\" content=\"recur 0.1.0\"></head></html>");
	at("own/monthly/review-2026-10.xlsx", "PK");
	at("own/monthly/recur.db", "SQLite format 3");
	at("own/monthly/.keep", "");
	at("own/monthly/2027/next.csv", csv);
	at("own/mixed/a.csv", csv);
	at("own/mixed/review.md", review);
	at("own/mixed/review.html", "<meta name=\"generator\" content=\"recur 0.1.0\">");
	at("own/notes/plain.html", "<html>notes</html>");
	at("own/notes/n.md", "# notes\n");
	CHECK_INT(expand1("own", &out, &err), 0);
	/* the output folder's subfolder is still read */
	CHECK_STR(files(&out), "own/in.csv\nown/mixed/a.csv\nown/mixed/review.md\n"
			       "own/monthly/2027/next.csv\nown/notes/n.md\n");
	CHECK_SKIP(&out, "own/monthly/", RECUR_IMPORT_SKIP_OWN_FOLDER, "review-2026-10.");
	CHECK(skipped(&out, "review-2026-10.xlsx") == NULL);
	CHECK(skipped(&out, "recur.db") == NULL);
	CHECK_SKIP(&out, "own/monthly/.keep", RECUR_IMPORT_SKIP_HIDDEN, "not read");
	CHECK_SKIP(&out, "mixed/review.html", RECUR_IMPORT_SKIP_OWN, "written by recur");
	CHECK_SKIP(&out, "notes/plain.html", RECUR_IMPORT_SKIP_WRONG, "a web page");
	CHECK_INT(out.nskipped, 4);
	recur_import_paths_release(&out);
}

/* Each folder is read once: a link loop ends, a second link is noted. */
static void expand_links(void)
{
	struct recur_import_paths out;
	struct recur_error err;
	char *paths[2];

	at("links/a/x.csv", csv);
	at("links/b/y.csv", csv);
	CHECK_INT(symlink("..", at("links/a/up", NULL)), 0);
	CHECK_INT(symlink(".", at("links/b/self", NULL)), 0);
	CHECK_INT(symlink("../a", at("links/b/also-a", NULL)), 0);
	CHECK_INT(symlink("nowhere", at("links/b/broken.csv", NULL)), 0);
	CHECK_INT(expand1("links", &out, &err), 0);
	CHECK_STR(files(&out), "links/a/x.csv\nlinks/b/y.csv\n");
	CHECK_SKIP(&out, "links/a/up/", RECUR_IMPORT_SKIP_LINK, "a link to ");
	CHECK_SKIP(&out, "links/b/self/", RECUR_IMPORT_SKIP_LINK, "links/b/, read already");
	CHECK_SKIP(&out, "links/b/also-a/", RECUR_IMPORT_SKIP_LINK, "links/a/, read already");
	CHECK_SKIP(&out, "links/b/broken.csv", RECUR_IMPORT_SKIP_UNREADABLE, "a broken link");
	CHECK_INT(out.nskipped, 4);
	recur_import_paths_release(&out);

	/* a folder given twice, or a folder and one inside it, is read once */
	paths[0] = xstrdup(at("links", NULL));
	paths[1] = xstrdup(at("links/a", NULL));
	CHECK_INT(recur_import_expand(paths, 2, &out, &err), 0);
	CHECK_STR(files(&out), "links/a/x.csv\nlinks/b/y.csv\n");
	CHECK_SKIP(&out, "links/a/", RECUR_IMPORT_SKIP_LINK, "read already");
	recur_import_paths_release(&out);
	free(paths[0]);
	free(paths[1]);
}

/* Past RECUR_IMPORT_MAX_DEPTH folders down, a folder is noted, not read. */
static void expand_depth(void)
{
	struct recur_import_paths out;
	struct recur_error err;
	char rel[512] = "deep";
	size_t n;
	int i;

	for (i = 0; i < RECUR_IMPORT_MAX_DEPTH; i++)
		strcat(rel, "/d");
	n = strlen(rel);
	at(strcpy(rel + n, "/last.csv") - n, csv);
	at(strcpy(rel + n, "/d/too-deep.csv") - n, csv);
	CHECK_INT(expand1("deep", &out, &err), 0);
	CHECK_INT(out.nfiles, 1);
	CHECK(out.nfiles == 1 && strstr(out.files[0], "/last.csv"));
	CHECK_INT(out.nskipped, 1);
	CHECK(out.nskipped == 1 && out.skipped[0].kind == RECUR_IMPORT_SKIP_DEEP);
	recur_import_paths_release(&out);
}

/* Nothing to import at all is an error that says what was looked for; what
 * was skipped is still there to show. */
static void expand_nothing(void)
{
	struct recur_import_paths out;
	struct recur_error err;
	char *paths[2];

	at("pdfs/sub/a.pdf", "%PDF");
	at("pdfs/sub/b.pdf", "%PDF");
	at("pdfs/.git/x.csv", csv);
	CHECK_INT(expand1("pdfs", &out, &err), -1);
	CHECK_INT(out.nfiles, 0);
	CHECK_INT(out.nskipped, 3);
	CHECK(strstr(err.msg, "nothing to import: no .csv, .tsv") != NULL);
	CHECK(strstr(err.msg, "or the 1 folder below") != NULL);
	recur_import_paths_release(&out);

	mkdir(at("empty", NULL), 0755);
	CHECK_INT(expand1("empty", &out, &err), -1);
	CHECK_STR(err.file, at("empty", NULL));
	CHECK(strstr(err.msg, "in the folder;") != NULL);
	recur_import_paths_release(&out);

	/* beside a path that gives files, an empty folder is a note */
	paths[0] = xstrdup(at("empty", NULL));
	paths[1] = xstrdup(at("order/b.csv", NULL));
	recur_error_init(&err);
	CHECK_INT(recur_import_expand(paths, 2, &out, &err), 0);
	CHECK_STR(files(&out), "order/b.csv\n");
	CHECK_SKIP(&out, "empty/", RECUR_IMPORT_SKIP_EMPTY, "nothing to import");
	recur_import_paths_release(&out);
	free(paths[0]);
	free(paths[1]);
}

int main(void)
{
	char cmd[128];
	int rc;

	snprintf(root, sizeof(root), "/tmp/recur-test-expand-XXXXXX");
	if (!mkdtemp(root))
		return 1;
	RUN(expand_order);
	RUN(expand_kinds);
	RUN(expand_own_output);
	RUN(expand_links);
	RUN(expand_depth);
	RUN(expand_nothing);
	rc = HARNESS_END();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		return 1;
	return rc;
}
