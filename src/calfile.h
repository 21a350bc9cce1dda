/*
 * calfile.h -- parser of the calendar file that `ipdesk-admin calendar
 * load FILE` reads when the State Council publishes a year's schedule.
 *
 * The file is UTF-8 text, one item per line (LF or CRLF; a UTF-8 BOM at
 * the start of the first line is skipped).  Fields are separated by runs
 * of spaces or tabs; leading and trailing blanks are ignored.
 *
 *	# comment: a line whose first non-blank character is '#'
 *	year 2026 official 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）
 *	2026-01-01 holiday 元旦
 *	2026-01-04 makeup 元旦调休上班
 *
 * - `year YYYY STATUS SOURCE`: starts the section of year YYYY (1900 to
 *   2099).  STATUS is `official` (the State Council's notice) or
 *   `provisional` (statutory holidays only, make-up days unknown).
 *   SOURCE is the rest of the line (the notice's title and number, a URL):
 *   1 to CALFILE_SOURCE_MAX bytes.  A year may be declared once per file.
 * - `YYYY-MM-DD KIND NAME`: an exception in the current year's section.
 *   KIND is `holiday` (a Monday-to-Friday date that is not worked; weekend
 *   days inside a holiday period are not listed, they are off anyway) or
 *   `makeup` (a Saturday or Sunday that is worked, 调休; not allowed in a
 *   provisional year).  NAME is the rest of the line, 1 to
 *   CALFILE_NAME_MAX bytes.  The date must be a real date in the section's
 *   year and appear once.
 * - There are no trailing comments: '#' inside SOURCE or NAME is text.
 *
 * SOURCE and NAME must be valid UTF-8 (shortest form, no surrogates)
 * without control characters (C0, DEL, C1).  Keywords are lower case.
 *
 * Loading a file replaces, for each year it declares, that year's status,
 * source and every exception: the loader collects all items, calls
 * calfile_finish(), and only then writes, in one transaction.
 *
 * The parser is pure: its only state is the caller's struct calfile.
 */
#ifndef IPDESK_CALFILE_H
#define IPDESK_CALFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "workdays.h"

#define CALFILE_LINE_MAX 1024	/* bytes, without the line ending */
#define CALFILE_SOURCE_MAX 500	/* bytes; calendar_year.source */
#define CALFILE_NAME_MAX 100	/* bytes; calendar_day.name */
#define CALFILE_YEAR_MIN 1900
#define CALFILE_YEAR_MAX 2099

enum calfile_kind {
	CALFILE_NONE = 0,	/* blank line or comment: nothing to load */
	CALFILE_YEAR,		/* `year` header */
	CALFILE_DAY,		/* an exception date */
	CALFILE__MAX
};

struct calfile_item {
	enum calfile_kind kind;
	int year;		/* YEAR: the year; DAY: the section's year */
	bool official;		/* YEAR: status official (else provisional) */
	char source[CALFILE_SOURCE_MAX + 1];	/* YEAR, NUL-terminated */
	int32_t day;		/* DAY: days since 1970-01-01 */
	enum cal_kind daykind;	/* DAY: CAL_HOLIDAY or CAL_MAKEUP */
	char name[CALFILE_NAME_MAX + 1];	/* DAY, NUL-terminated */
};

/* Parser state: which years were declared, the current section, which of
 * its days were seen.  Plain data owned by the caller; no allocation. */
struct calfile {
	unsigned long lineno;	/* lines parsed so far */
	int year;		/* current section, 0 before the first header */
	bool official;		/* status of the current section */
	unsigned char years[(CALFILE_YEAR_MAX - CALFILE_YEAR_MIN) / 8 + 1];
	unsigned char days[366 / 8 + 1];	/* by day of year, this section */
	size_t nitems;		/* YEAR and DAY items accepted */
};

/* Resets the state for a new file. */
void calfile_init(struct calfile *cf);

/*
 * Parses one line of len bytes (it need not be NUL-terminated; a final
 * "\n" or "\r\n" is allowed and ignored; any other NUL, CR or LF is an
 * error).  Returns the item's kind (CALFILE_NONE for a blank line or a
 * comment, CALFILE_YEAR, CALFILE_DAY) with *out filled, or -1 with a
 * message "line N: ..." in err (NUL-terminated, truncated to errsz; err
 * may be NULL when errsz is 0).  The message never quotes the input.
 * On -1 the state still counts the line, so the caller may report and go
 * on to find further errors, but must not load the file.
 */
int calfile_parse_line(struct calfile *cf, const char *line, size_t len,
    struct calfile_item *out, char *err, size_t errsz);

/*
 * Called after the last line: returns 0, or -1 with a message in err when
 * the file declared no year at all.
 */
int calfile_finish(const struct calfile *cf, char *err, size_t errsz);

#endif
