/*
 * calfile-fuzzer.c -- libFuzzer target for calfile_parse_line().
 *
 * The input is split into lines and parsed as one calendar file; every
 * accepted item is checked against the contract in calfile.h and loaded
 * into a calendar, which then has to keep cal_add_workdays() and
 * cal_workdays_between() consistent.  Build:
 *	clang -fsanitize=fuzzer,address,undefined -Isrc fuzz/calfile-fuzzer.c \
 *	    src/calfile.c src/workdays.c
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calfile.h"
#include "workdays.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool cond)
{
	if (!cond)
		abort();
}

static void
check_item(const struct calfile_item *it)
{
	size_t n;
	int y, m, d, wd;

	if (it->kind == CALFILE_YEAR) {
		check(it->year >= CALFILE_YEAR_MIN &&
		    it->year <= CALFILE_YEAR_MAX);
		n = strnlen(it->source, sizeof(it->source));
		check(n >= 1 && n <= CALFILE_SOURCE_MAX);
	} else if (it->kind == CALFILE_DAY) {
		ymd_from_day(it->day, &y, &m, &d);
		check(y == it->year);
		wd = weekday_of_day(it->day);
		check(it->daykind == CAL_HOLIDAY ? wd <= 5 : wd >= 6);
		n = strnlen(it->name, sizeof(it->name));
		check(n >= 1 && n <= CALFILE_NAME_MAX);
	}
}

/* Add and between must agree on whatever calendar the input built. */
static void
check_calendar(const struct calendar *cal, const uint8_t *data, size_t size)
{
	int32_t a, b;
	int n;

	if (size < 4)
		return;
	a = day_from_ymd(2000 + data[0] % 100, 1, 1) + data[1] * 2;
	n = (data[2] | data[3] << 8) % 400;
	b = cal_add_workdays(cal, a, n, NULL);
	check(b >= a);
	check(cal_workdays_between(cal, a, b) == n);
	check(cal_workdays_between(cal, b, a) == -n);
	if (n > 0)
		check(cal_is_workday(cal, b));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct calendar cal;	/* large; reset on every input */
	struct calfile cf;
	struct calfile_item it;
	const char *p = (const char *)data, *end = p + size, *nl;
	char err[128];
	size_t len;
	int rc;

	cal_init(&cal);
	calfile_init(&cf);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		rc = calfile_parse_line(&cf, p, len, &it, err, sizeof(err));
		check(rc >= -1 && rc < CALFILE__MAX);
		if (rc < 0) {
			check(strnlen(err, sizeof(err)) < sizeof(err));
			check(strncmp(err, "line ", 5) == 0);
		} else {
			check((int)it.kind == rc);
			check_item(&it);
			if (rc == CALFILE_YEAR && it.official)
				(void)cal_set_official(&cal, it.year);
			else if (rc == CALFILE_DAY)
				(void)cal_add(&cal, it.day, it.daykind);
		}
		p += len;
	}
	(void)calfile_finish(&cf, err, sizeof(err));
	check_calendar(&cal, data, size);
	return 0;
}
