/*
 * validate.h -- syntax checks of contact data and dates (pure functions).
 * All take a byte string and its length; none allocates.
 */
#ifndef IPDESK_VALIDATE_H
#define IPDESK_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Mainland mobile number: 11 digits, 1[3-9]xxxxxxxxx; an optional "+86"
 * or "86" prefix and single spaces or hyphens between groups are
 * accepted.  When out is not NULL the 11 bare digits are written there
 * NUL-terminated (outsz >= 12). */
bool valid_mobile(const char *s, size_t len, char *out, size_t outsz);

/* E-mail address: local@domain, at most 254 bytes, local part at most 64
 * of the dot-atom characters, domain of LDH labels with at least one dot,
 * or an internationalised domain (UTF-8 labels). No quoted local parts,
 * no IP literals. */
bool valid_email(const char *s, size_t len);

/* URL for a shop or page: http:// or https:// only, a host (LDH labels,
 * UTF-8 labels, or a dotted IPv4), optional :port (1-65535), then any
 * path/query without spaces, control characters or quotes; at most 2048
 * bytes. */
bool valid_url(const char *s, size_t len);

/* ISO 8601 calendar date YYYY-MM-DD, a real date, years 1900-2099.
 * On success stores yyyymmdd (e.g. 20261121) in *ymd if not NULL. */
bool parse_date(const char *s, size_t len, int32_t *ymd);

/* 6-digit administrative division code (syntax only: six digits, the
 * first not 0).  Whether the code belongs to this city is a lookup. */
bool valid_district_syntax(const char *s, size_t len);

#endif
