/*
 * harness.h — the unit-test harness: TAP-like lines, one closing count.
 *
 * A test file defines test functions and lists them in main with RUN();
 * CHECK and friends record a failure with file:line and go on. Output:
 *   ok 3 - csv_quoted_fields
 *   not ok 4 - csv_crlf
 *   #   tests/unit/test_csv.c:57: "a" != "b"
 * and last "N passed, M failed" (read by tests/run-tests.sh).
 */
#ifndef RECUR_TEST_HARNESS_H
#define RECUR_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int harness_failed_now, harness_pass, harness_fail, harness_n;

#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (!(cond)) {                                                         \
			printf("#   %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			harness_failed_now = 1;                                        \
		}                                                                      \
	} while (0)

#define CHECK_STR(got, want)                                                              \
	do {                                                                              \
		const char *g_ = (got), *w_ = (want);                                     \
		if (!g_ || !w_ ? g_ != w_ : strcmp(g_, w_) != 0) {                        \
			printf("#   %s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,   \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");                   \
			harness_failed_now = 1;                                           \
		}                                                                         \
	} while (0)

#define CHECK_INT(got, want)                                                               \
	do {                                                                               \
		long long g_ = (long long)(got), w_ = (long long)(want);                   \
		if (g_ != w_) {                                                            \
			printf("#   %s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, \
			       g_, w_);                                                    \
			harness_failed_now = 1;                                            \
		}                                                                          \
	} while (0)

#define CHECK_NEAR(got, want, eps)                                                       \
	do {                                                                             \
		double g_ = (got), w_ = (want);                                          \
		if (!(fabs(g_ - w_) <= (eps))) {                                         \
			printf("#   %s:%d: %s = %.10g, want %.10g\n", __FILE__, __LINE__,   \
			       #got, g_, w_);                                            \
			harness_failed_now = 1;                                          \
		}                                                                        \
	} while (0)

#define RUN(fn)                                                                    \
	do {                                                                       \
		harness_failed_now = 0;                                            \
		fn();                                                              \
		harness_n++;                                                       \
		if (harness_failed_now)                                            \
			harness_fail++;                                            \
		else                                                               \
			harness_pass++;                                            \
		printf("%s %d - %s\n", harness_failed_now ? "not ok" : "ok", harness_n, #fn); \
	} while (0)

#define HARNESS_END()                                                      \
	(printf("%d passed, %d failed\n", harness_pass, harness_fail), harness_fail ? 1 : 0)

#endif
