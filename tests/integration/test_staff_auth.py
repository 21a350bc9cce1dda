"""
Staff accounts and tokens through nginx: POST /api/v1/auth/token, GET
/api/v1/auth/me, GET /api/v1/departments, POST /api/v1/auth/logout; the
token's idle (token_idle_minutes = 30) and absolute (token_max_hours =
12) expiry walked with the test clock (X-Debug-Now); `ipdesk-admin user
disable` and `user passwd` ending every token of the user; failed logins
throttled per account (login_failures = 5) and per client address
(login_addr_failures = 20).  Failed logins are sent from fresh loopback
addresses so that no other test meets their counters.
"""
from datetime import datetime, timedelta

from ipdesk import (CST, DEPARTMENTS, Staff, StaffTest, admin_ok, bearer,
                    db_dump, debug_now, fresh_address, get, login, login_token,
                    new_password, new_username, parse_time, post, run_admin,
                    sql_value, q, token)


def me(tok, now=None, **kw):
    h = bearer(tok)
    if now is not None:
        h.update(debug_now(now))
    return get("/api/v1/auth/me", headers=h, **kw)


def logout(tok, **kw):
    return post("/api/v1/auth/logout", headers=bearer(tok), **kw)


class LoginTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.user = Staff("auth", "intake,handler", "huicheng")

    def test_login_answers_a_bearer_token_with_expiry_and_roles(self):
        t0 = datetime.now(CST)
        r = login(self.user.name, self.user.password)
        b = self.assertStatus(r, 201)
        self.assertRegex(b["token"], r"^ipd_[A-Za-z0-9_-]{43}$")
        self.assertEqual(b["token_type"], "Bearer")
        self.assertEqual(b["idle_timeout_seconds"], 30 * 60)
        self.assertEqual(sorted(b["roles"]), ["handler", "intake"])
        self.assertEqual(b["user"]["username"], self.user.name)
        self.assertEqual(b["user"]["department"], "huicheng")
        exp = parse_time(b["expires_at"])
        self.assertEqual(exp.utcoffset(), timedelta(hours=8))
        self.assertLess(abs(exp - (t0 + timedelta(hours=12))),
                        timedelta(minutes=2), b)
        self.assertNotIn(self.user.password, r.text)
        self.assertIn("no-store", r.header("Cache-Control", ""))

    def test_token_is_stored_only_as_its_hash(self):
        tok = login_token(self.user.name, self.user.password)
        n = sql_value("SELECT COUNT(*) FROM auth_token WHERE token_hash = "
                      "UNHEX(SHA2(%s, 256))" % q(tok))
        self.assertEqual(n, "1")
        self.assertNotIn(tok.encode(), db_dump())

    def test_each_login_gets_its_own_token(self):
        a = login_token(self.user.name, self.user.password)
        b = login_token(self.user.name, self.user.password)
        self.assertNotEqual(a, b)
        self.assertEqual(me(a).status, 200)
        self.assertEqual(me(b).status, 200)

    def test_me_names_the_caller(self):
        b = self.assertStatus(me(self.user.token), 200)
        self.assertEqual(b["username"], self.user.name)
        self.assertEqual(b["display_name"], self.user.name)
        self.assertEqual(b["department"], "huicheng")
        self.assertEqual(sorted(b["roles"]), ["handler", "intake"])

    def test_me_of_a_user_without_department(self):
        s = Staff("auth-sup", "supervisor")
        b = self.assertStatus(me(s.token), 200)
        self.assertIsNone(b["department"])
        self.assertEqual(b["roles"], ["supervisor"])

    def test_me_needs_a_valid_token(self):
        for h in ({}, bearer("ipd_" + "A" * 43), bearer(""),
                  {"Authorization": "Basic " + "YWxhZGRpbjpvcGVuc2VzYW1l"},
                  {"Authorization": self.user.token},
                  {"Authorization": "Bearer " + self.user.token + "x"}):
            with self.subTest(h=h):
                r = get("/api/v1/auth/me", headers=h)
                self.assertProblem(r, 401, "unauthorized")

    def test_departments_lists_the_seeded_ones(self):
        r = get("/api/v1/departments", headers=bearer(self.user.token))
        b = self.assertStatus(r, 200)
        codes = [d["code"] for d in b["departments"]]
        for c in DEPARTMENTS:
            self.assertIn(c, codes)
        for d in b["departments"]:
            self.assertTrue(d["zh"] and d["en"], d)
        hc = next(d for d in b["departments"] if d["code"] == "huicheng")
        self.assertEqual(hc["zh"], "惠城区市场监督管理局")

    def test_departments_need_a_token(self):
        self.assertProblem(get("/api/v1/departments"), 401, "unauthorized")

    def test_every_role_may_read_me_and_departments(self):
        for role in ("mediator", "aid_expert", "credit_officer", "admin"):
            with self.subTest(role=role):
                s = Staff("auth-" + role.replace("_", "-"), role)
                self.assertEqual(me(s.token).status, 200)
                r = get("/api/v1/departments", headers=bearer(s.token))
                self.assertEqual(r.status, 200, r)

    def test_disabled_account_cannot_log_in(self):
        s = Staff("auth-dis", "intake")
        admin_ok("user", "disable", s.name)
        r = login(s.name, s.password, source=fresh_address())
        p = self.assertProblem(r, 401, "unauthorized")
        self.assertNotIn("token", p)


class LogoutTest(StaffTest):

    def test_logout_ends_the_token(self):
        s = Staff("logout", "intake")
        other = login_token(s.name, s.password)
        r = logout(s.token)
        self.assertEqual(r.status, 204, r)
        self.assertEqual(r.body, b"")
        self.assertProblem(me(s.token), 401, "unauthorized")
        r = get("/api/v1/complaints", headers=bearer(s.token))
        self.assertProblem(r, 401, "unauthorized")
        # Logging out twice: the token is already dead.
        self.assertProblem(logout(s.token), 401, "unauthorized")
        # Only that token ended.
        self.assertEqual(me(other).status, 200)

    def test_logout_without_token_is_401(self):
        self.assertProblem(post("/api/v1/auth/logout"), 401, "unauthorized")


class ExpiryTest(StaffTest):
    """The server takes the request's X-Debug-Now as "now" for the token
    check too: a token is walked through time without waiting."""

    def fresh(self, prefix):
        s = Staff(prefix, "intake")
        t0 = datetime.now(CST).replace(microsecond=0) + timedelta(seconds=1)
        tok = login_token(s.name, s.password, now=t0)
        return s, tok, t0

    def test_token_dies_after_30_idle_minutes(self):
        s, tok, t0 = self.fresh("idle")
        self.assertEqual(me(tok, t0 + timedelta(minutes=29)).status, 200)
        # Each use restarts the idle clock.
        self.assertEqual(me(tok, t0 + timedelta(minutes=58)).status, 200)
        r = me(tok, t0 + timedelta(minutes=58 + 31))
        self.assertProblem(r, 401, "unauthorized")

    def test_unused_token_dies_after_30_minutes(self):
        s, tok, t0 = self.fresh("idle2")
        self.assertProblem(me(tok, t0 + timedelta(minutes=31)), 401,
                           "unauthorized")
        self.assertProblem(me(tok, t0 + timedelta(hours=3)), 401,
                           "unauthorized")

    def test_token_dies_12_hours_after_login_however_used(self):
        s, tok, t0 = self.fresh("absolute")
        r = me(tok, t0)
        self.assertEqual(r.status, 200, r)
        t = t0
        while t + timedelta(minutes=25) < t0 + timedelta(hours=12):
            t += timedelta(minutes=25)
            r = me(tok, t)
            self.assertEqual(r.status, 200, "at %s: %r" % (t, r))
        self.assertGreater(t, t0 + timedelta(hours=11, minutes=30))
        # Used minutes ago, but 12 hours are over.
        t = t0 + timedelta(hours=12, minutes=1)
        self.assertProblem(me(tok, t), 401, "unauthorized")

    def test_expires_at_is_twelve_hours_after_login(self):
        s = Staff("exp", "intake")
        t0 = datetime(2026, 9, 30, 8, 0, 0, tzinfo=CST)
        r = login(s.name, s.password, now=t0)
        b = self.assertStatus(r, 201)
        self.assertEqual(parse_time(b["expires_at"]),
                         t0 + timedelta(hours=12))


class RevocationTest(StaffTest):

    def test_disabling_a_user_ends_all_its_tokens(self):
        s = Staff("disable", "intake")
        second = login_token(s.name, s.password)
        self.assertEqual(me(s.token).status, 200)
        out = admin_ok("user", "disable", s.name)
        self.assertIn("disabled", out)
        for tok in (s.token, second):
            self.assertProblem(me(tok), 401, "unauthorized")
        self.assertProblem(login(s.name, s.password, source=fresh_address()),
                           401, "unauthorized")
        # Enabling again allows new logins; the old tokens stay dead.
        admin_ok("user", "enable", s.name)
        fresh = login_token(s.name, s.password)
        self.assertEqual(me(fresh).status, 200)
        for tok in (s.token, second):
            self.assertProblem(me(tok), 401, "unauthorized")

    def test_changing_the_password_ends_all_tokens(self):
        s = Staff("passwd", "handler", "huiyang")
        second = login_token(s.name, s.password)
        pw = new_password()
        out = admin_ok("user", "passwd", s.name, stdin=pw + "\n")
        self.assertIn("tokens ended", out)
        for tok in (s.token, second):
            self.assertProblem(me(tok), 401, "unauthorized")
        self.assertProblem(login(s.name, s.password, source=fresh_address()),
                           401, "unauthorized")
        tok = login_token(s.name, pw)
        self.assertEqual(me(tok).status, 200)

    def test_user_list_shows_disabled_users(self):
        s = Staff("listed", "credit_officer")
        admin_ok("user", "disable", s.name)
        line = next(l for l in admin_ok("user", "list").splitlines()
                    if l.split()[0] == s.name)
        self.assertIn("disabled", line)
        self.assertIn("credit_officer", line)


class AccountRulesTest(StaffTest):
    """What `ipdesk-admin user add` refuses."""

    def refused(self, *args, stdin=None):
        p = run_admin(*args, stdin=stdin)
        self.assertEqual(p.returncode, 1, (args, p.stdout, p.stderr))
        self.assertTrue(p.stderr.strip())
        return p.stderr

    def test_passwords_must_be_long_and_not_contain_the_name(self):
        name = new_username("rules")
        self.refused("user", "add", name, "--roles", "intake",
                     stdin="Short-1\n")
        self.refused("user", "add", name, "--roles", "intake",
                     stdin="Xx-%s-Yy-2026\n" % name)
        self.assertIsNone(sql_value("SELECT id FROM staff_user WHERE "
                                    "username = %s" % q(name)))

    def test_roles_names_and_departments_are_checked(self):
        pw = new_password() + "\n"
        self.refused("user", "add", new_username("rules"), "--roles",
                     "intake,wizard", stdin=pw)
        self.refused("user", "add", new_username("rules"), "--roles",
                     "handler", stdin=pw)
        self.refused("user", "add", new_username("rules"), "--roles",
                     "handler", "--department", "nowhere", stdin=pw)
        self.refused("user", "add", "Bad Name " + token(2), "--roles",
                     "intake", stdin=pw)

    def test_user_names_are_unique(self):
        s = Staff("uniq", "intake")
        self.refused("user", "add", s.name, "--roles", "intake",
                     stdin=new_password() + "\n")
        self.assertEqual(login(s.name, s.password).status, 201)


class LoginThrottleTest(StaffTest):

    def test_five_failures_block_the_account_from_any_address(self):
        """Guesses spread over many addresses still count against the
        account; then even the right password is refused (429)."""
        s = Staff("throttle", "intake")
        for i in range(5):
            r = login(s.name, "Wrong-Password-%d-%s" % (i, token(2)),
                      source=fresh_address())
            self.assertProblem(r, 401, "unauthorized")
        r = login(s.name, s.password, source=fresh_address())
        p = self.assertProblem(r, 429, "throttled")
        self.assertNotIn("token", p)
        self.assertTrue(r.header("Retry-After"), r.headers)
        # The account's tokens from before still work: throttling is
        # about logging in.
        self.assertEqual(me(s.token).status, 200)

    def test_a_successful_login_clears_the_account_count(self):
        s = Staff("throttle-ok", "intake")
        src = fresh_address()
        for round_ in range(2):
            for i in range(4):
                r = login(s.name, "Wrong-%d-%d-%s" % (round_, i, token(2)),
                          source=src)
                self.assertProblem(r, 401, "unauthorized")
            self.assertEqual(login(s.name, s.password, source=src).status,
                             201)

    def test_twenty_failures_block_the_address(self):
        s = Staff("throttle-addr", "intake")
        src = fresh_address()
        for i in range(20):
            r = login(new_username("ghost"), "Wrong-Password-%d" % i,
                      source=src)
            self.assertProblem(r, 401, "unauthorized")
        # The address is blocked, even for a good account and password.
        r = login(s.name, s.password, source=src)
        self.assertProblem(r, 429, "throttled")
        # The account itself is not: from elsewhere it logs in.
        r = login(s.name, s.password, source=fresh_address())
        self.assertEqual(r.status, 201, r)

    def test_account_block_lifts_after_the_window(self):
        """Failures count for login_window (900 s): a quarter of an hour
        later (test clock) the account logs in again."""
        s = Staff("throttle-win", "intake")
        for i in range(5):
            login(s.name, "Wrong-Password-%d-%s" % (i, token(2)),
                  source=fresh_address())
        r = login(s.name, s.password, source=fresh_address())
        self.assertProblem(r, 429, "throttled")
        later = datetime.now(CST) + timedelta(minutes=16)
        r = login(s.name, s.password, now=later, source=fresh_address())
        self.assertEqual(r.status, 201, r)

    def test_disabled_account_failures_count_too(self):
        s = Staff("throttle-dis", "intake")
        admin_ok("user", "disable", s.name)
        statuses = [login(s.name, s.password, source=fresh_address()).status
                    for _ in range(6)]
        self.assertEqual(statuses, [401] * 5 + [429])
