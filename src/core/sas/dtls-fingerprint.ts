/**
 * The DTLS certificate fingerprint of an SDP `a=fingerprint` attribute (RFC 8122 section 5, RFC 8842):
 *
 *   fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
 *   hash-func   = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
 *   fingerprint = 2UHEX *(":" 2UHEX)
 *
 * Read leniently and written one way, so that two UAs that print the same fingerprint differently (case, colons,
 * the `a=fingerprint:` prefix, surrounding whitespace) agree on it: `sha-256 AB:CD:...`, the hash function in lower
 * case and the bytes as upper-case hex pairs joined by colons.
 */
import { fromHex, toHex } from '../bytes.ts';
import { CoreError } from '../errors.ts';

/** The hash functions we take, with their output length in bytes. md5 and md2 (RFC 8122 says not to use them) are refused. */
const HASH_BYTES: Readonly<Record<string, number>> = { 'sha-1': 20, 'sha-224': 28, 'sha-256': 32, 'sha-384': 48, 'sha-512': 64 };

export interface DtlsFingerprint {
  /** Lower case, e.g. `sha-256`. */
  hashFunction: string;
  value: Uint8Array;
}

function bad(text: string, why: string): CoreError {
  return new CoreError('invalid-argument', `not a DTLS fingerprint (${why}): ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}...` : text)}`);
}

/**
 * Reads `sha-256 AB:CD:...`, with or without `a=fingerprint:`, in any case, with or without the colons. A hash
 * function we do not take is 'unsupported'; anything else unusable is 'invalid-argument'.
 */
export function parseDtlsFingerprint(text: string): DtlsFingerprint {
  if (text.length > 1024) throw bad(text, 'too long');
  const match = /^\s*(?:a=fingerprint:\s*)?([A-Za-z0-9-]+)\s+([0-9A-Fa-f:]+)\s*$/i.exec(text);
  if (!match) throw bad(text, 'expected "hash-func fingerprint"');
  const hashFunction = match[1]!.toLowerCase();
  const expected = HASH_BYTES[hashFunction];
  if (expected === undefined) throw new CoreError('unsupported', `DTLS fingerprints with ${hashFunction} are not supported; use sha-256`);
  const hex = match[2]!;
  const colons = hex.includes(':');
  if (colons ? !/^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*$/.test(hex) : hex.length % 2 !== 0) throw bad(text, 'the hex must be pairs, all or none separated by ":"');
  const value = fromHex(hex);
  if (value.length !== expected) throw bad(text, `${hashFunction} has ${expected} bytes, not ${value.length}`);
  return { hashFunction, value };
}

/** `sha-256 AB:CD:...`: the one spelling of a fingerprint. */
export function formatDtlsFingerprint(fingerprint: DtlsFingerprint): string {
  return `${fingerprint.hashFunction} ${toHex(fingerprint.value).toUpperCase().replace(/(..)(?!$)/g, '$1:')}`;
}

/** parseDtlsFingerprint, then formatDtlsFingerprint. */
export function normalizeDtlsFingerprint(text: string): string {
  return formatDtlsFingerprint(parseDtlsFingerprint(text));
}
