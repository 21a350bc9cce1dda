"""
Credit delivery under load and faults (issue 6, "nothing lost, nothing
duplicated"), against the platform's simulator:

  * 2,000 penalties recorded through the API at once and pushed while
    the platform loses answers after storing (ack loss 10 %), refuses
    (503, 20 %) and stalls (504 after 2 s, 5 %): each is stored upstream
    exactly once, the resends show up as duplicates, every outbox row is
    done, no nonce is ever used twice and no request fails
    authentication;
  * ipdesk-sync killed with SIGKILL in the middle of a batch twenty
    times, restarted each time: nothing stays claimed past its lease,
    nothing is lost, nothing is stored twice.
"""
import collections
import random
import signal
import time

from ipdesk import (CreditTest, create_many, outbox_rows, penalty_payload,
                    sql, sql_value, sync_run_of)


def sjbm_list(sjbms):
    return ",".join("'%s'" % s for s in sjbms)


class FaultsTest(CreditTest):

    def test_2000_records_through_lost_answers_failures_and_stalls(self):
        c, sup = self.t.credit, self.t.supervisor
        self.lab.drain()
        sim = self.lab.sim("--ack-loss-rate", "0.1", "--fail-rate", "0.2",
                           "--stall-rate", "0.05", "--stall-seconds", "2",
                           # A seed whose first 50 requests hold 4
                           # stalls and 7 lost answers.
                           "--seed", "1")
        cfg = self.lab.config(sim, credit_batch=50, credit_timeout_ms=4000,
                              credit_connect_ms=1000, credit_lease_s=12,
                              credit_backoff_ms=100,
                              credit_backoff_max_ms=1000,
                              credit_nightly_s=240)
        t0 = time.monotonic()
        recs = create_many(c, [penalty_payload() for _ in range(2000)],
                           threads=8)
        mine = [r["sjbm"] for r in recs]
        self.assertEqual(len(set(mine)), 2000, "sjbm are not unique")
        created = time.monotonic() - t0
        # A long run shows its progress while it runs.
        p = self.lab.start(cfg, "once")
        seen = []
        while p.poll() is None and time.monotonic() - t0 < created + 280:
            run = sync_run_of(sup, p.pid, "once")
            if run is not None:
                seen.append((run["status"], run["progress"]["done"],
                             run["counts"]["requests"]))
            time.sleep(0.5)
        self.assertIsNotNone(p.poll(), "the run did not end in time")
        sent = time.monotonic() - t0 - created
        running = [x for x in seen if x[0] == "running"]
        self.assertGreaterEqual(len({x[1] for x in running}), 2,
                                "no progress shown while running: %r" % seen)
        self.assertEqual([x[1] for x in running],
                         sorted(x[1] for x in running), seen)

        st = sim.stats()
        faults = st["faults_injected"]
        self.assertGreater(faults["ack_loss"], 0, st)
        self.assertGreater(faults["fail"], 0, st)
        self.assertGreater(faults["stall"], 0, st)
        # Each stored once, with one version; the resends duplicates.
        self.assertAcceptedOnce(sim, mine)
        rec = sim.receipts_by_sjbm()
        dups = [s for s in mine if any(x["result"] == "duplicate"
                                       for x in rec.get(s, ()))]
        self.assertTrue(dups, "answers were lost after storing, yet no "
                        "resend came back as duplicate")
        self.assertEqual(st["records"]["rejected"], 0, st["records"])
        self.assertEqual(st["records"]["by_kind"]["penalty"]["accepted"],
                         2000, st["records"])
        # Every outbox row done, every record delivered.
        self.assertOutboxDone(mine)
        self.assertEqual(int(sql_value(
            "SELECT COUNT(*) FROM credit_record WHERE delivery = "
            "'delivered' AND delivered_at IS NOT NULL AND sjbm IN (%s)" %
            sjbm_list(mine))), 2000)
        # No nonce twice, no authentication failure (tearDown too).
        self.assertEqual(st["auth_failures"], 0, st)
        nonces = [r["nonce"] for r in sim.requests() if r["nonce"]]
        self.assertGreater(len(nonces), 40)
        self.assertEqual([n for n, k in collections.Counter(nonces).items()
                          if k > 1], [], "nonces used twice")
        # The run's counts agree with the outbox.
        results = collections.Counter(
            r for s, op, seq, state, att, r in sql(
                "SELECT sjbm, op, seq, state, attempts, result FROM "
                "credit_outbox WHERE sjbm IN (%s)" % sjbm_list(mine)))
        run = sync_run_of(sup, p.pid, "once")
        self.assertIsNotNone(run)
        self.assertNotEqual(run["status"], "running", run)
        self.assertIsNotNone(run["ended_at"], run)
        self.assertEqual((run["counts"]["accepted"], run["counts"]
                          ["duplicate"]), (results["accepted"],
                                           results["duplicate"]),
                         (run, results))
        self.assertGreater(run["counts"]["unknown"], 0, run)
        self.assertGreater(run["counts"]["retried"], 0, run)
        self.assertLess(sent, 240, "sending took %.0fs" % sent)


class KillTest(CreditTest):

    def claimed_by(self, pid):
        return int(sql_value(
            "SELECT COUNT(*) FROM credit_outbox WHERE state = 'sending' "
            "AND lease_owner LIKE '%%:%d:%%'" % pid))

    def test_a_sender_killed_mid_batch_twenty_times_loses_and_doubles_nothing(
            self):
        c = self.t.credit
        self.lab.drain()
        lease = 5
        sim = self.lab.sim("--latency-ms", "250", "--rate", "0")
        cfg = self.lab.config(sim, credit_batch=10, credit_timeout_ms=2000,
                              credit_connect_ms=500, credit_lease_s=lease,
                              credit_backoff_ms=50,
                              credit_backoff_max_ms=500)
        recs = create_many(c, [penalty_payload() for _ in range(400)])
        mine = [r["sjbm"] for r in recs]
        rng = random.Random(6)
        kills = 0
        while kills < 20:
            p = self.lab.start(cfg, "worker")
            deadline = time.monotonic() + lease + 10
            while self.claimed_by(p.pid) == 0:
                self.assertIsNone(p.poll(), "the worker died by itself")
                self.assertLess(time.monotonic(), deadline, "after %d "
                                "kills, a new worker claimed nothing" % kills)
                time.sleep(0.02)
            time.sleep(rng.uniform(0, 0.25))
            p.send_signal(signal.SIGKILL)
            p.wait(10)
            self.assertEqual(p.returncode, -signal.SIGKILL)
            kills += 1
        # Nothing claimed for longer than a lease (times are stored in
        # China time).
        over = sql("SELECT sjbm, lease_owner FROM credit_outbox WHERE "
                   "state = 'sending' AND lease_until > UTC_TIMESTAMP(3) + "
                   "INTERVAL 8 HOUR + INTERVAL %d SECOND" % (lease + 1))
        self.assertEqual(over, [], "rows leased past the lease")
        # A sender started now takes over what the dead ones held, once
        # their leases have run out.
        t0 = time.monotonic()
        self.lab.run_ok(cfg, "once", timeout=120)
        self.assertLess(time.monotonic() - t0, lease + 30)
        rows = outbox_rows(mine)
        self.assertEqual([s for s, r in rows.items() if not r or
                          any(x[2] != "done" for x in r)], [],
                         "rows not done after the last run")
        self.assertAcceptedOnce(sim, mine)
        self.assertEqual(len(sim.records(app=sim.app_key)), len(mine),
                         "the platform holds records twice or lacks some")
        self.assertEqual(int(sql_value(
            "SELECT COUNT(*) FROM credit_record WHERE delivery = "
            "'delivered' AND sjbm IN (%s)" % sjbm_list(mine))), len(mine))
        # Some of the killed batches had reached the platform: their
        # resends were answered duplicate.
        retried = sum(1 for r in rows.values() if r[0][3] > 1)
        self.assertGreater(retried, 0, "no row was ever sent twice: the "
                           "kills did not hit a batch in flight")
