/** The verdicts and plans that travel inside SIP messages (src/sip/protection-note.ts): written and read back strictly. */
import { describe, expect, it } from 'vitest';
import { decodeProtection, encodeProtection, hasNote, noteInSdp, planHeader, readPlan, takeSdpNote } from '../../src/sip/protection-note.ts';
import type { Protection } from '../../src/sip/sip-client.ts';

const SDP = 'v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n';

describe('protection notes', () => {
  const verdicts: Protection[] = [
    { encrypted: true, verifiedPeer: 'sip:bob@example.test' },
    { encrypted: false, kind: 'peer-answered-clear' },
    { encrypted: false, kind: 'decrypt-failed', detail: 'GCM tag; "quoted" \r\n line' },
  ];

  it.each(verdicts)('round-trips %j through a header value with no line break, quote or space', (protection) => {
    const value = encodeProtection(protection);
    expect(value).toMatch(/^[A-Za-z0-9%._~!*'()-]+$/);
    expect(decodeProtection(value)).toEqual(protection);
  });

  it('reads nothing it did not write', () => {
    for (const value of [undefined, '', 'encrypted', '%', encodeURIComponent('[]'), encodeURIComponent('{"encrypted":true}'), encodeURIComponent('{"encrypted":"yes","verifiedPeer":"x"}'), encodeURIComponent('{"encrypted":false}')]) {
      expect(decodeProtection(value)).toBeUndefined();
    }
    expect(decodeProtection(encodeURIComponent('{"encrypted":true,"verifiedPeer":"sip:a@b","extra":1}'))).toEqual({ encrypted: true, verifiedPeer: 'sip:a@b' });
  });

  it('puts one line at the end of an SDP and takes it out again, leaving the SDP byte for byte', () => {
    const protection: Protection = { encrypted: false, kind: 'caller-sent-clear' };
    const noted = noteInSdp(SDP, protection);
    expect(noted.startsWith(SDP)).toBe(true);
    expect(noted.endsWith('\r\n')).toBe(true);
    expect(hasNote(noted)).toBe(true);
    expect(takeSdpNote(noted)).toEqual({ sdp: SDP, protection });
    // Noting again replaces, never adds.
    expect(takeSdpNote(noteInSdp(noted, { encrypted: true, verifiedPeer: 'sip:a@b' }))).toEqual({ sdp: SDP, protection: { encrypted: true, verifiedPeer: 'sip:a@b' } });
    expect(takeSdpNote(SDP)).toEqual({ sdp: SDP });
  });

  it('finds a note in any case, and a line without a valid value is removed all the same', () => {
    const odd = `${SDP}A=X-SealPhone-Protection:garbage\r\n`;
    expect(hasNote(odd)).toBe(true);
    expect(takeSdpNote(odd)).toEqual({ sdp: SDP });
  });

  it('plans are encrypt or clear, nothing else', () => {
    expect(planHeader('encrypt')).toBe('X-SealPhone-Protect: encrypt');
    expect(readPlan(' Encrypt ')).toBe('encrypt');
    expect(readPlan('clear')).toBe('clear');
    expect(readPlan('yes')).toBeUndefined();
    expect(readPlan(undefined)).toBeUndefined();
  });
});
