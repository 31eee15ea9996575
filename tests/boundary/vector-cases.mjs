// The 72 Wycheproof AES-192-CBC/PKCS#7 vectors (tests/vectors/, provenance in its README)
// through the shipped package: the release module, with the engine built as it ships (opt-level,
// wasm-opt, the JavaScriptCore mark). The Rust tests run the same vectors in the debug test build
// and natively; these run in Node (node.test.mjs) and in Chromium, Firefox and WebKit
// (browser.test.mjs, page.html), so the engine every user receives is tested against them too.
//
// Every case checks bytes, not only an error:
//   valid        encryptBytes(msg) with the vector's IV is exactly base64(ct); decryptBytes of it
//                gives msg back;
//   BadPadding   decryptBytes(ct) is DECRYPT_FAILED with the one fixed message; then ct with one
//                full padding block appended (the token of the empty plaintext under an IV equal
//                to ct's last block) opens to ct's raw decryption, which starts with msg;
//   NoPadding    (the empty ciphertext) MALFORMED_TOKEN.

const DECRYPT_FAILED_MESSAGE = 'token could not be decrypted';

const hex = (text) => Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
const b64 = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const show = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function fail(what) {
  throw new Error(what);
}

function sameBytes(got, want, what) {
  if (show(got) !== show(want)) fail(`${what}: got ${show(got)}, want ${show(want)}`);
}

function expectCode(call, code, what) {
  try {
    call();
  } catch (e) {
    if (e?.name !== 'PinsealError' || e.code !== code) fail(`${what}: threw ${e?.name} ${e?.code}, want ${code}`);
    return e;
  }
  return fail(`${what}: returned, want ${code}`);
}

/**
 * One case per vector, `{ name, run }` as in cases.mjs.
 * @param pinseal the package's exports, initialised
 * @param file the parsed tests/vectors/wycheproof_aes192_cbc_pkcs5.json
 */
export function vectorCases(pinseal, file) {
  const { TokenCipher } = pinseal;
  const tests = file.testGroups.flatMap((g) => g.tests);
  const out = [{
    name: 'Wycheproof: 72 vectors (24 valid, 47 bad padding, 1 empty)',
    run() {
      const count = (pred) => tests.filter(pred).length;
      const got = [tests.length, count((t) => t.result === 'valid'), count((t) => t.flags.includes('BadPadding')),
        count((t) => t.result !== 'valid' && t.flags.includes('NoPadding'))];
      if (got.join() !== '72,24,47,1') fail(`counts ${got.join()}`);
    },
  }];
  for (const t of tests) {
    const key = hex(t.key);
    const iv = hex(t.iv);
    const msg = hex(t.msg);
    const ct = hex(t.ct);
    const name = `Wycheproof tcId ${t.tcId} (${t.result}, ${t.comment || t.flags.join(' ')})`;
    const withCipher = (ivBytes, f) => {
      const c = TokenCipher.fromBytes(key, { iv: ivBytes });
      try { return f(c); } finally { c.free(); }
    };
    let run;
    if (t.result === 'valid') {
      run = () => withCipher(iv, (c) => {
        const token = c.encryptBytes(msg);
        sameBytes(unb64(token), ct, 'ciphertext');
        sameBytes(c.decryptBytes(token), msg, 'plaintext');
      });
    } else if (t.flags.includes('BadPadding')) {
      run = () => {
        const e = withCipher(iv, (c) => expectCode(() => c.decryptBytes(b64(ct)), 'DECRYPT_FAILED', 'ct'));
        if (e.message !== DECRYPT_FAILED_MESSAGE) fail(`message "${e.message}" varies`);
        const full = unb64(withCipher(ct.subarray(ct.length - 16), (c) => c.encryptBytes(new Uint8Array(0))));
        if (full.length !== 16) fail(`the empty plaintext's token is ${full.length} bytes`);
        const raw = withCipher(iv, (c) => c.decryptBytes(b64(Uint8Array.of(...ct, ...full))));
        if (raw.length !== ct.length) fail(`raw decryption is ${raw.length} bytes, want ${ct.length}`);
        sameBytes(raw.subarray(0, msg.length), msg, 'raw decryption starts with msg');
      };
    } else {
      run = () => withCipher(iv, (c) => expectCode(() => c.decryptBytes(b64(ct)), 'MALFORMED_TOKEN', 'empty ct'));
    }
    out.push({ name, run });
  }
  return out;
}
