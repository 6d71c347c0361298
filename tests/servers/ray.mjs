// Ray's job API as its dashboard answers it (REFERENCE.md §2), replaying the responses captured
// from a real Ray head in tests/fixtures/ray/: integer milliseconds, 404 as text, the list only
// at `/api/jobs/`.
import { readFileSync } from 'node:fs';
import { json, text } from './http.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/ray/${name}.json`, import.meta.url), 'utf8'));

export function ray() {
  const jobs = [fixture('demo-1'), fixture('fail-1'), fixture('driver-running')];
  const find = (id) => jobs.find((j) => j.submission_id === id || j.job_id === id);

  function handle(req, res, rest, variant) {
    if (variant === 'auth') {
      const auth = req.headers.authorization;
      if (!auth) return text(res, 401, 'Unauthorized: missing authentication token');
      if (auth !== 'Bearer good-token') return text(res, 403, 'Forbidden: invalid authentication token');
    }
    const path = rest.split('?')[0];
    if (req.method !== 'GET') return text(res, 405, `'${req.method}' method not allowed for browser traffic.`);
    if (path === '/api/jobs/') return json(res, 200, jobs);
    const one = /^\/api\/jobs\/([^/]+)$/.exec(path);
    if (one) {
      const id = decodeURIComponent(one[1]);
      const j = find(id);
      return j ? json(res, 200, j) : text(res, 404, `Job ${id} does not exist`);
    }
    return text(res, 404, '404: Not Found');
  }
  return { handle };
}
