import { describe, expect, it } from 'vitest';
import { DO_NOT_DISTURB_TEXT, formatReason, isDoNotDisturb, parseReasons } from '../../../src/core/sip/reason-header.ts';

describe('Reason header (RFC 3326 section 2)', () => {
  it('writes the do not disturb reason SealPhone sends with 486', () => {
    expect(formatReason({ protocol: 'SIP', cause: 486, text: DO_NOT_DISTURB_TEXT })).toBe('SIP;cause=486;text="Do not disturb"');
  });

  it.each([
    { name: 'RFC 3326 example', input: 'SIP ;cause=200 ;text="Call completed elsewhere"', want: [{ protocol: 'SIP', cause: 200, text: 'Call completed elsewhere' }] },
    { name: 'two values', input: 'Q.850;cause=16;text="Terminated", SIP;cause=486', want: [{ protocol: 'Q.850', cause: 16, text: 'Terminated' }, { protocol: 'SIP', cause: 486 }] },
    { name: 'escaped quote in text', input: 'SIP;cause=486;text="say \\"no\\""', want: [{ protocol: 'SIP', cause: 486, text: 'say "no"' }] },
  ])('reads $name', ({ input, want }) => {
    expect(parseReasons(input)).toEqual(want);
  });

  it('round-trips a text with quotes', () => {
    const reason = { protocol: 'SIP', cause: 486, text: 'a "quoted" word' };
    expect(parseReasons(formatReason(reason))).toEqual([reason]);
  });

  it.each(['SIP;cause=486;text="Do not disturb"', 'sip ; cause=486 ; text="do not disturb"', 'Q.850;cause=17, SIP;cause=486;text="Do not disturb"'])('knows do not disturb in %s', (value) => {
    expect(isDoNotDisturb(value)).toBe(true);
  });

  it.each([undefined, '', 'SIP;cause=486', 'SIP;cause=600;text="Do not disturb"', 'Q.850;cause=486;text="Do not disturb"', 'SIP;cause=486;text="Do not disturb', ';;;'])('does not take %s for do not disturb', (value) => {
    expect(isDoNotDisturb(value)).toBe(false);
  });

  it('refuses a protocol that is not a token and a cause that is not a number', () => {
    expect(() => formatReason({ protocol: 'S I P' })).toThrow();
    expect(() => formatReason({ protocol: 'SIP', cause: -1 })).toThrow();
  });
});
