"""
Idempotency-Key on POST: mobile apps retry on bad networks.  The same key
with the same body answers the first answer again and does nothing
twice -- even for 20 retries at once; the same key with another body is
422.
"""
import json
import threading

from ipdesk import (ApiTest, complaint_payload, count_complaints, db_dump,
                    fresh_address, multipart, pdf_bytes, post, post_json, q,
                    report_payload, sql, token)


def body_of(payload):
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def file_raw(body, key, **kw):
    return post("/api/v1/complaints", body, ctype="application/json",
                key=key, **kw)


class CreateRetryTest(ApiTest):

    def test_retry_answers_the_first_answer_and_files_once(self):
        p = complaint_payload()
        body, key = body_of(p), token(16)
        first = file_raw(body, key)
        self.assertEqual(first.status, 201, first)
        again = file_raw(body, key)
        self.assertEqual(again.status, 201, again)
        self.assertEqual(again.body, first.body)
        self.assertEqual(again.header("Location"), first.header("Location"))
        self.assertEqual(again.header("Idempotent-Replayed"), "true")
        self.assertIsNone(first.header("Idempotent-Replayed"))
        self.assertEqual(count_complaints("title = %s" % q(p["title"])), 1)

    def test_replayed_access_code_opens_the_case(self):
        body, key = body_of(complaint_payload()), token(16)
        file_raw(body, key)
        b = file_raw(body, key).json
        self.view_ok(b["no"], b["access_code"])

    def test_twenty_parallel_retries_file_one_case(self):
        p = complaint_payload()
        body, key = body_of(p), token(16)
        start = threading.Barrier(20)
        answers = [None] * 20

        def send(i):
            start.wait()
            answers[i] = file_raw(body, key, timeout=120)
        threads = [threading.Thread(target=send, args=(i,))
                   for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual([a.status for a in answers], [201] * 20, answers)
        self.assertEqual({a.body for a in answers}, {answers[0].body})
        self.assertEqual(sum(a.header("Idempotent-Replayed") == "true"
                             for a in answers), 19)
        self.assertEqual(count_complaints("title = %s" % q(p["title"])), 1)

    def test_same_key_with_another_body_is_422(self):
        key = token(16)
        p = complaint_payload()
        self.assertEqual(file_raw(body_of(p), key).status, 201)
        other = dict(p, title=p["title"] + "（修改）")
        r = file_raw(body_of(other), key)
        self.assertProblem(r, 422, "idempotency-key-reused")
        self.assertEqual(count_complaints("title = %s" % q(other["title"])),
                         0)
        r = file_raw(body_of(other), key, lang="en")
        self.assertEqual(self.assertProblem(r, 422)["title"],
                         "Idempotency-Key reused")

    def test_parallel_different_bodies_with_one_key_file_one_case(self):
        key = token(16)
        bodies = [body_of(complaint_payload()) for _ in range(8)]
        answers = [None] * 8
        start = threading.Barrier(8)

        def send(i):
            start.wait()
            answers[i] = file_raw(bodies[i], key, timeout=120)
        threads = [threading.Thread(target=send, args=(i,))
                   for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(a.status for a in answers),
                         [201] + [422] * 7, answers)
        for a in answers:
            if a.status == 422:
                self.assertProblem(a, 422, "idempotency-key-reused")

    def test_different_keys_file_different_cases(self):
        p = complaint_payload()
        body = body_of(p)
        a = file_raw(body, token(16)).json
        b = file_raw(body, token(16)).json
        self.assertNotEqual(a["no"], b["no"])
        self.assertEqual(count_complaints("title = %s" % q(p["title"])), 2)

    def test_a_refused_request_does_not_use_up_the_key(self):
        key = token(16)
        bad = complaint_payload(district="110105")
        self.assertEqual(file_raw(body_of(bad), key).status, 422)
        good = complaint_payload()
        self.assertEqual(file_raw(body_of(good), key).status, 201)

    def test_malformed_keys_are_400(self):
        body = body_of(complaint_payload())
        for key in ("", " ", "a b", "x" * 256, "é".encode().decode("latin-1"),
                    "\t"):
            with self.subTest(key=key):
                r = file_raw(body, key)
                self.assertProblem(r, 400, "bad-request")

    def test_longest_key_is_accepted(self):
        body = body_of(complaint_payload())
        key = "k" * 200 + token(27)
        self.assertEqual(len(key), 254)
        key += "!"
        self.assertEqual(file_raw(body, key).status, 201)
        self.assertEqual(file_raw(body, key).status, 201)

    def test_keys_and_answers_are_not_stored_in_clear(self):
        key = "idem-" + token(16)
        b = file_raw(body_of(complaint_payload()), key).json
        dump = db_dump()
        self.assertNotIn(key.encode(), dump)
        self.assertNotIn(b["access_code"].encode(), dump)
        self.assertGreaterEqual(int(sql(
            "SELECT COUNT(*) FROM idempotency WHERE scope = "
            "'createComplaint'")[0][0]), 1)


class WithdrawRetryTest(ApiTest):

    def test_retried_withdrawal_answers_200_again(self):
        b = self.file_ok()
        path = "/api/v1/complaints/%s/withdraw" % b["no"]
        key = token(16)
        first = post_json(path, {"reason": "和解"}, code=b["access_code"],
                          key=key)
        self.assertEqual(first.status, 200, first)
        again = post_json(path, {"reason": "和解"}, code=b["access_code"],
                          key=key)
        self.assertEqual(again.status, 200, again)
        self.assertEqual(again.body, first.body)
        self.assertEqual(again.header("Idempotent-Replayed"), "true")
        # Without the key, a second withdrawal is a conflict.
        self.assertProblem(post_json(path, {"reason": "和解"},
                                     code=b["access_code"]), 409)

    def test_key_used_on_one_case_does_not_answer_for_another(self):
        """A key is tied to the request it came with: the same key and
        body on another case must never answer with the first case."""
        a, b = self.file_ok(report_payload()), self.file_ok(report_payload())
        key = token(16)
        ra = post_json("/api/v1/complaints/%s/withdraw" % a["no"], {},
                       code=a["access_code"], key=key)
        self.assertEqual(ra.status, 200, ra)
        rb = post_json("/api/v1/complaints/%s/withdraw" % b["no"], {},
                       code=b["access_code"], key=key)
        self.assertNotIn(a["no"].encode(), rb.body)
        if rb.status == 200:
            self.assertEqual(rb.json["no"], b["no"])
            self.assertEqual(self.view_ok(b["no"], b["access_code"])[
                "status"], "withdrawn")
        else:
            self.assertProblem(rb, 422, "idempotency-key-reused")

    def test_replay_still_needs_the_access_code(self):
        """Only the access code opens a case: a retry that carries the
        right key and body but a wrong code gets no case data."""
        b = self.file_ok()
        path = "/api/v1/complaints/%s/withdraw" % b["no"]
        key = token(16)
        first = post_json(path, {}, code=b["access_code"], key=key)
        self.assertEqual(first.status, 200, first)
        bad = ("3" if b["access_code"][0] == "2" else "2") + \
            b["access_code"][1:]
        r = post_json(path, {}, code=bad, key=key, source=fresh_address())
        self.assertProblem(r, 404, "not-found")
        self.assertNotIn(b["no"].encode(), r.body)

    def test_key_scopes_are_per_operation(self):
        key = token(16)
        b = self.file_ok(complaint_payload(), key=key)
        r = post_json("/api/v1/complaints/%s/withdraw" % b["no"], {},
                      code=b["access_code"], key=key)
        self.assertEqual(r.status, 200, r)


class EvidenceRetryTest(ApiTest):

    def test_retried_upload_answers_the_first_answer(self):
        b = self.file_ok()
        body, ct = multipart([("file", "a.pdf", pdf_bytes(), None)])
        key = token(16)
        path = "/api/v1/complaints/%s/evidence" % b["no"]
        first = post(path, body, ctype=ct, code=b["access_code"], key=key)
        self.assertEqual(first.status, 201, first)
        again = post(path, body, ctype=ct, code=b["access_code"], key=key)
        self.assertEqual(again.status, 201, again)
        self.assertEqual(again.body, first.body)
        self.assertFalse(again.json["files"][0]["duplicate"])
        self.assertEqual(len(self.view_ok(b["no"], b["access_code"])[
            "evidence"]), 1)
