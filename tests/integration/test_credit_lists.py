"""
The lists built on credit records (SPEC section 4): the public list of
repeated and intentional infringers (重复侵权、故意侵权企业名录: at least
two IP-infringement penalties of one USCC within the window, or one
intentional infringement; credit repair or revocation takes an entry
off), with the reasons and records behind each entry for staff only; and
the key-protection whitelist (重点保护名录) kept by credit officers and
supervisors and shown to the public.
"""
from ipdesk import (CreditTest, credit_action, credit_correct,
                    credit_create_ok, credit_months_ago, credit_ok,
                    credit_uscc, get, penalty_payload, person_penalty_payload,
                    qs)


def public_entries(uscc):
    r = get("/api/v1/public/infringers" + qs(uscc=uscc))
    if r.status != 200:
        raise AssertionError("public list: %r" % r)
    return r.json["entries"]


class InfringersTest(CreditTest):

    def staff_entries(self, uscc, who=None):
        r = (who or self.t.supervisor).get("/api/v1/credit/infringers" +
                                           qs(uscc=uscc))
        self.assertEqual(r.status, 200, r)
        return r.json["entries"]

    def test_two_infringements_within_the_window_list_a_repeated_infringer(
            self):
        c = self.t.credit
        uscc = credit_uscc()
        name = "惠州市重复侵权%s有限公司" % uscc[-4:]
        first = credit_create_ok(c, penalty_payload(
            cf_xdr_shxym=uscc, cf_xdr_mc=name,
            cf_jdrq=credit_months_ago(4).isoformat()))
        self.assertEqual(public_entries(uscc), [], "one penalty is no "
                         "repetition")
        second = credit_create_ok(c, penalty_payload(
            cf_xdr_shxym=uscc, cf_xdr_mc=name,
            cf_jdrq=credit_months_ago(1).isoformat()))

        e = public_entries(uscc)
        self.assertEqual(len(e), 1, e)
        self.assertEqual((e[0]["uscc"], e[0]["name"], e[0]["reasons"]),
                         (uscc, name, ["repeated"]))
        self.assertEqual([(p["doc_no"], p["decided_on"]) for p in
                          e[0]["penalties"]],
                         [(first["doc_no"], first["decided_on"]),
                          (second["doc_no"], second["decided_on"])])
        self.assertTrue(e[0]["listed_until"])
        for p in e[0]["penalties"]:
            self.assertNotIn("sjbm", p, "the public sees no internal ids")
            self.assertNotIn("id", p)
        # Staff see why.
        s = self.staff_entries(uscc)
        self.assertEqual([(p["sjbm"], p["ip_infringement"], p["in_window"])
                          for p in s[0]["penalties"]],
                         [(first["sjbm"], True, True),
                          (second["sjbm"], True, True)])
        r = get("/api/v1/public/infringers")
        self.assertEqual(r.status, 200, r)
        self.assertIn(uscc, [x["uscc"] for x in r.json["entries"]])
        self.assertEqual(r.json["rule"]["repeat_count"], 2)

        # Credit repair of one of them takes the entry off.
        credit_ok(credit_action(c, first["id"], "repair", "当事人已履行"
                                "处罚决定，完成整改"), "repair")
        self.assertEqual(public_entries(uscc), [],
                         "a repaired penalty still lists the party")
        self.assertEqual(self.staff_entries(uscc), [])

    def test_what_does_not_make_a_repeated_infringer(self):
        c = self.t.credit
        # An IP infringement and another kind of penalty.
        u1 = credit_uscc()
        credit_create_ok(c, penalty_payload(cf_xdr_shxym=u1))
        credit_create_ok(c, penalty_payload(cf_xdr_shxym=u1,
                                            ip_infringement=False,
                                            cf_wfxw="未按规定公示年度报告"))
        self.assertEqual(public_entries(u1), [])
        # Two infringements, one outside the window (24 months).
        u2 = credit_uscc()
        credit_create_ok(c, penalty_payload(
            cf_xdr_shxym=u2, cf_jdrq=credit_months_ago(30).isoformat()))
        credit_create_ok(c, penalty_payload(cf_xdr_shxym=u2))
        self.assertEqual(public_entries(u2), [])
        # Two infringements, one revoked.
        u3 = credit_uscc()
        a = credit_create_ok(c, penalty_payload(cf_xdr_shxym=u3))
        credit_create_ok(c, penalty_payload(cf_xdr_shxym=u3))
        self.assertEqual(len(public_entries(u3)), 1)
        credit_ok(credit_action(c, a["id"], "revoke", "行政诉讼判决撤销"),
                  "revoke")
        self.assertEqual(public_entries(u3), [])
        # Two warnings (never published).
        u4 = credit_uscc()
        for _ in range(2):
            credit_create_ok(c, penalty_payload(
                cf_xdr_shxym=u4, cf_cflb="警告", cf_nr="予以警告。",
                cf_nr_fk=None, cf_nr_wfff=None))
        self.assertEqual(public_entries(u4), [])

    def test_an_intentional_infringement_lists_the_party_at_once(self):
        c = self.t.credit
        uscc = credit_uscc()
        p = penalty_payload(cf_xdr_shxym=uscc)
        b = credit_create_ok(c, p)
        self.assertFalse(b["intentional"])
        self.assertEqual(public_entries(uscc), [])
        # Found intentional on correction.
        v = credit_ok(credit_correct(c, b["id"], dict(p, intentional=True),
                                     "认定为故意侵权"), "correction")
        self.assertTrue(v["intentional"])
        e = public_entries(uscc)
        self.assertEqual([(x["uscc"], x["reasons"]) for x in e],
                         [(uscc, ["intentional"])])
        self.assertTrue(self.staff_entries(uscc)[0]["penalties"][0]
                        ["intentional"])
        # Both reasons at once.
        credit_create_ok(c, penalty_payload(cf_xdr_shxym=uscc))
        self.assertEqual(public_entries(uscc)[0]["reasons"],
                         ["repeated", "intentional"])
        # A natural person is never on the company list.
        pp = person_penalty_payload(intentional=True)
        credit_create_ok(c, pp)
        r = get("/api/v1/public/infringers")
        self.assertEqual(r.status, 200, r)
        self.assertNotIn(pp["cf_xdr_mc"], r.text)
        self.assertNotIn(pp["cf_xdr_zjhm"], r.text)

    def test_who_sees_the_reasons(self):
        self.assertProblem(get("/api/v1/credit/infringers"), 401)
        self.assertProblem(self.t.intake.get("/api/v1/credit/infringers"),
                           403)
        self.assertEqual(self.t.credit.get("/api/v1/credit/infringers")
                         .status, 200)


class WhitelistTest(CreditTest):

    def test_the_key_protection_list(self):
        c, sup = self.t.credit, self.t.supervisor
        uscc = credit_uscc()
        entry = {"uscc": uscc, "name": "惠州市重点保护%s科技有限公司" % uscc[-4:],
                 "industry": "新一代电子信息", "reason": "省级知识产权示范企业"}
        r = c.post_json("/api/v1/credit/whitelist", entry)
        self.assertEqual(r.status, 201, r)
        w = r.json
        self.assertEqual((w["uscc"], w["name"], w["industry"], w["reason"],
                          w["added_by"]), (uscc, entry["name"],
                                           entry["industry"], entry["reason"],
                                           c.name))
        self.assertEqual(r.header("Location"),
                         "/api/v1/credit/whitelist/%d" % w["id"])

        pub = get("/api/v1/public/key-protection")
        self.assertEqual(pub.status, 200, pub)
        mine = [x for x in pub.json["entries"] if x["uscc"] == uscc]
        self.assertEqual([(x["name"], x["industry"]) for x in mine],
                         [(entry["name"], entry["industry"])])
        self.assertNotIn("reason", mine[0], "the public sees no reasons")
        self.assertNotIn("added_by", mine[0])

        self.assertInvalid(c.post_json("/api/v1/credit/whitelist", entry),
                           ("uscc", "already_listed"))
        u = credit_uscc()
        bad = dict(entry, uscc=u[:-1] + ("0" if u[-1] != "0" else "1"))
        self.assertInvalid(c.post_json("/api/v1/credit/whitelist", bad),
                           ("uscc", "bad_check_character"))
        self.assertProblem(self.t.intake.post_json(
            "/api/v1/credit/whitelist", dict(entry, uscc=credit_uscc())), 403)

        # A supervisor takes it off; the public no longer sees it, staff
        # still do with ?all=1.
        r = sup.post_json("/api/v1/credit/whitelist/%d/remove" % w["id"],
                          {"reason": "企业已注销"})
        self.assertEqual(r.status, 200, r)
        self.assertIsNotNone(r.json["removed_at"])
        pub = get("/api/v1/public/key-protection")
        self.assertNotIn(uscc, [x["uscc"] for x in pub.json["entries"]])
        live = c.get("/api/v1/credit/whitelist")
        self.assertNotIn(uscc, [x["uscc"] for x in live.json["entries"]])
        every = c.get("/api/v1/credit/whitelist" + qs(all=1))
        gone = [x for x in every.json["entries"] if x["id"] == w["id"]]
        self.assertEqual(gone[0]["remove_reason"], "企业已注销")
        self.assertProblem(sup.post_json(
            "/api/v1/credit/whitelist/%d/remove" % w["id"],
            {"reason": "再次移出"}), 409)
        # Listed again later: a new entry.
        r = c.post_json("/api/v1/credit/whitelist", entry)
        self.assertEqual(r.status, 201, r)
        self.assertNotEqual(r.json["id"], w["id"])
