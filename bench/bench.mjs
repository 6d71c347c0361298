// `make bench`, Node part: parseJob and parseJobList against JSON.parse and a plain-JS
// normalizer, cold start, fetchJob against raw fetch on loopback, sizes. Prints one JSON object.
import { deepStrictEqual } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fetchJob, parseJob, parseJobList } from '../tests/js/lib/jobglass.mjs';
import { crossCheck } from './crosscheck.mjs';
import { compareParsers, median } from './measure.mjs';
import { normalizeJob, normalizeJobList } from './normalize.mjs';
import { bigList, payloads } from './payloads.mjs';

const root = new URL('../', import.meta.url);

const list = payloads();
// The plain normalizer must give the same answer, or the comparison means nothing.
for (const p of list) deepStrictEqual(normalizeJob(p), parseJob(p));
crossCheck({ parseJob, parseJobList });

const single = compareParsers(list, { JSONparse: JSON.parse, plain: normalizeJob, jobglass: parseJob });

// Lists of 10,000 and 100,000 jobs; the three parsers take turns in each round.
const bulkOf = (count, rounds) => {
  const text = bigList(list, count);
  deepStrictEqual(normalizeJobList(text), parseJobList(text));
  return compareParsers([text], { JSONparse: JSON.parse, plain: normalizeJobList, jobglass: parseJobList },
    { n: 1, rounds, warmup: 1 });
};
const bigText = bigList(list);
const bulk = bulkOf(10000, 7);
const bulk100k = bulkOf(100000, 3);

// Cold start in a fresh process each time: compile + instantiate, of the module in `dir`.
const coldStart = (dir) => median(Array.from({ length: 7 }, () => Number(execFileSync('node', ['--input-type=module', '-e', `
  const { readFileSync } = await import('node:fs');
  const { initSync } = await import(${JSON.stringify(new URL(`${dir}/jobglass.js`, root).href)});
  const bytes = readFileSync(${JSON.stringify(new URL(`${dir}/jobglass_bg.wasm`, root).pathname)});
  const t = performance.now();
  initSync({ module: new WebAssembly.Module(bytes) });
  console.log(performance.now() - t);`], { encoding: 'utf8' }))));
const cold = coldStart('pkg');
const coldParseOnly = coldStart('pkg/parse');

// fetchJob against fetch + JSON.parse over loopback, interleaved rounds.
const body = list[1];
const server = createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(body); });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
async function timed(n, call) { const t = performance.now(); for (let i = 0; i < n; i++) await call(); return performance.now() - t; }
const raw = async () => JSON.parse(await (await fetch(`${base}/api/jobs/demo-1`)).text());
const ours = () => fetchJob(base, 'demo-1');
await timed(200, raw); await timed(200, ours);
const rawTimes = []; const ourTimes = [];
for (let r = 0; r < 4; r++) { rawTimes.push(await timed(500, raw)); ourTimes.push(await timed(500, ours)); }
server.close();
const fetchMs = { raw: rawTimes.reduce((a, b) => a + b) / 2000, jobglass: ourTimes.reduce((a, b) => a + b) / 2000 };

const bytes = (p) => readFileSync(new URL(p, root));
// The gzip command's count, as `make build` reports it.
const gzipped = (p) => execFileSync('gzip', ['-9c', new URL(p, root).pathname]).length;
// The JavaScript a browser loads besides the wasm: jobglass.js and the snippets it imports.
const glueFiles = ['pkg/jobglass.js', ...readdirSync(new URL('pkg/snippets', root), { recursive: true })
  .filter((f) => f.endsWith('.js')).map((f) => `pkg/snippets/${f}`)];
const sum = (f) => glueFiles.reduce((n, p) => n + f(p), 0);
console.log(JSON.stringify({
  payloadBytes: { min: Math.min(...list.map((p) => p.length)), max: Math.max(...list.map((p) => p.length)), count: list.length },
  single, bulk, bulk100k, bulkBytes: bigText.length, coldStartMs: cold, coldStartParseOnlyMs: coldParseOnly, fetchMs,
  sizes: {
    wasm: bytes('pkg/jobglass_bg.wasm').length, wasmGzip: gzipped('pkg/jobglass_bg.wasm'),
    glue: sum((p) => bytes(p).length), glueGzip: sum(gzipped),
    parseOnlyWasmGzip: gzipped('pkg/parse/jobglass_bg.wasm'),
  },
}));
