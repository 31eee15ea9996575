//! Tests of the boundary inside WebAssembly (wasm-bindgen-test), written by the boundary suite.
