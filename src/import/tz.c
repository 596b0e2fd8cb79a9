/*
 * tz.c — entering and leaving a named time zone (see tz.h). The zone must
 * exist as a file in the tz database; names with ".." or a leading '/' are
 * refused, so a zone name never reaches outside TZDIR.
 */
#include "recur/tz.h"
#include "recur/buf.h"
#include "recur/mem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static int is_utc(const char *zone)
{
	return !zone || !*zone || !strcmp(zone, "UTC") || !strcmp(zone, "Etc/UTC");
}

int recur_tz_check(const char *zone, const char *option, struct recur_error *err)
{
	const char *dir = getenv("TZDIR");
	struct recur_buf path = RECUR_BUF_INIT;
	struct stat st;
	int ok;

	if (is_utc(zone))
		return 0;
	recur_buf_addf(&path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
	ok = zone[0] != '/' && !strstr(zone, "..") && !stat(path.buf, &st) && S_ISREG(st.st_mode);
	recur_buf_release(&path);
	if (!ok)
		return recur_error_usage(err, "unknown time zone '%s' for %s: use a name from the tz "
					 "database, like Europe/Paris or America/New_York, or UTC",
					 zone, option);
	return 0;
}

void recur_tz_enter(struct recur_tz *tz, const char *zone)
{
	const char *old = getenv("TZ");

	tz->utc = is_utc(zone);
	tz->had_old = old != NULL;
	tz->old = old ? xstrdup(old) : NULL;
	if (!tz->utc) {
		setenv("TZ", zone, 1);
		tzset();
	}
}

void recur_tz_leave(struct recur_tz *tz)
{
	if (!tz->utc) {
		if (tz->had_old)
			setenv("TZ", tz->old, 1);
		else
			unsetenv("TZ");
		tzset();
	}
	free(tz->old);
	tz->old = NULL;
}
