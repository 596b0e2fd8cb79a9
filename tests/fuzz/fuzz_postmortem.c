/*
 * fuzz_postmortem.c — the postmortem Markdown parser (recur_postmortem_parse)
 * on arbitrary bytes.
 *
 * The first byte picks the file name the parser is given (it is the last
 * resort for the incident reference) and whether headings in another
 * language are translated. A document parses or fails with a
 * message; a parsed one has consistent counts, NUL-terminated fixed-size
 * fields, and timeline and action lines inside the document.
 */
#include "fuzz.h"

#include "recur/postmortem.h"

/* Headings in another language, as the importer's vocabulary gives them
 * (bit 2 of the first byte turns them on). */
static const char *english(void *ctx, const char *key)
{
	(void)ctx;
	if (!strcmp(key, "resumen"))
		return "summary";
	if (!strcmp(key, "cronolog\xC3\xAD" "a"))
		return "timeline";
	if (!strcmp(key, "fecha"))
		return "date";
	return !strcmp(key, "acciones") ? "action items" : NULL;
}

static const struct recur_pm_words words = { english, NULL };

static const char *const names[4] = { "fuzz.md", NULL, "2026-10-13-INC0012345-db.md",
				      "SF-1278 outage.markdown" };

static void check_pm(const struct recur_postmortem *pm, long lines)
{
	size_t i;

	FUZZ_ASSERT(pm->nevents == 0 || pm->events);
	FUZZ_ASSERT(pm->nactions == 0 || pm->actions);
	FUZZ_ASSERT(memchr(pm->rejected_example, '\0', sizeof(pm->rejected_example)));
	FUZZ_ASSERT(memchr(pm->rejected_field, '\0', sizeof(pm->rejected_field)));
	FUZZ_ASSERT(memchr(pm->rejected_value, '\0', sizeof(pm->rejected_value)));
	FUZZ_ASSERT(pm->values_rejected >= 0);
	for (i = 0; i < pm->nevents; i++) {
		FUZZ_ASSERT(pm->events[i].text);
		FUZZ_ASSERT(pm->events[i].line >= 0 && pm->events[i].line <= lines);
	}
	for (i = 0; i < pm->nactions; i++) {
		FUZZ_ASSERT(pm->actions[i].text);
		FUZZ_ASSERT(pm->actions[i].line >= 0 && pm->actions[i].line <= lines);
		FUZZ_ASSERT(!pm->actions[i].owner || pm->actions[i].owner[0] != '@');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recur_postmortem *pm = NULL;
	struct recur_error err;
	long lines = 1;
	size_t i;
	char *buf;

	if (size < 1 || size > 200000)
		return 0;
	buf = fuzz_copy(data + 1, size - 1);
	for (i = 0; i + 1 < size; i++)
		lines += buf[i] == '\n' || (buf[i] == '\r' && (i + 2 >= size || buf[i + 1] != '\n'));
	recur_error_init(&err);
	if (recur_postmortem_parse_words(buf, size - 1, names[data[0] & 3],
					 data[0] & 4 ? &words : NULL, &pm, &err) == 0) {
		FUZZ_ASSERT(pm != NULL);
		check_pm(pm, lines);
		recur_postmortem_free(pm);
	} else {
		FUZZ_ASSERT(err.msg[0]);
	}
	free(buf);
	return 0;
}
