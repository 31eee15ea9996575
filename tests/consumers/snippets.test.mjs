// The usage snippets of both READMEs, run as written so that none can rot: the npm README's
// "Use per consumer" blocks as shipped in the packed tarball (node_modules/pinseal/README.md),
// and README.md's blocks from "## Install and usage" down to "### Rust (native backend)" (the
// complete Node example is run by consumers.test.mjs, test 2c; the Rust one is a doctest).
//
// Every fenced block of those sections is claimed here by its heading and language, so a block
// added without a runner fails the test. Node blocks run with `node` in a fresh project and
// print exactly the `text` block after them; the page blocks (plain <script type="module">,
// Vite, esbuild) are built as the README says and loaded in each engine of tests/engines.mjs;
// what they log is checked, their tokens opened with node:crypto (AES-192-CBC).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { launch, selectedEngines, serve } from '../engines.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// ------------------------------------------------------------------ Markdown

/** The text from the line `start` up to (not including) the line `end` (or the next `## `). */
function section(md, start, end, where) {
  const lines = md.split('\n');
  const from = lines.indexOf(start);
  assert.ok(from >= 0, `${where}: no line ${JSON.stringify(start)}`);
  assert.equal(lines.indexOf(start, from + 1), -1, `${where}: ${JSON.stringify(start)} twice`);
  let to = end === undefined ? lines.findIndex((l, i) => i > from && /^## /.test(l)) : lines.indexOf(end, from + 1);
  if (end === undefined && to < 0) to = lines.length;
  assert.ok(to > from, `${where}: no line ${JSON.stringify(end)} after ${JSON.stringify(start)}`);
  return lines.slice(from, to).join('\n');
}

/** The fenced code blocks of `text`, in order: [{ lang, body }]. */
function fences(text) {
  return [...text.matchAll(/^```([\w-]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
}

/**
 * Splits `text` at the lines starting with each of `leads` (in this order, each once) and checks
 * that each part holds exactly the fenced blocks of the languages listed: { lead: [blocks] }.
 */
function parts(text, layout, where) {
  const leads = Object.keys(layout);
  const lines = text.split('\n');
  const at = leads.map((lead) => {
    const hits = lines.flatMap((l, i) => (l.startsWith(lead) ? [i] : []));
    assert.equal(hits.length, 1, `${where}: ${hits.length} lines start with ${JSON.stringify(lead)}, not one`);
    return hits[0];
  });
  assert.deepEqual([...at].sort((a, b) => a - b), at, `${where}: ${leads.join(', ')} out of order`);
  assert.deepEqual(fences(lines.slice(0, at[0]).join('\n')), [], `${where}: a code block before ${leads[0]}`);
  const out = {};
  leads.forEach((lead, k) => {
    const part = lines.slice(at[k], k + 1 < at.length ? at[k + 1] : lines.length).join('\n');
    const blocks = fences(part);
    assert.deepEqual(blocks.map((b) => b.lang), layout[lead],
      `${where}, ${lead}: code blocks ${JSON.stringify(blocks.map((b) => b.lang))}, expected ${JSON.stringify(layout[lead])} (a new block needs a runner here)`);
    out[lead] = { text: part, blocks: blocks.map((b) => b.body) };
  });
  return out;
}

/** The one inline-code `<script …></script>` tag of a paragraph (the page the README says to write). */
function scriptTag(text, where) {
  const tags = [...text.matchAll(/`(<script type="module" src="[^"]+"><\/script>)`/g)].map((m) => m[1]);
  assert.equal(tags.length, 1, `${where}: ${tags.length} <script src> tags in the prose, not one`);
  return tags[0];
}

/** The token length a paragraph says the page logs: its one `(N characters`. */
function saidLength(text, where) {
  const m = [...text.matchAll(/\((\d+) characters/g)];
  assert.equal(m.length, 1, `${where}: ${m.length} "(N characters" in the prose, not one`);
  return Number(m[0][1]);
}

// ------------------------------------------------------------------ tokens

/** Opens a token as the partner would (node:crypto, AES-192-CBC, IV in front); the plaintext. */
function openToken(token, key, where) {
  assert.match(token, /^[A-Za-z0-9+/]+={0,2}$/, `${where}: the token is not base64`);
  const bytes = Buffer.from(token, 'base64');
  assert.equal(bytes.toString('base64'), token, `${where}: the token is not canonical base64`);
  assert.equal(key.length, 24, `${where}: the snippet's key is not 24 bytes`);
  const decipher = createDecipheriv('aes-192-cbc', key, bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
}

/** The key a snippet builds its cipher from: `TokenCipher.fromText('…')` or `fromBase64('…')`. */
function keyOf(code, where) {
  const m = [...code.matchAll(/TokenCipher\.from(Text|Base64)\('([^']*)'\)/g)];
  assert.equal(m.length, 1, `${where}: ${m.length} TokenCipher.fromText/fromBase64('…') calls, not one`);
  return Buffer.from(m[0][2], m[0][1] === 'Text' ? 'utf8' : 'base64');
}

// ------------------------------------------------------------------ projects and pages

let work; let tarball; let npmReadme; let rootReadme;

/** A fresh project with the tarball installed (and nothing else). */
function project(name) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `snippet-${name}`, private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', tarball], dir);
  return dir;
}

/** Runs `file` (written with `code`) with node in `dir`; its stdout. */
function node(dir, file, code) {
  writeFileSync(join(dir, file), code);
  return run('node', [file], dir);
}

/**
 * Loads `/` of a test server on `dir` in `browser` and waits until the page has logged `count`
 * lines (or anything else: an error, a failed load). Every console line, uncaught error and
 * failed load of the page, as tests/engines.mjs reports them ('console.log: …').
 */
async function pageOutput(browser, dir, count) {
  const server = await serve(dir);
  const page = await browser.newPage();
  try {
    await page.goto(`${server.origin}/`);
    const deadline = Date.now() + 30_000;
    let lines = await page.problems();
    while (lines.length < count && lines.every((l) => l.startsWith('console.log: '))) {
      assert.ok(Date.now() < deadline, `[${browser.engine}] the page logged ${lines.length} of ${count} lines in 30 s: ${lines.join('; ')}`);
      await sleep(50);
      lines = await page.problems();
    }
    await sleep(200); // anything logged or thrown right after
    return await page.problems();
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

// ------------------------------------------------------------------ the blocks

let npm; let repo;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'pinseal-snippets-'));
  tarball = join(work, run('npm', ['pack', '--silent', '--pack-destination', work], join(root, 'pkg')).trim().split('\n').pop());
  const dir = project('node');
  npmReadme = readFileSync(join(dir, 'node_modules', 'pinseal', 'README.md'), 'utf8');
  rootReadme = readFileSync(join(root, 'README.md'), 'utf8');
  npm = parts(section(npmReadme, '## Use per consumer', undefined, 'npm README'), {
    '**Node, ESM**': ['js', 'text'],
    '**Node, CommonJS**': ['js', 'text'],
    '**Browser, `<script type="module">`, no bundler**': ['html'],
    '**Fastest start**': ['html'],
    '**Vite**': ['js'],
    '**esbuild**': ['js', 'sh'],
    '**TypeScript**': [],
  }, 'npm README, "Use per consumer"');
  repo = parts(section(rootReadme, '## Install and usage', '### Rust (native backend)', 'README.md'), {
    '### Browser (`<script type="module">`, no bundler)': ['html', 'html'],
    '### Node (ESM or CommonJS)': ['js', 'text', 'js', 'text'],
    '### Bundlers': ['js', 'js', 'sh'],
    '### Serving the package to browsers': [],
    '### Known engine bug, WebKit': [],
    '### Errors': ['js', 'text'],
  }, 'README.md, "Install and usage"');
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const ESM = () => npm['**Node, ESM**'].blocks;
const CJS = () => npm['**Node, CommonJS**'].blocks;
const BROWSER = () => npm['**Browser, `<script type="module">`, no bundler**'];
const HTML = () => BROWSER().blocks[0];
const FAST = () => npm['**Fastest start**'];
const VITE = () => npm['**Vite**'];
const ESBUILD = () => npm['**esbuild**'];

test('README.md shows the npm README\'s blocks, the same byte for byte', () => {
  const same = (actual, expected, what) => assert.equal(actual, expected, `README.md's ${what} differs from the npm README's`);
  same(repo['### Browser (`<script type="module">`, no bundler)'].blocks[0], HTML(), 'browser page');
  same(repo['### Browser (`<script type="module">`, no bundler)'].blocks[1], FAST().blocks[0], 'fastest-start page');
  same(saidLength(repo['### Browser (`<script type="module">`, no bundler)'].text.split('For the fastest start')[1], 'README.md, fastest start'), saidLength(FAST().text, 'npm README, Fastest start'), 'fastest-start token length');
  const [esm, esmOut, cjs, cjsOut] = repo['### Node (ESM or CommonJS)'].blocks;
  same(esm, ESM()[0], 'Node ESM block'); same(esmOut, ESM()[1], 'Node ESM output');
  same(cjs, CJS()[0], 'Node CommonJS block'); same(cjsOut, CJS()[1], 'Node CommonJS output');
  const [vite, esbuild, command] = repo['### Bundlers'].blocks;
  same(vite, VITE().blocks[0], 'Vite block');
  same(esbuild, ESBUILD().blocks[0], 'esbuild block'); same(command, ESBUILD().blocks[1], 'esbuild command');
  same(scriptTag(repo['### Bundlers'].text.split('- **esbuild**')[0], 'README.md, Vite'), scriptTag(VITE().text, 'npm README, Vite'), 'Vite page tag');
  same(scriptTag(repo['### Bundlers'].text.split('- **esbuild**')[1], 'README.md, esbuild'), scriptTag(ESBUILD().text, 'npm README, esbuild'), 'esbuild page tag');
  // The token lengths the prose announces (checked against the pages below).
  same(saidLength(repo['### Browser (`<script type="module">`, no bundler)'].text.split('For the fastest start')[0], 'README.md, Browser'), saidLength(BROWSER().text, 'npm README, Browser'), 'browser token length');
  same(saidLength(repo['### Bundlers'].text.split('- **esbuild**')[0], 'README.md, Vite'), saidLength(VITE().text, 'npm README, Vite'), 'Vite token length');
  same(saidLength(repo['### Bundlers'].text.split('- **esbuild**')[1], 'README.md, esbuild'), saidLength(ESBUILD().text, 'npm README, esbuild'), 'esbuild token length');
});

test('Node, ESM block: run as a module, prints the block after it', () => {
  const [code, output] = ESM();
  assert.match(code, /^import /m, 'the ESM block imports');
  assert.doesNotMatch(code, /\brequire\(/, 'the ESM block also requires');
  assert.equal(node(project('esm'), 'main.js', code), output);
});

test('Node, CommonJS block: run as a .cjs file, prints the block after it', () => {
  const [code, output] = CJS();
  assert.match(code, /\brequire\('pinseal'\)/, 'the CommonJS block requires pinseal');
  assert.doesNotMatch(code, /^\s*import\b/m, 'the CommonJS block also imports');
  assert.equal(node(project('cjs'), 'main.cjs', code), output);
});

test('README.md, Errors block: run as a module, prints the block after it', () => {
  const [code, output] = repo['### Errors'].blocks;
  assert.equal(node(project('errors'), 'main.js', code), output);
});

// The pages: each built once as its README paragraph says, then loaded in every engine.
const builds = {
  static: once(() => {
    const dir = project('static');
    writeFileSync(join(dir, 'index.html'), HTML()); // "save this as index.html and serve that folder"
    return dir;
  }),
  fast: once(() => {
    const dir = project('fast');
    writeFileSync(join(dir, 'index.html'), FAST().blocks[0]); // "saved as index.html like the page above"
    return dir;
  }),
  vite: once(() => {
    const dir = project('vite');
    writeFileSync(join(dir, 'index.html'), `${scriptTag(VITE().text, 'npm README, Vite')}\n`);
    writeFileSync(join(dir, 'main.js'), VITE().blocks[0]);
    assert.match(VITE().text, /`npx vite build`/, 'the Vite paragraph no longer names `npx vite build`');
    run(bin('vite'), ['build'], dir);
    assert.ok(readdirSync(join(dir, 'dist', 'assets')).some((f) => f.endsWith('.wasm')), 'Vite emitted no .wasm asset');
    return join(dir, 'dist');
  }),
  esbuild: once(() => {
    const dir = project('esbuild');
    const [code, command] = ESBUILD().blocks;
    writeFileSync(join(dir, 'main.js'), code);
    const m = /^npx esbuild ([^\n]+)\n$/.exec(command);
    assert.ok(m, `the esbuild command is not one line \`npx esbuild …\`: ${command}`);
    const args = m[1].trim().split(/\s+/);
    assert.ok(args.includes('--loader:.wasm=file'), 'the esbuild command does not load .wasm as a file');
    const outdir = args.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length);
    assert.equal(outdir, 'dist', 'the esbuild command writes elsewhere than the dist/ the prose names');
    run(bin('esbuild'), args, dir); // the repository's esbuild, for `npx esbuild` (offline)
    writeFileSync(join(dir, 'dist', 'index.html'), `${scriptTag(ESBUILD().text, 'npm README, esbuild')}\n`);
    assert.ok(readdirSync(join(dir, 'dist')).some((f) => f.endsWith('.wasm')), 'esbuild emitted no .wasm file');
    return join(dir, 'dist');
  }),
};

/** The bundler pages log `hello <token>`; the token opens to `hello` with the snippet's key. */
function checkHello(engine, lines, { text, blocks: [code] }) {
  const length = saidLength(text, 'npm README, bundler');
  assert.equal(lines.length, 1, `[${engine}] the page logged ${JSON.stringify(lines)}, not one line`);
  const m = /^console\.log: hello (\S+)$/.exec(lines[0]);
  assert.ok(m, `[${engine}] the page logged ${JSON.stringify(lines[0])}, not "hello <token>"`);
  assert.equal(m[1].length, length, `[${engine}] the token has ${m[1].length} characters, not the ${length} the README says`);
  assert.equal(openToken(m[1], keyOf(code, 'bundler block'), engine), 'hello');
}

for (const engine of selectedEngines()) {
  describe(engine, () => {
    let browser;
    before(async () => { browser = await launch(engine); }, { timeout: 60_000 });
    after(() => browser?.close());

    test(`[${engine}] browser page, served statically: the sealed request opens with node:crypto`, { timeout: 60_000 }, async () => {
      const lines = await pageOutput(browser, await builds.static(), 1);
      assert.equal(lines.length, 1, `[${engine}] the page logged ${JSON.stringify(lines)}, not one line`);
      const m = /^console\.log: (\S+) (\S+) (\S+)$/.exec(lines[0]);
      assert.ok(m, `[${engine}] the page logged ${JSON.stringify(lines[0])}, not "<newPIN> <clientTxnId> <token>"`);
      const [, shownPin, clientTxnId, token] = m;
      assert.equal(shownPin, '****');
      const length = saidLength(BROWSER().text, 'npm README, Browser');
      assert.equal(token.length, length, `[${engine}] the token has ${token.length} characters, not the ${length} the README says`);
      const request = JSON.parse(openToken(token, keyOf(HTML(), 'browser page'), engine));
      assert.match(request.requestDateTime, /^\d{14}$/);
      assert.deepEqual(request, {
        messageCode: '1120', clientId: 'WibmoClient', bankId: 2010, entityId: 100,
        requestDateTime: request.requestDateTime, clientTxnId, secureCode: 'AfZtpO5krtySIhXyNmGg1G',
        newPIN: '5829', last4Digits: '8172', urn: '402', customerId: 'QVdzHtZsuG',
      });
    });

    test(`[${engine}] fastest-start page: the .wasm compiled while the glue loads, hello and a token that opens to it`, { timeout: 60_000 }, async () => {
      checkHello(engine, await pageOutput(browser, await builds.fast(), 1), FAST());
    });

    test(`[${engine}] Vite block: production build, hello and a token that opens to it`, { timeout: 120_000 }, async () => {
      checkHello(engine, await pageOutput(browser, await builds.vite(), 1), VITE());
    });

    test(`[${engine}] esbuild block: the README's command, hello and a token that opens to it`, { timeout: 60_000 }, async () => {
      checkHello(engine, await pageOutput(browser, await builds.esbuild(), 1), ESBUILD());
    });
  });
}
