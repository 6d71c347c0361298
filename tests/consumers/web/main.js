// Browser consumer through a bundler: a plain import, then the same calls in a dedicated worker.
import { fetchJob, parseJob } from 'jobglass';

const endpoint = new URLSearchParams(location.search).get('endpoint');
const result = { start: parseJob('{"start_time":"1755484077"}').startTime };
try {
  result.status = (await fetchJob(endpoint, 'demo-1')).status;
} catch (e) {
  result.error = `${e.code}: ${e.message}`;
}
if (new URLSearchParams(location.search).has('worker')) {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.postMessage(endpoint);
  result.worker = await new Promise((resolve) => { worker.onmessage = (m) => resolve(m.data); worker.onerror = (e) => resolve(`error: ${e.message}`); });
}
const out = document.getElementById('out');
out.textContent = JSON.stringify(result);
out.dataset.done = 'true';
