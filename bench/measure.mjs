// Timing helpers shared by the Node and browser runs: warm-up, several rounds, medians.

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };

/** Median time per call of `fn` in ns, over `rounds` rounds of `n` calls after a warm-up. */
export function perCall(fn, { n = 2000, rounds = 7, warmup = 2000 } = {}) {
  for (let i = 0; i < warmup; i++) fn(i);
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    times.push(((performance.now() - t) * 1e6) / n);
  }
  return median(times);
}

/** The payload-level comparison: JSON.parse, the plain-JS normalizer, jobglass. */
/** The payload-level comparison: JSON.parse, the plain-JS normalizer, jobglass. Each round
 * times all three one after the other, so that a busy machine slows them alike. */
export function compareParsers(payloads, { JSONparse, plain, jobglass }, { n = 2000, rounds = 7, warmup = 2000 } = {}) {
  const fns = [JSONparse, plain, jobglass].map((f) => (i) => f(payloads[i % payloads.length]));
  for (const f of fns) for (let i = 0; i < warmup; i++) f(i);
  const times = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((f, k) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) f(i);
      times[k].push(((performance.now() - t) * 1e6) / n);
    });
  }
  const [jsonParse, plainJs, ours] = times.map(median);
  return { jsonParse, plainJs, jobglass: ours };
}

/** `count` jobs of about 1 KB (10,000: about 9 MB) made from `list`'s payloads, each with its own
 * id and a few lines of logs. */
export function bigList(list, count = 10000) {
  const logs = 'INFO worker.py:120 -- step finished, loss=0.0132, lr=3e-4\n'.repeat(6);
  const jobs = list.map((p) => JSON.parse(p));
  return JSON.stringify(Array.from({ length: count }, (_, i) => ({ ...jobs[i % jobs.length], submission_id: `job-${i}`, message: logs })));
}
