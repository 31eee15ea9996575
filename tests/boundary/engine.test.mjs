// An engine without WebAssembly SIMD: init/initSync reject with PinsealError UNSUPPORTED_ENGINE
// (never a bare CompileError). Simulated by a WebAssembly.validate that refuses SIMD, on a fresh
// instance of the package module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const bytes = readFileSync(new URL('../../pkg/pinseal_bg.wasm', import.meta.url));

test('without SIMD, initSync and init throw UNSUPPORTED_ENGINE', async () => {
  const p = await import('../../pkg/pinseal.js?engine-without-simd');
  const validate = WebAssembly.validate;
  WebAssembly.validate = () => false;
  try {
    assert.throws(() => p.initSync({ module: bytes }), (e) => e instanceof p.PinsealError
      && e.code === 'UNSUPPORTED_ENGINE' && /WebAssembly SIMD/.test(e.message));
    await assert.rejects(p.default({ module_or_path: bytes }), (e) => e instanceof p.PinsealError
      && e.code === 'UNSUPPORTED_ENGINE');
  } finally {
    WebAssembly.validate = validate;
  }
  // The same module loads once the engine has SIMD.
  p.initSync({ module: bytes });
  assert.equal(p.pinStrength('5829').weak, false);
});

