/** Which of JsSIP's outgoing messages wait for the connection (src/sip/held-dialog-requests.ts). */
import { describe, expect, it } from 'vitest';
import { isInDialogRequest } from '../../src/sip/held-dialog-requests.ts';

const message = (start: string, to: string): string => `${start}\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bK1\r\nTo: ${to}\r\nFrom: <sip:alice@sealphone.test>;tag=a1\r\nCall-ID: c1\r\nCSeq: 2 X\r\nContent-Length: 0\r\n\r\n`;

describe('isInDialogRequest', () => {
  const table: { name: string; text: string; want: boolean }[] = [
    { name: 'a session refresh (UPDATE with a To tag)', text: message('UPDATE sip:b@x.invalid;transport=ws SIP/2.0', '<sip:bob@sealphone.test>;tag=b1'), want: true },
    { name: 'a re-INVITE', text: message('INVITE sip:b@x.invalid;transport=ws SIP/2.0', '<sip:bob@sealphone.test>;tag=b1'), want: true },
    { name: 'a BYE', text: message('BYE sip:b@x.invalid;transport=ws SIP/2.0', '<sip:bob@sealphone.test>;tag=b1'), want: true },
    { name: 'an initial INVITE (no To tag)', text: message('INVITE sip:bob@sealphone.test SIP/2.0', '<sip:bob@sealphone.test>'), want: false },
    { name: 'a REGISTER', text: message('REGISTER sip:sealphone.test SIP/2.0', '<sip:alice@sealphone.test>'), want: false },
    { name: 'a MESSAGE', text: message('MESSAGE sip:bob@sealphone.test SIP/2.0', '<sip:bob@sealphone.test>'), want: false },
    { name: 'a response with a To tag', text: message('SIP/2.0 200 OK', '<sip:bob@sealphone.test>;tag=b1'), want: false },
  ];
  for (const t of table) it(t.name, () => expect(isInDialogRequest(t.text)).toBe(t.want));
});
