/* test_postmortem.c — postmortem Markdown: every parsed field of the Sell Fast
 * postmortems and the fixtures (Google SRE and PagerDuty shapes), odd inputs,
 * and what the store writes: linking, filling, creating, re-import, edits. */
#include "harness.h"
#include "recur/buf.h"
#include "recur/db.h"
#include "recur/mem.h"
#include "recur/postmortem.h"
#include "recur/timeutil.h"

#include <stdlib.h>
#include <unistd.h>

#define SF "sample-data/sellfast/postmortems/"
#define FX "tests/fixtures/postmortems/"

static sqlite3 *db;

static struct recur_postmortem *parse_file(const char *path)
{
	struct recur_buf b = RECUR_BUF_INIT;
	struct recur_postmortem *pm = NULL;
	struct recur_error err;

	recur_error_init(&err);
	if (recur_buf_read_file(&b, path)) {
		printf("#   cannot read %s\n", path);
		return NULL;
	}
	if (recur_postmortem_parse(b.buf, b.len, path, &pm, &err))
		printf("#   %s: %s\n", path, err.msg);
	recur_buf_release(&b);
	return pm;
}

static struct recur_postmortem *parse_text(const char *text, const char *name, char *msg)
{
	struct recur_postmortem *pm = NULL;
	struct recur_error err;

	recur_error_init(&err);
	if (recur_postmortem_parse(text, strlen(text), name, &pm, &err) && msg)
		snprintf(msg, 256, "%.200s", err.msg);
	return pm;
}

static long long at(int y, int mo, int d, int h, int mi)
{
	return recur_time_make(y, mo, d, h, mi, 0);
}

static int starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

static int ends(const char *s, const char *suffix)
{
	size_t n = s ? strlen(s) : 0, k = strlen(suffix);

	return s && n >= k && !strcmp(s + n - k, suffix);
}

static void check_action(const struct recur_pm_action *a, const char *text, const char *owner,
			 long long due, int done)
{
	CHECK_STR(a->text, text);
	CHECK_STR(a->owner, owner);
	CHECK_INT(a->due_at, due);
	CHECK_INT(a->done, done);
}

static void pm_sellfast_recommendation(void)
{
	struct recur_postmortem *pm = parse_file(SF "2026-10-13-recommendation-db-load.md");

	CHECK(pm);
	if (!pm)
		return;
	CHECK_STR(pm->title, "Postmortem: product pages timing out during the recommendations batch job");
	CHECK_STR(pm->ref, "SF-1278");
	CHECK_STR(pm->ref_from, "metadata");
	CHECK(!pm->refs_other);
	CHECK_INT(pm->date, at(2026, 10, 13, 0, 0));
	CHECK_STR(pm->date_text, "2026-10-13");
	CHECK_STR(pm->authors, "@maria (Personalization), @jonas (Search & Discovery)");
	CHECK_STR(pm->status, "Action items in progress");
	CHECK_STR(pm->severity, "P1");
	CHECK_STR(pm->services, "recommendations, search, checkout");
	CHECK(starts(pm->summary, "From 09:42 to 11:58 UTC on Tuesday 13 October 2026, product pages on\n"));
	CHECK(ends(pm->summary, "(problem `recommendation-db-load`, status: known error)."));
	CHECK(strstr(pm->summary, "waited on it.\n\nThis is the eighteenth") != NULL);
	CHECK(starts(pm->impact, "- Product pages: p95 load time 9.8 s"));
	CHECK(ends(pm->impact, "- 412 customer contacts about \"the site is slow\"."));
	CHECK(starts(pm->root_cause, "The refresh job's query joins `reco_events`"));
	CHECK(ends(pm->root_cause, "so a long run starves page reads."));
	CHECK_STR(pm->trigger, "The October catalogue launch doubled the number of active products, which\n"
			       "doubled the size of the 09:30 run's working set.");
	CHECK(!pm->contributing);
	CHECK(starts(pm->resolution, "At 10:52 the on-call engineer paused `reco-refresh`"));
	CHECK(starts(pm->detection, "The synthetic check on the product page alerted at 09:42"));
	CHECK(starts(pm->lessons, "- What went well: the runbook from SF-1258"));
	CHECK(ends(pm->lessons, "- Where we got lucky: the checkout's payment step does not read from the\n  replica."));
	CHECK_INT(pm->nevents, 10);
	if (pm->nevents == 10) {
		CHECK_INT(pm->events[0].at, at(2026, 10, 13, 9, 30));
		CHECK_STR(pm->events[0].text, "`reco-refresh` hourly batch starts on db-reco-2");
		CHECK_INT(pm->events[0].line, 83);
		CHECK(!pm->events[0].actor);
		CHECK_INT(pm->events[2].at, at(2026, 10, 13, 9, 42));
		CHECK_STR(pm->events[2].text, "Synthetic product page check alerts; SF-1278 opened (P1)");
		CHECK_INT(pm->events[9].at, at(2026, 10, 13, 11, 58));
		CHECK_STR(pm->events[9].text, "p95 back to 1.2 s; SF-1278 resolved");
	}
	CHECK_INT(pm->nactions, 6);
	if (pm->nactions == 6) {
		check_action(&pm->actions[0], "Add index on reco_events(user_id)", "maria",
			     at(2026, 11, 15, 0, 0), 0);
		check_action(&pm->actions[1], "Move `reco-refresh` to its own replica, away from page reads",
			     "jonas", at(2026, 12, 1, 0, 0), 0);
		check_action(&pm->actions[2], "Page the on-call for replica CPU above 90% for 5 minutes",
			     "lena", at(2026, 10, 20, 0, 0), 1);
		check_action(&pm->actions[3], "Runbook: pause the refresh and fail over reads (RUN-REC-3)",
			     "maria", at(2026, 10, 16, 0, 0), 1);
		check_action(&pm->actions[4], "Add a statement timeout of 120 s to the refresh job",
			     "tomasz", at(2026, 11, 8, 0, 0), 0);
		check_action(&pm->actions[5], "Load test the refresh at 2x today's catalogue", "jonas",
			     at(2026, 12, 15, 0, 0), 0);
		CHECK(!pm->actions[0].kind && !pm->actions[0].bug);
	}
	CHECK_INT(pm->values_rejected, 0);
	recur_postmortem_free(pm);
}

static void pm_sellfast_certificate_and_payments(void)
{
	struct recur_postmortem *pm = parse_file(SF "2026-06-13-certificate-expiry.md");
	size_t i;

	CHECK(pm);
	if (!pm)
		return;
	CHECK_STR(pm->ref, "SF-1175");
	CHECK_STR(pm->refs_other, "EDGE-427");
	CHECK_STR(pm->severity, "P1");
	CHECK_STR(pm->trigger, "The certificate's validity ended at 2026-06-13 00:00:00 UTC.");
	CHECK_INT(pm->nevents, 10);
	if (pm->nevents == 10) {
		CHECK_INT(pm->events[0].at, at(2026, 6, 13, 0, 0));
		CHECK_STR(pm->events[0].text, "Certificate for checkout.sellfast.example expires");
		CHECK_INT(pm->events[9].at, at(2026, 6, 13, 2, 12));
	}
	CHECK_INT(pm->nactions, 4);
	for (i = 0; i < pm->nactions; i++)
		CHECK_INT(pm->actions[i].done, 1);
	if (pm->nactions == 4)
		check_action(&pm->actions[3], "Runbook EDGE-12: emergency renewal and push", "kofi",
			     at(2026, 6, 26, 0, 0), 1);
	recur_postmortem_free(pm);

	pm = parse_file(SF "2026-08-21-payment-gateway-timeouts.md");
	CHECK(pm);
	if (!pm)
		return;
	CHECK_STR(pm->ref, "SF-1226");
	CHECK_STR(pm->authors, "@priya (Payments Platform)");
	CHECK_INT(pm->nevents, 10);
	CHECK_INT(pm->nactions, 5);
	if (pm->nactions == 5) {
		check_action(&pm->actions[0], "Runbook PAY-7: switch card traffic to the secondary provider",
			     "priya", at(2026, 8, 28, 0, 0), 1);
		check_action(&pm->actions[2], "Retry budget and per-attempt timeout of 10 s in the gateway client",
			     "ahmed", at(2026, 11, 15, 0, 0), 0);
	}
	recur_postmortem_free(pm);
}

/* The SRE book's shape: inline "Key: text" sections, an action table, a list timeline. */
static void pm_sre_shape(void)
{
	struct recur_postmortem *pm = parse_file(FX "sre-shakespeare.md");

	CHECK(pm);
	if (!pm)
		return;
	CHECK_STR(pm->title, "Shakespeare Sonnet++ Postmortem (incident #465)");
	CHECK_STR(pm->ref, "465");
	CHECK_STR(pm->ref_from, "title");
	CHECK_INT(pm->date, at(2015, 10, 21, 0, 0));
	CHECK_STR(pm->authors, "jennifer, martym, agoogler");
	CHECK_STR(pm->status, "Complete, action items in progress");
	CHECK_STR(pm->severity, "SEV1");
	CHECK_STR(pm->summary, "Shakespeare Search down for 66 minutes during period of very high "
			       "interest in Shakespeare due to discovery of a new sonnet.");
	CHECK_STR(pm->impact, "Estimated 1.21B queries lost, no revenue impact.");
	CHECK(starts(pm->root_cause, "Cascading failure due to combination of exceptionally high load and"));
	CHECK_STR(pm->trigger, "Latent bug triggered by sudden increase in traffic.");
	CHECK(starts(pm->resolution, "Directed traffic to sacrificial cluster"));
	CHECK_STR(pm->detection, "Borgmon detected high level of HTTP 500s and paged on-call.");
	CHECK(starts(pm->lessons, "### What went well\n\n- Monitoring quickly alerted us"));
	CHECK(strstr(pm->lessons, "### Where we got lucky") != NULL);
	CHECK_INT(pm->nactions, 5);
	if (pm->nactions == 5) {
		check_action(&pm->actions[0], "Update playbook with instructions for responding to cascading failure",
			     "jennifer", 0, 1);
		CHECK_STR(pm->actions[0].kind, "mitigate");
		CHECK(!pm->actions[0].bug); /* "n/a" */
		check_action(&pm->actions[1], "Use flux capacitor to balance load between clusters", "martym", 0, 0);
		CHECK_STR(pm->actions[1].bug, "Bug 5554823");
		CHECK_STR(pm->actions[3].bug, "Bug 5554825");
		CHECK_INT(pm->actions[3].done, 1);
		/* "until 2015-11-20 due to …" is neither a due date nor a rejected one */
		check_action(&pm->actions[4], "Freeze production until 2015-11-20 due to error budget exhaustion",
			     "docbrown", 0, 0);
		CHECK_STR(pm->actions[4].kind, "other");
	}
	CHECK_INT(pm->nevents, 8);
	if (pm->nevents == 8) {
		CHECK_INT(pm->events[0].at, at(2015, 10, 21, 14, 51));
		CHECK_STR(pm->events[0].text, "News reports that a new Shakespearean sonnet has been discovered");
		CHECK_INT(pm->events[5].at, at(2015, 10, 21, 23, 40));
		CHECK_INT(pm->events[6].at, at(2015, 10, 22, 0, 5)); /* past midnight: the next day */
		CHECK_INT(pm->events[7].at, at(2015, 10, 22, 9, 0));
		CHECK(starts(pm->events[7].text, "INCIDENT ENDS"));
	}
	/* the incident's start and end, from the timeline's own words */
	CHECK_INT(pm->started_at, at(2015, 10, 21, 15, 1));
	CHECK_INT(pm->resolved_at, at(2015, 10, 22, 9, 0));
	CHECK_INT(pm->values_rejected, 0);
	recur_postmortem_free(pm);
}

/* "Outage begins"/"all clear" as whole words in any case; the first start,
 * the last end; the front matter's times win; an end before the start is
 * not taken. */
static void pm_timeline_milestones(void)
{
	struct recur_postmortem *pm;

	pm = parse_text("# API outage\n\nDate: 2026-03-04\n\n## Timeline\n\n"
			"- 09:58 Deploy of api v2.3\n- 10:00 **Outage begins**: 500s on /login\n"
			"- 10:20 Incident resolved after rollback\n- 10:40 Blackout overlay removed\n"
			"- 11:00 All clear, monitoring\n", "a.md", NULL);
	CHECK(pm);
	if (pm) {
		CHECK_INT(pm->started_at, at(2026, 3, 4, 10, 0));
		CHECK_INT(pm->resolved_at, at(2026, 3, 4, 11, 0));
		recur_postmortem_free(pm);
	}
	pm = parse_text("---\ntitle: X\nstart_time: 2026-03-04T09:00:00Z\n"
			"end_time: 2026-03-04T12:00:00Z\n---\n## Timeline\n\n"
			"- 2026-03-04 10:00 Outage began\n- 2026-03-04 11:00 Outage over\n", "b.md", NULL);
	CHECK(pm);
	if (pm) {
		CHECK_INT(pm->started_at, at(2026, 3, 4, 9, 0));
		CHECK_INT(pm->resolved_at, at(2026, 3, 4, 12, 0));
		recur_postmortem_free(pm);
	}
	pm = parse_text("# Y\n\n## Timeline\n\n- 2026-03-04 10:00 all clearing done\n"
			"- 2026-03-04 11:00 outages began\n", "c.md", NULL);
	CHECK(pm);
	if (pm) {
		CHECK_INT(pm->started_at, 0);
		CHECK_INT(pm->resolved_at, 0);
		recur_postmortem_free(pm);
	}
}

/* PagerDuty's shape: a metadata table, a zone note, a Who column, owners in many spellings. */
static void pm_pagerduty_shape(void)
{
	struct recur_postmortem *pm = parse_file(FX "pagerduty-login-outage.md");

	CHECK(pm);
	if (!pm)
		return;
	CHECK_STR(pm->title, "Login failures after session store failover");
	CHECK_STR(pm->ref, "INC0012345");
	CHECK_STR(pm->ref_from, "metadata");
	CHECK_INT(pm->date, at(2026, 3, 4, 0, 0));
	CHECK_STR(pm->severity, "SEV2");
	CHECK_STR(pm->authors, "Dana Whitfield");
	CHECK_STR(pm->status, "Draft");
	/* Overview and What Happened both go to the summary */
	CHECK(starts(pm->summary, "Between 14:10 and 15:02 CET"));
	CHECK(ends(pm->summary, "pointed at the old\nprimary."));
	CHECK(!pm->root_cause);
	CHECK(starts(pm->contributing, "- The client library caches"));
	CHECK(starts(pm->resolution, "The identity team restarted"));
	CHECK_STR(pm->impact, "- 22% of logins failed for 52 minutes; about 18,400 users affected.");
	CHECK_INT(pm->nevents, 6);
	if (pm->nevents == 6) {
		CHECK_INT(pm->events[0].at, at(2026, 3, 4, 13, 5)); /* 14:05 CET */
		CHECK_STR(pm->events[0].text, "Session store maintenance starts");
		CHECK_STR(pm->events[0].actor, "Ops");
		CHECK_STR(pm->events[2].actor, "Dana");
		CHECK_INT(pm->events[5].at, at(2026, 3, 5, 9, 0)); /* written in UTC */
	}
	CHECK_INT(pm->nactions, 4);
	if (pm->nactions == 4) {
		check_action(&pm->actions[0], "Refresh the primary address on failover in the session client",
			     "omar", at(2026, 4, 15, 0, 0), 0);
		check_action(&pm->actions[1], "Announce session store maintenance in #identity",
			     "Dana Whitfield", at(2026, 3, 11, 0, 0), 1);
		check_action(&pm->actions[2], "Add a login canary to the maintenance checklist", "Priya", 0, 0);
		check_action(&pm->actions[3], "Chaos test: fail over the session store weekly", NULL, 0, 0);
	}
	CHECK_INT(pm->values_rejected, 1);
	CHECK_STR(pm->rejected_field, "due_at");
	CHECK_STR(pm->rejected_value, "2026-13-45");
	CHECK_INT(pm->rejected_line, 54);
	recur_postmortem_free(pm);
}

static void pm_no_reference(void)
{
	struct recur_postmortem *pm = parse_file(FX "pagerduty-no-reference.md");

	CHECK(pm);
	if (!pm)
		return;
	CHECK_STR(pm->title, "Post-mortem: search index rebuild stalled");
	CHECK_STR(pm->ref, "pagerduty-no-reference");
	CHECK_STR(pm->ref_from, "file name");
	CHECK_INT(pm->date, at(2026, 3, 9, 0, 0));
	CHECK_STR(pm->date_text, "March 9, 2026");
	CHECK_STR(pm->severity, "major");
	CHECK_STR(pm->summary, "The nightly search index rebuild stalled for six hours, so new products did\n"
			       "not appear in search.");
	CHECK_STR(pm->root_cause, "A lock on the catalogue snapshot table was never released.");
	CHECK_INT(pm->nevents, 4); /* three from the code block, one from the list */
	if (pm->nevents == 4) {
		CHECK_INT(pm->events[0].at, at(2026, 3, 9, 2, 0));
		CHECK_STR(pm->events[2].text, "Lock released by hand; rebuild resumes");
		CHECK_INT(pm->events[3].at, at(2026, 3, 9, 9, 5));
	}
	CHECK_INT(pm->values_rejected, 1);
	CHECK_STR(pm->rejected_field, "timeline");
	CHECK_STR(pm->rejected_value, "Someone noticed at breakfast");
	CHECK_INT(pm->nactions, 2);
	if (pm->nactions == 2) {
		check_action(&pm->actions[0], "Add a lock timeout to the snapshot job", "li",
			     at(2026, 3, 20, 0, 0), 0);
		check_action(&pm->actions[1], "Alert when the rebuild runs longer than 90 minutes", NULL, 0, 0);
	}
	recur_postmortem_free(pm);
}

static void pm_odd_lines(void)
{
	char msg[256] = "";
	struct recur_postmortem *pm;
	struct recur_buf deep = RECUR_BUF_INIT;
	int i;

	pm = parse_text("# Outage INC0099887 on the API\n\n## Timeline\n\nAll times PDT.\n\n"
			"- **14:05** — deploy starts\n- 2026-05-02T21:10+02:00 | rollback\n"
			"- 9:15 pm: paged\n\n## Action items\n\n"
			"- [X] Reduce latency by 50% (@sam)\n- Ask @ahmed to review the timeout due to slowness\n"
			"- [ ] Fix it — due 2026-02-30\n",
			"notes/x.md", msg);
	CHECK(pm);
	if (!pm)
		return;
	CHECK_STR(pm->ref, "INC0099887");
	CHECK_STR(pm->ref_from, "title");
	/* no document date: a time before the first dated entry cannot be placed; after it, it can */
	CHECK_INT(pm->nevents, 2);
	if (pm->nevents == 2) {
		CHECK_INT(pm->events[0].at, at(2026, 5, 2, 19, 10));
		CHECK_STR(pm->events[0].text, "rollback");
		CHECK_INT(pm->events[1].at, at(2026, 5, 3, 4, 15)); /* 21:15 PDT */
		CHECK_STR(pm->events[1].text, "paged");
	}
	CHECK_INT(pm->values_rejected, 2); /* an undated time, an impossible due date */
	CHECK_INT(pm->nactions, 3);
	if (pm->nactions == 3) {
		check_action(&pm->actions[0], "Reduce latency by 50%", "sam", 0, 1);
		check_action(&pm->actions[1], "Ask @ahmed to review the timeout due to slowness", "ahmed", 0, 0);
		check_action(&pm->actions[2], "Fix it", NULL, 0, 0);
	}
	recur_postmortem_free(pm);

	pm = parse_text("# Outage\n\nDate: 2026-05-02\n\n## Timeline (all times PDT)\n\n"
			"- **14:05** — deploy starts\n- 9:15 pm: paged\n", "y.md", msg);
	CHECK(pm);
	if (pm && pm->nevents == 2) {
		CHECK_INT(pm->events[0].at, at(2026, 5, 2, 21, 5));
		CHECK_STR(pm->events[0].text, "deploy starts");
		CHECK_INT(pm->events[1].at, at(2026, 5, 3, 4, 15));
		CHECK_STR(pm->events[1].text, "paged");
	} else {
		CHECK(0);
	}
	recur_postmortem_free(pm);

	CHECK(!parse_text("just some words\n", "z.md", msg));
	CHECK(strstr(msg, "not a postmortem") != NULL);
	CHECK(!parse_text("", NULL, msg));
	/* deep nesting is read to a limit, not recursed into without end */
	for (i = 0; i < 20000; i++)
		recur_buf_adds(&deep, "> - ");
	recur_buf_adds(&deep, "x\n");
	pm = parse_text(deep.buf, "deep.md", msg);
	CHECK(!pm);
	recur_postmortem_free(pm);
	recur_buf_release(&deep);
}


/* Front matter wins over the Markdown; a body with no known section is kept. */
static void pm_front_matter(void)
{
	char msg[256] = "";
	struct recur_postmortem *pm;

	pm = parse_text("---\ntitle: \"DNS failures: eu-west\"\ndate: 2024-03-05 09:12:00 +0100\n"
			"start_time: 2024-03-05 08:47:00 +0100\nend_time: 2024-03-05T10:05:00Z\n"
			"company: Northwind\nproduct: Managed DNS\ncategories: [dns, config]\n"
			"tags:\n  - eu-west\nseverity: SEV-2\nsummary: Resolvers failed.\n"
			"url: https://status.example/1\nslug: dns-eu-west\n"
			"authors:\n  - name: Ana\n  - name: Bo\n---\n\n# Another title\n\n"
			"Date: 2024-03-01\n\n## Background\n\nZones are delegated.\n",
			"posts/2024-03-05-dns.md", msg);
	CHECK(pm);
	if (!pm)
		return;
	CHECK(pm->front_matter);
	CHECK_STR(pm->title, "DNS failures: eu-west");
	CHECK_INT(pm->started_at, at(2024, 3, 5, 7, 47));
	CHECK_INT(pm->resolved_at, at(2024, 3, 5, 10, 5));
	CHECK_INT(pm->date, at(2024, 3, 5, 0, 0)); /* not the Date: line */
	CHECK_STR(pm->date_text, "2024-03-05 08:47:00 +0100");
	CHECK_STR(pm->company, "Northwind");
	CHECK_STR(pm->product, "Managed DNS");
	CHECK_STR(pm->categories, "dns, config, eu-west");
	CHECK_STR(pm->severity, "SEV-2");
	CHECK_STR(pm->summary, "Resolvers failed.");
	CHECK_STR(pm->url, "https://status.example/1");
	CHECK_STR(pm->authors, "Ana, Bo");
	CHECK_STR(pm->ref, "dns-eu-west");
	CHECK_STR(pm->ref_from, "slug");
	/* the body keeps the H1 that is not the title, the Date line and the free heading */
	CHECK_STR(pm->body, "# Another title\n\nDate: 2024-03-01\n\n## Background\n\nZones are delegated.");
	recur_postmortem_free(pm);

	/* an id wins over the file name; an H1 equal to the title leaves the body */
	pm = parse_text("\xEF\xBB\xBF---\r\nid: queue-backlog\r\ntitle: Queue backlog\r\n---\r\n"
			"# Queue backlog\r\n\r\nConsumers looped.\r\n", "docs/x.md", msg);
	CHECK(pm);
	if (pm) {
		CHECK_STR(pm->ref, "queue-backlog");
		CHECK_STR(pm->ref_from, "front matter id");
		CHECK_STR(pm->body, "Consumers looped.");
		CHECK_INT(pm->date, 0);
	}
	recur_postmortem_free(pm);

	/* known sections: no body; the front matter summary yields to the section */
	pm = parse_text("---\ntitle: T\nincident: INC-2041\ndescription: short\n---\n## Summary\n\nLong.\n",
			"y.md", msg);
	CHECK(pm);
	if (pm) {
		CHECK_STR(pm->ref, "INC-2041");
		CHECK_STR(pm->ref_from, "front matter");
		CHECK_STR(pm->summary, "Long.");
		CHECK(pm->body == NULL);
	}
	recur_postmortem_free(pm);

	/* no H1 and no front matter title: the first heading that names no section */
	pm = parse_text("## What we saw\n\nErrors.\n", "z.md", msg);
	CHECK(pm);
	if (pm) {
		CHECK_STR(pm->title, "What we saw");
		CHECK_STR(pm->body, "Errors.");
	}
	recur_postmortem_free(pm);

	/* a bad time is rejected, not fatal; a bad block is fatal with its line */
	pm = parse_text("---\ntitle: T\nstart_time: yesterday\n---\nText.\n", "t.md", msg);
	CHECK(pm);
	if (pm) {
		CHECK_INT(pm->values_rejected, 1);
		CHECK_STR(pm->rejected_field, "start_time");
		CHECK_INT(pm->rejected_line, 3);
		CHECK_INT(pm->started_at, 0);
	}
	recur_postmortem_free(pm);
	{
		struct recur_error err;

		recur_error_init(&err);
		pm = NULL;
		CHECK_INT(recur_postmortem_parse("---\ntitle: &a T\n---\n", 19, "a.md", &pm, &err), -1);
		CHECK(pm == NULL);
		CHECK_STR(err.file, "a.md");
		CHECK_INT(err.line, 2);
		CHECK(strstr(err.msg, "anchor") != NULL);
	}
	CHECK(!parse_text("---\nlayout: post\n---\n\n", "l.md", msg));
	CHECK(strstr(msg, "neither a title nor any text") != NULL);
	CHECK(!parse_text("Words without a title.\n", "w.md", msg));
	CHECK(strstr(msg, "no title") != NULL);
	/* page bundles: the folder names the incident, not "index" */
	pm = parse_text("---\ntitle: GCP outage\n---\nText.\n", "content/pm/gcp-outage/index.md", msg);
	CHECK(pm);
	if (pm) {
		CHECK_STR(pm->ref, "gcp-outage");
		CHECK_STR(pm->ref_from, "folder name");
	}
	recur_postmortem_free(pm);
	pm = parse_text("---\ntitle: T\n---\nText.\n", "index.md", msg);
	CHECK(pm && !strcmp(pm->ref, "index"));
	recur_postmortem_free(pm);
	/* front matter with text but no title imports */
	pm = parse_text("---\ndate: 2024-01-02\n---\nWords.\n", "w.md", msg);
	CHECK(pm && !pm->title && pm->body);
	recur_postmortem_free(pm);
}

/* ---- the store ---- */

static long long qint(const char *sql)
{
	sqlite3_stmt *st;
	long long v = -999;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		printf("#   bad sql %s: %s\n", sql, sqlite3_errmsg(db));
		return v;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static const char *qtext(const char *sql)
{
	static char out[4][1024];
	static int n;
	char *o = out[n++ % 4];
	sqlite3_stmt *st;

	strcpy(o, "(none)");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		printf("#   bad sql %s: %s\n", sql, sqlite3_errmsg(db));
		return o;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(o, 1024, "%s", sqlite3_column_type(st, 0) == SQLITE_NULL ? "(null)"
					: (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return o;
}

static long long new_source(void)
{
	struct recur_error err;

	recur_error_init(&err);
	recur_db_exec(db, "INSERT INTO sources (path, format, sha256, imported_at) "
			  "VALUES ('x.md', 'postmortem', hex(randomblob(8)), 0)", &err);
	return sqlite3_last_insert_rowid(db);
}

/* Imports text as a document in its own transaction, like import.c does. */
static int import_text(const char *text, const char *name, struct recur_import_result *r)
{
	struct recur_import_opts o;
	struct recur_error err;
	long long src;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(r, 0, sizeof(*r));
	recur_error_init(&err);
	recur_db_begin(db, &err);
	src = new_source();
	rc = recur_postmortem_import(db, src, name, text, strlen(text), &o, r, &err);
	if (rc) {
		printf("#   import %s: %s\n", name, err.msg);
		recur_db_rollback(db);
	} else {
		recur_db_commit(db, &err);
	}
	return rc;
}

static char *slurp(const char *path)
{
	struct recur_buf b = RECUR_BUF_INIT;

	recur_buf_read_file(&b, path);
	return recur_buf_detach(&b, NULL);
}

/* Removes the line holding what from s. */
static void drop_line(char *s, const char *what)
{
	char *b = strstr(s, what), *e;

	if (!b)
		return;
	e = strchr(b, '\n');
	e = e ? e + 1 : b + strlen(b);
	memmove(b, e, strlen(e) + 1);
}

static void store_links_and_fills(void)
{
	struct recur_import_result r;
	struct recur_error err;
	char *doc = slurp(SF "2026-10-13-recommendation-db-load.md");
	char *edited;

	recur_error_init(&err);
	recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, root_cause, severity) "
			  "VALUES ('generic', 'SF-1278', 'Product pages timing out', 'missing index', 1)",
		      &err);
	CHECK_INT(import_text(doc, "pm/reco.md", &r), 0);
	CHECK_STR(r.format, "postmortem");
	CHECK_INT(r.rows, 1);
	CHECK_INT(r.incidents_new, 0);
	CHECK_INT(r.incidents_updated, 1);
	CHECK_INT(qint("SELECT count(*) FROM incidents"), 1);
	CHECK_INT(r.events, 10);
	/* the export's data wins; empty fields are filled */
	CHECK_STR(qtext("SELECT title FROM incidents"), "Product pages timing out");
	CHECK_STR(qtext("SELECT root_cause FROM incidents"), "missing index");
	CHECK(starts(qtext("SELECT resolution FROM incidents"), "At 10:52 the on-call engineer"));
	CHECK(starts(qtext("SELECT description FROM incidents"), "From 09:42 to 11:58 UTC"));
	CHECK_STR(qtext("SELECT service FROM incidents"), "recommendations");
	CHECK_STR(qtext("SELECT severity_label FROM incidents"), "P1");
	CHECK_INT(qint("SELECT opened_at FROM incidents"), at(2026, 10, 13, 9, 30));
	CHECK_INT(qint("SELECT count(*) FROM incident_events WHERE kind = 'timeline'"), 10);
	CHECK_INT(qint("SELECT count(*) FROM incident_events WHERE kind = 'postmortem'"), 1);
	CHECK_INT(qint("SELECT count(*) FROM action_items"), 6);
	CHECK_INT(qint("SELECT count(*) FROM action_items WHERE status = 'done'"), 2);
	CHECK_STR(qtext("SELECT owner || ' ' || date(due_at, 'unixepoch') FROM action_items "
			"WHERE text LIKE 'Add index%'"), "maria 2026-11-15");
	CHECK_STR(qtext("SELECT path || ' ' || main || ' ' || ref FROM postmortems"), "pm/reco.md 1 SF-1278");
	CHECK(starts(qtext("SELECT trigger FROM postmortems"), "The October catalogue launch"));

	/* the same document again: nothing changes */
	CHECK_INT(import_text(doc, "pm/reco.md", &r), 0);
	CHECK_INT(r.incidents_updated, 0);
	CHECK_INT(r.incidents_unchanged, 1);
	CHECK_INT(qint("SELECT count(*) FROM incident_events"), 11);
	CHECK_INT(qint("SELECT count(*) FROM action_items"), 6);

	/* an edited document: an item done, one dropped, a timeline line reworded */
	edited = xstrdup(doc);
	memcpy(strstr(edited, "- [ ] Add index"), "- [x] Add index", 15);
	drop_line(edited, "- [ ] Load test");
	memcpy(strstr(edited, "Replica CPU alert (low"), "Replica CPU ALERT (low", 22);
	CHECK_INT(import_text(edited, "pm/reco.md", &r), 0);
	CHECK_INT(r.incidents_updated, 1);
	CHECK_INT(qint("SELECT count(*) FROM action_items"), 5);
	CHECK_STR(qtext("SELECT status FROM action_items WHERE text LIKE 'Add index%'"), "done");
	CHECK_INT(qint("SELECT count(*) FROM incident_events WHERE kind = 'timeline'"), 10);
	CHECK_INT(qint("SELECT count(*) FROM incident_events WHERE new_value GLOB 'Replica CPU alert*'"), 0);
	CHECK_INT(qint("SELECT count(*) FROM incident_events WHERE new_value GLOB 'Replica CPU ALERT*'"), 1);
	free(edited);
	free(doc);
}

static void store_creates_and_names_others(void)
{
	struct recur_import_result r;
	struct recur_error err;
	char *doc = slurp(FX "pagerduty-no-reference.md");

	recur_error_init(&err);
	CHECK_INT(import_text(doc, "pm/pagerduty-no-reference.md", &r), 0);
	CHECK_INT(r.incidents_new, 1);
	CHECK_INT(r.values_rejected, 1);
	CHECK_STR(r.examples[0].field, "timeline");
	CHECK_STR(qtext("SELECT source_system || ' ' || title FROM incidents WHERE ext_id = "
			"'pagerduty-no-reference'"), "postmortem search index rebuild stalled");
	CHECK_INT(qint("SELECT severity FROM incidents WHERE ext_id = 'pagerduty-no-reference'"), 2);
	CHECK_INT(qint("SELECT opened_at FROM incidents WHERE ext_id = 'pagerduty-no-reference'"),
		  at(2026, 3, 9, 2, 0));
	free(doc);

	/* SF-1175 with the edge side EDGE-427: both exist, the document is about the first */
	recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title) VALUES "
			  "('generic', 'SF-1175', 'Checkout down'), ('edge', 'EDGE-427', 'POP fra-2 down')",
		      &err);
	doc = slurp(SF "2026-06-13-certificate-expiry.md");
	CHECK_INT(import_text(doc, "pm/cert.md", &r), 0);
	CHECK_INT(r.incidents_updated, 2);
	CHECK_STR(qtext("SELECT group_concat(i.ext_id || ':' || p.main, ' ') FROM postmortems p "
			"JOIN incidents i ON i.id = p.incident_id WHERE p.path = 'pm/cert.md'"),
		  "SF-1175:1 EDGE-427:0");
	CHECK_STR(qtext("SELECT title FROM incidents WHERE ext_id = 'EDGE-427'"), "POP fra-2 down");
	CHECK(starts(qtext("SELECT root_cause FROM incidents WHERE ext_id = 'EDGE-427'"),
		     "- Certificates were renewed by hand"));
	CHECK(strstr(qtext("SELECT root_cause FROM incidents WHERE ext_id = 'SF-1175'"),
		     "\n\nTrigger: The certificate's validity ended") != NULL);
	CHECK_INT(qint("SELECT count(*) FROM action_items a JOIN incidents i ON i.id = a.incident_id "
		       "WHERE i.ext_id = 'EDGE-427'"), 0);
	CHECK_INT(qint("SELECT count(*) FROM incident_events e JOIN incidents i ON i.id = e.incident_id "
		       "WHERE i.ext_id = 'EDGE-427' AND e.kind = 'postmortem'"), 1);
	CHECK_INT(qint("SELECT count(*) FROM action_items a JOIN incidents i ON i.id = a.incident_id "
		       "WHERE i.ext_id = 'SF-1175'"), 4);
	free(doc);
}


/* A document with front matter creates its incident; an edited one rewrites it, the same one changes nothing. */
static void store_front_matter(void)
{
	struct recur_import_result r;
	const char *doc = "---\ntitle: Stale prices\nstart_time: 2024-08-19T05:10:00Z\n"
			  "end_time: 2024-08-19T09:40:00Z\ncompany: Sell Fast\nproduct: storefront\n"
			  "tags: [cdn]\nurl: https://x.example/1\nsummary: A purge timed out.\n---\n\n"
			  "The purge API timed out.\n";
	char *edited = xstrdup(doc);

	CHECK_INT(import_text(doc, "pm/2024-08-19-cdn-purge.md", &r), 0);
	CHECK_INT(r.incidents_new, 1);
	CHECK_STR(qtext("SELECT source_system || ' ' || service || ' ' || category || ' ' || url || ' ' || "
			"extra FROM incidents WHERE ext_id = '2024-08-19-cdn-purge'"),
		  "postmortem storefront cdn https://x.example/1 "
		  "{\"company\": \"Sell Fast\", \"product\": \"storefront\"}");
	CHECK_INT(qint("SELECT opened_at FROM incidents WHERE ext_id = '2024-08-19-cdn-purge'"),
		  at(2024, 8, 19, 5, 10));
	CHECK_INT(qint("SELECT started_at FROM incidents WHERE ext_id = '2024-08-19-cdn-purge'"),
		  at(2024, 8, 19, 5, 10));
	CHECK_INT(qint("SELECT resolved_at FROM incidents WHERE ext_id = '2024-08-19-cdn-purge'"),
		  at(2024, 8, 19, 9, 40));
	CHECK_STR(qtext("SELECT description FROM incidents WHERE ext_id = '2024-08-19-cdn-purge'"),
		  "A purge timed out.\n\nThe purge API timed out.");
	CHECK_INT(import_text(doc, "pm/2024-08-19-cdn-purge.md", &r), 0);
	CHECK_INT(r.incidents_unchanged, 1);
	memcpy(strstr(edited, "09:40"), "10:40", 5);
	CHECK_INT(import_text(edited, "pm/2024-08-19-cdn-purge.md", &r), 0);
	CHECK_INT(r.incidents_updated, 1);
	CHECK_INT(r.incidents_new, 0);
	CHECK_INT(qint("SELECT count(*) FROM incidents WHERE ext_id = '2024-08-19-cdn-purge'"), 1);
	CHECK_INT(qint("SELECT resolved_at FROM incidents WHERE ext_id = '2024-08-19-cdn-purge'"),
		  at(2024, 8, 19, 10, 40));
	free(edited);
}

/* Owners never keep an '@' (found by the fuzzer: "owner:@@ x" kept "@ x"); an empty one is none. */
static void pm_owner_without_at(void)
{
	char msg[256] = "";
	struct recur_postmortem *pm;

	pm = parse_text("# Outage INC0099887\n\n## Action items\n\n"
			"- [ ] Add a lock timeout \xe2\x80\x94 owner:@@ maria\n"
			"- [ ] Rotate the key \xe2\x80\x94 owner: @\n\n"
			"| Action | Owner |\n|---|---|\n| Page sooner | @@sam |\n",
			"x.md", msg);
	CHECK(pm);
	if (!pm)
		return;
	CHECK_INT(pm->nactions, 3);
	if (pm->nactions == 3) {
		CHECK_STR(pm->actions[0].owner, "maria");
		CHECK(pm->actions[1].owner == NULL);
		CHECK_STR(pm->actions[2].owner, "sam");
	}
	recur_postmortem_free(pm);
}

/*
 * cmark-gfm's table and task-list extensions: a table right under metadata
 * lines (no blank line: the table interrupts the paragraph, which cmark-gfm
 * leaves without a position) keeps both, and a checked task is done.
 */
static void pm_gfm_table_and_tasks(void)
{
	char msg[256] = "";
	struct recur_postmortem *pm;

	pm = parse_text("# Outage on the API\n\nSeverity: SEV2\nAuthors: ana\n"
			"| Incident | Date |\n|---|---|\n| INC0012345 | 2026-05-02 |\n\n"
			"## Action items\n\n- [x] Roll back faster (@sam)\n- [ ] Alert on 5xx (@li)\n",
			"x.md", msg);
	CHECK(pm);
	if (!pm)
		return;
	CHECK_STR(pm->severity, "SEV2");
	CHECK_STR(pm->ref, "INC0012345");
	CHECK_INT(pm->date, at(2026, 5, 2, 0, 0));
	CHECK_INT(pm->nactions, 2);
	if (pm->nactions == 2) {
		check_action(&pm->actions[0], "Roll back faster", "sam", 0, 1);
		check_action(&pm->actions[1], "Alert on 5xx", "li", 0, 0);
	}
	recur_postmortem_free(pm);
}

int main(void)
{
	struct recur_error err;
	char dir[64], path[128];

	RUN(pm_sellfast_recommendation);
	RUN(pm_sellfast_certificate_and_payments);
	RUN(pm_sre_shape);
	RUN(pm_pagerduty_shape);
	RUN(pm_timeline_milestones);
	RUN(pm_no_reference);
	RUN(pm_odd_lines);
	RUN(pm_owner_without_at);
	RUN(pm_front_matter);
	RUN(pm_gfm_table_and_tasks);
	snprintf(dir, sizeof(dir), "/tmp/recur-test-pm-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/t.db", dir);
	recur_error_init(&err);
	if (recur_db_open(path, &db, &err)) {
		printf("not ok - open db: %s\n", err.msg);
		return 1;
	}
	RUN(store_links_and_fills);
	RUN(store_creates_and_names_others);
	RUN(store_front_matter);
	recur_db_close(db);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return HARNESS_END();
}
