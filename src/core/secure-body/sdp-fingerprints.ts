/**
 * The DTLS fingerprints of an SDP (RFC 8122 section 5, RFC 8842 section 5): every `a=fingerprint` value, at
 * session and media level, in order, as written (`sha-256 AB:CD:...`). The short authentication string
 * (src/core/sas) normalizes and combines them; this only finds them.
 */
const PREFIX = 'a=fingerprint:';

export function sdpFingerprints(sdp: string): string[] {
  const out: string[] = [];
  // RFC 8866 section 5: lines end in CRLF; a bare LF is tolerated (section 5, "SHOULD also accept").
  for (const line of sdp.split('\n')) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (!text.startsWith(PREFIX)) continue;
    const value = text.slice(PREFIX.length).trim();
    if (value.length > 0) out.push(value);
  }
  return out;
}
