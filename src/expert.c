/*
 * expert.c -- the overseas aid expert roster (海外维权专家库) and the
 * choice of an expert for a request: by the request's countries and IP
 * types (the more countries matched the better), then load; never an
 * expert connected to the requester or to the opposing party (the same
 * organisation by name or USCC, the party itself), nor one excluded from
 * the request (a conflict, a decline).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "aid.h"
#include "app.h"
#include "auth.h"
#include "complaint.h"
#include "db.h"
#include "handlers.h"
#include "ident.h"
#include "identity.h"
#include "num.h"
#include "pool.h"
#include "roster.h"
#include "timeutil.h"

#define MAX_CANDIDATES 200

struct ecand {
	int64_t		 id;
	int64_t		 user_id;
	const char	*name;
	const char	*org;
	int		 countries;	/* how many of the request's */
	int		 open;
	int		 max_open;
};

static bool
connected(struct ctx *ctx, const struct dbrow *row, const struct aid *a)
{
	const char *org = row->c[EX_ORG_NORM].s;
	const char *self = complaint_norm_name(ctx, row->c[EX_NAME].s);
	const char *req = complaint_norm_name(ctx, a->e_name);
	const char *opp = a->opposing_party ?
	    complaint_norm_name(ctx, a->opposing_party) : NULL;
	const char *uscc = row->c[EX_ORG_USCC].null ? NULL :
	    row->c[EX_ORG_USCC].s;

	return roster_same(org, req) || roster_same(org, opp) ||
	    roster_same(self, req) || roster_same(self, opp) ||
	    roster_same(uscc, a->e_uscc);
}

/* The candidates for a request, best first. */
static int
candidates(struct ctx *ctx, const struct aid *a, struct ecand *c, size_t *n)
{
	struct dbrow	 row;
	size_t		 i, k;
	int		 rc;

	*n = 0;
	if ((rc = db_query(ctx->db, SQL_ECANDIDATES, DBARGS(dbint(a->id)))) !=
	    DB_OK)
		return rc;
	while ((rc = db_fetch(ctx->db, &row)) == 1 && *n < MAX_CANDIDATES) {
		int m = roster_overlap(a->countries, row.c[EX_COUNTRIES].s);

		if (m == 0 || roster_overlap(a->ip_types,
		    row.c[EX_IP_TYPES].s) == 0 ||
		    row.c[EX_OPEN].i >= row.c[EX_MAX_OPEN].i ||
		    connected(ctx, &row, a))
			continue;
		c[*n].id = row.c[EX_ID].i;
		c[*n].user_id = row.c[EX_USER].null ? 0 : row.c[EX_USER].i;
		c[*n].name = pool_strdup(ctx->pool, row.c[EX_NAME].s);
		c[*n].org = pool_strdup(ctx->pool, row.c[EX_ORG].s);
		c[*n].countries = m;
		c[*n].open = (int)row.c[EX_OPEN].i;
		c[*n].max_open = (int)row.c[EX_MAX_OPEN].i;
		(*n)++;
	}
	db_end(ctx->db);
	if (rc < 0)
		return rc;
	/* More countries matched first; the load order holds within
	 * (insertion sort keeps it stable). */
	for (i = 1; i < *n; i++) {
		struct ecand t = c[i];

		for (k = i; k > 0 && c[k - 1].countries < t.countries; k--)
			c[k] = c[k - 1];
		c[k] = t;
	}
	return DB_OK;
}

int
expert_assign(struct ctx *ctx, struct aid *a, int64_t choice)
{
	struct ecand	*c;
	size_t		 n, i;
	int		 rc;

	if ((c = pool_alloc(ctx->pool, MAX_CANDIDATES * sizeof(*c))) == NULL)
		return DB_ERR;
	if ((rc = candidates(ctx, a, c, &n)) != DB_OK)
		return rc;
	for (i = 0; i < n && choice != 0 && c[i].id != choice; i++)
		;
	if (i == n)
		return 0;
	a->expert_id = c[i].id;
	a->expert_name = c[i].name;
	a->expert_user_id = c[i].user_id;
	return 1;
}

int
expert_known(struct ctx *ctx, int64_t id)
{
	struct dbrow row;

	return db_one(ctx->db, SQL_EXPERT_GET, DBARGS(dbint(id)), &row);
}

int
expert_exclude(struct ctx *ctx, const struct aid *a, int64_t expert_id,
    const char *reason, const char *note)
{
	char now[32];

	time_sql(ctx->now, now, sizeof(now));
	return db_exec(ctx->db, SQL_AEXCLUDE, DBARGS(dbint(a->id),
	    dbint(expert_id), dbstr(reason), dbstr(note), dbstr(now)));
}

/* ---- routes ------------------------------------------------------------ */

/* GET /api/v1/overseas-aid/{no}/candidates: for the office. */
enum err
h_aid_candidates(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct aid		 a;
	struct ecand		*c;
	struct json_object	*arr, *o;
	size_t			 n, i;
	enum err		 e;
	int			 rc;

	if ((e = aid_open(ctx, req, resp, &a)) != ERR_OK)
		return e;
	if ((c = pool_alloc(ctx->pool, MAX_CANDIDATES * sizeof(*c))) == NULL)
		return ERR_TOO_LARGE;
	if ((rc = candidates(ctx, &a, c, &n)) != DB_OK)
		return err_from_db(rc);
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		struct json_object *x = json_object_new_object();

		json_object_object_add(x, "id", json_object_new_int64(c[i].id));
		json_object_object_add(x, "name",
		    json_object_new_string(c[i].name));
		json_object_object_add(x, "organisation",
		    json_object_new_string(c[i].org));
		json_object_object_add(x, "countries_matched",
		    json_object_new_int(c[i].countries));
		json_object_object_add(x, "open_cases",
		    json_object_new_int(c[i].open));
		json_object_object_add(x, "max_open",
		    json_object_new_int(c[i].max_open));
		json_object_array_add(arr, x);
	}
	o = json_object_new_object();
	json_object_object_add(o, "no", json_object_new_string(a.no));
	json_object_object_add(o, "candidates", arr);
	return resp_json(resp, 200, o);
}

struct expert_in {
	const char	*name;
	const char	*organisation;
	const char	*organisation_uscc;
	int		*countries;
	size_t		 ncountries;
	int		*ip_types;
	size_t		 nip_types;
	const char	**languages;
	size_t		 nlanguages;
	int		 available;
	struct opt_i64	 max_open;
	const char	*username;
};

static const struct fspec expert_fields[] = {
	{ "name", FS_STR, 0, offsetof(struct expert_in, name), 0, 100, 0, 0,
	    0, NULL, NULL, 0, 0, 0 },
	{ "organisation", FS_STR, 0, offsetof(struct expert_in, organisation),
	    0, 200, 0, 0, 0, NULL, NULL, 0, 0, 0 },
	{ "organisation_uscc", FS_STR, 0, offsetof(struct expert_in,
	    organisation_uscc), 0, 18, 0, 0, 0, fs_uscc, NULL, 0, 0, 0 },
	{ "countries", FS_ARR_ENUM, FS_UNIQUE, offsetof(struct expert_in,
	    countries), 1, 60, 0, 0, EN_COUNTRY, NULL, NULL, 0, 0,
	    offsetof(struct expert_in, ncountries) },
	{ "ip_types", FS_ARR_ENUM, FS_UNIQUE, offsetof(struct expert_in,
	    ip_types), 1, 9, 0, 0, EN_IP_TYPE, NULL, NULL, 0, 0,
	    offsetof(struct expert_in, nip_types) },
	{ "languages", FS_ARR_STR, FS_UNIQUE, offsetof(struct expert_in,
	    languages), 0, 10, 0, 16, 0, roster_item_check, NULL, 0, 0,
	    offsetof(struct expert_in, nlanguages) },
	{ "available", FS_BOOL, 0, offsetof(struct expert_in, available), 0, 0,
	    0, 0, 0, NULL, NULL, 0, 0, 0 },
	{ "max_open", FS_INT, 0, offsetof(struct expert_in, max_open), 0, 0,
	    1, 100, 0, NULL, NULL, 0, 0, 0 },
	{ "username", FS_STR, 0, offsetof(struct expert_in, username), 0, 64,
	    0, 0, 0, NULL, NULL, 0, 0, 0 },
};

static void
expert_validate(struct ctx *ctx, void *input, struct verrs *v)
{
	struct expert_in *in = input;

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
	if (in->ncountries == 0)
		verr_required(v, "countries");
	if (in->nip_types == 0)
		verr_required(v, "ip_types");
}

const struct bodyspec expert_spec = {
	expert_fields, sizeof(expert_fields) / sizeof(expert_fields[0]),
	sizeof(struct expert_in), expert_validate
};

static struct json_object *
expert_json(const struct dbrow *row)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(row->c[EX_ID].i));
	json_object_object_add(o, "name",
	    json_object_new_string(row->c[EX_NAME].s));
	json_object_object_add(o, "organisation",
	    json_object_new_string(row->c[EX_ORG].s));
	json_object_object_add(o, "organisation_uscc", row->c[EX_ORG_USCC].null ?
	    NULL : json_object_new_string(row->c[EX_ORG_USCC].s));
	json_object_object_add(o, "countries",
	    roster_list_json(row->c[EX_COUNTRIES].s));
	json_object_object_add(o, "ip_types",
	    roster_list_json(row->c[EX_IP_TYPES].s));
	json_object_object_add(o, "languages",
	    roster_list_json(row->c[EX_LANGUAGES].s));
	json_object_object_add(o, "available",
	    json_object_new_boolean(row->c[EX_AVAILABLE].i != 0));
	json_object_object_add(o, "max_open",
	    json_object_new_int64(row->c[EX_MAX_OPEN].i));
	json_object_object_add(o, "open_cases",
	    json_object_new_int64(row->c[EX_OPEN].i));
	json_object_object_add(o, "username", row->c[EX_USERNAME].null ? NULL :
	    json_object_new_string(row->c[EX_USERNAME].s));
	return o;
}

/* GET /api/v1/experts. */
enum err
h_experts_list(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	return roster_list(ctx, resp, SQL_EXPERT_LIST, "experts", expert_json);
}

/* GET /api/v1/experts/{id}. */
enum err
h_expert_get(struct ctx *ctx, struct req *req, struct resp *resp, void *input)
{
	return roster_get(ctx, req, resp, SQL_EXPERT_GET, expert_json);
}

/* POST /api/v1/experts. */
enum err
h_expert_create(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct expert_in	*in = input;
	int64_t			 uid = 0;
	char			 now[32];
	enum err		 e;
	int			 rc;

	if ((e = roster_user(ctx, in->username, ROLE_AID_EXPERT,
	    "not_an_expert_account", resp, &uid)) != ERR_OK)
		return e;
	time_sql(ctx->now, now, sizeof(now));
	rc = db_exec(ctx->db, SQL_EXPERT_INSERT, DBARGS(
	    uid ? dbint(uid) : dbnull(), dbstr(in->name),
	    dbstr(in->organisation),
	    dbstr(complaint_norm_name(ctx, in->organisation)),
	    dbstr(in->organisation_uscc),
	    dbstr(roster_join(ctx, NULL, in->countries, in->ncountries,
	    EN_COUNTRY)),
	    dbstr(roster_join(ctx, NULL, in->ip_types, in->nip_types,
	    EN_IP_TYPE)),
	    dbstr(roster_join(ctx, in->languages, NULL, in->nlanguages,
	    EN_IP_TYPE)),
	    dbint(in->available != 0), dbint(in->max_open.set ?
	    in->max_open.v : 5), dbstr(now), dbstr(now)));
	if (rc == DB_DUP) {
		verr_add(resp->errs, "username", "already_an_expert", 0);
		return ERR_VALIDATION;
	}
	if (rc != DB_OK)
		return err_from_db(rc);
	snprintf(resp->location, sizeof(resp->location),
	    "/api/v1/experts/%lld", (long long)db_insert_id(ctx->db));
	return roster_answer(ctx, resp, SQL_EXPERT_GET,
	    db_insert_id(ctx->db), 201, expert_json);
}

/* POST /api/v1/experts/{id}: countries, IP types, languages,
 * availability, capacity. */
enum err
h_expert_update(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct expert_in	*in = input;
	struct dbrow		 row;
	char			 now[32];
	int64_t			 id;
	const char		*countries, *ips, *langs;
	int			 rc;

	if (num_i64z(req->params[0], 1, INT32_MAX, &id) == -1)
		return ERR_NOT_FOUND;
	rc = db_one(ctx->db, SQL_EXPERT_GET, DBARGS(dbint(id)), &row);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0)
		return ERR_NOT_FOUND;
	countries = in->countries ? roster_join(ctx, NULL, in->countries,
	    in->ncountries, EN_COUNTRY) : pool_strdup(ctx->pool,
	    row.c[EX_COUNTRIES].s);
	ips = in->ip_types ? roster_join(ctx, NULL, in->ip_types,
	    in->nip_types, EN_IP_TYPE) : pool_strdup(ctx->pool,
	    row.c[EX_IP_TYPES].s);
	langs = in->languages ? roster_join(ctx, in->languages, NULL,
	    in->nlanguages, EN_IP_TYPE) : pool_strdup(ctx->pool,
	    row.c[EX_LANGUAGES].s);
	time_sql(ctx->now, now, sizeof(now));
	rc = db_exec(ctx->db, SQL_EXPERT_UPDATE, DBARGS(dbstr(countries),
	    dbstr(ips), dbstr(langs), dbint(in->available >= 0 ?
	    in->available : row.c[EX_AVAILABLE].i), dbint(in->max_open.set ?
	    in->max_open.v : row.c[EX_MAX_OPEN].i), dbstr(now), dbint(id)));
	if (rc != DB_OK)
		return err_from_db(rc);
	return roster_answer(ctx, resp, SQL_EXPERT_GET, id, 200,
	    expert_json);
}
