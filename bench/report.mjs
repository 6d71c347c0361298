// Runs the Node and Chromium benchmarks and prints one report, ratios first; also written to
// target/bench/report.md for docs/performance.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const run = (file) => JSON.parse(execFileSync('node', [new URL(file, import.meta.url).pathname], { encoding: 'utf8' }).trim().split('\n').pop());
const node = run('bench.mjs');
const chromium = run('browser.mjs');
const logs = run('logs.mjs');
const logsPage = run('logs-page.mjs');
const x = (a, b) => `${(a / b).toFixed(2)}×`;
const us = (ns) => `${(ns / 1000).toFixed(2)} µs`;
const ms = (ns) => `${(ns / 1e6).toFixed(1)} ms`;
const overhead = (node.fetchMs.jobglass / node.fetchMs.raw - 1) * 100;
const cpu = cpus()[0]?.model ?? 'unknown CPU';

const kB = (b) => `${(b / 1000).toFixed(1)} KB`;
const listRow = (label, r, runtime) => `| \`parseJobList\`, ${label} jobs, ÷ plain JS, ${runtime} | ≤ 1.0× (stretch ≤ 1.5× \`JSON.parse\`) | ${x(r.jobglass, r.plainJs)} (${x(r.jobglass, r.jsonParse)} of \`JSON.parse\`) |`;
const report = `### Performance (\`make bench\`)

Ratios (lower is better; the parsers take turns in each round; medians after warm-up):

| measure | target | result |
| --- | --- | --- |
| \`parseJob\` ÷ plain-JS normalizer, Node | ≤ 1.5× | ${x(node.single.jobglass, node.single.plainJs)} (${x(node.single.jobglass, node.single.jsonParse)} of \`JSON.parse\` alone) |
| \`parseJob\` ÷ plain-JS normalizer, Chromium | ≤ 1.5× | ${x(chromium.single.jobglass, chromium.single.plainJs)} (${x(chromium.single.jobglass, chromium.single.jsonParse)} of \`JSON.parse\` alone) |
${listRow('10,000', node.bulk, 'Node')}
${listRow('100,000', node.bulk100k, 'Node')}
${listRow('10,000', chromium.bulk, 'Chromium')}
${listRow('100,000', chromium.bulk100k, 'Chromium')}
| \`fetchJob\` over raw \`fetch\` + \`JSON.parse\`, 2,000 loopback requests | ≤ 10% | ${overhead.toFixed(0)}% |
| cold start (compile + instantiate), Node / Chromium | ≤ 5 ms | ${node.coldStartMs.toFixed(1)} ms / ${chromium.coldStartMs.toFixed(1)} ms |
| full module: wasm gzip / JS glue gzip | ≤ 70 KB / ≤ 8 KB | ${kB(node.sizes.wasmGzip)} / ${kB(node.sizes.glueGzip)} |
| \`jobglass/parse\`: wasm gzip / cold start in Node | ≤ 40 KB / ≤ 5 ms | ${kB(node.sizes.parseOnlyWasmGzip)} / ${node.coldStartParseOnlyMs.toFixed(1)} ms |

Absolute figures on ${cpu}, ${cpus().length} cores, Node ${process.version}, Chromium ${chromium.chromium}:

| | \`JSON.parse\` | plain JS | jobglass |
| --- | --- | --- | --- |
| one job (${node.payloadBytes.min}–${node.payloadBytes.max} B, ${node.payloadBytes.count} payloads), Node | ${us(node.single.jsonParse)} | ${us(node.single.plainJs)} | ${us(node.single.jobglass)} |
| one job, Chromium | ${us(chromium.single.jsonParse)} | ${us(chromium.single.plainJs)} | ${us(chromium.single.jobglass)} |
| 10,000 jobs (${(node.bulkBytes / 1e6).toFixed(1)} MB), Node | ${ms(node.bulk.jsonParse)} | ${ms(node.bulk.plainJs)} | ${ms(node.bulk.jobglass)} |
| 100,000 jobs, Node | ${ms(node.bulk100k.jsonParse)} | ${ms(node.bulk100k.plainJs)} | ${ms(node.bulk100k.jobglass)} |
| 10,000 jobs, Chromium | ${ms(chromium.bulk.jsonParse)} | ${ms(chromium.bulk.plainJs)} | ${ms(chromium.bulk.jobglass)} |
| 100,000 jobs, Chromium | ${ms(chromium.bulk100k.jsonParse)} | ${ms(chromium.bulk100k.plainJs)} | ${ms(chromium.bulk100k.jobglass)} |
| one fetch on loopback | ${(node.fetchMs.raw * 1000).toFixed(0)} µs | | ${(node.fetchMs.jobglass * 1000).toFixed(0)} µs |

Module: ${node.sizes.wasm} B wasm (${node.sizes.wasmGzip} B gzip), ${node.sizes.glue} B JS glue (${node.sizes.glueGzip} B gzip).

Logs (\`bench/logs.mjs\`, \`bench/logs-page.mjs\`): a ${(logs.bodyBytes / 1e6).toFixed(0)} MB \`{"logs": "…"}\` body over loopback, each way in a fresh Node process (median of 3 after a warm-up; peak RSS of the process):

| | time | throughput | peak RSS (growth) |
| --- | --- | --- | --- |
| \`fetchJobLogs\` (streamed, last 8 MiB kept) | ${logs.jobglass.ms.toFixed(0)} ms | ${logs.jobglass.mbPerS.toFixed(0)} MB/s | ${logs.jobglass.peakRssMiB.toFixed(0)} MiB (+${logs.jobglass.growthMiB.toFixed(0)}) |
| \`fetch\` + \`JSON.parse\` in JS | ${logs.jsonParse.ms.toFixed(0)} ms | ${logs.jsonParse.mbPerS.toFixed(0)} MB/s | ${logs.jsonParse.peakRssMiB.toFixed(0)} MiB (+${logs.jsonParse.growthMiB.toFixed(0)}) |

The Logs tab, Chromium, ${logsPage.lines.toLocaleString('en-US')} lines (${(logsPage.bytes / 1e6).toFixed(1)} MB): shown (split, colours, first screen painted) in ${logsPage.showMs.toFixed(0)} ms; searched (${logsPage.matches} matches counted, the current one shown) in ${logsPage.searchMs.toFixed(0)} ms; a jump to line 100,000 in ${logsPage.jumpMs.toFixed(0)} ms.
`;
mkdirSync(new URL('../target/bench/', import.meta.url), { recursive: true });
writeFileSync(new URL('../target/bench/report.md', import.meta.url), report);
writeFileSync(new URL('../target/bench/raw.json', import.meta.url), JSON.stringify({ node, chromium, logs, logsPage }, null, 2));
console.log(report);
