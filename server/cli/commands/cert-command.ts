/** `sealphone cert new`: a self-signed certificate and its passphrase-protected key, as the softphone makes them. */
import { writeFileSync } from 'node:fs';
import { encryptPrivateKeyInfo } from '../../../src/core/pkcs8/index.ts';
import { createSelfSignedCertificate, formatFingerprint, parseCertificate } from '../../../src/core/x509/index.ts';
import { parseOptions, required, UsageError, type Command } from '../command.ts';

export const certCommand: Command = {
  name: 'cert',
  usage: [
    'cert new --aor sip:alice@example.test --cert-out alice.der --key-out alice.p8 --passphrase PW [--rsa] [--days 365]',
    '    write a self-signed certificate (DER) and its EncryptedPrivateKeyInfo (DER, PBES2 AES-256-CBC)',
  ],
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      aor: { type: 'string' },
      'cert-out': { type: 'string' },
      'key-out': { type: 'string' },
      passphrase: { type: 'string' },
      rsa: { type: 'boolean', default: false },
      days: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.usage.join('\n'));
      return 0;
    }
    if (positionals[0] !== 'new' || positionals.length !== 1) throw new UsageError('expected `cert new`');
    const aor = required(values, 'aor');
    const certOut = required(values, 'cert-out');
    const keyOut = required(values, 'key-out');
    const passphrase = required(values, 'passphrase');
    const validityDays = values.days === undefined ? undefined : Number(values.days);
    const crypto = globalThis.crypto;
    const credential = await createSelfSignedCertificate({ aor, keyType: values.rsa ? 'RSA-2048' : 'P-256', validityDays }, crypto);
    const encryptedKey = await encryptPrivateKeyInfo(credential.privateKeyInfo, passphrase, crypto);
    writeFileSync(certOut, credential.certificateDer);
    writeFileSync(keyOut, encryptedKey, { mode: 0o600 });
    const parsed = await parseCertificate(credential.certificateDer, crypto);
    io.out(`certificate for ${parsed.sanUris.join(', ')} valid until ${parsed.notAfter.toISOString()}`);
    io.out(`SHA-256 fingerprint ${formatFingerprint(parsed.fingerprintSha256)}`);
    return 0;
  },
};
