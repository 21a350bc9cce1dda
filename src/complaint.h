/*
 * complaint.h -- complaints (投诉) and reports (举报): the decoded input of
 * the intake route, the record as read back, and what the three complaint
 * files share (complaint_fields.c: specs and checks; complaint.c: the
 * handlers; complaint_json.c: the answers).
 */
#ifndef IPDESK_COMPLAINT_H
#define IPDESK_COMPLAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "enums.h"
#include "http.h"
#include "json_decode.h"
#include "ref.h"

struct ctx;
struct json_object;

/* ---- input (filled by the field decoder, then checked) ------------- */

struct party_in {
	const char	*name;
	int		 id_type;	/* enum id_type, -1 absent */
	const char	*id_number;
	const char	*phone;		/* normalised to 11 digits */
	const char	*email;
	const char	*address;
};

struct respondent_in {
	const char	*name;
	const char	*uscc;
	const char	*registration_no;
	const char	*address;
	const char	*shop_url;
	const char	*platform;
};

struct exhibition_in {
	const char	*name;
	const char	*booth;
	int32_t		 end_date;	/* yyyymmdd */
};

struct right_in {
	int		 type;		/* enum right_type */
	const char	*number;	/* canonical after the checks */
};

struct complaint_in {
	int			 kind;		/* enum kind */
	int			 ip_type;
	int			 scene;		/* enum scene */
	int			 channel;
	struct exhibition_in	*exhibition;
	const char		*title;
	const char		*description;
	const char		*demands;
	const char		*district;
	struct party_in		*complainant;	/* NULL: anonymous report */
	struct respondent_in	*respondent;
	struct right_in		*rights;
	size_t			 nrights;
};

struct withdraw_in {
	const char	*reason;
};

struct feedback_in {
	struct opt_i64	 score;		/* 1-5 */
	const char	*comment;
};

/* POST .../actions: the action and every field any action may take;
 * complaint_flow.c says which each action needs. */
struct action_in {
	int		 action;	/* enum action */
	const char	*note;
	const char	*reason;
	int		 ground;	/* reject ground */
	int		 suspend_reason;
	const char	*department;	/* code */
	const char	*handler;	/* username */
	int		 outcome;
	const char	*public_reply;
	struct opt_i64	 fine;		/* fen */
	struct opt_i64	 confiscation;	/* fen */
	struct opt_i64	 reward_level;	/* 1-3 */
	int		 reporter_relation;
	const char	*into;		/* merge: the surviving case */
};

/* ---- the record ---------------------------------------------------- */

struct complaint {
	int64_t			 id;
	const char		*no;
	int			 kind;
	enum cstatus		 status;
	int			 ip_type;
	int			 scene;
	int			 channel;
	const char		*exh_name, *exh_booth, *exh_end;
	const char		*title, *description, *demands;
	const char		*district;
	bool			 anonymous;
	struct party_in		 c;
	struct respondent_in	 r;
	bool			 fast_track;
	int64_t			 received_at;	/* ms */
	int32_t			 received_day;
	struct due		 accept_due;
	int32_t			 decided_day;	/* 0 while undecided */
	const char		*public_reply;
	unsigned char		 access_hash[32];
	struct right_in		*rights;
	size_t			 nrights;
	/* the workflow (staff side) */
	int64_t			 department_id;	/* 0: none */
	const char		*department;	/* its code */
	int64_t			 assignee_id;	/* 0: none */
	const char		*assignee;	/* username */
	int64_t			 api_key_id;	/* filed by a machine client */
	int			 reject_ground;	/* enum reject grounds, -1 */
	bool			 extended;	/* the report's one extension */
	int64_t			 decided_at;	/* ms, 0 while undecided */
	int64_t			 suspended_at;	/* ms, 0 unless suspended */
	int			 suspend_reason;	/* -1 */
	struct due		 notify_due;	/* day 0: none */
	int64_t			 notified_at;
	struct due		 resolve_due;	/* day 0: none */
	int64_t			 resolved_at;
	int			 outcome;	/* enum outcome, -1 */
	int64_t			 closed_at;
	int32_t			 next_due;	/* day, 0: clock not running */
	const char		*merged_into;
	int			 feedback_score;	/* 0: none */
	const char		*feedback_comment;
	int64_t			 feedback_at;
	struct opt_i64		 fine;		/* fen */
	struct opt_i64		 confiscation;	/* fen */
	int			 reward_level;	/* 0: none */
	int			 reporter_relation;	/* -1 */
	struct opt_i64		 reward;	/* fen */
	const char		*reward_note;
	int64_t			 mediation_id;	/* converted to mediation */
	const char		*mediation_no;
};

/* complaint_fields.c */

/* The tracking-number prefix of a kind ("TS" complaint, "JB" report). */
const char *complaint_prefix(int kind);

/* Normalises a respondent's name for duplicate detection: ASCII letters
 * lower-cased, full-width ASCII folded, spaces and punctuation dropped.
 * Returns a pool string. */
char *complaint_norm_name(struct ctx *ctx, const char *name);

/* complaint.c */

/* A shop URL as compared for duplicates: scheme and host lower-cased, no
 * fragment, no trailing slash (a pool string, NULL for NULL). */
char *complaint_shop_norm(struct ctx *ctx, const char *url);

/*
 * Reads complaint `no` with its rights into *c (strings in the pool).
 * Returns 1 found, 0 not found, or a DB_* error.
 */
int complaint_load(struct ctx *ctx, const char *no, struct complaint *c);

/* The route's {no}, upper-cased: tracking numbers are typed by people. */
const char *complaint_param_no(struct ctx *ctx, const struct req *req);

/*
 * The public's way in: checks the throttle, loads the case named by the
 * route's {no} and checks the X-Access-Code.  Returns ERR_OK with *c
 * filled, ERR_NOT_FOUND (unknown number or wrong code, counted as a
 * failure), ERR_THROTTLED or ERR_UNAVAILABLE.
 */
enum err complaint_open_public(struct ctx *ctx, struct req *req,
    struct resp *resp, struct complaint *c);

struct dbrow;
/* Fills c from a row of the complaint columns (enum complaint_col), the
 * rights left empty; strings are copied into the pool. */
void complaint_from_row(struct ctx *ctx, const struct dbrow *row,
    struct complaint *c);

/* When the caller is shown c's personal data unmasked, appends a
 * personal_data_viewed event (in its own transaction, or inside the
 * caller's).  DB_OK or an error. */
int complaint_log_pii(struct ctx *ctx, const struct complaint *c);

/* Writes every workflow column of c back (inside the caller's
 * transaction, the row locked).  Returns DB_OK or an error. */
int complaint_save(struct ctx *ctx, const struct complaint *c);

/* Loads c by id with FOR UPDATE (inside a transaction): 1, 0 or error. */
int complaint_lock(struct ctx *ctx, int64_t id, struct complaint *c);

/* Whether the complaint is still open (not rejected, resolved, closed,
 * withdrawn or merged). */
bool complaint_is_open(enum cstatus s);

/* complaint_flow.c */

/* The earliest running due date of c (0 when none runs). */
int32_t complaint_next_due(const struct complaint *c);

/* Closes a case resolved at least close_after ago without feedback (the
 * sweep of ipdesk-admin).  Returns 1 closed, 0 not due, or a DB error. */
int complaint_auto_close(struct ctx *ctx, int64_t id);

/* complaint_dup.c */

/* Finds open cases like c (same respondent USCC or normalised name, right
 * number, shop URL) and records them as suggestions.  DB_OK or error. */
int complaint_find_dups(struct ctx *ctx, const struct complaint *c);

/* complaint_json.c */

/* The answer to the intake POST. */
struct json_object *complaint_created_json(struct ctx *ctx,
    const struct complaint *c, const char *access_code);

/* The public view of a case: status, due dates, timeline, evidence,
 * reply; personal data masked.  NULL on a database error (*rc set). */
struct json_object *complaint_public_json(struct ctx *ctx,
    const struct complaint *c, int *rc);

/* The staff view: everything the caller's role may see, with personal
 * data unmasked only when complaint_may_see_pii() says so.  NULL on a
 * database error (*rc set). */
struct json_object *complaint_staff_json(struct ctx *ctx,
    const struct complaint *c, int *rc);

/* One row of the staff queue: the case without timeline and evidence,
 * personal data always masked. */
struct json_object *complaint_staff_summary_json(struct ctx *ctx,
    const struct complaint *c);

/* complaint_access: whether the staff caller may see this case at all
 * (handlers: their department's), and its personal data unmasked. */
bool complaint_visible(const struct ctx *ctx, const struct complaint *c);
bool complaint_may_see_pii(const struct ctx *ctx, const struct complaint *c);

/* The due-date object {"date", "state", "provisional", ...}: done on
 * done_day (0: not yet), or no longer running when ended (the case was
 * withdrawn or merged before the step). */
struct json_object *due_json(struct ctx *ctx, const struct due *d,
    int32_t done_day, bool ended);

#endif
