// What the console forwards to a cluster, as data: per kind, each route's method and path under
// /c/{cluster}/ (`:id` and `:project` bind one segment). The router and the tests both read this
// table (docs/console.md "Routes"). Anything else is 404, another method on a known path 405.

const READS = [
  { method: 'GET', path: 'api/jobs' },
  { method: 'GET', path: 'api/jobs/' },
  { method: 'GET', path: 'api/jobs/:id' },
  { method: 'GET', path: 'api/jobs/:id/logs' },
  // Browsers apply no CORS to WebSockets: only the page's own Origin may open it.
  { method: 'GET', path: 'api/jobs/:id/logs/tail', websocket: true },
];
const ACTIONS = [
  { method: 'POST', path: 'api/jobs/:id/stop', action: 'stop' },
  { method: 'DELETE', path: 'api/jobs/:id', action: 'delete' },
];

export const ROUTES = {
  ray: [...READS, ...ACTIONS],
  openyuanrong: [...READS, ...ACTIONS],
  modelarts: [
    { method: 'GET', path: 'v1/:project/dev-servers/jobs' },
    { method: 'GET', path: 'v1/:project/dev-servers/jobs/:id' },
  ],
  // The embedded samples answer reads only.
  samples: READS,
};

const split = (path) => path.split('/');

/**
 * A segment that names one thing: not empty, not `.` or `..`, valid percent-encoding, no `/` or
 * `\` once decoded (the upstream would decode and climb). Returns the decoded text or null.
 */
function plainSegment(segment) {
  let text;
  try {
    text = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return text === '' || text === '.' || text === '..' || /[/\\]/.test(text) ? null : text;
}

/**
 * `{cluster, rest}` for a pathname `/c/{cluster}/{rest}`, rest kept raw (still percent-encoded),
 * or null when the path is not under /c/.
 */
export function clusterPath(pathname) {
  const m = /^\/c\/([^/]*)(?:\/(.*))?$/.exec(pathname);
  return m ? { cluster: m[1], rest: m[2] ?? '' } : null;
}

/**
 * The route of `kind` for `method` and the raw `rest` of a /c/ path: `{route, params}` (params
 * decoded), or `{status: 404}` / `{status: 405, allow}`. Empty, dot and slash-bearing segments
 * never match a parameter, so no path leaves the table.
 */
export function matchRoute(kind, method, rest) {
  const segments = split(rest);
  const matches = [];
  for (const route of ROUTES[kind] ?? []) {
    const parts = split(route.path);
    if (parts.length !== segments.length) continue;
    const params = {};
    const ok = parts.every((part, i) => {
      if (!part.startsWith(':')) return part === segments[i];
      const value = plainSegment(segments[i]);
      if (value === null) return false;
      params[part.slice(1)] = value;
      return true;
    });
    if (ok) matches.push({ route, params });
  }
  const found = matches.find((m) => m.route.method === method);
  if (found) return found;
  if (matches.length) return { status: 405, allow: [...new Set(matches.map((m) => m.route.method))].join(', ') };
  return { status: 404 };
}

/** The upstream path of a matched route: the table's path with each parameter encoded as one segment. */
export function upstreamPath(route, params) {
  return split(route.path).map((part) => (part.startsWith(':') ? encodeURIComponent(params[part.slice(1)]) : part)).join('/');
}
