// Node CommonJS entry: the same glue converted to CommonJS at package time (pinseal.cjs), the
// same .wasm read from disk and instantiated synchronously at require time.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const glue = require('./pinseal.cjs');

glue.initSync({ module: readFileSync(join(__dirname, 'pinseal_bg.wasm')) });

module.exports = glue;
