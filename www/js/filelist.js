/*
 * filelist.js -- the evidence files of a form before it is sent: the list
 * under the file input (#f-files, #file-list) with a remove button per
 * file, and each file's problem (type, size, count) shown next to it.
 * The files stay in state.files; the form uploads them once its case
 * exists.
 */
import {$, $$, h, checkFiles, describedBy, fmtBytes} from './common.js';

/*
 * The list for state ({files, enums}), what naming the files in the
 * error summary ("证据材料"), clearError the form's own (fielderrors.js).
 * Returns {add, render, errors}: add() takes the input's files, render()
 * redraws, errors(summary) marks bad files and returns the summary's
 * {el, text} items (summary: the form is being sent).
 */
export function fileList(state, what, clearError) {
	const input = $('#f-files');

	function render() {
		$('#file-list').replaceChildren(...state.files.map((f, i) =>
		    h('li', {},
		    h('span', {class: 'file-name'}, f.name),
		    h('span', {class: 'file-size'}, fmtBytes(f.size)),
		    h('button', {type: 'button', class: 'btn btn-small btn-danger',
			'aria-label': `移除 ${f.name}`, onclick: () => {
			    state.files.splice(i, 1);
			    render();
			    input.focus();
			}}, '移除'))));
		clearError(input);
	}

	function errors(summary) {
		const errs = checkFiles(state.files,
		    state.enums && state.enums.evidence);
		const items = [];

		$$('#file-list > li').forEach((li, i) => {
			const id = `f-files-err-${i}`;

			li.classList.toggle('bad', !!errs[i]);
			$$('.field-error', li).forEach((e) => e.remove());
			describedBy(input, id, !!errs[i]);
			if (errs[i]) {
				li.append(h('p', {class: 'field-error', id},
				    errs[i]));
				items.push({el: input, text:
				    `${what}“${state.files[i].name}”：${errs[i]}`});
			}
		});
		if (items.length)
			input.setAttribute('aria-invalid', 'true');
		else if (!summary)
			input.removeAttribute('aria-invalid');
		return items;
	}

	function add() {
		state.files.push(...input.files);
		input.value = '';
		render();
		errors(false);
	}

	return {add, render, errors};
}
