/*
 * postmortem.c — a postmortem document (Markdown) into a struct recur_postmortem.
 *
 * cmark-gfm parses the blocks, with its table and task-list extensions; the
 * walk then reads the document the way people write postmortems (Google SRE
 * and PagerDuty templates): the first H1 is the title, "Key: value" lines,
 * list items or a small table near the top are metadata, and headings name
 * sections through the vocabulary below. The timeline and the action items
 * are read from the source lines of the blocks (a table's rows are the lines
 * of its row nodes), not from inlines, so text is kept as the Markdown the
 * author wrote. This file knows nothing of SQLite
 * (postmortem_store.c writes the result), so it can be unit tested and fuzzed.
 *
 * A document may open with YAML front matter (frontmatter.c reads it), as
 * Jekyll, Hugo and Docusaurus sites keep postmortems: its keys (fm_keys
 * below) win over the Markdown for the title, the times and the metadata.
 * A document whose Markdown has no section the vocabulary knows keeps its
 * body whole, as the description.
 *
 * The vocabulary is a static table here, not a file in queries/: the parser
 * must work without a database (the fuzz target has none), and each entry
 * names a struct field, so a new field needs code anyway; a new spelling of a
 * heading is one line below.
 */
#include "recur/buf.h"
#include "recur/frontmatter.h"
#include "recur/mem.h"
#include "recur/postmortem.h"
#include "recur/timeparse.h"
#include "recur/timeutil.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 16          /* nested lists/quotes deeper than this are not read */
#define MAX_SIZE (16u << 20)  /* a postmortem is prose: a bigger file is something else */
#define ROLLOVER (6 * 3600)   /* a time this much before the previous one is the next day */

enum field {
	S_NONE, S_META, S_SUMMARY, S_IMPACT, S_ROOT, S_TRIGGER, S_CONTRIB, S_RESOLUTION,
	S_DETECTION, S_LESSONS, S_ACTIONS, S_TIMELINE,
	M_REF, M_DATE, M_AUTHORS, M_STATUS, M_SEVERITY, M_SERVICES,
	NFIELD
};

/* Section headings and metadata keys, normalised: lower case, single spaces. */
static const struct {
	const char *name;
	enum field field;
} vocab[] = {
	{ "summary", S_SUMMARY }, { "executive summary", S_SUMMARY }, { "overview", S_SUMMARY },
	{ "incident summary", S_SUMMARY }, { "what happened", S_SUMMARY },
	{ "description", S_SUMMARY },
	{ "impact", S_IMPACT }, { "customer impact", S_IMPACT }, { "business impact", S_IMPACT },
	{ "user impact", S_IMPACT },
	{ "root cause", S_ROOT }, { "root causes", S_ROOT }, { "root cause analysis", S_ROOT },
	{ "root causes and trigger", S_ROOT }, { "root cause and trigger", S_ROOT },
	{ "cause", S_ROOT }, { "causes", S_ROOT },
	{ "trigger", S_TRIGGER }, { "triggers", S_TRIGGER },
	{ "contributing factors", S_CONTRIB }, { "contributing factor", S_CONTRIB },
	{ "resolution", S_RESOLUTION }, { "mitigation", S_RESOLUTION }, { "recovery", S_RESOLUTION },
	{ "resolution and recovery", S_RESOLUTION },
	{ "detection", S_DETECTION },
	{ "action items", S_ACTIONS }, { "action item", S_ACTIONS }, { "follow-ups", S_ACTIONS },
	{ "follow ups", S_ACTIONS }, { "followups", S_ACTIONS }, { "corrective actions", S_ACTIONS },
	{ "remediation", S_ACTIONS }, { "remediations", S_ACTIONS }, { "next steps", S_ACTIONS },
	{ "timeline", S_TIMELINE }, { "incident timeline", S_TIMELINE },
	{ "lessons learned", S_LESSONS }, { "lessons learnt", S_LESSONS },
	{ "what went well", S_LESSONS }, { "what went wrong", S_LESSONS },
	{ "what didn't go so well", S_LESSONS }, { "where we got lucky", S_LESSONS },
	{ "where did we get lucky", S_LESSONS }, { "how'd we do", S_LESSONS },
	{ "metadata", S_META }, { "details", S_META }, { "incident details", S_META },
	{ "incident", M_REF }, { "incident id", M_REF }, { "incident number", M_REF },
	{ "incident ref", M_REF }, { "incident reference", M_REF }, { "incident ticket", M_REF },
	{ "incident #", M_REF }, { "ticket", M_REF }, { "reference", M_REF },
	{ "date", M_DATE }, { "incident date", M_DATE }, { "date of incident", M_DATE },
	{ "authors", M_AUTHORS }, { "author", M_AUTHORS }, { "written by", M_AUTHORS },
	{ "postmortem owner", M_AUTHORS }, { "owner", M_AUTHORS }, { "owners", M_AUTHORS },
	{ "status", M_STATUS }, { "postmortem status", M_STATUS }, { "document status", M_STATUS },
	{ "severity", M_SEVERITY }, { "sev", M_SEVERITY }, { "incident severity", M_SEVERITY },
	{ "priority", M_SEVERITY }, { "incident priority", M_SEVERITY },
	{ "services", M_SERVICES }, { "service", M_SERVICES }, { "affected services", M_SERVICES },
	{ "services affected", M_SERVICES }, { "components", M_SERVICES },
};

#define NVOCAB (sizeof(vocab) / sizeof(vocab[0]))

/* Time zone abbreviations a timeline note may name ("All times PDT"). */
static const struct {
	const char *name;
	int minutes;
} zones[] = {
	{ "UTC", 0 }, { "GMT", 0 }, { "Z", 0 }, { "CET", 60 }, { "CEST", 120 }, { "BST", 60 },
	{ "EET", 120 }, { "EEST", 180 }, { "EST", -300 }, { "EDT", -240 }, { "CST", -360 },
	{ "CDT", -300 }, { "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
};

struct line {
	const char *p;
	size_t n;
};

struct parser {
	const char *buf;
	size_t len;
	struct line *lines;       /* 1-based, as cmark counts */
	size_t nlines;
	struct recur_postmortem *pm;
	enum field section;
	int level;                /* heading level of the section */
	long sec_first, sec_last; /* source lines of the section's blocks so far */
	struct recur_buf text[NFIELD];
	enum field cont;          /* metadata field a continuation line extends */
	long long tl_date;        /* day (00:00) that times without a date belong to */
	long long fallback_day;   /* the date in the file name or title, 0 = none */
	long tl_off;              /* offset of the timeline's times, seconds east of UTC */
	long long last_at;
	size_t cap_events, cap_actions;
	long title_first, title_last; /* source lines of the heading the title came from */
	char *fm_id, *fm_slug;    /* front matter id and slug: references of last resort */
	char *fm_summary;         /* front matter summary: a Summary section wins */
	const struct recur_pm_words *words; /* headings in other languages, or NULL */
};

/* ---- small text helpers ---- */

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* A copy of s[0..n), trimmed; NULL when nothing is left. Caller owns the result. */
static char *dup_trim(const char *s, size_t n)
{
	trim(&s, &n);
	return n ? xstrndup(s, n) : NULL;
}

/* An owner as the struct promises it: no '@' in front ("@@maria", "@ maria"), NULL when empty. */
static char *dup_owner(const char *s, size_t n)
{
	trim(&s, &n);
	while (n && (*s == '@' || *s == ' ' || *s == '\t'))
		s++, n--;
	return dup_trim(s, n);
}

/* Lower case, emphasis marks dropped, runs of space as one, trailing ':' dropped. */
static void normalise(const char *s, size_t n, char *out, size_t size)
{
	size_t o = 0, i;
	int space = 0;

	for (i = 0; i < n && o + 2 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '*' || c == '_' || c == '`')
			continue;
		if (is_space(c)) {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = 0;
		out[o++] = (char)tolower(c);
	}
	while (o && (out[o - 1] == ':' || out[o - 1] == '?' || out[o - 1] == '.'))
		o--;
	out[o] = '\0';
}

static int lookup_english(const char *key)
{
	size_t i;

	for (i = 0; i < NVOCAB; i++)
		if (!strcmp(vocab[i].name, key))
			return vocab[i].field;
	return S_NONE;
}

int recur_postmortem_heading_known(const char *heading)
{
	return lookup_english(heading) != S_NONE;
}

/* A heading or key in English, else through the caller's words ("Cronología"). */
static int lookup(const struct parser *p, const char *key)
{
	int f = lookup_english(key);
	const char *en;

	if (f == S_NONE && p->words && *key && (en = p->words->english(p->words->ctx, key)))
		f = lookup_english(en);
	return f;
}

/*
 * The section a heading names: exactly, after dropping numbering ("3.") and a
 * parenthetical ("Timeline (UTC)"), or by its longest vocabulary prefix that
 * ends at a word boundary ("Timeline — all times UTC").
 */
static enum field heading_field(const struct parser *p, const char *text)
{
	char key[128], *k = key, *paren;
	size_t i, best = 0;
	enum field f, found = S_NONE;

	normalise(text, strlen(text), key, sizeof(key));
	while (isdigit((unsigned char)*k) || *k == '.' || *k == ' ')
		k++;
	if ((f = lookup(p, k)) != S_NONE)
		return f;
	if ((paren = strchr(k, '(')) && paren > k) {
		*paren = '\0';
		while (paren > k && paren[-1] == ' ')
			*--paren = '\0';
		if ((f = lookup(p, k)) != S_NONE)
			return f;
	}
	for (i = 0; i < NVOCAB; i++) {
		size_t n = strlen(vocab[i].name);

		if (vocab[i].field > S_TIMELINE || n <= best || strncmp(k, vocab[i].name, n) ||
		    isalnum((unsigned char)k[n]))
			continue;
		best = n;
		found = vocab[i].field;
	}
	return found;
}

static char **field_ptr(struct recur_postmortem *pm, enum field f)
{
	switch (f) {
	case S_SUMMARY: return &pm->summary;
	case S_IMPACT: return &pm->impact;
	case S_ROOT: return &pm->root_cause;
	case S_TRIGGER: return &pm->trigger;
	case S_CONTRIB: return &pm->contributing;
	case S_RESOLUTION: return &pm->resolution;
	case S_DETECTION: return &pm->detection;
	case S_LESSONS: return &pm->lessons;
	case M_AUTHORS: return &pm->authors;
	case M_STATUS: return &pm->status;
	case M_SEVERITY: return &pm->severity;
	case M_SERVICES: return &pm->services;
	default: return NULL;
	}
}

/* Index of the source lines (cmark's numbering: \n, \r\n and \r end a line). */
static void index_lines(struct parser *p)
{
	size_t cap = 0, i = 0, start = 0;

	xgrow((void **)&p->lines, &cap, 2, sizeof(*p->lines));
	p->nlines = 1; /* lines[0] unused */
	while (i <= p->len) {
		if (i == p->len || p->buf[i] == '\n' || p->buf[i] == '\r') {
			xgrow((void **)&p->lines, &cap, p->nlines + 1, sizeof(*p->lines));
			p->lines[p->nlines].p = p->buf + start;
			p->lines[p->nlines++].n = i - start;
			if (i < p->len && p->buf[i] == '\r' && i + 1 < p->len && p->buf[i + 1] == '\n')
				i++;
			start = i + 1;
		}
		i++;
	}
}

static struct line get_line(const struct parser *p, long n)
{
	struct line none = { "", 0 };

	return n >= 1 && (size_t)n < p->nlines ? p->lines[n] : none;
}

/* The plain text of a node's inlines (iterative: emphasis may nest deeply). */
static void plain_text(cmark_node *node, struct recur_buf *out)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(n)))
				recur_buf_adds(out, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK: recur_buf_addch(out, ' '); break;
		default: break;
		}
	}
	cmark_iter_free(it);
}

/* ---- times ---- */

static int digits(const char *s, size_t n, size_t i, size_t count, int *out)
{
	size_t k;

	*out = 0;
	if (i + count > n)
		return 0;
	for (k = 0; k < count; k++) {
		if (!isdigit((unsigned char)s[i + k]))
			return 0;
		*out = *out * 10 + (s[i + k] - '0');
	}
	return 1;
}

/* "YYYY-MM-DD" (or with '/') at s+i: the day's epoch seconds; 10 chars. */
static int iso_date(const char *s, size_t n, size_t i, long long *day)
{
	int y, m, d, y2, m2, d2;

	if (!digits(s, n, i, 4, &y) || i + 10 > n || (s[i + 4] != '-' && s[i + 4] != '/') ||
	    s[i + 7] != s[i + 4] || !digits(s, n, i + 5, 2, &m) || !digits(s, n, i + 8, 2, &d) ||
	    m < 1 || m > 12 || d < 1 || d > 31 || (i + 10 < n && isdigit((unsigned char)s[i + 10])))
		return 0;
	*day = recur_time_make(y, m, d, 0, 0, 0);
	recur_civil_from_days(*day / 86400, &y2, &m2, &d2);
	return y2 == y && m2 == m && d2 == d; /* not 2026-02-30 */
}

/* A zone after a time or in a note: UTC, GMT, Z, UTC+2, +02:00, -0700, PDT. Returns chars read. */
static size_t zone(const char *s, size_t n, size_t i, long *off)
{
	size_t start = i, k;
	int h = 0, m = 0, sign;

	for (k = 0; k < sizeof(zones) / sizeof(zones[0]); k++) {
		size_t zl = strlen(zones[k].name);

		if (i + zl <= n && !memcmp(s + i, zones[k].name, zl) &&
		    (i + zl == n || !isalpha((unsigned char)s[i + zl]))) {
			*off = zones[k].minutes * 60L;
			i += zl;
			break;
		}
	}
	if (i < n && (s[i] == '+' || s[i] == '-') && i + 1 < n && isdigit((unsigned char)s[i + 1])) {
		sign = s[i] == '-' ? -1 : 1;
		i++;
		if (digits(s, n, i, 2, &h))
			i += 2;
		else if (digits(s, n, i, 1, &h))
			i += 1;
		if (i < n && s[i] == ':')
			i++;
		if (digits(s, n, i, 2, &m))
			i += 2;
		if (h > 14 || m > 59)
			return 0;
		*off = sign * (h * 3600L + m * 60L);
	}
	return i - start;
}

struct lead {
	int has_date, has_time;
	long long day;            /* when has_date */
	long secs;                /* seconds into the day, when has_time */
	int has_zone;
	long off;
	size_t end;               /* where the text after the time starts */
};

static size_t skip_marks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == '*' || s[i] == '_' || s[i] == '`' || s[i] == '[' || s[i] == ']' ||
			 s[i] == ' ' || s[i] == '\t' || s[i] == '('))
		i++;
	return i;
}

/* "H:MM[:SS] [am|pm]" at s+i; 0 when there is none, else chars read. */
static size_t clock_time(const char *s, size_t n, size_t i, long *secs)
{
	size_t start = i;
	int h, m, sec = 0;

	if (digits(s, n, i, 2, &h))
		i += 2;
	else if (digits(s, n, i, 1, &h))
		i += 1;
	else
		return 0;
	if (i >= n || s[i] != ':' || !digits(s, n, i + 1, 2, &m))
		return 0;
	i += 3;
	if (i < n && s[i] == ':' && digits(s, n, i + 1, 2, &sec))
		i += 3;
	while (i < n && (s[i] == '.' || s[i] == ',') && i + 1 < n && isdigit((unsigned char)s[i + 1]))
		for (i++; i < n && isdigit((unsigned char)s[i]); i++)
			;
	{
		size_t k = i + (i < n && s[i] == ' ');

		if (k + 2 <= n && (!strncasecmp(s + k, "am", 2) || !strncasecmp(s + k, "pm", 2)) &&
		    (k + 2 == n || !isalpha((unsigned char)s[k + 2])) && h >= 1 && h <= 12) {
			h = h % 12 + (tolower((unsigned char)s[k]) == 'p' ? 12 : 0);
			i = k + 2;
		}
	}
	if (h > 23 || m > 59 || sec > 60)
		return 0;
	*secs = h * 3600L + m * 60L + sec;
	return i - start;
}

/* Reads a leading "[date] [time] [zone]" and the separator after it. */
static int read_lead(const char *s, size_t n, struct lead *l)
{
	size_t i = skip_marks(s, n, 0), k;

	memset(l, 0, sizeof(*l));
	if (iso_date(s, n, i, &l->day)) {
		l->has_date = 1;
		i += 10;
		k = i;
		while (k < n && (s[k] == ' ' || s[k] == 'T' || s[k] == ',' || s[k] == '*' || s[k] == '_'))
			k++;
		if ((k - i) > 0 && (k - i) <= 4 && clock_time(s, n, k, &l->secs))
			i = k;
	}
	if ((k = clock_time(s, n, i, &l->secs))) {
		l->has_time = 1;
		i += k;
	}
	if (!l->has_date && !l->has_time)
		return 0;
	k = i;
	while (k < n && (s[k] == ' ' || s[k] == '(' || s[k] == '*' || s[k] == '_' || s[k] == '`'))
		k++;
	if (l->has_time && (k = zone(s, n, k, &l->off)) > 0) {
		size_t z = i;

		while (z < n && (s[z] == ' ' || s[z] == '(' || s[z] == '*' || s[z] == '_' || s[z] == '`'))
			z++;
		l->has_zone = 1;
		i = z + k;
		if (i < n && s[i] == ')')
			i++;
	}
	/* marks closing the time ("**14:05**"), then the separator: ':' '|' ',' '-' — – */
	while (i < n && strchr("*_`])", s[i]))
		i++;
	for (;;) {
		if (i < n && strchr(" \t:|,-", s[i]))
			i++;
		else if (i + 3 <= n && (!memcmp(s + i, "\xE2\x80\x94", 3) || !memcmp(s + i, "\xE2\x80\x93", 3)))
			i += 3;
		else
			break;
	}
	l->end = i;
	return 1;
}

/* A zone named anywhere in a note ("All times UTC", "(times in PDT)", "UTC+2"). */
static void note_zone(struct parser *p, const char *s, size_t n)
{
	size_t i;
	long off;

	for (i = 0; i < n; i++) {
		if (i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		if (isupper((unsigned char)s[i]) && s[i] != 'Z' && zone(s, n, i, &off) > 0) {
			p->tl_off = off;
			return;
		}
	}
}

/* The first YYYY-MM-DD anywhere in s. */
static int find_date(const char *s, size_t n, long long *day)
{
	size_t i;

	for (i = 0; i + 10 <= n; i++)
		if ((i == 0 || !isdigit((unsigned char)s[i - 1])) && iso_date(s, n, i, day))
			return 1;
	return 0;
}

/* A date named anywhere in a note ("All times UTC, 2026-10-13.") is the timeline's day. */
static int note_date(struct parser *p, const char *s, size_t n)
{
	return find_date(s, n, &p->tl_date);
}

/* ---- the output ---- */

static void set_once(char **dst, const char *s, size_t n)
{
	if (!*dst)
		*dst = dup_trim(s, n);
}

/* A value that could not be read: counted, the first kept as the example. */
static void reject(struct parser *p, long line, const char *what, const char *s, size_t n)
{
	struct recur_postmortem *pm = p->pm;

	if (pm->values_rejected++)
		return;
	snprintf(pm->rejected_example, sizeof(pm->rejected_example), "line %ld: %s '%.*s'", line,
		 what, (int)(n > 60 ? 60 : n), s);
	pm->rejected_line = line;
	snprintf(pm->rejected_field, sizeof(pm->rejected_field), "%s",
		 !strncmp(what, "timeline", 8) ? "timeline" : !strcmp(what, "due date") ? "due_at" : what);
	snprintf(pm->rejected_value, sizeof(pm->rejected_value), "%.*s", (int)(n > 63 ? 63 : n), s);
}

static void add_event(struct parser *p, long long at, const char *s, size_t n, const char *actor,
		      size_t an, long line)
{
	struct recur_postmortem *pm = p->pm;
	struct recur_pm_event *e;
	char *text = dup_trim(s, n);

	if (!text)
		return;
	xgrow((void **)&pm->events, &p->cap_events, pm->nevents + 1, sizeof(*pm->events));
	e = &pm->events[pm->nevents++];
	e->at = at;
	e->text = text;
	e->actor = actor ? dup_trim(actor, an) : NULL;
	e->line = line;
	p->last_at = at;
}

/*
 * One timeline entry "[date] time [zone] — text". A time without a date takes
 * the timeline's day (the document's date, or one named in a note), moving to
 * the next day when the clock goes back by more than ROLLOVER. A date alone
 * with no text ("2015-10-22", "2015-10-21 (all times UTC)") sets the day.
 * strict: a line without a time is a rejected entry (list items), not prose.
 */
static void timeline_entry(struct parser *p, const char *s, size_t n, const char *actor, size_t an,
			   long line, int strict)
{
	struct lead l;
	long long at, day;

	trim(&s, &n);
	if (!n)
		return;
	if (!read_lead(s, n, &l)) {
		note_zone(p, s, n);
		if (!note_date(p, s, n) && strict)
			reject(p, line, "timeline entry without a time", s, n);
		return;
	}
	if (l.has_date)
		p->tl_date = l.day;
	if (!l.has_time && (l.end >= n || s[l.end] == '(' || s[skip_marks(s, n, l.end)] == '(')) {
		note_zone(p, s + l.end, n - l.end);
		return;
	}
	if (!p->tl_date)
		p->tl_date = p->fallback_day;
	if (!l.has_date && !p->tl_date) {
		reject(p, line, "timeline time without a date (add Date: to the document)", s, n);
		return;
	}
	day = p->tl_date;
	at = day + l.secs - (l.has_zone ? l.off : p->tl_off);
	if (!l.has_date && p->pm->nevents && at < p->last_at - ROLLOVER) {
		p->tl_date += 86400;
		at += 86400;
	}
	add_event(p, at, s + l.end, n - l.end, actor, an, line);
}

/* ---- action items ---- */

static int word_at(const char *s, size_t n, size_t i, const char *w)
{
	size_t wl = strlen(w);

	return i + wl <= n && !strncasecmp(s + i, w, wl) &&
	       (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
	       (i + wl == n || !isalnum((unsigned char)s[i + wl]));
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* The end of a metadata value: ',' ';' ')' or the next " due"/" by" keyword. */
static size_t value_end(const char *s, size_t n, size_t i)
{
	for (; i < n; i++) {
		if (s[i] == ',' || s[i] == ';' || s[i] == ')' || s[i] == '|')
			break;
		if (s[i] == ' ' && (word_at(s, n, i + 1, "due") || word_at(s, n, i + 1, "by")))
			break;
	}
	return i;
}

struct meta_span {
	size_t at;     /* where the phrase starts, n when absent */
	size_t v, ve;  /* its value */
};

/* "owner: maria", "owner = @maria", "assignee: x", "owned by x". */
static void find_owner(const char *s, size_t n, struct meta_span *o)
{
	static const char *const kws[] = { "owner", "owners", "assignee", "assigned to", "owned by", "dri" };
	size_t i, k, j;

	o->at = n;
	for (i = 0; i < n; i++) {
		for (k = 0; k < sizeof(kws) / sizeof(kws[0]); k++) {
			if (!word_at(s, n, i, kws[k]))
				continue;
			j = skip_sp(s, n, i + strlen(kws[k]));
			if (k < 4 && (j >= n || (s[j] != ':' && s[j] != '=')))
				continue;
			if (k < 4)
				j = skip_sp(s, n, j + 1);
			if (j < n && s[j] == '@')
				j++;
			o->at = i;
			o->v = j;
			o->ve = value_end(s, n, j);
			return;
		}
	}
}

/* "due 2026-11-15", "due: 15/11/2026", "by 2026-11-15", "deadline: …": the date must parse. */
static void find_due(const char *s, size_t n, struct meta_span *d, long long *due)
{
	static const char *const kws[] = { "due", "by", "deadline", "due date", "eta", "target" };
	size_t i, k, j, e;

	d->at = n;
	for (i = 0; i < n; i++) {
		for (k = 0; k < sizeof(kws) / sizeof(kws[0]); k++) {
			if (!word_at(s, n, i, kws[k]))
				continue;
			j = skip_sp(s, n, i + strlen(kws[k]));
			if (j < n && s[j] == ':')
				j = skip_sp(s, n, j + 1);
			if (k == 0 && (word_at(s, n, j, "on") || word_at(s, n, j, "by")))
				j = skip_sp(s, n, j + 2);
			e = j;
			while (e < n && s[e] != ',' && s[e] != ';' && s[e] != ')' && s[e] != '|' &&
			       s[e] != '(')
				e++;
			while (e > j && (is_space((unsigned char)s[e - 1]) || s[e - 1] == '.'))
				e--;
			if (e == j)
				continue;
			*due = 0;
			if (recur_time_parse(s + j, e - j, RECUR_DATE_AUTO, due) &&
			    !iso_date(s, n, j, due)) {
				/* "due to a bug", "by 50%": not a date; "due 31/31/2026": a bad one */
				if (!isdigit((unsigned char)s[j]) || k == 1 || k >= 4)
					continue;
				*due = -1;
			}
			d->at = i;
			d->v = j;
			d->ve = e;
			return;
		}
	}
}

/* A trailing "(name)" or "(@name)": letters, '.', '-', spaces, at most three words. */
static void find_paren_owner(const char *s, size_t n, struct meta_span *o)
{
	size_t e = n, b, i;
	int words = 1;

	o->at = n;
	while (e && is_space((unsigned char)s[e - 1]))
		e--;
	if (!e || s[e - 1] != ')')
		return;
	for (b = e - 1; b > 0 && s[b - 1] != '('; b--)
		;
	if (!b)
		return;
	for (i = b; i < e - 1; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ')
			words++;
		else if (!isalpha(c) && c != '.' && c != '-' && c != '@' && c != '_' && c < 0x80)
			return;
	}
	if (words > 3 || b == e - 1)
		return;
	o->at = b - 1;
	o->v = b + (s[b] == '@');
	o->ve = e - 1;
}

/* The first "@name" in s. */
static void find_mention(const char *s, size_t n, struct meta_span *o)
{
	size_t i, e;

	o->at = n;
	for (i = 0; i < n; i++) {
		if (s[i] != '@' || (i && isalnum((unsigned char)s[i - 1])))
			continue;
		for (e = i + 1; e < n && (isalnum((unsigned char)s[e]) || s[e] == '.' || s[e] == '_' ||
					  s[e] == '-');
		     e++)
			;
		while (e > i + 1 && s[e - 1] == '.')
			e--;
		if (e > i + 1) {
			o->at = i;
			o->v = i + 1;
			o->ve = e;
			return;
		}
	}
}

/* Where the item's text ends: before its metadata and the separator that leads to it. */
static size_t text_end(const char *s, size_t cut)
{
	for (;;) {
		while (cut && is_space((unsigned char)s[cut - 1]))
			cut--;
		if (cut && strchr(",;:(-", s[cut - 1]))
			cut--;
		else if (cut >= 3 && (!memcmp(s + cut - 3, "\xE2\x80\x94", 3) ||
				      !memcmp(s + cut - 3, "\xE2\x80\x93", 3)))
			cut -= 3;
		else
			return cut;
	}
}

/* A mention right after a separator is the owner and ends the text; inside a sentence, not. */
static int mention_is_tail(const char *s, size_t at)
{
	size_t i;

	for (i = text_end(s, at); i < at; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 1;
	return 0;
}

/* One action item from its text "[ ] do X — owner: @maria, due 2026-11-15". */
static void action_entry(struct parser *p, const char *s, size_t n, long line, int done)
{
	struct recur_postmortem *pm = p->pm;
	struct recur_pm_action *a;
	struct meta_span own = { 0, 0, 0 }, due = own, paren = own, at = own;
	long long due_at = 0;
	size_t cut;

	trim(&s, &n);
	if (n >= 3 && s[0] == '[' && s[2] == ']' && strchr(" xX", s[1])) {
		done = s[1] != ' ';
		s += 3, n -= 3;
		trim(&s, &n);
	}
	if (!n)
		return;
	find_owner(s, n, &own);
	find_due(s, n, &due, &due_at);
	find_paren_owner(s, n, &paren);
	find_mention(s, n, &at);
	cut = own.at < due.at ? own.at : due.at;
	if (own.at == n && paren.at < n)
		own = paren;
	if (paren.at < cut)
		cut = paren.at;
	if (own.at == n && at.at < n) {
		own = at;
		if (at.at < cut && mention_is_tail(s, at.at))
			cut = at.at;
	}
	cut = text_end(s, cut);
	if (!cut)
		return;
	xgrow((void **)&pm->actions, &p->cap_actions, pm->nactions + 1, sizeof(*pm->actions));
	a = &pm->actions[pm->nactions++];
	memset(a, 0, sizeof(*a));
	a->text = dup_trim(s, cut);
	a->owner = own.at < n ? dup_owner(s + own.v, own.ve - own.v) : NULL;
	a->done = done;
	a->line = line;
	if (due_at < 0)
		reject(p, line, "due date", s + due.v, due.ve - due.v);
	else
		a->due_at = due_at;
}

/* ---- tables ---- */

#define MAX_CELLS 16

struct row {
	struct line cell[MAX_CELLS];
	int n;
};

/* Splits a pipe row; "\|" does not split. Cells are trimmed slices of the line. */
static void split_row(struct line l, struct row *r)
{
	const char *s = l.p;
	size_t n = l.n, i, start;

	trim(&s, &n);
	if (n && s[0] == '|')
		s++, n--;
	if (n && s[n - 1] == '|' && (n < 2 || s[n - 2] != '\\'))
		n--;
	r->n = 0;
	for (i = start = 0; i <= n && r->n < MAX_CELLS; i++) {
		if (i < n && (s[i] != '|' || (i && s[i - 1] == '\\')))
			continue;
		r->cell[r->n].p = s + start;
		r->cell[r->n].n = i - start;
		trim(&r->cell[r->n].p, &r->cell[r->n].n);
		r->n++;
		start = i + 1;
	}
}

static int has_word(const char *s, const char *w)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		if (word_at(s, n, i, w))
			return 1;
	return 0;
}

/* The column whose header contains one of words (space separated); -1 if none. */
static int column(const struct row *h, const char *words, int skip1, int skip2)
{
	char key[64], w[32];
	const char *p;
	int c;

	for (c = 0; c < h->n; c++) {
		if (c == skip1 || c == skip2)
			continue;
		normalise(h->cell[c].p, h->cell[c].n, key, sizeof(key));
		for (p = words; *p;) {
			size_t wl = strcspn(p, " ");

			snprintf(w, sizeof(w), "%.*s", (int)wl, p);
			if (has_word(key, w))
				return c;
			p += wl + (p[wl] == ' ');
		}
	}
	return -1;
}

static void cell_copy(const struct row *r, int c, struct recur_buf *b)
{
	recur_buf_reset(b);
	if (c >= 0 && c < r->n) {
		recur_buf_add(b, r->cell[c].p, r->cell[c].n);
	}
}

static void timeline_table(struct parser *p, const struct row *h, const struct row *rows,
			   const long *lines, size_t nrows)
{
	int ct = column(h, "time when utc timestamp", -1, -1);
	int cd = column(h, "date day", ct, -1);
	int ca, cx;
	struct recur_buf when = RECUR_BUF_INIT, text = RECUR_BUF_INIT;
	size_t i;

	if (ct < 0)
		ct = 0;
	ca = column(h, "who actor person by", ct, cd);
	cx = column(h, "event description what update action activity details", ct, cd);
	if (cx < 0)
		for (cx = 0; cx < h->n && (cx == ct || cx == cd || cx == ca); cx++)
			;
	note_zone(p, h->cell[ct].p, h->cell[ct].n);
	for (i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];

		recur_buf_reset(&when);
		if (cd >= 0 && cd < r->n)
			recur_buf_addf(&when, "%.*s ", (int)r->cell[cd].n, r->cell[cd].p);
		if (ct < r->n)
			recur_buf_add(&when, r->cell[ct].p, r->cell[ct].n);
		recur_buf_adds(&when, " \xE2\x80\x94 ");
		cell_copy(r, cx, &text);
		recur_buf_add(&when, text.buf, text.len);
		timeline_entry(p, when.buf, when.len, ca >= 0 && ca < r->n ? r->cell[ca].p : NULL,
			       ca >= 0 && ca < r->n ? r->cell[ca].n : 0, lines[i], 1);
	}
	recur_buf_release(&when);
	recur_buf_release(&text);
}

/* Trims spaces and emphasis marks ("n/a **" after "**DONE**" is taken). */
static void trim_marks(struct line *c)
{
	while (c->n && strchr(" \t*_", c->p[0]))
		c->p++, c->n--;
	while (c->n && strchr(" \t*_", c->p[c->n - 1]))
		c->n--;
}

/* Removes a standalone DONE/TODO word from a cell; returns 1 for done, 0 for todo, -1 neither. */
static int status_word(struct line *c)
{
	static const char *const done[] = { "done", "fixed", "complete", "completed", "closed", "resolved" };
	static const char *const todo[] = { "todo", "open", "in progress", "not started", "pending" };
	size_t i, k;

	for (i = 0; i < c->n; i++) {
		for (k = 0; k < sizeof(done) / sizeof(done[0]); k++)
			if (word_at(c->p, c->n, i, done[k])) {
				if (i == 0)
					c->p += strlen(done[k]), c->n -= strlen(done[k]);
				else
					c->n = i;
				trim_marks(c);
				return 1;
			}
		for (k = 0; k < sizeof(todo) / sizeof(todo[0]); k++)
			if (word_at(c->p, c->n, i, todo[k])) {
				if (i == 0)
					c->p += strlen(todo[k]), c->n -= strlen(todo[k]);
				else
					c->n = i;
				trim_marks(c);
				return 0;
			}
	}
	return -1;
}

static int null_cell(struct line c)
{
	char key[16];

	normalise(c.p, c.n, key, sizeof(key));
	return !key[0] || !strcmp(key, "n/a") || !strcmp(key, "na") || !strcmp(key, "-") ||
	       !strcmp(key, "none") || !strcmp(key, "tbd") || !strcmp(key, "?");
}

/* The SRE shape: | Action Item | Type | Owner | Bug |, and kin with Due and Status. */
static void action_table(struct parser *p, const struct row *h, const struct row *rows,
			 const long *lines, size_t nrows)
{
	int cx = column(h, "action item task description title what", -1, -1);
	int co, cd, cs, ck, cb;
	size_t i;

	if (cx < 0)
		cx = 0;
	co = column(h, "owner assignee who responsible dri", cx, -1);
	cd = column(h, "due deadline date eta target", cx, co);
	cs = column(h, "status state done", cx, co);
	ck = column(h, "type kind category", cx, co);
	cb = column(h, "bug ticket issue tracking jira link ref", cx, co);
	for (i = 0; i < nrows; i++) {
		struct row r = rows[i];
		struct recur_pm_action *a;
		size_t before = p->pm->nactions;
		int done = 0, c, w;

		for (c = 0; c < r.n; c++)
			if (c != cx && (w = status_word(&r.cell[c])) >= 0 && (c == cs || c == cb || cs < 0))
				done = w;
		if (cx >= r.n)
			continue;
		action_entry(p, r.cell[cx].p, r.cell[cx].n, lines[i], done);
		if (p->pm->nactions == before)
			continue;
		a = &p->pm->actions[before];
		if (co >= 0 && co < r.n && !null_cell(r.cell[co])) {
			free(a->owner);
			a->owner = dup_owner(r.cell[co].p, r.cell[co].n);
		}
		if (cd >= 0 && cd < r.n && !null_cell(r.cell[cd])) {
			long long t;

			if (recur_time_parse(r.cell[cd].p, r.cell[cd].n, RECUR_DATE_AUTO, &t))
				reject(p, lines[i], "due date", r.cell[cd].p, r.cell[cd].n);
			else
				a->due_at = t;
		}
		if (ck >= 0 && ck < r.n && !null_cell(r.cell[ck]))
			a->kind = dup_trim(r.cell[ck].p, r.cell[ck].n);
		if (cb >= 0 && cb < r.n && !null_cell(r.cell[cb]))
			a->bug = dup_trim(r.cell[cb].p, r.cell[cb].n);
	}
}

/* ---- metadata ---- */

static int id_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '#';
}

static void add_ref(struct recur_postmortem *pm, const char *s, size_t n)
{
	struct recur_buf b = RECUR_BUF_INIT;
	char *tok;

	while (n && (s[0] == '#'))
		s++, n--;
	while (n && (s[n - 1] == '.' || s[n - 1] == '-' || s[n - 1] == '_'))
		n--;
	if (!n)
		return;
	tok = xstrndup(s, n);
	if (!pm->ref) {
		pm->ref = tok;
		return;
	}
	if (!strcmp(pm->ref, tok)) {
		free(tok);
		return;
	}
	if (pm->refs_other) {
		const char *q = pm->refs_other;
		size_t tl = strlen(tok);

		while ((q = strstr(q, tok)))
			if ((q == pm->refs_other || q[-1] == ' ') && (q[tl] == ',' || !q[tl])) {
				free(tok);
				return;
			} else
				q += tl;
		recur_buf_adds(&b, pm->refs_other);
		recur_buf_adds(&b, ", ");
		free(pm->refs_other);
	}
	recur_buf_adds(&b, tok);
	free(tok);
	pm->refs_other = recur_buf_detach(&b, NULL);
}

/* A loose id at s+i (titles, file names): "#465", or "SF-1278", "INC0012345": 0 if none. */
static size_t loose_id(const char *s, size_t n, size_t i)
{
	size_t e = i, d;

	if (i && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '-'))
		return 0;
	if (s[e] == '#') {
		for (e++; e < n && isdigit((unsigned char)s[e]); e++)
			;
		return e > i + 1 && (e == n || !isalnum((unsigned char)s[e])) ? e - i : 0;
	}
	while (e < n && e - i < 10 && isupper((unsigned char)s[e]))
		e++;
	if (e == i)
		return 0;
	if (e < n && (s[e] == '-' || s[e] == '_'))
		e++;
	for (d = e; e < n && isdigit((unsigned char)s[e]); e++)
		;
	return e - d >= 3 && (e == n || !isalnum((unsigned char)s[e])) ? e - i : 0;
}

/*
 * Incident ids in s. strict (a metadata value): every token with a digit
 * that is not a date (SF-1175, EDGE-427, INC0012345, #465); else only loose
 * ids (see loose_id), so "SEV1" or a date in a title is not taken.
 */
static void scan_refs(struct recur_postmortem *pm, const char *s, size_t n, int strict, int first_only)
{
	size_t i = 0, e, k;
	long long day;

	while (i < n) {
		int digit = 0;

		if (!strict) {
			if ((k = loose_id(s, n, i))) {
				add_ref(pm, s + i, k);
				if (first_only)
					return;
				i += k;
			} else {
				i++;
			}
			continue;
		}
		while (i < n && !id_char((unsigned char)s[i]))
			i++;
		for (e = i; e < n && id_char((unsigned char)s[e]); e++)
			;
		while (e > i && (s[e - 1] == '.' || s[e - 1] == '-'))
			e--;
		for (k = i; k < e; k++)
			digit |= isdigit((unsigned char)s[k]) != 0;
		if (digit && !iso_date(s, e, i, &day)) {
			add_ref(pm, s + i, e - i);
			if (first_only)
				return;
		}
		i = e + (e == i);
	}
}

static void meta_set(struct parser *p, enum field f, const char *v, size_t n)
{
	struct recur_postmortem *pm = p->pm;
	char **dst;
	long long t;

	trim(&v, &n);
	while (n && (v[0] == '*' || v[0] == '_'))
		v++, n--;
	trim(&v, &n);
	if (!n)
		return;
	if (f == M_REF) {
		scan_refs(pm, v, n, 1, 0);
		if (pm->ref && !pm->ref_from)
			pm->ref_from = xstrdup("metadata");
	} else if (f == M_DATE) {
		if (pm->date_text)
			return;
		pm->date_text = dup_trim(v, n);
		if (!recur_time_parse(v, n, RECUR_DATE_AUTO, &t))
			t -= ((t % 86400) + 86400) % 86400;
		else if (!find_date(v, n, &t))
			t = 0;
		if (t)
			pm->date = p->tl_date = t;
		else
			reject(p, 0, "date", v, n);
	} else if (f >= S_SUMMARY && f <= S_LESSONS) {
		if (p->text[f].len)
			recur_buf_adds(&p->text[f], "\n\n");
		recur_buf_add(&p->text[f], v, n);
	} else if ((dst = field_ptr(pm, f))) {
		set_once(dst, v, n);
	}
}

/* "**Key:** value", "Key: value"; a line without a known key continues the last text field. */
static void meta_line(struct parser *p, const char *s, size_t n)
{
	const char *colon;
	char key[64];
	enum field f;

	trim(&s, &n);
	if (!n)
		return;
	colon = memchr(s, ':', n < 48 ? n : 48);
	if (colon) {
		normalise(s, (size_t)(colon - s), key, sizeof(key));
		f = lookup(p, key);
		if (f != S_NONE && f != S_META && f != S_ACTIONS && f != S_TIMELINE) {
			meta_set(p, f, colon + 1, n - (size_t)(colon + 1 - s));
			p->cont = f;
			return;
		}
	}
	if (p->cont >= S_SUMMARY && p->cont <= S_LESSONS) {
		recur_buf_addch(&p->text[p->cont], ' ');
		recur_buf_add(&p->text[p->cont], s, n);
	}
}

static void meta_table(struct parser *p, const struct row *h, const struct row *rows, size_t nrows)
{
	char key[64];
	size_t i;
	int c, keys = 0;

	for (c = 0; c < h->n; c++) {
		normalise(h->cell[c].p, h->cell[c].n, key, sizeof(key));
		keys += lookup(p, key) != S_NONE;
	}
	if (keys >= 2 && nrows >= 1) { /* one record across: | Incident | Date | … | */
		for (c = 0; c < h->n && c < rows[0].n; c++) {
			normalise(h->cell[c].p, h->cell[c].n, key, sizeof(key));
			enum field f = lookup(p, key);

			if (f > S_META && f != S_ACTIONS && f != S_TIMELINE)
				meta_set(p, f, rows[0].cell[c].p, rows[0].cell[c].n);
		}
		return;
	}
	for (i = 0; i <= nrows; i++) { /* key | value, the header row too */
		const struct row *r = i ? &rows[i - 1] : h;
		enum field f;

		if (r->n < 2)
			continue;
		normalise(r->cell[0].p, r->cell[0].n, key, sizeof(key));
		f = lookup(p, key);
		if (f > S_META && f != S_ACTIONS && f != S_TIMELINE)
			meta_set(p, f, r->cell[1].p, r->cell[1].n);
	}
}

/* ---- blocks ---- */

/* The text of source line ln from byte col (1-based) on, or from its first non-space. */
static struct line line_from(const struct parser *p, long ln, int col)
{
	struct line l = get_line(p, ln);
	size_t off = col > 1 ? (size_t)(col - 1) : 0;

	if (off > l.n)
		off = l.n;
	l.p += off;
	l.n -= off;
	trim(&l.p, &l.n);
	return l;
}

static void table(struct parser *p, const struct line *ls, const long *lines, size_t n)
{
	struct row h, *rows = xcalloc(n ? n : 1, sizeof(*rows));
	size_t i;

	split_row(ls[0], &h);
	for (i = 2; i < n; i++)
		split_row(ls[i], &rows[i - 2]);
	if (p->section == S_TIMELINE)
		timeline_table(p, &h, rows, lines + 2, n - 2);
	else if (p->section == S_ACTIONS)
		action_table(p, &h, rows, lines + 2, n - 2);
	else if (p->section == S_NONE || p->section == S_META)
		meta_table(p, &h, rows, n - 2);
	free(rows);
}

static void one_line(struct parser *p, struct line l, long ln)
{
	if (p->section == S_TIMELINE)
		timeline_entry(p, l.p, l.n, NULL, 0, ln, 0);
	else if (p->section == S_NONE || p->section == S_META)
		meta_line(p, l.p, l.n);
}

/* The table extension's node types are not in its public header: they have names. */
static int is_table(cmark_node *n)
{
	return n && !strcmp(cmark_node_get_type_string(n), "table");
}

/* The line after the last of a table's header: its delimiter row. */
static long delimiter_line(cmark_node *tbl)
{
	cmark_node *header = cmark_node_first_child(tbl);
	cmark_node *row = header ? cmark_node_next(header) : NULL;

	return row ? cmark_node_get_start_line(row) - 1 : cmark_node_get_end_line(tbl);
}

/*
 * A paragraph's lines, one at a time. cmark-gfm gives no position to a
 * paragraph that a table interrupts (its header row was the paragraph's
 * last line): its lines are then the ones just above the table's header,
 * one per line break.
 */
static void paragraph(struct parser *p, cmark_node *n)
{
	long first = cmark_node_get_start_line(n), last = cmark_node_get_end_line(n), ln;
	cmark_node *next = cmark_node_next(n), *c;

	if (first <= 0 && is_table(next)) {
		last = delimiter_line(next) - 2;
		first = last;
		for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
			if (cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK ||
			    cmark_node_get_type(c) == CMARK_NODE_LINEBREAK)
				first--;
	}
	p->cont = S_NONE;
	for (ln = first > 0 ? first : 1; ln <= last; ln++)
		one_line(p, line_from(p, ln, ln == first ? cmark_node_get_start_column(n) : 0), ln);
}

/* A table (the table extension's nodes): its rows are the source lines of its row nodes. */
static void table_block(struct parser *p, cmark_node *tbl)
{
	cmark_node *header = cmark_node_first_child(tbl), *row;
	size_t n = 2, i;
	struct line *ls;
	long *lines;

	for (row = header ? cmark_node_next(header) : NULL; row; row = cmark_node_next(row))
		n++;
	ls = xcalloc(n, sizeof(*ls));
	lines = xcalloc(n, sizeof(*lines));
	lines[1] = delimiter_line(tbl);
	lines[0] = lines[1] - 1; /* not the header node's line: wrong after a paragraph */
	for (i = 2, row = header ? cmark_node_next(header) : NULL; row; row = cmark_node_next(row))
		lines[i++] = cmark_node_get_start_line(row);
	for (i = 0; i < n; i++)
		ls[i] = line_from(p, lines[i], 0);
	table(p, ls, lines, n);
	free(ls);
	free(lines);
}

/* A list item's first paragraph as one line of text, with its line number. */
static void item_text(struct parser *p, cmark_node *item, struct recur_buf *out, long *line)
{
	cmark_node *para = cmark_node_first_child(item);
	long first, last, ln;

	recur_buf_reset(out);
	*line = cmark_node_get_start_line(item);
	if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return;
	first = cmark_node_get_start_line(para);
	last = cmark_node_get_end_line(para);
	*line = first;
	for (ln = first; ln <= last; ln++) {
		struct line l = line_from(p, ln, ln == first ? cmark_node_get_start_column(para) : 0);

		if (out->len)
			recur_buf_addch(out, ' ');
		recur_buf_add(out, l.p, l.n);
	}
}

static void blocks(struct parser *p, cmark_node *first, int depth);

static void list(struct parser *p, cmark_node *lst, int depth)
{
	struct recur_buf t = RECUR_BUF_INIT;
	cmark_node *item, *c;
	long line;

	if (depth > MAX_DEPTH)
		return;
	for (item = cmark_node_first_child(lst); item; item = cmark_node_next(item)) {
		c = cmark_node_first_child(item);
		if (p->section == S_TIMELINE || p->section == S_ACTIONS) {
			item_text(p, item, &t, &line);
			if (p->section == S_TIMELINE)
				timeline_entry(p, t.buf, t.len, NULL, 0, line, 1);
			else
				action_entry(p, t.buf, t.len, line,
					     cmark_gfm_extensions_get_tasklist_item_checked(item));
			if (c && cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH)
				c = cmark_node_next(c);
		}
		blocks(p, c, depth + 1);
	}
	recur_buf_release(&t);
}

static void flush_section(struct parser *p)
{
	struct recur_buf *b;
	long ln;

	if (p->section < S_SUMMARY || p->section > S_LESSONS || !p->sec_first)
		goto out;
	b = &p->text[p->section];
	if (b->len)
		recur_buf_adds(b, "\n\n");
	for (ln = p->sec_first; ln <= p->sec_last; ln++) {
		struct line l = get_line(p, ln);

		recur_buf_add(b, l.p, l.n);
		if (ln < p->sec_last)
			recur_buf_addch(b, '\n');
	}
out:
	p->sec_first = p->sec_last = 0;
}

static void heading(struct parser *p, cmark_node *n)
{
	struct recur_buf t = RECUR_BUF_INIT;
	int level = cmark_node_get_heading_level(n);
	enum field f;

	plain_text(n, &t);
	if (level == 1 && !p->pm->title) {
		p->pm->title = dup_trim(t.buf, t.len);
		flush_section(p);
		p->section = S_NONE;
		p->level = 1;
		goto out;
	}
	f = heading_field(p, t.buf);
	if (f == S_NONE && p->section != S_NONE && level > p->level)
		goto sub; /* "### Database" inside "## Root causes" */
	if (f == p->section && level > p->level && f != S_NONE)
		goto sub; /* "### What went well" inside "## Lessons learned" */
	flush_section(p);
	p->section = f;
	p->level = level;
	if (f == S_TIMELINE)
		note_zone(p, t.buf, t.len);
	goto out;
sub:
	if (p->section == S_TIMELINE)
		timeline_entry(p, t.buf, t.len, NULL, 0, cmark_node_get_start_line(n), 0);
	if (p->section >= S_SUMMARY && p->section <= S_LESSONS) {
		if (!p->sec_first)
			p->sec_first = cmark_node_get_start_line(n);
		p->sec_last = cmark_node_get_end_line(n);
	}
out:
	recur_buf_release(&t);
}

static void code_block(struct parser *p, cmark_node *n)
{
	long ln, first = cmark_node_get_start_line(n), last = cmark_node_get_end_line(n);

	if (p->section != S_TIMELINE)
		return;
	for (ln = first + 1; ln < last; ln++) { /* fenced: the fences are first and last */
		struct line l = get_line(p, ln);

		timeline_entry(p, l.p, l.n, NULL, 0, ln, 0);
	}
}

static void blocks(struct parser *p, cmark_node *n, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (; n; n = cmark_node_next(n)) {
		cmark_node_type t = cmark_node_get_type(n);

		if (t == CMARK_NODE_HEADING && depth == 0) {
			heading(p, n);
			continue;
		}
		if (depth == 0 && p->section >= S_SUMMARY && p->section <= S_LESSONS) {
			if (!p->sec_first)
				p->sec_first = cmark_node_get_start_line(n);
			p->sec_last = cmark_node_get_end_line(n);
		}
		if (is_table(n))
			table_block(p, n);
		switch (t) {
		case CMARK_NODE_PARAGRAPH: paragraph(p, n); break;
		case CMARK_NODE_LIST: list(p, n, depth + 1); break;
		case CMARK_NODE_BLOCK_QUOTE: blocks(p, cmark_node_first_child(n), depth + 1); break;
		case CMARK_NODE_CODE_BLOCK: code_block(p, n); break;
		case CMARK_NODE_HEADING: heading(p, n); break;
		default: break;
		}
	}
}

/* ---- front matter ---- */

enum fm_key {
	K_TITLE, K_REF, K_ID, K_SLUG, K_START, K_DATE, K_END, K_COMPANY, K_PRODUCT, K_SERVICE,
	K_CATEGORIES, K_SEVERITY, K_SUMMARY, K_URL, K_AUTHORS, K_STATUS, NKEY
};

/*
 * Front matter keys (compared as frontmatter.h does: no case, '-' and ' '
 * as '_'). For one meaning, the first key present wins: start_time before
 * date, summary before description. Categories and tags add up.
 */
static const struct {
	const char *key;
	enum fm_key k;
} fm_keys[] = {
	{ "title", K_TITLE },
	{ "incident", K_REF }, { "incident_id", K_REF }, { "incident_ref", K_REF },
	{ "incident_number", K_REF }, { "ticket", K_REF }, { "reference", K_REF }, { "ref", K_REF },
	{ "id", K_ID }, { "slug", K_SLUG },
	{ "start_time", K_START }, { "started_at", K_START }, { "start", K_START },
	{ "start_date", K_START }, { "started", K_START },
	{ "date", K_DATE }, { "incident_date", K_DATE },
	{ "end_time", K_END }, { "ended_at", K_END }, { "end", K_END }, { "end_date", K_END },
	{ "resolved_at", K_END }, { "resolved", K_END },
	{ "company", K_COMPANY }, { "organization", K_COMPANY }, { "organisation", K_COMPANY },
	{ "product", K_PRODUCT }, { "products", K_PRODUCT },
	{ "service", K_SERVICE }, { "services", K_SERVICE }, { "affected_services", K_SERVICE },
	{ "components", K_SERVICE },
	{ "categories", K_CATEGORIES }, { "category", K_CATEGORIES }, { "tags", K_CATEGORIES },
	{ "severity", K_SEVERITY }, { "sev", K_SEVERITY }, { "priority", K_SEVERITY },
	{ "summary", K_SUMMARY }, { "description", K_SUMMARY }, { "excerpt", K_SUMMARY },
	{ "url", K_URL }, { "link", K_URL }, { "source_url", K_URL },
	{ "authors", K_AUTHORS }, { "author", K_AUTHORS },
	{ "status", K_STATUS },
};

/* A value as text; in lists of people ("authors: [{name: …}]"), each one's name. */
static char *fm_value(const struct recur_fm_node *n)
{
	struct recur_buf b = RECUR_BUF_INIT;
	const struct recur_fm_node *name;
	char *t;
	size_t i;

	if (n->type == RECUR_FM_MAP)
		return recur_fm_text(recur_fm_get(n, "name"));
	if (n->type != RECUR_FM_LIST)
		return recur_fm_text(n);
	for (i = 0; i < n->n; i++) {
		name = n->items[i].type == RECUR_FM_MAP ? recur_fm_get(&n->items[i], "name") : &n->items[i];
		if (!(t = recur_fm_text(name)))
			continue;
		if (b.len)
			recur_buf_adds(&b, ", ");
		recur_buf_adds(&b, t);
		free(t);
	}
	return b.len ? recur_buf_detach(&b, NULL) : (recur_buf_release(&b), NULL);
}

/* A time key: *at and the day; rejected (counted, NULL kept) when it does not read. */
static int fm_time(struct parser *p, const struct recur_fm_node *n, const char *key, const char *v,
		   long long *at, long long *day, int *clock)
{
	if (!recur_frontmatter_time(v, at, day, clock))
		return 0;
	reject(p, n->line, key, v, strlen(v));
	return -1;
}

/* The document's day from the front matter: it wins over a Date: line below. */
static void fm_day(struct parser *p, long long day, const char *v)
{
	if (p->pm->date_text)
		return;
	p->pm->date = p->tl_date = day;
	p->pm->date_text = xstrdup(v);
}

static void fm_set(struct parser *p, enum fm_key k, const struct recur_fm_node *n, const char *key,
		   char *v)
{
	struct recur_postmortem *pm = p->pm;
	char **dst[NKEY] = { [K_TITLE] = &pm->title, [K_ID] = &p->fm_id, [K_SLUG] = &p->fm_slug,
			     [K_COMPANY] = &pm->company, [K_PRODUCT] = &pm->product,
			     [K_SERVICE] = &pm->services, [K_SEVERITY] = &pm->severity,
			     [K_SUMMARY] = &p->fm_summary, [K_URL] = &pm->url,
			     [K_AUTHORS] = &pm->authors, [K_STATUS] = &pm->status };
	long long at, day;
	int clock;

	switch (k) {
	case K_REF:
		scan_refs(pm, v, strlen(v), 1, 0);
		if (!pm->ref)
			add_ref(pm, v, strlen(v));
		if (pm->ref && !pm->ref_from)
			pm->ref_from = xstrdup("front matter");
		break;
	case K_START:
	case K_DATE:
		if (fm_time(p, n, key, v, &at, &day, &clock))
			break;
		if (k == K_START || clock)
			if (!pm->started_at)
				pm->started_at = at;
		fm_day(p, day, v);
		break;
	case K_END:
		if (!fm_time(p, n, key, v, &at, &day, &clock))
			pm->resolved_at = at;
		break;
	case K_CATEGORIES:
		if (pm->categories) {
			char *both = xmalloc(strlen(pm->categories) + strlen(v) + 3);

			sprintf(both, "%s, %s", pm->categories, v);
			free(pm->categories);
			pm->categories = both;
		} else {
			pm->categories = xstrdup(v);
		}
		break;
	default:
		if (dst[k] && !*dst[k]) {
			*dst[k] = v;
			return;
		}
		break;
	}
	free(v);
}

static void front_matter(struct parser *p, const struct recur_frontmatter *fm)
{
	struct recur_buf used = RECUR_BUF_INIT;
	int done[NKEY] = { 0 };
	size_t i;

	p->pm->front_matter = 1;
	for (i = 0; i < sizeof(fm_keys) / sizeof(fm_keys[0]); i++) {
		const struct recur_fm_node *n = recur_fm_get(&fm->root, fm_keys[i].key);
		enum fm_key k = fm_keys[i].k;
		char *v;

		if (!n || (done[k] && k != K_CATEGORIES) || !(v = fm_value(n)))
			continue;
		done[k] = 1;
		if (used.len)
			recur_buf_adds(&used, ", ");
		recur_buf_adds(&used, n->key);
		fm_set(p, k, n, n->key, v);
	}
	p->pm->fm_used = used.len ? recur_buf_detach(&used, NULL) : (recur_buf_release(&used), NULL);
}

/* ---- the document ---- */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/*
 * The reference when the metadata has none: the front matter's id, an id in
 * the title, the front matter's slug, an id in the file name, or its stem
 * (the folder's name for index.md, _index.md and README.md). Each is stable
 * across imports of the same document.
 */
static void fallback_ref(struct parser *p, const char *name)
{
	struct recur_postmortem *pm = p->pm;
	const char *b, *from = "file name";
	size_t n;

	if (!pm->ref && p->fm_id) {
		add_ref(pm, p->fm_id, strlen(p->fm_id));
		if (pm->ref)
			pm->ref_from = xstrdup("front matter id");
	}
	if (pm->title && !pm->ref) {
		scan_refs(pm, pm->title, strlen(pm->title), 0, 1);
		if (pm->ref)
			pm->ref_from = xstrdup("title");
	}
	if (!pm->ref && p->fm_slug) {
		add_ref(pm, p->fm_slug, strlen(p->fm_slug));
		if (pm->ref)
			pm->ref_from = xstrdup("slug");
	}
	if (pm->ref || !name)
		return;
	b = base_name(name);
	n = strlen(b);
	if (n > 3 && !strcasecmp(b + n - 3, ".md"))
		n -= 3;
	else if (n > 9 && !strcasecmp(b + n - 9, ".markdown"))
		n -= 9;
	if (b > name + 1 && ((n == 5 && !strncasecmp(b, "index", 5)) ||
			     (n == 6 && (!strncasecmp(b, "_index", 6) || !strncasecmp(b, "readme", 6))))) {
		/* a page bundle (Hugo's gcp-outage/index.md): the folder names the page */
		const char *end = b - 1, *start = end;

		while (start > name && start[-1] != '/')
			start--;
		if (end > start) {
			b = start;
			n = (size_t)(end - start);
			from = "folder name";
		}
	}
	scan_refs(pm, b, n, 0, 1);
	if (!pm->ref && n)
		pm->ref = xstrndup(b, n);
	if (pm->ref)
		pm->ref_from = xstrdup(from);
}

static void finish(struct parser *p)
{
	struct recur_postmortem *pm = p->pm;
	enum field f;
	char **dst;

	flush_section(p);
	for (f = S_SUMMARY; f <= S_LESSONS; f++) {
		if ((dst = field_ptr(pm, f)) && p->text[f].len) {
			free(*dst);
			*dst = dup_trim(p->text[f].buf, p->text[f].len);
		}
		recur_buf_release(&p->text[f]);
	}
}

/*
 * What the timeline says of the outage's start and end, as Google's SRE
 * template writes it ("**OUTAGE BEGINS** -- …", "**OUTAGE ENDS**") and as
 * people do ("Incident resolved", "All clear"), for the times the front
 * matter does not give: the first entry that says it began, the last that
 * says it ended. Without them an incident a postmortem creates would have no
 * end, and a review would count a finished outage as still open.
 */
static const char *const began[] = {
	"outage begins", "outage began", "outage starts", "outage started", "incident begins",
	"incident began", "incident starts", "incident started", "impact begins", "impact began",
	"impact starts", "impact started",
};
static const char *const ended[] = {
	"outage ends", "outage ended", "outage over", "outage resolved", "incident ends",
	"incident ended", "incident resolved", "incident closed", "issue resolved", "impact ends",
	"impact ended", "fully resolved", "fully recovered", "all clear",
};

/* Whether text says one of the phrases, as whole words and in any case. */
static int says(const char *text, const char *const *phrases, size_t n)
{
	size_t i, len;
	const char *t;

	for (t = text; *t; t++) {
		if (t > text && isalnum((unsigned char)t[-1]))
			continue;
		for (i = 0; i < n; i++) {
			len = strlen(phrases[i]);
			if (!strncasecmp(t, phrases[i], len) && !isalnum((unsigned char)t[len]))
				return 1;
		}
	}
	return 0;
}

static void timeline_milestones(struct recur_postmortem *pm)
{
	long long start = 0, end = 0;
	size_t i;

	for (i = 0; i < pm->nevents; i++) {
		const struct recur_pm_event *e = &pm->events[i];

		if (!e->text)
			continue;
		if (!start && says(e->text, began, sizeof(began) / sizeof(*began)))
			start = e->at;
		if (says(e->text, ended, sizeof(ended) / sizeof(*ended)))
			end = e->at;
	}
	if (!pm->started_at)
		pm->started_at = start;
	if (!pm->resolved_at && end && end >= (pm->started_at ? pm->started_at : end))
		pm->resolved_at = end;
}

/* The date of the file name or title ("2026-10-13-recommendation-db-load.md"). */
static void fallback_date(struct parser *p, const char *name)
{
	const char *srcs[2];
	int i;

	srcs[0] = name ? base_name(name) : NULL;
	srcs[1] = p->pm->title;
	for (i = 0; i < 2 && !p->fallback_day; i++)
		if (srcs[i])
			find_date(srcs[i], strlen(srcs[i]), &p->fallback_day);
}

/* The document with GFM tables and task lists; safe mode (no raw HTML is kept). */
static cmark_node *parse_gfm(const char *buf, size_t len)
{
	cmark_parser *parser;
	cmark_node *doc;

	cmark_gfm_core_extensions_ensure_registered();
	parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("table"));
	cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("tasklist"));
	cmark_parser_feed(parser, buf, len);
	doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	return doc;
}

/* Whether the Markdown filled any text section (a front matter summary does not count). */
static int has_sections(const struct recur_postmortem *pm)
{
	return pm->summary || pm->impact || pm->root_cause || pm->trigger || pm->contributing ||
	       pm->resolution || pm->detection || pm->lessons;
}

/* The Markdown from line first on, without the title's heading, as the body. */
static void keep_body(struct parser *p, long first)
{
	struct recur_buf b = RECUR_BUF_INIT;
	long ln;

	for (ln = first; ln < (long)p->nlines; ln++) {
		struct line l = get_line(p, ln);

		if (ln >= p->title_first && ln <= p->title_last)
			continue;
		recur_buf_add(&b, l.p, l.n);
		recur_buf_addch(&b, '\n');
	}
	p->pm->body = dup_trim(b.buf, b.len);
	recur_buf_release(&b);
}

/*
 * The first pass: the title (the front matter's, else the first H1, else
 * the first heading that names no section) and the heading it came from.
 * The date in the title is needed
 * before the timeline is read; the title itself is set again by the walk.
 */
static void first_pass(struct parser *p, cmark_node *doc, char **title)
{
	cmark_node *n;
	char *free_title = NULL;
	long ff = 0, fl = 0;

	*title = NULL;
	for (n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		struct recur_buf t = RECUR_BUF_INIT;
		int level;
		enum field f;

		if (cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		plain_text(n, &t);
		level = cmark_node_get_heading_level(n);
		f = heading_field(p, t.buf);
		if (!*title && level == 1 && (*title = dup_trim(t.buf, t.len)) &&
		    (!p->pm->title || !strcasecmp(*title, p->pm->title))) {
			p->title_first = cmark_node_get_start_line(n);
			p->title_last = cmark_node_get_end_line(n);
		} else if (!free_title && f == S_NONE && (free_title = dup_trim(t.buf, t.len))) {
			ff = cmark_node_get_start_line(n);
			fl = cmark_node_get_end_line(n);
		}
		recur_buf_release(&t);
	}
	if (!*title && !p->pm->title && free_title) {
		*title = free_title;
		p->title_first = ff;
		p->title_last = fl;
	} else {
		free(free_title);
	}
}

/* A copy of buf with the front matter blanked (line breaks kept), so cmark's line numbers stay. */
static char *blank_front_matter(const char *buf, size_t len, size_t end)
{
	char *copy = xmalloc(len + 1);
	size_t i;

	memcpy(copy, buf, len);
	copy[len] = '\0';
	for (i = 0; i < end; i++)
		if (copy[i] != '\n' && copy[i] != '\r')
			copy[i] = ' ';
	return copy;
}

static int refuse(struct parser *p, const char *name, struct recur_error *err)
{
	struct recur_postmortem *pm = p->pm;
	int text = pm->body || has_sections(pm) || pm->nevents || pm->nactions;

	if (pm->title || (text && (pm->front_matter ||
				   (pm->ref_from && !strcmp(pm->ref_from, "metadata")))))
		return 0;
	recur_postmortem_free(pm);
	p->pm = NULL;
	if (!text)
		return recur_error_at(err, name, 0, 0, RECUR_NOT_POSTMORTEM ": neither a title nor any "
				      "text (looked for front matter with 'title:', a '# Title' "
				      "heading and text below it)");
	return recur_error_at(err, name, 0, 0, RECUR_NOT_POSTMORTEM ": no title (looked for front matter "
			      "with 'title:', a heading and an 'Incident:' line): give the document "
			      "a '# Title' heading or front matter");
}

int recur_postmortem_parse(const char *buf, size_t len, const char *name,
			   struct recur_postmortem **out, struct recur_error *err)
{
	return recur_postmortem_parse_words(buf, len, name, NULL, out, err);
}

int recur_postmortem_parse_words(const char *buf, size_t len, const char *name,
				 const struct recur_pm_words *words, struct recur_postmortem **out,
				 struct recur_error *err)
{
	struct recur_frontmatter fm;
	struct parser p;
	cmark_node *doc;
	char *copy = NULL, *title;
	long body_line;
	int rc;

	*out = NULL;
	if (len > MAX_SIZE)
		return recur_error_at(err, name, 0, 0, "the document is %zu bytes, more than a "
				      "postmortem can be (%u MB): check that this is the right file",
				      len, MAX_SIZE >> 20);
	if ((rc = recur_frontmatter_parse(buf, len, &fm, err)) < 0) {
		snprintf(err->file, sizeof(err->file), "%s", name ? name : "");
		return -1;
	}
	memset(&p, 0, sizeof(p));
	p.words = words;
	p.buf = rc ? (copy = blank_front_matter(buf, len, fm.end)) : buf;
	p.len = len;
	p.pm = xcalloc(1, sizeof(*p.pm));
	p.pm->name = name ? xstrdup(name) : NULL;
	if (rc)
		front_matter(&p, &fm);
	body_line = rc ? fm.lines + 1 : 1;
	recur_frontmatter_release(&fm);
	index_lines(&p);
	doc = parse_gfm(p.buf, len);
	first_pass(&p, doc, &title);
	if (!p.pm->title) { /* for the date in the title; the walk sets the title again */
		p.pm->title = title;
		fallback_date(&p, name);
		p.pm->title = NULL;
	} else {
		fallback_date(&p, name);
	}
	blocks(&p, cmark_node_first_child(doc), 0);
	finish(&p);
	timeline_milestones(p.pm);
	if (!p.pm->title && title) {
		p.pm->title = title;
		title = NULL;
	}
	free(title);
	if (!has_sections(p.pm))
		keep_body(&p, body_line);
	if (!p.pm->summary) {
		p.pm->summary = p.fm_summary;
		p.fm_summary = NULL;
	}
	if (!p.pm->date)
		p.pm->date = p.fallback_day;
	cmark_node_free(doc);
	free(p.lines);
	free(copy);
	fallback_ref(&p, name);
	free(p.fm_id);
	free(p.fm_slug);
	free(p.fm_summary);
	if (refuse(&p, name, err))
		return -1;
	*out = p.pm;
	return 0;
}

void recur_postmortem_free(struct recur_postmortem *pm)
{
	size_t i;

	if (!pm)
		return;
	for (i = 0; i < pm->nevents; i++) {
		free(pm->events[i].text);
		free(pm->events[i].actor);
	}
	for (i = 0; i < pm->nactions; i++) {
		free(pm->actions[i].text);
		free(pm->actions[i].owner);
		free(pm->actions[i].kind);
		free(pm->actions[i].bug);
	}
	free(pm->events);
	free(pm->actions);
	free(pm->name);
	free(pm->title);
	free(pm->ref);
	free(pm->ref_from);
	free(pm->refs_other);
	free(pm->date_text);
	free(pm->authors);
	free(pm->status);
	free(pm->severity);
	free(pm->services);
	free(pm->summary);
	free(pm->impact);
	free(pm->root_cause);
	free(pm->trigger);
	free(pm->contributing);
	free(pm->resolution);
	free(pm->detection);
	free(pm->lessons);
	free(pm->body);
	free(pm->fm_used);
	free(pm->company);
	free(pm->product);
	free(pm->categories);
	free(pm->url);
	free(pm);
}
