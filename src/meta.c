/*
 * meta.c -- health check and the value lists for forms and apps.
 */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "db.h"
#include "enums.h"
#include "handlers.h"
#include "workdays.h"

/* GET /api/v1/health: 200 only when the database answers. */
enum err
h_health(struct ctx *ctx, struct req *req, struct resp *resp, void *input)
{
	struct json_object	*o, *years;
	struct dbrow		 row;
	size_t			 i;
	int			 rc;

	rc = db_one(ctx->db, SQL_PING, DBNOARGS, &row);
	if (rc != 1) {
		resp->detail = L(ctx, "数据库暂时无法访问。",
		    "The database does not answer.");
		return ERR_UNAVAILABLE;
	}
	o = json_object_new_object();
	json_object_object_add(o, "status", json_object_new_string("ok"));
	json_object_object_add(o, "database", json_object_new_string("ok"));
	years = json_object_new_array();
	for (i = 0; i < ctx->ref->cal.nofficial; i++)
		json_object_array_add(years,
		    json_object_new_int(ctx->ref->cal.official[i]));
	json_object_object_add(o, "calendar_official_years", years);
	return resp_json(resp, 200, o);
}

static struct json_object *
enum_list(enum enumid id)
{
	struct json_object	*a = json_object_new_array();
	const struct enumdef	*d = &enum_defs[id];
	size_t			 i;

	for (i = 0; i < d->n; i++) {
		struct json_object *v = json_object_new_object();

		json_object_object_add(v, "code",
		    json_object_new_string(d->v[i].code));
		json_object_object_add(v, "zh", json_object_new_string(d->v[i].zh));
		json_object_object_add(v, "en", json_object_new_string(d->v[i].en));
		json_object_array_add(a, v);
	}
	return a;
}

static struct json_object *
district_list(const struct refdata *ref)
{
	struct json_object	*a = json_object_new_array();
	size_t			 i;

	for (i = 0; i < ref->nd; i++) {
		struct json_object *v = json_object_new_object();

		json_object_object_add(v, "code",
		    json_object_new_string(ref->d[i].code));
		json_object_object_add(v, "zh", json_object_new_string(ref->d[i].zh));
		json_object_object_add(v, "en", json_object_new_string(ref->d[i].en));
		json_object_array_add(a, v);
	}
	return a;
}

static struct json_object *
limits_list(const struct refdata *ref)
{
	struct json_object	*o = json_object_new_object();
	int			 i;

	for (i = 0; i < LIM__MAX; i++) {
		struct json_object *v = json_object_new_object();

		json_object_object_add(v, "amount",
		    json_object_new_int(ref->lim[i].amount));
		json_object_object_add(v, "unit", json_object_new_string(
		    ref->lim[i].wd ? "working_days" : "days"));
		json_object_object_add(o, limit_code((enum limit_id)i), v);
	}
	return o;
}

/* GET /api/v1/meta/enums: every value list with zh and en labels. */
enum err
h_enums(struct ctx *ctx, struct req *req, struct resp *resp, void *input)
{
	struct json_object	*o = json_object_new_object(), *ev;
	int			 i;

	for (i = 0; i < EN__MAX; i++)
		json_object_object_add(o, enum_defs[i].name,
		    enum_list((enum enumid)i));
	json_object_object_add(o, "districts", district_list(ctx->ref));
	json_object_object_add(o, "time_limits", limits_list(ctx->ref));
	ev = json_object_new_object();
	json_object_object_add(ev, "max_bytes",
	    json_object_new_int64((int64_t)ctx->cfg->evidence_max));
	json_object_object_add(ev, "max_files_per_case",
	    json_object_new_int(ctx->cfg->evidence_per_case));
	json_object_object_add(o, "evidence", ev);
	return resp_json(resp, 200, o);
}

/* GET /api/v1/departments: for assigning and filtering. */
enum err
h_departments(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct json_object	*a = json_object_new_array(), *o;
	size_t			 i;

	for (i = 0; i < ctx->ref->ndept; i++) {
		struct json_object *d = json_object_new_object();

		json_object_object_add(d, "code",
		    json_object_new_string(ctx->ref->dept[i].code));
		json_object_object_add(d, "zh",
		    json_object_new_string(ctx->ref->dept[i].zh));
		json_object_object_add(d, "en",
		    json_object_new_string(ctx->ref->dept[i].en));
		json_object_array_add(a, d);
	}
	o = json_object_new_object();
	json_object_object_add(o, "departments", a);
	return resp_json(resp, 200, o);
}
