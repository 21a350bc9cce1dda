"""
Triage of overseas aid requests (SPEC section 3, issue 5): the priority
comes from the foreign deadline's nearness (urgent under aid_urgent_days,
high under aid_high_days) and the enterprise's size (micro and small ones
a band higher, never to urgent); the office's queue GET
/api/v1/overseas-aid is sorted by today's priority, small enterprises
first within a band, then the nearest deadline; urgent requests are
flagged on intake; a request whose deadline passes while open is marked
(deadline_passed) and can be listed.  The clock is moved per request
with X-Debug-Now.
"""
from datetime import timedelta

from ipdesk import (StaffTest, aid_enterprise_name, aid_events, aid_payload,
                    aid_team, aid_view, aid_withdraw, file_aid_ok, get,
                    sql_value, team, today_cst, token)


def setting(code):
    return int(sql_value("SELECT value FROM setting WHERE code = '%s'" %
                         code))


def file_for(tag, size, days):
    """Files a request of an enterprise whose name carries tag."""
    p = aid_payload(size=size, deadline_days=days,
                    name=aid_enterprise_name(tag))
    b = file_aid_ok(p)
    b["payload"] = p
    return b


class PriorityTest(StaffTest):

    def test_priority_on_intake(self):
        cases = (("medium", 0, "urgent"), ("medium", 3, "urgent"),
                 ("large", 5, "urgent"), ("medium", 10, "high"),
                 ("large", 25, "high"), ("medium", 45, "normal"),
                 ("large", None, "normal"), ("medium", None, "normal"),
                 ("small", None, "high"), ("micro", None, "high"),
                 ("small", 90, "high"), ("micro", 2, "urgent"),
                 ("small", 12, "high"))
        for size, days, want in cases:
            with self.subTest(size=size, days=days):
                b = file_aid_ok(aid_payload(size=size, deadline_days=days))
                self.assertEqual(b["priority"], want)
                self.assertEqual(aid_team().office.aid(b["no"]).json[
                    "priority"], want)

    def test_bands_are_under_the_configured_days(self):
        """"Under 7 days = urgent" (issue 5; setting aid_urgent_days:
        距境外期限不足此天数为紧急): a deadline exactly aid_urgent_days
        away is not urgent, one a day nearer is; likewise aid_high_days
        for high."""
        u, h = setting("aid_urgent_days"), setting("aid_high_days")
        for days, want in ((u - 1, "urgent"), (u, "high"),
                           (h - 1, "high"), (h, "normal")):
            with self.subTest(days_to_deadline=days):
                b = file_aid_ok(aid_payload(size="medium",
                                            deadline_days=days))
                self.assertEqual(b["days_to_deadline"], days)
                self.assertEqual(b["priority"], want,
                                 "%d days to the deadline" % days)

    def test_queue_bands_are_under_the_configured_days(self):
        """The queue's order agrees: a large enterprise whose deadline is
        a day short of aid_urgent_days away (urgent) comes before a medium
        one exactly aid_urgent_days away (high), though medium sorts before
        large within a band."""
        u = setting("aid_urgent_days")
        tag = "边界" + token(4)
        high = file_for(tag, "medium", u)
        urgent = file_for(tag, "large", u - 1)
        items = aid_team().office.aqueue(q=tag).json["items"]
        self.assertEqual([(i["no"], i["priority"]) for i in items],
                         [(urgent["no"], "urgent"), (high["no"], "high")])

    def test_priority_follows_the_clock(self):
        a = aid_team()
        b = file_aid_ok(aid_payload(size="medium", deadline_days=40))
        self.assertEqual(b["priority"], "normal")
        for later, want, left in ((15, "high", 25), (35, "urgent", 5),
                                  (40, "urgent", 0)):
            with self.subTest(days_later=later):
                when = today_cst() + timedelta(days=later)
                v = aid_view(b["no"], b["access_code"], now=when).json
                self.assertEqual((v["priority"], v["days_to_deadline"]),
                                 (want, left))
                self.assertEqual(a.office.aid(b["no"], now=when)
                                 .json["priority"], want)

    def test_urgent_requests_are_flagged_on_intake(self):
        a = aid_team()
        urgent = file_aid_ok(aid_payload(size="large", deadline_days=2))
        self.assertEqual(urgent["priority"], "urgent")
        ev = [(e[2], e[5]) for e in aid_events(urgent["no"])]
        self.assertEqual(ev, [("submitted", "1"), ("flagged_urgent", "0")])
        staff = a.office.aid(urgent["no"]).json["timeline"]
        flag = [e for e in staff if e["action"] == "flagged_urgent"]
        self.assertEqual(len(flag), 1, staff)
        self.assertEqual(flag[0]["detail"], {"priority": "urgent"})
        public = aid_view(urgent["no"], urgent["access_code"]).json
        self.assertEqual([e["action"] for e in public["timeline"]],
                         ["submitted"], "the flag is for the office")
        for size, days in (("micro", None), ("medium", 60)):
            with self.subTest(size=size, days=days):
                b = file_aid_ok(aid_payload(size=size, deadline_days=days))
                self.assertNotIn("flagged_urgent",
                                 [e[2] for e in aid_events(b["no"])])


class QueueOrderTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.a = aid_team()
        cls.tag = "排序" + token(4)
        plan = (("u_small3", "small", 3), ("u_large2", "large", 2),
                ("u_micro5", "micro", 5), ("h_micro", "micro", None),
                ("h_medium25", "medium", 25), ("h_large20", "large", 20),
                ("h_small60", "small", 60), ("n_medium", "medium", None),
                ("n_medium90", "medium", 90), ("n_large60", "large", 60))
        cls.by_no = {}
        cls.no = {}
        for label, size, days in plan:
            b = file_for(cls.tag, size, days)
            cls.no[label] = b["no"]
            cls.by_no[b["no"]] = label

    def queue(self, who=None, now=None, **params):
        r = (who or self.a.office).aqueue(now=now, q=self.tag, **params)
        self.assertEqual(r.status, 200, r)
        return r.json["items"]

    def labels(self, items):
        return [self.by_no.get(i["no"], i["no"]) for i in items]

    def test_queue_is_sorted_by_priority_size_and_deadline(self):
        items = self.queue()
        self.assertEqual(self.labels(items), [
            "u_micro5", "u_small3", "u_large2",
            "h_micro", "h_small60", "h_medium25", "h_large20",
            "n_medium90", "n_medium", "n_large60"])
        for i in items:
            band = {"u": "urgent", "h": "high", "n": "normal"}
            self.assertEqual(i["priority"], band[self.by_no[i["no"]][0]], i)
            self.assertEqual(i["status"], "submitted")
            self.assertIn(self.tag, i["enterprise"])

    def test_queue_is_sorted_by_todays_priority(self):
        later = today_cst() + timedelta(days=20)
        items = self.queue(now=later)
        self.assertEqual(self.labels(items), [
            "u_micro5", "u_small3", "h_medium25", "u_large2", "h_large20",
            "h_micro", "h_small60",
            "n_medium90", "n_medium", "n_large60"])
        pr = {self.by_no[i["no"]]: i["priority"] for i in items}
        self.assertEqual(pr["h_large20"], "urgent")
        self.assertEqual(pr["h_medium25"], "urgent")
        self.assertEqual(pr["h_small60"], "high")

    def test_the_supervisor_sees_the_same_queue(self):
        self.assertEqual(self.labels(self.queue(self.a.supervisor)),
                         self.labels(self.queue()))

    def test_paging(self):
        whole = self.labels(self.queue())
        first = self.a.office.aqueue(q=self.tag, limit=4).json
        self.assertEqual(first["limit"], 4)
        self.assertEqual(first["next_offset"], 4)
        second = self.a.office.aqueue(q=self.tag, limit=4, offset=4).json
        third = self.a.office.aqueue(q=self.tag, limit=4, offset=8).json
        self.assertIsNone(third["next_offset"])
        self.assertEqual(self.labels(first["items"]) +
                         self.labels(second["items"]) +
                         self.labels(third["items"]), whole)


class QueueFilterTest(StaffTest):

    def test_filters(self):
        a = aid_team()
        tag = "筛选" + token(4)
        us = file_for(tag, "medium", 60)
        p = aid_payload(name=aid_enterprise_name(tag), countries=["JP", "KR"],
                        aid_type="customs")
        jp = file_aid_ok(p)
        a.office.aact_ok(jp["no"], "accept")

        def nos(**params):
            r = a.office.aqueue(q=tag, **params)
            self.assertEqual(r.status, 200, r)
            return {i["no"] for i in r.json["items"]}

        self.assertEqual(nos(), {us["no"], jp["no"]})
        self.assertEqual(nos(status="accepted"), {jp["no"]})
        self.assertEqual(nos(status="submitted"), {us["no"]})
        self.assertEqual(nos(country="KR"), {jp["no"]})
        self.assertEqual(nos(country="US"), {us["no"]})
        self.assertEqual(nos(aid_type="customs"), {jp["no"]})
        self.assertEqual(nos(aid_type="us_337"), {us["no"]})
        self.assertEqual(nos(major=1), set())
        self.assertEqual(nos(major=0), {us["no"], jp["no"]})
        self.assertEqual(nos(deadline_passed=1), set())
        # q finds the description and the opposing party too.
        self.assertEqual({i["no"] for i in a.office.aqueue(
            q=us["payload"]["opposing_party"]).json["items"]}, {us["no"]})

    def test_bad_filters_are_422_naming_the_parameter(self):
        o = aid_team().office
        for params, field, code in (
                ({"status": "open"}, "status", "invalid_value"),
                ({"country": "XX"}, "country", "invalid_value"),
                ({"aid_type": "lawsuit"}, "aid_type", "invalid_value"),
                ({"major": "2"}, "major", "out_of_range"),
                ({"limit": "0"}, "limit", "out_of_range"),
                ({"colour": "red"}, "colour", "unknown_field")):
            with self.subTest(params=params):
                self.assertInvalid(o.aqueue(**params), (field, code))

    def test_queue_is_for_aid_staff(self):
        t = team()
        self.assertProblem(get("/api/v1/overseas-aid"), 401)
        self.assertProblem(t.hc.aqueue(), 403)
        self.assertProblem(t.credit.aqueue(), 403)
        # An aid expert with no roster entry has no requests.
        r = t.aid.aqueue()
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["items"], [])


class DeadlinePassedTest(StaffTest):

    def test_request_is_marked_when_its_deadline_passes_while_open(self):
        a = aid_team()
        tag = "逾期" + token(4)
        open_ = file_for(tag, "medium", 3)
        done = a.walker.case_in("concluded", payload=aid_payload(
            name=aid_enterprise_name(tag), deadline_days=3))
        gone = file_for(tag, "medium", 3)
        queue = a.office.aqueue
        self.assertEqual(aid_withdraw(gone["no"], gone["access_code"])
                         .status, 200)
        on_the_day = today_cst() + timedelta(days=3)
        after = today_cst() + timedelta(days=4)

        v = aid_view(open_["no"], open_["access_code"], now=on_the_day).json
        self.assertIs(v["deadline_passed"], False)
        self.assertEqual(v["days_to_deadline"], 0)
        v = aid_view(open_["no"], open_["access_code"], now=after).json
        self.assertIs(v["deadline_passed"], True, "the public sees it")
        self.assertEqual(v["days_to_deadline"], -1)
        s = a.office.aid(open_["no"], now=after).json
        self.assertIs(s["deadline_passed"], True)
        self.assertEqual(s["status"], "submitted")

        for b in (done, gone):
            v = aid_view(b["no"], b["access_code"], now=after).json
            self.assertIs(v["deadline_passed"], False,
                          "only open requests are marked")
            self.assertNotIn("days_to_deadline", v)

        def marked(now):
            rr = queue(now=now, q=tag, deadline_passed=1)
            self.assertEqual(rr.status, 200, rr)
            return [(i["no"], i["deadline_passed"]) for i in
                    rr.json["items"]]

        self.assertEqual(marked(None), [])
        self.assertEqual(marked(on_the_day), [])
        self.assertEqual(marked(after), [(open_["no"], True)])
        everything = {i["no"]: i["deadline_passed"] for i in
                      queue(now=after, q=tag).json["items"]}
        self.assertEqual(everything, {open_["no"]: True, done["no"]: False,
                                      gone["no"]: False})
        self.assertEqual({i["no"] for i in queue(
            now=after, q=tag, deadline_passed=0).json["items"]},
            set(everything), "deadline_passed=0: no filter")

    def test_a_request_in_the_experts_hands_is_marked_too(self):
        a = aid_team()
        b = a.walker.case_in("in_progress", payload=aid_payload(
            deadline_days=1))
        after = today_cst() + timedelta(days=2)
        self.assertIs(a.expert.aid(b["no"], now=after).json[
            "deadline_passed"], True)
        items = a.expert.aqueue(now=after, deadline_passed=1).json["items"]
        self.assertIn(b["no"], [i["no"] for i in items])
