// A plain-JavaScript implementation of the contract's Job rules (CONTRACT §4, §6), written only
// to measure jobglass against: what a dashboard would write by hand on top of JSON.parse.
// bench.mjs checks that it agrees with parseJob on every payload before timing anything.

const KNOWN = new Set(['type', 'job_id', 'submission_id', 'driver_info', 'status', 'entrypoint', 'message', 'error_type',
  'start_time', 'end_time', 'metadata', 'runtime_env', 'driver_agent_http_address', 'driver_node_id', 'driver_exit_code']);
const STATUSES = new Set(['PENDING', 'RUNNING', 'STOPPED', 'SUCCEEDED', 'FAILED']);
const TERMINAL = new Set(['STOPPED', 'SUCCEEDED', 'FAILED']);
const SKIP_WITH_VALUE = new Set(['-i', '--index-url', '-r', '--requirement', '-c', '--constraint', '--extra-index-url', '--trusted-host',
  '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--src', '-e', '--editable', '--platform', '--python-version',
  '--implementation', '--abi', '--progress-bar', '--cache-dir', '--log', '--proxy', '--timeout', '--retries', '--cert',
  '--client-cert', '--upgrade-strategy']);

const text = (v) => (typeof v === 'string' ? (v === '' ? null : v) : v === null || v === undefined ? null : JSON.stringify(v));

function millis(v) {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (Number.isNaN(n)) { const t = Date.parse(v); return Number.isNaN(t) ? null : t; }
  if (n <= 0) return null;
  return Math.round(n < 1e11 ? n * 1e3 : n < 1e14 ? n : n < 1e17 ? n / 1e3 : n / 1e6);
}

function stringMap(o) {
  const out = {};
  if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

function words(line) {
  const out = [];
  let word = ''; let inWord = false;
  const end = () => { if (inWord) { out.push(word); word = ''; inWord = false; } };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") { inWord = true; const j = line.indexOf("'", i + 1); word += line.slice(i + 1, j < 0 ? line.length : j); i = j < 0 ? line.length : j; }
    else if (c === '"') { inWord = true; i++; for (; i < line.length && line[i] !== '"'; i++) { if (line[i] === '\\' && '"\\$`'.includes(line[i + 1])) i++; word += line[i]; } }
    else if (c === '&' || c === '|' || c === ';' || c === '\n') { end(); if ((c === '&' || c === '|') && line[i + 1] === c) i++; if (out[out.length - 1] !== null) out.push(null); }
    else if (/\s/.test(c)) end();
    else { inWord = true; word += c; }
  }
  end();
  return out;
}

function requirements(line) {
  const specs = []; let installing = false; let skip = false;
  for (const w of words(line)) {
    if (w === null) { installing = false; skip = false; continue; }
    if (!installing) installing = w === 'install';
    else if (skip) skip = false;
    else if (w.startsWith('-')) skip = SKIP_WITH_VALUE.has(w);
    else specs.push(w);
  }
  return specs;
}

function runtimeEnv(env, openyuanrong) {
  const out = { workingDir: null, envVars: {}, pip: [], pipCommand: null, other: {} };
  if (!env || typeof env !== 'object') return out;
  for (const [k, v] of Object.entries(env)) {
    if (k === 'working_dir' && typeof v === 'string') out.workingDir = v || null;
    else if (k === 'env_vars' && v && typeof v === 'object') out.envVars = stringMap(v);
    else if (k === 'envVars' && typeof v === 'string') out.envVars = v.trim() ? stringMap(JSON.parse(v)) : {};
    else if (k === 'pip' && typeof v === 'string' && openyuanrong) { out.pip = requirements(v); out.pipCommand = v || null; }
    else if (k === 'pip' && Array.isArray(v)) out.pip = v.filter((p) => typeof p === 'string');
    else if (k === 'pip' && v && typeof v === 'object') { out.pip = v.packages ?? []; out.other.pip = v; }
    else if (v !== null || !['working_dir', 'env_vars', 'envVars'].includes(k)) out.other[k] = v;
  }
  return out;
}

export function normalizeJob(raw) {
  const r = typeof raw === 'string' ? JSON.parse(raw) : raw;
  const warnings = [];
  const openyuanrong = typeof r.start_time === 'string' || typeof r.end_time === 'string' || 'key' in r || typeof r.runtime_env?.envVars === 'string';
  const rawStatus = typeof r.status === 'string' ? r.status : null;
  const upper = rawStatus?.trim().toUpperCase();
  const status = STATUSES.has(upper) ? upper : 'UNKNOWN';
  if (status === 'UNKNOWN') warnings.push(rawStatus === null ? '`status` was missing; the status is UNKNOWN' : `\`status\` "${rawStatus}" is not a known status; the status is UNKNOWN`);
  const terminal = TERMINAL.has(status);
  const startTime = millis(r.start_time);
  const endTime = millis(r.end_time);
  const d = r.driver_info;
  const extra = {};
  for (const [k, v] of Object.entries(r)) if (!KNOWN.has(k)) extra[k] = v;
  return {
    kind: 'job', dialect: openyuanrong ? 'openyuanrong' : 'ray', type: text(r.type) ?? 'SUBMISSION',
    submissionId: text(r.submission_id), jobId: text(r.job_id), entrypoint: text(r.entrypoint), status, rawStatus, terminal,
    message: text(r.message), errorType: text(r.error_type), startTime, endTime,
    durationMs: startTime !== null && endTime !== null && endTime >= startTime ? endTime - startTime : null,
    driver: d && typeof d === 'object' ? { id: d.id || null, nodeIpAddress: d.node_ip_address || null, pid: d.pid === '' || d.pid == null ? null : Number(d.pid) } : null,
    driverNodeId: text(r.driver_node_id), driverAgentHttpAddress: text(r.driver_agent_http_address),
    driverExitCode: terminal && typeof r.driver_exit_code === 'number' ? r.driver_exit_code : null,
    metadata: stringMap(r.metadata), runtimeEnv: runtimeEnv(r.runtime_env, openyuanrong), warnings, extra,
  };
}

export function normalizeJobList(raw) {
  return (typeof raw === 'string' ? JSON.parse(raw) : raw).map(normalizeJob);
}
