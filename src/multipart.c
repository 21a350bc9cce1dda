/*
 * multipart.c -- strict, zero-copy parser of multipart/form-data bodies
 * (RFC 7578 over the syntax of RFC 2046 section 5.1.1).
 *
 *	body     := [preamble CRLF] "--" boundary pad CRLF part
 *		    *(CRLF "--" boundary pad CRLF part)
 *		    CRLF "--" boundary "--" pad [CRLF epilogue]
 *	part     := *(header CRLF) [CRLF data]
 *
 * A delimiter is recognised only when "--" boundary is followed by
 * optional transport padding (SP/HTAB) and CRLF, or by "--" (the close
 * delimiter); anything else that merely starts like one is data.  Line
 * ends are CRLF only: a bare CR or LF in the part headers is an error, so
 * a body written with LF line ends finds no delimiter and is refused.
 *
 * Nothing is copied except the short decoded strings of struct mp_part;
 * part data point into the caller's body.  There is no state outside the
 * call and no allocation.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "multipart.h"

/* Longest delimiter we search for: CRLF "--" boundary. */
#define DELIM_MAX	(4 + MP_MAX_BOUNDARY)

/* Longest decoded parameter value: it must fit in one header line. */
#define VALUE_MAX	MP_MAX_HEADER_LINE

/* A byte range of the input, never NUL-terminated. */
struct span {
	const unsigned char	*p;
	size_t			 len;
};

/* Where a delimiter was found and what follows it. */
struct delim {
	size_t	start;	/* offset of its leading CRLF (or 0 at body start) */
	size_t	next;	/* offset just after its line */
	int	close;	/* the close delimiter ("--" boundary "--") */
};

/* What the parameters of one Content-Disposition told us. */
struct cdisp {
	int	name;
	int	filename;
};

static const char *const errors[MP__MAX] = {
	[MP_OK] = "success",
	[MP_ERR_CTYPE] = "not multipart/form-data or bad boundary",
	[MP_ERR_SYNTAX] = "malformed multipart delimiters or part headers",
	[MP_ERR_TOO_MANY] = "too many parts",
	[MP_ERR_HEADER] = "missing or bad Content-Disposition in a part",
	[MP_ERR_TRUNCATED] = "multipart body without closing delimiter",
};

/* RFC 7230 tchar. */
static int
is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* RFC 2046 bchars (space only inside, checked by the caller). */
static int
is_bchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

/* C0 controls except HTAB, and DEL. */
static int
is_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Whether s equals the lower-case ASCII literal lit, ignoring case. */
static int
span_is(struct span s, const char *lit)
{
	size_t	i, n = strlen(lit);

	if (s.len != n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower(s.p[i]) != (unsigned char)lit[i])
			return 0;
	return 1;
}

static void
span_skip(struct span *s, size_t n)
{
	s->p += n;
	s->len -= n;
}

static void
skip_ows(struct span *s)
{
	while (s->len > 0 && (s->p[0] == ' ' || s->p[0] == '\t'))
		span_skip(s, 1);
}

static void
trim_ows(struct span *s)
{
	skip_ows(s);
	while (s->len > 0 &&
	    (s->p[s->len - 1] == ' ' || s->p[s->len - 1] == '\t'))
		s->len--;
}

/* Lead bytes of multi-byte UTF-8 sequences. */
static const struct utf8_lead {
	unsigned char	lo, hi, mask;
	size_t		len;
	uint32_t	min;	/* smallest code point, against overlongs */
} utf8_leads[] = {
	{ 0xc2, 0xdf, 0x1f, 2, 0x80 },
	{ 0xe0, 0xef, 0x0f, 3, 0x800 },
	{ 0xf0, 0xf4, 0x07, 4, 0x10000 },
};

/*
 * Length of the well-formed UTF-8 sequence at p (len > 0 bytes): 1-4,
 * or 0 for an overlong form, a surrogate, a value above U+10FFFF or a
 * bad or cut sequence.  *cp gets the code point.
 */
static size_t
utf8_seq(const unsigned char *p, size_t len, uint32_t *cp)
{
	const struct utf8_lead	*l = NULL;
	size_t			 i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	for (i = 0; i < sizeof(utf8_leads) / sizeof(utf8_leads[0]); i++)
		if (p[0] >= utf8_leads[i].lo && p[0] <= utf8_leads[i].hi)
			l = &utf8_leads[i];
	if (l == NULL || len < l->len)
		return 0;
	*cp = p[0] & l->mask;
	for (i = 1; i < l->len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	if (*cp < l->min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return l->len;
}

/* Names and filenames are echoed back in JSON and shown to staff, so
 * they must be UTF-8 text. */
static int
utf8_ok(const unsigned char *s, size_t len)
{
	size_t		i, n;
	uint32_t	cp;

	for (i = 0; i < len; i += n)
		if ((n = utf8_seq(s + i, len - i, &cp)) == 0)
			return 0;
	return 1;
}

/* Takes a token (1 or more tchars) from s into tok.  Returns 0 or -1. */
static int
take_token(struct span *s, struct span *tok)
{
	size_t	n = 0;

	while (n < s->len && is_tchar(s->p[n]))
		n++;
	if (n == 0)
		return -1;
	tok->p = s->p;
	tok->len = n;
	span_skip(s, n);
	return 0;
}

/*
 * Takes a quoted-string (s starts at the opening quote) and writes its
 * content, without the quotes, to buf (bufsz bytes, not NUL-terminated),
 * its length to *outlen.  A backslash escapes only '"' and '\\'; before
 * any other byte it is literal, as browsers send Windows paths
 * (filename="C:\a\b.pdf") without escaping.  Controls other than HTAB
 * are refused.  Returns 0, or -1 on syntax error or overflow.
 */
static int
take_quoted(struct span *s, unsigned char *buf, size_t bufsz, size_t *outlen)
{
	size_t		i, n = 0;
	unsigned char	c;

	for (i = 1; i < s->len; i++) {
		c = s->p[i];
		if (c == '"') {
			span_skip(s, i + 1);
			*outlen = n;
			return 0;
		}
		if (is_ctl(c))
			return -1;
		if (c == '\\' && i + 1 < s->len &&
		    (s->p[i + 1] == '"' || s->p[i + 1] == '\\'))
			c = s->p[++i];
		if (n == bufsz)
			return -1;
		buf[n++] = c;
	}
	return -1;		/* no closing quote */
}

/* Takes a parameter value: a token or a quoted-string, as above. */
static int
take_value(struct span *s, unsigned char *buf, size_t bufsz, size_t *outlen)
{
	struct span	tok;

	if (s->len > 0 && s->p[0] == '"')
		return take_quoted(s, buf, bufsz, outlen);
	if (take_token(s, &tok) == -1 || tok.len > bufsz)
		return -1;
	memcpy(buf, tok.p, tok.len);
	*outlen = tok.len;
	return 0;
}

/*
 * Takes the next `; name=value` of a header value.  Returns 1 with the
 * parameter, 0 at the end (a lone trailing ';' is tolerated), -1 on a
 * syntax error.  No white space is allowed around '=' (RFC 7231 3.1.1.1).
 */
static int
next_param(struct span *s, struct span *name, unsigned char *val,
    size_t valsz, size_t *vlen)
{
	skip_ows(s);
	if (s->len == 0)
		return 0;
	if (s->p[0] != ';')
		return -1;
	span_skip(s, 1);
	skip_ows(s);
	if (s->len == 0)
		return 0;
	if (take_token(s, name) == -1 || s->len == 0 || s->p[0] != '=')
		return -1;
	span_skip(s, 1);
	return take_value(s, val, valsz, vlen) == -1 ? -1 : 1;
}

/* 1-70 bchars, not ending in a space (RFC 2046 5.1.1). */
static int
boundary_ok(const unsigned char *b, size_t len)
{
	size_t	i;

	if (len == 0 || len > MP_MAX_BOUNDARY || b[len - 1] == ' ')
		return 0;
	for (i = 0; i < len; i++)
		if (!is_bchar(b[i]))
			return 0;
	return 1;
}

/*
 * Reads the request's Content-Type: "multipart/form-data" in any case,
 * then parameters of which exactly one is boundary.  Writes the boundary
 * to bnd (MP_MAX_BOUNDARY bytes) and its length to *blen.
 */
static enum mp_err
parse_ctype(const char *ct, unsigned char *bnd, size_t *blen)
{
	struct span	s, type, sub, name;
	unsigned char	val[VALUE_MAX];
	size_t		vlen;
	int		rc, seen = 0;

	s.p = (const unsigned char *)ct;
	s.len = strlen(ct);
	skip_ows(&s);
	if (take_token(&s, &type) == -1 || s.len == 0 || s.p[0] != '/')
		return MP_ERR_CTYPE;
	span_skip(&s, 1);
	if (take_token(&s, &sub) == -1 ||
	    !span_is(type, "multipart") || !span_is(sub, "form-data"))
		return MP_ERR_CTYPE;
	while ((rc = next_param(&s, &name, val, sizeof(val), &vlen)) == 1) {
		if (!span_is(name, "boundary"))
			continue;
		if (seen++ || !boundary_ok(val, vlen))
			return MP_ERR_CTYPE;
		memcpy(bnd, val, vlen);
		*blen = vlen;
	}
	return rc == 0 && seen ? MP_OK : MP_ERR_CTYPE;
}

static size_t
skip_lwsp(const unsigned char *b, size_t len, size_t off)
{
	while (off < len && (b[off] == ' ' || b[off] == '\t'))
		off++;
	return off;
}

static int
is_crlf(const unsigned char *b, size_t len, size_t off)
{
	return len - off >= 2 && b[off] == '\r' && b[off + 1] == '\n';
}

/*
 * Decides whether the bytes after "--" boundary (from off) end a
 * delimiter line: padding then CRLF, or "--", padding and CRLF or the
 * end of the body.  Fills next and close of d.  Returns 1 if so.
 */
static int
delim_tail(const unsigned char *b, size_t len, size_t off, struct delim *d)
{
	if (len - off >= 2 && b[off] == '-' && b[off + 1] == '-') {
		off = skip_lwsp(b, len, off + 2);
		if (off != len && !is_crlf(b, len, off))
			return 0;
		d->close = 1;
		d->next = len;
		return 1;
	}
	off = skip_lwsp(b, len, off);
	if (!is_crlf(b, len, off))
		return 0;
	d->close = 0;
	d->next = off + 2;
	return 1;
}

/*
 * Finds the first delimiter (pat = CRLF "--" boundary, plen bytes) at or
 * after from.  A candidate with anything else after the boundary is data,
 * and the search goes on after its CR.  Linear: memchr finds each CR and
 * at most plen bytes are compared there.  Returns 1 and fills d, or 0.
 */
static int
find_delim(const unsigned char *b, size_t len, size_t from,
    const unsigned char *pat, size_t plen, struct delim *d)
{
	const unsigned char	*q;
	size_t			 off;

	while (from < len && len - from >= plen) {
		q = memchr(b + from, '\r', len - from - plen + 1);
		if (q == NULL)
			return 0;
		off = (size_t)(q - b);
		if (memcmp(q, pat, plen) == 0 &&
		    delim_tail(b, len, off + plen, d)) {
			d->start = off;
			return 1;
		}
		from = off + 1;
	}
	return 0;
}

/* The first delimiter: at the very start of the body, or after a
 * preamble and its CRLF. */
static int
first_delim(const unsigned char *b, size_t len, const unsigned char *pat,
    size_t plen, struct delim *d)
{
	if (len >= plen - 2 && memcmp(b, pat + 2, plen - 2) == 0 &&
	    delim_tail(b, len, plen - 2, d)) {
		d->start = 0;
		return 1;
	}
	return find_delim(b, len, 0, pat, plen, d);
}

/*
 * Takes one header line ending in CRLF from s into line (without the
 * CRLF).  Refuses lines longer than MP_MAX_HEADER_LINE, bare CR or LF,
 * NUL and other controls.  Returns 0 or -1.
 */
static int
take_line(struct span *s, struct span *line)
{
	size_t		i, lim;
	unsigned char	c;

	lim = s->len < MP_MAX_HEADER_LINE + 1 ? s->len : MP_MAX_HEADER_LINE + 1;
	for (i = 0; i < lim; i++) {
		c = s->p[i];
		if (c == '\r') {
			if (i + 1 == s->len || s->p[i + 1] != '\n')
				return -1;
			line->p = s->p;
			line->len = i;
			span_skip(s, i + 2);
			return 0;
		}
		if (is_ctl(c))
			return -1;
	}
	return -1;		/* too long, or no CRLF before the part ends */
}

/* Copies a decoded name into part->name: 1-MP_MAX_NAME bytes of UTF-8. */
static enum mp_err
set_name(struct mp_part *part, const unsigned char *v, size_t len)
{
	if (len == 0 || len > MP_MAX_NAME || !utf8_ok(v, len))
		return MP_ERR_HEADER;
	memcpy(part->name, v, len);
	part->name[len] = '\0';
	return MP_OK;
}

/*
 * Copies the last path component of a decoded filename into
 * part->filename.  "." and ".." become "", as does a name ending in a
 * separator; an empty filename is what browsers send for an empty file
 * input.  The result must be UTF-8 of at most MP_MAX_FILENAME bytes.
 */
static enum mp_err
set_filename(struct mp_part *part, const unsigned char *v, size_t len)
{
	size_t	i, base = 0;

	for (i = 0; i < len; i++)
		if (v[i] == '/' || v[i] == '\\')
			base = i + 1;
	v += base;
	len -= base;
	if ((len == 1 && v[0] == '.') ||
	    (len == 2 && v[0] == '.' && v[1] == '.'))
		len = 0;
	if (len > MP_MAX_FILENAME || !utf8_ok(v, len))
		return MP_ERR_HEADER;
	memcpy(part->filename, v, len);
	part->filename[len] = '\0';
	part->has_filename = 1;
	return MP_OK;
}

/*
 * Content-Disposition: form-data; name="..."[; filename="..."].  Each of
 * name and filename at most once; filename* (RFC 5987, which RFC 7578
 * says not to use) and unknown parameters are ignored.
 */
static enum mp_err
parse_cdisp(struct span v, struct mp_part *part)
{
	struct span	tok, pname;
	struct cdisp	cd = { 0, 0 };
	unsigned char	val[VALUE_MAX];
	size_t		vlen;
	enum mp_err	e = MP_OK;
	int		rc = 0;

	if (take_token(&v, &tok) == -1 || !span_is(tok, "form-data"))
		return MP_ERR_HEADER;
	while (e == MP_OK &&
	    (rc = next_param(&v, &pname, val, sizeof(val), &vlen)) == 1) {
		if (span_is(pname, "name"))
			e = cd.name++ ? MP_ERR_HEADER :
			    set_name(part, val, vlen);
		else if (span_is(pname, "filename"))
			e = cd.filename++ ? MP_ERR_HEADER :
			    set_filename(part, val, vlen);
	}
	if (e != MP_OK)
		return e;
	return rc == 0 && cd.name ? MP_OK : MP_ERR_HEADER;
}

/* The declared Content-Type: printable ASCII, at most MP_MAX_CTYPE. */
static enum mp_err
set_ctype(struct mp_part *part, struct span v)
{
	size_t	i;

	if (v.len == 0 || v.len > MP_MAX_CTYPE)
		return MP_ERR_HEADER;
	for (i = 0; i < v.len; i++)
		if (v.p[i] < 0x20 || v.p[i] > 0x7e)
			return MP_ERR_HEADER;
	memcpy(part->ctype, v.p, v.len);
	part->ctype[v.len] = '\0';
	return MP_OK;
}

/* RFC 7578 4.7: only identity encodings; base64 data would be stored
 * as its encoding and hashed wrongly. */
static enum mp_err
check_cte(struct span v)
{
	if (span_is(v, "binary") || span_is(v, "8bit") || span_is(v, "7bit"))
		return MP_OK;
	return MP_ERR_HEADER;
}

/*
 * One header line "Name: value".  No white space before the colon nor
 * at the start of the line (obsolete folding).  *seen counts the known
 * headers as bits to refuse duplicates.  Unknown headers are ignored.
 */
static enum mp_err
parse_header(struct span line, struct mp_part *part, unsigned *seen)
{
	struct span	name;
	unsigned	bit;

	if (take_token(&line, &name) == -1 || line.len == 0 ||
	    line.p[0] != ':')
		return MP_ERR_SYNTAX;
	span_skip(&line, 1);
	trim_ows(&line);
	if (span_is(name, "content-disposition"))
		bit = 1;
	else if (span_is(name, "content-type"))
		bit = 2;
	else if (span_is(name, "content-transfer-encoding"))
		bit = 4;
	else
		return MP_OK;
	if (*seen & bit)
		return MP_ERR_HEADER;
	*seen |= bit;
	if (bit == 1)
		return parse_cdisp(line, part);
	return bit == 2 ? set_ctype(part, line) : check_cte(line);
}

/*
 * Parses the part in b[0..len) -- between the CRLF ending a delimiter
 * line and the CRLF starting the next delimiter -- into part.  Headers
 * end at an empty line; a part whose last header line is followed
 * directly by the delimiter has empty data (RFC 2046: the body is
 * optional).
 */
static enum mp_err
parse_part(const unsigned char *b, size_t len, struct mp_part *part)
{
	struct span	s = { b, len }, line;
	unsigned	seen = 0;
	size_t		nhdr = 0;
	enum mp_err	e;

	memset(part, 0, sizeof(*part));
	while (s.len > 0) {
		if (take_line(&s, &line) == -1)
			return MP_ERR_SYNTAX;
		if (line.len == 0)
			break;
		if (++nhdr > MP_MAX_HEADERS)
			return MP_ERR_SYNTAX;
		if ((e = parse_header(line, part, &seen)) != MP_OK)
			return e;
	}
	if (!(seen & 1))
		return MP_ERR_HEADER;
	part->data = s.p;
	part->len = s.len;
	return MP_OK;
}

/* Walks the delimiters from the first one (d) and parses each part. */
static enum mp_err
parse_body(const unsigned char *b, size_t len, const unsigned char *pat,
    size_t plen, struct delim d, struct mp_part *parts, size_t maxparts,
    size_t *nparts)
{
	struct delim	nd;
	size_t		n = 0;
	enum mp_err	e;

	while (!d.close) {
		if (!find_delim(b, len, d.next, pat, plen, &nd))
			return MP_ERR_TRUNCATED;
		if (n == maxparts)
			return MP_ERR_TOO_MANY;
		e = parse_part(b + d.next, nd.start - d.next, &parts[n]);
		if (e != MP_OK)
			return e;
		n++;
		d = nd;
	}
	*nparts = n;
	return MP_OK;
}

enum mp_err
multipart_parse(const char *content_type, const unsigned char *body,
    size_t len, struct mp_part *parts, size_t maxparts, size_t *nparts)
{
	unsigned char	pat[DELIM_MAX];
	size_t		blen = 0;
	struct delim	d;
	enum mp_err	e;

	*nparts = 0;
	if (content_type == NULL)
		return MP_ERR_CTYPE;
	pat[0] = '\r';
	pat[1] = '\n';
	pat[2] = pat[3] = '-';
	if ((e = parse_ctype(content_type, pat + 4, &blen)) != MP_OK)
		return e;
	if (body == NULL || !first_delim(body, len, pat, blen + 4, &d))
		return MP_ERR_SYNTAX;
	return parse_body(body, len, pat, blen + 4, d, parts, maxparts, nparts);
}

const char *
mp_strerror(enum mp_err e)
{
	if ((int)e < 0 || e >= MP__MAX)
		return "unknown multipart error";
	return errors[e];
}
