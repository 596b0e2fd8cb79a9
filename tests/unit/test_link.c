/*
 * test_link.c — the link layer: masking, rules files, problem ids, and
 * linking on a real temporary database.
 */
#include "harness.h"
#include "link/link_internal.h"
#include "recur/db.h"
#include "recur/link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];

static void mask_is(const char *in, const char *want)
{
	struct recur_buf b = RECUR_BUF_INIT;

	recur_link_mask(in, &b);
	CHECK_STR(b.buf, want);
	recur_buf_release(&b);
}

static void test_mask_table(void)
{
	static const char *const cases[][2] = {
		{ "DB connection pool exhausted on db-07.prod (98%) after 30s",
		  "DB connection pool exhausted on <HOST> (<NUM>%) after <DUR>" },
		{ "Request 3f2a9c1e-1b2c-4d5e-8f90-0123456789ab failed", "Request <UUID> failed" },
		{ "Timeout connecting to 10.0.3.17:5432", "Timeout connecting to <IP>" },
		{ "ping 192.168.1.1 lost", "ping <IP> lost" },
		{ "Cache miss storm on web12 at 10:15", "Cache miss storm on <HOST> at <TIME>" },
		{ "cron at 23:59:01 late", "cron at <TIME> late" },
		{ "Backup failed 2025-11-03 with code 0x1f", "Backup failed <DATE> with code <HEX>" },
		{ "since 2025-11-03T10:15:00Z", "since <DATE>" },
		{ "since 12/03/2025", "since <DATE>" },
		{ "Deploy a3f9c2e1 rolled back", "Deploy <HEX> rolled back" },
		{ "p99 250ms above 1.5s for 5m", "p99 <DUR> above <DUR> for <DUR>" },
		{ "emails late by 15 minutes, 1 hour", "emails late by <DUR>, <DUR>" },
		{ "HTTP 503 from payments-api", "HTTP <NUM> from payments-api" },
		/* a quoted word is a value; a quoted sentence is the message itself */
		{ "Error 'order not found' for order 123456789",
		  "Error 'order not found' for order <NUM>" },
		{ "unknown key 'x-request-id' in config", "unknown key '<STR>' in config" },
		{ "can't reach \"primary\" replica", "can't reach \"<STR>\" replica" },
		{ "  Disk   usage\t95.5% on  ip-10-0-1-23.eu-west-1.compute.internal ",
		  "Disk usage <NUM>% on <HOST>" },
		{ "Kafka lag on broker-3: 1200 messages", "Kafka lag on <HOST>: <NUM> messages" },
		{ "Queue depth 12,000", "Queue depth <NUM>" },
		{ "TLS errors with http2 on v2.3.1", "TLS errors with http2 on <NUM>" },
		{ "S3 and EC2 degraded", "S3 and EC2 degraded" },
		{ "5xx spike on api.example.com", "5xx spike on <HOST>" },
		{ "proxy.cse.cuhk.edu.hk:5070 open through proxy", "<HOST> open through proxy" },
		{ "NameSystem.addStoredBlock ok", "NameSystem.addStoredBlock ok" },
		{ "GET https://shop.example.com/cart?id=7 failed", "GET <URL> failed" },
		{ "Deleting /mnt/hadoop/dfs/blk_12 and C:\\Windows\\Temp\\x.log",
		  "Deleting <PATH> and <PATH>" },
		{ "HTTP/1.1 from /10.0.0.1:50010", "HTTP/<NUM> from /<IP>" },
		{ "2034 bytes (1.98 KB) sent, 785 bytes sent, 96258.00 MB free",
		  "<SIZE> sent, <SIZE> sent, <SIZE> free" },
		{ "lifetime <1 sec, boot = -103", "lifetime <DUR>, boot = <NUM>" },
		{ "connection at Sun Jul 24 02:38:22 2005 from x", "connection at <DATE> from x" },
		{ "blk_-6330812010936261924 added", "blk_-<NUM> added" },
		{ "no variables here", "no variables here" },
		{ "", "" },
		{ "Zahlung fehlgeschlagen für Bestellung 42 – Ärger", "Zahlung fehlgeschlagen für Bestellung <NUM> – Ärger" },
		{ "bad utf8 \xff\xfe 17 end", "bad utf8 \xff\xfe <NUM> end" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		mask_is(cases[i][0], cases[i][1]);
}

static void test_problem_id_stable(void)
{
	char id[16];

	/* fixed values: a change of hash would change every user's problem ids */
	recur_link_problem_id("rule:checkout-db-pool", id);
	CHECK_STR(id, "PRB-3f6147c0");
	recur_link_problem_id("sig:checkout:DB pool exhausted on <HOST>", id);
	CHECK_STR(id, "PRB-4c917c2e");
	recur_link_problem_id("", id);
	CHECK_STR(id, "PRB-cbf29ce4");
}

static const char good_rules[] =
	"# comment\n"
	"\n"
	"[rule recommendation-db-load]          # a rule\n"
	"title = Slow pages from recommendation queries\n"
	"fields = title, description            # fields the pattern reads\n"
	"pattern = (?i)slow\\b.*(page|load)\n"
	"pattern = (?i)recommendations? timeout # a '#' in a pattern is the pattern's\n"
	"service = Recommendations, search\n"
	"root_cause = Heavy recommendation DB queries saturate the replica\n"
	"workaround = Fail over reads to the standby replica\n"
	"status = Known Error                   # investigating | known error | resolved\n"
	"\r\n"
	"[rule b]\r\n"
	"  pattern   =   disk full  \r\n";

static void test_rules_parse(void)
{
	struct link_rules rs;
	struct recur_error err;
	const struct link_rule *r;

	recur_error_init(&err);
	CHECK_INT(link_rules_parse(good_rules, strlen(good_rules), "rules.conf", &rs, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK_INT(rs.n, 2);
	if (rs.n != 2)
		return;
	r = &rs.rules[0];
	CHECK_STR(r->name, "recommendation-db-load");
	CHECK_STR(r->title, "Slow pages from recommendation queries");
	CHECK_INT(r->fields, (1u << LINK_FIELD_TITLE) | (1u << LINK_FIELD_DESCRIPTION));
	CHECK_INT(r->ncodes, 2);
	CHECK_INT(r->nservices, 2);
	CHECK_STR(r->services[0], "recommendations");
	CHECK_STR(r->services[1], "search");
	CHECK_STR(r->service_text, "Recommendations, search");
	CHECK_STR(r->status, "known error");
	CHECK_STR(r->workaround, "Fail over reads to the standby replica");
	CHECK_INT(r->line, 3);
	r = &rs.rules[1];
	CHECK_STR(r->name, "b");
	CHECK_INT(r->fields, 1u << LINK_FIELD_TITLE);
	CHECK_INT(r->ncodes, 1);
	CHECK(r->title == NULL && r->status == NULL);
	link_rules_release(&rs);
}

static void rules_error_is(const char *text, const char *want)
{
	struct link_rules rs;
	struct recur_error err;
	char got[1200];

	recur_error_init(&err);
	CHECK_INT(link_rules_parse(text, strlen(text), "rules.conf", &rs, &err), -1);
	recur_error_format(&err, got, sizeof(got));
	CHECK_STR(got, want);
	CHECK_INT(rs.n, 0);
}

static void test_rules_errors(void)
{
	rules_error_is("[rule a]\npattern = x\n\n[rule x]\ntitle = t\npattern = (ab\n",
		       "rules.conf:6:14: invalid pattern in rule 'x': missing closing parenthesis");
	rules_error_is("[rule a]\n    pattern = a)b\n",
		       "rules.conf:2:16: invalid pattern in rule 'a': unmatched closing parenthesis");
	rules_error_is("title = x\n",
		       "rules.conf:1:1: 'title' outside a rule: start a rule with [rule NAME] first");
	rules_error_is("[rule a]\npattern = x\ncolour = red\n",
		       "rules.conf:3:1: unknown key 'colour' in rule 'a': use title, fields, pattern, "
		       "service, root_cause, workaround or status");
	rules_error_is("[rule a]\ntitle = x\npattern = x\n title = y\n",
		       "rules.conf:4:2: duplicate key 'title' in rule 'a': give it once");
	rules_error_is("[rule a]\npattern = x\nstatus = done\n",
		       "rules.conf:3:10: bad status 'done' in rule 'a': use investigating, known "
		       "error or resolved");
	rules_error_is("[rule a]\npattern = x\nfields = title, summary\n",
		       "rules.conf:3:17: unknown field 'summary' in rule 'a': use title, description, "
		       "service, category, root_cause or resolution");
	rules_error_is("[rule a]\ntitle = no pattern\n[rule b]\npattern = x\n",
		       "rules.conf:1:1: rule 'a' has no pattern: add a line 'pattern = REGEX'");
	rules_error_is("[rule a]\ntitle = x\n",
		       "rules.conf:1:1: rule 'a' has no pattern: add a line 'pattern = REGEX'");
	rules_error_is("[rule a]\npattern = x\n[rule a]\npattern = y\n",
		       "rules.conf:3:7: duplicate rule 'a' (first at line 1): give each rule its "
		       "own name");
	rules_error_is("[rule bad name]\n",
		       "rules.conf:1:10: invalid character ' ' in rule name 'bad name': use letters, "
		       "digits, '-', '_' and '.'");
	rules_error_is("[rule]\n", "rules.conf:1:6: missing rule name: write [rule NAME]");
	rules_error_is("[section x]\n",
		       "rules.conf:1:2: unknown section '[section x]': a rule starts with [rule NAME]");
	rules_error_is("[rule a\n",
		       "rules.conf:1:1: missing ']' after '[': a rule starts with [rule NAME]");
	rules_error_is("[rule a] extra\n", "rules.conf:1:10: unexpected text after ']'");
	rules_error_is("[rule a]\njust words\n",
		       "rules.conf:2:1: expected 'key = value' or [rule NAME]");
	rules_error_is("[rule a]\npattern =   \n", "rules.conf:2:10: empty value for 'pattern' in rule 'a'");
}


/* ---- template mining ---- */

/* Mines texts and checks each text's template. */
static void mine_is(const char *const *texts, size_t n, const char *const *want)
{
	struct recur_signatures sg;
	size_t i;

	recur_link_signatures(texts, n, &sg);
	CHECK_INT(sg.n, n);
	for (i = 0; i < n; i++)
		CHECK_STR(sg.group[i] == RECUR_NO_GROUP ? "(none)" : sg.templates[sg.group[i]], want[i]);
	recur_link_signatures_release(&sg);
}

static void test_miner_templates(void)
{
	static const char *const texts[] = {
		/* many user names: a variable; few words at one place: templates */
		"session opened for user alice", "session opened for user bob",
		"session opened for user carol", "session opened for user dave",
		"session opened for user erin", "session opened for user frank",
		"VM Resumed (Lifecycle Event)", "VM Paused (Lifecycle Event)",
		"VM Resumed (Lifecycle Event)", "VM Paused (Lifecycle Event)",
		/* key=value: the value is a variable, even with two values */
		"shouldBlockLocation ret:false", "shouldBlockLocation ret:true",
		"shouldBlockLocation ret:false",
		/* the same fixed words with more or fewer variables between them */
		"connection from 10.0.0.1 () at Sun Jul 24 02:38:22 2005",
		"connection from 10.0.0.2 (host7.example.org) at Mon Jul 25 02:38:22 2005",
		/* lists of one placeholder fold into one */
		"ask 10.0.0.1:50010 to delete blk_-1 blk_-2 blk_-3",
		"ask 10.0.0.2:50010 to delete blk_-4",
		"", "   ",
	};
	static const char *const want[] = {
		"session opened for user <*>", "session opened for user <*>",
		"session opened for user <*>", "session opened for user <*>",
		"session opened for user <*>", "session opened for user <*>",
		"VM Resumed (Lifecycle Event)", "VM Paused (Lifecycle Event)",
		"VM Resumed (Lifecycle Event)", "VM Paused (Lifecycle Event)",
		"shouldBlockLocation ret:<*>", "shouldBlockLocation ret:<*>",
		"shouldBlockLocation ret:<*>",
		"connection from <IP> (<*>) at <DATE>", "connection from <IP> (<*>) at <DATE>",
		"ask <IP> to delete <*>", "ask <IP> to delete <*>",
		"(none)", "(none)",
	};

	mine_is(texts, sizeof(texts) / sizeof(texts[0]), want);
}

/* The templates and ids depend on the set of texts, not their order. */
static void test_miner_order_free(void)
{
	static const char *const a[] = {
		"disk full on db-01 (97%)", "disk full on db-02 (98%)", "login failed for bob",
		"login failed for amy", "login failed for zed", "login failed for kim",
		"login failed for lou", "login failed for max", "queue depth 12000",
	};
	const char *b[sizeof(a) / sizeof(a[0])];
	struct recur_signatures x, y;
	size_t n = sizeof(a) / sizeof(a[0]), i;

	for (i = 0; i < n; i++)
		b[i] = a[n - 1 - i];
	recur_link_signatures(a, n, &x);
	recur_link_signatures(b, n, &y);
	CHECK_INT(x.ngroups, y.ngroups);
	for (i = 0; i < n; i++)
		CHECK_STR(x.templates[x.group[i]], y.templates[y.group[n - 1 - i]]);
	CHECK_STR(x.templates[x.group[0]], "disk full on <HOST> (<NUM>%)");
	CHECK_STR(x.templates[x.group[2]], "login failed for <*>");
	CHECK_STR(x.templates[x.group[8]], "queue depth <NUM>");
	recur_link_signatures_release(&x);
	recur_link_signatures_release(&y);
	{
		char id[17];

		/* fixed value: ids must not change between versions */
		recur_link_template_id("login failed for <*>", id);
		CHECK_INT(strlen(id), 16);
		CHECK_STR(id, "6590347e07d8ba4c");
	}
}

/* ---- linking on a temporary database ---- */

static sqlite3 *open_temp_db(const char *name)
{
	char path[128];
	sqlite3 *db = NULL;
	struct recur_error err;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	recur_error_init(&err);
	if (recur_db_open(path, &db, &err))
		printf("#   cannot open %s: %s\n", path, err.msg);
	return db;
}

static void write_file(const char *name, const char *text, char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static const char incidents_sql[] =
	"INSERT INTO incidents (source_system, ext_id, title, description, service, opened_at, "
	"resolved_at, problem_ref) VALUES "
	"('t', 'I1', 'Checkout DB pool exhausted on db-01.prod', NULL, 'Checkout', 1000, 1600, NULL),"
	"('t', 'I2', 'Checkout DB pool exhausted on db-02.prod', NULL, 'Checkout', 2000, 3200, NULL),"
	"('t', 'I3', 'Checkout DB pool exhausted on db-03.prod', NULL, 'checkout', 3000, 2000, NULL),"
	"('t', 'I4', 'Search latency high on web12', NULL, 'search', 4000, NULL, NULL),"
	"('t', 'I5', 'Payment gateway 502', NULL, 'payments', 5000, 5060, 'PRB0040001'),"
	"('t', 'I6', 'Payment gateway 504', NULL, 'payments', 6000, 6120, 'PRB0040001'),"
	"('t', 'I7', 'pool exhausted on db-01 again', NULL, 'payments', 7000, NULL, 'PRB0040001'),"
	"('t', 'I8', 'Slow search', 'the recommendations box timed out', 'search', 8000, 8600, NULL)";

static const char rules_text[] =
	"[rule pool]\n"
	"title = DB pool exhausted\n"
	"pattern = (?i)pool exhausted on db-01\n"
	"status = known error\n"
	"root_cause = pool too small\n"
	"\n"
	"[rule reco]\n"
	"fields = description\n"
	"service = SEARCH\n"
	"pattern = recommendations box\n";

static const char dump_sql[] =
	"SELECT p.id, p.key, p.title, p.template, p.service, p.method, p.status, p.root_cause, "
	"p.first_seen, p.last_seen, p.incident_count, p.impact_minutes, "
	"i.ext_id, l.method, l.score, l.reason "
	"FROM problems p LEFT JOIN problem_links l ON l.problem_id = p.id "
	"LEFT JOIN incidents i ON i.id = l.incident_id ORDER BY p.id, i.ext_id";

static char *dump(sqlite3 *db)
{
	struct recur_table *t = NULL;
	struct recur_buf out = RECUR_BUF_INIT;
	struct recur_error err;

	recur_error_init(&err);
	if (recur_db_query(db, dump_sql, NULL, 0, &t, &err))
		printf("#   dump: %s\n", err.msg);
	else
		recur_table_write(t, RECUR_FORMAT_CSV, &out);
	recur_table_free(t);
	return recur_buf_detach(&out, NULL);
}

static char *query1(sqlite3 *db, const char *sql)
{
	struct recur_table *t = NULL;
	struct recur_error err;
	char *s = NULL;

	recur_error_init(&err);
	if (recur_db_query(db, sql, NULL, 0, &t, &err))
		printf("#   query: %s\n", err.msg);
	else if (t->nrows && recur_table_cell(t, 0, 0)->text)
		s = strdup(recur_table_cell(t, 0, 0)->text);
	recur_table_free(t);
	return s ? s : strdup("(none)");
}

static void check_query(sqlite3 *db, const char *sql, const char *want)
{
	char *got = query1(db, sql);

	CHECK_STR(got, want);
	free(got);
}

static int run_link_opts(sqlite3 *db, const struct recur_link_opts *o, struct recur_link_result *r)
{
	struct recur_error err;
	int rc;

	recur_error_init(&err);
	rc = recur_link_run(db, o, r, &err);
	if (rc)
		printf("#   link: %s\n", err.msg);
	return rc;
}

static int run_link(sqlite3 *db, const char *rules, int min, struct recur_link_result *r)
{
	struct recur_link_opts o = { .rules_path = rules, .min_incidents = min, .now = 1764115200 };
	struct recur_error err;
	int rc;

	recur_error_init(&err);
	rc = recur_link_run(db, &o, r, &err);
	if (rc)
		printf("#   link: %s\n", err.msg);
	return rc;
}

static void test_link_precedence(void)
{
	sqlite3 *db = open_temp_db("prec.db");
	struct recur_link_result r;
	struct recur_error err;
	char rules[128], id[16], sql[256];

	recur_error_init(&err);
	write_file("prec.conf", rules_text, rules, sizeof(rules));
	CHECK_INT(recur_db_exec(db, incidents_sql, &err), 0);
	CHECK_INT(run_link(db, rules, 2, &r), 0);
	CHECK_INT(r.incidents, 8);
	CHECK_INT(r.rules, 2);
	CHECK_INT(r.rule_links, 2);       /* I1 (pool), I8 (reco: description, service) */
	CHECK_INT(r.signature_links, 2);  /* I2, I3: service case does not matter */
	CHECK_INT(r.source_links, 3);     /* I5-I7, I7 though the pool rule matches it */
	CHECK_INT(r.problems, 4);
	CHECK_INT(r.recurring, 2);
	/* the rule wins over the signature I1 shares with I2 and I3 */
	recur_link_problem_id("rule:pool", id);
	snprintf(sql, sizeof(sql), "SELECT group_concat(i.ext_id || ' ' || l.reason, '|') FROM "
		 "problem_links l JOIN incidents i ON i.id = l.incident_id WHERE problem_id = '%s'", id);
	check_query(db, sql, "I1 rule pool matched title: 'pool exhausted on db-01'");
	check_query(db, "SELECT title || '/' || status || '/' || root_cause FROM problems WHERE "
		    "key = 'rule:pool'", "DB pool exhausted/known error/pool too small");
	check_query(db, "SELECT reason FROM problem_links l JOIN incidents i ON i.id = "
		    "l.incident_id WHERE ext_id = 'I8'",
		    "rule reco matched description: 'recommendations box'");
	/* the signature problem: template, service, counts, impact of valid TTRs only */
	check_query(db, "SELECT key || '|' || template || '|' || service || '|' || incident_count "
		    "|| '|' || first_seen || '|' || last_seen || '|' || impact_minutes "
		    "FROM problems WHERE method = 'signature'",
		    "sig:checkout:Checkout DB pool exhausted on <HOST>|Checkout DB pool exhausted "
		    "on <HOST>|Checkout|2|2000|3000|20.0");
	check_query(db, "SELECT group_concat(reason, '|') FROM problem_links WHERE method = "
		    "'signature'", "signature 'Checkout DB pool exhausted on <HOST>' (similarity 0.83)|"
		    "signature 'Checkout DB pool exhausted on <HOST>' (similarity 0.83)");
	check_query(db, "SELECT group_concat(score, '|') FROM problem_links WHERE method = "
		    "'signature'", "0.833|0.833");
	/* the export's problem */
	recur_link_problem_id("source:PRB0040001", id);
	snprintf(sql, sizeof(sql), "SELECT id || '|' || title || '|' || incident_count || '|' || "
		 "impact_minutes FROM problems WHERE key = 'source:PRB0040001'");
	{
		char want[128];

		/* titled by the export's key, not by one of its incidents */
		snprintf(want, sizeof(want), "%s|PRB0040001|3|3.0", id);
		check_query(db, sql, want);
	}
	/* the singleton signature (I4) made nothing */
	check_query(db, "SELECT count(*) FROM problem_links l JOIN incidents i ON "
		    "i.id = l.incident_id WHERE ext_id = 'I4'", "0");
	recur_db_close(db);
}

static void test_link_rerun(void)
{
	sqlite3 *db = open_temp_db("rerun.db");
	struct recur_link_result r;
	struct recur_error err;
	char rules[128], *first, *again, *without;

	recur_error_init(&err);
	write_file("rerun.conf", rules_text, rules, sizeof(rules));
	CHECK_INT(recur_db_exec(db, incidents_sql, &err), 0);
	CHECK_INT(run_link(db, rules, 2, &r), 0);
	first = dump(db);
	CHECK_INT(run_link(db, rules, 2, &r), 0);
	again = dump(db);
	CHECK_STR(again, first);
	CHECK_INT(r.rules_from, RECUR_RULES_FILE);
	{
		char want[256];

		snprintf(want, sizeof(want), "%s|%zu|1764115200", rules, strlen(rules_text));
		check_query(db, "SELECT path || '|' || length(content) || '|' || stored_at FROM "
			    "link_rules", want);
	}
	/* no --rules: the stored rules link, nothing changes */
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	CHECK_INT(r.rules_from, RECUR_RULES_STORED);
	CHECK_INT(r.rule_links, 2);
	CHECK_INT(r.retired, 0);
	free(again);
	again = dump(db);
	CHECK_STR(again, first);
	/* --no-rules: I1 joins its signature; the rule problems are kept, retired, named */
	{
		struct recur_link_opts o = { .min_incidents = 2, .now = 1764200000, .no_rules = 1 };

		CHECK_INT(run_link_opts(db, &o, &r), 0);
	}
	CHECK_INT(r.rules_from, RECUR_RULES_NONE);
	CHECK_INT(r.rules_dropped, 1);
	CHECK_INT(r.rule_links, 0);
	CHECK_INT(r.signature_links, 3);
	CHECK_INT(r.source_links, 3);
	CHECK_INT(r.problems, 2);
	CHECK_INT(r.retired, 2);
	CHECK_INT(r.removed, 0);
	CHECK(strstr(r.retired_list, "DB pool exhausted") != NULL);
	check_query(db, "SELECT count(*) FROM link_rules", "0");
	check_query(db, "SELECT group_concat(incident_count || '/' || retired_at || '/' || root_cause, "
		    "'|') FROM problems WHERE method = 'rule' AND key = 'rule:pool'",
		    "0/1764200000/pool too small");
	check_query(db, "SELECT count(*) FROM problem_links WHERE method = 'rule'", "0");
	without = dump(db);
	CHECK(strcmp(without, first) != 0);
	/* a run without rules again retires nothing more */
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	CHECK_INT(r.retired, 0);
	/* and with them again, everything is as it was: same ids, same links */
	CHECK_INT(run_link(db, rules, 2, &r), 0);
	free(again);
	again = dump(db);
	CHECK_STR(again, first);
	free(first);
	free(again);
	free(without);
	recur_db_close(db);
}

/* More data makes a template more general: the problem keeps its id. */
static void test_link_stable_ids(void)
{
	sqlite3 *db = open_temp_db("stable.db");
	struct recur_link_result r;
	struct recur_error err;
	char *id1, *id2, *first, *again;

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, service, "
				"opened_at) VALUES "
				"('t', 'S1', 'Cache flush failed in zone alpha', 'cdn', 100),"
				"('t', 'S2', 'Cache flush failed in zone alpha', 'cdn', 200),"
				"('t', 'S3', 'Cache flush failed in zone alpha', 'cdn', 300),"
				"('t', 'S4', 'Origin shield cold', 'cdn', 400),"
				"('t', 'S5', 'Origin shield cold', 'cdn', 500)", &err), 0);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	id1 = query1(db, "SELECT id FROM problems WHERE template = 'Cache flush failed in zone alpha'");
	CHECK(strcmp(id1, "(none)") != 0);
	/* a manager's note on the problem must survive too */
	CHECK_INT(recur_db_exec(db, "UPDATE problems SET status = 'investigating' WHERE template = "
				"'Cache flush failed in zone alpha'", &err), 0);
	/* next month: five more zones make the zone a variable */
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, service, "
				"opened_at) VALUES "
				"('t', 'S6', 'Cache flush failed in zone beta', 'cdn', 600),"
				"('t', 'S7', 'Cache flush failed in zone gamma', 'cdn', 700),"
				"('t', 'S8', 'Cache flush failed in zone delta', 'cdn', 800),"
				"('t', 'S9', 'Cache flush failed in zone kappa', 'cdn', 900),"
				"('t', 'S10', 'Cache flush failed in zone omega', 'cdn', 1000)", &err), 0);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	id2 = query1(db, "SELECT id FROM problems WHERE template = 'Cache flush failed in zone <*>'");
	CHECK_STR(id2, id1);
	check_query(db, "SELECT key || '|' || incident_count || '|' || status FROM problems WHERE "
		    "template = 'Cache flush failed in zone <*>'",
		    "sig:cdn:Cache flush failed in zone <*>|8|investigating");
	check_query(db, "SELECT count(*) FROM problems", "2");
	/* the untouched problem kept its id derived from its key */
	{
		char want[16];

		recur_link_problem_id("sig:cdn:Origin shield cold", want);
		check_query(db, "SELECT id FROM problems WHERE template = 'Origin shield cold'", want);
	}
	/* the same data again: the same ids and links */
	first = dump(db);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	again = dump(db);
	CHECK_STR(again, first);
	free(id1);
	free(id2);
	free(first);
	free(again);
	recur_db_close(db);
}

/* Two problems that more data merges into one: the merged problem takes
 * the id of the one that held most of its incidents; the other goes. */
static void test_link_merge_keeps_majority(void)
{
	sqlite3 *db = open_temp_db("merge.db");
	struct recur_link_result r;
	struct recur_error err;
	char *alpha, *beta, *merged;

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, opened_at) "
				"VALUES ('t', 'Q1', 'Queue stuck in zone beta', 1),"
				"('t', 'Q2', 'Queue stuck in zone beta', 2),"
				"('t', 'Q3', 'Queue stuck in zone alpha', 3),"
				"('t', 'Q4', 'Queue stuck in zone alpha', 4),"
				"('t', 'Q5', 'Queue stuck in zone alpha', 5)", &err), 0);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	CHECK_INT(r.problems, 2);
	alpha = query1(db, "SELECT id FROM problems WHERE template = 'Queue stuck in zone alpha'");
	beta = query1(db, "SELECT id FROM problems WHERE template = 'Queue stuck in zone beta'");
	CHECK(strcmp(alpha, beta) != 0);
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, opened_at) "
				"VALUES ('t', 'Q6', 'Queue stuck in zone gamma', 6),"
				"('t', 'Q7', 'Queue stuck in zone delta', 7),"
				"('t', 'Q8', 'Queue stuck in zone kappa', 8),"
				"('t', 'Q9', 'Queue stuck in zone omega', 9)", &err), 0);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	CHECK_INT(r.problems, 1);
	merged = query1(db, "SELECT id || ' ' || incident_count || ' ' || template FROM problems");
	{
		char want[96];

		snprintf(want, sizeof(want), "%s 9 Queue stuck in zone <*>", alpha);
		CHECK_STR(merged, want);
	}
	free(alpha);
	free(beta);
	free(merged);
	recur_db_close(db);
}

static void test_link_window(void)
{
	sqlite3 *db = open_temp_db("window.db");
	struct recur_link_opts o = { .min_incidents = 2, .now = 1764115200, .window_days = 7 };
	struct recur_link_result r;
	struct recur_error err;

	recur_error_init(&err);
	/* A: two incidents 3 days apart; B: two incidents 30 days apart */
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, opened_at) "
				"VALUES ('t', 'A1', 'Disk full on db-01', 0), "
				"('t', 'A2', 'Disk full on db-02', 259200), "
				"('t', 'B1', 'Login slow for alice', 0), "
				"('t', 'B2', 'Login slow for alice', 2592000), "
				"('t', 'B3', 'Login slow for alice', NULL)", &err), 0);
	CHECK_INT(recur_link_run(db, &o, &r, &err), 0);
	CHECK_INT(r.problems, 2);
	CHECK_INT(r.recurring, 1);
	check_query(db, "SELECT group_concat(template || '=' || recurring, '|') FROM (SELECT * FROM "
		    "problems ORDER BY template)", "Disk full on <HOST>=1|Login slow for alice=0");
	/* without a window, the count decides */
	o.window_days = 0;
	CHECK_INT(recur_link_run(db, &o, &r, &err), 0);
	CHECK_INT(r.recurring, 2);
	/* 30 days apart is within a 30-day window */
	o.window_days = 30;
	CHECK_INT(recur_link_run(db, &o, &r, &err), 0);
	CHECK_INT(r.recurring, 2);
	o.min_incidents = 3;
	CHECK_INT(recur_link_run(db, &o, &r, &err), 0);
	CHECK_INT(r.recurring, 0); /* B3 has no open time: it counts for no window */
	recur_db_close(db);
}

/* A title too generic to be a problem ("Symptom <NUM>") is mined again
 * within its category and component. */
static void test_link_generic_titles(void)
{
	sqlite3 *db = open_temp_db("generic.db");
	struct recur_link_result r;
	struct recur_error err;

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, category, "
				"component, opened_at) VALUES "
				"('t', 'G1', 'Symptom 72', 'Category 5', 'Sub 1', 1),"
				"('t', 'G2', 'Symptom 471', 'category 5', 'Sub 1', 2),"
				"('t', 'G3', 'Symptom 9', 'Category 6', 'Sub 1', 3),"
				"('t', 'G4', 'Symptom 10', 'Category 6', 'Sub 1', 4),"
				"('t', 'G5', 'Symptom 11', NULL, NULL, 5),"
				"('t', 'G6', 'Symptom 12', NULL, NULL, 6),"
				"('t', 'G7', NULL, 'Category 6', 'Sub 1', 7),"
				"('t', 'G8', '', 'Category 6', 'Sub 1', 8),"
				"('t', 'G9', NULL, NULL, NULL, 9)", &err), 0);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	CHECK_INT(r.signature_links, 8);
	check_query(db, "SELECT group_concat(x, '|') FROM (SELECT key || '=' || title || '=' || "
		    "incident_count AS x FROM problems ORDER BY key)",
		    "sig::(no title) | category 6 / sub 1=(no title) (Category 6 / Sub 1)=2|"
		    "sig::Symptom <NUM>=Symptom <NUM>=2|"
		    "sig::Symptom <NUM> | category 5 / sub 1=Symptom <NUM> (Category 5 / Sub 1)=2|"
		    "sig::Symptom <NUM> | category 6 / sub 1=Symptom <NUM> (Category 6 / Sub 1)=2");
	check_query(db, "SELECT reason FROM problem_links l JOIN incidents i ON i.id = l.incident_id "
		    "WHERE ext_id = 'G1'", "signature 'Symptom <NUM>' in category 'Category 5', "
		    "component 'Sub 1' (similarity 0.50)");
	recur_db_close(db);
}

/* Near-duplicates: one word apart, or similar word sets; the suggested rule
 * parses and its patterns match the example titles. */
static void test_link_candidates(void)
{
	sqlite3 *db = open_temp_db("cand.db");
	struct recur_link_result r;
	struct recur_json *a = NULL;
	struct recur_error err;
	struct link_rules rs;
	const struct recur_json *c, *ts;
	size_t i;

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, service) "
				"VALUES ('t', 'C1', 'Disk full on db-01 (97%)', 'db'),"
				"('t', 'C2', 'Disk full on db-02 (98%)', 'db'),"
				"('t', 'C3', 'Disk full on db-03 (99%)', 'db'),"
				"('t', 'C4', 'Disk nearly full on db-04 (91%)', 'db'),"
				"('t', 'C5', 'Disk almost full on db-05 (90%)', 'db'),"
				"('t', 'C6', 'Disk full on web-01 (97%)', 'web'),"
				"('t', 'C7', 'Replica lag high on db-01', 'db'),"
				"('t', 'C8', 'Replica lag high on db-02', 'db'),"
				"('t', 'C9', 'High replica lag on db-03', 'db'),"
				"('t', 'C10', 'Checkout slow', 'db'),"
				"('t', 'C11', 'Alerts for the disk on the primary are late', 'db'),"
				"('t', 'C12', 'Alerts for the queue on the primary are lost', 'db'),"
				/* written alike: a similarity group, not a candidate */
				"('t', 'C13', 'Search index rebuild failed overnight', 'db'),"
				"('t', 'C14', 'Index rebuild of search failed', 'db')", &err), 0);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	CHECK_INT(r.similar_links, 2);
	check_query(db, "SELECT group_concat(i.ext_id, ' ') FROM problem_links l JOIN incidents i ON "
		    "i.id = l.incident_id WHERE l.method = 'similar'", "C13 C14");
	CHECK_INT(recur_link_candidates(db, 0, &a, &err), 0);
	CHECK_INT(a ? a->n : 0, 3);
	if (!a || a->n != 3)
		goto out;
	/* 1: the one-word family of 'Disk … on <HOST> (<NUM>%)' in service db (not web):
	 * one word replaced or added; "almost"/"nearly" alone is not listed again */
	c = a->items[0];
	ts = recur_json_get(c, "templates");
	CHECK_STR(recur_json_get(c, "kind")->str, "one word differs");
	CHECK_STR(recur_json_get(c, "service")->str, "db");
	CHECK_NEAR(recur_json_get(c, "incidents")->num, 5, 0);
	CHECK_INT(ts->n, 3);
	CHECK_NEAR(recur_json_get(c, "similarity")->num, 0.83, 0);
	CHECK_STR(recur_json_get(ts->items[0], "template")->str, "Disk almost full on <HOST> (<NUM>%)");
	CHECK_STR(recur_json_get(ts->items[2], "template")->str, "Disk nearly full on <HOST> (<NUM>%)");
	CHECK_STR(recur_json_get(ts->items[1], "template")->str, "Disk full on <HOST> (<NUM>%)");
	CHECK_NEAR(recur_json_get(ts->items[1], "incidents")->num, 3, 0);
	CHECK(recur_json_get(ts->items[1], "problem")->type == RECUR_JSON_STRING);
	CHECK(recur_json_get(ts->items[0], "problem")->type == RECUR_JSON_NULL);
	CHECK_STR(recur_json_get(ts->items[0], "example")->str, "Disk almost full on db-05 (90%)");
	/* the rule parses and each pattern matches its template's example */
	{
		const char *rule = recur_json_get(c, "rule")->str;
		struct link_fields f;
		struct recur_buf why = RECUR_BUF_INIT;

		CHECK_INT(link_rules_parse(rule, strlen(rule), "cand", &rs, &err), 0);
		memset(&f, 0, sizeof(f));
		for (i = 0; i < ts->n; i++) {
			f.v[LINK_FIELD_TITLE] = recur_json_get(ts->items[i], "example")->str;
			f.len[LINK_FIELD_TITLE] = strlen(f.v[LINK_FIELD_TITLE]);
			f.v[LINK_FIELD_SERVICE] = "db";
			f.len[LINK_FIELD_SERVICE] = 2;
			CHECK_INT(link_rules_match(&rs, &f, &why, "x", &err), 0);
		}
		f.v[LINK_FIELD_TITLE] = "Replica lag high on db-01";
		f.len[LINK_FIELD_TITLE] = strlen(f.v[LINK_FIELD_TITLE]);
		CHECK(link_rules_match(&rs, &f, &why, "x", &err) == LINK_NO_MATCH);
		link_rules_release(&rs);
		recur_buf_release(&why);
	}
	/* 2: a word moved */
	c = a->items[1];
	ts = recur_json_get(c, "templates");
	CHECK_STR(recur_json_get(c, "kind")->str, "one word differs");
	CHECK_STR(recur_json_get(ts->items[0], "template")->str, "High replica lag on <HOST>");
	CHECK_STR(recur_json_get(ts->items[1], "template")->str, "Replica lag high on <HOST>");
	/* 3: six of ten words shared, two of four that say something: not
	 * alike enough to group, alike enough to offer */
	c = a->items[2];
	ts = recur_json_get(c, "templates");
	CHECK_STR(recur_json_get(c, "kind")->str, "similar words");
	CHECK_NEAR(recur_json_get(c, "similarity")->num, 0.6, 0);
	CHECK_STR(recur_json_get(ts->items[0], "template")->str,
		  "Alerts for the disk on the primary are late");
	/* the same data: the same candidates, the same rule names */
	{
		struct recur_json *b = NULL;
		struct recur_buf x = RECUR_BUF_INIT, y = RECUR_BUF_INIT;

		CHECK_INT(recur_link_candidates(db, 2, &b, &err), 0);
		CHECK_INT(b->n, 2);
		b->n = 2;
		a->n = 2; /* compare the first two (the third is freed with a's items) */
		recur_json_write(a, &x, 0);
		recur_json_write(b, &y, 0);
		CHECK_STR(x.buf, y.buf);
		a->n = 3;
		recur_buf_release(&x);
		recur_buf_release(&y);
		recur_json_free(b);
	}
out:
	recur_json_free(a);
	recur_db_close(db);
}

static void test_link_min_incidents(void)
{
	sqlite3 *db = open_temp_db("min.db");
	struct recur_link_result r;
	struct recur_error err;

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, incidents_sql, &err), 0);
	CHECK_INT(run_link(db, NULL, 4, &r), 0);
	CHECK_INT(r.signature_links, 0); /* the 3 pool incidents are below 4 */
	CHECK_INT(r.source_links, 3);
	CHECK_INT(r.problems, 1);
	CHECK_INT(r.recurring, 0);       /* the source problem has 3 < 4 */
	recur_db_close(db);
}

static void test_link_keeps_manual_edits(void)
{
	sqlite3 *db = open_temp_db("edit.db");
	struct recur_link_result r;
	struct recur_error err;

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, incidents_sql, &err), 0);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	CHECK_INT(recur_db_exec(db, "UPDATE problems SET status = 'resolved', updated_at = 5 "
				"WHERE method = 'signature'", &err), 0);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	/* nothing changed: the row keeps its status and its updated_at */
	check_query(db, "SELECT status || '/' || updated_at FROM problems WHERE method = "
		    "'signature'", "resolved/5");
	recur_db_close(db);
}

static void test_link_bad_rules_leave_db(void)
{
	sqlite3 *db = open_temp_db("bad.db");
	struct recur_link_result r;
	struct recur_link_opts o = { .min_incidents = 2 };
	struct recur_error err;
	char rules[128], msg[1200], *before, *after;

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, incidents_sql, &err), 0);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	before = dump(db);
	write_file("bad.conf", "[rule a]\npattern = (?<n>x\n", rules, sizeof(rules));
	o.rules_path = rules;
	CHECK_INT(recur_link_run(db, &o, &r, &err), -1);
	recur_error_format(&err, msg, sizeof(msg));
	CHECK(strstr(msg, "bad.conf:2:") != NULL);
	CHECK(strstr(msg, "invalid pattern in rule 'a'") != NULL);
	after = dump(db);
	CHECK_STR(after, before);
	free(before);
	free(after);
	recur_db_close(db);
}

static void test_link_runaway_pattern(void)
{
	sqlite3 *db = open_temp_db("runaway.db");
	struct recur_link_result r;
	struct recur_link_opts o = { .min_incidents = 2 };
	struct recur_error err;
	char rules[128];

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title) VALUES "
				"('t', 'X1', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab')",
				&err), 0);
	write_file("runaway.conf", "[rule slow-one]\npattern = (a+)+$\n", rules, sizeof(rules));
	o.rules_path = rules;
	CHECK_INT(recur_link_run(db, &o, &r, &err), -1);
	CHECK(strstr(err.msg, "pattern of rule 'slow-one' failed on incident 'X1'") != NULL);
	CHECK(strstr(err.msg, "limit") != NULL);
	CHECK(strstr(err.msg, "MATCH_LIMIT and DEPTH_LIMIT in src/link/link_rules.c") != NULL);
	if (!strstr(err.msg, "limit"))
		printf("#   %s\n", err.msg);
	check_query(db, "SELECT count(*) FROM problems", "0");
	recur_db_close(db);
}

/* Links are written LINK_BATCH rows per statement, then one by one: every
 * link arrives, once, with its own reason and score, and CHECK constraints
 * (off during the run) are back on afterwards. */
static void test_link_many_rows(void)
{
	sqlite3 *db = open_temp_db("many.db");
	struct recur_link_result r;
	struct recur_error err;
	char *first, *again;

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, service, "
				"opened_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
				"FROM n WHERE i < 151) SELECT 't', 'B' || i, CASE WHEN i % 3 THEN "
				"'Disk full on db-' || i || '.prod' ELSE 'Queue lag on worker ' || i || "
				"' of ' || (i * 7) || ' ms' END, 'ops', 1000 + i FROM n", &err), 0);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	CHECK_INT(r.signature_links, 151);
	check_query(db, "SELECT count(*) || '/' || count(DISTINCT incident_id) FROM problem_links",
		    "151/151");
	check_query(db, "SELECT count(*) FROM problem_links l JOIN problems p ON p.id = "
		    "l.problem_id WHERE l.reason = 'signature ''' || p.template || ''' (similarity ' "
		    "|| printf('%.2f', l.score) || ')' AND l.method = 'signature'", "151");
	check_query(db, "SELECT group_concat(n, '/') FROM (SELECT count(*) AS n FROM problem_links "
		    "GROUP BY problem_id, score ORDER BY n)", "50/101");
	first = dump(db);
	CHECK_INT(run_link(db, NULL, 2, &r), 0);
	again = dump(db);
	CHECK_STR(again, first);
	CHECK(recur_db_exec(db, "UPDATE problem_link_reasons SET method = 'bogus'", &err) != 0);
	free(first);
	free(again);
	recur_db_close(db);
}

/* The steps a progress callback saw, "|"-joined; "end" for the last call. */
static void note_step(const char *step, long long done, long long total, void *ctx)
{
	char *seen = ctx;

	(void)done, (void)total;
	if (strlen(seen) + 40 < 256)
		snprintf(seen + strlen(seen), 256 - strlen(seen), "%s%s", *seen ? "|" : "",
			 step ? step : "end");
}

/*
 * A second link with nothing new returns the first one's figures without
 * linking (r.unchanged, no step reported); --full, a new incident, an
 * incident gone or another option link again; progress names each step.
 */
static void test_link_unchanged(void)
{
	sqlite3 *db = open_temp_db("unchanged.db");
	struct recur_link_opts o = { .min_incidents = 2, .now = 1764115200 };
	struct recur_link_result r;
	struct recur_error err;
	char seen[256] = "";

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, service, "
				"opened_at) VALUES ('t', 'U1', 'Disk full on db-1', 'ops', 1), "
				"('t', 'U2', 'Disk full on db-2', 'ops', 2), "
				"('t', 'U3', 'Queue lag on worker 7', 'ops', 3)", &err), 0);
	o.progress = note_step;
	o.progress_ctx = seen;
	CHECK_INT(run_link_opts(db, &o, &r), 0);
	CHECK_STR(seen, "mining signatures|grouping similar titles|writing problems and links|end");
	CHECK_INT(r.unchanged, 0);
	CHECK_INT(r.signature_links, 2);
	seen[0] = '\0';
	CHECK_INT(run_link_opts(db, &o, &r), 0);
	CHECK_STR(seen, "end");
	CHECK_INT(r.unchanged, 1);
	CHECK(r.last_linked_at == 1764115200);
	CHECK_INT(r.incidents, 3);
	CHECK_INT(r.signature_links, 2);
	CHECK_INT(r.problems, 1);
	o.full = 1;
	CHECK_INT(run_link_opts(db, &o, &r), 0);
	CHECK_INT(r.unchanged, 0);
	o.full = 0;
	CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, service, "
				"opened_at) VALUES ('t', 'U4', 'Queue lag on worker 9', 'ops', 4)", &err), 0);
	CHECK_INT(run_link_opts(db, &o, &r), 0);
	CHECK_INT(r.unchanged, 0);
	CHECK_INT(r.signature_links, 4);
	CHECK_INT(recur_db_exec(db, "DELETE FROM incidents WHERE ext_id = 'U1'", &err), 0);
	CHECK_INT(run_link_opts(db, &o, &r), 0);
	CHECK_INT(r.unchanged, 0);
	CHECK_INT(r.signature_links, 2);
	o.min_incidents = 3;
	CHECK_INT(run_link_opts(db, &o, &r), 0);
	CHECK_INT(r.unchanged, 0);
	CHECK_INT(r.signature_links, 0);
	CHECK_INT(run_link_opts(db, &o, &r), 0);
	CHECK_INT(r.unchanged, 1);
	recur_db_close(db);
}

/* A first link of 100,000 or more links drops problem_link_rows_reason for
 * the load and makes it again from its own SQL (the schema's, not an older
 * one), or as migrate-6.sql does when someone dropped it. */
static void test_link_bulk_keeps_index(void)
{
	struct recur_link_result r;
	struct recur_error err;
	int dropped;

	recur_error_init(&err);
	for (dropped = 0; dropped < 2; dropped++) {
		sqlite3 *db = open_temp_db(dropped ? "bulk-dropped.db" : "bulk.db");

		CHECK_INT(recur_db_exec(db, "INSERT INTO incidents (source_system, ext_id, title, "
					"service, opened_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
					"SELECT i + 1 FROM n WHERE i < 100000) SELECT 't', 'K' || i, "
					"'Disk full on db-' || (i % 50) || '.prod', 'ops', 1000 + i FROM n",
					&err), 0);
		if (dropped)
			CHECK_INT(recur_db_exec(db, "DROP INDEX problem_link_rows_reason", &err), 0);
		CHECK_INT(run_link(db, NULL, 2, &r), 0);
		CHECK_INT(r.signature_links, 100000);
		check_query(db, "SELECT sql FROM sqlite_schema WHERE name = 'problem_link_rows_reason'",
			    "CREATE INDEX problem_link_rows_reason ON problem_link_rows(reason_id)");
		recur_db_close(db);
	}
}

/* Titles of an export written by people: no template candidates, but the
 * near misses of link's wording groups (cosine 0.54 here, under link's 0.6),
 * with a rule whose patterns match each title. */
static void test_candidates_people(void)
{
	sqlite3 *db = open_temp_db("people.db");
	struct recur_json *a = NULL;
	struct recur_error err;
	const struct recur_json *c;

	recur_error_init(&err);
	CHECK_INT(recur_db_exec(db, "INSERT INTO sources (id, path, format, sha256, imported_at, "
				"title_kind) VALUES (1, 'desk.csv', 'csv', 'x', 0, 'people');"
				"INSERT INTO incidents (source_id, source_system, ext_id, title) VALUES "
				"(1, 't', 'P1', 'Login page slow for admin users'),"
				"(1, 't', 'P2', 'Login page slow on mobile'),"
				"(1, 't', 'P3', 'Printer dialog shows blank preview')", &err), 0);
	CHECK_INT(recur_link_candidates(db, 0, &a, &err), 0);
	CHECK_INT(a ? a->n : 0, 1);
	if (!a || a->n != 1)
		goto out;
	c = a->items[0];
	CHECK_STR(recur_json_get(c, "kind")->str, "similar wording");
	CHECK_NEAR(recur_json_get(c, "candidate")->num, 1, 0);
	CHECK_NEAR(recur_json_get(c, "incidents")->num, 2, 0);
	CHECK_NEAR(recur_json_get(c, "similarity")->num, 0.54, 0);
	CHECK(strstr(recur_json_get(c, "rule")->str,
		     "pattern = ^\\s*Login\\s+page\\s+slow\\s+on\\s+mobile\\s*$") != NULL);
out:
	recur_json_free(a);
	recur_db_close(db);
}

/* Lists for messages: items after a separator, cut with "…" when full,
 * and nothing more after the cut. */
static void test_note_list(void)
{
	char b[20] = "";

	link_note_add(b, sizeof(b), ", ", "%s", "alpha");
	link_note_add(b, sizeof(b), ", ", "%s (%d)", "beta", 2);
	CHECK_STR(b, "alpha, beta (2)");
	link_note_add(b, sizeof(b), ", ", "%s", "gamma");
	CHECK_STR(b, "alpha, beta (2),…"); /* the last 3 bytes hold the cut */
	link_note_add(b, sizeof(b), ", ", "%s", "d");
	CHECK_STR(b, "alpha, beta (2),…"); /* the last 3 bytes hold the cut */
}

/* Groups of titles as "0 1|2 3" (members by index, groups by first member). */
static void similar_groups(const char *const *titles, size_t n, const size_t *order, char *out,
			   size_t size)
{
	struct link_similar *ls = link_similar_new();
	size_t at[16], i, j, len = 0;
	int first;

	for (i = 0; i < n; i++)
		at[order[i]] = link_similar_add(ls, NULL, titles[order[i]]);
	link_similar_finish(ls, LINK_SIMILAR_THRESHOLD);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t g = link_similar_group(ls, at[i]);

		if (g == LINK_NO_MATCH)
			continue;
		for (j = 0; j < i && link_similar_group(ls, at[j]) != g; j++)
			;
		if (j < i)
			continue; /* listed with its first member */
		first = 1;
		len += (size_t)snprintf(out + len, size - len, "%s", len ? "|" : "");
		for (j = i; j < n; j++)
			if (link_similar_group(ls, at[j]) == g) {
				len += (size_t)snprintf(out + len, size - len, "%s%zu", first ? "" : " ", j);
				first = 0;
			}
	}
	link_similar_free(ls);
}

/* Near-duplicate titles written by people: stems meet ("archiving" and
 * "archive"), versions stay apart, a chain does not join into one group,
 * and the input order changes nothing. */
static void test_similar_titles(void)
{
	static const char *const titles[] = {
		"Archive message action does not work",             /* 0 */
		"message archiving does not work",                   /* 1 */
		"Download window never finishes",                    /* 2 */
		"Download in progress window never finishes",        /* 3 */
		"Crash on startup in 2.53.1",                        /* 4 */
		"Crash on startup in 2.53.2",                        /* 5 */
		"Printer dialog shows blank preview",                /* 6 */
		"Spell checker ignores German dictionary",           /* 7 */
	};
	size_t fwd[8] = { 0, 1, 2, 3, 4, 5, 6, 7 }, rev[8] = { 7, 6, 5, 4, 3, 2, 1, 0 };
	char a[128], b[128];
	struct link_similar *ls;
	struct recur_buf words = RECUR_BUF_INIT;

	similar_groups(titles, 8, fwd, a, sizeof(a));
	CHECK_STR(a, "0 1|2 3");
	similar_groups(titles, 8, rev, b, sizeof(b));
	CHECK_STR(b, a);
	/* the words shared, as the first title writes them */
	ls = link_similar_new();
	link_similar_add(ls, NULL, titles[0]);
	link_similar_add(ls, NULL, titles[1]);
	link_similar_finish(ls, LINK_SIMILAR_THRESHOLD);
	link_similar_shared(ls, 1, 0, &words);
	CHECK_STR(words.buf, "message, archiving, work");
	CHECK(link_similar_score(ls, 0) >= LINK_SIMILAR_THRESHOLD);
	link_similar_free(ls);
	recur_buf_release(&words);
	/* titles of two services are never compared */
	ls = link_similar_new();
	link_similar_add(ls, "mail", titles[0]);
	link_similar_add(ls, "web", titles[0]);
	link_similar_finish(ls, LINK_SIMILAR_THRESHOLD);
	CHECK_INT(link_similar_groups(ls), 0);
	link_similar_free(ls);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/recur-test-link-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_mask_table);
	RUN(test_problem_id_stable);
	RUN(test_miner_templates);
	RUN(test_miner_order_free);
	RUN(test_rules_parse);
	RUN(test_rules_errors);
	RUN(test_link_precedence);
	RUN(test_link_rerun);
	RUN(test_link_min_incidents);
	RUN(test_link_stable_ids);
	RUN(test_link_merge_keeps_majority);
	RUN(test_link_window);
	RUN(test_link_generic_titles);
	RUN(test_link_candidates);
	RUN(test_link_keeps_manual_edits);
	RUN(test_link_bad_rules_leave_db);
	RUN(test_link_runaway_pattern);
	RUN(test_link_bulk_keeps_index);
	RUN(test_link_many_rows);
	RUN(test_link_unchanged);
	RUN(test_similar_titles);
	RUN(test_candidates_people);
	RUN(test_note_list);
	link_mask_release();
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd))
			printf("# could not remove %s\n", tmpdir);
	}
	return HARNESS_END();
}
