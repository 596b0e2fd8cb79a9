/*
 * cmd_options.c — option groups declared once and shared by the commands
 * that take them (as git's parse-options): the import, link, period and
 * output options. `recur import`, `link`, `metrics` and `report` each take
 * their groups plus options of their own; `recur review` takes the union,
 * so it has every option its steps have, spelled and checked the same way,
 * and its --help lists them from the same declarations.
 *
 * A long name that two groups of one command share goes to the group given
 * first; the later one is reached by its alias (import's --format is
 * review's --input-format, since review's --format picks the output forms).
 */
#include "cmd.h"
#include "recur/decode.h"
#include "recur/import.h"
#include "recur/link.h"
#include "recur/report.h"
#include "recur/timeutil.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns of --help: options from column 2, their text wrapped at 79. */
#define HELP_INDENT 2
#define HELP_SPEC_MAX 24
#define HELP_WIDTH 79

/* ---- import options -> struct recur_import_opts ---- */

static int set_input_format(void *t, const char *cmd, const char *arg)
{
	(void)cmd;
	((struct recur_import_opts *)t)->format = arg;
	return 0;
}

static int set_map(void *t, const char *cmd, const char *arg)
{
	struct recur_import_opts *io = t;
	const char **maps;

	if (!strchr(arg, '=') || *arg == '=')
		return cmd_usage_error(cmd, "bad --map '%s': write FIELD=COLUMN", arg);
	maps = realloc((void *)io->maps, (size_t)(io->nmaps + 1) * sizeof(*maps));
	if (!maps)
		abort();
	maps[io->nmaps++] = arg;
	io->maps = maps;
	return 0;
}

static int set_source_tz(void *t, const char *cmd, const char *arg)
{
	(void)cmd;
	((struct recur_import_opts *)t)->source_tz = arg;
	return 0;
}

static int set_date_order(void *t, const char *cmd, const char *arg)
{
	struct recur_import_opts *io = t;

	if (!strcmp(arg, "dmy"))
		io->date_order = RECUR_DATE_DMY;
	else if (!strcmp(arg, "mdy"))
		io->date_order = RECUR_DATE_MDY;
	else
		return cmd_usage_error(cmd, "bad --date-order '%s': use dmy or mdy", arg);
	return 0;
}

static int set_max_field_size(void *t, const char *cmd, const char *arg)
{
	long long n;

	if (cmd_parse_long(arg, 1, 2047, &n))
		return cmd_usage_error(cmd, "bad --max-field-size '%s': give MiB from 1 to 2047", arg);
	((struct recur_import_opts *)t)->max_field = (size_t)n << 20;
	return 0;
}

static int set_max_columns(void *t, const char *cmd, const char *arg)
{
	long long n;

	if (cmd_parse_long(arg, 1, 10000000, &n))
		return cmd_usage_error(cmd, "bad --max-columns '%s': give a number from 1 to 10000000",
				       arg);
	((struct recur_import_opts *)t)->max_cols = (size_t)n;
	return 0;
}

static int set_encoding(void *t, const char *cmd, const char *arg)
{
	if (!recur_decode_known(arg))
		return cmd_usage_error(cmd, "unknown encoding '%s' for --encoding: give a name like "
				       "UTF-8, UTF-16, WINDOWS-1252, WINDOWS-1251 or ISO-8859-1 "
				       "(iconv -l lists them)", arg);
	((struct recur_import_opts *)t)->encoding = arg;
	return 0;
}

static int set_strict(void *t, const char *cmd, const char *arg)
{
	(void)cmd, (void)arg;
	((struct recur_import_opts *)t)->strict = 1;
	return 0;
}

const struct cmd_option cmd_import_options[] = {
	{ "format", 0, "NAME", "read as this format: a name from --list-formats, csv, json, events "
	  "(an (id, time, status) event log) or postmortem (default: detected)",
	  set_input_format, "input-format" },
	{ "map", 0, "FIELD=COLUMN", "read incidents field FIELD from COLUMN (a header, or a JSON "
	  "path like fields.priority.name); repeatable", set_map, NULL },
	{ "source-tz", 0, "ZONE", "read times without an offset in ZONE, e.g. Europe/Paris "
	  "(default UTC; offsets in the data win)", set_source_tz, NULL },
	{ "date-order", 0, "ORDER", "dmy or mdy, for numeric dates like 3/4/2026 that the data "
	  "leaves ambiguous (default: decided per column from the values, else as the headers' "
	  "language writes dates (day-first for a French or German export), else month-first, "
	  "and reported)", set_date_order, NULL },
	{ "encoding", 0, "NAME", "read the files as encoding NAME: UTF-8, UTF-16, WINDOWS-1252, "
	  "WINDOWS-1251, ISO-8859-1 or any name iconv -l lists (default: detected; UTF-8, UTF-16 "
	  "with a byte order mark or zero bytes, else Windows-1251 when the high bytes are "
	  "Cyrillic words, Windows-1252 otherwise; the summary names an encoding that is not "
	  "UTF-8)", set_encoding, NULL },
	{ "max-field-size", 0, "MIB", "the largest CSV field accepted (default 16)",
	  set_max_field_size, NULL },
	{ "max-columns", 0, "N", "the most CSV columns accepted (default 10000)", set_max_columns,
	  NULL },
	{ "strict", 0, NULL, "fail the file on any value that cannot be read (default: keep it "
	  "empty, count it, list it in the import_rejects table)", set_strict, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

/* ---- link options -> struct recur_link_opts ---- */

static int set_rules(void *t, const char *cmd, const char *arg)
{
	(void)cmd;
	((struct recur_link_opts *)t)->rules_path = arg;
	return 0;
}

static int set_no_rules(void *t, const char *cmd, const char *arg)
{
	(void)cmd, (void)arg;
	((struct recur_link_opts *)t)->no_rules = 1;
	return 0;
}

static int set_fields(void *t, const char *cmd, const char *arg)
{
	const char *p = arg;
	size_t n, f;

	do {
		n = strcspn(p, ",");
		for (f = 0; recur_link_signature_fields[f]; f++)
			if (strlen(recur_link_signature_fields[f]) == n &&
			    !strncmp(recur_link_signature_fields[f], p, n))
				break;
		if (!recur_link_signature_fields[f])
			return cmd_usage_error(cmd, "bad --fields '%s': give a comma list of title, "
					       "description, service, category, component, root_cause "
					       "and resolution", arg);
		p += n + (p[n] == ',');
	} while (*p);
	((struct recur_link_opts *)t)->fields = arg;
	return 0;
}

static int set_no_signatures(void *t, const char *cmd, const char *arg)
{
	(void)cmd, (void)arg;
	((struct recur_link_opts *)t)->no_signatures = 1;
	return 0;
}

static int set_full(void *t, const char *cmd, const char *arg)
{
	(void)cmd, (void)arg;
	((struct recur_link_opts *)t)->full = 1;
	return 0;
}

static int set_min_incidents(void *t, const char *cmd, const char *arg)
{
	long long n;

	if (cmd_parse_long(arg, 1, 1000000, &n))
		return cmd_usage_error(cmd, "bad --min-incidents '%s': give a whole number from 1",
				       arg);
	((struct recur_link_opts *)t)->min_incidents = (int)n;
	return 0;
}

static int set_window(void *t, const char *cmd, const char *arg)
{
	long long n;

	if (cmd_parse_long(arg, 1, 36500, &n))
		return cmd_usage_error(cmd, "bad --window '%s': give a number of days from 1 to "
				       "36500", arg);
	((struct recur_link_opts *)t)->window_days = (int)n;
	return 0;
}

const struct cmd_option cmd_link_options[] = {
	{ "rules", 'r', "FILE", "a rules file (its format in 'recur link --help', a guide in "
	  "sample-data/RULES.md); it is stored in the database and used by later runs without "
	  "--rules, in place of the rules stored before", set_rules, NULL },
	{ "no-rules", 0, NULL, "link without rules and delete the stored ones; problems that lose "
	  "their rule are kept, retired, and named", set_no_rules, NULL },
	{ "min-incidents", 'n', "N", "incidents a signature needs to become a problem, and a "
	  "problem to count as recurring (default 2)", set_min_incidents, NULL },
	{ "window", 'w', "DAYS", "recurring means N incidents opened within DAYS days of each "
	  "other (default: any time in the history)", set_window, NULL },
	{ "fields", 0, "LIST", "what signatures read, joined: a comma list of title, description, "
	  "service, category, component, root_cause, resolution (default: the title, except in "
	  "exports whose titles are codes like 'Symptom 72', which make no signatures)",
	  set_fields, NULL },
	{ "no-signatures", 0, NULL, "mine no signatures: link by rules and the export's problems "
	  "only", set_no_signatures, NULL },
	{ "full", 0, NULL, "link again even when nothing was imported and no option changed "
	  "since the last link (which then returns at once); use it after changing incidents "
	  "with sqlite3 or another tool", set_full, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

/* ---- period options -> struct cmd_period ---- */

/* "YYYY-Qn" with n 1..4 */
static int is_quarter(const char *s)
{
	return strlen(s) == 7 && strspn(s, "0123456789") == 4 && s[4] == '-' && s[5] == 'Q' &&
	       s[6] >= '1' && s[6] <= '4';
}

/* A second --month or --quarter is a usage error, not "the last one wins". */
static int set_period(struct cmd_period *p, const char *cmd, const char *option,
		      const char *arg)
{
	if (p->period)
		return cmd_usage_error(cmd, "give one period: %s %s and %s %s", p->option,
				       p->period, option, arg);
	p->period = arg;
	p->option = option;
	return 0;
}

static int set_month(void *t, const char *cmd, const char *arg)
{
	long long a, b;

	if (recur_month_bounds(arg, &a, &b))
		return cmd_usage_error(cmd, "bad month '%s' for --month: use YYYY-MM, e.g. 2026-10",
				       arg);
	return set_period(t, cmd, "--month", arg);
}

static int set_quarter(void *t, const char *cmd, const char *arg)
{
	if (!is_quarter(arg))
		return cmd_usage_error(cmd, "bad quarter '%s' for --quarter: use YYYY-Qn, e.g. "
				       "2026-Q3", arg);
	return set_period(t, cmd, "--quarter", arg);
}

static int set_tz(void *t, const char *cmd, const char *arg)
{
	(void)cmd;
	((struct cmd_period *)t)->tz = arg;
	return 0;
}

static int set_top(void *t, const char *cmd, const char *arg)
{
	long long n;

	if (cmd_parse_long(arg, 1, 100000, &n))
		return cmd_usage_error(cmd, "bad --top '%s': give a whole number from 1 to 100000",
				       arg);
	((struct cmd_period *)t)->top = (int)n;
	return 0;
}

const struct cmd_option cmd_period_options[] = {
	{ "month", 'm', "YYYY-MM", "the month (default: the last month the data covers, whatever "
	  "today's date)",
	  set_month, NULL },
	{ "quarter", 'q', "YYYY-Qn", "a quarter instead of a month, e.g. 2026-Q3", set_quarter,
	  NULL },
	{ "tz", 'z', "ZONE", "the time zone that decides which month an incident belongs to and "
	  "in which dates are printed, e.g. Europe/Berlin (default: UTC)", set_tz, NULL },
	{ "top", 't', "N", "services and problems to list (default 10)", set_top, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

/* ---- output options -> struct cmd_output ---- */

static int set_out(void *t, const char *cmd, const char *arg)
{
	(void)cmd;
	((struct cmd_output *)t)->dir = arg;
	return 0;
}

static int set_forms(void *t, const char *cmd, const char *arg)
{
	if (cmd_parse_forms(arg, &((struct cmd_output *)t)->forms))
		return cmd_usage_error(cmd, "bad --format '%s': use md,html,xlsx or all", arg);
	return 0;
}

static int set_template(void *t, const char *cmd, const char *arg)
{
	struct cmd_output *o = t;

	if (!*arg || strlen(arg) > 400)
		return cmd_usage_error(cmd, "bad --template '%s'", arg);
	snprintf(o->template, sizeof(o->template), "%s%s",
		 strchr(arg, '/') ? "" : "report-templates/", arg);
	return 0;
}

const struct cmd_option cmd_output_options[] = {
	{ "out", 'o', "DIR", "the folder to write into, created if missing (default: the current "
	  "folder)", set_out, NULL },
	{ "format", 0, "LIST", "which forms: md,html,xlsx or all (default: all)", set_forms, NULL },
	{ "template", 0, "NAME", "the Markdown template, a file in report-templates/ (default: "
	  "monthly-review.md); the HTML page is that Markdown rendered, its 'mermaid NAME' "
	  "charts drawn as SVG; add your own with --share DIR", set_template, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

/* ---- similar options -> struct cmd_similar ---- */

static int set_similar_top(void *t, const char *cmd, const char *arg)
{
	long long n;

	if (cmd_parse_long(arg, 1, 10000, &n))
		return cmd_usage_error(cmd, "bad --top '%s': give a whole number from 1 to 10000", arg);
	((struct cmd_similar *)t)->o.top = (int)n;
	return 0;
}

static int set_any_time(void *t, const char *cmd, const char *arg)
{
	(void)cmd, (void)arg;
	((struct cmd_similar *)t)->o.any_time = 1;
	return 0;
}

static int set_text(void *t, const char *cmd, const char *arg)
{
	if (!arg[strspn(arg, " \t\r\n")])
		return cmd_usage_error(cmd, "empty --text: give the words to look for");
	((struct cmd_similar *)t)->text = arg;
	return 0;
}

static int set_service(void *t, const char *cmd, const char *arg)
{
	(void)cmd;
	((struct cmd_similar *)t)->o.service = arg;
	return 0;
}

static int set_table_format(void *t, const char *cmd, const char *arg)
{
	if (recur_table_parse_format(arg, &((struct cmd_similar *)t)->format))
		return cmd_usage_error(cmd, "bad --format '%s': use table, csv or json", arg);
	return 0;
}

/* A number in [0, max] with a fractional part allowed ("0.25"). */
static int parse_real(const char *s, double max, double *out)
{
	char *end;
	double v;

	if (!*s)
		return -1;
	v = strtod(s, &end);
	if (*end || !(v >= 0 && v <= max))
		return -1;
	*out = v;
	return 0;
}

static int set_service_boost(void *t, const char *cmd, const char *arg)
{
	if (parse_real(arg, 100, &((struct cmd_similar *)t)->o.service_boost))
		return cmd_usage_error(cmd, "bad --service-boost '%s': give a number from 0 "
				       "(none) to 100, e.g. 0.1 for +10%%", arg);
	return 0;
}

static int set_recency_boost(void *t, const char *cmd, const char *arg)
{
	if (parse_real(arg, 100, &((struct cmd_similar *)t)->o.recency_boost))
		return cmd_usage_error(cmd, "bad --recency-boost '%s': give a number from 0 "
				       "(none) to 100, e.g. 0.2 for +20%% today", arg);
	return 0;
}

static int set_half_life(void *t, const char *cmd, const char *arg)
{
	double v;

	if (parse_real(arg, 36500, &v) || v <= 0)
		return cmd_usage_error(cmd, "bad --half-life '%s': give days, more than 0", arg);
	((struct cmd_similar *)t)->o.half_life_days = v;
	return 0;
}

const struct cmd_option cmd_similar_options[] = {
	{ "text", 0, "TEXT", "look for incidents like this text instead of like an incident",
	  set_text, NULL },
	{ "top", 't', "N", "list the N most similar (default 10)", set_similar_top, NULL },
	{ "any-time", 'a', NULL, "include incidents opened after it (default: earlier ones only; "
	  "with --text, opened before --now)", set_any_time, NULL },
	{ "format", 'f', "F", "table (default), csv or json", set_table_format, NULL },
	{ "service", 's', "NAME", "with --text: the service it is about, for the service boost",
	  set_service, NULL },
	{ "service-boost", 0, "X", "score × (1 + X) for the same service or component "
	  "(default 0.1)", set_service_boost, NULL },
	{ "recency-boost", 0, "X", "score × (1 + X × 2^(−age/half-life)) (default 0.2; 0: off)",
	  set_recency_boost, NULL },
	{ "half-life", 0, "DAYS", "the recency boost's half-life (default 90)", set_half_life,
	  NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

/* ---- the parser ---- */

/* Where getopt's answer k leads: group g, option i, under the name used. */
struct slot {
	size_t g, i;
	const char *name;
};

static const struct cmd_option *option_at(const struct cmd_option_group *groups, struct slot s)
{
	return &groups[s.g].options[s.i];
}

/* The long name option i of group g has in this command: its name, or its
 * alias when an earlier group took the name (NULL: neither is free). */
static const char *name_in(const struct cmd_option_group *groups, size_t g, size_t i)
{
	const struct cmd_option *o = &groups[g].options[i];
	const char *names[2] = { o->name, o->alias };
	size_t k, h, j;

	for (k = 0; k < 2 && names[k]; k++) {
		int taken = !strcmp(names[k], "help");

		for (h = 0; h < g && !taken; h++)
			for (j = 0; groups[h].options[j].name && !taken; j++)
				taken = !strcmp(groups[h].options[j].name, names[k]);
		if (!taken)
			return names[k];
	}
	return NULL;
}

static size_t count_options(const struct cmd_option_group *groups, size_t ngroups)
{
	size_t n = 0, g, i;

	for (g = 0; g < ngroups; g++)
		for (i = 0; groups[g].options[i].name; i++)
			n++;
	return n;
}

/* The spelling in --help: "-r, --rules FILE" or "--map FIELD=COLUMN". */
static void spec_of(const struct cmd_option *o, const char *name, char *buf, size_t size)
{
	if (o->key)
		snprintf(buf, size, "-%c, --%s%s%s", o->key, name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
	else
		snprintf(buf, size, "--%s%s%s", name, o->arg ? " " : "", o->arg ? o->arg : "");
}

/* Columns s takes on a terminal: one per UTF-8 code point ("PRB-…"). */
static int columns(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* text wrapped at HELP_WIDTH, its lines starting at column col; the first
 * line goes on from where the cursor is (at column col). */
static void print_wrapped(FILE *out, const char *text, int col)
{
	int at = col;

	while (*text) {
		size_t n = strcspn(text, " ");

		if (at > col && at + 1 + (int)n > HELP_WIDTH) {
			fprintf(out, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', out);
			at++;
		}
		fwrite(text, 1, n, out);
		at += (int)n;
		text += n;
		text += strspn(text, " ");
	}
	fputc('\n', out);
}

void cmd_print_options(FILE *out, const struct cmd_option_group *groups, size_t ngroups)
{
	char spec[96];
	size_t g, i;
	int width = 10;

	for (g = 0; g < ngroups; g++)
		for (i = 0; groups[g].options[i].name; i++) {
			int n;

			spec_of(&groups[g].options[i], name_in(groups, g, i), spec, sizeof(spec));
			n = columns(spec);
			if (n <= HELP_SPEC_MAX && n > width)
				width = n;
		}
	for (g = 0; g < ngroups; g++) {
		if (groups[g].title) /* none: the list goes on under the last heading */
			fprintf(out, "%s%s:\n", g ? "\n" : "", groups[g].title);
		for (i = 0; groups[g].options[i].name; i++) {
			const struct cmd_option *o = &groups[g].options[i];
			int col = HELP_INDENT + width + 2;

			spec_of(o, name_in(groups, g, i), spec, sizeof(spec));
			if (columns(spec) > width)
				fprintf(out, "%*s%s\n%*s", HELP_INDENT, "", spec, col, "");
			else
				fprintf(out, "%*s%s%*s", HELP_INDENT, "", spec, col - HELP_INDENT - columns(spec), "");
			print_wrapped(out, o->help, col);
		}
	}
	fprintf(out, "%*s%-*s  this help\n", HELP_INDENT, "", width, "-h, --help");
}

/* getopt_long's tables for the groups: longs (NULL-terminated), shorts
 * ("+h..."), and per long option its slot. Aborts on a clash no alias
 * resolves: a mistake in the declarations, which every --help test meets. */
static void build_tables(const struct cmd_option_group *groups, size_t ngroups,
			 struct option *longs, char *shorts, struct slot *slots)
{
	size_t g, i, n = 0, s = 0;

	shorts[s++] = 'h';
	for (g = 0; g < ngroups; g++)
		for (i = 0; groups[g].options[i].name; i++, n++) {
			const struct cmd_option *o = &groups[g].options[i];
			const char *name = name_in(groups, g, i);

			if (!name || (o->key && strchr(shorts, o->key))) {
				fprintf(stderr, "recur: option --%s declared twice\n", o->name);
				abort();
			}
			slots[n] = (struct slot){ g, i, name };
			longs[n] = (struct option){ name, o->arg ? required_argument : no_argument,
						    NULL, 256 + (int)n };
			if (o->key) {
				shorts[s++] = (char)o->key;
				if (o->arg)
					shorts[s++] = ':';
			}
		}
	longs[n] = (struct option){ "help", no_argument, NULL, 'h' };
	longs[n + 1] = (struct option){ NULL, 0, NULL, 0 };
	shorts[s] = '\0';
}

int cmd_parse_options(const char *cmd, int argc, char **argv,
		      const struct cmd_option_group *groups, size_t ngroups, const char *head,
		      const char *foot)
{
	size_t n = count_options(groups, ngroups), i;
	struct option *longs = calloc(n + 2, sizeof(*longs));
	struct slot *slots = calloc(n + 1, sizeof(*slots));
	char *shorts = calloc(2 * n + 2, 1);
	int opt, code = 0;

	if (!longs || !slots || !shorts)
		abort();
	build_tables(groups, ngroups, longs, shorts, slots);
	opterr = 0; /* one message, ours */
	optind = 0;
	while (!code && (opt = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (opt == 'h') {
			fputs(head, stdout);
			fputc('\n', stdout);
			cmd_print_options(stdout, groups, ngroups);
			if (foot && *foot)
				printf("\n%s", foot);
			code = -1;
		} else if (opt == '?' || opt == ':') {
			code = cmd_usage_error(cmd, "unknown option or missing value in '%s'",
					       argv[optind - 1]);
		} else {
			struct slot s = { 0, 0, NULL };

			if (opt >= 256)
				s = slots[opt - 256];
			else
				for (i = 0; i < n; i++)
					if (option_at(groups, slots[i])->key == opt)
						s = slots[i];
			code = option_at(groups, s)->set(groups[s.g].target, cmd, optarg);
		}
	}
	free(longs);
	free(slots);
	free(shorts);
	return code;
}
