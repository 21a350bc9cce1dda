/*
 * audit.c -- appending hash-chained events.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/evp.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "jsonout.h"
#include "timeutil.h"

/* Feeds "<len>:<bytes>" of s (NULL as "-1:") into the digest. */
static void
field(EVP_MD_CTX *c, const char *s)
{
	char	 hdr[24];
	size_t	 n = s != NULL ? strlen(s) : 0;

	if (s == NULL)
		snprintf(hdr, sizeof(hdr), "-1:");
	else
		snprintf(hdr, sizeof(hdr), "%zu:", n);
	EVP_DigestUpdate(c, hdr, strlen(hdr));
	if (n > 0)
		EVP_DigestUpdate(c, s, n);
}

void
audit_hash(const unsigned char prev[32], const char *case_type,
    int64_t case_id, int64_t seq, const char *at, const char *actor,
    const char *action, const char *from, const char *to, bool public,
    const char *detail, const char *rid, unsigned char out[32])
{
	EVP_MD_CTX	*c = EVP_MD_CTX_new();
	char		 num[32];

	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	EVP_DigestUpdate(c, prev, 32);
	field(c, case_type);
	snprintf(num, sizeof(num), "%lld", (long long)case_id);
	field(c, num);
	snprintf(num, sizeof(num), "%lld", (long long)seq);
	field(c, num);
	field(c, at);
	field(c, actor);
	field(c, action);
	field(c, from);
	field(c, to);
	field(c, public ? "1" : "0");
	field(c, detail);
	field(c, rid);
	EVP_DigestFinal_ex(c, out, NULL);
	EVP_MD_CTX_free(c);
}

int
audit_append(struct ctx *ctx, const struct event *ev)
{
	unsigned char	 prev[32], h[32];
	char		 at[32];
	struct dbrow	 row;
	int64_t		 seq = 1;
	int		 rc;

	memset(prev, 0, sizeof(prev));
	rc = db_one(ctx->db, SQL_EVENT_LAST, DBARGS(dbstr(ev->case_type),
	    dbint(ev->case_id)), &row);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		seq = row.c[0].i + 1;
		if (row.c[1].len == 32)
			memcpy(prev, row.c[1].s, 32);
	}
	time_sql(ctx->now, at, sizeof(at));
	audit_hash(prev, ev->case_type, ev->case_id, seq, at, ctx->actor,
	    ev->action, ev->from, ev->to, ev->public, ev->detail, ctx->rid, h);
	return db_exec(ctx->db, SQL_EVENT_INSERT, DBARGS(dbstr(ev->case_type),
	    dbint(ev->case_id), dbint(seq), dbstr(at), dbstr(ctx->actor),
	    dbstr(ev->action), dbstr(ev->from), dbstr(ev->to),
	    dbint(ev->public), dbstr(ev->detail), dbstr(ctx->rid),
	    dbblob(prev, 32), dbblob(h, 32)));
}

struct json_object *
audit_timeline_json(struct ctx *ctx, const char *type, int64_t id, bool all,
    int *rc)
{
	struct json_object	*a = json_object_new_array();
	struct dbrow		 row;
	int64_t			 ms;

	*rc = db_query(ctx->db, all ? SQL_EVENTS_ALL : SQL_EVENTS_PUBLIC,
	    DBARGS(dbstr(type), dbint(id)));
	if (*rc != DB_OK) {
		json_object_put(a);
		return NULL;
	}
	while ((*rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object *e = json_object_new_object();
		/* EVENTS_ALL: seq at actor action from to public detail ...;
		 * EVENTS_PUBLIC: at action from to detail. */
		int at = all ? 1 : 0, act = all ? 3 : 1, to = all ? 5 : 3;

		if (time_from_sql(row.c[at].s, &ms) == 0)
			jput(e, "at", jtime(ms));
		jput(e, "action", json_object_new_string(row.c[act].s));
		jput(e, "status", row.c[to].null ? NULL :
		    json_object_new_string(row.c[to].s));
		if (all) {
			jput(e, "actor", json_object_new_string(row.c[2].s));
			jput(e, "detail", row.c[7].null ? NULL :
			    json_tokener_parse(row.c[7].s));
		}
		json_object_array_add(a, e);
	}
	db_end(ctx->db);
	if (*rc < 0) {
		json_object_put(a);
		return NULL;
	}
	*rc = DB_OK;
	return a;
}
