// Keeps a live job fresh: watchJob or watchDevServerJob until the job is terminal; pauses
// while the tab is hidden, backs off after errors and recovers by itself, and drops any answer
// that belongs to a view the user has since left.
import { watchDevServerJob, watchJob } from 'jobglass';
import { lang } from './i18n/index.js';

const INTERVAL_MS = 2000;
const MAX_BACKOFF_MS = 60000;

export class Live {
  /** `onJob(job)` for every state; `onError(e)` for failures; `onState(state)` for the status line: a catalogue key and its values, or null. */
  constructor({ onJob, onError, onState }) {
    Object.assign(this, { onJob, onError, onState });
    this.enabled = true;
    this.generation = 0;
    document.addEventListener('visibilitychange', () => {
      if (!this.request) return;
      if (document.hidden) this.#halt({ key: 'live.hidden' });
      else if (this.enabled && !this.terminal) this.#run();
    });
  }

  /**
   * Follows `request` ({source, endpoint, id, project, headers, token}) from now on. `first` is
   * the job as first read, or null when that read failed: the next try then waits its backoff.
   */
  follow(request, first) {
    this.request = request;
    this.terminal = first?.terminal ?? false;
    this.failures = first ? 0 : 1;
    if (this.terminal) this.#halt({ key: 'live.final' });
    else if (!this.enabled || document.hidden) this.#halt({ key: this.enabled ? 'live.hidden' : 'live.disabled' });
    else if (this.failures) this.#retryLater();
    else this.#run();
  }

  stop() {
    this.request = null;
    this.#halt(null);
  }

  setEnabled(on) {
    this.enabled = on;
    if (!this.request || this.terminal) return;
    if (on && !document.hidden) this.#run();
    else this.#halt({ key: 'live.disabled' });
  }

  #halt(state) {
    this.generation++;
    this.controller?.abort();
    clearTimeout(this.retryTimer);
    this.onState(state, false);
  }

  async #run() {
    this.#halt(null);
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    const current = () => generation === this.generation;
    const { request } = this;
    // After a failure the dot stays off until an answer arrives again.
    this.onState({ key: this.failures ? 'live.reconnecting' : 'live.on' }, !this.failures);
    try {
      const options = {
        intervalMs: INTERVAL_MS, signal: controller.signal,
        onUpdate: (j) => { if (current()) this.#answered(j); },
      };
      const job = request.source === 'devserver'
        ? await watchDevServerJob(request.endpoint, request.project, request.id, { ...options, authToken: request.token || undefined })
        : await watchJob(request.endpoint, request.id, { ...options, headers: request.headers });
      if (!current()) return;
      this.terminal = true;
      this.onJob(job);
      this.onState({ key: 'live.final' }, false);
    } catch (e) {
      if (!current() || e?.code === 'ABORTED') return;
      this.failures++;
      this.onError(e);
      this.#retryLater();
    }
  }

  #retryLater() {
    const wait = Math.min(MAX_BACKOFF_MS, INTERVAL_MS * 2 ** this.failures);
    const generation = this.generation;
    this.onState({ key: 'live.retrying', vars: { s: Math.round(wait / 1000).toLocaleString(lang()) } }, false);
    this.retryTimer = setTimeout(() => { if (generation === this.generation) this.#run(); }, wait);
  }

  #answered(job) {
    if (this.failures) this.onState({ key: 'live.on' }, true);
    this.failures = 0;
    this.onJob(job);
  }
}
