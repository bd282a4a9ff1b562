import { describe, expect, it } from 'vitest';
import { fromLatin1, utf8 } from '../../../src/core/bytes.ts';
import { createResponse, parseSipMessage, serializeSipMessage, type SipRequest } from '../../../src/core/sip/index.ts';
import { baseRequest, sip, sipError } from './helpers.ts';

describe('parseSipMessage: framing of a datagram (rfc3261#section-18.3)', () => {
  it('takes the rest of the datagram as the body when Content-Length is absent', () => {
    const lines = baseRequest([], 'hello').filter((l) => !l.startsWith('Content-Length'));
    expect(new TextDecoder().decode(parseSipMessage(sip(lines)).body)).toBe('hello');
  });

  it('truncates a longer datagram to Content-Length; the body is a view of the input', () => {
    const bytes = sip([...baseRequest([], 'hello'), ' and trailing junk']);
    const message = parseSipMessage(bytes);
    expect(new TextDecoder().decode(message.body)).toBe('hello');
    expect(message.body.buffer).toBe(bytes.buffer);
  });

  it('refuses a shorter datagram', () => {
    const lines = baseRequest([], 'hello');
    lines[lines.length - 1] = 'hell';
    expect(sipError(() => parseSipMessage(sip(lines)))).toMatchObject({ status: 400, reason: 'Bad Content-Length' });
  });

  it('refuses Content-Length values that are not 1*DIGIT', () => {
    for (const value of ['-1', '1a', '0x10', '', '+5', '99999999999999999999']) {
      const lines = baseRequest().map((l) => (l.startsWith('Content-Length') ? `Content-Length: ${value}` : l));
      expect(sipError(() => parseSipMessage(sip(lines))).reason, value).toBe('Bad Content-Length');
    }
  });

  it('reads a folded Content-Length and leading zeros', () => {
    const lines = baseRequest([], 'hi').map((l) => (l.startsWith('Content-Length') ? 'Content-Length:\r\n 002' : l));
    expect(parseSipMessage(sip(lines)).body).toHaveLength(2);
  });

  it('skips CRLFs before the start line (rfc3261#section-7.5)', () => {
    expect(parseSipMessage(sip(['', '', ...baseRequest()])).kind).toBe('request');
  });

  it('accepts bare LF line ends', () => {
    const message = parseSipMessage(utf8(baseRequest([], 'x').join('\n')));
    expect(message.headers.get('CSeq')).toBe('1 MESSAGE');
    expect(message.body).toEqual(utf8('x'));
  });

  it('needs the empty line that ends the headers', () => {
    const lines = baseRequest();
    const error = sipError(() => parseSipMessage(sip(lines.slice(0, -2))));
    expect([error.status, error.reason, error.canRespond]).toEqual([400, 'Missing Empty Line', true]);
  });

  it('refuses empty input and keep-alives as messages', () => {
    for (const bytes of [new Uint8Array(0), utf8('\r\n\r\n')]) {
      const error = sipError(() => parseSipMessage(bytes));
      expect([error.status, error.reason, error.canRespond]).toEqual([400, 'Empty Message', false]);
    }
  });

  it('applies maxMessageBytes and maxHeaders (513)', () => {
    const bytes = sip(baseRequest([], 'x'.repeat(200)));
    expect(sipError(() => parseSipMessage(bytes, { maxMessageBytes: 300 }))).toMatchObject({ status: 513, reason: 'Message Too Large' });
    expect(parseSipMessage(bytes, { maxMessageBytes: bytes.length }).body).toHaveLength(200);
    expect(sipError(() => parseSipMessage(bytes, { maxHeaders: 5 })).status).toBe(513);
    const huge = utf8(`MESSAGE sip:a@b SIP/2.0\r\nX: ${'y'.repeat(70_000)}`);
    const error = sipError(() => parseSipMessage(huge));
    expect([error.status, error.canRespond]).toEqual([513, false]);
  });
});

describe('parseSipMessage: start line', () => {
  it('accepts the version in any case', () => {
    const lines = baseRequest();
    lines[0] = 'MESSAGE sip:bob@example.com sip/2.0';
    expect(parseSipMessage(sip(lines)).kind).toBe('request');
  });

  it('answers 505 to a request in another version, and only reports responses in one', () => {
    const lines = baseRequest();
    lines[0] = 'MESSAGE sip:bob@example.com SIP/3.0';
    expect(sipError(() => parseSipMessage(sip(lines)))).toMatchObject({ status: 505, canRespond: true });
    const response = ['SIP/3.0 200 OK', ...baseRequest().slice(1)];
    expect(sipError(() => parseSipMessage(sip(response)))).toMatchObject({ status: 505, canRespond: false });
  });

  it.each([
    ['SIP/2.0 099 Low', 'Bad Status-Line'],
    ['SIP/2.0 700 High', 'Bad Status-Line'],
    ['SIP/2.0 20 OK', 'Bad Status-Line'],
    ['SIP/2.0 200OK', 'Bad Status-Line'],
    ['SIP/2.0', 'Bad Status-Line'],
    ['SIP/2.x 200 OK', 'Bad Status-Line'],
    ['MESSAGE sip:bob@example.com', 'Bad Request-Line'],
    ['MES<SAGE sip:bob@example.com SIP/2.0', 'Bad Request-Line'],
    ['MESSAGE bob@example.com SIP/2.0', 'Bad Request-URI'],
    ['MESSAGE sip:bob@exa"mple.com SIP/2.0', 'Bad Request-URI'],
    ['MESSAGE sip:bob@example.com SIP/2.0 ', 'Bad Request-Line'],
    ['MESSAGE sip:bob@example.com\r SIP/2.0', 'Bad Request-Line'],
    ['SIP/2.0 200 O\rK', 'Bad Status-Line'],
  ])('%s -> %s', (line, reason) => {
    const lines = baseRequest();
    lines[0] = line;
    expect(sipError(() => parseSipMessage(sip(lines))).reason).toBe(reason);
  });

  it('reads a response', () => {
    const message = parseSipMessage(sip(['SIP/2.0 404 Not Found Here', ...baseRequest().slice(1)]));
    expect(message).toMatchObject({ kind: 'response', status: 404, reason: 'Not Found Here' });
  });
});

describe('parseSipMessage: header section', () => {
  it('expands every compact form (rfc3261#section-7.3.3 and registrations since)', () => {
    const compact: Record<string, string> = {
      a: 'Accept-Contact', b: 'Referred-By', c: 'Content-Type', d: 'Request-Disposition', e: 'Content-Encoding', f: 'From',
      i: 'Call-ID', j: 'Reject-Contact', k: 'Supported', l: 'Content-Length', m: 'Contact', n: 'Identity-Info', o: 'Event',
      r: 'Refer-To', s: 'Subject', t: 'To', u: 'Allow-Events', v: 'Via', x: 'Session-Expires', y: 'Identity',
    };
    const lines = [
      'MESSAGE sip:bob@example.com SIP/2.0',
      ...Object.keys(compact).filter((k) => !'lftiv'.includes(k)).map((k) => `${k.toUpperCase()}: value-${k}`),
      'v: SIP/2.0/UDP h;branch=z9hG4bK1', 'f: <sip:a@b>;tag=1', 't: <sip:c@d>', 'i: id@h', 'CSeq: 1 MESSAGE', 'l: 0', '', '',
    ];
    const names = [...parseSipMessage(sip(lines)).headers].map(([name]) => name);
    expect(new Set(names)).toEqual(new Set([...Object.values(compact), 'CSeq']));
  });

  it('keeps the order of lines and the spelling of unknown names', () => {
    const message = parseSipMessage(sip(baseRequest(['X-SIP-SECURE-SUPPORTS: smime.sec.sip.iana', 'x-lower: 1'])));
    expect([...message.headers].map(([n]) => n)).toEqual(['Via', 'Max-Forwards', 'From', 'To', 'Call-ID', 'CSeq', 'X-SIP-SECURE-SUPPORTS', 'x-lower', 'Content-Length']);
    expect(message.headers.get('x-sip-secure-supports')).toBe('smime.sec.sip.iana');
  });

  it.each([
    ['a line without a colon', 'Broken header line'],
    ['a name that is not a token', 'Bad Name: x'],
    ['an empty name', ': x'],
    ['a bare CR', 'X-A: a\rb'],
  ])('refuses %s with 400 Bad Header, keeping the rest for the answer', (_, line) => {
    const error = sipError(() => parseSipMessage(sip(baseRequest([line]))));
    expect([error.status, error.reason, error.canRespond]).toEqual([400, 'Bad Header', true]);
    const answer = createResponse(error.request!, error.status, error.reason);
    expect(answer.headers.get('Call-ID')).toBe('3848276298220188511@example.com');
    expect(answer.headers.get('CSeq')).toBe('1 MESSAGE');
    expect(new TextDecoder().decode(serializeSipMessage(answer))).toMatch(/^SIP\/2\.0 400 Bad Header\r\n/);
  });

  it('refuses a continuation line before any header', () => {
    const lines = baseRequest();
    lines.splice(1, 0, ' folded');
    expect(sipError(() => parseSipMessage(sip(lines))).reason).toBe('Bad Header');
  });

  it('decodes UTF-8 values, and keeps the bytes of values that are not UTF-8 one char per byte', () => {
    const text = baseRequest(['Subject: caf\u00e9 \u2603', 'X-Latin: caf\xe9']).join('\r\n');
    const valid = parseSipMessage(utf8(text.replace('X-Latin: caf\xe9', 'X-Latin: ok')));
    expect(valid.headers.get('Subject')).toBe('caf\u00e9 \u2603');
    // Subject as UTF-8, X-Latin as one raw 0xE9 byte: the head is not valid UTF-8 as a whole.
    const [before, after] = text.split('X-Latin: caf\xe9');
    const mixed = new Uint8Array([...utf8(before!), ...fromLatin1('X-Latin: caf\xe9'), ...utf8(after!)]);
    const message = parseSipMessage(mixed);
    expect(message.headers.get('Subject')).toBe('caf\u00e9 \u2603');
    expect(message.headers.get('X-Latin')).toBe('caf\xe9');
  });

  it('checks Call-ID and duplicates of single-valued headers', () => {
    expect(sipError(() => parseSipMessage(sip(baseRequest().map((l) => (l.startsWith('Call-ID') ? 'Call-ID: a b' : l)))))).toMatchObject({ reason: 'Bad Call-ID' });
    expect(sipError(() => parseSipMessage(sip(baseRequest(['Call-ID: other']))))).toMatchObject({ reason: 'Bad Call-ID' });
    expect(sipError(() => parseSipMessage(sip(baseRequest(['From: <sip:x@y>;tag=2']))))).toMatchObject({ reason: 'Bad From' });
    expect(sipError(() => parseSipMessage(sip(baseRequest(['CSeq: 2 MESSAGE']))))).toMatchObject({ reason: 'Bad CSeq' });
    expect(sipError(() => parseSipMessage(sip(baseRequest(['Max-Forwards: 70']))))).toMatchObject({ reason: 'Bad Max-Forwards' });
  });

  it('needs Via, To, From, Call-ID and CSeq in responses too, and never offers to answer one', () => {
    const lines = ['SIP/2.0 200 OK', ...baseRequest().slice(1).filter((l) => !l.startsWith('Via'))];
    expect(sipError(() => parseSipMessage(sip(lines)))).toMatchObject({ reason: 'Missing Via', canRespond: false });
  });

  it('partial requests hold no body', () => {
    const error = sipError(() => parseSipMessage(sip(baseRequest(['CSeq: 2 MESSAGE'], 'body'))));
    expect((error.request as SipRequest).body).toHaveLength(0);
    expect(error.request).toMatchObject({ method: 'MESSAGE', uri: 'sip:bob@example.com' });
  });
});
