/*
 * credit.h -- credit disclosure (信用公示, SPEC section 4): the office's
 * administrative-penalty and spot-check records (双公示), their way to
 * the provincial credit platform through the outbox, and the public
 * lists built on them.
 *
 *	credit_fields.c	the record layouts of shared/credit-sim/PROTOCOL.md
 *			(sections 6-8) as field specs, the checks across
 *			fields, and the canonical content
 *	credit.c	create, correct, revoke, repair; reading; the list
 *	credit_json.c	answers
 *	credit_lists.c	repeated and intentional infringers, the
 *			key-protection whitelist, sync runs
 *	credit_store.c	loading and saving records, the outbox rows a
 *			change writes, the events (shared by the API and
 *			ipdesk-sync)
 *	credit_sign.c	the platform's request signature (pure)
 *	credit_client.c	the only module that talks to the platform (libcurl)
 *	credit_sync.c	claims, batches, retries, the nightly reconciliation
 */
#ifndef IPDESK_CREDIT_H
#define IPDESK_CREDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "json_decode.h"
#include "ref.h"

struct buf;
struct ctx;
struct dbrow;
struct json_object;
struct pool;

enum credit_kind { CK_PENALTY = 0, CK_INSPECTION, CK__MAX };

/* Record states, as the platform names them. */
enum credit_state { CS_ACTIVE = 0, CS_REVOKED, CS_REPAIRED, CS__MAX };

/* Where a record stands on its way to the platform. */
enum credit_delivery {
	CD_NOT_PUBLISHED = 0,	/* a warning only: kept, never sent */
	CD_PENDING,		/* an operation waits in the outbox */
	CD_DELIVERED,		/* every operation accepted upstream */
	CD_FAILED,		/* the platform refused the last operation */
	CD__MAX
};

/* Outbox operations in the order of their endpoints. */
enum credit_op { CO_CREATE = 0, CO_UPDATE, CO_REVOKE, CO_REPAIR, CO__MAX };

/* Party kinds (行政相对人类别 / 市场主体类别). */
enum credit_party { CP_ORG = 0, CP_PERSON, CP_INDIVIDUAL, CP__MAX };

#define CREDIT_SJBM_MAX 64
#define CREDIT_FILLER "00000000000000000X"

/* ---- input ------------------------------------------------------------ */

/* A penalty as sent: the platform's field codes, the amounts in fen
 * (1 万元 = 1,000,000 fen, so six decimals of 万元 are exact), dates as
 * yyyymmdd; then the office's own facts. */
struct penalty_in {
	const char	*bz, *cf_cfjg, *cf_cfjgdm, *cf_cflb, *cf_fr_zjhm,
			*cf_fr_zjlx, *cf_frdb, *cf_nr, *cf_nr_zkdx, *cf_sjly,
			*cf_sjlydm, *cf_sy, *cf_wfxw, *cf_wsh, *cf_xdr_gszc,
			*cf_xdr_lb, *cf_xdr_mc, *cf_xdr_shxym, *cf_xdr_shzz,
			*cf_xdr_swdj, *cf_xdr_sydw, *cf_xdr_zjhm, *cf_xdr_zjlx,
			*cf_xdr_zzjg, *cf_yj;
	int32_t		 cf_gsjzq, cf_jdrq, cf_yxq;
	struct opt_i64	 cf_nr_fk, cf_nr_wfff;
	const char	*case_no;
	int		 intentional;		/* -1 absent */
	int		 ip_infringement;	/* -1 absent: yes */
	const char	*reason;		/* corrections only */
};

struct inspection_in {
	const char	*bz, *jc_fddbr, *jc_jg, *jc_jgsm, *jc_lx, *jc_rwbh,
			*jc_rwmc, *jc_shxym, *jc_sjly, *jc_sjlydm, *jc_ssjg,
			*jc_ssjgdm, *jc_sx, *jc_zch, *jc_ztlb, *jc_ztmc;
	int32_t		 jc_rq;
	const char	*case_no;
	const char	*reason;		/* corrections only */
};

/* What the office needs to know of a record, read from its fields. */
struct credit_facts {
	enum credit_kind	 kind;
	enum credit_party	 party;
	const char		*party_name;
	const char		*party_uscc;	/* NULL: none or the filler */
	const char		*business_key;	/* the platform's (5.2/5.3) */
	const char		*doc_no;	/* 决定书文号 / 抽查任务编号 */
	int32_t			 decided;	/* day number */
	const char		*categories;	/* 处罚类别 / 检查结果 */
	bool			 published;	/* not a warning alone */
	bool			 serious;	/* the platform's 严重失信 */
	bool			 short_publicity;	/* 通报批评 / small fine */
	int64_t			 fine;		/* fen, 0 none */
	bool			 has_person_data; /* ID numbers in the record */
};

/* ---- the record ---------------------------------------------------------- */

struct credit_record {
	int64_t			 id;
	enum credit_kind	 kind;
	const char		*sjbm;
	enum credit_state	 state;
	int			 version;	/* 1 + corrections */
	bool			 published;
	int64_t			 complaint_id;	/* 0: none */
	const char		*case_no;
	const char		*content;	/* canonical JSON */
	const char		*content_sha256;
	const char		*party_name;
	enum credit_party	 party;
	const char		*party_uscc;
	const char		*business_key;
	const char		*doc_no;
	int32_t			 decided;
	const char		*categories;
	bool			 serious, ip_infringement, intentional;
	int32_t			 office_until;	/* 0: not on the office's lists */
	int32_t			 repair_from;	/* 0: no repair (inspections) */
	struct due		 push_due, withdraw_due;
	enum credit_delivery	 delivery;
	int64_t			 delivered_at;	/* first time on the platform */
	const char		*errors;	/* JSON array of the last refusal */
	const char		*up_state;	/* as read back, NULL: never */
	int64_t			 up_version;
	const char		*up_sha256;
	int32_t			 up_repair_from, up_until;
	int64_t			 up_checked_at;
	int64_t			 revoked_at, repaired_at;
	int64_t			 created_by;
	const char		*created_by_name;
	int64_t			 created_at, updated_at;
};

/* credit_store.c */

/* Reads record id of kind / by sjbm / locked (inside a transaction).
 * 1 found, 0 not, or a DB error. */
int credit_load(struct ctx *ctx, int64_t id, enum credit_kind kind,
    struct credit_record *r);
int credit_load_sjbm(struct ctx *ctx, const char *sjbm,
    struct credit_record *r);
int credit_lock(struct ctx *ctx, int64_t id, struct credit_record *r);
/* Fills r from a row of CREDIT_COLS (strings in ctx->pool). */
void credit_from_row(struct ctx *ctx, const struct dbrow *row,
    struct credit_record *r);
/* Writes every mutable column of r (updated_at = now). */
int credit_save(struct ctx *ctx, const struct credit_record *r);
/* Appends to r's chain (case type "credit"). */
int credit_event(struct ctx *ctx, const struct credit_record *r,
    const char *action, const char *from, const char *to,
    const char *detail);

/*
 * Writes the outbox row of operation op for r, after its earlier ones,
 * with the exact body to send: for a create the record object with its
 * sjbm, for an update {"record": ..., "reason": ...}, for revoke and
 * repair {"reason": ...}.  Marks r pending (the caller saves r).  Call
 * inside the transaction that changed r.  Returns DB_OK or a DB error.
 */
int credit_enqueue(struct ctx *ctx, struct credit_record *r,
    enum credit_op op, const char *reason);

/* Whether a create of r reached the platform (*done) or may still
 * (*waiting), from its outbox.  Returns DB_OK or a DB error. */
int credit_upstream(struct ctx *ctx, const struct credit_record *r,
    bool *done, bool *waiting);

/* The body of revoke, repair and removals: {"reason": ...}. */
struct reason_in {
	const char *reason;
};

/* credit_json.c */

/* Whether the caller sees ID numbers and persons' names (credit
 * officers). */
bool credit_may_see_pii(const struct ctx *ctx);
/* Records a credit officer's sight of a record with personal data. */
int credit_log_pii(struct ctx *ctx, const struct credit_record *r);
/* The staff view of r; with detail, its outbox operations and events
 * (NULL with *rc set on a DB error). */
struct json_object *credit_json(struct ctx *ctx, const struct credit_record *r,
    bool detail, int *rc);
/* What a list shows of r. */
struct json_object *credit_summary_json(struct ctx *ctx,
    const struct credit_record *r);

/* credit_fields.c */

extern const struct bodyspec penalty_spec, inspection_spec;
extern const struct bodyspec credit_reason_spec;

/*
 * The checks across fields of PROTOCOL.md 6.4 and 7 (required, required
 * if, must be blank, the filler code, the 92 rule, amounts and licences
 * following the categories, dates in order and not after today), each
 * failure recorded against its field code.  in is a struct penalty_in or
 * struct inspection_in of kind; today is a day number.
 */
void credit_check(enum credit_kind kind, const void *in, int32_t today,
    struct verrs *v);

/*
 * The canonical content of a checked record: a JSON object of the
 * non-blank platform fields, keys sorted, amounts in canonical 万元, no
 * sjbm: the bytes whose SHA-256 is the platform's content_sha256.
 * Appends to out; returns 0 or -1 (out of memory).
 */
int credit_content(enum credit_kind kind, const void *in, struct buf *out);

/* The facts of a checked record (strings in pool); small_fine_person /
 * small_fine_org are the settings in fen. */
void credit_facts(struct pool *pool, enum credit_kind kind, const void *in,
    int64_t small_fine_person, int64_t small_fine_org,
    struct credit_facts *f);

/* Codes of enum values for the API and the database. */
const char *credit_kind_code(enum credit_kind);
const char *credit_state_code(enum credit_state);
const char *credit_delivery_code(enum credit_delivery);
const char *credit_op_code(enum credit_op);
const char *credit_party_code(enum credit_party);
/* The value of a code, or -1. */
int credit_kind_find(const char *s);
int credit_state_find(const char *s);
int credit_delivery_find(const char *s);
int credit_op_find(const char *s);
int credit_party_find(const char *s);

/* credit_sign.c */

/*
 * The platform's signature (PROTOCOL.md 2.2): lower-case hex HMAC-SHA256,
 * keyed with secret, of METHOD LF PATH_WITH_QUERY LF TIMESTAMP LF NONCE LF
 * hex(SHA-256(body)).  Writes 64 hex digits and a NUL to out[65].
 */
void credit_sign(const char *secret, const char *method, const char *path,
    const char *timestamp, const char *nonce, const void *body, size_t len,
    char out[65]);

/* Adds months to a day number, clamped to the month's end (the
 * platform's period arithmetic: 2024-11-30 + 3 months = 2025-02-28). */
int32_t credit_add_months(int32_t day, int months);

#endif
