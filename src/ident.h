/*
 * ident.h -- checks of Chinese identifiers (pure functions, no allocation).
 *
 * Every check takes a byte string with its length (not necessarily
 * NUL-terminated) and returns IDENT_OK or the first problem found.
 * ident_code() names a result for API error objects (the messages
 * belong to problem.c, which writes every error answer).
 */
#ifndef IPDESK_IDENT_H
#define IPDESK_IDENT_H

#include <stddef.h>
#include <stdint.h>

enum ident_err {
	IDENT_OK = 0,
	IDENT_FORMAT,		/* wrong length or alphabet */
	IDENT_CHECKSUM,		/* check character does not match */
	IDENT_DATE,		/* embedded date is not a real date / in range */
	IDENT_FILLER,		/* the USCC filler 00000000000000000X */
	IDENT__MAX
};

/* "invalid_format", "bad_check_character", "bad_date", "filler_code". */
const char *ident_code(enum ident_err);

/*
 * 统一社会信用代码, GB 32100-2015: 18 characters of 0-9A-HJ-NPQRTUWXY
 * (upper case only), characters 3-8 digits, weights 3^i mod 31,
 * check = alphabet[(31 - sum mod 31) mod 31].  The filler
 * "00000000000000000X" used by individual businesses without a code
 * answers IDENT_FILLER: the caller decides whether it is allowed there.
 */
enum ident_err uscc_check(const char *s, size_t len);

/*
 * 公民身份号码, GB 11643-1999: 17 digits and a check character 0-9 or X
 * (upper case), weights 2^(17-i) mod 11, check "10X98765432"[sum mod 11];
 * characters 7-14 a real date between 1900-01-01 and today_ymd
 * (yyyymmdd as an integer, e.g. 20261121).
 */
enum ident_err idcard_check(const char *s, size_t len, int32_t today_ymd);

/*
 * 组织机构代码, GB 11714-1997: 8 characters of [0-9A-Z] and a check
 * character (weights 3 7 9 10 5 8 4 2, c = 11 - sum mod 11, 10 -> X,
 * 11 -> 0).  A hyphen before the check character is accepted.
 */
enum ident_err orgcode_check(const char *s, size_t len);

/*
 * A Chinese patent application / patent number, in any of the forms
 * people write: optional "ZL" or "CN" prefix, optional "." before the
 * check character, spaces ignored.
 *   13-digit form (from 2003-10-01): YYYY + type + 7 digits + check,
 *     type 1 invention, 2 utility model, 3 design, 8 or 9 PCT entry;
 *     check = sum of digits x weights 2,3,4,5,6,7,8,9,2,3,4,5 mod 11,
 *     10 written X.
 *   9-digit form (before 2003-10-01): YY + type + 5 digits + check,
 *     weights 2..9, same rule.
 * The year must lie between 1985 and the current year.  On success, when
 * out is not NULL, the canonical form (no prefix, no dot, upper-case X,
 * e.g. "2016100123458") is written there, NUL-terminated (outsz >= 14).
 */
enum ident_err patentno_check(const char *s, size_t len, int current_year,
    char *out, size_t outsz);

#endif
