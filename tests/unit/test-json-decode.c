/*
 * test-json-decode.c -- unit tests of the field-spec JSON decoder
 * (json_decode.h): a small spec table of every field type decodes into
 * its struct; absent, null and blank; trimming; unknown keys and wrong
 * types with their paths; lengths in characters; forbidden characters;
 * enums, money, dates, arrays; duplicate keys (also written with
 * escapes); and bodies that are not acceptable JSON at all.
 *
 * JSON in this file is written with single quotes for readability; run()
 * turns every ' into " before decoding.  Bodies that need exact bytes
 * (NUL, invalid UTF-8, a real ') go through run_raw().
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "enums.h"
#include "json_decode.h"
#include "pool.h"
#include "tap.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_FEN		INT64_C(100000000)	/* 1,000,000.00 yuan */

struct t_party {
	const char	*name;		/* required, 2-8 characters */
	const char	*code;		/* optional, checked by check_code */
};

struct t_item {
	const char	*x;		/* required, <= 4 characters */
	struct opt_i64	 n;		/* 0-9 */
};

struct t_form {
	const char	*title;		/* FS_STR, required, <= 10 characters */
	const char	*note;		/* FS_TEXT, <= 20 characters */
	int		 kind;		/* FS_ENUM EN_KIND, required */
	int		 agree;		/* FS_BOOL */
	struct opt_i64	 count;		/* FS_INT [1, 100] */
	struct opt_i64	 amount;	/* FS_MONEY <= MAX_FEN */
	int32_t		 date;		/* FS_DATE */
	struct t_party	*respondent;	/* FS_OBJ */
	struct t_item	*items;		/* FS_ARR_OBJ, 0-3 items */
	size_t		 nitems;
	const char	**tags;		/* FS_ARR_STR unique, 1-3 of <= 5 chars */
	size_t		 ntags;
	int		*scenes;	/* FS_ARR_ENUM EN_SCENE, required, unique */
	size_t		 nscenes;
};

/*
 * Eight digits, and when they form a date it must not be after today:
 * exercises the check hook and that it receives the decode's env.
 */
static const char *
check_code(const char *s, size_t len, const struct fs_env *env)
{
	int32_t	 v = 0;
	size_t	 i;

	if (len != 8)
		return "invalid_format";
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return "invalid_format";
		v = v * 10 + (s[i] - '0');
	}
	return env != NULL && v > env->today ? "after_today" : NULL;
}

static const struct fspec party_spec[] = {
	{ .name = "name", .type = FS_STR, .flags = FS_REQUIRED,
	  .off = FS_MEMBER(struct t_party, name), .min = 2, .max = 8 },
	{ .name = "code", .type = FS_STR,
	  .off = FS_MEMBER(struct t_party, code), .max = 8,
	  .check = check_code },
};

static const struct fspec item_spec[] = {
	{ .name = "x", .type = FS_STR, .flags = FS_REQUIRED,
	  .off = FS_MEMBER(struct t_item, x), .max = 4 },
	{ .name = "n", .type = FS_INT,
	  .off = FS_MEMBER(struct t_item, n), .imin = 0, .imax = 9 },
};

static const struct fspec form_spec[] = {
	{ .name = "title", .type = FS_STR, .flags = FS_REQUIRED,
	  .off = FS_MEMBER(struct t_form, title), .max = 10 },
	{ .name = "note", .type = FS_TEXT,
	  .off = FS_MEMBER(struct t_form, note), .max = 20 },
	{ .name = "kind", .type = FS_ENUM, .flags = FS_REQUIRED,
	  .off = FS_MEMBER(struct t_form, kind), .en = EN_KIND },
	{ .name = "agree", .type = FS_BOOL,
	  .off = FS_MEMBER(struct t_form, agree) },
	{ .name = "count", .type = FS_INT,
	  .off = FS_MEMBER(struct t_form, count), .imin = 1, .imax = 100 },
	{ .name = "amount", .type = FS_MONEY,
	  .off = FS_MEMBER(struct t_form, amount), .imax = MAX_FEN },
	{ .name = "date", .type = FS_DATE,
	  .off = FS_MEMBER(struct t_form, date) },
	{ .name = "respondent", .type = FS_OBJ,
	  .off = FS_MEMBER(struct t_form, respondent), .sub = party_spec,
	  .nsub = NELEM(party_spec), .size = sizeof(struct t_party) },
	{ .name = "items", .type = FS_ARR_OBJ,
	  .off = FS_MEMBER(struct t_form, items), .min = 0, .max = 3,
	  .sub = item_spec, .nsub = NELEM(item_spec),
	  .size = sizeof(struct t_item),
	  .cnt = FS_MEMBER(struct t_form, nitems) },
	{ .name = "tags", .type = FS_ARR_STR, .flags = FS_UNIQUE,
	  .off = FS_MEMBER(struct t_form, tags), .min = 1, .max = 3,
	  .imax = 5, .cnt = FS_MEMBER(struct t_form, ntags) },
	{ .name = "scenes", .type = FS_ARR_ENUM,
	  .flags = FS_REQUIRED | FS_UNIQUE,
	  .off = FS_MEMBER(struct t_form, scenes), .max = 3, .en = EN_SCENE,
	  .cnt = FS_MEMBER(struct t_form, nscenes) },
};

/* The required members; most bodies below start with it. */
#define MIN	"'title':'t','kind':'complaint','scenes':['online']"

struct run {
	struct pool	*pool;
	struct fs_env	 env;
	struct verrs	 errs;
	struct t_form	 f;
	const char	*detail;
	enum jd_result	 rc;
	char		 body[8192];
};

/* Decodes len bytes of body against form_spec with a fresh pool,
 * error list and a struct full of garbage (the decoder must set every
 * member). */
static enum jd_result
run_raw(struct run *r, const char *body, size_t len)
{
	pool_reset(r->pool);
	memset(&r->errs, 0, sizeof(r->errs));
	memset(&r->f, 0x5a, sizeof(r->f));
	r->detail = NULL;
	r->rc = json_decode(r->pool, &r->env, body, len, form_spec,
	    NELEM(form_spec), &r->f, &r->errs, &r->detail);
	return r->rc;
}

/* Decodes json after turning every ' into ". */
static enum jd_result
run(struct run *r, const char *json)
{
	size_t i, len = strlen(json);

	if (len >= sizeof(r->body))
		len = sizeof(r->body) - 1;
	for (i = 0; i < len; i++)
		r->body[i] = json[i] == '\'' ? '"' : json[i];
	r->body[len] = '\0';
	return run_raw(r, r->body, len);
}

static void
dump_errs(const struct run *r)
{
	size_t i;

	printf("#   rc %d, detail %s, %zu error(s)\n", (int)r->rc,
	    r->detail ? r->detail : "(null)", r->errs.n);
	for (i = 0; i < r->errs.n; i++)
		printf("#     %s: %s (%lld)\n", r->errs.e[i].field,
		    r->errs.e[i].code, (long long)r->errs.e[i].param);
}

static const struct ferr *
find_err(const struct run *r, const char *field, const char *code)
{
	size_t i;

	for (i = 0; i < r->errs.n; i++)
		if (strcmp(r->errs.e[i].field, field) == 0 &&
		    strcmp(r->errs.e[i].code, code) == 0)
			return &r->errs.e[i];
	return NULL;
}

/* Decodes json and expects JD_OK with no errors. */
static int
accepts(struct run *r, const char *json, const char *name)
{
	int good = run(r, json) == JD_OK && r->errs.n == 0;

	if (!ok(good, "accepts %s", name))
		dump_errs(r);
	return good;
}

/* Decodes json and expects JD_INVALID with exactly one error, field:
 * code (and param when want_param >= 0). */
static void
rejects(struct run *r, const char *json, const char *field,
    const char *code, int64_t want_param, const char *name)
{
	const struct ferr *e;

	run(r, json);
	e = find_err(r, field, code);
	if (!ok(r->rc == JD_INVALID && r->errs.n == 1 && e != NULL &&
	    (want_param < 0 || e->param == want_param),
	    "%s: %s %s", name, field, code))
		dump_errs(r);
}

/* Expects JD_MALFORMED for len bytes of body. */
static void
malformed_raw(struct run *r, const char *body, size_t len, const char *name)
{
	if (!ok(run_raw(r, body, len) == JD_MALFORMED && r->detail != NULL,
	    "malformed: %s", name))
		dump_errs(r);
}

static void
malformed(struct run *r, const char *json, const char *name)
{
	if (!ok(run(r, json) == JD_MALFORMED && r->detail != NULL,
	    "malformed: %s", name))
		dump_errs(r);
}

/* ---- the good path ------------------------------------------------- */

static void
test_valid(struct run *r)
{
	const struct t_form *f = &r->f;

	if (!accepts(r, "{'title':'侵权投诉','note':'第一行\\n第二行',"
	    "'kind':'report','agree':true,'count':7,'amount':'1234.5',"
	    "'date':'2026-11-21','respondent':{'name':'某某公司',"
	    "'code':'20261121'},'items':[{'x':'ab','n':0},{'x':'cd'}],"
	    "'tags':['红','blue'],'scenes':['ecommerce','other']}",
	    "a document with every field type"))
		return;
	is_str(f->title, "侵权投诉", "FS_STR copied");
	is_str(f->note, "第一行\n第二行", "FS_TEXT keeps its line break");
	is_int(f->kind, KIND_REPORT, "FS_ENUM gives the value's index");
	is_int(f->agree, 1, "FS_BOOL true is 1");
	ok(f->count.set && f->count.v == 7, "FS_INT set to 7");
	ok(f->amount.set && f->amount.v == 123450,
	    "FS_MONEY \"1234.5\" is 123450 fen");
	is_int(f->date, 20261121, "FS_DATE gives yyyymmdd");
	ok(f->respondent != NULL, "FS_OBJ allocated");
	if (f->respondent != NULL) {
		is_str(f->respondent->name, "某某公司", "FS_OBJ member name");
		is_str(f->respondent->code, "20261121", "FS_OBJ member code");
	}
	is_int(f->nitems, 2, "FS_ARR_OBJ count");
	if (f->nitems == 2) {
		is_str(f->items[0].x, "ab", "items[0].x");
		ok(f->items[0].n.set && f->items[0].n.v == 0, "items[0].n = 0");
		is_str(f->items[1].x, "cd", "items[1].x");
		ok(!f->items[1].n.set, "items[1].n absent");
	}
	is_int(f->ntags, 2, "FS_ARR_STR count");
	if (f->ntags == 2) {
		is_str(f->tags[0], "红", "tags[0]");
		is_str(f->tags[1], "blue", "tags[1]");
	}
	is_int(f->nscenes, 2, "FS_ARR_ENUM count");
	if (f->nscenes == 2) {
		is_int(f->scenes[0], SCENE_ECOMMERCE, "scenes[0]");
		is_int(f->scenes[1], SCENE_OTHER, "scenes[1]");
	}

	accepts(r, "{'agree':false," MIN "}", "agree false");
	is_int(r->f.agree, 0, "FS_BOOL false is 0");
	accepts(r, "{" MIN ",'count':1}", "count at its minimum");
	accepts(r, "{" MIN ",'count':100}", "count at its maximum");
	accepts(r, "{" MIN ",'amount':1000000}",
	    "amount at its maximum, as an integer");
	is_int(r->f.amount.v, MAX_FEN, "amount 1000000 yuan in fen");
	accepts(r, "{" MIN ",'amount':'1000000.00'}",
	    "amount at its maximum, as a string");
	accepts(r, "\n {" MIN "} \r\n\t", "white space around the object");
	accepts(r, "{ 'title' : 't' , 'kind' : 'complaint' , "
	    "'scenes' : [ 'online' ] }", "white space between tokens");
}

static void
test_absent(struct run *r)
{
	const struct t_form *f = &r->f;

	if (!accepts(r, "{" MIN "}", "only the required fields"))
		return;
	ok(f->note == NULL, "absent FS_TEXT is NULL");
	is_int(f->agree, -1, "absent FS_BOOL is -1");
	ok(!f->count.set && f->count.v == 0, "absent FS_INT is unset");
	ok(!f->amount.set, "absent FS_MONEY is unset");
	is_int(f->date, 0, "absent FS_DATE is 0");
	ok(f->respondent == NULL, "absent FS_OBJ is NULL");
	ok(f->items == NULL && f->nitems == 0, "absent FS_ARR_OBJ is empty");
	ok(f->tags == NULL && f->ntags == 0, "absent FS_ARR_STR is empty");

	accepts(r, "{" MIN ",'note':null,'agree':null,'count':null,"
	    "'amount':null,'date':null,'respondent':null,'items':null,"
	    "'tags':null}", "null counts as absent");
	ok(f->note == NULL && f->agree == -1 && !f->count.set &&
	    !f->amount.set && f->date == 0 && f->respondent == NULL &&
	    f->items == NULL && f->nitems == 0 && f->tags == NULL &&
	    f->ntags == 0, "null leaves every member absent");

	accepts(r, "{" MIN ",'note':'  \\u3000 \\n\\t'}",
	    "blank optional text");
	ok(f->note == NULL, "blank text after trimming is absent (NULL)");

	accepts(r, "{" MIN ",'items':[]}", "empty optional array (min 0)");
	ok(f->items == NULL && f->nitems == 0, "empty array gives no items");

	rejects(r, "{'kind':'complaint','scenes':['online']}", "title",
	    "required", -1, "absent required string");
	rejects(r, "{'title':null,'kind':'complaint','scenes':['online']}",
	    "title", "required", -1, "null required string");
	rejects(r, "{'title':' \\u3000 ','kind':'complaint',"
	    "'scenes':['online']}", "title", "required", -1,
	    "blank required string");
	rejects(r, "{'title':'\\tt','kind':'complaint',"
	    "'scenes':['online']}", "title", "forbidden_character", -1,
	    "TAB around a one-line string: checked before trimming");
	rejects(r, "{'title':'t','scenes':['online']}", "kind", "required",
	    -1, "absent required enum");
	rejects(r, "{'title':'t','kind':'complaint'}", "scenes", "required",
	    -1, "absent required array");
	rejects(r, "{'title':'t','kind':'complaint','scenes':[]}", "scenes",
	    "too_few", 1, "empty required array");
	rejects(r, "{" MIN ",'respondent':{}}", "respondent.name",
	    "required", -1, "required member of an object");
	rejects(r, "{" MIN ",'items':[{'x':'a'},{'n':1}]}", "items[1].x",
	    "required", -1, "required member of an array element");
	rejects(r, "{" MIN ",'tags':['a',' ']}", "tags[1]", "required", -1,
	    "blank string in an array");
	rejects(r, "{" MIN ",'tags':['a',null]}", "tags[1]", "required", -1,
	    "null string in an array");
	rejects(r, "{" MIN ",'items':[null]}", "items[0]", "required", -1,
	    "null element of an array of objects");

	run(r, "{}");
	ok(r->rc == JD_INVALID && r->errs.n == 3 &&
	    find_err(r, "title", "required") &&
	    find_err(r, "kind", "required") &&
	    find_err(r, "scenes", "required"),
	    "{} lists every required field");
}

static void
test_trim(struct run *r)
{
	const struct t_form *f = &r->f;

	accepts(r, "{'title':'  标题 ','kind':'complaint',"
	    "'scenes':['online']}", "ASCII spaces around");
	is_str(f->title, "标题", "ASCII spaces trimmed");
	accepts(r, "{'title':'\\u3000\\u3000标题\\u3000','kind':'complaint',"
	    "'scenes':['online']}", "ideographic spaces, escaped");
	is_str(f->title, "标题", "U+3000 trimmed (escaped)");
	accepts(r, "{'title':'\xe3\x80\x80标题\xe3\x80\x80','kind':'complaint',"
	    "'scenes':['online']}", "ideographic spaces, raw");
	is_str(f->title, "标题", "U+3000 trimmed (raw UTF-8)");
	accepts(r, "{" MIN ",'note':'\\r\\n\\t x y \\n'}",
	    "text with line breaks around");
	is_str(f->note, "x y", "CR, LF, TAB trimmed around text");
	accepts(r, "{'title':'a  \\u3000 b','kind':'complaint',"
	    "'scenes':['online']}", "spaces inside");
	is_str(f->title, "a  \xe3\x80\x80 b", "inner spaces kept");
	accepts(r, "{" MIN ",'respondent':{'name':' 某某 '},"
	    "'tags':['  x  ']}", "nested strings");
	if (f->respondent != NULL)
		is_str(f->respondent->name, "某某", "nested string trimmed");
	if (f->ntags == 1)
		is_str(f->tags[0], "x", "array string trimmed");
	rejects(r, "{'title':' 12345678901 ','kind':'complaint',"
	    "'scenes':['online']}", "title", "too_long", 10,
	    "length counted after trimming (11 left)");
	accepts(r, "{'title':'   1234567890   ','kind':'complaint',"
	    "'scenes':['online']}", "10 characters between spaces");
}

static void
test_unknown(struct run *r)
{
	rejects(r, "{" MIN ",'zzz':1}", "zzz", "unknown_field", -1,
	    "unknown top-level key");
	rejects(r, "{" MIN ",'Title':'x'}", "Title", "unknown_field", -1,
	    "keys are case-sensitive");
	rejects(r, "{" MIN ",'respondent':{'name':'ab','b':1}}",
	    "respondent.b", "unknown_field", -1, "unknown key in an object");
	rejects(r, "{" MIN ",'items':[{'x':'a'},{'x':'b','y':[1]}]}",
	    "items[1].y", "unknown_field", -1,
	    "unknown key in an array element");
	rejects(r, "{" MIN ",'a.b':1}", "a.b", "unknown_field", -1,
	    "a key containing a dot is named as written");

	/* Unknown keys are reported whatever their value. */
	run(r, "{" MIN ",'u1':null,'u2':{'z':1},'u3':[]}");
	ok(r->rc == JD_INVALID && r->errs.n == 3 &&
	    find_err(r, "u1", "unknown_field") &&
	    find_err(r, "u2", "unknown_field") &&
	    find_err(r, "u3", "unknown_field"),
	    "every unknown key is listed, null or not");
}

static void
test_wrong_type(struct run *r)
{
	static const struct {
		const char	*json;
		const char	*field;
		const char	*name;
	} rows[] = {
		{ "{" MIN ",'count':'5'}", "count", "string for an integer" },
		{ "{" MIN ",'count':5.0}", "count", "double for an integer" },
		{ "{" MIN ",'count':5e0}", "count", "exponent for an integer" },
		{ "{" MIN ",'count':true}", "count", "boolean for an integer" },
		{ "{'title':5,'kind':'complaint','scenes':['online']}",
		  "title", "integer for a string" },
		{ "{'title':['t'],'kind':'complaint','scenes':['online']}",
		  "title", "array for a string" },
		{ "{" MIN ",'note':{}}", "note", "object for text" },
		{ "{'title':'t','kind':0,'scenes':['online']}", "kind",
		  "integer for an enum" },
		{ "{" MIN ",'agree':'true'}", "agree", "string for a boolean" },
		{ "{" MIN ",'agree':1}", "agree", "integer for a boolean" },
		{ "{" MIN ",'amount':true}", "amount", "boolean for money" },
		{ "{" MIN ",'amount':[1]}", "amount", "array for money" },
		{ "{" MIN ",'date':20261121}", "date", "integer for a date" },
		{ "{" MIN ",'respondent':[]}", "respondent",
		  "array for an object" },
		{ "{" MIN ",'respondent':'x'}", "respondent",
		  "string for an object" },
		{ "{" MIN ",'items':{}}", "items", "object for an array" },
		{ "{" MIN ",'tags':'a'}", "tags", "string for an array" },
		{ "{" MIN ",'items':[{'x':'a'},1]}", "items[1]",
		  "integer element for an object" },
		{ "{" MIN ",'tags':[1]}", "tags[0]",
		  "integer element for a string" },
		{ "{'title':'t','kind':'complaint','scenes':[['online']]}",
		  "scenes[0]", "array element for an enum" },
		{ "{" MIN ",'items':[{'x':'a','n':'1'}]}", "items[0].n",
		  "string for a nested integer" },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		rejects(r, rows[i].json, rows[i].field, "wrong_type", -1,
		    rows[i].name);
}

static void
test_lengths(struct run *r)
{
	accepts(r, "{'title':'1234567890','kind':'complaint',"
	    "'scenes':['online']}", "10 ASCII characters (max 10)");
	rejects(r, "{'title':'12345678901','kind':'complaint',"
	    "'scenes':['online']}", "title", "too_long", 10,
	    "11 ASCII characters");
	accepts(r, "{'title':'一二三四五六七八九十','kind':'complaint',"
	    "'scenes':['online']}", "10 Chinese characters (30 bytes)");
	rejects(r, "{'title':'一二三四五六七八九十一','kind':'complaint',"
	    "'scenes':['online']}", "title", "too_long", 10,
	    "11 Chinese characters");
	accepts(r, "{'title':'\\ud83d\\ude00😀😀😀😀😀😀😀😀😀',"
	    "'kind':'complaint','scenes':['online']}",
	    "10 astral characters (40 bytes)");
	accepts(r, "{" MIN ",'note':'一二三四五六七八九十\\n一二三四五六七八九'}",
	    "text of 20 characters counting the line break");
	rejects(r, "{" MIN ",'note':'一二三四五六七八九十\\n一二三四五六七八九十'}",
	    "note", "too_long", 20, "text of 21 characters");
	rejects(r, "{" MIN ",'respondent':{'name':'某'}}",
	    "respondent.name", "too_short", 2, "one character, min 2");
	accepts(r, "{" MIN ",'respondent':{'name':'某某'}}",
	    "two characters, min 2");
	rejects(r, "{" MIN ",'tags':['123456']}", "tags[0]", "too_long", 5,
	    "array string over its item limit (imax)");
	accepts(r, "{" MIN ",'tags':['一二三四五']}",
	    "array string of 5 Chinese characters");
	rejects(r, "{" MIN ",'items':[{'x':'abcde'}]}", "items[0].x",
	    "too_long", 4, "string in an array element");
}

static void
test_forbidden(struct run *r)
{
	static const struct {
		const char	*json;
		const char	*field;
		const char	*name;
	} rows[] = {
		{ "{'title':'a\\u0001b','kind':'complaint','scenes':['online']}",
		  "title", "U+0001 in a string" },
		{ "{'title':'a\\nb','kind':'complaint','scenes':['online']}",
		  "title", "line feed in a one-line string" },
		{ "{'title':'a\\rb','kind':'complaint','scenes':['online']}",
		  "title", "CR in a one-line string" },
		{ "{'title':'a\\tb','kind':'complaint','scenes':['online']}",
		  "title", "TAB in a one-line string" },
		{ "{'title':'a\\u0000b','kind':'complaint','scenes':['online']}",
		  "title", "\\u0000 in a string" },
		{ "{" MIN ",'note':'a\\u0000b'}", "note", "\\u0000 in text" },
		{ "{" MIN ",'note':'a\\u0000'}", "note",
		  "\\u0000 at the end of text (not trimmed away)" },
		{ "{" MIN ",'note':'a\\u0007b'}", "note", "BEL in text" },
		{ "{" MIN ",'note':'a\\u001bb'}", "note", "ESC in text" },
		{ "{" MIN ",'note':'a\\u007fb'}", "note", "DEL in text" },
		{ "{" MIN ",'note':'a\\u0085b'}", "note", "C1 NEL in text" },
		{ "{'title':'abc\\u202Egpj.exe','kind':'complaint',"
		  "'scenes':['online']}", "title", "RLO bidi override U+202E" },
		{ "{'title':'ab\xe2\x80\xaegpj','kind':'complaint',"
		  "'scenes':['online']}", "title", "raw U+202E" },
		{ "{'title':'a\\u2066b','kind':'complaint','scenes':['online']}",
		  "title", "bidi isolate U+2066" },
		{ "{'title':'a\\ufeffb','kind':'complaint','scenes':['online']}",
		  "title", "U+FEFF inside a string" },
		{ "{'title':'a\\uffffb','kind':'complaint','scenes':['online']}",
		  "title", "noncharacter U+FFFF" },
		{ "{" MIN ",'tags':['a\\u0001']}", "tags[0]",
		  "control character in an array string" },
		{ "{" MIN ",'respondent':{'name':'ab\\n'}}",
		  "respondent.name", "line feed in a nested one-line string" },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		rejects(r, rows[i].json, rows[i].field, "forbidden_character",
		    -1, rows[i].name);

	accepts(r, "{" MIN ",'note':'a\\nb\\r\\nc\\td'}",
	    "LF, CR and TAB allowed in text");
	is_str(r->f.note, "a\nb\r\nc\td", "text keeps LF, CR, TAB");
	accepts(r, "{'title':'\\u00e9\\u4e2d\\ud83d\\ude00',"
	    "'kind':'complaint','scenes':['online']}",
	    "escaped BMP and astral characters");
	is_str(r->f.title, "é中😀", "escapes decoded to UTF-8");
}

static void
test_enum(struct run *r)
{
	rejects(r, "{'title':'t','kind':'Complaint','scenes':['online']}",
	    "kind", "invalid_value", -1, "enum codes are case-sensitive");
	rejects(r, "{'title':'t','kind':'nope','scenes':['online']}", "kind",
	    "invalid_value", -1, "unknown enum code");
	rejects(r, "{'title':'t','kind':'','scenes':['online']}", "kind",
	    "invalid_value", -1, "empty enum code");
	rejects(r, "{'title':'t','kind':' complaint','scenes':['online']}",
	    "kind", "invalid_value", -1, "enum codes are not trimmed");
	rejects(r, "{'title':'t','kind':'complaint\\u0000x',"
	    "'scenes':['online']}", "kind", "invalid_value", -1,
	    "enum code with an embedded NUL");
	rejects(r, "{'title':'t','kind':'complaint','scenes':['online','x']}",
	    "scenes[1]", "invalid_value", -1, "unknown code in an array");
	accepts(r, "{'title':'t','kind':'complaint',"
	    "'scenes':['ecommerce','exhibition','other']}",
	    "three distinct scenes");
	if (r->f.nscenes == 3)
		ok(r->f.scenes[0] == SCENE_ECOMMERCE &&
		    r->f.scenes[1] == SCENE_EXHIBITION &&
		    r->f.scenes[2] == SCENE_OTHER, "scene indexes");
}

static void
test_int(struct run *r)
{
	rejects(r, "{" MIN ",'count':0}", "count", "out_of_range", 100,
	    "integer below its minimum");
	rejects(r, "{" MIN ",'count':101}", "count", "out_of_range", 100,
	    "integer above its maximum");
	rejects(r, "{" MIN ",'count':-1}", "count", "out_of_range", 100,
	    "negative integer");
	rejects(r, "{" MIN ",'count':99999999999999999999}", "count",
	    "out_of_range", 100, "integer overflowing 64 bits");
	rejects(r, "{" MIN ",'count':-99999999999999999999}", "count",
	    "out_of_range", 100, "negative integer overflowing 64 bits");
	rejects(r, "{" MIN ",'count':9223372036854775807}", "count",
	    "out_of_range", 100, "INT64_MAX");
	rejects(r, "{" MIN ",'count':18446744073709551615}", "count",
	    "out_of_range", 100, "UINT64_MAX");
	rejects(r, "{" MIN ",'count':1e400}", "count", "wrong_type", -1,
	    "1e400 is a number, not an integer");
	accepts(r, "{" MIN ",'items':[{'x':'a','n':-0}]}", "-0 is 0");
	if (r->f.nitems == 1)
		ok(r->f.items[0].n.set && r->f.items[0].n.v == 0, "-0 read as 0");
}

static void
test_money(struct run *r)
{
	static const struct {
		const char	*value;
		int64_t		 fen;
	} good[] = {
		{ "12", 1200 },
		{ "0", 0 },
		{ "'12.34'", 1234 },
		{ "'12.3'", 1230 },
		{ "'12'", 1200 },
		{ "'0.05'", 5 },
		{ "12.5", 1250 },
		{ "12.50", 1250 },
		{ "0.01", 1 },
		{ "999999.99", 99999999 },
	};
	static const struct {
		const char	*value;
		const char	*code;
		const char	*name;
	} bad[] = {
		{ "'1e3'", "invalid_amount", "exponent in a string" },
		{ "1e3", "invalid_amount", "exponent in a number" },
		{ "1E2", "invalid_amount", "capital exponent" },
		{ "'-1'", "invalid_amount", "negative string" },
		{ "-1", "out_of_range", "negative integer" },
		{ "-1.5", "invalid_amount", "negative decimal" },
		{ "'1.234'", "invalid_amount", "three decimals in a string" },
		{ "1.234", "invalid_amount", "three decimals in a number" },
		{ "'+1'", "invalid_amount", "plus sign" },
		{ "'01'", "invalid_amount", "leading zero" },
		{ "'1,000'", "invalid_amount", "grouping comma" },
		{ "' 1'", "invalid_amount", "space in the amount" },
		{ "''", "invalid_amount", "empty string" },
		{ "'.5'", "invalid_amount", "no integer part" },
		{ "'5.'", "invalid_amount", "no decimals after the point" },
		{ "'0x10'", "invalid_amount", "hexadecimal" },
		{ "'NaN'", "invalid_amount", "NaN as a string" },
		{ "'1.0.0'", "invalid_amount", "two points" },
		{ "1000001", "out_of_range", "integer over the maximum" },
		{ "'1000000.01'", "invalid_amount",
		  "one fen over the maximum (string)" },
		{ "1000000.01", "invalid_amount",
		  "one fen over the maximum (number)" },
		{ "99999999999999999999", "out_of_range",
		  "integer overflowing 64 bits" },
		{ "'99999999999999999999'", "invalid_amount",
		  "string overflowing 64 bits" },
		{ "1e400", "invalid_amount", "1e400" },
	};
	char	 json[256];
	size_t	 i;

	for (i = 0; i < NELEM(good); i++) {
		snprintf(json, sizeof(json), "{" MIN ",'amount':%s}",
		    good[i].value);
		if (accepts(r, json, good[i].value))
			ok(r->f.amount.set && r->f.amount.v == good[i].fen,
			    "amount %s is %lld fen", good[i].value,
			    (long long)good[i].fen);
	}
	for (i = 0; i < NELEM(bad); i++) {
		snprintf(json, sizeof(json), "{" MIN ",'amount':%s}",
		    bad[i].value);
		rejects(r, json, "amount", bad[i].code, -1, bad[i].name);
	}
	rejects(r, "{" MIN ",'amount':1000001}", "amount", "out_of_range",
	    MAX_FEN / 100, "out_of_range names the maximum in yuan");
}

static void
test_date(struct run *r)
{
	accepts(r, "{" MIN ",'date':'2024-02-29'}", "leap day");
	is_int(r->f.date, 20240229, "leap day value");
	rejects(r, "{" MIN ",'date':'2026-02-30'}", "date", "invalid_date",
	    -1, "30 February");
	rejects(r, "{" MIN ",'date':'2026-02-29'}", "date", "invalid_date",
	    -1, "29 February of a common year");
	rejects(r, "{" MIN ",'date':'2026-13-01'}", "date", "invalid_date",
	    -1, "month 13");
	rejects(r, "{" MIN ",'date':'2026-2-3'}", "date", "invalid_date",
	    -1, "unpadded");
	rejects(r, "{" MIN ",'date':'2026-11-21T00:00:00'}", "date",
	    "invalid_date", -1, "date and time");
	rejects(r, "{" MIN ",'date':''}", "date", "invalid_date", -1,
	    "empty date");
}

static void
test_arrays(struct run *r)
{
	rejects(r, "{" MIN ",'tags':['a','b','c','d']}", "tags", "too_many",
	    3, "four tags, max 3");
	accepts(r, "{" MIN ",'tags':['a','b','c']}", "three tags");
	rejects(r, "{" MIN ",'tags':[]}", "tags", "too_few", 1,
	    "no tags, min 1");
	rejects(r, "{" MIN ",'tags':['a','b','a']}", "tags[2]",
	    "duplicate_value", -1, "repeated tag");
	rejects(r, "{" MIN ",'tags':[' a','a ']}", "tags[1]",
	    "duplicate_value", -1, "tags equal after trimming");
	accepts(r, "{" MIN ",'tags':['a','A']}", "tags differing in case");
	rejects(r, "{'title':'t','kind':'complaint',"
	    "'scenes':['online','ecommerce','online']}", "scenes[2]",
	    "duplicate_value", -1, "repeated enum code");
	rejects(r, "{'title':'t','kind':'complaint',"
	    "'scenes':['online','ecommerce','other','import_export']}",
	    "scenes", "too_many", 3, "four scenes, max 3");
	rejects(r, "{" MIN ",'items':[{'x':'a'},{'x':'b'},{'x':'c'},"
	    "{'x':'d'}]}", "items", "too_many", 3, "four items, max 3");
	accepts(r, "{" MIN ",'items':[{'x':'a'},{'x':'a'}]}",
	    "FS_UNIQUE not set on the object array: equal objects pass");
}

static void
test_check(struct run *r)
{
	accepts(r, "{" MIN ",'respondent':{'name':'ab','code':'20261121'}}",
	    "check passes on today");
	rejects(r, "{" MIN ",'respondent':{'name':'ab','code':'2026112x'}}",
	    "respondent.code", "invalid_format", -1,
	    "check's own error code");
	rejects(r, "{" MIN ",'respondent':{'name':'ab','code':'20261122'}}",
	    "respondent.code", "after_today", -1, "check sees env->today");
	accepts(r, "{" MIN ",'respondent':{'name':'ab','code':' 20260101 '}}",
	    "check runs on the trimmed string");
	rejects(r, "{" MIN ",'respondent':{'name':'ab','code':'123456789'}}",
	    "respondent.code", "too_long", 8, "length checked before check");
	accepts(r, "{" MIN ",'respondent':{'name':'ab','code':' '}}",
	    "check not run on a blank optional string");
}

/* ---- duplicate keys ------------------------------------------------ */

static void
dup(struct run *r, const char *json, const char *field, const char *name)
{
	run(r, json);
	if (!ok(r->rc == JD_MALFORMED && r->errs.n == 1 &&
	    find_err(r, field, "duplicate_key") != NULL,
	    "duplicate key: %s (%s)", name, field))
		dump_errs(r);
}

static void
test_duplicates(struct run *r)
{
	dup(r, "{'a':1,'a':2}", "a", "{\"a\":1,\"a\":2}");
	if (r->detail != NULL)
		is_str(r->detail, "duplicate key in JSON object",
		    "duplicate key detail");
	dup(r, "{'title':'x','kind':'complaint','title':'y',"
	    "'scenes':['online']}", "title", "known key twice, apart");
	dup(r, "{" MIN ",'respondent':{'name':'ab','name':'cd'}}",
	    "respondent.name", "nested object");
	dup(r, "{" MIN ",'items':[{'x':'a'},{'x':'b','n':1,'x':'c'}]}",
	    "items[1].x", "object in an array");
	dup(r, "{'a':1,'\\u0061':2}", "a", "same key written with an escape");
	dup(r, "{'\\u6807\\u9898':1,'标题':2}", "标题",
	    "Chinese key, escaped and raw");
	dup(r, "{'a':{'b':{'c':1,'c':{}}}}", "a.b.c", "three levels deep");
	dup(r, "{'a':[{},{'q':1,'q':1}],'b':{'z':1,'z':2}}", "a[1].q",
	    "the first duplicate is named");
	dup(r, "{'x':1,'y':2,'x':3,'y':4}", "x", "two duplicates: first named");
	dup(r, "{'a\\\"b':1,'a\\\"b':2}", "a\"b", "key with an escaped quote");
	dup(r, "{'':1,'':2}", "", "empty key twice");

	/* Look-alikes that are not duplicates. */
	run(r, "{" MIN ",'a':1,'A':2}");
	ok(r->rc == JD_INVALID && r->errs.n == 2 &&
	    find_err(r, "a", "unknown_field") &&
	    find_err(r, "A", "unknown_field"),
	    "keys differing in case are distinct");
	accepts(r, "{" MIN ",'respondent':{'name':'ab'},"
	    "'items':[{'x':'ab'},{'x':'ab'}]}",
	    "the same key in different objects");
	accepts(r, "{'title':'a:b,{c}\\\"d','kind':'complaint',"
	    "'scenes':['online'],'note':'\\\\'}",
	    "colons, braces and escaped quotes inside strings");
	is_str(r->f.title, "a:b,{c}\"d", "string with JSON punctuation");
	rejects(r, "{" MIN ",'x:y':1}", "x:y", "unknown_field", -1,
	    "a key containing a colon is one key");
}

/* ---- bodies that are not acceptable -------------------------------- */

/* An object nested `levels` deep: the root and levels-1 arrays. */
static size_t
nest(char *out, size_t outsz, int levels)
{
	size_t	 n = 0;
	int	 i;

	n += (size_t)snprintf(out + n, outsz - n, "{\"x\":");
	for (i = 1; i < levels; i++)
		out[n++] = '[';
	for (i = 1; i < levels; i++)
		out[n++] = ']';
	if (levels == 1)
		out[n++] = '1';
	out[n++] = '}';
	out[n] = '\0';
	return n;
}

static void
test_malformed(struct run *r)
{
	char	 body[256];
	size_t	 len;

	malformed_raw(r, "", 0, "empty body");
	if (r->detail != NULL)
		is_str(r->detail, "empty body", "empty body detail");
	malformed(r, "   ", "only white space");
	malformed(r, "[]", "top-level array");
	if (r->detail != NULL)
		is_str(r->detail, "body must be a JSON object",
		    "top-level array detail");
	malformed(r, "'x'", "top-level string");
	malformed(r, "1", "top-level number");
	malformed(r, "null", "top-level null");
	malformed(r, "true", "top-level true");
	malformed(r, "{", "unterminated object");
	malformed(r, "{'title':", "ends after a colon");
	malformed(r, "{'title':'t}", "unterminated string");
	malformed(r, "{" MIN "} x", "trailing garbage");
	malformed(r, "{" MIN "}{}", "two objects");
	malformed(r, "{" MIN "},", "trailing comma after the object");
	malformed(r, "{" MIN ",}", "trailing comma in the object");
	malformed(r, "{title:'t'}", "unquoted key");
	malformed(r, "{" MIN ",'count':01}", "leading zero");
	malformed(r, "{" MIN ",'count':+1}", "plus sign");
	malformed(r, "{" MIN ",'count':.5}", "no integer part");
	malformed(r, "{" MIN ",'count':0x10}", "hexadecimal");
	malformed(r, "{" MIN ",'agree':True}", "capitalised literal");
	malformed(r, "{" MIN "}/**/", "comment");
	malformed(r, "{'title':'\\x41','kind':'complaint'}", "\\x escape");
	malformed_raw(r, "{\"title\":\"\\'\"}", 14, "\\' escape");

	/* Raw bytes. */
	malformed_raw(r, "{\"title\":\"a\0b\"}", 15, "raw NUL in a string");
	if (r->detail != NULL)
		is_str(r->detail, "NUL byte in body", "NUL detail");
	malformed_raw(r, "{}\0", 3, "raw NUL after the object");
	malformed_raw(r, "\xef\xbb\xbf{}", 5, "byte order mark");
	if (r->detail != NULL)
		is_str(r->detail, "byte order mark before JSON", "BOM detail");
	malformed_raw(r, "{\"title\":\"\xff\"}", 13, "byte 0xFF");
	if (r->detail != NULL)
		is_str(r->detail, "body is not valid UTF-8", "UTF-8 detail");
	malformed_raw(r, "{\"title\":\"\xc0\xaf\"}", 14, "overlong '/'");
	malformed_raw(r, "{\"title\":\"\xed\xa0\x80\"}", 15,
	    "encoded surrogate U+D800");
	malformed_raw(r, "{\"title\":\"\xf4\x90\x80\x80\"}", 16,
	    "code point above U+10FFFF");
	malformed_raw(r, "{\"title\":\"\xe4\xb8\"}", 14, "truncated sequence");
	malformed_raw(r, "{\"t\xffi\":1}", 9, "invalid byte in a key");
	malformed_raw(r, "{\"title\":\"a\"}\x80", 14,
	    "invalid byte after the object");

	/* Depth: the root counts as one level. */
	len = nest(body, sizeof(body), JD_MAX_DEPTH);
	run_raw(r, body, len);
	if (!ok(r->rc == JD_INVALID && find_err(r, "x", "unknown_field"),
	    "nesting of JD_MAX_DEPTH (%d) levels parses", JD_MAX_DEPTH))
		dump_errs(r);
	len = nest(body, sizeof(body), JD_MAX_DEPTH + 1);
	malformed_raw(r, body, len, "nesting of JD_MAX_DEPTH + 1 levels");
	if (r->detail != NULL)
		is_str(r->detail, "JSON nested too deeply", "depth detail");
	len = nest(body, sizeof(body), 60);
	malformed_raw(r, body, len, "nesting of 60 levels");
	run(r, "{'a':{'b':{'c':{'d':{'e':{'f':{'g':1}}}}}}}");
	if (!ok(r->rc == JD_INVALID && find_err(r, "a", "unknown_field"),
	    "eight levels of objects with a scalar member parse"))
		dump_errs(r);
	malformed(r, "{'a':{'b':{'c':{'d':{'e':{'f':{'g':{'h':1}}}}}}}}",
	    "nine levels of objects");
}

/*
 * json-c 0.16 in strict mode still takes single-quoted keys, NaN,
 * Infinity, "1." and raw control characters inside strings; none of
 * them is JSON, and the duplicate-key scan only knows double quotes.
 */
static void
test_not_json(struct run *r)
{
	static const char sq[] = "{'title':\"t\",\"kind\":\"complaint\","
	    "\"scenes\":[\"online\"]}";
	static const char sqdup[] = "{'::\"':1,\"a\":2,\"a\":3}";

	malformed_raw(r, sq, sizeof(sq) - 1, "single-quoted key");
	malformed_raw(r, sqdup, sizeof(sqdup) - 1,
	    "single-quoted key hiding a duplicate from the scan");
	malformed(r, "{" MIN ",'count':NaN}", "NaN");
	malformed(r, "{" MIN ",'count':Infinity}", "Infinity");
	malformed(r, "{" MIN ",'count':-Infinity}", "-Infinity");
	malformed(r, "{" MIN ",'count':1.}", "number ending in a point");
	malformed(r, "{" MIN ",'amount':1.}", "amount ending in a point");
	malformed(r, "{'title':'a\tb','kind':'complaint',"
	    "'scenes':['online']}", "raw TAB inside a string");
	malformed(r, "{" MIN ",'note':'a\nb'}", "raw LF inside a string");
	malformed(r, "{" MIN ",'note':'a\x01" "b'}", "raw U+0001 inside a string");
	malformed(r, "{" MIN ",'n\x1f':1}", "raw U+001F inside a key");
	accepts(r, "{" MIN ",'note':'Ich hei\xc3\x9f" "e Nina'}",
	    "letters N and I inside strings are fine");
	accepts(r, "{\r\n\t'title' : 't' ,\n 'kind':'complaint',"
	    "\t'scenes':['online']\r\n}", "CR, LF, TAB between tokens");
}

/* ---- limits -------------------------------------------------------- */

static void
test_limits(struct run *r)
{
	static const char big[] = "{\"title\":\"t\",\"kind\":\"complaint\","
	    "\"scenes\":[\"online\"],\"tags\":[\"a\",\"b\"],"
	    "\"respondent\":{\"name\":\"abcdefgh\"}}";
	struct pool	*small;
	struct t_form	 f;
	struct verrs	 errs;
	char		 body[4096];
	size_t		 n = 0;
	int		 i;
	enum jd_result	 rc;

	/* More errors than VERR_MAX: the list stops, nothing overflows. */
	n += (size_t)snprintf(body, sizeof(body), "{%s", "\"title\":\"t\"");
	for (i = 0; i < VERR_MAX + 10; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n,
		    ",\"u%d\":0", i);
	n += (size_t)snprintf(body + n, sizeof(body) - n, "}");
	run_raw(r, body, n);
	ok(r->rc == JD_INVALID && r->errs.n == VERR_MAX,
	    "errors past VERR_MAX are dropped (%zu kept)", r->errs.n);

	/* A path longer than VERR_FIELD is cut, still terminated. */
	n = 0;
	n += (size_t)snprintf(body, sizeof(body), "{" "\"title\":\"t\",\"");
	for (i = 0; i < 300; i++)
		body[n++] = 'k';
	n += (size_t)snprintf(body + n, sizeof(body) - n, "\":1}");
	run_raw(r, body, n);
	ok(r->errs.n >= 1 &&
	    strlen(r->errs.e[0].field) == VERR_FIELD - 1 &&
	    strcmp(r->errs.e[0].code, "unknown_field") == 0,
	    "a long key's path is cut to VERR_FIELD - 1 bytes");

	/* The pool's limit gives JD_NOMEM, never a crash. */
	if ((small = pool_new(32)) == NULL) {
		ok(0, "pool_new(32)");
		return;
	}
	memset(&errs, 0, sizeof(errs));
	rc = json_decode(small, &r->env, big, strlen(big), form_spec,
	    NELEM(form_spec), &f, &errs, NULL);
	is_int(rc, JD_NOMEM, "a pool too small gives JD_NOMEM");
	pool_free(small);

	/* detail may be NULL. */
	memset(&errs, 0, sizeof(errs));
	rc = json_decode(r->pool, &r->env, "[", 1, form_spec,
	    NELEM(form_spec), &f, &errs, NULL);
	is_int(rc, JD_MALFORMED, "detail NULL accepted");
}

static void
test_verr(void)
{
	struct verrs v;

	memset(&v, 0, sizeof(v));
	verr_addf(&v, "", "a", 0, "c1", 1);
	verr_addf(&v, "a", "b", 0, "c2", 2);
	verr_addf(&v, "items", NULL, 3, "c3", 3);
	is_int(v.n, 3, "verr_addf appended three");
	is_str(v.e[0].field, "a", "verr_addf top level: name");
	is_str(v.e[1].field, "a.b", "verr_addf nested: parent.name");
	is_str(v.e[2].field, "items[3]", "verr_addf element: parent[i]");
	is_int(v.e[2].param, 3, "verr_addf keeps param");
}

int
main(void)
{
	static struct run r;	/* large: keep it off the stack */

	if ((r.pool = pool_new(1024 * 1024)) == NULL) {
		ok(0, "pool_new");
		return tap_done();
	}
	r.env.today = 20261121;
	test_valid(&r);
	test_absent(&r);
	test_trim(&r);
	test_unknown(&r);
	test_wrong_type(&r);
	test_lengths(&r);
	test_forbidden(&r);
	test_enum(&r);
	test_int(&r);
	test_money(&r);
	test_date(&r);
	test_arrays(&r);
	test_check(&r);
	test_duplicates(&r);
	test_malformed(&r);
	test_not_json(&r);
	test_limits(&r);
	test_verr();
	pool_free(r.pool);
	return tap_done();
}
