// The boundary table of cases.mjs and the Wycheproof vectors of vector-cases.mjs in Chromium,
// Firefox and WebKit (tests/engines.mjs): a test server on 127.0.0.1 serves the repository,
// page.html imports /pkg/pinseal.js with <script type="module"> and runs every case. Each engine
// must run exactly the cases Node runs (same names, same order), and each case is reported as its
// own test named `[engine] case`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as pinseal from '../../pkg/pinseal.js';
import { cases } from './cases.mjs';
import { vectorCases } from './vector-cases.mjs';
import { launch, selectedEngines, serve } from '../engines.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
pinseal.initSync({ module: readFileSync(new URL('../../pkg/pinseal_bg.wasm', import.meta.url)) });
const vectors = JSON.parse(readFileSync(new URL('../vectors/wycheproof_aes192_cbc_pkcs5.json', import.meta.url), 'utf8'));
const names = [...cases(pinseal), ...vectorCases(pinseal, vectors)].map((c) => c.name);

test('the boundary table has its cases', () => {
  assert.ok(names.length >= 278, `only ${names.length} cases`);
});

for (const engine of selectedEngines()) {
  test(`[${engine}] every boundary case of cases.mjs passes`, { timeout: 180_000 }, async (t) => {
    const server = await serve(root);
    const browser = await launch(engine);
    let results;
    let early;
    try {
      const page = await browser.newPage();
      await page.goto(`${server.origin}/tests/boundary/page.html`);
      results = await page.waitFor(() => window.__results, undefined, { timeout: 90_000 });
      early = await page.evaluate(() => window.__early);
      assert.deepEqual(await page.problems(), [], `[${engine}] the page logged or threw`);
      await page.close();
    } finally {
      await browser.close();
      await server.close();
    }
    // Calls before init(): a PinsealError naming init, never the glue's TypeError.
    assert.equal(early.length, 10, `[${engine}] calls before init: ${JSON.stringify(early)}`);
    for (const r of early) assert.ok(r.ok, `[${engine}] ${r.name} before init: ${r.message}`);
    assert.deepEqual(results.map((r) => r.name), names, `[${engine}] the page ran other cases than Node`);
    for (const r of results) {
      await t.test(`[${engine}] ${r.name}`, () => {
        assert.ok(r.ok, `[${engine}] ${r.name}: ${r.message}`);
      });
    }
    t.diagnostic(`${engine} (${browser.userAgent}): ${results.filter((r) => r.ok).length} of ${results.length} boundary cases passed`);
  });
}
