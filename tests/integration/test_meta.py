"""
The service around the cases: health, value lists, the route table and
its OpenAPI document, unknown paths and methods, languages and headers.
"""
import json
import os
import re
import subprocess

from ipdesk import (ADMIN, REPO, ApiTest, Calendar, fresh_address, get, post,
                    request, sql, unknown_no)


class HealthTest(ApiTest):

    def test_health_answers_200_when_the_database_answers(self):
        r = get("/api/v1/health")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.ctype, "application/json")
        self.assertEqual(r.json["status"], "ok")
        self.assertEqual(r.json["database"], "ok")

    def test_health_lists_the_official_calendar_years(self):
        years = sorted(int(y) for (y,) in sql(
            "SELECT year FROM calendar_year WHERE status = 'official'"))
        self.assertEqual(sorted(get("/api/v1/health").json[
            "calendar_official_years"]), years)

    def test_head_on_health_has_no_body(self):
        r = request("HEAD", "/api/v1/health")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, b"")


class EnumsTest(ApiTest):

    @classmethod
    def setUpClass(cls):
        cls.r = get("/api/v1/meta/enums")
        cls.enums = cls.r.json if cls.r.status == 200 else {}

    def codes(self, name):
        return [v["code"] for v in self.enums[name]]

    def test_enums_answer_200_json(self):
        self.assertEqual(self.r.status, 200, self.r)
        self.assertEqual(self.r.ctype, "application/json")

    def test_every_value_has_zh_and_en_labels(self):
        lists = [k for k, v in self.enums.items() if isinstance(v, list)]
        for name in ("kinds", "ip_types", "scenes", "channels", "id_types",
                     "right_types", "statuses", "districts"):
            self.assertIn(name, lists)
        for name in lists:
            for v in self.enums[name]:
                with self.subTest(list=name, code=v.get("code")):
                    # Countries go by their ISO 3166-1 alpha-2 codes.
                    self.assertRegex(v["code"], r"^[A-Z]{2}$"
                                     if name == "countries" else
                                     r"^[0-9a-z_]+$")
                    self.assertRegex(v["zh"], r"[\u4e00-\u9fff]",
                                     "zh label is Chinese")
                    # English, Latin letters with diacritics allowed
                    # ("Åland Islands", "Curaçao").
                    self.assertRegex(v["en"], r"^\S",
                                     "en label is English")
                    self.assertNotRegex(v["en"], r"[\u3000-\u9fff\uff00-\uffef]",
                                        "en label has no CJK text")

    def test_ip_types_are_the_nine_of_the_spec(self):
        self.assertEqual(self.codes("ip_types"), [
            "patent", "trademark", "copyright", "geographical_indication",
            "trade_secret", "plant_variety", "ic_layout", "special_mark",
            "other"])

    def test_scenes_channels_and_kinds_are_those_of_the_spec(self):
        self.assertEqual(self.codes("kinds"), ["complaint", "report"])
        self.assertEqual(self.codes("scenes"), [
            "ecommerce", "exhibition", "specialised_market",
            "import_export", "offline_shop", "online", "other"])
        self.assertEqual(self.codes("channels"), [
            "web", "app", "hotline_12345", "platform_12315", "counter",
            "mail"])

    def test_statuses_cover_the_lifecycle(self):
        self.assertEqual(set(self.codes("statuses")), {
            "submitted", "accepted", "rejected", "assigned", "suspended",
            "mediating", "resolved", "closed", "withdrawn", "merged"})

    def test_districts_are_those_of_the_database(self):
        rows = sql("SELECT code, name_zh, name_en FROM district "
                   "WHERE active = 1 ORDER BY code")
        self.assertEqual([[d["code"], d["zh"], d["en"]]
                          for d in self.enums["districts"]], rows)
        for d in self.enums["districts"]:
            self.assertRegex(d["code"], r"^[1-9][0-9]{5}$")

    def test_time_limits_are_those_of_the_database(self):
        cal = Calendar()
        got = self.enums["time_limits"]
        self.assertEqual(set(got), set(cal.limits))
        for code, (amount, unit) in cal.limits.items():
            self.assertEqual(got[code]["amount"], amount, code)
            self.assertEqual(got[code]["unit"],
                             "working_days" if unit == "wd" else "days")

    def test_default_limits_are_those_of_the_spec(self):
        lim = self.enums["time_limits"]
        self.assertEqual(lim["complaint_accept"],
                         {"amount": 7, "unit": "working_days"})
        self.assertEqual(lim["report_decide"],
                         {"amount": 15, "unit": "working_days"})
        self.assertEqual(lim["fast_track"],
                         {"amount": 1, "unit": "working_days"})

    def test_evidence_limits_are_published(self):
        self.assertEqual(self.enums["evidence"]["max_bytes"],
                         20 * 1024 * 1024)
        self.assertGreaterEqual(self.enums["evidence"]["max_files_per_case"],
                                1)


class RoutesTest(ApiTest):

    def routes(self):
        p = subprocess.run([ADMIN, "routes"], capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = []
        for line in p.stdout.splitlines():
            m = re.fullmatch(r"([A-Z]+) (/\S*) (\S+)", line.strip())
            self.assertIsNotNone(m, "routes line %r" % line)
            out.append(m.groups())
        self.assertTrue(out)
        return out

    def openapi(self):
        path = os.path.join(REPO, "docs", "openapi.json")
        self.assertTrue(os.path.exists(path), "docs/openapi.json is missing")
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        self.assertRegex(str(doc.get("openapi", "")), r"^3\.",
                         "an OpenAPI 3 document")
        ops = []
        for p, item in doc.get("paths", {}).items():
            for m, op in item.items():
                if m in ("get", "put", "post", "delete", "options", "head",
                         "patch", "trace"):
                    ops.append((m.upper(), p, op.get("operationId")))
        return ops

    def compare(self, want, got):
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        self.assertEqual((missing, extra), ([], []),
                         "(in the route table but not in docs/openapi.json, "
                         "in docs/openapi.json but not in the route table)")
        self.assertEqual(len(got), len(set(got)), "duplicates in openapi")

    def test_openapi_paths_and_methods_match_the_route_table(self):
        self.compare([(m, p) for m, p, _ in self.routes()],
                     [(m, p) for m, p, _ in self.openapi()])

    def test_openapi_operation_ids_match_the_route_table(self):
        self.compare(self.routes(), self.openapi())

    def test_every_route_answers_through_nginx(self):
        """No route of the table is shadowed by nginx: each answers with
        the application's JSON, not nginx's own page.  (From an address
        of its own: looking up a case that does not exist counts as a
        wrong access code.)"""
        src = fresh_address()
        for method, pattern, _ in self.routes():
            path = re.sub(r"\{[^}]+\}", unknown_no(), pattern)
            with self.subTest(route="%s %s" % (method, pattern)):
                r = request(method, path, body=b"{}" if method == "POST"
                            else None, ctype="application/json"
                            if method == "POST" else None, source=src)
                self.assertIn(r.ctype, ("application/json",
                                        "application/problem+json"), r)
                self.assertLess(r.status, 500, r)


class UnknownAndMethodTest(ApiTest):

    def test_unknown_api_path_is_404_problem(self):
        for path in ("/api/v1/nothing", "/api/v1/complaints/TS1/nothing",
                     "/api/v2/health", "/api/v1/health/", "/api/v1/"):
            with self.subTest(path=path):
                self.assertProblem(get(path), 404, "not-found")

    def test_wrong_method_is_405_with_allow(self):
        cases = [
            ("PUT", "/api/v1/health", {"GET", "HEAD"}),
            ("POST", "/api/v1/meta/enums", {"GET", "HEAD"}),
            ("DELETE", "/api/v1/complaints/TS2026010187654321",
             {"GET", "HEAD"}),
            ("PATCH", "/api/v1/complaints/TS2026010187654321",
             {"GET", "HEAD"}),
            ("GET", "/api/v1/complaints/TS2026010187654321/withdraw",
             {"POST"}),
            ("DELETE", "/api/v1/complaints/TS2026010187654321/evidence/"
             + "a" * 64, {"GET", "HEAD"}),
        ]
        self.check_405(cases)

    def test_every_route_answers_405_to_other_methods(self):
        """For every path of the route table, a method it does not take
        is 405 with Allow listing exactly those it takes."""
        p = subprocess.run([ADMIN, "routes"], capture_output=True, text=True,
                           timeout=30)
        allowed = {}
        for line in p.stdout.splitlines():
            m, path, _ = line.split()
            allowed.setdefault(path, set()).add(m)
            if m == "GET":
                allowed[path].add("HEAD")
        def matches(pattern, path):
            rx = re.sub(r"\\\{[^}]+\\\}", "[A-Za-z0-9_-]{1,64}",
                        re.escape(pattern))
            return re.fullmatch(rx, path) is not None

        cases = []
        for pattern in allowed:
            path = re.sub(r"\{sha256\}", "a" * 64, pattern)
            path = re.sub(r"\{[^}]+\}", "TS2026010187654321", path)
            # A literal path ("/mediations/court") also matches the
            # patterns with a parameter there ("/mediations/{no}"): the
            # router answers with the methods of all of them.
            methods = set().union(*(m for p, m in allowed.items()
                                    if matches(p, path)))
            other = next(m for m in ("PUT", "DELETE", "PATCH", "POST", "GET")
                         if m not in methods)
            cases.append((other, path, methods))
        self.check_405(cases)

    def check_405(self, cases):
        for method, path, allow in cases:
            with self.subTest(method=method, path=path):
                r = request(method, path)
                self.assertProblem(r, 405, "method-not-allowed")
                got = {m.strip() for m in
                       (r.header("Allow") or "").split(",") if m.strip()}
                self.assertEqual(got, allow, r.headers)

    def test_options_is_405_with_allow(self):
        r = request("OPTIONS", "/api/v1/complaints")
        self.assertProblem(r, 405)
        self.assertIn("POST", r.header("Allow") or "")

    def test_unknown_method_is_a_client_error(self):
        r = request("BREW", "/api/v1/health")
        self.assertGreaterEqual(r.status, 400, r)
        self.assertLess(r.status, 500, r)


class LanguageTest(ApiTest):

    def test_errors_are_chinese_by_default(self):
        p = self.assertProblem(get("/api/v1/nothing"), 404)
        self.assertEqual(p["title"], "未找到")
        self.assertRegex(p["detail"], r"[\u4e00-\u9fff]")

    def test_errors_are_english_with_accept_language_en(self):
        for al in ("en", "en-US", "en-GB,en;q=0.9", "fr, en;q=0.5",
                   "zh;q=0.3, en;q=0.8", "EN"):
            with self.subTest(accept_language=al):
                r = get("/api/v1/nothing", lang=al)
                p = self.assertProblem(r, 404)
                self.assertEqual(p["title"], "Not found")
                self.assertNotRegex(p["detail"], r"[\u4e00-\u9fff]")
                self.assertEqual(r.header("Content-Language"), "en")

    def test_chinese_preferred_over_english_stays_chinese(self):
        for al in ("zh-CN,zh;q=0.9,en;q=0.8", "zh", "en;q=0", "*",
                   "de", "en;q=abc", "," * 300):
            with self.subTest(accept_language=al):
                r = get("/api/v1/nothing", lang=al)
                self.assertEqual(self.assertProblem(r, 404)["title"],
                                 "未找到")
                self.assertEqual(r.header("Content-Language"), "zh-CN")

    def test_malformed_body_detail_follows_the_language(self):
        """The detail of a 400 is a public text too: Chinese by default,
        English on request."""
        zh = self.assertProblem(self.file_raw(b"{"), 400)
        self.assertRegex(zh["detail"], r"[\u4e00-\u9fff]", zh)
        en = self.assertProblem(self.file_raw(b"{", lang="en"), 400)
        self.assertNotRegex(en["detail"], r"[\u4e00-\u9fff]", en)

    def file_raw(self, body, **kw):
        return post("/api/v1/complaints", body, ctype="application/json",
                    **kw)

    def test_field_messages_follow_the_language(self):
        zh = self.file({}).json["errors"][0]["message"]
        en = self.file({}, lang="en").json["errors"][0]["message"]
        self.assertEqual(zh, "此项为必填项")
        self.assertEqual(en, "is required")


class HeadersTest(ApiTest):

    def test_api_answers_are_not_cached_and_not_sniffed(self):
        for r in (get("/api/v1/health"), get("/api/v1/nothing")):
            with self.subTest(status=r.status):
                self.assertEqual(r.header("Cache-Control"), "no-store")
                self.assertEqual(r.header_all("X-Content-Type-Options"),
                                 ["nosniff"])

    def test_every_answer_has_one_request_id(self):
        r = get("/api/v1/health")
        ids = r.header_all("X-Request-Id")
        self.assertEqual(len(ids), 1, r.headers)
        self.assertRegex(ids[0], r"^[0-9a-f]{32}$")

    def test_json_is_utf8(self):
        r = get("/api/v1/meta/enums")
        self.assertIn("charset=utf-8", r.header("Content-Type").lower())
        self.assertIn("专利".encode("utf-8"), r.body)
