/*
 * workdays.h -- working-day arithmetic over a per-date calendar.
 *
 * Days are numbered as days since 1970-01-01 (day 0), in China Standard
 * Time; the calendar knows, for each year, whether the State Council's
 * schedule is loaded ("official") and, for each exceptional date, whether
 * it is a holiday on a weekday or a make-up working day (调休) on a weekend.
 * Any other date is a working day exactly when it is Monday to Friday.
 * A year with no loaded schedule is "provisional": its statutory holidays
 * may be listed but its make-up days are unknown, and every result that
 * depends on such a year says so.
 *
 * The calendar is plain data (filled from the database by the caller) and
 * the functions are pure, so they are unit-tested without a server.
 */
#ifndef IPDESK_WORKDAYS_H
#define IPDESK_WORKDAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CAL_MAX_EXCEPTIONS 4096
#define CAL_MAX_YEARS 64

enum cal_kind {
	CAL_HOLIDAY = 0,	/* a weekday that is not worked */
	CAL_MAKEUP,		/* a weekend day that is worked (调休) */
	CAL__MAX
};

struct cal_exception {
	int32_t day;
	enum cal_kind kind;
};

struct calendar {
	struct cal_exception ex[CAL_MAX_EXCEPTIONS];	/* sorted by day */
	size_t nex;
	int official[CAL_MAX_YEARS];	/* years whose schedule is loaded */
	size_t nofficial;
};

/* Days since 1970-01-01 of a proleptic Gregorian date; no range check
 * beyond what int32_t holds (callers pass validated dates). */
int32_t day_from_ymd(int y, int m, int d);
/* Inverse of day_from_ymd. */
void ymd_from_day(int32_t day, int *y, int *m, int *d);
/* yyyymmdd integer <-> day number. */
int32_t day_from_ymdint(int32_t ymd);
int32_t ymdint_from_day(int32_t day);
/* 1 = Monday ... 7 = Sunday. */
int weekday_of_day(int32_t day);
/* Writes "YYYY-MM-DD" and a NUL into out (outsz >= 11); returns out. */
char *day_format(int32_t day, char *out, size_t outsz);

/* Resets cal to an empty calendar (every year provisional, no exceptions). */
void cal_init(struct calendar *cal);
/* Adds an exception; keeps the array sorted and replaces an existing entry
 * for the same day.  Returns 0, or -1 when the table is full. */
int cal_add(struct calendar *cal, int32_t day, enum cal_kind kind);
/* Marks a year official.  Returns 0, or -1 when the table is full. */
int cal_set_official(struct calendar *cal, int year);
/* Whether the year's schedule is loaded. */
bool cal_is_official(const struct calendar *cal, int year);

/* Whether the day is a working day. */
bool cal_is_workday(const struct calendar *cal, int32_t day);

/*
 * The n-th working day after `from` (the day of the event is not counted:
 * with n = 1 the answer is the next working day).  n <= 0 gives `from`.
 * *provisional, when not NULL, is set true if any day counted or skipped
 * lies in a provisional year, else false.
 */
int32_t cal_add_workdays(const struct calendar *cal, int32_t from, int n,
    bool *provisional);

/*
 * The number of working days in the interval (a, b]: the working days
 * after a up to and including b.  Negative when b < a (the count of
 * (b, a], negated).  Used for "days left" and for elapsed time.
 */
int cal_workdays_between(const struct calendar *cal, int32_t a, int32_t b);

#endif
