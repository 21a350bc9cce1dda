/*
 * fielderrors.js -- the field errors of a form, shared by the complaint
 * form (file.js) and the mediation application (mediate.js).
 *
 * The API names each error by the JSON path of its field
 * ("respondent.uscc", "rights[2].number").  Every control and group of a
 * form carries the path it fills in data-field; an error is shown under
 * its control (or at the head of its group) with aria-describedby and
 * aria-invalid, and all of them are listed, as links, in an alert at the
 * top of the page.
 *
 * A label in the summary is the control's <label> (its .lt part), with
 * the prefix of the nearest [data-label-prefix] ancestor ("申请人 ·
 * 证件号码"), or of its rights row.
 */
import {$, $$, h, describedBy, problemText} from './common.js';

/*
 * fieldErrors(form, alertBox, {names, keep}):
 *   names  texts of paths that have no element of their own
 *   keep   a selector of error lists managed elsewhere (clearAll leaves
 *          the errors inside it alone)
 */
export function fieldErrors(form, alertBox, {names = {}, keep = null} = {}) {
	/* The element a JSON path belongs to: the control with that
	 * data-field, else the nearest enclosing path ("rights[3].number" ->
	 * "rights[3]" -> "rights"); visible elements first. */
	function elementFor(path) {
		for (let p = path; p; ) {
			const all = $$(`[data-field="${CSS.escape(p)}"]`, form);
			const el = all.find((e) => !e.closest('[hidden]')) || null;

			if (el)
				return el;
			const m = /^(.*)(\.[^.[\]]+|\[\d+\])$/.exec(p);
			p = m ? m[1] : '';
		}
		return null;
	}

	function prefixOf(el) {
		const row = el.closest('.right-row');

		if (row)
			return $('.row-title', row).textContent;
		const box = el.parentElement &&
		    el.parentElement.closest('[data-label-prefix]');
		return box ? box.dataset.labelPrefix : '';
	}

	function labelText(el) {
		let t;

		if (el.matches('fieldset')) {
			const lg = $('legend', el);
			t = lg ? lg.textContent.replace(/[*（(].*$/, '').trim() : '';
		} else if (el.matches('li'))
			return $('.row-title', el).textContent;
		else {
			const lab = el.id &&
			    $(`label[for="${CSS.escape(el.id)}"] .lt`);
			t = lab ? lab.textContent : el.name || el.id;
		}
		const pre = prefixOf(el);
		return pre && !t.startsWith(pre) ? `${pre} · ${t}` : t;
	}

	/* The <p> under a control (or at the head of a group) for its
	 * errors. */
	function errorEl(el) {
		const id = `${el.id}-error`;
		let p = document.getElementById(id);

		if (!p) {
			if (el.matches('fieldset, li')) {
				p = h('p', {class: 'group-error', id});
				const head = $(':scope > legend, :scope > .row-head',
				    el);
				head ? head.after(p) : el.prepend(p);
			} else {
				/* Right under the control (under the picker's
				 * label for a file input). */
				p = h('p', {class: 'field-error', id});
				const after = el.matches('.file-input') ?
				    el.nextElementSibling : el;
				after.after(p);
			}
		}
		return p;
	}

	function setError(el, msg) {
		if (!el.id)
			el.id = `x-${Math.random().toString(36).slice(2)}`;
		const p = errorEl(el);

		p.textContent = p.hidden || !p.textContent ? msg :
		    `${p.textContent}；${msg}`;
		p.hidden = false;
		describedBy(el, p.id, true);
		if (el.matches('input, select, textarea'))
			el.setAttribute('aria-invalid', 'true');
		else
			el.classList.add('has-error');
	}

	function clearError(el) {
		const p = el.id && document.getElementById(`${el.id}-error`);

		if (p) {
			p.hidden = true;
			p.textContent = '';
			describedBy(el, p.id, false);
		}
		el.removeAttribute('aria-invalid');
		el.classList.remove('has-error');
	}

	function clearAll() {
		for (const el of $$('[aria-invalid], .has-error', form))
			clearError(el);
		for (const p of $$('.field-error, .group-error', form))
			if (!(keep && p.closest(keep)))
				p.hidden = true;
		alertBox.hidden = true;
		alertBox.replaceChildren();
	}

	/* What can take the focus for an element of the summary. */
	function focusTarget(el) {
		if (el.matches('input, select, textarea, button'))
			return el;
		return $('input:not([type=hidden]), select, textarea, button',
		    el) || el;
	}

	function showAlert(...children) {
		alertBox.replaceChildren(...children);
		alertBox.hidden = false;
		alertBox.focus();
	}

	/* A 422 answer: each error beside its control, and all of them on
	 * top.  extra: more {el, text} items found before sending. */
	function show(errors, extra = []) {
		const items = [...extra];

		for (const e of errors) {
			const el = elementFor(e.field || '');

			if (el) {
				setError(el, e.message);
				items.push({el, text: `${labelText(el)}：${e.message}`});
			} else
				items.push({el: null, text: `${names[e.field] ||
				    e.field}：${e.message}`});
		}
		/* In the order of the form, the unplaced ones last. */
		items.sort((a, b) => !a.el ? 1 : !b.el ? -1 : a.el === b.el ? 0 :
		    a.el.compareDocumentPosition(b.el) &
		    Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
		showAlert(
		    h('h2', {}, `提交内容有误，请修改以下 ${items.length} 处：`),
		    h('ul', {}, items.map((it) => h('li', {}, it.el ?
			h('a', {href: `#${focusTarget(it.el).id}`,
			    onclick: (ev) => {
				ev.preventDefault();
				const t = focusTarget(it.el);
				t.scrollIntoView({block: 'center'});
				t.focus();
			    }}, it.text) : it.text))));
	}

	function showProblem(res, hint) {
		showAlert(h('h2', {}, '提交未成功'), h('p', {}, problemText(res)),
		    hint ? h('p', {}, hint) : null);
	}

	/* An error goes away once its control is changed; ignore: controls
	 * whose errors are managed elsewhere. */
	function clearOnEdit(ignore) {
		const onEdit = (ev) => {
			const el = ev.target;

			if (el.matches && el.matches('[aria-invalid]') &&
			    !(ignore && el.matches(ignore)))
				clearError(el);
			const group = el.closest && el.closest('.has-error');
			if (group)
				clearError(group);
		};
		form.addEventListener('input', onEdit);
		form.addEventListener('change', onEdit);
	}

	return {elementFor, setError, clearError, clearAll, show, showAlert,
	    showProblem, clearOnEdit};
}
