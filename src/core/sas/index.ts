/**
 * The short authentication string of a secure call (issue 6): words both people read aloud, derived from both DTLS
 * fingerprints. Decisions: docs/certificates.md.
 */
export { formatDtlsFingerprint, normalizeDtlsFingerprint, parseDtlsFingerprint, type DtlsFingerprint } from './dtls-fingerprint.ts';
export { PGP_EVEN_WORDS, PGP_ODD_WORDS, toPgpWords } from './pgp-words.ts';
export {
  SAS_DEFAULT_WORDS,
  SAS_ITERATIONS,
  SAS_LABEL,
  SAS_MAX_WORDS,
  sasInput,
  shortAuthenticationString,
  type ShortAuthenticationString,
} from './short-authentication-string.ts';
