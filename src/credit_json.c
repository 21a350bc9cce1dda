/*
 * credit_json.c -- answers about credit records: the record with its
 * delivery to the platform, due dates, the outbox and the event chain.
 * ID numbers and the names of natural persons are masked for every role
 * but the credit officers'.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "complaint.h"
#include "credit.h"
#include "db.h"
#include "jsonout.h"
#include "mask.h"
#include "pool.h"
#include "rowval.h"
#include "timeutil.h"

bool
credit_may_see_pii(const struct ctx *ctx)
{
	return auth_has(ctx, ROLE_CREDIT);
}

int
credit_log_pii(struct ctx *ctx, const struct credit_record *r)
{
	int rc;

	if (!credit_may_see_pii(ctx) || !(r->party == CP_PERSON ||
	    strstr(r->content, "\"cf_fr_zjhm\"") != NULL))
		return DB_OK;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return rc;
	if ((rc = db_exec(ctx->db, SQL_CREDIT_LOCK, DBARGS(dbint(r->id)))) !=
	    DB_OK || (rc = credit_event(ctx, r, "personal_data_viewed", NULL,
	    NULL, NULL)) != DB_OK) {
		db_rollback(ctx->db);
		return rc;
	}
	return db_commit(ctx->db);
}

/* The record's fields; personal ones masked unless full. */
static struct json_object *
fields_json(const struct credit_record *r, bool full)
{
	static const char *const ids[] = { "cf_xdr_zjhm", "cf_fr_zjhm", NULL };
	struct json_object	*o = json_tokener_parse(r->content), *v;
	char			 m[256];
	size_t			 i;

	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return json_object_new_object();
	}
	if (full)
		return o;
	for (i = 0; ids[i] != NULL; i++)
		if (json_object_object_get_ex(o, ids[i], &v))
			json_object_object_add(o, ids[i], json_object_new_string(
			    mask_idnumber(json_object_get_string(v), m,
			    sizeof(m))));
	if (r->party == CP_PERSON &&
	    json_object_object_get_ex(o, "cf_xdr_mc", &v))
		json_object_object_add(o, "cf_xdr_mc", json_object_new_string(
		    mask_name(json_object_get_string(v), m, sizeof(m))));
	return o;
}

static struct json_object *
party_json(const struct credit_record *r, bool full)
{
	struct json_object	*o = json_object_new_object();
	char			 m[256];

	jput(o, "name", jstr(full || r->party != CP_PERSON ? r->party_name :
	    mask_name(r->party_name, m, sizeof(m))));
	jput(o, "kind", jstr(credit_party_code(r->party)));
	jput(o, "uscc", jstr(r->party_uscc));
	return o;
}

static struct json_object *
delivery_json(struct ctx *ctx, const struct credit_record *r)
{
	struct json_object *o = json_object_new_object();

	jput(o, "status", jstr(credit_delivery_code(r->delivery)));
	jput(o, "delivered_at", jtime(r->delivered_at));
	jput(o, "errors", r->errors != NULL ? json_tokener_parse(r->errors) :
	    json_object_new_array());
	if (r->published && r->push_due.day != 0)
		jput(o, "push_due", due_json(ctx, &r->push_due,
		    r->delivered_at ? time_day_cst(r->delivered_at) : 0,
		    r->state == CS_REVOKED && r->delivered_at == 0));
	if (r->withdraw_due.day != 0)
		jput(o, "withdraw_due", due_json(ctx, &r->withdraw_due,
		    r->delivery == CD_DELIVERED ? time_day_cst(r->updated_at) :
		    0, false));
	return o;
}

/* The publicity: the office's own period, the repair date (the
 * platform's once read back, else the office's reckoning). */
static struct json_object *
publicity_json(const struct credit_record *r)
{
	struct json_object *o = json_object_new_object();

	jput(o, "office_until", jday(r->office_until));
	jput(o, "severity", r->kind == CK_PENALTY ? jstr(r->serious ?
	    "serious" : "general") : NULL);
	jput(o, "repair_allowed_from", jday(r->up_repair_from != 0 ?
	    r->up_repair_from : r->repair_from));
	jput(o, "repair_date_source", r->kind != CK_PENALTY ? NULL :
	    jstr(r->up_repair_from != 0 ? "platform" : "office"));
	jput(o, "platform_until", jday(r->up_until));
	return o;
}

static struct json_object *
upstream_json(const struct credit_record *r)
{
	struct json_object *o;

	if (r->up_state == NULL && r->up_version == 0)
		return NULL;
	o = json_object_new_object();
	jput(o, "state", jstr(r->up_state));
	jput(o, "version", r->up_version > 0 ?
	    json_object_new_int64(r->up_version) : NULL);
	jput(o, "content_sha256", jstr(r->up_sha256));
	jput(o, "content_matches", r->up_sha256 == NULL ? NULL :
	    json_object_new_boolean(strcmp(r->up_sha256,
	    r->content_sha256) == 0));
	jput(o, "checked_at", jtime(r->up_checked_at));
	return o;
}

/* The operations of the record in the outbox, in order. */
static struct json_object *
outbox_json(struct ctx *ctx, const struct credit_record *r, int *rc)
{
	struct json_object	*a = json_object_new_array();
	struct dbrow		 row;

	if ((*rc = db_query(ctx->db, SQL_OUTBOX_OF, DBARGS(dbint(r->id)))) !=
	    DB_OK) {
		json_object_put(a);
		return NULL;
	}
	while ((*rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object *o = json_object_new_object();

		jput(o, "op", jstr(row.c[1].s));
		jput(o, "seq", json_object_new_int64(row.c[2].i));
		jput(o, "state", jstr(row.c[3].s));
		jput(o, "attempts", json_object_new_int64(row.c[4].i));
		jput(o, "next_attempt_at", !strcmp(row.c[3].s, "pending") ?
		    jtime(col_ms(&row, 5)) : NULL);
		jput(o, "result", row.c[6].null ? NULL : jstr(row.c[6].s));
		jput(o, "platform_version", row.c[7].null ? NULL :
		    json_object_new_int64(row.c[7].i));
		jput(o, "receipt_date", row.c[8].null ? NULL : jstr(row.c[8].s));
		jput(o, "request_id", row.c[9].null ? NULL : jstr(row.c[9].s));
		jput(o, "errors", row.c[10].null ? NULL :
		    json_tokener_parse(row.c[10].s));
		jput(o, "last_error", row.c[11].null ? NULL :
		    jstr(row.c[11].s));
		jput(o, "created_at", jtime(col_ms(&row, 12)));
		jput(o, "sent_at", jtime(col_ms(&row, 13)));
		jput(o, "done_at", jtime(col_ms(&row, 14)));
		json_object_array_add(a, o);
	}
	db_end(ctx->db);
	if (*rc < 0) {
		json_object_put(a);
		return NULL;
	}
	*rc = DB_OK;
	return a;
}

/* What lists show of a record. */
static void
head(struct ctx *ctx, struct json_object *o, const struct credit_record *r)
{
	bool full = credit_may_see_pii(ctx);

	jput(o, "id", json_object_new_int64(r->id));
	jput(o, "kind", jstr(credit_kind_code(r->kind)));
	jput(o, "sjbm", jstr(r->sjbm));
	jput(o, "state", jstr(credit_state_code(r->state)));
	jput(o, "version", json_object_new_int(r->version));
	jput(o, "published", json_object_new_boolean(r->published));
	jput(o, "case_no", jstr(r->case_no));
	jput(o, "party", party_json(r, full));
	jput(o, "doc_no", jstr(r->doc_no));
	jput(o, "decided_on", jday(r->decided));
	jput(o, "categories", jstr(r->categories));
	if (r->kind == CK_PENALTY) {
		jput(o, "ip_infringement",
		    json_object_new_boolean(r->ip_infringement));
		jput(o, "intentional",
		    json_object_new_boolean(r->intentional));
	}
	jput(o, "delivery", delivery_json(ctx, r));
	jput(o, "updated_at", jtime(r->updated_at));
}

struct json_object *
credit_summary_json(struct ctx *ctx, const struct credit_record *r)
{
	struct json_object *o = json_object_new_object();

	head(ctx, o, r);
	return o;
}

struct json_object *
credit_json(struct ctx *ctx, const struct credit_record *r, bool detail,
    int *rc)
{
	struct json_object *o = json_object_new_object(), *t;

	head(ctx, o, r);
	jput(o, "record", fields_json(r, credit_may_see_pii(ctx)));
	jput(o, "content_sha256", jstr(r->content_sha256));
	jput(o, "publicity", publicity_json(r));
	jput(o, "platform", upstream_json(r));
	jput(o, "revoked_at", jtime(r->revoked_at));
	jput(o, "repaired_at", jtime(r->repaired_at));
	jput(o, "created_by", jstr(r->created_by_name));
	jput(o, "created_at", jtime(r->created_at));
	if (!detail)
		return o;
	if ((t = outbox_json(ctx, r, rc)) == NULL) {
		json_object_put(o);
		return NULL;
	}
	jput(o, "outbox", t);
	if ((t = audit_timeline_json(ctx, "credit", r->id, true, rc)) ==
	    NULL) {
		json_object_put(o);
		return NULL;
	}
	jput(o, "events", t);
	return o;
}
