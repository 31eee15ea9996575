// Writes the seed corpus of each fuzz target from the repository's vectors and samples:
// Wycheproof ciphertexts (valid and bad padding) for open_token, the SPEC §1.1 sample and SET_PIN
// inputs for validate_inputs, partner responses for parse_responses.
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
console.log('[fuzz] seed corpus written to fuzz/corpus/');
