// The benchmark payloads: the seed example and real Ray responses (0.5–1.5 KB each).
import { readFileSync, readdirSync } from 'node:fs';

const root = new URL('../tests/fixtures/', import.meta.url);

export function payloads() {
  const live = readdirSync(new URL('ray-live', root)).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json')).map((f) => `ray-live/${f}`);
  return ['openyuanrong/seed-example.json', 'ray/demo-1.json', 'ray/fail-1.json', ...live]
    .map((name) => JSON.stringify(JSON.parse(readFileSync(new URL(name, root), 'utf8'))));
}

export { bigList } from './measure.mjs';
