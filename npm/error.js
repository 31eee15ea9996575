// The one error class of pinseal, shared by the WebAssembly module (which constructs it: see
// src/wasm/mod.rs) and the package's entry (which exports it and throws it for its own checks).

/** Every error pinseal throws: a real `Error` with a stable `code`. */
export class PinsealError extends Error {
  // The class keeps its name through minification (Node prints it for an uncaught error).
  static { Object.defineProperty(this, 'name', { value: 'PinsealError' }); }

  constructor(code, message, errors, body) {
    super(message);
    this.name = 'PinsealError';
    this.code = code;
    if (errors !== undefined) {
      this.errors = errors;
      // `field` where one field is at fault.
      if (errors.length > 0 && errors.every((e) => e.field === errors[0].field)) this.field = errors[0].field;
    }
    if (body !== undefined) this.raw = body;
  }
}
