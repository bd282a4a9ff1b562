/**
 * Test identities made by the real openssl: self-signed end-entity certificates (cA=false, as RFC 6072 section
 * 10.6 and docs/design.md have them) with EC P-256 or RSA-2048 keys, and the keys imported as a PrivateKeySet.
 */
import { type PrivateKeySet, importPrivateKeySet } from '../../../../src/core/keys.ts';
import { derFromPemOrDer } from '../../../../src/core/pem.ts';
import { type Workdir, exact } from '../../../helpers/openssl.ts';

export interface Identity {
  /** File names inside the Workdir. */
  certFile: string;
  keyFile: string;
  certificate: Uint8Array;
  keys: PrivateKeySet;
}

export type Kind = 'EC' | 'RSA';

const NEW_KEY: Record<Kind, string[]> = {
  EC: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  RSA: ['-newkey', 'rsa:2048'],
};

/** `openssl req -x509` as the brief gives it; `name` is the CN and the AOR user. */
export async function makeIdentity(w: Workdir, kind: Kind, name: string, days = 30, crypto: Crypto = globalThis.crypto): Promise<Identity> {
  const certFile = `${name}-cert.pem`;
  const keyFile = `${name}-key.pem`;
  w.openssl(
    'req', '-x509', '-new', ...NEW_KEY[kind], '-nodes', '-subj', `/CN=${name}`,
    '-addext', `subjectAltName=URI:sip:${name}@example.test`,
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', `keyUsage=critical,digitalSignature,${kind === 'EC' ? 'keyAgreement' : 'keyEncipherment'}`,
    '-addext', 'extendedKeyUsage=emailProtection',
    '-keyout', keyFile, '-out', certFile, '-days', String(days),
  );
  const certificate = derFromPemOrDer(exact(w.read(certFile)), ['CERTIFICATE']).der;
  const keys = await importPrivateKeySet(derFromPemOrDer(exact(w.read(keyFile)), ['PRIVATE KEY']).der, crypto);
  return { certFile, keyFile, certificate, keys };
}

/** A content with every byte value, CR LF and a trailing NUL: `-binary` must keep it exact. */
export const CONTENT: Uint8Array = new Uint8Array([
  ...new TextEncoder().encode('v=0\r\no=alice 1 1 IN IP4 192.0.2.1\r\ns=-\r\n'),
  ...Array.from({ length: 256 }, (_, i) => i),
  0x0d, 0x0a, 0x00,
]);
