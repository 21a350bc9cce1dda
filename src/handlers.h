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
enum err h_mediator_create(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_mediator_update(struct ctx *, struct req *, struct resp *,
    void *);

/* evidence.c */
enum err h_evidence_upload(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_evidence_get(struct ctx *, struct req *, struct resp *, void *);

#endif
