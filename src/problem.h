/*
 * problem.h -- the one error enum of ipdesk and its mapping to HTTP
 * status and RFC 9457 problem types.  Numbers are never reused.  Only
 * problem.c writes application/problem+json.
 */
#ifndef IPDESK_PROBLEM_H
#define IPDESK_PROBLEM_H

#include "enums.h"

enum err {
	ERR_OK = 0,
	ERR_BAD_REQUEST,	/* 400 malformed request line/headers/query */
	ERR_MALFORMED,		/* 400 malformed body */
	ERR_UNAUTHORIZED,	/* 401 no or bad credentials */
	ERR_FORBIDDEN,		/* 403 authenticated but not allowed */
	ERR_NOT_FOUND,		/* 404 unknown or not yours */
	ERR_METHOD,		/* 405 with Allow */
	ERR_CONFLICT,		/* 409 state conflict */
	ERR_LENGTH_REQUIRED,	/* 411 body without Content-Length */
	ERR_TOO_LARGE,		/* 413 body or file over its limit */
	ERR_MEDIA_TYPE,		/* 415 wrong Content-Type */
	ERR_VALIDATION,		/* 422 field errors */
	ERR_IDEMPOTENCY,	/* 422 Idempotency-Key reused, other body */
	ERR_THROTTLED,		/* 429 with Retry-After */
	ERR_INTERNAL,		/* 500 a bug: never for bad input */
	ERR_UNAVAILABLE,	/* 503 database unreachable, with Retry-After */
	ERR__MAX
};

/* The HTTP status of an error (200 for ERR_OK). */
int err_status(enum err);
/* A stable slug naming the error ("validation-error"). */
const char *err_slug(enum err);
/* "Created", "Not Found", ... for a status ("" if unknown). */
const char *http_status_text(int status);

/* The message of a field error code in lang, with param substituted;
 * written into out (outsz bytes); returns out. */
char *field_message(const char *code, long long param, enum lang lang,
    char *out, size_t outsz);

/* A short English reason from a parser ("JSON syntax error") in lang:
 * the Chinese text when known, else the English one. */
const char *problem_text(const char *en, enum lang lang);

struct resp;

/*
 * Makes resp a problem+json answer for e: sets status, content type and
 * body from e, resp->detail (or the error's default detail) and
 * resp->errs (field errors, when present).  Returns 0 or -1 when the
 * body could not be built (the caller then sends a bare status).
 */
int problem_render(struct resp *r, enum err e, enum lang lang);

#endif
