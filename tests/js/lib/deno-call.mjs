// Runs one jobglass call in Deno and prints its outcome as JSON: `{value}` or `{error}`.
// Deno's fetch sends no Sec-Fetch-* headers and a `Deno/…` user agent, so Ray takes it for what
// it is, a program, and accepts a stop or delete from it (docs/api.md §10), where Node's fetch
// is refused as a browser. Usage: deno run --allow-read --allow-net deno-call.mjs <fn> <endpoint> <id>
import * as jobglass from '../../../pkg/node.js';

const [fn, endpoint, id] = Deno.args;
try {
  const value = await jobglass[fn](endpoint, id, { timeoutMs: 20000 });
  console.log(JSON.stringify({ value }));
} catch (e) {
  const { code, status, serverMessage, attempts, message } = e;
  console.log(JSON.stringify({ error: { code, status, serverMessage, attempts, message } }));
}
