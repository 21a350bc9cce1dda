/*
 * jsonout.c -- constructors of answer values (see jsonout.h).
 */
#include "config.h"

#include <json-c/json.h>

#include "jsonout.h"
#include "num.h"
#include "pool.h"
#include "timeutil.h"
#include "workdays.h"

struct json_object *
jstr(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

struct json_object *
jenum(enum enumid id, int i)
{
	return i >= 0 ? json_object_new_string(enum_code(id, i)) : NULL;
}

struct json_object *
jtime(int64_t ms)
{
	char buf[40];

	return ms != 0 ? json_object_new_string(time_iso(ms, buf,
	    sizeof(buf))) : NULL;
}

struct json_object *
jday(int32_t day)
{
	char buf[16];

	return day > 0 ? json_object_new_string(day_format(day, buf,
	    sizeof(buf))) : NULL;
}

struct json_object *
jmoney(struct opt_i64 v)
{
	char buf[32];

	return v.set ? json_object_new_string(num_fen_format(v.v, buf,
	    sizeof(buf))) : NULL;
}

void
jput(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

const char *
jreason(struct pool *pool, const char *reason)
{
	struct json_object	*o;
	const char		*t;

	if (reason == NULL)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "reason", json_object_new_string(reason));
	t = jtext(pool, o);
	json_object_put(o);
	return t;
}

const char *
jtext(struct pool *pool, struct json_object *o)
{
	return o == NULL ? NULL : pool_strdup(pool,
	    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
}

const char *
jdetail(struct pool *pool, struct json_object *o)
{
	return o != NULL && json_object_object_length(o) > 0 ?
	    jtext(pool, o) : NULL;
}
