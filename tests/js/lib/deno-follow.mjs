// followJobLogs in Deno, which has a global WebSocket (docs/api.md §9: the log is then followed
// over Ray's tail socket). Counts the sockets opened, by wrapping the global before the call.
// Prints `{value: {final, text, pieces, firstPieceAt, sockets}}` or `{error}`.
// Usage: deno run --allow-read --allow-net deno-follow.mjs <endpoint> <id> [intervalMs]
import * as jobglass from '../../../pkg/node.js';

const [endpoint, id, interval] = Deno.args;
let sockets = 0;
const Native = globalThis.WebSocket;
globalThis.WebSocket = class extends Native {
  constructor(...args) { super(...args); sockets++; }
};
let text = '';
let pieces = 0;
let firstPieceAt = null;
try {
  const final = await jobglass.followJobLogs(endpoint, id, {
    deadlineMs: 180000,
    ...(interval ? { intervalMs: Number(interval) } : {}),
    onText: (t) => { if (!pieces) firstPieceAt = Date.now(); pieces++; text += t; },
  });
  console.log(JSON.stringify({ value: { final, text, pieces, firstPieceAt, sockets } }));
} catch (e) {
  const { code, status, serverMessage, message } = e;
  console.log(JSON.stringify({ error: { code, status, serverMessage, message } }));
}
