// A JobglassError explained in plain words, from its code, with what to do next, in the page's
// language (docs/page.md "Languages"); the code itself is shown as it is.
import { h } from './dom.js';
import { lang, t } from './i18n/index.js';

/** Text that comes from the library or a server, in its own words: marked as English for readers. */
export const quoted = (text) => h('q', { lang: 'en' }, text);
const asIs = (text) => h('span', { lang: 'en' }, text);

/** How to read this server through the console instead (docs/console.md), which the page reaches on its own origin. */
function consoleHelp(source) {
  return source === 'devserver'
    ? [t('err.console.serve'), ' ', h('code', {}, 'JOBGLASS_MODELARTS_UPSTREAM=https://… HUAWEICLOUD_SDK_PROJECT_ID=… HUAWEICLOUD_SDK_AK=… HUAWEICLOUD_SDK_SK=… make demo'),
      t('err.console.thenOpen'), h('code', {}, 'modelarts'), t('err.console.signs')]
    : [t('err.console.serve'), ' ', h('code', {}, 'JOBGLASS_UPSTREAM=http://host:port make demo'),
      t('err.console.thenOpen'), h('code', {}, 'local'), t('err.console.reads')];
}

/**
 * Whether the page's own Content-Security-Policy (its `connect-src`) lets it call `url`: a blocked
 * origin is known before any request is made, so the page says so instead of "may be down".
 */
export function allowedByPolicy(url) {
  let target;
  try { target = new URL(url, location.href); } catch { return true; }
  if (target.origin === location.origin) return true;
  const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '';
  const policies = [meta, self.jobglassPolicy ?? ''].filter(Boolean);
  return policies.every((p) => {
    const directive = /(?:^|;)\s*connect-src\s+([^;]*)/.exec(p)?.[1] ?? /(?:^|;)\s*default-src\s+([^;]*)/.exec(p)?.[1];
    if (!directive) return true;
    return directive.split(/\s+/).filter(Boolean).some((source) => matchesSource(source, target));
  });
}

function matchesSource(source, target) {
  if (source === '*') return /^(https?|wss?):$/.test(target.protocol);
  if (source === "'self'") return target.origin === location.origin;
  if (/^[a-z]+:$/.test(source)) return target.protocol === source;
  const m = /^(?:([a-z]+):\/\/)?(\*\.)?([^:/]+)(?::(\d+|\*))?/.exec(source);
  if (!m) return false;
  const [, scheme, wild, host, port] = m;
  if (scheme && `${scheme}:` !== target.protocol) return false;
  if (wild ? !target.hostname.endsWith(`.${host}`) : target.hostname !== host) return false;
  const targetPort = target.port || (target.protocol === 'https:' ? '443' : '80');
  return port === '*' || (port ?? (target.protocol === 'https:' ? '443' : '80')) === targetPort;
}

/**
 * Reads the policy the server sent with the page (a response header the page cannot see
 * otherwise), by asking for the page again without its body. Kept in `self.jobglassPolicy`.
 */
export async function readPolicy() {
  try {
    const res = await fetch(location.pathname, { method: 'HEAD', cache: 'no-store' });
    self.jobglassPolicy = res.headers.get('content-security-policy') ?? '';
  } catch { /* no policy known: every request is tried */ }
}

/** The page's own error for an endpoint its policy blocks (no request was made). */
export function blockedError(url) {
  return { code: 'BLOCKED_BY_POLICY', message: `connect-src does not allow ${url}`, url, blocked: true };
}

/** Headline and advice for `e`, shown for the request `req` ({source, endpoint, id, project}). */
export function explain(e, req) {
  if (req.cluster) {
    const said = consoleExplains(e, req);
    if (said) return said;
  }
  const where = req.cluster ? t('err.where.cluster', { cluster: req.cluster }) : req.endpoint || t('err.where.none');
  const list = req.view === 'list';
  const crossOrigin = (() => {
    try { return new URL(req.endpoint, location.href).origin !== location.origin; } catch { return false; }
  })();
  const serverSaid = (m) => [t('err.serverSaid'), ' ', quoted(m ?? t('err.nothingMore'))];
  switch (e?.code) {
    case 'BLOCKED_BY_POLICY':
      return [t('err.blocked.title', { where }),
        [t('err.blocked.why'), ' ', h('code', {}, 'JOBGLASS_CONNECT_SRC'), t('err.blocked.built'), ' ', ...consoleHelp(req.source)]];
    case 'NOT_FOUND':
      if (list) return [t('err.list.noRoute', { where }), [t('err.list.noRoute.advice'), ' ', ...serverSaid(e.serverMessage)]];
      return [t('err.notFound', { id: req.id, where }),
        [req.source === 'devserver' ? t('err.notFound.devserver', { project: req.project }) : t('err.notFound.job'), ' ',
          ...serverSaid(e.serverMessage)]];
    case 'NETWORK':
      return [t('err.network', { where }),
        crossOrigin
          ? [t('err.network.cors'), ' ', h('code', {}, 'JOBGLASS_CONNECT_SRC'), t('err.blocked.built'), ' ', ...consoleHelp(req.source)]
          : [t('err.network.down'), ' ', ...consoleHelp(req.source)]];
    case 'UNAUTHORIZED':
      return [t('err.unauthorized'),
        req.source === 'devserver'
          ? [t('err.unauthorized.devserver'), ' ', ...consoleHelp('devserver'), e.serverCode ? ` (${e.serverCode})` : '']
          : [t('err.unauthorized.header'), ' openYuanrong ', h('code', {}, 'X-Auth: <JWT>'), t('err.unauthorized.ray'), h('code', {}, 'Authorization: Bearer <token>'), t('err.end')]];
    case 'FORBIDDEN':
      return [t('err.forbidden'), t('err.forbidden.advice')];
    case 'TIMEOUT':
      return [t('err.timeout', { where }), t('err.timeout.advice')];
    case 'RATE_LIMITED':
      return [t('err.rateLimited'), t('err.rateLimited.advice')];
    case 'SERVER_ERROR':
      return [t('err.server', { where, status: e.status }), e.serverMessage ? serverSaid(e.serverMessage) : t('err.noReason')];
    case 'INVALID_ARGUMENT':
      return [t('err.invalidArgument'), asIs(e.message)];
    case 'INVALID_RESPONSE':
      if (list) return [t('err.list.notJobServer', { where }), [t('err.list.notJobServer.advice'), ' ', asIs(e.message)]];
      return [t('err.invalidResponse', { where }), [t('err.invalidResponse.advice'), ' ', asIs(e.message)]];
    case 'TOO_LARGE':
      if (list) return [t('err.list.tooLarge', { where }), [t('err.list.tooLarge.advice'), ' ', asIs(e.message)]];
      return [t('err.tooLarge'), asIs(e.message)];
    default:
      return [t('err.unknown'), asIs(String(e?.message ?? e))];
  }
}

/**
 * In the console the page talks only to the console, which talks to the cluster: what the user can
 * do about a failure is different (docs/api.md §12). Null where the general words fit.
 */
function consoleExplains(e, req) {
  const cluster = h('code', {}, req.cluster);
  switch (e?.code) {
    case 'NETWORK':
      return [t('err.console.network'), t('err.console.network.advice')];
    case 'UNAUTHORIZED':
      return [[t('err.console.unauthorized.a'), ' ', cluster, ' ', t('err.console.unauthorized.b')],
        [t('err.console.unauthorized.advice'), ' ', h('code', {}, 'headers'), ' (', h('code', {}, 'JOBGLASS_CLUSTERS'), ')', t('err.end')]];
    case 'FORBIDDEN':
      return [[t('err.console.forbidden'), ' ', cluster, t('err.end')], [t('err.console.forbidden.advice'),
        e.serverMessage ? [' ', t('err.itSaid'), ' ', quoted(e.serverMessage)] : '']];
    case 'SERVER_ERROR':
      return [[t('err.console.server.a'), ' ', cluster, ' ', t('err.console.server.b', { status: e.status })],
        [e.status === 502 || e.status === 504 ? `${t('err.console.server.gateway')} ` : '',
          e.serverMessage ? [t('err.itSaid'), ' ', quoted(e.serverMessage)] : t('err.noReason'), ' ', t('err.keepsTrying')]];
    default:
      return null;
  }
}

/** The error panel. */
export function errorPanel(e, req, { stale = false } = {}) {
  const [headline, advice] = explain(e, req);
  const facts = [
    ['fact.code', e?.code], ['fact.http', e?.status], ['fact.serverCode', e?.serverCode], ['fact.requestId', e?.requestId],
    ['fact.url', e?.url], ['fact.attempts', typeof e?.attempts === 'number' ? e.attempts.toLocaleString(lang()) : e?.attempts],
  ].filter(([, v]) => v !== null && v !== undefined);
  return h('section.card.error', { role: 'alert', 'data-testid': 'error', 'data-code': e?.code ?? 'UNKNOWN' },
    h('h2', {}, headline),
    h('p', {}, advice),
    stale ? h('p.hint', {}, t('err.stale')) : null,
    h('dl.facts', {}, facts.map(([k, v]) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, h('code.code', {}, String(v)))))));
}
