/**
 * Comma-separated header values (rfc3261#section-7.3.1): a comma separates two values only outside a quoted-string
 * and outside `<...>`, where display names and URIs may hold commas (rfc3261#section-20.10). One linear pass; an
 * unterminated quote or bracket runs to the end of the value, which the value parser then rejects.
 */
import { isWsp, trimWsp } from './chars.ts';

/** Offset of the first separating comma at or after `from`, or -1. */
export function nextListComma(value: string, from: number): number {
  let quoted = false;
  let angle = false;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 92) i++;
      else if (c === 34) quoted = false;
    } else if (angle) {
      if (c === 62) angle = false;
    } else if (c === 44) return i;
    else if (c === 34) quoted = true;
    else if (c === 60) angle = true;
  }
  return -1;
}

/** The values of one header line, trimmed; empty elements (`a,,b`) are dropped. */
export function splitHeaderList(value: string): string[] {
  if (value.indexOf(',') < 0) {
    const only = trimWsp(value);
    return only.length === 0 ? [] : [only];
  }
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const comma = nextListComma(value, start);
    const element = trimWsp(value.slice(start, comma < 0 ? value.length : comma));
    if (element.length > 0) out.push(element);
    if (comma < 0) return out;
    start = comma + 1;
  }
}

/**
 * The first non-empty value of a list line and what remains after it (trimmed, possibly empty), without
 * splitting the rest: popping the top Via of a line holding thousands stays cheap.
 */
export function shiftHeaderList(value: string): { first: string; rest: string } | undefined {
  let start = 0;
  for (;;) {
    const comma = nextListComma(value, start);
    const element = trimWsp(value.slice(start, comma < 0 ? value.length : comma));
    if (element.length > 0) return { first: element, rest: comma < 0 ? '' : value.slice(skipSeparators(value, comma + 1)) };
    if (comma < 0) return undefined;
    start = comma + 1;
  }
}

/** Skips whitespace and empty elements, so that a rest of only `, ,` counts as empty. */
function skipSeparators(value: string, from: number): number {
  let i = from;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c !== 44 && !isWsp(c)) break;
    i++;
  }
  return i;
}
