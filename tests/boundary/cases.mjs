// Every export of the package, every argument position, each hostile value of the issue:
// null, undefined, NaN, [], {}, 1n, "x", new Set(). Each cell names the outcome: a PinsealError
// code, or "ok" where the value is legitimate there. After every call the same module instance
// and the same TokenCipher must still work (no trap). Runs in Node and in Chromium.

export const HOSTILE = [
  ['null', () => null], ['undefined', () => undefined], ['NaN', () => NaN], ['[]', () => []],
  ['{}', () => ({})], ['1n', () => 1n], ['"x"', () => 'x'], ['new Set()', () => new Set()],
];

const KEY_TEXT = '0123456789abcdefghijklmn';
const RESET = {
  clientId: 'WibmoClient', secureCode: 'AfZtpO5krtySIhXyNmGg1G', bankId: 2010, customerId: 'QVdzHtZsuG',
  last4Digits: '8172', urn: '402', newPIN: '5829', clientTxnId: 'txn-boundary-1', requestDateTime: '20221116122653',
};
const SETPIN = {
  identifier: '+4915112345678', pin: '5829', newPin: '4826', deviceIdentifierType: 'IMSI',
  deviceIdentifier: '2620112345678901', identityType: 'NATIONAL_ID', identity: 'L01X00T47',
};
const EXPECTED_SAMPLE = '{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"requestDateTime":"20221116122653","clientTxnId":"txn-boundary-1","secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"5829","last4Digits":"8172","urn":"402","customerId":"QVdzHtZsuG"}';

// Outcome per hostile value, in HOSTILE order.
const all = (code) => HOSTILE.map(() => code);
const row = (spec) => HOSTILE.map(([name]) => spec[name] ?? spec.other);
const OPTIONAL_OBJECT = row({ null: 'ok', undefined: 'ok', '{}': 'ok', other: 'INVALID_INPUT' });

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
      [row({ '"x"': 'MALFORMED_TOKEN', other: 'INVALID_INPUT' }), all('INVALID_INPUT'), OPTIONAL_OBJECT]],
    ['validateSetPin', [() => SETPIN, () => undefined], (a) => pinseal.validateSetPin(...a),
      [row({ '{}': 'ok', other: 'INVALID_INPUT' }), OPTIONAL_OBJECT]],
    ['buildSetPinRequest', [() => SETPIN, () => undefined], (a) => pinseal.buildSetPinRequest(...a),
      [row({ '{}': 'VALIDATION_FAILED', other: 'INVALID_INPUT' }), OPTIONAL_OBJECT]],
    ['parseSetPinResponse', [() => ({ set_pin_status: 'SUCCESS', set_pin_status_description: 'ok' })],
      (a) => pinseal.parseSetPinResponse(...a), [all('INVALID_RESPONSE')]],
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
  return out;
}
