// The boundary table of cases.mjs and the Wycheproof vectors of vector-cases.mjs, in Node
// (initSync with the bytes from disk).
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as pinseal from '../../pkg/pinseal.js';
import { cases } from './cases.mjs';
import { vectorCases } from './vector-cases.mjs';

pinseal.initSync({ module: readFileSync(new URL('../../pkg/pinseal_bg.wasm', import.meta.url)) });

const vectors = JSON.parse(readFileSync(new URL('../vectors/wycheproof_aes192_cbc_pkcs5.json', import.meta.url), 'utf8'));

for (const c of cases(pinseal)) test(c.name, () => c.run());
for (const c of vectorCases(pinseal, vectors)) test(c.name, () => c.run());
