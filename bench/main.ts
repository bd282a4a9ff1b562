/** `npm run bench`: prints one table per suite. Numbers, not assertions (see README). */
import { benchApp } from './app.bench.ts';
import { benchCertificates } from './certificates.bench.ts';
import { benchCryptoCore } from './crypto-core.bench.ts';
import { benchCryptoParts } from './crypto-parts.bench.ts';
import { benchSecure } from './secure.bench.ts';
import { benchServer } from './server.bench.ts';

const suites: [string, () => Promise<void>][] = [
  ['crypto-core', benchCryptoCore],
  ['crypto-parts', benchCryptoParts],
  ['server', benchServer],
  ['app', benchApp],
  ['certificates', benchCertificates],
  ['secure', benchSecure],
];
const only = process.argv[2];

console.log(`SealPhone benchmarks: node ${process.version}, ${process.platform}/${process.arch}`);
for (const [name, run] of suites) {
  if (only && only !== name) continue;
  await run();
}
// Done: exit now rather than wait for the bench helpers' own timeouts (test/helpers/raw-sip-client.ts waits up to 5 s).
process.exit(process.exitCode ?? 0);
