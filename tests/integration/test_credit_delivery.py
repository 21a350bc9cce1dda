"""
Credit records on their way to the provincial credit platform (SPEC
section 4, issue 6), through ipdesk-sync and the platform's simulator:

  * a record the platform rejects fails after one attempt, shows its
    field errors to the credit officer, blocks nothing else in its batch,
    and goes through once corrected;
  * corrections, revocations and repairs reach the platform in order;
  * the nightly run finds a record the platform lacks and sends it again,
    and says so in its counts;
  * two senders at once never send the same row twice;
  * the platform down for a while: everything recorded meanwhile arrives
    once it is back, nothing lost;
  * every run is listed (sync-runs, status) with its counts.

Every test starts its own simulator and asserts only about its own
records (the outbox is shared by the whole run); after every test no
request to any simulator failed authentication (CreditTest.tearDown).
"""
import collections
import time
from datetime import timedelta

from ipdesk import (CreditTest, create_many, credit_action, credit_correct,
                    credit_create_ok, credit_months_ago, credit_ok,
                    credit_path, credit_uscc, credit_view, inspection_payload,
                    outbox_rows, penalty_payload, qs, sync_run_of, sync_runs,
                    today_cst)



class RejectionTest(CreditTest):

    def test_a_rejected_record_fails_after_one_attempt_and_blocks_nothing(
            self):
        c = self.t.credit
        self.lab.drain()
        # The platform's clock two days behind ours: a decision of today
        # is in its future (E_RANGE) though ours accepts it.  A wide
        # skew keeps the signatures' timestamps acceptable.
        sim = self.lab.sim("--skew", "259200", "--rate", "0")
        sim.configure(clock_offset=-172800)
        cfg = self.lab.config(sim)
        earlier = (today_cst() - timedelta(days=5)).isoformat()
        b1 = credit_create_ok(c, penalty_payload(cf_jdrq=earlier))
        bad = credit_create_ok(c, penalty_payload())
        b2 = credit_create_ok(c, penalty_payload(cf_jdrq=earlier))
        p = self.lab.run_ok(cfg, "once")

        batch = [x for x in sim.receipts() if x["sjbm"] in
                 (b1["sjbm"], bad["sjbm"], b2["sjbm"])]
        self.assertEqual(len({x["request_id"] for x in batch}), 1,
                         "the three records went in one batch: %r" % batch)
        self.assertEqual([(x["sjbm"], x["result"]) for x in batch],
                         [(b1["sjbm"], "accepted"), (bad["sjbm"], "rejected"),
                          (b2["sjbm"], "accepted")])

        v = credit_view(c, bad["id"])
        self.assertEqual(v["delivery"]["status"], "failed", v["delivery"])
        errs = v["delivery"]["errors"]
        self.assertIn(("cf_jdrq", "E_RANGE"),
                      [(e.get("field"), e.get("code")) for e in errs], errs)
        self.assertTrue(all(e.get("message") for e in errs), errs)
        self.assertEqual([(o["op"], o["state"], o["attempts"], o["result"])
                          for o in v["outbox"]],
                         [("create", "failed", 1, "rejected")])
        self.assertIsNone(sim.record(bad["sjbm"]))
        for b in (b1, b2):
            self.assertEqual(credit_view(c, b["id"])["delivery"]["status"],
                             "delivered")
        self.assertAcceptedOnce(sim, [b1["sjbm"], b2["sjbm"]])
        run = sync_run_of(self.t.supervisor, p.pid, "once")
        self.assertEqual((run["counts"]["accepted"], run["counts"]
                          ["rejected"], run["counts"]["requests"]),
                         (2, 1, 1), run)
        # The officer finds it among the failed records.
        r = c.get(credit_path("penalty") + qs(delivery="failed",
                                              uscc=bad["party"]["uscc"]))
        self.assertEqual(r.status, 200, r)
        self.assertEqual([x["sjbm"] for x in r.json["items"]], [bad["sjbm"]])
        self.assertEqual(r.json["items"][0]["delivery"]["errors"], errs)

        # Not sent again unchanged.
        self.lab.run_ok(cfg, "once")
        self.assertEqual([x["result"] for x in sim.receipts()
                          if x["sjbm"] == bad["sjbm"]], ["rejected"],
                         "a rejected record was resent unchanged")

        # Corrected, it goes through (as the create the platform never
        # got) and its errors are gone.
        fixed = dict(bad["record"], cf_jdrq=earlier)
        v = credit_ok(credit_correct(c, bad["id"], fixed,
                                     "处罚决定日期录入错误"), "correction")
        self.assertEqual(v["delivery"]["status"], "pending")
        self.lab.run_ok(cfg, "once")
        v = credit_view(c, bad["id"])
        self.assertEqual(v["delivery"]["status"], "delivered", v["delivery"])
        self.assertEqual(v["delivery"]["errors"], [])
        up = sim.record(bad["sjbm"])
        self.assertIsNotNone(up)
        self.assertEqual(up["versions"][-1]["content"]["cf_jdrq"], earlier)
        self.assertEqual(up["versions"][-1]["content_sha256"],
                         v["content_sha256"])

    def test_a_refused_record_revoked_since_is_not_overdue(self):
        """A record the platform refused and the office then revoked has
        nothing left to send: its push no longer runs (push_due "ended"),
        so it is not listed as overdue either."""
        c = self.t.credit
        self.lab.drain()
        sim = self.lab.sim("--skew", "8000000", "--rate", "0")
        sim.configure(clock_offset=-60 * 86400)
        cfg = self.lab.config(sim)
        decided = today_cst() - timedelta(days=40)
        p = penalty_payload(cf_jdrq=decided.isoformat())
        r = credit_create_ok(c, p)
        self.lab.run_ok(cfg, "once")
        v = credit_view(c, r["id"])
        self.assertEqual(v["delivery"]["status"], "failed", v["delivery"])

        def overdue():
            x = c.get(credit_path("penalty") + qs(overdue=1,
                                                  uscc=p["cf_xdr_shxym"]))
            self.assertEqual(x.status, 200, x)
            return [i["sjbm"] for i in x.json["items"]]

        self.assertEqual(overdue(), [r["sjbm"]])
        credit_ok(credit_action(c, r["id"], "revoke", "处罚决定已撤销"),
                  "revoke")
        self.lab.run_ok(cfg, "once")
        v = credit_view(c, r["id"])
        self.assertEqual([o["op"] for o in v["outbox"]], ["create"],
                         "nothing is sent for a record the platform "
                         "never had")
        self.assertIsNone(sim.record(r["sjbm"]))
        self.assertEqual(v["delivery"]["push_due"]["state"], "ended",
                         v["delivery"])
        self.assertEqual(overdue(), [], "a revoked record that has "
                         "nothing left to send is listed as overdue")


class OrderTest(CreditTest):

    def test_corrections_revocations_and_repairs_reach_the_platform_in_order(
            self):
        c = self.t.credit
        sim = self.lab.sim("--rate", "0")
        cfg = self.lab.config(sim)

        # A: decided over three months ago (a general penalty may be
        # repaired), corrected twice and repaired before anything is
        # sent: the sender must keep the order.
        old = credit_months_ago(3, 10).isoformat()
        pa = penalty_payload(cf_jdrq=old)
        a = credit_create_ok(c, pa)
        pa2 = dict(pa, cf_nr_fk="3", cf_nr="罚款人民币三万元，没收违法所得人民币五千元。")
        credit_ok(credit_correct(c, a["id"], pa2, "罚款金额录入错误"), "fix 1")
        pa3 = dict(pa2, cf_sy=pa2["cf_sy"] + "（更正违法事实）")
        credit_ok(credit_correct(c, a["id"], pa3, "违法事实补正"), "fix 2")
        ra = credit_ok(credit_action(c, a["id"], "repair", "当事人已履行处罚决定"
                                     "并完成整改"), "repair")
        self.assertEqual(ra["state"], "repaired")
        self.assertEqual([(o["op"], o["seq"], o["state"]) for o in
                          ra["outbox"]],
                         [("create", 1, "pending"), ("update", 2, "pending"),
                          ("update", 3, "pending"), ("repair", 4, "pending")])

        # B: delivered first, then corrected and revoked.
        pb = penalty_payload()
        b = credit_create_ok(c, pb)
        # I: a spot check, delivered, corrected, revoked.
        pi = inspection_payload()
        i = credit_create_ok(c, pi, "inspection")
        self.lab.run_ok(cfg, "once")
        pb2 = dict(pb, cf_nr_wfff="0.8")
        credit_ok(credit_correct(c, b["id"], pb2, "没收金额更正"), "fix b")
        credit_ok(credit_action(c, b["id"], "revoke", "行政复议决定撤销"),
                  "revoke b")
        pi2 = dict(pi, jc_jg="发现问题经责令已改正")
        credit_ok(credit_correct(c, i["id"], pi2, "检查结果录入错误",
                                 "inspection"), "fix i")
        credit_ok(credit_action(c, i["id"], "revoke", "抽查结果撤销",
                                "inspection"), "revoke i")
        self.lab.run_ok(cfg, "once")

        want = {
            (a["sjbm"], "penalty"): (
                ["create", "update", "update"],
                ["create", "update", "update", "repair"], "repaired",
                ["罚款金额录入错误", "违法事实补正"]),
            (b["sjbm"], "penalty"): (
                ["create", "update"], ["create", "update", "revoke"],
                "revoked", ["没收金额更正"]),
            (i["sjbm"], "inspection"): (
                ["create", "update"], ["create", "update", "revoke"],
                "revoked", ["检查结果录入错误"]),
        }
        ids = {a["sjbm"]: (a["id"], "penalty"), b["sjbm"]: (b["id"],
                                                             "penalty"),
               i["sjbm"]: (i["id"], "inspection")}
        for (sjbm, kind), (versions, events, state, reasons) in want.items():
            with self.subTest(sjbm=sjbm, kind=kind):
                up = sim.record(sjbm, kind)
                self.assertIsNotNone(up, "not on the platform")
                self.assertEqual([v["op"] for v in up["versions"]], versions)
                self.assertEqual([v["version"] for v in up["versions"]],
                                 list(range(1, len(versions) + 1)))
                self.assertEqual([e["op"] for e in up["events"]], events)
                self.assertEqual([v["reason"] for v in up["versions"][1:]],
                                 reasons)
                self.assertEqual(up["state"], state)
                # Every operation accepted once, in order.
                got = [(x["op"], x["result"]) for x in sim.receipts()
                       if x["sjbm"] == sjbm]
                self.assertEqual(got, [(op, "accepted") for op in events])
                rid, k = ids[sjbm]
                v = credit_view(c, rid, k)
                self.assertEqual(v["delivery"]["status"], "delivered",
                                 v["delivery"])
                self.assertEqual(up["versions"][-1]["content_sha256"],
                                 v["content_sha256"],
                                 "the platform holds the last correction")
                self.assertEqual(up["version"], v["version"])
                self.assertEqual(v["platform"]["state"], state)
                self.assertEqual([o["state"] for o in v["outbox"]],
                                 ["done"] * len(events))
        # The repair date the platform computes is the office's.
        self.assertEqual(sim.record(a["sjbm"])["publicity"]
                         ["repair_allowed_from"],
                         credit_view(c, a["id"])["publicity"]
                         ["repair_allowed_from"])

    def test_repairs_the_office_refuses(self):
        c = self.t.credit
        # Too early: a general penalty of today may be repaired after
        # three months, a serious one (吊销许可证件) after twelve.
        young = credit_create_ok(c, penalty_payload())
        r = credit_action(c, young["id"], "repair", "已整改")
        p = self.assertProblem(r, 409)
        self.assertIn(young["publicity"]["repair_allowed_from"], p["detail"])
        serious = credit_create_ok(c, penalty_payload(
            cf_cflb="罚款;吊销许可证件", cf_nr_wfff=None,
            cf_nr_zkdx="食品经营许可证 JY14413020012345",
            cf_jdrq=credit_months_ago(6).isoformat()))
        self.assertEqual(serious["publicity"]["severity"], "serious")
        self.assertProblem(credit_action(c, serious["id"], "repair",
                                         "已整改"), 409)
        # At most once a year for one party.
        uscc = credit_uscc()
        first = credit_create_ok(c, penalty_payload(
            cf_xdr_shxym=uscc, cf_jdrq=credit_months_ago(5).isoformat()))
        second = credit_create_ok(c, penalty_payload(
            cf_xdr_shxym=uscc, cf_jdrq=credit_months_ago(4).isoformat()))
        credit_ok(credit_action(c, first["id"], "repair", "已整改"),
                  "first repair")
        self.assertProblem(credit_action(c, second["id"], "repair",
                                         "已整改"), 409)
        # Revoked: neither repaired nor revoked again nor corrected.
        gone = credit_create_ok(c, penalty_payload(
            cf_jdrq=credit_months_ago(5).isoformat()))
        credit_ok(credit_action(c, gone["id"], "revoke", "撤销"), "revoke")
        self.assertProblem(credit_action(c, gone["id"], "repair", "已整改"),
                           409)
        self.assertProblem(credit_action(c, gone["id"], "revoke", "撤销"),
                           409)
        self.assertProblem(credit_correct(c, gone["id"], penalty_payload(),
                                          "更正"), 409)


class NightlyTest(CreditTest):

    def test_the_nightly_run_resends_a_record_the_platform_lacks(self):
        c = self.t.credit
        sim = self.lab.sim("--rate", "0")
        cfg = self.lab.config(sim)
        lost = credit_create_ok(c, penalty_payload())
        self.lab.run_ok(cfg, "once")
        self.assertIsNotNone(sim.record(lost["sjbm"]))
        # The platform loses everything it got (a restore from backup).
        sim.reset()
        self.assertIsNone(sim.record(lost["sjbm"]))
        # A record sent after that is on the platform and stays single.
        kept = credit_create_ok(c, penalty_payload())
        self.lab.run_ok(cfg, "once")
        self.assertIsNotNone(sim.record(kept["sjbm"]))

        today = today_cst().isoformat()
        p = self.lab.run(cfg, "nightly", "--date", today, timeout=300)
        self.assertEqual(p.returncode, 0, cfg.log_text()[-3000:])
        up = sim.record(lost["sjbm"])
        self.assertIsNotNone(up, "the nightly run did not resend the "
                             "record the platform lacked")
        self.assertAcceptedOnce(sim, [lost["sjbm"], kept["sjbm"]])
        self.assertEqual([x["result"] for x in sim.receipts()
                          if x["sjbm"] == kept["sjbm"]], ["accepted"],
                         "a record the platform had was sent again")
        run = sync_run_of(self.t.supervisor, p.pid, "nightly")
        self.assertIsNotNone(run, "the nightly run is not listed")
        self.assertEqual(run["status"], "ok", run)
        self.assertEqual(run["reconcile_date"], today)
        self.assertGreaterEqual(run["counts"]["missing"], 1, run)
        self.assertGreaterEqual(run["counts"]["checked"],
                                run["counts"]["missing"], run)
        self.assertIsNotNone(run["ended_at"])
        v = credit_view(c, lost["id"])
        self.assertEqual(v["delivery"]["status"], "delivered")
        self.assertIn("reconciled", [e["action"] for e in v["events"]])
        self.assertEqual([(o["op"], o["state"]) for o in v["outbox"]],
                         [("create", "done"), ("create", "done")])
        self.assertEqual(v["platform"]["state"], "active")

    def test_the_nightly_run_settles_what_a_restored_platform_forgot(self):
        """The platform restored from a backup taken before a
        correction, a revocation and a repair it had received: the
        nightly run reads those records back and sends what differs."""
        c = self.t.credit
        sim = self.lab.sim("--rate", "0")
        cfg = self.lab.config(sim)
        pa = penalty_payload()
        a = credit_create_ok(c, pa)
        b = credit_create_ok(c, penalty_payload())
        r = credit_create_ok(c, penalty_payload(
            cf_jdrq=credit_months_ago(4).isoformat()))
        self.lab.run_ok(cfg, "once")
        sim.stop()
        backup = sim.backup()
        sim.start()
        credit_ok(credit_correct(c, a["id"], dict(pa, cf_nr_fk="5"),
                                 "罚款金额录入错误"), "correct")
        credit_ok(credit_action(c, b["id"], "revoke", "行政复议撤销"),
                  "revoke")
        credit_ok(credit_action(c, r["id"], "repair", "已履行并整改"),
                  "repair")
        self.lab.run_ok(cfg, "once")
        self.assertEqual(sim.record(b["sjbm"])["state"], "revoked")
        sim.stop()
        sim.restore(backup)
        sim.start()
        self.assertEqual([sim.record(x["sjbm"])["state"] for x in (a, b, r)],
                         ["active"] * 3, "the backup is older")

        p = self.lab.run(cfg, "nightly", "--date", today_cst().isoformat(),
                         timeout=300)
        self.assertEqual(p.returncode, 0, cfg.log_text()[-3000:])
        up = sim.record(a["sjbm"])
        self.assertEqual(up["versions"][-1]["content_sha256"],
                         credit_view(c, a["id"])["content_sha256"],
                         "the correction the platform forgot was not sent")
        self.assertEqual(up["versions"][-1]["content"]["cf_nr_fk"], "5")
        self.assertEqual(sim.record(b["sjbm"])["state"], "revoked")
        self.assertEqual(sim.record(r["sjbm"])["state"], "repaired")
        for x in (a, b, r):
            v = credit_view(c, x["id"])
            self.assertIn("reconciled", [e["action"] for e in v["events"]],
                          x["sjbm"])
            self.assertEqual(v["delivery"]["status"], "delivered",
                             v["delivery"])
            self.assertIsNotNone(v["platform"]["checked_at"])
            # What the view says of the platform is what it holds now.
            up = sim.record(x["sjbm"])
            self.assertEqual((v["platform"]["version"], v["platform"]
                              ["state"]), (up["version"], up["state"]))
            self.assertTrue(v["platform"]["content_matches"],
                            "the view says the platform's content differs "
                            "though it holds the corrected content: %r" %
                            v["platform"])
        run = sync_run_of(self.t.supervisor, p.pid, "nightly")
        self.assertEqual(run["status"], "ok", run)
        self.assertGreaterEqual(run["counts"]["checked"], 3, run)


class SendersTest(CreditTest):

    def test_two_senders_at_once_never_send_the_same_row_twice(self):
        c = self.t.credit
        self.lab.drain()
        sim = self.lab.sim("--latency-ms", "150", "--rate", "0")
        cfg = self.lab.config(sim, credit_batch=10)
        recs = create_many(c, [penalty_payload() for _ in range(200)])
        mine = {r["sjbm"] for r in recs}
        a = self.lab.start(cfg, "once")
        b = self.lab.start(cfg, "once")
        for p in (a, b):
            p.wait(180)
            self.assertEqual(p.returncode, 0, cfg.log_text()[-3000:])

        got = collections.defaultdict(list)
        for x in sim.receipts():
            if x["sjbm"] in mine:
                got[x["sjbm"]].append((x["request_id"], x["result"]))
        twice = {s: v for s, v in got.items() if len(v) != 1}
        self.assertEqual(twice, {}, "records sent more than once")
        self.assertEqual(set(got), mine, "records never sent")
        self.assertEqual({v[0][1] for v in got.values()}, {"accepted"})
        st = sim.stats()
        self.assertEqual(st["records"]["duplicate"], 0, st["records"])
        self.assertEqual(st["records"]["received"], len(mine))
        self.assertAcceptedOnce(sim, mine)
        self.assertOutboxDone(mine)
        # Both did their share, at the same time.
        runs = [sync_run_of(self.t.supervisor, p.pid, "once")
                for p in (a, b)]
        for run in runs:
            self.assertIsNotNone(run)
            self.assertEqual(run["status"], "ok", run)
            self.assertGreater(run["counts"]["accepted"], 0,
                               "one sender did nothing: %r" % runs)
            self.assertEqual(run["counts"]["duplicate"], 0, run)
        self.assertEqual(sum(r["counts"]["accepted"] for r in runs),
                         len(mine))
        self.assertLess(max(r["started_at"] for r in runs),
                        min(r["ended_at"] for r in runs),
                        "the two runs did not overlap")


class OutageTest(CreditTest):

    def test_the_platform_down_for_a_while_loses_nothing(self):
        c, sup = self.t.credit, self.t.supervisor
        self.lab.drain()
        sim = self.lab.sim("--rate", "0")
        cfg = self.lab.config(sim, credit_backoff_ms=100,
                              credit_backoff_max_ms=1000)
        worker = self.lab.start(cfg, "worker")
        first = create_many(c, [penalty_payload() for _ in range(5)])
        self.wait_for("the worker to deliver", lambda: all(
            sim.record(r["sjbm"]) for r in first), 30)

        sim.down()
        during = []
        for wave in range(3):
            during += create_many(c, [penalty_payload() for _ in range(10)])
            time.sleep(1)
        during.append(credit_create_ok(c, inspection_payload(),
                                       "inspection"))
        time.sleep(1)
        # Meanwhile the officer sees them waiting, with the reason.
        v = credit_view(c, during[0]["id"])
        self.assertEqual(v["delivery"]["status"], "pending", v["delivery"])
        self.assertGreaterEqual(v["outbox"][0]["attempts"], 1, v["outbox"])
        self.assertIn("503", v["outbox"][0]["last_error"] or "", v["outbox"])
        st = sup.get("/api/v1/credit/status")
        self.assertEqual(st.status, 200, st)
        self.assertGreaterEqual(st.json["outbox"]["pending"], len(during))
        self.assertEqual(len(sim.records(app=sim.app_key)), len(first),
                         "records got through while the platform was down")

        sim.up()
        pen = [r["sjbm"] for r in during if r["kind"] == "penalty"]
        ins = [r["sjbm"] for r in during if r["kind"] == "inspection"]
        self.wait_for("everything to arrive after the platform is back",
                      lambda: len(sim.records(app=sim.app_key)) >=
                      len(first) + len(during), 60)
        self.wait_for("the outbox to settle", lambda: all(
            st == "done" for rows in outbox_rows(pen + ins).values()
            for (_, _, st, _, _) in rows), 30)
        self.assertEqual(self.lab.stop_sender(worker), 0,
                         "the worker did not stop cleanly on SIGTERM")
        self.assertAcceptedOnce(sim, [r["sjbm"] for r in first] + pen)
        self.assertAcceptedOnce(sim, ins, "inspection")
        self.assertOutboxDone(pen + ins)
        self.assertGreater(sim.stats()["faults_injected"]["down"], 0)
        run = sync_run_of(sup, worker.pid, "worker")
        self.assertIsNotNone(run)
        self.assertEqual(run["status"], "stopped", run)
        self.assertGreater(run["counts"]["retried"], 0, run)
        self.assertIsNotNone(run["ended_at"])


class RetryTest(CreditTest):

    def test_an_unanswered_batch_is_resent_with_the_same_bytes(self):
        """PROTOCOL.md 2.3 and 10.2: no answer means the outcome is
        unknown; the retry is a new request (new nonce, new signature)
        carrying the same body, and the platform answers duplicate."""
        c = self.t.credit
        self.lab.drain()
        sim = self.lab.sim("--rate", "0")
        cfg = self.lab.config(sim)
        recs = [credit_create_ok(c, penalty_payload()) for _ in range(5)]
        mine = [r["sjbm"] for r in recs]
        sim.configure(ack_loss_next=1)
        self.lab.run(cfg, "once")
        reqs = [r for r in sim.requests() if r["path"].endswith(":batch")]
        self.assertEqual(reqs[0]["status"], "DROP", reqs)
        self.assertEqual(reqs[0]["summary"]["total"], 5, reqs[0])
        self.assertAcceptedOnce(sim, mine)
        rec = sim.receipts_by_sjbm()
        self.assertEqual({s: [x["result"] for x in rec[s]] for s in mine},
                         {s: ["accepted", "duplicate"] for s in mine})
        self.assertEqual(
            [(r["status"], r["body_sha256"]) for r in reqs],
            [("DROP", reqs[0]["body_sha256"]), (200, reqs[0]["body_sha256"])],
            "the batch that got no answer was not resent as the same "
            "bytes: %r" % [(r["status"], r["body_sha256"][:12],
                             r["summary"]) for r in reqs])
        self.assertNotEqual(reqs[0]["nonce"], reqs[1]["nonce"])
        self.assertOutboxDone(mine)
        for r in recs:
            v = credit_view(c, r["id"])
            self.assertEqual(v["delivery"]["status"], "delivered")
            self.assertEqual(v["outbox"][0]["attempts"], 2, v["outbox"])
            self.assertEqual(v["outbox"][0]["result"], "duplicate")


class RunsTest(CreditTest):

    def test_every_run_is_listed_with_its_counts(self):
        c, sup = self.t.credit, self.t.supervisor
        self.lab.drain()
        sim = self.lab.sim("--rate", "0")
        cfg = self.lab.config(sim)
        sim.configure(fail_next=1)
        rec = credit_create_ok(c, penalty_payload())
        p = self.lab.run_ok(cfg, "once")
        pid = p.pid
        run = sync_run_of(sup, pid, "once")
        self.assertIsNotNone(run, "run of pid %s not listed" % pid)
        self.assertEqual(run["status"], "ok")
        self.assertEqual(run["counts"], {
            "requests": 2, "accepted": 1, "duplicate": 0, "rejected": 0,
            "retried": 1, "unknown": 0, "missing": 0, "checked": 0}, run)
        self.assertLessEqual(run["started_at"], run["ended_at"])
        self.assertEqual(run["errors"], [])
        self.assertAcceptedOnce(sim, [rec["sjbm"]])
        # The newest first; the status page shows it as the last run.
        self.assertEqual(sync_runs(sup, 1)[0]["id"], run["id"])
        st = sup.get("/api/v1/credit/status")
        self.assertEqual(st.status, 200, st)
        self.assertEqual(st.json["last_run"]["id"], run["id"])
        self.assertTrue(st.json["platform_configured"])
        for k in ("pending", "sending", "done", "failed"):
            self.assertIsInstance(st.json["outbox"][k], int)
        # And the command line's status.
        out = self.lab.run_ok(cfg, "status").stdout
        self.assertIn("outbox:", out)
        self.assertRegex(out, r"#%d once +ok" % run["id"])
        self.assertIn("requests 2 accepted 1", out)
        # A run that cannot reach the platform at all does not end "ok".
        sim.down()
        late = credit_create_ok(c, penalty_payload())
        short = self.lab.config(sim, credit_nightly_s=2)
        p = self.lab.run(short, "once")
        run = sync_run_of(sup, p.pid, "once")
        sim.up()
        self.lab.run_ok(cfg, "once")
        self.assertIsNotNone(sim.record(late["sjbm"]))
        self.assertIsNotNone(run)
        self.assertGreater(run["counts"]["retried"], 0, run)
        self.assertEqual(run["counts"]["accepted"], 0, run)
        self.assertNotEqual(run["status"], "ok", run)
        self.assertTrue(run["errors"], run)
        self.assertNotEqual(p.returncode, 0)
