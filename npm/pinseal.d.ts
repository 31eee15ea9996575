// Types of the npm package `pinseal`. Written by hand beside npm/pinseal.js; the input interfaces
// are checked against the library's field tables (tests/declarations.rs).

// The types of init's argument without the DOM lib, so a Node-only `tsconfig` (`lib: ["es2022"]`)
// compiles: structural stand-ins for URL and Response, and WebAssembly.Module where a lib declares it.
/** A compiled `WebAssembly.Module` (where the program's libs declare WebAssembly). */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } } ? M : object;
/** The module's bytes. */
export type WasmBytes = ArrayBuffer | ArrayBufferView;

/** What `init` / `initSync` take: the `.wasm` as a URL (string or `URL`), a fetch `Response`, bytes or a compiled module. */
export type InitInput = string | { readonly href: string } | { arrayBuffer(): Promise<ArrayBuffer> } | WasmBytes | WasmModule;

/**
 * Loads the WebAssembly module (browsers; Node entries call `initSync` for you). Rejects with
 * `PinsealError` code `UNSUPPORTED_ENGINE` on an engine without WebAssembly SIMD
 * (needs Chrome 91+, Firefox 89+, Safari 16.4+, Node 16.4+).
 */
export default function init(input?: { module_or_path?: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<void>;
/** Synchronous `init` from the module's bytes or a compiled `WebAssembly.Module`. */
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
export interface FieldError { field: string; code: FieldCode; message: string }

/** The result of a validation: every broken rule, in field order. */
export interface Report { valid: boolean; errors: FieldError[] }

/** `"random"` (default): fresh IV per token, sent in front. A fixed IV (32 hex chars or 16 bytes) is weaker. */
export interface CipherOptions { iv?: "random" | string | Uint8Array }

/** Which PIN rules apply; omitted switches are on. */
export interface PinPolicy {
  length?: number | { min: number; max: number };
  repeated?: boolean;
  sequential?: boolean;
  common?: boolean;
  matchesCard?: boolean;
  matchesPhone?: boolean;
  sameAsCurrent?: boolean;
  /** Extra PINs to refuse (reported as PIN_COMMON). */
  deny?: string[];
}

export type PinPolicyOption = "strict" | "basic" | PinPolicy;

export interface PinContext {
  currentPin?: string | null;
  last4Digits?: string | null;
  msisdn?: string | null;
  policy?: PinPolicyOption;
}

export interface PinStrength { weak: boolean; reasons: PinRule[] }

export interface BuildOptions {
  /** Clock reading for `requestDateTime`: a Date (local time) or `YYYYMMDDHHMMSS`. */
  now?: Date | string | null;
  pinPolicy?: PinPolicyOption | null;
}

/** What a caller types for a Reset PIN request: the partner's field names; numbers allowed where the partner takes digits. */
export interface ResetPinInput {
  clientId: string;
  secureCode: string;
  bankId: number | string;
  entityId?: number | string | null;
  customerId: string;
  last4Digits: string;
  urn: string | number;
  newPIN: string;
  clientTxnId?: string | null;
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

export interface SealedResetPin { token: string; request: ResetPinRequestRedacted }

/** An opened Reset PIN response: `urn`, `accosaTransactionId`, `bankId`, `entityId` are numbers; `accosaRefNo` stays a digit string (no float rounding). */
export interface ResetPinResponse {
  ok: boolean;
  responseCode: string;
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

/** What a caller types for a SET_PIN (mobile banking) request. */
export interface SetPinInput {
  identifier: string;
  pin: string;
  newPin: string;
  deviceIdentifierType: "IMSI" | "APP_ID";
  deviceIdentifier: string;
  identityType: "NATIONAL_ID" | "PASSPORT_NO" | "DRIVING_LICENSE";
  identity: string;
  identifierType?: "MSISDN" | null;
  apiRequestId?: string | null;
}

export interface SetPinPayload {
  api_request_id: string;
  identifier_type: "MSISDN";
  identifier: string;
  pin: string;
  device_identifier_type: "IMSI" | "APP_ID";
  device_identifier: string;
  new_pin: string;
  identity_type: "NATIONAL_ID" | "PASSPORT_NO" | "DRIVING_LICENSE";
  identity: string;
}

export interface SetPinRequest { action: "SET_PIN"; payload: SetPinPayload }

export type SetPinStatus = "SUCCESS" | "INVALID_ACCOUNT" | "INCORRECT_PIN" | "INVALID_NEW_PIN" | "ERROR";

export interface SetPinResponse { ok: boolean; status: SetPinStatus; description: string }

/**
 * Seals and opens `base64(AES-192-CBC, PKCS#7)` tokens with one 24-byte key.
 * CBC has no MAC: an opened token is confidential, not authenticated. `free()` wipes the key.
 */
export class TokenCipher {
  private constructor();
  /** A cipher from the 24 raw key bytes. */
  static fromBytes(key: Uint8Array, options?: CipherOptions | null): TokenCipher;
  /** A cipher from 48 hex characters (either case). */
  static fromHex(key: string, options?: CipherOptions | null): TokenCipher;
  /** A cipher from standard base64 (32 characters). */
  static fromBase64(key: string, options?: CipherOptions | null): TokenCipher;
  /** A cipher from key text of exactly 24 UTF-8 bytes (never padded or hashed). */
  static fromText(key: string, options?: CipherOptions | null): TokenCipher;
  /** Seals a UTF-8 string into a token. */
  encrypt(plaintext: string): string;
  /** Opens a token; throws MALFORMED_TOKEN, TOKEN_TOO_LARGE or DECRYPT_FAILED. */
  decrypt(token: string): string;
  /** Seals a JSON value as compact JSON, keys in the value's order. */
  encryptJson(value: unknown): string;
  /** Opens a token holding JSON. */
  decryptJson(token: string): unknown;
  /** Seals binary data. */
  encryptBytes(plaintext: Uint8Array): string;
  /** Opens a token holding binary data. */
  decryptBytes(token: string): Uint8Array;
  /**
   * Seals binary data into the token's bytes, before base64: `IV ‖ ciphertext` (random IV) or
   * the ciphertext alone (fixed IV). For binary transports and bulk data (no base64 at all).
   * @throws {PinsealError} `INVALID_INPUT` (not a Uint8Array), `TOKEN_TOO_LARGE`,
   *   `RANDOM_UNAVAILABLE`, `ENGINE_FAULT`.
   */
  sealBytes(plaintext: Uint8Array): Uint8Array;
  /**
   * Opens a token's bytes (what `sealBytes` made, or a token's base64 decoded) into its
   * plaintext bytes.
   * @throws {PinsealError} `INVALID_INPUT`, `TOKEN_TOO_LARGE` (over 1 MiB), `MALFORMED_TOKEN`
   *   (not a positive multiple of 16 bytes), `DECRYPT_FAILED`, `ENGINE_FAULT`.
   */
  openBytes(token: Uint8Array): Uint8Array;
  /**
   * Wipes the key; using the cipher afterwards throws. A second call does nothing. Where the
   * engine has `Symbol.dispose`, `cipher[Symbol.dispose]` is this method, so
   * `using cipher = TokenCipher.fromHex(key)` frees it at the end of the block (not declared
   * here: the declaration would need the `esnext.disposable` lib in every program).
   */
  free(): void;
}

/** Checks one PIN; errors name the field "pin". */
export function validatePin(pin: string, context?: PinContext | null): Report;
/** Which rules of a policy (default `"strict"`: exactly 4 digits) a PIN breaks, for live feedback while typing. */
export function pinStrength(pin: string, policy?: PinPolicyOption | null): PinStrength;
/** Checks a Reset PIN input; never throws for field problems. */
export function validateResetPin(input: ResetPinInput, options?: BuildOptions | null): Report;
/** Builds the Reset PIN request; throws VALIDATION_FAILED with `errors`. */
export function buildResetPinRequest(input: ResetPinInput, options?: BuildOptions | null): ResetPinRequest;
/** Validates, builds and seals in one step; the returned request has `newPIN` masked. */
export function sealResetPin(input: ResetPinInput, cipher: TokenCipher, options?: BuildOptions | null): SealedResetPin;
/** Opens a Reset PIN response (`{token}`, the body text, or the token); checks the echoed clientTxnId when given. */
export function openResetPinResponse(body: { token: string } | string, cipher: TokenCipher, expect?: { clientTxnId?: string | null } | null): ResetPinResponse;
/** Checks a SET_PIN input; never throws for field problems. */
export function validateSetPin(input: SetPinInput, options?: BuildOptions | null): Report;
/** Builds the SET_PIN request envelope; throws VALIDATION_FAILED with `errors`. */
export function buildSetPinRequest(input: SetPinInput, options?: BuildOptions | null): SetPinRequest;
/** Parses a SET_PIN response (object or JSON string); throws INVALID_RESPONSE with `raw`. */
export function parseSetPinResponse(body: unknown): SetPinResponse;

/** The engine check: whether every AES result is crossed with the other direction before use
 * (on by default under JavaScriptCore: Safari, iOS browsers, WebKitGTK, Bun), and how many wrong
 * results it caught (each recomputed; a count above 0 means the engine miscomputed). */
export interface EngineCheck { enabled: boolean; faults: number }
/** The engine check's state. */
export function engineCheck(): EngineCheck;
/** Turns the engine check on or off for every cipher (it costs one more AES pass over the data). */
export function setEngineCheck(on: boolean): void;
