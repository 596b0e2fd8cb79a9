/*
 * cmd_progress.c — the progress line long steps write on stderr when it is
 * a terminal (g->progress): one line rewritten in place with "\r", cleared
 * when the step ends, so what the command prints after it stands alone.
 * Import, link, report and metrics show it once a step has run a second
 * (import only for files of 8 MB or more), so a short step prints nothing.
 * It never decides anything else.
 */
#include "cmd.h"

#include <stdarg.h>
#include <stdlib.h>

void cmd_progress_start(struct cmd_progress *p, const struct recur_global *g)
{
	const char *after = getenv("RECUR_PROGRESS_AFTER");
	long long ms = 1000;

	p->on = g->progress;
	p->shown = 0;
	/* the tests lower the second (RECUR_PROGRESS_AFTER=0) to see the line
	 * without a step that long */
	if (after && cmd_parse_long(after, 0, 3600000, &ms))
		ms = 1000;
	p->after = (double)ms / 1000.0;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
}

double cmd_progress_secs(const struct cmd_progress *p)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - p->start.tv_sec) + (double)(t.tv_nsec - p->start.tv_nsec) / 1e9;
}

void cmd_progress_show(struct cmd_progress *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->on || (!p->shown && cmd_progress_secs(p) < p->after))
		return;
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	p->shown = 1;
}

void cmd_progress_done(struct cmd_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

void cmd_figures_progress(const char *query, void *ctx)
{
	struct cmd_figures_progress *f = ctx;

	cmd_progress_show(f->prog, "%s %s: computing the figures: %s", f->command, f->period, query);
}
