// The boundary table of cases.mjs, in headless Chromium: a static server on 127.0.0.1 serves the
// repository, the page imports /pkg/pinseal.js with <script type="module"> and runs every case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

test('every boundary case passes in headless Chromium', { timeout: 120_000 }, async () => {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.includes('..')) { res.writeHead(404).end(); return; }
    try {
      const body = await readFile(join(root, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/tests/boundary/page.html`);
    await page.waitForFunction(() => Array.isArray(window.__results), null, { timeout: 60_000 });
    const results = await page.evaluate(() => window.__results);
    const failed = results.filter((r) => !r.ok);
    assert.deepEqual(errors, []);
    assert.ok(results.length >= 278, `only ${results.length} cases ran`);
    assert.deepEqual(failed, [], failed.map((f) => `${f.name}: ${f.message}`).join('\n'));
    console.log(`# chromium: ${results.length} boundary cases passed`);
  } finally {
    await browser.close();
    server.close();
  }
});
