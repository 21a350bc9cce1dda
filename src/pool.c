/*
 * pool.c -- per-request arenas: a list of blocks, bump allocation.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"

#define POOL_BLOCK	(64 * 1024)
#define POOL_ALIGN	16

struct block {
	struct block	*next;
	size_t		 size;	/* usable bytes after the header */
	size_t		 used;
	/* data follows, aligned */
};

struct pool {
	struct block	*head;	/* current block; the first block is last */
	size_t		 total;	/* bytes handed out since the last reset */
	size_t		 max;
};

#define BLOCK_DATA(b) ((unsigned char *)(b) + \
    ((sizeof(struct block) + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1)))
#define BLOCK_HDR ((sizeof(struct block) + POOL_ALIGN - 1) & \
    ~(size_t)(POOL_ALIGN - 1))

static struct block *
block_new(size_t size)
{
	struct block *b;

	if (size > SIZE_MAX - BLOCK_HDR)
		return NULL;
	if ((b = malloc(BLOCK_HDR + size)) == NULL)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct pool *
pool_new(size_t max)
{
	struct pool *p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	if ((p->head = block_new(POOL_BLOCK)) == NULL) {
		free(p);
		return NULL;
	}
	p->max = max;
	return p;
}

void *
pool_alloc(struct pool *p, size_t n)
{
	struct block	*b;
	size_t		 need;
	void		*mem;

	need = (n + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1);
	if (need < n || need > p->max || p->total > p->max - need)
		return NULL;
	b = p->head;
	if (b->size - b->used < need) {
		/* Large requests get a block of their own. */
		if ((b = block_new(need > POOL_BLOCK ? need : POOL_BLOCK)) == NULL)
			return NULL;
		b->next = p->head;
		p->head = b;
	}
	mem = BLOCK_DATA(b) + b->used;
	b->used += need;
	p->total += need;
	memset(mem, 0, n);
	return mem;
}

char *
pool_strndup(struct pool *p, const char *s, size_t n)
{
	char *d;

	if (n == SIZE_MAX || (d = pool_alloc(p, n + 1)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
pool_strdup(struct pool *p, const char *s)
{
	return s == NULL ? NULL : pool_strndup(p, s, strlen(s));
}

char *
pool_printf(struct pool *p, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	char	*d;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (d = pool_alloc(p, (size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}

void
pool_reset(struct pool *p)
{
	struct block *b, *next;

	for (b = p->head; b->next != NULL; b = next) {
		next = b->next;
		free(b);
	}
	p->head = b;
	b->used = 0;
	p->total = 0;
}

void
pool_free(struct pool *p)
{
	struct block *b, *next;

	if (p == NULL)
		return;
	for (b = p->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(p);
}
