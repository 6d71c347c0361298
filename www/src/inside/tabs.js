// The job page's tabs, Details | Tasks | Logs (docs/page.md "Tabs"): `&tab=tasks` or `&tab=logs`
// in the URL, `&file=NAME` for the Logs tab's file. A WAI-ARIA tablist: the tabs are links (a
// middle click opens one in a new tab), arrow keys, Home and End move between them.
import { h } from '../dom.js';
import { t } from '../i18n/index.js';

export const TABS = ['details', 'tasks', 'logs'];
const TAB_NAMES = { details: 'tabs.details', tasks: 'tabs.tasks', logs: 'tabs.logs' };

/** The tab the URL names. */
export function currentTab() {
  const tab = new URLSearchParams(location.search).get('tab');
  return TABS.includes(tab) ? tab : 'details';
}

/** The log file the URL names (absent: the driver's log). */
export const currentFile = () => new URLSearchParams(location.search).get('file');

/**
 * This page's URL on `tab`; `file` sets the Logs tab's file (undefined keeps it, null drops it),
 * `line` adds `#L{line}`. Other parameters stay as they are.
 */
export function tabUrl(tab, { file, line } = {}) {
  const q = new URLSearchParams(location.search);
  if (tab === 'details') q.delete('tab'); else q.set('tab', tab);
  if (file === null || tab !== 'logs') q.delete('file');
  else if (file !== undefined) {
    if (file === 'driver') q.delete('file'); else q.set('file', file);
  }
  return `${location.pathname}?${q}${line ? `#L${line}` : ''}`;
}

/** The id of the panel a tab controls. */
export const panelId = (tab) => `tabpanel-${tab}`;

/**
 * The tab bar. `why` maps a tab to a sentence when it has nothing to show (it is still offered:
 * its panel says so); `go(url, tab)` follows a tab's link in the page.
 */
export function tabBar(current, go, why = {}) {
  const tabs = TABS.map((tab) => h('a.tab', {
    href: tabUrl(tab), role: 'tab', id: `tab-${tab}`, 'data-testid': `tab-${tab}`,
    'aria-selected': String(tab === current), 'aria-controls': panelId(tab), tabindex: tab === current ? '0' : '-1',
    'aria-current': tab === current ? 'page' : null,
    'aria-disabled': why[tab] ? 'true' : null, title: why[tab] ?? null,
    onclick: (e) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      if (tab !== current) go(tabUrl(tab), tab);
    },
  }, t(TAB_NAMES[tab])));
  const bar = h('nav.tabs', { role: 'tablist', 'aria-label': t('tabs.label') }, tabs);
  bar.addEventListener('keydown', (e) => {
    const at = tabs.indexOf(document.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    next.focus();
    next.click();
  });
  return bar;
}

/** A tab's panel: what the tab controls, labelled by it. */
export function tabPanel(tab, ...children) {
  return h('section.tab-panel', { role: 'tabpanel', id: panelId(tab), 'aria-labelledby': `tab-${tab}`, 'data-testid': `panel-${tab}` }, ...children);
}
