/*
 * utf8.c -- UTF-8 checks.
 */
#include "config.h"

#include <stdint.h>

#include "utf8.h"

/* Decodes one code point at s[0..len); returns its length or 0 when the
 * sequence is malformed. */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t	 n, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2; c = s[0] & 0x1f; min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3; c = s[0] & 0x0f; min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4; c = s[0] & 0x07; min = 0x10000;
	} else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

bool
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint32_t		 cp;

	while (i < len) {
		if ((n = utf8_decode(p + i, len - i, &cp)) == 0)
			return false;
		i += n;
	}
	return true;
}

size_t
utf8_count(const char *s, size_t len)
{
	size_t i, count = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

static bool
forbidden_cp(uint32_t c, bool multiline)
{
	if (c < 0x20)
		return !(multiline && (c == '\t' || c == '\n' || c == '\r'));
	if (c >= 0x7f && c <= 0x9f)
		return true;
	if (c == 0xfeff || c == 0xfffe || c == 0xffff)
		return true;
	if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
		return true;
	return false;
}

bool
utf8_has_forbidden(const char *s, size_t len, bool multiline)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint32_t		 cp;

	while (i < len) {
		if ((n = utf8_decode(p + i, len - i, &cp)) == 0)
			return true;
		if (forbidden_cp(cp, multiline))
			return true;
		i += n;
	}
	return false;
}

/* Length of a white-space character at s (0 if none). */
static size_t
space_at(const unsigned char *s, size_t len)
{
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')
		return 1;
	if (len >= 3 && s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* Length of a white-space character ending at s[len-1] (0 if none). */
static size_t
space_before(const unsigned char *s, size_t len)
{
	unsigned char c = s[len - 1];

	if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		return 1;
	if (len >= 3 && s[len - 3] == 0xe3 && s[len - 2] == 0x80 && c == 0x80)
		return 3;
	return 0;
}

size_t
utf8_trim(const char *s, size_t len, size_t *start)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 a = 0, b = len, n;

	while (a < b && (n = space_at(p + a, b - a)) > 0)
		a += n;
	while (b > a && (n = space_before(p + a, b - a)) > 0)
		b -= n;
	*start = a;
	return b - a;
}
