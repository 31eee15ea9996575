// Fresh-module trials: compiles and instantiates a pinseal WebAssembly module anew many times in
// a browser engine, runs the same workload in each, and compares every output byte with OpenSSL.
// It exists to catch engines that compute wrong values once their optimizing tier takes over
// (docs/webkit-simd.md); the test command runs a short version of it in every engine.
//
//   node scripts/engine-trials.mjs [--engine webkit|chromium|firefox] [--trials N] [--per-page K]
//        [--module pkg | DIR] [--env NAME=VALUE]... [--json FILE] [--quiet]
//
//   --module pkg   the built npm package (pkg/pinseal.js + pkg/pinseal_bg.wasm), the default
//   --module DIR   a `wasm-bindgen --target web` output directory (pinseal.js exporting
//                  RawCipher, pinseal_bg.wasm), e.g. of the debug test build
//   --env          environment of the browser process, e.g. JSC_thresholdForOMGOptimizeAfterWarmUp=500
//                  (an early optimizing tier in WebKit's JavaScriptCore)
//   --mark         mark the module for JavaScriptCore (scripts/simd-pattern.mjs --mark) before
//                  serving it, as the test runs do after wasm-bindgen; with or without it, the
//                  module served is checked and the run refuses one with the SIMD pattern
//   --per-page K   trials per page load (default 5); each trial imports the module's JavaScript
//                  under a new URL and compiles its .wasm from the bytes again, so no compiled
//                  code or tier-up state is shared between trials
//
// The workload of one trial, in this order, with a fixed-IV cipher unless said:
//   1. encrypt of 1 MiB - 1 bytes of text; decrypt of OpenSSL's token of it;
//   2. encryptBytes of 1 MiB - 32 patterned bytes; decryptBytes of OpenSSL's token of them;
//   3. three rounds (--small-rounds N) over every text length 0..999: encrypt, and decrypt of
//      OpenSSL's token;
//   4. random IV: encrypt of 1 MiB - 32 bytes and of 20 short texts; each token's SHA-256 is
//      checked here against OpenSSL's token for the IV the token carries.
// Expected tokens come from the `openssl enc` command line. A trial is wrong if any output
// differs by a byte, or if any call throws or traps. Exit status 1 if any trial was wrong.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch, serve } from '../tests/engines.mjs';
import { analyze, mark } from './simd-pattern.mjs';

const KEY_TEXT = '0123456789abcdefghijklmn';
const KEY_HEX = Buffer.from(KEY_TEXT).toString('hex');
const IV_HEX = '000102030405060708090a0b0c0d0e0f';
const MIB = 1 << 20;

function parseArgs(argv) {
  const o = { engine: 'webkit', trials: 100, perPage: 5, module: 'pkg', env: {}, json: null, quiet: false, mark: false, smallRounds: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--engine') o.engine = next();
    else if (a === '--trials') o.trials = Number(next());
    else if (a === '--per-page') o.perPage = Number(next());
    else if (a === '--module') o.module = next();
    else if (a === '--json') o.json = next();
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--mark') o.mark = true;
    else if (a === '--small-rounds') o.smallRounds = Number(next());
    else if (a === '--env') {
      const [k, ...v] = next().split('=');
      o.env[k] = v.join('=');
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.trials > 0) || !(o.perPage > 0)) throw new Error('--trials and --per-page must be positive');
  return o;
}

/** base64 of `openssl enc -aes-192-cbc` of `input` under the trial key and `ivHex`. */
function openssl(input, ivHex = IV_HEX) {
  return execFileSync('openssl', ['enc', '-aes-192-cbc', '-K', KEY_HEX, '-iv', ivHex], { input, maxBuffer: 1 << 26 });
}

/** The text of length n of the small-token rounds (the page builds the same). */
function smallText(n) {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + ((i * 31 + n) % 26));
  return s;
}

function patterned(n) {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + 13 + (i >> 9)) & 255;
  return out;
}

// The page: runs `k` trials, each with a freshly imported and compiled module.
const PAGE = `<!doctype html><meta charset="utf-8"><title>trials</title>
<script type="module" src="trial.mjs"></script>`;

const TRIAL = `
const params = new URLSearchParams(location.search);
const page = params.get('p'), k = Number(params.get('k')), rounds = Number(params.get('rounds'));
const expected = await (await fetch('expected.json', { cache: 'no-store' })).json();
const wasmBytes = new Uint8Array(await (await fetch('m/pinseal_bg.wasm', { cache: 'no-store' })).arrayBuffer());
const MIB = ${MIB};
const KEY = ${JSON.stringify(KEY_TEXT)}, IV = ${JSON.stringify(IV_HEX)};
const smallText = ${smallText.toString()};
const hex = (u) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
const fromB64 = (t) => Uint8Array.from(atob(t), (c) => c.charCodeAt(0));
const sha = async (text) => hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
function firstDiff(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
async function trial(t) {
  const wrong = [];
  const note = (what, got, want) => {
    if (wrong.length < 8) wrong.push({ what, at: firstDiff(got, want), gotLength: got.length, wantLength: want.length });
    else wrong.push({ what });
  };
  // A new URL: a new module record, so a new instance of the glue and of the wasm module.
  const glue = await import('./m/pinseal.js?trial=' + page + '-' + t);
  const module = await WebAssembly.compile(wasmBytes.slice());
  await glue.default({ module_or_path: module });
  // The package's entry exports TokenCipher; raw wasm-bindgen output, RawCipher.
  const Cipher = glue.TokenCipher ?? glue.RawCipher;
  // The engine check's count before the workload (a debug test build runs the crate's own unit
  // tests at start, and one of them spoils results on purpose).
  const faultsBefore = glue.engineCheck ? glue.engineCheck().faults : 0;
  const fixed = Cipher.fromText(KEY, { iv: IV });
  const random = Cipher.fromText(KEY, undefined);
  const random_ = [];
  try {
    const y = 'y'.repeat(MIB - 1);
    const t1 = fixed.encrypt(y);
    if (t1 !== expected.big1) note('encrypt 1 MiB - 1 text', t1, expected.big1);
    const back = fixed.decrypt(expected.big1);
    if (back !== y) note('decrypt 1 MiB - 1 text', back, y);
    const pat = new Uint8Array(MIB - 32);
    for (let i = 0; i < pat.length; i++) pat[i] = (i * 7 + 13 + (i >> 9)) & 255;
    const t2 = fixed.encryptBytes(pat);
    if (t2 !== expected.big2) note('encryptBytes 1 MiB - 32', t2, expected.big2);
    const b2 = fixed.decryptBytes(expected.big2);
    if (firstDiff(b2, pat) !== -1) note('decryptBytes 1 MiB - 32', b2, pat);
    for (let round = 0; round < rounds; round++) {
      for (let n = 0; n < 1000; n++) {
        const s = smallText(n);
        const tok = fixed.encrypt(s);
        if (tok !== expected.small[n]) note('encrypt ' + n + ' B, round ' + round, tok, expected.small[n]);
        const open = fixed.decrypt(expected.small[n]);
        if (open !== s) note('decrypt ' + n + ' B, round ' + round, open, s);
      }
    }
    const big = random.encrypt('y'.repeat(MIB - 32));
    random_.push({ length: MIB - 32, iv: hex(fromB64(big.slice(0, 24)).slice(0, 16)), sha: await sha(big) });
    for (let n = 0; n < 20; n++) {
      const tok = random.encrypt(smallText(n * 37));
      random_.push({ length: n * 37, iv: hex(fromB64(tok.slice(0, 24)).slice(0, 16)), sha: await sha(tok) });
    }
    const check = glue.engineCheck ? glue.engineCheck() : null;
    return { wrong, random: random_, check: check && { enabled: check.enabled, faults: check.faults - faultsBefore } };
  } catch (e) {
    return { wrong, random: random_, error: (e && e.name ? e.name + ': ' : '') + (e && e.message || String(e)) + (e && e.code ? ' [' + e.code + ']' : ''), stack: String(e && e.stack || '').slice(0, 600) };
  } finally {
    try { fixed.free(); random.free(); } catch {}
  }
}
const results = [];
for (let t = 0; t < k; t++) {
  const start = performance.now();
  let r;
  try { r = await trial(t); } catch (e) { r = { wrong: [], random: [], error: 'setup: ' + (e && e.message || String(e)) }; }
  r.ms = Math.round(performance.now() - start);
  results.push(r);
}
window.__trials = results;
`;

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const root = mkdtempSync(join(tmpdir(), 'pinseal-trials-'));
  try {
    const moduleDir = o.module === 'pkg' ? resolve('pkg') : resolve(o.module);
    if (!existsSync(join(moduleDir, 'pinseal.js')) || !existsSync(join(moduleDir, 'pinseal_bg.wasm'))) {
      throw new Error(`${moduleDir} has no pinseal.js + pinseal_bg.wasm (build it first: scripts/build.sh for pkg)`);
    }
    cpSync(moduleDir, join(root, 'm'), { recursive: true });
    let wasm = readFileSync(join(root, 'm', 'pinseal_bg.wasm'));
    if (o.mark) {
      wasm = Buffer.from(mark(wasm).bytes);
      writeFileSync(join(root, 'm', 'pinseal_bg.wasm'), wasm);
    }
    const pattern = analyze(wasm);
    if (pattern.callEdges.length > 0 || pattern.loopCarries.length > 0) {
      throw new Error(`the module has the SIMD pattern (${pattern.callEdges.length} call edges, ${pattern.loopCarries.length} loop carries); --mark marks it`);
    }
    const wasmSha = createHash('sha256').update(wasm).digest('hex');
    const small = [];
    for (let n = 0; n < 1000; n++) small.push(openssl(Buffer.from(smallText(n))).toString('base64'));
    writeFileSync(join(root, 'expected.json'), JSON.stringify({
      big1: openssl(Buffer.from('y'.repeat(MIB - 1))).toString('base64'),
      big2: openssl(patterned(MIB - 32)).toString('base64'),
      small,
    }));
    writeFileSync(join(root, 'trial.html'), PAGE);
    writeFileSync(join(root, 'trial.mjs'), TRIAL);
    const server = await serve(root);
    const browser = await launch(o.engine, { env: o.env });
    const summary = { engine: o.engine, userAgent: browser.userAgent, module: o.module, wasmSha256: wasmSha, simdFunctions: pattern.simdFunctions, functions: pattern.functions, env: o.env, smallRounds: o.smallRounds, trials: 0, wrong: 0, errors: 0, randomChecked: 0, failures: [] };
    const started = Date.now();
    try {
      const page = await browser.newPage({ width: 800, height: 600 });
      for (let p = 0; summary.trials < o.trials; p++) {
        const k = Math.min(o.perPage, o.trials - summary.trials);
        await page.goto(`${server.origin}/trial.html?p=${p}&k=${k}&rounds=${o.smallRounds}`);
        const results = await page.waitFor(() => window.__trials, undefined, { timeout: 600_000 });
        for (const r of results) {
          summary.trials++;
          let bad = r.wrong.length > 0 || !!r.error;
          for (const rnd of r.random) {
            const input = rnd.length === MIB - 32 ? Buffer.from('y'.repeat(MIB - 32)) : Buffer.from(smallText(rnd.length));
            const token = Buffer.concat([Buffer.from(rnd.iv, 'hex'), openssl(input, rnd.iv)]).toString('base64');
            const want = createHash('sha256').update(token).digest('hex');
            summary.randomChecked++;
            if (want !== rnd.sha) {
              bad = true;
              r.wrong.push({ what: `random-IV token of ${rnd.length} B` });
            }
          }
          if (r.error) summary.errors++;
          // The module's engine check (on by default under JavaScriptCore in the package): a
          // fault it caught was a wrong AES result that it recomputed before returning.
          if (r.check) {
            summary.checkEnabled = r.check.enabled;
            summary.checkFaults = (summary.checkFaults ?? 0) + r.check.faults;
            if (r.check.faults > 0) console.log(`trial ${summary.trials}: the engine check caught ${r.check.faults} wrong result(s)`);
          }
          if (bad) {
            summary.wrong++;
            summary.failures.push({ trial: summary.trials, wrong: r.wrong.slice(0, 8), wrongCount: r.wrong.length, error: r.error ?? null, stack: r.stack ?? null });
            console.log(`trial ${summary.trials}: WRONG ${JSON.stringify({ wrong: r.wrong.slice(0, 3), count: r.wrong.length, error: r.error ?? null })}`);
          }
        }
        const problems = page.problems?.() ?? [];
        if (problems.length) console.log(`page ${p}: ${problems.join(' | ')}`);
        if (!o.quiet && (summary.trials % 50 === 0 || summary.trials === o.trials)) {
          console.log(`${summary.trials}/${o.trials} trials, ${summary.wrong} wrong (${Math.round((Date.now() - started) / 1000)} s)`);
        }
      }
    } finally {
      await browser.close();
      await server.close();
    }
    summary.seconds = Math.round((Date.now() - started) / 1000);
    const setupFailures = summary.failures.filter((f) => /^setup: /.test(f.error ?? '')).length;
    if (setupFailures === summary.trials) {
      throw new Error(`every trial failed before it ran (${summary.failures[0]?.error}): the harness, not the engine`);
    }
    const env = Object.entries(o.env).map(([k, v]) => `${k}=${v}`).join(' ') || 'default options';
    console.log(`${o.engine} (${summary.userAgent}), module ${o.module} (wasm sha256 ${wasmSha.slice(0, 12)}…), ${env}: ` +
      `${summary.trials} fresh-module trials, ${summary.wrong} wrong (${summary.errors} threw), ` +
      `${summary.randomChecked} random-IV tokens checked, ${summary.seconds} s` +
      (summary.checkEnabled === undefined ? '' : `; engine check ${summary.checkEnabled ? 'on' : 'off'}, ${summary.checkFaults} wrong results caught`));
    if (o.json) writeFileSync(o.json, JSON.stringify(summary, null, 1));
    process.exitCode = summary.wrong === 0 ? 0 : 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(2);
});
