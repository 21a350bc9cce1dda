/*
 * test-route.c -- unit tests of route matching (http_route.h) against a
 * table of the test's own, so that the test does not depend on the
 * application's routes: exact paths, {param} capture with its character
 * set and 64-character limit, several parameters, trailing slashes and
 * empty segments, HEAD answering from GET, and 404 versus 405 with the
 * Allow list.
 *
 * Every path is matched with a buffer of exactly strlen(path) + 1 bytes
 * on the heap, the least route_match() may be given, so that ASan sees
 * any write past it.
 */
#include <stdlib.h>
#include <string.h>

#include "http_route.h"
#include "tap.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Handlers are never called here; .op names the route found. */
static const struct route table[] = {
	{ .method = M_GET, .pattern = "/api/v1/health", .op = "health" },
	{ .method = M_GET, .pattern = "/api/v1/things", .op = "listThings" },
	{ .method = M_POST, .pattern = "/api/v1/things", .op = "addThing" },
	{ .method = M_GET, .pattern = "/api/v1/things/special",
	  .op = "special" },
	{ .method = M_GET, .pattern = "/api/v1/things/{id}",
	  .op = "getThing" },
	{ .method = M_DELETE, .pattern = "/api/v1/things/{id}",
	  .op = "deleteThing" },
	{ .method = M_POST, .pattern = "/api/v1/things/{id}/notes",
	  .op = "addNote" },
	{ .method = M_GET, .pattern = "/api/v1/things/{id}/notes/{note}",
	  .op = "getNote" },
	{ .method = M_PUT, .pattern = "/api/v1/things/{id}/notes/{note}",
	  .op = "putNote" },
	{ .method = M_POST, .pattern = "/api/v1/four/{a}/{b}/{c}/{d}",
	  .op = "four" },
	{ .method = M_POST, .pattern = "/api/v1/five/{a}/{b}/{c}/{d}/{e}",
	  .op = "five" },
	{ .method = M_GET, .pattern = "/api/v1/files/{name}.txt",
	  .op = "file" },
};

struct match {
	enum route_res		 res;
	const struct route	*found;
	const char		*params[ROUTE_MAX_PARAMS];
	size_t			 nparams;
	char			*buf;	/* exactly strlen(path) + 1 bytes */
	char			 allow[64];
};

/* Matches m and path against the table; the caller frees r->buf. */
static enum route_res
do_match(struct match *r, enum method m, const char *path)
{
	size_t bufsz = strlen(path) + 1;

	memset(r, 0, sizeof(*r));
	memset(r->allow, 'z', sizeof(r->allow));
	if ((r->buf = malloc(bufsz)) == NULL)
		abort();
	r->res = route_match(table, NELEM(table), m, path, &r->found,
	    r->params, &r->nparams, r->buf, bufsz, r->allow,
	    sizeof(r->allow));
	return r->res;
}

/* Expects m path to find the route named op, with no parameters. */
static void
found(enum method m, const char *path, const char *op)
{
	struct match r;

	do_match(&r, m, path);
	if (!ok(r.res == ROUTE_FOUND && r.found != NULL &&
	    strcmp(r.found->op, op) == 0 && r.nparams == 0,
	    "%s %s finds %s", method_name(m), path, op))
		printf("#   res %d, op %s, %zu params\n", (int)r.res,
		    r.found ? r.found->op : "(none)", r.nparams);
	free(r.buf);
}

/* Expects m path to find op with one parameter of value want. */
static void
found1(enum method m, const char *path, const char *op, const char *want)
{
	struct match r;

	do_match(&r, m, path);
	if (!ok(r.res == ROUTE_FOUND && r.found != NULL &&
	    strcmp(r.found->op, op) == 0 && r.nparams == 1 &&
	    strcmp(r.params[0], want) == 0,
	    "%s %s finds %s with {%s}", method_name(m), path, op, want))
		printf("#   res %d, op %s, %zu params, first %s\n",
		    (int)r.res, r.found ? r.found->op : "(none)", r.nparams,
		    r.nparams > 0 ? r.params[0] : "(none)");
	free(r.buf);
}

static void
not_found(enum method m, const char *path, const char *why)
{
	struct match r;

	do_match(&r, m, path);
	if (!ok(r.res == ROUTE_NOT_FOUND && r.found == NULL &&
	    r.nparams == 0 && r.allow[0] == '\0',
	    "%s \"%s\" is 404 (%s)", method_name(m), path, why))
		printf("#   res %d, op %s\n", (int)r.res,
		    r.found ? r.found->op : "(none)");
	free(r.buf);
}

static void
bad_method(enum method m, const char *path, const char *allow)
{
	struct match r;

	do_match(&r, m, path);
	if (!ok(r.res == ROUTE_BAD_METHOD && r.found == NULL &&
	    strcmp(r.allow, allow) == 0,
	    "%s %s is 405, Allow: %s", method_name(m), path, allow))
		printf("#   res %d, allow \"%.*s\"\n", (int)r.res,
		    (int)sizeof(r.allow), r.allow);
	free(r.buf);
}

static void
test_exact(void)
{
	found(M_GET, "/api/v1/health", "health");
	found(M_GET, "/api/v1/things", "listThings");
	found(M_POST, "/api/v1/things", "addThing");
	found(M_GET, "/api/v1/things/special",
	    "special");	/* listed before {id}: the table's order wins */
	not_found(M_GET, "/api/v1/healt", "prefix of a route");
	not_found(M_GET, "/api/v1/healthz", "route plus a character");
	not_found(M_GET, "/API/v1/health", "paths are case-sensitive");
	not_found(M_GET, "", "empty path");
	not_found(M_GET, "/", "root");
	not_found(M_GET, "/api/v1", "parent of every route");
	not_found(M_GET, "api/v1/health", "no leading slash");
}

static void
test_slashes(void)
{
	not_found(M_GET, "/api/v1/health/", "trailing slash");
	not_found(M_GET, "/api/v1/things/", "trailing slash where {id} may "
	    "follow: empty parameter");
	not_found(M_GET, "/api/v1//health", "empty segment");
	not_found(M_GET, "//api/v1/health", "doubled leading slash");
	not_found(M_POST, "/api/v1/things//notes", "empty {id} segment");
	not_found(M_GET, "/api/v1/things/t1/notes/", "empty {note}");
	not_found(M_GET, "/api/v1/things/t1/", "trailing slash after {id}");
	not_found(M_GET, "/api/v1/things/a/b", "parameter cannot hold /");
}

static void
test_params(void)
{
	static const char ok64[] = "/api/v1/things/"
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
	static const char long65[] = "/api/v1/things/"
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_x";
	struct match r;

	found1(M_GET, "/api/v1/things/t1", "getThing", "t1");
	found1(M_GET, "/api/v1/things/a", "getThing", "a");
	found1(M_GET, "/api/v1/things/IP2026-000123_x", "getThing",
	    "IP2026-000123_x");
	found1(M_DELETE, "/api/v1/things/t1", "deleteThing", "t1");
	found1(M_POST, "/api/v1/things/t1/notes", "addNote", "t1");
	found1(M_GET, "/api/v1/things/specials", "getThing", "specials");
	found1(M_GET, "/api/v1/files/report.txt", "file", "report");
	found1(M_GET, ok64, "getThing", ok64 + 15);
	not_found(M_GET, long65, "65-character parameter");
	not_found(M_GET, "/api/v1/things/a.b", "'.' not in the charset");
	not_found(M_GET, "/api/v1/things/a%2Fb", "'%' not in the charset");
	not_found(M_GET, "/api/v1/things/a b", "space");
	not_found(M_GET, "/api/v1/things/a~b", "'~'");
	not_found(M_GET, "/api/v1/things/a+b", "'+'");
	not_found(M_GET, "/api/v1/things/..", "dot-dot");
	not_found(M_GET, "/api/v1/things/\xe4\xb8\xad", "non-ASCII");
	not_found(M_GET, "/api/v1/things/a\tb", "control character");
	not_found(M_GET, "/api/v1/files/.txt", "empty parameter before .txt");
	not_found(M_GET, "/api/v1/files/a.b.txt", "'.' inside {name}");
	not_found(M_GET, "/api/v1/files/report.txt2", "text after .txt");

	/* Two parameters. */
	do_match(&r, M_GET, "/api/v1/things/t-1/notes/n_2");
	ok(r.res == ROUTE_FOUND && r.found != NULL &&
	    strcmp(r.found->op, "getNote") == 0 && r.nparams == 2 &&
	    strcmp(r.params[0], "t-1") == 0 &&
	    strcmp(r.params[1], "n_2") == 0, "two parameters captured");
	ok(r.params[0] >= r.buf && r.params[1] >= r.buf &&
	    r.params[1] + strlen(r.params[1]) <
	    r.buf + strlen("/api/v1/things/t-1/notes/n_2") + 1,
	    "parameters point into buf");
	free(r.buf);

	do_match(&r, M_PUT, "/api/v1/things/t1/notes/n2");
	ok(r.res == ROUTE_FOUND && strcmp(r.found->op, "putNote") == 0 &&
	    r.nparams == 2 && strcmp(r.params[1], "n2") == 0,
	    "PUT on the two-parameter path");
	free(r.buf);

	/* ROUTE_MAX_PARAMS values fit; one more cannot match. */
	do_match(&r, M_POST, "/api/v1/four/w/x/y/z");
	ok(r.res == ROUTE_FOUND && r.nparams == 4 &&
	    strcmp(r.params[0], "w") == 0 && strcmp(r.params[1], "x") == 0 &&
	    strcmp(r.params[2], "y") == 0 && strcmp(r.params[3], "z") == 0,
	    "ROUTE_MAX_PARAMS (%d) parameters, in a buffer of exactly "
	    "strlen(path) + 1", ROUTE_MAX_PARAMS);
	free(r.buf);
	not_found(M_POST, "/api/v1/five/v/w/x/y/z",
	    "a route with more than ROUTE_MAX_PARAMS parameters");

	/* Longest values in a buffer of exactly the path's size. */
	do_match(&r, M_GET, ok64);
	ok(r.res == ROUTE_FOUND && strlen(r.params[0]) == 64,
	    "a 64-character value in a buffer of the path's size");
	free(r.buf);
}

static void
test_methods(void)
{
	struct match	r;
	char		small[8];
	char		buf[64];
	const char	*params[ROUTE_MAX_PARAMS];
	const struct route *rt;
	size_t		np;

	/* HEAD answers from GET. */
	do_match(&r, M_HEAD, "/api/v1/health");
	ok(r.res == ROUTE_FOUND && r.found != NULL &&
	    r.found->method == M_GET && strcmp(r.found->op, "health") == 0,
	    "HEAD finds the GET route");
	free(r.buf);
	found1(M_HEAD, "/api/v1/things/t9", "getThing", "t9");

	/* 405 with the methods the path has, HEAD after each GET. */
	bad_method(M_PUT, "/api/v1/things", "GET, HEAD, POST");
	bad_method(M_DELETE, "/api/v1/things", "GET, HEAD, POST");
	bad_method(M_PATCH, "/api/v1/things/t1", "GET, HEAD, DELETE");
	bad_method(M_POST, "/api/v1/health", "GET, HEAD");
	bad_method(M_OPTIONS, "/api/v1/health", "GET, HEAD");
	bad_method(M_GET, "/api/v1/things/t1/notes", "POST");
	bad_method(M_HEAD, "/api/v1/things/t1/notes",
	    "POST");	/* HEAD is only offered where GET is */
	bad_method(M_DELETE, "/api/v1/things/t1/notes/n1", "GET, HEAD, PUT");
	bad_method(M_GET, "/api/v1/four/a/b/c/d", "POST");
	/* "special" matches its own GET route and {id}'s GET and DELETE. */
	bad_method(M_PUT, "/api/v1/things/special", "GET, HEAD, DELETE");

	/* A found route leaves the parameters of that route in buf, even
	 * when later routes of the table match the path too. */
	do_match(&r, M_DELETE, "/api/v1/things/special");
	ok(r.res == ROUTE_FOUND && strcmp(r.found->op, "deleteThing") == 0 &&
	    r.nparams == 1 && strcmp(r.params[0], "special") == 0,
	    "DELETE .../special finds {id} = special");
	free(r.buf);

	/* The Allow buffer's size is respected. */
	memset(small, 'z', sizeof(small));
	rt = NULL;
	np = 99;
	ok(route_match(table, NELEM(table), M_PUT, "/api/v1/things", &rt,
	    params, &np, buf, sizeof(buf), small, sizeof(small)) ==
	    ROUTE_BAD_METHOD && memchr(small, '\0', sizeof(small)) != NULL &&
	    strncmp(small, "GET, HE", 7) == 0 && rt == NULL && np == 0,
	    "Allow cut to its buffer, still terminated");

	/* An empty table knows no path. */
	rt = &table[0];
	ok(route_match(table, 0, M_GET, "/api/v1/health", &rt, params, &np,
	    buf, sizeof(buf), small, sizeof(small)) == ROUTE_NOT_FOUND &&
	    rt == NULL, "an empty table answers 404");
}

int
main(void)
{
	test_exact();
	test_slashes();
	test_params();
	test_methods();
	return tap_done();
}
