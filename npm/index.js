// Browsers and bundlers (Vite, webpack 5, Rollup): the module is ready on import. Bundlers emit
// the wasm as an asset from `new URL(..., import.meta.url)`; a browser fetches it beside this file.
import init from './jobglass.js';

await init({ module_or_path: new URL('./jobglass_bg.wasm', import.meta.url) });

export * from './jobglass.js';
export { default } from './jobglass.js';
