// Node and Deno: the wasm is read from the package and compiled synchronously on import.
import { readFileSync } from 'node:fs';
import * as jobglass from './jobglass.js';
import { defaultFetch } from './node-http.js';

jobglass.initSync({ module: readFileSync(new URL('./jobglass_bg.wasm', import.meta.url)) });
// In Node, requests go through node:http, which sends no browser headers (docs/api.md §10); Deno's
// fetch sends none either and stays in use. The parse-only module sends nothing and has no setter.
if (!('Deno' in globalThis)) jobglass.__setDefaultFetch?.(defaultFetch());

export * from './jobglass.js';
export { default } from './jobglass.js';
