/*
 * mediator.c -- the mediator roster (调解专家库) and the choice of a
 * mediator for a case: by speciality (the dispute's IP type, then its
 * industry) and load, never anyone connected to a party (the same
 * organisation by name or USCC, a party itself, a declared conflict) or
 * already declined or silent on the case (recusal).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "auth.h"
#include "complaint.h"
#include "db.h"
#include "handlers.h"
#include "ident.h"
#include "identity.h"
#include "mediation.h"
#include "num.h"
#include "pool.h"
#include "roster.h"
#include "timeutil.h"

#define MAX_CANDIDATES 200

struct candidate {
	int64_t		 id;
	const char	*name;
	const char	*org;
	const char	*username;
	int		 open;
	int		 max_open;
	bool		 industry;	/* matches the dispute's industry */
};

/* Whether a roster row is connected to a party of m. */
static bool
connected(struct ctx *ctx, const struct dbrow *row, const struct mediation *m)
{
	const char	*org = row->c[MD_ORG_NORM].s;
	const char	*self = complaint_norm_name(ctx, row->c[MD_NAME].s);
	const char	*an = complaint_norm_name(ctx, m->a.name);
	const char	*rn = complaint_norm_name(ctx, m->r.name);
	const char	*uscc = row->c[MD_ORG_USCC].null ? NULL :
	    row->c[MD_ORG_USCC].s;

	return roster_same(org, an) || roster_same(org, rn) ||
	    roster_same(self, an) || roster_same(self, rn) ||
	    roster_same(uscc, m->a.uscc) || roster_same(uscc, m->r.uscc);
}

/* The candidates for m, best first. */
static int
candidates(struct ctx *ctx, const struct mediation *m, struct candidate *c,
    size_t *n)
{
	struct dbrow	 row;
	const char	*ip = enum_code(EN_IP_TYPE, m->ip_type);
	size_t		 i, k, best = 0;
	int		 rc;

	*n = 0;
	if ((rc = db_query(ctx->db, SQL_MCANDIDATES, DBARGS(dbint(m->id)))) !=
	    DB_OK)
		return rc;
	while ((rc = db_fetch(ctx->db, &row)) == 1 && *n < MAX_CANDIDATES) {
		if (!roster_listed(row.c[MD_IP_TYPES].s, ip) ||
		    row.c[MD_OPEN].i >= row.c[MD_MAX_OPEN].i ||
		    connected(ctx, &row, m))
			continue;
		c[*n].id = row.c[MD_ID].i;
		c[*n].name = pool_strdup(ctx->pool, row.c[MD_NAME].s);
		c[*n].org = pool_strdup(ctx->pool, row.c[MD_ORG].s);
		c[*n].username = row.c[MD_USERNAME].null ? NULL :
		    pool_strdup(ctx->pool, row.c[MD_USERNAME].s);
		c[*n].open = (int)row.c[MD_OPEN].i;
		c[*n].max_open = (int)row.c[MD_MAX_OPEN].i;
		c[*n].industry = roster_listed(row.c[MD_INDUSTRIES].s,
		    m->industry);
		(*n)++;
	}
	db_end(ctx->db);
	if (rc < 0)
		return rc;
	/* Industry matches first, keeping the load order among each. */
	for (i = 0; i < *n; i++)
		if (c[i].industry) {
			struct candidate t = c[i];

			for (k = i; k > best; k--)
				c[k] = c[k - 1];
			c[best++] = t;
		}
	return DB_OK;
}

int
mediator_propose(struct ctx *ctx, struct mediation *m, int64_t choice)
{
	struct candidate	*c;
	size_t			 n, i;
	int			 rc;

	if ((c = pool_alloc(ctx->pool, MAX_CANDIDATES * sizeof(*c))) == NULL)
		return DB_ERR;
	if ((rc = candidates(ctx, m, c, &n)) != DB_OK)
		return rc;
	for (i = 0; i < n && choice != 0 && c[i].id != choice; i++)
		;
	m->mediator_id = 0;
	m->mediator_name = m->mediator_org = NULL;
	m->mediator_accepted = false;
	m->mediator_accepted_at = 0;
	memset(&m->mediator_due, 0, sizeof(m->mediator_due));
	if (i == n)
		return 0;
	m->mediator_id = c[i].id;
	m->mediator_name = c[i].name;
	m->mediator_org = c[i].org;
	m->mediator_due = ref_due(ctx->ref, LIM_MEDIATOR_ACCEPT, ctx->today);
	return 1;
}

bool
mediator_is_own(const struct ctx *ctx, const struct mediation *m)
{
	return ctx->who.kind == P_STAFF && auth_has(ctx, ROLE_MEDIATOR) &&
	    m->mediator_user_id != 0 && m->mediator_user_id == ctx->who.user_id;
}

int
mediator_exclude(struct ctx *ctx, const struct mediation *m,
    int64_t mediator_id, const char *reason, const char *note)
{
	char now[32];

	time_sql(ctx->now, now, sizeof(now));
	return db_exec(ctx->db, SQL_MEXCLUDE, DBARGS(dbint(m->id),
	    dbint(mediator_id), dbstr(reason), dbstr(note), dbstr(now)));
}

/* ---- routes ------------------------------------------------------------ */

/* GET /api/v1/mediations/{no}/candidates: for the office. */
enum err
h_mediation_candidates(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct mediation	 m;
	struct candidate	*c;
	struct json_object	*a, *o;
	size_t			 n, i;
	enum err		 e;
	int			 rc;

	if ((e = mediation_open(ctx, req, resp, &m)) != ERR_OK)
		return e;
	if ((c = pool_alloc(ctx->pool, MAX_CANDIDATES * sizeof(*c))) == NULL)
		return ERR_TOO_LARGE;
	if ((rc = candidates(ctx, &m, c, &n)) != DB_OK)
		return err_from_db(rc);
	a = json_object_new_array();
	for (i = 0; i < n; i++) {
		struct json_object *x = json_object_new_object();

		json_object_object_add(x, "id", json_object_new_int64(c[i].id));
		json_object_object_add(x, "name",
		    json_object_new_string(c[i].name));
		json_object_object_add(x, "organisation",
		    json_object_new_string(c[i].org));
		json_object_object_add(x, "open_cases",
		    json_object_new_int(c[i].open));
		json_object_object_add(x, "max_open",
		    json_object_new_int(c[i].max_open));
		json_object_object_add(x, "industry_match",
		    json_object_new_boolean(c[i].industry));
		json_object_array_add(a, x);
	}
	o = json_object_new_object();
	json_object_object_add(o, "no", json_object_new_string(m.no));
	json_object_object_add(o, "candidates", a);
	return resp_json(resp, 200, o);
}

struct mediator_in {
	const char	*name;
	const char	*organisation;
	const char	*organisation_uscc;
	int		*ip_types;
	size_t		 nip_types;
	const char	**industries;
	size_t		 nindustries;
	int		 available;
	struct opt_i64	 max_open;
	const char	*username;
};

static const struct fspec mediator_fields[] = {
	{ "name", FS_STR, 0, offsetof(struct mediator_in, name), 0, 100, 0, 0,
	    0, NULL, NULL, 0, 0, 0 },
	{ "organisation", FS_STR, 0, offsetof(struct mediator_in,
	    organisation), 0, 200, 0, 0, 0, NULL, NULL, 0, 0, 0 },
	{ "organisation_uscc", FS_STR, 0, offsetof(struct mediator_in,
	    organisation_uscc), 0, 18, 0, 0, 0, fs_uscc, NULL, 0, 0, 0 },
	{ "ip_types", FS_ARR_ENUM, FS_UNIQUE, offsetof(struct mediator_in,
	    ip_types), 1, 9, 0, 0, EN_IP_TYPE, NULL, NULL, 0, 0,
	    offsetof(struct mediator_in, nip_types) },
	{ "industries", FS_ARR_STR, FS_UNIQUE, offsetof(struct mediator_in,
	    industries), 0, 10, 0, 32, 0, roster_item_check, NULL, 0, 0,
	    offsetof(struct mediator_in, nindustries) },
	{ "available", FS_BOOL, 0, offsetof(struct mediator_in, available), 0,
	    0, 0, 0, 0, NULL, NULL, 0, 0, 0 },
	{ "max_open", FS_INT, 0, offsetof(struct mediator_in, max_open), 0, 0,
	    1, 100, 0, NULL, NULL, 0, 0, 0 },
	{ "username", FS_STR, 0, offsetof(struct mediator_in, username), 0, 64,
	    0, 0, 0, NULL, NULL, 0, 0, 0 },
};

static void
mediator_validate(struct ctx *ctx, void *input, struct verrs *v)
{
	struct mediator_in *in = input;

	if (ctx->req->nparams > 0) {
		/* An update: identity stays as registered; the rest optional. */
		roster_identity_fixed(v, in->name, in->organisation,
		    in->organisation_uscc, in->username);
		return;
	}
	if (in->name == NULL)
		verr_required(v, "name");
	if (in->organisation == NULL)
		verr_required(v, "organisation");
	if (in->nip_types == 0)
		verr_required(v, "ip_types");
}

const struct bodyspec mediator_spec = {
	mediator_fields, sizeof(mediator_fields) / sizeof(mediator_fields[0]),
	sizeof(struct mediator_in), mediator_validate
};

static struct json_object *
mediator_json(const struct dbrow *row)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(row->c[MD_ID].i));
	json_object_object_add(o, "name",
	    json_object_new_string(row->c[MD_NAME].s));
	json_object_object_add(o, "organisation",
	    json_object_new_string(row->c[MD_ORG].s));
	json_object_object_add(o, "organisation_uscc", row->c[MD_ORG_USCC].null ?
	    NULL : json_object_new_string(row->c[MD_ORG_USCC].s));
	json_object_object_add(o, "ip_types",
	    roster_list_json(row->c[MD_IP_TYPES].s));
	json_object_object_add(o, "industries",
	    roster_list_json(row->c[MD_INDUSTRIES].s));
	json_object_object_add(o, "available",
	    json_object_new_boolean(row->c[MD_AVAILABLE].i != 0));
	json_object_object_add(o, "max_open",
	    json_object_new_int64(row->c[MD_MAX_OPEN].i));
	json_object_object_add(o, "open_cases",
	    json_object_new_int64(row->c[MD_OPEN].i));
	json_object_object_add(o, "username", row->c[MD_USERNAME].null ? NULL :
	    json_object_new_string(row->c[MD_USERNAME].s));
	return o;
}

/* GET /api/v1/mediators. */
enum err
h_mediators_list(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return roster_list(ctx, resp, SQL_MEDIATOR_LIST, "mediators",
	    mediator_json);
}

/* GET /api/v1/mediators/{id}. */
enum err
h_mediator_get(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return roster_get(ctx, req, resp, SQL_MEDIATOR_GET, mediator_json);
}

/* POST /api/v1/mediators: a new roster entry. */
enum err
h_mediator_create(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct mediator_in	*in = input;
	int64_t			 uid;
	char			 now[32];
	enum err		 e;
	int			 rc;

	if ((e = roster_user(ctx, in->username, ROLE_MEDIATOR,
	    "not_a_mediator_account", resp, &uid)) != ERR_OK)
		return e;
	time_sql(ctx->now, now, sizeof(now));
	rc = db_exec(ctx->db, SQL_MEDIATOR_INSERT, DBARGS(
	    uid ? dbint(uid) : dbnull(), dbstr(in->name),
	    dbstr(in->organisation),
	    dbstr(complaint_norm_name(ctx, in->organisation)),
	    dbstr(in->organisation_uscc),
	    dbstr(roster_join(ctx, NULL, in->ip_types, in->nip_types,
	    EN_IP_TYPE)),
	    dbstr(roster_join(ctx, in->industries, NULL, in->nindustries,
	    EN_IP_TYPE)),
	    dbint(in->available != 0), dbint(in->max_open.set ?
	    in->max_open.v : 5), dbstr(now), dbstr(now)));
	if (rc == DB_DUP) {
		verr_add(resp->errs, "username", "already_a_mediator", 0);
		return ERR_VALIDATION;
	}
	if (rc != DB_OK)
		return err_from_db(rc);
	snprintf(resp->location, sizeof(resp->location),
	    "/api/v1/mediators/%lld", (long long)db_insert_id(ctx->db));
	return roster_answer(ctx, resp, SQL_MEDIATOR_GET,
	    db_insert_id(ctx->db), 201, mediator_json);
}

/* POST /api/v1/mediators/{id}: specialities, availability, capacity. */
enum err
h_mediator_update(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct mediator_in	*in = input;
	struct dbrow		 row;
	char			 now[32];
	int64_t			 id;
	int			 rc;

	if (num_i64z(req->params[0], 1, INT32_MAX, &id) == -1)
		return ERR_NOT_FOUND;
	rc = db_one(ctx->db, SQL_MEDIATOR_GET, DBARGS(dbint(id)), &row);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0)
		return ERR_NOT_FOUND;
	time_sql(ctx->now, now, sizeof(now));
	rc = db_exec(ctx->db, SQL_MEDIATOR_UPDATE, DBARGS(
	    dbstr(in->nip_types ? roster_join(ctx, NULL, in->ip_types,
	    in->nip_types, EN_IP_TYPE) : pool_strdup(ctx->pool,
	    row.c[MD_IP_TYPES].s)),
	    dbstr(in->industries ? roster_join(ctx, in->industries, NULL,
	    in->nindustries, EN_IP_TYPE) : pool_strdup(ctx->pool,
	    row.c[MD_INDUSTRIES].s)),
	    dbint(in->available >= 0 ? in->available :
	    row.c[MD_AVAILABLE].i), dbint(in->max_open.set ? in->max_open.v :
	    row.c[MD_MAX_OPEN].i), dbstr(now), dbint(id)));
	if (rc != DB_OK)
		return err_from_db(rc);
	return roster_answer(ctx, resp, SQL_MEDIATOR_GET, id, 200,
	    mediator_json);
}
