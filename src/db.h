/*
 * db.h -- the database, and the only place SQL lives.
 *
 * Every statement is a member of enum sqlstmt with its text (and the
 * types of its result columns) in db.c's table; all are prepared once
 * per connection with "?" placeholders and executed with bound values.
 * No SQL is ever built from strings.  A connection that the server
 * dropped is reopened and its statements prepared again on the next use;
 * while the server cannot be reached every call fails with DB_GONE, which
 * callers answer with 503.
 *
 * One result set may be open at a time (db_query ... db_fetch ...
 * db_end); results are buffered on the client, so other statements may
 * run while rows are read.
 */
#ifndef IPDESK_DB_H
#define IPDESK_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum sqlstmt {
	SQL_BEGIN = 0,
	SQL_COMMIT,
	SQL_ROLLBACK,
	SQL_PING,
	/* reference data */
	SQL_LIMITS,
	SQL_CAL_YEARS,
	SQL_CAL_DAYS,
	SQL_DISTRICTS,
	/* complaints */
	SQL_COMPLAINT_INSERT,
	SQL_RIGHT_INSERT,
	SQL_COMPLAINT_GET,
	SQL_COMPLAINT_LOCK,
	SQL_RIGHTS_OF,
	/* events */
	SQL_EVENT_LAST,
	SQL_EVENT_INSERT,
	SQL_EVENTS_PUBLIC,
	/* evidence */
	SQL_EVIDENCE_INSERT,
	SQL_EVIDENCE_OF,
	SQL_EVIDENCE_COUNT,
	SQL_EVIDENCE_GET,
	/* idempotency */
	SQL_IDEM_CLAIM,
	SQL_IDEM_GET,
	SQL_IDEM_STORE,
	SQL_IDEM_PURGE,
	/* throttling */
	SQL_THROTTLE_GET,
	SQL_THROTTLE_HIT,
	SQL_THROTTLE_CLEAR,
	/* migrations (ipdesk-admin) */
	SQL_MIG_TABLE,
	SQL_MIG_LIST,
	SQL_MIG_RECORD,
	/* calendar and limits administration (ipdesk-admin) */
	SQL_CAL_YEAR_PUT,
	SQL_CAL_DAYS_CLEAR,
	SQL_CAL_DAY_PUT,
	SQL_LIMIT_SET,
	/* staff, tokens, API keys (auth.c, ipdesk-admin) */
	SQL_TOKEN_LOOKUP,
	SQL_TOKEN_TOUCH,
	SQL_TOKEN_INSERT,
	SQL_TOKEN_REVOKE,
	SQL_TOKEN_REVOKE_USER,
	SQL_USER_BY_NAME,
	SQL_STAFF_BY_NAME,
	SQL_USER_INSERT,
	SQL_USER_LIST,
	SQL_USER_SET_DISABLED,
	SQL_USER_SET_PASSWORD,
	SQL_APIKEY_LOOKUP,
	SQL_APIKEY_INSERT,
	SQL_APIKEY_LIST,
	SQL_APIKEY_SET_DISABLED,
	SQL_THROTTLE_RESET,
	SQL_DEPTS,
	SQL_DEPT_INSERT,
	SQL_SETTINGS,
	/* the complaint workflow */
	SQL_COMPLAINT_LOCK_FULL,
	SQL_COMPLAINT_SAVE,
	SQL_COMPLAINT_QUEUE,
	SQL_COMPLAINT_SWEEP,
	SQL_EVENTS_ALL,
	SQL_AUDIT_WALK,
	SQL_DUP_BY_USCC,
	SQL_DUP_BY_NAME,
	SQL_DUP_BY_SHOP,
	SQL_DUP_BY_RIGHT,
	SQL_DUP_INSERT,
	SQL_DUPS_OF,
	/* mediation */
	SQL_MEDIATION_INSERT,
	SQL_MEDIATION_GET,
	SQL_MEDIATION_LOCK,
	SQL_MEDIATION_SAVE,
	SQL_MEDIATION_QUEUE,
	SQL_MEDIATION_SWEEP,
	SQL_MSESSION_COUNT,
	SQL_MSESSION_INSERT,
	SQL_MSESSIONS_OF,
	SQL_MAGREEMENT_PUT,
	SQL_MAGREEMENT_GET,
	SQL_MEDIATOR_INSERT,
	SQL_MEDIATOR_UPDATE,
	SQL_MEDIATOR_LIST,
	SQL_MEDIATOR_GET,
	SQL_MEDIATOR_BY_USER,
	SQL_MCANDIDATES,
	SQL_MEXCLUDE,
	SQL_MEXCLUSIONS_OF,
	SQL_COMPLAINT_SET_MEDIATION,
	/* overseas aid */
	SQL_AID_INSERT,
	SQL_AID_GET,
	SQL_AID_LOCK,
	SQL_AID_SAVE,
	SQL_AID_QUEUE,
	SQL_AID_RIGHT_INSERT,
	SQL_AID_RIGHTS_OF,
	SQL_AID_RECORD_COUNT,
	SQL_AID_RECORD_INSERT,
	SQL_AID_RECORDS_OF,
	SQL_EXPERT_INSERT,
	SQL_EXPERT_UPDATE,
	SQL_EXPERT_LIST,
	SQL_EXPERT_GET,
	SQL_EXPERT_BY_USER,
	SQL_ECANDIDATES,
	SQL_AEXCLUDE,
	SQL_SUBSIDY_INSERT,
	SQL_SUBSIDIES_OF,
	SQL_SUBSIDY_LOCK,
	SQL_SUBSIDY_DECIDE,
	SQL_SUBSIDY_PAY,
	SQL_ALLOWANCE_ENSURE,
	SQL_ALLOWANCE_LOCK,
	SQL_ALLOWANCE_ADD,
	SQL_ALLOWANCE_GET,
	/* credit disclosure: records, outbox, runs, lists */
	SQL_CREDIT_INSERT,
	SQL_CREDIT_GET,
	SQL_CREDIT_BY_SJBM,
	SQL_CREDIT_LOCK,
	SQL_CREDIT_SAVE,
	SQL_CREDIT_BKEY,
	SQL_CREDIT_QUEUE,
	SQL_CREDIT_LAST_REPAIR,
	SQL_COMPLAINT_ID_BY_NO,
	SQL_OUTBOX_INSERT,
	SQL_OUTBOX_SEQ,
	SQL_OUTBOX_OF,
	SQL_NAMED_LOCK,
	SQL_NAMED_UNLOCK,
	SQL_OUTBOX_READY,
	SQL_OUTBOX_CLAIM,
	SQL_OUTBOX_SETTLE,
	SQL_OUTBOX_RETRY,
	SQL_OUTBOX_UNSETTLED,
	SQL_OUTBOX_STATS,
	SQL_OUTBOX_NEXT_AT,
	SQL_OUTBOX_DONE_BETWEEN,
	SQL_CREDIT_OVERDUE_COUNT,
	SQL_RUN_INSERT,
	SQL_RUN_UPDATE,
	SQL_RUN_END,
	SQL_RUN_LIST,
	SQL_INFRINGERS,
	SQL_WHITELIST_ADD,
	SQL_WHITELIST_LIST,
	SQL_WHITELIST_GET,
	SQL_WHITELIST_REMOVE,
	SQL__MAX
};

/* Results of calls. */
enum dbrc {
	DB_OK = 0,
	DB_ERR = -1,	/* a failed statement (logged): a bug or bad schema */
	DB_GONE = -2,	/* server unreachable: answer 503 */
	DB_DUP = -3,	/* duplicate key */
	DB_LOCK = -4,	/* deadlock or lock wait timeout: transaction undone */
};

enum dbt { DBT_NULL = 0, DBT_INT, DBT_STR, DBT_BLOB };

/* A value bound to a placeholder; strings and blobs are borrowed. */
struct dbval {
	enum dbt	 t;
	int64_t		 i;
	const void	*p;
	size_t		 len;
};

static inline struct dbval
dbint(int64_t v)
{
	struct dbval x = { DBT_INT, v, NULL, 0 };
	return x;
}

/* A C string; NULL binds SQL NULL. */
struct dbval dbstr(const char *s);
/* n bytes of text. */
struct dbval dbstrn(const char *s, size_t n);
/* n bytes of binary data. */
struct dbval dbblob(const void *p, size_t n);
/* SQL NULL. */
struct dbval dbnull(void);

#define DB_MAXCOLS 96
#define DB_MAXARGS 64

/* A column of a fetched row.  Text and blobs are NUL-terminated; they
 * stay valid until the next db_fetch or db_end. */
struct dbcol {
	bool		 null;
	int64_t		 i;	/* integer columns */
	const char	*s;	/* text and blob columns ("" when NULL) */
	size_t		 len;
};

struct dbrow {
	struct dbcol	 c[DB_MAXCOLS];
	size_t		 n;
};

/* Connection settings (copied). */
struct dbconf {
	const char	*socket;	/* unix socket or NULL/"" for TCP */
	const char	*host;
	int		 port;
	const char	*name;
	const char	*user;
	const char	*password;
	int		 timeout;	/* read/write timeout in seconds */
};

/* A handle, not yet connected.  NULL on ENOMEM.  Free with db_free(). */
struct db *db_new(const struct dbconf *conf);
/* Closes the connection and frees the handle; accepts NULL. */
void db_free(struct db *db);

/* Connects and prepares every statement if not connected.  Returns
 * DB_OK or DB_GONE. */
int db_ensure(struct db *db);

/* The request id to put in log lines (borrowed; NULL for none). */
void db_set_rid(struct db *db, const char *rid);

/* Runs a statement without result rows.  Returns DB_OK or an error.
 * args[0..n) must match the statement's placeholders. */
int db_exec(struct db *db, enum sqlstmt s, const struct dbval *args,
    size_t n);
/* Rows changed and the AUTO_INCREMENT value of the last db_exec. */
int64_t db_affected(const struct db *db);
int64_t db_insert_id(const struct db *db);

/* Runs a statement with a result set, to be read with db_fetch and
 * closed with db_end.  Returns DB_OK or an error. */
int db_query(struct db *db, enum sqlstmt s, const struct dbval *args,
    size_t n);
/* The next row: 1 with row filled, 0 at the end, or an error. */
int db_fetch(struct db *db, struct dbrow *row);
/* Closes the open result set, if any. */
void db_end(struct db *db);
/* db_query + db_fetch of the first row + db_end: 1 found, 0 none, or an
 * error. */
int db_one(struct db *db, enum sqlstmt s, const struct dbval *args,
    size_t n, struct dbrow *row);

/*
 * Transactions nest by count: only the outermost begin/commit talk to
 * the server; a rollback at any depth undoes the whole transaction and
 * makes the outer commit fail (DB_ERR).
 */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* Whether a transaction is open. */
bool db_in_tx(const struct db *db);

/*
 * Runs an SQL script (a migration file): statements separated by ";" at
 * the end of a line, outside quotes and comments, each prepared and
 * executed on its own.  Returns DB_OK or an error with a message in err.
 */
int db_script(struct db *db, const char *sql, size_t len, char *err,
    size_t errsz);

/* Helpers for argument lists. */
#define DBARGS(...) ((const struct dbval[]){ __VA_ARGS__ }), \
	(sizeof((const struct dbval[]){ __VA_ARGS__ }) / sizeof(struct dbval))
#define DBNOARGS NULL, 0

/*
 * Column positions of the wider result sets (the statements in db.c list
 * their columns in this order).
 */
enum complaint_col {
	CC_ID = 0, CC_NO, CC_KIND, CC_STATUS, CC_IP_TYPE, CC_SCENE,
	CC_EXH_NAME, CC_EXH_BOOTH, CC_EXH_END, CC_TITLE, CC_DESCRIPTION,
	CC_DEMANDS, CC_DISTRICT, CC_CHANNEL, CC_C_NAME, CC_C_ID_TYPE,
	CC_C_ID_NUMBER, CC_C_PHONE, CC_C_EMAIL, CC_C_ADDRESS, CC_R_NAME,
	CC_R_USCC, CC_R_REGNO, CC_R_ADDRESS, CC_R_SHOP_URL, CC_R_PLATFORM,
	CC_FAST_TRACK, CC_RECEIVED_AT, CC_RECEIVED_DAY, CC_ACCEPT_DUE,
	CC_ACCEPT_DUE_PROV, CC_DECIDED_AT, CC_PUBLIC_REPLY, CC_ACCESS_HASH,
	CC_DEPT_ID, CC_DEPT_CODE, CC_ASSIGNEE_ID, CC_ASSIGNEE, CC_API_KEY_ID,
	CC_REJECT_GROUND, CC_EXTENDED, CC_SUSPENDED_AT, CC_SUSPEND_REASON,
	CC_NOTIFY_DUE, CC_NOTIFY_PROV, CC_NOTIFIED_AT, CC_RESOLVE_DUE,
	CC_RESOLVE_PROV, CC_RESOLVED_AT, CC_OUTCOME, CC_CLOSED_AT, CC_NEXT_DUE,
	CC_MERGED_INTO, CC_FB_SCORE, CC_FB_COMMENT, CC_FB_AT, CC_FINE,
	CC_CONFISCATION, CC_REWARD_LEVEL, CC_REPORTER_RELATION, CC_REWARD,
	CC_REWARD_NOTE, CC_MEDIATION_ID, CC_MEDIATION_NO,
	CC__MAX
};

/* Columns of SQL_MEDIATION_GET / _LOCK / _QUEUE (db.c MEDIATION_COLS). */
enum mediation_col {
	MC_ID = 0, MC_NO, MC_SOURCE, MC_STATUS, MC_IP_TYPE, MC_INDUSTRY,
	MC_SUBJECT, MC_CLAIM, MC_AMOUNT, MC_DESCRIPTION, MC_ONLINE,
	MC_COMPLAINT_ID, MC_COMPLAINT_NO, MC_COURT_NAME, MC_COURT_CASE_NO,
	MC_COURT_RECEIVED,
	MC_A_TYPE, MC_A_NAME, MC_A_ID_TYPE, MC_A_ID_NUMBER, MC_A_USCC,
	MC_A_PHONE, MC_A_EMAIL, MC_A_ADDRESS, MC_A_AGENT_NAME, MC_A_AGENT_PHONE,
	MC_A_AGENT_AUTH,
	MC_R_TYPE, MC_R_NAME, MC_R_ID_TYPE, MC_R_ID_NUMBER, MC_R_USCC,
	MC_R_PHONE, MC_R_EMAIL, MC_R_ADDRESS, MC_R_AGENT_NAME, MC_R_AGENT_PHONE,
	MC_R_AGENT_AUTH,
	MC_RECEIVED_AT, MC_RECEIVED_DAY, MC_ACCESS_HASH, MC_ACCEPT_DUE,
	MC_ACCEPT_PROV, MC_DECIDED_AT, MC_DECLINE_REASON, MC_CONSENT_DUE,
	MC_CONSENT_PROV, MC_CONSENT_AT,
	MC_MEDIATOR_ID, MC_MEDIATOR_NAME, MC_MEDIATOR_ORG, MC_MEDIATOR_USER,
	MC_MEDIATOR_ACCEPTED, MC_MEDIATOR_DUE, MC_MEDIATOR_PROV,
	MC_LIMIT_DUE, MC_LIMIT_PROV, MC_EXTENSIONS, MC_STARTED_AT, MC_AGREED_AT,
	MC_AMOUNT_AGREED, MC_CONFIRM_UNTIL, MC_CONFIRM_REQUESTED_AT,
	MC_RULING_NO, MC_CONFIRMED_AT, MC_FULFILLED_AT,
	MC_FAILURE_GROUND, MC_FAILED_AT, MC_NOTIFY_DUE, MC_NOTIFY_PROV,
	MC_NOTIFIED_AT, MC_CLOSED_AT, MC_NEXT_DUE, MC_DURATION_WD, MC_FB_SCORE,
	MC_FB_COMMENT, MC_FB_AT, MC_MEDIATOR_ACCEPTED_AT,
	MC__MAX
};

/* Columns of SQL_AID_GET / _LOCK / _QUEUE (db.c AID_COLS). */
enum aid_col {
	AC_ID = 0, AC_NO, AC_STATUS, AC_PRIORITY, AC_MAJOR, AC_E_NAME,
	AC_E_USCC, AC_E_SIZE, AC_E_INDUSTRY, AC_C_NAME, AC_C_PHONE, AC_C_EMAIL,
	AC_AID_TYPE, AC_COUNTRIES, AC_IP_TYPES, AC_OPPOSING, AC_FORUM,
	AC_DEADLINE, AC_AMOUNT, AC_INSURED, AC_DESCRIPTION, AC_RECEIVED_AT,
	AC_RECEIVED_DAY, AC_ACCESS_HASH, AC_ACCEPT_DUE, AC_ACCEPT_PROV,
	AC_DECIDED_AT, AC_DECLINE_REASON, AC_EXPERT_ID, AC_EXPERT_NAME,
	AC_EXPERT_USER, AC_ASSIGNED_AT, AC_STARTED_AT, AC_CONCLUDED_AT,
	AC_OUTCOME, AC_CONCLUSION, AC_CLOSED_AT, AC_FB_SCORE, AC_FB_COMMENT,
	AC_FB_AT,
	AC__MAX
};

/* Columns of SQL_CREDIT_GET / _BY_SJBM / _LOCK / _QUEUE (CREDIT_COLS). */
enum credit_col {
	CR_ID = 0, CR_KIND, CR_SJBM, CR_STATE, CR_VERSION, CR_PUBLISHED,
	CR_COMPLAINT_ID, CR_CASE_NO, CR_CONTENT, CR_SHA, CR_PARTY_NAME,
	CR_PARTY_KIND, CR_PARTY_USCC, CR_BKEY, CR_DOC_NO, CR_DECIDED,
	CR_CATEGORIES, CR_SERIOUS, CR_IP, CR_INTENTIONAL, CR_OFFICE_UNTIL,
	CR_REPAIR_FROM, CR_PUSH_DUE, CR_PUSH_PROV, CR_WITHDRAW_DUE,
	CR_WITHDRAW_PROV, CR_DELIVERY, CR_DELIVERED_AT, CR_ERRORS,
	CR_UP_STATE, CR_UP_VERSION, CR_UP_SHA, CR_UP_REPAIR_FROM, CR_UP_UNTIL,
	CR_UP_CHECKED_AT, CR_REVOKED_AT, CR_REPAIRED_AT, CR_CREATED_BY,
	CR_CREATED_BY_NAME, CR_CREATED_AT, CR_UPDATED_AT,
	CR__MAX
};

/* Columns of SQL_OUTBOX_READY. */
enum outbox_col {
	OB_ID = 0, OB_RECORD_ID, OB_KIND, OB_SJBM, OB_OP, OB_BODY,
	OB_BATCH_KEY, OB_ATTEMPTS, OB_STATE,
	OB__MAX
};

/* Columns of SQL_EXPERT_LIST / _GET / SQL_ECANDIDATES. */
enum expert_col {
	EX_ID = 0, EX_USER, EX_NAME, EX_ORG, EX_ORG_NORM, EX_ORG_USCC,
	EX_COUNTRIES, EX_IP_TYPES, EX_LANGUAGES, EX_AVAILABLE, EX_MAX_OPEN,
	EX_OPEN, EX_USERNAME,
	EX__MAX
};

/* Columns of SQL_MEDIATOR_LIST / _GET / SQL_MCANDIDATES. */
enum mediator_col {
	MD_ID = 0, MD_USER, MD_NAME, MD_ORG, MD_ORG_NORM, MD_ORG_USCC,
	MD_IP_TYPES, MD_INDUSTRIES, MD_AVAILABLE, MD_MAX_OPEN, MD_OPEN,
	MD_USERNAME,
	MD__MAX
};

#endif
