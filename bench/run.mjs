// pinseal benchmark: pinseal against @noble/ciphers (and node:crypto in Node), in headless
// Chromium, Firefox and WebKit and in Node, in ONE run: the same page and cases in every engine,
// peers interleaved round by round within each engine, medians with spread, ratios from this run
// only. Then cold start per engine (pinseal and noble interleaved) and size. Prints every goal of
// the boundary issue (18) with its ratio and PASS/MISS: its targets for Chromium and Node, and for
// Firefox and WebKit no row below 1.5x and cold start at most noble's.
//
// The browsers are driven through tests/engines.mjs (plain W3C WebDriver: chromedriver,
// geckodriver, WebKitWebDriver + MiniBrowser under Xvfb), one engine at a time.
//
// Usage: node bench/run.mjs [--pkg DIR] [--quick] [--rounds N] [--note TEXT]
//   --pkg DIR   the built package to measure (default pkg). It is copied into bench/.build/run/pkg
//               first, and only that copy is measured, so a rebuild of DIR mid-run changes nothing.
//   --quick     smoke run: 3 rounds, short windows, 4 cold rounds. Writes bench/.build/RESULTS.quick.md
//               and results.quick.json instead of bench/RESULTS.md and bench/results.json.
//   --rounds N  rounds of the warm benchmark (default 10; the issue asks for at least 10).
//   --note TEXT a line printed under the heading (e.g. "interim build, core being rewritten").
// PINSEAL_ENGINES=firefox,webkit (say) narrows the browsers; Node always runs. A full run that
// leaves an engine out writes bench/.build/RESULTS.<engines>.md and results.<engines>.json, so the
// committed bench/RESULTS.md always holds all three engines.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as nodeCrypto from 'node:crypto';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cbc } from '@noble/ciphers/aes.js';
import { ENGINES, selectedEngines, launch, serve } from '../tests/engines.mjs';
import { createBench, schedule, KEY_TEXT, RESET_JSON } from './cases.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const buildDir = join(benchDir, '.build');
const log = (...a) => console.error('[bench]', ...a);
const NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

// ------------------------------------------------------------------ options
const args = process.argv.slice(2);
const argValue = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
for (let i = 0; i < args.length; i++) {
  if (['--pkg', '--rounds', '--note'].includes(args[i])) { i++; continue; }
  if (args[i] !== '--quick') { console.error(`run.mjs: unknown argument ${args[i]}\nusage: node bench/run.mjs [--pkg DIR] [--quick] [--rounds N] [--note TEXT]`); process.exit(2); }
}
const quick = args.includes('--quick');
const rounds = Number(argValue('--rounds')) || (quick ? 3 : 10);
const opts = quick
  ? { ms: 50, bulkMs: 80, warmMs: 60, batchMs: 2 }
  : { ms: 200, bulkMs: 300, warmMs: 250, batchMs: 2 };
const coldRounds = quick ? 4 : Math.max(20, rounds);
const pkgArg = resolve(root, argValue('--pkg') ?? 'pkg');
const note = argValue('--note'); // printed under the heading, e.g. which build this is
const MIN_ROUNDS = 10;
const IDLE_MS = 50; // the pause before each sample where an engine offers no forced collection
let engines;
try { engines = selectedEngines(); } catch (e) { console.error(`run.mjs: ${e.message}`); process.exit(2); }
const allEngines = ENGINES.every((e) => engines.includes(e));

// ------------------------------------------------------------------ snapshot of the package
const snap = join(buildDir, 'run', 'pkg');
if (!existsSync(join(pkgArg, 'pinseal.js')) || !existsSync(join(pkgArg, 'pinseal_bg.wasm'))) {
  console.error(`run.mjs: ${pkgArg} has no pinseal.js + pinseal_bg.wasm; build it first (scripts/build.sh) or pass --pkg DIR`);
  process.exit(1);
}
if (pkgArg === snap || pkgArg.startsWith(snap + sep)) { console.error(`run.mjs: --pkg must not be ${relative(root, snap)} (the run's own copy)`); process.exit(2); }
rmSync(snap, { recursive: true, force: true });
mkdirSync(snap, { recursive: true });
cpSync(pkgArg, snap, { recursive: true, preserveTimestamps: true });
const wasmBytes = readFileSync(join(snap, 'pinseal_bg.wasm'));
const glueBytes = readFileSync(join(snap, 'pinseal.js'));
const sha = (b) => createHash('sha256').update(b).digest('hex');
const pkgInfo = {
  dir: relative(root, pkgArg) || '.', measuredCopy: relative(root, snap),
  wasmSha256: sha(wasmBytes), glueSha256: sha(glueBytes),
  wasmBuiltAt: statSync(join(pkgArg, 'pinseal_bg.wasm')).mtime.toISOString(),
};
log(`package: ${pkgInfo.dir} → ${pkgInfo.measuredCopy} (wasm sha256 ${pkgInfo.wasmSha256.slice(0, 12)}…, built ${pkgInfo.wasmBuiltAt})`);
log(`engines: ${engines.join(', ')}${allEngines ? '' : ' (narrowed by PINSEAL_ENGINES)'}; then Node`);

const pinseal = await import(pathToFileURL(join(snap, 'pinseal.js')).href);
pinseal.initSync({ module: wasmBytes });

// ------------------------------------------------------------------ bundles and pages
// Everything the browsers load is under bench/ and served from there (tests/engines.mjs serve():
// 127.0.0.1, no-store, its console/error probe in every HTML page): /page.html, /.build/bench.js,
// /.build/noble-min.js, /.build/cold-*.html and the snapshot /.build/run/pkg/.
const esbuild = join(root, 'node_modules/.bin/esbuild');
const esb = (...a) => execFileSync(esbuild, [...a, '--log-level=error'], { cwd: root });
esb(join(benchDir, 'browser-entry.mjs'), '--bundle', '--format=esm', '--platform=browser', `--outfile=${join(buildDir, 'bench.js')}`);
esb(join(benchDir, 'noble-min.mjs'), '--bundle', '--minify', '--format=esm', '--platform=browser', `--outfile=${join(buildDir, 'noble-min.js')}`);
const pageHead = (title) => `<!doctype html>\n<meta charset="utf-8">\n<title>${title}</title>\n<script type="module">\n  const KEY = new TextEncoder().encode(${JSON.stringify(KEY_TEXT)});\n  const TEXT = ${JSON.stringify(RESET_JSON)};\n  const Q = location.search; // unique per load: no module may come from an earlier load\n  try {\n`;
const pageTail = `  } catch (e) { window.__coldError = (e && e.name ? e.name + ': ' + e.message : String(e)); }\n</script>\n`;
// Cold start: from just before the dynamic import to the first token (fetch + compile/parse +
// instantiate + first encrypt). Each page is loaded in a new window (see coldPage()).
// pinseal as its README loads it for the fastest start: the .wasm fetched and compiled as it
// streams (WebAssembly.compileStreaming) while the glue is imported, then handed to init().
writeFileSync(join(buildDir, 'cold-pinseal.html'), `${pageHead('cold pinseal')}    const t0 = performance.now();
    const wasm = fetch('/.build/run/pkg/pinseal_bg.wasm' + Q);
    const module = WebAssembly.compileStreaming ? WebAssembly.compileStreaming(wasm) : wasm.then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b));
    const { default: init, TokenCipher } = await import('/.build/run/pkg/pinseal.js' + Q);
    await init({ module_or_path: module });
    const token = TokenCipher.fromBytes(KEY).encrypt(TEXT);
    const t1 = performance.now();
    window.__cold = { ms: t1 - t0, sinceNavigation: t1, token };
${pageTail}`);
writeFileSync(join(buildDir, 'cold-noble.html'), `${pageHead('cold noble')}    const t0 = performance.now();
    const { sealToken } = await import('/.build/noble-min.js' + Q);
    const token = sealToken(KEY, TEXT);
    const t1 = performance.now();
    window.__cold = { ms: t1 - t0, sinceNavigation: t1, token };
${pageTail}`);
// pinseal's cold start phase by phase (information for the team; each phase awaited on its own).
writeFileSync(join(buildDir, 'cold-phases.html'), `${pageHead('cold pinseal phases')}    const t = [performance.now()];
    const glue = await import('/.build/run/pkg/pinseal.js' + Q); t.push(performance.now());
    const bytes = await (await fetch('/.build/run/pkg/pinseal_bg.wasm' + Q)).arrayBuffer(); t.push(performance.now());
    const module = await WebAssembly.compile(bytes); t.push(performance.now());
    glue.initSync({ module }); t.push(performance.now());
    const token = glue.TokenCipher.fromBytes(KEY).encrypt(TEXT); t.push(performance.now());
    window.__cold = { phases: { 'glue import': t[1] - t[0], 'wasm fetch': t[2] - t[1], compile: t[3] - t[2], instantiate: t[4] - t[3], 'first token': t[5] - t[4] }, token };
${pageTail}`);

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => { const i = (s.length - 1) * p; const lo = Math.floor(i); return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo); };
  return { median: q(0.5), min: s[0], max: s[s.length - 1], q1: q(0.25), q3: q(0.75), n: s.length, samples: xs };
};
const load2 = (l) => l.map((x) => +x.toFixed(2));
const load0 = loadavg();
log(`load average at start: ${load2(load0).join(' / ')} (1/5/15 min) on ${cpus().length} cores`);

// ------------------------------------------------------------------ engine facts
/** The engine's version from its binary (the UA of MiniBrowser carries no WebKitGTK version). */
function engineVersion(engine, userAgent) {
  const run = (cmd, a) => { try { return execFileSync(cmd, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim(); } catch { return ''; } };
  if (engine === 'chromium') {
    const m = /(\d+\.\d+\.\d+\.\d+)/.exec(run(process.env.CHROMIUM_BIN || 'chromium', ['--version']));
    return m ? m[1] : /Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? 'unknown';
  }
  if (engine === 'firefox') {
    const m = /Firefox ([\w.]+)/.exec(run(process.env.FIREFOX_BIN || 'firefox-esr', ['--version']));
    return m ? m[1] : /Firefox\/([\d.]+)/.exec(userAgent)?.[1] ?? 'unknown';
  }
  const m = /^([\d.]+)/.exec(run('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0']));
  return m ? `WebKitGTK ${m[1]}` : `AppleWebKit/${/AppleWebKit\/([\d.]+)/.exec(userAgent)?.[1] ?? '?'}`;
}
const DRIVEN = {
  chromium: 'headless, chromedriver',
  firefox: 'firefox-esr -headless, geckodriver',
  webkit: 'MiniBrowser under Xvfb, WebKitWebDriver',
};
// What each engine offers for a full garbage collection before a sample (outside the timed window).
const NO_GC = {
  chromium: 'chromedriver refused the CDP command HeapProfiler.collectGarbage',
  firefox: 'TestUtils.gc() was not exposed although the pref dom.testing.testutils.enabled was asked for',
  webkit: "JavaScriptCore gives pages no collection: $vm needs a restricted JSC option (JSC_useDollarVM is refused by this release build), and WebDriver has no such command",
};
async function makeSettle(engine, browser, page) {
  if (engine === 'chromium') {
    const cdp = () => browser.wd('POST', '/goog/cdp/execute', { cmd: 'HeapProfiler.collectGarbage', params: {} });
    try { await cdp(); return { forced: true, how: 'a full collection before every sample (CDP HeapProfiler.collectGarbage through chromedriver)', fn: cdp }; } catch (e) { log(`chromium: no CDP collection: ${e.message}`); }
  }
  if (await page.evaluate(() => typeof globalThis.TestUtils?.gc === 'function')) {
    return { forced: true, how: 'a full collection before every sample (TestUtils.gc())', fn: () => page.evaluate(() => globalThis.TestUtils.gc()) };
  }
  if (await page.evaluate(() => typeof globalThis.gc === 'function')) {
    return { forced: true, how: 'a full collection before every sample (gc())', fn: () => page.evaluate(() => { globalThis.gc(); }) };
  }
  return {
    forced: false,
    how: `**no forced collection**: ${NO_GC[engine]}; an idle pause of ${IDLE_MS} ms before every sample instead (the engine may collect in it), so a peer may still pay for the previous sample's garbage, with the peer order rotating each round`,
    fn: () => page.evaluate((ms) => new Promise((ok) => setTimeout(ok, ms)), IDLE_MS),
  };
}
// Measured in the page: the clock's step (Firefox and WebKit coarsen performance.now() to 1 ms in a
// page that is not cross-origin isolated), and whether wasm simd128 validates.
const pageFacts = () => {
  let last = performance.now(); let step = Infinity; let seen = 0;
  for (let i = 0; i < 5e6 && seen < 50; i++) { const t = performance.now(); if (t !== last) { step = Math.min(step, t - last); last = t; seen++; } }
  const simd = WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]));
  return { clockStepMs: step, simd128: simd, crossOriginIsolated: self.crossOriginIsolated === true, userAgent: navigator.userAgent };
};
const FATAL = /^(uncaught|unhandled rejection|failed to load|fetch failed|CSP violation)/;
async function checkProblems(page, what) {
  const lines = await page.problems();
  for (const l of lines) log(`${what}: page said: ${l}`);
  const fatal = lines.filter((l) => FATAL.test(l));
  if (fatal.length) throw new Error(`${what}: ${fatal.join('; ')}`);
}

// ------------------------------------------------------------------ one engine: warm benchmark, cold start
async function runEngine(engine, origin) {
  const name = NAMES[engine];
  const out = { engine, name, loadavgStart: load2(loadavg()) };
  const started = performance.now();
  // Firefox: the pref that exposes TestUtils.gc() to pages.
  const browser = await launch(engine, engine === 'firefox' ? { prefs: { 'dom.testing.testutils.enabled': true } } : {});
  try {
    out.version = engineVersion(engine, browser.userAgent);
    out.driven = DRIVEN[engine];
    log(`${name} ${out.version}: set-up, cross-check, base64 check, warm-up (load ${out.loadavgStart.join('/')})`);
    const page = await browser.newPage({ width: 1000, height: 800 });
    await page.goto(`${origin}/page.html`);
    await page.waitFor(() => window.__ready === true, undefined, { timeout: 30_000 });
    out.facts = await page.evaluate(pageFacts);
    out.info = await page.evaluate((o) => window.__setup(o), opts);
    const settle = await makeSettle(engine, browser, page);
    out.settle = { forced: settle.forced, how: settle.how };
    out.rounds = [];
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      const res = {};
      for (const [id, peer] of schedule(out.info.cases, r)) {
        await settle.fn(); // nobody pays for the previous sample's garbage (where the engine lets us)
        (res[id] ??= {})[peer] = await page.evaluate((i, p) => window.__sample(i, p), id, peer);
      }
      out.rounds.push(res);
      log(`${name} round ${r + 1}/${rounds} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
    await checkProblems(page, `${name} bench page`);
    // The first window stays open on about:blank, so that every cold page gets a window of its own.
    await page.goto('about:blank');

    // Cold start. WebDriver has no fresh browser context (Playwright's newContext): each page is
    // loaded in a new window of the same session, its URL unique (so is every module it imports:
    // location.search is appended), every response no-store; the window is closed afterwards.
    const coldPage = async (file, tag) => {
      const p = await browser.newPage({ width: 800, height: 600 });
      try {
        await p.goto(`${origin}/.build/${file}.html?${tag}`);
        const done = await p.waitFor(() => (window.__cold || window.__coldError ? { cold: window.__cold, error: window.__coldError } : null), undefined, { timeout: 30_000 });
        if (done.error) throw new Error(`${name} ${file}: ${done.error}`);
        await checkProblems(p, `${name} ${file}`);
        if (pinseal.TokenCipher.fromText(KEY_TEXT).decrypt(done.cold.token) !== RESET_JSON) throw new Error(`${name} ${file}: its first token does not open with pinseal`);
        return done.cold;
      } finally {
        await p.close();
        await new Promise((ok) => setTimeout(ok, 150)); // let the closed window's teardown pass
      }
    };
    out.cold = { pinseal: [], noble: [], phases: [], order: [], how: 'a new window of the same browser session per page (WebDriver has no fresh context); unique URLs, no-store responses' };
    log(`${name} cold start: ${coldRounds} rounds, a new window per page, pinseal and noble alternating first`);
    await coldPage('cold-pinseal', `warm-up-pinseal`); await coldPage('cold-noble', `warm-up-noble`); // warm-up of the browser itself, discarded
    for (let r = 0; r < coldRounds; r++) {
      const order = r % 2 ? ['noble', 'pinseal'] : ['pinseal', 'noble'];
      for (const who of order) out.cold[who].push((await coldPage(`cold-${who}`, `r=${r}-${who}`)).ms);
      out.cold.phases.push((await coldPage('cold-phases', `r=${r}-phases`)).phases);
      out.cold.order.push(order.join(','));
    }
  } finally {
    await browser.close();
  }
  out.loadavgEnd = load2(loadavg());
  out.seconds = Math.round((performance.now() - started) / 1000);
  log(`${name}: done in ${out.seconds} s (load ${out.loadavgEnd.join('/')})`);
  await new Promise((ok) => setTimeout(ok, 1000)); // let the browser's processes wind down
  return out;
}

const browsers = {};
const server = await serve(benchDir);
try {
  for (const engine of engines) browsers[engine] = await runEngine(engine, server.origin);
} finally {
  await server.close();
}

// ------------------------------------------------------------------ Node: warm benchmark
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc'); // the same full collection before each sample as in Chromium
const nodeLoad0 = load2(loadavg());
log(`Node ${process.version}: set-up, cross-check, base64 check, warm-up (load ${nodeLoad0.join('/')})`);
const nodeBench = createBench({ pinseal, cbc, nodeCrypto }, opts);
const node = { info: nodeBench.info, rounds: [], loadavgStart: nodeLoad0 };
for (let r = 0; r < rounds; r++) {
  const t = performance.now();
  const res = {};
  for (const [id, peer] of schedule(node.info.cases, r)) {
    gc();
    (res[id] ??= {})[peer] = nodeBench.sample(id, peer);
  }
  node.rounds.push(res);
  log(`Node round ${r + 1}/${rounds} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
const load1 = loadavg();
node.loadavgEnd = load2(load1);

// ------------------------------------------------------------------ size
const gz9 = (buf) => {
  try { return execFileSync('gzip', ['-9', '-c'], { input: buf, maxBuffer: 64 << 20 }).length; } catch { return gzipSync(buf, { level: 9 }).length; }
};
const nobleMin = readFileSync(join(buildDir, 'noble-min.js'));
const size = {
  pinseal: {
    wasm: { raw: wasmBytes.length, gzip: gz9(wasmBytes) },
    glue: { raw: glueBytes.length, gzip: gz9(glueBytes) },
  },
  noble: { raw: nobleMin.length, gzip: gz9(nobleMin), what: 'bench/noble-min.mjs: import cbc + one token (random IV, TextEncoder, toBase64), esbuild --bundle --minify' },
};
size.pinseal.total = { raw: size.pinseal.wasm.raw + size.pinseal.glue.raw, gzip: size.pinseal.wasm.gzip + size.pinseal.glue.gzip };

// ------------------------------------------------------------------ statistics
const summarise = (env) => {
  const out = {};
  for (const c of env.info.cases) {
    const peers = {};
    for (const p of c.peers) peers[p] = stats(env.rounds.map((r) => r[c.id][p]));
    const ratios = {};
    if (peers.pinseal) {
      for (const p of c.peers) {
        if (p === 'pinseal' || p === 'platform') continue;
        const perRound = stats(env.rounds.map((r) => r[c.id].pinseal / r[c.id][p]));
        ratios[p] = { ofMedians: peers.pinseal.median / peers[p].median, perRoundMin: perRound.min, perRoundMax: perRound.max };
      }
    }
    out[c.id] = { title: c.title, group: c.group, unit: c.unit, peers, ratios };
  }
  return out;
};
const S = {}; // per engine: case summaries
const coldS = {}; // per engine: cold-start statistics
for (const [engine, b] of Object.entries(browsers)) {
  S[engine] = summarise(b);
  const phaseNames = Object.keys(b.cold.phases[0]);
  coldS[engine] = {
    pinseal: stats(b.cold.pinseal), noble: stats(b.cold.noble),
    perRound: stats(b.cold.pinseal.map((v, i) => b.cold.noble[i] / v)), // same round, speed ratio
    phases: Object.fromEntries(phaseNames.map((k) => [k, stats(b.cold.phases.map((p) => p[k]))])),
  };
}
const N = summarise(node);

const cpu = cpus();
const machine = {
  cpu: cpu[0]?.model?.trim() ?? 'unknown', cores: cpu.length, memoryGiB: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${release()}`, node: process.version, date: new Date().toISOString(),
  engines: Object.fromEntries(Object.entries(browsers).map(([e, b]) => [e, b.version])),
  loadavgStart: load2(load0), loadavgEnd: load2(load1),
};

// ------------------------------------------------------------------ goals
// The speed goals of issue 18: the targets below for Chromium (and Node); Firefox and WebKit:
// no row below 1.5x, cold start at most noble's.
const BROWSER_GOALS = [
  { id: 'token.encrypt', goal: 'token encrypt (262-B JSON string → base64 token)', target: 4 },
  { id: 'token.decrypt', goal: 'token decrypt (base64 token → string)', target: 3 },
  { id: 'token.seal', goal: "sealResetPin (validate + build + seal) vs noble's bare token encrypt", target: 2 },
  { id: 'bulk.encrypt', goal: 'bulk encrypt 1 MiB → base64 token', target: 2.5 },
  { id: 'bulk.decrypt', goal: 'bulk base64 token → 1 MiB decrypt', target: 3 },
];
const OTHER_ENGINE_TARGET = 1.5;
// Cold start, noble ms ÷ pinseal ms: Chromium at least 1.25 (pinseal ≤ 0.8× noble), the others 1.
const coldTarget = (engine) => (engine === 'chromium' ? 1.25 : 1);
const speedGoal = (goal, env, Sx, id, peer, target, goalOf = env) => {
  const row = Sx[id];
  const r = row.ratios[peer];
  const verdict = target == null ? 'info' : r.ofMedians >= target ? 'PASS' : 'MISS';
  return { goal, env, goalOf, case: id, peer, unit: row.unit, pinseal: row.peers.pinseal.median, other: row.peers[peer].median, ratio: r.ofMedians, perRound: [r.perRoundMin, r.perRoundMax], target, verdict };
};
const coldGoal = (engine) => {
  const c = coldS[engine];
  return {
    goal: `cold start, ${NAMES[engine]}: import → first token (noble ms ÷ pinseal ms)`, env: engine, goalOf: engine, unit: 'ms',
    pinseal: c.pinseal.median, other: c.noble.median, peer: 'noble', ratio: c.noble.median / c.pinseal.median, perRound: [c.perRound.min, c.perRound.max],
    target: coldTarget(engine), verdict: c.noble.median / c.pinseal.median >= coldTarget(engine) ? 'PASS' : 'MISS',
  };
};
const goals = [];
for (const engine of engines) {
  for (const g of BROWSER_GOALS) {
    const target = engine === 'chromium' ? g.target : OTHER_ENGINE_TARGET;
    goals.push(speedGoal(`${NAMES[engine]} ${g.goal}`, engine, S[engine], g.id, 'noble', target));
  }
  goals.push(coldGoal(engine));
}
goals.push(speedGoal('Node token encrypt', 'node', N, 'token.encrypt', 'noble', 4));
goals.push(speedGoal('Node token encrypt vs node:crypto', 'node', N, 'token.encrypt', 'node:crypto', null));
goals.push({
  goal: 'size: .wasm + JS glue, gzip -9 (vs noble minimal cbc bundle)', env: 'size', goalOf: 'size', unit: 'B',
  pinseal: size.pinseal.total.gzip, other: size.noble.gzip, peer: 'noble', sizeRatio: size.pinseal.total.gzip / size.noble.gzip,
  target: 20480, verdict: size.pinseal.total.gzip <= 20480 ? 'PASS' : 'MISS',
});

// ------------------------------------------------------------------ report
const fmt = (v) => {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
};
const x = (v) => `${v.toFixed(2)}×`;
const range = (lo, hi) => `[${lo.toFixed(2)}–${hi.toFixed(2)}]`;
const spread = (s) => `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]`;
const NA_RAW = 'n/a';
const engineCols = engines.map((e) => NAMES[e]);

// Goals: one row per goal, one column per engine.
const goalMatrix = () => {
  const lines = [`| goal | target | ${engineCols.join(' | ')} |`, `|---|---:|${engines.map(() => ':---:').join('|')}|`];
  const cell = (g) => `${x(g.ratio)} ${range(...g.perRound)} **${g.verdict}**${g.env === 'chromium' ? '' : ` (≥ ${g.target.toFixed(2)}×)`}`;
  for (const bg of BROWSER_GOALS) {
    lines.push(`| ${bg.goal} | Chromium ≥ ${bg.target}×, others ≥ ${OTHER_ENGINE_TARGET}× | ${engines.map((e) => cell(goals.find((g) => g.env === e && g.case === bg.id))).join(' | ')} |`);
  }
  lines.push(`| cold start: import → first token (noble ms ÷ pinseal ms) | Chromium ≥ 1.25× (pinseal ≤ 0.8× noble), others ≥ 1× | ${engines.map((e) => cell(goals.find((g) => g.env === e && g.unit === 'ms'))).join(' | ')} |`);
  return lines.join('\n');
};
const goalRow = (g) => {
  if (g.env === 'size') return `| ${g.goal} | ${g.pinseal.toLocaleString('en-US')} B | noble ${g.other.toLocaleString('en-US')} B | pinseal is ${x(g.sizeRatio)} noble's size | ≤ 20,480 B | **${g.verdict}** |`;
  if (g.unit === 'ms') return `| ${g.goal} | ${fmt(g.pinseal)} ms | noble ${fmt(g.other)} ms | ${x(g.ratio)} [rounds ${g.perRound.map((v) => v.toFixed(2)).join('–')}] (noble ms ÷ pinseal ms) | ≥ ${g.target.toFixed(2)}× | **${g.verdict}** |`;
  return `| ${g.goal} | ${fmt(g.pinseal)} ${g.unit} | ${g.peer} ${fmt(g.other)} ${g.unit} | ${x(g.ratio)} [rounds ${g.perRound.map((v) => v.toFixed(2)).join('–')}] | ${g.target == null ? '—' : `≥ ${g.target}×`} | **${g.verdict}** |`;
};
// pinseal ÷ noble per engine, every case where both have a figure.
const ratioMatrix = () => {
  const envs = [...engines.map((e) => [NAMES[e], S[e]]), [`Node ${process.version}`, N]];
  const lines = [`| case | ${envs.map(([n]) => n).join(' | ')} |`, `|---|${envs.map(() => '---:').join('|')}|`];
  const ref = S[engines[0]] ?? N;
  for (const [id, row] of Object.entries(ref)) {
    if (row.group === 'breakdown' || !row.ratios.noble) continue;
    lines.push(`| ${row.title} | ${envs.map(([, Sx]) => (Sx[id]?.ratios.noble ? `${x(Sx[id].ratios.noble.ofMedians)} ${range(Sx[id].ratios.noble.perRoundMin, Sx[id].ratios.noble.perRoundMax)}` : '—')).join(' | ')} |`);
  }
  return lines.join('\n');
};
const envTable = (Sx, peers) => {
  const others = peers.filter((p) => p !== 'pinseal');
  const head = `| case | unit | ${peers.join(' | ')} | ${others.map((p) => `pinseal ÷ ${p}`).join(' | ')} |`;
  const lines = [head, `|---|---|${peers.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|`];
  for (const row of Object.values(Sx)) {
    if (row.group === 'breakdown') continue;
    const cells = peers.map((p) => (row.peers[p] ? spread(row.peers[p]) : p === 'pinseal' ? NA_RAW : '—'));
    const rs = others.map((p) => (row.ratios[p] ? `${x(row.ratios[p].ofMedians)} ${range(row.ratios[p].perRoundMin, row.ratios[p].perRoundMax)}` : '—'));
    lines.push(`| ${row.title} | ${row.unit} | ${cells.join(' | ')} | ${rs.join(' | ')} |`);
  }
  return lines.join('\n');
};
const base64Line = (info) => {
  const c = info.base64Check;
  const short = (n) => n.replace(' / Uint8Array.fromBase64', '').replace('Uint8Array.prototype.', '');
  const per = Object.entries(c.ops).map(([op, o]) => `${op}: ${Object.entries(o.opsPerSec).map(([n, v]) => `${short(n)} ${fmt(v)}`).join(' vs ')} ops/s`).join('; ');
  const all = Object.values(c.ops).every((o) => o.chosenIsFastest);
  const slower = Object.entries(c.ops).filter(([, o]) => !o.chosenIsFastest).map(([op, o]) => `${op} (${short(o.fastest)} was faster)`);
  return `${all ? `the fastest of this engine's standard base64 (${c.candidates.map(short).join(', ')}) in all four operations of the set-up check (best of three alternations each; within 5% counts as fastest)` : `**WARNING: not the fastest here for ${slower.join(', ')}**`} — ${per}.`;
};
const engineSection = (engine) => {
  const b = browsers[engine];
  return `## ${b.name} ${b.version} (${b.driven})

Peers: pinseal (${b.info.notes.pinseal}) · noble (${b.info.notes.noble})
Base64 used by the JS peer: ${b.info.base64}: ${base64Line(b.info)}
Garbage: ${b.settle.how}. Clock: performance.now() steps by ${fmt(b.facts.clockStepMs)} ms here (time boxes of ${opts.ms}–${opts.bulkMs} ms). wasm simd128: ${b.facts.simd128 ? 'yes' : '**no**'}.
Cross-check: ${b.info.checks.passed} checks passed. Load average ${b.loadavgStart.join('/')} at this engine's start, ${b.loadavgEnd.join('/')} at its end (${b.seconds} s with cold start). Values: median [min–max] over ${rounds} rounds.
User agent: \`${b.facts.userAgent}\`

${envTable(S[engine], ['pinseal', 'noble'])}
`;
};
const usRange = (s) => `${(1e6 / s.median).toFixed(2)} [${(1e6 / s.max).toFixed(2)}–${(1e6 / s.min).toFixed(2)}]`;
const breakdownTable = () => {
  const envs = [...engines.map((e) => [NAMES[e], S[e]]), ['Node', N]];
  const lines = [`| call | ${envs.map(([n]) => `${n} µs/op`).join(' | ')} |`, `|---|${envs.map(() => '---:').join('|')}|`];
  const ref = S[engines[0]] ?? N;
  for (const [id, row] of Object.entries(ref)) {
    if (row.group !== 'breakdown') continue;
    lines.push(`| ${row.title} | ${envs.map(([, Sx]) => usRange(Object.values(Sx[id].peers)[0])).join(' | ')} |`);
  }
  return lines.join('\n');
};
const coldTable = () => {
  const lines = ['| engine | pinseal median [IQR] (min–max) | noble median [IQR] (min–max) | noble ÷ pinseal, medians | per-round range | verdict (pinseal ≤ noble) | n |', '|---|---:|---:|---:|---:|:---:|---:|'];
  for (const e of engines) {
    const c = coldS[e];
    const g = goals.find((gg) => gg.env === e && gg.unit === 'ms');
    const m = (s) => `${fmt(s.median)} ms [${fmt(s.q1)}–${fmt(s.q3)}] (${fmt(s.min)}–${fmt(s.max)})`;
    lines.push(`| ${NAMES[e]} | ${m(c.pinseal)} | ${m(c.noble)} | ${x(g.ratio)} | ${range(c.perRound.min, c.perRound.max)} | **${g.verdict}** (≥ ${g.target.toFixed(2)}×) | ${c.pinseal.n} |`);
  }
  return lines.join('\n');
};
const phasesTable = () => {
  const names = Object.keys(coldS[engines[0]].phases);
  const lines = [`| engine | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`];
  for (const e of engines) lines.push(`| ${NAMES[e]} | ${names.map((k) => fmt(coldS[e].phases[k].median)).join(' | ')} |`);
  return lines.join('\n');
};
const fullEnough = !quick && rounds >= MIN_ROUNDS;
const busy = machine.loadavgStart[0] > machine.cores * 0.5; // this run itself adds ~1-2 by its end
const runKind = quick
  ? `QUICK smoke run: ${rounds} rounds, ${opts.ms} ms windows (${opts.bulkMs} ms bulk), ${coldRounds} cold rounds. Verdicts are indicative only; goals are judged on a full run (≥ ${MIN_ROUNDS} rounds).`
  : `Full run: ${rounds} rounds, ${opts.ms} ms windows per peer per case (${opts.bulkMs} ms bulk, ${opts.ms / 2} ms breakdown), warm-up ${opts.warmMs} ms per peer per case before round 1; ${coldRounds} cold-start rounds per engine.${fullEnough ? '' : ` **Fewer than ${MIN_ROUNDS} rounds: does not meet the benchmark's own rule.**`}`;
const engineList = engines.map((e) => `${NAMES[e]} ${browsers[e].version}`).join(' · ');
const anyUnforced = engines.filter((e) => !browsers[e].settle.forced);

const md = `# pinseal benchmark

${runKind}
${note ? `\nNote: ${note}\n` : ''}${allEngines ? '' : `\n**Engines narrowed by PINSEAL_ENGINES to ${engines.join(', ')}: not a full report.**\n`}
Machine: ${machine.cpu} · ${machine.cores} cores · ${machine.memoryGiB} GiB · ${machine.os} · Node ${machine.node} · ${engineList} · ${machine.date} · load average (1/5/15 min) ${machine.loadavgStart.join('/')} at start, ${machine.loadavgEnd.join('/')} at end.
${busy ? `**The machine was busy before this run started (1-min load average ${machine.loadavgStart[0]} on ${machine.cores} cores, from other work on it): expect noise; judge by the per-round ranges.**\n` : ''}Package measured: \`${pkgInfo.dir}\` (copied to \`${pkgInfo.measuredCopy}\`; pinseal_bg.wasm sha256 ${pkgInfo.wasmSha256.slice(0, 16)}…, built ${pkgInfo.wasmBuiltAt}).

**Only figures from one run compare with each other.** Every ratio below is computed from this run's own
medians (peers interleaved round by round within each engine); never set a figure from this report
against one from another run. The engines ran one after another; ratios compare within an engine.

## Goals

Ratio = pinseal ÷ noble in ops/s or MB/s (higher = pinseal faster), from the medians; brackets hold the
range of the per-round ratios. Targets (issue 18): the column below for **Chromium** (and Node); Firefox
and WebKit: every row at least 1.5×, cold start at least noble's (1×).

${goalMatrix()}

| goal | pinseal | peer | ratio | target | verdict |
|---|---:|---:|---:|---:|:---:|
${goals.filter((g) => g.env === 'chromium' || g.env === 'node' || g.env === 'size').map(goalRow).join('\n')}

## pinseal ÷ noble per engine (same run)

${ratioMatrix()}

${engines.map(engineSection).join('\n')}
## Node ${machine.node}

Peers: pinseal · noble (${node.info.notes.noble}) · node:crypto (${node.info.notes['node:crypto']})
Base64 used by the JS peers: ${node.info.base64}: ${base64Line(node.info)}
Garbage: a full collection before every sample (\`gc()\`). Load average ${node.loadavgStart.join('/')} at its start, ${node.loadavgEnd.join('/')} at its end.

${envTable(N, ['pinseal', 'noble', 'node:crypto'])}

## pinseal per-call costs (breakdown) and the platform's building blocks

Same inputs as above; one implementation per row, timed in the same rounds (half-length windows).
µs per call from the median, [range] from the rounds. Base64 of the platform rows: each engine's chosen one (above).

${breakdownTable()}

## Cold start

Import → first token, ms, measured inside the page. pinseal as the README's "Fastest start" loads it: the
.wasm fetched and compiled as it streams (\`WebAssembly.compileStreaming\`) while its glue is imported
(\`import()\`), \`await init({ module_or_path })\` with that module (instantiate),
\`TokenCipher.fromBytes(key).encrypt(json)\`. noble: \`import()\` of its minimal bundle
(bench/noble-min.mjs, minified) and one token. ${coldRounds} rounds per engine, the two alternating which goes first,
after one discarded warm-up of each.

**How the pages are isolated, in every engine: a new window of the same browser session per page.** WebDriver
has no fresh browser context (what Playwright's \`newContext()\` gave earlier runs in Chromium), so this is not a
fresh context: the browser's processes are warm. Nothing comes from the HTTP cache or the module map of an
earlier load: every response is \`no-store\`, every page URL is unique and so is every module it imports (the page's
query string is appended; pinseal's glue fetches its .wasm at the same URL each time, no-store). In-memory caches keyed by
the bytes themselves (V8 keeps a compiled wasm module per process while a page still holds it) are not ruled out:
the compile phase below shows what compiling cost in each engine. Firefox and WebKit
step their clock by 1 ms in these pages (see the engine sections), which limits these figures to about ±1 ms.

${coldTable()}

pinseal by phase (a separate page per round, each phase awaited on its own; medians, ms):

${phasesTable()}

## Size (bytes)

| | raw | gzip -9 |
|---|---:|---:|
| pinseal_bg.wasm | ${size.pinseal.wasm.raw.toLocaleString('en-US')} | ${size.pinseal.wasm.gzip.toLocaleString('en-US')} |
| pinseal.js glue (as shipped) | ${size.pinseal.glue.raw.toLocaleString('en-US')} | ${size.pinseal.glue.gzip.toLocaleString('en-US')} |
| **pinseal .wasm + glue** | ${size.pinseal.total.raw.toLocaleString('en-US')} | **${size.pinseal.total.gzip.toLocaleString('en-US')}** |
| noble minimal bundle (${size.noble.what}) | ${size.noble.raw.toLocaleString('en-US')} | ${size.noble.gzip.toLocaleString('en-US')} |

pinseal's bytes also carry what noble's do not: field validation of both API families, the PIN policy,
the request builders, the response parsers, JSON and base64.

## Method

- Engines: ${engines.map((e) => `${NAMES[e]} ${browsers[e].version} (${browsers[e].driven})`).join('; ')}; all through
  \`tests/engines.mjs\` (plain W3C WebDriver), one engine at a time, each running the same page (bench/page.html)
  and the same cases (bench/cases.mjs), then Node ${machine.node}. Every page is served from 127.0.0.1 with \`no-store\`.
- Inputs, the same for every peer: the 262-byte Reset PIN JSON of SPEC §1.1, its UTF-8 bytes, one
  288-byte token of it, 1 MiB − 32 B of random bytes (the largest round size whose token fits the 1 MiB
  token limit) and one token of that. MB = 10^6 bytes of plaintext.
- Every token is \`base64(IV ‖ AES-192-CBC/PKCS#7)\` with a fresh IV per token from the platform CSPRNG
  (pinseal: inside the module; noble: \`crypto.getRandomValues\`; node:crypto: \`randomBytes\`).
- Each peer at its best in each engine: noble uses the engine's fastest standard base64, chosen by feature
  detection (\`Uint8Array.prototype.toBase64\`/\`Uint8Array.fromBase64\` where present, \`Buffer\` in Node, else an
  atob/btoa loop); the set-up of every engine times every standard base64 it has on the benchmark's own sizes
  and the engine sections show the chosen one was the fastest there. pinseal runs its one simd128 build in every engine.
- Before timing, every peer's tokens (text, 262 B, 1 MiB, raw bytes) opened with every other peer, two
  tokens of one plaintext had different IVs, and sealResetPin's token opened with every peer:
  ${engines.map((e) => `${browsers[e].info.checks.passed} checks passed in ${NAMES[e]}`).join(', ')} and ${node.info.checks.passed} in Node; the cold-start pages' tokens opened with pinseal.
- Each sample is a time box (${opts.ms} ms; ${opts.bulkMs} ms for bulk) of batches sized during warm-up to ~${opts.batchMs} ms, timed
  with \`performance.now()\`; each round runs every case for every peer, the peer order rotating each round;
  one WebDriver call per sample. Before every sample, outside the timed window: a full garbage collection where the
  engine offers one (Chromium: CDP \`HeapProfiler.collectGarbage\`; Firefox: \`TestUtils.gc()\` when its pref is on;
  Node: \`gc()\`)${anyUnforced.length ? `, and where it does not (${anyUnforced.map((e) => NAMES[e]).join(', ')} in this run) an idle pause of ${IDLE_MS} ms` : ''};
  then an untimed pre-roll of up to 10 ms. Each peer pays its own GC inside its window.
- sealResetPin lets the builder draw clientTxnId (24 chars, CSPRNG) and take the current time, as a caller
  would; its plaintext is 264 bytes, the same token length. The peers' row is their bare token encrypt.
- "bytes only" rows skip base64: noble and node:crypto return IV ‖ ciphertext, pinseal's sealBytes/openBytes
  the same bytes (its encrypt*/decrypt* rows write and read base64 with the platform's own encoder: the
  same one as the JS peers where the engine has Uint8Array.prototype.toBase64/fromBase64, Buffer in Node).
- crypto-js was dropped as a peer: it is not in the goals and cost run time on a shared machine.
`;

const jsonOut = {
  kind: quick ? 'quick' : 'full', note: note ?? null, engines, machine, package: pkgInfo, options: { rounds, coldRounds, idlePauseMs: IDLE_MS, ...opts },
  goals,
  browsers: Object.fromEntries(engines.map((e) => {
    const b = browsers[e];
    return [e, {
      name: b.name, version: b.version, driven: b.driven, facts: b.facts, settle: b.settle, loadavgStart: b.loadavgStart, loadavgEnd: b.loadavgEnd, seconds: b.seconds,
      info: b.info, cases: S[e],
      coldStartMs: { how: b.cold.how, pinseal: coldS[e].pinseal, noble: coldS[e].noble, perRoundNobleOverPinseal: coldS[e].perRound, order: b.cold.order, phases: coldS[e].phases },
    }];
  })),
  node: { info: node.info, cases: N, loadavgStart: node.loadavgStart, loadavgEnd: node.loadavgEnd },
  size,
};
const tag = allEngines ? '' : `.${engines.join('-')}`;
const mdFile = quick ? join(buildDir, `RESULTS.quick${tag}.md`) : allEngines ? join(benchDir, 'RESULTS.md') : join(buildDir, `RESULTS${tag}.md`);
const jsonFile = quick ? join(buildDir, `results.quick${tag}.json`) : allEngines ? join(benchDir, 'results.json') : join(buildDir, `results${tag}.json`);
writeFileSync(mdFile, md);
writeFileSync(jsonFile, `${JSON.stringify(jsonOut, null, 2)}\n`);
console.log(md);
log(`wrote ${relative(root, mdFile)} and ${relative(root, jsonFile)}`);
