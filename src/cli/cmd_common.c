/*
 * cmd_common.c — what every command shares: printing errors, usage errors,
 * checked number parsing, opening the database, report form lists.
 * Like the cmd_*.c files, it may print to stderr; the library never does.
 */
#include "cmd.h"
#include "recur/db.h"
#include "recur/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_fail(const struct recur_error *err)
{
	char msg[2048];

	recur_error_format(err, msg, sizeof(msg));
	fprintf(stderr, "recur: %s\n", msg);
	return err->code ? err->code : RECUR_EXIT_DATA;
}

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "recur %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nsee 'recur %s --help'\n", cmd);
	return RECUR_EXIT_USAGE;
}

int cmd_parse_long(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cmd_open_db(const struct recur_global *g, sqlite3 **db)
{
	struct recur_error err;

	recur_error_init(&err);
	if (recur_db_open(g->db_path, db, &err))
		return cmd_fail(&err);
	return 0;
}

int cmd_find_problem(sqlite3 *db, const char *name, char id[32])
{
	struct recur_param p[] = { { ":name", name, 0 } };
	struct recur_table *t = NULL;
	struct recur_error err;
	int code = 0;

	recur_error_init(&err);
	if (recur_db_query_file(db, "queries/problems-find.sql", p, 1, &t, &err)) {
		code = cmd_fail(&err);
	} else if (!t->nrows || !recur_table_cell(t, 0, 0)->text) {
		fprintf(stderr, "recur: no problem '%s': give an id (PRB-…) or the export's problem "
			"key; run 'recur problems --all' to list them\n", name);
		code = RECUR_EXIT_DATA;
	} else {
		snprintf(id, 32, "%s", recur_table_cell(t, 0, 0)->text);
	}
	recur_table_free(t);
	return code;
}

int cmd_open_db_existing(const struct recur_global *g, sqlite3 **db)
{
	struct recur_error err;

	recur_error_init(&err);
	if (recur_db_open_existing(g->db_path, db, &err))
		return cmd_fail(&err);
	return 0;
}

void cmd_print(const char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
}

int cmd_parse_forms(const char *s, unsigned *out)
{
	char word[16];
	size_t n;

	*out = 0;
	while (*s) {
		n = strcspn(s, ",");
		if (n == 0 || n >= sizeof(word))
			return -1;
		memcpy(word, s, n);
		word[n] = '\0';
		if (!strcmp(word, "md") || !strcmp(word, "markdown"))
			*out |= RECUR_REPORT_MD;
		else if (!strcmp(word, "html"))
			*out |= RECUR_REPORT_HTML;
		else if (!strcmp(word, "xlsx"))
			*out |= RECUR_REPORT_XLSX;
		else if (!strcmp(word, "all"))
			*out |= RECUR_REPORT_ALL;
		else
			return -1;
		s += n + (s[n] == ',');
	}
	return *out ? 0 : -1;
}
