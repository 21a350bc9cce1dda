"""
Evidence files (电子存证): POST /api/v1/complaints/{no}/evidence as
multipart/form-data with the access code; 20 MiB per file, the type
decided by the content, stored under its SHA-256 (shown in the answer),
read back only with the access code.
"""
import os
import urllib.parse

from ipdesk import (ACCESS_CODES, HOST, PORT, MiB, STACK, ApiTest,
                    apk_bytes, complaint_payload, complaint_row, docx_bytes,
                    fresh_address, get, jpeg_bytes, multipart,
                    parse_responses, pdf_bytes, png_bytes, post, post_json,
                    raw_exchange, sha256, sql, text_bytes, token)


def upload(no, code, files, fields=(), **kw):
    body, ct = multipart(files, fields)
    return post("/api/v1/complaints/%s/evidence" % no, body, ctype=ct,
                code=code, **kw)


def download(no, code, sha, **kw):
    return get("/api/v1/complaints/%s/evidence/%s" % (no, sha), code=code,
               **kw)


def stored_path(sha):
    return os.path.join(STACK, "evidence", sha[:2], sha[2:4], sha)


class UploadTest(ApiTest):

    def setUp(self):
        b = self.file_ok()
        self.no, self.code = b["no"], b["access_code"]

    def test_upload_answers_201_with_the_sha256(self):
        data = pdf_bytes()
        r = upload(self.no, self.code, [("file", "合同.pdf", data,
                                         "application/pdf")])
        self.assertEqual(r.status, 201, r)
        f = r.json["files"]
        self.assertEqual(len(f), 1)
        self.assertEqual(f[0]["sha256"], sha256(data))
        self.assertEqual(f[0]["size"], len(data))
        self.assertEqual(f[0]["type"], "application/pdf")
        self.assertEqual(f[0]["filename"], "合同.pdf")
        self.assertFalse(f[0]["duplicate"])

    def test_file_is_stored_under_its_sha256(self):
        data = png_bytes()
        upload(self.no, self.code, [("file", "p.png", data, "image/png")])
        with open(stored_path(sha256(data)), "rb") as f:
            self.assertEqual(f.read(), data)

    def test_evidence_shows_in_the_case_view_and_timeline(self):
        data = jpeg_bytes()
        upload(self.no, self.code, [("file", "photo.jpg", data, None)])
        v = self.view_ok(self.no, self.code)
        self.assertEqual([(e["sha256"], e["size"], e["type"], e["filename"])
                          for e in v["evidence"]],
                         [(sha256(data), len(data), "image/jpeg",
                           "photo.jpg")])
        self.assertEqual([e["action"] for e in v["timeline"]],
                         ["submitted", "evidence_added"])

    def test_evidence_row_names_the_hash(self):
        data = pdf_bytes()
        upload(self.no, self.code, [("file", "x.pdf", data, None)])
        cid = complaint_row(self.no, "id")[0]
        self.assertEqual(sql("SELECT sha256, size, mime FROM evidence WHERE "
                             "case_type = 'complaint' AND case_id = %s" % cid),
                         [[sha256(data), str(len(data)), "application/pdf"]])
        self.assertEqual(sql(
            "SELECT detail FROM case_event WHERE case_type = 'complaint' AND "
            "case_id = %s AND action = 'evidence_added'" % cid),
            [['{"sha256":"%s"}' % sha256(data)]])

    def test_type_is_decided_by_content_not_by_name(self):
        cases = [(pdf_bytes(), "scan.jpg", "image/jpeg", "application/pdf"),
                 (png_bytes(), "notes.txt", "text/plain", "image/png"),
                 (jpeg_bytes(), "a.pdf", "application/pdf", "image/jpeg"),
                 (text_bytes(), "a.exe", "application/octet-stream",
                  "text/plain"),
                 (docx_bytes(), "a.zip", "application/zip",
                  "application/vnd.openxmlformats-officedocument."
                  "wordprocessingml.document"),
                 (b"GIF89a\x01\x00\x01\x00" + token().encode(), "g.png",
                  "image/png", "image/gif")]
        for data, name, declared, want in cases:
            with self.subTest(name=name, want=want):
                r = upload(self.no, self.code, [("file", name, data,
                                                 declared)])
                self.assertEqual(r.status, 201, r)
                self.assertEqual(r.json["files"][0]["type"], want)

    def test_unaccepted_content_is_415_whatever_its_name(self):
        cases = [(b"<html><script>alert(1)</script></html>", "a.pdf"),
                 (b"<svg onload=alert(1)>", "a.png"),
                 (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "a.pdf"),
                 (b"MZ\x90\x00" + b"\x00" * 64, "a.doc"),
                 (b"#!/bin/sh\nrm -rf /\n", "a.txt"),
                 (apk_bytes(), "a.zip"),
                 (bytes(range(256)) * 4, "a.bin")]
        for data, name in cases:
            with self.subTest(name=name, head=data[:8]):
                r = upload(self.no, self.code, [("file", name, data,
                                                 "application/pdf")])
                self.assertProblem(r, 415, "unsupported-media-type",
                                   [("file[0]", "file_type")])
        self.assertEqual(self.view_ok(self.no, self.code)["evidence"], [])

    def test_several_files_in_one_request(self):
        files = [("file", "a.pdf", pdf_bytes(), None),
                 ("file", "b.png", png_bytes(), None),
                 ("file", "c.txt", text_bytes(), None)]
        r = upload(self.no, self.code, files)
        self.assertEqual(r.status, 201, r)
        self.assertEqual([f["sha256"] for f in r.json["files"]],
                         [sha256(d) for _, _, d, _ in files])
        self.assertEqual(len(self.view_ok(self.no, self.code)["evidence"]),
                         3)

    def test_same_file_again_is_marked_duplicate(self):
        data = pdf_bytes()
        upload(self.no, self.code, [("file", "a.pdf", data, None)])
        r = upload(self.no, self.code, [("file", "again.pdf", data, None)])
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json["files"][0]["duplicate"])
        self.assertEqual(len(self.view_ok(self.no, self.code)["evidence"]),
                         1)

    def test_same_file_in_two_cases_is_stored_once(self):
        data = pdf_bytes()
        other = self.file_ok()
        upload(self.no, self.code, [("file", "a.pdf", data, None)])
        r = upload(other["no"], other["access_code"],
                   [("file", "a.pdf", data, None)])
        self.assertFalse(r.json["files"][0]["duplicate"])
        d = os.path.dirname(stored_path(sha256(data)))
        self.assertEqual([n for n in os.listdir(d) if n.startswith(
            sha256(data))], [sha256(data)])

    def test_unsafe_file_names_are_replaced(self):
        """A name that hides its extension (U+202E) gets a neutral one; a
        path keeps only its last part."""
        for name, shown in (("invoice\u202egpj.pdf", "file.pdf"),
                            ("../../etc/passwd.pdf", "passwd.pdf"),
                            ("C:\\Users\\x\\证据.pdf", "证据.pdf")):
            with self.subTest(name=name):
                r = upload(self.no, self.code, [("file", name, pdf_bytes(),
                                                 None)])
                self.assertEqual(r.status, 201, r)
                self.assertEqual(r.json["files"][0]["filename"], shown)


class UploadRefusedTest(ApiTest):

    def setUp(self):
        b = self.file_ok()
        self.no, self.code = b["no"], b["access_code"]

    def test_empty_file_is_422(self):
        r = upload(self.no, self.code, [("file", "e.pdf", b"", None)])
        self.assertInvalid(r, ("file[0]", "file_empty"))

    def test_unknown_part_is_422(self):
        r = upload(self.no, self.code, [("file", "a.pdf", pdf_bytes(), None)],
                   fields=[("comment", "说明".encode())])
        self.assertInvalid(r, ("comment", "unknown_field"))

    def test_no_file_is_422(self):
        body = b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n" \
               b"1\r\n--b--\r\n"
        r = post("/api/v1/complaints/%s/evidence" % self.no, body,
                 ctype="multipart/form-data; boundary=b", code=self.code)
        self.assertEqual(r.status, 422, r)
        body = b"--b--\r\n"
        r = post("/api/v1/complaints/%s/evidence" % self.no, body,
                 ctype="multipart/form-data; boundary=b", code=self.code)
        self.assertInvalid(r, ("file", "required"))

    def test_more_than_ten_files_at_once_is_422(self):
        for n in (11, 13, 40):
            with self.subTest(files=n):
                files = [("file", "%d.txt" % i, text_bytes(), None)
                         for i in range(n)]
                self.assertInvalid(upload(self.no, self.code, files),
                                   ("file", "too_many"))
        self.assertEqual(self.view_ok(self.no, self.code)["evidence"], [])

    def test_same_file_twice_in_one_request_is_kept_once(self):
        data = png_bytes()
        r = upload(self.no, self.code, [("file", "a.png", data, None),
                                        ("file", "b.png", data, None)])
        self.assertEqual(r.status, 201, r)
        self.assertEqual([f["duplicate"] for f in r.json["files"]],
                         [False, True])
        self.assertEqual(len(self.view_ok(self.no, self.code)["evidence"]),
                         1)

    def test_a_case_takes_at_most_its_limit_of_files(self):
        limit = get("/api/v1/meta/enums").json["evidence"][
            "max_files_per_case"]
        if limit > 60:
            self.skipTest("limit of %d files is too many to fill" % limit)
        left = limit
        while left > 0:
            n = min(10, left)
            r = upload(self.no, self.code, [
                ("file", "%d.txt" % i, text_bytes(), None)
                for i in range(n)])
            self.assertEqual(r.status, 201, r)
            left -= n
        r = upload(self.no, self.code, [("file", "last.txt", text_bytes(),
                                         None)])
        self.assertInvalid(r, ("file", "too_many_files"))

    def test_json_body_is_415(self):
        r = post("/api/v1/complaints/%s/evidence" % self.no, b"{}",
                 ctype="application/json", code=self.code)
        self.assertProblem(r, 415, "unsupported-media-type")

    def test_malformed_multipart_is_400(self):
        good, _ = multipart([("file", "a.pdf", pdf_bytes(), None)],
                            boundary="XyZ")
        cases = [
            ("multipart/form-data", good),
            ("multipart/form-data; boundary=", good),
            ("multipart/form-data; boundary=other", good),
            ("multipart/form-data; boundary=XyZ", good[:-9]),
            ("multipart/form-data; boundary=XyZ",
             good.replace(b"\r\n", b"\n")),
            ("multipart/form-data; boundary=XyZ",
             b"--XyZ\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XyZ--\r\n"),
            ("multipart/form-data; boundary=XyZ", b"garbage"),
            ("multipart/form-data; boundary=" + "b" * 71,
             b"--" + b"b" * 71 + b"--\r\n"),
        ]
        for ct, body in cases:
            with self.subTest(ctype=ct, body=body[:30]):
                r = post("/api/v1/complaints/%s/evidence" % self.no, body,
                         ctype=ct, code=self.code)
                self.assertProblem(r, 400)
        self.assertEqual(self.view_ok(self.no, self.code)["evidence"], [])

    def test_upload_needs_the_access_code(self):
        src = fresh_address()
        r = upload(self.no, None, [("file", "a.pdf", pdf_bytes(), None)],
                   source=src)
        self.assertProblem(r, 404)
        r = upload(self.no, "ABCDEFGH", [("file", "a.pdf", pdf_bytes(), None)],
                   source=src)
        self.assertProblem(r, 404)
        self.assertEqual(self.view_ok(self.no, self.code)["evidence"], [])


class SizeLimitTest(ApiTest):

    def setUp(self):
        b = self.file_ok()
        self.no, self.code = b["no"], b["access_code"]

    def test_file_of_exactly_20_mib_is_accepted(self):
        head = pdf_bytes()
        data = head + b"\n" * (20 * MiB - len(head))
        r = upload(self.no, self.code, [("file", "big.pdf", data, None)],
                   timeout=120)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["files"][0]["size"], 20 * MiB)
        self.assertEqual(r.json["files"][0]["sha256"], sha256(data))

    def test_file_over_20_mib_is_413(self):
        head = pdf_bytes()
        data = head + b"\n" * (20 * MiB + 1 - len(head))
        r = upload(self.no, self.code, [("file", "big.pdf", data, None)],
                   timeout=120)
        self.assertProblem(r, 413, "too-large",
                           [("file[0]", "file_too_large")])
        self.assertEqual(self.view_ok(self.no, self.code)["evidence"], [])

    def test_body_far_over_20_mib_is_413(self):
        """A body past the file limit and its framing is refused without
        being parsed."""
        data = pdf_bytes() + b"\n" * (20 * MiB + 200 * 1024)
        r = upload(self.no, self.code, [("file", "big.pdf", data, None)],
                   timeout=120)
        self.assertProblem(r, 413, "too-large")
        self.assertEqual(self.view_ok(self.no, self.code)["evidence"], [])

    def test_body_over_the_upload_limit_is_413_before_it_is_sent(self):
        """nginx refuses a body declared larger than 21 MiB at once."""
        head = ("POST /api/v1/complaints/%s/evidence HTTP/1.1\r\n"
                "Host: %s:%d\r\nConnection: close\r\nX-Access-Code: %s\r\n"
                "Content-Type: multipart/form-data; boundary=b\r\n"
                "Content-Length: %d\r\n\r\n" % (
                    self.no, HOST, PORT, self.code, 30 * MiB)).encode()
        rs = parse_responses(raw_exchange(head + b"--b\r\n", timeout=10,
                                          first_answer=True))
        self.assertTrue(rs, "no answer")
        self.assertProblem(rs[0], 413, "too-large")


class DownloadTest(ApiTest):

    @classmethod
    def setUpClass(cls):
        r = post_json("/api/v1/complaints", complaint_payload())
        assert r.status == 201, r
        cls.no, cls.code = r.json["no"], r.json["access_code"]
        ACCESS_CODES.add(cls.code)
        cls.data = pdf_bytes(b"\x00\x01\x02binary\xff")
        cls.name = "购买凭证 2026.pdf"
        r = upload(cls.no, cls.code, [("file", cls.name, cls.data, None)])
        assert r.status == 201, r
        cls.sha = sha256(cls.data)

    def test_download_with_the_access_code_gives_the_same_bytes(self):
        r = download(self.no, self.code, self.sha)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, self.data)
        self.assertEqual(r.ctype, "application/pdf")
        self.assertEqual(sha256(r.body), self.sha)

    def test_download_is_an_attachment_with_the_file_name(self):
        r = download(self.no, self.code, self.sha)
        cd = r.header("Content-Disposition") or ""
        self.assertTrue(cd.startswith("attachment;"), cd)
        self.assertIn("filename*=UTF-8''" + urllib.parse.quote(
            self.name, safe="!#$&+-.^_`|~"), cd)
        self.assertEqual(r.header_all("X-Content-Type-Options"),
                         ["nosniff"])

    def test_download_in_lower_case_code(self):
        self.assertEqual(download(self.no, self.code.lower(),
                                  self.sha).status, 200)

    def test_download_needs_the_access_code(self):
        src = fresh_address()
        for code in (None, "ABCDEFGH"):
            with self.subTest(code=code):
                r = download(self.no, code, self.sha, source=src)
                self.assertProblem(r, 404)
                self.assertNotIn(self.data, r.body)

    def test_unknown_or_malformed_hash_is_404(self):
        for sha in ("0" * 64, self.sha.upper(), self.sha[:63], "x",
                    self.sha + "0"):
            with self.subTest(sha=sha):
                self.assertProblem(download(self.no, self.code, sha), 404)

    def test_evidence_of_another_case_is_not_readable(self):
        other = self.file_ok()
        r = download(other["no"], other["access_code"], self.sha)
        self.assertProblem(r, 404)
        self.assertNotIn(self.data, r.body)

    def test_internal_evidence_location_is_not_public(self):
        r = get("/_evidence/%s/%s/%s" % (self.sha[:2], self.sha[2:4],
                                         self.sha))
        self.assertEqual(r.status, 404, r)
        self.assertNotIn(self.data, r.body)
