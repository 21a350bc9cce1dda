/*
 * credit_fields.c -- the record layouts of the provincial credit platform
 * (shared/credit-sim/PROTOCOL.md sections 6-8) as field specs, with the
 * checks across fields, so that a record the platform would refuse is
 * refused at entry, each failure naming its field code.  Also the
 * canonical content (the bytes of the platform's content_sha256) and the
 * facts the office's rules need.
 *
 * Field codes are the platform's; error codes are the API's (problem.c).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "buf.h"
#include "credit.h"
#include "crypto.h"
#include "http_route.h"
#include "ident.h"
#include "identity.h"
#include "num.h"
#include "pool.h"
#include "utf8.h"
#include "workdays.h"

#define WAN_MAX 999999999999999999LL	/* fen: under 10^12 万元 */

/* ---- code lists (PROTOCOL.md 6.1-6.3, 7, 7.1) ---------------------------- */

static const char *const xdr_lb[] = { "法人及非法人组织", "自然人",
    "个体工商户", NULL };
static const char *const ztlb[] = { "法人及非法人组织", "个体工商户", NULL };
static const char *const zjlx[] = { "身份证", "护照号",
    "港澳居民来往内地通行证", "台湾居民来往大陆通行证",
    "外国人永久居留身份证", NULL };
static const char *const cflb[] = { "警告", "通报批评", "罚款",
    "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
    "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭",
    "限制从业", "行政拘留", NULL };
static const char *const jc_lx[] = { "不定向抽查", "定向抽查", "专项检查",
    "日常检查", NULL };
static const char *const jc_jg[] = { "未发现问题",
    "未按规定公示应当公示的信息", "公示信息隐瞒真实情况弄虚作假",
    "通过登记的住所（经营场所）无法联系", "不配合检查情节严重",
    "未发现开展本次抽查涉及的经营活动", "发现问题经责令已改正",
    "发现问题待后续处理", "已关闭停业或正在组织清算", "注销", "被吊销",
    "被撤销", "迁出", NULL };
/* The platform's serious (严重失信) categories, PROTOCOL.md section 9. */
static const char *const serious_cflb[] = { "吊销许可证件", "责令停产停业",
    "责令关闭", "限制从业", NULL };

#define OTHER_PREFIX "其他-"
#define OTHER_BARE "其他"
#define FULLWIDTH_SEMI "；"

static bool
in_list(const char *const *list, const char *s, size_t len)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == len && memcmp(*list, s, len) == 0)
			return true;
	return false;
}

/* The code point at s (len bytes left), its length in *n; -1 if none. */
static long
cp_at(const char *s, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len == 0)
		return -1;
	if (u[0] < 0x80) {
		*n = 1;
		return u[0];
	}
	if ((u[0] & 0xe0) == 0xc0 && len >= 2) {
		*n = 2;
		return ((long)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
	}
	if ((u[0] & 0xf0) == 0xe0 && len >= 3) {
		*n = 3;
		return ((long)(u[0] & 0x0f) << 12) | ((long)(u[1] & 0x3f) << 6) |
		    (u[2] & 0x3f);
	}
	if ((u[0] & 0xf8) == 0xf0 && len >= 4) {
		*n = 4;
		return ((long)(u[0] & 0x07) << 18) | ((long)(u[1] & 0x3f) << 12) |
		    ((long)(u[2] & 0x3f) << 6) | (u[3] & 0x3f);
	}
	*n = 1;
	return -1;
}

/* White space as the platform (Python's str.isspace) sees it. */
static bool
is_space(long c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c &&
	    c <= 0x1f) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000;
}

/* The last code point of s. */
static long
last_cp(const char *s, size_t len)
{
	size_t i = len, n;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	return i > 0 ? cp_at(s + i - 1, len - i + 1, &n) : -1;
}

/* Leading or trailing white space the trim did not take (U+00A0 ...). */
static bool
edge_space(const char *s, size_t len)
{
	size_t n;

	return len > 0 && (is_space(cp_at(s, len, &n)) ||
	    is_space(last_cp(s, len)));
}

static bool
has(const char *s, size_t len, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= len; i++)
		if (memcmp(s + i, needle, k) == 0)
			return true;
	return false;
}

/* "其他-<具体名称>": 1-50 characters after the dash, the first not white
 * space, none a semicolon (ASCII or full-width). */
static bool
other_ok(const char *s, size_t len)
{
	const size_t	 p = sizeof(OTHER_PREFIX) - 1;
	size_t		 n, nchars;

	if (len <= p || memcmp(s, OTHER_PREFIX, p) != 0)
		return false;
	s += p;
	len -= p;
	nchars = utf8_count(s, len);
	if (nchars < 1 || nchars > 50 || is_space(cp_at(s, len, &n)))
		return false;
	return memchr(s, ';', len) == NULL && !has(s, len, FULLWIDTH_SEMI);
}

static bool
bare_other(const char *s, size_t len)
{
	return len == sizeof(OTHER_BARE) - 1 && memcmp(s, OTHER_BARE, len) == 0;
}

/* One value of a code list, or "其他-..." where the list allows it. */
static const char *
one_of(const char *const *list, bool other, const char *s, size_t len)
{
	if (in_list(list, s, len) || (other && other_ok(s, len)))
		return NULL;
	return other && bare_other(s, len) ? "other_needs_detail" :
	    "invalid_value";
}

/* Several values joined by ASCII ';' (PROTOCOL.md 6.3): no full-width
 * semicolon, empty item, white space around an item or repeated item;
 * `alone`, if given, cannot be combined with others. */
static const char *
list_of(const char *const *list, bool other, const char *alone,
    const char *s, size_t len)
{
	const char	*item[64];
	size_t		 ilen[64], n = 0, i, j, k;
	const char	*code;

	if (has(s, len, FULLWIDTH_SEMI))
		return "invalid_list";
	for (i = 0; i <= len; i = j + 1) {
		for (j = i; j < len && s[j] != ';'; j++)
			;
		if (j == i || n == 64 || edge_space(s + i, j - i) ||
		    s[i] == ' ' || s[j - 1] == ' ')
			return "invalid_list";
		item[n] = s + i;
		ilen[n++] = j - i;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++)
			if (ilen[k] == ilen[i] &&
			    memcmp(item[k], item[i], ilen[i]) == 0)
				return "invalid_list";
		if ((code = one_of(list, other, item[i], ilen[i])) != NULL)
			return code;
	}
	if (alone != NULL && n > 1)
		for (i = 0; i < n; i++)
			if (ilen[i] == strlen(alone) &&
			    memcmp(item[i], alone, ilen[i]) == 0)
				return "not_combinable";
	return NULL;
}

/* ---- per-field checks ------------------------------------------------------ */

static const char *
chk_line(const char *s, size_t len, const struct fs_env *env)
{
	return edge_space(s, len) ? "invalid_format" : NULL;
}

static const char *
chk_xdr_lb(const char *s, size_t len, const struct fs_env *env)
{
	return one_of(xdr_lb, false, s, len);
}

static const char *
chk_ztlb(const char *s, size_t len, const struct fs_env *env)
{
	return one_of(ztlb, false, s, len);
}

static const char *
chk_zjlx(const char *s, size_t len, const struct fs_env *env)
{
	return one_of(zjlx, true, s, len);
}

static const char *
chk_cflb(const char *s, size_t len, const struct fs_env *env)
{
	return list_of(cflb, true, NULL, s, len);
}

static const char *
chk_jc_lx(const char *s, size_t len, const struct fs_env *env)
{
	return one_of(jc_lx, true, s, len);
}

static const char *
chk_jc_jg(const char *s, size_t len, const struct fs_env *env)
{
	return list_of(jc_jg, false, "未发现问题", s, len);
}

static const char *
chk_orgcode(const char *s, size_t len, const struct fs_env *env)
{
	enum ident_err e;

	if (len != 9)
		return "invalid_format";
	e = orgcode_check(s, len);
	return e == IDENT_OK ? NULL : ident_code(e);
}

static const char *
chk_case_no(const char *s, size_t len, const struct fs_env *env)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' &&
		    s[i] <= '9')))
			return "invalid_format";
	return NULL;
}

/* ---- the specs ---------------------------------------------------------------- */

#define LINE(st, m, max, chk) { #m, FS_STR, 0, offsetof(st, m), 0, max, 0, 0, \
	0, chk, NULL, 0, 0, 0 }
#define TEXT(st, m, max) { #m, FS_TEXT, 0, offsetof(st, m), 0, max, 0, 0, 0, \
	chk_line, NULL, 0, 0, 0 }
#define DAY(st, m) { #m, FS_DATE, 0, offsetof(st, m), 0, 0, 0, 0, 0, NULL, \
	NULL, 0, 0, 0 }
#define WAN(st, m) { #m, FS_WAN, 0, offsetof(st, m), 0, 0, 0, WAN_MAX, 0, \
	NULL, NULL, 0, 0, 0 }
#define FLAG(st, m) { #m, FS_BOOL, 0, offsetof(st, m), 0, 0, 0, 0, 0, NULL, \
	NULL, 0, 0, 0 }

#define P struct penalty_in
static const struct fspec penalty_fields[] = {
	TEXT(P, bz, 512),
	LINE(P, cf_cfjg, 200, chk_line),
	LINE(P, cf_cfjgdm, 18, fs_uscc),
	LINE(P, cf_cflb, 256, chk_cflb),
	LINE(P, cf_fr_zjhm, 64, chk_line),
	LINE(P, cf_fr_zjlx, 64, chk_zjlx),
	LINE(P, cf_frdb, 50, chk_line),
	DAY(P, cf_gsjzq),
	DAY(P, cf_jdrq),
	TEXT(P, cf_nr, 4000),
	WAN(P, cf_nr_fk),
	WAN(P, cf_nr_wfff),
	LINE(P, cf_nr_zkdx, 200, chk_line),
	LINE(P, cf_sjly, 200, chk_line),
	LINE(P, cf_sjlydm, 18, fs_uscc),
	TEXT(P, cf_sy, 5000),
	TEXT(P, cf_wfxw, 2000),
	LINE(P, cf_wsh, 128, chk_line),
	LINE(P, cf_xdr_gszc, 50, chk_line),
	LINE(P, cf_xdr_lb, 16, chk_xdr_lb),
	LINE(P, cf_xdr_mc, 200, chk_line),
	LINE(P, cf_xdr_shxym, 18, fs_uscc_or_filler),
	LINE(P, cf_xdr_shzz, 50, chk_line),
	LINE(P, cf_xdr_swdj, 50, chk_line),
	LINE(P, cf_xdr_sydw, 50, chk_line),
	LINE(P, cf_xdr_zjhm, 64, chk_line),
	LINE(P, cf_xdr_zjlx, 64, chk_zjlx),
	LINE(P, cf_xdr_zzjg, 9, chk_orgcode),
	TEXT(P, cf_yj, 2000),
	DAY(P, cf_yxq),
	/* the office's own, after the platform's fields */
	LINE(P, case_no, 24, chk_case_no),
	FLAG(P, intentional),
	FLAG(P, ip_infringement),
	TEXT(P, reason, 500),
};
#undef P
#define NPENALTY_FIELDS 30

#define I struct inspection_in
static const struct fspec inspection_fields[] = {
	TEXT(I, bz, 512),
	LINE(I, jc_fddbr, 50, chk_line),
	LINE(I, jc_jg, 256, chk_jc_jg),
	TEXT(I, jc_jgsm, 2000),
	LINE(I, jc_lx, 32, chk_jc_lx),
	DAY(I, jc_rq),
	LINE(I, jc_rwbh, 64, chk_line),
	LINE(I, jc_rwmc, 200, chk_line),
	LINE(I, jc_shxym, 18, fs_uscc_or_filler),
	LINE(I, jc_sjly, 200, chk_line),
	LINE(I, jc_sjlydm, 18, fs_uscc),
	LINE(I, jc_ssjg, 200, chk_line),
	LINE(I, jc_ssjgdm, 18, fs_uscc),
	TEXT(I, jc_sx, 500),
	LINE(I, jc_zch, 50, chk_line),
	LINE(I, jc_ztlb, 16, chk_ztlb),
	LINE(I, jc_ztmc, 200, chk_line),
	LINE(I, case_no, 24, chk_case_no),
	TEXT(I, reason, 500),
};
#undef I
#define NINSPECTION_FIELDS 17

/* The reason of a correction is required; a new record has none. */
static void
reason_rule(struct ctx *ctx, const char *reason, struct verrs *v)
{
	if (ctx->req->nparams > 0 && reason == NULL)
		verr_required(v, "reason");
	if (ctx->req->nparams == 0 && reason != NULL)
		verr_add(v, "reason", "not_allowed", 0);
}

static void
penalty_validate(struct ctx *ctx, void *input, struct verrs *v)
{
	struct penalty_in *in = input;

	credit_check(CK_PENALTY, in, ctx->today, v);
	reason_rule(ctx, in->reason, v);
}

static void
inspection_validate(struct ctx *ctx, void *input, struct verrs *v)
{
	struct inspection_in *in = input;

	credit_check(CK_INSPECTION, in, ctx->today, v);
	reason_rule(ctx, in->reason, v);
}

const struct bodyspec penalty_spec = {
	penalty_fields, sizeof(penalty_fields) / sizeof(penalty_fields[0]),
	sizeof(struct penalty_in), penalty_validate
};

const struct bodyspec inspection_spec = {
	inspection_fields,
	sizeof(inspection_fields) / sizeof(inspection_fields[0]),
	sizeof(struct inspection_in), inspection_validate
};

/* ---- checks across fields ------------------------------------------------------ */

static bool
eq(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

/* Whether the ';' list s holds item. */
static bool
list_has(const char *s, const char *item)
{
	size_t k = strlen(item);

	while (s != NULL && *s != '\0') {
		size_t n = strcspn(s, ";");

		if (n == k && memcmp(s, item, k) == 0)
			return true;
		s += n + (s[n] == ';');
	}
	return false;
}

static bool
list_any(const char *s, const char *const *items)
{
	for (; *items != NULL; items++)
		if (list_has(s, *items))
			return true;
	return false;
}

static void
must_be_blank(struct verrs *v, const char *field, const void *value)
{
	if (value != NULL)
		verr_add(v, field, "must_be_blank", 0);
}

/* A document type and number, both or neither; the number checked by
 * its type (PROTOCOL.md 6, "document numbers"). */
static void
id_pair(struct verrs *v, const char *tfield, const char *type,
    const char *nfield, const char *no, int32_t today)
{
	enum ident_err	 e;
	size_t		 i;

	if ((type == NULL) != (no == NULL)) {
		if (type == NULL)
			verr_required(v, tfield);
		else
			verr_required(v, nfield);
		return;
	}
	if (type == NULL)
		return;
	if (strcmp(type, "身份证") == 0) {
		e = idcard_check(no, strlen(no), ymdint_from_day(today));
		if (e != IDENT_OK)
			verr_add(v, nfield, ident_code(e), 0);
		return;
	}
	if (!in_list(zjlx, type, strlen(type)))
		return;		/* 其他-…: any text */
	for (i = 0; no[i] != '\0'; i++)
		if (!((no[i] >= '0' && no[i] <= '9') || (no[i] >= 'A' &&
		    no[i] <= 'Z') || (no[i] >= 'a' && no[i] <= 'z') ||
		    no[i] == '(' || no[i] == ')' || no[i] == '-'))
			break;
	if (no[i] != '\0' || i > 64)
		verr_add(v, nfield, "invalid_format", 0);
}

/* A date the platform accepts: 1949-10-01 to 2099-12-31. */
static void
date_range(struct verrs *v, const char *field, int32_t ymd)
{
	if (ymd != 0 && (ymd < 19491001 || ymd > 20991231))
		verr_add(v, field, "out_of_range", 0);
}

/* The party's code of an organisation or individual business: the filler
 * only for 个体工商户 (then the registration number is required), a real
 * individual business code starting with 92, no 92 for organisations. */
static void
party_code(struct verrs *v, const char *lb, const char *ufield,
    const char *uscc, const char *rfield, const char *regno)
{
	if (uscc == NULL)
		return;
	if (strcmp(uscc, CREDIT_FILLER) == 0) {
		if (!eq(lb, "个体工商户"))
			verr_add(v, ufield, "filler_not_allowed", 0);
		else if (regno == NULL)
			verr_required(v, rfield);
		return;
	}
	if (eq(lb, "个体工商户") && strncmp(uscc, "92", 2) != 0)
		verr_add(v, ufield, "inconsistent", 0);
	if (eq(lb, "法人及非法人组织") && strncmp(uscc, "92", 2) == 0)
		verr_add(v, ufield, "inconsistent", 0);
}

static void
check_party(const struct penalty_in *p, int32_t today, struct verrs *v)
{
	const char *lb = p->cf_xdr_lb;

	if (eq(lb, "法人及非法人组织") || eq(lb, "个体工商户")) {
		if (p->cf_xdr_shxym == NULL)
			verr_required(v, "cf_xdr_shxym");
		if (p->cf_frdb == NULL)
			verr_required(v, "cf_frdb");
		must_be_blank(v, "cf_xdr_zjlx", p->cf_xdr_zjlx);
		must_be_blank(v, "cf_xdr_zjhm", p->cf_xdr_zjhm);
		party_code(v, lb, "cf_xdr_shxym", p->cf_xdr_shxym,
		    "cf_xdr_gszc", p->cf_xdr_gszc);
		if (p->cf_xdr_shxym != NULL && p->cf_xdr_zzjg != NULL &&
		    strcmp(p->cf_xdr_shxym, CREDIT_FILLER) != 0 &&
		    strncmp(p->cf_xdr_shxym + 8, p->cf_xdr_zzjg, 9) != 0)
			verr_add(v, "cf_xdr_zzjg", "inconsistent", 0);
	} else if (eq(lb, "自然人")) {
		if (p->cf_xdr_zjlx == NULL)
			verr_required(v, "cf_xdr_zjlx");
		if (p->cf_xdr_zjhm == NULL)
			verr_required(v, "cf_xdr_zjhm");
		must_be_blank(v, "cf_xdr_shxym", p->cf_xdr_shxym);
		must_be_blank(v, "cf_xdr_gszc", p->cf_xdr_gszc);
		must_be_blank(v, "cf_xdr_zzjg", p->cf_xdr_zzjg);
		must_be_blank(v, "cf_xdr_swdj", p->cf_xdr_swdj);
		must_be_blank(v, "cf_xdr_sydw", p->cf_xdr_sydw);
		must_be_blank(v, "cf_xdr_shzz", p->cf_xdr_shzz);
		must_be_blank(v, "cf_frdb", p->cf_frdb);
		must_be_blank(v, "cf_fr_zjlx", p->cf_fr_zjlx);
		must_be_blank(v, "cf_fr_zjhm", p->cf_fr_zjhm);
	} else if (p->cf_xdr_shxym != NULL &&
	    strcmp(p->cf_xdr_shxym, CREDIT_FILLER) == 0)
		verr_add(v, "cf_xdr_shxym", "filler_not_allowed", 0);
	if (!eq(lb, "自然人"))
		id_pair(v, "cf_fr_zjlx", p->cf_fr_zjlx, "cf_fr_zjhm",
		    p->cf_fr_zjhm, today);
	if (!eq(lb, "法人及非法人组织") && !eq(lb, "个体工商户"))
		id_pair(v, "cf_xdr_zjlx", p->cf_xdr_zjlx, "cf_xdr_zjhm",
		    p->cf_xdr_zjhm, today);
}

/* Amounts and licences follow the categories, both ways (6.4 (7), (8)). */
static void
check_categories(const struct penalty_in *p, struct verrs *v)
{
	const char	*c = p->cf_cflb;
	bool		 fine, conf, lic;

	if (c == NULL)
		return;
	fine = list_has(c, "罚款");
	conf = list_has(c, "没收违法所得") || list_has(c, "没收非法财物");
	lic = list_has(c, "暂扣许可证件") || list_has(c, "吊销许可证件");
	if (fine && !p->cf_nr_fk.set)
		verr_required(v, "cf_nr_fk");
	else if (!fine && p->cf_nr_fk.set)
		verr_add(v, "cf_nr_fk", "inconsistent", 0);
	if (conf && !p->cf_nr_wfff.set)
		verr_required(v, "cf_nr_wfff");
	else if (!conf && p->cf_nr_wfff.set)
		verr_add(v, "cf_nr_wfff", "inconsistent", 0);
	if (lic && p->cf_nr_zkdx == NULL)
		verr_required(v, "cf_nr_zkdx");
	else if (!lic && p->cf_nr_zkdx != NULL)
		verr_add(v, "cf_nr_zkdx", "inconsistent", 0);
	if (fine && p->cf_nr_fk.set && p->cf_nr_fk.v <= 0)
		verr_add(v, "cf_nr_fk", "must_be_positive", 0);
	if (list_has(c, "没收违法所得") && p->cf_nr_wfff.set &&
	    p->cf_nr_wfff.v <= 0)
		verr_add(v, "cf_nr_wfff", "must_be_positive", 0);
	if (list_has(c, "行政拘留") && p->cf_xdr_lb != NULL &&
	    strcmp(p->cf_xdr_lb, "自然人") != 0)
		verr_add(v, "cf_cflb", "inconsistent", 0);
}

static void
check_penalty(const struct penalty_in *p, int32_t today, struct verrs *v)
{
	static const char *const required[] = { "cf_xdr_mc", "cf_xdr_lb",
	    "cf_wsh", "cf_wfxw", "cf_sy", "cf_yj", "cf_cflb", "cf_nr",
	    "cf_cfjg", "cf_cfjgdm", "cf_sjly", "cf_sjlydm" };
	const void *const values[] = { p->cf_xdr_mc, p->cf_xdr_lb, p->cf_wsh,
	    p->cf_wfxw, p->cf_sy, p->cf_yj, p->cf_cflb, p->cf_nr, p->cf_cfjg,
	    p->cf_cfjgdm, p->cf_sjly, p->cf_sjlydm };
	int32_t	 ymd_today = ymdint_from_day(today);
	size_t	 i;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (values[i] == NULL)
			verr_required(v, required[i]);
	if (p->cf_jdrq == 0)
		verr_required(v, "cf_jdrq");
	if (p->cf_yxq == 0)
		verr_required(v, "cf_yxq");
	check_party(p, today, v);
	check_categories(p, v);
	date_range(v, "cf_jdrq", p->cf_jdrq);
	date_range(v, "cf_yxq", p->cf_yxq);
	date_range(v, "cf_gsjzq", p->cf_gsjzq);
	if (p->cf_jdrq > ymd_today)
		verr_add(v, "cf_jdrq", "date_in_future", 0);
	if (p->cf_jdrq != 0 && p->cf_yxq != 0 && p->cf_yxq < p->cf_jdrq)
		verr_add(v, "cf_yxq", "before_decision", 0);
	if (p->cf_jdrq != 0 && p->cf_gsjzq != 0 && p->cf_gsjzq < p->cf_jdrq)
		verr_add(v, "cf_gsjzq", "before_decision", 0);
}

static void
check_inspection(const struct inspection_in *p, int32_t today,
    struct verrs *v)
{
	static const char *const required[] = { "jc_ztmc", "jc_ztlb",
	    "jc_shxym", "jc_lx", "jc_ssjg", "jc_ssjgdm", "jc_jg", "jc_sjly",
	    "jc_sjlydm" };
	const void *const values[] = { p->jc_ztmc, p->jc_ztlb, p->jc_shxym,
	    p->jc_lx, p->jc_ssjg, p->jc_ssjgdm, p->jc_jg, p->jc_sjly,
	    p->jc_sjlydm };
	size_t i;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (values[i] == NULL)
			verr_required(v, required[i]);
	if (p->jc_rq == 0)
		verr_required(v, "jc_rq");
	if (p->jc_ztlb != NULL)
		party_code(v, p->jc_ztlb, "jc_shxym", p->jc_shxym, "jc_zch",
		    p->jc_zch);
	else if (p->jc_shxym != NULL && strcmp(p->jc_shxym,
	    CREDIT_FILLER) == 0)
		verr_add(v, "jc_shxym", "filler_not_allowed", 0);
	if (eq(p->jc_lx, "不定向抽查") || eq(p->jc_lx, "定向抽查")) {
		if (p->jc_rwbh == NULL)
			verr_required(v, "jc_rwbh");
		if (p->jc_rwmc == NULL)
			verr_required(v, "jc_rwmc");
	}
	date_range(v, "jc_rq", p->jc_rq);
	if (p->jc_rq > ymdint_from_day(today))
		verr_add(v, "jc_rq", "date_in_future", 0);
}

void
credit_check(enum credit_kind kind, const void *in, int32_t today,
    struct verrs *v)
{
	if (kind == CK_PENALTY)
		check_penalty(in, today, v);
	else
		check_inspection(in, today, v);
}

/* ---- canonical content ------------------------------------------------------------ */

/* The value of platform field f of a record as the platform stores it,
 * into tmp when it must be formatted; NULL when blank. */
static const char *
field_text(const struct fspec *f, const void *in, char *tmp, size_t tmpsz)
{
	const char *base = in;

	switch (f->type) {
	case FS_STR:
	case FS_TEXT:
		return *(const char *const *)(base + f->off);
	case FS_DATE: {
		int32_t ymd = *(const int32_t *)(base + f->off);

		if (ymd == 0)
			return NULL;
		snprintf(tmp, tmpsz, "%04d-%02d-%02d", (int)(ymd / 10000),
		    (int)(ymd / 100 % 100), (int)(ymd % 100));
		return tmp;
	}
	case FS_WAN: {
		const struct opt_i64 *o = (const void *)(base + f->off);

		return o->set ? num_scaled_format(o->v, 6, tmp, tmpsz) : NULL;
	}
	default:
		return NULL;
	}
}

int
credit_content(enum credit_kind kind, const void *in, struct buf *out)
{
	const struct fspec	*fs = kind == CK_PENALTY ? penalty_fields :
	    inspection_fields;
	const size_t		 n = kind == CK_PENALTY ? NPENALTY_FIELDS :
	    NINSPECTION_FIELDS;
	struct json_object	*o = json_object_new_object();
	const char		*s;
	char			 tmp[48];
	size_t			 i;
	int			 rc;

	if (o == NULL)
		return -1;
	/* The specs list the platform's fields first, sorted by code, so
	 * the object's keys come out in the canonical order. */
	for (i = 0; i < n; i++)
		if ((s = field_text(&fs[i], in, tmp, sizeof(tmp))) != NULL)
			json_object_object_add(o, fs[i].name,
			    json_object_new_string(s));
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	rc = s != NULL ? buf_adds(out, s) : -1;
	json_object_put(o);
	return rc;
}

/* ---- facts ---------------------------------------------------------------------------- */

static enum credit_party
party_of(const char *lb)
{
	return eq(lb, "自然人") ? CP_PERSON : eq(lb, "个体工商户") ?
	    CP_INDIVIDUAL : CP_ORG;
}

/* The platform's party key (5.2): the code, the registration number with
 * the filler, or the document of a natural person. */
static const char *
party_key(struct pool *pool, const char *lb, const char *uscc,
    const char *regno, const char *idtype, const char *idno)
{
	if (eq(lb, "自然人"))
		return pool_printf(pool, "person:%s:%s", idtype ? idtype : "",
		    idno ? idno : "");
	if (eq(uscc, CREDIT_FILLER))
		return pool_printf(pool, "%s%s", "gszc:", regno ? regno : "");
	return pool_printf(pool, "uscc:%s", uscc ? uscc : "");
}

/* The key is kept hashed: for a natural person it holds an ID number. */
static const char *
hashed(struct pool *pool, const char *key)
{
	char *hex = pool_alloc(pool, 65);

	if (key == NULL || hex == NULL)
		return NULL;
	return crypto_sha256_hex(key, strlen(key), hex);
}

/* 警告 or 通报批评 or a small fine, nothing else: the office's short
 * publicity (SPEC section 4). */
static bool
short_publicity(const char *c, int64_t fine, int64_t limit)
{
	static const char *const mild[] = { "警告", "通报批评", "罚款", NULL };
	size_t n;

	while (c != NULL && *c != '\0') {
		n = strcspn(c, ";");
		if (!in_list(mild, c, n))
			return false;
		c += n + (c[n] == ';');
	}
	return fine <= limit;
}

void
credit_facts(struct pool *pool, enum credit_kind kind, const void *in,
    int64_t small_fine_person, int64_t small_fine_org,
    struct credit_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	if (kind == CK_PENALTY) {
		const struct penalty_in *p = in;

		f->party = party_of(p->cf_xdr_lb);
		f->party_name = p->cf_xdr_mc;
		f->party_uscc = eq(p->cf_xdr_shxym, CREDIT_FILLER) ? NULL :
		    p->cf_xdr_shxym;
		f->business_key = hashed(pool, pool_printf(pool, "wsh|%s|%s",
		    p->cf_wsh, party_key(pool, p->cf_xdr_lb, p->cf_xdr_shxym,
		    p->cf_xdr_gszc, p->cf_xdr_zjlx, p->cf_xdr_zjhm)));
		f->doc_no = p->cf_wsh;
		f->decided = day_from_ymdint(p->cf_jdrq);
		f->categories = p->cf_cflb;
		f->published = !eq(p->cf_cflb, "警告");
		f->serious = list_any(p->cf_cflb, serious_cflb);
		f->fine = p->cf_nr_fk.set ? p->cf_nr_fk.v : 0;
		f->short_publicity = short_publicity(p->cf_cflb, f->fine,
		    f->party == CP_PERSON ? small_fine_person : small_fine_org);
		f->has_person_data = f->party == CP_PERSON ||
		    p->cf_fr_zjhm != NULL;
		return;
	} else {
		const struct inspection_in *p = in;

		f->party = party_of(p->jc_ztlb);
		f->party_name = p->jc_ztmc;
		f->party_uscc = eq(p->jc_shxym, CREDIT_FILLER) ? NULL :
		    p->jc_shxym;
		f->business_key = p->jc_rwbh == NULL ? NULL : hashed(pool,
		    pool_printf(pool, "task|%s|%s", p->jc_rwbh, eq(p->jc_shxym,
		    CREDIT_FILLER) ? pool_printf(pool, "zch:%s", p->jc_zch ?
		    p->jc_zch : "") : pool_printf(pool, "uscc:%s",
		    p->jc_shxym)));
		f->doc_no = p->jc_rwbh;
		f->decided = day_from_ymdint(p->jc_rq);
		f->categories = p->jc_jg;
		f->published = true;
	}
}

/* ---- codes ---------------------------------------------------------------------------------- */

static const char *const kind_codes[] = { "penalty", "inspection", NULL };
static const char *const state_codes[] = { "active", "revoked", "repaired",
    NULL };
static const char *const delivery_codes[] = { "not_published", "pending",
    "delivered", "failed", NULL };
static const char *const op_codes[] = { "create", "update", "revoke",
    "repair", NULL };
static const char *const party_codes[] = { "organization", "person",
    "individual_business", NULL };

_Static_assert(sizeof(kind_codes) / sizeof(kind_codes[0]) == CK__MAX + 1,
    "kinds");
_Static_assert(sizeof(state_codes) / sizeof(state_codes[0]) == CS__MAX + 1,
    "states");
_Static_assert(sizeof(delivery_codes) / sizeof(delivery_codes[0]) ==
    CD__MAX + 1, "deliveries");
_Static_assert(sizeof(op_codes) / sizeof(op_codes[0]) == CO__MAX + 1, "ops");
_Static_assert(sizeof(party_codes) / sizeof(party_codes[0]) == CP__MAX + 1,
    "parties");

static int
find(const char *const *codes, const char *s)
{
	int i;

	for (i = 0; s != NULL && codes[i] != NULL; i++)
		if (strcmp(codes[i], s) == 0)
			return i;
	return -1;
}

const char *
credit_kind_code(enum credit_kind k)
{
	return kind_codes[k];
}

const char *
credit_state_code(enum credit_state s)
{
	return state_codes[s];
}

const char *
credit_delivery_code(enum credit_delivery d)
{
	return delivery_codes[d];
}

const char *
credit_op_code(enum credit_op o)
{
	return op_codes[o];
}

const char *
credit_party_code(enum credit_party p)
{
	return party_codes[p];
}

int
credit_kind_find(const char *s)
{
	return find(kind_codes, s);
}

int
credit_state_find(const char *s)
{
	return find(state_codes, s);
}

int
credit_delivery_find(const char *s)
{
	return find(delivery_codes, s);
}

int
credit_op_find(const char *s)
{
	return find(op_codes, s);
}

int
credit_party_find(const char *s)
{
	return find(party_codes, s);
}

int32_t
credit_add_months(int32_t day, int months)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, last, total;

	ymd_from_day(day, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0));
	return day_from_ymd(y, m, d < last ? d : last);
}
