/*
 * filetype.c -- content sniffing of evidence files against an allow-list.
 *
 * Each recogniser looks at magic numbers and a little structure, reads
 * only within [p, p + len) and returns a type of the table or NULL.  The
 * order is: refuse executables and scripts outright, try the binary
 * formats, and last accept plain UTF-8 text -- but never text a browser
 * could take for markup or a script (stored XSS by type confusion).
 *
 * ISO BMFF brands accepted (major brand, else the first known compatible
 * brand): isom iso2-iso6 mp41 mp42 avc1 dash M4V M4VH M4VP f4v mmp4 XAVC
 * (mp4); qt (mov); M4A M4B (m4a); 3gp4-3gp7 3gg6 (3gp); 3g2a (3g2);
 * heic heix heim heis (heic); mif1 (heif).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "filetype.h"

enum ft {
	FT_PDF,
	FT_JPEG,
	FT_PNG,
	FT_GIF,
	FT_WEBP,
	FT_BMP,
	FT_TIFF,
	FT_MP4,
	FT_MOV,
	FT_M4A,
	FT_3GP,
	FT_3G2,
	FT_HEIC,
	FT_HEIF,
	FT_MP3,
	FT_WAV,
	FT_DOCX,
	FT_XLSX,
	FT_PPTX,
	FT_OFD,
	FT_ZIP,
	FT_DOC,
	FT_XLS,
	FT_TEXT,
	FT__MAX
};

static const struct filetype types[FT__MAX] = {
	[FT_PDF] = { "application/pdf", "pdf", "PDF 文档" },
	[FT_JPEG] = { "image/jpeg", "jpg", "JPEG 图片" },
	[FT_PNG] = { "image/png", "png", "PNG 图片" },
	[FT_GIF] = { "image/gif", "gif", "GIF 图片" },
	[FT_WEBP] = { "image/webp", "webp", "WebP 图片" },
	[FT_BMP] = { "image/bmp", "bmp", "BMP 图片" },
	[FT_TIFF] = { "image/tiff", "tif", "TIFF 图片" },
	[FT_MP4] = { "video/mp4", "mp4", "MP4 视频" },
	[FT_MOV] = { "video/quicktime", "mov", "QuickTime 视频" },
	[FT_M4A] = { "audio/mp4", "m4a", "M4A 音频" },
	[FT_3GP] = { "video/3gpp", "3gp", "3GP 视频" },
	[FT_3G2] = { "video/3gpp2", "3g2", "3G2 视频" },
	[FT_HEIC] = { "image/heic", "heic", "HEIC 图片" },
	[FT_HEIF] = { "image/heif", "heif", "HEIF 图片" },
	[FT_MP3] = { "audio/mpeg", "mp3", "MP3 音频" },
	[FT_WAV] = { "audio/wav", "wav", "WAV 音频" },
	[FT_DOCX] = { "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", "docx", "Word 文档" },
	[FT_XLSX] = { "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet", "xlsx", "Excel 电子表格" },
	[FT_PPTX] = { "application/vnd.openxmlformats-officedocument."
	    "presentationml.presentation", "pptx", "PowerPoint 演示文稿" },
	[FT_OFD] = { "application/ofd", "ofd", "OFD 版式文档" },
	[FT_ZIP] = { "application/zip", "zip", "ZIP 压缩包" },
	[FT_DOC] = { "application/x-ole-storage", "doc",
	    "Word 文档（97-2003）" },
	[FT_XLS] = { "application/x-ole-storage", "xls",
	    "Excel 电子表格（97-2003）" },
	[FT_TEXT] = { "text/plain", "txt", "纯文本" },
};

/* A four-character ISO BMFF brand and the type it stands for. */
struct brand {
	char	 code[5];
	enum ft	 type;
};

static const struct brand brands[] = {
	{ "isom", FT_MP4 }, { "iso2", FT_MP4 }, { "iso3", FT_MP4 },
	{ "iso4", FT_MP4 }, { "iso5", FT_MP4 }, { "iso6", FT_MP4 },
	{ "mp41", FT_MP4 }, { "mp42", FT_MP4 }, { "avc1", FT_MP4 },
	{ "dash", FT_MP4 }, { "M4V ", FT_MP4 }, { "M4VH", FT_MP4 },
	{ "M4VP", FT_MP4 }, { "f4v ", FT_MP4 }, { "mmp4", FT_MP4 },
	{ "XAVC", FT_MP4 },
	{ "qt  ", FT_MOV },
	{ "M4A ", FT_M4A }, { "M4B ", FT_M4A },
	{ "3gp4", FT_3GP }, { "3gp5", FT_3GP }, { "3gp6", FT_3GP },
	{ "3gp7", FT_3GP }, { "3gg6", FT_3GP },
	{ "3g2a", FT_3G2 },
	{ "heic", FT_HEIC }, { "heix", FT_HEIC }, { "heim", FT_HEIC },
	{ "heis", FT_HEIC },
	{ "mif1", FT_HEIF },
};

/* Magic numbers of executables and scripts: refused even if the rest
 * would pass for something else. */
struct magic {
	const char	*bytes;
	size_t		 len;
};

static const struct magic refused[] = {
	{ "\x7f" "ELF", 4 },		/* ELF */
	{ "MZ", 2 },			/* DOS/PE */
	{ "#!", 2 },			/* script */
	{ "\xfe\xed\xfa\xce", 4 },	/* Mach-O */
	{ "\xfe\xed\xfa\xcf", 4 },
	{ "\xce\xfa\xed\xfe", 4 },
	{ "\xcf\xfa\xed\xfe", 4 },
	{ "\xca\xfe\xba\xbe", 4 },	/* Mach-O fat, Java class */
	{ "\0asm", 4 },			/* WebAssembly */
	{ "dex\n", 4 },			/* Android Dalvik */
	{ "%!PS", 4 },			/* PostScript is a program */
};

/*
 * Tags for which old browsers (IE's FindMimeFromData scanned the first
 * 256 bytes) rendered text/plain as HTML; refused anywhere near the start
 * of text, as a second line of defence behind "nosniff".
 */
static const char *const markup[] = {
	"<!doctype", "<html", "<head", "<body", "<script", "<iframe",
	"<svg", "<?xml", "<object", "<embed", "<meta", "<style", "<img",
	"<a href", "<title", "<table", "<pre", "<plaintext", "<!--",
};

/* Bytes of text searched for markup (browsers sniff 512 at most). */
#define MARKUP_SCAN	1024

typedef const struct filetype *(*sniffer)(const unsigned char *, size_t);

static int
has(const unsigned char *p, size_t len, size_t off, const char *s, size_t n)
{
	return off <= len && len - off >= n && memcmp(p + off, s, n) == 0;
}

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static const struct filetype *
sniff_pdf(const unsigned char *p, size_t len)
{
	if (has(p, len, 0, "%PDF-", 5) && len > 5 && p[5] >= '1' && p[5] <= '9')
		return &types[FT_PDF];
	return NULL;
}

/* SOI, then the marker of the first segment (APPn, DQT, SOF, COM...). */
static const struct filetype *
sniff_jpeg(const unsigned char *p, size_t len)
{
	if (has(p, len, 0, "\xff\xd8\xff", 3) && len > 3 &&
	    p[3] >= 0xc0 && p[3] != 0xff)
		return &types[FT_JPEG];
	return NULL;
}

/* The signature, then the IHDR chunk when there are bytes enough. */
static const struct filetype *
sniff_png(const unsigned char *p, size_t len)
{
	if (!has(p, len, 0, "\x89PNG\r\n\x1a\n", 8))
		return NULL;
	if (len >= 16 && memcmp(p + 12, "IHDR", 4) != 0)
		return NULL;
	return &types[FT_PNG];
}

static const struct filetype *
sniff_gif(const unsigned char *p, size_t len)
{
	if (has(p, len, 0, "GIF87a", 6) || has(p, len, 0, "GIF89a", 6))
		return &types[FT_GIF];
	return NULL;
}

/* RIFF containers: WAVE, or WEBP with a VP8/VP8L/VP8X first chunk. */
static const struct filetype *
sniff_riff(const unsigned char *p, size_t len)
{
	if (!has(p, len, 0, "RIFF", 4))
		return NULL;
	if (has(p, len, 8, "WAVE", 4))
		return &types[FT_WAV];
	if (has(p, len, 8, "WEBPVP8", 7) && len > 15 &&
	    (p[15] == ' ' || p[15] == 'L' || p[15] == 'X'))
		return &types[FT_WEBP];
	return NULL;
}

/*
 * "BM", reserved words zero, a pixel offset past the headers, and one of
 * the known DIB header sizes (core, info, v2-v5, OS/2 v2).
 */
static const struct filetype *
sniff_bmp(const unsigned char *p, size_t len)
{
	uint32_t	off, dib;

	if (!has(p, len, 0, "BM", 2) || len < 18 || le32(p + 6) != 0)
		return NULL;
	off = le32(p + 10);
	dib = le32(p + 14);
	if (dib != 12 && dib != 40 && dib != 52 && dib != 56 && dib != 64 &&
	    dib != 108 && dib != 124)
		return NULL;
	if (off < 14 + dib)
		return NULL;
	return &types[FT_BMP];
}

/* Little or big endian, magic 42, first IFD after the header. */
static const struct filetype *
sniff_tiff(const unsigned char *p, size_t len)
{
	if (len < 8)
		return NULL;
	if (memcmp(p, "II*\0", 4) == 0 && le32(p + 4) >= 8)
		return &types[FT_TIFF];
	if (memcmp(p, "MM\0*", 4) == 0 && be32(p + 4) >= 8)
		return &types[FT_TIFF];
	return NULL;
}

static const struct filetype *
bmff_brand(const unsigned char *b)
{
	size_t	i;

	for (i = 0; i < sizeof(brands) / sizeof(brands[0]); i++)
		if (memcmp(b, brands[i].code, 4) == 0)
			return &types[brands[i].type];
	return NULL;
}

/*
 * An ftyp box first: size (16 or more, a multiple of 4, at most 4 KiB),
 * "ftyp", major brand, minor version, compatible brands.  The major
 * brand decides; if unknown, the first known compatible brand.
 */
static const struct filetype *
sniff_bmff(const unsigned char *p, size_t len)
{
	const struct filetype	*t;
	uint32_t		 size, off;

	if (len < 16 || memcmp(p + 4, "ftyp", 4) != 0)
		return NULL;
	size = be32(p);
	if (size < 16 || size % 4 != 0 || size > 4096)
		return NULL;
	if ((t = bmff_brand(p + 8)) != NULL)
		return t;
	for (off = 16; off + 4 <= size && off + 4 <= len; off += 4)
		if ((t = bmff_brand(p + off)) != NULL)
			return t;
	return NULL;
}

/*
 * Length of the MPEG audio layer III frame whose header is at h, or 0 if
 * h is not one (sync, version not reserved, layer III, bit rate neither
 * free nor bad, sample rate not reserved).
 */
static size_t
mp3_frame(const unsigned char *h)
{
	static const unsigned short kbps[2][16] = {
		{ 0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224,
		  256, 320, 0 },	/* MPEG 1 */
		{ 0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144,
		  160, 0 },		/* MPEG 2 and 2.5 */
	};
	static const unsigned rates[3] = { 44100, 48000, 32000 };
	unsigned	ver, br, sr, rate, v1;

	if (h[0] != 0xff || (h[1] & 0xe0) != 0xe0)
		return 0;
	ver = (h[1] >> 3) & 3;			/* 0: 2.5, 2: 2, 3: 1 */
	br = h[2] >> 4;
	sr = (h[2] >> 2) & 3;
	if (ver == 1 || ((h[1] >> 1) & 3) != 1 || sr == 3 ||
	    kbps[ver != 3][br] == 0)
		return 0;
	v1 = ver == 3;
	rate = rates[sr] >> (ver == 3 ? 0 : ver == 2 ? 1 : 2);
	return (v1 ? 144000u : 72000u) * kbps[!v1][br] / rate +
	    ((h[2] >> 1) & 1);
}

/*
 * An ID3v2 tag (version 2-4, syncsafe size), or a layer III frame whose
 * successor, when within the data, is a frame too -- two frame headers
 * in a row are seldom an accident.
 */
static const struct filetype *
sniff_mp3(const unsigned char *p, size_t len)
{
	size_t	n;

	if (has(p, len, 0, "ID3", 3) && len >= 10) {
		if (p[3] < 2 || p[3] > 4 || p[4] == 0xff ||
		    ((p[6] | p[7] | p[8] | p[9]) & 0x80))
			return NULL;
		return &types[FT_MP3];
	}
	if (len < 4 || (n = mp3_frame(p)) == 0)
		return NULL;
	if (len >= n + 4 && mp3_frame(p + n) == 0)
		return NULL;
	return &types[FT_MP3];
}

/* Zip entry names that decide the type of the archive. */
struct zipname {
	const char	*name;
	size_t		 len;
	int		 prefix;	/* match a directory, else the name */
	int		 type;		/* enum ft, or -1 to refuse */
};

static const struct zipname zipnames[] = {
	{ "OFD.xml", 7, 0, FT_OFD },
	{ "word/", 5, 1, FT_DOCX },
	{ "xl/", 3, 1, FT_XLSX },
	{ "ppt/", 4, 1, FT_PPTX },
	{ "AndroidManifest.xml", 19, 0, -1 },	/* APK */
	{ "classes.dex", 11, 0, -1 },		/* APK */
	{ "META-INF/MANIFEST.MF", 20, 0, -1 },	/* JAR */
};

#define ZIP_NONE	(-2)	/* no name told us anything */

/* What the entry name n (nlen bytes) says: enum ft, -1 or ZIP_NONE. */
static int
zip_name(const unsigned char *n, size_t nlen)
{
	size_t	i;

	for (i = 0; i < sizeof(zipnames) / sizeof(zipnames[0]); i++) {
		const struct zipname *z = &zipnames[i];

		if ((z->prefix ? nlen >= z->len : nlen == z->len) &&
		    memcmp(n, z->name, z->len) == 0)
			return z->type;
	}
	return ZIP_NONE;
}

/* Folds the verdict of one more name into the verdict so far: a refusal
 * wins, then the first type found. */
static int
zip_fold(int so_far, int v)
{
	if (so_far == -1 || v == -1)
		return -1;
	return so_far == ZIP_NONE ? v : so_far;
}

/* Offset of the end of central directory record, or -1.  It is within
 * the last 22 + 65535 bytes (comment length). */
static long
zip_eocd(const unsigned char *p, size_t len)
{
	size_t	i, lo;

	if (len < 22)
		return -1;
	lo = len - 22 > 65535 ? len - 22 - 65535 : 0;
	for (i = len - 22 + 1; i-- > lo;)
		if (memcmp(p + i, "PK\5\6", 4) == 0 &&
		    i + 22 + le16(p + i + 20) == len)
			return (long)i;
	return -1;
}

/*
 * Walks the central directory named by the end record.  Returns the
 * verdict of its names, or ZIP_NONE if the directory cannot be read
 * (ZIP64, damaged, or cut).
 */
static int
zip_central(const unsigned char *p, size_t len)
{
	long		e;
	size_t		off, end, n, nlen, count, i;
	int		v = ZIP_NONE;

	if ((e = zip_eocd(p, len)) < 0)
		return ZIP_NONE;
	count = le16(p + e + 10);
	off = le32(p + e + 16);
	if (off > (size_t)e || le32(p + e + 12) > (size_t)e - off)
		return ZIP_NONE;
	end = off + le32(p + e + 12);
	for (i = 0; i < count && v != -1; i++) {
		if (end - off < 46 || memcmp(p + off, "PK\1\2", 4) != 0)
			return ZIP_NONE;
		nlen = le16(p + off + 28);
		n = 46 + nlen + le16(p + off + 30) + le16(p + off + 32);
		if (n > end - off)
			return ZIP_NONE;
		v = zip_fold(v, zip_name(p + off + 46, nlen));
		off += n;
	}
	return v;
}

/*
 * Fallback: the local file headers from the start, while their sizes
 * are known (no data descriptor, bit 3 of the flags).
 */
static int
zip_local(const unsigned char *p, size_t len)
{
	size_t	off = 0, nlen, n;
	int	v = ZIP_NONE;

	while (v != -1 && len - off >= 30 &&
	    memcmp(p + off, "PK\3\4", 4) == 0) {
		nlen = le16(p + off + 26);
		if (nlen > len - off - 30)
			break;
		v = zip_fold(v, zip_name(p + off + 30, nlen));
		if (le16(p + off + 6) & 8)
			break;
		n = 30 + nlen + le16(p + off + 28) + (size_t)le32(p + off + 18);
		if (n > len - off)
			break;
		off += n;
	}
	return v;
}

/* ZIP and the formats built on it: docx, xlsx, pptx, OFD.  APK and JAR
 * archives are programs and refused. */
static const struct filetype *
sniff_zip(const unsigned char *p, size_t len)
{
	int	v;

	if (!has(p, len, 0, "PK\3\4", 4))
		return NULL;
	v = zip_central(p, len);
	v = zip_fold(v, zip_local(p, len));
	if (v == -1)
		return NULL;
	return &types[v == ZIP_NONE ? FT_ZIP : v];
}

/* OLE2 compound file: header fields, sector size and chain limits. */
#define CFB_ENDCHAIN	0xfffffffeu
#define CFB_MAXSECT	0xfffffffau
#define CFB_MAXDIR	256	/* directory sectors read at most */

/* File offset of sector s, or 0 if it is not within the data. */
static size_t
cfb_offset(size_t len, unsigned shift, uint32_t s)
{
	size_t	off;

	if (s > CFB_MAXSECT || ((size_t)s + 1) > (SIZE_MAX >> shift))
		return 0;
	off = ((size_t)s + 1) << shift;
	return off <= len && len - off >= ((size_t)1 << shift) ? off : 0;
}

/*
 * The sector after s in the FAT chain, or CFB_ENDCHAIN when it cannot
 * be followed.  FAT sectors are found through the 109 DIFAT entries of
 * the header only: directories past 7 MiB (with 512-byte sectors) are
 * not followed, which only loses a directory sector, never reads out.
 */
static uint32_t
cfb_next(const unsigned char *p, size_t len, unsigned shift, uint32_t s)
{
	uint32_t	per = (uint32_t)1 << (shift - 2), idx = s / per;
	size_t		fat;

	if (idx >= 109)
		return CFB_ENDCHAIN;
	if ((fat = cfb_offset(len, shift, le32(p + 0x4c + 4 * idx))) == 0)
		return CFB_ENDCHAIN;
	return le32(p + fat + 4 * (s % per));
}

/* Whether the 128-byte directory entry e is named (UTF-16LE) ascii. */
static int
cfb_named(const unsigned char *e, const char *ascii)
{
	size_t	i, n = strlen(ascii);

	if (le16(e + 64) != 2 * (n + 1))
		return 0;
	for (i = 0; i < n; i++)
		if (e[2 * i] != (unsigned char)ascii[i] || e[2 * i + 1] != 0)
			return 0;
	return 1;
}

/* The type told by one directory sector at off, or -1. */
static int
cfb_dirsect(const unsigned char *p, size_t ssz)
{
	size_t	i;

	for (i = 0; i + 128 <= ssz; i += 128) {
		if (cfb_named(p + i, "WordDocument"))
			return FT_DOC;
		if (cfb_named(p + i, "Workbook") || cfb_named(p + i, "Book"))
			return FT_XLS;
	}
	return -1;
}

/*
 * OLE2 compound file holding a Word or Excel stream.  Other compound
 * files (MSI installers, Outlook messages...) are refused: the
 * allow-list names doc and xls only.
 */
static const struct filetype *
sniff_ole(const unsigned char *p, size_t len)
{
	unsigned	shift;
	uint32_t	s;
	size_t		off, i;
	int		t;

	if (!has(p, len, 0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) ||
	    len < 512 || le16(p + 0x1c) != 0xfffe)
		return NULL;
	shift = le16(p + 0x1e);
	if (shift != 9 && shift != 12)
		return NULL;
	s = le32(p + 0x30);
	for (i = 0; i < CFB_MAXDIR && s <= CFB_MAXSECT; i++) {
		if ((off = cfb_offset(len, shift, s)) == 0)
			return NULL;
		if ((t = cfb_dirsect(p + off, (size_t)1 << shift)) >= 0)
			return &types[t];
		s = cfb_next(p, len, shift, s);
	}
	return NULL;
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

/* Printable: not a C0 or C1 control nor DEL, except TAB, LF and CR. */
static int
printable(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return 1;
	return cp >= 0x20 && cp != 0x7f && (cp < 0x80 || cp > 0x9f);
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Whether the first n bytes of p contain the lower-case ASCII word w,
 * ignoring case. */
static int
contains_ci(const unsigned char *p, size_t n, const char *w)
{
	size_t	i, k, wl = strlen(w);

	for (i = 0; i + wl <= n; i++) {
		for (k = 0; k < wl && lower(p[i + k]) == (unsigned char)w[k];
		    k++)
			;
		if (k == wl)
			return 1;
	}
	return 0;
}

/*
 * Text that a browser or an opener could treat as markup or a program:
 * after a BOM and white space it starts with '<' or "#!", or markup tags
 * occur near the start.
 */
static int
text_looks_active(const unsigned char *p, size_t len)
{
	size_t	i = 0, n;

	if (has(p, len, 0, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n' || p[i] == '\f'))
		i++;
	if (i < len && p[i] == '<')
		return 1;
	if (has(p, len, i, "#!", 2))
		return 1;
	n = len < MARKUP_SCAN ? len : MARKUP_SCAN;
	for (i = 0; i < sizeof(markup) / sizeof(markup[0]); i++)
		if (contains_ci(p, n, markup[i]))
			return 1;
	return 0;
}

/* Valid UTF-8 without NUL, at least 95% printable characters, and not
 * markup or a script. */
static const struct filetype *
sniff_text(const unsigned char *p, size_t len)
{
	size_t		i = 0, n, chars = 0, bad = 0;
	uint32_t	cp;

	while (i < len) {
		if ((n = utf8_seq(p + i, len - i, &cp)) == 0 || cp == 0)
			return NULL;
		chars++;
		bad += !printable(cp);
		i += n;
	}
	if (bad * 20 > chars || text_looks_active(p, len))
		return NULL;
	return &types[FT_TEXT];
}

/* Binary formats, tried in order; each reads only its own magic. */
static const sniffer sniffers[] = {
	sniff_pdf, sniff_jpeg, sniff_png, sniff_gif, sniff_riff, sniff_bmp,
	sniff_tiff, sniff_bmff, sniff_zip, sniff_ole, sniff_mp3,
};

static int
is_refused(const unsigned char *p, size_t len)
{
	size_t	i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (has(p, len, 0, refused[i].bytes, refused[i].len))
			return 1;
	return 0;
}

const struct filetype *
filetype_sniff(const unsigned char *p, size_t len)
{
	const struct filetype	*t;
	size_t			 i;

	if (p == NULL || len == 0 || is_refused(p, len))
		return NULL;
	for (i = 0; i < sizeof(sniffers) / sizeof(sniffers[0]); i++)
		if ((t = sniffers[i](p, len)) != NULL)
			return t;
	return sniff_text(p, len);
}
