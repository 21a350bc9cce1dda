/*
 * identity.h -- the syntax of identity document numbers by document type
 * (enum id_type): resident ID (GB 11643 check), USCC (GB 32100 check, the
 * filler refused), passport, Hong Kong/Macao and Taiwan permits, foreign
 * permanent residence cards (2017 and 2023 forms).  Shared by every
 * resource with parties (complaints, mediations).
 */
#ifndef IPDESK_IDENTITY_H
#define IPDESK_IDENTITY_H

#include <stddef.h>

#include "json_decode.h"

/* NULL when s is a valid number for document type `type`, else an error
 * code ("invalid_format", "bad_check_character", "bad_date",
 * "filler_code").  Types without a fixed syntax ("other") pass. */
const char *identity_problem(const struct fs_env *env, int type,
    const char *s);

/* Field checks (fs_check_fn) shared by every resource's specs. */
/* A mainland mobile number ("invalid_mobile"). */
const char *fs_mobile(const char *s, size_t len, const struct fs_env *env);
/* An e-mail address ("invalid_email"). */
const char *fs_email(const char *s, size_t len, const struct fs_env *env);
/* A real USCC: the filler 00000000000000000X is "filler_not_allowed". */
const char *fs_uscc(const char *s, size_t len, const struct fs_env *env);
/* A USCC or the filler of an individual business (whether the filler is
 * allowed is for the checks across fields). */
const char *fs_uscc_or_filler(const char *s, size_t len,
    const struct fs_env *env);

#endif
