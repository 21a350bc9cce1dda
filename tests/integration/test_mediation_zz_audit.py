"""
Mediation cases in the audit trail (SPEC section 5, 执法全过程记录):
after the mediation tests (this module runs after the other
test_mediation_* modules), every case's chain -- staff actions, the
public's, the sweep's "system" events, the events a mediation adds to the
complaint it came from -- verifies with `ipdesk-admin audit verify`, and a
mediation event changed behind the application's back is found.  Rows
changed here are put back, so the final verification of the run
(test_staff_zz_final) still finds clean chains.
"""
import re

from ipdesk import (StaffTest, agreement_fields, mediation_team, q,
                    run_admin, sql, sql_exec, token)


class MediationAuditTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.m = mediation_team()

    def verify(self):
        p = run_admin("audit", "verify")
        return p.returncode, p.stdout + p.stderr

    def assertClean(self):
        rc, out = self.verify()
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"OK: \d+ events in \d+ chains verified")
        return out

    def chain(self, case_type, case_id):
        return sql("SELECT id, seq, HEX(prev_hash), HEX(hash), action, actor "
                   "FROM case_event WHERE case_type = %s AND case_id = %s "
                   "ORDER BY seq" % (q(case_type), case_id))

    def converted_and_confirmed(self):
        m = self.m
        c = m.walker.case_in("confirmed", "complaint")
        mid = sql("SELECT id FROM mediation WHERE no = %s" % q(c["no"]))[0][0]
        cid = sql("SELECT id FROM complaint WHERE no = %s" %
                  q(c["complaint"]["no"]))[0][0]
        return c, mid, cid

    def test_every_chain_verifies_mediations_included(self):
        c, mid, cid = self.converted_and_confirmed()
        out = self.assertClean()
        n, chains = map(int, re.search(r"OK: (\d+) events in (\d+) chains",
                                       out).groups())
        self.assertEqual(n, int(sql("SELECT COUNT(*) FROM case_event")[0][0]))
        self.assertEqual(chains, int(sql(
            "SELECT COUNT(DISTINCT case_type, case_id) FROM case_event")
            [0][0]))
        self.assertGreater(int(sql(
            "SELECT COUNT(DISTINCT case_id) FROM case_event WHERE "
            "case_type = 'mediation'")[0][0]), 50)
        self.assertGreater(int(sql(
            "SELECT COUNT(*) FROM case_event WHERE case_type = 'mediation' "
            "AND actor = 'system'")[0][0]), 0)
        for case_type, case_id in (("mediation", mid), ("complaint", cid)):
            with self.subTest(case_type=case_type):
                rows = self.chain(case_type, case_id)
                self.assertEqual([int(r[1]) for r in rows],
                                 list(range(1, len(rows) + 1)))
                for prev, cur in zip(rows, rows[1:]):
                    self.assertEqual(cur[2], prev[3], cur)
        actions = [r[4] for r in self.chain("complaint", cid)]
        self.assertIn("mediate", actions)
        self.assertIn("mediation_ended", actions)

    def test_changed_mediation_event_fails_naming_it(self):
        m = self.m
        c = m.walker.case_in("in_mediation")
        m.mediator.mact_ok(c["no"], "agree",
                           **agreement_fields(amount="1000.00"))
        mid = sql("SELECT id FROM mediation WHERE no = %s" % q(c["no"]))[0][0]
        ev = int(sql("SELECT id FROM case_event WHERE case_type = "
                     "'mediation' AND case_id = %s AND action = "
                     "'assign_mediator'" % mid)[0][0])
        backup = "zz_audit_test_%s" % token(4)
        sql_exec("CREATE TABLE %s AS SELECT * FROM case_event WHERE id = %d"
                 % (backup, ev))
        try:
            for column, value in (("detail", q('{"mediator":987654321}')),
                                  ("actor", q("staff:someone-else")),
                                  ("to_status", q("agreed"))):
                with self.subTest(column=column):
                    sql_exec("UPDATE case_event SET %s = %s WHERE id = %d" %
                             (column, value, ev))
                    rc, out = self.verify()
                    self.assertEqual(rc, 1, out)
                    self.assertRegex(out, r"FAIL: event id %d\b" % ev)
                    sql_exec("UPDATE case_event e JOIN %s b ON b.id = e.id "
                             "SET e.%s = b.%s" % (backup, column, column))
        finally:
            sql_exec("UPDATE case_event e JOIN %s b ON b.id = e.id SET "
                     "e.detail = b.detail, e.actor = b.actor, "
                     "e.to_status = b.to_status; DROP TABLE %s" %
                     (backup, backup))
        self.assertClean()
