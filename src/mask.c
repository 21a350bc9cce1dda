/*
 * mask.c -- masking of personal data (PIPL) in answers.
 *
 * Everything here works in characters, not bytes: a name is UTF-8, and
 * an ID or phone field may hold whatever a caller typed.  Two promises
 * beyond those in mask.h follow from that, because the result goes
 * into JSON: the output is always well-formed UTF-8 (an invalid byte
 * that would be kept is written as U+FFFD), and truncation at outsz
 * never splits a character.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mask.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

/* A bounded writer into the caller's buffer, always NUL-terminated. */
struct mout {
	char	*p;
	size_t	 sz;
	size_t	 len;
	bool	 full;	/* once something did not fit, write nothing more */
};

static void
mout_put(struct mout *o, const char *b, size_t n)
{

	if (o->full)
		return;
	if (n >= o->sz - o->len) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->len, b, n);
	o->len += n;
	o->p[o->len] = '\0';
}

/*
 * Decode one well-formed UTF-8 sequence at s (n bytes available):
 * store the code point in *cp and return its length, or 0 when the
 * bytes are not shortest-form UTF-8 of a scalar value.  (The same
 * decoder as in validate.c; both are pure and stand alone.)
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
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/*
 * Length of the character at s (n > 0 bytes left): that of a
 * well-formed UTF-8 sequence, else 1 with *valid false, so that every
 * byte string splits into characters.
 */
static size_t
mchar(const unsigned char *s, size_t n, bool *valid)
{
	uint32_t cp;
	size_t	 len;

	len = utf8_decode(s, n, &cp);
	*valid = len > 0;
	return len > 0 ? len : 1;
}

/* Number of characters in s[0..n). */
static size_t
mcount(const unsigned char *s, size_t n)
{
	size_t	 i = 0, count = 0;
	bool	 valid;

	while (i < n) {
		i += mchar(s + i, n - i, &valid);
		count++;
	}
	return count;
}

/* Copy one character, replacing an invalid byte. */
static void
mout_char(struct mout *o, const unsigned char *s, size_t l, bool valid)
{

	if (valid)
		mout_put(o, (const char *)s, l);
	else
		mout_put(o, REPLACEMENT, sizeof(REPLACEMENT) - 1);
}

/*
 * Write s[0..n) keeping its first head and last tail characters and
 * one "*" for each other one.  head + tail beyond the length keeps
 * everything, so callers decide the short cases themselves.
 */
static void
mask_span(struct mout *o, const unsigned char *s, size_t n, size_t head,
    size_t tail)
{
	size_t	 i = 0, k = 0, l, count = mcount(s, n);
	bool	 valid;

	while (i < n) {
		l = mchar(s + i, n - i, &valid);
		if (k < head || k + tail >= count)
			mout_char(o, s + i, l, valid);
		else
			mout_put(o, "*", 1);
		i += l;
		k++;
	}
}

/* Set up the writer; false when nothing at all can be written. */
static bool
mout_init(struct mout *o, char *out, size_t outsz)
{

	if (out == NULL || outsz == 0)
		return false;
	o->p = out;
	o->sz = outsz;
	o->len = 0;
	o->full = false;
	out[0] = '\0';
	return true;
}

char *
mask_idnumber(const char *in, char *out, size_t outsz)
{
	struct mout o;
	size_t	 n;

	if (!mout_init(&o, out, outsz) || in == NULL)
		return out;
	n = strlen(in);
	if (mcount((const unsigned char *)in, n) <= 8)
		mask_span(&o, (const unsigned char *)in, n, 0, 0);
	else
		mask_span(&o, (const unsigned char *)in, n, 4, 4);
	return out;
}

static bool
all_digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * Values of four characters or fewer are masked whole: keeping "the
 * last 4" of them would show everything.
 */
char *
mask_phone(const char *in, char *out, size_t outsz)
{
	struct mout o;
	size_t	 n, count;
	const unsigned char *u = (const unsigned char *)in;

	if (!mout_init(&o, out, outsz) || in == NULL)
		return out;
	n = strlen(in);
	count = mcount(u, n);
	if (n == 11 && all_digits(in, n))
		mask_span(&o, u, n, 3, 4);
	else if (count <= 4)
		mask_span(&o, u, n, 0, 0);
	else
		mask_span(&o, u, n, 0, 4);
	return out;
}

char *
mask_name(const char *in, char *out, size_t outsz)
{
	struct mout o;

	if (!mout_init(&o, out, outsz) || in == NULL)
		return out;
	mask_span(&o, (const unsigned char *)in, strlen(in), 1, 0);
	return out;
}

/*
 * The domain is the part after the last "@" (a quoted local part may
 * hold one); a value without "@" is not an address and is shown as its
 * first character and "***" only.
 */
char *
mask_email(const char *in, char *out, size_t outsz)
{
	struct mout o;
	const unsigned char *u = (const unsigned char *)in;
	const char *at;
	size_t	 n, l;
	bool	 valid;

	if (!mout_init(&o, out, outsz) || in == NULL || in[0] == '\0')
		return out;
	n = strlen(in);
	at = strrchr(in, '@');
	/* With no local part there is no first character to show. */
	if (at != in) {
		l = mchar(u, n, &valid);
		mout_char(&o, u, l, valid);
	}
	mout_put(&o, "***", 3);
	if (at != NULL) {
		l = (size_t)(at - in);
		mask_span(&o, u + l, n - l, SIZE_MAX, 0);
	}
	return out;
}
