/*
 * credit_client.h -- signed HTTP calls to the provincial credit platform
 * (libcurl).  Nothing else in ipdesk talks to it.
 */
#ifndef IPDESK_CREDIT_CLIENT_H
#define IPDESK_CREDIT_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct config;
struct credit_client;

/* An answer: the HTTP status (0 when none came: the outcome of the
 * request is unknown), the body, Retry-After in seconds (-1 none), the
 * platform's request id, and the transport error when status is 0. */
struct credit_answer {
	int		 status;
	struct buf	 body;
	long		 retry_after;
	bool		 too_large;
	char		 request_id[65];
	char		 error[256];
};

/* Once per process, before any client. */
int credit_client_global_init(void);

/* A client for cfg's platform (credit_url, key, secret, timeouts; cfg is
 * borrowed).  NULL when no platform is configured or memory is short. */
struct credit_client *credit_client_new(const struct config *cfg);
void credit_client_free(struct credit_client *c);

/* An answer buffer holding at most max bytes. */
void credit_answer_init(struct credit_answer *a, size_t max);
void credit_answer_free(struct credit_answer *a);

/*
 * Sends method path (the path with its query, as signed) with body (len
 * bytes; NULL for a GET) under a new timestamp, nonce and signature.
 * Returns 0 when an answer came (a->status set, any status), or -1 when
 * none did (connection refused or reset, timeout, an answer over the
 * cap): a->error says why, and a POST may or may not have been stored.
 */
int credit_call(struct credit_client *c, const char *method, const char *path,
    const void *body, size_t len, struct credit_answer *a);

#endif
