// Oversize arguments, before and after "limits before work" (SPEC §2): for each export given a
// 256 MiB argument, the time of the call, how much the instance's WebAssembly memory grew, the
// outcome (the PinsealError code, or what came back) and whether the instance still works
// afterwards (a Reset PIN request sealed and its token opened). Not a test: it asserts nothing.
//
// Usage: node bench/oversize.mjs [PKG_DIR] [--runs N]
//   PKG_DIR   a built package (default: the repository's pkg/). It is copied to a temporary directory first, and
//             only the copy is measured, so a rebuild of PKG_DIR mid-run changes nothing.
//   --runs N  runs per call (default 3); the time is their median.
//
// Each run of each call is its own Node process with a fresh instance: WebAssembly memory never
// shrinks and what the module frees it reuses, so in one shared instance only the first copy of a
// 256 MiB argument would show as growth. The argument is made before the clock starts; the time
// is that of the one call. The instance's memory is reached by wrapping WebAssembly.Instance
// while the package's Node entry (which instantiates synchronously) is imported.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importWithMemory } from '../tests/boundary/with-memory.mjs';
import { KEY_TEXT, RESET, SETPIN } from '../tests/boundary/cases.mjs';

const MiB = 1024 * 1024;
const SIZE = 256 * MiB;

// [name, make the argument, call]: `p` is the package, `c` a random-IV TokenCipher.
const text = () => 'x'.repeat(SIZE);
const token = () => 'A'.repeat(SIZE);
const bytes = () => new Uint8Array(SIZE);
const CASES = [
  ['encrypt(256 MiB string)', text, (p, c, a) => c.encrypt(a)],
  ['encryptJson(256 MiB string)', text, (p, c, a) => c.encryptJson(a)],
  ['encryptBytes(256 MiB)', bytes, (p, c, a) => c.encryptBytes(a)],
  ['decrypt(256 MiB token)', token, (p, c, a) => c.decrypt(a)],
  ['decryptBytes(256 MiB token)', token, (p, c, a) => c.decryptBytes(a)],
  ['decryptJson(256 MiB token)', token, (p, c, a) => c.decryptJson(a)],
  ['openResetPinResponse({token: 256 MiB})', token, (p, c, a) => p.openResetPinResponse({ token: a }, c)],
  ['openResetPinResponse(256 MiB token)', token, (p, c, a) => p.openResetPinResponse(a, c)],
  ['openResetPinResponse(256 MiB body text)', () => `{"token":"${token()}"}`, (p, c, a) => p.openResetPinResponse(a, c)],
  ['validateResetPin(customerId 256 MiB)', text, (p, c, a) => p.validateResetPin({ ...RESET, customerId: a })],
  ['buildResetPinRequest(customerId 256 MiB)', text, (p, c, a) => p.buildResetPinRequest({ ...RESET, customerId: a })],
  ['sealResetPin(customerId 256 MiB)', text, (p, c, a) => p.sealResetPin({ ...RESET, customerId: a }, c)],
  ['validateSetPin(identity 256 MiB)', text, (p, c, a) => p.validateSetPin({ ...SETPIN, identity: a })],
  ['buildSetPinRequest(identity 256 MiB)', text, (p, c, a) => p.buildSetPinRequest({ ...SETPIN, identity: a })],
  ['pinStrength(256 MiB)', text, (p, c, a) => p.pinStrength(a)],
  ['validatePin(256 MiB)', text, (p, c, a) => p.validatePin(a)],
  ['TokenCipher.fromBytes(256 MiB)', bytes, (p, c, a) => p.TokenCipher.fromBytes(a)],
  ['TokenCipher.fromHex(256 MiB)', text, (p, c, a) => p.TokenCipher.fromHex(a)],
  ['TokenCipher.fromBase64(256 MiB)', text, (p, c, a) => p.TokenCipher.fromBase64(a)],
  ['TokenCipher.fromText(256 MiB)', text, (p, c, a) => p.TokenCipher.fromText(a)],
  ['TokenCipher.fromText(key, {iv: 256 MiB})', bytes, (p, c, a) => p.TokenCipher.fromText(KEY_TEXT, { iv: a })],
  ['parseSetPinResponse(256 MiB string)', text, (p, c, a) => p.parseSetPinResponse(a)],
  ['validatePin(pin, {msisdn: 256 MiB})', text, (p, c, a) => p.validatePin('5829', { msisdn: a })],
  ['buildResetPinRequest(input, {now: 256 MiB})', text, (p, c, a) => p.buildResetPinRequest(RESET, { now: a })],
];

// What a call gave, in one short cell.
function outcome(result, error) {
  if (error) {
    if (error.name === 'PinsealError') return error.code;
    return `${error.constructor?.name ?? 'Error'}: ${String(error.message).slice(0, 40)}`;
  }
  if (result && Array.isArray(result.errors)) {
    return `report: ${result.errors.map((e) => `${e.field}:${e.code}`).join(' ') || 'valid'}`;
  }
  if (result && Array.isArray(result.reasons)) return `weak: ${result.reasons.join(',')}`;
  return `returned ${typeof result}`;
}

async function child(dir, index) {
  const { exports: p, memory } = await importWithMemory(pathToFileURL(join(dir, 'node.mjs')).href);
  const c = p.TokenCipher.fromText(KEY_TEXT);
  const works = () => {
    try {
      const { token: sealed } = p.sealResetPin(RESET, c);
      return JSON.parse(c.decrypt(sealed)).newPIN === RESET.newPIN;
    } catch {
      return false;
    }
  };
  works();
  const [, make, call] = CASES[index];
  const arg = make();
  const before = memory.buffer.byteLength;
  let result; let error = null;
  const started = process.hrtime.bigint();
  try { result = call(p, c, arg); } catch (e) { error = e; }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const grown = (memory.buffer.byteLength - before) / MiB;
  process.stdout.write(`${JSON.stringify({ ms, grown, outcome: outcome(result, error), works: works() })}\n`);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const formatMs = (ms) => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

function main() {
  const args = process.argv.slice(2);
  let runs = 3;
  let pkg = fileURLToPath(new URL('../pkg', import.meta.url));
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs') runs = Number(args[++i]);
    else pkg = args[i];
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs expects a positive integer');
  const source = resolve(pkg);
  const copy = mkdtempSync(join(tmpdir(), 'pinseal-oversize-'));
  cpSync(source, copy, { recursive: true });
  const script = fileURLToPath(import.meta.url);
  const wasm = createHash('sha256').update(readFileSync(join(copy, 'pinseal_bg.wasm'))).digest('hex').slice(0, 12);
  console.log(`pinseal oversize arguments: ${source} (wasm sha256 ${wasm}…), Node ${process.version}, ${runs} run(s) per call, each in a fresh process\n`);
  console.log('| call | time, median (ms) | memory growth (MiB) | outcome | instance works after |');
  console.log('|---|---:|---:|---|---|');
  try {
    CASES.forEach(([name], index) => {
      const samples = [];
      for (let r = 0; r < runs; r++) {
        const run = spawnSync(process.execPath, [script, '--child', copy, String(index)], {
          encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 20,
        });
        const line = run.stdout.trim().split('\n').pop();
        try {
          samples.push(JSON.parse(line));
        } catch {
          const why = run.signal ?? `exit ${run.status}: ${run.stderr.trim().split('\n').pop()}`;
          samples.push({ ms: NaN, grown: NaN, outcome: `process died (${why})`, works: false });
        }
      }
      const outcomes = [...new Set(samples.map((s) => s.outcome))].join(' / ');
      const grown = [...new Set(samples.map((s) => s.grown))].join(' / ');
      const works = samples.every((s) => s.works) ? 'yes' : samples.some((s) => s.works) ? 'some runs' : 'no';
      console.log(`| \`${name}\` | ${formatMs(median(samples.map((s) => s.ms)))} | ${grown} | ${outcomes} | ${works} |`);
    });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]));
else main();
