"""
Cost subsidies for concluded aid requests (SPEC section 3, issue 5): a
claim lists the necessary costs item by item; the office approves the
costs it accepts, and the grant is the configured share of them (30%,
rounded down to the fen) capped by what is left of the enterprise's
yearly allowance (¥200,000 per enterprise, by USCC, across all its claims
in the calendar year of the approval, China time); approval and payment
are recorded and every answer shows the remaining allowance.  Claims and
decisions are dated with X-Debug-Now in the years after this one, so the
allowances they touch are their own.
"""
import threading
from datetime import datetime

from ipdesk import (CST, StaffTest, aid_claim, aid_claims, aid_payload,
                    aid_team, aid_view, aid_enterprise_name, fen,
                    fresh_address, get, make_uscc, post_json, run_admin,
                    sql, sql_value, team, today_cst, yuan)

Y = today_cst().year + 1


def at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=CST)


def rate_and_cap():
    rate = int(sql_value("SELECT value FROM setting WHERE code = "
                         "'aid_subsidy_rate'"))
    cap = int(sql_value("SELECT value FROM setting WHERE code = "
                        "'aid_subsidy_cap'"))
    return rate, cap


class SubsidyTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.a = aid_team()

    def enterprise(self):
        return {"uscc": make_uscc(), "name": aid_enterprise_name("资助")}

    def concluded(self, ent, state="concluded"):
        """A concluded request of the enterprise ent."""
        return self.a.walker.case_in(state, payload=aid_payload(
            uscc=ent["uscc"], name=ent["name"]))

    def claim_ok(self, c, items, now=None):
        r = aid_claim(c["no"], c["access_code"], items, now=now)
        self.assertEqual(r.status, 201, r)
        return r.json

    def decide_ok(self, c, claim_id, now=None, who=None, **fields):
        r = (who or self.a.office).decide(c["no"], claim_id, now=now,
                                          **fields)
        self.assertEqual(r.status, 200, r)
        return r.json

    @staticmethod
    def claim_of(answer, claim_id):
        return [x for x in answer["claims"] if x["id"] == claim_id][0]


class ArithmeticTest(SubsidyTest):

    def test_the_configured_defaults(self):
        self.assertEqual(rate_and_cap(), (3000, 20000000),
                         "30% and ¥200,000 (in fen) by default")

    def test_claims_of_one_enterprise_across_a_year_and_the_next(self):
        a = self.a
        ent = self.enterprise()
        A, B, C, D = (self.concluded(ent) for _ in range(4))

        # First claim: 30% of ¥300,000 is ¥90,000.
        v = self.claim_ok(A, [("美国律师费", "250000"),
                              ("翻译及公证费", "50000.00")], now=at(Y, 3, 1))
        ca = v["claims"][0]
        self.assertEqual((ca["status"], ca["claimed"]),
                         ("submitted", "300000.00"))
        self.assertEqual(ca["items"], [
            {"item": "美国律师费", "amount": "250000.00"},
            {"item": "翻译及公证费", "amount": "50000.00"}])
        self.assertIsNone(ca["grant"])
        self.assertEqual(v["allowance"], {
            "year": Y, "rate_percent": 30, "cap": "200000.00",
            "granted": "0.00", "remaining": "200000.00"})
        v = self.decide_ok(A, ca["id"], now=at(Y, 3, 10), note="材料齐全")
        ca = self.claim_of(v, ca["id"])
        self.assertEqual((ca["status"], ca["approved_costs"], ca["grant"],
                          ca["grant_year"], ca["decision_note"]),
                         ("approved", "300000.00", "90000.00", Y, "材料齐全"))
        self.assertEqual((v["allowance"]["granted"],
                          v["allowance"]["remaining"]),
                         ("90000.00", "110000.00"))

        # Second claim, another request of the same enterprise: only part
        # of the costs approved; 30% of ¥250,000 is ¥75,000.
        v = self.claim_ok(B, [("律师费", "250000.00"), ("差旅费", "50000.50")],
                          now=at(Y, 5, 20))
        cb = v["claims"][0]
        self.assertEqual(cb["claimed"], "300000.50")
        self.assertEqual(v["allowance"]["remaining"], "110000.00",
                         "the claim shows what is left this year")
        v = self.decide_ok(B, cb["id"], now=at(Y, 6, 1),
                           approved_costs="250000.00",
                           note="差旅费超出标准，不予计入")
        cb = self.claim_of(v, cb["id"])
        self.assertEqual((cb["approved_costs"], cb["grant"]),
                         ("250000.00", "75000.00"))
        self.assertEqual(v["allowance"]["remaining"], "35000.00")

        # Third claim hits the cap: 30% of ¥400,000 would be ¥120,000,
        # only ¥35,000 is left.  Decided on New Year's Eve, China time.
        v = a.office.claim(C["no"], [("律师费", "400000.00")],
                           now=at(Y, 12, 20))
        self.assertEqual(v.status, 201, v)
        cc = v.json["claims"][0]
        v = self.decide_ok(C, cc["id"], now=at(Y, 12, 31, 23, 30))
        cc = self.claim_of(v, cc["id"])
        self.assertEqual((cc["approved_costs"], cc["grant"],
                          cc["grant_year"]), ("400000.00", "35000.00", Y))
        self.assertEqual(v["allowance"], {
            "year": Y, "rate_percent": 30, "cap": "200000.00",
            "granted": "200000.00", "remaining": "0.00"})

        # A claim made that night and decided after midnight China time
        # (still the old year in UTC) counts against the new year's
        # allowance, which is whole again.
        v = self.claim_ok(D, [("律师费", "100000.00")],
                          now=at(Y, 12, 31, 23, 45))
        cd = v["claims"][0]
        self.assertEqual(v["allowance"]["remaining"], "0.00")
        v = self.decide_ok(D, cd["id"], now=at(Y + 1, 1, 1, 0, 30))
        cd = self.claim_of(v, cd["id"])
        self.assertEqual((cd["grant"], cd["grant_year"]),
                         ("30000.00", Y + 1))
        self.assertEqual(v["allowance"], {
            "year": Y + 1, "rate_percent": 30, "cap": "200000.00",
            "granted": "30000.00", "remaining": "170000.00"})

        # The grants of year Y add up to the cap exactly.
        grants = [fen(x) for x in (ca["grant"], cb["grant"], cc["grant"])]
        self.assertEqual(sum(grants), 20000000)
        self.assertEqual(sql_value(
            "SELECT SUM(grant_fen) FROM aid_subsidy WHERE e_uscc = '%s' AND "
            "grant_year = %d" % (ent["uscc"], Y)), "20000000")
        self.assertEqual(grants, [min(fen(c) * 30 // 100, left) for c, left in
                                  (("300000.00", 20000000),
                                   ("250000.00", 11000000),
                                   ("400000.00", 3500000))])

        # Any of the enterprise's requests shows the allowance of the
        # year it is looked at in, to the public and to staff.
        for c in (A, B, C, D):
            r = aid_claims(c["no"], c["access_code"], now=at(Y, 12, 31, 12))
            self.assertEqual(r.json["allowance"]["remaining"], "0.00")
        r = aid_claims(A["no"], A["access_code"], now=at(Y + 1, 2, 1))
        self.assertEqual((r.json["allowance"]["year"],
                          r.json["allowance"]["remaining"]),
                         (Y + 1, "170000.00"))
        r = a.supervisor.claims(B["no"], now=at(Y + 1, 2, 1))
        self.assertEqual(r.json["allowance"]["granted"], "30000.00")

    def test_another_enterprise_has_its_own_allowance(self):
        e1, e2 = self.enterprise(), self.enterprise()
        c1, c2 = self.concluded(e1), self.concluded(e2)
        k1 = self.claim_ok(c1, [("律师费", "700000.00")], now=at(Y, 4, 1))
        v = self.decide_ok(c1, k1["claims"][0]["id"], now=at(Y, 4, 2))
        self.assertEqual(v["claims"][0]["grant"], "200000.00",
                         "30% of ¥700,000 is over the cap")
        self.assertEqual(v["allowance"]["remaining"], "0.00")
        k2 = self.claim_ok(c2, [("律师费", "100000.00")], now=at(Y, 4, 3))
        self.assertEqual(k2["allowance"]["remaining"], "200000.00")
        v = self.decide_ok(c2, k2["claims"][0]["id"], now=at(Y, 4, 4))
        self.assertEqual(v["claims"][0]["grant"], "30000.00")

    def test_grant_is_rounded_down_to_the_fen(self):
        for costs, grant in (("1000.05", "300.01"), ("0.03", "0.00"),
                             ("33.33", "9.99"), ("0.10", "0.03")):
            with self.subTest(costs=costs):
                c = self.concluded(self.enterprise())
                k = self.claim_ok(c, [("公证费", costs)], now=at(Y, 7, 1))
                v = self.decide_ok(c, k["claims"][0]["id"], now=at(Y, 7, 2))
                self.assertEqual(v["claims"][0]["grant"], grant)
                self.assertEqual(fen(v["allowance"]["granted"]), fen(grant))

    def test_claims_on_a_closed_request_and_several_on_one(self):
        c = self.concluded(self.enterprise(), state="closed")
        k1 = self.claim_ok(c, [("律师费", "10000.00")], now=at(Y, 8, 1))
        k2 = self.claim_ok(c, [("翻译费", "2000.00")], now=at(Y, 9, 1))
        self.assertEqual([x["claimed"] for x in k2["claims"]],
                         ["10000.00", "2000.00"])
        self.decide_ok(c, k1["claims"][0]["id"], now=at(Y, 8, 2))
        v = self.decide_ok(c, k2["claims"][1]["id"], now=at(Y, 9, 2))
        self.assertEqual([x["grant"] for x in v["claims"]],
                         ["3000.00", "600.00"])
        self.assertEqual(v["allowance"]["remaining"], yuan(20000000 - 360000))

    def test_concurrent_decisions_never_exceed_the_cap(self):
        """Two decisions at the same moment for one enterprise: each would
        be ¥150,000; together they get ¥200,000, not ¥300,000."""
        ent = self.enterprise()
        cs = [self.concluded(ent) for _ in range(2)]
        ids = [self.claim_ok(c, [("律师费", "500000.00")], now=at(Y, 10, 1))
               ["claims"][0]["id"] for c in cs]
        out = {}
        go = threading.Barrier(2)
        who = (self.a.office, self.a.supervisor)

        def decide(i):
            go.wait()
            out[i] = who[i].decide(cs[i]["no"], ids[i], now=at(Y, 10, 2))

        ts = [threading.Thread(target=decide, args=(i,)) for i in (0, 1)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        for i in (0, 1):
            self.assertEqual(out[i].status, 200, out[i])
        grants = sorted(fen(self.claim_of(out[i].json, ids[i])["grant"])
                        for i in (0, 1))
        self.assertEqual(grants, [5000000, 15000000])
        self.assertEqual(sql_value(
            "SELECT granted_fen FROM aid_allowance WHERE e_uscc = '%s' AND "
            "year = %d" % (ent["uscc"], Y)), "20000000")


class DecisionAndPaymentTest(SubsidyTest):

    def test_approval_and_payment_are_recorded(self):
        a = self.a
        c = self.concluded(self.enterprise())
        k = self.claim_ok(c, [("律师费", "50000.00")], now=at(Y, 3, 1))
        cid = k["claims"][0]["id"]
        r = a.office.pay(c["no"], cid, "GK-%d-0001" % Y, now=at(Y, 3, 2))
        self.assertProblem(r, 409, "state-conflict")
        self.decide_ok(c, cid, now=at(Y, 3, 5), who=a.supervisor)
        self.assertProblem(a.office.decide(c["no"], cid, now=at(Y, 3, 6)),
                           409, "state-conflict")
        self.assertInvalid(a.office.pay(c["no"], cid, "", now=at(Y, 3, 9)),
                           ("payment_ref", "required"))
        r = a.office.pay(c["no"], cid, "GK-%d-0001" % Y, now=at(Y, 3, 10))
        self.assertEqual(r.status, 200, r)
        x = r.json["claims"][0]
        self.assertEqual((x["status"], x["grant"], x["payment_ref"]),
                         ("paid", "15000.00", "GK-%d-0001" % Y))
        self.assertProblem(a.office.pay(c["no"], cid, "GK-again",
                                        now=at(Y, 3, 11)), 409)
        row = sql("SELECT status, " + "DATE_FORMAT(decided_at, '%Y-%m-%d'), "
                  "DATE_FORMAT(paid_at, '%Y-%m-%d'), payment_ref, grant_fen "
                  "FROM aid_subsidy WHERE id = " + str(cid))[0]
        self.assertEqual(row, ["paid", "%d-03-05" % Y, "%d-03-10" % Y,
                               "GK-%d-0001" % Y, "1500000"])
        # The public sees the claim paid; its timeline tells the story.
        pv = aid_claims(c["no"], c["access_code"]).json["claims"][0]
        self.assertEqual((pv["status"], pv["grant"]), ("paid", "15000.00"))
        tl = [e["action"] for e in aid_view(c["no"], c["access_code"])
              .json["timeline"]]
        self.assertEqual(tl[-3:], ["subsidy_claimed", "subsidy_approved",
                                   "subsidy_paid"])
        staff = a.office.aid(c["no"]).json["timeline"]
        approved = [e for e in staff if e["action"] == "subsidy_approved"][0]
        self.assertEqual(approved["detail"], {"claim": cid,
                                              "grant_fen": 1500000})
        self.assertIn(a.supervisor.name, approved["actor"])

    def test_rejection_spends_nothing(self):
        a = self.a
        ent = self.enterprise()
        c = self.concluded(ent)
        k = self.claim_ok(c, [("律师费", "80000.00")], now=at(Y, 5, 1))
        cid = k["claims"][0]["id"]
        v = self.decide_ok(c, cid, now=at(Y, 5, 2), decision="reject",
                           note="费用与援助事项无关")
        x = v["claims"][0]
        self.assertEqual((x["status"], x["grant"], x["approved_costs"],
                          x["decision_note"]),
                         ("rejected", None, None, "费用与援助事项无关"))
        self.assertEqual(v["allowance"]["remaining"], "200000.00")
        self.assertProblem(a.office.pay(c["no"], cid, "GK-x",
                                        now=at(Y, 5, 3)), 409)
        self.assertProblem(a.office.decide(c["no"], cid, now=at(Y, 5, 3)),
                           409)

    def test_decision_fields(self):
        a = self.a
        c = self.concluded(self.enterprise())
        cid = self.claim_ok(c, [("律师费", "1000.00")], now=at(Y, 2, 1))[
            "claims"][0]["id"]
        self.assertInvalid(a.office.decide(c["no"], cid,
                                           approved_costs="1000.01"),
                           ("approved_costs", "out_of_range"))
        self.assertInvalid(a.office.decide(c["no"], cid, decision="maybe"),
                           ("decision", "invalid_value"))
        self.assertInvalid(a.office.post_json(
            "/api/v1/overseas-aid/%s/subsidy-claims/%d/decision" %
            (c["no"], cid), {}), ("decision", "required"))
        self.assertInvalid(a.office.decide(c["no"], cid,
                                           approved_costs="12.345"),
                           ("approved_costs", "invalid_amount"))
        self.assertEqual(aid_claims(c["no"], c["access_code"])
                         .json["claims"][0]["status"], "submitted")

    def test_unknown_claims_are_404(self):
        a = self.a
        c1 = self.concluded(self.enterprise())
        c2 = self.concluded(self.enterprise())
        cid = self.claim_ok(c1, [("律师费", "1000.00")])["claims"][0]["id"]
        self.assertProblem(a.office.decide(c2["no"], cid), 404)
        self.assertProblem(a.office.pay(c2["no"], cid, "GK"), 404)
        self.assertProblem(a.office.decide(c1["no"], 999999999999), 404)
        self.assertProblem(a.office.decide(c1["no"], "abc"), 404)


class ClaimRulesTest(SubsidyTest):

    def test_only_concluded_aid_is_subsidised(self):
        a = self.a
        for state in ("submitted", "in_progress", "declined", "withdrawn"):
            with self.subTest(state=state):
                c = a.walker.case_in(state)
                r = aid_claim(c["no"], c["access_code"], [("律师费", "100")])
                self.assertProblem(r, 409, "state-conflict")
                self.assertEqual(aid_claims(c["no"], c["access_code"])
                                 .json["claims"], [])

    def test_claim_validation(self):
        c = self.concluded(self.enterprise())
        no, code = c["no"], c["access_code"]

        def claim(body):
            return post_json("/api/v1/overseas-aid/%s/subsidy-claims" % no,
                             body, code=code)

        self.assertInvalid(claim({}), ("items", "required"))
        self.assertInvalid(claim({"items": []}), ("items", "too_few"))
        self.assertInvalid(claim({"items": [{"item": "律师费",
                                             "amount": "0"}]}),
                           ("items[0].amount", "out_of_range"))
        self.assertInvalid(claim({"items": [{"item": "律师费",
                                             "amount": "100"},
                                            {"item": "退款",
                                             "amount": "-5"}]}),
                           ("items[1].amount", "invalid_amount"))
        self.assertInvalid(claim({"items": [{"amount": "100"}]}),
                           ("items[0].item", "required"))
        self.assertInvalid(claim({"items": [{"item": "x", "amount": "1"}] *
                                  51}), ("items", "too_many"))
        self.assertInvalid(claim({"items": [{"item": "x", "amount": "1",
                                             "vat": "0.06"}]}),
                           ("items[0].vat", "unknown_field"))
        self.assertEqual(aid_claims(no, code).json["claims"], [])

    def test_who_may_claim_and_decide(self):
        a = self.a
        t = team()
        c = self.concluded(self.enterprise())
        no = c["no"]
        src = fresh_address()
        self.assertProblem(aid_claim(no, "Z" * len(c["access_code"]),
                                     [("律师费", "100")], source=src), 404)
        self.assertProblem(aid_claims(no, "Z" * len(c["access_code"]),
                                      source=src), 404)
        self.assertProblem(a.expert.claim(no, [("律师费", "100")]), 403)
        self.assertProblem(t.hc.claim(no, [("律师费", "100")]), 403)
        r = a.supervisor.claim(no, [("律师费", "100")])
        self.assertEqual(r.status, 201, r)
        cid = r.json["claims"][0]["id"]
        path = "/api/v1/overseas-aid/%s/subsidy-claims/%d/decision" % (no,
                                                                       cid)
        self.assertProblem(post_json(path, {"decision": "approve"},
                                     code=c["access_code"]), 401)
        self.assertProblem(a.expert.decide(no, cid), 403)
        self.assertProblem(t.hc.decide(no, cid), 403)
        self.assertEqual(aid_claims(no, c["access_code"]).json["claims"][0]
                         ["status"], "submitted")
        self.assertEqual(a.expert.claims(no).status, 200,
                         "the request's expert may read its claims")
        self.assertProblem(get("/api/v1/overseas-aid/%s/subsidy-claims" % no,
                               source=src), 404)


class ZzAuditTest(SubsidyTest):
    """Last in this module: every aid request's chain still verifies."""

    def test_audit_chain_intact(self):
        p = run_admin("audit", "verify")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertRegex(p.stdout, r"^OK: \d+ events in \d+ chains verified")
        n = int(sql_value("SELECT COUNT(*) FROM case_event WHERE case_type "
                          "= 'aid'"))
        self.assertGreater(n, 0)
