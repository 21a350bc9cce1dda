"""
nginx's rate limits (limit_req): 6 filings a minute per address (burst
10), 60 look-ups a minute (burst 30), 20 other API calls a second (burst
50).  127.0.0.1 is exempt in the test stack, so these tests send from
other loopback addresses.  nginx's own answers are problem+json too.
"""
import threading
import unittest

from ipdesk import (ApiTest, MiB, can_send_from, fresh_address, get, post,
                    raw_request)


@unittest.skipUnless(can_send_from("127.0.0.2"),
                     "cannot send from 127.0.0.2 on this machine")
class RateLimitTest(ApiTest):

    def assertNginx429(self, r):
        p = self.assertProblem(r, 429, "throttled")
        self.assertEqual(r.header("Retry-After"), "60")
        return p

    def test_filing_is_rate_limited_per_address(self):
        statuses = []
        for i in range(14):
            r = post("/api/v1/complaints", b"{}", ctype="application/json",
                     source="127.0.0.2")
            statuses.append(r.status)
            if r.status == 429:
                self.assertNginx429(r)
        self.assertIn(429, statuses)
        first = statuses.index(429)
        self.assertEqual(set(statuses[:first]) - {422}, set(), statuses)
        self.assertEqual(set(statuses[first:]), {429}, statuses)
        # The burst allows 10 filings at once, and one more if a token
        # came meanwhile (fewer when an earlier run used some).
        self.assertLessEqual(first, 11, statuses)

    def test_lookups_are_rate_limited_per_address(self):
        b = self.file_ok()
        src = fresh_address()
        statuses = [self.view(b["no"], b["access_code"], source=src).status
                    for i in range(36)]
        self.assertEqual(statuses[:31], [200] * 31, statuses)
        self.assertIn(429, statuses[31:], statuses)

    def test_other_api_calls_are_rate_limited_per_address(self):
        """120 calls from 6 threads at once: far over 20/s + 50."""
        src = fresh_address()
        statuses = []

        def send():
            for i in range(20):
                s = get("/api/v1/health", source=src).status
                with lock:
                    statuses.append(s)
        lock = threading.Lock()
        threads = [threading.Thread(target=send) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertIn(429, statuses)
        self.assertEqual(set(statuses), {200, 429})

    def test_exempt_address_is_not_rate_limited(self):
        statuses = [get("/api/v1/health").status for i in range(80)]
        self.assertEqual(set(statuses), {200})


class NginxAnswerTest(ApiTest):
    """What nginx answers itself (body too large) is problem+json in the
    language asked for, like the application's own errors."""

    def too_large(self, lang=None):
        headers = {"Content-Type": "application/json"}
        if lang:
            headers["Accept-Language"] = lang
        rs = raw_request("POST", "/api/v1/complaints", b"{",
                         content_length=str(MiB), headers=headers,
                         shutdown=False)
        self.assertTrue(rs, "no answer")
        return rs[0]

    def test_nginx_413_is_problem_json(self):
        p = self.assertProblem(self.too_large(), 413, "too-large")
        self.assertEqual(p["title"], "内容过大")

    def test_nginx_413_is_english_with_accept_language_en(self):
        p = self.assertProblem(self.too_large("en"), 413, "too-large")
        self.assertEqual(p["title"], "Content too large")
