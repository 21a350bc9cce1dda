/*
 * json-decode-fuzzer.c -- libFuzzer driver of json_decode().
 *
 * The whole input is the body, decoded against a spec table that uses
 * every field type, with objects inside arrays inside objects, so that
 * the duplicate-key scan and the path names are exercised at depth.
 * Beyond the sanitizers (libFuzzer hands over exactly size bytes; leaks
 * are reported), it checks the contract: the result matches the error
 * list, every error names a terminated path and a code, and on JD_OK
 * every member holds what its spec allows (trimmed, in length, free of
 * forbidden characters, in range, unique where asked).
 *
 * Each input is decoded twice: with a roomy pool and with one so small
 * that JD_NOMEM is reached part-way.  Both pools live for the process
 * and are reset before each run, as a worker does between requests.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "enums.h"
#include "json_decode.h"
#include "pool.h"
#include "utf8.h"
#include "validate.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_FEN		INT64_C(1000000000000)	/* 10 billion yuan */

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fz_addr {
	const char	*line;		/* FS_TEXT */
	const char	*district;	/* FS_STR, checked */
	int32_t		 since;		/* FS_DATE */
};

struct fz_right {
	int		 type;		/* FS_ENUM, required */
	const char	*number;	/* FS_STR, required */
	struct opt_i64	 year;		/* FS_INT */
	struct fz_addr	*addr;		/* FS_OBJ */
	const char	**tags;		/* FS_ARR_STR, unique */
	size_t		 ntags;
};

struct fz_party {
	const char	*name;		/* FS_STR, required */
	const char	*email;		/* FS_STR, checked */
	int		 id_type;	/* FS_ENUM */
	int		*channels;	/* FS_ARR_ENUM */
	size_t		 nchannels;
	struct fz_addr	*addr;		/* FS_OBJ inside FS_OBJ */
};

struct fz_body {
	const char	*title;		/* FS_STR, required */
	const char	*text;		/* FS_TEXT */
	int		 kind;		/* FS_ENUM, required */
	int		 agree;		/* FS_BOOL */
	struct opt_i64	 count;		/* FS_INT */
	struct opt_i64	 amount;	/* FS_MONEY */
	int32_t		 date;		/* FS_DATE */
	struct fz_party	*party;		/* FS_OBJ */
	struct fz_right	*rights;	/* FS_ARR_OBJ, required */
	size_t		 nrights;
	int		*scenes;	/* FS_ARR_ENUM, unique */
	size_t		 nscenes;
	const char	**urls;		/* FS_ARR_STR, unique, checked */
	size_t		 nurls;
};

static const char *
check_district(const char *s, size_t len, const struct fs_env *env)
{
	(void)env;
	return valid_district_syntax(s, len) ? NULL : "invalid_district";
}

static const char *
check_email(const char *s, size_t len, const struct fs_env *env)
{
	(void)env;
	return valid_email(s, len) ? NULL : "invalid_email";
}

static const char *
check_url(const char *s, size_t len, const struct fs_env *env)
{
	(void)env;
	return valid_url(s, len) ? NULL : "invalid_url";
}

/* A right's number: a date not after today, or any text starting with a
 * letter; exercises a check that reads env. */
static const char *
check_number(const char *s, size_t len, const struct fs_env *env)
{
	int32_t ymd;

	if (parse_date(s, len, &ymd))
		return ymd > env->today ? "in_future" : NULL;
	return (s[0] >= 'A' && s[0] <= 'Z') ? NULL : "invalid_number";
}

static const struct fspec addr_spec[] = {
	{ .name = "line", .type = FS_TEXT,
	  .off = FS_MEMBER(struct fz_addr, line), .max = 100 },
	{ .name = "district", .type = FS_STR,
	  .off = FS_MEMBER(struct fz_addr, district), .max = 6,
	  .check = check_district },
	{ .name = "since", .type = FS_DATE,
	  .off = FS_MEMBER(struct fz_addr, since) },
};

static const struct fspec right_spec[] = {
	{ .name = "type", .type = FS_ENUM, .flags = FS_REQUIRED,
	  .off = FS_MEMBER(struct fz_right, type), .en = EN_RIGHT_TYPE },
	{ .name = "number", .type = FS_STR, .flags = FS_REQUIRED,
	  .off = FS_MEMBER(struct fz_right, number), .min = 2, .max = 32,
	  .check = check_number },
	{ .name = "year", .type = FS_INT,
	  .off = FS_MEMBER(struct fz_right, year), .imin = 1900,
	  .imax = 2100 },
	{ .name = "addr", .type = FS_OBJ,
	  .off = FS_MEMBER(struct fz_right, addr), .sub = addr_spec,
	  .nsub = NELEM(addr_spec), .size = sizeof(struct fz_addr) },
	{ .name = "tags", .type = FS_ARR_STR, .flags = FS_UNIQUE,
	  .off = FS_MEMBER(struct fz_right, tags), .max = 4, .imax = 8,
	  .cnt = FS_MEMBER(struct fz_right, ntags) },
};

static const struct fspec party_spec[] = {
	{ .name = "name", .type = FS_STR, .flags = FS_REQUIRED,
	  .off = FS_MEMBER(struct fz_party, name), .min = 2, .max = 50 },
	{ .name = "email", .type = FS_STR,
	  .off = FS_MEMBER(struct fz_party, email), .max = 254,
	  .check = check_email },
	{ .name = "id_type", .type = FS_ENUM,
	  .off = FS_MEMBER(struct fz_party, id_type), .en = EN_ID_TYPE },
	{ .name = "channels", .type = FS_ARR_ENUM,
	  .off = FS_MEMBER(struct fz_party, channels), .max = 6,
	  .en = EN_CHANNEL, .cnt = FS_MEMBER(struct fz_party, nchannels) },
	{ .name = "addr", .type = FS_OBJ,
	  .off = FS_MEMBER(struct fz_party, addr), .sub = addr_spec,
	  .nsub = NELEM(addr_spec), .size = sizeof(struct fz_addr) },
};

static const struct fspec body_spec[] = {
	{ .name = "title", .type = FS_STR, .flags = FS_REQUIRED,
	  .off = FS_MEMBER(struct fz_body, title), .max = 20 },
	{ .name = "text", .type = FS_TEXT,
	  .off = FS_MEMBER(struct fz_body, text), .max = 500 },
	{ .name = "kind", .type = FS_ENUM, .flags = FS_REQUIRED,
	  .off = FS_MEMBER(struct fz_body, kind), .en = EN_KIND },
	{ .name = "agree", .type = FS_BOOL,
	  .off = FS_MEMBER(struct fz_body, agree) },
	{ .name = "count", .type = FS_INT,
	  .off = FS_MEMBER(struct fz_body, count), .imin = -5, .imax = 1000 },
	{ .name = "amount", .type = FS_MONEY,
	  .off = FS_MEMBER(struct fz_body, amount), .imax = MAX_FEN },
	{ .name = "date", .type = FS_DATE,
	  .off = FS_MEMBER(struct fz_body, date) },
	{ .name = "party", .type = FS_OBJ,
	  .off = FS_MEMBER(struct fz_body, party), .sub = party_spec,
	  .nsub = NELEM(party_spec), .size = sizeof(struct fz_party) },
	{ .name = "rights", .type = FS_ARR_OBJ, .flags = FS_REQUIRED,
	  .off = FS_MEMBER(struct fz_body, rights), .min = 1, .max = 5,
	  .sub = right_spec, .nsub = NELEM(right_spec),
	  .size = sizeof(struct fz_right),
	  .cnt = FS_MEMBER(struct fz_body, nrights) },
	{ .name = "scenes", .type = FS_ARR_ENUM, .flags = FS_UNIQUE,
	  .off = FS_MEMBER(struct fz_body, scenes), .max = 7, .en = EN_SCENE,
	  .cnt = FS_MEMBER(struct fz_body, nscenes) },
	{ .name = "urls", .type = FS_ARR_STR, .flags = FS_UNIQUE,
	  .off = FS_MEMBER(struct fz_body, urls), .max = 3, .imax = 200,
	  .check = check_url, .cnt = FS_MEMBER(struct fz_body, nurls) },
};

static void
check(bool cond)
{
	if (!cond)
		abort();
}

/* A decoded string: trimmed, within its length, no forbidden bytes. */
static void
check_str(const char *s, size_t min, size_t max, bool multiline,
    bool required)
{
	size_t len, start;

	if (s == NULL) {
		check(!required);
		return;
	}
	len = strlen(s);
	check(len > 0 && utf8_valid(s, len));
	check(!utf8_has_forbidden(s, len, multiline));
	check(utf8_trim(s, len, &start) == len && start == 0);
	check(utf8_count(s, len) >= min);
	check(max == 0 || utf8_count(s, len) <= max);
}

static void
check_enum(int v, enum enumid id, bool required)
{
	check(v >= (required ? 0 : -1) && (size_t)(v + 1) <= enum_defs[id].n);
}

static void
check_date(int32_t ymd)
{
	check(ymd == 0 || (ymd >= 19000101 && ymd <= 20991231));
}

static void
check_enums(const int *a, size_t n, enum enumid id, size_t max, bool uniq)
{
	size_t i, j;

	check(n <= max && (n == 0) == (a == NULL));
	for (i = 0; i < n; i++) {
		check_enum(a[i], id, true);
		for (j = 0; uniq && j < i; j++)
			check(a[i] != a[j]);
	}
}

static void
check_strs(const char *const *a, size_t n, size_t max, size_t maxchars,
    bool uniq)
{
	size_t i, j;

	check(n <= max && (n == 0) == (a == NULL));
	for (i = 0; i < n; i++) {
		check_str(a[i], 0, maxchars, false, true);
		for (j = 0; uniq && j < i; j++)
			check(strcmp(a[i], a[j]) != 0);
	}
}

static void
check_addr(const struct fz_addr *a)
{
	if (a == NULL)
		return;
	check_str(a->line, 0, 100, true, false);
	check_str(a->district, 0, 6, false, false);
	if (a->district != NULL)
		check(valid_district_syntax(a->district, strlen(a->district)));
	check_date(a->since);
}

/* Every member of a JD_OK result holds what its spec allows. */
static void
check_body(const struct fz_body *b)
{
	size_t i;

	check_str(b->title, 0, 20, false, true);
	check_str(b->text, 0, 500, true, false);
	check_enum(b->kind, EN_KIND, true);
	check(b->agree >= -1 && b->agree <= 1);
	check(!b->count.set || (b->count.v >= -5 && b->count.v <= 1000));
	check(b->count.set || b->count.v == 0);
	check(!b->amount.set || (b->amount.v >= 0 && b->amount.v <= MAX_FEN));
	check_date(b->date);
	if (b->party != NULL) {
		check_str(b->party->name, 2, 50, false, true);
		check_str(b->party->email, 0, 254, false, false);
		check_enum(b->party->id_type, EN_ID_TYPE, false);
		check_enums(b->party->channels, b->party->nchannels,
		    EN_CHANNEL, 6, false);
		check_addr(b->party->addr);
	}
	check(b->nrights >= 1 && b->nrights <= 5 && b->rights != NULL);
	for (i = 0; i < b->nrights; i++) {
		const struct fz_right *r = &b->rights[i];

		check_enum(r->type, EN_RIGHT_TYPE, true);
		check_str(r->number, 2, 32, false, true);
		check(!r->year.set ||
		    (r->year.v >= 1900 && r->year.v <= 2100));
		check_addr(r->addr);
		check_strs(r->tags, r->ntags, 4, 8, true);
	}
	check_enums(b->scenes, b->nscenes, EN_SCENE, 7, true);
	check_strs(b->urls, b->nurls, 3, 200, true);
	for (i = 0; i < b->nurls; i++)
		check(valid_url(b->urls[i], strlen(b->urls[i])));
}

static void
check_errs(const struct verrs *v)
{
	size_t i;

	check(v->n <= VERR_MAX);
	for (i = 0; i < v->n; i++) {
		check(v->e[i].code != NULL && v->e[i].code[0] != '\0');
		check(memchr(v->e[i].field, '\0', VERR_FIELD) != NULL);
	}
}

static enum jd_result
decode(struct pool *pool, const uint8_t *data, size_t size)
{
	static const struct fs_env env = { 20261121 };
	struct fz_body	 out;
	struct verrs	 errs;
	const char	*detail = NULL;
	enum jd_result	 rc;

	pool_reset(pool);
	memset(&out, 0xa5, sizeof(out));
	memset(&errs, 0, sizeof(errs));
	rc = json_decode(pool, &env, (const char *)data, size, body_spec,
	    NELEM(body_spec), &out, &errs, &detail);
	check_errs(&errs);
	switch (rc) {
	case JD_OK:
		check(errs.n == 0);
		check_body(&out);
		break;
	case JD_INVALID:
		check(errs.n > 0);
		break;
	case JD_MALFORMED:
		check(detail != NULL && detail[0] != '\0' && errs.n <= 1);
		break;
	case JD_NOMEM:
		break;
	default:
		abort();
	}
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pool	*roomy, *tight;
	enum jd_result		 a, b;

	if (roomy == NULL && (roomy = pool_new(4 * 1024 * 1024)) == NULL)
		abort();
	if (tight == NULL && (tight = pool_new(256)) == NULL)
		abort();
	a = decode(roomy, data, size);
	b = decode(tight, data, size);
	/* Less memory can only turn a result into JD_NOMEM. */
	check(a == JD_NOMEM || b == a || b == JD_NOMEM);
	return 0;
}
