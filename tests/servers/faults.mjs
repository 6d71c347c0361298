// Fault injection at `/f/<scenario>/api/jobs/<id>`: a client pointed at endpoint
// `/f/<scenario>` meets the fault. Attempts are counted per scenario and id, so a test with a
// fresh id sees a fresh sequence. Successful answers are a Ray-style job with the requested id.
import { gzipSync } from 'node:zlib';
import { json, send, sleep, text } from './http.mjs';

const job = (id, extra = {}) => ({
  type: 'SUBMISSION', job_id: null, submission_id: id, driver_info: null, status: 'SUCCEEDED',
  entrypoint: 'python ok.py', message: 'Job finished successfully.', error_type: null,
  start_time: 1795454150112, end_time: 1795454158068, metadata: {}, runtime_env: null,
  driver_agent_http_address: null, driver_node_id: null, driver_exit_code: 0, ...extra,
});

export function faults() {
  const attempts = new Map();

  async function handle(req, res, scenario, id) {
    const key = `${scenario}/${id}`;
    const n = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, n);
    const ok = () => json(res, 200, job(id));
    let m;
    if ((m = /^flaky-([\d-]+)$/.exec(scenario))) {
      const codes = m[1].split('-').map(Number);
      return n <= codes.length ? text(res, codes[n - 1], `temporarily unavailable (${codes[n - 1]})`) : ok();
    }
    if ((m = /^status-(\d+)$/.exec(scenario))) return json(res, Number(m[1]), { message: `status ${m[1]} for ${id}` });
    if (scenario === 'html500') {
      return send(res, 500, '<html><head><title>500 Internal Server Error</title></head><body><h1>oops</h1></body></html>', 'text/html');
    }
    if ((m = /^retry-after-(\d+)$/.exec(scenario))) {
      if (n === 1) return send(res, 429, 'slow down', 'text/plain', { 'Retry-After': m[1] });
      return ok();
    }
    if (scenario === 'retry-after-date') {
      if (n === 1) return send(res, 429, 'slow down', 'text/plain', { 'Retry-After': new Date(Date.now() + 1500).toUTCString() });
      return ok();
    }
    if (scenario === 'always-429') return send(res, 429, 'slow down', 'text/plain', { 'Retry-After': '0' });
    if ((m = /^slow-headers-(\d+)$/.exec(scenario))) {
      await sleep(Number(m[1]));
      return res.destroyed ? undefined : ok();
    }
    if ((m = /^slow-body-(\d+)$/.exec(scenario))) {
      const body = Buffer.from(JSON.stringify(job(id)));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.write(body.subarray(0, body.length >> 1));
      await sleep(Number(m[1]));
      return res.destroyed ? undefined : res.end(body.subarray(body.length >> 1));
    }
    if (scenario === 'reset') {
      const body = Buffer.from(JSON.stringify(job(id)));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.write(body.subarray(0, 20));
      return setTimeout(() => res.socket?.destroy(), 20);
    }
    if (scenario === 'truncated') {
      const body = JSON.stringify(job(id));
      return send(res, 200, body.slice(0, body.length >> 1));
    }
    if (scenario === 'redirect') {
      res.writeHead(302, { Location: '/ray/api/jobs/demo-1' });
      return res.end();
    }
    if (scenario === 'empty') return send(res, 200, '');
    if (scenario === 'gzip') {
      const body = gzipSync(JSON.stringify(job(id)));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
      return res.end(body);
    }
    if ((m = /^(big|bigchunked)-(\d+)$/.exec(scenario))) {
      const size = Number(m[2]);
      const shell = JSON.stringify(job(id, { message: '' }));
      const body = shell.replace('"message":""', `"message":"${'x'.repeat(Math.max(0, size - shell.length))}"`);
      if (m[1] === 'big') return send(res, 200, body);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (let i = 0; i < body.length; i += 16384) res.write(body.slice(i, i + 16384));
      return res.end();
    }
    if (scenario === 'echo') {
      const metadata = { method: req.method, path: req.url };
      for (const [k, v] of Object.entries(req.headers)) metadata[`h:${k}`] = String(v);
      return json(res, 200, job(id, { metadata }));
    }
    if (scenario === 'echo-token') {
      // A server that repeats the caller's credentials in every field of its error.
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      return json(res, 401, { error_code: `bad:${token}`, error_msg: `token ${token} for project p-42 rejected`, request_id: token },
        { 'X-Request-Id': `rid-${token}` });
    }
    if (scenario === 'lying-length') {
      // Claims a gigabyte and sends a few bytes: nothing should be reserved for the claim.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(1e9) });
      res.write('{"status":');
      return setTimeout(() => res.socket?.destroy(), 50);
    }
    if (scenario === 'notjson') return text(res, 200, 'hello');
    if (scenario === 'array') return json(res, 200, []);
    return text(res, 404, `no fault scenario ${scenario}`);
  }
  /** How many requests reached `scenario` for `id`. */
  const count = (scenario, id) => attempts.get(`${scenario}/${id}`) ?? 0;
  return { handle, count };
}
