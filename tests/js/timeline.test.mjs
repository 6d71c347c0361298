// The page's pure helpers for the timeline at scale and a log's own colours, in Node
// (docs/page.md "The timeline at scale", "Accessibility"): counts per time bucket, the time range
// as the URL writes it and as the list filters by it, and colours made legible.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { histogram, parseInstant, HISTOGRAM_ABOVE } = await import('../../www/src/list/raster.js');
const { query, STATUS_CODE } = await import('../../www/src/list/rows.js');
const { legible, ratio, textOn, SCHEMES } = await import('../../www/src/logs/contrast.js');

const H = 3600_000;
/** Jobs as the worker hands them to the timeline: start, end (NaN: none) and status code. */
function arrays(jobs) {
  return {
    start: Float64Array.from(jobs.map((j) => j.start ?? NaN)),
    end: Float64Array.from(jobs.map((j) => j.end ?? NaN)),
    status: Uint8Array.from(jobs.map((j) => STATUS_CODE[j.status])),
  };
}

test('histogram: running and waiting per bucket over the whole span, failed in the bucket of its end', () => {
  const now = 10 * H;
  const jobs = [
    { start: 0, end: 4 * H, status: 'SUCCEEDED' }, // buckets 0..4 (its end falls in bucket 4)
    { start: 2 * H, end: 6 * H, status: 'FAILED' }, // buckets 2..6, failed in 6, where it ended
    { start: 5 * H, end: null, status: 'PENDING' }, // waits from bucket 5 to now
    { start: 8 * H, end: null, status: 'RUNNING' }, // runs from bucket 8 to now
    { start: null, end: null, status: 'PENDING' }, // no start: not drawn
  ];
  const h = histogram(arrays(jobs), now, 10);
  assert.equal(h.lo, 0);
  assert.equal(h.hi, now);
  assert.equal(h.jobs, 4);
  assert.deepEqual([...h.running], [1, 1, 2, 2, 2, 1, 1, 0, 1, 1]);
  assert.deepEqual([...h.waiting], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  assert.deepEqual([...h.failed], [0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  assert.equal(h.max, 3);
  assert.ok(HISTOGRAM_ABOVE >= 1000);
});

test('the range in the URL: ISO 8601 or epoch ms, anything else ignored', () => {
  assert.equal(parseInstant('2026-11-06T22:44:20Z'), Date.UTC(2026, 10, 6, 22, 44, 20));
  assert.equal(parseInstant('1794000000000'), 1794000000000);
  assert.equal(parseInstant('yesterday'), null);
  assert.equal(parseInstant(''), null);
  assert.equal(parseInstant(null), null);
});

test('a time range keeps the jobs that ran in it; the unranged list is kept for the timeline', () => {
  const row = (id, start, end, status, terminal = true) => ({ id, start, end, status, terminal, hay: id, idKey: id });
  const rows = [
    row('before', 0, H, 'SUCCEEDED'),
    row('across', 0, 5 * H, 'FAILED'),
    row('inside', 3 * H, 4 * H, 'STOPPED'),
    row('after', 7 * H, 8 * H, 'SUCCEEDED'),
    row('still', 1 * H, null, 'RUNNING', false),
    row('never', null, null, 'PENDING', false),
  ];
  const base = { statuses: [], q: '', sort: 'start' };
  const ids = (order) => order.map((i) => rows[i].id).sort();
  const { order, unranged } = query(rows, 'job', { ...base, from: 2 * H, to: 6 * H });
  assert.deepEqual(ids(order), ['across', 'inside', 'still']);
  assert.deepEqual(query(rows, 'job', { ...base, from: 2 * H, to: 6 * H }).counts,
    { FAILED: 1, RUNNING: 1, PENDING: 0, STOPPED: 1, SUCCEEDED: 0, UNKNOWN: 0 }, 'the chips count within the range');
  assert.equal(unranged.length, rows.length);
  assert.deepEqual(ids(query(rows, 'job', { ...base, from: 6.5 * H, to: null }).order), ['after', 'still']);
  assert.deepEqual(ids(query(rows, 'job', { ...base, from: null, to: 0.5 * H }).order), ['across', 'before']);
  const none = query(rows, 'job', base);
  assert.equal(none.order, none.unranged, 'without a range both are the same list');
});

test('a log\'s own colours reach 4.5:1 on both schemes\' backgrounds, as close to themselves as that allows', () => {
  for (const [name, { bg, ink }] of Object.entries(SCHEMES)) {
    for (const colour of [[255, 135, 0], [255, 255, 0], [10, 20, 30], [128, 128, 128], [0, 0, 255]]) {
      const c = legible(colour, bg, ink);
      assert.ok(ratio(c, bg) >= 4.5, `${colour} on ${name}: ${c}`);
    }
    // Already legible: unchanged.
    assert.deepEqual(legible(ink, bg, ink), ink);
  }
  assert.deepEqual(textOn([10, 20, 30]), [255, 255, 255]);
  assert.deepEqual(textOn([250, 250, 200]), [0, 0, 0]);
});
