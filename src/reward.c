/*
 * reward.c -- report rewards.
 */
#include "config.h"

#include "reward.h"

int64_t
reward_amount(const struct reward_rule *r, int level, int64_t base_fen)
{
	int64_t amount;

	if (level < 1 || level > 3 || base_fen < 0 ||
	    base_fen > INT64_MAX / 10000)
		return -1;
	/* Rounded down to the fen: the rule gives "at most" amounts. */
	amount = base_fen * r->rate_bp[level - 1] / 10000;
	if (amount < r->floor[level - 1])
		amount = r->floor[level - 1];
	if (amount > r->cap)
		amount = r->cap;
	return amount;
}
