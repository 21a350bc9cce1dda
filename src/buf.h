/*
 * buf.h -- a growable byte buffer with a hard size limit (after curl's
 * dynbuf).  Appends fail instead of growing past the limit, so every
 * buffer built from outside input is bounded.  The content is always
 * NUL-terminated after a successful append.
 */
#ifndef IPDESK_BUF_H
#define IPDESK_BUF_H

#include <stddef.h>

struct buf {
	char	*p;	/* NULL until the first append */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated */
	size_t	 max;	/* largest len allowed */
};

/* Prepares an empty buffer that may hold at most max bytes. */
void buf_init(struct buf *b, size_t max);
/* Appends n bytes.  Returns 0, or -1 (buffer unchanged) when the result
 * would exceed the limit or memory is short. */
int buf_add(struct buf *b, const void *data, size_t n);
/* Appends a NUL-terminated string; as buf_add. */
int buf_adds(struct buf *b, const char *s);
/* Appends formatted text; as buf_add. */
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The content as a C string ("" when empty); valid until the next call. */
const char *buf_str(const struct buf *b);
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Releases the memory; the buffer may be reused after buf_init.
 * Accepts a buffer that was never appended to. */
void buf_free(struct buf *b);

#endif
