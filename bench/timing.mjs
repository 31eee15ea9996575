// Does opening a token tell good padding from bad by time? A dudect-style measurement (Reparaz,
// Balasch, Verbauwhede, "Dude, is my code constant time?", 2017): two classes of tokens that
// both fail with DECRYPT_FAILED, timed call by call in a random interleaving, and Welch's t-test
// on the two samples. |t| above about 4.5-5 says the classes are told apart; t grows with the
// number of samples when there is a real difference, so the sample count is printed with it.
//
//   node bench/timing.mjs [--pkg DIR] [--samples N] [--sizes 4096,1048544] [--ops decrypt,decryptJson,decryptBytes]
//
// Classes, for each content size S (a multiple of 16, at most 1 MiB − 32: the largest token; the
// token is made with the key, raw AES-192-CBC from node:crypto, random-IV form, so the two
// classes differ in nothing but what is measured):
//   bad padding      S bytes of the content below, then a last block whose padding is invalid;
//   bad content      the same S bytes, then a valid padding block.
// Two pairs of last blocks: "same count" (bad: fourteen 0x10, 0x11, 0x10; good: sixteen 0x10:
// both claim 16 bytes of padding, as the right and wrong guesses of the classic attack do once it
// knows the last byte) and "last byte" (bad: a last byte of 0x9c, read as 16; good: a last byte
// of 0x01: the attack's first phase, where the count stripped differs by 15 bytes).
// The content is text with one byte that is not UTF-8 near its end (op `decrypt`), or UTF-8
// text that is not JSON (op `decryptJson`); `decryptBytes` has no content stage, so its second
// class is a valid token: the time of success, for reference only (its t is not a goal).
// Each op and size gets its own interleaved run: samples of both classes drawn in a random
// order, a warm-up first, the first 5% of each class dropped. Prints, per op and size: samples
// per class, the two means and medians (ns), their gap, t, and t over the samples under the
// 90th percentile of both classes (dudect's cropping, against outliers from interrupts). The goal of issue 17: |t| < 5
// at 150,000 samples per class on a quiet machine, for `decrypt` at 4 KiB.
import { createCipheriv, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const o = { pkg: 'pkg', samples: 150_000, sizes: [4096, LARGEST], ops: ['decrypt', 'decryptJson', 'decryptBytes'] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--pkg') o.pkg = next();
    else if (a === '--samples') o.samples = Number(next());
    else if (a === '--sizes') o.sizes = next().split(',').map(Number);
    else if (a === '--ops') o.ops = next().split(',');
    else throw new Error(`unknown argument ${a}`);
  }
  for (const size of o.sizes) {
    if (!(Number.isInteger(size) && size > 0 && size % 16 === 0 && size <= LARGEST)) {
      throw new Error(`--sizes: ${size} is not a multiple of 16 from 16 to ${LARGEST} (a token holds at most 1 MiB)`);
    }
  }
  return o;
}

const KEY = Buffer.from('0123456789abcdefghijklmn');
// The most content a token can carry here: IV + content + a last block is at most 1 MiB decoded.
const LARGEST = (1 << 20) - 32;

/** base64(IV ‖ AES-192-CBC(plain)) with no padding added: `plain` carries its own last block. */
function token(plain) {
  const iv = randomBytes(16);
  const c = createCipheriv('aes-192-cbc', KEY, iv).setAutoPadding(false);
  return Buffer.concat([iv, c.update(plain), c.final()]).toString('base64');
}

/** `size` bytes of content for `op` (a multiple of 16). */
function content(op, size) {
  const text = Buffer.alloc(size, 'a');
  for (let i = 0; i < size; i += 61) text[i] = 0x20; // words
  if (op === 'decrypt') text[size - 40] = 0xff; // not UTF-8, near the end
  if (op === 'decryptJson') text[0] = 0x7b; // "{aaa…": UTF-8, not JSON
  return text;
}

const PADS = {
  'same count': { bad: Buffer.from([...Array(14).fill(0x10), 0x11, 0x10]), good: Buffer.alloc(16, 0x10) },
  'last byte': { bad: Buffer.from([...Array(15).fill(0x61), 0x9c]), good: Buffer.from([...Array(15).fill(0x61), 0x01]) },
};

/** Welch's t and the summary of two samples. */
function welch(a, b) {
  const stats = (x) => {
    const n = x.length;
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
    const sorted = Float64Array.from(x).sort();
    return { n, mean, variance, median: sorted[Math.floor(n / 2)] };
  };
  const sa = stats(a);
  const sb = stats(b);
  const t = (sa.mean - sb.mean) / Math.sqrt(sa.variance / sa.n + sb.variance / sb.n);
  return { a: sa, b: sb, t };
}

function measure(cipher, op, size, samples, pads) {
  const pool = 32; // distinct tokens per class (fresh IVs), used in turn
  const body = content(op, size);
  const classA = Array.from({ length: pool }, () => token(Buffer.concat([body, pads.bad])));
  const classB = Array.from({ length: pool }, () => token(Buffer.concat([body, pads.good])));
  const run = (t) => {
    const start = process.hrtime.bigint();
    try {
      cipher[op](t);
    } catch (e) {
      if (e.code !== 'DECRYPT_FAILED') throw e;
    }
    return Number(process.hrtime.bigint() - start);
  };
  // Both classes must fail (but for decryptBytes' reference class), or the test measures nothing.
  for (const t of classA) {
    let failed = false;
    try { cipher[op](t); } catch (e) { failed = e.code === 'DECRYPT_FAILED'; }
    if (!failed) throw new Error(`${op}: a bad-padding token did not fail with DECRYPT_FAILED`);
  }
  if (op !== 'decryptBytes') {
    for (const t of classB) {
      let failed = false;
      try { cipher[op](t); } catch (e) { failed = e.code === 'DECRYPT_FAILED'; }
      if (!failed) throw new Error(`${op}: a bad-content token did not fail with DECRYPT_FAILED`);
    }
  }
  const warm = Math.min(2000, samples / 10);
  for (let i = 0; i < warm; i++) run(i & 1 ? classA[i % pool] : classB[i % pool]);
  const a = [];
  const b = [];
  // A random interleaving: each step picks the class by a coin.
  const coins = randomBytes(2 * samples + 64);
  let ca = 0;
  let cb = 0;
  for (let i = 0; a.length < samples || b.length < samples; i++) {
    const pickA = a.length < samples && (b.length >= samples || (coins[i % coins.length] & 1) === 0);
    if (pickA) a.push(run(classA[ca++ % pool]));
    else b.push(run(classB[cb++ % pool]));
  }
  const drop = (x) => x.slice(Math.floor(x.length * 0.05));
  const [da, db] = [drop(a), drop(b)];
  // As dudect does, also the test on the samples under a percentile of both classes together:
  // interrupts and collections add long outliers that swamp the mean on a busy machine.
  const all = Float64Array.from([...da, ...db]).sort();
  const cut = all[Math.floor(all.length * 0.9)];
  return { full: welch(da, db), cropped: welch(da.filter((v) => v <= cut), db.filter((v) => v <= cut)) };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const entry = pathToFileURL(resolve(o.pkg, 'node.mjs')).href;
  const { TokenCipher } = await import(entry);
  const cipher = TokenCipher.fromText(KEY.toString());
  console.log(`node ${process.version}, package ${resolve(o.pkg)}`);
  console.log('op            pads          size  samples/class  mean bad pad  mean bad content  gap (ns)  median gap       t  t (≤ p90)');
  for (const op of o.ops) {
    for (const [padName, pads] of Object.entries(PADS)) {
      for (const size of o.sizes) {
        // A megabyte takes milliseconds a call: fewer samples, said in the table.
        const samples = size > 65536 ? Math.min(o.samples, 3000) : o.samples;
        const { full: r, cropped } = measure(cipher, op, size, samples, pads);
        const gap = r.b.mean - r.a.mean;
        console.log(`${op.padEnd(13)} ${padName.padEnd(11)} ${String(size).padStart(7)} ${String(r.a.n).padStart(14)} ${r.a.mean.toFixed(0).padStart(13)} ${r.b.mean.toFixed(0).padStart(17)} ${gap.toFixed(0).padStart(9)} ${(r.b.median - r.a.median).toFixed(0).padStart(11)} ${r.t.toFixed(2).padStart(7)} ${cropped.t.toFixed(2).padStart(10)}`);
      }
    }
  }
  cipher.free();
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
