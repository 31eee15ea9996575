// The entry's readers of caller values (the JavaScript side of the boundary): each measures an
// argument by the engine's own record of it, never by a property a caller can override, and
// hands the module a plain value it can copy without running caller code. Their errors are the
// module's, word for word (src/wasm/read.rs).
//
// `./error.js` is npm/error.js, the module's own error class: the build bundles this file with
// that import pointed at the very copy the module imports (scripts/build.sh), and the Rust
// tests inside WebAssembly import this file next to it (tests/wasm_boundary.rs).
import { PinsealError } from './error.js';

// %TypedArray%.prototype's getters read a typed array's internal slots; called on anything else
// they throw (`length`, `buffer`, `byteOffset`) or answer undefined (the tag).
const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const slot = (key) => Object.getOwnPropertyDescriptor(typedArrayProto, key).get;
const tagOf = slot(Symbol.toStringTag);
const lengthOf = slot('length');
const bufferOf = slot('buffer');
const offsetOf = slot('byteOffset');

/** The JavaScript type of a value, in the words of error messages (as `kind_of` in Rust). */
export function kindOf(value) {
  // `typeof` already names every kind but objects: undefined, string, number, boolean, bigint,
  // symbol, function.
  const type = typeof value;
  if (type !== 'object') return type;
  if (value === null) return 'null';
  try {
    if (Array.isArray(value)) return 'array';
    const proto = Object.getPrototypeOf(value);
    if (proto === null || Object.getPrototypeOf(proto) === null) return 'object';
  } catch {
    // A revoked proxy, or a proxy whose trap throws: not a plain object.
  }
  return 'non-plain object';
}

/** `"what" expected EXPECTED, got KIND` (`INVALID_INPUT`). */
export function invalid(what, expected, value) {
  return new PinsealError('INVALID_INPUT', `"${what}" expected ${expected}, got ${kindOf(value)}`);
}

/**
 * The bytes of a `Uint8Array` (a `Buffer` too, from any realm) as a plain view of the same
 * memory, at most `max` bytes: `over(length)` above, before anything is copied. A detached
 * array reads as empty.
 */
export function bytes(value, what, max, over) {
  if (tagOf.call(value) !== 'Uint8Array') throw invalid(what, 'a Uint8Array', value);
  const length = lengthOf.call(value);
  if (length > max) throw over(length);
  if (length === 0) return new Uint8Array(0);
  return new Uint8Array(bufferOf.call(value), offsetOf.call(value), length);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// The platform's own base64: `Uint8Array.fromBase64`/`toBase64` where the engine has them
// (Chromium 140+, Firefox 133+, Safari 18.2+), else Node's `Buffer`, else `atob`/`btoa` (every
// browser and Node 16+). Each is more lenient than a token's rule in some way (Buffer takes
// base64url and skips bad characters), so a text they decode is used only when it is
// canonical: see `decodeCanonical`.
const nativeFrom = typeof Uint8Array.fromBase64 === 'function';
const nativeTo = typeof Uint8Array.prototype.toBase64 === 'function';
const NodeBuffer = typeof globalThis.Buffer === 'function' ? globalThis.Buffer : undefined;

/** Which base64 writes and reads tokens here (the benchmark reports it). */
export const BASE64 = nativeFrom ? 'Uint8Array.fromBase64/toBase64' : NodeBuffer ? 'Buffer' : 'atob/btoa';

// Latin-1 text of bytes, for btoa (in slices: one call's arguments are limited).
function binaryText(data) {
  let text = '';
  for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode.apply(null, data.subarray(i, i + 0x8000));
  return text;
}

/** Standard padded base64 of `data`. */
export function encode(data) {
  if (nativeTo) return data.toBase64();
  if (NodeBuffer) return NodeBuffer.from(data.buffer, data.byteOffset, data.length).toString('base64');
  return btoa(binaryText(data));
}

// Node only: a short string written as UTF-8 by `TextEncoder.encodeInto` into a scratch buffer,
// handed to the module as bytes, then wiped. In V8 under Node this is about 20% faster per small
// token than the module reading the string (a JavaScript loop per character in the glue); in
// Chromium, Firefox and WebKit it measured slower or the same, so there the module reads the
// string. Lone surrogates become U+FFFD either way (both follow `TextEncoder`).
const SCRATCH_TEXT = 4096; // UTF-16 units: at most 3 UTF-8 bytes each, far under a token's limit
const scratch = typeof process === 'object' && process !== null && process.release?.name === 'node'
  && typeof TextEncoder === 'function' ? new Uint8Array(3 * SCRATCH_TEXT) : undefined;
const utf8 = scratch === undefined ? undefined : new TextEncoder();

/**
 * `use(bytes)`'s result, `bytes` the UTF-8 of `text` in a scratch buffer that is wiped when `use`
 * returns or throws; `undefined` (and `use` not called) where this path is not taken: outside
 * Node, or for a text over 4,096 UTF-16 units.
 */
export function withUtf8(text, use) {
  if (scratch === undefined || text.length > SCRATCH_TEXT) return undefined;
  const { read, written } = utf8.encodeInto(text, scratch);
  try {
    return read === text.length ? use(scratch.subarray(0, written)) : undefined;
  } finally {
    scratch.fill(0, 0, written);
  }
}

function platformDecode(text) {
  if (nativeFrom) return Uint8Array.fromBase64(text);
  if (NodeBuffer) return NodeBuffer.from(text, 'base64');
  const binary = atob(text);
  const data = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
  return data;
}

/**
 * The bytes of a canonical base64 text (what encoders write: padded, no whitespace, zero bits
 * after the last byte) of at most `max` bytes, decoded by the platform; undefined for any other
 * text, which the module then decodes under the whole rule (whitespace and missing padding
 * allowed) and, where the text breaks it, names the error. So the platform never accepts a text
 * the module would refuse.
 */
export function decodeCanonical(text, max) {
  const length = text.length;
  if (length % 4 !== 0) return undefined;
  const pads = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (length / 4 * 3 - pads > max) return undefined;
  // '=' only at the end; '-' and '_' (base64url) never: only Buffer takes them, the others throw.
  if (text.indexOf('=') !== (pads ? length - pads : -1)) return undefined;
  if (!nativeFrom && NodeBuffer && (text.includes('-') || text.includes('_'))) return undefined;
  let data;
  try {
    data = platformDecode(text);
  } catch {
    return undefined;
  }
  // Every character significant (a skipped one, whitespace or not, shortens the result), and the
  // bits after the last byte zero.
  if (data.length !== length / 4 * 3 - pads) return undefined;
  if (pads && (B64.indexOf(text[length - pads - 1]) & (pads === 1 ? 3 : 15)) !== 0) return undefined;
  return data;
}

// Input objects. The module hands over its field tables once (`fieldTables`); the
// reader checks the caller's object against them and gives the module one JSON text.

/** Longest string read for an input field: far over every field's own limit (src/wasm/read.rs). */
const MAX_TEXT = 1024;
/** Most own keys read from an input object. */
const MAX_KEYS = 64;
/** Longest field name echoed back in an `UNKNOWN_FIELD` error, in characters. */
const MAX_ECHOED_NAME = 64;
const DIGITS = 1;

const threw = (what) => new PinsealError('INVALID_INPUT', `"${what}" threw while being read`);

// Lone surrogates as U+FFFD (as the module's strings get them); `toWellFormed` where the
// engine has it.
const wellFormed = (text) => (typeof text.toWellFormed === 'function'
  ? text.toWellFormed() : text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
// `isWellFormed` where the engine has it: no copy of the string.
const isWellFormed = typeof ''.isWellFormed === 'function'
  ? (text) => text.isWellFormed() : (text) => wellFormed(text) === text;

// ASCII case and `_`/`-` ignored, for "did you mean".
const folded = (name) => name.replace(/[-_]/g, '').replace(/[A-Z]/g, (c) => c.toLowerCase());

// Each table's field names to their places, made once per table.
const indexes = new WeakMap();
function indexOf(table) {
  let index = indexes.get(table);
  if (index === undefined) {
    index = new Map(table.map(([name], i) => [name, i]));
    indexes.set(table, index);
  }
  return index;
}

/** The field tables of the input families, `{ ResetPinInput: [[name, kind], ...], ... }`. */
export function tables(text) {
  return Object.fromEntries(JSON.parse(text));
}

/**
 * Reads an input object of `table`'s fields (`what` names its type in messages) into the text
 * the module takes: `[values, findings]`, one value per field in table order (`null` when
 * absent, `null` or `undefined`; a digit field's number as JavaScript writes it), and the
 * reader's field errors: unknown keys, wrong types, strings over MAX_TEXT (that field's
 * TOO_LONG, its content never examined).
 * @throws {PinsealError} INVALID_INPUT when `value` is not a plain object or has more than 64
 *   own keys, a getter or trap throws, or a string holds a lone surrogate.
 */
export function readInput(value, table, what) {
  if (kindOf(value) !== 'object') throw invalid('input', 'an object', value);
  let keys;
  try {
    keys = Object.keys(value);
  } catch {
    throw threw('input');
  }
  if (keys.length > MAX_KEYS) {
    throw new PinsealError('INVALID_INPUT', `"input" expected at most ${MAX_KEYS} fields, got ${keys.length}`);
  }
  const values = table.map(() => null);
  const findings = [];
  const index = indexOf(table);
  for (const key of keys) {
    const i = index.get(key);
    if (i === undefined) {
      // A key longer than any field name is no field: only what can be echoed is read.
      const head = key.length > MAX_TEXT ? key.slice(0, 2 * (MAX_ECHOED_NAME + 1)) : key;
      const name = isWellFormed(head) ? head : wellFormed(head);
      const near = table.find(([field]) => folded(field) === folded(name));
      const chars = Array.from(name);
      const field = chars.length > MAX_ECHOED_NAME ? `${chars.slice(0, MAX_ECHOED_NAME).join('')}…` : name;
      findings.push([field, 'UNKNOWN_FIELD',
        near ? `is not a field of ${what}; did you mean "${near[0]}"?` : `is not a field of ${what}`]);
      continue;
    }
    const [field, kind] = table[i];
    let item;
    try {
      item = value[key];
    } catch {
      throw threw(field);
    }
    if (item === undefined || item === null) continue;
    if (typeof item === 'string') {
      if (item.length > MAX_TEXT) {
        findings.push([field, 'TOO_LONG', `expected at most ${MAX_TEXT} characters (more than any field allows), got ${item.length}`]);
        values[i] = null;
        continue;
      }
      if (!isWellFormed(item)) {
        throw new PinsealError('INVALID_INPUT', `"${field}" expected well-formed text, got a lone surrogate`);
      }
      values[i] = item;
    } else if (typeof item === 'number' && kind === DIGITS) {
      values[i] = String(item); // -0 as 0, as JSON writes it
    } else {
      findings.push([field, 'INVALID_VALUE', `${kind === DIGITS
        ? 'expected a string of digits or a non-negative integer' : 'expected a string'}, got ${kindOf(item)}`]);
      values[i] = null;
    }
  }
  return JSON.stringify([values, findings]);
}
