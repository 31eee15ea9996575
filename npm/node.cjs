// Node CommonJS entry: the ESM entry itself (node.mjs), loaded by require() of an ES module
// (Node 20.19+ and 22.12+), so `import` and `require` in one process share one module instance:
// one PinsealError class, and a TokenCipher made on either side works on the other.
'use strict';
module.exports = require('./node.mjs');
