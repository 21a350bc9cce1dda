/*
 * app.c -- one request from reading to answering: route, limits, body
 * decoding, idempotency, handler, the answer and the log line.
 * Handlers return a status; this is the one place that writes answers.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app.h"
#include "db.h"
#include "http_route.h"
#include "idem.h"
#include "log.h"
#include "pool.h"
#include "throttle.h"
#include "timeutil.h"
#include "workdays.h"

#define MULTIPART_OVERHEAD (64u * 1024)

enum err
err_from_db(int rc)
{
	return rc == DB_GONE || rc == DB_LOCK ? ERR_UNAVAILABLE : ERR_INTERNAL;
}

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
app_init(struct app *app, const struct config *cfg)
{
	struct dbconf dc;

	memset(app, 0, sizeof(*app));
	app->cfg = *cfg;
	dc.socket = app->cfg.db_socket;
	dc.host = app->cfg.db_host;
	dc.port = app->cfg.db_port;
	dc.name = app->cfg.db_name;
	dc.user = app->cfg.db_user;
	dc.password = app->cfg.db_password;
	dc.timeout = app->cfg.db_timeout;
	if ((app->pool = pool_new(app->cfg.pool_max)) == NULL ||
	    (app->ref = calloc(1, sizeof(*app->ref))) == NULL ||
	    (app->db = db_new(&dc)) == NULL) {
		app_free(app);
		return -1;
	}
	if (db_ensure(app->db) == DB_OK && ref_load(app->ref, app->db) != DB_OK)
		log_err(NULL, "reference data not loaded yet; answering 503");
	return 0;
}

void
app_free(struct app *app)
{
	db_free(app->db);
	pool_free(app->pool);
	free(app->ref);
	memset(app, 0, sizeof(*app));
}

/* Reloads reference data when it is older than refresh_seconds, and
 * purges expired idempotency keys and throttle counters then.  Returns
 * ERR_OK while usable data is at hand. */
static enum err
refresh(struct app *app, struct ctx *ctx)
{
	char	 when[32];
	int	 rc;

	if (app->ref->loaded &&
	    mono_ms() - app->ref->loaded_ms < app->cfg.refresh_seconds * 1000LL)
		return ERR_OK;
	rc = ref_load(app->ref, app->db);
	if (rc == DB_OK) {
		/* The real clock, not a test's X-Debug-Now. */
		int64_t now = time_now_ms();

		time_sql(now - app->cfg.idempotency_hours * 3600000LL,
		    when, sizeof(when));
		db_exec(app->db, SQL_IDEM_PURGE, DBARGS(dbstr(when)));
		time_sql(now - app->cfg.lookup_window * 1000LL, when,
		    sizeof(when));
		db_exec(app->db, SQL_THROTTLE_CLEAR, DBARGS(dbstr(when)));
	}
	return app->ref->loaded ? ERR_OK : err_from_db(rc);
}

/* Whether the Content-Type names type (parameters after ';' allowed;
 * for JSON only charset=utf-8). */
static int
ctype_is(const char *ct, const char *type)
{
	size_t		 n = strlen(type);
	const char	*p;

	if (strncasecmp(ct, type, n) != 0 || (ct[n] != '\0' && ct[n] != ';' &&
	    ct[n] != ' '))
		return 0;
	if (strcmp(type, "application/json") != 0)
		return 1;
	for (p = ct + n; *p == ' ' || *p == ';'; p++)
		;
	return *p == '\0' || strcasecmp(p, "charset=utf-8") == 0 ||
	    strcasecmp(p, "charset=\"utf-8\"") == 0;
}

/* Reads and decodes the body the route asks for; *input gets the struct
 * of a JSON route. */
static enum err
read_input(struct ctx *ctx, struct http_io *io, struct req *req,
    const struct route *rt, struct resp *resp, void **input)
{
	const struct bodyspec	*bs = rt->spec;
	enum jd_result		 jr;
	enum err		 e;
	size_t			 max;
	const char		*why = NULL;

	*input = NULL;
	if (rt->body == BODY_NONE)
		return ERR_OK;
	if (rt->body == BODY_JSON && req->clen <= 0 && req->ctype[0] == '\0')
		req->clen = 0;	/* no body at all: decode as {} below */
	else if (rt->body == BODY_JSON && !ctype_is(req->ctype,
	    "application/json"))
		return ERR_MEDIA_TYPE;
	else if (rt->body == BODY_MULTIPART && !ctype_is(req->ctype,
	    "multipart/form-data"))
		return ERR_MEDIA_TYPE;
	max = rt->body == BODY_JSON ?
	    (rt->max_body < ctx->cfg->json_max ? rt->max_body :
	    ctx->cfg->json_max) : ctx->cfg->evidence_max + MULTIPART_OVERHEAD;
	if ((e = http_read_body(io, ctx->pool, req, max)) != ERR_OK)
		return e;
	if (rt->body != BODY_JSON)
		return ERR_OK;
	if ((*input = pool_alloc(ctx->pool, bs->size)) == NULL)
		return ERR_TOO_LARGE;
	if ((resp->errs = pool_alloc(ctx->pool, sizeof(*resp->errs))) == NULL)
		return ERR_TOO_LARGE;
	jr = req->bodylen == 0 && req->ctype[0] == '\0' ?
	    json_decode(ctx->pool, &ctx->env, "{}", 2, bs->fields, bs->nfields,
	    *input, resp->errs, &why) :
	    json_decode(ctx->pool, &ctx->env, (const char *)req->body,
	    req->bodylen, bs->fields, bs->nfields, *input, resp->errs, &why);
	if (jr == JD_MALFORMED) {
		resp->detail = problem_text(why, ctx->lang);
		return ERR_MALFORMED;
	}
	if (jr == JD_NOMEM)
		return ERR_TOO_LARGE;
	/* The checks across fields run even when some fields failed their
	 * own, so that one answer lists every problem. */
	if ((jr == JD_OK || jr == JD_INVALID) && bs->validate != NULL)
		bs->validate(ctx, *input, resp->errs);
	return resp->errs->n > 0 ? ERR_VALIDATION : ERR_OK;
}

/* Runs the handler, inside the idempotency transaction when the route
 * honours Idempotency-Key and the request has one. */
static enum err
dispatch(struct ctx *ctx, struct req *req, const struct route *rt,
    struct resp *resp, void *input)
{
	enum idem_state	 st;
	enum err	 e;

	if (!(rt->flags & RF_IDEMPOTENT) || req->idem_key == NULL)
		return rt->handler(ctx, req, resp, input);
	if (!idem_key_valid(req->idem_key)) {
		resp->detail = L(ctx, "Idempotency-Key 须为 1–255 个可打印 "
		    "ASCII 字符。", "Idempotency-Key must be 1-255 printable "
		    "ASCII characters.");
		return ERR_BAD_REQUEST;
	}
	st = idem_begin(ctx, rt->op, req, resp, &e);
	if (st == IDEM_REPLAY)
		return ERR_OK;
	if (st == IDEM_ERROR)
		return e;
	e = rt->handler(ctx, req, resp, input);
	return idem_finish(ctx, rt->op, req, resp, e);
}

/* Everything between reading the head and writing the answer. */
static enum err
serve(struct app *app, struct ctx *ctx, struct http_io *io, struct req *req,
    struct resp *resp, const struct route **rtp)
{
	const char	*params[ROUTE_MAX_PARAMS];
	char		*pbuf;
	size_t		 np, psz = strlen(req->path) + 1;
	void		*input;
	enum err	 e;

	if ((pbuf = pool_alloc(ctx->pool, psz)) == NULL)
		return ERR_BAD_REQUEST;
	switch (route_match(app_routes, app_nroutes, req->method, req->path,
	    rtp, params, &np, pbuf, psz, resp->allow, sizeof(resp->allow))) {
	case ROUTE_NOT_FOUND:
		resp->allow[0] = '\0';
		return ERR_NOT_FOUND;
	case ROUTE_BAD_METHOD:
		return ERR_METHOD;
	default:
		resp->allow[0] = '\0';
		break;
	}
	memcpy(req->params, params, sizeof(params[0]) * np);
	req->nparams = np;
	if ((e = refresh(app, ctx)) != ERR_OK)
		return e;
	if ((e = auth_resolve(ctx, req, resp)) != ERR_OK)
		return e;
	if ((*rtp)->roles != ROLE_PUBLIC && ctx->who.kind == P_PUBLIC)
		return ERR_UNAUTHORIZED;
	if ((*rtp)->roles != ROLE_PUBLIC && !auth_has(ctx, (*rtp)->roles))
		return ERR_FORBIDDEN;
	if ((e = read_input(ctx, io, req, *rtp, resp, &input)) != ERR_OK)
		return e;
	return dispatch(ctx, req, *rtp, resp, input);
}

/* Fills the request context from the worker and the request. */
static void
ctx_setup(struct app *app, struct ctx *ctx, const struct req *req)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cfg = &app->cfg;
	ctx->db = app->db;
	ctx->pool = app->pool;
	ctx->ref = app->ref;
	ctx->now = time_now_ms();
	/* Test stacks may set the clock per request (never in production). */
	if (app->cfg.debug_clock && req->debug_now != NULL)
		time_parse_iso(req->debug_now, &ctx->now);
	ctx->today = time_day_cst(ctx->now);
	ctx->env.today = ymdint_from_day(ctx->today);
	ctx->lang = req->lang;
	ctx->rid = req->rid;
	ctx->actor = "public";
	ctx->req = req;
}

void
app_handle(struct app *app, struct http_io *io)
{
	struct req		 req;
	struct resp		 resp;
	struct ctx		 ctx;
	const struct route	*rt = NULL;
	enum err		 e;
	long long		 t0 = mono_ms();

	pool_reset(app->pool);
	resp_init(&resp);
	e = http_read_head(io, app->pool, &req);
	ctx_setup(app, &ctx, &req);
	db_set_rid(app->db, req.rid);
	if (e == ERR_OK)
		e = serve(app, &ctx, io, &req, &resp, &rt);
	if (db_in_tx(app->db)) {
		/* A handler that returned inside a transaction: undo it. */
		log_err(req.rid, "transaction left open; rolled back");
		while (db_in_tx(app->db))
			db_rollback(app->db);
		if (e == ERR_OK)
			e = ERR_INTERNAL;
	}
	throttle_flush(&ctx);
	if (e != ERR_OK) {
		if (e == ERR_UNAVAILABLE && resp.retry_after == 0)
			resp.retry_after = 5;
		problem_render(&resp, e, req.lang);
	}
	http_drain(io);
	if (http_write(io, &req, &resp) == -1)
		log_warn(req.rid, "client went away before the answer");
	log_info(req.rid, "%s %s %d %s %lldms", method_name(req.method),
	    req.path != NULL ? req.path : "-", resp.status,
	    rt != NULL ? rt->op : "-", mono_ms() - t0);
	resp_free(&resp);
	app->requests++;
}
