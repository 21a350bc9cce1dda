/*
 * ipdesk-sync -- delivers the credit outbox to the provincial credit
 * platform and reconciles with it (SPEC section 4, PROTOCOL.md).
 *
 * usage: ipdesk-sync [-c config] command	(config: $IPDESK_CONFIG, else
 *						 SYSCONFDIR/ipdesk.conf)
 *   worker			send continuously until SIGTERM / SIGINT
 *				(the request in flight finishes first)
 *   once			send everything pending, then exit
 *   nightly [--date DAY]	send everything pending, reconcile DAY
 *				(default: yesterday, CST) against the
 *				platform's receipts, send the fixes
 *   status			the outbox by state, overdue records, the
 *				last runs
 *
 * Several senders may run at once (claims are leased); one killed at any
 * moment loses nothing: its rows are sent again when their lease runs
 * out, and the platform answers "duplicate".  Every run is recorded in
 * credit_sync_run (GET /api/v1/credit/sync-runs).  Exit status 0 when the
 * run ended well, 1 otherwise.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "credit.h"
#include "credit_client.h"
#include "credit_sync.h"
#include "db.h"
#include "log.h"
#include "pool.h"
#include "ref.h"
#include "timeutil.h"
#include "validate.h"
#include "workdays.h"

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int
usage(void)
{
	fprintf(stderr, "usage: ipdesk-sync [-c config] worker | once | "
	    "nightly [--date YYYY-MM-DD] | status\n");
	return 1;
}

static void
signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Log lines to sync_log_file when set (the worker under systemd logs to
 * the journal through standard error). */
static void
open_log(const struct config *cfg)
{
	int fd;

	if (cfg->sync_log_file[0] == '\0')
		return;
	fd = open(cfg->sync_log_file, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC, 0640);
	if (fd == -1) {
		log_err(NULL, "%s: %s", cfg->sync_log_file, strerror(errno));
		return;
	}
	dup2(fd, STDERR_FILENO);
	close(fd);
}

static struct db *
connect_db(const struct config *cfg)
{
	struct dbconf	 dc;
	struct db	*db;

	dc.socket = cfg->db_socket;
	dc.host = cfg->db_host;
	dc.port = cfg->db_port;
	dc.name = cfg->db_name;
	dc.user = cfg->db_user;
	dc.password = cfg->db_password;
	dc.timeout = cfg->db_timeout;
	if ((db = db_new(&dc)) == NULL)
		return NULL;
	if (db_ensure(db) != DB_OK) {
		db_free(db);
		return NULL;
	}
	return db;
}

static void
nap(struct sync *s, int64_t ms)
{
	struct timespec ts = { 0, 100 * 1000000L };

	while (ms > 0 && !stop) {
		nanosleep(&ts, NULL);
		ms -= 100;
		sync_beat(s, false);
	}
}

/* Sends as rows become due, until a signal. */
static int
worker(struct sync *s)
{
	const struct config	*cfg = s->ctx.cfg;
	int64_t			 wait, n;
	int			 got;

	if (sync_run_begin(s, "worker", 0) == -1)
		return 1;
	while (!stop) {
		if ((got = sync_push(s)) > 0)
			continue;
		if (got < 0 || sync_next_due(s, &wait, &n) == -1) {
			nap(s, cfg->credit_poll_ms);	/* the database is away */
			continue;
		}
		nap(s, n == 0 || wait > cfg->credit_poll_ms ?
		    cfg->credit_poll_ms : wait);
	}
	return sync_run_end(s, "stopped") == 0 ? 0 : 1;
}

/* Work left when a run ends fails it: the platform did not take it in
 * time (down, or refusing the credentials). */
static void
leftovers(struct sync *s)
{
	int64_t wait, n;

	if (!stop && sync_next_due(s, &wait, &n) == 0 && n > 0)
		sync_fail(s, "%lld operation(s) still waiting at the end",
		    (long long)n);
}

/* Ends a run; the exit status. */
static int
finish(struct sync *s)
{
	sync_run_end(s, stop ? "stopped" : s->failed ? "failed" : "ok");
	return stop || s->failed ? 1 : 0;
}

static int
once(struct sync *s)
{
	if (sync_run_begin(s, "once", 0) == -1)
		return 1;
	if (sync_drain(s, time_now_ms() + s->ctx.cfg->credit_nightly_s *
	    1000LL) == -1)
		s->failed = true;
	leftovers(s);
	return finish(s);
}

static int
nightly(struct sync *s, int32_t day)
{
	int64_t	 deadline = time_now_ms() + s->ctx.cfg->credit_nightly_s *
	    1000LL, wait, n;

	if (sync_run_begin(s, "nightly", day) == -1)
		return 1;
	if (sync_next_due(s, &wait, &n) == 0)
		s->n.todo = n;
	if (sync_drain(s, deadline) == -1)
		s->failed = true;
	if (!stop && sync_reconcile(s, day) == -1)
		s->failed = true;
	if (!stop && sync_drain(s, deadline) == -1)
		s->failed = true;
	leftovers(s);
	return finish(s);
}

static int
status(struct db *db)
{
	struct dbrow	 row;
	char		 today[16];
	int32_t		 day = time_day_cst(time_now_ms());
	int		 rc;

	day_format(day, today, sizeof(today));
	printf("outbox:\n");
	if (db_query(db, SQL_OUTBOX_STATS, DBNOARGS) != DB_OK)
		return 1;
	while ((rc = db_fetch(db, &row)) == 1)
		printf("  %-8s %8lld   oldest %s\n", row.c[0].s,
		    (long long)row.c[1].i, row.c[2].s);
	db_end(db);
	if (db_one(db, SQL_CREDIT_OVERDUE_COUNT, DBARGS(dbstr(today),
	    dbstr(today)), &row) == 1)
		printf("records past their push or withdrawal limit: %lld\n",
		    (long long)row.c[0].i);
	printf("last runs:\n");
	if (db_query(db, SQL_RUN_LIST, DBARGS(dbnull(), dbnull(), dbint(5))) !=
	    DB_OK)
		return 1;
	while ((rc = db_fetch(db, &row)) == 1)
		printf("  #%lld %-7s %-8s %s .. %s  requests %lld accepted %lld "
		    "duplicate %lld rejected %lld retried %lld unknown %lld "
		    "missing %lld\n", (long long)row.c[0].i, row.c[1].s,
		    row.c[4].s, row.c[5].s, row.c[7].null ? "" : row.c[7].s,
		    (long long)row.c[9].i, (long long)row.c[10].i,
		    (long long)row.c[11].i, (long long)row.c[12].i,
		    (long long)row.c[13].i, (long long)row.c[14].i,
		    (long long)row.c[15].i);
	db_end(db);
	return rc < 0;
}

int
main(int argc, char *argv[])
{
	const char	*path = getenv("IPDESK_CONFIG") != NULL ?
	    getenv("IPDESK_CONFIG") : IPDESK_SYSCONFDIR "/ipdesk.conf";
	struct config	 cfg;
	struct refdata	*ref;
	struct sync	 s;
	struct db	*db;
	char		 err[512];
	int32_t		 day, ymd;
	int		 ch, rc;

	while ((ch = getopt(argc, argv, "+c:")) != -1) {
		if (ch != 'c')
			return usage();
		path = optarg;
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return usage();
	config_defaults(&cfg);
	if (config_load(path, &cfg, err, sizeof(err)) == -1) {
		fprintf(stderr, "ipdesk-sync: %s\n", err);
		return 1;
	}
	open_log(&cfg);
	signals();
	if ((db = connect_db(&cfg)) == NULL) {
		log_err(NULL, "sync: cannot connect to the database");
		return 1;
	}
	if (strcmp(argv[0], "status") == 0) {
		rc = status(db);
		db_free(db);
		return rc;
	}
	day = time_day_cst(time_now_ms()) - 1;
	if (strcmp(argv[0], "nightly") == 0 && argc == 3 &&
	    strcmp(argv[1], "--date") == 0) {
		if (!parse_date(argv[2], strlen(argv[2]), &ymd))
			return usage();
		day = day_from_ymdint(ymd);
	} else if (argc != 1)
		return usage();
	if ((ref = calloc(1, sizeof(*ref))) == NULL ||
	    ref_load(ref, db) != DB_OK) {
		log_err(NULL, "sync: cannot load the reference data");
		return 1;
	}
	if (credit_client_global_init() == -1 ||
	    sync_open(&s, &cfg, db, ref, &stop) == -1) {
		log_err(NULL, "sync: no platform configured (credit_url, "
		    "credit_app_key, credit_secret)");
		return 1;
	}
	if (strcmp(argv[0], "worker") == 0)
		rc = worker(&s);
	else if (strcmp(argv[0], "once") == 0)
		rc = once(&s);
	else if (strcmp(argv[0], "nightly") == 0)
		rc = nightly(&s, day);
	else
		rc = usage();
	sync_close(&s);
	free(ref);
	db_free(db);
	return rc;
}
