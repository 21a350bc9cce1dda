-- ipdesk schema, version 6: overseas rights-protection aid (海外维权援助,
-- SPEC section 3): requests from enterprises, the expert roster
-- (海外维权专家库), guidance records and milestones, cost subsidies.

-- Experts: countries and regions (ISO 3166-1 alpha-2), IP types and
-- languages as comma-separated codes; staff_user_id is the expert's login
-- (role aid_expert).
CREATE TABLE aid_expert (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  staff_user_id INT UNSIGNED NULL,
  name VARCHAR(100) NOT NULL,
  organisation VARCHAR(200) NOT NULL,
  organisation_norm VARCHAR(200) NOT NULL,
  organisation_uscc CHAR(18) NULL,
  countries VARCHAR(400) NOT NULL,
  ip_types VARCHAR(400) NOT NULL,
  languages VARCHAR(200) NOT NULL,
  available TINYINT(1) NOT NULL DEFAULT 1,
  max_open SMALLINT UNSIGNED NOT NULL DEFAULT 5,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  UNIQUE KEY aid_expert_user (staff_user_id),
  CONSTRAINT fk_expert_user FOREIGN KEY (staff_user_id)
    REFERENCES staff_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Requests.  priority is computed on intake from the deadline's nearness
-- and the enterprise's size (settings aid_*), and again whenever the
-- request changes; priority_rank orders the staff queue (0 urgent).
CREATE TABLE aid_request (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  no VARCHAR(24) NOT NULL,
  status VARCHAR(24) NOT NULL,
  priority VARCHAR(16) NOT NULL,
  priority_rank TINYINT UNSIGNED NOT NULL,
  major TINYINT(1) NOT NULL DEFAULT 0,
  e_name VARCHAR(200) NOT NULL,
  e_name_norm VARCHAR(200) NOT NULL,
  e_uscc CHAR(18) NOT NULL,
  e_size VARCHAR(16) NOT NULL,
  e_industry VARCHAR(64) NULL,
  c_name VARCHAR(100) NOT NULL,
  c_phone VARCHAR(20) NOT NULL,
  c_email VARCHAR(254) NULL,
  aid_type VARCHAR(32) NOT NULL,
  countries VARCHAR(200) NOT NULL,
  ip_types VARCHAR(300) NOT NULL,
  opposing_party VARCHAR(200) NULL,
  opposing_norm VARCHAR(200) NULL,
  forum VARCHAR(200) NULL,
  deadline DATE NULL,
  amount_at_stake_fen BIGINT UNSIGNED NULL,
  insured TINYINT(1) NOT NULL DEFAULT 0,
  description TEXT NOT NULL,
  received_at DATETIME(3) NOT NULL,
  received_day DATE NOT NULL,
  access_hash BINARY(32) NOT NULL,
  accept_due DATE NULL,
  accept_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  decided_at DATETIME(3) NULL,
  decline_reason VARCHAR(1000) NULL,
  expert_id INT UNSIGNED NULL,
  assigned_at DATETIME(3) NULL,
  started_at DATETIME(3) NULL,
  concluded_at DATETIME(3) NULL,
  outcome VARCHAR(32) NULL,
  conclusion TEXT NULL,
  closed_at DATETIME(3) NULL,
  next_due DATE NULL,
  feedback_score TINYINT UNSIGNED NULL,
  feedback_comment VARCHAR(1000) NULL,
  feedback_at DATETIME(3) NULL,
  updated_at DATETIME(3) NOT NULL,
  UNIQUE KEY aid_no (no),
  KEY aid_queue (status, priority_rank, deadline, id),
  KEY aid_expert_status (expert_id, status),
  KEY aid_uscc (e_uscc)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE aid_right (
  request_id BIGINT UNSIGNED NOT NULL,
  seq TINYINT UNSIGNED NOT NULL,
  type VARCHAR(32) NOT NULL,
  country CHAR(2) NOT NULL,
  number VARCHAR(100) NOT NULL,
  PRIMARY KEY (request_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Experts who may not take a request: a declared conflict with the
-- requester or the opposing party.
CREATE TABLE aid_exclusion (
  request_id BIGINT UNSIGNED NOT NULL,
  expert_id INT UNSIGNED NOT NULL,
  reason VARCHAR(16) NOT NULL,
  note VARCHAR(300) NULL,
  at DATETIME(3) NOT NULL,
  PRIMARY KEY (request_id, expert_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Dated guidance (advice, documents, next steps) and milestones of the
-- foreign proceeding.
CREATE TABLE aid_record (
  request_id BIGINT UNSIGNED NOT NULL,
  seq SMALLINT UNSIGNED NOT NULL,
  kind VARCHAR(16) NOT NULL,
  on_day DATE NOT NULL,
  summary VARCHAR(500) NOT NULL,
  advice TEXT NULL,
  documents VARCHAR(1000) NULL,
  next_steps VARCHAR(1000) NULL,
  recorded_by VARCHAR(64) NOT NULL,
  recorded_at DATETIME(3) NOT NULL,
  PRIMARY KEY (request_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Cost subsidy claims.  The grant is decided at approval: the configured
-- share of the approved necessary costs, capped by what is left of the
-- enterprise's yearly allowance in the calendar year of the approval
-- (grant_year), across all its claims.
CREATE TABLE aid_subsidy (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  request_id BIGINT UNSIGNED NOT NULL,
  e_uscc CHAR(18) NOT NULL,
  status VARCHAR(16) NOT NULL,
  claimed_fen BIGINT UNSIGNED NOT NULL,
  items TEXT NOT NULL,
  submitted_at DATETIME(3) NOT NULL,
  approved_costs_fen BIGINT UNSIGNED NULL,
  grant_fen BIGINT UNSIGNED NULL,
  grant_year SMALLINT UNSIGNED NULL,
  decided_at DATETIME(3) NULL,
  decision_note VARCHAR(1000) NULL,
  paid_at DATETIME(3) NULL,
  payment_ref VARCHAR(100) NULL,
  KEY aid_subsidy_request (request_id),
  KEY aid_subsidy_year (e_uscc, grant_year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO time_limit (code, amount, unit, note) VALUES
  ('aid_accept', 5, 'wd', '海外维权援助：决定受理或不予受理');

INSERT INTO setting (code, value, note) VALUES
  ('aid_urgent_days', 7, '援助优先级：距境外期限不足此天数为紧急'),
  ('aid_high_days', 30, '援助优先级：距境外期限不足此天数为优先'),
  ('aid_small_first', 1, '小微企业的优先级提高一档（1 是，0 否）'),
  ('aid_subsidy_rate', 3000, '维权费用资助比例（万分之）'),
  ('aid_subsidy_cap', 20000000, '每家企业每年资助上限（分）');

-- What each enterprise was granted per calendar year; the row is locked
-- while a claim is decided, so two decisions never both spend the rest.
CREATE TABLE aid_allowance (
  e_uscc CHAR(18) NOT NULL,
  year SMALLINT UNSIGNED NOT NULL,
  granted_fen BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (e_uscc, year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
