/*
 * credit_sync.c -- the outbox on its way to the provincial credit
 * platform (see credit_sync.h for the guarantees, PROTOCOL.md for the
 * platform's side).
 *
 *	claim	under a named lock: the rows ready now (in order per record),
 *		a batch of creates of one kind or one other operation, each
 *		leased to this sender
 *	send	one signed request; no answer means the outcome is unknown
 *	settle	per row, with its record locked: done (accepted, duplicate),
 *		failed (rejected, with the platform's field errors), or back
 *		to pending after a backoff with full jitter (at least
 *		Retry-After when the platform gave one)
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "conf.h"
#include "credit.h"
#include "credit_client.h"
#include "credit_sync.h"
#include "crypto.h"
#include "db.h"
#include "jsonout.h"
#include "log.h"
#include "pool.h"
#include "ref.h"
#include "rowval.h"
#include "timeutil.h"
#include "validate.h"
#include "workdays.h"

#define CLAIM_LOCK "ipdesk_credit_claim"
#define CLAIM_LOCK_WAIT 30	/* seconds */
#define BATCH_OVERHEAD 32	/* {"records":[ ... ]} */
#define READBACK_TRIES 6
#define RECONCILE_MAX 20000	/* records read back in one run */
#define POOL_MAX (256u * 1024 * 1024)

/* A claimed row. */
struct row {
	int64_t			 id, record_id;
	enum credit_kind	 kind;
	enum credit_op		 op;
	const char		*sjbm;
	const char		*body;
	size_t			 len;
	const char		*batch_key;
	int64_t			 attempts;
};

static const char *
plural(enum credit_kind k)
{
	return k == CK_PENALTY ? "penalties" : "inspections";
}

static void
sleep_ms(int64_t ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

/* A new request id and the time, for the events of one step. */
static void
tick(struct sync *s)
{
	static char	 rid[33];
	unsigned char	 r[16];

	s->ctx.now = time_now_ms();
	s->ctx.today = time_day_cst(s->ctx.now);
	crypto_random(r, sizeof(r));
	s->ctx.rid = crypto_hex(r, sizeof(r), rid);
	db_set_rid(s->ctx.db, s->ctx.rid);
}

static void
note(struct sync *s, const char *fmt, va_list ap)
{
	char	 line[200];
	int	 i;

	vsnprintf(line, sizeof(line), fmt, ap);
	log_warn(s->ctx.rid, "sync: %s", line);
	for (i = 0; i < s->nerr; i++)
		if (strcmp(s->err[i], line) == 0)
			return;
	if (s->nerr == SYNC_ERRORS) {
		memmove(s->err[0], s->err[1], sizeof(s->err[0]) *
		    (SYNC_ERRORS - 1));
		s->nerr--;
	}
	snprintf(s->err[s->nerr++], sizeof(s->err[0]), "%s", line);
}

void
sync_error(struct sync *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note(s, fmt, ap);
	va_end(ap);
}

void
sync_fail(struct sync *s, const char *fmt, ...)
{
	va_list ap;

	s->failed = true;
	va_start(ap, fmt);
	note(s, fmt, ap);
	va_end(ap);
}

int
sync_open(struct sync *s, const struct config *cfg, struct db *db,
    const struct refdata *ref, volatile sig_atomic_t *stop)
{
	unsigned char	 r[6];
	char		 hex[13];

	memset(s, 0, sizeof(*s));
	if ((s->cl = credit_client_new(cfg)) == NULL)
		return -1;
	if ((s->ctx.pool = pool_new(POOL_MAX)) == NULL) {
		credit_client_free(s->cl);
		return -1;
	}
	s->ctx.cfg = cfg;
	s->ctx.db = db;
	s->ctx.ref = ref;
	s->ctx.actor = "system:ipdesk-sync";
	s->stop = stop;
	if (gethostname(s->host, sizeof(s->host)) != 0)
		snprintf(s->host, sizeof(s->host), "localhost");
	s->host[sizeof(s->host) - 1] = '\0';
	crypto_random(r, sizeof(r));
	snprintf(s->owner, sizeof(s->owner), "%.40s:%ld:%s", s->host,
	    (long)getpid(), crypto_hex(r, sizeof(r), hex));
	tick(s);
	return 0;
}

void
sync_close(struct sync *s)
{
	credit_client_free(s->cl);
	pool_free(s->ctx.pool);
	memset(s, 0, sizeof(*s));
}

/* ---- the run record ---------------------------------------------------------- */

int
sync_run_begin(struct sync *s, const char *mode, int32_t day)
{
	int rc;

	tick(s);
	rc = db_exec(s->ctx.db, SQL_RUN_INSERT, DBARGS(dbstr(mode),
	    dbstr(s->host), dbint(getpid()), v_ms(s->ctx.pool, s->ctx.now),
	    v_ms(s->ctx.pool, s->ctx.now), v_day(s->ctx.pool, day)));
	if (rc != DB_OK)
		return -1;
	s->run_id = db_insert_id(s->ctx.db);
	log_info(s->ctx.rid, "sync: run %lld (%s) started",
	    (long long)s->run_id, mode);
	return 0;
}

static const char *
errors_json(struct sync *s)
{
	struct json_object	*a = json_object_new_array();
	const char		*t;
	int			 i;

	for (i = 0; i < s->nerr; i++)
		json_object_array_add(a, json_object_new_string(s->err[i]));
	t = jtext(s->ctx.pool, a);
	json_object_put(a);
	return t;
}

void
sync_beat(struct sync *s, bool force)
{
	const struct sync_counts *n = &s->n;
	int64_t now = time_now_ms();

	if (s->run_id == 0 || (!force && now - s->beat < 1000))
		return;
	s->beat = now;
	s->ctx.now = now;
	if (db_exec(s->ctx.db, SQL_RUN_UPDATE, DBARGS(v_ms(s->ctx.pool, now),
	    dbint(n->requests), dbint(n->accepted), dbint(n->duplicate),
	    dbint(n->rejected), dbint(n->retried), dbint(n->unknown),
	    dbint(n->missing), dbint(n->checked), dbint(n->todo),
	    dbint(n->done), dbstr(errors_json(s)), dbint(s->run_id))) != DB_OK)
		log_warn(s->ctx.rid, "sync: cannot record the run's progress");
}

int
sync_run_end(struct sync *s, const char *status)
{
	tick(s);
	sync_beat(s, true);
	log_info(s->ctx.rid, "sync: run %lld %s: %lld requests, %lld accepted, "
	    "%lld duplicate, %lld rejected, %lld retried, %lld unknown, "
	    "%lld read back, %lld missing", (long long)s->run_id, status,
	    (long long)s->n.requests, (long long)s->n.accepted,
	    (long long)s->n.duplicate, (long long)s->n.rejected,
	    (long long)s->n.retried, (long long)s->n.unknown,
	    (long long)s->n.checked, (long long)s->n.missing);
	return db_exec(s->ctx.db, SQL_RUN_END, DBARGS(dbstr(status),
	    v_ms(s->ctx.pool, s->ctx.now), v_ms(s->ctx.pool, s->ctx.now),
	    dbint(s->run_id))) == DB_OK ? 0 : -1;
}

/* ---- claiming ----------------------------------------------------------------- */

static int
named_lock(struct sync *s, bool take)
{
	struct dbrow	 row;
	int		 rc;

	rc = take ? db_one(s->ctx.db, SQL_NAMED_LOCK, DBARGS(
	    dbstr(CLAIM_LOCK), dbint(CLAIM_LOCK_WAIT)), &row) :
	    db_one(s->ctx.db, SQL_NAMED_UNLOCK, DBARGS(dbstr(CLAIM_LOCK)),
	    &row);
	if (rc < 0)
		return rc;
	return rc == 1 && !row.c[0].null && row.c[0].i == 1 ? 1 : 0;
}

static void
row_from(struct sync *s, const struct dbrow *d, struct row *r)
{
	int k;

	r->id = d->c[OB_ID].i;
	r->record_id = d->c[OB_RECORD_ID].i;
	k = credit_kind_find(d->c[OB_KIND].s);
	r->kind = k < 0 ? CK_PENALTY : (enum credit_kind)k;
	r->sjbm = col_str(s->ctx.pool, d, OB_SJBM);
	k = credit_op_find(d->c[OB_OP].s);
	r->op = k < 0 ? CO_CREATE : (enum credit_op)k;
	r->body = pool_strndup(s->ctx.pool, d->c[OB_BODY].s, d->c[OB_BODY].len);
	r->len = d->c[OB_BODY].len;
	r->batch_key = col_str(s->ctx.pool, d, OB_BATCH_KEY);
	r->attempts = d->c[OB_ATTEMPTS].i;
}

/* Whether candidate c joins the group started by g[0]. */
static bool
joins(const struct row *g, size_t n, const struct row *c, size_t bytes,
    const struct config *cfg)
{
	if (n == 0)
		return true;
	if (g[0].op != CO_CREATE || c->op != CO_CREATE || c->kind != g[0].kind)
		return false;
	if (g[0].batch_key != NULL)	/* a resend: the same batch */
		return c->batch_key != NULL &&
		    strcmp(c->batch_key, g[0].batch_key) == 0;
	return c->batch_key == NULL && n < (size_t)cfg->credit_batch &&
	    bytes + c->len + 1 + BATCH_OVERHEAD <= cfg->credit_max_body;
}

/*
 * Claims the next group of rows into g (at most cfg->credit_batch): under
 * the named lock, inside a transaction, each row leased to this sender.
 * Returns the number claimed, 0 when nothing is ready, -1 on error.
 */
static int
claim(struct sync *s, struct row *g)
{
	const struct config	*cfg = s->ctx.cfg;
	struct dbrow		 d;
	struct row		 c;
	const char		*key = NULL;
	char			 hex[17];
	unsigned char		 r[8];
	size_t			 n = 0, bytes = 0, i, kept = 0;
	int			 rc;

	if ((rc = named_lock(s, true)) != 1)
		return rc < 0 ? -1 : 0;
	tick(s);
	if ((rc = db_begin(s->ctx.db)) != DB_OK)
		goto out;
	rc = db_query(s->ctx.db, SQL_OUTBOX_READY, DBARGS(
	    v_ms(s->ctx.pool, s->ctx.now), v_ms(s->ctx.pool, s->ctx.now),
	    dbint(cfg->credit_batch)));
	if (rc != DB_OK)
		goto fail;
	while ((rc = db_fetch(s->ctx.db, &d)) == 1) {
		row_from(s, &d, &c);
		if (!joins(g, n, &c, bytes, cfg))
			continue;
		bytes += c.len + 1;
		g[n++] = c;
	}
	db_end(s->ctx.db);
	if (rc < 0)
		goto fail;
	if (n > 0 && g[0].op == CO_CREATE) {
		crypto_random(r, sizeof(r));
		key = g[0].batch_key != NULL ? g[0].batch_key :
		    pool_printf(s->ctx.pool, "%s:%s", s->owner,
		    crypto_hex(r, sizeof(r), hex));
	}
	for (i = 0; i < n; i++) {
		rc = db_exec(s->ctx.db, SQL_OUTBOX_CLAIM, DBARGS(dbstr(s->owner),
		    v_ms(s->ctx.pool, s->ctx.now + cfg->credit_lease_s *
		    1000LL), dbstr(key), v_ms(s->ctx.pool, s->ctx.now),
		    dbint(g[i].id), v_ms(s->ctx.pool, s->ctx.now)));
		if (rc != DB_OK)
			goto fail;
		if (db_affected(s->ctx.db) == 1) {
			g[kept] = g[i];
			g[kept++].attempts++;
		}
	}
	if ((rc = db_commit(s->ctx.db)) != DB_OK)
		goto fail;
	named_lock(s, false);
	return (int)kept;
fail:
	db_rollback(s->ctx.db);
out:
	named_lock(s, false);
	sync_fail(s, "database: claiming rows failed");
	return -1;
}

/* ---- settling -------------------------------------------------------------------- */

/* Full jitter: uniform in [1, min(max, base * 2^(attempts-1))] ms. */
static int64_t
backoff(const struct sync *s, int64_t attempts, long retry_after)
{
	const struct config	*cfg = s->ctx.cfg;
	int64_t			 ceil = cfg->credit_backoff_ms, d;
	uint32_t		 r = 0;

	while (--attempts > 0 && ceil < cfg->credit_backoff_max_ms)
		ceil *= 2;
	if (ceil > cfg->credit_backoff_max_ms)
		ceil = cfg->credit_backoff_max_ms;
	crypto_random(&r, sizeof(r));
	d = 1 + (int64_t)(r % (uint32_t)ceil);
	if (retry_after >= 0 && retry_after * 1000 > d)
		d = retry_after * 1000;
	return d;
}

/* Puts a row back for an attempt at epoch ms `at` (only this sender's
 * claim). */
static void
retry(struct sync *s, const struct row *r, int64_t at, const char *why)
{
	if (db_exec(s->ctx.db, SQL_OUTBOX_RETRY, DBARGS(
	    v_ms(s->ctx.pool, at), dbstr(why), dbint(r->id),
	    dbstr(s->owner))) != DB_OK)
		sync_fail(s, "database: cannot put row %lld back",
		    (long long)r->id);
}

/* What the platform said about one row. */
struct row_outcome {
	const char	*result;	/* accepted, duplicate, rejected */
	int64_t		 version;	/* 0: none */
	const char	*state;
	const char	*receipt_date;
	const char	*request_id;
	const char	*errors;	/* JSON array, rejected only */
	const char	*why;		/* "E_CODE: message", rejected only */
};

static const char *
jget(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) &&
	    json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

static int64_t
jint(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) &&
	    json_object_is_type(v, json_type_int) ? json_object_get_int64(v) :
	    0;
}

static const char *
pdup(struct sync *s, const char *t)
{
	return t != NULL ? pool_strdup(s->ctx.pool, t) : NULL;
}

/* The platform's content_sha256 of what a create or update row sent: its
 * record object without the sjbm (create) or its "record" (update), which
 * json-c writes back as the same canonical bytes.  NULL for other
 * operations. */
static const char *
sent_sha256(struct sync *s, const struct row *r)
{
	struct json_object	*b, *c = NULL;
	const char		*t;
	char			*hex;

	if (r->op != CO_CREATE && r->op != CO_UPDATE)
		return NULL;
	if ((b = json_tokener_parse(r->body)) == NULL)
		return NULL;
	if (r->op == CO_CREATE) {
		json_object_object_del(b, "sjbm");
		c = b;
	} else if (!json_object_object_get_ex(b, "record", &c))
		c = NULL;
	t = c != NULL ? json_object_to_json_string_ext(c,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : NULL;
	if (t != NULL && (hex = pool_alloc(s->ctx.pool, 65)) != NULL)
		t = crypto_sha256_hex(t, strlen(t), hex);
	else
		t = NULL;
	json_object_put(b);
	return t;
}

/* Records the outcome on the row and its record, in one transaction with
 * the record locked first (the order the API locks in). */
static void
settle(struct sync *s, const struct row *r, const struct row_outcome *o)
{
	struct credit_record	 rec;
	struct dbrow		 d;
	bool			 ok = strcmp(o->result, "rejected") != 0;
	int			 rc;

	tick(s);
	if ((rc = db_begin(s->ctx.db)) != DB_OK)
		goto fail;
	if ((rc = credit_lock(&s->ctx, r->record_id, &rec)) != 1)
		goto fail;
	rc = db_exec(s->ctx.db, SQL_OUTBOX_SETTLE, DBARGS(
	    dbstr(ok ? "done" : "failed"), dbstr(o->result),
	    o->version > 0 ? dbint(o->version) : dbnull(), dbstr(o->state),
	    dbstr(o->receipt_date), dbstr(o->request_id), dbstr(o->errors),
	    dbstr(o->why), v_ms(s->ctx.pool, s->ctx.now), dbint(r->id),
	    dbstr(s->owner)));
	if (rc != DB_OK)
		goto fail;
	if (db_affected(s->ctx.db) != 1) {
		/* The lease ran out and another sender took the row. */
		db_rollback(s->ctx.db);
		return;
	}
	if ((rc = db_one(s->ctx.db, SQL_OUTBOX_UNSETTLED,
	    DBARGS(dbint(rec.id)), &d)) != 1)
		goto fail;
	if (ok) {
		const char *sha = sent_sha256(s, r);

		if (sha != NULL)
			rec.up_sha256 = sha;
		if (r->op == CO_CREATE && rec.delivered_at == 0)
			rec.delivered_at = s->ctx.now;
		if (o->state != NULL)
			rec.up_state = o->state;
		if (o->version > 0)
			rec.up_version = o->version;
		rec.errors = NULL;
	} else
		rec.errors = o->errors;
	rec.delivery = d.c[0].i > 0 ? CD_PENDING : ok ? CD_DELIVERED :
	    CD_FAILED;
	if ((rc = credit_save(&s->ctx, &rec)) != DB_OK ||
	    (rc = credit_event(&s->ctx, &rec, ok ? "platform_accepted" :
	    "platform_rejected", NULL, NULL, pool_printf(s->ctx.pool,
	    "{\"op\":\"%s\",\"result\":\"%s\",\"version\":%lld,"
	    "\"request_id\":\"%s\"}", credit_op_code(r->op), o->result,
	    (long long)o->version, o->request_id ? o->request_id : ""))) !=
	    DB_OK || (rc = db_commit(s->ctx.db)) != DB_OK)
		goto fail;
	if (!ok)
		log_info(s->ctx.rid, "sync: %s %s refused by the platform: %s",
		    credit_op_code(r->op), r->sjbm, o->why ? o->why : "");
	return;
fail:
	db_rollback(s->ctx.db);
	/* The row stays "sending"; its lease runs out and it is sent
	 * again, which the platform answers "duplicate". */
	sync_fail(s, "database: cannot settle row %lld", (long long)r->id);
}

/* Every row of the group back for one later attempt together: a batch
 * whose answer was lost is sent again as the same bytes. */
static void
retry_all(struct sync *s, const struct row *g, size_t n, long retry_after,
    const char *why)
{
	int64_t	 at;
	size_t	 i;

	tick(s);
	at = s->ctx.now + backoff(s, g[0].attempts, retry_after);
	for (i = 0; i < n; i++)
		retry(s, &g[i], at, why);
}

/* A refusal of the whole request: every row failed with one error. */
static void
fail_all(struct sync *s, const struct row *g, size_t n, const char *code,
    const char *message, const char *request_id)
{
	struct json_object	*a = json_object_new_array(), *e;
	struct row_outcome		 o;
	size_t			 i;

	e = json_object_new_object();
	json_object_object_add(e, "field", json_object_new_string(""));
	json_object_object_add(e, "code", json_object_new_string(code));
	json_object_object_add(e, "message", json_object_new_string(message));
	json_object_array_add(a, e);
	memset(&o, 0, sizeof(o));
	o.result = "rejected";
	o.errors = jtext(s->ctx.pool, a);
	o.why = pool_printf(s->ctx.pool, "%s: %.150s", code, message);
	o.request_id = request_id;
	json_object_put(a);
	for (i = 0; i < n; i++) {
		settle(s, &g[i], &o);
		s->n.rejected++;
	}
}

/* The platform's error code and message of an error answer. */
static void
error_of(struct sync *s, struct json_object *j, const char **code,
    const char **msg)
{
	*code = pdup(s, j != NULL ? jget(j, "code") : NULL);
	*msg = pdup(s, j != NULL ? jget(j, "message") : NULL);
	if (*code == NULL)
		*code = "E_UNKNOWN";
	if (*msg == NULL)
		*msg = "";
}

/*
 * What an answer that is not a success does to the group: wait and send
 * again (429, 503, 504: not processed; 500 and no answer: outcome
 * unknown, sent again with the same bytes; 401: credentials or clock,
 * noted), or refuse every row (the request itself was refused).
 * Returns true when it handled the answer.
 */
static bool
transient(struct sync *s, const struct row *g, size_t n, int rc,
    const struct credit_answer *a, struct json_object *j)
{
	const char *code, *msg;

	if (rc == -1 || a->status >= 500 || a->status == 429 ||
	    a->status == 401 || a->status == 408) {
		error_of(s, j, &code, &msg);
		if (rc == -1 || a->status == 500) {
			s->n.unknown += (int64_t)n;
			sync_error(s, "no answer or 500 (outcome unknown): %s",
			    rc == -1 ? a->error : code);
		} else {
			s->n.retried += (int64_t)n;
			if (a->status == 401)
				sync_fail(s, "platform refused the credentials: "
				    "%s", code);
		}
		retry_all(s, g, n, a->retry_after, rc == -1 ? a->error :
		    pool_printf(s->ctx.pool, "HTTP %d %s", a->status, code));
		return true;
	}
	return false;
}

static void
send_batch(struct sync *s, const struct row *g, size_t n)
{
	struct credit_answer	 a;
	struct buf		 b;
	struct json_object	*j = NULL, *res, *it, *errs;
	struct row_outcome		 o;
	const char		*code, *msg, *path;
	size_t			 i;
	int			 rc;

	buf_init(&b, s->ctx.cfg->credit_max_body + 65536);
	buf_adds(&b, "{\"records\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&b, ",");
		buf_add(&b, g[i].body, g[i].len);
	}
	buf_adds(&b, "]}");
	path = pool_printf(s->ctx.pool, "/gateway/v1/%s:batch",
	    plural(g[0].kind));
	credit_answer_init(&a, s->ctx.cfg->credit_answer_max);
	rc = credit_call(s->cl, "POST", path, b.p, b.len, &a);
	buf_free(&b);
	s->n.requests++;
	if (rc == 0)
		j = json_tokener_parse(buf_str(&a.body));
	if (transient(s, g, n, rc, &a, j))
		goto out;
	if (a.status != 200) {
		error_of(s, j, &code, &msg);
		sync_error(s, "batch refused: HTTP %d %s", a.status, code);
		fail_all(s, g, n, code, msg, a.request_id);
		goto out;
	}
	if (j == NULL || !json_object_object_get_ex(j, "results", &res) ||
	    !json_object_is_type(res, json_type_array) ||
	    json_object_array_length(res) != n) {
		s->n.unknown += (int64_t)n;
		sync_error(s, "unreadable batch answer (outcome unknown)");
		retry_all(s, g, n, -1, "unreadable answer");
		goto out;
	}
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(res, i);
		memset(&o, 0, sizeof(o));
		o.result = pdup(s, jget(it, "result"));
		o.version = jint(it, "version");
		o.state = pdup(s, jget(it, "state"));
		o.receipt_date = pdup(s, jget(j, "receipt_date"));
		o.request_id = pdup(s, jget(j, "request_id"));
		if (o.result == NULL || jget(it, "sjbm") == NULL ||
		    strcmp(jget(it, "sjbm"), g[i].sjbm) != 0) {
			s->n.unknown++;
			retry(s, &g[i], time_now_ms() + backoff(s, g[i].attempts,
			    -1), "answer does not match the batch");
			continue;
		}
		if (strcmp(o.result, "rejected") == 0) {
			if (json_object_object_get_ex(it, "errors", &errs)) {
				o.errors = jtext(s->ctx.pool, errs);
				it = json_object_array_get_idx(errs, 0);
			}
			o.why = pool_printf(s->ctx.pool, "%s %s",
			    it && jget(it, "code") ? jget(it, "code") : "",
			    it && jget(it, "field") ? jget(it, "field") : "");
			s->n.rejected++;
		} else if (strcmp(o.result, "duplicate") == 0)
			s->n.duplicate++;
		else
			s->n.accepted++;
		settle(s, &g[i], &o);
	}
out:
	json_object_put(j);
	credit_answer_free(&a);
}

static void
send_one(struct sync *s, const struct row *r)
{
	static const char *const suffix[] = { "", ":update", ":revoke",
	    ":repair" };
	struct credit_answer	 a;
	struct json_object	*j = NULL, *errs;
	struct row_outcome		 o;
	const char		*code, *msg;
	int			 rc;

	credit_answer_init(&a, s->ctx.cfg->credit_answer_max);
	rc = credit_call(s->cl, "POST", pool_printf(s->ctx.pool,
	    "/gateway/v1/%s/%s%s", plural(r->kind), r->sjbm, suffix[r->op]),
	    r->body, r->len, &a);
	s->n.requests++;
	if (rc == 0)
		j = json_tokener_parse(buf_str(&a.body));
	if (transient(s, r, 1, rc, &a, j))
		goto out;
	memset(&o, 0, sizeof(o));
	o.request_id = pdup(s, a.request_id);
	if (a.status == 200 && j != NULL && jget(j, "result") != NULL &&
	    strcmp(jget(j, "result"), "rejected") != 0) {
		o.result = pdup(s, jget(j, "result"));
		o.version = jint(j, "version");
		o.state = pdup(s, jget(j, "state"));
		o.receipt_date = pdup(s, jget(j, "receipt_date"));
		if (strcmp(o.result, "duplicate") == 0)
			s->n.duplicate++;
		else
			s->n.accepted++;
		settle(s, r, &o);
		goto out;
	}
	/* 404 (the platform lacks the record), 409 (state, repair too
	 * early), 422 (fields): a person must look. */
	error_of(s, j, &code, &msg);
	if (j != NULL && json_object_object_get_ex(j, "errors", &errs) &&
	    json_object_is_type(errs, json_type_array) &&
	    json_object_array_length(errs) > 0) {
		o.result = "rejected";
		o.errors = jtext(s->ctx.pool, errs);
		o.why = pool_printf(s->ctx.pool, "%s: %.150s", code, msg);
		s->n.rejected++;
		settle(s, r, &o);
	} else
		fail_all(s, r, 1, code, msg, o.request_id);
out:
	json_object_put(j);
	credit_answer_free(&a);
}

int
sync_push(struct sync *s)
{
	struct row	*g;
	int		 n;

	pool_reset(s->ctx.pool);
	if ((g = pool_alloc(s->ctx.pool, sizeof(*g) *
	    (size_t)s->ctx.cfg->credit_batch)) == NULL)
		return -1;
	if ((n = claim(s, g)) <= 0)
		return n;
	if (g[0].op == CO_CREATE)
		send_batch(s, g, (size_t)n);
	else
		send_one(s, &g[0]);
	s->n.done += n;
	sync_beat(s, false);
	return n;
}

int
sync_next_due(struct sync *s, int64_t *wait, int64_t *n)
{
	struct dbrow	 d;
	int64_t		 at;
	int		 rc;

	*wait = -1;
	*n = 0;
	if ((rc = db_one(s->ctx.db, SQL_OUTBOX_NEXT_AT, DBNOARGS, &d)) < 0)
		return -1;
	if (rc == 1 && d.c[1].i > 0 && time_from_sql(d.c[0].s, &at) == 0) {
		*n = d.c[1].i;
		*wait = at - time_now_ms();
		if (*wait < 0)
			*wait = 0;
	}
	return 0;
}

int
sync_drain(struct sync *s, int64_t deadline)
{
	int64_t	 wait, n;
	int	 got;

	while (!*s->stop && time_now_ms() < deadline) {
		if ((got = sync_push(s)) < 0)
			return -1;
		if (got > 0)
			continue;
		if (sync_next_due(s, &wait, &n) == -1)
			return -1;
		if (n == 0)
			return 0;
		if (time_now_ms() + wait > deadline)
			break;
		sleep_ms(wait > 1000 ? 1000 : wait > 0 ? wait : 50);
		sync_beat(s, false);
	}
	return 0;
}

/* ---- reconciliation ------------------------------------------------------------------- */

/* A GET to the platform, waiting out 429 / 503 / no answer a few times.
 * Returns the parsed answer (NULL on failure) and its status. */
static struct json_object *
get_json(struct sync *s, const char *path, int *status)
{
	struct credit_answer	 a;
	struct json_object	*j = NULL;
	int			 i, rc;

	credit_answer_init(&a, s->ctx.cfg->credit_answer_max);
	*status = 0;
	for (i = 0; i < READBACK_TRIES && !*s->stop; i++) {
		rc = credit_call(s->cl, "GET", path, NULL, 0, &a);
		s->n.requests++;
		if (rc == 0 && a.status != 429 && a.status < 500) {
			*status = a.status;
			j = json_tokener_parse(buf_str(&a.body));
			break;
		}
		sleep_ms(backoff(s, i + 1, rc == 0 ? a.retry_after : -1));
	}
	if (*status == 0)
		sync_error(s, "platform did not answer GET %.60s", path);
	credit_answer_free(&a);
	return j;
}

/* The accepted and duplicate receipts of the day: "sjbm op" lines. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Reads record id back and repairs what differs.  Returns 0 or -1. */
static int
readback(struct sync *s, int64_t id)
{
	struct credit_record	 r;
	struct json_object	*j, *rec, *pub;
	const char		*state = NULL, *sha = NULL, *fix = NULL;
	struct dbrow		 d;
	int			 status, rc;
	int32_t			 day;

	tick(s);
	if ((rc = db_begin(s->ctx.db)) != DB_OK)
		return -1;
	rc = credit_lock(&s->ctx, id, &r);
	db_rollback(s->ctx.db);
	if (rc != 1)
		return rc == 0 ? 0 : -1;
	j = get_json(s, pool_printf(s->ctx.pool, "/gateway/v1/%s/%s",
	    plural(r.kind), r.sjbm), &status);
	if (status != 200 && status != 404) {
		json_object_put(j);
		return status == 0 ? -1 : 0;
	}
	s->n.checked++;
	tick(s);
	if ((rc = db_begin(s->ctx.db)) != DB_OK ||
	    (rc = credit_lock(&s->ctx, id, &r)) != 1 ||
	    (rc = db_one(s->ctx.db, SQL_OUTBOX_UNSETTLED, DBARGS(dbint(id)),
	    &d)) != 1)
		goto fail;
	if (status == 200 && json_object_object_get_ex(j, "record", &rec)) {
		state = jget(rec, "state");
		sha = jget(rec, "content_sha256");
		r.up_state = pdup(s, state);
		r.up_version = jint(rec, "version");
		r.up_sha256 = pdup(s, sha);
		if (json_object_object_get_ex(rec, "publicity", &pub)) {
			if (jget(pub, "repair_allowed_from") != NULL &&
			    parse_date(jget(pub, "repair_allowed_from"), 10,
			    &day))
				r.up_repair_from = day_from_ymdint(day);
			if (jget(pub, "publicity_until") != NULL &&
			    parse_date(jget(pub, "publicity_until"), 10, &day))
				r.up_until = day_from_ymdint(day);
		}
	} else
		r.up_state = r.up_sha256 = NULL;
	r.up_checked_at = s->ctx.now;
	rc = DB_OK;
	/* Operations still on their way settle the difference themselves. */
	if (d.c[0].i == 0 && r.published) {
		if (state == NULL && r.state != CS_REVOKED) {
			s->n.missing++;
			fix = "missing";
			rc = credit_enqueue(&s->ctx, &r, CO_CREATE, NULL);
			if (rc == DB_OK && r.state == CS_REPAIRED)
				rc = credit_enqueue(&s->ctx, &r, CO_REPAIR,
				    "对账补报：信用修复");
		} else if (state != NULL && strcmp(state, "active") == 0) {
			rc = DB_OK;
			if (r.state != CS_REVOKED && sha != NULL &&
			    strcmp(sha, r.content_sha256) != 0) {
				fix = "content";
				rc = credit_enqueue(&s->ctx, &r, CO_UPDATE,
				    "对账更正：平台内容与本地记录不一致");
			}
			if (rc == DB_OK && r.state == CS_REVOKED) {
				fix = "revoke";
				rc = credit_enqueue(&s->ctx, &r, CO_REVOKE,
				    "对账补报：撤销");
			} else if (rc == DB_OK && r.state == CS_REPAIRED) {
				fix = "repair";
				rc = credit_enqueue(&s->ctx, &r, CO_REPAIR,
				    "对账补报：信用修复");
			}
		} else if (state != NULL && strcmp(state,
		    credit_state_code(r.state)) != 0)
			sync_error(s, "record %s is %s on the platform, %s here",
			    r.sjbm, state, credit_state_code(r.state));
		if (rc != DB_OK)
			goto fail;
	}
	if ((rc = credit_save(&s->ctx, &r)) != DB_OK ||
	    (fix != NULL && (rc = credit_event(&s->ctx, &r, "reconciled",
	    NULL, NULL, pool_printf(s->ctx.pool, "{\"fix\":\"%s\"}", fix))) !=
	    DB_OK) || (rc = db_commit(s->ctx.db)) != DB_OK)
		goto fail;
	if (fix != NULL)
		log_info(s->ctx.rid, "sync: reconciliation: %s %s", r.sjbm, fix);
	json_object_put(j);
	return 0;
fail:
	db_rollback(s->ctx.db);
	json_object_put(j);
	sync_fail(s, "database: reconciliation of record %lld failed",
	    (long long)id);
	return -1;
}

int
sync_reconcile(struct sync *s, int32_t day)
{
	struct json_object	*j, *items, *it;
	struct dbrow		 d;
	const char		**seen = NULL, *key;
	int64_t			*ids = NULL;
	size_t			 nseen = 0, nids = 0, i, k;
	char			 date[16];
	int			 status, rc, bad = 0;

	pool_reset(s->ctx.pool);
	day_format(day, date, sizeof(date));
	j = get_json(s, pool_printf(s->ctx.pool,
	    "/gateway/v1/receipts?date=%s", date), &status);
	if (status != 200 || j == NULL ||
	    !json_object_object_get_ex(j, "items", &items) ||
	    !json_object_is_type(items, json_type_array)) {
		json_object_put(j);
		sync_fail(s, "cannot read the receipts of %s (HTTP %d)", date,
		    status);
		return -1;
	}
	k = json_object_array_length(items);
	seen = pool_alloc(s->ctx.pool, (k + 1) * sizeof(*seen));
	for (i = 0; seen != NULL && i < k; i++) {
		it = json_object_array_get_idx(items, i);
		if (jget(it, "sjbm") == NULL || jget(it, "result") == NULL ||
		    strcmp(jget(it, "result"), "rejected") == 0)
			continue;
		seen[nseen++] = pool_printf(s->ctx.pool, "%s %s",
		    jget(it, "sjbm"), jget(it, "op") ? jget(it, "op") : "");
	}
	json_object_put(j);
	if (seen == NULL)
		return -1;
	qsort(seen, nseen, sizeof(*seen), cmp_str);
	/* The rows the office saw settled that day (CST). */
	rc = db_query(s->ctx.db, SQL_OUTBOX_DONE_BETWEEN, DBARGS(
	    v_ms(s->ctx.pool, (int64_t)day * 86400000LL - CST_OFFSET * 1000LL),
	    v_ms(s->ctx.pool, (int64_t)(day + 1) * 86400000LL -
	    CST_OFFSET * 1000LL)));
	if (rc != DB_OK)
		return -1;
	ids = pool_alloc(s->ctx.pool, RECONCILE_MAX * sizeof(*ids));
	while ((rc = db_fetch(s->ctx.db, &d)) == 1 && ids != NULL) {
		key = pool_printf(s->ctx.pool, "%s %s", d.c[1].s, d.c[3].s);
		if ((key != NULL && bsearch(&key, seen, nseen, sizeof(*seen),
		    cmp_str) != NULL) && d.c[4].i <= 1)
			continue;	/* a receipt and no doubt */
		if (nids < RECONCILE_MAX)
			ids[nids++] = d.c[0].i;
	}
	db_end(s->ctx.db);
	if (rc < 0 || ids == NULL)
		return -1;
	qsort(ids, nids, sizeof(*ids), cmp_id);
	for (i = k = 0; i < nids; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			ids[k++] = ids[i];
	nids = k;
	s->n.todo += (int64_t)nids;
	sync_beat(s, true);
	for (i = 0; i < nids && !*s->stop; i++) {
		bad |= readback(s, ids[i]) == -1;
		s->n.done++;
		sync_beat(s, false);
	}
	log_info(s->ctx.rid, "sync: reconciled %s: %zu receipts, %zu records "
	    "read back, %lld missing", date, nseen, nids,
	    (long long)s->n.missing);
	return bad ? -1 : 0;
}
