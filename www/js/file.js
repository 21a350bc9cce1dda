/*
 * file.js -- the complaint / report form (file.html).
 *
 * Value lists come from GET /api/v1/meta/enums.  The case is filed with
 * POST /api/v1/complaints (JSON, Idempotency-Key), then each evidence file
 * is uploaded to POST /api/v1/complaints/{no}/evidence with the access
 * code.  Field errors of a 422 answer are matched to inputs by their
 * data-field attribute (the JSON path the API names), shown under the
 * input (aria-describedby, aria-invalid) and listed at the top.
 */
import {$, $$, h, call, pick, dueText, fillSelect,
    fmtBytes, fmtTime, loadEnums, newKey, upload,
    uploadJob} from './common.js';
import {fieldErrors} from './fielderrors.js';
import {fileList} from './filelist.js';

const form = $('#case-form');
const alertBox = $('#form-alert');

const state = {
	enums: null,
	files: [],		/* File objects picked, in order */
	key: null,		/* Idempotency-Key of the submission in hand */
	busy: false,
	rightSeq: 0,
	uploading: 0,
};

/* Right types that follow from an IP type. */
const RIGHT_OF_IP = {
	patent: 'patent', trademark: 'trademark', copyright: 'copyright',
	geographical_indication: 'geographical_indication',
	plant_variety: 'plant_variety', ic_layout: 'ic_layout',
};

/* Names of paths that have no input of their own. */
const PATH_NAMES = {
	kind: '提交类型', channel: '提交渠道', exhibition: '展会信息',
	complainant: '投诉人（举报人）信息', respondent: '被投诉（举报）方信息',
	rights: '权利依据', file: '证据材料',
};

/* Field errors beside their inputs and in a summary on top; the errors
 * of the evidence list are kept by filelist.js. */
const fe = fieldErrors(form, alertBox, {names: PATH_NAMES,
    keep: '#file-list'});
const {clearError} = fe;
const files = fileList(state, '证据材料', clearError);

const kind = () => (form.elements.kind.value || 'complaint');
const scene = () => $('#f-scene').value;
const v = (id) => $('#' + id).value.trim();

/* ---- showing and hiding parts of the form ---------------------------- */

function applyKind() {
	const complaint = kind() === 'complaint';

	$('#complainant-legend').textContent = complaint ? '投诉人信息' :
	    '举报人信息 · 实名举报（可选）';
	$('#complainant-hint').textContent = complaint ?
	    '投诉须提供真实身份信息。证件号码和手机号码仅用于办理本案，对外一律隐藏。' :
	    '可以匿名举报，不填写本部分即可。实名举报的，请至少填写姓名和手机号码；' +
	    '举报人身份严格保密，不向被举报方透露，符合条件的可申请举报奖励。';
	for (const e of $$('[data-req-complaint]', form)) {
		if (e.matches('input, select, textarea'))
			e.required = complaint;
		else
			e.hidden = !complaint;
	}
	$('#respondent-legend').textContent = complaint ? '被投诉方信息' :
	    '被举报方信息';
	$('#rights-req').hidden = !complaint;
	$('#rights-opt').hidden = complaint;
	$('#rights-hint').textContent = '填写所依据的权利，如专利号（例 ' +
	    'ZL202310123456.6）、商标注册号（数字）、著作权登记号。' +
	    (complaint ? '投诉至少填写一项。' : '举报可不填。');
	$('#submit-btn').textContent = complaint ? '提交投诉' : '提交举报';
	$('#page-title').textContent = complaint ? '在线投诉' : '在线举报';
	document.title = `${complaint ? '在线投诉' : '在线举报'} · 知识产权保护公共服务平台`;
}

function applyScene() {
	const s = scene();
	const online = s === 'ecommerce' || s === 'online';

	$('#exhibition-group').hidden = s !== 'exhibition';
	$('#online-fields').hidden = !online;
	/* The platform is required for e-commerce platforms only. */
	$('#f-r-platform').required = s === 'ecommerce';
	$('#f-r-platform-label').replaceChildren(
	    h('span', {class: 'lt'}, '电商平台'), s === 'ecommerce' ?
	    h('span', {class: 'req', 'aria-hidden': 'true'}, '*') :
	    h('span', {class: 'opt'}, '（选填）'));
}

/* ---- rights rows ------------------------------------------------------- */

function renumberRights() {
	const rows = $$('#rights-list > li');

	rows.forEach((li, i) => {
		$('.row-title', li).textContent = `权利依据 ${i + 1}`;
		$('.remove-right', li).setAttribute('aria-label',
		    `删除权利依据 ${i + 1}`);
	});
	$('#add-right').disabled = rows.length >= 20;
}

function addRight(focus) {
	const n = ++state.rightSeq;
	const tid = `f-right-${n}-type`, nid = `f-right-${n}-number`;
	const type = h('select', {id: tid, 'data-sub': 'type', required: true},
	    h('option', {value: ''}, '请选择'));
	const num = h('input', {type: 'text', id: nid, 'data-sub': 'number',
	    maxlength: 100, required: true, autocomplete: 'off',
	    spellcheck: 'false', autocapitalize: 'characters'});
	const li = h('li', {class: 'right-row'},
	    h('div', {class: 'row-head'},
		h('span', {class: 'row-title'}),
		h('button', {type: 'button', class: 'btn btn-small btn-danger ' +
		    'remove-right', onclick: () => removeRight(li)}, '删除')),
	    h('div', {class: 'two-col'},
		h('div', {class: 'field'},
		    h('label', {for: tid}, h('span', {class: 'lt'}, '权利类型')),
		    type),
		h('div', {class: 'field'},
		    h('label', {for: nid}, h('span', {class: 'lt'}, '权利编号')),
		    num)));

	if (state.enums)
		fillSelect(type, state.enums.right_types);
	type.value = RIGHT_OF_IP[$('#f-ip_type').value] || '';
	type.dataset.auto = type.value ? '1' : '';
	type.addEventListener('change', () => { type.dataset.auto = ''; });
	$('#rights-list').append(li);
	clearError($('#rights-group'));
	renumberRights();
	if (focus)
		type.focus();
}

function removeRight(li) {
	const next = li.nextElementSibling || li.previousElementSibling;

	li.remove();
	renumberRights();
	(next ? $('select', next) : $('#add-right')).focus();
}

/* ---- the request body -------------------------------------------------- */

function buildBody() {
	const k = kind(), s = scene();
	const b = pick({
		kind: k,
		ip_type: v('f-ip_type'),
		scene: s,
		channel: 'web',
		title: v('f-title'),
		description: v('f-description'),
		demands: v('f-demands'),
		district: v('f-district'),
	});

	if (s === 'exhibition')
		b.exhibition = pick({name: v('f-exh-name'),
		    booth: v('f-exh-booth'), end_date: v('f-exh-end')});

	const idType = v('f-c-id_type');
	let idNo = v('f-c-id_number');

	if (['resident_id', 'uscc', 'foreign_permanent_resident',
	    'hk_macao_permit'].includes(idType))
		idNo = idNo.toUpperCase();
	const c = pick({name: v('f-c-name'), id_type: idType, id_number: idNo,
	    phone: v('f-c-phone'), email: v('f-c-email'),
	    address: v('f-c-address')});
	const named = ['name', 'id_number', 'phone', 'email', 'address']
	    .some((x) => x in c);

	if (k === 'complaint')
		b.complainant = c;
	else if (named) {
		/* The preset document type alone does not make a name. */
		if (!c.id_number)
			delete c.id_type;
		b.complainant = c;
	}

	const r = pick({name: v('f-r-name'), uscc: v('f-r-uscc').toUpperCase(),
	    registration_no: v('f-r-registration_no'),
	    address: v('f-r-address')});

	if (s === 'ecommerce' || s === 'online')
		Object.assign(r, pick({shop_url: v('f-r-shop_url'),
		    platform: v('f-r-platform')}));
	b.respondent = r;

	/* Empty rows are left out; the rows sent get the JSON paths the
	 * API will use for their errors. */
	const rights = [];

	for (const li of $$('#rights-list > li')) {
		const t = $('[data-sub="type"]', li), n = $('[data-sub="number"]', li);
		const row = pick({type: t.value, number: n.value.trim()});
		/* A type the form preset from the IP type is no entry of
		 * its own in a report, where rights are optional. */
		const blank = !row.number && (!row.type ||
		    (t.dataset.auto === '1' && k === 'report'));

		if (blank) {
			t.removeAttribute('data-field');
			n.removeAttribute('data-field');
			li.removeAttribute('data-field');
			continue;
		}
		li.dataset.field = `rights[${rights.length}]`;
		t.dataset.field = `rights[${rights.length}].type`;
		n.dataset.field = `rights[${rights.length}].number`;
		rights.push(row);
	}
	if (rights.length)
		b.rights = rights;
	return b;
}

/* ---- submitting ------------------------------------------------------------ */

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

	const fileItems = files.errors(true);
	if (fileItems.length) {
		fe.show([], fileItems);
		return;
	}
	const body = buildBody();

	/* One key per submission, kept until it is filed: a double click,
	 * a retry after a lost answer or a reload of the same body files
	 * once.  A 4xx answer is not kept by the server, so the corrected
	 * body may go with the same key. */
	if (!state.key)
		state.key = newKey();
	setBusy(true, '正在提交，请稍候……');
	const res = await call('POST', '/complaints', {json: body,
	    headers: {'Idempotency-Key': state.key}});
	setBusy(false);

	if (res.ok && res.data && res.data.no) {
		state.key = null;
		showReceipt(res.data, body);
		uploadAll(res.data.no, res.data.access_code);
		return;
	}
	const p = res.problem || {};

	if (res.status === 422 && Array.isArray(p.errors) && p.errors.length)
		fe.show(p.errors);
	else if (/idempotency/.test(p.type || '')) {
		/* The key went with another body that was filed: the first
		 * try may have got through with different content. */
		state.key = newKey();
		fe.showProblem(res, '此前的一次提交可能已经成功。如果您没有收到受理编号' +
		    '和查询码，请核对后再次点击提交。');
	} else if (res.network || res.status === 429 || res.status >= 500)
		fe.showProblem(res, '您填写的内容仍保留在本页。请稍后直接再次点击提交，' +
		    '同一份内容不会重复立案。');
	else
		fe.showProblem(res);
}

/* ---- the receipt ------------------------------------------------------------ */

function showReceipt(d, body) {
	const report = d.kind === 'report';
	const accept = d.due && d.due.accept;

	$('#receipt-title').textContent = report ? '举报已提交' : '投诉已提交';
	$('#r-no').textContent = d.no;
	$('#r-code').textContent = d.access_code;
	$('#r-status').textContent = d.status_label || d.status;
	$('#r-received').textContent = fmtTime(d.received_at);
	$('#r-due-label').textContent = report ? '核查决定期限' : '受理期限';
	$('#r-anonymous').hidden = !(report && !body.complainant);
	$('#r-due').replaceChildren(
	    h('span', {}, dueText(accept)),
	    h('span', {class: 'hint'}, report ?
		'在此日期前核查并决定是否立案' : '在此日期前决定是否受理'));
	if (d.fast_track) {
		const lim = state.enums && state.enums.time_limits &&
		    state.enums.time_limits.fast_track;
		const n = lim ? `${lim.amount} 个工作日` : '1 个工作日';
		const end = body.exhibition && body.exhibition.end_date;

		$('#r-fast').replaceChildren(
		    h('span', {class: 'fast-track'}, '快速处理'), ' ',
		    `本案适用展会快速处理程序，将在 ${n}内答复` +
		    (end ? `，且不晚于展会结束（${end}）` : '') + '。');
		$('#r-fast').hidden = false;
	}
	$('#status-link').href = `/status.html?no=${encodeURIComponent(d.no)}`;
	$('#r-evidence-none').hidden = state.files.length > 0;

	form.hidden = true;
	alertBox.hidden = true;
	$('#page-lead').hidden = true;
	$('#page-title').textContent = report ? '举报回执' : '投诉回执';
	const r = $('#receipt');
	r.hidden = false;
	window.scrollTo(0, 0);
	r.focus();
}

function evidenceItem(f) {
	const st = h('span', {class: 'meta'}, '等待上传');
	const li = h('li', {},
	    h('strong', {class: 'file-name'}, f.name),
	    h('span', {class: 'meta'}, fmtBytes(f.size)), ' · ', st);
	return {li, st};
}

async function uploadOne(no, code, job, item) {
	item.st.className = 'meta';
	item.st.textContent = '正在上传……';
	const res = await upload(no, code, job);

	$$('.sha, .sha-label, .retry', item.li).forEach((e) => e.remove());
	if (res.ok) {
		item.st.className = 'state-ok';
		item.st.textContent = res.file.duplicate ? '已存证（与本案已有文件相同）' :
		    '已存证';
		item.li.append(h('span', {class: 'meta sha-label'}, 'SHA-256：'),
		    h('code', {class: 'sha'}, res.file.sha256));
		return true;
	}
	item.st.className = 'state-bad';
	item.st.textContent = `上传失败：${res.message}`;
	if (res.status === 0 || res.status === 429 || res.status >= 500)
		item.li.append(h('button', {type: 'button',
		    class: 'btn btn-small retry', onclick: async (ev) => {
			ev.target.disabled = true;
			await uploadOne(no, code, job, item);
			summarise();
		    }}, '重试'));
	return false;
}

let summarise = () => {};

async function uploadAll(no, code) {
	const list = $('#r-evidence');
	const status = $('#r-evidence-status');
	const jobs = state.files.map((f) => ({job: uploadJob(f),
	    item: evidenceItem(f)}));

	if (!jobs.length)
		return;
	list.replaceChildren(...jobs.map((j) => j.item.li));
	summarise = () => {
		const bad = $$('.state-bad', list).length;

		status.textContent = bad ? `有 ${bad} 个文件上传失败。可点击“重试”，` +
		    '或稍后在进度查询页面凭查询码补充上传。' :
		    `证据文件已全部上传，共 ${jobs.length} 个，SHA\u2011256 电子存证如下。`;
		status.className = bad ? 'alert alert-error' : 'alert alert-ok';
	};
	const guard = (ev) => {
		ev.preventDefault();
		ev.returnValue = '';
	};
	window.addEventListener('beforeunload', guard);
	let i = 0;
	for (const j of jobs) {
		status.textContent = `正在上传证据文件（${++i}/${jobs.length}）……`;
		await uploadOne(no, code, j.job, j.item);
	}
	window.removeEventListener('beforeunload', guard);
	summarise();
}

/* ---- start ------------------------------------------------------------------ */

async function loadOptions() {
	const note = $('#enums-loading');

	try {
		const e = await loadEnums();

		state.enums = e;
		fillSelect($('#f-ip_type'), e.ip_types);
		fillSelect($('#f-scene'), e.scenes);
		fillSelect($('#f-district'), e.districts);
		fillSelect($('#f-c-id_type'), e.id_types);
		$('#f-c-id_type').value = 'resident_id';
		for (const sel of $$('#rights-list select[data-sub="type"]')) {
			const keep = sel.value;
			fillSelect(sel, e.right_types);
			sel.value = keep;
		}
		if (e.evidence) {
			$('#max-size').textContent = fmtBytes(e.evidence.max_bytes);
			$('#max-files').textContent = e.evidence.max_files_per_case;
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
	const q = new URLSearchParams(location.search);

	if (q.get('kind') === 'report')
		$('#f-kind-report').checked = true;
	$('#submit-btn').disabled = true;
	$('#f-exh-end').min = new Date(Date.now() - new Date()
	    .getTimezoneOffset() * 60000).toISOString().slice(0, 10);
	addRight(false);
	applyKind();
	applyScene();

	for (const r of form.elements.kind)
		r.addEventListener('change', applyKind);
	$('#f-scene').addEventListener('change', applyScene);
	$('#f-ip_type').addEventListener('change', () => {
		const t = RIGHT_OF_IP[$('#f-ip_type').value] || '';

		for (const s of $$('#rights-list select[data-sub="type"]'))
			if (!s.value || s.dataset.auto === '1') {
				s.value = t;
				s.dataset.auto = t ? '1' : '';
			}
	});
	$('#add-right').addEventListener('click', () => addRight(true));
	$('#f-files').addEventListener('change', files.add);
	$('#print-btn').addEventListener('click', () => window.print());
	/* An error goes away once its input is changed. */
	fe.clearOnEdit('#f-files');
	form.addEventListener('submit', submit);
	loadOptions();
}

init();
