"""
Mediation, the staff's side (SPEC section 2): every source (a party's
application, a complaint converted by its handler, a court's delegation)
walked to every end through nginx -- agreed then judicially confirmed,
agreed then fulfilled, failed on each ending ground, consent refused, the
time limit reached; 409 naming the state for every action the state does
not allow; the roles of the mediation routes; the agreement as JSON and
as an HTML document; the 30-day window for judicial confirmation; the
court's 30-day limit and its extension; the sweep's timers; a complaint
converted to mediation keeping both timelines in step.

Stories that need time to pass are told in the past with X-Debug-Now
and `ipdesk-admin sweep --now`, so that the sweeps touch only cases of
those stories, not the cases other tests are working on.
"""
from datetime import timedelta

from ipdesk import (FAILURE_GROUNDS, MEDIATION_ACTIONS, MEDIATION_SOURCES,
                    StaffTest, Calendar, agreement_fields, at_day,
                    case_in, complaint_payload, court_payload, debug_now,
                    file_mediation_ok, get, make_mobile, make_uscc,
                    mediation_events, mediation_row, mediation_team,
                    names_mediation_state, note_access_code, parse_time,
                    party_person, past_workday, post_json, q, remember_pii,
                    sql, sql_exec, sql_value, sweep, today_cst, token)

RUNNING_ANY = {"assign_mediator", "mediator_accept", "mediator_decline",
               "declare_conflict", "extend"}
# What each state allows (SPEC section 2's lifecycle); everything else is
# a state conflict.
ALLOWED = {
    "applied": {"accept", "decline"},
    "accepted": RUNNING_ANY | {"request_consent"},
    "awaiting_consent": RUNNING_ANY | {"consent", "refuse", "fail"},
    "in_mediation": RUNNING_ANY | {"session", "agree", "fail"},
    "agreed": {"request_confirmation", "fulfil"},
    "failed": {"notify_parties"},
    "confirmation_requested": {"confirm", "refuse_confirmation"},
    "confirmed": {"fulfil"},
    "declined": set(),
    "refused": set(),
    "confirmation_refused": set(),
    "fulfilled": set(),
    "withdrawn": set(),
}
MEDIATOR_ONLY = {"mediator_accept", "mediator_decline"}


def mview(no, code, now=None, **kw):
    return get("/api/v1/mediations/" + no, code=code,
               headers=debug_now(now) if now is not None else None, **kw)


def agreement(no, code=None, query="", staff=None):
    path = "/api/v1/mediations/%s/agreement%s" % (no, query)
    if staff is not None:
        return staff.get(path)
    return get(path, code=code)


def actions_of(no):
    """The case's events but the records of who saw personal data."""
    return [e[2] for e in mediation_events(no)
            if e[2] != "personal_data_viewed"]


class MediationTestCase(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.m = mediation_team()
        cls.t = cls.m.t
        cls.cal = Calendar()

    def complaint_events(self, no):
        r = self.t.desk.events(no)
        self.assertEqual(r.status, 200, r)
        return r.json["events"]

    def assertComplaintTold(self, case, status, actor=None):
        """The complaint the case came from got one mediation_ended event
        naming the case and how it ended, and is still mediating."""
        if case["source"] != "complaint":
            return
        cno = case["complaint"]["no"]
        ended = [e for e in self.complaint_events(cno)
                 if e["action"] == "mediation_ended"]
        self.assertEqual(len(ended), 1, ended)
        self.assertEqual(ended[0]["detail"], {"mediation": case["no"],
                                              "status": status})
        if actor is not None:
            self.assertEqual(ended[0]["actor"], actor)
        self.assertEqual(self.t.desk.view(cno).json["status"], "mediating")
        pub = self.view_ok(cno, case["complaint"]["access_code"])
        self.assertIn("mediation_ended", [e["action"]
                                          for e in pub["timeline"]])

    def assertStatusChangesPublic(self, case):
        """Every change of state is on the public timeline, in order."""
        no = case["no"]
        changes = [e[2] for e in mediation_events(no)
                   if e[3] != e[4] and e[4] is not None]
        pub = mview(no, case["access_code"]).json
        shown = [e["action"] for e in pub["timeline"]]
        it = iter(shown)
        self.assertTrue(all(a in it for a in changes), (changes, shown))


class SourcesToEndsTest(MediationTestCase):

    def walk(self, source, state, **kw):
        return self.m.walker.case_in(state, source, **kw)

    def test_each_source_agreed_then_judicially_confirmed(self):
        for source in MEDIATION_SOURCES:
            with self.subTest(source=source):
                c = self.walk(source, "confirmed")
                v = self.m.office.mediation(c["no"]).json
                self.assertEqual(v["source"], source)
                self.assertEqual(v["status"], "confirmed")
                self.assertRegex(v["ruling_no"], r"民特\d+号")
                self.assertEqual(v["amount_agreed"], "80000.00")
                self.assertIsNotNone(v["duration_wd"])
                first = [] if source != "application" else ["accept"]
                self.assertEqual(actions_of(c["no"]), [
                    "submitted"] + first + [
                    "assign_mediator", "mediator_accept", "request_consent",
                    "consent", "agree", "request_confirmation", "confirm"])
                self.assertStatusChangesPublic(c)
                self.assertComplaintTold(c, "agreed")

    def test_each_source_agreed_then_fulfilled(self):
        for source in MEDIATION_SOURCES:
            with self.subTest(source=source):
                c = self.walk(source, "fulfilled")
                v = mview(c["no"], c["access_code"]).json
                self.assertEqual(v["status"], "fulfilled")
                self.assertEqual(actions_of(c["no"])[-2:],
                                 ["agree", "fulfil"])
                self.assertStatusChangesPublic(c)
                self.assertComplaintTold(c, "agreed")

    def test_each_source_fails_on_every_ending_ground(self):
        for source in MEDIATION_SOURCES:
            for ground in FAILURE_GROUNDS:
                with self.subTest(source=source, ground=ground):
                    c = self.walk(source, "failed", ground=ground)
                    v = self.m.office.mediation(c["no"]).json
                    day = parse_time([e for e in v["timeline"]
                                      if e["action"] == "fail"][-1]["at"]
                                     ).date()
                    self.assertEqual(v["status"], "failed")
                    self.assertEqual(v["failure_ground"], ground)
                    self.assertIsNotNone(v["duration_wd"])
                    due, _ = self.cal.due("mediation_failure_notify", day)
                    self.assertEqual(v["due"]["notify_parties"]["date"],
                                     due.isoformat())
                    self.assertEqual(v["next_due"], due.isoformat())
                    pub = mview(c["no"], c["access_code"]).json
                    self.assertEqual(pub["failure_ground"], ground)
                    self.assertComplaintTold(c, "failed")
                    # Both parties are told, once.
                    n = self.m.mediator.mact(c["no"], "notify_parties",
                                             note="已电话告知双方")
                    self.assertEqual(n.status, 200, n)
                    self.assertEqual(n.json["due"]["notify_parties"]
                                     ["state"], "met")
                    self.assertIsNone(n.json["next_due"])
                    self.assertProblem(self.m.office.mact(
                        c["no"], "notify_parties"), 409)

    def test_fail_needs_a_ground(self):
        c = self.walk("application", "in_mediation")
        self.assertInvalid(self.m.mediator.mact(c["no"], "fail"),
                           ("ground", "required"))
        self.assertInvalid(self.m.mediator.mact(c["no"], "fail",
                                                ground="bored"),
                           ("ground", "invalid_value"))

    def test_each_source_consent_refused(self):
        for source in MEDIATION_SOURCES:
            with self.subTest(source=source):
                c = self.walk(source, "refused")
                v = self.m.office.mediation(c["no"]).json
                self.assertEqual(v["status"], "refused")
                self.assertEqual(v["duration_wd"], 0)
                self.assertIsNone(v["next_due"])
                self.assertEqual(v["due"]["consent"]["state"], "ended")
                self.assertEqual(actions_of(c["no"])[-1], "refuse")
                self.assertStatusChangesPublic(c)
                self.assertComplaintTold(c, "refused")

    def test_consent_before_the_mediator_accepts(self):
        """Mediation starts when both the other party and the mediator
        said yes, in either order."""
        m = self.m
        for source in MEDIATION_SOURCES:
            with self.subTest(source=source):
                c = m.walker.new(source)
                if source == "application":
                    m.office.mact_ok(c["no"], "accept")
                m.office.mact_ok(c["no"], "request_consent")
                v = m.office.mact_ok(c["no"], "consent")
                self.assertEqual(v["status"], "awaiting_consent")
                self.assertIsNotNone(v["consent_at"])
                self.assertEqual(v["due"]["consent"]["state"], "met")
                self.assertEqual(v["next_due"], v["due"]["limit"]["date"])
                m.office.mact_ok(c["no"], "assign_mediator",
                                 mediator=m.mediator.mid)
                v = m.mediator.mact_ok(c["no"], "mediator_accept")
                self.assertEqual(v["status"], "in_mediation")
                self.assertIsNotNone(v["started_at"])

    def test_each_source_reaches_its_time_limit(self):
        """45 WD from acceptance (applications, complaints), 30 days from
        the court's receipt (delegations); the sweep ends the case as
        failed, time_limit_reached, and the parties are to be told in
        7 WD."""
        m, cal = self.m, self.cal
        d = past_workday(cal, 150)
        now = at_day(d)
        app = m.walker.case_in("in_mediation", "application", now=now)
        comp = m.walker.case_in("accepted", "complaint", now=now)
        court = m.walker.case_in("in_mediation", "court", now=now)
        l45, _ = cal.due("complaint_mediation", d)
        l30 = d + timedelta(days=30)
        for c, limit in ((app, l45), (comp, l45), (court, l30)):
            v = m.office.mediation(c["no"], now=now).json
            self.assertEqual(v["due"]["limit"]["date"], limit.isoformat(),
                             c["source"])
        sweep(at_day(l30))
        self.assertEqual(mediation_row(court["no"], "status")[0],
                         "in_mediation")
        sweep(at_day(l30 + timedelta(days=1)))
        self.assertEqual(mediation_row(court["no"], "status, failure_ground"),
                         ["failed", "time_limit_reached"])
        self.assertEqual(mediation_row(app["no"], "status")[0],
                         "in_mediation")
        sweep(at_day(l45))
        self.assertEqual(mediation_row(app["no"], "status")[0],
                         "in_mediation")
        self.assertEqual(mediation_row(comp["no"], "status")[0], "accepted")
        end = l45 + timedelta(days=1)
        sweep(at_day(end))
        for c, ended in ((app, end), (comp, end),
                         (court, l30 + timedelta(days=1))):
            with self.subTest(source=c["source"]):
                v = m.office.mediation(c["no"], now=at_day(ended)).json
                self.assertEqual(v["status"], "failed")
                self.assertEqual(v["failure_ground"], "time_limit_reached")
                self.assertEqual(v["duration_wd"],
                                 cal.workdays_between(d, ended))
                self.assertEqual(v["due"]["notify_parties"]["date"],
                                 cal.due("mediation_failure_notify",
                                         ended)[0].isoformat())
                last = [e for e in v["timeline"]
                        if e["action"] != "personal_data_viewed"][-1]
                self.assertEqual((last["action"], last["actor"],
                                  last["status"]),
                                 ("limit_reached", "system", "failed"))
                self.assertEqual(parse_time(last["at"]).date(), ended)
                pub = mview(c["no"], c["access_code"]).json
                self.assertEqual(pub["timeline"][-1]["action"],
                                 "limit_reached")
                self.assertComplaintTold(c, "failed", actor="system")
        # Both parties are to be told within 7 WD; past that the case is
        # overdue in the office's queue.
        told, _ = cal.due("mediation_failure_notify", end)
        late = at_day(told + timedelta(days=1))
        v = m.office.mediation(app["no"], now=late).json
        self.assertEqual(v["due"]["notify_parties"]["state"], "overdue")
        self.assertIn(app["no"], [i["no"] for i in m.office.mqueue(
            now=late, due_state="overdue", limit=200).json["items"]])
        # The handler closes the complaint's own file afterwards.
        r = self.t.desk.act(comp["complaint"]["no"], "resolve",
                            outcome="other",
                            public_reply="调解期限届满未达成协议，本局依法处理。")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["status"], "resolved")


class QueueTest(MediationTestCase):

    def test_office_queue_filters_and_pages(self):
        m = self.m
        court = m.walker.case_in("in_mediation", "court")
        app = m.walker.case_in("awaiting_consent")
        r = m.office.mqueue(status="in_mediation", source="court", limit=200)
        self.assertEqual(r.status, 200, r)
        items = r.json["items"]
        self.assertIn(court["no"], [i["no"] for i in items])
        self.assertNotIn(app["no"], [i["no"] for i in items])
        self.assertEqual({(i["status"], i["source"]) for i in items},
                         {("in_mediation", "court")})
        mine = [i for i in items if i["no"] == court["no"]][0]
        self.assertEqual(mine["mediator_id"], m.mediator.mid)
        self.assertRegex(mine["applicant"]["uscc"] or "", r"^[0-9A-Z]{18}$")
        first = m.office.mqueue(limit=2).json
        self.assertEqual(len(first["items"]), 2)
        self.assertIsNotNone(first["next_cursor"])
        second = m.office.mqueue(limit=2, cursor=first["next_cursor"]).json
        self.assertFalse({i["no"] for i in first["items"]} &
                         {i["no"] for i in second["items"]})
        self.assertInvalid(m.office.mqueue(status="lost"),
                           ("status", "invalid_value"))

    def test_retried_action_is_taken_once(self):
        """An app retrying a staff action with its Idempotency-Key gets
        the first answer again and records nothing twice."""
        m = self.m
        c = m.walker.case_in("in_mediation")
        key = "ses-" + token(8)
        body = dict(session_at="2026-11-03T15:00:00+08:00", mode="online",
                    attendees="双方当事人")
        r1 = m.mediator.mact(c["no"], "session", key=key, **body)
        r2 = m.mediator.mact(c["no"], "session", key=key, **body)
        self.assertEqual(r1.status, 200, r1)
        self.assertEqual(r2.status, 200, r2)
        self.assertEqual(r2.json, r1.json)
        self.assertEqual(actions_of(c["no"]).count("session"), 1)
        self.assertEqual(len(m.office.mediation(c["no"]).json["sessions"]),
                         1)


class StateConflictTest(MediationTestCase):
    """Every action a state does not allow is 409, and the detail names
    the state.  The actor is `desk` (office and the case's own mediator),
    so that the answer is about the state, never about the role."""

    def test_every_action_not_allowed_in_each_state_is_409(self):
        w = self.m.desk_walker
        desk = self.m.desk
        for state in ALLOWED:
            c = w.case_in(state)
            before = actions_of(c["no"])
            for action in MEDIATION_ACTIONS:
                if action in ALLOWED[state]:
                    continue
                with self.subTest(state=state, action=action):
                    r = desk.mact(c["no"], action, lang="en")
                    if state in ("applied", "declined") and \
                            action in MEDIATOR_ONLY:
                        # No mediator yet: nobody is the case's mediator.
                        self.assertIn(r.status, (403, 409), r)
                        continue
                    p = self.assertProblem(r, 409, "state-conflict")
                    self.assertTrue(names_mediation_state(p["detail"],
                                                          state), p)
            with self.subTest(state=state):
                self.assertEqual(actions_of(c["no"]), before)
                self.assertEqual(mediation_row(c["no"], "status")[0], state)

    def test_conflict_detail_in_chinese_names_the_state(self):
        c = self.m.desk_walker.case_in("agreed")
        r = self.m.desk.mact(c["no"], "accept")
        p = self.assertProblem(r, 409, "state-conflict")
        self.assertIn("已达成协议", p["detail"])

    def test_extend_is_for_court_delegations_only(self):
        for source in ("application", "complaint"):
            with self.subTest(source=source):
                c = self.m.walker.case_in("accepted", source)
                self.assertProblem(self.m.office.mact(
                    c["no"], "extend", reason="双方同意延长"), 409)
                self.assertEqual(self.m.office.mediation(c["no"]).json[
                    "extensions"], 0)

    def test_mediator_accepts_once(self):
        c = self.m.walker.case_in("accepted")
        self.assertProblem(self.m.mediator.mact(c["no"], "mediator_accept"),
                           409)
        self.assertProblem(self.m.mediator.mact(c["no"], "mediator_decline",
                                                reason="x"), 409)


class RolesTest(MediationTestCase):
    """The mediation office is intake and supervisors; a mediator acts
    on its own cases only; handlers, credit officers, aid experts and
    administrators have no mediation cases."""

    def test_other_roles_are_403_on_the_mediation_routes(self):
        m, t = self.m, self.t
        c = m.walker.case_in("accepted")
        no = c["no"]
        for who in (t.hc, t.credit, t.aid, t.admin):
            with self.subTest(role=who.roles):
                self.assertProblem(who.get("/api/v1/mediations"), 403)
                self.assertProblem(who.mediation(no), 403)
                self.assertProblem(who.mact(no, "request_consent"), 403)
                self.assertProblem(who.candidates(no), 403)
                self.assertProblem(who.post_json(
                    "/api/v1/mediations/court", court_payload(today_cst())),
                    403)
        for who in (t.hc, t.credit, t.aid):
            with self.subTest(role=who.roles):
                self.assertProblem(who.get("/api/v1/mediators"), 403)
                self.assertProblem(who.post_json("/api/v1/mediators", {
                    "name": "x", "organisation": "y",
                    "ip_types": ["patent"]}), 403)
        self.assertEqual(mediation_row(no, "status")[0], "accepted")

    def test_without_a_token_staff_routes_are_401(self):
        c = self.m.walker.case_in("accepted")
        for method, path in (
                ("GET", "/api/v1/mediations"),
                ("GET", "/api/v1/mediations/%s/candidates" % c["no"]),
                ("POST", "/api/v1/mediations/%s/actions" % c["no"]),
                ("POST", "/api/v1/mediations/court"),
                ("GET", "/api/v1/mediators")):
            with self.subTest(path=path):
                if method == "GET":
                    r = get(path)
                else:
                    r = post_json(path, {"action": "consent"})
                self.assertProblem(r, 401)

    def test_a_mediator_takes_no_office_steps(self):
        m = self.m
        c = m.walker.case_in("in_mediation", "court")
        for action, fields in (("assign_mediator", {}),
                               ("extend", {"reason": "x"})):
            with self.subTest(action=action):
                self.assertProblem(m.mediator.mact(c["no"], action,
                                                   **fields), 403)
        a = m.walker.case_in("confirmation_requested")
        self.assertProblem(m.mediator.mact(a["no"], "confirm",
                                           ruling_no="x"), 403)
        b = file_mediation_ok()
        self.assertProblem(m.mediator.mact(b["no"], "accept"), 404)
        self.assertProblem(m.mediator.post_json(
            "/api/v1/mediations/court", court_payload(today_cst())), 403)

    def test_the_office_takes_no_mediator_steps(self):
        m = self.m
        c = m.walker.new("court")
        m.office.mact_ok(c["no"], "assign_mediator", mediator=m.mediator.mid)
        for action in ("mediator_accept", "mediator_decline"):
            with self.subTest(action=action):
                self.assertProblem(m.office.mact(c["no"], action), 403)

    def test_supervisor_acts_as_the_office(self):
        m = self.m
        b = file_mediation_ok()
        v = m.supervisor.mact_ok(b["no"], "decline",
                                 reason="不属于知识产权纠纷，请向法院起诉。")
        self.assertEqual(v["status"], "declined")
        self.assertEqual(v["decline_reason"],
                         "不属于知识产权纠纷，请向法院起诉。")
        pub = mview(b["no"], b["access_code"]).json
        self.assertEqual(pub["status"], "declined")
        self.assertEqual(pub["decline_reason"],
                         "不属于知识产权纠纷，请向法院起诉。")

    def test_decline_needs_a_reason(self):
        b = file_mediation_ok()
        self.assertInvalid(self.m.office.mact(b["no"], "decline"),
                           ("reason", "required"))

    def test_unknown_action_is_422(self):
        b = file_mediation_ok()
        self.assertInvalid(self.m.office.mact(b["no"], "approve"),
                           ("action", "invalid_value"))


class CourtDelegationTest(MediationTestCase):

    def test_court_delegation_is_accepted_at_once(self):
        m = self.m
        d = today_cst() - timedelta(days=3)
        p = court_payload(d)
        p["applicant"] = party_person()
        del p["applicant"]["id_type"], p["applicant"]["id_number"]
        r = m.office.post_json("/api/v1/mediations/court", p)
        self.assertEqual(r.status, 201, r)
        b = r.json
        self.assertEqual(r.header("Location"), "/api/v1/mediations/" +
                         b["no"])
        self.assertEqual((b["source"], b["status"]), ("court", "accepted"))
        self.assertEqual(b["due"]["limit"]["date"],
                         (d + timedelta(days=30)).isoformat())
        v = m.office.mediation(b["no"]).json
        self.assertEqual(v["court"], {"name": p["court_name"],
                                      "case_no": p["court_case_no"],
                                      "received": d.isoformat()})
        pub = mview(b["no"], b["access_code"]).json
        self.assertEqual(pub["court"]["case_no"], p["court_case_no"])

    def test_court_fields_are_checked(self):
        m = self.m
        p = court_payload(today_cst())
        for field in ("court_name", "court_case_no", "court_received"):
            with self.subTest(field=field):
                q_ = dict(p)
                del q_[field]
                self.assertInvalid(m.office.post_json(
                    "/api/v1/mediations/court", q_), (field, "required"))
        tomorrow = today_cst() + timedelta(days=1)
        self.assertInvalid(m.office.post_json(
            "/api/v1/mediations/court", court_payload(tomorrow)),
            ("court_received", "date_in_future"))
        self.assertInvalid(m.office.post_json(
            "/api/v1/mediations/court", court_payload("2026-02-30")),
            ("court_received", "invalid_date"))

    def test_court_limit_and_its_extension(self):
        """30 days from the court's receipt; each extension by consent
        adds 30 days; the sweep ends a case past its limit as failed,
        time_limit_reached."""
        m, cal = self.m, self.cal
        d = past_workday(cal, 130)
        received = d - timedelta(days=2)
        now = at_day(d)
        plain = m.walker.new("court", now=now,
                             payload=court_payload(received))
        longer = m.walker.new("court", now=now,
                              payload=court_payload(received))
        for who, action, fields in m.walker.steps("in_mediation", "court"):
            who.mact_ok(longer["no"], action, now=now, **fields)
        self.assertInvalid(m.office.mact(longer["no"], "extend", now=now),
                           ("reason", "required"))
        limit = received + timedelta(days=30)
        v = m.office.mact_ok(longer["no"], "extend", now=at_day(d, 11),
                             reason="双方书面同意延长调解期限")
        self.assertEqual(v["extensions"], 1)
        self.assertEqual(v["due"]["limit"]["date"],
                         (limit + timedelta(days=30)).isoformat())
        ev = [e for e in v["timeline"] if e["action"] == "extend"][0]
        self.assertEqual(ev["detail"], {
            "limit_due": (limit + timedelta(days=30)).isoformat(),
            "reason": "双方书面同意延长调解期限"})
        self.assertIn("extend", [e["action"] for e in mview(
            longer["no"], longer["access_code"]).json["timeline"]])
        self.assertEqual(m.office.mediation(plain["no"]).json["due"]["limit"]
                         ["date"], limit.isoformat())

        sweep(at_day(limit, 23))
        self.assertEqual(mediation_row(plain["no"], "status")[0], "accepted")
        sweep(at_day(limit + timedelta(days=1), 0, 5))
        self.assertEqual(mediation_row(plain["no"], "status, failure_ground"),
                         ["failed", "time_limit_reached"])
        self.assertEqual(mediation_row(longer["no"], "status")[0],
                         "in_mediation")
        sweep(at_day(limit + timedelta(days=30)))
        self.assertEqual(mediation_row(longer["no"], "status")[0],
                         "in_mediation")
        sweep(at_day(limit + timedelta(days=31)))
        v = m.office.mediation(longer["no"]).json
        self.assertEqual((v["status"], v["failure_ground"]),
                         ("failed", "time_limit_reached"))
        self.assertEqual(v["extensions"], 1)


class AgreementTest(MediationTestCase):

    FACTS = ("被申请人在展会上展示了涉案产品。<script>alert('x')</script>\n"
             "A & B <b>加粗</b>")

    def agreed(self, source="application", **fields):
        m = self.m
        c = m.walker.case_in("in_mediation", source)
        f = agreement_fields(**fields)
        v = m.mediator.mact_ok(c["no"], "agree", **f)
        return c, f, v

    def test_agreement_is_recorded(self):
        c, f, v = self.agreed(amount="65432.10")
        self.assertEqual(v["status"], "agreed")
        self.assertEqual(v["amount_agreed"], "65432.10")
        self.assertEqual(v["duration_wd"], 0)
        until = parse_time(v["agreed_at"]).date() + timedelta(days=30)
        self.assertEqual(v["due"]["judicial_confirmation"],
                         {"until": until.isoformat(), "open": True})
        self.assertIsNotNone(v["agreed_at"])
        self.assertIsNone(v["next_due"])

    def test_agreement_document_as_json(self):
        m = self.m
        c, f, v = self.agreed(facts=self.FACTS)
        payload = m.office.mediation(c["no"]).json
        r = agreement(c["no"], c["access_code"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.ctype, "application/json")
        d = r.json
        self.assertEqual(d["no"], c["no"])
        self.assertEqual(d["status"], "agreed")
        a = d["agreement"]
        for k in ("facts", "disputed_points", "obligations",
                  "performance_manner", "performance_deadline", "amount"):
            self.assertEqual(a[k], f[k], k)
        for side in ("applicant", "respondent"):
            self.assertEqual(d[side]["name"], payload[side]["name"])
        # The document is the parties' own: it names them in full.
        self.assertEqual(d["applicant"]["id_number"],
                         payload["applicant"]["id_number"])
        self.assertEqual(d["respondent"]["uscc"],
                         payload["respondent"]["uscc"])
        self.assertEqual(d["mediator"], m.mediator.roster["name"])
        self.assertEqual(d["confirm_until"],
                         (parse_time(payload["agreed_at"]).date() +
                          timedelta(days=30)).isoformat())
        self.assertEqual(agreement(c["no"], staff=m.office).json["agreement"],
                         a)
        self.assertEqual(agreement(c["no"], query="?format=json",
                                   code=c["access_code"]).json, d)

    def test_agreement_time_is_iso_8601_with_offset(self):
        """SPEC 6: times are ISO 8601 with offset (+08:00)."""
        c, f, v = self.agreed()
        a = agreement(c["no"], c["access_code"]).json["agreement"]
        self.assertRegex(a["signed_at"],
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$")
        self.assertEqual(parse_time(a["signed_at"]),
                         parse_time(v["agreed_at"]))

    def test_agreement_document_as_html_escapes_the_text(self):
        m = self.m
        c, f, v = self.agreed(source="court", facts=self.FACTS)
        full = m.office.mediation(c["no"]).json
        r = agreement(c["no"], c["access_code"], "?format=html")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.ctype, "text/html")
        html = r.text
        self.assertIn("&lt;script&gt;alert(", html)
        self.assertNotIn("<script", html)
        self.assertNotIn("<b>加粗", html)
        self.assertIn("A &amp; B &lt;b&gt;加粗&lt;/b&gt;", html)
        for text in (full["applicant"]["name"], full["respondent"]["name"],
                     f["disputed_points"], f["obligations"],
                     f["performance_manner"], f["performance_deadline"],
                     "80000.00", full["court"]["case_no"], c["no"],
                     m.mediator.roster["name"]):
            self.assertIn(text, html)

    def test_no_agreement_yet_is_404(self):
        c = self.m.walker.case_in("in_mediation")
        self.assertProblem(agreement(c["no"], c["access_code"]), 404)
        self.assertProblem(agreement(c["no"], staff=self.m.office), 404)

    def test_unknown_format_is_400(self):
        c, f, v = self.agreed()
        r = agreement(c["no"], c["access_code"], "?format=pdf")
        self.assertProblem(r, 400)

    def test_agreement_fields_are_required(self):
        m = self.m
        c = m.walker.case_in("in_mediation")
        self.assertInvalid(m.mediator.mact(c["no"], "agree"),
                           ("facts", "required"),
                           ("disputed_points", "required"),
                           ("obligations", "required"),
                           ("performance_manner", "required"),
                           ("performance_deadline", "required"))
        self.assertInvalid(m.mediator.mact(c["no"], "agree",
                                           **agreement_fields(amount="1.234")),
                           ("amount", "invalid_amount"))
        self.assertInvalid(m.mediator.mact(
            c["no"], "agree", **agreement_fields(
                performance_deadline="2026-13-01")),
            ("performance_deadline", "invalid_date"))
        self.assertEqual(mediation_row(c["no"], "status")[0], "in_mediation")

    def test_sessions_are_recorded_with_notes_for_staff_only(self):
        m = self.m
        c = m.walker.case_in("in_mediation")
        notes = "双方就许可费数额交换意见，约定下周再谈。%s" % token(3)
        m.mediator.mact_ok(c["no"], "session",
                           session_at="2026-11-02T14:30:00+08:00",
                           mode="online", attendees="申请人、被申请人代理人",
                           notes=notes)
        v = m.mediator.mact_ok(c["no"], "session",
                               session_at="2026-11-09T09:30:00+08:00",
                               mode="in_person", place="惠州市知识产权保护中心",
                               attendees="双方当事人")
        self.assertEqual([(s["seq"], s["mode"]) for s in v["sessions"]],
                         [(1, "online"), (2, "in_person")])
        self.assertEqual(v["sessions"][0]["notes"], notes)
        self.assertEqual(v["sessions"][1]["place"], "惠州市知识产权保护中心")
        self.assertEqual(parse_time(v["sessions"][0]["at"]),
                         parse_time("2026-11-02T14:30:00+08:00"))
        r = mview(c["no"], c["access_code"])
        self.assertNotIn(notes, r.text)
        self.assertNotIn("sessions", r.json)
        self.assertInvalid(m.mediator.mact(c["no"], "session"),
                           ("session_at", "required"), ("mode", "required"),
                           ("attendees", "required"))
        self.assertInvalid(m.mediator.mact(c["no"], "session",
                                           session_at="next monday",
                                           mode="online", attendees="双方"),
                           ("session_at", "invalid_date"))
        self.assertInvalid(m.mediator.mact(c["no"], "session",
                                           session_at="2026-11-09T09:30:00"
                                           "+08:00", mode="phone",
                                           attendees="双方"),
                           ("mode", "invalid_value"))


class TimingTest(MediationTestCase):
    """Working days and the 30-day window, told in the past."""

    def test_duration_in_working_days_and_amount_agreed(self):
        m, cal = self.m, self.cal
        d = past_workday(cal, 80)
        c = m.walker.case_in("in_mediation", now=at_day(d))
        end, _ = cal.add_workdays(d, 10)
        v = m.mediator.mact_ok(c["no"], "agree", now=at_day(end, 16),
                               **agreement_fields(amount="66000.00"))
        self.assertEqual(v["duration_wd"], 10)
        self.assertEqual(v["amount_agreed"], "66000.00")
        self.assertEqual(v["due"]["judicial_confirmation"]["until"],
                         (end + timedelta(days=30)).isoformat())
        self.assertEqual(mediation_row(c["no"],
                                       "duration_wd, amount_agreed_fen"),
                         ["10", "6600000"])
        pub = mview(c["no"], c["access_code"]).json
        self.assertEqual((pub["duration_wd"], pub["amount_agreed"]),
                         (10, "66000.00"))

    def test_judicial_confirmation_within_30_days(self):
        m, cal = self.m, self.cal
        d = past_workday(cal, 90)
        c = m.walker.case_in("agreed", now=at_day(d))
        late = d + timedelta(days=31)
        v = m.office.mediation(c["no"], now=at_day(late)).json
        self.assertEqual(v["due"]["judicial_confirmation"],
                         {"until": (d + timedelta(days=30)).isoformat(),
                          "open": False})
        r = m.mediator.mact(c["no"], "request_confirmation",
                            now=at_day(late, 9))
        self.assertProblem(r, 409)
        self.assertEqual(mediation_row(c["no"], "status")[0], "agreed")
        v = m.mediator.mact_ok(c["no"], "request_confirmation",
                               now=at_day(d + timedelta(days=30), 17))
        self.assertEqual(v["status"], "confirmation_requested")

    def test_consent_not_given_in_5_working_days_is_refused(self):
        m, cal = self.m, self.cal
        d = past_workday(cal, 100)
        now = at_day(d)
        app = m.walker.case_in("awaiting_consent", "application", now=now)
        comp = m.walker.case_in("awaiting_consent", "complaint", now=now)
        due, _ = cal.due("mediation_consent", d)
        v = m.office.mediation(app["no"], now=now).json
        self.assertEqual(v["due"]["consent"]["date"], due.isoformat())
        sweep(at_day(due, 23, 30))
        self.assertEqual(mediation_row(app["no"], "status")[0],
                         "awaiting_consent")
        after = due + timedelta(days=1)
        sweep(at_day(after, 1))
        for c in (app, comp):
            with self.subTest(source=c["source"]):
                v = m.office.mediation(c["no"]).json
                self.assertEqual(v["status"], "refused")
                self.assertEqual(v["duration_wd"],
                                 cal.workdays_between(d, after))
                last = [e for e in v["timeline"]
                        if e["action"] != "personal_data_viewed"][-1]
                self.assertEqual((last["action"], last["actor"]),
                                 ("consent_timeout", "system"))
                self.assertEqual(mview(c["no"], c["access_code"]).json[
                    "timeline"][-1]["action"], "consent_timeout")
                self.assertComplaintTold(c, "refused", actor="system")

    def test_sweep_reaches_every_case_past_its_due(self):
        """Cases whose due passed but that the sweep leaves as they are
        (applications not yet decided, failures whose parties were not
        yet told) must not keep the sweep from the cases behind them."""
        m, cal = self.m, self.cal
        d = past_workday(cal, 110)
        model = file_mediation_ok(now=at_day(d - timedelta(days=30)))
        tag = "TJZZ%s" % token(3).upper()
        cols = [r[0] for r in sql(
            "SELECT column_name FROM information_schema.columns WHERE "
            "table_schema = 'ipdesk' AND table_name = 'mediation' AND "
            "column_name NOT IN ('id', 'no') ORDER BY ordinal_position")]
        sql_exec("INSERT INTO mediation (no, %s) SELECT CONCAT(%s, "
                 "LPAD(s.seq, 4, '0')), %s FROM mediation m JOIN seq_1_to_600 "
                 "s WHERE m.no = %s" % (", ".join(cols), q(tag),
                                        ", ".join("m." + c for c in cols),
                                        q(model["no"])))
        try:
            c = m.walker.case_in("awaiting_consent", now=at_day(d))
            due, _ = cal.due("mediation_consent", d)
            sweep(at_day(due + timedelta(days=1)))
            behind = mediation_row(c["no"], "status")[0]
        finally:
            sql_exec("DELETE FROM mediation WHERE no LIKE %s" %
                     q(tag + "%"))
        self.assertEqual(sql_value("SELECT COUNT(*) FROM mediation WHERE no "
                                   "LIKE %s" % q(tag + "%")), "0")
        # Without the stale cases the same sweep reaches it.
        sweep(at_day(due + timedelta(days=1)))
        alone = mediation_row(c["no"], "status")[0]
        self.assertEqual(alone, "refused")
        self.assertEqual(behind, "refused",
                         "the sweep did not reach a case behind 600 cases "
                         "it leaves as they are")


class ComplaintConversionTest(MediationTestCase):
    """A complaint handed to mediation by its handler: both cases name
    each other, both timelines say so, and the complaint hears of the
    mediation's end, after which its handler resolves it."""

    def convert(self):
        c = case_in("assigned")
        r = self.t.desk.act(c["no"], "mediate")
        self.assertEqual(r.status, 200, r)
        v = r.json
        self.assertEqual(v["status"], "mediating")
        med = v["mediation"]
        self.assertEqual(set(med), {"no", "access_code"})
        note_access_code(med["access_code"])
        return c, v, med

    def test_conversion_links_the_two_cases(self):
        m, cal = self.m, self.cal
        c, v, med = self.convert()
        self.assertEqual(v["mediation_no"], med["no"])
        pub = self.view_ok(c["no"], c["access_code"])
        self.assertEqual(pub["status"], "mediating")
        self.assertEqual(pub["mediation_no"], med["no"])
        self.assertEqual(pub["timeline"][-1]["action"], "mediate")
        ev = [e for e in self.complaint_events(c["no"])
              if e["action"] == "mediate"]
        self.assertEqual(len(ev), 1)
        self.assertEqual((ev[0]["from"], ev[0]["to"], ev[0]["detail"]),
                         ("assigned", "mediating", {"mediation": med["no"]}))
        s = m.office.mediation(med["no"]).json
        self.assertEqual((s["source"], s["status"], s["complaint_no"]),
                         ("complaint", "accepted", c["no"]))
        self.assertEqual(s["received_at"], ev[0]["at"])
        full = self.t.intake.view(c["no"]).json
        self.assertEqual(s["applicant"]["name"], full["complainant"]["name"])
        self.assertEqual(s["applicant"]["id_number"],
                         full["complainant"]["id_number"])
        self.assertEqual(s["respondent"]["name"], full["respondent"]["name"])
        self.assertEqual(s["ip_type"], full["ip_type"])
        day = parse_time(ev[0]["at"]).date()
        self.assertEqual(s["due"]["limit"]["date"],
                         cal.due("complaint_mediation", day)[0].isoformat())
        mp = mview(med["no"], med["access_code"])
        self.assertEqual(mp.status, 200, mp)
        self.assertEqual(mp.json["complaint_no"], c["no"])
        self.assertEqual([e["action"] for e in mp.json["timeline"]],
                         ["submitted"])

    def test_converted_complaint_cannot_be_converted_again(self):
        c, v, med = self.convert()
        r = self.t.desk.act(c["no"], "mediate", lang="en")
        p = self.assertProblem(r, 409, "state-conflict")
        self.assertIn("mediating", p["detail"])
        self.assertEqual(sql_value(
            "SELECT COUNT(*) FROM mediation m JOIN complaint c ON "
            "c.id = m.complaint_id WHERE c.no = %s" % q(c["no"])), "1")

    def test_only_the_handler_converts(self):
        c = case_in("assigned")
        for who in (self.t.intake, self.t.supervisor, self.m.mediator):
            with self.subTest(who=who.roles):
                r = who.act(c["no"], "mediate")
                self.assertIn(r.status, (403, 404), r)
        self.assertEqual(self.t.desk.view(c["no"]).json["status"], "assigned")

    def test_mediation_end_reaches_the_complaint_then_it_is_resolved(self):
        m = self.m
        c, v, med = self.convert()
        case = {"no": med["no"], "access_code": med["access_code"],
                "source": "complaint", "complaint": c}
        for who, action, fields in m.walker.steps("in_mediation",
                                                  "complaint"):
            who.mact_ok(med["no"], action, **fields)
        self.assertEqual([e["action"] for e in self.complaint_events(c["no"])
                          if e["action"] == "mediation_ended"], [])
        m.mediator.mact_ok(med["no"], "agree", **agreement_fields())
        self.assertComplaintTold(case, "agreed")
        m.mediator.mact_ok(med["no"], "request_confirmation")
        m.office.mact_ok(med["no"], "confirm", ruling_no="（2026）粤1302民特8号")
        self.assertComplaintTold(case, "agreed")
        r = self.t.desk.act(c["no"], "resolve", outcome="settled",
                            public_reply="经调解双方达成协议并经司法确认。")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["status"], "resolved")
        self.assertEqual(r.json["mediation_no"], med["no"])
        pub = self.view_ok(c["no"], c["access_code"])
        self.assertEqual([e["action"] for e in pub["timeline"]][-3:],
                         ["mediate", "mediation_ended", "resolve"])

    def test_a_company_complaint_becomes_an_organisation_application(self):
        p = complaint_payload()
        p["complainant"] = {"name": "惠州市%s电子有限公司" % token(3),
                            "id_type": "uscc", "id_number": make_uscc(),
                            "phone": make_mobile()}
        remember_pii(p["complainant"]["phone"])
        c = case_in("assigned", payload=p)
        med = self.t.desk.act_ok(c["no"], "mediate")["mediation"]
        note_access_code(med["access_code"])
        a = self.m.office.mediation(med["no"]).json["applicant"]
        self.assertEqual((a["type"], a["name"], a["uscc"], a["id_number"]),
                         ("organization", p["complainant"]["name"],
                          p["complainant"]["id_number"], None))

    def test_withdrawn_mediation_reaches_the_complaint(self):
        """The applicant withdrawing the mediation ends it as surely as
        an agreement does: the complaint hears of it."""
        c, v, med = self.convert()
        r = post_json("/api/v1/mediations/%s/withdraw" % med["no"],
                      {"reason": "与对方自行和解"}, code=med["access_code"])
        self.assertEqual(r.status, 200, r)
        case = {"no": med["no"], "access_code": med["access_code"],
                "source": "complaint", "complaint": c}
        self.assertComplaintTold(case, "withdrawn")
