/*
 * query.c -- query-string decoding.
 */
#include "config.h"

#include <string.h>

#include "enums.h"
#include "num.h"
#include "pool.h"
#include "query.h"
#include "utf8.h"
#include "validate.h"

#define AT(out, off, type) ((type *)(void *)((char *)(out) + (off)))

static int
hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) into a pool string; NULL on bad encoding
 * (*bad set) or when memory is short. */
static char *
unescape(struct pool *pool, const char *s, size_t n, int *bad)
{
	char	*d;
	size_t	 i, o = 0;

	if ((d = pool_alloc(pool, n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			d[o++] = ' ';
		else if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= n || (hi = hexv(s[i + 1])) < 0 ||
			    (lo = hexv(s[i + 2])) < 0) {
				*bad = 1;
				return NULL;
			}
			d[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			d[o++] = s[i];
	}
	d[o] = '\0';
	if (memchr(d, '\0', o) != NULL || !utf8_valid(d, o) ||
	    utf8_has_forbidden(d, o, false)) {
		*bad = 1;
		return NULL;
	}
	return d;
}

static void
set_absent(const struct qspec *specs, size_t n, void *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (specs[i].type) {
		case QS_STR:
			*AT(out, specs[i].off, const char *) = NULL;
			break;
		case QS_ENUM:
			*AT(out, specs[i].off, int) = -1;
			break;
		case QS_DATE:
			*AT(out, specs[i].off, int32_t) = 0;
			break;
		default:
			AT(out, specs[i].off, struct opt_i64)->set = false;
			AT(out, specs[i].off, struct opt_i64)->v = 0;
			break;
		}
	}
}

/* Stores one decoded value; records a field error when it is bad. */
static void
store(const struct qspec *q, const char *v, void *out, struct verrs *errs)
{
	size_t	 len = strlen(v);
	int32_t	 ymd;
	int64_t	 i;
	int	 e;

	switch (q->type) {
	case QS_STR:
		if (utf8_count(v, len) > q->max)
			verr_add(errs, q->name, "too_long", (int64_t)q->max);
		else
			*AT(out, q->off, const char *) = v;
		break;
	case QS_ENUM:
		if ((e = enum_find((enum enumid)q->en, v, len)) < 0)
			verr_add(errs, q->name, "invalid_value", 0);
		else
			*AT(out, q->off, int) = e;
		break;
	case QS_DATE:
		if (!parse_date(v, len, &ymd))
			verr_add(errs, q->name, "invalid_date", 0);
		else
			*AT(out, q->off, int32_t) = ymd;
		break;
	default:
		if (num_i64(v, len, q->min, q->maxv, &i) == -1)
			verr_add(errs, q->name, "out_of_range", q->maxv);
		else {
			AT(out, q->off, struct opt_i64)->set = true;
			AT(out, q->off, struct opt_i64)->v = i;
		}
		break;
	}
}

enum qs_result
query_decode(struct pool *pool, const char *query, const struct qspec *specs,
    size_t n, void *out, struct verrs *errs)
{
	const char	*p = query;
	unsigned char	 seen[64];
	size_t		 i;
	int		 bad = 0;

	set_absent(specs, n, out);
	if (strlen(query) > QUERY_MAX || n > sizeof(seen))
		return QS_MALFORMED;
	memset(seen, 0, sizeof(seen));
	while (*p != '\0') {
		size_t		 plen = strcspn(p, "&"), klen;
		const char	*eq = memchr(p, '=', plen);
		char		*key, *val;

		klen = eq ? (size_t)(eq - p) : plen;
		key = unescape(pool, p, klen, &bad);
		val = eq ? unescape(pool, eq + 1, plen - klen - 1, &bad) :
		    pool_strdup(pool, "");
		if (bad)
			return QS_MALFORMED;
		if (key == NULL || val == NULL)
			return QS_NOMEM;
		for (i = 0; i < n && strcmp(specs[i].name, key) != 0; i++)
			;
		if (key[0] == '\0' && val[0] == '\0')
			;	/* "a=1&&b=2": an empty item */
		else if (i == n)
			verr_add(errs, key, "unknown_field", 0);
		else if (seen[i]++)
			verr_add(errs, key, "duplicate_key", 0);
		else if (val[0] != '\0')
			store(&specs[i], val, out, errs);
		p += plen + (p[plen] == '&');
	}
	return errs->n > 0 ? QS_INVALID : QS_OK;
}
