// A JobglassError explained in plain words, from its code, with what to do next.
import { h } from './dom.js';

/** How to read this server through the console instead (docs/console.md), which the page reaches on its own origin. */
function consoleHelp(source) {
  return source === 'devserver'
    ? ['Serve the page with the console: ', h('code', {}, 'JOBGLASS_MODELARTS_UPSTREAM=https://… HUAWEICLOUD_SDK_PROJECT_ID=… HUAWEICLOUD_SDK_AK=… HUAWEICLOUD_SDK_SK=… make demo'),
      ', then open its cluster ', h('code', {}, 'modelarts'), ': the console signs each request, so keys never reach the browser.']
    : ['Serve the page with the console: ', h('code', {}, 'JOBGLASS_UPSTREAM=http://host:port make demo'),
      ', then open its cluster ', h('code', {}, 'local'), ': the console reads the server for the page, which calls only its own origin.'];
}

/** Headline and advice for `e`, shown for the request `req` ({source, endpoint, id, project}). */
export function explain(e, req) {
  if (req.cluster) {
    const said = consoleExplains(e, req);
    if (said) return said;
  }
  const where = req.cluster ? `cluster ${req.cluster}` : req.endpoint || '(no endpoint)';
  const crossOrigin = (() => {
    try { return new URL(req.endpoint, location.href).origin !== location.origin; } catch { return false; }
  })();
  switch (e?.code) {
    case 'NOT_FOUND':
      return [`No job "${req.id}" at ${where}.`,
        [req.source === 'devserver' ? `Check the project id (${req.project}) and the job id. ` : 'Check the id: openYuanrong ids start with "app-"; Ray accepts a submission id or a job id. ',
          'The server said: ', h('q', {}, e.serverMessage ?? 'nothing more')]];
    case 'NETWORK':
      return [`Could not reach ${where}.`,
        crossOrigin
          ? ['The server may be down, or the browser blocked the request: openYuanrong\'s frontend and Ray\'s dashboard send no CORS headers, so a page on another origin cannot read them, and the page\'s Content-Security-Policy lets it call only its own origin and those in ',
            h('code', {}, 'JOBGLASS_CONNECT_SRC'), ' when it was built. ', ...consoleHelp(req.source)]
          : ['The server may be down. ', ...consoleHelp(req.source)]];
    case 'UNAUTHORIZED':
      return ['The server wants credentials.',
        req.source === 'devserver'
          ? ['ModelArts needs an IAM token (the Token field) or AK/SK signing. ', ...consoleHelp('devserver'), e.serverCode ? ` (${e.serverCode})` : '']
          : ['Add a header: openYuanrong takes ', h('code', {}, 'X-Auth: <JWT>'), ', Ray ', h('code', {}, 'Authorization: Bearer <token>'), '.']];
    case 'FORBIDDEN':
      return ['The server refused these credentials.', 'The token is wrong or lacks the permission to view this job.'];
    case 'TIMEOUT':
      return [`${where} did not answer in time.`, 'The server or the network is slow; the page keeps trying.'];
    case 'RATE_LIMITED':
      return ['The server asks to slow down.', 'The page waits and tries again.'];
    case 'SERVER_ERROR':
      return [`${where} failed (HTTP ${e.status}).`, e.serverMessage ? ['The server said: ', h('q', {}, e.serverMessage)] : 'It gave no reason.'];
    case 'INVALID_ARGUMENT':
      return ['Check the form.', e.message];
    case 'INVALID_RESPONSE':
      return [`${where} answered, but not with a job.`, ['Is this the right endpoint? ', e.message]];
    case 'TOO_LARGE':
      return ['The answer is too large to show.', e.message];
    default:
      return ['Something went wrong.', String(e?.message ?? e)];
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
      return ['Could not reach the console.', 'The console server may have stopped or the network is down; the page keeps trying.'];
    case 'UNAUTHORIZED':
      return [['Cluster ', cluster, ' refused the console\'s credentials.'],
        ['The console signed you in, but the cluster\'s server asks for credentials the console did not have or that it refused: its operators set them in the cluster\'s ',
          h('code', {}, 'headers'), ' in ', h('code', {}, 'JOBGLASS_CLUSTERS'), '.']];
    case 'FORBIDDEN':
      return [['Not allowed on cluster ', cluster, '.'], ['The console or the cluster\'s server refused this request.',
        e.serverMessage ? [' It said: ', h('q', {}, e.serverMessage)] : '']];
    case 'SERVER_ERROR':
      return [['Cluster ', cluster, ` failed (HTTP ${e.status}).`],
        [e.status === 502 || e.status === 504 ? 'The console could not get an answer from the cluster\'s server: it may be down. ' : '',
          e.serverMessage ? ['It said: ', h('q', {}, e.serverMessage)] : 'It gave no reason.', ' The page keeps trying.']];
    default:
      return null;
  }
}

/** The error panel. */
export function errorPanel(e, req, { stale = false } = {}) {
  const [headline, advice] = explain(e, req);
  const facts = [
    ['code', e?.code], ['HTTP', e?.status], ['server code', e?.serverCode], ['request id', e?.requestId],
    ['URL', e?.url], ['attempts', e?.attempts],
  ].filter(([, v]) => v !== null && v !== undefined);
  return h('section.card.error', { role: 'alert', 'data-testid': 'error', 'data-code': e?.code ?? 'UNKNOWN' },
    h('h2', {}, headline),
    h('p', {}, advice),
    stale ? h('p.hint', {}, 'The job below is the last state seen.') : null,
    h('dl.facts', {}, facts.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, h('code', {}, String(v)))))));
}
