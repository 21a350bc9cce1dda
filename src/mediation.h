/*
 * mediation.h -- IP dispute mediation (SPEC section 2): cases from a
 * party's application, a complaint converted by staff, or a court's
 * pre-litigation delegation; the mediator roster with recusal; sessions,
 * agreements and judicial confirmation.
 *
 *	mediation.c		filing, reading, the public's changes
 *	mediation_fields.c	field specs and checks across fields
 *	mediation_flow.c	the transition table, due dates, the sweep
 *	mediation_json.c	answers and the agreement document
 *	mediator.c		the roster and the choice of mediators
 */
#ifndef IPDESK_MEDIATION_H
#define IPDESK_MEDIATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "enums.h"
#include "http.h"
#include "json_decode.h"
#include "ref.h"

struct ctx;
struct dbrow;
struct json_object;

/* ---- input ------------------------------------------------------------- */

struct agent_in {
	const char	*name;
	const char	*phone;
	int		 authority;	/* enum agent authority, -1 */
};

/* A party: a person or an organisation. */
struct mparty_in {
	int		 type;		/* enum party_type */
	const char	*name;
	int		 id_type;	/* persons */
	const char	*id_number;
	const char	*uscc;		/* organisations */
	const char	*phone;
	const char	*email;
	const char	*address;
	struct agent_in	*agent;
};

/* POST /api/v1/mediations (the public's application) and, with the court
 * fields, POST /api/v1/mediations/court (staff). */
struct mediation_in {
	int		 ip_type;
	const char	*industry;
	struct mparty_in *applicant;
	struct mparty_in *respondent;
	const char	*subject;
	const char	*claim;
	struct opt_i64	 amount;	/* fen */
	const char	*description;
	int		 online;	/* -1 absent */
	/* court delegation only */
	const char	*court_name;
	const char	*court_case_no;
	int32_t		 court_received;	/* yyyymmdd */
};

/* POST .../mediations/{no}/actions. */
struct maction_in {
	int		 action;	/* enum maction */
	const char	*note;
	const char	*reason;
	struct opt_i64	 mediator;	/* mediator id */
	int		 ground;	/* enum failure ground */
	/* session */
	const char	*session_at;	/* ISO time */
	int		 mode;		/* enum session mode */
	const char	*place;
	const char	*attendees;
	const char	*notes;
	/* agreement */
	const char	*facts;
	const char	*disputed_points;
	const char	*obligations;
	struct opt_i64	 amount;	/* fen */
	const char	*performance_manner;
	int32_t		 performance_deadline;	/* yyyymmdd */
	/* confirmation */
	const char	*ruling_no;
};

/* ---- the record ------------------------------------------------------------ */

struct mparty {
	int		 type;
	const char	*name;
	int		 id_type;
	const char	*id_number;
	const char	*uscc;
	const char	*phone;
	const char	*email;
	const char	*address;
	const char	*agent_name;
	const char	*agent_phone;
	int		 agent_authority;
};

struct mediation {
	int64_t		 id;
	const char	*no;
	int		 source;	/* enum msource */
	enum mstatus	 status;
	int		 ip_type;
	const char	*industry;
	const char	*subject;
	const char	*claim;
	struct opt_i64	 amount;
	const char	*description;
	bool		 online;
	int64_t		 complaint_id;
	const char	*complaint_no;
	const char	*court_name;
	const char	*court_case_no;
	int32_t		 court_received;	/* day */
	struct mparty	 a;		/* applicant */
	struct mparty	 r;		/* respondent */
	int64_t		 received_at;
	int32_t		 received_day;
	unsigned char	 access_hash[32];
	struct due	 accept_due;
	int64_t		 decided_at;
	const char	*decline_reason;
	struct due	 consent_due;
	int64_t		 consent_at;
	int64_t		 mediator_id;	/* 0: none */
	const char	*mediator_name;
	const char	*mediator_org;
	int64_t		 mediator_user_id;
	bool		 mediator_accepted;
	int64_t		 mediator_accepted_at;	/* 0 until accepted */
	struct due	 mediator_due;
	struct due	 limit_due;
	int		 extensions;
	int64_t		 started_at;
	int64_t		 agreed_at;
	struct opt_i64	 amount_agreed;
	int32_t		 confirm_until;	/* day */
	int64_t		 confirm_requested_at;
	const char	*ruling_no;
	int64_t		 confirmed_at;
	int64_t		 fulfilled_at;
	int		 failure_ground;	/* -1 */
	int64_t		 failed_at;
	struct due	 notify_due;
	int64_t		 notified_at;
	int64_t		 closed_at;
	int32_t		 next_due;
	int		 duration_wd;	/* -1 until the case ends */
	int		 feedback_score;
	const char	*feedback_comment;
	int64_t		 feedback_at;
};

/* mediation.c */

/* Fills m from a row of the mediation columns (enum mediation_col). */
void mediation_from_row(struct ctx *ctx, const struct dbrow *row,
    struct mediation *m);
/* Reads case `no`: 1, 0 or a DB error. */
int mediation_load(struct ctx *ctx, const char *no, struct mediation *m);
/* Reads and locks case `id` inside a transaction: 1, 0 or an error. */
int mediation_lock(struct ctx *ctx, int64_t id, struct mediation *m);
/* Writes every workflow column of m back.  DB_OK or an error. */
int mediation_save(struct ctx *ctx, const struct mediation *m);
/* Inserts a new case built from in (source, status applied or accepted),
 * with its first event; fills m->id, m->no and the access code.  Inside
 * the caller's transaction.  DB_OK or an error. */
int mediation_insert(struct ctx *ctx, struct mediation *m, char *code,
    size_t codesz);
/* The submitter with X-Access-Code, or staff who may see the case:
 * ERR_OK with m filled, ERR_NOT_FOUND, ERR_THROTTLED, ERR_UNAVAILABLE. */
enum err mediation_open(struct ctx *ctx, struct req *req, struct resp *resp,
    struct mediation *m);
/* Whether the case is still running (not ended). */
bool mediation_is_open(enum mstatus s);
/* Appends an event to the case's chain. */
int mediation_event(struct ctx *ctx, const struct mediation *m,
    const char *action, const char *from, const char *to, bool public,
    const char *detail);
/* Records a staff member's sight of unmasked personal data. */
int mediation_log_pii(struct ctx *ctx, const struct mediation *m);

/* mediation_fields.c */

/* A party of the record from a party of the input. */
void mparty_from_input(const struct mparty_in *in, struct mparty *out);

/* mediation_flow.c */

/* Who may see the case (staff): the mediation office (intake,
 * supervisor) all cases; a mediator its own. */
bool mediation_visible(const struct ctx *ctx, const struct mediation *m);
/* Whether the caller sees the parties' personal data unmasked. */
bool mediation_may_see_pii(const struct ctx *ctx, const struct mediation *m);
/* The earliest running due date (0: none). */
int32_t mediation_next_due(const struct mediation *m);
/* The limit of the case's source (45 WD, or 30 days for the courts). */
struct due mediation_limit(struct ctx *ctx, const struct mediation *m,
    int32_t from);
/* A case born of a complaint tells the complaint (a public
 * "mediation_ended" event on its chain, the complaint row locked) when it
 * leaves the open states from was; otherwise does nothing.  Call inside
 * the transaction holding the mediation's lock.  Returns DB_OK or a DB
 * error. */
int mediation_tell_complaint(struct ctx *ctx, const struct mediation *m,
    enum mstatus was);
/* Ends the case's open timers: the sweep of ipdesk-admin.  Returns the
 * number of cases changed, or a DB error. */
int mediation_sweep(struct ctx *ctx);

/* mediator.c */

/* Proposes the best candidate for m (no explicit choice), recording the
 * proposal on m (mediator_id, mediator_due).  Returns 1 proposed, 0 none
 * left, or a DB error. */
int mediator_propose(struct ctx *ctx, struct mediation *m, int64_t choice);
/* Whether the staff caller is the mediator of m. */
bool mediator_is_own(const struct ctx *ctx, const struct mediation *m);
/* Excludes a mediator from a case (conflict, declined, timeout). */
int mediator_exclude(struct ctx *ctx, const struct mediation *m,
    int64_t mediator_id, const char *reason, const char *note);

/* mediation_json.c */

struct json_object *mediation_created_json(struct ctx *ctx,
    const struct mediation *m, const char *code);
struct json_object *mediation_public_json(struct ctx *ctx,
    const struct mediation *m, int *rc);
struct json_object *mediation_staff_json(struct ctx *ctx,
    const struct mediation *m, int *rc);
struct json_object *mediation_summary_json(struct ctx *ctx,
    const struct mediation *m);

#endif
