/*
 * roster.c -- lists of codes and the comparisons of recusal.
 */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "pool.h"
#include "roster.h"

bool
roster_listed(const char *list, const char *item)
{
	size_t n;

	if (list == NULL || item == NULL)
		return false;
	n = strlen(item);
	while (*list != '\0') {
		size_t k = strcspn(list, ",");

		if (k == n && strncmp(list, item, n) == 0)
			return true;
		list += k + (list[k] == ',');
	}
	return false;
}

int
roster_overlap(const char *a, const char *b)
{
	char	 item[64];
	int	 n = 0;

	while (a != NULL && *a != '\0') {
		size_t k = strcspn(a, ",");

		if (k < sizeof(item)) {
			memcpy(item, a, k);
			item[k] = '\0';
			n += roster_listed(b, item);
		}
		a += k + (a[k] == ',');
	}
	return n;
}

bool
roster_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0;
}

char *
roster_join(struct ctx *ctx, const char *const *strs, const int *codes,
    size_t n, enum enumid id)
{
	size_t	 i, len = 1;
	char	*out, *p;

	for (i = 0; i < n; i++)
		len += strlen(strs ? strs[i] : enum_code(id, codes[i])) + 1;
	if ((out = pool_alloc(ctx->pool, len)) == NULL)
		return NULL;
	for (i = 0, p = out; i < n; i++) {
		const char	*v = strs ? strs[i] : enum_code(id, codes[i]);
		size_t		 k = strlen(v);

		if (i > 0)
			*p++ = ',';
		memcpy(p, v, k);
		p += k;
	}
	*p = '\0';
	return out;
}

struct json_object *
roster_list_json(const char *list)
{
	struct json_object *a = json_object_new_array();

	while (list != NULL && *list != '\0') {
		size_t n = strcspn(list, ",");

		json_object_array_add(a, json_object_new_string_len(list,
		    (int)n));
		list += n + (list[n] == ',');
	}
	return a;
}

const char *
roster_item_check(const char *s, size_t len, const struct fs_env *env)
{
	(void)env;
	return memchr(s, ',', len) != NULL ? "invalid_format" : NULL;
}
