/**
 * The header fields of a SIP message (rfc3261#section-7.3): ordered lines whose names compare case-insensitively,
 * compact forms expanded (rfc3261#section-7.3.3). Values are kept as unparsed text, unfolded and trimmed; the value
 * parsers (`parseVia`, `parseNameAddr`, ...) run only when someone asks.
 */
import { CoreError } from '../errors.ts';
import { isTokenChar } from './chars.ts';
import { headerName, type HeaderName } from './header-names.ts';
import { shiftHeaderList, splitHeaderList } from './header-list.ts';

export type SipHeadersInit = SipHeaders | Iterable<readonly [string, string]>;

/** One header line. `name` is the spelling to write, `key` the lower-cased full name to compare. */
export interface SipHeaderField {
  readonly name: string;
  readonly key: string;
  readonly list: boolean;
  value: string;
}

let adopt: (fields: SipHeaderField[]) => SipHeaders;
let fieldsOf: (headers: SipHeaders) => readonly SipHeaderField[];

/**
 * Ordered, case-insensitive header lines. Setters take compact or long names and store the canonical spelling;
 * they refuse names that are not tokens and values holding CR or LF, so a value can never smuggle in a header.
 */
export class SipHeaders implements Iterable<[string, string]> {
  #fields: SipHeaderField[] = [];

  static {
    adopt = (fields) => {
      const headers = new SipHeaders();
      headers.#fields = fields;
      return headers;
    };
    fieldsOf = (headers) => headers.#fields;
  }

  constructor(init?: SipHeadersInit) {
    if (init) for (const [name, value] of init) this.append(name, value);
  }

  /** Number of header lines. */
  get size(): number {
    return this.#fields.length;
  }

  /** The first line's value, or undefined. For list headers that line may hold several values: see `firstValue`. */
  get(name: string): string | undefined {
    const key = headerName(name).key;
    for (const f of this.#fields) if (f.key === key) return f.value;
    return undefined;
  }

  /** Every line's value, in order. */
  getAll(name: string): string[] {
    const key = headerName(name).key;
    const out: string[] = [];
    for (const f of this.#fields) if (f.key === key) out.push(f.value);
    return out;
  }

  has(name: string): boolean {
    const key = headerName(name).key;
    return this.#fields.some((f) => f.key === key);
  }

  /**
   * Every value: list headers (Via, Route, Record-Route, Contact, Allow, Supported, Require, ...) are split at
   * commas outside quotes and `<...>`; other headers give one value per line, commas and all.
   */
  values(name: string): string[] {
    const info = headerName(name);
    const out: string[] = [];
    for (const f of this.#fields) {
      if (f.key !== info.key) continue;
      if (info.list) for (const v of splitHeaderList(f.value)) out.push(v);
      else out.push(f.value);
    }
    return out;
  }

  /** The first of `values(name)` without splitting the rest: the top Via or Route. */
  firstValue(name: string): string | undefined {
    const info = headerName(name);
    for (const f of this.#fields) {
      if (f.key !== info.key) continue;
      if (!info.list) return f.value;
      const first = shiftHeaderList(f.value);
      if (first) return first.first;
    }
    return undefined;
  }

  /** Replaces the first line called `name` in place and drops the others; appends when there is none. */
  set(name: string, value: string): this {
    const info = checked(name, value);
    const first = this.#fields.findIndex((f) => f.key === info.key);
    if (first < 0) {
      this.#fields.push(field(info, value));
      return this;
    }
    this.#fields[first] = field(info, value);
    this.#fields = this.#fields.filter((f, i) => i <= first || f.key !== info.key);
    return this;
  }

  /** Adds a line after all others. */
  append(name: string, value: string): this {
    this.#fields.push(field(checked(name, value), value));
    return this;
  }

  /**
   * Adds a line above the first line of the same name, or at the very top: a proxy's own Via and Record-Route
   * (rfc3261#section-16.6 steps 4 and 8).
   */
  prepend(name: string, value: string): this {
    const info = checked(name, value);
    const first = this.#fields.findIndex((f) => f.key === info.key);
    this.#fields.splice(first < 0 ? 0 : first, 0, field(info, value));
    return this;
  }

  /** Removes every line called `name`. */
  delete(name: string): this {
    const key = headerName(name).key;
    this.#fields = this.#fields.filter((f) => f.key !== key);
    return this;
  }

  /**
   * Removes and returns the first value, even when it shares its line with others: the top Via of a response
   * (rfc3261#section-16.7 step 3) or the top Route (rfc3261#section-16.4). Lines left empty are removed. For
   * headers that are not lists the whole first line goes.
   */
  removeFirstValue(name: string): string | undefined {
    const info = headerName(name);
    for (let i = 0; i < this.#fields.length; i++) {
      const f = this.#fields[i]!;
      if (f.key !== info.key) continue;
      if (!info.list) {
        this.#fields.splice(i, 1);
        return f.value;
      }
      const shifted = shiftHeaderList(f.value);
      if (shifted && shifted.rest.length > 0) {
        this.#fields[i] = { ...f, value: shifted.rest };
        return shifted.first;
      }
      this.#fields.splice(i, 1);
      if (shifted) return shifted.first;
      i--;
    }
    return undefined;
  }

  clone(): SipHeaders {
    return adopt(this.#fields.map((f) => ({ ...f })));
  }

  /** `[name, value]` per line, names spelled canonically. */
  *entries(): IterableIterator<[string, string]> {
    for (const f of this.#fields) yield [f.name, f.value];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

function field(info: HeaderName, value: string): SipHeaderField {
  return { name: info.name, key: info.key, list: info.list, value };
}

/** header-name = token (rfc3261#section-25.1); values may not hold CR or LF (they would end the line). */
function checked(name: string, value: string): HeaderName {
  if (name.length === 0) throw new CoreError('invalid-argument', 'empty SIP header name');
  for (let i = 0; i < name.length; i++) {
    if (!isTokenChar(name.charCodeAt(i))) throw new CoreError('invalid-argument', `SIP header name "${name.slice(0, 40)}" is not a token`);
  }
  if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
    throw new CoreError('invalid-argument', `SIP header ${name.slice(0, 40)} has CR or LF in its value`);
  }
  return headerName(name);
}

/** For the parser: headers made from lines it has already checked. Not exported from index.ts. */
export function adoptHeaderFields(fields: SipHeaderField[]): SipHeaders {
  return adopt(fields);
}

/** For the serializer: the lines themselves. Not exported from index.ts. */
export function headerFields(headers: SipHeaders): readonly SipHeaderField[] {
  return fieldsOf(headers);
}
