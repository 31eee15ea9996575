// `import wasmUrl from 'pinseal/pinseal_bg.wasm'` (or 'pinseal/wasm') under a bundler that loads
// .wasm files as assets (esbuild --loader:.wasm=file, Vite's ?url): the module's URL, for
// init({ module_or_path: wasmUrl }).
declare const wasmUrl: string;
export default wasmUrl;
