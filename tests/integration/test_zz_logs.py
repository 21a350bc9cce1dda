"""
At the end of the run, looking back over everything the suite did: no
personal data the suite sent (names, ID numbers, phones, e-mail, postal
addresses) and no access code in any log line of the application or
nginx, no access code in the database, no worker died, no 5xx answered.
"""
import re

from ipdesk import (ACCESS_CODES, LOG, PII, SEEN_5XX, WORKER_DEATH, ApiTest,
                    db_dump, log_files, pii_variants, read_run)

RUN_LAST = True


class LogsTest(ApiTest):

    def leaks(self, values):
        """(file, value, the first line holding it) for each value found
        in a log of this run."""
        forms = {f for v in values for f in pii_variants(v)}
        out = []
        for path in log_files():
            text = read_run(path)
            for f in sorted(forms):
                if f in text:
                    line = next(l for l in text.splitlines() if f in l)
                    out.append((path, f, line))
        return out

    def test_the_suite_sent_personal_data(self):
        self.assertGreater(len(PII), 20, "the scan below scans something")
        self.assertTrue(log_files(), "no log files found")

    def test_no_personal_data_in_any_log(self):
        self.assertEqual(self.leaks(sorted(PII)), [])

    def test_no_access_code_in_any_log(self):
        found = []
        for path in log_files():
            text = read_run(path)
            for code in ACCESS_CODES:
                if re.search(r"(?<![0-9A-Za-z])%s(?![0-9A-Za-z])" % code,
                             text):
                    found.append((path, code))
        self.assertEqual(found, [])

    def test_no_access_code_stored_in_the_database(self):
        self.assertTrue(ACCESS_CODES)
        dump = db_dump()
        self.assertEqual([c for c in sorted(ACCESS_CODES)
                          if c.encode() in dump], [])

    def test_no_worker_died_during_the_run(self):
        deaths = [l for l in read_run(LOG).splitlines()
                  if WORKER_DEATH.search(l)]
        self.assertEqual(deaths, [])

    def test_no_5xx_answer_during_the_run(self):
        self.assertEqual(SEEN_5XX, [])
        access = [p for p in log_files() if "access" in p]
        bad = []
        for p in access:
            for line in read_run(p).splitlines():
                m = re.search(r'" (5\d\d) ', line)
                if m:
                    bad.append(line)
        self.assertEqual(bad, [])

    def test_application_log_has_no_errors(self):
        errors = [l for l in read_run(LOG).splitlines()
                  if re.search(r"\+08:00 error ", l)]
        self.assertEqual(errors, [])
