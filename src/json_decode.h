/*
 * json_decode.h -- JSON request bodies decoded by field specifications
 * into plain C structs.  Handlers never see json_object: they receive a
 * struct whose members were checked for type, length, value list and
 * syntax, with every problem reported against its JSON path
 * ("respondent.uscc", "rights[1].number").
 *
 * Strictness: the body must be one JSON object, valid UTF-8 (no BOM, no
 * NUL byte), nested at most JD_MAX_DEPTH deep, with no duplicate keys;
 * unknown keys, wrong types, over-long strings, control characters and
 * values outside a list are field errors.  null counts as absent.
 */
#ifndef IPDESK_JSON_DECODE_H
#define IPDESK_JSON_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pool;

#define JD_MAX_DEPTH 8
#define VERR_MAX 64
#define VERR_FIELD 128

/* One field error: the JSON path, a stable code, a numeric parameter for
 * the message (a length, a count) or 0. */
struct ferr {
	char		 field[VERR_FIELD];
	const char	*code;
	int64_t		 param;
};

struct verrs {
	struct ferr	 e[VERR_MAX];
	size_t		 n;
};

/* Appends an error (silently dropped past VERR_MAX). */
void verr_add(struct verrs *v, const char *field, const char *code,
    int64_t param);
/* Appends an error at parent + "." + name (or parent "[" i "]" when name
 * is NULL). */
void verr_addf(struct verrs *v, const char *parent, const char *name,
    long idx, const char *code, int64_t param);

/* Whether an error was recorded for this path already. */
bool verr_has(const struct verrs *v, const char *field);

/* Records "required" at field unless it already has an error there (a
 * value that failed its own check is absent for the checks across
 * fields, and must not be reported twice). */
void verr_required(struct verrs *v, const char *field);

/* An optional integer (amounts are in fen). */
struct opt_i64 {
	bool	 set;
	int64_t	 v;
};

enum fs_type {
	FS_STR = 0,	/* one line of text -> const char * (NULL if absent) */
	FS_TEXT,	/* text with line breaks -> const char * */
	FS_ENUM,	/* code from enum list `en` -> int (-1 if absent) */
	FS_BOOL,	/* true/false -> int (-1 if absent) */
	FS_INT,		/* JSON integer in [imin, imax] -> struct opt_i64 */
	FS_MONEY,	/* yuan, number or string, <= 2 decimals -> opt_i64 fen */
	FS_DATE,	/* "YYYY-MM-DD" -> int32_t yyyymmdd (0 if absent) */
	FS_OBJ,		/* object of `sub` -> void * (pool struct or NULL) */
	FS_ARR_OBJ,	/* array of objects -> void * array + size_t count */
	FS_ARR_STR,	/* array of one-line strings -> const char ** + count */
	FS_ARR_ENUM,	/* array of codes -> int * + count */
	FS_WAN,		/* 万元, number or string, <= 6 decimals -> opt_i64 fen */
	FS__MAX
};

#define FS_REQUIRED	0x01	/* absent, null or blank is an error */
#define FS_UNIQUE	0x02	/* arrays: no value twice */

/* The environment of a decode: today's date for date checks. */
struct fs_env {
	int32_t	 today;		/* yyyymmdd, CST */
};

/* An extra syntax check of a string: NULL when fine, else an error code. */
typedef const char *(*fs_check_fn)(const char *s, size_t len,
    const struct fs_env *env);

struct fspec {
	const char		*name;
	enum fs_type		 type;
	unsigned		 flags;
	size_t			 off;	/* member offset in the target struct */
	size_t			 min;	/* strings: characters; arrays: items */
	size_t			 max;
	int64_t			 imin;	/* FS_INT range; FS_MONEY/WAN max in imax */
	int64_t			 imax;
	int			 en;	/* enum id for FS_ENUM, FS_ARR_ENUM */
	fs_check_fn		 check;	/* FS_STR, FS_ARR_STR */
	const struct fspec	*sub;	/* FS_OBJ, FS_ARR_OBJ */
	size_t			 nsub;
	size_t			 size;	/* FS_OBJ, FS_ARR_OBJ: struct size */
	size_t			 cnt;	/* arrays: offset of the size_t count */
};

enum jd_result {
	JD_OK = 0,	/* out filled, errs empty */
	JD_MALFORMED,	/* not acceptable JSON: 400, errs may name the key */
	JD_INVALID,	/* well-formed but errs lists field errors: 422 */
	JD_NOMEM	/* the request's memory limit was reached: 413 */
};

/*
 * Decodes body (len bytes) as an object described by fs[0..n) into out,
 * a struct of the caller's whose members the specs point at.  Every
 * member named by a spec is first set to its "absent" value.  Strings are
 * copied into pool, trimmed of surrounding white space; a string that is
 * empty after trimming counts as absent.  On JD_MALFORMED, *detail (when
 * not NULL) gets a short English reason for logs and the problem detail.
 */
enum jd_result json_decode(struct pool *pool, const struct fs_env *env,
    const char *body, size_t len, const struct fspec *fs, size_t n,
    void *out, struct verrs *errs, const char **detail);

/* Convenience macros for spec tables. */
#define FS_MEMBER(type, m)	offsetof(type, m)

#endif
