-- ipdesk schema, version 3: staff accounts and departments, bearer tokens,
-- API keys of machine clients, the complaint/report workflow columns,
-- duplicate suggestions, and numeric settings (report rewards).

-- Departments of the office and its partner bodies.  A handler belongs to
-- one and sees only its cases.  Seeded for the Huizhou set-up; managed
-- with `ipdesk-admin dept add|list`.
CREATE TABLE department (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(32) NOT NULL,
  name_zh VARCHAR(100) NOT NULL,
  name_en VARCHAR(200) NOT NULL,
  active TINYINT(1) NOT NULL DEFAULT 1,
  UNIQUE KEY department_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO department (code, name_zh, name_en) VALUES
  ('ip-protection', '知识产权保护科', 'IP Protection Section'),
  ('enforcement', '执法稽查支队', 'Enforcement Division'),
  ('huicheng', '惠城区市场监督管理局', 'Huicheng District Market Regulation'),
  ('huiyang', '惠阳区市场监督管理局', 'Huiyang District Market Regulation');

-- Staff.  roles is a bit mask (1 intake, 2 handler, 4 mediator,
-- 8 aid_expert, 16 credit_officer, 32 supervisor, 64 admin);
-- password_hash is a yescrypt hash from libxcrypt.  There is no default
-- account: the first admin is made with `ipdesk-admin user add`.
CREATE TABLE staff_user (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  display_name VARCHAR(100) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  roles INT UNSIGNED NOT NULL,
  department_id INT UNSIGNED NULL,
  disabled TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL,
  password_changed_at DATETIME(3) NOT NULL,
  UNIQUE KEY staff_username (username),
  CONSTRAINT fk_staff_department FOREIGN KEY (department_id)
    REFERENCES department (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Bearer tokens, stored as SHA-256 of the token (the token itself is shown
-- once).  A token dies at expires_at, after token_idle_minutes without
-- use, at logout, or when its user is disabled.
CREATE TABLE auth_token (
  token_hash BINARY(32) NOT NULL PRIMARY KEY,
  user_id INT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL,
  last_used_at DATETIME(3) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  revoked_at DATETIME(3) NULL,
  KEY auth_token_user (user_id),
  CONSTRAINT fk_token_user FOREIGN KEY (user_id) REFERENCES staff_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- API keys of machine clients (the 12345 hotline, the 12315 platform),
-- stored as SHA-256; each files cases on its own channel.
CREATE TABLE api_key (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  key_hash BINARY(32) NOT NULL,
  channel VARCHAR(24) NOT NULL,
  disabled TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL,
  UNIQUE KEY api_key_name (name),
  UNIQUE KEY api_key_hash (key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The workflow of a case.  next_due is the earliest due date still
-- running (NULL while the clock is stopped or the case is over); the
-- warning and overdue lists read it.
ALTER TABLE complaint
  ADD COLUMN department_id INT UNSIGNED NULL,
  ADD COLUMN assignee_id INT UNSIGNED NULL,
  ADD COLUMN api_key_id INT UNSIGNED NULL,
  ADD COLUMN r_shop_norm VARCHAR(2048) NULL,
  ADD COLUMN reject_ground VARCHAR(32) NULL,
  ADD COLUMN extended TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN suspended_at DATETIME(3) NULL,
  ADD COLUMN suspend_reason VARCHAR(32) NULL,
  ADD COLUMN notify_due DATE NULL,
  ADD COLUMN notify_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN notified_at DATETIME(3) NULL,
  ADD COLUMN resolve_due DATE NULL,
  ADD COLUMN resolve_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN resolved_at DATETIME(3) NULL,
  ADD COLUMN outcome VARCHAR(32) NULL,
  ADD COLUMN closed_at DATETIME(3) NULL,
  ADD COLUMN next_due DATE NULL,
  ADD COLUMN merged_into VARCHAR(24) NULL,
  ADD COLUMN feedback_score TINYINT UNSIGNED NULL,
  ADD COLUMN feedback_comment VARCHAR(1000) NULL,
  ADD COLUMN feedback_at DATETIME(3) NULL,
  ADD COLUMN fine_fen BIGINT UNSIGNED NULL,
  ADD COLUMN confiscation_fen BIGINT UNSIGNED NULL,
  ADD COLUMN reward_level TINYINT UNSIGNED NULL,
  ADD COLUMN reporter_relation VARCHAR(24) NULL,
  ADD COLUMN reward_fen BIGINT UNSIGNED NULL,
  ADD COLUMN reward_note VARCHAR(64) NULL,
  ADD KEY complaint_department (department_id, id),
  ADD KEY complaint_assignee (assignee_id),
  ADD KEY complaint_next_due (next_due),
  ADD KEY complaint_r_shop_norm (r_shop_norm(255));

-- Cases filed before this version: the running due date is acceptance.
UPDATE complaint SET next_due = accept_due WHERE status = 'submitted';

-- Likely duplicates found on intake: the new case and an open one with the
-- same respondent USCC or normalised name, right number or shop URL.
CREATE TABLE complaint_dup (
  complaint_id BIGINT UNSIGNED NOT NULL,
  other_id BIGINT UNSIGNED NOT NULL,
  reasons VARCHAR(100) NOT NULL,
  PRIMARY KEY (complaint_id, other_id),
  KEY complaint_dup_other (other_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Numeric settings other than time limits.  Report rewards (举报奖励):
-- by level 5% / 3% / 1% of fines plus confiscations (basis points), at
-- least 5,000 / 3,000 / 1,000 yuan, at most 1,000,000 yuan a case (fen).
CREATE TABLE setting (
  code VARCHAR(64) NOT NULL PRIMARY KEY,
  value BIGINT NOT NULL,
  note VARCHAR(300) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO setting (code, value, note) VALUES
  ('reward_rate_1', 500, '举报奖励一级：罚没款的比例（万分之）'),
  ('reward_rate_2', 300, '举报奖励二级：罚没款的比例（万分之）'),
  ('reward_rate_3', 100, '举报奖励三级：罚没款的比例（万分之）'),
  ('reward_floor_1', 500000, '举报奖励一级下限（分）'),
  ('reward_floor_2', 300000, '举报奖励二级下限（分）'),
  ('reward_floor_3', 100000, '举报奖励三级下限（分）'),
  ('reward_cap', 100000000, '每案举报奖励上限（分）');

-- A report that opened a case is decided within 90 days of the decision
-- (市场监督管理行政处罚程序规定 art. 64).
INSERT INTO time_limit (code, amount, unit, note) VALUES
  ('report_resolve', 90, 'day', '举报立案后作出处理决定');
