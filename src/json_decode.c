/*
 * json_decode.c -- strict JSON bodies into C structs by field specs.
 *
 * json-c parses (strict mode, UTF-8 validated, depth-limited); a scan of
 * the raw text then counts the members of every object, because json-c
 * keeps only the last of duplicate keys and would otherwise hide them.
 * Finally the tree is walked against the specs.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "enums.h"
#include "json_decode.h"
#include "num.h"
#include "pool.h"
#include "utf8.h"
#include "validate.h"

struct dctx {
	struct pool		*pool;
	const struct fs_env	*env;
	struct verrs		*errs;
	int			 nomem;
};

void
verr_add(struct verrs *v, const char *field, const char *code, int64_t param)
{
	if (v->n >= VERR_MAX)
		return;
	snprintf(v->e[v->n].field, sizeof(v->e[v->n].field), "%s", field);
	v->e[v->n].code = code;
	v->e[v->n].param = param;
	v->n++;
}

bool
verr_has(const struct verrs *v, const char *field)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->e[i].field, field) == 0)
			return true;
	return false;
}

void
verr_required(struct verrs *v, const char *field)
{
	if (!verr_has(v, field))
		verr_add(v, field, "required", 0);
}

/* Writes parent.name or parent[idx] into dst; a path longer than dst is
 * cut (paths are bounded like everything else). */
static void
path_join(char *dst, size_t sz, const char *parent, const char *name,
    long idx)
{
	int n;

	if (name == NULL)
		n = snprintf(dst, sz, "%s[%ld]", parent, idx);
	else if (parent[0] == '\0')
		n = snprintf(dst, sz, "%s", name);
	else
		n = snprintf(dst, sz, "%s.%s", parent, name);
	if (n < 0)
		dst[0] = '\0';
}

void
verr_addf(struct verrs *v, const char *parent, const char *name, long idx,
    const char *code, int64_t param)
{
	char path[VERR_FIELD];

	path_join(path, sizeof(path), parent, name, idx);
	verr_add(v, path, code, param);
}

/* ---- duplicate keys ------------------------------------------------ */

/* Counts the members of every object of the text, in document order. */
static size_t *
count_members(struct pool *pool, const char *s, size_t len, size_t *nobj)
{
	size_t	 i, nbrace = 0, depth = 0, k = 0;
	size_t	*counts, stack[JD_MAX_DEPTH + 2];
	int	 isobj[JD_MAX_DEPTH + 2], instr = 0;

	for (i = 0; i < len; i++)
		if (s[i] == '{')
			nbrace++;
	if ((counts = pool_alloc(pool, (nbrace + 1) * sizeof(*counts))) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (instr) {
			if (c == '\\')
				i++;
			else if (c == '"')
				instr = 0;
			continue;
		}
		if (c == '"')
			instr = 1;
		else if ((c == '{' || c == '[') && depth < JD_MAX_DEPTH + 2) {
			isobj[depth] = c == '{';
			stack[depth++] = c == '{' ? k++ : 0;
		} else if ((c == '}' || c == ']') && depth > 0)
			depth--;
		else if (c == ':' && depth > 0 && isobj[depth - 1])
			counts[stack[depth - 1]]++;
	}
	*nobj = k;
	return counts;
}

/* Finds the first key that occurs twice among the direct members of the
 * k-th object of the text; NULL if none can be named. */
static const char *
dup_key_name(struct pool *pool, const char *s, size_t len, size_t k)
{
	size_t		 i, depth = 0, seen = 0, base = 0, nkeys = 0, j;
	const char	*keys[64];
	int		 instr = 0, found = 0, expect_key = 0;
	size_t		 kstart = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (instr) {
			if (c == '\\')
				i++;
			else if (c == '"') {
				instr = 0;
				if (found && expect_key && depth == base &&
				    nkeys < 64) {
					struct json_object *o;
					char *lit;

					lit = pool_strndup(pool, s + kstart,
					    i - kstart + 1);
					o = lit ? json_tokener_parse(lit) : NULL;
					if (o != NULL) {
						keys[nkeys++] = pool_strdup(
						    pool, json_object_get_string(o));
						json_object_put(o);
					}
					expect_key = 0;
				}
			}
			continue;
		}
		if (c == '"') {
			instr = 1;
			kstart = i;
		} else if (c == '{' || c == '[') {
			depth++;
			if (c == '{' && !found && seen++ == k) {
				found = 1;
				base = depth;
				expect_key = 1;
			}
		} else if (c == '}' || c == ']') {
			if (found && depth == base)
				break;
			depth--;
		} else if (c == ',' && found && depth == base)
			expect_key = 1;
	}
	for (i = 0; i < nkeys; i++)
		for (j = i + 1; j < nkeys; j++)
			if (keys[i] && keys[j] && strcmp(keys[i], keys[j]) == 0)
				return keys[i];
	return NULL;
}

struct dupwalk {
	const size_t	*counts;
	size_t		 nobj;
	size_t		 k;
	size_t		 bad;	/* index of the object with a duplicate */
	char		 path[VERR_FIELD];
};

/* Pre-order walk comparing json-c's member counts with the text's.
 * Returns 1 at the first object that lost members. */
static int
dup_walk(struct dupwalk *w, struct json_object *o, const char *path)
{
	char sub[VERR_FIELD];

	if (json_object_is_type(o, json_type_object)) {
		size_t me = w->k++;

		if (me >= w->nobj ||
		    (size_t)json_object_object_length(o) != w->counts[me]) {
			w->bad = me;
			snprintf(w->path, sizeof(w->path), "%s", path);
			return 1;
		}
		json_object_object_foreach(o, key, val) {
			path_join(sub, sizeof(sub), path, key, 0);
			if (val != NULL && dup_walk(w, val, sub))
				return 1;
		}
	} else if (json_object_is_type(o, json_type_array)) {
		size_t i, n = json_object_array_length(o);

		for (i = 0; i < n; i++) {
			struct json_object *e = json_object_array_get_idx(o, i);

			path_join(sub, sizeof(sub), path, NULL, (long)i);
			if (e != NULL && dup_walk(w, e, sub))
				return 1;
		}
	}
	return 0;
}

/* Returns 1 and records an error when some object repeats a key. */
static int
check_duplicates(struct dctx *d, struct json_object *root, const char *s,
    size_t len)
{
	struct dupwalk	 w;
	const char	*key;
	char		 path[VERR_FIELD];

	memset(&w, 0, sizeof(w));
	if ((w.counts = count_members(d->pool, s, len, &w.nobj)) == NULL) {
		d->nomem = 1;
		return 1;
	}
	if (!dup_walk(&w, root, ""))
		return 0;
	key = dup_key_name(d->pool, s, len, w.bad);
	if (key != NULL)
		path_join(path, sizeof(path), w.path, key, 0);
	else
		snprintf(path, sizeof(path), "%s", w.path);
	verr_add(d->errs, path, "duplicate_key", 0);
	return 1;
}

/* ---- decoding by spec ---------------------------------------------- */

#define AT(out, off, type) ((type *)(void *)((char *)(out) + (off)))

static void decode_obj(struct dctx *, struct json_object *,
    const struct fspec *, size_t, void *, const char *);

/* Sets every member named by the specs to its absent value. */
static void
set_absent(const struct fspec *fs, size_t n, void *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct fspec *f = &fs[i];

		switch (f->type) {
		case FS_STR:
		case FS_TEXT:
			*AT(out, f->off, const char *) = NULL;
			break;
		case FS_ENUM:
		case FS_BOOL:
			*AT(out, f->off, int) = -1;
			break;
		case FS_INT:
		case FS_MONEY:
		case FS_WAN:
			AT(out, f->off, struct opt_i64)->set = false;
			AT(out, f->off, struct opt_i64)->v = 0;
			break;
		case FS_DATE:
			*AT(out, f->off, int32_t) = 0;
			break;
		case FS_OBJ:
		case FS_ARR_OBJ:
		case FS_ARR_STR:
		case FS_ARR_ENUM:
			*AT(out, f->off, void *) = NULL;
			if (f->type != FS_OBJ)
				*AT(out, f->cnt, size_t) = 0;
			break;
		default:
			break;
		}
	}
}

/*
 * Checks and copies a string value.  Returns the pool copy, or NULL with
 * *absent set when blank, or NULL after recording an error.
 */
static const char *
take_string(struct dctx *d, struct json_object *v, const struct fspec *f,
    size_t maxchars, const char *path, int *absent)
{
	const char	*s;
	size_t		 len, start, tlen, nchars;
	const char	*code;
	char		*copy;

	*absent = 0;
	if (!json_object_is_type(v, json_type_string)) {
		verr_add(d->errs, path, "wrong_type", 0);
		return NULL;
	}
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (memchr(s, '\0', len) != NULL ||
	    utf8_has_forbidden(s, len, f->type == FS_TEXT)) {
		verr_add(d->errs, path, "forbidden_character", 0);
		return NULL;
	}
	tlen = utf8_trim(s, len, &start);
	if (tlen == 0) {
		*absent = 1;
		return NULL;
	}
	nchars = utf8_count(s + start, tlen);
	if (f->min > 0 && f->type != FS_ARR_STR && nchars < f->min) {
		verr_add(d->errs, path, "too_short", (int64_t)f->min);
		return NULL;
	}
	if (maxchars > 0 && nchars > maxchars) {
		verr_add(d->errs, path, "too_long", (int64_t)maxchars);
		return NULL;
	}
	if (f->check != NULL &&
	    (code = f->check(s + start, tlen, d->env)) != NULL) {
		verr_add(d->errs, path, code, 0);
		return NULL;
	}
	if ((copy = pool_strndup(d->pool, s + start, tlen)) == NULL)
		d->nomem = 1;
	return copy;
}

static int
take_enum(struct dctx *d, struct json_object *v, int en, const char *path)
{
	int i;

	if (!json_object_is_type(v, json_type_string)) {
		verr_add(d->errs, path, "wrong_type", 0);
		return -1;
	}
	i = enum_find((enum enumid)en, json_object_get_string(v),
	    (size_t)json_object_get_string_len(v));
	if (i < 0)
		verr_add(d->errs, path, "invalid_value", 0);
	return i;
}

/* Money: yuan with at most two decimals (FS_MONEY) or 万元 with at most
 * six (FS_WAN), both into fen; a JSON integer, or a decimal number or
 * string.  Doubles are read from their source text, never through binary
 * floating point. */
static void
take_money(struct dctx *d, struct json_object *v, const struct fspec *f,
    const char *path, struct opt_i64 *out)
{
	const int	 decimals = f->type == FS_WAN ? 6 : 2;
	const int64_t	 unit = f->type == FS_WAN ? 1000000 : 100;
	const char	*s;
	int64_t		 fen;

	if (json_object_is_type(v, json_type_int)) {
		int64_t y = json_object_get_int64(v);

		if (y < 0 || y > f->imax / unit) {
			verr_add(d->errs, path, "out_of_range", f->imax / unit);
			return;
		}
		out->set = true;
		out->v = y * unit;
		return;
	}
	if (json_object_is_type(v, json_type_double))
		s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
	else if (json_object_is_type(v, json_type_string))
		s = json_object_get_string(v);
	else {
		verr_add(d->errs, path, "wrong_type", 0);
		return;
	}
	if (s == NULL || num_scaled(s, strlen(s), decimals, f->imax,
	    &fen) == -1) {
		verr_add(d->errs, path, f->type == FS_WAN ?
		    "invalid_wan_amount" : "invalid_amount", f->imax / unit);
		return;
	}
	out->set = true;
	out->v = fen;
}

static void
take_int(struct dctx *d, struct json_object *v, const struct fspec *f,
    const char *path, struct opt_i64 *out)
{
	int64_t i;

	if (!json_object_is_type(v, json_type_int)) {
		verr_add(d->errs, path, "wrong_type", 0);
		return;
	}
	i = json_object_get_int64(v);
	if (i < f->imin || i > f->imax || i == INT64_MAX || i == INT64_MIN) {
		verr_add(d->errs, path, "out_of_range", f->imax);
		return;
	}
	out->set = true;
	out->v = i;
}

/* Whether item i of an array of strings/enums repeats an earlier one. */
static int
repeats(enum fs_type t, const void *arr, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++) {
		if (t == FS_ARR_STR) {
			const char *const *a = arr;

			if (a[i] && a[j] && strcmp(a[i], a[j]) == 0)
				return 1;
		} else {
			const int *a = arr;

			if (a[i] >= 0 && a[i] == a[j])
				return 1;
		}
	}
	return 0;
}

static void
decode_array(struct dctx *d, struct json_object *v, const struct fspec *f,
    void *out, const char *path)
{
	size_t		 i, n, esz;
	unsigned char	*arr;
	char		 sub[VERR_FIELD];

	if (!json_object_is_type(v, json_type_array)) {
		verr_add(d->errs, path, "wrong_type", 0);
		return;
	}
	n = json_object_array_length(v);
	if (n > f->max) {
		verr_add(d->errs, path, "too_many", (int64_t)f->max);
		return;
	}
	if (n < f->min || (n == 0 && (f->flags & FS_REQUIRED))) {
		verr_add(d->errs, path, "too_few", (int64_t)(f->min ? f->min : 1));
		return;
	}
	if (n == 0)
		return;
	esz = f->type == FS_ARR_OBJ ? f->size :
	    f->type == FS_ARR_STR ? sizeof(const char *) : sizeof(int);
	if ((arr = pool_alloc(d->pool, n * esz)) == NULL) {
		d->nomem = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);

		path_join(sub, sizeof(sub), path, NULL, (long)i);
		if (e == NULL) {
			verr_add(d->errs, sub, "required", 0);
			continue;
		}
		if (f->type == FS_ARR_OBJ) {
			if (!json_object_is_type(e, json_type_object))
				verr_add(d->errs, sub, "wrong_type", 0);
			else
				decode_obj(d, e, f->sub, f->nsub,
				    arr + i * esz, sub);
		} else if (f->type == FS_ARR_STR) {
			int absent;
			const char **a = (const char **)(void *)arr;

			a[i] = take_string(d, e, f, (size_t)f->imax, sub,
			    &absent);
			if (absent)
				verr_add(d->errs, sub, "required", 0);
		} else {
			int *a = (int *)(void *)arr;

			a[i] = take_enum(d, e, f->en, sub);
		}
		if ((f->flags & FS_UNIQUE) && f->type != FS_ARR_OBJ &&
		    repeats(f->type, arr, i))
			verr_add(d->errs, sub, "duplicate_value", 0);
	}
	*AT(out, f->off, void *) = arr;
	*AT(out, f->cnt, size_t) = n;
}

static void
decode_field(struct dctx *d, struct json_object *v, const struct fspec *f,
    void *out, const char *path)
{
	int	 absent;
	int32_t	 ymd;
	void	*sub;

	switch (f->type) {
	case FS_STR:
	case FS_TEXT:
		*AT(out, f->off, const char *) =
		    take_string(d, v, f, f->max, path, &absent);
		if (absent && (f->flags & FS_REQUIRED))
			verr_add(d->errs, path, "required", 0);
		break;
	case FS_ENUM:
		*AT(out, f->off, int) = take_enum(d, v, f->en, path);
		break;
	case FS_BOOL:
		if (!json_object_is_type(v, json_type_boolean))
			verr_add(d->errs, path, "wrong_type", 0);
		else
			*AT(out, f->off, int) = json_object_get_boolean(v);
		break;
	case FS_INT:
		take_int(d, v, f, path, AT(out, f->off, struct opt_i64));
		break;
	case FS_MONEY:
	case FS_WAN:
		take_money(d, v, f, path, AT(out, f->off, struct opt_i64));
		break;
	case FS_DATE:
		if (!json_object_is_type(v, json_type_string))
			verr_add(d->errs, path, "wrong_type", 0);
		else if (!parse_date(json_object_get_string(v),
		    (size_t)json_object_get_string_len(v), &ymd))
			verr_add(d->errs, path, "invalid_date", 0);
		else
			*AT(out, f->off, int32_t) = ymd;
		break;
	case FS_OBJ:
		if (!json_object_is_type(v, json_type_object)) {
			verr_add(d->errs, path, "wrong_type", 0);
			break;
		}
		if ((sub = pool_alloc(d->pool, f->size)) == NULL) {
			d->nomem = 1;
			break;
		}
		decode_obj(d, v, f->sub, f->nsub, sub, path);
		*AT(out, f->off, void *) = sub;
		break;
	case FS_ARR_OBJ:
	case FS_ARR_STR:
	case FS_ARR_ENUM:
		decode_array(d, v, f, out, path);
		break;
	default:
		break;
	}
}

static const struct fspec *
find_spec(const struct fspec *fs, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(fs[i].name, key) == 0)
			return &fs[i];
	return NULL;
}

static void
decode_obj(struct dctx *d, struct json_object *o, const struct fspec *fs,
    size_t n, void *out, const char *path)
{
	char	 sub[VERR_FIELD];
	size_t	 i;

	set_absent(fs, n, out);
	json_object_object_foreach(o, key, val) {
		(void)val;
		if (find_spec(fs, n, key) == NULL) {
			path_join(sub, sizeof(sub), path, key, 0);
			verr_add(d->errs, sub, "unknown_field", 0);
		}
	}
	for (i = 0; i < n; i++) {
		struct json_object *v = NULL;

		path_join(sub, sizeof(sub), path, fs[i].name, 0);
		if (!json_object_object_get_ex(o, fs[i].name, &v) || v == NULL) {
			if (fs[i].flags & FS_REQUIRED)
				verr_add(d->errs, sub, "required", 0);
			continue;
		}
		decode_field(d, v, &fs[i], out, sub);
	}
}

/* ---- entry point --------------------------------------------------- */

/* Four hex digits at s[i..i+4) as a number, or -1. */
static long
hex4(const char *s, size_t len, size_t i)
{
	long	 v = 0;
	size_t	 k;

	if (i + 4 > len)
		return -1;
	for (k = i; k < i + 4; k++) {
		char c = s[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* The length of the \u escape at s[i]: 6, or 12 for a surrogate pair;
 * -1 for half a pair alone (json-c would turn it into U+FFFD without a
 * word) or bad hex. */
static long
u_escape_len(const char *s, size_t len, size_t i)
{
	long v = hex4(s, len, i + 2), w;

	if (v < 0 || (v >= 0xdc00 && v <= 0xdfff))
		return -1;
	if (v < 0xd800 || v > 0xdbff)
		return 6;
	if (i + 8 > len || s[i + 6] != '\\' || s[i + 7] != 'u')
		return -1;
	w = hex4(s, len, i + 8);
	return w >= 0xdc00 && w <= 0xdfff ? 12 : -1;
}

/*
 * What json-c 0.16 takes even in strict mode but JSON (RFC 8259) does
 * not: single-quoted keys, NaN and Infinity, "1." and raw control
 * characters inside strings.  The duplicate-key scan above also relies
 * on double-quoted strings only.  Returns a reason, or NULL when the
 * text holds none of them.
 */
static const char *
not_json(const char *s, size_t len)
{
	static const char	 outside[] = " \t\r\n{}[]:,-+.0123456789"
	    "eEtruefalsn";
	size_t			 i;
	int			 instr = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (instr) {
			if (c < 0x20)
				return "control character in a JSON string";
			if (c == '\\' && i + 1 < len && s[i + 1] == 'u') {
				long k = u_escape_len(s, len, i);

				if (k < 0)
					return "unpaired surrogate escape in a "
					    "JSON string";
				i += (size_t)k - 1;
			} else if (c == '\\')
				i++;
			else if (c == '"')
				instr = 0;
		} else if (c == '"')
			instr = 1;
		else if (memchr(outside, c, sizeof(outside) - 1) == NULL ||
		    (c == '.' && (i + 1 == len || s[i + 1] < '0' ||
		    s[i + 1] > '9')))
			return "JSON syntax error";
	}
	return NULL;
}

/* Parses the text with json-c; NULL with *detail on failure. */
static struct json_object *
parse(const char *body, size_t len, const char **detail)
{
	struct json_tokener	*tok;
	struct json_object	*root;
	size_t			 end;

	if (len == 0) {
		*detail = "empty body";
		return NULL;
	}
	if (memchr(body, '\0', len) != NULL) {
		*detail = "NUL byte in body";
		return NULL;
	}
	if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0) {
		*detail = "byte order mark before JSON";
		return NULL;
	}
	if (!utf8_valid(body, len)) {
		*detail = "body is not valid UTF-8";
		return NULL;
	}
	if ((*detail = not_json(body, len)) != NULL)
		return NULL;
	if ((tok = json_tokener_new_ex(JD_MAX_DEPTH)) == NULL) {
		*detail = "out of memory";
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, body, (int)len);
	if (root == NULL || json_tokener_get_error(tok) != json_tokener_success) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		*detail = e == json_tokener_error_depth ?
		    "JSON nested too deeply" : e == json_tokener_continue ?
		    "JSON text ends early" : "JSON syntax error";
		json_object_put(root);
		json_tokener_free(tok);
		return NULL;
	}
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	for (; end < len; end++)
		if (strchr(" \t\r\n", body[end]) == NULL) {
			*detail = "data after the JSON value";
			json_object_put(root);
			return NULL;
		}
	return root;
}

enum jd_result
json_decode(struct pool *pool, const struct fs_env *env, const char *body,
    size_t len, const struct fspec *fs, size_t n, void *out,
    struct verrs *errs, const char **detail)
{
	struct json_object	*root;
	struct dctx		 d;
	const char		*why = NULL;
	enum jd_result		 rc;

	d.pool = pool;
	d.env = env;
	d.errs = errs;
	d.nomem = 0;
	if (detail == NULL)
		detail = &why;
	if (len > INT32_MAX || (root = parse(body, len, detail)) == NULL)
		return JD_MALFORMED;
	if (!json_object_is_type(root, json_type_object)) {
		*detail = "body must be a JSON object";
		json_object_put(root);
		return JD_MALFORMED;
	}
	if (check_duplicates(&d, root, body, len)) {
		*detail = "duplicate key in JSON object";
		json_object_put(root);
		return d.nomem ? JD_NOMEM : JD_MALFORMED;
	}
	decode_obj(&d, root, fs, n, out, "");
	json_object_put(root);
	if (d.nomem)
		rc = JD_NOMEM;
	else
		rc = errs->n > 0 ? JD_INVALID : JD_OK;
	return rc;
}
