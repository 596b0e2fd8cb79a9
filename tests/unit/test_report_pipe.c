/*
 * test_report_pipe.c — the queue that carries the workbook's rows to its
 * thread (report_pipe.c) in batches of flat records: every row comes out
 * as it went in, in order, across batches, a change of keys, text with a
 * NUL, text past a batch's size, nested values and the marks between
 * lists; a reader that stops early does not block the writer.
 */
#include "harness.h"
#include "recur/mem.h"
#include "report/report_pipe.h"

#include <stdio.h>
#include <stdlib.h>

struct reader {
	struct report_queue *q;
	struct recur_buf got; /* each row as JSON, a line each; "--" at a mark */
	size_t stop_after;    /* 0: read to the end; else close after that many rows */
	size_t rows;
};

static void *read_all(void *arg)
{
	struct reader *r = arg;
	const struct recur_json *row;
	int lists = 0;

	while (lists < 3) {
		if (report_queue_next(r->q, &row) == 1) {
			recur_json_write(row, &r->got, 0);
			recur_buf_addch(&r->got, '\n');
			if (++r->rows == r->stop_after)
				break;
		} else {
			recur_buf_adds(&r->got, "--\n");
			lists++;
		}
	}
	report_queue_close(r->q);
	return NULL;
}

/* Incident i: the keys of an incident row, some values null or true. */
static struct recur_json *incident(size_t i, const char *big)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT);
	char id[32];

	snprintf(id, sizeof(id), "INC-%zu", i);
	recur_json_set_string(o, "ext_id", id);
	if (i % 7 == 3)
		recur_json_set(o, "title", recur_json_new_stringn("a\0b", 3));
	else
		recur_json_set_string(o, "title", i % 1000 == 5 ? big : "Disk full on db-1");
	recur_json_set_number(o, "severity", (double)(1 + i % 4));
	recur_json_set(o, "closed", recur_json_new_bool(i % 3 == 0));
	recur_json_set(o, "problem_id", i % 5 ? recur_json_new_string("PRB-1")
					       : recur_json_new(RECUR_JSON_NULL));
	recur_json_set_number(o, "ttr_min", (double)i / 10.0);
	return o;
}

/* Problem i: other keys, one of them an array. */
static struct recur_json *problem(size_t i)
{
	struct recur_json *o = recur_json_new(RECUR_JSON_OBJECT), *a;

	recur_json_set_number(o, "rank", (double)i);
	a = recur_json_set(o, "reasons", recur_json_new(RECUR_JSON_ARRAY));
	recur_json_push(a, recur_json_new_string("rule"));
	recur_json_push(a, recur_json_new_number((double)i));
	return o;
}

static void put(struct report_queue *q, struct recur_json *row, struct recur_buf *want)
{
	report_queue_put(q, row);
	if (want) {
		recur_json_write(row, want, 0);
		recur_buf_addch(want, '\n');
	}
	recur_json_free(row); /* the queue holds its own copy */
}

/* Three lists: 5,000 incidents (several batches, keys that change half
 * way, text longer than a batch), an empty one, then 3,000 problems. */
static void rows_come_out_as_they_went_in(void)
{
	struct report_queue q;
	struct reader r = { &q, RECUR_BUF_INIT, 0, 0 };
	struct recur_buf want = RECUR_BUF_INIT;
	struct recur_json *odd;
	pthread_t t;
	char *big = xmalloc(REPORT_PIPE_BYTES + 10);
	size_t i;

	memset(big, 'x', REPORT_PIPE_BYTES + 9);
	big[REPORT_PIPE_BYTES + 9] = '\0';
	report_queue_init(&q);
	CHECK_INT(pthread_create(&t, NULL, read_all, &r), 0);
	for (i = 0; i < 5000; i++) {
		put(&q, incident(i, big), &want);
		if (i == 2500) { /* a row with other keys, then the usual ones again */
			odd = recur_json_new(RECUR_JSON_OBJECT);
			recur_json_set_string(odd, "note", "other keys");
			put(&q, odd, &want);
		}
	}
	report_queue_mark(&q);
	recur_buf_adds(&want, "--\n");
	report_queue_mark(&q);
	recur_buf_adds(&want, "--\n");
	for (i = 0; i < 3000; i++)
		put(&q, problem(i), &want);
	report_queue_end(&q);
	recur_buf_adds(&want, "--\n");
	pthread_join(t, NULL);
	CHECK_INT(r.rows, 8001);
	CHECK_INT(r.got.len, want.len);
	CHECK(r.got.len == want.len && !memcmp(r.got.buf, want.buf, want.len));
	report_queue_release(&q);
	recur_buf_release(&r.got);
	recur_buf_release(&want);
	free(big);
}

/* The reader stops after 10 rows (the workbook failed): the writer's
 * 50,000 more rows are dropped instead of waiting for room forever. */
static void reader_that_stops_does_not_block(void)
{
	struct report_queue q;
	struct reader r = { &q, RECUR_BUF_INIT, 10, 0 };
	pthread_t t;
	size_t i;

	report_queue_init(&q);
	CHECK_INT(pthread_create(&t, NULL, read_all, &r), 0);
	for (i = 0; i < 50000; i++)
		put(&q, incident(i, "big"), NULL);
	report_queue_mark(&q);
	report_queue_end(&q);
	pthread_join(t, NULL);
	CHECK_INT(r.rows, 10);
	report_queue_release(&q);
	recur_buf_release(&r.got);
}

int main(void)
{
	RUN(rows_come_out_as_they_went_in);
	RUN(reader_that_stops_does_not_block);
	return HARNESS_END();
}
