"""
The overseas aid expert roster (海外维权专家库, SPEC section 3, issue 5):
experts managed like the mediator roster (countries and regions, IP
types, languages, organisation, availability and load), and the choice
of an expert for a request: GET /api/v1/overseas-aid/{no}/candidates
lists only available experts with room who cover one of the request's
countries and one of its IP types (more countries matched first), never
one connected to the requester or the opposing party (the same
organisation by name, however spelt, or by USCC; the party itself) nor
one excluded from the request (a declared conflict, a decline).
"""
from ipdesk import (StaffTest, aid_payload, aid_team, expert_account,
                    expert_name, file_aid_ok, get, make_expert, make_uscc,
                    post_json, team, token, update_expert)


class RosterTest(StaffTest):

    def test_supervisor_adds_an_expert(self):
        a = aid_team()
        u = make_uscc()
        body = {"name": expert_name(), "organisation": "广东某某律师事务所",
                "organisation_uscc": u, "countries": ["US", "DE"],
                "ip_types": ["patent", "trademark"],
                "languages": ["en", "de"]}
        r = a.supervisor.post_json("/api/v1/experts", body)
        self.assertEqual(r.status, 201, r)
        e = r.json
        self.assertEqual(r.header("Location"), "/api/v1/experts/%d" % e["id"])
        for k in ("name", "organisation", "organisation_uscc", "countries",
                  "ip_types", "languages"):
            self.assertEqual(e[k], body[k], k)
        self.assertIs(e["available"], True)
        self.assertEqual(e["max_open"], 5, "the default capacity")
        self.assertEqual(e["open_cases"], 0)
        self.assertIsNone(e["username"])
        self.assertEqual(a.office.get("/api/v1/experts/%d" % e["id"]).json,
                         e)
        listed = a.office.get("/api/v1/experts").json["experts"]
        self.assertIn(e, listed)

    def test_an_expert_account_is_linked_by_username(self):
        a = aid_team()
        s = expert_account(a.supervisor, ["JP"], ["patent"], max_open=2)
        self.assertEqual(s.roster["username"], s.name)
        self.assertEqual(s.roster["max_open"], 2)
        r = a.supervisor.post_json("/api/v1/experts", {
            "name": expert_name(), "organisation": "某所", "countries": ["JP"],
            "ip_types": ["patent"], "username": s.name})
        self.assertInvalid(r, ("username", "already_an_expert"))
        for name in (a.office.name, "nobody." + token(4)):
            with self.subTest(username=name):
                r = a.supervisor.post_json("/api/v1/experts", {
                    "name": expert_name(), "organisation": "某所",
                    "countries": ["JP"], "ip_types": ["patent"],
                    "username": name})
                self.assertInvalid(r, ("username", "not_an_expert_account"))

    def test_roster_validation(self):
        sup = aid_team().supervisor
        self.assertInvalid(sup.post_json("/api/v1/experts", {}),
                           ("name", "required"), ("organisation", "required"),
                           ("countries", "required"),
                           ("ip_types", "required"))
        ok = {"name": expert_name(), "organisation": "某所",
              "countries": ["US"], "ip_types": ["patent"]}
        for field, value, path, code in (
                ("countries", ["US", "XX"], "countries[1]", "invalid_value"),
                ("countries", ["US", "US"], "countries[1]",
                 "duplicate_value"),
                ("ip_types", ["design"], "ip_types[0]", "invalid_value"),
                ("organisation_uscc", make_uscc()[:-1] + "!",
                 "organisation_uscc", "invalid_format"),
                ("max_open", 0, "max_open", "out_of_range"),
                ("available", "yes", "available", "wrong_type"),
                ("email", "x@example.com", "email", "unknown_field")):
            with self.subTest(field=field, value=value):
                self.assertInvalid(sup.post_json("/api/v1/experts",
                                                 dict(ok, **{field: value})),
                                   (path, code))

    def test_update(self):
        sup = aid_team().supervisor
        e = make_expert(sup, ["US"], ["patent"])
        u = update_expert(sup, e["id"], countries=["GB", "FR"],
                          available=False, max_open=9)
        self.assertEqual((u["countries"], u["available"], u["max_open"]),
                         (["GB", "FR"], False, 9))
        self.assertEqual((u["name"], u["organisation"], u["ip_types"]),
                         (e["name"], e["organisation"], e["ip_types"]))
        for field in ("name", "organisation", "username"):
            with self.subTest(field=field):
                self.assertInvalid(sup.post_json("/api/v1/experts/%d" %
                                                 e["id"], {field: "x"}),
                                   (field, "not_allowed"))
        self.assertProblem(sup.post_json("/api/v1/experts/999999999",
                                         {"available": True}), 404)
        self.assertProblem(sup.get("/api/v1/experts/999999999"), 404)

    def test_who_manages_the_roster(self):
        t = team()
        body = {"name": expert_name(), "organisation": "某所",
                "countries": ["US"], "ip_types": ["patent"]}
        self.assertProblem(post_json("/api/v1/experts", body), 401)
        self.assertProblem(get("/api/v1/experts"), 401)
        self.assertProblem(t.intake.post_json("/api/v1/experts", body), 403)
        self.assertProblem(t.hc.get("/api/v1/experts"), 403)
        self.assertProblem(t.aid.get("/api/v1/experts"), 403)
        r = t.admin.post_json("/api/v1/experts", body)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(t.intake.get("/api/v1/experts").status, 200)


class CandidateTest(StaffTest):
    """One request (US and DE, trademarks) and experts around it."""

    @classmethod
    def setUpClass(cls):
        cls.a = aid_team()
        sup = cls.a.supervisor
        tok = token(3)
        cls.requester = "惠州市（Bright%s）电子科技有限公司" % tok
        cls.opposing = "Acme Widgets %s, Inc." % tok
        cls.person = "John Smith %s" % tok
        cls.uscc = make_uscc()
        cls.p = aid_payload(name=cls.requester, uscc=cls.uscc,
                            countries=["US", "DE"], ip_types=["trademark"],
                            opposing_party=cls.opposing,
                            aid_type="ecommerce_takedown")
        cls.b = file_aid_ok(cls.p)
        cls.no = cls.b["no"]
        cls.a.office.aact_ok(cls.no, "accept")
        mk = make_expert
        cls.e = {
            "us": mk(sup, ["US", "JP"], ["trademark", "patent"]),
            "both": mk(sup, ["DE", "US", "FR"], ["trademark"]),
            "fr": mk(sup, ["FR", "GB"], ["trademark"]),
            "patent_only": mk(sup, ["US", "DE"], ["patent", "copyright"]),
            "away": mk(sup, ["US"], ["trademark"], available=False),
            "org_is_requester": mk(
                sup, ["US"], ["trademark"],
                organisation="惠州市(bright%s) 电子科技有限公司" % tok),
            "uscc_is_requester": mk(sup, ["US"], ["trademark"],
                                    organisation_uscc=cls.uscc),
            "org_is_opposing": mk(sup, ["DE"], ["trademark"],
                                  organisation="ACME WIDGETS %s INC" %
                                  tok.upper()),
        }

    @classmethod
    def tearDownClass(cls):
        # Out of the lists of later tests (and later runs on this stack).
        for e in cls.e.values():
            update_expert(cls.a.supervisor, e["id"], available=False)

    def candidates(self, no=None):
        r = self.a.office.acandidates(no or self.no)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["no"], no or self.no)
        return r.json["candidates"]

    def ids(self, no=None):
        return [c["id"] for c in self.candidates(no)]

    def test_country_and_ip_type_must_match(self):
        ids = self.ids()
        self.assertIn(self.e["us"]["id"], ids)
        self.assertIn(self.e["both"]["id"], ids)
        self.assertNotIn(self.e["fr"]["id"], ids, "no country in common")
        self.assertNotIn(self.e["patent_only"]["id"], ids,
                         "no IP type in common")

    def test_more_countries_matched_first(self):
        c = {x["id"]: x for x in self.candidates()}
        ids = self.ids()
        both, us = self.e["both"]["id"], self.e["us"]["id"]
        self.assertEqual(c[both]["countries_matched"], 2)
        self.assertEqual(c[us]["countries_matched"], 1)
        self.assertLess(ids.index(both), ids.index(us))
        self.assertEqual(c[both]["name"], self.e["both"]["name"])
        self.assertEqual(c[both]["organisation"],
                         self.e["both"]["organisation"])
        matched = [x["countries_matched"] for x in self.candidates()]
        self.assertEqual(matched, sorted(matched, reverse=True))

    def test_the_less_loaded_first_among_equals(self):
        a = self.a
        busy = make_expert(a.supervisor, ["US"], ["trademark"])
        idle = make_expert(a.supervisor, ["US"], ["trademark"])
        other = file_aid_ok(aid_payload(countries=["US"],
                                        ip_types=["trademark"]))
        a.office.aact_ok(other["no"], "accept")
        a.office.aact_ok(other["no"], "assign_expert", expert=busy["id"])
        c = {x["id"]: x for x in self.candidates()}
        self.assertEqual((c[busy["id"]]["open_cases"],
                          c[idle["id"]]["open_cases"]), (1, 0))
        ids = self.ids()
        self.assertLess(ids.index(idle["id"]), ids.index(busy["id"]),
                        "same countries matched: the one with fewer open "
                        "requests first")
        for e in (busy, idle):
            update_expert(a.supervisor, e["id"], available=False)

    def test_unavailable_experts_are_left_out(self):
        self.assertNotIn(self.e["away"]["id"], self.ids())
        sup = self.a.supervisor
        e = make_expert(sup, ["US"], ["trademark"])
        self.assertIn(e["id"], self.ids())
        update_expert(sup, e["id"], available=False)
        self.assertNotIn(e["id"], self.ids())
        update_expert(sup, e["id"], available=True)
        self.assertIn(e["id"], self.ids())
        update_expert(sup, e["id"], available=False)

    def test_full_experts_are_left_out(self):
        a = self.a
        e = make_expert(a.supervisor, ["US"], ["trademark"], max_open=1)
        self.assertIn(e["id"], self.ids())
        other = file_aid_ok(aid_payload(countries=["US"],
                                        ip_types=["trademark"]))
        a.office.aact_ok(other["no"], "accept")
        v = a.office.aact_ok(other["no"], "assign_expert", expert=e["id"])
        self.assertEqual(v["expert_id"], e["id"])
        self.assertEqual(a.office.get("/api/v1/experts/%d" % e["id"])
                         .json["open_cases"], 1)
        self.assertNotIn(e["id"], self.ids(), "max_open 1 and one request")
        r = a.office.aact(self.no, "assign_expert", expert=e["id"])
        self.assertProblem(r, 409, "state-conflict")
        update_expert(a.supervisor, e["id"], max_open=2)
        self.assertIn(e["id"], self.ids())
        update_expert(a.supervisor, e["id"], available=False)

    def test_experts_connected_to_the_parties_are_excluded(self):
        ids = self.ids()
        for k in ("org_is_requester", "uscc_is_requester",
                  "org_is_opposing"):
            with self.subTest(expert=k):
                self.assertNotIn(self.e[k]["id"], ids)

    def test_the_opposing_party_itself_is_excluded(self):
        a = self.a
        p = aid_payload(countries=["US"], ip_types=["trademark"],
                        opposing_party=self.person)
        b = file_aid_ok(p)
        a.office.aact_ok(b["no"], "accept")
        e = make_expert(a.supervisor, ["US"], ["trademark"], name=self.person)
        self.assertNotIn(e["id"], self.ids(b["no"]))
        self.assertIn(e["id"], self.ids(), "not connected to this request")
        update_expert(a.supervisor, e["id"], available=False)

    def test_an_excluded_expert_cannot_be_assigned(self):
        a = self.a
        for k in ("org_is_requester", "uscc_is_requester", "org_is_opposing",
                  "fr", "patent_only", "away"):
            with self.subTest(expert=k):
                r = a.office.aact(self.no, "assign_expert",
                                  expert=self.e[k]["id"])
                self.assertProblem(r, 409, "state-conflict")
        v = a.office.aid(self.no).json
        self.assertEqual((v["status"], v["expert"]), ("accepted", None))

    def test_candidates_are_for_the_office(self):
        t = team()
        self.assertProblem(get("/api/v1/overseas-aid/%s/candidates" %
                               self.no), 401)
        self.assertProblem(t.hc.acandidates(self.no), 403)
        self.assertProblem(self.a.expert.acandidates(self.no), 403)
        self.assertEqual(self.a.supervisor.acandidates(self.no).status, 200)
        self.assertProblem(self.a.office.acandidates(
            "HW19990101%08d" % 4242), 404)


class AssignmentTest(StaffTest):

    def test_without_a_choice_the_best_candidate_is_assigned(self):
        a = aid_team()
        b = file_aid_ok(aid_payload(countries=["US", "DE"]))
        a.office.aact_ok(b["no"], "accept")
        best = a.office.acandidates(b["no"]).json["candidates"][0]
        v = a.office.aact_ok(b["no"], "assign_expert")
        self.assertEqual((v["status"], v["expert_id"], v["expert"]),
                         ("assigned", best["id"], best["name"]))

    def test_no_candidate_is_409(self):
        a = aid_team()
        # The Holy See and IC layout designs: no expert of the suite
        # covers them (one added by hand to this stack might).
        b = file_aid_ok(aid_payload(countries=["VA"], ip_types=["ic_layout"]))
        a.office.aact_ok(b["no"], "accept")
        if a.office.acandidates(b["no"]).json["candidates"]:
            self.skipTest("an expert for VA/ic_layout is on the roster")
        r = a.office.aact(b["no"], "assign_expert")
        self.assertProblem(r, 409, "state-conflict")
        self.assertEqual(a.office.aid(b["no"]).json["status"], "accepted")

    def test_reassigning_moves_the_request(self):
        a = aid_team()
        x1 = expert_account(a.supervisor, ["US"], ["patent"])
        x2 = expert_account(a.supervisor, ["US"], ["patent"])
        b = a.walker.case_in("accepted")
        a.office.aact_ok(b["no"], "assign_expert", expert=x1.eid)
        self.assertEqual(x1.aid(b["no"]).status, 200)
        v = a.supervisor.aact_ok(b["no"], "assign_expert", expert=x2.eid)
        self.assertEqual((v["status"], v["expert_id"]), ("assigned", x2.eid))
        self.assertProblem(x1.aid(b["no"]), 404)
        self.assertEqual(x2.aid(b["no"]).status, 200)
        for x in (x1, x2):
            update_expert(a.supervisor, x.eid, available=False)

    def test_an_expert_who_declines_is_not_proposed_again(self):
        a = aid_team()
        x = expert_account(a.supervisor, ["US"], ["patent"])
        b = a.walker.case_in("accepted")
        a.office.aact_ok(b["no"], "assign_expert", expert=x.eid)
        v = x.aact_ok(b["no"], "expert_decline", reason="时间冲突")
        self.assertEqual((v["status"], v["expert"], v["expert_id"]),
                         ("accepted", None, None))
        self.assertProblem(x.aid(b["no"]), 404)
        ids = [c["id"] for c in a.office.acandidates(b["no"])
               .json["candidates"]]
        self.assertNotIn(x.eid, ids)
        self.assertProblem(a.office.aact(b["no"], "assign_expert",
                                         expert=x.eid), 409)
        other = a.walker.case_in("accepted")
        self.assertIn(x.eid, [c["id"] for c in a.office.acandidates(
            other["no"]).json["candidates"]], "declining one request only")
        update_expert(a.supervisor, x.eid, available=False)

    def test_a_conflict_names_an_expert_of_the_roster(self):
        """A mistyped expert number is refused (422 on `expert`), not
        recorded as a conflict of an expert who does not exist while the
        intended one stays a candidate."""
        a = aid_team()
        b = a.walker.case_in("accepted")
        r = a.office.aact(b["no"], "declare_conflict", expert=4294967295,
                          reason="该专家曾代理对方当事人")
        self.assertEqual(r.status, 422, r)
        self.assertIn("expert", [e["field"] for e in r.json["errors"]], r)
        self.assertNotIn("declare_conflict", [
            e["action"] for e in a.office.aid(b["no"]).json["timeline"]])

    def test_declared_conflicts(self):
        a = aid_team()
        x = expert_account(a.supervisor, ["US"], ["patent"])
        y = make_expert(a.supervisor, ["US"], ["patent"])
        b = a.walker.case_in("accepted")
        # The office names an expert with a conflict before assigning.
        self.assertInvalid(a.office.aact(b["no"], "declare_conflict",
                                         expert=y["id"]),
                           ("reason", "required"))
        self.assertInvalid(a.office.aact(b["no"], "declare_conflict",
                                         reason="曾代理对方"),
                           ("expert", "required"))
        v = a.office.aact_ok(b["no"], "declare_conflict", expert=y["id"],
                             reason="该专家曾代理对方当事人")
        self.assertEqual(v["status"], "accepted")
        ids = [c["id"] for c in a.office.acandidates(b["no"])
               .json["candidates"]]
        self.assertNotIn(y["id"], ids)
        # The assigned expert declares its own conflict while working.
        a.office.aact_ok(b["no"], "assign_expert", expert=x.eid)
        x.aact_ok(b["no"], "start")
        v = x.aact_ok(b["no"], "declare_conflict",
                      reason="发现本所与申请企业存在投资关系")
        self.assertEqual((v["status"], v["expert_id"]), ("accepted", None))
        ids = [c["id"] for c in a.office.acandidates(b["no"])
               .json["candidates"]]
        self.assertNotIn(x.eid, ids)
        staff = a.office.aid(b["no"]).json["timeline"]
        conflicts = [e for e in staff if e["action"] == "declare_conflict"]
        self.assertEqual([e["detail"]["excluded"] for e in conflicts],
                         [y["id"], x.eid])
        for e in (x.eid, y["id"]):
            update_expert(a.supervisor, e, available=False)
