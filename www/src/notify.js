// Notifications in the page (docs/notifications.md "In the page"): a bell on a job and on a list
// view. The browser's permission is asked on the click that first turns a bell on, never at load.
// What is watched, the last state seen of a watched job, and every notification raised are kept in
// localStorage, so a choice survives a reload and no change is announced twice, even across reloads.
import { h } from './dom.js';
import { t } from './i18n/index.js';

const WATCH = 'jobglass.watch.'; // + scope → the job's last state seen, or '*' for a list view
const FIRED = 'jobglass.notified'; // the keys of notifications raised, newest last
const ASKED = 'jobglass.notify.asked';
const KEPT = 500;

export const TERMINAL = new Set(['FAILED', 'STOPPED', 'SUCCEEDED']);

// A browser that refuses storage (private modes) watches nothing rather than failing.
const store = {
  get: (k) => { try { return localStorage.getItem(k); } catch { return null; } },
  set: (k, v) => { try { localStorage.setItem(k, v); } catch { /* not kept */ } },
  del: (k) => { try { localStorage.removeItem(k); } catch { /* nothing kept */ } },
};

/** Scopes: one job (by cluster or endpoint, and id), one list view (its URL without the sort). */
export const jobScope = (where, id) => `job:${where}/${id}`;
export const viewScope = (listUrl) => `view:${listUrl}`;

export const watching = (scope) => store.get(WATCH + scope) !== null;

/** True the first time `key` is seen, ever (the last KEPT keys are remembered). */
function firstTime(key) {
  let fired;
  try { fired = JSON.parse(store.get(FIRED) ?? '[]'); } catch { fired = []; }
  if (!Array.isArray(fired)) fired = [];
  if (fired.includes(key)) return false;
  fired.push(key);
  store.set(FIRED, JSON.stringify(fired.slice(-KEPT)));
  return true;
}

const supported = () => typeof window.Notification === 'function';

/** Whether notifications may be shown; asks the browser only when `ask` and it was never asked. */
async function permitted(ask) {
  if (!supported()) return false;
  if (Notification.permission === 'granted') return true;
  if (Notification.permission === 'denied' || !ask || store.get(ASKED)) return false;
  store.set(ASKED, '1');
  return (await Notification.requestPermission()) === 'granted';
}

/** Raises one notification for `key`, unless one was raised for it before. */
function notifyOnce(key, title, body, open) {
  if (!supported() || Notification.permission !== 'granted' || !firstTime(key)) return;
  const n = new Notification(title, { body, tag: key });
  n.onclick = () => { window.focus(); open?.(); n.close?.(); };
}

/**
 * The bell for `scope`: `kind` 'job' or 'view'; `current()` is what a job's watch starts from (its
 * state now, so a job already ended is not announced); `onChange(on)` follows each click that
 * changed it. Pressed means watched.
 */
export function bell(scope, kind, current = () => '*', onChange = () => {}) {
  const button = h('button.bell', { type: 'button', 'data-testid': 'notify-toggle' });
  const paint = (note) => {
    const on = watching(scope);
    button.setAttribute('aria-pressed', String(on));
    // Words, not an emoji bell: not every system has a font for it.
    button.textContent = t(on ? 'notify.on' : 'notify.off');
    button.title = note ?? t(kind === 'job' ? 'notify.jobTitle' : 'notify.viewTitle');
  };
  button.addEventListener('click', async () => {
    if (watching(scope)) {
      store.del(WATCH + scope);
      paint();
      onChange(false);
      return;
    }
    if (!(await permitted(true))) {
      paint(t(supported() ? 'notify.denied' : 'notify.unsupported'));
      button.dataset.refused = 'true';
      return;
    }
    store.set(WATCH + scope, current() ?? '');
    paint();
    onChange(true);
  });
  paint();
  return button;
}

/**
 * A watched job was read with `status`: one notification when it has ended since it was last
 * seen running (also while the page was closed), and the last state kept.
 */
export function jobSeen(scope, id, where, status, open) {
  const last = store.get(WATCH + scope);
  if (last === null || last === status) return;
  store.set(WATCH + scope, status);
  if (TERMINAL.has(status) && last !== '' && !TERMINAL.has(last)) {
    notifyOnce(`${scope}|${status}`, t('notify.jobEnded', { id, status }), t('notify.jobEndedBody', { id, where, status }), open);
  }
}

/** Jobs of a watched list view that have just ended: `[{key, id, status}]`; one notification each. */
export function viewEnded(scope, where, ended, open) {
  if (!watching(scope)) return;
  for (const { key, id, status } of ended) {
    notifyOnce(`${scope}|${key}|${status}`, t('notify.jobEnded', { id, status }), t('notify.jobEndedBody', { id, where, status }), () => open(key));
  }
}

const COLOURS = { FAILED: '#cf222e', STOPPED: '#6e7781', SUCCEEDED: '#1a7f37', RUNNING: '#0969da', PENDING: '#bf8700' };

/** The tab's icon: a dot in the watched job's state's colour, or the page's own icon (null). */
export function favicon(status) {
  const link = document.querySelector('link[rel=icon]');
  if (!link) return;
  link.dataset.default ??= link.getAttribute('href');
  if (!status) {
    link.setAttribute('href', link.dataset.default);
    delete link.dataset.status;
    return;
  }
  const colour = COLOURS[status] ?? '#57606a';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="${colour}"/></svg>`;
  link.setAttribute('href', `data:image/svg+xml,${encodeURIComponent(svg)}`);
  link.dataset.status = status;
}
