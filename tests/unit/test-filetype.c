/*
 * test-filetype.c -- unit tests of content sniffing: each allowed type
 * from the first bytes of a real file, and the refusals.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filetype.h"
#include "tap.h"

/* A sample: bytes given as a string literal with its exact length. */
#define S(lit)	(const unsigned char *)(lit), sizeof(lit) - 1

/*
 * Sniffs a heap copy of exactly len bytes (so that the sanitizers and
 * valgrind catch a read past the end) and every shorter prefix of it,
 * which must not crash either.  Returns the extension or NULL.
 */
static const char *
ext_of(const unsigned char *p, size_t len)
{
	const struct filetype	*t = NULL;
	unsigned char		*copy;
	size_t			 n;

	for (n = len + 1; n-- > 0;) {
		if ((copy = malloc(n ? n : 1)) == NULL)
			abort();
		memcpy(copy, p, n);
		if (n == len)
			t = filetype_sniff(copy, n);
		else
			(void)filetype_sniff(copy, n);
		free(copy);
	}
	return t == NULL ? NULL : t->ext;
}

static const char *
mime_of(const unsigned char *p, size_t len)
{
	const struct filetype *t = filetype_sniff(p, len);

	return t == NULL ? NULL : t->mime;
}

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/*
 * Writes a stored zip archive of empty entries named names[0..n) to
 * buf (bufsz bytes) and returns its length.  With descr, the first
 * entry has a data descriptor (flag bit 3), which stops a walk of the
 * local headers as zip tools that stream (Office) write it.
 */
static size_t
make_zip(unsigned char *buf, size_t bufsz, const char *const *names,
    size_t n, int descr, int central)
{
	size_t	i, off = 0, cd, nl, locs[8];

	memset(buf, 0, bufsz);
	for (i = 0; i < n; i++) {
		nl = strlen(names[i]);
		locs[i] = off;
		memcpy(buf + off, "PK\3\4", 4);
		put16(buf + off + 4, 20);
		put16(buf + off + 6, descr && i == 0 ? 8 : 0);
		put16(buf + off + 26, (unsigned)nl);
		memcpy(buf + off + 30, names[i], nl);
		off += 30 + nl;
		if (descr && i == 0) {
			memcpy(buf + off, "PK\7\x08", 4);
			off += 16;
		}
	}
	if (!central)
		return off;
	cd = off;
	for (i = 0; i < n; i++) {
		nl = strlen(names[i]);
		memcpy(buf + off, "PK\1\2", 4);
		put16(buf + off + 28, (unsigned)nl);
		put32(buf + off + 42, (uint32_t)locs[i]);
		memcpy(buf + off + 46, names[i], nl);
		off += 46 + nl;
	}
	memcpy(buf + off, "PK\5\6", 4);
	put16(buf + off + 8, (unsigned)n);
	put16(buf + off + 10, (unsigned)n);
	put32(buf + off + 12, (uint32_t)(off - cd));
	put32(buf + off + 16, (uint32_t)cd);
	return off + 22;
}

static void
test_zip(void)
{
	static const char *const docx[] = { "[Content_Types].xml", "_rels/",
	    "word/document.xml" };
	static const char *const xlsx[] = { "xl/workbook.xml" };
	static const char *const pptx[] = { "ppt/presentation.xml" };
	static const char *const ofd[] = { "OFD.xml", "Doc_0/Document.xml" };
	static const char *const zip[] = { "photo.jpg", "notes.txt" };
	static const char *const apk[] = { "AndroidManifest.xml", "res/" };
	static const char *const jar[] = { "META-INF/MANIFEST.MF", "a.class" };
	unsigned char	buf[1024];
	size_t		n;

	n = make_zip(buf, sizeof(buf), docx, 3, 1, 1);
	is_str(ext_of(buf, n), "docx", "zip: docx (central directory)");
	n = make_zip(buf, sizeof(buf), docx, 3, 0, 0);
	is_str(ext_of(buf, n), "docx", "zip: docx (local headers only)");
	n = make_zip(buf, sizeof(buf), docx, 3, 1, 0);
	is_str(ext_of(buf, n), "zip", "zip: docx streamed and cut: zip");
	n = make_zip(buf, sizeof(buf), xlsx, 1, 0, 1);
	is_str(ext_of(buf, n), "xlsx", "zip: xlsx");
	n = make_zip(buf, sizeof(buf), pptx, 1, 0, 1);
	is_str(ext_of(buf, n), "pptx", "zip: pptx");
	n = make_zip(buf, sizeof(buf), ofd, 2, 0, 1);
	is_str(ext_of(buf, n), "ofd", "zip: OFD");
	is_str(mime_of(buf, n), "application/ofd", "zip: OFD mime");
	n = make_zip(buf, sizeof(buf), zip, 2, 0, 1);
	is_str(ext_of(buf, n), "zip", "zip: generic");
	n = make_zip(buf, sizeof(buf), apk, 2, 0, 1);
	is_str(ext_of(buf, n), NULL, "zip: APK refused");
	n = make_zip(buf, sizeof(buf), jar, 2, 1, 1);
	is_str(ext_of(buf, n), NULL, "zip: JAR refused");
}

/*
 * Writes an OLE2 compound file of 512-byte sectors: the header, then
 * sector 0 as the directory with the root entry and a stream named
 * stream (ASCII, stored UTF-16LE), then sector 1 as the FAT.
 */
static size_t
make_ole(unsigned char *buf, const char *stream)
{
	unsigned char	*dir = buf + 512, *fat = buf + 1024;
	size_t		 i, n = strlen(stream);

	memset(buf, 0, 1536);
	memcpy(buf, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	put16(buf + 0x18, 0x3e);
	put16(buf + 0x1a, 3);
	put16(buf + 0x1c, 0xfffe);
	put16(buf + 0x1e, 9);
	put16(buf + 0x20, 6);
	put32(buf + 0x2c, 1);			/* FAT sectors */
	put32(buf + 0x30, 0);			/* first directory sector */
	put32(buf + 0x3c, 0xfffffffe);
	put32(buf + 0x44, 0xfffffffe);
	for (i = 0; i < 109; i++)
		put32(buf + 0x4c + 4 * i, i == 0 ? 1 : 0xffffffff);
	memcpy(dir, "R\0o\0o\0t\0 \0E\0n\0t\0r\0y\0", 20);
	put16(dir + 64, 22);
	dir[66] = 5;
	for (i = 0; i < n; i++)
		dir[128 + 2 * i] = (unsigned char)stream[i];
	put16(dir + 128 + 64, (unsigned)(2 * (n + 1)));
	dir[128 + 66] = 2;
	put32(fat, 0xfffffffe);			/* directory: one sector */
	put32(fat + 4, 0xfffffffd);		/* the FAT itself */
	return 1536;
}

static void
test_ole(void)
{
	unsigned char	buf[1536];
	size_t		n;

	n = make_ole(buf, "WordDocument");
	is_str(ext_of(buf, n), "doc", "ole: Word 97-2003");
	is_str(mime_of(buf, n), "application/x-ole-storage", "ole: mime");
	n = make_ole(buf, "Workbook");
	is_str(ext_of(buf, n), "xls", "ole: Excel 97-2003");
	n = make_ole(buf, "Book");
	is_str(ext_of(buf, n), "xls", "ole: Excel 5");
	n = make_ole(buf, "\005SummaryInformation");
	is_str(ext_of(buf, n), NULL, "ole: other compound file refused");
	n = make_ole(buf, "WordDocument");
	put32(buf + 0x30, 0x7fffffff);
	is_str(ext_of(buf, n), NULL, "ole: directory out of the file");
}

static void
test_mp3(void)
{
	unsigned char	buf[1024];

	is_str(ext_of(S("ID3\3\0\0\0\0\1\x0a" "TIT2")), "mp3", "mp3: ID3v2.3");
	is_str(ext_of(S("ID3\4\0\0\0\0\0\x80")), NULL, "mp3: bad ID3 size");
	/* MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 417-byte frames. */
	is_str(ext_of(S("\xff\xfb\x90\x64")), "mp3", "mp3: one frame header");
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "\xff\xfb\x90\x64", 4);
	memcpy(buf + 417, "\xff\xfb\x90\x64", 4);
	is_str(ext_of(buf, 421), "mp3", "mp3: two frames");
	buf[417] = 0;
	is_str(ext_of(buf, 421), NULL, "mp3: no second frame");
	is_str(ext_of(S("\xff\xf1\x50\x80")), NULL, "mp3: AAC ADTS is not");
	is_str(ext_of(S("\xff\xfb\xf0\x64")), NULL, "mp3: bad bit rate");
}

static void
test_accepted(void)
{
	is_str(ext_of(S("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")), "pdf",
	    "pdf");
	is_str(ext_of(S("\xff\xd8\xff\xe0\0\x10JFIF\0")), "jpg", "jpeg JFIF");
	is_str(ext_of(S("\xff\xd8\xff\xe1\x12\x34" "Exif\0\0")), "jpg",
	    "jpeg Exif");
	is_str(ext_of(S("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\1\0")), "png",
	    "png");
	is_str(ext_of(S("GIF89a\x10\0\x10\0")), "gif", "gif89a");
	is_str(ext_of(S("GIF87a\x10\0\x10\0")), "gif", "gif87a");
	is_str(ext_of(S("RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0")), "webp",
	    "webp lossy");
	is_str(ext_of(S("RIFF\x24\0\0\0WEBPVP8L\x18\0\0\0")), "webp",
	    "webp lossless");
	is_str(ext_of(S("BM\x46\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\2\0\0\0")),
	    "bmp", "bmp");
	is_str(ext_of(S("II*\0\x08\0\0\0\x0c\0")), "tif", "tiff LE");
	is_str(ext_of(S("MM\0*\0\0\0\x08\0\x0c")), "tif", "tiff BE");
	is_str(ext_of(S("\0\0\0\x20" "ftypisom\0\0\2\0isomiso2avc1mp41")),
	    "mp4", "mp4 isom");
	is_str(ext_of(S("\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom")), "mp4",
	    "mp4 mp42");
	is_str(ext_of(S("\0\0\0\x14" "ftypqt  \0\0\2\0qt  ")), "mov", "mov");
	is_str(ext_of(S("\0\0\0\x1c" "ftypM4A \0\0\0\0M4A mp42isom")), "m4a",
	    "m4a");
	is_str(ext_of(S("\0\0\0\x18" "ftyp3gp4\0\0\0\0isom3gp4")), "3gp",
	    "3gp");
	is_str(ext_of(S("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic")), "heic",
	    "heic");
	is_str(ext_of(S("\0\0\0\x18" "ftypXYZW\0\0\0\0abcdmp42")), "mp4",
	    "bmff: unknown major, known compatible brand");
	is_str(ext_of(S("RIFF\x24\x08\0\0WAVEfmt \x10\0\0\0")), "wav", "wav");
	test_mp3();
	test_zip();
	test_ole();
}

static void
test_text(void)
{
	is_str(ext_of(S("Hello, world.\r\n\tIndented line.\n")), "txt",
	    "text: ASCII with CR, LF, TAB");
	is_str(ext_of(S("投诉人：张三\n侵权商品链接如下。\n")), "txt",
	    "text: Chinese UTF-8");
	is_str(ext_of(S("\xef\xbb\xbf" "带 BOM 的文本")), "txt", "text: BOM");
	is_str(ext_of(S("a < b and c > d")), "txt", "text: '<' inside");
	is_str(ext_of(S("only 1 bell \a in these forty-one characters")),
	    "txt", "text: one control in 41 characters");
	is_str(ext_of(S("\a\a\a\a\a\a\a\a\a\a\a\a\a\a\a\a\a\a\a\abcdefgh")),
	    NULL, "text: mostly controls refused");
	is_str(ext_of(S("abc\xff" "def")), NULL, "text: invalid UTF-8");
	is_str(ext_of(S("abc\xc0\xaf")), NULL, "text: overlong UTF-8");
	is_str(ext_of(S("abc\xed\xa0\x80")), NULL, "text: UTF-16 surrogate");
	is_str(ext_of(S("abc\xe4\xb8")), NULL, "text: cut UTF-8");
	is_str(ext_of(S("abc\0def")), NULL, "text: NUL");
	is_str(ext_of(S("\xff\xfeh\0i\0")), NULL, "text: UTF-16 refused");
}

static void
test_refused(void)
{
	is_str(ext_of(S("<!DOCTYPE html><html><body>x</body></html>")), NULL,
	    "HTML");
	is_str(ext_of(S("\r\n  <html><script>alert(1)</script>")), NULL,
	    "HTML after white space");
	is_str(ext_of(S("\xef\xbb\xbf<p>x</p>")), NULL, "markup after BOM");
	is_str(ext_of(S("<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "onload=\"alert(1)\"/>")), NULL, "SVG");
	is_str(ext_of(S("<?xml version=\"1.0\"?><svg/>")), NULL, "XML");
	is_str(ext_of(S("Dear sir,\n<ScRiPt>alert(1)</script>")), NULL,
	    "script tag within the text");
	is_str(ext_of(S("<3 thanks")), NULL, "text starting with '<'");
	is_str(ext_of(S("\x7f" "ELF\2\1\1\0\0\0\0\0\0\0\0\0")), NULL, "ELF");
	is_str(ext_of(S("MZ\x90\0\3\0\0\0\4\0\0\0\xff\xff")), NULL, "PE");
	is_str(ext_of(S("#!/bin/sh\nrm -rf /\n")), NULL, "shell script");
	is_str(ext_of(S("\xef\xbb\xbf#!/usr/bin/env python\n")), NULL,
	    "script after BOM");
	is_str(ext_of(S("\xca\xfe\xba\xbe\0\0\0\x34")), NULL, "Java class");
	is_str(ext_of(S("%!PS-Adobe-3.0\n")), NULL, "PostScript");
	is_str(ext_of(S("RIFF\x24\0\0\0" "AVI LIST")), NULL, "AVI");
	is_str(ext_of(S("\0\0\0\x18" "ftypcrx \0\0\0\0crx isom")), "mp4",
	    "bmff: compatible isom decides");
	is_str(ext_of(S("\0\0\0\x14" "ftypcrx \0\0\0\0crx ")), NULL,
	    "bmff: unknown brands");
	is_str(ext_of(S("BM\x46\0\0\0\0\0\0\0\x36\0\0\0\x29\0\0\0")), NULL,
	    "bmp with a bad header size");
	is_str(ext_of(S("\x89PNG\r\n\x1a")), NULL, "PNG signature cut");
	is_str(ext_of(S("\x1f\x8b\x08\0")), NULL, "gzip");
	is_str(ext_of(S("Rar!\x1a\x07\0")), NULL, "RAR");
	ok(filetype_sniff((const unsigned char *)"", 0) == NULL, "empty");
	ok(filetype_sniff(NULL, 0) == NULL, "NULL");
}

static void
test_labels(void)
{
	const struct filetype *t;

	t = filetype_sniff(S("%PDF-1.4\n"));
	ok(t != NULL && strcmp(t->label_zh, "PDF 文档") == 0, "label: PDF");
	t = filetype_sniff(S("plain"));
	ok(t != NULL && strcmp(t->mime, "text/plain") == 0 &&
	    strcmp(t->label_zh, "纯文本") == 0, "label: text");
}

int
main(void)
{
	test_accepted();
	test_text();
	test_refused();
	test_labels();
	return tap_done();
}
