"""
Looking a case up with its tracking number and access code: GET
/api/v1/complaints/{no} with X-Access-Code.  The public view (status,
timeline, due dates, masked personal data); wrong codes answer 404 like
unknown cases and are throttled (429) per client address and per case.

Every test that sends a wrong code sends it from a loopback address of
its own (fresh_address): the application counts failures per address.
"""
import unittest

from ipdesk import (ACCESS_CODES, RESIDENT_ID, ApiTest, can_send_from,
                    complaint_payload, fresh_address, get, make_mobile,
                    make_resident_id, multipart, pdf_bytes, person, post,
                    post_json, report_payload, request, token, unknown_no)

def wrong_code(code):
    """A well-formed code that is not this one."""
    c = "2" if code[0] != "2" else "3"
    return c + code[1:]


class PublicViewTest(ApiTest):

    @classmethod
    def setUpClass(cls):
        cls.payload = complaint_payload()
        r = post_json("/api/v1/complaints", cls.payload)
        assert r.status == 201, r
        cls.created = r.json
        cls.no = r.json["no"]
        cls.code = r.json["access_code"]
        ACCESS_CODES.add(cls.code)

    def test_view_shows_status_due_dates_and_timeline(self):
        v = self.view_ok(self.no, self.code)
        self.assertEqual(v["no"], self.no)
        self.assertEqual(v["kind"], "complaint")
        self.assertEqual(v["status"], "submitted")
        self.assertEqual(v["status_label"], "已提交")
        self.assertEqual(v["due"]["accept"]["date"],
                         self.created["due"]["accept"]["date"])
        self.assertEqual(v["received_at"], self.created["received_at"])
        self.assertEqual(len(v["timeline"]), 1)
        ev = v["timeline"][0]
        self.assertEqual((ev["action"], ev["status"]),
                         ("submitted", "submitted"))
        self.assertEqual(ev["at"], self.created["received_at"])
        self.assertIsNone(v["public_reply"])
        self.assertEqual(v["evidence"], [])

    def test_view_shows_what_was_filed(self):
        v = self.view_ok(self.no, self.code)
        p = self.payload
        for k in ("ip_type", "scene", "channel", "district", "title",
                  "description", "demands"):
            self.assertEqual(v[k], p[k], k)
        self.assertEqual(v["district_label"], "惠城区")
        self.assertEqual(v["respondent"]["name"], p["respondent"]["name"])
        self.assertEqual(v["respondent"]["uscc"], p["respondent"]["uscc"])
        self.assertFalse(v["anonymous"])

    def test_view_does_not_show_the_access_code(self):
        r = self.view(self.no, self.code)
        self.assertNotIn(self.code.encode(), r.body)

    def test_view_in_english(self):
        r = self.view(self.no, self.code, lang="en")
        self.assertEqual(r.status, 200, r)
        v = r.json
        self.assertEqual(v["status_label"], "Submitted")
        self.assertEqual(v["district_label"], "Huicheng District")
        self.assertEqual(v["due"]["accept"]["state_label"], "On time")
        self.assertEqual(v["timeline"][0]["status_label"], "Submitted")
        self.assertEqual(r.header("Content-Language"), "en")

    def test_access_code_is_not_case_sensitive(self):
        self.view_ok(self.no, self.code.lower())

    def test_head_answers_without_body(self):
        r = request("HEAD", "/api/v1/complaints/" + self.no, code=self.code)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, b"")


class MaskingTest(ApiTest):
    """Personal data (PIPL) is masked in every public answer."""

    def test_identity_number_phone_name_and_email_are_masked(self):
        idn = make_resident_id()
        phone = make_mobile()
        p = complaint_payload(complainant=person(
            id_number=idn, phone=phone, name="欧阳翊晞",
            email="zhangsan@example.com"))
        b = self.file_ok(p)
        r = self.view(b["no"], b["access_code"])
        c = r.json["complainant"]
        self.assertEqual(c["id_number"], idn[:4] + "*" * 10 + idn[-4:])
        self.assertEqual(c["phone"], phone[:3] + "****" + phone[-4:])
        self.assertEqual(c["name"], "欧***")
        self.assertEqual(c["email"], "z***@example.com")
        self.assertEqual(c["id_type"], "resident_id")
        for secret in (idn, phone, "欧阳翊晞", "zhangsan",
                       p["complainant"]["address"]):
            self.assertNotIn(secret.encode(), r.body)

    def test_spec_example_masks(self):
        b = self.file_ok(complaint_payload(complainant=person(
            id_number=RESIDENT_ID, phone="13812345678")))
        c = self.view_ok(b["no"], b["access_code"])["complainant"]
        self.assertEqual(c["id_number"], "1101**********002X")
        self.assertEqual(c["phone"], "138****5678")

    def test_phone_written_with_country_code_is_masked(self):
        p = complaint_payload()
        p["complainant"]["phone"] = "+86 139 1234 5678"
        b = self.file_ok(p)
        c = self.view_ok(b["no"], b["access_code"])["complainant"]
        self.assertEqual(c["phone"], "139****5678")

    def test_other_documents_are_masked(self):
        for id_type, number in (("passport", "E12345678"),
                                ("hk_macao_permit", "H1234567890"),
                                ("other", "证件号码ABC123456")):
            with self.subTest(id_type=id_type):
                b = self.file_ok(complaint_payload(complainant=person(
                    id_type=id_type, id_number=number)))
                r = self.view(b["no"], b["access_code"])
                self.assertNotIn(number.encode(), r.body)
                shown = r.json["complainant"]["id_number"]
                self.assertEqual(len(shown), len(number))
                self.assertIn("*", shown)

    def test_named_reporter_is_masked(self):
        p = report_payload(anonymous=False)
        b = self.file_ok(p)
        r = self.view(b["no"], b["access_code"])
        c = r.json["complainant"]
        self.assertFalse(r.json["anonymous"])
        self.assertEqual(c["name"], p["complainant"]["name"][0] + "*" * (
            len(p["complainant"]["name"]) - 1))
        self.assertNotIn(p["complainant"]["phone"].encode(), r.body)
        self.assertNotIn(p["complainant"]["name"].encode("utf-8"), r.body)

    def test_anonymous_report_shows_no_complainant(self):
        b = self.file_ok(report_payload(anonymous=True))
        v = self.view_ok(b["no"], b["access_code"])
        self.assertTrue(v["anonymous"])
        self.assertIsNone(v["complainant"])


class NotFoundTest(ApiTest):

    def test_wrong_code_is_404_like_an_unknown_case(self):
        src = fresh_address()
        b = self.file_ok()
        wrong = self.view(b["no"], wrong_code(b["access_code"]), source=src)
        unknown = self.view(b["no"][:-8] + "00000000", b["access_code"],
                            source=src)
        for r in (wrong, unknown):
            self.assertProblem(r, 404, "not-found")
        self.assertEqual(wrong.json, unknown.json)
        self.assertNotIn(b["no"].encode(), wrong.body)

    def test_missing_or_empty_code_is_404(self):
        src = fresh_address()
        b = self.file_ok()
        self.assertProblem(get("/api/v1/complaints/" + b["no"], source=src),
                           404, "not-found")
        self.assertProblem(self.view(b["no"], "", source=src), 404)

    def test_code_of_another_case_is_404(self):
        src = fresh_address()
        a, b = self.file_ok(), self.file_ok()
        self.assertProblem(self.view(a["no"], b["access_code"], source=src),
                           404)

    def test_odd_codes_are_404_not_errors(self):
        src = fresh_address()
        b = self.file_ok()
        for code in ("A" * 64, "A" * 65, "' OR '1'='1", "%00", "码码码码"):
            with self.subTest(code=code):
                r = get("/api/v1/complaints/" + b["no"], source=src,
                        headers={"X-Access-Code":
                                 code.encode("utf-8").decode("latin-1")})
                self.assertProblem(r, 404)

    def test_odd_tracking_numbers_are_404(self):
        src = fresh_address()
        for no in ("X", "TS" + "1" * 62, "TS2026-01_01", "0"):
            with self.subTest(no=no):
                self.assertProblem(self.view(no, "ABCDEFGH", source=src), 404)

    def test_english_404(self):
        src = fresh_address()
        r = self.view(unknown_no(), "ABCDEFGH", lang="en",
                      source=src)
        p = self.assertProblem(r, 404)
        self.assertEqual(p["title"], "Not found")


@unittest.skipUnless(can_send_from("127.0.3.3"),
                     "cannot send from 127.0.x.y on this machine")
class ThrottleTest(ApiTest):
    """10 wrong codes per client address, 30 per case, in 15 minutes."""

    def test_repeated_wrong_codes_are_throttled_per_address(self):
        src = fresh_address()
        b = self.file_ok()
        bad = wrong_code(b["access_code"])
        for i in range(10):
            r = self.view(b["no"], bad, source=src)
            self.assertProblem(r, 404)
        r = self.view(b["no"], bad, source=src)
        self.assertProblem(r, 429, "throttled")
        self.assertGreater(int(r.header("Retry-After", "0")), 0, r.headers)
        # The right code from that address is refused too, for a while...
        self.assertProblem(self.view(b["no"], b["access_code"], source=src),
                           429)
        # ...but the owner, elsewhere, is not locked out.
        self.view_ok(b["no"], b["access_code"], source=fresh_address())

    def test_throttled_address_is_refused_on_other_cases_too(self):
        src = fresh_address()
        a, b = self.file_ok(), self.file_ok()
        for i in range(10):
            self.view(a["no"], wrong_code(a["access_code"]), source=src)
        self.assertProblem(self.view(b["no"], b["access_code"], source=src),
                           429)

    def test_unknown_case_numbers_count_as_failures(self):
        src = fresh_address()
        for i in range(10):
            self.assertProblem(self.view(unknown_no(), "ABCDEFGH",
                                         source=src), 404)
        self.assertProblem(self.view(unknown_no(), "ABCDEFGH",
                                     source=src), 429)

    def test_a_case_is_throttled_after_thirty_failures(self):
        """Many addresses guessing one case: after 30 failures the case
        answers 429 to everyone for the window."""
        b = self.file_ok()
        bad = wrong_code(b["access_code"])
        for i in range(30):
            if i % 5 == 0:
                src = fresh_address()
            self.assertProblem(self.view(b["no"], bad, source=src), 404)
        self.assertProblem(self.view(b["no"], b["access_code"],
                                     source=fresh_address()), 429)

    def test_throttle_in_english(self):
        src = fresh_address()
        for i in range(10):
            self.view(unknown_no(), "ABCDEFGH", source=src)
        r = self.view(unknown_no(), "ABCDEFGH", source=src,
                      lang="en")
        p = self.assertProblem(r, 429, "throttled")
        self.assertEqual(p["title"], "Too many requests")

    def test_wrong_codes_on_withdraw_are_throttled(self):
        src = fresh_address()
        b = self.file_ok()
        path = "/api/v1/complaints/%s/withdraw" % b["no"]
        bad = wrong_code(b["access_code"])
        for i in range(10):
            self.assertProblem(post(path, code=bad, source=src), 404)
        self.assertProblem(post(path, code=bad, source=src), 429)

    def test_wrong_codes_with_idempotency_keys_are_throttled(self):
        """A fresh Idempotency-Key on every guess must not reset the
        count of wrong codes (the guesses would then be free), on any
        route that takes the access code."""
        pdf = multipart([("file", "a.pdf", pdf_bytes(), None)])
        sends = {
            "withdraw": lambda base, bad, src: post(
                base + "withdraw", code=bad, key=token(), source=src),
            "feedback": lambda base, bad, src: post_json(
                base + "feedback", {"score": 5}, code=bad, key=token(),
                source=src),
            "evidence": lambda base, bad, src: post(
                base + "evidence", pdf[0], ctype=pdf[1], code=bad,
                key=token(), source=src),
        }
        for route, send in sends.items():
            with self.subTest(route=route):
                # A case per route: the case's own bucket (3x the
                # address's) must not lock the owner out here.
                b = self.file_ok()
                bad = wrong_code(b["access_code"])
                base = "/api/v1/complaints/%s/" % b["no"]
                src = fresh_address()
                statuses = [send(base, bad, src).status for i in range(12)]
                self.assertEqual(statuses[:10], [404] * 10)
                self.assertEqual(statuses[10:], [429, 429], statuses)
                v = self.view_ok(b["no"], b["access_code"])
                self.assertEqual((v["status"], v["evidence"]),
                                 ("submitted", []))
