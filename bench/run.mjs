// pinseal benchmarks: Node and headless Chromium in one run, peers interleaved, medians of
// several rounds, then cold start and size. Writes bench/results.json and bench/RESULTS.md.
// Usage: node bench/run.mjs [--rounds N] [--quick]   (scripts/bench.sh builds first)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, platform, release } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nodeCrypto from 'node:crypto';
import { chromium } from 'playwright-core';
import { cbc } from '@noble/ciphers/aes.js';
import CryptoJS from 'crypto-js';
import * as pinseal from '../pkg/pinseal.js';
import { implementations, measure } from './cases.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rounds = Number(args[args.indexOf('--rounds') + 1]) || (quick ? 3 : 5);
const options = quick ? { rounds, ms: 60, bulkMs: 120 } : { rounds, ms: 200, bulkMs: 400 };
const esbuild = join(root, 'node_modules/.bin/esbuild');
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const log = (...a) => console.error('[bench]', ...a);

// ------------------------------------------------------------------ Node
pinseal.initSync({ module: readFileSync(join(root, 'pkg/pinseal_bg.wasm')) });
log(`Node ${process.version}: ${rounds} rounds`);
const node = measure(implementations(pinseal, { noble: { cbc }, CryptoJS, nodeCrypto }), options);

// ------------------------------------------------------------------ Chromium
mkdirSync(join(root, 'bench/.build'), { recursive: true });
execFileSync(esbuild, [join(root, 'bench/browser-entry.mjs'), '--bundle', '--format=esm', '--platform=browser',
  '--log-level=error', `--outfile=${join(root, 'bench/.build/bench.js')}`]);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (path.includes('..')) { res.writeHead(404).end(); return; }
  try {
    const body = readFileSync(join(root, path));
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let chrome; const cold = []; const phases = [];
try {
  log(`Chromium ${browser.version()}: ${rounds} rounds`);
  const page = await browser.newPage();
  await page.goto(`${base}/bench/page.html`);
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 });
  chrome = await page.evaluate((o) => window.__run(o), options);
  await page.close();
  // Cold start: a fresh context (no HTTP or code cache) per round.
  for (let r = 0; r < Math.max(7, rounds); r++) {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto(`${base}/bench/cold.html`);
    await p.waitForFunction(() => typeof window.__cold === 'number', null, { timeout: 30_000 });
    cold.push(await p.evaluate(() => window.__cold));
    await context.close();
    // The same, phase by phase (glue import, .wasm fetch, compile, instantiate, first call).
    const context2 = await browser.newContext();
    const q = await context2.newPage();
    await q.goto(`${base}/bench/cold-parts.html`);
    await q.waitForFunction(() => typeof window.__parts === 'object', null, { timeout: 30_000 });
    phases.push(await q.evaluate(() => window.__parts));
    await context2.close();
  }
} finally {
  await browser.close();
  server.close();
}
const chromeVersion = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();

// ------------------------------------------------------------------ size
const bundle = (entry) => {
  const file = join(root, 'bench/.build', `${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, entry);
  const out = execFileSync(esbuild, [file, '--bundle', '--minify', '--format=esm', '--platform=browser', '--log-level=error'], { cwd: root });
  return { raw: out.length, gzip: gz(out) };
};
const wasm = readFileSync(join(root, 'pkg/pinseal_bg.wasm'));
const glue = readFileSync(join(root, 'pkg/pinseal.js'));
const glueMin = execFileSync(esbuild, [join(root, 'pkg/pinseal.js'), '--minify', '--format=esm', '--log-level=error']);
const size = {
  pinseal: {
    wasm: { raw: wasm.length, gzip: gz(wasm) },
    glue: { raw: glue.length, gzip: gz(glue) },
    glueMinified: { raw: glueMin.length, gzip: gz(glueMin) },
  },
  noble: bundle(`import { cbc } from '@noble/ciphers/aes.js'; export { cbc };`),
  'crypto-js': bundle(`import AES from 'crypto-js/aes.js'; import Base64 from 'crypto-js/enc-base64.js'; import Utf8 from 'crypto-js/enc-utf8.js'; export { AES, Base64, Utf8 };`),
};
size.pinseal.shipped = { raw: size.pinseal.wasm.raw + size.pinseal.glue.raw, gzip: size.pinseal.wasm.gzip + size.pinseal.glue.gzip };

// ------------------------------------------------------------------ report
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const machine = {
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`, memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  os: `${platform()} ${release()}`, node: process.version, chromium: chromeVersion, date: new Date().toISOString(),
  rounds, windowMs: options.ms, bulkWindowMs: options.bulkMs,
};
const ratio = (env, c, a = 'pinseal', b = 'noble') => env[c][a].median / env[c][b].median;
const coldMedian = median(cold);
const phaseMedians = Object.fromEntries(Object.keys(phases[0]).map((k) => [k, median(phases.map((x) => x[k]))]));
const goals = [
  ['Chromium token encrypt ≥ 1.5× noble', ratio(chrome, 'token encrypt (key once)'), 1.5, '×'],
  ['Chromium sealResetPin ≥ 1.0× noble bare encrypt', ratio(chrome, 'sealResetPin vs bare encrypt'), 1.0, '×'],
  ['Chromium bulk decrypt 1 MiB ≥ 2× noble', ratio(chrome, 'bulk decrypt 1 MiB'), 2.0, '×'],
  ['Chromium bulk decrypt 64 KiB ≥ 2× noble', ratio(chrome, 'bulk decrypt 64 KiB'), 2.0, '×'],
  ['Chromium bulk encrypt 1 MiB ≥ 1.0× noble', ratio(chrome, 'bulk encrypt 1 MiB'), 1.0, '×'],
  ['Chromium bulk encrypt 64 KiB ≥ 1.0× noble', ratio(chrome, 'bulk encrypt 64 KiB'), 1.0, '×'],
  ['shipped .wasm + glue ≤ 20 KB gzip', size.pinseal.shipped.gzip / 1000, 20, ' KB', true],
  ['cold start ≤ 5 ms median (Chromium)', coldMedian, 5, ' ms', true],
].map(([goal, value, target, unit, lower]) => ({ goal, value, target, unit, met: lower ? value <= target : value >= target }));

writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify({ machine, node, chromium: chrome, coldStartMs: cold, coldStartPhasesMs: phaseMedians, size, goals }, null, 2)}\n`);

const fmt = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));
const table = (env) => {
  const impls = Object.keys(env['token encrypt (key once)']);
  const lines = [`| case | ${impls.join(' | ')} | pinseal / noble |`, `|---|${impls.map(() => '---:').join('|')}|---:|`];
  for (const [c, row] of Object.entries(env)) {
    lines.push(`| ${c} (${row.pinseal.unit}) | ${impls.map((i) => fmt(row[i].median)).join(' | ')} | ${(row.pinseal.median / row.noble.median).toFixed(2)}× |`);
  }
  return lines.join('\n');
};
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const md = `# pinseal benchmarks

Generated by \`scripts/bench.sh\` (\`node bench/run.mjs\`); do not edit by hand. Medians of ${rounds}
interleaved rounds (${options.ms} ms windows, ${options.bulkMs} ms for bulk), after warm-up. Every token is
\`base64(IV ‖ AES-192-CBC/PKCS#7)\` with a fresh random IV; peers use the platform's base64.
"sealResetPin" is pinseal's validate + build + encrypt against the peers' bare encrypt of the same JSON.
Bulk "1 MiB" is 1 MiB − 32 bytes so that the token (IV + padding) stays within the 1 MiB token limit.

Machine: ${machine.cpu}, ${machine.memory}, ${machine.os}; Node ${machine.node}; ${machine.chromium}; ${machine.date}.

## Goals

| goal | measured | met |
|---|---:|:---:|
${goals.map((g) => `| ${g.goal} | ${g.unit === '×' ? `${g.value.toFixed(2)}×` : `${g.value.toFixed(1)}${g.unit}`} | ${g.met ? 'yes' : '**no**'} |`).join('\n')}

## Chromium (headless)

${table(chrome)}

Cold start (fresh context: fetch + compile + instantiate + first call), ms: median ${coldMedian.toFixed(1)},
samples ${cold.map((x) => x.toFixed(1)).join(', ')}.
By phase (medians, each phase timed on its own in a fresh context): ${Object.entries(phaseMedians).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ')}.

## Node

${table(node)}

## Size (bytes; gzip -9)

| | raw | gzip |
|---|---:|---:|
| pinseal .wasm | ${size.pinseal.wasm.raw} | ${size.pinseal.wasm.gzip} |
| pinseal JS glue (as shipped) | ${size.pinseal.glue.raw} | ${size.pinseal.glue.gzip} |
| pinseal JS glue (esbuild --minify) | ${size.pinseal.glueMinified.raw} | ${size.pinseal.glueMinified.gzip} |
| **pinseal shipped total** | ${size.pinseal.shipped.raw} (${kb(size.pinseal.shipped.raw)}) | ${size.pinseal.shipped.gzip} (${kb(size.pinseal.shipped.gzip)}) |
| @noble/ciphers cbc, esbuild --bundle --minify | ${size.noble.raw} | ${size.noble.gzip} |
| crypto-js AES + Base64 + Utf8, esbuild --bundle --minify | ${size['crypto-js'].raw} | ${size['crypto-js'].gzip} |

pinseal's figure includes what the peers don't do: field validation of both API families, the PIN
policy, the request builders, the response parsers and a JSON parser.
`;
writeFileSync(join(root, 'bench/RESULTS.md'), md);
console.log(md);
