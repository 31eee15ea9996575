// The JSDoc of the npm package's declarations (npm/pinseal.d.ts), as editors show it to users:
// every exported function, every TokenCipher method (static and instance), `init` and `initSync`
// carry a description, a @param per declared parameter (same names, same order), @returns unless
// they return void, @throws (each with its type, and for PinsealError only codes of `ErrorCode`)
// and an @example whose ```ts block, extracted as it stands, type-checks with
// `tsc --strict --noEmit` against the declarations installed as the package `pinseal`. Every
// field of the input interfaces has JSDoc, and the file cites no section of the specification
// (it ships; the specification does not).
//
// The declarations are parsed by the TypeScript compiler itself, through the API of the
// `typescript` dev dependency (TypeScript 7: `typescript/unstable/sync` runs the compiler as a
// child process and hands back its syntax tree, JSDoc included). Needs `npm ci`, not a build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API } from 'typescript/unstable/sync';
import { SyntaxKind } from 'typescript/unstable/ast';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DTS = join(root, 'npm', 'pinseal.d.ts');
const TSC = join(root, 'node_modules', '.bin', 'tsc');
const SOURCE = readFileSync(DTS, 'utf8');
/** The interfaces whose every field must be documented (the callers' input). */
const INPUTS = ['ResetPinInput', 'SetPinInput'];
/** Compiler options of the examples: a strict ESM program with the DOM lib (init fetches). */
const COMPILER_OPTIONS = {
  strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
  lib: ['es2022', 'dom'], types: [],
};

/** `npm/pinseal.d.ts:LINE` of a position in the file. */
const where = (pos) => `npm/pinseal.d.ts:${SOURCE.slice(0, pos).split('\n').length}`;

/** The text of a JSDoc comment (a string, or a list of text and link nodes). */
function commentText(comment) {
  if (comment === undefined) return '';
  if (typeof comment === 'string') return comment;
  return Array.from(comment, (part) => (part.kind === SyntaxKind.JSDocText ? part.text : part.getText())).join('');
}

const hasModifier = (node, kind) => Array.from(node.modifiers ?? []).some((m) => m.kind === kind);

/** The JSDoc of a declaration (the comment nearest to it, as editors show), or null. */
function docOf(node) {
  const docs = node.jsDoc ?? [];
  const doc = docs[docs.length - 1];
  if (!doc) return null;
  const tags = Array.from(doc.tags ?? [], (tag) => ({
    tag: tag.tagName.text,
    name: tag.kind === SyntaxKind.JSDocParameterTag ? tag.name.getText() : undefined,
    type: tag.typeExpression ? tag.typeExpression.getText().replace(/^\{|\}$/g, '').trim() : undefined,
    text: commentText(tag.comment).trim(),
  }));
  return { description: commentText(doc.comment).trim(), tags };
}

/** A function or method declaration as the checks need it. */
function callable(name, node) {
  return {
    name,
    at: where(node.getStart()),
    parameters: Array.from(node.parameters, (p) => p.name.getText()),
    returnsVoid: node.type?.kind === SyntaxKind.VoidKeyword,
    doc: docOf(node),
  };
}

/**
 * Parses the declarations with the compiler: a project of their copy alone, in `dir`. Returns
 * the callables, the documented fields of the input interfaces and the codes of `ErrorCode`.
 */
function parse(dir, file) {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: [relative(dir, file)] }));
  const api = new API({ cwd: dir });
  try {
    const snapshot = api.updateSnapshot({ openProjects: [join(dir, 'tsconfig.json')] });
    const [project] = snapshot.getProjects();
    const source = project?.program.getSourceFile(file);
    assert.ok(source, `the compiler did not load ${file}`);
    const callables = [];
    const fields = {};
    const errorCodes = new Set();
    for (const node of source.statements) {
      const exported = hasModifier(node, SyntaxKind.ExportKeyword);
      if (node.kind === SyntaxKind.FunctionDeclaration && exported) {
        callables.push(callable(node.name.text, node));
      } else if (node.kind === SyntaxKind.ClassDeclaration && exported) {
        for (const member of node.members) {
          if (member.kind !== SyntaxKind.MethodDeclaration || hasModifier(member, SyntaxKind.PrivateKeyword)) continue;
          const separator = hasModifier(member, SyntaxKind.StaticKeyword) ? '.' : '#';
          callables.push(callable(`${node.name.text}${separator}${member.name.getText()}`, member));
        }
      } else if (node.kind === SyntaxKind.InterfaceDeclaration && INPUTS.includes(node.name.text)) {
        fields[node.name.text] = Array.from(node.members, (member) => ({
          name: member.name.getText(),
          at: where(member.getStart()),
          doc: docOf(member),
        }));
      } else if (node.kind === SyntaxKind.TypeAliasDeclaration && node.name.text === 'ErrorCode') {
        for (const member of node.type.types ?? []) {
          if (member.kind === SyntaxKind.LiteralType) errorCodes.add(member.literal.text);
        }
      }
    }
    return { callables, fields, errorCodes };
  } finally {
    api.close();
  }
}

/** The ```ts blocks of an @example text. */
const tsBlocks = (text) => Array.from(text.matchAll(/```ts\n([\s\S]*?)\n```/g), (m) => m[1]);

/** How an example shows the call it documents: `init(`, `TokenCipher.fromHex(`, `.encrypt(`. */
function callPattern(name) {
  const [owner, method] = name.split(/[.#]/);
  if (method === undefined) return new RegExp(`\\b${owner}\\(`);
  return name.includes('#') ? new RegExp(`\\.${method}\\(`) : new RegExp(`\\b${owner}\\.${method}\\(`);
}

/** Every problem of one callable's JSDoc, as sentences naming the tag at fault. */
function problemsOf(item, errorCodes) {
  const { doc, parameters, returnsVoid } = item;
  if (doc === null) return ['has no JSDoc comment'];
  const problems = [];
  const tags = (...names) => doc.tags.filter((t) => names.includes(t.tag));
  if (doc.description === '') problems.push('has no description (text before the first tag)');

  const params = tags('param');
  const documented = params.map((t) => t.name);
  if (documented.join() !== parameters.join()) {
    problems.push(`@param tags name [${documented.join(', ')}], the declaration's parameters are [${parameters.join(', ')}]`);
  }
  for (const t of params) if (t.text === '') problems.push(`@param ${t.name} has no description`);

  const returns = tags('returns', 'return');
  if (returnsVoid && returns.length > 0) problems.push('has @returns but returns void');
  if (!returnsVoid && returns.length === 0) problems.push('has no @returns (it does not return void)');
  for (const t of returns) if (t.text === '') problems.push('@returns has no description');

  const throws = tags('throws', 'exception');
  if (throws.length === 0) problems.push('has no @throws');
  for (const t of throws) {
    if (!t.type) problems.push(`@throws without a {type}: "${t.text}"`);
    if (t.text === '') problems.push(`@throws {${t.type}} says nothing of when`);
    if (t.type === 'PinsealError') {
      const codes = Array.from(t.text.matchAll(/`([A-Z][A-Z0-9_]+)`/g), (m) => m[1]);
      if (codes.length === 0) problems.push(`@throws {PinsealError} names no \`CODE\`: "${t.text}"`);
      for (const code of codes) {
        if (!errorCodes.has(code)) problems.push(`@throws {PinsealError} names ${code}, which is not an ErrorCode`);
      }
    }
  }

  const examples = tags('example');
  if (examples.length === 0) problems.push('has no @example');
  for (const [i, t] of examples.entries()) {
    const blocks = tsBlocks(t.text);
    if (blocks.length !== 1) {
      problems.push(`@example #${i + 1} has ${blocks.length} \`\`\`ts blocks, not 1`);
      continue;
    }
    if (!/^import\b[^;]*\bfrom\s+["']pinseal["'];?$/m.test(blocks[0])) {
      problems.push(`@example #${i + 1} does not import from "pinseal"`);
    }
    if (!callPattern(item.name).test(blocks[0])) problems.push(`@example #${i + 1} never calls ${item.name}`);
  }
  return problems;
}

/** Runs tsc on `files` (absolute) in `dir`; returns its diagnostics by absolute file name, and its output. */
function typeCheck(dir, files) {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: COMPILER_OPTIONS,
    files: files.map((f) => relative(dir, f)),
  }));
  const run = spawnSync(TSC, ['-p', '.', '--strict', '--noEmit', '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  if (run.error) throw run.error;
  const diagnostics = new Map();
  let list; // the diagnostics of the file named last
  for (const line of `${run.stdout}${run.stderr}`.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (m) {
      const file = resolve(dir, m[1]);
      list = diagnostics.get(file) ?? [];
      diagnostics.set(file, list);
      list.push(`line ${m[2]}: ${m[4]} ${m[5]}`);
    } else if (line.trim() !== '' && list !== undefined) {
      // An elaboration of the diagnostic above (indented).
      list[list.length - 1] += `\n      ${line.trim()}`;
    }
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}`, diagnostics };
}

// All the work up front, in one temporary project removed afterwards: the declarations installed
// as node_modules/pinseal (the package's own package.json beside them, so "pinseal" resolves as a
// user's program resolves it), parsed, then every example written out and type-checked at once.
assert.ok(existsSync(TSC), `${TSC} is missing: run \`npm ci\` in the repository root`);
const work = mkdtempSync(join(tmpdir(), 'pinseal-jsdoc-'));
let parsed;
const examples = []; // { of, index, file }
let checked;
try {
  const pkg = join(work, 'node_modules', 'pinseal');
  mkdirSync(pkg, { recursive: true });
  copyFileSync(join(root, 'npm', 'package.json'), join(pkg, 'package.json'));
  copyFileSync(DTS, join(pkg, 'pinseal.d.ts'));
  copyFileSync(DTS, join(pkg, 'pinseal.d.cts'));
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'pinseal-jsdoc-examples', private: true, type: 'module' }));
  parsed = parse(work, join(pkg, 'pinseal.d.ts'));

  mkdirSync(join(work, 'examples'));
  for (const item of parsed.callables) {
    const blocks = (item.doc?.tags ?? []).filter((t) => t.tag === 'example').map((t) => tsBlocks(t.text)[0]);
    for (const [index, code] of blocks.entries()) {
      if (code === undefined) continue; // reported by the JSDoc test
      const file = join(work, 'examples', `${item.name.replace(/[.#]/g, '_')}-${index + 1}.ts`);
      writeFileSync(file, `${code}\n`);
      examples.push({ of: item.name, index, file });
    }
  }
  checked = typeCheck(work, examples.map((e) => e.file));
} finally {
  rmSync(work, { recursive: true, force: true });
}

test('the declarations were parsed: every export, the input interfaces and ErrorCode', () => {
  const names = parsed.callables.map((c) => c.name);
  for (const name of ['init', 'initSync', 'validatePin', 'sealResetPin', 'TokenCipher.fromHex', 'TokenCipher#encrypt', 'TokenCipher#free']) {
    assert.ok(names.includes(name), `${name} not found among ${names.join(', ')}`);
  }
  assert.ok(names.length >= 25, `only ${names.length} functions and methods found`);
  for (const name of INPUTS) assert.ok(parsed.fields[name]?.length >= 9, `interface ${name} not found, or too few fields`);
  assert.ok(parsed.errorCodes.has('INVALID_INPUT') && parsed.errorCodes.size >= 12, 'the ErrorCode union was not read');
});

test('the declarations cite no section of the specification (it is not shipped)', () => {
  const citations = SOURCE.split('\n')
    .map((line, i) => [i + 1, line])
    .filter(([, line]) => /\bSPEC\b|§/.test(line))
    .map(([n, line]) => `npm/pinseal.d.ts:${n}: ${line.trim()}`);
  assert.deepEqual(citations, [], `lines citing SPEC:\n  ${citations.join('\n  ')}`);
});

for (const item of parsed.callables) {
  test(`JSDoc of ${item.name}: description, @param, @returns, @throws, @example`, () => {
    const problems = problemsOf(item, parsed.errorCodes);
    assert.deepEqual(problems, [], `${item.name} (${item.at}):\n  ${problems.join('\n  ')}`);
  });
}

for (const name of INPUTS) {
  test(`every field of ${name} has JSDoc`, () => {
    const undocumented = parsed.fields[name]
      .filter((field) => field.doc === null || field.doc.description === '')
      .map((field) => `${name}.${field.name} (${field.at})`);
    assert.deepEqual(undocumented, [], `fields without JSDoc: ${undocumented.join(', ')}`);
  });
}

test('tsc type-checks the examples against the declarations alone (no error outside the examples)', () => {
  assert.ok(examples.length >= parsed.callables.length,
    `${examples.length} examples type-checked for ${parsed.callables.length} declarations (the JSDoc tests name the one without)`);
  const others = [...checked.diagnostics].filter(([file]) => !examples.some((e) => e.file === file));
  assert.deepEqual(others, [], `tsc errors outside the examples:\n${checked.output}`);
  assert.ok(checked.status === 0 || checked.diagnostics.size > 0, `tsc failed without a diagnostic:\n${checked.output}`);
});

for (const example of examples) {
  test(`the @example #${example.index + 1} of ${example.of} type-checks (tsc --strict --noEmit)`, () => {
    const errors = checked.diagnostics.get(example.file) ?? [];
    assert.deepEqual(errors, [], `${example.of}, @example #${example.index + 1}:\n  ${errors.join('\n  ')}`);
  });
}

/** The `PinsealError` codes a callable's `@throws` tags name. */
const thrownCodes = (item) => new Set((item.doc?.tags ?? [])
  .filter((t) => (t.tag === 'throws' || t.tag === 'exception') && t.type === 'PinsealError')
  .flatMap((t) => Array.from(t.text.matchAll(/`([A-Z][A-Z0-9_]+)`/g), (m) => m[1])));

test("the npm README's API table lists, per row, exactly the codes its calls' @throws name", () => {
  const readme = readFileSync(join(root, 'npm', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## API\n'), readme.indexOf('\n## ', readme.indexOf('\n## API\n') + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  assert.ok(rows.length >= 10, `only ${rows.length} rows found in the API table`);
  const problems = [];
  let covered = 0;
  for (const row of rows) {
    const [calls, , codes] = row.split(' | ');
    const names = Array.from(calls.matchAll(/([A-Za-z]+)\(/g), (m) => m[1]);
    const items = names.map((n) => parsed.callables.find((c) => c.name === n || c.name.endsWith(`.${n}`) || c.name.endsWith(`#${n}`)));
    names.forEach((n, i) => { if (items[i] === undefined) problems.push(`${n}: no such declaration`); });
    const declared = new Set(items.filter(Boolean).flatMap((item) => [...thrownCodes(item)]));
    const listed = new Set(Array.from(codes.matchAll(/`([A-Z][A-Z0-9_]+)`/g), (m) => m[1]));
    const missing = [...declared].filter((c) => !listed.has(c));
    const extra = [...listed].filter((c) => !declared.has(c));
    if (missing.length || extra.length) problems.push(`${names.join('/')}: missing [${missing}], not thrown [${extra}]`);
    covered += items.filter(Boolean).length;
  }
  assert.deepEqual(problems, [], problems.join('\n'));
  assert.ok(covered >= 20, `the table names only ${covered} declared calls`);
});
