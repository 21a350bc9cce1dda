-- 002_calendar.sql -- the per-date working-day calendar (see src/workdays.h).
--
-- calendar_year: one row per year whose schedule is known.  official means
-- the State Council notice for that year is loaded, provisional means it
-- is not (only statutory holidays are listed, make-up days are unknown) and
-- every due date falling in that year is flagged provisional.  A year with no
-- row at all is provisional too (weekends only).
-- calendar_day: the exceptions to "Monday to Friday is worked":
--   holiday   a Monday-to-Friday date that is not worked,
--   makeup    a Saturday or Sunday that is worked (调休上班).
-- Weekend days inside a holiday period are not listed: they are off anyway.
-- The CHECK constraints keep that rule in the database too.
--
-- New years are loaded with `ipdesk-admin calendar load FILE` (format in
-- src/calfile.h and docs/calendar-example-2026.txt), which replaces the row
-- and the days of each year it declares in one transaction.  No migration is
-- needed for that.
--
-- Sources of the seed data:
-- 2025  国务院办公厅关于2025年部分节假日安排的通知，国办发明电〔2024〕12号
--       （2024年11月12日公布，与修改《全国年节及纪念日放假办法》的决定同日）
--       元旦 1月1日（周三）放假1天，不调休。
--       春节 1月28日（周二，除夕）至2月4日（周二）放假调休，共8天；
--            1月26日（周日）、2月8日（周六）上班。
--       清明节 4月4日（周五）至6日（周日）放假，共3天。
--       劳动节 5月1日（周四）至5日（周一）放假调休，共5天；4月27日（周日）上班。
--       端午节 5月31日（周六）至6月2日（周一）放假，共3天。
--       国庆节、中秋节 10月1日（周三）至8日（周三）放假调休，共8天；
--            9月28日（周日）、10月11日（周六）上班。
-- 2026  国务院办公厅关于2026年部分节假日安排的通知，国办发明电〔2025〕7号
--       （2025年11月4日公布）
--       元旦 1月1日（周四）至3日（周六）放假调休，共3天；1月4日（周日）上班。
--       春节 2月15日（周日）至23日（周一）放假调休，共9天；
--            2月14日（周六）、2月28日（周六）上班。
--       清明节 4月4日（周六）至6日（周一）放假，共3天。
--       劳动节 5月1日（周五）至5日（周二）放假调休，共5天；5月9日（周六）上班。
--       端午节 6月19日（周五）至21日（周日）放假，共3天。
--       中秋节 9月25日（周五）至27日（周日）放假，共3天。
--       国庆节 10月1日（周四）至7日（周三）放假调休，共7天；
--            9月20日（周日）、10月10日（周六）上班。
-- 2027  provisional.  No notice yet.  《全国年节及纪念日放假办法》（2024年修订，
--       自2025年1月1日起施行） gives the days every citizen has off:
--       元旦 1月1日, 春节 除夕至正月初三 (2027-02-05 to 02-08), 清明 (2027-04-05),
--       劳动节 5月1日、2日, 端午 (2027-06-09), 中秋 (2027-09-15),
--       国庆节 10月1日至3日.  Only those falling Monday to Friday are listed
--       (5月1日、2日 are a Saturday and a Sunday).  The 补假 that the 办法
--       grants for statutory days falling on a weekend and all 调休 are left to
--       the notice, which replaces this year when loaded.
--
-- Every date was checked against its weekday.  2025 has 248 working days
-- (261 weekdays - 18 holidays + 5 make-up days), 2026 has 248 (261 - 19 + 6).

-- The seed rows contain Chinese text: make sure it is read as UTF-8 whatever
-- the default character set of the client.
SET NAMES utf8mb4;

CREATE TABLE calendar_year (
  year SMALLINT NOT NULL PRIMARY KEY,
  status ENUM('official','provisional') NOT NULL,
  source VARCHAR(500) NOT NULL,
  loaded_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT calendar_year_range CHECK (year BETWEEN 1900 AND 2099)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE calendar_day (
  day DATE NOT NULL PRIMARY KEY,
  kind ENUM('holiday','makeup') NOT NULL,
  name VARCHAR(100) NOT NULL,
  CONSTRAINT calendar_day_holiday_weekday CHECK (kind <> 'holiday' OR WEEKDAY(day) < 5),
  CONSTRAINT calendar_day_makeup_weekend CHECK (kind <> 'makeup' OR WEEKDAY(day) >= 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO calendar_year (year, status, source) VALUES
(2025, 'official', '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日公布） https://www.gov.cn/zhengce/content/202411/content_6986382.htm'),
(2026, 'official', '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025年11月4日公布） https://www.gov.cn/zhengce/content/202511/content_7047090.htm'),
(2027, 'provisional', '暂定：国务院办公厅2027年部分节假日安排的通知尚未载入。仅列《全国年节及纪念日放假办法》（2024年修订，自2025年1月1日起施行）规定的全体公民放假日中落在周一至周五的日期；不含调休上班日和周末补假。通知公布后用 ipdesk-admin calendar load 载入替换。');

-- 2025
INSERT INTO calendar_day (day, kind, name) VALUES
('2025-01-01', 'holiday', '元旦'),
('2025-01-26', 'makeup', '春节调休上班'),
('2025-01-28', 'holiday', '春节'),
('2025-01-29', 'holiday', '春节'),
('2025-01-30', 'holiday', '春节'),
('2025-01-31', 'holiday', '春节'),
('2025-02-03', 'holiday', '春节'),
('2025-02-04', 'holiday', '春节'),
('2025-02-08', 'makeup', '春节调休上班'),
('2025-04-04', 'holiday', '清明节'),
('2025-04-27', 'makeup', '劳动节调休上班'),
('2025-05-01', 'holiday', '劳动节'),
('2025-05-02', 'holiday', '劳动节'),
('2025-05-05', 'holiday', '劳动节'),
('2025-06-02', 'holiday', '端午节'),
('2025-09-28', 'makeup', '国庆节、中秋节调休上班'),
('2025-10-01', 'holiday', '国庆节、中秋节'),
('2025-10-02', 'holiday', '国庆节、中秋节'),
('2025-10-03', 'holiday', '国庆节、中秋节'),
('2025-10-06', 'holiday', '国庆节、中秋节'),
('2025-10-07', 'holiday', '国庆节、中秋节'),
('2025-10-08', 'holiday', '国庆节、中秋节'),
('2025-10-11', 'makeup', '国庆节、中秋节调休上班');

-- 2026
INSERT INTO calendar_day (day, kind, name) VALUES
('2026-01-01', 'holiday', '元旦'),
('2026-01-02', 'holiday', '元旦'),
('2026-01-04', 'makeup', '元旦调休上班'),
('2026-02-14', 'makeup', '春节调休上班'),
('2026-02-16', 'holiday', '春节'),
('2026-02-17', 'holiday', '春节'),
('2026-02-18', 'holiday', '春节'),
('2026-02-19', 'holiday', '春节'),
('2026-02-20', 'holiday', '春节'),
('2026-02-23', 'holiday', '春节'),
('2026-02-28', 'makeup', '春节调休上班'),
('2026-04-06', 'holiday', '清明节'),
('2026-05-01', 'holiday', '劳动节'),
('2026-05-04', 'holiday', '劳动节'),
('2026-05-05', 'holiday', '劳动节'),
('2026-05-09', 'makeup', '劳动节调休上班'),
('2026-06-19', 'holiday', '端午节'),
('2026-09-20', 'makeup', '国庆节调休上班'),
('2026-09-25', 'holiday', '中秋节'),
('2026-10-01', 'holiday', '国庆节'),
('2026-10-02', 'holiday', '国庆节'),
('2026-10-05', 'holiday', '国庆节'),
('2026-10-06', 'holiday', '国庆节'),
('2026-10-07', 'holiday', '国庆节'),
('2026-10-10', 'makeup', '国庆节调休上班');

-- 2027
INSERT INTO calendar_day (day, kind, name) VALUES
('2027-01-01', 'holiday', '元旦'),
('2027-02-05', 'holiday', '春节（除夕）'),
('2027-02-08', 'holiday', '春节（正月初三）'),
('2027-04-05', 'holiday', '清明节'),
('2027-06-09', 'holiday', '端午节'),
('2027-09-15', 'holiday', '中秋节'),
('2027-10-01', 'holiday', '国庆节');
