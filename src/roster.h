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

/* ---- the roster routes (mediators, experts) ---- */

#include "db.h"
#include "http.h"

struct dbrow;
struct req;
struct resp;
struct verrs;

/* A row of a roster's list/get statement as its JSON object. */
typedef struct json_object *(*roster_json_fn)(const struct dbrow *);

/* Answers every row of stmt as {key: [...]}. */
enum err roster_list(struct ctx *ctx, struct resp *resp, enum sqlstmt stmt,
    const char *key, roster_json_fn json);
/* Answers row id of stmt with status, or 404. */
enum err roster_answer(struct ctx *ctx, struct resp *resp, enum sqlstmt stmt,
    int64_t id, int status, roster_json_fn json);
/* GET .../{id}: the entry of stmt. */
enum err roster_get(struct ctx *ctx, struct req *req, struct resp *resp,
    enum sqlstmt stmt, roster_json_fn json);
/* The staff account (username, or none) an entry logs in with: it must
 * exist and hold role, else the field error code on "username".  *id is
 * its id, 0 for none. */
enum err roster_user(struct ctx *ctx, const char *username, unsigned role,
    const char *code, struct resp *resp, int64_t *id);
/* An update keeps the identity registered: these fields are refused. */
void roster_identity_fixed(struct verrs *v, const char *name,
    const char *organisation, const char *uscc, const char *username);

#endif
