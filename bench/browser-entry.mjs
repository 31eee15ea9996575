// Bundled by run.mjs (esbuild) into bench/.build/bench.js for page.html: the harness and the noble
// peer. pinseal itself comes from /.build/run/pkg/ (the run's snapshot of the package under
// test), unbundled.
export { cbc } from '@noble/ciphers/aes.js';
export { createBench } from './cases.mjs';
