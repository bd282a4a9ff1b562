/**
 * Whether a certificate is self-signed (RFC 5280 section 6.1: issuer = subject, and its signature verifies with
 * its own public key). For our end-entity certificates this proves possession of the key, not identity: trust
 * comes from the RFC 6072 section 10.3 checks.
 */
import * as pkijs from 'pkijs';
import { equalBytes } from '../bytes.ts';
import { engineFor } from '../pkijs-engine.ts';
import { nameDer } from './distinguished-name.ts';

/** True when issuer equals subject and the signature verifies with the subject key; false for anything else. */
export async function verifySelfSignature(cert: { pkijs: pkijs.Certificate }, crypto: Crypto): Promise<boolean> {
  const c = cert.pkijs;
  if (!equalBytes(nameDer(c.issuer), nameDer(c.subject))) return false;
  try {
    return await c.verify(c, engineFor(crypto));
  } catch {
    return false; // unsupported signature algorithm, unusable key or malformed signature: not verified
  }
}
