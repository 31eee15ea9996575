// Hostile values through the JS boundary: deep nesting, huge strings, prototype-polluting keys,
// lone surrogates, numbers out of range, getters and proxies that throw, foreign typed arrays,
// detached buffers. Each call returns or throws a PinsealError with a stable code, within a time
// bound, and the same instance keeps working; Object.prototype is never touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as p from '../../pkg/pinseal.js';

p.initSync({ module: readFileSync(new URL('../../pkg/pinseal_bg.wasm', import.meta.url)) });
const cipher = p.TokenCipher.fromText('0123456789abcdefghijklmn');
const RESET = {
  clientId: 'WibmoClient', secureCode: 'AfZtpO5krtySIhXyNmGg1G', bankId: 2010, customerId: 'QVdzHtZsuG',
  last4Digits: '8172', urn: '402', newPIN: '5829',
};

const deep = (n, leaf = 1) => { let v = leaf; for (let i = 0; i < n; i++) v = { a: v }; return v; };
const deepArray = (n) => { let v = []; for (let i = 0; i < n; i++) v = [v]; return v; };
const throwingGetter = (base) => Object.defineProperty({ ...base }, 'clientId', { enumerable: true, get() { throw new Error('boom'); } });
const throwingProxy = () => new Proxy({}, {
  get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); },
  getPrototypeOf() { throw new Error('trap'); }, getOwnPropertyDescriptor() { throw new Error('trap'); },
});
const detached = () => { const u = new Uint8Array(24); structuredClone(u.buffer, { transfer: [u.buffer] }); return u; };
const big = 'x'.repeat(10 * 1024 * 1024);
const fieldCodes = (report) => report.errors.map((e) => `${e.field}:${e.code}`);

// [name, call, expected]: expected is a PinsealError code, or a function checking the result.
const CASES = [
  ['encryptJson: 10,000 levels of objects', () => cipher.encryptJson(deep(10_000)), 'INVALID_INPUT'],
  ['encryptJson: 10,000 levels of arrays', () => cipher.encryptJson(deepArray(10_000)), 'INVALID_INPUT'],
  ['encryptJson: 128 levels is fine', () => cipher.encryptJson(deep(127)), (t) => assert.equal(typeof t, 'string')],
  // An object in a text field is a field error naming the field (SPEC §7), however deep.
  ['validateResetPin: a field 10,000 levels deep', () => p.validateResetPin({ ...RESET, clientId: deep(10_000) }), (r) => assert.deepEqual(fieldCodes(r), ['clientId:INVALID_VALUE'])],
  ['buildResetPinRequest: a field 10,000 levels deep', () => p.buildResetPinRequest({ ...RESET, clientId: deep(10_000) }), 'VALIDATION_FAILED'],
  ['decryptJson: a token of JSON nested 10,000 deep', () => cipher.decryptJson(cipher.encrypt('['.repeat(10_000) + ']'.repeat(10_000))), (v) => assert.ok(Array.isArray(v))],
  ['openResetPinResponse: a response nested 10,000 deep', () => p.openResetPinResponse(cipher.encrypt('['.repeat(10_000) + ']'.repeat(10_000)), cipher), 'DECRYPT_FAILED'],
  // Sealing refuses what opening would refuse (SPEC §2): every token pinseal makes, it can open.
  ['encrypt: a 10 MB string', () => cipher.encrypt(big), 'TOKEN_TOO_LARGE'],
  ['encrypt: 1 MiB - 32 bytes seals and opens', () => cipher.decrypt(cipher.encrypt('y'.repeat((1 << 20) - 32))), (t) => assert.equal(t.length, (1 << 20) - 32)],
  ['encrypt: 1 MiB - 16 bytes makes a token 16 bytes over', () => cipher.encrypt('y'.repeat((1 << 20) - 16)), 'TOKEN_TOO_LARGE'],
  ['decrypt: a 10 MB token', () => cipher.decrypt(Buffer.alloc(10 * 1024 * 1024 + 16, 7).toString('base64')), 'TOKEN_TOO_LARGE'],
  ['decrypt: 10 MB of garbage', () => cipher.decrypt(big), 'TOKEN_TOO_LARGE'],
  // Longer than any token text (2,796,208 characters): refused by length before it is read.
  ['decrypt: 10 MB of "!"', () => cipher.decrypt('!'.repeat(10 * 1024 * 1024)), 'TOKEN_TOO_LARGE'],
  // Within that length: read, and refused for what it holds.
  ['decrypt: 2 MB of "!"', () => cipher.decrypt('!'.repeat(2 * 1024 * 1024)), 'MALFORMED_TOKEN'],
  ['validateResetPin: a 10 MB clientId', () => p.validateResetPin({ ...RESET, clientId: big }), (r) => assert.deepEqual(fieldCodes(r), ['clientId:TOO_LONG'])],
  // Longer than 1,024 characters: judged by its length alone (SPEC §2, "Limits before work").
  ['pinStrength: a 10 MB PIN', () => p.pinStrength('7'.repeat(10 * 1024 * 1024)), (s) => assert.deepEqual(s.reasons, ['PIN_LENGTH'])],
  ['pinStrength: a 1,024-digit PIN', () => p.pinStrength('7'.repeat(1024)), (s) => assert.deepEqual(s.reasons, ['PIN_LENGTH', 'PIN_REPEATED'])],
  ['TokenCipher.fromHex: a 10 MB key', () => p.TokenCipher.fromHex('ab'.repeat(5 * 1024 * 1024)), 'INVALID_KEY'],
  ['TokenCipher.fromBase64: a 10 MB key', () => p.TokenCipher.fromBase64(big), 'INVALID_KEY'],
  ['parseSetPinResponse: a 10 MB description', () => p.parseSetPinResponse({ set_pin_status: 'ERROR', set_pin_status_description: big }), 'INVALID_RESPONSE'],
  ['validateResetPin: __proto__ as an own key', () => p.validateResetPin(JSON.parse(`{"__proto__":{"polluted":1},"clientId":"WibmoClient"}`)),
    (r) => assert.ok(fieldCodes(r).includes('__proto__:UNKNOWN_FIELD'))],
  ['validateSetPin: constructor and prototype keys', () => p.validateSetPin({ constructor: { prototype: { polluted: 1 } }, prototype: 1 }),
    (r) => assert.ok(fieldCodes(r).includes('constructor:UNKNOWN_FIELD') && fieldCodes(r).includes('prototype:UNKNOWN_FIELD'))],
  ['encryptJson/decryptJson: __proto__ stays an own property', () => cipher.decryptJson(cipher.encryptJson(JSON.parse('{"__proto__":{"polluted":1}}'))),
    (v) => { assert.ok(Object.hasOwn(v, '__proto__')); assert.equal(Object.getPrototypeOf(v), Object.prototype); }],
  ['buildResetPinRequest: options with __proto__', () => p.buildResetPinRequest(RESET, JSON.parse('{"__proto__":{"pinPolicy":"basic"}}')), 'INVALID_INPUT'],
  ['validatePin: policy with __proto__', () => p.validatePin('5829', { policy: JSON.parse('{"__proto__":{"common":false}}') }), 'INVALID_INPUT'],
  ['validateResetPin: a lone surrogate in clientId', () => p.validateResetPin({ ...RESET, clientId: '\uD800' }), 'INVALID_INPUT'],
  ['validateSetPin: a lone surrogate in identity', () => p.validateSetPin({ identity: 'a\uDC00b' }), 'INVALID_INPUT'],
  ['encryptJson: a lone surrogate', () => cipher.decryptJson(cipher.encryptJson({ s: '\uD800' })), (v) => assert.equal(v.s, '\uFFFD')],
  ['pinStrength: lone surrogates', () => p.pinStrength('\uD800\uD800\uD800\uD800'), (s) => assert.deepEqual(s.reasons, ['PIN_NOT_DIGITS'])],
  ['validateResetPin: bankId 1e308', () => p.validateResetPin({ ...RESET, bankId: 1e308 }), (r) => assert.deepEqual(fieldCodes(r), ['bankId:NOT_DIGITS'])],
  ['validateResetPin: bankId 2**53 + 1', () => p.validateResetPin({ ...RESET, bankId: 2 ** 53 + 1 }), (r) => assert.deepEqual(fieldCodes(r), ['bankId:TOO_LONG'])],
  ['validateResetPin: bankId -1, urn Infinity, entityId NaN', () => p.validateResetPin({ ...RESET, bankId: -1, urn: Infinity, entityId: NaN }),
    (r) => assert.deepEqual(fieldCodes(r), ['bankId:NOT_DIGITS', 'entityId:NOT_DIGITS', 'urn:NOT_DIGITS'])],
  ['validateResetPin: bankId -0 reads as 0', () => p.validateResetPin({ ...RESET, bankId: -0 }), (r) => assert.equal(r.valid, true)],
  ['validateResetPin: bankId 5e-324', () => p.validateResetPin({ ...RESET, bankId: 5e-324 }), (r) => assert.deepEqual(fieldCodes(r), ['bankId:NOT_DIGITS'])],
  ['encryptJson: -0, 1e308, 2**53+1, 5e-324', () => cipher.decrypt(cipher.encryptJson([-0, 1e308, 2 ** 53 + 1, 5e-324])), (t) => assert.equal(t, '[0,1e+308,9007199254740992,5e-324]')],
  ['validatePin: policy length 1e308', () => p.validatePin('5829', { policy: { length: 1e308 } }), 'INVALID_INPUT'],
  ['validatePin: policy length 4.5', () => p.validatePin('5829', { policy: { length: 4.5 } }), 'INVALID_INPUT'],
  ['validatePin: policy length -4', () => p.validatePin('5829', { policy: { length: -4 } }), 'INVALID_INPUT'],
  ['validateResetPin: a getter that throws', () => p.validateResetPin(throwingGetter(RESET)), 'INVALID_INPUT'],
  ['sealResetPin: options with a getter that throws', () => p.sealResetPin(RESET, cipher, Object.defineProperty({}, 'now', { enumerable: true, get() { throw new Error('boom'); } })), 'INVALID_INPUT'],
  ['encryptJson: a getter that throws', () => cipher.encryptJson(Object.defineProperty({}, 'a', { enumerable: true, get() { throw new Error('boom'); } })), 'INVALID_INPUT'],
  ['openResetPinResponse: expect with a getter that throws', () => p.openResetPinResponse('x', cipher, Object.defineProperty({}, 'clientTxnId', { enumerable: true, get() { throw new Error('boom'); } })), 'INVALID_INPUT'],
  ['validateResetPin: a proxy whose traps throw', () => p.validateResetPin(throwingProxy()), 'INVALID_INPUT'],
  ['encryptJson: a proxy whose traps throw', () => cipher.encryptJson(throwingProxy()), 'INVALID_INPUT'],
  ['sealResetPin: a proxy as the cipher', () => p.sealResetPin(RESET, throwingProxy()), 'INVALID_INPUT'],
  ['sealResetPin: a forged cipher object', () => p.sealResetPin(RESET, { __pinsealHandle: 999_999 }), 'INVALID_INPUT'],
  ['parseSetPinResponse: a proxy', () => p.parseSetPinResponse(throwingProxy()), 'INVALID_RESPONSE'],
  ['validateResetPin: a frozen object', () => p.validateResetPin(Object.freeze({ ...RESET })), (r) => assert.equal(r.valid, true)],
  ['validateResetPin: Object.create(null)', () => p.validateResetPin(Object.assign(Object.create(null), RESET)), (r) => assert.equal(r.valid, true)],
  ['validateResetPin: a class instance', () => p.validateResetPin(new (class Input { constructor() { Object.assign(this, RESET); } })()), 'INVALID_INPUT'],
  // Only strings are text (SPEC §7): a Date is a field error, never its String() form.
  ['validateResetPin: a Date field', () => p.validateResetPin({ ...RESET, clientId: new Date(0) }), (r) => assert.deepEqual(fieldCodes(r), ['clientId:INVALID_VALUE'])],
  ['TokenCipher.fromBytes: a Uint16Array', () => p.TokenCipher.fromBytes(new Uint16Array(12)), 'INVALID_INPUT'],
  ['TokenCipher.fromBytes: an Int8Array', () => p.TokenCipher.fromBytes(new Int8Array(24)), 'INVALID_INPUT'],
  ['TokenCipher.fromBytes: an ArrayBuffer', () => p.TokenCipher.fromBytes(new ArrayBuffer(24)), 'INVALID_INPUT'],
  ['TokenCipher.fromBytes: a DataView', () => p.TokenCipher.fromBytes(new DataView(new ArrayBuffer(24))), 'INVALID_INPUT'],
  ['TokenCipher.fromBytes: a detached Uint8Array', () => p.TokenCipher.fromBytes(detached()), 'INVALID_KEY'],
  ['TokenCipher.fromBytes: a Buffer (a Uint8Array)', () => p.TokenCipher.fromBytes(Buffer.from('0123456789abcdefghijklmn')), (c) => { assert.equal(c.decrypt(cipher.encrypt('ok')), 'ok'); c.free(); }],
  ['TokenCipher.fromText: iv as a Float64Array', () => p.TokenCipher.fromText('0123456789abcdefghijklmn', { iv: new Float64Array(2) }), 'INVALID_INPUT'],
  ['TokenCipher.fromText: iv as a detached Uint8Array', () => p.TokenCipher.fromText('0123456789abcdefghijklmn', { iv: detached() }), 'INVALID_IV'],
  ['encryptBytes: a detached Uint8Array', () => cipher.decryptBytes(cipher.encryptBytes(detached())), (b) => assert.equal(b.length, 0)],
  ['encryptBytes: a subarray view', () => cipher.decryptBytes(cipher.encryptBytes(new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4))), (b) => assert.deepEqual([...b], [1, 2, 3])],
];

for (const [name, call, expected] of CASES) {
  test(name, { timeout: 20_000 }, () => {
    const started = performance.now();
    let result; let error = null;
    try { result = call(); } catch (e) { error = e; }
    if (typeof expected === 'string') {
      assert.ok(error, `expected ${expected}, returned ${String(result).slice(0, 80)}`);
      assert.equal(error.name, 'PinsealError', String(error.stack));
      assert.equal(error.code, expected, error.message);
    } else {
      assert.equal(error, null, error && `${error.name} ${error.code}: ${error.message}`);
      expected(result);
    }
    assert.ok(performance.now() - started < 15_000, 'took too long');
    // The same instance and cipher still work, and nothing polluted Object.prototype.
    assert.equal(cipher.decrypt(cipher.encrypt('alive')), 'alive');
    assert.equal(p.validateResetPin(RESET).valid, true);
    assert.deepEqual(Object.keys(Object.prototype), []);
    assert.equal(({}).polluted, undefined);
  });
}
