// The console's shared upstream bodies and log-tail text arithmetic (worker/src/shared-body.js,
// worker/src/tail-text.js), in Node: every viewer gets the whole body from its first byte, memory
// stays within the bound past it, a failed body fails every viewer, and a reopened tail adds only
// what is new.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedBody } from '../../worker/src/shared-body.js';
import { afterSkip, frames } from '../../worker/src/tail-text.js';

/** A byte stream of `n` chunks of `size` bytes (chunk i filled with i % 251), given on demand. */
function source(n, size, { failAt = -1 } = {}) {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i === failAt) return controller.error(new Error('connection lost'));
      if (i === n) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(i % 251));
      i++;
    },
  }, { highWaterMark: 0 });
}
const expected = (n, size) => Buffer.concat(Array.from({ length: n }, (_, i) => Buffer.alloc(size, i % 251)));
const read = async (stream) => Buffer.from(await new Response(stream).arrayBuffer());

test('every viewer gets the whole body, and a viewer arriving after the end gets it too', async () => {
  const body = new SharedBody(source(40, 1000));
  const early = await Promise.all([body.stream(), body.stream(), body.stream()].map(read));
  for (const got of early) assert.ok(got.equals(expected(40, 1000)));
  await body.pumped;
  assert.ok(body.complete);
  assert.ok((await read(body.stream())).equals(expected(40, 1000)));
});

test('past the limit no one joins, the reserved get everything, and what is held stays near the limit', async () => {
  let closed = 0;
  const body = new SharedBody(source(200, 1000), { limit: 10000, onClosed: () => { closed++; } });
  const places = [body.reserve(), body.reserve(), body.reserve()];
  let most = 0;
  const watch = setInterval(() => { most = Math.max(most, body.held); }, 1);
  // One viewer reads slowly: the others are held back by it, not the memory.
  const slow = (async () => {
    const reader = body.stream(places[2]).getReader();
    const parts = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parts.push(value);
      await new Promise((r) => setTimeout(r, 1));
    }
    return Buffer.concat(parts);
  })();
  const got = await Promise.all([read(body.stream(places[0])), read(body.stream(places[1])), slow]);
  clearInterval(watch);
  for (const g of got) assert.ok(g.equals(expected(200, 1000)));
  assert.equal(closed, 1);
  assert.equal(body.stream(), null);
  assert.ok(!body.complete);
  assert.ok(most <= 10000 + 1000, `held at most ${most} bytes`);
});

test('a body that fails fails every viewer', async () => {
  const body = new SharedBody(source(10, 100, { failAt: 5 }));
  const results = await Promise.allSettled([read(body.stream()), read(body.stream())]);
  for (const r of results) {
    assert.equal(r.status, 'rejected');
    assert.match(String(r.reason), /connection lost/);
  }
  assert.ok(!body.complete);
});

test('frames never split a character, and join to the text', () => {
  const text = `${'a'.repeat(5)}🚀${'日本'.repeat(3)}🧪✅`;
  for (let size = 1; size <= 8; size++) {
    const parts = [...frames(text, size)];
    assert.equal(parts.join(''), text);
    for (const p of parts) assert.ok(!/[\ud800-\udbff]$/.test(p) && !/^[\udc00-\udfff]/.test(p), JSON.stringify(p));
  }
  assert.deepEqual([...frames('')], []);
});

test('a reopened tail adds only what comes after what was passed on', () => {
  assert.deepEqual(afterSkip('one\ntwo\n', 0), ['one\ntwo\n', 0]);
  assert.deepEqual(afterSkip('one\n', 6), ['', 2]);
  assert.deepEqual(afterSkip('two\nthree\n', 2), ['o\nthree\n', 0]);
  assert.deepEqual(afterSkip('ab', 2), ['', 0]);
});

test('a whole body is one array once read, and streams begun before still get every chunk', async () => {
  const body = new SharedBody(source(30, 100));
  assert.equal(body.whole(), null);
  const reader = body.stream().getReader();
  const first = await reader.read();
  await body.pumped;
  const bytes = body.whole();
  assert.ok(Buffer.from(bytes).equals(expected(30, 100)));
  const rest = [first.value];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest.push(value);
  }
  assert.ok(Buffer.concat(rest).equals(expected(30, 100)));
  assert.ok((await read(body.stream())).equals(expected(30, 100)));
});

test('an upstream silent mid-body fails every viewer after idleMs, and the body is not complete', async () => {
  let sent = false;
  const stalled = new ReadableStream({
    pull(controller) {
      if (!sent) { sent = true; controller.enqueue(new Uint8Array(10)); }
      // then nothing, ever
    },
  }, { highWaterMark: 0 });
  const body = new SharedBody(stalled, { idleMs: 200 });
  const results = await Promise.allSettled([read(body.stream()), read(body.stream())]);
  for (const r of results) {
    assert.equal(r.status, 'rejected');
    assert.match(String(r.reason), /sent nothing for 0.2 s/);
  }
  assert.ok(!body.complete);
});
