/**
 * A UDP transport that has been closed (the server shutting down with transactions still open) drops what its
 * peers are asked to send: a retransmission timer that fires after the close must not throw
 * ERR_SOCKET_DGRAM_NOT_RUNNING out of a timer callback.
 */
import { createSocket } from 'node:dgram';
import { expect, it } from 'vitest';
import { startUdpTransport } from '../../../server/sip/transport/udp-transport.ts';

it('drops sends after close, says the peer is no longer open, and delivers nothing', async () => {
  const listener = createSocket('udp4');
  await new Promise<void>((resolve) => listener.bind(0, '127.0.0.1', () => resolve()));
  const received: Buffer[] = [];
  listener.on('message', (data) => received.push(data));
  const udp = await startUdpTransport('127.0.0.1', 0, { message: () => {}, streamError: () => {}, closed: () => {} });
  const peer = udp.peer('127.0.0.1', listener.address().port);
  peer.send(new TextEncoder().encode('before'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  await udp.close();
  expect(peer.open).toBe(false);
  expect(() => peer.send(new TextEncoder().encode('after'))).not.toThrow();
  await new Promise((resolve) => setTimeout(resolve, 100));
  listener.close();
  expect(received.map((b) => b.toString())).toEqual(['before']);
});
