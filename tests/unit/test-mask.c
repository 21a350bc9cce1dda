/*
 * test-mask.c -- unit tests of the masking of personal data (mask.h):
 * the examples of the contract, UTF-8 names, invalid bytes, and
 * truncation at every buffer size.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mask.h"
#include "tap.h"

typedef char *(*mask_fn)(const char *, char *, size_t);

struct row {
	const char	*in;
	const char	*want;
};

#define NROWS(t)	(sizeof(t) / sizeof((t)[0]))

/* Whether s is well-formed UTF-8 (shortest forms, no surrogates). */
static bool
utf8_ok(const unsigned char *s)
{
	size_t	 n, i;
	uint32_t c;

	while (*s != '\0') {
		if (*s < 0x80) {
			s++;
			continue;
		}
		/* Continuation bytes after the lead, and its value bits. */
		if (*s >= 0xc2 && *s <= 0xdf)
			n = 1;
		else if (*s >= 0xe0 && *s <= 0xef)
			n = 2;
		else if (*s >= 0xf0 && *s <= 0xf4)
			n = 3;
		else
			return false;
		c = *s & (0x3fu >> n);
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return false;
			c = c << 6 | (s[i] & 0x3f);
		}
		if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) ||
		    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			return false;
		s += n + 1;
	}
	return true;
}

static void
run_rows(const char *what, mask_fn fn, const struct row *rows, size_t n)
{
	char	 out[128];
	size_t	 i;

	for (i = 0; i < n; i++) {
		memset(out, 'z', sizeof(out));
		is_str(fn(rows[i].in, out, sizeof(out)), rows[i].want,
		    "%s \"%s\"", what, rows[i].in);
	}
}

static void
test_idnumber(void)
{
	static const struct row rows[] = {
		{ "440102199001011234", "4401**********1234" },
		{ "44010219900101123X", "4401**********123X" },
		{ "E12345678", "E123*5678" },
		{ "G1234567", "********" },
		{ "12345", "*****" },
		{ "1", "*" },
		{ "", "" },
		{ "护照号码１２３４５６７８", "护照号码****５６７８" },
	};

	run_rows("idnumber", mask_idnumber, rows, NROWS(rows));
}

static void
test_phone(void)
{
	static const struct row rows[] = {
		{ "13812345678", "138****5678" },
		{ "02012345678", "020****5678" },
		{ "+8613812345678", "**********5678" },
		{ "0755-12345678", "*********5678" },
		{ "1381234567", "******4567" },
		{ "12345", "*2345" },
		{ "1234", "****" },
		{ "12", "**" },
		{ "", "" },
		{ "1381234567a", "*******567a" },
		{ "电话13812345678", "*********5678" },
	};

	run_rows("phone", mask_phone, rows, NROWS(rows));
}

static void
test_name(void)
{
	static const struct row rows[] = {
		{ "张三丰", "张**" },
		{ "张三", "张*" },
		{ "张", "张" },
		{ "欧阳娜娜", "欧***" },
		{ "Li Lei", "L*****" },
		{ "阿卜杜·热合曼", "阿******" },
		{ "𠀋𠀋𠀋", "𠀋**" },		/* 4-byte characters */
		{ "Zoë", "Z**" },
		{ "ëZ", "ë*" },
		{ "", "" },
	};

	run_rows("name", mask_name, rows, NROWS(rows));
}

static void
test_email(void)
{
	static const struct row rows[] = {
		{ "zhang.san@example.cn", "z***@example.cn" },
		{ "a@b.cn", "a***@b.cn" },
		{ "张三@例子.中国", "张***@例子.中国" },
		{ "@example.cn", "***@example.cn" },
		{ "a\"@\"b@example.cn", "a***@example.cn" },
		{ "not-an-address", "n***" },
		{ "x", "x***" },
		{ "", "" },
	};

	run_rows("email", mask_email, rows, NROWS(rows));
}

/* NULL input gives ""; NULL or zero-sized output is left alone. */
static void
test_null(void)
{
	static const mask_fn fns[] = {
		mask_idnumber, mask_phone, mask_name, mask_email
	};
	char	 out[8];
	size_t	 i;

	for (i = 0; i < NROWS(fns); i++) {
		memset(out, 'z', sizeof(out));
		is_str(fns[i](NULL, out, sizeof(out)), "",
		    "mask %zu NULL input", i);
		ok(fns[i]("13812345678", NULL, 10) == NULL,
		    "mask %zu NULL output", i);
		memset(out, 'z', sizeof(out));
		ok(fns[i]("13812345678", out, 0) == out && out[0] == 'z',
		    "mask %zu zero-sized output untouched", i);
	}
}

/* Invalid bytes that are kept come out as U+FFFD; masked ones as "*". */
static void
test_invalid(void)
{
	char	 out[64];

	is_str(mask_name("\xff\xfe\xfd", out, sizeof(out)),
	    "\xef\xbf\xbd**", "name invalid first byte replaced");
	is_str(mask_name("\xe5\xbc", out, sizeof(out)), "\xef\xbf\xbd*",
	    "name truncated sequence: two characters");
	is_str(mask_name("\xc0\xaf" "ab", out, sizeof(out)),
	    "\xef\xbf\xbd***", "name overlong sequence");
	is_str(mask_name("\xed\xa0\x80x", out, sizeof(out)),
	    "\xef\xbf\xbd***", "name surrogate");
	is_str(mask_email("u@ex\xff.cn", out, sizeof(out)),
	    "u***@ex\xef\xbf\xbd.cn", "email invalid byte in domain");
	is_str(mask_phone("1381234567\xff", out, sizeof(out)),
	    "*******567\xef\xbf\xbd", "phone invalid byte kept");
}

/*
 * For every function, input and buffer size: the output is a prefix
 * (in characters) of the full result, NUL-terminated within outsz,
 * well-formed UTF-8, and nothing is written past outsz.
 */
static void
test_truncation(void)
{
	static const mask_fn fns[] = {
		mask_idnumber, mask_phone, mask_name, mask_email
	};
	static const char *const ins[] = {
		"440102199001011234", "13812345678", "张三丰", "Li Lei",
		"张三@例子.中国", "zhang.san@example.cn", "\xff\xfe\xe5\xbc",
		"𠀋𠀋𠀋𠀋𠀋𠀋𠀋𠀋𠀋𠀋",
	};
	char	 full[128], out[130];
	size_t	 f, i, sz;
	int	 bad = 0, cases = 0;

	for (f = 0; f < NROWS(fns); f++)
		for (i = 0; i < NROWS(ins); i++) {
			fns[f](ins[i], full, sizeof(full));
			for (sz = 1; sz <= strlen(full) + 1; sz++) {
				memset(out, 'z', sizeof(out));
				fns[f](ins[i], out, sz);
				cases++;
				if (memchr(out, '\0', sz) == NULL ||
				    out[sz] != 'z' ||
				    strncmp(out, full, strlen(out)) != 0 ||
				    !utf8_ok((const unsigned char *)out) ||
				    (sz == strlen(full) + 1 &&
				    strcmp(out, full) != 0)) {
					bad++;
					printf("# fn %zu in %zu sz %zu: \"%s\"\n",
					    f, i, sz, out);
				}
			}
		}
	is_int(bad, 0, "truncation: %d cases safe", cases);

	/* A 3-byte character that does not fit is left out whole. */
	is_str(mask_name("张三丰", out, 4), "张", "name fits exactly");
	is_str(mask_name("张三丰", out, 3), "", "name: no half character");
	is_str(mask_email("张三@例子.中国", out, 9), "张***@",
	    "email cut before a character");
	is_str(mask_idnumber("440102199001011234", out, 6), "4401*",
	    "idnumber cut");
}

int
main(void)
{

	test_idnumber();
	test_phone();
	test_name();
	test_email();
	test_null();
	test_invalid();
	test_truncation();
	return tap_done();
}
