// Every export of the package, every argument position, each hostile value of the issue:
// null, undefined, NaN, [], {}, 1n, "x", new Set(). Each cell names the outcome: a PinsealError
// code, or "ok" where the value is legitimate there. After every call the same module instance
// and the same TokenCipher must still work (no trap). Runs in Node and in Chromium.

export const HOSTILE = [
  ['null', () => null], ['undefined', () => undefined], ['NaN', () => NaN], ['[]', () => []],
  ['{}', () => ({})], ['1n', () => 1n], ['"x"', () => 'x'], ['new Set()', () => new Set()],
];

// A key and one valid input of each family: also the base of tests/boundary/oversize.test.mjs
// and bench/oversize.mjs.
export const KEY_TEXT = '0123456789abcdefghijklmn';
export const RESET = {
  clientId: 'WibmoClient', secureCode: 'AfZtpO5krtySIhXyNmGg1G', bankId: 2010, customerId: 'QVdzHtZsuG',
  last4Digits: '8172', urn: '402', newPIN: '5829', clientTxnId: 'txn-boundary-1', requestDateTime: '20221116122653',
};
export const SETPIN = {
  identifier: '+4915112345678', pin: '5829', newPin: '4826', deviceIdentifierType: 'IMSI',
  deviceIdentifier: '2620112345678901', identityType: 'NATIONAL_ID', identity: 'L01X00T47',
};
const EXPECTED_SAMPLE = '{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"requestDateTime":"20221116122653","clientTxnId":"txn-boundary-1","secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"5829","last4Digits":"8172","urn":"402","customerId":"QVdzHtZsuG"}';

// Outcome per hostile value, in HOSTILE order.
const all = (code) => HOSTILE.map(() => code);
const row = (spec) => HOSTILE.map(([name]) => spec[name] ?? spec.other);
const OPTIONAL_OBJECT = row({ null: 'ok', undefined: 'ok', '{}': 'ok', other: 'INVALID_INPUT' });

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// The tests' own base64 (btoa/atob: in every engine, and not what the package uses where the
// engine has Uint8Array.prototype.toBase64 or Node's Buffer).
const b64 = (bytes) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

function fail(message) { throw new Error(message); }
function eq(got, want, what) {
  if (!Object.is(got, want)) fail(`${what}: expected ${String(want)}, got ${String(got)}`);
}

export function cases(pinseal) {
  const { TokenCipher } = pinseal;
  const cipher = TokenCipher.fromText(KEY_TEXT);
  const responseToken = cipher.encryptJson({ responseCode: '00', clientTxnId: 'txn-boundary-1' });
  const healthy = () => {
    eq(cipher.decrypt(cipher.encrypt('still alive')), 'still alive', 'cipher after the call');
    eq(pinseal.validateResetPin(RESET).valid, true, 'module after the call');
  };
  // [export name, argument count, call(args), outcome rows per argument position]
  const table = [
    ['TokenCipher.fromBytes', [() => new TextEncoder().encode(KEY_TEXT), () => undefined],
      (a) => TokenCipher.fromBytes(...a), [all('INVALID_INPUT'), OPTIONAL_OBJECT]],
    ['TokenCipher.fromHex', [() => '303132333435363738396162636465666768696a6b6c6d6e', () => undefined],
      (a) => TokenCipher.fromHex(...a), [row({ '"x"': 'INVALID_KEY', other: 'INVALID_INPUT' }), OPTIONAL_OBJECT]],
    ['TokenCipher.fromBase64', [() => 'MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u', () => undefined],
      (a) => TokenCipher.fromBase64(...a), [row({ '"x"': 'INVALID_KEY', other: 'INVALID_INPUT' }), OPTIONAL_OBJECT]],
    ['TokenCipher.fromText', [() => KEY_TEXT, () => undefined],
      (a) => TokenCipher.fromText(...a), [row({ '"x"': 'INVALID_KEY', other: 'INVALID_INPUT' }), OPTIONAL_OBJECT]],
    ['cipher.encrypt', [() => 'plain'], (a) => cipher.encrypt(...a), [row({ '"x"': 'ok', other: 'INVALID_INPUT' })]],
    ['cipher.decrypt', [() => cipher.encrypt('p')], (a) => cipher.decrypt(...a),
      [row({ '"x"': 'MALFORMED_TOKEN', other: 'INVALID_INPUT' })]],
    ['cipher.encryptJson', [() => ({ a: 1 })], (a) => cipher.encryptJson(...a),
      [row({ null: 'ok', '[]': 'ok', '{}': 'ok', '"x"': 'ok', other: 'INVALID_INPUT' })]],
    ['cipher.decryptJson', [() => cipher.encrypt('{}')], (a) => cipher.decryptJson(...a),
      [row({ '"x"': 'MALFORMED_TOKEN', other: 'INVALID_INPUT' })]],
    ['cipher.encryptBytes', [() => new Uint8Array(3)], (a) => cipher.encryptBytes(...a), [all('INVALID_INPUT')]],
    ['cipher.decryptBytes', [() => cipher.encrypt('p')], (a) => cipher.decryptBytes(...a),
      [row({ '"x"': 'MALFORMED_TOKEN', other: 'INVALID_INPUT' })]],
    ['cipher.sealBytes', [() => new Uint8Array(3)], (a) => cipher.sealBytes(...a), [all('INVALID_INPUT')]],
    ['cipher.openBytes', [() => cipher.sealBytes(new Uint8Array(3))], (a) => cipher.openBytes(...a), [all('INVALID_INPUT')]],
    ['validatePin', [() => '5829', () => undefined], (a) => pinseal.validatePin(...a),
      [row({ '"x"': 'ok', other: 'INVALID_INPUT' }), OPTIONAL_OBJECT]],
    ['pinStrength', [() => '5829'], (a) => pinseal.pinStrength(...a), [row({ '"x"': 'ok', other: 'INVALID_INPUT' })]],
    ['validateResetPin', [() => RESET, () => undefined], (a) => pinseal.validateResetPin(...a),
      [row({ '{}': 'ok', other: 'INVALID_INPUT' }), OPTIONAL_OBJECT]],
    ['buildResetPinRequest', [() => RESET, () => undefined], (a) => pinseal.buildResetPinRequest(...a),
      [row({ '{}': 'VALIDATION_FAILED', other: 'INVALID_INPUT' }), OPTIONAL_OBJECT]],
    ['sealResetPin', [() => RESET, () => cipher, () => undefined], (a) => pinseal.sealResetPin(...a),
      [row({ '{}': 'VALIDATION_FAILED', other: 'INVALID_INPUT' }), all('INVALID_INPUT'), OPTIONAL_OBJECT]],
    ['openResetPinResponse', [() => ({ token: responseToken }), () => cipher, () => undefined],
      (a) => pinseal.openResetPinResponse(...a),
      [row({ '"x"': 'MALFORMED_TOKEN', '{}': 'INVALID_RESPONSE', other: 'INVALID_INPUT' }), all('INVALID_INPUT'), OPTIONAL_OBJECT]],
    ['validateSetPin', [() => SETPIN, () => undefined], (a) => pinseal.validateSetPin(...a),
      [row({ '{}': 'ok', other: 'INVALID_INPUT' }), OPTIONAL_OBJECT]],
    ['buildSetPinRequest', [() => SETPIN, () => undefined], (a) => pinseal.buildSetPinRequest(...a),
      [row({ '{}': 'VALIDATION_FAILED', other: 'INVALID_INPUT' }), OPTIONAL_OBJECT]],
    ['parseSetPinResponse', [() => ({ set_pin_status: 'SUCCESS', set_pin_status_description: 'ok' })],
      (a) => pinseal.parseSetPinResponse(...a), [all('INVALID_RESPONSE')]],
    // Called with the check's own state, so the valid call changes nothing.
    ['setEngineCheck', [() => pinseal.engineCheck().enabled], (a) => pinseal.setEngineCheck(...a), [all('INVALID_INPUT')]],
  ];

  const out = [];
  for (const [name, makeArgs, call, rows] of table) {
    out.push({
      name: `${name}: valid input works`,
      run() { call(makeArgs.map((m) => m())); healthy(); },
    });
    rows.forEach((outcomes, position) => {
      HOSTILE.forEach(([valueName, make], k) => {
        const want = outcomes[k];
        out.push({
          name: `${name}: argument ${position + 1} = ${valueName} -> ${want}`,
          run() {
            const args = makeArgs.map((m) => m());
            const value = make();
            args[position] = value;
            let error = null;
            try { call(args); } catch (e) { error = e; }
            if (want === 'ok') {
              if (error) fail(`threw ${error.name} ${error.code}: ${error.message}`);
            } else {
              if (!error) fail('did not throw');
              if (!(error instanceof Error)) fail('not an Error');
              eq(error.name, 'PinsealError', 'name');
              eq(error.code, want, 'code');
              if (want === 'VALIDATION_FAILED' && !(Array.isArray(error.errors) && error.errors.length > 0)) fail('no errors[]');
              if (want === 'INVALID_RESPONSE') eq(error.raw, value, 'raw is the body as given');
            }
            healthy();
          },
        });
      });
    });
  }

  out.push({
    name: 'buildResetPinRequest: the sample shape, byte for byte',
    run() { eq(JSON.stringify(pinseal.buildResetPinRequest(RESET)), EXPECTED_SAMPLE, 'JSON'); },
  });
  out.push({
    name: 'sealResetPin: token opens to the request, the returned request is masked',
    run() {
      const { token, request } = pinseal.sealResetPin(RESET, cipher);
      eq(cipher.decrypt(token), EXPECTED_SAMPLE, 'plaintext');
      eq(request.newPIN, '****', 'masked');
      const r = pinseal.openResetPinResponse(responseToken, cipher, { clientTxnId: 'txn-boundary-1' });
      eq(r.ok, true, 'ok'); eq(r.meaning, 'success', 'meaning');
    },
  });
  // The contract fixes (each failed before its fix) and the error class.
  const thrown = (call) => { try { call(); } catch (e) { return e; } return fail('did not throw'); };
  const fieldCodes = (report) => report.errors.map((e) => `${e.field}:${e.code}`).join(' ');
  const NOT_TEXT = [['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['a number', 42],
    ['a function', () => 'x'], ['a symbol', Symbol('x')], ['a BigInt', 1n], ['a boolean', true], ['an object', { a: 1 }]];
  for (const [what, value] of NOT_TEXT) {
    out.push({
      name: `text fields refuse ${what} with INVALID_VALUE naming the field`,
      run() {
        eq(fieldCodes(pinseal.validateResetPin({ ...RESET, clientId: value })), 'clientId:INVALID_VALUE', 'clientId');
        eq(fieldCodes(pinseal.validateResetPin({ ...RESET, secureCode: value })), 'secureCode:INVALID_VALUE', 'secureCode');
        eq(fieldCodes(pinseal.validateSetPin({ ...SETPIN, identity: value })), 'identity:INVALID_VALUE', 'identity');
        eq(fieldCodes(pinseal.validateSetPin({ ...SETPIN, identifierType: value })), 'identifierType:INVALID_VALUE', 'identifierType');
        const e = thrown(() => pinseal.buildResetPinRequest({ ...RESET, customerId: value }));
        eq(e.code, 'VALIDATION_FAILED', 'code'); eq(e.field, 'customerId', 'field');
        eq(e.errors[0].code, 'INVALID_VALUE', 'errors[0].code');
      },
    });
  }
  out.push({
    name: 'digit fields: NaN and -1 are NOT_DIGITS, a BigInt or a boolean INVALID_VALUE, 2010 and "2010" the same',
    run() {
      eq(fieldCodes(pinseal.validateResetPin({ ...RESET, bankId: NaN, urn: -1 })), 'bankId:NOT_DIGITS urn:NOT_DIGITS', 'NaN, -1');
      eq(fieldCodes(pinseal.validateResetPin({ ...RESET, bankId: 2010n, urn: true })), 'bankId:INVALID_VALUE urn:INVALID_VALUE', 'BigInt, boolean');
      eq(JSON.stringify(pinseal.buildResetPinRequest({ ...RESET, bankId: '2010' })), EXPECTED_SAMPLE, 'digit string');
    },
  });
  out.push({
    name: 'a misspelt field is UNKNOWN_FIELD with a suggestion, never ignored',
    run() {
      const r = pinseal.validateResetPin({ ...RESET, newPin: '5829', new_pin: '5829' });
      eq(fieldCodes(r), 'newPin:UNKNOWN_FIELD new_pin:UNKNOWN_FIELD', 'codes');
      eq(r.errors[0].message, 'is not a field of ResetPinInput; did you mean "newPIN"?', 'message');
      const s = pinseal.validateSetPin({ ...SETPIN, newPIN: '4826', new_pin: '4826' });
      eq(fieldCodes(s), 'newPIN:UNKNOWN_FIELD new_pin:UNKNOWN_FIELD', 'Set PIN codes');
      eq(s.errors[1].message, 'is not a field of SetPinInput; did you mean "newPin"?', 'Set PIN message');
    },
  });
  out.push({
    name: 'openResetPinResponse: urn and accosaTransactionId are numbers, accosaRefNo an exact digit string',
    run() {
      const token = cipher.encrypt('{"messageCode":"1121","clientTxnId":"t1","urn":"402","accosaTransactionId":123456789,"responseCode":"00","accosaRefNo":12345678901234567890}');
      const r = pinseal.openResetPinResponse({ token }, cipher, { clientTxnId: 't1' });
      eq(r.urn, 402, 'urn'); eq(r.accosaTransactionId, 123456789, 'accosaTransactionId');
      eq(r.accosaRefNo, '12345678901234567890', 'accosaRefNo'); eq(r.ok, true, 'ok');
      const bad = thrown(() => pinseal.openResetPinResponse(cipher.encrypt('{"responseCode":"00","urn":"40x"}'), cipher));
      eq(bad.code, 'INVALID_RESPONSE', 'a urn that is no number');
    },
  });
  out.push({
    name: 'pinStrength: strict (the default) is exactly 4 digits; a policy widens it',
    run() {
      const s = pinseal.pinStrength('38521');
      eq(s.weak, true, 'weak'); eq(s.reasons.join(), 'PIN_LENGTH', 'reasons');
      eq(pinseal.pinStrength('38521', { length: { min: 4, max: 6 } }).weak, false, 'with length 4-6');
      eq(pinseal.pinStrength('5829').weak, false, '5829');
    },
  });
  out.push({
    name: 'TokenCipher.fromHex: an odd number of characters gives INVALID_KEY with the length, never the key',
    run() {
      const key = '303132333435363738396162636465666768696a6b6c6d6';
      const e = thrown(() => TokenCipher.fromHex(key));
      eq(e.code, 'INVALID_KEY', 'code');
      if (!e.message.includes('47')) fail(`no length in "${e.message}"`);
      if (e.message.includes(key.slice(0, 8))) fail('the key is in the message');
    },
  });
  out.push({
    name: 'encryptBytes refuses a plaintext whose token decrypt would refuse (TOKEN_TOO_LARGE)',
    run() {
      eq(cipher.decryptBytes(cipher.encryptBytes(new Uint8Array((1 << 20) - 32))).length, (1 << 20) - 32, 'largest');
      eq(thrown(() => cipher.encryptBytes(new Uint8Array((1 << 20) - 16))).code, 'TOKEN_TOO_LARGE', 'one block more');
    },
  });
  out.push({
    name: 'sealBytes/openBytes: the token\'s bytes are IV ‖ ciphertext, the base64 of encryptBytes\' token; the opposite direction opens',
    run() {
      const plain = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
      const fixed = TokenCipher.fromText(KEY_TEXT, { iv: new Uint8Array(16).fill(7) });
      const sealed = fixed.sealBytes(plain);
      eq(sealed.length, 16, 'fixed IV: one block, no IV in front');
      eq(fixed.encryptBytes(plain), b64(sealed), 'encryptBytes is base64 of sealBytes');
      eq(fixed.openBytes(sealed).join(), '1,2,3', 'openBytes opens sealBytes (a subarray view sealed as just the view)');
      eq(fixed.openBytes(fromB64(fixed.encryptBytes(plain))).join(), '1,2,3', 'openBytes opens a decoded token');
      const random = cipher.sealBytes(plain);
      eq(random.length, 32, 'random IV: IV in front');
      eq(cipher.decryptBytes(b64(random)).join(), '1,2,3', 'decryptBytes opens base64 of sealBytes');
      const big = cipher.openBytes(cipher.sealBytes(new Uint8Array((1 << 20) - 17).fill(5)));
      eq(big.length, (1 << 20) - 17, 'the longest plaintext round trip');
      eq(thrown(() => cipher.sealBytes(new Uint8Array((1 << 20) - 16))).message,
        '"token" expected at most 1048576 bytes, got 1048592', 'one byte over: the token size named');
      const over = thrown(() => cipher.openBytes(new Uint8Array((1 << 20) + 16)));
      eq(`${over.code} ${over.message}`, 'TOKEN_TOO_LARGE "token" expected at most 1048576 bytes, got 1048592', 'openBytes over 1 MiB');
      const short = thrown(() => cipher.openBytes(new Uint8Array(24)));
      eq(`${short.code} ${short.message}`,
        'MALFORMED_TOKEN "token" expected a positive multiple of 16 bytes after the IV, got 8', 'openBytes of 24 bytes');
      eq(thrown(() => cipher.openBytes(new Uint8Array(32))).code, 'DECRYPT_FAILED', 'openBytes of zeros');
      eq(thrown(() => cipher.openBytes('AAAA')).message, '"token" expected a Uint8Array, got string', 'a string');
      eq(thrown(() => cipher.sealBytes([1, 2])).message, '"plaintext" expected a Uint8Array, got array', 'an array');
      eq(thrown(() => cipher.sealBytes(new Uint16Array(2))).message, '"plaintext" expected a Uint8Array, got non-plain object', 'a Uint16Array');
      const lying = new Uint8Array(4);
      Object.defineProperty(lying, 'length', { value: 1 << 30 });
      eq(cipher.openBytes(cipher.sealBytes(lying)).length, 4, 'a length property is not the length');
    },
  });
  out.push({
    name: 'token texts the platform\'s base64 would take but a token\'s rule refuses stay refused (the module decides)',
    run() {
      const fixed = TokenCipher.fromText(KEY_TEXT, { iv: new Uint8Array(16) });
      const token = fixed.encrypt('seventeen bytes!!'); // 32 bytes: 44 characters, one '='
      eq(token.length, 44, 'token length'); eq(token.at(-1), '=', 'padded');
      eq(fixed.decrypt(token), 'seventeen bytes!!', 'canonical');
      eq(fixed.decrypt(token.slice(0, -1)), 'seventeen bytes!!', 'without padding (module)');
      eq(fixed.decrypt(` ${token.slice(0, 20)}\n${token.slice(20)}`), 'seventeen bytes!!', 'with whitespace (module)');
      const last = token.at(-2);
      const other = B64[B64.indexOf(last) ^ 1]; // a nonzero bit after the last byte
      const bad = [
        ['nonzero trailing bits', `${token.slice(0, -2)}${other}=`],
        ['base64url', token.replace(/\+/g, '-').replace(/\//g, '_').padEnd(44, '=')],
        ['a form feed', `${token.slice(0, 20)}\f${token.slice(20)}`],
        ['padding in the middle', `${token.slice(0, 20)}=${token.slice(21)}`],
        ['too much padding', `${token.slice(0, -1)}==`],
        ['a character outside the alphabet', `${token.slice(0, 4)}*${token.slice(5)}`],
      ];
      if (!/[+/]/.test(token)) bad.splice(1, 1); // no character differs in base64url
      for (const [what, text] of bad) {
        for (const [name, call] of [['decrypt', (t) => fixed.decrypt(t)], ['decryptBytes', (t) => fixed.decryptBytes(t)],
          ['decryptJson', (t) => fixed.decryptJson(t)]]) {
          const e = thrown(() => call(text));
          eq(`${e.code} ${e.message}`, 'MALFORMED_TOKEN "token" is not base64', `${name}, ${what}`);
        }
      }
    },
  });
  out.push({
    name: 'input objects: the reader\'s findings and refusals, word for word',
    run() {
      const errors = (input) => pinseal.validateResetPin(input).errors.map((e) => `${e.field} ${e.code} ${e.message}`);
      const report = errors({ ...RESET, newPin: '1234', client_id: 'x', urn: 402, bankId: true, customerId: 'c'.repeat(1025), ['k'.repeat(70)]: 1 });
      for (const want of [
        'newPin UNKNOWN_FIELD is not a field of ResetPinInput; did you mean "newPIN"?',
        'client_id UNKNOWN_FIELD is not a field of ResetPinInput; did you mean "clientId"?',
        `${'k'.repeat(64)}… UNKNOWN_FIELD is not a field of ResetPinInput`,
        'bankId INVALID_VALUE expected a string of digits or a non-negative integer, got boolean',
        'customerId TOO_LONG expected at most 1024 characters (more than any field allows), got 1025',
      ]) {
        if (!report.includes(want)) fail(`no "${want}" in ${JSON.stringify(report)}`);
      }
      if (report.some((e) => e.startsWith('urn '))) fail(`urn 402 (a number in a digit field) refused: ${report}`);
      eq(pinseal.validateSetPin({ ...SETPIN, identity: 42 }).errors.map((e) => `${e.field} ${e.code} ${e.message}`).join(),
        'identity INVALID_VALUE expected a string, got number', 'a number in a text field');
      const lone = thrown(() => pinseal.validateResetPin({ ...RESET, clientId: 'a\uD800' }));
      eq(`${lone.code} ${lone.message}`, 'INVALID_INPUT "clientId" expected well-formed text, got a lone surrogate', 'lone surrogate');
      const getter = Object.defineProperty({ ...RESET }, 'urn', { enumerable: true, get() { throw new Error('boom'); } });
      const threw = thrown(() => pinseal.buildResetPinRequest(getter));
      eq(`${threw.code} ${threw.message}`, 'INVALID_INPUT "urn" threw while being read', 'a throwing getter');
      const proxy = new Proxy({}, { ownKeys() { throw new Error('boom'); } });
      eq(thrown(() => pinseal.validateSetPin(proxy)).message, '"input" threw while being read', 'a throwing ownKeys trap');
      eq(thrown(() => pinseal.validateSetPin([])).message, '"input" expected an object, got array', 'an array');
      eq(pinseal.buildResetPinRequest({ ...RESET, bankId: -0, requestDateTime: '20221116122653' }).bankId, 0, '-0 as 0');
    },
  });
  out.push({
    name: 'openResetPinResponse: a partner\'s answer that is not a response is INVALID_RESPONSE with raw, as an object or as text',
    run() {
      const object = { error: 'unauthorized' };
      const e1 = thrown(() => pinseal.openResetPinResponse(object, cipher));
      eq(`${e1.code} ${e1.message}`, 'INVALID_RESPONSE invalid response: expected { token: string }, got an object without a string "token"', 'res.json() of an error body');
      eq(e1.raw, object, 'raw is the object as given');
      const text = '{"error":"unauthorized"}';
      const e2 = thrown(() => pinseal.openResetPinResponse(text, cipher));
      eq(e2.code, 'INVALID_RESPONSE', 'res.text() of an error body'); eq(e2.raw, text, 'raw is the text as given');
      const e3 = thrown(() => pinseal.openResetPinResponse({ token: cipher.encrypt('{"urn":"402"}') }, cipher));
      eq(e3.code, 'INVALID_RESPONSE', 'a token that opens to no response'); eq(e3.raw.token.length > 0, true, 'raw is the body object');
      const e4 = thrown(() => cipher.decrypt('Unauthorized'));
      eq(`${e4.code} ${e4.message}`,
        'MALFORMED_TOKEN "token" expected a 16-byte IV and then a positive multiple of 16 bytes, got 9 bytes in all', 'a word as the token');
      const e5 = thrown(() => TokenCipher.fromBase64('MDEy-zQ1Njc4OWFiY2RlZmdoaWprbG1u'));
      eq(e5.message.startsWith('"key" is not base64: character 5 is not standard base64 there'), true, `a base64url key: ${e5.message}`);
    },
  });
  out.push({
    name: 'TokenCipher[Symbol.dispose] is free() (for `using`), where the engine has Symbol.dispose',
    run() {
      if (typeof Symbol.dispose !== 'symbol') return;
      const c = TokenCipher.fromText(KEY_TEXT);
      eq(typeof c[Symbol.dispose], 'function', 'a dispose method');
      c[Symbol.dispose]();
      eq(thrown(() => c.encrypt('x')).message, 'the TokenCipher was freed', 'freed by dispose');
      c[Symbol.dispose](); // a second time does nothing, as free()
    },
  });
  out.push({
    name: 'a request that gives no time takes the local time (YYYYMMDDHHMMSS) when built',
    run() {
      const { requestDateTime: _, ...input } = RESET;
      const two = (n) => String(n).padStart(2, '0');
      const local = (d) => `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
      for (const build of [(i) => pinseal.buildResetPinRequest(i), (i) => pinseal.sealResetPin(i, cipher).request]) {
        const before = local(new Date(Date.now() - 1000));
        const got = build(input).requestDateTime;
        const after = local(new Date(Date.now() + 1000));
        if (!(got >= before && got <= after)) fail(`requestDateTime ${got}, not between ${before} and ${after}`);
      }
    },
  });
  out.push({
    name: 'PinsealError is an exported class: instanceof, name, code, message',
    run() {
      const e = thrown(() => TokenCipher.fromText('short'));
      if (!(e instanceof pinseal.PinsealError)) fail('not instanceof PinsealError');
      if (!(e instanceof Error)) fail('not instanceof Error');
      eq(e.name, 'PinsealError', 'name'); eq(e.code, 'INVALID_KEY', 'code');
      eq(e.message, '"key" expected 24 bytes, got 5', 'message');
      const v = thrown(() => pinseal.buildSetPinRequest({}));
      if (!(v instanceof pinseal.PinsealError)) fail('validation error not instanceof');
      eq(v.field, undefined, 'field (several fields at fault)');
      eq(typeof new pinseal.PinsealError('X', 'm').stack, 'string', 'a real Error');
    },
  });
  out.push({
    name: 'TokenCipher.free(): later use throws an Error, a second free() does nothing',
    run() {
      const c = TokenCipher.fromText(KEY_TEXT);
      c.free();
      let error = null;
      try { c.encrypt('x'); } catch (e) { error = e; }
      if (!(error instanceof Error)) fail('use after free did not throw an Error');
      c.free();
      healthy();
    },
  });
  // The engine check (README, "Known engine bug"): on in WebKit (JavaScriptCore) only, by the
  // entry's detection; forced on anywhere, it changes no byte; and it caught nothing in this run.
  const webkit = typeof navigator !== 'undefined' && /AppleWebKit\//.test(navigator.userAgent)
    && !/Chrome\/|Chromium\//.test(navigator.userAgent);
  out.push({
    name: 'engineCheck: on exactly under JavaScriptCore (WebKit), off elsewhere',
    run() { eq(pinseal.engineCheck().enabled, webkit, 'enabled'); },
  });
  out.push({
    name: 'setEngineCheck(true): the same bytes, the same answers, nothing caught; then restored',
    run() {
      const before = pinseal.engineCheck();
      const fixed = TokenCipher.fromText(KEY_TEXT, { iv: '000102030405060708090a0b0c0d0e0f' });
      const plain = new Uint8Array(5000).map((_, i) => i * 31);
      pinseal.setEngineCheck(false);
      const off = fixed.encryptBytes(plain);
      pinseal.setEngineCheck(true);
      try {
        eq(pinseal.engineCheck().enabled, true, 'enabled');
        eq(fixed.encryptBytes(plain), off, 'sealed bytes');
        eq(fixed.decryptBytes(off).join(), plain.join(), 'opened bytes');
        eq(thrown(() => fixed.decrypt(cipher.encrypt('other key mode'))).code, 'DECRYPT_FAILED', 'a bad token');
        eq(pinseal.engineCheck().faults, before.faults, 'faults');
      } finally {
        pinseal.setEngineCheck(before.enabled);
        fixed.free();
      }
    },
  });
  out.push({
    name: 'engineCheck: no wrong AES result was caught during this whole run',
    run() { eq(pinseal.engineCheck().faults, 0, 'faults'); },
  });
  return out;
}
