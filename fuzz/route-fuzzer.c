/*
 * route-fuzzer.c -- libFuzzer driver of route_match() over the
 * application's own table (app_routes in routes.c; the program links all
 * of libipdesk for the handlers the table points at, none is called).
 *
 * Input: the first byte picks the method (modulo M__MAX), the rest up to
 * the first NUL is the path.  The match buffer is exactly strlen(path)+1
 * bytes on the heap, the least the contract allows, so ASan sees any
 * write past it.  Beyond the sanitizers it checks the contract:
 * - ROUTE_FOUND: the route is in the table with the method asked (GET
 *   for HEAD); each value is 1-64 characters of [A-Za-z0-9_-] inside buf;
 *   and putting the values back into the pattern gives the path exactly.
 * - ROUTE_BAD_METHOD: Allow is a non-empty, terminated list of distinct
 *   method names, HEAD only after GET, none of them the one asked.
 * - ROUTE_NOT_FOUND: Allow is empty.
 * Finally every route's own pattern, with each {name} filled in, must be
 * found for its method: the table has no route shadowed by another.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_route.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(bool cond)
{
	if (!cond)
		abort();
}

static bool
param_ok(const char *v)
{
	size_t n;

	for (n = 0; v[n] != '\0'; n++)
		if (!((v[n] >= 'A' && v[n] <= 'Z') ||
		    (v[n] >= 'a' && v[n] <= 'z') ||
		    (v[n] >= '0' && v[n] <= '9') || v[n] == '_' || v[n] == '-'))
			return false;
	return n >= 1 && n <= 64;
}

/* Whether pattern with {name} segments replaced by params gives path. */
static bool
rebuilds(const char *pat, const char *const *params, size_t np,
    const char *path)
{
	size_t i = 0, len;

	while (*pat != '\0') {
		if (*pat == '{') {
			if (i >= np)
				return false;
			len = strlen(params[i]);
			if (strncmp(path, params[i], len) != 0)
				return false;
			path += len;
			i++;
			if ((pat = strchr(pat, '}')) == NULL)
				return false;
			pat++;
		} else if (*pat++ != *path++)
			return false;
	}
	return *path == '\0' && i == np;
}

static void
check_allow(const char *allow, size_t sz, enum method asked)
{
	const char	*p = allow, *names[M__MAX];
	size_t		 n = 0, i, len;
	int		 m;
	bool		 seen_get = false;

	check(memchr(allow, '\0', sz) != NULL && allow[0] != '\0');
	while (*p != '\0') {
		len = strcspn(p, ",");
		for (m = 0; m < M__MAX; m++)
			if (strlen(method_name((enum method)m)) == len &&
			    strncmp(p, method_name((enum method)m), len) == 0)
				break;
		check(m < M__MAX && m != (int)asked);
		check(!(asked == M_HEAD && m == M_GET));
		if (m == M_GET)
			seen_get = true;
		check(m != M_HEAD || seen_get);
		for (i = 0; i < n; i++)
			check(strcmp(names[i], method_name((enum method)m)) != 0);
		check(n < M__MAX);
		names[n++] = method_name((enum method)m);
		p += len;
		if (*p == ',') {
			check(p[1] == ' ' && p[2] != '\0');
			p += 2;
		}
	}
}

static void
match_path(enum method m, const char *path)
{
	const struct route	*found = NULL;
	const char		*params[ROUTE_MAX_PARAMS];
	char			 allow[64], *buf;
	size_t			 bufsz = strlen(path) + 1, np = 99, i;
	enum route_res		 res;

	if ((buf = malloc(bufsz)) == NULL)
		return;
	memset(allow, 'z', sizeof(allow));
	res = route_match(app_routes, app_nroutes, m, path, &found, params,
	    &np, buf, bufsz, allow, sizeof(allow));
	switch (res) {
	case ROUTE_FOUND:
		check(found >= app_routes && found < app_routes + app_nroutes);
		check(found->method == (m == M_HEAD ? M_GET : m));
		check(np <= ROUTE_MAX_PARAMS);
		for (i = 0; i < np; i++) {
			check(params[i] >= buf && params[i] < buf + bufsz);
			check(param_ok(params[i]));
		}
		check(rebuilds(found->pattern, params, np, path));
		break;
	case ROUTE_BAD_METHOD:
		check(found == NULL && np == 0);
		check_allow(allow, sizeof(allow), m);
		break;
	case ROUTE_NOT_FOUND:
		check(found == NULL && np == 0 && allow[0] == '\0');
		break;
	default:
		abort();
	}
	free(buf);
}

/* Each route's pattern with its {name}s set to value must find it. */
static void
check_table(const char *value)
{
	char	 path[512];
	size_t	 r, n;

	for (r = 0; r < app_nroutes; r++) {
		const struct route	*rt = &app_routes[r], *found = NULL;
		const char		*p = rt->pattern, *params[ROUTE_MAX_PARAMS];
		char			 allow[64], buf[sizeof(path)];
		size_t			 np;

		for (n = 0; *p != '\0' && n + 65 < sizeof(path); ) {
			if (*p == '{') {
				memcpy(path + n, value, strlen(value));
				n += strlen(value);
				p = strchr(p, '}') + 1;
			} else
				path[n++] = *p++;
		}
		path[n] = '\0';
		check(route_match(app_routes, app_nroutes, rt->method, path,
		    &found, params, &np, buf, sizeof(buf), allow,
		    sizeof(allow)) == ROUTE_FOUND && found == rt);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*path, value[65];
	size_t	 n, i;

	if (size == 0)
		return 0;
	if ((path = malloc(size)) == NULL)
		return 0;
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';
	match_path((enum method)(data[0] % M__MAX), path);

	/* A parameter value from the input, if it is a valid one. */
	for (n = 0, i = 1; i < size && n < 64 && data[i] != '/' &&
	    data[i] != '\0'; i++)
		value[n++] = (char)data[i];
	value[n] = '\0';
	if (param_ok(value))
		check_table(value);
	free(path);
	return 0;
}
