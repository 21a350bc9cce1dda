/*
 * rowval.h -- typed reads of result columns and typed values to bind,
 * shared by the modules that load and save case records (complaint,
 * mediation, aid).  Text and times travel as strings (DATETIME(3) and
 * DATE in CST), see db.h.
 */
#ifndef IPDESK_ROWVAL_H
#define IPDESK_ROWVAL_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "enums.h"
#include "json_decode.h"

struct pool;

/* Column i as a pool copy, NULL when SQL NULL (or out of memory). */
const char *col_str(struct pool *pool, const struct dbrow *row, int i);
/* Column i as an index into enum id, -1 when NULL or unknown. */
int col_enum(const struct dbrow *row, enum enumid id, int i);
/* A DATETIME column as epoch ms, 0 when NULL or unreadable. */
int64_t col_ms(const struct dbrow *row, int i);
/* A DATE column as a CST day number, 0 when NULL or unreadable. */
int32_t col_day(const struct dbrow *row, int i);
/* An integer column as an optional value. */
struct opt_i64 col_opt(const struct dbrow *row, int i);

/* A time to bind: NULL for 0, else the CST DATETIME text (pool copy). */
struct dbval v_ms(struct pool *pool, int64_t ms);
/* A day to bind: NULL for 0, else "YYYY-MM-DD" (pool copy). */
struct dbval v_day(struct pool *pool, int32_t day);
/* An enum code to bind: NULL for i < 0. */
struct dbval v_enum(enum enumid id, int i);
/* A row id to bind: NULL for id <= 0. */
struct dbval v_id(int64_t id);
/* An optional integer to bind. */
struct dbval v_opt(struct opt_i64 o);
/* A LIKE pattern matching q anywhere (%, _ and backslash escaped);
 * NULL for NULL. */
struct dbval v_like(struct pool *pool, const char *q);
/* Binds x to the two placeholders of "(? IS NULL OR col = ?)" at
 * v[*k], advancing *k by two. */
void v_pair(struct dbval *v, size_t *k, struct dbval x);

#endif
