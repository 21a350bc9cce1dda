/*
 * validate.c -- syntax checks of contact data and dates.
 *
 * These run on untrusted request bodies before anything is stored, so
 * each is a single forward scan with explicit bounds, and each answers
 * only yes or no: the caller knows which field it asked about.  What is
 * accepted is deliberately narrower than the RFCs where the RFCs allow
 * forms nobody types into a complaint form (quoted local parts, IP
 * literals, user:password@ in URLs), because every accepted form has
 * to be shown safely to staff later.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "validate.h"

#define MOBILE_DIGITS	11
#define EMAIL_MAX	254
#define EMAIL_LOCAL_MAX	64
#define DOMAIN_MAX	253
#define LABEL_MAX	63
#define URL_MAX		2048

static bool
is_digit(unsigned char c)
{

	return c >= '0' && c <= '9';
}

static bool
is_alpha(unsigned char c)
{

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ---- UTF-8 ---------------------------------------------------------- */

/*
 * Decode one well-formed UTF-8 sequence at s (n bytes available):
 * store the code point in *cp and return its length, or 0 when the
 * bytes are not shortest-form UTF-8 of a scalar value.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t	 len, i;
	uint32_t c;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/*
 * Non-ASCII code points that may not appear in a host label or a URL:
 * C1 controls, the Unicode spaces, zero-width and direction marks
 * (they make two different addresses look alike), the ideographic and
 * full-width full stops (IDNA maps them to "." -- a label containing one
 * would be two labels), and the specials block.  Full IDNA2008 is out
 * of scope; this keeps what is stored unambiguous on screen.
 */
static bool
utf8_forbidden(uint32_t cp)
{
	static const uint32_t bad[][2] = {
		{ 0x0080, 0x00a0 },	/* C1 controls, no-break space */
		{ 0x00ad, 0x00ad },	/* soft hyphen */
		{ 0x1680, 0x1680 },	/* ogham space */
		{ 0x180e, 0x180e },	/* Mongolian vowel separator */
		{ 0x2000, 0x200f },	/* spaces, zero-width, LRM/RLM */
		{ 0x2028, 0x202f },	/* separators, embeddings */
		{ 0x205f, 0x206f },	/* math space, invisible ops */
		{ 0x3000, 0x3000 },	/* ideographic space */
		{ 0x3002, 0x3002 },	/* ideographic full stop */
		{ 0xfeff, 0xfeff },	/* BOM / zero-width no-break */
		{ 0xff0e, 0xff0e },	/* full-width full stop */
		{ 0xff61, 0xff61 },	/* half-width ideographic stop */
		{ 0xfff0, 0xffff },	/* specials */
	};
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (cp >= bad[i][0] && cp <= bad[i][1])
			return true;
	return false;
}

/* Length of an acceptable non-ASCII character at s, or 0. */
static size_t
utf8_char(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t	 l;

	if ((l = utf8_decode(s, n, &cp)) < 2 || utf8_forbidden(cp))
		return 0;
	return l;
}

/* ---- host names ----------------------------------------------------- */

/*
 * Check one label s[0..n): LDH characters or acceptable UTF-8, no
 * hyphen at either end, 1..63 bytes (bytes, not the punycode length: a
 * slightly looser bound that still stops absurd names).  *numeric is
 * set when the label is all digits.
 */
static bool
host_label(const unsigned char *s, size_t n, bool *numeric)
{
	size_t	 i = 0, l;

	*numeric = true;
	if (n == 0 || n > LABEL_MAX || s[0] == '-' || s[n - 1] == '-')
		return false;
	while (i < n) {
		if (is_digit(s[i])) {
			i++;
			continue;
		}
		*numeric = false;
		if (is_alpha(s[i]) || s[i] == '-')
			i++;
		else if ((l = utf8_char(s + i, n - i)) > 0)
			i += l;
		else
			return false;
	}
	return true;
}

/*
 * Check a domain name s[0..n) of dot-separated labels.  Store the
 * number of labels in *nlabels and whether the last one is all digits
 * in *numeric_tld (no top-level domain is numeric, so such a name is
 * an IP address or garbage).
 */
static bool
host_domain(const unsigned char *s, size_t n, size_t *nlabels,
    bool *numeric_tld)
{
	size_t	 start = 0, i;

	*nlabels = 0;
	if (n == 0 || n > DOMAIN_MAX)
		return false;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (!host_label(s + start, i - start, numeric_tld))
			return false;
		(*nlabels)++;
		start = i + 1;
	}
	return true;
}

/* Dotted-quad IPv4 s[0..n): four decimal parts 0-255 without leading
 * zeros (a leading zero means octal to some resolvers). */
static bool
host_ipv4(const unsigned char *s, size_t n)
{
	size_t	 i = 0, parts = 0, digits;
	unsigned v;

	while (parts < 4) {
		v = 0;
		digits = 0;
		while (i < n && is_digit(s[i]) && digits < 4) {
			v = v * 10 + (s[i++] - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255 ||
		    (digits > 1 && s[i - digits] == '0'))
			return false;
		if (++parts < 4 && (i >= n || s[i++] != '.'))
			return false;
	}
	return i == n;
}

/* ---- mobile --------------------------------------------------------- */

static bool
is_mobile_sep(unsigned char c)
{

	return c == ' ' || c == '-';
}

/*
 * Collect the digits of s[0..n) into d (at most dmax), allowing one
 * separator between two digits, or after the "+86" prefix (plus set).
 */
static bool
mobile_digits(const unsigned char *s, size_t n, bool plus, char *d,
    size_t dmax, size_t *nd)
{
	size_t	 i;
	bool	 sep_ok = plus;	/* "+86 138..." */

	*nd = 0;
	for (i = 0; i < n; i++) {
		if (is_mobile_sep(s[i])) {
			if (!sep_ok || i + 1 == n)
				return false;
			sep_ok = false;
			continue;
		}
		if (!is_digit(s[i]) || *nd == dmax)
			return false;
		d[(*nd)++] = (char)s[i];
		sep_ok = true;
	}
	return true;
}

bool
valid_mobile(const char *s, size_t len, char *out, size_t outsz)
{
	const unsigned char *u = (const unsigned char *)s;
	char	 d[MOBILE_DIGITS + 2];
	size_t	 nd, i;
	bool	 plus = false;

	if (s == NULL)
		return false;
	if (len >= 3 && u[0] == '+') {
		if (u[1] != '8' || u[2] != '6')
			return false;
		plus = true;
		u += 3;
		len -= 3;
	}
	if (!mobile_digits(u, len, plus, d, sizeof(d), &nd))
		return false;
	/* "86" without "+": 13 digits, and no mobile number starts 86. */
	if (!plus && nd == MOBILE_DIGITS + 2 && d[0] == '8' && d[1] == '6') {
		for (i = 0; i < MOBILE_DIGITS; i++)
			d[i] = d[i + 2];
		nd = MOBILE_DIGITS;
	}
	if (nd != MOBILE_DIGITS || d[0] != '1' || d[1] < '3')
		return false;
	if (out != NULL && outsz > MOBILE_DIGITS) {
		for (i = 0; i < MOBILE_DIGITS; i++)
			out[i] = d[i];
		out[MOBILE_DIGITS] = '\0';
	} else if (out != NULL && outsz > 0)
		out[0] = '\0';
	return true;
}

/* ---- e-mail --------------------------------------------------------- */

/* RFC 5322 atext: the characters of a dot-atom besides the dots. */
static bool
is_atext(unsigned char c)
{
	static const char specials[] = "!#$%&'*+-/=?^_`{|}~";
	size_t	 i;

	if (is_alpha(c) || is_digit(c))
		return true;
	for (i = 0; i < sizeof(specials) - 1; i++)
		if (c == (unsigned char)specials[i])
			return true;
	return false;
}

/* Dot-atom local part: atext runs separated by single dots. */
static bool
email_local(const unsigned char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > EMAIL_LOCAL_MAX || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '.' && s[i + 1] == '.')
			return false;
		if (s[i] != '.' && !is_atext(s[i]))
			return false;
	}
	return true;
}

bool
valid_email(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t	 at, nlabels;
	bool	 numeric;

	if (s == NULL || len == 0 || len > EMAIL_MAX)
		return false;
	/* The local part cannot hold "@" (no quoting): the first is it. */
	for (at = 0; at < len && u[at] != '@'; at++)
		continue;
	if (at == len || !email_local(u, at))
		return false;
	if (!host_domain(u + at + 1, len - at - 1, &nlabels, &numeric))
		return false;
	return nlabels >= 2 && !numeric;
}

/* ---- URL ------------------------------------------------------------ */

/* Case-insensitive match of the ASCII prefix pre at s[0..n). */
static bool
has_prefix_ci(const unsigned char *s, size_t n, const char *pre)
{
	size_t	 i;
	unsigned char c;

	for (i = 0; pre[i] != '\0'; i++) {
		if (i >= n)
			return false;
		c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)pre[i])
			return false;
	}
	return true;
}

/* Port digits s[0..n): 1-65535, no leading zero. */
static bool
url_port(const unsigned char *s, size_t n)
{
	unsigned long v = 0;
	size_t	 i;

	if (n == 0 || n > 5 || s[0] == '0')
		return false;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	return v <= 65535;
}

static bool
url_host(const unsigned char *s, size_t n)
{
	size_t	 nlabels;
	bool	 numeric;

	if (!host_domain(s, n, &nlabels, &numeric))
		return false;
	return !numeric || host_ipv4(s, n);
}

/*
 * The rest after the authority.  Beside spaces, controls and quotes,
 * "<", ">", "\" and "`" are refused: none is valid in a URL (RFC 3986)
 * and all of them help break out of an HTML attribute.  Non-ASCII text
 * is allowed as browsers show it, if it is well-formed UTF-8.
 */
static bool
url_rest(const unsigned char *s, size_t n)
{
	size_t	 i = 0, l;
	unsigned char c;

	if (n > 0 && s[0] != '/' && s[0] != '?' && s[0] != '#')
		return false;
	while (i < n) {
		c = s[i];
		if (c >= 0x80) {
			if ((l = utf8_char(s + i, n - i)) == 0)
				return false;
			i += l;
			continue;
		}
		if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' ||
		    c == '`' || c == '<' || c == '>' || c == '\\')
			return false;
		i++;
	}
	return true;
}

bool
valid_url(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t	 i, hend, aend;

	if (s == NULL || len > URL_MAX)
		return false;
	if (has_prefix_ci(u, len, "https://"))
		i = 8;
	else if (has_prefix_ci(u, len, "http://"))
		i = 7;
	else
		return false;
	/* The authority ends at the first "/", "?" or "#". */
	for (aend = i; aend < len && u[aend] != '/' && u[aend] != '?' &&
	    u[aend] != '#'; aend++)
		continue;
	for (hend = i; hend < aend && u[hend] != ':'; hend++)
		continue;
	if (!url_host(u + i, hend - i))
		return false;
	if (hend < aend && !url_port(u + hend + 1, aend - hend - 1))
		return false;
	return url_rest(u + aend, len - aend);
}

/* ---- dates and districts -------------------------------------------- */

static bool
is_leap(int y)
{

	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Value of n ASCII digits at s, or -1 if one is not a digit. */
static int
digits_value(const unsigned char *s, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
parse_date(const char *s, size_t len, int32_t *ymd)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const unsigned char *u = (const unsigned char *)s;
	int	 y, m, d;

	if (s == NULL || len != 10 || u[4] != '-' || u[7] != '-')
		return false;
	y = digits_value(u, 4);
	m = digits_value(u + 5, 2);
	d = digits_value(u + 8, 2);
	if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1)
		return false;
	if (d > mdays[m - 1] + (m == 2 && is_leap(y)))
		return false;
	if (ymd != NULL)
		*ymd = (int32_t)y * 10000 + m * 100 + d;
	return true;
}

bool
valid_district_syntax(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	return s != NULL && len == 6 && u[0] != '0' &&
	    digits_value(u, 6) >= 0;
}
