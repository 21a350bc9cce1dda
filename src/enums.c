/*
 * enums.c -- value lists with their labels.  Order matters where enums.h
 * names positions; append new values at the end of a list.
 */
#include "config.h"

#include <string.h>

#include "enums.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct enumval kinds[] = {
	{ "complaint", "投诉", "Complaint" },
	{ "report", "举报", "Report" },
};

static const struct enumval ip_types[] = {
	{ "patent", "专利", "Patent" },
	{ "trademark", "商标", "Trademark" },
	{ "copyright", "著作权", "Copyright" },
	{ "geographical_indication", "地理标志", "Geographical indication" },
	{ "trade_secret", "商业秘密", "Trade secret" },
	{ "plant_variety", "植物新品种", "Plant variety" },
	{ "ic_layout", "集成电路布图设计", "IC layout design" },
	{ "special_mark", "特殊标志和官方标志", "Special and official marks" },
	{ "other", "其他", "Other" },
};

static const struct enumval scenes[] = {
	{ "ecommerce", "电商平台", "E-commerce platform" },
	{ "exhibition", "展会", "Exhibition" },
	{ "specialised_market", "专业市场", "Specialised market" },
	{ "import_export", "进出口环节", "Import/export" },
	{ "offline_shop", "线下实体店", "Offline shop" },
	{ "online", "其他网络渠道", "Online (other)" },
	{ "other", "其他", "Other" },
};

static const struct enumval channels[] = {
	{ "web", "网站", "Web form" },
	{ "app", "移动应用", "Mobile app" },
	{ "hotline_12345", "12345 热线", "12345 hotline" },
	{ "platform_12315", "12315 平台", "12315 platform" },
	{ "counter", "窗口", "Service counter" },
	{ "mail", "信函", "Mail" },
};

static const struct enumval id_types[] = {
	{ "resident_id", "居民身份证", "Resident identity card" },
	{ "passport", "护照", "Passport" },
	{ "hk_macao_permit", "港澳居民来往内地通行证",
	    "Mainland travel permit for Hong Kong and Macao residents" },
	{ "taiwan_permit", "台湾居民来往大陆通行证",
	    "Mainland travel permit for Taiwan residents" },
	{ "foreign_permanent_resident", "外国人永久居留身份证",
	    "Foreign permanent resident ID card" },
	{ "uscc", "统一社会信用代码", "Unified social credit code" },
	{ "other", "其他证件", "Other document" },
};

static const struct enumval right_types[] = {
	{ "patent", "专利号", "Patent number" },
	{ "trademark", "商标注册号", "Trademark registration number" },
	{ "copyright", "著作权登记号", "Copyright registration number" },
	{ "geographical_indication", "地理标志", "Geographical indication" },
	{ "plant_variety", "品种权号", "Plant variety right number" },
	{ "ic_layout", "布图设计登记号", "IC layout registration number" },
	{ "other", "其他", "Other" },
};

static const struct enumval statuses[] = {
	{ "submitted", "已提交", "Submitted" },
	{ "accepted", "已受理", "Accepted" },
	{ "rejected", "不予受理", "Rejected" },
	{ "assigned", "办理中", "Assigned" },
	{ "suspended", "中止", "Suspended" },
	{ "mediating", "调解中", "In mediation" },
	{ "resolved", "已办结", "Resolved" },
	{ "closed", "已结案", "Closed" },
	{ "withdrawn", "已撤回", "Withdrawn" },
	{ "merged", "已合并", "Merged" },
};

static const struct enumval reject_grounds[] = {
	{ "outside_remit", "不属于本部门职责或管辖范围",
	    "Outside the office's remit or jurisdiction" },
	{ "already_handled", "已经处理或正在处理", "Already handled" },
	{ "no_dispute", "不存在侵权纠纷", "No dispute" },
	{ "time_barred", "知道或应当知道之日起超过三年",
	    "Over three years since the infringement was known" },
	{ "material_missing", "缺少必要材料", "Required material missing" },
	{ "other_law", "法律法规另有规定", "Governed by another law" },
};

static const struct enumval outcomes[] = {
	{ "penalised", "立案处罚", "Penalised" },
	{ "settled", "调解结案", "Settled" },
	{ "no_infringement", "未发现侵权", "No infringement found" },
	{ "referred_police", "移送公安机关", "Referred to the police" },
	{ "transferred", "移交其他部门", "Transferred out of remit" },
	{ "other", "其他", "Other" },
};

static const struct enumval due_states[] = {
	{ "on_time", "正常", "On time" },
	{ "warning", "临期", "Due soon" },
	{ "overdue", "超期", "Overdue" },
	{ "met", "按期完成", "Done on time" },
	{ "late", "逾期完成", "Done late" },
	{ "ended", "不再计时", "No longer running" },
	{ "suspended", "计时中止", "Clock stopped" },
};

static const struct enumval suspend_reasons[] = {
	{ "testing", "检验检测", "Testing" },
	{ "appraisal", "鉴定", "Appraisal" },
	{ "waiting_party", "等待当事人补充材料", "Waiting for a party" },
	{ "other", "其他", "Other" },
};

static const struct enumval reporter_relations[] = {
	{ "none", "无利害关系", "No relation to the matter" },
	{ "rights_holder", "权利人", "Rights holder" },
	{ "agent", "权利人的代理人", "Agent of the rights holder" },
	{ "interested_party", "其他利害关系人", "Other interested party" },
};

static const struct enumval actions[] = {
	{ "accept", "受理", "Accept" },
	{ "reject", "不予受理", "Reject" },
	{ "assign", "分派", "Assign" },
	{ "transfer", "移交", "Transfer" },
	{ "suspend", "中止", "Suspend" },
	{ "resume", "恢复", "Resume" },
	{ "extend", "延长核查期限", "Extend" },
	{ "notify", "告知举报人", "Notify the reporter" },
	{ "resolve", "办结", "Resolve" },
	{ "close", "结案", "Close" },
	{ "reopen", "重新办理", "Reopen" },
	{ "merge", "合并", "Merge" },
	{ "mediate", "转调解", "Convert to mediation" },
};

static const struct enumval roles[] = {
	{ "intake", "受理员", "Intake clerk" },
	{ "handler", "承办人", "Case handler" },
	{ "mediator", "调解员", "Mediator" },
	{ "aid_expert", "海外维权专家", "Overseas aid expert" },
	{ "credit_officer", "信用管理员", "Credit officer" },
	{ "supervisor", "督办人", "Supervisor" },
	{ "admin", "系统管理员", "Administrator" },
};

static const struct enumval mstatuses[] = {
	{ "applied", "已申请", "Applied" },
	{ "accepted", "已受理", "Accepted" },
	{ "declined", "不予受理", "Declined" },
	{ "awaiting_consent", "等待对方同意", "Awaiting consent" },
	{ "refused", "对方不同意调解", "Refused by the other party" },
	{ "in_mediation", "调解中", "In mediation" },
	{ "agreed", "已达成协议", "Agreed" },
	{ "failed", "调解终止", "Failed" },
	{ "confirmation_requested", "已申请司法确认",
	    "Judicial confirmation requested" },
	{ "confirmed", "已司法确认", "Judicially confirmed" },
	{ "confirmation_refused", "司法确认被驳回",
	    "Judicial confirmation refused" },
	{ "fulfilled", "已履行", "Fulfilled" },
	{ "withdrawn", "已撤回", "Withdrawn" },
};

static const struct enumval msources[] = {
	{ "application", "当事人申请", "A party's application" },
	{ "complaint", "投诉转调解", "Converted from a complaint" },
	{ "court", "法院诉前委派", "Pre-litigation delegation by a court" },
};

static const struct enumval party_types[] = {
	{ "person", "自然人", "Natural person" },
	{ "organization", "法人或其他组织", "Organisation" },
};

static const struct enumval agent_authorities[] = {
	{ "general", "一般授权", "General authority" },
	{ "special", "特别授权", "Special authority" },
};

static const struct enumval failure_grounds[] = {
	{ "withdrawn_or_settled", "当事人撤回调解申请或自行和解",
	    "Withdrawn or settled by the parties" },
	{ "no_accord_on_testing", "对检验、鉴定等事项无法达成一致",
	    "No accord on testing or appraisal" },
	{ "absence_or_refusal", "当事人无正当理由拒不到场或拒绝调解",
	    "A party is absent or refuses" },
	{ "no_agreement_possible", "当事人表示无法达成协议",
	    "A party says no agreement is possible" },
	{ "time_limit_reached", "超过调解期限未达成协议",
	    "Time limit reached" },
	{ "rejection_ground", "发现存在不予受理的情形",
	    "A ground for rejection was found" },
	{ "other", "其他情形", "Other" },
};

static const struct enumval mactions[] = {
	{ "accept", "受理申请", "Accept" },
	{ "decline", "不予受理", "Decline" },
	{ "request_consent", "征询对方意见", "Ask the other party" },
	{ "consent", "对方同意调解", "Consent recorded" },
	{ "refuse", "对方不同意调解", "Refusal recorded" },
	{ "assign_mediator", "指派调解员", "Assign a mediator" },
	{ "mediator_accept", "调解员接受指派", "Mediator accepts" },
	{ "mediator_decline", "调解员拒绝指派", "Mediator declines" },
	{ "declare_conflict", "申报利益冲突", "Conflict of interest declared" },
	{ "session", "调解会议", "Session recorded" },
	{ "agree", "达成调解协议", "Agreement" },
	{ "fail", "调解终止", "Mediation ended without agreement" },
	{ "notify_parties", "告知双方当事人", "Parties told" },
	{ "request_confirmation", "申请司法确认",
	    "Judicial confirmation requested" },
	{ "confirm", "司法确认", "Judicially confirmed" },
	{ "refuse_confirmation", "驳回司法确认申请",
	    "Judicial confirmation refused" },
	{ "fulfil", "协议已履行", "Fulfilled" },
	{ "extend", "经双方同意延长期限", "Extended by consent" },
};

static const struct enumval session_modes[] = {
	{ "online", "线上", "Online" },
	{ "in_person", "现场", "In person" },
};

static const struct enumval astatuses[] = {
	{ "submitted", "已提交", "Submitted" },
	{ "accepted", "已受理", "Accepted" },
	{ "declined", "不予受理", "Declined" },
	{ "assigned", "已指派专家", "Expert assigned" },
	{ "in_progress", "援助中", "In progress" },
	{ "concluded", "援助结束", "Concluded" },
	{ "closed", "已结案", "Closed" },
	{ "withdrawn", "已撤回", "Withdrawn" },
};

static const struct enumval enterprise_sizes[] = {
	{ "micro", "微型企业", "Micro" },
	{ "small", "小型企业", "Small" },
	{ "medium", "中型企业", "Medium" },
	{ "large", "大型企业", "Large" },
};

static const struct enumval aid_types[] = {
	{ "filing_guidance", "海外知识产权布局与申请指导",
	    "Overseas filing and portfolio guidance" },
	{ "dispute_response", "应对海外诉讼或投诉",
	    "Responding to a foreign lawsuit or complaint" },
	{ "us_337", "美国 337 调查应对", "US Section 337 investigation" },
	{ "exhibition", "境外展会知识产权纠纷",
	    "Dispute at an overseas exhibition" },
	{ "ecommerce_takedown", "跨境电商平台侵权投诉与下架",
	    "Cross-border e-commerce takedown" },
	{ "customs", "境外海关扣押", "Foreign customs detention" },
	{ "risk_warning", "目标市场风险预警", "Risk early warning" },
};

static const struct enumval aid_outcomes[] = {
	{ "won", "胜诉或对方撤回", "Won" },
	{ "settled", "和解", "Settled" },
	{ "lost", "败诉", "Lost" },
	{ "withdrawn", "企业撤回", "Withdrawn" },
	{ "guidance_given", "已提供指导", "Guidance given" },
};

static const struct enumval aactions[] = {
	{ "accept", "受理", "Accept" },
	{ "decline", "不予受理", "Decline" },
	{ "assign_expert", "指派专家", "Assign an expert" },
	{ "start", "专家开始援助", "Expert starts" },
	{ "expert_decline", "专家拒绝指派", "Expert declines" },
	{ "declare_conflict", "申报利益冲突", "Conflict of interest declared" },
	{ "guidance", "指导记录", "Guidance recorded" },
	{ "milestone", "境外程序进展", "Milestone in the foreign proceeding" },
	{ "flag_major", "列为重大涉外案件", "Flagged as major" },
	{ "unflag_major", "取消重大涉外标记", "Major flag removed" },
	{ "conclude", "援助结束", "Concluded" },
	{ "close", "结案", "Closed" },
};

static const struct enumval priorities[] = {
	{ "urgent", "紧急", "Urgent" },
	{ "high", "优先", "High" },
	{ "normal", "一般", "Normal" },
};

#include "countries.inc"

static const struct enumval subsidy_statuses[] = {
	{ "submitted", "已申请", "Submitted" },
	{ "approved", "已核准", "Approved" },
	{ "rejected", "不予资助", "Rejected" },
	{ "paid", "已拨付", "Paid" },
};

static const struct enumval decisions[] = {
	{ "approve", "核准", "Approve" },
	{ "reject", "不予资助", "Reject" },
};

const struct enumdef enum_defs[EN__MAX] = {
	[EN_KIND] = { "kinds", kinds, N(kinds) },
	[EN_IP_TYPE] = { "ip_types", ip_types, N(ip_types) },
	[EN_SCENE] = { "scenes", scenes, N(scenes) },
	[EN_CHANNEL] = { "channels", channels, N(channels) },
	[EN_ID_TYPE] = { "id_types", id_types, N(id_types) },
	[EN_RIGHT_TYPE] = { "right_types", right_types, N(right_types) },
	[EN_STATUS] = { "statuses", statuses, N(statuses) },
	[EN_REJECT_GROUND] = { "reject_grounds", reject_grounds,
	    N(reject_grounds) },
	[EN_OUTCOME] = { "outcomes", outcomes, N(outcomes) },
	[EN_DUE_STATE] = { "due_states", due_states, N(due_states) },
	[EN_SUSPEND_REASON] = { "suspend_reasons", suspend_reasons,
	    N(suspend_reasons) },
	[EN_REPORTER_RELATION] = { "reporter_relations", reporter_relations,
	    N(reporter_relations) },
	[EN_ACTION] = { "actions", actions, N(actions) },
	[EN_ROLE] = { "roles", roles, N(roles) },
	[EN_MSTATUS] = { "mediation_statuses", mstatuses, N(mstatuses) },
	[EN_MSOURCE] = { "mediation_sources", msources, N(msources) },
	[EN_PARTY_TYPE] = { "party_types", party_types, N(party_types) },
	[EN_AGENT_AUTHORITY] = { "agent_authorities", agent_authorities,
	    N(agent_authorities) },
	[EN_FAILURE_GROUND] = { "failure_grounds", failure_grounds,
	    N(failure_grounds) },
	[EN_MACTION] = { "mediation_actions", mactions, N(mactions) },
	[EN_SESSION_MODE] = { "session_modes", session_modes,
	    N(session_modes) },
	[EN_ASTATUS] = { "aid_statuses", astatuses, N(astatuses) },
	[EN_ENTERPRISE_SIZE] = { "enterprise_sizes", enterprise_sizes,
	    N(enterprise_sizes) },
	[EN_AID_TYPE] = { "aid_types", aid_types, N(aid_types) },
	[EN_AID_OUTCOME] = { "aid_outcomes", aid_outcomes, N(aid_outcomes) },
	[EN_AACTION] = { "aid_actions", aactions, N(aactions) },
	[EN_PRIORITY] = { "priorities", priorities, N(priorities) },
	[EN_COUNTRY] = { "countries", countries, N(countries) },
	[EN_SUBSIDY_STATUS] = { "subsidy_statuses", subsidy_statuses,
	    N(subsidy_statuses) },
	[EN_DECISION] = { "decisions", decisions, N(decisions) },
};

_Static_assert(N(astatuses) == AS__MAX, "aid statuses");
_Static_assert(N(aactions) == AA__MAX, "aid actions");

_Static_assert(N(mstatuses) == MS__MAX, "mediation statuses");
_Static_assert(N(mactions) == MA__MAX, "mediation actions");

_Static_assert(N(actions) == ACT__MAX, "action table matches enum action");

_Static_assert(N(statuses) == ST__MAX, "status table matches enum cstatus");

int
enum_find(enum enumid id, const char *s, size_t len)
{
	const struct enumdef	*d = &enum_defs[id];
	size_t			 i;

	for (i = 0; i < d->n; i++)
		if (strlen(d->v[i].code) == len &&
		    memcmp(d->v[i].code, s, len) == 0)
			return (int)i;
	return -1;
}

const char *
enum_code(enum enumid id, int i)
{
	if (i < 0 || (size_t)i >= enum_defs[id].n)
		return "";
	return enum_defs[id].v[i].code;
}

const char *
enum_label(enum enumid id, int i, enum lang lang)
{
	if (i < 0 || (size_t)i >= enum_defs[id].n)
		return "";
	return lang == LANG_EN ? enum_defs[id].v[i].en : enum_defs[id].v[i].zh;
}
