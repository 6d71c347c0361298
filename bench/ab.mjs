// Compares builds side by side in one Node process: `node bench/ab.mjs DIR...` (each DIR a
// scripts/build.sh OUT, e.g. a baseline and a candidate). Rounds interleave the builds and the
// plain-JS normalizer so that the machine's noise hits all of them alike; prints medians.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './measure.mjs';
import { normalizeJob, normalizeJobList } from './normalize.mjs';
import { bigList, payloads } from './payloads.mjs';

const dirs = process.argv.slice(2);
const list = payloads();
const big = bigList(list);
const builds = [];
for (const dir of dirs) {
  const m = await import(pathToFileURL(resolve(dir, 'jobglass.js')).href);
  m.initSync({ module: readFileSync(resolve(dir, 'jobglass_bg.wasm')) });
  builds.push({ name: dir, parseJob: m.parseJob, parseJobList: m.parseJobList });
}
const time = (n, f) => { const t = performance.now(); for (let i = 0; i < n; i++) f(i); return ((performance.now() - t) * 1e3) / n; };
const one = (f) => (i) => f(list[i % list.length]);
const cands = [['JSON.parse', JSON.parse, (s) => JSON.parse(s)], ['plain JS', normalizeJob, normalizeJobList],
  ...builds.map((b) => [b.name, b.parseJob, b.parseJobList])];
const rounds = Number(process.env.ROUNDS ?? 7);
const single = cands.map(() => []); const bulk = cands.map(() => []);
for (const [, f] of cands) time(3000, one(f));
for (let r = 0; r < rounds; r++) {
  cands.forEach(([, f], k) => single[k].push(time(2000, one(f))));
  cands.forEach(([, , g], k) => bulk[k].push(time(1, () => g(big)) / 1000));
}
const plain = [median(single[1]), median(bulk[1])];
for (const [k, [name]] of cands.entries()) {
  const s = median(single[k]); const b = median(bulk[k]);
  console.log(`${name.padEnd(24)} parseJob ${s.toFixed(2).padStart(7)} µs (${(s / plain[0]).toFixed(2)}× plain)   `
    + `list of 10,000 ${b.toFixed(1).padStart(7)} ms (${(b / plain[1]).toFixed(2)}× plain)`);
}
