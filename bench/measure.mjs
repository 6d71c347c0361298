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
export function compareParsers(payloads, { JSONparse, plain, jobglass }, opts) {
  const pick = (f) => (i) => f(payloads[i % payloads.length]);
  return {
    jsonParse: perCall(pick(JSONparse), opts),
    plainJs: perCall(pick(plain), opts),
    jobglass: perCall(pick(jobglass), opts),
  };
}
