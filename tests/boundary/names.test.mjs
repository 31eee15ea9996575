// What Node prints of pinseal: the classes keep their names through minification, and an
// uncaught PinsealError prints a short report (the minified glue is cut into short lines, so Node's
// source excerpt of the throwing line is one line, not the whole 13 KB file). Through both Node
// entries, as a user's program would load them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import * as esm from '../../pkg/node.mjs';

const cjs = createRequire(import.meta.url)('../../pkg/node.cjs');
const KEY_TEXT = '0123456789abcdefghijklmn';

for (const [entry, p] of [['ESM', esm], ['CommonJS', cjs]]) {
  test(`${entry}: PinsealError and TokenCipher keep their names`, () => {
    assert.equal(p.PinsealError.name, 'PinsealError');
    assert.equal(p.TokenCipher.name, 'TokenCipher');
    const cipher = p.TokenCipher.fromText(KEY_TEXT);
    assert.match(inspect(cipher), /^TokenCipher \{/);
    cipher.free();
    let error;
    try { p.TokenCipher.fromHex('abc'); } catch (e) { error = e; }
    assert.equal(error?.constructor?.name, 'PinsealError');
    assert.equal(error.name, 'PinsealError');
    assert.equal(error.code, 'INVALID_KEY');
    assert.match(inspect(error), /^PinsealError: "key" is not hex/);
  });
}

for (const [entry, program] of [
  ['ESM', `import { TokenCipher } from ${JSON.stringify(new URL('../../pkg/node.mjs', import.meta.url).href)};
TokenCipher.fromHex('abc');`],
  ['CommonJS', `require(${JSON.stringify(new URL('../../pkg/node.cjs', import.meta.url).pathname)}).TokenCipher.fromHex('abc');`],
]) {
  test(`${entry}: an uncaught PinsealError prints a short report with its name and code`, () => {
    const args = entry === 'ESM' ? ['--input-type=module', '-e', program] : ['-e', program];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.equal(run.status, 1);
    const stderr = run.stderr;
    assert.match(stderr, /PinsealError: "key" is not hex: expected 48 hex characters, got 3/);
    assert.match(stderr, /code: 'INVALID_KEY'/);
    assert.ok(stderr.length < 2000, `stderr is ${stderr.length} characters (13,818 before)`);
    const longest = Math.max(...stderr.split('\n').map((l) => l.length));
    assert.ok(longest <= 300, `a stderr line of ${longest} characters`);
  });
}

// The source map shipped beside the glue: with --enable-source-maps, Node's trace names the
// package's own sources (npm/pinseal.js, wasm-bindgen's glue), not one minified line.
test('an uncaught PinsealError under --enable-source-maps points into npm/pinseal.js', () => {
  const program = `import { TokenCipher } from ${JSON.stringify(new URL('../../pkg/node.mjs', import.meta.url).href)};
TokenCipher.fromHex('abc');`;
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', program], { encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /at Function\.fromHex \(.*npm\/pinseal\.js:\d+:\d+\)/);
  assert.match(run.stderr, /wasm-bindgen\/pinseal\.js:\d+/);
});
