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
#include "complaint.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "pool.h"
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
		    dbblob(c->access_hash, 32), dbstr(at)));
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
	ev.detail = c.fast_track ? "fast_track" : NULL;
	if ((rc = audit_append(ctx, &ev)) != DB_OK)
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

/* ---- reading back ---------------------------------------------------- */

static const char *
col(struct ctx *ctx, const struct dbrow *row, int i)
{
	return row->c[i].null ? NULL :
	    pool_strndup(ctx->pool, row->c[i].s, row->c[i].len);
}

static int
col_enum(const struct dbrow *row, enum enumid id, int i)
{
	return row->c[i].null ? -1 : enum_find(id, row->c[i].s, row->c[i].len);
}

static int32_t
col_day(const struct dbrow *row, int i)
{
	int64_t ms;
	char	tmp[40];

	if (row->c[i].null || row->c[i].len < 10)
		return 0;
	snprintf(tmp, sizeof(tmp), "%.10s 00:00:00", row->c[i].s);
	if (time_from_sql(tmp, &ms) == -1)
		return 0;
	return time_day_cst(ms);
}

static void
fill_from_row(struct ctx *ctx, const struct dbrow *row, struct complaint *c)
{
	memset(c, 0, sizeof(*c));
	c->id = row->c[CC_ID].i;
	c->no = col(ctx, row, CC_NO);
	c->kind = col_enum(row, EN_KIND, CC_KIND);
	c->status = (enum cstatus)col_enum(row, EN_STATUS, CC_STATUS);
	c->ip_type = col_enum(row, EN_IP_TYPE, CC_IP_TYPE);
	c->scene = col_enum(row, EN_SCENE, CC_SCENE);
	c->channel = col_enum(row, EN_CHANNEL, CC_CHANNEL);
	c->exh_name = col(ctx, row, CC_EXH_NAME);
	c->exh_booth = col(ctx, row, CC_EXH_BOOTH);
	c->exh_end = col(ctx, row, CC_EXH_END);
	c->title = col(ctx, row, CC_TITLE);
	c->description = col(ctx, row, CC_DESCRIPTION);
	c->demands = col(ctx, row, CC_DEMANDS);
	c->district = col(ctx, row, CC_DISTRICT);
	c->c.name = col(ctx, row, CC_C_NAME);
	c->c.id_type = col_enum(row, EN_ID_TYPE, CC_C_ID_TYPE);
	c->c.id_number = col(ctx, row, CC_C_ID_NUMBER);
	c->c.phone = col(ctx, row, CC_C_PHONE);
	c->c.email = col(ctx, row, CC_C_EMAIL);
	c->c.address = col(ctx, row, CC_C_ADDRESS);
	c->anonymous = c->c.name == NULL;
	c->r.name = col(ctx, row, CC_R_NAME);
	c->r.uscc = col(ctx, row, CC_R_USCC);
	c->r.registration_no = col(ctx, row, CC_R_REGNO);
	c->r.address = col(ctx, row, CC_R_ADDRESS);
	c->r.shop_url = col(ctx, row, CC_R_SHOP_URL);
	c->r.platform = col(ctx, row, CC_R_PLATFORM);
	c->fast_track = row->c[CC_FAST_TRACK].i != 0;
	if (time_from_sql(row->c[CC_RECEIVED_AT].s, &c->received_at) == -1)
		c->received_at = 0;
	c->received_day = col_day(row, CC_RECEIVED_DAY);
	c->accept_due.day = col_day(row, CC_ACCEPT_DUE);
	c->accept_due.provisional = row->c[CC_ACCEPT_DUE_PROV].i != 0;
	c->decided_day = col_day(row, CC_DECIDED_AT);
	c->public_reply = col(ctx, row, CC_PUBLIC_REPLY);
	if (row->c[CC_ACCESS_HASH].len == 32)
		memcpy(c->access_hash, row->c[CC_ACCESS_HASH].s, 32);
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
		c->rights[c->nrights].number = col(ctx, &row, 1);
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
	fill_from_row(ctx, &row, c);
	if ((rc = load_rights(ctx, c)) != DB_OK)
		return rc;
	return 1;
}

enum err
complaint_open_public(struct ctx *ctx, struct req *req, struct resp *resp,
    struct complaint *c)
{
	const char	*no = req->params[0];
	enum err	 e;
	int		 rc;

	if ((e = access_throttle_check(ctx, no, resp)) != ERR_OK)
		return e;
	rc = complaint_load(ctx, no, c);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0 || !access_matches(ctx, no, req->access_code,
	    c->access_hash, 32)) {
		access_throttle_fail(ctx, no);
		return ERR_NOT_FOUND;
	}
	return ERR_OK;
}

/* GET /api/v1/complaints/{no} with X-Access-Code. */
enum err
h_complaint_get(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct complaint	 c;
	struct json_object	*o;
	enum err		 e;
	int			 rc = DB_OK;

	if ((e = complaint_open_public(ctx, req, resp, &c)) != ERR_OK)
		return e;
	if ((o = complaint_public_json(ctx, &c, &rc)) == NULL)
		return err_from_db(rc);
	return resp_json(resp, 200, o);
}

/* States from which the submitter may withdraw. */
static bool
withdrawable(enum cstatus s)
{
	return s == ST_SUBMITTED || s == ST_ACCEPTED || s == ST_ASSIGNED ||
	    s == ST_SUSPENDED || s == ST_MEDIATING;
}

/* POST /api/v1/complaints/{no}/withdraw with X-Access-Code. */
enum err
h_complaint_withdraw(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct withdraw_in	*in = input;
	struct complaint	 c;
	struct event		 ev;
	struct dbrow		 row;
	struct json_object	*o;
	char			 at[32];
	enum err		 e;
	enum cstatus		 cur;
	int			 rc;

	if ((e = complaint_open_public(ctx, req, resp, &c)) != ERR_OK)
		return e;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	/* Re-read the state under the row lock: it may have moved. */
	rc = db_one(ctx->db, SQL_COMPLAINT_LOCK, DBARGS(dbint(c.id)), &row);
	if (rc != 1)
		goto fail;
	cur = (enum cstatus)enum_find(EN_STATUS, row.c[1].s, row.c[1].len);
	if (!withdrawable(cur)) {
		db_rollback(ctx->db);
		resp->detail = pool_printf(ctx->pool, L(ctx,
		    "案件当前状态为“%s”，不能撤回。",
		    "The case is %s and can no longer be withdrawn."),
		    enum_label(EN_STATUS, (int)cur, ctx->lang));
		return ERR_CONFLICT;
	}
	time_sql(ctx->now, at, sizeof(at));
	if ((rc = db_exec(ctx->db, SQL_COMPLAINT_SET_STATUS,
	    DBARGS(dbstr("withdrawn"), dbstr(at), dbint(c.id)))) != DB_OK)
		goto fail;
	memset(&ev, 0, sizeof(ev));
	ev.case_type = "complaint";
	ev.case_id = c.id;
	ev.action = "withdrawn";
	ev.from = enum_code(EN_STATUS, (int)cur);
	ev.to = "withdrawn";
	ev.public = true;
	ev.detail = in->reason != NULL ? "reason_given" : NULL;
	if ((rc = audit_append(ctx, &ev)) != DB_OK ||
	    (rc = db_commit(ctx->db)) != DB_OK)
		goto fail;
	c.status = ST_WITHDRAWN;
	if ((o = complaint_public_json(ctx, &c, &rc)) == NULL)
		return err_from_db(rc);
	return resp_json(resp, 200, o);
fail:
	db_rollback(ctx->db);
	return rc == 0 ? ERR_NOT_FOUND : err_from_db(rc);
}
