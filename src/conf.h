/*
 * conf.h -- the configuration file: "key = value" lines, '#' comments.
 * Unknown keys and bad values are errors (a typo must not silently fall
 * back to a default).  Time limits and the calendar are not here: they
 * are data in the database, changed with ipdesk-admin.
 */
#ifndef IPDESK_CONF_H
#define IPDESK_CONF_H

#include <stddef.h>
#include <stdint.h>

#define CONF_PATH 256
#define CONF_NAME 128

struct config {
	/* FastCGI program */
	char	 listen[CONF_PATH];	/* unix socket path */
	int	 socket_mode;		/* default 0660 */
	int	 workers;		/* pre-forked workers, default 8 */
	int	 backlog;		/* listen backlog, default 256 */
	char	 pid_file[CONF_PATH];	/* "" = none */
	char	 log_file[CONF_PATH];	/* "" = stderr */
	int	 stop_timeout;		/* seconds before SIGKILL, default 30 */
	/* database */
	char	 db_socket[CONF_PATH];	/* unix socket, or "" for TCP */
	char	 db_host[CONF_NAME];	/* default 127.0.0.1 */
	int	 db_port;		/* default 3306 */
	char	 db_name[CONF_NAME];
	char	 db_user[CONF_NAME];
	char	 db_password[CONF_NAME];
	char	 db_admin_user[CONF_NAME];	/* migrations; "" = db_user */
	char	 db_admin_password[CONF_NAME];
	int	 db_timeout;		/* read/write timeout, seconds */
	/* requests */
	size_t	 json_max;		/* JSON body limit, default 64 KiB */
	size_t	 pool_max;		/* per-request memory, default 64 MiB */
	int	 refresh_seconds;	/* reload calendar/limits, default 60 */
	/* evidence */
	char	 evidence_dir[CONF_PATH];
	size_t	 evidence_max;		/* per file, default 20 MiB */
	int	 evidence_per_case;	/* default 50 */
	int	 evidence_accel;	/* answer with X-Accel-Redirect */
	/* secrets and abuse limits */
	unsigned char secret[32];	/* HMAC/AEAD key, 64 hex digits */
	int	 idempotency_hours;	/* how long keys are kept, default 24 */
	int	 lookup_failures;	/* wrong access codes per window */
	int	 lookup_window;		/* seconds, default 900 */
	/* staff accounts */
	int	 token_idle_minutes;	/* a token unused this long dies (30) */
	int	 token_max_hours;	/* absolute lifetime of a token (12) */
	int	 login_failures;	/* per account per window (5) */
	int	 login_addr_failures;	/* per client address per window (20) */
	int	 login_window;		/* seconds (900) */
	int	 password_min_length;	/* characters (12) */
	/* testing only: honour X-Debug-Now (never in production) */
	int	 debug_clock;
	/* the provincial credit platform (ipdesk-sync) */
	char	 credit_url[CONF_PATH];	/* "" = not configured */
	char	 credit_app_key[CONF_NAME];
	char	 credit_secret[CONF_NAME];
	char	 credit_sjbm_prefix[24];	/* the office's prefix of sjbm */
	int	 credit_batch;		/* records per batch, default 200 */
	size_t	 credit_max_body;	/* bytes per request, default 2 MiB */
	int	 credit_connect_ms;	/* connect timeout, default 5000 */
	int	 credit_timeout_ms;	/* whole request, default 60000 */
	int	 credit_low_speed_s;	/* stalled transfer, default 20 */
	size_t	 credit_answer_max;	/* answer bytes, default 4 MiB */
	int	 credit_lease_s;	/* claim lease, default 300 */
	int	 credit_backoff_ms;	/* first retry delay, default 1000 */
	int	 credit_backoff_max_ms;	/* longest delay, default 300000 */
	int	 credit_poll_ms;	/* idle worker's poll, default 2000 */
	int	 credit_nightly_s;	/* nightly push time limit, 3600 */
	char	 sync_log_file[CONF_PATH];	/* "" = stderr */
};

/* Fills cfg with the defaults. */
void config_defaults(struct config *cfg);

/*
 * Reads the file at path over the defaults.  Returns 0, or -1 with a
 * message naming the line in err.  A missing secret is an error.
 */
int config_load(const char *path, struct config *cfg, char *err,
    size_t errsz);

#endif
