// A Node-only program (lib es2022, no DOM): every export's types resolve without the DOM lib.
import wasmUrl from 'pinseal/pinseal_bg.wasm';
import init, { initSync, TokenCipher, sealResetPin, openResetPinResponse, PinsealError, type ResetPinInput, type SealedResetPin } from 'pinseal';

export function run(wasm: Uint8Array): string {
  initSync({ module: wasm });
  void init;
  const url: string = wasmUrl; // the asset URL a bundler gives (declared by pinseal_bg.wasm.d.ts)
  void url;
  const cipher = TokenCipher.fromText('0123456789abcdefghijklmn');
  const input: ResetPinInput = {
    clientId: 'WibmoClient', secureCode: 'AfZtpO5krtySIhXyNmGg1G', bankId: 2010,
    customerId: 'QVdzHtZsuG', last4Digits: '8172', urn: '402', newPIN: '5829',
  };
  const sealed: SealedResetPin = sealResetPin(input, cipher);
  try {
    openResetPinResponse({ token: sealed.token }, cipher);
  } catch (e) {
    if (e instanceof PinsealError) return e.code;
  }
  return sealed.request.newPIN;
}
