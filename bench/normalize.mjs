// A plain-JavaScript implementation of the contract's Job rules (CONTRACT §4, §6), written only
// to measure jobglass against: what a dashboard would write by hand on top of JSON.parse, made as
// tight as plain JavaScript gets, so that the comparison is with the best such code and not with a
// convenient one. bench.mjs checks that it agrees with parseJob on every payload before timing.
//
// How it is tight: JSON.parse, then ONE pass over each object's own keys (`for…in` with a
// `switch`, which V8 compiles to a jump on interned strings), and the result built at the end as
// one object literal, always with the same keys in the same order (one hidden class for every
// job, so a list's jobs share it). No Object.entries/keys arrays, no spread, no intermediate
// objects or closures per job; `extra` and the maps are made only when there is something to put
// in them or in their final form; the common cases (a status already in capitals, a number
// timestamp, an absent runtime_env) take the first branch and return. A job with anything the
// contract repairs beyond a missing type or status (a number where text belongs, a bad date, a
// string exit code…) is noticed in that pass and read again by `careful`, which follows jobglass's
// reader field by field, so that its warnings and `extra` come out in the same order.

const SKIP_WITH_VALUE = new Set(['-i', '--index-url', '-r', '--requirement', '-c', '--constraint', '--extra-index-url', '--trusted-host',
  '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--src', '-e', '--editable', '--platform', '--python-version',
  '--implementation', '--abi', '--progress-bar', '--cache-dir', '--log', '--proxy', '--timeout', '--retries', '--cert',
  '--client-cert', '--upgrade-strategy']);
const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const DIGITS = /^\d+$/;

const MAX_DATE_MS = 8.64e15;
/** Set by the fast readers when a value needs one of the contract's repairs: `careful` then reads the job. */
let odd = false;

/** A string field: `""` → null; anything but a string or null → odd. */
function text(v) {
  if (typeof v === 'string') return v === '' ? null : v;
  if (v !== null) odd = true;
  return null;
}

/** Epoch milliseconds from a count in seconds, milliseconds, microseconds or nanoseconds (§6). */
function fromCount(n) {
  if (!(n > 0)) return null;
  const ms = n < 1e11 ? n * 1e3 : n < 1e14 ? n : n < 1e17 ? n / 1e3 : n / 1e6;
  if (ms > MAX_DATE_MS) { odd = true; return null; }
  return Math.round(ms);
}

/** A timestamp (§6): a number or a decimal string here; an RFC 3339 date or anything else is odd. */
function millis(v) {
  if (typeof v === 'number') return fromCount(v);
  if (v === null) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return null;
    if (NUMERIC.test(t)) return fromCount(Number(t));
  }
  odd = true;
  return null;
}

/** The status, or null when it is not one of the five (§4). */
function statusOf(s) {
  switch (s) {
    case 'RUNNING': case 'SUCCEEDED': case 'FAILED': case 'STOPPED': case 'PENDING': return s;
    default: {
      const u = s.trim().toUpperCase();
      return u !== s && (u === 'RUNNING' || u === 'SUCCEEDED' || u === 'FAILED' || u === 'STOPPED' || u === 'PENDING') ? u : null;
    }
  }
}

/** An own member, even when it is named `__proto__` (as JSON.parse makes it). */
function put(o, k, v) {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/**
 * A `Record<string, string>`: strings as they are, anything else as its JSON text. An object
 * JSON.parse just made for us whose values are all strings already is that record: it is kept,
 * not copied (nothing else holds it).
 */
function stringMap(o) {
  if (o === null || typeof o !== 'object') return {};
  let clean = !Array.isArray(o);
  if (clean) {
    for (const k in o) {
      if (typeof o[k] !== 'string' || k === '__proto__') { clean = false; break; }
    }
  }
  if (clean) return o;
  const out = {};
  for (const k in o) {
    const v = o[k];
    put(out, k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return out;
}

/** The words of a shell line, `null` where a command ends (`&&`, `||`, `;`, `|`, newline). */
function words(line) {
  const out = [];
  let word = ''; let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      inWord = true;
      const j = line.indexOf("'", i + 1);
      word += line.slice(i + 1, j < 0 ? line.length : j);
      i = j < 0 ? line.length : j;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && '"\\$`'.includes(line[i + 1])) i++;
        word += line[i];
      }
    } else if (c === '&' || c === '|' || c === ';' || c === '\n') {
      if (inWord) { out.push(word); word = ''; inWord = false; }
      if ((c === '&' || c === '|') && line[i + 1] === c) i++;
      if (out[out.length - 1] !== null) out.push(null);
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      if (inWord) { out.push(word); word = ''; inWord = false; }
    } else {
      inWord = true;
      word += c;
    }
  }
  if (inWord) out.push(word);
  return out;
}

/** The requirement specs after `install` (§4). */
function requirements(line) {
  const specs = []; let installing = false; let skip = false;
  const all = words(line);
  for (let i = 0; i < all.length; i++) {
    const w = all[i];
    if (w === null) { installing = false; skip = false; continue; }
    if (!installing) installing = w === 'install';
    else if (skip) skip = false;
    else if (w.charCodeAt(0) === 45 /* - */) skip = SKIP_WITH_VALUE.has(w);
    else specs.push(w);
  }
  return specs;
}

/**
 * `runtimeEnv` (§4), in one pass over `runtime_env`; warnings go to `warnings`. Its other keys are
 * `other`: when it has none of the five read here (`{}`, `{conda: …}`), the parsed object itself
 * is `other`, as for the maps; otherwise they are copied (a second loop only when some came
 * before the first known key).
 */
function runtimeEnv(env, openyuanrong, warnings) {
  let workingDir = null; let envVars = null; let pip = null; let pipCommand = null;
  let other = null; let known = false; let skipped = false;
  for (const k in env) {
    const v = env[k];
    switch (k) {
      case 'working_dir':
        known = true;
        if (typeof v === 'string') workingDir = v === '' ? null : v;
        else if (v !== null) odd = true;
        break;
      case 'env_vars':
        known = true;
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) envVars = stringMap(v);
        else if (v !== null) odd = true;
        break;
      case 'envVars':
        known = true;
        if (typeof v === 'string') {
          if (v.trim() === '') envVars = {};
          else {
            let inner;
            try { inner = JSON.parse(v); } catch { inner = null; }
            if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) envVars = stringMap(inner);
            else odd = true;
          }
        } else if (v !== null) odd = true;
        break;
      case 'pip':
        known = true;
        if (typeof v === 'string' && openyuanrong) { pip = requirements(v); pipCommand = v === '' ? null : v; }
        else if (Array.isArray(v)) {
          // Kept as parsed when every entry is a string, as for the maps.
          let n = 0;
          while (n < v.length && typeof v[n] === 'string') n++;
          if (n === v.length) pip = v;
          else {
            pip = [];
            for (let i = 0; i < v.length; i++) if (typeof v[i] === 'string') pip.push(v[i]);
            warnings.push('`runtime_env.pip` held entries that are not strings; they were ignored');
          }
        } else if (v !== null && typeof v === 'object') odd = true; // `{packages: […]}`: read carefully
        else (other ??= {}).pip = v;
        break;
      default:
        if (known) put(other ??= {}, k, v);
        else skipped = true;
    }
  }
  if (!known) other = env;
  else if (skipped) {
    // Keys met before the first known one, copied now, in order, before those copied since.
    const since = other;
    other = {};
    for (const k in env) {
      if (k === 'working_dir' || k === 'env_vars' || k === 'envVars' || k === 'pip') break;
      put(other, k, env[k]);
    }
    if (since !== null) for (const k in since) put(other, k, since[k]);
  }
  return { workingDir, envVars: envVars ?? {}, pip: pip ?? [], pipCommand, other: other ?? {} };
}

const EMPTY_ENV = () => ({ workingDir: null, envVars: {}, pip: [], pipCommand: null, other: {} });

/** One job from its parsed JSON object. */
function job(r) {
  let type = null; let submissionId = null; let jobId = null; let entrypoint = null; let rawStatus = null; let message = null;
  let errorType = null; let start = null; let end = null; let driverInfo = null; let driverNodeId = null;
  let driverAgent = null; let exitCode = null; let metadata = null; let env = null; let extra = null;
  let openyuanrong = false;
  odd = false;
  for (const k in r) {
    const v = r[k];
    switch (k) {
      case 'type': if (typeof v === 'string' && v !== '') type = v; else if (v !== null) odd = true; break;
      case 'submission_id': submissionId = text(v); break;
      case 'job_id': jobId = text(v); break;
      case 'entrypoint': entrypoint = text(v); break;
      case 'status': if (typeof v === 'string') rawStatus = v; else if (v !== null) odd = true; break;
      case 'message': message = text(v); break;
      case 'error_type': errorType = text(v); break;
      case 'start_time': if (typeof v === 'string') openyuanrong = true; start = millis(v); break;
      case 'end_time': if (typeof v === 'string') openyuanrong = true; end = millis(v); break;
      case 'driver_info': driverInfo = v; break;
      case 'driver_node_id': driverNodeId = text(v); break;
      case 'driver_agent_http_address': driverAgent = text(v); break;
      case 'driver_exit_code':
        if (typeof v === 'number' && Number.isInteger(v) && v < 9e15 && v > -9e15) exitCode = v;
        else if (v !== null) odd = true;
        break;
      case 'metadata': metadata = v; break;
      case 'runtime_env': env = v; break;
      case 'key': openyuanrong = true; (extra ??= {}).key = v; break;
      default: put(extra ??= {}, k, v);
    }
  }
  if (env !== null && (typeof env !== 'object' || Array.isArray(env))) odd = true;
  else if (!openyuanrong && env !== null && typeof env.envVars === 'string') openyuanrong = true;
  if (metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) odd = true;
  let driver = null;
  const d = driverInfo;
  if (d !== null) {
    if (typeof d !== 'object' || Array.isArray(d)) odd = true;
    else {
      const p = d.pid;
      let pid = null;
      if (typeof p === 'string') { if (p !== '') { if (DIGITS.test(p)) pid = Number(p); else odd = true; } }
      else if (typeof p === 'number' && Number.isInteger(p) && p < 9e15 && p > -9e15) pid = p;
      else if (p !== null && p !== undefined) odd = true;
      driver = { id: typeof d.id === 'string' && d.id !== '' ? d.id : null,
        nodeIpAddress: typeof d.node_ip_address === 'string' && d.node_ip_address !== '' ? d.node_ip_address : null, pid };
    }
  }
  if (odd) return careful(r);
  const warnings = [];
  if (type === null) warnings.push('`type` was missing; SUBMISSION was assumed');
  const status = rawStatus === null ? null : statusOf(rawStatus);
  if (status === null) {
    warnings.push(rawStatus === null ? '`status` was missing; the status is UNKNOWN'
      : rawStatus === '' ? '`status` was empty (the server did not recognise the job\'s state); the status is UNKNOWN'
        : `\`status\` "${rawStatus}" is not a known status; the status is UNKNOWN`);
  }
  const terminal = status === 'SUCCEEDED' || status === 'FAILED' || status === 'STOPPED';
  const runtime = env === null ? EMPTY_ENV() : runtimeEnv(env, openyuanrong, warnings);
  if (odd) return careful(r);
  return {
    kind: 'job', dialect: openyuanrong ? 'openyuanrong' : 'ray', type: type ?? 'SUBMISSION',
    submissionId, jobId, entrypoint, status: status ?? 'UNKNOWN', rawStatus, terminal, message, errorType,
    startTime: start, endTime: end, durationMs: start !== null && end !== null && end >= start ? end - start : null,
    driver, driverNodeId, driverAgentHttpAddress: driverAgent,
    driverExitCode: terminal ? exitCode : null,
    metadata: stringMap(metadata), runtimeEnv: runtime, warnings, extra: extra ?? {},
  };
}

const KNOWN = new Set(['type', 'job_id', 'submission_id', 'driver_info', 'status', 'entrypoint', 'message', 'error_type',
  'start_time', 'end_time', 'metadata', 'runtime_env', 'driver_agent_http_address', 'driver_node_id', 'driver_exit_code']);
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

function described(v) {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean': return 'a boolean';
    case 'number': return 'a number';
    case 'string': return 'a string';
    default: return Array.isArray(v) ? 'an array' : 'an object';
  }
}
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `YYYY-MM-DD[T ]hh:mm:ss[.frac](Z|±hh:mm)` → epoch ms, or null. */
function rfc3339(s) {
  const m = RFC3339.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 60) return null;
  const millis = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
  const offset = m[8] ? 0 : (m[9] === '+' ? 1 : -1) * (Number(m[10]) * 60 + Number(m[11]));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime() - offset * 60000 + millis;
}

/** A timestamp with jobglass's reasons: `[ms, why]`. */
function timeOf(v) {
  if (typeof v === 'number') {
    if (!(v > 0)) return [null, null];
    const ms = v < 1e11 ? v * 1e3 : v < 1e14 ? v : v < 1e17 ? v / 1e3 : v / 1e6;
    return ms > MAX_DATE_MS ? [null, 'is later than any date JavaScript can hold'] : [Math.round(ms), null];
  }
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return [null, null];
    if (NUMERIC.test(t)) return timeOf(Number(t));
    const ms = rfc3339(t);
    return ms === null ? [null, `("${v}") is neither a number nor an RFC 3339 date`] : [ms, null];
  }
  return [null, `was ${described(v)} instead of a time`];
}

function integerOf(v) {
  const n = typeof v === 'string' ? (NUMERIC.test(v.trim()) ? Number(v.trim()) : NaN) : typeof v === 'number' ? v : NaN;
  return Number.isInteger(n) && Math.abs(n) < 9e15 ? n : null;
}

/**
 * A job read as jobglass's reader reads it (src/normalize/reader.rs, job.rs): field by field in
 * its order, each repair warned about, and what was unusable kept in `extra`. For jobs the fast
 * pass found something odd in.
 */
function careful(r) {
  const warnings = [];
  const extra = {};
  for (const k in r) if (!KNOWN.has(k)) put(extra, k, r[k]);
  const value = (k) => (r[k] === undefined || r[k] === null ? undefined : r[k]);
  const reject = (k, v, expected) => {
    warnings.push(`\`${k}\` was ${described(v)} instead of ${expected}; it was ignored and kept in \`extra\``);
    put(extra, k, v);
  };
  const textKeepingEmpty = (k) => {
    const v = value(k);
    if (v === undefined) return null;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') {
      warnings.push(`\`${k}\` was ${described(v)} instead of a string; its JSON text was used`);
      return JSON.stringify(v);
    }
    reject(k, v, 'a string');
    return null;
  };
  const textOf = (k) => { const t = textKeepingEmpty(k); return t === '' ? null : t; };
  const time = (k) => {
    const v = value(k);
    if (v === undefined) return null;
    const [ms, why] = timeOf(v);
    if (why !== null) { warnings.push(`\`${k}\` ${why}; it was read as unknown`); put(extra, k, v); }
    return ms;
  };
  const object = (k) => {
    const v = value(k);
    if (v === undefined) return null;
    if (!isObject(v)) { reject(k, v, 'an object'); return null; }
    return v;
  };
  const envObject = isObject(r.runtime_env) ? r.runtime_env : null;
  const openyuanrong = typeof r.start_time === 'string' || typeof r.end_time === 'string' || r.key !== undefined
    || typeof envObject?.envVars === 'string';

  let type = textOf('type');
  if (type === null) { warnings.push('`type` was missing; SUBMISSION was assumed'); type = 'SUBMISSION'; }
  const rawStatus = textKeepingEmpty('status');
  const status = rawStatus === null || rawStatus === '' ? null : statusOf(rawStatus);
  if (status === null) {
    warnings.push(rawStatus === null ? '`status` was missing; the status is UNKNOWN'
      : rawStatus === '' ? '`status` was empty (the server did not recognise the job\'s state); the status is UNKNOWN'
        : `\`status\` "${rawStatus}" is not a known status; the status is UNKNOWN`);
  }
  const terminal = status === 'SUCCEEDED' || status === 'FAILED' || status === 'STOPPED';
  const start = time('start_time');
  const end = time('end_time');
  let exitCode = null;
  const code = value('driver_exit_code');
  if (code !== undefined) {
    exitCode = integerOf(code);
    if (exitCode === null) reject('driver_exit_code', code, 'an integer');
    else if (typeof code === 'string') warnings.push('`driver_exit_code` was a string instead of a number; its digits were used');
  }
  const submissionId = textOf('submission_id'); const jobId = textOf('job_id'); const entrypoint = textOf('entrypoint');
  const message = textOf('message'); const errorType = textOf('error_type');
  let driver = null;
  const d = object('driver_info');
  if (d !== null) {
    const p = d.pid;
    let pid = null;
    if (p !== undefined && p !== null && p !== '') {
      pid = integerOf(p);
      if (pid === null) warnings.push(`\`driver_info.pid\` (${JSON.stringify(p)}) is not a process id; it was ignored`);
    }
    const str = (x) => (typeof x === 'string' && x !== '' ? x : null);
    driver = { id: str(d.id), nodeIpAddress: str(d.node_ip_address), pid };
  }
  const driverNodeId = textOf('driver_node_id'); const driverAgent = textOf('driver_agent_http_address');
  let metadata = {};
  const md = value('metadata');
  if (md !== undefined) { if (isObject(md)) metadata = stringMap(md); else reject('metadata', md, 'an object'); }
  const env = envObject ?? object('runtime_env');
  return {
    kind: 'job', dialect: openyuanrong ? 'openyuanrong' : 'ray', type, submissionId, jobId, entrypoint,
    status: status ?? 'UNKNOWN', rawStatus, terminal, message, errorType, startTime: start, endTime: end,
    durationMs: start !== null && end !== null && end >= start ? end - start : null,
    driver, driverNodeId, driverAgentHttpAddress: driverAgent, driverExitCode: terminal ? exitCode : null,
    metadata, runtimeEnv: env === null ? EMPTY_ENV() : carefulEnv(env, openyuanrong, warnings), warnings, extra,
  };
}

/** `runtimeEnv` as jobglass reads it, with its warnings (src/normalize/job.rs, `runtime_env`). */
function carefulEnv(env, openyuanrong, warnings) {
  const out = { workingDir: null, envVars: {}, pip: [], pipCommand: null, other: {} };
  const strings = (list) => {
    const specs = list.filter((x) => typeof x === 'string');
    if (specs.length !== list.length) warnings.push('`runtime_env.pip` held entries that are not strings; they were ignored');
    return specs;
  };
  for (const k in env) {
    const v = env[k];
    if (k === 'working_dir' && typeof v === 'string') out.workingDir = v === '' ? null : v;
    else if (k === 'env_vars' && isObject(v)) out.envVars = stringMap(v);
    else if (k === 'envVars' && typeof v === 'string') {
      let vars = null;
      if (v.trim() === '') vars = {};
      else {
        try { const inner = JSON.parse(v); if (isObject(inner)) vars = stringMap(inner); } catch { /* not JSON */ }
      }
      if (vars !== null) out.envVars = vars;
      else {
        warnings.push('`runtime_env.envVars` is not a JSON object in a string; the environment variables are unknown and the text is kept in `runtimeEnv.other`');
        put(out.other, k, v);
      }
    } else if (k === 'pip' && typeof v === 'string' && openyuanrong) { out.pip = requirements(v); out.pipCommand = v === '' ? null : v; }
    else if (k === 'pip' && Array.isArray(v)) out.pip = strings(v);
    else if (k === 'pip' && isObject(v)) {
      if (Array.isArray(v.packages)) out.pip = strings(v.packages);
      else warnings.push('`runtime_env.pip` has no `packages` list; it is kept in `runtimeEnv.other`');
      put(out.other, k, v);
    } else if ((k === 'working_dir' || k === 'env_vars' || k === 'envVars') && v === null) { /* nothing */ }
    else if (k === 'working_dir' || k === 'env_vars' || k === 'envVars') {
      warnings.push(`\`runtime_env.${k}\` was ${described(v)}; it is kept in \`runtimeEnv.other\``);
      put(out.other, k, v);
    } else put(out.other, k, v);
  }
  return out;
}

// The result keeps objects JSON.parse made (maps, `pip`, `other`): an object given instead of text
// is parsed afresh from its JSON text, as jobglass reads it, so the result never shares the caller's.
const parsed = (raw) => JSON.parse(typeof raw === 'string' ? raw : JSON.stringify(raw));

export function normalizeJob(raw) {
  return job(parsed(raw));
}

export function normalizeJobList(raw) {
  const list = parsed(raw);
  const out = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out[i] = job(v);
    else {
      // Not a job: a result all the same, so that indexes keep their meaning (as jobglass does).
      const j = job({});
      j.warnings = [`item ${i} of the list was ${described(v)} instead of a job object; it is kept in \`extra.item\``];
      j.extra = { item: v };
      out[i] = j;
    }
  }
  return out;
}
