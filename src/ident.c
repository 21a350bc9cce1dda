/*
 * ident.c -- names of the results of the identifier checks.
 *
 * The checks themselves live one per file (uscc.c, idcard.c, orgcode.c,
 * patentno.c); this file only maps enum ident_err to the stable codes
 * that go into API error objects.  The codes are part of the REST
 * contract: never rename one, only add.
 */
#include "ident.h"

/* Indexed by enum ident_err; must stay in step with it. */
static const char *const ident_codes[IDENT__MAX] = {
	"ok",			/* IDENT_OK */
	"invalid_format",	/* IDENT_FORMAT */
	"bad_check_character",	/* IDENT_CHECKSUM */
	"bad_date",		/* IDENT_DATE */
	"filler_code",		/* IDENT_FILLER */
};

const char *
ident_code(enum ident_err e)
{

	/*
	 * An out-of-range value is a programming error; answer the most
	 * general code rather than NULL so an error object is still
	 * well-formed.
	 */
	if ((unsigned)e >= IDENT__MAX)
		return "invalid_format";
	return ident_codes[e];
}
