/*
 * log.h -- one line per event on standard error (which the master points
 * at the log file): time, level, pid, request id, message.  Callers never
 * pass personal data (names, ID numbers, phones, bodies, access codes,
 * tokens); request paths carry only tracking numbers.
 */
#ifndef IPDESK_LOG_H
#define IPDESK_LOG_H

enum log_level { LOG_LVL_ERROR = 0, LOG_LVL_WARN, LOG_LVL_INFO };

/* Writes one line with a single write(2), so lines of several processes
 * appending to one file do not interleave.  rid may be NULL. */
void log_msg(enum log_level lvl, const char *rid, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_err(rid, ...)  log_msg(LOG_LVL_ERROR, rid, __VA_ARGS__)
#define log_warn(rid, ...) log_msg(LOG_LVL_WARN, rid, __VA_ARGS__)
#define log_info(rid, ...) log_msg(LOG_LVL_INFO, rid, __VA_ARGS__)

#endif
