-- ipdesk schema, version 5: IP dispute mediation (知识产权纠纷调解, SPEC
-- section 2): the mediator roster (调解专家库), cases from an application,
-- a complaint or a court's pre-litigation delegation (诉前委派), sessions,
-- agreements and judicial confirmation (司法确认).

-- Mediators.  staff_user_id links the mediator's login (role mediator);
-- ip_types and industries are comma-separated codes; a mediator is
-- proposed only while available and below max_open open cases.
CREATE TABLE mediator (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  staff_user_id INT UNSIGNED NULL,
  name VARCHAR(100) NOT NULL,
  organisation VARCHAR(200) NOT NULL,
  organisation_norm VARCHAR(200) NOT NULL,
  organisation_uscc CHAR(18) NULL,
  ip_types VARCHAR(400) NOT NULL,
  industries VARCHAR(400) NOT NULL,
  available TINYINT(1) NOT NULL DEFAULT 1,
  max_open SMALLINT UNSIGNED NOT NULL DEFAULT 5,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  UNIQUE KEY mediator_user (staff_user_id),
  CONSTRAINT fk_mediator_user FOREIGN KEY (staff_user_id)
    REFERENCES staff_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Mediation cases.  a_* is the applicant, r_* the respondent (each a
-- person or an organisation, with an optional agent); source tells where
-- the case came from.  As for complaints, the access code is kept only as
-- a keyed hash, and next_due is the earliest running due date.
CREATE TABLE mediation (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  no VARCHAR(24) NOT NULL,
  source VARCHAR(16) NOT NULL,
  status VARCHAR(24) NOT NULL,
  ip_type VARCHAR(32) NOT NULL,
  industry VARCHAR(64) NULL,
  subject VARCHAR(200) NOT NULL,
  claim TEXT NOT NULL,
  amount_fen BIGINT UNSIGNED NULL,
  description TEXT NULL,
  online TINYINT(1) NOT NULL DEFAULT 0,
  complaint_id BIGINT UNSIGNED NULL,
  court_name VARCHAR(200) NULL,
  court_case_no VARCHAR(100) NULL,
  court_received DATE NULL,
  a_type VARCHAR(16) NOT NULL,
  a_name VARCHAR(200) NOT NULL,
  a_name_norm VARCHAR(200) NOT NULL,
  a_id_type VARCHAR(32) NULL,
  a_id_number VARCHAR(64) NULL,
  a_uscc CHAR(18) NULL,
  a_phone VARCHAR(20) NULL,
  a_email VARCHAR(254) NULL,
  a_address VARCHAR(300) NULL,
  a_agent_name VARCHAR(100) NULL,
  a_agent_phone VARCHAR(20) NULL,
  a_agent_authority VARCHAR(16) NULL,
  r_type VARCHAR(16) NOT NULL,
  r_name VARCHAR(200) NOT NULL,
  r_name_norm VARCHAR(200) NOT NULL,
  r_id_type VARCHAR(32) NULL,
  r_id_number VARCHAR(64) NULL,
  r_uscc CHAR(18) NULL,
  r_phone VARCHAR(20) NULL,
  r_email VARCHAR(254) NULL,
  r_address VARCHAR(300) NULL,
  r_agent_name VARCHAR(100) NULL,
  r_agent_phone VARCHAR(20) NULL,
  r_agent_authority VARCHAR(16) NULL,
  received_at DATETIME(3) NOT NULL,
  received_day DATE NOT NULL,
  access_hash BINARY(32) NOT NULL,
  accept_due DATE NULL,
  accept_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  decided_at DATETIME(3) NULL,
  decline_reason VARCHAR(1000) NULL,
  consent_due DATE NULL,
  consent_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  consent_at DATETIME(3) NULL,
  mediator_id INT UNSIGNED NULL,
  mediator_accepted TINYINT(1) NOT NULL DEFAULT 0,
  mediator_due DATE NULL,
  mediator_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  limit_due DATE NULL,
  limit_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  extensions TINYINT UNSIGNED NOT NULL DEFAULT 0,
  started_at DATETIME(3) NULL,
  agreed_at DATETIME(3) NULL,
  amount_agreed_fen BIGINT UNSIGNED NULL,
  confirm_until DATE NULL,
  confirm_requested_at DATETIME(3) NULL,
  ruling_no VARCHAR(100) NULL,
  confirmed_at DATETIME(3) NULL,
  fulfilled_at DATETIME(3) NULL,
  failure_ground VARCHAR(32) NULL,
  failed_at DATETIME(3) NULL,
  notify_due DATE NULL,
  notify_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  notified_at DATETIME(3) NULL,
  closed_at DATETIME(3) NULL,
  next_due DATE NULL,
  duration_wd SMALLINT UNSIGNED NULL,
  feedback_score TINYINT UNSIGNED NULL,
  feedback_comment VARCHAR(1000) NULL,
  feedback_at DATETIME(3) NULL,
  updated_at DATETIME(3) NOT NULL,
  UNIQUE KEY mediation_no (no),
  KEY mediation_status (status, id),
  KEY mediation_mediator (mediator_id, status),
  KEY mediation_complaint (complaint_id),
  KEY mediation_next_due (next_due)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Mediators who may not be proposed again for a case: a declared
-- conflict of interest, a decline, or silence past the acceptance limit.
CREATE TABLE mediator_exclusion (
  mediation_id BIGINT UNSIGNED NOT NULL,
  mediator_id INT UNSIGNED NOT NULL,
  reason VARCHAR(16) NOT NULL,
  note VARCHAR(300) NULL,
  at DATETIME(3) NOT NULL,
  PRIMARY KEY (mediation_id, mediator_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sessions (调解会议), online or in person, with notes.
CREATE TABLE mediation_session (
  mediation_id BIGINT UNSIGNED NOT NULL,
  seq SMALLINT UNSIGNED NOT NULL,
  at DATETIME(3) NOT NULL,
  mode VARCHAR(16) NOT NULL,
  place VARCHAR(200) NULL,
  attendees VARCHAR(1000) NOT NULL,
  notes TEXT NULL,
  recorded_at DATETIME(3) NOT NULL,
  PRIMARY KEY (mediation_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The agreement (调解协议), as a court needs it for confirmation.
CREATE TABLE mediation_agreement (
  mediation_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  facts TEXT NOT NULL,
  disputed_points TEXT NOT NULL,
  obligations TEXT NOT NULL,
  amount_fen BIGINT UNSIGNED NULL,
  performance_manner VARCHAR(1000) NOT NULL,
  performance_deadline DATE NOT NULL,
  signed_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A complaint converted to mediation points at its mediation.
ALTER TABLE complaint ADD COLUMN mediation_id BIGINT UNSIGNED NULL;

INSERT INTO time_limit (code, amount, unit, note) VALUES
  ('mediation_accept', 7, 'wd', '调解申请：决定受理或不予受理'),
  ('mediation_consent', 5, 'wd', '调解：对方当事人表示是否同意调解'),
  ('mediator_accept', 3, 'wd', '调解员表示是否接受指派'),
  ('mediation_failure_notify', 7, 'wd', '调解终止后告知双方当事人'),
  ('judicial_confirm', 30, 'day', '调解协议生效后申请司法确认'),
  ('court_delegation', 30, 'day', '诉前委派调解期限（自收到材料之日）'),
  ('court_extension', 30, 'day', '诉前委派调解经双方同意可延长的天数');
