/*
 * common.js -- shared by the pages of the public web form: calls to the
 * ipdesk API (problem+json errors, Idempotency-Key, evidence uploads),
 * the value lists of GET /api/v1/meta/enums, and small DOM helpers.
 *
 * Every text is put in the page with textContent, never as HTML.
 */

export const API = '/api/v1';

/* ---- DOM --------------------------------------------------------------- */

/* h('p', {class: 'x', hidden: true}, 'text', child...) */
export function h(tag, attrs, ...children) {
	const e = document.createElement(tag);

	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === null || v === undefined || v === false)
			continue;
		if (k === 'class')
			e.className = v;
		else if (k === 'text')
			e.textContent = v;
		else if (k.startsWith('on') && typeof v === 'function')
			e.addEventListener(k.slice(2), v);
		else if (v === true)
			e.setAttribute(k, '');
		else
			e.setAttribute(k, String(v));
	}
	for (const c of children.flat()) {
		if (c === null || c === undefined || c === false)
			continue;
		e.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return e;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/* Adds or removes one id in an element's aria-describedby. */
export function describedBy(el, id, on) {
	const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/)
	    .filter((x) => x && x !== id);

	if (on)
		ids.push(id);
	if (ids.length)
		el.setAttribute('aria-describedby', ids.join(' '));
	else
		el.removeAttribute('aria-describedby');
}

/* ---- formatting ---------------------------------------------------------- */

/* Copies the non-empty values of o (a request body without blanks). */
export function pick(o) {
	const r = {};

	for (const [k, x] of Object.entries(o))
		if (x !== '' && x !== undefined && x !== null)
			r[k] = x;
	return r;
}

export function fmtBytes(n) {
	if (n < 1024)
		return `${n} 字节`;
	const one = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

	if (n < 1024 * 1024)
		return `${one(n / 1024)} KB`;
	return `${one(n / 1024 / 1024)} MB`;
}

/* "2026-11-22T02:17:39.440+08:00" -> "2026-11-22 02:17", in the time
 * zone the server wrote (Beijing time), whatever the phone's zone. */
export function fmtTime(iso) {
	const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso || '');

	return m ? `${m[1]} ${m[2]}` : (iso || '');
}

/* ---- keys -------------------------------------------------------------- */

/* A random UUID; crypto.randomUUID needs a secure context, so build one
 * from getRandomValues where it is missing. */
export function newKey() {
	if (window.crypto && typeof crypto.randomUUID === 'function')
		return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));

	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
	return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-` +
	    `${x.slice(16, 20)}-${x.slice(20)}`;
}

/* ---- API --------------------------------------------------------------- */

/*
 * One call.  Resolves to {ok, status, data, problem, retryAfter}; a
 * network failure resolves to {ok: false, status: 0, network: true}.
 * Errors are RFC 9457 problem details; any other error body is turned
 * into one.
 */
export async function call(method, path, {json, body, headers} = {}) {
	const hdrs = {'Accept': 'application/json, application/problem+json',
	    'Accept-Language': 'zh-CN', ...(headers || {})};
	let resp;

	if (json !== undefined) {
		hdrs['Content-Type'] = 'application/json';
		body = JSON.stringify(json);
	}
	try {
		resp = await fetch(API + path, {method, headers: hdrs, body,
		    cache: 'no-store', credentials: 'same-origin'});
	} catch (e) {
		return {ok: false, status: 0, network: true, problem: {
		    title: '网络连接失败',
		    detail: '无法连接到服务器，请检查网络后重试。'}};
	}
	const ct = resp.headers.get('Content-Type') || '';
	let data = null;

	if (/json/.test(ct)) {
		try {
			data = await resp.json();
		} catch (e) {
			data = null;
		}
	}
	const out = {ok: resp.ok, status: resp.status, data,
	    retryAfter: Number(resp.headers.get('Retry-After')) || 0,
	    location: resp.headers.get('Location')};

	if (!resp.ok)
		out.problem = data && typeof data === 'object' ? data :
		    {status: resp.status, title: statusTitle(resp.status),
		    detail: ''};
	return out;
}

function statusTitle(status) {
	if (status === 413)
		return '内容过大';
	if (status === 429)
		return '请求过于频繁';
	if (status >= 500)
		return '服务暂不可用';
	return `请求失败（${status}）`;
}

/* A sentence for a problem that is not about fields. */
export function problemText(res) {
	const p = res.problem || {};
	let s = p.title || statusTitle(res.status);

	if (p.detail)
		s += `：${p.detail}`;
	if (res.status === 429 && res.retryAfter)
		s += `（请约 ${Math.ceil(res.retryAfter / 60)} 分钟后再试）`;
	return s;
}

let enumsPromise = null;

/* The value lists, once per page. */
export function loadEnums() {
	if (!enumsPromise)
		enumsPromise = call('GET', '/meta/enums').then((r) => {
			if (!r.ok || !r.data) {
				enumsPromise = null;
				throw new Error(problemText(r));
			}
			return r.data;
		});
	return enumsPromise;
}

/* Label of a code in a value list ("patent" -> "专利"). */
export function label(enums, list, code) {
	if (!code)
		return '';
	const v = (enums && enums[list] || []).find((x) => x.code === code);

	return v ? v.zh : code;
}

/* Fills a <select> from a value list after its placeholder options. */
export function fillSelect(sel, items) {
	for (const it of items)
		sel.append(h('option', {value: it.code}, it.zh));
}

/* ---- evidence ------------------------------------------------------------ */

const enc = new TextEncoder();

/* A file name as a multipart quoted-string: no CR/LF, '"' and '\' escaped. */
function quoted(name) {
	return name.replace(/[\r\n]+/g, ' ').replace(/[\\"]/g, '\\$&');
}

/*
 * The multipart body of one file, built by hand so that a retry sends the
 * very same bytes (the boundary is fixed per upload) with the same
 * Idempotency-Key: FormData would pick a new boundary each time.
 */
function multipartBody(file, boundary) {
	const head = `--${boundary}\r\nContent-Disposition: form-data; ` +
	    `name="file"; filename="${quoted(file.name || 'file')}"\r\n` +
	    `Content-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`;

	return new Blob([enc.encode(head), file,
	    enc.encode(`\r\n--${boundary}--\r\n`)]);
}

/*
 * One upload job: {file, key, boundary}.  Uploads job.file to the case,
 * retrying network failures, 429 and 5xx a few times with the same key
 * and bytes.  Resolves to {ok, file: {sha256, size, type, filename,
 * duplicate}} or {ok: false, message}.  base: the API path of the kind of
 * case ('/complaints', or '/overseas-aid' for an aid request).
 */
export function uploadJob(file) {
	return {file, key: newKey(), boundary: 'ipdesk-' + newKey()};
}

export async function upload(no, code, job,
    {tries = 3, base = '/complaints'} = {}) {
	let res;

	for (let i = 0; i < tries; i++) {
		if (i > 0)
			await new Promise((r) => setTimeout(r,
			    Math.min(res.retryAfter || 0, 10) * 1000 + 800 * i));
		res = await call('POST',
		    `${base}/${encodeURIComponent(no)}/evidence`, {
		    body: multipartBody(job.file, job.boundary),
		    headers: {
			'Content-Type':
			    `multipart/form-data; boundary=${job.boundary}`,
			'X-Access-Code': code,
			'Idempotency-Key': job.key}});
		if (res.ok && res.data && res.data.files && res.data.files[0])
			return {ok: true, file: res.data.files[0]};
		if (!(res.network || res.status === 429 || res.status >= 500))
			break;
	}
	const errs = res.problem && res.problem.errors;

	return {ok: false, status: res.status, message: errs && errs.length ?
	    errs.map((e) => e.message).join('；') : problemText(res)};
}

/* Checks files before anything is sent: empty, too large, too many.
 * Returns a message per file (or null) in the same order. */
export function checkFiles(files, limits, already = 0) {
	const max = limits && limits.max_bytes || 20 * 1024 * 1024;
	const per = limits && limits.max_files_per_case || 50;

	return files.map((f, i) => {
		if (f.size === 0)
			return '文件为空';
		if (f.size > max)
			return `文件超过 ${fmtBytes(max)} 的上限（本文件 ` +
			    `${fmtBytes(f.size)}）`;
		if (already + i >= per)
			return `每个案件最多 ${per} 个证据文件`;
		return null;
	});
}

/* Downloads one evidence file of a case (the access code goes in a
 * header, so a plain link cannot do it); base as for upload. */
export async function download(no, code, ev, base = '/complaints') {
	let resp;

	try {
		resp = await fetch(`${API}${base}/${encodeURIComponent(no)}` +
		    `/evidence/${ev.sha256}`, {headers: {'X-Access-Code': code},
		    cache: 'no-store'});
	} catch (e) {
		return '网络连接失败，请稍后重试。';
	}
	if (!resp.ok)
		return `下载失败（${resp.status}）`;
	const url = URL.createObjectURL(await resp.blob());
	const a = h('a', {href: url, download: ev.filename || 'evidence'});

	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10000);
	return null;
}

/* What goes with a due date besides its state: working days left, and
 * whether the year's holiday schedule is still provisional. */
export function dueNotes(d) {
	const parts = [];

	if (typeof d.working_days_left === 'number' &&
	    (d.state === 'on_time' || d.state === 'warning'))
		parts.push(`剩余 ${d.working_days_left} 个工作日`);
	if (d.provisional)
		parts.push('日历暂定：该年度节假日安排尚未公布');
	return parts;
}

/* The due date of a case as one line: "2026-12-01（正常，剩余 7 个工作日）". */
export function dueText(d) {
	if (!d || !d.date)
		return '—';
	return `${d.date}（${[d.state_label || d.state, ...dueNotes(d)]
	    .join('，')}）`;
}

/* ---- overseas aid ------------------------------------------------------- */

/* What the priority of an aid request means for the enterprise. */
const PRIORITY_NOTES = {
	urgent: '关键境外期限临近，将优先审查和指派专家',
	high: '优先安排（期限较近，或属于小型、微型企业）',
	normal: '按提交顺序安排',
};

/* The priority of an aid request ("urgent") as a badge and a note. */
export function priorityLine(enums, code) {
	return h('span', {class: 'due-line'},
	    h('span', {class: `badge prio-${code}`},
		label(enums, 'priorities', code) || code),
	    PRIORITY_NOTES[code] ? h('span', {class: 'hint'},
		PRIORITY_NOTES[code]) : null);
}

/* The key foreign deadline of an aid request as one line:
 * "2026-12-01（还有 9 天）". */
export function deadlineText(d) {
	const n = d.days_to_deadline;

	if (!d.deadline)
		return '未填写';
	if (d.deadline_passed)
		return `${d.deadline}（已过期）`;
	if (typeof n !== 'number')
		return d.deadline;
	return `${d.deadline}（${n === 0 ? '今天到期' : `还有 ${n} 天`}）`;
}
