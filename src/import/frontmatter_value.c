/*
 * frontmatter_value.c — reading a parsed front matter (frontmatter.h): a
 * key's value, a value as one text, and dates as YAML and the site
 * generators write them. frontmatter.c builds the tree; this file only
 * reads it, through the public API.
 */
#include "recur/buf.h"
#include "recur/frontmatter.h"
#include "recur/timeparse.h"
#include "recur/timeutil.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_blank_char(int c)
{
	return c == ' ' || c == '\t';
}

/* ---- reading values ---- */

static int same_key(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);

		x = x == '-' || x == ' ' ? '_' : x;
		y = y == '-' || y == ' ' ? '_' : y;
		if (x != y)
			return 0;
		if (!x)
			return 1;
	}
}

const struct recur_fm_node *recur_fm_get(const struct recur_fm_node *map_node, const char *key)
{
	size_t i;

	if (!map_node || map_node->type != RECUR_FM_MAP)
		return NULL;
	for (i = map_node->n; i-- > 0;)
		if (map_node->items[i].key && same_key(map_node->items[i].key, key))
			return &map_node->items[i];
	return NULL;
}

static void trimmed(struct recur_buf *b, const char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	recur_buf_add(b, s, n);
}

char *recur_fm_text(const struct recur_fm_node *node)
{
	struct recur_buf b = RECUR_BUF_INIT;
	size_t i;

	if (!node)
		return NULL;
	if (node->type == RECUR_FM_TEXT)
		trimmed(&b, node->value);
	for (i = 0; node->type == RECUR_FM_LIST && i < node->n; i++) {
		if (node->items[i].type != RECUR_FM_TEXT || !node->items[i].value[0])
			continue;
		if (b.len)
			recur_buf_adds(&b, ", ");
		trimmed(&b, node->items[i].value);
	}
	if (!b.len) {
		recur_buf_release(&b);
		return NULL;
	}
	return recur_buf_detach(&b, NULL);
}

/* ---- dates ---- */

static int num(const char *s, size_t n, size_t *i, int min, int max, int *out)
{
	int k = 0;

	*out = 0;
	while (*i < n && isdigit((unsigned char)s[*i]) && k < max) {
		*out = *out * 10 + (s[*i] - '0');
		(*i)++, k++;
	}
	return k >= min;
}

/* YAML's timestamp, leniently: returns 0 when s is exactly one. */
static int yaml_time(const char *s, size_t n, long long *at, long long *day, int *has_clock)
{
	size_t i = 0, k;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0, y2, m2, d2;

	if (!num(s, n, &i, 4, 4, &y) || i >= n || s[i++] != '-' || !num(s, n, &i, 1, 2, &mo) ||
	    i >= n || s[i++] != '-' || !num(s, n, &i, 1, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	*day = recur_time_make(y, mo, d, 0, 0, 0);
	recur_civil_from_days(*day / 86400, &y2, &m2, &d2);
	if (y2 != y || m2 != mo || d2 != d)
		return -1;
	*has_clock = 0;
	*at = *day;
	if (i == n)
		return 0;
	k = i;
	if (s[i] == 'T' || s[i] == 't')
		i++;
	else
		while (i < n && is_blank_char((unsigned char)s[i]))
			i++;
	if (i == k || !num(s, n, &i, 1, 2, &h) || i >= n || s[i++] != ':' || !num(s, n, &i, 2, 2, &mi))
		return -1;
	if (i < n && s[i] == ':' && (++i, !num(s, n, &i, 2, 2, &sec)))
		return -1;
	if (i < n && s[i] == '.')
		for (i++; i < n && isdigit((unsigned char)s[i]); i++)
			;
	while (i < n && is_blank_char((unsigned char)s[i]))
		i++;
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i + 3 <= n && !strncasecmp(s + i, "UTC", 3)) {
		i += 3;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i++] == '-' ? -1 : 1;
		if (!num(s, n, &i, 1, 2, &oh))
			return -1;
		if (i < n && s[i] == ':')
			i++;
		if (i < n && !num(s, n, &i, 2, 2, &om))
			return -1;
	}
	if (i != n || h > 23 || mi > 59 || sec > 60 || oh > 14 || om > 59)
		return -1;
	*has_clock = 1;
	*at = *day + h * 3600LL + mi * 60LL + sec - sign * (oh * 3600LL + om * 60LL);
	return 0;
}

int recur_frontmatter_time(const char *s, long long *at, long long *day, int *has_clock)
{
	size_t n;

	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!yaml_time(s, n, at, day, has_clock))
		return 0;
	if (recur_time_parse(s, n, RECUR_DATE_AUTO, at))
		return -1;
	*day = *at - (((*at % 86400) + 86400) % 86400);
	*has_clock = *at != *day;
	return 0;
}
