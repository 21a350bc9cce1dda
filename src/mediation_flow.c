/*
 * mediation_flow.c -- the lifecycle of a mediation (SPEC section 2) as one
 * table: applied -> accepted | declined; accepted -> awaiting_consent ->
 * in_mediation (with the other party's consent and the mediator's
 * acceptance) | refused; in_mediation -> agreed | failed; agreed ->
 * confirmation_requested -> confirmed | confirmation_refused; agreed or
 * confirmed -> fulfilled.  Each row names the states it starts from, the
 * state it leads to, who may take it (the mediation office, the case's own
 * mediator) and the fields it needs.  The sweep ends timers that ran out:
 * a mediator's silence brings the next candidate, the other party's
 * silence ends the case as refused, the limit ends it as failed.
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
#include "jsonout.h"
#include "log.h"
#include "mediation.h"
#include "pool.h"
#include "timeutil.h"
#include "workdays.h"

/* ---- access ----------------------------------------------------------- */

bool
mediation_visible(const struct ctx *ctx, const struct mediation *m)
{
	if (ctx->who.kind != P_STAFF)
		return false;
	if (auth_has(ctx, ROLE_MEDIATION_OFFICE))
		return true;
	return mediator_is_own(ctx, m);
}

/* The office's intake clerks and the mediator who took the case work with
 * the parties; everyone else sees masks. */
bool
mediation_may_see_pii(const struct ctx *ctx, const struct mediation *m)
{
	if (!mediation_visible(ctx, m))
		return false;
	return auth_has(ctx, ROLE_INTAKE) ||
	    (mediator_is_own(ctx, m) && m->mediator_accepted);
}

/* ---- due dates ---------------------------------------------------------- */

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
mediation_next_due(const struct mediation *m)
{
	int32_t d = 0;

	switch (m->status) {
	case MS_APPLIED:
		d = m->accept_due.day;
		break;
	case MS_AWAITING_CONSENT:
	case MS_ACCEPTED:
	case MS_IN_MEDIATION:
		if (m->status == MS_AWAITING_CONSENT && m->consent_at == 0)
			d = m->consent_due.day;
		d = min_day(d, m->limit_due.day);
		if (m->mediator_id != 0 && !m->mediator_accepted)
			d = min_day(d, m->mediator_due.day);
		break;
	case MS_FAILED:
		if (m->notified_at == 0)
			d = m->notify_due.day;
		break;
	default:
		break;
	}
	return d;
}

struct due
mediation_limit(struct ctx *ctx, const struct mediation *m, int32_t from)
{
	return ref_due(ctx->ref, m->source == SRC_COURT ? LIM_COURT_DELEGATION :
	    LIM_COMPLAINT_MEDIATION, from);
}

/* Working days from the start of the mediation to today. */
static int
duration_wd(struct ctx *ctx, const struct mediation *m)
{
	int64_t start = m->started_at ? m->started_at : m->decided_at ?
	    m->decided_at : m->received_at;

	return cal_workdays_between(&ctx->ref->cal, time_day_cst(start),
	    ctx->today);
}

/* ---- the table ------------------------------------------------------------ */

struct mflow {
	struct mediation	*m;
	const struct maction_in	*in;
	struct verrs		*errs;
	struct resp		*resp;
	struct json_object	*detail;
};

typedef enum err (*mapply_fn)(struct ctx *, struct mflow *);

#define S(x) (1u << (x))
#define RUNNING (S(MS_ACCEPTED) | S(MS_AWAITING_CONSENT) | S(MS_IN_MEDIATION))
#define STAY MS__MAX

/* Who may take an action. */
#define W_OFFICE	0x1u	/* intake clerks, supervisors */
#define W_MEDIATOR	0x2u	/* the case's own mediator */
#define W_BOTH		(W_OFFICE | W_MEDIATOR)

/* Fields an action needs. */
#define N_REASON	0x001u
#define N_GROUND	0x002u
#define N_SESSION	0x004u
#define N_AGREEMENT	0x008u
#define N_RULING	0x010u

struct mtransition {
	enum maction	 action;
	unsigned	 from;
	enum mstatus	 to;
	unsigned	 who;
	unsigned	 needs;
	bool		 public;
	mapply_fn	 apply;
};

static enum err m_accept(struct ctx *, struct mflow *);
static enum err m_decline(struct ctx *, struct mflow *);
static enum err m_request_consent(struct ctx *, struct mflow *);
static enum err m_consent(struct ctx *, struct mflow *);
static enum err m_refuse(struct ctx *, struct mflow *);
static enum err m_assign(struct ctx *, struct mflow *);
static enum err m_mediator_accept(struct ctx *, struct mflow *);
static enum err m_mediator_decline(struct ctx *, struct mflow *);
static enum err m_conflict(struct ctx *, struct mflow *);
static enum err m_session(struct ctx *, struct mflow *);
static enum err m_agree(struct ctx *, struct mflow *);
static enum err m_fail(struct ctx *, struct mflow *);
static enum err m_notify(struct ctx *, struct mflow *);
static enum err m_request_confirmation(struct ctx *, struct mflow *);
static enum err m_ruling(struct ctx *, struct mflow *);
static enum err m_fulfil(struct ctx *, struct mflow *);
static enum err m_extend(struct ctx *, struct mflow *);

static const struct mtransition mtransitions[] = {
	{ MA_ACCEPT, S(MS_APPLIED), MS_ACCEPTED, W_OFFICE, 0, true,
	    m_accept },
	{ MA_DECLINE, S(MS_APPLIED), MS_DECLINED, W_OFFICE, N_REASON, true,
	    m_decline },
	{ MA_REQUEST_CONSENT, S(MS_ACCEPTED), MS_AWAITING_CONSENT, W_BOTH, 0,
	    true, m_request_consent },
	{ MA_CONSENT, S(MS_AWAITING_CONSENT), STAY, W_BOTH, 0, true,
	    m_consent },
	{ MA_REFUSE, S(MS_AWAITING_CONSENT), MS_REFUSED, W_BOTH, 0, true,
	    m_refuse },
	{ MA_ASSIGN_MEDIATOR, RUNNING, STAY, W_OFFICE, 0, false, m_assign },
	{ MA_MEDIATOR_ACCEPT, RUNNING, STAY, W_MEDIATOR, 0, true,
	    m_mediator_accept },
	{ MA_MEDIATOR_DECLINE, RUNNING, STAY, W_MEDIATOR, 0, false,
	    m_mediator_decline },
	{ MA_DECLARE_CONFLICT, RUNNING, STAY, W_BOTH, N_REASON, false,
	    m_conflict },
	{ MA_SESSION, S(MS_IN_MEDIATION), STAY, W_BOTH, N_SESSION, true,
	    m_session },
	{ MA_AGREE, S(MS_IN_MEDIATION), MS_AGREED, W_BOTH, N_AGREEMENT, true,
	    m_agree },
	{ MA_FAIL, S(MS_AWAITING_CONSENT) | S(MS_IN_MEDIATION), MS_FAILED,
	    W_BOTH, N_GROUND, true, m_fail },
	{ MA_NOTIFY_PARTIES, S(MS_FAILED), STAY, W_BOTH, 0, false, m_notify },
	{ MA_REQUEST_CONFIRMATION, S(MS_AGREED), MS_CONFIRMATION_REQUESTED,
	    W_BOTH, 0, true, m_request_confirmation },
	{ MA_CONFIRM, S(MS_CONFIRMATION_REQUESTED), MS_CONFIRMED, W_OFFICE,
	    N_RULING, true, m_ruling },
	{ MA_REFUSE_CONFIRMATION, S(MS_CONFIRMATION_REQUESTED),
	    MS_CONFIRMATION_REFUSED, W_OFFICE, N_RULING, true, m_ruling },
	{ MA_FULFIL, S(MS_AGREED) | S(MS_CONFIRMED), MS_FULFILLED, W_BOTH, 0,
	    true, m_fulfil },
	{ MA_EXTEND, RUNNING, STAY, W_OFFICE, N_REASON, true, m_extend },
};

static void
note(struct mflow *f, const char *key, const char *value)
{
	if (value != NULL)
		json_object_object_add(f->detail, key,
		    json_object_new_string(value));
}

static enum err
m_accept(struct ctx *ctx, struct mflow *f)
{
	f->m->decided_at = ctx->now;
	f->m->limit_due = mediation_limit(ctx, f->m, ctx->today);
	note(f, "note", f->in->note);
	return ERR_OK;
}

static enum err
m_decline(struct ctx *ctx, struct mflow *f)
{
	f->m->decided_at = ctx->now;
	f->m->closed_at = ctx->now;
	f->m->decline_reason = f->in->reason;
	note(f, "reason", f->in->reason);
	return ERR_OK;
}

static enum err
m_request_consent(struct ctx *ctx, struct mflow *f)
{
	f->m->consent_due = ref_due(ctx->ref, LIM_MEDIATION_CONSENT,
	    ctx->today);
	note(f, "note", f->in->note);
	return ERR_OK;
}

/* Mediation starts once the other party consented and the mediator
 * accepted, whichever comes last. */
static void
maybe_start(struct ctx *ctx, struct mediation *m)
{
	if (m->status == MS_AWAITING_CONSENT && m->consent_at != 0 &&
	    m->mediator_id != 0 && m->mediator_accepted) {
		m->status = MS_IN_MEDIATION;
		m->started_at = ctx->now;
	}
}

static enum err
m_consent(struct ctx *ctx, struct mflow *f)
{
	f->m->consent_at = ctx->now;
	maybe_start(ctx, f->m);
	note(f, "note", f->in->note);
	return ERR_OK;
}

static enum err
m_refuse(struct ctx *ctx, struct mflow *f)
{
	f->m->closed_at = ctx->now;
	f->m->duration_wd = duration_wd(ctx, f->m);
	note(f, "note", f->in->note);
	return ERR_OK;
}

static enum err
proposed(struct ctx *ctx, struct mflow *f, int rc)
{
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0) {
		note(f, "mediator", "none_left");
		return ERR_OK;
	}
	json_object_object_add(f->detail, "mediator",
	    json_object_new_int64(f->m->mediator_id));
	return ERR_OK;
}

static enum err
m_assign(struct ctx *ctx, struct mflow *f)
{
	int rc = mediator_propose(ctx, f->m, f->in->mediator.set ?
	    f->in->mediator.v : 0);

	if (rc == 0) {
		f->resp->detail = L(ctx, "没有可指派的调解员（专长、回避、负荷）。",
		    "No mediator can be proposed (speciality, recusal, load).");
		return ERR_CONFLICT;
	}
	return proposed(ctx, f, rc);
}

static enum err
m_mediator_accept(struct ctx *ctx, struct mflow *f)
{
	if (f->m->mediator_accepted) {
		f->resp->detail = L(ctx, "已接受指派。", "Already accepted.");
		return ERR_CONFLICT;
	}
	f->m->mediator_accepted = true;
	f->m->mediator_accepted_at = ctx->now;
	maybe_start(ctx, f->m);
	return ERR_OK;
}

/* The mediator steps back; the next candidate is proposed. */
static enum err
m_mediator_decline(struct ctx *ctx, struct mflow *f)
{
	int rc;

	if (f->m->mediator_accepted) {
		f->resp->detail = L(ctx, "已接受指派，请申报利益冲突或由办公室"
		    "改派。", "Accepted already: declare a conflict or ask the "
		    "office to reassign.");
		return ERR_CONFLICT;
	}
	if ((rc = mediator_exclude(ctx, f->m, f->m->mediator_id, "declined",
	    f->in->reason)) != DB_OK)
		return err_from_db(rc);
	note(f, "reason", f->in->reason);
	return proposed(ctx, f, mediator_propose(ctx, f->m, 0));
}

/* A conflict of interest: the mediator (its own, or the one the office
 * names) may not mediate this case. */
static enum err
m_conflict(struct ctx *ctx, struct mflow *f)
{
	int64_t	 who = f->m->mediator_id;
	int	 rc;

	if (!mediator_is_own(ctx, f->m) && f->in->mediator.set)
		who = f->in->mediator.v;
	if (who == 0) {
		verr_add(f->errs, "mediator", "required", 0);
		return ERR_VALIDATION;
	}
	if ((rc = mediator_exclude(ctx, f->m, who, "conflict",
	    f->in->reason)) != DB_OK)
		return err_from_db(rc);
	json_object_object_add(f->detail, "excluded",
	    json_object_new_int64(who));
	note(f, "reason", f->in->reason);
	if (who != f->m->mediator_id)
		return ERR_OK;
	return proposed(ctx, f, mediator_propose(ctx, f->m, 0));
}

static enum err
m_session(struct ctx *ctx, struct mflow *f)
{
	const struct maction_in	*in = f->in;
	struct dbrow		 row;
	char			 at[32], now[32];
	int64_t			 ms;
	int			 rc;

	if (time_parse_iso(in->session_at, &ms) == -1) {
		verr_add(f->errs, "session_at", "invalid_date", 0);
		return ERR_VALIDATION;
	}
	if ((rc = db_one(ctx->db, SQL_MSESSION_COUNT, DBARGS(dbint(f->m->id)),
	    &row)) < 0)
		return err_from_db(rc);
	time_sql(ms, at, sizeof(at));
	time_sql(ctx->now, now, sizeof(now));
	rc = db_exec(ctx->db, SQL_MSESSION_INSERT, DBARGS(dbint(f->m->id),
	    dbint(row.c[0].i + 1), dbstr(at),
	    dbstr(enum_code(EN_SESSION_MODE, in->mode)), dbstr(in->place),
	    dbstr(in->attendees), dbstr(in->notes), dbstr(now)));
	if (rc != DB_OK)
		return err_from_db(rc);
	json_object_object_add(f->detail, "session",
	    json_object_new_int64(row.c[0].i + 1));
	note(f, "mode", enum_code(EN_SESSION_MODE, in->mode));
	return ERR_OK;
}

static enum err
m_agree(struct ctx *ctx, struct mflow *f)
{
	const struct maction_in	*in = f->in;
	struct mediation	*m = f->m;
	char			 deadline[16], now[32];
	int			 rc;

	day_format(day_from_ymdint(in->performance_deadline), deadline,
	    sizeof(deadline));
	time_sql(ctx->now, now, sizeof(now));
	rc = db_exec(ctx->db, SQL_MAGREEMENT_PUT, DBARGS(dbint(m->id),
	    dbstr(in->facts), dbstr(in->disputed_points),
	    dbstr(in->obligations), in->amount.set ? dbint(in->amount.v) :
	    dbnull(), dbstr(in->performance_manner), dbstr(deadline),
	    dbstr(now)));
	if (rc != DB_OK)
		return err_from_db(rc);
	m->agreed_at = ctx->now;
	m->amount_agreed = in->amount;
	/* The parties may apply to the court within 30 days. */
	m->confirm_until = ref_due(ctx->ref, LIM_JUDICIAL_CONFIRM,
	    ctx->today).day;
	m->duration_wd = duration_wd(ctx, m);
	note(f, "performance_deadline", deadline);
	return ERR_OK;
}

static enum err
m_fail(struct ctx *ctx, struct mflow *f)
{
	struct mediation *m = f->m;

	m->failure_ground = f->in->ground;
	m->failed_at = ctx->now;
	m->closed_at = ctx->now;
	m->notify_due = ref_due(ctx->ref, LIM_MEDIATION_FAILURE_NOTIFY,
	    ctx->today);
	m->duration_wd = duration_wd(ctx, m);
	note(f, "ground", enum_code(EN_FAILURE_GROUND, f->in->ground));
	note(f, "note", f->in->note);
	return ERR_OK;
}

static enum err
m_notify(struct ctx *ctx, struct mflow *f)
{
	if (f->m->notified_at != 0) {
		f->resp->detail = L(ctx, "已告知双方当事人。",
		    "The parties were already told.");
		return ERR_CONFLICT;
	}
	f->m->notified_at = ctx->now;
	note(f, "note", f->in->note);
	return ERR_OK;
}

/* Only within the 30 days after the agreement. */
static enum err
m_request_confirmation(struct ctx *ctx, struct mflow *f)
{
	if (ctx->today > f->m->confirm_until) {
		f->resp->detail = L(ctx, "已超过协议生效后申请司法确认的期限。",
		    "The time to apply for judicial confirmation has passed.");
		return ERR_CONFLICT;
	}
	f->m->confirm_requested_at = ctx->now;
	note(f, "note", f->in->note);
	return ERR_OK;
}

static enum err
m_ruling(struct ctx *ctx, struct mflow *f)
{
	f->m->ruling_no = f->in->ruling_no;
	if (f->in->action == MA_CONFIRM)
		f->m->confirmed_at = ctx->now;
	else
		f->m->closed_at = ctx->now;
	note(f, "ruling_no", f->in->ruling_no);
	return ERR_OK;
}

static enum err
m_fulfil(struct ctx *ctx, struct mflow *f)
{
	f->m->fulfilled_at = ctx->now;
	f->m->closed_at = ctx->now;
	note(f, "note", f->in->note);
	return ERR_OK;
}

/* A court's delegation is extended when both parties agree. */
static enum err
m_extend(struct ctx *ctx, struct mflow *f)
{
	char buf[16];

	if (f->m->source != SRC_COURT) {
		f->resp->detail = L(ctx, "只有法院委派的调解可经双方同意延长。",
		    "Only a court's delegation is extended by consent.");
		return ERR_CONFLICT;
	}
	f->m->extensions++;
	f->m->limit_due = ref_due_extend(ctx->ref, LIM_COURT_EXTENSION,
	    f->m->limit_due);
	note(f, "limit_due", day_format(f->m->limit_due.day, buf, sizeof(buf)));
	note(f, "reason", f->in->reason);
	return ERR_OK;
}

/* ---- the route -------------------------------------------------------------- */

static const struct mtransition *
find(enum maction a)
{
	size_t i;

	for (i = 0; i < sizeof(mtransitions) / sizeof(mtransitions[0]); i++)
		if (mtransitions[i].action == a)
			return &mtransitions[i];
	return NULL;
}

static void
check_needs(const struct mtransition *t, const struct maction_in *in,
    struct verrs *v)
{
	if ((t->needs & N_REASON) && in->reason == NULL)
		verr_add(v, "reason", "required", 0);
	if ((t->needs & N_GROUND) && in->ground < 0)
		verr_add(v, "ground", "required", 0);
	if ((t->needs & N_RULING) && in->ruling_no == NULL)
		verr_add(v, "ruling_no", "required", 0);
	if (t->needs & N_SESSION) {
		if (in->session_at == NULL)
			verr_add(v, "session_at", "required", 0);
		if (in->mode < 0)
			verr_add(v, "mode", "required", 0);
		if (in->attendees == NULL)
			verr_add(v, "attendees", "required", 0);
	}
	if (t->needs & N_AGREEMENT) {
		if (in->facts == NULL)
			verr_add(v, "facts", "required", 0);
		if (in->disputed_points == NULL)
			verr_add(v, "disputed_points", "required", 0);
		if (in->obligations == NULL)
			verr_add(v, "obligations", "required", 0);
		if (in->performance_manner == NULL)
			verr_add(v, "performance_manner", "required", 0);
		if (in->performance_deadline == 0)
			verr_add(v, "performance_deadline", "required", 0);
	}
}

static bool
may(const struct ctx *ctx, const struct mtransition *t,
    const struct mediation *m)
{
	return ((t->who & W_OFFICE) && auth_has(ctx, ROLE_MEDIATION_OFFICE)) ||
	    ((t->who & W_MEDIATOR) && mediator_is_own(ctx, m));
}

int
mediation_tell_complaint(struct ctx *ctx, const struct mediation *m,
    enum mstatus was)
{
	struct event	 ev;
	int		 rc;

	if (m->complaint_id == 0 || mediation_is_open(m->status) ==
	    mediation_is_open(was) || m->status == MS_CONFIRMATION_REQUESTED)
		return DB_OK;
	if ((rc = db_exec(ctx->db, SQL_COMPLAINT_LOCK,
	    DBARGS(dbint(m->complaint_id)))) != DB_OK)
		return rc;
	memset(&ev, 0, sizeof(ev));
	ev.case_type = "complaint";
	ev.case_id = m->complaint_id;
	ev.action = "mediation_ended";
	ev.public = true;
	ev.detail = pool_printf(ctx->pool,
	    "{\"mediation\":\"%s\",\"status\":\"%s\"}", m->no,
	    enum_code(EN_MSTATUS, (int)m->status));
	return audit_append(ctx, &ev);
}

static enum err
conflict(struct ctx *ctx, struct resp *resp, const struct mediation *m,
    enum maction a)
{
	resp->detail = pool_printf(ctx->pool, L(ctx,
	    "调解案件当前状态为“%s”（%s），不能%s。",
	    "The case is %s (%s): it cannot take \"%s\" now."),
	    enum_label(EN_MSTATUS, (int)m->status, ctx->lang),
	    enum_code(EN_MSTATUS, (int)m->status),
	    ctx->lang == LANG_EN ? enum_code(EN_MACTION, (int)a) :
	    enum_label(EN_MACTION, (int)a, ctx->lang));
	return ERR_CONFLICT;
}

static enum err
act(struct ctx *ctx, struct req *req, struct resp *resp, struct mflow *f)
{
	const struct mtransition	*t;
	struct mediation		*m = f->m;
	enum mstatus			 from;
	struct event			 ev;
	enum err			 e;
	int				 rc;

	rc = mediation_load(ctx, complaint_param_no(ctx, req), m);
	if (rc == 1)
		rc = mediation_lock(ctx, m->id, m);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0 || !mediation_visible(ctx, m))
		return ERR_NOT_FOUND;
	if ((t = find((enum maction)f->in->action)) == NULL)
		return ERR_INTERNAL;
	if (!may(ctx, t, m))
		return ERR_FORBIDDEN;
	if (!(t->from & S(m->status)))
		return conflict(ctx, resp, m, t->action);
	check_needs(t, f->in, f->errs);
	if (f->errs->n > 0)
		return ERR_VALIDATION;
	from = m->status;
	if (t->to != STAY)
		m->status = t->to;
	if ((e = t->apply(ctx, f)) != ERR_OK)
		return e;
	memset(&ev, 0, sizeof(ev));
	ev.case_type = "mediation";
	ev.case_id = m->id;
	ev.action = enum_code(EN_MACTION, f->in->action);
	ev.from = enum_code(EN_MSTATUS, (int)from);
	ev.to = m->status != from ? enum_code(EN_MSTATUS, (int)m->status) :
	    NULL;	/* null: not a transition */
	ev.public = t->public;
	ev.detail = jdetail(ctx->pool, f->detail);
	if ((rc = mediation_save(ctx, m)) != DB_OK ||
	    (rc = audit_append(ctx, &ev)) != DB_OK ||
	    (rc = mediation_tell_complaint(ctx, m, from)) != DB_OK)
		return err_from_db(rc);
	return ERR_OK;
}

/* POST /api/v1/mediations/{no}/actions. */
enum err
h_mediation_action(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct mediation	 m;
	struct mflow		 f;
	struct json_object	*o;
	enum err		 e;
	int			 rc;

	memset(&f, 0, sizeof(f));
	f.m = &m;
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
	log_info(ctx->rid, "mediation %s: %s -> %s", m.no,
	    enum_code(EN_MACTION, f.in->action), enum_code(EN_MSTATUS,
	    (int)m.status));
	if ((rc = mediation_log_pii(ctx, &m)) != DB_OK ||
	    (o = mediation_staff_json(ctx, &m, &rc)) == NULL)
		return err_from_db(rc);
	return resp_json(resp, 200, o);
}

/* ---- the sweep -------------------------------------------------------------- */

/* What ran out on one case; its events are recorded by the caller. */
static int
expire(struct ctx *ctx, struct mediation *m, const char **action,
    struct json_object *detail)
{
	int rc;

	if (mediation_is_open(m->status) && m->status != MS_APPLIED &&
	    m->mediator_id != 0 && !m->mediator_accepted &&
	    m->mediator_due.day != 0 && m->mediator_due.day < ctx->today) {
		/* The mediator said nothing: the next candidate. */
		*action = "mediator_timeout";
		json_object_object_add(detail, "excluded",
		    json_object_new_int64(m->mediator_id));
		if ((rc = mediator_exclude(ctx, m, m->mediator_id, "timeout",
		    NULL)) != DB_OK)
			return rc;
		return mediator_propose(ctx, m, 0) < 0 ? DB_ERR : 1;
	}
	if (m->status == MS_AWAITING_CONSENT && m->consent_at == 0 &&
	    m->consent_due.day != 0 && m->consent_due.day < ctx->today) {
		*action = "consent_timeout";
		m->status = MS_REFUSED;
		m->closed_at = ctx->now;
		m->duration_wd = duration_wd(ctx, m);
		return 1;
	}
	if ((m->status == MS_ACCEPTED || m->status == MS_AWAITING_CONSENT ||
	    m->status == MS_IN_MEDIATION) && m->limit_due.day != 0 &&
	    m->limit_due.day < ctx->today) {
		*action = "limit_reached";
		m->status = MS_FAILED;
		m->failure_ground = FG_TIME_LIMIT;
		m->failed_at = m->closed_at = ctx->now;
		m->notify_due = ref_due(ctx->ref,
		    LIM_MEDIATION_FAILURE_NOTIFY, ctx->today);
		m->duration_wd = duration_wd(ctx, m);
		return 1;
	}
	return 0;
}

static int
sweep_one(struct ctx *ctx, int64_t id)
{
	struct mediation	 m;
	struct json_object	*d = json_object_new_object();
	const char		*action = NULL, *from;
	enum mstatus		 was;
	int			 rc;

	if ((rc = db_begin(ctx->db)) != DB_OK)
		goto out;
	if ((rc = mediation_lock(ctx, id, &m)) != 1 ||
	    (rc = expire(ctx, &m, &action, d)) != 1) {
		db_rollback(ctx->db);
		goto out;
	}
	was = m.status;
	from = enum_code(EN_MSTATUS, (int)was);
	if ((rc = mediation_save(ctx, &m)) != DB_OK ||
	    (rc = mediation_event(ctx, &m, action, from, enum_code(EN_MSTATUS,
	    (int)m.status), strcmp(action, "mediator_timeout") != 0,
	    jdetail(ctx->pool, d))) != DB_OK ||
	    (rc = mediation_tell_complaint(ctx, &m, MS_IN_MEDIATION)) != DB_OK) {
		db_rollback(ctx->db);
		goto out;
	}
	rc = db_commit(ctx->db) == DB_OK ? 1 : DB_ERR;
out:
	json_object_put(d);
	return rc;
}

int
mediation_sweep(struct ctx *ctx)
{
	int64_t		 ids[500], last;
	size_t		 n = 0, i;
	struct dbrow	 row;
	char		 today[16];
	int		 rc, changed = 0, pass, got;

	day_format(ctx->today, today, sizeof(today));
	/* A timeout may bring a candidate whose own limit ran out too:
	 * a few passes settle every case.  Each pass pages through every
	 * case past a due date (some wait on a person, not on the sweep,
	 * and must not hide the ones behind them). */
	for (pass = 0; pass < 5; pass++) {
		got = 0;
		last = 0;
		do {
			n = 0;
			if ((rc = db_query(ctx->db, SQL_MEDIATION_SWEEP,
			    DBARGS(dbstr(today), dbint(last)))) != DB_OK)
				return rc;
			while (n < 500 && db_fetch(ctx->db, &row) == 1)
				ids[n++] = row.c[0].i;
			db_end(ctx->db);
			for (i = 0; i < n; i++) {
				int r = sweep_one(ctx, ids[i]);

				if (r < 0)
					return r;
				got += r;
			}
			if (n > 0)
				last = ids[n - 1];
		} while (n == 500);
		changed += got;
		if (got == 0)
			break;
	}
	return changed;
}
