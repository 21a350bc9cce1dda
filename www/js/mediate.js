/*
 * mediate.js -- the application for the mediation of an IP dispute
 * (mediate.html).
 *
 * Value lists come from GET /api/v1/meta/enums.  The application goes to
 * POST /api/v1/mediations (JSON, Idempotency-Key).  Each party is a
 * person (a document and its number) or an organisation (its unified
 * social credit code), optionally with an agent; the applicant must be
 * identified and give a phone number, the respondent as far as known.
 * Field errors of a 422 answer are shown beside their inputs by their
 * JSON paths (data-field), as on the complaint form.
 */
import {$, $$, h, call, pick, dueText, fillSelect, fmtTime, loadEnums, newKey}
    from './common.js';
import {fieldErrors} from './fielderrors.js';

const form = $('#med-form');
const alertBox = $('#form-alert');

const state = {
	enums: null,
	key: null,		/* Idempotency-Key of the application in hand */
	busy: false,
};

/* Names of paths that have no input of their own. */
const PATH_NAMES = {
	applicant: '申请人信息', respondent: '被申请人信息',
	'applicant.agent': '申请人的委托代理人',
	'respondent.agent': '被申请人的委托代理人',
};

/* Document types whose numbers are written in capitals. */
const UPPER_IDS = ['resident_id', 'uscc', 'foreign_permanent_resident',
    'hk_macao_permit'];

const fe = fieldErrors(form, alertBox, {names: PATH_NAMES});

const v = (id) => $('#' + id).value.trim();

/* ---- the parties ------------------------------------------------------- */

const PARTIES = [
	{path: 'applicant', s: 'a', role: '申请人', required: true},
	{path: 'respondent', s: 'r', role: '被申请人', required: false},
];

/* A label: the text, then * or （选填）. */
function lab(id, text, required, extra = {}) {
	return h('label', {for: id, ...extra}, h('span', {class: 'lt'}, text),
	    required ? h('span', {class: 'req', 'aria-hidden': 'true'}, '*') :
		h('span', {class: 'opt'}, '（选填）'));
}

/* One input with its label (and hint) in a .field. */
function input(id, path, text, required, attrs = {}, hint = null) {
	const hid = hint ? `${id}-hint` : null;

	return h('div', {class: 'field'}, lab(id, text, required),
	    h('input', {type: 'text', id, name: path, 'data-field': path,
		required, 'aria-describedby': hid, autocomplete: 'off',
		...attrs}),
	    hint ? h('span', {class: 'hint', id: hid}, hint) : null);
}

/* A group of radio buttons: [value, title, note]. */
function radios(id, path, legend, options, checked) {
	return h('fieldset', {class: 'plain-group', id, 'data-field': path},
	    h('legend', {}, legend,
		h('span', {class: 'req', 'aria-hidden': 'true'}, '*')),
	    h('div', {class: 'radios'}, options.map(([val, title, note]) => {
		const rid = `${id}-${val}`;

		return h('label', {class: 'radio', for: rid},
		    h('input', {type: 'radio', id: rid, name: path, value: val,
			required: true, checked: val === checked}),
		    h('span', {}, h('strong', {}, title),
			note ? h('small', {}, note) : null));
	    })));
}

/* The fieldset of one party. */
function partyFields({path, s, role, required}) {
	const id = (x) => `f-${s}-${x}`;
	const agentId = id('agent');

	return h('fieldset', {id: id('group'), 'data-field': path,
	    'data-label-prefix': role, 'aria-describedby': id('hint')},
	    h('legend', {}, `${role}信息`),
	    h('p', {class: 'section-hint', id: id('hint')}, required ?
		'申请人须提供真实身份信息和手机号码。证件号码、手机号码仅用于办理本案，' +
		'对外一律隐藏。' :
		'对方当事人（侵权方或纠纷相对方）。证件号码、联系方式等知道的请尽量' +
		'填写，便于调解组织联系。'),
	    radios(id('type'), `${path}.type`, `${role}类型`, [
		['person', '自然人', '以个人名义'],
		['organization', '法人或其他组织', '企业、个体工商户、社会组织等'],
	    ], 'person'),
	    h('div', {class: 'field'},
		lab(id('name'), '姓名', true, {id: id('name-label')}),
		h('input', {type: 'text', id: id('name'), name: `${path}.name`,
		    'data-field': `${path}.name`, maxlength: 200, required: true,
		    autocomplete: required ? 'name' : 'off'})),
	    h('div', {class: 'two-col', 'data-when': 'person'},
		h('div', {class: 'field'},
		    lab(id('id_type'), '证件类型', required),
		    h('select', {id: id('id_type'), name: `${path}.id_type`,
			'data-field': `${path}.id_type`, required},
			h('option', {value: ''}, '请选择'))),
		input(id('id_number'), `${path}.id_number`, '证件号码', required,
		    {maxlength: 64, autocapitalize: 'characters',
		    spellcheck: 'false'})),
	    h('div', {'data-when': 'organization', hidden: true},
		input(id('uscc'), `${path}.uscc`, '统一社会信用代码', required,
		    {maxlength: 18, autocapitalize: 'characters',
		    spellcheck: 'false'},
		    '18 位，见营业执照或登记证书。')),
	    h('div', {class: 'two-col'},
		input(id('phone'), `${path}.phone`, '手机号码', required,
		    {type: 'tel', maxlength: 20, inputmode: 'tel',
		    autocomplete: required ? 'tel' : 'off'}),
		input(id('email'), `${path}.email`, '电子邮箱', false,
		    {type: 'email', maxlength: 254, spellcheck: 'false',
		    autocomplete: required ? 'email' : 'off'})),
	    input(id('address'), `${path}.address`, '联系地址', false,
		{maxlength: 300,
		autocomplete: required ? 'street-address' : 'off'}),
	    h('label', {class: 'check', for: id('has-agent')},
		h('input', {type: 'checkbox', id: id('has-agent'),
		    'aria-controls': agentId, 'aria-expanded': 'false'}),
		h('span', {}, h('strong', {}, '委托代理人'),
		    h('small', {}, `${role}委托律师或其他代理人参加调解的，请勾选并填写。`))),
	    h('fieldset', {id: agentId, 'data-field': `${path}.agent`,
		'data-label-prefix': role, hidden: true},
		h('legend', {}, '委托代理人'),
		h('div', {class: 'two-col'},
		    input(id('agent-name'), `${path}.agent.name`, '代理人姓名',
			true, {maxlength: 100}),
		    input(id('agent-phone'), `${path}.agent.phone`, '代理人手机号码',
			true, {type: 'tel', maxlength: 20, inputmode: 'tel'})),
		radios(id('agent-authority'), `${path}.agent.authority`,
		    '代理权限', [
		    ['general', '一般授权', '代为参加调解、陈述意见'],
		    ['special', '特别授权', '可代为承认、放弃、变更请求，签署调解协议'],
		], null)));
}

const partyType = (p) => {
	const r = form.querySelector(`input[name="${p.path}.type"]:checked`);
	return r ? r.value : 'person';
};

/* Shows the identity fields of the party's type: a document for a
 * person, the credit code for an organisation. */
function applyType(p) {
	const t = partyType(p);
	const group = $(`#f-${p.s}-group`);

	for (const el of $$('[data-when]', group))
		el.hidden = el.dataset.when !== t;
	$('.lt', $(`#f-${p.s}-name-label`)).textContent =
	    t === 'person' ? '姓名' : '单位名称';
	$(`#f-${p.s}-name`).autocomplete = !p.required ? 'off' :
	    t === 'person' ? 'name' : 'organization';
}

function applyAgent(p) {
	const on = $(`#f-${p.s}-has-agent`).checked;

	$(`#f-${p.s}-agent`).hidden = !on;
	$(`#f-${p.s}-has-agent`).setAttribute('aria-expanded', String(on));
}

/* ---- the request body -------------------------------------------------- */

/* One party as the API takes it: only the identity fields of its type;
 * a document type alone (the preset) is no identity of a respondent. */
function partyBody(p) {
	const f = (x) => v(`f-${p.s}-${x}`);
	const type = partyType(p);
	const b = pick({type, name: f('name'), phone: f('phone'),
	    email: f('email'), address: f('address')});

	if (type === 'person') {
		const idType = f('id_type');
		let idNo = f('id_number');

		if (UPPER_IDS.includes(idType))
			idNo = idNo.toUpperCase();
		if (p.required || idNo)
			Object.assign(b, pick({id_type: idType, id_number: idNo}));
	} else
		Object.assign(b, pick({uscc: f('uscc').toUpperCase()}));
	if ($(`#f-${p.s}-has-agent`).checked) {
		const a = form.querySelector(
		    `input[name="${p.path}.agent.authority"]:checked`);

		b.agent = pick({name: f('agent-name'), phone: f('agent-phone'),
		    authority: a ? a.value : ''});
	}
	return b;
}

function buildBody() {
	const b = pick({
		ip_type: v('f-ip_type'),
		industry: v('f-industry'),
		subject: v('f-subject'),
		claim: v('f-claim'),
		/* "50,000" and "5 000" are 50000; the rest the API checks. */
		amount: v('f-amount').replace(/[,，\s]/g, ''),
		description: v('f-description'),
	});

	b.online = $('#f-online').checked;
	for (const p of PARTIES)
		b[p.path] = partyBody(p);
	return b;
}

/* ---- submitting ------------------------------------------------------- */

function setBusy(on, text) {
	state.busy = on;
	$('#submit-btn').disabled = on;
	form.setAttribute('aria-busy', on ? 'true' : 'false');
	$('#submit-status').textContent = text || '';
}

async function submit(ev) {
	ev.preventDefault();
	if (state.busy)
		return;
	fe.clearAll();
	const body = buildBody();

	/* One key per application, kept until it is filed: a double tap, a
	 * retry after a lost answer or a corrected body (a 4xx answer is not
	 * kept by the server) files once. */
	if (!state.key)
		state.key = newKey();
	setBusy(true, '正在提交，请稍候……');
	const res = await call('POST', '/mediations', {json: body,
	    headers: {'Idempotency-Key': state.key}});
	setBusy(false);

	if (res.ok && res.data && res.data.no) {
		state.key = null;
		showReceipt(res.data);
		return;
	}
	const p = res.problem || {};

	if (res.status === 422 && Array.isArray(p.errors) && p.errors.length)
		fe.show(p.errors);
	else if (/idempotency/.test(p.type || '')) {
		/* The key went with another body that was filed. */
		state.key = newKey();
		fe.showProblem(res, '此前的一次提交可能已经成功。如果您没有收到受理编号' +
		    '和查询码，请核对后再次点击提交。');
	} else if (res.network || res.status === 429 || res.status >= 500)
		fe.showProblem(res, '您填写的内容仍保留在本页。请稍后直接再次点击提交，' +
		    '同一份申请不会重复登记。');
	else
		fe.showProblem(res);
}

/* ---- the receipt -------------------------------------------------------- */

function showReceipt(d) {
	const accept = d.due && d.due.accept;

	$('#r-no').textContent = d.no;
	$('#r-code').textContent = d.access_code;
	$('#r-status').textContent = d.status_label || d.status;
	$('#r-received').textContent = fmtTime(d.received_at);
	$('#r-due').replaceChildren(h('span', {}, dueText(accept)),
	    h('span', {class: 'hint'}, '在此日期前决定是否受理'));
	$('#status-link').href = `/status.html?no=${encodeURIComponent(d.no)}`;

	form.hidden = true;
	alertBox.hidden = true;
	$('#page-lead').hidden = true;
	$('#page-title').textContent = '调解申请回执';
	const r = $('#receipt');
	r.hidden = false;
	window.scrollTo(0, 0);
	r.focus();
}

/* ---- start ------------------------------------------------------------ */

async function loadOptions() {
	const note = $('#enums-loading');

	try {
		const e = await loadEnums();

		state.enums = e;
		fillSelect($('#f-ip_type'), e.ip_types);
		for (const p of PARTIES) {
			const sel = $(`#f-${p.s}-id_type`);
			/* Organisations name their credit code instead. */
			fillSelect(sel, e.id_types.filter((t) => t.code !== 'uscc'));
			sel.value = 'resident_id';
		}
		note.remove();
		$('#submit-btn').disabled = false;
	} catch (err) {
		note.className = 'alert alert-error';
		note.replaceChildren(`表单选项加载失败（${err.message}）。`,
		    h('button', {type: 'button', class: 'btn btn-small',
			onclick: () => {
			    note.className = 'alert alert-info';
			    note.textContent = '正在加载表单选项……';
			    loadOptions();
			}}, '重新加载'));
	}
}

function init() {
	$('#parties').replaceWith(...PARTIES.map(partyFields));
	$('#submit-btn').disabled = true;
	for (const p of PARTIES) {
		applyType(p);
		applyAgent(p);
		for (const r of $$(`input[name="${p.path}.type"]`, form))
			r.addEventListener('change', () => applyType(p));
		$(`#f-${p.s}-has-agent`).addEventListener('change',
		    () => applyAgent(p));
	}
	$('#print-btn').addEventListener('click', () => window.print());
	fe.clearOnEdit();
	form.addEventListener('submit', submit);
	loadOptions();
}

init();
