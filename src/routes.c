/*
 * routes.c -- the route table of the API: the one list of what ipdesk
 * answers.  docs/openapi.json describes the same routes; a test holds the
 * two together (ipdesk-admin routes prints this table).
 */
#include "config.h"

#include <stddef.h>

#include "auth.h"
#include "handlers.h"
#include "http_route.h"

#define KiB 1024u

#define ACTORS (ROLE_INTAKE | ROLE_HANDLER | ROLE_SUPERVISOR)
#define ALL_POST RF_IDEMPOTENT

const struct route app_routes[] = {
	{ M_GET, "/api/v1/health", h_health, ROLE_PUBLIC, BODY_NONE, NULL,
	    0, 0, "getHealth" },
	{ M_GET, "/api/v1/meta/enums", h_enums, ROLE_PUBLIC, BODY_NONE, NULL,
	    0, 0, "getEnums" },
	{ M_POST, "/api/v1/auth/token", h_auth_token, ROLE_PUBLIC, BODY_JSON,
	    &login_spec, 4 * KiB, ALL_POST, "createToken" },
	{ M_POST, "/api/v1/auth/logout", h_auth_logout, ROLE_STAFF, BODY_NONE,
	    NULL, 0, ALL_POST, "deleteToken" },
	{ M_GET, "/api/v1/auth/me", h_auth_me, ROLE_STAFF, BODY_NONE, NULL, 0,
	    0, "getMe" },
	{ M_GET, "/api/v1/departments", h_departments, ROLE_STAFF, BODY_NONE,
	    NULL, 0, 0, "listDepartments" },
	{ M_POST, "/api/v1/complaints", h_complaint_create, ROLE_PUBLIC,
	    BODY_JSON, &complaint_create_spec, 64 * KiB, ALL_POST,
	    "createComplaint" },
	{ M_GET, "/api/v1/complaints", h_complaint_list, ROLE_CASE_READERS,
	    BODY_NONE, NULL, 0, 0, "listComplaints" },
	{ M_GET, "/api/v1/complaints/{no}", h_complaint_get, ROLE_PUBLIC,
	    BODY_NONE, NULL, 0, RF_THROTTLED, "getComplaint" },
	{ M_POST, "/api/v1/complaints/{no}/withdraw", h_complaint_withdraw,
	    ROLE_PUBLIC, BODY_JSON, &complaint_withdraw_spec, 4 * KiB,
	    RF_IDEMPOTENT | RF_THROTTLED, "withdrawComplaint" },
	{ M_POST, "/api/v1/complaints/{no}/feedback", h_complaint_feedback,
	    ROLE_PUBLIC, BODY_JSON, &complaint_feedback_spec, 4 * KiB,
	    ALL_POST | RF_THROTTLED, "giveComplaintFeedback" },
	{ M_POST, "/api/v1/complaints/{no}/actions", h_complaint_action,
	    ACTORS, BODY_JSON, &complaint_action_spec, 16 * KiB, ALL_POST,
	    "actOnComplaint" },
	{ M_GET, "/api/v1/complaints/{no}/events", h_complaint_events,
	    ROLE_CASE_READERS, BODY_NONE, NULL, 0, 0, "listComplaintEvents" },
	{ M_POST, "/api/v1/mediations", h_mediation_create, ROLE_PUBLIC,
	    BODY_JSON, &mediation_create_spec, 64 * KiB, ALL_POST,
	    "createMediation" },
	{ M_GET, "/api/v1/mediations", h_mediation_list,
	    ROLE_MEDIATION_READERS, BODY_NONE, NULL, 0, 0, "listMediations" },
	{ M_POST, "/api/v1/mediations/court", h_mediation_court,
	    ROLE_MEDIATION_OFFICE, BODY_JSON, &mediation_court_spec, 64 * KiB,
	    ALL_POST, "createCourtMediation" },
	{ M_GET, "/api/v1/mediations/{no}", h_mediation_get, ROLE_PUBLIC,
	    BODY_NONE, NULL, 0, RF_THROTTLED, "getMediation" },
	{ M_POST, "/api/v1/mediations/{no}/actions", h_mediation_action,
	    ROLE_MEDIATION_READERS, BODY_JSON, &mediation_action_spec,
	    32 * KiB, ALL_POST, "actOnMediation" },
	{ M_GET, "/api/v1/mediations/{no}/candidates", h_mediation_candidates,
	    ROLE_MEDIATION_OFFICE, BODY_NONE, NULL, 0, 0,
	    "listMediationCandidates" },
	{ M_GET, "/api/v1/mediations/{no}/agreement", h_mediation_agreement,
	    ROLE_PUBLIC, BODY_NONE, NULL, 0, RF_THROTTLED,
	    "getMediationAgreement" },
	{ M_POST, "/api/v1/mediations/{no}/withdraw", h_mediation_withdraw,
	    ROLE_PUBLIC, BODY_JSON, &complaint_withdraw_spec, 4 * KiB,
	    ALL_POST | RF_THROTTLED, "withdrawMediation" },
	{ M_POST, "/api/v1/mediations/{no}/feedback", h_mediation_feedback,
	    ROLE_PUBLIC, BODY_JSON, &complaint_feedback_spec, 4 * KiB,
	    ALL_POST | RF_THROTTLED, "giveMediationFeedback" },
	{ M_GET, "/api/v1/mediators", h_mediators_list, ROLE_MEDIATION_OFFICE |
	    ROLE_ADMIN, BODY_NONE, NULL, 0, 0, "listMediators" },
	{ M_POST, "/api/v1/mediators", h_mediator_create, ROLE_SUPERVISOR |
	    ROLE_ADMIN, BODY_JSON, &mediator_spec, 8 * KiB, ALL_POST,
	    "createMediator" },
	{ M_GET, "/api/v1/mediators/{id}", h_mediator_get,
	    ROLE_MEDIATION_OFFICE | ROLE_ADMIN, BODY_NONE, NULL, 0, 0,
	    "getMediator" },
	{ M_POST, "/api/v1/mediators/{id}", h_mediator_update, ROLE_SUPERVISOR |
	    ROLE_ADMIN, BODY_JSON, &mediator_spec, 8 * KiB, ALL_POST,
	    "updateMediator" },
	{ M_POST, "/api/v1/overseas-aid", h_aid_create, ROLE_PUBLIC,
	    BODY_JSON, &aid_create_spec, 64 * KiB, ALL_POST,
	    "createAidRequest" },
	{ M_GET, "/api/v1/overseas-aid", h_aid_list, ROLE_AID_READERS,
	    BODY_NONE, NULL, 0, 0, "listAidRequests" },
	{ M_GET, "/api/v1/overseas-aid/{no}", h_aid_get, ROLE_PUBLIC,
	    BODY_NONE, NULL, 0, RF_THROTTLED, "getAidRequest" },
	{ M_POST, "/api/v1/overseas-aid/{no}/actions", h_aid_action,
	    ROLE_AID_READERS, BODY_JSON, &aid_action_spec, 32 * KiB, ALL_POST,
	    "actOnAidRequest" },
	{ M_GET, "/api/v1/overseas-aid/{no}/candidates", h_aid_candidates,
	    ROLE_AID_OFFICE, BODY_NONE, NULL, 0, 0, "listAidCandidates" },
	{ M_POST, "/api/v1/overseas-aid/{no}/withdraw", h_aid_withdraw,
	    ROLE_PUBLIC, BODY_JSON, &complaint_withdraw_spec, 4 * KiB,
	    ALL_POST | RF_THROTTLED, "withdrawAidRequest" },
	{ M_POST, "/api/v1/overseas-aid/{no}/feedback", h_aid_feedback,
	    ROLE_PUBLIC, BODY_JSON, &complaint_feedback_spec, 4 * KiB,
	    ALL_POST | RF_THROTTLED, "giveAidFeedback" },
	{ M_POST, "/api/v1/overseas-aid/{no}/evidence", h_aid_evidence_upload,
	    ROLE_PUBLIC, BODY_MULTIPART, NULL, 0, ALL_POST | RF_THROTTLED,
	    "uploadAidEvidence" },
	{ M_GET, "/api/v1/overseas-aid/{no}/evidence/{sha256}",
	    h_aid_evidence_get, ROLE_PUBLIC, BODY_NONE, NULL, 0, RF_THROTTLED,
	    "getAidEvidence" },
	{ M_GET, "/api/v1/overseas-aid/{no}/subsidy-claims", h_subsidy_list,
	    ROLE_PUBLIC, BODY_NONE, NULL, 0, RF_THROTTLED,
	    "listAidSubsidyClaims" },
	{ M_POST, "/api/v1/overseas-aid/{no}/subsidy-claims", h_subsidy_claim,
	    ROLE_PUBLIC, BODY_JSON, &subsidy_claim_spec, 32 * KiB,
	    ALL_POST | RF_THROTTLED, "claimAidSubsidy" },
	{ M_POST, "/api/v1/overseas-aid/{no}/subsidy-claims/{id}/decision",
	    h_subsidy_decide, ROLE_AID_OFFICE, BODY_JSON,
	    &subsidy_decision_spec, 4 * KiB, ALL_POST, "decideAidSubsidy" },
	{ M_POST, "/api/v1/overseas-aid/{no}/subsidy-claims/{id}/payment",
	    h_subsidy_pay, ROLE_AID_OFFICE, BODY_JSON, &subsidy_payment_spec,
	    4 * KiB, ALL_POST, "payAidSubsidy" },
	{ M_GET, "/api/v1/experts", h_experts_list, ROLE_AID_OFFICE |
	    ROLE_ADMIN, BODY_NONE, NULL, 0, 0, "listExperts" },
	{ M_POST, "/api/v1/experts", h_expert_create, ROLE_SUPERVISOR |
	    ROLE_ADMIN, BODY_JSON, &expert_spec, 8 * KiB, ALL_POST,
	    "createExpert" },
	{ M_GET, "/api/v1/experts/{id}", h_expert_get, ROLE_AID_OFFICE |
	    ROLE_ADMIN, BODY_NONE, NULL, 0, 0, "getExpert" },
	{ M_POST, "/api/v1/experts/{id}", h_expert_update, ROLE_SUPERVISOR |
	    ROLE_ADMIN, BODY_JSON, &expert_spec, 8 * KiB, ALL_POST,
	    "updateExpert" },
	{ M_POST, "/api/v1/complaints/{no}/evidence", h_evidence_upload,
	    ROLE_PUBLIC, BODY_MULTIPART, NULL, 0, RF_IDEMPOTENT | RF_THROTTLED,
	    "uploadComplaintEvidence" },
	{ M_GET, "/api/v1/complaints/{no}/evidence/{sha256}", h_evidence_get,
	    ROLE_PUBLIC, BODY_NONE, NULL, 0, RF_THROTTLED,
	    "getComplaintEvidence" },
};

const size_t app_nroutes = sizeof(app_routes) / sizeof(app_routes[0]);
