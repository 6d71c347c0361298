// The READMEs' examples run as pasted, and the package's documents point only at what it ships.
//
// Every ```js block of README.md and of the package's own README (npm/README.md) is saved as a
// module in a scratch project whose `jobglass` is the built pkg/ (linked into node_modules, so
// the package's own `exports` pick the Node entry, as for a user), and run with Node. When a
// ```text block follows it (before the next ```js block), the example must print exactly that.
// The examples that fetch name the server doubles on port 8790, as the README starts them; here
// the doubles run on a free port and that origin is swapped for theirs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDoubles } from '../servers/doubles.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const pkg = join(repo, 'pkg');
const readmeDoubles = 'http://127.0.0.1:8790';
let scratch; let doubles;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'jobglass-readme-'));
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'readme-examples', private: true, type: 'module' }));
  mkdirSync(join(scratch, 'node_modules'));
  symlinkSync(pkg, join(scratch, 'node_modules/jobglass'), 'dir');
  doubles = await startDoubles(0);
});
after(async () => {
  await doubles?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The fenced blocks of a Markdown text, in order: { lang, code, line }. */
function blocks(markdown) {
  const out = [];
  const re = /^```(\w*)[^\n]*\n([\s\S]*?)^```\s*$/gm;
  for (let m; (m = re.exec(markdown));) {
    out.push({ lang: m[1], code: m[2], line: markdown.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** Each ```js block with the ```text block that follows it, if any. */
function examples(file) {
  const all = blocks(readFileSync(join(repo, file), 'utf8'));
  const out = [];
  all.forEach((b, i) => {
    if (b.lang !== 'js') return;
    const next = all.slice(i + 1).find((n) => n.lang === 'js' || n.lang === 'text');
    out.push({ ...b, expected: next?.lang === 'text' ? next.code : null });
  });
  return out;
}

/** Runs `code` as a module of the scratch project; its stdout. */
async function run(name, code) {
  const file = join(scratch, name);
  writeFileSync(file, code.replaceAll(readmeDoubles, doubles.url));
  const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: scratch, encoding: 'utf8', timeout: 30000 });
  return stdout.replaceAll(doubles.url, readmeDoubles);
}

for (const file of ['README.md', 'npm/README.md']) {
  test(`${file}: every js example runs against the built package and prints what the text says`, async () => {
    const list = examples(file);
    assert.ok(list.length >= (file === 'README.md' ? 2 : 1), `${file} has ${list.length} js examples`);
    for (const [i, { code, expected, line }] of list.entries()) {
      assert.match(code, /from 'jobglass(\/\w+)?'/, `${file}:${line} does not import jobglass`);
      const out = await run(`example-${file.replace(/\W/g, '-')}-${i}.mjs`, code)
        .catch((e) => assert.fail(`${file}:${line} failed: ${e.stderr || e.message}`));
      if (expected !== null) assert.equal(out.trimEnd(), expected.trimEnd(), `${file}:${line} printed something else`);
    }
  });
}

test("README.md's example is at most 10 lines, and the README names the two commands", () => {
  const text = readFileSync(join(repo, 'README.md'), 'utf8');
  const [first] = examples('README.md');
  assert.ok(first.code.trimEnd().split('\n').length <= 10, first.code);
  assert.match(text, /make demo/);
  assert.match(text, /make test/);
});

/** GitHub's anchor for a heading. */
const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');

/** Every file under `dir`, relative to it. */
const walk = (dir, base = dir) => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name))]));

test('every link in the package\'s Markdown resolves inside the package, anchors included', async () => {
  const shipped = await packed();
  const docs = shipped.filter((f) => f.endsWith('.md'));
  assert.ok(docs.includes('README.md') && docs.includes('docs/api.md'), docs.join());
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  assert.equal(readme, readFileSync(join(repo, 'npm/README.md'), 'utf8'), 'pkg/README.md is npm/README.md');
  for (const doc of docs) {
    const text = readFileSync(join(pkg, doc), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [path, anchor] = target.split('#');
      const file = path ? normalize(join(dirname(doc), path)) : doc;
      assert.ok(shipped.includes(file), `${doc} links to ${target}, which the package does not ship`);
      if (anchor) {
        const headings = [...readFileSync(join(pkg, file), 'utf8').matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1]));
        assert.ok(headings.includes(anchor), `${doc} links to ${target}: no such heading in ${file}`);
      }
    }
  }
});

test('every document the type declarations cite is in the package', async () => {
  const shipped = await packed();
  for (const dts of ['jobglass.d.ts', 'parse/jobglass.d.ts']) {
    const text = readFileSync(join(pkg, dts), 'utf8');
    const cited = [...new Set([...text.matchAll(/\b((?:docs\/)?[\w.-]+\.md)\b/g)].map((m) => m[1]))];
    assert.ok(cited.includes('docs/api.md'), `${dts} cites no docs/api.md`);
    for (const path of cited) assert.ok(shipped.includes(path), `${dts} cites ${path}, which the package does not ship`);
    // `§N` names a section of docs/api.md.
    const sections = new Set([...readFileSync(join(pkg, 'docs/api.md'), 'utf8').matchAll(/^## (\d+)\./gm)].map((m) => m[1]));
    for (const [, n] of text.matchAll(/§(\d+)/g)) assert.ok(sections.has(n), `${dts} cites §${n}, which docs/api.md lacks`);
  }
  assert.ok(!walk(pkg).some((f) => f.endsWith('.png')), 'pictures stay in the repository');
});

let packing;
/** The files `npm pack` puts in the tarball, relative to the package root. */
function packed() {
  packing ??= promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkg, encoding: 'utf8' })
    .then(({ stdout }) => JSON.parse(stdout)[0].files.map((f) => f.path));
  return packing;
}

test('the errors page names every error code the declarations have', () => {
  const codes = [.../export type JobglassErrorCode =([^;]*);/.exec(readFileSync(join(pkg, 'jobglass.d.ts'), 'utf8'))[1]
    .matchAll(/"(\w+)"/g)].map((m) => m[1]);
  const page = readFileSync(join(repo, 'docs/errors.md'), 'utf8');
  assert.ok(codes.length > 10, codes.join());
  for (const code of codes) assert.ok(page.includes(`\`${code}\``), `docs/errors.md does not name ${code}`);
});
