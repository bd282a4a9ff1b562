/** Which URIs name this server (rfc3261#section-16.4, 19.1.2 default ports), as OwnAddresses decides. */
import { describe, expect, it } from 'vitest';
import { parseUri, type SipUri } from '../../../src/core/sip/index.ts';
import { OwnAddresses } from '../../../server/sip/proxy/own-addresses.ts';

const sip = (text: string) => parseUri(text) as SipUri;

describe('OwnAddresses', () => {
  const onWildcard = new OwnAddresses({ host: '0.0.0.0', names: ['sealphone.test', 'phone.example.org'], ports: () => [8080, 5060], interfaces: () => ['127.0.0.1', '10.1.2.3', '::1'] });
  const table: Array<[string, boolean]> = [
    ['sip:10.1.2.3:5060;transport=udp;lr', true],
    ['sip:10.1.2.3;lr', true], // no port: 5060
    ['sip:sealphone@10.1.2.3:8080;transport=ws;lr', true],
    ['sip:[::1]:5060;lr', true],
    ['sip:[::ffff:10.1.2.3]:5060;lr', true],
    ['sip:SEALPHONE.test.;lr', true],
    ['sip:phone.example.org:8080;lr', true],
    ['sip:sealphone.test:5999;lr', false], // our name, a port we do not listen on
    ['sip:10.1.2.3:5061;lr', false],
    ['sips:10.1.2.3;lr', false], // 5061 by default
    ['sip:10.1.2.3;transport=tls;lr', false],
    ['sip:sealphone@192.0.2.7:5060;lr', false], // our user part, another host
    ['sip:other.example:5060;lr', false],
  ];
  for (const [uri, ours] of table) it(`${uri} is ${ours ? '' : 'not '}ours`, () => expect(onWildcard.names(sip(uri))).toBe(ours));

  it('listening on one address, only that address is ours', () => {
    const one = new OwnAddresses({ host: '127.0.0.1', names: ['sealphone.test'], ports: () => [5060], interfaces: () => ['127.0.0.1', '10.1.2.3'] });
    expect(one.names(sip('sip:127.0.0.1;lr'))).toBe(true);
    expect(one.names(sip('sip:10.1.2.3;lr'))).toBe(false);
  });
});
