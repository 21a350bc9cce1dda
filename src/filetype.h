/*
 * filetype.h -- the type of an evidence file, decided by its content
 * (magic numbers and structure), never by its name or declared type.
 * Only types on the allow-list are recognised; anything else is refused.
 */
#ifndef IPDESK_FILETYPE_H
#define IPDESK_FILETYPE_H

#include <stddef.h>

struct filetype {
	const char *mime;	/* e.g. "application/pdf" */
	const char *ext;	/* e.g. "pdf" */
	const char *label_zh;	/* e.g. "PDF 文档" */
};

/*
 * Returns the allowed type of the content, or NULL when the content is
 * not one of: PDF, JPEG, PNG, GIF, WebP, BMP, TIFF, ISO BMFF (MP4, MOV,
 * M4A, 3GP/3G2, HEIC/HEIF), MP3, WAV, OFD/ZIP-based office documents
 * (docx, xlsx, pptx, ofd, zip; APK and JAR are refused), OLE2 office
 * documents holding a Word or Excel stream (doc, xls), or plain UTF-8
 * text (no NUL bytes, valid UTF-8, at least 95% printable, not starting
 * with '<' or "#!" nor holding HTML tags near the start).  Never reads
 * past len.  The result points into a constant table.
 */
const struct filetype *filetype_sniff(const unsigned char *p, size_t len);

#endif
