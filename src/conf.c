/*
 * conf.c -- the key = value configuration file, read by a table.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "crypto.h"
#include "num.h"

enum ctype { C_STR, C_INT, C_SIZE, C_OCTAL, C_BOOL, C_SECRET };

struct centry {
	const char	*key;
	enum ctype	 type;
	size_t		 off;
	size_t		 size;	/* strings: buffer size */
	int64_t		 min, max;
};

#define S(k, m) { k, C_STR, offsetof(struct config, m), \
	sizeof(((struct config *)0)->m), 0, 0 }
#define I(k, m, lo, hi) { k, C_INT, offsetof(struct config, m), 0, lo, hi }
#define Z(k, m, lo, hi) { k, C_SIZE, offsetof(struct config, m), 0, lo, hi }

static const struct centry centries[] = {
	S("listen", listen),
	{ "socket_mode", C_OCTAL, offsetof(struct config, socket_mode), 0,
	    0, 0777 },
	I("workers", workers, 1, 256),
	I("backlog", backlog, 1, 65535),
	S("pid_file", pid_file),
	S("log_file", log_file),
	I("stop_timeout", stop_timeout, 1, 3600),
	S("db_socket", db_socket),
	S("db_host", db_host),
	I("db_port", db_port, 1, 65535),
	S("db_name", db_name),
	S("db_user", db_user),
	S("db_password", db_password),
	S("db_admin_user", db_admin_user),
	S("db_admin_password", db_admin_password),
	I("db_timeout", db_timeout, 1, 600),
	Z("json_max", json_max, 1024, 16 * 1024 * 1024),
	Z("pool_max", pool_max, 1024 * 1024, 1024 * 1024 * 1024),
	I("refresh_seconds", refresh_seconds, 1, 86400),
	S("evidence_dir", evidence_dir),
	Z("evidence_max", evidence_max, 1024, 1024LL * 1024 * 1024),
	I("evidence_per_case", evidence_per_case, 1, 1000),
	{ "evidence_accel", C_BOOL, offsetof(struct config, evidence_accel),
	    0, 0, 1 },
	{ "secret", C_SECRET, offsetof(struct config, secret), 32, 0, 0 },
	I("idempotency_hours", idempotency_hours, 1, 24 * 365),
	I("lookup_failures", lookup_failures, 1, 100000),
	I("lookup_window", lookup_window, 1, 86400),
	I("token_idle_minutes", token_idle_minutes, 1, 7 * 24 * 60),
	I("token_max_hours", token_max_hours, 1, 24 * 31),
	I("login_failures", login_failures, 1, 1000),
	I("login_addr_failures", login_addr_failures, 1, 100000),
	I("login_window", login_window, 1, 86400),
	I("password_min_length", password_min_length, 8, 64),
	{ "debug_clock", C_BOOL, offsetof(struct config, debug_clock), 0, 0,
	    1 },
	S("credit_url", credit_url),
	S("credit_app_key", credit_app_key),
	S("credit_secret", credit_secret),
	S("credit_sjbm_prefix", credit_sjbm_prefix),
	I("credit_batch", credit_batch, 1, 200),
	Z("credit_max_body", credit_max_body, 4096, 2 * 1024 * 1024),
	I("credit_connect_ms", credit_connect_ms, 100, 600000),
	I("credit_timeout_ms", credit_timeout_ms, 500, 3600000),
	I("credit_low_speed_s", credit_low_speed_s, 1, 3600),
	Z("credit_answer_max", credit_answer_max, 65536, 256 * 1024 * 1024),
	I("credit_lease_s", credit_lease_s, 2, 86400),
	I("credit_backoff_ms", credit_backoff_ms, 1, 3600000),
	I("credit_backoff_max_ms", credit_backoff_max_ms, 1, 86400000),
	I("credit_poll_ms", credit_poll_ms, 10, 3600000),
	I("credit_nightly_s", credit_nightly_s, 1, 86400),
	S("sync_log_file", sync_log_file),
};

#define AT(cfg, off, type) ((type *)(void *)((char *)(cfg) + (off)))

void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->listen, sizeof(cfg->listen), "/run/ipdesk/ipdesk.sock");
	cfg->socket_mode = 0660;
	cfg->workers = 8;
	cfg->backlog = 256;
	cfg->stop_timeout = 30;
	snprintf(cfg->db_host, sizeof(cfg->db_host), "127.0.0.1");
	cfg->db_port = 3306;
	snprintf(cfg->db_name, sizeof(cfg->db_name), "ipdesk");
	snprintf(cfg->db_user, sizeof(cfg->db_user), "ipdesk");
	cfg->db_timeout = 30;
	cfg->json_max = 64 * 1024;
	cfg->pool_max = 64 * 1024 * 1024;
	cfg->refresh_seconds = 60;
	snprintf(cfg->evidence_dir, sizeof(cfg->evidence_dir),
	    "/var/lib/ipdesk/evidence");
	cfg->evidence_max = 20 * 1024 * 1024;
	cfg->evidence_per_case = 50;
	cfg->evidence_accel = 1;
	cfg->idempotency_hours = 24;
	cfg->lookup_failures = 10;
	cfg->lookup_window = 900;
	cfg->token_idle_minutes = 30;
	cfg->token_max_hours = 12;
	cfg->login_failures = 5;
	cfg->login_addr_failures = 20;
	cfg->login_window = 900;
	cfg->password_min_length = 12;
	cfg->debug_clock = 0;
	snprintf(cfg->credit_sjbm_prefix, sizeof(cfg->credit_sjbm_prefix),
	    "IPDESK");
	cfg->credit_batch = 200;
	cfg->credit_max_body = 2 * 1024 * 1024;
	cfg->credit_connect_ms = 5000;
	cfg->credit_timeout_ms = 60000;
	cfg->credit_low_speed_s = 20;
	cfg->credit_answer_max = 4 * 1024 * 1024;
	cfg->credit_lease_s = 300;
	cfg->credit_backoff_ms = 1000;
	cfg->credit_backoff_max_ms = 300000;
	cfg->credit_poll_ms = 2000;
	cfg->credit_nightly_s = 3600;
}

/* Stores one value; returns 0 or -1 with a reason in err. */
static int
set_value(struct config *cfg, const struct centry *e, const char *v,
    char *err, size_t errsz)
{
	int64_t n;
	size_t	i;

	switch (e->type) {
	case C_STR:
		if (strlen(v) >= e->size) {
			snprintf(err, errsz, "value too long");
			return -1;
		}
		snprintf(AT(cfg, e->off, char), e->size, "%s", v);
		return 0;
	case C_INT:
	case C_SIZE:
		if (num_i64z(v, e->min, e->max, &n) == -1) {
			snprintf(err, errsz, "not a number in [%lld, %lld]",
			    (long long)e->min, (long long)e->max);
			return -1;
		}
		if (e->type == C_INT)
			*AT(cfg, e->off, int) = (int)n;
		else
			*AT(cfg, e->off, size_t) = (size_t)n;
		return 0;
	case C_OCTAL:
		for (n = 0, i = 0; v[i] != '\0' && i < 4; i++) {
			if (v[i] < '0' || v[i] > '7')
				break;
			n = n * 8 + (v[i] - '0');
		}
		if (i == 0 || v[i] != '\0' || n > e->max) {
			snprintf(err, errsz, "not an octal mode");
			return -1;
		}
		*AT(cfg, e->off, int) = (int)n;
		return 0;
	case C_BOOL:
		if (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0)
			*AT(cfg, e->off, int) = 1;
		else if (strcmp(v, "off") == 0 || strcmp(v, "no") == 0)
			*AT(cfg, e->off, int) = 0;
		else {
			snprintf(err, errsz, "not on/off");
			return -1;
		}
		return 0;
	case C_SECRET:
		if (strlen(v) != 64 ||
		    crypto_unhex(v, AT(cfg, e->off, unsigned char), 32) == -1) {
			snprintf(err, errsz, "secret must be 64 hex digits");
			return -1;
		}
		return 0;
	}
	return -1;
}

/* Trims white space at both ends in place. */
static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		s[--n] = '\0';
	return s;
}

static int
parse_line(struct config *cfg, char *line, int *have_secret, char *why,
    size_t whysz)
{
	char	*eq, *key, *val;
	size_t	 i;

	line = trim(line);
	if (line[0] == '\0' || line[0] == '#')
		return 0;
	if ((eq = strchr(line, '=')) == NULL) {
		snprintf(why, whysz, "expected key = value");
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	for (i = 0; i < sizeof(centries) / sizeof(centries[0]); i++) {
		if (strcmp(centries[i].key, key) != 0)
			continue;
		if (centries[i].type == C_SECRET)
			*have_secret = 1;
		return set_value(cfg, &centries[i], val, why, whysz);
	}
	snprintf(why, whysz, "unknown key \"%.64s\"", key);
	return -1;
}

/* What the credit settings must satisfy together. */
static int
credit_rules(const struct config *cfg, char *why, size_t whysz)
{
	const char	*p = cfg->credit_sjbm_prefix;
	size_t		 n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
	    "nopqrstuvwxyz0123456789_-");

	if (n == 0 || p[n] != '\0' || n > 20) {
		snprintf(why, whysz, "credit_sjbm_prefix: 1-20 characters of "
		    "[A-Za-z0-9_-]");
		return -1;
	}
	/* A lease shorter than a request would let a second sender take
	 * a batch still in flight. */
	if ((int64_t)cfg->credit_lease_s * 1000 < 2LL *
	    (cfg->credit_timeout_ms + cfg->credit_connect_ms)) {
		snprintf(why, whysz, "credit_lease_s must be at least twice "
		    "credit_timeout_ms + credit_connect_ms");
		return -1;
	}
	if (cfg->credit_backoff_max_ms < cfg->credit_backoff_ms) {
		snprintf(why, whysz, "credit_backoff_max_ms is below "
		    "credit_backoff_ms");
		return -1;
	}
	return 0;
}

int
config_load(const char *path, struct config *cfg, char *err, size_t errsz)
{
	FILE	*f;
	char	 line[1024], why[160];
	int	 lineno = 0, have_secret = 0, rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errsz, "%s:%d: line too long", path, lineno);
			rc = -1;
		} else if (parse_line(cfg, line, &have_secret, why,
		    sizeof(why)) == -1) {
			snprintf(err, errsz, "%s:%d: %s", path, lineno, why);
			rc = -1;
		}
	}
	fclose(f);
	if (rc == 0 && !have_secret) {
		snprintf(err, errsz, "%s: no secret (64 hex digits) given", path);
		rc = -1;
	}
	if (rc == 0 && credit_rules(cfg, why, sizeof(why)) == -1) {
		snprintf(err, errsz, "%s: %s", path, why);
		rc = -1;
	}
	return rc;
}
