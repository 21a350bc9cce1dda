/*
 * credit_sync.h -- delivering the credit outbox to the provincial credit
 * platform: claims under a lease, batches, retries with backoff, the
 * platform's per-record results, the nightly reconciliation, and the
 * record of every run.  Used by cgi-bin/ipdesk-sync.c.
 *
 * Delivery is at least once and in effect exactly once: a row is claimed
 * (state sending, a lease), sent, and settled only by its claimant; a
 * sender that dies leaves its lease to run out and the row is sent again
 * with the same bytes, which the platform answers "duplicate".  Claims
 * are serialised by a named database lock, so two senders never hold the
 * same row; the operations of one record go in order.
 */
#ifndef IPDESK_CREDIT_SYNC_H
#define IPDESK_CREDIT_SYNC_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"

struct config;
struct credit_client;
struct db;
struct refdata;

struct sync_counts {
	int64_t	 requests;	/* requests that got an answer or not */
	int64_t	 accepted, duplicate, rejected;	/* per-record results */
	int64_t	 retried;	/* rows put back after 429/503/504/... */
	int64_t	 unknown;	/* rows sent without an answer */
	int64_t	 missing;	/* reconciliation: records the platform lacked */
	int64_t	 checked;	/* reconciliation: records read back */
	int64_t	 todo, done;	/* progress of a nightly run */
};

#define SYNC_ERRORS 8

struct sync {
	struct ctx		 ctx;
	struct credit_client	*cl;
	char			 owner[80];	/* host:pid:random */
	char			 host[64];
	int64_t			 run_id;
	struct sync_counts	 n;
	char			 err[SYNC_ERRORS][200];	/* latest distinct */
	int			 nerr;
	bool			 failed;	/* a failure the run must report */
	int64_t			 beat;		/* last run update, ms */
	volatile sig_atomic_t	*stop;
};

/* Prepares s over an open database and loaded reference data (both
 * borrowed).  Returns 0, or -1 (no platform configured, no memory). */
int sync_open(struct sync *s, const struct config *cfg, struct db *db,
    const struct refdata *ref, volatile sig_atomic_t *stop);
void sync_close(struct sync *s);

/* Records the start of a run (mode "worker", "nightly", "once"; day of
 * the reconciliation or 0) and its end ("ok", "failed", "stopped"). */
int sync_run_begin(struct sync *s, const char *mode, int32_t day);
int sync_run_end(struct sync *s, const char *status);

/* Claims what is ready (one batch of creates of one kind, or one other
 * operation), sends it, settles it.  Returns the number of rows handled,
 * 0 when nothing was ready, or -1 on a database error. */
int sync_push(struct sync *s);

/* Pushes until nothing is pending, waiting out backoffs, but not past
 * deadline (epoch ms) or a stop.  Returns 0, or -1 on a database error. */
int sync_drain(struct sync *s, int64_t deadline);

/* How long until the next waiting row is due (ms, 0 when one is due
 * now, -1 when nothing waits), into *wait; *n the rows waiting. */
int sync_next_due(struct sync *s, int64_t *wait, int64_t *n);

/*
 * Reconciles day (a CST day number) against the platform: the day's
 * receipts against the rows the office saw settled that day; records
 * without a receipt, or whose outcome was ever unknown, are read back;
 * a record the platform lacks is sent again, one whose content or state
 * differs is corrected, revoked or repaired through the outbox.
 * Returns 0, or -1 (the platform or the database failed: see the run).
 */
int sync_reconcile(struct sync *s, int32_t day);

/* Writes the counters and a heartbeat to the run row (at most once a
 * second unless force). */
void sync_beat(struct sync *s, bool force);

/* Notes an error for the run (deduplicated, the latest kept): what the
 * sender met and got over (a lost answer, a 503). */
void sync_error(struct sync *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Notes an error that fails the run: the database, the credentials,
 * reconciliation, work left at the end. */
void sync_fail(struct sync *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
