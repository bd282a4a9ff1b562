/**
 * The seed's own messages (seed 000, /work/shared/seeds/000_0989d08fb4b94b49.txt), copied line for line. The seed
 * writes `Content-Length: nnn`; `withLength` puts in the number section 6 defines (the attachment's own octets, from
 * its first), and CRLF ends every line.
 */
import { utf8 } from '../../../src/core/bytes.ts';

/** Section 5.1 step (5), the supports variant sent with the INVITE. */
export const SUPPORTS_5_1_STEP_5 = [
  'Content-Type: message/sip-secure',
  'Content-Length: nnn',
  'X-SIP-SECURE-FROM: UAC@mtcc.com',
  'X-SIP-SECURE-TO: UAS@mtcc.com',
  'X-SIP-SECURE-SUPPORTS: SMIME.sec.sip.iana=(r:mtcc.com)',
  'X-SIP-SECURE-METHOD: preshared.sec.sip.iana',
  'Authentication: NULL',
  'Encryption: NULL',
];

/** Section 5.1 step (11), P2's requires variant in its 401 (the "# CHAP specific headers here..." line left out). */
export const REQUIRES_5_1_STEP_11 = [
  'Content-Type: message/sip-secure',
  'Content-Length: nnn',
  'X-SIP-SECURE-FROM: P2@mtcc.com',
  'X-SIP-SECURE-TO: UAC@mtcc.com',
  'X-SIP-SECURE-REQUIRES:  CHAP.sec.sip.iana',
  'X-SIP-SECURE-METHOD: preshared.sec.sip.iana',
  'Authentication: NULL',
  'Encryption: NULL',
];

/** Section 5.2 step (3), the inner challenge: the wildcard TO and an Accept. */
export const INNER_CHALLENGE_5_2_STEP_3 = [
  'Content-Type: message/sip-secure',
  'Content-Length: nnn',
  'X-SIP-SECURE-FROM: P2@mtcc.com',
  'X-SIP-SECURE-TO: *@homer.com',
  'X-SIP-SECURE-SUPPORTS: SMIME.sec.sip.iana',
  'X-SIP-SECURE-METHOD: preshared.sec.sip.iana',
  'Authentication: NULL',
  'Encryption: NULL',
  'Accept: Caller-ID',
];

/** Section 5.1 step (18), the UAS's 200: REQUIRES after METHOD, inside what would be the S/MIME attachment. */
export const SMIME_200_5_1_STEP_18 = [
  'Content-Type: message/sip-secure',
  'Content-Length: nnn',
  'X-SIP-SECURE-FROM: UAS@mtcc.com',
  'X-SIP-SECURE-TO: UAC@mtcc.com',
  'X-SIP-SECURE-METHOD: SMIME.sec.sip.iana',
  'X-SIP-SECURE-REQUIRES: SMIME.sec.sip.iana',
];

/** The lines with CRLF, and `nnn` replaced by the attachment's length (section 6). */
export function withLength(lines: readonly string[]): Uint8Array {
  const text = (n: number): string => lines.map((l) => `${l.replace('nnn', String(n))}\r\n`).join('');
  let n = text(0).length;
  while (text(n).length !== n) n = text(n).length;
  return utf8(text(n));
}
