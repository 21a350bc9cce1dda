/*
 * roster.h -- what the mediator and expert rosters share: specialities
 * kept as comma-separated codes, and the comparisons behind recusal.
 */
#ifndef IPDESK_ROSTER_H
#define IPDESK_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#include "enums.h"

struct ctx;

/* Whether the comma-separated list holds item (NULLs hold nothing). */
bool roster_listed(const char *list, const char *item);
/* How many items of list a are in list b. */
int roster_overlap(const char *a, const char *b);
/* Whether two normalised names or codes are the same and not empty. */
bool roster_same(const char *a, const char *b);
/* "a,b,c" from n strings (strs) or, when strs is NULL, from n codes of
 * enum id (codes); a pool string. */
char *roster_join(struct ctx *ctx, const char *const *strs, const int *codes,
    size_t n, enum enumid id);

struct json_object;
/* "a,b" as the JSON array ["a", "b"]. */
struct json_object *roster_list_json(const char *list);

struct fs_env;
/* A free-text item of a roster list (an industry, a language): the list
 * is stored comma-joined, so an item holds no comma.  An fs_check_fn. */
const char *roster_item_check(const char *s, size_t len,
    const struct fs_env *env);

#endif
