import { describe, expect, it } from 'vitest';
import { latin1 } from '../../src/core/bytes.ts';
import { sipMessageBytes } from '../../src/sip/message-bytes.ts';

const head = (length: number): string => `NOTIFY sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: ${length}\r\n\r\n`;

describe('sipMessageBytes', () => {
  const cases: { name: string; text: string; want: number[] }[] = [
    { name: 'ASCII body', text: head(3) + 'abc', want: [0x61, 0x62, 0x63] },
    { name: 'UTF-8 text frame: é is two bytes', text: head(2) + 'é', want: [0xc3, 0xa9] },
    { name: 'binary frame as Latin-1: one byte per char', text: head(3) + latin1(new Uint8Array([0x30, 0x82, 0xff])), want: [0x30, 0x82, 0xff] },
    { name: 'no Content-Length: UTF-8', text: 'NOTIFY sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\né', want: [0xc3, 0xa9] },
    { name: 'compact l: header', text: 'NOTIFY sip:a@b SIP/2.0\r\nl: 1\r\n\r\n' + latin1(new Uint8Array([0xe9])), want: [0xe9] },
  ];
  for (const { name, text, want } of cases) {
    it(name, () => {
      const bytes = sipMessageBytes(text);
      const split = text.indexOf('\r\n\r\n') + 4;
      expect([...bytes.subarray(split)]).toEqual(want);
    });
  }
});
