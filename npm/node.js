// Node and Deno: the wasm is read from the package and compiled synchronously on import.
import { readFileSync } from 'node:fs';
import { initSync } from './jobglass.js';

initSync({ module: readFileSync(new URL('./jobglass_bg.wasm', import.meta.url)) });

export * from './jobglass.js';
export { default } from './jobglass.js';
