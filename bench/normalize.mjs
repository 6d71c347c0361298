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
// timestamp, an absent runtime_env) take the first branch and return.

const SKIP_WITH_VALUE = new Set(['-i', '--index-url', '-r', '--requirement', '-c', '--constraint', '--extra-index-url', '--trusted-host',
  '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--src', '-e', '--editable', '--platform', '--python-version',
  '--implementation', '--abi', '--progress-bar', '--cache-dir', '--log', '--proxy', '--timeout', '--retries', '--cert',
  '--client-cert', '--upgrade-strategy']);
const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** A string field: `""` → null; another type → its JSON text. */
function text(v) {
  if (typeof v === 'string') return v === '' ? null : v;
  return v === null || v === undefined ? null : JSON.stringify(v);
}

/** Epoch milliseconds from a number, a decimal string or an RFC 3339 string (§6). */
function millis(v) {
  let n;
  if (typeof v === 'number') n = v;
  else if (v === null || v === undefined || v === '') return null;
  else if (typeof v === 'string' && NUMERIC.test(v.trim())) n = Number(v);
  else {
    const t = Date.parse(v);
    return t !== t ? null : t;
  }
  if (!(n > 0)) return null;
  return Math.round(n < 1e11 ? n * 1e3 : n < 1e14 ? n : n < 1e17 ? n / 1e3 : n / 1e6);
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
        else if (v !== null) (other ??= {}).working_dir = v;
        break;
      case 'env_vars':
        known = true;
        if (v !== null && typeof v === 'object') envVars = stringMap(v);
        else if (v !== null) (other ??= {}).env_vars = v;
        break;
      case 'envVars':
        known = true;
        if (typeof v === 'string') envVars = v.trim() === '' ? {} : stringMap(JSON.parse(v));
        else if (v !== null) (other ??= {}).envVars = v;
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
        } else if (v !== null && typeof v === 'object') { pip = v.packages ?? []; (other ??= {}).pip = v; }
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
  let type; let submissionId = null; let jobId = null; let entrypoint = null; let rawStatus = null; let message = null;
  let errorType = null; let start = null; let end = null; let driverInfo = null; let driverNodeId = null;
  let driverAgent = null; let exitCode = null; let metadata = null; let env = null; let extra = null;
  let openyuanrong = false;
  for (const k in r) {
    const v = r[k];
    switch (k) {
      case 'type': type = v; break;
      case 'submission_id': submissionId = text(v); break;
      case 'job_id': jobId = text(v); break;
      case 'entrypoint': entrypoint = text(v); break;
      case 'status': if (typeof v === 'string') rawStatus = v; break;
      case 'message': message = text(v); break;
      case 'error_type': errorType = text(v); break;
      case 'start_time': if (typeof v === 'string') openyuanrong = true; start = millis(v); break;
      case 'end_time': if (typeof v === 'string') openyuanrong = true; end = millis(v); break;
      case 'driver_info': driverInfo = v; break;
      case 'driver_node_id': driverNodeId = text(v); break;
      case 'driver_agent_http_address': driverAgent = text(v); break;
      case 'driver_exit_code': exitCode = v; break;
      case 'metadata': metadata = v; break;
      case 'runtime_env': env = v; break;
      case 'key': openyuanrong = true; (extra ??= {}).key = v; break;
      default: put(extra ??= {}, k, v);
    }
  }
  if (!openyuanrong && env !== null && typeof env === 'object' && typeof env.envVars === 'string') openyuanrong = true;
  const warnings = [];
  if (type === undefined || type === null) warnings.push('`type` was missing; SUBMISSION was assumed');
  const status = rawStatus === null ? null : statusOf(rawStatus);
  if (status === null) {
    warnings.push(rawStatus === null ? '`status` was missing; the status is UNKNOWN'
      : rawStatus === '' ? '`status` was empty (the server did not recognise the job\'s state); the status is UNKNOWN'
        : `\`status\` "${rawStatus}" is not a known status; the status is UNKNOWN`);
  }
  const terminal = status === 'SUCCEEDED' || status === 'FAILED' || status === 'STOPPED';
  const d = driverInfo;
  return {
    kind: 'job', dialect: openyuanrong ? 'openyuanrong' : 'ray', type: text(type) ?? 'SUBMISSION',
    submissionId, jobId, entrypoint, status: status ?? 'UNKNOWN', rawStatus, terminal, message, errorType,
    startTime: start, endTime: end, durationMs: start !== null && end !== null && end >= start ? end - start : null,
    driver: d !== null && typeof d === 'object'
      ? { id: d.id || null, nodeIpAddress: d.node_ip_address || null, pid: d.pid === '' || d.pid == null ? null : Number(d.pid) } : null,
    driverNodeId, driverAgentHttpAddress: driverAgent,
    driverExitCode: terminal && typeof exitCode === 'number' ? exitCode : null,
    metadata: stringMap(metadata),
    runtimeEnv: env !== null && typeof env === 'object' && !Array.isArray(env) ? runtimeEnv(env, openyuanrong, warnings) : EMPTY_ENV(),
    warnings, extra: extra ?? {},
  };
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
  for (let i = 0; i < list.length; i++) out[i] = job(list[i]);
  return out;
}
