// The results agree with the package's TypeScript declarations: every fixture's parsed output is
// written into a TypeScript file as an object literal typed with the declared type, so tsc
// --strict refuses any key the declaration lacks (excess property checks), any it requires that
// is missing, and any value of another type. The JSON keys are written in src/model/to_json.rs;
// the declarations come from the Rust types: this test is what keeps the two in step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  isJobglassError, parseDevServerJob, parseDevServerJobList, parseJob, parseJobList,
} from './lib/jobglass.mjs';

const root = new URL('../../', import.meta.url).pathname;
const fixtures = join(root, 'tests/fixtures');

/** [declared type, output] for every fixture, read by the parser its shape needs. */
function outputs() {
  const out = [];
  for (const server of readdirSync(fixtures)) {
    for (const file of readdirSync(join(fixtures, server))) {
      if (!file.endsWith('.json') || file.endsWith('.expected.json')) continue;
      const text = readFileSync(join(fixtures, server, file), 'utf8');
      const list = file.startsWith('list');
      if (server === 'modelarts') {
        out.push(list ? ['DevServerJobPage', parseDevServerJobList(text)] : ['DevServerJob', parseDevServerJob(text)]);
      } else {
        out.push(list ? ['Job[]', parseJobList(text)] : ['Job', parseJob(text)]);
      }
    }
  }
  return out;
}

test('every parsed fixture is exactly its declared type under tsc --strict', async () => {
  const all = outputs();
  assert.ok(all.length > 20, `only ${all.length} fixtures`);
  for (const kind of ['Job', 'Job[]', 'DevServerJob', 'DevServerJobPage']) {
    assert.ok(all.some(([k]) => k === kind), `no fixture gives ${kind}`);
  }
  const lines = all.map(([kind, value], i) => `export const v${i}: ${kind} = ${JSON.stringify(value)};`);
  const dir = mkdtempSync(join(tmpdir(), 'jobglass-types-'));
  const file = join(dir, 'outputs.ts');
  writeFileSync(file, [
    `import type { DevServerJob, DevServerJobPage, Job } from '${join(root, 'pkg/jobglass.js')}';`,
    ...lines,
  ].join('\n'));
  const tsc = join(root, 'node_modules/.bin/tsc');
  const args = ['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', file];
  const result = await promisify(execFile)(tsc, args).then(() => null, (e) => e.stdout || e.message);
  assert.equal(result, null, result);
});

test('an extra or missing key is caught (the check above can fail)', async () => {
  const job = parseJob('{"status":"RUNNING"}');
  const dir = mkdtempSync(join(tmpdir(), 'jobglass-types-'));
  const file = join(dir, 'wrong.ts');
  const { kind, ...missing } = job;
  writeFileSync(file, [
    `import type { Job } from '${join(root, 'pkg/jobglass.js')}';`,
    `export const extra: Job = ${JSON.stringify({ ...job, surprise: 1 })};`,
    `export const missing: Job = ${JSON.stringify(missing)};`,
  ].join('\n'));
  const tsc = join(root, 'node_modules/.bin/tsc');
  const out = await promisify(execFile)(tsc, ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', file]).then(() => '', (e) => String(e.stdout));
  assert.match(out, /'"?surprise"?' does not exist in type 'Job'/);
  assert.match(out, /Property 'kind' is missing/);
  assert.equal(kind, 'job');
});

test('a thrown error has exactly the properties JobglassError declares', () => {
  const declared = readFileSync(join(root, 'pkg/jobglass.d.ts'), 'utf8');
  const block = /export interface JobglassError extends Error \{([\s\S]*?)\n\}/.exec(declared)[1];
  const names = [...block.matchAll(/^\s+(\w+):/gm)].map((m) => m[1]).sort();
  let error;
  try { parseJob('not json'); } catch (e) { error = e; }
  assert.ok(isJobglassError(error));
  const own = Object.keys(error).sort();
  assert.deepEqual(own, names);
  assert.equal(error.name, 'JobglassError');
  const codes = [.../export type JobglassErrorCode =([^;]*);/.exec(declared)[1].matchAll(/"(\w+)"/g)].map((m) => m[1]);
  assert.ok(codes.includes(error.code) && codes.includes('UNSUPPORTED'), codes.join());
});

/** tsc --strict on `lines` importing the package's declarations: its errors as `line: text`. */
async function compile(name, lines) {
  const dir = mkdtempSync(join(tmpdir(), 'jobglass-types-'));
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, [
    `import { parseDevServerJob, parseDevServerJobList, parseJob, parseJobList, type Job } from '${join(root, 'pkg/jobglass.js')}';`,
    ...lines,
  ].join('\n'));
  const tsc = join(root, 'node_modules/.bin/tsc');
  const out = await promisify(execFile)(tsc, ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', file]).then(() => '', (e) => String(e.stdout));
  const errors = new Map();
  for (const [, line, text] of out.matchAll(/\.ts\((\d+),\d+\): error (.*)/g)) errors.set(Number(line) - 1, text);
  return { out, errors };
}

test('the parsers take text, bytes and parsed JSON, and Job.type offers its two names', async () => {
  const { out } = await compile('accepted', [
    `parseJob('{}'); parseJob(new TextEncoder().encode('{}')); parseJob(new ArrayBuffer(2));`,
    `parseJob(JSON.parse('{}')); parseJob({ status: 'RUNNING', start_time: 1 }); parseDevServerJob({ id: 'j1' });`,
    `parseJobList('[]'); parseJobList([{ status: 'RUNNING' }, 3]); parseJobList(JSON.parse('[]'));`,
    `parseDevServerJobList({ data: [] });`,
    `const kinds: Job['type'][] = ['SUBMISSION', 'DRIVER', 'SOMETHING_NEWER'];`,
    `export const named: 'SUBMISSION' | 'DRIVER' | string = kinds[0]!;`,
  ]);
  assert.equal(out, '', out);
});

test('tsc --strict refuses what the parsers cannot read: a Date, an array for an object, a number, an object for a list', async () => {
  const wrong = [
    'parseJob(new Date());',
    'parseJob([{ status: "RUNNING" }]);',
    'parseJob(42);',
    'parseJob(new Map());',
    'parseJob(() => "{}");',
    'parseDevServerJob([]);',
    'parseDevServerJobList(new Date());',
    'parseJobList(parseJob("{}"));',
    'parseJobList(new Date());',
    'parseJobList(7);',
  ];
  const { out, errors } = await compile('refused', wrong);
  wrong.forEach((call, i) => {
    assert.match(errors.get(i + 1) ?? '', /TS2345: Argument of type .* is not assignable to parameter of type 'Json(List)?Input'/,
      `${call} compiled:\n${out}`);
  });
  assert.equal(errors.size, wrong.length, out);
});

test('every exported function is documented: @param for each parameter, @returns, @throws with its codes, @example', () => {
  for (const dts of ['pkg/jobglass.d.ts', 'pkg/parse/jobglass.d.ts']) {
    const text = readFileSync(join(root, dts), 'utf8');
    const codes = new Set([.../export type JobglassErrorCode =([^;]*);/.exec(text)[1].matchAll(/"(\w+)"/g)].map((m) => m[1]));
    // initSync and init are wasm-bindgen's own loaders, documented by it.
    const functions = [...text.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\s*export function (\w+)\(([^)]*)\)/g)]
      .filter(([, , name]) => name !== 'initSync');
    const names = functions.map(([, , name]) => name);
    assert.ok(names.includes('parseJob') && names.includes('signRequest'), `${dts}: ${names}`);
    if (dts === 'pkg/jobglass.d.ts') assert.ok(names.includes('fetchJob') && names.includes('followJobLogs'), names.join());
    const undocumented = [...text.matchAll(/^export function (\w+)/gm)].map((m) => m[1])
      .filter((name) => !names.includes(name) && !['initSync'].includes(name));
    assert.deepEqual(undocumented, [], `${dts}: no JSDoc on ${undocumented}`);
    for (const [, doc, name, params] of functions) {
      for (const param of params.split(',').map((p) => p.trim().split(/\??:/)[0]).filter(Boolean)) {
        assert.match(doc, new RegExp(`@param ${param} - \\S`), `${dts} ${name}: no @param ${param}`);
      }
      assert.match(doc, /@returns \S/, `${dts} ${name}: no @returns`);
      assert.match(doc, /@example\n \* ```ts\n/, `${dts} ${name}: no @example`);
      if (/^is[A-Z]/.test(name)) {
        assert.match(doc, /Never throws/, `${dts} ${name}`);
      } else {
        const thrown = /@throws \{JobglassError\}([\s\S]*?)(\n \*\n|\n \* @)/.exec(doc)?.[1] ?? '';
        const named = [...thrown.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]);
        assert.ok(named.length > 0, `${dts} ${name}: @throws names no code`);
        for (const code of named) assert.ok(codes.has(code), `${dts} ${name}: @throws names ${code}, not a JobglassErrorCode`);
      }
    }
  }
});

test('every @example in the declarations compiles under tsc --strict', async () => {
  const declared = readFileSync(join(root, 'pkg/jobglass.d.ts'), 'utf8');
  const examples = [...declared.matchAll(/@example\n \* ```ts\n([\s\S]*?) \* ```/g)].map((m) => m[1].replace(/^ \* ?/gm, ''));
  const exported = [...declared.matchAll(/^export function (\w+)/gm)].map((m) => m[1]).filter((n) => n !== 'initSync');
  assert.ok(examples.length >= exported.length, `${examples.length} examples for ${exported.length} functions`);
  const dir = mkdtempSync(join(tmpdir(), 'jobglass-types-'));
  const file = join(dir, 'examples.ts');
  writeFileSync(file, [
    `import { ${exported.join(', ')} } from '${join(root, 'pkg/jobglass.js')}';`,
    // The names the examples leave to the reader.
    'declare const endpoint: string, id: string, projectId: string, jobId: string, accessKey: string, secretKey: string;',
    'declare const authToken: string, token: string, term: { write(text: string): void }; declare function poll(): void;',
    ...examples.map((code, i) => `export async function example${i}(): Promise<void> {\n${code}}`),
  ].join('\n'));
  const tsc = join(root, 'node_modules/.bin/tsc');
  const out = await promisify(execFile)(tsc, ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', file]).then(() => '', (e) => String(e.stdout));
  assert.equal(out, '', out);
});
