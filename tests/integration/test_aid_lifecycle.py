"""
The lifecycle of an overseas aid request through nginx with the tokens of
each role (SPEC section 3): submitted -> accepted | declined -> assigned
-> in_progress -> concluded -> closed, as a transition table.  The aid
office (intake, supervisor) accepts, assigns and closes; the expert's own
staff account (role aid_expert, linked by the roster's username) starts,
records dated guidance and milestones and concludes; major foreign cases
are flagged by the office and listed with major=1.  Every action the
table does not allow from the current state answers 409 naming that
state; an expert not assigned neither sees nor acts on the request.
"""
from datetime import timedelta

from ipdesk import (AID_ACTIONS, AID_STATES, AidWalker, StaffTest,
                    aid_enterprise_name, aid_events, aid_feedback,
                    aid_payload, aid_team, aid_view, aid_withdraw,
                    expert_account, file_aid_ok, post_json, run_admin,
                    team, today_cst, token, update_expert)

OPEN = {"submitted", "accepted", "assigned", "in_progress"}

# SPEC section 3 / src/aid_flow.c: from which states each action may
# start.
ALLOWED = {
    "accept": {"submitted"},
    "decline": {"submitted"},
    "assign_expert": {"accepted", "assigned"},
    "start": {"assigned"},
    "expert_decline": {"assigned"},
    "declare_conflict": {"accepted", "assigned", "in_progress"},
    "guidance": {"in_progress"},
    "milestone": {"assigned", "in_progress", "concluded"},
    "flag_major": OPEN | {"concluded"},
    "unflag_major": OPEN | {"concluded"},
    "conclude": {"in_progress"},
    "close": {"concluded"},
}
# Actions only the request's own expert takes (the office may not).
EXPERT_ONLY = {"start", "expert_decline"}
# Actions only the office takes (the expert may not).
OFFICE_ONLY = {"accept", "decline", "assign_expert", "flag_major",
               "unflag_major", "close"}


def desk_team():
    """One person who is intake, supervisor and an aid expert on the
    roster: every action is theirs to try, so only the state decides."""
    a = aid_team()
    if not hasattr(desk_team, "desk"):
        desk_team.desk = expert_account(a.supervisor, prefix="adesk",
                                        roles="intake,supervisor,aid_expert",
                                        max_open=100)
    return desk_team.desk


class WalkTest(StaffTest):

    def test_from_request_to_closure_with_each_role(self):
        a = aid_team()
        t = a.t
        x = expert_account(a.supervisor, ["US", "DE"], ["patent"],
                           prefix="exwalk")
        stranger = expert_account(a.supervisor, ["US"], ["patent"],
                                  prefix="exother")
        tag = "全程" + token(4)
        p = aid_payload(size="micro", deadline_days=5,
                        name=aid_enterprise_name(tag), countries=["US", "DE"])
        b = file_aid_ok(p)
        no, code = b["no"], b["access_code"]
        self.assertEqual((b["status"], b["priority"]), ("submitted", "urgent"))

        # Nobody outside the office sees a new request.
        self.assertProblem(x.aid(no), 404)
        self.assertProblem(x.aact(no, "accept"), 404)
        self.assertProblem(t.hc.aact(no, "accept"), 403)
        self.assertProblem(post_json("/api/v1/overseas-aid/%s/actions" % no,
                                     {"action": "accept"}), 401)

        # The intake clerk accepts.
        v = a.office.aact_ok(no, "accept", note="材料齐全，予以受理。")
        self.assertEqual(v["status"], "accepted")
        self.assertEqual(v["due"]["state"], "met")

        # The supervisor assigns the chosen expert among the candidates.
        ids = [c["id"] for c in a.supervisor.acandidates(no)
               .json["candidates"]]
        self.assertIn(x.eid, ids)
        v = a.supervisor.aact_ok(no, "assign_expert", expert=x.eid)
        self.assertEqual((v["status"], v["expert_id"], v["expert"]),
                         ("assigned", x.eid, x.roster["name"]))
        self.assertIsNotNone(v["assigned_at"])
        self.assertIsNone(aid_view(no, code).json["expert"],
                          "the requester learns the expert once it starts")

        # The expert now sees it (with the contact: it works on it), in its
        # own queue; another expert does not.
        xv = x.aid(no)
        self.assertEqual(xv.status, 200, xv)
        self.assertEqual(xv.json["personal_data"], "full")
        self.assertEqual(xv.json["contact"]["phone"], p["contact"]["phone"])
        self.assertEqual([i["no"] for i in x.aqueue().json["items"]], [no])
        self.assertProblem(stranger.aid(no), 404)
        self.assertProblem(stranger.aact(no, "start"), 404)
        self.assertNotIn(no, [i["no"] for i in
                              stranger.aqueue().json["items"]])

        # Guidance only once the expert has started; the office does not
        # start for the expert.
        today = today_cst().isoformat()
        self.assertConflictNaming(
            x.aact(no, "guidance", on_day=today, summary="初步意见"),
            "assigned")
        self.assertProblem(a.office.aact(no, "start"), 403)
        v = x.aact_ok(no, "start", note="已联系企业")
        self.assertEqual(v["status"], "in_progress")
        self.assertIsNotNone(v["started_at"])
        self.assertEqual(aid_view(no, code).json["expert"], x.roster["name"])

        # Dated guidance records and milestones.
        yesterday = (today_cst() - timedelta(days=1)).isoformat()
        v = x.aact_ok(no, "guidance", on_day=yesterday,
                      summary="应诉策略初步意见",
                      advice="建议委托美国律师提交答辩并申请复审。",
                      documents="答辩要点清单；证据目录",
                      next_steps="一周内确定美国代理律师")
        v = x.aact_ok(no, "milestone", on_day=today,
                      summary="已向 USITC 提交答辩")
        v = a.office.aact_ok(no, "guidance", on_day=today,
                             summary="援助中心补充政策指引")
        self.assertEqual([(r["seq"], r["kind"], r["on_day"], r["summary"])
                          for r in v["records"]],
                         [(1, "guidance", yesterday, "应诉策略初步意见"),
                          (2, "milestone", today, "已向 USITC 提交答辩"),
                          (3, "guidance", today, "援助中心补充政策指引")])
        self.assertEqual(v["records"][0]["advice"],
                         "建议委托美国律师提交答辩并申请复审。")
        self.assertEqual(v["records"][0]["documents"], "答辩要点清单；证据目录")
        self.assertEqual(v["records"][0]["next_steps"], "一周内确定美国代理律师")
        self.assertIn(x.name, v["records"][0]["recorded_by"])
        self.assertIn(a.office.name, v["records"][2]["recorded_by"])

        # Major cases: flagged by the office, not by the expert.
        self.assertProblem(x.aact(no, "flag_major"), 403)
        v = a.supervisor.aact_ok(no, "flag_major", reason="涉案金额巨大")
        self.assertIs(v["major"], True)
        majors = a.office.aqueue(major=1, q=tag).json["items"]
        self.assertEqual([i["no"] for i in majors], [no])
        self.assertIs(majors[0]["major"], True)

        # No feedback and no subsidy before the conclusion.
        self.assertProblem(aid_feedback(no, code, {"score": 5}), 409)

        # The expert concludes with an outcome.
        v = x.aact_ok(no, "conclude", outcome="settled",
                      conclusion="双方达成和解，对方撤回 337 调查申请。")
        self.assertEqual((v["status"], v["outcome"]), ("concluded", "settled"))
        self.assertIsNotNone(v["concluded_at"])
        v = x.aact_ok(no, "milestone", on_day=today,
                      summary="USITC 终止调查")
        self.assertEqual(len(v["records"]), 4)
        self.assertProblem(x.aact(no, "close"), 403)

        # The public sees the progress, its records and the outcome.
        pv = aid_view(no, code).json
        self.assertEqual((pv["status"], pv["outcome"], pv["expert"]),
                         ("concluded", "settled", x.roster["name"]))
        self.assertEqual(len(pv["records"]), 4)
        for r in pv["records"]:
            self.assertNotIn("recorded_by", r)
        self.assertEqual([e["action"] for e in pv["timeline"]],
                         ["submitted", "accept", "start", "guidance",
                          "milestone", "guidance", "conclude", "milestone"])
        self.assertNotIn("major", pv, "the office's tracking flag")

        r = aid_feedback(no, code, {"score": 5, "comment": "非常专业"})
        self.assertEqual(r.status, 200, r)
        self.assertProblem(aid_feedback(no, code, {"score": 4}), 409)

        # The office closes; nothing more happens.
        v = a.office.aact_ok(no, "close")
        self.assertEqual(v["status"], "closed")
        self.assertConflictNaming(a.office.aact(no, "accept"), "closed")
        self.assertConflictNaming(x.aact(no, "milestone", on_day=today,
                                         summary="x"), "closed")
        self.assertConflictNaming(a.office.aact(no, "flag_major"), "closed")
        self.assertProblem(aid_withdraw(no, code), 409)

        # The staff timeline: every step, by whom, from which state to
        # which (a step that keeps the state may leave "to" empty).
        ev = [(e[1], e[2], e[3], e[4] if e[4] != e[3] else None)
              for e in aid_events(no) if e[2] != "personal_data_viewed"]
        off, sup, xp = ("staff:" + a.office.name, "staff:" +
                        a.supervisor.name, "staff:" + x.name)
        self.assertEqual(ev, [
            ("public", "submitted", None, "submitted"),
            ("public", "flagged_urgent", None, None),
            (off, "accept", "submitted", "accepted"),
            (sup, "assign_expert", "accepted", "assigned"),
            (xp, "start", "assigned", "in_progress"),
            (xp, "guidance", "in_progress", None),
            (xp, "milestone", "in_progress", None),
            (off, "guidance", "in_progress", None),
            (sup, "flag_major", "in_progress", None),
            (xp, "conclude", "in_progress", "concluded"),
            (xp, "milestone", "concluded", None),
            ("public", "feedback", "concluded", None),
            (off, "close", "concluded", "closed")])
        staff = a.office.aid(no).json["timeline"]
        assign = [e for e in staff if e["action"] == "assign_expert"][0]
        self.assertEqual(assign["detail"], {"expert": x.eid})
        self.assertEqual(assign["actor"], sup)

        p = run_admin("audit", "verify")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        for s in (x, stranger):
            update_expert(a.supervisor, s.eid, available=False)

    def test_declined_request(self):
        a = aid_team()
        b = file_aid_ok()
        self.assertInvalid(a.office.aact(b["no"], "decline"),
                           ("reason", "required"))
        v = a.office.aact_ok(b["no"], "decline",
                             reason="不属于海外知识产权纠纷。")
        self.assertEqual((v["status"], v["decline_reason"]),
                         ("declined", "不属于海外知识产权纠纷。"))
        pv = aid_view(b["no"], b["access_code"]).json
        self.assertEqual(pv["decline_reason"], "不属于海外知识产权纠纷。")
        self.assertEqual([e["action"] for e in pv["timeline"]],
                         ["submitted", "decline"])
        self.assertConflictNaming(a.office.aact(b["no"], "accept"),
                                  "declined")


class TransitionTableTest(StaffTest):
    """Every action from every state, by one person who holds every role
    (so only the table decides): allowed ones succeed, the others answer
    409 naming the current state and change nothing."""

    def fields(self, action, desk, other):
        today = today_cst().isoformat()
        return {
            "decline": {"reason": "不属于援助范围"},
            "assign_expert": {"expert": desk.eid},
            "declare_conflict": {"reason": "利益冲突", "expert": other.eid},
            "guidance": {"on_day": today, "summary": "指导意见"},
            "milestone": {"on_day": today, "summary": "程序进展"},
            "conclude": {"outcome": "won", "conclusion": "胜诉"},
        }.get(action, {})

    def test_every_action_from_every_state(self):
        a = aid_team()
        desk = desk_team()
        other = a.expert
        walker = AidWalker(desk, desk)
        for state in AID_STATES:
            for action in AID_ACTIONS:
                with self.subTest(state=state, action=action):
                    c = walker.case_in(state)
                    before = desk.aid(c["no"]).json
                    r = desk.aact(c["no"], action, lang="en",
                                  **self.fields(action, desk, other))
                    if state in ALLOWED[action]:
                        self.assertEqual(r.status, 200, r)
                        continue
                    if action in EXPERT_ONLY and before["expert_id"] is None:
                        # Not its expert (none assigned): not its action.
                        self.assertIn(r.status, (403, 409), r)
                    else:
                        p = self.assertConflictNaming(r, state)
                        self.assertIn(action, p["detail"])
                    after = desk.aid(c["no"]).json
                    self.assertEqual((after["status"], after["expert_id"],
                                      after["major"], len(after["records"])),
                                     (before["status"], before["expert_id"],
                                      before["major"],
                                      len(before["records"])))

    def test_conflict_detail_in_chinese_names_the_state(self):
        a = aid_team()
        c = a.walker.case_in("concluded")
        p = self.assertProblem(a.office.aact(c["no"], "accept"), 409,
                               "state-conflict")
        self.assertIn("援助结束", p["detail"])
        self.assertIn("concluded", p["detail"])


class RoleTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.a = aid_team()
        cls.x = expert_account(cls.a.supervisor, ["US"], ["patent"],
                               prefix="exrole")

    @classmethod
    def tearDownClass(cls):
        update_expert(cls.a.supervisor, cls.x.eid, available=False)

    def test_staff_without_an_aid_role(self):
        t = team()
        c = self.a.walker.case_in("accepted")
        for who in (t.hc, t.credit, t.mediator, t.admin):
            with self.subTest(who=who.roles):
                self.assertProblem(who.aid(c["no"]), 403)
                self.assertProblem(who.aact(c["no"], "flag_major"), 403)
                self.assertProblem(who.aqueue(), 403)

    def test_the_expert_acts_only_on_its_own_requests(self):
        a, x = self.a, self.x
        mine = AidWalker(a.office, x).case_in("assigned")
        theirs = a.walker.case_in("assigned")
        self.assertEqual(x.aid(mine["no"]).status, 200)
        self.assertProblem(x.aid(theirs["no"]), 404)
        for action in ("start", "guidance", "conclude", "expert_decline"):
            with self.subTest(action=action):
                self.assertProblem(x.aact(theirs["no"], action), 404)
        self.assertEqual([i["no"] for i in x.aqueue().json["items"]],
                         [mine["no"]])
        for action in sorted(OFFICE_ONLY):
            with self.subTest(action=action):
                self.assertProblem(x.aact(mine["no"], action), 403)
        self.assertEqual(x.aid(mine["no"]).json["status"], "assigned")
        self.assertProblem(x.acandidates(mine["no"]), 403)

    def test_the_office_may_not_take_the_experts_steps(self):
        a = self.a
        c = AidWalker(a.office, self.x).case_in("assigned")
        for who in (a.office, a.supervisor):
            for action in sorted(EXPERT_ONLY):
                with self.subTest(who=who.roles, action=action):
                    self.assertProblem(who.aact(c["no"], action), 403)

    def test_an_expert_account_without_a_roster_entry(self):
        t = team()
        c = self.a.walker.case_in("in_progress")
        self.assertProblem(t.aid.aid(c["no"]), 404)
        self.assertProblem(t.aid.aact(c["no"], "conclude", outcome="won"),
                           404)


class ActionFieldsTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.a = aid_team()

    def test_records_need_a_day_and_a_summary(self):
        a = self.a
        c = a.walker.case_in("in_progress")
        x = a.expert
        self.assertInvalid(x.aact(c["no"], "guidance"),
                           ("on_day", "required"), ("summary", "required"))
        self.assertInvalid(x.aact(c["no"], "milestone",
                                  summary="x"), ("on_day", "required"))
        tomorrow = (today_cst() + timedelta(days=1)).isoformat()
        self.assertInvalid(x.aact(c["no"], "guidance", on_day=tomorrow,
                                  summary="x"), ("on_day", "date_in_future"))
        self.assertInvalid(x.aact(c["no"], "guidance", on_day="2026-13-01",
                                  summary="x"), ("on_day", "invalid_date"))
        self.assertEqual(a.office.aid(c["no"]).json["records"], [])

    def test_conclusion_needs_an_outcome(self):
        a = self.a
        c = a.walker.case_in("in_progress")
        self.assertInvalid(a.expert.aact(c["no"], "conclude"),
                           ("outcome", "required"))
        self.assertInvalid(a.expert.aact(c["no"], "conclude",
                                         outcome="victory"),
                           ("outcome", "invalid_value"))
        self.assertEqual(a.office.aid(c["no"]).json["status"], "in_progress")
        for outcome in ("won", "lost", "withdrawn", "guidance_given"):
            with self.subTest(outcome=outcome):
                c = a.walker.case_in("concluded", outcome=outcome)
                self.assertEqual(aid_view(c["no"], c["access_code"])
                                 .json["outcome"], outcome)

    def test_unknown_actions_and_fields(self):
        a = self.a
        c = a.walker.case_in("submitted")
        self.assertInvalid(a.office.aact(c["no"], "approve"),
                           ("action", "invalid_value"))
        self.assertInvalid(a.office.aact(c["no"], "accept", colour="red"),
                           ("colour", "unknown_field"))
        self.assertInvalid(a.office.post_json(
            "/api/v1/overseas-aid/%s/actions" % c["no"], {}),
            ("action", "required"))
        self.assertProblem(a.office.aact("HW19990101%08d" % 777, "accept"),
                           404)


class MajorCaseTest(StaffTest):

    def test_major_cases_are_flagged_and_listed(self):
        a = aid_team()
        tag = "重大" + token(4)
        p = lambda: aid_payload(name=aid_enterprise_name(tag))  # noqa: E731
        sub = a.walker.case_in("submitted", payload=p())
        run = a.walker.case_in("in_progress", payload=p())
        done = a.walker.case_in("concluded", payload=p())
        plain = a.walker.case_in("in_progress", payload=p())
        for c in (sub, run, done):
            v = a.supervisor.aact_ok(c["no"], "flag_major",
                                     reason="涉及重点产业海外市场")
            self.assertIs(v["major"], True)

        def majors(who=a.office):
            r = who.aqueue(major=1, q=tag)
            self.assertEqual(r.status, 200, r)
            return {i["no"] for i in r.json["items"]}

        self.assertEqual(majors(), {sub["no"], run["no"], done["no"]})
        self.assertEqual(majors(a.supervisor), majors())
        self.assertNotIn(plain["no"], majors())
        self.assertEqual({i["no"] for i in a.office.aqueue(
            major=0, q=tag).json["items"]}, {plain["no"]})
        v = a.office.aact_ok(run["no"], "unflag_major", reason="金额下降")
        self.assertIs(v["major"], False)
        self.assertEqual(majors(), {sub["no"], done["no"]})
        # The expert's list of its own major cases.
        self.assertEqual({i["no"] for i in a.expert.aqueue(
            major=1, q=tag).json["items"]}, {done["no"]})
        ev = [e["action"] for e in a.office.aid(run["no"]).json["timeline"]]
        self.assertIn("flag_major", ev)
        self.assertIn("unflag_major", ev)
        pub = [e["action"] for e in aid_view(run["no"], run["access_code"])
               .json["timeline"]]
        self.assertNotIn("flag_major", pub, "an internal mark")
