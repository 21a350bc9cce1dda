/*
 * ref.h -- reference data each worker keeps in memory and reloads every
 * refresh_seconds: the working-day calendar, the time limits and the
 * city's districts.  Due dates are computed here, from configuration
 * over the calendar, never from constants.
 */
#ifndef IPDESK_REF_H
#define IPDESK_REF_H

#include <stdbool.h>
#include <stdint.h>

#include "enums.h"
#include "workdays.h"

struct db;

/* Time limits by their code in the time_limit table. */
enum limit_id {
	LIM_COMPLAINT_ACCEPT = 0,
	LIM_REPORT_DECIDE,
	LIM_REPORT_EXTENSION,
	LIM_REPORTER_NOTIFY,
	LIM_COMPLAINT_MEDIATION,
	LIM_FAST_TRACK,
	LIM_WARNING_BEFORE,
	LIM_CLOSE_AFTER,
	LIM_REOPEN_WINDOW,
	LIM_REPORT_RESOLVE,
	LIM_MEDIATION_ACCEPT,
	LIM_MEDIATION_CONSENT,
	LIM_MEDIATOR_ACCEPT,
	LIM_MEDIATION_FAILURE_NOTIFY,
	LIM_JUDICIAL_CONFIRM,
	LIM_COURT_DELEGATION,
	LIM_COURT_EXTENSION,
	LIM_AID_ACCEPT,
	LIM_CREDIT_PUSH,
	LIM_CREDIT_WITHDRAW,
	LIM__MAX
};

struct limit {
	bool	 set;
	int	 amount;
	bool	 wd;		/* working days; else calendar days */
};

#define REF_MAX_DISTRICTS 256
#define REF_MAX_DEPTS 256

struct district {
	char	 code[7];
	char	 zh[160];
	char	 en[160];
};

struct department {
	int64_t	 id;
	char	 code[33];
	char	 zh[320];
	char	 en[320];
};

/* Report rewards: rates in basis points, floors and cap in fen, by level
 * 1-3 (index 0-2). */
struct reward_rule {
	int64_t	 rate_bp[3];
	int64_t	 floor[3];
	int64_t	 cap;
};

/* Overseas aid: priority bands (days to the foreign deadline), whether
 * small firms go a band up, the subsidy share (basis points) and yearly
 * cap (fen). */
struct aid_rule {
	int64_t	 urgent_days;
	int64_t	 high_days;
	int64_t	 small_first;
	int64_t	 subsidy_rate_bp;
	int64_t	 subsidy_cap;
};

/* Credit disclosure: the office's publicity periods (months), what a
 * small fine is (fen, by the party's kind), the repeated-infringer rule,
 * the gap between two repairs of one party and the platform's minimum
 * publicity before a repair (months). */
struct credit_rule {
	int64_t	 short_months;
	int64_t	 long_months;
	int64_t	 small_fine_person;
	int64_t	 small_fine_org;
	int64_t	 repeat_count;
	int64_t	 repeat_months;
	int64_t	 repair_gap_months;
	int64_t	 min_general_months;
	int64_t	 min_serious_months;
};

struct refdata {
	struct calendar	 cal;
	struct limit	 lim[LIM__MAX];
	struct district	 d[REF_MAX_DISTRICTS];
	size_t		 nd;
	struct department dept[REF_MAX_DEPTS];
	size_t		 ndept;
	struct reward_rule reward;
	struct aid_rule	 aid;
	struct credit_rule credit;
	bool		 loaded;
	long long	 loaded_ms;	/* monotonic */
};

/* The code of a limit ("complaint_accept"). */
const char *limit_code(enum limit_id);

/*
 * Reloads everything from the database into ref.  On failure ref keeps
 * its previous content.  Returns DB_OK, a DB_* error, or DB_ERR when a
 * limit is missing from the table (logged: a configuration error).
 */
int ref_load(struct refdata *ref, struct db *db);

/* Whether code (len bytes) is an active district; the entry or NULL. */
const struct district *ref_district(const struct refdata *ref,
    const char *code, size_t len);

/* The department with this code (NULL-terminated), or NULL. */
const struct department *ref_dept(const struct refdata *ref,
    const char *code);
/* The department with this id, or NULL. */
const struct department *ref_dept_by_id(const struct refdata *ref,
    int64_t id);

/* A due date: the day (days since 1970-01-01, CST) and whether it rests
 * on a provisional calendar year. */
struct due {
	int32_t	 day;
	bool	 provisional;
};

/* The due date of limit l counted from the day `from` (working days from
 * the next working day, or calendar days). */
struct due ref_due(const struct refdata *ref, enum limit_id l, int32_t from);

/* A running due date moved later by the time a stopped clock stood
 * still, from day `from` to day `to`: by the working days between them
 * for a limit in working days, by the calendar days otherwise. */
struct due ref_due_shift(const struct refdata *ref, enum limit_id l,
    struct due d, int32_t from, int32_t to);

/* A due date moved later by the whole of limit l (an extension). */
struct due ref_due_extend(const struct refdata *ref, enum limit_id l,
    struct due d);

/* The state of a due date on `today`: overdue after it, warning within
 * the configured working days before it, else on time; when the step
 * was done (done_day > 0), met or late. */
enum due_state ref_due_state(const struct refdata *ref, int32_t due,
    int32_t today, int32_t done_day);

#endif
