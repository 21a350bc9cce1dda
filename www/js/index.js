/*
 * index.js -- the landing page: the time limits in force, from
 * GET /api/v1/meta/enums (they are configuration, not constants).
 */
import {$, h, loadEnums} from './common.js';

const TEXTS = [
	['complaint_accept', '投诉：自收到之日起 {n}内决定是否受理'],
	['report_decide', '举报：自收到之日起 {n}内核查并决定是否立案'],
	['reporter_notify', '实名举报：作出决定后 {n}内告知举报人'],
	['fast_track', '快速处理（展会等简易案件）：{n}内答复，展会案件在展会结束前答复'],
	['complaint_mediation', '投诉调解：{n}内未达成协议的终止调解'],
	['mediation_accept', '调解申请：自收到之日起 {n}内决定是否受理'],
	['mediation_consent', '征询被申请人意见：{n}内未答复的，视为不同意调解'],
	['aid_accept', '海外维权援助：自收到之日起 {n}内决定是否受理'],
];

function amount(l) {
	return `${l.amount} 个${l.unit === 'working_days' ? '工作日' : '自然日'}`;
}

async function main() {
	const list = $('#limits');

	try {
		const e = await loadEnums();
		const lim = e.time_limits || {};

		list.replaceChildren(...TEXTS.filter(([k]) => lim[k]).map(([k, t]) =>
		    h('li', {}, t.replace('{n}', amount(lim[k])))));
	} catch (err) {
		list.replaceChildren(h('li', {}, '办理时限暂时无法加载，请稍后刷新。'));
	}
}

main();
