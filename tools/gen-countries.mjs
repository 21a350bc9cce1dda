/*
 * gen-countries.mjs -- writes src/countries.inc: every officially assigned
 * ISO 3166-1 alpha-2 code with its Simplified Chinese and English short
 * names, taken from the npm package i18n-iso-countries ("zh" and "en"
 * locales), with the few adjustments listed below.
 *
 *   npm install --prefix /tmp/gen i18n-iso-countries
 *   node tools/gen-countries.mjs /tmp/gen/node_modules > src/countries.inc
 *
 * The argument is the node_modules directory holding the package (default
 * ./node_modules).  Nothing is written unless every check passes.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';

const MODULES = path.resolve(process.argv[2] || 'node_modules');
const PKG = path.join(MODULES, 'i18n-iso-countries');
const WANT = 249;	/* officially assigned alpha-2 codes */
const WIDTH = 100;	/* columns, tab stops of 8, CJK counted as 2 */

const readJSON = (f) => JSON.parse(readFileSync(path.join(PKG, f), 'utf8'));
const pkg = readJSON('package.json');
const zh = readJSON('langs/zh.json').countries;
const en = readJSON('langs/en.json').countries;

/*
 * Where the package gives several English names, the first is taken
 * unless another of its own names is picked here (the short name rather
 * than the long official form).
 */
const EN_PICK = {
  CN: 'China',
  CZ: 'Czechia',
  GM: 'Gambia',
  IR: 'Iran',
  MK: 'North Macedonia',
  TZ: 'Tanzania',
};

/*
 * Names set by hand.  Hong Kong, Macao and Taiwan are regions of China and
 * are named as such in both languages (mainland usage); Western Sahara is
 * a territory, not the "Sahrawi Arab Democratic Republic" the package's
 * Chinese name gives; Saint Helena's English name is made to cover the
 * same territory as its Chinese one (ISO's short name).
 */
const OVERRIDE = {
  EH: {zh: '西撒哈拉'},
  HK: {zh: '中国香港', en: 'Hong Kong, China'},
  MO: {zh: '中国澳门', en: 'Macao, China'},
  SH: {en: 'Saint Helena, Ascension and Tristan da Cunha'},
  TW: {zh: '中国台湾', en: 'Taiwan, China'},
};

/* User-assigned ranges (AA, QM-QZ, XA-XZ, ZZ), e.g. the package's XK. */
const userAssigned = (c) =>
  c === 'AA' || c === 'ZZ' || c[0] === 'X' || (c[0] === 'Q' && c[1] >= 'M');

const fail = (msg) => {
  process.stderr.write(`gen-countries: ${msg}\n`);
  process.exit(1);
};

function pickEn(code) {
  const v = en[code];
  if (!Array.isArray(v))
    return v;
  const want = EN_PICK[code];
  if (want === undefined)
    return v[0];
  if (!v.includes(want))
    fail(`${code}: "${want}" is no longer among ${JSON.stringify(v)}`);
  return want;
}

function cString(s) {
  if (typeof s !== 'string' || s === '')
    fail(`empty or missing name: ${JSON.stringify(s)}`);
  if (/[\u0000-\u001f\u007f]/.test(s))
    fail(`control character in ${JSON.stringify(s)}`);
  if (/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')))
    fail(`unpaired surrogate in ${JSON.stringify(s)}`);
  return '"' + s.replace(/[\\"]/g, (m) => '\\' + m) + '"';
}

/* Display columns: tabs to the next multiple of 8, wide characters 2. */
function columns(line) {
  let col = 0;
  for (const ch of line) {
    if (ch === '\t')
      col = (Math.floor(col / 8) + 1) * 8;
    else
      col += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/
          .test(ch) ? 2 : 1;
  }
  return col;
}

for (const k of Object.keys(OVERRIDE).concat(Object.keys(EN_PICK)))
  if (!(k in en))
    fail(`adjusted code ${k} is not in the package`);

const codes = Object.keys(en)
    .filter((c) => !userAssigned(c))
    .sort();
const seen = new Set();
const body = [];
for (const code of codes) {
  if (!/^[A-Z]{2}$/.test(code))
    fail(`bad code ${JSON.stringify(code)}`);
  if (seen.has(code))
    fail(`duplicate code ${code}`);
  seen.add(code);
  const o = OVERRIDE[code] || {};
  const z = o.zh ?? zh[code];
  const e = o.en ?? pickEn(code);
  if (typeof z !== 'string')
    fail(`${code}: no Chinese name`);
  const head = `\t{ "${code}", ${cString(z)},`;
  const one = `${head} ${cString(e)} },`;
  if (columns(one) <= WIDTH) {
    body.push(one);
  } else {
    const two = `\t    ${cString(e)} },`;
    if (columns(head) > WIDTH || columns(two) > WIDTH)
      process.stderr.write(`gen-countries: warning: ${code} longer than ${WIDTH}\n`);
    body.push(head, two);
  }
}
if (seen.size !== WANT)
  fail(`${seen.size} codes, expected ${WANT}`);

const out = `/*
 * countries.inc -- ISO 3166-1 alpha-2 codes with Simplified Chinese and
 * English names, generated from ${pkg.name} ${pkg.version} (${pkg.license})
 * by tools/gen-countries.mjs (node tools/gen-countries.mjs NODE_MODULES >
 * src/countries.inc; the adjustments to the package's names are listed in
 * it); do not edit by hand.
 */
static const struct enumval countries[] = {
${body.join('\n')}
};
`;
process.stdout.write(out);
