"""
Credit records at entry (SPEC section 4, PROTOCOL.md sections 6-8): what
a credit officer sees when recording administrative penalties and
spot-check results.  A record the platform would refuse is refused here,
with every offending field named by its platform code; the same decision
for the same party cannot be recorded twice; a warning-only penalty is
kept but never sent; records not on the platform past the push limit
are listed as overdue; a natural person's ID number and name are shown
in full to credit officers only, masked to supervisors, and reach the
platform whole; roles that may not write are refused.
"""
import re
from datetime import timedelta

from ipdesk import (Calendar, CreditTest, credit_action, credit_correct,
                    credit_create, credit_create_ok, credit_path, credit_uscc,
                    credit_view, get, inspection_payload,
                    make_resident_id, penalty_payload, person_penalty_payload,
                    q, qs, remember_pii, resident_id_raw, sql_value,
                    today_cst, warning_payload)

SJBM = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def masked_id(s):
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def wrong_check(s, alphabet="0123456789"):
    """s with its last character replaced by another one."""
    return s[:-1] + next(c for c in alphabet if c != s[-1])


class EntryTest(CreditTest):

    def stored(self, doc_no):
        return int(sql_value("SELECT COUNT(*) FROM credit_record WHERE "
                             "doc_no = %s" % q(doc_no)))

    def test_a_record_the_platform_would_refuse_is_refused_naming_each_field(
            self):
        c = self.t.credit
        today = today_cst()
        pid = make_resident_id()
        bad_birth = resident_id_raw("44130219990231123")
        remember_pii(pid, bad_birth)
        cases = {
            "wrong USCC check character": (
                penalty_payload(cf_xdr_shxym=wrong_check(
                    credit_uscc(), "0123456789ABCDEFGH")),
                [("cf_xdr_shxym", "bad_check_character")]),
            "wrong ID check character of a 自然人": (
                person_penalty_payload(cf_xdr_zjhm=wrong_check(
                    pid, "0123456789X")),
                [("cf_xdr_zjhm", "bad_check_character")]),
            "ID of a 自然人 with no such birth date": (
                person_penalty_payload(cf_xdr_zjhm=bad_birth),
                [("cf_xdr_zjhm", "bad_date")]),
            "罚款 without the fine": (
                penalty_payload(cf_nr_fk=None),
                [("cf_nr_fk", "required")]),
            "a fine without 罚款": (
                penalty_payload(cf_cflb="没收违法所得"),
                [("cf_nr_fk", "inconsistent")]),
            "full-width semicolon in 处罚类别": (
                penalty_payload(cf_cflb="罚款；没收违法所得"),
                [("cf_cflb", "invalid_list")]),
            "decision dated tomorrow": (
                penalty_payload(cf_jdrq=(today + timedelta(days=1))
                                .isoformat()),
                [("cf_jdrq", "date_in_future")]),
            "an old layout's field code": (
                dict(penalty_payload(), cf_xdr_sfz="x"),
                [("cf_xdr_sfz", "unknown_field")]),
            "a 自然人 with a company's code": (
                person_penalty_payload(cf_xdr_shxym=credit_uscc()),
                [("cf_xdr_shxym", "must_be_blank")]),
            "several at once": (
                dict(penalty_payload(
                    cf_xdr_shxym=wrong_check(credit_uscc(),
                                             "0123456789ABCDEFGH"),
                    cf_nr_fk=None,
                    cf_jdrq=(today + timedelta(days=3)).isoformat()),
                    CF_XDR_MC="大写代码"),
                [("cf_xdr_shxym", "bad_check_character"),
                 ("cf_nr_fk", "required"), ("cf_jdrq", "date_in_future"),
                 ("CF_XDR_MC", "unknown_field")]),
        }
        for name, (payload, errors) in cases.items():
            with self.subTest(name):
                r = credit_create(c, payload)
                p = self.assertInvalid(r, *errors)
                for e in p["errors"]:
                    self.assertTrue(e["message"], e)
                self.assertEqual(self.stored(payload["cf_wsh"]), 0,
                                 "a refused record was stored")
        with self.subTest("spot check: 未发现问题 with another result"):
            p = inspection_payload(jc_jg="未发现问题;注销")
            self.assertInvalid(credit_create(c, p, "inspection"),
                               ("jc_jg", "not_combinable"))
        with self.subTest("spot check: 定向抽查 without its task"):
            p = inspection_payload(jc_lx="定向抽查", jc_rwbh=None,
                                   jc_rwmc=None)
            self.assertInvalid(credit_create(c, p, "inspection"),
                               ("jc_rwbh", "required"),
                               ("jc_rwmc", "required"))
        with self.subTest("the same in English"):
            r = credit_create(c, penalty_payload(cf_nr_fk=None), lang="en")
            p = self.assertInvalid(r, ("cf_nr_fk", "required"))
            self.assertEqual(p["errors"][0]["message"], "is required", p)

    def test_a_valid_record_gets_a_permanent_identifier_and_waits_to_be_sent(
            self):
        c = self.t.credit
        p = penalty_payload()
        r = credit_create(c, p)
        self.assertEqual(r.status, 201, r)
        b = r.json
        self.assertEqual(r.header("Location"), credit_path("penalty",
                                                           b["id"]))
        self.assertRegex(b["sjbm"], SJBM)
        self.assertEqual((b["state"], b["version"], b["published"]),
                         ("active", 1, True))
        self.assertEqual(b["delivery"]["status"], "pending", b)
        self.assertEqual(b["delivery"]["errors"], [])
        due, _ = Calendar().due("credit_push", today_cst())
        self.assertEqual(b["delivery"]["push_due"]["date"], due.isoformat())
        # The record as the platform will get it: the fields sent, the
        # amounts in canonical 万元.
        self.assertEqual(b["record"]["cf_nr_fk"], "2")
        self.assertEqual({k: v for k, v in b["record"].items()},
                         {k: v for k, v in p.items()})
        self.assertEqual([o["op"] for o in b["outbox"]], ["create"])
        self.assertEqual(b["outbox"][0]["state"], "pending")
        self.assertEqual([e["action"] for e in b["events"]], ["created"])
        # A spot check too.
        i = credit_create_ok(c, inspection_payload(), "inspection")
        self.assertRegex(i["sjbm"], SJBM)
        self.assertNotEqual(i["sjbm"], b["sjbm"])
        self.assertEqual(i["delivery"]["status"], "pending")
        # Amounts are stored canonically: "2.500000" is 2.5.
        b2 = credit_create_ok(c, penalty_payload(cf_nr_fk="2.500000"))
        self.assertEqual(b2["record"]["cf_nr_fk"], "2.5")

    def test_the_same_decision_for_the_same_party_is_recorded_once(self):
        c = self.t.credit
        p = penalty_payload()
        first = credit_create_ok(c, p)
        again = dict(p, cf_nr="罚款人民币二万元。")
        r = credit_create(c, again)
        prob = self.assertInvalid(r, ("cf_wsh", "duplicate_decision"))
        self.assertIn(first["sjbm"], prob["detail"],
                      "the refusal names the record that holds the decision")
        # One decision against several parties: one record per party.
        other = credit_create_ok(c, dict(p, cf_xdr_shxym=credit_uscc(),
                                         cf_xdr_mc="惠州市共同违法有限公司"))
        self.assertNotEqual(other["sjbm"], first["sjbm"])
        # A correction may not move a record onto another's decision.
        r = credit_correct(c, other["id"], dict(p), "当事人代码录入错误")
        self.assertInvalid(r, ("cf_wsh", "duplicate_decision"))
        # After a revocation the decision may be recorded anew.
        credit_action(c, first["id"], "revoke", "行政复议撤销")
        again = credit_create_ok(c, p)
        self.assertNotEqual(again["sjbm"], first["sjbm"])
        # The same for spot checks: one task, one entity.
        i = inspection_payload()
        credit_create_ok(c, i, "inspection")
        self.assertInvalid(credit_create(c, i, "inspection"),
                           ("jc_rwbh", "duplicate_task"))

    def test_a_warning_only_is_kept_but_never_sent(self):
        c = self.t.credit
        self.lab.drain()
        decided = today_cst() - timedelta(days=40)
        w = credit_create_ok(c, warning_payload(cf_jdrq=decided.isoformat()))
        self.assertFalse(w["published"])
        self.assertEqual(w["delivery"]["status"], "not_published", w)
        self.assertNotIn("push_due", w["delivery"])
        self.assertEqual(w["outbox"], [])
        sim = self.lab.sim()
        cfg = self.lab.config(sim)
        self.lab.run_ok(cfg, "once")
        self.assertIsNone(sim.record(w["sjbm"]), "a warning reached the "
                          "platform")
        self.assertEqual([x for x in sim.receipts() if x["sjbm"] ==
                          w["sjbm"]], [])
        v = credit_view(c, w["id"])
        self.assertEqual(v["delivery"]["status"], "not_published")
        self.assertEqual(v["outbox"], [])
        # Never overdue, however old.
        r = c.get(credit_path("penalty") + qs(overdue=1, uscc=w["party"]
                                              ["uscc"]))
        self.assertEqual(r.status, 200, r)
        self.assertEqual([x["sjbm"] for x in r.json["items"]], [])
        # A published record cannot be turned into a warning.
        pen = credit_create_ok(c, penalty_payload())
        r = credit_correct(c, pen["id"], warning_payload(
            cf_wsh=pen["record"]["cf_wsh"],
            cf_xdr_shxym=pen["record"]["cf_xdr_shxym"]), "改为警告")
        self.assertInvalid(r, ("cf_cflb", "cannot_unpublish"))
        # A warning corrected into a fine is published from then on.
        fine = dict(penalty_payload(cf_wsh=w["record"]["cf_wsh"],
                                    cf_xdr_shxym=w["party"]["uscc"],
                                    cf_xdr_mc=w["record"]["cf_xdr_mc"],
                                    cf_jdrq=decided.isoformat()))
        v = credit_correct(c, w["id"], fine, "处罚决定更正为罚款")
        self.assertEqual(v.status, 200, v)
        self.assertTrue(v.json["published"])
        self.assertEqual([o["op"] for o in v.json["outbox"]], ["create"])
        self.lab.run_ok(cfg, "once")
        up = sim.record(w["sjbm"])
        self.assertIsNotNone(up, "the corrected record did not reach the "
                             "platform")
        self.assertEqual(up["versions"][-1]["content"]["cf_cflb"],
                         "罚款;没收违法所得")

    def test_records_not_on_the_platform_past_the_push_limit_are_overdue(
            self):
        c = self.t.credit
        self.lab.drain()
        cal = Calendar()
        uscc = credit_uscc()
        decided = today_cst() - timedelta(days=40)
        due, _ = cal.due("credit_push", decided)
        self.assertLess(due, today_cst(), "test set-up: 40 days > 7 WD")
        old = credit_create_ok(c, penalty_payload(
            cf_xdr_shxym=uscc, cf_jdrq=decided.isoformat()))
        new = credit_create_ok(c, penalty_payload(cf_xdr_shxym=uscc))
        self.assertEqual(old["delivery"]["push_due"]["date"],
                         due.isoformat())
        self.assertEqual(old["delivery"]["push_due"]["state"], "overdue",
                         old["delivery"])
        self.assertEqual(new["delivery"]["push_due"]["state"], "on_time")

        def overdue():
            r = self.t.supervisor.get(credit_path("penalty") +
                                      qs(overdue=1, uscc=uscc))
            self.assertEqual(r.status, 200, r)
            return [x["sjbm"] for x in r.json["items"]]

        self.assertEqual(overdue(), [old["sjbm"]])
        st = self.t.supervisor.get("/api/v1/credit/status")
        self.assertEqual(st.status, 200, st)
        self.assertGreaterEqual(st.json["overdue_records"], 1)
        # Delivered late: off the overdue list, its push shown as late.
        sim = self.lab.sim()
        self.lab.run_ok(self.lab.config(sim), "once")
        self.assertIsNotNone(sim.record(old["sjbm"]))
        self.assertEqual(overdue(), [])
        v = credit_view(c, old["id"])
        self.assertEqual(v["delivery"]["status"], "delivered")
        self.assertEqual(v["delivery"]["push_due"]["state"], "late",
                         v["delivery"])
        self.assertEqual(credit_view(c, new["id"])["delivery"]["push_due"]
                         ["state"], "met")


class PersonalDataTest(CreditTest):

    def test_a_natural_persons_id_number_is_for_credit_officers_only(self):
        c, sup = self.t.credit, self.t.supervisor
        p = person_penalty_payload()
        name, idno = p["cf_xdr_mc"], p["cf_xdr_zjhm"]
        b = credit_create_ok(c, p)
        self.assertEqual(b["record"]["cf_xdr_zjhm"], idno)
        self.assertEqual(b["party"]["name"], name)
        self.assertEqual(b["party"]["kind"], "person")

        v = credit_view(c, b["id"])
        self.assertEqual((v["record"]["cf_xdr_zjhm"], v["record"]
                          ["cf_xdr_mc"]), (idno, name))
        self.assertIn("personal_data_viewed",
                      [e["action"] for e in credit_view(c, b["id"])
                       ["events"]], "a credit officer's sight of an ID "
                      "number is recorded")

        r = sup.get(credit_path("penalty", b["id"]))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["record"]["cf_xdr_zjhm"], masked_id(idno))
        self.assertNotIn(idno, r.text)
        self.assertNotIn(name, r.text)
        self.assertEqual(r.json["party"]["name"][0], name[0])
        listing = sup.get(credit_path("penalty") + qs(q=p["cf_wsh"]))
        self.assertEqual(listing.status, 200, listing)
        self.assertEqual([x["sjbm"] for x in listing.json["items"]],
                         [b["sjbm"]])
        self.assertNotIn(name, listing.text)
        self.assertNotIn(idno, listing.text)

        # The platform needs the number: it gets it whole.
        sim = self.lab.sim("--rate", "0")
        self.lab.run_ok(self.lab.config(sim), "once")
        up = sim.record(b["sjbm"])
        self.assertIsNotNone(up)
        self.assertEqual(up["versions"][0]["content"]["cf_xdr_zjhm"], idno)
        # (tearDown: neither is in the sync program's log.)

    def test_who_may_write_and_read(self):
        t = self.t
        p = penalty_payload()
        self.assertProblem(credit_create(t.supervisor, p), 403)
        self.assertProblem(credit_create(t.intake, p), 403)
        self.assertProblem(get(credit_path("penalty")), 401)
        b = credit_create_ok(t.credit, p)
        self.assertProblem(t.intake.get(credit_path("penalty", b["id"])), 403)
        self.assertProblem(t.hc.get("/api/v1/credit/sync-runs"), 403)
        self.assertProblem(credit_action(t.supervisor, b["id"], "revoke",
                                         "撤销"), 403)
        r = t.admin.get(credit_path("penalty", b["id"]))
        self.assertEqual(r.status, 200, r)
        # A penalty is not a spot check.
        self.assertProblem(t.credit.get(credit_path("inspection", b["id"])),
                           404)
