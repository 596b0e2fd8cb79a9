/*
 * replay.c — runs the corpus through a fuzz target without libFuzzer.
 *
 *   $(BUILD)/fuzz/<target> FILE|DIR...
 *
 * Linked with one fuzz_<target>.c and librecur.a by plain cc (make test
 * needs no clang). Each file (a folder gives its files, sorted, not
 * recursing, dot files skipped) goes through LLVMFuzzerTestOneInput once and
 * prints "ok N - <target>/<file>"; a crash or a failed invariant aborts the
 * process, and tests/check/fuzz-replay.sh reports the file it was on (named
 * on stderr before each run). So every past crash stays a regression test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *target;
static int n;

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *copy;
	size_t len = 0, cap = 0, got;
	const char *base = strrchr(path, '/');

	if (!f) {
		fprintf(stderr, "replay: cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got);
	fclose(f);
	/* an exact-size copy, so a read one past the end is caught by ASan */
	copy = malloc(len ? len : 1);
	if (!copy)
		abort();
	memcpy(copy, buf, len);
	free(buf);
	fprintf(stderr, "# replaying %s\n", path);
	fflush(stderr);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	printf("ok %d - %s/%s\n", ++n, target, base ? base + 1 : path);
	fflush(stdout);
	return 0;
}

static int skip(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int replay(const char *path)
{
	struct stat st;
	struct dirent **list;
	int i, k, rc = 0;

	if (stat(path, &st)) {
		fprintf(stderr, "replay: cannot read '%s': %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	k = scandir(path, &list, skip, alphasort);
	if (k < 0) {
		fprintf(stderr, "replay: cannot list '%s': %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < k; i++) {
		size_t len = strlen(path) + strlen(list[i]->d_name) + 2;
		char *p = malloc(len);

		if (!p)
			abort();
		snprintf(p, len, "%s/%s", path, list[i]->d_name);
		if (!stat(p, &st) && S_ISREG(st.st_mode) && replay_file(p))
			rc = -1;
		free(p);
		free(list[i]);
	}
	free(list);
	return rc;
}

int main(int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	int i, rc = 0;

	target = slash ? slash + 1 : argv[0];
	if (!strncmp(target, "fuzz_", 5))
		target += 5;
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		if (replay(argv[i]))
			rc = 1;
	return rc;
}
