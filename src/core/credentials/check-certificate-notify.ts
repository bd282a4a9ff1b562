/**
 * Whether to trust the certificate a `certificate` package NOTIFY carries (RFC 6072 section 10.3, docs/design.md
 * "Trust"): the NOTIFY must come from the subscribed AOR, carry an Identity (RFC 4474 as RFC 6072 section 8 uses it) by
 * a trusted authentication service of the AOR's domain that verifies over this very NOTIFY and body and is fresh, and
 * the certificate must be a well-formed end-entity certificate for the AOR inside its validity. Anything else is
 * discarded with a reason the UI explains (certificate-verdict.ts). The checks run in that order, cheapest and most
 * fundamental first; an empty body, once the Identity verified, means no certificate (none published, or revoked).
 *
 * The Identity itself is checked by src/core/identity (digest-string, Identity-Info, verifyIdentity): this module only
 * gathers the fields from the NOTIFY and turns their CoreErrors into verdicts.
 */
import { CoreError, isCoreError, type CoreErrorKind } from '../errors.ts';
import { IDENTITY_MAX_SKEW_SECONDS, identityDigestString, parseIdentityInfo, verifyIdentity, type IdentityInfo } from '../identity/index.ts';
import { parseCSeq, SipParseError, type CSeq } from '../sip/index.ts';
import { isWithinValidity, parseCertificate, type ParsedCertificate } from '../x509/index.ts';
import { aorParts, formatAor, sameAor, type AorParts } from './aor-uri.ts';
import { certificateFromNotifyBody } from './certificate-body.ts';
import { rejected, type CertificateNotifyVerdict, type RejectedCertificate } from './certificate-verdict.ts';
import type { ReceivedMessage } from './received-message.ts';

/** An authentication service certificate the user trusts for the domain (configured, or fetched over HTTPS from it). */
export interface TrustedAuthority {
  /** The AS certificate, DER or PEM. */
  certificate: Uint8Array;
  /**
   * The Identity-Info URL it is served at. When given, only NOTIFYs naming exactly this URL are checked against this
   * certificate; when absent, the certificate is pinned for the domain and Identity-Info's URL is not looked at.
   */
  identityInfoUrl?: string;
}

export interface CertificateNotifyCheck {
  /** The URI the SUBSCRIBE was sent to: the AOR whose certificate this is (`sip:bob@example.test`). */
  subscribedUri: string;
  /** The received NOTIFY (a parsed SipRequest fits). */
  notify: ReceivedMessage;
  /** The AS certificates trusted for the AOR's domain. */
  authorities: readonly TrustedAuthority[];
  /** Default IDENTITY_MAX_SKEW_SECONDS (600, docs/design.md "RFC 4474 details"). */
  maxSkewSeconds?: number;
}

/** Worst first: the failure that tells the user most when several authorities were tried. */
const IDENTITY_FAILURE_ORDER: readonly CoreErrorKind[] = ['expired', 'bad-signature', 'invalid-argument', 'unsupported', 'untrusted-certificate'];

/** `1 NOTIFY` (rfc3261#section-20.16); undefined when it is not a CSeq. */
function readCSeq(value: string): CSeq | undefined {
  try {
    return parseCSeq(value);
  } catch (error) {
    if (error instanceof SipParseError) return undefined;
    throw error;
  }
}

function checkFrom(notify: ReceivedMessage, subscribedUri: string, aor: string): RejectedCertificate | undefined {
  const from = notify.headers.get('From');
  if (from === undefined) return rejected('from-mismatch', `The answer about ${aor} has no From, so nothing says who vouches for it.`);
  let parts: AorParts;
  try {
    parts = aorParts(from);
  } catch (error) {
    if (!isCoreError(error)) throw error;
    return rejected('from-mismatch', `The answer about ${aor} claims to come from ${JSON.stringify(from.slice(0, 100))}, which is not a SIP address.`, error);
  }
  if (sameAor(formatAor(parts), subscribedUri)) return undefined;
  return rejected('from-mismatch', `The answer claims to come from ${formatAor(parts)}, not from ${aor}, the address that was asked about.`);
}

interface SignedFields {
  identityHeader: string;
  info: IdentityInfo;
  date: string;
  digestInput: Uint8Array;
}

function signedFields(notify: ReceivedMessage, aor: string): SignedFields | RejectedCertificate {
  const h = notify.headers;
  const identityHeader = h.get('Identity');
  const infoHeader = h.get('Identity-Info');
  if (identityHeader === undefined || infoHeader === undefined) {
    const missing = identityHeader === undefined ? 'Identity' : 'Identity-Info';
    return rejected('identity-missing', `The answer about ${aor} is not signed by its domain's authentication service (no ${missing} header).`);
  }
  let info: IdentityInfo;
  try {
    info = parseIdentityInfo(infoHeader);
  } catch (error) {
    if (!isCoreError(error)) throw error;
    return rejected('identity-invalid', `The signature on the answer about ${aor} uses a form SealPhone cannot check.`, error);
  }
  const date = h.get('Date');
  if (date === undefined) return rejected('identity-stale-date', `The answer about ${aor} has no Date, so it could be an old answer played again.`);
  const to = h.get('To');
  const callId = h.get('Call-ID');
  const cseqHeader = h.get('CSeq');
  const cseq = cseqHeader === undefined ? undefined : readCSeq(cseqHeader);
  if (to === undefined || callId === undefined || cseq === undefined) {
    return rejected('identity-invalid', `The signature on the answer about ${aor} cannot be checked: its To, Call-ID or CSeq is missing or unreadable.`);
  }
  const contact = h.get('Contact');
  try {
    const digestInput = identityDigestString({
      fromUri: h.get('From')!,
      toUri: to,
      callId,
      cseq,
      date,
      ...(contact === undefined ? {} : { contactUri: contact }),
      body: notify.body,
    });
    return { identityHeader, info, date, digestInput };
  } catch (error) {
    if (!isCoreError(error)) throw error;
    return rejected('identity-invalid', `The signature on the answer about ${aor} cannot be checked: its headers are unusable.`, error);
  }
}

function identityRejection(error: CoreError, aor: string, domain: string, date: string, maxSkewSeconds: number): RejectedCertificate {
  switch (error.kind) {
    case 'expired':
      return rejected(
        'identity-stale-date',
        `The answer about ${aor} is dated ${date}, more than ${maxSkewSeconds} seconds from this device's time; it may be an old answer played again. Check that this device's clock is right.`,
        error,
      );
    case 'untrusted-certificate':
      return rejected('unknown-authentication-service', `The answer about ${aor} is signed by an authentication service that is not trusted for ${domain}, or whose certificate is not valid now.`, error);
    default:
      return rejected('identity-invalid', `The signature on the answer about ${aor} does not match the answer; it may have been changed on the way.`, error);
  }
}

async function verifySignature(
  fields: SignedFields,
  authorities: readonly TrustedAuthority[],
  subscribed: AorParts,
  maxSkewSeconds: number,
  at: Date,
  crypto: Crypto,
): Promise<Date | RejectedCertificate> {
  const aor = formatAor(subscribed);
  const candidates = authorities.filter((a) => a.identityInfoUrl === undefined || a.identityInfoUrl === fields.info.url);
  if (candidates.length === 0) {
    return rejected('unknown-authentication-service', `The answer about ${aor} is signed by ${fields.info.url}, which is not a trusted authentication service for ${subscribed.host}.`);
  }
  let worst: CoreError | undefined;
  for (const authority of candidates) {
    try {
      const verified = await verifyIdentity(
        {
          identityHeader: fields.identityHeader,
          alg: fields.info.alg,
          digestInput: fields.digestInput,
          certificate: authority.certificate,
          date: fields.date,
          now: at,
          maxSkewSeconds,
          domain: subscribed.host,
        },
        crypto,
      );
      return verified.date;
    } catch (error) {
      if (!isCoreError(error)) throw error;
      const rank = (e: CoreError): number => {
        const i = IDENTITY_FAILURE_ORDER.indexOf(e.kind);
        return i < 0 ? IDENTITY_FAILURE_ORDER.length : i;
      };
      if (worst === undefined || rank(error) < rank(worst)) worst = error;
    }
  }
  return identityRejection(worst!, aor, subscribed.host, fields.date, maxSkewSeconds);
}

async function readCertificate(notify: ReceivedMessage, aor: string, crypto: Crypto): Promise<ParsedCertificate | RejectedCertificate> {
  try {
    return await parseCertificate(certificateFromNotifyBody(notify), crypto);
  } catch (error) {
    if (!isCoreError(error)) throw error;
    if (error.kind === 'unsupported') return rejected('unsupported', `The certificate for ${aor} uses a key or an extension SealPhone does not support.`, error);
    return rejected('malformed', `The answer about ${aor} does not hold a readable certificate.`, error);
  }
}

/** `2031-05-01`: the day, for a sentence. */
function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function checkCertificate(cert: ParsedCertificate, subscribedUri: string, aor: string, at: Date): RejectedCertificate | undefined {
  if (cert.isCA) return rejected('ca-certificate', `The certificate for ${aor} is a certification authority's (cA=true), not a user's.`);
  if (!cert.sanUris.some((uri) => sameAor(uri, subscribedUri))) {
    const names = cert.sanUris.length === 0 ? 'no address at all' : cert.sanUris.join(', ');
    return rejected('wrong-aor', `The certificate sent for ${aor} is for ${names}.`);
  }
  if (isWithinValidity(cert, () => at)) return undefined;
  if (at < cert.notBefore) return rejected('not-yet-valid', `The certificate for ${aor} is not valid until ${day(cert.notBefore)}. Check that this device's clock is right.`);
  return rejected('expired', `The certificate for ${aor} expired on ${day(cert.notAfter)}.`);
}

/** Who vouches for a NOTIFY of `subscribedUri`, checked: when its authentication service signed it, or why not. */
export type NotifyIdentityVerdict = { kind: 'signed'; signedAt: Date } | RejectedCertificate;

/**
 * The first half of the check, for every NOTIFY of the `certificate` and `credential` packages (RFC 6072 sections 8
 * and 10.3): the NOTIFY comes from the subscribed AOR and carries an Identity of a trusted authentication service of
 * its domain that verifies over this very NOTIFY and body and is fresh. Rejects (CoreError 'invalid-argument') only
 * for the caller's mistakes, as `checkCertificateNotify`.
 */
export async function checkNotifyIdentity(check: CertificateNotifyCheck, crypto: Crypto, now: () => Date = () => new Date()): Promise<NotifyIdentityVerdict> {
  const subscribed = aorParts(check.subscribedUri);
  const aor = formatAor(subscribed);
  const maxSkewSeconds = check.maxSkewSeconds ?? IDENTITY_MAX_SKEW_SECONDS;
  if (!Number.isFinite(maxSkewSeconds) || maxSkewSeconds < 0) throw new CoreError('invalid-argument', 'maxSkewSeconds must be a number of seconds >= 0');
  const at = now();
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new CoreError('invalid-argument', 'now() must return a valid Date');

  const fromRejection = checkFrom(check.notify, check.subscribedUri, aor);
  if (fromRejection) return fromRejection;
  const fields = signedFields(check.notify, aor);
  if ('kind' in fields) return fields;
  const signedAt = await verifySignature(fields, check.authorities, subscribed, maxSkewSeconds, at, crypto);
  if (!(signedAt instanceof Date)) return signedAt;
  return { kind: 'signed', signedAt };
}

/**
 * Checks a certificate NOTIFY. Resolves to a verdict for anything the network can send; rejects (CoreError
 * 'invalid-argument') only for the caller's mistakes: a subscribed URI that is not a SIP AOR, a bad maxSkewSeconds
 * or an invalid `now`.
 */
export async function checkCertificateNotify(check: CertificateNotifyCheck, crypto: Crypto, now: () => Date = () => new Date()): Promise<CertificateNotifyVerdict> {
  const signed = await checkNotifyIdentity(check, crypto, now);
  if (signed.kind !== 'signed') return signed;
  const { signedAt } = signed;
  const aor = formatAor(aorParts(check.subscribedUri));
  if (check.notify.body.length === 0) return { kind: 'no-certificate', signedAt };
  const cert = await readCertificate(check.notify, aor, crypto);
  if ('kind' in cert) return cert;
  const certRejection = checkCertificate(cert, check.subscribedUri, aor, now());
  if (certRejection) return certRejection;
  return { kind: 'verified', certificate: cert, fingerprint: cert.fingerprintSha256, fingerprintHex: cert.fingerprintHex, notAfter: cert.notAfter, signedAt };
}
