/*
 * test-credit.c -- the pure parts of credit disclosure: the platform's
 * signature (the test vectors of shared/credit-sim/README.md), amounts in
 * 万元, month arithmetic, the record checks of PROTOCOL.md 6-7 and the
 * canonical content whose SHA-256 the platform reports.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "credit.h"
#include "crypto.h"
#include "http_route.h"
#include "json_decode.h"
#include "num.h"
#include "pool.h"
#include "tap.h"
#include "workdays.h"

static void
test_signature(void)
{
	const char	*body = "{\"records\":[]}";
	char		 sig[65];

	credit_sign("demo-secret-0001", "POST", "/gateway/v1/penalties:batch",
	    "1700000000", "a1b2c3d4e5f60718293a4b5c6d7e8f90", body,
	    strlen(body), sig);
	is_str(sig,
	    "bdc7d6715bdf2bb6f3687e2233d9dfacecb4337caf50c8ac54cfb1f6f0fa4204",
	    "the README's POST vector");
	credit_sign("demo-secret-0001", "GET",
	    "/gateway/v1/receipts?date=2024-03-01", "1700000000",
	    "0123456789abcdef0123456789abcdef", NULL, 0, sig);
	is_str(sig,
	    "395d764406ee35c8940970d34f5921774ef6fb432520d12abd2b3cf23fbab81d",
	    "the README's GET vector (empty body, query signed)");
}

static void
test_amounts(void)
{
	int64_t	 v = -1;
	char	 out[48];

	ok(num_scaled("1.5", 3, 6, INT64_MAX, &v) == 0 && v == 1500000,
	    "1.5 万元 is 1,500,000 fen");
	ok(num_scaled("0.000001", 8, 6, INT64_MAX, &v) == 0 && v == 1,
	    "0.000001 万元 is one fen");
	ok(num_scaled("0.0000001", 9, 6, INT64_MAX, &v) == -1,
	    "a seventh decimal is refused");
	ok(num_scaled("01.5", 4, 6, INT64_MAX, &v) == -1,
	    "a leading zero is refused");
	ok(num_scaled("1e3", 3, 6, INT64_MAX, &v) == -1,
	    "an exponent is refused");
	ok(num_scaled("-1", 2, 6, INT64_MAX, &v) == -1, "a sign is refused");
	ok(num_scaled("1.", 2, 6, INT64_MAX, &v) == -1, "a bare dot is refused");
	is_str(num_scaled_format(1500000, 6, out, sizeof(out)), "1.5",
	    "trailing zeros go");
	is_str(num_scaled_format(2000000, 6, out, sizeof(out)), "2",
	    "a whole amount has no dot");
	is_str(num_scaled_format(0, 6, out, sizeof(out)), "0", "zero");
	is_str(num_scaled_format(350000, 6, out, sizeof(out)), "0.35",
	    "0.35 万元");
}

static void
test_months(void)
{
	char d[16];

	day_format(credit_add_months(day_from_ymd(2024, 11, 30), 3), d,
	    sizeof(d));
	is_str(d, "2025-02-28", "2024-11-30 + 3 months clamps to 2025-02-28");
	day_format(credit_add_months(day_from_ymd(2024, 2, 29), 12), d,
	    sizeof(d));
	is_str(d, "2025-02-28", "a leap day + 12 months");
	day_format(credit_add_months(day_from_ymd(2026, 1, 31), -2), d,
	    sizeof(d));
	is_str(d, "2025-11-30", "months back");
}

/* A checked penalty from JSON, errors into v.  The record lives in p. */
static struct penalty_in *
penalty(struct pool *p, const char *json, struct verrs *v)
{
	struct fs_env		 env = { 20261121 };
	struct penalty_in	*in = pool_alloc(p, sizeof(*in));
	const char		*detail;

	memset(v, 0, sizeof(*v));
	if (json_decode(p, &env, json, strlen(json), penalty_spec.fields,
	    penalty_spec.nfields, in, v, &detail) == JD_MALFORMED)
		return NULL;
	credit_check(CK_PENALTY, in, day_from_ymd(2026, 11, 21), v);
	return in;
}

static bool
has_error(const struct verrs *v, const char *field, const char *code)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->e[i].field, field) == 0 &&
		    strcmp(v->e[i].code, code) == 0)
			return true;
	return false;
}

#define ORG "\"cf_xdr_mc\":\"惠州市某某贸易有限公司\"," \
	"\"cf_xdr_lb\":\"法人及非法人组织\"," \
	"\"cf_xdr_shxym\":\"91350100M000100Y43\",\"cf_frdb\":\"张三\","
#define DECISION "\"cf_wsh\":\"惠市监知罚〔2026〕12号\"," \
	"\"cf_wfxw\":\"侵犯注册商标专用权\"," \
	"\"cf_sy\":\"销售侵犯注册商标专用权的商品\\n共计 120 件\"," \
	"\"cf_yj\":\"《中华人民共和国商标法》第六十条\"," \
	"\"cf_cfjg\":\"惠州市市场监督管理局\"," \
	"\"cf_cfjgdm\":\"11441300MB2C750402\"," \
	"\"cf_sjly\":\"惠州市市场监督管理局\"," \
	"\"cf_sjlydm\":\"11441300MB2C750402\",\"cf_yxq\":\"2099-12-31\","

static void
test_checks(struct pool *p)
{
	struct verrs	 v;
	struct buf	 b;
	char		 sha[65];
	struct penalty_in *in;

	in = penalty(p, "{" ORG DECISION "\"cf_cflb\":\"罚款;没收违法所得\","
	    "\"cf_nr\":\"罚款人民币贰万元，没收违法所得\","
	    "\"cf_nr_fk\":\"2.000000\",\"cf_nr_wfff\":0.35,"
	    "\"cf_jdrq\":\"2026-11-02\"}", &v);
	ok(in != NULL && v.n == 0, "a complete penalty passes (%zu errors%s%s)",
	    v.n, v.n ? ": " : "", v.n ? v.e[0].field : "");
	buf_init(&b, 65536);
	ok(in != NULL && credit_content(CK_PENALTY, in, &b) == 0,
	    "its canonical content is written");
	is_str(crypto_sha256_hex(b.p, b.len, sha),
	    "5a55b0340d02d785dd3594f37771cd91aa0bdd1a336e3ffc06c764eb512216e6",
	    "its SHA-256 is the platform's content_sha256 (keys sorted, "
	    "amounts canonical)");
	buf_free(&b);

	in = penalty(p, "{" ORG DECISION "\"cf_cflb\":\"罚款\","
	    "\"cf_nr\":\"罚款\",\"cf_jdrq\":\"2026-11-22\"}", &v);
	ok(has_error(&v, "cf_nr_fk", "required"),
	    "罚款 without a fine: cf_nr_fk required");
	ok(has_error(&v, "cf_jdrq", "date_in_future"),
	    "a decision after today is refused");

	in = penalty(p, "{" ORG DECISION "\"cf_cflb\":\"警告\","
	    "\"cf_nr\":\"警告\",\"cf_nr_fk\":\"1\",\"cf_jdrq\":\"2026-11-02\","
	    "\"cf_gsjzq\":\"2026-11-01\"}", &v);
	ok(has_error(&v, "cf_nr_fk", "inconsistent"),
	    "a fine without 罚款 is refused");
	ok(has_error(&v, "cf_gsjzq", "before_decision"),
	    "公示截止期 before the decision is refused");

	in = penalty(p, "{" ORG DECISION "\"cf_cflb\":\"罚款；警告\","
	    "\"cf_nr\":\"x\",\"cf_jdrq\":\"2026-11-02\"}", &v);
	ok(has_error(&v, "cf_cflb", "invalid_list"),
	    "a full-width semicolon is refused");
	in = penalty(p, "{" ORG DECISION "\"cf_cflb\":\"其他\","
	    "\"cf_nr\":\"x\",\"cf_jdrq\":\"2026-11-02\"}", &v);
	ok(has_error(&v, "cf_cflb", "other_needs_detail"),
	    "a bare 其他 is refused");
	in = penalty(p, "{" ORG DECISION "\"cf_cflb\":\"警告;警告\","
	    "\"cf_nr\":\"x\",\"cf_jdrq\":\"2026-11-02\"}", &v);
	ok(has_error(&v, "cf_cflb", "invalid_list"),
	    "a repeated category is refused");
	in = penalty(p, "{" ORG DECISION "\"cf_cflb\":\"其他-责令改正\","
	    "\"cf_nr\":\"x\",\"cf_jdrq\":\"2026-11-02\"}", &v);
	ok(in != NULL && v.n == 0, "其他-<具体类别> is accepted");

	in = penalty(p, "{\"cf_xdr_mc\":\"李四\",\"cf_xdr_lb\":\"自然人\","
	    "\"cf_xdr_shxym\":\"91350100M000100Y43\",\"cf_frdb\":\"张三\","
	    DECISION "\"cf_cflb\":\"警告\",\"cf_nr\":\"x\","
	    "\"cf_jdrq\":\"2026-11-02\"}", &v);
	ok(has_error(&v, "cf_xdr_zjlx", "required") &&
	    has_error(&v, "cf_xdr_zjhm", "required"),
	    "a natural person needs a document");
	ok(has_error(&v, "cf_xdr_shxym", "must_be_blank") &&
	    has_error(&v, "cf_frdb", "must_be_blank"),
	    "a natural person has no code and no legal representative");

	in = penalty(p, "{\"cf_xdr_mc\":\"李四\",\"cf_xdr_lb\":\"自然人\","
	    "\"cf_xdr_zjlx\":\"身份证\",\"cf_xdr_zjhm\":\"110105194912310021\","
	    DECISION "\"cf_cflb\":\"行政拘留\",\"cf_nr\":\"x\","
	    "\"cf_jdrq\":\"2026-11-02\"}", &v);
	ok(has_error(&v, "cf_xdr_zjhm", "bad_check_character"),
	    "a resident ID number's check character is checked");

	in = penalty(p, "{\"cf_xdr_mc\":\"某店\",\"cf_xdr_lb\":"
	    "\"法人及非法人组织\",\"cf_xdr_shxym\":\"00000000000000000X\","
	    "\"cf_frdb\":\"王五\"," DECISION "\"cf_cflb\":\"警告\","
	    "\"cf_nr\":\"x\",\"cf_jdrq\":\"2026-11-02\"}", &v);
	ok(has_error(&v, "cf_xdr_shxym", "filler_not_allowed"),
	    "the filler code only for 个体工商户");
	in = penalty(p, "{\"cf_xdr_mc\":\"某店\",\"cf_xdr_lb\":\"个体工商户\","
	    "\"cf_xdr_shxym\":\"00000000000000000X\",\"cf_frdb\":\"王五\","
	    DECISION "\"cf_cflb\":\"警告\",\"cf_nr\":\"x\","
	    "\"cf_jdrq\":\"2026-11-02\"}", &v);
	ok(has_error(&v, "cf_xdr_gszc", "required"),
	    "with the filler the registration number is required");
	in = penalty(p, "{" ORG DECISION "\"cf_xdr_zzjg\":\"M000100Y5\","
	    "\"cf_cflb\":\"警告\",\"cf_nr\":\"x\",\"cf_jdrq\":\"2026-11-02\"}",
	    &v);
	ok(v.n > 0 && !has_error(&v, "cf_xdr_zzjg", "required"),
	    "an organisation code must match the USCC");
}

static void
test_facts(struct pool *p)
{
	struct credit_facts	 f;
	struct verrs		 v;
	struct penalty_in	*in;

	in = penalty(p, "{" ORG DECISION "\"cf_cflb\":\"警告\","
	    "\"cf_nr\":\"警告\",\"cf_jdrq\":\"2026-11-02\"}", &v);
	credit_facts(p, CK_PENALTY, in, 1000000, 10000000, &f);
	ok(!f.published, "a warning alone is not published");
	ok(f.short_publicity, "a warning is short publicity");
	in = penalty(p, "{" ORG DECISION "\"cf_cflb\":\"罚款\","
	    "\"cf_nr\":\"x\",\"cf_nr_fk\":\"10.01\",\"cf_jdrq\":\"2026-11-02\"}",
	    &v);
	credit_facts(p, CK_PENALTY, in, 1000000, 10000000, &f);
	ok(f.published && !f.short_publicity,
	    "a fine over the organisations' small-fine amount: long publicity");
	ok(f.business_key != NULL && strlen(f.business_key) == 64,
	    "the business key is kept hashed");
	in = penalty(p, "{" ORG DECISION "\"cf_cflb\":\"吊销许可证件\","
	    "\"cf_nr\":\"x\",\"cf_nr_zkdx\":\"营业执照\","
	    "\"cf_jdrq\":\"2026-11-02\"}", &v);
	credit_facts(p, CK_PENALTY, in, 1000000, 10000000, &f);
	ok(f.serious, "吊销许可证件 is serious (严重失信)");
}

int
main(void)
{
	struct pool *p = pool_new(16u * 1024 * 1024);

	test_signature();
	test_amounts();
	test_months();
	test_checks(p);
	test_facts(p);
	pool_free(p);
	return tap_done();
}
