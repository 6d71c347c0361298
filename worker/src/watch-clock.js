// The local clock of `make demo` (docs/notifications.md "Two clocks"): `wrangler dev` does not run
// Cron Triggers by itself, and its `--test-scheduled` route would let any page in the user's
// browser start rounds with a plain GET. A Durable Object alarm is the platform's own timer, is
// reached only through this binding, and runs the round every JOBGLASS_WATCH_SECONDS.
import { DurableObject } from 'cloudflare:workers';
import { ConfigError, readClusters } from './clusters.js';
import { readWatchConfig } from './watch-config.js';
import { watchRound } from './watch.js';

export class WatchClock extends DurableObject {
  /** Sets the alarm when none is set; called once per isolate by the worker (idempotent). */
  async start() {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
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
  ctx.waitUntil(clock.start().catch((e) => { asked = false; console.error(`jobglass watch: the clock did not start (${e?.message ?? e})`); }));
}
