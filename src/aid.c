/*
 * aid.c -- overseas aid requests: filing (triaged by the foreign deadline
 * and the enterprise's size), reading back and saving, the public's way in
 * with the access code, withdrawal and feedback, and the staff queue
 * sorted by today's priority.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "access.h"
#include "aid.h"
#include "app.h"
#include "audit.h"
#include "auth.h"
#include "complaint.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "jsonout.h"
#include "pool.h"
#include "rowval.h"
#include "query.h"
#include "timeutil.h"
#include "workdays.h"

#define NO_ATTEMPTS 5

void
aid_from_row(struct ctx *ctx, const struct dbrow *row, struct aid *a)
{
	memset(a, 0, sizeof(*a));
	a->id = row->c[AC_ID].i;
	a->no = col_str(ctx->pool, row, AC_NO);
	a->status = (enum astatus)col_enum(row, EN_ASTATUS, AC_STATUS);
	a->major = row->c[AC_MAJOR].i != 0;
	a->e_name = col_str(ctx->pool, row, AC_E_NAME);
	a->e_uscc = col_str(ctx->pool, row, AC_E_USCC);
	a->e_size = col_enum(row, EN_ENTERPRISE_SIZE, AC_E_SIZE);
	a->e_industry = col_str(ctx->pool, row, AC_E_INDUSTRY);
	a->c_name = col_str(ctx->pool, row, AC_C_NAME);
	a->c_phone = col_str(ctx->pool, row, AC_C_PHONE);
	a->c_email = col_str(ctx->pool, row, AC_C_EMAIL);
	a->aid_type = col_enum(row, EN_AID_TYPE, AC_AID_TYPE);
	a->countries = col_str(ctx->pool, row, AC_COUNTRIES);
	a->ip_types = col_str(ctx->pool, row, AC_IP_TYPES);
	a->opposing_party = col_str(ctx->pool, row, AC_OPPOSING);
	a->forum = col_str(ctx->pool, row, AC_FORUM);
	a->deadline = col_day(row, AC_DEADLINE);
	a->amount_at_stake.set = !row->c[AC_AMOUNT].null;
	a->amount_at_stake.v = row->c[AC_AMOUNT].i;
	a->insured = row->c[AC_INSURED].i != 0;
	a->description = col_str(ctx->pool, row, AC_DESCRIPTION);
	a->received_at = col_ms(row, AC_RECEIVED_AT);
	a->received_day = col_day(row, AC_RECEIVED_DAY);
	if (row->c[AC_ACCESS_HASH].len == 32)
		memcpy(a->access_hash, row->c[AC_ACCESS_HASH].s, 32);
	a->accept_due.day = col_day(row, AC_ACCEPT_DUE);
	a->accept_due.provisional = row->c[AC_ACCEPT_PROV].i != 0;
	a->decided_at = col_ms(row, AC_DECIDED_AT);
	a->decline_reason = col_str(ctx->pool, row, AC_DECLINE_REASON);
	a->expert_id = row->c[AC_EXPERT_ID].null ? 0 : row->c[AC_EXPERT_ID].i;
	a->expert_name = col_str(ctx->pool, row, AC_EXPERT_NAME);
	a->expert_user_id = row->c[AC_EXPERT_USER].null ? 0 :
	    row->c[AC_EXPERT_USER].i;
	a->assigned_at = col_ms(row, AC_ASSIGNED_AT);
	a->started_at = col_ms(row, AC_STARTED_AT);
	a->concluded_at = col_ms(row, AC_CONCLUDED_AT);
	a->outcome = col_enum(row, EN_AID_OUTCOME, AC_OUTCOME);
	a->conclusion = col_str(ctx->pool, row, AC_CONCLUSION);
	a->closed_at = col_ms(row, AC_CLOSED_AT);
	a->feedback_score = row->c[AC_FB_SCORE].null ? 0 :
	    (int)row->c[AC_FB_SCORE].i;
	a->feedback_comment = col_str(ctx->pool, row, AC_FB_COMMENT);
	a->feedback_at = col_ms(row, AC_FB_AT);
}

int
aid_load(struct ctx *ctx, const char *no, struct aid *a)
{
	struct dbrow	 row;
	int		 rc;

	if ((rc = db_one(ctx->db, SQL_AID_GET, DBARGS(dbstr(no)), &row)) != 1)
		return rc;
	aid_from_row(ctx, &row, a);
	return 1;
}

int
aid_lock(struct ctx *ctx, int64_t id, struct aid *a)
{
	struct dbrow	 row;
	int		 rc;

	if ((rc = db_one(ctx->db, SQL_AID_LOCK, DBARGS(dbint(id)), &row)) != 1)
		return rc;
	aid_from_row(ctx, &row, a);
	return 1;
}

/* The running due date: the decision while submitted. */
static int32_t
next_due(const struct aid *a)
{
	return a->status == AS_SUBMITTED ? a->accept_due.day : 0;
}

int
aid_save(struct ctx *ctx, const struct aid *a)
{
	return db_exec(ctx->db, SQL_AID_SAVE, DBARGS(
	    dbstr(enum_code(EN_ASTATUS, (int)a->status)), dbint(a->major),
	    v_ms(ctx->pool, a->decided_at), dbstr(a->decline_reason),
	    a->expert_id ? dbint(a->expert_id) : dbnull(),
	    v_ms(ctx->pool, a->assigned_at), v_ms(ctx->pool, a->started_at),
	    v_ms(ctx->pool, a->concluded_at), a->outcome >= 0 ?
	    dbstr(enum_code(EN_AID_OUTCOME, a->outcome)) : dbnull(),
	    dbstr(a->conclusion), v_ms(ctx->pool, a->closed_at),
	    v_day(ctx->pool, next_due(a)),
	    a->feedback_score > 0 ? dbint(a->feedback_score) : dbnull(),
	    dbstr(a->feedback_comment), v_ms(ctx->pool, a->feedback_at),
	    v_ms(ctx->pool, ctx->now), dbint(a->id)));
}

bool
aid_is_open(enum astatus s)
{
	return s == AS_SUBMITTED || s == AS_ACCEPTED || s == AS_ASSIGNED ||
	    s == AS_IN_PROGRESS;
}

int
aid_event(struct ctx *ctx, const struct aid *a, const char *action,
    const char *from, const char *to, bool public, const char *detail)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.case_type = "aid";
	ev.case_id = a->id;
	ev.action = action;
	ev.from = from;
	ev.to = to;
	ev.public = public;
	ev.detail = detail;
	return audit_append(ctx, &ev);
}

int
aid_log_pii(struct ctx *ctx, const struct aid *a)
{
	int rc;

	if (!aid_may_see_pii(ctx, a))
		return DB_OK;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return rc;
	if ((rc = db_exec(ctx->db, SQL_AID_LOCK, DBARGS(dbint(a->id)))) !=
	    DB_OK || (rc = aid_event(ctx, a, "personal_data_viewed", NULL,
	    NULL, false, NULL)) != DB_OK) {
		db_rollback(ctx->db);
		return rc;
	}
	return db_commit(ctx->db);
}

/* ---- filing ------------------------------------------------------------- */

/* A comma-separated list of codes of enum id from indexes. */
static char *
codes(struct ctx *ctx, enum enumid id, const int *v, size_t n)
{
	char	*out, *p;
	size_t	 i;

	if ((out = pool_alloc(ctx->pool, n * 40 + 1)) == NULL)
		return NULL;
	for (i = 0, p = out; i < n; i++) {
		const char *c = enum_code(id, v[i]);
		size_t k = strlen(c);

		if (i > 0)
			*p++ = ',';
		memcpy(p, c, k);
		p += k;
	}
	*p = '\0';
	return out;
}

static int
insert_rights(struct ctx *ctx, const struct aid *a, const struct aid_in *in)
{
	size_t	 i;
	int	 rc = DB_OK;

	for (i = 0; i < in->nrights && rc == DB_OK; i++)
		rc = db_exec(ctx->db, SQL_AID_RIGHT_INSERT, DBARGS(dbint(a->id),
		    dbint((int64_t)i + 1),
		    dbstr(enum_code(EN_RIGHT_TYPE, in->rights[i].type)),
		    dbstr(in->rights[i].country >= 0 ? enum_code(EN_COUNTRY,
		    in->rights[i].country) : "CN"),
		    dbstr(in->rights[i].number)));
	return rc;
}

/* Inserts the request, drawing tracking numbers until one is free. */
static int
insert(struct ctx *ctx, struct aid *a, const struct aid_in *in,
    enum priority prio, char *code, size_t codesz)
{
	struct dbval	 v[29];
	char		*no;
	int		 rc = DB_DUP, i;

	if ((no = pool_alloc(ctx->pool, CASE_NO_MAX + 1)) == NULL ||
	    access_new_code(code, codesz) == -1)
		return DB_ERR;
	v[1] = dbstr("submitted");
	v[2] = dbstr(enum_code(EN_PRIORITY, (int)prio));
	v[3] = dbint(prio);
	v[4] = dbstr(a->e_name);
	v[5] = dbstr(complaint_norm_name(ctx, a->e_name));
	v[6] = dbstr(a->e_uscc);
	v[7] = dbstr(enum_code(EN_ENTERPRISE_SIZE, a->e_size));
	v[8] = dbstr(a->e_industry);
	v[9] = dbstr(a->c_name);
	v[10] = dbstr(a->c_phone);
	v[11] = dbstr(a->c_email);
	v[12] = dbstr(enum_code(EN_AID_TYPE, a->aid_type));
	v[13] = dbstr(a->countries);
	v[14] = dbstr(a->ip_types);
	v[15] = dbstr(a->opposing_party);
	v[16] = dbstr(a->opposing_party != NULL ?
	    complaint_norm_name(ctx, a->opposing_party) : NULL);
	v[17] = dbstr(a->forum);
	v[18] = v_day(ctx->pool, a->deadline);
	v[19] = a->amount_at_stake.set ? dbint(a->amount_at_stake.v) :
	    dbnull();
	v[20] = dbint(a->insured);
	v[21] = dbstr(a->description);
	v[22] = v_ms(ctx->pool, a->received_at);
	v[23] = v_day(ctx->pool, a->received_day);
	v[25] = v_day(ctx->pool, a->accept_due.day);
	v[26] = dbint(a->accept_due.provisional);
	v[27] = v_day(ctx->pool, next_due(a));
	v[28] = v_ms(ctx->pool, ctx->now);
	for (i = 0; i < NO_ATTEMPTS && rc == DB_DUP; i++) {
		if (access_new_no(ctx, "HW", no, CASE_NO_MAX + 1) == -1)
			return DB_ERR;
		access_hash(ctx, no, code, a->access_hash);
		v[0] = dbstr(no);
		v[24] = dbblob(a->access_hash, 32);
		rc = db_exec(ctx->db, SQL_AID_INSERT, v, 29);
	}
	if (rc != DB_OK)
		return rc;
	a->id = db_insert_id(ctx->db);
	a->no = no;
	if ((rc = insert_rights(ctx, a, in)) != DB_OK)
		return rc;
	if ((rc = aid_event(ctx, a, "submitted", NULL, "submitted", true,
	    NULL)) != DB_OK)
		return rc;
	/* An urgent request is flagged for the office on intake. */
	if (prio == PRIO_URGENT)
		rc = aid_event(ctx, a, "flagged_urgent", NULL, NULL, false,
		    pool_printf(ctx->pool, "{\"priority\":\"urgent\"}"));
	return rc;
}

/* POST /api/v1/overseas-aid. */
enum err
h_aid_create(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct aid_in	*in = input;
	struct aid	 a;
	enum priority	 prio;
	char		 code[ACCESS_CODE_LEN + 1];
	int		 rc;

	memset(&a, 0, sizeof(a));
	a.status = AS_SUBMITTED;
	a.e_name = in->enterprise->name;
	a.e_uscc = in->enterprise->uscc;
	a.e_size = in->enterprise->size;
	a.e_industry = in->enterprise->industry;
	a.c_name = in->contact->name;
	a.c_phone = in->contact->phone;
	a.c_email = in->contact->email;
	a.aid_type = in->aid_type;
	a.countries = codes(ctx, EN_COUNTRY, in->countries, in->ncountries);
	a.ip_types = codes(ctx, EN_IP_TYPE, in->ip_types, in->nip_types);
	a.opposing_party = in->opposing_party;
	a.forum = in->forum;
	a.deadline = in->deadline ? day_from_ymdint(in->deadline) : 0;
	a.amount_at_stake = in->amount_at_stake;
	a.insured = in->insured == 1;
	a.description = in->description;
	a.received_at = ctx->now;
	a.received_day = ctx->today;
	a.accept_due = ref_due(ctx->ref, LIM_AID_ACCEPT, ctx->today);
	a.outcome = -1;
	prio = aid_priority(ctx->ref, a.deadline, a.e_size, ctx->today);
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((rc = insert(ctx, &a, in, prio, code, sizeof(code))) != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	if ((rc = db_commit(ctx->db)) != DB_OK)
		return err_from_db(rc);
	snprintf(resp->location, sizeof(resp->location),
	    "/api/v1/overseas-aid/%s", a.no);
	log_info(ctx->rid, "aid request %s filed (%s)", a.no,
	    enum_code(EN_PRIORITY, (int)prio));
	return resp_json(resp, 201, aid_created_json(ctx, &a, code));
}

/* ---- reading ---------------------------------------------------------------- */

/* The requester with the access code (a staff token is no stand-in). */
static enum err
open_by_code(struct ctx *ctx, struct req *req, struct resp *resp,
    struct aid *a)
{
	const char	*no = complaint_param_no(ctx, req);
	enum err	 e;

	if ((e = access_throttle_check(ctx, no, resp)) != ERR_OK)
		return e;
	return access_verify(ctx, no, aid_load(ctx, no, a), a->access_hash);
}

enum err
aid_open(struct ctx *ctx, struct req *req, struct resp *resp, struct aid *a)
{
	int rc;

	if (ctx->who.kind != P_STAFF)
		return open_by_code(ctx, req, resp, a);
	rc = aid_load(ctx, complaint_param_no(ctx, req), a);
	if (rc < 0)
		return err_from_db(rc);
	return rc == 1 && aid_visible(ctx, a) ? ERR_OK : ERR_NOT_FOUND;
}

/* GET /api/v1/overseas-aid/{no}. */
enum err
h_aid_get(struct ctx *ctx, struct req *req, struct resp *resp, void *input)
{
	struct aid		 a;
	struct json_object	*o;
	enum err		 e;
	int			 rc = DB_OK;

	if (ctx->who.kind == P_STAFF && !auth_has(ctx, ROLE_AID_READERS))
		return ERR_FORBIDDEN;
	if ((e = aid_open(ctx, req, resp, &a)) != ERR_OK)
		return e;
	if (ctx->who.kind == P_STAFF) {
		if ((rc = aid_log_pii(ctx, &a)) != DB_OK)
			return err_from_db(rc);
		o = aid_staff_json(ctx, &a, &rc);
	} else
		o = aid_public_json(ctx, &a, &rc);
	return o != NULL ? resp_json(resp, 200, o) : err_from_db(rc);
}

/* ---- the public's changes ----------------------------------------------- */

typedef enum err (*achange_fn)(struct ctx *, struct aid *, void *,
    struct resp *, const char **, const char **);

static enum err
public_change(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input, achange_fn fn)
{
	struct aid		 a;
	struct json_object	*o;
	const char		*action = NULL, *detail = NULL, *from;
	enum astatus		 was;
	enum err		 e;
	int			 rc;

	if ((e = open_by_code(ctx, req, resp, &a)) != ERR_OK)
		return e;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((rc = aid_lock(ctx, a.id, &a)) != 1)
		goto fail;
	was = a.status;
	from = enum_code(EN_ASTATUS, (int)a.status);
	if ((e = fn(ctx, &a, input, resp, &action, &detail)) != ERR_OK) {
		db_rollback(ctx->db);
		return e;
	}
	if ((rc = aid_save(ctx, &a)) != DB_OK ||
	    (rc = aid_event(ctx, &a, action, from, a.status != was ?
	    enum_code(EN_ASTATUS, (int)a.status) : NULL, true, detail)) !=
	    DB_OK ||
	    (rc = db_commit(ctx->db)) != DB_OK)
		goto fail;
	if ((o = aid_public_json(ctx, &a, &rc)) == NULL)
		return err_from_db(rc);
	return resp_json(resp, 200, o);
fail:
	db_rollback(ctx->db);
	return rc == 0 ? ERR_NOT_FOUND : err_from_db(rc);
}

static enum err
do_withdraw(struct ctx *ctx, struct aid *a, void *input, struct resp *resp,
    const char **action, const char **detail)
{
	if (!aid_is_open(a->status)) {
		resp->detail = pool_printf(ctx->pool, L(ctx,
		    "援助申请当前状态为“%s”，不能撤回。",
		    "The request is %s and can no longer be withdrawn."),
		    enum_label(EN_ASTATUS, (int)a->status, ctx->lang));
		return ERR_CONFLICT;
	}
	a->status = AS_WITHDRAWN;
	a->closed_at = ctx->now;
	*action = "withdrawn";
	*detail = jreason(ctx->pool, ((struct withdraw_in *)input)->reason);
	return ERR_OK;
}

/* POST /api/v1/overseas-aid/{no}/withdraw. */
enum err
h_aid_withdraw(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return public_change(ctx, req, resp, input, do_withdraw);
}

static enum err
do_feedback(struct ctx *ctx, struct aid *a, void *input, struct resp *resp,
    const char **action, const char **detail)
{
	struct feedback_in *in = input;

	if (a->status != AS_CONCLUDED && a->status != AS_CLOSED) {
		resp->detail = L(ctx, "援助结束后才能评价。",
		    "Feedback can be given once the aid has concluded.");
		return ERR_CONFLICT;
	}
	if (a->feedback_score > 0) {
		resp->detail = L(ctx, "已评价过。",
		    "Feedback was already given.");
		return ERR_CONFLICT;
	}
	a->feedback_score = (int)in->score.v;
	a->feedback_comment = in->comment;
	a->feedback_at = ctx->now;
	*action = "feedback";
	*detail = pool_printf(ctx->pool, "{\"score\":%d}", a->feedback_score);
	return ERR_OK;
}

/* POST /api/v1/overseas-aid/{no}/feedback. */
enum err
h_aid_feedback(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return public_change(ctx, req, resp, input, do_feedback);
}

/* ---- the staff queue ---------------------------------------------------------- */

struct alist_in {
	int		 status;
	int		 aid_type;
	int		 country;
	struct opt_i64	 major;
	struct opt_i64	 deadline_passed;
	const char	*q;
	struct opt_i64	 limit;
	struct opt_i64	 offset;
};

static const struct qspec alist_specs[] = {
	{ "status", QS_ENUM, offsetof(struct alist_in, status), 0, 0, 0,
	    EN_ASTATUS },
	{ "aid_type", QS_ENUM, offsetof(struct alist_in, aid_type), 0, 0, 0,
	    EN_AID_TYPE },
	{ "country", QS_ENUM, offsetof(struct alist_in, country), 0, 0, 0,
	    EN_COUNTRY },
	{ "major", QS_INT, offsetof(struct alist_in, major), 0, 0, 1, 0 },
	{ "deadline_passed", QS_INT, offsetof(struct alist_in,
	    deadline_passed), 0, 0, 1, 0 },
	{ "q", QS_STR, offsetof(struct alist_in, q), 100, 0, 0, 0 },
	{ "limit", QS_INT, offsetof(struct alist_in, limit), 0, 1, 200, 0 },
	{ "offset", QS_INT, offsetof(struct alist_in, offset), 0, 0, 100000,
	    0 },
};

/* The expert record of the calling staff member (0: none). */
static int
own_expert(struct ctx *ctx, int64_t *id)
{
	struct dbrow	 row;
	int		 rc;

	*id = 0;
	rc = db_one(ctx->db, SQL_EXPERT_BY_USER, DBARGS(dbint(
	    ctx->who.user_id)), &row);
	if (rc == 1)
		*id = row.c[EX_ID].i;
	return rc < 0 ? rc : DB_OK;
}

/* GET /api/v1/overseas-aid: the office's queue by priority (an expert sees
 * its own requests). */
enum err
h_aid_list(struct ctx *ctx, struct req *req, struct resp *resp, void *input)
{
	struct alist_in		 in;
	struct dbval		 v[32], q;
	struct json_object	*items, *o;
	struct dbrow		 row;
	struct aid		 a;
	char			 t[16], u[16], h[16];
	int64_t			 eid = 0, limit, n = 0;
	enum qs_result		 qr;
	size_t			 k = 0;
	int			 rc;

	if ((resp->errs = pool_alloc(ctx->pool, sizeof(*resp->errs))) == NULL)
		return ERR_TOO_LARGE;
	qr = query_decode(ctx->pool, req->query, alist_specs,
	    sizeof(alist_specs) / sizeof(alist_specs[0]), &in, resp->errs);
	if (qr != QS_OK)
		return qr == QS_MALFORMED ? ERR_BAD_REQUEST : qr == QS_NOMEM ?
		    ERR_TOO_LARGE : ERR_VALIDATION;
	if (!auth_has(ctx, ROLE_AID_OFFICE)) {
		if ((rc = own_expert(ctx, &eid)) != DB_OK)
			return err_from_db(rc);
		if (eid == 0)
			eid = -1;
	}
	limit = in.limit.set ? in.limit.v : 50;
	day_format(ctx->today, t, sizeof(t));
	day_format(ctx->today + (int32_t)ctx->ref->aid.urgent_days, u,
	    sizeof(u));
	day_format(ctx->today + (int32_t)ctx->ref->aid.high_days, h, sizeof(h));
	v_pair(v, &k, in.status >= 0 ? dbstr(enum_code(EN_ASTATUS, in.status)) :
	    dbnull());
	v_pair(v, &k, in.aid_type >= 0 ? dbstr(enum_code(EN_AID_TYPE,
	    in.aid_type)) : dbnull());
	v_pair(v, &k, in.country >= 0 ? dbstr(enum_code(EN_COUNTRY, in.country)) :
	    dbnull());
	v_pair(v, &k, eid != 0 ? dbint(eid) : dbnull());
	v_pair(v, &k, in.major.set ? dbint(in.major.v) : dbnull());
	v[k++] = in.deadline_passed.set && in.deadline_passed.v ? dbint(1) :
	    dbnull();
	v[k++] = dbstr(t);
	q = v_like(ctx->pool, in.q);
	v[k++] = q;
	v_pair(v, &k, q);
	v[k++] = q;
	v[k++] = dbstr(u);
	v[k++] = dbstr(h);
	v[k++] = dbint(ctx->ref->aid.small_first);
	v[k++] = dbint(limit);
	v[k++] = dbint(in.offset.set ? in.offset.v : 0);
	if ((rc = db_query(ctx->db, SQL_AID_QUEUE, v, k)) != DB_OK)
		return err_from_db(rc);
	items = json_object_new_array();
	while ((rc = db_fetch(ctx->db, &row)) == 1) {
		aid_from_row(ctx, &row, &a);
		json_object_array_add(items, aid_summary_json(ctx, &a));
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
	json_object_object_add(o, "next_offset", n == limit ?
	    json_object_new_int64((in.offset.set ? in.offset.v : 0) + n) :
	    NULL);
	return resp_json(resp, 200, o);
}
