/*
 * err.c — filling and formatting struct recur_error.
 * It never prints: main.c and cmd_*.c decide where messages go.
 */
#include "recur/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void recur_error_init(struct recur_error *err)
{
	memset(err, 0, sizeof(*err));
}

static void setv(struct recur_error *err, int code, const char *fmt, va_list ap)
{
	if (!err)
		return;
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int recur_error_set(struct recur_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	setv(err, RECUR_EXIT_DATA, fmt, ap);
	va_end(ap);
	return -1;
}

int recur_error_usage(struct recur_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	setv(err, RECUR_EXIT_USAGE, fmt, ap);
	va_end(ap);
	return -1;
}

int recur_error_at(struct recur_error *err, const char *file, long line, long column,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	setv(err, RECUR_EXIT_DATA, fmt, ap);
	va_end(ap);
	if (err) {
		snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
		err->line = line;
		err->column = column;
	}
	return -1;
}

void recur_error_format(const struct recur_error *err, char *out, size_t size)
{
	char loc[320] = "";

	if (err->file[0] && err->line && err->column)
		snprintf(loc, sizeof(loc), "%s:%ld:%ld: ", err->file, err->line, err->column);
	else if (err->file[0] && err->line)
		snprintf(loc, sizeof(loc), "%s:%ld: ", err->file, err->line);
	else if (err->file[0])
		snprintf(loc, sizeof(loc), "%s: ", err->file);
	snprintf(out, size, "%s%s", loc, err->msg[0] ? err->msg : "unknown error");
}
