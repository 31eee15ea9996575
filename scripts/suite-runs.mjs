// Runs a wasm-bindgen-test module's whole suite many times in one browser engine, each run a
// fresh page (so a fresh compile of the module and a fresh tier-up), and counts the runs that
// fail and why. The instrument of docs/webkit-simd.md's counts: a rate of about 1 in 10 needs
// dozens of runs per option to tell options apart.
//
//   node scripts/suite-runs.mjs TEST.wasm [--engine webkit] [--runs N] [--env NAME=VALUE]...
//        [--filter SUBSTRING] [--json FILE] [--mark]
//
// TEST.wasm is a cargo test build for wasm32 (for example
// target/wasm32-unknown-unknown/debug/deps/pinseal-*.wasm, or its marked copy under simd-marked/).
// wasm-bindgen-test-runner serves it in its interactive mode (NO_HEADLESS) on a free loopback
// port; the engine, through tests/engines.mjs, loads the page N times and reads the runner's
// output. `--env` sets the browser process's environment (JSC_* options for WebKit).
// Made for WebKit, where it was used for hundreds of runs; in Chromium the runner's page did not
// run a second time in the same session (the second run times out), so use Chromium for one run.
import { writeFileSync } from 'node:fs';
import { launch, serve } from '../tests/engines.mjs';
import { startInteractiveRunner } from './interactive-runner.mjs';
import { markChecked } from './simd-pattern.mjs';

function parseArgs(argv) {
  const o = { module: null, engine: 'webkit', runs: 20, env: {}, filter: null, json: null, mark: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--engine') o.engine = next();
    else if (a === '--runs') o.runs = Number(next());
    else if (a === '--filter') o.filter = next();
    else if (a === '--json') o.json = next();
    else if (a === '--mark') o.mark = true;
    else if (a === '--env') {
      const [k, ...v] = next().split('=');
      o.env[k] = v.join('=');
    } else if (!o.module) o.module = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.module) throw new Error('usage: node scripts/suite-runs.mjs TEST.wasm [--engine E] [--runs N] [--env K=V]...');
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const runner = await startInteractiveRunner([o.module, ...(o.filter ? [o.filter] : [])]);
  if (!runner.origin) throw new Error(`the runner did not serve: ${runner.log()}`);
  // Through the engine layer's proxy, which adds its console/error probe to the page.
  // --mark: the module the page receives (after the runner's wasm-bindgen) is marked and checked,
  // as scripts/wasm-browser-test.mjs does in the test command.
  const transformWasm = o.mark ? (bytes, url) => markChecked(bytes, url).bytes : undefined;
  const proxy = await serve({ proxy: runner.origin, transformWasm });
  const browser = await launch(o.engine, { env: o.env });
  const summary = { engine: o.engine, userAgent: browser.userAgent, module: o.module, env: o.env, runs: 0, failed: 0, failures: [] };
  const started = Date.now();
  try {
    const page = await browser.newPage({ width: 800, height: 600 });
    for (let r = 1; r <= o.runs; r++) {
      await page.goto(`${proxy.origin}/?run=${r}`);
      let out;
      try {
        out = await page.waitFor(() => {
          const t = document.getElementById('output')?.textContent ?? '';
          return /test result: (ok|FAILED)/.test(t) ? t : false;
        }, undefined, { timeout: 600_000 });
        await page.problems();
      } catch (e) {
        out = `no result: ${e.message}`;
      }
      summary.runs++;
      const ok = /test result: ok\./.test(out);
      if (!ok) {
        summary.failed++;
        const failing = [...out.matchAll(/^test (\S+) \.\.\. FAIL/gm)].map((m) => m[1]);
        const reasons = [...out.matchAll(/(panicked at [^\n]*\n[^\n]*|RuntimeError: [^\n]*|Error: [^\n]*)/g)].map((m) => m[1].trim()).slice(0, 3);
        summary.failures.push({ run: r, failing, reasons, output: out.slice(-20000) });
        console.log(`run ${r}: FAILED ${failing.join(', ')} ${JSON.stringify(reasons)}`);
      }
      if (r % 10 === 0) console.log(`${r}/${o.runs} runs, ${summary.failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  } finally {
    await browser.close();
    await proxy.close();
    runner.stop();
  }
  summary.seconds = Math.round((Date.now() - started) / 1000);
  const env = Object.entries(o.env).map(([k, v]) => `${k}=${v}`).join(' ') || 'default options';
  console.log(`${o.engine}, ${o.module}, ${env}: ${summary.runs} runs, ${summary.failed} failed, ${summary.seconds} s`);
  if (o.json) writeFileSync(o.json, JSON.stringify(summary, null, 1));
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(2);
});
