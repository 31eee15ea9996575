// Reads WebAssembly modules and reports the two code patterns that JavaScriptCore's optimizing
// wasm tier (OMG) miscompiles in WebKit releases without the fix of WebKit bug 316918
// (docs/webkit-simd.md):
//
//   call edge   a function that uses no SIMD calls one that does. JavaScriptCore decides per
//               function whether it "uses SIMD" (a v128 in its signature or locals, or any
//               SIMD instruction). When OMG inlines a SIMD callee into a non-SIMD root, the
//               root's code keeps and spills vector registers at 64-bit width, so the upper half
//               of a v128 can be lost.
//   loop carry  a v128 value live at a loop header: in a v128 local read in the loop before
//               any write on some path (loop-invariant constants hoisted out of a loop, or a
//               chaining value kept in a register), or a v128 loop parameter. Such a value
//               crosses the back edge of a loop that the engine may enter mid-run from its
//               baseline tier (OSR) or keep in a spilled register for the whole loop.
//
//   node scripts/simd-pattern.mjs [--json] MODULE.wasm...
//   node scripts/simd-pattern.mjs --mark IN.wasm OUT.wasm
//
// Check: prints per module the functions, how many use SIMD, and every call edge and loop carry
// found, each named by the name section where the module has one (else `func[N]`); exits 1 if
// any module has either pattern. `analyze(bytes)` is the same check for tests.
//
// --mark removes every call edge: each function from which a SIMD function can be reached by
// calls (direct, or indirect through a table holding one of the same type) gets one v128 local,
// which makes it a SIMD function for JavaScriptCore (whose parser marks a function that declares
// a v128 local), so every optimizing compile that could inline SIMD code has a SIMD root. The
// local is appended after the existing ones, so no local index changes, and read once and
// dropped at the function's start (`local.get; drop`), so that tools which remove unused locals
// keep it: about six bytes per function. DWARF sections (`.debug_*`, debug builds only) are
// dropped from a marked module: their code offsets would no longer be right. `mark(bytes)` is
// the same for tests and returns { bytes, marked }.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const V128 = 0x7b;

class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    this.b = bytes;
    this.pos = pos;
    this.end = end;
  }
  atEnd() { return this.pos >= this.end; }
  byte() {
    if (this.pos >= this.end) throw new Error(`unexpected end of data at byte ${this.pos}`);
    return this.b[this.pos++];
  }
  bytes(n) {
    if (this.pos + n > this.end) throw new Error(`unexpected end of data at byte ${this.pos}`);
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** Unsigned LEB128 (up to 64 bits), as a Number (exact up to 2^53) */
  u32() {
    let result = 0, scale = 1, b;
    do {
      b = this.byte();
      result += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    return result;
  }
  /** Signed LEB128, skipped (the value is not needed), or returned for small block types. */
  sleb() {
    let result = 0n, shift = 0n, b;
    do {
      b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    if (b & 0x40) result -= 1n << shift;
    return result;
  }
  name() { return new TextDecoder().decode(this.bytes(this.u32())); }
}

function valType(r) {
  const t = r.byte();
  // (ref null ht) / (ref ht): a heap type follows.
  if (t === 0x63 || t === 0x64) r.sleb();
  return t;
}

function limits(r) {
  const flags = r.byte();
  r.u32();
  if (flags & 1) r.u32();
}

/** The sections of a module: [{ id, start, end }] (start and end of the payload). */
function sections(bytes) {
  const r = new Reader(bytes, 8);
  const out = [];
  while (!r.atEnd()) {
    const headerStart = r.pos;
    const id = r.byte();
    const size = r.u32();
    out.push({ id, headerStart, start: r.pos, end: r.pos + size });
    r.pos += size;
  }
  return out;
}

function leb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

/** The functions from which a function for which `isTarget(fn)` holds can be reached by calls. */
function reachingTargets(functions, tableFuncs, isTarget) {
  const callers = functions.map(() => new Set());
  for (const fn of functions) {
    for (const callee of fn.calls) callers[callee]?.add(fn.index);
    for (const typeIdx of fn.indirectTypes) {
      for (const t of tableFuncs) if (functions[t]?.type === typeIdx) callers[t].add(fn.index);
    }
  }
  const seen = new Set();
  const stack = functions.filter(isTarget).map((f) => f.index);
  while (stack.length > 0) {
    const f = stack.pop();
    for (const c of callers[f]) {
      if (!seen.has(c)) {
        seen.add(c);
        stack.push(c);
      }
    }
  }
  return seen;
}

/**
 * Gives every non-SIMD function that can reach a SIMD function through calls one unused v128
 * local. Returns { bytes, marked } (marked: the names of the functions changed).
 */
export function mark(bytes) {
  const info = parse(bytes);
  const reach = reachingTargets(info.functions, info.tableFuncs, (f) => f.usesSimd);
  const toMark = new Set([...reach].filter((i) => !info.functions[i].usesSimd && !info.functions[i].imported));
  const parts = [bytes.subarray(0, 8)];
  for (const sec of sections(bytes)) {
    if (sec.id === 0) {
      const r = new Reader(bytes, sec.start, sec.end);
      if (toMark.size > 0 && r.name().startsWith('.debug_')) continue;
    }
    if (sec.id !== 10 || toMark.size === 0) {
      parts.push(bytes.subarray(sec.headerStart, sec.end));
      continue;
    }
    const r = new Reader(bytes, sec.start, sec.end);
    const count = r.u32();
    const body = [Uint8Array.from(leb(count))];
    for (let n = 0; n < count; n++) {
      const size = r.u32();
      const start = r.pos;
      const end = start + size;
      r.pos = end;
      const index_ = info.importedFuncs + n;
      if (!toMark.has(index_)) {
        body.push(Uint8Array.from(leb(size)), bytes.subarray(start, end));
        continue;
      }
      const lr = new Reader(bytes, start, end);
      const groups = lr.u32();
      const groupsStart = lr.pos;
      let declared = 0;
      for (let g = 0; g < groups; g++) {
        declared += lr.u32();
        valType(lr);
      }
      // The new local's index, after the parameters and the declared locals; `local.get; drop`
      // of it keeps it alive through tools that drop unused locals (wasm-bindgen's walrus does,
      // and wasm-bindgen-test-runner runs it after this mark). Engines compile the pair to
      // nothing, or to one register move in a baseline tier.
      const index = (info.types[info.functions[index_].type]?.params.length ?? 0) + declared;
      const rewritten = [
        Uint8Array.from(leb(groups + 1)),
        bytes.subarray(groupsStart, lr.pos),
        Uint8Array.from([1, V128, 0x20, ...leb(index), 0x1a]),
        bytes.subarray(lr.pos, end),
      ];
      const newSize = rewritten.reduce((a, p) => a + p.length, 0);
      body.push(Uint8Array.from(leb(newSize)), ...rewritten);
    }
    const payload = body.reduce((a, p) => a + p.length, 0);
    parts.push(Uint8Array.from([10, ...leb(payload)]), ...body);
  }
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { bytes: out, marked: [...toMark].map((i) => info.functions[i].name) };
}

/** The module's functions: type, whether it uses SIMD, direct callees, loop carries. */
export function analyze(bytes) {
  const { functions, tableFuncs } = parse(bytes);
  const callEdges = [];
  for (const fn of functions) {
    if (fn.usesSimd) continue;
    for (const callee of fn.calls) {
      const target = functions[callee];
      if (target?.usesSimd) callEdges.push({ caller: fn.name, callee: target.name, kind: 'call' });
    }
    for (const typeIdx of fn.indirectTypes) {
      for (const t of tableFuncs) {
        const target = functions[t];
        if (target?.usesSimd && target.type === typeIdx) {
          callEdges.push({ caller: fn.name, callee: target.name, kind: 'call_indirect' });
        }
      }
    }
  }
  const loopCarries = functions.flatMap((fn) => fn.loopCarries.map((c) => ({ function: fn.name, ...c })));
  return {
    functions: functions.filter((f) => !f.imported).length,
    simdFunctions: functions.filter((f) => f.usesSimd).length,
    callEdges,
    loopCarries,
  };
}

/** Decodes a module: its functions (imports first) with what `analyze` needs. */
function parse(bytes) {
  const r = new Reader(bytes);
  const magic = r.bytes(4);
  if (magic[0] !== 0 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d) {
    throw new Error('not a WebAssembly module');
  }
  r.bytes(4);
  const types = []; // { params: [], results: [] }
  const funcTypes = []; // type index per function (imports first)
  let importedFuncs = 0;
  const names = new Map();
  const tableFuncs = new Set(); // functions placed in a table (callable indirectly)
  let bodies = [];
  while (!r.atEnd()) {
    const id = r.byte();
    const size = r.u32();
    const s = new Reader(bytes, r.pos, r.pos + size);
    r.pos += size;
    if (id === 1) {
      for (let n = s.u32(); n > 0; n--) {
        const form = s.byte();
        if (form !== 0x60) throw new Error(`type form 0x${form.toString(16)} is not supported`);
        const params = [];
        for (let k = s.u32(); k > 0; k--) params.push(valType(s));
        const results = [];
        for (let k = s.u32(); k > 0; k--) results.push(valType(s));
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = s.u32(); n > 0; n--) {
        s.name();
        s.name();
        const kind = s.byte();
        if (kind === 0) { funcTypes.push(s.u32()); importedFuncs++; }
        else if (kind === 1) { valType(s); limits(s); }
        else if (kind === 2) limits(s);
        else if (kind === 3) { valType(s); s.byte(); }
        else if (kind === 4) { s.byte(); s.u32(); }
        else throw new Error(`import kind ${kind} is not supported`);
      }
    } else if (id === 3) {
      for (let n = s.u32(); n > 0; n--) funcTypes.push(s.u32());
    } else if (id === 9) {
      for (let n = s.u32(); n > 0; n--) {
        const flags = s.u32();
        const exprs = (flags & 4) !== 0;
        if (flags & 1) {
          // passive or declarative
          if (flags & 2 || exprs) { /* elemkind/reftype */ }
        } else {
          if (flags & 2) s.u32(); // table index
          constExpr(s); // offset
        }
        if (flags & 3) {
          if (exprs) valType(s); else s.byte();
        }
        for (let k = s.u32(); k > 0; k--) {
          if (exprs) {
            const op = s.byte();
            if (op === 0xd2) tableFuncs.add(s.u32());
            else { s.pos--; constExpr(s); continue; }
            if (s.byte() !== 0x0b) throw new Error('element expression');
          } else {
            tableFuncs.add(s.u32());
          }
        }
      }
    } else if (id === 10) {
      bodies = [];
      for (let n = s.u32(); n > 0; n--) {
        const len = s.u32();
        bodies.push([s.pos, s.pos + len]);
        s.pos += len;
      }
    } else if (id === 0) {
      const name = s.name();
      if (name === 'name') {
        while (!s.atEnd()) {
          const sub = s.byte();
          const len = s.u32();
          const end = s.pos + len;
          if (sub === 1) {
            for (let n = s.u32(); n > 0; n--) {
              const idx = s.u32();
              names.set(idx, s.name());
            }
          }
          s.pos = end;
        }
      }
    }
  }
  const typeUsesSimd = (t) => t !== undefined && [...t.params, ...t.results].includes(V128);
  const functions = [];
  for (let i = 0; i < funcTypes.length; i++) {
    const type = types[funcTypes[i]];
    const fn = {
      index: i,
      name: names.get(i) ?? `func[${i}]`,
      imported: i < importedFuncs,
      usesSimd: typeUsesSimd(type),
      calls: new Set(),
      indirectTypes: new Set(),
      loopCarries: [],
      type: funcTypes[i],
    };
    if (!fn.imported) {
      const [start, end] = bodies[i - importedFuncs] ?? [0, 0];
      decodeBody(new Reader(bytes, start, end), fn, type, types);
    }
    functions.push(fn);
  }
  return { functions, tableFuncs, importedFuncs, types };
}

function constExpr(r) {
  for (;;) {
    const op = r.byte();
    if (op === 0x0b) return;
    if (op === 0x41 || op === 0x42 || op === 0xd0) r.sleb();
    else if (op === 0x23 || op === 0xd2) r.u32();
    else if (op === 0x43) r.bytes(4);
    else if (op === 0x44) r.bytes(8);
    else if (op === 0xfd) { r.u32(); r.bytes(16); }
    else if (op >= 0x6a && op <= 0x6c) { /* extended const */ }
    else throw new Error(`constant expression opcode 0x${op.toString(16)}`);
  }
}

/**
 * Decodes one function body: SIMD use, direct callees, indirect call types, and, by a
 * liveness pass over a control-flow graph of basic blocks, the v128 locals live at each loop
 * header.
 */
function decodeBody(r, fn, type, types) {
  const localTypes = [...type.params];
  for (let n = r.u32(); n > 0; n--) {
    const count = r.u32();
    const t = valType(r);
    if (t === V128) fn.usesSimd = true;
    for (let k = 0; k < count; k++) localTypes.push(t);
  }
  const isV128 = (idx) => localTypes[idx] === V128;
  const blockType = () => {
    const first = r.b[r.pos];
    if (first === 0x40) { r.pos++; return { params: [], results: [] }; }
    if (first === 0x7f || first === 0x7e || first === 0x7d || first === 0x7c || first === V128 || first === 0x70 || first === 0x6f) {
      r.pos++;
      if (first === V128) fn.usesSimd = true;
      return { params: [], results: [first] };
    }
    const idx = Number(r.sleb());
    const t = types[idx];
    if (t && [...t.params, ...t.results].includes(V128)) fn.usesSimd = true;
    return t ?? { params: [], results: [] };
  };
  const memarg = () => {
    const align = r.u32();
    if (align & 0x40) r.u32();
    r.u32();
  };

  // Basic blocks: { uses: Set (v128 locals read before written in the block), defs: Set,
  // succ: [] }. Control frames: { kind, start (block index of a loop header), exits: [] (blocks
  // that branch to the frame's end), elseFrom }.
  const blocks = [];
  const newBlock = () => {
    const b = { uses: new Set(), defs: new Set(), succ: [] };
    blocks.push(b);
    return blocks.length - 1;
  };
  let cur = newBlock();
  const frames = [{ kind: 'func', exits: [], loopHeader: null, hasV128Params: false }];
  const loops = []; // { header, offset }
  const read = (idx) => { if (isV128(idx) && !blocks[cur].defs.has(idx)) blocks[cur].uses.add(idx); };
  const write = (idx) => { if (isV128(idx)) blocks[cur].defs.add(idx); };
  const branchTo = (depth) => {
    const f = frames[frames.length - 1 - depth];
    if (!f) return;
    if (f.kind === 'loop') blocks[cur].succ.push(f.loopHeader);
    else f.exits.push(cur);
  };
  let dead = false; // after br/return/unreachable until the frame's end or else
  const startBlockAfter = (fallthrough) => {
    const next = newBlock();
    if (fallthrough) blocks[cur].succ.push(next);
    cur = next;
  };

  while (!r.atEnd()) {
    const op = r.byte();
    switch (op) {
      case 0x02: case 0x06: { // block, try
        const bt = blockType();
        frames.push({ kind: 'block', exits: [], loopHeader: null });
        void bt;
        break;
      }
      case 0x03: { // loop
        const bt = blockType();
        const header = newBlock();
        blocks[cur].succ.push(header);
        cur = header;
        const carriesV128 = bt.params.includes(V128);
        frames.push({ kind: 'loop', exits: [], loopHeader: header });
        loops.push({ header, offset: r.pos, carriesV128 });
        break;
      }
      case 0x04: { // if
        blockType();
        const cond = cur;
        const then = newBlock();
        blocks[cond].succ.push(then);
        cur = then;
        frames.push({ kind: 'if', exits: [], loopHeader: null, cond, hasElse: false });
        break;
      }
      case 0x05: { // else
        const f = frames[frames.length - 1];
        if (!dead) f.exits.push(cur);
        const elseBlock = newBlock();
        blocks[f.cond].succ.push(elseBlock);
        f.hasElse = true;
        cur = elseBlock;
        dead = false;
        break;
      }
      case 0x07: case 0x19: { // catch, catch_all: entered from anywhere in the try
        if (op === 0x07) r.u32();
        const f = frames[frames.length - 1];
        if (!dead) f.exits.push(cur);
        cur = newBlock();
        dead = false;
        break;
      }
      case 0x18: { // delegate ends a try
        r.u32();
        const f = frames.pop();
        const after = newBlock();
        if (!dead) blocks[cur].succ.push(after);
        for (const e of f.exits) blocks[e].succ.push(after);
        cur = after;
        dead = false;
        break;
      }
      case 0x0b: { // end
        const f = frames.pop();
        if (f.kind === 'func' || frames.length === 0) {
          return finish();
        }
        const after = newBlock();
        if (!dead) blocks[cur].succ.push(after);
        for (const e of f.exits) blocks[e].succ.push(after);
        if (f.kind === 'if' && !f.hasElse) blocks[f.cond].succ.push(after);
        cur = after;
        dead = false;
        break;
      }
      case 0x0c: // br
        branchTo(r.u32());
        dead = true;
        startBlockAfter(false);
        break;
      case 0x0d: // br_if
        branchTo(r.u32());
        startBlockAfter(true);
        break;
      case 0x0e: { // br_table
        for (let n = r.u32(); n > 0; n--) branchTo(r.u32());
        branchTo(r.u32());
        dead = true;
        startBlockAfter(false);
        break;
      }
      case 0x00: case 0x0f: case 0x09: case 0x08: case 0x0a: // unreachable, return, rethrow, throw, throw_ref
        if (op === 0x09 || op === 0x08) r.u32();
        dead = true;
        startBlockAfter(false);
        break;
      case 0x10: fn.calls.add(r.u32()); break;
      case 0x12: fn.calls.add(r.u32()); dead = true; startBlockAfter(false); break;
      case 0x11: fn.indirectTypes.add(r.u32()); r.u32(); break;
      case 0x13: fn.indirectTypes.add(r.u32()); r.u32(); dead = true; startBlockAfter(false); break;
      case 0x14: case 0x15: r.u32(); break;
      case 0x1c: for (let n = r.u32(); n > 0; n--) if (valType(r) === V128) fn.usesSimd = true; break;
      case 0x20: read(r.u32()); break;
      case 0x21: write(r.u32()); break;
      case 0x22: write(r.u32()); break;
      case 0x23: case 0x24: case 0x25: case 0x26: r.u32(); break;
      case 0x3f: case 0x40: r.u32(); break;
      case 0x41: case 0x42: r.sleb(); break;
      case 0x43: r.bytes(4); break;
      case 0x44: r.bytes(8); break;
      case 0xd0: r.sleb(); break;
      case 0xd2: r.u32(); break;
      case 0xd5: case 0xd6: r.u32(); break;
      case 0x1f: { // try_table
        blockType();
        for (let n = r.u32(); n > 0; n--) {
          const kind = r.byte();
          if (kind === 0 || kind === 1) r.u32();
          r.u32();
        }
        frames.push({ kind: 'block', exits: [], loopHeader: null });
        break;
      }
      case 0xfc: {
        const sub = r.u32();
        if (sub <= 7) break;
        if (sub === 8) { r.u32(); r.u32(); }
        else if (sub === 9 || sub === 11 || sub === 13 || sub === 15 || sub === 16 || sub === 17) r.u32();
        else if (sub === 10 || sub === 12 || sub === 14) { r.u32(); r.u32(); }
        else throw new Error(`0xfc ${sub} is not supported`);
        break;
      }
      case 0xfd: {
        fn.usesSimd = true;
        const sub = r.u32();
        if (sub <= 11 || sub === 92 || sub === 93) memarg();
        else if (sub === 12 || sub === 13) r.bytes(16);
        else if (sub >= 21 && sub <= 34) r.byte();
        else if (sub >= 84 && sub <= 91) { memarg(); r.byte(); }
        break;
      }
      case 0xfe: {
        const sub = r.u32();
        if (sub === 3) r.byte(); else memarg();
        break;
      }
      default:
        if ((op >= 0x28 && op <= 0x3e)) memarg();
        else if ((op >= 0x45 && op <= 0xc4) || op === 0x01 || op === 0x1a || op === 0x1b || op === 0xd1 || op === 0xd3 || op === 0xd4) { /* no immediate */ }
        else throw new Error(`${fn.name}: opcode 0x${op.toString(16)} at byte ${r.pos - 1} is not supported`);
    }
  }
  throw new Error(`${fn.name}: body without end`);

  function finish() {
    // Backward liveness of v128 locals: live_in = uses ∪ (live_out − defs).
    const liveIn = blocks.map(() => new Set());
    let changed = true;
    while (changed) {
      changed = false;
      for (let i = blocks.length - 1; i >= 0; i--) {
        const b = blocks[i];
        const out = new Set();
        for (const s of b.succ) for (const v of liveIn[s]) out.add(v);
        const inn = new Set(b.uses);
        for (const v of out) if (!b.defs.has(v)) inn.add(v);
        if (inn.size !== liveIn[i].size) {
          liveIn[i] = inn;
          changed = true;
        }
      }
    }
    for (const loop of loops) {
      const live = [...liveIn[loop.header]].sort((a, b) => a - b);
      if (live.length > 0 || loop.carriesV128) {
        fn.loopCarries.push({
          offset: loop.offset,
          locals: live,
          ...(loop.carriesV128 ? { loopParams: true } : {}),
        });
      }
    }
  }
}

/**
 * The module marked, then checked: { bytes, marked, result }. Throws, listing every call edge
 * and loop carry, if the marked module still has the pattern.
 */
export function markChecked(bytes, what = 'the module') {
  const { bytes: out, marked } = mark(bytes);
  const result = analyze(out);
  const problems = [
    ...result.callEdges.map((e) => `call edge: ${e.caller} -> ${e.callee} (${e.kind})`),
    ...result.loopCarries.map((c) => `loop carry: ${c.function}, v128 local(s) ${c.locals.join(', ')}`),
  ];
  if (problems.length > 0) {
    throw new Error(`${what} still has the SIMD pattern after marking:\n  ${problems.join('\n  ')}`);
  }
  return { bytes: out, marked, result };
}

/** The report of one module as text lines, and whether it is clean. */
export function report(file, result) {
  const lines = [`${file}: ${result.functions} functions, ${result.simdFunctions} use SIMD; ` +
    `${result.callEdges.length} call edges from non-SIMD to SIMD, ${result.loopCarries.length} loops carrying v128`];
  for (const e of result.callEdges) lines.push(`  call edge: ${e.caller} -> ${e.callee}${e.kind === 'call' ? '' : ` (${e.kind})`}`);
  for (const c of result.loopCarries) {
    lines.push(`  loop carry: ${c.function}, loop at byte ${c.offset}: v128 local(s) ${c.locals.join(', ')}${c.loopParams ? ' and v128 loop parameters' : ''}`);
  }
  return { lines, clean: result.callEdges.length === 0 && result.loopCarries.length === 0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--mark') {
    if (args.length !== 3) {
      console.error('usage: node scripts/simd-pattern.mjs --mark IN.wasm OUT.wasm');
      process.exit(2);
    }
    const { bytes, marked } = mark(readFileSync(args[1]));
    writeFileSync(args[2], bytes);
    console.log(`${args[2]}: ${marked.length} functions given a v128 local (they reach SIMD code by calls)`);
    process.exit(0);
  }
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (files.length === 0) {
    console.error('usage: node scripts/simd-pattern.mjs [--json] MODULE.wasm...');
    process.exit(2);
  }
  let clean = true;
  for (const file of files) {
    const result = analyze(readFileSync(file));
    if (json) {
      console.log(JSON.stringify({ file, ...result }));
      clean &&= result.callEdges.length === 0 && result.loopCarries.length === 0;
    } else {
      const rep = report(file, result);
      for (const line of rep.lines) console.log(line);
      clean &&= rep.clean;
    }
  }
  process.exit(clean ? 0 : 1);
}
