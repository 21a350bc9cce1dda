/*
 * http.h -- requests and answers, over FastCGI (fcgi2's reentrant FCGX_*
 * API) or plain CGI (stdin/stdout/environment) alike.
 *
 * Every string of a request is copied into the request's pool when the
 * request is read, so nothing refers to fcgi2's parameter memory, which
 * dies at the next FCGX_Finish_r/FCGX_Accept_r.
 */
#ifndef IPDESK_HTTP_H
#define IPDESK_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <fcgiapp.h>

#include "buf.h"
#include "enums.h"
#include "json_decode.h"
#include "problem.h"

struct pool;
struct json_object;

enum method {
	M_GET = 0, M_HEAD, M_POST, M_PUT, M_PATCH, M_DELETE, M_OPTIONS,
	M__MAX
};

#define ROUTE_MAX_PARAMS 4
#define RID_LEN 32

struct req {
	enum method	 method;
	const char	*path;		/* decoded path, no query */
	const char	*query;		/* raw query string, "" if none */
	const char	*ctype;		/* Content-Type, "" if none */
	int64_t		 clen;		/* Content-Length, -1 if absent */
	const char	*idem_key;	/* Idempotency-Key, NULL if absent */
	const char	*access_code;	/* X-Access-Code, NULL if absent */
	const char	*auth;		/* Authorization, NULL if absent */
	const char	*api_key;	/* X-Api-Key, NULL if absent */
	const char	*debug_now;	/* X-Debug-Now (test clocks only) */
	const char	*remote_addr;	/* client address, "" if unknown */
	enum lang	 lang;		/* from Accept-Language */
	char		 rid[RID_LEN + 1];	/* request id */
	const unsigned char *body;	/* NUL-terminated copy, or NULL */
	size_t		 bodylen;
	const char	*params[ROUTE_MAX_PARAMS];	/* {name} values */
	size_t		 nparams;
};

#define RESP_MAX_BODY (8u * 1024 * 1024)

struct resp {
	int		 status;	/* 0 until set */
	const char	*ctype;		/* NULL: application/json */
	struct buf	 body;
	char		 location[256];	/* "" when none */
	char		 allow[64];	/* for 405 */
	char		 disposition[320];	/* Content-Disposition */
	char		 accel[320];	/* X-Accel-Redirect (nginx) */
	const char	*file;		/* send this file (CGI fallback) */
	int		 retry_after;	/* seconds, 0 = none */
	int		 replayed;	/* answer repeated for an Idempotency-Key */
	const char	*detail;	/* problem detail, NULL = default */
	struct verrs	*errs;		/* field errors for 400/422 */
};

/* Where a request comes from and its answer goes. */
struct http_io {
	FCGX_Request	*fcgx;		/* NULL: plain CGI on stdin/stdout */
};

/*
 * Reads the request line and headers (the CGI parameters) into req,
 * copying strings into pool.  Returns ERR_OK, or ERR_BAD_REQUEST for an
 * unknown method, a bad Content-Length or over-long header values.
 */
enum err http_read_head(struct http_io *io, struct pool *pool,
    struct req *req);

/*
 * Reads the body: exactly req->clen bytes, at most max.  Returns ERR_OK,
 * ERR_TOO_LARGE (declared length over max), ERR_LENGTH_REQUIRED, or
 * ERR_BAD_REQUEST when fewer or more bytes arrive than declared.
 */
enum err http_read_body(struct http_io *io, struct pool *pool,
    struct req *req, size_t max);

/* Reads and discards what is left of the body (bounded by the server's
 * own body limit), so the web server never sees the answer early. */
void http_drain(struct http_io *io);

/* Writes the answer: status line, headers, body.  Returns 0 or -1. */
int http_write(struct http_io *io, const struct req *req,
    const struct resp *r);

/* Prepares an empty answer. */
void resp_init(struct resp *r);
/* Releases its body. */
void resp_free(struct resp *r);
/* Serialises obj (its reference is taken and released) as the body with
 * the status.  Returns ERR_OK or ERR_INTERNAL. */
enum err resp_json(struct resp *r, int status, struct json_object *obj);

/* The method's name ("GET"). */
const char *method_name(enum method);

#endif
