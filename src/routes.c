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
	{ M_POST, "/api/v1/complaints/{no}/evidence", h_evidence_upload,
	    ROLE_PUBLIC, BODY_MULTIPART, NULL, 0, RF_IDEMPOTENT | RF_THROTTLED,
	    "uploadComplaintEvidence" },
	{ M_GET, "/api/v1/complaints/{no}/evidence/{sha256}", h_evidence_get,
	    ROLE_PUBLIC, BODY_NONE, NULL, 0, RF_THROTTLED,
	    "getComplaintEvidence" },
};

const size_t app_nroutes = sizeof(app_routes) / sizeof(app_routes[0]);
