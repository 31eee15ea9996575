// Limits before work (SPEC §2): an argument over a limit by its length alone is refused before it
// is copied into WebAssembly memory. Each export gets a 256 MiB argument (a string, a token, a
// Uint8Array, a field, a PIN, a key, an option) and must answer with its exact code or result,
// leave the instance's memory exactly as large as before (memory never shrinks, so one copy
// would show for good), and keep working. Then the edges: one unit under each limit still gets
// the answer its content deserves, and the largest valid inputs still work.
// Runs in Node (`node --test tests/boundary/`) on the built package in pkg/. No timings are
// asserted: the memory size is the proof that nothing was copied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importWithMemory } from './with-memory.mjs';
import { KEY_TEXT, RESET, SETPIN } from './cases.mjs';

// The package's Node entry keeps its instance to itself; importWithMemory records the memory.
const { exports: p, memory } = await importWithMemory(new URL('../../pkg/node.mjs', import.meta.url).href);

const MiB = 1024 * 1024;
const MAX_TOKEN_BYTES = MiB;
const MAX_TOKEN_TEXT = 2 * 1_398_104; // twice the base64 length of a 1 MiB token

// Made once and reused: 256 MiB of text, of base64 text, and of bytes.
const big = 'x'.repeat(256 * MiB);
const bigToken = 'A'.repeat(256 * MiB);
const bigBytes = new Uint8Array(256 * MiB);
const BIG = 256 * MiB;

const cipher = p.TokenCipher.fromText(KEY_TEXT);
const responseToken = cipher.encryptJson({ responseCode: '00', clientTxnId: 'txn-oversize-1' });

// A normal call still works: seal a Reset PIN request and open its token.
function assertHealthy() {
  const { token } = p.sealResetPin(RESET, cipher);
  assert.equal(JSON.parse(cipher.decrypt(token)).newPIN, '5829', 'seal and open after the call');
}
assertHealthy();

const fieldCodes = (report) => report.errors.map((e) => `${e.field}:${e.code}`);
// What a 256 MiB string field is reported as.
const tooLongField = (field) => ({
  field, code: 'TOO_LONG', message: `expected at most 1024 characters (more than any field allows), got ${BIG}`,
});

// Memory freed inside the module is reused, so once one call had copied 256 MiB in, the next
// copy would fit without growing: "unchanged by the call" alone would pass every case after the
// first bad one. Hence also a ceiling no copy of a 256 MiB (or 16 MiB) argument fits under:
// the module itself needs about 1 MiB, and the oversize cases below run first.
const CEILING = 16 * MiB;

// Calls `call` once; asserts the memory did not grow (and never held a copy) and the instance
// still works; returns the thrown error (or `null`) and the result.
function measured(call) {
  const before = memory.buffer.byteLength;
  let result; let error = null;
  try { result = call(); } catch (e) { error = e; }
  assert.equal(memory.buffer.byteLength, before, `WebAssembly memory grew by ${(memory.buffer.byteLength - before) / MiB} MiB`);
  assert.ok(before < CEILING, `WebAssembly memory is ${before / MiB} MiB: an argument was copied in before`);
  assertHealthy();
  return { result, error };
}

function assertThrows(error, code, message) {
  assert.ok(error, `expected ${code}, but the call returned`);
  assert.equal(error.name, 'PinsealError', String(error.stack));
  assert.equal(error.code, code, error.message);
  if (message !== undefined) assert.equal(error.message, message);
}

// Token sizes in the core's words: `"token" expected at most 1048576 bytes, got N`.
const tooLarge = (size) => `"token" expected at most ${MAX_TOKEN_BYTES} bytes, got ${size}`;
// A random-IV token of n plaintext bytes: IV + padded ciphertext (the core's exact count).
const sealedSize = (n) => 16 + (Math.floor(n / 16) + 1) * 16;
// The same for a fixed IV (no IV in the token).
const fixedSize = (n) => (Math.floor(n / 16) + 1) * 16;
// A plaintext string refused by its length alone has at least as many UTF-8 bytes as UTF-16
// units: the size of the token that many bytes would make (this cipher: random IV).
const tokenAtLeast = sealedSize;
// A token text refused by its length: `"token" expected at most 2796208 characters, got N`.
const textTooLong = (what, max, chars) => `"${what}" expected at most ${max} characters, got ${chars}`;
const tokenTextTooLong = (chars) => textTooLong('token', MAX_TOKEN_TEXT, chars);
const bodyTextTooLong = (chars) => textTooLong('body', MAX_TOKEN_TEXT + 65_536, chars);

// [name, call, expected]: expected is [code, message?] for a PinsealError, or a function that
// checks the result (or the error) itself.
const OVERSIZE = [
  ['encrypt: a 256 MiB string', () => cipher.encrypt(big), ['TOKEN_TOO_LARGE', tooLarge(tokenAtLeast(BIG))]],
  ['encryptJson: a 256 MiB string', () => cipher.encryptJson(big), ['TOKEN_TOO_LARGE', tooLarge(tokenAtLeast(BIG))]],
  // The entry stops JSON.stringify at a string too long for any token and lets the module refuse
  // it by its length: no seconds of stringifying, no copy.
  ['encryptJson: a 256 MiB string inside an array', () => cipher.encryptJson([1, { note: big }]), ['TOKEN_TOO_LARGE', tooLarge(tokenAtLeast(BIG))]],
  ['encryptBytes: 256 MiB', () => cipher.encryptBytes(bigBytes), ['TOKEN_TOO_LARGE', tooLarge(sealedSize(BIG))]],
  ['sealBytes: 256 MiB', () => cipher.sealBytes(bigBytes), ['TOKEN_TOO_LARGE', tooLarge(sealedSize(BIG))]],
  ['openBytes: 256 MiB', () => cipher.openBytes(bigBytes), ['TOKEN_TOO_LARGE', tooLarge(BIG)]],
  ['decrypt: a 256 MiB token', () => cipher.decrypt(bigToken), ['TOKEN_TOO_LARGE', tokenTextTooLong(BIG)]],
  ['decryptBytes: a 256 MiB token', () => cipher.decryptBytes(bigToken), ['TOKEN_TOO_LARGE', tokenTextTooLong(BIG)]],
  ['decryptJson: a 256 MiB token', () => cipher.decryptJson(bigToken), ['TOKEN_TOO_LARGE', tokenTextTooLong(BIG)]],
  ['openResetPinResponse: { token } of 256 MiB', () => p.openResetPinResponse({ token: bigToken }, cipher), ['TOKEN_TOO_LARGE', tokenTextTooLong(BIG)]],
  ['openResetPinResponse: a bare 256 MiB token', () => p.openResetPinResponse(bigToken, cipher), ['TOKEN_TOO_LARGE', bodyTextTooLong(BIG)]],
  ['openResetPinResponse: a 256 MiB body text', () => p.openResetPinResponse(`{"token":"${bigToken}"}`, cipher), ['TOKEN_TOO_LARGE', bodyTextTooLong(BIG + 12)]],
  ['validateResetPin: a 256 MiB customerId', () => p.validateResetPin({ ...RESET, customerId: big }),
    (r, e) => { assert.equal(e, null); assert.deepEqual(r, { valid: false, errors: [tooLongField('customerId')] }); }],
  ['buildResetPinRequest: a 256 MiB customerId', () => p.buildResetPinRequest({ ...RESET, customerId: big }),
    (r, e) => { assertThrows(e, 'VALIDATION_FAILED'); assert.deepEqual(e.errors, [tooLongField('customerId')]); assert.equal(e.field, 'customerId'); }],
  ['sealResetPin: a 256 MiB customerId', () => p.sealResetPin({ ...RESET, customerId: big }, cipher),
    (r, e) => { assertThrows(e, 'VALIDATION_FAILED'); assert.deepEqual(e.errors, [tooLongField('customerId')]); }],
  // Past the cap a field's content is not examined: 256 MiB of 'x' in a digit field or a PIN
  // field is TOO_LONG, not NOT_DIGITS or a PIN rule.
  ['validateResetPin: 256 MiB in bankId and newPIN', () => p.validateResetPin({ ...RESET, bankId: big, newPIN: big }),
    (r, e) => { assert.equal(e, null); assert.deepEqual(fieldCodes(r), ['bankId:TOO_LONG', 'newPIN:TOO_LONG']); }],
  ['validateSetPin: a 256 MiB identity', () => p.validateSetPin({ ...SETPIN, identity: big }),
    (r, e) => { assert.equal(e, null); assert.deepEqual(r, { valid: false, errors: [tooLongField('identity')] }); }],
  ['buildSetPinRequest: a 256 MiB deviceIdentifier', () => p.buildSetPinRequest({ ...SETPIN, deviceIdentifier: big }),
    (r, e) => { assertThrows(e, 'VALIDATION_FAILED'); assert.deepEqual(fieldCodes(e), ['deviceIdentifier:TOO_LONG']); }],
  ['pinStrength: a 256 MiB PIN', () => p.pinStrength(big),
    (r, e) => { assert.equal(e, null); assert.deepEqual(r, { weak: true, reasons: ['PIN_LENGTH'] }); }],
  ['validatePin: a 256 MiB PIN', () => p.validatePin(big, { currentPin: '5829' }),
    (r, e) => {
      assert.equal(e, null);
      assert.deepEqual(r, { valid: false, errors: [{ field: 'pin', code: 'PIN_LENGTH', message: `expected 4 digits, got ${BIG}` }] });
    }],
  ['TokenCipher.fromBytes: a 256 MiB key', () => p.TokenCipher.fromBytes(bigBytes), ['INVALID_KEY', `"key" expected 24 bytes, got ${BIG}`]],
  ['TokenCipher.fromHex: a 256 MiB key', () => p.TokenCipher.fromHex(big), ['INVALID_KEY', `"key" expected 48 hex characters, got ${BIG}`]],
  ['TokenCipher.fromBase64: a 256 MiB key', () => p.TokenCipher.fromBase64(big), ['INVALID_KEY', `"key" expected 32 base64 characters, got ${BIG}`]],
  ['TokenCipher.fromText: a 256 MiB key', () => p.TokenCipher.fromText(big), ['INVALID_KEY', `"key" expected 24 bytes, got ${BIG}`]],
  ['TokenCipher.fromText: a 256 MiB hex IV', () => p.TokenCipher.fromText(KEY_TEXT, { iv: big }), ['INVALID_INPUT', `"iv" expected at most 1024 characters, got ${BIG}`]],
  ['TokenCipher.fromText: a 256 MiB Uint8Array IV', () => p.TokenCipher.fromText(KEY_TEXT, { iv: bigBytes }), ['INVALID_IV', `"iv" expected 16 bytes, got ${BIG}`]],
  ['parseSetPinResponse: a 256 MiB string', () => p.parseSetPinResponse(big),
    (r, e) => {
      assertThrows(e, 'INVALID_RESPONSE', `invalid response: expected at most ${MiB} characters of JSON, got ${BIG}`);
      assert.equal(e.raw, big, 'raw is the body as given');
    }],
  ['parseSetPinResponse: an object with a 256 MiB description', () => p.parseSetPinResponse({ set_pin_status: 'ERROR', set_pin_status_description: big }),
    (r, e) => {
      const json = JSON.stringify({ set_pin_status: 'ERROR', set_pin_status_description: '' }).length + BIG;
      assertThrows(e, 'INVALID_RESPONSE', `invalid response: expected at most ${MiB} characters of JSON, got ${json}`);
    }],
  ['validatePin: a 256 MiB context string', () => p.validatePin('5829', { msisdn: big }), ['INVALID_INPUT', `"msisdn" expected at most 1024 characters, got ${BIG}`]],
  ['validatePin: a 256 MiB deny-list entry', () => p.validatePin('5829', { policy: { deny: ['1111', big] } }), ['INVALID_INPUT', `"pinPolicy.deny[]" expected at most 1024 characters, got ${BIG}`]],
  ['pinStrength: a 256 MiB policy name', () => p.pinStrength('5829', big), ['INVALID_INPUT', `"pinPolicy" expected at most 1024 characters, got ${BIG}`]],
  ['buildResetPinRequest: a 256 MiB `now`', () => p.buildResetPinRequest(RESET, { now: big }), ['INVALID_INPUT', `"now" expected at most 1024 characters, got ${BIG}`]],
  ['openResetPinResponse: a 256 MiB expect.clientTxnId', () => p.openResetPinResponse(responseToken, cipher, { clientTxnId: big }),
    ['INVALID_INPUT', `"expect.clientTxnId" expected at most 1024 characters, got ${BIG}`]],
];

for (const [name, call, expected] of OVERSIZE) {
  test(`oversize: ${name}`, () => {
    const { result, error } = measured(call);
    if (typeof expected === 'function') expected(result, error);
    else assertThrows(error, ...expected);
  });
}

// encryptJson's JSON.stringify runs in the entry: a string too long for any token stops it
// before the entry's replacer copies the string (toWellFormed), which for 256 MiB took seconds.
test('oversize: encryptJson never copies a 256 MiB string in JavaScript either', { skip: typeof String.prototype.toWellFormed !== 'function' }, () => {
  const native = String.prototype.toWellFormed;
  const copied = [];
  String.prototype.toWellFormed = function toWellFormed() { copied.push(this.length); return native.call(this); };
  try {
    assertThrows(measured(() => cipher.encryptJson({ short: 'kept', note: big })).error, 'TOKEN_TOO_LARGE', tooLarge(tokenAtLeast(BIG)));
    assertThrows(measured(() => cipher.encryptJson({ [big]: 1 })).error, 'TOKEN_TOO_LARGE', tooLarge(tokenAtLeast(BIG)));
  } finally {
    String.prototype.toWellFormed = native;
  }
  // 'kept' was; the reads of the health checks after each call (input fields, key names) were
  // short; the 256 MiB string and key never were.
  assert.ok(copied.includes(4), `'kept' was not made well-formed: ${copied}`);
  assert.deepEqual(copied.filter((n) => n > 1024), [], 'toWellFormed ran on the 256 MiB string');
});

// Counts and names, also read before anything else.
test('oversize: an input object with 65 keys is INVALID_INPUT before any key is read', () => {
  const input = { ...RESET };
  for (let i = 0; input && Object.keys(input).length < 65; i++) input[`extra${i}`] = 1;
  const { error } = measured(() => p.validateResetPin(input));
  assertThrows(error, 'INVALID_INPUT', '"input" expected at most 64 fields, got 65');
  // 64 keys are read: the extra ones are UNKNOWN_FIELD.
  delete input.extra0;
  const report = p.validateResetPin(input);
  assert.equal(report.errors.length, 64 - 9);
  assert.ok(report.errors.every((e) => e.code === 'UNKNOWN_FIELD'));
});

test('oversize: an options object with 65 keys is INVALID_INPUT', () => {
  const options = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`o${i}`, 1]));
  assertThrows(measured(() => p.buildResetPinRequest(RESET, options)).error, 'INVALID_INPUT', '"options" expected at most 64 fields, got 65');
});

test('oversize: a 16 MiB key name is echoed by its first 64 characters, never copied whole', () => {
  const name = 'k'.repeat(16 * MiB);
  const { result, error } = measured(() => p.validateResetPin({ ...RESET, [name]: 1 }));
  assert.equal(error, null);
  assert.deepEqual(result.errors.map((e) => [e.field, e.code]), [[`${'k'.repeat(64)}…`, 'UNKNOWN_FIELD']]);
});

test('oversize: a deny list of 10,001 entries is refused before reading them; 10,000 are read', () => {
  const deny = Array.from({ length: 10_001 }, (_, i) => `entry ${i}`);
  deny[0] = '0042';
  const { error } = measured(() => p.validatePin('5829', { policy: { deny } }));
  assertThrows(error, 'INVALID_INPUT', '"pinPolicy.deny" expected at most 10000 entries, got 10001');
  deny.pop();
  assert.deepEqual(fieldCodes(p.validatePin('5829', { policy: { deny } })), []);
  assert.deepEqual(fieldCodes(p.validatePin('0042', { policy: { deny } })), ['pin:PIN_COMMON']);
});

// The edges: within each limit the content decides, and the largest valid inputs work.
test('edge: a 1,398,105-character token of "A" (under the text limit) gets the decoded-size answer', () => {
  assertThrows(thrown(() => cipher.decrypt('A'.repeat(1_398_105))), 'TOKEN_TOO_LARGE', tooLarge(1_048_578));
});

test('edge: a token text of exactly the text limit is read (content decides), one more unit is not', () => {
  assertThrows(thrown(() => cipher.decrypt('!'.repeat(MAX_TOKEN_TEXT))), 'MALFORMED_TOKEN');
  assertThrows(thrown(() => cipher.decrypt('!'.repeat(MAX_TOKEN_TEXT + 1))), 'TOKEN_TOO_LARGE', tokenTextTooLong(MAX_TOKEN_TEXT + 1));
});

test('edge: a 1 MiB token opens, bare, as { token }, and with a space after every character', () => {
  const plain = new Uint8Array(MiB - 32).map((_, i) => i * 7);
  const token = cipher.encryptBytes(plain);
  assert.equal(Buffer.from(token, 'base64').length, MAX_TOKEN_BYTES, 'the token decodes to exactly 1 MiB');
  assert.deepEqual(cipher.decryptBytes(token), plain);
  // Whitespace is allowed (SPEC §2): a space after every character makes exactly the text limit.
  const spaced = token.replace(/./g, '$& ');
  assert.equal(spaced.length, MAX_TOKEN_TEXT);
  assert.deepEqual(cipher.decryptBytes(spaced), plain);
  assertThrows(thrown(() => cipher.decryptBytes(`${spaced} `)), 'TOKEN_TOO_LARGE');
  const wrapped = token.replace(/.{76}/g, '$&\r\n');
  assert.deepEqual(cipher.decryptBytes(wrapped), plain);
  const response = cipher.encrypt(JSON.stringify({ responseCode: '00', description: 'd'.repeat(MiB - 64) }));
  assert.equal(p.openResetPinResponse({ token: response }, cipher).responseCode, '00');
  assert.equal(p.openResetPinResponse(`{"token":"${response}"}`, cipher).responseCode, '00');
});

test('edge: encryptBytes of 1 MiB - 32 and 1 MiB - 17 bytes works (random IV); 1 MiB - 16 is refused', () => {
  assert.equal(cipher.decryptBytes(cipher.encryptBytes(new Uint8Array(MiB - 32))).length, MiB - 32);
  assert.equal(cipher.decryptBytes(cipher.encryptBytes(new Uint8Array(MiB - 17))).length, MiB - 17);
  assertThrows(thrown(() => cipher.encryptBytes(new Uint8Array(MiB - 16))), 'TOKEN_TOO_LARGE', tooLarge(MiB + 16));
});

test('edge: with a fixed IV (no IV in the token) 1 MiB - 1 bytes seal and 1 MiB is refused unread', () => {
  const fixed = p.TokenCipher.fromText(KEY_TEXT, { iv: '000102030405060708090a0b0c0d0e0f' });
  assert.equal(fixed.decryptBytes(fixed.encryptBytes(new Uint8Array(MiB - 1))).length, MiB - 1);
  const { error } = measured(() => fixed.encryptBytes(bigBytes));
  assertThrows(error, 'TOKEN_TOO_LARGE', tooLarge(fixedSize(BIG)));
  assertThrows(thrown(() => fixed.encrypt(big)), 'TOKEN_TOO_LARGE', tooLarge(fixedSize(BIG)));
  assertThrows(thrown(() => fixed.encryptBytes(new Uint8Array(MiB))), 'TOKEN_TOO_LARGE', tooLarge(MiB + 16));
  fixed.free();
});

test('edge: a text of at most 1 MiB UTF-16 units is copied and sized exactly in UTF-8 bytes', () => {
  // 600,000 units of 'é' are 1,200,000 UTF-8 bytes: the core's exact count, not the units.
  assertThrows(thrown(() => cipher.encrypt('é'.repeat(600_000))), 'TOKEN_TOO_LARGE', tooLarge(sealedSize(1_200_000)));
  assert.equal(cipher.decrypt(cipher.encrypt('y'.repeat(MiB - 32))).length, MiB - 32);
  assertThrows(thrown(() => cipher.encrypt('y'.repeat(MiB))), 'TOKEN_TOO_LARGE', tooLarge(sealedSize(MiB)));
  assertThrows(thrown(() => cipher.encrypt('y'.repeat(MiB + 1))), 'TOKEN_TOO_LARGE', tooLarge(tokenAtLeast(MiB + 1)));
});

test('edge: key texts up to 4,096 characters get the core\'s own answer', () => {
  assertThrows(thrown(() => p.TokenCipher.fromHex('ab'.repeat(2048))), 'INVALID_KEY', '"key" expected 24 bytes, got 2048');
  assertThrows(thrown(() => p.TokenCipher.fromHex('ab'.repeat(2048) + 'a')), 'INVALID_KEY', '"key" expected 48 hex characters, got 4097');
  assertThrows(thrown(() => p.TokenCipher.fromText('t'.repeat(4096))), 'INVALID_KEY', '"key" expected 24 bytes, got 4096');
  assertThrows(thrown(() => p.TokenCipher.fromBytes(new Uint8Array(23))), 'INVALID_KEY', '"key" expected 24 bytes, got 23');
  assertThrows(thrown(() => p.TokenCipher.fromBytes(new Uint8Array(25))), 'INVALID_KEY', '"key" expected 24 bytes, got 25');
  const key = p.TokenCipher.fromBytes(new TextEncoder().encode(KEY_TEXT));
  assert.equal(cipher.decrypt(key.encrypt('same key')), 'same key');
  key.free();
});

test('edge: fields and PINs of 1,024 characters are examined, of 1,025 are not', () => {
  assert.deepEqual(p.validateResetPin({ ...RESET, customerId: 'c'.repeat(1024) }).errors,
    [{ field: 'customerId', code: 'TOO_LONG', message: 'expected at most 20 characters, got 1024' }]);
  assert.deepEqual(fieldCodes(p.validateResetPin({ ...RESET, bankId: '1x'.repeat(512) })), ['bankId:NOT_DIGITS']);
  assert.deepEqual(fieldCodes(p.validateResetPin({ ...RESET, bankId: '1x'.repeat(512) + '1' })), ['bankId:TOO_LONG']);
  assert.deepEqual(p.pinStrength('7'.repeat(1024)).reasons, ['PIN_LENGTH', 'PIN_REPEATED']);
  assert.deepEqual(p.pinStrength('7'.repeat(1025)).reasons, ['PIN_LENGTH']);
  assert.deepEqual(fieldCodes(p.validatePin('7'.repeat(1025), { policy: { length: { min: 4, max: 6 } } })), ['pin:PIN_LENGTH']);
  assert.equal(p.validatePin('7'.repeat(1025), { policy: { length: { min: 4, max: 6 } } }).errors[0].message, 'expected 4 to 6 digits, got 1025');
});

test('edge: a SET_PIN response text of 1 MiB is parsed; one unit more is refused unread', () => {
  const shell = JSON.stringify({ set_pin_status: 'SUCCESS', set_pin_status_description: '' }).length;
  const text = JSON.stringify({ set_pin_status: 'SUCCESS', set_pin_status_description: ' '.repeat(MiB - shell) });
  assert.equal(text.length, MiB);
  assertThrows(thrown(() => p.parseSetPinResponse(text)), 'INVALID_RESPONSE');
  assert.notEqual(thrown(() => p.parseSetPinResponse(text)).message, `invalid response: expected at most ${MiB} characters of JSON, got ${MiB}`);
  assertThrows(thrown(() => p.parseSetPinResponse(`${text} `)), 'INVALID_RESPONSE', `invalid response: expected at most ${MiB} characters of JSON, got ${MiB + 1}`);
});

// Typed arrays are measured by the engine's own length, so a lying `length` neither bypasses the
// limit nor traps the copy.
test('hostile: a Uint8Array subclass whose length getter lies is measured by its real length', () => {
  class Lying extends Uint8Array { get length() { return 24; } }
  assertThrows(measured(() => p.TokenCipher.fromBytes(new Lying(4000))).error, 'INVALID_KEY', '"key" expected 24 bytes, got 4000');
  class Huge extends Uint8Array { get length() { return 2 ** 32 - 1; } }
  const key = p.TokenCipher.fromBytes(new Huge(new TextEncoder().encode(KEY_TEXT)));
  assert.equal(cipher.decrypt(key.encrypt('real length')), 'real length');
  key.free();
  assertThrows(measured(() => p.TokenCipher.fromBytes(new Proxy(new Uint8Array(24), {}))).error, 'INVALID_INPUT');
});

function thrown(call) {
  try { call(); } catch (e) { return e; }
  return null;
}
