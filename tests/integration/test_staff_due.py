"""
Due dates of the staff side on the working-day calendar (SPEC: "WD" are
counted on the per-date calendar, holidays and make-up working days
alike), walked with the test clock (X-Debug-Now): the handling limit set
at acceptance, suspension stopping the clock and resuming moving the
running due date by exactly the working days it stood (across National
Day 2026 and its make-up Saturday 2026-10-10), and the queue's warning
and overdue lists as the days pass.
"""
from datetime import date, datetime, timedelta

from ipdesk import (CST, Calendar, StaffTest, complaint_payload, debug_now,
                    report_payload, team, token)


def at(day, hour=10, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CST)


def weekday_shift(start, n):
    d = start
    while n > 0:
        d += timedelta(days=1)
        n -= d.weekday() < 5
    return d


class SuspensionTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = team()
        cls.cal = Calendar()

    def setUp(self):
        cal = self.cal
        if not (cal.days.get(date(2026, 10, 10)) == "makeup" and
                cal.days.get(date(2026, 10, 1)) == "holiday"):
            self.skipTest("the 2026 National Day schedule is not loaded")

    def file_and_assign(self, day, payload=None):
        """Filed, accepted and assigned on day (10:00, 10:30, 10:45)."""
        t = self.t
        b = self.file_on(at(day), payload or complaint_payload())
        self.assertEqual(b["received_at"][:10], day.isoformat())
        v = t.intake.act_ok(b["no"], "accept", now=at(day, 10, 30))
        t.intake.act_ok(b["no"], "assign", now=at(day, 10, 45),
                        department="huicheng", handler=t.hc.name)
        return b, v

    def test_handling_limit_starts_at_acceptance(self):
        day = date(2026, 9, 30)
        b, v = self.file_and_assign(day)
        want, prov = self.cal.due("complaint_mediation", day)
        self.assertEqual(v["due"]["resolve"]["date"], want.isoformat())
        self.assertEqual(v["due"]["resolve"]["provisional"], prov)
        self.assertEqual(v["next_due"], want.isoformat())
        acc, _ = self.cal.due("complaint_accept", day)
        self.assertEqual(b["due"]["accept"]["date"], acc.isoformat())

    def test_suspension_across_national_day_moves_the_due_date(self):
        """Suspended on 30 September, resumed on 12 October: the clock
        stood for the working days in between (8, 9, 10 (make-up
        Saturday) and 12 October) and the due date moves by exactly
        those."""
        t, cal = self.t, self.cal
        s_day, r_day = date(2026, 9, 30), date(2026, 10, 12)
        b, v = self.file_and_assign(s_day)
        due0 = date.fromisoformat(v["due"]["resolve"]["date"])

        v = t.hc.act_ok(b["no"], "suspend", now=at(s_day, 15),
                        suspend_reason="testing")
        self.assertEqual(v["due"]["resolve"]["state"], "suspended")
        self.assertEqual(v["due"]["resolve"]["date"], due0.isoformat())
        self.assertIsNone(v["next_due"])
        # While it stands, the due date does not move whatever the day.
        v = t.hc.view(b["no"], now=at(date(2026, 10, 9))).json
        self.assertEqual(v["due"]["resolve"]["date"], due0.isoformat())
        self.assertEqual(v["due"]["resolve"]["state"], "suspended")

        v = t.hc.act_ok(b["no"], "resume", now=at(r_day, 9))
        stood = cal.workdays_between(s_day, r_day)
        self.assertEqual(stood, 4)
        self.assertNotEqual(stood, sum(
            1 for i in range(1, (r_day - s_day).days + 1)
            if (s_day + timedelta(days=i)).weekday() < 5))
        want, _ = cal.add_workdays(due0, stood)
        self.assertEqual(v["due"]["resolve"]["date"], want.isoformat())
        self.assertEqual(v["next_due"], want.isoformat())
        self.assertEqual(v["due"]["resolve"]["state"], "on_time")
        self.assertEqual(v["due"]["resolve"]["working_days_left"],
                         cal.workdays_between(r_day, want))
        # The resume event records the new due date.
        ev = t.hc.events(b["no"]).json["events"]
        resume = [e for e in ev if e["action"] == "resume"][0]
        self.assertEqual(resume["detail"]["resolve_due"], want.isoformat())
        self.assertTrue(resume["at"].startswith("2026-10-12T09:00:00"))

    def test_make_up_saturday_counts_as_a_suspended_working_day(self):
        """Suspended Friday 9 October, resumed Monday 12 October: two
        working days stood (the make-up Saturday and Monday), where a
        weekday rule would count one."""
        t, cal = self.t, self.cal
        s_day, r_day = date(2026, 10, 9), date(2026, 10, 12)
        b, v = self.file_and_assign(s_day)
        due0 = date.fromisoformat(v["due"]["resolve"]["date"])
        t.hc.act_ok(b["no"], "suspend", now=at(s_day, 16),
                    suspend_reason="waiting_party")
        v = t.hc.act_ok(b["no"], "resume", now=at(r_day, 10))
        self.assertEqual(cal.workdays_between(s_day, r_day), 2)
        want, _ = cal.add_workdays(due0, 2)
        self.assertEqual(v["due"]["resolve"]["date"], want.isoformat())
        self.assertNotEqual(want, weekday_shift(due0, 1))

    def test_suspension_within_the_holidays_moves_nothing(self):
        """Suspended on 1 October, resumed on 7 October: no working day
        in between, no shift."""
        t = self.t
        b, v = self.file_and_assign(date(2026, 9, 29))
        due0 = v["due"]["resolve"]["date"]
        t.hc.act_ok(b["no"], "suspend", now=at(date(2026, 10, 1)),
                    suspend_reason="appraisal")
        v = t.hc.act_ok(b["no"], "resume", now=at(date(2026, 10, 7)))
        self.assertEqual(v["due"]["resolve"]["date"], due0)

    def test_report_handling_limit_is_in_days_and_moves_by_days(self):
        """A report that opened a case is decided within 90 (calendar)
        days; a suspension moves that date by the days it stood."""
        t, cal = self.t, self.cal
        s_day, r_day = date(2026, 9, 30), date(2026, 10, 12)
        b, v = self.file_and_assign(s_day, report_payload())
        want, _ = cal.due("report_resolve", s_day)
        self.assertEqual(cal.limits["report_resolve"][1], "day")
        self.assertEqual(v["due"]["resolve"]["date"], want.isoformat())
        t.hc.act_ok(b["no"], "suspend", now=at(s_day, 15),
                    suspend_reason="appraisal")
        v = t.hc.act_ok(b["no"], "resume", now=at(r_day, 9))
        self.assertEqual(v["due"]["resolve"]["date"],
                         (want + (r_day - s_day)).isoformat())

    def test_two_suspensions_add_up(self):
        t, cal = self.t, self.cal
        b, v = self.file_and_assign(date(2026, 9, 28))
        due = date.fromisoformat(v["due"]["resolve"]["date"])
        for s_day, r_day in ((date(2026, 9, 28), date(2026, 9, 30)),
                             (date(2026, 10, 9), date(2026, 10, 13))):
            t.hc.act_ok(b["no"], "suspend", now=at(s_day, 17),
                        suspend_reason="testing")
            v = t.hc.act_ok(b["no"], "resume", now=at(r_day, 9))
            due, _ = cal.add_workdays(due, cal.workdays_between(s_day, r_day))
            self.assertEqual(v["due"]["resolve"]["date"], due.isoformat())

    def test_suspended_case_is_never_overdue(self):
        """The clock stands: past the due date it was given, a suspended
        case is in neither list; resumed, it is again (later)."""
        t = self.t
        tag = "SU" + token(4)
        day = date(2026, 9, 30)
        b, v = self.file_and_assign(day, complaint_payload(
            title="中止 %s" % tag))
        due0 = date.fromisoformat(v["due"]["resolve"]["date"])
        t.hc.act_ok(b["no"], "suspend", now=at(day, 16),
                    suspend_reason="testing")
        control, _ = self.file_and_assign(day, complaint_payload(
            title="中止 %s 对照" % tag))
        later = at(due0 + timedelta(days=3))
        r = t.supervisor.queue(now=later, q=tag, due_state="overdue")
        self.assertEqual([i["no"] for i in self.assertStatus(r, 200)[
            "items"]], [control["no"]])
        r = t.supervisor.queue(now=later, q=tag, due_state="warning")
        self.assertEqual(self.assertStatus(r, 200)["items"], [])
        v = t.supervisor.view(b["no"], now=later).json
        self.assertEqual(v["due"]["resolve"]["state"], "suspended")


class DueStateQueueTest(StaffTest):
    """GET /api/v1/complaints?due_state=warning|overdue|on_time on chosen
    days: "warning" within warning_before (2) working days of the next due
    date, "overdue" after it."""

    @classmethod
    def setUpClass(cls):
        cls.t = team()
        cls.cal = Calendar()
        cls.tag = "DS" + token(4)
        cls.filed = date(2026, 9, 30)
        b = post_complaint(cls.filed, cls.tag)
        cls.no = b["no"]
        cls.due = date.fromisoformat(b["due"]["accept"]["date"])

    def listed(self, day, state):
        r = self.t.supervisor.queue(now=at(day, 12), q=self.tag,
                                    due_state=state)
        items = self.assertStatus(r, 200)["items"]
        return {i["no"]: i for i in items}

    def expected(self, day):
        if day > self.due:
            return "overdue"
        left = self.cal.workdays_between(day, self.due)
        return "warning" if left <= self.cal.limits["warning_before"][0] \
            else "on_time"

    def test_due_date_is_seven_working_days_across_the_holidays(self):
        want, _ = self.cal.due("complaint_accept", self.filed)
        self.assertEqual(self.due, want)

    def test_lists_follow_the_calendar_day_by_day(self):
        seen = set()
        day = self.filed
        while day <= self.due + timedelta(days=3):
            want = self.expected(day)
            seen.add(want)
            for state in ("on_time", "warning", "overdue"):
                with self.subTest(day=day.isoformat(), state=state):
                    items = self.listed(day, state)
                    self.assertEqual(self.no in items, state == want,
                                     (day, want, list(items)))
                    if self.no in items:
                        self.assertEqual(
                            items[self.no]["due"]["accept"]["state"], want)
            day += timedelta(days=1)
        self.assertEqual(seen, {"on_time", "warning", "overdue"})

    def test_warning_starts_two_working_days_before(self):
        """Two working days before the due date is the first warning
        day; the make-up Saturday of 10 October is one of the days
        counted."""
        first = None
        day = self.filed
        while day <= self.due:
            if self.expected(day) == "warning":
                first = day
                break
            day += timedelta(days=1)
        self.assertIsNotNone(first)
        self.assertIn(self.no, self.listed(first, "warning"))
        before = first - timedelta(days=1)
        self.assertNotIn(self.no, self.listed(before, "warning"))
        self.assertIn(self.no, self.listed(before, "on_time"))

    def test_view_says_the_same(self):
        day = self.due + timedelta(days=1)
        v = self.t.supervisor.view(self.no, now=at(day)).json
        self.assertEqual(v["due"]["accept"]["state"], "overdue")
        self.assertEqual(v["due"]["accept"]["working_days_left"],
                         -self.cal.workdays_between(self.due, day))

    def test_accepting_late_is_late(self):
        t = self.t
        b = post_complaint(self.filed, "DL" + token(4))
        due = date.fromisoformat(b["due"]["accept"]["date"])
        late = due + timedelta(days=1)
        while not self.cal.is_workday(late):
            late += timedelta(days=1)
        t.intake.act_ok(b["no"], "accept", now=at(late))
        v = t.intake.view(b["no"], now=at(late, 11)).json
        self.assertEqual(v["due"]["accept"]["state"], "late")

    def test_a_reports_accept_due_counts_fifteen_working_days(self):
        t = self.t
        r = self.file_on(at(self.filed), report_payload())
        want, _ = self.cal.due("report_decide", self.filed)
        self.assertEqual(r["due"]["accept"]["date"], want.isoformat())
        v = t.intake.act_ok(r["no"], "extend", now=at(date(2026, 10, 9)),
                            reason="案情复杂")
        want2, _ = self.cal.due("report_extension", want)
        self.assertEqual(v["due"]["accept"]["date"], want2.isoformat())


def post_complaint(day, tag):
    from ipdesk import post_json, ACCESS_CODES
    r = post_json("/api/v1/complaints",
                  complaint_payload(title="期限 %s" % tag),
                  headers=debug_now(at(day, 9)))
    assert r.status == 201, r
    ACCESS_CODES.add(r.json["access_code"])
    return r.json
