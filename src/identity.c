/*
 * identity.c -- identity documents by their type.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "enums.h"
#include "ident.h"
#include "identity.h"
#include "validate.h"

static int
all_match(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);

	return n >= min && n <= max && strspn(s, set) == n;
}

#define DIGITS "0123456789"
#define ALNUM DIGITS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

const char *
identity_problem(const struct fs_env *env, int type, const char *s)
{
	size_t n = strlen(s);

	switch (type) {
	case IDT_RESIDENT:
		return idcard_check(s, n, env->today) == IDENT_OK ? NULL :
		    ident_code(idcard_check(s, n, env->today));
	case IDT_USCC:
		return uscc_check(s, n) == IDENT_OK ? NULL :
		    uscc_check(s, n) == IDENT_FILLER ? "filler_code" :
		    ident_code(uscc_check(s, n));
	case IDT_PASSPORT:
		return all_match(s, ALNUM, 5, 20) ? NULL : "invalid_format";
	case IDT_HK_MACAO:
		/* H or M and 8 digits (10 with the issue count). */
		return (s[0] == 'H' || s[0] == 'M') &&
		    (all_match(s + 1, DIGITS, 8, 8) ||
		    all_match(s + 1, DIGITS, 10, 10)) ? NULL : "invalid_format";
	case IDT_TAIWAN:
		return all_match(s, DIGITS, 8, 8) ||
		    all_match(s, DIGITS, 10, 10) ? NULL : "invalid_format";
	case IDT_FOREIGN_PR:
		/* 2017 card: 3 letters + 12 digits; 2023 card: 18
		 * characters starting with 9, checked like a resident ID. */
		if (n == 15 && all_match(s + 3, DIGITS, 12, 12) &&
		    isupper((unsigned char)s[0]) &&
		    isupper((unsigned char)s[1]) && isupper((unsigned char)s[2]))
			return NULL;
		if (n == 18 && s[0] == '9' &&
		    idcard_check(s, n, env->today) != IDENT_FORMAT)
			return idcard_check(s, n, env->today) == IDENT_OK ? NULL :
			    "bad_check_character";
		return "invalid_format";
	default:
		return NULL;
	}
}


const char *
fs_mobile(const char *s, size_t len, const struct fs_env *env)
{
	return valid_mobile(s, len, NULL, 0) ? NULL : "invalid_mobile";
}

const char *
fs_email(const char *s, size_t len, const struct fs_env *env)
{
	return valid_email(s, len) ? NULL : "invalid_email";
}

const char *
fs_uscc(const char *s, size_t len, const struct fs_env *env)
{
	enum ident_err e = uscc_check(s, len);

	return e == IDENT_OK ? NULL : e == IDENT_FILLER ?
	    "filler_not_allowed" : ident_code(e);
}

const char *
fs_uscc_or_filler(const char *s, size_t len, const struct fs_env *env)
{
	enum ident_err e = uscc_check(s, len);

	return e == IDENT_OK || e == IDENT_FILLER ? NULL : ident_code(e);
}
