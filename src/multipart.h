/*
 * multipart.h -- parser of multipart/form-data bodies (RFC 7578), in
 * memory, without copying: parts point into the caller's body buffer.
 *
 * The parser is strict: the boundary comes from the Content-Type header
 * (1-70 characters of RFC 2046 bchars, quoted or not), every part needs a
 * Content-Disposition: form-data with a name, headers are limited in
 * number and size, and the closing delimiter must be present.  Preamble
 * and epilogue are ignored.
 */
#ifndef IPDESK_MULTIPART_H
#define IPDESK_MULTIPART_H

#include <stddef.h>

#define MP_MAX_NAME 128
#define MP_MAX_FILENAME 255
#define MP_MAX_CTYPE 128
#define MP_MAX_BOUNDARY 70	/* RFC 2046 */
#define MP_MAX_HEADERS 8	/* header lines per part */
#define MP_MAX_HEADER_LINE 1024	/* bytes per header line, without CRLF */

enum mp_err {
	MP_OK = 0,
	MP_ERR_CTYPE,		/* not multipart/form-data or bad boundary */
	MP_ERR_SYNTAX,		/* malformed delimiters or part headers */
	MP_ERR_TOO_MANY,	/* more parts than the caller allows */
	MP_ERR_HEADER,		/* missing or bad Content-Disposition */
	MP_ERR_TRUNCATED,	/* no closing delimiter */
	MP__MAX
};

struct mp_part {
	char name[MP_MAX_NAME + 1];		/* form field name */
	char filename[MP_MAX_FILENAME + 1];	/* "" when not a file */
	int has_filename;			/* filename= was present */
	char ctype[MP_MAX_CTYPE + 1];		/* declared type, "" if none */
	const unsigned char *data;		/* into the body */
	size_t len;
};

/*
 * Parses body (len bytes) with the boundary named in content_type (the
 * full header value).  Fills at most maxparts entries of parts and stores
 * their number in *nparts.  Returns MP_OK or the first error; on error
 * *nparts is 0 and the contents of parts are unspecified.  filename is
 * reduced to its last path component (after the last '/' or '\\'; "."
 * and ".." become "") and control characters in it are refused; name
 * (required, non-empty) and filename must be UTF-8 and fit their arrays.
 * Too many or too long part headers are MP_ERR_SYNTAX.  A body holding
 * only the close delimiter (an empty form) gives MP_OK with *nparts 0.
 * The data of each part stays valid as long as body does.
 */
enum mp_err multipart_parse(const char *content_type, const unsigned char *body,
    size_t len, struct mp_part *parts, size_t maxparts, size_t *nparts);

/* A short English text for logs and error details. */
const char *mp_strerror(enum mp_err);

#endif
