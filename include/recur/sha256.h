/*
 * sha256.h — SHA-256 (FIPS 180-4), to recognise a file imported before.
 */
#ifndef RECUR_SHA256_H
#define RECUR_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct recur_sha256 {
	uint32_t h[8];
	uint64_t total;           /* bytes hashed so far */
	unsigned char block[64];  /* pending bytes */
	size_t nblock;
};

/* Starts a hash. */
void recur_sha256_init(struct recur_sha256 *s);
/* Adds len bytes of data. */
void recur_sha256_update(struct recur_sha256 *s, const void *data, size_t len);
/* Finishes the hash into out (32 bytes); s must be initialised again to reuse. */
void recur_sha256_final(struct recur_sha256 *s, unsigned char out[32]);
/* The digest of data[0..len) as 64 lower-case hex digits and a NUL. */
void recur_sha256_hex(const void *data, size_t len, char out[65]);

#endif
