"""
Overseas rights-protection aid, the public's side (SPEC sections 3 and 6):
the request (POST /api/v1/overseas-aid) with its validation, each failure
naming its field by JSON path in the problem's `errors`; Idempotency-Key;
the public view with the access code (contact data masked, wrong codes
404) and the staff views; withdrawal, which needs the access code (a
staff token is no stand-in); feedback once the aid has concluded, once.
"""
import random
import re
from datetime import timedelta

from ipdesk import (PATENT, PATENT_CANONICAL, USCC, ApiTest, Calendar,
                    aid_events, aid_feedback, aid_payload, aid_row,
                    aid_team, aid_view, aid_withdraw, delpath, file_aid,
                    file_aid_ok, fresh_address, get, multipart, parse_time,
                    pdf_bytes, post, q, setpath, sha256, sql_value,
                    today_cst, token, uscc_check_char)

MASKED_PHONE = re.compile(r"^1\d{2}\*{4}\d{4}$")
TWENTY_ONE = ("US", "DE", "JP", "GB", "FR", "IT", "ES", "NL", "BE", "SE",
              "CH", "AT", "PL", "KR", "SG", "MY", "TH", "VN", "IN", "AU",
              "CA")


def count_named(name):
    return int(sql_value("SELECT COUNT(*) FROM aid_request WHERE e_name = %s"
                         % q(name)))


class RequestTest(ApiTest):

    def test_request_is_201_with_location_code_priority_and_due(self):
        cal = Calendar()
        r = file_aid(aid_payload(size="medium", deadline_days=60))
        self.assertEqual(r.status, 201, r)
        b = r.json
        self.assertRegex(b["no"], r"^HW\d{8}")
        self.assertEqual(r.header("Location"), "/api/v1/overseas-aid/" +
                         b["no"])
        self.assertEqual(b["status"], "submitted")
        self.assertIn(b["priority"], ("urgent", "high", "normal"))
        self.assertEqual(b["priority"], "normal")
        self.assertRegex(b["access_code"], r"^[0-9A-Z]{6,}$")
        day = parse_time(b["received_at"]).date()
        self.assertEqual(b["deadline"],
                         (today_cst() + timedelta(days=60)).isoformat())
        self.assertIs(b["deadline_passed"], False)
        due, prov = cal.due("aid_accept", day)
        self.assertEqual(b["due"]["date"], due.isoformat(),
                         "the office decides within aid_accept working days")
        self.assertEqual(b["due"]["provisional"], prov)

    def test_request_is_stored_as_sent(self):
        p = aid_payload(size="small", insured=True, amount_at_stake="12000.5",
                        countries=["US", "DE", "JP"],
                        ip_types=["patent", "trademark"],
                        aid_type="exhibition")
        p["rights"].append({"type": "trademark", "country": "DE",
                            "number": "DE 30 2019 012 345"})
        b = file_aid_ok(p)
        v = aid_team().office.aid(b["no"]).json
        self.assertEqual(v["personal_data"], "full")
        self.assertEqual(v["enterprise"], p["enterprise"])
        self.assertEqual(v["contact"], p["contact"])
        for k in ("aid_type", "countries", "ip_types", "opposing_party",
                  "forum", "deadline", "description"):
            self.assertEqual(v[k], p[k], k)
        self.assertEqual(v["amount_at_stake"], "12000.50")
        self.assertIs(v["insured"], True)
        self.assertIs(v["major"], False)
        self.assertIsNone(v["expert"])
        self.assertEqual(v["rights"], [
            {"type": "patent", "country": "CN", "number": PATENT_CANONICAL},
            dict(p["rights"][1]),
            dict(p["rights"][2])],
            "a Chinese patent number is stored in its canonical form, "
            "foreign numbers as written")

    def test_minimal_request(self):
        p = aid_payload(deadline_days=None)
        for k in ("rights", "opposing_party", "forum", "amount_at_stake",
                  "insured"):
            del p[k]
        del p["contact"]["email"]
        del p["enterprise"]["industry"]
        b = file_aid_ok(p)
        v = aid_view(b["no"], b["access_code"]).json
        self.assertIsNone(v["deadline"])
        self.assertIs(v["insured"], False)
        self.assertEqual(v["rights"], [])

    def test_deadline_today_is_accepted(self):
        b = file_aid_ok(aid_payload(deadline_days=0))
        self.assertEqual(b["deadline"], today_cst().isoformat())
        self.assertEqual(b["priority"], "urgent")

    def test_twenty_countries_are_accepted(self):
        b = file_aid_ok(aid_payload(countries=list(TWENTY_ONE[:20])))
        v = aid_view(b["no"], b["access_code"]).json
        self.assertEqual(v["countries"], list(TWENTY_ONE[:20]))

    def test_countries_have_names_in_meta_enums(self):
        e = get("/api/v1/meta/enums").json
        cs = {c["code"]: c for c in e["countries"]}
        self.assertEqual(cs["US"]["zh"], "美国")
        self.assertIn("United States", cs["US"]["en"])
        self.assertEqual(cs["DE"]["zh"], "德国")
        self.assertGreater(len(cs), 240, "ISO 3166-1 alpha-2: 249 codes")
        for code in cs:
            self.assertRegex(code, r"^[A-Z]{2}$")
        for name in ("aid_types", "enterprise_sizes", "priorities",
                     "aid_statuses", "aid_outcomes", "aid_actions"):
            self.assertTrue(e.get(name), name)
            for v in e[name]:
                self.assertTrue(v["zh"] and v["en"], v)
        self.assertEqual([p["code"] for p in e["priorities"]],
                         ["urgent", "high", "normal"])


class RequestValidationTest(ApiTest):
    """422 with exactly the offending fields, by their JSON paths."""

    def check(self, payload, *errors, now=None):
        name = payload.get("enterprise", {}).get("name") \
            if isinstance(payload.get("enterprise"), dict) else None
        r = file_aid(payload, now=now)
        self.assertInvalid(r, *errors)
        if name:
            self.assertEqual(count_named(name), 0,
                             "a refused request files nothing")

    def test_empty_body_names_every_required_field(self):
        self.check({}, ("enterprise", "required"), ("contact", "required"),
                   ("aid_type", "required"), ("countries", "required"),
                   ("ip_types", "required"), ("description", "required"))

    def test_required_fields_inside_objects(self):
        p = aid_payload()
        for path in ("enterprise.name", "enterprise.uscc", "enterprise.size",
                     "contact.name", "contact.phone"):
            with self.subTest(path=path):
                self.check(delpath(p, path), (path, "required"))
        self.check(setpath(p, "enterprise", {}),
                   ("enterprise.name", "required"),
                   ("enterprise.uscc", "required"),
                   ("enterprise.size", "required"))

    def test_unknown_country_code(self):
        for bad in ("XX", "UK", "usa", "us", ""):
            with self.subTest(code=bad):
                self.check(aid_payload(countries=["US", bad]),
                           ("countries[1]", "invalid_value"))

    def test_unknown_country_of_a_right_names_only_the_country(self):
        """A foreign right with a mistyped country: the country is the
        offending input, not the (foreign, free-text) number, which must
        not be judged as a Chinese patent number."""
        p = aid_payload()
        self.assertEqual(p["rights"][1]["country"], "US")
        self.check(setpath(p, "rights[1].country", "XX"),
                   ("rights[1].country", "invalid_value"))

    def test_countries_list(self):
        self.check(aid_payload(countries=[]), ("countries", "too_few"))
        self.check(aid_payload(countries=list(TWENTY_ONE)),
                   ("countries", "too_many"))
        self.check(aid_payload(countries=["US", "DE", "US"]),
                   ("countries[2]", "duplicate_value"))
        self.check(aid_payload(countries="US"), ("countries", "wrong_type"))
        self.check(aid_payload(countries=["US", 840]),
                   ("countries[1]", "wrong_type"))

    def test_past_deadline(self):
        self.check(aid_payload(deadline_days=-1),
                   ("deadline", "date_in_past"))
        d = today_cst() + timedelta(days=200)
        self.check(aid_payload(today=d, deadline_days=-1),
                   ("deadline", "date_in_past"), now=d)
        self.check(aid_payload(deadline="2027-02-30"),
                   ("deadline", "invalid_date"))
        self.check(aid_payload(deadline="next week"),
                   ("deadline", "invalid_date"))

    def test_bad_uscc(self):
        body = USCC[:17]
        wrong = next(c for c in "0123456789ABCDEF"
                     if c != uscc_check_char(body))
        p = aid_payload()
        self.check(setpath(p, "enterprise.uscc", body + wrong),
                   ("enterprise.uscc", "bad_check_character"))
        self.check(setpath(p, "enterprise.uscc", USCC[:17]),
                   ("enterprise.uscc", "invalid_format"))
        self.check(setpath(p, "enterprise.uscc", "9135010OM000100Y43"),
                   ("enterprise.uscc", "invalid_format"))
        self.check(setpath(p, "enterprise.uscc", "00000000000000000X"),
                   ("enterprise.uscc", "filler_not_allowed"))

    def test_unknown_keys(self):
        p = aid_payload()
        for path in ("status", "priority", "access_code", "enterprise.address",
                     "contact.id_number", "rights[0].owner"):
            with self.subTest(path=path):
                self.check(setpath(p, path, "x"), (path, "unknown_field"))

    def test_enums_and_types(self):
        p = aid_payload()
        self.check(setpath(p, "aid_type", "litigation"),
                   ("aid_type", "invalid_value"))
        self.check(setpath(p, "enterprise.size", "tiny"),
                   ("enterprise.size", "invalid_value"))
        self.check(setpath(p, "ip_types", ["design"]),
                   ("ip_types[0]", "invalid_value"))
        self.check(setpath(p, "ip_types", []), ("ip_types", "too_few"))
        self.check(setpath(p, "rights[0].type", "utility_model"),
                   ("rights[0].type", "invalid_value"))
        self.check(setpath(p, "insured", "yes"), ("insured", "wrong_type"))
        self.check(setpath(p, "contact.phone", "12345"),
                   ("contact.phone", "invalid_mobile"))
        self.check(setpath(p, "contact.email", "not-an-address"),
                   ("contact.email", "invalid_email"))
        for amount in ("12.345", "abc", "-1"):
            with self.subTest(amount=amount):
                self.check(setpath(p, "amount_at_stake", amount),
                           ("amount_at_stake", "invalid_amount"))

    def test_chinese_rights_are_checked_foreign_ones_are_free_text(self):
        p = aid_payload()
        bad = PATENT[:-1] + ("0" if PATENT[-1] != "0" else "1")
        self.check(setpath(p, "rights[0].number", bad),
                   ("rights[0].number", "bad_check_character"))
        self.check(setpath(p, "rights", [{"type": "trademark",
                                          "number": "TM-ABC"}]),
                   ("rights[0].number", "invalid_format"))
        self.check(setpath(p, "rights", [{"type": "trademark",
                                          "country": "CN",
                                          "number": "TM-ABC"}]),
                   ("rights[0].number", "invalid_format"))
        ok = file_aid(setpath(p, "rights", [{"type": "trademark",
                                             "country": "US",
                                             "number": "Reg. No. 5,123,456"}]))
        self.assertEqual(ok.status, 201, ok)

    def test_several_errors_at_once(self):
        p = aid_payload(countries=["US", "XX"], deadline_days=-3)
        p = setpath(p, "enterprise.uscc", "123")
        p = delpath(p, "description")
        p = setpath(p, "colour", "red")
        self.check(p, ("countries[1]", "invalid_value"),
                   ("deadline", "date_in_past"),
                   ("enterprise.uscc", "invalid_format"),
                   ("description", "required"),
                   ("colour", "unknown_field"))

    def test_english_messages(self):
        r = file_aid(aid_payload(countries=["XX"]), lang="en")
        p = self.assertInvalid(r, ("countries[0]", "invalid_value"))
        self.assertRegex(p["errors"][0]["message"], r"[A-Za-z]")


class RequestIdempotencyTest(ApiTest):

    def test_same_key_same_answer_one_request(self):
        p = aid_payload()
        key = "aid-" + token(8)
        r1 = file_aid(p, key=key)
        r2 = file_aid(p, key=key)
        self.assertEqual(r1.status, 201, r1)
        self.assertEqual(r2.status, 201, r2)
        self.assertEqual(r2.json, r1.json)
        self.assertEqual(r2.header("Location"), r1.header("Location"))
        self.assertEqual(count_named(p["enterprise"]["name"]), 1)
        self.assertEqual(aid_view(r1.json["no"], r2.json["access_code"])
                         .status, 200)
        self.assertEqual([e[2] for e in aid_events(r1.json["no"])],
                         ["submitted"], "one request, one event")

    def test_same_key_other_body_is_422(self):
        key = "aid-" + token(8)
        p = aid_payload()
        self.assertEqual(file_aid(p, key=key).status, 201)
        r = file_aid(dict(p, description=p["description"] + "（补充）"),
                     key=key)
        self.assertProblem(r, 422, "idempotency-key-reused")
        self.assertEqual(count_named(p["enterprise"]["name"]), 1)

    def test_other_keys_file_other_requests(self):
        p = aid_payload()
        a = file_aid_ok(p, key="aid-" + token(8))
        b = file_aid_ok(p, key="aid-" + token(8))
        self.assertNotEqual(a["no"], b["no"])
        self.assertEqual(count_named(p["enterprise"]["name"]), 2)


class PublicViewTest(ApiTest):

    def test_contact_is_masked_for_the_public(self):
        p = aid_payload()
        b = file_aid_ok(p)
        r = aid_view(b["no"], b["access_code"])
        self.assertEqual(r.status, 200, r)
        v = r.json
        c = p["contact"]
        self.assertRegex(v["contact"]["phone"], MASKED_PHONE)
        self.assertEqual(v["contact"]["phone"][:3], c["phone"][:3])
        self.assertEqual(v["contact"]["phone"][-4:], c["phone"][-4:])
        self.assertNotEqual(v["contact"]["name"], c["name"])
        self.assertEqual(v["contact"]["name"][0], c["name"][0])
        self.assertIn("*", v["contact"]["email"])
        self.assertTrue(v["contact"]["email"].endswith("@example.com"))
        for secret in (c["phone"], c["email"], c["name"]):
            self.assertNotIn(secret, r.text)
        # The enterprise is no personal data: shown as it is.
        self.assertEqual(v["enterprise"], p["enterprise"])
        self.assertEqual(v["status"], "submitted")
        self.assertEqual([e["action"] for e in v["timeline"]], ["submitted"])
        for e in v["timeline"]:
            self.assertNotIn("actor", e)
        self.assertNotIn("personal_data", v)
        self.assertNotIn("expert_id", v)

    def test_wrong_code_is_404(self):
        b = file_aid_ok()
        src = fresh_address()
        wrong = "A" * len(b["access_code"])
        if wrong == b["access_code"]:
            wrong = "B" * len(b["access_code"])
        r = aid_view(b["no"], wrong, source=src)
        self.assertProblem(r, 404)
        self.assertNotIn("enterprise", r.json)
        self.assertNotIn("contact", r.json)
        self.assertProblem(aid_view(b["no"], None, source=src), 404)
        self.assertProblem(aid_view("HW19990101%08d" % random.randint(
            0, 99999999), b["access_code"], source=src), 404)
        self.assertEqual(aid_view(b["no"], b["access_code"]).status, 200)

    def test_code_of_another_request_is_404(self):
        a = file_aid_ok()
        b = file_aid_ok()
        self.assertProblem(aid_view(a["no"], b["access_code"],
                                    source=fresh_address()), 404)

    def test_staff_views(self):
        a = aid_team()
        t = a.t
        p = aid_payload()
        b = file_aid_ok(p)
        v = a.office.aid(b["no"]).json
        self.assertEqual(v["personal_data"], "full", "intake sees contacts")
        self.assertEqual(v["contact"], p["contact"])
        s = a.supervisor.aid(b["no"]).json
        self.assertEqual(s["personal_data"], "masked")
        self.assertRegex(s["contact"]["phone"], MASKED_PHONE)
        self.assertNotIn(p["contact"]["phone"], a.supervisor.aid(b["no"]).text)
        # Staff outside the aid office: a handler may not read aid
        # requests at all; an expert only its own.
        self.assertProblem(t.hc.aid(b["no"]), 403)
        self.assertProblem(t.aid.aid(b["no"]), 404)
        self.assertProblem(a.expert.aid(b["no"]), 404)

    def test_full_personal_data_shown_to_staff_is_recorded(self):
        a = aid_team()
        b = file_aid_ok()
        a.supervisor.aid(b["no"])
        self.assertNotIn("personal_data_viewed",
                         [e[2] for e in aid_events(b["no"])])
        a.office.aid(b["no"])
        ev = [e for e in aid_events(b["no"])
              if e[2] == "personal_data_viewed"]
        self.assertEqual(len(ev), 1, ev)
        self.assertIn(a.office.name, ev[0][1])
        self.assertEqual(ev[0][5], "0", "not in the public timeline")


class WithdrawTest(ApiTest):

    def test_withdraw_a_request(self):
        b = file_aid_ok()
        r = aid_withdraw(b["no"], b["access_code"], {"reason": "已与对方和解"})
        self.assertEqual(r.status, 200, r)
        v = r.json
        self.assertEqual(v["status"], "withdrawn")
        self.assertEqual([e["action"] for e in v["timeline"]],
                         ["submitted", "withdrawn"])
        self.assertEqual(aid_view(b["no"], b["access_code"]).json["status"],
                         "withdrawn")
        self.assertEqual(aid_row(b["no"], "status, next_due"),
                         ["withdrawn", None])

    def test_the_reason_is_recorded(self):
        """As for complaints and mediations, the requester's reason for
        withdrawing reaches the office (the event's detail)."""
        a = aid_team()
        b = file_aid_ok()
        r = aid_withdraw(b["no"], b["access_code"],
                         {"reason": "已与对方达成和解，不再需要援助"})
        self.assertEqual(r.status, 200, r)
        ev = [e for e in a.office.aid(b["no"]).json["timeline"]
              if e["action"] == "withdrawn"]
        self.assertEqual(len(ev), 1, ev)
        self.assertEqual(ev[0]["actor"], "public")
        self.assertEqual((ev[0]["detail"] or {}).get("reason"),
                         "已与对方达成和解，不再需要援助")

    def test_a_staff_token_is_no_access_code(self):
        a = aid_team()
        b = file_aid_ok()
        src = fresh_address()
        for who in (a.office, a.supervisor):
            with self.subTest(who=who.name):
                r = who.post_json("/api/v1/overseas-aid/%s/withdraw" %
                                  b["no"], {}, source=src)
                self.assertProblem(r, 404)
        self.assertEqual(aid_row(b["no"], "status")[0], "submitted")
        self.assertEqual(aid_withdraw(b["no"], b["access_code"]).status, 200)

    def test_withdraw_with_a_wrong_code_is_404(self):
        b = file_aid_ok()
        r = aid_withdraw(b["no"], "Z" * len(b["access_code"]),
                         source=fresh_address())
        self.assertProblem(r, 404)
        self.assertEqual(aid_row(b["no"], "status")[0], "submitted")

    def test_withdraw_twice_is_409_naming_the_state(self):
        b = file_aid_ok()
        self.assertEqual(aid_withdraw(b["no"], b["access_code"]).status, 200)
        p = self.assertProblem(aid_withdraw(b["no"], b["access_code"]), 409,
                               "state-conflict")
        self.assertIn("已撤回", p["detail"])
        p = self.assertProblem(aid_withdraw(b["no"], b["access_code"],
                                            lang="en"), 409)
        self.assertIn("Withdrawn", p["detail"])

    def test_running_request_can_be_withdrawn(self):
        a = aid_team()
        for state in ("accepted", "assigned", "in_progress"):
            with self.subTest(state=state):
                c = a.walker.case_in(state)
                r = aid_withdraw(c["no"], c["access_code"])
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json["status"], "withdrawn")

    def test_ended_request_cannot_be_withdrawn(self):
        a = aid_team()
        for state, label in (("declined", "Declined"),
                             ("concluded", "Concluded"),
                             ("closed", "Closed")):
            with self.subTest(state=state):
                c = a.walker.case_in(state)
                r = aid_withdraw(c["no"], c["access_code"], lang="en")
                p = self.assertProblem(r, 409, "state-conflict")
                self.assertIn(label, p["detail"])
                self.assertEqual(aid_row(c["no"], "status")[0], state)


class FeedbackTest(ApiTest):

    def test_no_feedback_before_the_conclusion(self):
        a = aid_team()
        for state in ("submitted", "in_progress", "declined", "withdrawn"):
            with self.subTest(state=state):
                c = a.walker.case_in(state)
                self.assertProblem(aid_feedback(c["no"], c["access_code"],
                                                {"score": 5}),
                                   409, "state-conflict")
                self.assertIsNone(aid_row(c["no"], "feedback_score")[0])

    def test_feedback_once_after_the_conclusion(self):
        a = aid_team()
        c = a.walker.case_in("concluded")
        r = aid_feedback(c["no"], c["access_code"],
                         {"score": 4, "comment": "专家指导很及时"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["feedback"]["score"], 4)
        self.assertEqual(r.json["feedback"]["comment"], "专家指导很及时")
        self.assertEqual(r.json["timeline"][-1]["action"], "feedback")
        again = aid_feedback(c["no"], c["access_code"], {"score": 1})
        self.assertProblem(again, 409, "state-conflict")
        self.assertEqual(aid_view(c["no"], c["access_code"])
                         .json["feedback"]["score"], 4)
        self.assertEqual(a.office.aid(c["no"]).json["feedback"]["score"], 4)

    def test_feedback_on_a_closed_request(self):
        a = aid_team()
        c = a.walker.case_in("closed")
        self.assertEqual(aid_feedback(c["no"], c["access_code"],
                                      {"score": 5}).status, 200)

    def test_feedback_score_is_checked(self):
        a = aid_team()
        c = a.walker.case_in("concluded")
        for score in (0, 6, "5"):
            with self.subTest(score=score):
                r = aid_feedback(c["no"], c["access_code"], {"score": score})
                self.assertEqual(r.status, 422, r)
                self.assertEqual([e["field"] for e in r.json["errors"]],
                                 ["score"])

    def test_feedback_needs_the_access_code(self):
        a = aid_team()
        c = a.walker.case_in("concluded")
        src = fresh_address()
        self.assertProblem(aid_feedback(c["no"], "Z" * len(c["access_code"]),
                                        {"score": 5}, source=src), 404)
        r = a.office.post_json("/api/v1/overseas-aid/%s/feedback" % c["no"],
                               {"score": 5}, source=src)
        self.assertProblem(r, 404)
        self.assertIsNone(aid_row(c["no"], "feedback_score")[0])


class EvidenceTest(ApiTest):

    def test_files_of_a_request(self):
        a = aid_team()
        c = a.walker.case_in("submitted")
        data = pdf_bytes()
        body, ct = multipart([("file", "起诉状.pdf", data,
                               "application/pdf")])
        path = "/api/v1/overseas-aid/%s/evidence" % c["no"]
        r = post(path, body, code=c["access_code"], ctype=ct)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["files"][0]["sha256"], sha256(data))
        v = aid_view(c["no"], c["access_code"]).json
        self.assertEqual([(e["sha256"], e["filename"]) for e in v["evidence"]],
                         [(sha256(data), "起诉状.pdf")])
        one = "%s/%s" % (path, sha256(data))
        got = get(one, code=c["access_code"])
        self.assertEqual((got.status, got.body), (200, data))
        self.assertEqual(a.office.get(one).body, data)
        src = fresh_address()
        self.assertProblem(get(one, code="Z" * len(c["access_code"]),
                               source=src), 404)
        self.assertEqual(a.expert.get(one).status, 404, "not its request yet")
        a.office.aact_ok(c["no"], "accept")
        a.office.aact_ok(c["no"], "assign_expert", expert=a.expert.eid)
        self.assertEqual(a.expert.get(one).body, data,
                         "the assigned expert reads the files")
        body, ct = multipart([("file", "a.pdf", pdf_bytes(),
                               "application/pdf")])
        r = post(path, body, ctype=ct, source=src)
        self.assertEqual(r.status, 404, "without the access code: %r" % r)
