// The boundary table of cases.mjs, in Node (initSync with the bytes from disk).
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as pinseal from '../../pkg/pinseal.js';
import { cases } from './cases.mjs';

pinseal.initSync({ module: readFileSync(new URL('../../pkg/pinseal_bg.wasm', import.meta.url)) });

for (const c of cases(pinseal)) test(c.name, () => c.run());
