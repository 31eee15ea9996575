// The WebKit SIMD pattern (docs/webkit-simd.md): scripts/simd-pattern.mjs finds it in small
// modules built here by hand, its --mark pass removes it without changing what the code
// computes, and the modules the project ships and tests have none of it.
//
//   node --test tests/module/     (after scripts/build.sh and a wasm test run: the test command)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, mark } from '../../scripts/simd-pattern.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

// ---- a tiny module writer -------------------------------------------------------------------
const uleb = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
const str = (s) => [...uleb(s.length), ...Buffer.from(s)];
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, body) => [id, ...uleb(body.length), ...body];
const I32 = 0x7f;
const V128 = 0x7b;
const get = (i) => [0x20, ...uleb(i)];
const set = (i) => [0x21, ...uleb(i)];
const call = (f) => [0x10, ...uleb(f)];
const i32 = (n) => [0x41, ...uleb(n)]; // small non-negative constants only
const v128load = [0xfd, 0, 4, 0];
const extract0 = [0xfd, 27, 0]; // i32x4.extract_lane 0

/**
 * A module of functions of type (i32) -> i32: `funcs` = [{ name, locals: [[count, type]], body }],
 * exported by name, a memory, a table holding the functions listed in `table`, and a name section.
 */
function build(funcs, { table = [] } = {}) {
  const types = section(1, vec([[0x60, ...vec([[I32]]), ...vec([[I32]])]]));
  const fsec = section(3, vec(funcs.map(() => [0])));
  const tsec = table.length ? section(4, vec([[0x70, 0, ...uleb(table.length)]])) : [];
  const mem = section(5, vec([[0, 1]]));
  const exp = section(7, vec([...funcs.map((f, i) => [...str(f.name), 0, ...uleb(i)]), [...str('memory'), 2, 0]]));
  const elem = table.length ? section(9, vec([[0, 0x41, 0, 0x0b, ...vec(table.map((i) => uleb(i)))]])) : [];
  const code = section(10, vec(funcs.map((f) => {
    const body = [...vec((f.locals ?? []).map(([c, t]) => [...uleb(c), t])), ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  })));
  const names = section(0, [...str('name'), ...section(1, vec(funcs.map((f, i) => [...uleb(i), ...str(f.name)])))]);
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...fsec, ...tsec, ...mem, ...exp, ...elem, ...code, ...names]);
}

// simd: returns lane 0 of the v128 at [p]; plain: no SIMD, calls simd; top: no SIMD, calls plain.
const SIMD = { name: 'simd', body: [...get(0), ...v128load, ...extract0] };
const PLAIN = { name: 'plain', body: [...get(0), ...call(0), ...i32(1), 0x6a] };
const TOP = { name: 'top', body: [...get(0), ...call(1)] };

async function run(bytes, name, arg) {
  const { instance } = await WebAssembly.instantiate(bytes);
  new DataView(instance.exports.memory.buffer).setInt32(0, 41, true);
  return instance.exports[name](arg);
}

test('a call from a function without SIMD to one with SIMD is found and named', () => {
  const r = analyze(build([SIMD, PLAIN, TOP]));
  assert.equal(r.functions, 3);
  assert.equal(r.simdFunctions, 1);
  assert.deepEqual(r.callEdges, [{ caller: 'plain', callee: 'simd', kind: 'call' }]);
  assert.deepEqual(r.loopCarries, []);
});

test('--mark gives every function that reaches SIMD code a v128 local, and nothing else changes', async () => {
  const before = build([SIMD, PLAIN, TOP, { name: 'alone', body: [...get(0)] }]);
  const { bytes, marked } = mark(before);
  assert.deepEqual(marked.sort(), ['plain', 'top'], 'both callers on the path, not the unrelated function');
  assert.ok(WebAssembly.validate(bytes), 'the marked module is valid');
  const r = analyze(bytes);
  assert.deepEqual(r.callEdges, []);
  assert.equal(r.simdFunctions, 3);
  assert.equal(await run(bytes, 'top', 0), await run(before, 'top', 0), 'same result');
  assert.equal(await run(bytes, 'top', 0), 42);
  assert.deepEqual(mark(bytes).marked, [], 'marking twice changes nothing');
});

test('an indirect call that can reach a SIMD function through the table counts too', () => {
  // call_indirect (type 0) through table slot 0, which holds `simd`.
  const indirect = { name: 'indirect', body: [...get(0), ...i32(0), 0x11, 0, 0] };
  const bytes = build([SIMD, indirect], { table: [0] });
  assert.deepEqual(analyze(bytes).callEdges, [{ caller: 'indirect', callee: 'simd', kind: 'call_indirect' }]);
  const marked = mark(bytes);
  assert.deepEqual(marked.marked, ['indirect']);
  assert.deepEqual(analyze(marked.bytes).callEdges, []);
});

test('a v128 held across a loop back edge is found; one made inside the iteration is not', () => {
  // carry: v = load [p]; loop { acc += lane0(v); br_if (--n) } -- v lives across the back edge.
  const loopCarry = {
    name: 'carry',
    locals: [[1, V128], [1, I32]],
    body: [...get(0), ...v128load, ...set(1), ...i32(3), ...set(2),
      0x03, 0x40, ...get(1), ...extract0, ...set(0), ...get(2), ...i32(1), 0x6b, 0x22, 2, 0x0d, 0, 0x0b, ...get(0)],
  };
  // fresh: loop { v = load [p]; acc = lane0(v); br_if (--n) } -- v is made in every iteration.
  const fresh = {
    name: 'fresh',
    locals: [[1, V128], [1, I32]],
    body: [...i32(3), ...set(2),
      0x03, 0x40, ...i32(0), ...v128load, ...set(1), ...get(1), ...extract0, ...set(0), ...get(2), ...i32(1), 0x6b, 0x22, 2, 0x0d, 0, 0x0b, ...get(0)],
  };
  const r = analyze(build([loopCarry, fresh]));
  assert.equal(r.loopCarries.length, 1, JSON.stringify(r.loopCarries));
  assert.equal(r.loopCarries[0].function, 'carry');
  assert.deepEqual(r.loopCarries[0].locals, [1]);
});

/** The built modules: the package's, and every marked wasm test build of this checkout. */
function builtModules() {
  const pkg = join(root, 'pkg', 'pinseal_bg.wasm');
  assert.ok(existsSync(pkg), `${pkg} is missing: run scripts/build.sh first (the test command does)`);
  const marked = [];
  const deps = join(root, 'target', 'wasm32-unknown-unknown', 'debug', 'deps', 'simd-marked');
  if (existsSync(deps)) {
    for (const f of readdirSync(deps)) if (f.endsWith('.wasm')) marked.push(join(deps, f));
  }
  assert.ok(marked.length > 0,
    `no marked wasm test build under ${deps}: run scripts/test-wasm.sh first (the test command does)`);
  return [pkg, ...marked];
}

test('the shipped module and every wasm test build have no call edge and no loop carry', () => {
  const problems = [];
  const files = builtModules();
  assert.ok(analyze(readFileSync(files[0])).simdFunctions > 0, `${files[0]}: no SIMD function (is the AES engine in it?)`);
  for (const file of files) {
    const r = analyze(readFileSync(file));
    for (const e of r.callEdges) problems.push(`${file}: ${e.caller} calls ${e.callee} (${e.kind})`);
    for (const c of r.loopCarries) problems.push(`${file}: ${c.function} carries v128 local(s) ${c.locals.join(', ')} across a loop`);
  }
  assert.deepEqual(problems, []);
});
