/**
 * Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime } as RFC 5652 section 11.3 and RFC 5280
 * section 4.1.2.5 use it: UTCTime for the years 1950 through 2049, GeneralizedTime otherwise, both in UTC.
 */
import { fromLatin1 } from '../bytes.ts';
import { CoreError, type CoreErrorKind } from '../errors.ts';
import { readPrimitive } from './read.ts';
import { type DerBlock, TAG, hasTag } from './tags.ts';
import { tlv } from './write.ts';

/** True for the years that are written as UTCTime (RFC 5280 section 4.1.2.5). */
export function isUtcTimeYear(year: number): boolean {
  return year >= 1950 && year < 2050;
}

/** The DER Time of `date`, in whole seconds (DER forbids fractions ending in zero; we drop them). */
export function time(date: Date): Uint8Array {
  if (Number.isNaN(date.getTime())) throw new CoreError('invalid-argument', 'invalid date');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new CoreError('invalid-argument', `year ${year} cannot be encoded`);
  const two = (n: number): string => String(n).padStart(2, '0');
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  if (isUtcTimeYear(year)) return tlv(TAG.UTC_TIME, fromLatin1(two(year % 100) + rest));
  return tlv(TAG.GENERALIZED_TIME, fromLatin1(String(year).padStart(4, '0') + rest));
}

/** A UTCTime or GeneralizedTime in UTC, as a Date; other forms and impossible dates are a CoreError of `kind`. */
export function readTime(block: DerBlock | undefined, kind: CoreErrorKind, what: string): Date {
  let digits: string;
  let year: number;
  if (hasTag(block, TAG.UTC_TIME)) {
    const m = /^(\d{2})(\d{10})Z$/.exec(String.fromCharCode(...readPrimitive(block, TAG.UTC_TIME, kind, what)));
    if (!m) throw new CoreError(kind, `${what}: malformed UTCTime`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 section 4.1.2.5.1
    digits = m[2]!;
  } else if (hasTag(block, TAG.GENERALIZED_TIME)) {
    const m = /^(\d{4})(\d{10})(?:[.,]\d+)?Z$/.exec(String.fromCharCode(...readPrimitive(block, TAG.GENERALIZED_TIME, kind, what)));
    if (!m) throw new CoreError(kind, `${what}: malformed GeneralizedTime`);
    year = Number(m[1]);
    digits = m[2]!;
  } else {
    throw new CoreError(kind, `${what}: expected UTCTime or GeneralizedTime`);
  }
  const [month, day, hour, minute, second] = [0, 2, 4, 6, 8].map((i) => Number(digits.slice(i, i + 2))) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new CoreError(kind, `${what}: impossible date`);
  }
  if (year < 100) date.setUTCFullYear(year);
  return date;
}
