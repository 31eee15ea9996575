// End to end: the sandbox server and the demo page in Chromium, Firefox and WebKit
// (tests/engines.mjs), both flows, the failure paths a user should see, and no PIN, key or token
// in the browser console or the server output. Each engine gets a fresh sandbox (its state is in
// memory: the suspension of one run would leak into the next) and its own tests, named
// `[engine] ...`. Screenshots of each final state go to test-output/e2e/<engine>/.
//
// The page is reached through serve({ proxy }) so that every HTML page carries the console probe;
// the sandbox and the browser share one time zone (the request's requestDateTime is the browser's
// local time, checked against the sandbox's local clock within 5 minutes).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, selectedEngines, serve } from '../engines.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const binary = ['debug', 'release'].map((p) => `${root}target/${p}/pinseal-sandbox`).find(existsSync);
const TIMEZONE = 'Asia/Kolkata';

/** Starts a fresh sandbox on a free port; resolves to { child, base, output() }. */
async function startSandbox() {
  assert.ok(binary, 'build the sandbox first: cargo build -p pinseal-sandbox');
  const child = spawn(binary, ['--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: TIMEZONE } });
  let output = '';
  child.stderr.on('data', (d) => { output += d; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no banner in 20 s')), 20_000);
    child.stdout.on('data', (d) => {
      output += d;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sandbox exited with ${code}`)); });
  }).catch((e) => { if (child.exitCode === null) child.kill('SIGTERM'); throw e; });
  return { child, base, output: () => output };
}

for (const engine of selectedEngines()) {
  describe(engine, () => {
    const shots = `${root}test-output/e2e/${engine}`;
    let sandbox; let proxy; let browser;
    const problems = [];
    const secrets = new Set();

    before(async () => {
      rmSync(shots, { recursive: true, force: true });
      mkdirSync(shots, { recursive: true });
      sandbox = await startSandbox();
      proxy = await serve({ proxy: sandbox.base });
      const fixtures = await (await fetch(`${sandbox.base}/api/sandbox`)).json();
      secrets.add(fixtures.key);
      secrets.add(Buffer.from(fixtures.key, 'base64').toString('hex'));
      secrets.add(Buffer.from(fixtures.key, 'base64').toString('latin1'));
      browser = await launch(engine, { timezone: TIMEZONE });
    }, { timeout: 60_000 });

    after(async () => {
      await browser?.close();
      await proxy?.close();
      if (sandbox && sandbox.child.exitCode === null) {
        const exited = new Promise((ok) => sandbox.child.once('exit', ok));
        sandbox.child.kill('SIGTERM');
        await exited;
      }
    });

    /** Runs `flow` on a fresh demo page; the page's console lines and errors are kept. */
    async function withPage(width, flow) {
      const page = await browser.newPage({ width, height: 1000 });
      try {
        await page.goto(`${proxy.origin}/`);
        await page.waitForSelector('body[data-ready="true"]');
        await flow(page);
      } finally {
        problems.push(...await page.problems().catch((e) => [`(problems unread: ${e.message})`]));
        await page.close().catch(() => {});
      }
    }

    async function pass2fa(page) {
      await page.click('#r-2fa-start');
      await page.waitFor(() => /Sandbox shows it: \d{6}/.test(document.querySelector('#r-2fa-sent').textContent));
      const code = (await page.text('#r-2fa-sent')).match(/(\d{6})/)[1];
      await page.fill('#r-2fa-code', code);
      await page.click('#r-2fa-verify');
      await page.waitFor(() => document.querySelector('#r-2fa-status').textContent.includes('Verified'));
    }

    async function sealAndSend(page) {
      await page.click('#r-seal');
      await page.waitForSelector('#r-sealed-card:not([hidden])');
      const token = await page.text('#r-token');
      secrets.add(token.trim());
      await page.click('#r-send');
      await page.waitForSelector('#r-result-card:not([hidden]) .badge');
      return token;
    }

    const result = (page, id) => page.text(id);

    test(`[${engine}] Reset PIN: a weak PIN is refused live, a strong one is set after 2FA, a replay is refused`, { timeout: 60_000 }, () => withPage(1100, async (page) => {
      await page.select('#r-card', '0');
      // Weak PIN: live feedback, sealing refused.
      await page.fill('#r-newPIN', '1234');
      secrets.add('1234');
      await page.waitForSelector('#r-pin-errors li[data-code="PIN_COMMON"]');
      assert.match(await page.text('#r-strength'), /Weak PIN/);
      await page.screenshot(`${shots}/reset-weak-pin.png`);
      await page.click('#r-seal');
      assert.match(await result(page, '#r-result'), /Not sent/);
      // Strong PIN after 2FA: 00.
      await pass2fa(page);
      await page.fill('#r-newPIN', '3907');
      secrets.add('3907');
      assert.match(await page.text('#r-strength'), /Strong PIN/);
      await sealAndSend(page);
      assert.match(await page.text('#r-request'), /"newPIN": "\*\*\*\*"/);
      assert.match(await result(page, '#r-result'), /00\s*PIN changed/);
      await page.screenshot(`${shots}/reset-success.png`);
      // Replay the same token: 9001.
      await page.click('#r-replay');
      await page.waitFor(() => document.querySelector('#r-result').textContent.includes('9001'));
      assert.match(await result(page, '#r-result'), /9001\s*Replay refused: Replayed request/);
      await page.screenshot(`${shots}/reset-replay.png`);
    }));

    test(`[${engine}] Reset PIN: an unknown card is refused with 9004`, { timeout: 60_000 }, () => withPage(1100, async (page) => {
      await page.select('#r-card', '1');
      await pass2fa(page);
      await page.fill('#r-last4Digits', '1111');
      await page.fill('#r-newPIN', '6071');
      secrets.add('6071');
      await sealAndSend(page);
      assert.match(await result(page, '#r-result'), /9004\s*Refused: Card not found/);
      await page.screenshot(`${shots}/reset-unknown-card.png`);
    }));

    test(`[${engine}] SET_PIN: wrong current PIN three times suspends the account`, { timeout: 60_000 }, () => withPage(1100, async (page) => {
      await page.click('#tab-setpin');
      await page.select('#s-account', '0');
      for (let i = 1; i <= 3; i++) {
        await page.fill('#s-pin', '1357');
        await page.fill('#s-newPin', '2468');
        await page.click('#s-send');
        // 1 of 3, 2 of 3, then the third in a row answers INCORRECT_PIN and starts the suspension.
        const expected = i < 3 ? `${i} of 3` : 'suspended until';
        await page.waitFor((t) => document.querySelector('#s-result').textContent.includes(t), expected);
        assert.match(await result(page, '#s-result'), /INCORRECT_PIN/);
      }
      secrets.add('1357'); secrets.add('2468');
      // Now suspended, even with the right PIN.
      await page.fill('#s-pin', '5829');
      secrets.add('5829');
      await page.click('#s-send');
      await page.waitFor(() => /suspended/i.test(document.querySelector('#s-result').textContent));
      assert.match(await result(page, '#s-result'), /ERROR.*suspended/i);
      assert.match(await page.text('#s-request'), /"new_pin": "\*\*\*\*"/);
      await page.screenshot(`${shots}/setpin-suspended.png`);
    }));

    test(`[${engine}] SET_PIN: success on another account, unknown account, weak new PIN (narrow window)`, { timeout: 60_000 }, () => withPage(375, async (page) => {
      // A window has a minimum width: 375 CSS px in Chromium, but Firefox stops at 500 and
      // MiniBrowser (whose toolbar is part of the window) at about 450. All are below the demo's
      // 560 px breakpoint, so the one-column layout is what is checked, and the width reached
      // goes into the screenshot's name.
      const { width } = await page.viewport();
      assert.ok(width <= 560, `[${engine}] the narrow window is ${width} px wide, wider than the 560 px breakpoint`);
      await page.click('#tab-setpin');
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('#panel-setpin .grid2')).gridTemplateColumns.split(' ').length), 1,
        `[${engine}] the form is not in one column at ${width} px`);
      await page.select('#s-account', '1');
      // Weak new PIN: shown live, not sent.
      await page.fill('#s-pin', '4826');
      await page.fill('#s-newPin', '0000');
      secrets.add('4826'); secrets.add('0000');
      await page.waitForSelector('#s-errors li[data-code="PIN_COMMON"]');
      await page.click('#s-send');
      assert.match(await result(page, '#s-result'), /Not sent/);
      // Success.
      await page.fill('#s-newPin', '3917');
      secrets.add('3917');
      await page.click('#s-send');
      await page.waitFor(() => document.querySelector('#s-result').textContent.includes('SUCCESS'));
      await page.screenshot(`${shots}/setpin-success-${width}px.png`);
      // Unknown account.
      await page.fill('#s-identifier', '999100000099');
      await page.fill('#s-pin', '3917');
      await page.fill('#s-newPin', '6408');
      secrets.add('6408');
      await page.click('#s-send');
      await page.waitFor(() => document.querySelector('#s-result').textContent.includes('INVALID_ACCOUNT'));
      await page.screenshot(`${shots}/setpin-unknown-account-${width}px.png`);
    }));

    test(`[${engine}] no PIN, key or token reached the browser console or the server output`, () => {
      // Every flow ran and gave its secrets: the key in 3 encodings, 10 PINs, 2 sealed tokens.
      assert.equal(secrets.size, 15, `[${engine}] ${secrets.size} secrets collected, not 15: did every flow run?`);
      const logs = [problems.join('\n'), sandbox?.output() ?? ''].join('\n');
      for (const secret of secrets) {
        assert.ok(!logs.includes(secret), `[${engine}] a secret (${secret.length} chars) appeared in the logs`);
      }
      assert.deepEqual(problems, [], `[${engine}] the demo page writes nothing to the console`);
    });
  });
}
