/*
 * calfile.c -- parser of the calendar file (format in calfile.h).
 *
 * Every field is scanned by hand within the given length: no sscanf, no
 * strtol, no reliance on a terminating NUL.  Numbers are fixed-width digit
 * runs, so they cannot overflow.  Error messages are built only from
 * parsed values, never from the raw line, so they are safe to print.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "calfile.h"
#include "workdays.h"

static const char *const weekday_names[8] = {
	"", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday", "Sunday"
};

/* A cursor over the line: [p, end). */
struct span {
	const char *p;
	const char *end;
};

static int __attribute__((format(printf, 4, 5)))
fail(const struct calfile *cf, char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (err == NULL || errsz == 0)
		return -1;
	n = snprintf(err, errsz, "line %lu: ", cf->lineno);
	if (n < 0 || (size_t)n >= errsz)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errsz - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void
skip_blanks(struct span *s)
{
	while (s->p < s->end && is_blank(*s->p))
		s->p++;
}

/* The next run of non-blank bytes; s is left after it. */
static struct span
next_token(struct span *s)
{
	struct span t;

	skip_blanks(s);
	t.p = s->p;
	while (s->p < s->end && !is_blank(*s->p))
		s->p++;
	t.end = s->p;
	return t;
}

static bool
token_is(struct span t, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(t.end - t.p) == n && memcmp(t.p, word, n) == 0;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Exactly n digits at p; the value in *v. */
static bool
digits(const char *p, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return false;
		*v = *v * 10 + (p[i] - '0');
	}
	return true;
}

static int
days_in_month(int y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : mdays[m - 1];
}

/* Whether the token has the shape of a date: DDDD-DD-DD. */
static bool
looks_like_date(struct span t)
{
	return t.end - t.p == 10 && t.p[4] == '-' && t.p[7] == '-';
}

/* A real date YYYY-MM-DD in the parser's year range. */
static bool
parse_ymd(struct span t, int *y, int *m, int *d)
{
	if (!looks_like_date(t) || !digits(t.p, 4, y) ||
	    !digits(t.p + 5, 2, m) || !digits(t.p + 8, 2, d))
		return false;
	return *y >= CALFILE_YEAR_MIN && *y <= CALFILE_YEAR_MAX &&
	    *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

/*
 * Length of the UTF-8 sequence at p (at most n bytes available) and its
 * code point in *cp, or 0 if it is not a valid shortest-form sequence of a
 * scalar value (no surrogates, nothing above U+10FFFF).
 */
static size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	} else if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2, c = p[0] & 0x1f, min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3, c = p[0] & 0x0f, min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4, c = p[0] & 0x07, min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/*
 * Checks a free-text field and copies it NUL-terminated into out (which
 * holds max + 1 bytes).  Returns NULL, or what is wrong with it.
 */
static const char *
take_text(struct span t, char *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)t.p;
	size_t n = (size_t)(t.end - t.p), i = 0, k;
	uint32_t cp;

	if (n == 0)
		return "is missing";
	if (n > max)
		return "is too long";
	while (i < n) {
		if ((k = utf8_decode(p + i, n - i, &cp)) == 0)
			return "is not valid UTF-8";
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
			return "contains a control character";
		i += k;
	}
	memcpy(out, t.p, n);
	out[n] = '\0';
	return NULL;
}

static bool
bit_get(const unsigned char *set, unsigned i)
{
	return (set[i / 8] >> (i % 8)) & 1;
}

static void
bit_set(unsigned char *set, unsigned i)
{
	set[i / 8] = (unsigned char)(set[i / 8] | (1u << (i % 8)));
}

/* `year YYYY STATUS SOURCE`, the keyword already consumed. */
static int
parse_year(struct calfile *cf, struct span *s, struct calfile_item *out,
    char *err, size_t errsz)
{
	struct span t;
	const char *why;
	int y;

	cf->year = -1;	/* until this header proves valid */
	t = next_token(s);
	if (t.end - t.p != 4 || !digits(t.p, 4, &y) ||
	    y < CALFILE_YEAR_MIN || y > CALFILE_YEAR_MAX)
		return fail(cf, err, errsz, "year must be %d to %d",
		    CALFILE_YEAR_MIN, CALFILE_YEAR_MAX);
	t = next_token(s);
	if (token_is(t, "official"))
		out->official = true;
	else if (token_is(t, "provisional"))
		out->official = false;
	else
		return fail(cf, err, errsz,
		    "year status must be 'official' or 'provisional'");
	skip_blanks(s);
	if ((why = take_text(*s, out->source, CALFILE_SOURCE_MAX)) != NULL)
		return fail(cf, err, errsz, "source (at most %d bytes) %s",
		    CALFILE_SOURCE_MAX, why);
	if (bit_get(cf->years, (unsigned)(y - CALFILE_YEAR_MIN)))
		return fail(cf, err, errsz, "year %d declared twice", y);
	bit_set(cf->years, (unsigned)(y - CALFILE_YEAR_MIN));
	cf->year = y;
	cf->official = out->official;
	memset(cf->days, 0, sizeof(cf->days));
	out->kind = CALFILE_YEAR;
	out->year = y;
	cf->nitems++;
	return CALFILE_YEAR;
}

/* `YYYY-MM-DD KIND NAME`, the date token in t. */
static int
parse_day(struct calfile *cf, struct span t, struct span *s,
    struct calfile_item *out, char *err, size_t errsz)
{
	char date[11];
	const char *why;
	int y, m, d, wd;
	unsigned doy;

	if (!parse_ymd(t, &y, &m, &d))
		return fail(cf, err, errsz,
		    "not a real date YYYY-MM-DD in %d to %d",
		    CALFILE_YEAR_MIN, CALFILE_YEAR_MAX);
	out->day = day_from_ymd(y, m, d);
	day_format(out->day, date, sizeof(date));
	if (cf->year <= 0)
		return fail(cf, err, errsz, "%s comes before any valid "
		    "'year' line", date);
	if (y != cf->year)
		return fail(cf, err, errsz, "%s is not in year %d", date,
		    cf->year);
	t = next_token(s);
	if (token_is(t, "holiday"))
		out->daykind = CAL_HOLIDAY;
	else if (token_is(t, "makeup"))
		out->daykind = CAL_MAKEUP;
	else
		return fail(cf, err, errsz,
		    "%s: kind must be 'holiday' or 'makeup'", date);
	wd = weekday_of_day(out->day);
	if (out->daykind == CAL_HOLIDAY && wd > 5)
		return fail(cf, err, errsz, "%s is a %s: a holiday must be "
		    "a Monday to Friday", date, weekday_names[wd]);
	if (out->daykind == CAL_MAKEUP && wd <= 5)
		return fail(cf, err, errsz, "%s is a %s: a makeup day must "
		    "be a Saturday or Sunday", date, weekday_names[wd]);
	if (out->daykind == CAL_MAKEUP && !cf->official)
		return fail(cf, err, errsz, "%s: no makeup days in a "
		    "provisional year", date);
	skip_blanks(s);
	if ((why = take_text(*s, out->name, CALFILE_NAME_MAX)) != NULL)
		return fail(cf, err, errsz, "%s: name (at most %d bytes) %s",
		    date, CALFILE_NAME_MAX, why);
	doy = (unsigned)(out->day - day_from_ymd(y, 1, 1));
	if (bit_get(cf->days, doy))
		return fail(cf, err, errsz, "%s listed twice", date);
	bit_set(cf->days, doy);
	out->kind = CALFILE_DAY;
	out->year = y;
	cf->nitems++;
	return CALFILE_DAY;
}

void
calfile_init(struct calfile *cf)
{
	memset(cf, 0, sizeof(*cf));
}

int
calfile_parse_line(struct calfile *cf, const char *line, size_t len,
    struct calfile_item *out, char *err, size_t errsz)
{
	struct span s, t;

	cf->lineno++;
	memset(out, 0, sizeof(*out));
	if (err != NULL && errsz > 0)
		err[0] = '\0';
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len > CALFILE_LINE_MAX)
		return fail(cf, err, errsz, "longer than %d bytes",
		    CALFILE_LINE_MAX);
	if (len == 0)
		return CALFILE_NONE;
	if (cf->lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;	/* byte order mark written by some editors */
		len -= 3;
	}
	if (memchr(line, '\0', len) != NULL || memchr(line, '\r', len) != NULL ||
	    memchr(line, '\n', len) != NULL)
		return fail(cf, err, errsz, "stray NUL, CR or LF byte");
	s.p = line;
	s.end = line + len;
	while (s.end > s.p && is_blank(s.end[-1]))
		s.end--;
	skip_blanks(&s);
	if (s.p == s.end || *s.p == '#')
		return CALFILE_NONE;
	t = next_token(&s);
	if (token_is(t, "year"))
		return parse_year(cf, &s, out, err, errsz);
	if (looks_like_date(t))
		return parse_day(cf, t, &s, out, err, errsz);
	return fail(cf, err, errsz,
	    "expected a 'year' line, a date YYYY-MM-DD or a # comment");
}

int
calfile_finish(const struct calfile *cf, char *err, size_t errsz)
{
	size_t i;

	for (i = 0; i < sizeof(cf->years); i++)
		if (cf->years[i] != 0)
			return 0;
	if (err != NULL && errsz > 0)
		snprintf(err, errsz, "end of file after %lu lines: no 'year' "
		    "line", cf->lineno);
	return -1;
}
