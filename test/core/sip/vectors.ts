/**
 * RFC 4475 (SIP torture test messages) and RFC 5118 (IPv6) vectors, written out as lines (no downloads). Each valid
 * vector carries a check of what the parser must have read; each invalid one the status and reason expected.
 * Used by rfc4475.test.ts and, for round trips and mutation seeds, by the property tests.
 */
import { expect } from 'vitest';
import {
  parseAuthParams,
  parseContact,
  parseCSeq,
  parseNameAddr,
  parseUri,
  parseVia,
  unescapeUri,
  urisEqual,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../../../src/core/sip/index.ts';

export const SDP = ['v=0', 'o=mhandley 29739 7272939 IN IP4 192.0.2.3', 's=-', 'c=IN IP4 192.0.2.4', 't=0 0', 'm=audio 49217 RTP/AVP 0 12', 'm=video 3227 RTP/AVP 31', 'a=rtpmap:31 LPC', ''];

function request(message: SipMessage): SipRequest {
  expect(message.kind).toBe('request');
  return message as SipRequest;
}

function response(message: SipMessage): SipResponse {
  expect(message.kind).toBe('response');
  return message as SipResponse;
}

export interface Valid {
  name: string;
  lines: string[];
  check: (message: SipMessage) => void;
}

export const valid: Valid[] = [
  {
    name: '3.1.1.1 wsinv: folding, compact forms, odd spacing and case, escaped quotes, leading zeros',
    lines: [
      'INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0',
      'TO :',
      ' sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n',
      'from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>',
      '  ;',
      '  tag = 98asjd8',
      'MaX-fOrWaRdS: 0068',
      'Call-ID: wsinv.ndaksdj@192.0.2.1',
      'Content-Length   : 150',
      'cseq: 0009',
      '  INVITE',
      'Via  : SIP  /   2.0',
      ' /UDP',
      '    192.0.2.2;branch=390skdjuw',
      's :',
      'NewFangledHeader:   newfangled value',
      ' continued newfangled value',
      'UnknownHeaderWithUnusualValue: ;;,,;;,;',
      'Content-Type: application/sdp',
      'Route:',
      ' <sip:services.example.com;lr;unknownwith=value;unknown-no-value>',
      'v:  SIP  / 2.0  / TCP     spindle.example.com   ;',
      '  branch  =   z9hG4bK9ikj8  ,',
      ' SIP  /    2.0   / UDP  192.168.255.111   ; branch=',
      ' z9hG4bK30239',
      'm:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =',
      '      newvalue ;',
      '  secondparam ; q = 0.33',
      '',
      ...SDP,
    ],
    check: (m) => {
      const r = request(m);
      expect(r.method).toBe('INVITE');
      expect(parseUri(r.uri)).toMatchObject({ kind: 'sip', user: 'vivekg', host: 'chair-dnrc.example.com', params: new Map([['unknownparam', null]]) });
      const to = parseNameAddr(r.headers.get('To')!);
      expect(to.displayName).toBeUndefined();
      expect(to.params.get('tag')).toBe('1918181833n');
      const from = parseNameAddr(r.headers.get('from')!);
      expect(from.displayName).toBe('J Rosenberg \\"');
      expect(from.params.get('tag')).toBe('98asjd8');
      expect(r.headers.get('Max-Forwards')).toBe('0068');
      expect(parseCSeq(r.headers.get('CSeq')!)).toEqual({ seq: 9, method: 'INVITE' });
      const vias = r.headers.values('Via').map(parseVia);
      expect(vias.map((v) => [v.transport, v.host, v.params.get('branch')])).toEqual([
        ['UDP', '192.0.2.2', '390skdjuw'],
        ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
        ['UDP', '192.168.255.111', 'z9hG4bK30239'],
      ]);
      expect(r.headers.get('Subject')).toBe('');
      expect(r.headers.get('NewFangledHeader')).toBe('newfangled value continued newfangled value');
      expect(r.headers.values('UnknownHeaderWithUnusualValue')).toEqual([';;,,;;,;']);
      const contact = parseNameAddr(r.headers.firstValue('Contact')!);
      expect(contact.displayName).toBe('Quoted string ""');
      expect([...contact.params]).toEqual([['newparam', 'newvalue'], ['secondparam', null], ['q', '0.33']]);
      expect(parseUri(r.headers.firstValue('Route')!.slice(1, -1))).toMatchObject({ params: new Map([['lr', null], ['unknownwith', 'value'], ['unknown-no-value', null]]) });
      expect(r.body).toHaveLength(150);
    },
  },
  {
    name: '3.1.1.2 intmeth: every token character, quoted NUL/BEL/DEL, UTF-8 values',
    lines: [
      "!interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0",
      "Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~",
      'To: "BEL:\\\x07 NUL:\\\x00 DEL:\\\x7f" <sip:1_unusual.URI~(to-be!sure)&isn\'t+it$/crazy?,/;;*@example.com>',
      "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"работающий\";tag=_token~1'+`*%!-.",
      "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{",
      "CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~",
      'Max-Forwards: 255',
      "extensionHeader-!.%*+_`'~:\ufeff大停電",
      'Content-Length: 0',
      '',
      '',
    ],
    check: (m) => {
      const r = request(m);
      expect(r.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
      const uri = parseUri(r.uri);
      expect(uri).toMatchObject({ user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", password: "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", host: 'example.com' });
      expect(parseVia(r.headers.get('Via')!).params.get('branch')).toBe("z9hG4bK-.!%66*_+`'~");
      expect(parseNameAddr(r.headers.get('To')!).displayName).toBe('BEL:\x07 NUL:\x00 DEL:\x7f');
      const from = parseNameAddr(r.headers.get('From')!);
      expect(from.displayName).toBe("token1~` token2'+_ token3*%!.-");
      expect(from.params.get("fromparam''~+*_!.-%")).toBe('"работающий"');
      expect(from.params.get('tag')).toBe("_token~1'+`*%!-.");
      expect(r.headers.get('Call-ID')).toBe("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
      expect(r.headers.get("extensionheader-!.%*+_`'~")).toBe('\ufeff大停電');
    },
  },
  {
    name: '3.1.1.3 esc01: escapes in URIs, compact and split Contact',
    lines: [
      'INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0',
      'To: sip:%75se%72@example.com',
      'From: <sip:I%20have%20spaces@example.net>;tag=938',
      'Max-Forwards: 87',
      'i: esc01.239409asdfakjkn23onasd0-3234',
      'CSeq: 234234 INVITE',
      'Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw',
      'C: application/sdp',
      'Contact:',
      '  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>',
      'Content-Length: 150',
      '',
      ...SDP,
    ],
    check: (m) => {
      const r = request(m);
      const ruri = parseUri(r.uri);
      expect(ruri.kind === 'sip' && unescapeUri(ruri.user!)).toBe('sips:user@example.com');
      expect(urisEqual(parseNameAddr(r.headers.get('To')!).uri, 'sip:user@example.com')).toBe(true);
      const from = parseNameAddr(r.headers.get('From')!).uri;
      expect(from.kind === 'sip' && unescapeUri(from.user!)).toBe('I have spaces');
      expect(r.headers.get('Call-ID')).toBe('esc01.239409asdfakjkn23onasd0-3234');
      expect(r.headers.get('Content-Type')).toBe('application/sdp');
      const contact = parseNameAddr(r.headers.firstValue('Contact')!).uri;
      expect(contact.kind === 'sip' && contact.params.has('lr')).toBe(true);
      expect(contact.kind === 'sip' && unescapeUri(contact.params.get('name')!)).toBe('value%41');
      expect(urisEqual(contact, 'sip:caller@host5.example.net;lr;name=value%2541')).toBe(true);
    },
  },
  {
    name: '3.1.1.4 escnull: escaped NULs in URIs, "L:0"',
    lines: [
      'REGISTER sip:example.com SIP/2.0',
      'To: sip:null-%00-null@example.com',
      'From: sip:null-%00-null@example.com;tag=839923423',
      'Max-Forwards: 70',
      'Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd',
      'CSeq: 14398234 REGISTER',
      'Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw',
      'Contact: <sip:%00@host5.example.com>',
      'Contact: <sip:%00%00@host5.example.com>',
      'L:0',
      '',
      '',
    ],
    check: (m) => {
      const users = m.headers.values('Contact').map((c) => parseNameAddr(c).uri).map((u) => (u.kind === 'sip' ? unescapeUri(u.user!) : ''));
      expect(users).toEqual(['\0', '\0\0']);
      expect(m.headers.get('Content-Length')).toBe('0');
    },
  },
  {
    name: '3.1.1.5 esc02: % that is not an escape (method, display name, header name)',
    lines: [
      'RE%47IST%45R sip:registrar.example.com SIP/2.0',
      'To: "%Z%45" <sip:resource@example.com>',
      'From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23',
      'Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf',
      'Via: SIP/2.0/TCP host.example.com;rport;branch=z9hG4bK209323jd',
      'CSeq: 29344 RE%47IST%45R',
      'Max-Forwards: 70',
      'Contact: <sip:alias1@host1.example.com>',
      'C%6Fntact: <sip:alias2@host2.example.com>',
      'Contact: <sip:alias3@host3.example.com>',
      'l: 0',
      '',
      '',
    ],
    check: (m) => {
      expect(request(m).method).toBe('RE%47IST%45R');
      expect(parseNameAddr(m.headers.get('To')!).displayName).toBe('%Z%45');
      expect(m.headers.values('Contact')).toHaveLength(2);
      expect(m.headers.get('C%6Fntact')).toBe('<sip:alias2@host2.example.com>');
      expect(parseVia(m.headers.get('Via')!).params.get('rport')).toBeNull();
    },
  },
  {
    name: '3.1.1.6 lwsdisp: no LWS between display name and <',
    lines: [
      'OPTIONS sip:user@example.com SIP/2.0',
      'To: sip:user@example.com',
      'From: caller<sip:caller@example.com>;tag=323',
      'Max-Forwards: 70',
      'Call-ID: lwsdisp.1234abcd@funky.example.com',
      'CSeq: 60 OPTIONS',
      'Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw',
      'l: 0',
      '',
      '',
    ],
    check: (m) => expect(parseNameAddr(m.headers.get('From')!).displayName).toBe('caller'),
  },
  {
    name: '3.1.1.7 longreq: long values everywhere',
    lines: [
      'INVITE sip:user@example.com SIP/2.0',
      `To: "I have a user name of ${'extreme'.repeat(40)} proportion"<sip:user@example.com:6000;unknownparam1=very${'long'.repeat(60)}value;longparam${'name'.repeat(20)}=shortvalue;very${'long'.repeat(30)}ParameterNameWithNoValue>`,
      `F: sip:${'amazinglylongcallername'.repeat(5)}@example.net;tag=12${'982'.repeat(60)}424;unknownheaderparam${'name'.repeat(20)}=unknowheaderparamvalue${'long'.repeat(20)};unknownValuelessparamname`,
      `Call-ID: longreq.one${'really'.repeat(80)}longcallid`,
      'CSeq: 3882340 INVITE',
      `Unknown-${'Long'.repeat(40)}-Name: unknown-${'long'.repeat(60)}-value; unknown-${'long'.repeat(30)}-parameter-name = unknown-${'long'.repeat(30)}-parameter-value`,
      ...Array.from({ length: 34 }, (_, i) => `Via: SIP/2.0/TCP sip${i + 1}.example.com;branch=z9hG4bK${'x'.repeat(i)}`),
      'Max-Forwards: 70',
      `Contact: <sip:${'amazinglylongcallername'.repeat(5)}@host5.example.net>`,
      'Content-Type: application/sdp',
      'l: 150',
      '',
      ...SDP,
    ],
    check: (m) => {
      expect(parseNameAddr(m.headers.get('To')!).displayName).toContain('proportion');
      expect(m.headers.values('Via').map(parseVia)).toHaveLength(34);
      expect(parseNameAddr(m.headers.get('From')!).params.get('tag')).toHaveLength(185);
    },
  },
  {
    name: '3.1.1.8 dblreq: extra octets after Content-Length in a datagram are ignored',
    lines: [
      'REGISTER sip:example.com SIP/2.0',
      'To: sip:j.user@example.com',
      'From: sip:j.user@example.com;tag=43251j3j324',
      'Max-Forwards: 8',
      'I: dblreq.0ha0isndaksdj99sdfafnl3lk233412',
      'Contact: sip:j.user@host.example.com',
      'CSeq: 8 REGISTER',
      'Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492',
      'Content-Length: 0',
      '',
      '',
      'INVITE sip:joe@example.com SIP/2.0',
      't: sip:joe@example.com',
      'From: sip:caller@example.net;tag=141334',
      'Max-Forwards: 8',
      'Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15',
      'CSeq: 8 INVITE',
      'Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234',
      'Content-Type: application/sdp',
      'Content-Length: 150',
      '',
      ...SDP,
    ],
    check: (m) => {
      expect(request(m).method).toBe('REGISTER');
      expect(m.body).toHaveLength(0);
      expect(parseContact(m.headers.get('Contact')!)).toMatchObject({ uri: { user: 'j.user', host: 'host.example.com' } });
    },
  },
  {
    name: '3.1.1.9 semiuri: semicolons in the user part, folded Accept list',
    lines: [
      'OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0',
      'To: sip:j_user@example.com',
      'From: sip:caller@example.org;tag=33242',
      'Max-Forwards: 3',
      'Call-ID: semiuri.0ha0isndaksdj',
      'CSeq: 8 OPTIONS',
      'Accept: application/sdp, application/pkcs7-mime,',
      '        multipart/mixed, multipart/signed,',
      '        message/sip, message/sipfrag',
      'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw',
      'l: 0',
      '',
      '',
    ],
    check: (m) => {
      expect(parseUri(request(m).uri)).toMatchObject({ user: 'user;par=u%40example.net', host: 'example.com', params: new Map() });
      expect(m.headers.values('Accept')).toEqual(['application/sdp', 'application/pkcs7-mime', 'multipart/mixed', 'multipart/signed', 'message/sip', 'message/sipfrag']);
    },
  },
  {
    name: '3.1.1.10 transports: known and unknown transports in Via',
    lines: [
      'OPTIONS sip:user@example.com SIP/2.0',
      'To: sip:user@example.com',
      'From: <sip:caller@example.com>;tag=323',
      'Max-Forwards: 70',
      'Call-ID:  transports.kijh4akdnaqjkwendsasfdj',
      'Accept: application/sdp',
      'CSeq: 60 OPTIONS',
      'Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw',
      'Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf',
      'Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj',
      'Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en',
      'Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee',
      'l: 0',
      '',
      '',
    ],
    check: (m) => expect(m.headers.values('Via').map((v) => parseVia(v).transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']),
  },
  {
    name: '3.1.1.12 unreason: UTF-8 reason phrase',
    lines: [
      'SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое',
      'Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923',
      'Call-ID: unreason.1234ksdfak3j2erwedfsASdf',
      'CSeq: 35 INVITE',
      'From: sip:user@example.com;tag=11141343',
      'To: sip:user@example.edu;tag=2229',
      'Content-Length: 150',
      'Content-Type: application/sdp',
      'Contact: <sip:user@host198.example.com>',
      '',
      ...SDP,
    ],
    check: (m) => expect(response(m)).toMatchObject({ status: 200, reason: '= 2**3 * 5**2 но сто девяносто девять - простое' }),
  },
  {
    name: '3.1.1.13 noreason: empty reason phrase',
    lines: [
      'SIP/2.0 100 ',
      'Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe',
      'Call-ID: noreason.asndj203insdf99223ndf',
      'CSeq: 35 INVITE',
      'From: <sip:user@example.com>;tag=39ansfi3',
      'To: <sip:user@example.edu>;tag=902jndnke3',
      'Content-Length: 0',
      'Contact: <sip:user@host105.example.com>',
      '',
      '',
    ],
    check: (m) => expect(response(m)).toMatchObject({ status: 100, reason: '' }),
  },
  {
    name: '3.2.1 zeromf: Max-Forwards 0 parses (answering 483 is the proxy\'s business)',
    lines: [
      'OPTIONS sip:user@example.com SIP/2.0',
      'To: sip:user@example.com',
      'From: sip:caller@example.net;tag=3ghsd41',
      'Call-ID: zeromf.jfasdlfnm2o2l43r5u0asdfas',
      'CSeq: 39234321 OPTIONS',
      'Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw2349i',
      'Max-Forwards: 0',
      'Content-Length: 0',
      '',
      '',
    ],
    check: (m) => expect(m.headers.get('Max-Forwards')).toBe('0'),
  },
  {
    name: '3.3.2 inv2543: an RFC 2543 request without Max-Forwards, branch or From tag',
    lines: [
      'INVITE sip:UserB@example.com SIP/2.0',
      'Via: SIP/2.0/UDP iftgw.example.com',
      'From: <sip:+13035551111@ift.client.example.net;user=phone>',
      'To: sip:+16505552222@ss1.example.net;user=phone',
      'Call-ID: inv2543.1717@ift.client.example.com',
      'CSeq: 56 INVITE',
      'Content-Type: application/sdp',
      'Content-Length: 150',
      '',
      ...SDP,
    ],
    check: (m) => {
      expect(m.headers.has('Max-Forwards')).toBe(false);
      expect(parseVia(m.headers.get('Via')!).params.has('branch')).toBe(false);
      expect(parseNameAddr(m.headers.get('To')!).params.get('user')).toBe('phone');
    },
  },
  {
    name: '3.3.3/3.3.4 unkscm, novelsc, unksm2: URIs with unknown schemes stay opaque',
    lines: [
      'OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0',
      'To: isbn:2983792873',
      'From: <http://www.example.com>;tag=3234233',
      'Call-ID: unkscm.2987@192.0.2.21',
      'CSeq: 3923423 OPTIONS',
      'Max-Forwards: 7',
      'Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKkdjuw',
      'Content-Length: 0',
      '',
      '',
    ],
    check: (m) => {
      expect(parseUri(request(m).uri)).toEqual({ kind: 'other', scheme: 'nobodyknowsthisscheme', opaque: 'totallyopaquecontent' });
      expect(parseNameAddr(m.headers.get('To')!).uri).toEqual({ kind: 'other', scheme: 'isbn', opaque: '2983792873' });
      expect(parseUri('soap.beep://192.0.2.103:3002')).toMatchObject({ kind: 'other', scheme: 'soap.beep' });
    },
  },
  {
    name: '3.3.8 regaut01: unknown authorization scheme',
    lines: [
      'REGISTER sip:example.com SIP/2.0',
      'To: sip:j.user@example.com',
      'From: sip:j.user@example.com;tag=87321hj23128',
      'Max-Forwards: 8',
      'Call-ID: regaut01.0ha0isndaksdj',
      'CSeq: 9338 REGISTER',
      'Via: SIP/2.0/TCP 192.0.2.253;branch=z9hG4bKkdjuw',
      'Authorization: NoOneKnowsThisScheme opaque-data=here',
      'Content-Length:0',
      '',
      '',
    ],
    check: (m) => expect(parseAuthParams(m.headers.get('Authorization')!)).toEqual({ scheme: 'NoOneKnowsThisScheme', params: new Map([['opaque-data', 'here']]) }),
  },
  {
    name: 'RFC 5118 4.1/4.5: IPv6 hosts in the Request-URI, Via (with received) and Contact',
    lines: [
      'REGISTER sip:[2001:db8::10] SIP/2.0',
      'To: sip:user@example.com',
      'From: sip:user@example.com;tag=81x2',
      'Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111;received=2001:db8::9:255',
      'Via: SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bKas3-112;received=[2001:db8::9:255]',
      'Call-ID: SSG9559905523997077@hlau_4100',
      'Max-Forwards: 70',
      'Contact: "Caller" <sip:caller@[2001:db8::1]>',
      'CSeq: 98176 REGISTER',
      'Content-Length: 0',
      '',
      '',
    ],
    check: (m) => {
      expect(parseUri(request(m).uri)).toMatchObject({ host: '[2001:db8::10]' });
      expect(m.headers.values('Via').map(parseVia).map((v) => [v.host, v.port, v.params.get('received')])).toEqual([
        ['[2001:db8::9:1]', undefined, '2001:db8::9:255'],
        ['[2001:db8::9:1]', 5070, '[2001:db8::9:255]'],
      ]);
      expect(urisEqual(parseNameAddr(m.headers.get('Contact')!).uri, 'sip:caller@[2001:DB8:0::1]')).toBe(true);
    },
  },
];

export interface Invalid {
  name: string;
  lines: string[];
  status: number;
  reason: string;
  canRespond: boolean;
}

export const invalid: Invalid[] = [
  {
    name: '3.1.2.2 clerr: Content-Length larger than the body',
    lines: ['INVITE sip:user@example.com SIP/2.0', 'Max-Forwards: 80', 'To: sip:j.user@example.com', 'From: sip:caller@example.net;tag=93942939o2', 'Contact: <sip:caller@hungry.example.net>', 'Call-ID: clerr.0ha0isndaksdjweiafasdk3', 'CSeq: 8 INVITE', 'Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523', 'Content-Type: application/sdp', 'Content-Length: 9999', '', ...SDP],
    status: 400,
    reason: 'Bad Content-Length',
    canRespond: true,
  },
  {
    name: '3.1.2.3 ncl: negative Content-Length',
    lines: ['INVITE sip:user@example.com SIP/2.0', 'Max-Forwards: 254', 'To: sip:j.user@example.com', 'From: sip:caller@example.net;tag=32394234', 'Call-ID: ncl.0ha0isndaksdj2193423r542w35', 'CSeq: 0 INVITE', 'Via: SIP/2.0/UDP 192.0.2.53;branch=z9hG4bKkdjuw', 'Contact: <sip:caller@example53.example.net>', 'Content-Type: application/sdp', 'Content-Length: -999', '', ...SDP],
    status: 400,
    reason: 'Bad Content-Length',
    canRespond: true,
  },
  {
    name: '3.1.2.4 scalar02: CSeq beyond 2**32',
    lines: ['REGISTER sip:example.com SIP/2.0', 'Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3', 'To: <sip:user@example.com>', 'From: <sip:user@example.com>;tag=239232jh3', 'CSeq: 36893488147419103232 REGISTER', 'Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32', 'Max-Forwards: 300', `Expires: 1${'0'.repeat(57)}`, 'Contact: <sip:user@host129.example.com>', '  ;expires=280297596632815', 'Content-Length: 0', '', ''],
    status: 400,
    reason: 'Bad CSeq',
    canRespond: true,
  },
  {
    name: '3.1.2.7 ltgtruri: <> around the Request-URI',
    lines: ['INVITE <sip:user@example.com> SIP/2.0', 'To: sip:user@example.com', 'From: sip:caller@example.net;tag=39291', 'Max-Forwards: 23', 'Call-ID: ltgtruri.1@192.0.2.5', 'CSeq: 1 INVITE', 'Via: SIP/2.0/UDP 192.0.2.5', 'Contact: <sip:caller@host5.example.net>', 'Content-Type: application/sdp', 'Content-Length: 150', '', ...SDP],
    status: 400,
    reason: 'Bad Request-URI',
    canRespond: true,
  },
  {
    name: '3.1.2.8 lwsruri: whitespace inside the Request-URI',
    lines: ['INVITE sip:user@example.com; lr SIP/2.0', 'To: sip:user@example.com;tag=3xfe-9921883-z9f', 'From: sip:caller@example.net;tag=231413434', 'Max-Forwards: 5', 'Call-ID: lwsruri.asdfasdoeoi2323-asdfwrs', 'CSeq: 23 INVITE', 'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKkdjuw', 'Contact: <sip:caller@host5.example.net>', 'Content-Type: application/sdp', 'Content-Length: 150', '', ...SDP],
    status: 400,
    reason: 'Bad Request-URI',
    canRespond: true,
  },
  {
    name: '3.1.2.9 lwsstart: several SP between Request-Line elements',
    lines: ['INVITE  sip:user@example.com  SIP/2.0', 'Max-Forwards: 8', 'To: sip:user@example.com', 'From: sip:caller@example.net;tag=8814', 'Call-ID: lwsstart.dfknq234oi243099adsdfnawe3@example.com', 'CSeq: 1893884 INVITE', 'Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw3923', 'Contact: <sip:caller@host1.example.net>', 'Content-Type: application/sdp', 'Content-Length: 150', '', ...SDP],
    status: 400,
    reason: 'Bad Request-Line',
    canRespond: true,
  },
  {
    name: '3.1.2.10 trws: SP after the Request-Line',
    lines: ['OPTIONS sip:remote-target@example.com SIP/2.0  ', 'Via: SIP/2.0/TCP host1.examle.com;branch=z9hG4bK299342093', 'To: <sip:remote-target@example.com>', 'From: <sip:local-resource@example.com>;tag=329429089', 'Call-ID: trws.oicu34958239neffasdhr2345r', 'Accept: application/sdp', 'CSeq: 238923 OPTIONS', 'Max-Forwards: 70', 'Content-Length: 0', '', ''],
    status: 400,
    reason: 'Bad Request-Line',
    canRespond: true,
  },
  {
    name: '3.1.2.16 badvers: SIP/7.0 gets 505',
    lines: ['OPTIONS sip:t.watson@example.org SIP/7.0', 'Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw', 'Max-Forwards:     70', 'From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe', 'To:      T. Watson <sip:t.watson@example.org>', 'Call-ID: badvers.31417@c.example.com', 'CSeq:    1 OPTIONS', 'l: 0', '', ''],
    status: 505,
    reason: 'Version Not Supported',
    canRespond: true,
  },
  {
    name: '3.1.2.17 mismatch01: CSeq method differs from the request method',
    lines: ['OPTIONS sip:user@example.com SIP/2.0', 'To: sip:j.user@example.com', 'From: sip:caller@example.net;tag=34525', 'Max-Forwards: 6', 'Call-ID: mismatch01.dj0234sxdfl3', 'CSeq: 8 INVITE', 'Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw', 'l: 0', '', ''],
    status: 400,
    reason: 'CSeq Method Mismatch',
    canRespond: true,
  },
  {
    name: '3.1.2.18 mismatch02: unknown method with a mismatched CSeq',
    lines: ['NEWMETHOD sip:user@example.com SIP/2.0', 'To: sip:j.user@example.com', 'From: sip:caller@example.net;tag=34525', 'Max-Forwards: 6', 'Call-ID: mismatch02.dj0234sxdfl3', 'CSeq: 8 INVITE', 'Contact: <sip:caller@host.example.net>', 'Via: SIP/2.0/UDP host.example.net;branch=z9hG4bKkdjuw', 'Content-Type: application/sdp', 'l: 138', '', ...SDP],
    status: 400,
    reason: 'CSeq Method Mismatch',
    canRespond: true,
  },
  {
    name: '3.1.2.19 bigcode: a status code beyond three digits (a response: never answered)',
    lines: ['SIP/2.0 4294967301 better not break the receiver', 'Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe', 'Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3', 'CSeq: 3882340 INVITE', 'From: <sip:user@example.com>;tag=39ansfi3', 'To: <sip:user@example.edu>;tag=902jndnke3', 'Content-Length: 0', 'Contact: <sip:user@host105.example.com>', '', ''],
    status: 400,
    reason: 'Bad Status-Line',
    canRespond: false,
  },
  {
    name: '3.3.9 multi01: two CSeq, Call-ID, To and From',
    lines: ['INVITE sip:user@company.com SIP/2.0', 'Contact: <sip:caller@host25.example.net>', 'Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKkdjuw', 'Max-Forwards: 70', 'CSeq: 5 INVITE', 'Call-ID: multi01.98asdh@192.0.2.1', 'CSeq: 59 INVITE', 'Call-ID: multi01.98asdh@192.0.2.2', 'From: sip:caller@example.com;tag=3413415', 'To: sip:user@example.com', 'To: sip:other@example.net', 'From: sip:caller@example.net;tag=2923420123', 'Content-Type: application/sdp', 'l: 150', '', ...SDP],
    status: 400,
    reason: 'Bad To',
    canRespond: true,
  },
  {
    name: '3.3.10 mcl01: two Content-Length values',
    lines: ['OPTIONS sip:user@example.com SIP/2.0', 'Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bK293423', 'To: sip:user@example.com', 'From: sip:other@example.net;tag=3923942', 'Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf', 'CSeq: 15932 OPTIONS', 'Content-Length: 13', 'Max-Forwards: 60', 'Content-Length: 5', 'Content-Type: text/plain', '', "There's no way to know how many octets are supposed to be here."],
    status: 400,
    reason: 'Bad Content-Length',
    canRespond: true,
  },
  {
    name: '3.3.14 insuf: no Call-ID, From or To',
    lines: ['INVITE sip:user@example.com SIP/2.0', 'CSeq: 193942 INVITE', 'Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf', 'Content-Type: application/sdp', 'l: 150', '', ...SDP],
    status: 400,
    reason: 'Missing To',
    canRespond: true,
  },
  {
    name: 'missing Call-ID only',
    lines: ['OPTIONS sip:user@example.com SIP/2.0', 'Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj', 'To: <sip:user@example.com>', 'From: <sip:caller@example.net>;tag=1', 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''],
    status: 400,
    reason: 'Missing Call-ID',
    canRespond: true,
  },
  {
    name: 'bad CSeq (no method)',
    lines: ['OPTIONS sip:user@example.com SIP/2.0', 'Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj', 'To: <sip:user@example.com>', 'From: <sip:caller@example.net>;tag=1', 'Call-ID: a@b', 'CSeq: 1', 'Content-Length: 0', '', ''],
    status: 400,
    reason: 'Bad CSeq',
    canRespond: true,
  },
  {
    name: 'a start line that is neither request nor response',
    lines: ['HELLO', 'Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj', 'Content-Length: 0', '', ''],
    status: 400,
    reason: 'Bad Request-Line',
    canRespond: true,
  },
  {
    name: 'an HTTP request line',
    lines: ['GET / HTTP/1.1', 'Host: example.com', '', ''],
    status: 400,
    reason: 'Bad Request-Line',
    canRespond: false,
  },
  {
    name: 'Max-Forwards beyond 255 (scalar02\'s other fault)',
    lines: ['OPTIONS sip:user@example.com SIP/2.0', 'Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj', 'To: <sip:user@example.com>', 'From: <sip:caller@example.net>;tag=1', 'Call-ID: a@b', 'CSeq: 1 OPTIONS', 'Max-Forwards: 300', 'Content-Length: 0', '', ''],
    status: 400,
    reason: 'Bad Max-Forwards',
    canRespond: true,
  },
];

