/**
 * CSeq (rfc3261#section-20.16): `CSeq = 1*DIGIT LWS Method`. The number must fit in 32 bits unsigned
 * (RFC 4475 scalar02 sends 2**65 and expects a 400).
 */
import { isDigit, isToken, Scanner } from './chars.ts';
import { CoreError } from '../errors.ts';

export interface CSeq {
  seq: number;
  method: string;
}

export const MAX_CSEQ = 0xffffffff;

export function parseCSeq(text: string): CSeq {
  const s = new Scanner(text, 'Bad CSeq');
  s.skipWs();
  const start = s.pos;
  while (isDigit(s.peek())) s.pos++;
  const digits = text.slice(start, s.pos);
  if (digits.length === 0) s.fail('expected a sequence number');
  // Leading zeros are fine (RFC 4475 wsinv); the value is what must fit.
  const seq = Number(digits);
  if (seq > MAX_CSEQ) s.fail('the sequence number exceeds 2**32-1');
  if (s.skipWs() === 0) s.fail('expected whitespace after the sequence number');
  const method = s.token('a method');
  s.end();
  return { seq, method };
}

export function formatCSeq(cseq: CSeq): string {
  if (!Number.isInteger(cseq.seq) || cseq.seq < 0 || cseq.seq > MAX_CSEQ) throw new CoreError('invalid-argument', `CSeq number ${cseq.seq} is not 0..2**32-1`);
  if (!isToken(cseq.method)) throw new CoreError('invalid-argument', `CSeq method "${cseq.method.slice(0, 40)}" is not a token`);
  return `${cseq.seq} ${cseq.method}`;
}
