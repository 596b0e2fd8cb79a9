/*
 * import_rows.c — the row pass: reader → converter → writer, row by row.
 *
 * One pass reads, converts and upserts, and scans as it goes: each time
 * column for its day/month order, the severity column for the SEV0 scale.
 * Until the whole file is seen, numeric dates read month-first unless day
 * first is plain (31/01) and severities on the SEV1 scale; when the file's
 * evidence contradicts a guess that was used, the pass is rolled back and
 * run again with what the scan decided (a day-first export with 01/02-style
 * dates, a SEV0 label after SEV1s).
 *
 * A row is converted into an imp_row of plain values (import_convert.c, no
 * database access), then written (import_write.c): that split lets
 * import_pipeline.c convert on one thread and write on another. Event logs
 * are import_eventlog.c's; files are import.c's.
 */
#include "import_int.h"
#include "recur/db.h"

#include <stdlib.h>
#include <string.h>

void imp_progress(struct imp *im, long rows)
{
	if (im->o->progress)
		im->o->progress(im->path, (long long)imp_read_offset(&im->rd), (long long)im->rd.len,
				rows, im->o->progress_ctx);
}

void imp_scan(struct imp *im, const struct recur_csv_field *f, size_t n, long line)
{
	imp_read_check_width(&im->rd, n, line);
	imp_scan_row(&im->cv, f, n, line);
}

int imp_process_row(struct imp *im, const struct recur_csv_field *f, size_t n, long line,
		    const long long *over, long long *incident, struct recur_error *err)
{
	imp_batch_reset(&im->one);
	if (incident)
		*incident = 0;
	return imp_convert_row(&im->cv, &im->one, f, n, line, over, err) ||
	       imp_write_row(&im->wr, &im->one, 0, incident, err) ? -1 : 0;
}

/* ---- the row pass ---- */

/* What a pass adds to the result, undone before a second one. */
static void forget_pass(struct imp *im)
{
	struct recur_import_result *r = im->r;

	r->incidents_new = r->incidents_updated = r->incidents_unchanged = 0;
	r->events = r->values_rejected = 0;
	r->nexamples = r->npreview = 0;
	memset(im->cv.rejects, 0, sizeof(im->cv.rejects));
	imp_span_reset(&im->wr);
}

/*
 * The writes begin (import.c's imp_begin_writes: the sources row and the
 * statements, once the file's hash says it is new) when the first pass is
 * under way, so the hash runs beside the parser; then the savepoint a
 * second pass rolls back to. 0, 1 when the file was imported before, -1.
 */
int imp_start_writes(struct imp *im, struct recur_error *err)
{
	int r;

	im->start_writes = 0;
	if ((r = imp_begin_writes(im, err)))
		return r;
	return recur_db_exec(im->db, "SAVEPOINT row_pass", err) ? -1 : 0;
}

/* Reads, converts and writes every row in this thread. */
static int pass_here(struct imp *im, long *rows, struct recur_error *err)
{
	const struct recur_csv_field *f;
	size_t n;
	long line;
	long long incident;
	int r, events = im->cv.map.prof && im->cv.map.prof->nev && im->rd.json;

	*rows = 0;
	if (im->start_writes && (r = imp_start_writes(im, err)))
		return r;
	while ((r = imp_rows_next(&im->rd, &f, &n, &line, err)) == 1) {
		if (im->scanning)
			imp_scan(im, f, n, line);
		incident = 0;
		if (imp_process_row(im, f, n, line, NULL, events ? &incident : NULL, err))
			return -1;
		if (incident && imp_json_events(im, incident, err))
			return -1;
		if (++*rows % 16384 == 0)
			imp_progress(im, *rows);
	}
	return r;
}

/* RECUR_THREADS=1 keeps the whole pass on one thread (to compare outputs). */
static int one_thread(void)
{
	const char *t = getenv("RECUR_THREADS");

	return t && !strcmp(t, "1");
}

static int pass(struct imp *im, long *rows, struct recur_error *err)
{
	if ((im->rd.json && im->cv.map.prof && im->cv.map.prof->nev) || one_thread())
		return pass_here(im, rows, err);
	return imp_pipeline_run(im, rows, err);
}

/*
 * --strict stops at the first value it cannot read; the file's own faults
 * (CSV syntax, a column with both date orders) are reported before any such
 * value, wherever they are, so a strict import scans the whole file first
 * and its pass reads in the decided orders.
 */
static int scan_first(struct imp *im, struct recur_error *err)
{
	const struct recur_csv_field *f;
	size_t n;
	long line;
	int r;

	while ((r = imp_rows_next(&im->rd, &f, &n, &line, err)) == 1)
		imp_scan(im, f, n, line);
	if (r < 0 || imp_decide_orders(&im->cv, err))
		return -1;
	imp_rows_rewind(&im->rd);
	return 0;
}

int imp_read_rows(struct imp *im, struct recur_error *err)
{
	enum recur_date_order guess[NFIELDS];
	long rows = 0;
	int r;

	imp_convert_setup(&im->cv);
	imp_guess_orders(&im->cv);
	if (im->o->strict && scan_first(im, err))
		return -1;
	memcpy(guess, im->cv.order, sizeof(guess));
	im->scanning = !im->o->strict;
	im->start_writes = 1;
	r = pass(im, &rows, err);
	im->scanning = 0;
	if (r)
		return r;
	if (imp_decide_orders(&im->cv, err))
		return -1;
	if (imp_guessed_wrong(&im->cv, guess)) {
		if (recur_db_exec(im->db, "ROLLBACK TO row_pass", err) ||
		    imp_write_reload(&im->wr, err))
			return -1;
		forget_pass(im);
		imp_rows_rewind(&im->rd);
		if (pass(im, &rows, err) < 0)
			return -1;
	}
	if (recur_db_exec(im->db, "RELEASE row_pass", err))
		return -1;
	im->r->rows = rows;
	if (im->o->progress)
		im->o->progress(im->path, (long long)im->rd.len, (long long)im->rd.len, rows,
				im->o->progress_ctx);
	return 0;
}
