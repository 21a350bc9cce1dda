"""
At the end of the run (before test_zz_logs): every case event the whole
suite wrote, staff actions, time-travelled ones and the audit tests'
restored rows included, still verifies with `ipdesk-admin audit verify`,
and the audit tests left no scratch tables behind.
"""
from ipdesk import StaffTest, run_admin, sql

RUN_LAST = True


class FinalAuditTest(StaffTest):

    def test_every_chain_of_the_run_verifies(self):
        p = run_admin("audit", "verify")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertRegex(p.stdout, r"^OK: \d+ events in \d+ chains verified")

    def test_no_scratch_tables_left(self):
        self.assertEqual(sql("SHOW TABLES LIKE 'zz\\_audit\\_test\\_%'"), [])
