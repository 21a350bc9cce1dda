/*
 * complaint_fields.c -- what the intake route accepts: the field specs
 * (types, lengths, value lists, syntax checks) and the checks across
 * fields (identity for complaints, exhibitions, online shops, identifier
 * check digits, the city's districts).
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "complaint.h"
#include "handlers.h"
#include "ident.h"
#include "identity.h"
#include "pool.h"
#include "validate.h"

/* ---- single-field checks ------------------------------------------- */

static const char *
chk_url(const char *s, size_t len, const struct fs_env *env)
{
	return valid_url(s, len) ? NULL : "invalid_url";
}

static const char *
chk_district(const char *s, size_t len, const struct fs_env *env)
{
	return valid_district_syntax(s, len) ? NULL : "invalid_format";
}

/* ---- specs ----------------------------------------------------------- */

#define STR(n, st, m, mx, fl, ck) { n, FS_STR, fl, offsetof(st, m), 0, mx, \
	0, 0, 0, ck, NULL, 0, 0, 0 }
#define TEXT(n, st, m, mx, fl) { n, FS_TEXT, fl, offsetof(st, m), 0, mx, \
	0, 0, 0, NULL, NULL, 0, 0, 0 }
#define ENUM(n, st, m, e, fl) { n, FS_ENUM, fl, offsetof(st, m), 0, 0, \
	0, 0, e, NULL, NULL, 0, 0, 0 }
#define DATE(n, st, m, fl) { n, FS_DATE, fl, offsetof(st, m), 0, 0, \
	0, 0, 0, NULL, NULL, 0, 0, 0 }
#define OBJ(n, st, m, sub, sst, fl) { n, FS_OBJ, fl, offsetof(st, m), 0, 0, \
	0, 0, 0, NULL, sub, sizeof(sub) / sizeof(sub[0]), sizeof(sst), 0 }

static const struct fspec party_fields[] = {
	STR("name", struct party_in, name, 100, 0, NULL),
	ENUM("id_type", struct party_in, id_type, EN_ID_TYPE, 0),
	STR("id_number", struct party_in, id_number, 64, 0, NULL),
	STR("phone", struct party_in, phone, 20, 0, fs_mobile),
	STR("email", struct party_in, email, 254, 0, fs_email),
	STR("address", struct party_in, address, 300, 0, NULL),
};

static const struct fspec respondent_fields[] = {
	STR("name", struct respondent_in, name, 200, FS_REQUIRED, NULL),
	STR("uscc", struct respondent_in, uscc, 18, 0, fs_uscc_or_filler),
	STR("registration_no", struct respondent_in, registration_no, 50, 0,
	    NULL),
	STR("address", struct respondent_in, address, 300, 0, NULL),
	STR("shop_url", struct respondent_in, shop_url, 2048, 0, chk_url),
	STR("platform", struct respondent_in, platform, 100, 0, NULL),
};

static const struct fspec exhibition_fields[] = {
	STR("name", struct exhibition_in, name, 200, FS_REQUIRED, NULL),
	STR("booth", struct exhibition_in, booth, 50, FS_REQUIRED, NULL),
	DATE("end_date", struct exhibition_in, end_date, FS_REQUIRED),
};

static const struct fspec right_fields[] = {
	ENUM("type", struct right_in, type, EN_RIGHT_TYPE, FS_REQUIRED),
	STR("number", struct right_in, number, 100, FS_REQUIRED, NULL),
};

static const struct fspec complaint_fields[] = {
	ENUM("kind", struct complaint_in, kind, EN_KIND, FS_REQUIRED),
	ENUM("ip_type", struct complaint_in, ip_type, EN_IP_TYPE, FS_REQUIRED),
	ENUM("scene", struct complaint_in, scene, EN_SCENE, FS_REQUIRED),
	ENUM("channel", struct complaint_in, channel, EN_CHANNEL, FS_REQUIRED),
	OBJ("exhibition", struct complaint_in, exhibition, exhibition_fields,
	    struct exhibition_in, 0),
	STR("title", struct complaint_in, title, 200, FS_REQUIRED, NULL),
	TEXT("description", struct complaint_in, description, 5000,
	    FS_REQUIRED),
	TEXT("demands", struct complaint_in, demands, 2000, 0),
	STR("district", struct complaint_in, district, 6, FS_REQUIRED,
	    chk_district),
	OBJ("complainant", struct complaint_in, complainant, party_fields,
	    struct party_in, 0),
	OBJ("respondent", struct complaint_in, respondent, respondent_fields,
	    struct respondent_in, FS_REQUIRED),
	{ "rights", FS_ARR_OBJ, 0, offsetof(struct complaint_in, rights), 0,
	    20, 0, 0, 0, NULL, right_fields,
	    sizeof(right_fields) / sizeof(right_fields[0]),
	    sizeof(struct right_in), offsetof(struct complaint_in, nrights) },
};

static const struct fspec withdraw_fields[] = {
	TEXT("reason", struct withdraw_in, reason, 500, 0),
};

static const struct fspec feedback_fields[] = {
	{ "score", FS_INT, FS_REQUIRED, offsetof(struct feedback_in, score),
	    0, 0, 1, 5, 0, NULL, NULL, 0, 0, 0 },
	TEXT("comment", struct feedback_in, comment, 1000, 0),
};

#define MONEY(n, m) { n, FS_MONEY, 0, offsetof(struct action_in, m), 0, 0, \
	0, 100000000000LL, 0, NULL, NULL, 0, 0, 0 }

static const struct fspec action_fields[] = {
	ENUM("action", struct action_in, action, EN_ACTION, FS_REQUIRED),
	TEXT("note", struct action_in, note, 1000, 0),
	TEXT("reason", struct action_in, reason, 1000, 0),
	ENUM("ground", struct action_in, ground, EN_REJECT_GROUND, 0),
	ENUM("suspend_reason", struct action_in, suspend_reason,
	    EN_SUSPEND_REASON, 0),
	STR("department", struct action_in, department, 32, 0, NULL),
	STR("handler", struct action_in, handler, 64, 0, NULL),
	ENUM("outcome", struct action_in, outcome, EN_OUTCOME, 0),
	TEXT("public_reply", struct action_in, public_reply, 2000, 0),
	MONEY("fine", fine),
	MONEY("confiscation", confiscation),
	{ "reward_level", FS_INT, 0, offsetof(struct action_in, reward_level),
	    0, 0, 1, 3, 0, NULL, NULL, 0, 0, 0 },
	ENUM("reporter_relation", struct action_in, reporter_relation,
	    EN_REPORTER_RELATION, 0),
	STR("into", struct action_in, into, 24, 0, NULL),
};

static void complaint_validate(struct ctx *, void *, struct verrs *);

const struct bodyspec complaint_create_spec = {
	complaint_fields, sizeof(complaint_fields) / sizeof(complaint_fields[0]),
	sizeof(struct complaint_in), complaint_validate
};

const struct bodyspec complaint_withdraw_spec = {
	withdraw_fields, sizeof(withdraw_fields) / sizeof(withdraw_fields[0]),
	sizeof(struct withdraw_in), NULL
};

const struct bodyspec complaint_feedback_spec = {
	feedback_fields, sizeof(feedback_fields) / sizeof(feedback_fields[0]),
	sizeof(struct feedback_in), NULL
};

const struct bodyspec complaint_action_spec = {
	action_fields, sizeof(action_fields) / sizeof(action_fields[0]),
	sizeof(struct action_in), NULL
};

/* ---- checks across fields ------------------------------------------ */

#define DIGITS "0123456789"

static int
all_match(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);

	return n >= min && n <= max && strspn(s, set) == n;
}

/* Identity of the complainant or named reporter. */
static void
check_party(struct ctx *ctx, struct complaint_in *in, struct verrs *v)
{
	struct party_in	*p = in->complainant;
	const char	*why;
	char		 digits[12];

	if (p == NULL) {
		if (in->kind == KIND_COMPLAINT)
			verr_required(v, "complainant");
		return;
	}
	if (p->name == NULL)
		verr_required(v, "complainant.name");
	if (p->phone == NULL)
		verr_required(v, "complainant.phone");
	else if (valid_mobile(p->phone, strlen(p->phone), digits,
	    sizeof(digits)))
		p->phone = pool_strdup(ctx->pool, digits);
	/* Complaints need real identity; a named reporter may add it. */
	if (in->kind == KIND_COMPLAINT || p->id_type >= 0 || p->id_number) {
		if (p->id_type < 0)
			verr_required(v, "complainant.id_type");
		if (p->id_number == NULL)
			verr_required(v, "complainant.id_number");
	}
	if (p->id_type >= 0 && p->id_number != NULL &&
	    (why = identity_problem(&ctx->env, p->id_type, p->id_number)))
		verr_add(v, "complainant.id_number", why, 0);
}

static void
check_respondent(struct complaint_in *in, struct verrs *v)
{
	struct respondent_in *r = in->respondent;

	if (r == NULL)
		return;
	if (r->uscc != NULL && uscc_check(r->uscc, strlen(r->uscc)) ==
	    IDENT_FILLER && r->registration_no == NULL)
		verr_required(v, "respondent.registration_no");
	if (in->scene == SCENE_ECOMMERCE || in->scene == SCENE_ONLINE) {
		if (r->shop_url == NULL)
			verr_required(v, "respondent.shop_url");
		if (in->scene == SCENE_ECOMMERCE && r->platform == NULL)
			verr_required(v, "respondent.platform");
	}
}

/* Patent numbers are checked and stored in canonical form; trademark
 * registration numbers are digits. */
static void
check_rights(struct ctx *ctx, struct complaint_in *in, struct verrs *v)
{
	char		 canon[20], path[48];
	size_t		 i;
	enum ident_err	 e;

	if (in->kind == KIND_COMPLAINT && in->nrights == 0 &&
	    !verr_has(v, "rights"))
		verr_add(v, "rights", "too_few", 1);
	for (i = 0; i < in->nrights; i++) {
		struct right_in *r = &in->rights[i];

		if (r->number == NULL)
			continue;
		snprintf(path, sizeof(path), "rights[%zu].number", i);
		if (r->type == RT_PATENT) {
			e = patentno_check(r->number, strlen(r->number),
			    ctx->env.today / 10000, canon, sizeof(canon));
			if (e != IDENT_OK)
				verr_add(v, path, ident_code(e), 0);
			else
				r->number = pool_strdup(ctx->pool, canon);
		} else if (r->type == RT_TRADEMARK &&
		    !all_match(r->number, DIGITS, 1, 10))
			verr_add(v, path, "invalid_format", 0);
	}
}

static void
complaint_validate(struct ctx *ctx, void *input, struct verrs *v)
{
	struct complaint_in *in = input;

	if (in->district != NULL &&
	    !ref_district(ctx->ref, in->district, strlen(in->district)))
		verr_add(v, "district", "unknown_district", 0);
	/* The public files through the web form or an app; a machine
	 * client (hotline, platform) files on its API key's channel. */
	if (in->channel >= 0 && (ctx->who.kind == P_MACHINE ?
	    in->channel != ctx->who.channel :
	    in->channel != CH_WEB && in->channel != CH_APP))
		verr_add(v, "channel", "channel_not_allowed", 0);
	if (in->scene == SCENE_EXHIBITION && in->exhibition == NULL)
		verr_required(v, "exhibition");
	if (in->scene != SCENE_EXHIBITION && in->exhibition != NULL)
		verr_add(v, "exhibition", "not_allowed", 0);
	check_party(ctx, in, v);
	check_respondent(in, v);
	check_rights(ctx, in, v);
}

/* ---- helpers -------------------------------------------------------- */

const char *
complaint_prefix(int kind)
{
	return kind == KIND_REPORT ? "JB" : "TS";
}

char *
complaint_norm_name(struct ctx *ctx, const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;
	char			*out;
	size_t			 i = 0, o = 0, n = strlen(name);

	if ((out = pool_alloc(ctx->pool, n + 1)) == NULL)
		return NULL;
	while (i < n) {
		/* Full-width ASCII U+FF01..U+FF5E is EF BC 81 .. EF BD 9E. */
		if (i + 2 < n && s[i] == 0xef && (s[i + 1] == 0xbc ||
		    s[i + 1] == 0xbd)) {
			unsigned c = ((s[i + 1] & 0x3f) << 6 | (s[i + 2] & 0x3f))
			    + 0x21 - 0xf01;

			if (c >= 0x21 && c <= 0x7e) {
				if (isalnum((int)c))
					out[o++] = (char)tolower((int)c);
				i += 3;
				continue;
			}
		}
		/* Ideographic space and CJK punctuation (U+3000..U+303F). */
		if (i + 2 < n && s[i] == 0xe3 && s[i + 1] == 0x80) {
			i += 3;
			continue;
		}
		if (s[i] < 0x80) {
			if (isalnum(s[i]))
				out[o++] = (char)tolower(s[i]);
			i++;
			continue;
		}
		out[o++] = (char)s[i++];
	}
	out[o] = '\0';
	return out;
}
