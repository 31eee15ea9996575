// The minimal @noble/ciphers app for the size and cold-start comparison: import cbc and make one
// token the way the benchmark's noble peer does (random IV, TextEncoder, platform base64).
// run.mjs bundles it with esbuild --bundle --minify into bench/.build/noble-min.js.
import { cbc } from '@noble/ciphers/aes.js';

export function sealToken(key, text) {
  const pt = new TextEncoder().encode(text);
  const out = new Uint8Array(32 + (pt.length & ~15));
  const iv = crypto.getRandomValues(out.subarray(0, 16));
  cbc(key, iv).encrypt(pt, out.subarray(16));
  if (out.toBase64) return out.toBase64();
  let s = '';
  for (let i = 0; i < out.length; i += 0x8000) s += String.fromCharCode.apply(null, out.subarray(i, i + 0x8000));
  return btoa(s);
}
