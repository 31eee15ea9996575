// Benchmark cases shared by Node and Chromium. Each case runs every implementation on the same
// input; rounds interleave the implementations so machine noise hits them alike.

export const RESET_JSON = '{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"requestDateTime":"20221116122653","clientTxnId":"INq_JM2FOW=SIevkR8tgL","secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"1212","last4Digits":"8172","urn":"402","customerId":"QVdzHtZsuG"}';
export const RESET_INPUT = {
  clientId: 'WibmoClient', secureCode: 'AfZtpO5krtySIhXyNmGg1G', bankId: 2010, customerId: 'QVdzHtZsuG',
  last4Digits: '8172', urn: '402', newPIN: '5829',
};
const KEY = new Uint8Array([...'0123456789abcdefghijklmn'].map((c) => c.charCodeAt(0)));
const enc = new TextEncoder();
const dec = new TextDecoder();

// base64 for the peers that have none (noble returns bytes): the platform's own, no library.
const b64encode = typeof Buffer !== 'undefined'
  ? (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('base64')
  : (u8) => { let s = ''; for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000)); return btoa(s); };
const b64decode = typeof Buffer !== 'undefined'
  ? (s) => new Uint8Array(Buffer.from(s, 'base64'))
  : (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const randomIv = () => crypto.getRandomValues(new Uint8Array(16));
const concat = (a, b) => { const out = new Uint8Array(a.length + b.length); out.set(a); out.set(b, a.length); return out; };

/**
 * Builds the implementations. `peers` = { noble: { cbc }, CryptoJS, nodeCrypto? }.
 * Every token is base64(IV || ciphertext), random IV, as pinseal's default.
 */
export function implementations(pinseal, peers) {
  const { cbc } = peers.noble;
  const { CryptoJS, nodeCrypto } = peers;
  const cipher = pinseal.TokenCipher.fromBytes(KEY);
  const cjsKey = CryptoJS.lib.WordArray.create(KEY); // 24-byte WordArray: AES-192, not passphrase mode
  const u8ToWords = (u8) => CryptoJS.lib.WordArray.create(u8);
  const wordsToU8 = (wa) => { const out = new Uint8Array(wa.sigBytes); for (let i = 0; i < wa.sigBytes; i++) out[i] = (wa.words[i >>> 2] >>> (24 - (i % 4) * 8)) & 0xff; return out; };

  const impl = {
    pinseal: {
      encrypt: (text) => cipher.encrypt(text),
      decrypt: (token) => cipher.decrypt(token),
      encryptPerKey: (text) => { const c = pinseal.TokenCipher.fromBytes(KEY); const t = c.encrypt(text); c.free(); return t; },
      decryptPerKey: (token) => { const c = pinseal.TokenCipher.fromBytes(KEY); const t = c.decrypt(token); c.free(); return t; },
      encryptBytes: (u8) => cipher.encryptBytes(u8),
      decryptBytes: (token) => cipher.decryptBytes(token),
      seal: () => pinseal.sealResetPin(RESET_INPUT, cipher).token,
    },
    noble: {
      encrypt: (text) => { const iv = randomIv(); return b64encode(concat(iv, cbc(KEY, iv).encrypt(enc.encode(text)))); },
      decrypt: (token) => { const raw = b64decode(token); return dec.decode(cbc(KEY, raw.subarray(0, 16)).decrypt(raw.subarray(16))); },
      encryptBytes: (u8) => { const iv = randomIv(); return b64encode(concat(iv, cbc(KEY, iv).encrypt(u8))); },
      decryptBytes: (token) => { const raw = b64decode(token); return cbc(KEY, raw.subarray(0, 16)).decrypt(raw.subarray(16)); },
    },
    'crypto-js': {
      encrypt: (text) => {
        const iv = CryptoJS.lib.WordArray.random(16);
        const ct = CryptoJS.AES.encrypt(text, cjsKey, { iv, mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.Pkcs7 }).ciphertext;
        return iv.clone().concat(ct).toString(CryptoJS.enc.Base64);
      },
      decrypt: (token) => {
        const raw = CryptoJS.enc.Base64.parse(token);
        const iv = CryptoJS.lib.WordArray.create(raw.words.slice(0, 4), 16);
        const ct = CryptoJS.lib.WordArray.create(raw.words.slice(4), raw.sigBytes - 16);
        return CryptoJS.AES.decrypt({ ciphertext: ct }, cjsKey, { iv, mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.Pkcs7 }).toString(CryptoJS.enc.Utf8);
      },
      encryptBytes: (u8) => {
        const iv = CryptoJS.lib.WordArray.random(16);
        const ct = CryptoJS.AES.encrypt(u8ToWords(u8), cjsKey, { iv, mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.Pkcs7 }).ciphertext;
        return iv.clone().concat(ct).toString(CryptoJS.enc.Base64);
      },
      decryptBytes: (token) => {
        const raw = CryptoJS.enc.Base64.parse(token);
        const iv = CryptoJS.lib.WordArray.create(raw.words.slice(0, 4), 16);
        const ct = CryptoJS.lib.WordArray.create(raw.words.slice(4), raw.sigBytes - 16);
        return wordsToU8(CryptoJS.AES.decrypt({ ciphertext: ct }, cjsKey, { iv, mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.Pkcs7 }));
      },
    },
  };
  if (nodeCrypto) {
    const { createCipheriv, createDecipheriv, randomBytes } = nodeCrypto;
    const key = Buffer.from(KEY);
    const nodeEnc = (data) => { const iv = randomBytes(16); const c = createCipheriv('aes-192-cbc', key, iv); return Buffer.concat([iv, c.update(data), c.final()]).toString('base64'); };
    const nodeDec = (token) => { const raw = Buffer.from(token, 'base64'); const d = createDecipheriv('aes-192-cbc', key, raw.subarray(0, 16)); return Buffer.concat([d.update(raw.subarray(16)), d.final()]); };
    impl['node:crypto'] = {
      encrypt: (text) => nodeEnc(Buffer.from(text, 'utf8')),
      decrypt: (token) => nodeDec(token).toString('utf8'),
      encryptBytes: (u8) => nodeEnc(u8),
      decryptBytes: (token) => new Uint8Array(nodeDec(token)),
    };
  }
  // Cross-check: every implementation opens every other's tokens (same key, same format).
  for (const [a, ia] of Object.entries(impl)) {
    for (const [b, ib] of Object.entries(impl)) {
      if (ib.decrypt(ia.encrypt(RESET_JSON)) !== RESET_JSON) throw new Error(`${b} cannot open ${a}'s token`);
    }
  }
  return impl;
}

/** Runs `fn` for about `ms` milliseconds (after a warm-up); returns calls per second. */
function rate(fn, ms) {
  for (let i = 0; i < 20; i++) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 10; i++) fn();
    n += 10;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** All measurements: { case: { impl: { median, samples, unit } } }. */
export function measure(impl, { rounds = 5, ms = 200, bulkMs = 400 } = {}) {
  const names = Object.keys(impl);
  const tokenOf = Object.fromEntries(names.map((n) => [n, impl[n].encrypt(RESET_JSON)]));
  const sizes = { '64 KiB': 64 * 1024, '1 MiB': (1 << 20) - 32 }; // 1 MiB token limit: IV + padding fit
  const bulk = Object.fromEntries(Object.entries(sizes).map(([k, n]) => [k, crypto.getRandomValues ? fill(n) : new Uint8Array(n)]));
  const bulkTokens = Object.fromEntries(Object.entries(bulk).map(([k, u8]) => [k, Object.fromEntries(names.map((n) => [n, impl[n].encryptBytes(u8)]))]));
  const cases = [
    ['token encrypt (key once)', 'ops/s', (n) => impl[n].encrypt && (() => impl[n].encrypt(RESET_JSON))],
    ['token decrypt (key once)', 'ops/s', (n) => impl[n].decrypt && (() => impl[n].decrypt(tokenOf[n]))],
    ['token encrypt (key per call)', 'ops/s', (n) => (impl[n].encryptPerKey ?? impl[n].encrypt) && (() => (impl[n].encryptPerKey ?? impl[n].encrypt)(RESET_JSON))],
    ['token decrypt (key per call)', 'ops/s', (n) => (impl[n].decryptPerKey ?? impl[n].decrypt) && (() => (impl[n].decryptPerKey ?? impl[n].decrypt)(tokenOf[n]))],
    ['sealResetPin vs bare encrypt', 'ops/s', (n) => (n === 'pinseal' ? () => impl.pinseal.seal() : () => impl[n].encrypt(RESET_JSON))],
    ...Object.keys(sizes).flatMap((k) => [
      [`bulk encrypt ${k}`, 'MB/s', (n) => () => impl[n].encryptBytes(bulk[k]), sizes[k]],
      [`bulk decrypt ${k}`, 'MB/s', (n) => () => impl[n].decryptBytes(bulkTokens[k][n]), sizes[k]],
    ]),
  ];
  const out = {};
  for (const [name, unit, make, bytes] of cases) {
    out[name] = {};
    const fns = Object.fromEntries(names.map((n) => [n, make(n)]));
    for (let r = 0; r < rounds; r++) {
      // Interleave, and rotate who goes first each round.
      const order = names.map((_, i) => names[(i + r) % names.length]);
      for (const n of order) {
        const per = rate(fns[n], bytes ? bulkMs : ms);
        const value = bytes ? (per * bytes) / 1e6 : per;
        (out[name][n] ??= { unit, samples: [] }).samples.push(value);
      }
    }
    for (const n of names) out[name][n].median = median(out[name][n].samples);
  }
  return out;
}

function fill(n) {
  const u8 = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(u8.subarray(i, Math.min(n, i + 65536)));
  return u8;
}
