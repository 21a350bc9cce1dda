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
#include "throttle.h"
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

/* Failures count per client address and, three times as many, per case
 * number, so a stranger cannot lock the public out of a case quickly. */
static void
keys(struct ctx *ctx, const char *no, struct tkey *a, struct tkey *c)
{
	a->kind = "addr";
	a->value = ctx->req->remote_addr;
	a->limit = ctx->cfg->lookup_failures;
	c->kind = "case";
	c->value = no;
	c->limit = 3LL * ctx->cfg->lookup_failures;
}

enum err
access_throttle_check(struct ctx *ctx, const char *no, struct resp *resp)
{
	struct tkey a, c;

	keys(ctx, no, &a, &c);
	return throttle_check(ctx, &a, &c, ctx->cfg->lookup_window, resp);
}

void
access_throttle_fail(struct ctx *ctx, const char *no)
{
	struct tkey a, c;

	keys(ctx, no, &a, &c);
	throttle_fail(ctx, &a, &c, ctx->cfg->lookup_window);
}

enum err
access_verify(struct ctx *ctx, const char *no, int found,
    const unsigned char stored[32])
{
	if (found < 0)
		return err_from_db(found);
	if (found == 0 || !access_matches(ctx, no, ctx->req->access_code,
	    stored, 32)) {
		access_throttle_fail(ctx, no);
		return ERR_NOT_FOUND;
	}
	return ERR_OK;
}
