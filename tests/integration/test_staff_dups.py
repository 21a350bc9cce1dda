"""
Duplicate suggestions and merging (SPEC section 1): on intake, open cases
against the same respondent (USCC, or name normalised: case, spaces,
full-width forms, punctuation), on the same right number (patent numbers
in any notation) or about the same shop URL are listed in the staff
view's "duplicates" with the reasons; a case that is closed, withdrawn or
merged is no longer suggested.  "merge" joins a duplicate to an open case
the caller may see; the merged case names it (merged_into) and the
surviving case records a merge_received event.
"""
import random

from ipdesk import (StaffTest, case_in, complaint_payload, make_name,
                    make_patent, make_uscc, post, report_payload, team,
                    token)


def fullwidth(s):
    """ASCII letters and digits as their full-width forms (U+FF01...)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def respondent(**over):
    r = {"name": "惠州市%s%s商贸有限公司" % (make_name(), token(3)),
         "uscc": make_uscc(), "address": "惠州市惠城区演达大道%d号" %
         random.randint(1, 999)}
    r.update(over)
    return {k: v for k, v in r.items() if v is not None}


def payload(resp=None, patent=None, **over):
    return complaint_payload(
        respondent=resp or respondent(),
        rights=[{"type": "patent", "number": patent or make_patent()}],
        **over)


def shop_payload(url, name=None):
    p = complaint_payload(
        scene="ecommerce", ip_type="trademark",
        rights=[{"type": "trademark",
                 "number": str(random.randint(10 ** 7, 10 ** 9))}])
    p["respondent"] = {"name": name or "%s旗舰店%s" % (make_name(), token(3)),
                       "shop_url": url, "platform": "某电商平台"}
    return p


class DuplicateTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = team()

    def dups(self, no, who=None):
        r = (who or self.t.intake).view(no)
        self.assertEqual(r.status, 200, r)
        return {d["no"]: d for d in r.json["duplicates"]}

    def assertSuggests(self, no, other, reasons, status=None):
        d = self.dups(no)
        self.assertIn(other, d, "%s should suggest %s" % (no, other))
        self.assertEqual(set(d[other]["reasons"]), set(reasons), d[other])
        if status:
            self.assertEqual(d[other]["status"], status)
        return d[other]

    def test_same_uscc(self):
        u = make_uscc()
        a = self.file_ok(payload(respondent(uscc=u)))["no"]
        b = self.file_ok(payload(respondent(uscc=u)))["no"]
        d = self.assertSuggests(b, a, ["respondent_uscc"], "submitted")
        self.assertEqual(d["kind"], "complaint")
        # Both ways: the earlier case lists the later one.
        self.assertSuggests(a, b, ["respondent_uscc"])

    def test_report_and_complaint_are_suggested_across_tracks(self):
        u = make_uscc()
        a = self.file_ok(payload(respondent(uscc=u)))["no"]
        r = report_payload(respondent=respondent(uscc=u))
        b = self.file_ok(r)["no"]
        d = self.assertSuggests(b, a, ["respondent_uscc"])
        self.assertEqual(d["kind"], "complaint")
        self.assertEqual(self.dups(a)[b]["kind"], "report")

    def test_same_name_in_other_forms(self):
        """Case, spaces (ASCII and ideographic), full-width letters and
        digits, and full-width punctuation do not hide a respondent."""
        tok = token(3).upper()
        base = "惠州市Abc%s贸易有限公司" % tok
        variants = ["惠州市 ABC %s 贸易有限公司" % tok.lower(),
                    "惠州市ＡＢＣ%s　贸易（有限）公司" % fullwidth(tok),
                    "惠州市abc-%s贸易有限公司。" % tok]
        a = self.file_ok(payload(respondent(name=base)))["no"]
        for v in variants:
            with self.subTest(name=v):
                b = self.file_ok(payload(respondent(name=v)))["no"]
                self.assertSuggests(b, a, ["respondent_name"])
        other = self.file_ok(payload(respondent(
            name="惠州市Abd%s贸易有限公司" % tok)))["no"]
        self.assertNotIn(a, self.dups(other))

    def test_same_patent_in_another_notation(self):
        p = make_patent()
        a = self.file_ok(payload(patent=p))["no"]
        b = self.file_ok(payload(patent="ZL%s.%s" % (p[:12], p[12])))["no"]
        c = self.file_ok(payload(patent="CN" + p))["no"]
        self.assertSuggests(b, a, ["right_number"])
        self.assertSuggests(c, a, ["right_number"])
        self.assertSuggests(c, b, ["right_number"])
        d = self.file_ok(payload(patent=make_patent()))["no"]
        self.assertNotIn(a, self.dups(d))

    def test_same_shop_url(self):
        host = "Shop-%s.Example.com" % token(3)
        a = self.file_ok(shop_payload("https://%s/item/42" % host))["no"]
        b = self.file_ok(shop_payload("https://%s/item/42/#reviews" %
                                      host.lower()))["no"]
        self.assertSuggests(b, a, ["shop_url"])
        c = self.file_ok(shop_payload("https://%s/item/43" % host))["no"]
        self.assertNotIn(a, self.dups(c))

    def test_several_reasons_at_once(self):
        r = respondent()
        p = make_patent()
        a = self.file_ok(payload(dict(r), patent=p))["no"]
        b = self.file_ok(payload(dict(r), patent=p))["no"]
        self.assertSuggests(b, a, ["respondent_uscc", "respondent_name",
                                   "right_number"])

    def test_unrelated_cases_are_not_suggested(self):
        a = self.file_ok(payload())["no"]
        self.assertEqual(self.dups(a), {})

    def test_cases_over_are_not_suggested_on_intake(self):
        for state in ("withdrawn", "closed", "rejected", "merged"):
            with self.subTest(state=state):
                u = make_uscc()
                old = case_in(state, payload(respondent(uscc=u)))["no"]
                new = self.file_ok(payload(respondent(uscc=u)))["no"]
                self.assertNotIn(old, self.dups(new))

    def test_suggestion_goes_when_the_other_is_withdrawn(self):
        u = make_uscc()
        a = self.file_ok(payload(respondent(uscc=u)))
        b = self.file_ok(payload(respondent(uscc=u)))["no"]
        self.assertIn(a["no"], self.dups(b))
        r = post("/api/v1/complaints/%s/withdraw" % a["no"],
                 code=a["access_code"])
        self.assertEqual(r.status, 200, r)
        self.assertNotIn(a["no"], self.dups(b))

    def test_suggestion_goes_when_the_other_is_closed(self):
        t = self.t
        u = make_uscc()
        a = case_in("resolved", payload(respondent(uscc=u)))["no"]
        b = self.file_ok(payload(respondent(uscc=u)))["no"]
        # Resolved is not open either: not suggested on intake.
        self.assertNotIn(a, self.dups(b))
        c = self.file_ok(payload(respondent(uscc=u)))["no"]
        d = self.file_ok(payload(respondent(uscc=u)))["no"]
        self.assertIn(c, self.dups(d))
        t.intake.act_ok(c, "accept")
        t.intake.act_ok(c, "assign", department="huicheng")
        t.desk.act_ok(c, "resolve", outcome="no_infringement",
                      public_reply="未发现侵权。")
        t.desk.act_ok(c, "close")
        self.assertNotIn(c, self.dups(d))


class MergeTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = team()

    def test_merge_into_an_open_case(self):
        t = self.t
        u = make_uscc()
        a = self.file_ok(payload(respondent(uscc=u)))
        b = self.file_ok(payload(respondent(uscc=u)))
        t.intake.act_ok(a["no"], "accept")
        v = t.intake.act_ok(b["no"], "merge", into=a["no"],
                            reason="同一侵权行为的重复投诉")
        self.assertEqual(v["status"], "merged")
        self.assertEqual(v["merged_into"], a["no"])
        self.assertIsNotNone(v["closed_at"])
        # The public sees where its case went.
        pub = self.view_ok(b["no"], b["access_code"])
        self.assertEqual((pub["status"], pub["merged_into"]),
                         ("merged", a["no"]))
        self.assertEqual(pub["timeline"][-1]["action"], "merge")
        # The merged case's event names the target; the target records
        # what it received.
        ev = t.intake.events(b["no"]).json["events"]
        m = [e for e in ev if e["action"] == "merge"][0]
        self.assertEqual((m["from"], m["to"]), ("submitted", "merged"))
        self.assertEqual(m["detail"], {"into": a["no"],
                                       "reason": "同一侵权行为的重复投诉"})
        ev = t.intake.events(a["no"]).json["events"]
        got = [e for e in ev if e["action"] == "merge_received"]
        self.assertEqual(len(got), 1, ev)
        self.assertEqual(got[0]["detail"], {"from": b["no"]})
        self.assertEqual(got[0]["actor"], "staff:" + t.intake.name)
        # The target is unchanged otherwise.
        self.assertEqual(t.intake.view(a["no"]).json["status"], "accepted")

    def test_merge_from_a_suspended_case(self):
        t = self.t
        a = case_in("assigned")["no"]
        b = case_in("suspended")["no"]
        v = t.hc.act_ok(b, "merge", into=a)
        self.assertEqual(v["status"], "merged")
        self.assertIsNone(v["suspended_at"])
        self.assertIsNone(v["next_due"])

    def test_target_must_be_open(self):
        t = self.t
        src = case_in("submitted")["no"]
        for state in ("closed", "withdrawn", "rejected", "merged",
                      "resolved"):
            with self.subTest(state=state):
                target = case_in(state)["no"]
                r = t.intake.act(src, "merge", into=target)
                self.assertInvalid(r, ("into", "invalid_case"))
        for into in (src, "TS1999010100000004", "not a case"):
            with self.subTest(into=into):
                r = t.intake.act(src, "merge", into=into)
                self.assertInvalid(r, ("into", "invalid_case"))
        self.assertEqual(t.intake.view(src).json["status"], "submitted")

    def test_merged_case_is_over(self):
        t = self.t
        b = case_in("merged")
        for action, fields in (("merge", {"into": b["merged_into"]}),
                               ("accept", {}), ("reopen", {"reason": "x"})):
            with self.subTest(action=action):
                self.assertConflictNaming(t.desk.act(b["no"], action,
                                                     **fields), "merged")
        r = post("/api/v1/complaints/%s/withdraw" % b["no"],
                 code=b["access_code"])
        self.assertProblem(r, 409, "state-conflict")
