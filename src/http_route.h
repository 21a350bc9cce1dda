/*
 * http_route.h -- routes are data: one table of method, path pattern,
 * handler, required role, body kind and spec, and size limit.  A path
 * that no route has answers 404; a path that exists with other methods
 * answers 405 with Allow.
 */
#ifndef IPDESK_HTTP_ROUTE_H
#define IPDESK_HTTP_ROUTE_H

#include <stddef.h>

#include "http.h"
#include "json_decode.h"
#include "problem.h"

struct ctx;

/* A handler gets the decoded body (NULL for routes without one) and
 * fills resp; app.c writes it.  It returns ERR_OK or the error. */
typedef enum err (*handler_fn)(struct ctx *ctx, struct req *req,
    struct resp *resp, void *input);

enum body_kind { BODY_NONE = 0, BODY_JSON, BODY_MULTIPART };

/* The input of a JSON route: field specs, the C struct they fill, and
 * the resource's cross-field checks, run after the field checks pass. */
struct bodyspec {
	const struct fspec	*fields;
	size_t			 nfields;
	size_t			 size;
	void			(*validate)(struct ctx *, void *in,
				    struct verrs *);
};

/* Route flags. */
#define RF_IDEMPOTENT	0x01	/* honours Idempotency-Key */
#define RF_THROTTLED	0x02	/* public lookups counted against abuse */

/* Roles (bit mask); 0 in a route means public. */
#define ROLE_PUBLIC	0u

struct route {
	enum method		 method;
	const char		*pattern;	/* "/api/v1/complaints/{no}" */
	handler_fn		 handler;
	unsigned		 roles;
	enum body_kind		 body;
	const struct bodyspec	*spec;		/* BODY_JSON */
	size_t			 max_body;	/* 0: no body accepted */
	unsigned		 flags;
	const char		*op;		/* OpenAPI operationId */
};

enum route_res { ROUTE_FOUND = 0, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

/* The application's table (routes.c). */
extern const struct route app_routes[];
extern const size_t app_nroutes;

/*
 * Finds the route for method and path in table[0..n).  A pattern segment
 * "{name}" matches one path segment of 1-64 characters [A-Za-z0-9_-];
 * HEAD matches GET routes.  On ROUTE_FOUND, *found is set and the values
 * of the {name} segments are stored in params (pointers into buf, which
 * receives NUL-terminated copies; bufsz >= strlen(path) + 1) and counted
 * in *nparams.  On ROUTE_BAD_METHOD, allow receives the methods the path
 * has, comma-separated ("GET, HEAD, POST").
 */
enum route_res route_match(const struct route *table, size_t n,
    enum method m, const char *path, const struct route **found,
    const char **params, size_t *nparams, char *buf, size_t bufsz,
    char *allow, size_t allowsz);

#endif
