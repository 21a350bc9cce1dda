/*
 * test-buf.c -- unit tests of the small building blocks: bounded
 * buffers (buf.h), request pools (pool.h), bounded numbers (num.h),
 * UTF-8 checks (utf8.h), CST time (timeutil.h) and the crypto wrappers
 * (crypto.h), the last against published test vectors (FIPS 180-2,
 * RFC 4231).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "crypto.h"
#include "num.h"
#include "pool.h"
#include "timeutil.h"
#include "utf8.h"
#include "tap.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- buf ----------------------------------------------------------- */

static void
test_buf_limit(void)
{
	struct buf	 b;
	char		 ten[10];

	memset(ten, 'x', sizeof(ten));
	buf_init(&b, 10);
	ok(b.p == NULL && b.len == 0, "buf_init: empty, nothing allocated");
	is_str(buf_str(&b), "", "buf_str of a fresh buffer is \"\"");
	is_int(buf_add(&b, ten, 10), 0, "buf_add up to the limit");
	is_int(b.len, 10, "len is the limit");
	is_int(buf_add(&b, "y", 1), -1, "one byte past the limit refused");
	ok(b.len == 10 && memcmp(b.p, ten, 10) == 0 && b.p[10] == '\0',
	    "refused append leaves the buffer unchanged");
	is_int(buf_add(&b, "", 0), 0, "empty append at the limit");
	is_int(buf_printf(&b, "%s", "z"), -1, "buf_printf past the limit");
	is_int(buf_adds(&b, "z"), -1, "buf_adds past the limit");
	is_int(b.len, 10, "len unchanged after the refusals");
	ok(b.cap <= 11, "capacity never above max + 1 (%zu)", b.cap);
	buf_free(&b);
	ok(b.p == NULL && b.len == 0 && b.cap == 0, "buf_free clears");

	buf_init(&b, 0);
	is_int(buf_add(&b, "a", 1), -1, "max 0 takes no byte");
	is_int(buf_add(&b, "", 0), 0, "max 0 takes an empty append");
	is_str(buf_str(&b), "", "and is the empty string");
	buf_free(&b);

	buf_init(&b, SIZE_MAX);
	ok(buf_adds(&b, "no limit") == 0 &&
	    strcmp(buf_str(&b), "no limit") == 0 && b.cap >= 9,
	    "max SIZE_MAX (no limit) still allocates room");
	buf_free(&b);

	buf_init(&b, 100);
	is_int(buf_add(&b, "a", SIZE_MAX), -1, "a length of SIZE_MAX refused");
	buf_free(&b);

	buf_init(&b, 5);
	buf_free(&b);
	ok(b.p == NULL, "buf_free of a never-appended buffer");
}

static void
test_buf_grow(void)
{
	struct buf	 b;
	char		 want[3001];
	size_t		 i;
	int		 good = 1;

	buf_init(&b, 4096);
	for (i = 0; i < 1000; i++)
		if (buf_printf(&b, "%03zu", i) != 0)
			good = 0;
	for (i = 0; i < 1000; i++)
		snprintf(want + 3 * i, sizeof(want) - 3 * i, "%03zu", i);
	ok(good && b.len == 3000 && memcmp(b.p, want, 3000) == 0 &&
	    b.p[3000] == '\0', "1000 buf_printf calls grow to 3000 bytes");
	ok(b.cap > b.len && b.cap <= 4097, "capacity %zu in (len, max + 1]",
	    b.cap);
	is_int(buf_printf(&b, "%1096s", ""), 0,
	    "buf_printf of exactly the remaining room");
	is_int(b.len, 4096, "now full");
	is_int(buf_printf(&b, "%s", ""), 0, "empty buf_printf when full");

	buf_reset(&b);
	{
		char *p = b.p;
		size_t cap = b.cap;

		ok(b.len == 0 && strcmp(buf_str(&b), "") == 0,
		    "buf_reset empties");
		buf_adds(&b, "again");
		ok(b.p == p && b.cap == cap && strcmp(b.p, "again") == 0,
		    "buf_reset keeps the memory for reuse");
	}
	buf_free(&b);

	buf_init(&b, 64);
	buf_add(&b, "a\0b", 3);
	ok(b.len == 3 && memcmp(b.p, "a\0b", 4) == 0,
	    "binary data with a NUL keeps its length");
	buf_printf(&b, "%d-%s", 42, "x");
	ok(b.len == 7 && memcmp(b.p, "a\0b42-x", 8) == 0,
	    "buf_printf appends after binary data");
	buf_free(&b);
	buf_init(&b, 64);
	is_int(buf_printf(&b, "%s", ""), 0, "buf_printf of nothing on a "
	    "fresh buffer");
	is_str(buf_str(&b), "", "is the empty string");
	buf_free(&b);
}

/* ---- pool ---------------------------------------------------------- */

static void
test_pool(void)
{
	struct pool	*p;
	unsigned char	*a, *c;
	char		*s;
	size_t		 i;
	int		 aligned = 1, zero = 1;

	if ((p = pool_new(64)) == NULL) {
		ok(0, "pool_new");
		return;
	}
	ok(pool_alloc(p, 48) != NULL, "48 of 64 bytes");
	ok(pool_alloc(p, 16) != NULL, "16 more: exactly the limit");
	ok(pool_alloc(p, 1) == NULL, "one byte past the limit refused");
	ok(pool_strdup(p, "") == NULL, "even an empty copy is refused");
	pool_reset(p);
	ok(pool_alloc(p, 64) != NULL, "after pool_reset the limit is free");
	pool_reset(p);
	ok(pool_alloc(p, 65) == NULL, "one request over the limit refused");
	ok(pool_alloc(p, SIZE_MAX) == NULL, "SIZE_MAX refused (no wrap)");
	ok(pool_alloc(p, SIZE_MAX - 8) == NULL, "SIZE_MAX - 8 refused");
	ok(pool_strndup(p, "x", SIZE_MAX) == NULL, "strndup of SIZE_MAX");
	pool_free(p);
	pool_free(NULL);
	ok(1, "pool_free(NULL)");

	if ((p = pool_new(4 * 1024 * 1024)) == NULL) {
		ok(0, "pool_new");
		return;
	}
	for (i = 1; i < 200; i++) {
		a = pool_alloc(p, i);
		if (a == NULL || ((uintptr_t)a % _Alignof(max_align_t)) != 0)
			aligned = 0;
		if (a != NULL) {
			size_t j;

			for (j = 0; j < i; j++)
				if (a[j] != 0)
					zero = 0;
			memset(a, 0xff, i);
		}
	}
	ok(aligned, "allocations of 1..199 bytes aligned to max_align_t");
	ok(zero, "allocations are zero-filled");

	/* Larger than a block: its own block, and small ones still work. */
	a = pool_alloc(p, 200000);
	ok(a != NULL, "an allocation larger than a block");
	if (a != NULL) {
		memset(a, 1, 200000);
		ok(a[0] == 1 && a[199999] == 1, "all of it writable");
	}
	c = pool_alloc(p, 10);
	ok(c != NULL && c != a, "small allocation after a large one");

	s = pool_strndup(p, "abcdef", 3);
	is_str(s, "abc", "pool_strndup copies n bytes and terminates");
	s = pool_strndup(p, "a\0c", 3);
	ok(s != NULL && memcmp(s, "a\0c", 4) == 0,
	    "pool_strndup copies across a NUL");
	s = pool_strndup(p, NULL, 0);
	is_str(s, "", "pool_strndup of 0 bytes is \"\"");
	is_str(pool_strdup(p, "copy"), "copy", "pool_strdup");
	ok(pool_strdup(p, NULL) == NULL, "pool_strdup(NULL) is NULL");
	is_str(pool_printf(p, "%s-%d", "n", 7), "n-7", "pool_printf");

	/* Reuse: many rounds of a request's worth of memory. */
	for (i = 0; i < 100; i++) {
		size_t j;

		for (j = 0; j < 40; j++)
			if (pool_alloc(p, 5000) == NULL)
				break;
		if (j < 40)
			break;
		pool_reset(p);
	}
	is_int(i, 100, "100 rounds of 200 KB with pool_reset in between");
	a = pool_alloc(p, 32);
	ok(a != NULL && a[0] == 0 && a[31] == 0,
	    "memory after reset is zero-filled again");
	pool_free(p);
}

/* ---- num ----------------------------------------------------------- */

static void
test_num_i64(void)
{
	static const struct {
		const char	*s;
		int64_t		 v;
	} good[] = {
		{ "0", 0 }, { "7", 7 }, { "-7", -7 }, { "10", 10 },
		{ "1234567890", 1234567890 },
		{ "9223372036854775807", INT64_MAX },
		{ "-9223372036854775808", INT64_MIN },
		{ "-9223372036854775807", -INT64_MAX },
	};
	static const char *const bad[] = {
		"", "-", "00", "01", "-0", "-00", "-01", "+1", "+0", " 1",
		"1 ", "1a", "a1", "0x1", "1.0", "1e3", "--1", "1-",
		"9223372036854775808", "-9223372036854775809",
		"99999999999999999999", "18446744073709551616",
		"100000000000000000000000000000",
	};
	int64_t	 v;
	size_t	 i;

	for (i = 0; i < NELEM(good); i++) {
		v = 99;
		if (!ok(num_i64z(good[i].s, INT64_MIN, INT64_MAX, &v) == 0 &&
		    v == good[i].v, "num_i64 \"%s\"", good[i].s))
			printf("#   got %lld\n", (long long)v);
	}
	for (i = 0; i < NELEM(bad); i++) {
		v = 99;
		ok(num_i64z(bad[i], INT64_MIN, INT64_MAX, &v) == -1 && v == 99,
		    "num_i64 refuses \"%s\", *out untouched", bad[i]);
	}
	ok(num_i64z("1", 1, 10, &v) == 0 && v == 1, "bound: min itself");
	ok(num_i64z("10", 1, 10, &v) == 0 && v == 10, "bound: max itself");
	ok(num_i64z("0", 1, 10, &v) == -1, "bound: below min");
	ok(num_i64z("11", 1, 10, &v) == -1, "bound: above max");
	ok(num_i64z("-5", -5, -1, &v) == 0 && v == -5, "negative range");
	ok(num_i64z("-9223372036854775808", INT64_MIN + 1, 0, &v) == -1,
	    "INT64_MIN outside [INT64_MIN + 1, 0]");
	ok(num_i64("123abc", 3, 0, 1000, &v) == 0 && v == 123,
	    "num_i64 reads exactly len bytes");
	ok(num_i64("12\0" "3", 4, 0, 10000, &v) == -1,
	    "a NUL inside len is not a digit");
	ok(num_i64(NULL, 0, 0, 1, &v) == -1, "num_i64(NULL) is -1");
	ok(num_i64z(NULL, 0, 1, &v) == -1, "num_i64z(NULL) is -1");
}

static void
test_num_money(void)
{
	static const struct {
		const char	*s;
		int64_t		 max;
		int64_t		 fen;
	} good[] = {
		{ "0", 100, 0 }, { "0.0", 100, 0 }, { "0.00", 100, 0 },
		{ "0.01", 100, 1 }, { "0.1", 100, 10 }, { "1", 100, 100 },
		{ "1234", INT64_MAX, 123400 }, { "1234.5", INT64_MAX, 123450 },
		{ "1234.50", INT64_MAX, 123450 }, { "1234.05", INT64_MAX, 123405 },
		{ "100.00", 10000, 10000 }, { "0.10", 10, 10 }, { "0.09", 10, 9 },
		{ "999999999999999.99", INT64_MAX, INT64_C(99999999999999999) },
	};
	static const struct {
		const char	*s;
		int64_t		 max;
	} bad[] = {
		{ "", 100 }, { ".", 100 }, { ".5", 100 }, { "5.", 100 },
		{ "1.234", INT64_MAX }, { "1e3", INT64_MAX }, { "-1", INT64_MAX },
		{ "-0.5", INT64_MAX }, { "+1", INT64_MAX }, { "01", INT64_MAX },
		{ "00.5", INT64_MAX }, { "1,000", INT64_MAX }, { " 1", INT64_MAX },
		{ "1 ", INT64_MAX }, { "1.2.3", INT64_MAX }, { "1.-5", INT64_MAX },
		{ "1.a", INT64_MAX }, { "1..5", INT64_MAX }, { "NaN", INT64_MAX },
		{ "1234567890123456", INT64_MAX },	/* 16 digits of yuan */
		{ "100.01", 10000 }, { "101", 10000 }, { "0.11", 10 },
		{ "0.5", 10 }, { "0.99", 98 }, { "0.01", 0 },
	};
	int64_t	 fen;
	size_t	 i;

	for (i = 0; i < NELEM(good); i++) {
		fen = -99;
		if (!ok(num_money_fen_z(good[i].s, good[i].max, &fen) == 0 &&
		    fen == good[i].fen, "num_money_fen \"%s\" (max %lld)",
		    good[i].s, (long long)good[i].max))
			printf("#   got %lld\n", (long long)fen);
	}
	for (i = 0; i < NELEM(bad); i++) {
		fen = -99;
		if (!ok(num_money_fen_z(bad[i].s, bad[i].max, &fen) == -1 &&
		    fen == -99, "num_money_fen refuses \"%s\" (max %lld)",
		    bad[i].s, (long long)bad[i].max))
			printf("#   got %lld\n", (long long)fen);
	}
	ok(num_money_fen("12.345", 4, INT64_MAX, &fen) == 0 && fen == 1230,
	    "num_money_fen reads exactly len bytes");
	ok(num_money_fen_z(NULL, 100, &fen) == -1, "num_money_fen_z(NULL)");
}

static void
test_num_format(void)
{
	static const struct {
		int64_t		 fen;
		const char	*want;
	} rows[] = {
		{ 0, "0.00" }, { 5, "0.05" }, { 50, "0.50" }, { 100, "1.00" },
		{ 123450, "1234.50" }, { 123405, "1234.05" }, { -5, "-0.05" },
		{ -123456, "-1234.56" },
		{ INT64_MAX, "92233720368547758.07" },
		{ INT64_MIN, "-92233720368547758.08" },
	};
	char	 out[32];
	size_t	 i;

	for (i = 0; i < NELEM(rows); i++)
		is_str(num_fen_format(rows[i].fen, out, sizeof(out)),
		    rows[i].want, "num_fen_format %lld",
		    (long long)rows[i].fen);
	memset(out, 'z', sizeof(out));
	ok(num_fen_format(123450, out, 5) == out && strcmp(out, "1234") == 0,
	    "num_fen_format cut to outsz, terminated");
	{
		int64_t fen;

		ok(num_money_fen_z(num_fen_format(98765, out, sizeof(out)),
		    INT64_MAX, &fen) == 0 && fen == 98765,
		    "format then parse gives the amount back");
	}
}

/* ---- utf8 ---------------------------------------------------------- */

struct bytes {
	const char	*s;
	size_t		 len;
	const char	*name;
};

#define B(lit, name)	{ lit, sizeof(lit) - 1, name }

static void
test_utf8_valid(void)
{
	static const struct bytes good[] = {
		B("", "empty"), B("plain ASCII", "ASCII"),
		B("\xc2\x80", "U+0080, smallest two-byte"),
		B("\xdf\xbf", "U+07FF"),
		B("\xe0\xa0\x80", "U+0800, smallest three-byte"),
		B("\xe4\xb8\xad\xe6\x96\x87", "Chinese"),
		B("\xed\x9f\xbf", "U+D7FF, before the surrogates"),
		B("\xee\x80\x80", "U+E000, after the surrogates"),
		B("\xef\xbf\xbf", "U+FFFF (well-formed noncharacter)"),
		B("\xf0\x90\x80\x80", "U+10000, smallest four-byte"),
		B("\xf0\x9f\x98\x80", "emoji"),
		B("\xf4\x8f\xbf\xbf", "U+10FFFF, the largest"),
		B("a\0b", "U+0000 is a code point"),
	};
	static const struct bytes bad[] = {
		B("\x80", "lone continuation byte"),
		B("\xbf", "lone continuation byte 0xBF"),
		B("\xc0\x80", "overlong NUL"), B("\xc0\xaf", "overlong '/'"),
		B("\xc1\xbf", "overlong U+007F"),
		B("\xe0\x80\xaf", "overlong three-byte '/'"),
		B("\xe0\x9f\xbf", "overlong U+07FF"),
		B("\xf0\x80\x80\xaf", "overlong four-byte '/'"),
		B("\xf0\x8f\xbf\xbf", "overlong U+FFFF"),
		B("\xed\xa0\x80", "surrogate U+D800"),
		B("\xed\xbf\xbf", "surrogate U+DFFF"),
		B("\xed\xa0\xbd\xed\xb8\x80", "surrogate pair (CESU-8)"),
		B("\xf4\x90\x80\x80", "U+110000, too large"),
		B("\xf7\xbf\xbf\xbf", "0xF7 lead, too large"),
		B("\xf8\x88\x80\x80\x80", "five-byte form"),
		B("\xfc\x84\x80\x80\x80\x80", "six-byte form"),
		B("\xfe", "byte 0xFE"), B("\xff", "byte 0xFF"),
		B("\xe4\xb8", "truncated three-byte"),
		B("\xf0\x9f\x98", "truncated four-byte"),
		B("\xc2", "truncated two-byte at the end"),
		B("\xe4\x41\xad", "ASCII in place of a continuation"),
		B("\xc2\xc2\x80", "lead byte in place of a continuation"),
		B("ok\xe4\xb8\xad\x80", "extra continuation after a character"),
	};
	size_t i;

	for (i = 0; i < NELEM(good); i++)
		ok(utf8_valid(good[i].s, good[i].len), "utf8_valid: %s",
		    good[i].name);
	for (i = 0; i < NELEM(bad); i++)
		ok(!utf8_valid(bad[i].s, bad[i].len), "utf8_valid refuses: %s",
		    bad[i].name);
	ok(utf8_valid("\xe4\xb8\xad", 2) == false,
	    "utf8_valid never reads past len");
}

static void
test_utf8_count(void)
{
	is_int(utf8_count("", 0), 0, "utf8_count empty");
	is_int(utf8_count("abc", 3), 3, "utf8_count ASCII");
	is_int(utf8_count("中文", strlen("中文")), 2, "utf8_count Chinese");
	is_int(utf8_count("a😀b", strlen("a😀b")), 3, "utf8_count emoji");
	is_int(utf8_count("é\xe3\x80\x80", 5), 2, "utf8_count é and U+3000");
}

static void
test_utf8_forbidden(void)
{
	static const struct {
		const char	*s;
		size_t		 len;
		bool		 one_line;	/* forbidden in one-line text */
		bool		 multi;		/* forbidden in multiline */
		const char	*name;
	} rows[] = {
		{ "abc", 3, false, false, "ASCII" },
		{ "中文 é", 9, false, false, "Chinese, space, é" },
		{ "a\tb", 3, true, false, "TAB" },
		{ "a\nb", 3, true, false, "LF" },
		{ "a\rb", 3, true, false, "CR" },
		{ "a\0b", 3, true, true, "NUL" },
		{ "\x01", 1, true, true, "U+0001" },
		{ "\x1f", 1, true, true, "U+001F" },
		{ "\x0b", 1, true, true, "vertical tab" },
		{ "\x0c", 1, true, true, "form feed" },
		{ "\x7f", 1, true, true, "DEL" },
		{ "\xc2\x80", 2, true, true, "U+0080" },
		{ "\xc2\x9f", 2, true, true, "U+009F" },
		{ "\xc2\xa0", 2, false, false, "U+00A0 no-break space" },
		{ "\xe2\x80\xa9", 3, false, false, "U+2029 paragraph sep." },
		{ "\xe2\x80\xaa", 3, true, true, "U+202A LRE" },
		{ "\xe2\x80\xae", 3, true, true, "U+202E RLO" },
		{ "\xe2\x80\xaf", 3, false, false, "U+202F" },
		{ "\xe2\x81\xa5", 3, false, false, "U+2065" },
		{ "\xe2\x81\xa6", 3, true, true, "U+2066 LRI" },
		{ "\xe2\x81\xa9", 3, true, true, "U+2069 PDI" },
		{ "\xe2\x81\xaa", 3, false, false, "U+206A" },
		{ "\xef\xbb\xbf", 3, true, true, "U+FEFF" },
		{ "\xef\xbf\xbe", 3, true, true, "U+FFFE" },
		{ "\xef\xbf\xbf", 3, true, true, "U+FFFF" },
		{ "\xef\xbf\xbd", 3, false, false, "U+FFFD replacement" },
		{ "\xe3\x80\x80", 3, false, false, "U+3000" },
		{ "\xff", 1, true, true, "invalid UTF-8" },
		{ "ab\xe4\xb8", 4, true, true, "truncated sequence" },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		ok(utf8_has_forbidden(rows[i].s, rows[i].len, false) ==
		    rows[i].one_line, "one-line: %s %s", rows[i].name,
		    rows[i].one_line ? "forbidden" : "allowed");
		ok(utf8_has_forbidden(rows[i].s, rows[i].len, true) ==
		    rows[i].multi, "multiline: %s %s", rows[i].name,
		    rows[i].multi ? "forbidden" : "allowed");
	}
}

static void
test_utf8_trim(void)
{
	static const struct {
		const char	*s;
		size_t		 start;
		size_t		 len;
		const char	*name;
	} rows[] = {
		{ "abc", 0, 3, "nothing to trim" },
		{ "  abc  ", 2, 3, "ASCII spaces" },
		{ "\t\r\n x \n", 4, 1, "TAB, CR, LF" },
		{ "\xe3\x80\x80" "abc" "\xe3\x80\x80", 3, 3, "U+3000 both ends" },
		{ " \xe3\x80\x80 \xe3\x80\x80" "a", 8, 1, "mixed leading" },
		{ "a \xe3\x80\x80 b", 0, 7, "inner spaces kept" },
		{ "abc\xe3\x80\x80\xe3\x80\x80 ", 0, 3, "trailing run" },
		{ "", 0, 0, "empty" },
		{ "   ", 3, 0, "only spaces" },
		{ "\xe3\x80\x80\xe3\x80\x80", 6, 0, "only U+3000" },
		{ "\xc2\xa0" "a" "\xc2\xa0", 0, 5, "U+00A0 not trimmed" },
		{ "\xe4\xb8\xad", 0, 3, "a character ending in 0x80-like bytes" },
		{ "a\xe3\x80", 0, 3, "half a U+3000 is not space" },
	};
	size_t	 i, start, len;

	for (i = 0; i < NELEM(rows); i++) {
		start = 99;
		len = utf8_trim(rows[i].s, strlen(rows[i].s), &start);
		if (!ok(start == rows[i].start && len == rows[i].len,
		    "utf8_trim: %s", rows[i].name))
			printf("#   got start %zu len %zu\n", start, len);
	}
	len = utf8_trim("\xe3\x80\x80" "x", 2, &start);
	ok(start == 0 && len == 2, "utf8_trim never reads past len");
}

/* ---- timeutil ------------------------------------------------------ */

static void
test_time_format(void)
{
	static const struct {
		int64_t		 ms;
		const char	*iso;
		const char	*sql;
		int32_t		 day;
		const char	*name;
	} rows[] = {
		{ 0, "1970-01-01T08:00:00.000+08:00",
		  "1970-01-01 08:00:00.000", 0, "the epoch" },
		{ INT64_C(1795224600123), "2026-11-21T09:30:00.123+08:00",
		  "2026-11-21 09:30:00.123", 20778, "the header's example" },
		{ INT64_C(1795276799999), "2026-11-21T23:59:59.999+08:00",
		  "2026-11-21 23:59:59.999", 20778,
		  "last ms of a CST day (15:59:59.999 UTC)" },
		{ INT64_C(1795276800000), "2026-11-22T00:00:00.000+08:00",
		  "2026-11-22 00:00:00.000", 20779,
		  "CST midnight, still the 21st in UTC" },
		{ INT64_C(1795305599999), "2026-11-22T07:59:59.999+08:00",
		  "2026-11-22 07:59:59.999", 20779,
		  "UTC midnight minus 1 ms is morning in CST" },
		{ INT64_C(1709179200000), "2024-02-29T12:00:00.000+08:00",
		  "2024-02-29 12:00:00.000", 19782, "leap day" },
		{ -1, "1970-01-01T07:59:59.999+08:00",
		  "1970-01-01 07:59:59.999", 0, "1 ms before the epoch" },
		{ -28800000, "1970-01-01T00:00:00.000+08:00",
		  "1970-01-01 00:00:00.000", 0, "CST midnight of day 0" },
		{ -28800001, "1969-12-31T23:59:59.999+08:00",
		  "1969-12-31 23:59:59.999", -1, "last ms of day -1" },
		{ INT64_C(-310550399999), "1960-02-29T00:00:00.001+08:00",
		  "1960-02-29 00:00:00.001", -3594, "leap day before 1970" },
		{ INT64_C(-2209017600000), "1900-01-01T00:00:00.000+08:00",
		  "1900-01-01 00:00:00.000", -25567, "1900-01-01" },
		{ INT64_C(4102415999999), "2099-12-31T23:59:59.999+08:00",
		  "2099-12-31 23:59:59.999", 47481, "end of 2099" },
	};
	char	 iso[30], sql[24];
	int64_t	 back;
	size_t	 i;

	for (i = 0; i < NELEM(rows); i++) {
		is_str(time_iso(rows[i].ms, iso, sizeof(iso)), rows[i].iso,
		    "time_iso: %s", rows[i].name);
		is_str(time_sql(rows[i].ms, sql, sizeof(sql)), rows[i].sql,
		    "time_sql: %s", rows[i].name);
		is_int(time_day_cst(rows[i].ms), rows[i].day,
		    "time_day_cst: %s", rows[i].name);
		back = 0;
		if (!ok(time_from_sql(sql, &back) == 0 && back == rows[i].ms,
		    "time_from_sql(time_sql) round trip: %s", rows[i].name))
			printf("#   got %lld\n", (long long)back);
	}
	ok(time_now_ms() > INT64_C(1700000000000), "time_now_ms is recent");
}

static void
test_time_parse(void)
{
	static const struct {
		const char	*s;
		int64_t		 ms;
	} good[] = {
		{ "2026-11-21 09:30:00", INT64_C(1795224600000) },
		{ "2026-11-21 09:30:00.1", INT64_C(1795224600100) },
		{ "2026-11-21 09:30:00.12", INT64_C(1795224600120) },
		{ "2026-11-21 09:30:00.123", INT64_C(1795224600123) },
		{ "2026-11-21 09:30:00.123999", INT64_C(1795224600123) },
		{ "1970-01-01 08:00:00.000", 0 },
	};
	static const char *const bad[] = {
		"", "2026-11-21", "2026-11-21T09:30:00", "2026-11-21 09:30",
		"2026/11/21 09:30:00", "2026-11-21 24:00:00",
		"2026-11-21 09:60:00", "2026-11-21 09:30:60",
		"2026-13-01 00:00:00", "2026-11-32 00:00:00",
		"2026-11-21 09:30:00x", "2026-11-21 09:30:00.",
		"2026-11-21 09:30:00.1234567", "2026-11-21 09:30:00.12a",
		"2026-11-21 09:30:00,123", "2026-1a-21 09:30:00",
		" 2026-11-21 09:30:00", "0000-00-00 00:00:00",
		"2026-00-10 00:00:00", "2026-11-00 00:00:00",
		"2026-02-30 00:00:00", "2026-02-29 00:00:00",
		"2026-04-31 00:00:00",
	};
	int64_t	 ms;
	size_t	 i;

	for (i = 0; i < NELEM(good); i++) {
		ms = -1;
		if (!ok(time_from_sql(good[i].s, &ms) == 0 && ms == good[i].ms,
		    "time_from_sql \"%s\"", good[i].s))
			printf("#   got %lld\n", (long long)ms);
	}
	for (i = 0; i < NELEM(bad); i++) {
		ms = -99;
		if (!ok(time_from_sql(bad[i], &ms) == -1 && ms == -99,
		    "time_from_sql refuses \"%s\"", bad[i]))
			printf("#   got %lld\n", (long long)ms);
	}
	ok(time_from_sql("2024-02-29 00:00:00", &ms) == 0,
	    "time_from_sql: 29 February of a leap year");
}

/* ---- crypto -------------------------------------------------------- */

static void
test_sha256(void)
{
	unsigned char	 md[32];
	char		 hex[65];
	unsigned char	 million[1000];
	size_t		 i;

	is_str(crypto_sha256_hex("abc", 3, hex),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "SHA-256(\"abc\") (FIPS 180-2)");
	is_str(crypto_sha256_hex("", 0, hex),
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "SHA-256(\"\")");
	is_str(crypto_sha256_hex(
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "SHA-256 of the 448-bit message (FIPS 180-2)");
	crypto_sha256("abc", 3, md);
	ok(md[0] == 0xba && md[31] == 0xad, "crypto_sha256 raw bytes");
	for (i = 0; i < sizeof(million); i++)
		million[i] = 'a';
	is_int(strlen(crypto_sha256_hex(million, sizeof(million), hex)), 64,
	    "hex digest is 64 characters");
}

static void
test_hmac(void)
{
	static const struct {
		unsigned char	 key[131];
		size_t		 klen;
		const char	*msg;
		size_t		 mlen;
		const char	*want;
		const char	*name;
	} rows[] = {
		{ { 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
		    0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b },
		  20, "Hi There", 8,
		  "b0344c61d8db38535ca8afceaf0bf12b"
		  "881dc200c9833da726e9376c2e32cff7", "RFC 4231 test case 1" },
		{ { 'J', 'e', 'f', 'e' }, 4,
		  "what do ya want for nothing?", 28,
		  "5bdcc146bf60754e6a042426089575c7"
		  "5a003f089d2739839dec58b964ec3843", "RFC 4231 test case 2" },
	};
	unsigned char	 mac[32], key[131], msg[50];
	char		 hex[65];
	size_t		 i;

	for (i = 0; i < NELEM(rows); i++) {
		crypto_hmac(rows[i].key, rows[i].klen, rows[i].msg,
		    rows[i].mlen, mac);
		is_str(crypto_hex(mac, sizeof(mac), hex), rows[i].want,
		    "HMAC-SHA256 %s", rows[i].name);
	}
	/* Test case 3: 20 bytes 0xaa, 50 bytes 0xdd. */
	memset(key, 0xaa, sizeof(key));
	memset(msg, 0xdd, sizeof(msg));
	crypto_hmac(key, 20, msg, sizeof(msg), mac);
	is_str(crypto_hex(mac, sizeof(mac), hex),
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	    "HMAC-SHA256 RFC 4231 test case 3");
	/* Test case 6: a key longer than the block is hashed first. */
	crypto_hmac(key, 131,
	    "Test Using Larger Than Block-Size Key - Hash Key First", 54, mac);
	is_str(crypto_hex(mac, sizeof(mac), hex),
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	    "HMAC-SHA256 RFC 4231 test case 6");
}

static void
test_hex(void)
{
	static const unsigned char raw[] = { 0x00, 0x01, 0x7f, 0x80, 0xab,
	    0xff };
	unsigned char	 back[6];
	char		 hex[13];

	is_str(crypto_hex(raw, sizeof(raw), hex), "00017f80abff",
	    "crypto_hex lower case");
	is_str(crypto_hex(raw, 0, hex), "", "crypto_hex of nothing");
	memset(back, 0, sizeof(back));
	ok(crypto_unhex("00017f80abff", back, 6) == 0 &&
	    memcmp(back, raw, 6) == 0, "crypto_unhex round trip");
	ok(crypto_unhex("00017F80ABFF", back, 6) == 0 &&
	    memcmp(back, raw, 6) == 0, "crypto_unhex accepts upper case");
	ok(crypto_unhex("00017f80abf", back, 6) == -1, "one digit short");
	ok(crypto_unhex("00017f80ab", back, 6) == -1, "one byte short");
	ok(crypto_unhex("00017f80abff00", back, 6) == -1, "too long");
	ok(crypto_unhex("0g017f80abff", back, 6) == -1, "non-hex digit");
	ok(crypto_unhex(" 0017f80abff", back, 6) == -1, "leading space");
	ok(crypto_unhex("", back, 0) == 0, "empty for n = 0");
	ok(crypto_equal("abc", "abc", 3) && !crypto_equal("abc", "abd", 3),
	    "crypto_equal");
}

/* Whether needle occurs in the n bytes at p. */
static bool
contains(const char *p, size_t n, const char *needle)
{
	size_t i, nl = strlen(needle);

	for (i = 0; i + nl <= n; i++)
		if (memcmp(p + i, needle, nl) == 0)
			return true;
	return false;
}

static void
test_seal(void)
{
	static const char	 text[] = "投诉人联系电话 13800138000";
	unsigned char		 key[32], other[32];
	struct buf		 sealed, opened, again;
	size_t			 i, bad = 0;

	crypto_random(key, sizeof(key));
	memcpy(other, key, sizeof(other));
	other[0] ^= 1;
	buf_init(&sealed, 4096);
	buf_init(&opened, 4096);
	buf_init(&again, 4096);

	ok(crypto_seal(key, text, sizeof(text) - 1, &sealed) == 0,
	    "crypto_seal");
	is_int(sealed.len, 12 + (sizeof(text) - 1) + 16,
	    "sealed is nonce + ciphertext + tag");
	ok(crypto_open(key, sealed.p, sealed.len, &opened) == 0 &&
	    opened.len == sizeof(text) - 1 &&
	    memcmp(opened.p, text, opened.len) == 0,
	    "crypto_open gives the text back");
	ok(!contains(sealed.p, sealed.len, "13800138000"),
	    "the text does not appear in the sealed bytes");

	/* Every single-bit change anywhere is detected. */
	for (i = 0; i < sealed.len; i++) {
		sealed.p[i] ^= 0x01;
		buf_reset(&opened);
		if (crypto_open(key, sealed.p, sealed.len, &opened) != -1 ||
		    opened.len != 0)
			bad++;
		sealed.p[i] ^= 0x01;
	}
	is_int(bad, 0, "a flipped bit in nonce, ciphertext or tag fails");
	buf_reset(&opened);
	ok(crypto_open(other, sealed.p, sealed.len, &opened) == -1,
	    "the wrong key fails");
	ok(crypto_open(key, sealed.p, sealed.len - 1, &opened) == -1,
	    "a truncated tag fails");
	ok(crypto_open(key, sealed.p, 27, &opened) == -1,
	    "shorter than nonce + tag fails");
	ok(crypto_open(key, sealed.p, 0, &opened) == -1, "empty input fails");

	ok(crypto_seal(key, text, sizeof(text) - 1, &again) == 0 &&
	    again.len == sealed.len &&
	    memcmp(again.p, sealed.p, sealed.len) != 0,
	    "sealing twice gives different bytes (random nonce)");

	buf_reset(&sealed);
	buf_reset(&opened);
	ok(crypto_seal(key, "", 0, &sealed) == 0 && sealed.len == 28 &&
	    crypto_open(key, sealed.p, sealed.len, &opened) == 0 &&
	    opened.len == 0, "empty text round trip");

	buf_free(&opened);
	buf_init(&opened, 4);
	buf_reset(&sealed);
	crypto_seal(key, "longer", 6, &sealed);
	ok(crypto_open(key, sealed.p, sealed.len, &opened) == -1,
	    "crypto_open fails when out's limit is too small");
	buf_free(&sealed);
	buf_free(&opened);
	buf_free(&again);
}

static void
test_random(void)
{
	char		 a[101], b[101];
	unsigned char	 r[64], zero[64];
	size_t		 i, seen[3] = { 0, 0, 0 }, outside = 0;

	ok(crypto_random_text("abc", 100, a, sizeof(a)) == 0,
	    "crypto_random_text 100 from \"abc\"");
	for (i = 0; i < 100; i++) {
		if (a[i] >= 'a' && a[i] <= 'c')
			seen[a[i] - 'a']++;
		else
			outside++;
	}
	ok(outside == 0 && a[100] == '\0', "only the alphabet, terminated");
	ok(seen[0] > 0 && seen[1] > 0 && seen[2] > 0,
	    "every letter occurs in 100 draws");
	ok(crypto_random_text("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 32, a, 33)
	    == 0 && crypto_random_text("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 32,
	    b, 33) == 0 && strcmp(a, b) != 0 && strlen(a) == 32,
	    "two draws differ");
	ok(crypto_random_text("x", 5, a, sizeof(a)) == 0 &&
	    strcmp(a, "xxxxx") == 0, "one-letter alphabet");
	ok(crypto_random_text("ab", 5, a, 5) == -1, "outsz must exceed n");
	ok(crypto_random_text("", 5, a, sizeof(a)) == -1, "empty alphabet");
	ok(crypto_random_text("ab", 0, a, 1) == 0 && a[0] == '\0',
	    "zero characters");
	memset(r, 0, sizeof(r));
	memset(zero, 0, sizeof(zero));
	ok(crypto_random(r, sizeof(r)) == 0 && memcmp(r, zero, 64) != 0,
	    "crypto_random fills the buffer");
	ok(crypto_random(r, 0) == 0, "crypto_random of 0 bytes");
}

int
main(void)
{
	test_buf_limit();
	test_buf_grow();
	test_pool();
	test_num_i64();
	test_num_money();
	test_num_format();
	test_utf8_valid();
	test_utf8_count();
	test_utf8_forbidden();
	test_utf8_trim();
	test_time_format();
	test_time_parse();
	test_sha256();
	test_hmac();
	test_hex();
	test_seal();
	test_random();
	return tap_done();
}
