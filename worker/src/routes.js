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
// Ray's read-only routes for looking inside a job (docs/api.md §15), each with the query the
// library sends and nothing more: every parameter is named with the form its value must have, so
// a viewer can list one job's tasks, one node's worker logs and read a worker's `.out`/`.err`, but
// no other file of the head (no `filename=../…`, no `glob=*`, no dashboard or internal log).
const HEX_ID = /^[0-9a-f]{1,128}$/i;
const JOB_LIST_QUERY = {
  limit: { form: /^([1-9][0-9]{0,5}|1000000)$/ },
  detail: { form: /^1$/ },
  filter_keys: { form: /^job_id$/, required: true },
  filter_predicates: { form: /^=$/, required: true },
  filter_values: { form: HEX_ID, required: true },
};
const INSIDE = [
  { method: 'GET', path: 'api/v0/tasks', query: JOB_LIST_QUERY },
  { method: 'GET', path: 'api/v0/actors', query: JOB_LIST_QUERY },
  { method: 'GET', path: 'api/v0/logs', query: { node_id: { form: HEX_ID, required: true }, glob: { form: /^worker-\*$/, required: true } } },
  {
    method: 'GET',
    path: 'api/v0/logs/file',
    query: {
      node_id: { form: HEX_ID, required: true },
      // A worker's own file, as Ray names it: worker-{worker id}-{job id}-{pid}.out|.err.
      filename: { form: /^worker-[0-9a-f]{1,128}-[0-9a-f]{1,64}-[0-9]{1,10}\.(out|err)$/, required: true },
      lines: { form: /^(-1|[1-9][0-9]{0,8})$/ },
    },
  },
  { method: 'GET', path: 'api/cluster_status', query: {} },
];
const ACTIONS = [
  { method: 'POST', path: 'api/jobs/:id/stop', action: 'stop' },
  { method: 'DELETE', path: 'api/jobs/:id', action: 'delete' },
];

export const ROUTES = {
  ray: [...READS, ...INSIDE, ...ACTIONS],
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

/**
 * The query a route with a `query` table forwards: only the parameters it names, each once and
 * of its form, re-encoded in the table's order; `{search}` or `{error}` (a sentence for the
 * viewer). A route without a table forwards the viewer's query as it came.
 */
export function allowedQuery(route, search) {
  if (!route.query) return { search };
  const given = new URLSearchParams(search);
  const out = new URLSearchParams();
  for (const name of new Set(given.keys())) {
    if (!Object.hasOwn(route.query, name)) return { error: `the query parameter "${name}" is not forwarded on this route` };
  }
  for (const [name, { form, required }] of Object.entries(route.query)) {
    const values = given.getAll(name);
    if (values.length > 1) return { error: `the query parameter "${name}" is given more than once` };
    if (values.length === 0) {
      if (required) return { error: `the query parameter "${name}" is needed on this route` };
      continue;
    }
    if (!form.test(values[0])) return { error: `the query parameter "${name}" has a value this route does not forward` };
    out.set(name, values[0]);
  }
  const text = out.toString();
  return { search: text ? `?${text}` : '' };
}
