// The entry module of the npm package `pinseal`, bundled with wasm-bindgen's generated glue
// into pkg/pinseal.js by scripts/build.sh. It adds what the raw exports of src/wasm/ cannot:
// - `PinsealError`, the one error class (defined in npm/error.js, which the module imports too:
//   it throws the same class);
// - `TokenCipher`, a class around the module's `RawCipher` (the key stays inside the module;
//   free() wipes it and is idempotent; a brand check guards every use);
// - a WebAssembly SIMD check before instantiating, so an engine without simd128 gets
//   UNSUPPORTED_ENGINE instead of a bare CompileError.
import rawInit, * as raw from './pinseal.js';
// npm/error.js, the very module the WebAssembly side imports (one class, one identity).
import { PinsealError } from 'pinseal-error-class';
import { bytes, decodeCanonical, encode, readInput, tables, withUtf8 } from './read.js';

export { PinsealError };

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)): validates only where
// WebAssembly SIMD is implemented.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

function requireSimd() {
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(SIMD_PROBE)) {
    throw new PinsealError('UNSUPPORTED_ENGINE',
      'WebAssembly SIMD (simd128) is required: Chrome 91+, Firefox 89+, Safari 16.4+, Node 16.4+');
  }
}

// JavaScriptCore (Safari, every iOS browser, WebKitGTK, Bun) gives each Error own `line` and
// `column` properties; V8 and SpiderMonkey do not. Its optimizing wasm tier has computed wrong
// SIMD results, so there the module checks every AES result (README, "Known engine bug").
function isJavaScriptCore() {
  const e = new Error();
  return Object.prototype.hasOwnProperty.call(e, 'line') && Object.prototype.hasOwnProperty.call(e, 'column');
}

// The module's field tables of the input families (read once, at load); undefined until then.
let fields;

function afterInit() {
  if (isJavaScriptCore()) raw.setEngineCheck(true);
  fields = tables(raw.fieldTables());
}

// Every export but init/initSync needs the module: before it is loaded a call is a
// PinsealError naming the missing step, not the glue's TypeError on an undefined instance.
function loaded() {
  if (fields === undefined) {
    throw new PinsealError('INVALID_INPUT', 'pinseal is not loaded yet: call `await init()` once before any other call (Node entries load it at import)');
  }
}

/** Loads the module (browsers). Rejects with UNSUPPORTED_ENGINE without WebAssembly SIMD. */
export default async function init(input) {
  requireSimd();
  await rawInit(input);
  afterInit();
}

/** Loads the module synchronously from its bytes or a compiled module (Node entries). */
export function initSync(input) {
  requireSimd();
  raw.initSync(input);
  afterInit();
}

const CREATE = Symbol('TokenCipher');

/** Seals and opens `base64(AES-192-CBC, PKCS#7)` tokens with one 24-byte key. */
export class TokenCipher {
  // The key inside WebAssembly memory (src/wasm/cipher.rs); null once freed.
  #raw;
  // The longest plaintext whose token fits (it depends on the IV mode only): read once.
  #maxPlaintext;

  // The class keeps its name through minification (`console.log(cipher)`, stack traces).
  static { Object.defineProperty(this, 'name', { value: 'TokenCipher' }); }

  constructor(rawCipher, key) {
    if (key !== CREATE) {
      throw new PinsealError('INVALID_INPUT',
        'TokenCipher is made with TokenCipher.fromBytes, fromHex, fromBase64 or fromText');
    }
    this.#raw = rawCipher;
    this.#maxPlaintext = rawCipher.maxPlaintextLen();
  }

  static fromBytes(key, options) { loaded(); return new TokenCipher(raw.RawCipher.fromBytes(key, options), CREATE); }
  static fromHex(key, options) { loaded(); return new TokenCipher(raw.RawCipher.fromHex(key, options), CREATE); }
  static fromBase64(key, options) { loaded(); return new TokenCipher(raw.RawCipher.fromBase64(key, options), CREATE); }
  static fromText(key, options) { loaded(); return new TokenCipher(raw.RawCipher.fromText(key, options), CREATE); }

  // Tokens cross the boundary as bytes: the module seals and opens, the platform's own base64
  // writes and reads the text (npm/read.js: `encode`, `decodeCanonical`).

  /** Seals a string (UTF-8) into a token. */
  encrypt(plaintext) {
    const cipher = live(this);
    // Node: a short string as UTF-8 bytes written by the platform (npm/read.js, `withUtf8`).
    const sealed = typeof plaintext === 'string' ? withUtf8(plaintext, (bytes) => cipher.sealBytes(bytes)) : undefined;
    return encode(sealed ?? cipher.sealText(plaintext, false));
  }

  /** Seals `value` as compact JSON (keys in the value's order); JSON values only. */
  encryptJson(value) {
    const cipher = live(this);
    let text;
    try {
      text = JSON.stringify(value, jsonOnly);
    } catch (e) {
      // A string that alone makes the JSON text too long for a token: the module refuses it by
      // its length with TOKEN_TOO_LARGE, never copying it in. (Were it ever accepted, the call
      // would go on to the INVALID_INPUT below, never seal the bare string.)
      if (e instanceof TooLong) cipher.sealText(e.text, true);
      text = undefined;
    }
    if (typeof text !== 'string') {
      throw new PinsealError('INVALID_INPUT', '"value" expected JSON values only (plain objects, arrays, strings, finite numbers, booleans, null)');
    }
    return encode(cipher.sealText(text, true));
  }

  /** Seals bytes into a token. */
  encryptBytes(plaintext) {
    const cipher = live(this);
    return encode(cipher.sealBytes(plainBytes(cipher, this.#maxPlaintext, plaintext)));
  }

  /** Opens a token into its UTF-8 plaintext. */
  decrypt(token) { return open(live(this), token, TEXT); }

  /**
   * Opens a token holding JSON; text that is not JSON is the uniform DECRYPT_FAILED. The module
   * checks the JSON grammar whatever the padding said (no timing oracle), so JSON.parse runs
   * only on text it accepts.
   */
  decryptJson(token) {
    const text = open(live(this), token, JSON_TEXT);
    try {
      return JSON.parse(text);
    } catch {
      throw new PinsealError('DECRYPT_FAILED', 'token could not be decrypted');
    }
  }

  /** Opens a token into its plaintext bytes. */
  decryptBytes(token) { return open(live(this), token, BYTES); }

  /** Seals bytes into a token's bytes, before base64 (`IV ‖ ciphertext`, or the ciphertext alone with a fixed IV). */
  sealBytes(plaintext) {
    const cipher = live(this);
    return cipher.sealBytes(plainBytes(cipher, this.#maxPlaintext, plaintext));
  }

  /** Opens a token's bytes (what `sealBytes` made) into the plaintext bytes. */
  openBytes(token) {
    return live(this).openBytes(bytes(token, 'token', MAX_TOKEN_BYTES, tokenTooLarge), BYTES);
  }

  /** Wipes the key; using the cipher afterwards throws. A second call does nothing. */
  free() {
    const cipher = this.#raw;
    this.#raw = null;
    if (cipher) cipher.free();
  }

  static {
    // `using cipher = TokenCipher.fromHex(...)` frees the key at the end of the block, where the
    // engine has explicit resource management.
    if (typeof Symbol.dispose === 'symbol') this.prototype[Symbol.dispose] = this.prototype.free;
    // A brand check: no getter or proxy trap of the caller's runs.
    live = (value) => {
      const cipher = value !== null && typeof value === 'object' && #raw in value ? value.#raw : undefined;
      if (cipher === undefined) {
        throw new PinsealError('INVALID_INPUT', '"cipher" expected a TokenCipher');
      }
      if (cipher === null) throw new PinsealError('INVALID_INPUT', 'the TokenCipher was freed');
      return cipher;
    };
  }
}

// The RawCipher of a live TokenCipher; INVALID_INPUT for anything else (set in the class body,
// where the private field is visible).
let live;

// The longest token, decoded (MAX_TOKEN_BYTES), and its longest text (MAX_TOKEN_TEXT: twice its
// base64, room for whitespace), as in src/cipher.rs.
const MAX_TOKEN_BYTES = 1024 * 1024;
const MAX_TOKEN_TEXT = 2 * 1398104;

const tokenTooLarge = (size) =>
  new PinsealError('TOKEN_TOO_LARGE', `"token" expected at most ${MAX_TOKEN_BYTES} bytes, got ${size}`);

// What opening a token ends with (src/cipher.rs, `Stage`).
const BYTES = 0;
const TEXT = 1;
const JSON_TEXT = 2;

// Opens a token text: decoded here by the platform when canonical, else by the module, which
// applies the whole rule (whitespace, optional padding) and names what is wrong with the text.
function open(cipher, token, stage) {
  const data = typeof token === 'string' && token.length <= MAX_TOKEN_TEXT
    ? decodeCanonical(token, MAX_TOKEN_BYTES) : undefined;
  return data === undefined ? cipher.openText(token, stage) : cipher.openBytes(data, stage);
}

// A plaintext Uint8Array as a plain view; one whose token would be over MAX_TOKEN_BYTES is
// TOKEN_TOO_LARGE (naming that token's size), uncopied.
function plainBytes(cipher, max, plaintext) {
  return bytes(plaintext, 'plaintext', max, (length) => tokenTooLarge(cipher.tokenSize(length)));
}

// A JSON text longer than this many UTF-16 units is at least as many UTF-8 bytes, too many for
// a token (MAX_TOKEN_BYTES, 1 MiB): the module refuses it by its length (src/wasm/cipher.rs).
const MAX_JSON_TEXT = 1024 * 1024;

// Thrown by jsonOnly for a string (a value or a key) over MAX_JSON_TEXT: stops JSON.stringify
// before it copies the string (twice, with toWellFormed), which for 256 MiB took seconds and
// past half the engine's longest string failed as INVALID_INPUT instead of TOKEN_TOO_LARGE.
class TooLong {
  constructor(text) { this.text = text; }
}

// JSON.stringify's replacer: refuses what JSON cannot carry instead of silently dropping or
// rewriting it (NaN as null, a Set as {}), and writes lone surrogates as U+FFFD.
function jsonOnly(key, value) {
  if (key.length > MAX_JSON_TEXT) throw new TooLong(key);
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_JSON_TEXT) throw new TooLong(value);
      return typeof value.toWellFormed === 'function' ? value.toWellFormed() : value;
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      break;
    case 'undefined':
      if (!Array.isArray(this)) return value; // a member left out, as JSON.stringify does
      break;
    case 'object': {
      if (value === null || Array.isArray(value)) return value;
      const proto = Object.getPrototypeOf(value);
      if (proto === null || proto === Object.prototype) return value;
      break;
    }
    default:
      break;
  }
  throw new TypeError('not a JSON value');
}

// The local time, YYYYMMDDHHMMSS, for a request that gives none (the module reads no clock: one
// string crosses instead of a Date and its getters); '' outside years 0-9999.
function localNow() {
  const d = new Date();
  const year = d.getFullYear();
  if (!(year >= 0 && year <= 9999)) return '';
  const two = (n) => (n < 10 ? `0${n}` : `${n}`);
  return `${String(year).padStart(4, '0')}${two(d.getMonth() + 1)}${two(d.getDate())}${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

// The input exports: the caller's object read here against its family's table (`what` is the
// family's type name, the table's key), one JSON text into the module.
const read = (input, what) => {
  loaded();
  return readInput(input, fields[what], what);
};

export function validateResetPin(input, options) {
  return raw.validateResetPin(read(input, 'ResetPinInput'), options);
}

export function buildResetPinRequest(input, options) {
  return raw.buildResetPinRequest(read(input, 'ResetPinInput'), options, localNow());
}

export function sealResetPin(input, cipher, options) {
  loaded();
  const sealing = live(cipher);
  return raw.sealResetPin(read(input, 'ResetPinInput'), sealing, options, localNow());
}

export function validateSetPin(input, options) {
  return raw.validateSetPin(read(input, 'SetPinInput'), options);
}

export function buildSetPinRequest(input, options) {
  return raw.buildSetPinRequest(read(input, 'SetPinInput'), options);
}

export function openResetPinResponse(body, cipher, expect) {
  loaded();
  return raw.openResetPinResponse(body, live(cipher), expect);
}

export function validatePin(pin, context) { loaded(); return raw.validatePin(pin, context); }
export function pinStrength(pin, policy) { loaded(); return raw.pinStrength(pin, policy); }
export function parseSetPinResponse(body) { loaded(); return raw.parseSetPinResponse(body); }
export function engineCheck() { loaded(); return raw.engineCheck(); }
export function setEngineCheck(on) { loaded(); return raw.setEngineCheck(on); }
