/**
 * The parts of sign+encrypt and decrypt+verify (crypto-core.bench.ts) one by one, same SDP and keys: where the time
 * of a whole operation goes. The certificates are passed in new arrays each time, as callers may do.
 */
import { decryptEnvelope, encryptEnvelope } from '../src/core/cms/envelope/index.ts';
import { signData, verifySignedData } from '../src/core/cms/signed/index.ts';
import { createSelfSignedCertificate } from '../src/core/x509/index.ts';
import { sampleSdp } from './crypto-core.bench.ts';
import { opsPerSecond, printTable } from './table.ts';

export async function benchCryptoParts(): Promise<void> {
  const crypto = globalThis.crypto;
  const sdp = new TextEncoder().encode(sampleSdp());
  const alice = await createSelfSignedCertificate({ aor: 'sip:alice@bench.test' }, crypto);
  const bob = await createSelfSignedCertificate({ aor: 'sip:bob@bench.test' }, crypto);
  const signed = await signData(sdp, { certificate: alice.certificateDer, keys: alice.keys }, crypto);
  const enveloped = await encryptEnvelope(signed, [bob.certificateDer, alice.certificateDer], crypto);

  const parts: [string, () => Promise<unknown>][] = [
    ['signData', () => signData(sdp, { certificate: alice.certificateDer.slice(), keys: alice.keys }, crypto)],
    ['verifySignedData', () => verifySignedData(signed, crypto, { expectedSigner: alice.certificateDer.slice() })],
    ['encryptEnvelope, 2 recipients', () => encryptEnvelope(signed, [bob.certificateDer.slice(), alice.certificateDer.slice()], crypto)],
    ['encryptEnvelope, 1 recipient', () => encryptEnvelope(signed, [bob.certificateDer.slice()], crypto)],
    ['decryptEnvelope', () => decryptEnvelope(enveloped, { certificate: bob.certificateDer.slice(), keys: bob.keys }, crypto)],
  ];
  const rows: (string | number)[][] = [];
  for (const [name, run] of parts) {
    const { ops, msPerOp } = await opsPerSecond(run, 1000);
    rows.push([name, ops, msPerOp]);
  }
  printTable(`The parts, ${sdp.length}-byte SDP, P-256, AES-128-GCM (ops/s)`, ['part', 'ops/s', 'ms/op'], rows);
}
