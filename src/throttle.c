/*
 * throttle.c -- failure counters in the throttle table.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "crypto.h"
#include "db.h"
#include "throttle.h"
#include "timeutil.h"

static void
bucket(struct ctx *ctx, const struct tkey *k, unsigned char out[32])
{
	char msg[400];

	snprintf(msg, sizeof(msg), "throttle:%s:%s", k->kind, k->value);
	crypto_hmac(ctx->cfg->secret, sizeof(ctx->cfg->secret), msg,
	    strlen(msg), out);
}

enum err
throttle_check(struct ctx *ctx, const struct tkey *a, const struct tkey *b,
    int window, struct resp *resp)
{
	unsigned char	 ba[32], bb[32];
	char		 since[32];
	struct dbrow	 row;
	int		 rc, over = 0;

	bucket(ctx, a, ba);
	bucket(ctx, b, bb);
	time_sql(ctx->now - window * 1000LL, since, sizeof(since));
	rc = db_query(ctx->db, SQL_THROTTLE_GET, DBARGS(dbblob(ba, 32),
	    dbblob(bb, 32), dbstr(since)));
	if (rc != DB_OK)
		return err_from_db(rc);
	while ((rc = db_fetch(ctx->db, &row)) == 1) {
		int is_a = row.c[0].len == 32 && memcmp(row.c[0].s, ba, 32) == 0;

		if (row.c[1].i >= (is_a ? a->limit : b->limit))
			over = 1;
	}
	db_end(ctx->db);
	if (rc < 0)
		return err_from_db(rc);
	if (over) {
		resp->retry_after = window;
		return ERR_THROTTLED;
	}
	return ERR_OK;
}

/* One failure of a bucket, in the window ending now. */
static void
hit(struct ctx *ctx, const unsigned char bk[32], int window)
{
	char now[32], since[32];

	time_sql(ctx->now, now, sizeof(now));
	time_sql(ctx->now - window * 1000LL, since, sizeof(since));
	db_exec(ctx->db, SQL_THROTTLE_HIT, DBARGS(dbblob(bk, 32), dbstr(now),
	    dbstr(since), dbstr(now)));
}

void
throttle_fail(struct ctx *ctx, const struct tkey *a, const struct tkey *b,
    int window)
{
	unsigned char		 bk[32];
	const struct tkey	*keys[2] = { a, b };
	int			 i;

	ctx->twindow = window;
	for (i = 0; i < 2; i++) {
		if (keys[i] == NULL)
			continue;
		bucket(ctx, keys[i], bk);
		if (!db_in_tx(ctx->db))
			hit(ctx, bk, window);
		else if (ctx->ntfail < sizeof(ctx->tfail) / sizeof(ctx->tfail[0]))
			memcpy(ctx->tfail[ctx->ntfail++], bk, 32);
	}
}

void
throttle_flush(struct ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->ntfail; i++)
		hit(ctx, ctx->tfail[i], ctx->twindow);
	ctx->ntfail = 0;
}

void
throttle_reset(struct ctx *ctx, const struct tkey *k)
{
	unsigned char bk[32];

	bucket(ctx, k, bk);
	db_exec(ctx->db, SQL_THROTTLE_RESET, DBARGS(dbblob(bk, 32)));
}
