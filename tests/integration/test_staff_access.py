"""
Who reaches what (SPEC section 5): each role x each staff route x a case
of its own department / of another department / no token / an expired
token.  Not-yours cases are 404 (as unknown ones), a role without the
route 403, no or a dead token 401; no such answer, nor any list, carries
the case's personal data or its contents to a caller who may not see
them.
"""
from datetime import datetime, timedelta

from ipdesk import (CST, Staff, StaffTest, bearer, case_in, complaint_payload,
                    debug_now, fresh_address, get, make_resident_id, person,
                    post, post_json, qs, team, token)

ROUTES = ("list", "view", "events", "actions", "me", "departments")


class AccessMatrixTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = t = team()
        cls.tag = "AM" + token(4)
        # One case in huicheng (hc's own), one in huiyang (hc's "other").
        cls.payloads = {}
        cls.cases = {}
        for dept in ("huicheng", "huiyang"):
            p = complaint_payload(
                title="访问矩阵 %s %s" % (cls.tag, dept),
                complainant=person(id_number=make_resident_id()))
            cls.payloads[dept] = p
            cls.cases[dept] = case_in("assigned", p, department=dept)["no"]
        # Not yet assigned: belongs to no department.
        cls.unassigned = case_in("submitted", complaint_payload(
            title="访问矩阵 %s 未分派" % cls.tag))["no"]

    def secrets_of(self, dept):
        """What a caller without the right must never get of a case."""
        p = self.payloads[dept]
        c = p["complainant"]
        return [c["name"], c["id_number"], c["phone"], c["email"],
                c["address"], p["title"]]

    def call(self, route, headers, no, source=None):
        if route == "list":
            return get("/api/v1/complaints" + qs(q=self.tag), headers=headers)
        if route == "view":
            # Without a token this is the public's look-up: a miss counts
            # against the sending address, hence a fresh one.
            return get("/api/v1/complaints/" + no, headers=headers,
                       source=source)
        if route == "events":
            return get("/api/v1/complaints/%s/events" % no, headers=headers)
        if route == "actions":
            # transfer without its fields: allowed callers get 422 and
            # nothing changes.
            return post_json("/api/v1/complaints/%s/actions" % no,
                             {"action": "transfer"}, headers=headers)
        if route == "me":
            return get("/api/v1/auth/me", headers=headers)
        return get("/api/v1/departments", headers=headers)

    def expect(self, who, route, whose):
        """The status SPEC section 5 and the route table give."""
        t = self.t
        readers = (t.intake, t.hc, t.hy, t.supervisor, t.credit)
        actors = (t.intake, t.hc, t.hy, t.supervisor)
        if route in ("me", "departments"):
            return 200
        if who not in readers:
            return 403
        if route == "list":
            return 200
        if route == "actions" and who not in actors:
            return 403
        if who in (t.hc, t.hy) and whose == "other":
            return 404
        return 422 if route == "actions" else 200

    def test_matrix_of_roles_routes_and_cases(self):
        t = self.t
        people = (t.intake, t.hc, t.hy, t.supervisor, t.credit, t.mediator,
                  t.aid, t.admin)
        for who in people:
            own = "huiyang" if who is t.hy else "huicheng"
            other = "huicheng" if who is t.hy else "huiyang"
            for route in ROUTES:
                for whose, dept in (("own", own), ("other", other)):
                    no = self.cases[dept]
                    want = self.expect(who, route, whose)
                    with self.subTest(who=who.roles, route=route,
                                      case=whose):
                        r = self.call(route, bearer(who.token), no)
                        self.assertEqual(r.status, want, r)
                        if want >= 400 and want != 422:
                            self.assertProblem(r, want)
                            self.assertNoneIn(r.text, self.secrets_of(dept),
                                              "%s %s" % (who.roles, route))
                        if route == "list" and want == 200:
                            nos = [i["no"] for i in r.json["items"]]
                            if who in (t.hc, t.hy):
                                self.assertIn(self.cases[own], nos)
                                self.assertNotIn(self.cases[other], nos)
                                self.assertNotIn(self.unassigned, nos)
                                self.assertNoneIn(r.text,
                                                  self.secrets_of(other),
                                                  "handler's queue")
                            else:
                                self.assertIn(self.cases[own], nos)
                                self.assertIn(self.cases[other], nos)
                                self.assertIn(self.unassigned, nos)

    def test_no_token(self):
        for route in ROUTES:
            with self.subTest(route=route):
                r = self.call(route, {}, self.cases["huicheng"],
                              source=fresh_address())
                if route == "view":
                    # The public route: without the access code, not found.
                    self.assertProblem(r, 404, "not-found")
                else:
                    self.assertProblem(r, 401, "unauthorized")
                self.assertNoneIn(r.text, self.secrets_of("huicheng"))

    def test_expired_and_bogus_tokens(self):
        t = self.t
        idle = Staff("acc-idle", "supervisor")
        later = datetime.now(CST) + timedelta(hours=13)
        for label, headers in (
                ("expired", dict(bearer(t.intake.token), **debug_now(later))),
                ("idle", dict(bearer(idle.token),
                              **debug_now(datetime.now(CST) +
                                          timedelta(minutes=45)))),
                ("bogus", bearer("ipd_" + "x" * 43)),
                ("api key as bearer", bearer("ipk_" + "x" * 43))):
            for route in ROUTES:
                with self.subTest(token=label, route=route):
                    r = self.call(route, headers, self.cases["huicheng"])
                    self.assertProblem(r, 401, "unauthorized")
                    self.assertNoneIn(r.text, self.secrets_of("huicheng"))

    def test_logged_out_token_reaches_nothing(self):
        s = Staff("acc-out", "intake")
        self.assertEqual(post("/api/v1/auth/logout",
                              headers=bearer(s.token)).status, 204)
        for route in ROUTES:
            with self.subTest(route=route):
                r = self.call(route, bearer(s.token), self.cases["huicheng"])
                self.assertProblem(r, 401, "unauthorized")

    def test_handler_does_not_see_unassigned_cases(self):
        t = self.t
        for route in ("view", "events"):
            r = self.call(route, bearer(t.hc.token), self.unassigned)
            self.assertProblem(r, 404, "not-found")
        r = t.hc.act(self.unassigned, "accept")
        self.assertProblem(r, 404, "not-found")

    def test_not_yours_answers_like_unknown(self):
        """A case of another department is indistinguishable from one that
        does not exist."""
        t = self.t
        other = self.cases["huiyang"]
        unknown = "TS1999010100000001"
        for route in ("view", "events", "actions"):
            with self.subTest(route=route):
                a = self.call(route, bearer(t.hc.token), other)
                b = self.call(route, bearer(t.hc.token), unknown)
                self.assertEqual((a.status, a.json["type"], a.json["title"],
                                  a.json["detail"]),
                                 (b.status, b.json["type"], b.json["title"],
                                  b.json["detail"]))

    def test_handler_queue_cannot_be_widened_by_filters(self):
        t = self.t
        for params in ({"department": "huiyang"}, {"department": "huicheng"},
                       {"assignee": t.hy.name}, {}):
            with self.subTest(params=params):
                r = t.hc.queue(q=self.tag, **params)
                items = self.assertStatus(r, 200)["items"]
                self.assertNotIn(self.cases["huiyang"],
                                 [i["no"] for i in items])
                self.assertNoneIn(r.text, self.secrets_of("huiyang"))
                r = t.hc.queue(q=self.tag, format="csv", **params)
                self.assertEqual(r.status, 200, r)
                self.assertNotIn(self.cases["huiyang"], r.text)
                self.assertNoneIn(r.text, self.secrets_of("huiyang"))

    def test_merge_cannot_reach_a_case_of_another_department(self):
        """Naming another department's case as the target says no more
        than naming one that does not exist."""
        t = self.t
        mine = case_in("assigned")["no"]
        a = t.hc.act(mine, "merge", into=self.cases["huiyang"])
        b = t.hc.act(mine, "merge", into="TS1999010100000002")
        self.assertInvalid(a, ("into", "invalid_case"))
        self.assertInvalid(b, ("into", "invalid_case"))
        self.assertNoneIn(a.text, self.secrets_of("huiyang"))
        self.assertEqual(t.hc.view(mine).json["status"], "assigned")

    def test_transfer_hands_the_case_over(self):
        """After a transfer the old department loses the case, the new one
        gains it."""
        t = self.t
        no = case_in("assigned", complaint_payload(
            title="访问矩阵 %s 移交" % self.tag))["no"]
        self.assertEqual(t.hc.view(no).status, 200)
        self.assertProblem(t.hy.view(no), 404)
        t.hc.act_ok(no, "transfer", department="huiyang", reason="属地管辖")
        self.assertProblem(t.hc.view(no), 404)
        self.assertEqual(t.hy.view(no).status, 200)
        self.assertProblem(t.hc.act(no, "transfer", department="huicheng",
                                    reason="x"), 404)

    def test_a_replay_repeats_the_first_answer_and_tells_nothing_newer(self):
        """An Idempotency-Key replay is the first answer again, byte for
        byte (SPEC section 6), even after the case left the handler's
        department: it tells the handler nothing it was not told then,
        while every new request about the case is 404."""
        t = self.t
        p = complaint_payload(complainant=person(
            id_number=make_resident_id()))
        no = case_in("assigned", p)["no"]
        key = "replay-" + token(6)
        first = t.hc.act(no, "suspend", key=key, suspend_reason="testing")
        self.assertEqual(first.json["personal_data"], "full")
        t.supervisor.act_ok(no, "transfer", department="huiyang",
                            reason="属地管辖")
        self.assertProblem(t.hc.view(no), 404, "not-found")
        again = t.hc.act(no, "suspend", key=key, suspend_reason="testing")
        self.assertEqual(again.status, first.status)
        self.assertEqual(again.header("Idempotent-Replayed"), "true")
        self.assertEqual(again.body, first.body)
        self.assertNotIn("huiyang", again.text)
        other = t.hc.act(no, "resume", key="replay-" + token(6))
        self.assertProblem(other, 404, "not-found")
