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
// Done: a library may leave timers behind that would keep the process alive for minutes (JsSIP's Subscriber keeps
// its refresh timer after sign-out until a final NOTIFY that a closed connection never brings: the certificates suite).
process.exit(process.exitCode ?? 0);
