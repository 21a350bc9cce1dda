/*
 * mediation_json.c -- answers about mediations, and the agreement as a
 * document for the court (JSON, or a printable HTML page).  Personal data
 * of the parties is masked for everyone who need not see it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "audit.h"
#include "jsonout.h"
#include "buf.h"
#include "complaint.h"
#include "db.h"
#include "handlers.h"
#include "mask.h"
#include "mediation.h"
#include "num.h"
#include "pool.h"
#include "timeutil.h"
#include "workdays.h"

static int32_t
day_of(int64_t ms)
{
	return ms != 0 ? time_day_cst(ms) : 0;
}

/* A party: full, or masked (names of organisations are not personal). */
static struct json_object *
party_json(const struct mparty *p, bool full)
{
	struct json_object	*o = json_object_new_object();
	char			 m[256];
	bool			 person = p->type == PT_PERSON;

	jput(o, "type", jenum(EN_PARTY_TYPE, p->type));
	jput(o, "name", full || !person ? jstr(p->name) :
	    jstr(mask_name(p->name, m, sizeof(m))));
	jput(o, "id_type", jenum(EN_ID_TYPE, p->id_type));
	jput(o, "id_number", p->id_number == NULL ? NULL : full ?
	    jstr(p->id_number) : jstr(mask_idnumber(p->id_number, m,
	    sizeof(m))));
	jput(o, "uscc", jstr(p->uscc));
	jput(o, "phone", p->phone == NULL ? NULL : full ? jstr(p->phone) :
	    jstr(mask_phone(p->phone, m, sizeof(m))));
	jput(o, "email", p->email == NULL ? NULL : full ? jstr(p->email) :
	    jstr(mask_email(p->email, m, sizeof(m))));
	jput(o, "address", full ? jstr(p->address) : NULL);
	if (p->agent_name != NULL) {
		struct json_object *a = json_object_new_object();

		jput(a, "name", full ? jstr(p->agent_name) :
		    jstr(mask_name(p->agent_name, m, sizeof(m))));
		jput(a, "phone", p->agent_phone == NULL ? NULL : full ?
		    jstr(p->agent_phone) : jstr(mask_phone(p->agent_phone, m,
		    sizeof(m))));
		jput(a, "authority", jenum(EN_AGENT_AUTHORITY,
		    p->agent_authority));
		jput(o, "agent", a);
	}
	return o;
}

/* The due dates that apply, with their states. */
static struct json_object *
dues_json(struct ctx *ctx, const struct mediation *m)
{
	struct json_object	*o = json_object_new_object();
	bool			 ended = !mediation_is_open(m->status);

	if (m->accept_due.day != 0)
		jput(o, "accept", due_json(ctx, &m->accept_due,
		    day_of(m->decided_at), ended && m->decided_at == 0));
	if (m->consent_due.day != 0)
		jput(o, "consent", due_json(ctx, &m->consent_due,
		    day_of(m->consent_at), ended && m->consent_at == 0));
	if (m->mediator_id != 0 && m->mediator_due.day != 0)
		jput(o, "mediator_acceptance", due_json(ctx, &m->mediator_due,
		    day_of(m->mediator_accepted_at), ended &&
		    m->mediator_accepted_at == 0));
	if (m->limit_due.day != 0) {
		int64_t done = m->agreed_at ? m->agreed_at : 0;

		jput(o, "limit", due_json(ctx, &m->limit_due, day_of(done),
		    ended && done == 0));
	}
	if (m->notify_due.day != 0)
		jput(o, "notify_parties", due_json(ctx, &m->notify_due,
		    day_of(m->notified_at), false));
	if (m->confirm_until != 0) {
		struct json_object *c = json_object_new_object();

		jput(c, "until", jday(m->confirm_until));
		jput(c, "open", json_object_new_boolean(m->status == MS_AGREED &&
		    ctx->today <= m->confirm_until));
		jput(o, "judicial_confirmation", c);
	}
	return o;
}

/* The fields every view shows. */
static void
fields(struct ctx *ctx, struct json_object *o, const struct mediation *m,
    bool full)
{
	jput(o, "no", jstr(m->no));
	jput(o, "source", jenum(EN_MSOURCE, m->source));
	jput(o, "status", jenum(EN_MSTATUS, (int)m->status));
	jput(o, "status_label", json_object_new_string(enum_label(EN_MSTATUS,
	    (int)m->status, ctx->lang)));
	jput(o, "received_at", jtime(m->received_at));
	jput(o, "ip_type", jenum(EN_IP_TYPE, m->ip_type));
	jput(o, "industry", jstr(m->industry));
	jput(o, "subject", jstr(m->subject));
	jput(o, "claim", jstr(m->claim));
	jput(o, "amount", jmoney(m->amount));
	jput(o, "description", jstr(m->description));
	jput(o, "online", json_object_new_boolean(m->online));
	jput(o, "applicant", party_json(&m->a, full));
	jput(o, "respondent", party_json(&m->r, full));
	jput(o, "complaint_no", jstr(m->complaint_no));
	if (m->source == SRC_COURT) {
		struct json_object *c = json_object_new_object();

		jput(c, "name", jstr(m->court_name));
		jput(c, "case_no", jstr(m->court_case_no));
		jput(c, "received", jday(m->court_received));
		jput(o, "court", c);
	}
	jput(o, "mediator", m->mediator_id != 0 && m->mediator_accepted ?
	    jstr(m->mediator_name) : NULL);
	jput(o, "due", dues_json(ctx, m));
	jput(o, "agreed_at", jtime(m->agreed_at));
	jput(o, "amount_agreed", jmoney(m->amount_agreed));
	jput(o, "failure_ground", jenum(EN_FAILURE_GROUND, m->failure_ground));
	jput(o, "ruling_no", jstr(m->ruling_no));
	jput(o, "decline_reason", jstr(m->decline_reason));
	jput(o, "duration_wd", m->duration_wd >= 0 ?
	    json_object_new_int(m->duration_wd) : NULL);
	if (m->feedback_score > 0) {
		struct json_object *f = json_object_new_object();

		jput(f, "score", json_object_new_int(m->feedback_score));
		jput(f, "comment", jstr(m->feedback_comment));
		jput(f, "at", jtime(m->feedback_at));
		jput(o, "feedback", f);
	}
}

struct json_object *
mediation_created_json(struct ctx *ctx, const struct mediation *m,
    const char *code)
{
	struct json_object *o = json_object_new_object();

	jput(o, "no", jstr(m->no));
	jput(o, "source", jenum(EN_MSOURCE, m->source));
	jput(o, "status", jenum(EN_MSTATUS, (int)m->status));
	jput(o, "status_label", json_object_new_string(enum_label(EN_MSTATUS,
	    (int)m->status, ctx->lang)));
	jput(o, "received_at", jtime(m->received_at));
	jput(o, "due", dues_json(ctx, m));
	jput(o, "access_code", jstr(code));
	return o;
}

struct json_object *
mediation_public_json(struct ctx *ctx, const struct mediation *m, int *rc)
{
	struct json_object *o = json_object_new_object(), *t;

	fields(ctx, o, m, false);
	if ((t = audit_timeline_json(ctx, "mediation", m->id, false, rc)) == NULL) {
		json_object_put(o);
		return NULL;
	}
	jput(o, "timeline", t);
	return o;
}

static struct json_object *
sessions_json(struct ctx *ctx, const struct mediation *m, int *rc)
{
	struct json_object	*a = json_object_new_array();
	struct dbrow		 row;
	int64_t			 ms;

	if ((*rc = db_query(ctx->db, SQL_MSESSIONS_OF, DBARGS(dbint(m->id)))) !=
	    DB_OK) {
		json_object_put(a);
		return NULL;
	}
	while ((*rc = db_fetch(ctx->db, &row)) == 1) {
		struct json_object *s = json_object_new_object();

		jput(s, "seq", json_object_new_int64(row.c[0].i));
		if (time_from_sql(row.c[1].s, &ms) == 0)
			jput(s, "at", jtime(ms));
		jput(s, "mode", json_object_new_string(row.c[2].s));
		jput(s, "place", row.c[3].null ? NULL :
		    json_object_new_string(row.c[3].s));
		jput(s, "attendees", json_object_new_string(row.c[4].s));
		jput(s, "notes", row.c[5].null ? NULL :
		    json_object_new_string(row.c[5].s));
		json_object_array_add(a, s);
	}
	db_end(ctx->db);
	if (*rc < 0) {
		json_object_put(a);
		return NULL;
	}
	*rc = DB_OK;
	return a;
}

struct json_object *
mediation_summary_json(struct ctx *ctx, const struct mediation *m)
{
	struct json_object *o = json_object_new_object();

	jput(o, "no", jstr(m->no));
	jput(o, "source", jenum(EN_MSOURCE, m->source));
	jput(o, "status", jenum(EN_MSTATUS, (int)m->status));
	jput(o, "ip_type", jenum(EN_IP_TYPE, m->ip_type));
	jput(o, "subject", jstr(m->subject));
	jput(o, "received_at", jtime(m->received_at));
	jput(o, "applicant", party_json(&m->a, false));
	jput(o, "respondent", party_json(&m->r, false));
	jput(o, "mediator_id", m->mediator_id ?
	    json_object_new_int64(m->mediator_id) : NULL);
	jput(o, "mediator", jstr(m->mediator_name));
	jput(o, "next_due", jday(mediation_next_due(m)));
	return o;
}

struct json_object *
mediation_staff_json(struct ctx *ctx, const struct mediation *m, int *rc)
{
	struct json_object	*o = json_object_new_object(), *t, *s, *med;
	bool			 full = mediation_may_see_pii(ctx, m);

	fields(ctx, o, m, full);
	jput(o, "personal_data", json_object_new_string(full ? "full" :
	    "masked"));
	med = json_object_new_object();
	jput(med, "id", m->mediator_id ? json_object_new_int64(m->mediator_id) :
	    NULL);
	jput(med, "name", jstr(m->mediator_name));
	jput(med, "organisation", jstr(m->mediator_org));
	jput(med, "accepted", json_object_new_boolean(m->mediator_accepted));
	jput(o, "mediator", med);
	jput(o, "consent_at", jtime(m->consent_at));
	jput(o, "started_at", jtime(m->started_at));
	jput(o, "extensions", json_object_new_int(m->extensions));
	jput(o, "next_due", jday(mediation_next_due(m)));
	if ((t = audit_timeline_json(ctx, "mediation", m->id, true, rc)) == NULL) {
		json_object_put(o);
		return NULL;
	}
	jput(o, "timeline", t);
	if ((s = sessions_json(ctx, m, rc)) == NULL) {
		json_object_put(o);
		return NULL;
	}
	jput(o, "sessions", s);
	return o;
}

/* ---- the agreement document ----------------------------------------------- */

struct agreement {
	const char	*facts, *disputed, *obligations, *manner, *deadline;
	int64_t		 signed_at;
	struct opt_i64	 amount;
};

static int
load_agreement(struct ctx *ctx, const struct mediation *m,
    struct agreement *g)
{
	struct dbrow	 row;
	int		 rc;

	rc = db_one(ctx->db, SQL_MAGREEMENT_GET, DBARGS(dbint(m->id)), &row);
	if (rc != 1)
		return rc;
	g->facts = pool_strdup(ctx->pool, row.c[0].s);
	g->disputed = pool_strdup(ctx->pool, row.c[1].s);
	g->obligations = pool_strdup(ctx->pool, row.c[2].s);
	g->amount.set = !row.c[3].null;
	g->amount.v = row.c[3].i;
	g->manner = pool_strdup(ctx->pool, row.c[4].s);
	g->deadline = pool_strdup(ctx->pool, row.c[5].s);
	if (time_from_sql(row.c[6].s, &g->signed_at) == -1)
		g->signed_at = 0;
	return 1;
}

/* Text made safe for HTML (the document is shown in a browser). */
static void
html(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '&': buf_adds(b, "&amp;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		case '\n': buf_adds(b, "<br>"); break;
		default: buf_add(b, s, 1); break;
		}
	}
}

static void
row_html(struct buf *b, const char *label, const char *value)
{
	buf_adds(b, "<tr><th>");
	html(b, label);
	buf_adds(b, "</th><td>");
	html(b, value != NULL ? value : "—");
	buf_adds(b, "</td></tr>\n");
}

static void
party_html(struct buf *b, const char *role, const struct mparty *p)
{
	char line[1024];

	snprintf(line, sizeof(line), "%s（%s%s）", p->name,
	    p->type == PT_PERSON ? "证件号码：" : "统一社会信用代码：",
	    p->type == PT_PERSON ? (p->id_number ? p->id_number : "—") :
	    (p->uscc ? p->uscc : "—"));
	row_html(b, role, line);
	if (p->address != NULL)
		row_html(b, "住所", p->address);
	if (p->agent_name != NULL) {
		snprintf(line, sizeof(line), "%s（%s）", p->agent_name,
		    enum_label(EN_AGENT_AUTHORITY, p->agent_authority, LANG_ZH));
		row_html(b, "委托代理人", line);
	}
}

static enum err
agreement_html(struct ctx *ctx, const struct mediation *m,
    const struct agreement *g, struct resp *resp)
{
	struct buf	*b = &resp->body;
	char		 amount[32], when[32];

	buf_reset(b);
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta "
	    "charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>调解协议书 ");
	html(b, m->no);
	buf_adds(b, "</title><link rel=\"stylesheet\" "
	    "href=\"/css/agreement.css\"></head><body>\n<h1>知识产权纠纷调解"
	    "协议书</h1>\n<p class=\"no\">编号：");
	html(b, m->no);
	buf_adds(b, "</p>\n<table>\n");
	party_html(b, "申请人", &m->a);
	party_html(b, "被申请人", &m->r);
	row_html(b, "纠纷类型", enum_label(EN_IP_TYPE, m->ip_type, LANG_ZH));
	row_html(b, "案件来源", enum_label(EN_MSOURCE, m->source, LANG_ZH));
	if (m->source == SRC_COURT) {
		row_html(b, "委派法院", m->court_name);
		row_html(b, "法院案号", m->court_case_no);
	}
	row_html(b, "调解员", m->mediator_name);
	row_html(b, "纠纷事实", g->facts);
	row_html(b, "争议焦点", g->disputed);
	row_html(b, "协议内容（各方义务）", g->obligations);
	row_html(b, "协议金额（元）", g->amount.set ?
	    num_fen_format(g->amount.v, amount, sizeof(amount)) : NULL);
	row_html(b, "履行方式", g->manner);
	row_html(b, "履行期限", g->deadline);
	time_sql(g->signed_at, when, sizeof(when));
	when[16] = '\0';	/* to the minute */
	row_html(b, "达成协议时间", g->signed_at != 0 ? when : NULL);
	buf_adds(b, "</table>\n<p class=\"note\">本协议经双方当事人签字（盖章）"
	    "后生效。当事人可以自本协议生效之日起三十日内共同向有管辖权的人民"
	    "法院申请司法确认。</p>\n<table class=\"sign\"><tr><td>申请人（签名"
	    "或盖章）：</td><td>被申请人（签名或盖章）：</td><td>调解员（签名）"
	    "：</td></tr></table>\n</body></html>\n");
	resp->status = 200;
	resp->ctype = "text/html; charset=utf-8";
	return ERR_OK;
}

/* GET /api/v1/mediations/{no}/agreement[?format=html]: the parties (with
 * the access code) and staff who see the case. */
enum err
h_mediation_agreement(struct ctx *ctx, struct req *req, struct resp *resp,
    void *input)
{
	struct mediation	 m;
	struct agreement	 g;
	struct json_object	*o, *a;
	bool			 full;
	enum err		 e;
	int			 rc;

	if (strcmp(req->query, "") != 0 && strcmp(req->query, "format=html") &&
	    strcmp(req->query, "format=json"))
		return ERR_BAD_REQUEST;
	if ((e = mediation_open(ctx, req, resp, &m)) != ERR_OK)
		return e;
	if ((rc = load_agreement(ctx, &m, &g)) < 0)
		return err_from_db(rc);
	if (rc == 0) {
		resp->detail = L(ctx, "本案尚未达成调解协议。",
		    "The case has no agreement.");
		return ERR_NOT_FOUND;
	}
	/* The document names the parties in full: it is theirs, and the
	 * court's; staff who would see masks see masks. */
	full = ctx->who.kind != P_STAFF || mediation_may_see_pii(ctx, &m);
	if (ctx->who.kind == P_STAFF && (rc = mediation_log_pii(ctx, &m)) !=
	    DB_OK)
		return err_from_db(rc);
	if (strcmp(req->query, "format=html") == 0 && full)
		return agreement_html(ctx, &m, &g, resp);
	o = json_object_new_object();
	jput(o, "no", jstr(m.no));
	jput(o, "status", jenum(EN_MSTATUS, (int)m.status));
	jput(o, "applicant", party_json(&m.a, full));
	jput(o, "respondent", party_json(&m.r, full));
	jput(o, "ip_type", jenum(EN_IP_TYPE, m.ip_type));
	jput(o, "source", jenum(EN_MSOURCE, m.source));
	jput(o, "court_name", jstr(m.court_name));
	jput(o, "court_case_no", jstr(m.court_case_no));
	jput(o, "mediator", jstr(m.mediator_name));
	a = json_object_new_object();
	jput(a, "facts", jstr(g.facts));
	jput(a, "disputed_points", jstr(g.disputed));
	jput(a, "obligations", jstr(g.obligations));
	jput(a, "amount", jmoney(g.amount));
	jput(a, "performance_manner", jstr(g.manner));
	jput(a, "performance_deadline", jstr(g.deadline));
	jput(a, "signed_at", jtime(g.signed_at));
	jput(o, "agreement", a);
	jput(o, "confirm_until", jday(m.confirm_until));
	jput(o, "ruling_no", jstr(m.ruling_no));
	return resp_json(resp, 200, o);
}
