// pinseal benchmark: pinseal against @noble/ciphers (and node:crypto in Node), in headless Chromium
// and Node, in ONE run: peers interleaved round by round, medians with spread, ratios from this run
// only. Then cold start (fresh Chromium context per page, pinseal and noble interleaved) and size.
// Prints every goal of the speed issue with its ratio and PASS/MISS.
//
// Usage: node bench/run.mjs [--pkg DIR] [--quick] [--rounds N]
//   --pkg DIR   the built package to measure (default pkg). It is copied into bench/.build/run/pkg
//               first, and only that copy is measured, so a rebuild of DIR mid-run changes nothing.
//   --quick     smoke run: 3 rounds, short windows. Writes bench/.build/RESULTS.quick.md and
//               results.quick.json instead of bench/RESULTS.md and bench/results.json.
//   --rounds N  rounds of the warm benchmark (default 10; the issue asks for at least 10).
//   --note TEXT a line printed under the heading (e.g. "interim build, core being rewritten").
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as nodeCrypto from 'node:crypto';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chromium } from 'playwright-core';
import { cbc } from '@noble/ciphers/aes.js';
import { createBench, schedule, KEY_TEXT, RESET_JSON } from './cases.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const buildDir = join(benchDir, '.build');
const log = (...a) => console.error('[bench]', ...a);

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

const pinseal = await import(pathToFileURL(join(snap, 'pinseal.js')).href);
pinseal.initSync({ module: wasmBytes });

// ------------------------------------------------------------------ bundles and pages
const esbuild = join(root, 'node_modules/.bin/esbuild');
const esb = (...a) => execFileSync(esbuild, [...a, '--log-level=error'], { cwd: root });
esb(join(benchDir, 'browser-entry.mjs'), '--bundle', '--format=esm', '--platform=browser', `--outfile=${join(buildDir, 'bench.js')}`);
esb(join(benchDir, 'noble-min.mjs'), '--bundle', '--minify', '--format=esm', '--platform=browser', `--outfile=${join(buildDir, 'noble-min.js')}`);
const pageHead = (title) => `<!doctype html>\n<meta charset="utf-8">\n<title>${title}</title>\n<script type="module">\n  const KEY = new TextEncoder().encode(${JSON.stringify(KEY_TEXT)});\n  const TEXT = ${JSON.stringify(RESET_JSON)};\n`;
// Cold start: from just before the dynamic import to the first token (fetch + compile/parse +
// instantiate + first encrypt). Each page is loaded in a fresh browser context (no HTTP cache).
writeFileSync(join(buildDir, 'cold-pinseal.html'), `${pageHead('cold pinseal')}  const t0 = performance.now();
  const { default: init, TokenCipher } = await import('/pkg/pinseal.js');
  await init();
  const token = TokenCipher.fromBytes(KEY).encrypt(TEXT);
  const t1 = performance.now();
  window.__cold = { ms: t1 - t0, sinceNavigation: t1, token };
</script>\n`);
writeFileSync(join(buildDir, 'cold-noble.html'), `${pageHead('cold noble')}  const t0 = performance.now();
  const { sealToken } = await import('/bench/.build/noble-min.js');
  const token = sealToken(KEY, TEXT);
  const t1 = performance.now();
  window.__cold = { ms: t1 - t0, sinceNavigation: t1, token };
</script>\n`);
// pinseal's cold start phase by phase (information for the team; each phase awaited on its own).
writeFileSync(join(buildDir, 'cold-phases.html'), `${pageHead('cold pinseal phases')}  const t = [performance.now()];
  const glue = await import('/pkg/pinseal.js'); t.push(performance.now());
  const bytes = await (await fetch('/pkg/pinseal_bg.wasm')).arrayBuffer(); t.push(performance.now());
  const module = await WebAssembly.compile(bytes); t.push(performance.now());
  glue.initSync({ module }); t.push(performance.now());
  const token = glue.TokenCipher.fromBytes(KEY).encrypt(TEXT); t.push(performance.now());
  window.__cold = { phases: { 'glue import': t[1] - t[0], 'wasm fetch': t[2] - t[1], compile: t[3] - t[2], instantiate: t[4] - t[3], 'first token': t[5] - t[4] }, token };
</script>\n`);

// ------------------------------------------------------------------ static server (loopback only)
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
const MOUNTS = [['/pkg/', snap], ['/bench/', benchDir]];
const server = createServer((req, res) => {
  try {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const mount = MOUNTS.find(([prefix]) => path.startsWith(prefix));
    const file = mount && normalize(join(mount[1], path.slice(mount[0].length)));
    if (!file || !(file === mount[1] || file.startsWith(mount[1] + sep))) { res.writeHead(404).end(); return; }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => { const i = (s.length - 1) * p; const lo = Math.floor(i); return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo); };
  return { median: q(0.5), min: s[0], max: s[s.length - 1], q1: q(0.25), q3: q(0.75), n: s.length, samples: xs };
};
const load0 = loadavg();

// ------------------------------------------------------------------ Chromium: warm benchmark, cold start
let browser;
let chromeVersion;
const chrome = {};
const cold = { pinseal: [], noble: [], phases: [], order: [] };
try {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  chromeVersion = browser.version();
  log(`Chromium ${chromeVersion}: set-up, cross-check, warm-up`);
  const page = await browser.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  await page.goto(`${base}/bench/page.html`);
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 });
  chrome.info = await page.evaluate((o) => window.__setup(o), opts);
  const cdp = await page.context().newCDPSession(page);
  chrome.rounds = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    const res = {};
    for (const [id, peer] of schedule(chrome.info.cases, r)) {
      await cdp.send('HeapProfiler.collectGarbage'); // nobody pays for the previous sample's garbage
      (res[id] ??= {})[peer] = await page.evaluate(([i, p]) => window.__sample(i, p), [id, peer]);
    }
    chrome.rounds.push(res);
    log(`Chromium round ${r + 1}/${rounds} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  await page.close();

  const coldPage = async (name) => {
    const context = await browser.newContext();
    try {
      const p = await context.newPage();
      p.on('pageerror', (e) => log(`${name}: page error:`, e.message));
      await p.goto(`${base}/bench/.build/${name}.html`);
      await p.waitForFunction(() => typeof window.__cold === 'object', null, { timeout: 30_000 });
      const out = await p.evaluate(() => window.__cold);
      if (pinseal.TokenCipher.fromText(KEY_TEXT).decrypt(out.token) !== RESET_JSON) throw new Error(`${name}: its first token does not open with pinseal`);
      return out;
    } finally { await context.close(); }
  };
  log(`cold start: ${coldRounds} rounds, fresh context per page, pinseal and noble alternating first`);
  await coldPage('cold-pinseal'); await coldPage('cold-noble'); // warm-up of the browser itself, discarded
  for (let r = 0; r < coldRounds; r++) {
    const order = r % 2 ? ['noble', 'pinseal'] : ['pinseal', 'noble'];
    for (const who of order) cold[who].push((await coldPage(`cold-${who}`)).ms);
    cold.phases.push((await coldPage('cold-phases')).phases);
    cold.order.push(order.join(','));
  }
} finally {
  if (browser) await browser.close();
  server.close();
}

// ------------------------------------------------------------------ Node: warm benchmark
await new Promise((ok) => setTimeout(ok, 1000)); // let the browser's processes wind down
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc'); // the same full collection before each sample as in Chromium
log(`Node ${process.version}: set-up, cross-check, warm-up`);
const nodeBench = createBench({ pinseal, cbc, nodeCrypto }, opts);
const node = { info: nodeBench.info, rounds: [] };
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
const C = summarise(chrome);
const N = summarise(node);
const coldStats = { pinseal: stats(cold.pinseal), noble: stats(cold.noble) };
const coldPerRound = stats(cold.pinseal.map((v, i) => cold.noble[i] / v)); // same round, speed ratio
const phaseNames = Object.keys(cold.phases[0]);
const phaseStats = Object.fromEntries(phaseNames.map((k) => [k, stats(cold.phases.map((p) => p[k]))]));

const cpu = cpus();
const machine = {
  cpu: cpu[0]?.model?.trim() ?? 'unknown', cores: cpu.length, memoryGiB: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${release()}`, node: process.version, chromium: chromeVersion, date: new Date().toISOString(),
  loadavgStart: load0.map((x) => +x.toFixed(2)), loadavgEnd: load1.map((x) => +x.toFixed(2)),
};

// ------------------------------------------------------------------ goals
const speedGoal = (goal, env, S, id, peer, target) => {
  const row = S[id];
  const r = row.ratios[peer];
  return { goal, env, case: id, peer, unit: row.unit, pinseal: row.peers.pinseal.median, other: row.peers[peer].median, ratio: r.ofMedians, perRound: [r.perRoundMin, r.perRoundMax], target, verdict: target == null ? 'info' : r.ofMedians >= target ? 'PASS' : 'MISS' };
};
const goals = [
  speedGoal('Chromium token encrypt (262-B JSON string → base64 token)', 'chromium', C, 'token.encrypt', 'noble', 2),
  speedGoal('Chromium token decrypt (base64 token → string)', 'chromium', C, 'token.decrypt', 'noble', 3),
  speedGoal("Chromium sealResetPin (validate + build + seal) vs noble's bare token encrypt", 'chromium', C, 'token.seal', 'noble', 1.5),
  speedGoal('Chromium bulk encrypt 1 MiB → base64 token', 'chromium', C, 'bulk.encrypt', 'noble', 2.5),
  speedGoal('Chromium bulk base64 token → 1 MiB decrypt', 'chromium', C, 'bulk.decrypt', 'noble', 3),
  speedGoal('Node token encrypt', 'node', N, 'token.encrypt', 'noble', 2),
  speedGoal('Node token encrypt vs node:crypto', 'node', N, 'token.encrypt', 'node:crypto', null),
  {
    goal: 'size: .wasm + JS glue, gzip -9 (vs noble minimal cbc bundle)', env: 'size', unit: 'B',
    pinseal: size.pinseal.total.gzip, other: size.noble.gzip, peer: 'noble', sizeRatio: size.pinseal.total.gzip / size.noble.gzip,
    target: 20480, verdict: size.pinseal.total.gzip <= 20480 ? 'PASS' : 'MISS',
  },
  {
    goal: 'cold start, fresh Chromium context: import → first token (pinseal ≤ noble)', env: 'chromium', unit: 'ms',
    pinseal: coldStats.pinseal.median, other: coldStats.noble.median, peer: 'noble', ratio: coldStats.noble.median / coldStats.pinseal.median, perRound: [coldPerRound.min, coldPerRound.max],
    target: 1, verdict: coldStats.pinseal.median <= coldStats.noble.median ? 'PASS' : 'MISS',
  },
];

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
const spread = (s) => `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]`;
const goalRow = (g) => {
  if (g.env === 'size') return `| ${g.goal} | ${g.pinseal.toLocaleString('en-US')} B | noble ${g.other.toLocaleString('en-US')} B | pinseal is ${x(g.sizeRatio)} noble's size | ≤ 20,480 B | **${g.verdict}** |`;
  if (g.unit === 'ms') return `| ${g.goal} | ${fmt(g.pinseal)} ms | noble ${fmt(g.other)} ms | ${x(g.ratio)} [rounds ${g.perRound.map((v) => v.toFixed(2)).join('–')}] (noble ms ÷ pinseal ms) | ≥ 1.00× | **${g.verdict}** |`;
  const peerName = g.peer === 'noble' ? 'noble' : g.peer;
  return `| ${g.goal} | ${fmt(g.pinseal)} ${g.unit} | ${peerName} ${fmt(g.other)} ${g.unit} | ${x(g.ratio)} [rounds ${g.perRound.map((v) => v.toFixed(2)).join('–')}] | ${g.target == null ? '—' : `≥ ${g.target}×`} | **${g.verdict}** |`;
};
const NA_RAW = 'n/a (no bytes→bytes API)';
const envTable = (S, peers) => {
  const others = peers.filter((p) => p !== 'pinseal');
  const head = `| case | unit | ${peers.join(' | ')} | ${others.map((p) => `pinseal ÷ ${p}`).join(' | ')} |`;
  const lines = [head, `|---|---|${peers.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|`];
  for (const row of Object.values(S)) {
    if (row.group === 'breakdown') continue;
    const cells = peers.map((p) => (row.peers[p] ? spread(row.peers[p]) : p === 'pinseal' ? NA_RAW : '—'));
    const rs = others.map((p) => (row.ratios[p] ? `${x(row.ratios[p].ofMedians)} [${row.ratios[p].perRoundMin.toFixed(2)}–${row.ratios[p].perRoundMax.toFixed(2)}]` : '—'));
    lines.push(`| ${row.title} | ${row.unit} | ${cells.join(' | ')} | ${rs.join(' | ')} |`);
  }
  return lines.join('\n');
};
const breakdownTable = () => {
  const lines = ['| call | Chromium ops/s [min–max] | Chromium µs/op | Node ops/s [min–max] | Node µs/op |', '|---|---:|---:|---:|---:|'];
  for (const [id, row] of Object.entries(C)) {
    if (row.group !== 'breakdown') continue;
    const c = Object.values(row.peers)[0];
    const n = Object.values(N[id].peers)[0];
    lines.push(`| ${row.title} | ${spread(c)} | ${(1e6 / c.median).toFixed(2)} | ${spread(n)} | ${(1e6 / n.median).toFixed(2)} |`);
  }
  return lines.join('\n');
};
const coldRow = (name, s) => `| ${name} | ${fmt(s.median)} | ${fmt(s.q1)}–${fmt(s.q3)} | ${fmt(s.min)}–${fmt(s.max)} | ${s.n} |`;
const fullEnough = !quick && rounds >= MIN_ROUNDS;
const busy = machine.loadavgStart[0] > machine.cores * 0.5; // this run itself adds ~1-2 by its end
const runKind = quick
  ? `QUICK smoke run: ${rounds} rounds, ${opts.ms} ms windows (${opts.bulkMs} ms bulk). Verdicts are indicative only; goals are judged on a full run (≥ ${MIN_ROUNDS} rounds).`
  : `Full run: ${rounds} rounds, ${opts.ms} ms windows per peer per case (${opts.bulkMs} ms bulk, ${opts.ms / 2} ms breakdown), warm-up ${opts.warmMs} ms per peer per case before round 1.${fullEnough ? '' : ` **Fewer than ${MIN_ROUNDS} rounds: does not meet the benchmark's own rule.**`}`;

const chromePeers = ['pinseal', 'noble'];
const nodePeers = ['pinseal', 'noble', 'node:crypto'];
const md = `# pinseal benchmark

${runKind}
${note ? `\nNote: ${note}\n` : ''}
Machine: ${machine.cpu} · ${machine.cores} cores · ${machine.memoryGiB} GiB · ${machine.os} · Node ${machine.node} · Chromium ${machine.chromium} · ${machine.date} · load average ${machine.loadavgStart.join('/')} at start, ${machine.loadavgEnd.join('/')} at end.
${busy ? `**The machine was busy before this run started (1-min load average ${machine.loadavgStart[0]} on ${machine.cores} cores): expect noise; judge by the per-round ranges.**\n` : ''}Package measured: \`${pkgInfo.dir}\` (copied to \`${pkgInfo.measuredCopy}\`; pinseal_bg.wasm sha256 ${pkgInfo.wasmSha256.slice(0, 16)}…, built ${pkgInfo.wasmBuiltAt}).

**Only figures from one run compare with each other.** Every ratio below is computed from this run's own
medians (peers interleaved round by round); never set a figure from this table against one from another run.

## Goals

Ratio = pinseal ÷ peer in ops/s or MB/s (higher = pinseal faster), from the medians; "rounds" is the
range of the per-round ratios.

| goal | pinseal | peer | ratio | target | verdict |
|---|---:|---:|---:|---:|:---:|
${goals.map(goalRow).join('\n')}

## Chromium ${machine.chromium} (headless)

Peers: pinseal (${chrome.info.notes.pinseal}) · noble (${chrome.info.notes.noble})
Base64 used by the JS peer: ${chrome.info.base64}. Values: median [min–max] over ${rounds} rounds.

${envTable(C, chromePeers)}

## Node ${machine.node}

Peers: pinseal · noble (${node.info.notes.noble}) · node:crypto (${node.info.notes['node:crypto']})

${envTable(N, nodePeers)}

## pinseal per-call costs (breakdown) and the platform's building blocks

Same inputs as above; one implementation per row, timed in the same rounds (half-length windows).
Base64 of the platform rows: Chromium ${chrome.info.base64}; Node ${node.info.base64}.

${breakdownTable()}

## Cold start (Chromium, a fresh browser context per page: no HTTP cache)

Import → first token, ms. pinseal: \`import('/pkg/pinseal.js')\`, \`await init()\` (fetch + compile + instantiate the .wasm),
\`TokenCipher.fromBytes(key).encrypt(json)\`. noble: \`import()\` of its minimal bundle (bench/noble-min.mjs,
minified) and one token. ${coldRounds} rounds, the two alternating which goes first, after one discarded warm-up of each.
Per-round speed ratio (noble ms ÷ pinseal ms, same round): median ${x(coldPerRound.median)}, range ${coldPerRound.min.toFixed(2)}–${coldPerRound.max.toFixed(2)}.

| page | median | IQR | min–max | n |
|---|---:|---:|---:|---:|
${coldRow('pinseal', coldStats.pinseal)}
${coldRow('noble', coldStats.noble)}

pinseal by phase (separate page per round, medians, ms): ${Object.entries(phaseStats).map(([k, s]) => `${k} ${fmt(s.median)}`).join(' · ')}.

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

- Inputs, the same for every peer: the 262-byte Reset PIN JSON of SPEC §1.1, its UTF-8 bytes, one
  288-byte token of it, 1 MiB − 32 B of random bytes (the largest round size whose token fits the 1 MiB
  token limit) and one token of that. MB = 10^6 bytes of plaintext.
- Every token is \`base64(IV ‖ AES-192-CBC/PKCS#7)\` with a fresh IV per token from the platform CSPRNG
  (pinseal: inside the module; noble: \`crypto.getRandomValues\`; node:crypto: \`randomBytes\`).
- Before timing, every peer's tokens (text, 262 B, 1 MiB, raw bytes) opened with every other peer, two
  tokens of one plaintext had different IVs, and sealResetPin's token opened with every peer:
  ${chrome.info.checks.passed} checks passed in Chromium and ${node.info.checks.passed} in Node; the cold-start pages' tokens opened with pinseal.
- Each sample is a time box (${opts.ms} ms; ${opts.bulkMs} ms for bulk) of batches sized during warm-up to ~${opts.batchMs} ms, timed
  with \`performance.now()\`; each round runs every case for every peer, the peer order rotating each round.
  A full garbage collection runs before every sample (Chromium: CDP \`HeapProfiler.collectGarbage\`; Node:
  \`gc()\`), then an untimed pre-roll of up to 10 ms, both outside the timed window, so no peer pays for
  another's garbage; each pays its own GC inside its window.
- sealResetPin lets the builder draw clientTxnId (24 chars, CSPRNG) and take the current time, as a caller
  would; its plaintext is 264 bytes, the same token length. The peers' row is their bare token encrypt.
- "bytes only" rows skip base64: noble and node:crypto return IV ‖ ciphertext. pinseal has no bytes→bytes
  API (its encryptBytes/decryptBytes rows include base64), so it has no figure there.
- crypto-js was dropped as a peer: it is not in the goals and cost run time on a shared machine.
`;

const jsonOut = {
  kind: quick ? 'quick' : 'full', note: note ?? null, machine, package: pkgInfo, options: { rounds, coldRounds, ...opts },
  goals, chromium: { info: chrome.info, cases: C }, node: { info: node.info, cases: N },
  coldStartMs: { ...coldStats, order: cold.order, phases: phaseStats }, size,
};
const mdFile = quick ? join(buildDir, 'RESULTS.quick.md') : join(benchDir, 'RESULTS.md');
const jsonFile = quick ? join(buildDir, 'results.quick.json') : join(benchDir, 'results.json');
writeFileSync(mdFile, md);
writeFileSync(jsonFile, `${JSON.stringify(jsonOut, null, 2)}\n`);
console.log(md);
log(`wrote ${relative(root, mdFile)} and ${relative(root, jsonFile)}`);
