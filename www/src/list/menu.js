// Stop and delete from the jobs list: each job row gets a small menu offering Stop while the job
// runs and Delete once it has ended (docs/page.md, "Stopping and deleting jobs"; docs/api.md §10 and
// §12). Offered on the same terms as the job page's buttons (actions.js `offersActions`), through
// the same dialog and request; failures are explained by the same card.
import { confirmAction, deletedCard, problemPanel, sendAction } from '../actions.js';
import { h } from '../dom.js';
import { t } from '../i18n/index.js';

export class RowMenu {
  /**
   * `request` is the list's; `refresh()` reads the list again; `note` is the element above the
   * rows where an action's progress and outcome are said; `root` holds the rows. `requestFor(row)`
   * is the request a row's job is acted on with (its cluster's, in the all-clusters list) and
   * `canAct(row)` whether its server has actions at all.
   */
  constructor({ request, refresh, note, root, requestFor = () => request, canAct = () => true }) {
    Object.assign(this, { request, refresh, note, root, requestFor, canAct });
    this.busy = new Map(); // id → kind, while its request is out
    this.open = null; // the open menu element
  }

  /** The row's actions cell: a button opening the menu (the menu itself is built on demand). */
  cell(row) {
    if (!this.canAct(row)) return h('div.jl-td.jl-act', { role: 'gridcell', 'data-label': t('act.actions') });
    const key = row.key ?? row.id;
    const stop = !row.terminal;
    const busy = this.busy.get(key);
    const button = h('button.jl-act-btn', {
      type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-label': t('act.menu.label', { id: row.id }),
      // aria-disabled rather than disabled while a request is out, so focus can stay on it.
      title: t('act.menu.label', { id: row.id }), 'data-testid': 'row-actions', 'aria-disabled': busy ? 'true' : null,
      onclick: () => { if (!this.busy.has(key)) this.#toggle(button, row, stop ? 'stop' : 'delete'); },
    }, busy ? '…' : '⋯');
    return h('div.jl-td.jl-act', { role: 'gridcell', 'data-label': t('act.actions') }, button);
  }

  close() {
    if (this.open?.matches(':popover-open')) this.open.hidePopover();
  }

  /**
   * The menu is a popover inside the row (so it goes with the row when the row is drawn anew),
   * shown in the top layer so the row's fixed height does not clip it, placed under the button.
   */
  #toggle(button, row, kind) {
    const rowEl = button.closest('[data-testid=job-row]');
    const wasOpen = this.open && rowEl?.contains(this.open);
    this.close();
    if (wasOpen) return;
    const item = h('button.danger', {
      type: 'button', role: 'menuitem', 'data-testid': kind === 'stop' ? 'job-stop' : 'job-delete',
      onclick: () => { this.close(); this.#confirm(kind, row); },
    }, kind === 'stop' ? t('act.stop') : t('act.delete'));
    const menu = h('div.jl-menu', { role: 'menu', 'aria-label': t('act.menu.label', { id: row.id }), popover: 'auto' }, item);
    menu.addEventListener('keydown', (e) => {
      if (e.key === 'Tab') this.close();
    });
    menu.addEventListener('toggle', (e) => {
      if (e.newState !== 'closed') return;
      button.setAttribute('aria-expanded', 'false');
      const inside = menu.contains(document.activeElement);
      menu.remove();
      if (this.open === menu) this.open = null;
      if (inside || document.activeElement === document.body) button.focus();
    });
    // A child of the row, not of the cell: the phone's card styles for cells would show it closed.
    rowEl.append(menu);
    this.open = menu;
    menu.showPopover();
    button.setAttribute('aria-expanded', 'true');
    const at = button.getBoundingClientRect();
    const { offsetWidth: w, offsetHeight: ht } = menu;
    menu.style.left = `${Math.max(8, Math.min(at.right - w, innerWidth - w - 8))}px`;
    menu.style.top = `${at.bottom + 4 + ht > innerHeight ? Math.max(8, at.top - ht - 4) : at.bottom + 4}px`;
    item.focus();
  }

  #buttonFor(key) {
    return [...this.root.querySelectorAll('[data-testid=job-row]')].find((el) => el.dataset.key === key)?.querySelector('.jl-act-btn');
  }

  #confirm(kind, row) {
    confirmAction({
      kind, id: row.id, entrypoint: row.entrypoint,
      then: t('act.then.list'),
      onConfirm: () => this.#run(kind, row),
      focusBack: () => this.#buttonFor(row.key ?? row.id),
    });
  }

  async #run(kind, row) {
    const request = this.requestFor(row);
    const { id } = row;
    const key = row.key ?? id;
    this.busy.set(key, kind);
    this.#paintButton(key);
    const say = (...children) => h('p.action-status', { role: 'status', 'data-testid': 'list-action-status', 'data-phase': 'sending' }, ...children);
    this.note.replaceChildren(say(kind === 'stop' ? t('act.list.sending.stop') : t('act.list.sending.delete'), ' ', h('code', {}, id), '…'));
    let done = false;
    let error = null;
    try {
      done = await sendAction(kind, request, id);
      if (!done) error = { code: 'DECLINED' };
    } catch (e) {
      error = e;
    }
    this.busy.delete(key);
    if (!this.note.isConnected) return; // the list was built anew (another server) meanwhile
    if (error) {
      this.note.replaceChildren(problemPanel(kind, error, { ...request, id }));
    } else if (kind === 'stop') {
      const line = say(t('act.list.accepted'), ' ', h('code', {}, id), t('act.list.accepted.what'));
      line.dataset.phase = 'stopping';
      this.note.replaceChildren(line);
    } else {
      this.note.replaceChildren(deletedCard({ id }, { submissionId: id, entrypoint: row.entrypoint }));
    }
    this.#paintButton(key);
    // Read afresh: the stopped job's status, the deleted job gone, or a declined job as it is.
    this.refresh();
  }

  #paintButton(id) {
    const button = this.#buttonFor(id);
    if (!button) return;
    const busy = this.busy.has(id);
    if (busy) button.setAttribute('aria-disabled', 'true'); else button.removeAttribute('aria-disabled');
    button.textContent = busy ? '…' : '⋯';
  }
}
