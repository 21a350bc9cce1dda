/*
 * http.c -- reading requests and writing answers over FastCGI or CGI.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "crypto.h"
#include "http.h"
#include "num.h"
#include "pool.h"

#define HDR_MAX 8192		/* longest header value we look at */
#define DRAIN_MAX (64u * 1024 * 1024)

static const char *const methods[M__MAX] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
};

const char *
method_name(enum method m)
{
	return m < M__MAX ? methods[m] : "";
}

/* A CGI parameter, from fcgi2's environment or the process's. */
static const char *
param(struct http_io *io, const char *name)
{
	if (io->fcgx != NULL)
		return FCGX_GetParam(name, io->fcgx->envp);
	return getenv(name);
}

/* Copies a parameter into the pool; NULL when absent or too long
 * (*toolong set). */
static const char *
param_copy(struct http_io *io, struct pool *pool, const char *name,
    int *toolong)
{
	const char	*v = param(io, name);
	size_t		 len;

	if (v == NULL)
		return NULL;
	if ((len = strlen(v)) > HDR_MAX) {
		*toolong = 1;
		return NULL;
	}
	return pool_strndup(pool, v, len);
}

/* The language asked for: English when "en" ranks above "zh" in
 * Accept-Language, Simplified Chinese otherwise. */
static enum lang
pick_lang(const char *al)
{
	double	 best_en = -1, best_zh = -1;
	const char *p = al;

	if (al == NULL)
		return LANG_ZH;
	while (*p != '\0') {
		size_t	 n = strcspn(p, ",");
		double	 q = 1.0;
		const char *semi = memchr(p, ';', n);
		size_t	 tlen = semi ? (size_t)(semi - p) : n;

		while (tlen > 0 && *p == ' ') {
			p++; n--; tlen--;
		}
		if (semi != NULL) {
			const char *qs = strstr(semi, "q=");

			if (qs != NULL && qs < p + n)
				q = strtod(qs + 2, NULL);
		}
		if (tlen >= 2 && strncasecmp(p, "en", 2) == 0 &&
		    (tlen == 2 || p[2] == '-') && q > best_en)
			best_en = q;
		if (tlen >= 2 && strncasecmp(p, "zh", 2) == 0 &&
		    (tlen == 2 || p[2] == '-') && q > best_zh)
			best_zh = q;
		p += n;
		if (*p == ',')
			p++;
	}
	return best_en > 0 && best_en > best_zh ? LANG_EN : LANG_ZH;
}

/* Uses the web server's request id when it looks like one, else makes
 * one, so every answer and log line can be matched. */
static void
set_rid(struct req *req, const char *given)
{
	unsigned char	 rnd[RID_LEN / 2];
	size_t		 i, n = given ? strlen(given) : 0;

	if (n >= 8 && n <= RID_LEN) {
		for (i = 0; i < n; i++)
			if (strchr("0123456789abcdefABCDEF-", given[i]) == NULL)
				break;
		if (i == n) {
			memcpy(req->rid, given, n + 1);
			return;
		}
	}
	if (crypto_random(rnd, sizeof(rnd)) == -1)
		memset(rnd, 0, sizeof(rnd));
	crypto_hex(rnd, sizeof(rnd), req->rid);
}

static enum method
parse_method(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < M__MAX; i++)
		if (strcmp(s, methods[i]) == 0)
			return (enum method)i;
	return M__MAX;
}

/* The path to route on: nginx's normalised $document_uri, else the path
 * part of REQUEST_URI, else SCRIPT_NAME + PATH_INFO (plain CGI). */
static const char *
req_path(struct http_io *io, struct pool *pool, int *toolong)
{
	const char *p;

	if ((p = param_copy(io, pool, "DOCUMENT_URI", toolong)) != NULL)
		return p;
	if ((p = param(io, "REQUEST_URI")) != NULL) {
		size_t n = strcspn(p, "?");

		if (n > HDR_MAX) {
			*toolong = 1;
			return NULL;
		}
		return pool_strndup(pool, p, n);
	}
	p = pool_printf(pool, "%s%s", param(io, "SCRIPT_NAME") ?
	    param(io, "SCRIPT_NAME") : "", param(io, "PATH_INFO") ?
	    param(io, "PATH_INFO") : "");
	if (p != NULL && strlen(p) > HDR_MAX)
		*toolong = 1;
	return p;
}

enum err
http_read_head(struct http_io *io, struct pool *pool, struct req *req)
{
	const char	*cl;
	int		 toolong = 0;

	memset(req, 0, sizeof(*req));
	set_rid(req, param(io, "REQUEST_ID"));
	req->lang = pick_lang(param(io, "HTTP_ACCEPT_LANGUAGE"));
	req->method = parse_method(param(io, "REQUEST_METHOD"));
	req->path = req_path(io, pool, &toolong);
	req->query = param_copy(io, pool, "QUERY_STRING", &toolong);
	req->ctype = param_copy(io, pool, "CONTENT_TYPE", &toolong);
	req->idem_key = param_copy(io, pool, "HTTP_IDEMPOTENCY_KEY", &toolong);
	req->access_code = param_copy(io, pool, "HTTP_X_ACCESS_CODE", &toolong);
	req->auth = param_copy(io, pool, "HTTP_AUTHORIZATION", &toolong);
	req->api_key = param_copy(io, pool, "HTTP_X_API_KEY", &toolong);
	req->debug_now = param_copy(io, pool, "HTTP_X_DEBUG_NOW", &toolong);
	req->remote_addr = param_copy(io, pool, "REMOTE_ADDR", &toolong);
	if (req->query == NULL)
		req->query = "";
	if (req->ctype == NULL)
		req->ctype = "";
	if (req->remote_addr == NULL)
		req->remote_addr = "";
	req->clen = -1;
	cl = param(io, "CONTENT_LENGTH");
	if (cl != NULL && cl[0] != '\0' &&
	    num_i64z(cl, 0, INT64_MAX, &req->clen) == -1)
		return ERR_BAD_REQUEST;
	if (req->method == M__MAX || req->path == NULL || toolong)
		return ERR_BAD_REQUEST;
	return ERR_OK;
}

/* Reads up to n bytes; returns the count (0 at the end of the body). */
static size_t
read_some(struct http_io *io, unsigned char *p, size_t n)
{
	int r;

	if (io->fcgx != NULL) {
		r = FCGX_GetStr((char *)p, n > INT32_MAX ? INT32_MAX : (int)n,
		    io->fcgx->in);
		return r > 0 ? (size_t)r : 0;
	}
	return fread(p, 1, n, stdin);
}

enum err
http_read_body(struct http_io *io, struct pool *pool, struct req *req,
    size_t max)
{
	unsigned char	*p, extra;
	size_t		 got = 0, n;

	if (req->clen < 0)
		return ERR_LENGTH_REQUIRED;
	if ((uint64_t)req->clen > max)
		return ERR_TOO_LARGE;
	if ((p = pool_alloc(pool, (size_t)req->clen + 1)) == NULL)
		return ERR_TOO_LARGE;
	while (got < (size_t)req->clen) {
		n = read_some(io, p + got, (size_t)req->clen - got);
		if (n == 0)
			break;
		got += n;
	}
	if (got != (size_t)req->clen)
		return ERR_BAD_REQUEST;	/* fewer bytes than declared */
	if (read_some(io, &extra, 1) != 0)
		return ERR_BAD_REQUEST;	/* more bytes than declared */
	p[got] = '\0';
	req->body = p;
	req->bodylen = got;
	return ERR_OK;
}

void
http_drain(struct http_io *io)
{
	unsigned char	 junk[16384];
	size_t		 total = 0, n;

	while (total < DRAIN_MAX && (n = read_some(io, junk, sizeof(junk))) > 0)
		total += n;
}

static int
out(struct http_io *io, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (io->fcgx != NULL)
		return FCGX_PutStr(p, (int)n, io->fcgx->out) == (int)n ? 0 : -1;
	return fwrite(p, 1, n, stdout) == n ? 0 : -1;
}

/* Copies a CGI-fallback file to the output. */
static int
send_file(struct http_io *io, const char *path)
{
	FILE	*f;
	char	 chunk[65536];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = out(io, chunk, n);
	fclose(f);
	return rc;
}

int
http_write(struct http_io *io, const struct req *req, const struct resp *r)
{
	struct buf	 h;
	int		 rc;

	buf_init(&h, 4096);
	buf_printf(&h, "Status: %d %s\r\n", r->status,
	    http_status_text(r->status));
	buf_printf(&h, "Content-Type: %s\r\n", r->ctype != NULL ? r->ctype :
	    "application/json; charset=utf-8");
	buf_printf(&h, "X-Request-Id: %s\r\n", req->rid);
	buf_adds(&h, "Cache-Control: no-store\r\n");
	buf_adds(&h, "X-Content-Type-Options: nosniff\r\n");
	buf_printf(&h, "Content-Language: %s\r\n",
	    req->lang == LANG_EN ? "en" : "zh-CN");
	if (r->location[0] != '\0')
		buf_printf(&h, "Location: %s\r\n", r->location);
	if (r->allow[0] != '\0')
		buf_printf(&h, "Allow: %s\r\n", r->allow);
	if (r->retry_after > 0)
		buf_printf(&h, "Retry-After: %d\r\n", r->retry_after);
	if (r->replayed)
		buf_adds(&h, "Idempotent-Replayed: true\r\n");
	if (r->disposition[0] != '\0')
		buf_printf(&h, "Content-Disposition: %s\r\n", r->disposition);
	if (r->accel[0] != '\0' && io->fcgx != NULL)
		buf_printf(&h, "X-Accel-Redirect: %s\r\n", r->accel);
	else if (r->body.len > 0 || r->file == NULL)
		buf_printf(&h, "Content-Length: %zu\r\n", r->body.len);
	buf_adds(&h, "\r\n");
	rc = out(io, h.p, h.len);
	buf_free(&h);
	if (rc == 0 && req->method != M_HEAD) {
		if (r->accel[0] != '\0' && io->fcgx != NULL)
			return 0;
		if (r->file != NULL && r->body.len == 0)
			rc = send_file(io, r->file);
		else
			rc = out(io, r->body.p, r->body.len);
	}
	return rc;
}

void
resp_init(struct resp *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->body, RESP_MAX_BODY);
}

void
resp_free(struct resp *r)
{
	buf_free(&r->body);
}

enum err
resp_json(struct resp *r, int status, struct json_object *obj)
{
	const char	*s;
	size_t		 len;

	if (obj == NULL)
		return ERR_INTERNAL;
	s = json_object_to_json_string_length(obj, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	buf_reset(&r->body);
	if (s == NULL || buf_add(&r->body, s, len) == -1) {
		json_object_put(obj);
		return ERR_INTERNAL;
	}
	json_object_put(obj);
	r->status = status;
	r->ctype = NULL;
	return ERR_OK;
}
