"""
Staff log-in as far as the public side reaches it: POST
/api/v1/auth/token refuses wrong credentials with 401 and throttles
repeated failures (per account and per address) -- also when each
attempt carries a fresh Idempotency-Key.
"""
from ipdesk import ApiTest, fresh_address, post_json, token


def login(user, password, **kw):
    return post_json("/api/v1/auth/token",
                     {"username": user, "password": password}, **kw)


class LoginThrottleTest(ApiTest):

    def test_wrong_credentials_are_401_problem(self):
        r = login("nobody-" + token(4), "wrong", source=fresh_address())
        self.assertProblem(r, 401, "unauthorized")

    def test_login_body_is_checked(self):
        r = post_json("/api/v1/auth/token", {"username": "x"},
                      source=fresh_address())
        self.assertInvalid(r, ("password", "required"))

    def test_repeated_failed_logins_are_throttled(self):
        src, user = fresh_address(), "nobody-" + token(4)
        statuses = [login(user, "wrong-%d" % i, source=src).status
                    for i in range(8)]
        self.assertIn(429, statuses, statuses)
        first = statuses.index(429)
        self.assertEqual(set(statuses[:first]), {401}, statuses)
        self.assertEqual(set(statuses[first:]), {429}, statuses)

    def test_failed_logins_with_idempotency_keys_are_throttled(self):
        """A fresh Idempotency-Key per guess must not make guessing
        passwords free."""
        src, user = fresh_address(), "nobody-" + token(4)
        statuses = [login(user, "wrong-%d" % i, key=token(), source=src)
                    .status for i in range(8)]
        self.assertIn(429, statuses, statuses)
