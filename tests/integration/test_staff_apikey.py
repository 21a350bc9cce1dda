"""
Machine clients (the 12345 hotline, the 12315 platform): `ipdesk-admin
apikey add NAME CHANNEL` prints a key once; POST /api/v1/complaints with
X-Api-Key files on that key's channel only (others: 422
channel_not_allowed), the public may not use the machine channels, a
disabled or unknown key is 401, and a key opens no staff route.
"""
from ipdesk import (StaffTest, admin_ok, complaint_payload, db_dump,
                    fresh_address, get, make_api_key, post_json,
                    report_payload, run_admin, team, token)


def file_with_key(key, payload, **kw):
    return post_json("/api/v1/complaints", payload,
                     headers={"X-Api-Key": key}, **kw)


class ApiKeyTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = team()
        cls.name, cls.key = make_api_key("hotline_12345", "hotline")

    def test_key_is_printed_once_and_stored_hashed(self):
        self.assertRegex(self.key, r"^ipk_[A-Za-z0-9_-]{43}$")
        listing = admin_ok("apikey", "list")
        line = next(l for l in listing.splitlines()
                    if l.split()[0] == self.name)
        self.assertIn("hotline_12345", line)
        self.assertIn("active", line)
        self.assertNotIn(self.key, listing)
        self.assertNotIn(self.key.encode(), db_dump())

    def test_hotline_files_on_its_channel(self):
        p = complaint_payload(channel="hotline_12345")
        r = file_with_key(self.key, p)
        b = self.assertStatus(r, 201)
        self.assertEqual(b["status"], "submitted")
        v = self.t.intake.view(b["no"]).json
        self.assertEqual(v["channel"], "hotline_12345")
        self.assertTrue(v["filed_by_api_key"])
        ev = self.t.intake.events(b["no"]).json["events"]
        self.assertEqual(ev[0]["actor"], "apikey:" + self.name)
        # The caller's copy of the case: the access code works.
        self.view_ok(b["no"], b["access_code"])
        # Filed by the public: no key.
        b2 = self.file_ok(complaint_payload())
        self.assertFalse(self.t.intake.view(b2["no"]).json[
            "filed_by_api_key"])

    def test_reports_too(self):
        r = file_with_key(self.key, report_payload(channel="hotline_12345"))
        self.assertEqual(r.status, 201, r)

    def test_other_channels_are_refused(self):
        for ch in ("web", "app", "platform_12315", "counter"):
            with self.subTest(channel=ch):
                r = file_with_key(self.key, complaint_payload(channel=ch))
                self.assertInvalid(r, ("channel", "channel_not_allowed"))

    def test_public_cannot_use_machine_channels(self):
        for ch in ("hotline_12345", "platform_12315", "counter", "mail"):
            with self.subTest(channel=ch):
                r = self.file(complaint_payload(channel=ch))
                self.assertInvalid(r, ("channel", "channel_not_allowed"))

    def test_platform_key_files_on_its_own_channel(self):
        name, key = make_api_key("platform_12315", "p12315")
        r = file_with_key(key, complaint_payload(channel="platform_12315"))
        self.assertEqual(r.status, 201, r)
        r = file_with_key(key, complaint_payload(channel="hotline_12345"))
        self.assertInvalid(r, ("channel", "channel_not_allowed"))

    def test_disabled_key_is_401(self):
        name, key = make_api_key("hotline_12345", "gone")
        self.assertEqual(file_with_key(
            key, complaint_payload(channel="hotline_12345")).status, 201)
        out = admin_ok("apikey", "disable", name)
        self.assertIn("disabled", out)
        r = file_with_key(key, complaint_payload(channel="hotline_12345"))
        self.assertProblem(r, 401, "unauthorized")
        # Without the key it is the public again, and the channel is not
        # the public's.
        r = self.file(complaint_payload(channel="hotline_12345"))
        self.assertInvalid(r, ("channel", "channel_not_allowed"))

    def test_unknown_or_malformed_key_is_401(self):
        for key in ("ipk_" + "A" * 43, self.key + "x", self.key[:-1],
                    "x" * 300):
            with self.subTest(key=key[:12]):
                r = file_with_key(key, complaint_payload(
                    channel="hotline_12345"))
                self.assertProblem(r, 401, "unauthorized")

    def test_key_opens_no_staff_route(self):
        h = {"X-Api-Key": self.key}
        b = self.file_ok(complaint_payload())
        self.assertProblem(get("/api/v1/complaints", headers=h), 403)
        self.assertProblem(get("/api/v1/auth/me", headers=h), 403)
        self.assertProblem(get("/api/v1/complaints/%s/events" % b["no"],
                               headers=h), 403)
        r = post_json("/api/v1/complaints/%s/actions" % b["no"],
                      {"action": "accept"}, headers=h)
        self.assertProblem(r, 403)
        # Reading a case needs its access code, as for the public.
        r = get("/api/v1/complaints/" + b["no"], headers=h,
                source=fresh_address())
        self.assertProblem(r, 404, "not-found")
        self.assertEqual(self.t.intake.view(b["no"]).json["status"],
                         "submitted")

    def test_key_is_not_rate_limited_as_the_public(self):
        """nginx spares key holders the public filing limit (6 a minute,
        burst 10) from any address."""
        src = fresh_address()
        statuses = [file_with_key(self.key, complaint_payload(
            channel="hotline_12345"), source=src).status for _ in range(13)]
        self.assertEqual(set(statuses), {201}, statuses)

    def test_admin_refuses_unknown_channels_and_names_twice(self):
        p = run_admin("apikey", "add", "k-" + token(3), "pigeon")
        self.assertEqual(p.returncode, 1, p)
        p = run_admin("apikey", "add", self.name, "hotline_12345")
        self.assertEqual(p.returncode, 1, p)
        p = run_admin("apikey", "disable", "no-such-key-" + token(3))
        self.assertEqual(p.returncode, 1, p)
