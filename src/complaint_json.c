/*
 * complaint_json.c -- answers about complaints and reports.  Personal data
 * of the complainant is masked in every public answer.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "complaint.h"
#include "db.h"
#include "mask.h"
#include "num.h"
#include "pool.h"
#include "timeutil.h"
#include "workdays.h"

static struct json_object *
jstr(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

static struct json_object *
jenum(enum enumid id, int i)
{
	return i >= 0 ? json_object_new_string(enum_code(id, i)) : NULL;
}

static struct json_object *
jtime(int64_t ms)
{
	char buf[40];

	return json_object_new_string(time_iso(ms, buf, sizeof(buf)));
}

static struct json_object *
jday(int32_t day)
{
	char buf[16];

	return day > 0 ? json_object_new_string(day_format(day, buf,
	    sizeof(buf))) : NULL;
}

/* Adds key: value, where NULL values become JSON null. */
static void
put(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

struct json_object *
due_json(struct ctx *ctx, const struct due *d, int32_t done_day, bool ended)
{
	struct json_object	*o = json_object_new_object();
	enum due_state		 st;

	st = ended && done_day == 0 ? DUE_ENDED :
	    ref_due_state(ctx->ref, d->day, ctx->today, done_day);
	put(o, "date", jday(d->day));
	put(o, "state", json_object_new_string(enum_code(EN_DUE_STATE,
	    (int)st)));
	put(o, "state_label", json_object_new_string(enum_label(EN_DUE_STATE,
	    (int)st, ctx->lang)));
	put(o, "provisional", json_object_new_boolean(d->provisional));
	if (done_day == 0 && st != DUE_ENDED)
		put(o, "working_days_left", json_object_new_int(
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

	put(o, "accept", due_json(ctx, &c->accept_due, c->decided_day, ended));
	if (c->notify_due.day != 0)
		put(o, "notify_reporter", due_json(ctx, &c->notify_due,
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
		put(o, "resolve", r);
	}
	return o;
}

static struct json_object *
masked_party(struct ctx *ctx, const struct party_in *p)
{
	struct json_object	*o = json_object_new_object();
	char			 m[256];

	put(o, "name", jstr(mask_name(p->name, m, sizeof(m))));
	put(o, "id_type", jenum(EN_ID_TYPE, p->id_type));
	put(o, "id_number", p->id_number ? jstr(mask_idnumber(p->id_number, m,
	    sizeof(m))) : NULL);
	put(o, "phone", p->phone ? jstr(mask_phone(p->phone, m, sizeof(m))) :
	    NULL);
	put(o, "email", p->email ? jstr(mask_email(p->email, m, sizeof(m))) :
	    NULL);
	return o;
}

static struct json_object *
full_party(const struct party_in *p)
{
	struct json_object *o = json_object_new_object();

	put(o, "name", jstr(p->name));
	put(o, "id_type", jenum(EN_ID_TYPE, p->id_type));
	put(o, "id_number", jstr(p->id_number));
	put(o, "phone", jstr(p->phone));
	put(o, "email", jstr(p->email));
	put(o, "address", jstr(p->address));
	return o;
}

static struct json_object *
respondent_json(const struct respondent_in *r)
{
	struct json_object *o = json_object_new_object();

	put(o, "name", jstr(r->name));
	put(o, "uscc", jstr(r->uscc));
	put(o, "registration_no", jstr(r->registration_no));
	put(o, "address", jstr(r->address));
	put(o, "shop_url", jstr(r->shop_url));
	put(o, "platform", jstr(r->platform));
	return o;
}

static struct json_object *
rights_json(const struct complaint *c)
{
	struct json_object	*a = json_object_new_array();
	size_t			 i;

	for (i = 0; i < c->nrights; i++) {
		struct json_object *r = json_object_new_object();

		put(r, "type", jenum(EN_RIGHT_TYPE, c->rights[i].type));
		put(r, "number", jstr(c->rights[i].number));
		json_object_array_add(a, r);
	}
	return a;
}

/* Fields shown in every answer about a case. */
static void
summary(struct ctx *ctx, struct json_object *o, const struct complaint *c)
{
	put(o, "no", jstr(c->no));
	put(o, "kind", jenum(EN_KIND, c->kind));
	put(o, "status", jenum(EN_STATUS, (int)c->status));
	put(o, "status_label", json_object_new_string(enum_label(EN_STATUS,
	    (int)c->status, ctx->lang)));
	put(o, "received_at", jtime(c->received_at));
	put(o, "fast_track", json_object_new_boolean(c->fast_track));
	put(o, "due", dues_json(ctx, c));
}

struct json_object *
complaint_created_json(struct ctx *ctx, const struct complaint *c,
    const char *access_code)
{
	struct json_object *o = json_object_new_object();

	summary(ctx, o, c);
	put(o, "access_code", jstr(access_code));
	put(o, "links", json_object_new_object());
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
			put(e, "at", jtime(ms));
		put(e, "action", json_object_new_string(row.c[1].s));
		put(e, "status", jenum(EN_STATUS, st));
		put(e, "status_label", st >= 0 ? json_object_new_string(
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
	struct json_object	*a = json_object_new_array();
	struct dbrow		 row;
	int64_t			 ms;

	*rc = db_query(ctx->db, SQL_EVIDENCE_OF, DBARGS(dbstr("complaint"),
	    dbint(c->id)));
	if (*rc != DB_OK) {
		json_object_put(a);
		return NULL;
	}
	while ((*rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object *e = json_object_new_object();

		put(e, "sha256", json_object_new_string(row.c[0].s));
		put(e, "size", json_object_new_int64(row.c[1].i));
		put(e, "type", json_object_new_string(row.c[2].s));
		put(e, "filename", json_object_new_string(row.c[3].s));
		if (time_from_sql(row.c[4].s, &ms) == 0)
			put(e, "uploaded_at", jtime(ms));
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

/* The case's own fields, shown to the public and to staff alike. */
static void
case_fields(struct ctx *ctx, struct json_object *o, const struct complaint *c)
{
	const struct district *d;

	summary(ctx, o, c);
	put(o, "ip_type", jenum(EN_IP_TYPE, c->ip_type));
	put(o, "scene", jenum(EN_SCENE, c->scene));
	put(o, "channel", jenum(EN_CHANNEL, c->channel));
	put(o, "district", jstr(c->district));
	d = c->district ? ref_district(ctx->ref, c->district, 6) : NULL;
	put(o, "district_label", d ? jstr(ctx->lang == LANG_EN ? d->en : d->zh)
	    : NULL);
	put(o, "title", jstr(c->title));
	put(o, "description", jstr(c->description));
	put(o, "demands", jstr(c->demands));
	if (c->exh_name != NULL) {
		struct json_object *x = json_object_new_object();

		put(x, "name", jstr(c->exh_name));
		put(x, "booth", jstr(c->exh_booth));
		put(x, "end_date", jstr(c->exh_end));
		put(o, "exhibition", x);
	}
	put(o, "anonymous", json_object_new_boolean(c->anonymous));
	put(o, "respondent", respondent_json(&c->r));
	put(o, "rights", rights_json(c));
	put(o, "public_reply", jstr(c->public_reply));
	put(o, "outcome", jenum(EN_OUTCOME, c->outcome));
	put(o, "merged_into", jstr(c->merged_into));
	put(o, "mediation_no", jstr(c->mediation_no));
	if (c->feedback_score > 0) {
		struct json_object *f = json_object_new_object();

		put(f, "score", json_object_new_int(c->feedback_score));
		put(f, "comment", jstr(c->feedback_comment));
		put(f, "at", jtime(c->feedback_at));
		put(o, "feedback", f);
	}
}

struct json_object *
complaint_public_json(struct ctx *ctx, const struct complaint *c, int *rc)
{
	struct json_object *o = json_object_new_object(), *t, *ev;

	case_fields(ctx, o, c);
	put(o, "complainant", c->anonymous ? NULL : masked_party(ctx, &c->c));
	if ((t = timeline_json(ctx, c, rc)) == NULL ||
	    (ev = evidence_json(ctx, c, rc)) == NULL) {
		json_object_put(t);
		json_object_put(o);
		return NULL;
	}
	put(o, "timeline", t);
	put(o, "evidence", ev);
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
		put(e, "no", json_object_new_string(row.c[0].s));
		put(e, "kind", json_object_new_string(row.c[1].s));
		put(e, "status", json_object_new_string(row.c[2].s));
		while (*p != '\0') {
			size_t n = strcspn(p, ",");

			json_object_array_add(why,
			    json_object_new_string_len(p, (int)n));
			p += n + (p[n] == ',');
		}
		put(e, "reasons", why);
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
	put(o, "status", jstr(c->reward_note));
	put(o, "reporter_relation", jenum(EN_REPORTER_RELATION,
	    c->reporter_relation));
	put(o, "level", c->reward_level > 0 ?
	    json_object_new_int(c->reward_level) : NULL);
	put(o, "amount", c->reward.set ? money(c->reward.v) : NULL);
	return o;
}

/* The workflow fields staff work with. */
static void
workflow_json(struct ctx *ctx, struct json_object *o,
    const struct complaint *c)
{
	const struct department *d = ref_dept_by_id(ctx->ref, c->department_id);

	put(o, "department", jstr(c->department));
	put(o, "department_label", d ? jstr(ctx->lang == LANG_EN ? d->en :
	    d->zh) : NULL);
	put(o, "assignee", jstr(c->assignee));
	put(o, "reject_ground", jenum(EN_REJECT_GROUND, c->reject_ground));
	put(o, "extended", json_object_new_boolean(c->extended));
	put(o, "suspend_reason", jenum(EN_SUSPEND_REASON, c->suspend_reason));
	put(o, "suspended_at", c->suspended_at ? jtime(c->suspended_at) : NULL);
	put(o, "decided_at", c->decided_at ? jtime(c->decided_at) : NULL);
	put(o, "notified_at", c->notified_at ? jtime(c->notified_at) : NULL);
	put(o, "resolved_at", c->resolved_at ? jtime(c->resolved_at) : NULL);
	put(o, "closed_at", c->closed_at ? jtime(c->closed_at) : NULL);
	put(o, "next_due", jday(complaint_next_due(c)));
	put(o, "fine", c->fine.set ? money(c->fine.v) : NULL);
	put(o, "confiscation", c->confiscation.set ? money(c->confiscation.v) :
	    NULL);
	put(o, "reward", reward_json(c));
	put(o, "filed_by_api_key", json_object_new_boolean(c->api_key_id != 0));
}

struct json_object *
complaint_staff_summary_json(struct ctx *ctx, const struct complaint *c)
{
	struct json_object	*o = json_object_new_object();

	summary(ctx, o, c);
	put(o, "ip_type", jenum(EN_IP_TYPE, c->ip_type));
	put(o, "scene", jenum(EN_SCENE, c->scene));
	put(o, "channel", jenum(EN_CHANNEL, c->channel));
	put(o, "district", jstr(c->district));
	put(o, "title", jstr(c->title));
	put(o, "respondent_name", jstr(c->r.name));
	put(o, "anonymous", json_object_new_boolean(c->anonymous));
	/* Queue rows are always masked: the case view shows (and records
	 * the showing of) personal data to those who may see it. */
	put(o, "complainant", c->anonymous ? NULL : masked_party(ctx, &c->c));
	workflow_json(ctx, o, c);
	return o;
}

struct json_object *
complaint_staff_json(struct ctx *ctx, const struct complaint *c, int *rc)
{
	struct json_object	*o = json_object_new_object(), *t, *ev, *dups;
	bool			 pii = complaint_may_see_pii(ctx, c);

	case_fields(ctx, o, c);
	put(o, "complainant", c->anonymous ? NULL : pii ? full_party(&c->c) :
	    masked_party(ctx, &c->c));
	put(o, "personal_data", json_object_new_string(pii ? "full" :
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
	put(o, "timeline", t);
	put(o, "evidence", ev);
	put(o, "duplicates", dups);
	return o;
}
