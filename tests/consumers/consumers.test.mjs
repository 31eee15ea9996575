// The npm package as users get it: `npm pack` of pkg/, installed from the tarball into fresh
// temporary projects, used six ways. Each does a seal -> open round trip and a validation error.
// The three browser consumers are built once and their pages loaded in Chromium, Firefox and
// WebKit (tests/engines.mjs), each engine's checks named `[engine] ...`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, selectedEngines, serve } from '../engines.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const { EXPECTED } = await import('./shared.js');

let work; let tarball;

/** A fresh project with the tarball installed (and nothing else). */
function project(name, type = 'module') {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type }));
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', tarball], dir);
  cpSync(join(here, 'shared.js'), join(dir, type === 'module' ? 'shared.js' : 'shared.mjs'));
  return dir;
}

/** Opens `path` of a test server on `dir` in `browser`; the page sets window.__result (or __error). */
async function resultOf(browser, dir, path = '/') {
  const { engine } = browser;
  const server = await serve(dir);
  const page = await browser.newPage();
  try {
    await page.goto(`${server.origin}${path}`);
    const done = await page.waitFor(() => window.__result !== undefined || window.__error !== undefined
      ? { result: window.__result, error: window.__error } : null, undefined, { timeout: 30_000 });
    const problems = await page.problems();
    assert.equal(done.error, undefined, `[${engine}] page error: ${done.error}; ${problems.join('; ')}`);
    assert.deepEqual(problems, [], `[${engine}] the page logged or threw`);
    return done.result;
  } finally {
    await page.close();
    await server.close();
  }
}

/** Runs `build` once, however many engines ask for its output. */
function once(build) {
  let promise = null;
  return () => { promise ??= Promise.resolve().then(build); return promise; };
}

const PAGE_MAIN = (importLine, initLine) => `${importLine}
import { check } from './shared.js';
try { ${initLine} window.__result = check(pinseal); } catch (e) { window.__error = e && e.message !== undefined ? \`\${e.name}: \${e.message}\` : String(e); }
`;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'pinseal-consumers-'));
  tarball = join(work, run('npm', ['pack', '--silent', '--pack-destination', work], join(root, 'pkg')).trim().split('\n').pop());
});

after(() => {
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

test('2b. Node, import and require in one process: one module instance', () => {
  const dir = project('both');
  writeFileSync(join(dir, 'main.js'), `import * as esm from 'pinseal';
import { createRequire } from 'node:module';
const cjs = createRequire(import.meta.url)('pinseal');
const key = '0123456789abcdefghijklmn';
const sealed = cjs.sealResetPin({ clientId: 'WibmoClient', secureCode: 'AfZtpO5krtySIhXyNmGg1G', bankId: 2010,
  customerId: 'QVdzHtZsuG', last4Digits: '8172', urn: '402', newPIN: '5829' }, esm.TokenCipher.fromText(key));
let same = false;
try { esm.TokenCipher.fromHex('abc'); } catch (e) { same = e instanceof cjs.PinsealError; }
console.log(JSON.stringify({
  classes: esm.PinsealError === cjs.PinsealError && esm.TokenCipher === cjs.TokenCipher,
  thrownAcross: same,
  opened: JSON.parse(cjs.TokenCipher.fromText(key).decrypt(sealed.token)).newPIN,
}));
`);
  assert.equal(run('node', ['main.js'], dir).trim(), '{"classes":true,"thrownAcross":true,"opened":"5829"}');
});

test('2c. the npm README\'s complete example, as shipped in the package, prints what the README says', () => {
  const dir = project('readme');
  const readme = readFileSync(join(dir, 'node_modules', 'pinseal', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A complete example'));
  const block = (lang) => {
    const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section);
    assert.ok(m, `no ${lang} block in the README's example section`);
    return m[1];
  };
  writeFileSync(join(dir, 'example.js'), block('js'));
  assert.equal(run('node', ['example.js'], dir), block('text'));
  // The repository README shows the same example with the same output.
  const root = readFileSync(join(here, '..', '..', 'README.md'), 'utf8');
  const rootSection = root.slice(root.indexOf('### A complete example'));
  for (const lang of ['js', 'text']) {
    const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(rootSection);
    assert.equal(m?.[1], block(lang), `README.md's example ${lang} block differs from the npm README's`);
  }
});

// The three browser consumers: each built once (its test checks the build), then loaded in every
// engine below.
const builds = {
  vite: once(() => {
    const dir = project('vite');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>vite</title><script type="module" src="/main.js"></script>\n');
    writeFileSync(join(dir, 'main.js'), PAGE_MAIN(`import init, * as pinseal from 'pinseal';`, 'await init();'));
    run(bin('vite'), ['build', '--logLevel', 'error'], dir);
    return join(dir, 'dist');
  }),
  static: once(() => {
    const dir = project('static');
    writeFileSync(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><script type="module">
${PAGE_MAIN(`import init, * as pinseal from './node_modules/pinseal/pinseal.js';`, 'await init();')}
</script>\n`);
    return dir;
  }),
  esbuild: once(() => {
    const dir = project('esbuild');
    writeFileSync(join(dir, 'main.js'), PAGE_MAIN(
      `import init, * as pinseal from 'pinseal';\nimport wasmUrl from 'pinseal/pinseal_bg.wasm';`,
      'await init({ module_or_path: wasmUrl });'));
    run(bin('esbuild'), ['main.js', '--bundle', '--format=esm', '--platform=browser', '--loader:.wasm=file',
      '--outdir=dist', '--log-level=error'], dir);
    writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>\n');
    return join(dir, 'dist');
  }),
};

test('3. Vite production build: a hashed entry chunk and the .wasm as an asset', { timeout: 120_000 }, async () => {
  const dist = await builds.vite();
  assert.match(readFileSync(join(dist, 'index.html'), 'utf8'), /assets\/index-[\w-]+\.js/);
  assert.ok(readdirSync(join(dist, 'assets')).some((f) => f.endsWith('.wasm')), 'no .wasm among the assets');
});

test('4. plain <script type="module"> page: the package files it imports are installed', async () => {
  const dir = await builds.static();
  for (const file of ['pinseal.js', 'pinseal_bg.wasm']) {
    assert.ok(existsSync(join(dir, 'node_modules', 'pinseal', file)), `node_modules/pinseal/${file} missing`);
  }
});

test('5. esbuild bundle: the .wasm emitted as a file next to the bundle', { timeout: 60_000 }, async () => {
  const dist = await builds.esbuild();
  assert.ok(readdirSync(dist).some((f) => f.endsWith('.wasm')), 'no .wasm next to the bundle');
});

for (const engine of selectedEngines()) {
  describe(engine, () => {
    let browser;
    before(async () => { browser = await launch(engine); }, { timeout: 60_000 });
    after(() => browser?.close());

    test(`[${engine}] 3. the Vite production build runs in the page`, { timeout: 120_000 }, async () => {
      assert.equal(await resultOf(browser, await builds.vite()), EXPECTED);
    });

    test(`[${engine}] 4. plain <script type="module"> page, served statically`, { timeout: 60_000 }, async () => {
      assert.equal(await resultOf(browser, await builds.static()), EXPECTED);
    });

    test(`[${engine}] 5. esbuild bundle, the .wasm handed over as a file URL`, { timeout: 60_000 }, async () => {
      assert.equal(await resultOf(browser, await builds.esbuild()), EXPECTED);
    });
  });
}

test('6. tsc --strict --noEmit on a consumer file using every export, and on a Node-only program (lib es2022, no DOM)', () => {
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
  // A Node-only program: no DOM lib, no skipLibCheck; the declarations need no DOM type.
  cpSync(join(here, 'node-consumer.ts'), join(dir, 'node-consumer.ts'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022'], types: [] },
    files: ['node-consumer.ts'],
  }));
  run(bin('tsc'), ['-p', '.'], dir);
});

test('7. no shipped file cites the project contract (SPEC.md is not in the package), the source map included', () => {
  const dir = join(project('files'), 'node_modules', 'pinseal');
  const files = readdirSync(dir).filter((f) => !f.endsWith('.wasm'));
  assert.ok(files.includes('pinseal.js.map') && files.includes('README.md') && files.includes('SECURITY.md'), files.join(', '));
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    const at = text.search(/SPEC|§/);
    assert.equal(at, -1, `${file} cites the unshipped contract: …${text.slice(Math.max(0, at - 40), at + 40)}…`);
  }
});
