/*
 * filetype-fuzzer.c -- libFuzzer driver of filetype_sniff().
 *
 * The whole input is the file.  Beyond the sanitizers (libFuzzer hands
 * over a buffer of exactly size bytes, so any read past it is caught),
 * it checks that a result is a complete table entry and that nothing
 * starting like markup, a script or an executable is accepted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct filetype	*t;

	if ((t = filetype_sniff(data, size)) == NULL)
		return 0;
	if (t->mime == NULL || t->ext == NULL || t->label_zh == NULL ||
	    size == 0)
		abort();
	if (data[0] == '<' || (size >= 2 && memcmp(data, "#!", 2) == 0) ||
	    (size >= 2 && memcmp(data, "MZ", 2) == 0) ||
	    (size >= 4 && memcmp(data, "\x7f" "ELF", 4) == 0))
		abort();
	if (strcmp(t->mime, "text/plain") == 0 && memchr(data, '\0', size))
		abort();
	return 0;
}
