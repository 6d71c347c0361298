// `make bench`, the jobs list: the page in headless Chromium, served by the console (worker/ in
// workerd, started as the page tests start it: tests/page/console.mjs) whose clusters are the
// generated Ray lists (tests/servers/joblists.mjs), 10,000 and 100,000 jobs; the console passes
// each list's body through as a stream. Parsed by jobglass's wasm in the list worker, and the
// same page fed by JSON.parse plus the plain-JS normalizer (bench/normalize.mjs, `&engine=js`).
// Figures are printed, never asserted.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { startDoubles } from '../tests/servers/doubles.mjs';
import { launch } from '../tests/page/browser.mjs';
import { startConsole } from '../tests/page/console.mjs';

const SIZES = (process.env.JOBGLASS_BENCH_LIST_SIZES ?? '10000,100000').split(',').map(Number);
const ENGINES = ['wasm', 'js'];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };

const doubles = await startDoubles(0);
// One cluster per size; no response cache, so each engine's page reads the list from the double.
const demo = await startConsole({
  JOBGLASS_CLUSTERS: JSON.stringify(SIZES.map((n) => ({ name: `big-${n}`, kind: 'ray', url: `${doubles.url}/lists/big/${n}`, cacheSeconds: 0 }))),
});
const browser = await launch();
const results = [];

/** The resident memory of the page's renderer process (its worker included), in MB. */
async function rendererMb() {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  let most = 0;
  for (const p of processInfo.filter((x) => x.type === 'renderer')) {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'))[1]);
      most = Math.max(most, kb / 1024);
    } catch { /* gone */ }
  }
  return most;
}

try {
  for (const n of SIZES) {
    // Built once by the double before timing, as a real server would have it ready.
    await (await fetch(`${doubles.url}/lists/big/${n}/api/jobs/`)).arrayBuffer();
    for (const engine of ENGINES) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${demo.url}/?cluster=big-${n}&view=list&engine=${engine}`);
      await page.waitForFunction((want) => document.querySelector('[data-testid=job-count]')?.textContent === want,
        `${n.toLocaleString('en')} of ${n.toLocaleString('en')} jobs`, { timeout: 600000 });
      await page.waitForFunction(() => window.jobglassList.metrics.firstRowsAt);
      const load = await page.evaluate(() => {
        const m = window.jobglassList.metrics;
        return { lastByteToRowsMs: m.responseEnd ? m.firstRowsAt - m.responseEnd : null, longestTaskMs: Math.max(0, ...m.longTasks), longTasks: m.longTasks.length };
      });
      // Keystroke → rows: one character typed into the search box until the frame that shows its rows.
      const keys = [];
      for (const word of ['t', 'tr', 'tra', 'train', 'train-g', 'resnet', 'user1', 'T-00']) {
        keys.push(await page.evaluate((text) => new Promise((resolve) => {
          const root = document.getElementById('list-root');
          const input = document.querySelector('[data-testid=job-search]');
          const t0 = performance.now();
          root.addEventListener('jobglass:rendered', () => requestAnimationFrame(() => resolve(performance.now() - t0)), { once: true });
          input.value = text;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }), word));
      }
      const memoryMb = await rendererMb();
      results.push({ n, engine, ...load, keystrokeMs: median(keys), keystrokeMaxMs: Math.max(...keys), memoryMb });
      await page.close();
    }
  }
} finally {
  await browser.close();
  await demo.stop();
  await doubles.close();
}

const f = (x) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));
const lines = [
  '### The jobs list at scale (`make bench`, Chromium, generated Ray lists through the console)',
  '',
  '| jobs | parser (in the list worker) | last byte → first rows | longest main-thread task during load | keystroke → rows (median / worst) | tab memory (renderer RSS) |',
  '| --- | --- | --- | --- | --- | --- |',
  ...results.map((r) => `| ${r.n.toLocaleString('en')} | ${r.engine === 'wasm' ? 'jobglass (wasm)' : 'JSON.parse + plain JS'} | ${r.lastByteToRowsMs === null ? 'n/a (no resource timing)' : `${f(r.lastByteToRowsMs)} ms`} | ${r.longTasks ? `${f(r.longestTaskMs)} ms (${r.longTasks} over 50 ms)` : 'none over 50 ms'} | ${f(r.keystrokeMs)} / ${f(r.keystrokeMaxMs)} ms | ${f(r.memoryMb)} MB |`),
  '',
];
mkdirSync(new URL('../target/bench/', import.meta.url), { recursive: true });
writeFileSync(new URL('../target/bench/list.md', import.meta.url), lines.join('\n'));
writeFileSync(new URL('../target/bench/list.json', import.meta.url), JSON.stringify(results, null, 2));
console.log(lines.join('\n'));
