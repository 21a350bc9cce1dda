"""
Mediation, the public's side (SPEC sections 2 and 6): the application
(POST /api/v1/mediations) with its validation, exact field paths and
Idempotency-Key; the public view with the access code (persons' ID
numbers and phones masked, wrong codes 404); withdrawal; feedback once the
case has ended, once.
"""
import re
import unittest

from ipdesk import (USCC, ApiTest, Calendar, can_send_from, delpath,
                    file_mediation, file_mediation_ok, fresh_address, get,
                    make_mobile, make_name, make_resident_id, make_uscc,
                    mediation_payload, mediation_row, mediation_team,
                    names_mediation_state,
                    party_org, party_person, post_json, remember_pii,
                    setpath, sql_value, q, token, unknown_no,
                    uscc_check_char, parse_time)

MASKED_ID = re.compile(r"^\d{4}\*{10}[0-9X]{4}$")
MASKED_PHONE = re.compile(r"^1\d{2}\*{4}\d{4}$")


def withdraw(no, code, body=None, **kw):
    return post_json("/api/v1/mediations/%s/withdraw" % no,
                     body if body is not None else {}, code=code, **kw)


def feedback(no, code, body, **kw):
    return post_json("/api/v1/mediations/%s/feedback" % no, body, code=code,
                     **kw)


def view(no, code, **kw):
    return get("/api/v1/mediations/" + no, code=code, **kw)


class ApplicationTest(ApiTest):

    def test_application_is_201_with_location_code_and_due(self):
        cal = Calendar()
        r = file_mediation(mediation_payload())
        self.assertEqual(r.status, 201, r)
        b = r.json
        self.assertEqual(r.header("Location"), "/api/v1/mediations/" +
                         b["no"])
        self.assertEqual(b["status"], "applied")
        self.assertEqual(b["source"], "application")
        self.assertRegex(b["access_code"], r"^[0-9A-Z]{6,}$")
        day = parse_time(b["received_at"]).date()
        due, prov = cal.due("mediation_accept", day)
        self.assertEqual(b["due"]["accept"]["date"], due.isoformat())
        self.assertEqual(b["due"]["accept"]["provisional"], prov)

    def test_application_is_stored_as_sent(self):
        p = mediation_payload(amount="12000.5", online=False)
        p["applicant"]["agent"] = {"name": make_name(),
                                   "phone": make_mobile(),
                                   "authority": "special"}
        remember_pii(p["applicant"]["agent"]["name"],
                     p["applicant"]["agent"]["phone"])
        b = file_mediation_ok(p)
        v = mediation_team().office.mediation(b["no"]).json
        self.assertEqual(v["personal_data"], "full")
        for k in ("ip_type", "industry", "subject", "claim", "description"):
            self.assertEqual(v[k], p[k], k)
        self.assertEqual(v["amount"], "12000.50")
        self.assertIs(v["online"], False)
        a = v["applicant"]
        for k in ("type", "name", "id_type", "id_number", "phone"):
            self.assertEqual(a[k], p["applicant"][k], k)
        self.assertEqual(a["agent"], {
            "name": p["applicant"]["agent"]["name"],
            "phone": p["applicant"]["agent"]["phone"],
            "authority": "special"})
        self.assertEqual(v["respondent"]["uscc"], p["respondent"]["uscc"])
        self.assertEqual(v["respondent"]["type"], "organization")

    def test_an_organisation_may_apply(self):
        p = mediation_payload(applicant=party_org(phone=make_mobile()),
                              respondent=party_person())
        self.assertEqual(file_mediation(p).status, 201)

    def test_amounts_in_yuan(self):
        for amount, shown in (("0.01", "0.01"), ("12000", "12000.00"),
                              ("1000000000.00", "1000000000.00")):
            with self.subTest(amount=amount):
                b = file_mediation_ok(mediation_payload(amount=amount))
                self.assertEqual(view(b["no"], b["access_code"]).json[
                    "amount"], shown)


class ApplicationValidationTest(ApiTest):
    """422 with exactly the offending fields, by their JSON paths."""

    def check(self, payload, *errors):
        r = file_mediation(payload)
        self.assertInvalid(r, *errors)

    def test_empty_body_names_every_required_field(self):
        self.check({}, ("ip_type", "required"), ("applicant", "required"),
                   ("respondent", "required"), ("subject", "required"),
                   ("claim", "required"))

    def test_party_type(self):
        for side in ("applicant", "respondent"):
            with self.subTest(side=side):
                self.check(setpath(mediation_payload(), side + ".type",
                                   "company"),
                           (side + ".type", "invalid_value"))
                self.check(delpath(mediation_payload(), side + ".type"),
                           (side + ".type", "required"))
                self.check(delpath(mediation_payload(), side + ".name"),
                           (side + ".name", "required"))

    def test_person_applicant_needs_document_and_phone(self):
        p = mediation_payload()
        self.check(delpath(p, "applicant.id_type"),
                   ("applicant.id_type", "required"))
        self.check(delpath(p, "applicant.id_number"),
                   ("applicant.id_number", "required"))
        self.check(delpath(delpath(p, "applicant.id_type"),
                           "applicant.id_number"),
                   ("applicant.id_type", "required"),
                   ("applicant.id_number", "required"))
        self.check(delpath(p, "applicant.phone"),
                   ("applicant.phone", "required"))

    def test_person_respondent_needs_no_document_but_a_whole_one(self):
        r = file_mediation(mediation_payload(respondent={
            "type": "person", "name": make_name()}))
        self.assertEqual(r.status, 201, r)
        self.check(mediation_payload(respondent={
            "type": "person", "name": make_name(),
            "id_type": "resident_id"}),
            ("respondent.id_number", "required"))
        self.check(mediation_payload(respondent={
            "type": "person", "name": make_name(),
            "id_number": make_resident_id()}),
            ("respondent.id_type", "required"))

    def test_person_has_no_uscc(self):
        for side in ("applicant", "respondent"):
            with self.subTest(side=side):
                p = mediation_payload(respondent=party_person())
                p[side]["uscc"] = make_uscc()
                self.check(p, (side + ".uscc", "not_allowed"))

    def test_person_id_number_is_checked(self):
        self.check(setpath(mediation_payload(), "applicant.id_number",
                           "110105194912310021"),
                   ("applicant.id_number", "bad_check_character"))
        self.check(setpath(mediation_payload(), "applicant.id_number",
                           "11010519491231002"),
                   ("applicant.id_number", "invalid_format"))

    def test_organisation_applicant_needs_uscc(self):
        p = mediation_payload(applicant=party_org(phone=make_mobile()))
        self.check(delpath(p, "applicant.uscc"),
                   ("applicant.uscc", "required"))
        self.check(delpath(p, "applicant.phone"),
                   ("applicant.phone", "required"))

    def test_organisation_respondent_without_uscc_is_accepted(self):
        p = mediation_payload()
        self.assertEqual(file_mediation(delpath(p, "respondent.uscc"))
                         .status, 201)

    def test_uscc_check_character(self):
        body = USCC[:17]
        wrong = next(c for c in "0123456789ABCDEF"
                     if c != uscc_check_char(body))
        for side in ("applicant", "respondent"):
            with self.subTest(side=side):
                p = mediation_payload(applicant=party_org(
                    phone=make_mobile()))
                p[side]["uscc"] = body + wrong
                self.check(p, (side + ".uscc", "bad_check_character"))
                p[side]["uscc"] = "91350100M000100Y4"
                self.check(p, (side + ".uscc", "invalid_format"))

    def test_organisation_has_no_personal_document(self):
        p = mediation_payload()
        self.check(setpath(p, "respondent.id_number", make_resident_id()),
                   ("respondent.id_number", "not_allowed"))

    def test_organisation_document_type_is_named_by_its_own_path(self):
        """An organisation sending id_type alone: the offending input is
        respondent.id_type (SPEC 6: `field` is the JSON path of the
        offending input)."""
        p = mediation_payload()
        self.check(setpath(p, "respondent.id_type", "resident_id"),
                   ("respondent.id_type", "not_allowed"))

    def test_agent(self):
        p = mediation_payload()
        agent = {"name": make_name(), "phone": make_mobile(),
                 "authority": "general"}
        remember_pii(agent["name"], agent["phone"])
        self.assertEqual(file_mediation(setpath(p, "applicant.agent", agent))
                         .status, 201)
        self.check(setpath(p, "respondent.agent", dict(agent,
                                                       authority="full")),
                   ("respondent.agent.authority", "invalid_value"))
        self.check(setpath(p, "applicant.agent", {
            "name": agent["name"], "phone": agent["phone"]}),
            ("applicant.agent.authority", "required"))
        self.check(setpath(p, "applicant.agent", dict(agent, phone="12345")),
                   ("applicant.agent.phone", "invalid_mobile"))
        self.check(setpath(p, "applicant.agent", dict(agent, licence="x")),
                   ("applicant.agent.licence", "unknown_field"))
        self.check(setpath(p, "applicant.agent", "李律师"),
                   ("applicant.agent", "wrong_type"))

    def test_amount_format(self):
        for amount in ("12.345", "abc", "-1", "1e5", "12,000", "",
                       "100000000000", "1000000000.01"):
            with self.subTest(amount=amount):
                self.check(mediation_payload(amount=amount),
                           ("amount", "invalid_amount"))

    def test_unknown_fields(self):
        p = mediation_payload()
        for path in ("court_name", "status", "applicant.mobile",
                     "respondent.shop_url"):
            with self.subTest(path=path):
                self.check(setpath(p, path, "x"), (path, "unknown_field"))

    def test_enums_and_types(self):
        p = mediation_payload()
        self.check(setpath(p, "ip_type", "design"),
                   ("ip_type", "invalid_value"))
        self.check(setpath(p, "applicant.id_type", "driving_licence"),
                   ("applicant.id_type", "invalid_value"))
        self.check(setpath(p, "online", "yes"), ("online", "wrong_type"))
        self.check(setpath(p, "applicant.phone", "12345"),
                   ("applicant.phone", "invalid_mobile"))
        self.check(setpath(p, "respondent.email", "not-an-address"),
                   ("respondent.email", "invalid_email"))

    def test_several_errors_at_once(self):
        p = mediation_payload()
        p = setpath(p, "applicant.phone", "1")
        p = setpath(p, "respondent.uscc", "123")
        p = delpath(p, "subject")
        self.check(p, ("applicant.phone", "invalid_mobile"),
                   ("respondent.uscc", "invalid_format"),
                   ("subject", "required"))

    def test_refused_application_files_nothing(self):
        p = mediation_payload(amount="-5")
        file_mediation(p)
        self.assertEqual(sql_value("SELECT COUNT(*) FROM mediation WHERE "
                                   "subject = %s" % q(p["subject"])), "0")


class ApplicationIdempotencyTest(ApiTest):

    def test_same_key_same_answer_one_case(self):
        p = mediation_payload()
        key = "med-" + token(8)
        r1 = file_mediation(p, key=key)
        r2 = file_mediation(p, key=key)
        self.assertEqual(r1.status, 201, r1)
        self.assertEqual(r2.status, 201, r2)
        self.assertEqual(r2.json, r1.json)
        self.assertEqual(r2.header("Location"), r1.header("Location"))
        self.assertEqual(sql_value("SELECT COUNT(*) FROM mediation WHERE "
                                   "subject = %s" % q(p["subject"])), "1")
        self.assertEqual(view(r1.json["no"], r2.json["access_code"]).status,
                         200)

    def test_same_key_other_body_is_422(self):
        key = "med-" + token(8)
        p = mediation_payload()
        self.assertEqual(file_mediation(p, key=key).status, 201)
        r = file_mediation(dict(p, subject=p["subject"] + "（补充）"),
                           key=key)
        self.assertProblem(r, 422)
        self.assertEqual(sql_value("SELECT COUNT(*) FROM mediation WHERE "
                                   "subject LIKE %s" % q(p["subject"] + "%")),
                         "1")

    def test_other_keys_file_other_cases(self):
        p = mediation_payload()
        a = file_mediation_ok(p, key="med-" + token(8))
        b = file_mediation_ok(p, key="med-" + token(8))
        self.assertNotEqual(a["no"], b["no"])


class PublicViewTest(ApiTest):

    def test_persons_are_masked_for_the_public(self):
        agent = {"name": make_name(), "phone": make_mobile(),
                 "authority": "general"}
        remember_pii(agent["name"], agent["phone"])
        p = mediation_payload(respondent=party_person(email="r%s@example.com"
                                                      % token(3)))
        p["applicant"]["agent"] = agent
        b = file_mediation_ok(p)
        r = view(b["no"], b["access_code"])
        self.assertEqual(r.status, 200, r)
        v = r.json
        for side in ("applicant", "respondent"):
            with self.subTest(side=side):
                self.assertRegex(v[side]["id_number"], MASKED_ID)
                self.assertEqual(v[side]["id_number"][:4],
                                 p[side]["id_number"][:4])
                self.assertEqual(v[side]["id_number"][-4:],
                                 p[side]["id_number"][-4:])
                self.assertRegex(v[side]["phone"], MASKED_PHONE)
                self.assertEqual(v[side]["phone"][-4:],
                                 p[side]["phone"][-4:])
        self.assertRegex(v["applicant"]["agent"]["phone"], MASKED_PHONE)
        for secret in (p["applicant"]["id_number"], p["applicant"]["phone"],
                       p["respondent"]["id_number"], p["respondent"]["phone"],
                       p["respondent"]["email"], agent["phone"]):
            self.assertNotIn(secret, r.text)
        self.assertEqual(v["status"], "applied")
        self.assertEqual([e["action"] for e in v["timeline"]], ["submitted"])
        self.assertNotIn("personal_data", v)
        self.assertNotIn("sessions", v)

    def test_organisations_are_shown_as_they_are(self):
        p = mediation_payload()
        b = file_mediation_ok(p)
        v = view(b["no"], b["access_code"]).json
        self.assertEqual(v["respondent"]["name"], p["respondent"]["name"])
        self.assertEqual(v["respondent"]["uscc"], p["respondent"]["uscc"])

    def test_wrong_code_is_404(self):
        b = file_mediation_ok()
        src = fresh_address()
        wrong = "A" * len(b["access_code"])
        if wrong == b["access_code"]:
            wrong = "B" * len(b["access_code"])
        r = view(b["no"], wrong, source=src)
        self.assertProblem(r, 404)
        self.assertNotIn("applied", r.text)
        self.assertProblem(view(b["no"], None, source=src), 404)
        self.assertProblem(view(unknown_no().replace("TS", "TJ"),
                                b["access_code"], source=src), 404)
        self.assertEqual(view(b["no"], b["access_code"]).status, 200)

    def test_code_of_another_case_is_404(self):
        a = file_mediation_ok()
        b = file_mediation_ok()
        self.assertProblem(view(a["no"], b["access_code"],
                                source=fresh_address()), 404)

    def test_staff_of_the_office_see_the_case(self):
        m = mediation_team()
        p = mediation_payload()
        b = file_mediation_ok(p)
        v = m.office.mediation(b["no"]).json
        self.assertEqual(v["personal_data"], "full")
        self.assertEqual(v["applicant"]["id_number"],
                         p["applicant"]["id_number"])
        s = m.supervisor.mediation(b["no"]).json
        self.assertEqual(s["personal_data"], "masked")
        self.assertRegex(s["applicant"]["id_number"], MASKED_ID)
        self.assertRegex(s["applicant"]["phone"], MASKED_PHONE)


@unittest.skipUnless(can_send_from("127.0.3.3"),
                     "cannot send from 127.0.x.y on this machine")
class ThrottleTest(ApiTest):
    """Wrong access codes on mediations count as on complaints: 10 per
    client address, then 429."""

    def test_wrong_codes_are_throttled(self):
        src = fresh_address()
        b = file_mediation_ok()
        bad = "Z" * len(b["access_code"])
        for i in range(4):
            self.assertProblem(view(b["no"], bad, source=src), 404)
        for i in range(3):
            self.assertProblem(withdraw(b["no"], bad, source=src), 404)
        for i in range(3):
            self.assertProblem(get("/api/v1/mediations/%s/agreement" %
                                   b["no"], code=bad, source=src), 404)
        r = view(b["no"], bad, source=src)
        self.assertProblem(r, 429, "throttled")
        self.assertGreater(int(r.header("Retry-After", "0")), 0, r.headers)
        self.assertProblem(view(b["no"], b["access_code"], source=src), 429)
        self.assertEqual(view(b["no"], b["access_code"],
                              source=fresh_address()).status, 200)
        self.assertEqual(mediation_row(b["no"], "status")[0], "applied")


class WithdrawTest(ApiTest):

    def test_withdraw_an_application(self):
        b = file_mediation_ok()
        r = withdraw(b["no"], b["access_code"], {"reason": "已与对方和解"})
        self.assertEqual(r.status, 200, r)
        v = r.json
        self.assertEqual(v["status"], "withdrawn")
        self.assertEqual([e["action"] for e in v["timeline"]],
                         ["submitted", "withdrawn"])
        self.assertEqual(view(b["no"], b["access_code"]).json["status"],
                         "withdrawn")
        self.assertEqual(mediation_row(b["no"], "status, next_due"),
                         ["withdrawn", None])

    def test_withdraw_twice_is_409_naming_the_state(self):
        b = file_mediation_ok()
        self.assertEqual(withdraw(b["no"], b["access_code"]).status, 200)
        r = withdraw(b["no"], b["access_code"])
        p = self.assertProblem(r, 409, "state-conflict")
        self.assertIn("已撤回", p["detail"])
        r = withdraw(b["no"], b["access_code"], lang="en")
        p = self.assertProblem(r, 409)
        self.assertTrue(names_mediation_state(p["detail"], "withdrawn"), p)

    def test_withdraw_with_a_wrong_code_is_404(self):
        b = file_mediation_ok()
        r = withdraw(b["no"], "Z" * len(b["access_code"]),
                     source=fresh_address())
        self.assertProblem(r, 404)
        self.assertEqual(mediation_row(b["no"], "status")[0], "applied")

    def test_running_case_can_be_withdrawn(self):
        m = mediation_team()
        for state in ("accepted", "awaiting_consent", "in_mediation"):
            with self.subTest(state=state):
                c = m.walker.case_in(state)
                r = withdraw(c["no"], c["access_code"], {"reason": "自行和解"})
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json["status"], "withdrawn")

    def test_ended_case_cannot_be_withdrawn(self):
        m = mediation_team()
        for state in ("agreed", "failed", "refused", "fulfilled"):
            with self.subTest(state=state):
                c = m.walker.case_in(state)
                r = withdraw(c["no"], c["access_code"], lang="en")
                p = self.assertProblem(r, 409, "state-conflict")
                self.assertTrue(names_mediation_state(p["detail"], state),
                                p)


class FeedbackTest(ApiTest):

    def test_no_feedback_while_the_case_runs(self):
        m = mediation_team()
        b = file_mediation_ok()
        self.assertProblem(feedback(b["no"], b["access_code"], {"score": 5}),
                           409, "state-conflict")
        c = m.walker.case_in("in_mediation")
        self.assertProblem(feedback(c["no"], c["access_code"], {"score": 4}),
                           409, "state-conflict")

    def test_feedback_once_after_the_end(self):
        m = mediation_team()
        c = m.walker.case_in("fulfilled")
        r = feedback(c["no"], c["access_code"], {"score": 4,
                                                 "comment": "调解员很耐心"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["feedback"]["score"], 4)
        self.assertEqual(r.json["feedback"]["comment"], "调解员很耐心")
        self.assertEqual(r.json["timeline"][-1]["action"], "feedback")
        again = feedback(c["no"], c["access_code"], {"score": 1})
        self.assertProblem(again, 409, "state-conflict")
        self.assertEqual(view(c["no"], c["access_code"]).json["feedback"]
                         ["score"], 4)

    def test_feedback_after_a_withdrawal(self):
        b = file_mediation_ok()
        withdraw(b["no"], b["access_code"])
        self.assertEqual(feedback(b["no"], b["access_code"],
                                  {"score": 3}).status, 200)

    def test_feedback_score_is_checked(self):
        b = file_mediation_ok()
        withdraw(b["no"], b["access_code"])
        for score in (0, 6, "5"):
            with self.subTest(score=score):
                r = feedback(b["no"], b["access_code"], {"score": score})
                self.assertEqual(r.status, 422, r)
                self.assertEqual([e["field"] for e in r.json["errors"]],
                                 ["score"])

    def test_feedback_with_a_wrong_code_is_404(self):
        b = file_mediation_ok()
        withdraw(b["no"], b["access_code"])
        self.assertProblem(feedback(b["no"], "Z" * len(b["access_code"]),
                                    {"score": 5}, source=fresh_address()),
                           404)
