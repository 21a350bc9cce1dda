/*
 * complaint.c -- the public side of complaints and reports: filing,
 * looking up with the access code, withdrawing.
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
#include "jsonout.h"
#include "log.h"
#include "pool.h"
#include "rowval.h"
#include "timeutil.h"
#include "workdays.h"

#define NO_ATTEMPTS 5	/* tries to draw an unused tracking number */

/* The host of a URL, lower-cased, for duplicate detection. */
static char *
url_host(struct ctx *ctx, const char *url)
{
	const char	*p;
	size_t		 n, i;
	char		*h;

	if (url == NULL || (p = strstr(url, "://")) == NULL)
		return NULL;
	p += 3;
	n = strcspn(p, "/?#:");
	if ((h = pool_strndup(ctx->pool, p, n)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (h[i] >= 'A' && h[i] <= 'Z')
			h[i] = (char)(h[i] - 'A' + 'a');
	return h;
}

/* A shop URL for duplicate detection: scheme and host lower-cased, no
 * fragment, no trailing slash. */
char *
complaint_shop_norm(struct ctx *ctx, const char *url)
{
	char	*n;
	size_t	 i, len, hostend;
	const char *p;

	if (url == NULL || (p = strstr(url, "://")) == NULL)
		return NULL;
	len = strcspn(url, "#");
	if ((n = pool_strndup(ctx->pool, url, len)) == NULL)
		return NULL;
	hostend = (size_t)(p - url) + 3 + strcspn(p + 3, "/?");
	for (i = 0; i < hostend; i++)
		if (n[i] >= 'A' && n[i] <= 'Z')
			n[i] = (char)(n[i] - 'A' + 'a');
	while (len > hostend && n[len - 1] == '/')
		n[--len] = '\0';
	return n;
}

/* The acceptance due date: the kind's limit, or the fast track's for
 * exhibitions, and never after the exhibition's end. */
static struct due
accept_due(struct ctx *ctx, const struct complaint_in *in, bool fast)
{
	struct due d;

	if (fast) {
		d = ref_due(ctx->ref, LIM_FAST_TRACK, ctx->today);
		if (in->exhibition != NULL) {
			int32_t end = day_from_ymdint(in->exhibition->end_date);

			if (end >= ctx->today && end < d.day)
				d.day = end;
		}
		return d;
	}
	return ref_due(ctx->ref, in->kind == KIND_REPORT ? LIM_REPORT_DECIDE :
	    LIM_COMPLAINT_ACCEPT, ctx->today);
}

/* Fills the record from the input as it will be stored. */
static void
record_from_input(struct ctx *ctx, const struct complaint_in *in,
    struct complaint *c)
{
	memset(c, 0, sizeof(*c));
	c->kind = in->kind;
	c->status = ST_SUBMITTED;
	c->ip_type = in->ip_type;
	c->scene = in->scene;
	c->channel = in->channel;
	c->title = in->title;
	c->description = in->description;
	c->demands = in->demands;
	c->district = in->district;
	c->anonymous = in->complainant == NULL;
	if (in->complainant != NULL)
		c->c = *in->complainant;
	else
		c->c.id_type = -1;
	c->r = *in->respondent;
	c->fast_track = in->scene == SCENE_EXHIBITION;
	c->received_at = ctx->now;
	c->received_day = ctx->today;
	c->accept_due = accept_due(ctx, in, c->fast_track);
	c->rights = in->rights;
	c->nrights = in->nrights;
	c->api_key_id = ctx->who.kind == P_MACHINE ? ctx->who.api_key_id : 0;
	c->reject_ground = c->suspend_reason = c->outcome = -1;
	c->reporter_relation = -1;
	c->next_due = c->accept_due.day;
}

static const char *
enum_or_null(enum enumid id, int i)
{
	return i < 0 ? NULL : enum_code(id, i);
}

/* Inserts the complaint row, drawing tracking numbers until one is free. */
static int
insert_row(struct ctx *ctx, const struct complaint_in *in,
    struct complaint *c, char *no, size_t nosz, const char *code)
{
	char	 at[32], day[16], due[16], exh_end[16];
	int	 rc = DB_DUP, i;

	time_sql(c->received_at, at, sizeof(at));
	day_format(c->received_day, day, sizeof(day));
	day_format(c->accept_due.day, due, sizeof(due));
	if (in->exhibition != NULL)
		day_format(day_from_ymdint(in->exhibition->end_date), exh_end,
		    sizeof(exh_end));
	for (i = 0; i < NO_ATTEMPTS && rc == DB_DUP; i++) {
		if (access_new_no(ctx, complaint_prefix(in->kind), no, nosz))
			return DB_ERR;
		access_hash(ctx, no, code, c->access_hash);
		rc = db_exec(ctx->db, SQL_COMPLAINT_INSERT, DBARGS(
		    dbstr(no), dbstr(enum_code(EN_KIND, in->kind)),
		    dbstr("submitted"), dbstr(enum_code(EN_IP_TYPE, in->ip_type)),
		    dbstr(enum_code(EN_SCENE, in->scene)),
		    dbstr(in->exhibition ? in->exhibition->name : NULL),
		    dbstr(in->exhibition ? in->exhibition->booth : NULL),
		    dbstr(in->exhibition ? exh_end : NULL),
		    dbstr(in->title), dbstr(in->description), dbstr(in->demands),
		    dbstr(in->district), dbstr(enum_code(EN_CHANNEL, in->channel)),
		    dbstr(c->c.name), dbstr(enum_or_null(EN_ID_TYPE, c->c.id_type)),
		    dbstr(c->c.id_number), dbstr(c->c.phone), dbstr(c->c.email),
		    dbstr(c->c.address), dbstr(c->r.name),
		    dbstr(complaint_norm_name(ctx, c->r.name)), dbstr(c->r.uscc),
		    dbstr(c->r.registration_no), dbstr(c->r.address),
		    dbstr(c->r.shop_url), dbstr(url_host(ctx, c->r.shop_url)),
		    dbstr(c->r.platform), dbint(c->fast_track), dbstr(at),
		    dbstr(day), dbstr(due), dbint(c->accept_due.provisional),
		    dbblob(c->access_hash, 32), dbstr(at),
		    c->api_key_id ? dbint(c->api_key_id) : dbnull(),
		    dbstr(complaint_shop_norm(ctx, c->r.shop_url)), dbstr(due)));
	}
	if (rc == DB_OK)
		c->id = db_insert_id(ctx->db);
	return rc;
}

static int
insert_rights(struct ctx *ctx, const struct complaint *c)
{
	size_t	 i;
	int	 rc = DB_OK;

	for (i = 0; i < c->nrights && rc == DB_OK; i++)
		rc = db_exec(ctx->db, SQL_RIGHT_INSERT, DBARGS(dbint(c->id),
		    dbint((int64_t)i + 1),
		    dbstr(enum_code(EN_RIGHT_TYPE, c->rights[i].type)),
		    dbstr(c->rights[i].number)));
	return rc;
}

/*
 * POST /api/v1/complaints: one transaction writes the case, its rights
 * and its first event; the 201 is sent only after the commit.
 */
enum err
h_complaint_create(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct complaint_in	*in = input;
	struct complaint	 c;
	struct event		 ev;
	char			 no[CASE_NO_MAX + 1], code[ACCESS_CODE_LEN + 1];
	int			 rc;
	enum err		 e;

	record_from_input(ctx, in, &c);
	if (access_new_code(code, sizeof(code)) == -1)
		return ERR_INTERNAL;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((rc = insert_row(ctx, in, &c, no, sizeof(no), code)) != DB_OK ||
	    (rc = insert_rights(ctx, &c)) != DB_OK)
		goto fail;
	c.no = no;
	memset(&ev, 0, sizeof(ev));
	ev.case_type = "complaint";
	ev.case_id = c.id;
	ev.action = "submitted";
	ev.to = "submitted";
	ev.public = true;
	ev.detail = c.fast_track ? "{\"fast_track\":true}" : NULL;
	if ((rc = audit_append(ctx, &ev)) != DB_OK ||
	    (rc = complaint_find_dups(ctx, &c)) != DB_OK)
		goto fail;
	if ((rc = db_commit(ctx->db)) != DB_OK)
		return err_from_db(rc);
	snprintf(resp->location, sizeof(resp->location),
	    "/api/v1/complaints/%s", no);
	e = resp_json(resp, 201, complaint_created_json(ctx, &c, code));
	log_info(ctx->rid, "complaint %s filed (%s)", no,
	    enum_code(EN_KIND, c.kind));
	return e;
fail:
	db_rollback(ctx->db);
	return err_from_db(rc);
}

/* ---- reading back and writing the workflow -------------------------- */

static void
fill_workflow(struct ctx *ctx, const struct dbrow *row, struct complaint *c)
{
	c->department_id = row->c[CC_DEPT_ID].null ? 0 : row->c[CC_DEPT_ID].i;
	c->department = col_str(ctx->pool, row, CC_DEPT_CODE);
	c->assignee_id = row->c[CC_ASSIGNEE_ID].null ? 0 :
	    row->c[CC_ASSIGNEE_ID].i;
	c->assignee = col_str(ctx->pool, row, CC_ASSIGNEE);
	c->api_key_id = row->c[CC_API_KEY_ID].null ? 0 :
	    row->c[CC_API_KEY_ID].i;
	c->reject_ground = col_enum(row, EN_REJECT_GROUND, CC_REJECT_GROUND);
	c->extended = row->c[CC_EXTENDED].i != 0;
	c->decided_at = col_ms(row, CC_DECIDED_AT);
	c->suspended_at = col_ms(row, CC_SUSPENDED_AT);
	c->suspend_reason = col_enum(row, EN_SUSPEND_REASON,
	    CC_SUSPEND_REASON);
	c->notify_due.day = col_day(row, CC_NOTIFY_DUE);
	c->notify_due.provisional = row->c[CC_NOTIFY_PROV].i != 0;
	c->notified_at = col_ms(row, CC_NOTIFIED_AT);
	c->resolve_due.day = col_day(row, CC_RESOLVE_DUE);
	c->resolve_due.provisional = row->c[CC_RESOLVE_PROV].i != 0;
	c->resolved_at = col_ms(row, CC_RESOLVED_AT);
	c->outcome = col_enum(row, EN_OUTCOME, CC_OUTCOME);
	c->closed_at = col_ms(row, CC_CLOSED_AT);
	c->next_due = col_day(row, CC_NEXT_DUE);
	c->merged_into = col_str(ctx->pool, row, CC_MERGED_INTO);
	c->feedback_score = row->c[CC_FB_SCORE].null ? 0 :
	    (int)row->c[CC_FB_SCORE].i;
	c->feedback_comment = col_str(ctx->pool, row, CC_FB_COMMENT);
	c->feedback_at = col_ms(row, CC_FB_AT);
	c->fine = col_opt(row, CC_FINE);
	c->confiscation = col_opt(row, CC_CONFISCATION);
	c->reward_level = row->c[CC_REWARD_LEVEL].null ? 0 :
	    (int)row->c[CC_REWARD_LEVEL].i;
	c->reporter_relation = col_enum(row, EN_REPORTER_RELATION,
	    CC_REPORTER_RELATION);
	c->reward = col_opt(row, CC_REWARD);
	c->reward_note = col_str(ctx->pool, row, CC_REWARD_NOTE);
	c->mediation_id = row->c[CC_MEDIATION_ID].null ? 0 :
	    row->c[CC_MEDIATION_ID].i;
	c->mediation_no = col_str(ctx->pool, row, CC_MEDIATION_NO);
}

void
complaint_from_row(struct ctx *ctx, const struct dbrow *row,
    struct complaint *c)
{
	memset(c, 0, sizeof(*c));
	c->id = row->c[CC_ID].i;
	c->no = col_str(ctx->pool, row, CC_NO);
	c->kind = col_enum(row, EN_KIND, CC_KIND);
	c->status = (enum cstatus)col_enum(row, EN_STATUS, CC_STATUS);
	c->ip_type = col_enum(row, EN_IP_TYPE, CC_IP_TYPE);
	c->scene = col_enum(row, EN_SCENE, CC_SCENE);
	c->channel = col_enum(row, EN_CHANNEL, CC_CHANNEL);
	c->exh_name = col_str(ctx->pool, row, CC_EXH_NAME);
	c->exh_booth = col_str(ctx->pool, row, CC_EXH_BOOTH);
	c->exh_end = col_str(ctx->pool, row, CC_EXH_END);
	c->title = col_str(ctx->pool, row, CC_TITLE);
	c->description = col_str(ctx->pool, row, CC_DESCRIPTION);
	c->demands = col_str(ctx->pool, row, CC_DEMANDS);
	c->district = col_str(ctx->pool, row, CC_DISTRICT);
	c->c.name = col_str(ctx->pool, row, CC_C_NAME);
	c->c.id_type = col_enum(row, EN_ID_TYPE, CC_C_ID_TYPE);
	c->c.id_number = col_str(ctx->pool, row, CC_C_ID_NUMBER);
	c->c.phone = col_str(ctx->pool, row, CC_C_PHONE);
	c->c.email = col_str(ctx->pool, row, CC_C_EMAIL);
	c->c.address = col_str(ctx->pool, row, CC_C_ADDRESS);
	c->anonymous = c->c.name == NULL;
	c->r.name = col_str(ctx->pool, row, CC_R_NAME);
	c->r.uscc = col_str(ctx->pool, row, CC_R_USCC);
	c->r.registration_no = col_str(ctx->pool, row, CC_R_REGNO);
	c->r.address = col_str(ctx->pool, row, CC_R_ADDRESS);
	c->r.shop_url = col_str(ctx->pool, row, CC_R_SHOP_URL);
	c->r.platform = col_str(ctx->pool, row, CC_R_PLATFORM);
	c->fast_track = row->c[CC_FAST_TRACK].i != 0;
	c->received_at = col_ms(row, CC_RECEIVED_AT);
	c->received_day = col_day(row, CC_RECEIVED_DAY);
	c->accept_due.day = col_day(row, CC_ACCEPT_DUE);
	c->accept_due.provisional = row->c[CC_ACCEPT_DUE_PROV].i != 0;
	c->decided_day = col_day(row, CC_DECIDED_AT);
	c->public_reply = col_str(ctx->pool, row, CC_PUBLIC_REPLY);
	if (row->c[CC_ACCESS_HASH].len == 32)
		memcpy(c->access_hash, row->c[CC_ACCESS_HASH].s, 32);
	fill_workflow(ctx, row, c);
}

static int
load_rights(struct ctx *ctx, struct complaint *c)
{
	struct dbrow	 row;
	int		 rc;
	size_t		 cap = 20;

	if ((c->rights = pool_alloc(ctx->pool, cap * sizeof(*c->rights))) ==
	    NULL)
		return DB_ERR;
	if ((rc = db_query(ctx->db, SQL_RIGHTS_OF, DBARGS(dbint(c->id)))) !=
	    DB_OK)
		return rc;
	while ((rc = db_fetch(ctx->db, &row)) == 1 && c->nrights < cap) {
		c->rights[c->nrights].type = col_enum(&row, EN_RIGHT_TYPE, 0);
		c->rights[c->nrights].number = col_str(ctx->pool, &row, 1);
		c->nrights++;
	}
	db_end(ctx->db);
	return rc < 0 ? rc : DB_OK;
}

int
complaint_load(struct ctx *ctx, const char *no, struct complaint *c)
{
	struct dbrow	 row;
	int		 rc;

	rc = db_one(ctx->db, SQL_COMPLAINT_GET, DBARGS(dbstr(no)), &row);
	if (rc != 1)
		return rc;
	complaint_from_row(ctx, &row, c);
	if ((rc = load_rights(ctx, c)) != DB_OK)
		return rc;
	return 1;
}

int
complaint_lock(struct ctx *ctx, int64_t id, struct complaint *c)
{
	struct dbrow	 row;
	int		 rc;

	rc = db_one(ctx->db, SQL_COMPLAINT_LOCK_FULL, DBARGS(dbint(id)), &row);
	if (rc != 1)
		return rc;
	complaint_from_row(ctx, &row, c);
	if ((rc = load_rights(ctx, c)) != DB_OK)
		return rc;
	return 1;
}

int
complaint_save(struct ctx *ctx, const struct complaint *c)
{
	return db_exec(ctx->db, SQL_COMPLAINT_SAVE, DBARGS(
	    dbstr(enum_code(EN_STATUS, (int)c->status)),
	    v_id(c->department_id), v_id(c->assignee_id),
	    v_enum(EN_REJECT_GROUND, c->reject_ground), dbint(c->extended),
	    v_ms(ctx->pool, c->suspended_at),
	    v_enum(EN_SUSPEND_REASON, c->suspend_reason),
	    v_ms(ctx->pool, c->decided_at), v_day(ctx->pool, c->accept_due.day),
	    dbint(c->accept_due.provisional), v_day(ctx->pool, c->notify_due.day),
	    dbint(c->notify_due.provisional), v_ms(ctx->pool, c->notified_at),
	    v_day(ctx->pool, c->resolve_due.day), dbint(c->resolve_due.provisional),
	    v_ms(ctx->pool, c->resolved_at), v_enum(EN_OUTCOME, c->outcome),
	    v_ms(ctx->pool, c->closed_at), v_day(ctx->pool, complaint_next_due(c)),
	    dbstr(c->merged_into),
	    c->feedback_score > 0 ? dbint(c->feedback_score) : dbnull(),
	    dbstr(c->feedback_comment), v_ms(ctx->pool, c->feedback_at),
	    v_opt(c->fine), v_opt(c->confiscation),
	    c->reward_level > 0 ? dbint(c->reward_level) : dbnull(),
	    v_enum(EN_REPORTER_RELATION, c->reporter_relation),
	    v_opt(c->reward), dbstr(c->reward_note), dbstr(c->public_reply),
	    v_ms(ctx->pool, ctx->now), dbint(c->id)));
}

bool
complaint_is_open(enum cstatus s)
{
	return s == ST_SUBMITTED || s == ST_ACCEPTED || s == ST_ASSIGNED ||
	    s == ST_SUSPENDED || s == ST_MEDIATING;
}

const char *
complaint_param_no(struct ctx *ctx, const struct req *req)
{
	char	*no = pool_strdup(ctx->pool, req->params[0]);
	size_t	 i;

	for (i = 0; no != NULL && no[i] != '\0'; i++)
		if (no[i] >= 'a' && no[i] <= 'z')
			no[i] = (char)(no[i] - 'a' + 'A');
	return no != NULL ? no : req->params[0];
}

enum err
complaint_open_public(struct ctx *ctx, struct req *req, struct resp *resp,
    struct complaint *c)
{
	const char	*no = complaint_param_no(ctx, req);
	enum err	 e;
	int		 rc;

	if ((e = access_throttle_check(ctx, no, resp)) != ERR_OK)
		return e;
	rc = complaint_load(ctx, no, c);
	return access_verify(ctx, no, rc, c->access_hash);
}

int
complaint_log_pii(struct ctx *ctx, const struct complaint *c)
{
	struct event	 ev;
	int		 rc;

	if (c->anonymous || !complaint_may_see_pii(ctx, c))
		return DB_OK;
	memset(&ev, 0, sizeof(ev));
	ev.case_type = "complaint";
	ev.case_id = c->id;
	ev.action = "personal_data_viewed";
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return rc;
	if ((rc = db_exec(ctx->db, SQL_COMPLAINT_LOCK, DBARGS(dbint(c->id)))) !=
	    DB_OK || (rc = audit_append(ctx, &ev)) != DB_OK) {
		db_rollback(ctx->db);
		return rc;
	}
	return db_commit(ctx->db);
}

/* The staff side of GET /api/v1/complaints/{no}. */
static enum err
staff_get(struct ctx *ctx, struct req *req, struct resp *resp)
{
	struct complaint	 c;
	struct json_object	*o;
	int			 rc;

	if (!auth_has(ctx, ROLE_CASE_READERS))
		return ERR_FORBIDDEN;
	rc = complaint_load(ctx, complaint_param_no(ctx, req), &c);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0 || !complaint_visible(ctx, &c))
		return ERR_NOT_FOUND;
	if ((rc = complaint_log_pii(ctx, &c)) != DB_OK)
		return err_from_db(rc);
	if ((o = complaint_staff_json(ctx, &c, &rc)) == NULL)
		return err_from_db(rc);
	return resp_json(resp, 200, o);
}

/* GET /api/v1/complaints/{no}: staff with a token, or the public (and
 * machine clients) with X-Access-Code. */
enum err
h_complaint_get(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct complaint	 c;
	struct json_object	*o;
	enum err		 e;
	int			 rc = DB_OK;

	if (ctx->who.kind == P_STAFF)
		return staff_get(ctx, req, resp);
	if ((e = complaint_open_public(ctx, req, resp, &c)) != ERR_OK)
		return e;
	if ((o = complaint_public_json(ctx, &c, &rc)) == NULL)
		return err_from_db(rc);
	return resp_json(resp, 200, o);
}

/* A change by the submitter (withdraw, feedback): the case locked and
 * re-read inside the transaction, then changed by fn, saved with its
 * events.  fn returns ERR_OK or ERR_CONFLICT with resp->detail set. */
typedef enum err (*public_change_fn)(struct ctx *, struct complaint *,
    void *, struct resp *, struct event *, size_t *);

static enum err
public_change(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input, public_change_fn fn)
{
	struct complaint	 c;
	struct event		 ev[2];
	struct json_object	*o;
	size_t			 nev = 0, i;
	enum err		 e;
	int			 rc;

	if ((e = complaint_open_public(ctx, req, resp, &c)) != ERR_OK)
		return e;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((rc = complaint_lock(ctx, c.id, &c)) != 1)
		goto fail;
	memset(ev, 0, sizeof(ev));
	if ((e = fn(ctx, &c, input, resp, ev, &nev)) != ERR_OK) {
		db_rollback(ctx->db);
		return e;
	}
	if ((rc = complaint_save(ctx, &c)) != DB_OK)
		goto fail;
	for (i = 0; i < nev; i++) {
		ev[i].case_type = "complaint";
		ev[i].case_id = c.id;
		ev[i].public = true;
		if ((rc = audit_append(ctx, &ev[i])) != DB_OK)
			goto fail;
	}
	if ((rc = db_commit(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((o = complaint_public_json(ctx, &c, &rc)) == NULL)
		return err_from_db(rc);
	return resp_json(resp, 200, o);
fail:
	db_rollback(ctx->db);
	return rc == 0 ? ERR_NOT_FOUND : err_from_db(rc);
}

/* {"key": "value"} as event detail (NULL when value is NULL). */
static const char *
detail_json(struct ctx *ctx, const char *key, const char *value)
{
	struct json_object	*o;
	const char		*s;

	if (value == NULL)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, key, json_object_new_string(value));
	s = jtext(ctx->pool, o);
	json_object_put(o);
	return s;
}

static enum err
do_withdraw(struct ctx *ctx, struct complaint *c, void *input,
    struct resp *resp, struct event *ev, size_t *nev)
{
	struct withdraw_in *in = input;

	if (!complaint_is_open(c->status)) {
		resp->detail = pool_printf(ctx->pool, L(ctx,
		    "案件当前状态为“%s”，不能撤回。",
		    "The case is %s and can no longer be withdrawn."),
		    enum_label(EN_STATUS, (int)c->status, ctx->lang));
		return ERR_CONFLICT;
	}
	ev[0].action = "withdrawn";
	ev[0].from = enum_code(EN_STATUS, (int)c->status);
	ev[0].to = "withdrawn";
	ev[0].detail = detail_json(ctx, "reason", in->reason);
	*nev = 1;
	c->status = ST_WITHDRAWN;
	c->suspended_at = 0;
	c->closed_at = ctx->now;
	return ERR_OK;
}

/* POST /api/v1/complaints/{no}/withdraw with X-Access-Code. */
enum err
h_complaint_withdraw(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return public_change(ctx, req, resp, input, do_withdraw);
}

static enum err
do_feedback(struct ctx *ctx, struct complaint *c, void *input,
    struct resp *resp, struct event *ev, size_t *nev)
{
	struct feedback_in *in = input;

	if (c->status != ST_RESOLVED && c->status != ST_CLOSED) {
		resp->detail = L(ctx, "案件办结后才能评价。",
		    "Feedback can be given once the case is resolved.");
		return ERR_CONFLICT;
	}
	if (c->feedback_score > 0) {
		resp->detail = L(ctx, "该案件已评价过。",
		    "Feedback was already given for this case.");
		return ERR_CONFLICT;
	}
	c->feedback_score = (int)in->score.v;
	c->feedback_comment = in->comment;
	c->feedback_at = ctx->now;
	ev[0].action = "feedback";
	ev[0].detail = pool_printf(ctx->pool, "{\"score\":%d}",
	    c->feedback_score);
	*nev = 1;
	if (c->status == ST_RESOLVED) {
		/* Feedback ends the case. */
		ev[1].action = "closed";
		ev[1].from = "resolved";
		ev[1].to = "closed";
		*nev = 2;
		c->status = ST_CLOSED;
		c->closed_at = ctx->now;
	}
	return ERR_OK;
}

/* POST /api/v1/complaints/{no}/feedback with X-Access-Code. */
enum err
h_complaint_feedback(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return public_change(ctx, req, resp, input, do_feedback);
}
