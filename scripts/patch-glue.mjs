// Post-processes wasm-bindgen's glue in pkg/. One edit, checked so that a wasm-bindgen upgrade
// that changes the generated code fails the build instead of silently dropping the fix:
//   free() twice must do nothing (SPEC §7); wasm-bindgen 0.2.130 passes the null pointer of an
//   already freed object to Rust, which throws "null pointer passed to rust".
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'pkg/pinseal.js';
let js = readFileSync(file, 'utf8');
const before = /(free\(\) \{\s*const ptr = this\.__destroy_into_raw\(\);\s*)(wasm\.__wbg_tokencipher_free\(ptr, 0\);)/;
if (!before.test(js)) {
  console.error(`patch-glue: free() of TokenCipher not found in ${file}; check the wasm-bindgen output`);
  process.exit(1);
}
js = js.replace(before, '$1if (ptr === 0) return;\n        $2');
writeFileSync(file, js);
console.log(`[build] patched ${file}: TokenCipher.free() is idempotent`);
