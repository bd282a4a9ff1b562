import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../../src/core/errors.ts';
import {
  BRANCH_MAGIC_COOKIE,
  createResponse,
  generateBranch,
  generateCallId,
  generateTag,
  isRfc3261Branch,
  parseNameAddr,
  parseSipMessage,
  reasonPhrase,
  serializeSipMessage,
  type SipRequest,
} from '../../../src/core/sip/index.ts';
import { baseRequest, sip } from './helpers.ts';

function request(extra: string[] = []): SipRequest {
  const lines = baseRequest(['Record-Route: <sip:p1.example.com;lr>', 'Via: SIP/2.0/UDP second.example.com;branch=z9hG4bK2', 'Timestamp: 54', 'Contact: <sip:alice@pc33.example.com>', ...extra], 'hello');
  const message = parseSipMessage(sip(lines));
  if (message.kind !== 'request') throw new Error('not a request');
  return message;
}

describe('createResponse (rfc3261#section-8.2.6)', () => {
  it('copies Via (all, in order), From, To, Call-ID and CSeq, and nothing else', () => {
    const response = createResponse(request(), 200, undefined, { toTag: 'as83kd9' });
    expect(response).toMatchObject({ kind: 'response', status: 200, reason: 'OK' });
    expect([...response.headers]).toEqual([
      ['Via', 'SIP/2.0/TCP client.example.com:5060;branch=z9hG4bK74bf9'],
      ['From', '"Alice" <sip:alice@example.com>;tag=9fxced76sl'],
      ['To', '<sip:bob@example.com>;tag=as83kd9'],
      ['Call-ID', '3848276298220188511@example.com'],
      ['CSeq', '1 MESSAGE'],
      ['Via', 'SIP/2.0/UDP second.example.com;branch=z9hG4bK2'],
    ]);
    expect(response.body).toHaveLength(0);
  });

  it('keeps an existing To tag and adds none to 100 Trying, which carries the Timestamp', () => {
    const tagged = request().headers;
    tagged.set('To', '<sip:bob@example.com>;tag=existing');
    const response = createResponse({ ...request(), headers: tagged }, 486, undefined, { toTag: 'new' });
    expect(parseNameAddr(response.headers.get('To')!).params.get('tag')).toBe('existing');
    const trying = createResponse(request(), 100, undefined, { toTag: 'x' });
    expect(trying.headers.get('To')).toBe('<sip:bob@example.com>');
    expect(trying.headers.get('Timestamp')).toBe('54');
    expect(createResponse(request(), 180).headers.has('Timestamp')).toBe(false);
  });

  it('takes a reason, extra headers and a body, and serializes', () => {
    const response = createResponse(request(), 493, 'Undecipherable (no key)', { headers: [['Content-Type', 'application/pkcs7-mime; smime-type=certs-only']], body: new Uint8Array([1, 2, 3]) });
    const text = new TextDecoder().decode(serializeSipMessage(response));
    expect(text).toMatch(/^SIP\/2\.0 493 Undecipherable \(no key\)\r\n/);
    expect(text).toContain('Content-Type: application/pkcs7-mime; smime-type=certs-only\r\nContent-Length: 3\r\n\r\n');
  });

  it('copies an unreadable To unchanged instead of failing', () => {
    const headers = request().headers;
    headers.set('To', '"unterminated <sip:bob@example.com>');
    expect(createResponse({ ...request(), headers }, 400, undefined, { toTag: 't' }).headers.get('To')).toBe('"unterminated <sip:bob@example.com>');
  });

  it('refuses bad statuses and tags', () => {
    for (const attempt of [() => createResponse(request(), 99), () => createResponse(request(), 700), () => createResponse(request(), 200, undefined, { toTag: 'a b' })]) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(isCoreError(thrown, 'invalid-argument')).toBe(true);
    }
  });

  it('knows the usual reason phrases', () => {
    expect([100, 202, 412, 428, 436, 437, 438, 489, 493, 505, 513, 299, 499, 699].map(reasonPhrase)).toEqual([
      'Trying', 'Accepted', 'Conditional Request Failed', 'Use Identity Header', 'Bad Identity-Info', 'Unsupported Certificate', 'Invalid Identity Header',
      'Bad Event', 'Undecipherable', 'Version Not Supported', 'Message Too Large', 'Success', 'Client Error', 'Global Failure',
    ]);
  });
});

describe('random identifiers', () => {
  it('makes branches with the magic cookie, tags and Call-IDs that are tokens and differ', () => {
    const branches = new Set(Array.from({ length: 100 }, () => generateBranch(globalThis.crypto)));
    expect(branches.size).toBe(100);
    for (const branch of branches) {
      expect(branch).toMatch(/^z9hG4bK[0-9a-f]{24}$/);
      expect(isRfc3261Branch(branch)).toBe(true);
    }
    expect(BRANCH_MAGIC_COOKIE).toBe('z9hG4bK');
    expect(isRfc3261Branch('390skdjuw')).toBe(false);
    expect(generateTag(globalThis.crypto)).toMatch(/^[0-9a-f]{16}$/);
    expect(generateCallId(globalThis.crypto)).toMatch(/^[0-9a-f]{32}$/);
    expect(generateCallId(globalThis.crypto, 'host.example.com')).toMatch(/^[0-9a-f]{32}@host\.example\.com$/);
    expect(() => generateCallId(globalThis.crypto, 'a b')).toThrow(/cannot follow "@" in a Call-ID/);
  });

  it('draws its randomness from the crypto it is given', () => {
    const zeros = { getRandomValues: <T extends ArrayBufferView | null>(array: T): T => array } as Crypto;
    expect(generateBranch(zeros)).toBe(`z9hG4bK${'0'.repeat(24)}`);
    expect(generateTag(zeros)).toBe('0'.repeat(16));
  });
});
