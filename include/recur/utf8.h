/*
 * utf8.h — UTF-8 well-formedness, one definition for every reader (CSV,
 * JSON, the encoding detector).
 */
#ifndef RECUR_UTF8_H
#define RECUR_UTF8_H

#include <stddef.h>

/*
 * Length of the well-formed multi-byte UTF-8 sequence at p (< end), or 0
 * when it is not one (RFC 3629: no overlong forms, no surrogates, nothing
 * past U+10FFFF; cut by end). For a byte >= 0x80: callers pass ASCII over
 * themselves, and an ASCII byte gives 0.
 */
size_t recur_utf8_len(const unsigned char *p, const unsigned char *end);

#endif
