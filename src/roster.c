/*
 * roster.c -- lists of codes and the comparisons of recusal.
 */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "db.h"
#include "json_decode.h"
#include "num.h"
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

enum err
roster_list(struct ctx *ctx, struct resp *resp, enum sqlstmt stmt,
    const char *key, roster_json_fn json)
{
	struct json_object	*a, *o;
	struct dbrow		 row;
	int			 rc;

	if ((rc = db_query(ctx->db, stmt, DBNOARGS)) != DB_OK)
		return err_from_db(rc);
	a = json_object_new_array();
	while ((rc = db_fetch(ctx->db, &row)) == 1)
		json_object_array_add(a, json(&row));
	db_end(ctx->db);
	if (rc < 0) {
		json_object_put(a);
		return err_from_db(rc);
	}
	o = json_object_new_object();
	json_object_object_add(o, key, a);
	return resp_json(resp, 200, o);
}

enum err
roster_answer(struct ctx *ctx, struct resp *resp, enum sqlstmt stmt,
    int64_t id, int status, roster_json_fn json)
{
	struct dbrow	 row;
	int		 rc;

	rc = db_one(ctx->db, stmt, DBARGS(dbint(id)), &row);
	if (rc < 0)
		return err_from_db(rc);
	return rc == 0 ? ERR_NOT_FOUND : resp_json(resp, status, json(&row));
}

enum err
roster_get(struct ctx *ctx, struct req *req, struct resp *resp,
    enum sqlstmt stmt, roster_json_fn json)
{
	int64_t id;

	if (num_i64z(req->params[0], 1, INT32_MAX, &id) == -1)
		return ERR_NOT_FOUND;
	return roster_answer(ctx, resp, stmt, id, 200, json);
}

enum err
roster_user(struct ctx *ctx, const char *username, unsigned role,
    const char *code, struct resp *resp, int64_t *id)
{
	struct dbrow	 row;
	int		 rc;

	*id = 0;
	if (username == NULL)
		return ERR_OK;
	rc = db_one(ctx->db, SQL_STAFF_BY_NAME, DBARGS(dbstr(username)), &row);
	if (rc < 0)
		return err_from_db(rc);
	if (rc == 0 || !((unsigned)row.c[1].i & role)) {
		verr_add(resp->errs, "username", code, 0);
		return ERR_VALIDATION;
	}
	*id = row.c[0].i;
	return ERR_OK;
}

void
roster_identity_fixed(struct verrs *v, const char *name,
    const char *organisation, const char *uscc, const char *username)
{
	if (name != NULL)
		verr_add(v, "name", "not_allowed", 0);
	if (organisation != NULL)
		verr_add(v, "organisation", "not_allowed", 0);
	if (uscc != NULL)
		verr_add(v, "organisation_uscc", "not_allowed", 0);
	if (username != NULL)
		verr_add(v, "username", "not_allowed", 0);
}
