/*
 * import.c — one export file into the store, in one transaction.
 *
 * Maps the file (inflating gzip into a temporary file), fingerprints it (sha256: the same
 * bytes are never imported twice), routes postmortems (.md) to
 * postmortem.h, and otherwise picks the format: --format, else the best
 * scoring profile (import_profile.c), else the generic csv/json alias
 * mapping. Then maps the header (import_map.c) and hands the rows to
 * import_rows.c or, for event logs, import_eventlog.c. It also expands
 * folders and reads naive times in --source-tz. It never prints.
 */
#include "import_int.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/postmortem.h"
#include "recur/sha256.h"
#include "recur/similar.h"
#include "recur/tz.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* ---- naive times in a zone ---- */

struct imp_tz {
	struct recur_tz zone;   /* TZ set for the file, restored after */
	long long hour;         /* cache: naive hour and its offset */
	long long offset;
};

/* Offsets change on the hour in every zone in use, so one mktime per naive hour. */
long long imp_tz_to_utc(struct imp_tz *tz, long long naive)
{
	long long hour = naive >= 0 ? naive / 3600 : (naive - 3599) / 3600;
	time_t t = (time_t)(hour * 3600);
	struct tm tm;

	if (hour != tz->hour) {
		gmtime_r(&t, &tm);
		tm.tm_isdst = -1;
		tz->offset = (long long)t - (long long)mktime(&tm);
		tz->hour = hour;
	}
	return naive - tz->offset;
}

/* ---- reading ---- */

/*
 * An export is mapped read-only instead of read into the heap: the parsers
 * still see one (buf, len) and slice fields out of it without copying, the
 * event log can still go back to a row by its offset, and the pages behind
 * the read position are handed back as the rows go by (imp_drop_behind), so
 * the resident memory stays a window of a few MB whatever the file's size
 * (the page cache keeps the bytes for the second pass). gzip is inflated in
 * chunks into an unlinked temporary file that is mapped the same way.
 */
struct imp_file {
	char *buf;
	size_t len;
	int fd;                 /* the mapped file (the plain file or the inflated copy) */
};

#define DROP_STEP ((size_t)8 << 20)

void imp_drop_behind(struct imp *im, size_t offset)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), from, to;

	if (!im->file || !im->file->len || offset < im->rows.dropped + DROP_STEP)
		return;
	from = im->rows.dropped / page * page;
	to = (offset > DROP_STEP ? offset - DROP_STEP / 8 : 0) / page * page;
	if (to > (im->file->len + page - 1) / page * page)
		to = (im->file->len + page - 1) / page * page;
	if (to > from)
		madvise(im->file->buf + from, to - from, MADV_DONTNEED);
	im->rows.dropped = to;
}

static int gz_fail(z_stream *z, int tmp, const char *path, int truncated, struct recur_error *err)
{
	inflateEnd(z);
	close(tmp);
	if (truncated)
		return recur_error_at(err, path, 0, 0, "the gzip data ends early: the file is "
				      "truncated; copy or download it again");
	return recur_error_at(err, path, 0, 0, "the gzip data is damaged (%s): re-download or "
			      "re-compress the export", z->msg ? z->msg : "inflate failed");
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w, n -= (size_t)w;
	}
	return 0;
}

/* An unlinked temporary file in $TMPDIR (else /tmp), or -1. */
static int temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	struct recur_buf p = RECUR_BUF_INIT;
	int fd;

	recur_buf_addf(&p, "%s/recur-gz-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(p.buf);
	if (fd >= 0)
		unlink(p.buf);
	recur_buf_release(&p);
	return fd;
}

/* Inflates fd in into a temporary file; *out gets its descriptor. */
static int inflate_file(int in, const char *path, int *out, struct recur_error *err)
{
	unsigned char src[1 << 16], dst[1 << 16];
	z_stream z;
	ssize_t n;
	int rc = Z_OK, tmp = temp_file();

	if (tmp < 0)
		return recur_error_at(err, path, 0, 0, "cannot make a temporary file to inflate "
				      "into: %s; set TMPDIR to a writable folder", strerror(errno));
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 32) != Z_OK) {
		close(tmp);
		return recur_error_at(err, path, 0, 0, "cannot start reading gzip data");
	}
	while (rc != Z_STREAM_END && (n = read(in, src, sizeof(src))) > 0) {
		z.next_in = src;
		z.avail_in = (unsigned)n;
		do {
			z.next_out = dst;
			z.avail_out = sizeof(dst);
			rc = inflate(&z, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
				return gz_fail(&z, tmp, path, 0, err);
			if (write_all(tmp, dst, sizeof(dst) - z.avail_out)) {
				inflateEnd(&z);
				close(tmp);
				return recur_error_at(err, path, 0, 0, "cannot write the inflated data to "
						      "a temporary file: %s; free space or set TMPDIR",
						      strerror(errno));
			}
		} while (rc != Z_STREAM_END && z.avail_out == 0);
	}
	if (rc != Z_STREAM_END)
		return gz_fail(&z, tmp, path, 1, err);
	inflateEnd(&z);
	*out = tmp;
	return 0;
}

static void file_close(struct imp_file *f)
{
	if (f->len)
		munmap(f->buf, f->len);
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	f->len = 0;
}

static int file_open(struct imp_file *f, const char *path, struct recur_error *err)
{
	unsigned char magic[2];
	struct stat st;
	int fd = open(path, O_RDONLY), gz;

	f->buf = "";
	f->len = 0;
	f->fd = -1;
	if (fd < 0 || fstat(fd, &st) || S_ISDIR(st.st_mode)) {
		int e = fd < 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : errno;

		if (fd >= 0)
			close(fd);
		return recur_error_at(err, path, 0, 0, "cannot read the file: %s; check the path",
				      strerror(e));
	}
	gz = pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
	if (gz) {
		int tmp = -1;

		if (inflate_file(fd, path, &tmp, err)) {
			close(fd);
			return -1;
		}
		close(fd);
		fd = tmp;
		if (fstat(fd, &st)) {
			close(fd);
			return recur_error_at(err, path, 0, 0, "cannot read the inflated data: %s",
					      strerror(errno));
		}
	}
	f->fd = fd;
	if (st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (m == MAP_FAILED) {
			file_close(f);
			return recur_error_at(err, path, 0, 0, "cannot read the file: %s; check the "
					      "path", strerror(errno));
		}
		f->buf = m;
		f->len = (size_t)st.st_size;
		madvise(m, f->len, MADV_SEQUENTIAL);
	}
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), e = strlen(suffix);

	return n > e && !strcasecmp(s + n - e, suffix);
}

static int is_postmortem(const char *path, const struct recur_import_opts *o)
{
	if (o->format)
		return !strcmp(o->format, "postmortem");
	return ends_with(path, ".md") || ends_with(path, ".markdown") || ends_with(path, ".md.gz") ||
	       ends_with(path, ".markdown.gz");
}

/* ---- what the file got wrong ---- */

void imp_warn(struct imp *im, const char *fmt, ...)
{
	char *w = im->r->warnings;
	size_t used = strlen(w);
	va_list ap;

	if (used + 2 >= sizeof(im->r->warnings))
		return;
	if (used)
		w[used++] = '\n';
	va_start(ap, fmt);
	vsnprintf(w + used, sizeof(im->r->warnings) - used, fmt, ap);
	va_end(ap);
}

/*
 * UTF-16 and UTF-32 exports (Excel's "Unicode text", PowerShell's default)
 * would read as garbled headers: say so before anything else. Without a
 * byte order mark, ASCII text in UTF-16 has a zero byte beside each letter.
 */
static int check_encoding(const char *path, const unsigned char *b, size_t len,
			  struct recur_error *err)
{
	const char *enc = NULL, *mark = NULL;

	if (len >= 4 && !memcmp(b, "\xFF\xFE\0\0", 4))
		enc = "UTF-32", mark = "FF FE 00 00";
	else if (len >= 4 && !memcmp(b, "\0\0\xFE\xFF", 4))
		enc = "UTF-32", mark = "00 00 FE FF";
	else if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE)
		enc = "UTF-16", mark = "FF FE";
	else if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF)
		enc = "UTF-16", mark = "FE FF";
	if (enc)
		return recur_error_at(err, path, 0, 0, "the file is %s (byte order mark %s): convert "
				      "it to UTF-8, e.g. iconv -f %s -t UTF-8 %s", enc, mark, enc, path);
	if (len >= 4 && b[0] && !b[1] && b[2] && !b[3])
		enc = "UTF-16LE";
	else if (len >= 4 && !b[0] && b[1] && !b[2] && b[3])
		enc = "UTF-16BE";
	if (enc)
		return recur_error_at(err, path, 0, 0, "the file looks %s without a byte order mark "
				      "(a zero byte beside each letter): convert it to UTF-8, e.g. "
				      "iconv -f %s -t UTF-8 %s", enc, enc, path);
	return 0;
}

/* ---- choosing the format ---- */

static const char *skip_space(const char *p, const char *e)
{
	if (e - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

static int forced_profile(struct imp *im, int json, struct recur_error *err)
{
	const char *fmt = im->o->format;
	const struct imp_profile *p;

	if (!strcmp(fmt, "csv") || !strcmp(fmt, "json"))
		return 0;
	if (!(p = imp_profile_find(im->map.ps, fmt)))
		return recur_error_usage(err, "unknown format '%s': see `recur import --list-formats`",
					 fmt);
	if (p->json != json && strcmp(fmt, "events"))
		return recur_error_at(err, im->path, 0, 0, "format '%s' reads %s, but the file is "
				      "%s: check the file or the --format", fmt, p->json ? "JSON" : "CSV",
				      json ? "JSON" : "CSV");
	im->map.prof = p;
	return 0;
}

static void choose(struct imp *im, int json, const struct imp_detect *d)
{
	struct recur_import_result *r = im->r;

	if (im->o->format) {
		snprintf(r->why, sizeof(r->why), "--format %s", im->o->format);
		return;
	}
	if (d->best >= 0) {
		im->map.prof = &im->map.ps->p[d->best];
		snprintf(r->why, sizeof(r->why), "%s", d->why);
	} else if (json) {
		snprintf(r->why, sizeof(r->why), "JSON; no format's signature matched: keys "
			 "matched by alias");
	} else {
		snprintf(r->why, sizeof(r->why), "not JSON; the header line splits on '%s'; no "
			 "format's signature matched: headers matched by alias",
			 im->rows.csv.delim == '\t' ? "TAB" : (char[]){ im->rows.csv.delim, 0 });
	}
}

static void seen_release(struct imp_seen *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->keys[i]);
	free(s->keys);
}

/* Column (in characters) of header field f, or 0 when it is not a slice of the line. */
static long header_col(const struct recur_csv *c, const struct recur_csv_field *f)
{
	const char *s = c->buf, *p = f->ptr;
	long col = 1;

	if (c->end - s >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	if (p < s || p > c->end)
		return 0;
	if (p > s && p[-1] == '"')
		p--;
	for (; s < p; s++) {
		if (*s == '\n' || *s == '\r')
			return 0;
		col += ((unsigned char)*s & 0xC0) != 0x80;
	}
	return col;
}

/*
 * A header name given twice is only a problem when a field reads one of the
 * columns and not the other (an alias picks one): profiles that read every
 * column of a name (Jira's Labels, Comment) and unread columns are fine.
 */
static void warn_duplicates(struct imp *im, const struct recur_csv_field *f, size_t n)
{
	const struct imp_map *m = &im->map;
	char (*norm)[128] = xcalloc(n ? n : 1, sizeof(*norm));
	struct recur_buf cols = RECUR_BUF_INIT;
	size_t i, j, times, other, c;
	char where[32];
	long col;
	int k, s, t;

	for (i = 0; i < n; i++)
		imp_normalise(f[i].ptr, f[i].len, norm[i], sizeof(norm[i]));
	for (k = 0; k < NFIELDS; k++) {
		for (s = 0; s < m->nsrc[k]; s++) {
			c = (size_t)m->src[k][s].col;
			for (j = 0, times = 0, other = n; j < n; j++) {
				if (strcmp(norm[j], norm[c]))
					continue;
				times++;
				for (t = 0; t < m->nsrc[k] && (size_t)m->src[k][t].col != j; t++)
					;
				if (t == m->nsrc[k] && other == n)
					other = j; /* a column of that name the field does not read */
			}
			if (other == n)
				continue;
			recur_buf_reset(&cols);
			for (j = 0, i = 0; j < n; j++)
				if (!strcmp(norm[j], norm[c]))
					recur_buf_addf(&cols, "%s%zu", !i++ ? "" : i == times ? " and " : ", ",
						       j + 1);
			col = header_col(&im->rows.csv, &f[other]);
			snprintf(where, sizeof(where), ":1:%ld", col);
			imp_warn(im, "%s%s: column '%s' appears %s%s (columns %s): column %zu is read; "
				 "rename %s in the header line to read %s instead", im->path,
				 col ? where : ":1", m->head[c], times == 2 ? "twice" : "",
				 times == 2 ? "" : "more than twice", cols.buf, c + 1,
				 times == 2 ? "the other" : "the others", times == 2 ? "it" : "one");
			break;
		}
	}
	recur_buf_release(&cols);
	free(norm);
}

/* CSV: reads the header, detects, maps. */
static int open_csv(struct imp *im, struct imp_detect *d, struct recur_error *err)
{
	struct recur_csv *c = &im->rows.csv;
	struct imp_seen seen = { NULL, 0, NULL };
	char norm[128];
	size_t i;
	int r;

	recur_csv_init(c, im->rows.buf, im->rows.len, im->path, 0);
	c->max_field = im->o->max_field;
	c->max_cols = im->o->max_cols;
	if ((r = recur_csv_next(c, err)) == 0)
		return recur_error_at(err, im->path, 0, 0, "the file is empty: export the incidents "
				      "with a header line");
	if (r < 0)
		return -1;
	seen.keys = xcalloc(c->nfields ? c->nfields : 1, sizeof(*seen.keys));
	for (i = 0; i < c->nfields; i++) {
		imp_normalise(c->fields[i].ptr, c->fields[i].len, norm, sizeof(norm));
		seen.keys[seen.n++] = xstrdup(norm);
	}
	imp_detect(im->map.ps, 0, &seen, d);
	seen_release(&seen);
	if (im->o->format && forced_profile(im, 0, err))
		return -1;
	choose(im, 0, d);
	if (imp_map_header(&im->map, c->fields, c->nfields, im->o, 0, im->path, d, err))
		return -1;
	warn_duplicates(im, c->fields, c->nfields);
	return 0;
}

/* Records a JSON tree holds whole at the head of a long list (detection
 * looks at the first; the rest are parsed one at a time when read). */
#define JSON_HEAD 64

/* After a read through the whole file: its pages go back, and the next
 * read hands them back again as it goes. */
static void rows_read_through(struct imp *im)
{
	imp_drop_behind(im, SIZE_MAX);
	im->rows.dropped = 0;
}

static void parsed_to(void *ctx, size_t offset)
{
	imp_drop_behind(ctx, offset);
}

/* JSON: parses, detects, opens the records, maps the key union and paths. */
static int open_json(struct imp *im, struct imp_detect *d, struct recur_error *err)
{
	struct jrows *j = &im->rows.j;
	struct imp_seen seen = { NULL, 0, NULL };
	struct recur_csv_field *h;
	size_t i;
	int r;

	/* the tree keeps the head of long record lists; their other records are
	 * read from the file one at a time (each read of it hands pages back) */
	if (jrows_parse(j, im->rows.buf, im->rows.len, im->path, JSON_HEAD, parsed_to, im, err))
		return -1;
	rows_read_through(im);
	j->im = im;
	seen.root = j->root;
	imp_detect(im->map.ps, 1, &seen, d);
	if (im->o->format && forced_profile(im, 1, err))
		return -1;
	choose(im, 1, d);
	if (jrows_open(j, im->path, im->map.prof ? im->map.prof->records : NULL, err))
		return -1;
	rows_read_through(im);
	if (!j->nrecs) { /* nothing to map: no keys to read a layout from */
		jrows_set_paths(j, NULL, 0);
		imp_warn(im, "%s: the list holds no records: nothing imported; check the export's "
			 "filters and date range", im->path);
		return 0;
	}
	h = xcalloc(j->n ? j->n : 1, sizeof(*h));
	for (i = 0; i < j->n; i++)
		h[i].ptr = j->names[i], h[i].len = strlen(j->names[i]);
	r = imp_map_header(&im->map, h, j->n, im->o, 1, im->path, d, err);
	free(h);
	if (!r)
		jrows_key_fallback(j, &im->map);
	if (!r)
		jrows_set_paths(j, im->map.head + j->n, im->map.nhead - j->n);
	return r;
}

static int open_rows(struct imp *im, struct imp_detect *d, struct recur_error *err)
{
	const char *p = skip_space(im->rows.buf, im->rows.buf + im->rows.len);
	const char *fmt = im->o->format;
	int json;

	if (fmt && !strcmp(fmt, "json"))
		json = 1;
	else if (fmt && !strcmp(fmt, "csv"))
		json = 0;
	else if (fmt && imp_profile_find(im->map.ps, fmt) && strcmp(fmt, "events"))
		json = imp_profile_find(im->map.ps, fmt)->json;
	else
		json = p < im->rows.buf + im->rows.len && (*p == '[' || *p == '{');
	if (p == im->rows.buf + im->rows.len && (json || ends_with(im->path, ".json") ||
						  ends_with(im->path, ".json.gz")))
		return recur_error_at(err, im->path, 0, 0, "the file is empty: export the incidents "
				      "again");
	im->rows.json = json;
	im->r->json = json;
	if (json ? open_json(im, d, err) : open_csv(im, d, err))
		return -1;
	snprintf(im->r->format, sizeof(im->r->format), "%s",
		 im->map.prof ? im->map.prof->name : json ? "json" : "csv");
	snprintf(im->r->source_system, sizeof(im->r->source_system), "%s",
		 im->map.prof ? im->map.prof->source_system : "generic");
	return 0;
}

/* ---- the fingerprint ---- */

/*
 * The sha256 of a big file is computed on a second thread while the read-only
 * pass runs (it costs as much as parsing); writes wait for it, because a
 * file seen before must change nothing. The thread reads the bytes with
 * pread into its own small buffer, so it does not add the file to the
 * resident memory.
 */
struct hasher {
	const struct imp_file *file;
	char sha[65];
	pthread_t thread;
	int running;
};

static void *hash_main(void *arg)
{
	struct hasher *h = arg;
	unsigned char *chunk = xmalloc(1u << 20);
	struct recur_sha256 s;
	unsigned char out[32];
	size_t off = 0;
	int i;

	recur_sha256_init(&s);
	while (off < h->file->len) {
		size_t want = h->file->len - off < (1u << 20) ? h->file->len - off : (1u << 20);
		ssize_t n = pread(h->file->fd, chunk, want, (off_t)off);

		if (n <= 0) { /* cannot happen for a mapped file; hash the mapping instead */
			recur_sha256_update(&s, h->file->buf + off, h->file->len - off);
			break;
		}
		recur_sha256_update(&s, chunk, (size_t)n);
		off += (size_t)n;
	}
	free(chunk);
	recur_sha256_final(&s, out);
	for (i = 0; i < 32; i++)
		snprintf(h->sha + 2 * i, 3, "%02x", out[i]);
	return NULL;
}

static void hash_start(struct hasher *h, const struct imp_file *f)
{
	h->file = f;
	h->running = 0;
	if (f->len <= (1u << 20))
		recur_sha256_hex(f->buf, f->len, h->sha);
	else if (pthread_create(&h->thread, NULL, hash_main, h) == 0)
		h->running = 1;
	else
		hash_main(h);
}

static void hash_wait(struct hasher *h)
{
	if (h->running)
		pthread_join(h->thread, NULL);
	h->running = 0;
}

static int seen_before(sqlite3 *db, const char *sha, int *seen, struct recur_error *err)
{
	sqlite3_stmt *st;

	if (recur_db_prepare(db, "SELECT 1 FROM sources WHERE sha256 = ?1", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	*seen = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return 0;
}

/* ---- the file ---- */

static int add_source(struct imp *im, const char *sha, struct recur_error *err)
{
	sqlite3_stmt *st;
	int r;

	if (recur_db_prepare(im->db, "INSERT INTO sources (path, format, sha256, imported_at) "
				     "VALUES (?1, ?2, ?3, ?4)", &st, err))
		return -1;
	sqlite3_bind_text(st, 1, im->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->r->format, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, im->o->now);
	r = sqlite3_step(st) == SQLITE_DONE ? 0 : recur_error_set(err, "cannot write to the "
								     "database: %s", sqlite3_errmsg(im->db));
	sqlite3_finalize(st);
	im->source_id = sqlite3_last_insert_rowid(im->db);
	imp_span_reset(im);
	return r;
}

static int finish_source(struct imp *im, struct recur_error *err)
{
	const struct imp_span *span = &im->span;
	const long long *at[] = { &span->first_opened, &span->last_opened, &span->exported };
	sqlite3_stmt *st;
	int r, k;

	if (recur_db_prepare(im->db, "UPDATE sources SET rows_read = ?1, rows_rejected = ?2, "
				     "date_order = ?3, first_opened_at = ?5, last_opened_at = ?6, "
				     "exported_at = ?7 WHERE id = ?4", &st, err))
		return -1;
	sqlite3_bind_int64(st, 1, im->r->rows);
	sqlite3_bind_int64(st, 2, im->r->values_rejected);
	if (im->r->date_order[0])
		sqlite3_bind_text(st, 3, im->r->date_order, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, im->source_id);
	/* a postmortem (no rows written here) leaves its span NULL: it is not an
	 * export of the history (queries/migrate-3.sql) */
	for (k = 0; k < 3; k++)
		if (*at[k] != LLONG_MIN)
			sqlite3_bind_int64(st, 5 + k, *at[k]);
	r = sqlite3_step(st) == SQLITE_DONE ? 0 : recur_error_set(err, "cannot write to the "
								     "database: %s", sqlite3_errmsg(im->db));
	sqlite3_finalize(st);
	return r;
}

/* Rows with more or fewer fields than the header: read, but said. */
static void warn_ragged(struct imp *im)
{
	struct recur_buf b = RECUR_BUF_INIT;
	long i;

	if (!im->ragged)
		return;
	for (i = 0; i < im->ragged && i < 3; i++)
		recur_buf_addf(&b, "%sline %ld: %zu field%s", i ? ", " : "", im->ragged_line[i],
			       im->ragged_n[i], im->ragged_n[i] == 1 ? "" : "s");
	if (im->ragged > 3)
		recur_buf_adds(&b, ", …");
	imp_warn(im, "%s: %ld row%s %s not have the header's %zu fields (%s): missing fields are "
		 "empty, extra fields are ignored", im->path, im->ragged, im->ragged == 1 ? "" : "s",
		 im->ragged == 1 ? "does" : "do", im->map.nhead, b.buf);
	recur_buf_release(&b);
}

static void summarise(struct imp *im)
{
	struct recur_import_result *r = im->r;
	struct recur_buf b = RECUR_BUF_INIT;
	int k;

	imp_map_describe(&im->map, r->mapping, sizeof(r->mapping));
	if (im->map.prof && im->map.prof->event_log)
		recur_buf_addf(&b, "event log: %ld rows collapsed to %ld incidents, %ld status "
			       "events", r->rows, r->incidents_new + r->incidents_updated +
			       r->incidents_unchanged, r->events);
	else if (r->events)
		recur_buf_addf(&b, "%ld timeline events", r->events);
	if (im->sev0)
		recur_buf_addf(&b, "%sseverity on the SEV0 scale (SEV0 = 1 … SEV4 = 5)",
			       b.len ? "; " : "");
	if (im->map.derived_id)
		recur_buf_addf(&b, "%sids derived from title and opened time", b.len ? "; " : "");
	if (im->o->source_tz)
		recur_buf_addf(&b, "%snaive times read in %s", b.len ? "; " : "", im->o->source_tz);
	snprintf(r->notes, sizeof(r->notes), "%s", b.buf);
	recur_buf_reset(&b);
	for (k = 0; k < NFIELDS; k++)
		if (im->rejects[k])
			recur_buf_addf(&b, "%s%s %ld", b.len ? ", " : "", imp_fields[k].name, im->rejects[k]);
	snprintf(r->rejected_fields, sizeof(r->rejected_fields), "%s", b.buf);
	recur_buf_release(&b);
	warn_ragged(im);
}

int imp_begin_writes(struct imp *im, struct recur_error *err)
{
	struct hasher *h = im->hasher;
	int seen;

	hash_wait(h);
	if (seen_before(im->db, h->sha, &seen, err))
		return -1;
	/* options that change how the bytes read (a wrong day/month guess
	 * corrected) re-import them; otherwise the same bytes change nothing */
	if (seen && !im->o->date_order && !im->o->format && !im->o->nmaps && !im->o->source_tz) {
		im->r->already_imported = 1;
		return 1;
	}
	return add_source(im, h->sha, err) || imp_prepare(im, err) ? -1 : 0;
}

/*
 * A bulk load: a big file into an empty incidents table loads faster without
 * the table's secondary indexes (a b-tree insert per row and index, in
 * opened_at and service order, against one sort each when built after), so
 * they are dropped for the load and made again from their own SQL at the end
 * of the same transaction: a failed import rolls the drop back with the rest.
 * The unique index the upsert needs stays.
 */
struct bulk {
	size_t n;
	char *sql[16];
};

static int bulk_enter(struct imp *im, struct bulk *b, struct recur_error *err)
{
	sqlite3_stmt *st;
	struct recur_buf drop = RECUR_BUF_INIT;
	char *q;
	int rc;

	b->n = 0;
	if (im->rows.len <= (4u << 20) || im->o->dry_run)
		return 0;
	if (recur_db_prepare(im->db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
			     "AND tbl_name = 'incidents' AND sql IS NOT NULL "
			     "AND NOT EXISTS (SELECT 1 FROM incidents) ORDER BY name", &st, err))
		return -1;
	while (b->n < sizeof(b->sql) / sizeof(b->sql[0]) && sqlite3_step(st) == SQLITE_ROW) {
		b->sql[b->n++] = xstrdup((const char *)sqlite3_column_text(st, 1));
		q = sqlite3_mprintf("DROP INDEX \"%w\";", (const char *)sqlite3_column_text(st, 0));
		recur_buf_adds(&drop, q);
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	rc = drop.len ? recur_db_exec(im->db, drop.buf, err) : 0;
	recur_buf_release(&drop);
	return rc;
}

static int bulk_leave(struct imp *im, struct bulk *b, int build, struct recur_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < b->n; i++) {
		if (build && !rc)
			rc = recur_db_exec(im->db, b->sql[i], err);
		free(b->sql[i]);
	}
	b->n = 0;
	return rc;
}

/* 0 done, 1 already imported, -1 error. */
static int import_rows(struct imp *im, struct recur_error *err)
{
	struct imp_detect d;
	struct bulk b = { 0 };
	int r;

	if (imp_profiles_get(im->db, &im->map.ps, err) || open_rows(im, &d, err) ||
	    bulk_enter(im, &b, err))
		return bulk_leave(im, &b, 0, err), -1;
	imp_map_describe(&im->map, im->r->mapping, sizeof(im->r->mapping));
	r = im->map.prof && im->map.prof->event_log ? imp_read_eventlog(im, err) :
	    imp_read_rows(im, err);
	if (bulk_leave(im, &b, !r, err))
		return -1;
	if (r)
		return r;
	if (finish_source(im, err))
		return -1;
	summarise(im);
	return 0;
}

static int import_postmortem(struct imp *im, struct recur_error *err)
{
	int r;

	snprintf(im->r->format, sizeof(im->r->format), "postmortem");
	snprintf(im->r->why, sizeof(im->r->why), "%s", im->o->format ? "--format postmortem" :
		 "the file name ends in .md");
	if ((r = imp_begin_writes(im, err)))
		return r;
	if (recur_postmortem_import(im->db, im->source_id, im->path, im->rows.buf, im->rows.len,
				    im->o, im->r, err))
		return -1;
	return finish_source(im, err);
}

static void release(struct imp *im)
{
	imp_finalize(im);
	if (im->rows.json)
		jrows_release(&im->rows.j);
	else
		recur_csv_release(&im->rows.csv);
	imp_map_release(&im->map);
	recur_buf_release(&im->extra);
	recur_buf_release(&im->id);
	recur_buf_release(&im->preview);
	recur_buf_release(&im->objtext);
}

/* The first column of the first row of a PRAGMA, as text into out. */
static void pragma_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/*
 * Settings for the length of one file's transaction, put back after it.
 * A big file is a bulk load: WAL would write every page twice (log, then
 * checkpoint) and SQLite's own notes find a rollback journal faster past
 * ~100 MB per transaction, so a big file is loaded in rollback-journal mode
 * (best effort: if another connection holds the WAL, it stays). Foreign keys
 * are off for row imports: every reference the importer writes is one it
 * just made, and with them on each upsert needs a statement journal (a copy
 * of each page it touches), which cost more than half the import time.
 * Postmortem imports keep them (their replacement relies on cascades).
 */
struct pragmas {
	int fk_off;
	int wal_off;
};

static void settings_enter(struct imp *im, struct pragmas *p)
{
	char v[16];

	memset(p, 0, sizeof(*p));
	if (im->rows.len > (4u << 20)) {
		sqlite3_exec(im->db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
		pragma_text(im->db, "PRAGMA journal_mode", v, sizeof(v));
		if (!strcmp(v, "wal")) {
			pragma_text(im->db, "PRAGMA journal_mode = DELETE", v, sizeof(v));
			p->wal_off = !strcmp(v, "delete");
		}
	}
	if (!is_postmortem(im->path, im->o)) {
		pragma_text(im->db, "PRAGMA foreign_keys", v, sizeof(v));
		if (!strcmp(v, "1") && sqlite3_exec(im->db, "PRAGMA foreign_keys = OFF", NULL, NULL,
						    NULL) == SQLITE_OK)
			p->fk_off = 1;
	}
}

static void settings_leave(struct imp *im, const struct pragmas *p)
{
	if (p->fk_off)
		sqlite3_exec(im->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (p->wal_off)
		sqlite3_exec(im->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
}

/* RECUR_SIMILAR_SYNC=1: the import indexes its new incidents for `recur
 * similar` itself. By default `recur link` (or the first search) does: the
 * index costs about half of a big import, which otherwise beats sqlite3's
 * own .import. */
static int similar_sync(void)
{
	const char *v = getenv("RECUR_SIMILAR_SYNC");

	return v && !strcmp(v, "1");
}

/* The transaction around one file. */
static int run(struct imp *im, struct recur_error *err)
{
	struct pragmas saved;
	int rc;

	settings_enter(im, &saved);
	if (recur_db_begin(im->db, err)) {
		settings_leave(im, &saved);
		return -1;
	}
	rc = is_postmortem(im->path, im->o) ? import_postmortem(im, err) : import_rows(im, err);
	/* asked for: the similarity index takes the file's new incidents in
	 * the same transaction, in one pass (similar.h) */
	if (!rc && !im->o->dry_run && similar_sync())
		rc = recur_similar_sync(im->db, NULL, err);
	if (rc == 1) { /* the same bytes were imported before: nothing to do */
		memset(im->r, 0, sizeof(*im->r));
		im->r->already_imported = 1;
		rc = 0;
		recur_db_rollback(im->db);
	} else if (rc || im->o->dry_run) {
		recur_db_rollback(im->db);
	} else if ((rc = recur_db_commit(im->db, err))) {
		recur_db_rollback(im->db);
	}
	settings_leave(im, &saved);
	return rc;
}

int recur_import_file(sqlite3 *db, const char *path, const struct recur_import_opts *opts,
		      struct recur_import_result *r, struct recur_error *err)
{
	struct imp_file file = { "", 0, -1 };
	struct hasher hash;
	struct imp_tz tz;
	struct imp im;
	int rc = -1, tz_set = 0;

	memset(r, 0, sizeof(*r));
	memset(&im, 0, sizeof(im));
	recur_buf_init(&im.extra, 0);
	recur_buf_init(&im.id, 0);
	recur_buf_init(&im.preview, 0);
	recur_buf_init(&im.objtext, 0);
	imp_batch_init(&im.one);
	recur_buf_init(&im.rows.j.text, 0);
	recur_buf_init(&im.rows.j.name, 0);
	hash.running = 0;
	if (file_open(&file, path, err))
		goto out;
	/* recur's own reviews and reports are never read back as data */
	if (imp_written_by_recur(file.buf, file.len, r->own_output, sizeof(r->own_output))) {
		rc = 0;
		goto out;
	}
	if (check_encoding(path, (const unsigned char *)file.buf, file.len, err))
		goto out;
	hash_start(&hash, &file);
	im.hasher = &hash;
	im.file = &file;
	if (opts->source_tz && strcmp(opts->source_tz, "UTC")) {
		if (recur_tz_check(opts->source_tz, "--source-tz", err))
			goto out;
		recur_tz_enter(&tz.zone, opts->source_tz);
		tz.hour = LLONG_MIN;
		tz_set = 1;
		im.tz = &tz;
	}
	im.db = db;
	im.path = path;
	im.o = opts;
	im.r = r;
	im.rows.buf = file.buf;
	im.rows.len = file.len;
	rc = run(&im, err);
out:
	hash_wait(&hash);
	release(&im);
	if (tz_set)
		recur_tz_leave(&tz.zone);
	file_close(&file);
	return rc;
}

/* ---- paths ---- */

static int wanted(const char *name)
{
	static const char *exts[] = { ".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".md",
				      ".markdown" };
	char base[512];
	size_t i, n = strlen(name);

	if (name[0] == '.' || n >= sizeof(base))
		return 0;
	memcpy(base, name, n + 1);
	if (n > 3 && !strcasecmp(base + n - 3, ".gz"))
		base[n -= 3] = '\0';
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t e = strlen(exts[i]);

		if (n > e && !strcasecmp(base + n - e, exts[i]))
			return 1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int expand_dir(const char *dir, char ***out, int *nout, size_t *cap, struct recur_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int first = *nout;
	struct stat st;

	if (!d)
		return recur_error_at(err, dir, 0, 0, "cannot read the folder: %s", strerror(errno));
	while ((e = readdir(d))) {
		struct recur_buf p = RECUR_BUF_INIT;

		if (!wanted(e->d_name))
			continue;
		recur_buf_addf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (stat(p.buf, &st) || !S_ISREG(st.st_mode)) {
			recur_buf_release(&p);
			continue;
		}
		xgrow((void **)out, cap, (size_t)*nout + 1, sizeof(**out));
		(*out)[(*nout)++] = recur_buf_detach(&p, NULL);
	}
	closedir(d);
	qsort(*out + first, (size_t)(*nout - first), sizeof(**out), cmp_str);
	return 0;
}

int recur_import_expand(char *const *paths, int npaths, char ***out, int *nout,
			struct recur_error *err)
{
	size_t cap = 0;
	struct stat st;
	int i;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < npaths; i++) {
		if (stat(paths[i], &st)) {
			recur_error_at(err, paths[i], 0, 0, "cannot read: %s; check the path",
				       strerror(errno));
			goto fail;
		}
		if (S_ISDIR(st.st_mode)) {
			if (expand_dir(paths[i], out, nout, &cap, err))
				goto fail;
			continue;
		}
		xgrow((void **)out, &cap, (size_t)*nout + 1, sizeof(**out));
		(*out)[(*nout)++] = xstrdup(paths[i]);
	}
	return 0;
fail:
	while (*nout > 0)
		free((*out)[--*nout]);
	free(*out);
	*out = NULL;
	return -1;
}
