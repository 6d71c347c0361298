// The plain-JS normalizer (normalize.mjs) must give exactly parseJob's output, or the speed
// comparison means nothing: every openYuanrong and Ray fixture, and a few thousand generated jobs
// whose fields take every kind of value (wrong types, bad dates, odd runtime_env shapes), compared
// as JSON text (so member order counts too). bench.mjs runs it before timing anything.
import { deepStrictEqual } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { normalizeJob, normalizeJobList } from './normalize.mjs';

const fixtures = new URL('../tests/fixtures/', import.meta.url);
const VALUES = [null, '', 'x', 'RUNNING', 'succeeded', ' FAILED ', 42, 0, -1, 1.5, true, [], ['a', 1], {}, { a: 'b', c: 1 },
  '1755484077', '1755484077000', '2025-08-18T02:27:57Z', '2025-02-30T00:00:00Z', 'yesterday', 1e20, '12', 'not', '0'];
const ENV_VALUES = [{ A: '1', B: 2 }, '{"X":"1"}', '{bad', 'pip install a==1 -i http://x b && pip check', ['a', 'b'], ['a', 2],
  { packages: ['p'] }, { nope: 1 }];
const FIELDS = ['type', 'job_id', 'submission_id', 'driver_info', 'status', 'entrypoint', 'message', 'error_type', 'start_time',
  'end_time', 'metadata', 'runtime_env', 'driver_agent_http_address', 'driver_node_id', 'driver_exit_code', 'key', 'retry_policy'];

/** `count` generated job texts, the same ones for the same seed. */
export function generatedJobs(count, seed = 1) {
  let s = seed;
  const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const env = () => {
    const e = {};
    for (const k of ['working_dir', 'env_vars', 'envVars', 'pip', 'conda']) if (rnd() < 0.4) e[k] = rnd() < 0.5 ? pick(VALUES) : pick(ENV_VALUES);
    return e;
  };
  return Array.from({ length: count }, () => {
    const o = {};
    for (const f of FIELDS) {
      if (rnd() >= 0.5) continue;
      if (f === 'runtime_env' && rnd() < 0.7) o[f] = env();
      else if (f === 'driver_info' && rnd() < 0.6) o[f] = { id: pick(VALUES), node_ip_address: pick(VALUES), pid: pick(VALUES) };
      else o[f] = pick(VALUES);
    }
    return JSON.stringify(o);
  });
}

/** Throws unless the plain normalizer agrees with `parseJob`/`parseJobList` everywhere above. */
export function crossCheck({ parseJob, parseJobList }, generated = 3000) {
  const texts = [];
  for (const dir of ['openyuanrong', 'ray', 'ray-live']) {
    for (const f of readdirSync(new URL(dir, fixtures))) {
      if (f.endsWith('.json') && !f.endsWith('.expected.json')) texts.push(readFileSync(new URL(`${dir}/${f}`, fixtures), 'utf8'));
    }
  }
  texts.push(...generatedJobs(generated));
  for (const text of texts) {
    const list = text.trimStart().startsWith('[');
    const plain = list ? normalizeJobList(text) : normalizeJob(text);
    const ours = list ? parseJobList(text) : parseJob(text);
    deepStrictEqual(JSON.stringify(plain), JSON.stringify(ours), text);
    deepStrictEqual(plain, ours, text);
  }
  return texts.length;
}
