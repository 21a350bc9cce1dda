/*
 * complaint_flow.c -- the staff side of the lifecycle of complaints and
 * reports: who may see a case, and the one table of allowed transitions
 * (per track, with the role each needs and the fields it takes).
 *
 * POST /api/v1/complaints/{no}/actions {"action": ..., ...}: the case is
 * locked and re-read in a transaction, the transition looked up (none for
 * this state: 409 naming the state), the fields checked, the change made
 * with its due dates, the case saved and the event chained, all in one
 * commit.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "complaint.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "mediation.h"
#include "pool.h"
#include "reward.h"
#include "timeutil.h"
#include "workdays.h"

/* ---- who sees what ----------------------------------------------------- */

/* Whether the caller handles cases of the case's department. */
static bool
own_department(const struct ctx *ctx, const struct complaint *c)
{
	return auth_has(ctx, ROLE_HANDLER) && c->department_id != 0 &&
	    c->department_id == ctx->who.department_id;
}

bool
complaint_visible(const struct ctx *ctx, const struct complaint *c)
{
	if (ctx->who.kind != P_STAFF)
		return false;
	if (auth_has(ctx, ROLE_INTAKE | ROLE_SUPERVISOR | ROLE_CREDIT))
		return true;
	return own_department(ctx, c);
}

/*
 * Full ID numbers and phones: the handlers of the case's department, and
 * intake for complaints (they check the complainant's identity).  A named
 * reporter's identity is kept from everyone but the handlers.
 */
bool
complaint_may_see_pii(const struct ctx *ctx, const struct complaint *c)
{
	if (!complaint_visible(ctx, c))
		return false;
	if (own_department(ctx, c))
		return true;
	return c->kind == KIND_COMPLAINT && auth_has(ctx, ROLE_INTAKE);
}

/* ---- due dates ------------------------------------------------------------- */

static int32_t
min_day(int32_t a, int32_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

int32_t
complaint_next_due(const struct complaint *c)
{
	int32_t d = 0;

	switch (c->status) {
	case ST_SUBMITTED:
		d = c->accept_due.day;
		break;
	case ST_ACCEPTED:
	case ST_ASSIGNED:
	case ST_MEDIATING:
		d = c->resolve_due.day;
		break;
	default:
		break;	/* suspended: the clock stands still; or over */
	}
	if (c->notify_due.day != 0 && c->notified_at == 0 &&
	    c->status != ST_WITHDRAWN && c->status != ST_MERGED)
		d = min_day(d, c->notify_due.day);
	return d;
}

/* The limit that runs while a case is being handled. */
static enum limit_id
resolve_limit(const struct complaint *c)
{
	return c->kind == KIND_REPORT ? LIM_REPORT_RESOLVE :
	    LIM_COMPLAINT_MEDIATION;
}

/* ---- the transitions ------------------------------------------------------- */

/* What an action is working on. */
struct flow {
	struct complaint	*c;
	const struct action_in	*in;
	struct verrs		*errs;
	struct resp		*resp;
	struct json_object	*detail;	/* the event's detail */
	struct complaint	 target;	/* merge: the surviving case */
	const char		*mediation_no;	/* mediate: the new case */
	char			 mediation_code[16];
};

typedef enum err (*apply_fn)(struct ctx *, struct flow *);

#define S(x) (1u << (x))
#define K_COMPLAINT 0x1u
#define K_REPORT 0x2u
#define K_BOTH (K_COMPLAINT | K_REPORT)
#define OPEN (S(ST_SUBMITTED) | S(ST_ACCEPTED) | S(ST_ASSIGNED) | \
	S(ST_SUSPENDED) | S(ST_MEDIATING))
#define DECIDED (S(ST_ACCEPTED) | S(ST_ASSIGNED) | S(ST_SUSPENDED) | \
	S(ST_MEDIATING) | S(ST_REJECTED) | S(ST_RESOLVED) | S(ST_CLOSED))
#define STAY ST__MAX

/* Fields an action needs. */
#define N_REASON	0x01u
#define N_GROUND	0x02u
#define N_DEPARTMENT	0x04u
#define N_OUTCOME	0x08u
#define N_REPLY		0x10u
#define N_INTO		0x20u
#define N_SUSPEND	0x40u

struct transition {
	enum action	 action;
	unsigned	 kinds;		/* K_COMPLAINT, K_REPORT */
	unsigned	 from;		/* states it starts from */
	enum cstatus	 to;		/* STAY: the state does not change */
	unsigned	 roles;		/* any of these may */
	unsigned	 needs;		/* N_* fields required */
	bool		 public;	/* on the public timeline */
	apply_fn	 apply;
};

static enum err do_accept(struct ctx *, struct flow *);
static enum err do_reject(struct ctx *, struct flow *);
static enum err do_assign(struct ctx *, struct flow *);
static enum err do_suspend(struct ctx *, struct flow *);
static enum err do_resume(struct ctx *, struct flow *);
static enum err do_extend(struct ctx *, struct flow *);
static enum err do_notify(struct ctx *, struct flow *);
static enum err do_resolve(struct ctx *, struct flow *);
static enum err do_close(struct ctx *, struct flow *);
static enum err do_reopen(struct ctx *, struct flow *);
static enum err do_merge(struct ctx *, struct flow *);
static enum err do_mediate(struct ctx *, struct flow *);

static const struct transition transitions[] = {
	{ ACT_ACCEPT, K_BOTH, S(ST_SUBMITTED), ST_ACCEPTED, ROLE_INTAKE, 0,
	    true, do_accept },
	{ ACT_REJECT, K_BOTH, S(ST_SUBMITTED), ST_REJECTED, ROLE_INTAKE,
	    N_GROUND | N_REASON, true, do_reject },
	{ ACT_ASSIGN, K_BOTH, S(ST_ACCEPTED) | S(ST_ASSIGNED), ST_ASSIGNED,
	    ROLE_INTAKE | ROLE_HANDLER, N_DEPARTMENT, true, do_assign },
	{ ACT_TRANSFER, K_BOTH, S(ST_ASSIGNED) | S(ST_SUSPENDED), STAY,
	    ROLE_INTAKE | ROLE_HANDLER | ROLE_SUPERVISOR,
	    N_DEPARTMENT | N_REASON, true, do_assign },
	{ ACT_SUSPEND, K_BOTH, S(ST_ASSIGNED), ST_SUSPENDED, ROLE_HANDLER,
	    N_SUSPEND, true, do_suspend },
	{ ACT_RESUME, K_BOTH, S(ST_SUSPENDED), ST_ASSIGNED, ROLE_HANDLER, 0,
	    true, do_resume },
	{ ACT_EXTEND, K_REPORT, S(ST_SUBMITTED), STAY,
	    ROLE_INTAKE | ROLE_HANDLER, N_REASON, false, do_extend },
	{ ACT_NOTIFY, K_REPORT, DECIDED, STAY, ROLE_INTAKE | ROLE_HANDLER, 0,
	    false, do_notify },
	{ ACT_RESOLVE, K_BOTH, S(ST_ASSIGNED) | S(ST_MEDIATING), ST_RESOLVED,
	    ROLE_HANDLER, N_OUTCOME | N_REPLY, true, do_resolve },
	{ ACT_CLOSE, K_BOTH, S(ST_RESOLVED), ST_CLOSED,
	    ROLE_HANDLER | ROLE_SUPERVISOR, 0, true, do_close },
	{ ACT_REOPEN, K_BOTH, S(ST_RESOLVED), ST_ASSIGNED,
	    ROLE_HANDLER | ROLE_SUPERVISOR, N_REASON, true, do_reopen },
	{ ACT_MERGE, K_BOTH, OPEN, ST_MERGED,
	    ROLE_INTAKE | ROLE_HANDLER | ROLE_SUPERVISOR, N_INTO, true,
	    do_merge },
	{ ACT_MEDIATE, K_COMPLAINT, S(ST_ASSIGNED), ST_MEDIATING, ROLE_HANDLER,
	    0, true, do_mediate },
};

#define NTRANS (sizeof(transitions) / sizeof(transitions[0]))

/* Adds a string to the event detail (NULL values are left out). */
static void
note(struct flow *f, const char *key, const char *value)
{
	if (value != NULL)
		json_object_object_add(f->detail, key,
		    json_object_new_string(value));
}

static enum err
do_accept(struct ctx *ctx, struct flow *f)
{
	struct complaint *c = f->c;

	c->decided_at = ctx->now;
	c->decided_day = ctx->today;
	c->resolve_due = ref_due(ctx->ref, resolve_limit(c), ctx->today);
	if (c->kind == KIND_REPORT && !c->anonymous)
		c->notify_due = ref_due(ctx->ref, LIM_REPORTER_NOTIFY,
		    ctx->today);
	note(f, "note", f->in->note);
	return ERR_OK;
}

static enum err
do_reject(struct ctx *ctx, struct flow *f)
{
	struct complaint *c = f->c;

	c->decided_at = ctx->now;
	c->decided_day = ctx->today;
	c->closed_at = ctx->now;
	c->reject_ground = f->in->ground;
	c->public_reply = f->in->reason;
	if (c->kind == KIND_REPORT && !c->anonymous)
		c->notify_due = ref_due(ctx->ref, LIM_REPORTER_NOTIFY,
		    ctx->today);
	note(f, "ground", enum_code(EN_REJECT_GROUND, f->in->ground));
	note(f, "reason", f->in->reason);
	return ERR_OK;
}

/* assign and transfer: the department (and, optionally, the handler, who
 * must be an active handler of that department).  A handler assigns only
 * within its own department; transfer moves the case to another one. */
static enum err
do_assign(struct ctx *ctx, struct flow *f)
{
	const struct department	*d = ref_dept(ctx->ref, f->in->department);
	struct complaint	*c = f->c;
	struct dbrow		 row;
	int			 rc;

	if (d == NULL) {
		verr_add(f->errs, "department", "invalid_value", 0);
		return ERR_VALIDATION;
	}
	if (f->in->action == ACT_ASSIGN && !auth_has(ctx, ROLE_INTAKE) &&
	    d->id != ctx->who.department_id) {
		verr_add(f->errs, "department", "not_allowed", 0);
		return ERR_VALIDATION;
	}
	if (f->in->action == ACT_TRANSFER && d->id == c->department_id) {
		verr_add(f->errs, "department", "same_department", 0);
		return ERR_VALIDATION;
	}
	c->assignee_id = 0;
	c->assignee = NULL;
	if (f->in->handler != NULL) {
		rc = db_one(ctx->db, SQL_STAFF_BY_NAME,
		    DBARGS(dbstr(f->in->handler)), &row);
		if (rc < 0)
			return err_from_db(rc);
		if (rc == 0 || row.c[3].i != 0 ||
		    !((unsigned)row.c[1].i & ROLE_HANDLER) ||
		    row.c[2].null || row.c[2].i != d->id) {
			verr_add(f->errs, "handler", "not_a_handler_of_department",
			    0);
			return ERR_VALIDATION;
		}
		c->assignee_id = row.c[0].i;
		c->assignee = f->in->handler;
	}
	c->department_id = d->id;
	c->department = d->code;
	note(f, "department", d->code);
	note(f, "handler", f->in->handler);
	note(f, "reason", f->in->reason);
	return ERR_OK;
}

static enum err
do_suspend(struct ctx *ctx, struct flow *f)
{
	f->c->suspended_at = ctx->now;
	f->c->suspend_reason = f->in->suspend_reason;
	note(f, "suspend_reason", enum_code(EN_SUSPEND_REASON,
	    f->in->suspend_reason));
	note(f, "note", f->in->note);
	return ERR_OK;
}

/* The clock restarts: the running due date moves by the time it stood. */
static enum err
do_resume(struct ctx *ctx, struct flow *f)
{
	struct complaint	*c = f->c;
	int32_t			 from = time_day_cst(c->suspended_at);
	char			 buf[16];

	c->resolve_due = ref_due_shift(ctx->ref, resolve_limit(c),
	    c->resolve_due, from, ctx->today);
	c->suspended_at = 0;
	c->suspend_reason = -1;
	note(f, "resolve_due", day_format(c->resolve_due.day, buf,
	    sizeof(buf)));
	note(f, "note", f->in->note);
	return ERR_OK;
}

/* A report's one extension of the time to decide. */
static enum err
do_extend(struct ctx *ctx, struct flow *f)
{
	struct complaint	*c = f->c;
	char			 buf[16];

	if (c->extended) {
		f->resp->detail = L(ctx, "核查期限只能延长一次。",
		    "The time to decide can be extended once only.");
		return ERR_CONFLICT;
	}
	c->extended = true;
	c->accept_due = ref_due_extend(ctx->ref, LIM_REPORT_EXTENSION,
	    c->accept_due);
	note(f, "accept_due", day_format(c->accept_due.day, buf, sizeof(buf)));
	note(f, "reason", f->in->reason);
	return ERR_OK;
}

/* The named reporter has been told of the decision. */
static enum err
do_notify(struct ctx *ctx, struct flow *f)
{
	if (f->c->anonymous || f->c->notify_due.day == 0) {
		f->resp->detail = L(ctx, "匿名举报无需告知。",
		    "An anonymous report has nobody to tell.");
		return ERR_CONFLICT;
	}
	if (f->c->notified_at != 0) {
		f->resp->detail = L(ctx, "已告知过举报人。",
		    "The reporter was already told.");
		return ERR_CONFLICT;
	}
	f->c->notified_at = ctx->now;
	note(f, "note", f->in->note);
	return ERR_OK;
}

/*
 * The reward of a named natural person whose report led to a penalty
 * (SPEC section 1); rights holders, their agents and interested parties
 * are excluded.  Other cases carry no reward.
 */
static enum err
compute_reward(struct ctx *ctx, struct flow *f)
{
	struct complaint	*c = f->c;
	const struct action_in	*in = f->in;
	int64_t			 base;

	c->reward.set = false;
	c->reward_note = NULL;
	c->reward_level = 0;
	c->reporter_relation = -1;
	if (c->kind != KIND_REPORT || c->outcome != OUT_PENALISED ||
	    c->anonymous || c->c.id_type == IDT_USCC)
		return ERR_OK;
	if (in->reporter_relation < 0)
		verr_add(f->errs, "reporter_relation", "required", 0);
	if (!in->reward_level.set && in->reporter_relation == REL_NONE)
		verr_add(f->errs, "reward_level", "required", 0);
	if (f->errs->n > 0)
		return ERR_VALIDATION;
	c->reporter_relation = in->reporter_relation;
	if (in->reporter_relation != REL_NONE) {
		c->reward_note = "excluded";
		return ERR_OK;
	}
	base = (c->fine.set ? c->fine.v : 0) +
	    (c->confiscation.set ? c->confiscation.v : 0);
	c->reward_level = (int)in->reward_level.v;
	c->reward.v = reward_amount(&ctx->ref->reward, c->reward_level, base);
	c->reward.set = c->reward.v >= 0;
	c->reward_note = "computed";
	return ERR_OK;
}

static enum err
do_resolve(struct ctx *ctx, struct flow *f)
{
	struct complaint *c = f->c;

	c->outcome = f->in->outcome;
	c->public_reply = f->in->public_reply;
	c->fine = f->in->fine;
	c->confiscation = f->in->confiscation;
	c->resolved_at = ctx->now;
	note(f, "outcome", enum_code(EN_OUTCOME, c->outcome));
	note(f, "public_reply", c->public_reply);
	return compute_reward(ctx, f);
}

static enum err
do_close(struct ctx *ctx, struct flow *f)
{
	f->c->closed_at = ctx->now;
	note(f, "note", f->in->note);
	return ERR_OK;
}

/* Within reopen_window days of the resolution; the handling clock starts
 * again from today. */
static enum err
do_reopen(struct ctx *ctx, struct flow *f)
{
	struct complaint	*c = f->c;
	struct due		 until;

	until = ref_due(ctx->ref, LIM_REOPEN_WINDOW,
	    time_day_cst(c->resolved_at));
	if (ctx->today > until.day) {
		f->resp->detail = L(ctx, "已超过可重新办理的期限。",
		    "The time to reopen this case has passed.");
		return ERR_CONFLICT;
	}
	c->resolved_at = 0;
	c->resolve_due = ref_due(ctx->ref, resolve_limit(c), ctx->today);
	note(f, "reason", f->in->reason);
	return ERR_OK;
}

/* The duplicate joins another open case the caller may see. */
static enum err
do_merge(struct ctx *ctx, struct flow *f)
{
	struct complaint	*c = f->c;
	int			 rc;

	rc = complaint_load(ctx, f->in->into, &f->target);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0 || !complaint_visible(ctx, &f->target) ||
	    f->target.id == c->id || !complaint_is_open(f->target.status)) {
		verr_add(f->errs, "into", "invalid_case", 0);
		return ERR_VALIDATION;
	}
	c->merged_into = f->target.no;
	c->closed_at = ctx->now;
	c->suspended_at = 0;
	note(f, "into", f->target.no);
	note(f, "reason", f->in->reason);
	return ERR_OK;
}

/*
 * A complaint handed to mediation: a mediation case whose applicant is the
 * complainant and whose respondent is the respondent, accepted at once,
 * its limit running from today; both cases name each other.
 */
static enum err
do_mediate(struct ctx *ctx, struct flow *f)
{
	struct complaint	*c = f->c;
	struct mediation	 m;
	int			 rc;

	memset(&m, 0, sizeof(m));
	m.source = SRC_COMPLAINT;
	m.status = MS_ACCEPTED;
	m.ip_type = c->ip_type;
	m.subject = c->title;
	m.claim = c->demands != NULL ? c->demands : c->description;
	m.description = c->description;
	m.complaint_id = c->id;
	m.complaint_no = c->no;
	m.a.type = c->c.id_type == IDT_USCC ? PT_ORGANIZATION : PT_PERSON;
	m.a.name = c->c.name;
	m.a.id_type = m.a.type == PT_PERSON ? c->c.id_type : -1;
	m.a.id_number = m.a.type == PT_PERSON ? c->c.id_number : NULL;
	m.a.uscc = m.a.type == PT_ORGANIZATION ? c->c.id_number : NULL;
	m.a.phone = c->c.phone;
	m.a.email = c->c.email;
	m.a.address = c->c.address;
	m.a.agent_authority = -1;
	m.r.type = PT_ORGANIZATION;
	m.r.name = c->r.name;
	m.r.id_type = m.r.agent_authority = -1;
	m.r.uscc = c->r.uscc != NULL && strcmp(c->r.uscc,
	    "00000000000000000X") != 0 ? c->r.uscc : NULL;
	m.r.address = c->r.address;
	m.received_at = m.decided_at = ctx->now;
	m.received_day = ctx->today;
	m.failure_ground = -1;
	m.duration_wd = -1;
	m.limit_due = mediation_limit(ctx, &m, ctx->today);
	if (c->anonymous) {
		f->resp->detail = L(ctx, "没有申请人身份的案件不能转调解。",
		    "A case without the complainant's identity cannot go to "
		    "mediation.");
		return ERR_CONFLICT;
	}
	if ((rc = mediation_insert(ctx, &m, f->mediation_code,
	    sizeof(f->mediation_code))) != DB_OK ||
	    (rc = db_exec(ctx->db, SQL_COMPLAINT_SET_MEDIATION,
	    DBARGS(dbint(m.id), dbint(c->id)))) != DB_OK)
		return err_from_db(rc);
	c->mediation_id = m.id;
	c->mediation_no = f->mediation_no = m.no;
	note(f, "mediation", m.no);
	return ERR_OK;
}

/* ---- the route ---------------------------------------------------------- */

static const struct transition *
find_transition(enum action a, int kind)
{
	size_t i;

	for (i = 0; i < NTRANS; i++)
		if (transitions[i].action == a &&
		    (transitions[i].kinds & (kind == KIND_REPORT ? K_REPORT :
		    K_COMPLAINT)))
			return &transitions[i];
	return NULL;
}

/* The fields the transition needs, as field errors. */
static void
check_needs(const struct transition *t, const struct action_in *in,
    struct verrs *v)
{
	if ((t->needs & N_REASON) && in->reason == NULL)
		verr_add(v, "reason", "required", 0);
	if ((t->needs & N_GROUND) && in->ground < 0)
		verr_add(v, "ground", "required", 0);
	if ((t->needs & N_DEPARTMENT) && in->department == NULL)
		verr_add(v, "department", "required", 0);
	if ((t->needs & N_OUTCOME) && in->outcome < 0)
		verr_add(v, "outcome", "required", 0);
	if ((t->needs & N_REPLY) && in->public_reply == NULL)
		verr_add(v, "public_reply", "required", 0);
	if ((t->needs & N_INTO) && in->into == NULL)
		verr_add(v, "into", "required", 0);
	if ((t->needs & N_SUSPEND) && in->suspend_reason < 0)
		verr_add(v, "suspend_reason", "required", 0);
}

/* 409 naming the state the case is in. */
static enum err
conflict(struct ctx *ctx, struct resp *resp, const struct complaint *c,
    const char *why)
{
	resp->detail = pool_printf(ctx->pool, L(ctx,
	    "案件当前状态为“%s”（%s），不能%s。",
	    "The case is %s (%s): it cannot be %s now."),
	    enum_label(EN_STATUS, (int)c->status, ctx->lang),
	    enum_code(EN_STATUS, (int)c->status), why);
	return ERR_CONFLICT;
}

/* Saves the changed case and its events (and the merge target's). */
static int
record(struct ctx *ctx, struct flow *f, const struct transition *t,
    enum cstatus from)
{
	struct event	 ev;
	int		 rc;

	if ((rc = complaint_save(ctx, f->c)) != DB_OK)
		return rc;
	memset(&ev, 0, sizeof(ev));
	ev.case_type = "complaint";
	ev.case_id = f->c->id;
	ev.action = enum_code(EN_ACTION, f->in->action);
	ev.from = enum_code(EN_STATUS, (int)from);
	ev.to = enum_code(EN_STATUS, (int)f->c->status);
	ev.public = t->public;
	ev.detail = json_object_object_length(f->detail) > 0 ?
	    json_object_to_json_string_ext(f->detail, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE) : NULL;
	if ((rc = audit_append(ctx, &ev)) != DB_OK)
		return rc;
	if (f->in->action != ACT_MERGE)
		return DB_OK;
	memset(&ev, 0, sizeof(ev));
	ev.case_type = "complaint";
	ev.case_id = f->target.id;
	ev.action = "merge_received";
	ev.detail = pool_printf(ctx->pool, "{\"from\":\"%s\"}", f->c->no);
	if ((rc = db_exec(ctx->db, SQL_COMPLAINT_LOCK,
	    DBARGS(dbint(f->target.id)))) != DB_OK)
		return rc;
	return audit_append(ctx, &ev);
}

/* Everything inside the transaction. */
static enum err
act(struct ctx *ctx, struct req *req, struct resp *resp, struct flow *f,
    struct complaint *c)
{
	const struct transition	*t;
	enum cstatus		 from;
	struct dbrow		 row;
	enum err		 e;
	int			 rc;

	rc = db_one(ctx->db, SQL_COMPLAINT_GET, DBARGS(dbstr(
	    complaint_param_no(ctx, req))), &row);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0 || (rc = complaint_lock(ctx, row.c[CC_ID].i, c)) != 1)
		return rc < 0 ? err_from_db(rc) : ERR_NOT_FOUND;
	if (!complaint_visible(ctx, c))
		return ERR_NOT_FOUND;
	if ((t = find_transition((enum action)f->in->action, c->kind)) == NULL)
		return conflict(ctx, resp, c, L(ctx, "对该类案件执行此操作",
		    "acted on so for this track"));
	if (!auth_has(ctx, t->roles))
		return ERR_FORBIDDEN;
	if (!(t->from & S(c->status)))
		return conflict(ctx, resp, c, enum_label(EN_ACTION,
		    f->in->action, ctx->lang));
	check_needs(t, f->in, f->errs);
	if (f->errs->n > 0)
		return ERR_VALIDATION;
	from = c->status;
	if ((e = t->apply(ctx, f)) != ERR_OK)
		return e;
	if (t->to != STAY)
		c->status = t->to;
	if ((rc = record(ctx, f, t, from)) != DB_OK ||
	    (rc = complaint_log_pii(ctx, c)) != DB_OK)
		return err_from_db(rc);
	return ERR_OK;
}

enum err
h_complaint_action(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct complaint	 c;
	struct flow		 f;
	struct json_object	*o;
	enum err		 e;
	int			 rc;

	memset(&f, 0, sizeof(f));
	f.c = &c;
	f.in = input;
	f.resp = resp;
	f.errs = resp->errs;
	f.detail = json_object_new_object();
	if ((rc = db_begin(ctx->db)) != DB_OK) {
		json_object_put(f.detail);
		return err_from_db(rc);
	}
	e = act(ctx, req, resp, &f, &c);
	json_object_put(f.detail);
	if (e != ERR_OK) {
		db_rollback(ctx->db);
		return e;
	}
	if ((rc = db_commit(ctx->db)) != DB_OK)
		return err_from_db(rc);
	log_info(ctx->rid, "complaint %s: %s -> %s", c.no,
	    enum_code(EN_ACTION, f.in->action), enum_code(EN_STATUS,
	    (int)c.status));
	if ((o = complaint_staff_json(ctx, &c, &rc)) == NULL)
		return err_from_db(rc);
	if (f.mediation_no != NULL) {
		/* The mediation's access code, shown once, for the parties. */
		struct json_object *x = json_object_new_object();

		json_object_object_add(x, "no",
		    json_object_new_string(f.mediation_no));
		json_object_object_add(x, "access_code",
		    json_object_new_string(f.mediation_code));
		json_object_object_add(o, "mediation", x);
	}
	return resp_json(resp, 200, o);
}

int
complaint_auto_close(struct ctx *ctx, int64_t id)
{
	struct complaint	 c;
	struct event		 ev;
	struct due		 due;
	int			 rc;

	if ((rc = db_begin(ctx->db)) != DB_OK)
		return rc;
	if ((rc = complaint_lock(ctx, id, &c)) != 1)
		goto out;
	due = ref_due(ctx->ref, LIM_CLOSE_AFTER, time_day_cst(c.resolved_at));
	if (c.status != ST_RESOLVED || due.day > ctx->today) {
		rc = 0;
		goto out;
	}
	c.status = ST_CLOSED;
	c.closed_at = ctx->now;
	memset(&ev, 0, sizeof(ev));
	ev.case_type = "complaint";
	ev.case_id = id;
	ev.action = "closed";
	ev.from = "resolved";
	ev.to = "closed";
	ev.public = true;
	ev.detail = "{\"reason\":\"no_feedback\"}";
	if ((rc = complaint_save(ctx, &c)) != DB_OK ||
	    (rc = audit_append(ctx, &ev)) != DB_OK)
		goto out;
	return db_commit(ctx->db) == DB_OK ? 1 : DB_ERR;
out:
	db_rollback(ctx->db);
	return rc;
}
