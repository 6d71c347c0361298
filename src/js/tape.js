// Builds jobs from the tape that src/model/tape.rs writes (its module comment gives the layout):
// each job is one object literal with the members in the order of the JSON text the crate writes
// (src/model/to_json.rs), so JSON.stringify gives the same text either way; the shared wasm tests
// check that they agree, member for member and in order.

/** Where a string's start would be, the word for null. */
const NULL = 0xffffffff;
// The text holds only whole strings; a leading U+FEFF is a string's, not a byte order mark.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The `count` jobs of a tape, as an array, or the one job when `one` is set.
 * @param {Uint32Array} ops @param {Float64Array} nums @param {Uint8Array} bytes
 */
export function readJobs(ops, nums, bytes, count, one) {
  const text = decoder.decode(bytes);
  let i = 0;
  let n = 0;
  const str = () => {
    const start = ops[i];
    const end = ops[i + 1];
    i += 2;
    return start === NULL ? null : text.slice(start, end);
  };
  const int = () => {
    const v = nums[n++];
    return v === v ? v : null;
  };
  const flag = () => ops[i++] === 1;
  const strs = () => {
    const list = new Array(ops[i++]);
    for (let k = 0; k < list.length; k++) list[k] = str();
    return list;
  };
  const map = () => {
    const out = {};
    for (let k = ops[i++]; k > 0; k--) {
      const key = str();
      const value = str();
      // As JSON.parse does, "__proto__" is an own member here, not the prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  };
  const json = () => {
    const t = str();
    return t === null ? {} : JSON.parse(t);
  };
  const job = () => {
    const kind = str(), dialect = str(), type = str(), submissionId = str(), jobId = str(), entrypoint = str();
    const status = str(), rawStatus = str(), terminal = flag(), message = str(), errorType = str();
    const startTime = int(), endTime = int(), durationMs = int();
    const driver = flag() ? { id: str(), nodeIpAddress: str(), pid: int() } : null;
    const driverNodeId = str(), driverAgentHttpAddress = str(), driverExitCode = int(), metadata = map();
    const runtimeEnv = { workingDir: str(), envVars: map(), pip: strs(), pipCommand: str(), other: json() };
    const warnings = strs();
    return {
      kind, dialect, type, submissionId, jobId, entrypoint, status, rawStatus, terminal, message, errorType,
      startTime, endTime, durationMs, driver, driverNodeId, driverAgentHttpAddress, driverExitCode, metadata,
      runtimeEnv, warnings, extra: json(),
    };
  };
  if (one) return job();
  const jobs = new Array(count);
  for (let k = 0; k < count; k++) jobs[k] = job();
  return jobs;
}
