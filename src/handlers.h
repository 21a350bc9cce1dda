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

/* evidence.c */
enum err h_evidence_upload(struct ctx *, struct req *, struct resp *,
    void *);
enum err h_evidence_get(struct ctx *, struct req *, struct resp *, void *);

#endif
