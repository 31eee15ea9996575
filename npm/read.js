// The entry's readers of caller values (the JavaScript side of the boundary): each measures an
// argument by the engine's own record of it, never by a property a caller can override, and
// hands the module a plain value it can copy without running caller code. Their errors are the
// module's, word for word (src/wasm/read.rs).
import { PinsealError } from 'pinseal-error-class';

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
  switch (typeof value) {
    case 'undefined': return 'undefined';
    case 'string': return 'string';
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'bigint': return 'bigint';
    case 'symbol': return 'symbol';
    case 'function': return 'function';
    default: break;
  }
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
// browser and Node 16+). All of them are more lenient than a token's rule (SPEC §2), so a text
// they decode is used only when it is canonical: see `decodeCanonical`.
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
  // '=' only at the end; '-' and '_' (base64url, which Buffer takes) never.
  if (text.indexOf('=') !== (pads ? length - pads : -1) || text.includes('-') || text.includes('_')) {
    return undefined;
  }
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
