/*
 * http_route.c -- matching a method and path against the route table.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "http_route.h"

#define PARAM_MAX 64

static int
param_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * Matches path against pattern; on success stores the {name} values as
 * NUL-terminated copies in buf and pointers in params.  Returns 1 on a
 * match, 0 otherwise.
 */
static int
match(const char *pat, const char *path, const char **params, size_t *np,
    char *buf, size_t bufsz)
{
	size_t used = 0, n = 0;

	while (*pat != '\0') {
		if (*pat == '{') {
			size_t len = 0;

			while (param_char(path[len]))
				len++;
			if (len == 0 || len > PARAM_MAX || n >= ROUTE_MAX_PARAMS ||
			    used + len + 1 > bufsz)
				return 0;
			memcpy(buf + used, path, len);
			buf[used + len] = '\0';
			params[n++] = buf + used;
			used += len + 1;
			path += len;
			if ((pat = strchr(pat, '}')) == NULL)
				return 0;
			pat++;
			continue;
		}
		if (*pat++ != *path++)
			return 0;
	}
	if (*path != '\0')
		return 0;
	*np = n;
	return 1;
}

/* Adds a method name to the Allow list unless present. */
static void
allow_add(char *allow, size_t sz, const char *m)
{
	size_t	 len = strlen(allow);
	const char *p = allow;

	while ((p = strstr(p, m)) != NULL) {
		size_t ml = strlen(m);

		if ((p == allow || p[-1] == ' ') &&
		    (p[ml] == '\0' || p[ml] == ','))
			return;
		p += ml;
	}
	snprintf(allow + len, sz - len, "%s%s", len ? ", " : "", m);
}

enum route_res
route_match(const struct route *table, size_t n, enum method m,
    const char *path, const struct route **found, const char **params,
    size_t *nparams, char *buf, size_t bufsz, char *allow, size_t allowsz)
{
	size_t		 i;
	int		 path_known = 0;
	enum method	 want = m == M_HEAD ? M_GET : m;

	*found = NULL;
	*nparams = 0;
	if (allowsz > 0)
		allow[0] = '\0';
	for (i = 0; i < n; i++) {
		const char	*tmp[ROUTE_MAX_PARAMS];
		size_t		 tn;

		if (!match(table[i].pattern, path, tmp, &tn, buf, bufsz))
			continue;
		path_known = 1;
		allow_add(allow, allowsz, method_name(table[i].method));
		if (table[i].method == M_GET)
			allow_add(allow, allowsz, "HEAD");
		if (table[i].method == want && *found == NULL) {
			*found = &table[i];
			memcpy(params, tmp, sizeof(tmp[0]) * tn);
			*nparams = tn;
			/* Later matches only extend Allow; keep the values
			 * of the route found by matching it again last. */
		}
	}
	if (*found != NULL) {
		/* Re-match so buf holds this route's values. */
		match((*found)->pattern, path, params, nparams, buf, bufsz);
		return ROUTE_FOUND;
	}
	return path_known ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}
