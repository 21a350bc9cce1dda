/*
 * aid_json.c -- answers about overseas aid requests.  The contact's phone
 * and e-mail are personal data, masked for those who need not see them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "aid.h"
#include "app.h"
#include "audit.h"
#include "jsonout.h"
#include "complaint.h"
#include "db.h"
#include "handlers.h"
#include "mask.h"
#include "num.h"
#include "pool.h"
#include "roster.h"
#include "timeutil.h"
#include "workdays.h"

static struct json_object *
priority_json(struct ctx *ctx, const struct aid *a)
{
	enum priority p = aid_priority(ctx->ref, a->deadline, a->e_size,
	    ctx->today);

	return json_object_new_string(enum_code(EN_PRIORITY, (int)p));
}

static void
head(struct ctx *ctx, struct json_object *o, const struct aid *a)
{
	jput(o, "no", jstr(a->no));
	jput(o, "status", jenum(EN_ASTATUS, (int)a->status));
	jput(o, "status_label", json_object_new_string(enum_label(EN_ASTATUS,
	    (int)a->status, ctx->lang)));
	jput(o, "priority", priority_json(ctx, a));
	jput(o, "received_at", jtime(a->received_at));
	jput(o, "deadline", jday(a->deadline));
	jput(o, "deadline_passed", json_object_new_boolean(
	    aid_deadline_passed(ctx, a)));
	if (a->deadline != 0 && aid_is_open(a->status))
		jput(o, "days_to_deadline", json_object_new_int(a->deadline -
		    ctx->today));
	jput(o, "due", a->accept_due.day != 0 ? due_json(ctx, &a->accept_due,
	    a->decided_at ? time_day_cst(a->decided_at) : 0,
	    !aid_is_open(a->status) && a->decided_at == 0) : NULL);
}

struct json_object *
aid_created_json(struct ctx *ctx, const struct aid *a, const char *code)
{
	struct json_object *o = json_object_new_object();

	head(ctx, o, a);
	jput(o, "access_code", jstr(code));
	return o;
}

static struct json_object *
rights_json(struct ctx *ctx, const struct aid *a, int *rc)
{
	struct json_object	*arr = json_object_new_array();
	struct dbrow		 row;

	if ((*rc = db_query(ctx->db, SQL_AID_RIGHTS_OF, DBARGS(dbint(a->id)))) !=
	    DB_OK) {
		json_object_put(arr);
		return NULL;
	}
	while ((*rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object *r = json_object_new_object();

		jput(r, "type", json_object_new_string(row.c[0].s));
		jput(r, "country", json_object_new_string(row.c[1].s));
		jput(r, "number", json_object_new_string(row.c[2].s));
		json_object_array_add(arr, r);
	}
	db_end(ctx->db);
	if (*rc < 0) {
		json_object_put(arr);
		return NULL;
	}
	*rc = DB_OK;
	return arr;
}

static struct json_object *
records_json(struct ctx *ctx, const struct aid *a, bool all, int *rc)
{
	struct json_object	*arr = json_object_new_array();
	struct dbrow		 row;

	if ((*rc = db_query(ctx->db, SQL_AID_RECORDS_OF, DBARGS(dbint(a->id))))
	    != DB_OK) {
		json_object_put(arr);
		return NULL;
	}
	while ((*rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object *r = json_object_new_object();

		jput(r, "seq", json_object_new_int64(row.c[0].i));
		jput(r, "kind", json_object_new_string(row.c[1].s));
		jput(r, "on_day", json_object_new_string(row.c[2].s));
		jput(r, "summary", json_object_new_string(row.c[3].s));
		jput(r, "advice", row.c[4].null ? NULL :
		    json_object_new_string(row.c[4].s));
		jput(r, "documents", row.c[5].null ? NULL :
		    json_object_new_string(row.c[5].s));
		jput(r, "next_steps", row.c[6].null ? NULL :
		    json_object_new_string(row.c[6].s));
		if (all)
			jput(r, "recorded_by", json_object_new_string(row.c[7].s));
		json_object_array_add(arr, r);
	}
	db_end(ctx->db);
	if (*rc < 0) {
		json_object_put(arr);
		return NULL;
	}
	*rc = DB_OK;
	return arr;
}

/* Everything but the lists. */
static void
fields(struct ctx *ctx, struct json_object *o, const struct aid *a,
    bool full)
{
	struct json_object	*e = json_object_new_object();
	struct json_object	*c = json_object_new_object();
	char			 m[256], amt[32];

	head(ctx, o, a);
	jput(e, "name", jstr(a->e_name));
	jput(e, "uscc", jstr(a->e_uscc));
	jput(e, "size", jenum(EN_ENTERPRISE_SIZE, a->e_size));
	jput(e, "industry", jstr(a->e_industry));
	jput(o, "enterprise", e);
	jput(c, "name", full ? jstr(a->c_name) : jstr(mask_name(a->c_name, m,
	    sizeof(m))));
	jput(c, "phone", full ? jstr(a->c_phone) : jstr(mask_phone(a->c_phone,
	    m, sizeof(m))));
	jput(c, "email", a->c_email == NULL ? NULL : full ? jstr(a->c_email) :
	    jstr(mask_email(a->c_email, m, sizeof(m))));
	jput(o, "contact", c);
	jput(o, "aid_type", jenum(EN_AID_TYPE, a->aid_type));
	jput(o, "countries", roster_list_json(a->countries));
	jput(o, "ip_types", roster_list_json(a->ip_types));
	jput(o, "opposing_party", jstr(a->opposing_party));
	jput(o, "forum", jstr(a->forum));
	jput(o, "amount_at_stake", a->amount_at_stake.set ?
	    json_object_new_string(num_fen_format(a->amount_at_stake.v, amt,
	    sizeof(amt))) : NULL);
	jput(o, "insured", json_object_new_boolean(a->insured));
	jput(o, "description", jstr(a->description));
	jput(o, "expert", a->expert_id != 0 ? jstr(a->expert_name) : NULL);
	jput(o, "outcome", jenum(EN_AID_OUTCOME, a->outcome));
	jput(o, "conclusion", jstr(a->conclusion));
	jput(o, "decline_reason", jstr(a->decline_reason));
	jput(o, "concluded_at", jtime(a->concluded_at));
	if (a->feedback_score > 0) {
		struct json_object *f = json_object_new_object();

		jput(f, "score", json_object_new_int(a->feedback_score));
		jput(f, "comment", jstr(a->feedback_comment));
		jput(f, "at", jtime(a->feedback_at));
		jput(o, "feedback", f);
	}
}

static struct json_object *
with_lists(struct ctx *ctx, struct json_object *o, const struct aid *a,
    bool all, int *rc)
{
	struct json_object *r, *g, *t;

	if ((r = rights_json(ctx, a, rc)) == NULL) {
		json_object_put(o);
		return NULL;
	}
	jput(o, "rights", r);
	if ((g = records_json(ctx, a, all, rc)) == NULL) {
		json_object_put(o);
		return NULL;
	}
	jput(o, "records", g);
	if ((t = audit_timeline_json(ctx, "aid", a->id, all, rc)) == NULL) {
		json_object_put(o);
		return NULL;
	}
	jput(o, "timeline", t);
	if ((t = evidence_list_json(ctx, "aid", a->id, rc)) == NULL) {
		json_object_put(o);
		return NULL;
	}
	jput(o, "evidence", t);
	return o;
}

struct json_object *
aid_public_json(struct ctx *ctx, const struct aid *a, int *rc)
{
	struct json_object *o = json_object_new_object();

	fields(ctx, o, a, false);
	/* The requester learns the expert once the expert has taken the
	 * case up (as with mediators); the office's tracking flag is its
	 * own. */
	jput(o, "expert", a->expert_id != 0 && a->started_at != 0 ?
	    jstr(a->expert_name) : NULL);
	return with_lists(ctx, o, a, false, rc);
}

struct json_object *
aid_staff_json(struct ctx *ctx, const struct aid *a, int *rc)
{
	struct json_object	*o = json_object_new_object();
	bool			 full = aid_may_see_pii(ctx, a);

	fields(ctx, o, a, full);
	jput(o, "personal_data", json_object_new_string(full ? "full" :
	    "masked"));
	jput(o, "major", json_object_new_boolean(a->major));
	jput(o, "expert_id", a->expert_id ? json_object_new_int64(a->expert_id) :
	    NULL);
	jput(o, "assigned_at", jtime(a->assigned_at));
	jput(o, "started_at", jtime(a->started_at));
	return with_lists(ctx, o, a, true, rc);
}

struct json_object *
aid_summary_json(struct ctx *ctx, const struct aid *a)
{
	struct json_object *o = json_object_new_object();

	head(ctx, o, a);
	jput(o, "enterprise", jstr(a->e_name));
	jput(o, "size", jenum(EN_ENTERPRISE_SIZE, a->e_size));
	jput(o, "aid_type", jenum(EN_AID_TYPE, a->aid_type));
	jput(o, "countries", roster_list_json(a->countries));
	jput(o, "major", json_object_new_boolean(a->major));
	jput(o, "expert", jstr(a->expert_name));
	return o;
}
