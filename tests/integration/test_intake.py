"""
Filing complaints (投诉) and reports (举报): POST /api/v1/complaints, what
the answer promises (tracking number, access code, due dates on the
working-day calendar, the fast track) and what the database keeps.
"""
from datetime import date, timedelta

from ipdesk import (PATENT_CANONICAL, ApiTest, Calendar,
                    complaint_payload, complaint_row, count_complaints,
                    db_dump, ecommerce_payload, exhibition_payload,
                    make_patent, make_resident_id, make_uscc, parse_time,
                    patent_check_char, person, post_json, q, report_payload,
                    sql, sql_value, today_cst, token)

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class FilingTest(ApiTest):

    def test_complaint_is_created_with_201_and_location(self):
        r = self.file(complaint_payload())
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.ctype, "application/json")
        b = r.json
        self.assertEqual(r.header("Location"), "/api/v1/complaints/" + b["no"])
        self.assertEqual(b["kind"], "complaint")
        self.assertEqual(b["status"], "submitted")
        self.assertEqual(b["status_label"], "已提交")
        self.assertFalse(b["fast_track"])
        self.assertIn("accept", b["due"])
        self.assertEqual(b["links"]["self"], "/api/v1/complaints/" + b["no"])

    def test_tracking_number_tells_the_track_and_the_day(self):
        c = self.file_ok(complaint_payload())
        r = self.file_ok(report_payload())
        for b, prefix in ((c, "TS"), (r, "JB")):
            day = parse_time(b["received_at"]).strftime("%Y%m%d")
            self.assertRegex(b["no"], r"^%s%s[0-9]{8}$" % (prefix, day))

    def test_access_code_is_eight_unambiguous_characters(self):
        b = self.file_ok()
        self.assertRegex(b["access_code"], "^[%s]{8}$" % CODE_ALPHABET)

    def test_two_cases_get_different_numbers_and_codes(self):
        payload = complaint_payload()
        a = self.file_ok(payload)
        b = self.file_ok(payload)
        self.assertNotEqual(a["no"], b["no"])
        self.assertNotEqual(a["access_code"], b["access_code"])

    def test_received_at_is_china_time_with_offset(self):
        b = self.file_ok()
        self.assertRegex(b["received_at"],
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$")
        self.assertEqual(parse_time(b["received_at"]).date(), today_cst())

    def test_english_answer_with_accept_language_en(self):
        b = self.file_ok(complaint_payload(), lang="en")
        self.assertEqual(b["status_label"], "Submitted")
        self.assertRegex(b["due"]["accept"]["state_label"], r"^[A-Za-z ]+$")

    def test_anonymous_report_is_accepted(self):
        b = self.file_ok(report_payload(anonymous=True))
        self.assertEqual(b["kind"], "report")
        row = complaint_row(b["no"], "c_name, c_phone, c_id_number")
        self.assertEqual(row, [None, None, None])

    def test_named_report_needs_no_identity_document(self):
        b = self.file_ok(report_payload(anonymous=False))
        self.assertEqual(b["kind"], "report")

    def test_named_report_may_add_an_identity_document(self):
        p = report_payload(anonymous=False)
        p["complainant"].update(id_type="resident_id",
                                id_number=make_resident_id())
        self.file_ok(p)

    def test_report_needs_no_rights(self):
        self.assertNotIn("rights", report_payload())
        self.file_ok(report_payload(rights=[]))

    def test_ecommerce_complaint_with_shop_and_platform(self):
        b = self.file_ok(ecommerce_payload())
        row = complaint_row(b["no"], "scene, r_shop_url, r_shop_host, "
                            "r_platform")
        self.assertEqual(row, ["ecommerce", "https://shop.example.com/item/42",
                               "shop.example.com", "某电商平台"])

    def test_online_complaint_needs_a_shop_url_but_no_platform(self):
        p = complaint_payload(scene="online")
        p["respondent"]["shop_url"] = "http://Example.COM:8080/shop?id=1"
        b = self.file_ok(p)
        self.assertEqual(complaint_row(b["no"], "r_shop_host"),
                         ["example.com"])

    def test_app_channel_is_accepted(self):
        self.file_ok(complaint_payload(channel="app"))

    def test_every_ip_type_is_accepted(self):
        for t in ("patent", "trademark", "copyright",
                  "geographical_indication", "trade_secret", "plant_variety",
                  "ic_layout", "special_mark", "other"):
            with self.subTest(ip_type=t):
                self.file_ok(report_payload(ip_type=t))

    def test_other_identity_documents_are_accepted(self):
        for id_type, number in (("passport", "E12345678"),
                                ("hk_macao_permit", "H12345678"),
                                ("hk_macao_permit", "M1234567801"),
                                ("taiwan_permit", "12345678"),
                                ("foreign_permanent_resident",
                                 "USA110079020101"),
                                ("uscc", make_uscc()),
                                ("other", "任意证件 123")):
            with self.subTest(id_type=id_type, id_number=number):
                self.file_ok(complaint_payload(
                    complainant=person(id_type=id_type, id_number=number)))

    def test_individual_business_filler_uscc_with_registration_number(self):
        p = complaint_payload()
        p["respondent"].update(uscc="00000000000000000X",
                               registration_no="441302600123456")
        b = self.file_ok(p)
        self.assertEqual(complaint_row(b["no"], "r_uscc, r_regno"),
                         ["00000000000000000X", "441302600123456"])

    def test_longest_values_are_accepted(self):
        """Limits count characters, not bytes: 200 Chinese characters are
        a valid title although they take 600 bytes."""
        p = complaint_payload(title="标" * 200, description="述" * 5000,
                              demands="求" * 2000)
        p["respondent"]["name"] = "名" * 200
        p["complainant"]["name"] = "欧" * 100
        b = self.file_ok(p)
        row = complaint_row(b["no"], "CHAR_LENGTH(title), "
                            "CHAR_LENGTH(description), CHAR_LENGTH(r_name)")
        self.assertEqual(row, ["200", "5000", "200"])

    def test_text_beyond_the_basic_plane_is_kept(self):
        p = complaint_payload(title="侵权商品图样 \U0001F45F 𠀀",
                              description="第一行\n第二行\t制表\r\n")
        b = self.file_ok(p)
        v = self.view_ok(b["no"], b["access_code"])
        self.assertEqual(v["title"], "侵权商品图样 \U0001F45F 𠀀")
        self.assertEqual(v["description"], "第一行\n第二行\t制表")

    def test_surrounding_white_space_is_trimmed(self):
        p = complaint_payload(title="  \u3000标题 %s \u3000 " % token(2))
        b = self.file_ok(p)
        title = complaint_row(b["no"], "title")[0]
        self.assertEqual(title, p["title"].strip(" \u3000"))

    def test_blank_or_null_optional_fields_are_absent(self):
        p = complaint_payload(demands="   ")
        p["complainant"]["email"] = None
        p["respondent"]["address"] = ""
        b = self.file_ok(p)
        self.assertEqual(complaint_row(b["no"], "demands, c_email, "
                                       "r_address"), [None, None, None])


class StoredTest(ApiTest):

    def test_case_rights_and_first_event_are_stored(self):
        b = self.file_ok(complaint_payload())
        cid, kind, status, title = complaint_row(
            b["no"], "id, kind, status, title")
        self.assertEqual((kind, status), ("complaint", "submitted"))
        self.assertEqual(sql("SELECT seq, type, number FROM complaint_right "
                             "WHERE complaint_id = %s" % cid),
                         [["1", "patent", PATENT_CANONICAL]])
        self.assertEqual(sql(
            "SELECT seq, action, from_status, to_status, public, actor "
            "FROM case_event WHERE case_type = 'complaint' AND case_id = %s"
            % cid), [["1", "submitted", None, "submitted", "1", "public"]])

    def test_patent_numbers_are_stored_in_canonical_form(self):
        for written in ("ZL201710601862.3", "CN201710601862.3",
                        "2017106018623", "zl 2017 1060 1862.3",
                        "ZL 201710601862.3"):
            with self.subTest(written=written):
                b = self.file_ok(complaint_payload(
                    rights=[{"type": "patent", "number": written}]))
                cid = complaint_row(b["no"], "id")[0]
                self.assertEqual(sql_value(
                    "SELECT number FROM complaint_right WHERE "
                    "complaint_id = %s" % cid), PATENT_CANONICAL)

    def test_older_eight_digit_patent_numbers_are_accepted(self):
        d = "93100012"
        self.file_ok(complaint_payload(rights=[
            {"type": "patent", "number": "ZL" + d + "." +
             patent_check_char(d)}]))

    def test_several_rights_keep_their_order(self):
        rights = [{"type": "patent", "number": make_patent(2020, "2")},
                  {"type": "trademark", "number": "30123456"},
                  {"type": "copyright", "number": "国作登字-2021-F-00012345"}]
        b = self.file_ok(complaint_payload(rights=rights))
        v = self.view_ok(b["no"], b["access_code"])
        self.assertEqual([(r["type"], r["number"]) for r in v["rights"]],
                         [(r["type"], r["number"]) for r in rights])

    def test_mobile_numbers_are_stored_as_eleven_digits(self):
        for written in ("+86 13812345678", "+8613812345678",
                        "8613812345678", "138-1234-5678", "138 1234 5678"):
            with self.subTest(written=written):
                p = complaint_payload()
                p["complainant"]["phone"] = written
                b = self.file_ok(p)
                self.assertEqual(complaint_row(b["no"], "c_phone"),
                                 ["13812345678"])

    def test_access_code_is_stored_only_as_a_hash(self):
        b = self.file_ok()
        code = b["access_code"]
        self.assertEqual(complaint_row(b["no"], "LENGTH(access_hash)"),
                         ["32"])
        dump = db_dump()
        self.assertIn(b["no"].encode(), dump)
        self.assertNotIn(code.encode(), dump)
        self.assertNotIn(code.lower().encode(), dump)

    def test_fast_track_flag_and_due_date_are_stored(self):
        b = self.file_ok(exhibition_payload(today_cst() + timedelta(days=3)))
        self.assertEqual(complaint_row(
            b["no"], "fast_track, DATE_FORMAT(accept_due, '%Y-%m-%d')"),
            ["1", b["due"]["accept"]["date"]])


def due_state(cal, today, due):
    """The state SPEC gives a running limit: overdue past it, warning
    within warning_before working days of it, else on time."""
    if today > due:
        return "overdue"
    if cal.workdays_between(today, due) <= cal.limits["warning_before"][0]:
        return "warning"
    return "on_time"


class DueDateTest(ApiTest):
    """Due dates come from the calendar in the database (holidays and
    make-up working days), never from a weekday rule alone."""

    @classmethod
    def setUpClass(cls):
        cls.cal = Calendar()

    def received(self, b):
        return parse_time(b["received_at"]).date()

    def check_due(self, b, limit):
        due = b["due"]["accept"]
        start = self.received(b)
        want, prov = self.cal.due(limit, start)
        self.assertEqual(due["date"], want.isoformat(), b)
        self.assertEqual(due["provisional"], prov, b)
        self.assertEqual(due["working_days_left"],
                         self.cal.workdays_between(start, want), b)
        self.assertEqual(due["state"], due_state(self.cal, start, want))
        return due

    def test_complaint_must_be_accepted_within_seven_working_days(self):
        b = self.file_ok(complaint_payload())
        due = self.check_due(b, "complaint_accept")
        self.assertEqual(due["working_days_left"], 7)
        self.assertEqual(due["state"], "on_time")
        self.assertEqual(due["state_label"], "正常")

    def test_report_must_be_decided_within_fifteen_working_days(self):
        b = self.file_ok(report_payload())
        due = self.check_due(b, "report_decide")
        self.assertEqual(due["working_days_left"], 15)

    def test_due_date_is_a_working_day_after_receipt(self):
        for b in (self.file_ok(complaint_payload()),
                  self.file_ok(report_payload())):
            d = parse_time(b["due"]["accept"]["date"] + "T00:00:00+08:00")
            self.assertTrue(self.cal.is_workday(d.date()), b)
            self.assertGreater(d.date(), self.received(b))

    def test_due_date_is_kept_in_the_database(self):
        b = self.file_ok(complaint_payload())
        row = complaint_row(b["no"], "DATE_FORMAT(received_day, '%Y-%m-%d'),"
                            " DATE_FORMAT(accept_due, '%Y-%m-%d'), "
                            "accept_due_provisional")
        self.assertEqual(row, [self.received(b).isoformat(),
                               b["due"]["accept"]["date"],
                               "1" if b["due"]["accept"]["provisional"]
                               else "0"])


class FastTrackTest(ApiTest):
    """Exhibition cases (展中快速处理) go on the fast track: an answer
    within 1 working day, and before the exhibition ends."""

    @classmethod
    def setUpClass(cls):
        cls.cal = Calendar()

    def test_exhibition_complaint_is_on_the_fast_track(self):
        end = today_cst() + timedelta(days=10)
        b = self.file_ok(exhibition_payload(end))
        self.assertTrue(b["fast_track"])
        start = parse_time(b["received_at"]).date()
        want, _ = self.cal.due("fast_track", start)
        self.assertEqual(b["due"]["accept"]["date"], want.isoformat())
        self.assertLessEqual(b["due"]["accept"]["working_days_left"], 1)
        # One working day left is within the warning margin: "due soon".
        self.assertEqual(b["due"]["accept"]["state"],
                         due_state(self.cal, start, want))

    def test_fast_track_is_due_within_one_working_day(self):
        b = self.file_ok(exhibition_payload(today_cst() + timedelta(days=30)))
        start = parse_time(b["received_at"]).date()
        due = parse_time(b["due"]["accept"]["date"] + "T00:00+08:00").date()
        self.assertLessEqual(self.cal.workdays_between(start, due), 1)
        self.assertGreater(due, start)

    def test_fast_track_is_due_before_the_exhibition_ends(self):
        end = today_cst()
        b = self.file_ok(exhibition_payload(end))
        self.assertTrue(b["fast_track"])
        self.assertLessEqual(b["due"]["accept"]["date"], end.isoformat())
        self.assertEqual(b["due"]["accept"]["working_days_left"], 0)

    def test_fast_track_shows_in_the_timeline_event(self):
        b = self.file_ok(exhibition_payload(today_cst() + timedelta(days=2)))
        cid = complaint_row(b["no"], "id")[0]
        self.assertEqual(sql_value(
            "SELECT detail FROM case_event WHERE case_type = 'complaint' "
            "AND case_id = %s AND seq = 1" % cid), '{"fast_track":true}')

    def test_exhibition_is_shown_with_the_case(self):
        end = today_cst() + timedelta(days=4)
        p = exhibition_payload(end)
        b = self.file_ok(p)
        v = self.view_ok(b["no"], b["access_code"])
        self.assertEqual(v["exhibition"], p["exhibition"])
        self.assertTrue(v["fast_track"])

    def test_other_scenes_are_not_on_the_fast_track(self):
        for scene in ("specialised_market", "import_export", "offline_shop",
                      "other"):
            with self.subTest(scene=scene):
                b = self.file_ok(report_payload(scene=scene))
                self.assertFalse(b["fast_track"])


class NoCaseOnErrorTest(ApiTest):

    def test_a_refused_filing_leaves_no_case(self):
        title = "不应入库 %s" % token(6)
        p = complaint_payload(title=title, district="110105")
        self.assertInvalid(self.file(p), ("district", "unknown_district"))
        self.assertEqual(count_complaints("title = %s" % q(title)), 0)


class CalendarWalkTest(ApiTest):
    """
    Due dates across public holidays, make-up working days and years
    without an official schedule.  The harness runs the server with a
    test clock (debug_clock = on: X-Debug-Now sets "now" per request), so
    these tests file "on" chosen days; the expected dates come from the
    calendar in the database, and a weekday-only count must differ where
    the calendar says so.  Skipped when the server ignores X-Debug-Now.
    """

    @classmethod
    def setUpClass(cls):
        cls.cal = Calendar()
        r = CalendarWalkTest.file_on_cls("2026-09-30T10:00:00+08:00",
                                         report_payload())
        cls.clock = r.status == 201 and \
            r.json["received_at"].startswith("2026-09-30T10:00:00")

    @staticmethod
    def file_on_cls(when, payload):
        return post_json("/api/v1/complaints", payload,
                         headers={"X-Debug-Now": when})

    def setUp(self):
        if not self.clock:
            self.skipTest("the server ignores X-Debug-Now (debug_clock off)")

    def file_on(self, day, payload):
        r = self.file_on_cls(day.isoformat() + "T10:00:00+08:00", payload)
        self.assertEqual(r.status, 201, r)
        b = r.json
        self.assertEqual(parse_time(b["received_at"]).date(), day)
        return b

    def weekday_rule(self, start, n):
        d = start
        while n > 0:
            d += timedelta(days=1)
            n -= d.weekday() < 5
        return d

    def holidays_between(self, a, b):
        return [d for d, k in self.cal.days.items() if a < d <= b]

    def check(self, day, payload, limit):
        b = self.file_on(day, payload)
        want, prov = self.cal.due(limit, day)
        self.assertEqual(b["due"]["accept"]["date"], want.isoformat(), b)
        self.assertEqual(b["due"]["accept"]["provisional"], prov, b)
        return b, want

    def test_complaint_filed_before_national_day_skips_the_holidays(self):
        day = date(2026, 9, 30)
        b, want = self.check(day, complaint_payload(), "complaint_accept")
        if self.holidays_between(day, want):
            self.assertNotEqual(want, self.weekday_rule(day, 7))
        self.assertRegex(b["no"], r"^TS20260930\d{8}$")

    def test_report_filed_before_spring_festival(self):
        self.check(date(2026, 2, 12), report_payload(), "report_decide")

    def test_make_up_saturday_is_a_working_day(self):
        """2026-10-10 is a Saturday worked instead of a holiday (调休)."""
        day = date(2026, 10, 9)
        b, want = self.check(day, exhibition_payload(date(2026, 10, 20)),
                             "fast_track")
        if self.cal.days.get(date(2026, 10, 10)) == "makeup":
            self.assertEqual(want, date(2026, 10, 10))

    def test_filed_on_a_holiday_counts_from_the_next_working_day(self):
        day = date(2026, 10, 3)
        self.check(day, exhibition_payload(date(2026, 10, 30)), "fast_track")
        self.check(day, complaint_payload(), "complaint_accept")

    def test_exhibition_ending_in_the_holidays_is_due_at_its_end(self):
        day, end = date(2026, 9, 30), date(2026, 10, 3)
        b = self.file_on(day, exhibition_payload(end))
        fast, _ = self.cal.due("fast_track", day)
        self.assertEqual(b["due"]["accept"]["date"],
                         min(fast, end).isoformat())

    def test_due_date_in_a_year_without_official_schedule_is_provisional(self):
        years = {int(y) for (y,) in sql("SELECT year FROM calendar_year "
                                         "WHERE status = 'official'")}
        last = max(years)
        b, want = self.check(date(last, 12, 28), complaint_payload(),
                             "complaint_accept")
        self.assertEqual(want.year, last + 1)
        self.assertTrue(b["due"]["accept"]["provisional"])

    def test_due_date_in_an_official_year_is_not_provisional(self):
        years = sorted(int(y) for (y,) in sql(
            "SELECT year FROM calendar_year WHERE status = 'official'"))
        b, _ = self.check(date(years[0], 6, 1), complaint_payload(),
                          "complaint_accept")
        self.assertFalse(b["due"]["accept"]["provisional"])
