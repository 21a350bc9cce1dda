/*
 * password.h -- the password policy of staff accounts (pure functions)
 * and yescrypt hashing through libxcrypt, the library Debian's own
 * shadow passwords use.
 */
#ifndef IPDESK_PASSWORD_H
#define IPDESK_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MAX 128	/* bytes */
#define PASSWORD_HASH_MAX 256

/*
 * Why a new password is refused, or NULL when it is acceptable: "too_short"
 * (fewer than minlen characters), "too_long" (over PASSWORD_MAX bytes),
 * "too_common" (on the list of common passwords, case-insensitively, or
 * one character repeated, or a run of consecutive digits or letters),
 * "contains_username" (holds the account name, case-insensitively).
 */
const char *password_problem(const char *pw, const char *username,
    size_t minlen);

/* A yescrypt hash of pw with a fresh salt into out (outsz >=
 * PASSWORD_HASH_MAX).  Returns 0 or -1. */
int password_hash(const char *pw, char *out, size_t outsz);

/* Whether pw matches the stored hash (constant-time comparison). */
bool password_verify(const char *pw, const char *hash);

/* Spends the time of one verification, for unknown account names, so
 * that timing does not tell which names exist. */
void password_dummy_verify(const char *pw);

#endif
