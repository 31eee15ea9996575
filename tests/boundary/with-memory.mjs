// Imports a package entry that instantiates its module synchronously (the Node entries call
// initSync, which does `new WebAssembly.Instance(module, imports)`) and returns the module's
// exports together with the instance's WebAssembly memory, which the package keeps to itself.
// WebAssembly.Instance is wrapped for the duration of the import only: the wrapper constructs
// the real instance and records its exported `memory`.
export async function importWithMemory(url) {
  const NativeInstance = WebAssembly.Instance;
  let memory;
  WebAssembly.Instance = new Proxy(NativeInstance, {
    construct(target, args) {
      const instance = Reflect.construct(target, args);
      memory ??= instance.exports.memory;
      return instance;
    },
  });
  try {
    const exports = await import(url);
    if (!(memory instanceof WebAssembly.Memory)) throw new Error(`the instance of ${url} was not captured`);
    return { exports, memory };
  } finally {
    WebAssembly.Instance = NativeInstance;
  }
}
