// Turns the wasm-bindgen output in pkg/ into the npm package `pinseal` (one .wasm for every
// consumer): package.json with the crate's version, the Node ESM/CommonJS entries, a CommonJS copy
// of the glue (esbuild), CommonJS type declarations, the README and the licences.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = `${root}pkg/`;
const cargo = readFileSync(`${root}Cargo.toml`, 'utf8');
const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error('package.mjs: no version in Cargo.toml');

const manifest = JSON.parse(readFileSync(`${root}npm/package.json`, 'utf8'));
manifest.version = version;
writeFileSync(`${pkg}package.json`, `${JSON.stringify(manifest, null, 2)}\n`);

// CommonJS copy of the glue. `import.meta.url` only serves init()'s default .wasm URL, which the
// CommonJS entry never uses (it calls initSync with the bytes), so esbuild's empty stand-in is fine.
execFileSync(`${root}node_modules/.bin/esbuild`, [
  `${pkg}pinseal.js`, '--format=cjs', '--platform=neutral', '--log-level=error', `--outfile=${pkg}pinseal.cjs`,
], { stdio: 'inherit' });

copyFileSync(`${root}npm/pinseal.d.ts`, `${pkg}pinseal.d.ts`);
copyFileSync(`${root}npm/pinseal.d.ts`, `${pkg}pinseal.d.cts`);
for (const f of ['node.mjs', 'node.cjs', 'README.md']) copyFileSync(`${root}npm/${f}`, `${pkg}${f}`);
for (const f of ['LICENSE-MIT', 'LICENSE-APACHE']) copyFileSync(`${root}${f}`, `${pkg}${f}`);
console.log(`[build] pkg/ is the npm package pinseal@${version}`);
