/*
 * app.h -- a worker's state and the context of one request.
 *
 * struct app lives as long as a worker: configuration, the database
 * connection, reference data and the request pool.  struct ctx is what a
 * handler sees of it for one request: nothing global, everything passed.
 */
#ifndef IPDESK_APP_H
#define IPDESK_APP_H

#include <stdint.h>

#include "auth.h"
#include "conf.h"
#include "enums.h"
#include "http.h"
#include "json_decode.h"
#include "problem.h"
#include "ref.h"

struct db;
struct pool;

struct app {
	struct config	 cfg;
	struct db	*db;
	struct pool	*pool;
	struct refdata	*ref;
	long long	 requests;
};

struct ctx {
	const struct config	*cfg;
	struct db		*db;
	struct pool		*pool;
	const struct refdata	*ref;
	struct fs_env		 env;	/* today's date for field checks */
	int64_t			 now;	/* ms since the epoch */
	int32_t			 today;	/* CST day number */
	enum lang		 lang;
	const char		*rid;
	const char		*actor;	/* "public", "staff:NAME", "apikey:NAME" */
	struct principal	 who;	/* the caller */
	/* Failures counted inside a transaction that may roll back (an
	 * Idempotency-Key request): written after it, see throttle.c. */
	unsigned char		 tfail[4][32];
	size_t			 ntfail;
	int			 twindow;
	const struct req	*req;
};

/* Text in the caller's language. */
#define L(ctx, zh, en) ((ctx)->lang == LANG_EN ? (en) : (zh))

/*
 * Prepares a worker: copies cfg, opens the pool and the database handle
 * and tries to connect, prepare every statement and load the reference
 * data (failures there are logged and retried per request, answering 503
 * meanwhile).  Returns 0, or -1 when memory is short.
 */
int app_init(struct app *app, const struct config *cfg);

/* Answers one request read from io.  Never fails: every error becomes an
 * answer (problem+json) and a log line. */
void app_handle(struct app *app, struct http_io *io);

/* Releases the worker's resources; accepts a zeroed struct. */
void app_free(struct app *app);

/* Maps a DB_* result to an error: DB_GONE and DB_LOCK to
 * ERR_UNAVAILABLE, anything else to ERR_INTERNAL. */
enum err err_from_db(int rc);

#endif
