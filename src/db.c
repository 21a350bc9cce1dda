/*
 * db.c -- MariaDB through Connector/C prepared statements.  The only file
 * that includes <mysql.h> and the only file that holds SQL.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "db.h"
#include "log.h"

/*
 * The statements.  `cols` gives the type of each result column: 'i' a
 * 64-bit integer, 's' text, 'b' binary; "" for statements without rows.
 * Dates and times are read back as text in the formats timeutil.c and
 * workdays.c parse.
 */
struct stmtdef {
	const char	*name;
	const char	*sql;
	const char	*cols;
};

#define DT(c) "DATE_FORMAT(" c ", '%Y-%m-%d %H:%i:%s.%f')"
#define D(c) "DATE_FORMAT(" c ", '%Y-%m-%d')"

/* Every column of a complaint, in the order of enum complaint_col, with
 * its department's code and its assignee's name. */
#define COMPLAINT_COLS \
	"c.id, c.no, c.kind, c.status, c.ip_type, c.scene, c.exhibition_name, " \
	"c.exhibition_booth, " D("c.exhibition_end") ", c.title, " \
	"c.description, c.demands, c.district, c.channel, c.c_name, " \
	"c.c_id_type, c.c_id_number, c.c_phone, c.c_email, c.c_address, " \
	"c.r_name, c.r_uscc, c.r_regno, c.r_address, c.r_shop_url, " \
	"c.r_platform, c.fast_track, " DT("c.received_at") ", " \
	D("c.received_day") ", " D("c.accept_due") ", " \
	"c.accept_due_provisional, " DT("c.decided_at") ", c.public_reply, " \
	"c.access_hash, c.department_id, d.code, c.assignee_id, u.username, " \
	"c.api_key_id, c.reject_ground, c.extended, " DT("c.suspended_at") \
	", c.suspend_reason, " D("c.notify_due") ", c.notify_due_provisional, " \
	DT("c.notified_at") ", " D("c.resolve_due") ", " \
	"c.resolve_due_provisional, " DT("c.resolved_at") ", c.outcome, " \
	DT("c.closed_at") ", " D("c.next_due") ", c.merged_into, " \
	"c.feedback_score, c.feedback_comment, " DT("c.feedback_at") ", " \
	"c.fine_fen, c.confiscation_fen, c.reward_level, c.reporter_relation, " \
	"c.reward_fen, c.reward_note, c.mediation_id, " \
	"(SELECT z.no FROM mediation z WHERE z.id = c.mediation_id) " \
	"FROM complaint c LEFT JOIN department d ON d.id = c.department_id " \
	"LEFT JOIN staff_user u ON u.id = c.assignee_id"
#define COMPLAINT_TYPES \
	"isssssss" "ssssss" "ssssss" "ssssss" "i" "sssi" "ssb" \
	"isisi" "sisssi" "ssisssss" "issiiisis" "is"

/* Every column of a mediation, in the order of enum mediation_col. */
#define PARTY_COLS(p) "m." p "type, m." p "name, m." p "id_type, m." p \
	"id_number, m." p "uscc, m." p "phone, m." p "email, m." p "address, " \
	"m." p "agent_name, m." p "agent_phone, m." p "agent_authority"
#define MEDIATION_COLS \
	"m.id, m.no, m.source, m.status, m.ip_type, m.industry, m.subject, " \
	"m.claim, m.amount_fen, m.description, m.online, m.complaint_id, " \
	"c.no, m.court_name, m.court_case_no, " D("m.court_received") ", " \
	PARTY_COLS("a_") ", " PARTY_COLS("r_") ", " \
	DT("m.received_at") ", " D("m.received_day") ", m.access_hash, " \
	D("m.accept_due") ", m.accept_due_provisional, " DT("m.decided_at") \
	", m.decline_reason, " D("m.consent_due") ", " \
	"m.consent_due_provisional, " DT("m.consent_at") ", m.mediator_id, " \
	"x.name, x.organisation, x.staff_user_id, m.mediator_accepted, " \
	D("m.mediator_due") ", m.mediator_due_provisional, " \
	D("m.limit_due") ", m.limit_due_provisional, m.extensions, " \
	DT("m.started_at") ", " DT("m.agreed_at") ", m.amount_agreed_fen, " \
	D("m.confirm_until") ", " DT("m.confirm_requested_at") ", " \
	"m.ruling_no, " DT("m.confirmed_at") ", " DT("m.fulfilled_at") ", " \
	"m.failure_ground, " DT("m.failed_at") ", " D("m.notify_due") ", " \
	"m.notify_due_provisional, " DT("m.notified_at") ", " \
	DT("m.closed_at") ", " D("m.next_due") ", m.duration_wd, " \
	"m.feedback_score, m.feedback_comment, " DT("m.feedback_at") ", " \
	DT("m.mediator_accepted_at") " " \
	"FROM mediation m LEFT JOIN complaint c ON c.id = m.complaint_id " \
	"LEFT JOIN mediator x ON x.id = m.mediator_id"
#define MEDIATION_TYPES \
	"isssssssisiissss" "sssssssssss" "sssssssssss" "ssbsisssis" \
	"issiisi" "siississsss" "sssisssiiss" "s"

/* Every column of a credit record, in the order of enum credit_col. */
#define CREDIT_COLS \
	"r.id, r.kind, r.sjbm, r.state, r.version, r.published, " \
	"r.complaint_id, c.no, r.content, r.content_sha256, r.party_name, " \
	"r.party_kind, r.party_uscc, r.business_key, r.doc_no, " \
	D("r.decided_on") ", r.categories, r.serious, r.ip_infringement, " \
	"r.intentional, " D("r.office_until") ", " D("r.repair_from") ", " \
	D("r.push_due") ", r.push_due_provisional, " D("r.withdraw_due") \
	", r.withdraw_due_provisional, r.delivery, " DT("r.delivered_at") \
	", r.errors, r.upstream_state, r.upstream_version, " \
	"r.upstream_sha256, " D("r.upstream_repair_from") ", " \
	D("r.upstream_until") ", " DT("r.upstream_checked_at") ", " \
	DT("r.revoked_at") ", " DT("r.repaired_at") ", r.created_by, " \
	"u.username, " DT("r.created_at") ", " DT("r.updated_at") " " \
	"FROM credit_record r LEFT JOIN complaint c ON c.id = r.complaint_id " \
	"LEFT JOIN staff_user u ON u.id = r.created_by"
#define CREDIT_TYPES "isssiii" "ssssssss" "ssiiis" "ssisisss" "sissss" \
	"ssisss"

/* A row of the outbox can go when every earlier operation of its record
 * is settled. */
#define OUTBOX_IN_ORDER "NOT EXISTS (SELECT 1 FROM credit_outbox p WHERE " \
	"p.record_id = o.record_id AND p.seq < o.seq AND p.state IN " \
	"('pending', 'sending'))"

/* Cases a mediator is working on, for its load. */
#define MEDIATOR_OPEN "(SELECT COUNT(*) FROM mediation y WHERE " \
	"y.mediator_id = md.id AND y.status IN ('accepted', " \
	"'awaiting_consent', 'in_mediation'))"
#define MEDIATOR_COLS "md.id, md.staff_user_id, md.name, md.organisation, " \
	"md.organisation_norm, md.organisation_uscc, md.ip_types, " \
	"md.industries, md.available, md.max_open, " MEDIATOR_OPEN ", " \
	"u.username FROM mediator md LEFT JOIN staff_user u ON " \
	"u.id = md.staff_user_id"
#define MEDIATOR_TYPES "iissssssiiis"

/* Every column of an aid request, in the order of enum aid_col. */
#define AID_COLS \
	"a.id, a.no, a.status, a.priority, a.major, a.e_name, a.e_uscc, " \
	"a.e_size, a.e_industry, a.c_name, a.c_phone, a.c_email, a.aid_type, " \
	"a.countries, a.ip_types, a.opposing_party, a.forum, " \
	D("a.deadline") ", a.amount_at_stake_fen, a.insured, a.description, " \
	DT("a.received_at") ", " D("a.received_day") ", a.access_hash, " \
	D("a.accept_due") ", a.accept_due_provisional, " DT("a.decided_at") \
	", a.decline_reason, a.expert_id, x.name, x.staff_user_id, " \
	DT("a.assigned_at") ", " DT("a.started_at") ", " \
	DT("a.concluded_at") ", a.outcome, a.conclusion, " DT("a.closed_at") \
	", a.feedback_score, a.feedback_comment, " DT("a.feedback_at") " " \
	"FROM aid_request a LEFT JOIN aid_expert x ON x.id = a.expert_id"
#define AID_TYPES \
	"isssi" "sssss" "sssss" "ss" "siis" "ssb" "sis" "s" "isi" "sss" \
	"sss" "iss"

/* Requests an expert is working on, for its load. */
#define EXPERT_OPEN "(SELECT COUNT(*) FROM aid_request y WHERE " \
	"y.expert_id = ex.id AND y.status IN ('assigned', 'in_progress'))"
#define EXPERT_COLS "ex.id, ex.staff_user_id, ex.name, ex.organisation, " \
	"ex.organisation_norm, ex.organisation_uscc, ex.countries, " \
	"ex.ip_types, ex.languages, ex.available, ex.max_open, " \
	EXPERT_OPEN ", u.username FROM aid_expert ex LEFT JOIN staff_user u " \
	"ON u.id = ex.staff_user_id"
#define EXPERT_TYPES "iisssssssiiis"

/* The queue's order: the priority band today (args: the urgent and high
 * limit days, whether small firms go first), small firms first within
 * a band, then the nearest deadline. */
#define AID_ORDER \
	"CASE WHEN a.deadline IS NOT NULL AND a.deadline < ? THEN 0 " \
	"WHEN a.deadline IS NOT NULL AND a.deadline < ? THEN 1 " \
	"WHEN ? = 1 AND a.e_size IN ('micro', 'small') THEN 1 ELSE 2 END, " \
	"FIELD(a.e_size, 'micro', 'small', 'medium', 'large'), " \
	"a.deadline IS NULL, a.deadline, a.id"

/* Open states, for duplicate suggestions. */
#define OPEN_STATES "('submitted', 'accepted', 'assigned', 'suspended', " \
	"'mediating')"

static const struct stmtdef sqls[SQL__MAX] = {
	[SQL_BEGIN] = { "begin", "START TRANSACTION", "" },
	[SQL_COMMIT] = { "commit", "COMMIT", "" },
	[SQL_ROLLBACK] = { "rollback", "ROLLBACK", "" },
	[SQL_PING] = { "ping", "SELECT 1", "i" },

	[SQL_LIMITS] = { "limits",
	    "SELECT code, amount, unit FROM time_limit", "sis" },
	[SQL_CAL_YEARS] = { "cal_years",
	    "SELECT year, status = 'official' FROM calendar_year", "ii" },
	[SQL_CAL_DAYS] = { "cal_days",
	    "SELECT YEAR(day) * 10000 + MONTH(day) * 100 + DAYOFMONTH(day), "
	    "kind = 'makeup' FROM calendar_day ORDER BY day", "ii" },
	[SQL_DISTRICTS] = { "districts",
	    "SELECT code, name_zh, name_en FROM district WHERE active = 1 "
	    "ORDER BY code", "sss" },

	[SQL_COMPLAINT_INSERT] = { "complaint_insert",
	    "INSERT INTO complaint (no, kind, status, ip_type, scene, "
	    "exhibition_name, exhibition_booth, exhibition_end, title, "
	    "description, demands, district, channel, c_name, c_id_type, "
	    "c_id_number, c_phone, c_email, c_address, r_name, r_name_norm, "
	    "r_uscc, r_regno, r_address, r_shop_url, r_shop_host, r_platform, "
	    "fast_track, received_at, received_day, accept_due, "
	    "accept_due_provisional, access_hash, updated_at, api_key_id, "
	    "r_shop_norm, next_due) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "" },
	[SQL_RIGHT_INSERT] = { "right_insert",
	    "INSERT INTO complaint_right (complaint_id, seq, type, number) "
	    "VALUES (?, ?, ?, ?)", "" },
	/* Columns in the order of enum complaint_col. */
	[SQL_COMPLAINT_GET] = { "complaint_get",
	    "SELECT " COMPLAINT_COLS " WHERE c.no = ?", COMPLAINT_TYPES },
	[SQL_COMPLAINT_LOCK] = { "complaint_lock",
	    "SELECT id, status FROM complaint WHERE id = ? FOR UPDATE", "is" },
	[SQL_RIGHTS_OF] = { "rights_of",
	    "SELECT type, number FROM complaint_right WHERE complaint_id = ? "
	    "ORDER BY seq", "ss" },

	[SQL_EVENT_LAST] = { "event_last",
	    "SELECT seq, hash FROM case_event WHERE case_type = ? AND "
	    "case_id = ? ORDER BY seq DESC LIMIT 1", "ib" },
	[SQL_EVENT_INSERT] = { "event_insert",
	    "INSERT INTO case_event (case_type, case_id, seq, at, actor, "
	    "action, from_status, to_status, public, detail, request_id, "
	    "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "" },
	[SQL_EVENTS_PUBLIC] = { "events_public",
	    "SELECT " DT("at") ", action, from_status, to_status, detail "
	    "FROM case_event WHERE case_type = ? AND case_id = ? AND "
	    "public = 1 ORDER BY seq", "sssss" },

	[SQL_EVIDENCE_INSERT] = { "evidence_insert",
	    "INSERT INTO evidence (case_type, case_id, sha256, size, mime, "
	    "ext, filename, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "" },
	[SQL_EVIDENCE_OF] = { "evidence_of",
	    "SELECT sha256, size, mime, filename, " DT("uploaded_at") " FROM "
	    "evidence WHERE case_type = ? AND case_id = ? ORDER BY id",
	    "sisss" },
	[SQL_EVIDENCE_COUNT] = { "evidence_count",
	    "SELECT COUNT(*) FROM evidence WHERE case_type = ? AND "
	    "case_id = ?", "i" },
	[SQL_EVIDENCE_GET] = { "evidence_get",
	    "SELECT sha256, size, mime, ext, filename FROM evidence WHERE "
	    "case_type = ? AND case_id = ? AND sha256 = ?", "sisss" },

	[SQL_IDEM_CLAIM] = { "idem_claim",
	    "INSERT INTO idempotency (scope, key_hash, body_hash, created_at) "
	    "VALUES (?, ?, ?, ?)", "" },
	[SQL_IDEM_GET] = { "idem_get",
	    "SELECT body_hash, status, location, sealed FROM idempotency "
	    "WHERE scope = ? AND key_hash = ?", "bisb" },
	[SQL_IDEM_STORE] = { "idem_store",
	    "UPDATE idempotency SET status = ?, location = ?, sealed = ? "
	    "WHERE scope = ? AND key_hash = ?", "" },
	[SQL_IDEM_PURGE] = { "idem_purge",
	    "DELETE FROM idempotency WHERE created_at < ? LIMIT 1000", "" },

	[SQL_THROTTLE_GET] = { "throttle_get",
	    "SELECT bucket, failures FROM throttle WHERE bucket IN (?, ?) "
	    "AND window_start > ?", "bi" },
	/* One failure more in the current window, or the first of a new
	 * window when the old one has passed (args: bucket, now, window
	 * start limit, now). */
	[SQL_THROTTLE_HIT] = { "throttle_hit",
	    "INSERT INTO throttle (bucket, window_start, failures) VALUES "
	    "(?, ?, 1) ON DUPLICATE KEY UPDATE "
	    "failures = IF(window_start > ?, failures + 1, 1), "
	    "window_start = IF(failures = 1, ?, window_start)", "" },
	[SQL_THROTTLE_CLEAR] = { "throttle_clear",
	    "DELETE FROM throttle WHERE window_start < ? LIMIT 1000", "" },

	[SQL_MIG_TABLE] = { "mig_table",
	    "CREATE TABLE IF NOT EXISTS schema_migration ("
	    "version INT UNSIGNED NOT NULL PRIMARY KEY, "
	    "name VARCHAR(200) NOT NULL, checksum CHAR(64) NOT NULL, "
	    "applied_at DATETIME(3) NOT NULL) ENGINE=InnoDB "
	    "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci", "" },
	[SQL_MIG_LIST] = { "mig_list",
	    "SELECT version, name, checksum FROM schema_migration "
	    "ORDER BY version", "iss" },
	[SQL_MIG_RECORD] = { "mig_record",
	    "INSERT INTO schema_migration (version, name, checksum, "
	    "applied_at) VALUES (?, ?, ?, ?)", "" },

	[SQL_CAL_YEAR_PUT] = { "cal_year_put",
	    "REPLACE INTO calendar_year (year, status, source, loaded_at) "
	    "VALUES (?, ?, ?, ?)", "" },
	[SQL_CAL_DAYS_CLEAR] = { "cal_days_clear",
	    "DELETE FROM calendar_day WHERE day BETWEEN ? AND ?", "" },
	[SQL_CAL_DAY_PUT] = { "cal_day_put",
	    "INSERT INTO calendar_day (day, kind, name) VALUES (?, ?, ?)", "" },
	[SQL_LIMIT_SET] = { "limit_set",
	    "UPDATE time_limit SET amount = ?, unit = ? WHERE code = ?", "" },

	/* args: token hash, now, idle limit (last use must be later) */
	[SQL_TOKEN_LOOKUP] = { "token_lookup",
	    "SELECT u.id, u.username, u.display_name, u.roles, "
	    "u.department_id, d.code, " DT("t.last_used_at") " FROM auth_token t "
	    "JOIN staff_user u ON u.id = t.user_id LEFT JOIN department d ON "
	    "d.id = u.department_id WHERE t.token_hash = ? AND "
	    "t.revoked_at IS NULL AND u.disabled = 0 AND t.expires_at > ? AND "
	    "t.last_used_at > ?", "issiiss" },
	[SQL_TOKEN_TOUCH] = { "token_touch",
	    "UPDATE auth_token SET last_used_at = ? WHERE token_hash = ?", "" },
	[SQL_TOKEN_INSERT] = { "token_insert",
	    "INSERT INTO auth_token (token_hash, user_id, created_at, "
	    "last_used_at, expires_at) VALUES (?, ?, ?, ?, ?)", "" },
	[SQL_TOKEN_REVOKE] = { "token_revoke",
	    "UPDATE auth_token SET revoked_at = ? WHERE token_hash = ? AND "
	    "revoked_at IS NULL", "" },
	[SQL_TOKEN_REVOKE_USER] = { "token_revoke_user",
	    "UPDATE auth_token SET revoked_at = ? WHERE user_id = ? AND "
	    "revoked_at IS NULL", "" },
	[SQL_USER_BY_NAME] = { "user_by_name",
	    "SELECT u.id, u.username, u.display_name, u.password_hash, u.roles, "
	    "u.department_id, d.code, u.disabled FROM staff_user u LEFT JOIN "
	    "department d ON d.id = u.department_id WHERE u.username = ?",
	    "isssiisi" },
	[SQL_STAFF_BY_NAME] = { "staff_by_name",
	    "SELECT u.id, u.roles, u.department_id, u.disabled, d.code FROM "
	    "staff_user u LEFT JOIN department d ON d.id = u.department_id "
	    "WHERE u.username = ?", "iiiis" },
	[SQL_USER_INSERT] = { "user_insert",
	    "INSERT INTO staff_user (username, display_name, password_hash, "
	    "roles, department_id, created_at, password_changed_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?)", "" },
	[SQL_USER_LIST] = { "user_list",
	    "SELECT u.id, u.username, u.display_name, u.roles, d.code, "
	    "u.disabled FROM staff_user u LEFT JOIN department d ON "
	    "d.id = u.department_id ORDER BY u.username", "issisi" },
	[SQL_USER_SET_DISABLED] = { "user_set_disabled",
	    "UPDATE staff_user SET disabled = ? WHERE id = ?", "" },
	[SQL_USER_SET_PASSWORD] = { "user_set_password",
	    "UPDATE staff_user SET password_hash = ?, password_changed_at = ? "
	    "WHERE id = ?", "" },
	[SQL_APIKEY_LOOKUP] = { "apikey_lookup",
	    "SELECT id, name, channel FROM api_key WHERE key_hash = ? AND "
	    "disabled = 0", "iss" },
	[SQL_APIKEY_INSERT] = { "apikey_insert",
	    "INSERT INTO api_key (name, key_hash, channel, created_at) VALUES "
	    "(?, ?, ?, ?)", "" },
	[SQL_APIKEY_LIST] = { "apikey_list",
	    "SELECT name, channel, disabled, " DT("created_at") " FROM api_key "
	    "ORDER BY name", "ssis" },
	[SQL_APIKEY_SET_DISABLED] = { "apikey_set_disabled",
	    "UPDATE api_key SET disabled = ? WHERE name = ?", "" },
	[SQL_THROTTLE_RESET] = { "throttle_reset",
	    "DELETE FROM throttle WHERE bucket = ?", "" },
	[SQL_DEPTS] = { "depts",
	    "SELECT id, code, name_zh, name_en FROM department WHERE active = 1 "
	    "ORDER BY code", "isss" },
	[SQL_DEPT_INSERT] = { "dept_insert",
	    "INSERT INTO department (code, name_zh, name_en) VALUES (?, ?, ?)",
	    "" },
	[SQL_SETTINGS] = { "settings", "SELECT code, value FROM setting", "si" },

	[SQL_COMPLAINT_LOCK_FULL] = { "complaint_lock_full",
	    "SELECT " COMPLAINT_COLS " WHERE c.id = ? FOR UPDATE",
	    COMPLAINT_TYPES },
	/* Every workflow column; the order matches complaint_save(). */
	[SQL_COMPLAINT_SAVE] = { "complaint_save",
	    "UPDATE complaint SET status = ?, department_id = ?, "
	    "assignee_id = ?, reject_ground = ?, extended = ?, "
	    "suspended_at = ?, suspend_reason = ?, decided_at = ?, "
	    "accept_due = ?, accept_due_provisional = ?, notify_due = ?, "
	    "notify_due_provisional = ?, notified_at = ?, resolve_due = ?, "
	    "resolve_due_provisional = ?, resolved_at = ?, outcome = ?, "
	    "closed_at = ?, next_due = ?, merged_into = ?, feedback_score = ?, "
	    "feedback_comment = ?, feedback_at = ?, fine_fen = ?, "
	    "confiscation_fen = ?, reward_level = ?, reporter_relation = ?, "
	    "reward_fen = ?, reward_note = ?, public_reply = ?, updated_at = ? "
	    "WHERE id = ?", "" },
	/* The staff queue: each filter is skipped when its first value is
	 * NULL; keyset pagination by id (newest first). */
	[SQL_COMPLAINT_QUEUE] = { "complaint_queue",
	    "SELECT " COMPLAINT_COLS " WHERE "
	    "(? IS NULL OR c.status = ?) AND (? IS NULL OR c.kind = ?) AND "
	    "(? IS NULL OR c.ip_type = ?) AND (? IS NULL OR c.scene = ?) AND "
	    "(? IS NULL OR c.department_id = ?) AND "
	    "(? IS NULL OR c.assignee_id = ?) AND "
	    "(? IS NULL OR c.received_day >= ?) AND "
	    "(? IS NULL OR c.received_day <= ?) AND "
	    "(? IS NULL OR c.title LIKE ? OR c.description LIKE ? OR "
	    "c.r_name LIKE ?) AND "
	    "(? IS NULL OR c.next_due < ?) AND "
	    "(? IS NULL OR c.next_due BETWEEN ? AND ?) AND "
	    "(? IS NULL OR c.next_due > ?) AND "
	    "(? IS NULL OR c.id < ?) "
	    "ORDER BY c.id DESC LIMIT ?", COMPLAINT_TYPES },
	[SQL_COMPLAINT_SWEEP] = { "complaint_sweep",
	    "SELECT id FROM complaint WHERE status = 'resolved' AND "
	    "resolved_at < ? ORDER BY id LIMIT 500", "i" },
	[SQL_EVENTS_ALL] = { "events_all",
	    "SELECT seq, " DT("at") ", actor, action, from_status, to_status, "
	    "public, detail, request_id, hash FROM case_event WHERE "
	    "case_type = ? AND case_id = ? ORDER BY seq", "isssssissb" },
	[SQL_AUDIT_WALK] = { "audit_walk",
	    "SELECT id, case_type, case_id, seq, " DT("at") ", actor, action, "
	    "from_status, to_status, public, detail, request_id, prev_hash, "
	    "hash FROM case_event WHERE id > ? ORDER BY id LIMIT 1000",
	    "isiisssssissbb" },
	[SQL_DUP_BY_USCC] = { "dup_by_uscc",
	    "SELECT id FROM complaint WHERE r_uscc = ? AND id <> ? AND "
	    "status IN " OPEN_STATES " ORDER BY id DESC LIMIT 20", "i" },
	[SQL_DUP_BY_NAME] = { "dup_by_name",
	    "SELECT id FROM complaint WHERE r_name_norm = ? AND id <> ? AND "
	    "status IN " OPEN_STATES " ORDER BY id DESC LIMIT 20", "i" },
	[SQL_DUP_BY_SHOP] = { "dup_by_shop",
	    "SELECT id FROM complaint WHERE r_shop_norm = ? AND id <> ? AND "
	    "status IN " OPEN_STATES " ORDER BY id DESC LIMIT 20", "i" },
	/* Newest first along complaint_right_lookup, stopping at 20. */
	[SQL_DUP_BY_RIGHT] = { "dup_by_right",
	    "SELECT r.complaint_id FROM complaint_right r JOIN complaint c ON "
	    "c.id = r.complaint_id WHERE r.type = ? AND r.number = ? AND "
	    "r.complaint_id <> ? AND c.status IN " OPEN_STATES
	    " ORDER BY r.complaint_id DESC LIMIT 20", "i" },
	[SQL_DUP_INSERT] = { "dup_insert",
	    "INSERT INTO complaint_dup (complaint_id, other_id, reasons) "
	    "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE reasons = VALUES(reasons)",
	    "" },
	/* args: id, id, id */
	[SQL_DUPS_OF] = { "dups_of",
	    "SELECT c.no, c.kind, c.status, x.reasons, c.department_id FROM "
	    "complaint_dup x JOIN complaint c ON c.id = IF(x.complaint_id = ?, "
	    "x.other_id, x.complaint_id) WHERE (x.complaint_id = ? OR "
	    "x.other_id = ?) AND c.status IN " OPEN_STATES " ORDER BY c.id DESC",
	    "ssssi" },

	/* 49 values: see mediation_insert() for the order. */
	[SQL_MEDIATION_INSERT] = { "mediation_insert",
	    "INSERT INTO mediation (no, source, status, ip_type, industry, "
	    "subject, claim, amount_fen, description, online, complaint_id, "
	    "court_name, court_case_no, court_received, "
	    "a_type, a_name, a_name_norm, a_id_type, a_id_number, a_uscc, "
	    "a_phone, a_email, a_address, a_agent_name, a_agent_phone, "
	    "a_agent_authority, "
	    "r_type, r_name, r_name_norm, r_id_type, r_id_number, r_uscc, "
	    "r_phone, r_email, r_address, r_agent_name, r_agent_phone, "
	    "r_agent_authority, "
	    "received_at, received_day, access_hash, accept_due, "
	    "accept_due_provisional, decided_at, limit_due, "
	    "limit_due_provisional, started_at, next_due, updated_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "" },
	[SQL_MEDIATION_GET] = { "mediation_get",
	    "SELECT " MEDIATION_COLS " WHERE m.no = ?", MEDIATION_TYPES },
	[SQL_MEDIATION_LOCK] = { "mediation_lock",
	    "SELECT " MEDIATION_COLS " WHERE m.id = ? FOR UPDATE",
	    MEDIATION_TYPES },
	/* The order matches mediation_save(). */
	[SQL_MEDIATION_SAVE] = { "mediation_save",
	    "UPDATE mediation SET status = ?, accept_due = ?, "
	    "accept_due_provisional = ?, decided_at = ?, decline_reason = ?, "
	    "consent_due = ?, consent_due_provisional = ?, consent_at = ?, "
	    "mediator_id = ?, mediator_accepted = ?, mediator_due = ?, "
	    "mediator_due_provisional = ?, limit_due = ?, "
	    "limit_due_provisional = ?, extensions = ?, started_at = ?, "
	    "agreed_at = ?, amount_agreed_fen = ?, confirm_until = ?, "
	    "confirm_requested_at = ?, ruling_no = ?, confirmed_at = ?, "
	    "fulfilled_at = ?, failure_ground = ?, failed_at = ?, "
	    "notify_due = ?, notify_due_provisional = ?, notified_at = ?, "
	    "closed_at = ?, next_due = ?, duration_wd = ?, feedback_score = ?, "
	    "feedback_comment = ?, feedback_at = ?, mediator_accepted_at = ?, "
	    "updated_at = ? WHERE id = ?", "" },
	/* Filters skipped when their first value is NULL; a mediator's own
	 * cases only when the mediator filter is set; newest first. */
	[SQL_MEDIATION_QUEUE] = { "mediation_queue",
	    "SELECT " MEDIATION_COLS " WHERE "
	    "(? IS NULL OR m.status = ?) AND (? IS NULL OR m.source = ?) AND "
	    "(? IS NULL OR m.ip_type = ?) AND (? IS NULL OR m.mediator_id = ?) "
	    "AND (? IS NULL OR m.next_due < ?) AND "
	    "(? IS NULL OR m.next_due BETWEEN ? AND ?) AND "
	    "(? IS NULL OR m.subject LIKE ? OR m.a_name LIKE ? OR "
	    "m.r_name LIKE ?) AND (? IS NULL OR m.id < ?) "
	    "ORDER BY m.id DESC LIMIT ?", MEDIATION_TYPES },
	[SQL_MEDIATION_SWEEP] = { "mediation_sweep",
	    "SELECT id FROM mediation WHERE next_due IS NOT NULL AND "
	    "next_due < ? AND id > ? ORDER BY id LIMIT 500", "i" },
	[SQL_MSESSION_COUNT] = { "msession_count",
	    "SELECT COUNT(*) FROM mediation_session WHERE mediation_id = ?",
	    "i" },
	[SQL_MSESSION_INSERT] = { "msession_insert",
	    "INSERT INTO mediation_session (mediation_id, seq, at, mode, place, "
	    "attendees, notes, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    "" },
	[SQL_MSESSIONS_OF] = { "msessions_of",
	    "SELECT seq, " DT("at") ", mode, place, attendees, notes FROM "
	    "mediation_session WHERE mediation_id = ? ORDER BY seq", "isssss" },
	[SQL_MAGREEMENT_PUT] = { "magreement_put",
	    "REPLACE INTO mediation_agreement (mediation_id, facts, "
	    "disputed_points, obligations, amount_fen, performance_manner, "
	    "performance_deadline, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    "" },
	[SQL_MAGREEMENT_GET] = { "magreement_get",
	    "SELECT facts, disputed_points, obligations, amount_fen, "
	    "performance_manner, " D("performance_deadline") ", "
	    DT("signed_at") " FROM mediation_agreement WHERE mediation_id = ?",
	    "sssisss" },
	[SQL_MEDIATOR_INSERT] = { "mediator_insert",
	    "INSERT INTO mediator (staff_user_id, name, organisation, "
	    "organisation_norm, organisation_uscc, ip_types, industries, "
	    "available, max_open, created_at, updated_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "" },
	[SQL_MEDIATOR_UPDATE] = { "mediator_update",
	    "UPDATE mediator SET ip_types = ?, industries = ?, available = ?, "
	    "max_open = ?, updated_at = ? WHERE id = ?", "" },
	[SQL_MEDIATOR_LIST] = { "mediator_list",
	    "SELECT " MEDIATOR_COLS " ORDER BY md.id", MEDIATOR_TYPES },
	[SQL_MEDIATOR_GET] = { "mediator_get",
	    "SELECT " MEDIATOR_COLS " WHERE md.id = ?", MEDIATOR_TYPES },
	[SQL_MEDIATOR_BY_USER] = { "mediator_by_user",
	    "SELECT " MEDIATOR_COLS " WHERE md.staff_user_id = ?",
	    MEDIATOR_TYPES },
	/* Available mediators not excluded from the case, least loaded
	 * first; speciality and recusal are checked in mediator.c. */
	[SQL_MCANDIDATES] = { "mcandidates",
	    "SELECT " MEDIATOR_COLS " WHERE md.available = 1 AND md.id NOT IN "
	    "(SELECT mediator_id FROM mediator_exclusion WHERE "
	    "mediation_id = ?) ORDER BY " MEDIATOR_OPEN ", md.id",
	    MEDIATOR_TYPES },
	[SQL_MEXCLUDE] = { "mexclude",
	    "INSERT IGNORE INTO mediator_exclusion (mediation_id, mediator_id, "
	    "reason, note, at) VALUES (?, ?, ?, ?, ?)", "" },
	[SQL_MEXCLUSIONS_OF] = { "mexclusions_of",
	    "SELECT e.mediator_id, md.name, e.reason, " DT("e.at") " FROM "
	    "mediator_exclusion e JOIN mediator md ON md.id = e.mediator_id "
	    "WHERE e.mediation_id = ? ORDER BY e.at", "isss" },
	[SQL_COMPLAINT_SET_MEDIATION] = { "complaint_set_mediation",
	    "UPDATE complaint SET mediation_id = ? WHERE id = ?", "" },

	/* 29 values: see aid_insert() for the order. */
	[SQL_AID_INSERT] = { "aid_insert",
	    "INSERT INTO aid_request (no, status, priority, priority_rank, "
	    "e_name, e_name_norm, e_uscc, e_size, e_industry, c_name, c_phone, "
	    "c_email, aid_type, countries, ip_types, opposing_party, "
	    "opposing_norm, forum, deadline, amount_at_stake_fen, insured, "
	    "description, received_at, received_day, access_hash, accept_due, "
	    "accept_due_provisional, next_due, updated_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?)", "" },
	[SQL_AID_GET] = { "aid_get",
	    "SELECT " AID_COLS " WHERE a.no = ?", AID_TYPES },
	[SQL_AID_LOCK] = { "aid_lock",
	    "SELECT " AID_COLS " WHERE a.id = ? FOR UPDATE", AID_TYPES },
	/* The order matches aid_save(). */
	[SQL_AID_SAVE] = { "aid_save",
	    "UPDATE aid_request SET status = ?, major = ?, decided_at = ?, "
	    "decline_reason = ?, expert_id = ?, assigned_at = ?, "
	    "started_at = ?, concluded_at = ?, outcome = ?, conclusion = ?, "
	    "closed_at = ?, next_due = ?, feedback_score = ?, "
	    "feedback_comment = ?, feedback_at = ?, updated_at = ? "
	    "WHERE id = ?", "" },
	/* Filters skipped when their first value is NULL; args then the
	 * order's three and limit, offset. */
	[SQL_AID_QUEUE] = { "aid_queue",
	    "SELECT " AID_COLS " WHERE "
	    "(? IS NULL OR a.status = ?) AND (? IS NULL OR a.aid_type = ?) AND "
	    "(? IS NULL OR FIND_IN_SET(?, a.countries) > 0) AND "
	    "(? IS NULL OR a.expert_id = ?) AND (? IS NULL OR a.major = ?) AND "
	    "(? IS NULL OR (a.deadline < ? AND a.status IN ('submitted', "
	    "'accepted', 'assigned', 'in_progress'))) AND "
	    "(? IS NULL OR a.e_name LIKE ? OR a.description LIKE ? OR "
	    "a.opposing_party LIKE ?) "
	    "ORDER BY " AID_ORDER " LIMIT ? OFFSET ?", AID_TYPES },
	[SQL_AID_RIGHT_INSERT] = { "aid_right_insert",
	    "INSERT INTO aid_right (request_id, seq, type, country, number) "
	    "VALUES (?, ?, ?, ?, ?)", "" },
	[SQL_AID_RIGHTS_OF] = { "aid_rights_of",
	    "SELECT type, country, number FROM aid_right WHERE request_id = ? "
	    "ORDER BY seq", "sss" },
	[SQL_AID_RECORD_COUNT] = { "aid_record_count",
	    "SELECT COUNT(*) FROM aid_record WHERE request_id = ?", "i" },
	[SQL_AID_RECORD_INSERT] = { "aid_record_insert",
	    "INSERT INTO aid_record (request_id, seq, kind, on_day, summary, "
	    "advice, documents, next_steps, recorded_by, recorded_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "" },
	[SQL_AID_RECORDS_OF] = { "aid_records_of",
	    "SELECT seq, kind, " D("on_day") ", summary, advice, documents, "
	    "next_steps, recorded_by FROM aid_record WHERE request_id = ? "
	    "ORDER BY seq", "isssssss" },
	[SQL_EXPERT_INSERT] = { "expert_insert",
	    "INSERT INTO aid_expert (staff_user_id, name, organisation, "
	    "organisation_norm, organisation_uscc, countries, ip_types, "
	    "languages, available, max_open, created_at, updated_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "" },
	[SQL_EXPERT_UPDATE] = { "expert_update",
	    "UPDATE aid_expert SET countries = ?, ip_types = ?, languages = ?, "
	    "available = ?, max_open = ?, updated_at = ? WHERE id = ?", "" },
	[SQL_EXPERT_LIST] = { "expert_list",
	    "SELECT " EXPERT_COLS " ORDER BY ex.id", EXPERT_TYPES },
	[SQL_EXPERT_GET] = { "expert_get",
	    "SELECT " EXPERT_COLS " WHERE ex.id = ?", EXPERT_TYPES },
	[SQL_EXPERT_BY_USER] = { "expert_by_user",
	    "SELECT " EXPERT_COLS " WHERE ex.staff_user_id = ?", EXPERT_TYPES },
	[SQL_ECANDIDATES] = { "ecandidates",
	    "SELECT " EXPERT_COLS " WHERE ex.available = 1 AND ex.id NOT IN "
	    "(SELECT expert_id FROM aid_exclusion WHERE request_id = ?) "
	    "ORDER BY " EXPERT_OPEN ", ex.id", EXPERT_TYPES },
	[SQL_AEXCLUDE] = { "aexclude",
	    "INSERT IGNORE INTO aid_exclusion (request_id, expert_id, reason, "
	    "note, at) VALUES (?, ?, ?, ?, ?)", "" },
	[SQL_SUBSIDY_INSERT] = { "subsidy_insert",
	    "INSERT INTO aid_subsidy (request_id, e_uscc, status, claimed_fen, "
	    "items, submitted_at) VALUES (?, ?, 'submitted', ?, ?, ?)", "" },
	[SQL_SUBSIDIES_OF] = { "subsidies_of",
	    "SELECT id, status, claimed_fen, items, " DT("submitted_at") ", "
	    "approved_costs_fen, grant_fen, grant_year, " DT("decided_at") ", "
	    "decision_note, " DT("paid_at") ", payment_ref FROM aid_subsidy "
	    "WHERE request_id = ? ORDER BY id", "isiss" "iiisss" "s" },
	[SQL_SUBSIDY_LOCK] = { "subsidy_lock",
	    "SELECT status, claimed_fen FROM aid_subsidy WHERE id = ? AND "
	    "request_id = ? FOR UPDATE", "si" },
	[SQL_SUBSIDY_DECIDE] = { "subsidy_decide",
	    "UPDATE aid_subsidy SET status = ?, approved_costs_fen = ?, "
	    "grant_fen = ?, grant_year = ?, decided_at = ?, decision_note = ? "
	    "WHERE id = ?", "" },
	[SQL_SUBSIDY_PAY] = { "subsidy_pay",
	    "UPDATE aid_subsidy SET status = 'paid', paid_at = ?, "
	    "payment_ref = ? WHERE id = ?", "" },
	[SQL_ALLOWANCE_ENSURE] = { "allowance_ensure",
	    "INSERT IGNORE INTO aid_allowance (e_uscc, year, granted_fen) "
	    "VALUES (?, ?, 0)", "" },
	[SQL_ALLOWANCE_LOCK] = { "allowance_lock",
	    "SELECT granted_fen FROM aid_allowance WHERE e_uscc = ? AND "
	    "year = ? FOR UPDATE", "i" },
	[SQL_ALLOWANCE_ADD] = { "allowance_add",
	    "UPDATE aid_allowance SET granted_fen = granted_fen + ? WHERE "
	    "e_uscc = ? AND year = ?", "" },
	[SQL_ALLOWANCE_GET] = { "allowance_get",
	    "SELECT granted_fen FROM aid_allowance WHERE e_uscc = ? AND "
	    "year = ?", "i" },
	/* ---- credit disclosure ---- */
	[SQL_CREDIT_INSERT] = { "credit_insert",
	    "INSERT INTO credit_record (kind, sjbm, state, version, published, "
	    "complaint_id, content, content_sha256, party_name, party_kind, "
	    "party_uscc, business_key, doc_no, decided_on, categories, "
	    "serious, ip_infringement, intentional, office_until, repair_from, "
	    "push_due, push_due_provisional, delivery, created_by, created_at, "
	    "updated_at) VALUES (?, ?, 'active', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "" },
	[SQL_CREDIT_GET] = { "credit_get",
	    "SELECT " CREDIT_COLS " WHERE r.id = ? AND r.kind = ?",
	    CREDIT_TYPES },
	[SQL_CREDIT_BY_SJBM] = { "credit_by_sjbm",
	    "SELECT " CREDIT_COLS " WHERE r.sjbm = ?", CREDIT_TYPES },
	[SQL_CREDIT_LOCK] = { "credit_lock",
	    "SELECT " CREDIT_COLS " WHERE r.id = ? FOR UPDATE", CREDIT_TYPES },
	/* The order matches credit_save(). */
	[SQL_CREDIT_SAVE] = { "credit_save",
	    "UPDATE credit_record SET state = ?, version = ?, published = ?, "
	    "content = ?, content_sha256 = ?, party_name = ?, party_kind = ?, "
	    "party_uscc = ?, business_key = ?, doc_no = ?, decided_on = ?, "
	    "categories = ?, serious = ?, ip_infringement = ?, intentional = ?, "
	    "office_until = ?, repair_from = ?, push_due = ?, "
	    "push_due_provisional = ?, withdraw_due = ?, "
	    "withdraw_due_provisional = ?, delivery = ?, delivered_at = ?, "
	    "errors = ?, upstream_state = ?, upstream_version = ?, "
	    "upstream_sha256 = ?, upstream_repair_from = ?, upstream_until = ?, "
	    "upstream_checked_at = ?, revoked_at = ?, repaired_at = ?, "
	    "updated_at = ? WHERE id = ?", "" },
	/* Another live record of the same decision (or task) and party. */
	[SQL_CREDIT_BKEY] = { "credit_bkey",
	    "SELECT sjbm FROM credit_record WHERE kind = ? AND business_key = ? "
	    "AND state <> 'revoked' AND id <> ? LIMIT 1", "s" },
	/* Filters skipped when their first value is NULL; overdue: live and
	 * not yet on the platform past the push limit, or revoked and not
	 * withdrawn past the withdrawal limit; newest first. */
	[SQL_CREDIT_QUEUE] = { "credit_queue",
	    "SELECT " CREDIT_COLS " WHERE r.kind = ? AND "
	    "(? IS NULL OR r.state = ?) AND (? IS NULL OR r.delivery = ?) AND "
	    "(? IS NULL OR r.party_uscc = ?) AND (? IS NULL OR c.no = ?) AND "
	    "(? IS NULL OR r.party_name LIKE ? OR r.doc_no LIKE ?) AND "
	    "(? IS NULL OR (r.published = 1 AND r.state <> 'revoked' AND "
	    "r.delivered_at IS NULL AND r.push_due < ?) OR "
	    "(r.state = 'revoked' AND r.withdraw_due < ? AND "
	    "r.delivery <> 'delivered')) AND (? IS NULL OR r.id < ?) "
	    "ORDER BY r.id DESC LIMIT ?", CREDIT_TYPES },
	[SQL_CREDIT_LAST_REPAIR] = { "credit_last_repair",
	    "SELECT " DT("MAX(repaired_at)") " FROM credit_record WHERE "
	    "party_uscc = ? AND repaired_at IS NOT NULL AND id <> ?", "s" },
	[SQL_COMPLAINT_ID_BY_NO] = { "complaint_id_by_no",
	    "SELECT id FROM complaint WHERE no = ?", "i" },
	[SQL_OUTBOX_INSERT] = { "outbox_insert",
	    "INSERT INTO credit_outbox (record_id, kind, sjbm, op, seq, body, "
	    "state, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', "
	    "?, ?)", "" },
	/* The last seq of a record; whether a create reached the platform
	 * or still may. */
	[SQL_OUTBOX_SEQ] = { "outbox_seq",
	    "SELECT COALESCE(MAX(seq), 0), CAST(COALESCE(SUM(op = 'create' AND "
	    "state = 'done'), 0) AS SIGNED), CAST(COALESCE(SUM(op = 'create' "
	    "AND state IN ('pending', 'sending')), 0) AS SIGNED) FROM "
	    "credit_outbox WHERE record_id = ?", "iii" },
	[SQL_OUTBOX_OF] = { "outbox_of",
	    "SELECT id, op, seq, state, attempts, " DT("next_at") ", result, "
	    "upstream_version, " D("receipt_date") ", request_id, errors, "
	    "last_error, " DT("created_at") ", " DT("sent_at") ", "
	    DT("done_at") " FROM credit_outbox WHERE record_id = ? ORDER BY seq",
	    "isisiss" "isssssss" },
	[SQL_NAMED_LOCK] = { "named_lock",
	    "SELECT GET_LOCK(?, ?)", "i" },
	[SQL_NAMED_UNLOCK] = { "named_unlock",
	    "SELECT RELEASE_LOCK(?)", "i" },
	/* Rows to send now: waiting rows due, and rows whose sender's lease
	 * ran out; batches already formed first, so that a resend carries
	 * the same bytes. */
	[SQL_OUTBOX_READY] = { "outbox_ready",
	    "SELECT o.id, o.record_id, o.kind, o.sjbm, o.op, o.body, "
	    "o.batch_key, o.attempts, o.state FROM credit_outbox o WHERE "
	    "((o.state = 'pending' AND o.next_at <= ?) OR (o.state = 'sending' "
	    "AND o.lease_until < ?)) AND " OUTBOX_IN_ORDER " ORDER BY "
	    "o.batch_key IS NULL, o.batch_key, o.id LIMIT ?", "iisssbsis" },
	[SQL_OUTBOX_CLAIM] = { "outbox_claim",
	    "UPDATE credit_outbox SET state = 'sending', lease_owner = ?, "
	    "lease_until = ?, attempts = attempts + 1, batch_key = ?, "
	    "sent_at = ? WHERE id = ? AND (state = 'pending' OR "
	    "(state = 'sending' AND lease_until < ?))", "" },
	[SQL_OUTBOX_SETTLE] = { "outbox_settle",
	    "UPDATE credit_outbox SET state = ?, result = ?, "
	    "upstream_version = ?, upstream_state = ?, receipt_date = ?, "
	    "request_id = ?, errors = ?, last_error = ?, done_at = ?, "
	    "lease_owner = NULL, lease_until = NULL WHERE id = ? AND "
	    "state = 'sending' AND lease_owner = ?", "" },
	[SQL_OUTBOX_RETRY] = { "outbox_retry",
	    "UPDATE credit_outbox SET state = 'pending', next_at = ?, "
	    "last_error = ?, lease_owner = NULL, lease_until = NULL "
	    "WHERE id = ? AND state = 'sending' AND lease_owner = ?", "" },
	[SQL_OUTBOX_UNSETTLED] = { "outbox_unsettled",
	    "SELECT COUNT(*) FROM credit_outbox WHERE record_id = ? AND "
	    "state IN ('pending', 'sending')", "i" },
	[SQL_OUTBOX_STATS] = { "outbox_stats",
	    "SELECT state, COUNT(*), " DT("MIN(created_at)") " FROM "
	    "credit_outbox GROUP BY state ORDER BY state", "sis" },
	/* When the next waiting row becomes due, and how many wait. */
	[SQL_OUTBOX_NEXT_AT] = { "outbox_next_at",
	    "SELECT " DT("MIN(IF(state = 'pending', next_at, lease_until))")
	    ", COUNT(*) FROM credit_outbox WHERE state IN ('pending', "
	    "'sending')", "si" },
	[SQL_OUTBOX_DONE_BETWEEN] = { "outbox_done_between",
	    "SELECT record_id, sjbm, kind, op, attempts, " D("receipt_date")
	    " FROM credit_outbox WHERE state = 'done' AND done_at >= ? AND "
	    "done_at < ? ORDER BY id", "isssis" },
	[SQL_CREDIT_OVERDUE_COUNT] = { "credit_overdue_count",
	    "SELECT COUNT(*) FROM credit_record r WHERE (r.published = 1 AND "
	    "r.state <> 'revoked' AND r.delivered_at IS NULL AND "
	    "r.push_due < ?) OR (r.state = 'revoked' AND r.withdraw_due < ? "
	    "AND r.delivery <> 'delivered')",
	    "i" },
	[SQL_RUN_INSERT] = { "run_insert",
	    "INSERT INTO credit_sync_run (mode, host, pid, status, started_at, "
	    "heartbeat_at, reconcile_date) VALUES (?, ?, ?, 'running', ?, ?, "
	    "?)", "" },
	[SQL_RUN_UPDATE] = { "run_update",
	    "UPDATE credit_sync_run SET heartbeat_at = ?, requests = ?, "
	    "accepted = ?, duplicate = ?, rejected = ?, retried = ?, "
	    "unknown = ?, missing = ?, checked = ?, todo = ?, done = ?, "
	    "errors = ? WHERE id = ?", "" },
	[SQL_RUN_END] = { "run_end",
	    "UPDATE credit_sync_run SET status = ?, ended_at = ?, "
	    "heartbeat_at = ? WHERE id = ?", "" },
	[SQL_RUN_LIST] = { "run_list",
	    "SELECT id, mode, host, pid, status, " DT("started_at") ", "
	    DT("heartbeat_at") ", " DT("ended_at") ", " D("reconcile_date")
	    ", requests, accepted, duplicate, rejected, retried, unknown, "
	    "missing, checked, todo, done, errors FROM credit_sync_run WHERE "
	    "(? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?",
	    "issis" "ssss" "iiiiiiiiii" "s" },
	/* The published, live penalties of every party with enough
	 * IP-infringement penalties in the window, or an intentional one,
	 * within the office's publicity; by party, oldest first. */
	[SQL_INFRINGERS] = { "infringers",
	    "SELECT r.party_uscc, r.party_name, r.id, r.sjbm, r.doc_no, "
	    D("r.decided_on") ", r.intentional, r.ip_infringement, "
	    D("r.office_until") ", r.categories FROM credit_record r WHERE "
	    "r.kind = 'penalty' AND r.state = 'active' AND r.published = 1 "
	    "AND r.party_kind <> 'person' AND r.office_until >= ? AND "
	    "r.party_uscc IN (SELECT x.party_uscc FROM credit_record x WHERE "
	    "x.kind = 'penalty' AND x.state = 'active' AND x.published = 1 AND "
	    "x.party_kind <> 'person' AND x.party_uscc IS NOT NULL AND "
	    "x.office_until >= ? GROUP BY x.party_uscc HAVING "
	    "SUM(x.ip_infringement = 1 AND x.decided_on >= ?) >= ? OR "
	    "MAX(x.intentional) = 1) AND (? IS NULL OR r.party_uscc = ?) "
	    "ORDER BY r.party_uscc, r.decided_on, r.id", "ssiss" "siiss" },
	[SQL_WHITELIST_ADD] = { "whitelist_add",
	    "INSERT INTO credit_whitelist (uscc, name, industry, reason, "
	    "added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)", "" },
	[SQL_WHITELIST_LIST] = { "whitelist_list",
	    "SELECT w.id, w.uscc, w.name, w.industry, w.reason, u.username, "
	    DT("w.added_at") ", " DT("w.removed_at") ", w.remove_reason FROM "
	    "credit_whitelist w JOIN staff_user u ON u.id = w.added_by WHERE "
	    "(? IS NULL OR w.removed_at IS NULL) AND (? IS NULL OR w.id = ?) "
	    "ORDER BY w.id DESC LIMIT ?", "issss" "ssss" },
	[SQL_WHITELIST_GET] = { "whitelist_get",
	    "SELECT w.id, w.uscc, w.name, w.industry, w.reason, u.username, "
	    DT("w.added_at") ", " DT("w.removed_at") ", w.remove_reason FROM "
	    "credit_whitelist w JOIN staff_user u ON u.id = w.added_by WHERE "
	    "w.id = ?", "issss" "ssss" },
	[SQL_WHITELIST_REMOVE] = { "whitelist_remove",
	    "UPDATE credit_whitelist SET active = NULL, removed_by = ?, "
	    "removed_at = ?, remove_reason = ? WHERE id = ? AND "
	    "removed_at IS NULL", "" },
};

#define IDLE_PING_MS 5000

struct db {
	MYSQL		*conn;
	int		 up;
	MYSQL_STMT	*st[SQL__MAX];
	/* connection settings (owned copies) */
	char		*socket, *host, *name, *user, *password;
	int		 port, timeout;
	/* the open result set */
	MYSQL_STMT	*q;
	enum sqlstmt	 qs;
	MYSQL_BIND	 rb[DB_MAXCOLS];
	unsigned long	 rlen[DB_MAXCOLS];
	my_bool		 rnull[DB_MAXCOLS];
	my_bool		 rerr[DB_MAXCOLS];
	long long	 ri[DB_MAXCOLS];
	char		*rbuf[DB_MAXCOLS];
	size_t		 rcap[DB_MAXCOLS];
	/* last results */
	int64_t		 affected;
	int64_t		 insert_id;
	/* transactions */
	int		 txdepth;
	int		 txfailed;
	long long	 last_used_ms;
	const char	*rid;
};

struct dbval
dbstr(const char *s)
{
	return s == NULL ? dbnull() : dbstrn(s, strlen(s));
}

struct dbval
dbstrn(const char *s, size_t n)
{
	struct dbval v = { DBT_STR, 0, s, n };
	return v;
}

struct dbval
dbblob(const void *p, size_t n)
{
	struct dbval v = { DBT_BLOB, 0, p, n };
	return v;
}

struct dbval
dbnull(void)
{
	struct dbval v = { DBT_NULL, 0, NULL, 0 };
	return v;
}

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *
dupz(const char *s)
{
	return strdup(s != NULL ? s : "");
}

struct db *
db_new(const struct dbconf *c)
{
	struct db	*db;
	size_t		 i;

	/* Every statement of enum sqlstmt has its SQL (a forgotten table
	 * entry would otherwise be found at run time). */
	for (i = 0; i < SQL__MAX; i++)
		if (sqls[i].sql == NULL || sqls[i].cols == NULL ||
		    strlen(sqls[i].cols) > DB_MAXCOLS) {
			log_err(NULL, "db: statement %zu has no SQL", i);
			return NULL;
		}

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->socket = dupz(c->socket);
	db->host = dupz(c->host);
	db->name = dupz(c->name);
	db->user = dupz(c->user);
	db->password = dupz(c->password);
	db->port = c->port;
	db->timeout = c->timeout > 0 ? c->timeout : 30;
	if (!db->socket || !db->host || !db->name || !db->user ||
	    !db->password) {
		db_free(db);
		return NULL;
	}
	return db;
}

/* Closes every statement and the connection. */
static void
disconnect(struct db *db)
{
	size_t i;

	db_end(db);
	for (i = 0; i < SQL__MAX; i++)
		if (db->st[i] != NULL) {
			mysql_stmt_close(db->st[i]);
			db->st[i] = NULL;
		}
	if (db->conn != NULL)
		mysql_close(db->conn);
	db->conn = NULL;
	db->up = 0;
	db->txdepth = 0;
	db->txfailed = 0;
}

void
db_free(struct db *db)
{
	size_t i;

	if (db == NULL)
		return;
	disconnect(db);
	for (i = 0; i < DB_MAXCOLS; i++)
		free(db->rbuf[i]);
	free(db->socket);
	free(db->host);
	free(db->name);
	free(db->user);
	free(db->password);
	free(db);
}

void
db_set_rid(struct db *db, const char *rid)
{
	db->rid = rid;
}

static int
connect_now(struct db *db)
{
	unsigned int	 ct = 3, rw = (unsigned int)db->timeout;
	my_bool		 no = 0;

	if ((db->conn = mysql_init(NULL)) == NULL)
		return DB_GONE;
	mysql_optionsv(db->conn, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_optionsv(db->conn, MYSQL_OPT_READ_TIMEOUT, &rw);
	mysql_optionsv(db->conn, MYSQL_OPT_WRITE_TIMEOUT, &rw);
	mysql_optionsv(db->conn, MYSQL_OPT_RECONNECT, &no);
	mysql_optionsv(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(db->conn, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+08:00', innodb_lock_wait_timeout = 10, "
	    "tx_isolation = 'READ-COMMITTED', "
	    "sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
	    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
	if (mysql_real_connect(db->conn, db->socket[0] ? NULL : db->host,
	    db->user, db->password, db->name, (unsigned int)db->port,
	    db->socket[0] ? db->socket : NULL, 0) == NULL) {
		log_err(db->rid, "db: connect failed: %s", mysql_error(db->conn));
		mysql_close(db->conn);
		db->conn = NULL;
		return DB_GONE;
	}
	db->up = 1;
	db->last_used_ms = mono_ms();
	return DB_OK;
}

int
db_ensure(struct db *db)
{
	if (db->up && mono_ms() - db->last_used_ms > IDLE_PING_MS &&
	    db->txdepth == 0 && mysql_ping(db->conn) != 0) {
		log_warn(db->rid, "db: connection lost while idle, reconnecting");
		disconnect(db);
	}
	if (db->up)
		return DB_OK;
	return connect_now(db);
}

/* Maps a server or client error number to a result, dropping the
 * connection when it is gone. */
static int
classify(struct db *db, unsigned int e, const char *what, const char *msg)
{
	switch (e) {
	case ER_DUP_ENTRY:
	case ER_DUP_ENTRY_WITH_KEY_NAME:
		return DB_DUP;
	case ER_LOCK_DEADLOCK:
	case ER_LOCK_WAIT_TIMEOUT:
		log_warn(db->rid, "db: %s: %s", what, msg);
		return DB_LOCK;
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_SERVER_LOST_EXTENDED:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
		log_warn(db->rid, "db: %s: server gone (%u): %s", what, e, msg);
		disconnect(db);
		return DB_GONE;
	default:
		log_err(db->rid, "db: %s: error %u: %s", what, e, msg);
		return DB_ERR;
	}
}

/* The prepared statement s, preparing it on first use. */
static MYSQL_STMT *
stmt(struct db *db, enum sqlstmt s, int *rc)
{
	MYSQL_STMT *st;

	if (db->st[s] != NULL)
		return db->st[s];
	if ((st = mysql_stmt_init(db->conn)) == NULL) {
		*rc = DB_GONE;
		return NULL;
	}
	if (mysql_stmt_prepare(st, sqls[s].sql, strlen(sqls[s].sql)) != 0) {
		*rc = classify(db, mysql_stmt_errno(st), sqls[s].name,
		    mysql_stmt_error(st));
		mysql_stmt_close(st);
		return NULL;
	}
	if (mysql_stmt_field_count(st) != strlen(sqls[s].cols) ||
	    strlen(sqls[s].cols) > DB_MAXCOLS) {
		log_err(db->rid, "db: %s: %u result columns, table says %zu",
		    sqls[s].name, mysql_stmt_field_count(st),
		    strlen(sqls[s].cols));
		mysql_stmt_close(st);
		*rc = DB_ERR;
		return NULL;
	}
	db->st[s] = st;
	return st;
}

/* Binds args and executes.  Retries once on a fresh connection when the
 * old one turns out dead and nothing can have been applied: outside a
 * transaction, and the error came before the statement ran or the
 * statement only reads. */
static int
execute(struct db *db, enum sqlstmt s, const struct dbval *a, size_t n)
{
	MYSQL_BIND	 pb[DB_MAXARGS];
	unsigned long	 lens[DB_MAXARGS];
	long long	 ints[DB_MAXARGS];
	MYSQL_STMT	*st;
	size_t		 i;
	int		 rc = DB_ERR, attempt;
	unsigned int	 e;

	if (n > DB_MAXARGS)
		return DB_ERR;
	for (attempt = 0; attempt < 2; attempt++) {
		if (db_ensure(db) != DB_OK)
			return DB_GONE;
		if ((st = stmt(db, s, &rc)) == NULL)
			return rc;
		if (mysql_stmt_param_count(st) != n) {
			log_err(db->rid, "db: %s: %lu placeholders, %zu values",
			    sqls[s].name, mysql_stmt_param_count(st), n);
			return DB_ERR;
		}
		memset(pb, 0, sizeof(pb[0]) * (n ? n : 1));
		for (i = 0; i < n; i++) {
			switch (a[i].t) {
			case DBT_INT:
				ints[i] = a[i].i;
				pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
				pb[i].buffer = &ints[i];
				break;
			case DBT_STR:
			case DBT_BLOB:
				lens[i] = a[i].len;
				pb[i].buffer_type = a[i].t == DBT_STR ?
				    MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
				pb[i].buffer = (void *)(uintptr_t)a[i].p;
				pb[i].buffer_length = a[i].len;
				pb[i].length = &lens[i];
				break;
			default:
				pb[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			}
		}
		if ((n > 0 && mysql_stmt_bind_param(st, pb) != 0) ||
		    mysql_stmt_execute(st) != 0) {
			e = mysql_stmt_errno(st);
			rc = classify(db, e, sqls[s].name, mysql_stmt_error(st));
			if (rc == DB_GONE && attempt == 0 && db->txdepth == 0 &&
			    (e == CR_SERVER_GONE_ERROR ||
			    strncmp(sqls[s].sql, "SELECT", 6) == 0))
				continue;
			if (rc == DB_GONE || rc == DB_LOCK)
				db->txfailed = db->txdepth > 0;
			return rc;
		}
		db->last_used_ms = mono_ms();
		db->affected = (int64_t)mysql_stmt_affected_rows(st);
		db->insert_id = (int64_t)mysql_stmt_insert_id(st);
		return DB_OK;
	}
	return rc;
}

int
db_exec(struct db *db, enum sqlstmt s, const struct dbval *args, size_t n)
{
	int rc;

	db_end(db);
	if ((rc = execute(db, s, args, n)) == DB_OK && db->st[s] != NULL)
		mysql_stmt_free_result(db->st[s]);
	return rc;
}

int64_t
db_affected(const struct db *db)
{
	return db->affected;
}

int64_t
db_insert_id(const struct db *db)
{
	return db->insert_id;
}

/* Binds the result buffers of the open query by its column types. */
static int
bind_result(struct db *db)
{
	const char	*cols = sqls[db->qs].cols;
	size_t		 i, n = strlen(cols);

	memset(db->rb, 0, sizeof(db->rb[0]) * n);
	for (i = 0; i < n; i++) {
		db->rb[i].is_null = &db->rnull[i];
		db->rb[i].error = &db->rerr[i];
		db->rb[i].length = &db->rlen[i];
		if (cols[i] == 'i') {
			db->rb[i].buffer_type = MYSQL_TYPE_LONGLONG;
			db->rb[i].buffer = &db->ri[i];
			continue;
		}
		if (db->rbuf[i] == NULL) {
			if ((db->rbuf[i] = malloc(256)) == NULL)
				return DB_ERR;
			db->rcap[i] = 256;
		}
		db->rb[i].buffer_type = cols[i] == 'b' ? MYSQL_TYPE_BLOB :
		    MYSQL_TYPE_STRING;
		db->rb[i].buffer = db->rbuf[i];
		db->rb[i].buffer_length = db->rcap[i] - 1;
	}
	return mysql_stmt_bind_result(db->q, db->rb) == 0 ? DB_OK : DB_ERR;
}

int
db_query(struct db *db, enum sqlstmt s, const struct dbval *args, size_t n)
{
	int rc;

	db_end(db);
	if ((rc = execute(db, s, args, n)) != DB_OK)
		return rc;
	db->q = db->st[s];
	db->qs = s;
	if (mysql_stmt_store_result(db->q) != 0) {
		rc = classify(db, mysql_stmt_errno(db->q), sqls[s].name,
		    mysql_stmt_error(db->q));
		db->q = NULL;
		return rc;
	}
	if (bind_result(db) != DB_OK) {
		db_end(db);
		return DB_ERR;
	}
	return DB_OK;
}

/* Fetches the columns that did not fit and binds the larger buffers. */
static int
refetch_truncated(struct db *db)
{
	const char	*cols = sqls[db->qs].cols;
	size_t		 i, n = strlen(cols);

	for (i = 0; i < n; i++) {
		char *nb;

		if (cols[i] == 'i' || db->rnull[i] ||
		    db->rlen[i] < db->rcap[i])
			continue;
		if ((nb = realloc(db->rbuf[i], db->rlen[i] + 1)) == NULL)
			return DB_ERR;
		db->rbuf[i] = nb;
		db->rcap[i] = db->rlen[i] + 1;
		db->rb[i].buffer = nb;
		db->rb[i].buffer_length = db->rcap[i] - 1;
		if (mysql_stmt_fetch_column(db->q, &db->rb[i], (unsigned)i, 0))
			return DB_ERR;
	}
	return mysql_stmt_bind_result(db->q, db->rb) == 0 ? DB_OK : DB_ERR;
}

int
db_fetch(struct db *db, struct dbrow *row)
{
	const char	*cols;
	size_t		 i, n;
	int		 r;

	if (db->q == NULL)
		return 0;
	cols = sqls[db->qs].cols;
	n = strlen(cols);
	r = mysql_stmt_fetch(db->q);
	if (r == MYSQL_NO_DATA)
		return 0;
	if (r == MYSQL_DATA_TRUNCATED && refetch_truncated(db) != DB_OK)
		return DB_ERR;
	if (r != 0 && r != MYSQL_DATA_TRUNCATED)
		return classify(db, mysql_stmt_errno(db->q), sqls[db->qs].name,
		    mysql_stmt_error(db->q));
	row->n = n;
	for (i = 0; i < n; i++) {
		struct dbcol *c = &row->c[i];

		c->null = db->rnull[i] != 0;
		c->i = 0;
		c->s = "";
		c->len = 0;
		if (c->null)
			continue;
		if (cols[i] == 'i') {
			c->i = db->ri[i];
			continue;
		}
		db->rbuf[i][db->rlen[i]] = '\0';
		c->s = db->rbuf[i];
		c->len = db->rlen[i];
	}
	return 1;
}

void
db_end(struct db *db)
{
	if (db->q != NULL)
		mysql_stmt_free_result(db->q);
	db->q = NULL;
}

int
db_one(struct db *db, enum sqlstmt s, const struct dbval *args, size_t n,
    struct dbrow *row)
{
	int rc;

	if ((rc = db_query(db, s, args, n)) != DB_OK)
		return rc;
	rc = db_fetch(db, row);
	db_end(db);
	return rc;
}

int
db_begin(struct db *db)
{
	int rc;

	if (db->txdepth++ > 0)
		return DB_OK;
	db->txfailed = 0;
	if ((rc = db_exec(db, SQL_BEGIN, DBNOARGS)) != DB_OK)
		db->txdepth = 0;
	return rc;
}

int
db_commit(struct db *db)
{
	int rc;

	if (db->txdepth == 0)
		return DB_ERR;
	if (--db->txdepth > 0)
		return db->txfailed ? DB_ERR : DB_OK;
	if (db->txfailed) {
		db_exec(db, SQL_ROLLBACK, DBNOARGS);
		db->txfailed = 0;
		return DB_ERR;
	}
	rc = db_exec(db, SQL_COMMIT, DBNOARGS);
	return rc;
}

void
db_rollback(struct db *db)
{
	if (db->txdepth == 0)
		return;
	db->txfailed = 1;
	if (--db->txdepth > 0)
		return;
	if (db->up)
		db_exec(db, SQL_ROLLBACK, DBNOARGS);
	db->txfailed = 0;
}

bool
db_in_tx(const struct db *db)
{
	return db->txdepth > 0;
}

/* ---- scripts --------------------------------------------------------- */

/* Length of the next statement of sql (up to and excluding its ";"),
 * skipping quotes and comments; *next is where the following one starts.
 * *blank is set when the statement holds only white space and comments. */
static size_t
next_statement(const char *sql, size_t len, size_t *next, int *blank)
{
	size_t	 i = 0;
	char	 q = 0;

	*blank = 1;
	while (i < len) {
		char c = sql[i];

		if (q != 0) {
			if (c == '\\' && q != '`')
				i++;
			else if (c == q)
				q = 0;
			i++;
			continue;
		}
		if (c == '-' && i + 1 < len && sql[i + 1] == '-') {
			while (i < len && sql[i] != '\n')
				i++;
			continue;
		}
		if (c == '#') {
			while (i < len && sql[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && i + 1 < len && sql[i + 1] == '*') {
			for (i += 2; i + 1 < len &&
			    !(sql[i] == '*' && sql[i + 1] == '/'); i++)
				;
			i += 2;
			continue;
		}
		if (c == ';') {
			*next = i + 1;
			return i;
		}
		if (c == '\'' || c == '"' || c == '`')
			q = c;
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			*blank = 0;
		i++;
	}
	*next = len;
	return len;
}

int
db_script(struct db *db, const char *sql, size_t len, char *err,
    size_t errsz)
{
	size_t		 pos = 0, n, next;
	int		 blank, stno = 0;
	MYSQL_STMT	*st;

	if (db_ensure(db) != DB_OK) {
		snprintf(err, errsz, "database unreachable");
		return DB_GONE;
	}
	while (pos < len) {
		n = next_statement(sql + pos, len - pos, &next, &blank);
		stno++;
		if (!blank) {
			if ((st = mysql_stmt_init(db->conn)) == NULL) {
				snprintf(err, errsz, "out of memory");
				return DB_ERR;
			}
			if (mysql_stmt_prepare(st, sql + pos, n) != 0 ||
			    mysql_stmt_execute(st) != 0) {
				snprintf(err, errsz, "statement %d: %s", stno,
				    mysql_stmt_error(st));
				mysql_stmt_close(st);
				return DB_ERR;
			}
			mysql_stmt_close(st);
		}
		pos += next;
	}
	return DB_OK;
}
