// The jobglass console (docs/console.md): one worker that serves the built page (Workers static
// assets, wrangler.toml), each cluster's own API under /c/{cluster}/ with sign-in, roles and an
// audit log (console.js), and the bearer-token routes /jobs… and /devserver/… that other
// dashboards use (edge.js, docs/api.md §13).
import { handleConsole } from './console.js';
import { edge, isEdgePath } from './edge.js';

// The Durable Object that holds each followed job's one upstream log tail (tails.js).
export { JobLogTail } from './tails.js';

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (isEdgePath(pathname)) return edge.fetch(request, env, ctx);
    const answer = await handleConsole(request, env, ctx);
    if (answer) return answer;
    // Page files are served before the worker runs; what reaches here is not a page file.
    return env.ASSETS ? env.ASSETS.fetch(request) : new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  },
};
