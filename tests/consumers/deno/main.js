// Deno consumer, resolving the package from node_modules.
import { fetchJob, parseJob } from 'jobglass';

const parsed = parseJob('{"start_time":"1755484077"}');
const fetched = await fetchJob(Deno.args[0], 'demo-1');
console.log(JSON.stringify({ start: parsed.startTime, status: fetched.status }));
