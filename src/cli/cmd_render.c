/*
 * cmd_render.c — `recur render TEMPLATE [--data FILE.json] [--partials DIR]`:
 * renders any Mustache template with JSON data to stdout, so reports
 * compose: `recur metrics --format json > m.json; recur render my.md --data m.json`.
 *
 * The template and partials are plain files (not data files of the share
 * folder); a partial {{> name}} is read from DIR/name.mustache, then
 * DIR/name.md, then DIR/name, and a missing one renders as "" (the spec).
 * Escaping follows the template's extension: .html/.htm HTML, .md Markdown,
 * anything else HTML as the spec says; --escape overrides it.
 */
#include "cmd.h"
#include "recur/buf.h"
#include "recur/json.h"
#include "recur/mustache.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: recur render TEMPLATE [--data FILE.json] [--partials DIR]\n"
	"                    [--escape html|markdown|none]\n"
	"\n"
	"Renders a Mustache template (the spec's core: variables, sections, inverted\n"
	"sections, comments, partials, set delimiters) with JSON data to stdout.\n"
	"\n"
	"  --data FILE.json     the data (default: an empty object); '-' reads stdin\n"
	"  --partials DIR       where {{> name}} is read from: DIR/name.mustache,\n"
	"                       DIR/name.md or DIR/name (default: the template's folder)\n"
	"  --escape MODE        how {{name}} is escaped: html, markdown or none\n"
	"                       (default: markdown for .md templates, else html)\n"
	"  -h, --help           this help\n"
	"\n"
	"example:\n"
	"  recur metrics --format json --incidents > m.json\n"
	"  recur render my-review.md --data m.json --partials my-partials/ > review.md\n"
	"\n"
	"exit codes: 0 ok, 1 data or runtime failure, 2 usage error\n";

struct partials {
	const char *dir;
};

static int load_partial(const char *name, struct recur_buf *out, void *ctx, struct recur_error *err)
{
	static const char *const ext[] = { ".mustache", ".md", "" };
	const struct partials *p = ctx;
	struct recur_buf path = RECUR_BUF_INIT;
	size_t i;
	int rc = 0;

	/* a partial names a file in DIR, never a path out of it */
	if (!*name || strchr(name, '/') || !strcmp(name, "..") || !strcmp(name, "."))
		return recur_error_set(err, "bad partial name '%s': name a file in '%s'", name, p->dir);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]) && !rc; i++) {
		recur_buf_reset(&path);
		recur_buf_addf(&path, "%s/%s%s", p->dir, name, ext[i]);
		if (!recur_buf_read_file(out, path.buf))
			rc = 1;
		else if (errno != ENOENT && errno != EISDIR)
			rc = recur_error_set(err, "cannot read partial '%s': %s", path.buf,
					     strerror(errno));
	}
	recur_buf_release(&path);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static int read_data(const char *path, struct recur_json **data)
{
	struct recur_buf text = RECUR_BUF_INIT;
	struct recur_error err;
	int rc = 0;

	recur_error_init(&err);
	if (!path) {
		*data = recur_json_new(RECUR_JSON_OBJECT);
		return 0;
	}
	if (!strcmp(path, "-") ? recur_buf_read_file(&text, "/dev/stdin")
			       : recur_buf_read_file(&text, path)) {
		fprintf(stderr, "recur: cannot read data '%s': %s\n", path, strerror(errno));
		rc = RECUR_EXIT_DATA;
	} else if (recur_json_parse(text.buf, text.len, path, data, &err)) {
		rc = cmd_fail(&err);
	}
	recur_buf_release(&text);
	return rc;
}

/* The folder of path ("." when it has none): caller owns the result. */
static char *dir_of(const char *path)
{
	struct recur_buf b = RECUR_BUF_INIT;
	const char *slash = strrchr(path, '/');

	if (!slash)
		recur_buf_adds(&b, ".");
	else if (slash == path)
		recur_buf_adds(&b, "/");
	else
		recur_buf_add(&b, path, (size_t)(slash - path));
	return recur_buf_detach(&b, NULL);
}

int cmd_render(int argc, char **argv, struct recur_global *g)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "partials", required_argument, NULL, 'p' },
		{ "escape", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *data_path = NULL, *pdir = NULL, *escape = NULL;
	struct recur_buf tmpl = RECUR_BUF_INIT, out = RECUR_BUF_INIT;
	struct recur_json *data = NULL;
	struct recur_mustache_opts mo;
	struct recur_error err;
	struct partials p;
	char *tdir = NULL;
	int opt, rc;

	(void)g;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': data_path = optarg; break;
		case 'p': pdir = optarg; break;
		case 'e':
			if (strcmp(optarg, "html") && strcmp(optarg, "markdown") && strcmp(optarg, "none"))
				return cmd_usage_error("render", "bad --escape '%s': use html, markdown "
						       "or none", optarg);
			escape = optarg;
			break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: return cmd_usage_error("render", "unknown option");
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error("render", optind >= argc ? "give the template file"
				       : "give one template file, then options");
	if (!escape)
		escape = ends_with(argv[optind], ".md") ? "markdown" : "html";
	if (recur_buf_read_file(&tmpl, argv[optind])) {
		fprintf(stderr, "recur: cannot read template '%s': %s\n", argv[optind], strerror(errno));
		rc = RECUR_EXIT_DATA;
		goto out;
	}
	if ((rc = read_data(data_path, &data)))
		goto out;
	tdir = dir_of(argv[optind]);
	p.dir = pdir ? pdir : tdir;
	mo = (struct recur_mustache_opts){ argv[optind],
		!strcmp(escape, "html") ? recur_mustache_escape_html
		: !strcmp(escape, "markdown") ? recur_mustache_escape_markdown : NULL,
		load_partial, &p };
	recur_error_init(&err);
	if (recur_mustache_render(tmpl.buf, tmpl.len, data, &mo, &out, &err)) {
		rc = cmd_fail(&err);
		goto out;
	}
	cmd_print(out.buf, out.len);
	rc = 0;
out:
	free(tdir);
	recur_json_free(data);
	recur_buf_release(&tmpl);
	recur_buf_release(&out);
	return rc;
}
