/*
 * query.h -- query strings (application/x-www-form-urlencoded) decoded by
 * specs into C structs, like json_decode.h does for bodies: unknown and
 * repeated parameters, bad values and bad encoding are errors naming the
 * parameter.
 */
#ifndef IPDESK_QUERY_H
#define IPDESK_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "json_decode.h"

struct pool;

#define QUERY_MAX 4096		/* bytes of query string accepted */

enum qs_type {
	QS_STR = 0,	/* text -> const char * (NULL absent), max chars */
	QS_ENUM,	/* a code of enum list `en` -> int (-1 absent) */
	QS_DATE,	/* YYYY-MM-DD -> int32_t yyyymmdd (0 absent) */
	QS_INT,		/* decimal in [min, max] -> struct opt_i64 */
	QS__MAX
};

struct qspec {
	const char	*name;
	enum qs_type	 type;
	size_t		 off;
	size_t		 max;	/* QS_STR: characters */
	int64_t		 min;	/* QS_INT */
	int64_t		 maxv;	/* QS_INT */
	int		 en;	/* QS_ENUM */
};

enum qs_result { QS_OK = 0, QS_MALFORMED, QS_INVALID, QS_NOMEM };

/*
 * Decodes query (NUL-terminated, may be "") into out by specs[0..n).
 * Every member is first set absent.  "+" is a space and %XX a byte; the
 * decoded values must be UTF-8 without control characters.  Empty values
 * ("a=") count as absent.  QS_MALFORMED: bad %-encoding, bad UTF-8 or a
 * query over QUERY_MAX (errs names the parameter when it can);
 * QS_INVALID: errs lists unknown, repeated or bad parameters.
 */
enum qs_result query_decode(struct pool *pool, const char *query,
    const struct qspec *specs, size_t n, void *out, struct verrs *errs);

#endif
