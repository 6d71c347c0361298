// The local clock of `make demo` (docs/notifications.md "Two clocks"): `wrangler dev` does not run
// Cron Triggers by itself, and its `--test-scheduled` route would let any page in the user's
// browser start rounds with a plain GET. A Durable Object alarm is the platform's own timer, is
// reached only through this binding, and runs the round every JOBGLASS_WATCH_SECONDS.
import { ConfigError, readClusters } from './clusters.js';
import { readWatchConfig } from './watch-config.js';
import { watchRound } from './watch.js';

// A plain class (no `cloudflare:workers` import), so bundlers that know nothing of workerd's
// built-in modules bundle this worker too; the worker reaches it with fetch, not RPC.
export class WatchClock {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }

  /** Any request sets the alarm when none is set; the worker sends one per isolate (idempotent). */
  async fetch() {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
    return new Response(null, { status: 204 });
  }

  async alarm() {
    let seconds = 60;
    try {
      seconds = readWatchConfig(this.env, [...readClusters(this.env).keys()]).watchSeconds;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
    }
    // The next tick first, so a failed round does not stop the clock.
    await this.ctx.storage.setAlarm(Date.now() + seconds * 1000);
    try {
      await watchRound(this.env);
    } catch (e) {
      console.error(`jobglass watch: ${e instanceof ConfigError ? e.message : (e?.stack ?? e)}`);
    }
  }
}

let asked = false;
/** Under `make demo` (JOBGLASS_WATCH_CLOCK=alarm), makes sure the clock is ticking. */
export function startClock(env, ctx) {
  if (asked || env.JOBGLASS_WATCH_CLOCK !== 'alarm' || !env.JOBGLASS_CLOCK) return;
  asked = true;
  const clock = env.JOBGLASS_CLOCK.get(env.JOBGLASS_CLOCK.idFromName('watch'));
  ctx.waitUntil(clock.fetch('https://clock.invalid/start').catch((e) => { asked = false; console.error(`jobglass watch: the clock did not start (${e?.message ?? e})`); }));
}
