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
};

/* complaint_fields.c */

/* The tracking-number prefix of a kind ("TS" complaint, "JB" report). */
const char *complaint_prefix(int kind);

/* Normalises a respondent's name for duplicate detection: ASCII letters
 * lower-cased, full-width ASCII folded, spaces and punctuation dropped.
 * Returns a pool string. */
char *complaint_norm_name(struct ctx *ctx, const char *name);

/* complaint.c */

/*
 * Reads complaint `no` with its rights into *c (strings in the pool).
 * Returns 1 found, 0 not found, or a DB_* error.
 */
int complaint_load(struct ctx *ctx, const char *no, struct complaint *c);

/*
 * The public's way in: checks the throttle, loads the case named by the
 * route's {no} and checks the X-Access-Code.  Returns ERR_OK with *c
 * filled, ERR_NOT_FOUND (unknown number or wrong code, counted as a
 * failure), ERR_THROTTLED or ERR_UNAVAILABLE.
 */
enum err complaint_open_public(struct ctx *ctx, struct req *req,
    struct resp *resp, struct complaint *c);

/* complaint_json.c */

/* The answer to the intake POST. */
struct json_object *complaint_created_json(struct ctx *ctx,
    const struct complaint *c, const char *access_code);

/* The public view of a case: status, due dates, timeline, evidence,
 * reply; personal data masked.  NULL on a database error (*rc set). */
struct json_object *complaint_public_json(struct ctx *ctx,
    const struct complaint *c, int *rc);

/* The due-date object {"date", "state", "provisional", ...}. */
struct json_object *due_json(struct ctx *ctx, const struct due *d,
    int32_t done_day);

#endif
