"""
The staff queue, GET /api/v1/complaints: filters (status, kind,
department, assignee, received_from/to, free text q, Chinese included),
limit bounds, keyset pagination that stays exact while cases keep
arriving, the CSV export (format=csv); and GET .../{no}/events, the
case's hash-chained event list.
"""
import csv
import hashlib
import io
import json
import threading
from datetime import datetime

from ipdesk import (ACCESS_CODES, CST, StaffTest, case_in, complaint_payload,
                    ecommerce_payload, make_name, post_json,
                    report_payload, sql, team, token, q)


def nos(r):
    return [i["no"] for i in r.json["items"]]


class FilterTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        t = cls.t = team()
        cls.tag = "QF" + token(4)
        cls.cn = make_name()   # a rare Chinese word only these cases hold
        title = "队列 %s" % cls.tag
        c = {}
        c["submitted"] = case_in("submitted", complaint_payload(
            title=title + " 甲"))["no"]
        c["report"] = case_in("submitted", report_payload(
            title=title + " 乙", description="线索：%s 在市场销售假货。" %
            cls.cn))["no"]
        c["hc_assigned"] = case_in("assigned", complaint_payload(
            title=title + " 丙"), handler=t.hc.name)["no"]
        c["hy_assigned"] = case_in("assigned", ecommerce_payload(
            title=title + " 丁"), department="huiyang")["no"]
        p = complaint_payload(title=title + " 戊")
        p["respondent"]["name"] = "惠州市%s科技有限公司" % cls.cn
        c["old"] = case_in("resolved", p, now=datetime(
            2026, 10, 15, 10, tzinfo=CST))["no"]
        cls.c = c

    def queue(self, who=None, **params):
        r = (who or self.t.supervisor).queue(q=params.pop("q", self.tag),
                                              **params)
        self.assertEqual(r.status, 200, r)
        return set(nos(r))

    def test_everything_of_the_tag(self):
        self.assertEqual(self.queue(), set(self.c.values()))

    def test_status(self):
        c = self.c
        self.assertEqual(self.queue(status="assigned"),
                         {c["hc_assigned"], c["hy_assigned"]})
        self.assertEqual(self.queue(status="submitted"),
                         {c["submitted"], c["report"]})
        self.assertEqual(self.queue(status="resolved"), {c["old"]})
        self.assertEqual(self.queue(status="merged"), set())

    def test_kind_ip_type_and_scene(self):
        c = self.c
        self.assertEqual(self.queue(kind="report"), {c["report"]})
        self.assertEqual(self.queue(kind="complaint"),
                         set(c.values()) - {c["report"]})
        self.assertEqual(self.queue(ip_type="trademark"),
                         {c["report"], c["hy_assigned"]})
        self.assertEqual(self.queue(scene="ecommerce"), {c["hy_assigned"]})

    def test_department_and_assignee(self):
        c, t = self.c, self.t
        self.assertEqual(self.queue(department="huicheng"),
                         {c["hc_assigned"], c["old"]})
        self.assertEqual(self.queue(department="huiyang"), {c["hy_assigned"]})
        self.assertEqual(self.queue(assignee=t.hc.name), {c["hc_assigned"]})
        self.assertEqual(self.queue(department="huicheng",
                                    assignee=t.hc.name), {c["hc_assigned"]})
        self.assertEqual(self.queue(department="enforcement"), set())

    def test_received_dates(self):
        c = self.c
        self.assertEqual(self.queue(received_from="2026-10-15",
                                    received_to="2026-10-15"), {c["old"]})
        self.assertEqual(self.queue(received_to="2026-10-31"), {c["old"]})
        self.assertEqual(self.queue(received_from="2026-10-16"),
                         set(c.values()) - {c["old"]})
        self.assertEqual(self.queue(received_from="2026-10-16",
                                    received_to="2026-10-14"), set())

    def test_free_text_in_chinese(self):
        c = self.c
        # In a description, and in a respondent's name.
        self.assertEqual(self.queue(q=self.cn), {c["report"], c["old"]})
        self.assertEqual(self.queue(q="队列 %s 丙" % self.tag),
                         {c["hc_assigned"]})
        self.assertEqual(self.queue(q=self.tag.lower()),
                         set(c.values()))

    def test_free_text_wildcards_are_literal(self):
        self.assertEqual(self.queue(q=self.tag + "%"), set())
        self.assertEqual(self.queue(q=self.tag[:-1] + "_"), set())
        self.assertEqual(self.queue(q="队列_" + self.tag), set())

    def test_free_text_does_not_search_personal_data(self):
        """A complainant's name is no search key of the queue (it is not
        in title, description or respondent)."""
        t = self.t
        name = sql("SELECT c_name FROM complaint WHERE no = %s" %
                   q(self.c["submitted"]))[0][0]
        self.assertNotIn(self.c["submitted"], self.queue(q=name))

    def test_handler_sees_only_its_department(self):
        c, t = self.c, self.t
        self.assertEqual(self.queue(who=t.hc),
                         {c["hc_assigned"], c["old"]})
        self.assertEqual(self.queue(who=t.hy), {c["hy_assigned"]})

    def test_filters_combine(self):
        c = self.c
        self.assertEqual(self.queue(kind="complaint", status="assigned",
                                    department="huiyang"),
                         {c["hy_assigned"]})
        self.assertEqual(self.queue(kind="report", status="assigned"), set())

    def test_items_carry_the_summary(self):
        t = self.t
        r = t.supervisor.queue(q=self.tag, assignee=t.hc.name)
        item = r.json["items"][0]
        for k in ("no", "kind", "status", "status_label", "received_at",
                  "due", "title", "respondent_name", "department",
                  "assignee", "next_due", "channel", "complainant"):
            self.assertIn(k, item)
        self.assertEqual((item["department"], item["assignee"]),
                         ("huicheng", t.hc.name))
        self.assertEqual(r.json["limit"], 50)
        self.assertIsNone(r.json["next_cursor"])

    def test_bad_filters_are_422(self):
        t = self.t
        for params, err in (
                ({"status": "open"}, ("status", "invalid_value")),
                ({"kind": "both"}, ("kind", "invalid_value")),
                ({"department": "nowhere"}, ("department", "invalid_value")),
                ({"assignee": "nobody-" + token(3)},
                 ("assignee", "invalid_value")),
                ({"due_state": "late-ish"}, ("due_state", "invalid_value")),
                ({"received_from": "2026-13-01"},
                 ("received_from", "invalid_date")),
                ({"received_to": "yesterday"},
                 ("received_to", "invalid_date")),
                ({"format": "xml"}, ("format", "invalid_value")),
                ({"q": "字" * 101}, ("q", "too_long")),
                ({"sort": "id"}, ("sort", "unknown_field")),
                ({"cursor": "0"}, ("cursor", "out_of_range")),
                ({"cursor": "abc"}, ("cursor", "out_of_range"))):
            with self.subTest(params=params):
                r = t.supervisor.queue(**params)
                self.assertInvalid(r, err)

    def test_due_state_filter_never_lists_other_states(self):
        """Whatever due_state values the queue takes, it lists only cases
        in that state (or refuses the value with 422): a value it does not
        filter by must not answer the whole queue."""
        for state in ("on_time", "warning", "overdue", "met", "late"):
            with self.subTest(due_state=state):
                r = self.t.supervisor.queue(q=self.tag, due_state=state)
                if r.status == 422:
                    self.assertInvalid(r, ("due_state", "invalid_value"))
                    continue
                self.assertEqual(r.status, 200, r)
                for i in r.json["items"]:
                    states = {d["state"] for d in i["due"].values()}
                    self.assertIn(state, states, (i["no"], i["due"]))

    def test_limit_bounds(self):
        t = self.t
        for bad in ("0", "-1", "201", "1e2", "abc", "2.5"):
            with self.subTest(limit=bad):
                r = t.supervisor.queue(limit=bad)
                self.assertInvalid(r, ("limit", "out_of_range"))
        for ok in (1, 200):
            with self.subTest(limit=ok):
                r = t.supervisor.queue(limit=ok)
                b = self.assertStatus(r, 200)
                self.assertEqual(b["limit"], ok)
                self.assertLessEqual(len(b["items"]), ok)
        r = t.supervisor.queue(limit=2, q=self.tag)
        self.assertEqual(len(r.json["items"]), 2)
        self.assertIsNotNone(r.json["next_cursor"])

    def test_queue_is_newest_first(self):
        r = self.t.supervisor.queue(q=self.tag)
        got = nos(r)
        order = [x[0] for x in sql(
            "SELECT no FROM complaint WHERE no IN (%s) ORDER BY id DESC" %
            ",".join(q(n) for n in got))]
        self.assertEqual(got, order)


class PaginationTest(StaffTest):

    def walk(self, who, limit, **params):
        """Every page of the queue by cursor; the list of case numbers."""
        seen, cursor, pages = [], None, 0
        while True:
            r = who.queue(limit=limit, cursor=cursor, **params)
            b = self.assertStatus(r, 200)
            seen += [i["no"] for i in b["items"]]
            pages += 1
            self.assertLess(pages, 500)
            cursor = b["next_cursor"]
            if cursor is None:
                return seen
            self.assertEqual(len(b["items"]), limit)

    def test_walk_by_cursor_while_cases_arrive(self):
        """Pages are walked while another thread files cases matching the
        same filter: no case that existed before the walk is repeated or
        skipped, and pages stay in newest-first order."""
        t = team()
        tag = "PG" + token(4)
        before = []
        for i in range(23):
            r = post_json("/api/v1/complaints", complaint_payload(
                title="分页 %s 旧%02d" % (tag, i)))
            self.assertEqual(r.status, 201, r)
            ACCESS_CODES.add(r.json["access_code"])
            before.append(r.json["no"])
        stop = threading.Event()
        arrived = []

        def file_more():
            while not stop.is_set() and len(arrived) < 60:
                r = post_json("/api/v1/complaints", complaint_payload(
                    title="分页 %s 新" % tag))
                if r.status == 201:
                    ACCESS_CODES.add(r.json["access_code"])
                    arrived.append(r.json["no"])
        th = threading.Thread(target=file_more)
        th.start()
        try:
            walks = [self.walk(t.intake, 4, q=tag),
                     self.walk(t.supervisor, 5, q=tag, status="submitted")]
        finally:
            stop.set()
            th.join()
        self.assertTrue(arrived, "nothing was filed during the walk")
        for seen in walks:
            self.assertEqual(len(seen), len(set(seen)), "a case repeated")
            self.assertEqual([n for n in seen if n in before],
                             list(reversed(before)))
            self.assertEqual(set(seen) - set(before) - set(arrived), set())
        # Afterwards a new walk sees all of them exactly once.
        seen = self.walk(t.intake, 7, q=tag)
        self.assertEqual(sorted(seen), sorted(before + arrived))

    def test_cursor_past_the_end_is_empty(self):
        t = team()
        tag = "PE" + token(4)
        for i in range(3):
            case_in("submitted", complaint_payload(title="分页 %s" % tag))
        r = t.intake.queue(q=tag, limit=3)
        self.assertEqual(len(r.json["items"]), 3)
        r = t.intake.queue(q=tag, limit=3, cursor=r.json["next_cursor"])
        b = self.assertStatus(r, 200)
        self.assertEqual(b["items"], [])
        self.assertIsNone(b["next_cursor"])


class CsvTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = team()
        cls.tag = "CV" + token(4)
        cls.formula = case_in("assigned", complaint_payload(
            title="=HYPERLINK(\"http://x\") %s" % cls.tag))["no"]
        cls.quote = case_in("submitted", complaint_payload(
            title="引号\"与,逗号 %s" % cls.tag))["no"]

    def rows(self, r):
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbf"), r.body[:10])
        return list(csv.reader(io.StringIO(r.body[3:].decode("utf-8"),
                                           newline="")))

    def test_csv_answer(self):
        r = self.t.supervisor.queue(q=self.tag, format="csv")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertIn("attachment", r.header("Content-Disposition", ""))
        self.assertIn(b"\r\n", r.body)
        rows = self.rows(r)
        self.assertEqual(rows[0][:4], ["no", "kind", "status", "ip_type"])
        self.assertEqual(rows[0][-3:], ["complainant",
                                        "complainant_id_number",
                                        "complainant_phone"])
        self.assertEqual(sorted(x[0] for x in rows[1:]),
                         sorted([self.formula, self.quote]))
        for row in rows[1:]:
            self.assertEqual(len(row), len(rows[0]))

    def test_cells_are_quoted_and_formulas_defused(self):
        rows = self.rows(self.t.supervisor.queue(q=self.tag, format="csv"))
        head = rows[0]
        by_no = {x[0]: dict(zip(head, x)) for x in rows[1:]}
        self.assertEqual(by_no[self.quote]["title"],
                         "引号\"与,逗号 %s" % self.tag)
        self.assertTrue(by_no[self.formula]["title"].startswith("'="),
                        by_no[self.formula]["title"])

    def test_csv_takes_the_filters_and_ignores_limit(self):
        t = self.t
        rows = self.rows(t.supervisor.queue(q=self.tag, status="assigned",
                                            format="csv"))
        self.assertEqual([x[0] for x in rows[1:]], [self.formula])
        rows = self.rows(t.supervisor.queue(q=self.tag, limit=1,
                                            format="csv"))
        self.assertEqual(len(rows), 3)

    def test_export_over_many_pages_holds_every_case_once(self):
        """The export reads the queue 200 at a time up to 10,000 rows:
        every case once, none skipped between its pages."""
        t = self.t
        have = int(sql("SELECT COUNT(*) FROM complaint")[0][0])
        for i in range(max(0, 401 - have)):
            r = post_json("/api/v1/complaints", complaint_payload(
                title="导出 %s %d" % (self.tag, i)))
            self.assertEqual(r.status, 201, r)
            ACCESS_CODES.add(r.json["access_code"])
        want = {x[0] for x in sql("SELECT no FROM complaint")}
        self.assertGreater(len(want), 400)
        r = t.supervisor.queue(format="csv")
        self.assertEqual(r.status, 200, r)
        got = [x[0] for x in self.rows(r)[1:]]
        self.assertEqual(len(got), len(set(got)), "a case repeated")
        if len(want) <= 10000:
            self.assertEqual(set(got), want)
        else:
            self.assertEqual(len(got), 10000)
            self.assertLessEqual(set(got), want)
        # Newest first, as the queue.
        self.assertEqual(got[:3], [x[0] for x in sql(
            "SELECT no FROM complaint ORDER BY id DESC LIMIT 3")])

    def test_csv_for_roles_without_the_queue(self):
        t = self.t
        for who in (t.mediator, t.aid, t.admin):
            r = who.queue(format="csv")
            self.assertProblem(r, 403, "forbidden")
        from ipdesk import get
        self.assertProblem(get("/api/v1/complaints?format=csv"), 401)


class EventsTest(StaffTest):
    """Each event carries its place in the chain: seq, time, actor,
    action, states, detail, request id and hash; the hash is SHA-256 over
    the previous one and the event's fields (each as "<len>:<bytes>",
    absent as "-1:"), which the tests recompute."""

    @staticmethod
    def field(v):
        if v is None:
            return b"-1:"
        b = v.encode("utf-8")
        return str(len(b)).encode() + b":" + b

    def recompute(self, case_id, e, prev, detail):
        at = datetime.fromisoformat(e["at"]).astimezone(CST)
        at_s = at.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (
            at.microsecond // 1000)
        h = hashlib.sha256(prev)
        for v in ("complaint", str(case_id), str(e["seq"]), at_s, e["actor"],
                  e["action"], e["from"], e["to"],
                  "1" if e["public"] else "0", detail, e["request_id"]):
            h.update(self.field(v))
        return h.digest()

    def test_events_form_a_hash_chain(self):
        t = team()
        b = case_in("resolved")
        t.supervisor.act_ok(b["no"], "reopen", reason="复核")
        r = t.supervisor.events(b["no"])
        body = self.assertStatus(r, 200)
        self.assertEqual(body["no"], b["no"])
        ev = body["events"]
        self.assertEqual([e["seq"] for e in ev], list(range(1, len(ev) + 1)))
        case_id = sql("SELECT id FROM complaint WHERE no = %s" %
                      q(b["no"]))[0][0]
        db = {int(s): (d, h) for s, d, h in sql(
            "SELECT seq, detail, HEX(hash) FROM case_event WHERE "
            "case_type = 'complaint' AND case_id = %s" % case_id)}
        prev = bytes(32)
        for e in ev:
            with self.subTest(seq=e["seq"]):
                self.assertRegex(e["hash"], r"^[0-9a-f]{64}$")
                self.assertRegex(e["request_id"], r"^[0-9a-f]{32}$")
                self.assertRegex(e["at"], r"\+08:00$")
                detail, h = db[e["seq"]]
                self.assertEqual(e["hash"], h.lower())
                self.assertEqual(e["detail"], None if detail is None else
                                 json.loads(detail))
                self.assertEqual(
                    self.recompute(case_id, e, prev, detail).hex(), e["hash"])
                prev = bytes.fromhex(e["hash"])
        self.assertEqual([e["action"] for e in ev
                          if e["action"] != "personal_data_viewed"],
                         ["submitted", "accept", "assign", "resolve",
                          "reopen"])

    def test_request_id_is_the_answers(self):
        t = team()
        b = case_in("submitted")
        r = t.intake.act(b["no"], "accept")
        rid = r.header("X-Request-Id")
        ev = t.intake.events(b["no"]).json["events"]
        accept = [e for e in ev if e["action"] == "accept"][0]
        self.assertEqual(accept["request_id"], rid)

    def test_events_time_is_the_request_clock(self):
        t = team()
        when = datetime(2026, 10, 9, 14, 30, 15, 250000, tzinfo=CST)
        b = self.file_on(when, complaint_payload())
        ev = t.intake.events(b["no"]).json["events"]
        self.assertEqual(ev[0]["at"], "2026-10-09T14:30:15.250+08:00")

    def test_events_of_unknown_case_is_404(self):
        t = team()
        r = t.intake.events("TS1999010100000003")
        self.assertProblem(r, 404, "not-found")
