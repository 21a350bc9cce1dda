"""
Personal data per role (SPEC sections 1 and 5, PIPL): intake sees a
complainant's ID number and phone (it checks the identity) but a named
reporter's identity only masked; the handlers of the case's department
see it all; supervisors and credit officers see it masked, as the public
does; the queue and its CSV export mask the same way.  Every showing of
unmasked personal data to staff is an audit event (personal_data_viewed).
"""
import csv
import io

from ipdesk import (StaffTest, case_in, complaint_payload, make_mobile,
                    make_name, make_resident_id, person, remember_pii,
                    report_payload, team, token)


def masked_id(s):
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def masked_phone(s):
    return s[:3] + "****" + s[-4:]


def masked_name(s):
    return s[0] + "*" * (len(s) - 1)


def named_reporter():
    p = {"name": make_name(), "phone": make_mobile(),
         "id_type": "resident_id", "id_number": make_resident_id(),
         "email": "r%s@example.org" % token(4)}
    remember_pii(*p.values())
    return p


def csv_rows(r):
    text = r.body.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return list(csv.DictReader(io.StringIO(text)))


class MaskingTest(StaffTest):

    @classmethod
    def setUpClass(cls):
        cls.t = team()
        cls.tag = "MK" + token(4)
        cls.cp = complaint_payload(
            title="脱敏 %s 投诉" % cls.tag,
            complainant=person(id_number=make_resident_id()))
        cls.rp = report_payload(anonymous=False,
                                title="脱敏 %s 举报" % cls.tag,
                                complainant=named_reporter())
        cls.c = case_in("assigned", cls.cp)
        cls.r = case_in("assigned", cls.rp)

    def full(self, party):
        return [party["name"], party["id_number"], party["phone"],
                party["email"]]

    def assertFull(self, v, party):
        c = v["complainant"]
        self.assertEqual(v["personal_data"], "full")
        self.assertEqual((c["name"], c["id_number"], c["phone"], c["email"]),
                         (party["name"], party["id_number"], party["phone"],
                          party["email"]))

    def assertMasked(self, r, party):
        v = r.json
        c = v["complainant"]
        if "personal_data" in v:
            self.assertEqual(v["personal_data"], "masked")
        self.assertEqual(c["id_number"], masked_id(party["id_number"]))
        self.assertEqual(c["phone"], masked_phone(party["phone"]))
        self.assertEqual(c["name"], masked_name(party["name"]))
        self.assertTrue(c["email"].startswith(party["email"][0] + "***@"))
        self.assertNoneIn(r.text, self.full(party) +
                          [party.get("address")], "masked view")

    def test_intake_sees_the_complainant_in_full(self):
        r = self.t.intake.view(self.c["no"])
        self.assertFull(self.assertStatus(r, 200), self.cp["complainant"])
        self.assertEqual(r.json["complainant"]["address"],
                         self.cp["complainant"]["address"])

    def test_intake_sees_a_named_reporter_masked(self):
        r = self.t.intake.view(self.r["no"])
        self.assertEqual(r.status, 200, r)
        self.assertMasked(r, self.rp["complainant"])

    def test_handler_of_the_department_sees_both_in_full(self):
        for who in (self.t.hc, self.t.hc2):
            with self.subTest(who=who.name):
                self.assertFull(self.assertStatus(who.view(self.c["no"]), 200),
                                self.cp["complainant"])
                self.assertFull(self.assertStatus(who.view(self.r["no"]), 200),
                                self.rp["complainant"])

    def test_supervisor_and_credit_officer_see_masked_data(self):
        for who in (self.t.supervisor, self.t.credit):
            for no, party in ((self.c["no"], self.cp["complainant"]),
                              (self.r["no"], self.rp["complainant"])):
                with self.subTest(who=who.roles, no=no):
                    r = who.view(no)
                    self.assertEqual(r.status, 200, r)
                    self.assertMasked(r, party)

    def test_the_public_sees_masked_data(self):
        for b, party in ((self.c, self.cp["complainant"]),
                         (self.r, self.rp["complainant"])):
            with self.subTest(no=b["no"]):
                r = self.view(b["no"], b["access_code"])
                self.assertEqual(r.status, 200, r)
                self.assertMasked(r, party)
                self.assertNotIn("duplicates", r.json)
                self.assertNotIn("assignee", r.json)

    def test_queue_masks_for_every_role(self):
        """Queue rows never carry full personal data, whatever the role:
        those who may see it open the case (and the showing is on
        record)."""
        t = self.t
        cases = {self.c["no"]: self.cp["complainant"],
                 self.r["no"]: self.rp["complainant"]}
        want = {  # who: (complaint full?, report full?)
            t.intake: (False, False),
            t.hc: (False, False),
            t.supervisor: (False, False),
            t.credit: (False, False),
        }
        for who, (cfull, rfull) in want.items():
            r = who.queue(q=self.tag)
            items = {i["no"]: i for i in self.assertStatus(r, 200)["items"]}
            self.assertEqual(set(items), set(cases), who)
            for no, full in ((self.c["no"], cfull), (self.r["no"], rfull)):
                with self.subTest(who=who.roles, no=no):
                    party, c = cases[no], items[no]["complainant"]
                    if full:
                        self.assertEqual((c["id_number"], c["phone"]),
                                         (party["id_number"], party["phone"]))
                    else:
                        self.assertEqual((c["id_number"], c["phone"],
                                          c["name"]),
                                         (masked_id(party["id_number"]),
                                          masked_phone(party["phone"]),
                                          masked_name(party["name"])))
                        self.assertNoneIn(r.text, self.full(party),
                                          "queue of %s" % who.roles)

    def test_csv_export_masks_per_role(self):
        t = self.t
        cases = {self.c["no"]: self.cp["complainant"],
                 self.r["no"]: self.rp["complainant"]}
        want = {
            t.intake: (True, False),
            t.hc: (True, True),
            t.supervisor: (False, False),
            t.credit: (False, False),
        }
        for who, (cfull, rfull) in want.items():
            r = who.queue(q=self.tag, format="csv")
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.ctype, "text/csv")
            rows = {row["no"]: row for row in csv_rows(r)}
            self.assertEqual(set(rows), set(cases), who)
            for no, full in ((self.c["no"], cfull), (self.r["no"], rfull)):
                with self.subTest(who=who.roles, no=no):
                    party, row = cases[no], rows[no]
                    if full:
                        self.assertEqual(
                            (row["complainant"], row["complainant_id_number"],
                             row["complainant_phone"]),
                            (party["name"], party["id_number"],
                             party["phone"]))
                    else:
                        self.assertEqual(
                            (row["complainant"], row["complainant_id_number"],
                             row["complainant_phone"]),
                            (masked_name(party["name"]),
                             masked_id(party["id_number"]),
                             masked_phone(party["phone"])))
                        self.assertNoneIn(r.text, self.full(party),
                                          "CSV of %s" % who.roles)

    def test_anonymous_report_has_no_complainant_anywhere(self):
        t = self.t
        tag = "MA" + token(4)
        b = case_in("assigned", report_payload(title="脱敏 %s 匿名" % tag))
        for who in (t.intake, t.hc, t.supervisor):
            v = self.assertStatus(who.view(b["no"]), 200)
            self.assertIsNone(v["complainant"])
            self.assertTrue(v["anonymous"])
        rows = {row["no"]: row for row in csv_rows(
            t.hc.queue(q=tag, format="csv"))}
        self.assertEqual((rows[b["no"]]["complainant"],
                          rows[b["no"]]["complainant_id_number"],
                          rows[b["no"]]["complainant_phone"]), ("", "", ""))


class PersonalDataViewedTest(StaffTest):
    """Each showing of unmasked personal data is an event on the case's
    chain (not on the public timeline); masked showings are not."""

    @classmethod
    def setUpClass(cls):
        cls.t = team()

    def viewed(self, no):
        """(actor) of every personal_data_viewed event of the case."""
        return [e[1] for e in self.case_events(no)
                if e[2] == "personal_data_viewed"]

    def test_unmasked_view_is_recorded_masked_is_not(self):
        t = self.t
        b = case_in("assigned", complaint_payload(
            complainant=person(id_number=make_resident_id())))
        no = b["no"]
        before = self.viewed(no)
        self.assertEqual(t.supervisor.view(no).status, 200)
        self.assertEqual(t.credit.view(no).status, 200)
        self.view_ok(no, b["access_code"])
        self.assertEqual(self.viewed(no), before)
        self.assertEqual(t.intake.view(no).json["personal_data"], "full")
        self.assertEqual(t.hc.view(no).json["personal_data"], "full")
        self.assertEqual(self.viewed(no), before + [
            "staff:" + t.intake.name, "staff:" + t.hc.name])
        ev = t.supervisor.events(no).json["events"]
        pdv = [e for e in ev if e["action"] == "personal_data_viewed"]
        self.assertTrue(pdv)
        self.assertTrue(all(e["public"] is False and e["from"] is None and
                            e["to"] is None for e in pdv), pdv)
        pub = self.view_ok(no, b["access_code"])
        self.assertNotIn("personal_data_viewed",
                         [e["action"] for e in pub["timeline"]])

    def test_masked_report_view_by_intake_is_not_recorded(self):
        t = self.t
        b = case_in("assigned", report_payload(anonymous=False))
        before = self.viewed(b["no"])
        self.assertEqual(t.intake.view(b["no"]).json["personal_data"],
                         "masked")
        self.assertEqual(self.viewed(b["no"]), before)
        self.assertEqual(t.hc.view(b["no"]).json["personal_data"], "full")
        self.assertEqual(self.viewed(b["no"]), before + ["staff:" + t.hc.name])

    def test_anonymous_case_view_is_not_recorded(self):
        t = self.t
        b = case_in("assigned", report_payload())
        t.hc.view(b["no"])
        self.assertEqual(self.viewed(b["no"]), [])

    def test_queue_shows_masked_data_and_records_nothing(self):
        """Queue rows are masked for every role, so listing a case is not
        a showing of its personal data; opening it is."""
        t = self.t
        tag = "PV" + token(4)
        b = case_in("assigned", complaint_payload(title="查看记录 %s" % tag))
        before = self.viewed(b["no"])
        r = t.hc.queue(q=tag)
        item = r.json["items"][0]
        self.assertNotEqual(item["complainant"]["id_number"],
                            complaint_row_id(b["no"]))
        self.assertIn("*", item["complainant"]["id_number"])
        self.assertEqual(self.viewed(b["no"]), before)

    def test_csv_export_of_full_data_is_recorded(self):
        t = self.t
        tag = "PV" + token(4)
        b = case_in("assigned", complaint_payload(title="查看记录 %s" % tag))
        before = self.viewed(b["no"])
        r = t.intake.queue(q=tag, format="csv")
        self.assertEqual(csv_rows(r)[0]["complainant_id_number"],
                         complaint_row_id(b["no"]))
        self.assertEqual(self.viewed(b["no"]),
                         before + ["staff:" + t.intake.name])

    def test_action_answer_with_full_data_is_recorded(self):
        """The 200 of an action is the staff view of the case; for a
        handler of the department it holds the full identity."""
        t = self.t
        b = case_in("assigned")
        before = self.viewed(b["no"])
        v = t.hc.act_ok(b["no"], "suspend", suspend_reason="testing")
        self.assertEqual(v["personal_data"], "full")
        self.assertEqual(self.viewed(b["no"]), before + ["staff:" + t.hc.name])


def complaint_row_id(no):
    from ipdesk import complaint_row
    return complaint_row(no, "c_id_number")[0]
