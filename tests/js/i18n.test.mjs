// The page's catalogues (www/src/i18n/, docs/page.md "Languages"): every key in both languages,
// with the same {placeholders}; every key used somewhere in the page and every key the page looks
// up present. Keys are only ever written out whole in the source (no keys built from pieces), so
// a key is "used" when it appears as a quoted string in www/src or in index.html's data-i18n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const www = fileURLToPath(new URL('../../www/', import.meta.url));
const { default: en } = await import(join(www, 'src/i18n/en.js'));
const { default: zh } = await import(join(www, 'src/i18n/zh-CN.js'));
const { chooseLanguage } = await import(join(www, 'src/i18n/index.js'));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(js|html)$/.test(name) ? [path] : [];
  });
}
const sources = [...files(join(www, 'src')).filter((f) => !f.includes('/i18n/')), join(www, 'index.html')]
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('both catalogues have the same keys, each with the same placeholders and some text', () => {
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    assert.ok(en[key].trim() && zh[key].trim(), `${key} is empty`);
    assert.deepEqual(placeholders(zh[key]), placeholders(en[key]), `${key}'s placeholders differ`);
  }
});

test('the Chinese catalogue is in Chinese: every text holds Han characters or is a symbol or name', () => {
  const names = /^(HTTP|ID|UTC|[{}\w\s.·/:：,()!?-]*\{\w+\}[{}\w\s.·/:：,()!?-]*|[.:,、。：]\s*)$/;
  for (const [key, text] of Object.entries(zh)) {
    if (/\p{Script=Han}/u.test(text) || names.test(text.trim()) || text.trim().length <= 2) continue;
    assert.fail(`${key}: "${text}" has no Chinese`);
  }
});

test('every key is used by the page, and every key the page looks up exists', () => {
  const quoted = new Set();
  for (const { text } of sources) {
    for (const m of text.matchAll(/['"`]([a-zA-Z][\w.-]*)['"`]/g)) quoted.add(m[1]);
    for (const m of text.matchAll(/data-i18n-attr="([^"]*)"/g)) for (const pair of m[1].split(/\s+/)) quoted.add(pair.split(':')[1]);
  }
  const unused = Object.keys(en).filter((k) => k !== 'lang.label' && !quoted.has(k));
  assert.deepEqual(unused, [], 'keys no page source names');
  for (const { path, text } of sources) {
    for (const m of text.matchAll(/\bt\(\s*(['"`])([^'"`]*)\1/g)) {
      assert.ok(m[2] in en, `${path}: t('${m[2]}') has no entry`);
      assert.ok(!m[2].includes('${'), `${path}: a key built from pieces: ${m[2]}`);
    }
    for (const m of text.matchAll(/data-i18n="([^"]*)"/g)) assert.ok(m[1] in en, `${path}: data-i18n="${m[1]}" has no entry`);
  }
  // The switcher's label is looked up in i18n/index.js itself.
  assert.match(readFileSync(join(www, 'src/i18n/index.js'), 'utf8'), /t\('lang\.label'\)/);
});

test('the language: ?lang=, then the remembered choice, then the browser\'s languages', () => {
  assert.equal(chooseLanguage('?lang=zh-CN', 'en', ['en-US']), 'zh-CN');
  assert.equal(chooseLanguage('?lang=fr', 'zh-CN', ['en-US']), 'zh-CN');
  assert.equal(chooseLanguage('', null, ['zh-CN', 'en']), 'zh-CN');
  assert.equal(chooseLanguage('', null, ['zh-Hans-CN']), 'zh-CN');
  assert.equal(chooseLanguage('', null, ['zh-TW', 'en']), 'en');
  assert.equal(chooseLanguage('', null, ['fr-FR', 'de']), 'en');
  assert.equal(chooseLanguage('', 'en', ['zh-CN']), 'en');
});
