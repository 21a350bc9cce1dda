/*
 * workdays.c -- working-day arithmetic over a per-date calendar.
 *
 * Date conversion is the classic "days from civil" algorithm on the
 * proleptic Gregorian calendar, computed in 400-year eras so that it is
 * exact for negative days too.  A working day is Monday to Friday unless
 * the calendar lists the date as an exception: CAL_HOLIDAY is never worked
 * (even if it is listed on a weekend), CAL_MAKEUP is always worked.
 *
 * The exception table is sorted by day, so a lookup is a binary search;
 * counting forward walks the days once and advances an index into the
 * table in step, so cal_add_workdays() is O(log nex + days walked).
 */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "workdays.h"

/*
 * Upper bound on n in cal_add_workdays(): about forty years of working
 * days.  No legal time limit comes near; a larger n is a caller's bug or
 * a hostile value and is clamped so the walk stays short.
 */
#define CAL_MAX_ADD 10000

/* Floor division and modulo for a positive divisor. */
static int64_t
floordiv(int64_t a, int64_t b)
{
	return (a >= 0 ? a : a - (b - 1)) / b;
}

static int64_t
floormod(int64_t a, int64_t b)
{
	return a - floordiv(a, b) * b;
}

int32_t
day_from_ymd(int y, int m, int d)
{
	int64_t yy, era, yoe, doy, doe;

	yy = (int64_t)y - (m <= 2);
	era = floordiv(yy, 400);
	yoe = yy - era * 400;				/* [0, 399] */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* [0, 146096] */
	return (int32_t)(era * 146097 + doe - 719468);
}

void
ymd_from_day(int32_t day, int *y, int *m, int *d)
{
	int64_t z, era, doe, yoe, doy, mp, yy;

	z = (int64_t)day + 719468;
	era = floordiv(z, 146097);
	doe = z - era * 146097;				/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* [0, 365] */
	mp = (5 * doy + 2) / 153;			/* [0, 11] */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

int32_t
day_from_ymdint(int32_t ymd)
{
	return day_from_ymd(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

int32_t
ymdint_from_day(int32_t day)
{
	int y, m, d;

	ymd_from_day(day, &y, &m, &d);
	return (int32_t)(y * 10000 + m * 100 + d);
}

int
weekday_of_day(int32_t day)
{
	/* Day 0, 1970-01-01, was a Thursday. */
	return (int)floormod((int64_t)day + 3, 7) + 1;
}

/* Writes n as exactly width decimal digits at p. */
static void
put_digits(char *p, int n, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + n % 10);
		n /= 10;
	}
}

/*
 * Years outside 0000-9999 do not fit the fixed format and are written as
 * "0000-00-00"; when outsz < 11 an empty string is written (if outsz > 0).
 */
char *
day_format(int32_t day, char *out, size_t outsz)
{
	int y, m, d;

	if (outsz < 11) {
		if (outsz > 0)
			out[0] = '\0';
		return out;
	}
	ymd_from_day(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = m = d = 0;
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
	return out;
}

void
cal_init(struct calendar *cal)
{
	memset(cal, 0, sizeof(*cal));
}

/* Index of the first exception whose day is >= day (nex if none). */
static size_t
lower_bound(const struct calendar *cal, int32_t day)
{
	size_t lo = 0, hi = cal->nex, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->ex[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
cal_add(struct calendar *cal, int32_t day, enum cal_kind kind)
{
	size_t i;

	if ((unsigned)kind >= CAL__MAX)
		return -1;
	i = lower_bound(cal, day);
	if (i < cal->nex && cal->ex[i].day == day) {
		cal->ex[i].kind = kind;
		return 0;
	}
	if (cal->nex >= CAL_MAX_EXCEPTIONS)
		return -1;
	memmove(&cal->ex[i + 1], &cal->ex[i],
	    (cal->nex - i) * sizeof(cal->ex[0]));
	cal->ex[i].day = day;
	cal->ex[i].kind = kind;
	cal->nex++;
	return 0;
}

int
cal_set_official(struct calendar *cal, int year)
{
	if (cal_is_official(cal, year))
		return 0;
	if (cal->nofficial >= CAL_MAX_YEARS)
		return -1;
	cal->official[cal->nofficial++] = year;
	return 0;
}

bool
cal_is_official(const struct calendar *cal, int year)
{
	size_t i;

	for (i = 0; i < cal->nofficial; i++)
		if (cal->official[i] == year)
			return true;
	return false;
}

/* The weekday rule alone, then the exception (if any) overrides it. */
static bool
is_workday_with(int32_t day, const struct cal_exception *ex)
{
	if (ex != NULL && ex->day == day)
		return ex->kind == CAL_MAKEUP;
	return weekday_of_day(day) <= 5;
}

bool
cal_is_workday(const struct calendar *cal, int32_t day)
{
	size_t i = lower_bound(cal, day);

	return is_workday_with(day, i < cal->nex ? &cal->ex[i] : NULL);
}

/* Day number of 1 January of the year after the one holding day. */
static int64_t
next_new_year(int32_t day, int *year)
{
	int m, d;

	ymd_from_day(day, year, &m, &d);
	return day_from_ymd(*year + 1, 1, 1);
}

/*
 * The walk ends: n is clamped to CAL_MAX_ADD, and since each exception
 * removes at most one working day and any 7 consecutive days without an
 * exception hold 5 working days, at most about (n + CAL_MAX_EXCEPTIONS)
 * * 7 / 5 days are visited.  The walk also stops short of INT32_MAX.
 */
int32_t
cal_add_workdays(const struct calendar *cal, int32_t from, int n,
    bool *provisional)
{
	int32_t day = from;
	size_t i;
	int64_t boundary;
	int year;
	bool prov = false;

	if (n > CAL_MAX_ADD)
		n = CAL_MAX_ADD;
	if (n <= 0 || from == INT32_MAX)
		goto out;
	i = lower_bound(cal, from + 1);
	boundary = next_new_year(from + 1, &year);
	prov = !cal_is_official(cal, year);
	while (n > 0 && day < INT32_MAX) {
		day++;
		if (day >= boundary) {
			boundary = next_new_year(day, &year);
			if (!cal_is_official(cal, year))
				prov = true;
		}
		while (i < cal->nex && cal->ex[i].day < day)
			i++;
		if (is_workday_with(day, i < cal->nex ? &cal->ex[i] : NULL))
			n--;
	}
out:
	if (provisional != NULL)
		*provisional = prov;
	return day;
}

/* Mondays to Fridays in [0, day] relative to the Monday 1969-12-29
 * (day -3); negative for days before it, so differences are exact. */
static int64_t
weekdays_through(int64_t day)
{
	int64_t rel = day + 3;	/* days since Monday 1969-12-29 */
	int64_t weeks = floordiv(rel, 7), rem = floormod(rel, 7);

	return weeks * 5 + (rem < 5 ? rem + 1 : 5);
}

/*
 * Counted arithmetically: the weekdays in (a, b], then one less for each
 * holiday on a weekday and one more for each make-up day on a weekend
 * listed in that interval.  Clamped to the range of int.
 */
int
cal_workdays_between(const struct calendar *cal, int32_t a, int32_t b)
{
	int64_t count;
	size_t i;
	int wd;

	if (b < a)
		return -cal_workdays_between(cal, b, a);
	count = weekdays_through(b) - weekdays_through(a);
	for (i = lower_bound(cal, a + (a < INT32_MAX));
	    i < cal->nex && cal->ex[i].day <= b; i++) {
		if (cal->ex[i].day <= a)
			continue;
		wd = weekday_of_day(cal->ex[i].day);
		if (cal->ex[i].kind == CAL_HOLIDAY && wd <= 5)
			count--;
		else if (cal->ex[i].kind == CAL_MAKEUP && wd > 5)
			count++;
	}
	if (count > INT_MAX)
		return INT_MAX;
	return (int)count;
}
