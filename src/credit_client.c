/*
 * credit_client.c -- the only code that talks to the provincial credit
 * platform (shared/credit-sim/PROTOCOL.md), with libcurl: every attempt
 * signed afresh (new timestamp and nonce, the same body), HTTP and HTTPS
 * only, no redirects, connect / total / low-speed timeouts, the answer
 * capped, Retry-After and X-Request-Id read.  Each attempt has its own
 * connection (see credit_call).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "conf.h"
#include "credit.h"
#include "credit_client.h"
#include "crypto.h"

struct credit_client {
	CURL			*curl;
	const struct config	*cfg;
	struct credit_answer	*a;	/* the answer being read */
	char			 errbuf[CURL_ERROR_SIZE];
};

int
credit_client_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

struct credit_client *
credit_client_new(const struct config *cfg)
{
	struct credit_client *c;

	if (cfg->credit_url[0] == '\0' || (c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->curl = curl_easy_init()) == NULL) {
		free(c);
		return NULL;
	}
	c->cfg = cfg;
	return c;
}

void
credit_client_free(struct credit_client *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->curl);
	free(c);
}

void
credit_answer_init(struct credit_answer *a, size_t max)
{
	memset(a, 0, sizeof(*a));
	buf_init(&a->body, max);
	a->retry_after = -1;
}

void
credit_answer_free(struct credit_answer *a)
{
	buf_free(&a->body);
}

/* Answer bytes, refused past the cap (the transfer then fails). */
static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct credit_client *c = arg;

	if (buf_add(&c->a->body, p, size * n) == -1) {
		c->a->too_large = true;
		return 0;
	}
	return size * n;
}

/* Header lines: Retry-After (seconds) and X-Request-Id. */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct credit_client	*c = arg;
	size_t			 len = size * n, k;
	const char		*v;

	if (len > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		for (v = p + 12; v < p + len && *v == ' '; v++)
			;
		if (v < p + len && isdigit((unsigned char)*v))
			c->a->retry_after = strtol(v, NULL, 10);
	} else if (len > 13 && strncasecmp(p, "X-Request-Id:", 13) == 0) {
		for (v = p + 13; v < p + len && *v == ' '; v++)
			;
		for (k = 0; v + k < p + len && k + 1 < sizeof(c->a->request_id) &&
		    isgraph((unsigned char)v[k]); k++)
			c->a->request_id[k] = v[k];
		c->a->request_id[k] = '\0';
	}
	return len;
}

static struct curl_slist *
headers(const struct credit_client *c, const char *method, const char *path,
    const void *body, size_t len)
{
	struct curl_slist	*h = NULL, *t;
	unsigned char		 rnd[16];
	char			 nonce[33], ts[24], sig[65], line[256];

	crypto_random(rnd, sizeof(rnd));
	crypto_hex(rnd, sizeof(rnd), nonce);
	snprintf(ts, sizeof(ts), "%lld", (long long)time(NULL));
	credit_sign(c->cfg->credit_secret, method, path, ts, nonce, body, len,
	    sig);
	snprintf(line, sizeof(line), "X-App-Key: %s", c->cfg->credit_app_key);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Timestamp: %s", ts);
	h = (t = curl_slist_append(h, line)) ? t : h;
	snprintf(line, sizeof(line), "X-Nonce: %s", nonce);
	h = (t = curl_slist_append(h, line)) ? t : h;
	snprintf(line, sizeof(line), "X-Signature: %s", sig);
	h = (t = curl_slist_append(h, line)) ? t : h;
	if (body != NULL) {
		h = (t = curl_slist_append(h,
		    "Content-Type: application/json")) ? t : h;
		/* No 100-continue round trip: bodies are small. */
		h = (t = curl_slist_append(h, "Expect:")) ? t : h;
	}
	return h;
}

int
credit_call(struct credit_client *c, const char *method, const char *path,
    const void *body, size_t len, struct credit_answer *a)
{
	const struct config	*cfg = c->cfg;
	struct curl_slist	*h;
	char			 url[CONF_PATH + 256];
	long			 status = 0;
	CURLcode		 rc;

	buf_reset(&a->body);
	a->status = 0;
	a->retry_after = -1;
	a->too_large = false;
	a->request_id[0] = a->error[0] = '\0';
	snprintf(url, sizeof(url), "%s%s", cfg->credit_url, path);
	if ((h = headers(c, method, path, body, len)) == NULL) {
		snprintf(a->error, sizeof(a->error), "out of memory");
		return -1;
	}
	c->a = a;
	c->errbuf[0] = '\0';
	curl_easy_reset(c->curl);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->curl, CURLOPT_FOLLOWLOCATION, 0L);
	/* A new connection per attempt: on a reused connection that died
	 * unanswered, libcurl resends the request by itself with the same
	 * signed headers, which the platform refuses as a replayed nonce
	 * (and an answer lost after processing is exactly such a case). */
	curl_easy_setopt(c->curl, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(c->curl, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)cfg->credit_connect_ms);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, (long)cfg->credit_timeout_ms);
	curl_easy_setopt(c->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c->curl, CURLOPT_LOW_SPEED_TIME,
	    (long)cfg->credit_low_speed_s);
	curl_easy_setopt(c->curl, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)cfg->credit_answer_max);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(c->curl, CURLOPT_USERAGENT, "ipdesk-sync/" VERSION);
	if (body != NULL) {
		curl_easy_setopt(c->curl, CURLOPT_POST, 1L);
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
	} else
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	rc = curl_easy_perform(c->curl);
	curl_slist_free_all(h);
	c->a = NULL;
	if (rc != CURLE_OK) {
		snprintf(a->error, sizeof(a->error), "%s%.200s",
		    a->too_large ? "answer too large: " : "",
		    c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	a->status = (int)status;
	return 0;
}
