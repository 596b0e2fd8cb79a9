/* test_sha256.c — SHA-256 against FIPS 180-4 / NIST example vectors. */
#include "harness.h"
#include "recur/sha256.h"

static void sha256_empty(void)
{
	char hex[65];

	recur_sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void sha256_abc(void)
{
	char hex[65];

	recur_sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* 56 bytes: the padding needs a second block. */
static void sha256_two_blocks(void)
{
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[65];

	recur_sha256_hex(m, strlen(m), hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* One million 'a', fed in uneven pieces to exercise the block buffer. */
static void sha256_million_a_incremental(void)
{
	static const char hex[] = "0123456789abcdef";
	char chunk[997], out[65];
	unsigned char d[32];
	struct recur_sha256 s;
	size_t left = 1000000;
	int i;

	memset(chunk, 'a', sizeof(chunk));
	recur_sha256_init(&s);
	while (left) {
		size_t n = left < sizeof(chunk) ? left : sizeof(chunk);

		recur_sha256_update(&s, chunk, n);
		left -= n;
	}
	recur_sha256_final(&s, d);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
	CHECK_STR(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
	RUN(sha256_empty);
	RUN(sha256_abc);
	RUN(sha256_two_blocks);
	RUN(sha256_million_a_incremental);
	return HARNESS_END();
}
