/**
 * Who a From or To names, as the proxy decides it (server/sip/proxy/parties.ts, routing.ts): a table of header
 * values, each with the answer the receiving user agent's reading calls for (RFC 3261 section 19.1.4).
 */
import { describe, expect, it } from 'vitest';
import { addrSpecOf } from '../../../src/core/identity/index.ts';
import { parseNameAddr, SipHeaders, urisEqual, type SipRequest } from '../../../src/core/sip/index.ts';
import { readRecipient, readSender } from '../../../server/sip/proxy/parties.ts';
import { isOurHost } from '../../../server/sip/proxy/routing.ts';

const D = 'example.test';

function request(from: string, to = `<sip:bob@${D}>`): SipRequest {
  return { kind: 'request', method: 'MESSAGE', uri: `sip:bob@${D}`, headers: new SipHeaders([['From', from], ['To', to]]), body: new Uint8Array(0) };
}

/** `want`: the user name the From is ours as, 'domain', 'foreign', or the 400 reason. */
const FROMS: { name: string; from: string; want: string }[] = [
  { name: 'plain', from: `<sip:alice@${D}>;tag=1`, want: 'alice' },
  { name: 'display name holding a URI', from: `"<sip:x@evil.test>" <sip:alice@${D}>;tag=1`, want: 'alice' },
  { name: 'display name of tokens', from: `Mallory Evil <sip:alice@${D}>;tag=1`, want: 'alice' },
  { name: 'display name with an escaped quote and ">"', from: `"a\\" <sip:m@evil.test>" <sip:alice@${D}>`, want: 'alice' },
  { name: 'our display name, a foreign URI', from: `"<sip:alice@${D}>" <sip:m@evil.test>;tag=1`, want: 'foreign' },
  { name: 'escaped user', from: `<sip:%61lice@${D}>`, want: 'alice' },
  { name: 'host case', from: `<sip:alice@EXAMPLE.Test>`, want: 'alice' },
  { name: 'trailing dot', from: `<sip:alice@${D}.>`, want: 'alice' },
  { name: 'sips', from: `<sips:alice@${D}>`, want: 'alice' },
  { name: 'port and parameters', from: `<sip:alice@${D}:5070;transport=tcp;user=phone>`, want: 'alice' },
  { name: 'addr-spec form with a tag', from: `sip:alice@${D};tag=9`, want: 'alice' },
  { name: 'the domain itself', from: `<sip:${D}>`, want: 'domain' },
  { name: 'a subdomain', from: `<sip:alice@evil.${D}>`, want: 'foreign' },
  { name: 'a longer host ending like ours', from: `<sip:alice@x${D}>`, want: 'foreign' },
  { name: 'two trailing dots', from: `<sip:alice@${D}..>`, want: 'Bad From' },
  { name: 'tel URI', from: `<tel:+15551234>`, want: 'foreign' },
  { name: 'unterminated quote', from: `"<sip:x@evil.test> <sip:alice@${D}>`, want: 'Bad From' },
  { name: 'no ">"', from: `<sip:alice@${D}`, want: 'Bad From' },
  { name: 'two addresses', from: `<sip:m@evil.test> <sip:alice@${D}>`, want: 'Bad From' },
  { name: 'not a URI', from: `alice`, want: 'Bad From' },
];

describe('readSender', () => {
  for (const v of FROMS) {
    it(v.name, () => {
      const read = readSender(request(v.from), D);
      const got = 'unreadable' in read ? read.unreadable : read.sender === null ? 'foreign' : read.sender === 'domain' ? 'domain' : read.sender.user;
      expect(got).toBe(v.want);
    });
  }
});

describe('the authentication service signs the identity the proxy decided on', () => {
  // The RFC 4474 digest-string takes the From's addr-spec with src/core/identity's reader: for every From the proxy
  // reads as one of ours, that reader must name the same URI, or a signature could vouch for another sender.
  for (const v of FROMS.filter((f) => f.want === 'alice')) {
    it(v.name, () => expect(urisEqual(addrSpecOf(v.from), parseNameAddr(v.from).uri)).toBe(true));
  }
});

describe('readRecipient', () => {
  const TOS: { name: string; to: string; want: { recipient: string | null; inDialog: boolean } | string }[] = [
    { name: 'our user', to: `<sip:bob@${D}>`, want: { recipient: 'sip:bob@example.test', inDialog: false } },
    { name: 'our user in a dialog, host case', to: `"B" <sip:bob@EXAMPLE.TEST.>;tag=x`, want: { recipient: 'sip:bob@example.test', inDialog: true } },
    { name: 'foreign', to: `<sip:bob@evil.test>;tag=x`, want: { recipient: null, inDialog: true } },
    { name: 'the domain', to: `<sip:${D}>`, want: { recipient: null, inDialog: false } },
    { name: 'unreadable', to: `<sip:bob@${D}`, want: 'Bad To' },
  ];
  for (const v of TOS) {
    it(v.name, () => {
      const read = readRecipient(request(`<sip:m@evil.test>;tag=1`, v.to), D);
      const got = 'unreadable' in read ? read.unreadable : { recipient: read.recipient?.aor ?? null, inDialog: read.inDialog };
      expect(got).toEqual(v.want);
    });
  }
});

describe('isOurHost', () => {
  const HOSTS: [string, boolean][] = [
    [D, true],
    [`${D}.`, true],
    ['Example.TEST', true],
    [`${D}..`, false],
    [`a${D}`, false],
    [`${D}.evil`, false],
    ['example', false],
    ['', false],
  ];
  for (const [host, want] of HOSTS) it(JSON.stringify(host), () => expect(isOurHost(host, D)).toBe(want));
});
