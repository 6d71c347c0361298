// Times and durations for people: absolute with the zone named, relative beside it.

let utc = localStorage.getItem('jobglass.utc') === '1';
export const usesUtc = () => utc;
export function setUtc(on) {
  utc = on;
  localStorage.setItem('jobglass.utc', on ? '1' : '0');
}

const pad = (n) => String(n).padStart(2, '0');

/** `2026-11-24 17:22:41 UTC+08:00` (or `UTC`), unambiguous in any zone. */
export function absolute(ms) {
  const d = new Date(ms);
  if (utc) {
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
  }
  const off = -d.getTimezoneOffset();
  const zone = `UTC${off >= 0 ? '+' : '−'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}

/** `12s 491ms`, `3m 5s`, `2h 4m`, `3d 2h`. */
export function duration(ms) {
  if (ms < 0) ms = 0;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s ${Math.floor(ms % 1000)}ms`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const hr = Math.floor(m / 60);
  if (hr < 24) return `${hr}h ${m % 60}m`;
  return `${Math.floor(hr / 24)}d ${hr % 24}h`;
}

/** `3 min ago`, `in 5 s`. */
export function relative(ms, now = Date.now()) {
  const diff = ms - now;
  const abs = Math.abs(diff) / 1000;
  const [n, unit] = abs < 60 ? [abs, 'second'] : abs < 3600 ? [abs / 60, 'minute'] : abs < 86400 ? [abs / 3600, 'hour'] : [abs / 86400, 'day'];
  return new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' }).format(Math.round(diff < 0 ? -n : n), unit);
}
