/*
 * aid_fields.c -- what the overseas-aid routes accept: the enterprise
 * (USCC checked, size class), the contact, the aid type, target countries
 * and regions (ISO 3166-1 alpha-2), IP types and rights (Chinese patent
 * and trademark numbers checked, foreign ones free text), the foreign
 * deadline (not past), and the fields of the staff actions and subsidy
 * claims.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "aid.h"
#include "app.h"
#include "handlers.h"
#include "ident.h"
#include "identity.h"
#include "pool.h"
#include "validate.h"
#include "workdays.h"

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
#define ENUMS(n, st, m, c, e, lo, hi, fl) { n, FS_ARR_ENUM, fl | FS_UNIQUE, \
	offsetof(st, m), lo, hi, 0, 0, e, NULL, NULL, 0, 0, offsetof(st, c) }

static const struct fspec enterprise_fields[] = {
	STR("name", struct enterprise_in, name, 200, FS_REQUIRED, NULL),
	STR("uscc", struct enterprise_in, uscc, 18, FS_REQUIRED, fs_uscc),
	ENUM("size", struct enterprise_in, size, EN_ENTERPRISE_SIZE,
	    FS_REQUIRED),
	STR("industry", struct enterprise_in, industry, 64, 0, NULL),
};

static const struct fspec contact_fields[] = {
	STR("name", struct contact_in, name, 100, FS_REQUIRED, NULL),
	STR("phone", struct contact_in, phone, 20, FS_REQUIRED, fs_mobile),
	STR("email", struct contact_in, email, 254, 0, fs_email),
};

static const struct fspec right_fields[] = {
	ENUM("type", struct aright_in, type, EN_RIGHT_TYPE, FS_REQUIRED),
	ENUM("country", struct aright_in, country, EN_COUNTRY, 0),
	STR("number", struct aright_in, number, 100, FS_REQUIRED, NULL),
};

static const struct fspec aid_fields[] = {
	OBJ("enterprise", struct aid_in, enterprise, enterprise_fields,
	    struct enterprise_in, FS_REQUIRED),
	OBJ("contact", struct aid_in, contact, contact_fields,
	    struct contact_in, FS_REQUIRED),
	ENUM("aid_type", struct aid_in, aid_type, EN_AID_TYPE, FS_REQUIRED),
	ENUMS("countries", struct aid_in, countries, ncountries, EN_COUNTRY,
	    1, 20, FS_REQUIRED),
	ENUMS("ip_types", struct aid_in, ip_types, nip_types, EN_IP_TYPE, 1, 9,
	    FS_REQUIRED),
	{ "rights", FS_ARR_OBJ, 0, offsetof(struct aid_in, rights), 0, 20, 0,
	    0, 0, NULL, right_fields,
	    sizeof(right_fields) / sizeof(right_fields[0]),
	    sizeof(struct aright_in), offsetof(struct aid_in, nrights) },
	STR("opposing_party", struct aid_in, opposing_party, 200, 0, NULL),
	STR("forum", struct aid_in, forum, 200, 0, NULL),
	DATE("deadline", struct aid_in, deadline, 0),
	{ "amount_at_stake", FS_MONEY, 0, offsetof(struct aid_in,
	    amount_at_stake), 0, 0, 0, 100000000000000LL, 0, NULL, NULL, 0, 0,
	    0 },
	{ "insured", FS_BOOL, 0, offsetof(struct aid_in, insured), 0, 0, 0, 0,
	    0, NULL, NULL, 0, 0, 0 },
	TEXT("description", struct aid_in, description, 5000, FS_REQUIRED),
};

/* Chinese rights (no country, or CN) are checked like complaints'. */
static void
check_rights(struct ctx *ctx, struct aid_in *in, struct verrs *v)
{
	char		 canon[20], path[48];
	size_t		 i;
	enum ident_err	 e;
	int		 cn = enum_find(EN_COUNTRY, "CN", 2);

	for (i = 0; i < in->nrights; i++) {
		struct aright_in *r = &in->rights[i];

		snprintf(path, sizeof(path), "rights[%zu].country", i);
		/* A foreign number is free text; a country that failed its
		 * own check says nothing about the number. */
		if (r->number == NULL || (r->country >= 0 && r->country != cn) ||
		    verr_has(v, path))
			continue;
		snprintf(path, sizeof(path), "rights[%zu].number", i);
		if (r->type == RT_PATENT) {
			e = patentno_check(r->number, strlen(r->number),
			    ctx->env.today / 10000, canon, sizeof(canon));
			if (e != IDENT_OK)
				verr_add(v, path, ident_code(e), 0);
			else
				r->number = pool_strdup(ctx->pool, canon);
		} else if (r->type == RT_TRADEMARK && (strlen(r->number) > 10 ||
		    strspn(r->number, "0123456789") != strlen(r->number)))
			verr_add(v, path, "invalid_format", 0);
	}
}

static void
aid_validate(struct ctx *ctx, void *input, struct verrs *v)
{
	struct aid_in	*in = input;
	char		 digits[12];

	if (in->deadline != 0 && in->deadline < ctx->env.today)
		verr_add(v, "deadline", "date_in_past", 0);
	if (in->contact != NULL && in->contact->phone != NULL &&
	    valid_mobile(in->contact->phone, strlen(in->contact->phone),
	    digits, sizeof(digits)))
		in->contact->phone = pool_strdup(ctx->pool, digits);
	check_rights(ctx, in, v);
}

const struct bodyspec aid_create_spec = {
	aid_fields, sizeof(aid_fields) / sizeof(aid_fields[0]),
	sizeof(struct aid_in), aid_validate
};

static const struct fspec aaction_fields[] = {
	ENUM("action", struct aaction_in, action, EN_AACTION, FS_REQUIRED),
	TEXT("note", struct aaction_in, note, 1000, 0),
	TEXT("reason", struct aaction_in, reason, 1000, 0),
	{ "expert", FS_INT, 0, offsetof(struct aaction_in, expert), 0, 0, 1,
	    4294967295LL, 0, NULL, NULL, 0, 0, 0 },
	DATE("on_day", struct aaction_in, on_day, 0),
	STR("summary", struct aaction_in, summary, 500, 0, NULL),
	TEXT("advice", struct aaction_in, advice, 5000, 0),
	TEXT("documents", struct aaction_in, documents, 1000, 0),
	TEXT("next_steps", struct aaction_in, next_steps, 1000, 0),
	ENUM("outcome", struct aaction_in, outcome, EN_AID_OUTCOME, 0),
	TEXT("conclusion", struct aaction_in, conclusion, 5000, 0),
};

static void
aaction_validate(struct ctx *ctx, void *input, struct verrs *v)
{
	struct aaction_in *in = input;

	if (in->on_day != 0 && in->on_day > ctx->env.today)
		verr_add(v, "on_day", "date_in_future", 0);
}

const struct bodyspec aid_action_spec = {
	aaction_fields, sizeof(aaction_fields) / sizeof(aaction_fields[0]),
	sizeof(struct aaction_in), aaction_validate
};
