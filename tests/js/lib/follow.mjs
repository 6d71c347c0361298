// A log tail follower over a raw WebSocket (Node 20 has no global WebSocket): the text so far,
// waiting for an amount of it, leaving in good order, and the server's close.
import { request } from 'node:http';
import { constants, inflateRawSync } from 'node:zlib';

/**
 * Opens `path` on `base` with `headers`. Resolves once upgraded with
 * `{status: 101, text(), waitFor(length), close(), closed}` (`closed` resolves with the close
 * code), or, for a refused upgrade, `{status, body}`.
 */
export function follow(base, path, headers = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({
      hostname, port, path,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('upgrade', (res, socket, head) => {
      let buffer = Buffer.alloc(0);
      let text = '';
      const fragments = [];
      // permessage-deflate, as a browser reads it, when the server agreed to an offer in `headers`
      // (the console's own sockets may; the upstream never sees it). With context takeover each
      // message continues one DEFLATE stream: inflate it all again and keep what is new (the
      // tests' logs are small).
      const deflate = /permessage-deflate/.test(res.headers['sec-websocket-extensions'] ?? '');
      let compressed = Buffer.alloc(0);
      let inflated = 0;
      let messageCompressed = false;
      const inflate = (payload) => {
        compressed = Buffer.concat([compressed, payload, Buffer.from([0, 0, 0xff, 0xff])]);
        const all = inflateRawSync(compressed, { finishFlush: constants.Z_SYNC_FLUSH });
        const fresh = all.subarray(inflated);
        inflated = all.length;
        return fresh;
      };
      const waiting = [];
      let onClosed;
      const closed = new Promise((r) => { onClosed = r; });
      let done = false;
      const finish = (code) => { if (!done) { done = true; onClosed(code); for (const w of waiting) w.reject(new Error(`closed (${code}) with ${text.length} of ${w.length} characters`)); } };
      const wake = () => {
        for (const w of [...waiting]) if (text.length >= w.length) { waiting.splice(waiting.indexOf(w), 1); w.resolve(); }
      };
      const read = (d) => {
        buffer = Buffer.concat([buffer, d]);
        for (;;) {
          if (buffer.length < 2) return;
          const buffer0 = buffer[0];
          const fin = buffer0 & 0x80;
          const opcode = buffer0 & 0x0f;
          let length = buffer[1] & 0x7f;
          let offset = 2;
          if (length === 126) { if (buffer.length < 4) return; length = buffer.readUInt16BE(2); offset = 4; }
          if (length === 127) { if (buffer.length < 10) return; length = Number(buffer.readBigUInt64BE(2)); offset = 10; }
          if (buffer.length < offset + length) return;
          const payload = buffer.subarray(offset, offset + length);
          buffer = buffer.subarray(offset + length);
          if (opcode === 1 || opcode === 0) {
            // Only a message's first frame carries RSV1, the "compressed" bit.
            if (opcode === 1) messageCompressed = deflate && (buffer0 & 0x40) !== 0;
            fragments.push(Buffer.from(payload));
            if (fin) {
              const message = Buffer.concat(fragments.splice(0));
              text += (messageCompressed ? inflate(message) : message).toString();
              wake();
            }
          }
          if (opcode === 8) {
            socket.end(Buffer.from([0x88, 0x80, 0, 0, 0, 0]));
            return finish(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
          }
        }
      };
      read(head);
      socket.on('data', read);
      socket.on('error', () => {});
      socket.on('close', () => finish(1006));
      resolve({
        status: 101,
        text: () => text,
        closed,
        waitFor: (length) => (text.length >= length ? Promise.resolve()
          : done ? Promise.reject(new Error('closed')) : new Promise((res2, rej) => waiting.push({ length, resolve: res2, reject: rej }))),
        /** A close frame (masked, as a client's must be) with code 1000. */
        close: () => socket.write(Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8])),
        /** Drops the connection without a close frame. */
        destroy: () => socket.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Opens `path` and collects its text until the server closes it (at most 10 s):
 * `{status: 101, text, closed}`, `closed` true when the server sent a close frame; for a refused
 * upgrade, `{status, text: body}`.
 */
export async function webSocketText(base, path, headers = {}) {
  const ws = await follow(base, path, headers);
  if (ws.status !== 101) return { status: ws.status, text: ws.body };
  let timer;
  const code = await Promise.race([ws.closed, new Promise((r) => { timer = setTimeout(r, 10000, null); })]);
  clearTimeout(timer);
  if (code === null) ws.destroy();
  return { status: 101, text: ws.text(), closed: code !== null && code !== 1006 };
}
