/*
 * credit.c -- credit officers' records (SPEC section 4): create, correct,
 * revoke and repair administrative-penalty and spot-check records; read
 * them and list them.  Every change writes its outbox row in the same
 * transaction (credit_enqueue), so nothing acknowledged here can miss the
 * platform; ipdesk-sync does the sending.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "credit.h"
#include "crypto.h"
#include "db.h"
#include "handlers.h"
#include "jsonout.h"
#include "log.h"
#include "num.h"
#include "pool.h"
#include "query.h"
#include "rowval.h"
#include "timeutil.h"
#include "workdays.h"

#define CONTENT_MAX (256u * 1024)
#define SJBM_RANDOM 10

/* ---- reading the request ----------------------------------------------------- */

static int
param_id(const struct req *req, int64_t *id)
{
	return num_i64z(req->params[0], 1, INT64_MAX / 2, id);
}

/* The field naming the decision (or task) of a record of kind. */
static const char *
doc_field(enum credit_kind kind)
{
	return kind == CK_PENALTY ? "cf_wsh" : "jc_rwbh";
}

static const char *
case_no_of(enum credit_kind kind, const void *in)
{
	return kind == CK_PENALTY ? ((const struct penalty_in *)in)->case_no :
	    ((const struct inspection_in *)in)->case_no;
}

static const char *
reason_of(enum credit_kind kind, const void *in)
{
	return kind == CK_PENALTY ? ((const struct penalty_in *)in)->reason :
	    ((const struct inspection_in *)in)->reason;
}

/* A new permanent identifier: PREFIX-P|I-YYYYMMDD-random. */
static const char *
new_sjbm(struct ctx *ctx, enum credit_kind kind)
{
	char	 rnd[SJBM_RANDOM + 1];
	int	 y, m, d;

	if (crypto_random_text("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", SJBM_RANDOM,
	    rnd, sizeof(rnd)) == -1)
		return NULL;
	ymd_from_day(ctx->today, &y, &m, &d);
	return pool_printf(ctx->pool, "%s-%c-%04d%02d%02d-%s",
	    ctx->cfg->credit_sjbm_prefix, kind == CK_PENALTY ? 'P' : 'I', y, m,
	    d, rnd);
}

/* ---- the record from checked input ------------------------------------------- */

/*
 * Fills the content and the facts of r from input: the canonical content
 * and its hash, the party, the dates the office's rules give.  Returns
 * ERR_OK, or ERR_TOO_LARGE when memory is short.
 */
static enum err
apply_input(struct ctx *ctx, struct credit_record *r, enum credit_kind kind,
    const void *in)
{
	const struct credit_rule	*cr = &ctx->ref->credit;
	struct credit_facts		 f;
	struct buf			 b;
	char				*sha;

	buf_init(&b, CONTENT_MAX);
	if (credit_content(kind, in, &b) == -1 ||
	    (r->content = pool_strdup(ctx->pool, buf_str(&b))) == NULL ||
	    (sha = pool_alloc(ctx->pool, 65)) == NULL) {
		buf_free(&b);
		return ERR_TOO_LARGE;
	}
	r->content_sha256 = crypto_sha256_hex(b.p, b.len, sha);
	buf_free(&b);
	credit_facts(ctx->pool, kind, in, cr->small_fine_person,
	    cr->small_fine_org, &f);
	r->kind = kind;
	r->party = f.party;
	r->party_name = f.party_name;
	r->party_uscc = f.party_uscc;
	r->business_key = f.business_key;
	r->doc_no = f.doc_no;
	r->decided = f.decided;
	r->categories = f.categories;
	r->serious = f.serious;
	r->published = f.published;
	if (kind == CK_PENALTY) {
		const struct penalty_in *p = in;

		/* Absent flags keep their value (a new record: not
		 * intentional, an IP infringement). */
		if (p->intentional >= 0)
			r->intentional = p->intentional == 1;
		if (p->ip_infringement >= 0)
			r->ip_infringement = p->ip_infringement == 1;
		/* The office's own lists: 3 months or 3 years (settings). */
		r->office_until = f.published ? credit_add_months(f.decided,
		    (int)(f.short_publicity ? cr->short_months :
		    cr->long_months)) : 0;
		/* The platform's minimum publicity before a repair; what the
		 * platform reports back takes precedence. */
		r->repair_from = credit_add_months(f.decided, (int)(f.serious ?
		    cr->min_serious_months : cr->min_general_months));
	} else {
		r->intentional = r->ip_infringement = false;
		r->office_until = r->repair_from = 0;
	}
	return ERR_OK;
}

/* The case a record is linked to, by its number (0: none given). */
static enum err
linked_case(struct ctx *ctx, const char *no, struct resp *resp, int64_t *id)
{
	struct dbrow	 row;
	int		 rc;

	*id = 0;
	if (no == NULL)
		return ERR_OK;
	rc = db_one(ctx->db, SQL_COMPLAINT_ID_BY_NO, DBARGS(dbstr(no)), &row);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0) {
		verr_add(resp->errs, "case_no", "unknown_case", 0);
		return ERR_VALIDATION;
	}
	*id = row.c[0].i;
	return ERR_OK;
}

/* The platform refuses a second live record of one decision (or task)
 * for one party (E_WSH_DUPLICATE / E_TASK_DUPLICATE): so does the
 * office, naming the record that holds it. */
static enum err
unique_business_key(struct ctx *ctx, const struct credit_record *r,
    struct resp *resp)
{
	struct dbrow	 row;
	int		 rc;

	if (r->business_key == NULL)
		return ERR_OK;
	rc = db_one(ctx->db, SQL_CREDIT_BKEY, DBARGS(
	    dbstr(credit_kind_code(r->kind)), dbstr(r->business_key),
	    dbint(r->id)), &row);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0)
		return ERR_OK;
	verr_add(resp->errs, doc_field(r->kind), r->kind == CK_PENALTY ?
	    "duplicate_decision" : "duplicate_task", 0);
	resp->detail = pool_printf(ctx->pool, L(ctx,
	    "该当事人的同一决定已登记为 %s。",
	    "The same decision for this party is recorded as %s."),
	    row.c[0].s);
	return ERR_VALIDATION;
}

/* Answers the staff view of record id. */
static enum err
answer(struct ctx *ctx, struct resp *resp, int64_t id, enum credit_kind kind,
    int status)
{
	struct credit_record	 r;
	struct json_object	*o;
	int			 rc;

	if ((rc = credit_load(ctx, id, kind, &r)) != 1)
		return rc == 0 ? ERR_NOT_FOUND : err_from_db(rc);
	if ((o = credit_json(ctx, &r, true, &rc)) == NULL)
		return err_from_db(rc);
	return resp_json(resp, status, o);
}

/* ---- create -------------------------------------------------------------------- */

static enum err
create(struct ctx *ctx, struct resp *resp, enum credit_kind kind,
    const void *in)
{
	struct credit_record	 r;
	enum err		 e;
	int			 rc;

	memset(&r, 0, sizeof(r));
	r.ip_infringement = kind == CK_PENALTY;
	if ((e = apply_input(ctx, &r, kind, in)) != ERR_OK ||
	    (e = linked_case(ctx, case_no_of(kind, in), resp,
	    &r.complaint_id)) != ERR_OK ||
	    (e = unique_business_key(ctx, &r, resp)) != ERR_OK)
		return e;
	if ((r.sjbm = new_sjbm(ctx, kind)) == NULL)
		return ERR_INTERNAL;
	r.state = CS_ACTIVE;
	r.version = 1;
	if (r.published)
		r.push_due = ref_due(ctx->ref, LIM_CREDIT_PUSH, r.decided);
	r.delivery = r.published ? CD_PENDING : CD_NOT_PUBLISHED;
	r.created_by = ctx->who.user_id;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	rc = db_exec(ctx->db, SQL_CREDIT_INSERT, DBARGS(
	    dbstr(credit_kind_code(kind)), dbstr(r.sjbm), dbint(r.published),
	    v_id(r.complaint_id), dbstr(r.content), dbstr(r.content_sha256),
	    dbstr(r.party_name), dbstr(credit_party_code(r.party)),
	    dbstr(r.party_uscc), dbstr(r.business_key != NULL ?
	    r.business_key : ""), dbstr(r.doc_no),
	    v_day(ctx->pool, r.decided), dbstr(r.categories),
	    dbint(r.serious), dbint(r.ip_infringement), dbint(r.intentional),
	    v_day(ctx->pool, r.office_until), v_day(ctx->pool, r.repair_from),
	    v_day(ctx->pool, r.push_due.day), dbint(r.push_due.provisional),
	    dbstr(credit_delivery_code(r.delivery)), dbint(r.created_by),
	    v_ms(ctx->pool, ctx->now), v_ms(ctx->pool, ctx->now)));
	if (rc == DB_OK) {
		r.id = db_insert_id(ctx->db);
		if (r.published)
			rc = credit_enqueue(ctx, &r, CO_CREATE, NULL);
	}
	if (rc == DB_OK)
		rc = credit_event(ctx, &r, "created", NULL, "active",
		    pool_printf(ctx->pool, "{\"sjbm\":\"%s\",\"version\":1,"
		    "\"published\":%s}", r.sjbm, r.published ? "true" :
		    "false"));
	if (rc != DB_OK || (rc = db_commit(ctx->db)) != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	log_info(ctx->rid, "credit %s %s created (%s)", credit_kind_code(kind),
	    r.sjbm, r.published ? "queued for the platform" :
	    "not published");
	snprintf(resp->location, sizeof(resp->location),
	    "/api/v1/credit/%s/%lld", kind == CK_PENALTY ? "penalties" :
	    "inspections", (long long)r.id);
	return answer(ctx, resp, r.id, kind, 201);
}

enum err
h_penalty_create(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return create(ctx, resp, CK_PENALTY, input);
}

enum err
h_inspection_create(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return create(ctx, resp, CK_INSPECTION, input);
}

/* ---- changes ------------------------------------------------------------------------ */

/* Locks record id (of kind) inside a new transaction. */
static enum err
begin_change(struct ctx *ctx, const struct req *req, enum credit_kind kind,
    struct credit_record *r)
{
	int64_t	 id;
	int	 rc;

	if (param_id(req, &id) == -1)
		return ERR_NOT_FOUND;
	if ((rc = db_begin(ctx->db)) != DB_OK)
		return err_from_db(rc);
	if ((rc = credit_lock(ctx, id, r)) != 1 || r->kind != kind) {
		db_rollback(ctx->db);
		return rc < 0 ? err_from_db(rc) : ERR_NOT_FOUND;
	}
	return ERR_OK;
}

/* Saves r with its event and commits; answers the record. */
static enum err
end_change(struct ctx *ctx, struct resp *resp, struct credit_record *r,
    const char *action, const char *from, const char *detail)
{
	int rc;

	if ((rc = credit_save(ctx, r)) != DB_OK ||
	    (rc = credit_event(ctx, r, action, from,
	    credit_state_code(r->state), detail)) != DB_OK ||
	    (rc = db_commit(ctx->db)) != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	log_info(ctx->rid, "credit %s %s: %s", credit_kind_code(r->kind),
	    r->sjbm, action);
	return answer(ctx, resp, r->id, r->kind, 200);
}

static enum err
conflict(struct ctx *ctx, struct resp *resp, const char *zh, const char *en)
{
	db_rollback(ctx->db);
	resp->detail = L(ctx, zh, en);
	return ERR_CONFLICT;
}

/* A JSON object {"reason": reason, ...} for an event's detail. */
static const char *
reason_detail(struct ctx *ctx, const char *reason, int version)
{
	struct json_object	*o = json_object_new_object();
	const char		*s;

	json_object_object_add(o, "reason", json_object_new_string(reason));
	if (version > 0)
		json_object_object_add(o, "version",
		    json_object_new_int(version));
	s = jtext(ctx->pool, o);
	json_object_put(o);
	return s;
}

/*
 * A correction (更正): the complete new content with a reason.  The
 * platform gets an update, or the create it never got; the same content
 * again changes nothing (a retried correction).
 */
static enum err
correct(struct ctx *ctx, struct req *req, struct resp *resp,
    enum credit_kind kind, const void *in)
{
	struct credit_record	 r, n;
	bool			 done, waiting;
	enum err		 e;
	int			 rc;

	if ((e = begin_change(ctx, req, kind, &r)) != ERR_OK)
		return e;
	if (r.state != CS_ACTIVE)
		return conflict(ctx, resp, "已撤销或已修复的记录不能更正。",
		    "A revoked or repaired record cannot be corrected.");
	n = r;
	if ((e = apply_input(ctx, &n, kind, in)) != ERR_OK ||
	    (case_no_of(kind, in) != NULL && (e = linked_case(ctx,
	    case_no_of(kind, in), resp, &n.complaint_id)) != ERR_OK) ||
	    (e = unique_business_key(ctx, &n, resp)) != ERR_OK) {
		db_rollback(ctx->db);
		return e;
	}
	if (strcmp(n.content, r.content) == 0 && n.complaint_id ==
	    r.complaint_id && n.intentional == r.intentional &&
	    n.ip_infringement == r.ip_infringement) {
		db_rollback(ctx->db);
		return answer(ctx, resp, r.id, kind, 200);
	}
	if (r.published && !n.published) {
		db_rollback(ctx->db);
		verr_add(resp->errs, "cf_cflb", "cannot_unpublish", 0);
		return ERR_VALIDATION;
	}
	/* The version counts the platform's content; the office's own
	 * flags (intentional, IP infringement, the case) do not change it. */
	n.version = strcmp(n.content, r.content) != 0 ? r.version + 1 :
	    r.version;
	n.push_due = r.push_due;
	if (!r.published && n.published)
		n.push_due = ref_due(ctx->ref, LIM_CREDIT_PUSH, n.decided);
	rc = DB_OK;
	if (strcmp(n.content, r.content) != 0 && n.published) {
		/* The platform has the record, or a create of it is still
		 * on its way: correct it; else the create is still owed. */
		if ((rc = credit_upstream(ctx, &r, &done, &waiting)) == DB_OK)
			rc = credit_enqueue(ctx, &n, done || waiting ?
			    CO_UPDATE : CO_CREATE, reason_of(kind, in));
		n.errors = NULL;
	}
	if (rc != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	return end_change(ctx, resp, &n, "corrected", "active",
	    reason_detail(ctx, reason_of(kind, in), n.version));
}

enum err
h_penalty_correct(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return correct(ctx, req, resp, CK_PENALTY, input);
}

enum err
h_inspection_correct(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return correct(ctx, req, resp, CK_INSPECTION, input);
}

static const struct fspec reason_fields[] = {
	{ "reason", FS_TEXT, FS_REQUIRED, offsetof(struct reason_in, reason),
	    1, 500, 0, 0, 0, NULL, NULL, 0, 0, 0 },
};

const struct bodyspec credit_reason_spec = {
	reason_fields, sizeof(reason_fields) / sizeof(reason_fields[0]),
	sizeof(struct reason_in), NULL
};

/* A revocation (撤销): the record leaves publication; the platform is
 * told within the withdrawal limit if it has (or will have) the record. */
static enum err
revoke(struct ctx *ctx, struct req *req, struct resp *resp,
    enum credit_kind kind, const struct reason_in *in)
{
	struct credit_record	 r;
	const char		*from;
	bool			 done, waiting;
	enum err		 e;
	int			 rc = DB_OK;

	if ((e = begin_change(ctx, req, kind, &r)) != ERR_OK)
		return e;
	if (r.state == CS_REVOKED)
		return conflict(ctx, resp, "该记录已撤销。",
		    "The record is revoked already.");
	from = credit_state_code(r.state);
	r.state = CS_REVOKED;
	r.revoked_at = ctx->now;
	if (r.published && (rc = credit_upstream(ctx, &r, &done,
	    &waiting)) == DB_OK && (done || waiting)) {
		r.withdraw_due = ref_due(ctx->ref, LIM_CREDIT_WITHDRAW,
		    ctx->today);
		rc = credit_enqueue(ctx, &r, CO_REVOKE, in->reason);
	}
	if (rc != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	return end_change(ctx, resp, &r, "revoked", from,
	    reason_detail(ctx, in->reason, 0));
}

enum err
h_penalty_revoke(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return revoke(ctx, req, resp, CK_PENALTY, input);
}

enum err
h_inspection_revoke(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return revoke(ctx, req, resp, CK_INSPECTION, input);
}

/* Whether the party had a repair within the configured gap (SPEC: at
 * most once a year). */
static int
repaired_lately(struct ctx *ctx, const struct credit_record *r, bool *yes)
{
	struct dbrow	 row;
	int64_t		 last;
	int		 rc;

	*yes = false;
	if (r->party_uscc == NULL)
		return DB_OK;
	rc = db_one(ctx->db, SQL_CREDIT_LAST_REPAIR, DBARGS(
	    dbstr(r->party_uscc), dbint(r->id)), &row);
	if (rc < 0)
		return rc;
	if (rc == 1 && !row.c[0].null && time_from_sql(row.c[0].s, &last) ==
	    0)
		*yes = credit_add_months(time_day_cst(last),
		    (int)ctx->ref->credit.repair_gap_months) > ctx->today;
	return DB_OK;
}

/* Credit repair (信用修复): ends the publicity of a penalty early, after
 * the minimum period, at most once a year per party. */
enum err
h_penalty_repair(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	const struct reason_in	*in = input;
	struct credit_record	 r;
	int32_t			 from;
	bool			 lately;
	char			 day[16];
	enum err		 e;
	int			 rc;

	if ((e = begin_change(ctx, req, CK_PENALTY, &r)) != ERR_OK)
		return e;
	if (r.state != CS_ACTIVE || !r.published)
		return conflict(ctx, resp, "只有公示中的处罚记录可以信用修复。",
		    "Only a published, active penalty can be repaired.");
	from = r.up_repair_from != 0 ? r.up_repair_from : r.repair_from;
	if (ctx->today < from) {
		db_rollback(ctx->db);
		resp->detail = pool_printf(ctx->pool, L(ctx,
		    "最短公示期未满，%s 起方可申请信用修复。",
		    "The minimum publicity runs until %s: repair is possible "
		    "from then."), day_format(from, day, sizeof(day)));
		return ERR_CONFLICT;
	}
	if ((rc = repaired_lately(ctx, &r, &lately)) != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	if (lately)
		return conflict(ctx, resp, "该主体一年内已进行过信用修复。",
		    "The party had a credit repair within the last year.");
	r.state = CS_REPAIRED;
	r.repaired_at = ctx->now;
	if ((rc = credit_enqueue(ctx, &r, CO_REPAIR, in->reason)) != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	return end_change(ctx, resp, &r, "repaired", "active",
	    reason_detail(ctx, in->reason, 0));
}

/* ---- reading ------------------------------------------------------------------------- */

static enum err
get(struct ctx *ctx, struct req *req, struct resp *resp,
    enum credit_kind kind)
{
	struct credit_record	 r;
	struct json_object	*o;
	int64_t			 id;
	int			 rc;

	if (param_id(req, &id) == -1)
		return ERR_NOT_FOUND;
	if ((rc = credit_load(ctx, id, kind, &r)) != 1)
		return rc == 0 ? ERR_NOT_FOUND : err_from_db(rc);
	if ((rc = credit_log_pii(ctx, &r)) != DB_OK ||
	    (o = credit_json(ctx, &r, true, &rc)) == NULL)
		return err_from_db(rc);
	return resp_json(resp, 200, o);
}

enum err
h_penalty_get(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return get(ctx, req, resp, CK_PENALTY);
}

enum err
h_inspection_get(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return get(ctx, req, resp, CK_INSPECTION);
}

struct clist_in {
	const char	*state;
	const char	*delivery;
	const char	*uscc;
	const char	*case_no;
	const char	*q;
	struct opt_i64	 overdue;
	struct opt_i64	 limit;
	struct opt_i64	 cursor;
};

static const struct qspec clist_specs[] = {
	{ "state", QS_STR, offsetof(struct clist_in, state), 16, 0, 0, 0 },
	{ "delivery", QS_STR, offsetof(struct clist_in, delivery), 16, 0, 0,
	    0 },
	{ "uscc", QS_STR, offsetof(struct clist_in, uscc), 18, 0, 0, 0 },
	{ "case_no", QS_STR, offsetof(struct clist_in, case_no), 24, 0, 0, 0 },
	{ "q", QS_STR, offsetof(struct clist_in, q), 100, 0, 0, 0 },
	{ "overdue", QS_INT, offsetof(struct clist_in, overdue), 0, 0, 1, 0 },
	{ "limit", QS_INT, offsetof(struct clist_in, limit), 0, 1, 200, 0 },
	{ "cursor", QS_INT, offsetof(struct clist_in, cursor), 0, 1,
	    INT64_MAX - 1, 0 },
};

static enum err
list(struct ctx *ctx, struct req *req, struct resp *resp,
    enum credit_kind kind)
{
	struct clist_in		 in;
	struct dbval		 v[32], q;
	struct json_object	*items, *o;
	struct credit_record	 r;
	struct dbrow		 row;
	enum qs_result		 qr;
	int64_t			 limit, n = 0, last = 0;
	size_t			 k = 0;
	int			 rc;

	if (resp->errs == NULL &&
	    (resp->errs = pool_alloc(ctx->pool, sizeof(*resp->errs))) == NULL)
		return ERR_TOO_LARGE;
	qr = query_decode(ctx->pool, req->query, clist_specs,
	    sizeof(clist_specs) / sizeof(clist_specs[0]), &in, resp->errs);
	if (qr == QS_OK && in.state != NULL && credit_state_find(in.state) < 0)
		verr_add(resp->errs, "state", "invalid_value", 0);
	if (qr == QS_OK && in.delivery != NULL &&
	    credit_delivery_find(in.delivery) < 0)
		verr_add(resp->errs, "delivery", "invalid_value", 0);
	if (qr == QS_OK && resp->errs->n > 0)
		qr = QS_INVALID;
	if (qr != QS_OK)
		return qr == QS_MALFORMED ? ERR_BAD_REQUEST : qr == QS_NOMEM ?
		    ERR_TOO_LARGE : ERR_VALIDATION;
	limit = in.limit.set ? in.limit.v : 50;
	v[k++] = dbstr(credit_kind_code(kind));
	v_pair(v, &k, dbstr(in.state));
	v_pair(v, &k, dbstr(in.delivery));
	v_pair(v, &k, dbstr(in.uscc));
	v_pair(v, &k, dbstr(in.case_no));
	q = v_like(ctx->pool, in.q);
	v_pair(v, &k, q);
	v[k++] = q;
	v[k++] = in.overdue.set && in.overdue.v ? dbint(1) : dbnull();
	v[k++] = v_day(ctx->pool, ctx->today);
	v[k++] = v_day(ctx->pool, ctx->today);
	v_pair(v, &k, in.cursor.set ? dbint(in.cursor.v) : dbnull());
	v[k++] = dbint(limit);
	if ((rc = db_query(ctx->db, SQL_CREDIT_QUEUE, v, k)) != DB_OK)
		return err_from_db(rc);
	items = json_object_new_array();
	while ((rc = db_fetch(ctx->db, &row)) == 1) {
		credit_from_row(ctx, &row, &r);
		json_object_array_add(items, credit_summary_json(ctx, &r));
		last = r.id;
		n++;
	}
	db_end(ctx->db);
	if (rc < 0) {
		json_object_put(items);
		return err_from_db(rc);
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", items);
	json_object_object_add(o, "next_cursor", n == limit ?
	    json_object_new_int64(last) : NULL);
	return resp_json(resp, 200, o);
}

enum err
h_penalty_list(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return list(ctx, req, resp, CK_PENALTY);
}

enum err
h_inspection_list(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return list(ctx, req, resp, CK_INSPECTION);
}
