// Every export of the package, typed: `tsc --strict --noEmit` must accept this file.
import init, {
  initSync, TokenCipher, validatePin, pinStrength, validateResetPin, buildResetPinRequest, sealResetPin,
  openResetPinResponse, validateSetPin, buildSetPinRequest, parseSetPinResponse,
  type Report, type ResetPinInput, type ResetPinRequest, type SealedResetPin, type ResetPinResponse,
  type SetPinInput, type SetPinRequest, type SetPinResponse, type PinStrength, type PinsealError,
  type FieldError, type ErrorCode, type BuildOptions, type CipherOptions, type PinPolicy,
} from 'pinseal';

export async function everything(bytes: Uint8Array, wasm: BufferSource): Promise<string> {
  await init();
  initSync({ module: wasm });
  const options: CipherOptions = { iv: 'random' };
  const cipher: TokenCipher = TokenCipher.fromBytes(bytes, options);
  const others: TokenCipher[] = [TokenCipher.fromHex('00'.repeat(24)), TokenCipher.fromBase64('A'.repeat(32)), TokenCipher.fromText('x'.repeat(24), { iv: new Uint8Array(16) })];
  const token: string = cipher.encrypt('hello');
  const text: string = cipher.decrypt(token);
  const json: unknown = cipher.decryptJson(cipher.encryptJson({ a: 1 }));
  const raw: Uint8Array = cipher.decryptBytes(cipher.encryptBytes(new Uint8Array([1, 2])));
  const policy: PinPolicy = { length: { min: 4, max: 6 }, deny: ['4826'], sequential: false };
  const build: BuildOptions = { now: new Date(), pinPolicy: policy };
  const strength: PinStrength = pinStrength('5829');
  const pinReport: Report = validatePin('5829', { last4Digits: '8172', policy: 'basic' });
  const input: ResetPinInput = { clientId: 'c', secureCode: 's', bankId: 1, customerId: 'q', last4Digits: '8172', urn: '402', newPIN: '5829' };
  const report: Report = validateResetPin(input);
  const request: ResetPinRequest = buildResetPinRequest(input, { now: '20221116122653', pinPolicy: 'strict' });
  const sealed: SealedResetPin = sealResetPin(input, cipher, build);
  const opened: ResetPinResponse = openResetPinResponse({ token: sealed.token }, cipher, { clientTxnId: request.clientTxnId });
  const setInput: SetPinInput = { identifier: '+4915112345678', pin: '5829', newPin: '4826', deviceIdentifierType: 'IMSI', deviceIdentifier: '2620112345678901', identityType: 'NATIONAL_ID', identity: 'L01' };
  const setReport: Report = validateSetPin(setInput, { pinPolicy: { length: 4 } });
  const setRequest: SetPinRequest = buildSetPinRequest(setInput);
  const setResponse: SetPinResponse = parseSetPinResponse('{"set_pin_status":"SUCCESS","set_pin_status_description":""}');
  const firstError: FieldError | undefined = report.errors[0];
  try { buildResetPinRequest(input); } catch (e) {
    const err = e as PinsealError;
    const code: ErrorCode = err.code;
    void code;
  }
  for (const c of others) c.free();
  cipher.free();
  return [text, String(json), raw.length, strength.weak, pinReport.valid, sealed.request.newPIN, opened.meaning,
    setReport.valid, setRequest.payload.identifier, setResponse.status, firstError?.code ?? ''].join();
}
