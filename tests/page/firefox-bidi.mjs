#!/usr/bin/env node
// Stock Firefox (Debian's firefox-esr) for playwright-core's WebDriver BiDi backend: Playwright
// launches this file as its Firefox. It starts the real Firefox with the same arguments, and stands
// between the two as a WebSocket proxy that passes every BiDi message through unchanged, except
// the commands Playwright sends that this Firefox does not implement:
// - emulation.setMediaFeaturesOverride (prefers-color-scheme): done for real by setting the
//   tab's BrowsingContext.prefersColorSchemeOverride (what Firefox's devtools use) from a
//   privileged script, per page, and for a Playwright context on each page it opens.
// - browsingContext.downloadWillBegin/downloadEnd of a download that is not a navigation (an
//   <a download> of a blob: URL) come with neither `download` nor `navigation` id, and Playwright
//   drops them: the proxy gives each such download an id, the same in its begin and end events.
// Any other "unknown command" is passed back to Playwright as Firefox answered it.
// Env FIREFOX_BIDI=/path/to/firefox (default /usr/bin/firefox-esr), FIREFOX_BIDI_LOG=file logs
// every error Firefox answers (a command it does not know among them).
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { WebSocket, WebSocketServer } from 'ws';

const firefoxPath = process.env.FIREFOX_BIDI ?? '/usr/bin/firefox-esr';
const logFile = process.env.FIREFOX_BIDI_LOG;
const log = (line) => { if (logFile) appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`); };

// The privileged script runs in the browser window's chrome realm (needs this flag).
const firefox = spawn(firefoxPath, [...process.argv.slice(2), '--remote-allow-system-access'], { stdio: ['ignore', 'pipe', 'pipe'] });
firefox.stdout.pipe(process.stdout);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => { firefox.kill(signal); });
}
// Playwright ends Firefox by closing the browser, or by killing this process group; should
// Playwright's process end without either, its end of our stdin closes, and Firefox goes too.
process.stdin.on('close', () => firefox.kill('SIGTERM'));
process.stdin.resume();
process.on('exit', () => firefox.kill('SIGKILL'));
firefox.on('exit', (code, signal) => { process.exitCode = code ?? (signal ? 1 : 0); server?.close(); process.exit(); });
firefox.on('error', (e) => { process.stderr.write(`${e.message}\n`); process.exit(1); });

let server;
createInterface({ input: firefox.stderr }).on('line', (line) => {
  const match = line.match(/^(.*)WebDriver BiDi listening on (ws:\/\/\S*)$/);
  if (!match || server) { process.stderr.write(`${line}\n`); return; }
  const upstream = match[2];
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 256 * 1024 * 1024 });
  server.on('listening', () => {
    process.stderr.write(`${match[1]}WebDriver BiDi listening on ws://127.0.0.1:${server.address().port}\n`);
  });
  server.on('connection', (client, request) => proxy(client, `${upstream}${request.url === '/' ? '' : request.url}`));
});

/** One Playwright connection, forwarded to Firefox's `url`. */
function proxy(client, url) {
  const firefoxSide = new WebSocket(url, { maxPayload: 256 * 1024 * 1024 });
  const early = [];
  let nextId = Number.MAX_SAFE_INTEGER - 1000; // below Playwright's own shutdown ids, far above its counter
  const mine = new Map(); // id of a command this proxy sent → its resolve/reject
  const tops = new Map(); // top-level browsing context → its user context
  const schemes = new Map(); // user context → the colour scheme Playwright set for its new pages
  let chromeContext; // the browser window's chrome browsing context, for privileged scripts
  // Firefox's messages reach Playwright in order; one may wait for the override of the new tab it
  // announces, so that Playwright never sees the page before its colour scheme is in place.
  let toClient = Promise.resolve();
  const methods = new Map(); // id of a command of Playwright's → its method, for the log
  const downloads = new Map(); // context and url of a download under way → the id given to it
  let downloadCount = 0;

  const send = (method, params) => new Promise((resolve, reject) => {
    const id = nextId++;
    mine.set(id, { resolve, reject });
    firefoxSide.send(JSON.stringify({ id, method, params }));
  });
  const reply = (id, result) => client.send(JSON.stringify({ type: 'success', id, result }));
  const fail = (id, e) => client.send(JSON.stringify({ type: 'error', id, error: 'unknown error', message: String(e?.message ?? e) }));

  async function privileged(fn, ...args) {
    chromeContext ??= (await send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 })).contexts[0].context;
    const result = await send('script.callFunction', {
      functionDeclaration: String(fn),
      arguments: args.map((value) => ({ type: 'string', value })),
      target: { context: chromeContext }, awaitPromise: true,
    });
    if (result.type === 'exception') throw new Error(`privileged script: ${result.exceptionDetails.text}`);
    return result.result?.value;
  }
  // `scheme`: 'light', 'dark' or 'none' (no override), for the tab of each context in `ids`.
  const setScheme = (ids, scheme) => Promise.all(ids.map((id) => privileged((id, value) => {
    const { NavigableManager } = ChromeUtils.importESModule('chrome://remote/content/shared/NavigableManager.sys.mjs');
    const context = NavigableManager.getBrowsingContextById(id);
    if (!context) throw new Error(`no browsing context ${id}`);
    context.top.prefersColorSchemeOverride = value;
    return context.top.prefersColorSchemeOverride;
  }, id, scheme)));

  async function mediaFeatures({ features = {}, contexts, userContexts }) {
    const keys = Object.keys(features).filter((k) => k !== 'prefers-color-scheme');
    if (keys.length) throw new Error(`media features other than prefers-color-scheme are not emulated: ${keys.join(', ')}`);
    const value = features['prefers-color-scheme'];
    const scheme = value === 'light' || value === 'dark' ? value : 'none';
    if (contexts) await setScheme(contexts, scheme);
    for (const user of userContexts ?? []) {
      schemes.set(user, scheme);
      await setScheme([...tops].filter(([, u]) => u === user).map(([c]) => c), scheme);
    }
  }

  client.on('message', (data) => {
    let message;
    try { message = JSON.parse(data); } catch { message = null; }
    if (message?.method === 'emulation.setMediaFeaturesOverride') {
      const run = () => mediaFeatures(message.params).then(() => reply(message.id, {}), (e) => fail(message.id, e));
      if (firefoxSide.readyState === WebSocket.OPEN) run(); else early.push(run);
      return;
    }
    if (logFile && message) methods.set(message.id, message.method);
    if (firefoxSide.readyState === WebSocket.OPEN) firefoxSide.send(data.toString()); else early.push(() => firefoxSide.send(data.toString()));
  });
  firefoxSide.on('open', () => { for (const f of early.splice(0)) f(); });
  firefoxSide.on('message', (data) => {
    let text = data.toString();
    const message = JSON.parse(text);
    if (mine.has(message.id)) {
      const { resolve, reject } = mine.get(message.id);
      mine.delete(message.id);
      if (message.type === 'success') resolve(message.result); else reject(new Error(`${message.error}: ${message.message}`));
      return;
    }
    if (/^browsingContext\.download(WillBegin|End)$/.test(message.method) && message.params.download == null && message.params.navigation == null) {
      const key = `${message.params.context} ${message.params.url}`;
      if (message.method === 'browsingContext.downloadWillBegin') {
        downloads.set(key, { id: `firefox-bidi-download-${++downloadCount}`, name: message.params.suggestedFilename });
      }
      const { id, name } = downloads.get(key) ?? {};
      message.params.download = id;
      if (message.method === 'browsingContext.downloadEnd') {
        downloads.delete(key);
        // Playwright reads the file by its suggested name; a file Firefox renamed (one of that
        // name was there) is reported as not saved rather than read in its stead.
        if (message.params.filepath && !message.params.filepath.endsWith(`/${name}`)) {
          log(`download saved as ${message.params.filepath}, not ${name}`);
          message.params.status = 'canceled';
        }
      }
      text = JSON.stringify(message);
    }
    if (message.type === 'error') log(`${methods.get(message.id)}: ${message.error}: ${message.message}`);
    methods.delete(message.id);
    toClient = toClient.then(async () => {
      if (message.method === 'browsingContext.contextCreated' && !message.params.parent) {
        tops.set(message.params.context, message.params.userContext);
        const scheme = schemes.get(message.params.userContext);
        if (scheme) await setScheme([message.params.context], scheme).catch((e) => log(`colour scheme of a new tab: ${e.message}`));
      }
      if (message.method === 'browsingContext.contextDestroyed') tops.delete(message.params.context);
      if (client.readyState === WebSocket.OPEN) client.send(text);
    });
  });
  const closeBoth = () => { client.close(); firefoxSide.close(); };
  client.on('close', closeBoth);
  firefoxSide.on('close', closeBoth);
  client.on('error', closeBoth);
  firefoxSide.on('error', closeBoth);
}
