/*
 * aid.h -- overseas rights-protection aid (SPEC section 3): requests from
 * enterprises (small and micro ones first), urgency triage by the foreign
 * deadline, the expert roster, guidance records and milestones, and cost
 * subsidies capped per enterprise and year.
 *
 *	aid.c		filing, reading, the public's changes, the queue
 *	aid_fields.c	field specs and checks across fields
 *	aid_flow.c	the transition table and priorities
 *	aid_json.c	answers
 *	expert.c	the roster and the choice of experts
 *	subsidy.c	cost subsidy claims
 */
#ifndef IPDESK_AID_H
#define IPDESK_AID_H

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

/* ---- input ------------------------------------------------------------ */

struct enterprise_in {
	const char	*name;
	const char	*uscc;
	int		 size;		/* enum enterprise size */
	const char	*industry;
};

struct contact_in {
	const char	*name;
	const char	*phone;
	const char	*email;
};

struct aright_in {
	int		 type;		/* enum right_type */
	int		 country;	/* EN_COUNTRY index, -1: China */
	const char	*number;
};

struct aid_in {
	struct enterprise_in	*enterprise;
	struct contact_in	*contact;
	int			 aid_type;
	int			*countries;	/* EN_COUNTRY indexes */
	size_t			 ncountries;
	int			*ip_types;
	size_t			 nip_types;
	struct aright_in	*rights;
	size_t			 nrights;
	const char		*opposing_party;
	const char		*forum;
	int32_t			 deadline;	/* yyyymmdd, 0 absent */
	struct opt_i64		 amount_at_stake;
	int			 insured;
	const char		*description;
};

struct aaction_in {
	int		 action;	/* enum aaction */
	const char	*note;
	const char	*reason;
	struct opt_i64	 expert;
	int32_t		 on_day;	/* yyyymmdd */
	const char	*summary;
	const char	*advice;
	const char	*documents;
	const char	*next_steps;
	int		 outcome;	/* enum aid outcome */
	const char	*conclusion;
};

/* ---- the record -------------------------------------------------------------- */

struct aid {
	int64_t		 id;
	const char	*no;
	enum astatus	 status;
	bool		 major;
	const char	*e_name;
	const char	*e_uscc;
	int		 e_size;
	const char	*e_industry;
	const char	*c_name;
	const char	*c_phone;
	const char	*c_email;
	int		 aid_type;
	const char	*countries;	/* "US,DE" */
	const char	*ip_types;	/* "patent,trademark" */
	const char	*opposing_party;
	const char	*forum;
	int32_t		 deadline;	/* day, 0: none */
	struct opt_i64	 amount_at_stake;
	bool		 insured;
	const char	*description;
	int64_t		 received_at;
	int32_t		 received_day;
	unsigned char	 access_hash[32];
	struct due	 accept_due;
	int64_t		 decided_at;
	const char	*decline_reason;
	int64_t		 expert_id;
	const char	*expert_name;
	int64_t		 expert_user_id;
	int64_t		 assigned_at;
	int64_t		 started_at;
	int64_t		 concluded_at;
	int		 outcome;	/* -1 */
	const char	*conclusion;
	int64_t		 closed_at;
	int		 feedback_score;
	const char	*feedback_comment;
	int64_t		 feedback_at;
};

/* The priority bands (rank 0 first). */
enum priority { PRIO_URGENT = 0, PRIO_HIGH, PRIO_NORMAL };

/* aid.c */

void aid_from_row(struct ctx *ctx, const struct dbrow *row, struct aid *a);
int aid_load(struct ctx *ctx, const char *no, struct aid *a);
int aid_lock(struct ctx *ctx, int64_t id, struct aid *a);
int aid_save(struct ctx *ctx, const struct aid *a);
bool aid_is_open(enum astatus s);
int aid_event(struct ctx *ctx, const struct aid *a, const char *action,
    const char *from, const char *to, bool public, const char *detail);
int aid_log_pii(struct ctx *ctx, const struct aid *a);
/* The submitter with X-Access-Code, or staff who may see the request. */
enum err aid_open(struct ctx *ctx, struct req *req, struct resp *resp,
    struct aid *a);

/* aid_flow.c */

/* The priority of a request today: the deadline's band (urgent under
 * aid_urgent_days to go, high under aid_high_days), a band higher for
 * micro and small enterprises when aid_small_first is set (never to urgent). */
enum priority aid_priority(const struct refdata *ref, int32_t deadline,
    int size, int32_t today);
bool aid_visible(const struct ctx *ctx, const struct aid *a);
bool aid_may_see_pii(const struct ctx *ctx, const struct aid *a);
bool aid_expert_is_own(const struct ctx *ctx, const struct aid *a);
/* Whether the foreign deadline passed while the request is open. */
bool aid_deadline_passed(const struct ctx *ctx, const struct aid *a);

/* expert.c */

/* Assigns the best candidate (or the chosen one): 1, 0 none, or error. */
int expert_assign(struct ctx *ctx, struct aid *a, int64_t choice);
/* Whether expert id is on the roster: 1 yes, 0 no, or a DB error. */
int expert_known(struct ctx *ctx, int64_t id);
int expert_exclude(struct ctx *ctx, const struct aid *a, int64_t expert_id,
    const char *reason, const char *note);

/* subsidy.c */

/* The grant of a claim: rate_bp of the approved costs (rounded down to the
 * fen), at most what is left of the yearly cap after `granted` this
 * year; never negative.  A pure computation. */
int64_t subsidy_grant(int64_t rate_bp, int64_t cap, int64_t granted,
    int64_t costs);

/* aid_json.c */

struct json_object *aid_created_json(struct ctx *ctx, const struct aid *a,
    const char *code);
struct json_object *aid_public_json(struct ctx *ctx, const struct aid *a,
    int *rc);
struct json_object *aid_staff_json(struct ctx *ctx, const struct aid *a,
    int *rc);
struct json_object *aid_summary_json(struct ctx *ctx, const struct aid *a);

#endif
