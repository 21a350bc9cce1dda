/*
 * utf8.h -- UTF-8 text checks used by the field decoder.
 */
#ifndef IPDESK_UTF8_H
#define IPDESK_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s is well-formed UTF-8 (no overlongs, surrogates or values
 * above U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

/* The number of code points of well-formed UTF-8 text. */
size_t utf8_count(const char *s, size_t len);

/*
 * Whether the text contains a character not allowed in user input:
 * C0 controls (U+0000-U+001F) except, when multiline, TAB, LF and CR;
 * DEL and C1 controls (U+007F-U+009F); U+FEFF and the noncharacters
 * U+FFFE/U+FFFF; bidirectional overrides (U+202A-U+202E, U+2066-U+2069),
 * which can disguise text shown to staff.
 */
bool utf8_has_forbidden(const char *s, size_t len, bool multiline);

/* The byte length of s without leading and trailing white space (ASCII
 * space/TAB/CR/LF and U+3000 ideographic space); *start is set to the
 * offset of the first kept byte. */
size_t utf8_trim(const char *s, size_t len, size_t *start);

#endif
