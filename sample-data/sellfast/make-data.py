#!/usr/bin/env python3
"""make-data.py — writes the Sell Fast demo exports (standard library only).

    python3 sample-data/sellfast/make-data.py      # rewrites exports/ in place

Writes exports/incidents.csv (the service desk's export: naive UTC times,
priorities P1..P4, states Resolved/Closed/In Progress) and
exports/cdn-incidents.json (the edge team's tool: ISO 8601 times with the
Europe/Berlin offset, severities SEV1..SEV4). The random seed is fixed, so the
files are the same on every run; they are committed so the demo needs no
Python. The story is in README.md; this script checks the parts of it the
review must show and fails loudly when a change breaks them.
"""

import csv
import datetime as dt
import json
import math
import os
import random
import sys

SEED = 20261104
START = dt.datetime(2025, 11, 1)
EXPORT_AT = dt.datetime(2026, 11, 4, 10, 0)  # when both exports were taken (UTC)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "exports")

rnd = random.Random(SEED)

GROUPS = {
    "checkout": "Checkout Squad",
    "search": "Search & Discovery",
    "recommendations": "Personalization",
    "payments": "Payments Platform",
    "accounts": "Identity",
    "cdn": "Edge Platform",
}

# ---- time helpers -----------------------------------------------------------


def weight(t):
    """Incidents come in office hours (the shop is in Europe) and on weekdays."""
    h, wd = t.hour, t.weekday()
    w = 3.0 if 8 <= h < 18 else 1.3 if 6 <= h < 22 else 0.5
    return w * (0.4 if wd >= 5 else 1.0)


def random_time(lo, hi):
    """A time in [lo, hi) with the office-hours bias (rejection sampling)."""
    span = (hi - lo).total_seconds()
    while True:
        t = lo + dt.timedelta(seconds=int(rnd.random() * span))
        if rnd.random() * 3.0 < weight(t):
            return t


def month_bounds(ym):
    y, m = map(int, ym.split("-"))
    lo = dt.datetime(y, m, 1)
    hi = dt.datetime(y + (m == 12), m % 12 + 1, 1)
    return lo, min(hi, EXPORT_AT - dt.timedelta(hours=6))


def lognormal(median_s, sigma):
    return max(20, int(median_s * math.exp(sigma * rnd.gauss(0, 1))))


TTA_MEDIAN = {1: 180, 2: 300, 3: 600, 4: 1800}
TTR_MEDIAN = {1: 3000, 2: 5400, 3: 6 * 3600, 4: 30 * 3600}


def durations(prio):
    """Acknowledgement and resolution delays in seconds; ack may be missing."""
    tta = lognormal(TTA_MEDIAN[prio], 1.0)
    ttr = lognormal(TTR_MEDIAN[prio], 0.9)
    if ttr <= tta:
        ttr = tta + lognormal(900, 0.6)
    if rnd.random() < 0.03:
        tta = None
    return tta, ttr


def berlin_offset(t):
    """Central European time: +02:00 from the last Sunday of March 01:00 UTC
    to the last Sunday of October 01:00 UTC, +01:00 otherwise."""

    def last_sunday(y, m):
        d = dt.datetime(y, m + 1, 1) - dt.timedelta(days=1)
        return d - dt.timedelta(days=(d.weekday() + 1) % 7)

    y = t.year
    start = last_sunday(y, 3).replace(hour=1)
    end = last_sunday(y, 10).replace(hour=1)
    return 2 if start <= t < end else 1


def iso_berlin(t):
    if t is None:
        return None
    off = berlin_offset(t)
    return (t + dt.timedelta(hours=off)).strftime("%Y-%m-%dT%H:%M:%S") + "+%02d:00" % off


def naive(t):
    return t.strftime("%Y-%m-%d %H:%M:%S") if t else ""


# ---- the recurring problems -------------------------------------------------


def pick(xs):
    return xs[rnd.randrange(len(xs))]


def reco_title():
    s = rnd.random()
    if s < 0.3:
        return "recommendations", "Slow product page loads (p95 %.1fs) after recommendation refresh" % rnd.uniform(2.5, 7.9)
    if s < 0.5:
        return "recommendations", "Homepage slow: recommendation query saturating db-reco-%d" % rnd.randint(1, 3)
    if s < 0.65:
        return "recommendations", "Product pages timing out during recommendations batch job"
    if s < 0.85:
        return "search", "Search results slow (p95 %.1fs) while recommendation batch runs" % rnd.uniform(2.0, 6.5)
    return "checkout", "Checkout page slow (p95 %.1fs) during recommendation refresh" % rnd.uniform(2.0, 5.5)


def payment_title():
    s = rnd.random()
    if s < 0.55:
        return "payments", "Payment gateway timeout for provider %s (%ds)" % (
            pick(["Adyen", "Adyen", "Stripe"]), pick([30, 30, 45, 60]))
    if s < 0.8:
        return "payments", "Card payments failing: gateway timeout after %ds (Adyen)" % pick([30, 45])
    return "checkout", "PayPal checkout timeouts after %ds for %d orders" % (pick([20, 30]), rnd.randint(12, 240))


def cert_title():
    host = pick(["checkout", "checkout", "api", "www"])
    return "cdn", "Certificate for %s.sellfast.example expires in %d days" % (host, rnd.randint(2, 9))


REC_ROOT = "Recommendation refresh runs unindexed queries on reco_events against the shared read replica db-reco"
PAY_ROOT = "Adyen latency spikes; our 30s gateway timeout has no retry budget or fallback provider"
CERT_ROOT = "Certificate renewed by hand; the expiry reminder went to an unmonitored mailbox"
INDEX_ROOT = "Nightly catalog import rebuilds the search index in one transaction"

# (generator, months with their counts, priorities, category, root cause from month)
FAMILIES = [
    (reco_title,
     {"2026-01": 1, "2026-02": 1, "2026-03": 1, "2026-04": 1, "2026-05": 2, "2026-06": 1,
      "2026-07": 2, "2026-08": 2, "2026-09": 3, "2026-10": 5, "2026-11": 1},
     [2, 2, 3, 3, 1], "Performance", (REC_ROOT, "2026-09")),
    (payment_title,
     {"2025-11": 1, "2026-01": 2, "2026-02": 1, "2026-03": 1, "2026-05": 2, "2026-06": 1,
      "2026-07": 1, "2026-08": 2, "2026-09": 1, "2026-10": 1},
     [1, 2, 2, 3], "Payments", (PAY_ROOT, "2026-08")),
    (cert_title,
     {"2025-12": 1, "2026-03": 1, "2026-05": 1, "2026-06": 1},
     [3, 3, 4], "Security", (CERT_ROOT, "2026-06")),
    (lambda: ("search", "Search index lag %d minutes after catalog import" % rnd.randint(15, 180)),
     {"2025-11": 1, "2025-12": 1, "2026-01": 1, "2026-03": 1, "2026-04": 1, "2026-06": 1,
      "2026-08": 1, "2026-09": 1, "2026-10": 1},
     [3, 3, 4], "Performance", (INDEX_ROOT, "2026-04")),
    # recurring, with no rule: automatic signatures must find these
    (lambda: ("accounts", "Login failures for %d users after session store failover on redis-%02d"
              % (rnd.randint(40, 2400), rnd.randint(1, 4))),
     {"2025-12": 1, "2026-02": 1, "2026-04": 1, "2026-06": 1, "2026-07": 1, "2026-09": 1,
      "2026-10": 1},
     [2, 3], "Availability", None),
    (lambda: ("checkout", "Checkout error rate %d%% above threshold on checkout-%d"
              % (rnd.randint(3, 17), rnd.randint(1, 6))),
     {"2025-11": 1, "2026-01": 1, "2026-02": 1, "2026-04": 1, "2026-05": 1, "2026-07": 1,
      "2026-08": 1, "2026-10": 1},
     [2, 3], "Availability", None),
    (lambda: ("search", "Search latency p99 %dms above SLO on search-%d"
              % (rnd.randint(900, 3200), rnd.randint(1, 4))),
     {"2025-11": 1, "2025-12": 1, "2026-02": 1, "2026-03": 1, "2026-05": 1, "2026-07": 1,
      "2026-09": 1, "2026-10": 1},
     [3, 4], "Performance", None),
    (lambda: ("payments", "Card declines spiking (%d%%) for issuer %d"
              % (rnd.randint(8, 35), rnd.randint(100, 999))),
     {"2025-12": 1, "2026-03": 1, "2026-05": 1, "2026-08": 1, "2026-10": 1},
     [3, 3, 2], "Payments", None),
    (lambda: ("checkout", "Order confirmation emails delayed by %d minutes" % rnd.randint(15, 140)),
     {"2026-01": 1, "2026-04": 1, "2026-06": 1, "2026-09": 1, "2026-11": 1},
     [3, 4], "Integration", None),
    (lambda: ("checkout", "Disk usage %d%% on checkout-db-%02d" % (rnd.randint(86, 98), rnd.randint(1, 3))),
     {"2025-12": 1, "2026-02": 1, "2026-05": 1, "2026-07": 1, "2026-08": 1, "2026-10": 1},
     [3, 4], "Capacity", None),
    (lambda: ("search", "Catalog feed import failed for supplier %d" % rnd.randint(1000, 1200)),
     {"2025-11": 1, "2026-01": 1, "2026-03": 1, "2026-06": 1, "2026-07": 1, "2026-09": 1},
     [4], "Data", None),
    (lambda: ("checkout", "Kafka consumer lag %d on topic orders partition %d"
              % (rnd.randint(20000, 400000), rnd.randint(0, 11))),
     {"2026-02": 1, "2026-04": 1, "2026-06": 1, "2026-08": 1, "2026-09": 1, "2026-10": 1},
     [3], "Performance", None),
    (lambda: ("payments", "Settlement batch %d failed to reconcile" % rnd.randint(5000, 9999)),
     {"2025-12": 1, "2026-03": 1, "2026-06": 1, "2026-09": 1, "2026-10": 1},
     [3, 4], "Data", None),
    (lambda: ("recommendations", "Reco feature pipeline late by %d minutes" % rnd.randint(30, 300)),
     {"2025-11": 1, "2026-01": 1, "2026-04": 1, "2026-06": 1, "2026-08": 1, "2026-10": 1},
     [4], "Data", None),
    (lambda: ("accounts", "SMS provider error rate %d%% for 2FA codes" % rnd.randint(5, 60)),
     {"2025-12": 1, "2026-03": 1, "2026-05": 1, "2026-07": 1, "2026-09": 1},
     [3], "Integration", None),
    (lambda: ("cdn", "Image resizing latency %dms on img-%d" % (rnd.randint(800, 4000), rnd.randint(1, 4))),
     {"2026-01": 1, "2026-02": 1, "2026-05": 1, "2026-08": 1, "2026-10": 1},
     [3, 4], "Performance", None),
    (lambda: ("search", "Search indexer out of memory on indexer-%d" % rnd.randint(1, 3)),
     {"2025-11": 1, "2026-02": 1, "2026-04": 1, "2026-07": 1, "2026-09": 1},
     [3], "Capacity", None),
    (lambda: ("checkout", "Checkout p95 latency %dms after deploy %d" % (rnd.randint(900, 2500), rnd.randint(3000, 3999))),
     {"2025-12": 1, "2026-03": 1, "2026-06": 1, "2026-08": 1, "2026-10": 1},
     [3], "Performance", None),
    (lambda: ("accounts", "Nightly backup job %d failed on backup-%02d" % (rnd.randint(100, 999), rnd.randint(1, 2))),
     {"2026-01": 1, "2026-05": 1, "2026-08": 1, "2026-10": 1},
     [4], "Capacity", None),
]

# The incidents the postmortems describe: fixed times, so the documents agree.
PINNED = [
    dict(key="reco", service="recommendations", prio=1, category="Performance",
         title="Product pages timing out during recommendations batch job",
         created=dt.datetime(2026, 10, 13, 9, 42, 10), ack=dt.datetime(2026, 10, 13, 9, 46, 55),
         resolved=dt.datetime(2026, 10, 13, 11, 58, 30), root=REC_ROOT),
    dict(key="payment", service="payments", prio=1, category="Payments",
         title="Payment gateway timeout for provider Adyen (30s)",
         created=dt.datetime(2026, 8, 21, 17, 3, 20), ack=dt.datetime(2026, 8, 21, 17, 6, 2),
         resolved=dt.datetime(2026, 8, 21, 18, 41, 45), root=PAY_ROOT),
    dict(key="cert", service="checkout", prio=1, category="Security",
         title="TLS certificate expired on checkout.sellfast.example",
         created=dt.datetime(2026, 6, 13, 0, 7, 41), ack=dt.datetime(2026, 6, 13, 0, 31, 12),
         resolved=dt.datetime(2026, 6, 13, 2, 12, 40), root=CERT_ROOT),
]

# ---- one-off incidents ------------------------------------------------------

ONE_OFFS = {
    "checkout": [
        "Promo code \"AUTUMN20\" rejected for returning customers",
        "Cart total ignores free-shipping threshold in Austria",
        "Gift card balance shown as zero after partial redemption",
        "Checkout button unresponsive on Safari 17",
        "Address autocomplete suggests wrong postcodes for Vienna",
        "Duplicate orders created when customers double-click Pay",
        "VAT missing on invoices for business customers",
        "Delivery slot picker shows slots in the past",
        "Guest checkout asks for a password again after login",
        "Order summary email shows prices in USD for EU shop",
        "Express checkout hidden for customers with saved carts",
        "Mixed-basket orders split into two shipments unexpectedly",
        "Tax calculation service returns rounding errors on bundles",
        "Checkout deploy rolled back: feature flag misconfigured",
        "Loyalty points not applied to orders over 500 EUR",
        "Cart page shows stale stock for marketplace items",
        "Shipping cost doubled for islands, customers complaining",
        "Order history page errors for accounts with over 200 orders",
        "Returns label generation fails for DHL parcels",
        "Basket abandonment emails sent to customers who paid",
        "Checkout translations missing in the Polish shop",
        "Coupon stacking allowed two 50% discounts",
        "Invoice PDF export times out for large orders",
        "Checkout iframe blocked by new Content-Security-Policy",
        "Wrong currency symbol on Swiss checkout after release",
        "Order cancellation leaves reserved stock locked",
        "Checkout A/B test assigning all users to variant B",
        "Saved addresses lost after profile merge",
        "Klarna option missing for orders above 1000 EUR",
        "Order export to ERP stuck since the morning",
        "Gift wrapping option charged twice",
        "Checkout shows 'item unavailable' for items in stock",
        "Click & collect stores list empty in Graz",
        "Cart merge after login drops the newest items",
        "Order numbers skipped a range after failover",
        "Free sample added to every basket by a promo rule",
        "Pre-order items blocked the whole checkout",
        "Checkout error page shows a stack trace",
        "Bulk order upload for business customers rejects CSV files",
        "Price shown at checkout differs from product page",
        "Estimated delivery dates a week too late",
        "Checkout session timeout shortened to 2 minutes by mistake",
        "Marketplace seller orders missing from order confirmation",
        "Checkout CSS broken on right-to-left languages",
        "Store credit not refunded after cancellation",
        "Personalised engraving text cut at 20 characters",
        "Checkout health check false alarm after monitoring change",
        "Shipping address validation rejects new Berlin street names",
        "Order confirmation page shows another order after back button",
        "Cash on delivery offered in countries without it",
    ],
    "search": [
        "Search returns no results for queries with umlauts",
        "Autocomplete suggests discontinued products",
        "Faceted filters show wrong counts for colour",
        "Synonym list upload broke 'sneakers' queries",
        "Search ranking boosts out-of-stock items",
        "Sort by price ignores sale prices",
        "Search page blank for queries longer than 100 characters",
        "Spelling correction replaces brand names",
        "Category pages show products from the wrong department",
        "Search analytics dashboard empty since Tuesday",
        "Product search API rate-limited by mistake for the app",
        "Search index missing 1,200 new arrivals",
        "Filter by size returns kids' sizes for adults",
        "Search suggestions leak internal test products",
        "Zero-result rate doubled after relevance tuning",
        "Search cluster node evicted during kernel upgrade",
        "Voice search in the app returns HTTP 500",
        "Product images missing from search results page",
        "Search query logs not shipped to the data lake",
        "Merchandising rules not applied to Black Week landing page",
        "Search page pagination repeats the first page",
        "Brand filter lists brands we no longer sell",
        "Search result snippets show HTML entities",
        "Search relevance drop after stemming change for Dutch",
        "Price range slider broken on tablets",
        "New-in sort order shows last year's collection first",
        "Search tracking pixel fires twice per query",
        "Typo tolerance disabled after config migration",
        "Search cluster snapshot to object storage failing",
        "Visual search upload returns nothing for PNG files",
        "Category tree cache not refreshed after reorganisation",
        "Sponsored products placed above exact matches",
    ],
    "recommendations": [
        "\"Customers also bought\" shows the same product",
        "Recommendation widget missing on mobile product pages",
        "Personalised emails recommend items already purchased",
        "Recently viewed carousel empty for logged-in users",
        "Recommendation model training job ran out of disk",
        "Feature store backfill failed for October clicks",
        "Recommendation API returns products from other locales",
        "Bestseller list not updated over the weekend",
        "Size recommendations off by one for new brand",
        "Recommendation A/B experiment logging dropped events",
        "Homepage hero shows adult products to all visitors",
        "Cold-start recommendations empty for new visitors",
        "Similar items widget times out on kids' category",
        "Recommendation service certificate pinning broke the iOS app",
        "Clickstream ingestion lagging behind by hours",
        "Complete-the-look widget shows mismatched sizes",
        "Recommendation emails sent twice to the same segment",
        "Trending now list stuck on a sold-out item",
        "Recommendation scores NaN for products without reviews",
        "Embedding job failed after Python upgrade",
        "Recommendation widget slows app start on Android",
        "Opt-out of personalisation ignored in the app",
        "Seasonal model rolled out to 100% instead of 10%",
    ],
    "payments": [
        "Refunds stuck in pending for SEPA transfers",
        "3-D Secure challenge loops for Mastercard in Spain",
        "Apple Pay button missing on product pages",
        "Payment reconciliation report off by 12 cents",
        "Chargeback notifications not ingested",
        "Payment method icons broken after CDN change",
        "Instalment plans shown for ineligible countries",
        "Settlement file from acquirer arrived late",
        "Duplicate refund issued for one order",
        "Payment webhook signature validation failing",
        "Fraud rules blocked legitimate orders from Ireland",
        "iDEAL bank list empty at checkout",
        "Stored cards not shown after tokenisation migration",
        "Payment retries charging customers twice",
        "Currency conversion rates not refreshed",
        "Payment page shows card form twice",
        "Refund emails mention the wrong amount",
        "Google Pay declines for cards issued in Norway",
        "Payout to marketplace sellers delayed by a day",
        "Payment provider API key about to be revoked",
        "Partial captures failing for split shipments",
        "Gift card payments not counted in revenue dashboard",
        "Sofort payments stuck in authorised state",
        "PCI scan flagged an outdated TLS cipher on payments API",
        "Payment status page showed an outage that did not exist",
    ],
    "accounts": [
        "Password reset links expire immediately",
        "Social login with Google fails for some users",
        "Newsletter opt-out not saved",
        "Account deletion requests not processed",
        "Two-factor SMS codes delayed for UK numbers",
        "Profile page shows another customer's name (cache)",
        "Login page slow after WAF rule change",
        "Customers logged out after app update",
        "Email change confirmation never arrives",
        "GDPR export missing order history",
        "Account lockout threshold too aggressive after policy change",
        "Wishlist not syncing between app and web",
        "Birthday vouchers not issued",
        "Session cookies missing SameSite attribute",
        "Registration form rejects plus signs in email addresses",
        "Login with Apple returns to a blank page",
        "Address book limited to five entries after release",
        "Marketing consent defaulted to yes for new accounts",
        "Customer service tool cannot find accounts by phone number",
        "Account page loads slowly for customers with many returns",
        "Magic link login emails land in spam",
        "Loyalty tier downgraded for active members",
        "Customer data sync to CRM failing since Friday",
        "Password strength meter rejects valid passwords",
        "Age verification loop for alcohol category",
    ],
    "cdn": [
        "Product images served without cache headers",
        "Stale homepage served after campaign launch",
        "Font files blocked by CORS on the Swiss domain",
        "Image resizing service returning 502 for WebP",
        "Purge API rejected requests after token rotation",
        "Video banner buffering for users in Poland",
        "Static assets served from the wrong bucket after migration",
        "Bot traffic surge on /api/search from one network",
        "Product zoom images blurry after CDN image policy change",
        "Cache warming job overloaded origin after deploy",
        "Edge TLS handshake slow for older Android devices",
        "Custom error page missing for 503 responses",
        "Large file downloads cut off at 100 MB",
    ],
}

ROOTS = [  # generic enough to fit any one-off
    "Bad deploy; rolled back", "Configuration change without review", "Configuration change without review",
    "Library upgrade regression", "Missing test for an edge case", "Human error during maintenance",
]

# ---- the CSV export ---------------------------------------------------------


def make_csv_rows():
    rows = []  # (created, service, title, prio, category, root, pinned)
    for gen, months, prios, category, root in FAMILIES:
        for ym, n in months.items():
            lo, hi = month_bounds(ym)
            for _ in range(n):
                service, title = gen()
                t = random_time(lo, hi)
                cause = root[0] if root and ym >= root[1] and rnd.random() < 0.8 else ""
                rows.append(dict(created=t, service=service, title=title, prio=pick(prios),
                                 category=category, root=cause))
    for p in PINNED:
        rows.append(dict(p))
    for service, titles in ONE_OFFS.items():
        for title in titles:
            t = random_time(START, EXPORT_AT - dt.timedelta(hours=2))
            prio = rnd.choices([1, 2, 3, 4], weights=[3, 15, 50, 32])[0]
            category = pick(["Availability", "Performance", "Data", "Integration", "Defect"])
            cause = pick(ROOTS) if rnd.random() < 0.45 else ""
            rows.append(dict(created=t, service=service, title=title, prio=prio,
                             category=category, root=cause))
    rows.sort(key=lambda r: (r["created"], r["title"]))
    return rows


def finish_row(r, number):
    if "ack" in r:  # pinned: times are given
        ack, resolved = r["ack"], r["resolved"]
    else:
        tta, ttr = durations(r["prio"])
        ack = r["created"] + dt.timedelta(seconds=tta) if tta is not None else None
        resolved = r["created"] + dt.timedelta(seconds=ttr)
    if ack and ack >= EXPORT_AT:
        ack = None
    # the last days' tickets are mostly still being worked on when the export is taken
    recent = EXPORT_AT - r["created"] < dt.timedelta(days=4)
    if recent and ("recommendation" in r["title"] or rnd.random() < 0.6):
        resolved = EXPORT_AT
    if resolved >= EXPORT_AT:
        resolved = None
        state = "In Progress"
    elif EXPORT_AT - resolved > dt.timedelta(days=7):
        state = "Closed"
    else:
        state = "Resolved"
    r.update(number="SF-%d" % number, ack=ack, resolved=resolved, state=state)
    return [r["number"], r["title"], r["service"], GROUPS[r["service"]], "P%d" % r["prio"],
            state, naive(r["created"]), naive(ack), naive(resolved), r["category"],
            r["root"] if resolved or r.get("key") else ""]


def write_csv(rows):
    with open(os.path.join(OUT, "incidents.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["incident_number", "summary", "service", "assignment_group", "priority",
                    "state", "created_at", "acknowledged_at", "resolved_at", "category",
                    "root_cause"])
        for i, r in enumerate(rows):
            w.writerow(finish_row(r, 1001 + i))


# ---- the CDN team's JSON export ---------------------------------------------

CDN_FAMILIES = [
    (lambda: "CDN cache hit ratio dropped to %d%% in POP %s" % (
        rnd.randint(41, 78), pick(["fra1", "fra2", "ams1", "waw1", "vie1"])), 9, [3, 3, 4]),
    (lambda: "Origin 5xx rate %d%% at POP %s" % (
        rnd.randint(2, 19), pick(["fra1", "ams1", "lhr2", "mad1"])), 6, [2, 3]),
    (lambda: "Edge purge queue backlog of %d objects" % rnd.randint(800, 9000), 4, [4]),
]
CDN_CERT = [  # (UTC time, title, severity): the edge side of the certificate problem
    (dt.datetime(2026, 3, 2, 8, 14, 5), "TLS certificate expired on cdn edge ams-3", 2),
    (dt.datetime(2026, 6, 13, 0, 9, 30), "TLS certificate expired on cdn edge fra-2", 1),
    (dt.datetime(2026, 6, 20, 9, 40, 0), "Certificate for static.sellfast.example expires in 5 days", 3),
    (dt.datetime(2026, 7, 6, 13, 22, 48), "TLS certificate expired on cdn edge waw-1", 2),
]
CDN_ONE_OFFS = [
    "WAF false positives blocking /api/cart for some mobile clients",
    "DDoS mitigation triggered on login endpoint",
    "Edge config deploy stuck at 60% of POPs",
    "HTTP/3 disabled after client connection errors",
    "Geo-routing sends Austrian users to the US origin",
    "Brotli compression corrupts SVG icons",
    "Edge logs delayed in the analytics pipeline",
    "Rate limiting rule blocks the payment provider's callbacks",
    "Origin failover did not trigger during maintenance",
    "Cache key ignores the language cookie",
    "Edge worker exceeded CPU limit on product pages",
    "DNS TTL too long delayed the origin migration",
    "IPv6 clients see timeouts in Warsaw",
    "Wrong robots.txt served from the edge",
    "Image CDN returns 403 for signed URLs",
    "Traffic spike from price comparison crawler",
    "Edge redirect loop on /de-at/ paths",
    "Bot management challenge shown to app users",
    "Stale-while-revalidate not honoured after config change",
    "Log forwarding to SIEM interrupted",
    "POP vie1 drained for hardware replacement longer than planned",
    "Range requests broken for product videos",
]
CDN_TTA = {1: 150, 2: 240, 3: 600, 4: 1500}
CDN_TTR = {1: 2700, 2: 4500, 3: 4 * 3600, 4: 20 * 3600}


def make_cdn():
    items = []
    for gen, n, sevs in CDN_FAMILIES:
        for _ in range(n):
            items.append((random_time(START, EXPORT_AT - dt.timedelta(hours=3)), gen(), pick(sevs)))
    for t, title, sev in CDN_CERT:
        items.append((t, title, sev))
    for title in CDN_ONE_OFFS:
        items.append((random_time(START, EXPORT_AT - dt.timedelta(hours=3)), title,
                      rnd.choices([1, 2, 3, 4], weights=[2, 15, 50, 33])[0]))
    items.sort()
    out = []
    for i, (t, title, sev) in enumerate(items):
        tta = lognormal(CDN_TTA[sev], 1.0)
        ttr = max(tta + 60, lognormal(CDN_TTR[sev], 0.9))
        ack = t + dt.timedelta(seconds=tta) if rnd.random() > 0.04 else None
        res = t + dt.timedelta(seconds=ttr)
        if ack and ack >= EXPORT_AT:
            ack = None
        if res >= EXPORT_AT:
            res = None
        status = "resolved" if res else "acknowledged" if ack else "triggered"
        out.append({"id": "EDGE-%d" % (401 + i), "title": title, "service": "cdn",
                    "team": "Edge Platform", "severity": "SEV%d" % sev, "status": status,
                    "created_at": iso_berlin(t), "acknowledged_at": iso_berlin(ack),
                    "resolved_at": iso_berlin(res)})
    return out


def write_cdn(items):
    with open(os.path.join(OUT, "cdn-incidents.json"), "w") as f:
        json.dump({"incidents": items}, f, indent=2, ensure_ascii=False)
        f.write("\n")


# ---- checks on the story ----------------------------------------------------


def check(rows, cdn):
    import re
    reco = re.compile(r"(?i)recommendation.*(refresh|query|batch)")
    hits = [r for r in rows if reco.search(r["title"])]
    october = [r for r in hits if r["created"].strftime("%Y-%m") == "2026-10"]
    problems = []
    if len(hits) <= 12:
        problems.append("only %d recommendation incidents (want more than 12)" % len(hits))
    if len(october) < 4:
        problems.append("only %d recommendation incidents in 2026-10 (want several)" % len(october))
    numbers = {r["number"] for r in rows}
    if any(c["id"] in numbers for c in cdn):
        problems.append("an id appears in both exports")
    if not any(r["state"] == "In Progress" for r in rows):
        problems.append("no incident is still in progress")
    for r in rows:
        if r["ack"] and r["resolved"] and not r["created"] <= r["ack"] <= r["resolved"]:
            problems.append("%s: times out of order" % r["number"])
    if problems:
        sys.exit("make-data.py: " + "; ".join(problems))
    pinned = {r["key"]: r["number"] for r in rows if r.get("key")}
    print("incidents.csv: %d rows (%d recommendation, %d in 2026-10); cdn-incidents.json: %d"
          % (len(rows), len(hits), len(october), len(cdn)))
    print("postmortem incidents: " + ", ".join("%s=%s" % kv for kv in sorted(pinned.items())))


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = make_csv_rows()
    write_csv(rows)
    cdn = make_cdn()
    write_cdn(cdn)
    check(rows, cdn)


if __name__ == "__main__":
    main()
