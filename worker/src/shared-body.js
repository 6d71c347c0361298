// One upstream body handed to several viewers, each from its first byte (docs/console.md "Many
// viewers"). Buffered with a bound rather than tee'd: a tee is made when the body starts, but
// viewers join later, and each needs the bytes already gone by. So the chunks are kept while the
// body is at most `limit` bytes (anyone may join, and a finished small body can be served again
// for the cluster's cacheSeconds); past the limit no one else joins, and the body is read at most
// `limit` bytes ahead of its slowest reader, each chunk dropped once every reader has it, so
// memory stays near the limit however large the answer (a 100,000-job list is about 57 MB; a Worker has 128 MB).

export const SHARE_LIMIT = 16 * 1024 * 1024;
/** Past the limit, how long the others wait for a viewer that has stopped reading. */
const STALL_MS = 10000;
/** How often a waiting reader looks again, at first and at most. */
const FIRST_LOOK_MS = 1;
const LAST_LOOK_MS = 50;

/**
 * workerd runs a promise's continuation in the request that resolved it, and lets a request touch
 * only its own streams and timers: so no request here wakes another; each waits on a timer of its
 * own and looks again (plain fields only), sooner at first, then every LAST_LOOK_MS.
 */
export async function lookAgain(ready, deadline = Infinity) {
  for (let wait = FIRST_LOOK_MS; !ready(); wait = Math.min(wait * 2, LAST_LOOK_MS)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return true;
}

export class SharedBody {
  /**
   * `source`: a ReadableStream of bytes; `onClosed()` runs once when no one more may join, and
   * `onSettled()` once the body has been read to its end, failed, or stopped being shareable.
   * workerd lets only the request that fetched a body read it, so the body is read here, by
   * `pump()`, which the fetching request keeps alive (ctx.waitUntil); the viewers' own requests
   * read only the chunks, which are plain bytes.
   */
  constructor(source, { limit = SHARE_LIMIT, idleMs = 0, onClosed = () => {}, onSettled = () => {} } = {}) {
    this.source = source.getReader();
    this.idleMs = idleMs;
    this.limit = limit;
    this.onClosed = onClosed;
    this.onSettled = onSettled;
    this.chunks = [];
    this.base = 0; // the index (in the whole body) of chunks[0]
    this.held = 0;
    this.joinable = true;
    this.done = false;
    this.error = null;
    this.readers = new Set();
    this.pumped = this.pump();
  }

  /** True when the whole body is held: a viewer joining now gets it at once. */
  get complete() {
    return this.done && !this.error && this.joinable;
  }

  /**
   * The whole body as one array, once it is all held: a viewer given it is answered by the
   * runtime alone, with no JavaScript per chunk (what many viewers of a reused answer get).
   */
  whole() {
    if (!this.complete) return null;
    if (!this.bytes) {
      const bytes = new Uint8Array(this.held);
      let at = 0;
      for (const chunk of this.chunks) { bytes.set(chunk, at); at += chunk.byteLength; }
      this.bytes = bytes;
      // Readers still streaming count by chunk; with none, the array is the only copy kept.
      if (this.readers.size === 0) this.chunks = [bytes];
    }
    return this.bytes;
  }

  /** A place at the body's first byte, for `stream`; null when the body can no longer be shared. */
  reserve() {
    if (!this.joinable) return null;
    const me = { at: 0, cut: false };
    this.readers.add(me);
    return me;
  }

  /** Gives up a place never streamed (the viewer went away first). */
  drop(me) {
    if (this.readers.delete(me)) this.release();
  }

  /**
   * A stream of the whole body for one more viewer (from its reserved place, or a new one), or
   * null when the body can no longer be shared.
   */
  stream(me = this.reserve()) {
    if (!me) return null;
    const leave = () => {
      if (this.readers.delete(me)) this.release();
    };
    return new ReadableStream({
      pull: async (controller) => {
        await lookAgain(() => me.cut || this.error || this.done || me.at - this.base < this.chunks.length);
        const i = me.at - this.base;
        if (me.cut) { controller.error(new Error('too far behind the other viewers')); return; }
        if (i < this.chunks.length) {
          controller.enqueue(this.chunks[i]);
          me.at++;
          this.release();
          return;
        }
        leave();
        if (this.error) controller.error(this.error);
        else controller.close();
      },
      cancel: leave,
    }, { highWaterMark: 0 });
  }

  /** Reads the upstream body: as fast as it comes while it may be held, then at the slowest reader's pace. */
  async pump() {
    try {
      for (;;) {
        if (!this.joinable) {
          // Read ahead of the slowest reader by at most `limit` bytes.
          const roomy = await lookAgain(() => this.held <= this.limit || this.readers.size === 0, Date.now() + STALL_MS);
          if (!roomy) this.cutLaggards();
          if (this.readers.size === 0) {
            // Past the limit with no one left reading: the rest is of no use.
            this.error = new Error('no one is reading');
            await this.source.cancel().catch(() => {});
            return;
          }
        }
        const { value, done } = await this.readSource();
        if (done) { this.done = true; return; }
        const chunk = value instanceof Uint8Array ? value : new Uint8Array(value);
        this.chunks.push(chunk);
        this.held += chunk.byteLength;
        if (this.joinable && this.held > this.limit) {
          this.joinable = false;
          this.onClosed();
          this.release();
        }
      }
    } catch (e) {
      this.error = e;
    } finally {
      this.onSettled();
    }
  }

  /**
   * The next chunk; with `idleMs`, an upstream silent that long mid-body fails the body for
   * everyone (and the next round asks again) rather than holding every viewer forever.
   */
  async readSource() {
    if (!this.idleMs) return this.source.read();
    let timer;
    const silent = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the upstream sent nothing for ${this.idleMs / 1000} s`)), this.idleMs);
    });
    try {
      return await Promise.race([this.source.read(), silent]);
    } catch (e) {
      await this.source.cancel().catch(() => {});
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A viewer that stopped reading would stall everyone: the slowest are cut off. */
  cutLaggards() {
    let min = Infinity;
    for (const r of this.readers) min = Math.min(min, r.at);
    for (const r of this.readers) {
      if (r.at === min) {
        r.cut = true;
        this.readers.delete(r);
      }
    }
    this.release();
  }

  /** Past the limit: drops the chunks every reader has had. */
  release() {
    if (this.joinable) return;
    let min = this.base + this.chunks.length;
    for (const r of this.readers) min = Math.min(min, r.at);
    while (this.base < min) {
      this.held -= this.chunks.shift().byteLength;
      this.base++;
    }
  }
}
