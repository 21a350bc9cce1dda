/*
 * auth.c -- callers and their roles; login, logout, "me".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "auth.h"
#include "crypto.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "password.h"
#include "pool.h"
#include "throttle.h"
#include "timeutil.h"

#define TOKEN_PREFIX "ipd_"
#define KEY_PREFIX "ipk_"
#define TOUCH_EVERY_MS 60000	/* write last_used_at at most once a minute */

static const char *const role_names[ROLE_NROLES] = {
	"intake", "handler", "mediator", "aid_expert", "credit_officer",
	"supervisor", "admin", "machine",
};

const char *
role_name(unsigned i)
{
	return i < ROLE_NROLES ? role_names[i] : NULL;
}

unsigned
roles_parse(const char *csv)
{
	unsigned	 mask = 0, i;
	const char	*p = csv;

	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		for (i = 0; i < ROLE_NROLES - 1; i++)
			if (strlen(role_names[i]) == n &&
			    strncmp(role_names[i], p, n) == 0)
				break;
		if (i == ROLE_NROLES - 1)
			return 0;
		mask |= 1u << i;
		p += n;
		if (*p == ',')
			p++;
	}
	return mask;
}

void
auth_secret_hash(const char *s, unsigned char out[32])
{
	crypto_sha256(s, strlen(s), out);
}

/* "prefix" + base64url of 32 random bytes (43 characters). */
static int
new_secret(const char *prefix, char *out, size_t outsz)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char	 r[33];
	size_t		 i, o, pl = strlen(prefix);

	if (outsz < pl + 45 || crypto_random(r, 32) == -1)
		return -1;
	r[32] = 0;
	memcpy(out, prefix, pl);
	for (i = 0, o = pl; i < 32; i += 3) {
		unsigned v = (unsigned)r[i] << 16 | (unsigned)r[i + 1] << 8 |
		    (i + 2 < 33 ? r[i + 2] : 0);

		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
		if (i + 2 < 32)
			out[o++] = b64[v & 63];
	}
	out[o] = '\0';
	return 0;
}

int
auth_new_api_key(char *out, size_t outsz)
{
	return new_secret(KEY_PREFIX, out, outsz);
}

bool
auth_has(const struct ctx *ctx, unsigned mask)
{
	return (ctx->who.roles & mask) != 0;
}

static enum err
resolve_token(struct ctx *ctx, const char *token)
{
	struct dbrow	 row;
	char		 now[32], idle[32];
	int64_t		 last = 0;
	int		 rc;

	auth_secret_hash(token, ctx->who.token_hash);
	time_sql(ctx->now, now, sizeof(now));
	time_sql(ctx->now - ctx->cfg->token_idle_minutes * 60000LL, idle,
	    sizeof(idle));
	rc = db_one(ctx->db, SQL_TOKEN_LOOKUP, DBARGS(
	    dbblob(ctx->who.token_hash, 32), dbstr(now), dbstr(idle)), &row);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0)
		return ERR_UNAUTHORIZED;
	ctx->who.kind = P_STAFF;
	ctx->who.user_id = row.c[0].i;
	ctx->who.username = pool_strdup(ctx->pool, row.c[1].s);
	ctx->who.display_name = pool_strdup(ctx->pool, row.c[2].s);
	ctx->who.roles = (unsigned)row.c[3].i & ROLE_STAFF;
	ctx->who.department_id = row.c[4].null ? 0 : row.c[4].i;
	ctx->who.department = row.c[5].null ? NULL :
	    pool_strdup(ctx->pool, row.c[5].s);
	ctx->actor = pool_printf(ctx->pool, "staff:%s", ctx->who.username);
	if (time_from_sql(row.c[6].s, &last) == -1 ||
	    ctx->now - last > TOUCH_EVERY_MS)
		db_exec(ctx->db, SQL_TOKEN_TOUCH, DBARGS(dbstr(now),
		    dbblob(ctx->who.token_hash, 32)));
	return ERR_OK;
}

static enum err
resolve_key(struct ctx *ctx, const char *key)
{
	unsigned char	 h[32];
	struct dbrow	 row;
	int		 rc;

	auth_secret_hash(key, h);
	rc = db_one(ctx->db, SQL_APIKEY_LOOKUP, DBARGS(dbblob(h, 32)), &row);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0)
		return ERR_UNAUTHORIZED;
	ctx->who.kind = P_MACHINE;
	ctx->who.roles = ROLE_MACHINE;
	ctx->who.api_key_id = row.c[0].i;
	ctx->who.api_key_name = pool_strdup(ctx->pool, row.c[1].s);
	ctx->who.channel = enum_find(EN_CHANNEL, row.c[2].s, row.c[2].len);
	ctx->actor = pool_printf(ctx->pool, "apikey:%s",
	    ctx->who.api_key_name);
	return ERR_OK;
}

enum err
auth_resolve(struct ctx *ctx, const struct req *req, struct resp *resp)
{
	enum err e;

	memset(&ctx->who, 0, sizeof(ctx->who));
	ctx->who.channel = -1;
	if (req->auth != NULL) {
		if (strncmp(req->auth, "Bearer ", 7) != 0 ||
		    strlen(req->auth) > 200)
			e = ERR_UNAUTHORIZED;
		else
			e = resolve_token(ctx, req->auth + 7);
	} else if (req->api_key != NULL)
		e = strlen(req->api_key) > 200 ? ERR_UNAUTHORIZED :
		    resolve_key(ctx, req->api_key);
	else
		return ERR_OK;
	if (e == ERR_UNAUTHORIZED) {
		memset(&ctx->who, 0, sizeof(ctx->who));
		resp->detail = L(ctx, "访问令牌或密钥无效、已过期或已注销，"
		    "请重新登录。", "The token or key is invalid, expired or "
		    "revoked; log in again.");
	}
	return e;
}

int
auth_revoke_user(struct ctx *ctx, int64_t user_id)
{
	char now[32];

	time_sql(ctx->now, now, sizeof(now));
	return db_exec(ctx->db, SQL_TOKEN_REVOKE_USER, DBARGS(dbstr(now),
	    dbint(user_id)));
}

/* ---- routes ---------------------------------------------------------- */

struct login_in {
	const char	*username;
	const char	*password;
};

static const struct fspec login_fields[] = {
	{ "username", FS_STR, FS_REQUIRED, offsetof(struct login_in, username),
	    0, 64, 0, 0, 0, NULL, NULL, 0, 0, 0 },
	{ "password", FS_STR, FS_REQUIRED, offsetof(struct login_in, password),
	    0, PASSWORD_MAX, 0, 0, 0, NULL, NULL, 0, 0, 0 },
};

const struct bodyspec login_spec = {
	login_fields, sizeof(login_fields) / sizeof(login_fields[0]),
	sizeof(struct login_in), NULL
};

static struct json_object *
roles_json(unsigned roles)
{
	struct json_object	*a = json_object_new_array();
	unsigned		 i;

	for (i = 0; i < ROLE_NROLES; i++)
		if (roles & (1u << i))
			json_object_array_add(a,
			    json_object_new_string(role_names[i]));
	return a;
}

static struct json_object *
user_json(const struct principal *p)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "username", json_object_new_string(
	    p->username));
	json_object_object_add(o, "display_name", json_object_new_string(
	    p->display_name));
	json_object_object_add(o, "department", p->department ?
	    json_object_new_string(p->department) : NULL);
	json_object_object_add(o, "roles", roles_json(p->roles));
	return o;
}

/* Issues a token for user row (u) and answers with it. */
static enum err
issue_token(struct ctx *ctx, const struct dbrow *u, struct resp *resp)
{
	char			 token[64], now[32], exp[40];
	unsigned char		 h[32];
	int64_t			 expires;
	struct json_object	*o;
	int			 rc;

	if (new_secret(TOKEN_PREFIX, token, sizeof(token)) == -1)
		return ERR_INTERNAL;
	auth_secret_hash(token, h);
	expires = ctx->now + ctx->cfg->token_max_hours * 3600000LL;
	time_sql(ctx->now, now, sizeof(now));
	time_sql(expires, exp, sizeof(exp));
	rc = db_exec(ctx->db, SQL_TOKEN_INSERT, DBARGS(dbblob(h, 32),
	    dbint(u->c[0].i), dbstr(now), dbstr(now), dbstr(exp)));
	if (rc != DB_OK)
		return err_from_db(rc);
	ctx->who.kind = P_STAFF;
	ctx->who.username = pool_strdup(ctx->pool, u->c[1].s);
	ctx->who.display_name = pool_strdup(ctx->pool, u->c[2].s);
	ctx->who.roles = (unsigned)u->c[4].i & ROLE_STAFF;
	ctx->who.department = u->c[6].null ? NULL :
	    pool_strdup(ctx->pool, u->c[6].s);
	o = json_object_new_object();
	json_object_object_add(o, "token", json_object_new_string(token));
	json_object_object_add(o, "token_type", json_object_new_string("Bearer"));
	json_object_object_add(o, "expires_at", json_object_new_string(
	    time_iso(expires, exp, sizeof(exp))));
	json_object_object_add(o, "idle_timeout_seconds",
	    json_object_new_int(ctx->cfg->token_idle_minutes * 60));
	json_object_object_add(o, "roles", roles_json(ctx->who.roles));
	json_object_object_add(o, "user", user_json(&ctx->who));
	log_info(ctx->rid, "login: staff %s", ctx->who.username);
	return resp_json(resp, 201, o);
}

/* POST /api/v1/auth/token {username, password}. */
enum err
h_auth_token(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct login_in	*in = input;
	struct tkey	 ku = { "login-user", in->username,
	    ctx->cfg->login_failures };
	struct tkey	 ka = { "login-addr", req->remote_addr,
	    ctx->cfg->login_addr_failures };
	struct dbrow	 u;
	enum err	 e;
	int		 rc;

	if ((e = throttle_check(ctx, &ku, &ka, ctx->cfg->login_window, resp)) !=
	    ERR_OK)
		return e;
	rc = db_one(ctx->db, SQL_USER_BY_NAME, DBARGS(dbstr(in->username)), &u);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0)
		password_dummy_verify(in->password);
	if (rc == 0 || u.c[7].i != 0 ||
	    !password_verify(in->password, u.c[3].s)) {
		throttle_fail(ctx, &ku, &ka, ctx->cfg->login_window);
		log_warn(ctx->rid, "login failed");
		resp->detail = L(ctx, "用户名或密码不正确，或账号已停用。",
		    "Wrong username or password, or the account is disabled.");
		return ERR_UNAUTHORIZED;
	}
	throttle_reset(ctx, &ku);
	return issue_token(ctx, &u, resp);
}

/* POST /api/v1/auth/logout: ends the caller's token. */
enum err
h_auth_logout(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	char	 now[32];
	int	 rc;

	time_sql(ctx->now, now, sizeof(now));
	rc = db_exec(ctx->db, SQL_TOKEN_REVOKE, DBARGS(dbstr(now),
	    dbblob(ctx->who.token_hash, 32)));
	if (rc != DB_OK)
		return err_from_db(rc);
	resp->status = 204;
	return ERR_OK;
}

/* GET /api/v1/auth/me. */
enum err
h_auth_me(struct ctx *ctx, struct req *req, struct resp *resp, void *input)
{
	return resp_json(resp, 200, user_json(&ctx->who));
}
