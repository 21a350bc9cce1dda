/*
 * timeutil.h -- wall-clock time in China Standard Time (UTC+08:00, no
 * daylight saving), the zone of every date the platform shows or counts.
 */
#ifndef IPDESK_TIMEUTIL_H
#define IPDESK_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define CST_OFFSET (8 * 3600)

/* Milliseconds since the epoch from CLOCK_REALTIME. */
int64_t time_now_ms(void);

/* The CST day number (days since 1970-01-01) of an epoch time in ms. */
int32_t time_day_cst(int64_t ms);

/* "2026-11-21T09:30:00.123+08:00" into out (outsz >= 30); returns out. */
char *time_iso(int64_t ms, char *out, size_t outsz);

/* "2026-11-21 09:30:00.123", the CST wall time for DATETIME(3) columns
 * (outsz >= 24); returns out. */
char *time_sql(int64_t ms, char *out, size_t outsz);

/* Parses "YYYY-MM-DD HH:MM:SS[.fff]" (a DATETIME read back as text, CST)
 * into epoch ms.  Returns 0 or -1. */
int time_from_sql(const char *s, int64_t *ms);

/* Parses an ISO 8601 time "YYYY-MM-DDTHH:MM:SS[.fff](Z|+hh:mm|-hh:mm)"
 * or a date "YYYY-MM-DD" (taken as 09:00 CST) into epoch ms.  Returns 0,
 * or -1 leaving *ms unchanged. */
int time_parse_iso(const char *s, int64_t *ms);

#endif
