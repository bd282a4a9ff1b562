import { describe, expect, it } from 'vitest';
import { latin1 } from '../../src/core/bytes.ts';
import { cseqMethod, declaredContentLength, deltaSeconds, leadingDeltaSeconds, withHeader, withoutHeader, hasBody, hasRightContentLength, peekHeader, peekHeaders, requestMethod, responseStatus, sipMessageBytes } from '../../src/sip/sip-frame.ts';

const head = (length: number): string => `NOTIFY sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: ${length}\r\n\r\n`;

describe('sipMessageBytes', () => {
  const cases: { name: string; text: string; want: number[] }[] = [
    { name: 'ASCII body', text: head(3) + 'abc', want: [0x61, 0x62, 0x63] },
    { name: 'UTF-8 text frame: é is two bytes', text: head(2) + 'é', want: [0xc3, 0xa9] },
    { name: 'binary frame as Latin-1: one byte per char', text: head(3) + latin1(new Uint8Array([0x30, 0x82, 0xff])), want: [0x30, 0x82, 0xff] },
    { name: 'no Content-Length: UTF-8', text: 'NOTIFY sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\né', want: [0xc3, 0xa9] },
    { name: 'compact l: header', text: 'NOTIFY sip:a@b SIP/2.0\r\nl: 1\r\n\r\n' + latin1(new Uint8Array([0xe9])), want: [0xe9] },
  ];
  for (const { name, text, want } of cases) {
    it(name, () => {
      const bytes = sipMessageBytes(text);
      const split = text.indexOf('\r\n\r\n') + 4;
      expect([...bytes.subarray(split)]).toEqual(want);
    });
  }
});

describe('peekHeader and the start line', () => {
  const invite = 'INVITE sip:bob@b SIP/2.0\r\nv: SIP/2.0/WSS x;branch=z9hG4bK1\r\nVia: SIP/2.0/WSS y;branch=z9hG4bK2\r\ni: abc@x\r\nCSEQ: 7 invite\r\nContent-Length: 2\r\n\r\nX-Not: header\r\n';
  it('reads the first value by long or compact name, in any case, from the header section only', () => {
    expect(peekHeader(invite, 'Call-ID')).toBe('abc@x');
    expect(peekHeader(invite, 'i')).toBe('abc@x');
    expect(peekHeaders(invite, 'via')).toEqual(['SIP/2.0/WSS x;branch=z9hG4bK1', 'SIP/2.0/WSS y;branch=z9hG4bK2']);
    expect(peekHeader(invite, 'X-Not')).toBeUndefined();
    expect(cseqMethod(invite)).toBe('INVITE');
    expect(requestMethod(invite)).toBe('INVITE');
    expect(responseStatus(invite)).toBeUndefined();
    expect(hasBody(invite)).toBe(true);
  });
  it('reads a response and its Content-Length', () => {
    const ok = 'SIP/2.0 200 OK\r\nCSeq: 1 SUBSCRIBE\r\nl: 0\r\n\r\n';
    expect(responseStatus(ok)).toBe(200);
    expect(requestMethod(ok)).toBeUndefined();
    expect(cseqMethod(ok)).toBe('SUBSCRIBE');
    expect(declaredContentLength(ok)).toBe(0);
    expect(hasBody(ok)).toBe(false);
    expect(hasRightContentLength(ok)).toBe(true);
    expect(responseStatus('SIP/2.0 2x0 OK\r\n\r\n')).toBeUndefined();
  });
  it('takes no Content-Length for two of them or a non-number', () => {
    expect(declaredContentLength('MESSAGE a SIP/2.0\r\nContent-Length: 1\r\nl: 1\r\n\r\na')).toBeUndefined();
    expect(declaredContentLength('MESSAGE a SIP/2.0\r\nContent-Length: -1\r\n\r\na')).toBeUndefined();
    expect(hasRightContentLength('MESSAGE a SIP/2.0\r\nContent-Length: 2\r\n\r\né')).toBe(true);
    expect(hasRightContentLength('MESSAGE a SIP/2.0\r\nContent-Length: 1\r\n\r\né')).toBe(false);
  });
});

describe('delta-seconds in header values', () => {
  it('reads Expires alone and the start of Retry-After', () => {
    expect(deltaSeconds(' 3600 ')).toBe(3600);
    for (const bad of [undefined, '', '-1', '1.5', '12345678901', '60;x']) expect(deltaSeconds(bad)).toBeUndefined();
    expect(leadingDeltaSeconds('120 (busy);duration=60')).toBe(120);
    expect(leadingDeltaSeconds('  5')).toBe(5);
    expect(leadingDeltaSeconds('soon')).toBeUndefined();
    expect(leadingDeltaSeconds(undefined)).toBeUndefined();
  });
});

describe('withoutHeader and withHeader', () => {
  const text = 'MESSAGE sip:b@x SIP/2.0\r\nX-Plan: encrypt\r\nCall-ID: 1\r\nx-plan: clear\r\n  folded\r\nContent-Length: 2\r\n\r\nhi';
  it('removes every field of the header, continuation lines included, and nothing of the body', () => {
    expect(withoutHeader(text, 'X-Plan')).toBe('MESSAGE sip:b@x SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 2\r\n\r\nhi');
    expect(withoutHeader(text, 'X-Absent')).toBe(text);
    expect(withoutHeader('INVITE a SIP/2.0\r\ni: 1\r\n\r\nX-Plan: in the body', 'Call-ID')).toBe('INVITE a SIP/2.0\r\n\r\nX-Plan: in the body');
  });
  it('adds a field at the end of the header section', () => {
    const added = withHeader('MESSAGE a SIP/2.0\r\nl: 2\r\n\r\nhi', 'X-Verdict', 'v');
    expect(added).toBe('MESSAGE a SIP/2.0\r\nl: 2\r\nX-Verdict: v\r\n\r\nhi');
    expect(peekHeader(added, 'x-verdict')).toBe('v');
    expect(() => withHeader(added, 'X-Verdict', 'a\r\nInjected: 1')).toThrow(TypeError);
  });
});
