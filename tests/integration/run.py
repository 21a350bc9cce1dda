#!/usr/bin/env python3
"""
run.py -- runs the integration tests against the stack dev/test started.

Finds tests/integration/test_*.py (unittest, standard library only),
runs them in name order (modules that set RUN_LAST = True at the end:
they look back over the whole run) and prints one line per test:

    ok - module.Class.test
    not ok - module.Class.test
    # <traceback, every line prefixed>
    skip - module.Class.test: reason

and last exactly "integration: N passed, N failed, N skipped".  The exit
status is 0 only when nothing failed.

Arguments, if any, keep only the tests whose id contains one of them
(e.g. `run.py test_intake ValidationTest.test_title`).
"""
import importlib
import os
import sys
import time
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True


def say(line=""):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def comment(text):
    for line in text.rstrip("\n").split("\n"):
        say("# " + line)


class Result(unittest.TestResult):
    """Prints each test's verdict as it ends; a test with a failing
    subtest (or a failing tearDown) counts once, as failed."""

    def __init__(self):
        super().__init__()
        self.passed = self.nfailed = self.nskipped = 0
        self._errs = []
        self._skip = None

    def startTest(self, test):
        super().startTest(test)
        self._errs = []
        self._skip = None

    def _fmt(self, err, test):
        return "".join(traceback.format_exception(*err))

    def addError(self, test, err):
        if isinstance(test, unittest.TestCase):
            self._errs.append(self._fmt(err, test))
        else:
            # setUpModule / setUpClass failures arrive as an
            # _ErrorHolder outside any test.
            self.nfailed += 1
            say("not ok - %s" % test.id())
            comment(self._fmt(err, test))

    def addFailure(self, test, err):
        self._errs.append(self._fmt(err, test))

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self._errs.append("subtest %s\n%s" % (
                subtest._subDescription(), self._fmt(err, subtest)))

    def addSkip(self, test, reason):
        self._skip = reason

    def addExpectedFailure(self, test, err):
        pass

    def addUnexpectedSuccess(self, test):
        self._errs.append("unexpected success\n")

    def stopTest(self, test):
        super().stopTest(test)
        name = test.id()
        if self._errs:
            self.nfailed += 1
            say("not ok - %s" % name)
            for e in self._errs:
                comment(e)
        elif self._skip is not None:
            self.nskipped += 1
            say("skip - %s: %s" % (name, self._skip))
        else:
            self.passed += 1
            say("ok - %s" % name)


def load(filters):
    names = sorted(f[:-3] for f in os.listdir(HERE)
                   if f.startswith("test_") and f.endswith(".py"))
    first, last = [], []
    loader = unittest.TestLoader()
    for n in names:
        mod = importlib.import_module(n)
        (last if getattr(mod, "RUN_LAST", False) else first).append(
            loader.loadTestsFromModule(mod))
    suite = unittest.TestSuite(first + last)
    if not filters:
        return suite

    def keep(s):
        out = unittest.TestSuite()
        for t in s:
            if isinstance(t, unittest.TestSuite):
                sub = keep(t)
                if sub.countTestCases():
                    out.addTest(sub)
            elif any(f in t.id() for f in filters):
                out.addTest(t)
        return out
    return keep(suite)


def main():
    import ipdesk
    missing = ipdesk.missing_environment()
    if missing:
        say("not ok - environment")
        comment("not set: %s (run through dev/test)" % ", ".join(missing))
        say("integration: 0 passed, 1 failed, 0 skipped")
        return 1
    t0 = time.monotonic()
    result = Result()
    try:
        suite = load(sys.argv[1:])
    except Exception:
        say("not ok - loading the tests")
        comment(traceback.format_exc())
        say("integration: 0 passed, 1 failed, 0 skipped")
        return 1
    suite.run(result)
    say("# %d tests in %.1fs" % (result.passed + result.nfailed +
                                 result.nskipped, time.monotonic() - t0))
    say("integration: %d passed, %d failed, %d skipped" % (
        result.passed, result.nfailed, result.nskipped))
    return 1 if result.nfailed else 0


if __name__ == "__main__":
    sys.exit(main())
