/*
 * test-validate.c -- unit tests of the contact and date checks
 * (validate.h).  Each table row is an input and the expected answer;
 * inputs are passed with their length, and a few are given without a
 * terminating NUL to show that no check reads past len.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"
#include "tap.h"

struct row {
	const char	*in;
	bool		 want;
};

#define NROWS(t)	(sizeof(t) / sizeof((t)[0]))

/* Render s for a test name: control bytes as \xNN, so that one test
 * stays one TAP line. */
static const char *
show(const char *s, char *buf, size_t sz)
{
	size_t	 n = 0;
	int	 w;

	buf[0] = '\0';
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			w = snprintf(buf + n, sz - n, "\\x%02x",
			    (unsigned)(unsigned char)*s);
		else
			w = snprintf(buf + n, sz - n, "%c", *s);
		if (w < 0 || (size_t)w >= sz - n)
			break;
		n += (size_t)w;
	}
	return buf;
}

/* ---- mobile ---- */

static void
test_mobile(void)
{
	static const struct row rows[] = {
		{ "13812345678", true },
		{ "19912345678", true },
		{ "16612345678", true },
		{ "+8613812345678", true },
		{ "8613812345678", true },
		{ "+86 13812345678", true },
		{ "+86-138-1234-5678", true },
		{ "+86 138 1234 5678", true },
		{ "86 138 1234 5678", true },
		{ "138 1234 5678", true },
		{ "138-1234-5678", true },
		{ "12812345678", false },	/* second digit 2 */
		{ "10012345678", false },
		{ "23812345678", false },
		{ "1381234567", false },	/* 10 digits */
		{ "138123456789", false },	/* 12 digits */
		{ "+86138123456789", false },
		{ "+8513812345678", false },	/* other country */
		{ "+8 613812345678", false },
		{ "+", false },
		{ "+86", false },
		{ "+86 ", false },
		{ "0086 13812345678", false },
		{ "138  1234 5678", false },	/* two spaces */
		{ "138--1234-5678", false },
		{ "138 -1234-5678", false },
		{ " 13812345678", false },
		{ "13812345678 ", false },
		{ "-13812345678", false },
		{ "13812345678-", false },
		{ "138.1234.5678", false },
		{ "(138)12345678", false },
		{ "1381234567a", false },
		{ "１３８12345678", false },	/* full-width digits */
		{ "", false },
		{ "8612345678901", false },	/* 86 + 1234... second 2 */
		{ "+86+8613812345678", false },
	};
	char	 out[12];
	size_t	 i;

	for (i = 0; i < NROWS(rows); i++)
		is_int(valid_mobile(rows[i].in, strlen(rows[i].in), NULL, 0),
		    rows[i].want, "mobile \"%s\"", rows[i].in);

	memset(out, 'z', sizeof(out));
	ok(valid_mobile("+86 138-1234-5678", 17, out, sizeof(out)),
	    "mobile with out");
	is_str(out, "13812345678", "mobile bare digits");
	ok(valid_mobile("8613912345678", 13, out, sizeof(out)),
	    "mobile 86 prefix with out");
	is_str(out, "13912345678", "mobile 86 prefix stripped");
	memset(out, 'z', sizeof(out));
	ok(valid_mobile("13812345678", 11, out, 11), "mobile small out");
	is_int(out[0], '\0', "mobile small out left empty");
	memcpy(out, "untouched", 10);
	ok(!valid_mobile("12812345678", 11, out, sizeof(out)),
	    "mobile bad with out");
	is_str(out, "untouched", "mobile out not written on failure");
	ok(!valid_mobile(NULL, 11, NULL, 0), "mobile NULL");
	ok(!valid_mobile("13812345678\0", 12, NULL, 0), "mobile trailing NUL");
	ok(valid_mobile("13812345678999", 11, NULL, 0), "mobile honours len");
}

/* ---- e-mail ---- */

static void
test_email(void)
{
	static const struct row rows[] = {
		{ "zhang.san@example.cn", true },
		{ "a@b.cn", true },
		{ "first.last+tag@sub.example.com.cn", true },
		{ "user_name-1@mail-server.example.org", true },
		{ "o'neil@example.com", true },
		{ "x!#$%&*+/=?^_`{|}~-@example.com", true },
		{ "user@例子.中国", true },
		{ "user@xn--fsqu00a.xn--fiqs8s", true },
		{ "UPPER@EXAMPLE.COM", true },
		{ "user@123.example.com", true },
		{ "", false },
		{ "plainaddress", false },
		{ "@example.com", false },
		{ "user@", false },
		{ "user@localhost", false },	/* no dot */
		{ "user@@example.com", false },
		{ "user@exa@mple.com", false },
		{ ".user@example.com", false },
		{ "user.@example.com", false },
		{ "us..er@example.com", false },
		{ "\"quoted\"@example.com", false },
		{ "user name@example.com", false },
		{ "user@exa mple.com", false },
		{ "user@example..com", false },
		{ "user@.example.com", false },
		{ "user@example.com.", false },
		{ "user@-example.com", false },
		{ "user@example-.com", false },
		{ "user@exa_mple.com", false },
		{ "user@[192.168.0.1]", false },
		{ "user@192.168.0.1", false },
		{ "user@example.123", false },
		{ "用户@example.com", false },	/* no UTF-8 local parts */
		{ "user@例子。中国", false },	/* ideographic full stop */
		{ "user@例子\xe3\x80\x80.中国", false },	/* U+3000 */
		{ "user@exa\xe2\x80\x8bmple.com", false },	/* U+200B */
		{ "user@exa\xc2\xa0mple.com", false },	/* U+00A0 */
		{ "user@\xff\xfe.com", false },
		{ "user@\xe4\xbe.com", false },		/* truncated UTF-8 */
		{ "user@\xc0\xae.com", false },		/* overlong "." */
		{ "user@\xed\xa0\x80.com", false },	/* surrogate */
		{ "user@example.com\n", false },
		{ "user@example.com>", false },
		{ "<user@example.com>", false },
		{ "Zhang <user@example.com>", false },
		{ "javascript:alert(1)@example.com", false },
	};
	char	 buf[400], name[200];
	size_t	 i;

	for (i = 0; i < NROWS(rows); i++)
		is_int(valid_email(rows[i].in, strlen(rows[i].in)),
		    rows[i].want, "email \"%s\"",
		    show(rows[i].in, name, sizeof(name)));

	/* Local part: 64 bytes pass, 65 do not. */
	memset(buf, 'a', 64);
	memcpy(buf + 64, "@example.cn", 12);
	ok(valid_email(buf, strlen(buf)), "email local part of 64");
	memset(buf, 'a', 65);
	memcpy(buf + 65, "@example.cn", 12);
	ok(!valid_email(buf, strlen(buf)), "email local part of 65");

	/* Label: 63 bytes pass, 64 do not. */
	memcpy(buf, "u@", 2);
	memset(buf + 2, 'b', 63);
	memcpy(buf + 65, ".cn", 4);
	ok(valid_email(buf, strlen(buf)), "email label of 63");
	memset(buf + 2, 'b', 64);
	memcpy(buf + 66, ".cn", 4);
	ok(!valid_email(buf, strlen(buf)), "email label of 64");

	/* Whole address: 254 bytes pass, 255 do not. */
	memcpy(buf, "u@", 2);
	for (i = 2; i < 254; i++)
		buf[i] = (i - 2) % 50 == 49 ? '.' : 'c';
	buf[254] = '\0';
	ok(valid_email(buf, 254), "email of 254 bytes");
	buf[254] = 'c';
	buf[255] = '\0';
	ok(!valid_email(buf, 255), "email of 255 bytes");

	ok(!valid_email(NULL, 5), "email NULL");
	ok(!valid_email("a@b.cn\0", 7), "email trailing NUL");
	ok(valid_email("a@b.cnXXXX", 6), "email honours len");
}

/* ---- URL ---- */

static void
test_url(void)
{
	static const struct row rows[] = {
		{ "http://example.com", true },
		{ "https://example.com/", true },
		{ "https://shop.example.com.cn/item?id=123&spm=a1.b-2#top", true },
		{ "HTTPS://EXAMPLE.COM/", true },
		{ "http://example.com:8080/x", true },
		{ "http://example.com:1", true },
		{ "http://example.com:65535", true },
		{ "http://192.168.1.10/shop", true },
		{ "http://0.0.0.0", true },
		{ "https://例子.中国/商品/1", true },
		{ "https://xn--fsqu00a.xn--fiqs8s/", true },
		{ "https://example.com?q=1", true },
		{ "https://example.com#frag", true },
		{ "https://example.com/a%20b", true },
		{ "http://localhost/", true },
		{ "https://item.jd.com/100012043978.html", true },
		{ "https://example.com/{x}|y", true },
		{ "", false },
		{ "example.com", false },
		{ "//example.com", false },
		{ "ftp://example.com/file", false },
		{ "javascript:alert(1)", false },
		{ "JavaScript:alert(document.cookie)", false },
		{ "javascript://example.com/%0aalert(1)", false },
		{ "data:text/html,<script>alert(1)</script>", false },
		{ "file:///etc/passwd", false },
		{ "mailto:a@example.com", false },
		{ "http:/example.com", false },
		{ "http//example.com", false },
		{ "http://", false },
		{ "http:///path", false },
		{ "http://:80/", false },
		{ "http://example.com/a b", false },
		{ "http://exa mple.com/", false },
		{ " http://example.com", false },
		{ "http://example.com ", false },
		{ "http://example.com/\"onmouseover=\"x", false },
		{ "http://example.com/'x'", false },
		{ "http://example.com/`x`", false },
		{ "http://example.com/<script>", false },
		{ "http://example.com\\@evil.com", false },
		{ "http://example.com/\tx", false },
		{ "http://example.com/\nx", false },
		{ "http://example.com/\x7f", false },
		{ "http://user:pass@example.com/", false },
		{ "http://example.com@evil.com/", false },
		{ "http://example.com:0/", false },
		{ "http://example.com:65536/", false },
		{ "http://example.com:080/", false },
		{ "http://example.com:/", false },
		{ "http://example.com:8a/", false },
		{ "http://example.com:80:80/", false },
		{ "http://[::1]/", false },
		{ "http://256.1.1.1/", false },
		{ "http://1.2.3/", false },
		{ "http://1.2.3.4.5/", false },
		{ "http://01.2.3.4/", false },
		{ "http://1234/", false },
		{ "http://example.123/", false },
		{ "http://-example.com/", false },
		{ "http://example-.com/", false },
		{ "http://exa_mple.com/", false },
		{ "http://example..com/", false },
		{ "http://example.com./", false },
		{ "http://例子。中国/", false },
		{ "http://exa\xe2\x80\x8bmple.com/", false },
		{ "http://example.com/\xff", false },
		{ "http://example.com/\xe5\x95", false },
		{ "http://example.com/\xc2\x85", false },	/* NEL */
		{ "http://example.com/\xe3\x80\x80", false },	/* U+3000 */
	};
	char	*big, name[200];
	size_t	 i;

	for (i = 0; i < NROWS(rows); i++)
		is_int(valid_url(rows[i].in, strlen(rows[i].in)),
		    rows[i].want, "url \"%s\"",
		    show(rows[i].in, name, sizeof(name)));

	/* 2048 bytes pass, 2049 do not. */
	if ((big = malloc(2050)) == NULL)
		abort();
	memcpy(big, "https://example.com/", 20);
	memset(big + 20, 'a', 2049 - 20);
	ok(valid_url(big, 2048), "url of 2048 bytes");
	ok(!valid_url(big, 2049), "url of 2049 bytes");
	free(big);

	ok(!valid_url(NULL, 10), "url NULL");
	ok(!valid_url("http://a.cn\0", 12), "url trailing NUL");
	ok(valid_url("http://a.cn/ x", 11), "url honours len");
}

/* ---- dates ---- */

static void
test_date(void)
{
	static const struct {
		const char	*in;
		int32_t		 want;	/* 0: refused */
	} rows[] = {
		{ "2026-11-21", 20261121 },
		{ "2026-01-01", 20260101 },
		{ "2026-12-31", 20261231 },
		{ "1900-01-01", 19000101 },
		{ "2099-12-31", 20991231 },
		{ "2024-02-29", 20240229 },
		{ "2000-02-29", 20000229 },
		{ "2026-02-28", 20260228 },
		{ "2026-04-30", 20260430 },
		{ "2026-02-30", 0 },
		{ "2026-02-29", 0 },
		{ "1900-02-29", 0 },
		{ "2026-04-31", 0 },
		{ "2026-13-01", 0 },
		{ "2026-00-10", 0 },
		{ "2026-01-00", 0 },
		{ "2026-01-32", 0 },
		{ "1899-12-31", 0 },
		{ "2100-01-01", 0 },
		{ "2026/01/01", 0 },
		{ "20260101", 0 },
		{ "2026-1-1", 0 },
		{ "2026-01-1", 0 },
		{ "26-01-01", 0 },
		{ "2026-01-01T00:00:00", 0 },
		{ "2026-01-01 ", 0 },
		{ " 2026-01-01", 0 },
		{ "2026.01.01", 0 },
		{ "01-01-2026", 0 },
		{ "2026-0a-01", 0 },
		{ "+026-01-01", 0 },
		{ "2026--1-01", 0 },
		{ "2026-01--1", 0 },
		{ "", 0 },
		{ "２０２６-01-01", 0 },
	};
	int32_t	 ymd;
	size_t	 i;

	for (i = 0; i < NROWS(rows); i++) {
		ymd = -1;
		if (rows[i].want == 0) {
			ok(!parse_date(rows[i].in, strlen(rows[i].in), &ymd) &&
			    ymd == -1, "date \"%s\" refused", rows[i].in);
			continue;
		}
		ok(parse_date(rows[i].in, strlen(rows[i].in), &ymd),
		    "date \"%s\"", rows[i].in);
		is_int(ymd, rows[i].want, "date \"%s\" value", rows[i].in);
	}
	ok(parse_date("2026-11-21", 10, NULL), "date NULL ymd");
	ok(!parse_date(NULL, 10, &ymd), "date NULL");
	ok(parse_date("2026-11-21xyz", 10, NULL), "date honours len");
}

/* Every day of 1900..2099 is accepted and day 1 after each month's
 * end is refused: compared with a count of days written differently. */
static void
test_date_all(void)
{
	char	 buf[40];
	int	 y, m, d, last, good = 0, bad = 0, total = 0;
	int32_t	 ymd;

	for (y = 1900; y <= 2099; y++)
		for (m = 1; m <= 12; m++) {
			if (m == 2)
				last = y % 400 == 0 ? 29 : y % 100 == 0 ? 28 :
				    y % 4 == 0 ? 29 : 28;
			else
				last = m == 4 || m == 6 || m == 9 || m == 11 ?
				    30 : 31;
			for (d = 1; d <= last + 1; d++) {
				snprintf(buf, sizeof(buf), "%04d-%02d-%02d",
				    y, m, d);
				if (d <= last) {
					total++;
					good += parse_date(buf, 10, &ymd) &&
					    ymd == y * 10000 + m * 100 + d;
				} else
					bad += !parse_date(buf, 10, &ymd);
			}
		}
	is_int(good, total, "date: every real day 1900-2099 accepted");
	is_int(bad, 200 * 12, "date: the day after each month refused");
}

/* ---- district ---- */

static void
test_district(void)
{
	static const struct row rows[] = {
		{ "440106", true },
		{ "110105", true },
		{ "100000", true },
		{ "999999", true },
		{ "040106", false },
		{ "44010", false },
		{ "4401060", false },
		{ "44010a", false },
		{ "4401 6", false },
		{ "-44010", false },
		{ "", false },
	};
	size_t	 i;

	for (i = 0; i < NROWS(rows); i++)
		is_int(valid_district_syntax(rows[i].in, strlen(rows[i].in)),
		    rows[i].want, "district \"%s\"", rows[i].in);
	ok(!valid_district_syntax(NULL, 6), "district NULL");
	ok(valid_district_syntax("4401069", 6), "district honours len");
	ok(!valid_district_syntax("44010\0", 6), "district NUL");
}

int
main(void)
{

	test_mobile();
	test_email();
	test_url();
	test_date();
	test_date_all();
	test_district();
	return tap_done();
}
