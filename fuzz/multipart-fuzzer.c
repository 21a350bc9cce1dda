/*
 * multipart-fuzzer.c -- libFuzzer driver of multipart_parse().
 *
 * Input: the first line (up to '\n') is the Content-Type value, the rest
 * is the body.  Beyond the sanitizers, it checks the contract: on
 * success every part has a non-empty name, its data lies within the body
 * and the strings are terminated; on error *nparts is 0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

#define MAXPARTS	16

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_part(const struct mp_part *m, const uint8_t *body, size_t len)
{
	size_t		i;
	unsigned	sum = 0;

	if (m->name[0] == '\0' ||
	    memchr(m->name, '\0', sizeof(m->name)) == NULL ||
	    memchr(m->filename, '\0', sizeof(m->filename)) == NULL ||
	    memchr(m->ctype, '\0', sizeof(m->ctype)) == NULL ||
	    (!m->has_filename && m->filename[0] != '\0') ||
	    strpbrk(m->filename, "/\\") != NULL)
		abort();
	if (m->data < body || m->len > len ||
	    (size_t)(m->data - body) > len - m->len)
		abort();
	for (i = 0; i < m->len; i++)	/* touch every byte */
		sum += m->data[i];
	if (sum == 0xffffffffu)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_part	 parts[MAXPARTS];
	const uint8_t	*nl, *body;
	char		*ct;
	size_t		 ctlen, len, n = 99, i;
	enum mp_err	 e;

	if ((nl = memchr(data, '\n', size)) == NULL)
		return 0;
	ctlen = (size_t)(nl - data);
	if ((ct = malloc(ctlen + 1)) == NULL)
		return 0;
	memcpy(ct, data, ctlen);
	ct[ctlen] = '\0';
	body = nl + 1;
	len = size - ctlen - 1;
	e = multipart_parse(ct, body, len, parts, MAXPARTS, &n);
	if (mp_strerror(e) == NULL || (e != MP_OK && n != 0) || n > MAXPARTS)
		abort();
	for (i = 0; e == MP_OK && i < n; i++)
		check_part(&parts[i], body, len);
	free(ct);
	return 0;
}
