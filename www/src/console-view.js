// What the page shows in the console (docs/api.md §12) besides jobs: which request a console URL
// or the cluster picker means, and the cards for a cluster it cannot read.
import { clusterRequest, consoleState } from './console.js';
import { h } from './dom.js';
import { t } from './i18n/index.js';
import { listFromUrl } from './list/view.js';

/** Every cluster's jobs in one list, with the list's filters from `q`. */
const everyCluster = (q) => ({ ...listFromUrl(q), source: 'job', endpoint: '', project: '', cluster: '*' });

/**
 * The console's URLs: `?cluster=NAME&id=…` a job, `?cluster=NAME` or `&view=list` its list,
 * `?cluster=*` every cluster's jobs in one list, and with no query the console's home: that one
 * list (or the only cluster's). Null for a URL of the table above it (`source`, `endpoint`,
 * `sample`), which still works in the console.
 */
export function consoleFromUrl(q) {
  const keys = [...q.keys()].filter((k) => k !== 'engine');
  let name = q.get('cluster');
  if (name === null) {
    if (keys.length) return null;
    name = consoleState.clusters.length === 1 ? consoleState.clusters[0].name : '*';
  }
  if (name === '*') return everyCluster(q);
  const id = q.get('id') ?? '';
  if (q.get('view') === 'list' || !id) return { ...listFromUrl(q), ...clusterRequest(name) };
  return clusterRequest(name, { id });
}

/**
 * What the picker and the id box ask for: a cluster's job, or without an id its list; with
 * "All clusters" picked, every cluster's list searched for the id typed.
 */
export function consoleFromForm(name, id) {
  if (name === '*') return everyCluster(new URLSearchParams({ q: id }));
  return id ? clusterRequest(name, { id }) : { ...listFromUrl(new URLSearchParams()), ...clusterRequest(name) };
}

/** The picker's options: every cluster, and "All clusters" when there is more than one. */
export function pickerOptions() {
  const options = consoleState.clusters.map((c) => h('option', { value: c.name }, `${c.name} · ${c.kind}`));
  if (consoleState.clusters.length > 1) options.unshift(h('option', { value: '*' }, t('console.allClusters')));
  return options;
}

/** A `?cluster=` this console does not serve: said, with the ones it does. */
export function noSuchClusterCard(name) {
  return h('section.card.error', { role: 'alert', 'data-testid': 'error', 'data-code': 'NO_SUCH_CLUSTER' },
    h('h2', {}, t('console.noSuchCluster', { name })),
    h('p', {}, consoleState.clusters.length
      ? [t('console.serves'), ' ', consoleState.clusters.map((c, i) => [i ? t('console.comma') : '', h('a', { href: `?cluster=${encodeURIComponent(c.name)}` }, c.name)]), t('err.end')]
      : t('console.servesNone')));
}

