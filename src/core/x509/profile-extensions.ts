/**
 * The extensions of our self-signed end-entity certificates (RFC 5280 section 4.2.1, RFC 6072 section 10.6,
 * RFC 8550 section 4.4 for S/MIME key usage).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { octetStringBlock } from '../der/index.ts';
import type { KeyType } from '../keys.ts';
import { encodeKeyUsage, type KeyUsageName } from './key-usage.ts';
import { X509_OID } from './oids.ts';

function extension(extnID: string, critical: boolean, value: { toSchema(): asn1js.BaseBlock } | asn1js.BaseBlock): pkijs.Extension {
  const schema = value instanceof asn1js.BaseBlock ? value : value.toSchema();
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

/**
 * The key usages we assert (RFC 8550 section 4.4.2): signing everywhere; P-256 keys agree keys (ECDH, RFC 5753),
 * RSA keys receive wrapped keys (RSA-OAEP, RFC 8017).
 */
export function profileKeyUsage(keyType: KeyType): KeyUsageName[] {
  return keyType === 'P-256' ? ['digitalSignature', 'keyAgreement'] : ['digitalSignature', 'keyEncipherment'];
}

/**
 * basicConstraints cA=false (critical, RFC 6072 section 10.6), keyUsage (critical, RFC 5280 section 4.2.1.3),
 * extKeyUsage id-kp-emailProtection (RFC 5280 section 4.2.1.12), subjectAltName URI = the AOR (section 4.2.1.6),
 * and both key identifiers (sections 4.2.1.1 and 4.2.1.2), equal since the certificate signs itself.
 */
export function profileExtensions(aor: string, keyType: KeyType, keyIdentifier: Uint8Array): pkijs.Extension[] {
  const keyId = octetStringBlock(keyIdentifier);
  return [
    extension(X509_OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: false })),
    extension(X509_OID.keyUsage, true, encodeKeyUsage(profileKeyUsage(keyType))),
    extension(X509_OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: [X509_OID.emailProtection] })),
    extension(X509_OID.subjectAltName, false, new pkijs.AltName({ altNames: [new pkijs.GeneralName({ type: 6, value: aor })] })),
    extension(X509_OID.subjectKeyIdentifier, false, keyId),
    extension(X509_OID.authorityKeyIdentifier, false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: keyId })),
  ];
}
