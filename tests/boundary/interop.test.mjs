// Interop with an implementation we did not write: Node's crypto (OpenSSL), both directions,
// both IV modes, every plaintext length from 0 to 1000, bytes and UTF-8 text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as pinseal from '../../pkg/pinseal.js';

pinseal.initSync({ module: readFileSync(new URL('../../pkg/pinseal_bg.wasm', import.meta.url)) });
const key = randomBytes(24);
const fixedIv = randomBytes(16);
const random = pinseal.TokenCipher.fromBytes(new Uint8Array(key));
const fixed = pinseal.TokenCipher.fromHex(key.toString('hex'), { iv: fixedIv.toString('hex') });

const nodeEncrypt = (iv, plain) => {
  const c = createCipheriv('aes-192-cbc', key, iv);
  return Buffer.concat([c.update(plain), c.final()]);
};
const nodeDecrypt = (iv, ct) => {
  const d = createDecipheriv('aes-192-cbc', key, iv);
  return Buffer.concat([d.update(ct), d.final()]);
};

test('pinseal -> node:crypto and back, lengths 0..1000, random and fixed IV', () => {
  for (let len = 0; len <= 1000; len++) {
    const plain = randomBytes(len);
    // random IV: token = base64(IV || ciphertext)
    const raw = Buffer.from(random.encryptBytes(new Uint8Array(plain)), 'base64');
    assert.deepEqual(nodeDecrypt(raw.subarray(0, 16), raw.subarray(16)), plain, `random IV, length ${len}`);
    // fixed IV: token = base64(ciphertext), identical to node's
    const token = fixed.encryptBytes(new Uint8Array(plain));
    assert.equal(token, nodeEncrypt(fixedIv, plain).toString('base64'), `fixed IV, length ${len}`);
    // node -> pinseal
    const iv = randomBytes(16);
    const ct = nodeEncrypt(iv, plain);
    assert.deepEqual(Buffer.from(random.decryptBytes(Buffer.concat([iv, ct]).toString('base64'))), plain, `node -> random, length ${len}`);
    assert.deepEqual(Buffer.from(fixed.decryptBytes(nodeEncrypt(fixedIv, plain).toString('base64'))), plain, `node -> fixed, length ${len}`);
  }
});

test('UTF-8 text and JSON interoperate with node:crypto', () => {
  const texts = ['', 'a', 'é', '東京', '😀 emoji', 'x'.repeat(1000), '{"newPIN":"5829","note":"Łódź"}'];
  for (const text of texts) {
    const raw = Buffer.from(random.encrypt(text), 'base64');
    assert.equal(nodeDecrypt(raw.subarray(0, 16), raw.subarray(16)).toString('utf8'), text);
    const iv = randomBytes(16);
    const token = Buffer.concat([iv, nodeEncrypt(iv, Buffer.from(text, 'utf8'))]).toString('base64');
    assert.equal(random.decrypt(token), text);
  }
  const value = { b: 1, a: [true, null, 'x'], 'ü': { n: -1.5e-7 } };
  const raw = Buffer.from(random.encryptJson(value), 'base64');
  const json = nodeDecrypt(raw.subarray(0, 16), raw.subarray(16)).toString('utf8');
  assert.equal(json, JSON.stringify(value), 'compact, caller key order, JSON.stringify number text');
});
