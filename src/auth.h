/*
 * auth.h -- who is calling: the public (no credentials), a staff member
 * with a bearer token, or a machine client with an API key; their roles;
 * the login, logout and "me" routes.
 *
 * Tokens are 256 random bits from the kernel, shown once, stored as their
 * SHA-256; they die at their absolute expiry, after token_idle_minutes
 * without use, at logout, and when the account is disabled.  Failed logins
 * are counted per account and per client address.
 */
#ifndef IPDESK_AUTH_H
#define IPDESK_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "problem.h"

struct ctx;
struct req;
struct resp;

/* Roles: bits of staff_user.roles; ROLE_MACHINE marks API-key clients. */
#define ROLE_INTAKE	0x01u
#define ROLE_HANDLER	0x02u
#define ROLE_MEDIATOR	0x04u
#define ROLE_AID_EXPERT	0x08u
#define ROLE_CREDIT	0x10u
#define ROLE_SUPERVISOR	0x20u
#define ROLE_ADMIN	0x40u
#define ROLE_MACHINE	0x80u
#define ROLE_STAFF	0x7fu	/* any staff role */
#define ROLE_NROLES	8
/* Staff who may read complaint cases (handlers only their department's). */
#define ROLE_CASE_READERS (ROLE_INTAKE | ROLE_HANDLER | ROLE_SUPERVISOR | \
	ROLE_CREDIT)
/* Staff of mediation: the office (intake, supervisor) and mediators
 * (their own cases). */
#define ROLE_MEDIATION_OFFICE (ROLE_INTAKE | ROLE_SUPERVISOR)
#define ROLE_MEDIATION_READERS (ROLE_MEDIATION_OFFICE | ROLE_MEDIATOR)
/* Staff of overseas aid: the office and experts (their own requests). */
#define ROLE_AID_OFFICE (ROLE_INTAKE | ROLE_SUPERVISOR)
#define ROLE_AID_READERS (ROLE_AID_OFFICE | ROLE_AID_EXPERT)
/* Credit records: credit officers keep them; supervisors and admins
 * (operators of the sync) read them. */
#define ROLE_CREDIT_READERS (ROLE_CREDIT | ROLE_SUPERVISOR | ROLE_ADMIN)

enum pkind { P_PUBLIC = 0, P_STAFF, P_MACHINE };

struct principal {
	enum pkind	 kind;
	unsigned	 roles;
	int64_t		 user_id;	/* staff */
	const char	*username;
	const char	*display_name;
	int64_t		 department_id;	/* 0 when none */
	const char	*department;	/* code, NULL when none */
	int64_t		 api_key_id;	/* machine */
	const char	*api_key_name;
	int		 channel;	/* machine: enum channel */
	unsigned char	 token_hash[32];
};

/* The role's name ("intake") for bit i (0..ROLE_NROLES-1), NULL past. */
const char *role_name(unsigned i);
/* Parses "intake,handler" into a mask; 0 when a name is unknown. */
unsigned roles_parse(const char *csv);

/*
 * Identifies the caller from Authorization: Bearer or X-Api-Key and
 * fills ctx->who (and ctx->actor).  Without credentials the caller is the
 * public.  Returns ERR_OK, ERR_UNAUTHORIZED for a token or key that is
 * unknown, expired, revoked or disabled, or ERR_UNAVAILABLE.
 */
enum err auth_resolve(struct ctx *ctx, const struct req *req,
    struct resp *resp);

/* Whether the caller has any of the roles in mask. */
bool auth_has(const struct ctx *ctx, unsigned mask);

/* Ends every token of a user (disabling, password change). */
int auth_revoke_user(struct ctx *ctx, int64_t user_id);

/* A new random secret for an API key: "ipk_" + 43 characters; out[48]. */
int auth_new_api_key(char *out, size_t outsz);

/* SHA-256 of a token or key string into out[32]. */
void auth_secret_hash(const char *s, unsigned char out[32]);

#endif
