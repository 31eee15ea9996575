// Writes the seed corpus of each fuzz target from the repository's vectors and samples:
// Wycheproof ciphertexts (valid and bad padding) for open_token, the SPEC §1.1 sample and SET_PIN
// inputs for validate_inputs, partner responses for parse_responses; for sandbox_bodies, request
// bodies of every sandbox POST route built from the SPEC samples and the sandbox fixtures, and the
// odd bodies of the sandbox tests (tests/http_errors.rs, tests/robustness.rs).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = (target, name, data) => {
  mkdirSync(`${root}fuzz/corpus/${target}`, { recursive: true });
  writeFileSync(`${root}fuzz/corpus/${target}/${name}`, data);
};
const vectors = JSON.parse(readFileSync(`${root}tests/vectors/wycheproof_aes192_cbc_pkcs5.json`, 'utf8'));
for (const t of vectors.testGroups.flatMap((g) => g.tests)) {
  out('open_token', `wycheproof-${t.tcId}`, Buffer.from(t.ct, 'hex'));
  out('open_token', `wycheproof-${t.tcId}-iv`, Buffer.concat([Buffer.from(t.iv, 'hex'), Buffer.from(t.ct, 'hex')]));
}
out('open_token', 'base64-text', 'AAAAAAAAAAAAAAAAAAAAAA==\r\nAAAAAAAAAAAAAAAAAAAAAA');
const sample = '{"messageCode":"1120","clientId":"WibmoClient","bankId":2010,"entityId":100,"requestDateTime":"20221116122653","clientTxnId":"INq_JM2FOW=SIevkR8tgL","secureCode":"AfZtpO5krtySIhXyNmGg1G","newPIN":"1212","last4Digits":"8172","urn":"402","customerId":"QVdzHtZsuG"}';
out('validate_inputs', 'spec-sample', sample);
out('validate_inputs', 'reset-input', '{"clientId":"WibmoClient","secureCode":"AfZtpO5krtySIhXyNmGg1G","bankId":"2010","customerId":"QVdzHtZsuG","last4Digits":"8172","urn":402,"newPIN":"5829","newPin":"1"}');
out('validate_inputs', 'setpin-input', '{"identifier":"+4915112345678","pin":"5829","newPin":"4826","deviceIdentifierType":"APP_ID","deviceIdentifier":"app-1","identityType":"PASSPORT_NO","identity":" X1 ","apiRequestId":"r"}');
out('validate_inputs', 'policy', '{"length":{"min":4,"max":6},"deny":["4826"],"sequential":false}');
out('parse_responses', 'reset-response', '{"messageCode":"1121","clientId":"WibmoClient","clientTxnId":"t","responseDateTime":"20221116122700","urn":402,"customerId":"QVdzHtZsuG","accosaTransactionId":98765,"responseCode":"00","accosaRefNo":12345678901234567890}');
out('parse_responses', 'setpin-response', '{"set_pin_status":"INCORRECT_PIN","set_pin_status_description":"incorrect current PIN"}');

// sandbox_bodies: an input's first byte picks one of 7 requests (0 resetPIN body, 1 the token's
// text, 2 a sealed token's plaintext, 3 mbanking, 4 2FA start, 5 2FA verify, 6 the test clock), the
// rest is the body; every seed body is written once for each. requestDateTime 20261203120000 is
// the time the fuzz target sets the sandbox clock to.
const fx = JSON.parse(readFileSync(`${root}sandbox/fixtures.json`, 'utf8'));
const card = fx.cards[0];
const resetRequest = {
  messageCode: '1120', clientId: fx.clientId, bankId: fx.bankId, entityId: fx.entityId,
  requestDateTime: '20261203120000', clientTxnId: 'fuzz-txn-0001', secureCode: fx.secureCode,
  newPIN: '5829', last4Digits: card.last4Digits, urn: card.urn, customerId: card.customerId,
};
const sb = (name, data) => {
  for (let pick = 0; pick < 7; pick++) out('sandbox_bodies', `${name}-${pick}`, Buffer.concat([Buffer.from([pick]), Buffer.from(data)]));
};
sb('spec-sample', sample);
sb('reset-request', JSON.stringify(resetRequest));
sb('reset-request-strings', JSON.stringify({ ...resetRequest, bankId: String(fx.bankId), urn: Number(card.urn) }));
sb('reset-request-bad-fields', JSON.stringify({ ...resetRequest, newPIN: '1212', last4Digits: '81x2', newPin: '1' }));
sb('reset-absent', JSON.stringify({ messageCode: '1120', clientTxnId: 'fuzz-txn-0002' }));
sb('token-envelope', '{"token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}');
fx.accounts.forEach((a, i) => {
  const payload = {
    api_request_id: `fuzz-${i}`, identifier_type: 'MSISDN', identifier: a.msisdn, pin: a.initialPin,
    device_identifier_type: a.deviceIdentifierType, device_identifier: a.deviceIdentifier,
    new_pin: '4826', identity_type: a.identityType, identity: a.identity,
  };
  sb(`set-pin-${i}`, JSON.stringify({ action: 'SET_PIN', payload }));
});
sb('set-pin-unknown', '{"action":"SET_PIN","payload":{"identifier":"+4915112345678","pin":"5829","new_pin":"1111"}}');
sb('set-pin-other-action', '{"action":"LOGIN","payload":{}}');
sb('2fa-start', JSON.stringify({ customerId: card.customerId }));
sb('2fa-start-nobody', '{"customerId":"NOBODY"}');
sb('2fa-verify', '{"challengeId":"0123456789abcdef0123456789abcdef","code":"123456"}');
sb('clock', '{"advanceSeconds":301}');
sb('clock-float', '{"advanceSeconds":-1e3}');
const testBodies = [
  '', '{', 'nope', '{"token":}', '\xff\xfe{}', '{"token":"x"} trailing', '[]', '"token"', '{}',
  '{"token":5}', '{"token":null}', '{"tok":"x"}', '{"token":"!!!"}', '{"token":"\\ud800"}',
  '{"action":"SET_PIN","payload":{"identifier":{"a":[1,2,{}]},"pin":1e999}}',
  '{"action":"SET_PIN","payload":{"pin":12345678901234567890123456789}}',
  '{"customerId":"\\u0000"}', '{"challengeId":[],"code":{}}', '\ufeff{}',
  '{"clientTxnId":[1]}', '{"messageCode":"1120","clientId":{"x":1},"bankId":true,"secureCode":[]}',
  `${'['.repeat(40)}${']'.repeat(40)}`,
];
testBodies.forEach((body, i) => sb(`test-body-${i}`, Buffer.from(body, body.startsWith('\xff') ? 'latin1' : 'utf8')));
console.log('[fuzz] seed corpus written to fuzz/corpus/');
