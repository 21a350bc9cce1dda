/*
 * rowval.c -- typed column reads and bound values (see rowval.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pool.h"
#include "rowval.h"
#include "timeutil.h"
#include "workdays.h"

const char *
col_str(struct pool *pool, const struct dbrow *row, int i)
{
	return row->c[i].null ? NULL :
	    pool_strndup(pool, row->c[i].s, row->c[i].len);
}

int
col_enum(const struct dbrow *row, enum enumid id, int i)
{
	return row->c[i].null ? -1 : enum_find(id, row->c[i].s, row->c[i].len);
}

int64_t
col_ms(const struct dbrow *row, int i)
{
	int64_t ms;

	if (row->c[i].null || time_from_sql(row->c[i].s, &ms) == -1)
		return 0;
	return ms;
}

int32_t
col_day(const struct dbrow *row, int i)
{
	int64_t	 ms;
	char	 tmp[40];

	if (row->c[i].null || row->c[i].len < 10)
		return 0;
	snprintf(tmp, sizeof(tmp), "%.10s 00:00:00", row->c[i].s);
	return time_from_sql(tmp, &ms) == -1 ? 0 : time_day_cst(ms);
}

struct opt_i64
col_opt(const struct dbrow *row, int i)
{
	struct opt_i64 o = { !row->c[i].null, row->c[i].i };

	return o;
}

struct dbval
v_ms(struct pool *pool, int64_t ms)
{
	char *t;

	if (ms == 0 || (t = pool_alloc(pool, 32)) == NULL)
		return dbnull();
	return dbstr(time_sql(ms, t, 32));
}

struct dbval
v_day(struct pool *pool, int32_t day)
{
	char *t;

	if (day == 0 || (t = pool_alloc(pool, 16)) == NULL)
		return dbnull();
	return dbstr(day_format(day, t, 16));
}

struct dbval
v_enum(enum enumid id, int i)
{
	return i < 0 ? dbnull() : dbstr(enum_code(id, i));
}

struct dbval
v_id(int64_t id)
{
	return id > 0 ? dbint(id) : dbnull();
}

struct dbval
v_opt(struct opt_i64 o)
{
	return o.set ? dbint(o.v) : dbnull();
}

struct dbval
v_like(struct pool *pool, const char *q)
{
	char	*p;
	size_t	 i, o = 0;

	if (q == NULL || (p = pool_alloc(pool, strlen(q) * 2 + 3)) == NULL)
		return dbnull();
	p[o++] = '%';
	for (i = 0; q[i] != '\0'; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			p[o++] = '\\';
		p[o++] = q[i];
	}
	p[o++] = '%';
	p[o] = '\0';
	return dbstr(p);
}

void
v_pair(struct dbval *v, size_t *k, struct dbval x)
{
	v[(*k)++] = x;
	v[(*k)++] = x;
}
