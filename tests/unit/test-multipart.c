/*
 * test-multipart.c -- unit tests of the multipart/form-data parser.
 */
#include <stdlib.h>
#include <string.h>

#include "multipart.h"
#include "tap.h"

#define CT	"multipart/form-data; boundary=XyZ"
#define CD	"Content-Disposition: form-data; "
#define MAXP	8

/* Results of one parse, kept on the caller's stack. */
struct res {
	struct mp_part	parts[MAXP];
	size_t		n;
	enum mp_err	e;
};

/* Parses a copy of body (len bytes) on the heap so that the sanitizers
 * and valgrind see any read past its end. */
static void
parse_n(struct res *r, const char *ct, const char *body, size_t len,
    size_t maxparts)
{
	unsigned char	*copy = malloc(len ? len : 1);

	if (copy == NULL)
		abort();
	memcpy(copy, body, len);
	r->n = 99;
	r->e = multipart_parse(ct, copy, len, r->parts, maxparts, &r->n);
	/* Keep the data only as long as the copy lives: compare now. */
	free(copy);
}

static void
parse(struct res *r, const char *ct, const char *body)
{
	parse_n(r, ct, body, strlen(body), MAXP);
}

/* Parses body and checks that part 0 has name and data (NUL-free). */
static int
parse_data(struct res *r, const char *ct, const char *body, char *data,
    size_t datasz)
{
	unsigned char	*copy;
	size_t		 len = strlen(body);

	if ((copy = malloc(len)) == NULL)
		abort();
	memcpy(copy, body, len);
	r->e = multipart_parse(ct, copy, len, r->parts, MAXP, &r->n);
	data[0] = '\0';
	if (r->e == MP_OK && r->n > 0 && r->parts[0].len < datasz) {
		memcpy(data, r->parts[0].data, r->parts[0].len);
		data[r->parts[0].len] = '\0';
	}
	free(copy);
	return r->e;
}

static void
test_one_field(void)
{
	struct res	r;
	char		d[64];

	parse_data(&r, CT, "--XyZ\r\n" CD "name=\"title\"\r\n\r\n"
	    "hello\r\n--XyZ--\r\n", d, sizeof(d));
	is_int(r.e, MP_OK, "one field: parses");
	is_int(r.n, 1, "one field: one part");
	is_str(r.parts[0].name, "title", "one field: name");
	is_str(d, "hello", "one field: data");
	is_int(r.parts[0].has_filename, 0, "one field: no filename");
	is_str(r.parts[0].ctype, "", "one field: no type");
}

static void
test_several(void)
{
	struct res	r;
	const char	*body = "preamble text\r\n"
	    "--XyZ\r\n" CD "name=\"a\"\r\n\r\n1\r\n"
	    "--XyZ\r\n" CD "name=\"b\"\r\n\r\n22\r\n"
	    "--XyZ\r\n" CD "name=\"c\"\r\n\r\n333\r\n"
	    "--XyZ--\r\nepilogue --XyZ nonsense";
	unsigned char	*copy;
	size_t		 len = strlen(body);

	if ((copy = malloc(len)) == NULL)
		abort();
	memcpy(copy, body, len);
	r.e = multipart_parse(CT, copy, len, r.parts, MAXP, &r.n);
	is_int(r.e, MP_OK, "several: parses (preamble, epilogue)");
	is_int(r.n, 3, "several: three parts");
	is_str(r.parts[1].name, "b", "several: second name");
	is_int(r.parts[2].len, 3, "several: third length");
	ok(r.n == 3 && memcmp(r.parts[2].data, "333", 3) == 0,
	    "several: third data");
	ok(r.n == 3 && r.parts[0].data == copy + strlen("preamble text\r\n"
	    "--XyZ\r\n" CD "name=\"a\"\r\n\r\n"), "several: zero copy");
	free(copy);
}

static void
test_file(void)
{
	struct res	r;
	char		d[64];

	parse_data(&r, CT, "--XyZ\r\n"
	    CD "name=\"evidence\"; filename=\"合同.pdf\"\r\n"
	    "Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--XyZ--",
	    d, sizeof(d));
	is_int(r.e, MP_OK, "file: parses (no CRLF after close)");
	is_str(r.parts[0].filename, "合同.pdf", "file: UTF-8 filename");
	is_int(r.parts[0].has_filename, 1, "file: has_filename");
	is_str(r.parts[0].ctype, "application/pdf", "file: type");
	is_str(d, "%PDF-1.7", "file: data");

	parse(&r, CT, "--XyZ\r\n" CD "name=\"f\"; filename=\"\"\r\n\r\n\r\n"
	    "--XyZ--\r\n");
	ok(r.e == MP_OK && r.parts[0].has_filename &&
	    r.parts[0].filename[0] == '\0' && r.parts[0].len == 0,
	    "file: empty file input (filename=\"\")");
}

static void
test_ctype(void)
{
	struct res	r;
	const char	*body = "--a b'()+_,-./:=?\r\n" CD "name=\"x\"\r\n\r\n"
	    "v\r\n--a b'()+_,-./:=?--\r\n";

	parse(&r, "multipart/form-data; boundary=\"a b'()+_,-./:=?\"", body);
	is_int(r.e, MP_OK, "ctype: quoted boundary with space and bchars");
	parse(&r, "Multipart/Form-Data;charset=utf-8;BOUNDARY=\"XyZ\" ; x=y",
	    "--XyZ\r\n" CD "name=\"x\"\r\n\r\nv\r\n--XyZ--\r\n");
	is_int(r.e, MP_OK, "ctype: case, quotes, other parameters");
	parse(&r, "multipart/form-data", "--XyZ\r\n");
	is_int(r.e, MP_ERR_CTYPE, "ctype: no boundary");
	is_int(r.n, 0, "ctype: nparts 0 on error");
	parse(&r, "multipart/form-data; boundary=", "--\r\n");
	is_int(r.e, MP_ERR_CTYPE, "ctype: empty boundary");
	parse(&r, "multipart/form-data; boundary=\"\"", "--\r\n");
	is_int(r.e, MP_ERR_CTYPE, "ctype: empty quoted boundary");
	parse(&r, "multipart/form-data; boundary=a; boundary=b", "--a\r\n");
	is_int(r.e, MP_ERR_CTYPE, "ctype: two boundaries");
	parse(&r, "multipart/mixed; boundary=XyZ", "--XyZ--");
	is_int(r.e, MP_ERR_CTYPE, "ctype: multipart/mixed");
	parse(&r, "application/x-www-form-urlencoded", "a=b");
	is_int(r.e, MP_ERR_CTYPE, "ctype: urlencoded");
	parse(&r, "multipart/form-data; boundary=\"a b \"", "--a b --");
	is_int(r.e, MP_ERR_CTYPE, "ctype: boundary ending in space");
	parse(&r, "multipart/form-data; boundary=\"a\rb\"", "--a\rb--");
	is_int(r.e, MP_ERR_CTYPE, "ctype: CR in boundary");
	parse(&r, "multipart/form-data; boundary=abc=def", "--abc=def--");
	is_int(r.e, MP_ERR_CTYPE, "ctype: bare boundary with '='");
	parse(&r, "multipart/form-data; boundary=\"abc", "--abc--");
	is_int(r.e, MP_ERR_CTYPE, "ctype: unterminated quote");
	parse(&r, "multipart/form-data-x; boundary=XyZ", "--XyZ--");
	is_int(r.e, MP_ERR_CTYPE, "ctype: other subtype");
	r.e = multipart_parse(NULL, (const unsigned char *)"", 0, r.parts,
	    MAXP, &r.n);
	is_int(r.e, MP_ERR_CTYPE, "ctype: NULL");
}

static void
test_boundary_len(void)
{
	char		ct[160], body[256];
	char		b70[71], b71[72];
	struct res	r;

	memset(b70, 'b', 70);
	b70[70] = '\0';
	memset(b71, 'b', 71);
	b71[71] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b70);
	snprintf(body, sizeof(body), "--%s\r\n" CD "name=\"x\"\r\n\r\n\r\n"
	    "--%s--", b70, b70);
	parse(&r, ct, body);
	is_int(r.e, MP_OK, "boundary: 70 characters");
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", b71);
	parse(&r, ct, body);
	is_int(r.e, MP_ERR_CTYPE, "boundary: 71 characters refused");
}

static void
test_lookalike(void)
{
	struct res	r;
	char		d[128];

	parse_data(&r, CT, "--XyZ\r\n" CD "name=\"f\"\r\n\r\n"
	    "a\r\n--XyZa\r\n--XyZ-\r\n--XyZ--x\r\n--XyZ \tz\r\n--Xy\r\n"
	    "--XyZ--", d, sizeof(d));
	is_int(r.e, MP_OK, "lookalike: parses");
	is_int(r.n, 1, "lookalike: one part");
	is_str(d, "a\r\n--XyZa\r\n--XyZ-\r\n--XyZ--x\r\n--XyZ \tz\r\n--Xy",
	    "lookalike: prefixes of the delimiter are data");

	parse_data(&r, CT, "--XyZ\r\n" CD "name=\"f\"\r\n\r\n"
	    "a--XyZ\r\n--XyZ--", d, sizeof(d));
	is_str(d, "a--XyZ", "lookalike: boundary without CRLF before is data");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"f\"\r\n\r\n"
	    "--XyZ\r\n--XyZ--");
	is_int(r.e, MP_ERR_TRUNCATED,
	    "lookalike: the blank line's CRLF starts a delimiter");

	parse_data(&r, CT, "--XyZ \t\r\n" CD "name=\"f\"\r\n\r\n"
	    "v\r\n--XyZ--  \r\n", d, sizeof(d));
	ok(r.e == MP_OK && strcmp(d, "v") == 0,
	    "lookalike: transport padding after boundaries");

	parse(&r, CT, "--XyZ\r\n" CD "name=\"f\"\r\n\r\n"
	    "v\r\n--XyZ--junk\r\n");
	is_int(r.e, MP_ERR_TRUNCATED, "lookalike: --XyZ--junk is no close");
}

static void
test_crlf_data(void)
{
	struct res	r;
	char		d[64];

	parse_data(&r, CT, "--XyZ\r\n" CD "name=\"t\"\r\n\r\n"
	    "\r\nline 1\r\n\r\nline 2\r\n\r\n\r\n--XyZ--\r\n", d, sizeof(d));
	is_int(r.e, MP_OK, "crlf data: parses");
	is_str(d, "\r\nline 1\r\n\r\nline 2\r\n\r\n", "crlf data: kept");
	parse_data(&r, CT, "--XyZ\r\n" CD "name=\"t\"\r\n\r\n"
	    "a\nb\rc\r\n--XyZ--\r\n", d, sizeof(d));
	is_str(d, "a\nb\rc", "crlf data: bare CR and LF in data");
}

static void
test_binary(void)
{
	static const char body[] = "--XyZ\r\n" CD "name=\"b\"\r\n\r\n"
	    "\0\r\n\0--XyZ\xff\r\n--XyZ--\r\n";
	struct res	r;

	parse_n(&r, CT, body, sizeof(body) - 1, MAXP);
	is_int(r.e, MP_OK, "binary: NUL bytes in data");
	is_int(r.parts[0].len, 10, "binary: length");
}

static void
test_truncated(void)
{
	struct res	r;

	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\n\r\nhello");
	is_int(r.e, MP_ERR_TRUNCATED, "truncated: no closing delimiter");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\n\r\nhello\r\n--XyZ");
	is_int(r.e, MP_ERR_TRUNCATED, "truncated: ends after boundary");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\n\r\nhi\r\n--XyZ\r\n");
	is_int(r.e, MP_ERR_TRUNCATED, "truncated: ends after a delimiter");
	parse(&r, CT, "");
	is_int(r.e, MP_ERR_SYNTAX, "truncated: empty body");
	parse(&r, CT, "no delimiter at all");
	is_int(r.e, MP_ERR_SYNTAX, "truncated: no opening delimiter");
	parse(&r, CT, "--XyZ--\r\n");
	ok(r.e == MP_OK && r.n == 0, "empty form: close delimiter only");
}

static void
test_too_many(void)
{
	struct res	r;
	const char	*body = "--XyZ\r\n" CD "name=\"a\"\r\n\r\n1\r\n"
	    "--XyZ\r\n" CD "name=\"b\"\r\n\r\n2\r\n"
	    "--XyZ\r\n" CD "name=\"c\"\r\n\r\n3\r\n--XyZ--\r\n";

	parse_n(&r, CT, body, strlen(body), 2);
	is_int(r.e, MP_ERR_TOO_MANY, "too many: 3 parts, 2 allowed");
	is_int(r.n, 0, "too many: nparts 0");
	parse_n(&r, CT, body, strlen(body), 3);
	is_int(r.e, MP_OK, "too many: 3 parts, 3 allowed");
	parse_n(&r, CT, body, strlen(body), 0);
	is_int(r.e, MP_ERR_TOO_MANY, "too many: none allowed");
}

static void
test_header_limits(void)
{
	char		body[2200], val[1100];
	struct res	r;
	size_t		vlen;

	/* "X: " + value = 1024 bytes is the longest line allowed. */
	vlen = MP_MAX_HEADER_LINE - 3;
	memset(val, 'v', vlen);
	val[vlen] = '\0';
	snprintf(body, sizeof(body), "--XyZ\r\n" CD "name=\"a\"\r\nX: %s\r\n"
	    "\r\nd\r\n--XyZ--\r\n", val);
	parse(&r, CT, body);
	is_int(r.e, MP_OK, "header: 1024 bytes");
	val[vlen] = 'v';
	val[vlen + 1] = '\0';
	snprintf(body, sizeof(body), "--XyZ\r\n" CD "name=\"a\"\r\nX: %s\r\n"
	    "\r\nd\r\n--XyZ--\r\n", val);
	parse(&r, CT, body);
	is_int(r.e, MP_ERR_SYNTAX, "header: 1025 bytes too long");

	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\nA: 1\r\nB: 2\r\nC: 3\r\n"
	    "D: 4\r\nE: 5\r\nF: 6\r\nG: 7\r\n\r\nd\r\n--XyZ--\r\n");
	is_int(r.e, MP_OK, "header: 8 headers");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\nA: 1\r\nB: 2\r\nC: 3\r\n"
	    "D: 4\r\nE: 5\r\nF: 6\r\nG: 7\r\nH: 8\r\n\r\nd\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_SYNTAX, "header: 9 headers");
}

static void
test_header_syntax(void)
{
	struct res	r;

	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\n folded\r\n\r\nd\r\n"
	    "--XyZ--\r\n");
	is_int(r.e, MP_ERR_SYNTAX, "header: folding refused");
	parse(&r, CT, "--XyZ\r\nContent-Disposition : form-data; name=\"a\""
	    "\r\n\r\nd\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_SYNTAX, "header: space before colon");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\nb\"\r\n\r\nd\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_SYNTAX, "header: bare LF in header");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\nno colon\r\n\r\nd\r\n"
	    "--XyZ--\r\n");
	is_int(r.e, MP_ERR_SYNTAX, "header: line without colon");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_SYNTAX, "header: delimiter inside a header line");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\n\r\n--XyZ--\r\n");
	ok(r.e == MP_OK && r.parts[0].len == 0,
	    "header: headers then delimiter is an empty body");
}

static void
test_disposition(void)
{
	struct res	r;

	parse(&r, CT, "--XyZ\r\n" CD "filename=\"a.pdf\"\r\n\r\nd\r\n"
	    "--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "cd: no name");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"\"\r\n\r\nd\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "cd: empty name");
	parse(&r, CT, "--XyZ\r\nContent-Type: text/plain\r\n\r\nd\r\n"
	    "--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "cd: missing header");
	parse(&r, CT, "--XyZ\r\nContent-Disposition: attachment; name=\"a\""
	    "\r\n\r\nd\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "cd: not form-data");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"; name=\"b\"\r\n\r\nd\r\n"
	    "--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "cd: name twice");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\n" CD "name=\"b\"\r\n\r\n"
	    "d\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "cd: header twice");
	parse(&r, CT, "--XyZ\r\ncontent-disposition: FORM-DATA;name=plain;"
	    "filename*=UTF-8''%e5%90%88.pdf; x=\"y\";\r\n\r\nd\r\n--XyZ--\r\n");
	ok(r.e == MP_OK && strcmp(r.parts[0].name, "plain") == 0 &&
	    !r.parts[0].has_filename,
	    "cd: token name, filename* and other parameters ignored");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"say \\\"hi\\\"\"\r\n\r\nd\r\n"
	    "--XyZ--\r\n");
	is_str(r.parts[0].name, "say \"hi\"", "cd: escaped quotes in name");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\" ; filename = \"b\"\r\n\r\nd"
	    "\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "cd: spaces around '='");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"; filename=\"\xff.pdf\"\r\n"
	    "\r\nd\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "cd: invalid UTF-8 filename");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nZA==\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "cd: base64 transfer encoding refused");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\n"
	    "Content-Transfer-Encoding: binary\r\n\r\nd\r\n--XyZ--\r\n");
	is_int(r.e, MP_OK, "cd: binary transfer encoding");
}

static void
test_filename_path(void)
{
	struct res	r;

	parse(&r, CT, "--XyZ\r\n" CD "name=\"f\"; filename=\"C:\\a\\b.pdf\"\r\n"
	    "\r\nd\r\n--XyZ--\r\n");
	is_str(r.parts[0].filename, "b.pdf", "filename: C:\\a\\b.pdf raw");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"f\"; "
	    "filename=\"C:\\\\a\\\\b.pdf\"\r\n\r\nd\r\n--XyZ--\r\n");
	is_str(r.parts[0].filename, "b.pdf",
	    "filename: C:\\\\a\\\\b.pdf escaped");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"f\"; "
	    "filename=\"../../etc/passwd\"\r\n\r\nd\r\n--XyZ--\r\n");
	is_str(r.parts[0].filename, "passwd", "filename: ../../etc/passwd");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"f\"; filename=\"a/..\"\r\n\r\nd"
	    "\r\n--XyZ--\r\n");
	is_str(r.parts[0].filename, "", "filename: a/.. becomes empty");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"f\"; filename=\"a\tb\"\r\n\r\nd"
	    "\r\n--XyZ--\r\n");
	is_str(r.parts[0].filename, "a\tb", "filename: TAB kept");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"f\"; filename=\"a\x01" "b\"\r\n"
	    "\r\nd\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_SYNTAX, "filename: control character refused");
}

static void
test_empty_part(void)
{
	struct res	r;

	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\r\n\r\n\r\n--XyZ\r\n"
	    CD "name=\"b\"\r\n\r\nx\r\n--XyZ--\r\n");
	ok(r.e == MP_OK && r.n == 2 && r.parts[0].len == 0 &&
	    r.parts[1].len == 1, "empty part: empty value");
	parse(&r, CT, "--XyZ\r\n\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "empty part: no headers at all");
	parse(&r, CT, "--XyZ\r\n\r\n\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_HEADER, "empty part: blank line only");
}

static void
test_lf_only(void)
{
	struct res	r;

	parse(&r, CT, "--XyZ\n" CD "name=\"a\"\n\nd\n--XyZ--\n");
	is_int(r.e, MP_ERR_SYNTAX, "LF only: refused");
	parse(&r, CT, "--XyZ\r\n" CD "name=\"a\"\n\nd\r\n--XyZ--\r\n");
	is_int(r.e, MP_ERR_SYNTAX, "LF only in headers: refused");
}

static void
test_strerror(void)
{
	int	i;

	for (i = 0; i < MP__MAX; i++)
		ok(mp_strerror((enum mp_err)i) != NULL, "strerror %d", i);
	ok(mp_strerror(MP__MAX) != NULL, "strerror out of range");
}

int
main(void)
{
	test_one_field();
	test_several();
	test_file();
	test_ctype();
	test_boundary_len();
	test_lookalike();
	test_crlf_data();
	test_binary();
	test_truncated();
	test_too_many();
	test_header_limits();
	test_header_syntax();
	test_disposition();
	test_filename_path();
	test_empty_part();
	test_lf_only();
	test_strerror();
	return tap_done();
}
