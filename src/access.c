/*
 * access.c -- tracking numbers, access codes and the lookup throttle.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "access.h"
#include "app.h"
#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "timeutil.h"
#include "workdays.h"

/* No 0/O, 1/I/L: codes are read aloud on the phone and typed on phones. */
static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

int
access_new_no(struct ctx *ctx, const char *prefix, char *out, size_t outsz)
{
	char	 digits[9];
	int	 y, m, d;

	if (crypto_random_text("0123456789", 8, digits, sizeof(digits)) == -1)
		return -1;
	ymd_from_day(ctx->today, &y, &m, &d);
	snprintf(out, outsz, "%s%04d%02d%02d%s", prefix, y, m, d, digits);
	return 0;
}

int
access_new_code(char *out, size_t outsz)
{
	return crypto_random_text(code_alphabet, ACCESS_CODE_LEN, out, outsz);
}

void
access_hash(struct ctx *ctx, const char *no, const char *code,
    unsigned char out[32])
{
	char	 msg[128];
	size_t	 i, n;

	n = (size_t)snprintf(msg, sizeof(msg), "access:%s:", no);
	for (i = 0; code[i] != '\0' && n < sizeof(msg) - 1; i++)
		msg[n++] = (char)toupper((unsigned char)code[i]);
	msg[n] = '\0';
	crypto_hmac(ctx->cfg->secret, sizeof(ctx->cfg->secret), msg, n, out);
}

bool
access_matches(struct ctx *ctx, const char *no, const char *code,
    const unsigned char *stored, size_t storedlen)
{
	unsigned char h[32];

	if (code == NULL || code[0] == '\0' || strlen(code) > 64 ||
	    storedlen != 32)
		return false;
	access_hash(ctx, no, code, h);
	return crypto_equal(h, stored, 32);
}

/* The bucket of a throttle key: a keyed hash, so the table holds neither
 * addresses nor case numbers. */
static void
bucket(struct ctx *ctx, const char *kind, const char *value,
    unsigned char out[32])
{
	char msg[300];

	snprintf(msg, sizeof(msg), "throttle:%s:%s", kind, value);
	crypto_hmac(ctx->cfg->secret, sizeof(ctx->cfg->secret), msg,
	    strlen(msg), out);
}

enum err
access_throttle_check(struct ctx *ctx, const char *no, struct resp *resp)
{
	unsigned char	 ba[32], bc[32];
	char		 since[32];
	struct dbrow	 row;
	int		 rc, over = 0;
	int64_t		 lim = ctx->cfg->lookup_failures;

	bucket(ctx, "addr", ctx->req->remote_addr, ba);
	bucket(ctx, "case", no, bc);
	time_sql(ctx->now - ctx->cfg->lookup_window * 1000LL, since,
	    sizeof(since));
	rc = db_query(ctx->db, SQL_THROTTLE_GET, DBARGS(dbblob(ba, 32),
	    dbblob(bc, 32), dbstr(since)));
	if (rc != DB_OK)
		return err_from_db(rc);
	while ((rc = db_fetch(ctx->db, &row)) == 1) {
		/* A case number draws more tries than one address, so a
		 * stranger cannot lock the public out of a case quickly. */
		int is_addr = row.c[0].len == 32 &&
		    memcmp(row.c[0].s, ba, 32) == 0;

		if (row.c[1].i >= (is_addr ? lim : 3 * lim))
			over = 1;
	}
	db_end(ctx->db);
	if (rc < 0)
		return err_from_db(rc);
	if (over) {
		resp->retry_after = ctx->cfg->lookup_window;
		return ERR_THROTTLED;
	}
	return ERR_OK;
}

void
access_throttle_fail(struct ctx *ctx, const char *no)
{
	unsigned char	 b[32];
	char		 now[32], since[32];
	const char	*kinds[2] = { "addr", "case" };
	const char	*vals[2] = { ctx->req->remote_addr, no };
	int		 i;

	time_sql(ctx->now, now, sizeof(now));
	time_sql(ctx->now - ctx->cfg->lookup_window * 1000LL, since,
	    sizeof(since));
	for (i = 0; i < 2; i++) {
		bucket(ctx, kinds[i], vals[i], b);
		db_exec(ctx->db, SQL_THROTTLE_HIT, DBARGS(dbblob(b, 32),
		    dbstr(now), dbstr(since), dbstr(now)));
	}
}
