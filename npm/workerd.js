// Cloudflare Workers (workerd): the wasm arrives as a compiled module, because workers may not
// compile WebAssembly from bytes.
import wasm from './jobglass_bg.wasm';
import { initSync } from './jobglass.js';

initSync({ module: wasm });

export * from './jobglass.js';
export { default } from './jobglass.js';
