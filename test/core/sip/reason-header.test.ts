/** Reason (RFC 3326 section 2): the values a proxy writes and a user agent reads. */
import { describe, expect, it } from 'vitest';
import { COMPLETED_ELSEWHERE, completedElsewhere, formatReason, parseReason } from '../../../src/core/sip/index.ts';

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
