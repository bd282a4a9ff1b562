/**
 * The pre-shared key crypto-system (seed 000 section 6): a sip-secure attachment whose header fields are sent in the
 * clear but integrity checked, followed by an optionally encrypted area.
 *
 *   Content-Type: message/sip-secure
 *   Content-Length: 412                                   <- the whole attachment's octets (section 6)
 *   X-SIP-SECURE-FROM: sip:alice@example.test
 *   X-SIP-SECURE-TO: sip:bob@example.test
 *   X-SIP-SECURE-METHOD: preshared.sec.sip.iana=(r:3f2a9c0d51e7b864)    <- realm tag = key context; no K: tag
 *   Authorization: HS256; time=1013865723:9f86d081884c7d659a2feaa0c55ad015; <44 base64 characters>
 *   Encryption: A256GCM
 *                                                         <- empty line: the encrypted area starts here
 *   <base64 of IV || ciphertext || tag, in lines of 76>
 *
 * Algorithms: the seed asks for "IANA registered" transforms; SealPhone uses the names of IANA's JSON Web Signature and
 * Encryption Algorithms registry (RFC 7518): `HS256` (HMAC-SHA-256, section 3.2) for Authorization and `A256GCM`
 * (AES-256-GCM, section 5.3) for Encryption, compared without case, and `NULL`, the seed's null transform. "Absense of
 * the Authentication and Encryption headers is equivalent to NULL transforms for both"; the seed's examples spell the
 * field `Authentication`, read as Authorization.
 *
 * The checksum (section 6: "a keyed message integrity check ... begins at the begining of the attachment ... for
 * Content-Length octets"): HMAC-SHA-256 under the checksum key over all the attachment's octets except the checksum's
 * own base64 text (the seed does not say how a checksum covers itself; leaving its text out is SealPhone's choice).
 * The seed's `time=timestamp:nonce` is always written and, with a checksum, required on reading (the seed makes replay
 * protection optional but says it SHOULD be implemented): seconds since 1970 and 128 random bits in hex.
 *
 * The encrypted area (section 6: it starts at "the character following the linefeed at the end of the Encryption
 * header" and runs to the end of Content-Length): Encryption is the last field, and the area is an empty line, then
 * the base64 of AES-GCM's IV || ciphertext || tag (aes-gcm.ts), so that the attachment stays a MIME body part (the
 * empty line ends its header section) and no ciphertext octet can look like a MIME boundary. Its plaintext is the
 * protected fields and body, written as an attachment's are (`Name: value` lines, then an empty line and the body).
 * The AES-GCM additional data is the clear area before it, checksum text left out, so that without a checksum
 * (`Authorization: NULL`) the clear fields are still bound to the ciphertext.
 *
 * Reading never throws anything but FrameworkError (framework-error.ts), whatever the octets.
 */
import { concatBytes, fromBase64, latin1, randomBytes, toBase64, toHex, utf8 } from '../bytes.ts';
import { PRESHARED_METHOD, type SecureMethod } from '../secure-body/secure-requires.ts';
import { aesGcmOpen, aesGcmSeal, aesGcmSealedLength } from './aes-gcm.ts';
import {
  AUTHORIZATION_HEADER,
  ENCRYPTION_HEADER,
  SIP_SECURE_TYPE,
  isTransformField,
  parseSipSecureAttachment,
  tailLines,
  withContentLength,
  type HeaderField,
  type ParsedAttachment,
} from './attachment.ts';
import { FrameworkError, isFrameworkError, shown } from './framework-error.ts';
import { fieldLine, readHeaderArea, type RawField } from './header-area.ts';
import { hmacSha256, verifyHmacSha256 } from './hmac-sha256.ts';
import type { PresharedKey } from './key-derivation.ts';
import { DEFAULT_SKEW_SECONDS, type PresharedReplayCache } from './preshared-replay-cache.ts';
import type { SecureAddress } from './secure-address.ts';

export const HS256 = 'HS256';
export const A256GCM = 'A256GCM';
export const NULL_TRANSFORM = 'NULL';
const CHECKSUM_CHARS = 44; // base64 of 32 octets
const NONCE = /^[A-Za-z0-9+/=_.-]{8,128}$/;

export interface PresharedSealInput {
  secureFrom: SecureAddress;
  secureTo: SecureAddress;
  /** The supports variant (4.2.2). */
  supports?: SecureMethod[];
  /** The requires variant (4.2.3). */
  requires?: SecureMethod[];
  /** The M flag on X-SIP-SECURE-METHOD (4.1.5). */
  mutual?: boolean;
  /** Default HS256. NULL is the seed's null transform, for the supports and requires variants (4.2.2, 4.2.3). */
  authorization?: typeof HS256 | typeof NULL_TRANSFORM;
  /** Default: no Encryption field (the fields go in the clear, integrity checked). */
  encryption?: typeof A256GCM | typeof NULL_TRANSFORM;
  /** The protected fields (Accept, From, an X-SIP-SECURE-KEY is not for here: see key-derivation.ts). */
  fields?: HeaderField[];
  body?: Uint8Array;
}

/** The attachment's octets. `key` may be null only when both transforms are NULL. */
export async function sealPreshared(input: PresharedSealInput, key: PresharedKey | null, crypto: Crypto, now: Date = new Date()): Promise<Uint8Array> {
  const authorization = input.authorization ?? HS256;
  const encryption = input.encryption;
  if ((authorization === HS256 || encryption === A256GCM) && !key) throw new FrameworkError('malformed', 'a key is required for HS256 or A256GCM');
  const method: SecureMethod = { method: PRESHARED_METHOD };
  if (key && (authorization === HS256 || encryption === A256GCM)) method.realm = key.context;
  if (input.mutual) method.mutual = true;
  const lines = tailLines({ secureFrom: input.secureFrom, secureTo: input.secureTo, supports: input.supports, requires: input.requires, method, fields: [] });
  const placeholder = 'A'.repeat(CHECKSUM_CHARS);
  if (authorization === HS256) {
    const time = Math.floor(now.getTime() / 1000);
    lines.push(`${AUTHORIZATION_HEADER}: ${HS256}; time=${time}:${toHex(randomBytes(16, crypto))}; ${placeholder}\r\n`);
  } else {
    lines.push(fieldLine(AUTHORIZATION_HEADER, NULL_TRANSFORM));
  }
  if (encryption !== undefined) lines.push(fieldLine(ENCRYPTION_HEADER, encryption));
  const content = protectedContent(input.fields ?? [], input.body);
  const encrypted = encryption === A256GCM;
  // With encryption, the area's length is known before its octets: base64 of zeros stands in for them.
  const area = encrypted ? encryptedArea(new Uint8Array(aesGcmSealedLength(content.length))) : content;
  const bytes = withContentLength(fieldLine('Content-Type', SIP_SECURE_TYPE), concatBytes(utf8(lines.join('')), area));
  const fields = readHeaderArea(bytes).fields;
  const checksum = authorization === HS256 ? checksumRange(fields.find((f) => f.name === AUTHORIZATION_HEADER)!) : undefined;
  if (encrypted) {
    const clearEnd = fields.find((f) => f.name === ENCRYPTION_HEADER)!.end;
    const sealed = await aesGcmSeal(key!.encryption, content, without(bytes.subarray(0, clearEnd), checksum), crypto);
    bytes.set(encryptedArea(sealed), clearEnd);
  }
  if (checksum) {
    const tag = await hmacSha256(key!.checksum, without(bytes, checksum), crypto);
    bytes.set(utf8(toBase64(tag)), checksum.start);
  }
  return bytes;
}

export interface OpenPresharedOptions {
  /**
   * Accept NULL transforms (no checksum): the supports and requires variants of 4.2.2 and 4.2.3. Default false. What
   * such an attachment says is unauthenticated (4.2.3: "subject to man in the middle attacks"): anyone on the path
   * may have written it, or renamed the Authorization field of a keyed one. Use it as a hint only (which crypto-system
   * to try), never as a reason to send less protected content.
   */
  allowUnprotected?: boolean;
  /** The clock-skew window in seconds; default the replay cache's, or DEFAULT_SKEW_SECONDS. */
  skewSeconds?: number;
}

export interface OpenedPreshared {
  /** The clear part as read: addresses, variants, method (its realm tag is the key context). */
  attachment: ParsedAttachment;
  authorization: typeof HS256 | typeof NULL_TRANSFORM;
  encryption?: typeof A256GCM | typeof NULL_TRANSFORM;
  /** From `time=timestamp:nonce`, when written. */
  time?: number;
  nonce?: string;
  /** The protected fields (decrypted when the area was encrypted) and body. */
  fields: HeaderField[];
  body?: Uint8Array;
}

/**
 * Checks and opens an attachment: grammar and Content-Length ('malformed'), method and algorithms
 * ('unknown-algorithm'), NULL transforms unless allowed ('unprotected'), the checksum ('bad-checksum'), the timestamp
 * against the skew window ('stale'), the replay cache ('replay', entered only after the checksum verified), then the
 * decryption ('undecipherable'). With `replayCache` null, replays are not detected: only for a caller that keeps its
 * own (none in SealPhone).
 */
export async function openPreshared(
  bytes: Uint8Array,
  key: PresharedKey | null,
  replayCache: PresharedReplayCache | null,
  crypto: Crypto,
  now: Date = new Date(),
  options: OpenPresharedOptions = {},
): Promise<OpenedPreshared> {
  try {
    return await open(bytes, key, replayCache, crypto, now, options);
  } catch (error) {
    if (isFrameworkError(error)) throw error;
    throw new FrameworkError('malformed', `pre-shared attachment: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

async function open(bytes: Uint8Array, key: PresharedKey | null, replayCache: PresharedReplayCache | null, crypto: Crypto, now: Date, options: OpenPresharedOptions): Promise<OpenedPreshared> {
  const attachment = parseSipSecureAttachment(bytes);
  if (attachment.method.method !== PRESHARED_METHOD) throw new FrameworkError('unknown-algorithm', `X-SIP-SECURE-METHOD ${shown(attachment.method.method)} is not ${PRESHARED_METHOD}`);
  if (attachment.method.keying !== undefined) throw bad('the keying tag MUST NOT be included (seed 000 section 6)');
  const raw = attachment.area.fields;
  const authFields = raw.filter((f) => isTransformField(f.name) && f.name.toLowerCase() !== ENCRYPTION_HEADER.toLowerCase());
  const encFields = raw.filter((f) => f.name.toLowerCase() === ENCRYPTION_HEADER.toLowerCase());
  if (authFields.length > 1 || encFields.length > 1) throw bad('more than one Authorization or Encryption field');
  const auth: Authorization = authFields[0] ? readAuthorization(authFields[0]) : { algorithm: NULL_TRANSFORM, checksum: new Uint8Array(0) };
  const encField = encFields[0];
  const encryption = encField ? readEncryption(encField.value) : undefined;
  const encrypted = encryption === A256GCM;
  if (encrypted && (raw[raw.length - 1] !== encField || attachment.body === undefined)) throw bad('Encryption must be the last field, followed by an empty line and the encrypted area');
  const opened: OpenedPreshared = { attachment, authorization: auth.algorithm, fields: [] };
  if (encryption !== undefined) opened.encryption = encryption;
  if (auth.algorithm === NULL_TRANSFORM && !options.allowUnprotected) throw new FrameworkError('unprotected', 'the attachment has no keyed checksum (NULL transform)');
  if ((auth.algorithm === HS256 || encrypted) && !key) throw new FrameworkError('unprotected', 'no pre-shared key to check the attachment with');
  if (key && attachment.method.realm !== undefined && attachment.method.realm.toLowerCase() !== key.context.toLowerCase()) {
    throw new FrameworkError('bad-checksum', `the attachment is for key context ${shown(attachment.method.realm)}, not ${shown(key.context)}`);
  }
  if (auth.algorithm === HS256) {
    if (!(await verifyHmacSha256(key!.checksum, auth.checksum, without(bytes, auth.range), crypto))) throw new FrameworkError('bad-checksum', 'the keyed checksum does not verify');
    if (auth.time === undefined) throw new FrameworkError('stale', 'no time=timestamp:nonce: freshness cannot be shown');
    const skew = options.skewSeconds ?? replayCache?.skewSeconds ?? DEFAULT_SKEW_SECONDS;
    if (Math.abs(now.getTime() / 1000 - auth.time) > skew) throw new FrameworkError('stale', `timestamp ${auth.time} is more than ${skew} s from now (${Math.floor(now.getTime() / 1000)})`);
    opened.time = auth.time;
    opened.nonce = auth.nonce!;
    if (replayCache?.seen({ secureTo: attachment.secureTo, secureFrom: attachment.secureFrom, nonce: auth.nonce! }, auth.time, now)) {
      throw new FrameworkError('replay', `nonce ${shown(auth.nonce!)} from ${shown(attachment.secureFrom.user)} was accepted before`);
    }
  }
  if (!encrypted) {
    opened.fields = attachment.fields.filter(([name]) => !isTransformField(name));
    if (attachment.body !== undefined) opened.body = attachment.body;
    return opened;
  }
  const sealed = fromBase64(latin1(attachment.body!));
  const plain = await aesGcmOpen(key!.encryption, sealed, without(bytes.subarray(0, encField!.end), auth.range), crypto);
  if (!plain) throw new FrameworkError('undecipherable', 'the encrypted area does not decrypt under the key');
  const inner = readHeaderArea(plain);
  opened.fields = inner.fields.map((f): HeaderField => [f.name, f.value]);
  if (inner.fields.some((f) => f.name.toLowerCase() === 'via')) throw bad('a Via must not be placed in a secure attachment (seed 000 section 4)');
  if (inner.bodyStart !== undefined) opened.body = plain.subarray(inner.bodyStart);
  return opened;
}

interface Authorization {
  algorithm: typeof HS256 | typeof NULL_TRANSFORM;
  time?: number;
  nonce?: string;
  checksum: Uint8Array;
  /** Where the checksum's base64 text is. */
  range?: { start: number; end: number };
}

/** `algorithm; [time=timestamp:nonce;] checksum` (section 6), or NULL. */
function readAuthorization(field: RawField): Authorization {
  const items = field.value.split(';').map((item) => item.trim());
  const algorithm = items[0]!.toUpperCase();
  if (algorithm === NULL_TRANSFORM) {
    if (items.length !== 1) throw bad('Authorization: NULL takes nothing after it');
    return { algorithm: NULL_TRANSFORM, checksum: new Uint8Array(0) };
  }
  if (algorithm !== HS256) throw new FrameworkError('unknown-algorithm', `Authorization algorithm ${shown(items[0]!)} is not ${HS256} or ${NULL_TRANSFORM}`);
  if (items.length !== 2 && items.length !== 3) throw bad(`Authorization ${shown(field.value)} is not "algorithm; [time=timestamp:nonce;] checksum"`);
  const text = items[items.length - 1]!;
  if (text.length !== CHECKSUM_CHARS || !/^[A-Za-z0-9+/]{43}=$/.test(text)) throw bad(`the checksum ${shown(text)} is not the base64 of 32 octets`);
  const checksum = fromBase64(text);
  // One spelling per checksum: the last character's two spare bits must be zero (RFC 4648 section 3.5).
  if (toBase64(checksum) !== text) throw bad(`the checksum ${shown(text)} is not in canonical base64`);
  const out: Authorization = {
    algorithm: HS256,
    checksum,
    range: { start: field.valueEnd - CHECKSUM_CHARS, end: field.valueEnd },
  };
  if (items.length === 3) {
    const time = /^time=(\d{1,12}):(.*)$/.exec(items[1]!);
    if (!time || !NONCE.test(time[2]!)) throw bad(`${shown(items[1]!)} is not "time=timestamp:nonce"`);
    out.time = Number(time[1]);
    out.nonce = time[2]!;
  }
  return out;
}

function readEncryption(value: string): typeof A256GCM | typeof NULL_TRANSFORM {
  const algorithm = value.toUpperCase();
  if (algorithm === A256GCM || algorithm === NULL_TRANSFORM) return algorithm;
  throw new FrameworkError('unknown-algorithm', `Encryption algorithm ${shown(value)} is not ${A256GCM} or ${NULL_TRANSFORM}`);
}

/** The protected fields, then an empty line and the body when there is one. */
function protectedContent(fields: readonly HeaderField[], body: Uint8Array | undefined): Uint8Array {
  for (const [name] of fields) {
    if (isTransformField(name) || name.toLowerCase() === 'via' || name.toLowerCase() === 'content-length' || name.toLowerCase() === 'content-type') {
      throw new FrameworkError('malformed', `${name} cannot be a protected field`);
    }
  }
  const lines = utf8(fields.map(([name, value]) => fieldLine(name, value)).join(''));
  return body === undefined ? lines : concatBytes(lines, utf8('\r\n'), body);
}

/** An empty line, then base64 in lines of 76, each ending CRLF. */
function encryptedArea(sealed: Uint8Array): Uint8Array {
  return utf8(`\r\n${toBase64(sealed, 76)}\r\n`);
}

function checksumRange(field: RawField): { start: number; end: number } {
  return { start: field.valueEnd - CHECKSUM_CHARS, end: field.valueEnd };
}

/** `bytes` with the octets of `range` left out. */
function without(bytes: Uint8Array, range: { start: number; end: number } | undefined): Uint8Array {
  if (!range) return bytes;
  return concatBytes(bytes.subarray(0, range.start), bytes.subarray(range.end));
}

function bad(why: string): FrameworkError {
  return new FrameworkError('malformed', `pre-shared attachment: ${why}`);
}
