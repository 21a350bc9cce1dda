/*
 * complaint_dup.c -- likely duplicates, found when a case is filed: open
 * cases against the same respondent (USCC or normalised name), on the same
 * right, or about the same shop URL.  They are suggestions for staff, who
 * merge with the "merge" action; nothing is merged automatically.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "complaint.h"
#include "db.h"
#include "pool.h"

#define MAX_SUGGEST 20

struct found {
	int64_t	 id[MAX_SUGGEST];
	char	 why[MAX_SUGGEST][64];
	size_t	 n;
};

/* Adds the ids of a candidate query with their reason. */
static int
collect(struct ctx *ctx, struct found *f, const char *reason, enum sqlstmt s,
    const struct dbval *args, size_t nargs)
{
	struct dbrow	 row;
	size_t		 i;
	int		 rc;

	if ((rc = db_query(ctx->db, s, args, nargs)) != DB_OK)
		return rc;
	while ((rc = db_fetch(ctx->db, &row)) == 1) {
		for (i = 0; i < f->n && f->id[i] != row.c[0].i; i++)
			;
		if (i == f->n) {
			if (f->n == MAX_SUGGEST)
				continue;
			f->id[f->n] = row.c[0].i;
			f->why[f->n++][0] = '\0';
		}
		if (strstr(f->why[i], reason) == NULL) {
			size_t len = strlen(f->why[i]);

			snprintf(f->why[i] + len, sizeof(f->why[i]) - len, "%s%s",
			    len ? "," : "", reason);
		}
	}
	db_end(ctx->db);
	return rc < 0 ? rc : DB_OK;
}

int
complaint_find_dups(struct ctx *ctx, const struct complaint *c)
{
	struct found	 f;
	size_t		 i;
	int		 rc = DB_OK;
	const char	*norm = complaint_norm_name(ctx, c->r.name);

	memset(&f, 0, sizeof(f));
	if (c->r.uscc != NULL)
		rc = collect(ctx, &f, "respondent_uscc", SQL_DUP_BY_USCC,
		    DBARGS(dbstr(c->r.uscc), dbint(c->id)));
	if (rc == DB_OK && norm != NULL && norm[0] != '\0')
		rc = collect(ctx, &f, "respondent_name", SQL_DUP_BY_NAME,
		    DBARGS(dbstr(norm), dbint(c->id)));
	if (rc == DB_OK && c->r.shop_url != NULL)
		rc = collect(ctx, &f, "shop_url", SQL_DUP_BY_SHOP,
		    DBARGS(dbstr(complaint_shop_norm(ctx, c->r.shop_url)),
		    dbint(c->id)));
	for (i = 0; rc == DB_OK && i < c->nrights; i++)
		rc = collect(ctx, &f, "right_number", SQL_DUP_BY_RIGHT,
		    DBARGS(dbstr(enum_code(EN_RIGHT_TYPE, c->rights[i].type)),
		    dbstr(c->rights[i].number), dbint(c->id)));
	for (i = 0; rc == DB_OK && i < f.n; i++)
		rc = db_exec(ctx->db, SQL_DUP_INSERT, DBARGS(dbint(c->id),
		    dbint(f.id[i]), dbstr(f.why[i])));
	return rc;
}
