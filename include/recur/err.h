/*
 * err.h — the error value every fallible function fills.
 *
 * A function that can fail returns 0 or -1 and fills a caller's struct
 * recur_error. Messages follow git's guidelines: lower case, problem first,
 * subject in quotes; the location (file:line:col) is kept apart so the caller
 * decides how to print it.
 */
#ifndef RECUR_ERR_H
#define RECUR_ERR_H

#include <stddef.h>

enum recur_exit {
	RECUR_EXIT_OK = 0,    /* success */
	RECUR_EXIT_DATA = 1,  /* bad data or runtime failure */
	RECUR_EXIT_USAGE = 2, /* bad command line */
};

struct recur_error {
	int code;          /* an enum recur_exit value; 0 while no error is set */
	char file[256];    /* file the error is about, or "" */
	long line;         /* 1-based line, 0 if unknown */
	long column;       /* 1-based column, 0 if unknown */
	char msg[1024];    /* the message, without location */
};

/* Clears err. */
void recur_error_init(struct recur_error *err);
/* Sets a data error (code RECUR_EXIT_DATA) with a printf-style message; returns -1. */
int recur_error_set(struct recur_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same, with a location; file may be NULL. Returns -1. */
int recur_error_at(struct recur_error *err, const char *file, long line, long column,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Sets a usage error (code RECUR_EXIT_USAGE). Returns -1. */
int recur_error_usage(struct recur_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Formats "file:line:col: msg" (parts that are unknown left out) into out. */
void recur_error_format(const struct recur_error *err, char *out, size_t size);

#endif
