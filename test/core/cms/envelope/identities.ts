/**
 * Test identities made by the real openssl: a certificate (PEM file and DER) and its PKCS#8 private key, which
 * tests import with whichever WebCrypto they exercise.
 */
import { importPrivateKeySet, type PrivateKeySet } from '../../../../src/core/keys.ts';
import { derFromPemOrDer } from '../../../../src/core/pem.ts';
import { type Workdir, exact } from '../../../helpers/openssl.ts';

export interface Identity {
  name: string;
  /** File names inside the Workdir, for `openssl cms -recip ... -inkey ...`. */
  certFile: string;
  keyFile: string;
  certificate: Uint8Array;
  privateKeyInfo: Uint8Array;
  keys: PrivateKeySet;
}

export async function loadIdentity(w: Workdir, name: string, certFile: string, keyFile: string, crypto: Crypto = globalThis.crypto): Promise<Identity> {
  const certificate = derFromPemOrDer(exact(w.read(certFile)), ['CERTIFICATE']).der;
  const privateKeyInfo = derFromPemOrDer(exact(w.read(keyFile)), ['PRIVATE KEY']).der;
  return { name, certFile, keyFile, certificate, privateKeyInfo, keys: await importPrivateKeySet(privateKeyInfo, crypto) };
}

/** `openssl req -x509` as the brief of the S/MIME profile does it: P-256 or RSA-2048, a SIP URI in subjectAltName. */
export async function makeIdentity(w: Workdir, name: string, type: 'ec' | 'rsa', days = 30): Promise<Identity> {
  const keyArgs = type === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
  const certFile = `${name}.crt`;
  const keyFile = `${name}.key`;
  w.openssl(
    'req', '-x509', '-new', ...keyArgs, '-nodes',
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=URI:sip:${name}@example.test`,
    '-keyout', keyFile, '-out', certFile, '-days', String(days),
  );
  return loadIdentity(w, name, certFile, keyFile);
}

/** `openssl cms -decrypt` of a DER message for one identity; returns the exact recovered bytes. */
/** The usual recipients of these tests: alice (P-256), bob (RSA-2048) and carol (P-256), made by openssl. */
export async function makeRecipients(w: Workdir): Promise<{ alice: Identity; bob: Identity; carol: Identity }> {
  const [alice, bob, carol] = await Promise.all([makeIdentity(w, 'alice', 'ec'), makeIdentity(w, 'bob', 'rsa'), makeIdentity(w, 'carol', 'ec')]);
  return { alice, bob, carol };
}

export function opensslDecrypt(w: Workdir, message: Uint8Array, who: Identity, file = 'message.der'): Uint8Array {
  w.write(file, message);
  return exact(w.openssl('cms', '-decrypt', '-inform', 'DER', '-in', file, '-recip', who.certFile, '-inkey', who.keyFile));
}

/** Random-looking but deterministic content with CR, LF, NUL and high bytes, `length` octets. */
export function sampleContent(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  if (length > 4) out.set([0x0d, 0x0a, 0x00, 0xff], 0);
  return out;
}
