// Building DOM from data. Server text only ever becomes text nodes or attribute values
// (never HTML), so a payload cannot inject markup or script.
import { t } from './i18n/index.js';

/** `h('div.a.b', {attrs}, ...children)`; children are nodes, strings or arrays; null is skipped. */
export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A button that copies `text` and says so. */
export function copyButton(text, what) {
  const label = t('copy.label', { what });
  const button = h('button.copy', { type: 'button', title: label, 'aria-label': label }, t('copy.copy'));
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = t('copy.copied');
    } catch {
      button.textContent = t('copy.failed');
    }
    setTimeout(() => { button.textContent = t('copy.copy'); }, 1500);
  });
  return button;
}

/** A definition-list row: label, value (or an em dash), optional extras. */
export function field(label, value, ...extras) {
  const empty = value === null || value === undefined || value === '';
  // A plain string value is the server's data (a name, a description): not for translation.
  const shown = empty ? h('span.none', {}, '—') : typeof value === 'string' ? h('span', { translate: 'no' }, value) : value;
  return h('div.field', {}, h('dt', {}, label), h('dd', {}, shown, ...extras));
}
