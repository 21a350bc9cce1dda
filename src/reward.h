/*
 * reward.h -- the report reward (举报奖励) of SPEC section 1, a pure
 * computation over the configured rule (ref.h struct reward_rule).
 */
#ifndef IPDESK_REWARD_H
#define IPDESK_REWARD_H

#include <stdint.h>

#include "ref.h"

/*
 * The reward in fen for a report of level 1-3 whose case led to fines
 * and confiscations of base_fen: the level's rate of the base, at least
 * the level's floor, at most the cap.  Returns -1 for a level outside
 * 1-3 or a negative base.
 */
int64_t reward_amount(const struct reward_rule *r, int level,
    int64_t base_fen);

#endif
