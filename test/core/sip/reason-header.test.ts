/** Reason (RFC 3326 section 2): the values a proxy writes and a user agent reads. */
import { describe, expect, it } from 'vitest';
import { COMPLETED_ELSEWHERE, completedElsewhere, DO_NOT_DISTURB_TEXT, formatReason, isDoNotDisturb, parseReason, parseReasons } from '../../../src/core/sip/index.ts';

describe('Reason header', () => {
  it('writes the example of RFC 3326 section 2', () => {
    expect(COMPLETED_ELSEWHERE).toBe('SIP;cause=200;text="Call completed elsewhere"');
    expect(formatReason({ protocol: 'Q.850', cause: 16 })).toBe('Q.850;cause=16');
  });

  it.each([
    { name: 'the proxy example', input: 'SIP ;cause=200 ;text="Call completed elsewhere"', want: { protocol: 'SIP', cause: 200, text: 'Call completed elsewhere' } },
    { name: 'Q.850 without text', input: 'Q.850;cause=16', want: { protocol: 'Q.850', cause: 16 } },
    { name: 'names without case', input: 'SIP;CAUSE=480', want: { protocol: 'SIP', cause: 480 } },
  ])('reads $name', ({ input, want }) => {
    const { params: _p, ...reason } = parseReason(input);
    expect(reason).toEqual(want);
  });

  it.each(['', 'SIP;cause=abc', 'SIP;cause', '"SIP"'])('refuses %j', (input) => {
    expect(() => parseReason(input)).toThrow();
  });

  it('tells an answer elsewhere from anything else', () => {
    expect(completedElsewhere([COMPLETED_ELSEWHERE])).toBe(true);
    expect(completedElsewhere(['Q.850;cause=16, SIP;cause=200'])).toBe(true);
    expect(completedElsewhere(['sip;cause=200'])).toBe(true);
    expect(completedElsewhere([])).toBe(false);
    expect(completedElsewhere(['SIP;cause=487;text="Request Terminated"'])).toBe(false);
    expect(completedElsewhere(['Q.850;cause=200'])).toBe(false);
    expect(completedElsewhere(['SIP;cause=2x0'])).toBe(false);
  });
});

describe('do not disturb (the 486 SealPhone answers while it is on)', () => {
  it('writes the reason', () => {
    expect(formatReason({ protocol: 'SIP', cause: 486, text: DO_NOT_DISTURB_TEXT })).toBe('SIP;cause=486;text="Do not disturb"');
  });

  it.each([
    { name: 'two values', input: 'Q.850;cause=16;text="Terminated", SIP;cause=486', want: [{ protocol: 'Q.850', cause: 16, text: 'Terminated' }, { protocol: 'SIP', cause: 486 }] },
    { name: 'escaped quote in text', input: 'SIP;cause=486;text="say \\"no\\""', want: [{ protocol: 'SIP', cause: 486, text: 'say "no"' }] },
  ])('reads $name', ({ input, want }) => {
    expect(parseReasons([input]).map(({ params: _p, ...r }) => r)).toEqual(want);
  });

  it('round-trips a text with quotes', () => {
    const reason = { protocol: 'SIP', cause: 486, text: 'a "quoted" word' };
    expect(parseReasons([formatReason(reason)]).map(({ params: _p, ...r }) => r)).toEqual([reason]);
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
