"""
Withdrawing a case: POST /api/v1/complaints/{no}/withdraw with the access
code.  Any open state may be withdrawn; a withdrawn case cannot be
withdrawn again (409) nor take more evidence.
"""
from ipdesk import (ApiTest, complaint_row, exhibition_payload,
                    fresh_address, get, multipart, pdf_bytes, post, post_json,
                    report_payload, sql, today_cst, unknown_no)


def withdraw(no, code, body=None, **kw):
    path = "/api/v1/complaints/%s/withdraw" % no
    if body is None:
        return post(path, code=code, **kw)
    return post_json(path, body, code=code, **kw)


class WithdrawTest(ApiTest):

    def test_withdraw_answers_the_view_with_status_withdrawn(self):
        b = self.file_ok()
        r = withdraw(b["no"], b["access_code"], {"reason": "已与对方和解"})
        self.assertEqual(r.status, 200, r)
        v = r.json
        self.assertEqual(v["no"], b["no"])
        self.assertEqual(v["status"], "withdrawn")
        self.assertEqual(v["status_label"], "已撤回")
        self.assertEqual([e["action"] for e in v["timeline"]],
                         ["submitted", "withdrawn"])
        self.assertEqual(v["timeline"][-1]["status"], "withdrawn")

    def test_withdrawn_case_shows_so_afterwards(self):
        b = self.file_ok(report_payload())
        self.assertEqual(withdraw(b["no"], b["access_code"]).status, 200)
        v = self.view_ok(b["no"], b["access_code"], lang="en")
        self.assertEqual(v["status"], "withdrawn")
        self.assertEqual(v["status_label"], "Withdrawn")
        self.assertEqual(v["timeline"][-1]["status_label"], "Withdrawn")

    def test_withdrawal_is_an_event_of_the_case(self):
        b = self.file_ok()
        withdraw(b["no"], b["access_code"], {"reason": "不再需要"})
        cid, status = complaint_row(b["no"], "id, status")
        self.assertEqual(status, "withdrawn")
        self.assertEqual(sql(
            "SELECT seq, action, from_status, to_status, public FROM "
            "case_event WHERE case_type = 'complaint' AND case_id = %s "
            "ORDER BY seq" % cid),
            [["1", "submitted", None, "submitted", "1"],
             ["2", "withdrawn", "submitted", "withdrawn", "1"]])

    def test_withdraw_without_a_body(self):
        b = self.file_ok()
        self.assertEqual(withdraw(b["no"], b["access_code"]).status, 200)

    def test_fast_track_case_can_be_withdrawn(self):
        b = self.file_ok(exhibition_payload(today_cst()))
        self.assertEqual(withdraw(b["no"], b["access_code"], {}).status,
                         200)

    def test_second_withdrawal_is_a_conflict(self):
        b = self.file_ok()
        self.assertEqual(withdraw(b["no"], b["access_code"]).status, 200)
        r = withdraw(b["no"], b["access_code"])
        p = self.assertProblem(r, 409, "state-conflict")
        self.assertIn("已撤回", p["detail"])
        r = withdraw(b["no"], b["access_code"], lang="en")
        p = self.assertProblem(r, 409, "state-conflict")
        self.assertIn("Withdrawn", p["detail"])

    def test_withdrawn_case_takes_no_evidence(self):
        b = self.file_ok()
        withdraw(b["no"], b["access_code"])
        body, ct = multipart([("file", "a.pdf", pdf_bytes(), None)])
        r = post("/api/v1/complaints/%s/evidence" % b["no"], body, ctype=ct,
                 code=b["access_code"])
        self.assertProblem(r, 409, "state-conflict")

    def test_wrong_code_cannot_withdraw(self):
        b = self.file_ok()
        src = fresh_address()
        bad = ("3" if b["access_code"][0] == "2" else "2") + \
            b["access_code"][1:]
        self.assertProblem(withdraw(b["no"], bad, source=src), 404,
                           "not-found")
        self.assertProblem(withdraw(b["no"], None, source=src), 404)
        self.assertEqual(complaint_row(b["no"], "status"), ["submitted"])

    def test_unknown_case_cannot_be_withdrawn(self):
        self.assertProblem(withdraw(unknown_no(), "ABCDEFGH",
                                    source=fresh_address()), 404)

    def test_reason_is_checked(self):
        b = self.file_ok()
        self.assertInvalid(withdraw(b["no"], b["access_code"],
                                    {"reason": "因" * 501}),
                           ("reason", "too_long"))
        self.assertInvalid(withdraw(b["no"], b["access_code"],
                                    {"reason": 5}), ("reason", "wrong_type"))
        self.assertInvalid(withdraw(b["no"], b["access_code"],
                                    {"why": "x"}), ("why", "unknown_field"))
        self.assertInvalid(withdraw(b["no"], b["access_code"],
                                    {"reason": "a\u0007"}),
                           ("reason", "forbidden_character"))
        self.assertEqual(complaint_row(b["no"], "status"), ["submitted"])

    def test_withdraw_body_must_be_json(self):
        b = self.file_ok()
        path = "/api/v1/complaints/%s/withdraw" % b["no"]
        self.assertProblem(post(path, b"reason=x", code=b["access_code"],
                                ctype="application/x-www-form-urlencoded"),
                           415, "unsupported-media-type")
        self.assertProblem(post(path, b"{", code=b["access_code"],
                                ctype="application/json"),
                           400, "malformed-body")

    def test_withdraw_body_over_4_kib_is_413(self):
        b = self.file_ok()
        body = ('{"reason":"%s"}' % ("x" * 5000)).encode()
        r = post("/api/v1/complaints/%s/withdraw" % b["no"], body,
                 code=b["access_code"], ctype="application/json")
        self.assertProblem(r, 413, "too-large")
        self.assertEqual(complaint_row(b["no"], "status"), ["submitted"])

    def test_withdraw_by_get_is_405(self):
        b = self.file_ok()
        r = get("/api/v1/complaints/%s/withdraw" % b["no"],
                code=b["access_code"])
        self.assertProblem(r, 405)
        self.assertEqual(r.header("Allow"), "POST")
