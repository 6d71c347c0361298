// The every-cluster list's own parts (the console's `?cluster=*`, docs/api.md §12): one chip per
// cluster with its count, pressed like the status chips, and the note naming the clusters that
// could not be read while the others' jobs are shown.
import { consoleState } from '../console.js';
import { h } from '../dom.js';
import { num, t } from '../i18n/index.js';

export class ClusterChips {
  /** `toggle(name)` is called when a chip is pressed or released. */
  constructor(toggle) {
    this.chips = new Map();
    this.el = h('div.jl-chips.jl-clusters', { role: 'group', 'aria-label': t('list.filterCluster') },
      consoleState.clusters.map((c) => {
        const count = h('span.jl-n', {}, '0');
        const chip = h('button.jl-chip.jl-cluster', {
          type: 'button', 'data-testid': 'cluster-filter', 'data-cluster': c.name, 'aria-pressed': 'false',
          onclick: () => toggle(c.name),
        }, h('span.jl-cname', {}, c.name), count);
        this.chips.set(c.name, { chip, count });
        return chip;
      }));
  }

  /** Which chips are pressed: the clusters in `filter`. */
  paint(filter) {
    for (const [c, { chip }] of this.chips) chip.setAttribute('aria-pressed', String(filter.includes(c)));
  }

  /** The worker's per-cluster counts (of the jobs the search and the status chips let through). */
  counts(byCluster = {}) {
    for (const [c, { count }] of this.chips) count.textContent = num(byCluster[c] ?? 0);
  }
}

/** `filter` with cluster `name` pressed or released, in the console's order. */
export function toggled(filter, name) {
  const set = new Set(filter);
  if (set.has(name)) set.delete(name); else set.add(name);
  return consoleState.clusters.map((c) => c.name).filter((c) => set.has(c));
}

/** The clusters that could not be read (`[{cluster, error}]`), as a card; null when none. */
export function failedClustersCard(failed) {
  if (!failed.length) return null;
  return h('section.card.error.jl-parts', { role: 'alert', 'data-testid': 'cluster-error' },
    h('h2', {}, failed.length === 1 ? t('list.clusterFailed', { cluster: failed[0].cluster }) : t('list.clustersFailed', { n: num(failed.length) })),
    h('ul', {}, failed.map(({ cluster, error }) => h('li', { 'data-cluster': cluster, 'data-code': error.code },
      h('strong', {}, cluster), `: ${error.code}${error.status ? ` (HTTP ${error.status})` : ''}`))),
    h('p.hint', {}, t('list.clustersFailed.hint')));
}
