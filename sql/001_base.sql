-- ipdesk schema, version 1: reference data, time limits, complaints and
-- reports, their events (hash-chained), evidence, idempotency keys and
-- abuse counters.  Applied by `ipdesk-admin migrate`, which records it in
-- schema_migration.  All text is utf8mb4; all times are China Standard
-- Time (UTC+08:00) written by the application, never NOW().

-- Time limits of SPEC section 1 (and later services) as data: `amount`
-- working days (`wd`, counted on the calendar) or calendar days (`day`).
-- Changed with `ipdesk-admin limit set CODE AMOUNT UNIT`; a case keeps
-- the due dates computed when its clock started.
CREATE TABLE time_limit (
  code VARCHAR(64) NOT NULL PRIMARY KEY,
  amount SMALLINT UNSIGNED NOT NULL,
  unit ENUM('wd','day') NOT NULL,
  note VARCHAR(300) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO time_limit (code, amount, unit, note) VALUES
  ('complaint_accept', 7, 'wd', '投诉：收到后受理或不予受理'),
  ('report_decide', 15, 'wd', '举报：核查并决定是否立案'),
  ('report_extension', 15, 'wd', '举报：核查期限可延长一次'),
  ('reporter_notify', 5, 'wd', '举报：决定后告知实名举报人'),
  ('complaint_mediation', 45, 'wd', '投诉调解：未达成协议即终止'),
  ('fast_track', 1, 'wd', '快速处理（含展会）答复'),
  ('warning_before', 2, 'wd', '临期预警：距期限不足的工作日'),
  ('close_after', 15, 'day', '办结后未反馈自动结案的天数'),
  ('reopen_window', 30, 'day', '办结后可重新办理的天数');

-- The districts of this city (6-digit administrative division codes).
-- Seeded for Huizhou (惠州市, 441300); a deployment for another city
-- replaces these rows.
CREATE TABLE district (
  code CHAR(6) NOT NULL PRIMARY KEY,
  name_zh VARCHAR(50) NOT NULL,
  name_en VARCHAR(100) NOT NULL,
  active TINYINT(1) NOT NULL DEFAULT 1
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO district (code, name_zh, name_en) VALUES
  ('441300', '惠州市（市本级）', 'Huizhou (city level)'),
  ('441302', '惠城区', 'Huicheng District'),
  ('441303', '惠阳区', 'Huiyang District'),
  ('441322', '博罗县', 'Boluo County'),
  ('441323', '惠东县', 'Huidong County'),
  ('441324', '龙门县', 'Longmen County');

-- Complaints (投诉) and reports (举报): one table, `kind` tells them apart.
-- c_* is the complainant or named reporter (NULL for anonymous reports),
-- r_* the respondent.  access_hash = HMAC-SHA256(secret, "access:" no ":"
-- code); the access code itself is never stored.
CREATE TABLE complaint (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  no VARCHAR(24) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  status VARCHAR(16) NOT NULL,
  ip_type VARCHAR(32) NOT NULL,
  scene VARCHAR(32) NOT NULL,
  exhibition_name VARCHAR(200) NULL,
  exhibition_booth VARCHAR(50) NULL,
  exhibition_end DATE NULL,
  title VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  demands TEXT NULL,
  district CHAR(6) NOT NULL,
  channel VARCHAR(24) NOT NULL,
  c_name VARCHAR(100) NULL,
  c_id_type VARCHAR(32) NULL,
  c_id_number VARCHAR(64) NULL,
  c_phone VARCHAR(20) NULL,
  c_email VARCHAR(254) NULL,
  c_address VARCHAR(300) NULL,
  r_name VARCHAR(200) NOT NULL,
  r_name_norm VARCHAR(200) NOT NULL,
  r_uscc CHAR(18) NULL,
  r_regno VARCHAR(50) NULL,
  r_address VARCHAR(300) NULL,
  r_shop_url VARCHAR(2048) NULL,
  r_shop_host VARCHAR(255) NULL,
  r_platform VARCHAR(100) NULL,
  fast_track TINYINT(1) NOT NULL DEFAULT 0,
  received_at DATETIME(3) NOT NULL,
  received_day DATE NOT NULL,
  accept_due DATE NOT NULL,
  accept_due_provisional TINYINT(1) NOT NULL DEFAULT 0,
  decided_at DATETIME(3) NULL,
  public_reply TEXT NULL,
  access_hash BINARY(32) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  UNIQUE KEY complaint_no (no),
  KEY complaint_status (status, received_at),
  KEY complaint_r_uscc (r_uscc),
  KEY complaint_r_name (r_name_norm),
  KEY complaint_r_shop (r_shop_host)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The rights relied on (patent numbers in canonical form).
CREATE TABLE complaint_right (
  complaint_id BIGINT UNSIGNED NOT NULL,
  seq TINYINT UNSIGNED NOT NULL,
  type VARCHAR(32) NOT NULL,
  number VARCHAR(100) NOT NULL,
  PRIMARY KEY (complaint_id, seq),
  KEY complaint_right_number (number),
  CONSTRAINT fk_right_complaint FOREIGN KEY (complaint_id)
    REFERENCES complaint (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every change of every case, append-only (执法全过程记录).  Each event's
-- hash covers its fields and the previous event's hash of the same case,
-- so a changed or removed row breaks the chain.  `public` marks the
-- events shown on the public timeline.  `detail` never holds personal
-- data.
CREATE TABLE case_event (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_type VARCHAR(16) NOT NULL,
  case_id BIGINT UNSIGNED NOT NULL,
  seq INT UNSIGNED NOT NULL,
  at DATETIME(3) NOT NULL,
  actor VARCHAR(64) NOT NULL,
  action VARCHAR(32) NOT NULL,
  from_status VARCHAR(32) NULL,
  to_status VARCHAR(32) NULL,
  public TINYINT(1) NOT NULL DEFAULT 0,
  detail VARCHAR(2000) NULL,
  request_id VARCHAR(32) NOT NULL,
  prev_hash BINARY(32) NOT NULL,
  hash BINARY(32) NOT NULL,
  UNIQUE KEY case_event_seq (case_type, case_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Evidence files, stored once by content under evidence_dir/aa/bb/<sha256>.
CREATE TABLE evidence (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_type VARCHAR(16) NOT NULL,
  case_id BIGINT UNSIGNED NOT NULL,
  sha256 CHAR(64) NOT NULL,
  size BIGINT UNSIGNED NOT NULL,
  mime VARCHAR(100) NOT NULL,
  ext VARCHAR(10) NOT NULL,
  filename VARCHAR(255) NOT NULL,
  uploaded_at DATETIME(3) NOT NULL,
  UNIQUE KEY evidence_case_sha (case_type, case_id, sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Idempotency keys: the first answer to a POST, kept for
-- idempotency_hours.  The answer is sealed (AES-256-GCM) with a key
-- derived from the Idempotency-Key itself, which only the client knows,
-- because it holds the case's access code; key_hash is a keyed hash of
-- the key.
CREATE TABLE idempotency (
  scope VARCHAR(64) NOT NULL,
  key_hash BINARY(32) NOT NULL,
  body_hash BINARY(32) NOT NULL,
  status SMALLINT UNSIGNED NULL,
  location VARCHAR(255) NULL,
  sealed MEDIUMBLOB NULL,
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (scope, key_hash),
  KEY idempotency_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Counters of failed attempts (wrong access codes) per bucket, over a
-- fixed window; bucket is a keyed hash, so addresses are not stored.
CREATE TABLE throttle (
  bucket BINARY(32) NOT NULL PRIMARY KEY,
  window_start DATETIME(3) NOT NULL,
  failures INT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
