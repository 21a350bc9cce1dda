/*
 * handlers.h -- the route handlers and body specs, one file per resource
 * (complaint.c, evidence.c, meta.c, ...), listed in routes.c.
 */
#ifndef IPDESK_HANDLERS_H
#define IPDESK_HANDLERS_H

#include "http_route.h"

/* meta.c */
enum err h_health(struct ctx *, struct req *, struct resp *, void *);
enum err h_enums(struct ctx *, struct req *, struct resp *, void *);

/* complaint.c */
extern const struct bodyspec complaint_create_spec;
extern const struct bodyspec complaint_withdraw_spec;
enum err h_complaint_create(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_complaint_get(struct ctx *, struct req *, struct resp *, void *);
enum err h_complaint_withdraw(struct ctx *, struct req *, struct resp *,
    void *);

extern const struct bodyspec complaint_feedback_spec;
enum err h_complaint_feedback(struct ctx *, struct req *, struct resp *,
    void *);

/* complaint_flow.c */
extern const struct bodyspec complaint_action_spec;
enum err h_complaint_action(struct ctx *, struct req *, struct resp *,
    void *);

/* complaint_queue.c */
enum err h_complaint_list(struct ctx *, struct req *, struct resp *, void *);
enum err h_complaint_events(struct ctx *, struct req *, struct resp *,
    void *);

/* auth.c */
extern const struct bodyspec login_spec;
enum err h_auth_token(struct ctx *, struct req *, struct resp *, void *);
enum err h_auth_logout(struct ctx *, struct req *, struct resp *, void *);
enum err h_auth_me(struct ctx *, struct req *, struct resp *, void *);

/* meta.c */
enum err h_departments(struct ctx *, struct req *, struct resp *, void *);

/* mediation*.c, mediator.c */
extern const struct bodyspec mediation_create_spec;
extern const struct bodyspec mediation_court_spec;
extern const struct bodyspec mediation_action_spec;
extern const struct bodyspec mediator_spec;
enum err h_mediation_create(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_mediation_court(struct ctx *, struct req *, struct resp *, void *);
enum err h_mediation_get(struct ctx *, struct req *, struct resp *, void *);
enum err h_mediation_list(struct ctx *, struct req *, struct resp *, void *);
enum err h_mediation_action(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_mediation_withdraw(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_mediation_feedback(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_mediation_candidates(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_mediation_agreement(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_mediators_list(struct ctx *, struct req *, struct resp *, void *);
enum err h_mediator_get(struct ctx *, struct req *, struct resp *, void *);
enum err h_mediator_create(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_mediator_update(struct ctx *, struct req *, struct resp *,
    void *);

/* aid*.c, expert.c, subsidy.c */
extern const struct bodyspec aid_create_spec;
extern const struct bodyspec aid_action_spec;
extern const struct bodyspec expert_spec;
extern const struct bodyspec subsidy_claim_spec;
extern const struct bodyspec subsidy_decision_spec;
extern const struct bodyspec subsidy_payment_spec;
enum err h_aid_create(struct ctx *, struct req *, struct resp *, void *);
enum err h_aid_get(struct ctx *, struct req *, struct resp *, void *);
enum err h_aid_list(struct ctx *, struct req *, struct resp *, void *);
enum err h_aid_action(struct ctx *, struct req *, struct resp *, void *);
enum err h_aid_withdraw(struct ctx *, struct req *, struct resp *, void *);
enum err h_aid_feedback(struct ctx *, struct req *, struct resp *, void *);
enum err h_aid_candidates(struct ctx *, struct req *, struct resp *, void *);
enum err h_aid_evidence_upload(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_aid_evidence_get(struct ctx *, struct req *, struct resp *,
    void *);
/* credit disclosure */
extern const struct bodyspec penalty_spec, inspection_spec;
extern const struct bodyspec credit_reason_spec, whitelist_spec;
enum err h_penalty_create(struct ctx *, struct req *, struct resp *, void *);
enum err h_penalty_list(struct ctx *, struct req *, struct resp *, void *);
enum err h_penalty_get(struct ctx *, struct req *, struct resp *, void *);
enum err h_penalty_correct(struct ctx *, struct req *, struct resp *, void *);
enum err h_penalty_revoke(struct ctx *, struct req *, struct resp *, void *);
enum err h_penalty_repair(struct ctx *, struct req *, struct resp *, void *);
enum err h_inspection_create(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_inspection_list(struct ctx *, struct req *, struct resp *, void *);
enum err h_inspection_get(struct ctx *, struct req *, struct resp *, void *);
enum err h_inspection_correct(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_inspection_revoke(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_credit_status(struct ctx *, struct req *, struct resp *, void *);
enum err h_sync_runs(struct ctx *, struct req *, struct resp *, void *);
enum err h_infringers(struct ctx *, struct req *, struct resp *, void *);
enum err h_public_infringers(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_whitelist_list(struct ctx *, struct req *, struct resp *, void *);
enum err h_whitelist_add(struct ctx *, struct req *, struct resp *, void *);
enum err h_whitelist_get(struct ctx *, struct req *, struct resp *, void *);
enum err h_whitelist_remove(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_public_whitelist(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_experts_list(struct ctx *, struct req *, struct resp *, void *);
enum err h_expert_get(struct ctx *, struct req *, struct resp *, void *);
enum err h_expert_create(struct ctx *, struct req *, struct resp *, void *);
enum err h_expert_update(struct ctx *, struct req *, struct resp *, void *);
enum err h_subsidy_list(struct ctx *, struct req *, struct resp *, void *);
enum err h_subsidy_claim(struct ctx *, struct req *, struct resp *, void *);
enum err h_subsidy_decide(struct ctx *, struct req *, struct resp *, void *);
enum err h_subsidy_pay(struct ctx *, struct req *, struct resp *, void *);

/* evidence.c */
struct json_object;
/* The evidence files of a case ([{sha256, size, type, filename,
 * uploaded_at}]); NULL on a database error (*rc set). */
struct json_object *evidence_list_json(struct ctx *ctx, const char *type,
    int64_t id, int *rc);
enum err h_evidence_upload(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_evidence_get(struct ctx *, struct req *, struct resp *, void *);

#endif
