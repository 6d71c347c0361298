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
import { explain, quoted } from './errors.js';
import { t } from './i18n/index.js';

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
  const said = e?.serverMessage ? [' ', t('err.serverSaid'), ' ', quoted(e.serverMessage)] : [];
  switch (e?.code) {
    case 'DECLINED':
      return kind === 'stop'
        ? [t('act.declined.stop'), t('act.declined.stop.advice')]
        : [t('act.declined.delete'), t('act.declined.delete.advice')];
    case 'UNSUPPORTED':
      return [kind === 'stop' ? t('act.unsupported.stop') : t('act.unsupported.delete'), [t('act.unsupported.advice'), ...said]];
    case 'NOT_FOUND':
      return [t('act.notFound', { id: request.id }), [t('act.notFound.advice'), ...said]];
    case 'FORBIDDEN':
      // The console lets operators' actions through: an operator's 403 is the cluster's server's.
      if (request.cluster && consoleState.session?.role !== 'operator') return consoleRefusal(kind);
      if (request.cluster) {
        return [t('act.forbidden.cluster'), [t('act.forbidden.cluster.advice', { cluster: request.cluster }), ...said]];
      }
      return [t('act.forbidden'), [t('act.forbidden.advice'), ...said]];
    case 'BAD_REQUEST':
      if (e.status === 405) {
        return [t('act.browser'), [t('act.browser.advice'), ...said]];
      }
      return explain(e, request);
    default:
      return explain(e, request);
  }
}

/** The console's 403: only operators act (docs/api.md §12); who the console now says the user is. */
function consoleRefusal(kind) {
  const s = consoleState.session;
  const who = s ? [' ', t('act.refusal.signedInAs'), ' ', h('strong', {}, s.user), t('console.comma'), s.role === 'operator' ? t('act.refusal.anOperator') : t('act.refusal.aViewer'), t('err.end')] : [];
  return [kind === 'stop' ? t('act.refusal.stop') : t('act.refusal.delete'),
    [t('act.refusal.advice'), ...who, ' ', t('act.refusal.ask'), ' (', h('code', {}, 'JOBGLASS_OPERATORS'), ')', t('err.end')]];
}

/** The failure of an action as a card (`data-testid=error`, `data-action`); also the list's. */
export function problemPanel(kind, e, request) {
  const [headline, advice] = problem(kind, e, request);
  const facts = [['fact.code', e?.code], ['fact.http', e?.status], ['fact.url', e?.url], ['fact.attempts', e?.attempts]]
    .filter(([, v]) => v !== null && v !== undefined);
  return h('section.card.error', { role: 'alert', 'data-testid': 'error', 'data-code': e?.code ?? 'UNKNOWN', 'data-action': kind },
    h('h2', {}, headline),
    h('p', {}, advice),
    h('dl.facts', {}, facts.map(([k, v]) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, h('code.code', {}, String(v)))))));
}

/** The notice above the list once a job is deleted. */
export function deletedCard(request, job) {
  return h('section.card.gone', { role: 'status', 'data-testid': 'job-deleted' },
    h('h2', {}, t('act.deleted')),
    h('p', {}, t('act.deleted.job'), ' ', h('code', {}, idOf(job, request)),
      job?.entrypoint ? [' (', h('code', {}, job.entrypoint), ')'] : null,
      t('act.deleted.what')));
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
export function confirmAction({ kind, id, entrypoint, onConfirm, focusBack, then = t('act.then.page') }) {
  const stop = kind === 'stop';
  const close = () => dialog.close();
  const dialog = h('dialog.action', { 'aria-labelledby': 'action-title', 'aria-describedby': 'action-what', 'data-testid': 'action-dialog', 'data-action': kind },
    h('h2', { id: 'action-title' }, stop ? t('act.confirm.stop') : t('act.confirm.delete')),
    h('dl.grid', {},
      h('div.field', {}, h('dt', {}, t('act.job')), h('dd', {}, h('code', { 'data-testid': 'action-job-id' }, id))),
      h('div.field', {}, h('dt', {}, t('job.entrypoint')), h('dd', {}, h('code', { 'data-testid': 'action-job-entrypoint' }, entrypoint ?? '—')))),
    h('p', { id: 'action-what' }, stop ? `${t('act.confirm.stop.what')} ${then}` : t('act.confirm.delete.what')),
    h('p.actions', {},
      h('button', { type: 'button', autofocus: true, onclick: close }, t('act.cancel')),
      h('button.danger', { type: 'button', 'data-testid': 'action-confirm', onclick: () => { close(); onConfirm(); } },
        stop ? t('act.stopJob') : t('act.deleteJob'))));
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
      s.note = job.status === 'STOPPED' ? t('act.stopped') : t('act.endedAs', { status: job.status });
    } else if (s.phase === 'idle' && s.kind === 'stop' && s.error && s.error.code !== 'DECLINED' && job.status === 'STOPPED') {
      // A stop whose answer was lost (a timeout, a dropped connection) may still have worked.
      Object.assign(s, { error: null, note: t('act.stopped') });
    }
    const busy = s.phase !== 'idle';
    const button = job.terminal
      ? h('button.danger', { type: 'button', 'data-testid': 'job-delete', disabled: busy, onclick: () => this.#confirm('delete', shown) },
        s.phase === 'sending' ? t('act.deleting') : t('act.delete'))
      : h('button.danger', { type: 'button', 'data-testid': 'job-stop', disabled: busy, onclick: () => this.#confirm('stop', shown) },
        busy ? t('act.stopping') : t('act.stop'));
    view.querySelector('.head .state')?.append(button);

    const line = this.#progress(s);
    const panel = s.error ? problemPanel(s.kind, s.error, s.request) : null;
    view.querySelector('.head')?.after(...[line, panel].filter(Boolean));
  }

  #progress(s) {
    const status = (...children) => h('p.action-status', { role: 'status', 'data-testid': 'action-status', 'data-phase': s.phase }, ...children);
    if (s.phase === 'sending') return status(s.kind === 'stop' ? t('act.sending.stop') : t('act.deleting'));
    if (s.phase === 'stopping') return status(t('act.stopping.note'));
    if (s.phase === 'slow') {
      return status(t('act.slow', { s: SLOW_STOP_MS / 1000 }), ' ',
        h('button', { type: 'button', 'data-testid': 'action-retry', onclick: () => this.#run('stop', s.request, null) }, t('act.tryAgain')));
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
