/*
 * credit_lists.c -- what credit records add up to (SPEC section 4): the
 * public list of repeated and intentional infringers, the key-protection
 * whitelist (重点保护名录), and for operators the sync runs and the state
 * of the outbox.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "credit.h"
#include "db.h"
#include "handlers.h"
#include "ident.h"
#include "identity.h"
#include "jsonout.h"
#include "num.h"
#include "pool.h"
#include "query.h"
#include "rowval.h"
#include "timeutil.h"
#include "workdays.h"

/* A run whose heartbeat is older than this has died (SIGKILL, power). */
#define STALE_MS (5 * 60 * 1000)

static enum err
query_errors(struct ctx *ctx, struct resp *resp, enum qs_result qr)
{
	return qr == QS_MALFORMED ? ERR_BAD_REQUEST : qr == QS_NOMEM ?
	    ERR_TOO_LARGE : ERR_VALIDATION;
}

static bool
ensure_errs(struct ctx *ctx, struct resp *resp)
{
	if (resp->errs == NULL)
		resp->errs = pool_alloc(ctx->pool, sizeof(*resp->errs));
	return resp->errs != NULL;
}

/* ---- repeated and intentional infringers ------------------------------------ */

struct infr_in {
	const char *uscc;
};

static const struct qspec infr_specs[] = {
	{ "uscc", QS_STR, offsetof(struct infr_in, uscc), 18, 0, 0, 0 },
};

/* One party of the list being built. */
struct entry {
	struct json_object	*o, *penalties;
	int64_t			 in_window;
	bool			 intentional;
	int32_t			 until;
};

static void
close_entry(struct ctx *ctx, struct entry *e, struct json_object *list)
{
	struct json_object *reasons;

	if (e->o == NULL)
		return;
	reasons = json_object_new_array();
	if (e->in_window >= ctx->ref->credit.repeat_count)
		json_object_array_add(reasons,
		    json_object_new_string("repeated"));
	if (e->intentional)
		json_object_array_add(reasons,
		    json_object_new_string("intentional"));
	jput(e->o, "reasons", reasons);
	jput(e->o, "listed_until", jday(e->until));
	jput(e->o, "penalties", e->penalties);
	json_object_array_add(list, e->o);
	memset(e, 0, sizeof(*e));
}

/* The list; staff (why) see the records behind each entry. */
static enum err
infringers(struct ctx *ctx, struct req *req, struct resp *resp, bool why)
{
	const struct credit_rule	*cr = &ctx->ref->credit;
	struct infr_in			 in;
	struct json_object		*list, *o, *p;
	struct entry			 e;
	struct dbrow			 row;
	enum qs_result			 qr;
	int32_t				 from, day, until;
	const char			*uscc = NULL;
	int				 rc;

	if (!ensure_errs(ctx, resp))
		return ERR_TOO_LARGE;
	if ((qr = query_decode(ctx->pool, req->query, infr_specs,
	    sizeof(infr_specs) / sizeof(infr_specs[0]), &in, resp->errs)) !=
	    QS_OK)
		return query_errors(ctx, resp, qr);
	from = credit_add_months(ctx->today, -(int)cr->repeat_months);
	rc = db_query(ctx->db, SQL_INFRINGERS, DBARGS(
	    v_day(ctx->pool, ctx->today), v_day(ctx->pool, ctx->today),
	    v_day(ctx->pool, from), dbint(cr->repeat_count), dbstr(in.uscc),
	    dbstr(in.uscc)));
	if (rc != DB_OK)
		return err_from_db(rc);
	list = json_object_new_array();
	memset(&e, 0, sizeof(e));
	while ((rc = db_fetch(ctx->db, &row)) == 1) {
		if (uscc == NULL || strcmp(uscc, row.c[0].s) != 0) {
			close_entry(ctx, &e, list);
			uscc = pool_strdup(ctx->pool, row.c[0].s);
			e.o = json_object_new_object();
			e.penalties = json_object_new_array();
			jput(e.o, "uscc", jstr(row.c[0].s));
			jput(e.o, "name", jstr(row.c[1].s));
		}
		day = col_day(&row, 5);
		until = col_day(&row, 8);
		if (row.c[7].i && day >= from)
			e.in_window++;
		e.intentional |= row.c[6].i != 0;
		if (until > e.until)
			e.until = until;
		/* The latest name the party was penalised under. */
		jput(e.o, "name", jstr(row.c[1].s));
		p = json_object_new_object();
		if (why) {
			jput(p, "id", json_object_new_int64(row.c[2].i));
			jput(p, "sjbm", jstr(row.c[3].s));
			jput(p, "ip_infringement",
			    json_object_new_boolean(row.c[7].i != 0));
			jput(p, "intentional",
			    json_object_new_boolean(row.c[6].i != 0));
			jput(p, "in_window", json_object_new_boolean(
			    row.c[7].i && day >= from));
		}
		jput(p, "doc_no", jstr(row.c[4].s));
		jput(p, "decided_on", jday(day));
		jput(p, "categories", jstr(row.c[9].s));
		json_object_array_add(e.penalties, p);
	}
	db_end(ctx->db);
	close_entry(ctx, &e, list);
	if (rc < 0) {
		json_object_put(list);
		return err_from_db(rc);
	}
	o = json_object_new_object();
	jput(o, "entries", list);
	p = json_object_new_object();
	jput(p, "repeat_count", json_object_new_int64(cr->repeat_count));
	jput(p, "repeat_months", json_object_new_int64(cr->repeat_months));
	jput(p, "window_from", jday(from));
	jput(o, "rule", p);
	return resp_json(resp, 200, o);
}

/* GET /api/v1/public/infringers. */
enum err
h_public_infringers(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return infringers(ctx, req, resp, false);
}

/* GET /api/v1/credit/infringers. */
enum err
h_infringers(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return infringers(ctx, req, resp, true);
}

/* ---- the key-protection whitelist ---------------------------------------------- */

struct white_in {
	const char	*uscc;
	const char	*name;
	const char	*industry;
	const char	*reason;
};

static const struct fspec white_fields[] = {
	{ "uscc", FS_STR, FS_REQUIRED, offsetof(struct white_in, uscc), 0,
	    18, 0, 0, 0, fs_uscc, NULL, 0, 0, 0 },
	{ "name", FS_STR, FS_REQUIRED, offsetof(struct white_in, name), 0,
	    200, 0, 0, 0, NULL, NULL, 0, 0, 0 },
	{ "industry", FS_STR, FS_REQUIRED, offsetof(struct white_in, industry),
	    0, 64, 0, 0, 0, NULL, NULL, 0, 0, 0 },
	{ "reason", FS_TEXT, FS_REQUIRED, offsetof(struct white_in, reason), 0,
	    500, 0, 0, 0, NULL, NULL, 0, 0, 0 },
};

const struct bodyspec whitelist_spec = {
	white_fields, sizeof(white_fields) / sizeof(white_fields[0]),
	sizeof(struct white_in), NULL
};

static struct json_object *
white_json(const struct dbrow *row, bool staff)
{
	struct json_object *o = json_object_new_object();

	if (staff)
		jput(o, "id", json_object_new_int64(row->c[0].i));
	jput(o, "uscc", jstr(row->c[1].s));
	jput(o, "name", jstr(row->c[2].s));
	jput(o, "industry", jstr(row->c[3].s));
	jput(o, "listed_at", jtime(col_ms(row, 6)));
	if (staff) {
		jput(o, "reason", jstr(row->c[4].s));
		jput(o, "added_by", jstr(row->c[5].s));
		jput(o, "removed_at", jtime(col_ms(row, 7)));
		jput(o, "remove_reason", row->c[8].null ? NULL :
		    jstr(row->c[8].s));
	}
	return o;
}

struct wlist_in {
	struct opt_i64	 all;
	struct opt_i64	 limit;
};

/* The public may ask for a limit; staff also for removed entries. */
static const struct qspec wlist_specs[] = {
	{ "limit", QS_INT, offsetof(struct wlist_in, limit), 0, 1, 1000, 0 },
	{ "all", QS_INT, offsetof(struct wlist_in, all), 0, 0, 1, 0 },
};

static enum err
whitelist(struct ctx *ctx, struct req *req, struct resp *resp, bool staff)
{
	struct wlist_in		 in;
	struct json_object	*a, *o;
	struct dbrow		 row;
	enum qs_result		 qr;
	int			 rc;

	memset(&in, 0, sizeof(in));
	if (!ensure_errs(ctx, resp))
		return ERR_TOO_LARGE;
	if ((qr = query_decode(ctx->pool, req->query, wlist_specs,
	    staff ? 2 : 1, &in, resp->errs)) != QS_OK)
		return query_errors(ctx, resp, qr);
	rc = db_query(ctx->db, SQL_WHITELIST_LIST, DBARGS(
	    staff && in.all.set && in.all.v ? dbnull() : dbint(1), dbnull(),
	    dbnull(), dbint(in.limit.set ? in.limit.v : 1000)));
	if (rc != DB_OK)
		return err_from_db(rc);
	a = json_object_new_array();
	while ((rc = db_fetch(ctx->db, &row)) == 1)
		json_object_array_add(a, white_json(&row, staff));
	db_end(ctx->db);
	if (rc < 0) {
		json_object_put(a);
		return err_from_db(rc);
	}
	o = json_object_new_object();
	jput(o, "entries", a);
	return resp_json(resp, 200, o);
}

/* GET /api/v1/public/key-protection. */
enum err
h_public_whitelist(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return whitelist(ctx, req, resp, false);
}

/* GET /api/v1/credit/whitelist. */
enum err
h_whitelist_list(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return whitelist(ctx, req, resp, true);
}

static enum err
answer_white(struct ctx *ctx, struct resp *resp, int64_t id, int status)
{
	struct dbrow	 row;
	int		 rc;

	rc = db_one(ctx->db, SQL_WHITELIST_GET, DBARGS(dbint(id)), &row);
	if (rc < 0)
		return err_from_db(rc);
	return rc == 0 ? ERR_NOT_FOUND : resp_json(resp, status,
	    white_json(&row, true));
}

/* GET /api/v1/credit/whitelist/{id}. */
enum err
h_whitelist_get(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	int64_t id;

	if (num_i64z(req->params[0], 1, INT32_MAX, &id) == -1)
		return ERR_NOT_FOUND;
	return answer_white(ctx, resp, id, 200);
}

/* POST /api/v1/credit/whitelist. */
enum err
h_whitelist_add(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	const struct white_in	*in = input;
	int			 rc;

	rc = db_exec(ctx->db, SQL_WHITELIST_ADD, DBARGS(dbstr(in->uscc),
	    dbstr(in->name), dbstr(in->industry), dbstr(in->reason),
	    dbint(ctx->who.user_id), v_ms(ctx->pool, ctx->now)));
	if (rc == DB_DUP) {
		verr_add(resp->errs, "uscc", "already_listed", 0);
		return ERR_VALIDATION;
	}
	if (rc != DB_OK)
		return err_from_db(rc);
	snprintf(resp->location, sizeof(resp->location),
	    "/api/v1/credit/whitelist/%lld", (long long)db_insert_id(ctx->db));
	return answer_white(ctx, resp, db_insert_id(ctx->db), 201);
}

/* POST /api/v1/credit/whitelist/{id}/remove. */
enum err
h_whitelist_remove(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	const struct reason_in	*in = input;
	int64_t			 id;
	int			 rc;

	if (num_i64z(req->params[0], 1, INT32_MAX, &id) == -1)
		return ERR_NOT_FOUND;
	rc = db_exec(ctx->db, SQL_WHITELIST_REMOVE, DBARGS(
	    dbint(ctx->who.user_id), v_ms(ctx->pool, ctx->now),
	    dbstr(in->reason), dbint(id)));
	if (rc != DB_OK)
		return err_from_db(rc);
	if (db_affected(ctx->db) == 0) {
		resp->detail = L(ctx, "该条目不存在或已移出名录。",
		    "No such entry, or removed already.");
		return answer_white(ctx, resp, id, 200) == ERR_NOT_FOUND ?
		    ERR_NOT_FOUND : ERR_CONFLICT;
	}
	return answer_white(ctx, resp, id, 200);
}

/* ---- sync runs and the outbox ------------------------------------------------------- */

static struct json_object *
run_json(struct ctx *ctx, const struct dbrow *row)
{
	struct json_object	*o = json_object_new_object(), *c;
	static const char *const counts[] = { "requests", "accepted",
	    "duplicate", "rejected", "retried", "unknown", "missing",
	    "checked" };
	int64_t			 beat = col_ms(row, 6);
	bool			 stale;
	size_t			 i;

	stale = strcmp(row->c[4].s, "running") == 0 &&
	    ctx->now - beat > STALE_MS;
	jput(o, "id", json_object_new_int64(row->c[0].i));
	jput(o, "mode", jstr(row->c[1].s));
	jput(o, "host", jstr(row->c[2].s));
	jput(o, "pid", json_object_new_int64(row->c[3].i));
	jput(o, "status", jstr(stale ? "abandoned" : row->c[4].s));
	jput(o, "started_at", jtime(col_ms(row, 5)));
	jput(o, "heartbeat_at", jtime(beat));
	jput(o, "ended_at", jtime(col_ms(row, 7)));
	jput(o, "reconcile_date", row->c[8].null ? NULL : jstr(row->c[8].s));
	c = json_object_new_object();
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		jput(c, counts[i], json_object_new_int64(row->c[9 + i].i));
	jput(o, "counts", c);
	c = json_object_new_object();
	jput(c, "todo", json_object_new_int64(row->c[17].i));
	jput(c, "done", json_object_new_int64(row->c[18].i));
	jput(o, "progress", c);
	jput(o, "errors", row->c[19].null ? json_object_new_array() :
	    json_tokener_parse(row->c[19].s));
	return o;
}

struct runs_in {
	struct opt_i64	 limit;
	struct opt_i64	 cursor;
};

static const struct qspec runs_specs[] = {
	{ "limit", QS_INT, offsetof(struct runs_in, limit), 0, 1, 200, 0 },
	{ "cursor", QS_INT, offsetof(struct runs_in, cursor), 0, 1,
	    INT64_MAX - 1, 0 },
};

/* GET /api/v1/credit/sync-runs: newest first. */
enum err
h_sync_runs(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct runs_in		 in;
	struct json_object	*a, *o;
	struct dbrow		 row;
	enum qs_result		 qr;
	int64_t			 limit, n = 0, last = 0;
	int			 rc;

	if (!ensure_errs(ctx, resp))
		return ERR_TOO_LARGE;
	if ((qr = query_decode(ctx->pool, req->query, runs_specs,
	    sizeof(runs_specs) / sizeof(runs_specs[0]), &in, resp->errs)) !=
	    QS_OK)
		return query_errors(ctx, resp, qr);
	limit = in.limit.set ? in.limit.v : 20;
	rc = db_query(ctx->db, SQL_RUN_LIST, DBARGS(in.cursor.set ?
	    dbint(in.cursor.v) : dbnull(), in.cursor.set ? dbint(in.cursor.v) :
	    dbnull(), dbint(limit)));
	if (rc != DB_OK)
		return err_from_db(rc);
	a = json_object_new_array();
	while ((rc = db_fetch(ctx->db, &row)) == 1) {
		json_object_array_add(a, run_json(ctx, &row));
		last = row.c[0].i;
		n++;
	}
	db_end(ctx->db);
	if (rc < 0) {
		json_object_put(a);
		return err_from_db(rc);
	}
	o = json_object_new_object();
	jput(o, "items", a);
	jput(o, "next_cursor", n == limit ? json_object_new_int64(last) :
	    NULL);
	return resp_json(resp, 200, o);
}

/* GET /api/v1/credit/status: the outbox by state, the oldest waiting
 * row, the records past their limits, the last run. */
enum err
h_credit_status(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct json_object	*o = json_object_new_object(), *b;
	struct dbrow		 row;
	int			 rc;

	b = json_object_new_object();
	jput(b, "pending", json_object_new_int(0));
	jput(b, "sending", json_object_new_int(0));
	jput(b, "done", json_object_new_int(0));
	jput(b, "failed", json_object_new_int(0));
	jput(o, "outbox", b);
	if ((rc = db_query(ctx->db, SQL_OUTBOX_STATS, DBNOARGS)) != DB_OK)
		goto fail;
	while ((rc = db_fetch(ctx->db, &row)) == 1) {
		jput(b, row.c[0].s, json_object_new_int64(row.c[1].i));
		if (strcmp(row.c[0].s, "pending") == 0)
			jput(o, "oldest_pending_at", jtime(col_ms(&row, 2)));
	}
	db_end(ctx->db);
	if (rc < 0)
		goto fail;
	rc = db_one(ctx->db, SQL_CREDIT_OVERDUE_COUNT, DBARGS(
	    v_day(ctx->pool, ctx->today), v_day(ctx->pool, ctx->today)), &row);
	if (rc < 0)
		goto fail;
	jput(o, "overdue_records", json_object_new_int64(rc == 1 ?
	    row.c[0].i : 0));
	rc = db_one(ctx->db, SQL_RUN_LIST, DBARGS(dbnull(), dbnull(),
	    dbint(1)), &row);
	if (rc < 0)
		goto fail;
	jput(o, "last_run", rc == 1 ? run_json(ctx, &row) : NULL);
	jput(o, "platform_configured", json_object_new_boolean(
	    ctx->cfg->credit_url[0] != '\0'));
	return resp_json(resp, 200, o);
fail:
	json_object_put(o);
	return err_from_db(rc);
}
