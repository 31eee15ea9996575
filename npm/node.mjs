// Node ESM entry: the WebAssembly module is read from disk and instantiated synchronously at
// import, so `import { sealResetPin } from 'pinseal'` works with no init call.
import { readFileSync } from 'node:fs';
import { initSync } from './pinseal.js';

initSync({ module: readFileSync(new URL('./pinseal_bg.wasm', import.meta.url)) });

export * from './pinseal.js';
export { default } from './pinseal.js';
