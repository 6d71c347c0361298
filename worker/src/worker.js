// The jobglass console (docs/console.md): one worker that serves the built page (Workers static
// assets, wrangler.toml), each cluster's own API under /c/{cluster}/ with sign-in, roles and an
// audit log (console.js), and the bearer-token routes /jobs… and /devserver/… that other
// dashboards use (edge.js, docs/api.md §13). The Cron Trigger runs the watch round
// (docs/notifications.md); under `make demo` the WatchClock Durable Object's alarm does.
import { handleConsole } from './console.js';
import { edge, isEdgePath } from './edge.js';
import { ConfigError } from './clusters.js';
import { startClock } from './watch-clock.js';
import { watchRound } from './watch.js';

export { WatchClock } from './watch-clock.js';

// The Durable Object that holds each followed job's one upstream log tail (tails.js).
export { JobLogTail } from './tails.js';

export default {
  async fetch(request, env, ctx) {
    startClock(env, ctx);
    const { pathname } = new URL(request.url);
    if (isEdgePath(pathname)) return edge.fetch(request, env, ctx);
    const answer = await handleConsole(request, env, ctx);
    if (answer) return answer;
    // Page files are served before the worker runs; what reaches here is not a page file.
    return env.ASSETS ? env.ASSETS.fetch(request) : new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  },

  async scheduled(event, env) {
    // Under `make demo` the Durable Object clock is the only one: wrangler dev's own scheduled
    // routes (/cdn-cgi/handler/scheduled, /__scheduled) are plain GETs any page could send.
    if (env.JOBGLASS_WATCH_CLOCK === 'alarm') return;
    // JOBGLASS_WATCH_CRON picks the round's schedule when wrangler.toml lists several.
    if (env.JOBGLASS_WATCH_CRON && event.cron && event.cron !== env.JOBGLASS_WATCH_CRON) return;
    try {
      await watchRound(env);
    } catch (e) {
      console.error(`jobglass watch: ${e instanceof ConfigError ? e.message : (e?.stack ?? e)}`);
    }
  },
};
