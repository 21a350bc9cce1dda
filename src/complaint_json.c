/*
 * complaint_json.c -- answers about complaints and reports.  Personal data
 * of the complainant is masked in every public answer.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "jsonout.h"
#include "complaint.h"
#include "db.h"
#include "handlers.h"
#include "mask.h"
#include "num.h"
#include "pool.h"
#include "timeutil.h"
#include "workdays.h"

struct json_object *
due_json(struct ctx *ctx, const struct due *d, int32_t done_day, bool ended)
{
	struct json_object	*o = json_object_new_object();
	enum due_state		 st;

	st = ended && done_day == 0 ? DUE_ENDED :
	    ref_due_state(ctx->ref, d->day, ctx->today, done_day);
	jput(o, "date", jday(d->day));
	jput(o, "state", json_object_new_string(enum_code(EN_DUE_STATE,
	    (int)st)));
	jput(o, "state_label", json_object_new_string(enum_label(EN_DUE_STATE,
	    (int)st, ctx->lang)));
	jput(o, "provisional", json_object_new_boolean(d->provisional));
	if (done_day == 0 && st != DUE_ENDED)
		jput(o, "working_days_left", json_object_new_int(
		    cal_workdays_between(&ctx->ref->cal, ctx->today, d->day)));
	return o;
}

/* The day a step was done (0 while it is not). */
static int32_t
done_day(int64_t ms)
{
	return ms != 0 ? time_day_cst(ms) : 0;
}

/* Every due date of the case with its state; a suspended case says so
 * instead of counting down. */
static struct json_object *
dues_json(struct ctx *ctx, const struct complaint *c)
{
	struct json_object	*o = json_object_new_object();
	bool			 ended = c->status == ST_WITHDRAWN ||
	    c->status == ST_MERGED;

	jput(o, "accept", due_json(ctx, &c->accept_due, c->decided_day, ended));
	if (c->notify_due.day != 0)
		jput(o, "notify_reporter", due_json(ctx, &c->notify_due,
		    done_day(c->notified_at), ended));
	if (c->resolve_due.day != 0) {
		struct json_object *r = due_json(ctx, &c->resolve_due,
		    done_day(c->resolved_at), ended);

		if (c->status == ST_SUSPENDED) {
			json_object_object_add(r, "state",
			    json_object_new_string(enum_code(EN_DUE_STATE,
			    DUE_SUSPENDED)));
			json_object_object_add(r, "state_label",
			    json_object_new_string(enum_label(EN_DUE_STATE,
			    DUE_SUSPENDED, ctx->lang)));
		}
		jput(o, "resolve", r);
	}
	return o;
}

static struct json_object *
masked_party(struct ctx *ctx, const struct party_in *p)
{
	struct json_object	*o = json_object_new_object();
	char			 m[256];

	jput(o, "name", jstr(mask_name(p->name, m, sizeof(m))));
	jput(o, "id_type", jenum(EN_ID_TYPE, p->id_type));
	jput(o, "id_number", p->id_number ? jstr(mask_idnumber(p->id_number, m,
	    sizeof(m))) : NULL);
	jput(o, "phone", p->phone ? jstr(mask_phone(p->phone, m, sizeof(m))) :
	    NULL);
	jput(o, "email", p->email ? jstr(mask_email(p->email, m, sizeof(m))) :
	    NULL);
	return o;
}

static struct json_object *
full_party(const struct party_in *p)
{
	struct json_object *o = json_object_new_object();

	jput(o, "name", jstr(p->name));
	jput(o, "id_type", jenum(EN_ID_TYPE, p->id_type));
	jput(o, "id_number", jstr(p->id_number));
	jput(o, "phone", jstr(p->phone));
	jput(o, "email", jstr(p->email));
	jput(o, "address", jstr(p->address));
	return o;
}

static struct json_object *
respondent_json(const struct respondent_in *r)
{
	struct json_object *o = json_object_new_object();

	jput(o, "name", jstr(r->name));
	jput(o, "uscc", jstr(r->uscc));
	jput(o, "registration_no", jstr(r->registration_no));
	jput(o, "address", jstr(r->address));
	jput(o, "shop_url", jstr(r->shop_url));
	jput(o, "platform", jstr(r->platform));
	return o;
}

static struct json_object *
rights_json(const struct complaint *c)
{
	struct json_object	*a = json_object_new_array();
	size_t			 i;

	for (i = 0; i < c->nrights; i++) {
		struct json_object *r = json_object_new_object();

		jput(r, "type", jenum(EN_RIGHT_TYPE, c->rights[i].type));
		jput(r, "number", jstr(c->rights[i].number));
		json_object_array_add(a, r);
	}
	return a;
}

/* Fields shown in every answer about a case. */
static void
summary(struct ctx *ctx, struct json_object *o, const struct complaint *c)
{
	jput(o, "no", jstr(c->no));
	jput(o, "kind", jenum(EN_KIND, c->kind));
	jput(o, "status", jenum(EN_STATUS, (int)c->status));
	jput(o, "status_label", json_object_new_string(enum_label(EN_STATUS,
	    (int)c->status, ctx->lang)));
	jput(o, "received_at", jtime(c->received_at));
	jput(o, "fast_track", json_object_new_boolean(c->fast_track));
	jput(o, "due", dues_json(ctx, c));
}

struct json_object *
complaint_created_json(struct ctx *ctx, const struct complaint *c,
    const char *access_code)
{
	struct json_object *o = json_object_new_object();

	summary(ctx, o, c);
	jput(o, "access_code", jstr(access_code));
	jput(o, "links", json_object_new_object());
	json_object_object_add(json_object_object_get(o, "links"), "self",
	    json_object_new_string(pool_printf(ctx->pool,
	    "/api/v1/complaints/%s", c->no)));
	return o;
}

static struct json_object *
timeline_json(struct ctx *ctx, const struct complaint *c, int *rc)
{
	struct json_object	*a = json_object_new_array();
	struct dbrow		 row;
	int64_t			 ms;

	*rc = db_query(ctx->db, SQL_EVENTS_PUBLIC, DBARGS(dbstr("complaint"),
	    dbint(c->id)));
	if (*rc != DB_OK) {
		json_object_put(a);
		return NULL;
	}
	while ((*rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object *e = json_object_new_object();
		int st = row.c[3].null ? -1 :
		    enum_find(EN_STATUS, row.c[3].s, row.c[3].len);

		if (time_from_sql(row.c[0].s, &ms) == 0)
			jput(e, "at", jtime(ms));
		jput(e, "action", json_object_new_string(row.c[1].s));
		jput(e, "status", jenum(EN_STATUS, st));
		jput(e, "status_label", st >= 0 ? json_object_new_string(
		    enum_label(EN_STATUS, st, ctx->lang)) : NULL);
		json_object_array_add(a, e);
	}
	db_end(ctx->db);
	if (*rc < 0) {
		json_object_put(a);
		return NULL;
	}
	*rc = DB_OK;
	return a;
}

static struct json_object *
evidence_json(struct ctx *ctx, const struct complaint *c, int *rc)
{
	return evidence_list_json(ctx, "complaint", c->id, rc);
}

/* The case's own fields, shown to the public and to staff alike. */
static void
case_fields(struct ctx *ctx, struct json_object *o, const struct complaint *c)
{
	const struct district *d;

	summary(ctx, o, c);
	jput(o, "ip_type", jenum(EN_IP_TYPE, c->ip_type));
	jput(o, "scene", jenum(EN_SCENE, c->scene));
	jput(o, "channel", jenum(EN_CHANNEL, c->channel));
	jput(o, "district", jstr(c->district));
	d = c->district ? ref_district(ctx->ref, c->district, 6) : NULL;
	jput(o, "district_label", d ? jstr(ctx->lang == LANG_EN ? d->en : d->zh)
	    : NULL);
	jput(o, "title", jstr(c->title));
	jput(o, "description", jstr(c->description));
	jput(o, "demands", jstr(c->demands));
	if (c->exh_name != NULL) {
		struct json_object *x = json_object_new_object();

		jput(x, "name", jstr(c->exh_name));
		jput(x, "booth", jstr(c->exh_booth));
		jput(x, "end_date", jstr(c->exh_end));
		jput(o, "exhibition", x);
	}
	jput(o, "anonymous", json_object_new_boolean(c->anonymous));
	jput(o, "respondent", respondent_json(&c->r));
	jput(o, "rights", rights_json(c));
	jput(o, "public_reply", jstr(c->public_reply));
	jput(o, "outcome", jenum(EN_OUTCOME, c->outcome));
	jput(o, "merged_into", jstr(c->merged_into));
	jput(o, "mediation_no", jstr(c->mediation_no));
	if (c->feedback_score > 0) {
		struct json_object *f = json_object_new_object();

		jput(f, "score", json_object_new_int(c->feedback_score));
		jput(f, "comment", jstr(c->feedback_comment));
		jput(f, "at", jtime(c->feedback_at));
		jput(o, "feedback", f);
	}
}

struct json_object *
complaint_public_json(struct ctx *ctx, const struct complaint *c, int *rc)
{
	struct json_object *o = json_object_new_object(), *t, *ev;

	case_fields(ctx, o, c);
	jput(o, "complainant", c->anonymous ? NULL : masked_party(ctx, &c->c));
	if ((t = timeline_json(ctx, c, rc)) == NULL ||
	    (ev = evidence_json(ctx, c, rc)) == NULL) {
		json_object_put(t);
		json_object_put(o);
		return NULL;
	}
	jput(o, "timeline", t);
	jput(o, "evidence", ev);
	return o;
}

/* The duplicate suggestions recorded on intake. */
static struct json_object *
dups_json(struct ctx *ctx, const struct complaint *c, int *rc)
{
	struct json_object	*a = json_object_new_array();
	struct dbrow		 row;

	*rc = db_query(ctx->db, SQL_DUPS_OF, DBARGS(dbint(c->id), dbint(c->id),
	    dbint(c->id)));
	if (*rc != DB_OK) {
		json_object_put(a);
		return NULL;
	}
	while ((*rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object	*e, *why;
		const char		*p = row.c[3].s;
		struct complaint	 other;

		/* Only the open cases the caller may see. */
		memset(&other, 0, sizeof(other));
		other.department_id = row.c[4].null ? 0 : row.c[4].i;
		if (!complaint_visible(ctx, &other))
			continue;
		e = json_object_new_object();
		why = json_object_new_array();
		jput(e, "no", json_object_new_string(row.c[0].s));
		jput(e, "kind", json_object_new_string(row.c[1].s));
		jput(e, "status", json_object_new_string(row.c[2].s));
		while (*p != '\0') {
			size_t n = strcspn(p, ",");

			json_object_array_add(why,
			    json_object_new_string_len(p, (int)n));
			p += n + (p[n] == ',');
		}
		jput(e, "reasons", why);
		json_object_array_add(a, e);
	}
	db_end(ctx->db);
	if (*rc < 0) {
		json_object_put(a);
		return NULL;
	}
	*rc = DB_OK;
	return a;
}

static struct json_object *
money(int64_t fen)
{
	char buf[32];

	return json_object_new_string(num_fen_format(fen, buf, sizeof(buf)));
}

/* The report reward: staff only, never in a public answer. */
static struct json_object *
reward_json(const struct complaint *c)
{
	struct json_object *o;

	if (c->reward_note == NULL)
		return NULL;
	o = json_object_new_object();
	jput(o, "status", jstr(c->reward_note));
	jput(o, "reporter_relation", jenum(EN_REPORTER_RELATION,
	    c->reporter_relation));
	jput(o, "level", c->reward_level > 0 ?
	    json_object_new_int(c->reward_level) : NULL);
	jput(o, "amount", c->reward.set ? money(c->reward.v) : NULL);
	return o;
}

/* The workflow fields staff work with. */
static void
workflow_json(struct ctx *ctx, struct json_object *o,
    const struct complaint *c)
{
	const struct department *d = ref_dept_by_id(ctx->ref, c->department_id);

	jput(o, "department", jstr(c->department));
	jput(o, "department_label", d ? jstr(ctx->lang == LANG_EN ? d->en :
	    d->zh) : NULL);
	jput(o, "assignee", jstr(c->assignee));
	jput(o, "reject_ground", jenum(EN_REJECT_GROUND, c->reject_ground));
	jput(o, "extended", json_object_new_boolean(c->extended));
	jput(o, "suspend_reason", jenum(EN_SUSPEND_REASON, c->suspend_reason));
	jput(o, "suspended_at", c->suspended_at ? jtime(c->suspended_at) : NULL);
	jput(o, "decided_at", c->decided_at ? jtime(c->decided_at) : NULL);
	jput(o, "notified_at", c->notified_at ? jtime(c->notified_at) : NULL);
	jput(o, "resolved_at", c->resolved_at ? jtime(c->resolved_at) : NULL);
	jput(o, "closed_at", c->closed_at ? jtime(c->closed_at) : NULL);
	jput(o, "next_due", jday(complaint_next_due(c)));
	jput(o, "fine", c->fine.set ? money(c->fine.v) : NULL);
	jput(o, "confiscation", c->confiscation.set ? money(c->confiscation.v) :
	    NULL);
	jput(o, "reward", reward_json(c));
	jput(o, "filed_by_api_key", json_object_new_boolean(c->api_key_id != 0));
}

struct json_object *
complaint_staff_summary_json(struct ctx *ctx, const struct complaint *c)
{
	struct json_object	*o = json_object_new_object();

	summary(ctx, o, c);
	jput(o, "ip_type", jenum(EN_IP_TYPE, c->ip_type));
	jput(o, "scene", jenum(EN_SCENE, c->scene));
	jput(o, "channel", jenum(EN_CHANNEL, c->channel));
	jput(o, "district", jstr(c->district));
	jput(o, "title", jstr(c->title));
	jput(o, "respondent_name", jstr(c->r.name));
	jput(o, "anonymous", json_object_new_boolean(c->anonymous));
	/* Queue rows are always masked: the case view shows (and records
	 * the showing of) personal data to those who may see it. */
	jput(o, "complainant", c->anonymous ? NULL : masked_party(ctx, &c->c));
	workflow_json(ctx, o, c);
	return o;
}

struct json_object *
complaint_staff_json(struct ctx *ctx, const struct complaint *c, int *rc)
{
	struct json_object	*o = json_object_new_object(), *t, *ev, *dups;
	bool			 pii = complaint_may_see_pii(ctx, c);

	case_fields(ctx, o, c);
	jput(o, "complainant", c->anonymous ? NULL : pii ? full_party(&c->c) :
	    masked_party(ctx, &c->c));
	jput(o, "personal_data", json_object_new_string(pii ? "full" :
	    "masked"));
	workflow_json(ctx, o, c);
	t = timeline_json(ctx, c, rc);
	ev = t != NULL ? evidence_json(ctx, c, rc) : NULL;
	dups = ev != NULL ? dups_json(ctx, c, rc) : NULL;
	if (dups == NULL) {
		json_object_put(t);
		json_object_put(ev);
		json_object_put(o);
		return NULL;
	}
	jput(o, "timeline", t);
	jput(o, "evidence", ev);
	jput(o, "duplicates", dups);
	return o;
}
