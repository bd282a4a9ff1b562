/** PEM armour (RFC 7468): `-----BEGIN LABEL-----`, base64, `-----END LABEL-----`. */
import { fromBase64, latin1, toBase64 } from './bytes.ts';
import { CoreError } from './errors.ts';

export interface PemBlock {
  label: string;
  der: Uint8Array;
}

const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export function toPem(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${toBase64(der, 64).replace(/\r\n/g, '\n')}\n-----END ${label}-----\n`;
}

/** Every PEM block in `text`, in order. Text outside blocks (explanatory lines) is ignored, as RFC 7468 allows. */
export function parsePem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(PEM_RE)) {
    const body = match[2]!;
    // RFC 7468 section 2: headers such as Proc-Type are legacy (RFC 1421); we do not support encrypted PEM.
    if (/^[ \t]*[A-Za-z-]+:/m.test(body)) throw new CoreError('unsupported', `PEM ${match[1]} with RFC 1421 headers is not supported`);
    blocks.push({ label: match[1]!, der: fromBase64(body, 'malformed-pem') });
  }
  return blocks;
}

/** True when the bytes look like PEM text rather than DER (DER starts with a SEQUENCE tag 0x30). */
export function looksLikePem(bytes: Uint8Array): boolean {
  return latin1(bytes.subarray(0, 4096)).includes('-----BEGIN ');
}

/**
 * DER from bytes that are either DER or PEM. With PEM, the first block whose label is in `labels` is taken.
 */
export function derFromPemOrDer(bytes: Uint8Array, labels: readonly string[]): { label: string | null; der: Uint8Array } {
  if (!looksLikePem(bytes)) return { label: null, der: bytes };
  const blocks = parsePem(latin1(bytes));
  const block = blocks.find((b) => labels.includes(b.label));
  if (!block) throw new CoreError('malformed-pem', `no PEM block labelled ${labels.join(' or ')}`);
  return block;
}

