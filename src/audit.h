/*
 * audit.h -- the case timeline: append-only, hash-chained events
 * (执法全过程记录).  Each event's hash is SHA-256 over the previous
 * event's hash of the same case and the event's own fields, each written
 * as "<length>:<bytes>", so no field can be changed, and no event removed
 * or reordered, without breaking the chain.  The program only ever
 * inserts events.
 */
#ifndef IPDESK_AUDIT_H
#define IPDESK_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

struct ctx;
struct json_object;

struct event {
	const char	*case_type;	/* "complaint", later "mediation" ... */
	int64_t		 case_id;
	const char	*action;	/* "submitted", "withdrawn", ... */
	const char	*from;		/* status before, NULL if none */
	const char	*to;		/* status after, NULL if unchanged */
	bool		 public;	/* shown on the public timeline */
	const char	*detail;	/* a JSON object: what changed, staff
					 * notes; never on the public timeline
					 * or in logs; NULL if none */
};

/* The chain hash of one event (out[32]); prev is the previous event's
 * hash or 32 zero bytes; at is the CST time as stored. */
void audit_hash(const unsigned char prev[32], const char *case_type,
    int64_t case_id, int64_t seq, const char *at, const char *actor,
    const char *action, const char *from, const char *to, bool public,
    const char *detail, const char *rid, unsigned char out[32]);

/*
 * Appends ev to its case's chain, at ctx->now by ctx->actor with the
 * request id.  The caller holds the case row locked (or just created it)
 * inside a transaction, so no two appends race.  Returns DB_OK or a
 * DB_* error.
 */
int audit_append(struct ctx *ctx, const struct event *ev);

/*
 * The events of case (type, id) as a JSON array of {at, action, status}
 * (the status after the event), all of them with actor and detail for
 * staff (all), or the public ones.  NULL with *rc set on a DB error.
 */
struct json_object *audit_timeline_json(struct ctx *ctx, const char *type,
    int64_t id, bool all, int *rc);

#endif
