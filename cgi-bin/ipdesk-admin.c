/*
 * ipdesk-admin -- the operator's program: schema migrations, the working-
 * day calendar, time limits, and a print of the route table.
 *
 * usage: ipdesk-admin [-c config] command [args]
 *   migrate [-d sqldir]		apply sql/NNN_*.sql not yet applied
 *   calendar load FILE			load a year's schedule (calfile format)
 *   limit list				show the time limits
 *   limit set CODE AMOUNT wd|day	change a time limit
 *   user add NAME --roles R[,R] [--department CODE] [--display TEXT]
 *					create a staff account; the password is
 *					read from standard input (one line)
 *   user passwd NAME			set a new password (standard input)
 *   user disable NAME | user enable NAME
 *					disabling also ends the user's tokens
 *   user list
 *   dept add CODE NAME_ZH NAME_EN | dept list
 *   apikey add NAME CHANNEL		prints the new key once
 *   apikey disable NAME | apikey list
 *   audit verify			walk every case's event chain
 *   mediator add NAME --org ORG --ip-types T[,T] [--uscc CODE]
 *	    [--industries I[,I]] [--max-open N] [--user USERNAME]
 *   mediator list
 *   expert add NAME --org ORG --countries CC[,CC] --ip-types T[,T]
 *	    [--uscc CODE] [--languages L[,L]] [--max-open N] [--user USERNAME]
 *   expert list
 *   sweep [--now ISO-TIME]		close cases resolved longer than the
 *					close_after limit ago; end mediation
 *					timers that ran out (mediator silence,
 *					no consent, the limit).  --now only
 *					with debug_clock on (test stacks)
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

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "calfile.h"
#include "complaint.h"
#include "mediation.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "enums.h"
#include "http_route.h"
#include "ident.h"
#include "num.h"
#include "password.h"
#include "pool.h"
#include "ref.h"
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

/* ---- users ------------------------------------------------------------------- */

/* Reads one line (the password) from standard input, without its end. */
static int
read_password(char *out, size_t outsz)
{
	size_t n;

	if (fgets(out, (int)outsz, stdin) == NULL)
		return fail("a password is expected on standard input");
	n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == outsz - 1)
		return fail("password too long");
	out[n] = '\0';
	return 0;
}

/* Reads and checks a new password for username into hash. */
static int
new_password(struct admin *a, const char *username, char *hash,
    size_t hashsz)
{
	char		 pw[PASSWORD_MAX + 2];
	const char	*why;
	int		 rc = 0;

	if (read_password(pw, sizeof(pw)))
		return 1;
	if ((why = password_problem(pw, username,
	    (size_t)a->cfg.password_min_length)) != NULL)
		rc = fail("password refused: %s (at least %d characters, not "
		    "a common password, not containing the user name)", why,
		    a->cfg.password_min_length);
	else if (password_hash(pw, hash, hashsz) == -1)
		rc = fail("cannot hash the password");
	explicit_bzero(pw, sizeof(pw));
	return rc;
}

/* The id and department of a department code (0 with code NULL). */
static int
dept_id(struct admin *a, const char *code, int64_t *id)
{
	struct dbrow	 row;
	int		 rc;

	*id = 0;
	if (code == NULL)
		return 0;
	if ((rc = db_query(a->db, SQL_DEPTS, DBNOARGS)) != DB_OK)
		return fail("cannot read departments");
	while ((rc = db_fetch(a->db, &row)) == 1)
		if (strcmp(row.c[1].s, code) == 0)
			*id = row.c[0].i;
	db_end(a->db);
	return *id == 0 ? fail("no department %s (see dept list)", code) : 0;
}

static int
user_id(struct admin *a, const char *name, int64_t *id)
{
	struct dbrow row;

	if (db_one(a->db, SQL_STAFF_BY_NAME, DBARGS(dbstr(name)), &row) != 1)
		return fail("no user %s", name);
	*id = row.c[0].i;
	return 0;
}

static int
user_add(struct admin *a, int argc, char *argv[])
{
	const char	*name = argv[2], *dept = NULL, *display = NULL;
	char		 hash[PASSWORD_HASH_MAX], now[32];
	unsigned	 roles = 0;
	int64_t		 did;
	int		 i;

	for (i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--roles") == 0)
			roles = roles_parse(argv[i + 1]);
		else if (strcmp(argv[i], "--department") == 0)
			dept = argv[i + 1];
		else if (strcmp(argv[i], "--display") == 0)
			display = argv[i + 1];
		else
			return fail("unknown option %s", argv[i]);
	}
	if (i != argc || roles == 0)
		return fail("usage: user add NAME --roles R[,R] [--department "
		    "CODE] [--display TEXT]; roles: intake handler mediator "
		    "aid_expert credit_officer supervisor admin");
	if (strlen(name) < 2 || strlen(name) > 64 ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
	    strlen(name))
		return fail("user names are 2-64 of a-z 0-9 . _ -");
	if ((roles & ROLE_HANDLER) && dept == NULL)
		return fail("a handler needs --department");
	if (connect_db(a) || dept_id(a, dept, &did) ||
	    new_password(a, name, hash, sizeof(hash)))
		return 1;
	time_sql(time_now_ms(), now, sizeof(now));
	if (db_exec(a->db, SQL_USER_INSERT, DBARGS(dbstr(name),
	    dbstr(display ? display : name), dbstr(hash), dbint(roles),
	    did ? dbint(did) : dbnull(), dbstr(now), dbstr(now))) != DB_OK)
		return fail("cannot add %s (does it exist already?)", name);
	printf("added %s\n", name);
	return 0;
}

/* Ends every token of user id now. */
static int
revoke_tokens(struct admin *a, int64_t id)
{
	char now[32];

	time_sql(time_now_ms(), now, sizeof(now));
	return db_exec(a->db, SQL_TOKEN_REVOKE_USER, DBARGS(dbstr(now),
	    dbint(id))) == DB_OK ? 0 : fail("cannot end the user's tokens");
}

static int
cmd_user(struct admin *a, int argc, char *argv[])
{
	char		 hash[PASSWORD_HASH_MAX], now[32];
	struct dbrow	 row;
	int64_t		 id = 0;
	unsigned	 i;

	if (argc >= 3 && strcmp(argv[1], "add") == 0)
		return user_add(a, argc, argv);
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if (connect_db(a) || db_query(a->db, SQL_USER_LIST, DBNOARGS))
			return fail("cannot list users");
		while (db_fetch(a->db, &row) == 1) {
			printf("%-20s %-12s %s", row.c[1].s,
			    row.c[4].null ? "-" : row.c[4].s,
			    row.c[5].i ? "disabled " : "");
			for (i = 0; i < ROLE_NROLES; i++)
				if ((unsigned)row.c[3].i & (1u << i))
					printf(" %s", role_name(i));
			printf("\n");
		}
		db_end(a->db);
		return 0;
	}
	if (argc != 3)
		return fail("usage: user add|passwd|disable|enable|list ...");
	if (connect_db(a) || user_id(a, argv[2], &id))
		return 1;
	if (strcmp(argv[1], "passwd") == 0) {
		if (new_password(a, argv[2], hash, sizeof(hash)))
			return 1;
		time_sql(time_now_ms(), now, sizeof(now));
		if (db_exec(a->db, SQL_USER_SET_PASSWORD, DBARGS(dbstr(hash),
		    dbstr(now), dbint(id))) != DB_OK || revoke_tokens(a, id))
			return fail("cannot set the password");
		printf("password of %s changed; its tokens ended\n", argv[2]);
		return 0;
	}
	if (strcmp(argv[1], "disable") == 0 || strcmp(argv[1], "enable") == 0) {
		int off = strcmp(argv[1], "disable") == 0;

		if (db_exec(a->db, SQL_USER_SET_DISABLED, DBARGS(dbint(off),
		    dbint(id))) != DB_OK || (off && revoke_tokens(a, id)))
			return fail("cannot change %s", argv[2]);
		printf("%s %s\n", argv[2], off ? "disabled; its tokens ended" :
		    "enabled");
		return 0;
	}
	return fail("usage: user add|passwd|disable|enable|list ...");
}

/* ---- departments and API keys ------------------------------------------------ */

static int
cmd_dept(struct admin *a, int argc, char *argv[])
{
	struct dbrow row;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if (connect_db(a) || db_query(a->db, SQL_DEPTS, DBNOARGS))
			return fail("cannot list departments");
		while (db_fetch(a->db, &row) == 1)
			printf("%-20s %s / %s\n", row.c[1].s, row.c[2].s,
			    row.c[3].s);
		db_end(a->db);
		return 0;
	}
	if (argc != 5 || strcmp(argv[1], "add") != 0)
		return fail("usage: dept add CODE NAME_ZH NAME_EN | dept list");
	if (strlen(argv[2]) > 32 || strspn(argv[2],
	    "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(argv[2]))
		return fail("department codes are 1-32 of a-z 0-9 -");
	if (connect_db(a) || db_exec(a->db, SQL_DEPT_INSERT, DBARGS(
	    dbstr(argv[2]), dbstr(argv[3]), dbstr(argv[4]))) != DB_OK)
		return fail("cannot add department %s", argv[2]);
	printf("added department %s\n", argv[2]);
	return 0;
}

static int
cmd_apikey(struct admin *a, int argc, char *argv[])
{
	struct dbrow	 row;
	char		 key[64], now[32];
	unsigned char	 h[32];
	int		 ch;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if (connect_db(a) || db_query(a->db, SQL_APIKEY_LIST, DBNOARGS))
			return fail("cannot list API keys");
		while (db_fetch(a->db, &row) == 1)
			printf("%-24s %-16s %s\n", row.c[0].s, row.c[1].s,
			    row.c[2].i ? "disabled" : "active");
		db_end(a->db);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "disable") == 0) {
		if (connect_db(a) || db_exec(a->db, SQL_APIKEY_SET_DISABLED,
		    DBARGS(dbint(1), dbstr(argv[2]))) != DB_OK ||
		    db_affected(a->db) == 0)
			return fail("no API key %s", argv[2]);
		printf("API key %s disabled\n", argv[2]);
		return 0;
	}
	if (argc != 4 || strcmp(argv[1], "add") != 0)
		return fail("usage: apikey add NAME CHANNEL | apikey disable "
		    "NAME | apikey list");
	if ((ch = enum_find(EN_CHANNEL, argv[3], strlen(argv[3]))) < 0)
		return fail("unknown channel %s (see meta/enums channels)",
		    argv[3]);
	if (auth_new_api_key(key, sizeof(key)) == -1)
		return fail("no random bytes");
	auth_secret_hash(key, h);
	time_sql(time_now_ms(), now, sizeof(now));
	if (connect_db(a) || db_exec(a->db, SQL_APIKEY_INSERT, DBARGS(
	    dbstr(argv[2]), dbblob(h, 32), dbstr(argv[3]), dbstr(now))) !=
	    DB_OK)
		return fail("cannot add API key %s", argv[2]);
	/* The key is shown once and kept only as a hash. */
	printf("%s\n", key);
	return 0;
}

/* ---- audit -------------------------------------------------------------------- */

/* Checks one event against the chain so far; returns a reason or NULL. */
static const char *
check_event(const struct dbrow *r, const char *prev_type, int64_t prev_case,
    int64_t prev_seq, const unsigned char *prev_hash)
{
	static const unsigned char zero[32];
	unsigned char	 h[32];
	char		 at[32];
	int64_t		 ms;
	int		 same = prev_type != NULL &&
	    strcmp(prev_type, r->c[1].s) == 0 && prev_case == r->c[2].i;
	const unsigned char *want = same ? prev_hash : zero;

	if (r->c[3].i != (same ? prev_seq + 1 : 1))
		return "sequence broken: an event is missing or moved";
	if (r->c[12].len != 32 || memcmp(r->c[12].s, want, 32) != 0)
		return "prev_hash does not match the event before";
	if (time_from_sql(r->c[4].s, &ms) == -1)
		return "time unreadable";
	time_sql(ms, at, sizeof(at));
	audit_hash((const unsigned char *)r->c[12].s, r->c[1].s, r->c[2].i,
	    r->c[3].i, at, r->c[5].s, r->c[6].s, r->c[7].null ? NULL : r->c[7].s,
	    r->c[8].null ? NULL : r->c[8].s, r->c[9].i != 0,
	    r->c[10].null ? NULL : r->c[10].s, r->c[11].s, h);
	if (r->c[13].len != 32 || memcmp(r->c[13].s, h, 32) != 0)
		return "hash does not match the event's content";
	return NULL;
}

/*
 * Walks the events in id order, in pages.  Chains of different cases are
 * interleaved in that order, so the last seq and hash of every case seen
 * so far are kept in an open-addressing hash table keyed by case.
 */
struct chain {
	char		 type[17];
	int64_t		 id;		/* 0: empty slot */
	int64_t		 seq;
	unsigned char	 hash[32];
};

struct chains {
	struct chain	*slot;
	size_t		 cap;		/* a power of two */
	size_t		 n;
};

static size_t
chain_slot(const struct chains *t, const char *type, int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;
	size_t	 i;

	for (i = 0; type[i] != '\0'; i++)
		h = (h ^ (unsigned char)type[i]) * 0x100000001b3ULL;
	for (i = (size_t)h & (t->cap - 1); t->slot[i].id != 0 &&
	    (t->slot[i].id != id || strcmp(t->slot[i].type, type) != 0);
	    i = (i + 1) & (t->cap - 1))
		;
	return i;
}

/* The chain of a case, added when new; NULL when memory is short. */
static struct chain *
chain_get(struct chains *t, const char *type, int64_t id, int *isnew)
{
	size_t i;

	if ((t->n + 1) * 2 > t->cap) {
		struct chains	 b = { NULL, t->cap ? t->cap * 2 : 4096, 0 };
		size_t		 k;

		if ((b.slot = calloc(b.cap, sizeof(*b.slot))) == NULL)
			return NULL;
		for (k = 0; k < t->cap; k++)
			if (t->slot[k].id != 0)
				b.slot[chain_slot(&b, t->slot[k].type,
				    t->slot[k].id)] = t->slot[k];
		b.n = t->n;
		free(t->slot);
		*t = b;
	}
	i = chain_slot(t, type, id);
	*isnew = t->slot[i].id == 0;
	if (*isnew) {
		snprintf(t->slot[i].type, sizeof(t->slot[i].type), "%s", type);
		t->slot[i].id = id;
		t->n++;
	}
	return &t->slot[i];
}

static int
cmd_audit(struct admin *a, int argc, char *argv[])
{
	struct chains	 t = { NULL, 0, 0 };
	struct chain	*c;
	struct dbrow	 row;
	int64_t		 after = 0, checked = 0;
	const char	*why;
	int		 got, isnew, bad = 0;

	if (argc != 2 || strcmp(argv[1], "verify") != 0)
		return fail("usage: audit verify");
	if (connect_db(a))
		return 1;
	do {
		if (db_query(a->db, SQL_AUDIT_WALK, DBARGS(dbint(after))) != DB_OK)
			return fail("cannot read case_event");
		got = 0;
		while (!bad && db_fetch(a->db, &row) == 1) {
			got++;
			after = row.c[0].i;
			if ((c = chain_get(&t, row.c[1].s, row.c[2].i, &isnew)) ==
			    NULL) {
				bad = fail("out of memory");
				break;
			}
			why = check_event(&row, isnew ? NULL : c->type, c->id,
			    c->seq, c->hash);
			if (why != NULL) {
				printf("FAIL: event id %lld (%s %lld, seq %lld): "
				    "%s\n", (long long)row.c[0].i, row.c[1].s,
				    (long long)row.c[2].i, (long long)row.c[3].i,
				    why);
				bad = 1;
				break;
			}
			c->seq = row.c[3].i;
			memcpy(c->hash, row.c[13].s, 32);
			checked++;
		}
		db_end(a->db);
	} while (!bad && got == 1000);
	free(t.slot);
	if (bad)
		return 1;
	printf("OK: %lld events in %zu chains verified\n", (long long)checked,
	    t.n);
	return 0;
}

/* ---- mediators ----------------------------------------------------------------- */

/* "a,b" with every item a code of enum id; 1 when all are. */
static int
codes_ok(const char *list, enum enumid id)
{
	const char *p = list;

	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		if (enum_find(id, p, n) < 0)
			return 0;
		p += n + (p[n] == ',');
	}
	return list[0] != '\0';
}

/* The options of "mediator add" and "expert add" (argv[3...]). */
struct rosteropt {
	const char	*org, *uscc, *ips, *ccs, *extra, *user;
	int64_t		 max_open;
};

/* Parses the options: extra names the free-text list (--industries,
 * --languages), countries whether --countries is taken.  0, or 1 after
 * a message. */
static int
roster_options(int argc, char *argv[], const char *extra, bool countries,
    struct rosteropt *o)
{
	int k;

	memset(o, 0, sizeof(*o));
	o->extra = "";
	o->max_open = 5;
	for (k = 3; k + 1 < argc; k += 2) {
		if (strcmp(argv[k], "--org") == 0)
			o->org = argv[k + 1];
		else if (strcmp(argv[k], "--uscc") == 0)
			o->uscc = argv[k + 1];
		else if (strcmp(argv[k], "--ip-types") == 0)
			o->ips = argv[k + 1];
		else if (countries && strcmp(argv[k], "--countries") == 0)
			o->ccs = argv[k + 1];
		else if (strcmp(argv[k], extra) == 0)
			o->extra = argv[k + 1];
		else if (strcmp(argv[k], "--user") == 0)
			o->user = argv[k + 1];
		else if (strcmp(argv[k], "--max-open") == 0) {
			if (num_i64z(argv[k + 1], 1, 100, &o->max_open) == -1)
				return fail("--max-open is 1-100");
		} else
			return fail("unknown option %s", argv[k]);
	}
	if (k != argc || o->org == NULL || o->ips == NULL ||
	    (countries && o->ccs == NULL))
		return fail("usage: %s add NAME --org ORG%s --ip-types T[,T] "
		    "[--uscc CODE] [%s X[,X]] [--max-open N] [--user USERNAME]",
		    argv[0], countries ? " --countries CC[,CC]" : "", extra);
	if (!codes_ok(o->ips, EN_IP_TYPE) || (countries &&
	    !codes_ok(o->ccs, EN_COUNTRY)))
		return fail("--ip-types%s: codes of meta/enums",
		    countries ? " and --countries" : "");
	if (o->uscc != NULL && uscc_check(o->uscc, strlen(o->uscc)) != IDENT_OK)
		return fail("--uscc: not a valid unified social credit code");
	return 0;
}

/* The id of staff account user, which must hold role (0: no user).
 * 0, or 1 after a message. */
static int
roster_login(struct admin *a, const char *user, unsigned role,
    const char *rolename, int64_t *uid)
{
	struct dbrow row;

	*uid = 0;
	if (user == NULL)
		return 0;
	if (db_one(a->db, SQL_STAFF_BY_NAME, DBARGS(dbstr(user)), &row) != 1 ||
	    !((unsigned)row.c[1].i & role))
		return fail("--user: no staff account %s with the %s role",
		    user, rolename);
	*uid = row.c[0].i;
	return 0;
}

static int
mediator_add(struct admin *a, int argc, char *argv[])
{
	struct rosteropt o;
	char		 now[32];
	int64_t		 uid;
	struct ctx	 ctx;
	int		 rc;

	if (roster_options(argc, argv, "--industries", false, &o) ||
	    connect_db(a) || roster_login(a, o.user, ROLE_MEDIATOR,
	    "mediator", &uid))
		return 1;
	/* The organisation's name as compared for recusal. */
	memset(&ctx, 0, sizeof(ctx));
	if ((ctx.pool = pool_new(1 << 20)) == NULL)
		return fail("out of memory");
	time_sql(time_now_ms(), now, sizeof(now));
	rc = db_exec(a->db, SQL_MEDIATOR_INSERT, DBARGS(uid ? dbint(uid) :
	    dbnull(), dbstr(argv[2]), dbstr(o.org),
	    dbstr(complaint_norm_name(&ctx, o.org)), dbstr(o.uscc),
	    dbstr(o.ips), dbstr(o.extra), dbint(1), dbint(o.max_open),
	    dbstr(now), dbstr(now)));
	pool_free(ctx.pool);
	if (rc != DB_OK)
		return fail("cannot add the mediator");
	printf("added mediator %s (id %lld)\n", argv[2],
	    (long long)db_insert_id(a->db));
	return 0;
}

static int
cmd_mediator(struct admin *a, int argc, char *argv[])
{
	struct dbrow row;

	if (argc >= 3 && strcmp(argv[1], "add") == 0)
		return mediator_add(a, argc, argv);
	if (argc != 2 || strcmp(argv[1], "list") != 0)
		return fail("usage: mediator add ... | mediator list");
	if (connect_db(a) || db_query(a->db, SQL_MEDIATOR_LIST, DBNOARGS))
		return fail("cannot list mediators");
	while (db_fetch(a->db, &row) == 1)
		printf("%-4lld %-16s %-24s %-30s %s %lld/%lld\n",
		    (long long)row.c[MD_ID].i, row.c[MD_NAME].s,
		    row.c[MD_ORG].s, row.c[MD_IP_TYPES].s,
		    row.c[MD_AVAILABLE].i ? "available" : "away",
		    (long long)row.c[MD_OPEN].i, (long long)row.c[MD_MAX_OPEN].i);
	db_end(a->db);
	return 0;
}

/* ---- experts ---------------------------------------------------------------------- */

static int
expert_add(struct admin *a, int argc, char *argv[])
{
	struct rosteropt o;
	char		 now[32];
	int64_t		 uid;
	struct ctx	 ctx;
	int		 rc;

	if (roster_options(argc, argv, "--languages", true, &o) ||
	    connect_db(a) || roster_login(a, o.user, ROLE_AID_EXPERT,
	    "aid_expert", &uid))
		return 1;
	memset(&ctx, 0, sizeof(ctx));
	if ((ctx.pool = pool_new(1 << 20)) == NULL)
		return fail("out of memory");
	time_sql(time_now_ms(), now, sizeof(now));
	rc = db_exec(a->db, SQL_EXPERT_INSERT, DBARGS(uid ? dbint(uid) :
	    dbnull(), dbstr(argv[2]), dbstr(o.org),
	    dbstr(complaint_norm_name(&ctx, o.org)), dbstr(o.uscc),
	    dbstr(o.ccs), dbstr(o.ips), dbstr(o.extra), dbint(1),
	    dbint(o.max_open), dbstr(now), dbstr(now)));
	pool_free(ctx.pool);
	if (rc != DB_OK)
		return fail("cannot add the expert");
	printf("added expert %s (id %lld)\n", argv[2],
	    (long long)db_insert_id(a->db));
	return 0;
}

static int
cmd_expert(struct admin *a, int argc, char *argv[])
{
	struct dbrow row;

	if (argc >= 3 && strcmp(argv[1], "add") == 0)
		return expert_add(a, argc, argv);
	if (argc != 2 || strcmp(argv[1], "list") != 0)
		return fail("usage: expert add ... | expert list");
	if (connect_db(a) || db_query(a->db, SQL_EXPERT_LIST, DBNOARGS))
		return fail("cannot list experts");
	while (db_fetch(a->db, &row) == 1)
		printf("%-4lld %-16s %-24s %-20s %-24s %s %lld/%lld\n",
		    (long long)row.c[EX_ID].i, row.c[EX_NAME].s,
		    row.c[EX_ORG].s, row.c[EX_COUNTRIES].s, row.c[EX_IP_TYPES].s,
		    row.c[EX_AVAILABLE].i ? "available" : "away",
		    (long long)row.c[EX_OPEN].i, (long long)row.c[EX_MAX_OPEN].i);
	db_end(a->db);
	return 0;
}

/* ---- sweep ------------------------------------------------------------------------ */

static int
cmd_sweep(struct admin *a, int argc, char *argv[])
{
	struct refdata	*ref;
	struct ctx	 ctx;
	int64_t		 ids[500];
	size_t		 n = 0, i;
	struct dbrow	 row;
	char		 before[32], rid[33];
	unsigned char	 r[16];
	int		 closed = 0;

	if (connect_db(a) || (ref = calloc(1, sizeof(*ref))) == NULL)
		return 1;
	if (ref_load(ref, a->db) != DB_OK) {
		free(ref);
		return fail("cannot load the calendar and limits");
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &a->cfg;
	ctx.db = a->db;
	ctx.ref = ref;
	ctx.now = time_now_ms();
	if (argc == 3 && strcmp(argv[1], "--now") == 0) {
		if (!a->cfg.debug_clock || time_parse_iso(argv[2], &ctx.now)) {
			free(ref);
			return fail("--now needs debug_clock = on and an ISO time");
		}
	} else if (argc != 1) {
		free(ref);
		return fail("usage: sweep [--now ISO-TIME]");
	}
	ctx.today = time_day_cst(ctx.now);
	ctx.actor = "system";
	crypto_random(r, sizeof(r));
	ctx.rid = crypto_hex(r, sizeof(r), rid);
	ctx.pool = pool_new(64u * 1024 * 1024);
	db_set_rid(a->db, ctx.rid);
	/* Candidates: resolved before today; complaint_auto_close() checks
	 * each against the close_after limit. */
	time_sql((int64_t)ctx.today * 86400000LL - CST_OFFSET * 1000LL,
	    before, sizeof(before));
	if (db_query(a->db, SQL_COMPLAINT_SWEEP, DBARGS(dbstr(before))) == DB_OK) {
		while (n < 500 && db_fetch(a->db, &row) == 1)
			ids[n++] = row.c[0].i;
		db_end(a->db);
	}
	for (i = 0; i < n; i++)
		closed += complaint_auto_close(&ctx, ids[i]) == 1;
	printf("closed %d resolved case(s) without feedback after %d days\n",
	    closed, ref->lim[LIM_CLOSE_AFTER].amount);
	if ((closed = mediation_sweep(&ctx)) < 0) {
		pool_free(ctx.pool);
		free(ref);
		return fail("mediation sweep failed (see the log)");
	}
	printf("mediations: %d timer(s) ended\n", closed);
	pool_free(ctx.pool);
	free(ref);
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
	else if (strcmp(argv[0], "user") == 0)
		rc = cmd_user(&a, argc, argv);
	else if (strcmp(argv[0], "dept") == 0)
		rc = cmd_dept(&a, argc, argv);
	else if (strcmp(argv[0], "apikey") == 0)
		rc = cmd_apikey(&a, argc, argv);
	else if (strcmp(argv[0], "audit") == 0)
		rc = cmd_audit(&a, argc, argv);
	else if (strcmp(argv[0], "sweep") == 0)
		rc = cmd_sweep(&a, argc, argv);
	else if (strcmp(argv[0], "mediator") == 0)
		rc = cmd_mediator(&a, argc, argv);
	else if (strcmp(argv[0], "expert") == 0)
		rc = cmd_expert(&a, argc, argv);
	else
		rc = fail("unknown command %s", argv[0]);
	db_free(a.db);
	return rc;
}
