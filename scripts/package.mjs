// Turns the wasm-bindgen output in pkg/ into the npm package `pinseal` (one .wasm for every
// consumer): package.json with the crate's version, the Node ESM/CommonJS entries (the CommonJS
// one requires the ESM one: one instance per process), CommonJS type declarations, the README and
// the licences.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = `${root}pkg/`;
const cargo = readFileSync(`${root}Cargo.toml`, 'utf8');
const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error('package.mjs: no version in Cargo.toml');

const manifest = JSON.parse(readFileSync(`${root}npm/package.json`, 'utf8'));
manifest.version = version;
writeFileSync(`${pkg}package.json`, `${JSON.stringify(manifest, null, 2)}\n`);

// The source map's sources named as in this repository, not by the build directory's paths.
const mapFile = `${pkg}pinseal.js.map`;
const map = JSON.parse(readFileSync(mapFile, 'utf8'));
map.sources = map.sources.map((source) => {
  if (source.endsWith('/entry.js')) return 'npm/pinseal.js';
  if (source.endsWith('/read.js')) return 'npm/read.js';
  if (source.endsWith('/npm/error.js')) return 'npm/error.js';
  if (source.endsWith('/pinseal.js')) return 'wasm-bindgen/pinseal.js';
  throw new Error(`package.mjs: unexpected source ${source} in pinseal.js.map`);
});
writeFileSync(mapFile, JSON.stringify(map));

copyFileSync(`${root}npm/pinseal.d.ts`, `${pkg}pinseal.d.ts`);
copyFileSync(`${root}npm/pinseal.d.ts`, `${pkg}pinseal.d.cts`);
for (const f of ['node.mjs', 'node.cjs', 'README.md', 'pinseal_bg.wasm.d.ts']) copyFileSync(`${root}npm/${f}`, `${pkg}${f}`);
for (const f of ['LICENSE-MIT', 'LICENSE-APACHE', 'SECURITY.md']) copyFileSync(`${root}${f}`, `${pkg}${f}`);
console.log(`[build] pkg/ is the npm package pinseal@${version}`);
