// Types of the npm package `pinseal`. Written by hand beside npm/pinseal.js; the input interfaces
// are checked against the library's field tables (tests/declarations.rs), and every export's
// JSDoc (description, @param, @returns, @throws, an @example that type-checks) by
// tests/boundary/jsdoc.test.mjs.

// The types of init's argument without the DOM lib, so a Node-only `tsconfig` (`lib: ["es2022"]`)
// compiles: structural stand-ins for URL and Response, and WebAssembly.Module where a lib declares it.
/** A compiled `WebAssembly.Module` (where the program's libs declare WebAssembly). */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } } ? M : object;
/** The module's bytes. */
export type WasmBytes = ArrayBuffer | ArrayBufferView;

/** What `init` / `initSync` take: the `.wasm` as a URL (string or `URL`), a fetch `Response`, bytes or a compiled module. */
export type InitInput = string | { readonly href: string } | { arrayBuffer(): Promise<ArrayBuffer> } | WasmBytes | WasmModule;

/**
 * Loads the WebAssembly module: call it once, and await it, before any other export in a
 * browser or a bundler. With no argument it fetches `pinseal_bg.wasm` from beside
 * `pinseal.js`; pass `{ module_or_path }` to load it from elsewhere (a URL, a `Response`,
 * bytes or a compiled module). Node's entries load the module at import; once it is loaded, a
 * further call loads nothing again.
 *
 * @param input Where the `.wasm` is, as `{ module_or_path }`; absent: beside `pinseal.js`.
 *   (The bare value is accepted too, with a deprecation warning on the console.)
 * @returns A promise that resolves once the module is loaded.
 * @throws {PinsealError} `UNSUPPORTED_ENGINE` (the promise rejects) when the engine lacks
 *   WebAssembly SIMD (needs Chrome 91+, Firefox 89+, Safari 16.4+, Node 16.4+).
 * @throws {Error} the platform's own error (a `TypeError`, a `WebAssembly.CompileError`) when
 *   the `.wasm` cannot be fetched or compiled.
 * @example
 * ```ts
 * import init, { pinStrength } from "pinseal";
 *
 * await init(); // fetches pinseal_bg.wasm from beside pinseal.js
 * console.log(pinStrength("5829").weak); // false
 * ```
 */
export default function init(input?: { module_or_path?: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<void>;
/**
 * Loads the WebAssembly module synchronously from its bytes or a compiled
 * `WebAssembly.Module` (a worker handed the module, a test). Node's entries call it at import;
 * once the module is loaded, a further call loads nothing again.
 *
 * @param input `{ module }`: the `.wasm` bytes or a compiled `WebAssembly.Module`. (The bare
 *   value is accepted too, with a deprecation warning on the console.)
 * @throws {PinsealError} `UNSUPPORTED_ENGINE` when the engine lacks WebAssembly SIMD.
 * @throws {Error} the platform's own error (a `WebAssembly.CompileError`) when the bytes are
 *   not the module.
 * @example
 * ```ts
 * import { initSync, pinStrength } from "pinseal";
 *
 * const response = await fetch("/node_modules/pinseal/pinseal_bg.wasm");
 * initSync({ module: await response.arrayBuffer() });
 * console.log(pinStrength("1234").reasons); // ["PIN_SEQUENTIAL", "PIN_COMMON"]
 * ```
 */
export function initSync(input: { module: WasmBytes | WasmModule } | WasmBytes | WasmModule): void;

/** Stable error codes of `PinsealError.code`. */
export type ErrorCode =
  | "INVALID_KEY" | "INVALID_IV" | "MALFORMED_TOKEN" | "TOKEN_TOO_LARGE" | "DECRYPT_FAILED"
  | "VALIDATION_FAILED" | "INVALID_INPUT" | "INVALID_RESPONSE" | "TXN_MISMATCH" | "RANDOM_UNAVAILABLE"
  | "UNSUPPORTED_ENGINE" | "ENGINE_FAULT";

/** Codes of one broken field rule. */
export type FieldCode =
  | "REQUIRED" | "TOO_LONG" | "TOO_SHORT" | "NOT_DIGITS" | "INVALID_FORMAT" | "INVALID_VALUE"
  | "INVALID_DATETIME" | "UNKNOWN_FIELD" | PinRule;

/** The PIN policy rules a PIN can break (`PinStrength.reasons`, field errors on PIN fields). */
export type PinRule =
  | "PIN_NOT_DIGITS" | "PIN_LENGTH" | "PIN_REPEATED" | "PIN_SEQUENTIAL" | "PIN_COMMON"
  | "PIN_MATCHES_CARD" | "PIN_SAME_AS_CURRENT" | "PIN_MATCHES_PHONE";

/** Every error pinseal throws: `e instanceof PinsealError`, `e.name === "PinsealError"`. */
export class PinsealError extends Error {
  /**
   * An error as pinseal throws it (pinseal makes them; constructing one is for tests and mocks).
   * @param code The stable code.
   * @param message What went wrong, for people.
   * @param errors The field errors (`VALIDATION_FAILED`); `field` is set when they all name one field.
   * @param raw The response body as given (`INVALID_RESPONSE`).
   */
  constructor(code: ErrorCode, message: string, errors?: FieldError[], raw?: unknown);
  name: "PinsealError";
  /** The stable machine-readable code. */
  code: ErrorCode;
  /** The input field at fault, when exactly one is. */
  field?: string;
  /** Every broken rule, for `VALIDATION_FAILED`. */
  errors?: FieldError[];
  /** The response body exactly as given, for `INVALID_RESPONSE`. */
  raw?: unknown;
}

/** One broken rule of one input field; `field` is the caller's input name. */
export interface FieldError {
  /** The input field as the caller spells it (`newPIN`, `deviceIdentifier`). */
  field: string;
  /** The rule broken. */
  code: FieldCode;
  /** A sentence for people; never contains a PIN. */
  message: string;
}

/** The result of a validation: every broken rule, in field order. */
export interface Report {
  /** `true` when `errors` is empty. */
  valid: boolean;
  /** Every broken rule, in field order. */
  errors: FieldError[];
}

/** How a cipher chooses each token's IV. */
export interface CipherOptions {
  /**
   * `"random"` (default): a fresh IV from the CSPRNG per token, sent in front of the
   * ciphertext. A fixed IV (32 hex characters or 16 bytes) only where the partner's contract
   * fixes it: it is not sent, and it is weaker (equal plaintexts give equal tokens).
   */
  iv?: "random" | string | Uint8Array;
}

/** Which PIN rules apply; omitted switches are on. */
export interface PinPolicy {
  /** Digits a PIN has: 4–12, or `{ min, max }` within 4–12; 4 when absent. */
  length?: number | { min: number; max: number };
  /** Refuse one digit repeated (`1111`): PIN_REPEATED. */
  repeated?: boolean;
  /** Refuse ascending or descending runs, wrap-around included (`1234`, `7890`, `0987`): PIN_SEQUENTIAL. */
  sequential?: boolean;
  /** Refuse the 20 most common 4-digit PINs and the keypad column `2580`/`0852`: PIN_COMMON. */
  common?: boolean;
  /** Refuse the card's last four digits: PIN_MATCHES_CARD. */
  matchesCard?: boolean;
  /** Refuse the end of the phone number: PIN_MATCHES_PHONE. */
  matchesPhone?: boolean;
  /** Refuse a new PIN equal to the current one: PIN_SAME_AS_CURRENT. */
  sameAsCurrent?: boolean;
  /** Extra PINs to refuse (reported as PIN_COMMON). */
  deny?: string[];
}

/** A PIN policy: `"strict"` (every rule, 4 digits), `"basic"` (digits, length, same-as-current) or a policy object. */
export type PinPolicyOption = "strict" | "basic" | PinPolicy;

/** What `validatePin` checks a PIN against, besides itself. */
export interface PinContext {
  /** The current PIN, for PIN_SAME_AS_CURRENT. */
  currentPin?: string | null;
  /** The card's last four digits, for PIN_MATCHES_CARD. */
  last4Digits?: string | null;
  /** The phone number (a leading `+` is ignored), for PIN_MATCHES_PHONE. */
  msisdn?: string | null;
  /** The policy; `"strict"` when absent. */
  policy?: PinPolicyOption;
}

/** Which rules a PIN breaks. */
export interface PinStrength {
  /** `true` when any rule is broken. */
  weak: boolean;
  /** The broken rules, in the policy's order. */
  reasons: PinRule[];
}

/** Options of the validate and build calls. */
export interface BuildOptions {
  /**
   * Clock reading for `requestDateTime`: a Date (local time) or `YYYYMMDDHHMMSS`; the current
   * local time when absent. An input's own `requestDateTime` wins. Only the Reset PIN builders use it.
   */
  now?: Date | string | null;
  /**
   * The PIN policy of the new PIN; `"strict"` when absent. A Reset PIN is always exactly 4
   * digits (the policy's `length` does not apply); SET_PIN takes both PINs' length from it.
   */
  pinPolicy?: PinPolicyOption | null;
}

/** What a caller types for a Reset PIN request: the partner's field names; numbers allowed where the partner takes digits. Empty strings count as absent. */
export interface ResetPinInput {
  /** 1–15 printable ASCII characters, no space at either end. */
  clientId: string;
  /** 1–25 printable ASCII characters: the client's credential from the partner. */
  secureCode: string;
  /** 1–4 digits, as a digit string or a non-negative integer (sent as a JSON number). */
  bankId: number | string;
  /** 1–4 digits, as a digit string or a non-negative integer (sent as a JSON number); 100 when absent. */
  entityId?: number | string | null;
  /** 1–20 printable ASCII characters. */
  customerId: string;
  /** exactly 4 digits: the card's last four (the new PIN must differ from them). */
  last4Digits: string;
  /** 1–10 digits, as a digit string or a non-negative integer (sent as a JSON string). */
  urn: string | number;
  /**
   * a PIN of exactly 4 digits that passes the PIN policy (`options.pinPolicy`, strict by
   * default), with `last4Digits` as the card's.
   */
  newPIN: string;
  /** 1–100 printable ASCII characters, unique per request; 24 random URL-safe characters when absent. */
  clientTxnId?: string | null;
  /** a real date and time as YYYYMMDDHHMMSS; `options.now`, else the current local time, when absent. */
  requestDateTime?: string | null;
}

/** The decrypted Reset PIN request, keys in the partner's order. */
export interface ResetPinRequest {
  messageCode: "1120";
  clientId: string;
  bankId: number;
  entityId: number;
  requestDateTime: string;
  clientTxnId: string;
  secureCode: string;
  newPIN: string;
  last4Digits: string;
  urn: string;
  customerId: string;
}

/** The request as sealed, `newPIN` masked for display and logs. */
export interface ResetPinRequestRedacted extends Omit<ResetPinRequest, "newPIN"> { newPIN: "****" }

/** What `sealResetPin` returns. */
export interface SealedResetPin {
  /** What to POST: `{ "token": token }`. */
  token: string;
  /** The request that was sealed, `newPIN` masked (it still holds `secureCode`). */
  request: ResetPinRequestRedacted;
}

/** An opened Reset PIN response: `urn`, `accosaTransactionId`, `bankId`, `entityId` are numbers; `accosaRefNo` stays a digit string (no float rounding). */
export interface ResetPinResponse {
  /** `true` when `responseCode` is `"00"`. */
  ok: boolean;
  /** The partner's code; unknown codes are kept as they are. */
  responseCode: string;
  /** The code's known meaning (`"success"`, `"INVALID PIN"`, …), or `"unknown response code"`. */
  meaning: string;
  messageCode?: string;
  clientId?: string;
  clientTxnId?: string;
  responseDateTime?: string;
  urn?: number;
  customerId?: string;
  accosaTransactionId?: number;
  responseMessage?: string;
  description?: string;
  accosaRefNo?: string;
  bankId?: number;
  entityId?: number;
}

/** What a caller types for a SET_PIN (mobile banking) request. Empty strings count as absent. */
export interface SetPinInput {
  /** 8–15 digits after an optional leading +: the MSISDN, sent without the `+`. */
  identifier: string;
  /** the current PIN: digits, of the policy's length (`options.pinPolicy.length`, 4 by default). */
  pin: string;
  /**
   * a PIN of the policy's length that passes the PIN policy (`options.pinPolicy`, strict by
   * default), with `pin` as the current PIN and `identifier` as the phone number.
   */
  newPin: string;
  /** one of IMSI, APP_ID: what `deviceIdentifier` holds. */
  deviceIdentifierType: "IMSI" | "APP_ID";
  /** with IMSI 5–16 digits, with APP_ID 1–100 printable ASCII characters. */
  deviceIdentifier: string;
  /** one of NATIONAL_ID, PASSPORT_NO, DRIVING_LICENSE. */
  identityType: "NATIONAL_ID" | "PASSPORT_NO" | "DRIVING_LICENSE";
  /** 1–50 printable characters once trimmed (sent trimmed). */
  identity: string;
  /** one of MSISDN (the only value, and the default when absent). */
  identifierType?: "MSISDN" | null;
  /** 1–150 printable characters; a random UUID v4 when absent. */
  apiRequestId?: string | null;
}

/** The SET_PIN payload, field for field as the partner expects it. */
export interface SetPinPayload {
  api_request_id: string;
  identifier_type: "MSISDN";
  /** The MSISDN without `+`. */
  identifier: string;
  pin: string;
  device_identifier_type: "IMSI" | "APP_ID";
  device_identifier: string;
  new_pin: string;
  identity_type: "NATIONAL_ID" | "PASSPORT_NO" | "DRIVING_LICENSE";
  /** Trimmed. */
  identity: string;
}

/** The SET_PIN request body: POST it as JSON. */
export interface SetPinRequest { action: "SET_PIN"; payload: SetPinPayload }

export type SetPinStatus = "SUCCESS" | "INVALID_ACCOUNT" | "INCORRECT_PIN" | "INVALID_NEW_PIN" | "ERROR";

/** A parsed SET_PIN response. */
export interface SetPinResponse {
  /** `true` for `SUCCESS`. */
  ok: boolean;
  /** `set_pin_status`. */
  status: SetPinStatus;
  /** `set_pin_status_description` (at most 200 characters), empty when absent. */
  description: string;
}

/**
 * Seals and opens `base64(AES-192-CBC, PKCS#7)` tokens with one 24-byte key.
 * CBC has no MAC: an opened token is confidential, not authenticated. `free()` wipes the key.
 * Every method but `free` throws `INVALID_INPUT` once the cipher is freed.
 */
export class TokenCipher {
  private constructor();
  /**
   * A cipher from the 24 raw key bytes (copied: the array can be wiped afterwards).
   *
   * @param key The 24-byte AES-192 key.
   * @param options The IV mode: `{ iv: "random" }` (the default) or a fixed IV.
   * @returns A cipher holding the key inside the WebAssembly module.
   * @throws {PinsealError} `INVALID_KEY` when `key` is not 24 bytes.
   * @throws {PinsealError} `INVALID_IV` when a fixed `options.iv` is not 16 bytes or 32 hex characters.
   * @throws {PinsealError} `INVALID_INPUT` when `key` is not a Uint8Array, or `options` is not
   *   an object, has another key than `iv`, or an `iv` of another type.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const key = crypto.getRandomValues(new Uint8Array(24)); // yours comes from a secret store
   * const cipher = TokenCipher.fromBytes(key);
   * key.fill(0);
   * const token = cipher.encrypt("hello");
   * cipher.free();
   * ```
   */
  static fromBytes(key: Uint8Array, options?: CipherOptions | null): TokenCipher;
  /**
   * A cipher from the key as 48 hex characters (either case).
   *
   * @param key The key in hex.
   * @param options The IV mode: `{ iv: "random" }` (the default) or a fixed IV.
   * @returns A cipher holding the key inside the WebAssembly module.
   * @throws {PinsealError} `INVALID_KEY` when `key` is not hex, or not 24 bytes of it (the
   *   message gives the length found, never the key).
   * @throws {PinsealError} `INVALID_IV` when a fixed `options.iv` is not 16 bytes or 32 hex characters.
   * @throws {PinsealError} `INVALID_INPUT` when `key` is not a string, or `options` is not an
   *   object, has another key than `iv`, or an `iv` of another type.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * // A fixed IV only where the partner's contract fixes one (weaker: see CipherOptions).
   * const cipher = TokenCipher.fromHex("303132333435363738396162636465666768696a6b6c6d6e", {
   *   iv: "000102030405060708090a0b0c0d0e0f",
   * });
   * console.log(cipher.encrypt("hello").length); // 24: one block, no IV in front
   * cipher.free();
   * ```
   */
  static fromHex(key: string, options?: CipherOptions | null): TokenCipher;
  /**
   * A cipher from the key as standard base64 (32 characters; padding optional, ASCII
   * whitespace ignored).
   *
   * @param key The key in base64.
   * @param options The IV mode: `{ iv: "random" }` (the default) or a fixed IV.
   * @returns A cipher holding the key inside the WebAssembly module.
   * @throws {PinsealError} `INVALID_KEY` when `key` is not base64, or not 24 bytes of it.
   * @throws {PinsealError} `INVALID_IV` when a fixed `options.iv` is not 16 bytes or 32 hex characters.
   * @throws {PinsealError} `INVALID_INPUT` when `key` is not a string, or `options` is not an
   *   object, has another key than `iv`, or an `iv` of another type.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromBase64("MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u");
   * const token = cipher.encrypt("hello");
   * cipher.free();
   * ```
   */
  static fromBase64(key: string, options?: CipherOptions | null): TokenCipher;
  /**
   * A cipher from key text whose UTF-8 is exactly 24 bytes (partners often issue keys as
   * text); it is used as it is, never padded, truncated or hashed.
   *
   * @param key The key text.
   * @param options The IV mode: `{ iv: "random" }` (the default) or a fixed IV.
   * @returns A cipher holding the key inside the WebAssembly module.
   * @throws {PinsealError} `INVALID_KEY` when `key` is not 24 bytes of UTF-8.
   * @throws {PinsealError} `INVALID_IV` when a fixed `options.iv` is not 16 bytes or 32 hex characters.
   * @throws {PinsealError} `INVALID_INPUT` when `key` is not a string, or `options` is not an
   *   object, has another key than `iv`, or an `iv` of another type.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
   * const token = cipher.encrypt("hello");
   * cipher.free();
   * ```
   */
  static fromText(key: string, options?: CipherOptions | null): TokenCipher;
  /**
   * Seals a string, as UTF-8, into a token: standard padded base64 of the IV (random IV
   * mode) and the ciphertext.
   *
   * @param plaintext The text to seal.
   * @returns The token.
   * @throws {PinsealError} `TOKEN_TOO_LARGE` when the token would be over 1 MiB decoded.
   * @throws {PinsealError} `INVALID_INPUT` when `plaintext` is not a string, or the cipher was freed.
   * @throws {PinsealError} `RANDOM_UNAVAILABLE` when the platform's CSPRNG fails (random IV mode).
   * @throws {PinsealError} `ENGINE_FAULT` when the engine check caught a wrong AES result every time.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
   * const token = cipher.encrypt("hello");
   * console.log(token.length); // 44: a 16-byte IV and one block
   * console.log(cipher.decrypt(token)); // "hello"
   * cipher.free();
   * ```
   */
  encrypt(plaintext: string): string;
  /**
   * Opens a token into its UTF-8 plaintext. The token may lack padding and carry ASCII
   * whitespace. A bad padding and bad UTF-8 are one uniform `DECRYPT_FAILED`, taking the same
   * time; CBC has no MAC, so a token that opens is not thereby authentic.
   *
   * @param token The token (base64).
   * @returns The plaintext.
   * @throws {PinsealError} `MALFORMED_TOKEN` when `token` is not base64, or its length is not
   *   a positive multiple of 16 bytes (after the 16-byte IV in random IV mode).
   * @throws {PinsealError} `TOKEN_TOO_LARGE` when `token` is over 1 MiB decoded.
   * @throws {PinsealError} `DECRYPT_FAILED` when the padding or the UTF-8 is wrong (a wrong key, a damaged token).
   * @throws {PinsealError} `INVALID_INPUT` when `token` is not a string, or the cipher was freed.
   * @throws {PinsealError} `ENGINE_FAULT` when the engine check caught a wrong AES result every time.
   * @example
   * ```ts
   * import { PinsealError, TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
   * try {
   *   console.log(cipher.decrypt(cipher.encrypt("hello"))); // "hello"
   *   cipher.decrypt("not a token");
   * } catch (e) {
   *   if (!(e instanceof PinsealError)) throw e;
   *   console.log(e.code); // "MALFORMED_TOKEN"
   * }
   * cipher.free();
   * ```
   */
  decrypt(token: string): string;
  /**
   * Seals a JSON value as compact JSON, keys in the value's order. JSON values only: what
   * `JSON.stringify` would rewrite (`NaN`, a `Map`, a class instance, an `undefined` array
   * entry) is refused; a member whose value is `undefined` is left out, as it leaves it out.
   *
   * @param value Plain objects, arrays, strings, finite numbers, booleans and `null`.
   * @returns The token.
   * @throws {PinsealError} `INVALID_INPUT` when `value` holds anything but JSON values, is
   *   cyclic or nested deeper than 128 levels, or the cipher was freed.
   * @throws {PinsealError} `TOKEN_TOO_LARGE` when the token would be over 1 MiB decoded.
   * @throws {PinsealError} `RANDOM_UNAVAILABLE` when the platform's CSPRNG fails (random IV mode).
   * @throws {PinsealError} `ENGINE_FAULT` when the engine check caught a wrong AES result every time.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
   * const token = cipher.encryptJson({ responseCode: "00", urn: 402 });
   * console.log(cipher.decryptJson(token)); // { responseCode: "00", urn: 402 }
   * cipher.free();
   * ```
   */
  encryptJson(value: unknown): string;
  /**
   * Opens a token holding JSON text and parses it, keys in the token's order. Text that is
   * not JSON is the same `DECRYPT_FAILED` as a bad padding.
   *
   * @param token The token (base64).
   * @returns The parsed value.
   * @throws {PinsealError} `MALFORMED_TOKEN` when `token` is not base64, or its length is not
   *   a positive multiple of 16 bytes (after the 16-byte IV in random IV mode).
   * @throws {PinsealError} `TOKEN_TOO_LARGE` when `token` is over 1 MiB decoded.
   * @throws {PinsealError} `DECRYPT_FAILED` when the padding is wrong or the plaintext is not JSON text.
   * @throws {PinsealError} `INVALID_INPUT` when `token` is not a string, or the cipher was freed.
   * @throws {PinsealError} `ENGINE_FAULT` when the engine check caught a wrong AES result every time.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
   * const value = cipher.decryptJson(cipher.encryptJson([1, "two", null]));
   * if (Array.isArray(value)) console.log(value.length); // 3
   * cipher.free();
   * ```
   */
  decryptJson(token: string): unknown;
  /**
   * Seals binary data into a token (base64).
   *
   * @param plaintext The bytes to seal.
   * @returns The token.
   * @throws {PinsealError} `TOKEN_TOO_LARGE` when the token would be over 1 MiB decoded.
   * @throws {PinsealError} `INVALID_INPUT` when `plaintext` is not a Uint8Array, or the cipher was freed.
   * @throws {PinsealError} `RANDOM_UNAVAILABLE` when the platform's CSPRNG fails (random IV mode).
   * @throws {PinsealError} `ENGINE_FAULT` when the engine check caught a wrong AES result every time.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
   * const token = cipher.encryptBytes(new Uint8Array([0, 1, 2, 255]));
   * console.log(cipher.decryptBytes(token)); // Uint8Array(4) [0, 1, 2, 255]
   * cipher.free();
   * ```
   */
  encryptBytes(plaintext: Uint8Array): string;
  /**
   * Opens a token (base64) holding binary data.
   *
   * @param token The token (base64).
   * @returns The plaintext bytes (a new array).
   * @throws {PinsealError} `MALFORMED_TOKEN` when `token` is not base64, or its length is not
   *   a positive multiple of 16 bytes (after the 16-byte IV in random IV mode).
   * @throws {PinsealError} `TOKEN_TOO_LARGE` when `token` is over 1 MiB decoded.
   * @throws {PinsealError} `DECRYPT_FAILED` when the padding is wrong (a wrong key, a damaged token).
   * @throws {PinsealError} `INVALID_INPUT` when `token` is not a string, or the cipher was freed.
   * @throws {PinsealError} `ENGINE_FAULT` when the engine check caught a wrong AES result every time.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
   * const bytes = cipher.decryptBytes(cipher.encryptBytes(new TextEncoder().encode("hi")));
   * console.log(new TextDecoder().decode(bytes)); // "hi"
   * cipher.free();
   * ```
   */
  decryptBytes(token: string): Uint8Array;
  /**
   * Seals binary data into the token's bytes, before base64: `IV ‖ ciphertext` (random IV)
   * or the ciphertext alone (fixed IV). For binary transports and bulk data (no base64 at all).
   *
   * @param plaintext The bytes to seal.
   * @returns The token's bytes.
   * @throws {PinsealError} `TOKEN_TOO_LARGE` when the token would be over 1 MiB.
   * @throws {PinsealError} `INVALID_INPUT` when `plaintext` is not a Uint8Array, or the cipher was freed.
   * @throws {PinsealError} `RANDOM_UNAVAILABLE` when the platform's CSPRNG fails (random IV mode).
   * @throws {PinsealError} `ENGINE_FAULT` when the engine check caught a wrong AES result every time.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
   * const sealed = cipher.sealBytes(new Uint8Array([1, 2, 3]));
   * console.log(sealed.length); // 32: the IV and one block
   * console.log(cipher.openBytes(sealed)); // Uint8Array(3) [1, 2, 3]
   * cipher.free();
   * ```
   */
  sealBytes(plaintext: Uint8Array): Uint8Array;
  /**
   * Opens a token's bytes (what `sealBytes` made, or a token's base64 decoded) into its
   * plaintext bytes.
   *
   * @param token The token's bytes.
   * @returns The plaintext bytes (a new array).
   * @throws {PinsealError} `MALFORMED_TOKEN` when `token` is not a positive multiple of 16
   *   bytes (after the 16-byte IV in random IV mode).
   * @throws {PinsealError} `TOKEN_TOO_LARGE` when `token` is over 1 MiB.
   * @throws {PinsealError} `DECRYPT_FAILED` when the padding is wrong (a wrong key, a damaged token).
   * @throws {PinsealError} `INVALID_INPUT` when `token` is not a Uint8Array, or the cipher was freed.
   * @throws {PinsealError} `ENGINE_FAULT` when the engine check caught a wrong AES result every time.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
   * const plain = cipher.openBytes(cipher.sealBytes(new TextEncoder().encode("bulk")));
   * console.log(plain.length); // 4
   * cipher.free();
   * ```
   */
  openBytes(token: Uint8Array): Uint8Array;
  /**
   * Wipes the key; using the cipher afterwards throws `INVALID_INPUT`. A second call does
   * nothing. Where the engine has `Symbol.dispose`, `cipher[Symbol.dispose]` is this method,
   * so `using cipher = TokenCipher.fromHex(key)` frees it at the end of the block (not declared
   * here: the declaration would need the `esnext.disposable` lib in every program).
   *
   * @throws {TypeError} when called detached from its cipher (`const { free } = cipher; free()`):
   *   call it as `cipher.free()`.
   * @example
   * ```ts
   * import { TokenCipher } from "pinseal";
   *
   * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
   * try {
   *   console.log(cipher.encrypt("hello").length); // 44
   * } finally {
   *   cipher.free(); // the key is wiped from WebAssembly memory
   * }
   * ```
   */
  free(): void;
}

/**
 * Checks one PIN against a policy and what it must not match (the card, the phone number,
 * the current PIN): every broken rule, each a field error on the field `"pin"`. For a form's
 * own PIN field; the input calls check their PIN fields themselves.
 *
 * @param pin The PIN as typed.
 * @param context What else the PIN is checked against, and the policy (`"strict"` when absent).
 * @returns The report: `valid`, and every broken rule (`PIN_…` codes, or `REQUIRED` for an empty PIN).
 * @throws {PinsealError} `INVALID_INPUT` when `pin` is not a string, or `context` is not an
 *   object, has an unknown key, a value of the wrong type or an invalid policy.
 * @example
 * ```ts
 * import { validatePin } from "pinseal";
 *
 * console.log(validatePin("5829", { last4Digits: "8172" }).valid); // true
 * const report = validatePin("8172", { last4Digits: "8172" });
 * console.log(report.errors.map((e) => e.code)); // ["PIN_MATCHES_CARD"]
 * ```
 */
export function validatePin(pin: string, context?: PinContext | null): Report;
/**
 * Which rules of a policy a PIN breaks, for live feedback while typing (no context: card,
 * phone and current PIN are not compared). With the default `"strict"` policy a PIN of any
 * length but 4 is weak with `PIN_LENGTH`.
 *
 * @param pin The PIN as typed so far.
 * @param policy The policy; `"strict"` (every rule, exactly 4 digits) when absent.
 * @returns `weak`, and the broken rules in the policy's order.
 * @throws {PinsealError} `INVALID_INPUT` when `pin` is not a string or `policy` is not a valid policy.
 * @example
 * ```ts
 * import { pinStrength } from "pinseal";
 *
 * console.log(pinStrength("1234")); // { weak: true, reasons: ["PIN_SEQUENTIAL", "PIN_COMMON"] }
 * console.log(pinStrength("582931", { length: 6 }).weak); // false
 * ```
 */
export function pinStrength(pin: string, policy?: PinPolicyOption | null): PinStrength;
/**
 * Checks a Reset PIN input against every field rule and the PIN policy (the PIN is always
 * exactly 4 digits here). Field problems, unknown fields included, are in the report, never
 * thrown.
 *
 * @param input The fields as the caller typed them.
 * @param options The PIN policy (`pinPolicy`); a `now`, if given, must be valid but is not used.
 * @returns The report: `valid`, and every broken rule in field order.
 * @throws {PinsealError} `INVALID_INPUT` when `input` is not a plain object (or has more than
 *   64 keys, a getter that throws, a lone surrogate), or `options` is not valid.
 * @example
 * ```ts
 * import { validateResetPin } from "pinseal";
 *
 * const report = validateResetPin({
 *   clientId: "WibmoClient", secureCode: "AfZtpO5krtySIhXyNmGg1G", bankId: 2010,
 *   customerId: "QVdzHtZsuG", last4Digits: "8172", urn: "40x", newPIN: "1111",
 * });
 * for (const e of report.errors) console.log(e.field, e.code);
 * // urn NOT_DIGITS, newPIN PIN_REPEATED, newPIN PIN_COMMON
 * ```
 */
export function validateResetPin(input: ResetPinInput, options?: BuildOptions | null): Report;
/**
 * Validates a Reset PIN input and builds the request the partner expects (before sealing),
 * `messageCode` `"1120"`; where the input has none, `entityId` is 100, `clientTxnId` random
 * and `requestDateTime` from `options.now` or the local clock.
 *
 * @param input The fields as the caller typed them.
 * @param options The clock reading (`now`) and the PIN policy (`pinPolicy`).
 * @returns The request, keys in the partner's order.
 * @throws {PinsealError} `VALIDATION_FAILED` when any field breaks its rules: `errors` lists
 *   every broken rule, `field` names the field when there is one.
 * @throws {PinsealError} `INVALID_INPUT` when `input` is not a plain object (or has more than
 *   64 keys, a getter that throws, a lone surrogate), or `options` is not valid.
 * @throws {PinsealError} `RANDOM_UNAVAILABLE` when no `clientTxnId` is given and the platform's CSPRNG fails.
 * @example
 * ```ts
 * import { buildResetPinRequest } from "pinseal";
 *
 * const request = buildResetPinRequest(
 *   {
 *     clientId: "WibmoClient", secureCode: "AfZtpO5krtySIhXyNmGg1G", bankId: "2010",
 *     customerId: "QVdzHtZsuG", last4Digits: "8172", urn: 402, newPIN: "5829",
 *   },
 *   { now: "20240131235959" },
 * );
 * console.log(request.bankId, request.entityId, request.urn, request.requestDateTime);
 * // 2010 100 "402" "20240131235959"
 * ```
 */
export function buildResetPinRequest(input: ResetPinInput, options?: BuildOptions | null): ResetPinRequest;
/**
 * Validates, builds and seals a Reset PIN request in one step: the token to POST as
 * `{ "token": token }`, and the request that was sealed with `newPIN` masked, for display
 * and logs.
 *
 * @param input The fields as the caller typed them.
 * @param cipher The cipher with the partner's key.
 * @param options The clock reading (`now`) and the PIN policy (`pinPolicy`).
 * @returns `{ token, request }`.
 * @throws {PinsealError} `VALIDATION_FAILED` when any field breaks its rules: `errors` lists
 *   every broken rule, `field` names the field when there is one.
 * @throws {PinsealError} `INVALID_INPUT` when `cipher` is not a live TokenCipher, `input` is
 *   not a plain object (or has more than 64 keys, a getter that throws, a lone surrogate), or
 *   `options` is not valid.
 * @throws {PinsealError} `RANDOM_UNAVAILABLE` when the platform's CSPRNG fails (the IV, a `clientTxnId`).
 * @throws {PinsealError} `ENGINE_FAULT` when the engine check caught a wrong AES result every time.
 * @example
 * ```ts
 * import { TokenCipher, sealResetPin } from "pinseal";
 *
 * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
 * const { token, request } = sealResetPin({
 *   clientId: "WibmoClient", secureCode: "AfZtpO5krtySIhXyNmGg1G", bankId: 2010,
 *   customerId: "QVdzHtZsuG", last4Digits: "8172", urn: "402", newPIN: "5829",
 * }, cipher);
 * console.log(request.newPIN, request.clientTxnId.length); // "****" 24
 * const body = JSON.stringify({ token }); // POST it to {base}/api/v1/resetPIN
 * cipher.free();
 * ```
 */
export function sealResetPin(input: ResetPinInput, cipher: TokenCipher, options?: BuildOptions | null): SealedResetPin;
/**
 * Opens the partner's Reset PIN response and checks its shape; with
 * `expect.clientTxnId`, also that it echoes the request's. An unknown `responseCode` is
 * kept, not an error: check `ok`.
 *
 * @param body The response as `{ token }` (the parsed body), the body text, or the token itself.
 * @param cipher The cipher with the partner's key.
 * @param expect The request's `clientTxnId`, to check the echo against.
 * @returns The response, with `ok` and the code's `meaning`.
 * @throws {PinsealError} `INVALID_RESPONSE` when the body has no `token` string, or the
 *   opened response is not an object with a `responseCode` and fields of the right types
 *   (`raw` holds the body as given).
 * @throws {PinsealError} `TXN_MISMATCH` when `expect.clientTxnId` is given and not echoed.
 * @throws {PinsealError} `MALFORMED_TOKEN` when the token is not base64 or not a positive
 *   multiple of 16 bytes (after the IV).
 * @throws {PinsealError} `TOKEN_TOO_LARGE` when the token is over 1 MiB decoded.
 * @throws {PinsealError} `DECRYPT_FAILED` when the token does not open to JSON text (a wrong key, a damaged token).
 * @throws {PinsealError} `INVALID_INPUT` when `cipher` is not a live TokenCipher, `body` is
 *   neither an object nor a string, or `expect` is not `{ clientTxnId?: string }`.
 * @throws {PinsealError} `ENGINE_FAULT` when the engine check caught a wrong AES result every time.
 * @example
 * ```ts
 * import { TokenCipher, openResetPinResponse } from "pinseal";
 *
 * const cipher = TokenCipher.fromText("0123456789abcdefghijklmn");
 * // What the partner answers (played here with the same key).
 * const body = { token: cipher.encryptJson({ responseCode: "1099", clientTxnId: "txn-1" }) };
 * const response = openResetPinResponse(body, cipher, { clientTxnId: "txn-1" });
 * console.log(response.ok, response.responseCode, response.meaning); // false "1099" "INVALID PIN"
 * cipher.free();
 * ```
 */
export function openResetPinResponse(body: { token: string } | string, cipher: TokenCipher, expect?: { clientTxnId?: string | null } | null): ResetPinResponse;
/**
 * Checks a SET_PIN input against every field rule and the PIN policy, the current and new
 * PINs of the policy's length. Field problems, unknown fields included, are in the report,
 * never thrown.
 *
 * @param input The fields as the caller typed them.
 * @param options The PIN policy (`pinPolicy`, whose `length` sets both PINs' length).
 * @returns The report: `valid`, and every broken rule in field order.
 * @throws {PinsealError} `INVALID_INPUT` when `input` is not a plain object (or has more than
 *   64 keys, a getter that throws, a lone surrogate), or `options` is not valid.
 * @example
 * ```ts
 * import { validateSetPin } from "pinseal";
 *
 * const report = validateSetPin({
 *   identifier: "+254712345678", pin: "4821", newPin: "5678",
 *   deviceIdentifierType: "IMSI", deviceIdentifier: "639020123456789",
 *   identityType: "NATIONAL_ID", identity: "12345678",
 * });
 * console.log(report.errors.map((e) => e.code)); // ["PIN_SEQUENTIAL", "PIN_MATCHES_PHONE"]
 * ```
 */
export function validateSetPin(input: SetPinInput, options?: BuildOptions | null): Report;
/**
 * Validates a SET_PIN input and builds the request body `{ action: "SET_PIN", payload }`:
 * snake_case keys, `identifier` without `+`, `identity` trimmed, and a random UUID v4 as
 * `api_request_id` when the input has no `apiRequestId`.
 *
 * @param input The fields as the caller typed them.
 * @param options The PIN policy (`pinPolicy`, whose `length` sets both PINs' length).
 * @returns The request body, to POST as JSON.
 * @throws {PinsealError} `VALIDATION_FAILED` when any field breaks its rules: `errors` lists
 *   every broken rule, `field` names the field when there is one.
 * @throws {PinsealError} `INVALID_INPUT` when `input` is not a plain object (or has more than
 *   64 keys, a getter that throws, a lone surrogate), or `options` is not valid.
 * @throws {PinsealError} `RANDOM_UNAVAILABLE` when no `apiRequestId` is given and the platform's CSPRNG fails.
 * @example
 * ```ts
 * import { buildSetPinRequest } from "pinseal";
 *
 * const request = buildSetPinRequest({
 *   identifier: "+254712345678", pin: "739184", newPin: "582931",
 *   deviceIdentifierType: "APP_ID", deviceIdentifier: "com.example.wallet",
 *   identityType: "PASSPORT_NO", identity: " A1234567 ",
 * }, { pinPolicy: { length: 6 } });
 * console.log(request.payload.identifier, request.payload.identity); // "254712345678" "A1234567"
 * const body = JSON.stringify(request); // POST it with Content-Type: application/json
 * ```
 */
export function buildSetPinRequest(input: SetPinInput, options?: BuildOptions | null): SetPinRequest;
/**
 * Parses the partner's SET_PIN response, given as the parsed object or the JSON text.
 * `ok` is `true` for `SUCCESS`; every other known status is a normal answer, not an error.
 *
 * @param body The response body: an object or a JSON string.
 * @returns `{ ok, status, description }`.
 * @throws {PinsealError} `INVALID_RESPONSE` when `body` is not JSON, not an object, has no
 *   known `set_pin_status` or a description that is not a string of at most 200 characters
 *   (`raw` holds the body as given).
 * @throws {PinsealError} `INVALID_INPUT` in a browser before `init` has loaded the module.
 * @example
 * ```ts
 * import { parseSetPinResponse } from "pinseal";
 *
 * const answer = parseSetPinResponse('{"set_pin_status":"INCORRECT_PIN","set_pin_status_description":"wrong PIN"}');
 * console.log(answer.ok, answer.status, answer.description); // false "INCORRECT_PIN" "wrong PIN"
 * ```
 */
export function parseSetPinResponse(body: unknown): SetPinResponse;

/** The engine check: whether every AES result is crossed with the other direction before use
 * (on by default under JavaScriptCore: Safari, iOS browsers, WebKitGTK, Bun), and how many wrong
 * results it caught (each recomputed; a count above 0 means the engine miscomputed). */
export interface EngineCheck {
  /** Whether the check is on. */
  enabled: boolean;
  /** How many wrong AES results it caught since the module was loaded. */
  faults: number;
}
/**
 * The engine check's state: whether every AES result is crossed with the other direction
 * (on by default under JavaScriptCore, whose optimizing tier has computed wrong SIMD
 * results), and how many wrong results it caught and recomputed.
 *
 * @returns `{ enabled, faults }`.
 * @throws {PinsealError} `INVALID_INPUT` in a browser before `init` has loaded the module (as every
 *   export but `init`/`initSync` does), the message naming `init`.
 * @example
 * ```ts
 * import { engineCheck } from "pinseal";
 *
 * const { enabled, faults } = engineCheck();
 * if (faults > 0) console.warn(`this engine miscomputed AES ${faults} times (each result recomputed)`);
 * console.log(enabled); // true under JavaScriptCore (Safari, Bun), false elsewhere
 * ```
 */
export function engineCheck(): EngineCheck;
/**
 * Turns the engine check on or off for every cipher. It costs one more AES pass over the
 * data; after three wrong results in a row a call fails with `ENGINE_FAULT`.
 *
 * @param on `true` to check every AES result, `false` to stop.
 * @throws {PinsealError} `INVALID_INPUT` when `on` is not a boolean.
 * @example
 * ```ts
 * import { engineCheck, setEngineCheck } from "pinseal";
 *
 * setEngineCheck(true); // e.g. in a WebView whose engine you do not know
 * console.log(engineCheck().enabled); // true
 * ```
 */
export function setEngineCheck(on: boolean): void;
