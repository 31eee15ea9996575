// End to end: the sandbox server and the demo page in headless Chromium, both flows, the failure
// paths a user should see, and no PIN, key or token in the browser console or the server output.
// Screenshots of each final state go to test-output/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shots = `${root}test-output/e2e`;
const binary = ['debug', 'release'].map((p) => `${root}target/${p}/pinseal-sandbox`).find(existsSync);

let server; let base; let browser; let serverOutput = '';
const consoleLines = [];
const secrets = new Set();

before(async () => {
  assert.ok(binary, 'build the sandbox first: cargo build -p pinseal-sandbox');
  mkdirSync(shots, { recursive: true });
  server = spawn(binary, ['--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr.on('data', (d) => { serverOutput += d; });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no banner in 20 s')), 20_000);
    server.stdout.on('data', (d) => {
      serverOutput += d;
      const m = /listening on (http:\/\/\S+)/.exec(serverOutput);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const fixtures = await (await fetch(`${base}/api/sandbox`)).json();
  secrets.add(fixtures.key);
  secrets.add(Buffer.from(fixtures.key, 'base64').toString('hex'));
  secrets.add(Buffer.from(fixtures.key, 'base64').toString('latin1'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) server.kill('SIGTERM');
});

async function openPage(width = 1100) {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  page.setDefaultTimeout(15_000);
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  await page.goto(base);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

async function pass2fa(page) {
  await page.click('#r-2fa-start');
  await page.waitForFunction(() => /Sandbox shows it: \d{6}/.test(document.querySelector('#r-2fa-sent').textContent));
  const code = (await page.textContent('#r-2fa-sent')).match(/(\d{6})/)[1];
  await page.fill('#r-2fa-code', code);
  await page.click('#r-2fa-verify');
  await page.waitForFunction(() => document.querySelector('#r-2fa-status').textContent.includes('Verified'));
}

async function sealAndSend(page) {
  await page.click('#r-seal');
  await page.waitForSelector('#r-sealed-card:not([hidden])');
  const token = await page.textContent('#r-token');
  secrets.add(token.trim());
  await page.click('#r-send');
  await page.waitForSelector('#r-result-card:not([hidden]) .badge');
  return token;
}

const result = (page, id) => page.textContent(id);

test('Reset PIN: a weak PIN is refused live, a strong one is set after 2FA, a replay is refused', { timeout: 60_000 }, async () => {
  const page = await openPage();
  await page.selectOption('#r-card', '0');
  // Weak PIN: live feedback, sealing refused.
  await page.fill('#r-newPIN', '1234');
  secrets.add('1234');
  await page.waitForSelector('#r-pin-errors li[data-code="PIN_COMMON"]');
  assert.match(await page.textContent('#r-strength'), /Weak PIN/);
  await page.screenshot({ path: `${shots}/reset-weak-pin.png`, fullPage: true });
  await page.click('#r-seal');
  assert.match(await result(page, '#r-result'), /Not sent/);
  // Strong PIN after 2FA: 00.
  await pass2fa(page);
  await page.fill('#r-newPIN', '3907');
  secrets.add('3907');
  assert.match(await page.textContent('#r-strength'), /Strong PIN/);
  await sealAndSend(page);
  assert.match(await page.textContent('#r-request'), /"newPIN": "\*\*\*\*"/);
  assert.match(await result(page, '#r-result'), /00\s*PIN changed/);
  await page.screenshot({ path: `${shots}/reset-success.png`, fullPage: true });
  // Replay the same token: 9001.
  await page.click('#r-replay');
  await page.waitForFunction(() => document.querySelector('#r-result').textContent.includes('9001'));
  assert.match(await result(page, '#r-result'), /9001\s*Replay refused: Replayed request/);
  await page.screenshot({ path: `${shots}/reset-replay.png`, fullPage: true });
  await page.close();
});

test('Reset PIN: an unknown card is refused with 9004', { timeout: 60_000 }, async () => {
  const page = await openPage();
  await page.selectOption('#r-card', '1');
  await pass2fa(page);
  await page.fill('#r-last4Digits', '1111');
  await page.fill('#r-newPIN', '6071');
  secrets.add('6071');
  await sealAndSend(page);
  assert.match(await result(page, '#r-result'), /9004\s*Refused: Card not found/);
  await page.screenshot({ path: `${shots}/reset-unknown-card.png`, fullPage: true });
  await page.close();
});

test('SET_PIN: wrong current PIN three times suspends the account', { timeout: 60_000 }, async () => {
  const page = await openPage();
  await page.click('#tab-setpin');
  await page.selectOption('#s-account', '0');
  for (let i = 1; i <= 3; i++) {
    await page.fill('#s-pin', '1357');
    await page.fill('#s-newPin', '2468');
    await page.click('#s-send');
    // 1 of 3, 2 of 3, then the third in a row answers INCORRECT_PIN and starts the suspension.
    const expected = i < 3 ? `${i} of 3` : 'suspended until';
    await page.waitForFunction((t) => document.querySelector('#s-result').textContent.includes(t), expected);
    assert.match(await result(page, '#s-result'), /INCORRECT_PIN/);
  }
  secrets.add('1357'); secrets.add('2468');
  // Now suspended, even with the right PIN.
  await page.fill('#s-pin', '5829');
  secrets.add('5829');
  await page.click('#s-send');
  await page.waitForFunction(() => /suspended/i.test(document.querySelector('#s-result').textContent));
  assert.match(await result(page, '#s-result'), /ERROR.*suspended/i);
  assert.match(await page.textContent('#s-request'), /"new_pin": "\*\*\*\*"/);
  await page.screenshot({ path: `${shots}/setpin-suspended.png`, fullPage: true });
  await page.close();
});

test('SET_PIN: success on another account, unknown account, weak new PIN', { timeout: 60_000 }, async () => {
  const page = await openPage(375);
  await page.click('#tab-setpin');
  await page.selectOption('#s-account', '1');
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
  await page.waitForFunction(() => document.querySelector('#s-result').textContent.includes('SUCCESS'));
  await page.screenshot({ path: `${shots}/setpin-success-375px.png`, fullPage: true });
  // Unknown account.
  await page.fill('#s-identifier', '999100000099');
  await page.fill('#s-pin', '3917');
  await page.fill('#s-newPin', '6408');
  secrets.add('6408');
  await page.click('#s-send');
  await page.waitForFunction(() => document.querySelector('#s-result').textContent.includes('INVALID_ACCOUNT'));
  await page.screenshot({ path: `${shots}/setpin-unknown-account.png`, fullPage: true });
  await page.close();
});

test('no PIN, key or token reached the browser console or the server output', () => {
  const logs = [consoleLines.join('\n'), serverOutput].join('\n');
  for (const secret of secrets) {
    assert.ok(!logs.includes(secret), `a secret (${secret.length} chars) appeared in the logs`);
  }
  assert.deepEqual(consoleLines, [], 'the demo page writes nothing to the console');
});
