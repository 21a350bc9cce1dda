/*
 * aid_flow.c -- the lifecycle of an aid request (SPEC section 3) as one
 * table: submitted -> accepted | declined; accepted -> assigned (an
 * expert) -> in_progress (the expert starts) -> concluded (an outcome) ->
 * closed; guidance records and milestones along the way; major foreign
 * cases flagged for tracking.  Who may act: the aid office (intake,
 * supervisor) and the request's own expert.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "aid.h"
#include "app.h"
#include "audit.h"
#include "auth.h"
#include "complaint.h"
#include "db.h"
#include "handlers.h"
#include "jsonout.h"
#include "log.h"
#include "pool.h"
#include "timeutil.h"
#include "workdays.h"

enum priority
aid_priority(const struct refdata *ref, int32_t deadline, int size,
    int32_t today)
{
	enum priority p = PRIO_NORMAL;

	/* Under N days to the deadline (不足 N 天). */
	if (deadline != 0 && deadline < today + ref->aid.urgent_days)
		p = PRIO_URGENT;
	else if (deadline != 0 && deadline < today + ref->aid.high_days)
		p = PRIO_HIGH;
	if (p == PRIO_NORMAL && ref->aid.small_first &&
	    (size == SIZE_MICRO || size == SIZE_SMALL))
		p = PRIO_HIGH;
	return p;
}

bool
aid_expert_is_own(const struct ctx *ctx, const struct aid *a)
{
	return ctx->who.kind == P_STAFF && auth_has(ctx, ROLE_AID_EXPERT) &&
	    a->expert_user_id != 0 && a->expert_user_id == ctx->who.user_id;
}

bool
aid_visible(const struct ctx *ctx, const struct aid *a)
{
	if (ctx->who.kind != P_STAFF)
		return false;
	return auth_has(ctx, ROLE_AID_OFFICE) || aid_expert_is_own(ctx, a);
}

/* The contact's phone and e-mail: the office's intake clerks and the
 * expert working on the request. */
bool
aid_may_see_pii(const struct ctx *ctx, const struct aid *a)
{
	return aid_visible(ctx, a) && (auth_has(ctx, ROLE_INTAKE) ||
	    aid_expert_is_own(ctx, a));
}

bool
aid_deadline_passed(const struct ctx *ctx, const struct aid *a)
{
	return aid_is_open(a->status) && a->deadline != 0 &&
	    a->deadline < ctx->today;
}

/* ---- the table ------------------------------------------------------------ */

struct aflow {
	struct aid		*a;
	const struct aaction_in	*in;
	struct verrs		*errs;
	struct resp		*resp;
	struct json_object	*detail;
};

typedef enum err (*aapply_fn)(struct ctx *, struct aflow *);

#define S(x) (1u << (x))
#define OPEN (S(AS_SUBMITTED) | S(AS_ACCEPTED) | S(AS_ASSIGNED) | \
	S(AS_IN_PROGRESS))
#define STAY AS__MAX

#define W_OFFICE	0x1u
#define W_EXPERT	0x2u
#define W_BOTH		(W_OFFICE | W_EXPERT)

#define N_REASON	0x01u
#define N_RECORD	0x02u	/* on_day, summary */
#define N_OUTCOME	0x04u

struct atransition {
	enum aaction	 action;
	unsigned	 from;
	enum astatus	 to;
	unsigned	 who;
	unsigned	 needs;
	bool		 public;
	aapply_fn	 apply;
};

static enum err a_accept(struct ctx *, struct aflow *);
static enum err a_decline(struct ctx *, struct aflow *);
static enum err a_assign(struct ctx *, struct aflow *);
static enum err a_start(struct ctx *, struct aflow *);
static enum err a_expert_decline(struct ctx *, struct aflow *);
static enum err a_conflict(struct ctx *, struct aflow *);
static enum err a_record(struct ctx *, struct aflow *);
static enum err a_major(struct ctx *, struct aflow *);
static enum err a_conclude(struct ctx *, struct aflow *);
static enum err a_close(struct ctx *, struct aflow *);

static const struct atransition atransitions[] = {
	{ AA_ACCEPT, S(AS_SUBMITTED), AS_ACCEPTED, W_OFFICE, 0, true,
	    a_accept },
	{ AA_DECLINE, S(AS_SUBMITTED), AS_DECLINED, W_OFFICE, N_REASON, true,
	    a_decline },
	{ AA_ASSIGN_EXPERT, S(AS_ACCEPTED) | S(AS_ASSIGNED), AS_ASSIGNED,
	    W_OFFICE, 0, false, a_assign },
	{ AA_START, S(AS_ASSIGNED), AS_IN_PROGRESS, W_EXPERT, 0, true,
	    a_start },
	{ AA_EXPERT_DECLINE, S(AS_ASSIGNED), AS_ACCEPTED, W_EXPERT, 0, false,
	    a_expert_decline },
	{ AA_DECLARE_CONFLICT, S(AS_ACCEPTED) | S(AS_ASSIGNED) |
	    S(AS_IN_PROGRESS), STAY, W_BOTH, N_REASON, false, a_conflict },
	{ AA_GUIDANCE, S(AS_IN_PROGRESS), STAY, W_BOTH, N_RECORD, true,
	    a_record },
	{ AA_MILESTONE, S(AS_ASSIGNED) | S(AS_IN_PROGRESS) | S(AS_CONCLUDED),
	    STAY, W_BOTH, N_RECORD, true, a_record },
	{ AA_FLAG_MAJOR, OPEN | S(AS_CONCLUDED), STAY, W_OFFICE, 0, false,
	    a_major },
	{ AA_UNFLAG_MAJOR, OPEN | S(AS_CONCLUDED), STAY, W_OFFICE, 0, false,
	    a_major },
	{ AA_CONCLUDE, S(AS_IN_PROGRESS), AS_CONCLUDED, W_BOTH, N_OUTCOME,
	    true, a_conclude },
	{ AA_CLOSE, S(AS_CONCLUDED), AS_CLOSED, W_OFFICE, 0, true, a_close },
};

static void
note(struct aflow *f, const char *key, const char *value)
{
	if (value != NULL)
		json_object_object_add(f->detail, key,
		    json_object_new_string(value));
}

static enum err
a_accept(struct ctx *ctx, struct aflow *f)
{
	f->a->decided_at = ctx->now;
	note(f, "note", f->in->note);
	return ERR_OK;
}

static enum err
a_decline(struct ctx *ctx, struct aflow *f)
{
	f->a->decided_at = f->a->closed_at = ctx->now;
	f->a->decline_reason = f->in->reason;
	note(f, "reason", f->in->reason);
	return ERR_OK;
}

static enum err
a_assign(struct ctx *ctx, struct aflow *f)
{
	int rc = expert_assign(ctx, f->a, f->in->expert.set ?
	    f->in->expert.v : 0);

	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0) {
		f->resp->detail = L(ctx, "没有可指派的专家（国别、类型、回避、"
		    "负荷）。", "No expert can be assigned (country, IP type, "
		    "recusal, load).");
		return ERR_CONFLICT;
	}
	f->a->assigned_at = ctx->now;
	json_object_object_add(f->detail, "expert",
	    json_object_new_int64(f->a->expert_id));
	return ERR_OK;
}

static enum err
a_start(struct ctx *ctx, struct aflow *f)
{
	f->a->started_at = ctx->now;
	note(f, "note", f->in->note);
	return ERR_OK;
}

/* The expert steps back: the request returns to the office's pool and
 * the expert is not proposed for it again. */
static enum err
a_expert_decline(struct ctx *ctx, struct aflow *f)
{
	int rc;

	if ((rc = expert_exclude(ctx, f->a, f->a->expert_id, "declined",
	    f->in->reason)) != DB_OK)
		return err_from_db(rc);
	json_object_object_add(f->detail, "excluded",
	    json_object_new_int64(f->a->expert_id));
	f->a->expert_id = 0;
	f->a->expert_name = NULL;
	f->a->expert_user_id = 0;
	note(f, "reason", f->in->reason);
	return ERR_OK;
}

/* A conflict with the requester or the opposing party: the expert (its
 * own, or the one the office names) may not work on the request. */
static enum err
a_conflict(struct ctx *ctx, struct aflow *f)
{
	int64_t	 who = f->a->expert_id;
	int	 rc;

	if (!aid_expert_is_own(ctx, f->a) && f->in->expert.set)
		who = f->in->expert.v;
	if (who == 0) {
		verr_add(f->errs, "expert", "required", 0);
		return ERR_VALIDATION;
	}
	if (who != f->a->expert_id && (rc = expert_known(ctx, who)) != 1) {
		if (rc < 0)
			return err_from_db(rc);
		verr_add(f->errs, "expert", "unknown_expert", 0);
		return ERR_VALIDATION;
	}
	if ((rc = expert_exclude(ctx, f->a, who, "conflict", f->in->reason)) !=
	    DB_OK)
		return err_from_db(rc);
	json_object_object_add(f->detail, "excluded",
	    json_object_new_int64(who));
	note(f, "reason", f->in->reason);
	if (who == f->a->expert_id) {
		f->a->expert_id = 0;
		f->a->expert_name = NULL;
		f->a->expert_user_id = 0;
		f->a->status = AS_ACCEPTED;
	}
	return ERR_OK;
}

/* A dated guidance record or milestone. */
static enum err
a_record(struct ctx *ctx, struct aflow *f)
{
	const struct aaction_in	*in = f->in;
	struct dbrow		 row;
	char			 day[16], now[32];
	int			 rc;

	if ((rc = db_one(ctx->db, SQL_AID_RECORD_COUNT, DBARGS(dbint(
	    f->a->id)), &row)) < 0)
		return err_from_db(rc);
	day_format(day_from_ymdint(in->on_day), day, sizeof(day));
	time_sql(ctx->now, now, sizeof(now));
	rc = db_exec(ctx->db, SQL_AID_RECORD_INSERT, DBARGS(dbint(f->a->id),
	    dbint(row.c[0].i + 1), dbstr(in->action == AA_GUIDANCE ?
	    "guidance" : "milestone"), dbstr(day), dbstr(in->summary),
	    dbstr(in->advice), dbstr(in->documents), dbstr(in->next_steps),
	    dbstr(ctx->actor), dbstr(now)));
	if (rc != DB_OK)
		return err_from_db(rc);
	json_object_object_add(f->detail, "record",
	    json_object_new_int64(row.c[0].i + 1));
	note(f, "on_day", day);
	return ERR_OK;
}

static enum err
a_major(struct ctx *ctx, struct aflow *f)
{
	f->a->major = f->in->action == AA_FLAG_MAJOR;
	note(f, "reason", f->in->reason);
	return ERR_OK;
}

static enum err
a_conclude(struct ctx *ctx, struct aflow *f)
{
	f->a->outcome = f->in->outcome;
	f->a->conclusion = f->in->conclusion;
	f->a->concluded_at = ctx->now;
	note(f, "outcome", enum_code(EN_AID_OUTCOME, f->in->outcome));
	return ERR_OK;
}

static enum err
a_close(struct ctx *ctx, struct aflow *f)
{
	f->a->closed_at = ctx->now;
	note(f, "note", f->in->note);
	return ERR_OK;
}

/* ---- the route -------------------------------------------------------------- */

static const struct atransition *
find(enum aaction a)
{
	size_t i;

	for (i = 0; i < sizeof(atransitions) / sizeof(atransitions[0]); i++)
		if (atransitions[i].action == a)
			return &atransitions[i];
	return NULL;
}

static bool
may(const struct ctx *ctx, const struct atransition *t, const struct aid *a)
{
	return ((t->who & W_OFFICE) && auth_has(ctx, ROLE_AID_OFFICE)) ||
	    ((t->who & W_EXPERT) && aid_expert_is_own(ctx, a));
}

static void
check_needs(const struct atransition *t, const struct aaction_in *in,
    struct verrs *v)
{
	if ((t->needs & N_REASON) && in->reason == NULL)
		verr_add(v, "reason", "required", 0);
	if ((t->needs & N_RECORD) && in->on_day == 0)
		verr_add(v, "on_day", "required", 0);
	if ((t->needs & N_RECORD) && in->summary == NULL)
		verr_add(v, "summary", "required", 0);
	if ((t->needs & N_OUTCOME) && in->outcome < 0)
		verr_add(v, "outcome", "required", 0);
}

static enum err
act(struct ctx *ctx, struct req *req, struct resp *resp, struct aflow *f)
{
	const struct atransition	*t;
	struct aid			*a = f->a;
	enum astatus			 from;
	enum err			 e;
	int				 rc;

	rc = aid_load(ctx, complaint_param_no(ctx, req), a);
	if (rc == 1)
		rc = aid_lock(ctx, a->id, a);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0 || !aid_visible(ctx, a))
		return ERR_NOT_FOUND;
	if ((t = find((enum aaction)f->in->action)) == NULL)
		return ERR_INTERNAL;
	if (!may(ctx, t, a))
		return ERR_FORBIDDEN;
	if (!(t->from & S(a->status))) {
		resp->detail = pool_printf(ctx->pool, L(ctx,
		    "援助申请当前状态为“%s”（%s），不能%s。",
		    "The request is %s (%s): it cannot take \"%s\" now."),
		    enum_label(EN_ASTATUS, (int)a->status, ctx->lang),
		    enum_code(EN_ASTATUS, (int)a->status),
		    ctx->lang == LANG_EN ? enum_code(EN_AACTION, (int)t->action) :
		    enum_label(EN_AACTION, (int)t->action, ctx->lang));
		return ERR_CONFLICT;
	}
	check_needs(t, f->in, f->errs);
	if (f->errs->n > 0)
		return ERR_VALIDATION;
	from = a->status;
	if (t->to != STAY)
		a->status = t->to;
	if ((e = t->apply(ctx, f)) != ERR_OK)
		return e;
	if ((rc = aid_save(ctx, a)) != DB_OK ||
	    (rc = aid_event(ctx, a, enum_code(EN_AACTION, f->in->action),
	    enum_code(EN_ASTATUS, (int)from), a->status != from ?
	    enum_code(EN_ASTATUS, (int)a->status) : NULL, t->public,
	    jdetail(ctx->pool, f->detail))) != DB_OK)
		return err_from_db(rc);
	return ERR_OK;
}

/* POST /api/v1/overseas-aid/{no}/actions. */
enum err
h_aid_action(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct aid		 a;
	struct aflow		 f;
	struct json_object	*o;
	enum err		 e;
	int			 rc;

	memset(&f, 0, sizeof(f));
	f.a = &a;
	f.in = input;
	f.resp = resp;
	f.errs = resp->errs;
	f.detail = json_object_new_object();
	if ((rc = db_begin(ctx->db)) != DB_OK) {
		json_object_put(f.detail);
		return err_from_db(rc);
	}
	e = act(ctx, req, resp, &f);
	json_object_put(f.detail);
	if (e != ERR_OK) {
		db_rollback(ctx->db);
		return e;
	}
	if ((rc = db_commit(ctx->db)) != DB_OK)
		return err_from_db(rc);
	log_info(ctx->rid, "aid %s: %s -> %s", a.no, enum_code(EN_AACTION,
	    f.in->action), enum_code(EN_ASTATUS, (int)a.status));
	/* The answer shows the expert as now assigned (re-read). */
	if ((rc = aid_load(ctx, a.no, &a)) != 1 ||
	    (rc = aid_log_pii(ctx, &a)) != DB_OK ||
	    (o = aid_staff_json(ctx, &a, &rc)) == NULL)
		return err_from_db(rc == 0 ? DB_ERR : rc);
	return resp_json(resp, 200, o);
}
