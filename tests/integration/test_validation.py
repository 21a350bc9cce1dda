"""
Every validation error of POST /api/v1/complaints: a 422 problem whose
errors name the JSON path of the offending input and a stable code.
"""
from datetime import timedelta

from ipdesk import (USCC, ApiTest, complaint_payload, delpath,
                    ecommerce_payload, exhibition_payload, id_check_char,
                    make_patent, patent_check_char, person, post,
                    report_payload, resident_id_raw, setpath, today_cst,
                    uscc_check_char)

REQUIRED_TOP = ("kind", "ip_type", "scene", "channel", "title",
                "description", "district", "respondent")


class RequiredTest(ApiTest):

    def test_empty_object_names_every_required_field(self):
        self.assertInvalid(self.file({}),
                           *[(f, "required") for f in REQUIRED_TOP])

    def test_no_body_at_all_is_read_as_an_empty_object(self):
        r = post("/api/v1/complaints")
        self.assertInvalid(r, *[(f, "required") for f in REQUIRED_TOP])

    def test_each_required_field_missing(self):
        for f in REQUIRED_TOP:
            with self.subTest(field=f):
                self.assertInvalid(self.file(delpath(complaint_payload(), f)),
                                   (f, "required"))

    def test_null_and_blank_are_missing(self):
        for v in (None, "", "   ", "\u3000\u3000", " \u3000 "):
            with self.subTest(value=v):
                self.assertInvalid(self.file(complaint_payload(title=v)),
                                   ("title", "required"))

    def test_respondent_name_is_required(self):
        p = delpath(complaint_payload(), "respondent.name")
        self.assertInvalid(self.file(p), ("respondent.name", "required"))

    def test_complaint_needs_a_complainant(self):
        p = delpath(complaint_payload(), "complainant")
        self.assertInvalid(self.file(p), ("complainant", "required"))

    def test_complainant_needs_name_and_phone(self):
        p = complaint_payload()
        del p["complainant"]["name"], p["complainant"]["phone"]
        self.assertInvalid(self.file(p), ("complainant.name", "required"),
                           ("complainant.phone", "required"))

    def test_complaint_needs_real_identity(self):
        p = complaint_payload()
        del p["complainant"]["id_type"], p["complainant"]["id_number"]
        self.assertInvalid(self.file(p), ("complainant.id_type", "required"),
                           ("complainant.id_number", "required"))

    def test_named_reporter_giving_a_number_needs_its_type(self):
        p = report_payload(anonymous=False)
        p["complainant"]["id_number"] = "11010519491231002X"
        self.assertInvalid(self.file(p), ("complainant.id_type", "required"))

    def test_named_reporter_needs_a_phone(self):
        p = report_payload(anonymous=False)
        del p["complainant"]["phone"]
        self.assertInvalid(self.file(p), ("complainant.phone", "required"))

    def test_exhibition_scene_needs_the_exhibition(self):
        p = complaint_payload(scene="exhibition")
        self.assertInvalid(self.file(p), ("exhibition", "required"))

    def test_exhibition_needs_name_booth_and_end_date(self):
        p = exhibition_payload(today_cst())
        p["exhibition"] = {}
        self.assertInvalid(self.file(p), ("exhibition.name", "required"),
                           ("exhibition.booth", "required"),
                           ("exhibition.end_date", "required"))

    def test_ecommerce_needs_shop_url_and_platform(self):
        p = ecommerce_payload()
        del p["respondent"]["shop_url"], p["respondent"]["platform"]
        self.assertInvalid(self.file(p), ("respondent.shop_url", "required"),
                           ("respondent.platform", "required"))

    def test_online_scene_needs_a_shop_url(self):
        self.assertInvalid(self.file(complaint_payload(scene="online")),
                           ("respondent.shop_url", "required"))

    def test_filler_uscc_needs_a_registration_number(self):
        p = setpath(complaint_payload(), "respondent.uscc",
                    "00000000000000000X")
        self.assertInvalid(self.file(p),
                           ("respondent.registration_no", "required"))

    def test_right_needs_type_and_number(self):
        p = complaint_payload(rights=[{}])
        self.assertInvalid(self.file(p), ("rights[0].type", "required"),
                           ("rights[0].number", "required"))

    def test_null_right_is_required(self):
        p = complaint_payload(rights=[{"type": "trademark",
                                       "number": "123"}, None])
        self.assertInvalid(self.file(p), ("rights[1]", "required"))


class TypeTest(ApiTest):

    def test_wrong_json_types(self):
        cases = [
            ("kind", 1), ("ip_type", True), ("title", 123),
            ("title", ["标题"]), ("description", {"text": "x"}),
            ("district", 441302), ("complainant", "张三"),
            ("respondent", []), ("rights", {}), ("rights", "ZL1"),
            ("complainant.phone", 13812345678),
            ("respondent.uscc", 91350100),
        ]
        for path, value in cases:
            with self.subTest(field=path, value=value):
                self.assertInvalid(self.file(setpath(complaint_payload(),
                                                     path, value)),
                                   (path, "wrong_type"))

    def test_array_item_of_the_wrong_type(self):
        p = complaint_payload(rights=["ZL201710601862.3"])
        self.assertInvalid(self.file(p), ("rights[0]", "wrong_type"))

    def test_date_of_the_wrong_type(self):
        p = exhibition_payload(today_cst())
        p["exhibition"]["end_date"] = 20261231
        self.assertInvalid(self.file(p), ("exhibition.end_date",
                                          "wrong_type"))

    def test_exhibition_of_the_wrong_type(self):
        p = complaint_payload(scene="exhibition", exhibition="广交会")
        self.assertInvalid(self.file(p), ("exhibition", "wrong_type"))


class LengthTest(ApiTest):

    def test_too_long_values_name_their_limit(self):
        cases = [
            ("title", "标" * 201, 200),
            ("description", "述" * 5001, 5000),
            ("demands", "求" * 2001, 2000),
            ("complainant.name", "欧" * 101, 100),
            ("complainant.address", "址" * 301, 300),
            ("respondent.name", "名" * 201, 200),
            ("respondent.address", "址" * 301, 300),
            ("respondent.registration_no", "1" * 51, 50),
            ("respondent.platform", "台" * 101, 100),
            ("respondent.uscc", USCC + "0", 18),
            ("district", "4413020", 6),
            ("complainant.id_number", "1" * 65, 64),
            ("complainant.phone", "1" * 21, 20),
            ("rights[0].number", "1" * 101, 100),
        ]
        for path, value, limit in cases:
            with self.subTest(field=path):
                r = self.file(setpath(complaint_payload(), path, value),
                              lang="en")
                p = self.assertInvalid(r, (path, "too_long"))
                self.assertEqual(p["errors"][0]["message"],
                                 "must be at most %d characters" % limit)

    def test_too_long_shop_url_and_email(self):
        p = ecommerce_payload()
        p["respondent"]["shop_url"] = "https://shop.example.com/" + "a" * 2030
        self.assertInvalid(self.file(p), ("respondent.shop_url", "too_long"))
        p = setpath(complaint_payload(), "complainant.email",
                    "a" * 64 + "@" + "b" * 190 + ".com")
        self.assertInvalid(self.file(p), ("complainant.email", "too_long"))

    def test_too_long_exhibition_fields(self):
        p = exhibition_payload(today_cst())
        p["exhibition"]["name"] = "展" * 201
        p["exhibition"]["booth"] = "B" * 51
        self.assertInvalid(self.file(p), ("exhibition.name", "too_long"),
                           ("exhibition.booth", "too_long"))

    def test_chinese_message_names_the_limit(self):
        p = self.assertInvalid(self.file(complaint_payload(title="标" * 201)),
                               ("title", "too_long"))
        self.assertEqual(p["errors"][0]["message"], "不能超过 200 个字符")

    def test_too_many_rights(self):
        rights = [{"type": "trademark", "number": str(10000 + i)}
                  for i in range(21)]
        p = self.assertInvalid(self.file(complaint_payload(rights=rights),
                                         lang="en"), ("rights", "too_many"))
        self.assertEqual(p["errors"][0]["message"],
                         "must have at most 20 items")

    def test_twenty_rights_are_accepted(self):
        rights = [{"type": "trademark", "number": str(10000 + i)}
                  for i in range(20)]
        self.file_ok(complaint_payload(rights=rights))

    def test_complaint_needs_at_least_one_right(self):
        for p in (complaint_payload(rights=[]),
                  delpath(complaint_payload(), "rights")):
            with self.subTest(rights=p.get("rights")):
                self.assertInvalid(self.file(p), ("rights", "too_few"))


class ValueTest(ApiTest):

    def test_values_outside_the_lists(self):
        cases = [("kind", "both"), ("kind", "Complaint"),
                 ("ip_type", "software"), ("scene", "street"),
                 ("channel", "fax"), ("complainant.id_type", "driver"),
                 ("rights[0].type", "utility"), ("ip_type", "")]
        for path, value in cases:
            with self.subTest(field=path, value=value):
                self.assertInvalid(self.file(setpath(complaint_payload(),
                                                     path, value)),
                                   (path, "invalid_value"))

    def test_unknown_fields_are_refused(self):
        cases = [("priority", "high"), ("complainant.age", 30),
                 ("respondent.boss", "x"), ("rights[0].note", "x"),
                 ("status", "accepted"), ("access_code", "AAAAAAAA")]
        for path, value in cases:
            with self.subTest(field=path):
                self.assertInvalid(self.file(setpath(complaint_payload(),
                                                     path, value)),
                                   (path, "unknown_field"))

    def test_unknown_exhibition_field(self):
        p = exhibition_payload(today_cst())
        p["exhibition"]["hall"] = "5"
        self.assertInvalid(self.file(p), ("exhibition.hall",
                                          "unknown_field"))

    def test_unknown_district(self):
        for code in ("110105", "441301", "441399"):
            with self.subTest(district=code):
                self.assertInvalid(self.file(complaint_payload(
                    district=code)), ("district", "unknown_district"))

    def test_malformed_district(self):
        for code in ("ABCDEF", "041302", "44130", "4413 2", "４４１３０２"):
            with self.subTest(district=code):
                r = self.file(complaint_payload(district=code))
                self.assertInvalid(r, ("district", "invalid_format"))

    def test_staff_channels_are_not_open_to_the_public(self):
        for ch in ("hotline_12345", "platform_12315", "counter", "mail"):
            with self.subTest(channel=ch):
                self.assertInvalid(self.file(complaint_payload(channel=ch)),
                                   ("channel", "channel_not_allowed"))

    def test_exhibition_only_with_the_exhibition_scene(self):
        p = exhibition_payload(today_cst(), scene="offline_shop")
        self.assertInvalid(self.file(p), ("exhibition", "not_allowed"))


class CharacterTest(ApiTest):

    def test_control_and_direction_characters_are_refused(self):
        for ch in ("\u0000", "\u0007", "\u001b", "\u007f", "\u0085",
                   "\u202e", "\u2066", "\ufeff", "\uffff"):
            with self.subTest(char="U+%04X" % ord(ch)):
                r = self.file(complaint_payload(title="标题" + ch + "尾"))
                self.assertInvalid(r, ("title", "forbidden_character"))

    def test_line_breaks_only_in_long_texts(self):
        self.assertInvalid(self.file(complaint_payload(title="一行\n二行")),
                           ("title", "forbidden_character"))
        self.assertInvalid(self.file(setpath(complaint_payload(),
                                             "respondent.name", "某\t公司")),
                           ("respondent.name", "forbidden_character"))
        self.file_ok(complaint_payload(description="一行\n二行\r\n\t三行"))

    def test_forbidden_character_in_a_nested_field(self):
        p = setpath(complaint_payload(), "complainant.name", "张\u202e三")
        self.assertInvalid(self.file(p), ("complainant.name",
                                          "forbidden_character"))

    def test_lone_surrogate_escape_never_stores_invalid_text(self):
        """A lone UTF-16 surrogate (\\ud800) is no character: the body
        is refused, or the value kept with U+FFFD in its place -- never
        stored as invalid UTF-8."""
        body = ('{"kind":"report","ip_type":"other","scene":"other",'
                '"channel":"web","title":"a\\ud800b","description":"d",'
                '"district":"441302","respondent":{"name":"r"}}')
        r = post("/api/v1/complaints", body.encode(),
                 ctype="application/json")
        if r.status == 201:
            v = self.view_ok(r.json["no"], r.json["access_code"])
            self.assertEqual(v["title"], "a\ufffdb")
        elif r.status == 422:
            self.assertInvalid(r, ("title", "forbidden_character"))
        else:
            self.assertProblem(r, 400, "malformed-body")


class SyntaxTest(ApiTest):

    def test_invalid_dates(self):
        for d in ("2026-02-30", "2026/12/01", "20261201", "2026-13-01",
                  "2026-1-1", "1899-12-31", "2100-01-01", "2026-12-01T00:00",
                  "明天"):
            with self.subTest(end_date=d):
                p = exhibition_payload(d)
                self.assertInvalid(self.file(p), ("exhibition.end_date",
                                                  "invalid_date"))

    def test_invalid_mobile_numbers(self):
        for v in ("12345", "+1 4155552671", "010-12345678", "1381234567",
                  "23812345678", "12812345678", "138123456789",
                  "138--12345678", "+86-", "138 1234 567８"):
            with self.subTest(phone=v):
                p = setpath(complaint_payload(), "complainant.phone", v)
                self.assertInvalid(self.file(p), ("complainant.phone",
                                                  "invalid_mobile"))

    def test_invalid_email_addresses(self):
        for v in ("no-at-sign", "a@b", "a..b@example.com", "a@-x.com",
                  ".a@example.com", "a@example.123", "a b@example.com",
                  "a@exa_mple.com", "@example.com"):
            with self.subTest(email=v):
                p = setpath(complaint_payload(), "complainant.email", v)
                self.assertInvalid(self.file(p), ("complainant.email",
                                                  "invalid_email"))

    def test_invalid_shop_urls(self):
        for v in ("ftp://shop.example.com/", "javascript:alert(1)",
                  "shop.example.com", "http://exa mple.com/",
                  "https://shop.example.com/\"><script>",
                  "http://user:pw@shop.example.com/", "http://", "https://.",
                  "http://shop.example.com:0/",
                  "http://shop.example.com:99999/",
                  "http://1.2.3/x", "http://shop.example.com/\u202ex"):
            with self.subTest(url=v):
                p = ecommerce_payload()
                p["respondent"]["shop_url"] = v
                r = self.file(p)
                if "\u202e" in v:
                    self.assertInvalid(r, ("respondent.shop_url",
                                           "forbidden_character"))
                else:
                    self.assertInvalid(r, ("respondent.shop_url",
                                           "invalid_url"))


class IdentifierTest(ApiTest):

    def test_uscc_of_the_wrong_form(self):
        for v in ("123", "91350100M000100Y4", "91350100M000100I43",
                  "91350100m000100y43", "913501A0M000100Y43"):
            with self.subTest(uscc=v):
                p = setpath(complaint_payload(), "respondent.uscc", v)
                self.assertInvalid(self.file(p), ("respondent.uscc",
                                                  "invalid_format"))

    def test_uscc_with_a_wrong_check_character(self):
        body = USCC[:17]
        wrong = next(c for c in "0123456789ABCDEF"
                     if c != uscc_check_char(body))
        p = setpath(complaint_payload(), "respondent.uscc", body + wrong)
        self.assertInvalid(self.file(p), ("respondent.uscc",
                                          "bad_check_character"))

    def test_resident_id_of_the_wrong_form(self):
        for v in ("1101051949123100", "11010519491231002x",
                  "1101051949123100XX", "A1010519491231002X"):
            with self.subTest(id_number=v):
                p = setpath(complaint_payload(), "complainant.id_number", v)
                self.assertInvalid(self.file(p), ("complainant.id_number",
                                                  "invalid_format"))

    def test_resident_id_with_a_wrong_check_character(self):
        p = setpath(complaint_payload(), "complainant.id_number",
                    "110105194912310021")
        self.assertInvalid(self.file(p), ("complainant.id_number",
                                          "bad_check_character"))

    def test_resident_id_with_an_impossible_birth_date(self):
        tomorrow = (today_cst() + timedelta(days=1)).strftime("%Y%m%d")
        for body in ("11010519490231002", "11010518991231002",
                     "110105" + tomorrow + "002", "11010520261301002"):
            with self.subTest(birth=body[6:14]):
                p = setpath(complaint_payload(), "complainant.id_number",
                            resident_id_raw(body))
                self.assertInvalid(self.file(p), ("complainant.id_number",
                                                  "bad_date"))

    def test_other_documents_of_the_wrong_form(self):
        for id_type, v in (("passport", "E1"), ("passport", "E123-4567"),
                           ("hk_macao_permit", "X12345678"),
                           ("hk_macao_permit", "H1234567"),
                           ("taiwan_permit", "1234567"),
                           ("foreign_permanent_resident", "usa110079020101"),
                           ("uscc", "91350100M000100Y4")):
            with self.subTest(id_type=id_type, id_number=v):
                p = complaint_payload(complainant=person(id_type=id_type,
                                                         id_number=v))
                self.assertInvalid(self.file(p), ("complainant.id_number",
                                                  "invalid_format"))

    def test_uscc_as_identity_with_a_wrong_check_character(self):
        body = USCC[:17]
        wrong = next(c for c in "0123456789" if c != uscc_check_char(body))
        p = complaint_payload(complainant=person(id_type="uscc",
                                                 id_number=body + wrong))
        self.assertInvalid(self.file(p), ("complainant.id_number",
                                          "bad_check_character"))

    def test_foreign_resident_card_of_2023_is_checked_like_an_id(self):
        body = "93" + "0000" + "19900101" + "001"
        good = body + id_check_char(body)
        self.file_ok(complaint_payload(complainant=person(
            id_type="foreign_permanent_resident", id_number=good)))
        bad = body + next(c for c in "0123456789X"
                          if c != id_check_char(body))
        p = complaint_payload(complainant=person(
            id_type="foreign_permanent_resident", id_number=bad))
        self.assertInvalid(self.file(p), ("complainant.id_number",
                                          "bad_check_character"))

    def test_filler_uscc_is_no_identity(self):
        p = complaint_payload(complainant=person(
            id_type="uscc", id_number="00000000000000000X"))
        self.assertInvalid(self.file(p), ("complainant.id_number",
                                          "filler_code"))

    def test_patent_number_of_the_wrong_form(self):
        for v in ("ZL20171060186", "ZL201740601862.3", "XX201710601862.3",
                  "ZL2017106018623.3", "专利201710601862.3", "ZL201710601862.Y"):
            with self.subTest(number=v):
                p = complaint_payload(rights=[{"type": "patent",
                                               "number": v}])
                self.assertInvalid(self.file(p), ("rights[0].number",
                                                  "invalid_format"))

    def test_patent_number_with_a_wrong_check_character(self):
        p = complaint_payload(rights=[
            {"type": "trademark", "number": "123"},
            {"type": "patent", "number": "ZL201710601862.4"}])
        self.assertInvalid(self.file(p), ("rights[1].number",
                                          "bad_check_character"))

    def test_patent_number_from_an_impossible_year(self):
        next_year = today_cst().year + 1
        for number in (make_patent(next_year, "1"), make_patent(2002, "1"),
                       "84100012" + patent_check_char("84100012"),
                       "04100012" + patent_check_char("04100012")):
            with self.subTest(number=number):
                p = complaint_payload(rights=[{"type": "patent",
                                               "number": number}])
                self.assertInvalid(self.file(p), ("rights[0].number",
                                                  "bad_date"))

    def test_trademark_numbers_are_digits(self):
        for v in ("TM123", "12345678901", "１２３"):
            with self.subTest(number=v):
                p = complaint_payload(rights=[{"type": "trademark",
                                               "number": v}])
                self.assertInvalid(self.file(p), ("rights[0].number",
                                                  "invalid_format"))


class ManyErrorsTest(ApiTest):

    def test_all_errors_are_reported_at_once(self):
        p = complaint_payload(kind="both", title="标" * 201,
                              district="ABCDEF", extra=1)
        p["complainant"]["phone"] = "123"
        p["respondent"]["uscc"] = "123"
        self.assertInvalid(self.file(p),
                           ("kind", "invalid_value"), ("title", "too_long"),
                           ("district", "invalid_format"),
                           ("extra", "unknown_field"),
                           ("complainant.phone", "invalid_mobile"),
                           ("respondent.uscc", "invalid_format"))

    def test_cross_field_errors_together(self):
        p = complaint_payload(scene="ecommerce", channel="counter",
                              district="110105")
        del p["complainant"]["id_type"]
        self.assertInvalid(self.file(p),
                           ("district", "unknown_district"),
                           ("channel", "channel_not_allowed"),
                           ("complainant.id_type", "required"),
                           ("respondent.shop_url", "required"),
                           ("respondent.platform", "required"))

    def test_errors_do_not_echo_the_values(self):
        """Personal data sent in error is not repeated in the answer."""
        p = complaint_payload()
        p["complainant"].update(id_number="110105194912310021",
                                phone="139123456789", email="x@@example.com")
        r = self.file(p)
        self.assertEqual(r.status, 422, r)
        for v in ("110105194912310021", "139123456789", "x@@example.com",
                  p["complainant"]["name"]):
            self.assertNotIn(v.encode(), r.body)

    def test_messages_in_english(self):
        p = complaint_payload(kind="x")
        body = self.assertInvalid(
            self.file(p, lang="en"), ("kind", "invalid_value"))
        self.assertEqual(body["title"], "Validation failed")
        self.assertEqual(body["errors"][0]["message"],
                         "is not one of the allowed values")


class DuplicateKeyTest(ApiTest):
    """json-c keeps only the last of repeated keys: the server must see
    them in the text and refuse the body."""

    def send(self, text):
        return post("/api/v1/complaints", text.encode("utf-8"),
                    ctype="application/json")

    def test_repeated_top_level_key(self):
        r = self.send('{"kind":"report","kind":"complaint"}')
        self.assertProblem(r, 400, "malformed-body",
                           [("kind", "duplicate_key")])

    def test_repeated_nested_key(self):
        r = self.send('{"respondent":{"name":"a","uscc":"x","name":"b"}}')
        self.assertProblem(r, 400, "malformed-body",
                           [("respondent.name", "duplicate_key")])

    def test_repeated_key_in_an_array_item(self):
        r = self.send('{"rights":[{"type":"patent","number":"1"},'
                      '{"type":"patent","type":"trademark","number":"2"}]}')
        self.assertProblem(r, 400, "malformed-body",
                           [("rights[1].type", "duplicate_key")])

    def test_same_key_in_different_objects_is_fine(self):
        r = self.send('{"complainant":{"name":"a"},"respondent":'
                      '{"name":"b"},"name":1}')
        self.assertEqual(r.status, 422, r)
        codes = {e["code"] for e in r.json["errors"]}
        self.assertNotIn("duplicate_key", codes)
