/*
 * enums.h -- the closed value lists of the API (codes with Simplified
 * Chinese and English labels).  The tables are const data: the field
 * decoder checks input against them and GET /api/v1/meta/enums lists
 * them.  Lists that belong to a deployment (districts, departments) live
 * in the database instead.
 */
#ifndef IPDESK_ENUMS_H
#define IPDESK_ENUMS_H

#include <stddef.h>

enum lang { LANG_ZH = 0, LANG_EN, LANG__MAX };

enum enumid {
	EN_KIND = 0,		/* complaint | report */
	EN_IP_TYPE,
	EN_SCENE,
	EN_CHANNEL,
	EN_ID_TYPE,
	EN_RIGHT_TYPE,
	EN_STATUS,
	EN_REJECT_GROUND,
	EN_OUTCOME,
	EN_DUE_STATE,
	EN_SUSPEND_REASON,
	EN_REPORTER_RELATION,
	EN_ACTION,
	EN_ROLE,
	EN_MSTATUS,
	EN_MSOURCE,
	EN_PARTY_TYPE,
	EN_AGENT_AUTHORITY,
	EN_FAILURE_GROUND,
	EN_MACTION,
	EN_SESSION_MODE,
	EN_ASTATUS,
	EN_ENTERPRISE_SIZE,
	EN_AID_TYPE,
	EN_AID_OUTCOME,
	EN_AACTION,
	EN_PRIORITY,
	EN_COUNTRY,
	EN_SUBSIDY_STATUS,
	EN_DECISION,
	EN__MAX
};

struct enumval {
	const char	*code;
	const char	*zh;
	const char	*en;
};

struct enumdef {
	const char		*name;	/* key in meta/enums */
	const struct enumval	*v;
	size_t			 n;
};

extern const struct enumdef enum_defs[EN__MAX];

/* Index of the value whose code is s[0..len), or -1. */
int enum_find(enum enumid id, const char *s, size_t len);
/* The code of value i ("" when out of range). */
const char *enum_code(enum enumid id, int i);
/* The label of value i in lang ("" when out of range). */
const char *enum_label(enum enumid id, int i, enum lang lang);

/* Value positions the C code relies on (checked against the tables). */
enum kind { KIND_COMPLAINT = 0, KIND_REPORT };
enum scene { SCENE_ECOMMERCE = 0, SCENE_EXHIBITION, SCENE_MARKET,
	SCENE_IMPORT_EXPORT, SCENE_OFFLINE_SHOP, SCENE_ONLINE, SCENE_OTHER };
enum channel { CH_WEB = 0, CH_APP, CH_HOTLINE_12345, CH_PLATFORM_12315,
	CH_COUNTER, CH_MAIL };
enum id_type { IDT_RESIDENT = 0, IDT_PASSPORT, IDT_HK_MACAO, IDT_TAIWAN,
	IDT_FOREIGN_PR, IDT_USCC, IDT_OTHER };
enum right_type { RT_PATENT = 0, RT_TRADEMARK, RT_COPYRIGHT, RT_GI,
	RT_PLANT_VARIETY, RT_IC_LAYOUT, RT_OTHER };
enum cstatus { ST_SUBMITTED = 0, ST_ACCEPTED, ST_REJECTED, ST_ASSIGNED,
	ST_SUSPENDED, ST_MEDIATING, ST_RESOLVED, ST_CLOSED, ST_WITHDRAWN,
	ST_MERGED, ST__MAX };
enum mstatus { MS_APPLIED = 0, MS_ACCEPTED, MS_DECLINED, MS_AWAITING_CONSENT,
	MS_REFUSED, MS_IN_MEDIATION, MS_AGREED, MS_FAILED,
	MS_CONFIRMATION_REQUESTED, MS_CONFIRMED, MS_CONFIRMATION_REFUSED,
	MS_FULFILLED, MS_WITHDRAWN, MS__MAX };
enum msource { SRC_APPLICATION = 0, SRC_COMPLAINT, SRC_COURT };
enum party_type { PT_PERSON = 0, PT_ORGANIZATION };
enum failure_ground { FG_WITHDRAWN_OR_SETTLED = 0, FG_NO_ACCORD_ON_TESTING,
	FG_ABSENCE_OR_REFUSAL, FG_NO_AGREEMENT_POSSIBLE, FG_TIME_LIMIT,
	FG_REJECTION_GROUND, FG_OTHER };
enum maction { MA_ACCEPT = 0, MA_DECLINE, MA_REQUEST_CONSENT, MA_CONSENT,
	MA_REFUSE, MA_ASSIGN_MEDIATOR, MA_MEDIATOR_ACCEPT, MA_MEDIATOR_DECLINE,
	MA_DECLARE_CONFLICT, MA_SESSION, MA_AGREE, MA_FAIL, MA_NOTIFY_PARTIES,
	MA_REQUEST_CONFIRMATION, MA_CONFIRM, MA_REFUSE_CONFIRMATION, MA_FULFIL,
	MA_EXTEND, MA__MAX };
enum astatus { AS_SUBMITTED = 0, AS_ACCEPTED, AS_DECLINED, AS_ASSIGNED,
	AS_IN_PROGRESS, AS_CONCLUDED, AS_CLOSED, AS_WITHDRAWN, AS__MAX };
enum enterprise_size { SIZE_MICRO = 0, SIZE_SMALL, SIZE_MEDIUM, SIZE_LARGE };
enum aaction { AA_ACCEPT = 0, AA_DECLINE, AA_ASSIGN_EXPERT, AA_START,
	AA_EXPERT_DECLINE, AA_DECLARE_CONFLICT, AA_GUIDANCE, AA_MILESTONE,
	AA_FLAG_MAJOR, AA_UNFLAG_MAJOR, AA_CONCLUDE, AA_CLOSE, AA__MAX };
enum subsidy_status { SUB_SUBMITTED = 0, SUB_APPROVED, SUB_REJECTED,
	SUB_PAID };
enum reporter_relation { REL_NONE = 0, REL_RIGHTS_HOLDER, REL_AGENT,
	REL_INTERESTED };
enum action { ACT_ACCEPT = 0, ACT_REJECT, ACT_ASSIGN, ACT_TRANSFER,
	ACT_SUSPEND, ACT_RESUME, ACT_EXTEND, ACT_NOTIFY, ACT_RESOLVE,
	ACT_CLOSE, ACT_REOPEN, ACT_MERGE, ACT_MEDIATE, ACT__MAX };
enum outcome { OUT_PENALISED = 0, OUT_SETTLED, OUT_NO_INFRINGEMENT,
	OUT_REFERRED_POLICE, OUT_TRANSFERRED, OUT_OTHER };
enum due_state { DUE_ON_TIME = 0, DUE_WARNING, DUE_OVERDUE, DUE_MET,
	DUE_LATE, DUE_ENDED, DUE_SUSPENDED };

#endif
