/*
 * mediation.c -- mediation cases: filing (the public's application and a
 * court's delegation), reading back and saving, the public's way in with
 * the access code, withdrawal and feedback.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "access.h"
#include "app.h"
#include "audit.h"
#include "auth.h"
#include "complaint.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "mediation.h"
#include "jsonout.h"
#include "pool.h"
#include "rowval.h"
#include "query.h"
#include "timeutil.h"
#include "workdays.h"

#define NO_ATTEMPTS 5

/* ---- rows ------------------------------------------------------------- */

static struct due
col_due(const struct dbrow *row, int day, int prov)
{
	struct due d = { col_day(row, day), row->c[prov].i != 0 };

	return d;
}

/* The 11 columns of a party from `first` (type ... agent_authority). */
static void
party_from_row(struct ctx *ctx, const struct dbrow *row, int first,
    struct mparty *p)
{
	p->type = col_enum(row, EN_PARTY_TYPE, first);
	p->name = col_str(ctx->pool, row, first + 1);
	p->id_type = col_enum(row, EN_ID_TYPE, first + 2);
	p->id_number = col_str(ctx->pool, row, first + 3);
	p->uscc = col_str(ctx->pool, row, first + 4);
	p->phone = col_str(ctx->pool, row, first + 5);
	p->email = col_str(ctx->pool, row, first + 6);
	p->address = col_str(ctx->pool, row, first + 7);
	p->agent_name = col_str(ctx->pool, row, first + 8);
	p->agent_phone = col_str(ctx->pool, row, first + 9);
	p->agent_authority = col_enum(row, EN_AGENT_AUTHORITY, first + 10);
}

static void
workflow_from_row(struct ctx *ctx, const struct dbrow *row,
    struct mediation *m)
{
	m->accept_due = col_due(row, MC_ACCEPT_DUE, MC_ACCEPT_PROV);
	m->decided_at = col_ms(row, MC_DECIDED_AT);
	m->decline_reason = col_str(ctx->pool, row, MC_DECLINE_REASON);
	m->consent_due = col_due(row, MC_CONSENT_DUE, MC_CONSENT_PROV);
	m->consent_at = col_ms(row, MC_CONSENT_AT);
	m->mediator_id = row->c[MC_MEDIATOR_ID].null ? 0 :
	    row->c[MC_MEDIATOR_ID].i;
	m->mediator_name = col_str(ctx->pool, row, MC_MEDIATOR_NAME);
	m->mediator_org = col_str(ctx->pool, row, MC_MEDIATOR_ORG);
	m->mediator_user_id = row->c[MC_MEDIATOR_USER].null ? 0 :
	    row->c[MC_MEDIATOR_USER].i;
	m->mediator_accepted = row->c[MC_MEDIATOR_ACCEPTED].i != 0;
	m->mediator_due = col_due(row, MC_MEDIATOR_DUE, MC_MEDIATOR_PROV);
	m->limit_due = col_due(row, MC_LIMIT_DUE, MC_LIMIT_PROV);
	m->extensions = (int)row->c[MC_EXTENSIONS].i;
	m->started_at = col_ms(row, MC_STARTED_AT);
	m->agreed_at = col_ms(row, MC_AGREED_AT);
	m->amount_agreed = col_opt(row, MC_AMOUNT_AGREED);
	m->confirm_until = col_day(row, MC_CONFIRM_UNTIL);
	m->confirm_requested_at = col_ms(row, MC_CONFIRM_REQUESTED_AT);
	m->ruling_no = col_str(ctx->pool, row, MC_RULING_NO);
	m->confirmed_at = col_ms(row, MC_CONFIRMED_AT);
	m->fulfilled_at = col_ms(row, MC_FULFILLED_AT);
	m->failure_ground = col_enum(row, EN_FAILURE_GROUND, MC_FAILURE_GROUND);
	m->failed_at = col_ms(row, MC_FAILED_AT);
	m->notify_due = col_due(row, MC_NOTIFY_DUE, MC_NOTIFY_PROV);
	m->notified_at = col_ms(row, MC_NOTIFIED_AT);
	m->closed_at = col_ms(row, MC_CLOSED_AT);
	m->next_due = col_day(row, MC_NEXT_DUE);
	m->duration_wd = row->c[MC_DURATION_WD].null ? -1 :
	    (int)row->c[MC_DURATION_WD].i;
	m->feedback_score = row->c[MC_FB_SCORE].null ? 0 :
	    (int)row->c[MC_FB_SCORE].i;
	m->feedback_comment = col_str(ctx->pool, row, MC_FB_COMMENT);
	m->feedback_at = col_ms(row, MC_FB_AT);
	m->mediator_accepted_at = col_ms(row, MC_MEDIATOR_ACCEPTED_AT);
}

void
mediation_from_row(struct ctx *ctx, const struct dbrow *row,
    struct mediation *m)
{
	memset(m, 0, sizeof(*m));
	m->id = row->c[MC_ID].i;
	m->no = col_str(ctx->pool, row, MC_NO);
	m->source = col_enum(row, EN_MSOURCE, MC_SOURCE);
	m->status = (enum mstatus)col_enum(row, EN_MSTATUS, MC_STATUS);
	m->ip_type = col_enum(row, EN_IP_TYPE, MC_IP_TYPE);
	m->industry = col_str(ctx->pool, row, MC_INDUSTRY);
	m->subject = col_str(ctx->pool, row, MC_SUBJECT);
	m->claim = col_str(ctx->pool, row, MC_CLAIM);
	m->amount = col_opt(row, MC_AMOUNT);
	m->description = col_str(ctx->pool, row, MC_DESCRIPTION);
	m->online = row->c[MC_ONLINE].i != 0;
	m->complaint_id = row->c[MC_COMPLAINT_ID].null ? 0 :
	    row->c[MC_COMPLAINT_ID].i;
	m->complaint_no = col_str(ctx->pool, row, MC_COMPLAINT_NO);
	m->court_name = col_str(ctx->pool, row, MC_COURT_NAME);
	m->court_case_no = col_str(ctx->pool, row, MC_COURT_CASE_NO);
	m->court_received = col_day(row, MC_COURT_RECEIVED);
	party_from_row(ctx, row, MC_A_TYPE, &m->a);
	party_from_row(ctx, row, MC_R_TYPE, &m->r);
	m->received_at = col_ms(row, MC_RECEIVED_AT);
	m->received_day = col_day(row, MC_RECEIVED_DAY);
	if (row->c[MC_ACCESS_HASH].len == 32)
		memcpy(m->access_hash, row->c[MC_ACCESS_HASH].s, 32);
	workflow_from_row(ctx, row, m);
}

int
mediation_load(struct ctx *ctx, const char *no, struct mediation *m)
{
	struct dbrow	 row;
	int		 rc;

	if ((rc = db_one(ctx->db, SQL_MEDIATION_GET, DBARGS(dbstr(no)), &row)) !=
	    1)
		return rc;
	mediation_from_row(ctx, &row, m);
	return 1;
}

int
mediation_lock(struct ctx *ctx, int64_t id, struct mediation *m)
{
	struct dbrow	 row;
	int		 rc;

	if ((rc = db_one(ctx->db, SQL_MEDIATION_LOCK, DBARGS(dbint(id)),
	    &row)) != 1)
		return rc;
	mediation_from_row(ctx, &row, m);
	return 1;
}

/* ---- writing ------------------------------------------------------------- */

int
mediation_save(struct ctx *ctx, const struct mediation *m)
{
	return db_exec(ctx->db, SQL_MEDIATION_SAVE, DBARGS(
	    dbstr(enum_code(EN_MSTATUS, (int)m->status)),
	    v_day(ctx->pool, m->accept_due.day), dbint(m->accept_due.provisional),
	    v_ms(ctx->pool, m->decided_at), dbstr(m->decline_reason),
	    v_day(ctx->pool, m->consent_due.day), dbint(m->consent_due.provisional),
	    v_ms(ctx->pool, m->consent_at),
	    m->mediator_id ? dbint(m->mediator_id) : dbnull(),
	    dbint(m->mediator_accepted), v_day(ctx->pool, m->mediator_due.day),
	    dbint(m->mediator_due.provisional), v_day(ctx->pool, m->limit_due.day),
	    dbint(m->limit_due.provisional), dbint(m->extensions),
	    v_ms(ctx->pool, m->started_at), v_ms(ctx->pool, m->agreed_at),
	    v_opt(m->amount_agreed), v_day(ctx->pool, m->confirm_until),
	    v_ms(ctx->pool, m->confirm_requested_at), dbstr(m->ruling_no),
	    v_ms(ctx->pool, m->confirmed_at), v_ms(ctx->pool, m->fulfilled_at),
	    v_enum(EN_FAILURE_GROUND, m->failure_ground),
	    v_ms(ctx->pool, m->failed_at), v_day(ctx->pool, m->notify_due.day),
	    dbint(m->notify_due.provisional), v_ms(ctx->pool, m->notified_at),
	    v_ms(ctx->pool, m->closed_at), v_day(ctx->pool, mediation_next_due(m)),
	    m->duration_wd >= 0 ? dbint(m->duration_wd) : dbnull(),
	    m->feedback_score > 0 ? dbint(m->feedback_score) : dbnull(),
	    dbstr(m->feedback_comment), v_ms(ctx->pool, m->feedback_at),
	    v_ms(ctx->pool, m->mediator_accepted_at), v_ms(ctx->pool, ctx->now),
	    dbint(m->id)));
}

/* The 12 values of a party (with its normalised name) for the insert. */
static void
party_vals(struct ctx *ctx, const struct mparty *p, struct dbval *v)
{
	v[0] = v_enum(EN_PARTY_TYPE, p->type);
	v[1] = dbstr(p->name);
	v[2] = dbstr(complaint_norm_name(ctx, p->name));
	v[3] = v_enum(EN_ID_TYPE, p->id_type);
	v[4] = dbstr(p->id_number);
	v[5] = dbstr(p->uscc);
	v[6] = dbstr(p->phone);
	v[7] = dbstr(p->email);
	v[8] = dbstr(p->address);
	v[9] = dbstr(p->agent_name);
	v[10] = dbstr(p->agent_phone);
	v[11] = v_enum(EN_AGENT_AUTHORITY, p->agent_authority);
}

int
mediation_insert(struct ctx *ctx, struct mediation *m, char *code,
    size_t codesz)
{
	struct dbval	 v[49];
	char		*no;
	int		 rc = DB_DUP, i;

	if ((no = pool_alloc(ctx->pool, CASE_NO_MAX + 1)) == NULL ||
	    access_new_code(code, codesz) == -1)
		return DB_ERR;
	v[1] = dbstr(enum_code(EN_MSOURCE, m->source));
	v[2] = dbstr(enum_code(EN_MSTATUS, (int)m->status));
	v[3] = dbstr(enum_code(EN_IP_TYPE, m->ip_type));
	v[4] = dbstr(m->industry);
	v[5] = dbstr(m->subject);
	v[6] = dbstr(m->claim);
	v[7] = v_opt(m->amount);
	v[8] = dbstr(m->description);
	v[9] = dbint(m->online);
	v[10] = m->complaint_id ? dbint(m->complaint_id) : dbnull();
	v[11] = dbstr(m->court_name);
	v[12] = dbstr(m->court_case_no);
	v[13] = v_day(ctx->pool, m->court_received);
	party_vals(ctx, &m->a, &v[14]);
	party_vals(ctx, &m->r, &v[26]);
	v[38] = v_ms(ctx->pool, m->received_at);
	v[39] = v_day(ctx->pool, m->received_day);
	v[41] = v_day(ctx->pool, m->accept_due.day);
	v[42] = dbint(m->accept_due.provisional);
	v[43] = v_ms(ctx->pool, m->decided_at);
	v[44] = v_day(ctx->pool, m->limit_due.day);
	v[45] = dbint(m->limit_due.provisional);
	v[46] = v_ms(ctx->pool, m->started_at);
	v[47] = v_day(ctx->pool, mediation_next_due(m));
	v[48] = v_ms(ctx->pool, ctx->now);
	for (i = 0; i < NO_ATTEMPTS && rc == DB_DUP; i++) {
		if (access_new_no(ctx, "TJ", no, CASE_NO_MAX + 1) == -1)
			return DB_ERR;
		access_hash(ctx, no, code, m->access_hash);
		v[0] = dbstr(no);
		v[40] = dbblob(m->access_hash, 32);
		rc = db_exec(ctx->db, SQL_MEDIATION_INSERT, v, 49);
	}
	if (rc != DB_OK)
		return rc;
	m->id = db_insert_id(ctx->db);
	m->no = no;
	return mediation_event(ctx, m, "submitted", NULL,
	    enum_code(EN_MSTATUS, (int)m->status), true,
	    pool_printf(ctx->pool, "{\"source\":\"%s\"}",
	    enum_code(EN_MSOURCE, m->source)));
}

int
mediation_event(struct ctx *ctx, const struct mediation *m,
    const char *action, const char *from, const char *to, bool public,
    const char *detail)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.case_type = "mediation";
	ev.case_id = m->id;
	ev.action = action;
	ev.from = from;
	ev.to = to;
	ev.public = public;
	ev.detail = detail;
	return audit_append(ctx, &ev);
}

bool
mediation_is_open(enum mstatus s)
{
	return s == MS_APPLIED || s == MS_ACCEPTED ||
	    s == MS_AWAITING_CONSENT || s == MS_IN_MEDIATION;
}

int
mediation_log_pii(struct ctx *ctx, const struct mediation *m)
{
	int rc;

	if (!mediation_may_see_pii(ctx, m))
		return DB_OK;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return rc;
	if ((rc = db_exec(ctx->db, SQL_MEDIATION_LOCK, DBARGS(dbint(m->id)))) !=
	    DB_OK || (rc = mediation_event(ctx, m, "personal_data_viewed",
	    NULL, NULL, false, NULL)) != DB_OK) {
		db_rollback(ctx->db);
		return rc;
	}
	return db_commit(ctx->db);
}

/* ---- filing ------------------------------------------------------------- */

/* The record of a new case from the decoded input. */
static void
record_from_input(struct ctx *ctx, const struct mediation_in *in,
    struct mediation *m)
{
	memset(m, 0, sizeof(*m));
	m->ip_type = in->ip_type;
	m->industry = in->industry;
	m->subject = in->subject;
	m->claim = in->claim;
	m->amount = in->amount;
	m->description = in->description;
	m->online = in->online == 1;
	mparty_from_input(in->applicant, &m->a);
	mparty_from_input(in->respondent, &m->r);
	m->received_at = ctx->now;
	m->received_day = ctx->today;
	m->failure_ground = -1;
	m->duration_wd = -1;
}

static enum err
answer_created(struct ctx *ctx, struct resp *resp, struct mediation *m,
    const char *code)
{
	snprintf(resp->location, sizeof(resp->location),
	    "/api/v1/mediations/%s", m->no);
	log_info(ctx->rid, "mediation %s filed (%s)", m->no,
	    enum_code(EN_MSOURCE, m->source));
	return resp_json(resp, 201, mediation_created_json(ctx, m, code));
}

/* POST /api/v1/mediations: a party applies; the office decides. */
enum err
h_mediation_create(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct mediation	 m;
	char			 code[ACCESS_CODE_LEN + 1];
	int			 rc;

	record_from_input(ctx, input, &m);
	m.source = SRC_APPLICATION;
	m.status = MS_APPLIED;
	m.accept_due = ref_due(ctx->ref, LIM_MEDIATION_ACCEPT, ctx->today);
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((rc = mediation_insert(ctx, &m, code, sizeof(code))) != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	if ((rc = db_commit(ctx->db)) != DB_OK)
		return err_from_db(rc);
	return answer_created(ctx, resp, &m, code);
}

/* POST /api/v1/mediations/court: staff enter a court's pre-litigation
 * delegation; the case is accepted at once and its 30-day limit runs
 * from the day the materials were received. */
enum err
h_mediation_court(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct mediation_in	*in = input;
	struct mediation	 m;
	char			 code[ACCESS_CODE_LEN + 1];
	int			 rc;

	record_from_input(ctx, in, &m);
	m.source = SRC_COURT;
	m.status = MS_ACCEPTED;
	m.court_name = in->court_name;
	m.court_case_no = in->court_case_no;
	m.court_received = day_from_ymdint(in->court_received);
	m.decided_at = ctx->now;
	m.limit_due = mediation_limit(ctx, &m, m.court_received);
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((rc = mediation_insert(ctx, &m, code, sizeof(code))) != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	if ((rc = db_commit(ctx->db)) != DB_OK)
		return err_from_db(rc);
	return answer_created(ctx, resp, &m, code);
}

/* ---- reading -------------------------------------------------------------- */

static const char *
param_no(struct ctx *ctx, const struct req *req)
{
	return complaint_param_no(ctx, req);
}

/* The applicant with the access code (a staff token is no stand-in). */
static enum err
open_by_code(struct ctx *ctx, struct req *req, struct resp *resp,
    struct mediation *m)
{
	const char	*no = param_no(ctx, req);
	enum err	 e;

	if ((e = access_throttle_check(ctx, no, resp)) != ERR_OK)
		return e;
	return access_verify(ctx, no, mediation_load(ctx, no, m),
	    m->access_hash);
}

/* The applicant with the access code, or staff who may see the case. */
static enum err
open_case(struct ctx *ctx, struct req *req, struct resp *resp,
    struct mediation *m)
{
	int rc;

	if (ctx->who.kind != P_STAFF)
		return open_by_code(ctx, req, resp, m);
	rc = mediation_load(ctx, param_no(ctx, req), m);
	if (rc < 0)
		return err_from_db(rc);
	return rc == 1 && mediation_visible(ctx, m) ? ERR_OK : ERR_NOT_FOUND;
}

enum err
mediation_open(struct ctx *ctx, struct req *req, struct resp *resp,
    struct mediation *m)
{
	return open_case(ctx, req, resp, m);
}

/* GET /api/v1/mediations/{no}. */
enum err
h_mediation_get(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct mediation	 m;
	struct json_object	*o;
	enum err		 e;
	int			 rc = DB_OK;

	if (ctx->who.kind == P_STAFF && !auth_has(ctx, ROLE_MEDIATION_READERS))
		return ERR_FORBIDDEN;
	if ((e = open_case(ctx, req, resp, &m)) != ERR_OK)
		return e;
	if (ctx->who.kind == P_STAFF) {
		if ((rc = mediation_log_pii(ctx, &m)) != DB_OK)
			return err_from_db(rc);
		o = mediation_staff_json(ctx, &m, &rc);
	} else
		o = mediation_public_json(ctx, &m, &rc);
	return o != NULL ? resp_json(resp, 200, o) : err_from_db(rc);
}

/* ---- the public's changes ----------------------------------------------- */

typedef enum err (*mchange_fn)(struct ctx *, struct mediation *, void *,
    struct resp *, const char **, const char **);

/* Locks and re-reads the case, lets fn change it (fn names the event and
 * its detail), saves, chains the event, answers the public view. */
static enum err
public_change(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input, mchange_fn fn)
{
	struct mediation	 m;
	struct json_object	*o;
	const char		*action = NULL, *detail = NULL, *from;
	enum mstatus		 was;
	enum err		 e;
	int			 rc;

	if ((e = open_by_code(ctx, req, resp, &m)) != ERR_OK)
		return e;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((rc = mediation_lock(ctx, m.id, &m)) != 1)
		goto fail;
	was = m.status;
	from = enum_code(EN_MSTATUS, (int)m.status);
	if ((e = fn(ctx, &m, input, resp, &action, &detail)) != ERR_OK) {
		db_rollback(ctx->db);
		return e;
	}
	if ((rc = mediation_save(ctx, &m)) != DB_OK ||
	    (rc = mediation_event(ctx, &m, action, from,
	    m.status != was ? enum_code(EN_MSTATUS, (int)m.status) : NULL, true,
	    detail)) != DB_OK ||
	    (rc = mediation_tell_complaint(ctx, &m, was)) != DB_OK ||
	    (rc = db_commit(ctx->db)) != DB_OK)
		goto fail;
	if ((o = mediation_public_json(ctx, &m, &rc)) == NULL)
		return err_from_db(rc);
	return resp_json(resp, 200, o);
fail:
	db_rollback(ctx->db);
	return rc == 0 ? ERR_NOT_FOUND : err_from_db(rc);
}

static enum err
do_withdraw(struct ctx *ctx, struct mediation *m, void *input,
    struct resp *resp, const char **action, const char **detail)
{
	struct withdraw_in *in = input;

	if (!mediation_is_open(m->status)) {
		resp->detail = pool_printf(ctx->pool, L(ctx,
		    "调解案件当前状态为“%s”，不能撤回。",
		    "The case is %s and can no longer be withdrawn."),
		    enum_label(EN_MSTATUS, (int)m->status, ctx->lang));
		return ERR_CONFLICT;
	}
	m->status = MS_WITHDRAWN;
	m->closed_at = ctx->now;
	*action = "withdrawn";
	*detail = jreason(ctx->pool, in->reason);
	return ERR_OK;
}

/* POST /api/v1/mediations/{no}/withdraw. */
enum err
h_mediation_withdraw(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return public_change(ctx, req, resp, input, do_withdraw);
}

static enum err
do_feedback(struct ctx *ctx, struct mediation *m, void *input,
    struct resp *resp, const char **action, const char **detail)
{
	struct feedback_in *in = input;

	if (mediation_is_open(m->status) || m->status == MS_APPLIED) {
		resp->detail = L(ctx, "调解结束后才能评价。",
		    "Feedback can be given once the mediation has ended.");
		return ERR_CONFLICT;
	}
	if (m->feedback_score > 0) {
		resp->detail = L(ctx, "该案件已评价过。",
		    "Feedback was already given for this case.");
		return ERR_CONFLICT;
	}
	m->feedback_score = (int)in->score.v;
	m->feedback_comment = in->comment;
	m->feedback_at = ctx->now;
	*action = "feedback";
	*detail = pool_printf(ctx->pool, "{\"score\":%d}", m->feedback_score);
	return ERR_OK;
}

/* POST /api/v1/mediations/{no}/feedback. */
enum err
h_mediation_feedback(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return public_change(ctx, req, resp, input, do_feedback);
}

/* ---- the staff queue ------------------------------------------------------ */

struct mlist_in {
	int		 status;
	int		 source;
	int		 ip_type;
	int		 due_state;
	const char	*q;
	struct opt_i64	 limit;
	struct opt_i64	 cursor;
};

static const struct qspec mlist_specs[] = {
	{ "status", QS_ENUM, offsetof(struct mlist_in, status), 0, 0, 0,
	    EN_MSTATUS },
	{ "source", QS_ENUM, offsetof(struct mlist_in, source), 0, 0, 0,
	    EN_MSOURCE },
	{ "ip_type", QS_ENUM, offsetof(struct mlist_in, ip_type), 0, 0, 0,
	    EN_IP_TYPE },
	{ "due_state", QS_ENUM, offsetof(struct mlist_in, due_state), 0, 0, 0,
	    EN_DUE_STATE },
	{ "q", QS_STR, offsetof(struct mlist_in, q), 100, 0, 0, 0 },
	{ "limit", QS_INT, offsetof(struct mlist_in, limit), 0, 1, 200, 0 },
	{ "cursor", QS_INT, offsetof(struct mlist_in, cursor), 0, 1,
	    INT64_MAX - 1, 0 },
};

/* The mediator record of the calling staff member (0 when none). */
static int
own_mediator_id(struct ctx *ctx, int64_t *id)
{
	struct dbrow	 row;
	int		 rc;

	*id = 0;
	rc = db_one(ctx->db, SQL_MEDIATOR_BY_USER, DBARGS(dbint(
	    ctx->who.user_id)), &row);
	if (rc == 1)
		*id = row.c[MD_ID].i;
	return rc < 0 ? rc : DB_OK;
}

/* GET /api/v1/mediations: the office sees every case, a mediator its own. */
enum err
h_mediation_list(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct mlist_in		 in;
	struct dbval		 v[24], q;
	struct json_object	*items, *o;
	struct dbrow		 row;
	struct mediation	 m;
	char			 t[16], w[16];
	int64_t			 mid = 0, limit, last = 0, n = 0;
	enum qs_result		 qr;
	size_t			 k = 0;
	int			 rc;

	if ((resp->errs = pool_alloc(ctx->pool, sizeof(*resp->errs))) == NULL)
		return ERR_TOO_LARGE;
	qr = query_decode(ctx->pool, req->query, mlist_specs,
	    sizeof(mlist_specs) / sizeof(mlist_specs[0]), &in, resp->errs);
	if (qr != QS_OK)
		return qr == QS_MALFORMED ? ERR_BAD_REQUEST : qr == QS_NOMEM ?
		    ERR_TOO_LARGE : ERR_VALIDATION;
	if (in.due_state >= 0 && in.due_state != DUE_WARNING &&
	    in.due_state != DUE_OVERDUE) {
		verr_add(resp->errs, "due_state", "invalid_value", 0);
		return ERR_VALIDATION;
	}
	if (!auth_has(ctx, ROLE_MEDIATION_OFFICE)) {
		if ((rc = own_mediator_id(ctx, &mid)) != DB_OK)
			return err_from_db(rc);
		if (mid == 0)
			mid = -1;	/* a mediator not on the roster */
	}
	limit = in.limit.set ? in.limit.v : 50;
	day_format(ctx->today, t, sizeof(t));
	day_format(cal_add_workdays(&ctx->ref->cal, ctx->today,
	    ctx->ref->lim[LIM_WARNING_BEFORE].amount + 1, NULL) - 1, w,
	    sizeof(w));
	v_pair(v, &k, in.status >= 0 ? dbstr(enum_code(EN_MSTATUS, in.status)) :
	    dbnull());
	v_pair(v, &k, in.source >= 0 ? dbstr(enum_code(EN_MSOURCE, in.source)) :
	    dbnull());
	v_pair(v, &k, in.ip_type >= 0 ? dbstr(enum_code(EN_IP_TYPE,
	    in.ip_type)) : dbnull());
	v_pair(v, &k, mid != 0 ? dbint(mid) : dbnull());
	v_pair(v, &k, in.due_state == DUE_OVERDUE ? dbstr(t) : dbnull());
	v[k++] = in.due_state == DUE_WARNING ? dbstr(t) : dbnull();
	v[k++] = dbstr(t);
	v[k++] = dbstr(w);
	q = v_like(ctx->pool, in.q);
	v[k++] = q;
	v_pair(v, &k, q);
	v[k++] = q;
	v_pair(v, &k, in.cursor.set ? dbint(in.cursor.v) : dbnull());
	v[k++] = dbint(limit);
	if ((rc = db_query(ctx->db, SQL_MEDIATION_QUEUE, v, k)) != DB_OK)
		return err_from_db(rc);
	items = json_object_new_array();
	while ((rc = db_fetch(ctx->db, &row)) == 1) {
		mediation_from_row(ctx, &row, &m);
		json_object_array_add(items, mediation_summary_json(ctx, &m));
		last = m.id;
		n++;
	}
	db_end(ctx->db);
	if (rc < 0) {
		json_object_put(items);
		return err_from_db(rc);
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", items);
	json_object_object_add(o, "limit", json_object_new_int64(limit));
	json_object_object_add(o, "next_cursor", n == limit ?
	    json_object_new_string(pool_printf(ctx->pool, "%lld",
	    (long long)last)) : NULL);
	return resp_json(resp, 200, o);
}
