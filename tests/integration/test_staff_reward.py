"""
Report rewards (举报奖励, SPEC section 1): when a named natural person's
report leads to a penalty, 5% / 3% / 1% of fines plus confiscations by
level, at least 5,000 / 3,000 / 1,000 yuan, at most 1,000,000 yuan a
case; rights holders, their agents and interested parties are excluded;
anonymous and organisation reporters, complaints and other outcomes get
none.  The reward is shown to staff (the "reward" of the staff view) and
never to the public.
"""
from ipdesk import (StaffTest, case_in, complaint_payload, make_mobile,
                    make_uscc, remember_pii, report_payload, team, token)


def org_reporter():
    p = {"name": "惠州市维权%s有限公司" % token(3), "phone": make_mobile(),
         "id_type": "uscc", "id_number": make_uscc()}
    remember_pii(p["phone"])
    return p


class RewardTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = team()

    def resolve(self, payload=None, **fields):
        """A case assigned to huicheng, resolved by desk with fields;
        (filing answer, the resolve answer)."""
        b = case_in("assigned", payload or report_payload(anonymous=False))
        body = {"outcome": "penalised",
                "public_reply": "经查属实，已依法立案处罚。"}
        body.update(fields)
        r = self.t.desk.act(b["no"], "resolve", **body)
        return b, r

    def reward_of(self, **fields):
        b, r = self.resolve(**fields)
        v = self.assertStatus(r, 200)
        self.assertEqual(v["status"], "resolved")
        return b, v["reward"]

    def test_amounts_by_level_floor_and_cap(self):
        for level, fine, conf, want in (
                (1, 200000, None, "10000.00"),       # 5%
                (1, 50000, None, "5000.00"),         # floor 5,000
                (2, 100000, 50000, "4500.00"),       # 3% of fine + conf.
                (2, 10000, 10000, "3000.00"),        # floor 3,000
                (3, 500000, None, "5000.00"),        # 1%
                (3, 10000, None, "1000.00"),         # floor 1,000
                (1, 30000000, None, "1000000.00"),   # cap 1,000,000
                (3, 90000000, 20000000, "1000000.00"),
                (2, "123456.78", None, "3703.70"),   # in fen, exactly
                (1, None, 400000, "20000.00")):      # confiscation only
            with self.subTest(level=level, fine=fine, conf=conf):
                fields = {"reporter_relation": "none", "reward_level": level}
                if fine is not None:
                    fields["fine"] = fine
                if conf is not None:
                    fields["confiscation"] = conf
                b, rw = self.reward_of(**fields)
                self.assertEqual(rw, {"status": "computed",
                                      "reporter_relation": "none",
                                      "level": level, "amount": want})

    def test_staff_view_shows_fine_confiscation_and_reward(self):
        t = self.t
        b, rw = self.reward_of(reporter_relation="none", reward_level=1,
                               fine=120000, confiscation="30000.40")
        for who in (t.hc, t.supervisor, t.credit, t.intake):
            with self.subTest(who=who.roles):
                v = who.view(b["no"]).json
                self.assertEqual(v["fine"], "120000.00")
                self.assertEqual(v["confiscation"], "30000.40")
                self.assertEqual(v["reward"], rw)
        # 5% of 150,000.40 yuan.
        self.assertEqual(rw["amount"], "7500.02")

    def test_excluded_relations_get_nothing(self):
        for rel in ("rights_holder", "agent", "interested_party"):
            with self.subTest(relation=rel):
                b, rw = self.reward_of(reporter_relation=rel, fine=500000,
                                       reward_level=1)
                self.assertEqual(rw["status"], "excluded")
                self.assertEqual(rw["reporter_relation"], rel)
                self.assertIsNone(rw["amount"])
                self.assertIsNone(rw["level"])
                # An excluded reporter needs no level.
                b, rw = self.reward_of(reporter_relation=rel, fine=500000)
                self.assertEqual(rw["status"], "excluded")

    def test_no_reward_without_a_named_natural_person(self):
        for label, p in (
                ("anonymous", report_payload()),
                ("organisation",
                 report_payload(anonymous=False, complainant=org_reporter())),
                ("complaint", complaint_payload())):
            with self.subTest(reporter=label):
                b, r = self.resolve(p, fine=800000,
                                    reporter_relation="none", reward_level=1)
                v = self.assertStatus(r, 200)
                self.assertIsNone(v["reward"])
                # Nor are the reward's fields asked for.
                b, r = self.resolve(p if label != "complaint" else
                                    complaint_payload(), fine=800000)
                self.assertIsNone(self.assertStatus(r, 200)["reward"])

    def test_no_reward_without_a_penalty(self):
        for outcome in ("settled", "no_infringement", "referred_police",
                        "transferred", "other"):
            with self.subTest(outcome=outcome):
                b, r = self.resolve(outcome=outcome)
                self.assertIsNone(self.assertStatus(r, 200)["reward"])

    def test_relation_and_level_are_required_for_a_named_penalty(self):
        b, r = self.resolve(fine=100000)
        self.assertInvalid(r, ("reporter_relation", "required"))
        self.assertEqual(self.t.desk.view(b["no"]).json["status"],
                         "assigned")
        b, r = self.resolve(fine=100000, reporter_relation="none")
        self.assertInvalid(r, ("reward_level", "required"))
        for level in (0, 4, "1", 1.5):
            with self.subTest(level=level):
                b, r = self.resolve(fine=100000, reporter_relation="none",
                                    reward_level=level)
                self.assertEqual(r.status, 422, r)
        b, r = self.resolve(fine=100000, reporter_relation="friend",
                            reward_level=1)
        self.assertInvalid(r, ("reporter_relation", "invalid_value"))
        b, r = self.resolve(fine=-5, reporter_relation="none",
                            reward_level=1)
        self.assertEqual(r.status, 422, r)

    def test_public_view_never_shows_the_reward(self):
        b, rw = self.reward_of(reporter_relation="none", reward_level=1,
                               fine=300000)
        self.assertEqual(rw["amount"], "15000.00")
        r = self.view(b["no"], b["access_code"])
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("reward", r.json)
        self.assertNotIn("reward", r.text)
        self.assertNotIn("15000.00", r.text)
        self.assertNotIn("reporter_relation", r.text)
        self.assertEqual(r.json["outcome"], "penalised")

    def test_reopened_case_is_recomputed(self):
        t = self.t
        b, rw = self.reward_of(reporter_relation="none", reward_level=2,
                               fine=1000000)
        self.assertEqual(rw["amount"], "30000.00")
        t.supervisor.act_ok(b["no"], "reopen", reason="处罚决定被撤销")
        v = t.desk.act_ok(b["no"], "resolve", outcome="no_infringement",
                          public_reply="复查未发现违法事实。")
        self.assertIsNone(v["reward"])
        t.supervisor.act_ok(b["no"], "reopen", reason="再次复查")
        v = t.desk.act_ok(b["no"], "resolve", outcome="penalised",
                          public_reply="依法处罚。", fine=2000000,
                          reporter_relation="none", reward_level=3)
        self.assertEqual(v["reward"]["amount"], "20000.00")
