// One engine layer for the JavaScript suites: Chromium, Firefox and WebKit through plain W3C
// WebDriver over Node's fetch (chromedriver, geckodriver, WebKitWebDriver + MiniBrowser on an
// Xvfb display of its own), plus a 127.0.0.1 test server that injects a console/error probe
// into every HTML page (WebDriver classic has no console or page-error events).
//
// Every error thrown by or through this layer starts with `[engine]`. A missing browser, driver
// or Xvfb is an Error naming the engine and the package to install, never a skip.
//
//   const browser = await launch('firefox');            // { engine, userAgent, newPage, close }
//   const page = await browser.newPage({ width: 1100, height: 1000 });
//   await page.goto(url); await page.click('#go'); await page.fill('#pin', '3907');
//   await page.waitFor((s) => document.querySelector(s)?.textContent, '#out', { timeout: 15_000 });
//   await page.screenshot('test-output/e2e/firefox/x.png'); page.problems(); await page.close();
//   await browser.close();                               // kills the driver's process group
//
// Every driver runs detached in a process group of its own, so close() stops the browser and
// its helper processes with it; the groups still alive when Node exits (an exception, a
// forgotten close(), SIGINT/SIGTERM/SIGHUP) are killed by an exit handler, and a small watchdog
// shell per group kills it within a second should Node itself be SIGKILLed.
//
// PINSEAL_ENGINES="chromium,webkit" narrows selectedEngines(). Binaries come from PATH (and
// geckodriver also from $CARGO_HOME/bin or ~/.cargo/bin, where `cargo install` puts it); the
// environment variables CHROMEDRIVER, CHROMIUM_BIN, GECKODRIVER, FIREFOX_BIN, WEBKIT_WEBDRIVER,
// MINIBROWSER and XVFB override them.
import { spawn } from 'node:child_process';
import { accessSync, constants, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { homedir, tmpdir, userInfo } from 'node:os';
import { delimiter, dirname, extname, isAbsolute, join, normalize, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engines to run: all three, or the comma-separated list in PINSEAL_ENGINES. */
export function selectedEngines() {
  const raw = process.env.PINSEAL_ENGINES;
  if (raw === undefined || raw.trim() === '') return [...ENGINES];
  const names = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !ENGINES.includes(n));
  if (unknown.length > 0) {
    throw new Error(`PINSEAL_ENGINES names unknown engine(s) ${unknown.join(', ')}; known: ${ENGINES.join(', ')}`);
  }
  return ENGINES.filter((e) => names.includes(e));
}

// ------------------------------------------------------------------ processes

const groups = new Set(); // pids of live detached process groups
const scratchDirs = new Set(); // profiles and logs of the browsers not closed yet
function killGroups() {
  for (const pid of groups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  groups.clear();
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  scratchDirs.clear();
}
process.on('exit', killGroups);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => { killGroups(); process.kill(process.pid, signal); });
}

function executable(file) {
  try { accessSync(file, constants.X_OK); return statSync(file).isFile(); } catch { return false; }
}

/** The first executable of `names` on PATH (or in `extraDirs`), or null. */
function which(names, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      if (executable(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

/** MiniBrowser ships inside libwebkit2gtk-4.1-0, under the multiarch library directory. */
function findMiniBrowser() {
  const candidates = [];
  for (const lib of ['/usr/lib', '/usr/lib64', '/usr/libexec']) {
    candidates.push(join(lib, 'webkit2gtk-4.1', 'MiniBrowser'));
    let entries = [];
    try { entries = readdirSync(lib); } catch { /* no such directory */ }
    for (const e of entries) candidates.push(join(lib, e, 'webkit2gtk-4.1', 'MiniBrowser'));
  }
  return candidates.find(executable) ?? null;
}

const INSTALL = 'scripts/setup.sh --browser installs it';
/** The binaries of one engine; throws `[engine] ...` naming what is missing and how to get it. */
function binaries(engine) {
  const need = (what, path, hint) => {
    if (!path) throw new Error(`[${engine}] ${what} not found: ${hint} (${INSTALL})`);
    if (!executable(path)) throw new Error(`[${engine}] ${what} at ${path} is not an executable file: ${hint} (${INSTALL})`);
    return path;
  };
  const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin');
  switch (engine) {
    case 'chromium': return {
      driver: need('chromedriver', process.env.CHROMEDRIVER || which(['chromedriver']), 'apt-get install chromium-driver'),
      browser: need('chromium', process.env.CHROMIUM_BIN || which(['chromium', 'chromium-browser']), 'apt-get install chromium'),
    };
    case 'firefox': return {
      driver: need('geckodriver', process.env.GECKODRIVER || which(['geckodriver'], [cargoBin]), 'cargo install geckodriver --version 0.37.1 --locked'),
      browser: need('firefox-esr', process.env.FIREFOX_BIN || which(['firefox-esr', 'firefox']), 'apt-get install firefox-esr'),
    };
    case 'webkit': return {
      driver: need('WebKitWebDriver', process.env.WEBKIT_WEBDRIVER || which(['WebKitWebDriver']), 'apt-get install webkit2gtk-driver'),
      browser: need('MiniBrowser (of libwebkit2gtk-4.1-0)', process.env.MINIBROWSER || findMiniBrowser(), 'apt-get install webkit2gtk-driver'),
      xvfb: need('Xvfb (WebKitGTK needs an X display)', process.env.XVFB || which(['Xvfb']), 'apt-get install xvfb'),
    };
    default: throw new Error(`[${engine}] unknown engine; known: ${ENGINES.join(', ')}`);
  }
}

/** A free TCP port on 127.0.0.1 (closed again at once; the driver binds it next). */
async function freePort() {
  const server = createServer();
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/**
 * Spawns `cmd` detached (its own process group), output to `log`, registered for cleanup. A
 * watchdog shell kills the group should this Node process die without running its exit handler
 * (SIGKILL, a crash of the runtime); close() stops the watchdog with the group.
 */
function spawnGroup(cmd, args, { env, log, scratch = '', extraStdio = [] }) {
  const out = openSync(log, 'a');
  let child;
  try {
    child = spawn(cmd, args, { env, detached: true, stdio: ['ignore', out, out, ...extraStdio] });
  } finally {
    closeSync(out);
  }
  if (child.pid) {
    groups.add(child.pid);
    const script = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -KILL -"$2" 2>/dev/null;'
      + ' if [ -n "$3" ]; then sleep 1; rm -rf -- "$3"; fi';
    const watchdog = spawn('sh', ['-c', script, 'pinseal-watchdog', String(process.pid), String(child.pid), scratch],
      { detached: true, stdio: 'ignore' });
    watchdog.on('error', () => {}); // no sh: the exit handler still covers the usual endings
    watchdog.unref();
    child.watchdog = watchdog;
  }
  child.on('exit', () => groups.delete(child.pid));
  child.on('error', () => {}); // a failed spawn shows as an early exit
  child.unref();
  return child;
}

function logTail(log, chars = 1200) {
  try { const text = readFileSync(log, 'utf8').trim(); return text.slice(-chars); } catch { return ''; }
}

/** SIGTERM to the whole group, SIGKILL after `graceMs` if the leader still runs. */
async function stopGroup(child, graceMs = 3000) {
  if (!child?.pid || !groups.has(child.pid)) return;
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((ok) => child.once('exit', ok));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
  const timer = sleep(graceMs).then(() => 'late');
  if ((await Promise.race([exited, timer])) === 'late') {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    await Promise.race([exited, sleep(2000)]);
  }
  // Helpers of the browser in the same group may outlive the leader by a moment.
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* the group is empty */ }
  groups.delete(child.pid);
  if (child.watchdog?.pid) { try { process.kill(-child.watchdog.pid, 'SIGKILL'); } catch { /* gone */ } }
}

/** Xvfb on the first free display (-displayfd); resolves to { child, display }. */
async function startXvfb(engine, xvfb, log) {
  const child = spawnGroup(xvfb, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1400x4200x24'],
    { env: process.env, log, extraStdio: ['pipe'] });
  const fd3 = child.stdio[3];
  const display = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`[${engine}] Xvfb printed no display number in 15 s: ${logTail(log)}`)), 15_000);
    fd3.on('data', (d) => {
      text += d;
      const m = /^(\d+)\n/.exec(text);
      if (m) { clearTimeout(timer); resolve(`:${m[1]}`); }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`[${engine}] Xvfb exited (${code ?? signal}) before it had a display: ${logTail(log)}`));
    });
  }).catch(async (e) => { await stopGroup(child); throw e; });
  fd3.destroy();
  return { child, display };
}

// ------------------------------------------------------------------ WebDriver

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const SCRIPT_TIMEOUT_MS = 300_000;

function describeError(e) {
  return e && typeof e === 'object' && 'message' in e ? `${e.name ?? 'Error'}: ${e.message}` : String(e);
}

/** One WebDriver command; an error names the engine, the command and the driver's answer. */
async function command(engine, base, method, path, body, timeoutMs = 90_000) {
  const what = `${method} ${path.replace(/^\/session\/[^/]+/, '/session/…')}`;
  let res;
  try {
    res = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new Error(`[${engine}] WebDriver ${what}: ${describeError(e)}`);
  }
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch {
    throw new Error(`[${engine}] WebDriver ${what}: HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  const value = json?.value;
  if (!res.ok || (value && typeof value === 'object' && typeof value.error === 'string')) {
    const error = value?.error ?? `HTTP ${res.status}`;
    const message = String(value?.message ?? '').split('\n')[0].slice(0, 600);
    const e = new Error(`[${engine}] WebDriver ${what}: ${error}: ${message}`);
    e.webdriverError = error;
    throw e;
  }
  return value;
}

/** The expected UTC offset (minutes east) of `timeZone` now, from Node's ICU. */
function offsetMinutes(timeZone) {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

function capabilities(engine, bin, { timezone, profileDir, prefs }) {
  switch (engine) {
    case 'chromium': return {
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: bin.browser,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars',
          `--user-data-dir=${profileDir}`, '--window-size=1100,1000'],
      },
    };
    case 'firefox': return {
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: bin.browser,
        args: ['-headless'],
        env: { TZ: timezone },
        prefs: { 'app.update.enabled': false, 'browser.shell.checkDefaultBrowser': false, ...prefs },
      },
    };
    case 'webkit': return {
      'webkitgtk:browserOptions': { binary: bin.browser, args: ['--automation', `--time-zone=${timezone}`] },
    };
    default: throw new Error(`[${engine}] unknown engine`);
  }
}

/**
 * Starts `engine` (one of ENGINES) with its WebDriver on a free loopback port and returns a
 * Browser: { engine, userAgent, newPage({ width, height }), close() }. The page's time zone is
 * `timezone` (checked: the page's UTC offset must be the zone's, or launch throws). `prefs`
 * (Firefox only) are merged into its preferences, e.g. `{ 'dom.testing.testutils.enabled': true }`
 * for `TestUtils.gc()` in the benchmark. `env` adds variables to the environment of the driver and
 * so of the browser it starts, e.g. `{ JSC_useOMGInlining: '0' }` for WebKit's JavaScriptCore.
 */
export async function launch(engine, { timezone = 'Asia/Kolkata', prefs = {}, env: extraEnv = {} } = {}) {
  if (!ENGINES.includes(engine)) throw new Error(`[${engine}] unknown engine; known: ${ENGINES.join(', ')}`);
  const bin = binaries(engine);
  const scratch = mkdtempSync(join(tmpdir(), `pinseal-${engine}-`));
  scratchDirs.add(scratch);
  const log = join(scratch, 'driver.log');
  const env = { ...process.env, ...extraEnv, TZ: timezone };
  if (!isAbsolute(env.HOME ?? '')) env.HOME = userInfo().homedir; // Firefox needs an absolute HOME
  let xvfb = null;
  let driver = null;
  const cleanup = async () => {
    await stopGroup(driver);
    await stopGroup(xvfb?.child);
    rmSync(scratch, { recursive: true, force: true });
    scratchDirs.delete(scratch);
  };
  try {
    if (engine === 'webkit') {
      xvfb = await startXvfb(engine, bin.xvfb, join(scratch, 'xvfb.log'));
      env.DISPLAY = xvfb.display;
      // No accessibility bus and no D-Bus session autolaunch: either would start daemons that
      // leave the process group and outlive the run.
      env.NO_AT_BRIDGE = '1';
      env.GTK_A11Y = 'none';
      env.DBUS_SESSION_BUS_ADDRESS = 'disabled:';
    }
    const port = await freePort();
    const args = {
      chromium: [`--port=${port}`],
      firefox: ['--host', '127.0.0.1', '--port', String(port), '--websocket-port', String(await freePort()), '--profile-root', scratch],
      webkit: [`--port=${port}`, '--host=127.0.0.1'],
    }[engine];
    driver = spawnGroup(bin.driver, args, { env, log, scratch });
    const base = `http://127.0.0.1:${port}`;
    const died = new Promise((resolve) => driver.once('exit', (code, signal) => resolve(`${code ?? signal}`)));
    // Wait for the driver to answer /status.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const exit = await Promise.race([died, sleep(100).then(() => null)]);
      if (exit !== null) throw new Error(`[${engine}] ${bin.driver} exited (${exit}): ${logTail(log)}`);
      try {
        const r = await fetch(`${base}/status`, { signal: AbortSignal.timeout(2000) });
        if (r.ok) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) throw new Error(`[${engine}] ${bin.driver} did not answer on ${base} in 20 s: ${logTail(log)}`);
    }
    const caps = capabilities(engine, bin, { timezone, prefs, profileDir: join(scratch, 'profile') });
    const session = await Promise.race([
      command(engine, base, 'POST', '/session', { capabilities: { alwaysMatch: caps } }, 60_000),
      died.then((exit) => { throw new Error(`[${engine}] ${bin.driver} exited (${exit}) while starting the browser: ${logTail(log)}`); }),
    ]).catch((e) => {
      const tail = logTail(log);
      throw new Error(tail && !e.message.includes(tail) ? `${e.message}\n  driver log: ${tail}` : e.message);
    });
    const browser = new Browser(engine, base, session.sessionId, cleanup);
    await browser.init(timezone);
    return browser;
  } catch (e) {
    await cleanup();
    throw e.message.startsWith(`[${engine}]`) ? e : new Error(`[${engine}] ${describeError(e)}`);
  }
}

class Browser {
  #base; #session; #cleanup; #chain = Promise.resolve(); #mainHandle = null; #mainBusy = false;
  #current = null; #closed = false;

  constructor(engine, base, sessionId, cleanup) {
    this.engine = engine;
    this.userAgent = '';
    this.#base = base;
    this.#session = `/session/${sessionId}`;
    this.#cleanup = cleanup;
  }

  /** A raw WebDriver command on this session (path relative to the session). */
  wd(method, path = '', body = undefined, timeoutMs = undefined) {
    if (this.#closed) return Promise.reject(new Error(`[${this.engine}] the browser is closed`));
    return command(this.engine, this.#base, method, this.#session + path, body, timeoutMs);
  }

  /** Runs `op` alone (no other page's commands between its window switch and its commands). */
  serial(op) {
    const run = this.#chain.then(op);
    this.#chain = run.catch(() => {});
    return run;
  }

  async switchTo(handle) {
    if (this.#current === handle) return;
    await this.wd('POST', '/window', { handle });
    this.#current = handle;
  }

  async init(timezone) {
    // evaluate() may run long (a benchmark): the test's own timeout is the real limit.
    await this.wd('POST', '/timeouts', { script: SCRIPT_TIMEOUT_MS, pageLoad: 60_000, implicit: 0 });
    this.#mainHandle = await this.wd('GET', '/window');
    this.#current = this.#mainHandle;
    const probe = await this.wd('POST', '/execute/sync', {
      script: 'return { ua: navigator.userAgent, offset: -new Date().getTimezoneOffset(), zone: Intl.DateTimeFormat().resolvedOptions().timeZone };',
      args: [],
    });
    this.userAgent = probe.ua;
    const want = offsetMinutes(timezone);
    if (probe.offset !== want) {
      throw new Error(`[${this.engine}] the time zone ${timezone} was not applied: the page's UTC offset is ${probe.offset} min (zone ${probe.zone}), expected ${want} min`);
    }
  }

  /** A page (a window of this session) with a viewport of about width x height CSS pixels. */
  async newPage({ width = 1100, height = 1000 } = {}) {
    const handle = await this.serial(async () => {
      if (!this.#mainBusy) { this.#mainBusy = true; return this.#mainHandle; }
      // W3C: new window needs a live current window (WebKitWebDriver refuses it after the
      // current one was closed); the main window lives as long as the session.
      await this.switchTo(this.#mainHandle);
      const { handle: h } = await this.wd('POST', '/window/new', { type: 'window' });
      return h;
    });
    const page = new Page(this, handle, handle === this.#mainHandle, () => {
      if (handle === this.#mainHandle) this.#mainBusy = false;
      else if (this.#current === handle) this.#current = null;
    });
    await page.setViewport(width, height);
    return page;
  }

  /** Ends the session and kills the driver's process group (browser included), then Xvfb. */
  async close() {
    if (this.#closed) return;
    try {
      await command(this.engine, this.#base, 'DELETE', this.#session, undefined, 10_000);
    } catch { /* the group is killed below either way */ }
    this.#closed = true;
    await this.#cleanup();
  }
}

// In-page scripts. The function's source is sent; arguments and result cross as JSON.
// The source goes into the script text itself (no eval: the page's CSP may forbid it).
const evaluateScript = (src) => `const done = arguments[arguments.length - 1];
const fn = (${src}\n);
const args = JSON.parse(arguments[0]);
const text = (e) => (e && typeof e === 'object' && 'message' in e) ? (e.name || 'Error') + ': ' + e.message : String(e);
Promise.resolve().then(() => fn.apply(null, args)).then(
  (value) => { try { done(JSON.stringify({ ok: true, undef: value === undefined, value: value === undefined ? null : value })); }
               catch (e) { done(JSON.stringify({ ok: false, error: 'the result is not JSON: ' + text(e) })); } },
  (e) => done(JSON.stringify({ ok: false, error: text(e) })));`;

const VISIBLE_ENABLED = (selector) => {
  const e = document.querySelector(selector);
  if (!e) return false;
  const style = getComputedStyle(e);
  return e.getClientRects().length > 0 && style.visibility !== 'hidden' && !e.disabled;
};

class Page {
  #browser; #handle; #onClose; #problems = []; #closed = false; #probeExpected = false;

  constructor(browser, handle, primary, onClose) {
    this.#browser = browser;
    this.#handle = handle;
    this.primary = primary;
    this.#onClose = onClose;
    this.engine = browser.engine;
    this.timeout = 15_000;
  }

  /** `[engine] what: cause`, the cause's own `[engine] ` prefix dropped. */
  #fail(what, e) {
    const message = describeError(e).replace(/^Error: /, '');
    const prefix = `[${this.engine}] `;
    return new Error(`${prefix}${what}: ${message.startsWith(prefix) ? message.slice(prefix.length) : message}`);
  }

  /** One or more WebDriver commands on this page's window. */
  #on(op) {
    if (this.#closed) return Promise.reject(new Error(`[${this.engine}] the page is closed`));
    return this.#browser.serial(async () => {
      await this.#browser.switchTo(this.#handle);
      return op((method, path, body, timeoutMs) => this.#browser.wd(method, path, body, timeoutMs));
    });
  }

  /**
   * Resizes the window until the viewport (innerWidth x innerHeight) is width x height, or as
   * close as the engine allows (a window has a minimum size: MiniBrowser's includes its
   * toolbar). Resolves to the viewport reached, [innerWidth, innerHeight].
   */
  async #fitViewport(width, height) {
    const inner = () => this.#on((wd) => wd('POST', '/execute/sync', { script: 'return [innerWidth, innerHeight];', args: [] }));
    // Window managers resize asynchronously (WebKitGTK on X): read until two reads agree.
    const settled = async () => {
      let last = await inner();
      for (let i = 0; i < 20; i++) {
        await sleep(40);
        const now = await inner();
        if (now[0] === last[0] && now[1] === last[1]) return now;
        last = now;
      }
      return last;
    };
    let reached = await settled();
    for (let attempt = 0; attempt < 4; attempt++) {
      const [dw, dh] = [width - reached[0], height - reached[1]];
      if (dw === 0 && dh === 0) break;
      const rect = await this.#on((wd) => wd('GET', '/window/rect'));
      await this.#on((wd) => wd('POST', '/window/rect', { width: rect.width + dw, height: rect.height + dh }));
      const next = await settled();
      if (next[0] === reached[0] && next[1] === reached[1]) break; // at the engine's limit
      reached = next;
    }
    return reached;
  }

  /** Sets the viewport to width x height CSS pixels, or as close as the engine allows. */
  async setViewport(width, height) {
    await this.#fitViewport(width, height).catch((e) => { throw this.#fail(`set the viewport to ${width}x${height}`, e); });
  }

  /** The viewport size in CSS pixels: { width, height }. */
  async viewport() {
    const [width, height] = await this.evaluate(() => [innerWidth, innerHeight]);
    return { width, height };
  }

  async goto(url) {
    await this.#drain();
    await this.#on((wd) => wd('POST', '/url', { url })).catch((e) => { throw this.#fail(`goto ${url}`, e); });
    this.#probeExpected = /^https?:/.test(url);
  }

  /** Runs fn(...args) in the page (async functions are awaited); JSON in, JSON out. */
  async evaluate(fn, ...args) {
    const answer = await this.#on((wd) => wd('POST', '/execute/async', { script: evaluateScript(String(fn)), args: [JSON.stringify(args)] }, SCRIPT_TIMEOUT_MS + 10_000))
      .catch((e) => { throw this.#fail('evaluate', e); });
    const result = JSON.parse(answer);
    if (!result.ok) throw new Error(`[${this.engine}] evaluate: ${result.error}`);
    return result.undef ? undefined : result.value;
  }

  /** Polls fn(arg) in the page until it returns a truthy value, and returns that value. */
  async waitFor(fn, arg, { timeout = this.timeout } = {}) {
    const deadline = Date.now() + timeout;
    let last = null;
    for (;;) {
      try {
        const value = await this.evaluate(fn, arg);
        if (value) return value;
        last = null;
      } catch (e) {
        // A page navigating away answers with an error for a moment; a dead session never heals.
        if (/the (page|browser) is closed|fetch failed|ECONNREFUSED|invalid session id|no such window|session not created/.test(e.message)) throw e;
        last = e.message;
      }
      if (Date.now() > deadline) {
        const src = String(fn).replace(/\s+/g, ' ').slice(0, 160);
        throw new Error(`[${this.engine}] waitFor timed out after ${timeout} ms: ${src}${arg === undefined ? '' : ` (arg ${JSON.stringify(arg)})`}${last ? `; last error: ${last}` : ''}`);
      }
      await sleep(25);
    }
  }

  /** Waits until `selector` matches a visible element. */
  waitForSelector(selector, { timeout = this.timeout } = {}) {
    return this.waitFor((s) => {
      const e = document.querySelector(s);
      return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    }, selector, { timeout });
  }

  async #element(wd, selector) {
    const found = await wd('POST', '/element', { using: 'css selector', value: selector });
    return found[ELEMENT];
  }

  /** Clicks `selector` once it is visible and enabled (WebDriver Element Click). */
  async click(selector, { timeout = this.timeout } = {}) {
    await this.waitFor(VISIBLE_ENABLED, selector, { timeout }).catch((e) => { throw this.#fail(`click ${selector}`, e); });
    await this.#on(async (wd) => {
      const id = await this.#element(wd, selector);
      await wd('POST', `/element/${id}/click`, {});
    }).catch((e) => { throw this.#fail(`click ${selector}`, e); });
  }

  /** Replaces the value of an input by typing `text` (WebDriver Element Clear + Send Keys). */
  async fill(selector, text, { timeout = this.timeout } = {}) {
    await this.waitFor(VISIBLE_ENABLED, selector, { timeout }).catch((e) => { throw this.#fail(`fill ${selector}`, e); });
    await this.#on(async (wd) => {
      const id = await this.#element(wd, selector);
      await wd('POST', `/element/${id}/clear`, {});
      if (text !== '') await wd('POST', `/element/${id}/value`, { text: String(text) });
    }).catch((e) => { throw this.#fail(`fill ${selector}`, e); });
    const value = await this.evaluate((s) => document.querySelector(s).value, selector);
    if (value !== String(text)) {
      throw new Error(`[${this.engine}] fill ${selector}: the field holds ${value.length} characters, not the ${String(text).length} typed`);
    }
  }

  /** Selects the <option> with `value` in a <select>, firing input and change (as a user would). */
  async select(selector, value, { timeout = this.timeout } = {}) {
    await this.waitFor(VISIBLE_ENABLED, selector, { timeout }).catch((e) => { throw this.#fail(`select ${selector}`, e); });
    const ok = await this.evaluate((s, v) => {
      const e = document.querySelector(s);
      if (![...e.options].some((o) => o.value === v)) return false;
      e.value = v;
      e.dispatchEvent(new Event('input', { bubbles: true }));
      e.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    }, selector, String(value));
    if (!ok) throw new Error(`[${this.engine}] select ${selector}: no option with value ${JSON.stringify(String(value))}`);
  }

  /** The textContent of the first element matching `selector` (waits for it to exist). */
  async text(selector, { timeout = this.timeout } = {}) {
    const found = await this.waitFor((s) => {
      const e = document.querySelector(s);
      return e ? { text: e.textContent } : null;
    }, selector, { timeout }).catch((e) => { throw this.#fail(`text ${selector}`, e); });
    return found.text;
  }

  /**
   * Writes a PNG of the page to `path`. With fullPage (the default) the window first grows to
   * the document's height (at most 4000 px) and is restored afterwards.
   */
  async screenshot(path, { fullPage = true } = {}) {
    let restore = null;
    try {
      if (fullPage) {
        const [width, innerHeight, docHeight] = await this.evaluate(() => [innerWidth, innerHeight, Math.ceil(document.documentElement.scrollHeight)]);
        if (docHeight > innerHeight) {
          restore = [width, innerHeight];
          await this.#fitViewport(width, Math.min(docHeight, 4000));
        }
      }
      const png = await this.#on((wd) => wd('GET', '/screenshot'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Buffer.from(png, 'base64'));
    } catch (e) {
      throw this.#fail(`screenshot ${path}`, e);
    } finally {
      if (restore) await this.#fitViewport(...restore).catch(() => {});
    }
  }

  async #drain() {
    if (this.#closed) return;
    let lines;
    try {
      lines = await this.evaluate(() => (window.__pinsealProbe ? window.__pinsealProbe.take() : null));
    } catch (e) {
      this.#problems.push(`(the probe could not be read: ${e.message})`);
      return;
    }
    if (lines === null) {
      if (this.#probeExpected) {
        throw new Error(`[${this.engine}] the page has no console probe: serve it through serve() of tests/engines.mjs`);
      }
      return;
    }
    this.#problems.push(...lines);
  }

  /** Console lines, uncaught errors and unhandled rejections the page produced so far. */
  async problems() {
    await this.#drain();
    return [...this.#problems];
  }

  /** Closes the page: a secondary window is closed, the session's first one goes blank. */
  async close() {
    if (this.#closed) return;
    try {
      await this.#on(async (wd) => {
        if (this.primary) {
          await wd('POST', '/url', { url: 'about:blank' });
          await wd('DELETE', '/cookie').catch(() => {});
        } else {
          await wd('DELETE', '/window');
        }
      });
    } finally {
      this.#closed = true;
      this.#onClose();
    }
  }
}

// ------------------------------------------------------------------ test server

const PROBE_PATH = '/__pinseal_probe.js';
// Records console calls, uncaught errors, unhandled rejections, failed loads and CSP violations
// in window.__pinsealProbe; Page.problems() reads them. Served same-origin as an external script,
// so a CSP without 'unsafe-inline' still lets it run.
const PROBE = `(() => {
  if (window.__pinsealProbe) return;
  const lines = [];
  const show = (v) => {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return (v.name || 'Error') + ': ' + v.message;
    try { const j = JSON.stringify(v); return j === undefined ? String(v) : j; } catch (e) { return String(v); }
  };
  for (const level of Object.keys(console)) {
    const original = console[level];
    if (typeof original !== 'function') continue;
    console[level] = function (...args) {
      if (!(level === 'assert' && args[0])) {
        lines.push('console.' + level + ': ' + (level === 'assert' ? args.slice(1) : args).map(show).join(' '));
      }
      return original.apply(this, args);
    };
  }
  addEventListener('error', (e) => {
    const t = e.target;
    if (t && t !== window && t.tagName) lines.push('failed to load <' + t.tagName.toLowerCase() + '> ' + (t.src || t.href || ''));
    else lines.push('uncaught ' + (e.error !== undefined && e.error !== null ? show(e.error) : e.message));
  }, true);
  addEventListener('unhandledrejection', (e) => lines.push('unhandled rejection: ' + show(e.reason)));
  document.addEventListener('securitypolicyviolation', (e) => lines.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  const originalFetch = window.fetch;
  window.fetch = function (...args) {
    return originalFetch.apply(this, args).then((r) => {
      if (r.status >= 400) lines.push('failed to load: HTTP ' + r.status + ' ' + r.url);
      return r;
    }, (e) => { lines.push('fetch failed: ' + show(e)); throw e; });
  };
  Object.defineProperty(window, '__pinsealProbe', { value: Object.freeze({ take: () => lines.splice(0) }) });
})();
`;

/** Puts the probe's <script> ahead of every other script of an HTML document. */
export function injectProbe(html) {
  const tag = `<script src="${PROBE_PATH}"></script>`;
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? html.slice(0, doctype[0].length) + tag + html.slice(doctype[0].length) : tag + html;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.map': 'application/json',
};

function staticHandler(root) {
  return (req, res) => {
    let path;
    try { path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)); } catch { res.writeHead(400).end(); return; }
    if (path.split(/[\\/]/).includes('..')) { res.writeHead(404).end(); return; }
    let file = join(root, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      let body = readFileSync(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      if (type.startsWith('text/html')) body = Buffer.from(injectProbe(body.toString('utf8')));
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
}

function proxyHandler(target, transformWasm) {
  const upstream = new URL(target);
  return (req, res) => {
    const headers = { ...req.headers, host: upstream.host };
    delete headers['accept-encoding']; // HTML must come back uncompressed to get the probe
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (up) => {
      const type = String(up.headers['content-type'] ?? '');
      if (transformWasm && (type.startsWith('application/wasm') || new URL(req.url, 'http://x').pathname.endsWith('.wasm'))) {
        const chunks = [];
        up.on('data', (c) => chunks.push(c));
        up.on('end', () => {
          let body;
          try {
            body = Buffer.from(transformWasm(new Uint8Array(Buffer.concat(chunks)), req.url));
          } catch (e) {
            res.writeHead(500, { 'content-type': 'text/plain' }).end(`proxy: the module was refused: ${e.message}`);
            return;
          }
          const h = { ...up.headers, 'content-type': 'application/wasm', 'content-length': String(body.length) };
          delete h['transfer-encoding'];
          res.writeHead(up.statusCode, h).end(body);
        });
        up.on('error', () => res.destroy());
        return;
      }
      if (!type.startsWith('text/html')) {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
        return;
      }
      const chunks = [];
      up.on('data', (c) => chunks.push(c));
      up.on('end', () => {
        const body = Buffer.from(injectProbe(Buffer.concat(chunks).toString('utf8')));
        const h = { ...up.headers, 'content-length': String(body.length) };
        delete h['transfer-encoding'];
        res.writeHead(up.statusCode, h).end(body);
      });
      up.on('error', () => res.destroy());
    });
    out.on('error', (e) => { if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }); res.end(`proxy: ${e.code ?? e.message}`); });
    req.pipe(out);
  };
}

/**
 * A test server on 127.0.0.1: static files under `rootDir`, or `{ proxy: baseUrl }` forwarding
 * to another server. Every HTML response gets the console probe. With a proxy,
 * `transformWasm(bytes, url)` may rewrite every WebAssembly module passing through (a throw
 * answers 500 with its message). Resolves to { origin, close() }.
 */
export async function serve(target) {
  const handler = typeof target === 'string' ? staticHandler(target.endsWith(sep) ? target : target + sep)
    : target && typeof target.proxy === 'string' ? proxyHandler(target.proxy, target.transformWasm)
      : null;
  if (!handler) throw new Error('serve(rootDir | { proxy: baseUrl }): no root directory or proxy given');
  const server = createServer((req, res) => {
    if (req.url === PROBE_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(PROBE);
      return;
    }
    handler(req, res);
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    close: () => new Promise((ok) => { server.close(() => ok()); server.closeAllConnections(); }),
  };
}
