/*
 * mediation_fields.c -- what the mediation routes accept: the parties
 * (persons or organisations, with the identifier checks of SPEC section
 * 1 and an optional agent), the dispute, the court's delegation, and the
 * fields of the staff actions.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "complaint.h"
#include "handlers.h"
#include "ident.h"
#include "identity.h"
#include "mediation.h"
#include "pool.h"
#include "validate.h"

#define STR(n, st, m, mx, fl, ck) { n, FS_STR, fl, offsetof(st, m), 0, mx, \
	0, 0, 0, ck, NULL, 0, 0, 0 }
#define TEXT(n, st, m, mx, fl) { n, FS_TEXT, fl, offsetof(st, m), 0, mx, \
	0, 0, 0, NULL, NULL, 0, 0, 0 }
#define ENUM(n, st, m, e, fl) { n, FS_ENUM, fl, offsetof(st, m), 0, 0, \
	0, 0, e, NULL, NULL, 0, 0, 0 }
#define DATE(n, st, m, fl) { n, FS_DATE, fl, offsetof(st, m), 0, 0, \
	0, 0, 0, NULL, NULL, 0, 0, 0 }
#define MONEY(n, st, m) { n, FS_MONEY, 0, offsetof(st, m), 0, 0, \
	0, 100000000000LL, 0, NULL, NULL, 0, 0, 0 }
#define OBJ(n, st, m, sub, sst, fl) { n, FS_OBJ, fl, offsetof(st, m), 0, 0, \
	0, 0, 0, NULL, sub, sizeof(sub) / sizeof(sub[0]), sizeof(sst), 0 }

static const struct fspec agent_fields[] = {
	STR("name", struct agent_in, name, 100, FS_REQUIRED, NULL),
	STR("phone", struct agent_in, phone, 20, FS_REQUIRED, fs_mobile),
	ENUM("authority", struct agent_in, authority, EN_AGENT_AUTHORITY,
	    FS_REQUIRED),
};

static const struct fspec party_fields[] = {
	ENUM("type", struct mparty_in, type, EN_PARTY_TYPE, FS_REQUIRED),
	STR("name", struct mparty_in, name, 200, FS_REQUIRED, NULL),
	ENUM("id_type", struct mparty_in, id_type, EN_ID_TYPE, 0),
	STR("id_number", struct mparty_in, id_number, 64, 0, NULL),
	STR("uscc", struct mparty_in, uscc, 18, 0, fs_uscc),
	STR("phone", struct mparty_in, phone, 20, 0, fs_mobile),
	STR("email", struct mparty_in, email, 254, 0, fs_email),
	STR("address", struct mparty_in, address, 300, 0, NULL),
	OBJ("agent", struct mparty_in, agent, agent_fields, struct agent_in, 0),
};

#define DISPUTE_FIELDS \
	ENUM("ip_type", struct mediation_in, ip_type, EN_IP_TYPE, FS_REQUIRED), \
	STR("industry", struct mediation_in, industry, 64, 0, NULL), \
	OBJ("applicant", struct mediation_in, applicant, party_fields, \
	    struct mparty_in, FS_REQUIRED), \
	OBJ("respondent", struct mediation_in, respondent, party_fields, \
	    struct mparty_in, FS_REQUIRED), \
	STR("subject", struct mediation_in, subject, 200, FS_REQUIRED, NULL), \
	TEXT("claim", struct mediation_in, claim, 2000, FS_REQUIRED), \
	MONEY("amount", struct mediation_in, amount), \
	TEXT("description", struct mediation_in, description, 5000, 0), \
	{ "online", FS_BOOL, 0, offsetof(struct mediation_in, online), 0, 0, \
	    0, 0, 0, NULL, NULL, 0, 0, 0 }

static const struct fspec application_fields[] = {
	DISPUTE_FIELDS,
};

static const struct fspec court_fields[] = {
	DISPUTE_FIELDS,
	STR("court_name", struct mediation_in, court_name, 200, FS_REQUIRED,
	    NULL),
	STR("court_case_no", struct mediation_in, court_case_no, 100,
	    FS_REQUIRED, NULL),
	DATE("court_received", struct mediation_in, court_received,
	    FS_REQUIRED),
};

/* A party's identity: a person names its document (the applicant must),
 * an organisation its USCC; phones normalised to 11 digits. */
static void
check_party(struct ctx *ctx, struct mparty_in *p, const char *path,
    bool applicant, struct verrs *v)
{
	char		 f[64], digits[12];
	const char	*why;

	if (p == NULL)
		return;
	if (p->phone != NULL && valid_mobile(p->phone, strlen(p->phone),
	    digits, sizeof(digits)))
		p->phone = pool_strdup(ctx->pool, digits);
	if (applicant && p->phone == NULL) {
		snprintf(f, sizeof(f), "%s.phone", path);
		verr_required(v, f);
	}
	if (p->type == PT_ORGANIZATION) {
		/* Each field that has no place here is named itself. */
		snprintf(f, sizeof(f), "%s.id_type", path);
		if (p->id_type >= 0)
			verr_add(v, f, "not_allowed", 0);
		snprintf(f, sizeof(f), "%s.id_number", path);
		if (p->id_number != NULL)
			verr_add(v, f, "not_allowed", 0);
		snprintf(f, sizeof(f), "%s.uscc", path);
		if (applicant && p->uscc == NULL)
			verr_required(v, f);
		return;
	}
	snprintf(f, sizeof(f), "%s.uscc", path);
	if (p->type == PT_PERSON && p->uscc != NULL)
		verr_add(v, f, "not_allowed", 0);
	if (applicant || p->id_type >= 0 || p->id_number != NULL) {
		snprintf(f, sizeof(f), "%s.id_type", path);
		if (p->id_type < 0)
			verr_required(v, f);
		snprintf(f, sizeof(f), "%s.id_number", path);
		if (p->id_number == NULL)
			verr_required(v, f);
	}
	snprintf(f, sizeof(f), "%s.id_number", path);
	if (p->id_type >= 0 && p->id_number != NULL &&
	    (why = identity_problem(&ctx->env, p->id_type, p->id_number)))
		verr_add(v, f, why, 0);
}

static void
application_validate(struct ctx *ctx, void *input, struct verrs *v)
{
	struct mediation_in *in = input;

	check_party(ctx, in->applicant, "applicant", true, v);
	check_party(ctx, in->respondent, "respondent", false, v);
}

static void
court_validate(struct ctx *ctx, void *input, struct verrs *v)
{
	struct mediation_in *in = input;

	/* A court's file may lack a party's document: none required. */
	check_party(ctx, in->applicant, "applicant", false, v);
	check_party(ctx, in->respondent, "respondent", false, v);
	if (in->court_received != 0 && in->court_received > ctx->env.today)
		verr_add(v, "court_received", "date_in_future", 0);
}

const struct bodyspec mediation_create_spec = {
	application_fields,
	sizeof(application_fields) / sizeof(application_fields[0]),
	sizeof(struct mediation_in), application_validate
};

const struct bodyspec mediation_court_spec = {
	court_fields, sizeof(court_fields) / sizeof(court_fields[0]),
	sizeof(struct mediation_in), court_validate
};

static const struct fspec maction_fields[] = {
	ENUM("action", struct maction_in, action, EN_MACTION, FS_REQUIRED),
	TEXT("note", struct maction_in, note, 1000, 0),
	TEXT("reason", struct maction_in, reason, 1000, 0),
	{ "mediator", FS_INT, 0, offsetof(struct maction_in, mediator), 0, 0,
	    1, 4294967295LL, 0, NULL, NULL, 0, 0, 0 },
	ENUM("ground", struct maction_in, ground, EN_FAILURE_GROUND, 0),
	STR("session_at", struct maction_in, session_at, 40, 0, NULL),
	ENUM("mode", struct maction_in, mode, EN_SESSION_MODE, 0),
	STR("place", struct maction_in, place, 200, 0, NULL),
	TEXT("attendees", struct maction_in, attendees, 1000, 0),
	TEXT("notes", struct maction_in, notes, 5000, 0),
	TEXT("facts", struct maction_in, facts, 5000, 0),
	TEXT("disputed_points", struct maction_in, disputed_points, 5000, 0),
	TEXT("obligations", struct maction_in, obligations, 5000, 0),
	MONEY("amount", struct maction_in, amount),
	TEXT("performance_manner", struct maction_in, performance_manner,
	    1000, 0),
	DATE("performance_deadline", struct maction_in, performance_deadline,
	    0),
	STR("ruling_no", struct maction_in, ruling_no, 100, 0, NULL),
};

const struct bodyspec mediation_action_spec = {
	maction_fields, sizeof(maction_fields) / sizeof(maction_fields[0]),
	sizeof(struct maction_in), NULL
};

void
mparty_from_input(const struct mparty_in *in, struct mparty *out)
{
	memset(out, 0, sizeof(*out));
	out->id_type = out->agent_authority = -1;
	if (in == NULL)
		return;
	out->type = in->type;
	out->name = in->name;
	out->id_type = in->id_type;
	out->id_number = in->id_number;
	out->uscc = in->uscc;
	out->phone = in->phone;
	out->email = in->email;
	out->address = in->address;
	if (in->agent != NULL) {
		out->agent_name = in->agent->name;
		out->agent_phone = in->agent->phone;
		out->agent_authority = in->agent->authority;
	}
}
