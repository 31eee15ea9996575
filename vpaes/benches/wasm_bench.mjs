// Times the exports of examples/wasm_bench.rs (a wasm module with no imports) in Node.
// Usage: node benches/wasm_bench.mjs path/to/wasm_bench.wasm [rounds]
import { readFileSync } from 'node:fs';

const [path, roundsArg] = process.argv.slice(2);
if (!path) {
  console.error('usage: node wasm_bench.mjs <wasm_bench.wasm> [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 5);
const { instance } = await WebAssembly.instantiate(readFileSync(path), {});
const x = instance.exports;
if (x.vpaes_backend_is_simd128() !== 1) {
  console.error('the engine was not built with simd128');
  process.exit(1);
}

const MIB = 1 << 20;
// name, export, repetitions per timing, blocks (or keys) per repetition, unit
const cases = [
  ['single-block encrypt', 'block_encrypt', 200_000, 1, 'block'],
  ['single-block decrypt', 'block_decrypt', 200_000, 1, 'block'],
  ['CBC encrypt 1 MiB', 'cbc_encrypt', 4, MIB / 16, 'block'],
  ['CBC decrypt 1 MiB', 'cbc_decrypt', 4, MIB / 16, 'block'],
  ['CBC encrypt 1 MiB, in place', 'cbc_encrypt_in_place', 4, MIB / 16, 'block', ['vpaes']],
  ['CBC decrypt 1 MiB, in place', 'cbc_decrypt_in_place', 4, MIB / 16, 'block', ['vpaes']],
  ['key setup (enc+dec)', 'key_setup', 50_000, 1, 'key'],
];

function time(fn, reps) {
  const t0 = process.hrtime.bigint();
  fn(reps);
  return Number(process.hrtime.bigint() - t0);
}

console.log(`node ${process.version}, ${rounds} rounds, best round reported`);
console.log('case                          engine   ns/unit     MB/s');
for (const [label, name, reps, units, unit, engines = ['vpaes', 'aes']] of cases) {
  for (const engine of engines) {
    const fn = x[`${engine}_${name}`];
    if (typeof fn !== 'function') continue; // an older build of the example
    fn(Math.max(1, reps / 10)); // warm up (tier-up to optimised code)
    let best = Infinity;
    for (let r = 0; r < rounds; r++) best = Math.min(best, time(fn, reps));
    const perUnit = best / (reps * units);
    const mbs = unit === 'block' ? (16 * 1e3) / perUnit : NaN;
    console.log(
      `${label.padEnd(29)} ${engine.padEnd(6)} ${perUnit.toFixed(1).padStart(9)} ${unit === 'block' ? mbs.toFixed(1).padStart(8) : '       -'}`,
    );
  }
}
