// wasm-bindgen-test-runner in its interactive mode (NO_HEADLESS): it serves a test module's page
// on a free loopback port instead of driving a browser itself, so that our engine layer can load
// the page (through its proxy, which may mark the module: scripts/wasm-browser-test.mjs,
// scripts/suite-runs.mjs). WASM_BINDGEN_TEST_RUNNER names the runner (default: the one on PATH).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/**
 * Starts the runner on `args` (the test module, then its arguments) and waits until it serves.
 * Resolves to { origin, log(), stop() } when it serves, or { origin: null, log(), exitCode } when
 * it exited first (a module without tests for this target says so and exits).
 */
export async function startInteractiveRunner(args, { timeoutMs = 120_000 } = {}) {
  const port = await freePort();
  const runner = spawn(process.env.WASM_BINDGEN_TEST_RUNNER || 'wasm-bindgen-test-runner', args, {
    env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_USE_BROWSER: '1', WASM_BINDGEN_TEST_ADDRESS: `127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  runner.stdout.on('data', (d) => { text += d; });
  runner.stderr.on('data', (d) => { text += d; });
  const stop = () => { try { process.kill(-runner.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.on('exit', stop);
  let exitCode = null;
  const exited = new Promise((ok) => runner.once('exit', (code) => { exitCode = code ?? 1; ok(); }));
  const deadline = Date.now() + timeoutMs;
  while (!text.includes('available at') && exitCode === null && Date.now() < deadline) {
    await Promise.race([exited, sleep(100)]);
  }
  const log = () => text;
  if (text.includes('available at')) return { origin: `http://127.0.0.1:${port}`, log, stop };
  stop();
  if (exitCode === null) throw new Error(`wasm-bindgen-test-runner did not serve within ${timeoutMs / 1000} s: ${text}`);
  return { origin: null, log, exitCode };
}
