/** `sealphone smime encrypt|decrypt`: the softphone's S/MIME profile on files, for operators and QA. */
import { readFileSync, writeFileSync } from 'node:fs';
import { decryptThenVerify, signThenEncrypt, type ContentCipher } from '../../../src/core/cms/sign-then-encrypt.ts';
import { derFromPemOrDer } from '../../../src/core/pem.ts';
import { openPrivateKey } from '../../../src/core/pkcs8/index.ts';
import { parseCertificate } from '../../../src/core/x509/index.ts';
import { parseOptions, required, UsageError, type Command } from '../command.ts';

const CIPHERS: Record<string, ContentCipher> = { 'aes-128-gcm': 'AES-128-GCM', 'aes-128-cbc': 'AES-128-CBC', 'aes-256-cbc': 'AES-256-CBC' };

export const smimeCommand: Command = {
  name: 'smime',
  usage: [
    'smime encrypt --in F --out F --recip CERT [--recip CERT ...] [--sign-cert CERT --sign-key KEY --passphrase PW] [--cbc | --cipher C]',
    '    write a DER CMS ContentInfo: AuthEnvelopedData AES-128-GCM, or EnvelopedData with --cbc (AES-128-CBC) or',
    '    --cipher aes-256-cbc; with a signer the content is signed first (SignedData inside)',
    'smime decrypt --in F --out F --cert CERT --key KEY --passphrase PW [--signer CERT]',
    '    write the content (the signed content when signed, checked against --signer when given)',
    '  CERT is DER or PEM; KEY is a DER EncryptedPrivateKeyInfo or PEM (ENCRYPTED PRIVATE KEY or PRIVATE KEY)',
  ],
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      in: { type: 'string' },
      out: { type: 'string' },
      recip: { type: 'string', multiple: true },
      'sign-cert': { type: 'string' },
      'sign-key': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      passphrase: { type: 'string' },
      signer: { type: 'string' },
      cbc: { type: 'boolean', default: false },
      cipher: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.usage.join('\n'));
      return 0;
    }
    const crypto = globalThis.crypto;
    const input = readBytes(required(values, 'in'));
    const out = required(values, 'out');
    const verb = positionals.length === 1 ? positionals[0] : undefined;

    if (verb === 'encrypt') {
      const recipients = values.recip ?? [];
      if (recipients.length === 0) throw new UsageError('at least one --recip is required');
      const recipientCerts = await Promise.all(recipients.map((file) => readCertificate(file, crypto)));
      let signer = null;
      if (values['sign-cert'] || values['sign-key']) {
        const certificate = await readCertificate(required(values, 'sign-cert'), crypto);
        const keys = await openPrivateKey(readBytes(required(values, 'sign-key')), values.passphrase, crypto);
        signer = { certificate, keys };
      }
      const cipher = chooseCipher(values.cbc ?? false, values.cipher);
      writeFileSync(out, await signThenEncrypt(input, signer, recipientCerts, crypto, { cipher }));
      return 0;
    }

    if (verb === 'decrypt') {
      const certificate = await readCertificate(required(values, 'cert'), crypto);
      const keys = await openPrivateKey(readBytes(required(values, 'key')), values.passphrase, crypto);
      const expectedSigner = values.signer ? await readCertificate(values.signer, crypto) : undefined;
      const cms = derFromPemOrDer(input, ['CMS', 'PKCS7']).der;
      const message = await decryptThenVerify(cms, { certificate, keys }, crypto, expectedSigner ? { expectedSigner } : {});
      writeFileSync(out, message.content);
      if (message.signerCertificate) {
        const signer = await parseCertificate(message.signerCertificate, crypto);
        const who = signer.sanUris.join(', ') || signer.subject;
        io.err(
          expectedSigner
            ? `signature verified: signed by ${who} with the --signer certificate`
            : `signature verified with the certificate the message carries (${who}); pass --signer to check who signed it`,
        );
      } else {
        io.err('not signed');
      }
      return 0;
    }
    throw new UsageError('expected `smime encrypt` or `smime decrypt`');
  },
};

function chooseCipher(cbc: boolean, name: string | undefined): ContentCipher {
  if (name !== undefined) {
    const cipher = CIPHERS[name.toLowerCase()];
    if (!cipher) throw new UsageError(`--cipher must be one of ${Object.keys(CIPHERS).join(', ')}`);
    if (cbc && !cipher.endsWith('CBC')) throw new UsageError('--cbc contradicts --cipher');
    return cipher;
  }
  return cbc ? 'AES-128-CBC' : 'AES-128-GCM';
}

function readBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** A certificate file (DER or PEM) as DER, parsed once so that a bad file fails here with a clear reason. */
async function readCertificate(file: string, crypto: Crypto): Promise<Uint8Array> {
  return (await parseCertificate(readBytes(file), crypto)).der;
}
