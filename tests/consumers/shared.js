// The check every consumer runs: a seal -> open round trip and a validation error.
// Written once; each consumer imports pinseal its own way and passes the module here.
export function check(pinseal) {
  const cipher = pinseal.TokenCipher.fromText('0123456789abcdefghijklmn');
  const input = {
    clientId: 'WibmoClient', secureCode: 'AfZtpO5krtySIhXyNmGg1G', bankId: 2010, customerId: 'QVdzHtZsuG',
    last4Digits: '8172', urn: '402', newPIN: '5829', clientTxnId: 'consumer-1', requestDateTime: '20221116122653',
  };
  const { token, request } = pinseal.sealResetPin(input, cipher);
  const opened = cipher.decryptJson(token);
  const response = pinseal.openResetPinResponse(
    { token: cipher.encryptJson({ responseCode: '00', clientTxnId: 'consumer-1' }) }, cipher, { clientTxnId: 'consumer-1' });
  let code = null;
  try { pinseal.buildResetPinRequest({ ...input, newPIN: '1234' }); } catch (e) { code = `${e.name}:${e.code}:${e.errors.map((x) => x.code).join('+')}`; }
  cipher.free();
  return [opened.newPIN, opened.clientTxnId, request.newPIN, response.ok, code].join('|');
}
export const EXPECTED = '5829|consumer-1|****|true|PinsealError:VALIDATION_FAILED:PIN_SEQUENTIAL+PIN_COMMON';
