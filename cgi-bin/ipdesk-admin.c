/*
 * ipdesk-admin -- the operator's program: schema migrations, the working-
 * day calendar, time limits, and a print of the route table.
 *
 * usage: ipdesk-admin [-c config] command [args]
 *   migrate [-d sqldir]		apply sql/NNN_*.sql not yet applied
 *   calendar load FILE			load a year's schedule (calfile format)
 *   limit list				show the time limits
 *   limit set CODE AMOUNT wd|day	change a time limit
 *   routes				print the route table (method path op)
 *   check-config			read the configuration and exit
 *
 * Commands exit 0 on success and 1 with a message on standard error.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "calfile.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "http_route.h"
#include "num.h"
#include "timeutil.h"
#include "workdays.h"

#define MAX_MIGRATIONS 512
#define SQL_FILE_MAX (16u * 1024 * 1024)

struct admin {
	struct config	 cfg;
	struct db	*db;
};

static int
fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ipdesk-admin: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return 1;
}

/* Connects as the migration account (db_admin_user) when one is set. */
static int
connect_db(struct admin *a)
{
	struct dbconf dc;

	dc.socket = a->cfg.db_socket;
	dc.host = a->cfg.db_host;
	dc.port = a->cfg.db_port;
	dc.name = a->cfg.db_name;
	dc.user = a->cfg.db_admin_user[0] ? a->cfg.db_admin_user :
	    a->cfg.db_user;
	dc.password = a->cfg.db_admin_user[0] ? a->cfg.db_admin_password :
	    a->cfg.db_password;
	dc.timeout = 600;
	if ((a->db = db_new(&dc)) == NULL)
		return fail("out of memory");
	if (db_ensure(a->db) != DB_OK)
		return fail("cannot connect to the database (see above)");
	return 0;
}

static int
read_file(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[65536];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_add(b, chunk, n);
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

/* ---- migrate ----------------------------------------------------------- */

struct mig {
	int64_t	 version;
	char	 name[256];
};

static int
mig_cmp(const void *a, const void *b)
{
	const struct mig *x = a, *y = b;

	return x->version < y->version ? -1 : x->version > y->version;
}

/* The migration files of dir: NNN_name.sql, sorted by NNN. */
static int
list_migrations(const char *dir, struct mig *m, size_t *n)
{
	DIR		*d;
	struct dirent	*e;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return fail("%s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL && *n < MAX_MIGRATIONS) {
		size_t len = strlen(e->d_name), digits, j;

		digits = strspn(e->d_name, "0123456789");
		if (len < 6 || digits == 0 || e->d_name[digits] != '_' ||
		    strcmp(e->d_name + len - 4, ".sql") != 0 ||
		    len >= sizeof(m[0].name))
			continue;
		if (digits > 6)
			continue;
		m[*n].version = 0;
		for (j = 0; j < digits; j++)
			m[*n].version = m[*n].version * 10 +
			    (e->d_name[j] - '0');
		snprintf(m[*n].name, sizeof(m[*n].name), "%s", e->d_name);
		(*n)++;
	}
	closedir(d);
	qsort(m, *n, sizeof(m[0]), mig_cmp);
	return 0;
}

/* The checksum recorded for version v, if any (sum[65]). */
static int
applied(struct admin *a, int64_t v, char *sum, size_t sumsz)
{
	struct dbrow	 row;
	int		 rc, found = 0;

	if ((rc = db_query(a->db, SQL_MIG_LIST, DBNOARGS)) != DB_OK)
		return -1;
	while ((rc = db_fetch(a->db, &row)) == 1)
		if (row.c[0].i == v) {
			snprintf(sum, sumsz, "%s", row.c[2].s);
			found = 1;
		}
	db_end(a->db);
	return rc < 0 ? -1 : found;
}

static int
apply_one(struct admin *a, const char *dir, const struct mig *m)
{
	struct buf	 b;
	char		 path[1024], sum[65], have[65], err[512], now[32];
	int		 st;

	snprintf(path, sizeof(path), "%s/%s", dir, m->name);
	buf_init(&b, SQL_FILE_MAX);
	if (read_file(path, &b) == -1) {
		buf_free(&b);
		return fail("%s: cannot read", path);
	}
	crypto_sha256_hex(buf_str(&b), b.len, sum);
	if ((st = applied(a, m->version, have, sizeof(have))) == -1) {
		buf_free(&b);
		return fail("cannot read schema_migration");
	}
	if (st == 1) {
		buf_free(&b);
		if (strcmp(have, sum) != 0)
			return fail("%s was applied with other content "
			    "(checksum %s, file %s): migrations are never "
			    "edited; add a new one", m->name, have, sum);
		return 0;
	}
	if (db_script(a->db, buf_str(&b), b.len, err, sizeof(err)) != DB_OK) {
		buf_free(&b);
		return fail("%s: %s", m->name, err);
	}
	buf_free(&b);
	time_sql(time_now_ms(), now, sizeof(now));
	if (db_exec(a->db, SQL_MIG_RECORD, DBARGS(dbint(m->version),
	    dbstr(m->name), dbstr(sum), dbstr(now))) != DB_OK)
		return fail("%s: applied but not recorded", m->name);
	printf("applied %s\n", m->name);
	return 0;
}

static int
cmd_migrate(struct admin *a, int argc, char *argv[])
{
	static struct mig	 m[MAX_MIGRATIONS];
	const char		*dir = IPDESK_DATADIR "/sql";
	size_t			 n, i;

	if (argc >= 3 && strcmp(argv[1], "-d") == 0)
		dir = argv[2];
	else if (argc != 1)
		return fail("usage: migrate [-d sqldir]");
	if (connect_db(a) || list_migrations(dir, m, &n))
		return 1;
	if (db_exec(a->db, SQL_MIG_TABLE, DBNOARGS) != DB_OK)
		return fail("cannot create schema_migration");
	for (i = 0; i < n; i++)
		if (i > 0 && m[i].version == m[i - 1].version)
			return fail("two migrations numbered %lld",
			    (long long)m[i].version);
	for (i = 0; i < n; i++)
		if (apply_one(a, dir, &m[i]))
			return 1;
	printf("schema up to date (%zu migrations)\n", n);
	return 0;
}

/* ---- calendar ------------------------------------------------------------ */

#define CAL_MAX_ITEMS 2048

static int
write_calendar(struct admin *a, const struct calfile_item *it, size_t n)
{
	char	 now[32], from[16], to[16], day[16];
	size_t	 i;
	int	 rc = DB_OK;

	time_sql(time_now_ms(), now, sizeof(now));
	if (db_begin(a->db) != DB_OK)
		return -1;
	for (i = 0; i < n && rc == DB_OK; i++) {
		if (it[i].kind == CALFILE_YEAR) {
			snprintf(from, sizeof(from), "%04d-01-01", it[i].year);
			snprintf(to, sizeof(to), "%04d-12-31", it[i].year);
			rc = db_exec(a->db, SQL_CAL_YEAR_PUT, DBARGS(
			    dbint(it[i].year), dbstr(it[i].official ?
			    "official" : "provisional"), dbstr(it[i].source),
			    dbstr(now)));
			if (rc == DB_OK)
				rc = db_exec(a->db, SQL_CAL_DAYS_CLEAR,
				    DBARGS(dbstr(from), dbstr(to)));
		} else if (it[i].kind == CALFILE_DAY)
			rc = db_exec(a->db, SQL_CAL_DAY_PUT, DBARGS(
			    dbstr(day_format(it[i].day, day, sizeof(day))),
			    dbstr(it[i].daykind == CAL_MAKEUP ? "makeup" :
			    "holiday"), dbstr(it[i].name)));
	}
	if (rc != DB_OK) {
		db_rollback(a->db);
		return -1;
	}
	return db_commit(a->db) == DB_OK ? 0 : -1;
}

static int
cmd_calendar(struct admin *a, int argc, char *argv[])
{
	static struct calfile_item	 items[CAL_MAX_ITEMS];
	struct calfile			 cf;
	FILE				*f;
	char				 line[CALFILE_LINE_MAX + 4];
	char				 err[256];
	size_t				 n = 0;
	int				 k, bad = 0;

	if (argc != 3 || strcmp(argv[1], "load") != 0)
		return fail("usage: calendar load FILE");
	if ((f = fopen(argv[2], "r")) == NULL)
		return fail("%s: %s", argv[2], strerror(errno));
	calfile_init(&cf);
	while (fgets(line, sizeof(line), f) != NULL) {
		k = calfile_parse_line(&cf, line, strlen(line), &items[n], err,
		    sizeof(err));
		if (k == -1) {
			fprintf(stderr, "%s: %s\n", argv[2], err);
			bad = 1;
		} else if (k != CALFILE_NONE && ++n == CAL_MAX_ITEMS) {
			fclose(f);
			return fail("%s: too many lines", argv[2]);
		}
	}
	fclose(f);
	if (bad)
		return fail("%s: not loaded", argv[2]);
	if (calfile_finish(&cf, err, sizeof(err)) == -1)
		return fail("%s: %s", argv[2], err);
	if (connect_db(a) || write_calendar(a, items, n) == -1)
		return fail("%s: not loaded (database error)", argv[2]);
	printf("loaded %zu calendar entries from %s; workers pick them up "
	    "within refresh_seconds\n", n, argv[2]);
	return 0;
}

/* ---- limits ----------------------------------------------------------------- */

static int
cmd_limit(struct admin *a, int argc, char *argv[])
{
	struct dbrow	 row;
	int64_t		 amount;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if (connect_db(a) ||
		    db_query(a->db, SQL_LIMITS, DBNOARGS) != DB_OK)
			return fail("cannot read time_limit");
		while (db_fetch(a->db, &row) == 1)
			printf("%-24s %4lld %s\n", row.c[0].s,
			    (long long)row.c[1].i, row.c[2].s);
		db_end(a->db);
		return 0;
	}
	if (argc != 5 || strcmp(argv[1], "set") != 0)
		return fail("usage: limit list | limit set CODE AMOUNT wd|day");
	if (num_i64z(argv[3], 0, 3650, &amount) == -1 ||
	    (strcmp(argv[4], "wd") != 0 && strcmp(argv[4], "day") != 0))
		return fail("AMOUNT is 0-3650, unit wd or day");
	if (connect_db(a) || db_exec(a->db, SQL_LIMIT_SET, DBARGS(dbint(amount),
	    dbstr(argv[4]), dbstr(argv[2]))) != DB_OK)
		return fail("cannot update time_limit");
	if (db_affected(a->db) == 0)
		return fail("no time limit named %s (or unchanged)", argv[2]);
	printf("%s = %lld %s\n", argv[2], (long long)amount, argv[4]);
	return 0;
}

/* ---- routes -------------------------------------------------------------------- */

static int
cmd_routes(void)
{
	size_t i;

	for (i = 0; i < app_nroutes; i++)
		printf("%s %s %s\n", method_name(app_routes[i].method),
		    app_routes[i].pattern, app_routes[i].op);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct admin	 a;
	const char	*cfgpath;
	char		 err[512];
	int		 ch, rc;

	memset(&a, 0, sizeof(a));
	cfgpath = getenv("IPDESK_CONFIG") != NULL ? getenv("IPDESK_CONFIG") :
	    IPDESK_SYSCONFDIR "/ipdesk.conf";
	while ((ch = getopt(argc, argv, "+c:")) != -1) {
		if (ch != 'c')
			return fail("usage: ipdesk-admin [-c config] command");
		cfgpath = optarg;
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return fail("usage: ipdesk-admin [-c config] command [args]");
	if (strcmp(argv[0], "routes") == 0)
		return cmd_routes();
	config_defaults(&a.cfg);
	if (config_load(cfgpath, &a.cfg, err, sizeof(err)) == -1)
		return fail("%s", err);
	if (strcmp(argv[0], "check-config") == 0)
		rc = 0;
	else if (strcmp(argv[0], "migrate") == 0)
		rc = cmd_migrate(&a, argc, argv);
	else if (strcmp(argv[0], "calendar") == 0)
		rc = cmd_calendar(&a, argc, argv);
	else if (strcmp(argv[0], "limit") == 0)
		rc = cmd_limit(&a, argc, argv);
	else
		rc = fail("unknown command %s", argv[0]);
	db_free(a.db);
	return rc;
}
