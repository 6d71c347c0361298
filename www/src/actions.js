// Stop and delete a job from its page (docs/api.md §10 and §12). Offered only in the console
// (worker/, docs/console.md), to the users it says are operators, for its Ray and openYuanrong
// clusters: the console checks that the page itself asked and sends the action without the
// browser's headers. Outside it (plain static hosting, `source`/`endpoint` URLs) nothing is
// offered, since Ray refuses a browser's own stop (405). Every action is confirmed in a dialog
// naming the job; a stop is followed until the job has ended, a delete until the job is gone. The
// jobs list's row menus (list/menu.js) send through the same dialog, request and explanations.
// The console's 403 is explained to viewers.
import { deleteJob, stopJob } from 'jobglass';
import { consoleState, detectConsole, mayAct } from './console.js';
import { h } from './dom.js';
import { explain } from './errors.js';

/** Ray can accept a stop for a job that is still starting and act on it later (docs/api.md §10). */
export const SLOW_STOP_MS = 30000;

/**
 * Whether the page offers actions for `request`: a console cluster of Ray or openYuanrong, or
 * every cluster's list (each row then asks its own), for an operator.
 */
export function offersActions(request) {
  return Boolean(request?.cluster) && consoleState.on && mayAct() && (request.cluster === '*' || request.source === 'job');
}

const idOf = (job, request) => job?.submissionId ?? job?.jobId ?? request.id;

/** What went wrong with an action, in the page's words: `[headline, advice]`. */
function problem(kind, e, request) {
  const said = e?.serverMessage ? [' The server said: ', h('q', {}, e.serverMessage)] : [];
  const verb = kind === 'stop' ? 'stopped' : 'deleted';
  switch (e?.code) {
    case 'DECLINED':
      return kind === 'stop'
        ? ['The server did not stop the job.', 'It answered false: the job had already ended. The page shows the state it ended in.']
        : ['The server kept the job.', 'It answered false: servers delete only jobs that have ended (SUCCEEDED, FAILED or STOPPED), and openYuanrong also answers false when its job manager refuses.'];
    case 'UNSUPPORTED':
      return [`This job cannot be ${verb} through the job API.`,
        ['It is a DRIVER job: a script that connected to Ray itself (ray.init), not a job submitted to the job API. Ray stops and deletes only submitted jobs; end the script where it runs.', ...said]];
    case 'NOT_FOUND':
      return [`Job "${request.id}" is no longer on the server.`, ['It may have been deleted already.', ...said]];
    case 'FORBIDDEN':
      // The console lets operators' actions through: an operator's 403 is the cluster's server's.
      if (request.cluster && consoleState.session?.role !== 'operator') return consoleRefusal(kind);
      if (request.cluster) {
        return ['The cluster\'s server refused the action.',
          [`The console let it through; the credentials it sends to cluster ${request.cluster} may allow reading jobs but not stopping or deleting them.`, ...said]];
      }
      return ['The job server refused the action.', ['The credentials may allow reading jobs but not stopping or deleting them.', ...said]];
    case 'BAD_REQUEST':
      if (e.status === 405) {
        return ['The job server refuses actions from browsers.',
          ['Ray answers 405 to a stop or delete that carries a browser\'s headers; the console sends none of them, so this request did not go through it.', ...said]];
      }
      return explain(e, request);
    default:
      return explain(e, request);
  }
}

/** The console's 403: only operators act (docs/api.md §12); who the console now says the user is. */
function consoleRefusal(kind) {
  const s = consoleState.session;
  const who = s ? [' You are signed in as ', h('strong', {}, s.user), ', ', s.role === 'operator' ? 'an operator' : 'a viewer', '.'] : [];
  return [`The console refused to ${kind} this job.`,
    ['Only operators may stop and delete jobs, and the console checks every request itself: nothing reached the cluster.', ...who,
      ' Ask the console\'s operators for an operator token (or to be added to JOBGLASS_OPERATORS) if you need to act on jobs.']];
}

/** The failure of an action as a card (`data-testid=error`, `data-action`); also the list's. */
export function problemPanel(kind, e, request) {
  const [headline, advice] = problem(kind, e, request);
  const facts = [['code', e?.code], ['HTTP', e?.status], ['URL', e?.url], ['attempts', e?.attempts]]
    .filter(([, v]) => v !== null && v !== undefined);
  return h('section.card.error', { role: 'alert', 'data-testid': 'error', 'data-code': e?.code ?? 'UNKNOWN', 'data-action': kind },
    h('h2', {}, headline),
    h('p', {}, advice),
    h('dl.facts', {}, facts.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, h('code', {}, String(v)))))));
}

/** The notice above the list once a job is deleted. */
export function deletedCard(request, job) {
  return h('section.card.gone', { role: 'status', 'data-testid': 'job-deleted' },
    h('h2', {}, 'Job deleted'),
    h('p', {}, 'The server deleted job ', h('code', {}, idOf(job, request)),
      job?.entrypoint ? [' (', h('code', {}, job.entrypoint), ')'] : null,
      '. It is no longer listed and cannot be shown again; Ray keeps its log files on disk.'));
}

/**
 * Sends a stop or delete of job `id` at `request.endpoint`; resolves with the server's boolean
 * (docs/api.md §10). The job page and the jobs list both send through here.
 */
export function sendAction(kind, request, id) {
  // The console forwards an action only with this header (docs/console.md "Roles and audit").
  // A busy Ray head can take a while to answer a stop; the page shows the outcome meanwhile.
  const options = { headers: { ...request.headers, 'X-Jobglass-Action': '1' }, timeoutMs: 30000 };
  return (kind === 'stop' ? stopJob : deleteJob)(request.endpoint, id, options);
}

/**
 * The confirmation dialog: names the job (`id`, `entrypoint`) and says what will happen; Escape
 * or Cancel leave without a request, confirming calls `onConfirm()`. `then` is what the page does
 * after a stop; `focusBack()` finds the control to return to once the dialog has closed.
 */
export function confirmAction({ kind, id, entrypoint, onConfirm, focusBack, then = 'The page keeps watching until it has ended.' }) {
  const stop = kind === 'stop';
  const close = () => dialog.close();
  const dialog = h('dialog.action', { 'aria-labelledby': 'action-title', 'aria-describedby': 'action-what', 'data-testid': 'action-dialog', 'data-action': kind },
    h('h2', { id: 'action-title' }, stop ? 'Stop this job?' : 'Delete this job?'),
    h('dl.grid', {},
      h('div.field', {}, h('dt', {}, 'Job'), h('dd', {}, h('code', { 'data-testid': 'action-job-id' }, id))),
      h('div.field', {}, h('dt', {}, 'Entrypoint'), h('dd', {}, h('code', { 'data-testid': 'action-job-entrypoint' }, entrypoint ?? '—')))),
    h('p', { id: 'action-what' }, stop
      ? `The server stops the job: its driver is killed, the work it has not finished is lost, and it ends as STOPPED. ${then}`
      : 'The server deletes the job\'s record: it disappears from the server\'s job list and this page can no longer show it. Ray keeps its log files on disk. This cannot be undone.'),
    h('p.actions', {},
      h('button', { type: 'button', autofocus: true, onclick: close }, 'Cancel'),
      h('button.danger', { type: 'button', 'data-testid': 'action-confirm', onclick: () => { close(); onConfirm(); } },
        stop ? 'Stop job' : 'Delete job')));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (document.activeElement === document.body || !document.activeElement) focusBack?.()?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
}

export class Actions {
  /**
   * `repaint()` redraws the job; `watch()` makes sure the live watch runs; `refresh()` reads the
   * job once; `deleted(request, job)` leaves the deleted job's page; `sessionChanged()` redraws
   * who is signed in after the console refused an action.
   */
  constructor({ repaint, watch, refresh, deleted, sessionChanged }) {
    Object.assign(this, { repaint, watch, refresh, deleted, sessionChanged });
    this.state = null; // { request, phase, kind, error, note, timer }
  }

  /** Adds the buttons and the action's progress to the freshly painted job view. */
  decorate(view, shown) {
    if (this.state?.request !== shown?.request) {
      clearTimeout(this.state?.timer);
      this.state = shown && offersActions(shown.request) ? { request: shown.request, phase: 'idle' } : null;
    }
    const s = this.state;
    const job = shown?.job;
    if (!s || !job || job.kind !== 'job') return;
    // Refused by the console and no longer an operator: the explanation stays, the buttons go.
    if (!offersActions(s.request)) {
      if (s.error) view.querySelector('.head')?.after(problemPanel(s.kind, s.error, s.request));
      return;
    }
    if ((s.phase === 'stopping' || s.phase === 'slow') && job.terminal) {
      clearTimeout(s.timer);
      s.phase = 'idle';
      s.note = job.status === 'STOPPED' ? 'Stopped.' : `The job ended as ${job.status} before the stop took effect.`;
    } else if (s.phase === 'idle' && s.kind === 'stop' && s.error && s.error.code !== 'DECLINED' && job.status === 'STOPPED') {
      // A stop whose answer was lost (a timeout, a dropped connection) may still have worked.
      Object.assign(s, { error: null, note: 'Stopped.' });
    }
    const busy = s.phase !== 'idle';
    const button = job.terminal
      ? h('button.danger', { type: 'button', 'data-testid': 'job-delete', disabled: busy, onclick: () => this.#confirm('delete', shown) },
        s.phase === 'sending' ? 'Deleting…' : 'Delete')
      : h('button.danger', { type: 'button', 'data-testid': 'job-stop', disabled: busy, onclick: () => this.#confirm('stop', shown) },
        busy ? 'Stopping…' : 'Stop');
    view.querySelector('.head .state')?.append(button);

    const line = this.#progress(s);
    const panel = s.error ? problemPanel(s.kind, s.error, s.request) : null;
    view.querySelector('.head')?.after(...[line, panel].filter(Boolean));
  }

  #progress(s) {
    const status = (...children) => h('p.action-status', { role: 'status', 'data-testid': 'action-status', 'data-phase': s.phase }, ...children);
    if (s.phase === 'sending') return status(s.kind === 'stop' ? 'Asking the server to stop the job…' : 'Deleting…');
    if (s.phase === 'stopping') return status('Stopping… the server accepted the stop; the page keeps watching until the job has ended.');
    if (s.phase === 'slow') {
      return status(`The job has not ended ${SLOW_STOP_MS / 1000} s after the server accepted the stop. Ray can accept a stop for a job that is still starting and act on it only later. `,
        h('button', { type: 'button', 'data-testid': 'action-retry', onclick: () => this.#run('stop', s.request, null) }, 'Try again'));
    }
    return s.note ? status(s.note) : null;
  }

  #confirm(kind, shown) {
    const { request, job } = shown;
    confirmAction({
      kind, id: idOf(job, request), entrypoint: job.entrypoint,
      onConfirm: () => this.#run(kind, request, job),
      // Back to the button that opened it (a live update may have drawn it anew meanwhile).
      focusBack: () => document.querySelector(`[data-testid=job-${kind}]`),
    });
  }

  async #run(kind, request, job) {
    const s = this.state;
    if (s?.request !== request) return;
    clearTimeout(s.timer);
    Object.assign(s, { phase: 'sending', kind, error: null, note: null });
    this.repaint();
    try {
      const done = await sendAction(kind, request, request.id);
      if (this.state !== s) return;
      if (!done) {
        Object.assign(s, { phase: 'idle', error: { code: 'DECLINED' } });
        this.refresh();
      } else if (kind === 'stop') {
        s.phase = 'stopping';
        s.timer = setTimeout(() => {
          if (this.state === s && s.phase === 'stopping') { s.phase = 'slow'; this.repaint(); }
        }, SLOW_STOP_MS);
        this.watch();
      } else {
        s.phase = 'deleted';
        this.state = null;
        this.deleted(request, job);
        return;
      }
    } catch (e) {
      if (this.state !== s) return;
      // The console's refusal: who is signed in may have changed; ask it before explaining.
      if (e?.code === 'FORBIDDEN' && request.cluster) await detectConsole().catch(() => {});
      Object.assign(s, { phase: 'idle', error: e });
      this.sessionChanged?.();
    }
    this.repaint();
  }
}
