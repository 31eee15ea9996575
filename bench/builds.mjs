// Compares builds of the package in one Node process, for the size ledger's speed trade-offs
// (README, "Size ledger"): each argument is a built pkg/ directory (copy pkg/ aside after each
// `bash scripts/build.sh`); the same calls on each, interleaved build by build over 15 rounds,
// the fastest round per call reported (least disturbed by the machine), in µs per call.
//   node bench/builds.mjs /tmp/pkg-a /tmp/pkg-b
const dirs = process.argv.slice(2);
const libs = [];
for (const d of dirs) libs.push(await import(`${d}/node.mjs`));
const text = JSON.stringify({ a: 'x'.repeat(240) }).slice(0, 262);
const big = new Uint8Array(1048544).fill(7);
const setups = libs.map((m) => {
  const c = m.TokenCipher.fromHex('000102030405060708090a0b0c0d0e0f1011121314151617');
  return { c, token: c.encrypt(text), bigTok: c.encryptBytes(big) };
});
const RESET = {
  clientId: 'WibmoClient', secureCode: 'AfZtpO5krtySIhXyNmGg1G', bankId: 2010, customerId: 'QVdzHtZsuG',
  last4Digits: '8172', urn: '402', newPIN: '5829',
};
const ops = {
  'validateResetPin': [2000, (s, m) => m.validateResetPin(RESET)],
  'sealResetPin': [2000, (s, m) => m.sealResetPin(RESET, s.c)],
  'encrypt 262B': [2000, (s) => s.c.encrypt(text)],
  'decrypt 262B': [2000, (s) => s.c.decrypt(s.token)],
  'encryptBytes 1MiB': [3, (s) => s.c.encryptBytes(big)],
  'decryptBytes 1MiB': [3, (s) => s.c.decryptBytes(s.bigTok)],
};
const best = {};
for (let round = 0; round < 15; round++) {
  for (const [name, [n, f]] of Object.entries(ops)) {
    setups.forEach((s, i) => {
      const t = process.hrtime.bigint();
      for (let k = 0; k < n; k++) f(s, libs[i]);
      const us = Number(process.hrtime.bigint() - t) / n / 1000;
      const key = `${name}|${i}`;
      best[key] = Math.min(best[key] ?? Infinity, us);
    });
  }
}
for (const name of Object.keys(ops)) {
  console.log(name.padEnd(20), dirs.map((d, i) => `${d.split('/').pop()}=${best[`${name}|${i}`].toFixed(2)}`).join('  '));
}
