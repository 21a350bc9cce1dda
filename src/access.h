/*
 * access.h -- tracking numbers and access codes, the public's way to its
 * own case without an account, and the throttle on wrong codes.
 *
 * The access code is shown once, in the answer that creates the case; the
 * database keeps only HMAC-SHA256(secret, "access:" no ":" code).  A wrong
 * code and an unknown number answer alike (404); failures are counted per
 * client address and per case number, and past the configured count in
 * the window every lookup from there, or of that case, answers 429.
 */
#ifndef IPDESK_ACCESS_H
#define IPDESK_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "problem.h"

struct ctx;
struct resp;

#define ACCESS_CODE_LEN 8
#define CASE_NO_MAX 24

/* A new tracking number: prefix (2 letters) + CST date + 8 random
 * digits, e.g. "TS2026112104718362".  Returns 0 or -1. */
int access_new_no(struct ctx *ctx, const char *prefix, char *out,
    size_t outsz);

/* A new access code of ACCESS_CODE_LEN characters from an alphabet
 * without look-alikes (no 0/O, 1/I/L).  Returns 0 or -1. */
int access_new_code(char *out, size_t outsz);

/* The stored hash of a code for a case (out[32]).  The code is compared
 * case-insensitively: it is upper-cased first. */
void access_hash(struct ctx *ctx, const char *no, const char *code,
    unsigned char out[32]);

/* Whether the given code matches the stored hash (constant time). */
bool access_matches(struct ctx *ctx, const char *no, const char *code,
    const unsigned char *stored, size_t storedlen);

/* ERR_OK, or ERR_THROTTLED (resp->retry_after set) when the client or
 * the case number has too many recent failures, or ERR_UNAVAILABLE. */
enum err access_throttle_check(struct ctx *ctx, const char *no,
    struct resp *resp);

/* Counts a failed lookup (wrong code or unknown number). */
void access_throttle_fail(struct ctx *ctx, const char *no);

/*
 * The end of every public lookup, after the case was read (found 1, 0
 * for none, or a DB error): ERR_OK when the request's X-Access-Code
 * matches the stored hash, else ERR_NOT_FOUND with the failure counted
 * (an unknown number and a wrong code answer alike).
 */
enum err access_verify(struct ctx *ctx, const char *no, int found,
    const unsigned char stored[32]);

#endif
