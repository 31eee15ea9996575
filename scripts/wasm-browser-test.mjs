// Runs one wasm-bindgen-test module in a browser engine, with the module the browser receives
// marked and checked for JavaScriptCore's SIMD miscompile pattern (docs/webkit-simd.md).
//
//   node scripts/wasm-browser-test.mjs --engine chromium|firefox|webkit TEST.wasm [RUNNER ARGS...]
//
// Why not the runner's own headless mode: wasm-bindgen-test-runner runs wasm-bindgen on the test
// module before serving it, and wasm-bindgen adds small functions of its own (externref and
// multi-value shims) that call ours: functions without SIMD calling functions with SIMD, the very
// pattern the mark removes. So the runner serves the page in its interactive mode (NO_HEADLESS),
// the page loads through the engine layer's proxy (tests/engines.mjs), and the proxy marks each
// .wasm it passes (scripts/simd-pattern.mjs --mark) and refuses one that still has a call edge
// or a v128 carried across a loop. The engine is driven by tests/engines.mjs; the page's output
// (the runner's usual text: `test result: ...`, the tests' console lines) is printed to stdout,
// and the exit status is 0 only for `test result: ok.`.
//
// WASM_BINDGEN_TEST_RUNNER names the runner (default: wasm-bindgen-test-runner on PATH);
// WASM_BINDGEN_TEST_TIMEOUT (seconds, default 300) bounds the wait for the result.
import { launch, serve } from '../tests/engines.mjs';
import { startInteractiveRunner } from './interactive-runner.mjs';
import { markChecked } from './simd-pattern.mjs';

const args = process.argv.slice(2);
let engine = null;
if (args[0] === '--engine') {
  engine = args[1];
  args.splice(0, 2);
}
if (!engine || args.length < 1) {
  console.error('usage: node scripts/wasm-browser-test.mjs --engine ENGINE TEST.wasm [RUNNER ARGS...]');
  process.exit(2);
}

/** The module as the browser gets it: marked, then checked (a throw answers 500). */
function markAndCheck(bytes, url) {
  const { bytes: marked, marked: names, result: r } = markChecked(bytes, url);
  console.error(`wasm-browser-test: ${url}: ${names.length} functions marked; ${r.functions} functions, ` +
    `${r.simdFunctions} use SIMD; no call edge, no loop carry`);
  return marked;
}

async function main() {
  const runner = await startInteractiveRunner(args);
  if (!runner.origin) {
    // A module without tests for this target: the runner says so and exits (cargo prints
    // nothing for it in headless mode either).
    process.stdout.write(runner.log());
    process.exit(runner.exitCode);
  }
  const proxy = await serve({ proxy: runner.origin, transformWasm: markAndCheck });
  let browser = null;
  let output = '';
  const consoleLines = [];
  const timeout = 1000 * Number(process.env.WASM_BINDGEN_TEST_TIMEOUT || 300);
  try {
    browser = await launch(engine);
    const page = await browser.newPage({ width: 1000, height: 800 });
    await page.goto(`${proxy.origin}/`);
    output = await page.waitFor(() => {
      const t = document.getElementById('output')?.textContent ?? '';
      return /test result: (ok|FAILED)/.test(t) || /proxy: the module was refused|RuntimeError|CompileError/.test(t) ? t : false;
    }, undefined, { timeout });
    // The tests' console output (the runner's headless mode prints it with --nocapture); other
    // page events (errors, failed loads) to stderr.
    for (const line of await page.problems()) {
      const log = /^console\.(log|info|debug): (.*)$/s.exec(line);
      if (log) consoleLines.push(log[2]);
      else console.error(`wasm-browser-test: ${engine}: page: ${line}`);
    }
  } catch (e) {
    output += `\nwasm-browser-test: ${e.message}\n`;
  } finally {
    if (browser) await browser.close();
    await proxy.close();
    runner.stop();
  }
  for (const line of consoleLines) process.stdout.write(`${line}\n`);
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  process.exit(/test result: ok\./.test(output) ? 0 : 1);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
