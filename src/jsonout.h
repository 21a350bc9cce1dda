/*
 * jsonout.h -- small constructors for answers: each returns NULL (JSON
 * null once added) for an absent value, so writers can add every key.
 */
#ifndef IPDESK_JSONOUT_H
#define IPDESK_JSONOUT_H

#include <stdint.h>

#include "enums.h"
#include "json_decode.h"

struct json_object;
struct pool;

/* A string, or null for NULL. */
struct json_object *jstr(const char *s);
/* The code of enum value i, or null for i < 0. */
struct json_object *jenum(enum enumid id, int i);
/* An ISO 8601 time with +08:00, or null for 0. */
struct json_object *jtime(int64_t ms);
/* "YYYY-MM-DD", or null for day <= 0. */
struct json_object *jday(int32_t day);
/* Yuan with two decimals ("1234.50") from fen, or null when unset. */
struct json_object *jmoney(struct opt_i64 v);
/* o as compact JSON text in pool (slashes not escaped); NULL for NULL. */
const char *jtext(struct pool *pool, struct json_object *o);
/* An event's detail: o as text, or NULL when o has no member. */
const char *jdetail(struct pool *pool, struct json_object *o);
/* The event detail {"reason": reason} as text in pool; NULL for NULL. */
const char *jreason(struct pool *pool, const char *reason);
/* Adds key: v to object o (v NULL adds null); takes v's reference. */
void jput(struct json_object *o, const char *key, struct json_object *v);

#endif
