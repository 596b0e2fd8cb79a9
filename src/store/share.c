/*
 * share.c — embedded data files with an on-disk override folder.
 */
#include "recur/share.h"
#include "recur/mem.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *share_dir;

void recur_share_set_dir(const char *dir)
{
	share_dir = (dir && *dir) ? dir : NULL;
}

const char *recur_share_dir(void)
{
	return share_dir;
}

int recur_share_load(const char *name, struct recur_buf *out, struct recur_error *err)
{
	size_t i;

	if (share_dir) {
		struct recur_buf path = RECUR_BUF_INIT;
		int r;

		recur_buf_addf(&path, "%s/%s", share_dir, name);
		r = recur_buf_read_file(out, path.buf);
		if (r && errno != ENOENT) {
			recur_error_at(err, path.buf, 0, 0, "cannot read share file: %s", strerror(errno));
			recur_buf_release(&path);
			return -1;
		}
		recur_buf_release(&path);
		if (!r)
			return 0;
	}
	for (i = 0; i < recur_embedded_count; i++) {
		if (!strcmp(recur_embedded_files[i].name, name)) {
			recur_buf_add(out, recur_embedded_files[i].data, recur_embedded_files[i].len);
			return 0;
		}
	}
	return recur_error_set(err, "no data file '%s' (looked in %s and in the built-in files)", name,
			       share_dir ? share_dir : "no --share folder");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void recur_share_each(const char *prefix, void (*fn)(const char *name, void *ctx), void *ctx)
{
	char **names = NULL;
	size_t n = 0, cap = 0, i, plen = strlen(prefix);

	for (i = 0; i < recur_embedded_count; i++) {
		if (!strncmp(recur_embedded_files[i].name, prefix, plen)) {
			xgrow((void **)&names, &cap, n + 1, sizeof(*names));
			names[n++] = xstrdup(recur_embedded_files[i].name);
		}
	}
	if (share_dir) {
		/* prefix is "folder/" or "folder/start": list that folder */
		const char *slash = strrchr(prefix, '/');
		size_t dlen = slash ? (size_t)(slash - prefix) : 0;
		struct recur_buf dir = RECUR_BUF_INIT;
		DIR *d;
		struct dirent *e;

		recur_buf_addf(&dir, "%s/%.*s", share_dir, (int)dlen, prefix);
		d = opendir(dir.buf);
		while (d && (e = readdir(d))) {
			struct recur_buf full = RECUR_BUF_INIT;

			if (e->d_name[0] == '.')
				continue;
			recur_buf_addf(&full, "%.*s%s%s", (int)dlen, prefix, dlen ? "/" : "", e->d_name);
			if (!strncmp(full.buf, prefix, plen)) {
				xgrow((void **)&names, &cap, n + 1, sizeof(*names));
				names[n++] = recur_buf_detach(&full, NULL);
			}
			recur_buf_release(&full);
		}
		if (d)
			closedir(d);
		recur_buf_release(&dir);
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++)
		if (!i || strcmp(names[i], names[i - 1]))
			fn(names[i], ctx);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
