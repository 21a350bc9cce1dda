/*
 * orgcode.c -- 组织机构代码 (organisation code), GB 11714-1997.
 *
 * Eight body characters (digits, or upper-case letters valued A=10 ..
 * Z=35) and a check character, often printed "D2143569-X".  Since 2015
 * the code survives as characters 9-17 of the USCC; it is still checked
 * on its own for older records and certificates.
 */
#include <stdbool.h>

#include "ident.h"

#define ORG_BODY	8

static const int org_weights[ORG_BODY] = { 3, 7, 9, 10, 5, 8, 4, 2 };

/* Value of a body character, or -1. */
static int
org_value(char c)
{

	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

/* The check character for a weighted sum: 11 - sum mod 11, 10 is X
 * and 11 is 0. */
static char
org_check_char(int sum)
{
	int	 c = 11 - sum % 11;

	if (c == 10)
		return 'X';
	if (c == 11)
		return '0';
	return (char)('0' + c);
}

enum ident_err
orgcode_check(const char *s, size_t len)
{
	int	 sum = 0, v;
	size_t	 i;
	char	 check;

	if (s == NULL)
		return IDENT_FORMAT;
	if (len == ORG_BODY + 2 && s[ORG_BODY] == '-')
		check = s[ORG_BODY + 1];
	else if (len == ORG_BODY + 1)
		check = s[ORG_BODY];
	else
		return IDENT_FORMAT;

	for (i = 0; i < ORG_BODY; i++) {
		if ((v = org_value(s[i])) < 0)
			return IDENT_FORMAT;
		sum += v * org_weights[i];
	}
	if (!(check >= '0' && check <= '9') && check != 'X')
		return IDENT_FORMAT;
	if (check != org_check_char(sum))
		return IDENT_CHECKSUM;
	return IDENT_OK;
}
