// The page's language (docs/page.md "Languages"): one catalogue per language, every visible string
// looked up by key. Chosen by `?lang=`, then the remembered choice, then the browser's languages.
import en from './en.js';
import zhCN from './zh-CN.js';

export const catalogues = { en, 'zh-CN': zhCN };
export const languages = Object.keys(catalogues);

/** The language for a page at `search` with `kept` remembered and the browser's `preferred`. */
export function chooseLanguage(search, kept, preferred) {
  const asked = new URLSearchParams(search).get('lang');
  if (asked in catalogues) return asked;
  if (kept in catalogues) return kept;
  for (const l of preferred ?? []) {
    if (/^zh\b(-(CN|SG|Hans))?/i.test(l) && !/Hant|TW|HK|MO/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

const inPage = typeof document !== 'undefined';
const kept = () => { try { return localStorage.getItem('jobglass.lang'); } catch { return null; } };
let current = inPage ? chooseLanguage(location.search, kept(), navigator.languages) : 'en';
if (inPage) document.documentElement.lang = current;

/** The chosen language, a BCP 47 tag that `Intl` takes as it is. */
export const lang = () => current;

/** Sets the language where no page is (the list worker, told by the page). */
export function useLang(l) { if (l in catalogues) current = l; }

/** Remembers `l` and reloads the page in it: every string is read once, when drawn. */
export function setLang(l) {
  if (!(l in catalogues)) return;
  localStorage.setItem('jobglass.lang', l);
  const url = new URL(location.href);
  url.searchParams.set('lang', l);
  location.assign(url);
}

/**
 * The text for `key` in the chosen language, `{name}` replaced by `vars.name`. A key missing
 * from a catalogue is a bug the catalogue test catches; the English text stands in meanwhile.
 */
export function t(key, vars) {
  const text = catalogues[current][key] ?? en[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m)) : text;
}

/** A number as the chosen language writes it. */
export const num = (n) => n.toLocaleString(current);

/**
 * The static markup's strings (index.html): `data-i18n="key"` sets an element's text, and
 * `data-i18n-attr="attribute:key attribute:key"` its attributes (placeholder, title, aria-label).
 */
export function translateDom(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(/\s+/).filter(Boolean)) {
      const [attr, key] = pair.split(':');
      el.setAttribute(attr, t(key));
    }
  }
}

/** The switcher (`data-testid=lang-switch`): each language named in itself. */
export function languageSwitch(h) {
  const names = { en: 'English', 'zh-CN': '简体中文' };
  const select = h('select', { 'data-testid': 'lang-switch', 'aria-label': t('lang.label'), onchange: () => setLang(select.value) },
    languages.map((l) => h('option', { value: l, lang: l, selected: l === current ? true : null }, names[l])));
  return select;
}
