/*
 * fuzz_mustache.c — the Mustache engine (mustache.h) on arbitrary bytes.
 *
 * Layout of an input: one option byte (bits 0-1: no escaping, HTML or
 * Markdown), then the template, a NUL, the data as JSON, a NUL, and a partial.
 * Bad JSON data falls back to a fixed object with lists, nesting and
 * formula-looking text. The loader gives "self" the template itself (so
 * recursion hits the partial limits), "none" nothing, and every other name
 * the partial. The output is capped at 1 MiB, so a template that multiplies
 * its output fails with an error instead of exhausting memory.
 */
#include "fuzz.h"

#include "recur/json.h"
#include "recur/mustache.h"

static const char fallback[] =
	"{\"a\":1,\"b\":\"x<y>&'\\\"|`*_\",\"c\":[1,2,{\"d\":\"e\"}],\"t\":true,\"f\":false,"
	"\"n\":null,\"s\":\"\",\"o\":{\"p\":{\"q\":\"=cmd|' /C calc'!A0\"}},\"l\":[[1,[2]],[]],"
	"\"z\":0,\"m\":\"line1\\nline2\\r\\n\"}";

struct parts {
	const char *tmpl, *partial;
	size_t tlen, plen;
};

static int load(const char *name, struct recur_buf *out, void *ctx, struct recur_error *err)
{
	const struct parts *p = ctx;

	(void)err;
	if (!strcmp(name, "none"))
		return 0;
	if (!strcmp(name, "self"))
		return recur_buf_add(out, p->tmpl, p->tlen) ? -1 : 1;
	return recur_buf_add(out, p->partial, p->plen) ? -1 : 1;
}

/* The escapers' promises: no markup characters survive (mustache.h). */
static void check_escapes(const char *s, size_t len)
{
	struct recur_buf h = RECUR_BUF_INIT, m = RECUR_BUF_INIT;
	size_t i;

	FUZZ_ASSERT(recur_mustache_escape_html(&h, s, len) == 0);
	for (i = 0; i < h.len; i++)
		FUZZ_ASSERT(h.buf[i] != '<' && h.buf[i] != '>' && h.buf[i] != '"' && h.buf[i] != '\'');
	FUZZ_ASSERT(recur_mustache_escape_markdown(&m, s, len) == 0);
	for (i = 0; i < m.len; i++) {
		FUZZ_ASSERT(m.buf[i] != '\n' && m.buf[i] != '\r');
		if (strchr("|`*_[]<>&~#", m.buf[i]) && m.buf[i])
			FUZZ_ASSERT(i > 0 && m.buf[i - 1] == '\\');
	}
	recur_buf_release(&h);
	recur_buf_release(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const recur_mustache_escape_fn escapes[4] = {
		NULL, recur_mustache_escape_html, recur_mustache_escape_markdown, NULL
	};
	struct recur_mustache_opts o = { "fuzz.mustache", NULL, load, NULL };
	struct recur_json *json = NULL;
	struct recur_error err;
	struct recur_buf out;
	struct parts p;
	const char *rest, *djson;
	size_t rlen, dlen;
	char *buf;

	if (size < 1 || size > 65536)
		return 0;
	buf = fuzz_copy(data + 1, size - 1);
	o.escape = escapes[data[0] & 3];
	fuzz_split(buf, size - 1, &p.tmpl, &p.tlen, &rest, &rlen);
	fuzz_split(rest, rlen, &djson, &dlen, &p.partial, &p.plen);
	o.ctx = &p;
	recur_error_init(&err);
	if (recur_json_parse(djson, dlen, "data", &json, &err)) {
		recur_error_init(&err);
		FUZZ_ASSERT(recur_json_parse(fallback, sizeof(fallback) - 1, "data", &json, &err) == 0);
	}
	check_escapes(p.tmpl, p.tlen);
	recur_buf_init(&out, 1 << 20);
	if (recur_mustache_render(p.tmpl, p.tlen, json, &o, &out, &err))
		FUZZ_ASSERT(err.msg[0]);
	FUZZ_ASSERT(out.len <= (1 << 20) && out.buf[out.len] == '\0');
	recur_buf_release(&out);
	recur_json_free(json);
	free(buf);
	return 0;
}
