// The benchmark payloads: the seed example and real Ray responses (0.5–1.5 KB each).
import { readFileSync, readdirSync } from 'node:fs';

const root = new URL('../tests/fixtures/', import.meta.url);

export function payloads() {
  const live = readdirSync(new URL('ray-live', root)).filter((f) => !f.includes('expected')).map((f) => `ray-live/${f}`);
  return ['openyuanrong/seed-example.json', 'ray/demo-1.json', 'ray/fail-1.json', ...live]
    .map((name) => JSON.stringify(JSON.parse(readFileSync(new URL(name, root), 'utf8'))));
}

/** About 10 MB: 10,000 jobs of about 1 KB, each with its own id and a few lines of logs. */
export function bigList(list) {
  const logs = 'INFO worker.py:120 -- step finished, loss=0.0132, lr=3e-4\n'.repeat(6);
  return JSON.stringify(Array.from({ length: 10000 }, (_, i) => ({ ...JSON.parse(list[i % list.length]), submission_id: `job-${i}`, message: logs })));
}
