/*
 * cmd_signatures.c — `recur signatures`: templates of the lines on stdin.
 *
 * Reads every line first (mining is one batch pass over all of them), then
 * prints one line per input line: the template's id and the template. The
 * mining is link_miner.c's; this file reads, parses options and prints.
 */
#include "cmd.h"
#include "recur/buf.h"
#include "recur/json.h"
#include "recur/link.h"
#include "recur/mem.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: recur signatures [--format text|json] [--summary] < LINES\n"
	"\n"
	"Reads lines (alert titles, incident titles, log messages) on stdin and\n"
	"prints, for each, the id of its template and the template, separated by\n"
	"a tab:\n"
	"  3f0c2a9e51b7d4c8\tDB connection pool exhausted on <HOST> (<NUM>%)\n"
	"Variable parts are masked first (<NUM>, <IP>, <HOST>, <PATH>, <DATE>,\n"
	"<TIME>, <DUR>, <SIZE>, <HEX>, <UUID>, <URL>, '<STR>'), then lines are\n"
	"mined into templates in one pass over all of them; <*> marks a place\n"
	"where lines of one template differ. The id is derived from the template\n"
	"text, so it is the same in every run that finds the same template.\n"
	"A line with no words gets the template \"\".\n"
	"\n"
	"options:\n"
	"  -f, --format F   text (default): ID<TAB>TEMPLATE per line;\n"
	"                   json: one object {\"id\", \"template\"} per line (JSON Lines)\n"
	"  -s, --summary    one line per template instead: ID<TAB>LINES<TAB>TEMPLATE,\n"
	"                   most frequent first\n"
	"  -h, --help       this help\n"
	"\n"
	"example:\n"
	"  cut -f3 alerts.tsv | recur signatures --summary | head\n";

static const struct option signatures_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "summary", no_argument, NULL, 's' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int read_stdin(struct recur_buf *b)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (recur_buf_add(b, chunk, n)) {
			errno = EFBIG;
			return -1;
		}
	return ferror(stdin) ? -1 : 0;
}

/* Splits buf into lines in place ('\n' or "\r\n"); caller frees *lines. */
static size_t split_lines(char *buf, size_t len, const char ***lines)
{
	size_t n = 0, cap = 0, at = 0;

	*lines = NULL;
	while (at < len) {
		char *nl = memchr(buf + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - buf) : len;

		if (end > at && buf[end - 1] == '\r')
			buf[end - 1] = '\0';
		buf[end < len ? end : len] = '\0';
		xgrow((void **)lines, &cap, n + 1, sizeof(**lines));
		(*lines)[n++] = buf + at;
		at = end + 1;
	}
	return n;
}

static void flush_if_big(struct recur_buf *out)
{
	if (out->len < (1u << 16))
		return;
	cmd_print(out->buf, out->len);
	recur_buf_reset(out);
}

/* The output line of each group ("ID<TAB>TEMPLATE\n" or a JSON object),
 * made once; the last entry is for texts with no words. Caller frees. */
static char **group_lines(const struct recur_signatures *s, int json)
{
	char **lines = xmalloc((s->ngroups + 1) * sizeof(*lines)), id[17];
	struct recur_buf b = RECUR_BUF_INIT;
	size_t g;

	for (g = 0; g <= s->ngroups; g++) {
		const char *tmpl = g < s->ngroups ? s->templates[g] : "";

		recur_buf_init(&b, 0);
		recur_link_template_id(tmpl, id);
		if (json) {
			recur_buf_addf(&b, "{\"id\": \"%s\", \"template\": ", id);
			recur_json_write_string(&b, tmpl, strlen(tmpl));
			recur_buf_adds(&b, "}\n");
		} else {
			recur_buf_addf(&b, "%s\t%s\n", id, tmpl);
		}
		lines[g] = recur_buf_detach(&b, NULL);
	}
	return lines;
}

static void print_lines(const struct recur_signatures *s, int json, struct recur_buf *out)
{
	char **lines = group_lines(s, json);
	size_t i;

	for (i = 0; i < s->n; i++) {
		recur_buf_adds(out, lines[s->group[i] == RECUR_NO_GROUP ? s->ngroups : s->group[i]]);
		flush_if_big(out);
	}
	for (i = 0; i <= s->ngroups; i++)
		free(lines[i]);
	free(lines);
}

static const size_t *sort_count;

static int by_count(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (sort_count[x] != sort_count[y])
		return sort_count[x] < sort_count[y] ? 1 : -1;
	return (x > y) - (x < y);
}

/* One line per template, most lines first (ties: first seen first). */
static void print_summary(const struct recur_signatures *s, int json, struct recur_buf *out)
{
	size_t *count = xcalloc(s->ngroups + 1, sizeof(*count));
	size_t *order = xmalloc((s->ngroups + 1) * sizeof(*order)), i;
	char id[17];

	for (i = 0; i < s->n; i++)
		if (s->group[i] != RECUR_NO_GROUP)
			count[s->group[i]]++;
	for (i = 0; i < s->ngroups; i++)
		order[i] = i;
	sort_count = count;
	qsort(order, s->ngroups, sizeof(*order), by_count);
	for (i = 0; i < s->ngroups; i++) {
		const char *t = s->templates[order[i]];

		recur_link_template_id(t, id);
		if (json) {
			recur_buf_addf(out, "{\"id\": \"%s\", \"lines\": %zu, \"template\": ", id,
				       count[order[i]]);
			recur_json_write_string(out, t, strlen(t));
			recur_buf_adds(out, "}\n");
		} else {
			recur_buf_addf(out, "%s\t%zu\t%s\n", id, count[order[i]], t);
		}
		flush_if_big(out);
	}
	free(count);
	free(order);
}

int cmd_signatures(int argc, char **argv, struct recur_global *g)
{
	struct recur_buf in = RECUR_BUF_INIT, out = RECUR_BUF_INIT;
	struct recur_signatures s;
	const char **lines = NULL;
	size_t n;
	int opt, json = 0, summary = 0;

	(void)g;
	opterr = 0; /* one message, ours */
	while ((opt = getopt_long(argc, argv, "f:sh", signatures_options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return cmd_usage_error("signatures", "bad --format '%s': use text or "
						       "json", optarg);
			json = !strcmp(optarg, "json");
			break;
		case 's':
			summary = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return cmd_usage_error("signatures", "unknown option or missing value in '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error("signatures", "unexpected argument '%s': give the lines on "
				       "stdin", argv[optind]);
	recur_buf_init(&in, 0);
	if (read_stdin(&in)) {
		fprintf(stderr, "recur: cannot read stdin: %s\n", strerror(errno));
		recur_buf_release(&in);
		return RECUR_EXIT_DATA;
	}
	n = split_lines(in.buf, in.len, &lines);
	recur_link_signatures(lines, n, &s);
	recur_buf_init(&out, 0);
	if (summary)
		print_summary(&s, json, &out);
	else
		print_lines(&s, json, &out);
	cmd_print(out.buf, out.len);
	recur_buf_release(&out);
	recur_link_signatures_release(&s);
	free(lines);
	recur_buf_release(&in);
	return 0;
}
