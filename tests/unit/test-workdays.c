/*
 * test-workdays.c -- unit tests of src/workdays.c and src/calfile.c.
 *
 * The calendar under test is built by feeding the 2025 and 2026 State
 * Council schedules and the provisional 2027 statutory holidays, written
 * in the calendar-file format, through calfile_parse_line(): the same
 * dates as sql/002_calendar.sql and docs/calendar-example-2026.txt.  When
 * the docs file is found ($srcdir, as automake exports it, or the current
 * directory) it is parsed too and must give the same calendar.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calfile.h"
#include "tap.h"
#include "workdays.h"

static const char *const schedule[] = {
	"# 2025 and 2026: the State Council's notices; 2027 provisional",
	"year 2025 official 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日公布） https://www.gov.cn/zhengce/content/202411/content_6986382.htm",
	"2025-01-01 holiday 元旦",
	"2025-01-26 makeup  春节调休上班",
	"2025-01-28 holiday 春节",
	"2025-01-29 holiday 春节",
	"2025-01-30 holiday 春节",
	"2025-01-31 holiday 春节",
	"2025-02-03 holiday 春节",
	"2025-02-04 holiday 春节",
	"2025-02-08 makeup  春节调休上班",
	"2025-04-04 holiday 清明节",
	"2025-04-27 makeup  劳动节调休上班",
	"2025-05-01 holiday 劳动节",
	"2025-05-02 holiday 劳动节",
	"2025-05-05 holiday 劳动节",
	"2025-06-02 holiday 端午节",
	"2025-09-28 makeup  国庆节、中秋节调休上班",
	"2025-10-01 holiday 国庆节、中秋节",
	"2025-10-02 holiday 国庆节、中秋节",
	"2025-10-03 holiday 国庆节、中秋节",
	"2025-10-06 holiday 国庆节、中秋节",
	"2025-10-07 holiday 国庆节、中秋节",
	"2025-10-08 holiday 国庆节、中秋节",
	"2025-10-11 makeup  国庆节、中秋节调休上班",
	"year 2026 official 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025年11月4日公布） https://www.gov.cn/zhengce/content/202511/content_7047090.htm",
	"2026-01-01 holiday 元旦",
	"2026-01-02 holiday 元旦",
	"2026-01-04 makeup  元旦调休上班",
	"2026-02-14 makeup  春节调休上班",
	"2026-02-16 holiday 春节",
	"2026-02-17 holiday 春节",
	"2026-02-18 holiday 春节",
	"2026-02-19 holiday 春节",
	"2026-02-20 holiday 春节",
	"2026-02-23 holiday 春节",
	"2026-02-28 makeup  春节调休上班",
	"2026-04-06 holiday 清明节",
	"2026-05-01 holiday 劳动节",
	"2026-05-04 holiday 劳动节",
	"2026-05-05 holiday 劳动节",
	"2026-05-09 makeup  劳动节调休上班",
	"2026-06-19 holiday 端午节",
	"2026-09-20 makeup  国庆节调休上班",
	"2026-09-25 holiday 中秋节",
	"2026-10-01 holiday 国庆节",
	"2026-10-02 holiday 国庆节",
	"2026-10-05 holiday 国庆节",
	"2026-10-06 holiday 国庆节",
	"2026-10-07 holiday 国庆节",
	"2026-10-10 makeup  国庆节调休上班",
	"year 2027 provisional 暂定：国务院办公厅2027年部分节假日安排的通知尚未载入。仅列《全国年节及纪念日放假办法》（2024年修订，自2025年1月1日起施行）规定的全体公民放假日中落在周一至周五的日期；不含调休上班日和周末补假。通知公布后用 ipdesk-admin calendar load 载入替换。",
	"2027-01-01 holiday 元旦",
	"2027-02-05 holiday 春节（除夕）",
	"2027-02-08 holiday 春节（正月初三）",
	"2027-04-05 holiday 清明节",
	"2027-06-09 holiday 端午节",
	"2027-09-15 holiday 中秋节",
	"2027-10-01 holiday 国庆节",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int32_t
D(int y, int m, int d)
{
	return day_from_ymd(y, m, d);
}

static const char *
fmt(int32_t day, char *buf)
{
	return day_format(day, buf, 11);
}

/* Feeds one item into the calendar, as the admin program's loader does. */
static int
apply(struct calendar *cal, const struct calfile_item *it)
{
	if (it->kind == CALFILE_YEAR && it->official)
		return cal_set_official(cal, it->year);
	if (it->kind == CALFILE_DAY)
		return cal_add(cal, it->day, it->daykind);
	return 0;
}

/* Parses lines into cal; returns the number of errors. */
static int
load_lines(struct calendar *cal, const char *const *lines, size_t n)
{
	struct calfile cf;
	struct calfile_item it;
	char err[200];
	size_t i;
	int errors = 0;

	calfile_init(&cf);
	for (i = 0; i < n; i++) {
		if (calfile_parse_line(&cf, lines[i], strlen(lines[i]), &it,
		    err, sizeof(err)) < 0 || apply(cal, &it) < 0) {
			printf("# %s\n", err);
			errors++;
		}
	}
	if (calfile_finish(&cf, err, sizeof(err)) < 0)
		errors++;
	return errors;
}

static void
test_dates(void)
{
	int32_t day, first = D(1900, 1, 1), last = D(2100, 12, 31);
	int y, m, d, py, pm, pd, bad = 0, leapdays = 0;
	char buf[11];

	is_int(D(1970, 1, 1), 0, "epoch is day 0");
	is_int(D(1969, 12, 31), -1, "the day before the epoch is -1");
	is_int(first, -25567, "1900-01-01 is day -25567");
	is_int(D(2000, 3, 1), 11017, "2000-03-01 is day 11017");
	is_int(last, 47846, "2100-12-31 is day 47846");
	is_int(D(1, 1, 1), -719162, "0001-01-01 is day -719162");
	is_int(D(9999, 12, 31), 2932896, "9999-12-31 is day 2932896");

	/* Every day of 1900-2100: round trip, and each next date is the
	 * calendar successor of the previous one. */
	ymd_from_day(first, &py, &pm, &pd);
	for (day = first + 1; day <= last; day++) {
		ymd_from_day(day, &y, &m, &d);
		if (D(y, m, d) != day)
			bad++;
		if (m == 2 && d == 29)
			leapdays++;
		if (!((y == py && m == pm && d == pd + 1) ||
		    (y == py && m == pm + 1 && d == 1) ||
		    (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31)))
			bad++;
		py = y, pm = m, pd = d;
	}
	is_int(bad, 0, "1900-2100 round trips and steps one date at a time");
	is_int(leapdays, 49, "49 leap days in 1900-2100 (2000, not 1900, 2100)");
	is_int(D(1900, 3, 1) - D(1900, 2, 28), 1, "1900 is not a leap year");
	is_int(D(2000, 3, 1) - D(2000, 2, 28), 2, "2000 is a leap year");
	is_int(D(2100, 3, 1) - D(2100, 2, 28), 1, "2100 is not a leap year");
	is_int(D(2024, 3, 1) - D(2024, 2, 28), 2, "2024 is a leap year");
	is_int(D(2025, 1, 1) - D(2024, 1, 1), 366, "2024 has 366 days");
	is_int(D(2026, 1, 1) - D(2025, 1, 1), 365, "2025 has 365 days");
	ymd_from_day(D(2024, 2, 29), &y, &m, &d);
	ok(y == 2024 && m == 2 && d == 29, "2024-02-29 comes back");
	ymd_from_day(-1, &y, &m, &d);
	ok(y == 1969 && m == 12 && d == 31, "day -1 is 1969-12-31");

	is_int(day_from_ymdint(20260930), D(2026, 9, 30), "day_from_ymdint");
	is_int(ymdint_from_day(D(2026, 9, 30)), 20260930, "ymdint_from_day");
	is_int(ymdint_from_day(D(1900, 1, 1)), 19000101, "ymdint 1900");

	is_int(weekday_of_day(0), 4, "1970-01-01 was a Thursday");
	is_int(weekday_of_day(-1), 3, "1969-12-31 was a Wednesday");
	is_int(weekday_of_day(D(1900, 1, 1)), 1, "1900-01-01 was a Monday");
	is_int(weekday_of_day(D(2000, 1, 1)), 6, "2000-01-01 was a Saturday");
	is_int(weekday_of_day(D(2025, 1, 1)), 3, "2025-01-01 was a Wednesday");
	is_int(weekday_of_day(D(2025, 1, 26)), 7, "2025-01-26 was a Sunday");
	is_int(weekday_of_day(D(2026, 10, 1)), 4, "2026-10-01 is a Thursday");
	is_int(weekday_of_day(D(2027, 2, 5)), 5, "2027-02-05 is a Friday");

	is_str(fmt(D(2026, 2, 14), buf), "2026-02-14", "day_format");
	is_str(fmt(D(1900, 1, 1), buf), "1900-01-01", "day_format 1900");
	is_str(fmt(D(12000, 1, 1), buf), "0000-00-00", "day_format year > 9999");
	buf[0] = 'x';
	day_format(0, buf, 10);
	is_str(buf, "", "day_format with a short buffer writes \"\"");
}

static void
test_table(void)
{
	static struct calendar cal;
	int32_t i;
	int full = 0, sorted = 1;

	cal_init(&cal);
	ok(cal.nex == 0 && cal.nofficial == 0, "cal_init empties");
	ok(cal_is_workday(&cal, D(2025, 1, 1)), "empty calendar: weekday works");
	ok(!cal_is_workday(&cal, D(2025, 1, 4)), "empty calendar: Saturday off");
	is_int(cal_add(&cal, D(2025, 1, 8), CAL_HOLIDAY), 0, "add");
	is_int(cal_add(&cal, D(2025, 1, 1), CAL_HOLIDAY), 0, "add before");
	is_int(cal_add(&cal, D(2025, 1, 5), CAL_MAKEUP), 0, "add between");
	is_int(cal.nex, 3, "three exceptions");
	ok(cal.ex[0].day < cal.ex[1].day && cal.ex[1].day < cal.ex[2].day,
	    "kept sorted");
	is_int(cal_add(&cal, D(2025, 1, 8), CAL_MAKEUP), 0, "replace");
	is_int(cal.nex, 3, "replacing does not grow the table");
	ok(cal_is_workday(&cal, D(2025, 1, 8)), "replaced kind is used");
	is_int(cal_add(&cal, 1, CAL__MAX), -1, "bad kind refused");
	ok(!cal_is_official(&cal, 2025), "2025 not official yet");
	is_int(cal_set_official(&cal, 2025), 0, "set official");
	is_int(cal_set_official(&cal, 2025), 0, "set official twice");
	is_int(cal.nofficial, 1, "no duplicate official year");
	ok(cal_is_official(&cal, 2025), "2025 official");
	for (i = 0; i < CAL_MAX_YEARS + 1; i++)
		if (cal_set_official(&cal, 3000 + i) < 0)
			full++;
	is_int(full, 2, "official-year table full at CAL_MAX_YEARS");

	/* Fill in reverse order: every insertion goes to the front. */
	cal_init(&cal);
	full = 0;
	for (i = CAL_MAX_EXCEPTIONS + 1; i >= 0; i--)
		if (cal_add(&cal, i * 7, CAL_HOLIDAY) < 0)
			full++;
	is_int(full, 2, "exception table full at CAL_MAX_EXCEPTIONS");
	for (i = 1; i < (int32_t)cal.nex; i++)
		if (cal.ex[i - 1].day >= cal.ex[i].day)
			sorted = 0;
	ok(sorted, "a full table is sorted");
	is_int(cal_add(&cal, 14, CAL_MAKEUP), 0, "full table still replaces");
}

/* Checks cal_add_workdays and its provisional flag. */
static void
check_add(const struct calendar *cal, int32_t from, int n, int32_t want,
    bool wantprov, const char *what)
{
	char b1[11], b2[11];
	bool prov = !wantprov;
	int32_t got = cal_add_workdays(cal, from, n, &prov);

	is_str(fmt(got, b1), fmt(want, b2), "%s", what);
	ok(prov == wantprov, "%s: provisional %s", what,
	    wantprov ? "set" : "not set");
}

static void
test_schedule(const struct calendar *cal)
{
	int32_t a, b, got;
	int n, bad;

	ok(cal_is_official(cal, 2025) && cal_is_official(cal, 2026),
	    "2025 and 2026 official");
	ok(!cal_is_official(cal, 2027), "2027 provisional");
	is_int(cal->nex, 23 + 25 + 7, "55 exceptions loaded");
	ok(!cal_is_workday(cal, D(2025, 1, 28)), "2025-01-28 (除夕) off");
	ok(cal_is_workday(cal, D(2025, 1, 26)), "2025-01-26 Sunday worked");
	ok(cal_is_workday(cal, D(2025, 2, 8)), "2025-02-08 Saturday worked");
	ok(!cal_is_workday(cal, D(2025, 2, 1)), "2025-02-01 Saturday off");
	ok(cal_is_workday(cal, D(2025, 2, 5)), "2025-02-05 back at work");
	ok(!cal_is_workday(cal, D(2026, 10, 7)), "2026-10-07 off");
	ok(cal_is_workday(cal, D(2026, 10, 10)), "2026-10-10 Saturday worked");
	ok(!cal_is_workday(cal, D(2027, 2, 8)), "2027-02-08 (初三) off");
	ok(!cal_is_workday(cal, D(2027, 2, 6)), "2027-02-06 Saturday off");

	is_int(cal_workdays_between(cal, D(2024, 12, 31), D(2025, 12, 31)),
	    248, "2025 has 248 working days");
	is_int(cal_workdays_between(cal, D(2025, 12, 31), D(2026, 12, 31)),
	    248, "2026 has 248 working days");
	is_int(cal_workdays_between(cal, D(2026, 12, 31), D(2027, 12, 31)),
	    254, "2027 has 254 working days so far (provisional)");

	/* Friday 24 January 2025, the week before the Spring Festival:
	 * 1/26 (Sun, worked) 1/27, then 2/5 2/6 2/7 2/8 (Sat, worked) 2/10. */
	check_add(cal, D(2025, 1, 24), 7, D(2025, 2, 10), false,
	    "7 WD from Fri 2025-01-24 counts 1/26 and 2/8");
	check_add(cal, D(2025, 1, 24), 1, D(2025, 1, 26), false,
	    "1 WD from Fri 2025-01-24 is Sunday 1/26 (调休)");
	check_add(cal, D(2025, 1, 24), 3, D(2025, 2, 5), false,
	    "3 WD from Fri 2025-01-24 skips the holiday");
	/* Received on a holiday: counting starts after it. */
	check_add(cal, D(2025, 1, 29), 1, D(2025, 2, 5), false,
	    "1 WD from holiday 2025-01-29");
	check_add(cal, D(2025, 1, 29), 7, D(2025, 2, 12), false,
	    "7 WD from holiday 2025-01-29");
	/* Received on a make-up Saturday: that day itself is not counted. */
	check_add(cal, D(2025, 2, 8), 1, D(2025, 2, 10), false,
	    "1 WD from makeup Sat 2025-02-08");
	check_add(cal, D(2025, 2, 8), 7, D(2025, 2, 18), false,
	    "7 WD from makeup Sat 2025-02-08");
	/* Year end: 1/1-1/3 off, Sunday 1/4 worked. */
	check_add(cal, D(2025, 12, 26), 7, D(2026, 1, 7), false,
	    "7 WD from Fri 2025-12-26 crosses into 2026");
	check_add(cal, D(2025, 12, 31), 1, D(2026, 1, 4), false,
	    "1 WD from 2025-12-31 is Sunday 2026-01-04");
	check_add(cal, D(2026, 9, 30), 1, D(2026, 10, 8), false,
	    "1 WD from 2026-09-30 is 2026-10-08");
	check_add(cal, D(2026, 9, 18), 1, D(2026, 9, 20), false,
	    "1 WD from Fri 2026-09-18 is Sunday 9/20 (调休)");
	check_add(cal, D(2026, 6, 1), 15, D(2026, 6, 23), false,
	    "15 WD within 2026");
	check_add(cal, D(2026, 12, 20), 15, D(2027, 1, 11), true,
	    "15 WD from 2026-12-20 reaches provisional 2027");
	check_add(cal, D(2026, 12, 31), 1, D(2027, 1, 4), true,
	    "1 WD from 2026-12-31 skips provisional 2027-01-01");
	check_add(cal, D(2026, 12, 30), 1, D(2026, 12, 31), false,
	    "1 WD from 2026-12-30 stays in 2026");
	check_add(cal, D(2024, 12, 30), 1, D(2024, 12, 31), true,
	    "a day in 2024 (no schedule) is provisional");
	check_add(cal, D(2024, 12, 31), 1, D(2025, 1, 2), false,
	    "from 2024-12-31, counting only 2025 days is official");
	check_add(cal, D(2026, 9, 30), 0, D(2026, 9, 30), false,
	    "n = 0 gives the event day");
	check_add(cal, D(2026, 9, 30), -3, D(2026, 9, 30), false,
	    "n < 0 gives the event day");
	ok(cal_add_workdays(cal, D(2026, 1, 1), 1, NULL) == D(2026, 1, 4),
	    "provisional may be NULL");
	ok(cal_add_workdays(cal, 0, 2000000000, NULL) ==
	    cal_add_workdays(cal, 0, 10000, NULL), "n is capped at 10000");
	got = cal_add_workdays(cal, INT32_MAX - 2, 5, NULL);
	ok(got <= INT32_MAX && got >= INT32_MAX - 2, "no overflow at the end");

	is_int(cal_workdays_between(cal, D(2025, 1, 24), D(2025, 2, 10)), 7,
	    "between: 2025-01-24 to 2025-02-10 is 7");
	is_int(cal_workdays_between(cal, D(2025, 2, 10), D(2025, 1, 24)), -7,
	    "between: reversed is -7");
	is_int(cal_workdays_between(cal, D(2026, 9, 30), D(2026, 9, 30)), 0,
	    "between: same day is 0");
	is_int(cal_workdays_between(cal, D(2026, 9, 30), D(2026, 10, 7)), 0,
	    "between: across a holiday only is 0");
	is_int(cal_workdays_between(cal, D(2026, 10, 7), D(2026, 9, 30)), 0,
	    "between: across a holiday only, reversed, is 0");
	is_int(cal_workdays_between(cal, D(2026, 9, 19), D(2026, 9, 20)), 1,
	    "between: a make-up Sunday counts");
	is_int(cal_workdays_between(cal, D(2026, 9, 20), D(2026, 9, 19)), -1,
	    "between: reversed make-up Sunday is -1");
	is_int(cal_workdays_between(cal, D(2025, 12, 26), D(2026, 1, 7)), 7,
	    "between: across the 2025-2026 year end is 7");
	ok(cal_workdays_between(cal, INT32_MIN, INT32_MAX) > 0,
	    "between: the widest interval does not overflow");

	/* Property: between(a, add(a, n)) == n, and the day before the
	 * result is not yet n working days away. */
	bad = 0;
	for (a = D(2024, 12, 1); a <= D(2027, 1, 31); a += 3) {
		for (n = 1; n <= 60; n += 7) {
			b = cal_add_workdays(cal, a, n, NULL);
			if (cal_workdays_between(cal, a, b) != n ||
			    !cal_is_workday(cal, b) ||
			    cal_workdays_between(cal, a, b - 1) != n - 1)
				bad++;
		}
	}
	is_int(bad, 0, "add and between agree on 2024-12 to 2027-01");
}

/* Parses a NUL-terminated line literal into it and err. */
#define PL(cf, s) calfile_parse_line((cf), (s), strlen(s), &it, err, sizeof(err))

/* Parses one line on a fresh parser after the given prefix lines. */
static int
parse_after(const char *const *pre, size_t npre, const char *line,
    struct calfile_item *it, char *err, size_t errsz)
{
	struct calfile cf;
	size_t i;

	calfile_init(&cf);
	for (i = 0; i < npre; i++)
		if (calfile_parse_line(&cf, pre[i], strlen(pre[i]), it, err,
		    errsz) < 0)
			return -2;
	return calfile_parse_line(&cf, line, strlen(line), it, err, errsz);
}

static const char *const hdr25[] = { "year 2025 official 国办发明电〔2024〕12号" };
static const char *const hdr27[] = { "year 2027 provisional 暂定" };

/* The line is refused after a 2025 header, with this message. */
static void
refused(const char *line, const char *want, const char *what)
{
	struct calfile_item it;
	char err[200];
	int rc = parse_after(hdr25, 1, line, &it, err, sizeof(err));

	is_int(rc, -1, "refused: %s", what);
	if (want != NULL)
		is_str(err, want, "message: %s", what);
}

static void
test_calfile(void)
{
	struct calfile cf;
	struct calfile_item it;
	char err[200], name[CALFILE_NAME_MAX + 2], line[300], big[1100];
	int rc;

	calfile_init(&cf);
	rc = PL(&cf, "");
	is_int(rc, CALFILE_NONE, "empty line");
	rc = PL(&cf, " \t \r\n");
	is_int(rc, CALFILE_NONE, "blank line with CRLF");
	rc = PL(&cf, "  # year 1800 x");
	is_int(rc, CALFILE_NONE, "comment");
	is_int(calfile_finish(&cf, err, sizeof(err)), -1,
	    "finish without a year line fails");
	is_str(err, "end of file after 3 lines: no 'year' line",
	    "finish message");

	calfile_init(&cf);
	rc = PL(&cf, "\xef\xbb\xbfyear 2025 official "
	    "国办发明电〔2024〕12号 https://www.gov.cn/x#y\r\n");
	is_int(rc, CALFILE_YEAR, "year line with BOM and CRLF");
	is_int(it.year, 2025, "year");
	ok(it.official, "official");
	is_str(it.source, "国办发明电〔2024〕12号 https://www.gov.cn/x#y",
	    "source is the rest of the line, '#' included");
	rc = PL(&cf, "\t2025-01-26  makeup\t春节调休上班  \n");
	is_int(rc, CALFILE_DAY, "makeup line with tabs and blanks");
	is_int(it.day, D(2025, 1, 26), "makeup day");
	is_int(it.daykind, CAL_MAKEUP, "makeup kind");
	is_str(it.name, "春节调休上班", "makeup name trimmed");
	rc = PL(&cf, "2025-01-28 holiday 春节 (除夕)");
	is_int(rc, CALFILE_DAY, "holiday line");
	is_int(it.daykind, CAL_HOLIDAY, "holiday kind");
	is_str(it.name, "春节 (除夕)", "name keeps inner blanks");
	is_int(it.year, 2025, "day carries its year");
	rc = PL(&cf, "2025-01-28 holiday 春节");
	is_int(rc, -1, "same date twice refused");
	is_str(err, "line 4: 2025-01-28 listed twice", "duplicate message");
	rc = PL(&cf, "\xef\xbb\xbfyear 2026 official x");
	is_int(rc, -1, "BOM only allowed on line 1");
	rc = PL(&cf, "year 2025 official again");
	is_int(rc, -1, "year declared twice refused");
	is_str(err, "line 6: year 2025 declared twice", "twice message");
	rc = PL(&cf, "2025-01-29 holiday 春节");
	is_int(rc, -1, "after a bad year line, days are refused");
	rc = PL(&cf, "year 2026 official 国办发明电〔2025〕7号");
	is_int(rc, CALFILE_YEAR, "second year");
	rc = PL(&cf, "2026-01-28 holiday 春节");
	is_int(rc, CALFILE_DAY, "same month-day in a new year is no duplicate");
	is_int(calfile_finish(&cf, err, sizeof(err)), 0, "finish");
	ok(cf.nitems == 5, "five items accepted");

	rc = parse_after(hdr27, 1, "2027-02-08 holiday 春节（正月初三）", &it,
	    err, sizeof(err));
	is_int(rc, CALFILE_DAY, "holiday in a provisional year");
	rc = parse_after(hdr27, 1, "2027-02-06 makeup 调休", &it, err,
	    sizeof(err));
	is_int(rc, -1, "makeup in a provisional year refused");
	rc = parse_after(hdr25, 1, "2024-02-29 holiday x", &it, err,
	    sizeof(err));
	is_int(rc, -1, "a real date of another year refused");
	is_str(err, "line 2: 2024-02-29 is not in year 2025", "year message");
	rc = parse_after(NULL, 0, "2025-01-01 holiday 元旦", &it, err,
	    sizeof(err));
	is_int(rc, -1, "a date before any year line refused");
	is_str(err, "line 1: 2025-01-01 comes before any valid 'year' line",
	    "before-year message");
	rc = parse_after(NULL, 0, "year 2024 provisional x", &it, NULL, 0);
	is_int(rc, CALFILE_YEAR, "err may be NULL");
	rc = parse_after(hdr25, 1, "2025-02-29 holiday x", &it, NULL, 0);
	is_int(rc, -1, "err may be NULL on failure");
	rc = parse_after(hdr25, 1, "2025-01-05 holiday x", &it, err, 20);
	ok(rc == -1 && strlen(err) == 19, "message truncated to errsz");

	refused("2025-01-05 holiday 元旦", "line 2: 2025-01-05 is a Sunday: "
	    "a holiday must be a Monday to Friday", "holiday on a Sunday");
	refused("2025-01-08 makeup 调休", "line 2: 2025-01-08 is a Wednesday: "
	    "a makeup day must be a Saturday or Sunday",
	    "makeup on a Wednesday");
	refused("2025-02-29 holiday x", "line 2: not a real date YYYY-MM-DD "
	    "in 1900 to 2099", "2025-02-29");
	refused("2025-04-31 holiday x", NULL, "2025-04-31");
	refused("2025-13-01 holiday x", NULL, "month 13");
	refused("2025-00-10 holiday x", NULL, "month 0");
	refused("2025-01-00 holiday x", NULL, "day 0");
	refused("2025-1-011 holiday x", NULL, "misplaced dash");
	refused("2025-01-1 holiday x", NULL, "short day");
	refused("2025/01/01 holiday x", NULL, "slashes");
	refused("2025-01-01T holiday x", NULL, "trailing junk on the date");
	refused("+025-01-01 holiday x", NULL, "sign in the year");
	refused("2025-01-02 Holiday x", "line 2: 2025-01-02: kind must be "
	    "'holiday' or 'makeup'", "kind is case-sensitive");
	refused("2025-01-02 vacation x", NULL, "unknown kind");
	refused("2025-01-02 holiday", "line 2: 2025-01-02: name (at most 100 "
	    "bytes) is missing", "missing name");
	refused("2025-01-02 holiday \x01x", "line 2: 2025-01-02: name (at most "
	    "100 bytes) contains a control character", "C0 control in name");
	refused("2025-01-02 holiday a\tb", NULL, "tab inside a name");
	refused("2025-01-02 holiday a\x7f", NULL, "DEL in name");
	refused("2025-01-02 holiday a\xc2\x85", NULL, "C1 control in name");
	refused("2025-01-02 holiday \xff", "line 2: 2025-01-02: name (at most "
	    "100 bytes) is not valid UTF-8", "0xff in name");
	refused("2025-01-02 holiday \xc0\xaf", NULL, "overlong UTF-8");
	refused("2025-01-02 holiday \xe0\x80\xaf", NULL, "overlong 3-byte");
	refused("2025-01-02 holiday \xed\xa0\x80", NULL, "UTF-16 surrogate");
	refused("2025-01-02 holiday \xf4\x90\x80\x80", NULL, "above U+10FFFF");
	refused("2025-01-02 holiday \xe5\x85", NULL, "truncated sequence");
	refused("hello", "line 2: expected a 'year' line, a date YYYY-MM-DD "
	    "or a # comment", "junk");
	refused("year", NULL, "bare year");
	refused("year 20x6 official x", "line 2: year must be 1900 to 2099",
	    "year with a letter");
	refused("year 1899 official x", NULL, "year before 1900");
	refused("year 02026 official x", NULL, "five-digit year");
	refused("year 2026 final x", "line 2: year status must be 'official' "
	    "or 'provisional'", "unknown status");
	refused("year 2026 official", "line 2: source (at most 500 bytes) is "
	    "missing", "missing source");
	refused("YEAR 2026 official x", NULL, "keyword is case-sensitive");

	/* Name length: 100 bytes pass, 101 do not. */
	memset(name, 'a', sizeof(name));
	memcpy(name, "春节", 6);
	name[CALFILE_NAME_MAX] = '\0';
	snprintf(line, sizeof(line), "2025-01-02 holiday %s", name);
	rc = parse_after(hdr25, 1, line, &it, err, sizeof(err));
	ok(rc == CALFILE_DAY && strlen(it.name) == 100, "100-byte name");
	name[CALFILE_NAME_MAX] = 'a';
	name[CALFILE_NAME_MAX + 1] = '\0';
	snprintf(line, sizeof(line), "2025-01-02 holiday %s", name);
	refused(line, "line 2: 2025-01-02: name (at most 100 bytes) is too "
	    "long", "101-byte name");

	/* Bytes that end the line early or hide a second line. */
	calfile_init(&cf);
	(void)calfile_parse_line(&cf, hdr25[0], strlen(hdr25[0]), &it, err,
	    sizeof(err));
	rc = calfile_parse_line(&cf, "2025-01-02 holiday a\0b", 22, &it, err,
	    sizeof(err));
	is_int(rc, -1, "NUL inside the line refused");
	rc = PL(&cf, "2025-01-02 holiday a\nb");
	is_int(rc, -1, "LF inside the line refused");
	rc = PL(&cf, "2025-01-02 holiday a\rb");
	is_int(rc, -1, "CR inside the line refused");
	memset(big, ' ', sizeof(big));
	memcpy(big + sizeof(big) - 4, "# x", 3);
	rc = calfile_parse_line(&cf, big, sizeof(big) - 1, &it, err,
	    sizeof(err));
	is_int(rc, -1, "line over 1024 bytes refused");
	is_str(err, "line 5: longer than 1024 bytes", "long-line message");
}

/* The operators' example file gives the same 2025 and 2026 calendar. */
static void
test_example_file(const struct calendar *want)
{
	static struct calendar got;
	struct calfile cf;
	struct calfile_item it;
	char path[4096], buf[CALFILE_LINE_MAX + 4], err[200];
	const char *srcdir = getenv("srcdir");
	FILE *f;
	size_t i, j, n2027 = 0;
	int errors = 0;

	snprintf(path, sizeof(path), "%s/docs/calendar-example-2026.txt",
	    srcdir != NULL ? srcdir : ".");
	if ((f = fopen(path, "r")) == NULL) {
		printf("# %s not found: example file not checked\n", path);
		return;
	}
	cal_init(&got);
	calfile_init(&cf);
	while (fgets(buf, sizeof(buf), f) != NULL)
		if (calfile_parse_line(&cf, buf, strlen(buf), &it, err,
		    sizeof(err)) < 0 || apply(&got, &it) < 0) {
			printf("# %s\n", err);
			errors++;
		}
	fclose(f);
	is_int(errors, 0, "example file parses");
	is_int(calfile_finish(&cf, err, sizeof(err)), 0, "example finishes");
	ok(cal_is_official(&got, 2025) && cal_is_official(&got, 2026),
	    "example: 2025 and 2026 official");
	for (i = 0; i < want->nex; i++)
		if (want->ex[i].day >= D(2027, 1, 1))
			n2027++;
	ok(got.nex == want->nex - n2027, "example: same number of dates");
	for (i = j = 0; i < got.nex && j < want->nex; i++, j++)
		if (got.ex[i].day != want->ex[j].day ||
		    got.ex[i].kind != want->ex[j].kind)
			break;
	ok(i == got.nex, "example: same dates and kinds");
}

int
main(void)
{
	static struct calendar cal;

	test_dates();
	test_table();
	cal_init(&cal);
	is_int(load_lines(&cal, schedule, NELEM(schedule)), 0,
	    "schedule 2025-2027 parses");
	test_schedule(&cal);
	test_calfile();
	test_example_file(&cal);
	return tap_done();
}
