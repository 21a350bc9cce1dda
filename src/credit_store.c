/*
 * credit_store.c -- credit records in and out of the database, the
 * outbox rows their changes write, and their events.  Shared by the API
 * (credit.c) and ipdesk-sync (credit_sync.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "audit.h"
#include "buf.h"
#include "credit.h"
#include "db.h"
#include "jsonout.h"
#include "pool.h"
#include "rowval.h"
#include "timeutil.h"

static struct due
col_due(const struct dbrow *row, int day, int prov)
{
	struct due d = { col_day(row, day), row->c[prov].i != 0 };

	return d;
}

void
credit_from_row(struct ctx *ctx, const struct dbrow *row,
    struct credit_record *r)
{
	struct pool	*p = ctx->pool;
	int		 k;

	memset(r, 0, sizeof(*r));
	r->id = row->c[CR_ID].i;
	k = credit_kind_find(row->c[CR_KIND].s);
	r->kind = k < 0 ? CK_PENALTY : (enum credit_kind)k;
	r->sjbm = col_str(p, row, CR_SJBM);
	k = credit_state_find(row->c[CR_STATE].s);
	r->state = k < 0 ? CS_ACTIVE : (enum credit_state)k;
	r->version = (int)row->c[CR_VERSION].i;
	r->published = row->c[CR_PUBLISHED].i != 0;
	r->complaint_id = row->c[CR_COMPLAINT_ID].null ? 0 :
	    row->c[CR_COMPLAINT_ID].i;
	r->case_no = col_str(p, row, CR_CASE_NO);
	r->content = col_str(p, row, CR_CONTENT);
	r->content_sha256 = col_str(p, row, CR_SHA);
	r->party_name = col_str(p, row, CR_PARTY_NAME);
	k = credit_party_find(row->c[CR_PARTY_KIND].s);
	r->party = k < 0 ? CP_ORG : (enum credit_party)k;
	r->party_uscc = col_str(p, row, CR_PARTY_USCC);
	r->business_key = col_str(p, row, CR_BKEY);
	r->doc_no = col_str(p, row, CR_DOC_NO);
	r->decided = col_day(row, CR_DECIDED);
	r->categories = col_str(p, row, CR_CATEGORIES);
	r->serious = row->c[CR_SERIOUS].i != 0;
	r->ip_infringement = row->c[CR_IP].i != 0;
	r->intentional = row->c[CR_INTENTIONAL].i != 0;
	r->office_until = col_day(row, CR_OFFICE_UNTIL);
	r->repair_from = col_day(row, CR_REPAIR_FROM);
	r->push_due = col_due(row, CR_PUSH_DUE, CR_PUSH_PROV);
	r->withdraw_due = col_due(row, CR_WITHDRAW_DUE, CR_WITHDRAW_PROV);
	k = credit_delivery_find(row->c[CR_DELIVERY].s);
	r->delivery = k < 0 ? CD_PENDING : (enum credit_delivery)k;
	r->delivered_at = col_ms(row, CR_DELIVERED_AT);
	r->errors = col_str(p, row, CR_ERRORS);
	r->up_state = col_str(p, row, CR_UP_STATE);
	r->up_version = row->c[CR_UP_VERSION].null ? 0 :
	    row->c[CR_UP_VERSION].i;
	r->up_sha256 = col_str(p, row, CR_UP_SHA);
	r->up_repair_from = col_day(row, CR_UP_REPAIR_FROM);
	r->up_until = col_day(row, CR_UP_UNTIL);
	r->up_checked_at = col_ms(row, CR_UP_CHECKED_AT);
	r->revoked_at = col_ms(row, CR_REVOKED_AT);
	r->repaired_at = col_ms(row, CR_REPAIRED_AT);
	r->created_by = row->c[CR_CREATED_BY].i;
	r->created_by_name = col_str(p, row, CR_CREATED_BY_NAME);
	r->created_at = col_ms(row, CR_CREATED_AT);
	r->updated_at = col_ms(row, CR_UPDATED_AT);
}

static int
load(struct ctx *ctx, enum sqlstmt s, const struct dbval *args, size_t n,
    struct credit_record *r)
{
	struct dbrow	 row;
	int		 rc;

	if ((rc = db_one(ctx->db, s, args, n, &row)) == 1)
		credit_from_row(ctx, &row, r);
	return rc;
}

int
credit_load(struct ctx *ctx, int64_t id, enum credit_kind kind,
    struct credit_record *r)
{
	return load(ctx, SQL_CREDIT_GET, DBARGS(dbint(id),
	    dbstr(credit_kind_code(kind))), r);
}

int
credit_load_sjbm(struct ctx *ctx, const char *sjbm, struct credit_record *r)
{
	return load(ctx, SQL_CREDIT_BY_SJBM, DBARGS(dbstr(sjbm)), r);
}

int
credit_lock(struct ctx *ctx, int64_t id, struct credit_record *r)
{
	return load(ctx, SQL_CREDIT_LOCK, DBARGS(dbint(id)), r);
}

int
credit_save(struct ctx *ctx, const struct credit_record *r)
{
	struct pool *p = ctx->pool;

	return db_exec(ctx->db, SQL_CREDIT_SAVE, DBARGS(
	    dbstr(credit_state_code(r->state)), dbint(r->version),
	    dbint(r->published), dbstr(r->content), dbstr(r->content_sha256),
	    dbstr(r->party_name), dbstr(credit_party_code(r->party)),
	    dbstr(r->party_uscc), dbstr(r->business_key != NULL ?
	    r->business_key : ""), dbstr(r->doc_no), v_day(p, r->decided),
	    dbstr(r->categories), dbint(r->serious), dbint(r->ip_infringement),
	    dbint(r->intentional), v_day(p, r->office_until),
	    v_day(p, r->repair_from), v_day(p, r->push_due.day),
	    dbint(r->push_due.provisional), v_day(p, r->withdraw_due.day),
	    dbint(r->withdraw_due.provisional),
	    dbstr(credit_delivery_code(r->delivery)),
	    v_ms(p, r->delivered_at), dbstr(r->errors), dbstr(r->up_state),
	    v_id(r->up_version), dbstr(r->up_sha256),
	    v_day(p, r->up_repair_from), v_day(p, r->up_until),
	    v_ms(p, r->up_checked_at), v_ms(p, r->revoked_at),
	    v_ms(p, r->repaired_at), v_ms(p, ctx->now), dbint(r->id)));
}

int
credit_event(struct ctx *ctx, const struct credit_record *r,
    const char *action, const char *from, const char *to,
    const char *detail)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.case_type = "credit";
	ev.case_id = r->id;
	ev.action = action;
	ev.from = from;
	ev.to = to;
	ev.detail = detail;
	return audit_append(ctx, &ev);
}

/* A JSON string literal of s, in the pool. */
static const char *
jquote(struct ctx *ctx, const char *s)
{
	struct json_object	*o = json_object_new_string(s != NULL ? s : "");
	const char		*t;

	t = jtext(ctx->pool, o);
	json_object_put(o);
	return t;
}

/* The exact request body of op for r. */
static const char *
op_body(struct ctx *ctx, const struct credit_record *r, enum credit_op op,
    const char *reason)
{
	switch (op) {
	case CO_CREATE:
		/* The content is a non-empty object: "{" then its members. */
		return pool_printf(ctx->pool, "{\"sjbm\":%s,%s",
		    jquote(ctx, r->sjbm), r->content + 1);
	case CO_UPDATE:
		return pool_printf(ctx->pool, "{\"record\":%s,\"reason\":%s}",
		    r->content, jquote(ctx, reason));
	default:
		return pool_printf(ctx->pool, "{\"reason\":%s}",
		    jquote(ctx, reason));
	}
}

int
credit_enqueue(struct ctx *ctx, struct credit_record *r, enum credit_op op,
    const char *reason)
{
	struct dbrow	 row;
	const char	*body;
	int64_t		 seq;
	int		 rc;

	if ((rc = db_one(ctx->db, SQL_OUTBOX_SEQ, DBARGS(dbint(r->id)),
	    &row)) != 1)
		return rc == 0 ? DB_ERR : rc;
	seq = row.c[0].i + 1;
	if ((body = op_body(ctx, r, op, reason)) == NULL)
		return DB_ERR;
	rc = db_exec(ctx->db, SQL_OUTBOX_INSERT, DBARGS(dbint(r->id),
	    dbstr(credit_kind_code(r->kind)), dbstr(r->sjbm),
	    dbstr(credit_op_code(op)), dbint(seq), dbblob(body, strlen(body)),
	    v_ms(ctx->pool, ctx->now), v_ms(ctx->pool, ctx->now)));
	if (rc == DB_OK)
		r->delivery = CD_PENDING;
	return rc;
}

int
credit_upstream(struct ctx *ctx, const struct credit_record *r, bool *done,
    bool *waiting)
{
	struct dbrow	 row;
	int		 rc;

	*done = *waiting = false;
	if ((rc = db_one(ctx->db, SQL_OUTBOX_SEQ, DBARGS(dbint(r->id)),
	    &row)) < 0)
		return rc;
	if (rc == 1) {
		*done = row.c[1].i > 0;
		*waiting = row.c[2].i > 0;
	}
	return DB_OK;
}
