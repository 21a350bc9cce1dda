/*
 * throttle.h -- counters of failed attempts over a fixed window (wrong
 * access codes, failed logins).  Buckets are keyed hashes of what they
 * count ("addr", "1.2.3.4"), so the table holds no addresses or names.
 */
#ifndef IPDESK_THROTTLE_H
#define IPDESK_THROTTLE_H

#include <stdint.h>

#include "problem.h"

struct ctx;
struct resp;

struct tkey {
	const char	*kind;	/* "addr", "case", "login-user", ... */
	const char	*value;
	int64_t		 limit;	/* failures allowed in the window */
};

/*
 * ERR_OK, or ERR_THROTTLED (resp->retry_after = window) when either key
 * has reached its limit of failures within the last `window` seconds,
 * or ERR_UNAVAILABLE.
 */
enum err throttle_check(struct ctx *ctx, const struct tkey *a,
    const struct tkey *b, int window, struct resp *resp);

/* Counts one failure against both keys (b may be NULL).  Inside a
 * transaction the count is kept aside and written by throttle_flush(),
 * so that a rollback cannot erase it. */
void throttle_fail(struct ctx *ctx, const struct tkey *a,
    const struct tkey *b, int window);

/* Writes the failures kept aside during the request (outside any
 * transaction); app.c calls it once the handler is done. */
void throttle_flush(struct ctx *ctx);

/* Forgets a key's failures (a successful login). */
void throttle_reset(struct ctx *ctx, const struct tkey *k);

#endif
