/** a=fingerprint values of an SDP (RFC 8122 section 5), session and media level, for the short authentication string. */
import { describe, expect, it } from 'vitest';
import { normalizeDtlsFingerprint } from '../../../src/core/sas/index.ts';
import { sdpFingerprints } from '../../../src/core/secure-body/index.ts';
import { FINGERPRINT, RELAY_FINGERPRINT, SDP } from './parties.ts';

describe('sdpFingerprints', () => {
  it('finds the session-level fingerprint', () => {
    expect(sdpFingerprints(SDP)).toEqual([FINGERPRINT]);
  });

  it('finds session and media level ones in order, with CRLF or LF, and nothing else', () => {
    const sdp = ['v=0', `a=fingerprint:${FINGERPRINT}`, 'm=audio 9 UDP/TLS/RTP/SAVPF 111', `a=fingerprint: ${RELAY_FINGERPRINT} `, 'a=fingerprint:', 'm=video 9 UDP/TLS/RTP/SAVPF 96', 'a=fingerprint:sha-1 AA:BB', 'a=setup:actpass', 'b=a=fingerprint:x'].join('\n');
    expect(sdpFingerprints(sdp)).toEqual([FINGERPRINT, RELAY_FINGERPRINT, 'sha-1 AA:BB']);
    expect(sdpFingerprints(sdp.replace(/\n/g, '\r\n'))).toEqual([FINGERPRINT, RELAY_FINGERPRINT, 'sha-1 AA:BB']);
  });

  it('gives values src/core/sas reads', () => {
    expect(sdpFingerprints(SDP).map(normalizeDtlsFingerprint)).toEqual([FINGERPRINT]);
  });

  it('is empty without fingerprints', () => {
    expect(sdpFingerprints('v=0\r\ns=-\r\n')).toEqual([]);
  });
});
