/*
 * idem.h -- Idempotency-Key for POST requests.
 *
 * A POST that carries the header runs inside a transaction that first
 * claims the key (an INSERT on its unique row).  A concurrent retry with
 * the same key blocks on that row until the first request commits, then
 * finds the stored answer and sends it again; so twenty parallel retries
 * make one record.  Only successful (2xx) answers are stored; an error
 * releases the key with the rollback.  The stored answer is sealed with a
 * key derived from the Idempotency-Key, so that a copy of the database
 * alone does not reveal the access codes inside the answers.
 */
#ifndef IPDESK_IDEM_H
#define IPDESK_IDEM_H

#include "problem.h"

struct ctx;
struct req;
struct resp;

#define IDEM_KEY_MAX 255

enum idem_state {
	IDEM_NEW = 0,	/* claimed: a transaction is open; run the handler */
	IDEM_REPLAY,	/* resp holds the first answer: send it */
	IDEM_ERROR	/* *e says what to answer */
};

/* Whether the header value is acceptable: 1-255 printable ASCII. */
int idem_key_valid(const char *key);

/*
 * Claims key for the route's scope (op) and the body, or finds the first
 * answer.  On IDEM_NEW the caller runs the handler and then calls
 * idem_finish(), which commits.  On IDEM_ERROR *e is ERR_IDEMPOTENCY
 * (same key, other body) or ERR_UNAVAILABLE/ERR_INTERNAL.
 */
enum idem_state idem_begin(struct ctx *ctx, const char *op,
    const struct req *req, struct resp *resp, enum err *e);

/*
 * Ends what idem_begin started: with e == ERR_OK and a 2xx answer, stores
 * the answer and commits, returning ERR_OK or the commit's error (then
 * the answer must not be sent); otherwise rolls back and returns e.
 */
enum err idem_finish(struct ctx *ctx, const char *op, const struct req *req,
    struct resp *resp, enum err e);

#endif
