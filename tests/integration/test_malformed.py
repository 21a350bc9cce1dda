"""
Hostile and broken input: bad UTF-8, NUL bytes, deep nesting, wrong
Content-Length, huge bodies, wrong content types, garbage requests.  None
may produce a 5xx or kill a worker (ServerSurvives checks the master's log
and the health check after every test).
"""
import json
import threading

from ipdesk import (HOST, PORT, MiB, ServerSurvives, complaint_payload,
                    fresh_address, get, parse_responses, post, raw_exchange,
                    raw_request, request, unknown_no)

INTAKE = "/api/v1/complaints"


def json_post(body, **kw):
    return post(INTAKE, body, ctype="application/json", **kw)


def valid_body():
    return json.dumps(complaint_payload(), ensure_ascii=False).encode()


class EncodingTest(ServerSurvives):

    def test_invalid_utf8_is_400(self):
        for bad in (b"\xff", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80",
                    b"\xf4\x90\x80\x80", b"\xe4\xb8", b"\x80", b"\xfe\xfe",
                    b"\xf8\x88\x80\x80\x80"):
            with self.subTest(bytes=bad):
                body = valid_body().replace(b"\xe9\x97\xa8", bad, 1)
                self.assertNotEqual(body, valid_body())
                self.assertProblem(json_post(body), 400, "malformed-body")

    def test_invalid_utf8_in_a_key_is_400(self):
        self.assertProblem(json_post(b'{"ti\xfftle":"x"}'), 400,
                           "malformed-body")

    def test_invalid_utf8_at_the_very_end_is_400(self):
        self.assertProblem(json_post(b'{"title":"x"}\xc3'), 400,
                           "malformed-body")

    def test_nul_bytes_are_400(self):
        for body in (b'{"title":"a\x00b"}', b'\x00{}', b'{}\x00',
                     valid_body().replace(b'"kind"', b'"ki\x00nd"')):
            with self.subTest(body=body[:20]):
                self.assertProblem(json_post(body), 400, "malformed-body")

    def test_escaped_nul_is_a_forbidden_character(self):
        body = valid_body().replace(b'"title": "', b'"title": "\\u0000', 1)
        self.assertInvalid(json_post(body), ("title", "forbidden_character"))

    def test_byte_order_mark_is_400(self):
        self.assertProblem(json_post(b"\xef\xbb\xbf" + valid_body()), 400,
                           "malformed-body")

    def test_utf16_body_is_400(self):
        body = json.dumps(complaint_payload(), ensure_ascii=False).encode(
            "utf-16")
        self.assertProblem(json_post(body), 400, "malformed-body")


class SyntaxTest(ServerSurvives):

    def test_broken_json_is_400(self):
        for body in (b"{", b"}", b'{"title":}', b'{"title" "x"}',
                     b"{'title':'x'}", b'{"title":"x",}', b'{title:"x"}',
                     b'{"a":1 /* c */}', b'{"a":01}', b'{"a":"\\x41"}',
                     b'{"a":1.}', b'{"a":tRue}', b'{"a":nul}',
                     b'{"a":tru}', b'{"a":"unterminated}', b"{}{}",
                     b"{} x", b"   ", b'{"a":[1,2,]}', b'{"a":.5}'):
            with self.subTest(body=body):
                self.assertProblem(json_post(body), 400, "malformed-body")

    def test_nan_and_infinity_are_not_json(self):
        """RFC 8259 has no NaN or Infinity: a body holding them is
        malformed (400), not a body with a wrong field (422)."""
        for body in (b'{"a":NaN}', b'{"a":Infinity}', b'{"a":-Infinity}',
                     b'{"kind":NaN}', b'{"a":nan}', b'{"a":-nan}',
                     b'{"a":infinity}'):
            with self.subTest(body=body):
                self.assertProblem(json_post(body), 400, "malformed-body")

    def test_raw_control_characters_in_strings_are_not_json(self):
        """RFC 8259: control characters in strings must be escaped."""
        for body in (b'{"a":"tab\there"}', b'{"description":"a\nb"}',
                     b'{"title":"bell\x07"}'):
            with self.subTest(body=body):
                self.assertProblem(json_post(body), 400, "malformed-body")

    def test_non_object_bodies_are_400(self):
        for body in (b"[]", b"[{}]", b'"text"', b"42", b"null", b"true"):
            with self.subTest(body=body):
                self.assertProblem(json_post(body), 400, "malformed-body")

    def test_empty_body_with_a_json_type_is_400(self):
        self.assertProblem(json_post(b""), 400, "malformed-body")

    def test_white_space_around_the_object_is_fine(self):
        r = json_post(b" \r\n\t" + valid_body() + b"\n\n ")
        self.assertEqual(r.status, 201, r)

    def test_huge_numbers_are_refused_not_crashed_on(self):
        for num in (b"1e999999", b"-1e999999", b"9" * 400,
                    b"123456789012345678901234567890"):
            with self.subTest(num=num[:20]):
                r = json_post(b'{"kind":' + num + b'}')
                self.assertIn(r.status, (400, 422), r)


class NestingTest(ServerSurvives):

    def test_nesting_deeper_than_the_limit_is_400(self):
        for depth in (9, 50, 1000):
            with self.subTest(depth=depth):
                body = b'{"a":' + b"[" * (depth - 1) + b"]" * (depth - 1) + \
                    b"}"
                p = self.assertProblem(json_post(body), 400,
                                       "malformed-body")
                self.assertIn("嵌套", p["detail"])
                p = self.assertProblem(json_post(body, lang="en"), 400,
                                       "malformed-body")
                self.assertIn("deep", p["detail"])

    def test_deep_objects_are_400(self):
        body = b'{"a":' * 40 + b"1" + b"}" * 40
        self.assertProblem(json_post(body), 400, "malformed-body")

    def test_sixty_thousand_open_brackets_are_400(self):
        self.assertProblem(json_post(b"[" * 60000), 400, "malformed-body")
        self.assertProblem(json_post(b'{"a":' + b"[" * 60000), 400,
                           "malformed-body")
        self.assertProblem(json_post(b"{" * 60000), 400, "malformed-body")

    def test_nesting_within_the_limit_is_a_validation_error(self):
        body = b'{"respondent":{"name":[[[["x"]]]]}}'
        self.assertInvalid(json_post(body), ("kind", "required"),
                           ("ip_type", "required"), ("scene", "required"),
                           ("channel", "required"), ("title", "required"),
                           ("description", "required"),
                           ("district", "required"),
                           ("respondent.name", "wrong_type"))


class VolumeTest(ServerSurvives):

    def test_many_errors_are_answered_not_crashed_on(self):
        obj = {"f%04d" % i: i for i in range(3000)}
        r = json_post(json.dumps(obj).encode())
        p = self.assertProblem(r, 422, "validation-error")
        self.assertGreater(len(p["errors"]), 0)
        self.assertLessEqual(len(p["errors"]), 100)

    def test_very_long_key_is_answered(self):
        key = "k" * 60000
        r = json_post(('{"%s":1}' % key).encode())
        p = self.assertProblem(r, 422, "validation-error")
        fields = [e["field"] for e in p["errors"]]
        self.assertTrue(any(f.startswith("kkkk") for f in fields), fields)
        self.assertLess(max(len(f) for f in fields), 1000)

    def test_deep_path_of_an_unknown_field(self):
        obj = complaint_payload()
        obj["rights"] = [{"type": "patent", "number": "1", "k" * 200: 1}]
        r = json_post(json.dumps(obj).encode())
        self.assertEqual(r.status, 422, r)

    def test_long_string_is_too_long_not_a_crash(self):
        r = json_post(json.dumps(complaint_payload(title="x" * 60000))
                      .encode())
        self.assertInvalid(r, ("title", "too_long"))

    def test_many_rights_objects(self):
        obj = complaint_payload(rights=[{}] * 5000)
        r = json_post(json.dumps(obj).encode())
        self.assertInvalid(r, ("rights", "too_many"))

    def test_many_duplicate_keys(self):
        body = b"{" + b",".join(b'"k":1' for _ in range(5000)) + b"}"
        self.assertProblem(json_post(body), 400, "malformed-body",
                           [("k", "duplicate_key")])

    def test_many_small_objects_with_duplicates(self):
        body = b'{"rights":[' + b",".join(
            b'{"type":"patent","number":"1"}' for _ in range(1500)) + \
            b',{"a":1,"a":2}]}'
        r = json_post(body)
        self.assertProblem(r, 400, "malformed-body")

    def test_body_of_exactly_64_kib_is_read(self):
        body = valid_body()
        body += b" " * (64 * 1024 - len(body))
        self.assertEqual(len(body), 65536)
        self.assertEqual(json_post(body).status, 201)

    def test_body_over_64_kib_is_413(self):
        body = valid_body()
        body += b" " * (64 * 1024 + 1 - len(body))
        self.assertProblem(json_post(body), 413, "too-large")

    def test_huge_declared_body_is_413_at_once(self):
        rs = raw_request("POST", INTAKE, b"{", content_length=str(10 * MiB),
                         headers={"Content-Type": "application/json"},
                         shutdown=False)
        self.assertTrue(rs, "no answer")
        self.assertProblem(rs[0], 413, "too-large")

    def test_huge_chunked_body_is_413(self):
        chunk = b"%x\r\n%s\r\n" % (32 * 1024, b" " * (32 * 1024))
        head = ("POST %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n"
                "Content-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n" % (INTAKE, HOST, PORT)
                ).encode()
        rs = parse_responses(raw_exchange(head, chunks=[chunk] * 64 +
                                          [b"0\r\n\r\n"], first_answer=True))
        self.assertTrue(rs, "no answer")
        self.assertProblem(rs[0], 413)

    def test_chunked_valid_body_is_filed(self):
        body = valid_body()
        head = ("POST %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n"
                "Content-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n" % (INTAKE, HOST, PORT)
                ).encode()
        mid = len(body) // 2
        chunks = [b"%x\r\n" % mid + body[:mid] + b"\r\n",
                  b"%x\r\n" % (len(body) - mid) + body[mid:] + b"\r\n",
                  b"0\r\n\r\n"]
        rs = parse_responses(raw_exchange(head, chunks=chunks,
                                          first_answer=True))
        self.assertEqual(rs[0].status, 201, rs)


class ContentTypeTest(ServerSurvives):

    def test_wrong_content_types_are_415(self):
        body = valid_body()
        for ct in ("text/plain", "application/x-www-form-urlencoded",
                   "application/json; charset=latin1",
                   "application/json; charset=utf-16",
                   "application/jsonx", "multipart/form-data; boundary=x",
                   "application/xml", "json"):
            with self.subTest(ctype=ct):
                self.assertProblem(post(INTAKE, body, ctype=ct), 415,
                                   "unsupported-media-type")

    def test_body_without_content_type_is_415(self):
        self.assertProblem(post(INTAKE, valid_body()), 415)

    def test_json_with_utf8_charset_is_accepted(self):
        for ct in ("application/json; charset=utf-8",
                   "application/json;charset=UTF-8",
                   'application/json; charset="utf-8"', "Application/JSON"):
            with self.subTest(ctype=ct):
                self.assertEqual(post(INTAKE, valid_body(), ctype=ct).status,
                                 201)

    def test_english_415(self):
        r = post(INTAKE, b"x", ctype="text/plain", lang="en")
        self.assertEqual(self.assertProblem(r, 415)["title"],
                         "Unsupported media type")


class ContentLengthTest(ServerSurvives):

    def test_content_length_shorter_than_the_body(self):
        body = valid_body()
        rs = raw_request("POST", INTAKE, body, content_length=len(body) - 10,
                         headers={"Content-Type": "application/json"})
        self.assertTrue(rs, "no answer")
        self.assertProblem(rs[0], 400, "malformed-body")
        for r in rs:
            self.assertLess(r.status, 500, r)

    def test_content_length_longer_than_the_body_then_close(self):
        body = valid_body()
        rs = raw_request("POST", INTAKE, body, content_length=len(body) + 100,
                         headers={"Content-Type": "application/json"},
                         timeout=5, shutdown=True)
        for r in rs:
            self.assertLess(r.status, 500, r)

    def test_invalid_content_lengths_are_refused(self):
        for cl in ("abc", "-1", "1e3", "0x10", "99999999999999999999999",
                   "1, 2", " "):
            with self.subTest(content_length=cl):
                rs = raw_request("POST", INTAKE, b"{}", content_length=cl,
                                 headers={"Content-Type":
                                          "application/json"})
                self.assertTrue(rs, "no answer")
                self.assertGreaterEqual(rs[0].status, 400, rs)
                self.assertLess(rs[0].status, 500, rs)

    def test_two_content_lengths_are_refused(self):
        rs = raw_request("POST", INTAKE, b"{}", content_length=2,
                         headers={"Content-Length": "5",
                                  "Content-Type": "application/json"})
        self.assertTrue(rs, "no answer")
        self.assertEqual(rs[0].status, 400, rs)

    def test_length_and_chunked_together_are_refused(self):
        rs = raw_request("POST", INTAKE, b"2\r\n{}\r\n0\r\n\r\n",
                         content_length=20,
                         headers={"Transfer-Encoding": "chunked",
                                  "Content-Type": "application/json"})
        self.assertTrue(rs, "no answer")
        self.assertGreaterEqual(rs[0].status, 400, rs)
        self.assertLess(rs[0].status, 500, rs)

    def test_json_type_without_any_body_is_411(self):
        rs = raw_request("POST", INTAKE, content_length=False,
                         headers={"Content-Type": "application/json"})
        self.assertTrue(rs, "no answer")
        self.assertProblem(rs[0], 411, "length-required")

    def test_body_sent_after_the_client_gives_up(self):
        """A client that dies mid-body must not hurt the next one."""
        body = valid_body()
        head = ("POST %s HTTP/1.1\r\nHost: %s:%d\r\n"
                "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                % (INTAKE, HOST, PORT, len(body))).encode()
        raw_exchange(head + body[:len(body) // 2], timeout=1, shutdown=True)
        self.assertEqual(get("/api/v1/health").status, 200)


class GarbageTest(ServerSurvives):

    def test_garbage_requests_are_refused(self):
        for data in (b"GARBAGE\r\n\r\n", b"\x00\x01\x02\x03\r\n\r\n",
                     b"GET /api/v1/health HTTP/1.1\r\n\r\n",
                     b"POST /api/v1/complaints HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Length: 2\r\n\r\n{}" * 3,
                     b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00"
                     * 100):
            with self.subTest(data=data[:20]):
                for r in parse_responses(raw_exchange(data, timeout=5,
                                                      shutdown=True)):
                    self.assertLess(r.status, 500, r)

    def test_long_header_values_are_refused_or_ignored(self):
        src = fresh_address()
        for size in (4000, 7000, 9000, 20000):
            with self.subTest(size=size):
                r = raw_request("GET", "/api/v1/complaints/" + unknown_no(),
                                headers={"X-Access-Code": "A" * size,
                                         "Idempotency-Key": "k" * size},
                                source=src)
                self.assertTrue(r, "no answer")
                self.assertGreaterEqual(r[0].status, 400, r)
                self.assertLess(r[0].status, 500, r)

    def test_odd_paths_are_404_or_400(self):
        src = fresh_address()
        for path in ("/api/v1/complaints/..%2f..%2fetc%2fpasswd",
                     "/api/v1/complaints/%00", "/api/v1/complaints/" +
                     "A" * 5000, "/api/v1//health", "/api/v1/./health",
                     "/api/v1/complaints/TS1/../../health",
                     "/api/v1/complaints/%E4%B8%AD", "/api/v1/health?x=\xff",
                     "/api/v1/complaints/TS1/evidence/" + "a" * 65):
            with self.subTest(path=path[:60]):
                rs = raw_request("GET", path, source=src)
                self.assertTrue(rs, "no answer")
                self.assertLess(rs[0].status, 500, rs)

    def test_many_odd_headers(self):
        headers = {"X-H%03d" % i: "v" * 50 for i in range(90)}
        headers["Accept-Language"] = "en;q=" + "9" * 500
        rs = raw_request("GET", "/api/v1/health", headers=headers)
        self.assertTrue(rs)
        self.assertLess(rs[0].status, 500, rs)

    def test_unknown_method_with_a_body(self):
        r = request("FROB", INTAKE, valid_body(), ctype="application/json")
        self.assertLess(r.status, 500, r)
        self.assertGreaterEqual(r.status, 400, r)


class ConcurrencyTest(ServerSurvives):

    def test_a_burst_of_bad_requests_leaves_every_worker_alive(self):
        bodies = [b"{" * 50000, b'{"a":"\xff"}', b"\x00" * 1000, b"[]",
                  b'{"a":1,}', b'{"a":' * 9 + b"1" + b"}" * 9,
                  b'{"k":1,"k":2}', b""] * 5
        answers = [None] * len(bodies)

        def send(i):
            answers[i] = json_post(bodies[i])
        threads = [threading.Thread(target=send, args=(i,))
                   for i in range(len(bodies))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for a in answers:
            self.assertEqual(a.status, 400, a)
            self.assertEqual(a.ctype, "application/problem+json")
