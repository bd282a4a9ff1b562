/**
 * A vanished peer is detected from the media path within seconds (src/sip/media-liveness.ts): ICE failed, ICE
 * disconnected past its bound, DTLS closed, inbound RTP stopped; a call on hold, or ICE that comes back, is not lost.
 * Fake timers and a fake connection whose states and byte counts the test sets.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchMediaLiveness, type DtlsTransportLike, type WatchedConnection } from '../../src/sip/media-liveness.ts';

class FakeDtls extends EventTarget implements DtlsTransportLike {
  state: RTCDtlsTransportState = 'connected';
  set(state: RTCDtlsTransportState): void {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeConnection extends EventTarget implements WatchedConnection {
  iceConnectionState: RTCIceConnectionState = 'connected';
  connectionState: RTCPeerConnectionState = 'connected';
  bytes = 0;
  dtls = new FakeDtls();
  getReceivers() {
    return [{ transport: this.dtls }, { transport: this.dtls }];
  }
  async getStats() {
    const reports = [{ type: 'inbound-rtp', bytesReceived: this.bytes }, { type: 'outbound-rtp' }];
    return { forEach: (f: (r: { type: string; bytesReceived?: number }) => void) => reports.forEach(f) };
  }
  ice(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }
}

/** RTP flowing: bytes grow at every poll for `ms`. */
async function flow(pc: FakeConnection, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 500) {
    pc.bytes += 160;
    await vi.advanceTimersByTimeAsync(500);
  }
}

describe('media liveness', () => {
  let pc: FakeConnection;
  let lost: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    pc = new FakeConnection();
    lost = [];
  });
  afterEach(() => vi.useRealTimers());
  const watch = () => watchMediaLiveness(pc, (why) => lost.push(why), { now: () => Date.now() });

  it('flowing media is not lost', async () => {
    const w = watch();
    await flow(pc, 30_000);
    expect(lost).toEqual([]);
    w.stop();
  });

  it('ICE failed is lost at once', async () => {
    watch();
    await flow(pc, 2_000);
    pc.ice('failed');
    expect(lost).toEqual(['ICE failed, connection connected']);
  });

  it('ICE disconnected for 5 s is lost; back within the bound it is not', async () => {
    watch();
    pc.ice('disconnected');
    await flow(pc, 4_000);
    pc.ice('connected');
    await flow(pc, 10_000);
    expect(lost).toEqual([]);
    pc.ice('disconnected');
    await flow(pc, 5_000);
    expect(lost).toEqual(['ICE disconnected for 5000 ms']);
  });

  it('a DTLS transport closing (the peer said goodbye at the media layer) is lost', async () => {
    watch();
    await flow(pc, 2_000);
    pc.dtls.set('closed');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lost).toEqual(['DTLS closed']);
  });

  it('a DTLS transport a renegotiation replaced (a DTLS restart) is not a lost peer', async () => {
    watch();
    await flow(pc, 2_000);
    const old = pc.dtls;
    pc.dtls = new FakeDtls(); // the receivers now use the new transport
    old.set('closed');
    await flow(pc, 3_000);
    expect(lost).toEqual([]);
    pc.dtls.set('closed'); // and then the new one goes too
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lost).toEqual(['DTLS closed']);
  });

  it('inbound RTP stopping for 6 s is lost, once', async () => {
    watch();
    await flow(pc, 3_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(lost).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/^no inbound RTP for \d+ ms$/);
    pc.ice('failed');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lost).toHaveLength(1);
  });

  it('no RTP while the call is on hold is not lost; silence after resuming is', async () => {
    const w = watch();
    await flow(pc, 3_000);
    w.setHeld(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lost).toEqual([]);
    w.setHeld(false);
    await flow(pc, 3_000);
    expect(lost).toEqual([]);
    await vi.advanceTimersByTimeAsync(7_000);
    expect(lost).toHaveLength(1);
  });

  it('media that never started is left to ICE (no silence verdict), and stop() ends the watch', async () => {
    const w = watch();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(lost).toEqual([]);
    w.stop();
    pc.ice('failed');
    expect(lost).toEqual([]);
  });
});
