/*
 * subsidy.c -- cost subsidies for concluded aid requests (SPEC section 3):
 * a claim lists the necessary costs item by item; the office approves the
 * costs it accepts and the grant is the configured share of them (30%),
 * at most what is left of the enterprise's yearly allowance (200,000 yuan)
 * across all its claims in the calendar year of the approval.  The
 * allowance row is locked while a claim is decided, so two decisions
 * never both spend what is left.  Payment is recorded after.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "aid.h"
#include "app.h"
#include "auth.h"
#include "db.h"
#include "handlers.h"
#include "jsonout.h"
#include "log.h"
#include "num.h"
#include "pool.h"
#include "timeutil.h"
#include "workdays.h"

#define MAX_ITEMS 50

int64_t
subsidy_grant(int64_t rate_bp, int64_t cap, int64_t granted, int64_t costs)
{
	int64_t share, left;

	if (costs <= 0 || rate_bp <= 0 || costs > INT64_MAX / 10000)
		return 0;
	share = costs * rate_bp / 10000;
	left = cap - granted;
	if (left <= 0)
		return 0;
	return share < left ? share : left;
}

struct item_in {
	const char	*item;
	struct opt_i64	 amount;
};

struct claim_in {
	struct item_in	*items;
	size_t		 nitems;
};

static const struct fspec item_fields[] = {
	{ "item", FS_STR, FS_REQUIRED, offsetof(struct item_in, item), 0, 200,
	    0, 0, 0, NULL, NULL, 0, 0, 0 },
	{ "amount", FS_MONEY, FS_REQUIRED, offsetof(struct item_in, amount),
	    0, 0, 0, 10000000000LL, 0, NULL, NULL, 0, 0, 0 },
};

static const struct fspec claim_fields[] = {
	{ "items", FS_ARR_OBJ, FS_REQUIRED, offsetof(struct claim_in, items),
	    1, MAX_ITEMS, 0, 0, 0, NULL, item_fields,
	    sizeof(item_fields) / sizeof(item_fields[0]),
	    sizeof(struct item_in), offsetof(struct claim_in, nitems) },
};

static void
claim_validate(struct ctx *ctx, void *input, struct verrs *v)
{
	struct claim_in	*in = input;
	size_t		 i;
	char		 f[48];

	for (i = 0; i < in->nitems; i++)
		if (in->items[i].amount.set && in->items[i].amount.v == 0) {
			snprintf(f, sizeof(f), "items[%zu].amount", i);
			verr_add(v, f, "out_of_range", 0);
		}
}

const struct bodyspec subsidy_claim_spec = {
	claim_fields, sizeof(claim_fields) / sizeof(claim_fields[0]),
	sizeof(struct claim_in), claim_validate
};

struct decision_in {
	int		 decision;
	struct opt_i64	 approved_costs;
	const char	*note;
};

static const struct fspec decision_fields[] = {
	{ "decision", FS_ENUM, FS_REQUIRED, offsetof(struct decision_in,
	    decision), 0, 0, 0, 0, EN_DECISION, NULL, NULL, 0, 0, 0 },
	{ "approved_costs", FS_MONEY, 0, offsetof(struct decision_in,
	    approved_costs), 0, 0, 0, 1000000000000LL, 0, NULL, NULL, 0, 0,
	    0 },
	{ "note", FS_TEXT, 0, offsetof(struct decision_in, note), 0, 1000, 0,
	    0, 0, NULL, NULL, 0, 0, 0 },
};

const struct bodyspec subsidy_decision_spec = {
	decision_fields, sizeof(decision_fields) / sizeof(decision_fields[0]),
	sizeof(struct decision_in), NULL
};

struct payment_in {
	const char	*payment_ref;
};

static const struct fspec payment_fields[] = {
	{ "payment_ref", FS_STR, FS_REQUIRED, offsetof(struct payment_in,
	    payment_ref), 0, 100, 0, 0, 0, NULL, NULL, 0, 0, 0 },
};

const struct bodyspec subsidy_payment_spec = {
	payment_fields, sizeof(payment_fields) / sizeof(payment_fields[0]),
	sizeof(struct payment_in), NULL
};

/* ---- answers ------------------------------------------------------------ */

static struct json_object *
money(int64_t fen)
{
	char buf[32];

	return json_object_new_string(num_fen_format(fen, buf, sizeof(buf)));
}

static int
year_of(const struct ctx *ctx)
{
	int y, m, d;

	ymd_from_day(ctx->today, &y, &m, &d);
	return y;
}

/* {year, cap, granted, remaining} of the enterprise this year. */
static struct json_object *
allowance_json(struct ctx *ctx, const char *uscc, int *rc)
{
	struct json_object	*o;
	struct dbrow		 row;
	int64_t			 granted = 0, cap = ctx->ref->aid.subsidy_cap;
	int			 y = year_of(ctx);

	*rc = db_one(ctx->db, SQL_ALLOWANCE_GET, DBARGS(dbstr(uscc), dbint(y)),
	    &row);
	if (*rc < 0)
		return NULL;
	if (*rc == 1)
		granted = row.c[0].i;
	*rc = DB_OK;
	o = json_object_new_object();
	json_object_object_add(o, "year", json_object_new_int(y));
	json_object_object_add(o, "rate_percent", json_object_new_double(
	    (double)ctx->ref->aid.subsidy_rate_bp / 100.0));
	json_object_object_add(o, "cap", money(cap));
	json_object_object_add(o, "granted", money(granted));
	json_object_object_add(o, "remaining", money(granted < cap ?
	    cap - granted : 0));
	return o;
}

static struct json_object *
claims_json(struct ctx *ctx, const struct aid *a, int *rc)
{
	struct json_object	*arr = json_object_new_array();
	struct dbrow		 row;
	int64_t			 ms;
	char			 t[40];

	if ((*rc = db_query(ctx->db, SQL_SUBSIDIES_OF, DBARGS(dbint(a->id)))) !=
	    DB_OK) {
		json_object_put(arr);
		return NULL;
	}
	while ((*rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object *c = json_object_new_object();

		json_object_object_add(c, "id", json_object_new_int64(row.c[0].i));
		json_object_object_add(c, "status",
		    json_object_new_string(row.c[1].s));
		json_object_object_add(c, "claimed", money(row.c[2].i));
		json_object_object_add(c, "items", json_tokener_parse(row.c[3].s));
		if (time_from_sql(row.c[4].s, &ms) == 0)
			json_object_object_add(c, "submitted_at",
			    json_object_new_string(time_iso(ms, t, sizeof(t))));
		json_object_object_add(c, "approved_costs", row.c[5].null ?
		    NULL : money(row.c[5].i));
		json_object_object_add(c, "grant", row.c[6].null ? NULL :
		    money(row.c[6].i));
		json_object_object_add(c, "grant_year", row.c[7].null ? NULL :
		    json_object_new_int64(row.c[7].i));
		json_object_object_add(c, "decision_note", row.c[9].null ? NULL :
		    json_object_new_string(row.c[9].s));
		json_object_object_add(c, "payment_ref", row.c[11].null ? NULL :
		    json_object_new_string(row.c[11].s));
		json_object_array_add(arr, c);
	}
	db_end(ctx->db);
	if (*rc < 0) {
		json_object_put(arr);
		return NULL;
	}
	*rc = DB_OK;
	return arr;
}

static enum err
answer(struct ctx *ctx, const struct aid *a, struct resp *resp, int status)
{
	struct json_object	*o = json_object_new_object(), *c, *al;
	int			 rc;

	if ((c = claims_json(ctx, a, &rc)) == NULL ||
	    (al = allowance_json(ctx, a->e_uscc, &rc)) == NULL) {
		json_object_put(c);
		json_object_put(o);
		return err_from_db(rc);
	}
	json_object_object_add(o, "no", json_object_new_string(a->no));
	json_object_object_add(o, "claims", c);
	json_object_object_add(o, "allowance", al);
	return resp_json(resp, status, o);
}

/* ---- routes --------------------------------------------------------------- */

/* GET /api/v1/overseas-aid/{no}/subsidy-claims. */
enum err
h_subsidy_list(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct aid	 a;
	enum err	 e;

	if ((e = aid_open(ctx, req, resp, &a)) != ERR_OK)
		return e;
	return answer(ctx, &a, resp, 200);
}

/* The items as stored: [{"item":..., "amount":"12.34"}, ...]. */
static const char *
items_text(struct ctx *ctx, const struct claim_in *in, int64_t *total)
{
	struct json_object	*arr = json_object_new_array();
	const char		*s;
	size_t			 i;

	*total = 0;
	for (i = 0; i < in->nitems; i++) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "item",
		    json_object_new_string(in->items[i].item));
		json_object_object_add(o, "amount",
		    money(in->items[i].amount.v));
		json_object_array_add(arr, o);
		*total += in->items[i].amount.v;
	}
	s = jtext(ctx->pool, arr);
	json_object_put(arr);
	return s;
}

/* POST /api/v1/overseas-aid/{no}/subsidy-claims: the enterprise (access
 * code) or the office, once the aid has concluded. */
enum err
h_subsidy_claim(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct aid	 a;
	char		 now[32];
	const char	*items;
	int64_t		 total;
	enum err	 e;
	int		 rc;

	if (ctx->who.kind == P_STAFF && !auth_has(ctx, ROLE_AID_OFFICE))
		return ERR_FORBIDDEN;
	if ((e = aid_open(ctx, req, resp, &a)) != ERR_OK)
		return e;
	if (a.status != AS_CONCLUDED && a.status != AS_CLOSED) {
		resp->detail = L(ctx, "援助结束后才能申请费用资助。",
		    "Subsidies are claimed once the aid has concluded.");
		return ERR_CONFLICT;
	}
	items = items_text(ctx, input, &total);
	time_sql(ctx->now, now, sizeof(now));
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((rc = db_exec(ctx->db, SQL_AID_LOCK, DBARGS(dbint(a.id)))) !=
	    DB_OK || (rc = db_exec(ctx->db, SQL_SUBSIDY_INSERT, DBARGS(
	    dbint(a.id), dbstr(a.e_uscc), dbint(total), dbstr(items),
	    dbstr(now)))) != DB_OK || (rc = aid_event(ctx, &a,
	    "subsidy_claimed", NULL, NULL, true, pool_printf(ctx->pool,
	    "{\"claim\":%lld,\"claimed_fen\":%lld}",
	    (long long)db_insert_id(ctx->db), (long long)total))) != DB_OK ||
	    (rc = db_commit(ctx->db)) != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	return answer(ctx, &a, resp, 201);
}

/* Locks the claim {id} of the request; its status and claimed amount. */
static enum err
lock_claim(struct ctx *ctx, struct req *req, const struct aid *a,
    int64_t *id, int *status, int64_t *claimed)
{
	struct dbrow	 row;
	int		 rc;

	if (num_i64z(req->params[1], 1, INT64_MAX - 1, id) == -1)
		return ERR_NOT_FOUND;
	rc = db_one(ctx->db, SQL_SUBSIDY_LOCK, DBARGS(dbint(*id), dbint(a->id)),
	    &row);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0)
		return ERR_NOT_FOUND;
	*status = enum_find(EN_SUBSIDY_STATUS, row.c[0].s, row.c[0].len);
	*claimed = row.c[1].i;
	return ERR_OK;
}

static enum err
decide(struct ctx *ctx, struct req *req, struct resp *resp,
    const struct aid *a, const struct decision_in *in)
{
	struct dbrow	 row;
	char		 now[32];
	int64_t		 id, claimed, costs, granted, grant = 0;
	int		 status, y = year_of(ctx), rc;
	enum err	 e;

	if ((e = lock_claim(ctx, req, a, &id, &status, &claimed)) != ERR_OK)
		return e;
	if (status != SUB_SUBMITTED) {
		resp->detail = L(ctx, "该申请已处理。",
		    "The claim was already decided.");
		return ERR_CONFLICT;
	}
	costs = in->approved_costs.set ? in->approved_costs.v : claimed;
	if (costs > claimed) {
		verr_add(resp->errs, "approved_costs", "out_of_range", 0);
		return ERR_VALIDATION;
	}
	time_sql(ctx->now, now, sizeof(now));
	if (in->decision == 0) {
		if ((rc = db_exec(ctx->db, SQL_ALLOWANCE_ENSURE, DBARGS(
		    dbstr(a->e_uscc), dbint(y)))) != DB_OK ||
		    (rc = db_one(ctx->db, SQL_ALLOWANCE_LOCK, DBARGS(
		    dbstr(a->e_uscc), dbint(y)), &row)) != 1)
			return err_from_db(rc == 0 ? DB_ERR : rc);
		granted = row.c[0].i;
		grant = subsidy_grant(ctx->ref->aid.subsidy_rate_bp,
		    ctx->ref->aid.subsidy_cap, granted, costs);
		if ((rc = db_exec(ctx->db, SQL_ALLOWANCE_ADD, DBARGS(dbint(grant),
		    dbstr(a->e_uscc), dbint(y)))) != DB_OK)
			return err_from_db(rc);
	}
	rc = db_exec(ctx->db, SQL_SUBSIDY_DECIDE, DBARGS(dbstr(in->decision == 0 ?
	    "approved" : "rejected"), in->decision == 0 ? dbint(costs) :
	    dbnull(), in->decision == 0 ? dbint(grant) : dbnull(),
	    in->decision == 0 ? dbint(y) : dbnull(), dbstr(now),
	    dbstr(in->note), dbint(id)));
	if (rc != DB_OK || (rc = aid_event(ctx, a, in->decision == 0 ?
	    "subsidy_approved" : "subsidy_rejected", NULL, NULL, true,
	    pool_printf(ctx->pool, "{\"claim\":%lld,\"grant_fen\":%lld}",
	    (long long)id, (long long)grant))) != DB_OK)
		return err_from_db(rc);
	return ERR_OK;
}

/* POST /api/v1/overseas-aid/{no}/subsidy-claims/{id}/decision. */
enum err
h_subsidy_decide(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct aid	 a;
	enum err	 e;
	int		 rc;

	if ((e = aid_open(ctx, req, resp, &a)) != ERR_OK)
		return e;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	/* The request's row serialises its event chain. */
	if ((rc = db_exec(ctx->db, SQL_AID_LOCK, DBARGS(dbint(a.id)))) !=
	    DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	if ((e = decide(ctx, req, resp, &a, input)) != ERR_OK) {
		db_rollback(ctx->db);
		return e;
	}
	if ((rc = db_commit(ctx->db)) != DB_OK)
		return err_from_db(rc);
	return answer(ctx, &a, resp, 200);
}

/* POST /api/v1/overseas-aid/{no}/subsidy-claims/{id}/payment. */
enum err
h_subsidy_pay(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct payment_in	*in = input;
	struct aid		 a;
	char			 now[32];
	int64_t			 id, claimed;
	int			 status, rc;
	enum err		 e;

	if ((e = aid_open(ctx, req, resp, &a)) != ERR_OK)
		return e;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((rc = db_exec(ctx->db, SQL_AID_LOCK, DBARGS(dbint(a.id)))) !=
	    DB_OK) {
		e = err_from_db(rc);
		goto fail;
	}
	if ((e = lock_claim(ctx, req, &a, &id, &status, &claimed)) != ERR_OK)
		goto fail;
	if (status != SUB_APPROVED) {
		resp->detail = L(ctx, "只有已核准的资助才能登记拨付。",
		    "Only an approved claim can be paid.");
		e = ERR_CONFLICT;
		goto fail;
	}
	time_sql(ctx->now, now, sizeof(now));
	if ((rc = db_exec(ctx->db, SQL_SUBSIDY_PAY, DBARGS(dbstr(now),
	    dbstr(in->payment_ref), dbint(id)))) != DB_OK ||
	    (rc = aid_event(ctx, &a, "subsidy_paid", NULL, NULL, true,
	    pool_printf(ctx->pool, "{\"claim\":%lld}", (long long)id))) !=
	    DB_OK) {
		e = err_from_db(rc);
		goto fail;
	}
	if ((rc = db_commit(ctx->db)) != DB_OK)
		return err_from_db(rc);
	return answer(ctx, &a, resp, 200);
fail:
	db_rollback(ctx->db);
	return e;
}
