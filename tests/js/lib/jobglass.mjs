// The built package, initialized synchronously, for tests and scripts that run in Node.
import { readFileSync } from 'node:fs';
import * as jobglass from '../../../pkg/jobglass.js';

export const exports = jobglass.initSync({
  module: readFileSync(new URL('../../../pkg/jobglass_bg.wasm', import.meta.url)),
});
export * from '../../../pkg/jobglass.js';
