/*
 * ref.c -- calendar, limits and districts from the database.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "ref.h"

static const char *const limit_codes[LIM__MAX] = {
	[LIM_COMPLAINT_ACCEPT] = "complaint_accept",
	[LIM_REPORT_DECIDE] = "report_decide",
	[LIM_REPORT_EXTENSION] = "report_extension",
	[LIM_REPORTER_NOTIFY] = "reporter_notify",
	[LIM_COMPLAINT_MEDIATION] = "complaint_mediation",
	[LIM_FAST_TRACK] = "fast_track",
	[LIM_WARNING_BEFORE] = "warning_before",
	[LIM_CLOSE_AFTER] = "close_after",
	[LIM_REOPEN_WINDOW] = "reopen_window",
	[LIM_REPORT_RESOLVE] = "report_resolve",
	[LIM_MEDIATION_ACCEPT] = "mediation_accept",
	[LIM_MEDIATION_CONSENT] = "mediation_consent",
	[LIM_MEDIATOR_ACCEPT] = "mediator_accept",
	[LIM_MEDIATION_FAILURE_NOTIFY] = "mediation_failure_notify",
	[LIM_JUDICIAL_CONFIRM] = "judicial_confirm",
	[LIM_COURT_DELEGATION] = "court_delegation",
	[LIM_COURT_EXTENSION] = "court_extension",
	[LIM_AID_ACCEPT] = "aid_accept",
	[LIM_CREDIT_PUSH] = "credit_push",
	[LIM_CREDIT_WITHDRAW] = "credit_withdraw",
};

const char *
limit_code(enum limit_id l)
{
	return l < LIM__MAX ? limit_codes[l] : "";
}

static int
load_limits(struct refdata *r, struct db *db)
{
	struct dbrow	 row;
	int		 rc, i;

	if ((rc = db_query(db, SQL_LIMITS, DBNOARGS)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, &row)) == 1)
		for (i = 0; i < LIM__MAX; i++)
			if (strcmp(row.c[0].s, limit_codes[i]) == 0) {
				r->lim[i].set = true;
				r->lim[i].amount = (int)row.c[1].i;
				r->lim[i].wd = strcmp(row.c[2].s, "wd") == 0;
			}
	db_end(db);
	if (rc < 0)
		return rc;
	for (i = 0; i < LIM__MAX; i++)
		if (!r->lim[i].set) {
			log_err(NULL, "time limit \"%s\" missing from time_limit",
			    limit_codes[i]);
			return DB_ERR;
		}
	return DB_OK;
}

static int
load_calendar(struct refdata *r, struct db *db)
{
	struct dbrow	 row;
	int		 rc;

	cal_init(&r->cal);
	if ((rc = db_query(db, SQL_CAL_YEARS, DBNOARGS)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, &row)) == 1)
		if (row.c[1].i)
			cal_set_official(&r->cal, (int)row.c[0].i);
	db_end(db);
	if (rc < 0 || (rc = db_query(db, SQL_CAL_DAYS, DBNOARGS)) != DB_OK)
		return rc < 0 ? rc : DB_ERR;
	while ((rc = db_fetch(db, &row)) == 1)
		cal_add(&r->cal, day_from_ymdint((int32_t)row.c[0].i),
		    row.c[1].i ? CAL_MAKEUP : CAL_HOLIDAY);
	db_end(db);
	return rc < 0 ? rc : DB_OK;
}

static int
load_districts(struct refdata *r, struct db *db)
{
	struct dbrow	 row;
	int		 rc;

	r->nd = 0;
	if ((rc = db_query(db, SQL_DISTRICTS, DBNOARGS)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, &row)) == 1 && r->nd < REF_MAX_DISTRICTS) {
		struct district *d = &r->d[r->nd++];

		snprintf(d->code, sizeof(d->code), "%s", row.c[0].s);
		snprintf(d->zh, sizeof(d->zh), "%s", row.c[1].s);
		snprintf(d->en, sizeof(d->en), "%s", row.c[2].s);
	}
	db_end(db);
	return rc < 0 ? rc : DB_OK;
}

static int
load_departments(struct refdata *r, struct db *db)
{
	struct dbrow	 row;
	int		 rc;

	r->ndept = 0;
	if ((rc = db_query(db, SQL_DEPTS, DBNOARGS)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, &row)) == 1 && r->ndept < REF_MAX_DEPTS) {
		struct department *d = &r->dept[r->ndept++];

		d->id = row.c[0].i;
		snprintf(d->code, sizeof(d->code), "%s", row.c[1].s);
		snprintf(d->zh, sizeof(d->zh), "%s", row.c[2].s);
		snprintf(d->en, sizeof(d->en), "%s", row.c[3].s);
	}
	db_end(db);
	return rc < 0 ? rc : DB_OK;
}

/* Settings by code; each must be present. */
static int
load_settings(struct refdata *r, struct db *db)
{
	static const char *const codes[] = { "reward_rate_1",
	    "reward_rate_2", "reward_rate_3", "reward_floor_1",
	    "reward_floor_2", "reward_floor_3", "reward_cap",
	    "aid_urgent_days", "aid_high_days", "aid_small_first",
	    "aid_subsidy_rate", "aid_subsidy_cap", "credit_short_months",
	    "credit_long_months", "credit_small_fine_person",
	    "credit_small_fine_org", "credit_repeat_count",
	    "credit_repeat_months", "credit_repair_gap_months",
	    "credit_min_general_months", "credit_min_serious_months" };
	int64_t		*slots[] = { &r->reward.rate_bp[0],
	    &r->reward.rate_bp[1], &r->reward.rate_bp[2], &r->reward.floor[0],
	    &r->reward.floor[1], &r->reward.floor[2], &r->reward.cap,
	    &r->aid.urgent_days, &r->aid.high_days, &r->aid.small_first,
	    &r->aid.subsidy_rate_bp, &r->aid.subsidy_cap,
	    &r->credit.short_months, &r->credit.long_months,
	    &r->credit.small_fine_person, &r->credit.small_fine_org,
	    &r->credit.repeat_count, &r->credit.repeat_months,
	    &r->credit.repair_gap_months, &r->credit.min_general_months,
	    &r->credit.min_serious_months };
	const int	 n = (int)(sizeof(codes) / sizeof(codes[0]));
	struct dbrow	 row;
	int		 rc, i, seen = 0;

	if ((rc = db_query(db, SQL_SETTINGS, DBNOARGS)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, &row)) == 1)
		for (i = 0; i < n; i++)
			if (strcmp(row.c[0].s, codes[i]) == 0) {
				*slots[i] = row.c[1].i;
				seen |= 1 << i;
			}
	db_end(db);
	if (rc < 0)
		return rc;
	for (i = 0; i < n; i++)
		if (!(seen & (1 << i))) {
			log_err(NULL, "setting \"%s\" missing from setting",
			    codes[i]);
			return DB_ERR;
		}
	return DB_OK;
}

int
ref_load(struct refdata *ref, struct db *db)
{
	struct refdata	*tmp;
	struct timespec	 ts;
	int		 rc;

	/* Load into a scratch copy so a failure leaves ref intact. */
	if ((tmp = calloc(1, sizeof(*tmp))) == NULL)
		return DB_ERR;
	if ((rc = load_limits(tmp, db)) == DB_OK &&
	    (rc = load_calendar(tmp, db)) == DB_OK &&
	    (rc = load_districts(tmp, db)) == DB_OK &&
	    (rc = load_departments(tmp, db)) == DB_OK &&
	    (rc = load_settings(tmp, db)) == DB_OK) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		tmp->loaded = true;
		tmp->loaded_ms = (long long)ts.tv_sec * 1000 +
		    ts.tv_nsec / 1000000;
		memcpy(ref, tmp, sizeof(*ref));
	}
	free(tmp);
	return rc;
}

const struct district *
ref_district(const struct refdata *ref, const char *code, size_t len)
{
	size_t i;

	for (i = 0; i < ref->nd; i++)
		if (len == 6 && memcmp(ref->d[i].code, code, 6) == 0)
			return &ref->d[i];
	return NULL;
}

const struct department *
ref_dept(const struct refdata *ref, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < ref->ndept; i++)
		if (strcmp(ref->dept[i].code, code) == 0)
			return &ref->dept[i];
	return NULL;
}

const struct department *
ref_dept_by_id(const struct refdata *ref, int64_t id)
{
	size_t i;

	for (i = 0; i < ref->ndept; i++)
		if (ref->dept[i].id == id)
			return &ref->dept[i];
	return NULL;
}

/* Whether a day lies in a provisional year. */
static bool
provisional_day(const struct refdata *ref, int32_t day)
{
	int y, m, d;

	ymd_from_day(day, &y, &m, &d);
	return !cal_is_official(&ref->cal, y);
}

struct due
ref_due_shift(const struct refdata *ref, enum limit_id l, struct due d,
    int32_t from, int32_t to)
{
	bool prov = false;

	if (d.day == 0 || to <= from)
		return d;
	if (ref->lim[l].wd)
		d.day = cal_add_workdays(&ref->cal, d.day,
		    cal_workdays_between(&ref->cal, from, to), &prov);
	else {
		d.day += to - from;
		prov = provisional_day(ref, d.day);
	}
	d.provisional = d.provisional || prov;
	return d;
}

struct due
ref_due_extend(const struct refdata *ref, enum limit_id l, struct due d)
{
	struct due e = ref_due(ref, l, d.day);

	e.provisional = e.provisional || d.provisional;
	return e;
}

struct due
ref_due(const struct refdata *ref, enum limit_id l, int32_t from)
{
	struct due	 d;
	int		 y, m, dd;

	if (ref->lim[l].wd) {
		d.day = cal_add_workdays(&ref->cal, from, ref->lim[l].amount,
		    &d.provisional);
		return d;
	}
	d.day = from + ref->lim[l].amount;
	ymd_from_day(d.day, &y, &m, &dd);
	d.provisional = !cal_is_official(&ref->cal, y);
	return d;
}

enum due_state
ref_due_state(const struct refdata *ref, int32_t due, int32_t today,
    int32_t done_day)
{
	if (done_day > 0)
		return done_day <= due ? DUE_MET : DUE_LATE;
	if (today > due)
		return DUE_OVERDUE;
	if (cal_workdays_between(&ref->cal, today, due) <=
	    ref->lim[LIM_WARNING_BEFORE].amount)
		return DUE_WARNING;
	return DUE_ON_TIME;
}
