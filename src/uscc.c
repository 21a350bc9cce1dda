/*
 * uscc.c -- 统一社会信用代码 (unified social credit code), GB 32100-2015.
 *
 * Layout: 1 registration authority, 2 organisation category, 3-8 the
 * administrative division (digits), 9-17 the organisation code body and
 * its own check, 18 the check character over all 17 before it.  Only
 * what the contract in ident.h states is enforced: the authority and
 * category tables grow over time, so rejecting unknown ones would turn
 * away real codes.
 */
#include <string.h>

#include "ident.h"

#define USCC_LEN	18
#define USCC_RADIX	31

/* The 31 characters of the code: digits and letters without I O S V Z. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^i mod 31 for i = 0..16, as printed in the standard. */
static const int uscc_weights[USCC_LEN - 1] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/* Code of individual businesses that have none; its "check" is wrong
 * on purpose, so it must be recognised before the checksum. */
static const char uscc_filler[] = "00000000000000000X";

/*
 * Value of c in the alphabet, or -1.  A search in a 31-byte table is
 * cheap and keeps the alphabet written in one place only; memchr()
 * over exactly USCC_RADIX bytes, unlike strchr(), cannot match the
 * terminating NUL.
 */
static int
uscc_value(char c)
{
	const char *p;

	p = memchr(uscc_alphabet, c, USCC_RADIX);
	return p == NULL ? -1 : (int)(p - uscc_alphabet);
}

static int
uscc_is_digit(char c)
{

	return c >= '0' && c <= '9';
}

enum ident_err
uscc_check(const char *s, size_t len)
{
	int	 sum = 0, v, want;
	size_t	 i;

	if (s == NULL || len != USCC_LEN)
		return IDENT_FORMAT;
	if (memcmp(s, uscc_filler, USCC_LEN) == 0)
		return IDENT_FILLER;
	for (i = 0; i < USCC_LEN; i++) {
		if ((v = uscc_value(s[i])) < 0)
			return IDENT_FORMAT;
		/* The division code (positions 3-8) is numeric. */
		if (i >= 2 && i <= 7 && !uscc_is_digit(s[i]))
			return IDENT_FORMAT;
		if (i < USCC_LEN - 1)
			sum += v * uscc_weights[i];
	}
	want = (USCC_RADIX - sum % USCC_RADIX) % USCC_RADIX;
	if (s[USCC_LEN - 1] != uscc_alphabet[want])
		return IDENT_CHECKSUM;
	return IDENT_OK;
}
