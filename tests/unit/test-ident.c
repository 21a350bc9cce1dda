/*
 * test-ident.c -- unit tests of the identifier checks (ident.h).
 *
 * Check characters are computed here a second time, written
 * differently from src/ (weights derived rather than tabled, alphabet
 * looked up with strchr), so a wrong table in src/ cannot agree with
 * itself.  The fixed examples are the ones printed in the standards
 * (GB 32100, GB 11643, GB 11714) and worked examples from published
 * explanations of the patent number rule.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "tap.h"

#define TODAY		20261121
#define THIS_YEAR	2026

static const char uscc_abc[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* A small deterministic generator; the state is the caller's. */
static uint32_t
rnd(uint32_t *st)
{

	*st = *st * 1103515245u + 12345u;
	return (*st >> 16) & 0x7fff;
}

/* Shorthand: check a NUL-terminated string. */
static enum ident_err
uscc(const char *s)
{

	return uscc_check(s, strlen(s));
}

static enum ident_err
idc(const char *s)
{

	return idcard_check(s, strlen(s), TODAY);
}

static enum ident_err
org(const char *s)
{

	return orgcode_check(s, strlen(s));
}

static enum ident_err
pat(const char *s)
{

	return patentno_check(s, strlen(s), THIS_YEAR, NULL, 0);
}

/* ---- reference implementations ---- */

static char
ref_uscc(const char *body)
{
	int	 w = 1, sum = 0, i;

	for (i = 0; i < 17; i++) {
		sum += (int)(strchr(uscc_abc, body[i]) - uscc_abc) * w;
		w = w * 3 % 31;
	}
	return uscc_abc[(31 - sum % 31) % 31];
}

static char
ref_idcard(const char *body)
{
	int	 sum = 0, i, j, w;

	for (i = 1; i <= 17; i++) {
		for (w = 1, j = 0; j < 18 - i; j++)
			w = w * 2 % 11;
		sum += (body[i - 1] - '0') * w;
	}
	return "10X98765432"[sum % 11];
}

static char
ref_org(const char *body)
{
	static const int w[] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int	 sum = 0, i, v, c;

	for (i = 0; i < 8; i++) {
		v = body[i] <= '9' ? body[i] - '0' : body[i] - 'A' + 10;
		sum += v * w[i];
	}
	c = 11 - sum % 11;
	return c == 11 ? '0' : c == 10 ? 'X' : (char)('0' + c);
}

static char
ref_patent_n(const char *digits, size_t n)
{
	static const int w[] = { 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 };
	int	 sum = 0;
	size_t	 i;

	for (i = 0; i < n; i++)
		sum += (digits[i] - '0') * w[i];
	return sum % 11 == 10 ? 'X' : (char)('0' + sum % 11);
}

static char
ref_patent(const char *digits)
{

	return ref_patent_n(digits, strlen(digits));
}

/* ---- ident_code ---- */

static void
test_codes(void)
{

	is_str(ident_code(IDENT_OK), "ok", "code ok");
	is_str(ident_code(IDENT_FORMAT), "invalid_format", "code format");
	is_str(ident_code(IDENT_CHECKSUM), "bad_check_character",
	    "code checksum");
	is_str(ident_code(IDENT_DATE), "bad_date", "code date");
	is_str(ident_code(IDENT_FILLER), "filler_code", "code filler");
	is_str(ident_code(IDENT__MAX), "invalid_format", "code out of range");
	is_str(ident_code((enum ident_err)-1), "invalid_format",
	    "code negative");
}

/* ---- USCC ---- */

static void
test_uscc_fixed(void)
{
	char	 buf[19], unterminated[18];
	const char *bad = "IOSVZ";
	size_t	 i;
	int	 nbad;

	is_int(ref_uscc("91350100M000100Y4"), '3', "uscc reference agrees");
	is_int(uscc("91350100M000100Y43"), IDENT_OK, "uscc GB 32100 example");
	memcpy(unterminated, "91350100M000100Y43", 18);
	is_int(uscc_check(unterminated, 18), IDENT_OK,
	    "uscc not NUL-terminated");
	is_int(uscc("00000000000000000X"), IDENT_FILLER, "uscc filler");
	is_int(uscc("00000000000000000x"), IDENT_FORMAT, "uscc filler lower");
	is_int(uscc("91350100M000100Y4"), IDENT_FORMAT, "uscc 17 chars");
	is_int(uscc("91350100M000100Y433"), IDENT_FORMAT, "uscc 19 chars");
	is_int(uscc(" 91350100M000100Y43"), IDENT_FORMAT, "uscc leading space");
	is_int(uscc(""), IDENT_FORMAT, "uscc empty");
	is_int(uscc_check(NULL, 18), IDENT_FORMAT, "uscc NULL");
	is_int(uscc("91350100m000100y43"), IDENT_FORMAT, "uscc lower case");
	is_int(uscc_check("91350100M000100Y4\0", 18), IDENT_FORMAT,
	    "uscc embedded NUL");
	is_int(uscc("91A50100M000100Y43"), IDENT_FORMAT,
	    "uscc letter in division code");
	is_int(uscc("913501A0M000100Y43"), IDENT_FORMAT,
	    "uscc letter at position 7");
	is_int(uscc("9135010AM000100Y43"), IDENT_FORMAT,
	    "uscc letter at position 8");
	is_int(uscc("9A350100M000100Y43") == IDENT_FORMAT, 0,
	    "uscc letter at position 2 is not a format error");
	is_int(uscc("91350100M000100Y44"), IDENT_CHECKSUM, "uscc bad check");

	/* I O S V Z are not in the alphabet, wherever they stand. */
	for (i = 0; i < 5; i++) {
		memcpy(buf, "91350100M000100Y43", 19);
		buf[8] = bad[i];
		is_int(uscc(buf), IDENT_FORMAT, "uscc letter %c in body", bad[i]);
		memcpy(buf, "91350100M000100Y43", 19);
		buf[17] = bad[i];
		is_int(uscc(buf), IDENT_FORMAT, "uscc letter %c as check",
		    bad[i]);
	}

	/* Every other check character is refused. */
	memcpy(buf, "91350100M000100Y43", 19);
	for (nbad = 0, i = 0; i < 31; i++) {
		buf[17] = uscc_abc[i];
		if (uscc(buf) == IDENT_CHECKSUM)
			nbad++;
	}
	is_int(nbad, 30, "uscc 30 wrong check characters refused");
}

/* Random codes: exactly one of the 31 check characters passes, the
 * one the reference computes. */
static void
test_uscc_random(void)
{
	uint32_t st = 1;
	char	 buf[19];
	int	 i, j, c, good = 0, agree = 0;

	for (i = 0; i < 2000; i++) {
		for (j = 0; j < 17; j++)
			buf[j] = j >= 2 && j <= 7 ? (char)('0' + rnd(&st) % 10) :
			    uscc_abc[rnd(&st) % 31];
		buf[18] = '\0';
		for (c = 0, j = 0; j < 31; j++) {
			buf[17] = uscc_abc[j];
			if (uscc(buf) == IDENT_OK) {
				c++;
				agree += buf[17] == ref_uscc(buf);
			}
		}
		good += c == 1;
	}
	is_int(good, 2000, "uscc random: one check character each");
	is_int(agree, 2000, "uscc random: agrees with reference");
}

/* ---- resident ID ---- */

/* Build an ID number of address 110105, birth date ymd, sequence 002,
 * and the right check character. */
static void
make_id(char buf[19], const char *ymd)
{

	memcpy(buf, "110105", 6);
	memcpy(buf + 6, ymd, 8);
	memcpy(buf + 14, "002", 3);
	buf[17] = ref_idcard(buf);
	buf[18] = '\0';
}

static void
test_idcard_fixed(void)
{
	char	 buf[19];
	const char *checks = "0123456789X";
	int	 i, nbad;

	is_int(ref_idcard("11010519491231002"), 'X', "id reference agrees");
	is_int(idc("11010519491231002X"), IDENT_OK, "id GB 11643 example");
	is_int(idc("11010519491231002x"), IDENT_FORMAT, "id lower-case x");
	is_int(idc("110105194912310"), IDENT_FORMAT, "id 15 digits");
	is_int(idc("11010519491231002"), IDENT_FORMAT, "id 17 digits");
	is_int(idc("11010519491231002X1"), IDENT_FORMAT, "id 19 chars");
	is_int(idc("1101051949123100XX"), IDENT_FORMAT, "id X in body");
	is_int(idc("11010519491231002Y"), IDENT_FORMAT, "id Y as check");
	is_int(idc("11010519491231 02X"), IDENT_FORMAT, "id space");
	is_int(idcard_check(NULL, 18, TODAY), IDENT_FORMAT, "id NULL");
	is_int(idc("110105194912310021"), IDENT_CHECKSUM, "id bad check");

	memcpy(buf, "11010519491231002X", 19);
	for (nbad = 0, i = 0; i < 11; i++) {
		buf[17] = checks[i];
		if (idc(buf) == IDENT_CHECKSUM)
			nbad++;
	}
	is_int(nbad, 10, "id 10 wrong check characters refused");

	make_id(buf, "20230229");
	is_int(idc(buf), IDENT_DATE, "id Feb 29 in a common year");
	make_id(buf, "20240229");
	is_int(idc(buf), IDENT_OK, "id Feb 29 in a leap year");
	make_id(buf, "19000229");
	is_int(idc(buf), IDENT_DATE, "id Feb 29 1900 (not leap)");
	make_id(buf, "20000229");
	is_int(idc(buf), IDENT_OK, "id Feb 29 2000 (leap)");
	make_id(buf, "19800431");
	is_int(idc(buf), IDENT_DATE, "id April 31");
	make_id(buf, "19801301");
	is_int(idc(buf), IDENT_DATE, "id month 13");
	make_id(buf, "19800001");
	is_int(idc(buf), IDENT_DATE, "id month 0");
	make_id(buf, "19800100");
	is_int(idc(buf), IDENT_DATE, "id day 0");
	make_id(buf, "19801232");
	is_int(idc(buf), IDENT_DATE, "id day 32");
	make_id(buf, "18991231");
	is_int(idc(buf), IDENT_DATE, "id born 1899");
	make_id(buf, "19000101");
	is_int(idc(buf), IDENT_OK, "id born 1900-01-01");
	make_id(buf, "20261121");
	is_int(idc(buf), IDENT_OK, "id born today");
	make_id(buf, "20261122");
	is_int(idc(buf), IDENT_DATE, "id born tomorrow");
	make_id(buf, "20991231");
	is_int(idc(buf), IDENT_DATE, "id future birth date");
	is_int(idcard_check(buf, 18, 20991231), IDENT_OK,
	    "id same date valid when today is later");
}

static void
test_idcard_random(void)
{
	uint32_t st = 7;
	const char *checks = "0123456789X";
	char	 buf[19];
	int	 i, j, c, good = 0, agree = 0;

	for (i = 0; i < 2000; i++) {
		for (j = 0; j < 17; j++)
			buf[j] = (char)('0' + rnd(&st) % 10);
		/* A valid birth date: 1950..2009, day 1..28. */
		buf[6] = '1' + (char)(rnd(&st) % 2);
		buf[7] = buf[6] == '1' ? '9' : '0';
		buf[8] = buf[6] == '1' ? (char)('5' + rnd(&st) % 5) : '0';
		buf[10] = '0';
		buf[11] = (char)('1' + rnd(&st) % 9);
		buf[12] = (char)('0' + rnd(&st) % 3);
		buf[13] = (char)('1' + rnd(&st) % 8);
		buf[18] = '\0';
		for (c = 0, j = 0; j < 11; j++) {
			buf[17] = checks[j];
			if (idc(buf) == IDENT_OK) {
				c++;
				agree += buf[17] == ref_idcard(buf);
			}
		}
		good += c == 1;
	}
	is_int(good, 2000, "id random: one check character each");
	is_int(agree, 2000, "id random: agrees with reference");
}

/* ---- organisation code ---- */

static void
test_orgcode(void)
{
	uint32_t st = 3;
	const char *abc = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	const char *checks = "0123456789X";
	char	 buf[10];
	int	 i, j, c, good = 0, agree = 0, saw0 = 0, sawx = 0;

	is_int(ref_org("D2143569"), 'X', "org reference agrees");
	is_int(org("D2143569-X"), IDENT_OK, "org GB 11714 example");
	is_int(org("D2143569X"), IDENT_OK, "org without hyphen");
	is_int(org("M000100Y4"), IDENT_OK, "org part of the USCC example");
	is_int(org("M000100Y-4"), IDENT_OK, "org part with hyphen");
	is_int(org("D2143569-1"), IDENT_CHECKSUM, "org bad check");
	is_int(org("D2143569x"), IDENT_FORMAT, "org lower-case x");
	is_int(org("d2143569-X"), IDENT_FORMAT, "org lower-case body");
	is_int(org("D2143569--X"), IDENT_FORMAT, "org two hyphens");
	is_int(org("D214356-9X"), IDENT_FORMAT, "org hyphen misplaced");
	is_int(org("D2143569-"), IDENT_FORMAT, "org no check");
	is_int(org("D2143569"), IDENT_FORMAT, "org 8 chars");
	is_int(org("D2143569-XX"), IDENT_FORMAT, "org 11 chars");
	is_int(org("D2143569-Y"), IDENT_FORMAT, "org Y as check");
	is_int(org("D2143569 X"), IDENT_FORMAT, "org space");
	is_int(org(""), IDENT_FORMAT, "org empty");
	is_int(orgcode_check(NULL, 9), IDENT_FORMAT, "org NULL");

	for (i = 0; i < 2000; i++) {
		for (j = 0; j < 8; j++)
			buf[j] = abc[rnd(&st) % 36];
		buf[9] = '\0';
		for (c = 0, j = 0; j < 11; j++) {
			buf[8] = checks[j];
			if (org(buf) == IDENT_OK) {
				c++;
				agree += buf[8] == ref_org(buf);
				saw0 += buf[8] == '0';
				sawx += buf[8] == 'X';
			}
		}
		good += c == 1;
	}
	is_int(good, 2000, "org random: one check character each");
	is_int(agree, 2000, "org random: agrees with reference");
	ok(saw0 > 0 && sawx > 0, "org random: checks 0 (11) and X (10) seen");
}

/* ---- patent numbers ---- */

static void
test_patent_examples(void)
{
	/* The forms people write; each has the same canonical form. */
	static const char *const forms[] = {
		"201710601862.3", "2017106018623", "ZL201710601862.3",
		"CN201710601862.3", "zl201710601862.3", "cn 201710601862.3",
		"ZL 2017 1 0601862.3", " 201710601862.3 ", "2017 1060 1862 3",
		"ZL2017106018623",
	};
	char	 out[14];
	size_t	 i;

	/* Worked examples from published explanations of the rule. */
	is_int(ref_patent("201710601862"), '3', "patent reference, new form");
	is_int(ref_patent("97101765"), '4', "patent reference, old form");
	is_int(ref_patent("95115608"), 'X', "patent reference, old form X");
	is_int(pat("201710601862.3"), IDENT_OK, "patent 201710601862.3");
	is_int(pat("97101765.4"), IDENT_OK, "patent 97101765.4");
	is_int(pat("ZL95115608.X"), IDENT_OK, "patent ZL95115608.X");
	is_int(pat("89100002.X"), IDENT_OK, "patent 89100002.X");
	is_int(pat("89100002.x"), IDENT_OK, "patent lower-case x");
	/* 200410062424 computes to check 7, not 0. */
	is_int(ref_patent("200410062424"), '7', "patent 200410062424 is .7");
	is_int(pat("ZL200410062424.7"), IDENT_OK, "patent ZL200410062424.7");
	is_int(pat("ZL200410062424.0"), IDENT_CHECKSUM,
	    "patent ZL200410062424.0 refused");

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		memset(out, 'z', sizeof(out));
		is_int(patentno_check(forms[i], strlen(forms[i]), THIS_YEAR,
		    out, sizeof(out)), IDENT_OK, "patent form \"%s\"", forms[i]);
		is_str(out, "2017106018623", "patent canonical of \"%s\"",
		    forms[i]);
	}
	is_int(patentno_check("ZL95115608.x", 12, THIS_YEAR, out,
	    sizeof(out)), IDENT_OK, "patent old form with x");
	is_str(out, "95115608X", "patent old canonical upper-case X");

	/* A buffer smaller than the contract allows gets "". */
	memset(out, 'z', sizeof(out));
	is_int(patentno_check("201710601862.3", 14, THIS_YEAR, out, 13),
	    IDENT_OK, "patent small out still checks");
	is_str(out, "", "patent small out left empty");
	memset(out, 'z', sizeof(out));
	is_int(patentno_check("201710601862.3", 14, THIS_YEAR, out, 0),
	    IDENT_OK, "patent outsz 0");
	is_int(out[0], 'z', "patent outsz 0 writes nothing");
}

static void
test_patent_bad(void)
{
	char	 out[14] = "untouched";

	is_int(pat("201710601862.4"), IDENT_CHECKSUM, "patent bad check");
	is_int(patentno_check("201710601862.4", 14, THIS_YEAR, out,
	    sizeof(out)), IDENT_CHECKSUM, "patent bad check with out");
	is_str(out, "untouched", "patent out not written on failure");
	is_int(pat("97101765.5"), IDENT_CHECKSUM, "patent old bad check");
	is_int(pat(""), IDENT_FORMAT, "patent empty");
	is_int(pat("   "), IDENT_FORMAT, "patent only spaces");
	is_int(pat("ZL"), IDENT_FORMAT, "patent prefix only");
	is_int(pat("ZL."), IDENT_FORMAT, "patent prefix and dot");
	is_int(patentno_check(NULL, 5, THIS_YEAR, NULL, 0), IDENT_FORMAT,
	    "patent NULL");
	is_int(pat("20171060186.3"), IDENT_FORMAT, "patent 11 digits");
	is_int(pat("2017106018622.3"), IDENT_FORMAT, "patent 13 digits");
	is_int(pat("9710176.4"), IDENT_FORMAT, "patent 7 digits");
	is_int(pat("2017.10601862.3"), IDENT_FORMAT, "patent dot misplaced");
	is_int(pat("201710601862..3"), IDENT_FORMAT, "patent two dots");
	is_int(pat("201710601862."), IDENT_FORMAT, "patent dot, no check");
	is_int(pat("ZLCN201710601862.3"), IDENT_FORMAT, "patent two prefixes");
	is_int(pat("US201710601862.3"), IDENT_FORMAT, "patent US prefix");
	is_int(pat("201710601862.3A"), IDENT_FORMAT, "patent kind code");
	is_int(pat("201710601862.Y"), IDENT_FORMAT, "patent Y as check");
	is_int(pat("2017106018\t62.3"), IDENT_FORMAT, "patent tab");
	is_int(pat("２０１７106018623"), IDENT_FORMAT, "patent full-width");
	is_int(pat("201710601862-3"), IDENT_FORMAT, "patent hyphen");
	is_int(patentno_check("201710601862.3\0", 15, THIS_YEAR, NULL, 0),
	    IDENT_FORMAT, "patent trailing NUL");
}

/* Build a number of n digits (8 or 12) from body and its check. */
static void
make_pat(char *buf, const char *body)
{
	size_t	 n = strlen(body);

	memcpy(buf, body, n);
	buf[n] = '.';
	buf[n + 1] = ref_patent(body);
	buf[n + 2] = '\0';
}

static void
test_patent_types_years(void)
{
	char	 body[13], buf[16];
	int	 t, want;

	for (t = 0; t <= 9; t++) {
		want = t == 1 || t == 2 || t == 3 || t == 8 || t == 9 ?
		    IDENT_OK : IDENT_FORMAT;
		snprintf(body, sizeof(body), "2016%d0012345", t);
		make_pat(buf, body);
		is_int(pat(buf), want, "patent new form type %d", t);
		snprintf(body, sizeof(body), "99%d00123", t);
		make_pat(buf, body);
		is_int(pat(buf), want, "patent old form type %d", t);
	}

	make_pat(buf, "202610012345");
	is_int(pat(buf), IDENT_OK, "patent this year");
	make_pat(buf, "202710012345");
	is_int(pat(buf), IDENT_DATE, "patent next year");
	is_int(patentno_check(buf, strlen(buf), 2027, NULL, 0), IDENT_OK,
	    "patent next year, a year later");
	make_pat(buf, "200310012345");
	is_int(pat(buf), IDENT_OK, "patent new form 2003");
	make_pat(buf, "200210012345");
	is_int(pat(buf), IDENT_DATE, "patent new form 2002");
	make_pat(buf, "198510012345");
	is_int(pat(buf), IDENT_DATE, "patent new form 1985");
	make_pat(buf, "85100001");
	is_int(pat(buf), IDENT_OK, "patent old form 1985");
	make_pat(buf, "84100001");
	is_int(pat(buf), IDENT_DATE, "patent old form 1984");
	make_pat(buf, "00100001");
	is_int(pat(buf), IDENT_OK, "patent old form 2000");
	make_pat(buf, "03100001");
	is_int(pat(buf), IDENT_OK, "patent old form 2003");
	make_pat(buf, "04100001");
	is_int(pat(buf), IDENT_DATE, "patent old form 2004");
	make_pat(buf, "50100001");
	is_int(pat(buf), IDENT_DATE, "patent old form 50");
}

static void
test_patent_random(void)
{
	uint32_t st = 11;
	const char *checks = "0123456789X", *types = "12389";
	char	 buf[14], out[14];
	int	 i, j, c, good = 0, agree = 0, canon = 0;
	size_t	 n;

	for (i = 0; i < 4000; i++) {
		n = i % 2 ? 12 : 8;
		for (j = 0; j < (int)n; j++)
			buf[j] = (char)('0' + rnd(&st) % 10);
		if (n == 12) {
			buf[0] = '2';
			buf[1] = '0';
			buf[2] = (char)('0' + rnd(&st) % 2);
			buf[3] = (char)('3' + rnd(&st) % 7);
			buf[4] = types[rnd(&st) % 5];
		} else {
			buf[0] = '9';
			buf[2] = types[rnd(&st) % 5];
		}
		buf[n + 1] = '\0';
		for (c = 0, j = 0; j < 11; j++) {
			buf[n] = checks[j];
			if (patentno_check(buf, n + 1, THIS_YEAR, out,
			    sizeof(out)) == IDENT_OK) {
				c++;
				agree += buf[n] == ref_patent_n(buf, n);
				canon += strcmp(out, buf) == 0;
			}
		}
		good += c == 1;
	}
	is_int(good, 4000, "patent random: one check character each");
	is_int(agree, 4000, "patent random: agrees with reference");
	is_int(canon, 4000, "patent random: canonical form is the input");
}

int
main(void)
{

	test_codes();
	test_uscc_fixed();
	test_uscc_random();
	test_idcard_fixed();
	test_idcard_random();
	test_orgcode();
	test_patent_examples();
	test_patent_bad();
	test_patent_types_years();
	test_patent_random();
	return tap_done();
}
