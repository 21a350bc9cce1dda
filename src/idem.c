/*
 * idem.c -- Idempotency-Key: claim, replay, store.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "idem.h"
#include "log.h"
#include "timeutil.h"

int
idem_key_valid(const char *key)
{
	size_t i, n = strlen(key);

	if (n == 0 || n > IDEM_KEY_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (key[i] < 0x21 || key[i] > 0x7e)
			return 0;
	return 1;
}

/*
 * HMAC(secret, label, op, caller, path, access code, key) into out[32]:
 * the row key, and the sealing key, by two labels.  A key belongs to one
 * caller and one target: the same key sent to another case, or with
 * another access code, is a new request (which then meets the access
 * check), never a replay of someone else's answer.
 */
static void
derive(struct ctx *ctx, const char *label, const char *op,
    const struct req *req, unsigned char out[32])
{
	struct buf b;

	buf_init(&b, 4096);
	buf_printf(&b, "%s\n%s\n%s\n%s\n%s\n%s", label, op, ctx->actor,
	    req->path, req->access_code != NULL ? req->access_code : "",
	    req->idem_key);
	crypto_hmac(ctx->cfg->secret, sizeof(ctx->cfg->secret), buf_str(&b),
	    b.len, out);
	buf_free(&b);
}

/* Fills resp from a stored row: status, Location and the unsealed body. */
static enum err
replay(struct ctx *ctx, const char *op, const struct req *req,
    const struct dbrow *row, struct resp *resp)
{
	unsigned char seal[32];

	derive(ctx, "idem-seal", op, req, seal);
	buf_reset(&resp->body);
	if (crypto_open(seal, row->c[3].s, row->c[3].len, &resp->body) == -1) {
		log_err(ctx->rid, "idempotency: stored answer does not open");
		return ERR_INTERNAL;
	}
	resp->status = (int)row->c[1].i;
	snprintf(resp->location, sizeof(resp->location), "%s", row->c[2].s);
	resp->ctype = NULL;
	resp->replayed = 1;
	return ERR_OK;
}

enum idem_state
idem_begin(struct ctx *ctx, const char *op, const struct req *req,
    struct resp *resp, enum err *e)
{
	unsigned char	 kh[32], bh[32];
	char		 now[32];
	struct dbrow	 row;
	int		 rc;

	derive(ctx, "idem", op, req, kh);
	crypto_sha256(req->body != NULL ? req->body : (const void *)"",
	    req->bodylen, bh);
	time_sql(ctx->now, now, sizeof(now));
	if ((rc = db_begin(ctx->db)) != DB_OK) {
		*e = err_from_db(rc);
		return IDEM_ERROR;
	}
	/* Blocks while another request holds the same key uncommitted. */
	rc = db_exec(ctx->db, SQL_IDEM_CLAIM, DBARGS(dbstr(op),
	    dbblob(kh, 32), dbblob(bh, 32), dbstr(now)));
	if (rc == DB_OK)
		return IDEM_NEW;
	db_rollback(ctx->db);
	if (rc != DB_DUP) {
		*e = err_from_db(rc);
		return IDEM_ERROR;
	}
	rc = db_one(ctx->db, SQL_IDEM_GET, DBARGS(dbstr(op), dbblob(kh, 32)),
	    &row);
	if (rc != 1 || row.c[1].null) {
		/* Purged or never finished between our two statements. */
		*e = rc < 0 ? err_from_db(rc) : ERR_UNAVAILABLE;
		return IDEM_ERROR;
	}
	if (row.c[0].len != 32 || !crypto_equal(row.c[0].s, bh, 32)) {
		*e = ERR_IDEMPOTENCY;
		return IDEM_ERROR;
	}
	*e = replay(ctx, op, req, &row, resp);
	return *e == ERR_OK ? IDEM_REPLAY : IDEM_ERROR;
}

enum err
idem_finish(struct ctx *ctx, const char *op, const struct req *req,
    struct resp *resp, enum err e)
{
	unsigned char	 kh[32], seal[32];
	struct buf	 sealed;
	int		 rc;

	if (e != ERR_OK || resp->status < 200 || resp->status > 299) {
		db_rollback(ctx->db);
		return e;
	}
	derive(ctx, "idem", op, req, kh);
	derive(ctx, "idem-seal", op, req, seal);
	buf_init(&sealed, RESP_MAX_BODY + 64);
	if (crypto_seal(seal, resp->body.p != NULL ? resp->body.p : "",
	    resp->body.len, &sealed) == -1) {
		buf_free(&sealed);
		db_rollback(ctx->db);
		return ERR_INTERNAL;
	}
	rc = db_exec(ctx->db, SQL_IDEM_STORE, DBARGS(dbint(resp->status),
	    dbstr(resp->location), dbblob(sealed.p, sealed.len), dbstr(op),
	    dbblob(kh, 32)));
	buf_free(&sealed);
	if (rc != DB_OK) {
		db_rollback(ctx->db);
		return err_from_db(rc);
	}
	if ((rc = db_commit(ctx->db)) != DB_OK)
		return err_from_db(rc);
	return ERR_OK;
}
