/*
 * pool.h -- a per-request memory arena (after nginx's pools).  Everything
 * a request allocates comes from its pool and is released at once when
 * the request ends; nothing is freed one by one.  The pool has a total
 * limit, so a hostile request cannot make a worker grow without bound.
 */
#ifndef IPDESK_POOL_H
#define IPDESK_POOL_H

#include <stddef.h>

struct pool;

/* A new pool that hands out at most max bytes in all.  NULL on ENOMEM. */
struct pool *pool_new(size_t max);
/* n bytes aligned for any type, zero-filled; NULL when the limit is
 * reached or memory is short.  Valid until pool_reset or pool_free. */
void *pool_alloc(struct pool *p, size_t n);
/* A NUL-terminated copy of n bytes of s (which need not be terminated). */
char *pool_strndup(struct pool *p, const char *s, size_t n);
/* A copy of a C string; NULL in gives NULL out. */
char *pool_strdup(struct pool *p, const char *s);
/* Formatted text in the pool. */
char *pool_printf(struct pool *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Releases everything allocated, keeping the first block for reuse. */
void pool_reset(struct pool *p);
/* Releases the pool itself; accepts NULL. */
void pool_free(struct pool *p);

#endif
