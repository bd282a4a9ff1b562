/**
 * SIP-date (RFC 3261 section 25.1), the RFC 1123 form of HTTP dates, always in GMT:
 *
 *   SIP-date   = rfc1123-date
 *   rfc1123-date = wkday "," SP date1 SP time SP "GMT"
 *   date1      = 2DIGIT SP month SP 4DIGIT      ; day month year (e.g., 02 Jun 1982)
 *   time       = 2DIGIT ":" 2DIGIT ":" 2DIGIT   ; 00:00:00 - 23:59:59
 *
 * e.g. `Thu, 21 Feb 2002 13:02:03 GMT`. ABNF literals are case-insensitive (RFC 5234 section 2.3), so `thu` and `gmt`
 * are accepted; the week day is not checked against the date (it adds nothing the date does not say).
 */
import { CoreError } from '../errors.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const SIP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;

/** Parses a SIP-date; anything else (including 31 Feb or 24:00:00) is a CoreError 'invalid-argument'. */
export function parseSipDate(value: string): Date {
  const match = SIP_DATE.exec(value.trim());
  if (!match) throw new CoreError('invalid-argument', `not an RFC 1123 SIP-date: ${JSON.stringify(value.slice(0, 100))}`);
  const [, , dd, mon, yyyy, hh, mm, ss] = match;
  const month = MONTHS.findIndex((name) => name.toLowerCase() === mon!.toLowerCase());
  const [day, year, hour, minute, second] = [dd, yyyy, hh, mm, ss].map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  // Date.UTC rolls 31 Feb over into March and 24:00 into the next day; a real date reads back unchanged.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month || date.getUTCFullYear() !== year || date.getUTCHours() !== hour || minute > 59 || second > 59) {
    throw new CoreError('invalid-argument', `not a calendar date and time: ${JSON.stringify(value)}`);
  }
  return date;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** The SIP-date of `date` (whole seconds, GMT), as an authentication service writes a missing Date header. */
export function formatSipDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 0 || year > 9999) throw new CoreError('invalid-argument', 'the date cannot be written as a SIP-date');
  return `${WEEKDAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${String(year).padStart(4, '0')} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT`;
}
