/*
 * complaint_queue.c -- staff queues of complaints and reports: filters,
 * keyset pagination (by id, newest first, so pages stay stable while new
 * cases arrive), the warning and overdue lists, CSV export with personal
 * data masked unless the role may see it; and a case's full event list.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "complaint.h"
#include "crypto.h"
#include "db.h"
#include "handlers.h"
#include "mask.h"
#include "pool.h"
#include "rowval.h"
#include "query.h"
#include "timeutil.h"
#include "workdays.h"

#define PAGE_DEFAULT 50
#define PAGE_MAX 200
#define EXPORT_MAX 10000

struct list_in {
	int		 status;
	int		 kind;
	int		 ip_type;
	int		 scene;
	const char	*department;
	const char	*assignee;
	int		 due_state;
	int32_t		 received_from;
	int32_t		 received_to;
	const char	*q;
	struct opt_i64	 limit;
	struct opt_i64	 cursor;
	const char	*format;
};

#define Q(n, t, m, mx, lo, hi, e) { n, t, offsetof(struct list_in, m), mx, \
	lo, hi, e }

static const struct qspec list_specs[] = {
	Q("status", QS_ENUM, status, 0, 0, 0, EN_STATUS),
	Q("kind", QS_ENUM, kind, 0, 0, 0, EN_KIND),
	Q("ip_type", QS_ENUM, ip_type, 0, 0, 0, EN_IP_TYPE),
	Q("scene", QS_ENUM, scene, 0, 0, 0, EN_SCENE),
	Q("department", QS_STR, department, 32, 0, 0, 0),
	Q("assignee", QS_STR, assignee, 64, 0, 0, 0),
	Q("due_state", QS_ENUM, due_state, 0, 0, 0, EN_DUE_STATE),
	Q("received_from", QS_DATE, received_from, 0, 0, 0, 0),
	Q("received_to", QS_DATE, received_to, 0, 0, 0, 0),
	Q("q", QS_STR, q, 100, 0, 0, 0),
	Q("limit", QS_INT, limit, 0, 1, PAGE_MAX, 0),
	Q("cursor", QS_INT, cursor, 0, 1, INT64_MAX - 1, 0),
	Q("format", QS_STR, format, 8, 0, 0, 0),
};

/* The filter values bound to SQL_COMPLAINT_QUEUE. */
struct filter {
	struct dbval	 v[32];
	size_t		 n;
};

static void
pair(struct filter *f, struct dbval v)
{
	f->v[f->n++] = v;
	f->v[f->n++] = v;
}

static struct dbval
date_val(struct ctx *ctx, int32_t day)
{
	char *s;

	if (day == 0 || (s = pool_alloc(ctx->pool, 16)) == NULL)
		return dbnull();
	return dbstr(day_format(day, s, 16));
}

/* Builds the bound values; a handler sees only its department. */
static enum err
build_filter(struct ctx *ctx, const struct list_in *in, int64_t cursor,
    int64_t limit, struct filter *f, struct verrs *errs)
{
	const struct department	*d = NULL;
	int64_t			 dept = 0, assignee = 0;
	int32_t			 t = ctx->today, w;
	struct dbrow		 row;
	struct dbval		 q;
	int			 rc;

	if (in->department != NULL &&
	    (d = ref_dept(ctx->ref, in->department)) == NULL)
		verr_add(errs, "department", "invalid_value", 0);
	if (in->assignee != NULL) {
		rc = db_one(ctx->db, SQL_STAFF_BY_NAME,
		    DBARGS(dbstr(in->assignee)), &row);
		if (rc < 0)
			return err_from_db(rc);
		if (rc == 0)
			verr_add(errs, "assignee", "invalid_value", 0);
		else
			assignee = row.c[0].i;
	}
	if (errs->n > 0)
		return ERR_VALIDATION;
	dept = d != NULL ? d->id : 0;
	if (!auth_has(ctx, ROLE_INTAKE | ROLE_SUPERVISOR | ROLE_CREDIT)) {
		if (dept != 0 && dept != ctx->who.department_id)
			dept = -1;	/* another department: nothing */
		else
			dept = ctx->who.department_id > 0 ?
			    ctx->who.department_id : -1;
	}
	/* A due date is "warning" until the working day after the last
	 * warning day; overdue after today. */
	w = cal_add_workdays(&ctx->ref->cal, t,
	    ctx->ref->lim[LIM_WARNING_BEFORE].amount + 1, NULL) - 1;
	f->n = 0;
	pair(f, in->status >= 0 ? dbstr(enum_code(EN_STATUS, in->status)) :
	    dbnull());
	pair(f, in->kind >= 0 ? dbstr(enum_code(EN_KIND, in->kind)) : dbnull());
	pair(f, in->ip_type >= 0 ? dbstr(enum_code(EN_IP_TYPE, in->ip_type)) :
	    dbnull());
	pair(f, in->scene >= 0 ? dbstr(enum_code(EN_SCENE, in->scene)) :
	    dbnull());
	pair(f, dept != 0 ? dbint(dept) : dbnull());
	pair(f, assignee != 0 ? dbint(assignee) : dbnull());
	pair(f, date_val(ctx, in->received_from ?
	    day_from_ymdint(in->received_from) : 0));
	pair(f, date_val(ctx, in->received_to ?
	    day_from_ymdint(in->received_to) : 0));
	q = v_like(ctx->pool, in->q);
	f->v[f->n++] = q;
	f->v[f->n++] = q;
	f->v[f->n++] = q;
	f->v[f->n++] = q;
	pair(f, in->due_state == DUE_OVERDUE ? date_val(ctx, t) : dbnull());
	f->v[f->n++] = in->due_state == DUE_WARNING ? date_val(ctx, t) :
	    dbnull();
	f->v[f->n++] = date_val(ctx, t);
	f->v[f->n++] = date_val(ctx, w);
	pair(f, in->due_state == DUE_ON_TIME ? date_val(ctx, w) : dbnull());
	pair(f, cursor > 0 ? dbint(cursor) : dbnull());
	f->v[f->n++] = dbint(limit);
	return ERR_OK;
}

/* Runs the queue query; calls fn for each case. */
static int
each_case(struct ctx *ctx, struct filter *f, int64_t *last,
    void (*fn)(struct ctx *, const struct complaint *, void *), void *arg)
{
	struct complaint	*cs;
	struct dbrow		 row;
	size_t			 n = 0, i, cap;
	int			 rc;

	cap = (size_t)f->v[f->n - 1].i;
	if ((cs = pool_alloc(ctx->pool, cap * sizeof(*cs))) == NULL)
		return DB_ERR;
	if ((rc = db_query(ctx->db, SQL_COMPLAINT_QUEUE, f->v, f->n)) != DB_OK)
		return rc;
	while (n < cap && (rc = db_fetch(ctx->db, &row)) == 1)
		complaint_from_row(ctx, &row, &cs[n++]);
	db_end(ctx->db);
	if (rc < 0)
		return rc;
	for (i = 0; i < n; i++)
		fn(ctx, &cs[i], arg);
	*last = n > 0 ? cs[n - 1].id : 0;
	return (int)n;
}

static void
add_item(struct ctx *ctx, const struct complaint *c, void *arg)
{
	json_object_array_add(arg, complaint_staff_summary_json(ctx, c));
}

/* ---- CSV ---------------------------------------------------------------- */

/* A CSV cell: quoted when needed; a leading = + - @ is defused so that
 * spreadsheets do not run it as a formula. */
static void
cell(struct buf *b, const char *s, int last)
{
	size_t i;

	if (s == NULL)
		s = "";
	if (strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0')
		buf_adds(b, "\"'");
	else
		buf_adds(b, "\"");
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '"')
			buf_adds(b, "\"\"");
		else
			buf_add(b, &s[i], 1);
	}
	buf_adds(b, last ? "\"\r\n" : "\",");
}

struct csvout {
	struct buf	*b;
	int		 rc;	/* the first error logging an unmasked row */
};

static void
add_csv(struct ctx *ctx, const struct complaint *c, void *arg)
{
	struct csvout	*out = arg;
	struct buf	*b = out->b;
	char		 t[40], due[16], m1[128], m2[128], m3[128];
	bool		 pii = complaint_may_see_pii(ctx, c);
	int32_t		 nd = complaint_next_due(c);
	enum due_state	 st = ref_due_state(ctx->ref, nd, ctx->today, 0);

	cell(b, c->no, 0);
	cell(b, enum_code(EN_KIND, c->kind), 0);
	cell(b, enum_code(EN_STATUS, (int)c->status), 0);
	cell(b, enum_code(EN_IP_TYPE, c->ip_type), 0);
	cell(b, enum_code(EN_SCENE, c->scene), 0);
	cell(b, enum_code(EN_CHANNEL, c->channel), 0);
	cell(b, c->district, 0);
	cell(b, time_iso(c->received_at, t, sizeof(t)), 0);
	cell(b, c->department, 0);
	cell(b, c->assignee, 0);
	cell(b, nd ? day_format(nd, due, sizeof(due)) : "", 0);
	cell(b, nd ? enum_code(EN_DUE_STATE, (int)st) : "", 0);
	cell(b, c->title, 0);
	cell(b, c->r.name, 0);
	cell(b, c->r.uscc, 0);
	cell(b, c->anonymous ? "" : pii ? c->c.name :
	    mask_name(c->c.name, m1, sizeof(m1)), 0);
	cell(b, c->anonymous ? "" : pii ? c->c.id_number :
	    mask_idnumber(c->c.id_number, m2, sizeof(m2)), 0);
	cell(b, c->anonymous ? "" : pii ? c->c.phone :
	    mask_phone(c->c.phone, m3, sizeof(m3)), 1);
	if (pii && out->rc == DB_OK)
		out->rc = complaint_log_pii(ctx, c);
}

static enum err
export_csv(struct ctx *ctx, struct filter *f, struct resp *resp)
{
	struct csvout	 out = { &resp->body, DB_OK };
	int64_t		 last = 0, total = 0;
	int		 rc;

	buf_reset(&resp->body);
	buf_adds(&resp->body, "\xef\xbb\xbf");	/* for spreadsheet programs */
	buf_adds(&resp->body, "no,kind,status,ip_type,scene,channel,district,"
	    "received_at,department,assignee,next_due,due_state,title,"
	    "respondent,respondent_uscc,complainant,complainant_id_number,"
	    "complainant_phone\r\n");
	f->v[f->n - 1] = dbint(PAGE_MAX);
	do {
		rc = each_case(ctx, f, &last, add_csv, &out);
		if (rc < 0 || out.rc != DB_OK)
			return err_from_db(rc < 0 ? rc : out.rc);
		total += rc;
		/* The cursor pair is the last but one and two values. */
		f->v[f->n - 3] = f->v[f->n - 2] = dbint(last);
	} while (rc == PAGE_MAX && total < EXPORT_MAX);
	resp->status = 200;
	resp->ctype = "text/csv; charset=utf-8";
	snprintf(resp->disposition, sizeof(resp->disposition),
	    "attachment; filename=\"complaints.csv\"");
	return ERR_OK;
}

/* GET /api/v1/complaints: the staff queue (JSON, or CSV with
 * format=csv). */
enum err
h_complaint_list(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct list_in		 in;
	struct filter		 f;
	struct json_object	*o, *items;
	int64_t			 limit, last = 0;
	enum qs_result		 qr;
	enum err		 e;
	int			 rc;

	if ((resp->errs = pool_alloc(ctx->pool, sizeof(*resp->errs))) == NULL)
		return ERR_TOO_LARGE;
	qr = query_decode(ctx->pool, req->query, list_specs,
	    sizeof(list_specs) / sizeof(list_specs[0]), &in, resp->errs);
	if (qr == QS_MALFORMED)
		return ERR_BAD_REQUEST;
	if (qr != QS_OK)
		return qr == QS_NOMEM ? ERR_TOO_LARGE : ERR_VALIDATION;
	/* The queue filters on running due dates only. */
	if (in.due_state > DUE_OVERDUE) {
		verr_add(resp->errs, "due_state", "invalid_value", 0);
		return ERR_VALIDATION;
	}
	if (in.format != NULL && strcmp(in.format, "csv") != 0 &&
	    strcmp(in.format, "json") != 0) {
		verr_add(resp->errs, "format", "invalid_value", 0);
		return ERR_VALIDATION;
	}
	limit = in.limit.set ? in.limit.v : PAGE_DEFAULT;
	if ((e = build_filter(ctx, &in, in.cursor.set ? in.cursor.v : 0,
	    limit, &f, resp->errs)) != ERR_OK)
		return e;
	if (in.format != NULL && strcmp(in.format, "csv") == 0)
		return export_csv(ctx, &f, resp);
	items = json_object_new_array();
	if ((rc = each_case(ctx, &f, &last, add_item, items)) < 0) {
		json_object_put(items);
		return err_from_db(rc);
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", items);
	json_object_object_add(o, "limit", json_object_new_int64(limit));
	json_object_object_add(o, "next_cursor", rc == limit ?
	    json_object_new_string(pool_printf(ctx->pool, "%lld",
	    (long long)last)) : NULL);
	return resp_json(resp, 200, o);
}

/* GET /api/v1/complaints/{no}/events: the whole chain, for staff. */
enum err
h_complaint_events(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct complaint	 c;
	struct json_object	*a, *o;
	struct dbrow		 row;
	char			 hex[65];
	int64_t			 ms;
	int			 rc;

	rc = complaint_load(ctx, complaint_param_no(ctx, req), &c);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0 || !complaint_visible(ctx, &c))
		return ERR_NOT_FOUND;
	rc = db_query(ctx->db, SQL_EVENTS_ALL, DBARGS(dbstr("complaint"),
	    dbint(c.id)));
	if (rc != DB_OK)
		return err_from_db(rc);
	a = json_object_new_array();
	while ((rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object *e = json_object_new_object(), *d = NULL;

		/* Details are JSON objects written by the program. */
		if (!row.c[7].null && (d = json_tokener_parse(row.c[7].s)) ==
		    NULL)
			d = json_object_new_string(row.c[7].s);
		json_object_object_add(e, "seq", json_object_new_int64(row.c[0].i));
		if (time_from_sql(row.c[1].s, &ms) == 0)
			json_object_object_add(e, "at", json_object_new_string(
			    time_iso(ms, hex, sizeof(hex))));
		json_object_object_add(e, "actor",
		    json_object_new_string(row.c[2].s));
		json_object_object_add(e, "action",
		    json_object_new_string(row.c[3].s));
		json_object_object_add(e, "from", row.c[4].null ? NULL :
		    json_object_new_string(row.c[4].s));
		json_object_object_add(e, "to", row.c[5].null ? NULL :
		    json_object_new_string(row.c[5].s));
		json_object_object_add(e, "public",
		    json_object_new_boolean(row.c[6].i != 0));
		json_object_object_add(e, "detail", d);
		json_object_object_add(e, "request_id",
		    json_object_new_string(row.c[8].s));
		json_object_object_add(e, "hash", json_object_new_string(
		    row.c[9].len == 32 ? crypto_hex((const unsigned char *)
		    row.c[9].s, 32, hex) : ""));
		json_object_array_add(a, e);
	}
	db_end(ctx->db);
	if (rc < 0) {
		json_object_put(a);
		return err_from_db(rc);
	}
	o = json_object_new_object();
	json_object_object_add(o, "no", json_object_new_string(c.no));
	json_object_object_add(o, "events", a);
	return resp_json(resp, 200, o);
}
