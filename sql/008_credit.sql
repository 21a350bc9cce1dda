-- ipdesk schema, version 8: credit disclosure (信用公示, SPEC section 4):
-- administrative-penalty and spot-check records (双公示), the outbox of
-- what must reach the provincial credit platform, the runs of the sync
-- program, the key-protection whitelist.

-- A record as the office keeps it.  content holds the platform fields
-- (shared/credit-sim/PROTOCOL.md sections 6 and 7) as canonical JSON:
-- keys sorted, blank fields left out, amounts in canonical form, no sjbm;
-- content_sha256 is the SHA-256 of those bytes, the platform's
-- content_sha256 for the same content.  sjbm, the record's permanent
-- identifier upstream, is chosen once at creation.  The columns after
-- content repeat what lists and rules need.
CREATE TABLE credit_record (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  sjbm VARCHAR(64) NOT NULL,
  state VARCHAR(16) NOT NULL,
  version INT UNSIGNED NOT NULL,
  published TINYINT(1) NOT NULL,
  complaint_id BIGINT UNSIGNED NULL,
  content MEDIUMTEXT NOT NULL,
  content_sha256 CHAR(64) NOT NULL,
  party_name VARCHAR(200) NOT NULL,
  party_kind VARCHAR(16) NOT NULL,
  party_uscc CHAR(18) NULL,
  business_key VARCHAR(300) NOT NULL,
  doc_no VARCHAR(128) NULL,
  decided_on DATE NOT NULL,
  categories VARCHAR(256) NOT NULL,
  serious TINYINT(1) NOT NULL DEFAULT 0,
  ip_infringement TINYINT(1) NOT NULL DEFAULT 1,
  intentional TINYINT(1) NOT NULL DEFAULT 0,
  office_until DATE NULL,
  repair_from DATE NULL,
  push_due DATE NULL,
  push_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  withdraw_due DATE NULL,
  withdraw_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  delivery VARCHAR(16) NOT NULL,
  delivered_at DATETIME(3) NULL,
  errors TEXT NULL,
  upstream_state VARCHAR(16) NULL,
  upstream_version INT UNSIGNED NULL,
  upstream_sha256 CHAR(64) NULL,
  upstream_repair_from DATE NULL,
  upstream_until DATE NULL,
  upstream_checked_at DATETIME(3) NULL,
  revoked_at DATETIME(3) NULL,
  repaired_at DATETIME(3) NULL,
  created_by INT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  UNIQUE KEY credit_record_sjbm (sjbm),
  KEY credit_record_kind (kind, id),
  KEY credit_record_party (party_uscc, kind, state),
  KEY credit_record_bkey (kind, business_key, state),
  KEY credit_record_push (delivery, push_due),
  CONSTRAINT fk_credit_complaint FOREIGN KEY (complaint_id)
    REFERENCES complaint (id),
  CONSTRAINT fk_credit_creator FOREIGN KEY (created_by)
    REFERENCES staff_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What must reach the platform, written in the transaction that changed
-- the record.  body is the exact JSON sent: for a create the record
-- object (the batch is {"records":[...]} around the rows, in id order),
-- for update, revoke and repair the whole request body.  seq orders the
-- operations of one record; a row is sent only when every earlier row of
-- its record is settled (done or failed).
--
-- state: pending (waiting, not before next_at), sending (claimed by
-- lease_owner until lease_until; a lease that ran out means the outcome
-- is unknown and the row is sent again), done (accepted or duplicate),
-- failed (rejected: needs a person).  batch_key keeps the rows of one
-- batch together for a resend after an unknown outcome.
CREATE TABLE credit_outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  record_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(16) NOT NULL,
  sjbm VARCHAR(64) NOT NULL,
  op VARCHAR(16) NOT NULL,
  seq INT UNSIGNED NOT NULL,
  body MEDIUMBLOB NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  next_at DATETIME(3) NOT NULL,
  lease_owner VARCHAR(80) NULL,
  lease_until DATETIME(3) NULL,
  batch_key VARCHAR(80) NULL,
  result VARCHAR(16) NULL,
  upstream_version INT UNSIGNED NULL,
  upstream_state VARCHAR(16) NULL,
  receipt_date DATE NULL,
  request_id VARCHAR(64) NULL,
  errors TEXT NULL,
  last_error VARCHAR(500) NULL,
  created_at DATETIME(3) NOT NULL,
  sent_at DATETIME(3) NULL,
  done_at DATETIME(3) NULL,
  UNIQUE KEY credit_outbox_seq (record_id, seq),
  KEY credit_outbox_ready (state, next_at),
  KEY credit_outbox_done (done_at),
  CONSTRAINT fk_outbox_record FOREIGN KEY (record_id)
    REFERENCES credit_record (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every run of ipdesk-sync: a worker's life, a nightly run, a one-off.
CREATE TABLE credit_sync_run (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mode VARCHAR(16) NOT NULL,
  host VARCHAR(64) NOT NULL,
  pid INT UNSIGNED NOT NULL,
  status VARCHAR(16) NOT NULL,
  started_at DATETIME(3) NOT NULL,
  heartbeat_at DATETIME(3) NOT NULL,
  ended_at DATETIME(3) NULL,
  reconcile_date DATE NULL,
  requests INT UNSIGNED NOT NULL DEFAULT 0,
  accepted INT UNSIGNED NOT NULL DEFAULT 0,
  duplicate INT UNSIGNED NOT NULL DEFAULT 0,
  rejected INT UNSIGNED NOT NULL DEFAULT 0,
  retried INT UNSIGNED NOT NULL DEFAULT 0,
  unknown INT UNSIGNED NOT NULL DEFAULT 0,
  missing INT UNSIGNED NOT NULL DEFAULT 0,
  checked INT UNSIGNED NOT NULL DEFAULT 0,
  todo INT UNSIGNED NOT NULL DEFAULT 0,
  done INT UNSIGNED NOT NULL DEFAULT 0,
  errors TEXT NULL,
  KEY credit_sync_run_started (started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 重点保护名录: enterprises under key protection (early warning of
-- infringement in important industries).  Removal keeps the row; active
-- is 1 while listed and NULL after, so one listing per enterprise is live.
CREATE TABLE credit_whitelist (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  uscc CHAR(18) NOT NULL,
  name VARCHAR(200) NOT NULL,
  industry VARCHAR(64) NOT NULL,
  reason VARCHAR(500) NOT NULL,
  added_by INT UNSIGNED NOT NULL,
  added_at DATETIME(3) NOT NULL,
  removed_by INT UNSIGNED NULL,
  removed_at DATETIME(3) NULL,
  remove_reason VARCHAR(500) NULL,
  active TINYINT(1) NULL DEFAULT 1,
  UNIQUE KEY credit_whitelist_active (uscc, active),
  CONSTRAINT fk_whitelist_adder FOREIGN KEY (added_by)
    REFERENCES staff_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO time_limit (code, amount, unit, note) VALUES
  ('credit_push', 7, 'wd', '行政处罚信息自作出决定之日起上报信用平台'),
  ('credit_withdraw', 3, 'wd', '处罚决定撤销或变更后撤下公示');

-- The office's own publicity (its public lists) and the list rules.
-- Fines in fen: a "small fine" is at most the amount for the party's kind
-- (Guangdong's 较低数额罚款: natural persons 10,000 yuan, organisations
-- 100,000 yuan); amounts are settings, not constants.
INSERT INTO setting (code, value, note) VALUES
  ('credit_short_months', 3, '通报批评或较低数额罚款的公示期（月）'),
  ('credit_long_months', 36, '其他行政处罚信息的公示期（月）'),
  ('credit_small_fine_person', 1000000, '较低数额罚款：自然人（分）'),
  ('credit_small_fine_org', 10000000, '较低数额罚款：法人及其他组织（分）'),
  ('credit_repeat_count', 2, '重复侵权：窗口期内知识产权侵权处罚次数'),
  ('credit_repeat_months', 24, '重复侵权的统计窗口（月）'),
  ('credit_repair_gap_months', 12, '同一主体两次信用修复的最短间隔（月）'),
  ('credit_min_general_months', 3, '一般失信最短公示期（月），可申请修复'),
  ('credit_min_serious_months', 12, '严重失信最短公示期（月），可申请修复');
