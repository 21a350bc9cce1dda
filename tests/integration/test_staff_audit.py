"""
`ipdesk-admin audit verify` (SPEC section 5, 执法全过程记录): passes on
clean chains, and fails (exit 1) naming the event when a row of
case_event was changed or removed behind the application's back.  The
tests change rows of a case of their own as root and put them back in
every case, so that the later tests and the final verification of the
run (test_staff_zz_final) find clean chains.
"""
import re

from ipdesk import (StaffTest, case_in, run_admin, sql, sql_exec, team,
                    token, q)


class AuditVerifyTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = team()

    def verify(self):
        p = run_admin("audit", "verify")
        return p.returncode, p.stdout + p.stderr

    def assertClean(self):
        rc, out = self.verify()
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"OK: \d+ events in \d+ chains verified")
        return out

    def events_of(self, no):
        """id, seq of the case's events, by seq."""
        cid = sql("SELECT id FROM complaint WHERE no = %s" % q(no))[0][0]
        return [(int(i), int(s)) for i, s in sql(
            "SELECT id, seq FROM case_event WHERE case_type = 'complaint' "
            "AND case_id = %s ORDER BY seq" % cid)]

    def a_case(self):
        b = case_in("resolved")
        self.t.supervisor.act_ok(b["no"], "reopen", reason="核查")
        ev = self.events_of(b["no"])
        self.assertGreaterEqual(len(ev), 5)
        return b["no"], ev

    def test_clean_chains_verify(self):
        self.a_case()
        out = self.assertClean()
        n, chains = map(int, re.search(r"OK: (\d+) events in (\d+) chains",
                                       out).groups())
        self.assertEqual(n, int(sql("SELECT COUNT(*) FROM case_event")[0][0]))
        self.assertEqual(chains, int(sql(
            "SELECT COUNT(DISTINCT case_type, case_id) FROM case_event")
            [0][0]))

    def tampered(self, event_id, column, value):
        """Sets column of the event to value (SQL text), runs verify and
        puts the row back as it was; (exit code, output)."""
        backup = "zz_audit_test_%s" % token(4)
        sql_exec("CREATE TABLE %s AS SELECT * FROM case_event WHERE id = %d"
                 % (backup, event_id))
        try:
            sql_exec("UPDATE case_event SET %s = %s WHERE id = %d" %
                     (column, value, event_id))
            return self.verify()
        finally:
            sql_exec("UPDATE case_event e JOIN %s b ON b.id = e.id SET "
                     "e.%s = b.%s; DROP TABLE %s" % (backup, column, column,
                                                     backup))

    def test_changed_event_fails_naming_it(self):
        no, ev = self.a_case()
        # A middle event that has a detail (the assignment), so that each
        # change below really changes something.
        middle = int(sql(
            "SELECT id FROM case_event WHERE id IN (%s) AND action = "
            "'assign'" % ",".join(str(i) for i, _ in ev))[0][0])
        for column, value in (
                ("detail", q('{"department":"huiyang"}')),
                ("detail", "NULL"),
                ("actor", q("staff:someone-else")),
                ("at", "at - INTERVAL 1 DAY"),
                ("to_status", q("rejected")),
                ("public", "1 - public"),
                ("request_id", q("0" * 32)),
                ("hash", "UNHEX(SHA2('forged', 256))")):
            with self.subTest(column=column, value=value):
                rc, out = self.tampered(middle, column, value)
                self.assertEqual(rc, 1, out)
                self.assertRegex(out, r"FAIL: event id %d\b" % middle)
                self.assertClean()

    def test_deleted_middle_event_fails_naming_the_gap(self):
        no, ev = self.a_case()
        gone, after = ev[2][0], ev[3][0]
        backup = "zz_audit_test_%s" % token(4)
        sql_exec("CREATE TABLE %s AS SELECT * FROM case_event WHERE id = %d"
                 % (backup, gone))
        try:
            sql_exec("DELETE FROM case_event WHERE id = %d" % gone)
            rc, out = self.verify()
            self.assertEqual(rc, 1, out)
            self.assertRegex(out, r"FAIL: event id %d\b" % after)
            self.assertIn("seq %d" % ev[3][1], out)
        finally:
            sql_exec("INSERT INTO case_event SELECT * FROM %s; DROP TABLE %s"
                     % (backup, backup))
        self.assertClean()
        self.assertEqual(self.events_of(no), ev)

    def test_forged_event_at_the_end_fails(self):
        no, ev = self.a_case()
        last = ev[-1][0]
        backup = "zz_audit_test_%s" % token(4)
        sql_exec("CREATE TABLE %s AS SELECT * FROM case_event WHERE id = %d"
                 % (backup, last))
        new_id = None
        try:
            sql_exec(
                "UPDATE %s SET seq = seq + 1, prev_hash = hash, "
                "action = 'close', to_status = 'closed', "
                "hash = UNHEX(SHA2('x', 256))" % backup)
            sql_exec("INSERT INTO case_event (case_type, case_id, seq, at, "
                     "actor, action, from_status, to_status, public, detail, "
                     "request_id, prev_hash, hash) SELECT case_type, "
                     "case_id, seq, at, actor, action, from_status, "
                     "to_status, public, detail, request_id, prev_hash, hash "
                     "FROM %s" % backup)
            new_id = int(sql("SELECT MAX(id) FROM case_event")[0][0])
            rc, out = self.verify()
            self.assertEqual(rc, 1, out)
            self.assertRegex(out, r"FAIL: event id %d\b" % new_id)
        finally:
            if new_id is not None:
                sql_exec("DELETE FROM case_event WHERE id = %d" % new_id)
            sql_exec("DROP TABLE %s" % backup)
        self.assertClean()

    def test_application_account_cannot_rewrite_events(self):
        """The grants of the application's own account (see dev/lib.sh):
        events may be read and appended, never changed."""
        grants = sql("SELECT privilege_type FROM information_schema."
                     "table_privileges WHERE table_schema = 'ipdesk' AND "
                     "table_name = 'case_event' AND grantee LIKE "
                     "'''ipdesk''@%'")
        got = {g[0] for g in grants}
        self.assertTrue(got, "no grants found for the ipdesk account")
        self.assertNotIn("UPDATE", got)
        self.assertNotIn("DELETE", got)
        self.assertIn("INSERT", got)
