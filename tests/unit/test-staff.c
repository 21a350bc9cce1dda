/*
 * test-staff.c -- the pure modules of the staff side: the password policy
 * and yescrypt hashes, report rewards, query-string decoding.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aid.h"
#include "enums.h"
#include "json_decode.h"
#include "password.h"
#include "pool.h"
#include "query.h"
#include "ref.h"
#include "reward.h"
#include "tap.h"

static void
test_password_policy(void)
{
	is_str(password_problem("short1", "li", 12), "too_short",
	    "fewer than 12 characters is refused");
	is_str(password_problem("Password123", "li", 10), "too_common",
	    "a common password is refused whatever its case");
	is_str(password_problem("woaini1314", "li", 10), "too_common",
	    "a common Chinese-pinyin password is refused");
	is_str(password_problem("aaaaaaaaaaaaa", "li", 12), "too_common",
	    "one character repeated is refused");
	is_str(password_problem("1234567890123", "li", 12), "too_common",
	    "an ascending run of digits is refused");
	is_str(password_problem("zhangwei-Secret-77", "zhangwei", 12),
	    "contains_username", "a password holding the user name is refused");
	is_str(password_problem("ZHANGWEI-secret-77", "zhangwei", 12),
	    "contains_username", "the user name is found case-insensitively");
	ok(password_problem("Correct-Horse-88", "li", 12) == NULL,
	    "a long uncommon password is accepted");
	ok(password_problem("知识产权保护平台密码甲乙丙", "li", 12) == NULL,
	    "length counts characters, not bytes");
	is_str(password_problem("知识产权保护平台", "li", 12), "too_short",
	    "eight Chinese characters are eight, not twenty-four");
	is_str(password_problem("bad\001control-char", "li", 12),
	    "forbidden_character", "control characters are refused");
}

static void
test_password_hash(void)
{
	char h[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];

	ok(password_hash("Correct-Horse-88", h, sizeof(h)) == 0,
	    "a password hashes");
	ok(strncmp(h, "$y$", 3) == 0, "the hash is yescrypt ($y$)");
	ok(password_verify("Correct-Horse-88", h), "the right password verifies");
	ok(!password_verify("Correct-Horse-89", h), "a wrong one does not");
	ok(!password_verify("", h), "an empty one does not");
	ok(password_hash("Correct-Horse-88", h2, sizeof(h2)) == 0 &&
	    strcmp(h, h2) != 0, "two hashes of one password differ (salt)");
	ok(!password_verify("x", "not-a-hash"), "a malformed hash never verifies");
	ok(!password_verify("x", NULL), "a missing hash never verifies");
}

static void
test_reward(void)
{
	struct reward_rule r = { { 500, 300, 100 },
	    { 500000, 300000, 100000 }, 100000000 };

	/* 5% of 1,000,000 yuan is 50,000 yuan. */
	is_int(reward_amount(&r, 1, 100000000), 5000000,
	    "level 1: 5%% of the fines and confiscations");
	is_int(reward_amount(&r, 2, 100000000), 3000000, "level 2: 3%%");
	is_int(reward_amount(&r, 3, 100000000), 1000000, "level 3: 1%%");
	is_int(reward_amount(&r, 1, 2000000), 500000,
	    "level 1 floor: 5%% of 20,000 yuan is below 5,000 yuan");
	is_int(reward_amount(&r, 2, 0), 300000, "level 2 floor with no fine");
	is_int(reward_amount(&r, 3, 0), 100000, "level 3 floor");
	is_int(reward_amount(&r, 1, 10000000000LL), 100000000,
	    "the cap: 1,000,000 yuan a case");
	is_int(reward_amount(&r, 1, 2000000001), 100000000,
	    "just over the cap's base is capped");
	is_int(reward_amount(&r, 1, 12345), 500000, "small bases get the floor");
	is_int(reward_amount(&r, 3, 1000000099), 10000000,
	    "amounts are rounded down to the fen");
	is_int(reward_amount(&r, 0, 100), -1, "level 0 is refused");
	is_int(reward_amount(&r, 4, 100), -1, "level 4 is refused");
	is_int(reward_amount(&r, 1, -1), -1, "a negative base is refused");
}

struct qin {
	int		 status;
	const char	*q;
	int32_t		 from;
	struct opt_i64	 limit;
};

static const struct qspec qspecs[] = {
	{ "status", QS_ENUM, offsetof(struct qin, status), 0, 0, 0, EN_STATUS },
	{ "q", QS_STR, offsetof(struct qin, q), 10, 0, 0, 0 },
	{ "from", QS_DATE, offsetof(struct qin, from), 0, 0, 0, 0 },
	{ "limit", QS_INT, offsetof(struct qin, limit), 0, 1, 200, 0 },
};

static enum qs_result
qd(struct pool *p, const char *q, struct qin *in, struct verrs *v)
{
	memset(v, 0, sizeof(*v));
	return query_decode(p, q, qspecs, sizeof(qspecs) / sizeof(qspecs[0]),
	    in, v);
}

static void
test_query(void)
{
	struct pool	*p = pool_new(1 << 20);
	struct qin	 in;
	struct verrs	 v;

	is_int(qd(p, "", &in, &v), QS_OK, "an empty query decodes");
	ok(in.status == -1 && in.q == NULL && in.from == 0 && !in.limit.set,
	    "absent parameters are absent");
	is_int(qd(p, "status=assigned&q=%E4%BE%B5%E6%9D%83+x&from=2026-10-08&"
	    "limit=20", &in, &v), QS_OK, "every type decodes");
	is_int(in.status, ST_ASSIGNED, "an enum value");
	is_str(in.q, "侵权 x", "percent-encoded UTF-8 and + as space");
	is_int(in.from, 20261008, "a date");
	ok(in.limit.set && in.limit.v == 20, "an integer");
	is_int(qd(p, "status=", &in, &v), QS_OK, "an empty value is absent");
	is_int(in.status, -1, "so status stays absent");
	is_int(qd(p, "bogus=1", &in, &v), QS_INVALID, "unknown parameters");
	is_str(v.e[0].field, "bogus", "are named");
	is_str(v.e[0].code, "unknown_field", "as unknown_field");
	is_int(qd(p, "limit=1&limit=2", &in, &v), QS_INVALID, "repeats");
	is_str(v.e[0].code, "duplicate_key", "are duplicate_key");
	is_int(qd(p, "limit=0", &in, &v), QS_INVALID, "out of range");
	is_str(v.e[0].code, "out_of_range", "is out_of_range");
	is_int(qd(p, "limit=012", &in, &v), QS_INVALID,
	    "leading zeros are refused");
	is_int(qd(p, "status=open", &in, &v), QS_INVALID, "bad enum values");
	is_str(v.e[0].code, "invalid_value", "are invalid_value");
	is_int(qd(p, "from=2026-02-30", &in, &v), QS_INVALID, "unreal dates");
	is_int(qd(p, "q=%E4%BE", &in, &v), QS_MALFORMED,
	    "a truncated UTF-8 sequence is malformed");
	is_int(qd(p, "q=%4", &in, &v), QS_MALFORMED, "a short escape");
	is_int(qd(p, "q=%zz", &in, &v), QS_MALFORMED, "a non-hex escape");
	is_int(qd(p, "q=a%00b", &in, &v), QS_MALFORMED, "an encoded NUL");
	is_int(qd(p, "q=a%0Ab", &in, &v), QS_MALFORMED, "an encoded newline");
	is_int(qd(p, "q=12345678901", &in, &v), QS_INVALID,
	    "text over its length");
	is_str(v.e[0].code, "too_long", "is too_long");
	is_int(qd(p, "q=%E4%BE%B5%E6%9D%83%E4%BE%B5%E6%9D%83%E4%BE%B5%E6%9D%83"
	    "%E4%BE%B5%E6%9D%83%E4%BE%B5%E6%9D%83", &in, &v), QS_OK,
	    "ten Chinese characters fit a limit of ten");
	is_int(qd(p, "a=1&&limit=3", &in, &v), QS_INVALID,
	    "an empty item is skipped but the unknown one counts");
	pool_free(p);
}

static void
test_subsidy(void)
{
	int64_t cap = 20000000;	/* 200,000 yuan */

	is_int(subsidy_grant(3000, cap, 0, 10000000), 3000000,
	    "30%% of 100,000 yuan is 30,000 yuan");
	is_int(subsidy_grant(3000, cap, 0, 33333), 9999,
	    "grants are rounded down to the fen");
	is_int(subsidy_grant(3000, cap, 18000000, 10000000), 2000000,
	    "a claim that reaches the cap gets what is left");
	is_int(subsidy_grant(3000, cap, cap, 10000000), 0,
	    "nothing is left after the cap");
	is_int(subsidy_grant(3000, cap, cap + 1, 10000000), 0,
	    "never negative even past the cap");
	is_int(subsidy_grant(3000, cap, 0, 0), 0, "no costs, no grant");
	is_int(subsidy_grant(3000, cap, 0, 100000000), cap,
	    "a single large claim is capped at 200,000 yuan");
	is_int(subsidy_grant(0, cap, 0, 100), 0, "a rate of 0 grants nothing");
}

static void
test_priority(void)
{
	struct refdata	*ref = calloc(1, sizeof(*ref));
	int32_t		 t = 20000;

	ref->aid.urgent_days = 7;
	ref->aid.high_days = 30;
	ref->aid.small_first = 1;
	is_int(aid_priority(ref, t + 3, SIZE_LARGE, t), PRIO_URGENT,
	    "a deadline in 3 days is urgent");
	is_int(aid_priority(ref, t + 6, SIZE_LARGE, t), PRIO_URGENT,
	    "6 days is under 7: urgent");
	is_int(aid_priority(ref, t + 7, SIZE_LARGE, t), PRIO_HIGH,
	    "exactly 7 days is not under 7: high");
	is_int(aid_priority(ref, t + 29, SIZE_LARGE, t), PRIO_HIGH,
	    "29 days is high");
	is_int(aid_priority(ref, t + 30, SIZE_LARGE, t), PRIO_NORMAL,
	    "exactly 30 days is normal for a large firm");
	is_int(aid_priority(ref, t + 31, SIZE_LARGE, t), PRIO_NORMAL,
	    "31 days is normal for a large firm");
	is_int(aid_priority(ref, t + 31, SIZE_MICRO, t), PRIO_HIGH,
	    "a micro firm goes a band up");
	is_int(aid_priority(ref, t + 8, SIZE_SMALL, t), PRIO_HIGH,
	    "but never to urgent on size alone");
	is_int(aid_priority(ref, 0, SIZE_MEDIUM, t), PRIO_NORMAL,
	    "no deadline: normal");
	is_int(aid_priority(ref, t - 1, SIZE_LARGE, t), PRIO_URGENT,
	    "a passed deadline stays urgent");
	ref->aid.small_first = 0;
	is_int(aid_priority(ref, t + 31, SIZE_MICRO, t), PRIO_NORMAL,
	    "without small_first size does not count");
	free(ref);
}

int
main(void)
{
	test_subsidy();
	test_priority();
	test_password_policy();
	test_password_hash();
	test_reward();
	test_query();
	return tap_done();
}
