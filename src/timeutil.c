/*
 * timeutil.c -- CST time formatting and parsing.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timeutil.h"
#include "workdays.h"

int64_t
time_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Floor division, for times before the epoch. */
static int64_t
fdiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int32_t
time_day_cst(int64_t ms)
{
	return (int32_t)fdiv(ms + (int64_t)CST_OFFSET * 1000, 86400000);
}

/* Splits epoch ms into CST date and time of day. */
static void
split(int64_t ms, int *y, int *mo, int *d, int *h, int *mi, int *s, int *f)
{
	int64_t local = ms + (int64_t)CST_OFFSET * 1000;
	int64_t day = fdiv(local, 86400000);
	int64_t rest = local - day * 86400000;

	ymd_from_day((int32_t)day, y, mo, d);
	*h = (int)(rest / 3600000);
	*mi = (int)(rest / 60000 % 60);
	*s = (int)(rest / 1000 % 60);
	*f = (int)(rest % 1000);
}

char *
time_iso(int64_t ms, char *out, size_t outsz)
{
	int y, mo, d, h, mi, s, f;

	split(ms, &y, &mo, &d, &h, &mi, &s, &f);
	snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+08:00",
	    y, mo, d, h, mi, s, f);
	return out;
}

char *
time_sql(int64_t ms, char *out, size_t outsz)
{
	int y, mo, d, h, mi, s, f;

	split(ms, &y, &mo, &d, &h, &mi, &s, &f);
	snprintf(out, outsz, "%04d-%02d-%02d %02d:%02d:%02d.%03d",
	    y, mo, d, h, mi, s, f);
	return out;
}

/* Reads a fixed-width field of n digits (leading zeros allowed) that
 * is at most max. */
static int
field(const char *s, size_t off, size_t n, int64_t max, int64_t *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[off + i] < '0' || s[off + i] > '9')
			return -1;
		*v = *v * 10 + (s[off + i] - '0');
	}
	return *v <= max ? 0 : -1;
}

int
time_from_sql(const char *s, int64_t *ms)
{
	int64_t	 y, mo, d, h, mi, sec, frac = 0;
	int32_t	 day;
	int	 cy, cm, cd;
	size_t	 len = strlen(s);

	if (len < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	if (field(s, 0, 4, 9999, &y) || field(s, 5, 2, 12, &mo) ||
	    field(s, 8, 2, 31, &d) || field(s, 11, 2, 23, &h) ||
	    field(s, 14, 2, 59, &mi) || field(s, 17, 2, 59, &sec))
		return -1;
	if (len > 19) {
		size_t i, n;

		if (s[19] != '.' || len == 20 || len > 26)
			return -1;
		for (i = 20, n = 0; i < len; i++, n++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			if (n < 3)
				frac = frac * 10 + (s[i] - '0');
		}
		for (; n < 3; n++)
			frac *= 10;
	}
	/* A real date only: not MariaDB's zero date, not 02-30. */
	day = day_from_ymd((int)y, (int)mo, (int)d);
	ymd_from_day(day, &cy, &cm, &cd);
	if (mo == 0 || d == 0 || cy != y || cm != mo || cd != d)
		return -1;
	*ms = ((int64_t)day * 86400 +
	    h * 3600 + mi * 60 + sec - CST_OFFSET) * 1000 + frac;
	return 0;
}

int
time_parse_iso(const char *s, int64_t *ms)
{
	char	 buf[32];
	size_t	 len = strlen(s), n;
	int64_t	 t, oh, om, off = CST_OFFSET;
	const char *z;

	if (len == 10) {
		snprintf(buf, sizeof(buf), "%s 09:00:00", s);
		return time_from_sql(buf, ms);
	}
	if (len < 20 || len > 29 || s[10] != 'T')
		return -1;
	n = 19;
	if (s[n] == '.')
		for (n++; n < len && s[n] >= '0' && s[n] <= '9'; n++)
			;
	z = s + n;
	if (strcmp(z, "Z") == 0)
		off = 0;
	else if (strlen(z) == 6 && (z[0] == '+' || z[0] == '-') &&
	    z[3] == ':' && field(z, 1, 2, 23, &oh) == 0 &&
	    field(z, 4, 2, 59, &om) == 0)
		off = (z[0] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
	else
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	buf[10] = ' ';
	if (time_from_sql(buf, &t) == -1)
		return -1;
	/* time_from_sql read the wall time as CST; correct to the offset. */
	*ms = t + (CST_OFFSET - off) * 1000;
	return 0;
}
