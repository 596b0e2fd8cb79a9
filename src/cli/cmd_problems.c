/*
 * cmd_problems.c — `recur problems`: list problem records, or show one.
 *
 * Both forms are named queries (queries/problems-*.sql) printed through
 * table.h, so table, CSV and JSON output look like every other listing.
 * It reads the database only; `recur link` writes the problems.
 */
#include "cmd.h"
#include "recur/db.h"
#include "recur/json.h"
#include "recur/link.h"
#include "recur/similar.h"
#include "recur/table.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define SEEN_BEFORE 5 /* incidents in show's "seen before" list */

static const char usage_text[] =
	"usage: recur problems [--sort count|impact|recent] [--format table|csv|json] [--all]\n"
	"       recur problems show PRB-… [--format table|csv|json]\n"
	"       recur problems candidates [--limit N] [--format table|csv|json]\n"
	"\n"
	"Lists the problem records 'recur link' made: id, incidents, impact (the\n"
	"sum of the incidents' times to resolve, in minutes), first and last seen,\n"
	"how the problem was found (rule, signature or source = the export), its\n"
	"status and title. By default only the problems the last 'recur link'\n"
	"found recurring are listed (see its --min-incidents and --window).\n"
	"'show' prints one problem and its incidents, with why each was linked,\n"
	"and 'seen before': the 5 incidents most like it that are not linked to\n"
	"it (see 'recur similar').\n"
	"'candidates' lists signatures of one service that look like one problem\n"
	"but were kept apart (one word differs, or 60% of their words are shared),\n"
	"and, in exports whose titles people wrote, titles worded alike but not\n"
	"enough for link to group them (a mean cosine of 0.4 to 0.6), each with\n"
	"counts, an example title and a rule to paste into the rules file.\n"
	"\n"
	"options:\n"
	"  -s, --sort KEY          count (default), impact or recent (last seen)\n"
	"  -f, --format F          table (default), csv or json\n"
	"  -a, --all               list every problem, not only recurring ones\n"
	"  -n, --min-incidents N   list the problems with at least N incidents instead\n"
	"  -l, --limit N           candidates: at most N, most incidents first\n"
	"                          (default 50; 0 = all)\n"
	"  -h, --help              this help\n"
	"\n"
	"examples:\n"
	"  recur problems --sort impact\n"
	"  recur problems show PRB-1a2b3c4d\n"
	"  recur problems candidates --limit 10\n";

static const struct option problems_options[] = {
	{ "sort", required_argument, NULL, 's' },
	{ "format", required_argument, NULL, 'f' },
	{ "all", no_argument, NULL, 'a' },
	{ "min-incidents", required_argument, NULL, 'n' },
	{ "limit", required_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct problems_opts {
	const char *sort;
	enum recur_table_format format;
	long long min;
	long long limit;
};

static int print_table(const struct recur_table *t, enum recur_table_format fmt)
{
	struct recur_buf out = RECUR_BUF_INIT;

	recur_table_write(t, fmt, &out);
	cmd_print(out.buf, out.len);
	recur_buf_release(&out);
	return 0;
}

static int list(sqlite3 *db, const struct problems_opts *o)
{
	struct recur_param p[] = { { ":min", NULL, o->min }, { ":sort", o->sort, 0 } };
	struct recur_table *t = NULL;
	struct recur_error err;

	recur_error_init(&err);
	if (recur_db_query_file(db, "queries/problems-list.sql", p, 2, &t, &err))
		return cmd_fail(&err);
	print_table(t, o->format);
	if (o->format == RECUR_FORMAT_TABLE && !t->nrows)
		fprintf(stderr, "recur: no %sproblems yet: run 'recur link'%s\n",
			o->min != 0 ? "recurring " : "",
			o->min != 0 ? ", or 'recur problems --all'" : "");
	recur_table_free(t);
	return 0;
}

/* The record as "label  value" lines; NULL shows as "-". */
static void print_record(const struct recur_table *t)
{
	static const char *const labels[][2] = {
		{ "key", "key" }, { "method", "method" }, { "service", "service" },
		{ "status", "status" }, { "root_cause", "root cause" },
		{ "workaround", "workaround" }, { "template", "template" },
		{ "first_seen", "first seen" }, { "last_seen", "last seen" },
		{ "incidents", "incidents" }, { "recurring", "recurring" },
		{ "impact_min", "impact (min)" }, { "retired", "retired" },
	};
	size_t i;

	printf("%s: %s\n", recur_table_cell(t, 0, 0)->text, recur_table_cell(t, 0, 1)->text
	       ? recur_table_cell(t, 0, 1)->text : "(no title)");
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		const char *v = recur_table_cell(t, 0, (size_t)recur_table_col(t, labels[i][0]))->text;

		/* shown only when there is one */
		if ((!strcmp(labels[i][0], "template") || !strcmp(labels[i][0], "retired")) && !v)
			continue;
		printf("  %-13s %s\n", labels[i][1], v ? v : "-");
	}
}

/*
 * "Seen before": the incidents most like the problem (its title, its
 * service boosted) that are not linked to it — links a rule or a signature
 * may have missed. NULL when the search fails: the record is still shown.
 */
static struct recur_table *seen_before(sqlite3 *db, const struct recur_table *rec)
{
	const char *id = recur_table_cell(rec, 0, 0)->text;
	const char *title = recur_table_cell(rec, 0, 1)->text;
	struct recur_similar_opts o;
	struct recur_table *all = NULL, *t;
	struct recur_error err;
	int pc;
	size_t r, c;

	if (!title)
		return NULL;
	recur_similar_opts_init(&o);
	o.top = 50;
	o.any_time = 1;
	o.now = 0; /* no time of its own: no recency boost, no "… before" */
	o.service = recur_table_cell(rec, 0, (size_t)recur_table_col(rec, "service"))->text;
	recur_error_init(&err);
	if (recur_similar_find(db, NULL, title, &o, &all, &err))
		return NULL;
	pc = recur_table_col(all, "problem");
	t = recur_table_new(all->ncols, (const char *const *)all->cols);
	for (r = 0; r < all->nrows && t->nrows < SEEN_BEFORE; r++) {
		const char *p = recur_table_cell(all, r, (size_t)pc)->text;
		size_t row;

		if (p && !strcmp(p, id))
			continue;
		row = recur_table_add_row(t);
		for (c = 0; c < all->ncols; c++)
			if (recur_table_cell(all, r, c)->text)
				recur_table_set_text(t, row, c, recur_table_cell(all, r, c)->text);
		recur_table_set_int(t, row, 0, (long long)row + 1);
	}
	recur_table_free(all);
	return t;
}

static void print_json(struct recur_table *rec, struct recur_table *inc,
		       const struct recur_table *seen)
{
	struct recur_json *arr = recur_table_to_json(rec), *obj = recur_json_new(RECUR_JSON_OBJECT);
	struct recur_buf out = RECUR_BUF_INIT;

	recur_json_set(obj, "problem", arr->items[0]);
	arr->n = 0; /* the record now belongs to obj */
	recur_json_free(arr);
	recur_json_set(obj, "incidents", recur_table_to_json(inc));
	if (seen)
		recur_json_set(obj, "seen_before", recur_table_to_json(seen));
	recur_json_write(obj, &out, 2);
	recur_buf_addch(&out, '\n');
	cmd_print(out.buf, out.len);
	recur_buf_release(&out);
	recur_json_free(obj);
}

static int show(sqlite3 *db, const char *name, const struct problems_opts *o)
{
	char id[32];
	struct recur_param p[] = { { ":id", id, 0 } };
	struct recur_table *rec = NULL, *inc = NULL, *seen = NULL;
	struct recur_error err;
	int code = cmd_find_problem(db, name, id);

	if (code)
		return code;
	recur_error_init(&err);
	if (recur_db_query_file(db, "queries/problems-show.sql", p, 1, &rec, &err) ||
	    recur_db_query_file(db, "queries/problems-incidents.sql", p, 1, &inc, &err)) {
		code = cmd_fail(&err);
		goto out;
	}
	if (!rec->nrows) {
		fprintf(stderr, "recur: no problem '%s'; run 'recur problems' to list them\n", id);
		code = RECUR_EXIT_DATA;
		goto out;
	}
	if (o->format != RECUR_FORMAT_CSV)
		seen = seen_before(db, rec);
	if (o->format == RECUR_FORMAT_JSON) {
		print_json(rec, inc, seen);
	} else if (o->format == RECUR_FORMAT_CSV) {
		print_table(inc, o->format);
	} else {
		print_record(rec);
		printf("\nincidents:\n");
		fflush(stdout);
		print_table(inc, o->format);
		if (seen && seen->nrows) {
			printf("\nseen before: similar incidents not linked to it (recur similar):\n");
			print_table(seen, o->format);
		}
	}
out:
	recur_table_free(rec);
	recur_table_free(inc);
	recur_table_free(seen);
	return code;
}

/* CSV: one row per template of each candidate. */
static struct recur_table *candidates_table(const struct recur_json *a)
{
	static const char *const cols[] = { "candidate", "kind", "similarity", "service",
					     "problem", "incidents", "template", "example", "rule" };
	struct recur_table *t = recur_table_new(9, cols);
	struct recur_buf b = RECUR_BUF_INIT;
	size_t i, j, k;

	for (i = 0; i < a->n; i++) {
		const struct recur_json *c = a->items[i], *ts = recur_json_get(c, "templates");

		for (j = 0; j < ts->n; j++) {
			size_t row = recur_table_add_row(t);

			for (k = 0; k < 9; k++) {
				const struct recur_json *v = recur_json_get(k < 4 || k == 8 ? c : ts->items[j],
									    cols[k]);

				if (k == 5)
					v = recur_json_get(ts->items[j], "incidents");
				if (!v || v->type == RECUR_JSON_NULL)
					continue;
				recur_buf_reset(&b);
				recur_json_scalar_text(v, &b);
				recur_table_set_text(t, row, k, b.buf);
			}
		}
	}
	recur_buf_release(&b);
	return t;
}

static const char *json_text(const struct recur_json *o, const char *key, struct recur_buf *b)
{
	const struct recur_json *v = recur_json_get(o, key);

	recur_buf_reset(b);
	if (!v || v->type == RECUR_JSON_NULL)
		return "-";
	recur_json_scalar_text(v, b);
	return b->buf;
}

/* Table: one block per candidate, its templates, then the rule to paste. */
static void print_candidates(const struct recur_json *a)
{
	struct recur_buf b = RECUR_BUF_INIT;
	size_t i, j;

	for (i = 0; i < a->n; i++) {
		const struct recur_json *c = a->items[i], *ts = recur_json_get(c, "templates");
		const char *rule = recur_json_get(c, "rule")->str, *nl;

		printf("%scandidate %s: ", i ? "\n" : "", json_text(c, "candidate", &b));
		printf("%s incidents, ", json_text(c, "incidents", &b));
		printf("%s, ", json_text(c, "kind", &b));
		printf("similarity %s, ", json_text(c, "similarity", &b));
		printf("service %s\n", json_text(c, "service", &b));
		for (j = 0; j < ts->n; j++) {
			printf("  %-13s", json_text(ts->items[j], "problem", &b));
			printf(" %6s  ", json_text(ts->items[j], "incidents", &b));
			printf("%s\n", json_text(ts->items[j], "template", &b));
			printf("  %-13s %6s  e.g. %s\n", "", "", json_text(ts->items[j], "example", &b));
		}
		printf("  suggested rule:\n");
		for (; *rule; rule = nl + 1) {
			nl = strchr(rule, '\n');
			printf("    %.*s\n", (int)(nl - rule), rule);
		}
	}
	recur_buf_release(&b);
}

static int candidates(sqlite3 *db, const struct problems_opts *o)
{
	struct recur_json *a = NULL;
	struct recur_table *t;
	struct recur_buf out = RECUR_BUF_INIT;
	struct recur_error err;

	recur_error_init(&err);
	if (recur_link_candidates(db, (size_t)o->limit, &a, &err))
		return cmd_fail(&err);
	if (o->format == RECUR_FORMAT_JSON) {
		recur_json_write(a, &out, 2);
		recur_buf_addch(&out, '\n');
		cmd_print(out.buf, out.len);
	} else if (o->format == RECUR_FORMAT_CSV) {
		t = candidates_table(a);
		print_table(t, o->format);
		recur_table_free(t);
	} else if (!a->n) {
		/* an answer, not an error: stdout, exit 0 */
		printf("no candidates: no two signatures of one service are close enough to suggest a rule\n");
	} else {
		print_candidates(a);
	}
	recur_buf_release(&out);
	recur_json_free(a);
	return 0;
}

static int parse_args(int argc, char **argv, struct problems_opts *o)
{
	long long n;
	int opt, all = 0;

	opterr = 0; /* one message, ours */
	while ((opt = getopt_long(argc, argv, "s:f:an:l:h", problems_options, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (strcmp(optarg, "count") && strcmp(optarg, "impact") && strcmp(optarg, "recent"))
				return cmd_usage_error("problems", "bad --sort '%s': use count, impact "
						       "or recent", optarg);
			o->sort = optarg;
			break;
		case 'f':
			if (recur_table_parse_format(optarg, &o->format))
				return cmd_usage_error("problems", "bad --format '%s': use table, csv "
						       "or json", optarg);
			break;
		case 'a':
			all = 1;
			break;
		case 'n':
			if (cmd_parse_long(optarg, 1, 1000000, &n))
				return cmd_usage_error("problems", "bad --min-incidents '%s': give a "
						       "whole number from 1", optarg);
			o->min = n;
			break;
		case 'l':
			if (cmd_parse_long(optarg, 0, 1000000000, &o->limit))
				return cmd_usage_error("problems", "bad --limit '%s': give a whole "
						       "number, 0 for all", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		default:
			return cmd_usage_error("problems", "unknown option or missing value in '%s'",
					       argv[optind - 1]);
		}
	}
	if (all)
		o->min = 0;
	return 0;
}

int cmd_problems(int argc, char **argv, struct recur_global *g)
{
	struct problems_opts o = { "count", RECUR_FORMAT_TABLE, -1, 50 };
	const char *id = NULL;
	sqlite3 *db = NULL;
	int code;

	/* getopt permutes, so options may come before or after "show ID" */
	if ((code = parse_args(argc, argv, &o)))
		return code < 0 ? 0 : code;
	if (optind < argc && !strcmp(argv[optind], "candidates")) {
		if (optind + 1 != argc)
			return cmd_usage_error("problems", "'candidates' takes no argument");
		if ((code = cmd_open_db_existing(g, &db)))
			return code;
		code = candidates(db, &o);
		recur_db_close(db);
		return code;
	}
	if (optind < argc) {
		if (strcmp(argv[optind], "show"))
			return cmd_usage_error("problems", "unknown subcommand '%s': use 'recur "
					       "problems', 'recur problems show ID' or 'recur problems "
					       "candidates'", argv[optind]);
		if (optind + 2 != argc)
			return cmd_usage_error("problems", "'show' takes one problem id, e.g. "
					       "'recur problems show PRB-1a2b3c4d'");
		id = argv[optind + 1];
	}
	if ((code = cmd_open_db_existing(g, &db)))
		return code;
	/* show searches for the incidents seen before */
	if (!id || !(code = cmd_similar_index(db, g)))
		code = id ? show(db, id, &o) : list(db, &o);
	recur_db_close(db);
	return code;
}
