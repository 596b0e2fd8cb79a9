/*
 * cmd_similar.c — `recur similar`: has this happened before?
 *
 * Parses options, calls recur_similar_find and prints the table it returns
 * (table, CSV or JSON, like every listing). The index and the ranking are
 * similar.c's.
 */
#include "cmd.h"
#include "recur/db.h"
#include "recur/similar.h"
#include "recur/table.h"

#include <getopt.h>
#include <stdio.h>

static const char usage_head[] =
	"usage: recur similar ID [--top N] [--any-time] [--format table|csv|json]\n"
	"       recur similar --text TEXT [--service NAME] [--top N] [--format F]\n"
	"\n"
	"Has this happened before? Lists the incidents most like incident ID (its\n"
	"id as in the export, e.g. INC0012345) or like TEXT, best first: by\n"
	"default only incidents opened before it. Each line says why: the words\n"
	"they share (rarest first), the same service, how long before.\n"
	"\n"
	"The score is BM25F over title and description (a title word weighs\n"
	"twice a description word; rare words weigh more than common ones),\n"
	"times 1 + the service boost for the same service or component, and\n"
	"times 1 + a recency boost that halves every half-life (by default +20%\n"
	"for the same day, +10% 90 days apart).\n"
	"Identifiers keep their '_' and '-' (ERR_CONNECTION_RESET, db-07); case,\n"
	"accents and English endings do not matter (timeouts = timeout). Each\n"
	"search first indexes the incidents imported since the last one: the\n"
	"first search of a big history takes a while (about 3 s a million).\n"
	"The CSV and JSON have the columns rank, id, score, opened_at (UTC),\n"
	"title, service, problem (the linked problem's id) and why.\n";

static const char usage_foot[] =
	"examples:\n"
	"  recur similar INC0012345\n"
	"  recur similar --text \"checkout 502 after deploy\" --service checkout\n"
	"  recur similar SF-1278 --any-time --top 5 --format csv\n";

static int print_result(const struct recur_table *t, const struct cmd_similar *c)
{
	struct recur_buf out = RECUR_BUF_INIT;

	if (c->format != RECUR_FORMAT_TABLE || t->nrows)
		recur_table_write(t, c->format, &out);
	cmd_print(out.buf, out.len);
	recur_buf_release(&out);
	if (c->format == RECUR_FORMAT_TABLE && !t->nrows)
		fprintf(stderr, "recur: nothing similar%s\n", c->o.any_time ? ""
			: c->text ? " opened before now (--any-time looks at all)"
			: " before it (--any-time looks at later ones too)");
	return 0;
}

/* Progress (cmd_progress.c) of the index's catch-up. */
static void show_indexing(long long done, long long total, void *ctx)
{
	cmd_progress_show(ctx, "indexing incidents for similarity search (once): %3lld%%, %lld of "
			  "%lld", done * 100 / total, done, total);
}

int cmd_similar_index(sqlite3 *db, const struct recur_global *g)
{
	struct cmd_progress prog;
	struct recur_error err;
	int rc;

	recur_error_init(&err);
	cmd_progress_start(&prog, g);
	rc = recur_similar_sync(db, show_indexing, &prog, NULL, &err);
	cmd_progress_done(&prog);
	if (rc > 0) /* busy: the search answers from the index as it is */
		fprintf(stderr, "recur: note: %s\n", err.msg);
	return rc < 0 ? cmd_fail(&err) : 0;
}

int cmd_similar(int argc, char **argv, struct recur_global *g)
{
	struct cmd_similar c = { .text = NULL, .format = RECUR_FORMAT_TABLE };
	const struct cmd_option_group groups[] = { { "options", cmd_similar_options, &c } };
	struct recur_table *t = NULL;
	struct recur_error err;
	sqlite3 *db = NULL;
	const char *id = NULL;
	int code;

	recur_similar_opts_init(&c.o);
	code = cmd_parse_options("similar", argc, argv, groups, 1, usage_head, usage_foot);
	if (code)
		return code < 0 ? 0 : code;
	if (optind < argc)
		id = argv[optind++];
	if (optind < argc)
		return cmd_usage_error("similar", "unexpected argument '%s'", argv[optind]);
	if (!id == !c.text)
		return cmd_usage_error("similar", id ? "give an incident id or --text, not both"
				       : "give an incident id, e.g. 'recur similar INC0012345', "
				       "or --text \"words\"");
	if (c.o.service && !c.text)
		return cmd_usage_error("similar", "--service goes with --text; an incident's own "
				       "service is used");
	c.o.now = g->now;
	if ((code = cmd_open_db(g, &db)))
		return code;
	if ((code = cmd_similar_index(db, g))) {
		recur_db_close(db);
		return code;
	}
	recur_error_init(&err);
	if (recur_similar_find(db, id, c.text, &c.o, &t, &err))
		code = cmd_fail(&err);
	else
		code = print_result(t, &c);
	recur_table_free(t);
	recur_db_close(db);
	return code;
}
