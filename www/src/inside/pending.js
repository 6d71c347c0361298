// Why a job waits (docs/page.md "Tabs"): for a Ray job not yet ended, fetchPendingReason's
// sentence (what its pending tasks ask for against what the cluster has free) above the tabs,
// read again at most every 5 s while the job is shown; nothing when nothing waits.
import { fetchPendingReason } from 'jobglass';
import { h } from '../dom.js';
import { t } from '../i18n/index.js';

const AGAIN_MS = 5000;

export class PendingReason {
  constructor({ repaint }) {
    this.repaint = repaint;
    this.state = null;
  }

  reset() {
    this.state?.controller.abort();
    this.state = null;
  }

  /** The reason's element for `shown` ({request, job}), or null. */
  element({ request, job }) {
    if (job.terminal || job.dialect !== 'ray') return null;
    let s = this.state;
    if (s?.request !== request) {
      this.reset();
      s = this.state = { request, controller: new AbortController(), reason: null, read: 0 };
    }
    if (!s.reading && Date.now() - s.read >= AGAIN_MS) {
      s.reading = true;
      fetchPendingReason(request.endpoint, request.id, { headers: request.headers, signal: s.controller.signal, retries: 0 })
        .then((reason) => {
          if (s !== this.state) return;
          const changed = (reason?.text ?? null) !== (s.reason?.text ?? null);
          s.reason = reason;
          if (changed) this.repaint();
        })
        // A server without the state API or cluster status has no reason to give: none is shown.
        .catch(() => {})
        .finally(() => { s.reading = false; s.read = Date.now(); });
    }
    if (!s.reason) return null;
    return h('p.pending-reason', { role: 'status', 'data-testid': 'pending-reason' },
      h('strong', {}, t('pending.title')), ' ', s.reason.text);
  }
}
