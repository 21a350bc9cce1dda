/*
 * form.test.mjs -- the public web form (www/) in headless Chromium on a
 * phone-sized screen, against a running stack (nginx + ipdesk-fcgi +
 * MariaDB), as a person would use it.
 *
 *   IPDESK_URL          base URL of the stack (default http://127.0.0.1:8080)
 *   IPDESK_SCREENSHOTS  where screenshots go (default ./screenshots)
 *   IPDESK_CHROMIUM     the browser (default Debian's /usr/bin/chromium)
 *   IPDESK_ADMIN        the admin program (creates the staff accounts that
 *                       move cases along for tests 9-13, 16 and 20,
 *                       the mediator of test 16 and the aid expert of
 *                       test 20; IPDESK_CONFIG names its configuration)
 *
 * Run from tests/browser: node --test --test-reporter=tap
 */
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {createHash, randomBytes, randomUUID} from 'node:crypto';
import {mkdirSync, readdirSync, rmSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {chromium} from 'playwright-core';

const BASE = (process.env.IPDESK_URL || 'http://127.0.0.1:8080')
    .replace(/\/+$/, '');
const SHOTS = path.resolve(process.env.IPDESK_SCREENSHOTS || 'screenshots');
const CHROMIUM = process.env.IPDESK_CHROMIUM || '/usr/bin/chromium';
const PHONE = {width: 375, height: 812};
const T = {timeout: 90_000};

/* Test data that the API's checks accept. */
const ID_NUMBER = '11010519491231002X';	/* GB 11643 check digit */
const PHONE_NO = '13812345678';
const USCC = '91350100M000100Y43';	/* GB 32100 check character */
const BAD_USCC = '91350100M000100Y44';
const PATENT = 'ZL202310123456.6';	/* check digit 6 */

/* Access codes avoid 0/O and 1/I/L. */
const CODE_RE = /^[2-9A-HJKMNP-Z]{8}$/;

let browser;
/* The complaint test 1 files; tests 2 and 6 look it up. */
const filed = {};

before(async () => {
	mkdirSync(SHOTS, {recursive: true});
	for (const f of readdirSync(SHOTS))
		if (/^FAIL-.*\.png$/.test(f))
			rmSync(path.join(SHOTS, f));
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless=new', '--no-sandbox', '--disable-gpu',
		    '--disable-quic', '--no-first-run',
		    '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
});

after(async () => {
	if (browser)
		await browser.close();
});

/* A small PDF, different on every run. */
function pdf(note) {
	const text = `ipdesk browser test ${note} ${Date.now()} ${Math.random()}`;
	return Buffer.from('%PDF-1.4\n' +
	    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
	    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
	    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >> ' +
	    'endobj\n' + `% ${text}\n` +
	    'trailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
}

const sha256 = (b) => createHash('sha256').update(b).digest('hex');

/* YYYY-MM-DD in Beijing time, n days from today. */
function beijingDay(n = 0) {
	return new Date(Date.now() + 8 * 3600_000 + n * 86400_000)
	    .toISOString().slice(0, 10);
}

/*
 * Runs fn(page, ctx) in a fresh phone-sized browser context.  Any script
 * error or Content-Security-Policy violation fails the test; a failing
 * test leaves a screenshot FAIL-<name>.png.
 */
async function onPhone(name, fn) {
	const context = await browser.newContext({
		viewport: PHONE, deviceScaleFactor: 1, isMobile: true,
		hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
	});
	const page = await context.newPage();
	const problems = [];

	page.setDefaultTimeout(20_000);
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error' &&
		    /Content.Security.Policy|Refused to/i.test(m.text()))
			problems.push(`console: ${m.text()}`);
	});
	try {
		await fn(page, context);
		assert.deepEqual(problems, [], 'no script errors or CSP violations');
	} catch (e) {
		await page.screenshot({path: path.join(SHOTS, `FAIL-${name}.png`),
		    fullPage: true}).catch(() => {});
		throw e;
	} finally {
		await context.close();
	}
}

async function shot(page, name) {
	await page.screenshot({path: path.join(SHOTS, `${name}.png`),
	    fullPage: true});
}

/* The control a visible label names; a required field's label ends in
 * an asterisk. */
const field = (page, name) => page.getByLabel(new RegExp(
    `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`));

async function noSideways(page) {
	const w = await page.evaluate(() =>
	    document.documentElement.scrollWidth);
	assert.ok(w <= PHONE.width, `page fits a 375px screen (is ${w}px wide)`);
}

/* Waits until the value lists are in the selects. */
async function formReady(page) {
	await page.getByRole('button', {name: /^提交(投诉|举报)$/})
	    .and(page.locator(':enabled')).waitFor();
	assert.ok(await field(page, '侵权行为发生地（区县）').locator('option')
	    .count() > 1, 'districts loaded from meta/enums');
}

/* The case fields common to the tests; returns the district's label. */
async function fillCase(page, {ipType, scene, title, description =
    '2026年10月起，该店铺公开销售带有与本人注册商标相同标志的运动鞋，价格明显' +
    '低于正品，包装粗糙。已保存购买凭证和实物照片。'}) {
	await field(page, '知识产权类型').selectOption({label: ipType});
	await field(page, '侵权发生场景').selectOption({label: scene});
	if (title !== undefined)
		await field(page, '标题').fill(title);
	await field(page, '事实与理由').fill(description);
	const district = field(page, '侵权行为发生地（区县）');
	const label = (await district.locator('option').nth(2).textContent())
	    .trim();
	await district.selectOption({label});
	return label;
}

async function fillIdentity(page, {phone = PHONE_NO} = {}) {
	await field(page, '姓名或单位名称').fill('张三丰');
	await field(page, '证件类型').selectOption({label: '居民身份证'});
	await field(page, '证件号码').fill(ID_NUMBER);
	await field(page, '手机号码').fill(phone);
	await field(page, '电子邮箱（选填）').fill('zhangsf@example.cn');
}

async function fillRespondent(page, {uscc = USCC} = {}) {
	await field(page, '名称或姓名').fill('惠州市某某商贸有限公司');
	await field(page, '统一社会信用代码（选填）').fill(uscc);
	await field(page, '地址（选填）').fill('惠城区某某路 8 号');
}

/* The first rights row. */
async function fillRight(page, type, number) {
	const row = page.locator('#rights-list > li').first();
	await row.getByLabel('权利类型').selectOption({label: type});
	await row.getByLabel('权利编号').fill(number);
}

/* Every POST to /api/v1/complaints: {status, key, body}. */
function watchFiling(page) {
	const seen = [];

	page.on('request', (r) => {
		if (r.method() === 'POST' &&
		    new URL(r.url()).pathname === '/api/v1/complaints')
			seen.push({key: r.headers()['idempotency-key'],
			    body: r.postDataJSON(), request: r});
	});
	page.on('response', (r) => {
		const s = seen.find((x) => x.request === r.request());
		if (s)
			s.status = r.status();
	});
	return seen;
}

/*
 * The error shown for a control: the element its aria-describedby names
 * that holds a field error, checked to sit in the control's own field.
 */
async function errorOf(control) {
	return control.evaluate((el) => {
		const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/);
		const err = ids.map((id) => document.getElementById(id))
		    .find((e) => e && e.matches('.field-error, .group-error'));
		if (!err)
			return null;
		const box = el.closest('.field, fieldset');
		return {text: err.textContent,
		    visible: !!(err.offsetWidth || err.offsetHeight) && !err.hidden,
		    sameField: !!box && box.contains(err),
		    invalid: el.getAttribute('aria-invalid')};
	});
}

/* ---- 1 ---------------------------------------------------------------- */

test('1. a complaint with a PDF on a phone: receipt with number, code and SHA-256', T,
    () => onPhone('1-complaint', async (page) => {
	await page.goto(`${BASE}/`);
	await page.getByRole('heading', {name: '知识产权侵权投诉举报'}).waitFor();
	await page.getByText(/投诉：自收到之日起 \d+ 个工作日内决定是否受理/)
	    .waitFor();
	await noSideways(page);
	await shot(page, '01-landing');

	await page.getByRole('link', {name: /我要投诉/}).click();
	await page.waitForURL(/file\.html\?kind=complaint/);
	await formReady(page);
	assert.ok(await page.getByRole('radio', {name: /^投诉/}).isChecked(),
	    'complaint is chosen');
	await page.getByRole('group', {name: '投诉人信息'}).waitFor();
	await noSideways(page);
	await shot(page, '02-form-empty');

	await fillCase(page, {ipType: '商标', scene: '线下实体店',
	    title: '某店铺销售假冒注册商标的运动鞋'});
	await field(page, '处理请求（选填）').fill('责令停止销售侵权商品，没收侵权商品。');
	await fillIdentity(page);
	await fillRespondent(page);
	await fillRight(page, '商标注册号', '12345678');

	const doc = pdf('complaint');
	await field(page, '添加证据文件（可多选）').setInputFiles({
	    name: '购买凭证.pdf', mimeType: 'application/pdf', buffer: doc});
	await page.locator('#file-list').getByText('购买凭证.pdf').waitFor();
	await noSideways(page);
	await shot(page, '03-form-filled');

	const filing = watchFiling(page);
	await page.getByRole('button', {name: '提交投诉'}).click();

	const receipt = page.locator('#receipt');
	await receipt.getByRole('heading', {name: '投诉已提交'}).waitFor();
	const no = (await receipt.locator('#r-no').textContent()).trim();
	const code = (await receipt.locator('#r-code').textContent()).trim();
	assert.match(no, /^TS\d{16}$/, 'tracking number shown');
	assert.match(code, CODE_RE, '8-character access code shown');
	await receipt.getByText('请妥善保存，仅显示一次').waitFor();
	assert.match(await receipt.locator('#r-due').textContent(),
	    /\d{4}-\d{2}-\d{2}（(正常|临期)/, 'due date and its state shown');
	assert.equal((await receipt.locator('#r-status').textContent()).trim(),
	    '已提交');

	/* The evidence is uploaded after filing; its hash is the file's. */
	const item = receipt.locator('#r-evidence li', {hasText: '购买凭证.pdf'});
	await item.getByText('已存证').waitFor();
	const shown = (await item.locator('code').textContent()).trim();
	assert.match(shown, /^[0-9a-f]{64}$/, '64-hex SHA-256 shown');
	assert.equal(shown, sha256(doc), 'the SHA-256 of the file sent');
	await receipt.getByText(/证据文件已全部上传/).waitFor();

	assert.equal(filing.length, 1, 'filed once');
	assert.equal(filing[0].status, 201);
	assert.equal(filing[0].body.channel, 'web');
	assert.ok(filing[0].key, 'an Idempotency-Key was sent');
	assert.equal(await page.locator('#case-form').isVisible(), false,
	    'the form gives way to the receipt');
	await noSideways(page);
	await shot(page, '04-receipt');

	Object.assign(filed, {no, code, sha: shown, file: '购买凭证.pdf'});
}));

/* ---- 2 ---------------------------------------------------------------- */

test('2. the status page shows the case with masked personal data', T,
    () => onPhone('2-status', async (page) => {
	assert.ok(filed.no, 'test 1 filed a complaint to look up');
	await page.goto(`${BASE}/status.html?no=${filed.no}`);
	assert.equal(await field(page, '受理编号').inputValue(), filed.no,
	    'tracking number taken from the link');
	await field(page, '查询码').fill(filed.code.toLowerCase());
	await page.getByRole('button', {name: '查询'}).click();

	const c = page.locator('#case');
	await c.getByRole('heading', {name: '案件办理情况'}).waitFor();
	assert.equal((await c.locator('#c-no').textContent()).trim(), filed.no);
	assert.equal((await c.locator('#c-status').textContent()).trim(),
	    '已提交');
	assert.match(await c.locator('#c-due').textContent(),
	    /^\d{4}-\d{2}-\d{2}(正常|临期)/, 'due date with its state');

	const steps = c.locator('#c-timeline li');
	assert.ok(await steps.count() >= 2, 'timeline has the filing and evidence');
	await steps.filter({hasText: '提交'}).first().waitFor();
	await steps.filter({hasText: '补充证据材料'}).first().waitFor();
	assert.match(await steps.first().locator('time').textContent(),
	    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

	const ev = c.locator('#c-evidence li', {hasText: filed.file});
	await ev.waitFor();
	assert.equal((await ev.locator('code').textContent()).trim(), filed.sha);

	const party = c.locator('#c-party');
	await party.getByText('138****5678').waitFor();
	const text = await page.locator('body').innerText();
	assert.ok(!text.includes(PHONE_NO), 'full phone number not shown');
	assert.ok(!text.includes(ID_NUMBER), 'full ID number not shown');
	assert.ok(!text.includes('张三丰'), 'full name not shown');
	assert.match(await party.innerText(), /1101\*+002X/, 'ID number masked');
	await c.getByText('暂无答复意见', {exact: false}).waitFor();
	await noSideways(page);
	await shot(page, '05-status');
}));

/* ---- 3 ---------------------------------------------------------------- */

test('3. field errors from the API appear beside their fields; nothing is filed', T,
    () => onPhone('3-errors', async (page) => {
	await page.goto(`${BASE}/file.html`);
	await formReady(page);
	await fillCase(page, {ipType: '商标', scene: '线下实体店'}); /* no title */
	await fillIdentity(page, {phone: '1381234567'});
	await fillRespondent(page, {uscc: BAD_USCC});
	await fillRight(page, '商标注册号', '12345678');

	const filing = watchFiling(page);
	await page.getByRole('button', {name: '提交投诉'}).click();
	const summary = page.getByRole('alert')
	    .filter({hasText: '提交内容有误'});
	await summary.waitFor();

	const expect = [
		['标题', '此项为必填项'],
		['统一社会信用代码（选填）', '校验位不正确'],
		['手机号码', '应为有效的大陆手机号码'],
	];
	for (const [name, msg] of expect) {
		const e = await errorOf(field(page, name));
		assert.ok(e, `${name}: an error is associated (aria-describedby)`);
		assert.ok(e.text.includes(msg), `${name}: "${e.text}" says ${msg}`);
		assert.ok(e.visible, `${name}: the error is visible`);
		assert.ok(e.sameField, `${name}: the error sits with its field`);
		assert.equal(e.invalid, 'true', `${name}: aria-invalid`);
	}
	/* Fields without errors are left alone. */
	assert.equal(await errorOf(field(page, '证件号码')), null);
	assert.equal(await field(page, '证件号码').getAttribute('aria-invalid'),
	    null);

	const items = summary.locator('li');
	assert.equal(await items.count(), 3, 'three errors summarised');
	const lines = await items.allInnerTexts();
	assert.deepEqual(lines, ['标题：此项为必填项',
	    '手机号码：应为有效的大陆手机号码',
	    '统一社会信用代码：校验位不正确'], 'summary in the order of the form');

	assert.ok(filing.length >= 1 && filing.every((f) => f.status === 422),
	    'the API refused the submission');
	assert.equal(await page.locator('#receipt').isVisible(), false,
	    'no receipt');
	await noSideways(page);
	await shot(page, '06-field-errors');
	await summary.getByRole('link', {name: '标题：此项为必填项'}).click();
	assert.equal(await page.evaluate(() => document.activeElement.id),
	    'f-title', 'the summary link takes the focus to the field');

	/* Corrected, the same submission goes through once. */
	await field(page, '标题').fill('某店铺销售假冒注册商标的运动鞋');
	assert.equal(await errorOf(field(page, '标题')), null,
	    'the error goes once the field is edited');
	await field(page, '手机号码').fill(PHONE_NO);
	await field(page, '统一社会信用代码（选填）').fill(USCC);
	await page.getByRole('button', {name: '提交投诉'}).click();
	await page.locator('#receipt').getByRole('heading', {name: '投诉已提交'})
	    .waitFor();
	assert.equal(filing.filter((f) => f.status === 201).length, 1);
	assert.equal(new Set(filing.map((f) => f.key)).size, 1,
	    'one Idempotency-Key for the submission and its correction');
}));

/* ---- 4 ---------------------------------------------------------------- */

test('4. an anonymous report without identity is filed', T,
    () => onPhone('4-report', async (page) => {
	await page.goto(`${BASE}/`);
	await page.getByRole('link', {name: /我要举报/}).click();
	await page.waitForURL(/file\.html\?kind=report/);
	await formReady(page);
	assert.ok(await page.getByRole('radio', {name: /^举报/}).isChecked(),
	    'report is chosen');
	const who = page.getByRole('group', {name: /实名举报（可选）/});
	await who.waitFor();
	assert.equal(await field(page, '手机号码').getAttribute('required'), null,
	    'identity is optional for a report');
	assert.equal(await who.locator('.req:visible').count(), 0,
	    'no required marks in the identity section');

	await fillCase(page, {ipType: '著作权', scene: '其他网络渠道',
	    title: '某网站未经许可传播他人摄影作品',
	    description: '该网站图集栏目未经许可刊登摄影师王某的 30 余幅风光摄影作品，' +
		'并去除了原作品水印。'});
	await field(page, '店铺网址').waitFor();
	await field(page, '店铺网址').fill('https://shop.example.cn/item/123');
	await field(page, '名称或姓名').fill('某某图片网');
	await noSideways(page);
	await shot(page, '07-report-form');

	const filing = watchFiling(page);
	await page.getByRole('button', {name: '提交举报'}).click();
	const receipt = page.locator('#receipt');
	await receipt.getByRole('heading', {name: '举报已提交'}).waitFor();
	assert.match((await receipt.locator('#r-no').textContent()).trim(),
	    /^JB\d{16}$/);
	assert.match((await receipt.locator('#r-code').textContent()).trim(),
	    CODE_RE);
	await receipt.getByText('请妥善保存，仅显示一次').waitFor();
	await receipt.getByText('未上传证据文件', {exact: false}).waitFor();
	await receipt.getByText('匿名举报不会收到办理告知', {exact: false}).waitFor();
	assert.equal((await receipt.locator('#r-due-label').textContent()).trim(),
	    '核查决定期限');
	assert.equal(filing.length, 1);
	assert.equal(filing[0].body.kind, 'report');
	assert.equal('complainant' in filing[0].body, false,
	    'no identity was sent');
	await noSideways(page);
	await shot(page, '08-report-receipt');
}));

/* ---- 5 ---------------------------------------------------------------- */

test('5. the exhibition scene shows its fields and is fast-tracked', T,
    () => onPhone('5-exhibition', async (page) => {
	await page.goto(`${BASE}/file.html`);
	await formReady(page);
	const scene = field(page, '侵权发生场景');

	assert.equal(await field(page, '展会名称').isVisible(), false,
	    'exhibition fields hidden at first');
	assert.equal(await field(page, '店铺网址').isVisible(), false);
	await scene.selectOption({label: '电商平台'});
	assert.ok(await field(page, '店铺网址').isVisible(), 'shop URL shown');
	assert.ok(await field(page, '电商平台').isVisible(), 'platform shown');
	assert.equal(await field(page, '展会名称').isVisible(), false);

	const end = beijingDay(3);
	await fillCase(page, {ipType: '专利', scene: '展会',
	    title: '展会现场展出侵犯发明专利的产品',
	    description: '被投诉方在展会现场展出并接受订购的智能插座，落入本公司发明' +
		'专利权利要求 1 的保护范围。已拍摄展品照片并取得产品宣传册。'});
	for (const name of ['展会名称', '展位号', '展会结束日期'])
		assert.ok(await field(page, name).isVisible(), `${name} shown`);
	assert.equal(await field(page, '店铺网址').isVisible(), false,
	    'shop fields hidden again');
	await field(page, '展会名称').fill('第十届惠州国际电子博览会');
	await field(page, '展位号').fill('3号馆 B-218');
	await field(page, '展会结束日期').fill(end);
	await fillIdentity(page);
	await fillRespondent(page);
	await fillRight(page, '专利号', PATENT);
	await noSideways(page);
	await shot(page, '09-exhibition-form');

	const filing = watchFiling(page);
	await page.getByRole('button', {name: '提交投诉'}).click();
	const receipt = page.locator('#receipt');
	await receipt.getByRole('heading', {name: '投诉已提交'}).waitFor();
	const fast = receipt.locator('#r-fast');
	await fast.getByText('快速处理').first().waitFor();
	assert.match(await fast.textContent(), /展会快速处理/);
	assert.ok((await fast.textContent()).includes(end),
	    'the exhibition end date is named');
	const due = /(\d{4}-\d{2}-\d{2})/.exec(
	    await receipt.locator('#r-due').textContent());
	assert.ok(due, 'due date shown');
	assert.ok(due[1] <= end, `due ${due[1]} before the exhibition ends ${end}`);
	assert.deepEqual(filing[0].body.exhibition,
	    {name: '第十届惠州国际电子博览会', booth: '3号馆 B-218', end_date: end});
	await noSideways(page);
	await shot(page, '10-exhibition-receipt');
}));

/* ---- 6 ---------------------------------------------------------------- */

test('6. a wrong access code shows a not-found message', T,
    () => onPhone('6-wrong-code', async (page) => {
	const no = filed.no || `TS${beijingDay().replace(/-/g, '')}00000000`;

	await page.goto(`${BASE}/status.html`);
	await field(page, '受理编号').fill(no);
	await field(page, '查询码').fill('WRNG2345');
	await page.getByRole('button', {name: '查询'}).click();
	const alert = page.getByRole('alert').filter({hasText: '未找到该案件'});
	await alert.waitFor();
	await alert.getByText('受理编号或查询码不正确', {exact: false}).waitFor();
	assert.equal(await page.locator('#case').isVisible(), false,
	    'no case shown');
	await noSideways(page);
	await shot(page, '11-status-not-found');
}));

/* ---- 7 ---------------------------------------------------------------- */

test('7. an answer lost on the network and a retry file the case once', T,
    () => onPhone('7-retry', async (page) => {
	await page.goto(`${BASE}/file.html`);
	await formReady(page);
	await fillCase(page, {ipType: '商标', scene: '专业市场',
	    title: '专业市场内销售假冒商标的箱包',
	    description: '某小商品市场 2 楼 218 档口销售带有本公司注册商标的箱包，' +
		'经比对均为假冒。'});
	await fillIdentity(page);
	await fillRespondent(page);
	await fillRight(page, '商标注册号', '87654321');

	/* The first request reaches the server, its answer is dropped. */
	let first = null;
	await page.route('**/api/v1/complaints', async (route) => {
		if (first) {
			await route.continue();
			return;
		}
		const resp = await route.fetch();
		first = {status: resp.status(), body: await resp.json()};
		await route.abort('connectionreset');
	});
	const filing = watchFiling(page);
	await page.getByRole('button', {name: '提交投诉'}).click();
	const alert = page.getByRole('alert').filter({hasText: '网络连接失败'});
	await alert.waitFor();
	await alert.getByText('不会重复立案', {exact: false}).waitFor();
	assert.equal(first.status, 201, 'the server did file the first try');
	assert.equal(await field(page, '标题').inputValue(),
	    '专业市场内销售假冒商标的箱包', 'the form keeps its content');
	await shot(page, '12-network-error');

	await page.getByRole('button', {name: '提交投诉'}).click();
	const receipt = page.locator('#receipt');
	await receipt.getByRole('heading', {name: '投诉已提交'}).waitFor();
	assert.equal((await receipt.locator('#r-no').textContent()).trim(),
	    first.body.no, 'the retry gets the case filed the first time');
	assert.equal((await receipt.locator('#r-code').textContent()).trim(),
	    first.body.access_code);
	assert.equal(filing.length, 2);
	assert.equal(filing[0].key, filing[1].key, 'the retry reuses the key');
}));

/* ---- 8 ---------------------------------------------------------------- */

test('8. evidence added on the status page is stored and can be downloaded', T,
    () => onPhone('8-more-evidence', async (page) => {
	assert.ok(filed.no, 'test 1 filed a complaint to add to');
	await page.goto(`${BASE}/status.html?no=${filed.no}`);
	await field(page, '查询码').fill(filed.code);
	await page.getByRole('button', {name: '查询'}).click();
	const c = page.locator('#case');
	await c.getByRole('heading', {name: '补充证据材料'}).waitFor();

	const doc = pdf('more');
	await field(page, '选择文件（可多选）').setInputFiles({
	    name: '展品照片说明.pdf', mimeType: 'application/pdf', buffer: doc});
	await c.getByText('已选择：展品照片说明.pdf').waitFor();
	await c.getByRole('button', {name: '上传'}).click();
	await c.getByText('上传完成。').waitFor();

	const ev = c.locator('#c-evidence li', {hasText: '展品照片说明.pdf'});
	await ev.waitFor();
	assert.equal((await ev.locator('code').textContent()).trim(), sha256(doc),
	    'the new file is listed with its SHA-256');
	assert.equal(await c.locator('#c-evidence li').count(), 2);
	await shot(page, '13-status-more-evidence');

	/* The download carries the access code in a header. */
	const [dl] = await Promise.all([page.waitForEvent('download'),
	    ev.getByRole('button', {name: '下载 展品照片说明.pdf'}).click()]);
	assert.equal(dl.suggestedFilename(), '展品照片说明.pdf');
	assert.equal(sha256(await readFile(await dl.path())), sha256(doc),
	    'the file comes back unchanged');
}));

/* ---- cases moved along by staff (tests 9-12) ----------------------------- */

const ADMIN = process.env.IPDESK_ADMIN;
const REPLY = '经调解，被投诉方已停止销售涉案运动鞋，下架全部库存并向投诉人书面致歉，' +
    '双方达成和解协议。';

/* One call to the API: {status, body}. */
async function api(method, p, {json, token, code, key} = {}) {
	const headers = {'Accept': 'application/json',
	    'Accept-Language': 'zh-CN'};

	if (json !== undefined)
		headers['Content-Type'] = 'application/json';
	if (token)
		headers['Authorization'] = `Bearer ${token}`;
	if (code)
		headers['X-Access-Code'] = code;
	if (key)
		headers['Idempotency-Key'] = key;
	const r = await fetch(`${BASE}/api/v1${p}`, {method, headers,
	    body: json === undefined ? undefined : JSON.stringify(json)});
	const text = await r.text();
	let body = null;
	try {
		body = JSON.parse(text);
	} catch (e) {
		body = text;
	}
	return {status: r.status, body};
}

/* ipdesk-admin with the password (if any) on standard input; a command
 * that reads none may be gone before it is written (EPIPE). */
function admin(args, input) {
	return new Promise((resolve, reject) => {
		const child = execFile(ADMIN, args, {timeout: 30_000},
		    (err, stdout, stderr) => err ? reject(new Error(
			`ipdesk-admin ${args.join(' ')}: ${stderr || err.message}`)) :
			resolve(stdout));
		child.stdin.on('error', () => {});
		child.stdin.end(input === undefined ? '' : `${input}\n`);
	});
}

/* An intake clerk and a handler of huicheng, new on every run, logged
 * in: {intake, handler, handlerName} (the first two are tokens). */
let staffOnce = null;
function staff() {
	if (!staffOnce)
		staffOnce = (async () => {
			assert.ok(ADMIN, 'IPDESK_ADMIN names the admin program');
			const run = randomBytes(4).toString('hex');
			const pw = `Correct-Horse-88-${randomBytes(6).toString('hex')}`;
			const intake = `web-intake-${run}`;
			const handler = `web-handler-${run}`;

			await admin(['user', 'add', intake, '--roles', 'intake'], pw);
			await admin(['user', 'add', handler, '--roles', 'handler',
			    '--department', 'huicheng'], pw);
			const out = {handlerName: handler};
			for (const [k, username] of [['intake', intake],
			    ['handler', handler]]) {
				const r = await api('POST', '/auth/token',
				    {json: {username, password: pw}});
				assert.equal(r.status, 201, `login ${username}: ` +
				    JSON.stringify(r.body));
				out[k] = r.body.token;
			}
			return out;
		})();
	return staffOnce;
}

/* A staff action on a case; fails the test unless it is taken. */
async function act(token, no, body) {
	const r = await api('POST', `/complaints/${no}/actions`, {json: body,
	    token});
	assert.equal(r.status, 200, `${body.action} ${no}: ` +
	    JSON.stringify(r.body));
	return r.body;
}

let districtOnce = null;

/* A case filed through the API: {no, code}.  A report is named (so it
 * has a date to tell the reporter by). */
async function fileCase({kind = 'complaint', title}) {
	if (!districtOnce)
		districtOnce = api('GET', '/meta/enums').then((r) =>
		    r.body.districts[0].code);
	const body = {
		kind, ip_type: 'trademark', scene: 'offline_shop', channel: 'web',
		title,
		description: '该店铺公开销售带有与本人注册商标相同标志的运动鞋，价格明显' +
		    '低于正品。已保存购买凭证。',
		district: await districtOnce,
		complainant: {name: '李四', id_type: 'resident_id',
		    id_number: ID_NUMBER, phone: PHONE_NO},
		respondent: {name: '惠州市某某商贸有限公司', uscc: USCC},
		rights: [{type: 'trademark', number: '12345678'}],
	};
	const r = await api('POST', '/complaints', {json: body,
	    key: randomUUID()});
	assert.equal(r.status, 201, `filing: ${JSON.stringify(r.body)}`);
	return {no: r.body.no, code: r.body.access_code};
}

/* Accepted and assigned to the handler. */
async function assigned(c) {
	const s = await staff();

	await act(s.intake, c.no, {action: 'accept'});
	await act(s.intake, c.no, {action: 'assign', department: 'huicheng',
	    handler: s.handlerName});
	return s;
}

async function lookUp(page, c) {
	await page.goto(`${BASE}/status.html?no=${c.no}`);
	await field(page, '查询码').fill(c.code);
	await page.getByRole('button', {name: '查询', exact: true}).click();
	await page.locator('#case').getByRole('heading', {name: '案件办理情况'})
	    .waitFor();
	assert.equal((await page.locator('#c-no').textContent()).trim(), c.no);
}

const text = async (loc) => (await loc.textContent()).trim();
const actions = (page) => page.locator('#c-timeline .tl-action')
    .allInnerTexts();

/* Every POST to a case's path ending in `what`: {key, body, status}. */
function watchPosts(page, what) {
	const seen = [];

	page.on('request', (r) => {
		if (r.method() === 'POST' &&
		    new URL(r.url()).pathname.endsWith(`/${what}`))
			seen.push({key: r.headers()['idempotency-key'],
			    code: r.headers()['x-access-code'],
			    body: r.postDataJSON(), request: r});
	});
	page.on('response', (r) => {
		const s = seen.find((x) => x.request === r.request());
		if (s)
			s.status = r.status();
	});
	return seen;
}

/* ---- 9 ---------------------------------------------------------------- */

test('9. a resolved case shows the reply and due dates; 4-star feedback closes it', T,
    () => onPhone('9-feedback', async (page) => {
	const c = await fileCase({title: '某店铺销售假冒注册商标的运动鞋（评价）'});
	const s = await assigned(c);
	await act(s.handler, c.no, {action: 'resolve', outcome: 'settled',
	    public_reply: REPLY});

	await lookUp(page, c);
	assert.equal(await text(page.locator('#c-status')), '已办结');
	const reply = page.locator('#reply-card');
	await reply.getByRole('heading', {name: '办理结果答复'}).waitFor();
	assert.equal(await text(reply.locator('#c-reply')), REPLY,
	    'the public reply is shown');
	assert.equal(await text(page.locator('#c-outcome')), '调解结案',
	    'the outcome is shown by its label');
	assert.ok(await page.locator('#c-outcome').isVisible());

	/* Both due dates of a complaint, each met. */
	assert.equal(await text(page.locator('#c-due-label')), '受理期限');
	assert.match(await text(page.locator('#c-due')),
	    /^\d{4}-\d{2}-\d{2}按期完成/, 'accepted in time');
	assert.equal(await text(page.locator('#c-due-resolve-label')), '办结期限');
	assert.match(await text(page.locator('#c-due-resolve')),
	    /^\d{4}-\d{2}-\d{2}按期完成/, 'resolved in time');
	assert.equal(await page.locator('#c-due-notify').isVisible(), false,
	    'no reporter to tell for a complaint');
	assert.deepEqual(await actions(page), ['提交', '受理', '分派办理', '办结'],
	    'the timeline in Chinese');

	/* The feedback form: five stars, each a labelled radio button. */
	const form = page.locator('#fb-form');
	await page.getByRole('heading', {name: '满意度评价'}).waitFor();
	const group = page.getByRole('group', {name: /满意程度/});
	await group.waitFor();
	const labels = ['非常不满意', '不满意', '一般', '满意', '非常满意'];
	for (const [i, l] of labels.entries())
		assert.equal(await group.getByRole('radio',
		    {name: `${i + 1} 星：${l}`, exact: true}).count(), 1,
		    `a radio for ${i + 1} stars (${l})`);
	assert.equal(await page.getByRole('button', {name: '撤回投诉'}).count(), 0,
	    'a resolved case cannot be withdrawn');
	await noSideways(page);
	await shot(page, '14-status-resolved');

	/* Nothing is sent without a score. */
	const posts = watchPosts(page, 'feedback');
	await form.getByRole('button', {name: '提交评价'}).click();
	const e = await errorOf(page.locator('#fb-score-group'));
	assert.ok(e && e.text.includes('请选择满意程度'), 'a score is asked for');
	assert.equal(posts.length, 0);

	await group.getByRole('radio', {name: '4 星：满意'}).check();
	assert.equal(await page.locator('#fb-stars .star.on').count(), 4,
	    'four stars lit');
	assert.equal(await text(page.locator('#fb-score-text')), '4 星 · 满意');
	assert.equal(await errorOf(page.locator('#fb-score-group')), null,
	    'the error goes once a score is chosen');
	const comment = '办理及时，工作人员态度很好。建议加强对同类店铺的日常巡查。';
	await field(page, '评价意见（选填）').fill(comment);
	assert.equal(await text(page.locator('#fb-count')),
	    `${comment.length} / 1000`, 'the counter follows the comment');
	await noSideways(page);
	await shot(page, '15-feedback-filled');

	await form.getByRole('button', {name: '提交评价'}).click();
	const done = page.locator('#fb-done');
	await done.getByText('感谢您的评价').waitFor();
	assert.equal(await text(page.locator('#c-status')), '已结案',
	    'feedback on a resolved case closes it');
	assert.equal(posts.length, 1, 'sent once');
	assert.equal(posts[0].status, 200);
	assert.ok(posts[0].key, 'an Idempotency-Key was sent');
	assert.equal(posts[0].code, c.code, 'with the access code');
	assert.deepEqual(posts[0].body, {score: 4, comment});

	/* Shown read-only from now on. */
	const view = page.locator('#fb-view');
	await view.getByText('4 星 · 满意').waitFor();
	assert.equal(await text(view.locator('#fb-view-comment')), comment);
	assert.match(await text(view.locator('#fb-view-at')),
	    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
	assert.equal(await form.isVisible(), false, 'no form any more');
	assert.equal(await page.getByRole('radio').count(), 0);
	const steps = await actions(page);
	assert.deepEqual(steps.slice(-2), ['评价', '结案']);
	await noSideways(page);
	await shot(page, '16-feedback-thanks');

	/* Looked up again: the feedback is there, and only to read. */
	await page.getByRole('button', {name: '查询', exact: true}).click();
	await page.locator('#fb-done').waitFor({state: 'hidden'});
	await view.getByText(comment).waitFor();
	assert.equal(await form.isVisible(), false);
	assert.equal(await text(page.locator('#c-status')), '已结案');
}));

/* ---- 10 --------------------------------------------------------------- */

test('10. an open case is withdrawn after a confirmation, with a reason', T,
    () => onPhone('10-withdraw', async (page) => {
	const c = await fileCase({title: '某店铺销售假冒注册商标的运动鞋（撤回）'});

	await lookUp(page, c);
	assert.equal(await text(page.locator('#c-status')), '已提交');
	assert.equal(await page.locator('#feedback-card').isVisible(), false,
	    'no feedback before the case is resolved');
	const posts = watchPosts(page, 'withdraw');
	const open = page.getByRole('button', {name: '撤回投诉'});
	const confirm = page.getByRole('button', {name: '确认撤回'});

	/* Asked first; cancelling sends nothing. */
	assert.equal(await open.getAttribute('aria-expanded'), 'false');
	await open.click();
	await page.getByRole('heading', {name: '确认撤回？'}).waitFor();
	assert.equal(await page.evaluate(() => document.activeElement.id),
	    'wd-confirm-title', 'the focus goes to the question');
	await page.getByRole('button', {name: '取消'}).click();
	assert.equal(await confirm.isVisible(), false, 'the question goes');
	assert.equal(await page.evaluate(() => document.activeElement.id),
	    'wd-open', 'the focus returns to the button');
	assert.equal(posts.length, 0, 'nothing sent on cancel');

	await open.click();
	await field(page, '撤回原因（选填）').fill('已与对方协商解决');
	await noSideways(page);
	await shot(page, '17-withdraw-confirm');
	await confirm.click();

	const n = page.locator('#c-notice');
	await n.getByRole('heading', {name: '投诉已撤回'}).waitFor();
	assert.equal(await text(page.locator('#c-status')), '已撤回');
	assert.equal(posts.length, 1, 'sent once');
	assert.equal(posts[0].status, 200);
	assert.ok(posts[0].key, 'an Idempotency-Key was sent');
	assert.deepEqual(posts[0].body, {reason: '已与对方协商解决'});
	assert.equal((await actions(page)).at(-1), '撤回');
	assert.match(await text(page.locator('#c-due')),
	    /^\d{4}-\d{2}-\d{2}不再计时/, 'the time to accept no longer runs');
	assert.equal(await page.locator('#withdraw-card').isVisible(), false,
	    'a withdrawn case cannot be withdrawn again');
	assert.equal(await page.locator('#more-form').isVisible(), false,
	    'nor take more evidence');
	await noSideways(page);
	await shot(page, '18-withdrawn');
}));

/* ---- 11 --------------------------------------------------------------- */

test('11. a suspended named report shows its three due dates, the clock stopped', T,
    () => onPhone('11-suspended', async (page) => {
	const c = await fileCase({kind: 'report',
	    title: '某店铺销售假冒注册商标的运动鞋（中止）'});
	const s = await assigned(c);
	await act(s.handler, c.no, {action: 'suspend',
	    suspend_reason: 'testing'});

	await lookUp(page, c);
	assert.equal(await text(page.locator('#c-status')), '中止');
	assert.equal(await text(page.locator('#c-due-label')), '核查决定期限');
	assert.match(await text(page.locator('#c-due')),
	    /^\d{4}-\d{2}-\d{2}按期完成/);
	assert.equal(await text(page.locator('#c-due-notify-label')),
	    '告知举报人期限');
	assert.match(await text(page.locator('#c-due-notify')),
	    /^\d{4}-\d{2}-\d{2}(正常|临期)/, 'the reporter is yet to be told');
	const resolve = page.locator('#c-due-resolve');
	assert.match(await text(resolve), /^\d{4}-\d{2}-\d{2}计时中止/,
	    'the time to resolve stands still');
	await resolve.locator('.badge.suspended', {hasText: '计时中止'}).waitFor();
	assert.deepEqual(await actions(page), ['提交', '受理', '分派办理', '中止']);
	assert.equal(await text(page.locator('#c-reply')),
	    '暂无答复意见。办理完结后在此公开答复。');
	assert.equal(await page.locator('#feedback-card').isVisible(), false);
	await page.getByRole('button', {name: '撤回举报'}).waitFor();
	await noSideways(page);
	await shot(page, '19-status-suspended');
}));

/* ---- 12 --------------------------------------------------------------- */

test('12. a case merged into another says into which', T,
    () => onPhone('12-merged', async (page) => {
	const keep = await fileCase({title: '某店铺销售假冒注册商标的运动鞋（主案）'});
	const dup = await fileCase({title: '某店铺销售假冒注册商标的运动鞋（重复）'});
	const s = await staff();
	await act(s.intake, dup.no, {action: 'merge', into: keep.no,
	    reason: '同一被投诉方同一行为'});

	await lookUp(page, dup);
	assert.equal(await text(page.locator('#c-status')), '已合并');
	const m = page.locator('#c-merged');
	await m.waitFor();
	assert.ok((await text(m)).includes(`已并入案件 ${keep.no}`));
	assert.equal((await actions(page)).at(-1), '合并');
	assert.match(await text(page.locator('#c-due')),
	    /^\d{4}-\d{2}-\d{2}不再计时/, 'the time to accept no longer runs');
	assert.equal(await page.locator('#withdraw-card').isVisible(), false);
	await noSideways(page);
	await shot(page, '20-status-merged');
}));

/* ---- 13 --------------------------------------------------------------- */

test('13. stars by keyboard; feedback given meanwhile elsewhere is shown, not recorded twice', T,
    () => onPhone('13-feedback-conflict', async (page) => {
	const c = await fileCase({title: '某店铺销售假冒注册商标的运动鞋（重复评价）'});
	const s = await assigned(c);
	await act(s.handler, c.no, {action: 'resolve', outcome: 'penalised',
	    public_reply: '经查，被投诉方销售侵犯注册商标专用权的商品，已依法立案查处。'});

	await lookUp(page, c);
	assert.equal(await text(page.locator('#c-outcome')), '立案处罚');

	/* The stars are one radio group: the arrow keys move the choice. */
	await page.getByRole('radio', {name: '1 星：非常不满意'}).focus();
	await page.keyboard.press('Space');
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	assert.ok(await page.getByRole('radio', {name: '3 星：一般'}).isChecked());
	assert.equal(await page.locator('#fb-stars .star.on').count(), 3);
	assert.equal(await text(page.locator('#fb-score-text')), '3 星 · 一般');

	/* Meanwhile the case was rated from another device. */
	const other = await api('POST', `/complaints/${c.no}/feedback`,
	    {json: {score: 5}, code: c.code, key: randomUUID()});
	assert.equal(other.status, 200, JSON.stringify(other.body));

	const posts = watchPosts(page, 'feedback');
	await page.getByRole('button', {name: '提交评价'}).click();
	const n = page.locator('#c-notice');
	await n.getByRole('heading', {name: '无法提交评价'}).waitFor();
	await n.getByText('该案件已评价过', {exact: false}).waitFor();
	assert.equal(posts.length, 1);
	assert.equal(posts[0].status, 409);
	/* The case as it is now: the other feedback, read-only. */
	await page.locator('#fb-view').getByText('5 星 · 非常满意').waitFor();
	assert.equal(await page.locator('#fb-form').isVisible(), false);
	assert.equal(await text(page.locator('#c-status')), '已结案');
	await noSideways(page);
}));

/* ---- mediation (tests 14-17) ------------------------------------------- */

/* The mediations of these tests are plant-variety disputes, mediated by a
 * mediator of this run's own (chosen by id, so that mediators of earlier
 * runs or other tests do not take them). */
const MED_IP = 'plant_variety';
const MED_RESPONDENT = '惠州市某某种业有限公司';
const MED_NAME = '张三丰';
const OBLIGATIONS = '一、被申请人立即停止繁育、销售“粤丰 1 号”种子；\n' +
    '二、被申请人向申请人支付赔偿金 30000 元。';

/* The mediation test 14 files; test 15 looks it up. */
const mediated = {};

/* A mediation application filed through the API: {no, code}. */
async function fileMediation(subject) {
	const r = await api('POST', '/mediations', {key: randomUUID(), json: {
		ip_type: MED_IP, industry: '种业', subject,
		claim: '停止侵权，赔偿经济损失 5 万元。', amount: '50000',
		online: true,
		applicant: {type: 'person', name: MED_NAME,
		    id_type: 'resident_id', id_number: ID_NUMBER,
		    phone: PHONE_NO},
		respondent: {type: 'organization', name: MED_RESPONDENT,
		    uscc: USCC},
	}});
	assert.equal(r.status, 201, `filing: ${JSON.stringify(r.body)}`);
	return {no: r.body.no, code: r.body.access_code};
}

/* The mediation office (an intake clerk) and a mediator of plant-variety
 * disputes with a staff account, new on every run, logged in:
 * {office, mediator} tokens, mediatorId, mediatorName. */
let mediationStaffOnce = null;
function mediationStaff() {
	if (!mediationStaffOnce)
		mediationStaffOnce = (async () => {
			assert.ok(ADMIN, 'IPDESK_ADMIN names the admin program');
			const run = randomBytes(4).toString('hex');
			const pw = `Correct-Horse-88-${randomBytes(6).toString('hex')}`;
			const office = `web-moffice-${run}`;
			const user = `web-mediator-${run}`;
			const name = `刘调解-${run}`;

			await admin(['user', 'add', office, '--roles', 'intake'], pw);
			await admin(['user', 'add', user, '--roles', 'mediator'], pw);
			const out = await admin(['mediator', 'add', name, '--org',
			    '惠州市知识产权纠纷人民调解委员会', '--ip-types', MED_IP,
			    '--user', user]);
			const id = /\(id (\d+)\)/.exec(out);
			assert.ok(id, `mediator id in "${out.trim()}"`);
			const s = {mediatorId: Number(id[1]), mediatorName: name};
			for (const [k, username] of [['office', office],
			    ['mediator', user]]) {
				const r = await api('POST', '/auth/token',
				    {json: {username, password: pw}});
				assert.equal(r.status, 201, `login ${username}: ` +
				    JSON.stringify(r.body));
				s[k] = r.body.token;
			}
			return s;
		})();
	return mediationStaffOnce;
}

/* A staff action on a mediation; fails the test unless it is taken. */
async function mact(token, no, body) {
	const r = await api('POST', `/mediations/${no}/actions`, {json: body,
	    token, key: randomUUID()});
	assert.equal(r.status, 200, `${body.action} ${no}: ` +
	    JSON.stringify(r.body));
	return r.body;
}

/* The rows of a dl as [dt, dd] texts. */
const rows = (dl) => dl.evaluate((el) => [...el.querySelectorAll('dt')]
    .map((dt) => [dt.textContent.trim(),
    dt.nextElementSibling.textContent.trim()]));
const row = async (dl, name) => {
	const r = (await rows(dl)).find(([k]) => k === name);
	return r ? r[1] : null;
};

/* ---- 14 --------------------------------------------------------------- */

test('14. a mediation application on a phone: field errors beside the fields, then a receipt', T,
    () => onPhone('14-mediate', async (page) => {
	await page.goto(`${BASE}/`);
	await page.getByRole('link', {name: /申请纠纷调解/}).click();
	await page.waitForURL(/mediate\.html$/);
	await page.getByRole('heading', {name: '申请知识产权纠纷调解'}).waitFor();
	await page.getByRole('button', {name: '提交调解申请'})
	    .and(page.locator(':enabled')).waitFor();

	const app = page.getByRole('group', {name: '申请人信息', exact: true});
	const resp = page.getByRole('group', {name: '被申请人信息', exact: true});

	/* A person gives a document, an organisation its credit code. */
	assert.ok(await app.getByRole('radio', {name: /^自然人/}).isChecked(),
	    'a person by default');
	assert.ok(await field(app, '证件号码').isVisible());
	assert.equal(await field(app, '统一社会信用代码').isVisible(), false);
	assert.equal(await field(app, '证件类型').inputValue(), 'resident_id');
	await resp.getByRole('radio', {name: /^法人或其他组织/}).check();
	assert.ok(await field(resp, '统一社会信用代码（选填）').isVisible(),
	    'the respondent organisation: credit code shown');
	assert.equal(await field(resp, '证件号码（选填）').isVisible(), false,
	    'and no document');
	await field(resp, '单位名称').waitFor();
	assert.equal(await app.getByLabel('代理人姓名').isVisible(), false,
	    'agent fields hidden at first');
	await noSideways(page);
	await shot(page, '21-mediate-form-empty');

	await field(app, '姓名').fill(MED_NAME);	/* no document number */
	await field(app, '手机号码').fill(PHONE_NO);
	await field(app, '电子邮箱（选填）').fill('zhangsf@example.cn');
	const agent = app.getByRole('checkbox', {name: /委托代理人/});
	await agent.check();
	assert.equal(await agent.getAttribute('aria-expanded'), 'true');
	await field(app, '代理人姓名').fill('李律师');
	await field(app, '代理人手机号码').fill('13912345678');
	await app.getByRole('radio', {name: /^特别授权/}).check();
	await field(resp, '单位名称').fill(MED_RESPONDENT);
	await field(resp, '统一社会信用代码（选填）').fill(BAD_USCC);
	await field(page, '知识产权类型').selectOption({label: '植物新品种'});
	await field(page, '所属行业（选填）').fill('种业');
	await field(page, '纠纷事项').fill('未经许可繁育、销售授权品种“粤丰 1 号”的种子');
	await field(page, '调解请求').fill('停止侵权，赔偿经济损失 5 万元。');
	await field(page, '涉及金额（元）（选填）').fill('50,000');
	await field(page, '事实与理由（选填）').fill('申请人系植物新品种“粤丰 1 号”的品种' +
	    '权人。2026 年 9 月起，被申请人未经许可繁育并在门店销售该品种种子。');
	await page.getByRole('checkbox', {name: /愿意线上调解/}).check();
	await noSideways(page);
	await shot(page, '22-mediate-form-filled');

	const filing = watchPosts(page, 'mediations');
	await page.getByRole('button', {name: '提交调解申请'}).click();
	const summary = page.getByRole('alert').filter({hasText: '提交内容有误'});
	await summary.waitFor();
	for (const [el, msg] of [[field(app, '证件号码'), '此项为必填项'],
	    [field(resp, '统一社会信用代码（选填）'), '校验位不正确']]) {
		const e = await errorOf(el);
		assert.ok(e, `${msg}: an error is associated (aria-describedby)`);
		assert.ok(e.text.includes(msg), `"${e.text}" says ${msg}`);
		assert.ok(e.visible && e.sameField, `${msg}: shown with its field`);
		assert.equal(e.invalid, 'true');
	}
	assert.equal(await errorOf(field(app, '手机号码')), null,
	    'fields without errors are left alone');
	assert.deepEqual(await summary.locator('li').allInnerTexts(), [
	    '申请人 · 证件号码：此项为必填项',
	    '被申请人 · 统一社会信用代码：校验位不正确'],
	    'the summary names the party, in the order of the form');
	assert.equal(await page.locator('#receipt').isVisible(), false);
	await noSideways(page);
	await shot(page, '23-mediate-field-errors');

	await field(app, '证件号码').fill(ID_NUMBER.toLowerCase());
	assert.equal(await errorOf(field(app, '证件号码')), null,
	    'the error goes once the field is edited');
	await field(resp, '统一社会信用代码（选填）').fill(USCC);
	await page.getByRole('button', {name: '提交调解申请'}).click();

	const receipt = page.locator('#receipt');
	await receipt.getByRole('heading', {name: '调解申请已提交'}).waitFor();
	const no = (await receipt.locator('#r-no').textContent()).trim();
	const code = (await receipt.locator('#r-code').textContent()).trim();
	assert.match(no, /^TJ\d{16}$/, 'tracking number shown');
	assert.match(code, CODE_RE, '8-character access code shown');
	await receipt.getByText('请妥善保存，仅显示一次').waitFor();
	assert.equal(await text(receipt.locator('#r-status')), '已申请');
	assert.match(await text(receipt.locator('#r-due')),
	    /^\d{4}-\d{2}-\d{2}（(正常|临期)/, 'the time to accept, with its state');
	assert.equal(await receipt.getByRole('link', {name: '查询调解进度'})
	    .getAttribute('href'), `/status.html?no=${no}`);

	assert.deepEqual(filing.map((f) => f.status), [422, 201]);
	assert.ok(filing[0].key, 'an Idempotency-Key was sent');
	assert.equal(new Set(filing.map((f) => f.key)).size, 1,
	    'one key for the application and its correction');
	const b = filing[1].body;
	assert.deepEqual(b.applicant, {type: 'person', name: MED_NAME,
	    id_type: 'resident_id', id_number: ID_NUMBER, phone: PHONE_NO,
	    email: 'zhangsf@example.cn', agent: {name: '李律师',
	    phone: '13912345678', authority: 'special'}});
	assert.deepEqual(b.respondent, {type: 'organization',
	    name: MED_RESPONDENT, uscc: USCC}, 'no document for an organisation');
	assert.equal(b.ip_type, MED_IP);
	assert.equal(b.amount, '50000');
	assert.equal(b.online, true);
	await noSideways(page);
	await shot(page, '24-mediate-receipt');

	Object.assign(mediated, {no, code});
}));

/* ---- 15 --------------------------------------------------------------- */

test('15. the status page shows a mediation: applied, its due date, the parties masked', T,
    () => onPhone('15-mediation-status', async (page) => {
	assert.ok(mediated.no, 'test 14 filed a mediation to look up');
	await lookUp(page, {no: mediated.no, code: mediated.code.toLowerCase()});

	assert.equal(await text(page.locator('#c-status')), '已申请');
	assert.match(await text(page.locator('#c-kind')), /^知识产权纠纷调解（当事人申请）$/);
	const dues = page.locator('#m-dues');
	assert.deepEqual((await rows(dues)).map(([k]) => k), ['受理期限'],
	    'only the time to accept so far');
	assert.match(await row(dues, '受理期限'),
	    /^\d{4}-\d{2}-\d{2}(正常|临期)在此日期前决定是否受理；剩余 \d+ 个工作日$/);
	assert.match(await row(page.locator('#m-head'), '调解员'), /^尚未确定/);
	assert.deepEqual(await actions(page), ['提交调解申请']);

	const a = page.locator('#c-party'), r = page.locator('#c-respondent');
	assert.equal(await text(page.locator('#c-party-title')), '申请人');
	assert.equal(await row(a, '姓名'), '张**');
	assert.equal(await row(a, '证件号码'), '1101**********002X');
	assert.equal(await row(a, '手机号码'), '138****5678');
	assert.match(await row(a, '委托代理人'), /^李\*+，特别授权，139\*{4}5678$/);
	assert.equal(await row(r, '单位名称'), MED_RESPONDENT,
	    'an organisation is named in full');
	assert.equal(await row(r, '统一社会信用代码'), USCC);
	const body = await page.locator('body').innerText();
	for (const s of [MED_NAME, ID_NUMBER, PHONE_NO, '李律师', '13912345678'])
		assert.ok(!body.includes(s), `${s} is not shown`);

	const info = page.locator('#c-info');
	assert.equal(await row(info, '知识产权类型'), '植物新品种');
	assert.equal(await row(info, '涉及金额'), '50,000.00 元');
	assert.equal(await row(info, '调解方式'), '愿意线上调解');

	/* None of a complaint's parts; open, so it may be withdrawn. */
	for (const id of ['#reply-card', '#c-evidence', '#more-form',
	    '#agreement-card', '#feedback-card', '#c-due'])
		assert.equal(await page.locator(id).isVisible(), false,
		    `${id} not shown`);
	await page.getByRole('button', {name: '撤回调解申请'}).waitFor();
	await noSideways(page);
	await shot(page, '25-status-mediation-applied');
}));

/* ---- 16 --------------------------------------------------------------- */

test('16. a mediation brought to agreement: the mediator, the agreement document, then feedback', T,
    () => onPhone('16-mediation-agreed', async (page, context) => {
	const c = await fileMediation('未经许可销售授权品种种子（协议）');
	const s = await mediationStaff();

	await mact(s.office, c.no, {action: 'accept'});
	const cand = await api('GET', `/mediations/${c.no}/candidates`,
	    {token: s.office});
	assert.equal(cand.status, 200, JSON.stringify(cand.body));
	assert.ok(cand.body.candidates.some((m) => m.id === s.mediatorId),
	    'our mediator is a candidate');
	await mact(s.office, c.no, {action: 'assign_mediator',
	    mediator: s.mediatorId});
	await mact(s.office, c.no, {action: 'request_consent'});

	/* Proposed but not yet accepted: not named. */
	await lookUp(page, c);
	assert.equal(await text(page.locator('#c-status')), '等待对方同意');
	const head = page.locator('#m-head'), dues = page.locator('#m-dues');
	assert.match(await row(head, '调解员'), /^尚未确定/);
	assert.ok(!(await page.locator('body').innerText())
	    .includes(s.mediatorName), 'the mediator is not named yet');
	assert.match(await row(dues, '受理期限'), /^\d{4}-\d{2}-\d{2}按期完成/);
	assert.match(await row(dues, '被申请人答复期限'),
	    /^\d{4}-\d{2}-\d{2}(正常|临期)/);
	assert.match(await row(dues, '调解期限'), /^\d{4}-\d{2}-\d{2}/);
	await noSideways(page);
	await shot(page, '26-status-mediation-awaiting');

	await mact(s.office, c.no, {action: 'consent'});
	await mact(s.mediator, c.no, {action: 'mediator_accept'});
	await mact(s.mediator, c.no, {action: 'agree',
	    facts: '被申请人未经许可繁育、销售申请人的授权品种“粤丰 1 号”种子。',
	    disputed_points: '侵权行为持续时间及赔偿数额。',
	    obligations: OBLIGATIONS, amount: '30000',
	    performance_manner: '银行转账至申请人指定账户',
	    performance_deadline: beijingDay(30)});

	await page.getByRole('button', {name: '查询', exact: true}).click();
	await page.locator('#agreement-card').waitFor();
	assert.equal(await text(page.locator('#c-status')), '已达成协议');
	assert.equal(await row(head, '调解员'), s.mediatorName,
	    'the mediator who took the case is named');
	for (const k of ['受理期限', '被申请人答复期限', '调解员接受指派期限', '调解期限'])
		assert.match(await row(dues, k), /^\d{4}-\d{2}-\d{2}按期完成/,
		    `${k}: met`);
	assert.match(await row(dues, '申请司法确认期限'),
	    /^\d{4}-\d{2}-\d{2}可申请/);
	const ag = page.locator('#m-agreement');
	assert.equal(await row(ag, '协议金额'), '30,000.00 元');
	assert.match(await row(ag, '达成协议时间'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
	assert.deepEqual(await actions(page), ['提交调解申请', '受理申请',
	    '征询被申请人意见', '被申请人同意调解', '调解员接受指派', '达成调解协议'],
	    'the timeline in Chinese');
	assert.equal(await page.locator('#withdraw-card').isVisible(), false,
	    'an agreed case cannot be withdrawn');
	await page.getByRole('heading', {name: '满意度评价'}).waitFor();
	await noSideways(page);
	await shot(page, '27-status-mediation-agreed');

	/* The document needs the access code: fetched, shown from a Blob. */
	const [doc] = await Promise.all([context.waitForEvent('page'),
	    page.getByRole('button', {name: '查看调解协议书'}).click()]);
	const docProblems = [];
	doc.on('console', (m) => {
		if (m.type() === 'error')
			docProblems.push(m.text());
	});
	await doc.waitForLoadState('load');
	assert.match(doc.url(), /^blob:/);
	await doc.getByRole('heading', {name: '知识产权纠纷调解协议书'}).waitFor();
	const docText = await doc.locator('body').innerText();
	assert.ok(docText.includes(c.no), 'the case number');
	assert.ok(docText.includes(`${MED_NAME}（证件号码：${ID_NUMBER}）`),
	    'the parties named in full in their own document');
	assert.ok(docText.includes(s.mediatorName), 'the mediator');
	assert.ok(docText.includes('二、被申请人向申请人支付赔偿金 30000 元。'));
	const look = await doc.evaluate(() => {
		const t = getComputedStyle(document.querySelector('table'));
		const sign = document.querySelector('table.sign td');
		return {collapse: t.borderCollapse,
		    border: getComputedStyle(document.querySelector('th'))
			.borderTopStyle,
		    after: getComputedStyle(sign, '::after').content,
		    width: document.documentElement.scrollWidth};
	});
	assert.equal(look.collapse, 'collapse', 'agreement.css is applied');
	assert.equal(look.border, 'solid', 'the table has its borders');
	assert.match(look.after, /年.*月.*日/, 'a date line under each signature');
	assert.ok(look.width <= PHONE.width, `fits the phone (${look.width}px)`);
	assert.deepEqual(docProblems, [], 'no errors or CSP violations');
	await shot(doc, '28-agreement-phone');
	await doc.setViewportSize({width: 794, height: 1123});
	await doc.emulateMedia({media: 'print'});
	await shot(doc, '29-agreement-print');
	await doc.close();
	await page.getByText('调解协议书已在新窗口中打开').waitFor();

	/* Feedback on an ended mediation. */
	const posts = watchPosts(page, 'feedback');
	const group = page.getByRole('group', {name: /满意程度/});
	await page.getByText('调解程序已结束，欢迎对调解工作作出评价', {exact: false})
	    .waitFor();
	await group.getByRole('radio', {name: '5 星：非常满意'}).check();
	const comment = '调解员专业、耐心，一次调解即达成协议。';
	await field(page, '评价意见（选填）').fill(comment);
	await page.getByRole('button', {name: '提交评价'}).click();
	await page.locator('#fb-done').getByText('感谢您的评价').waitFor();
	assert.equal(posts.length, 1, 'sent once');
	assert.equal(posts[0].status, 200);
	assert.ok(posts[0].key, 'an Idempotency-Key was sent');
	assert.equal(posts[0].code, c.code, 'with the access code');
	assert.deepEqual(posts[0].body, {score: 5, comment});
	assert.match(new URL(posts[0].request.url()).pathname,
	    new RegExp(`^/api/v1/mediations/${c.no}/feedback$`));
	await page.locator('#fb-view').getByText('5 星 · 非常满意').waitFor();
	assert.equal(await text(page.locator('#fb-view-comment')), comment);
	assert.equal(await page.locator('#fb-form').isVisible(), false);
	assert.equal(await text(page.locator('#c-status')), '已达成协议',
	    'feedback does not change the status of a mediation');
	assert.equal((await actions(page)).at(-1), '评价');
	await noSideways(page);
	await shot(page, '30-mediation-feedback');
}));

/* ---- 17 --------------------------------------------------------------- */

test('17. an applied mediation is withdrawn after a confirmation', T,
    () => onPhone('17-mediation-withdraw', async (page) => {
	const c = await fileMediation('未经许可销售授权品种种子（撤回）');

	await lookUp(page, c);
	assert.equal(await text(page.locator('#c-status')), '已申请');
	assert.equal(await page.locator('#feedback-card').isVisible(), false,
	    'no feedback while the case is open');
	const posts = watchPosts(page, 'withdraw');
	await page.getByRole('button', {name: '撤回调解申请'}).click();
	await page.getByRole('heading', {name: '确认撤回？'}).waitFor();
	await page.getByText('撤回后本案将终止调解，且不能恢复。').waitFor();
	await field(page, '撤回原因（选填）').fill('双方已自行和解');
	await shot(page, '31-mediation-withdraw-confirm');
	await page.getByRole('button', {name: '确认撤回'}).click();

	await page.locator('#c-notice').getByRole('heading',
	    {name: '调解申请已撤回'}).waitFor();
	assert.equal(await text(page.locator('#c-status')), '已撤回');
	assert.equal(posts.length, 1, 'sent once');
	assert.equal(posts[0].status, 200);
	assert.ok(posts[0].key, 'an Idempotency-Key was sent');
	assert.equal(posts[0].code, c.code);
	assert.deepEqual(posts[0].body, {reason: '双方已自行和解'});
	assert.match(new URL(posts[0].request.url()).pathname,
	    new RegExp(`^/api/v1/mediations/${c.no}/withdraw$`));
	assert.equal((await actions(page)).at(-1), '撤回调解申请');
	assert.match(await row(page.locator('#m-dues'), '受理期限'),
	    /^\d{4}-\d{2}-\d{2}不再计时/, 'the time to accept no longer runs');
	assert.equal(await page.locator('#withdraw-card').isVisible(), false,
	    'a withdrawn case cannot be withdrawn again');
	await noSideways(page);
	await shot(page, '32-mediation-withdrawn');
}));

/* ---- overseas aid (tests 18-21) ------------------------------------------ */

/* The aid requests of these tests are patent and trademark matters in the
 * United States and Japan, helped by an expert of this run's own (chosen
 * by id, so that experts of earlier runs or other tests do not take
 * them). */
const AID_ENTERPRISE = '惠州市某某电子科技有限公司';
const AID_CONTACT = '王小明';
const AID_EMAIL = 'wangxm@example.cn';
const AID_OPPOSING = 'Example Tech Inc.';
const AID_CONCLUSION = '经专家指导，企业与对方达成和解：对方撤回 337 调查申请，' +
    '企业调整产品设计并就部分专利取得许可。';

/* The request test 18 files; test 19 looks it up. */
const aided = {};

/* An aid request filed through the API: {no, code, deadline}. */
async function fileAid({description, deadline = beijingDay(20)}) {
	const r = await api('POST', '/overseas-aid', {key: randomUUID(), json: {
		enterprise: {name: AID_ENTERPRISE, uscc: USCC, size: 'small',
		    industry: '电子信息'},
		contact: {name: AID_CONTACT, phone: PHONE_NO, email: AID_EMAIL},
		aid_type: 'us_337', countries: ['US', 'JP'],
		ip_types: ['patent'], opposing_party: AID_OPPOSING,
		forum: '美国国际贸易委员会', deadline, amount_at_stake: '2000000',
		insured: false, description,
		rights: [{type: 'patent', country: 'US', number: 'US10123456B2'}],
	}});
	assert.equal(r.status, 201, `filing: ${JSON.stringify(r.body)}`);
	return {no: r.body.no, code: r.body.access_code, deadline};
}

/* The aid office (an intake clerk) and an expert for patents in the US
 * and Japan with a staff account, new on every run, logged in:
 * {office, expert} tokens, expertId, expertName. */
let aidStaffOnce = null;
function aidStaff() {
	if (!aidStaffOnce)
		aidStaffOnce = (async () => {
			assert.ok(ADMIN, 'IPDESK_ADMIN names the admin program');
			const run = randomBytes(4).toString('hex');
			const pw = `Correct-Horse-88-${randomBytes(6).toString('hex')}`;
			const office = `web-aoffice-${run}`;
			const user = `web-expert-${run}`;
			const name = `陈专家-${run}`;

			await admin(['user', 'add', office, '--roles', 'intake'], pw);
			await admin(['user', 'add', user, '--roles', 'aid_expert'], pw);
			const out = await admin(['expert', 'add', name, '--org',
			    `某某知识产权代理有限公司-${run}`, '--countries', 'US,JP',
			    '--ip-types', 'patent,trademark', '--languages', 'en,ja',
			    '--user', user]);
			const id = /\(id (\d+)\)/.exec(out);
			assert.ok(id, `expert id in "${out.trim()}"`);
			const s = {expertId: Number(id[1]), expertName: name};
			for (const [k, username] of [['office', office],
			    ['expert', user]]) {
				const r = await api('POST', '/auth/token',
				    {json: {username, password: pw}});
				assert.equal(r.status, 201, `login ${username}: ` +
				    JSON.stringify(r.body));
				s[k] = r.body.token;
			}
			return s;
		})();
	return aidStaffOnce;
}

/* A staff action on an aid request; fails the test unless it is taken. */
async function aact(token, no, body) {
	const r = await api('POST', `/overseas-aid/${no}/actions`, {json: body,
	    token, key: randomUUID()});
	assert.equal(r.status, 200, `${body.action} ${no}: ` +
	    JSON.stringify(r.body));
	return r.body;
}

/* The chips of the country picker, as their texts. */
const chipTexts = (page) => page.locator('#f-country-chips li')
    .evaluateAll((li) => li.map((x) => x.querySelector('.chip-zh')
    .textContent + ' ' + x.dataset.code));

/* ---- 18 --------------------------------------------------------------- */

test('18. an aid request on a phone: the country picker, field errors beside the fields, a receipt', T,
    () => onPhone('18-aid', async (page) => {
	await page.goto(`${BASE}/`);
	await page.getByText(/海外维权援助：自收到之日起 \d+ 个工作日内决定是否受理/)
	    .waitFor();
	await page.getByRole('link', {name: /申请海外维权援助/}).click();
	await page.waitForURL(/aid\.html$/);
	await page.getByRole('heading', {name: '申请海外知识产权维权援助'}).waitFor();
	await page.getByRole('button', {name: '提交援助申请'})
	    .and(page.locator(':enabled')).waitFor();
	assert.equal(await page.getByRole('navigation', {name: '主导航'})
	    .getByRole('link', {name: '海外维权'}).getAttribute('aria-current'),
	    'page', 'the page is marked in the navigation');
	await noSideways(page);
	await shot(page, '33-aid-form-empty');

	await field(page, '企业名称').fill(AID_ENTERPRISE);
	await field(page, '统一社会信用代码').fill(BAD_USCC);
	await field(page, '企业规模').selectOption({label: '小型企业'});
	await field(page, '所属行业（选填）').fill('电子信息');
	await field(page, '联系人姓名').fill(AID_CONTACT);
	await field(page, '手机号码').fill(PHONE_NO);
	await field(page, '电子邮箱（选填）').fill(AID_EMAIL);
	await field(page, '援助类型').selectOption({label: '美国 337 调查应对'});

	/* The country picker: a combobox with a list of the countries of
	 * meta/enums, searched by Chinese name... */
	const combo = page.getByRole('combobox', {name: '目标国家（地区）',
	    exact: true});
	const list = page.getByRole('listbox', {name: '国家和地区'});
	assert.equal(await combo.getAttribute('aria-expanded'), 'false');
	await combo.fill('美国');
	await list.waitFor();
	assert.equal(await combo.getAttribute('aria-expanded'), 'true');
	const first = list.getByRole('option').first();
	assert.match(await first.innerText(), /^美国\s+United States of America\s+US$/,
	    'the best match first, with its English name and code');
	assert.equal(await combo.getAttribute('aria-activedescendant'),
	    'f-country-opt-US', 'and active');
	assert.ok(await list.getByRole('option', {name: /美属萨摩亚/}).count() === 0,
	    'only names containing the whole query');
	await noSideways(page);
	await shot(page, '34-aid-country-search');
	await page.keyboard.press('Enter');
	assert.deepEqual(await chipTexts(page), ['美国 US'], 'chosen by Enter');
	assert.equal(await combo.inputValue(), '', 'the search box is cleared');
	assert.equal(await combo.getAttribute('aria-expanded'), 'false');
	assert.equal(await page.getByRole('button', {name: '提交援助申请'})
	    .isVisible(), true);
	assert.equal(await page.locator('#receipt').isVisible(), false,
	    'Enter in the picker does not submit the form');

	/* ... by English name, moved through with the arrow keys ... */
	await combo.fill('germ');
	await list.getByRole('option', {name: /德国/}).waitFor();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowUp');
	assert.equal(await combo.getAttribute('aria-activedescendant'),
	    'f-country-opt-DE');
	await page.keyboard.press('Enter');
	/* ... by code, tapped. */
	await combo.fill('jp');
	await list.getByRole('option', {name: /^日本/}).click();
	assert.deepEqual(await chipTexts(page), ['美国 US', '德国 DE', '日本 JP']);
	assert.equal(await text(page.locator('#f-country-count')),
	    '已选择 3 个（最多 20 个）：');
	assert.equal(await page.evaluate(() => document.activeElement.id),
	    'f-country', 'the focus stays in the search box');

	/* A chosen country is marked in the list; a chip is removed with its
	 * button and the focus goes to the next chip. */
	await combo.fill('德国');
	assert.equal(await list.getByRole('option', {name: /^德国/})
	    .getAttribute('aria-selected'), 'true');
	await page.keyboard.press('Escape');
	assert.equal(await list.isVisible(), false, 'Escape closes the list');
	await page.keyboard.press('Escape');
	assert.equal(await combo.inputValue(), '', 'and then clears the search');
	await page.getByRole('button', {name: '移除 德国'}).click();
	assert.deepEqual(await chipTexts(page), ['美国 US', '日本 JP']);
	assert.equal(await page.evaluate(() =>
	    document.activeElement.getAttribute('aria-label')), '移除 日本');
	await page.locator('#f-country-live').getByText('已移除 德国，还有 2 个')
	    .waitFor({state: 'attached'});

	await page.getByRole('checkbox', {name: '专利', exact: true}).check();
	await page.getByRole('checkbox', {name: '商标', exact: true}).check();
	await field(page, '对方当事人（选填）').fill(AID_OPPOSING);
	await field(page, '受理机构或平台（选填）').fill('美国国际贸易委员会（ITC）');
	await field(page, '关键境外期限（选填）').fill(beijingDay(-1));
	await field(page, '涉案金额（元）（选填）').fill('1,200,000');
	await page.getByRole('checkbox', {name: /已投保海外知识产权侵权保险/}).check();
	await field(page, '情况说明').fill('美国某公司以本企业出口的智能插座侵犯其专利' +
	    '为由，向美国国际贸易委员会申请 337 调查，需在期限内提交答辩。');
	/* A foreign right: its country, its number as written there. */
	const right = page.locator('#rights-list > li').first();
	await right.getByLabel('权利类型').selectOption({label: '专利号'});
	assert.deepEqual(await right.getByLabel('注册国家（地区）')
	    .locator('optgroup').first().locator('option').allInnerTexts(),
	    ['美国（US）', '日本（JP）'], 'the target countries come first');
	await right.getByLabel('注册国家（地区）').selectOption({label: '美国（US）'});
	await right.getByLabel('权利编号').fill('US10123456B2');
	const doc = pdf('aid');
	await field(page, '添加材料文件（可多选）').setInputFiles({
	    name: '337调查通知.pdf', mimeType: 'application/pdf', buffer: doc});
	await page.locator('#file-list').getByText('337调查通知.pdf').waitFor();
	await noSideways(page);
	await shot(page, '35-aid-form-filled');

	const filing = watchPosts(page, 'overseas-aid');
	await page.getByRole('button', {name: '提交援助申请'}).click();
	const summary = page.getByRole('alert').filter({hasText: '提交内容有误'});
	await summary.waitFor();
	for (const [el, msg] of [[field(page, '统一社会信用代码'), '校验位不正确'],
	    [field(page, '关键境外期限（选填）'), '日期不能早于今天']]) {
		const e = await errorOf(el);
		assert.ok(e, `${msg}: an error is associated (aria-describedby)`);
		assert.ok(e.text.includes(msg), `"${e.text}" says ${msg}`);
		assert.ok(e.visible && e.sameField, `${msg}: shown with its field`);
		assert.equal(e.invalid, 'true');
	}
	assert.equal(await errorOf(combo), null,
	    'the countries chosen are accepted');
	assert.deepEqual(await summary.locator('li').allInnerTexts(), [
	    '统一社会信用代码：校验位不正确', '关键境外期限：日期不能早于今天'],
	    'the summary in the order of the form');
	assert.equal(await page.locator('#receipt').isVisible(), false);
	await noSideways(page);
	await shot(page, '36-aid-field-errors');

	const deadline = beijingDay(5);
	await field(page, '统一社会信用代码').fill(USCC);
	assert.equal(await errorOf(field(page, '统一社会信用代码')), null,
	    'the error goes once the field is edited');
	await field(page, '关键境外期限（选填）').fill(deadline);
	await page.getByRole('button', {name: '提交援助申请'}).click();

	const receipt = page.locator('#receipt');
	await receipt.getByRole('heading', {name: '援助申请已提交'}).waitFor();
	const no = await text(receipt.locator('#r-no'));
	const code = await text(receipt.locator('#r-code'));
	assert.match(no, /^HW\d{16}$/, 'tracking number shown');
	assert.match(code, CODE_RE, '8-character access code shown');
	await receipt.getByText('请妥善保存，仅显示一次').waitFor();
	assert.equal(await text(receipt.locator('#r-status')), '已提交');
	assert.match(await text(receipt.locator('#r-priority')), /^紧急/,
	    'a deadline 5 days away makes the request urgent');
	assert.equal(await text(receipt.locator('#r-deadline')),
	    `${deadline}（还有 5 天）`);
	assert.match(await text(receipt.locator('#r-due')),
	    /^\d{4}-\d{2}-\d{2}（(正常|临期)/, 'the time to accept, with its state');
	assert.equal(await receipt.getByRole('link', {name: '查询援助进度'})
	    .getAttribute('href'), `/status.html?no=${no}`);

	/* The file goes up after filing, to the request. */
	const item = receipt.locator('#r-evidence li', {hasText: '337调查通知.pdf'});
	await item.getByText('已存证').waitFor();
	assert.equal(await text(item.locator('code')), sha256(doc));
	await receipt.getByText(/材料文件已全部上传/).waitFor();

	assert.deepEqual(filing.map((f) => f.status), [422, 201]);
	assert.ok(filing[0].key, 'an Idempotency-Key was sent');
	assert.equal(new Set(filing.map((f) => f.key)).size, 1,
	    'one key for the request and its correction');
	assert.deepEqual(filing[1].body, {
		aid_type: 'us_337', opposing_party: AID_OPPOSING,
		forum: '美国国际贸易委员会（ITC）', deadline,
		amount_at_stake: '1200000',
		description: filing[1].body.description,
		enterprise: {name: AID_ENTERPRISE, uscc: USCC, size: 'small',
		    industry: '电子信息'},
		contact: {name: AID_CONTACT, phone: PHONE_NO, email: AID_EMAIL},
		countries: ['US', 'JP'], ip_types: ['patent', 'trademark'],
		insured: true,
		rights: [{type: 'patent', country: 'US', number: 'US10123456B2'}],
	});
	await noSideways(page);
	await shot(page, '37-aid-receipt');

	Object.assign(aided, {no, code, deadline, sha: sha256(doc),
	    file: '337调查通知.pdf'});
}));

/* ---- 19 --------------------------------------------------------------- */

test('19. the status page shows an aid request: priority, deadline, due date, the contact masked', T,
    () => onPhone('19-aid-status', async (page) => {
	assert.ok(aided.no, 'test 18 filed an aid request to look up');
	await lookUp(page, {no: aided.no, code: aided.code.toLowerCase()});

	assert.equal(await text(page.locator('#c-status')), '已提交');
	assert.equal(await text(page.locator('#c-kind')),
	    '海外维权援助（美国 337 调查应对）');
	const head = page.locator('#a-head');
	assert.deepEqual((await rows(head)).map(([k]) => k),
	    ['优先级', '关键境外期限', '受理期限', '援助专家']);
	assert.match(await row(head, '优先级'), /^紧急/);
	assert.equal(await row(head, '关键境外期限'), `${aided.deadline}还有 5 天`);
	assert.match(await row(head, '受理期限'),
	    /^\d{4}-\d{2}-\d{2}(正常|临期)在此日期前决定是否受理；剩余 \d+ 个工作日$/);
	assert.match(await row(head, '援助专家'), /^尚未指派/);
	assert.deepEqual(await actions(page), ['提交援助申请', '补充材料'],
	    'the timeline in Chinese');
	assert.equal(await text(page.locator('#c-evidence-title')),
	    '相关材料（电子存证）');

	const info = page.locator('#c-info');
	assert.equal(await text(page.locator('#c-info-title')), '援助事项');
	assert.equal(await row(info, '目标国家（地区）'), '美国（US）、日本（JP）');
	assert.equal(await row(info, '知识产权类型'), '专利、商标');
	assert.equal(await row(info, '涉及的权利'), '专利号 美国（US） US10123456B2');
	assert.equal(await row(info, '受理机构或平台'), '美国国际贸易委员会（ITC）');
	assert.equal(await row(info, '涉案金额'), '1,200,000.00 元');
	assert.equal(await row(info, '海外知识产权侵权保险'), '已投保');

	const party = page.locator('#c-party');
	assert.equal(await text(page.locator('#c-party-title')), '申请企业');
	assert.equal(await row(party, '企业名称'), AID_ENTERPRISE,
	    'the enterprise is named in full');
	assert.equal(await row(party, '统一社会信用代码'), USCC);
	assert.equal(await row(party, '企业规模'), '小型企业');
	assert.equal(await row(party, '联系人'), '王**');
	assert.equal(await row(party, '手机号码'), '138****5678');
	assert.equal(await row(party, '电子邮箱'), 'w***@example.cn');
	assert.equal(await row(page.locator('#c-respondent'), '名称'),
	    AID_OPPOSING);
	const body = await page.locator('body').innerText();
	for (const s of [PHONE_NO, AID_CONTACT, AID_EMAIL])
		assert.ok(!body.includes(s), `${s} is not shown`);

	/* Its files, which download with the access code. */
	const ev = page.locator('#c-evidence li', {hasText: aided.file});
	assert.equal(await text(ev.locator('code')), aided.sha);
	const [dl] = await Promise.all([page.waitForEvent('download'),
	    ev.getByRole('button', {name: `下载 ${aided.file}`}).click()]);
	assert.equal(sha256(await readFile(await dl.path())), aided.sha,
	    'the file comes back unchanged');
	/* More files go to the aid request, not to a complaint. */
	const more = pdf('aid-more');
	const ups = [];
	page.on('request', (r) => {
		if (r.method() === 'POST' && /\/evidence$/.test(r.url()))
			ups.push(new URL(r.url()).pathname);
	});
	await field(page, '选择文件（可多选）').setInputFiles({
	    name: '律师函译文.pdf', mimeType: 'application/pdf', buffer: more});
	await page.getByRole('button', {name: '上传'}).click();
	await page.getByText('上传完成。').waitFor();
	assert.equal(await text(page.locator('#c-evidence li',
	    {hasText: '律师函译文.pdf'}).locator('code')), sha256(more));
	assert.deepEqual(ups, [`/api/v1/overseas-aid/${aided.no}/evidence`]);

	/* None of the parts of other kinds; open, so no feedback and no
	 * conclusion, and it may be withdrawn. */
	for (const id of ['#reply-card', '#agreement-card', '#feedback-card',
	    '#a-conclusion-card', '#c-due', '#m-dues'])
		assert.equal(await page.locator(id).isVisible(), false,
		    `${id} not shown`);
	await page.getByText('暂无记录。专家开始援助后', {exact: false}).waitFor();
	await page.getByRole('button', {name: '撤回援助申请'}).waitFor();
	await noSideways(page);
	await shot(page, '38-status-aid-submitted');
}));

/* ---- 20 --------------------------------------------------------------- */

test('20. an aid request walked to its conclusion: the expert, guidance, the conclusion, then feedback', T,
    () => onPhone('20-aid-concluded', async (page) => {
	const c = await fileAid({description: '337 调查应诉（结论）'});
	const s = await aidStaff();

	await aact(s.office, c.no, {action: 'accept', note: '材料齐全'});
	const cand = await api('GET', `/overseas-aid/${c.no}/candidates`,
	    {token: s.office});
	assert.equal(cand.status, 200, JSON.stringify(cand.body));
	assert.ok(cand.body.candidates.some((x) => x.id === s.expertId),
	    'our expert is a candidate');
	await aact(s.office, c.no, {action: 'assign_expert',
	    expert: s.expertId});

	await lookUp(page, c);
	const head = page.locator('#a-head');
	assert.equal(await text(page.locator('#c-status')), '已指派专家');
	assert.equal(await row(head, '援助专家'),
	    '已指派，专家开始援助后显示姓名',
	    'the expert is named once the expert takes the case up');
	assert.match(await row(head, '受理期限'), /^\d{4}-\d{2}-\d{2}按期完成/);
	assert.deepEqual(await actions(page), ['提交援助申请', '受理'],
	    'the assignment is not a public event');
	await noSideways(page);
	await shot(page, '39-status-aid-assigned');

	const today = beijingDay(0);
	await aact(s.expert, c.no, {action: 'start'});
	await page.getByRole('button', {name: '查询', exact: true}).click();
	await page.locator('#c-status').filter({hasText: '援助中'}).waitFor();
	assert.equal(await row(head, '援助专家'), s.expertName,
	    'the expert is named once started');
	await aact(s.expert, c.no, {action: 'guidance', on_day: today,
	    summary: '337 调查应诉策略咨询',
	    advice: '建议在答辩期限内提交答辩，同时评估不侵权抗辩和规避设计。',
	    documents: '应诉指引、律师推荐名单',
	    next_steps: '一周内确定美国代理律师'});
	await aact(s.expert, c.no, {action: 'milestone', on_day: today,
	    summary: '已向美国国际贸易委员会提交答辩'});
	await aact(s.expert, c.no, {action: 'conclude', outcome: 'settled',
	    conclusion: AID_CONCLUSION});

	await page.getByRole('button', {name: '查询', exact: true}).click();
	await page.locator('#a-conclusion-card').waitFor();
	assert.equal(await text(page.locator('#c-status')), '援助结束');
	assert.equal(await text(page.locator('#c-outcome-label')), '援助结果');
	assert.equal(await text(page.locator('#c-outcome')), '和解');
	const concl = page.locator('#a-conclusion');
	assert.equal(await row(concl, '结论意见'), AID_CONCLUSION);
	assert.match(await row(concl, '结束时间'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
	assert.deepEqual((await rows(head)).map(([k]) => k),
	    ['关键境外期限', '受理期限', '援助专家'], 'no priority once concluded');
	assert.equal(await row(head, '关键境外期限'), c.deadline);

	const recs = page.locator('#a-records > li');
	assert.equal(await recs.count(), 2);
	assert.equal(await text(recs.nth(0).locator('.record-head')),
	    `专家指导${today}`);
	assert.equal(await text(recs.nth(0).locator('.record-summary')),
	    '337 调查应诉策略咨询');
	assert.equal(await row(recs.nth(0).locator('dl'), '下一步'),
	    '一周内确定美国代理律师');
	assert.equal(await row(recs.nth(0).locator('dl'), '提供的文件'),
	    '应诉指引、律师推荐名单');
	assert.equal(await text(recs.nth(1).locator('.record-head')),
	    `程序进展${today}`);
	assert.equal(await page.locator('#a-records-none').isVisible(), false);
	assert.deepEqual(await actions(page), ['提交援助申请', '受理', '专家开始援助',
	    '专家指导', '境外程序进展', '援助结束'], 'the timeline in Chinese');
	assert.equal(await page.locator('#withdraw-card').isVisible(), false,
	    'a concluded request cannot be withdrawn');
	await noSideways(page);
	await shot(page, '40-status-aid-concluded');

	/* Feedback once the aid concluded. */
	const posts = watchPosts(page, 'feedback');
	await page.getByText('援助已结束，欢迎对援助工作作出评价', {exact: false})
	    .waitFor();
	await page.getByRole('group', {name: /满意程度/})
	    .getByRole('radio', {name: '5 星：非常满意'}).check();
	const comment = '专家响应迅速，应诉思路清晰，帮助企业避免了排除令。';
	await field(page, '评价意见（选填）').fill(comment);
	await page.getByRole('button', {name: '提交评价'}).click();
	await page.locator('#fb-done').getByText('感谢您的评价').waitFor();
	assert.equal(posts.length, 1, 'sent once');
	assert.equal(posts[0].status, 200);
	assert.ok(posts[0].key, 'an Idempotency-Key was sent');
	assert.equal(posts[0].code, c.code, 'with the access code');
	assert.deepEqual(posts[0].body, {score: 5, comment});
	assert.match(new URL(posts[0].request.url()).pathname,
	    new RegExp(`^/api/v1/overseas-aid/${c.no}/feedback$`));
	await page.locator('#fb-view').getByText('5 星 · 非常满意').waitFor();
	assert.equal(await text(page.locator('#fb-view-comment')), comment);
	assert.equal(await page.locator('#fb-form').isVisible(), false);
	assert.equal(await text(page.locator('#c-status')), '援助结束');
	assert.equal((await actions(page)).at(-1), '评价');
	await noSideways(page);
	await shot(page, '41-aid-feedback');
}));

/* ---- 21 --------------------------------------------------------------- */

test('21. an open aid request past its deadline is marked, then withdrawn', T,
    () => onPhone('21-aid-withdraw', async (page) => {
	const c = await fileAid({description: '337 调查应诉（撤回）',
	    deadline: beijingDay(2)});

	/* Four days on (the test stack's clock), the deadline has passed. */
	const later = `${beijingDay(4)}T10:00:00+08:00`;
	await page.route('**/api/v1/overseas-aid/**', (route) =>
	    route.continue({headers: {...route.request().headers(),
		'x-debug-now': later}}));
	await lookUp(page, c);
	const head = page.locator('#a-head');
	assert.equal(await text(page.locator('#c-status')), '已提交');
	assert.match(await row(head, '关键境外期限'),
	    new RegExp(`^${c.deadline}已过期关键境外期限已过`));
	await head.locator('.badge.overdue', {hasText: '已过期'}).waitFor();
	assert.match(await row(head, '优先级'), /^紧急/);
	assert.equal(await page.locator('#feedback-card').isVisible(), false,
	    'no feedback while the request is open');
	await noSideways(page);
	await shot(page, '42-status-aid-deadline-passed');

	const posts = watchPosts(page, 'withdraw');
	await page.getByRole('button', {name: '撤回援助申请'}).click();
	await page.getByRole('heading', {name: '确认撤回？'}).waitFor();
	await page.getByText('撤回后本申请将终止办理，且不能恢复。').waitFor();
	await field(page, '撤回原因（选填）').fill('已自行委托律师应诉');
	await shot(page, '43-aid-withdraw-confirm');
	await page.getByRole('button', {name: '确认撤回'}).click();

	await page.locator('#c-notice').getByRole('heading',
	    {name: '援助申请已撤回'}).waitFor();
	assert.equal(await text(page.locator('#c-status')), '已撤回');
	assert.equal(posts.length, 1, 'sent once');
	assert.equal(posts[0].status, 200);
	assert.ok(posts[0].key, 'an Idempotency-Key was sent');
	assert.equal(posts[0].code, c.code);
	assert.deepEqual(posts[0].body, {reason: '已自行委托律师应诉'});
	assert.match(new URL(posts[0].request.url()).pathname,
	    new RegExp(`^/api/v1/overseas-aid/${c.no}/withdraw$`));
	assert.equal((await actions(page)).at(-1), '撤回援助申请');
	assert.match(await row(head, '受理期限'), /^\d{4}-\d{2}-\d{2}不再计时/,
	    'the time to accept no longer runs');
	assert.equal(await row(head, '关键境外期限'), c.deadline,
	    'a closed request is no longer marked late');
	assert.equal(await row(head, '优先级'), null);
	for (const id of ['#withdraw-card', '#more-form', '#feedback-card'])
		assert.equal(await page.locator(id).isVisible(), false,
		    `${id} not shown`);
	await noSideways(page);
	await shot(page, '44-aid-withdrawn');
}));
