"""
The mediator roster (调解专家库, SPEC section 2) and the choice of a
mediator: the roster routes with their validation; candidates by
speciality (IP type, then industry first) and load, never an unavailable
or full mediator, never one connected to a party (recusal), even when
everyone else is full; a mediator's decline or declared conflict brings
the next candidate; silence past the 3-WD acceptance limit too (the
sweep); a mediator sees and acts on its own cases only.

The candidate lists asserted here are of IP types the shared mediators
never list (ic_layout, plant_variety, geographical_indication,
special_mark); every test makes its own mediators unavailable when it
ends, and only mediators of this run are compared.
"""
import re
from datetime import timedelta

from ipdesk import (USCC, StaffTest, Calendar, Staff, admin_ok, at_day,
                    court_payload, file_mediation_ok, get,
                    isolate_mediators, make_mediator, make_uscc,
                    mediation_payload, mediation_row, mediation_team,
                    mediator_account, mediator_name, parse_time, party_org,
                    party_person, past_workday, post_json, run_admin,
                    split_list, sweep, today_cst, update_mediator)


class RosterTestCase(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.m = mediation_team()
        cls.t = cls.m.t
        cls.sup = cls.t.supervisor
        cls.cal = Calendar()

    def setUp(self):
        self.made = []

    def tearDown(self):
        # Out of every list later tests (and later runs) look at.
        for mid in self.made:
            self.sup.post_json("/api/v1/mediators/%d" % mid,
                               {"available": False})

    def mediator(self, ip_type, **fields):
        m = make_mediator(self.sup, ip_type, **fields)
        self.made.append(m["id"])
        return m

    def account(self, ip_type, prefix="medr", **fields):
        s = mediator_account(self.sup, ip_type, prefix=prefix, **fields)
        self.made.append(s.mid)
        return s

    def candidates(self, no, mine=None):
        """The candidate list of case no (those of `mine`, ids, when
        given)."""
        r = self.m.office.candidates(no)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["no"], no)
        got = r.json["candidates"]
        if mine is not None:
            got = [c for c in got if c["id"] in mine]
        return got

    def court_case(self, ip_type, mediator=None, now=None, **over):
        """A court delegation of ip_type (accepted at once), with the
        mediator (id) proposed when given."""
        c = self.m.walker.new("court", now=now, payload=court_payload(
            today_cst() if now is None else now.date(), ip_type, **over))
        if mediator is not None:
            self.m.office.mact_ok(c["no"], "assign_mediator",
                                  mediator=mediator, now=now)
        return c

    def application(self, ip_type, accept=True, **over):
        b = file_mediation_ok(mediation_payload(ip_type, **over))
        if accept:
            self.m.office.mact_ok(b["no"], "accept")
        return b


class RosterRoutesTest(RosterTestCase):

    def test_supervisor_and_admin_add_mediators(self):
        for who in (self.sup, self.t.admin):
            with self.subTest(who=who.roles):
                name = mediator_name()
                body = {"name": name, "organisation": "惠州学院知识产权研究中心",
                        "organisation_uscc": USCC,
                        "ip_types": ["patent", "ic_layout"],
                        "industries": ["electronics", "semiconductor"],
                        "max_open": 8, "available": False}
                r = who.post_json("/api/v1/mediators", body)
                self.assertEqual(r.status, 201, r)
                m = r.json
                self.made.append(m["id"])
                self.assertEqual(r.header("Location"),
                                 "/api/v1/mediators/%d" % m["id"])
                self.assertEqual(m["name"], name)
                self.assertEqual(m["organisation"], body["organisation"])
                self.assertEqual(m["organisation_uscc"], USCC)
                self.assertEqual(split_list(m["ip_types"]),
                                 ["patent", "ic_layout"])
                self.assertEqual(split_list(m["industries"]),
                                 ["electronics", "semiconductor"])
                self.assertEqual((m["max_open"], m["available"],
                                  m["open_cases"], m["username"]),
                                 (8, False, 0, None))
                listed = [x for x in self.sup.get("/api/v1/mediators")
                          .json["mediators"] if x["id"] == m["id"]]
                self.assertEqual(listed, [m])

    def test_defaults(self):
        m = self.mediator("special_mark", max_open=None)
        self.assertEqual((m["max_open"], m["available"], m["open_cases"]),
                         (5, True, 0))
        self.assertEqual(split_list(m["industries"]), [])

    def test_other_roles_may_not_add_or_change(self):
        m = self.mediator("special_mark")
        body = {"name": mediator_name(), "organisation": "x",
                "ip_types": ["patent"]}
        for who in (self.t.intake, self.t.hc, self.m.mediator, self.t.credit):
            with self.subTest(who=who.roles):
                self.assertProblem(who.post_json("/api/v1/mediators", body),
                                   403)
                self.assertProblem(who.post_json(
                    "/api/v1/mediators/%d" % m["id"], {"max_open": 9}), 403)
        self.assertProblem(post_json("/api/v1/mediators", body), 401)
        self.assertEqual([x["max_open"] for x in self.sup.get(
            "/api/v1/mediators").json["mediators"] if x["id"] == m["id"]],
            [5])

    def test_who_reads_the_roster(self):
        for who in (self.t.intake, self.sup, self.t.admin):
            with self.subTest(who=who.roles):
                r = who.get("/api/v1/mediators")
                self.assertEqual(r.status, 200, r)
                self.assertIsInstance(r.json["mediators"], list)
        for who in (self.m.mediator, self.t.hc, self.t.credit):
            with self.subTest(who=who.roles):
                self.assertProblem(who.get("/api/v1/mediators"), 403)

    def test_validation(self):
        base = {"name": mediator_name(), "organisation": "惠州某调解中心",
                "ip_types": ["patent"]}
        body17 = USCC[:17]
        wrong = "0" if USCC[17] != "0" else "1"
        for body, errors in (
                ({}, [("name", "required"), ("organisation", "required"),
                      ("ip_types", "required")]),
                (dict(base, ip_types=[]), [("ip_types", "too_few")]),
                (dict(base, ip_types=["design"]),
                 [("ip_types[0]", "invalid_value")]),
                (dict(base, ip_types=["patent", "patent"]),
                 [("ip_types[1]", "duplicate_value")]),
                (dict(base, ip_types="patent"), [("ip_types", "wrong_type")]),
                (dict(base, max_open=0), [("max_open", "out_of_range")]),
                (dict(base, max_open=101), [("max_open", "out_of_range")]),
                (dict(base, organisation_uscc=body17 + wrong),
                 [("organisation_uscc", "bad_check_character")]),
                (dict(base, organisation_uscc="123"),
                 [("organisation_uscc", "invalid_format")]),
                (dict(base, available="yes"), [("available", "wrong_type")]),
                (dict(base, industries=["x" * 33]),
                 [("industries[0]", "too_long")]),
                (dict(base, speciality="x"),
                 [("speciality", "unknown_field")]),
                (dict(base, username=self.t.hc.name),
                 [("username", "not_a_mediator_account")]),
                (dict(base, username="no.such.account"),
                 [("username", "not_a_mediator_account")])):
            with self.subTest(body=body):
                self.assertInvalid(self.sup.post_json("/api/v1/mediators",
                                                      body), *errors)
        self.assertEqual([x for x in self.sup.get("/api/v1/mediators").json[
            "mediators"] if x["name"] == base["name"]], [])

    def test_one_mediator_by_its_id(self):
        m = self.mediator("special_mark", industries=["food"])
        for who in (self.t.intake, self.sup, self.t.admin):
            with self.subTest(who=who.roles):
                r = who.get("/api/v1/mediators/%d" % m["id"])
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json, m)
        for who in (self.m.mediator, self.t.hc):
            with self.subTest(who=who.roles):
                self.assertProblem(who.get("/api/v1/mediators/%d" % m["id"]),
                                   403)
        self.assertProblem(self.sup.get("/api/v1/mediators/999999999"), 404)

    def test_an_industry_is_one_item(self):
        """An industry holding a comma is refused or kept whole -- never
        stored as two industries the mediator did not name."""
        r = self.sup.post_json("/api/v1/mediators", {
            "name": mediator_name(), "organisation": "惠州某调解中心",
            "ip_types": ["special_mark"], "available": False,
            "industries": ["半导体,集成电路"]})
        if r.status == 201:
            self.made.append(r.json["id"])
            self.assertEqual(r.json["industries"], ["半导体,集成电路"], r)
        else:
            p = self.assertProblem(r, 422, "validation-error")
            self.assertEqual([e["field"] for e in p["errors"]],
                             ["industries[0]"], p)

    def test_an_account_is_one_mediator(self):
        s = self.account("special_mark", prefix="medu")
        self.assertEqual(s.roster["username"], s.name)
        self.assertInvalid(self.sup.post_json("/api/v1/mediators", {
            "name": mediator_name(), "organisation": "x",
            "ip_types": ["patent"], "username": s.name}),
            ("username", "already_a_mediator"))

    def test_admin_program_adds_and_lists_mediators(self):
        """`ipdesk-admin mediator add|list`, the operator's way."""
        s = Staff("medc", "mediator")
        name = mediator_name("调解员命令")
        out = admin_ok("mediator", "add", name, "--org", "惠州市律师协会",
                       "--ip-types", "special_mark,other", "--uscc", USCC,
                       "--industries", "food,retail", "--max-open", "7",
                       "--user", s.name)
        mid = int(re.search(r"\(id (\d+)\)", out).group(1))
        self.made.append(mid)
        m = [x for x in self.sup.get("/api/v1/mediators").json["mediators"]
             if x["id"] == mid][0]
        self.assertEqual((m["name"], m["organisation"], m["organisation_uscc"],
                          m["max_open"], m["available"], m["username"]),
                         (name, "惠州市律师协会", USCC, 7, True, s.name))
        self.assertEqual(split_list(m["ip_types"]), ["special_mark", "other"])
        self.assertEqual(split_list(m["industries"]), ["food", "retail"])
        self.assertIn(name, admin_ok("mediator", "list"))
        for args in (["--org", "x", "--ip-types", "design"],
                     ["--org", "x", "--ip-types", "patent", "--uscc",
                      USCC[:17] + ("0" if USCC[17] != "0" else "1")],
                     ["--org", "x", "--ip-types", "patent", "--user",
                      self.t.hc.name],
                     ["--org", "x", "--ip-types", "patent", "--max-open",
                      "0"],
                     ["--ip-types", "patent"]):
            with self.subTest(args=args):
                p = run_admin("mediator", "add", mediator_name(), *args)
                self.assertEqual(p.returncode, 1, p.stdout + p.stderr)

    def test_update(self):
        m = self.mediator("special_mark", industries=["textiles"])
        u = update_mediator(self.sup, m["id"], available=False, max_open=9,
                            ip_types=["special_mark", "other"],
                            industries=["apparel", "textiles"])
        self.assertEqual((u["available"], u["max_open"]), (False, 9))
        self.assertEqual(split_list(u["ip_types"]), ["special_mark", "other"])
        self.assertEqual(split_list(u["industries"]), ["apparel", "textiles"])
        self.assertEqual((u["name"], u["organisation"]),
                         (m["name"], m["organisation"]))
        u2 = update_mediator(self.t.admin, m["id"], available=True)
        self.assertEqual((u2["available"], u2["max_open"]), (True, 9))
        listed = [x for x in self.sup.get("/api/v1/mediators").json[
            "mediators"] if x["id"] == m["id"]]
        self.assertEqual(listed, [u2])

    def test_update_validation(self):
        m = self.mediator("special_mark")
        for body, errors in (
                ({"max_open": 0}, [("max_open", "out_of_range")]),
                ({"ip_types": []}, [("ip_types", "too_few")]),
                ({"ip_types": ["x"]}, [("ip_types[0]", "invalid_value")]),
                ({"available": 1}, [("available", "wrong_type")]),
                ({"rank": 3}, [("rank", "unknown_field")])):
            with self.subTest(body=body):
                self.assertInvalid(self.sup.post_json(
                    "/api/v1/mediators/%d" % m["id"], body), *errors)
        for mid in ("999999999", "abc", "0"):
            with self.subTest(id=mid):
                self.assertProblem(self.sup.post_json(
                    "/api/v1/mediators/" + mid, {"max_open": 3}), 404)

    def test_update_does_not_silently_drop_fields(self):
        """A field the update takes is either applied or refused: a 200
        whose answer still shows the old organisation would leave the
        recusal check working on data the office believes it changed."""
        m = self.mediator("special_mark", organisation="惠州甲调解中心")
        r = self.sup.post_json("/api/v1/mediators/%d" % m["id"],
                               {"organisation": "惠州乙律师事务所"})
        if r.status == 200:
            self.assertEqual(r.json["organisation"], "惠州乙律师事务所", r)
        else:
            self.assertInvalid(r, ("organisation", "not_allowed"))


class CandidatesTest(RosterTestCase):
    """Candidates for a case: its IP type; industry matches first, then
    the least loaded; never unavailable, full or connected mediators."""

    def test_order_and_exclusions(self):
        ip = "ic_layout"
        u = make_uscc()
        a = self.mediator(ip, industries=["semiconductor"])
        b = self.mediator(ip, industries=["textiles"])
        c = self.mediator(ip, industries=["electronics", "semiconductor"])
        d = self.mediator(ip, industries=["semiconductor"], available=False)
        e = self.mediator(ip, industries=["semiconductor"], max_open=1)
        f = self.mediator(ip, industries=["semiconductor"],
                          organisation_uscc=u,
                          organisation="深圳某集成电路设计有限公司")
        g = self.mediator("patent", industries=["semiconductor"])
        mine = {x["id"] for x in (a, b, c, d, e, f, g)}
        isolate_mediators(self.sup, ip, keep=mine)
        # A and E each work on one case already.
        self.court_case(ip, mediator=a["id"])
        self.court_case(ip, mediator=e["id"])
        case = self.application(ip, accept=False, industry="semiconductor",
                                respondent=party_org(uscc=u))
        got = self.candidates(case["no"], mine)
        self.assertEqual([x["id"] for x in got], [c["id"], a["id"], b["id"]])
        self.assertEqual([(x["industry_match"], x["open_cases"],
                           x["max_open"]) for x in got],
                         [(True, 0, 5), (True, 1, 5), (False, 0, 5)])
        self.assertEqual(got[0]["name"], c["name"])
        self.assertEqual(got[0]["organisation"], c["organisation"])
        # The roster changes, and so do the candidates.
        update_mediator(self.sup, b["id"], available=False)
        update_mediator(self.sup, d["id"], available=True)
        update_mediator(self.sup, e["id"], max_open=2)
        got = self.candidates(case["no"], mine)
        self.assertEqual([x["id"] for x in got],
                         [c["id"], d["id"], a["id"], e["id"]])
        # The proposal without a choice is the first candidate.
        first = self.candidates(case["no"])[0]
        self.m.office.mact_ok(case["no"], "accept")
        v = self.m.office.mact_ok(case["no"], "assign_mediator")
        self.assertEqual(v["mediator"]["id"], first["id"])
        self.assertEqual(v["mediator"]["accepted"], False)
        ev = [x for x in v["timeline"] if x["action"] == "assign_mediator"]
        self.assertEqual(ev[-1]["detail"], {"mediator": first["id"]})
        due, _ = self.cal.due("mediator_accept",
                              parse_time(ev[-1]["at"]).date())
        self.assertEqual(v["due"]["mediator_acceptance"]["date"],
                         due.isoformat())
        # Load counts the cases a mediator was proposed for.
        self.assertEqual([x["open_cases"] for x in self.sup.get(
            "/api/v1/mediators").json["mediators"] if x["id"] == c["id"]],
            [1 if first["id"] == c["id"] else 0])

    def test_explicit_choice_must_be_a_candidate(self):
        ip = "ic_layout"
        u = make_uscc()
        ok = self.mediator(ip)
        away = self.mediator(ip, available=False)
        other = self.mediator("patent")
        tied = self.mediator(ip, organisation_uscc=u)
        case = self.application(ip, respondent=party_org(uscc=u))
        for mid in (away["id"], other["id"], tied["id"], 999999):
            with self.subTest(mediator=mid):
                self.assertProblem(self.m.office.mact(
                    case["no"], "assign_mediator", mediator=mid), 409)
        v = self.m.office.mact_ok(case["no"], "assign_mediator",
                                  mediator=ok["id"])
        self.assertEqual(v["mediator"]["id"], ok["id"])

    def test_candidates_route_is_for_the_office(self):
        case = self.application("ic_layout")
        self.assertProblem(self.m.mediator.candidates(case["no"]), 403)
        self.assertProblem(self.t.hc.candidates(case["no"]), 403)
        self.assertProblem(self.m.office.candidates("TJ19990101000000"), 404)


class RecusalTest(RosterTestCase):
    """A mediator connected to a party -- of the same organisation (by
    name, however spaced and bracketed, or by USCC), or a party itself --
    is never proposed, not even when every other mediator is full."""

    def test_connected_mediators_are_never_proposed_even_under_load(self):
        ip = "plant_variety"
        resp_uscc = make_uscc()
        person = party_person()
        # The connected mediators come first (lower ids, no load): on a
        # tie they would be everyone's first choice.
        by_name = self.mediator(ip, organisation="惠州市 星河种业（集团）有限公司",
                                industries=["agriculture"])
        by_uscc = self.mediator(ip, organisation="星河种业惠州分公司",
                                organisation_uscc=resp_uscc,
                                industries=["agriculture"])
        by_self = self.mediator(ip, name=person["name"],
                                organisation="惠州农业大学",
                                industries=["agriculture"])
        busy1 = self.mediator(ip, max_open=1, industries=["agriculture"])
        busy2 = self.mediator(ip, max_open=1)
        connected = {by_name["id"], by_uscc["id"], by_self["id"]}
        mine = connected | {busy1["id"], busy2["id"]}
        isolate_mediators(self.sup, ip, keep=mine)
        load1 = self.court_case(ip, mediator=busy1["id"])
        self.court_case(ip, mediator=busy2["id"])

        def parties(variant):
            """Parties connected to all three: the company of by_name
            (spaced and bracketed otherwise) with by_uscc's USCC, and the
            person by_self is, on either side."""
            company = party_org(name=("惠州市星河种业(集团)有限公司",
                                      "惠州市星河种业（集团） 有限公司")[variant],
                                uscc=resp_uscc, phone="13800138000")
            return (company, person) if variant == 0 else (person, company)

        for variant in (0, 1):
            with self.subTest(variant=variant):
                a_, r_ = parties(variant)
                case = self.application(ip, industry="agriculture",
                                        applicant=a_, respondent=r_)
                self.assertEqual(self.candidates(case["no"], mine), [])
                for cid in connected:
                    self.assertProblem(self.m.office.mact(
                        case["no"], "assign_mediator", mediator=cid), 409)
                everyone = self.candidates(case["no"])
                r = self.m.office.mact(case["no"], "assign_mediator")
                if everyone:
                    self.assertEqual(r.status, 200, r)
                    self.assertNotIn(r.json["mediator"]["id"], connected)
                else:
                    p = self.assertProblem(r, 409)
                    self.assertTrue(p["detail"])
                self.assertNotIn(mediation_row(case["no"], "mediator_id")[0],
                                 {str(i) for i in connected})

        # Once busy1 has room again it is proposed -- not a connected one,
        # though they have less load and come first by id.
        r = post_json("/api/v1/mediations/%s/withdraw" % load1["no"], {},
                      code=load1["access_code"])
        self.assertEqual(r.status, 200, r)
        a_, r_ = parties(0)
        case = self.application(ip, industry="agriculture", applicant=a_,
                                respondent=r_)
        self.assertEqual([x["id"] for x in self.candidates(case["no"],
                                                           mine)],
                         [busy1["id"]])
        v = self.m.office.mact_ok(case["no"], "assign_mediator")
        self.assertEqual(v["mediator"]["id"], busy1["id"])

        # The same mediators are fine for a dispute between strangers.
        other = self.application(ip, industry="agriculture")
        self.assertEqual({x["id"] for x in self.candidates(other["no"],
                                                           mine)},
                         connected)


class DeclineAndConflictTest(RosterTestCase):
    """A mediator who declines, or declares a conflict of interest, is
    excluded from the case and the next candidate is proposed."""

    def test_decline_and_conflict_bring_the_next_candidate(self):
        ip = "geographical_indication"
        x1 = self.account(ip, prefix="medx")
        x2 = self.account(ip, prefix="medx")
        x3 = self.account(ip, prefix="medx")
        x4 = self.mediator(ip)
        mine = {x1.mid, x2.mid, x3.mid, x4["id"]}
        isolate_mediators(self.sup, ip, keep=mine)
        office = self.m.office
        case = self.application(ip)
        no = case["no"]
        v = office.mact_ok(no, "assign_mediator")
        self.assertEqual(v["mediator"]["id"], x1.mid)

        self.assertInvalid(x1.mact(no, "declare_conflict"),
                           ("reason", "required"))
        v = x1.mact_ok(no, "mediator_decline", reason="近期出差，无法承办")
        self.assertEqual(v["status"], "accepted")
        self.assertEqual(v["mediator"]["id"], x2.mid)
        self.assertProblem(x1.mediation(no), 404)
        self.assertProblem(x1.mact(no, "mediator_accept"), 404)
        full = office.mediation(no).json
        ev = [e for e in full["timeline"] if e["action"] ==
              "mediator_decline"]
        self.assertEqual(ev[0]["detail"], {"mediator": x2.mid,
                                           "reason": "近期出差，无法承办"})
        self.assertNotIn("mediator_decline", [e["action"] for e in get_pub(
            case)["timeline"]])

        v = x2.mact_ok(no, "declare_conflict", reason="曾担任被申请人法律顾问")
        self.assertEqual(v["mediator"]["id"], x3.mid)
        # The office names x4's conflict: x4 is out, x3 stays.
        v = office.mact_ok(no, "declare_conflict", mediator=x4["id"],
                           reason="与申请人存在亲属关系")
        self.assertEqual(v["mediator"]["id"], x3.mid)
        ev = [e for e in v["timeline"] if e["action"] == "declare_conflict"]
        self.assertEqual([e["detail"]["excluded"] for e in ev],
                         [x2.mid, x4["id"]])
        self.assertEqual([c["id"] for c in self.candidates(no, mine)],
                         [x3.mid])
        for mid in (x1.mid, x2.mid, x4["id"]):
            with self.subTest(excluded=mid):
                self.assertProblem(office.mact(no, "assign_mediator",
                                               mediator=mid), 409)

        v = x3.mact_ok(no, "mediator_decline", reason="案件过多")
        self.assertIsNone(v["mediator"]["id"])
        ev = [e for e in office.mediation(no).json["timeline"]
              if e["action"] == "mediator_decline"]
        self.assertEqual(ev[-1]["detail"]["mediator"], "none_left")
        self.assertEqual(self.candidates(no, mine), [])
        if not self.candidates(no):
            self.assertProblem(office.mact(no, "assign_mediator"), 409)
        self.assertInvalid(office.mact(no, "declare_conflict",
                                       reason="x"), ("mediator", "required"))

        # Exclusions are of one case: x1 is still a candidate elsewhere.
        other = self.application(ip)
        self.assertEqual({c["id"] for c in self.candidates(other["no"],
                                                           mine)}, mine)

    def test_accepted_mediator_steps_back_by_conflict(self):
        ip = "geographical_indication"
        y1 = self.account(ip, prefix="medy")
        y2 = self.mediator(ip)
        isolate_mediators(self.sup, ip, keep={y1.mid, y2["id"]})
        case = self.application(ip)
        self.m.office.mact_ok(case["no"], "assign_mediator", mediator=y1.mid)
        y1.mact_ok(case["no"], "mediator_accept")
        self.assertProblem(y1.mact(case["no"], "mediator_decline"), 409)
        v = y1.mact_ok(case["no"], "declare_conflict",
                       reason="发现与被申请人有业务往来")
        self.assertEqual((v["mediator"]["id"], v["mediator"]["accepted"]),
                         (y2["id"], False))


def get_pub(case):
    r = get("/api/v1/mediations/" + case["no"], code=case["access_code"])
    assert r.status == 200, r
    return r.json


class AcceptanceTimeoutTest(RosterTestCase):
    """A proposed mediator who says nothing for 3 WD is passed over: the
    sweep excludes it and proposes the next candidate."""

    def test_silence_past_3_working_days_brings_the_next_candidate(self):
        ip = "special_mark"
        cal = self.cal
        t1 = self.account(ip, prefix="medt")
        t2 = self.account(ip, prefix="medt")
        isolate_mediators(self.sup, ip, keep={t1.mid, t2.mid})
        d = past_workday(cal, 70)
        now = at_day(d)
        case = self.court_case(ip, now=now)
        no = case["no"]
        v = self.m.office.mact_ok(no, "assign_mediator", now=now)
        self.assertEqual(v["mediator"]["id"], t1.mid)
        due, _ = cal.due("mediator_accept", d)
        self.assertEqual(v["due"]["mediator_acceptance"]["date"],
                         due.isoformat())
        self.assertEqual(v["next_due"], due.isoformat())

        sweep(at_day(due, 23, 30))
        self.assertEqual(mediation_row(no, "mediator_id")[0], str(t1.mid))
        after = due + timedelta(days=1)
        out = sweep(at_day(after, 0, 30))
        self.assertRegex(out, r"mediations: [1-9]\d* timer")
        v = self.m.office.mediation(no, now=at_day(after, 9)).json
        self.assertEqual(v["status"], "accepted")
        self.assertEqual((v["mediator"]["id"], v["mediator"]["accepted"]),
                         (t2.mid, False))
        due2, _ = cal.due("mediator_accept", after)
        self.assertEqual(v["due"]["mediator_acceptance"]["date"],
                         due2.isoformat())
        ev = [e for e in v["timeline"] if e["action"] == "mediator_timeout"]
        self.assertEqual(len(ev), 1)
        self.assertEqual((ev[0]["actor"], ev[0]["detail"]),
                         ("system", {"excluded": t1.mid}))
        self.assertNotIn("mediator_timeout", [e["action"] for e in get_pub(
            case)["timeline"]])
        self.assertEqual([c["id"] for c in self.candidates(
            no, {t1.mid, t2.mid})], [t2.mid])
        # t1 no longer sees the case; t2 does, and accepts in time.
        self.assertProblem(t1.mediation(no, now=at_day(after, 9)), 404)
        self.assertIn(no, [c["no"] for c in t2.mqueue(
            now=at_day(after, 9)).json["items"]])
        v = t2.mact_ok(no, "mediator_accept", now=at_day(after, 10))
        self.assertTrue(v["mediator"]["accepted"])
        self.assertEqual(v["due"]["mediator_acceptance"]["state"], "met")
        sweep(at_day(due2 + timedelta(days=2)))
        self.assertEqual(mediation_row(no, "mediator_id")[0], str(t2.mid))

    def test_when_nobody_is_left_the_case_waits_for_the_office(self):
        ip = "special_mark"
        cal = self.cal
        t3 = self.account(ip, prefix="medt")
        isolate_mediators(self.sup, ip, keep={t3.mid})
        d = past_workday(cal, 60)
        case = self.court_case(ip, mediator=t3.mid, now=at_day(d))
        due, _ = cal.due("mediator_accept", d)
        after = due + timedelta(days=1)
        sweep(at_day(after))
        v = self.m.office.mediation(case["no"], now=at_day(after, 11)).json
        self.assertEqual(v["status"], "accepted")
        self.assertIsNone(v["mediator"]["id"])
        self.assertEqual(v["next_due"], v["due"]["limit"]["date"])


class MediatorVisibilityTest(RosterTestCase):
    """A mediator sees the cases it was proposed for, and no other; it
    sees the parties' personal data once it accepted."""

    def test_a_mediator_sees_and_acts_on_its_own_cases_only(self):
        ip = "trade_secret"
        v1 = self.account(ip, prefix="medv")
        v2 = self.account(ip, prefix="medv")
        office = self.m.office
        mine = self.application(ip)
        theirs = self.application(ip)
        office.mact_ok(mine["no"], "assign_mediator", mediator=v1.mid)
        office.mact_ok(theirs["no"], "assign_mediator", mediator=v2.mid)

        listed = [c["no"] for c in v1.mqueue(limit=200).json["items"]]
        self.assertIn(mine["no"], listed)
        self.assertNotIn(theirs["no"], listed)
        self.assertEqual(v1.mediation(mine["no"]).status, 200)
        self.assertProblem(v1.mediation(theirs["no"]), 404)
        for action, fields in (("mediator_accept", {}),
                               ("mediator_decline", {"reason": "x"}),
                               ("request_consent", {}),
                               ("declare_conflict", {"reason": "x"})):
            with self.subTest(action=action):
                self.assertProblem(v1.mact(theirs["no"], action, **fields),
                                   404)
        self.assertEqual(mediation_row(theirs["no"],
                                       "mediator_accepted")[0], "0")
        # The office sees both.
        olist = [c["no"] for c in office.mqueue(limit=200).json["items"]]
        self.assertIn(mine["no"], olist)
        self.assertIn(theirs["no"], olist)

        # Masked until the mediator took the case.
        before = v1.mediation(mine["no"]).json
        self.assertEqual(before["personal_data"], "masked")
        self.assertNotIn(before["applicant"]["id_number"], ("", None))
        self.assertIn("*", before["applicant"]["id_number"])
        after = v1.mact_ok(mine["no"], "mediator_accept")
        self.assertEqual(after["personal_data"], "full")
        self.assertNotIn("*", after["applicant"]["id_number"])

    def test_reassigned_case_leaves_the_first_mediator(self):
        ip = "trade_secret"
        v1 = self.account(ip, prefix="medv")
        v2 = self.account(ip, prefix="medv")
        case = self.application(ip)
        no = case["no"]
        self.m.office.mact_ok(no, "assign_mediator", mediator=v1.mid)
        self.assertEqual(v1.mediation(no).status, 200)
        self.m.office.mact_ok(no, "assign_mediator", mediator=v2.mid)
        self.assertProblem(v1.mediation(no), 404)
        self.assertNotIn(no, [c["no"] for c in v1.mqueue(limit=200)
                              .json["items"]])
        self.assertProblem(v1.mact(no, "mediator_accept"), 404)
        self.assertEqual(v2.mact_ok(no, "mediator_accept")["mediator"]["id"],
                         v2.mid)

    def test_mediator_not_on_the_roster_sees_nothing(self):
        case = self.application("trade_secret")
        s = Staff("medn", "mediator")
        r = s.mqueue()
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["items"], [])
        self.assertProblem(s.mediation(case["no"]), 404)
        self.assertProblem(s.mact(case["no"], "mediator_accept"), 404)
