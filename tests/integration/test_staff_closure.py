"""
How cases end (SPEC section 1): the submitter's feedback (回访) only after
resolution and only once, closing the case; reopening within the
configured window (reopen_window = 30 days) and not after, walked with
the test clock; `ipdesk-admin sweep` closing cases resolved longer than
close_after (15 days) ago without feedback (resolved_at is backdated in
the database for the test).
"""
from datetime import date, datetime, timedelta

from ipdesk import (CST, StaffTest, admin_ok, case_in, complaint_payload,
                    fresh_address, post_json, report_payload, sql_exec, team,
                    q)


def feedback(b, score=5, comment=None, **kw):
    body = {"score": score}
    if comment is not None:
        body["comment"] = comment
    return post_json("/api/v1/complaints/%s/feedback" % b["no"], body,
                     code=b["access_code"], **kw)


def at(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=CST)


class FeedbackTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = team()

    def test_feedback_after_resolution_closes_the_case(self):
        t = self.t
        b = case_in("resolved")
        r = feedback(b, 4, "处理及时，态度很好。")
        v = self.assertStatus(r, 200)
        self.assertEqual(v["status"], "closed")
        self.assertEqual(v["feedback"]["score"], 4)
        self.assertEqual(v["feedback"]["comment"], "处理及时，态度很好。")
        self.assertEqual([e["action"] for e in v["timeline"]][-2:],
                         ["feedback", "closed"])
        s = t.desk.view(b["no"]).json
        self.assertEqual(s["status"], "closed")
        self.assertIsNotNone(s["closed_at"])
        self.assertEqual(s["feedback"]["score"], 4)
        ev = [e for e in t.desk.events(b["no"]).json["events"]
              if e["action"] in ("feedback", "closed")]
        self.assertEqual([(e["action"], e["actor"], e["from"], e["to"])
                          for e in ev],
                         [("feedback", "public", None, None),
                          ("closed", "public", "resolved", "closed")])
        self.assertEqual(ev[0]["detail"], {"score": 4})

    def test_feedback_only_once(self):
        b = case_in("resolved")
        self.assertEqual(feedback(b, 5).status, 200)
        r = feedback(b, 1, "改主意了")
        self.assertProblem(r, 409, "state-conflict")
        self.assertEqual(self.view_ok(b["no"], b["access_code"])
                         ["feedback"]["score"], 5)

    def test_feedback_before_resolution_is_409(self):
        for state in ("submitted", "accepted", "assigned", "suspended",
                      "rejected", "withdrawn", "merged"):
            with self.subTest(state=state):
                b = case_in(state)
                r = feedback(b, 3)
                self.assertProblem(r, 409, "state-conflict")
                self.assertNotIn("feedback",
                                 self.view_ok(b["no"], b["access_code"]))

    def test_feedback_needs_the_access_code(self):
        b = case_in("resolved")
        src = fresh_address()
        r = post_json("/api/v1/complaints/%s/feedback" % b["no"],
                      {"score": 5}, code="WRONG999", source=src)
        self.assertProblem(r, 404, "not-found")
        # Staff tokens do not stand in for the submitter.
        r = post_json("/api/v1/complaints/%s/feedback" % b["no"],
                      {"score": 5}, headers=self.t.desk.headers(),
                      source=src)
        self.assertProblem(r, 404, "not-found")
        self.assertEqual(self.t.desk.view(b["no"]).json["status"],
                         "resolved")

    def test_reopened_case_takes_feedback_only_when_resolved_again(self):
        t = self.t
        b = case_in("resolved", report_payload(anonymous=False))
        t.supervisor.act_ok(b["no"], "reopen", reason="举报人有异议")
        self.assertProblem(feedback(b), 409, "state-conflict")
        t.desk.act_ok(b["no"], "resolve", outcome="no_infringement",
                      public_reply="复查后仍未发现违法行为。")
        self.assertEqual(feedback(b, 2).status, 200)


class ReopenWindowTest(StaffTest):
    """Resolved 1 September 2026 (test clock): reopenable up to 30 days
    later (1 October), not on 2 October."""

    @classmethod
    def setUpClass(cls):
        cls.t = team()
        cls.resolved_on = date(2026, 9, 1)

    def resolved_case(self):
        """Filed, accepted, assigned and resolved on 1 September."""
        b = case_in("resolved", complaint_payload(),
                    now=at(self.resolved_on))
        v = self.t.desk.view(b["no"]).json
        self.assertTrue(v["resolved_at"].startswith(
            self.resolved_on.isoformat()), v["resolved_at"])
        return b

    def test_reopen_on_the_last_day_of_the_window(self):
        t = self.t
        b = self.resolved_case()
        day = self.resolved_on + timedelta(days=30)
        v = t.supervisor.act_ok(b["no"], "reopen", now=at(day, 17),
                                reason="当事人反映和解协议未履行")
        self.assertEqual(v["status"], "assigned")
        self.assertIsNone(v["resolved_at"])
        # The handling clock starts again from the day of reopening.
        from ipdesk import Calendar
        want, _ = Calendar().due("complaint_mediation", day)
        self.assertEqual(v["due"]["resolve"]["date"], want.isoformat())

    def test_reopen_after_the_window_is_409(self):
        t = self.t
        b = self.resolved_case()
        for days in (31, 45, 200):
            with self.subTest(days=days):
                day = self.resolved_on + timedelta(days=days)
                r = t.supervisor.act(b["no"], "reopen", now=at(day),
                                     reason="太晚了")
                p = self.assertProblem(r, 409, "state-conflict")
                self.assertTrue(p["detail"])
        self.assertEqual(t.desk.view(b["no"]).json["status"], "resolved")

    def test_handler_reopens_within_the_window(self):
        t = self.t
        b = self.resolved_case()
        v = t.desk.act_ok(b["no"], "reopen",
                          now=at(self.resolved_on + timedelta(days=3)),
                          reason="补充调查")
        self.assertEqual(v["status"], "assigned")

    def test_closed_case_cannot_be_reopened(self):
        t = self.t
        b = case_in("closed")
        self.assertConflictNaming(t.supervisor.act(b["no"], "reopen",
                                                   reason="x"), "closed")


class SweepTest(StaffTest):
    """`ipdesk-admin sweep` (daily): resolved cases without feedback are
    closed once close_after (15) days have passed since resolution."""

    @classmethod
    def setUpClass(cls):
        cls.t = team()

    def backdate(self, no, days):
        sql_exec("UPDATE complaint SET resolved_at = resolved_at - INTERVAL "
                 "%d DAY WHERE no = %s" % (days, q(no)))

    def status(self, no):
        return self.t.supervisor.view(no).json["status"]

    def test_sweep_closes_old_resolved_cases_only(self):
        old = case_in("resolved")
        recent = case_in("resolved")
        fresh = case_in("resolved")
        self.backdate(old["no"], 16)
        self.backdate(recent["no"], 14)
        open_case = case_in("assigned")
        out = admin_ok("sweep")
        self.assertRegex(out, r"closed \d+ resolved case")
        self.assertEqual(self.status(old["no"]), "closed")
        self.assertEqual(self.status(recent["no"]), "resolved")
        self.assertEqual(self.status(fresh["no"]), "resolved")
        self.assertEqual(self.status(open_case["no"]), "assigned")
        ev = self.t.supervisor.events(old["no"]).json["events"]
        last = ev[-1]
        self.assertEqual((last["action"], last["actor"], last["from"],
                          last["to"]), ("closed", "system", "resolved",
                                        "closed"))
        self.assertEqual(last["detail"], {"reason": "no_feedback"})
        pub = self.view_ok(old["no"], old["access_code"])
        self.assertEqual(pub["status"], "closed")
        self.assertEqual(pub["timeline"][-1]["action"], "closed")

    def test_sweep_twice_closes_once(self):
        b = case_in("resolved")
        self.backdate(b["no"], 20)
        admin_ok("sweep")
        admin_ok("sweep")
        ev = self.t.supervisor.events(b["no"]).json["events"]
        self.assertEqual([e["action"] for e in ev].count("closed"), 1)

    def test_swept_case_keeps_what_it_had(self):
        b = case_in("resolved")
        before = self.t.supervisor.view(b["no"]).json
        self.backdate(b["no"], 30)
        admin_ok("sweep")
        after = self.t.supervisor.view(b["no"]).json
        for k in ("outcome", "public_reply", "department", "assignee",
                  "complainant"):
            self.assertEqual(after[k], before[k], k)
        self.assertEqual(after["status"], "closed")
        self.assertIsNotNone(after["closed_at"])
