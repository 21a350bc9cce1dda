/*
 * mask.h -- masking of personal data for answers to callers whose role
 * does not need the full value (PIPL).  Each writes a NUL-terminated
 * result into out (truncating safely at outsz) and returns out.
 * A NULL or empty input gives an empty string.
 */
#ifndef IPDESK_MASK_H
#define IPDESK_MASK_H

#include <stddef.h>

/* ID numbers: keep the first 4 and the last 4 characters, "*" for each
 * one between: "440102199001011234" -> "4401**********1234".  Values of
 * 8 characters or fewer become all "*". */
char *mask_idnumber(const char *in, char *out, size_t outsz);

/* Phone numbers: keep the first 3 and the last 4 digits of the 11:
 * "13812345678" -> "138****5678".  Other lengths: keep the last 4 only. */
char *mask_phone(const char *in, char *out, size_t outsz);

/* Personal names (UTF-8): keep the first character, one "*" for each of
 * the rest: "张三丰" -> "张**", "Li Lei" -> "L*****". */
char *mask_name(const char *in, char *out, size_t outsz);

/* E-mail: first character of the local part, "***", then "@domain":
 * "zhang.san@example.cn" -> "z***@example.cn". */
char *mask_email(const char *in, char *out, size_t outsz);

#endif
