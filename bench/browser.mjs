// `make bench`, Chromium part: the same parser comparison and a cold start, in a real page.
import { launch } from '../tests/page/browser.mjs';
import { payloads } from './payloads.mjs';
import { serveRepo } from './serve.mjs';

const server = await serveRepo('<!doctype html><title>bench</title>');
const browser = await launch();
const page = await browser.newPage();
await page.goto(`${server.url}/`);
const single = await page.evaluate(async (list) => {
  const { parseJob } = await import('/pkg/index.js');
  const { compareParsers } = await import('/bench/measure.mjs');
  const { normalizeJob } = await import('/bench/normalize.mjs');
  return compareParsers(list, { JSONparse: JSON.parse, plain: normalizeJob, jobglass: parseJob });
}, payloads());
// The lists of 10,000 and 100,000 jobs, the three parsers taking turns in each round.
const lists = {};
for (const [count, rounds] of [[10000, 7], [100000, 3]]) {
  lists[count] = await page.evaluate(async ({ list, count, rounds }) => {
    const { parseJobList } = await import('/pkg/index.js');
    const { bigList, compareParsers } = await import('/bench/measure.mjs');
    const text = bigList(list, count);
    const { normalizeJobList } = await import('/bench/normalize.mjs');
    return compareParsers([text], { JSONparse: JSON.parse, plain: normalizeJobList, jobglass: parseJobList },
      { n: 1, rounds, warmup: 1 });
  }, { list: payloads(), count, rounds });
}
// Cold start: compile and instantiate in a fresh page each round.
const cold = [];
for (let i = 0; i < 7; i++) {
  await page.goto(`${server.url}/?${i}`);
  cold.push(await page.evaluate(async () => {
    const bytes = await (await fetch('/pkg/jobglass_bg.wasm')).arrayBuffer();
    const { initSync } = await import('/pkg/jobglass.js');
    const t = performance.now();
    initSync({ module: new WebAssembly.Module(bytes) });
    return performance.now() - t;
  }));
}
const result = { single, bulk: lists[10000], bulk100k: lists[100000], coldStartMs: cold.sort((a, b) => a - b)[3] };
console.log(JSON.stringify({ ...result, chromium: browser.version() }));
await browser.close();
server.close();
