// Why a job waits (docs/page.md "Tabs"): for a Ray job not yet ended, fetchPendingReason's
// sentence (what its pending tasks ask for against what the cluster has free) above the tabs,
// read every 5 s while the job is shown and has not ended — on its own clock, since a job that
// stays RUNNING gives the page no reason to repaint while its tasks start to wait. Nothing is
// shown when nothing waits.
import { fetchPendingReason } from 'jobglass';
import { h } from '../dom.js';
import { lang, num, t } from '../i18n/index.js';

const AGAIN_MS = 5000;

/** `{CPU: 1, GPU: 0.5}` in the page's number format. */
const resources = (r) => `{${Object.entries(r).map(([k, v]) => `${k}: ${num(v)}`).join(', ')}}`;

/**
 * The reason in the page's language: the library's sentence in English; in another language, the
 * same facts from its fields (what waits, what is free), then the library's sentence as it is.
 */
function sentence(reason) {
  if (lang() === 'en') return [reason.text];
  const waits = reason.demands.map((d) => t('pending.demand', { n: num(d.count), resources: resources(d.resources) })).join(t('console.comma'));
  return [t('pending.summary', { waits, free: resources(reason.available) }), ' ', h('q', { lang: 'en' }, reason.text)];
}

export class PendingReason {
  constructor({ repaint }) {
    this.repaint = repaint;
    this.state = null;
  }

  reset() {
    this.state?.controller.abort();
    clearTimeout(this.state?.timer);
    this.state = null;
  }

  /** The reason's element for `shown` ({request, job}), or null. */
  element({ request, job }) {
    if (job.dialect !== 'ray') return null;
    let s = this.state;
    if (s?.request !== request) {
      this.reset();
      s = this.state = { request, job, controller: new AbortController(), reason: null, timer: null };
      this.#read(s);
    }
    s.job = job;
    if (job.terminal) {
      clearTimeout(s.timer);
      s.timer = null;
      return null;
    }
    // A job seen running again after it ended (a new attempt) is watched again.
    if (!s.timer && !s.reading && !s.unsupported) this.#read(s);
    if (!s.reason) return null;
    return h('p.pending-reason', { role: 'status', 'data-testid': 'pending-reason' },
      h('strong', {}, t('pending.title')), ' ', ...sentence(s.reason));
  }

  async #read(s) {
    if (s.job.terminal) return;
    s.reading = true;
    let reason = s.reason;
    try {
      reason = await fetchPendingReason(s.request.endpoint, s.request.id, { headers: s.request.headers, signal: s.controller.signal, retries: 0 });
    } catch (e) {
      // A server without the state API or cluster status has no reason to give, and is not asked
      // again; a passing failure keeps what was shown until the next read.
      if (s.controller.signal.aborted) return;
      if (e?.code === 'UNSUPPORTED') s.unsupported = true;
    }
    s.reading = false;
    if (s !== this.state) return;
    const changed = (reason?.text ?? null) !== (s.reason?.text ?? null);
    s.reason = reason;
    if (!s.job.terminal && !s.unsupported) s.timer = setTimeout(() => { s.timer = null; this.#read(s); }, AGAIN_MS);
    if (changed) this.repaint();
  }
}
