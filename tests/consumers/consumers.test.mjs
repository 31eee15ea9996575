// The npm package as users get it: `npm pack` of pkg/, installed from the tarball into fresh
// temporary projects, used six ways. Each does a seal -> open round trip and a validation error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const { EXPECTED } = await import('./shared.js');

let work; let tarball; let browser;

/** A fresh project with the tarball installed (and nothing else). */
function project(name, type = 'module') {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type }));
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', tarball], dir);
  cpSync(join(here, 'shared.js'), join(dir, type === 'module' ? 'shared.js' : 'shared.mjs'));
  return dir;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
async function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.includes('..')) { res.writeHead(404).end(); return; }
    try {
      const body = readFileSync(join(dir, path.endsWith('/') ? `${path}index.html` : path));
      res.writeHead(200, { 'content-type': TYPES[extname(path) || '.html'] ?? 'application/octet-stream' }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return server;
}

/** Opens a page that sets window.__result (or __error) and returns it. */
async function resultOf(dir, path = '/') {
  const server = await serve(dir);
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}${path}`);
    await page.waitForFunction(() => window.__result !== undefined || window.__error !== undefined, null, { timeout: 30_000 });
    const { result, error } = await page.evaluate(() => ({ result: window.__result, error: window.__error }));
    assert.equal(error, undefined, `page error: ${error}; ${problems.join('; ')}`);
    return result;
  } finally {
    await page.close();
    server.close();
  }
}

const PAGE_MAIN = (importLine, initLine) => `${importLine}
import { check } from './shared.js';
try { ${initLine} window.__result = check(pinseal); } catch (e) { window.__error = String(e && e.stack || e); }
`;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'pinseal-consumers-'));
  tarball = join(work, run('npm', ['pack', '--silent', '--pack-destination', work], join(root, 'pkg')).trim().split('\n').pop());
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('1. Node ESM: import from "pinseal", no init call', () => {
  const dir = project('esm');
  writeFileSync(join(dir, 'main.js'), `import * as pinseal from 'pinseal';\nimport { check } from './shared.js';\nconsole.log(check(pinseal));\n`);
  assert.equal(run('node', ['main.js'], dir).trim(), EXPECTED);
});

test('2. Node CommonJS: require("pinseal")', async () => {
  const dir = project('cjs', 'commonjs');
  writeFileSync(join(dir, 'main.cjs'), `const pinseal = require('pinseal');\nimport('./shared.mjs').then(({ check }) => console.log(check(pinseal)));\n`);
  assert.equal(run('node', ['main.cjs'], dir).trim(), EXPECTED);
});

test('3. Vite production build, loaded in headless Chromium', { timeout: 120_000 }, async () => {
  const dir = project('vite');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>vite</title><script type="module" src="/main.js"></script>\n');
  writeFileSync(join(dir, 'main.js'), PAGE_MAIN(`import init, * as pinseal from 'pinseal';`, 'await init();'));
  run(bin('vite'), ['build', '--logLevel', 'error'], dir);
  const assets = readFileSync(join(dir, 'dist', 'index.html'), 'utf8');
  assert.match(assets, /assets\/index-[\w-]+\.js/);
  assert.equal(await resultOf(join(dir, 'dist')), EXPECTED);
});

test('4. plain <script type="module"> page, served statically, in headless Chromium', { timeout: 60_000 }, async () => {
  const dir = project('static');
  writeFileSync(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><script type="module">
${PAGE_MAIN(`import init, * as pinseal from './node_modules/pinseal/pinseal.js';`, 'await init();')}
</script>\n`);
  assert.equal(await resultOf(dir), EXPECTED);
});

test('5. esbuild bundle, the .wasm handed over as a file URL', { timeout: 60_000 }, async () => {
  const dir = project('esbuild');
  writeFileSync(join(dir, 'main.js'), PAGE_MAIN(
    `import init, * as pinseal from 'pinseal';\nimport wasmUrl from 'pinseal/pinseal_bg.wasm';`,
    'await init({ module_or_path: wasmUrl });'));
  run(bin('esbuild'), ['main.js', '--bundle', '--format=esm', '--platform=browser', '--loader:.wasm=file',
    '--outdir=dist', '--log-level=error'], dir);
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>\n');
  assert.equal(await resultOf(join(dir, 'dist')), EXPECTED);
});

test('6. tsc --strict --noEmit on a consumer file using every export', () => {
  const dir = project('ts');
  cpSync(join(here, 'consumer.ts'), join(dir, 'consumer.ts'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] },
    files: ['consumer.ts'],
  }));
  run(bin('tsc'), ['-p', '.'], dir);
  // And a file that misuses the API must be refused: the types are not `any`.
  writeFileSync(join(dir, 'bad.ts'), `import { sealResetPin } from 'pinseal';\nsealResetPin({ clientId: 1 }, 'not a cipher');\n`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] },
    files: ['bad.ts'],
  }));
  assert.throws(() => run(bin('tsc'), ['-p', '.'], dir), (e) => /TS2\d{3}/.test(String(e.stdout)));
});
