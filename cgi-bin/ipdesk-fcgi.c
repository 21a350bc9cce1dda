/*
 * ipdesk-fcgi -- the FastCGI program behind nginx.
 *
 * A master process opens the unix socket (mode from the configuration,
 * 0660 by default) and pre-forks N workers that accept on it; it respawns
 * a worker that dies, reloads the configuration on SIGHUP (new workers,
 * old ones finish what they hold and leave) and stops gracefully on
 * SIGTERM or SIGINT: requests in flight finish, stragglers are killed
 * after stop_timeout seconds.
 *
 * Run by a web server as plain CGI (GATEWAY_INTERFACE set), the same
 * binary answers the one request on stdin/stdout and exits.
 *
 * usage: ipdesk-fcgi [-c config]
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"
#include "conf.h"
#include "log.h"

#define MAX_WORKERS 256
#define QUICK_DEATH_MS 1000

/* Set by signal handlers; the only mutable globals, as signals need. */
static volatile sig_atomic_t got_stop, got_reload, got_child;

static void
on_signal(int sig)
{
	if (sig == SIGTERM || sig == SIGINT)
		got_stop = 1;
	else if (sig == SIGHUP)
		got_reload = 1;
	else if (sig == SIGCHLD)
		got_child = 1;
}

struct worker {
	pid_t		 pid;
	int		 gen;		/* configuration generation */
	long long	 started_ms;
};

struct master {
	struct config	 cfg;
	const char	*cfgpath;
	int		 sock;
	int		 gen;
	struct worker	 w[MAX_WORKERS * 2];
	size_t		 nw;
	sigset_t	 waitmask;	/* mask while waiting: signals open */
};

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: waits must wake up */
	sigaction(sig, &sa, NULL);
}

/* ---- worker ------------------------------------------------------------ */

/*
 * The worker keeps SIGTERM blocked while it serves a request and opens it
 * only while waiting for a connection (ppoll), so a stop never cuts a
 * request short.  The listening socket is non-blocking: when another
 * worker wins the connection, accept fails with EAGAIN and we wait again.
 */
static void
worker_loop(struct master *m)
{
	struct app	 app;
	FCGX_Request	 req;
	struct http_io	 io;
	struct pollfd	 pfd;
	int		 rc;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		_exit(0);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	if (app_init(&app, &m->cfg) == -1) {
		log_err(NULL, "worker: out of memory at start");
		_exit(1);
	}
	if (FCGX_InitRequest(&req, m->sock, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_err(NULL, "worker: FCGX_InitRequest failed");
		_exit(1);
	}
	while (!got_stop) {
		pfd.fd = m->sock;
		pfd.events = POLLIN;
		if (ppoll(&pfd, 1, NULL, &m->waitmask) <= 0)
			continue;	/* a signal: look at got_stop */
		rc = FCGX_Accept_r(&req);
		if (rc < 0)
			continue;	/* another worker took it, or EINTR */
		io.fcgx = &req;
		app_handle(&app, &io);
		FCGX_Finish_r(&req);
	}
	app_free(&app);
	_exit(0);
}

static pid_t
spawn(struct master *m)
{
	pid_t pid;

	if (m->nw >= sizeof(m->w) / sizeof(m->w[0]))
		return -1;
	if ((pid = fork()) == -1) {
		log_err(NULL, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		worker_loop(m);
	m->w[m->nw].pid = pid;
	m->w[m->nw].gen = m->gen;
	m->w[m->nw].started_ms = mono_ms();
	m->nw++;
	return pid;
}

/* ---- master ------------------------------------------------------------ */

static int
count_gen(const struct master *m, int gen)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < m->nw; i++)
		n += m->w[i].gen == gen;
	return n;
}

/* Collects dead workers; returns how many of the current generation
 * died within QUICK_DEATH_MS of starting (a crash loop). */
static int
reap(struct master *m)
{
	pid_t	 pid;
	int	 status, quick = 0;
	size_t	 i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < m->nw; i++) {
			if (m->w[i].pid != pid)
				continue;
			if (m->w[i].gen == m->gen && !got_stop) {
				if (WIFSIGNALED(status))
					log_err(NULL, "worker %ld killed by "
					    "signal %d; respawning", (long)pid,
					    WTERMSIG(status));
				else
					log_warn(NULL, "worker %ld exited %d; "
					    "respawning", (long)pid,
					    WEXITSTATUS(status));
				if (mono_ms() - m->w[i].started_ms <
				    QUICK_DEATH_MS)
					quick++;
			}
			m->w[i] = m->w[--m->nw];
			break;
		}
	}
	return quick;
}

static void
signal_gen(struct master *m, int gen, int sig)
{
	size_t i;

	for (i = 0; i < m->nw; i++)
		if (gen < 0 || m->w[i].gen == gen)
			kill(m->w[i].pid, sig);
}

static void
open_log(const struct config *cfg)
{
	int fd;

	if (cfg->log_file[0] == '\0')
		return;
	fd = open(cfg->log_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0640);
	if (fd == -1) {
		log_err(NULL, "%s: %s", cfg->log_file, strerror(errno));
		return;
	}
	dup2(fd, STDERR_FILENO);
	close(fd);
}

/* Reads the configuration again and starts a new generation of workers;
 * the old ones finish their request and stop. */
static void
reload(struct master *m)
{
	struct config	 cfg;
	char		 err[512];

	config_defaults(&cfg);
	if (config_load(m->cfgpath, &cfg, err, sizeof(err)) == -1) {
		log_err(NULL, "reload refused: %s", err);
		return;
	}
	if (strcmp(cfg.listen, m->cfg.listen) != 0)
		log_warn(NULL, "reload: a new listen path needs a restart");
	snprintf(cfg.listen, sizeof(cfg.listen), "%s", m->cfg.listen);
	m->cfg = cfg;
	open_log(&m->cfg);
	m->gen++;
	log_info(NULL, "reloaded configuration: generation %d, %d workers",
	    m->gen, m->cfg.workers);
	signal_gen(m, m->gen - 1, SIGTERM);
}

/* Stops every worker: SIGTERM, then SIGKILL after stop_timeout. */
static void
shutdown_all(struct master *m)
{
	long long	 deadline = mono_ms() + m->cfg.stop_timeout * 1000LL;
	struct timespec	 ts = { 0, 50 * 1000000L };

	signal_gen(m, -1, SIGTERM);
	while (m->nw > 0 && mono_ms() < deadline) {
		reap(m);
		if (m->nw > 0)
			nanosleep(&ts, NULL);
	}
	if (m->nw > 0) {
		log_warn(NULL, "killing %zu workers still busy", m->nw);
		signal_gen(m, -1, SIGKILL);
		while (m->nw > 0 && waitpid(-1, NULL, 0) > 0)
			reap(m);
	}
}

static int
open_socket(struct master *m)
{
	unlink(m->cfg.listen);
	if (FCGX_Init() != 0)
		return -1;
	if ((m->sock = FCGX_OpenSocket(m->cfg.listen, m->cfg.backlog)) < 0) {
		log_err(NULL, "cannot listen on %s", m->cfg.listen);
		return -1;
	}
	if (chmod(m->cfg.listen, (mode_t)m->cfg.socket_mode) == -1 ||
	    fcntl(m->sock, F_SETFL, fcntl(m->sock, F_GETFL) | O_NONBLOCK) ==
	    -1) {
		log_err(NULL, "%s: %s", m->cfg.listen, strerror(errno));
		return -1;
	}
	return 0;
}

static void
write_pid(const struct config *cfg)
{
	FILE *f;

	if (cfg->pid_file[0] == '\0')
		return;
	if ((f = fopen(cfg->pid_file, "w")) == NULL) {
		log_err(NULL, "%s: %s", cfg->pid_file, strerror(errno));
		return;
	}
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
}

static int
run_master(struct master *m)
{
	sigset_t	 block;
	int		 quick;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &m->waitmask);
	set_handler(SIGTERM, on_signal);
	set_handler(SIGINT, on_signal);
	set_handler(SIGHUP, on_signal);
	set_handler(SIGCHLD, on_signal);
	signal(SIGPIPE, SIG_IGN);
	open_log(&m->cfg);
	if (open_socket(m) == -1)
		return 1;
	write_pid(&m->cfg);
	log_info(NULL, "listening on %s with %d workers", m->cfg.listen,
	    m->cfg.workers);
	while (!got_stop) {
		quick = reap(m);
		if (got_reload) {
			got_reload = 0;
			reload(m);
		}
		if (quick > 0) {
			/* Crash loop: do not spin; try again in a second. */
			struct timespec ts = { 1, 0 };

			nanosleep(&ts, NULL);
		}
		while (count_gen(m, m->gen) < m->cfg.workers &&
		    spawn(m) != -1)
			;
		got_child = 0;
		if (!got_stop && !got_reload)
			sigsuspend(&m->waitmask);
	}
	log_info(NULL, "stopping");
	shutdown_all(m);
	unlink(m->cfg.listen);
	if (m->cfg.pid_file[0] != '\0')
		unlink(m->cfg.pid_file);
	return 0;
}

/* Plain CGI: one request on stdin/stdout. */
static int
run_cgi(const struct config *cfg)
{
	struct app	 app;
	struct http_io	 io = { NULL };

	if (app_init(&app, cfg) == -1)
		return 1;
	app_handle(&app, &io);
	fflush(stdout);
	app_free(&app);
	return 0;
}

int
main(int argc, char *argv[])
{
	static struct master	 m;
	char			 err[512];
	int			 ch;

	m.cfgpath = getenv("IPDESK_CONFIG") != NULL ?
	    getenv("IPDESK_CONFIG") : IPDESK_SYSCONFDIR "/ipdesk.conf";
	while ((ch = getopt(argc, argv, "c:")) != -1) {
		switch (ch) {
		case 'c':
			m.cfgpath = optarg;
			break;
		default:
			fprintf(stderr, "usage: ipdesk-fcgi [-c config]\n");
			return 2;
		}
	}
	config_defaults(&m.cfg);
	if (config_load(m.cfgpath, &m.cfg, err, sizeof(err)) == -1) {
		log_err(NULL, "%s", err);
		return 1;
	}
	if (getenv("GATEWAY_INTERFACE") != NULL)
		return run_cgi(&m.cfg);
	return run_master(&m);
}
