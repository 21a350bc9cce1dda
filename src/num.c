/*
 * num.c -- bounded number parsing.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "num.h"

int
num_i64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
	size_t	 i = 0;
	int	 neg = 0;
	uint64_t v = 0, limit;

	if (s == NULL || len == 0)
		return -1;
	if (s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len || (s[i] == '0' && len - i > 1))
		return -1;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (limit - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (neg && v == 0)
		return -1;	/* "-0" */
	{
		int64_t r = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN :
		    -(int64_t)v) : (int64_t)v;
		if (r < min || r > max)
			return -1;
		*out = r;
	}
	return 0;
}

int
num_i64z(const char *s, int64_t min, int64_t max, int64_t *out)
{
	return s == NULL ? -1 : num_i64(s, strlen(s), min, max, out);
}

int
num_scaled(const char *s, size_t len, int decimals, int64_t max,
    int64_t *out)
{
	const char	*dot;
	size_t		 ilen, flen, i;
	int64_t		 whole, frac = 0, unit = 1;
	int		 k;

	if (s == NULL || len == 0 || decimals < 0 || decimals > 9)
		return -1;
	for (k = 0; k < decimals; k++)
		unit *= 10;
	dot = memchr(s, '.', len);
	ilen = dot ? (size_t)(dot - s) : len;
	flen = dot ? len - ilen - 1 : 0;
	if (ilen == 0 || ilen > 18 || (dot && (flen == 0 ||
	    flen > (size_t)decimals)))
		return -1;
	if (num_i64(s, ilen, 0, INT64_MAX / unit, &whole) == -1)
		return -1;
	for (i = 0; i < flen; i++) {
		if (dot[1 + i] < '0' || dot[1 + i] > '9')
			return -1;
		frac = frac * 10 + (dot[1 + i] - '0');
	}
	for (k = (int)flen; k < decimals; k++)
		frac *= 10;
	/* frac > max first: (max - frac) / unit truncates to 0. */
	if (frac > max || whole > (max - frac) / unit)
		return -1;
	*out = whole * unit + frac;
	return 0;
}

int
num_money_fen(const char *s, size_t len, int64_t max_fen, int64_t *fen)
{
	const char *dot = s != NULL ? memchr(s, '.', len) : NULL;

	/* At most 15 digits of yuan, whatever max_fen allows. */
	if ((dot != NULL ? (size_t)(dot - s) : len) > 15)
		return -1;
	return num_scaled(s, len, 2, max_fen, fen);
}

int
num_money_fen_z(const char *s, int64_t max_fen, int64_t *fen)
{
	return s == NULL ? -1 : num_money_fen(s, strlen(s), max_fen, fen);
}

char *
num_fen_format(int64_t fen, char *out, size_t outsz)
{
	/* The magnitude in unsigned arithmetic: -INT64_MIN overflows. */
	uint64_t m = fen < 0 ? 0 - (uint64_t)fen : (uint64_t)fen;

	snprintf(out, outsz, "%s%" PRIu64 ".%02d", fen < 0 ? "-" : "",
	    m / 100, (int)(m % 100));
	return out;
}

char *
num_scaled_format(int64_t v, int decimals, char *out, size_t outsz)
{
	uint64_t	 m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v, unit = 1;
	char		 frac[24];
	int		 k, n;

	if (decimals < 0 || decimals > 9)
		decimals = 0;
	for (k = 0; k < decimals; k++)
		unit *= 10;
	n = decimals;
	snprintf(frac, sizeof(frac), "%0*" PRIu64, decimals, m % unit);
	while (n > 0 && frac[n - 1] == '0')
		frac[--n] = '\0';
	snprintf(out, outsz, "%s%" PRIu64 "%s%s", v < 0 ? "-" : "", m / unit,
	    n > 0 ? "." : "", n > 0 ? frac : "");
	return out;
}
