/*
 * status.js -- looking a case up with its tracking number and access code
 * (GET /api/v1/complaints/{no}, /api/v1/mediations/{no} for a mediation,
 * "TJ...", or /api/v1/overseas-aid/{no} for an aid request, "HW...", with
 * X-Access-Code): status, every due date, timeline, masked personal data;
 * for a complaint or report its evidence with SHA-256, the public reply
 * and outcome, and adding evidence while it is open; for a mediation the
 * mediator, the agreement and its document; for an aid request its
 * priority, the foreign deadline, the expert, the guidance records and
 * milestones, the conclusion, and its files.  Every kind takes the
 * satisfaction feedback once it has ended (POST .../feedback) and may be
 * withdrawn while open (POST .../withdraw); both POSTs carry an
 * Idempotency-Key.
 *
 * The access code is kept in memory only: never in the address, never in
 * storage.
 */
import {API, $, $$, h, call, checkFiles, describedBy, download, dueNotes,
    fmtBytes, fmtTime, label, loadEnums, newKey, priorityLine, problemText,
    upload, uploadJob} from './common.js';

/* What happened, by the timeline's action codes: the staff actions
 * (GET /meta/enums "actions") and the events of the public side. */
const ACTIONS = {
	submitted: '提交',
	evidence_added: '补充证据材料',
	accept: '受理',
	reject: '不予受理',
	assign: '分派办理',
	transfer: '移交',
	suspend: '中止',
	resume: '恢复办理',
	extend: '延长核查期限',
	notify: '告知举报人',
	resolve: '办结',
	close: '结案',
	closed: '结案',
	reopen: '重新办理',
	merge: '合并',
	withdrawn: '撤回',
	feedback: '评价',
};

/* Where evidence may still be added (the server's rule). */
const OPEN = ['submitted', 'accepted', 'assigned', 'suspended', 'mediating',
    'resolved'];
/* Where the submitter may withdraw. */
const WITHDRAWABLE = ['submitted', 'accepted', 'assigned', 'suspended',
    'mediating'];
/* Where the submitter may give feedback (once). */
const RATEABLE = ['resolved', 'closed'];

/* What happened to a mediation, by the timeline's action codes: the
 * staff actions (GET /meta/enums "mediation_actions"), the public's and
 * the timers'. */
const MACTIONS = {
	submitted: '提交调解申请',
	accept: '受理申请',
	decline: '不予受理',
	request_consent: '征询被申请人意见',
	consent: '被申请人同意调解',
	refuse: '被申请人不同意调解',
	mediator_accept: '调解员接受指派',
	session: '调解会议',
	agree: '达成调解协议',
	fail: '调解终止',
	notify_parties: '告知双方当事人',
	request_confirmation: '申请司法确认',
	confirm: '司法确认',
	refuse_confirmation: '驳回司法确认申请',
	fulfil: '协议已履行',
	extend: '经双方同意延长调解期限',
	withdrawn: '撤回调解申请',
	feedback: '评价',
	consent_timeout: '被申请人逾期未答复，视为不同意调解',
	limit_reached: '调解期限届满未达成协议，调解终止',
};

/* A mediation still under way: it may be withdrawn; once it is not, it
 * may be rated (the server's rules). */
const M_OPEN = ['applied', 'accepted', 'awaiting_consent', 'in_mediation'];

/* The due dates of a mediation, in the order they come. */
const M_DUES = [
	['accept', '受理期限', '在此日期前决定是否受理'],
	['consent', '被申请人答复期限',
	    '被申请人在此日期前答复是否同意调解，逾期视为不同意'],
	['mediator_acceptance', '调解员接受指派期限',
	    '调解员在此日期前决定是否接受指派'],
	['limit', '调解期限', '在此日期前未达成协议的，调解终止'],
	['notify_parties', '告知双方当事人期限', '在此日期前书面告知调解终止'],
];

/* What happened to an aid request, by the timeline's action codes: the
 * staff actions shown to the public (GET /meta/enums "aid_actions"), the
 * public's own and the subsidy claims'. */
const AACTIONS = {
	submitted: '提交援助申请',
	evidence_added: '补充材料',
	accept: '受理',
	decline: '不予受理',
	assign_expert: '指派专家',
	start: '专家开始援助',
	guidance: '专家指导',
	milestone: '境外程序进展',
	conclude: '援助结束',
	close: '结案',
	withdrawn: '撤回援助申请',
	feedback: '评价',
	subsidy_claimed: '申请维权费用资助',
	subsidy_approved: '维权费用资助已核准',
	subsidy_rejected: '维权费用资助未予核准',
	subsidy_paid: '维权费用资助已拨付',
};

/* An aid request still under way (the server's aid_is_open). */
const A_OPEN = ['submitted', 'accepted', 'assigned', 'in_progress'];
/* Files may still be added (open, or concluded). */
const A_FILES = [...A_OPEN, 'concluded'];

/* The kinds of case: where they are, what they are called, what the
 * public may do with them. */
const KINDS = {
	complaint: {
		path: '/complaints',
		noun: (d) => (d.kind === 'report' ? '举报' : '投诉'),
		withdrawable: (d) => WITHDRAWABLE.includes(d.status),
		rateable: (d) => RATEABLE.includes(d.status),
		withdrawHint: '案件办结前可以撤回。撤回后本案终止办理，不能恢复；' +
		    '如需处理，须重新提交。',
		withdrawWarning: '撤回后本案将终止办理，且不能恢复。',
		withdrawn: '本案已终止办理；如需处理，请重新提交。',
		feedbackHint: '案件已办结，欢迎对办理情况作出评价。每个案件只能评价' +
		    '一次，提交后本案结案。',
	},
	mediation: {
		path: '/mediations',
		noun: () => '调解申请',
		withdrawable: (d) => M_OPEN.includes(d.status),
		rateable: (d) => !M_OPEN.includes(d.status),
		withdrawHint: '调解结束前可以撤回申请。撤回后本案终止调解，不能恢复；' +
		    '如需调解，须重新申请。',
		withdrawWarning: '撤回后本案将终止调解，且不能恢复。',
		withdrawn: '本案已终止调解；如需调解，请重新申请。',
		feedbackHint: '调解程序已结束，欢迎对调解工作作出评价。每个案件只能评价一次。',
	},
	aid: {
		path: '/overseas-aid',
		noun: () => '援助申请',
		withdrawable: (d) => A_OPEN.includes(d.status),
		rateable: (d) => ['concluded', 'closed'].includes(d.status),
		withdrawHint: '援助结束前可以撤回申请。撤回后本申请终止办理，不能恢复；' +
		    '如仍需援助，须重新申请。',
		withdrawWarning: '撤回后本申请将终止办理，且不能恢复。',
		withdrawn: '本申请已终止办理；如仍需援助，请重新申请。',
		feedbackHint: '援助已结束，欢迎对援助工作作出评价。每件申请只能评价一次。',
	},
};

const kindOf = (no) => (/^TJ/.test(no) ? 'mediation' : /^HW/.test(no) ?
    'aid' : 'complaint');

const SCORES = ['', '非常不满意', '不满意', '一般', '满意', '非常满意'];
const COMMENT_MAX = 1000;

const state = {no: null, code: null, kind: 'complaint', data: null,
    enums: null, fbKey: null, wdKey: null, busy: false,
    agreementUrl: null};

/* The API path of the case looked up, and of one of its parts. */
function casePath(part = '') {
	return `${KINDS[state.kind].path}/${encodeURIComponent(state.no)}` +
	    (part ? `/${part}` : '');
}

/* 元 with thousands separated: "50000.00" -> "50,000.00 元". */
function yuan(s) {
	if (!s)
		return null;
	const [i, f] = String(s).split('.');

	return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${f ? '.' + f : ''} 元`;
}

function kv(dl, rows) {
	dl.replaceChildren(...rows.filter(([, val]) => val !== null &&
	    val !== undefined && val !== '').flatMap(([k, val]) => [
	    h('dt', {}, k), h('dd', {}, val)]));
}

function showAlert(...children) {
	const a = $('#lookup-alert');

	a.replaceChildren(...children);
	a.hidden = false;
	a.focus();
}

async function lookup(ev) {
	if (ev)
		ev.preventDefault();
	const no = $('#q-no').value.replace(/\s+/g, '').toUpperCase();
	const code = $('#q-code').value.replace(/\s+/g, '').toUpperCase();

	$('#lookup-alert').hidden = true;
	for (const [id, val, msg] of [['q-no', no, '请输入受理编号'],
	    ['q-code', code, '请输入查询码']]) {
		const inp = $('#' + id), err = $(`#${id}-error`);
		if (err)
			err.remove();
		inp.removeAttribute('aria-invalid');
		inp.setAttribute('aria-describedby', `${id}-hint`);
		if (!val) {
			inp.setAttribute('aria-invalid', 'true');
			inp.setAttribute('aria-describedby',
			    `${id}-hint ${id}-error`);
			inp.closest('.field').append(h('p',
			    {class: 'field-error', id: `${id}-error`}, msg));
		}
	}
	if (!no || !code) {
		$(no ? '#q-code' : '#q-no').focus();
		return;
	}
	$('#lookup-btn').disabled = true;
	$('#lookup-status').textContent = '正在查询……';
	const kind = kindOf(no);
	const [res] = await Promise.all([
	    call('GET', `${KINDS[kind].path}/${encodeURIComponent(no)}`,
		{headers: {'X-Access-Code': code}}),
	    loadEnums().then((e) => { state.enums = e; }, () => {})]);
	$('#lookup-btn').disabled = false;
	$('#lookup-status').textContent = '';

	if (res.ok && res.data) {
		if (state.no !== res.data.no)
			resetActions();
		state.no = res.data.no;
		state.code = code;
		state.kind = kind;
		state.data = res.data;
		$('#c-notice').hidden = true;
		$('#fb-done').hidden = true;
		render(res.data);
		return;
	}
	$('#case').hidden = true;
	if (res.status === 404)
		showAlert(h('h2', {}, '未找到该案件'),
		    h('p', {}, '受理编号或查询码不正确，请核对后重试。查询码在提交成功时' +
			'显示，共 8 位。'));
	else if (res.status === 429)
		showAlert(h('h2', {}, '查询过于频繁'), h('p', {}, problemText(res)));
	else
		showAlert(h('h2', {}, '查询未成功'), h('p', {}, problemText(res)));
}

/* States of a due date still counting down. */
const RUNNING = ['on_time', 'warning', 'overdue'];
/* Cases that ended without the step being taken: their due dates no
 * longer run, whatever the state the server computed for them. */
const ENDED = {withdrawn: '案件已撤回，该期限不再计算',
    merged: '案件已合并办理，该期限不再计算'};

/* One due date: the date, its state, and what goes with it (extra: an
 * element after the state; what: what is due, said while it runs). */
function dueLine(due, status, extra, what) {
	const ended = ENDED[status] && RUNNING.includes(due.state);
	const st = ended ? 'stopped' : due.state;
	const notes = ended ? [ENDED[status]] :
	    dueNotes({...due, provisional: false});

	if (what && RUNNING.includes(st))
		notes.unshift(what);
	if (due.state === 'suspended')
		notes.push('案件中止期间暂停计算期限，恢复办理后顺延');
	if (due.provisional && RUNNING.concat('suspended').includes(st))
		notes.push('该年度节假日安排尚未公布，期限可能调整');
	return h('span', {class: 'due-line'},
	    h('strong', {}, due.date),
	    h('span', {class: `badge ${st}`}, ended ? '不再计时' :
		due.state_label || due.state),
	    due.provisional ? h('span', {class: 'badge provisional'}, '日历暂定') :
		null,
	    extra,
	    notes.length ? h('span', {class: 'hint'}, notes.join('；')) : null);
}

/* Fills one dt/dd pair of the due dates, hiding it when there is none. */
function showDue(id, due, status, extra) {
	const has = !!(due && due.date);

	$(`#${id}-label`).hidden = !has;
	$(`#${id}`).hidden = !has;
	$(`#${id}`).replaceChildren(has ? dueLine(due, status, extra) : '—');
}

/* The case as it is now, whatever its kind. */
function render(d, {focus = true} = {}) {
	const k = KINDS[state.kind];
	const noun = k.noun(d);

	for (const el of $$('#case [data-kind]'))
		el.hidden = !el.dataset.kind.split(/\s+/).includes(state.kind);
	if (state.kind === 'mediation')
		renderMediation(d);
	else if (state.kind === 'aid')
		renderAid(d);
	else
		renderComplaint(d);

	renderFeedback(d);

	$('#withdraw-card').hidden = !k.withdrawable(d);
	$('#withdraw-title').textContent = `撤回${noun}`;
	$('#wd-open').textContent = `撤回${noun}`;
	$('#withdraw-hint').textContent = k.withdrawHint;
	$('#wd-warning').textContent = k.withdrawWarning;
	if ($('#withdraw-card').hidden)
		closeWithdraw(false);

	$('#case').hidden = false;
	if (focus)
		$('#case').focus();
}

function renderComplaint(d) {
	const e = state.enums;
	const report = d.kind === 'report';
	const due = d.due || {};
	const noun = report ? '举报' : '投诉';

	$('#c-no').textContent = d.no;
	$('#c-kind').textContent = label(e, 'kinds', d.kind) || noun;
	$('#c-status').textContent = d.status_label || d.status;
	$('#c-status').className = `badge st-${d.status}`;
	$('#c-received').textContent = fmtTime(d.received_at);

	const merged = $('#c-merged');
	merged.hidden = !d.merged_into;
	merged.replaceChildren(...(d.merged_into ? ['本案已并入案件 ',
	    h('strong', {}, d.merged_into), ' 合并办理，办理进度以该案件为准。'] :
	    []));

	const outcome = label(e, 'outcomes', d.outcome);
	$('#c-outcome-label').textContent = '办理结果';
	$('#c-outcome-label').hidden = $('#c-outcome').hidden = !outcome;
	$('#c-outcome-text').textContent = outcome;

	/* Every due date the case has: to accept (a report: to decide),
	 * to tell a named reporter, to resolve. */
	$('#c-due-label').textContent = report ? '核查决定期限' : '受理期限';
	showDue('c-due', due.accept, d.status, d.fast_track ?
	    h('span', {class: 'fast-track'}, '快速处理') : null);
	$('#c-due-label').hidden = $('#c-due').hidden = false;
	showDue('c-due-notify', due.notify_reporter, d.status);
	showDue('c-due-resolve', due.resolve, d.status);

	$('#reply-card').classList.toggle('has-reply', !!d.public_reply);
	$('#c-reply').textContent = d.public_reply ||
	    '暂无答复意见。办理完结后在此公开答复。';

	renderTimeline(d.timeline || []);

	const exh = d.exhibition;
	$('#c-info-title').textContent = '案件信息';
	kv($('#c-info'), [
		['标题', d.title],
		['知识产权类型', label(e, 'ip_types', d.ip_type)],
		['侵权发生场景', label(e, 'scenes', d.scene)],
		['展会', exh ? `${exh.name}，展位 ${exh.booth}，${exh.end_date} 结束` :
		    null],
		['发生地', d.district_label || d.district],
		['事实与理由', d.description ? h('span', {class: 'prewrap'},
		    d.description) : null],
		['处理请求', d.demands ? h('span', {class: 'prewrap'}, d.demands) :
		    null],
		['权利依据', (d.rights || []).length ? h('span', {},
		    d.rights.map((r) => `${label(e, 'right_types', r.type)} ` +
			`${r.number}`).join('；')) : null],
		['提交渠道', label(e, 'channels', d.channel)],
	]);

	$('#c-party-title').textContent = report ? '举报人' : '投诉人';
	const c = d.complainant;
	if (d.anonymous || !c)
		kv($('#c-party'), [['身份', '匿名举报']]);
	else
		kv($('#c-party'), [
			['姓名或名称', c.name],
			['证件类型', label(e, 'id_types', c.id_type)],
			['证件号码', c.id_number],
			['手机号码', c.phone],
			['电子邮箱', c.email],
		]);

	$('#c-resp-title').textContent = report ? '被举报方' : '被投诉方';
	const r = d.respondent || {};
	kv($('#c-respondent'), [
		['名称或姓名', r.name],
		['统一社会信用代码', r.uscc],
		['注册号', r.registration_no],
		['地址', r.address],
		['店铺网址', r.shop_url],
		['电商平台', r.platform],
	]);

	$('#c-evidence-title').textContent = '证据材料（电子存证）';
	renderEvidence(d.evidence || []);
	$('#more-form').hidden = !OPEN.includes(d.status);
	if (e && e.evidence)
		$('#m-max').textContent = fmtBytes(e.evidence.max_bytes);
}

/* The words of each kind's timeline: the names of its actions, the value
 * lists of its actions and statuses in meta/enums. */
const TIMELINE = {
	complaint: [ACTIONS, 'actions', null],
	mediation: [MACTIONS, 'mediation_actions', 'mediation_statuses'],
	aid: [AACTIONS, 'aid_actions', 'aid_statuses'],
};

/* The steps of the case in Chinese: a complaint's (status_label given),
 * a mediation's or an aid request's (the status by its code). */
function renderTimeline(list) {
	const [names, actionList, statusList] = TIMELINE[state.kind];

	$('#c-timeline').replaceChildren(...list.map((t) => {
		const st = t.status_label || (statusList && t.status ?
		    label(state.enums, statusList, t.status) : '');

		return h('li', {},
		    h('time', {datetime: t.at}, fmtTime(t.at)),
		    h('span', {class: 'tl-action'}, names[t.action] ||
			label(state.enums, actionList, t.action) || t.action),
		    st ? h('span', {class: 'hint'}, `状态：${st}`) : null);
	}));
}

/* ---- mediation cases ------------------------------------------------------ */

/* The time to apply to the court for confirmation of the agreement. */
function confirmLine(c, status) {
	const asked = ['confirmation_requested', 'confirmed',
	    'confirmation_refused'].includes(status);
	const [st, text] = c.open ? ['on_time', '可申请'] :
	    asked ? ['met', '已申请'] : ['stopped', '已截止'];

	return h('span', {class: 'due-line'}, h('strong', {}, c.until),
	    h('span', {class: `badge ${st}`}, text),
	    h('span', {class: 'hint'}, c.open ?
		'在此日期前，双方可共同向有管辖权的人民法院申请司法确认' :
		'协议生效后 30 日内可申请司法确认'));
}

function partyRows(p) {
	const e = state.enums;
	const a = p && p.agent;

	if (!p)
		return [];
	return [
		['类型', label(e, 'party_types', p.type)],
		[p.type === 'organization' ? '单位名称' : '姓名', p.name],
		['证件类型', label(e, 'id_types', p.id_type)],
		['证件号码', p.id_number],
		['统一社会信用代码', p.uscc],
		['手机号码', p.phone],
		['电子邮箱', p.email],
		['委托代理人', a ? [a.name, label(e, 'agent_authorities',
		    a.authority), a.phone].filter(Boolean).join('，') : null],
	];
}

function renderMediation(d) {
	const e = state.enums;
	const due = d.due || {};
	const open = M_OPEN.includes(d.status);

	$('#c-no').textContent = d.no;
	$('#c-kind').textContent = '知识产权纠纷调解' + (d.source ?
	    `（${label(e, 'mediation_sources', d.source)}）` : '');
	$('#c-status').textContent = d.status_label ||
	    label(e, 'mediation_statuses', d.status);
	$('#c-status').className = `badge st-${d.status}`;
	$('#c-received').textContent = fmtTime(d.received_at);
	$('#c-merged').hidden = true;
	$('#c-outcome-label').hidden = $('#c-outcome').hidden = true;

	/* The mediator is named once the mediator took the case. */
	kv($('#m-head'), [
		['调解员', d.mediator || (open ? '尚未确定（被申请人同意调解、' +
		    '调解员接受指派后显示）' : null)],
		['不予受理理由', d.decline_reason],
		['调解终止原因', label(e, 'failure_grounds', d.failure_ground)],
		['调解用时', typeof d.duration_wd === 'number' ?
		    `${d.duration_wd} 个工作日` : null],
	]);
	$('#m-dues').replaceChildren(...M_DUES.filter(([k]) => due[k] &&
	    due[k].date).flatMap(([k, name, what]) => [h('dt', {}, name),
	    h('dd', {}, dueLine(due[k], d.status, null, what))]),
	    ...(due.judicial_confirmation ? [h('dt', {}, '申请司法确认期限'),
	    h('dd', {}, confirmLine(due.judicial_confirmation, d.status))] :
	    []));

	$('#agreement-card').hidden = !d.agreed_at;
	kv($('#m-agreement'), [
		['达成协议时间', fmtTime(d.agreed_at)],
		['协议金额', yuan(d.amount_agreed)],
		['司法确认裁定书', d.ruling_no],
	]);

	renderTimeline(d.timeline || []);

	$('#c-info-title').textContent = '纠纷信息';
	const court = d.court;
	kv($('#c-info'), [
		['知识产权类型', label(e, 'ip_types', d.ip_type)],
		['所属行业', d.industry],
		['纠纷事项', d.subject],
		['调解请求', d.claim ? h('span', {class: 'prewrap'}, d.claim) :
		    null],
		['涉及金额', yuan(d.amount)],
		['事实与理由', d.description ? h('span', {class: 'prewrap'},
		    d.description) : null],
		['调解方式', d.online ? '愿意线上调解' : '现场调解'],
		['转自投诉', d.complaint_no],
		['委派法院', court ? `${court.name}（${court.case_no}）` : null],
	]);

	$('#c-party-title').textContent = '申请人';
	kv($('#c-party'), partyRows(d.applicant));
	$('#c-resp-title').textContent = '被申请人';
	kv($('#c-respondent'), partyRows(d.respondent));
}

/* ---- overseas aid requests ------------------------------------------------ */

/* The key foreign deadline: the date, and while the request is open how
 * far off it is, or that it passed. */
function deadlineLine(d) {
	const n = d.days_to_deadline;
	let badge = null, note = null;

	if (d.deadline_passed) {
		badge = h('span', {class: 'badge overdue'}, '已过期');
		note = '关键境外期限已过，请尽快与工作人员联系，说明目前的情况';
	} else if (typeof n === 'number')
		badge = h('span', {class: `badge ${n <= 7 ? 'warning' : 'on_time'}`},
		    n === 0 ? '今天到期' : `还有 ${n} 天`);
	return h('span', {class: 'due-line'}, h('strong', {}, d.deadline), badge,
	    note ? h('span', {class: 'hint'}, note) : null);
}

const countryName = (code) => {
	const n = label(state.enums, 'countries', code);
	return n && n !== code ? `${n}（${code}）` : code;
};

/* One guidance record or milestone. */
function recordItem(r) {
	const guidance = r.kind === 'guidance';
	const dl = h('dl', {class: 'kv'});

	kv(dl, [
		['指导意见', r.advice ? h('span', {class: 'prewrap'}, r.advice) :
		    null],
		['提供的文件', r.documents ? h('span', {class: 'prewrap'},
		    r.documents) : null],
		['下一步', r.next_steps ? h('span', {class: 'prewrap'},
		    r.next_steps) : null],
	]);
	return h('li', {class: `record record-${r.kind}`},
	    h('p', {class: 'record-head'},
		h('span', {class: `badge ${guidance ? 'rec-guidance' :
		    'rec-milestone'}`}, guidance ? '专家指导' : '程序进展'),
		h('time', {datetime: r.on_day}, r.on_day)),
	    h('p', {class: 'record-summary'}, r.summary),
	    dl.childElementCount ? dl : null);
}

function renderAid(d) {
	const e = state.enums;
	const open = A_OPEN.includes(d.status);

	$('#c-no').textContent = d.no;
	$('#c-kind').textContent = '海外维权援助' + (d.aid_type ?
	    `（${label(e, 'aid_types', d.aid_type)}）` : '');
	$('#c-status').textContent = d.status_label ||
	    label(e, 'aid_statuses', d.status);
	$('#c-status').className = `badge st-${d.status}`;
	$('#c-received').textContent = fmtTime(d.received_at);
	$('#c-merged').hidden = true;

	const outcome = label(e, 'aid_outcomes', d.outcome);
	$('#c-outcome-label').textContent = '援助结果';
	$('#c-outcome-label').hidden = $('#c-outcome').hidden = !outcome;
	$('#c-outcome-text').textContent = outcome;

	/* The priority is today's: it matters while the request is open. */
	kv($('#a-head'), [
		['优先级', open && d.priority ? priorityLine(e, d.priority) : null],
		['关键境外期限', d.deadline ? deadlineLine(d) : null],
		['受理期限', d.due && d.due.date ? dueLine(d.due, d.status, null,
		    '在此日期前决定是否受理') : null],
		['援助专家', d.expert || (d.status === 'assigned' ?
		    '已指派，专家开始援助后显示姓名' : open ?
		    '尚未指派（受理后按目标国家（地区）和知识产权类型匹配专家）' :
		    null)],
		['不予受理理由', d.decline_reason ? h('span', {class: 'prewrap'},
		    d.decline_reason) : null],
	]);

	const ended = !!(d.concluded_at || d.conclusion);
	$('#a-conclusion-card').hidden = !ended;
	kv($('#a-conclusion'), [
		['援助结果', outcome],
		['结束时间', fmtTime(d.concluded_at)],
		['结论意见', d.conclusion ? h('span', {class: 'prewrap'},
		    d.conclusion) : null],
	]);

	const records = d.records || [];
	$('#a-records-none').hidden = records.length > 0;
	$('#a-records').replaceChildren(...records.map(recordItem));

	renderTimeline(d.timeline || []);

	$('#c-info-title').textContent = '援助事项';
	kv($('#c-info'), [
		['援助类型', label(e, 'aid_types', d.aid_type)],
		['目标国家（地区）', (d.countries || []).map(countryName).join('、')],
		['知识产权类型', (d.ip_types || []).map((t) => label(e, 'ip_types',
		    t)).join('、')],
		['涉及的权利', (d.rights || []).length ? h('ul', {class: 'plain'},
		    d.rights.map((r) => h('li', {}, [label(e, 'right_types',
			r.type), r.country && r.country !== 'CN' ?
			countryName(r.country) : '中国', r.number].join(' ')))) :
		    null],
		['受理机构或平台', d.forum],
		['涉案金额', yuan(d.amount_at_stake)],
		['海外知识产权侵权保险', d.insured ? '已投保' : '未投保'],
		['情况说明', d.description ? h('span', {class: 'prewrap'},
		    d.description) : null],
	]);

	$('#c-party-title').textContent = '申请企业';
	const en = d.enterprise || {}, c = d.contact || {};
	kv($('#c-party'), [
		['企业名称', en.name],
		['统一社会信用代码', en.uscc],
		['企业规模', label(e, 'enterprise_sizes', en.size)],
		['所属行业', en.industry],
		['联系人', c.name],
		['手机号码', c.phone],
		['电子邮箱', c.email],
	]);
	$('#c-resp-title').textContent = '对方当事人';
	kv($('#c-respondent'), [['名称', d.opposing_party || '未填写']]);

	$('#c-evidence-title').textContent = '相关材料（电子存证）';
	renderEvidence(d.evidence || []);
	$('#more-form').hidden = !A_FILES.includes(d.status);
	if (e && e.evidence)
		$('#m-max').textContent = fmtBytes(e.evidence.max_bytes);
}

/*
 * The agreement document: GET .../agreement?format=html needs the access
 * code in a header, so it is fetched here and shown in a new tab from a
 * Blob URL.  That page has no address of its own to resolve "/css/..."
 * against (and the CSP forbids <base>), so its style sheet is named by
 * its full address; it gets a viewport to read on a phone.
 */
async function openAgreement() {
	const btn = $('#agreement-btn');
	const status = $('#agreement-status');
	let resp;

	btn.disabled = true;
	status.className = 'loading';
	status.textContent = '正在打开调解协议书……';
	try {
		resp = await fetch(`${API}${casePath('agreement')}?format=html`, {
		    headers: {'X-Access-Code': state.code, 'Accept': 'text/html',
		    'Accept-Language': 'zh-CN'}, cache: 'no-store'});
	} catch (e) {
		resp = null;
	}
	btn.disabled = false;
	if (!resp || !resp.ok || !/html/.test(resp.headers.get('Content-Type') ||
	    '')) {
		let msg = '网络连接失败，请稍后重试。';

		if (resp && resp.status === 404)
			msg = '本案尚未达成调解协议，或查询码已失效。';
		else if (resp && resp.status === 429)
			msg = '查询过于频繁，请稍后再试。';
		else if (resp)
			msg = `调解协议书暂时无法打开（${resp.status}），请稍后重试。`;
		status.className = 'field-error';
		status.textContent = msg;
		return;
	}
	const doc = new DOMParser().parseFromString(await resp.text(),
	    'text/html');

	for (const l of doc.querySelectorAll('link[href]'))
		l.setAttribute('href', new URL(l.getAttribute('href'),
		    location.origin).href);
	if (!doc.querySelector('meta[name="viewport"]')) {
		const m = doc.createElement('meta');
		m.name = 'viewport';
		m.content = 'width=device-width, initial-scale=1';
		doc.head.prepend(m);
	}
	if (state.agreementUrl)
		URL.revokeObjectURL(state.agreementUrl);
	state.agreementUrl = URL.createObjectURL(new Blob(['<!DOCTYPE html>\n',
	    doc.documentElement.outerHTML], {type: 'text/html;charset=utf-8'}));
	const w = window.open(state.agreementUrl, '_blank');

	status.className = '';
	/* A browser that blocked the new tab gets a link to tap. */
	status.replaceChildren(...(w ? ['调解协议书已在新窗口中打开。'] : [
	    '浏览器阻止了新窗口，请点击：',
	    h('a', {href: state.agreementUrl, target: '_blank'},
		'打开调解协议书')]));
}

function renderEvidence(list) {
	$('#c-evidence-none').hidden = list.length > 0;
	$('#c-evidence').replaceChildren(...list.map((ev) => h('li', {},
	    h('strong', {class: 'file-name'}, ev.filename),
	    h('span', {class: 'meta'}, `${fmtBytes(ev.size)} · ` +
		`${fmtTime(ev.uploaded_at)} 上传`),
	    h('span', {class: 'meta sha-label'}, 'SHA-256：'),
	    h('code', {class: 'sha'}, ev.sha256),
	    h('button', {type: 'button', class: 'btn btn-small',
		'aria-label': `下载 ${ev.filename}`, onclick: async () => {
		    const err = await download(state.no, state.code, ev,
			KINDS[state.kind].path);
		    const p = $('#c-download-error');
		    p.textContent = err || '';
		    p.hidden = !err;
		}}, '下载'))));
}

/* Adding evidence to an open case. */
async function addEvidence(ev) {
	ev.preventDefault();
	const input = $('#m-files');
	const files = [...input.files];
	const status = $('#m-status');
	const list = $('#m-list');

	if (!files.length) {
		status.textContent = '请先选择文件。';
		input.focus();
		return;
	}
	const errs = checkFiles(files, state.enums && state.enums.evidence,
	    (state.data.evidence || []).length);
	list.replaceChildren();
	let failed = 0;

	$('#m-btn').disabled = true;
	for (const [i, f] of files.entries()) {
		const st = h('span', {class: 'meta'}, '正在上传……');
		const li = h('li', {}, h('strong', {class: 'file-name'}, f.name),
		    ' ', h('span', {class: 'meta'}, fmtBytes(f.size)), ' ', st);

		list.append(li);
		if (errs[i]) {
			st.className = 'state-bad';
			st.textContent = errs[i];
			failed++;
			continue;
		}
		const res = await upload(state.no, state.code, uploadJob(f),
		    {base: KINDS[state.kind].path});
		if (res.ok) {
			st.className = 'state-ok';
			st.textContent = '已存证';
			li.append(h('span', {class: 'meta sha-label'}, 'SHA-256：'),
			    h('code', {class: 'sha'}, res.file.sha256));
		} else {
			st.className = 'state-bad';
			st.textContent = `上传失败：${res.message}`;
			failed++;
		}
	}
	$('#m-btn').disabled = false;
	input.value = '';
	$('#m-chosen').textContent = '未选择文件';
	status.textContent = failed ? `有 ${failed} 个文件未能上传。` : '上传完成。';
	/* Show the case as it is now. */
	const res = await call('GET', casePath(),
	    {headers: {'X-Access-Code': state.code}});
	if (res.ok && res.data) {
		state.data = res.data;
		renderEvidence(res.data.evidence || []);
		renderTimeline(res.data.timeline || []);
	}
}

/* Reads the case again and shows it as it is now. */
async function refresh() {
	const res = await call('GET', casePath(),
	    {headers: {'X-Access-Code': state.code}});

	if (res.ok && res.data) {
		state.data = res.data;
		render(res.data, {focus: false});
	}
	return res.ok;
}

/* A message at the head of the case: ok or error. */
function notice(ok, ...children) {
	const n = $('#c-notice');

	n.className = `alert ${ok ? 'alert-ok' : 'alert-error'}`;
	n.setAttribute('role', ok ? 'status' : 'alert');
	n.replaceChildren(...children);
	n.hidden = false;
	n.scrollIntoView({block: 'start'});
	n.focus();
}

/* Forgets what was typed for another case. */
function resetActions() {
	$('#fb-form').reset();
	updateStars();
	updateCounter();
	clearFeedbackErrors();
	$('#wd-form').reset();
	closeWithdraw(false);
	state.fbKey = state.wdKey = null;
	$('#agreement-status').replaceChildren();
	if (state.agreementUrl)
		URL.revokeObjectURL(state.agreementUrl);
	state.agreementUrl = null;
}

/* ---- feedback ---------------------------------------------------------- */

function stars(n) {
	return '★'.repeat(n) + '☆'.repeat(5 - n);
}

function renderFeedback(d) {
	const fb = d.feedback;
	const canRate = KINDS[state.kind].rateable(d) && !fb;

	$('#fb-hint').textContent = KINDS[state.kind].feedbackHint;
	$('#feedback-card').hidden = !fb && !canRate;
	$('#fb-form').hidden = !canRate;
	$('#fb-view').hidden = !fb;
	if (!fb)
		return;
	$('#fb-view-stars').textContent = stars(fb.score);
	$('#fb-view-score').textContent = `${fb.score} 星 · ${SCORES[fb.score] ||
	    ''}`;
	$('#fb-view-comment').textContent = fb.comment || '（未填写）';
	$('#fb-view-at').textContent = fmtTime(fb.at);
}

function chosenScore() {
	const r = $('#fb-form input[name="score"]:checked');

	return r ? Number(r.value) : 0;
}

/* Lights the stars up to the chosen (or pointed at) score. */
function updateStars(preview) {
	const n = preview || chosenScore();

	$$('#fb-stars .star').forEach((el, i) => {
		el.classList.toggle('on', i < n);
	});
	$('#fb-score-text').textContent = n ? `${n} 星 · ${SCORES[n]}` :
	    '请点击星星评分';
	$('#fb-score-text').classList.toggle('chosen', !!chosenScore());
}

function updateCounter() {
	const n = $('#fb-comment').value.length;
	const left = COMMENT_MAX - n;
	const live = $('#fb-count-live');

	$('#fb-count').textContent = `${n} / ${COMMENT_MAX}`;
	$('#fb-count').classList.toggle('near', left <= 100);
	/* Spoken only near the limit, not on every key. */
	const say = left <= 0 ? '已达到 1000 字上限' :
	    left <= 100 && left % 20 === 0 ? `还可输入 ${left} 字` : null;
	if (say)
		live.textContent = say;
	else if (left > 100)
		live.textContent = '';
}

function fieldError(el, id, msg) {
	let p = document.getElementById(id);

	if (!p) {
		p = h('p', {class: el.matches('fieldset') ? 'group-error' :
		    'field-error', id});
		if (el.matches('fieldset'))
			$(':scope > legend', el).after(p);
		else
			el.after(p);
	}
	p.textContent = msg;
	p.hidden = false;
	describedBy(el, id, true);
	if (el.matches('fieldset'))
		el.classList.add('has-error');
	else
		el.setAttribute('aria-invalid', 'true');
}

function clearFeedbackErrors() {
	for (const [el, id] of [[$('#fb-score-group'), 'fb-score-error'],
	    [$('#fb-comment'), 'fb-comment-error']]) {
		const p = document.getElementById(id);

		if (p)
			p.remove();
		describedBy(el, id, false);
		el.classList.remove('has-error');
		el.removeAttribute('aria-invalid');
	}
	$('#fb-alert').hidden = true;
}

function feedbackAlert(...children) {
	const a = $('#fb-alert');

	a.replaceChildren(...children);
	a.hidden = false;
	a.focus();
}

function busy(on, btn, statusEl, text) {
	state.busy = on;
	btn.disabled = on;
	statusEl.textContent = on ? text : '';
}

async function submitFeedback(ev) {
	ev.preventDefault();
	if (state.busy)
		return;
	clearFeedbackErrors();
	const score = chosenScore();
	const comment = $('#fb-comment').value.trim();

	if (!score) {
		fieldError($('#fb-score-group'), 'fb-score-error', '请选择满意程度（1–5 星）');
		$('#fb-score-1').focus();
		return;
	}
	if (comment.length > COMMENT_MAX) {
		fieldError($('#fb-comment'), 'fb-comment-error',
		    `评价意见最多 ${COMMENT_MAX} 字`);
		$('#fb-comment').focus();
		return;
	}
	const body = {score};
	if (comment)
		body.comment = comment;

	/* One key per submission until it is taken: a double tap or a retry
	 * after a lost answer records one feedback. */
	if (!state.fbKey)
		state.fbKey = newKey();
	busy(true, $('#fb-btn'), $('#fb-status'), '正在提交评价……');
	const res = await call('POST',
	    casePath('feedback'), {json: body,
	    headers: {'X-Access-Code': state.code,
	    'Idempotency-Key': state.fbKey}});
	busy(false, $('#fb-btn'), $('#fb-status'));

	if (res.ok && res.data) {
		state.fbKey = null;
		state.data = res.data;
		render(res.data, {focus: false});
		const done = $('#fb-done');
		done.replaceChildren(h('strong', {}, '感谢您的评价！'),
		    h('span', {}, state.kind === 'complaint' &&
			res.data.status === 'closed' ?
			` 本案当前状态：${res.data.status_label || '已结案'}。` : ''));
		done.hidden = false;
		done.focus();
		return;
	}
	const p = res.problem || {};

	if (res.status === 422 && Array.isArray(p.errors) && p.errors.length) {
		for (const e of p.errors) {
			if (e.field === 'comment')
				fieldError($('#fb-comment'), 'fb-comment-error',
				    e.message);
			else
				fieldError($('#fb-score-group'), 'fb-score-error',
				    e.message);
		}
		feedbackAlert(h('p', {}, '评价内容有误，请按提示修改。'));
	} else if (/idempotency/.test(p.type || '')) {
		state.fbKey = newKey();
		feedbackAlert(h('p', {}, problemText(res)), h('p', {},
		    '此前的一次提交可能已经成功，请刷新查询结果核对后再提交。'));
	} else if (res.status === 409) {
		/* Rated already, or no longer open to rating: show the case as
		 * it is. */
		state.fbKey = null;
		await refresh();
		notice(false, h('h2', {}, '无法提交评价'), h('p', {},
		    problemText(res)));
	} else if (res.network || res.status === 429 || res.status >= 500)
		feedbackAlert(h('p', {}, problemText(res)), h('p', {},
		    '您的评分和意见仍保留在本页，请稍后再次点击提交，不会重复评价。'));
	else
		feedbackAlert(h('p', {}, problemText(res)));
}

/* ---- withdrawing ------------------------------------------------------ */

function openWithdraw() {
	$('#wd-form').hidden = false;
	$('#wd-open').hidden = true;
	$('#wd-open').setAttribute('aria-expanded', 'true');
	$('#wd-alert').hidden = true;
	$('#wd-confirm-title').focus();
}

function closeWithdraw(focus) {
	$('#wd-form').hidden = true;
	$('#wd-open').hidden = false;
	$('#wd-open').setAttribute('aria-expanded', 'false');
	if (focus)
		$('#wd-open').focus();
}

async function submitWithdraw(ev) {
	ev.preventDefault();
	if (state.busy)
		return;
	const reason = $('#wd-reason').value.trim();
	const alertBox = $('#wd-alert');
	const body = reason ? {reason} : {};

	alertBox.hidden = true;
	if (!state.wdKey)
		state.wdKey = newKey();
	busy(true, $('#wd-confirm'), $('#wd-status'), '正在撤回……');
	$('#wd-cancel').disabled = true;
	const res = await call('POST',
	    casePath('withdraw'), {json: body,
	    headers: {'X-Access-Code': state.code,
	    'Idempotency-Key': state.wdKey}});
	busy(false, $('#wd-confirm'), $('#wd-status'));
	$('#wd-cancel').disabled = false;

	const k = KINDS[state.kind];
	const noun = k.noun(state.data || {});
	if (res.ok && res.data) {
		state.wdKey = null;
		state.data = res.data;
		$('#wd-form').reset();
		render(res.data, {focus: false});
		notice(true, h('h2', {}, `${noun}已撤回`),
		    h('p', {}, `本案当前状态：${res.data.status_label || '已撤回'}。` +
			k.withdrawn));
		return;
	}
	const p = res.problem || {};

	if (res.status === 409) {
		state.wdKey = null;
		await refresh();
		notice(false, h('h2', {}, '无法撤回'), h('p', {}, problemText(res)));
		return;
	}
	const msgs = [h('p', {}, problemText(res))];
	if (res.status === 422 && Array.isArray(p.errors))
		msgs.push(...p.errors.map((e) => h('p', {}, e.message)));
	else if (/idempotency/.test(p.type || ''))
		state.wdKey = newKey();
	else if (res.network || res.status === 429 || res.status >= 500)
		msgs.push(h('p', {}, '请稍后再次点击“确认撤回”，不会重复操作。'));
	alertBox.replaceChildren(...msgs);
	alertBox.hidden = false;
	alertBox.focus();
}

function init() {
	const q = new URLSearchParams(location.search);

	if (q.get('no'))
		$('#q-no').value = q.get('no');
	$('#lookup-form').addEventListener('submit', lookup);
	$('#more-form').addEventListener('submit', addEvidence);
	$('#fb-form').addEventListener('submit', submitFeedback);
	$('#fb-form').addEventListener('change', () => {
		updateStars();
		const p = document.getElementById('fb-score-error');
		if (p && chosenScore())
			clearFeedbackErrors();
	});
	for (const star of $$('#fb-stars .star')) {
		const n = Number($('input', star).value);
		star.addEventListener('pointerenter', () => updateStars(n));
		star.addEventListener('pointerleave', () => updateStars());
	}
	$('#fb-comment').addEventListener('input', updateCounter);
	$('#wd-open').addEventListener('click', openWithdraw);
	$('#wd-cancel').addEventListener('click', () => closeWithdraw(true));
	$('#wd-form').addEventListener('submit', submitWithdraw);
	$('#agreement-btn').addEventListener('click', openAgreement);
	$('#m-files').addEventListener('change', () => {
		const f = [...$('#m-files').files];
		$('#m-chosen').textContent = f.length ? `已选择：${f.map((x) =>
		    x.name).join('、')}` : '未选择文件';
	});
	if ($('#q-no').value)
		$('#q-code').focus();
}

init();
