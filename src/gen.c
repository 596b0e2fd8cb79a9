/*
 * gen.c — a synthetic incident history as CSV, for benchmarks and scale tests.
 *
 * Arrivals follow a piecewise-constant intensity per hour (weekday and
 * business-hours bias, a slow upward trend, random bursts) and are drawn
 * already sorted (Bentley–Saxe), so ids rise with time while the output is
 * streamed: memory is one weight per hour of the span plus one output buffer,
 * whatever the number of rows. Titles come from about forty recurring
 * families that vary only in numbers, hosts and ids, plus one-off titles
 * built from a vocabulary. Randomness is our own (splitmix64 seeding
 * xoshiro256**), never rand() or the clock, so a seed gives the same bytes.
 *
 * It does not model reassignments, reopens or descriptions.
 */
#include "recur/gen.h"
#include "recur/mem.h"
#include "recur/timeutil.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define OUTBUF_SIZE (1 << 20)
#define ROW_MAX 2048 /* a row never exceeds this: titles are short */
#define ONEOFF_SHARE 0.30
#define BURST_FAMILY_SHARE 0.6

/* ---- randomness --------------------------------------------------------- */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** by Blackman and Vigna. */
static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in (0, 1], safe for log and pow. */
static double rng_open_unit(struct rng *r)
{
	return ((double)(rng_next(r) >> 11) + 1.0) * 0x1.0p-53;
}

/* Uniform integer in [lo, hi]. */
static long long rng_range(struct rng *r, long long lo, long long hi)
{
	return lo + (long long)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static double rng_normal(struct rng *r)
{
	return sqrt(-2.0 * log(rng_open_unit(r))) * cos(6.283185307179586 * rng_unit(r));
}

/* A lognormal duration in seconds with the given median, at least 1. */
static long long rng_lognormal(struct rng *r, double median, double sigma)
{
	double v = median * exp(sigma * rng_normal(r));

	if (v > 3.0e7)
		v = 3.0e7; /* about a year: keeps the tail finite */
	return v < 1.0 ? 1 : (long long)v;
}

/* ---- vocabulary --------------------------------------------------------- */

struct service {
	const char *name;
	const char *team;
};

static const struct service services[] = {
	{ "checkout", "commerce" },        { "payments", "payments" },
	{ "search", "discovery" },         { "catalog", "discovery" },
	{ "recommendations", "personalization" }, { "accounts", "identity" },
	{ "cdn", "edge" },                 { "notifications", "messaging" },
	{ "inventory", "fulfilment" },     { "shipping", "fulfilment" },
	{ "auth", "identity" },            { "api-gateway", "platform" },
};
#define NSERVICES (int)(sizeof(services) / sizeof(services[0]))

/*
 * A recurring family: a title template, its service (index in services[])
 * and its usual severity. In templates, {a-b} is a number in [a, b] (zero
 * padded to the width of a when a starts with 0), {ip} an IPv4 address and
 * {hex} eight hex digits.
 */
struct family {
	const char *tmpl;
	int service;
	int sev;
};

static const struct family families[] = {
	{ "DB connection pool exhausted on db-{01-12}.prod ({85-100}%)", 0, 2 },
	{ "Payment gateway timeout after {10-60}s for merchant {10000-99999}", 1, 2 },
	{ "Search latency p99 {900-4800}ms above SLO on search-{1-8}", 2, 3 },
	{ "TLS certificate for api.sellfast.example expires in {1-14} days", 6, 3 },
	{ "Checkout error rate {2-18}% above threshold on checkout-{1-12}", 0, 2 },
	{ "Card authorization failures at {3-40}% for issuer {100-999}", 1, 2 },
	{ "Search index lag {5-240} minutes on shard {1-32}", 2, 3 },
	{ "Catalog import job {100000-999999} failed after {2-90} minutes", 3, 4 },
	{ "Recommendation model refresh stuck at {10-99}% on reco-worker-{1-16}", 4, 3 },
	{ "Slow product page loads (p95 {2-9}.{0-9}s) after recommendation refresh", 4, 2 },
	{ "Login failures for {50-5000} users after session store failover on redis-{01-09}", 5, 2 },
	{ "CDN cache hit ratio dropped to {40-79}% in POP fra{1-6}", 6, 3 },
	{ "Email queue backlog of {1000-90000} messages on mq-{01-06}", 7, 3 },
	{ "Push provider returned HTTP {500-504} for {100-9000} requests", 7, 4 },
	{ "Inventory sync delayed by {5-180} minutes for warehouse WH-{10-99}", 8, 3 },
	{ "Shipping label API error rate {2-30}% for carrier {1000-9999}", 9, 3 },
	{ "OAuth token validation latency {200-3000}ms on auth-{1-6}", 10, 3 },
	{ "API gateway 5xx rate {1-25}% on gw-{01-12}.prod", 11, 2 },
	{ "Rate limiter rejected {1000-99999} requests from {ip}", 11, 4 },
	{ "Disk usage {85-99}% on /var/lib/data on node-{100-299}", 8, 4 },
	{ "Pod {hex} in CrashLoopBackOff, {3-50} restarts", 3, 4 },
	{ "Memory usage {90-99}% on cache-{01-24}, evictions {1000-50000}/s", 4, 3 },
	{ "Replication lag {30-900}s on db-replica-{1-6}", 2, 3 },
	{ "Kafka consumer lag {10000-900000} on topic orders partition {0-47}", 0, 3 },
	{ "Nightly backup job {1000-9999} failed on backup-{01-04}", 5, 4 },
	{ "Order confirmation emails delayed by {10-120} minutes", 7, 3 },
	{ "Price feed stale for {15-600} minutes ({100-9000} SKUs)", 3, 3 },
	{ "Fraud scoring timeout ({500-5000}ms) for {10-900} orders", 1, 2 },
	{ "Elevated 404s on /product/{100000-999999} from crawler {ip}", 6, 4 },
	{ "Webhook deliveries failing for partner {1000-9999} (HTTP {500-503})", 11, 4 },
	{ "Session cookie errors on accounts-{1-8} after deploy {1000-9999}", 5, 3 },
	{ "Password reset emails bouncing ({2-40}% bounce rate)", 5, 4 },
	{ "Cart service OOMKilled on cart-{1-20} ({2-16} GiB limit)", 0, 3 },
	{ "Config \"feature_flags.yaml\" reload failed on app-{01-30}, rolled back", 11, 4 },
	{ "Scanner gateway unreachable at site {1-40}, {2-30} devices offline", 8, 3 },
	{ "Label printer queue stuck at DC-{1-9} with {10-400} jobs", 9, 4 },
	{ "JWT signing key rotation failed on auth-{1-6} (attempt {1-5})", 10, 3 },
	{ "Health check flapping on lb-{01-10}: {3-20} state changes in 5 minutes", 11, 4 },
	{ "Thumbnail backlog of {1000-80000} images on img-{1-6}", 3, 4 },
	{ "Autocomplete errors {1-15}% after index rebuild {1000-9999}", 2, 3 },
	{ "DNS resolution failures for {100-999} lookups/min from {ip}", 6, 3 },
	{ "Stock reservation deadlocks ({3-60} in {5-30} min) on db-{01-12}.prod", 8, 3 },
};
#define NFAMILIES (int)(sizeof(families) / sizeof(families[0]))

static const char *const adjs[] = {
	"Intermittent", "Sporadic", "Partial", "Unexpected", "Elevated", "Degraded",
	"Occasional", "Widespread", "Brief", "Repeated", "Silent", "Cascading",
};
static const char *const symptoms[] = {
	"errors", "timeouts", "slowness", "data mismatch", "blank pages", "stale content",
	"duplicate records", "missing images", "broken links", "checksum mismatch",
	"rendering glitches", "login loops", "wrong prices", "truncated responses",
	"encoding problems", "redirect loops", "lost updates", "layout shifts",
};
static const char *const components[] = {
	"wishlist widget", "gift card redemption", "size guide", "store locator",
	"loyalty points page", "newsletter signup", "product reviews", "coupon validation",
	"order history", "address autocomplete", "invoice PDF export", "returns portal",
	"live chat widget", "currency switcher", "image carousel", "admin dashboard",
	"tax calculation", "marketing banner", "sitemap generator", "A/B test assignment",
	"saved cards", "delivery slot picker",
};
static const char *const contexts[] = {
	"after the morning release", "for customers in Austria", "on Safari only",
	"during the flash sale", "after a vendor library upgrade", "for guest checkout",
	"in the mobile app", "after the DNS change", "during the maintenance window",
	"when switching language", "for orders with mixed carts", "after the theme switch",
	"for one marketplace seller", "on older Android devices", "after rotating API keys",
	"under load-test traffic", "behind the corporate proxy", "for business accounts",
};
static const char *const reporters[] = {
	"customer support", "a partner", "the social media team", "synthetic monitoring",
	"a warehouse lead", "finance", "QA", "the on-call engineer", "a large customer",
};
static const char *const states[] = {
	"unavailable", "misbehaving", "returning stale data", "showing wrong totals",
	"not loading", "slow to respond", "throwing validation errors",
};

#define PICK(r, a) ((a)[rng_range((r), 0, (long long)(sizeof(a) / sizeof((a)[0])) - 1)])

/* ---- output ------------------------------------------------------------- */

struct out {
	FILE *f;
	char *buf;
	size_t len;
	int failed;
	int json;
};

static void out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		o->failed = 1;
	o->len = 0;
}

static void put(struct out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* Writes v zero padded to at least width digits. */
static void put_num(struct out *o, unsigned long long v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	while (n)
		o->buf[o->len++] = tmp[--n];
}

/* "YYYY-MM-DDTHH:MM:SSZ" without snprintf: four per row add up. */
static void put_time(struct out *o, long long t)
{
	int y, m, d, h, mi, s;

	recur_time_split(t, &y, &m, &d, &h, &mi, &s);
	put_num(o, (unsigned long long)y, 4);
	o->buf[o->len++] = '-';
	put_num(o, (unsigned long long)m, 2);
	o->buf[o->len++] = '-';
	put_num(o, (unsigned long long)d, 2);
	o->buf[o->len++] = 'T';
	put_num(o, (unsigned long long)h, 2);
	o->buf[o->len++] = ':';
	put_num(o, (unsigned long long)mi, 2);
	o->buf[o->len++] = ':';
	put_num(o, (unsigned long long)s, 2);
	o->buf[o->len++] = 'Z';
}

/* A CSV field, quoted when it holds a comma, quote or line break. */
static void put_field(struct out *o, const char *s, size_t n)
{
	size_t i;

	if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) &&
	    !memchr(s, '\r', n)) {
		put(o, s, n);
		return;
	}
	o->buf[o->len++] = '"';
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			o->buf[o->len++] = '"';
		o->buf[o->len++] = s[i];
	}
	o->buf[o->len++] = '"';
}

/* A JSON string: the titles are printable ASCII, so only " and \ need escapes. */
static void put_json_string(struct out *o, const char *s, size_t n)
{
	size_t i;

	o->buf[o->len++] = '"';
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			o->buf[o->len++] = '\\';
		o->buf[o->len++] = s[i];
	}
	o->buf[o->len++] = '"';
}

/* ---- titles ------------------------------------------------------------- */

/* Expands one {…} placeholder starting after '{'; returns the position after '}'. */
static const char *expand_hole(const char *p, struct rng *r, char **w)
{
	static const char hex[] = "0123456789abcdef";
	const char *end = strchr(p, '}');
	long long lo, hi;
	char *dash;
	int i, width;

	if (!strncmp(p, "ip}", 3)) {
		*w += sprintf(*w, "10.%d.%d.%d", (int)rng_range(r, 0, 255), (int)rng_range(r, 0, 255),
			      (int)rng_range(r, 1, 254));
	} else if (!strncmp(p, "hex}", 4)) {
		/* a letter first, so the id never reads as a plain number */
		*(*w)++ = hex[10 + rng_range(r, 0, 5)];
		for (i = 1; i < 8; i++)
			*(*w)++ = hex[rng_next(r) >> 60];
	} else {
		lo = strtoll(p, &dash, 10);
		hi = strtoll(dash + 1, NULL, 10);
		width = p[0] == '0' && dash - p > 1 ? (int)(dash - p) : 1;
		*w += sprintf(*w, "%0*lld", width, rng_range(r, lo, hi));
	}
	return end + 1;
}

static size_t title_family(const struct family *f, struct rng *r, char *out)
{
	const char *p = f->tmpl;
	char *w = out;

	while (*p) {
		if (*p == '{')
			p = expand_hole(p + 1, r, &w);
		else
			*w++ = *p++;
	}
	*w = '\0';
	return (size_t)(w - out);
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* A title from the vocabulary, in one of four shapes. */
static size_t title_oneoff(struct rng *r, char *out)
{
	const char *comp = PICK(r, components), *adj = PICK(r, adjs);
	int n;

	switch (rng_range(r, 0, 3)) {
	case 0:
		n = sprintf(out, "%s %s in %s %s", adj, PICK(r, symptoms), comp, PICK(r, contexts));
		break;
	case 1:
		n = sprintf(out, "%c%s: %s reported by %s", upper(comp[0]), comp + 1,
			    PICK(r, symptoms), PICK(r, reporters));
		break;
	case 2:
		n = sprintf(out, "Investigate %c%s %s on %s %s", lower(adj[0]), adj + 1,
			    PICK(r, symptoms), comp, PICK(r, contexts));
		break;
	default:
		n = sprintf(out, "%c%s %s %s", upper(comp[0]), comp + 1, PICK(r, states),
			    PICK(r, contexts));
		break;
	}
	return (size_t)n;
}

/* ---- arrivals ----------------------------------------------------------- */

struct timeline {
	long long start;      /* first instant of the first month */
	long long end;        /* first instant after the last month: the export time */
	long hours;
	double *cum;          /* cum[h] = total weight of hours before h; cum[hours] = total */
	signed char *burst;   /* family index of a burst in that hour, or -1 */
	long cur;             /* hour of the last arrival (arrivals come in order) */
};

/* Weekday business hours (Europe-ish, UTC 08–18) carry most incidents. */
static double hour_weight(long long t)
{
	long long day = t / 86400;
	int hod = (int)(t % 86400 / 3600);
	int dow = (int)((day + 3) % 7); /* 0 = Monday; 1970-01-01 was a Thursday */
	double w = (hod >= 8 && hod < 18) ? 3.0 : (hod >= 6 && hod < 22) ? 1.4 : 0.6;

	return dow >= 5 ? w * 0.35 : w;
}

static void timeline_init(struct timeline *tl, const struct recur_gen_opts *o, struct rng *r)
{
	char first[8];
	long h, nbursts, i, len;
	double *w;

	recur_month_add(o->end_month, -(o->months - 1), first);
	recur_month_bounds(first, &tl->start, &tl->end);
	recur_month_bounds(o->end_month, &(long long){ 0 }, &tl->end);
	tl->hours = (long)((tl->end - tl->start) / 3600);
	tl->cum = xmalloc(sizeof(double) * (size_t)(tl->hours + 1));
	tl->burst = xmalloc((size_t)tl->hours);
	memset(tl->burst, -1, (size_t)tl->hours);
	w = xmalloc(sizeof(double) * (size_t)tl->hours);
	for (h = 0; h < tl->hours; h++) /* a slow upward trend: +30% over the span */
		w[h] = hour_weight(tl->start + h * 3600LL) * (1.0 + 0.3 * (double)h / (double)tl->hours);
	nbursts = 2L * o->months; /* about 5% of incidents fall in a burst */
	for (i = 0; i < nbursts; i++) {
		long at = (long)rng_range(r, 0, tl->hours - 1);
		int fam = (int)rng_range(r, 0, NFAMILIES - 1);
		double mult = 3.0 + 5.0 * rng_unit(r);

		for (len = rng_range(r, 1, 4); len > 0 && at < tl->hours; len--, at++) {
			w[at] *= mult;
			tl->burst[at] = (signed char)fam;
		}
	}
	tl->cum[0] = 0;
	for (h = 0; h < tl->hours; h++)
		tl->cum[h + 1] = tl->cum[h] + w[h];
	tl->cur = 0;
	free(w);
}

static void timeline_release(struct timeline *tl)
{
	free(tl->cum);
	free(tl->burst);
}

/* Maps a position u in [0, 1), non-decreasing between calls, to a time. */
static long long timeline_at(struct timeline *tl, double u)
{
	double x = u * tl->cum[tl->hours], frac;

	while (tl->cur < tl->hours - 1 && tl->cum[tl->cur + 1] <= x)
		tl->cur++;
	frac = (x - tl->cum[tl->cur]) / (tl->cum[tl->cur + 1] - tl->cum[tl->cur]);
	if (frac < 0)
		frac = 0;
	if (frac >= 1)
		frac = 0.9999;
	return tl->start + tl->cur * 3600LL + (long long)(frac * 3600.0);
}

/* ---- rows --------------------------------------------------------------- */

struct row {
	long long opened, acked, mitigated, resolved; /* -1 = absent */
	int sev;
	const char *status;
};

static int pick_family(struct rng *r)
{
	/* Zipf-like: the first families recur far more often than the last */
	static double cum[NFAMILIES];
	static int ready;
	double x;
	int lo = 0, hi = NFAMILIES - 1;

	if (!ready) {
		double total = 0;
		int i;

		for (i = 0; i < NFAMILIES; i++)
			cum[i] = total += 1.0 / (1.0 + 0.25 * i);
		for (i = 0; i < NFAMILIES; i++)
			cum[i] /= total;
		ready = 1;
	}
	x = rng_unit(r);
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int pick_severity(struct rng *r, int usual)
{
	double x = rng_unit(r);

	if (usual && x < 0.5)
		return usual;
	x = rng_unit(r);
	return x < 0.02 ? 1 : x < 0.12 ? 2 : x < 0.55 ? 3 : 4;
}

static void make_times(struct row *w, struct rng *r, long long export_at)
{
	static const double tta_median[] = { 0, 150, 240, 300, 420 };
	static const double ttr_median[] = { 0, 2700, 2700, 3 * 3600, 8 * 3600 };
	static const double mitigate_share[] = { 0, 0.95, 0.9, 0.7, 0.4 };
	long long tta = rng_lognormal(r, tta_median[w->sev], 1.1);
	long long ttr = rng_lognormal(r, ttr_median[w->sev], 1.0);
	long long from;

	if (ttr <= tta)
		ttr = tta + rng_lognormal(r, 600, 0.8);
	w->acked = rng_unit(r) < 0.03 ? -1 : w->opened + tta;
	w->resolved = w->opened + ttr;
	from = w->acked >= 0 ? w->acked : w->opened;
	w->mitigated = -1;
	if (rng_unit(r) < mitigate_share[w->sev] && w->resolved - from > 1)
		w->mitigated = from + 1 + (long long)((double)(w->resolved - from - 2) *
						      (0.15 + 0.65 * rng_unit(r)));
	/* the export was taken at export_at: later events have not happened yet */
	if (w->acked >= export_at)
		w->acked = -1;
	if (w->mitigated >= export_at)
		w->mitigated = -1;
	if (w->resolved >= export_at)
		w->resolved = -1;
	w->status = w->resolved >= 0 ? "resolved" : w->mitigated >= 0 ? "mitigated" :
		    w->acked >= 0 ? "acknowledged" : "open";
}

static void put_opt_time(struct out *o, long long t)
{
	o->buf[o->len++] = ',';
	if (t >= 0)
		put_time(o, t);
}

/* One incident as a JSON object (a member of the incidents list). */
static void put_json_time(struct out *o, const char *key, long long t)
{
	puts_(o, key);
	if (t < 0) {
		puts_(o, "null");
		return;
	}
	o->buf[o->len++] = '"';
	put_time(o, t);
	o->buf[o->len++] = '"';
}

static void write_json_row(struct out *o, long long id, const char *title, size_t tlen, int svc,
			   const struct row *w)
{
	puts_(o, id > 1 ? ",\n{\"id\": \"INC" : "{\"id\": \"INC");
	put_num(o, (unsigned long long)id, 7);
	puts_(o, "\", \"title\": ");
	put_json_string(o, title, tlen);
	puts_(o, ", \"service\": \"");
	puts_(o, services[svc].name);
	puts_(o, "\", \"team\": \"");
	puts_(o, services[svc].team);
	puts_(o, "\", \"severity\": \"SEV");
	o->buf[o->len++] = (char)('0' + w->sev);
	puts_(o, "\", \"status\": \"");
	puts_(o, w->status);
	o->buf[o->len++] = '"';
	put_json_time(o, ", \"opened_at\": ", w->opened);
	put_json_time(o, ", \"acknowledged_at\": ", w->acked);
	put_json_time(o, ", \"mitigated_at\": ", w->mitigated);
	put_json_time(o, ", \"resolved_at\": ", w->resolved);
	o->buf[o->len++] = '}';
}

static void write_row(struct out *o, long long id, struct timeline *tl, double u, struct rng *r)
{
	char title[512];
	size_t tlen;
	struct row w;
	int fam = -1, svc;

	w.opened = timeline_at(tl, u);
	if (tl->burst[tl->cur] >= 0 && rng_unit(r) < BURST_FAMILY_SHARE)
		fam = tl->burst[tl->cur];
	else if (rng_unit(r) >= ONEOFF_SHARE)
		fam = pick_family(r);
	if (fam >= 0) {
		tlen = title_family(&families[fam], r, title);
		svc = families[fam].service;
	} else {
		tlen = title_oneoff(r, title);
		svc = (int)rng_range(r, 0, NSERVICES - 1);
	}
	w.sev = pick_severity(r, fam >= 0 ? families[fam].sev : 0);
	make_times(&w, r, tl->end);

	if (o->json) {
		write_json_row(o, id, title, tlen, svc, &w);
		return;
	}
	puts_(o, "INC");
	put_num(o, (unsigned long long)id, 7);
	o->buf[o->len++] = ',';
	put_field(o, title, tlen);
	o->buf[o->len++] = ',';
	puts_(o, services[svc].name);
	o->buf[o->len++] = ',';
	puts_(o, services[svc].team);
	puts_(o, ",SEV");
	o->buf[o->len++] = (char)('0' + w.sev);
	o->buf[o->len++] = ',';
	puts_(o, w.status);
	o->buf[o->len++] = ',';
	put_time(o, w.opened);
	put_opt_time(o, w.acked);
	put_opt_time(o, w.mitigated);
	put_opt_time(o, w.resolved);
	o->buf[o->len++] = '\n';
}

int recur_gen_valid(const struct recur_gen_opts *opts)
{
	long long a, b;
	char first[8];

	if (opts->incidents < 0 || opts->months < 1 || opts->months > 1200 || !opts->end_month ||
	    recur_month_bounds(opts->end_month, &a, &b))
		return 0;
	/* the history starts no earlier than 1970: times are written as unsigned digits */
	recur_month_add(opts->end_month, -(opts->months - 1), first);
	return !recur_month_bounds(first, &a, &b) && a >= 0;
}

int recur_gen_write(const struct recur_gen_opts *opts, FILE *out)
{
	struct out o = { out, NULL, 0, 0, opts->json };
	struct timeline tl;
	struct rng r;
	double remaining = 1.0;
	long long i, n = opts->incidents;

	if (!recur_gen_valid(opts))
		return -1;
	rng_seed(&r, opts->seed);
	timeline_init(&tl, opts, &r);
	o.buf = xmalloc(OUTBUF_SIZE);
	puts_(&o, o.json ? "{\"incidents\": [\n" : "id,title,service,team,severity,status,"
		  "opened_at,acknowledged_at,mitigated_at,resolved_at\n");
	for (i = 0; i < n && !o.failed; i++) {
		/* the next of n-i sorted uniforms above 1 - remaining (Bentley–Saxe) */
		remaining *= pow(rng_open_unit(&r), 1.0 / (double)(n - i));
		write_row(&o, i + 1, &tl, 1.0 - remaining, &r);
		if (o.len > OUTBUF_SIZE - ROW_MAX)
			out_flush(&o);
	}
	if (o.json)
		puts_(&o, "\n]}\n");
	out_flush(&o);
	if (fflush(out) || ferror(out))
		o.failed = 1;
	free(o.buf);
	timeline_release(&tl);
	return o.failed ? -1 : 0;
}
