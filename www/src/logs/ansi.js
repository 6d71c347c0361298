// ANSI escape codes in log text (docs/api.md §12, the Logs tab): SGR colours, bold, dim, italic,
// underline and inverse become styles; every other escape sequence is dropped. The result is
// plain strings and style descriptions — the caller makes text nodes of them, never markup.
import { css, legible, parseRgb, SCHEMES, textOn } from './contrast.js';

/** The SGR state between characters; frozen, shared while it does not change. */
export const PLAIN = Object.freeze({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });

// CSI … final byte; OSC … BEL/ST; a lone ESC with one following character.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b(?:\[([0-9;:?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex
const OTHER_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

export const hasEscape = (s) => s.includes('\x1b');

/** A colour of the 256-colour palette: 0–15 are the theme's (a class), the rest RGB. */
function palette(n) {
  if (n < 16) return n;
  if (n < 232) {
    const c = n - 16;
    const v = (x) => (x ? 55 + x * 40 : 0);
    return `rgb(${v(Math.floor(c / 36))}, ${v(Math.floor(c / 6) % 6)}, ${v(c % 6)})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g}, ${g}, ${g})`;
}

/** The state after applying SGR parameters `params` (`"1;31"`) to `s`. */
function sgr(s, params) {
  const p = params === '' ? [0] : params.split(/[;:]/).map((x) => (x === '' ? 0 : Number(x)));
  const next = { ...s };
  for (let i = 0; i < p.length; i++) {
    const n = p[i];
    if (n === 0) Object.assign(next, PLAIN);
    else if (n === 1) next.bold = true;
    else if (n === 2) next.dim = true;
    else if (n === 3) next.italic = true;
    else if (n === 4) next.underline = true;
    else if (n === 7) next.inverse = true;
    else if (n === 22) { next.bold = false; next.dim = false; }
    else if (n === 23) next.italic = false;
    else if (n === 24) next.underline = false;
    else if (n === 27) next.inverse = false;
    else if (n >= 30 && n <= 37) next.fg = n - 30;
    else if (n >= 90 && n <= 97) next.fg = n - 90 + 8;
    else if (n === 39) next.fg = null;
    else if (n >= 40 && n <= 47) next.bg = n - 40;
    else if (n >= 100 && n <= 107) next.bg = n - 100 + 8;
    else if (n === 49) next.bg = null;
    else if (n === 38 || n === 48) {
      const key = n === 38 ? 'fg' : 'bg';
      if (p[i + 1] === 5 && i + 2 < p.length) { next[key] = palette(p[i + 2] & 255); i += 2; }
      else if (p[i + 1] === 2 && i + 4 < p.length) {
        const [r, g, b] = p.slice(i + 2, i + 5).map((x) => Math.max(0, Math.min(255, x)));
        next[key] = `rgb(${r}, ${g}, ${b})`; i += 4;
      } else i = p.length;
    }
  }
  const same = Object.keys(PLAIN).every((k) => next[k] === s[k]);
  return same ? s : (Object.keys(PLAIN).every((k) => next[k] === PLAIN[k]) ? PLAIN : Object.freeze(next));
}

/**
 * `line` (no line ending) as styled pieces: `{ segments: [{text, style}], end }`, starting in
 * `state`; `end` is the state after it (colours carry over to the next line, as in a terminal).
 * A carriage return inside the line starts it over, as a terminal shows a progress bar.
 */
export function parse(line, state = PLAIN) {
  let segments = [];
  let s = state;
  let at = 0;
  const push = (text) => {
    if (!text) return;
    const parts = text.split('\r');
    for (let k = 0; k < parts.length; k++) {
      if (k > 0 && parts[k] !== '') segments = []; // text after a carriage return replaces what was shown
      const t = parts[k].replace(OTHER_CONTROLS, '');
      if (t) segments.push({ text: t, style: s });
    }
  };
  if (!hasEscape(line)) {
    push(line);
    return { segments, end: s };
  }
  ESCAPE.lastIndex = 0;
  for (let m; (m = ESCAPE.exec(line));) {
    push(line.slice(at, m.index));
    at = ESCAPE.lastIndex;
    if (m[2] === 'm' && !/\?/.test(m[1] ?? '')) s = sgr(s, m[1]);
  }
  push(line.slice(at).replace(/\x1b/g, '')); // eslint-disable-line no-control-regex
  return { segments, end: s };
}

/** The SGR state after `line`, without building its pieces. */
export function endState(line, state = PLAIN) {
  if (!hasEscape(line)) return state;
  let s = state;
  ESCAPE.lastIndex = 0;
  for (let m; (m = ESCAPE.exec(line));) if (m[2] === 'm' && !/\?/.test(m[1] ?? '')) s = sgr(s, m[1]);
  return s;
}

/** What the line shows, as plain text (for search and copying). */
export function plainText(line) {
  if (!ANY_CONTROL.test(line)) return line;
  // No carriage return: nothing is overwritten, the escapes and controls just go.
  if (!line.includes('\r')) return line.replace(ESCAPE, '').replace(/\x1b/g, '').replace(OTHER_CONTROLS, ''); // eslint-disable-line no-control-regex
  return parse(line).segments.map((x) => x.text).join('');
}

/** Applies `style` to `el` through the CSSOM and classes (the page's CSP allows no style attributes). */
export function applyStyle(el, style) {
  if (style === PLAIN) return;
  let { fg, bg } = style;
  if (style.inverse) [fg, bg] = [bg ?? 'inverse-fg', fg ?? 'inverse-bg'];
  const cls = [];
  if (typeof fg === 'number') cls.push(`a-f${fg}`); else if (fg === 'inverse-fg') cls.push('a-fi');
  if (typeof bg === 'number') cls.push(`a-b${bg}`); else if (bg === 'inverse-bg') cls.push('a-bi'); else if (bg) el.style.backgroundColor = bg;
  // A colour of the log's own (256-colour, 24-bit): one legible variant per scheme (contrast.js).
  const ownBg = typeof bg === 'string' ? parseRgb(bg) : null;
  const ownFg = typeof fg === 'string' ? parseRgb(fg) : null;
  if (ownBg) {
    el.style.color = css(ownFg ? legible(ownFg, ownBg, textOn(ownBg)) : textOn(ownBg));
  } else if (ownFg) {
    el.style.setProperty('--fg-light', css(legible(ownFg, SCHEMES.light.bg, SCHEMES.light.ink)));
    el.style.setProperty('--fg-dark', css(legible(ownFg, SCHEMES.dark.bg, SCHEMES.dark.ink)));
    cls.push('a-rgb');
  } else if (typeof fg === 'string' && !fg.startsWith('inverse')) el.style.color = fg;
  if (style.bold) cls.push('a-bold');
  if (style.dim) cls.push('a-dim');
  if (style.italic) cls.push('a-it');
  if (style.underline) cls.push('a-ul');
  if (cls.length) el.className = cls.join(' ');
}
