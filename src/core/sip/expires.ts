/**
 * delta-seconds (rfc3261#section-25.1) as used by Expires (rfc3261#section-20.19), Min-Expires and the expires
 * parameters: 1*DIGIT, at most 2**32-1 (RFC 4475 scalar02 sends more and expects the value to be refused; the
 * caller may then fall back to its default, e.g. 3600 seconds for REGISTER, rfc3261#section-10.2.1.1).
 */
import { parseDigits, Scanner } from './chars.ts';

export const MAX_DELTA_SECONDS = 0xffffffff;

export function parseExpires(text: string): number {
  return parseDeltaSeconds(text, 'Bad Expires');
}

export function parseDeltaSeconds(text: string, reason: string): number {
  const s = new Scanner(text, reason);
  s.skipWs();
  const start = s.pos;
  while (s.peek() >= 48 && s.peek() <= 57) s.pos++;
  const value = parseDigits(text.slice(start, s.pos), MAX_DELTA_SECONDS);
  if (value < 0) s.fail('expected delta-seconds (0..2**32-1)');
  s.end();
  return value;
}
