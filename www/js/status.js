/*
 * status.js -- looking a case up with its tracking number and access code
 * (GET /api/v1/complaints/{no} with X-Access-Code): status, due date,
 * timeline, evidence with SHA-256, masked personal data, public reply;
 * and adding evidence to an open case.
 *
 * The access code is kept in memory only: never in the address, never in
 * storage.
 */
import {$, h, call, checkFiles, download, dueNotes, fmtBytes, fmtTime,
    label, loadEnums, problemText, upload, uploadJob} from './common.js';

/* What happened, by the timeline's action codes. */
const ACTIONS = {
	submitted: '提交',
	evidence_added: '补充证据材料',
	accepted: '受理',
	rejected: '不予受理',
	assigned: '分派办理',
	reassigned: '重新分派',
	suspended: '中止办理',
	resumed: '恢复办理',
	mediating: '转入调解',
	mediation_opened: '转入调解',
	resolved: '办结',
	closed: '结案',
	reopened: '重新办理',
	withdrawn: '撤回',
	merged: '合并办理',
	extended: '延长办理期限',
	reporter_notified: '告知举报人',
	feedback: '评价',
	replied: '答复',
};

const OPEN = ['submitted', 'accepted', 'assigned', 'suspended', 'mediating',
    'resolved'];

const state = {no: null, code: null, data: null, enums: null};

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
	const [res] = await Promise.all([
	    call('GET', `/complaints/${encodeURIComponent(no)}`,
		{headers: {'X-Access-Code': code}}),
	    loadEnums().then((e) => { state.enums = e; }, () => {})]);
	$('#lookup-btn').disabled = false;
	$('#lookup-status').textContent = '';

	if (res.ok && res.data) {
		state.no = res.data.no;
		state.code = code;
		state.data = res.data;
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

function render(d) {
	const e = state.enums;
	const report = d.kind === 'report';
	const due = d.due && d.due.accept;

	$('#c-no').textContent = d.no;
	$('#c-kind').textContent = label(e, 'kinds', d.kind) ||
	    (report ? '举报' : '投诉');
	$('#c-status').textContent = d.status_label || d.status;
	$('#c-received').textContent = fmtTime(d.received_at);
	$('#c-due-label').textContent = report ? '核查决定期限' : '受理期限';
	$('#c-due').replaceChildren(due && due.date ? h('span', {class: 'due-line'},
	    h('strong', {}, due.date),
	    h('span', {class: `badge ${due.state}`}, due.state_label || due.state),
	    d.fast_track ? h('span', {class: 'fast-track'}, '快速处理') : null,
	    dueNotes(due).length ? h('span', {class: 'hint'},
		dueNotes(due).join('；')) : null) : '—');

	$('#c-reply').textContent = d.public_reply || '暂无答复意见。办理完结后在此公开答复。';

	renderTimeline(d.timeline || []);

	const exh = d.exhibition;
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

	renderEvidence(d.evidence || []);
	$('#more-form').hidden = !OPEN.includes(d.status);
	if (e && e.evidence)
		$('#m-max').textContent = fmtBytes(e.evidence.max_bytes);

	$('#case').hidden = false;
	$('#case').focus();
}

function renderTimeline(list) {
	$('#c-timeline').replaceChildren(...list.map((t) => h('li', {},
	    h('time', {datetime: t.at}, fmtTime(t.at)),
	    h('span', {}, ACTIONS[t.action] || t.action),
	    t.status_label ? h('span', {class: 'hint'},
		`状态：${t.status_label}`) : null)));
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
		    const err = await download(state.no, state.code, ev);
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
		const res = await upload(state.no, state.code, uploadJob(f));
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
	const res = await call('GET', `/complaints/${encodeURIComponent(state.no)}`,
	    {headers: {'X-Access-Code': state.code}});
	if (res.ok && res.data) {
		state.data = res.data;
		renderEvidence(res.data.evidence || []);
		renderTimeline(res.data.timeline || []);
	}
}

function init() {
	const q = new URLSearchParams(location.search);

	if (q.get('no'))
		$('#q-no').value = q.get('no');
	$('#lookup-form').addEventListener('submit', lookup);
	$('#more-form').addEventListener('submit', addEvidence);
	$('#m-files').addEventListener('change', () => {
		const f = [...$('#m-files').files];
		$('#m-chosen').textContent = f.length ? `已选择：${f.map((x) =>
		    x.name).join('、')}` : '未选择文件';
	});
	if ($('#q-no').value)
		$('#q-code').focus();
}

init();
