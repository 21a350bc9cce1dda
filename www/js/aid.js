/*
 * aid.js -- the request for overseas rights-protection aid (aid.html).
 *
 * Value lists come from GET /api/v1/meta/enums: the aid types, enterprise
 * sizes, IP types, right types and the ISO 3166-1 countries and regions
 * with their Chinese and English names.  The request goes to
 * POST /api/v1/overseas-aid (JSON, Idempotency-Key); then each file is
 * uploaded to POST /api/v1/overseas-aid/{no}/evidence with the access
 * code, as on the complaint form.  Field errors of a 422 answer are shown
 * beside their inputs by their JSON paths (data-field).
 *
 * The target countries are chosen with a combobox (WAI-ARIA 1.2, list
 * autocomplete, several values): typing filters the list by Chinese name,
 * English name or code; the arrow keys move through it and Enter adds or
 * removes the active one; the chosen ones are chips with a remove button.
 */
import {$, $$, h, call, pick, deadlineText, dueText,
    fillSelect, fmtBytes, fmtTime, loadEnums, newKey, priorityLine, upload,
    uploadJob} from './common.js';
import {fieldErrors} from './fielderrors.js';
import {fileList} from './filelist.js';

const API_BASE = '/overseas-aid';
const MAX_COUNTRIES = 20;
const MAX_RIGHTS = 20;

/* Shown first while nothing is typed: the markets most enterprises ask
 * about. */
const COMMON = ['US', 'DE', 'JP', 'KR', 'GB', 'FR', 'IT', 'NL', 'ES', 'AU',
    'CA', 'SG', 'VN', 'TH', 'MY', 'ID', 'IN', 'AE', 'SA', 'BR', 'MX', 'RU',
    'TR', 'HK', 'MO', 'TW'];

/* Other names people search by. */
const ALIASES = {
	US: ['USA', 'America', '美利坚'], GB: ['UK', 'Britain', 'England',
	    '大不列颠'], DE: ['Deutschland'], NL: ['Holland'], KR: ['Korea'],
	AE: ['UAE', '迪拜'], CZ: ['Czech'], CH: ['Swiss'],
};

const form = $('#aid-form');
const alertBox = $('#form-alert');

const state = {
	enums: null,
	files: [],		/* File objects picked, in order */
	key: null,		/* Idempotency-Key of the request in hand */
	busy: false,
	rightSeq: 0,
	countries: [],		/* the codes chosen, in the order chosen */
};

/* Names of paths that have no input of their own. */
const PATH_NAMES = {
	enterprise: '申请企业', contact: '联系人', rights: '涉及的权利',
	file: '相关材料', insured: '海外知识产权侵权保险',
};

const fe = fieldErrors(form, alertBox, {names: PATH_NAMES,
    keep: '#file-list'});
const {clearError} = fe;
const files = fileList(state, '相关材料', clearError);

const v = (id) => $('#' + id).value.trim();

/* ---- the country picker ------------------------------------------------ */

/* For matching: no accents, no case, no spaces or punctuation. */
function norm(s) {
	return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
	    .toLowerCase().replace(/[\s'’.,()（）·-]+/g, '');
}

function countryPicker({input, list, chips, count, live, onChange}) {
	let items = [];		/* {code, zh, en, keys, words} */
	let shown = [];		/* the items listed now */
	let active = -1;	/* index into shown */
	const chosen = () => state.countries;
	const byCode = (c) => items.find((x) => x.code === c);
	const optId = (c) => `f-country-opt-${c}`;

	function setItems(countries) {
		/* China is no target of overseas aid (Hong Kong, Macao and
		 * Taiwan are). */
		items = countries.filter((c) => c.code !== 'CN').map((c) => ({
		    code: c.code, zh: c.zh, en: c.en,
		    keys: [c.zh, c.en, ...(ALIASES[c.code] || [])].map(norm),
		    words: String(c.en).toLowerCase().split(/[\s,()-]+/)}));
	}

	/* 0: the code; 1: a whole name; 2: the start of a name; 3: the start
	 * of an English word; 4: anywhere in a name; -1: no match. */
	function rank(it, q, raw) {
		if (q.length === 2 && it.code.toLowerCase() === q)
			return 0;
		if (it.keys.includes(q))
			return 1;
		if (it.keys.some((k) => k.startsWith(q)))
			return 2;
		if (raw && it.words.some((w) => w.startsWith(raw)))
			return 3;
		if (it.keys.some((k) => k.includes(q)))
			return 4;
		return -1;
	}

	function filter() {
		const raw = input.value.trim().toLowerCase();
		const q = norm(raw);

		if (!q) {
			const common = COMMON.map(byCode).filter(Boolean);
			shown = [...common, ...items.filter((x) =>
			    !COMMON.includes(x.code))];
			return;
		}
		shown = items.map((it, i) => ({it, i, r: rank(it, q, raw)}))
		    .filter((x) => x.r >= 0)
		    .sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.it);
	}

	function isOpen() {
		return !list.hidden;
	}

	function render() {
		const sel = chosen();

		if (!shown.length) {
			list.replaceChildren(h('li', {class: 'combo-empty',
			    role: 'option', 'aria-disabled': 'true',
			    'aria-selected': 'false', id: 'f-country-none'},
			    `没有找到“${input.value.trim()}”，请换个名称或代码再试。`));
			return;
		}
		list.replaceChildren(...shown.map((it, i) => h('li', {
		    id: optId(it.code), role: 'option', class: 'combo-opt' +
			(i === active ? ' active' : ''),
		    'aria-selected': String(sel.includes(it.code)),
		    'data-code': it.code},
		    h('span', {class: 'opt-zh'}, it.zh),
		    h('span', {class: 'opt-en', lang: 'en'}, it.en),
		    h('span', {class: 'opt-code', lang: 'en'}, it.code))));
	}

	function setActive(i) {
		const prev = $('.combo-opt.active', list);

		if (prev)
			prev.classList.remove('active');
		active = i;
		const it = shown[i];
		const el = it && document.getElementById(optId(it.code));

		if (el) {
			el.classList.add('active');
			input.setAttribute('aria-activedescendant', el.id);
			el.scrollIntoView({block: 'nearest'});
		} else
			input.removeAttribute('aria-activedescendant');
	}

	function open() {
		filter();
		active = -1;
		render();
		list.hidden = false;
		input.setAttribute('aria-expanded', 'true');
		/* Typing makes the best match the active one. */
		if (input.value.trim() && shown.length)
			setActive(0);
		else
			input.removeAttribute('aria-activedescendant');
	}

	function close() {
		list.hidden = true;
		active = -1;
		input.setAttribute('aria-expanded', 'false');
		input.removeAttribute('aria-activedescendant');
	}

	function say(text) {
		/* A change of the text is what gets spoken. */
		live.textContent = '';
		setTimeout(() => { live.textContent = text; }, 50);
	}

	function renderChips() {
		const sel = chosen();

		count.textContent = sel.length ?
		    `已选择 ${sel.length} 个（最多 ${MAX_COUNTRIES} 个）：` : '尚未选择';
		chips.replaceChildren(...sel.map((code) => {
			const it = byCode(code) || {zh: code, en: code};

			return h('li', {class: 'chip', 'data-code': code},
			    h('span', {class: 'chip-zh'}, it.zh),
			    h('span', {class: 'chip-code', lang: 'en'}, code),
			    h('button', {type: 'button', class: 'chip-remove',
				'aria-label': `移除 ${it.zh}`,
				onclick: (ev) => removeChip(code, ev.currentTarget)},
				h('span', {'aria-hidden': 'true'}, '×')));
		}));
	}

	function changed() {
		renderChips();
		onChange(chosen());
	}

	function add(code) {
		const it = byCode(code);

		if (!it || chosen().includes(code))
			return;
		if (chosen().length >= MAX_COUNTRIES) {
			say(`最多选择 ${MAX_COUNTRIES} 个国家（地区）`);
			return;
		}
		state.countries = [...chosen(), code];
		changed();
		say(`已添加 ${it.zh}，共选择 ${chosen().length} 个`);
	}

	function remove(code) {
		const it = byCode(code) || {zh: code};

		state.countries = chosen().filter((c) => c !== code);
		changed();
		say(`已移除 ${it.zh}，` + (chosen().length ?
		    `还有 ${chosen().length} 个` : '尚未选择国家（地区）'));
	}

	function toggle(code) {
		if (chosen().includes(code))
			remove(code);
		else
			add(code);
		/* Ready for the next one. */
		input.value = '';
		close();
	}

	/* Removing a chip: the focus goes to the next chip, else the one
	 * before, else the search box. */
	function removeChip(code, btn) {
		const li = btn.closest('li');
		const next = li.nextElementSibling || li.previousElementSibling;
		const nextCode = next && next.dataset.code;

		remove(code);
		const target = nextCode &&
		    $(`li[data-code="${nextCode}"] .chip-remove`, chips);
		(target || input).focus();
	}

	input.addEventListener('input', () => {
		if (!items.length)
			return;
		open();
	});
	input.addEventListener('click', () => {
		if (items.length && !isOpen())
			open();
	});
	input.addEventListener('keydown', (ev) => {
		if (!items.length)
			return;
		switch (ev.key) {
		case 'ArrowDown':
			ev.preventDefault();
			if (!isOpen()) {
				open();
				if (active < 0 && shown.length)
					setActive(0);
			} else if (shown.length)
				setActive(Math.min(active + 1, shown.length - 1));
			break;
		case 'ArrowUp':
			ev.preventDefault();
			if (isOpen() && shown.length)
				setActive(Math.max(active - 1, 0));
			break;
		case 'Enter':
			/* Never submits the form from here. */
			ev.preventDefault();
			if (isOpen() && shown.length)
				toggle(shown[Math.max(active, 0)].code);
			else if (!isOpen())
				open();
			break;
		case 'Escape':
			if (isOpen()) {
				ev.preventDefault();
				close();
			} else if (input.value) {
				ev.preventDefault();
				input.value = '';
			}
			break;
		case 'Backspace':
			if (!input.value && chosen().length) {
				ev.preventDefault();
				remove(chosen()[chosen().length - 1]);
			}
			break;
		case 'Tab':
			close();
			break;
		default:
			break;
		}
	});
	/* A tap or click on an option keeps the focus in the search box. */
	list.addEventListener('mousedown', (ev) => ev.preventDefault());
	list.addEventListener('click', (ev) => {
		const li = ev.target.closest('.combo-opt');

		if (li) {
			toggle(li.dataset.code);
			input.focus();
		}
	});
	input.addEventListener('blur', () => {
		setTimeout(() => {
			if (document.activeElement !== input)
				close();
		}, 150);
	});

	return {
		load(countries) {
			setItems(countries);
			/* Codes chosen before the list came (none so far). */
			state.countries = chosen().filter((c) => byCode(c));
			renderChips();
		},
		items: () => items,
	};
}

const picker = countryPicker({
	input: $('#f-country'), list: $('#f-country-list'),
	chips: $('#f-country-chips'), count: $('#f-country-count'),
	live: $('#f-country-live'),
	onChange: () => {
		clearError($('#f-country'));
		for (const sel of $$('#rights-list select[data-sub="country"]'))
			fillRightCountries(sel);
	},
});

/* ---- IP types ---------------------------------------------------------- */

function fillIpTypes(types) {
	$('#ip-types').replaceChildren(...types.map((t) => {
		const id = `f-ip-${t.code}`;

		return h('label', {class: 'check check-small', for: id},
		    h('input', {type: 'checkbox', id, name: 'ip_types',
			value: t.code}),
		    h('span', {}, t.zh));
	}));
}

/* ---- rights rows ------------------------------------------------------- */

/* Where a right is registered: China (sent as no country) first, then the
 * target countries, then the rest. */
function fillRightCountries(sel) {
	const keep = sel.value;
	const all = picker.items();
	const targets = state.countries.map((c) => all.find((x) => x.code === c))
	    .filter(Boolean);
	const rest = all.filter((x) => !state.countries.includes(x.code));
	const opt = (x) => h('option', {value: x.code}, `${x.zh}（${x.code}）`);

	sel.replaceChildren(h('option', {value: ''}, '中国'),
	    targets.length ? h('optgroup', {label: '目标国家（地区）'},
		targets.map(opt)) : null,
	    rest.length ? h('optgroup', {label: '其他国家（地区）'}, rest.map(opt)) :
		null);
	sel.value = keep && [...sel.options].some((o) => o.value === keep) ?
	    keep : '';
}

function renumberRights() {
	const rows = $$('#rights-list > li');

	rows.forEach((li, i) => {
		$('.row-title', li).textContent = `权利 ${i + 1}`;
		$('.remove-right', li).setAttribute('aria-label', `删除权利 ${i + 1}`);
	});
	$('#add-right').disabled = rows.length >= MAX_RIGHTS;
}

function addRight(focus) {
	const n = ++state.rightSeq;
	const tid = `f-right-${n}-type`, cid = `f-right-${n}-country`;
	const nid = `f-right-${n}-number`;
	const type = h('select', {id: tid, 'data-sub': 'type'},
	    h('option', {value: ''}, '请选择'));
	const country = h('select', {id: cid, 'data-sub': 'country'});
	const num = h('input', {type: 'text', id: nid, 'data-sub': 'number',
	    maxlength: 100, autocomplete: 'off', spellcheck: 'false',
	    autocapitalize: 'characters'});
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
		    h('label', {for: cid},
			h('span', {class: 'lt'}, '注册国家（地区）')),
		    country)),
	    h('div', {class: 'field'},
		h('label', {for: nid}, h('span', {class: 'lt'}, '权利编号')),
		num));

	if (state.enums)
		fillSelect(type, state.enums.right_types);
	fillRightCountries(country);
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

/* ---- the request body ---------------------------------------------------- */

function buildBody() {
	const b = pick({
		aid_type: v('f-aid_type'),
		opposing_party: v('f-opposing'),
		forum: v('f-forum'),
		deadline: v('f-deadline'),
		/* "500,000" and "500 000" are 500000; the rest the API checks. */
		amount_at_stake: v('f-amount').replace(/[,，\s]/g, ''),
		description: v('f-description'),
	});

	b.enterprise = pick({name: v('f-e-name'),
	    uscc: v('f-e-uscc').toUpperCase(), size: v('f-e-size'),
	    industry: v('f-e-industry')});
	b.contact = pick({name: v('f-c-name'), phone: v('f-c-phone'),
	    email: v('f-c-email')});
	b.countries = [...state.countries];
	b.ip_types = $$('#ip-types input:checked').map((c) => c.value);
	b.insured = $('#f-insured').checked;

	/* Rows without a number are left out; the rows sent get the JSON
	 * paths the API will use for their errors. */
	const rights = [];

	for (const li of $$('#rights-list > li')) {
		const t = $('[data-sub="type"]', li);
		const c = $('[data-sub="country"]', li);
		const n = $('[data-sub="number"]', li);
		const row = pick({type: t.value, country: c.value,
		    number: n.value.trim()});

		if (!row.number && !row.type) {
			for (const el of [li, t, c, n])
				el.removeAttribute('data-field');
			continue;
		}
		const p = `rights[${rights.length}]`;
		li.dataset.field = p;
		t.dataset.field = `${p}.type`;
		c.dataset.field = `${p}.country`;
		n.dataset.field = `${p}.number`;
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

	/* One key per request, kept until it is filed: a double tap, a retry
	 * after a lost answer or a corrected body (a 4xx answer is not kept
	 * by the server) files once. */
	if (!state.key)
		state.key = newKey();
	setBusy(true, '正在提交，请稍候……');
	const res = await call('POST', API_BASE, {json: body,
	    headers: {'Idempotency-Key': state.key}});
	setBusy(false);

	if (res.ok && res.data && res.data.no) {
		state.key = null;
		showReceipt(res.data);
		uploadAll(res.data.no, res.data.access_code);
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

/* ---- the receipt ------------------------------------------------------------ */

function showReceipt(d) {
	$('#r-no').textContent = d.no;
	$('#r-code').textContent = d.access_code;
	$('#r-status').textContent = d.status_label || d.status;
	$('#r-priority').replaceChildren(priorityLine(state.enums, d.priority));
	$('#r-deadline').textContent = deadlineText(d);
	$('#r-received').textContent = fmtTime(d.received_at);
	$('#r-due').replaceChildren(h('span', {}, dueText(d.due)),
	    h('span', {class: 'hint'}, '在此日期前决定是否受理'));
	$('#status-link').href = `/status.html?no=${encodeURIComponent(d.no)}`;
	$('#r-evidence-none').hidden = state.files.length > 0;

	form.hidden = true;
	alertBox.hidden = true;
	$('#page-lead').hidden = true;
	$('#page-title').textContent = '援助申请回执';
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
	const res = await upload(no, code, job, {base: API_BASE});

	$$('.sha, .sha-label, .retry', item.li).forEach((e) => e.remove());
	if (res.ok) {
		item.st.className = 'state-ok';
		item.st.textContent = res.file.duplicate ?
		    '已存证（与本申请已有文件相同）' : '已存证';
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
		    `材料文件已全部上传，共 ${jobs.length} 个，SHA\u2011256 电子存证如下。`;
		status.className = bad ? 'alert alert-error' : 'alert alert-ok';
	};
	const guard = (ev) => {
		ev.preventDefault();
		ev.returnValue = '';
	};
	window.addEventListener('beforeunload', guard);
	let i = 0;
	for (const j of jobs) {
		status.textContent = `正在上传材料文件（${++i}/${jobs.length}）……`;
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
		fillSelect($('#f-e-size'), e.enterprise_sizes);
		fillSelect($('#f-aid_type'), e.aid_types);
		fillIpTypes(e.ip_types);
		picker.load(e.countries || []);
		for (const sel of $$('#rights-list select[data-sub="type"]')) {
			const keep = sel.value;
			fillSelect(sel, e.right_types);
			sel.value = keep;
		}
		for (const sel of $$('#rights-list select[data-sub="country"]'))
			fillRightCountries(sel);
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

/* Today in Beijing time, whatever the phone's zone: the API's "today". */
function beijingToday() {
	return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function init() {
	$('#submit-btn').disabled = true;
	$('#f-deadline').min = beijingToday();
	addRight(false);
	$('#add-right').addEventListener('click', () => addRight(true));
	$('#f-files').addEventListener('change', files.add);
	$('#print-btn').addEventListener('click', () => window.print());
	/* An error goes away once its input is changed. */
	fe.clearOnEdit('#f-files');
	form.addEventListener('submit', submit);
	loadOptions();
}

init();
