// The built package, initialized synchronously, for tests and scripts that run in Node. With
// JOBGLASS_FETCH=node it sends as the package's Node entry does (through node:http, npm/node-http.js)
// instead of through Node's global fetch, so the same suites check both.
import { readFileSync } from 'node:fs';
import * as jobglass from '../../../pkg/jobglass.js';
import { defaultFetch } from '../../../pkg/node-http.js';

export const exports = jobglass.initSync({
  module: readFileSync(new URL('../../../pkg/jobglass_bg.wasm', import.meta.url)),
});
if (process.env.JOBGLASS_FETCH === 'node') jobglass.__setDefaultFetch(defaultFetch());
export * from '../../../pkg/jobglass.js';
