/**
 * Reading a private key in any form a user may hand us: DER or PEM (RFC 7468 sections 10 and 11),
 * encrypted (EncryptedPrivateKeyInfo, RFC 5958 section 3) or clear (PrivateKeyInfo, RFC 5958 section 2).
 */
import { CoreError } from '../errors.ts';
import { importPrivateKeySet, type PrivateKeySet } from '../keys.ts';
import { looksLikePem, parsePem } from '../pem.ts';
import { latin1 } from '../bytes.ts';
import { decryptPrivateKeyInfo } from './decrypt-private-key-info.ts';
import { assertPrivateKeyInfo, looksLikeClearPrivateKeyInfo } from './private-key-info.ts';

/** Labels of legacy (pre-PKCS#8) PEM keys, which we do not read. */
const LEGACY_LABELS = ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY'];

function fromPem(bytes: Uint8Array): { encrypted: boolean; der: Uint8Array } {
  const blocks = parsePem(latin1(bytes));
  const block = blocks.find((b) => b.label === 'ENCRYPTED PRIVATE KEY' || b.label === 'PRIVATE KEY');
  if (block) return { encrypted: block.label === 'ENCRYPTED PRIVATE KEY', der: block.der };
  const legacy = blocks.find((b) => LEGACY_LABELS.includes(b.label));
  if (legacy) throw new CoreError('unsupported', `PEM "${legacy.label}" is not PKCS#8; convert it with "openssl pkcs8 -topk8"`);
  throw new CoreError('malformed-pem', 'no PEM block labelled ENCRYPTED PRIVATE KEY or PRIVATE KEY');
}

/**
 * The clear PrivateKeyInfo DER from `bytes`. An encrypted key without a passphrase is a CoreError 'wrong-passphrase'
 * (the UI asks for one); a passphrase given with a clear key is ignored.
 */
export async function readPrivateKey(bytes: Uint8Array, passphrase: string | undefined, crypto: Crypto): Promise<Uint8Array> {
  const { encrypted, der } = looksLikePem(bytes) ? fromPem(bytes) : { encrypted: !looksLikeClearPrivateKeyInfo(bytes), der: bytes };
  if (!encrypted) {
    assertPrivateKeyInfo(der, 'malformed-key');
    return der.slice();
  }
  if (passphrase === undefined) throw new CoreError('wrong-passphrase', 'this private key is encrypted; a passphrase is needed');
  return decryptPrivateKeyInfo(der, passphrase, crypto);
}

/** readPrivateKey, then importPrivateKeySet non-extractable; the clear bytes are wiped afterwards. */
export async function openPrivateKey(bytes: Uint8Array, passphrase: string | undefined, crypto: Crypto): Promise<PrivateKeySet> {
  const clear = await readPrivateKey(bytes, passphrase, crypto);
  try {
    return await importPrivateKeySet(clear, crypto, false);
  } finally {
    clear.fill(0);
  }
}
