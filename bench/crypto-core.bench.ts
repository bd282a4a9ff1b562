/**
 * Sign+encrypt and decrypt+verify of a 3 KB SDP with P-256 keys: our core (in Node's WebCrypto) against the
 * openssl command doing the same work (one process per step, process start included, as a SIP tool would).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptThenVerify, signThenEncrypt } from '../src/core/cms/sign-then-encrypt.ts';
import { toPem } from '../src/core/pem.ts';
import { createSelfSignedCertificate } from '../src/core/x509/index.ts';
import { opsPerSecond, printTable } from './table.ts';

export function sampleSdp(bytes = 3072): string {
  const lines = ['v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126', 'c=IN IP4 0.0.0.0'];
  let i = 0;
  while (lines.join('\r\n').length < bytes - 80) lines.push(`a=candidate:${i++} 1 udp 2122260223 192.0.2.${i % 250} ${50000 + i} typ host generation 0 network-id 1`);
  const sdp = lines.join('\r\n') + '\r\n';
  return sdp.padEnd(bytes - 2, ' ') + '\r\n';
}

export async function benchCryptoCore(): Promise<void> {
  const crypto = globalThis.crypto;
  const sdp = new TextEncoder().encode(sampleSdp());
  const alice = await createSelfSignedCertificate({ aor: 'sip:alice@bench.test' }, crypto);
  const bob = await createSelfSignedCertificate({ aor: 'sip:bob@bench.test' }, crypto);
  const aliceSigner = { certificate: alice.certificateDer, keys: alice.keys };
  const bobRecipient = { certificate: bob.certificateDer, keys: bob.keys };
  const recipients = [bob.certificateDer, alice.certificateDer];

  const sealed = await signThenEncrypt(sdp, aliceSigner, recipients, crypto);
  const seal = await opsPerSecond(() => signThenEncrypt(sdp, aliceSigner, recipients, crypto));
  const open = await opsPerSecond(() => decryptThenVerify(sealed, bobRecipient, crypto, { expectedSigner: alice.certificateDer }));

  const dir = mkdtempSync(join(tmpdir(), 'sealphone-bench-'));
  try {
    const file = (name: string, data: Uint8Array | string) => {
      writeFileSync(join(dir, name), data);
      return name;
    };
    file('sdp', sdp);
    file('alice.pem', toPem('CERTIFICATE', alice.certificateDer));
    file('alice.key', toPem('PRIVATE KEY', alice.privateKeyInfo));
    file('bob.pem', toPem('CERTIFICATE', bob.certificateDer));
    file('bob.key', toPem('PRIVATE KEY', bob.privateKeyInfo));
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const opensslSeal = () => {
      openssl('cms', '-sign', '-binary', '-nodetach', '-md', 'sha256', '-outform', 'DER', '-signer', 'alice.pem', '-inkey', 'alice.key', '-in', 'sdp', '-out', 'signed.der');
      openssl('cms', '-encrypt', '-binary', '-aes-128-gcm', '-outform', 'DER', '-in', 'signed.der', '-out', 'sealed.der',
        '-recip', 'bob.pem', '-keyopt', 'ecdh_kdf_md:sha256', '-recip', 'alice.pem', '-keyopt', 'ecdh_kdf_md:sha256');
    };
    const opensslOpen = () => {
      openssl('cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'sealed.der', '-recip', 'bob.pem', '-inkey', 'bob.key', '-out', 'inner.der');
      openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', 'inner.der', '-CAfile', 'alice.pem', '-purpose', 'any', '-out', 'plain');
    };
    const sslSeal = await opsPerSecond(async () => opensslSeal(), 2000, 2);
    const sslOpen = await opsPerSecond(async () => opensslOpen(), 2000, 2);
    printTable(
      `S/MIME of a ${sdp.length}-byte SDP, P-256, AES-128-GCM, 2 recipients (ops/s; openssl = one process per step)`,
      ['operation', 'SealPhone core', 'openssl CLI', 'ratio core/openssl', 'core ms/op', 'openssl ms/op'],
      [
        ['sign + encrypt', seal.ops, sslSeal.ops, `${(seal.ops / sslSeal.ops).toFixed(2)}x`, seal.msPerOp, sslSeal.msPerOp],
        ['decrypt + verify', open.ops, sslOpen.ops, `${(open.ops / sslOpen.ops).toFixed(2)}x`, open.msPerOp, sslOpen.msPerOp],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
