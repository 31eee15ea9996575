// The Node path of `encrypt` (npm/read.js, `withUtf8`): a short string's UTF-8 is written into a
// scratch buffer that must hold the plaintext only while the module copies it, and be wiped
// after, also when the call throws. Imports npm/read.js itself (no build needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withUtf8 } from '../../npm/read.js';

const SECRET = '{"newPIN":"5829","note":"Łódź 東京 🙂"}';

test('the bytes handed over are the UTF-8 of the text, lone surrogates as U+FFFD', () => {
  const seen = [];
  withUtf8(SECRET, (bytes) => seen.push(Buffer.from(bytes)));
  withUtf8('a\uD800b', (bytes) => seen.push(Buffer.from(bytes)));
  assert.deepEqual(seen, [Buffer.from(SECRET, 'utf8'), Buffer.from('a\uFFFDb', 'utf8')]);
});

test('the scratch buffer is wiped when the call returns and when it throws', () => {
  let view;
  const result = withUtf8(SECRET, (bytes) => { view = bytes; return 'sealed'; });
  assert.equal(result, 'sealed');
  assert.equal(view.length, Buffer.byteLength(SECRET));
  assert.ok(view.every((b) => b === 0), `left behind: ${Buffer.from(view).toString('utf8')}`);
  assert.throws(() => withUtf8(SECRET, (bytes) => { view = bytes; throw new RangeError('module failed'); }), RangeError);
  assert.ok(view.every((b) => b === 0), 'left behind after a throw');
  // The whole buffer, not only this view: what an earlier, longer text wrote is gone too.
  withUtf8('x'.repeat(4096), () => {});
  withUtf8('y', (bytes) => { view = new Uint8Array(bytes.buffer, bytes.byteOffset, 3 * 4096); });
  assert.ok(view.every((b) => b === 0), 'an earlier text is still in the scratch buffer');
});

test('a text over 4,096 UTF-16 units is left to the module (no scratch)', () => {
  let called = false;
  assert.equal(withUtf8('x'.repeat(4097), () => { called = true; }), undefined);
  assert.equal(called, false);
  assert.equal(withUtf8('x'.repeat(4096), (bytes) => bytes.length), 4096);
});
