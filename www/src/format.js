// Times and durations for people, in the page's language (docs/page.md "Languages"): absolute
// with the zone named, relative beside it, all through Intl in the chosen locale.
import { lang } from './i18n/index.js';

let utc = localStorage.getItem('jobglass.utc') === '1';
export const usesUtc = () => utc;
export function setUtc(on) {
  utc = on;
  localStorage.setItem('jobglass.utc', on ? '1' : '0');
}

const pad = (n) => String(n).padStart(2, '0');
const dateFormats = new Map();

/** Year, month, day, hours, minutes, seconds of `ms` as the chosen language writes them (24 h). */
function dateTime(ms) {
  const key = `${lang()}|${utc}`;
  if (!dateFormats.has(key)) {
    dateFormats.set(key, new Intl.DateTimeFormat(lang(), {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23', timeZone: utc ? 'UTC' : undefined,
    }));
  }
  const parts = Object.fromEntries(dateFormats.get(key).formatToParts(ms).map((p) => [p.type, p.value]));
  // English keeps the year-month-day order, which no reader can take for month-day or day-month;
  // Chinese writes it the same way with its own separator (2026/11/24).
  const sep = lang() === 'en' ? '-' : '/';
  return `${parts.year}${sep}${parts.month}${sep}${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `2026-11-24 17:22:41 UTC+08:00` (or `UTC`), unambiguous in any zone. */
export function absolute(ms) {
  const d = new Date(ms);
  if (utc) return `${dateTime(ms)} UTC`;
  const off = -d.getTimezoneOffset();
  const zone = `UTC${off >= 0 ? '+' : '−'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${dateTime(ms)} ${zone}`;
}

const unitFormats = new Map();
/** `n` of `unit` (second, minute, …) in the chosen language's short form: `3m`, `3分钟`. */
function unit(n, name) {
  const key = `${lang()}|${name}`;
  if (!unitFormats.has(key)) unitFormats.set(key, new Intl.NumberFormat(lang(), { style: 'unit', unit: name, unitDisplay: 'narrow' }));
  return unitFormats.get(key).format(n);
}

/** `12s 491ms`, `3m 5s`, `2h 4m`, `3d 2h` (in Chinese `3分钟 5秒`). */
export function duration(ms) {
  if (ms < 0) ms = 0;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${unit(s, 'second')} ${unit(Math.floor(ms % 1000), 'millisecond')}`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${unit(m, 'minute')} ${unit(s % 60, 'second')}`;
  const hr = Math.floor(m / 60);
  if (hr < 24) return `${unit(hr, 'hour')} ${unit(m % 60, 'minute')}`;
  return `${unit(Math.floor(hr / 24), 'day')} ${unit(hr % 24, 'hour')}`;
}

/** `3 min ago`, `in 5 s`. */
export function relative(ms, now = Date.now()) {
  const diff = ms - now;
  const abs = Math.abs(diff) / 1000;
  const [n, u] = abs < 60 ? [abs, 'second'] : abs < 3600 ? [abs / 60, 'minute'] : abs < 86400 ? [abs / 3600, 'hour'] : [abs / 86400, 'day'];
  return new Intl.RelativeTimeFormat(lang(), { numeric: 'auto', style: 'short' }).format(Math.round(diff < 0 ? -n : n), u);
}
