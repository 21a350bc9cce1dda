/*
 * patentno.c -- Chinese patent application (and patent) numbers.
 *
 * People write the same number many ways: "ZL 2016 1 0012345.8",
 * "CN201610012345.8", "201610012345.8", "2016100123458".  A patent
 * number is the application number with "ZL" in front, so one check
 * serves both.  The two generations of the number are told apart by
 * the count of digits before the check character:
 *
 *	12: YYYY T NNNNNNN	(applications from 2003-10-01)
 *	 8: YY T NNNNN		(1985 .. 2003-09-30)
 *
 * T is the application type.  The check character is the weighted
 * digit sum mod 11 (weights 2..9, repeating), 10 written X.
 */
#include <stdbool.h>

#include "ident.h"

/* Longest accepted form without spaces: "ZL" + 12 digits + "." + X. */
#define PAT_MAXRAW	16
#define PAT_NEW_DIGITS	12
#define PAT_OLD_DIGITS	8
/* The 13-character form replaced the 9-character one in 2003. */
#define PAT_FIRST_YEAR	1985
#define PAT_SWITCH_YEAR	2003

static bool
pat_is_digit(char c)
{

	return c >= '0' && c <= '9';
}

static char
pat_upper(char c)
{

	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/*
 * Copy s without its spaces into buf (bufsz bytes, no NUL needed) and
 * store the count in *n.  False when more than bufsz bytes remain:
 * such an input cannot be a patent number.
 */
static bool
pat_squeeze(const char *s, size_t len, char *buf, size_t bufsz, size_t *n)
{
	size_t	 i;

	*n = 0;
	for (i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		if (*n == bufsz)
			return false;
		buf[(*n)++] = s[i];
	}
	return true;
}

/* Skip an optional "ZL" or "CN" prefix, in either case. */
static void
pat_skip_prefix(const char **p, size_t *n)
{
	char	 a, b;

	if (*n < 2)
		return;
	a = pat_upper((*p)[0]);
	b = pat_upper((*p)[1]);
	if ((a == 'Z' && b == 'L') || (a == 'C' && b == 'N')) {
		*p += 2;
		*n -= 2;
	}
}

/* Types: 1 invention, 2 utility model, 3 design, 8/9 PCT entries. */
static bool
pat_valid_type(char t)
{

	return t == '1' || t == '2' || t == '3' || t == '8' || t == '9';
}

/* Filing year of an all-digit body of n digits (8 or 12). */
static int
pat_year(const char *d, size_t n)
{
	int	 yy;

	if (n == PAT_NEW_DIGITS)
		return (d[0] - '0') * 1000 + (d[1] - '0') * 100 +
		    (d[2] - '0') * 10 + (d[3] - '0');
	/* Two-digit years of the old form run from 85 (1985) to 03. */
	yy = (d[0] - '0') * 10 + (d[1] - '0');
	return yy >= 85 ? 1900 + yy : 2000 + yy;
}

static bool
pat_year_ok(int year, size_t n, int current_year)
{

	if (year > current_year)
		return false;
	if (n == PAT_NEW_DIGITS)
		return year >= PAT_SWITCH_YEAR;
	return year >= PAT_FIRST_YEAR && year <= PAT_SWITCH_YEAR;
}

/* The check character over n digits: weights 2,3,..,9,2,3,.. mod 11. */
static char
pat_check_char(const char *d, size_t n)
{
	int	 sum = 0, r;
	size_t	 i;

	for (i = 0; i < n; i++)
		sum += (d[i] - '0') * (int)(i % 8 + 2);
	r = sum % 11;
	return r == 10 ? 'X' : (char)('0' + r);
}

/*
 * Write the n digits and the check character at out, NUL-terminated.
 * A buffer too small for them (a breach of the contract) gets the
 * empty string rather than a number cut short.
 */
static void
pat_canonical(const char *d, size_t n, char check, char *out, size_t outsz)
{
	size_t	 i;

	if (out == NULL || outsz == 0)
		return;
	if (outsz < n + 2) {
		out[0] = '\0';
		return;
	}
	for (i = 0; i < n; i++)
		out[i] = d[i];
	out[n] = check;
	out[n + 1] = '\0';
}

/*
 * Order of the checks: form (digits, type), then the year, then the
 * check character, so a mistyped year is reported as a date.
 */
enum ident_err
patentno_check(const char *s, size_t len, int current_year,
    char *out, size_t outsz)
{
	char		 buf[PAT_MAXRAW];
	const char	*p = buf;
	size_t		 n, i, tpos;
	char		 check;

	if (s == NULL || !pat_squeeze(s, len, buf, sizeof(buf), &n))
		return IDENT_FORMAT;
	pat_skip_prefix(&p, &n);
	if (n < 2)
		return IDENT_FORMAT;
	check = pat_upper(p[--n]);
	if (p[n - 1] == '.')
		n--;
	if (n != PAT_NEW_DIGITS && n != PAT_OLD_DIGITS)
		return IDENT_FORMAT;
	for (i = 0; i < n; i++)
		if (!pat_is_digit(p[i]))
			return IDENT_FORMAT;
	if (!pat_is_digit(check) && check != 'X')
		return IDENT_FORMAT;
	tpos = n == PAT_NEW_DIGITS ? 4 : 2;
	if (!pat_valid_type(p[tpos]))
		return IDENT_FORMAT;

	if (!pat_year_ok(pat_year(p, n), n, current_year))
		return IDENT_DATE;
	if (check != pat_check_char(p, n))
		return IDENT_CHECKSUM;
	pat_canonical(p, n, check, out, outsz);
	return IDENT_OK;
}
