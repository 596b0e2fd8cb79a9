/*
 * import_read.c — the reader: an export's bytes and its records.
 *
 * The file is mapped (gzip inflated first), and its records come one at a
 * time: CSV rows from csv.c, JSON records from import_json.c. Pages behind
 * the read position go back to the kernel as the rows go by.
 */
#include "import_int.h"
#include "recur/decode.h"
#include "recur/mem.h"
#include "recur/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/*
 * An export is mapped read-only instead of read into the heap: the parsers
 * still see one (buf, len) and slice fields out of it without copying, the
 * event log can still go back to a row by its offset, and the pages behind
 * the read position are handed back as the rows go by (imp_drop_behind), so
 * the resident memory stays a window of a few MB whatever the file's size
 * (the page cache keeps the bytes for the second pass). gzip is inflated in
 * chunks into an unlinked temporary file that is mapped the same way.
 */
struct hasher {
	const struct imp_file *file;
	char sha[65];
	pthread_t thread;
	int running;
};

struct imp_file {
	char *buf;
	size_t len;
	int fd;                 /* the mapped file (the plain file or the inflated copy) */
	struct hasher hash;     /* its sha256, computed beside the first pass */
};

static void hash_wait(struct hasher *h);

#define DROP_STEP ((size_t)8 << 20)

/* Hands back f's pages from *dropped to a little before offset, once that is
 * DROP_STEP on: a big file stays a window of resident memory while it is
 * read, scanned or converted. */
static void release_before(const struct imp_file *f, size_t *dropped, size_t offset)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), from, to;

	if (!f || !f->len || offset < *dropped + DROP_STEP)
		return;
	from = *dropped / page * page;
	to = (offset > DROP_STEP ? offset - DROP_STEP / 8 : 0) / page * page;
	if (to > (f->len + page - 1) / page * page)
		to = (f->len + page - 1) / page * page;
	if (to > from)
		madvise(f->buf + from, to - from, MADV_DONTNEED);
	*dropped = to;
}

void imp_drop_behind(struct imp_reader *rd, size_t offset)
{
	release_before(rd->file, &rd->dropped, offset);
}

void imp_read_through(struct imp_reader *rd)
{
	imp_drop_behind(rd, SIZE_MAX);
	rd->dropped = 0;
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

	recur_buf_addf(&p, "%s/recur-XXXXXX", dir && *dir ? dir : "/tmp");
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

static void file_unmap(struct imp_file *f)
{
	if (f->len)
		munmap(f->buf, f->len);
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	f->len = 0;
}

/* Maps size bytes of fd (which f then owns) read-only. */
static int map_fd(struct imp_file *f, int fd, off_t size, const char *path,
		  struct recur_error *err)
{
	f->fd = fd;
	if (size > 0) {
		void *m = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (m == MAP_FAILED) {
			file_unmap(f);
			return recur_error_at(err, path, 0, 0, "cannot read the file: %s; check the "
					      "path", strerror(errno));
		}
		f->buf = m;
		f->len = (size_t)size;
		madvise(m, f->len, MADV_SEQUENTIAL);
	}
	return 0;
}

static int file_map(struct imp_file *f, const char *path, struct recur_error *err)
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
	return map_fd(f, fd, st.st_size, path, err);
}

/* ---- what the bytes are ---- */

/*
 * Workbooks, PDFs and archives given by mistake are named, with what to do,
 * before anything reads them as text (an .xlsx would otherwise fail on a
 * NUL byte in a field).
 */
int imp_file_check_binary(const struct imp_file *f, const char *path, struct recur_error *err)
{
	char what[512];

	if (!recur_decode_binary(f->buf, f->len, what, sizeof(what)))
		return 0;
	return recur_error_at(err, path, 0, 0, "the file is %s", what);
}

/* The length of f's valid UTF-8 prefix (f->len: all of it), read
 * DROP_STEP bytes at a time. */
static size_t utf8_prefix(const struct imp_file *f)
{
	size_t off = 0, n, v, dropped = 0;

	while (off < f->len) {
		n = f->len - off < DROP_STEP ? f->len - off : DROP_STEP;
		v = recur_utf8_valid(f->buf + off, n);
		/* a character cut by the end of the step is read whole by the next */
		if (v < n && (off + n == f->len || n - v >= 4))
			return off + v;
		off += v;
		release_before(f, &dropped, off);
	}
	return f->len;
}

/* What text that is not all UTF-8 is: judged on DROP_STEP bytes each side
 * of its first bad byte at, so a big file is not read whole twice. */
static void detect_text(const struct imp_file *f, size_t at, struct recur_decode_guess *g)
{
	size_t from = at > DROP_STEP ? at - DROP_STEP : 0, dropped = from / DROP_STEP * DROP_STEP;
	size_t n = f->len - from < 2 * DROP_STEP ? f->len - from : 2 * DROP_STEP;

	recur_decode_detect_text(f->buf + from, n, g);
	release_before(f, &dropped, from + n);
}

struct decoded {
	int fd;                     /* the temporary file the UTF-8 goes to */
	const struct imp_file *in;
	size_t dropped;
	const char *path;
	struct recur_error *err;
};

static int write_decoded(void *ctx, const char *p, size_t n, size_t consumed)
{
	struct decoded *d = ctx;

	if (write_all(d->fd, (const unsigned char *)p, n))
		return recur_error_at(d->err, d->path, 0, 0, "cannot write the text converted to "
				      "UTF-8 to a temporary file: %s; free space or set TMPDIR",
				      strerror(errno));
	release_before(d->in, &d->dropped, consumed);
	return 0;
}

/* Replaces f's bytes by their conversion to UTF-8, in an unlinked
 * temporary file mapped like the export (as gzip is inflated). */
static int file_decode(struct imp_file *f, const char *path, const struct recur_decode_guess *g,
		       struct recur_error *err)
{
	struct decoded d = { temp_file(), f, 0, path, err };
	struct stat st;

	if (d.fd < 0)
		return recur_error_at(err, path, 0, 0, "cannot make a temporary file to convert "
				      "into: %s; set TMPDIR to a writable folder", strerror(errno));
	if (recur_decode_convert(f->buf, f->len, g->bom, g->name, path, write_decoded, &d, err)) {
		close(d.fd);
		return -1;
	}
	file_unmap(f);
	f->buf = "";
	if (fstat(d.fd, &st)) {
		close(d.fd);
		return recur_error_at(err, path, 0, 0, "cannot read the converted text: %s",
				      strerror(errno));
	}
	return map_fd(f, d.fd, st.st_size, path, err);
}

/*
 * The encoding: --encoding, else a byte order mark or UTF-16's zero bytes,
 * else valid UTF-8 (the common case: one fast pass), else what
 * recur_decode_detect makes of the bytes. Text that is not UTF-8 is
 * converted before anything reads it, so the readers only ever see UTF-8,
 * and the fingerprint is the converted text's.
 */
int imp_file_decode(struct imp_file *f, const char *path, const struct recur_import_opts *o,
			 struct recur_import_result *r, struct recur_error *err)
{
	struct recur_decode_guess g;
	size_t at;

	memset(&g, 0, sizeof(g));
	if (o->encoding) {
		if (!recur_decode_known(o->encoding))
			return recur_error_usage(err, "unknown encoding '%s' for --encoding: give a "
						 "name like UTF-8, UTF-16, WINDOWS-1252, WINDOWS-1251 "
						 "or ISO-8859-1 (iconv -l lists them)", o->encoding);
		snprintf(g.name, sizeof(g.name), "%s", o->encoding);
		g.utf8 = recur_decode_is_utf8(o->encoding);
		g.why = "--encoding";
	} else if (!recur_decode_mark(f->buf, f->len, &g)) {
		if ((at = utf8_prefix(f)) == f->len) {
			snprintf(g.name, sizeof(g.name), "UTF-8");
			g.utf8 = 1;
			g.why = "valid UTF-8";
		} else {
			detect_text(f, at, &g);
		}
	}
	snprintf(r->encoding, sizeof(r->encoding), "%s", g.name);
	snprintf(r->encoding_why, sizeof(r->encoding_why), "%s", g.why);
	return g.utf8 ? 0 : file_decode(f, path, &g, err);
}

struct xes_out {
	int fd;
	const char *path;
	struct recur_error *err;
};

static int write_xes(void *ctx, const char *p, size_t n)
{
	struct xes_out *o = ctx;

	if (write_all(o->fd, (const unsigned char *)p, n))
		return recur_error_at(o->err, o->path, 0, 0, "cannot write the XES log's rows to a "
				      "temporary file: %s; free space or set TMPDIR", strerror(errno));
	return 0;
}

int imp_file_xes(struct imp_file *f, const char *path, long *traces, long *events,
		 struct recur_error *err)
{
	struct xes_out o = { -1, path, err };
	struct stat st;

	*traces = *events = 0;
	if (!imp_xes_looks(f->buf, f->len))
		return 0;
	if ((o.fd = temp_file()) < 0)
		return recur_error_at(err, path, 0, 0, "cannot make a temporary file to convert "
				      "into: %s; set TMPDIR to a writable folder", strerror(errno));
	if (imp_xes_to_csv(f->buf, f->len, path, write_xes, &o, traces, events, err)) {
		close(o.fd);
		return -1;
	}
	file_unmap(f);
	f->buf = "";
	if (fstat(o.fd, &st)) {
		close(o.fd);
		return recur_error_at(err, path, 0, 0, "cannot read the XES log's rows: %s",
				      strerror(errno));
	}
	return map_fd(f, o.fd, st.st_size, path, err);
}

/* ---- the file ---- */

int imp_file_open(struct imp_file **out, const char *path, struct recur_error *err)
{
	struct imp_file *f = xcalloc(1, sizeof(*f));

	if (file_map(f, path, err)) {
		free(f);
		*out = NULL;
		return -1;
	}
	*out = f;
	return 0;
}

void imp_file_close(struct imp_file *f)
{
	if (!f)
		return;
	hash_wait(&f->hash);
	file_unmap(f);
	free(f);
}

const char *imp_file_bytes(const struct imp_file *f, size_t *len)
{
	*len = f->len;
	return f->buf;
}

/* ---- the fingerprint ---- */

/*
 * The sha256 of a big file is computed on a second thread while the read-only
 * pass runs (it costs as much as parsing); writes wait for it, because a
 * file seen before must change nothing. The thread reads the bytes with
 * pread into its own small buffer, so it does not add the file to the
 * resident memory.
 */

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

void imp_file_hash(struct imp_file *f)
{
	struct hasher *h = &f->hash;

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

const char *imp_file_sha256(struct imp_file *f)
{
	hash_wait(&f->hash);
	return f->hash.sha;
}

/* ---- records of either kind ---- */

void imp_rows_rewind(struct imp_reader *rd)
{
	struct recur_error ignore;
	char delim = rd->csv.delim;
	long i;

	rd->dropped = 0; /* the pages are read again from the start */
	if (rd->json) {
		rd->j.idx = 0;
		return;
	}
	recur_csv_release(&rd->csv);
	recur_csv_init(&rd->csv, rd->buf, rd->len, rd->path, delim);
	rd->csv.max_field = rd->max_field;
	rd->csv.max_cols = rd->max_cols;
	for (i = 0; i <= rd->preamble; i++) /* the header (and lines above it), read fine before */
		recur_csv_next(&rd->csv, &ignore);
}

/* Whether the input ends without a line end (a download or copy cut short). */
static int cut_short(const struct recur_csv *c)
{
	return c->end > c->buf && c->end[-1] != '\n' && c->end[-1] != '\r';
}

int imp_rows_next(struct imp_reader *rd, const struct recur_csv_field **f, size_t *n,
		  long *line, struct recur_error *err)
{
	int r;

	if (rd->json) {
		r = jrows_next(&rd->j, err);
		*f = rd->j.vals;
		*n = rd->j.n + rd->j.npaths;
		*line = (long)rd->j.idx;
		return r;
	}
	r = recur_csv_next(&rd->csv, err);
	if (!rd->threaded) /* else the writer drops what it has written */
		imp_drop_behind(rd, recur_csv_offset(&rd->csv));
	*f = rd->csv.fields;
	*n = rd->csv.nfields;
	*line = rd->csv.rec_line;
	if (r == 1 && *n < rd->nhead && rd->csv.p == rd->csv.end && cut_short(&rd->csv))
		return recur_error_at(err, rd->path, *line, 1, "the last row has %zu of the "
				      "header's %zu fields and no line end: the file looks "
				      "truncated; copy or download it again", *n, rd->nhead);
	return r;
}

void imp_read_check_width(struct imp_reader *rd, size_t n, long line)
{
	if (rd->json || n == rd->nhead)
		return;
	if (rd->ragged < 3) {
		rd->ragged_line[rd->ragged] = line;
		rd->ragged_n[rd->ragged] = n;
	}
	rd->ragged++;
}

size_t imp_read_offset(const struct imp_reader *rd)
{
	if (rd->json)
		return rd->j.nrecs ? rd->len * rd->j.idx / rd->j.nrecs : 0;
	return recur_csv_offset(&rd->csv);
}

