/*
 * problem.c -- errors to RFC 9457 problem details.  The only writer of
 * application/problem+json; texts in Simplified Chinese by default and
 * English on request.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "http.h"
#include "json_decode.h"
#include "problem.h"

struct errdef {
	int		 status;
	const char	*slug;
	const char	*title_zh;
	const char	*title_en;
	const char	*detail_zh;
	const char	*detail_en;
};

static const struct errdef errdefs[ERR__MAX] = {
	[ERR_OK] = { 200, "ok", "成功", "OK", "", "" },
	[ERR_BAD_REQUEST] = { 400, "bad-request", "请求有误", "Bad request",
	    "请求的参数或请求头不正确。",
	    "The request's parameters or headers are not acceptable." },
	[ERR_MALFORMED] = { 400, "malformed-body", "请求体格式错误",
	    "Malformed body",
	    "请求体不是有效的 JSON 对象（UTF-8 编码）。",
	    "The body is not a well-formed JSON object in UTF-8." },
	[ERR_UNAUTHORIZED] = { 401, "unauthorized", "需要身份认证",
	    "Authentication required",
	    "请提供有效的访问令牌。", "A valid access token is required." },
	[ERR_FORBIDDEN] = { 403, "forbidden", "无权操作", "Forbidden",
	    "当前身份无权执行此操作。",
	    "Your role may not perform this action." },
	[ERR_NOT_FOUND] = { 404, "not-found", "未找到", "Not found",
	    "未找到该资源，或查询码不正确。",
	    "No such resource, or the access code does not match." },
	[ERR_METHOD] = { 405, "method-not-allowed", "不支持的请求方法",
	    "Method not allowed",
	    "该地址不支持此请求方法，请查看 Allow 头。",
	    "This resource does not support the method; see Allow." },
	[ERR_CONFLICT] = { 409, "state-conflict", "状态冲突", "Conflict",
	    "该操作与案件当前状态不符。",
	    "The action does not fit the current state." },
	[ERR_LENGTH_REQUIRED] = { 411, "length-required", "缺少内容长度",
	    "Length required", "请求体必须带有 Content-Length。",
	    "A body needs a Content-Length." },
	[ERR_TOO_LARGE] = { 413, "too-large", "内容过大", "Content too large",
	    "请求体或文件超过了大小限制。",
	    "The body or file is over its size limit." },
	[ERR_MEDIA_TYPE] = { 415, "unsupported-media-type", "不支持的内容类型",
	    "Unsupported media type",
	    "请求体的 Content-Type 不被接受。",
	    "The body's Content-Type is not accepted here." },
	[ERR_VALIDATION] = { 422, "validation-error", "提交内容有误",
	    "Validation failed", "请按字段提示修改后重新提交。",
	    "Some fields are not valid; see errors." },
	[ERR_IDEMPOTENCY] = { 422, "idempotency-key-reused",
	    "幂等键已被使用", "Idempotency-Key reused",
	    "同一 Idempotency-Key 已用于内容不同的请求。",
	    "This Idempotency-Key was used with a different body." },
	[ERR_THROTTLED] = { 429, "throttled", "请求过于频繁",
	    "Too many requests", "请稍后再试。",
	    "Too many attempts; try again later." },
	[ERR_INTERNAL] = { 500, "internal-error", "服务器内部错误",
	    "Internal error", "服务器处理出错，请稍后再试。",
	    "The server failed; please try again later." },
	[ERR_UNAVAILABLE] = { 503, "unavailable", "服务暂不可用",
	    "Service unavailable", "服务暂时不可用，请稍后重试。",
	    "The service is temporarily unavailable; retry shortly." },
};

int
err_status(enum err e)
{
	return e < ERR__MAX ? errdefs[e].status : 500;
}

const char *
err_slug(enum err e)
{
	return e < ERR__MAX ? errdefs[e].slug : "internal-error";
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "";
	}
}

/* Field error messages; %lld is the error's parameter. */
static const struct {
	const char *code, *zh, *en;
} fmsgs[] = {
	{ "required", "此项为必填项", "is required" },
	{ "wrong_type", "数据类型不正确", "has the wrong JSON type" },
	{ "too_long", "不能超过 %lld 个字符", "must be at most %lld characters" },
	{ "too_short", "至少需要 %lld 个字符", "must be at least %lld characters" },
	{ "too_many", "最多 %lld 项", "must have at most %lld items" },
	{ "too_few", "至少需要 %lld 项", "must have at least %lld items" },
	{ "invalid_value", "不是可选的取值", "is not one of the allowed values" },
	{ "unknown_field", "不是本接口的字段", "is not a field of this request" },
	{ "duplicate_key", "字段重复出现", "appears more than once" },
	{ "duplicate_value", "取值重复", "repeats an earlier value" },
	{ "forbidden_character", "含有不允许的字符（如控制字符）",
	    "contains a character that is not allowed" },
	{ "invalid_date", "日期应为 YYYY-MM-DD 格式的有效日期",
	    "must be a real date written YYYY-MM-DD" },
	{ "invalid_amount", "金额应为不超过 %lld 元、最多两位小数的数字",
	    "must be an amount in yuan up to %lld with at most 2 decimals" },
	{ "out_of_range", "超出允许范围", "is out of range" },
	{ "invalid_format", "格式不正确", "has the wrong format" },
	{ "bad_check_character", "校验位不正确", "has a wrong check character" },
	{ "bad_date", "其中的日期无效", "contains an invalid date" },
	{ "filler_code", "空号代码（00000000000000000X）须同时填写注册号",
	    "the filler code 00000000000000000X needs a registration number" },
	{ "invalid_mobile", "应为有效的大陆手机号码",
	    "must be a mainland mobile number" },
	{ "invalid_email", "应为有效的电子邮箱地址",
	    "must be a valid e-mail address" },
	{ "invalid_url", "应为以 http:// 或 https:// 开头的有效网址",
	    "must be an http:// or https:// URL" },
	{ "unknown_district", "不是本市的行政区划代码",
	    "is not a district code of this city" },
	{ "not_allowed", "此情形下不应填写此项",
	    "must not be given in this case" },
	{ "date_in_past", "日期不能早于今天", "must not be before today" },
	{ "date_in_future", "日期不能晚于今天", "must not be after today" },
	{ "channel_not_allowed", "该渠道不能通过此方式提交",
	    "this channel cannot file through this route" },
	{ "file_type", "文件类型不被接受（以内容判断）",
	    "the file's content is not an accepted type" },
	{ "file_too_large", "文件超过 %lld 字节的上限",
	    "the file is over the %lld-byte limit" },
	{ "file_empty", "文件为空", "the file is empty" },
	{ "too_many_files", "该案件的证据文件已达上限 %lld 个",
	    "the case already has the maximum of %lld files" },
	{ "file_name_missing", "文件分段缺少文件名（filename）",
	    "the file part has no filename" },
	{ "same_department", "案件已在该部门", "the case is already there" },
	{ "not_a_handler_of_department", "不是该部门在职的承办人",
	    "is not an active handler of that department" },
	{ "invalid_case", "不是可合并的在办案件",
	    "is not an open case that can absorb this one" },
	{ "too_common", "密码过于常见", "is too common a password" },
	{ "not_a_mediator_account", "不是具有调解员角色的在职账号",
	    "is not a staff account with the mediator role" },
	{ "already_a_mediator", "该账号已登记为调解员",
	    "is already linked to a mediator" },
	{ "not_an_expert_account", "不是具有海外维权专家角色的账号",
	    "is not a staff account with the aid_expert role" },
	{ "already_an_expert", "该账号已登记为专家",
	    "is already linked to an expert" },
	{ "filler_not_allowed", "此处不接受空号代码（00000000000000000X）",
	    "the filler code 00000000000000000X is not accepted here" },
	{ "invalid_wan_amount",
	    "金额以万元计，应为最多六位小数的非负数字（如 0.2 表示 2000 元）",
	    "must be an amount in 10,000 yuan with at most six decimals "
	    "(0.2 is 2,000 yuan)" },
	{ "must_be_blank", "此类当事人不应填写此项",
	    "must be blank for this kind of party" },
	{ "inconsistent", "与其他字段不一致", "contradicts another field" },
	{ "before_decision", "不能早于处罚决定日期",
	    "must not be before the decision date" },
	{ "must_be_positive", "金额须大于 0", "must be greater than 0" },
	{ "invalid_list",
	    "多个取值用英文分号“;”分隔，不能有空项、重复项或多余空格",
	    "must be values joined by ASCII ';' without empty, repeated or "
	    "padded items" },
	{ "other_needs_detail", "“其他”须写作“其他-具体名称”",
	    "write 其他 as 其他-<details>" },
	{ "not_combinable", "“未发现问题”不能与其他结果同时选择",
	    "未发现问题 cannot be combined with other results" },
	{ "duplicate_decision", "该当事人的同一处罚决定书文号已登记",
	    "the same decision for this party is recorded already" },
	{ "duplicate_task", "该市场主体的同一抽查任务已登记",
	    "the same task for this entity is recorded already" },
	{ "unknown_case", "没有这个案件编号", "is not a known case number" },
	{ "cannot_unpublish",
	    "已公示的记录不能改为仅警告，请撤销后重新登记",
	    "a published record cannot become a warning only: revoke it" },
	{ "already_listed", "该企业已在名录中", "is listed already" },
	{ "unknown_expert", "专家库中没有这位专家", "is not an expert of the roster" },
	{ "contains_username", "密码不能包含用户名",
	    "must not contain the user name" },
};

/* Reasons the body and multipart parsers give, in Chinese. */
static const struct {
	const char *en, *zh;
} texts[] = {
	{ "empty body", "请求体为空。" },
	{ "NUL byte in body", "请求体含有 NUL 字节。" },
	{ "byte order mark before JSON", "JSON 前不能有字节序标记（BOM）。" },
	{ "body is not valid UTF-8", "请求体不是有效的 UTF-8 编码。" },
	{ "control character in a JSON string", "JSON 字符串中含有控制字符。" },
	{ "unpaired surrogate escape in a JSON string",
	    "JSON 字符串中含有不成对的代理项转义。" },
	{ "JSON syntax error", "JSON 语法错误。" },
	{ "JSON nested too deeply", "JSON 嵌套层数过多。" },
	{ "JSON text ends early", "JSON 文本不完整。" },
	{ "data after the JSON value", "JSON 值之后还有多余内容。" },
	{ "body must be a JSON object", "请求体必须是 JSON 对象。" },
	{ "duplicate key in JSON object", "JSON 对象中有重复的键。" },
	{ "out of memory", "服务器内存不足。" },
	{ "not multipart/form-data or bad boundary",
	    "不是 multipart/form-data 或分隔符无效。" },
	{ "malformed multipart delimiters or part headers",
	    "multipart 分隔符或分段头格式错误。" },
	{ "too many parts", "分段过多。" },
	{ "missing or bad Content-Disposition in a part",
	    "分段缺少或含有无效的 Content-Disposition。" },
	{ "multipart body without closing delimiter",
	    "multipart 请求体缺少结束分隔符。" },
};

const char *
problem_text(const char *en, enum lang lang)
{
	size_t i;

	if (en == NULL || lang == LANG_EN)
		return en;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (strcmp(texts[i].en, en) == 0)
			return texts[i].zh;
	return en;
}

char *
field_message(const char *code, long long param, enum lang lang, char *out,
    size_t outsz)
{
	size_t i;

	for (i = 0; i < sizeof(fmsgs) / sizeof(fmsgs[0]); i++) {
		if (strcmp(fmsgs[i].code, code) != 0)
			continue;
		/* The formats come from the table above, never from input. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		snprintf(out, outsz, lang == LANG_EN ? fmsgs[i].en :
		    fmsgs[i].zh, param);
#pragma GCC diagnostic pop
		return out;
	}
	snprintf(out, outsz, "%s", lang == LANG_EN ? "is not valid" : "无效");
	return out;
}

static struct json_object *
errors_json(const struct verrs *v, enum lang lang)
{
	struct json_object	*arr = json_object_new_array();
	size_t			 i;
	char			 msg[256];

	for (i = 0; i < v->n; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "field",
		    json_object_new_string(v->e[i].field));
		json_object_object_add(e, "code",
		    json_object_new_string(v->e[i].code));
		field_message(v->e[i].code, (long long)v->e[i].param, lang,
		    msg, sizeof(msg));
		json_object_object_add(e, "message",
		    json_object_new_string(msg));
		json_object_array_add(arr, e);
	}
	return arr;
}

int
problem_render(struct resp *r, enum err e, enum lang lang)
{
	const struct errdef	*d = &errdefs[e < ERR__MAX ? e : ERR_INTERNAL];
	struct json_object	*o = json_object_new_object();
	char			 type[96];

	snprintf(type, sizeof(type), "/problems/%s", d->slug);
	json_object_object_add(o, "type", json_object_new_string(type));
	json_object_object_add(o, "title", json_object_new_string(
	    lang == LANG_EN ? d->title_en : d->title_zh));
	json_object_object_add(o, "status", json_object_new_int(d->status));
	json_object_object_add(o, "detail", json_object_new_string(
	    r->detail != NULL ? r->detail :
	    lang == LANG_EN ? d->detail_en : d->detail_zh));
	if (r->errs != NULL && r->errs->n > 0)
		json_object_object_add(o, "errors", errors_json(r->errs, lang));
	if (resp_json(r, d->status, o) != ERR_OK)
		return -1;
	r->ctype = "application/problem+json";
	return 0;
}
