/*
 * ident-fuzzer.c -- libFuzzer target for the identifier checks
 * (ident.h), the syntax checks (validate.h) and the masks (mask.h).
 *
 * Every function gets the raw input with its length, in a buffer of
 * exactly that size so that ASan sees a read past len.  Beyond "does
 * not crash", a few properties of the contracts are asserted: a
 * canonical patent number checks again to itself, a valid mobile
 * number comes back as 11 digits, and a mask's output always ends
 * within outsz.
 *
 *	clang -fsanitize=fuzzer,address,undefined -Isrc \
 *	    fuzz/ident-fuzzer.c src/ident.c src/uscc.c src/idcard.c \
 *	    src/orgcode.c src/patentno.c src/validate.c src/mask.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "mask.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_ident(const char *s, size_t len)
{
	enum ident_err e;
	char	 out[14], again[14];

	(void)ident_code(uscc_check(s, len));
	(void)ident_code(idcard_check(s, len, 20261121));
	(void)idcard_check(s, len, INT32_MAX);
	(void)idcard_check(s, len, INT32_MIN);
	(void)ident_code(orgcode_check(s, len));
	(void)patentno_check(s, len, 2026, NULL, 0);
	(void)patentno_check(s, len, 2026, out, 1);

	memset(out, 0, sizeof(out));
	e = patentno_check(s, len, 2026, out, sizeof(out));
	if (e == IDENT_OK) {
		/* The canonical form is itself a valid, fixed point. */
		if (patentno_check(out, strlen(out), 2026, again,
		    sizeof(again)) != IDENT_OK || strcmp(out, again) != 0)
			abort();
	}
}

static void
fuzz_validate(const char *s, size_t len)
{
	char	 out[12];
	int32_t	 ymd;
	size_t	 i;

	if (valid_mobile(s, len, out, sizeof(out))) {
		if (strlen(out) != 11)
			abort();
		for (i = 0; i < 11; i++)
			if (out[i] < '0' || out[i] > '9')
				abort();
	}
	(void)valid_mobile(s, len, NULL, 0);
	(void)valid_email(s, len);
	(void)valid_url(s, len);
	if (parse_date(s, len, &ymd) && (ymd < 19000101 || ymd > 20991231))
		abort();
	(void)valid_district_syntax(s, len);
}

/* Each mask at a few output sizes; the output must end within outsz. */
static void
fuzz_mask(const char *in)
{
	static const size_t sizes[] = { 1, 2, 3, 4, 5, 8, 13, 64, 512 };
	char *(*const fns[])(const char *, char *, size_t) = {
		mask_idnumber, mask_phone, mask_name, mask_email
	};
	char	 out[512];
	size_t	 f, i;

	for (f = 0; f < sizeof(fns) / sizeof(fns[0]); f++)
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			memset(out, 'z', sizeof(out));
			if (fns[f](in, out, sizes[i]) != out ||
			    memchr(out, '\0', sizes[i]) == NULL)
				abort();
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	/* An exact-size copy: no NUL after the data. */
	if ((s = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	fuzz_ident(s, size);
	fuzz_validate(s, size);
	free(s);

	/* The masks take C strings: stop at the first NUL. */
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	fuzz_mask(s);
	free(s);
	return 0;
}
