/*
 * idcard.c -- 公民身份号码 (resident identity number), GB 11643-1999.
 *
 * 6-digit address code, 8-digit birth date yyyymmdd, 3-digit sequence,
 * check character.  The old 15-digit numbers (before 1999) are not
 * accepted: every current card carries 18 characters.
 */
#include <stdbool.h>

#include "ident.h"

#define IDCARD_LEN	18
#define IDCARD_BODY	17
#define IDCARD_DATE_AT	6
#define IDCARD_MIN_YMD	19000101

/* 2^(17-i) mod 11 for i = 1..17. */
static const int idcard_weights[IDCARD_BODY] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};

/* Check character indexed by the weighted sum mod 11. */
static const char idcard_checks[] = "10X98765432";

static bool
idcard_is_digit(char c)
{

	return c >= '0' && c <= '9';
}

/* Value of n digits at s; the caller has checked they are digits. */
static int32_t
idcard_number(const char *s, size_t n)
{
	int32_t	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool
idcard_leap(int32_t y)
{

	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Whether yyyymmdd names a day of the Gregorian calendar. */
static bool
idcard_real_date(int32_t ymd)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int32_t	 y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	int	 last;

	if (m < 1 || m > 12 || d < 1)
		return false;
	last = mdays[m - 1] + (m == 2 && idcard_leap(y));
	return d <= last;
}

/*
 * The date is checked before the check character: when one digit of
 * the birth date is mistyped both fail, and "bad date" tells the user
 * where to look.
 */
enum ident_err
idcard_check(const char *s, size_t len, int32_t today_ymd)
{
	int32_t	 ymd;
	int	 sum = 0;
	size_t	 i;

	if (s == NULL || len != IDCARD_LEN)
		return IDENT_FORMAT;
	for (i = 0; i < IDCARD_BODY; i++)
		if (!idcard_is_digit(s[i]))
			return IDENT_FORMAT;
	if (!idcard_is_digit(s[IDCARD_BODY]) && s[IDCARD_BODY] != 'X')
		return IDENT_FORMAT;

	ymd = idcard_number(s + IDCARD_DATE_AT, 8);
	if (!idcard_real_date(ymd) || ymd < IDCARD_MIN_YMD || ymd > today_ymd)
		return IDENT_DATE;

	for (i = 0; i < IDCARD_BODY; i++)
		sum += (s[i] - '0') * idcard_weights[i];
	if (s[IDCARD_BODY] != idcard_checks[sum % 11])
		return IDENT_CHECKSUM;
	return IDENT_OK;
}
