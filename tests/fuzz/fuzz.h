/*
 * fuzz.h — what the fuzz targets share: the libFuzzer entry point and a
 * check that turns a broken invariant into a crash the fuzzer (and the
 * replay runner) reports. Each target is one fuzz_<name>.c built twice: with
 * clang's libFuzzer (make fuzz) and with replay.c and plain cc (make test).
 */
#ifndef RECUR_FUZZ_H
#define RECUR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: say which and abort, so the input is kept as a crash. */
#define FUZZ_ASSERT(cond)                                                              \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,     \
				__LINE__, #cond);                                      \
			abort();                                                       \
		}                                                                      \
	} while (0)

/*
 * Splits data at the first NUL byte: *a gets what comes before, *b what comes
 * after (empty when there is no NUL). Lets one input carry two texts.
 */
static inline void fuzz_split(const char *data, size_t size, const char **a, size_t *alen,
			      const char **b, size_t *blen)
{
	const char *nul = memchr(data, '\0', size);

	*a = data;
	*alen = nul ? (size_t)(nul - data) : size;
	*b = nul ? nul + 1 : data + size;
	*blen = nul ? size - *alen - 1 : 0;
}

/* A heap copy of data[0..size) with no terminator, so ASan sees a read past the end. */
static inline char *fuzz_copy(const void *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

#endif
