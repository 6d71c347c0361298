// The console's watch round at scale (docs/notifications.md, docs/performance.md): one cluster of
// 100,000 generated Ray jobs (tests/servers/joblists.mjs), the console under `wrangler dev`
// (workerd, D1 as SQLite on disk) as the tests start it, rounds run through the Cron Trigger's
// handler. Printed: each round's time and the rows D1 says it wrote, for the first round (every
// job new), a round with nothing changed, and a round where 100 jobs ended (with a json rule
// posting to a local receiver). Figures are printed, never asserted.
// Usage: node bench/console-watch.mjs [JOBS=100000] [CHANGED=100]
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { consoleProject, startConsole } from '../tests/js/lib/console.mjs';
import { startDoubles } from '../tests/servers/doubles.mjs';
import { generatedId } from '../tests/servers/joblists.mjs';

const JOBS = Number(process.argv[2] ?? 100000);
const CHANGED = Number(process.argv[3] ?? 100);

const doubles = await startDoubles(0);
let posts = 0;
const receiver = createServer((req, res) => { req.resume(); req.on('end', () => { posts += 1; res.end('{}'); }); });
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const dir = consoleProject('jobglass-watch-bench-');
const control = (what, body) => fetch(`${doubles.url}/lists/live/watch/_control/${what}`, { method: 'POST', body: body && JSON.stringify(body) });
await control(`reset?n=${JOBS}`);

const c = await startConsole(dir, {
  JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'big', kind: 'ray', url: `${doubles.url}/lists/live/watch`, cacheSeconds: 0 }]),
  JOBGLASS_ORIGIN: 'http://127.0.0.1:8080',
  JOBGLASS_NOTIFY: JSON.stringify([{ when: ['FAILED', 'STOPPED', 'SUCCEEDED'], webhook: `http://127.0.0.1:${receiver.address().port}/hook`, format: 'json' }]),
}, { scheduled: true });

async function round() {
  const before = c.lines('watch').filter((l) => l.watch === 'round').length;
  const t0 = performance.now();
  const answer = await fetch(`${c.url}/__scheduled`);
  if (answer.status !== 200) throw new Error(`the round was not run: HTTP ${answer.status}`);
  while (c.lines('watch').filter((l) => l.watch === 'round').length <= before) await new Promise((r) => setTimeout(r, 20));
  const line = c.lines('watch').filter((l) => l.watch === 'round').at(-1);
  return { ...line, wallMs: performance.now() - t0 };
}

const fmt = (n) => Math.round(n).toLocaleString('en');
const rows = [];
try {
  rows.push(['first round (every job new)', await round()]);
  rows.push(['nothing changed', await round()]);
  // Generated job i is RUNNING when i % 20 is 3 or 4: CHANGED of them end.
  for (let k = 0; k < CHANGED; k++) await control('set', { id: generatedId(3 + 20 * k), status: 'SUCCEEDED' });
  rows.push([`${CHANGED} jobs ended`, await round()]);
} finally {
  await c.stop();
  await doubles.close();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nThe console's watch round, one cluster of ${fmt(JOBS)} Ray jobs (workerd, D1 on disk):\n`);
console.log('| round | jobs read | job rows written | delivery rows written | webhook POSTs | round (worker) | round (wall) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [what, r] of rows) console.log(`| ${what} | ${fmt(r.jobs)} | ${fmt(r.rowsWritten)} | ${fmt(r.deliveryRows)} | ${fmt(r.posted)} | ${fmt(r.ms)} ms | ${fmt(r.wallMs)} ms |`);
console.log(`\n(${posts} POSTs reached the receiver.)`);
