"""
Feedback (回访): POST /api/v1/complaints/{no}/feedback with the access
code, a score 1-5 and a comment, once the case is resolved.  The public
side alone cannot resolve a case, so these tests cover what the public
can reach: the checks of the body and the state conflict before
resolution.
"""
from ipdesk import ApiTest, complaint_row, fresh_address, post, post_json


def feedback(no, code, body, **kw):
    return post_json("/api/v1/complaints/%s/feedback" % no, body, code=code,
                     **kw)


class FeedbackTest(ApiTest):

    def setUp(self):
        b = self.file_ok()
        self.no, self.code = b["no"], b["access_code"]

    def test_feedback_before_resolution_is_a_conflict(self):
        r = feedback(self.no, self.code, {"score": 5, "comment": "很满意"})
        p = self.assertProblem(r, 409, "state-conflict")
        self.assertRegex(p["detail"], r"[\u4e00-\u9fff]")
        r = feedback(self.no, self.code, {"score": 5}, lang="en")
        p = self.assertProblem(r, 409, "state-conflict")
        self.assertIn("resolved", p["detail"])
        self.assertIsNone(complaint_row(self.no, "feedback_score")[0])

    def test_score_is_checked(self):
        for score, code in ((0, "out_of_range"), (6, "out_of_range"),
                            (-1, "out_of_range"), ("5", "wrong_type"),
                            (4.5, "wrong_type"), (None, "required"),
                            (True, "wrong_type")):
            with self.subTest(score=score):
                r = feedback(self.no, self.code, {"score": score})
                self.assertInvalid(r, ("score", code))

    def test_score_is_required(self):
        self.assertInvalid(feedback(self.no, self.code, {}),
                           ("score", "required"))
        r = post("/api/v1/complaints/%s/feedback" % self.no, code=self.code)
        self.assertInvalid(r, ("score", "required"))

    def test_comment_is_checked(self):
        self.assertInvalid(feedback(self.no, self.code,
                                    {"score": 3, "comment": "评" * 1001}),
                           ("comment", "too_long"))
        self.assertInvalid(feedback(self.no, self.code,
                                    {"score": 3, "rating": 3}),
                           ("rating", "unknown_field"))

    def test_feedback_needs_the_access_code(self):
        src = fresh_address()
        r = feedback(self.no, "ABCDEFGH", {"score": 5}, source=src)
        self.assertProblem(r, 404, "not-found")
        r = feedback(self.no, None, {"score": 5}, source=src)
        self.assertProblem(r, 404, "not-found")
