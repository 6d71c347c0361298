// `make bench`, the Logs tab in Chromium: time to show a 200,000-line log (lines split, colours
// tracked, the first screen painted) and to search it (every match counted, the current one
// shown), with the page's own log view (www/src/logs/view.js). Prints one JSON object.
import { launch } from '../tests/page/browser.mjs';
import { serveRepo } from './serve.mjs';

const server = await serveRepo('<!doctype html><link rel="stylesheet" href="/www/style.css"><link rel="stylesheet" href="/www/logs.css"><main id="m"></main>');
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${server.url}/`);
const result = await page.evaluate(async () => {
  const { LogView } = await import('/www/src/logs/view.js');
  const { logLines } = await import('/tests/servers/logtext.mjs');
  const text = logLines(1, 200000);
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const show = []; const search = []; const jump = [];
  let matches = '';
  for (let round = 0; round < 5; round++) {
    const view = new LogView();
    document.getElementById('m').replaceChildren(view.findBar, view.viewport);
    await frame();
    let t = performance.now();
    view.append(text);
    view.render();
    void view.viewport.offsetHeight; // layout
    await frame(); // painted
    show.push(performance.now() - t);
    t = performance.now();
    view.setQuery('needle-42');
    view.render();
    await frame();
    search.push(performance.now() - t);
    matches = view.count.textContent;
    t = performance.now();
    view.scrollToLine(100000);
    view.render();
    await frame();
    jump.push(performance.now() - t);
    if (view.viewport.querySelectorAll('[data-testid=log-line]').length > 100) throw new Error('not virtualized');
  }
  return { lines: 200000, bytes: new Blob([text]).size, showMs: median(show), searchMs: median(search), jumpMs: median(jump), matches };
});
console.log(JSON.stringify({ ...result, chromium: browser.version() }));
await browser.close();
server.close();
