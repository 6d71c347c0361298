// Node ESM consumer: a plain import works, with no manual init.
import { fetchJob, isJobglassError, parseJob } from 'jobglass';

const parsed = parseJob('{"status":"RUNNING","start_time":"1755484077"}');
const fetched = await fetchJob(process.argv[2], 'demo-1');
const missing = await fetchJob(process.argv[2], 'nope').catch((e) => e);
console.log(JSON.stringify({ start: parsed.startTime, status: fetched.status, missing: isJobglassError(missing) && missing.code }));
