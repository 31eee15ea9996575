// Bundled by run.mjs (esbuild) for the page: the cases and the peers; pinseal comes from /pkg/.
import { cbc } from '@noble/ciphers/aes.js';
import CryptoJS from 'crypto-js';
import { implementations, measure } from './cases.mjs';

export function run(pinseal, options) {
  return measure(implementations(pinseal, { noble: { cbc }, CryptoJS }), options);
}
