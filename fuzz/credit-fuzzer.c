/*
 * credit-fuzzer.c -- libFuzzer driver of the credit record checks: the
 * field specs of the platform's layouts (json_decode), the checks across
 * fields (credit_check), the canonical content and the facts.
 *
 * The first byte picks the layout (even: penalty, odd: inspection), the
 * rest is the body.  Beyond the sanitizers it checks the contract: a
 * record that passes has canonical content that is a JSON object whose
 * keys are the layout's codes in strictly ascending order, each value a
 * non-empty string without leading or trailing white space; its facts
 * name a party and a decision day.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "credit.h"
#include "http_route.h"
#include "json_decode.h"
#include "pool.h"
#include "workdays.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct pool *pool;

static void
check_content(const struct buf *b)
{
	struct json_object	*o = json_tokener_parse(buf_str(b));
	const char		*prev = "";

	if (o == NULL || !json_object_is_type(o, json_type_object))
		abort();
	json_object_object_foreach(o, k, v) {
		const char *s;
		size_t n;

		if (strcmp(prev, k) >= 0 || !json_object_is_type(v,
		    json_type_string))
			abort();
		s = json_object_get_string(v);
		n = strlen(s);
		if (n == 0 || s[0] == ' ' || s[n - 1] == ' ')
			abort();
		prev = k;
	}
	json_object_put(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fs_env		 env = { 20261121 };
	const struct bodyspec	*spec;
	enum credit_kind	 kind;
	struct credit_facts	 f;
	struct verrs		 v;
	struct buf		 b;
	void			*in;
	const char		*detail;

	if (size < 1)
		return 0;
	if (pool == NULL && (pool = pool_new(8u * 1024 * 1024)) == NULL)
		abort();
	pool_reset(pool);
	kind = data[0] % 2 ? CK_INSPECTION : CK_PENALTY;
	spec = kind == CK_PENALTY ? &penalty_spec : &inspection_spec;
	if ((in = pool_alloc(pool, spec->size)) == NULL)
		abort();
	memset(&v, 0, sizeof(v));
	if (json_decode(pool, &env, (const char *)data + 1, size - 1,
	    spec->fields, spec->nfields, in, &v, &detail) != JD_OK)
		return 0;
	credit_check(kind, in, day_from_ymd(2026, 11, 21), &v);
	if (v.n > 0)
		return 0;
	buf_init(&b, 1u << 20);
	if (credit_content(kind, in, &b) != 0)
		abort();
	check_content(&b);
	buf_free(&b);
	credit_facts(pool, kind, in, 1000000, 10000000, &f);
	if (f.party_name == NULL || f.decided == 0 || f.categories == NULL)
		abort();
	return 0;
}
