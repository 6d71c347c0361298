// The page's language (docs/page.md "Languages"): one catalogue per language, every visible string
// looked up by key. Chosen by `?lang=`, then the remembered choice, then the browser's languages.
import en from './en.js';
import zhCN from './zh-CN.js';

export const catalogues = { en, 'zh-CN': zhCN };
export const languages = Object.keys(catalogues);

function choose() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked in catalogues) return asked;
  const kept = localStorage.getItem('jobglass.lang');
  if (kept in catalogues) return kept;
  for (const l of navigator.languages ?? []) {
    if (/^zh\b(-(CN|SG|Hans))?/i.test(l) && !/Hant|TW|HK|MO/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

let current = choose();
document.documentElement.lang = current;

/** The chosen language, a BCP 47 tag that `Intl` takes as it is. */
export const lang = () => current;

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
