/** `npm run bench`: prints one table per suite. Numbers, not assertions (see README). */
import { benchApp } from './app.bench.ts';
import { benchCryptoCore } from './crypto-core.bench.ts';
import { benchCryptoParts } from './crypto-parts.bench.ts';
import { benchServer } from './server.bench.ts';

const suites: [string, () => Promise<void>][] = [
  ['crypto-core', benchCryptoCore],
  ['crypto-parts', benchCryptoParts],
  ['server', benchServer],
  ['app', benchApp],
];
const only = process.argv[2];

console.log(`SealPhone benchmarks: node ${process.version}, ${process.platform}/${process.arch}`);
for (const [name, run] of suites) {
  if (only && only !== name) continue;
  await run();
}
