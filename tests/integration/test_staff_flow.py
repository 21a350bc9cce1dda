"""
The lifecycle of complaints (投诉) and reports (举报) through nginx with
the tokens of each role (SPEC section 1): full walks from submission to
closure, every transition the table does not allow answering 409 with the
current state named, roles without an action answering 403, the fields
each action needs, and the event timeline each walk leaves.
"""
import itertools
from datetime import date

from ipdesk import (STATES_REACHABLE, Calendar, StaffTest, case_in,
                    complaint_payload, post, report_payload, sql, team, q)

ACTIONS = ("accept", "reject", "assign", "transfer", "suspend", "resume",
           "extend", "notify", "resolve", "close", "reopen", "merge")
OPEN = {"submitted", "accepted", "assigned", "suspended", "mediating"}
DECIDED = {"accepted", "assigned", "suspended", "mediating", "rejected",
           "resolved", "closed"}

# SPEC section 1: from which states each action may start, per track.
ALLOWED = {
    ("accept", "complaint"): {"submitted"},
    ("accept", "report"): {"submitted"},
    ("reject", "complaint"): {"submitted"},
    ("reject", "report"): {"submitted"},
    ("assign", "complaint"): {"accepted", "assigned"},
    ("assign", "report"): {"accepted", "assigned"},
    ("transfer", "complaint"): {"assigned", "suspended"},
    ("transfer", "report"): {"assigned", "suspended"},
    ("suspend", "complaint"): {"assigned"},
    ("suspend", "report"): {"assigned"},
    ("resume", "complaint"): {"suspended"},
    ("resume", "report"): {"suspended"},
    # A report's one extension of the time to decide; never a complaint.
    ("extend", "complaint"): set(),
    ("extend", "report"): {"submitted"},
    # Telling the named reporter of the decision; never a complaint.
    ("notify", "complaint"): set(),
    ("notify", "report"): DECIDED,
    ("resolve", "complaint"): {"assigned", "mediating"},
    ("resolve", "report"): {"assigned", "mediating"},
    ("close", "complaint"): {"resolved"},
    ("close", "report"): {"resolved"},
    ("reopen", "complaint"): {"resolved"},
    ("reopen", "report"): {"resolved"},
    ("merge", "complaint"): OPEN,
    ("merge", "report"): OPEN,
}


def payload_of(kind):
    return complaint_payload() if kind == "complaint" else \
        report_payload(anonymous=False)


class WalkTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = team()

    def test_complaint_from_submission_to_closure(self):
        t = self.t
        p = complaint_payload()
        b = self.file_ok(p)
        no, code = b["no"], b["access_code"]

        v = t.intake.act_ok(no, "accept", note="材料齐全，予以受理。")
        self.assertEqual(v["status"], "accepted")
        self.assertIsNotNone(v["decided_at"])
        self.assertIn("resolve", v["due"])
        self.assertEqual(t.intake.view(no).json["due"]["accept"]["state"],
                         "met")

        v = t.intake.act_ok(no, "assign", department="huicheng",
                            handler=t.hc.name)
        self.assertEqual((v["status"], v["department"], v["assignee"]),
                         ("assigned", "huicheng", t.hc.name))
        self.assertEqual(v["department_label"], "惠城区市场监督管理局")

        v = t.hc.act_ok(no, "suspend", suspend_reason="testing",
                        note="送检")
        self.assertEqual(v["status"], "suspended")
        self.assertEqual(v["suspend_reason"], "testing")
        self.assertIsNotNone(v["suspended_at"])
        self.assertEqual(v["due"]["resolve"]["state"], "suspended")
        self.assertIsNone(v["next_due"])

        v = t.hc.act_ok(no, "resume")
        self.assertEqual(v["status"], "assigned")
        self.assertIsNone(v["suspended_at"])
        self.assertIsNone(v["suspend_reason"])
        self.assertIsNotNone(v["next_due"])

        v = t.supervisor.act_ok(no, "transfer", department="huiyang",
                                reason="属惠阳区管辖")
        self.assertEqual((v["status"], v["department"], v["assignee"]),
                         ("assigned", "huiyang", None))
        # The case left huicheng: its handler no longer sees it.
        self.assertProblem(t.hc.view(no), 404, "not-found")

        v = t.hy.act_ok(no, "assign", department="huiyang", handler=t.hy.name)
        self.assertEqual(v["assignee"], t.hy.name)

        v = t.hy.act_ok(no, "resolve", outcome="settled",
                        public_reply="双方达成和解，被投诉人已下架侵权产品。")
        self.assertEqual(v["status"], "resolved")
        self.assertEqual(v["outcome"], "settled")
        self.assertIsNotNone(v["resolved_at"])
        self.assertIsNone(v["reward"])

        pub = self.view_ok(no, code)
        self.assertEqual(pub["status"], "resolved")
        self.assertEqual(pub["public_reply"],
                         "双方达成和解，被投诉人已下架侵权产品。")
        self.assertNotIn("reward", pub)
        self.assertNotIn("assignee", pub)

        v = t.supervisor.act_ok(no, "close", note="归档")
        self.assertEqual(v["status"], "closed")
        self.assertIsNotNone(v["closed_at"])

        actions = ["submitted", "accept", "assign", "suspend", "resume",
                   "transfer", "assign", "resolve", "close"]
        pub = self.view_ok(no, code)
        self.assertEqual([e["action"] for e in pub["timeline"]], actions)
        self.assertEqual(pub["timeline"][-1]["status"], "closed")

        ev = self.assertStatus(t.supervisor.events(no), 200)["events"]
        walk = [e for e in ev if e["action"] != "personal_data_viewed"]
        self.assertEqual([e["action"] for e in walk], actions)
        self.assertEqual([(e["from"], e["to"]) for e in walk], [
            (None, "submitted"), ("submitted", "accepted"),
            ("accepted", "assigned"), ("assigned", "suspended"),
            ("suspended", "assigned"), ("assigned", "assigned"),
            ("assigned", "assigned"), ("assigned", "resolved"),
            ("resolved", "closed")])
        self.assertEqual([e["actor"] for e in walk], [
            "public", "staff:" + t.intake.name, "staff:" + t.intake.name,
            "staff:" + t.hc.name, "staff:" + t.hc.name,
            "staff:" + t.supervisor.name, "staff:" + t.hy.name,
            "staff:" + t.hy.name, "staff:" + t.supervisor.name])
        self.assertEqual(walk[2]["detail"], {"department": "huicheng",
                                             "handler": t.hc.name})
        self.assertEqual(walk[3]["detail"]["suspend_reason"], "testing")
        self.assertEqual(walk[5]["detail"]["department"], "huiyang")
        self.assertEqual(walk[7]["detail"]["outcome"], "settled")

    def test_report_from_submission_to_closure(self):
        t = self.t
        cal = Calendar()
        b = self.file_ok(report_payload(anonymous=False))
        no, code = b["no"], b["access_code"]
        first_due = b["due"]["accept"]["date"]

        v = t.intake.act_ok(no, "extend", reason="需现场核查，延长核查期限。")
        self.assertEqual(v["status"], "submitted")
        self.assertTrue(v["extended"])
        want, _ = cal.due("report_extension", date.fromisoformat(first_due))
        self.assertEqual(v["due"]["accept"]["date"], want.isoformat())
        self.assertEqual(t.intake.view(no).json["next_due"], want.isoformat())
        r = t.intake.act(no, "extend", reason="再延一次")
        self.assertProblem(r, 409, "state-conflict")

        v = t.intake.act_ok(no, "accept")
        self.assertEqual(v["status"], "accepted")
        self.assertIn("notify_reporter", v["due"])
        self.assertEqual(v["next_due"], v["due"]["notify_reporter"]["date"])

        v = t.intake.act_ok(no, "notify", note="已电话告知举报人立案决定")
        self.assertIsNotNone(v["notified_at"])
        self.assertEqual(v["due"]["notify_reporter"]["state"], "met")
        self.assertProblem(t.intake.act(no, "notify"), 409, "state-conflict")

        v = t.intake.act_ok(no, "assign", department="huicheng")
        self.assertIsNone(v["assignee"])
        v = t.hc.act_ok(no, "assign", department="huicheng",
                        handler=t.hc2.name)
        self.assertEqual(v["assignee"], t.hc2.name)

        v = t.hc2.act_ok(no, "resolve", outcome="no_infringement",
                         public_reply="经现场检查，未发现违法行为。")
        self.assertEqual(v["status"], "resolved")

        v = t.supervisor.act_ok(no, "reopen", reason="举报人补充了新线索")
        self.assertEqual(v["status"], "assigned")
        self.assertIsNone(v["resolved_at"])

        v = t.hc2.act_ok(no, "resolve", outcome="referred_police",
                         public_reply="涉嫌犯罪，已移送公安机关。")
        self.assertEqual((v["status"], v["outcome"]),
                         ("resolved", "referred_police"))
        v = t.hc.act_ok(no, "close")
        self.assertEqual(v["status"], "closed")

        ev = self.assertStatus(t.hc.events(no), 200)["events"]
        self.assertEqual(
            [e["action"] for e in ev if e["action"] !=
             "personal_data_viewed"],
            ["submitted", "extend", "accept", "notify", "assign", "assign",
             "resolve", "reopen", "resolve", "close"])
        # Extensions and notifications are internal: not on the public
        # timeline.
        pub = self.view_ok(no, code)
        self.assertEqual([e["action"] for e in pub["timeline"]],
                         ["submitted", "accept", "assign", "assign",
                          "resolve", "reopen", "resolve", "close"])
        self.assertEqual(pub["status"], "closed")
        self.assertEqual(pub["public_reply"], "涉嫌犯罪，已移送公安机关。")

    def test_rejection_ends_the_case_with_its_reason(self):
        t = self.t
        b = self.file_ok()
        v = t.intake.act_ok(b["no"], "reject", ground="time_barred",
                            reason="知道侵权行为之日起已超过三年。")
        self.assertEqual(v["status"], "rejected")
        self.assertEqual(v["reject_ground"], "time_barred")
        self.assertIsNotNone(v["closed_at"])
        pub = self.view_ok(b["no"], b["access_code"])
        self.assertEqual(pub["status"], "rejected")
        self.assertEqual(pub["public_reply"], "知道侵权行为之日起已超过三年。")
        self.assertEqual(pub["due"]["accept"]["state"], "met")
        self.assertConflictNaming(t.intake.act(b["no"], "accept"), "rejected")

    def test_the_answer_to_a_decision_shows_the_accept_due_met(self):
        """The 200 of accept / reject is the case as it now is: its
        acceptance limit is met, as a GET right after says."""
        t = self.t
        for action, fields in (("accept", {}),
                               ("reject", {"ground": "material_missing",
                                           "reason": "缺少权属证明。"})):
            with self.subTest(action=action):
                b = self.file_ok()
                v = t.intake.act_ok(b["no"], action, **fields)
                after = t.intake.view(b["no"]).json
                self.assertEqual(after["due"]["accept"]["state"], "met")
                self.assertEqual(v["due"]["accept"], after["due"]["accept"])

    def test_rejecting_a_named_report_sets_the_notify_due_date(self):
        t = self.t
        b = self.file_ok(report_payload(anonymous=False))
        v = t.intake.act_ok(b["no"], "reject", ground="no_dispute",
                            reason="举报事项不属于知识产权违法行为。")
        self.assertIn("notify_reporter", v["due"])
        v = t.intake.act_ok(b["no"], "notify")
        self.assertIsNotNone(v["notified_at"])

    def test_anonymous_report_has_nobody_to_notify(self):
        t = self.t
        b = case_in("accepted", report_payload())
        v = t.intake.view(b["no"]).json
        self.assertNotIn("notify_reporter", v["due"])
        self.assertProblem(t.intake.act(b["no"], "notify"), 409,
                           "state-conflict")

    def test_withdrawn_case_takes_no_more_actions(self):
        t = self.t
        b = case_in("assigned")
        r = post("/api/v1/complaints/%s/withdraw" % b["no"],
                 code=b["access_code"])
        self.assertEqual(r.status, 200, r)
        v = t.desk.view(b["no"]).json
        self.assertEqual(v["status"], "withdrawn")
        self.assertIsNotNone(v["closed_at"])
        for action in ("resolve", "suspend", "transfer", "merge"):
            self.assertConflictNaming(t.desk.act(b["no"], action),
                                      "withdrawn")

    def test_reassigning_within_the_department(self):
        t = self.t
        b = case_in("assigned", handler=t.hc.name)
        v = t.hc.act_ok(b["no"], "assign", department="huicheng",
                        handler=t.hc2.name)
        self.assertEqual(v["assignee"], t.hc2.name)
        # Suspended cases can be transferred; they stay suspended.
        t.hc2.act_ok(b["no"], "suspend", suspend_reason="appraisal")
        v = t.hc.act_ok(b["no"], "transfer", department="enforcement",
                        reason="需稽查支队处理")
        self.assertEqual((v["status"], v["department"]),
                         ("suspended", "enforcement"))

    def test_action_answers_are_idempotent_by_key(self):
        t = self.t
        b = self.file_ok()
        r1 = t.intake.act(b["no"], "accept", key="accept-" + b["no"])
        r2 = t.intake.act(b["no"], "accept", key="accept-" + b["no"])
        self.assertEqual((r1.status, r2.status), (200, 200), (r1, r2))
        self.assertEqual(r2.json["status"], "accepted")
        self.assertEqual([e[2] for e in self.case_events(b["no"])].count(
            "accept"), 1)


class ForbiddenTransitionTest(StaffTest):
    """
    For every state a case of either track can reach through the API,
    every action the table does not allow from it answers 409, with the
    state named in the detail, and changes nothing.  "desk" holds every
    acting role (intake, handler of the case's department, supervisor), so
    a 409 here is never a role question.
    """

    @classmethod
    def setUpClass(cls):
        cls.t = team()
        cls.cases = {}
        for kind in ("complaint", "report"):
            for st in STATES_REACHABLE:
                cls.cases[kind, st] = case_in(st, payload_of(kind))["no"]

    def snapshot(self, no):
        return (sql("SELECT status, department_id, assignee_id, extended, "
                    "notified_at, merged_into, closed_at FROM complaint "
                    "WHERE no = %s" % q(no)),
                len(self.case_events(no)))

    def test_every_state_of_the_walk_was_reached(self):
        for (kind, st), no in self.cases.items():
            with self.subTest(kind=kind, state=st):
                self.assertEqual(self.t.desk.view(no).json["status"], st)

    def test_actions_not_allowed_from_a_state_are_409_naming_it(self):
        desk = self.t.desk
        for (kind, st), no in sorted(self.cases.items()):
            before = self.snapshot(no)
            for action in ACTIONS:
                if st in ALLOWED[action, kind]:
                    continue
                with self.subTest(kind=kind, state=st, action=action):
                    r = desk.act(no, action)
                    p = self.assertConflictNaming(r, "（%s）" % st)
                    self.assertIn(st, p["detail"])
            with self.subTest(kind=kind, state=st, check="unchanged"):
                self.assertEqual(self.snapshot(no), before)

    def test_conflict_detail_in_english(self):
        no = self.cases["complaint", "closed"]
        r = self.t.desk.act(no, "resolve", lang="en",
                            outcome="other", public_reply="x")
        p = self.assertConflictNaming(r, "(closed)")
        self.assertIn("Closed", p["detail"])

    def test_track_only_actions_are_409_on_the_other_track(self):
        desk = self.t.desk
        for st in ("submitted", "accepted", "assigned", "resolved"):
            no = self.cases["complaint", st]
            with self.subTest(state=st):
                self.assertConflictNaming(
                    desk.act(no, "extend", reason="延长"), st)
                self.assertConflictNaming(desk.act(no, "notify"), st)

    def test_conflicts_win_over_missing_fields(self):
        """A transition that is not allowed is 409 even when its fields are
        missing too: the state is the reason, not the body."""
        desk = self.t.desk
        no = self.cases["report", "closed"]
        for action in ("reject", "assign", "resolve", "suspend", "merge",
                       "transfer"):
            with self.subTest(action=action):
                self.assertConflictNaming(desk.act(no, action), "closed")


class RoleTest(StaffTest):
    """A role the table does not name for an action is 403, and the case
    stays as it was."""

    @classmethod
    def setUpClass(cls):
        cls.t = team()

    def forbidden(self, who, no, action, **fields):
        before = self.case_events(no)
        r = who.act(no, action, **fields)
        self.assertProblem(r, 403, "forbidden")
        self.assertEqual(self.case_events(no), before)

    def test_intake_cannot_handle(self):
        t = self.t
        a = case_in("assigned")["no"]
        self.forbidden(t.intake, a, "suspend", suspend_reason="testing")
        self.forbidden(t.intake, a, "resolve", outcome="settled",
                       public_reply="x")
        s = case_in("suspended")["no"]
        self.forbidden(t.intake, s, "resume")
        r = case_in("resolved")["no"]
        self.forbidden(t.intake, r, "close")
        self.forbidden(t.intake, r, "reopen", reason="x")

    def test_supervisor_cannot_take_intake_or_handling_steps(self):
        t = self.t
        s = case_in("submitted")["no"]
        self.forbidden(t.supervisor, s, "accept")
        self.forbidden(t.supervisor, s, "reject", ground="other_law",
                       reason="x")
        rep = case_in("submitted", report_payload(anonymous=False))["no"]
        self.forbidden(t.supervisor, rep, "extend", reason="x")
        a = case_in("accepted")["no"]
        self.forbidden(t.supervisor, a, "assign", department="huicheng")
        b = case_in("assigned")["no"]
        self.forbidden(t.supervisor, b, "suspend", suspend_reason="other")
        self.forbidden(t.supervisor, b, "resolve", outcome="settled",
                       public_reply="x")
        acc = case_in("accepted", report_payload(anonymous=False))["no"]
        self.forbidden(t.supervisor, acc, "notify")

    def test_handler_cannot_accept_or_reject(self):
        t = self.t
        b = case_in("assigned")["no"]
        self.forbidden(t.hc, b, "reject", ground="other_law", reason="x")

    def test_roles_without_the_route_are_403_for_every_action(self):
        t = self.t
        no = case_in("assigned")["no"]
        before = self.case_events(no)
        for who, action in itertools.product(
                (t.credit, t.mediator, t.aid, t.admin), ACTIONS):
            with self.subTest(who=who.roles, action=action):
                self.assertProblem(who.act(no, action), 403, "forbidden")
        self.assertEqual(self.case_events(no), before)


class ActionFieldsTest(StaffTest):
    """Fields each action needs: 422 with the field named, nothing
    changed."""

    @classmethod
    def setUpClass(cls):
        cls.t = team()

    def invalid(self, who, no, action, errors, **fields):
        before = self.case_events(no)
        r = who.act(no, action, **fields)
        self.assertInvalid(r, *errors)
        self.assertEqual(self.case_events(no), before)

    def test_required_fields(self):
        t = self.t
        s = case_in("submitted")["no"]
        self.invalid(t.intake, s, "reject",
                     [("ground", "required"), ("reason", "required")])
        self.invalid(t.intake, s, "merge", [("into", "required")])
        a = case_in("accepted")["no"]
        self.invalid(t.intake, a, "assign", [("department", "required")])
        b = case_in("assigned")["no"]
        self.invalid(t.desk, b, "suspend", [("suspend_reason", "required")])
        self.invalid(t.desk, b, "resolve", [("outcome", "required"),
                                            ("public_reply", "required")])
        self.invalid(t.desk, b, "transfer", [("department", "required"),
                                             ("reason", "required")])
        r = case_in("resolved")["no"]
        self.invalid(t.desk, r, "reopen", [("reason", "required")])

    def test_values_are_checked(self):
        t = self.t
        a = case_in("accepted")["no"]
        self.invalid(t.intake, a, "assign", [("department", "invalid_value")],
                     department="nowhere")
        self.invalid(t.intake, a, "assign",
                     [("handler", "not_a_handler_of_department")],
                     department="huicheng", handler=t.hy.name)
        self.invalid(t.intake, a, "assign",
                     [("handler", "not_a_handler_of_department")],
                     department="huicheng", handler=t.supervisor.name)
        self.invalid(t.intake, a, "assign",
                     [("handler", "not_a_handler_of_department")],
                     department="huicheng", handler="nobody-" + t.hc.name)
        self.invalid(t.intake, a, "frobnicate", [("action", "invalid_value")])
        b = case_in("assigned")["no"]
        self.invalid(t.desk, b, "resolve", [("outcome", "invalid_value")],
                     outcome="won", public_reply="x")
        self.invalid(t.desk, b, "suspend",
                     [("suspend_reason", "invalid_value")],
                     suspend_reason="holiday")
        self.invalid(t.desk, b, "transfer", [("department",
                                              "same_department")],
                     department="huicheng", reason="x")

    def test_a_handler_assigns_only_within_its_department(self):
        t = self.t
        b = case_in("assigned")["no"]
        self.invalid(t.hc, b, "assign", [("department", "not_allowed")],
                     department="huiyang")

    def test_action_is_required_and_body_is_json(self):
        t = self.t
        b = case_in("submitted")["no"]
        r = t.intake.post_json("/api/v1/complaints/%s/actions" % b, {})
        self.assertInvalid(r, ("action", "required"))
        r = t.intake.post("/api/v1/complaints/%s/actions" % b, b"{",
                          ctype="application/json")
        self.assertProblem(r, 400)
        r = t.intake.post("/api/v1/complaints/%s/actions" % b,
                          b"action=accept",
                          ctype="application/x-www-form-urlencoded")
        self.assertProblem(r, 415)

    def test_unknown_case_is_404(self):
        t = self.t
        r = t.intake.act("TS1999010112345678", "accept")
        self.assertProblem(r, 404, "not-found")

    def test_disabled_handler_cannot_be_assigned(self):
        from ipdesk import Staff, admin_ok
        t = self.t
        h = Staff("gone", "handler", "huicheng")
        admin_ok("user", "disable", h.name)
        a = case_in("accepted")["no"]
        self.invalid(t.intake, a, "assign",
                     [("handler", "not_a_handler_of_department")],
                     department="huicheng", handler=h.name)
